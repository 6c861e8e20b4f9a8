/*
 * bgp_aggregate.c -- `aggregate-address PREFIX [summary-only]` under the
 * unicast families (FRR's syntax; RFC 4271 section 9.2.2.2).
 *
 * DOC: per instance and family, the configured aggregates with a count
 * of the dests whose best path is a more specific of each (strictly
 * longer and covered), by ORIGIN.  bgp_rib.c's dest_changed() calls
 * bgp_aggregate_dest() after every decision: a dest is counted once
 * (bgp_dest.agg_counted: 0, or its best path's ORIGIN + 1), into every
 * aggregate covering it.  An aggregate with at least one contributor is
 * a local path (BGP_LOCAL_AGGREGATE) of its prefix: empty AS_PATH, next
 * hop self on export, never installed in the kernel, with the ORIGIN
 * RFC 4271 section 9.2.2.2 gives it: INCOMPLETE if a contributor is,
 * else EGP if one is, else IGP.  summary-only: while the aggregate is
 * advertised, its more specifics are not (bgp_aggregate_suppressed(),
 * asked by bgp_export.c); a change of that state re-exports the covered
 * dests.  Nested aggregates work: an active inner one is a contributor
 * of an outer one.
 * Known gaps: no as-set (the AS_PATH is empty and ATOMIC_AGGREGATE and
 * AGGREGATOR, RFC 4271 sections 5.1.6 and 5.1.7, are not attached), no
 * route-map on the aggregate, no blackhole route for it in the kernel;
 * a summary-only change walks the family's table synchronously
 * (TODO(#4): the runner).
 */
#include "bgp_local.h"

#include <stdlib.h>
#include <string.h>

#include "bgp_proto.h"
#include "bgp_rib_local.h"

struct aggr_ent {
	struct ip_prefix	 pfx;
	bool			 summary_only;
	bool			 active;	/* the local path is set */
	uint8_t			 origin;	/* its ORIGIN */
	size_t			 n[3];		/* contributors by ORIGIN */
};

struct bgp_aggr {
	size_t			 n[2];		/* [BGP_FAM_IPV4], [_IPV6] */
	struct aggr_ent		*v[2];
};

/* ---- pure helpers ---- */

bool
bgp_prefix_covers(const struct ip_prefix *agg, const struct ip_prefix *p)
{
	size_t full, rest;

	if (agg->addr.af != p->addr.af || p->len <= agg->len ||
	    agg->len > ip_af_len(agg->addr.af) * 8)
		return false;
	full = agg->len / 8u;
	rest = agg->len % 8u;
	if (memcmp(agg->addr.a, p->addr.a, full) != 0)
		return false;
	return rest == 0 || ((agg->addr.a[full] ^ p->addr.a[full]) &
	    (uint8_t)(0xff00u >> rest)) == 0;
}

uint8_t
bgp_aggregate_origin(const size_t n[3])
{
	if (n[BGP_ORIGIN_INCOMPLETE] > 0)
		return BGP_ORIGIN_INCOMPLETE;
	return n[BGP_ORIGIN_EGP] > 0 ? BGP_ORIGIN_EGP : BGP_ORIGIN_IGP;
}

/* ---- state ---- */

static bool
fam_ok(enum bgp_fam f)
{
	return f == BGP_FAM_IPV4 || f == BGP_FAM_IPV6;
}

static uint8_t
counted_as(const struct bgp_dest *d)
{
	uint8_t o;

	if (d->best == NULL || d->best->attrs == NULL)
		return 0;
	o = d->best->attrs->k.origin;
	return (uint8_t)((o > BGP_ORIGIN_INCOMPLETE ? BGP_ORIGIN_INCOMPLETE :
	    o) + 1);
}

/* Dirty every dest a (summary-only) aggregate covers: their export
 * depends on whether it is advertised. */
static void
dirty_covered(struct bgp *bgp, enum bgp_fam f, const struct ip_prefix *agg)
{
	struct bgp_rib *rib = &bgp->rib[f];
	struct bgp_dest *d;
	struct ip_prefix p;

	TAILQ_FOREACH(d, &rib->order, entry) {
		bgp_dest_prefix(d, f, &p);
		if (bgp_prefix_covers(agg, &p))
			bgp_adjout_dirty(bgp, rib, d);
	}
}

/* Set or remove the aggregate's local path per its contributors.  May
 * recurse through dest_changed() into an outer aggregate. */
static void
aggr_sync(struct bgp *bgp, enum bgp_fam f, struct aggr_ent *a)
{
	bool want = a->n[0] + a->n[1] + a->n[2] > 0;
	uint8_t origin = bgp_aggregate_origin(a->n);
	bool flip = want != a->active;

	if (!flip && (!want || origin == a->origin))
		return;
	a->active = want;
	a->origin = origin;
	bgp_rib_local_set(bgp, f, BGP_LOCAL_AGGREGATE, &a->pfx, want, origin);
	if (flip && a->summary_only)
		dirty_covered(bgp, f, &a->pfx);
}

void
bgp_aggregate_dest(struct bgp *bgp, struct bgp_rib *rib, struct bgp_dest *d)
{
	struct bgp_aggr *ag = bgp->aggr;
	enum bgp_fam f = rib->fam;
	uint8_t was = d->agg_counted, now;
	struct ip_prefix p;

	if (ag == NULL || !fam_ok(f) || ag->n[f] == 0 ||
	    (now = counted_as(d)) == was)
		return;
	d->agg_counted = now;
	bgp_dest_prefix(d, f, &p);
	for (size_t i = 0; i < ag->n[f]; i++) {
		struct aggr_ent *a = &ag->v[f][i];

		if (!bgp_prefix_covers(&a->pfx, &p))
			continue;
		if (was != 0)
			a->n[was - 1]--;
		if (now != 0)
			a->n[now - 1]++;
	}
	for (size_t i = 0; i < ag->n[f]; i++)
		if (bgp_prefix_covers(&ag->v[f][i].pfx, &p))
			aggr_sync(bgp, f, &ag->v[f][i]);
}

bool
bgp_aggregate_suppressed(const struct bgp *bgp, enum bgp_fam f,
    const struct bgp_dest *d)
{
	const struct bgp_aggr *ag = bgp->aggr;
	struct ip_prefix p;
	bool have = false;

	if (ag == NULL || !fam_ok(f))
		return false;
	for (size_t i = 0; i < ag->n[f]; i++) {
		const struct aggr_ent *a = &ag->v[f][i];

		if (!a->summary_only || !a->active)
			continue;
		if (!have) {
			bgp_dest_prefix(d, f, &p);
			have = true;
		}
		if (bgp_prefix_covers(&a->pfx, &p))
			return true;
	}
	return false;
}

/* The entry of old for pfx, or NULL. */
static const struct aggr_ent *
aggr_find(const struct aggr_ent *v, size_t n, const struct ip_prefix *pfx)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].pfx.len == pfx->len && ip_eq(&v[i].pfx.addr,
		    &pfx->addr))
			return &v[i];
	return NULL;
}

/* Count every dest of family f into the (new) aggregates again; an
 * aggregate is synced as soon as it has a contributor. */
static void
recount(struct bgp *bgp, enum bgp_fam f)
{
	struct bgp_dest *d;

	/* forget first: a dest counted through recursion below (an
	 * aggregate's own dest) must not be reset after it */
	TAILQ_FOREACH(d, &bgp->rib[f].order, entry)
		d->agg_counted = 0;
	TAILQ_FOREACH(d, &bgp->rib[f].order, entry)
		bgp_aggregate_dest(bgp, &bgp->rib[f], d);
}

static void
fam_reconfigure(struct bgp *bgp, enum bgp_fam f)
{
	struct bgp_aggr *ag = bgp->aggr;
	const struct bgp_conf_unicast *u = bgp->inst != NULL ?
	    &bgp->inst->unicast[f] : NULL;
	struct aggr_ent *old = ag->v[f];
	size_t nold = ag->n[f], n = u != NULL ? u->naggregates : 0;
	const struct aggr_ent *o;

	ag->v[f] = n > 0 ? xcalloc(n, sizeof(*ag->v[f])) : NULL;
	ag->n[f] = n;
	for (size_t i = 0; i < n; i++) {
		struct aggr_ent *a = &ag->v[f][i];

		a->pfx = u->aggregates[i].pfx;
		a->summary_only = u->aggregates[i].summary_only;
		/* the local path it had stays until aggr_sync() says */
		if ((o = aggr_find(old, nold, &a->pfx)) != NULL) {
			a->active = o->active;
			a->origin = o->origin;
		}
	}
	recount(bgp, f);
	for (size_t i = 0; i < nold; i++)
		if (old[i].active && aggr_find(ag->v[f], n, &old[i].pfx) ==
		    NULL)
			bgp_rib_local_set(bgp, f, BGP_LOCAL_AGGREGATE,
			    &old[i].pfx, false, old[i].origin);
	for (size_t i = 0; i < ag->n[f]; i++)
		aggr_sync(bgp, f, &ag->v[f][i]);
	free(old);
}

void
bgp_aggregate_reconfigure(struct bgp *bgp)
{
	if (bgp->aggr == NULL)
		bgp->aggr = xcalloc(1, sizeof(*bgp->aggr));
	fam_reconfigure(bgp, BGP_FAM_IPV4);
	fam_reconfigure(bgp, BGP_FAM_IPV6);
}

bool
bgp_aggregate_any(const struct bgp *bgp, enum bgp_fam f)
{
	return bgp->aggr != NULL && fam_ok(f) && bgp->aggr->n[f] > 0;
}

void
bgp_aggregate_free(struct bgp *bgp)
{
	if (bgp->aggr == NULL)
		return;
	free(bgp->aggr->v[0]);
	free(bgp->aggr->v[1]);
	free(bgp->aggr);
	bgp->aggr = NULL;
}

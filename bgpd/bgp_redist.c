/*
 * bgp_redist.c -- `redistribute connected|static|kernel` under the
 * unicast families: the prefixes the kernel watcher reported (bgp.h:
 * bgp_redist_set) and their origination as local routes.
 *
 * DOC: bgpd keeps every reported prefix with the set of kinds that
 * currently make it (one bit per enum bgp_redist_kind), whether or not
 * the configuration redistributes that kind, so a later
 * `redistribute KIND` (bgp_reconfigure -> bgp_redist_reconfigure) needs
 * nothing from the kernel.  A prefix is originated as local path
 * BGP_LOCAL_REDIST (ORIGIN INCOMPLETE, RFC 4271 section 5.1.1: "learned
 * by some other means", as FRR does) when one of its kinds is
 * redistributed in its family, and withdrawn when none is.  A `network`
 * statement for the same prefix is another local path (ORIGIN IGP, which
 * wins the decision).  Known gap: the route's metric is not carried as
 * MED (FRR does), and no route-map applies to redistribution.
 */
#include "bgp_local.h"

#include <stdlib.h>
#include <string.h>

#include "bgp_proto.h"
#include "bgp_rib_local.h"

#define REDIST_BUCKETS	256

struct redist_ent {
	struct redist_ent	*next;
	uint64_t		 hash;
	struct ip_prefix	 pfx;
	uint8_t			 kinds;		/* 1 << enum bgp_redist_kind */
};

struct bgp_redist {
	struct redist_ent	**b;
	size_t			 nb;
	size_t			 n;
};

struct bgp_redist *
bgp_redist_new(void)
{
	struct bgp_redist *r = xcalloc(1, sizeof(*r));

	r->nb = REDIST_BUCKETS;
	r->b = xcalloc(r->nb, sizeof(*r->b));
	return r;
}

void
bgp_redist_free(struct bgp *bgp)
{
	struct bgp_redist *r = bgp->redist;

	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nb; i++) {
		struct redist_ent *e, *next;

		for (e = r->b[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(r->b);
	free(r);
	bgp->redist = NULL;
}

static uint64_t
pfx_hash(const struct bgp *bgp, const struct ip_prefix *p)
{
	uint8_t key[18];

	key[0] = p->addr.af;
	key[1] = p->len;
	memcpy(key + 2, p->addr.a, 16);
	return siphash24(&bgp->adjout->key, key, sizeof(key));
}

static void
redist_grow(struct bgp_redist *r)
{
	size_t nb = r->nb * 2;
	struct redist_ent **b = xcalloc(nb, sizeof(*b));

	for (size_t i = 0; i < r->nb; i++) {
		struct redist_ent *e, *next;

		for (e = r->b[i]; e != NULL; e = next) {
			next = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	}
	free(r->b);
	r->b = b;
	r->nb = nb;
}

/* The entry's slot (*slot NULL: not known). */
static struct redist_ent **
redist_find(struct bgp *bgp, const struct ip_prefix *p, uint64_t h)
{
	struct redist_ent **pp = &bgp->redist->b[h & (bgp->redist->nb - 1)];

	for (; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->hash == h && (*pp)->pfx.len == p->len &&
		    ip_eq(&(*pp)->pfx.addr, &p->addr))
			break;
	return pp;
}

static uint8_t
conf_kinds(const struct bgp *bgp, enum bgp_fam f)
{
	const struct bgp_conf_unicast *u;

	if (bgp->inst == NULL)
		return 0;
	u = &bgp->inst->unicast[f];
	return (uint8_t)((u->redistribute_connected ? 1u <<
	    BGP_REDIST_CONNECTED : 0) | (u->redistribute_static ? 1u <<
	    BGP_REDIST_STATIC : 0) | (u->redistribute_kernel ? 1u <<
	    BGP_REDIST_KERNEL : 0));
}

bool
bgp_has_local_routes(const struct bgp *bgp, enum bgp_fam f)
{
	return bgp->inst != NULL && f <= BGP_FAM_IPV6 &&
	    (bgp->inst->unicast[f].nnetworks > 0 || conf_kinds(bgp, f) != 0);
}

static enum bgp_fam
fam_of_pfx(const struct ip_prefix *p)
{
	return p->addr.af == IP_AF_V4 ? BGP_FAM_IPV4 : BGP_FAM_IPV6;
}

static void
redist_sync(struct bgp *bgp, const struct redist_ent *e)
{
	enum bgp_fam f = fam_of_pfx(&e->pfx);

	bgp_rib_local_set(bgp, f, BGP_LOCAL_REDIST, &e->pfx,
	    (e->kinds & conf_kinds(bgp, f)) != 0, BGP_ORIGIN_INCOMPLETE);
}

void
bgp_redist_set(struct bgp *bgp, enum bgp_redist_kind kind,
    const struct ip_prefix *pfx, bool add)
{
	struct bgp_redist *r = bgp->redist;
	uint64_t h;
	struct redist_ent **pp, *e;

	if ((pfx->addr.af != IP_AF_V4 && pfx->addr.af != IP_AF_V6) ||
	    pfx->len > ip_af_len(pfx->addr.af) * 8)
		return;
	h = pfx_hash(bgp, pfx);
	pp = redist_find(bgp, pfx, h);
	if ((e = *pp) == NULL) {
		if (!add)
			return;
		e = xcalloc(1, sizeof(*e));
		e->hash = h;
		e->pfx = *pfx;
		*pp = e;
		if (++r->n > r->nb)
			redist_grow(r);
		pp = redist_find(bgp, pfx, h);
	}
	if (add)
		e->kinds |= (uint8_t)(1u << kind);
	else
		e->kinds &= (uint8_t)~(1u << kind);
	redist_sync(bgp, e);
	if (e->kinds == 0) {
		*pp = e->next;
		r->n--;
		free(e);
	}
}

void
bgp_redist_reconfigure(struct bgp *bgp)
{
	struct bgp_redist *r = bgp->redist;

	/* TODO(#4): a runner slice; the set is a host's routes, small. */
	for (size_t i = 0; i < r->nb; i++) {
		const struct redist_ent *e;

		for (e = r->b[i]; e != NULL; e = e->next)
			redist_sync(bgp, e);
	}
}

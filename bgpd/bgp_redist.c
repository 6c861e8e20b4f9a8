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
#include "htab.h"

struct redist_ent {
	struct htab_ent		 te;		/* key: af, len, address */
	struct ip_prefix	 pfx;
	uint8_t			 kinds;		/* 1 << enum bgp_redist_kind */
};

struct bgp_redist {
	struct htab		 tab;
};

struct bgp_redist *
bgp_redist_new(const struct siphash_key *k)
{
	struct bgp_redist *r = xcalloc(1, sizeof(*r));

	htab_init(&r->tab, k);
	return r;
}

void
bgp_redist_free(struct bgp *bgp)
{
	struct bgp_redist *r = bgp->redist;
	struct htab_ent *e, *cur = NULL;
	size_t b = 0;

	if (r == NULL)
		return;
	while ((e = htab_next(&r->tab, &b, &cur)) != NULL)
		free(e);
	htab_fini(&r->tab);
	free(r);
	bgp->redist = NULL;
}

static size_t
pfx_key(const struct ip_prefix *p, uint8_t *key)
{
	key[0] = p->addr.af;
	key[1] = p->len;
	memcpy(key + 2, p->addr.a, 16);
	return 18;
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
	    (bgp->root != NULL || bgp->inst->unicast[f].nnetworks > 0 ||
	    bgp_aggregate_any(bgp, f) || conf_kinds(bgp, f) != 0);
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
	struct htab *t = &bgp->redist->tab;
	uint8_t key[HTAB_KEY_MAX];
	size_t klen;
	struct redist_ent *e;

	if ((pfx->addr.af != IP_AF_V4 && pfx->addr.af != IP_AF_V6) ||
	    pfx->len > ip_af_len(pfx->addr.af) * 8)
		return;
	klen = pfx_key(pfx, key);
	e = (struct redist_ent *)(void *)htab_find(t, key, klen);
	if (e == NULL) {
		if (!add)
			return;
		e = (struct redist_ent *)(void *)htab_get(t, key, klen,
		    sizeof(*e), NULL);
		e->pfx = *pfx;
	}
	if (add)
		e->kinds |= (uint8_t)(1u << kind);
	else
		e->kinds &= (uint8_t)~(1u << kind);
	redist_sync(bgp, e);
	if (e->kinds == 0) {
		htab_del(t, &e->te);
		free(e);
	}
}

void
bgp_redist_reconfigure(struct bgp *bgp)
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0;

	/* TODO(#4): a runner slice; the set is a host's routes, small. */
	while ((e = htab_next(&bgp->redist->tab, &b, &cur)) != NULL)
		redist_sync(bgp, (const struct redist_ent *)(void *)e);
}

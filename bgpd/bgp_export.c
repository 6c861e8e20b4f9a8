/*
 * bgp_export.c -- what one update group is told about one dest: the best
 * path's attributes transformed per the group's kind, or nothing.
 *
 * DOC: rules, in order (bgp_export()):
 *   - no best path, or its attrs NULL: nothing;
 *   - to EBGP with no outbound route-map while ebgp-requires-policy:
 *     nothing (RFC 8212 section 3);
 *   - IBGP-learned to IBGP only when reflecting (RFC 4456 section 6):
 *     from a client to every IBGP peer, from a non-client to clients
 *     only; ORIGINATOR_ID set when absent (the source's BGP identifier),
 *     our CLUSTER_ID prepended to CLUSTER_LIST (section 8); NEXT_HOP
 *     and all other attributes unchanged;
 *   - local and EBGP-learned to IBGP: LOCAL_PREF set (default 100), MED
 *     kept (RFC 4271 section 5.1.5);
 *   - to EBGP: our AS prepended (RFC 4271 section 5.1.2), LOCAL_PREF,
 *     ORIGINATOR_ID and CLUSTER_LIST removed (5.1.5, RFC 4456 section 8),
 *     MED removed when the path was learned from EBGP (5.1.4; kept for
 *     local and IBGP-learned routes, as FRR does), NEXT_HOP our session
 *     address for unicast (5.1.3; EVPN keeps the VTEP address);
 *   - next-hop-self (IBGP, unicast) rewrites the next hop of local and
 *     EBGP-learned routes; local routes always get our address;
 *   - the outbound route-map last;
 *   - to a 2-octet AS peer the AS_PATH goes out with AS_TRANS and an
 *     AS4_PATH (RFC 6793 section 4.2.2), so the group's out[] attrs are
 *     in that group's wire format.
 * Split horizon: update groups are shared, so a reflected route also
 * goes back to the client it came from; that client drops it by its
 * ORIGINATOR_ID check (RFC 4456 section 8), and an EBGP sender drops
 * its own routes by its AS_PATH loop check (RFC 4271 section 9.1.2).
 * FRR behaves the same for RR clients in one update group.
 */
#include "bgp_local.h"

#include <stdlib.h>
#include <string.h>

#include "bgp_proto.h"
#include "bgp_rib_local.h"

/* Scratch for rewritten leaves; draft views point here. */
struct export_scratch {
	struct bgp_policy_scratch pol;
	uint8_t		 as_path[BGP_EXTMSG_MAX];
	uint8_t		 as4_path[BGP_EXTMSG_MAX];
	uint8_t		 cluster[BGP_MSG_MAX];
};

/* ---- AS_PATH conversions (RFC 6793) ---- */

static int
seg_put(struct wire_wr *wr, uint8_t type, const uint32_t *v, size_t n,
    uint8_t size)
{
	if (wire_wr_u8(wr, type) == -1 || wire_wr_u8(wr, (uint8_t)n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint32_t as = v[i];

		if (size == 2) {
			if (as > 0xffff)
				as = BGP_AS_TRANS;
			if (wire_wr_u16(wr, (uint16_t)as) == -1)
				return -1;
		} else if (wire_wr_u32(wr, as) == -1)
			return -1;
	}
	return 0;
}

static size_t
seg_read(struct wire_rd *asns, uint8_t size, uint32_t *v, uint8_t count)
{
	size_t n = 0;

	for (; n < count; n++) {
		uint16_t s;

		if (size == 4) {
			if (wire_rd_u32(asns, &v[n]) == -1)
				break;
		} else {
			if (wire_rd_u16(asns, &s) == -1)
				break;
			v[n] = s;
		}
	}
	return n;
}

/* Path length for the RFC 6793 section 4.2.3 merge (confeds: 0). */
static size_t
path_count(const struct wire_rd *path, uint8_t size)
{
	struct wire_rd it = *path, asns;
	uint8_t type, count;
	size_t n = 0;

	while (bgp_aspath_next(&it, size, &type, &count, &asns) == 1)
		n += type == BGP_ASPATH_SEQUENCE ? count :
		    type == BGP_ASPATH_SET ? 1 : 0;
	return n;
}

/* Copy a 4-octet path, joining adjacent AS_SEQUENCEs (<= 255 ASes). */
static int
seq_join(const struct wire_rd *path, struct wire_wr *wr)
{
	struct wire_rd it = *path, asns;
	uint8_t type, count;
	uint32_t pend[255], v[255];
	size_t np = 0;

	while (bgp_aspath_next(&it, 4, &type, &count, &asns) == 1) {
		size_t n = seg_read(&asns, 4, v, count);

		if (type == BGP_ASPATH_SEQUENCE && np + n <= 255) {
			memcpy(pend + np, v, n * sizeof(*v));
			np += n;
			continue;
		}
		if (np > 0 && seg_put(wr, BGP_ASPATH_SEQUENCE, pend, np, 4) ==
		    -1)
			return -1;
		np = 0;
		if (type == BGP_ASPATH_SEQUENCE) {
			memcpy(pend, v, n * sizeof(*v));
			np = n;
		} else if (seg_put(wr, type, v, n, 4) == -1)
			return -1;
	}
	if (np > 0)
		return seg_put(wr, BGP_ASPATH_SEQUENCE, pend, np, 4);
	return 0;
}

void
bgp_aspath_to4(struct bgp_attrs *a, uint8_t *scratch, size_t cap)
{
	uint8_t *tmp = xmalloc(BGP_EXTMSG_MAX);
	struct wire_wr wr, out;
	struct wire_rd it = a->as_path, asns, whole;
	uint8_t type, count;
	uint32_t v[255];
	size_t keep = SIZE_MAX, n4, n2;
	bool merge = bgp_attrs_has(a, BGP_ATTR_AS4_PATH);

	/* RFC 6793 section 4.2.3: AS4_PATH longer than AS_PATH is
	 * ignored; else the leading ASes of AS_PATH, then AS4_PATH. */
	if (merge) {
		n2 = path_count(&a->as_path, 2);
		n4 = path_count(&a->as4_path, 4);
		if (n4 > n2)
			merge = false;
		else
			keep = n2 - n4;
	}
	wire_wr_init(&wr, tmp, BGP_EXTMSG_MAX);
	while (keep > 0 && bgp_aspath_next(&it, 2, &type, &count, &asns) ==
	    1) {
		size_t n = seg_read(&asns, 2, v, count);

		if (merge && (type == BGP_ASPATH_SEQUENCE ||
		    type == BGP_ASPATH_SET)) {
			if (type == BGP_ASPATH_SEQUENCE && n > keep)
				n = keep;
			keep -= type == BGP_ASPATH_SET ? 1 : n;
		}
		if (n > 0 && seg_put(&wr, type, v, n, 4) == -1)
			break;
	}
	if (!merge || wire_wr_view_bytes(&wr, &a->as4_path) == 0) {
		wire_wr_view(&wr, &whole);
		wire_wr_init(&out, scratch, cap);
		if (seq_join(&whole, &out) == 0) {
			wire_wr_view(&out, &a->as_path);
			a->as_path_size = 4;
		}
	}
	free(tmp);
}

/* RFC 6793 section 4.2.2: 2-octet AS_PATH (AS_TRANS) plus AS4_PATH. */
static void
aspath_to2(struct bgp_attrs *a, struct export_scratch *sc)
{
	struct wire_wr w2, w4;
	struct wire_rd it = a->as_path, asns;
	uint8_t type, count;
	uint32_t v[255];
	bool big = false;

	wire_wr_init(&w2, sc->as4_path, sizeof(sc->as4_path));
	wire_wr_init(&w4, sc->as_path, sizeof(sc->as_path));
	/* as_path may point into sc->as_path: copy it to as4 first. */
	while (bgp_aspath_next(&it, 4, &type, &count, &asns) == 1) {
		size_t n = seg_read(&asns, 4, v, count);

		for (size_t i = 0; i < n; i++)
			big |= v[i] > 0xffff;
		if (seg_put(&w2, type, v, n, 2) == -1)
			return;
	}
	/* w2 (in as4_path scratch) now holds the 2-octet path; the 4-octet
	 * one (without confed segments) goes to AS4_PATH. */
	it = a->as_path;
	if (big) {
		uint8_t *tmp = xmalloc(BGP_EXTMSG_MAX);
		struct wire_wr wt;
		struct wire_rd v4;

		wire_wr_init(&wt, tmp, BGP_EXTMSG_MAX);
		while (bgp_aspath_next(&it, 4, &type, &count, &asns) == 1) {
			size_t n = seg_read(&asns, 4, v, count);

			if (type != BGP_ASPATH_CONFED_SEQUENCE &&
			    type != BGP_ASPATH_CONFED_SET &&
			    seg_put(&wt, type, v, n, 4) == -1)
				break;
		}
		wire_wr_view(&wt, &v4);
		if (wire_wr_view_bytes(&w4, &v4) == -1)
			fatalx("%s: as4", __func__);
		free(tmp);
		/* swap: AS_PATH from w2's buffer, AS4_PATH from w4's */
		wire_wr_view(&w2, &a->as_path);
		wire_wr_view(&w4, &a->as4_path);
		bgp_attrs_set(a, BGP_ATTR_AS4_PATH);
	} else
		wire_wr_view(&w2, &a->as_path);
	a->as_path_size = 2;
	if (bgp_attrs_has(a, BGP_ATTR_AGGREGATOR) &&
	    a->aggregator_as > 0xffff) {
		bgp_attrs_set(a, BGP_ATTR_AS4_AGGREGATOR);
		a->as4_aggregator_as = a->aggregator_as;
		a->as4_aggregator_id = a->aggregator_id;
		a->aggregator_as = BGP_AS_TRANS;
	}
	a->aggregator_size = 2;
}

/* RFC 4271 section 5.1.2: our AS first, in the leftmost AS_SEQUENCE. */
static void
aspath_prepend(struct bgp_attrs *a, uint32_t asn, struct export_scratch *sc)
{
	struct wire_wr wr;
	struct wire_rd it = a->as_path, asns, rest;
	uint8_t type = 0, count = 0;
	bool first;

	wire_wr_init(&wr, sc->as_path, sizeof(sc->as_path));
	first = bgp_aspath_next(&it, 4, &type, &count, &asns) == 1 &&
	    type == BGP_ASPATH_SEQUENCE && count < 255;
	rest = first ? it : a->as_path;
	if (wire_wr_u8(&wr, BGP_ASPATH_SEQUENCE) == -1 ||
	    wire_wr_u8(&wr, (uint8_t)(first ? count + 1 : 1)) == -1 ||
	    wire_wr_u32(&wr, asn) == -1 ||
	    (first && wire_wr_view_bytes(&wr, &asns) == -1) ||
	    wire_wr_view_bytes(&wr, &rest) == -1)
		return;
	wire_wr_view(&wr, &a->as_path);
	bgp_attrs_set(a, BGP_ATTR_AS_PATH);
	a->as_path_size = 4;
}

/* ---- the rules ---- */

/* Our session address as the next hop, per family. */
static void
nexthop_self(struct bgp_attrs *a, const struct bgp_upgroup *g)
{
	if (g->fam == BGP_FAM_IPV4) {
		bgp_attrs_set(a, BGP_ATTR_NEXT_HOP);
		bgp_attrs_clear(a, BGP_ATTR_MP_REACH_NLRI);
		a->nexthop = g->local;
	} else if (g->fam == BGP_FAM_IPV6) {
		a->mp_reach.nh = g->local_v6;
		a->mp_reach.nh_ll.af = IP_AF_NONE;
	}
}

static bool
is_client(const struct bgp_peer *p, enum bgp_fam f)
{
	return p->conf->af[f].rr_client;
}

/* RFC 4456 section 8: ORIGINATOR_ID and CLUSTER_LIST when reflecting. */
static void
reflect(struct bgp *bgp, struct bgp_attrs *a, const struct bgp_peer *src,
    struct export_scratch *sc)
{
	struct wire_wr wr;

	if (!bgp_attrs_has(a, BGP_ATTR_ORIGINATOR_ID)) {
		bgp_attrs_set(a, BGP_ATTR_ORIGINATOR_ID);
		a->originator_id = src->remote_id;
	}
	wire_wr_init(&wr, sc->cluster, sizeof(sc->cluster));
	if (wire_wr_u32(&wr, bgp->cluster_id) == -1 ||
	    wire_wr_view_bytes(&wr, &a->cluster_list) == -1)
		return;
	wire_wr_view(&wr, &a->cluster_list);
	bgp_attrs_set(a, BGP_ATTR_CLUSTER_LIST);
}

/* IBGP group; false: not advertised. */
static bool
to_ibgp(struct bgp *bgp, const struct bgp_upgroup *g,
    const struct bgp_path *p, struct bgp_attrs *a, struct export_scratch *sc)
{
	if (p->peer != NULL && !p->peer->ebgp) {
		/* RFC 4456 section 6: non-client routes to clients only. */
		if (!is_client(p->peer, g->fam) && !g->rr_client)
			return false;
		reflect(bgp, a, p->peer, sc);
		return true;
	}
	if (!bgp_attrs_has(a, BGP_ATTR_LOCAL_PREF)) {
		bgp_attrs_set(a, BGP_ATTR_LOCAL_PREF);
		a->local_pref = BGP_DEF_LOCAL_PREF;
	}
	if (p->peer == NULL || g->nhs)
		nexthop_self(a, g);
	return true;
}

static void
to_ebgp(struct bgp *bgp, const struct bgp_upgroup *g,
    const struct bgp_path *p, struct bgp_attrs *a, struct export_scratch *sc)
{
	aspath_prepend(a, bgp->asn, sc);
	bgp_attrs_clear(a, BGP_ATTR_LOCAL_PREF);
	a->local_pref = 0;
	bgp_attrs_clear(a, BGP_ATTR_ORIGINATOR_ID);
	a->originator_id = 0;
	bgp_attrs_clear(a, BGP_ATTR_CLUSTER_LIST);
	wire_rd_init(&a->cluster_list, NULL, 0);
	if (p->peer != NULL && p->peer->ebgp) {
		bgp_attrs_clear(a, BGP_ATTR_MED);
		a->med = 0;
	}
	nexthop_self(a, g);
}

static struct bgp_path_attrs *
export_path(struct bgp *bgp, struct bgp_rib *rib, struct bgp_upgroup *g,
    const struct bgp_dest *d, struct export_scratch *sc)
{
	const struct bgp_path *p = d->best;
	struct bgp_attrs a;

	bgp_path_attrs_draft(p->attrs, &a);
	if (g->ebgp)
		to_ebgp(bgp, g, p, &a, sc);
	else if (!to_ibgp(bgp, g, p, &a, sc))
		return NULL;
	if (g->rmap_out[0] != '\0') {
		struct bgp_route_info ri;
		uint8_t route[512];
		struct wire_rd rd;
		const uint8_t *nl;
		size_t nlen;
		const char *why;

		memset(route, 0, sizeof(route));
		memset(&ri, 0, sizeof(ri));
		bgp_dest_nlri(d, &nl, &nlen);
		wire_rd_init(&rd, nl, nlen);
		if (rib->ops->route_size > sizeof(route) ||
		    rib->ops->decode(&rd, false, route, &why) == -1)
			return NULL;
		rib->ops->info(route, &ri);
		if (!bgp_policy_apply(bgp->conf, g->rmap_out, &ri, &a,
		    &sc->pol))
			return NULL;
	}
	if (!g->as4)
		aspath_to2(&a, sc);
	return bgp_attrs_intern(bgp->intern, &a);
}

struct bgp_path_attrs *
bgp_export(struct bgp *bgp, struct bgp_rib *rib, struct bgp_upgroup *g,
    const struct bgp_dest *d)
{
	struct export_scratch *sc;
	struct bgp_path_attrs *out;
	const struct bgp_path *p = d->best;

	if (p == NULL || p->attrs == NULL ||
	    bgp_aggregate_suppressed(bgp, rib->fam, d))
		return NULL;
	/* RFC 8212 section 3: no export policy, nothing to EBGP. */
	if (g->ebgp && g->rmap_out[0] == '\0' && bgp->inst != NULL &&
	    bgp->inst->ebgp_requires_policy)
		return NULL;
	/* Without a route-map the result depends on the attrs and the
	 * path's source only: cache the last one (packing thousands
	 * of routes with one attribute set costs one transform), a "not
	 * advertised" too -- on a VTEP every IBGP-learned route is one,
	 * and each miss costs a ~150 KB scratch allocation (bench/move:
	 * a tenth of a 100k move's CPU went to its page faults). */
	if (g->rmap_out[0] == '\0' && g->cache_in == p->attrs &&
	    g->cache_src == p->peer && (g->cache_out != NULL ||
	    g->cache_none))
		return g->cache_none ? NULL : bgp_path_attrs_ref(g->cache_out);
	sc = xmalloc(sizeof(*sc));
	out = export_path(bgp, rib, g, d, sc);
	free(sc);
	if (g->rmap_out[0] == '\0') {
		bgp_export_cache_clear(bgp, g);
		g->cache_src = p->peer;
		g->cache_in = bgp_path_attrs_ref(p->attrs);
		g->cache_out = out != NULL ? bgp_path_attrs_ref(out) : NULL;
		g->cache_none = out == NULL;
	}
	return out;
}

void
bgp_export_cache_clear(struct bgp *bgp, struct bgp_upgroup *g)
{
	if (g->cache_in != NULL)
		bgp_path_attrs_unref(bgp->intern, g->cache_in);
	if (g->cache_out != NULL)
		bgp_path_attrs_unref(bgp->intern, g->cache_out);
	g->cache_in = g->cache_out = NULL;
	g->cache_src = NULL;
	g->cache_none = false;
}

/*
 * bgp_decide.c -- best path selection (RFC 4271 section 9.1.2.2, with
 * the tie-breaks of RFC 4456 section 9 and the usual ones after them).
 *
 * DOC: the order, first difference wins:
 *   1. a path whose attrs are NULL (denied by import, or our AS in its
 *      AS_PATH) is not eligible;
 *   2. highest LOCAL_PREF (absent: 100; EBGP-learned paths have none
 *      unless import policy set one);
 *   3. locally originated (peer NULL) over learned, except a VRF
 *      instance's EVPN prefixes (BGP_LOCAL_EVPN, bgp_vrf_evpn_set()),
 *      which rank below learned paths: a prefix a router advertises is
 *      reached through that router (it goes into the VRF's table and is
 *      exported as type-5), not through another gateway of the fabric;
 *      otherwise two gateways would each prefer the other's type-5;
 *   4. shortest AS_PATH (AS_SET counts 1, confederation segments 0);
 *   5. lowest ORIGIN;
 *   6. lowest MED, only between paths from the same neighbouring AS
 *      (leftmost AS of the AS_PATH); absent MED is 0;
 *   7. EBGP-learned over IBGP-learned;
 *   8. lowest router id: ORIGINATOR_ID when present (RFC 4456 section 9),
 *      else the peer's BGP identifier;
 *   9. shortest CLUSTER_LIST (RFC 4456 section 9);
 *  10. lowest peer address.
 *
 * Multipath (`maximum-paths N` for EBGP, `maximum-paths ibgp N`): RFC
 * 4271 does not define it; the usual rules (FRR's, Cisco's) are that a
 * path is multipath-equal to the best when steps 1 to 7 tie: same
 * LOCAL_PREF, AS_PATH length, ORIGIN and MED, both EBGP or both IBGP,
 * and the same neighbouring AS unless `bgp bestpath as-path
 * multipath-relax` (then any AS_PATH of the same length).  The best
 * path's next hop comes first, then the others' in decision order, one
 * per distinct next hop, up to N (default 1).  Only paths learned from
 * peers are installed: a local best path (`network`, redistributed) is
 * the kernel's own already.  With `bgp no-rib` nothing is installed, and
 * turning it on removes what was (the flush reports n == 0).
 */
#include "bgp_local.h"

#include <stdlib.h>
#include <string.h>

#include "bgp_proto.h"
#include "bgp_rib_local.h"

uint16_t
bgp_aspath_count(const struct bgp_path_attrs *s)
{
	const struct bgp_blob *b = s->k.as_path;
	struct wire_rd it, asns;
	uint8_t type, count;
	unsigned n = 0;

	if (b == NULL)
		return 0;
	wire_rd_init(&it, b->data, b->len);
	while (bgp_aspath_next(&it, s->k.as_path_size == 2 ? 2 : 4, &type,
	    &count, &asns) == 1) {
		if (type == BGP_ASPATH_SEQUENCE)
			n += count;
		else if (type == BGP_ASPATH_SET)
			n += 1;
	}
	return n > 0xffff ? 0xffff : (uint16_t)n;
}

/* The leftmost AS of the first AS_SEQUENCE; 0: none (local). */
static uint32_t
neighbour_as(const struct bgp_path_attrs *s)
{
	const struct bgp_blob *b = s->k.as_path;
	struct wire_rd it, asns;
	uint8_t type, count;
	uint32_t v;

	if (b == NULL)
		return 0;
	wire_rd_init(&it, b->data, b->len);
	while (bgp_aspath_next(&it, 4, &type, &count, &asns) == 1) {
		if (type == BGP_ASPATH_CONFED_SEQUENCE ||
		    type == BGP_ASPATH_CONFED_SET)
			continue;
		if (type == BGP_ASPATH_SEQUENCE && wire_rd_u32(&asns, &v) == 0)
			return v;
		return 0;
	}
	return 0;
}

static uint32_t
local_pref(const struct bgp_path_attrs *s)
{
	if ((s->k.seen >> BGP_ATTR_LOCAL_PREF) & 1)
		return s->k.local_pref;
	return BGP_DEF_LOCAL_PREF;
}

static uint32_t
med(const struct bgp_path_attrs *s)
{
	return ((s->k.seen >> BGP_ATTR_MED) & 1) ? s->k.med : 0;
}

static uint32_t
router_id(const struct bgp *bgp, const struct bgp_path *p)
{
	if ((p->attrs->k.seen >> BGP_ATTR_ORIGINATOR_ID) & 1)
		return p->attrs->k.originator_id;
	return p->peer != NULL ? p->peer->remote_id : bgp->router_id;
}

static size_t
cluster_len(const struct bgp_path *p)
{
	const struct bgp_blob *b = p->attrs->k.cluster_list;

	return b != NULL ? b->len / 4 : 0;
}

#define CMP(a, b)	((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

/* Steps 6 to 10. */
static int
cmp_late(const struct bgp *bgp, const struct bgp_path *a,
    const struct bgp_path *b)
{
	bool ae = a->peer != NULL && a->peer->ebgp;
	bool be = b->peer != NULL && b->peer->ebgp;
	int c;

	/* RFC 4271 9.1.2.2 c): MED only within one neighbouring AS. */
	if (neighbour_as(a->attrs) == neighbour_as(b->attrs) &&
	    (c = CMP(med(a->attrs), med(b->attrs))) != 0)
		return c;
	/* d) EBGP over IBGP */
	if (ae != be)
		return ae ? -1 : 1;
	/* f) lowest BGP Identifier; RFC 4456 section 9: ORIGINATOR_ID. */
	if ((c = CMP(router_id(bgp, a), router_id(bgp, b))) != 0)
		return c;
	/* RFC 4456 section 9: shorter CLUSTER_LIST. */
	if ((c = CMP(cluster_len(a), cluster_len(b))) != 0)
		return c;
	/* g) lowest peer address */
	if (a->peer == NULL || b->peer == NULL)
		return a->peer == NULL ? -1 : b->peer == NULL ? 1 : 0;
	if ((c = CMP(a->peer->addr.af, b->peer->addr.af)) != 0)
		return c;
	if ((c = memcmp(a->peer->addr.a, b->peer->addr.a, 16)) != 0)
		return c;
	return CMP(a->path_id, b->path_id);
}

/* Step 3: 0 local, 1 learned, 2 a VRF instance's EVPN prefix. */
static int
origin_rank(const struct bgp_path *p)
{
	if (p->peer != NULL)
		return 1;
	return p->path_id == BGP_LOCAL_EVPN ? 2 : 0;
}

int
bgp_path_cmp(const struct bgp *bgp, const struct bgp_path *a,
    const struct bgp_path *b)
{
	int c;

	if (a->attrs == NULL || b->attrs == NULL)
		return a->attrs != NULL ? -1 : b->attrs != NULL ? 1 : 0;
	/* RFC 4271 9.1.1: degree of preference = LOCAL_PREF. */
	if ((c = CMP(local_pref(b->attrs), local_pref(a->attrs))) != 0)
		return c;
	if ((c = CMP(origin_rank(a), origin_rank(b))) != 0)
		return c;
	/* 9.1.2.2 a) */
	if ((c = CMP(a->aspath_len, b->aspath_len)) != 0)
		return c;
	/* b) */
	if ((c = CMP(a->attrs->k.origin, b->attrs->k.origin)) != 0)
		return c;
	return cmp_late(bgp, a, b);
}

bool
bgp_decide(struct bgp *bgp, struct bgp_rib *rib, struct bgp_dest *d)
{
	struct bgp_path *best = NULL, *p;
	bool changed;

	for (p = d->paths; p != NULL; p = p->next)
		if (p->attrs != NULL &&
		    (best == NULL || bgp_path_cmp(bgp, p, best) < 0))
			best = p;
	/* Same path object: its attrs cannot have changed (a replaced path
	 * is a new object), except by soft in: always report then. */
	changed = best != d->best || best != NULL;
	if (best != d->best)
		rib->version++;
	d->best = best;
	return changed;
}

/* ---- multipath and the kernel (bgp.h: rib_change) ---- */

static bool
mpath_eq(const struct bgp *bgp, const struct bgp_path *best,
    const struct bgp_path *p)
{
	const struct bgp_path_attrs *a = p->attrs, *b = best->attrs;

	if (a == NULL || p->peer == NULL ||
	    local_pref(a) != local_pref(b) ||
	    p->aspath_len != best->aspath_len ||
	    a->k.origin != b->k.origin || med(a) != med(b) ||
	    p->peer->ebgp != best->peer->ebgp)
		return false;
	return bgp->inst->multipath_relax ||
	    neighbour_as(a) == neighbour_as(b);
}

/* p's next hop when it is of family af and not unspecified. */
static bool
nh_usable(const struct bgp_path *p, uint8_t af, struct ip_addr *nh)
{
	static const uint8_t zero[16];
	const struct ip_addr *a = &p->attrs->k.nexthop;

	if (a->af != af || memcmp(a->a, zero, ip_af_len(af)) == 0)
		return false;
	*nh = *a;
	return true;
}

static bool
nh_in(const struct ip_addr *nh, size_t n, const struct ip_addr *a)
{
	for (size_t i = 0; i < n; i++)
		if (ip_eq(&nh[i], a))
			return true;
	return false;
}

size_t
bgp_multipath(const struct bgp *bgp, enum bgp_fam f,
    const struct bgp_dest *d, struct ip_addr *nh)
{
	const struct bgp_path *best = d->best, *p, *pick;
	uint8_t af = f == BGP_FAM_IPV4 ? IP_AF_V4 : IP_AF_V6;
	const struct bgp_conf_unicast *u;
	size_t n, max;
	struct ip_addr a;

	if (best == NULL || best->peer == NULL || bgp->inst == NULL ||
	    best->attrs == NULL || !nh_usable(best, af, &nh[0]))
		return 0;
	u = &bgp->inst->unicast[f];
	max = best->peer->ebgp ? u->maximum_paths : u->maximum_paths_ibgp;
	if (max == 0)
		max = 1;
	if (max > BGP_RIB_NEXTHOPS_MAX)
		max = BGP_RIB_NEXTHOPS_MAX;
	for (n = 1; n < max; n++) {
		pick = NULL;
		for (p = d->paths; p != NULL; p = p->next)
			if (p != best && mpath_eq(bgp, best, p) &&
			    nh_usable(p, af, &a) && !nh_in(nh, n, &a) &&
			    (pick == NULL || bgp_path_cmp(bgp, p, pick) < 0))
				pick = p;
		if (pick == NULL || !nh_usable(pick, af, &nh[n]))
			break;
	}
	return n;
}

static int
addr_cmp(const void *x, const void *y)
{
	return memcmp(x, y, sizeof(struct ip_addr));
}

void
bgp_decide_fib(struct bgp *bgp, struct bgp_rib *rib, struct bgp_dest *d)
{
	struct ip_addr nh[BGP_RIB_NEXTHOPS_MAX];
	struct ip_prefix pfx;
	uint64_t h = 0;
	size_t n = 0;

	if (bgp->rib_change == NULL ||
	    (rib->fam != BGP_FAM_IPV4 && rib->fam != BGP_FAM_IPV6))
		return;
	if (!bgp->conf->no_rib)
		n = bgp_multipath(bgp, rib->fam, d, nh);
	if (n > 0) {
		qsort(nh, n, sizeof(nh[0]), addr_cmp);
		h = siphash24(&bgp->adjout->key, nh, n * sizeof(nh[0])) | 1;
	}
	if (h == d->fib_hash)
		return;
	d->fib_hash = h;
	bgp_dest_prefix(d, rib->fam, &pfx);
	bgp->rib_change(bgp->rib_arg, bgp->table, &pfx, nh, n);
}

/*
 * bgp_policy.c -- route-maps and prefix-lists over one route
 * (bgp_policy_apply(), bgp_plist_permits(); bgp_local.h).
 *
 * DOC: FRR semantics.
 *   Prefix-list: entries in ascending sequence, the first that matches
 *   decides (permit or deny); none matching, or no list of that name and
 *   address family, denies.  An entry matches a prefix that lies inside
 *   its prefix and whose length is: exactly the entry's without ge/le;
 *   ge..le with both; ge..max (32 or 128) with ge alone; len..le with le
 *   alone.
 *   Route-map: entries in ascending sequence; an entry matches when every
 *   match clause it has matches (none: it matches everything).  The first
 *   matching entry decides: deny, or permit with its set clauses applied
 *   to the draft.  No matching entry, or no route-map of that name: deny
 *   (FRR's implicit deny).
 *
 * Set clauses write new attribute values into the caller's scratch and
 * point the draft's views there.  The draft may already point into the
 * same scratch (a second route-map over one draft), so each value is
 * built on the stack first and then copied.  A result larger than the
 * scratch (BGP_MSG_MAX: it could not be sent in a standard message
 * anyway) denies the route; the draft is then partly changed and must be
 * discarded, as after any deny.
 *
 * Attribute codes and flags: RFC 4271 section 5 (well-known LOCAL_PREF,
 * AS_PATH, NEXT_HOP; optional MED), RFC 1997 (COMMUNITIES, optional
 * transitive), RFC 4360 (EXTENDED COMMUNITIES, optional transitive).
 */
#include <string.h>

#include "bgp_local.h"
#include "bgp_proto.h"
#include "log.h"
#include "wire.h"

#define AS_SEG_MAX	255	/* RFC 4271 section 4.3: one-octet count */

/* ---- prefix-lists ---- */

/* Whether the first bits of pfx equal those of the entry's prefix. */
static bool
prefix_covers(const struct ip_prefix *outer, const struct ip_prefix *in)
{
	uint8_t bits = outer->len, mask;
	size_t full = bits / 8;

	if (outer->addr.af != in->addr.af || in->len < outer->len ||
	    bits > 8 * ip_af_len(in->addr.af))
		return false;
	if (memcmp(outer->addr.a, in->addr.a, full) != 0)
		return false;
	if (bits % 8 == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - bits % 8));
	return (outer->addr.a[full] & mask) == (in->addr.a[full] & mask);
}

static bool
plist_entry_match(const struct bgp_conf_plist_entry *e,
    const struct ip_prefix *pfx)
{
	unsigned lo, hi, max = 8 * (unsigned)ip_af_len(pfx->addr.af);

	if (!prefix_covers(&e->pfx, pfx))
		return false;
	if (e->ge == 0 && e->le == 0) {
		lo = e->pfx.len;
		hi = e->pfx.len;
	} else {
		lo = e->ge != 0 ? e->ge : e->pfx.len;
		hi = e->le != 0 ? e->le : max;
	}
	return pfx->len >= lo && pfx->len <= hi;
}

bool
bgp_plist_permits(const struct bgp_conf *c, const char *name,
    const struct ip_prefix *pfx)
{
	const struct bgp_conf_plist *pl;
	size_t i;

	if (pfx == NULL ||
	    (pl = bgp_conf_plist_find(c, name, pfx->addr.af)) == NULL)
		return false;
	for (i = 0; i < pl->n; i++)
		if (plist_entry_match(&pl->e[i], pfx))
			return pl->e[i].permit;
	return false;
}

/* ---- route-map match ---- */

static bool
plist_clause(const struct bgp_conf *c, const char *name, uint8_t af,
    const struct bgp_route_info *info)
{
	if (name[0] == '\0')
		return true;
	return info->has_pfx && info->pfx.addr.af == af &&
	    bgp_plist_permits(c, name, &info->pfx);
}

static bool
rmap_entry_match(const struct bgp_conf *c,
    const struct bgp_conf_rmap_entry *e, const struct bgp_route_info *info)
{
	if (!plist_clause(c, e->match_plist, IP_AF_V4, info) ||
	    !plist_clause(c, e->match_plist6, IP_AF_V6, info))
		return false;
	if (e->match_evpn_type != BGP_CONF_EVPN_ANY &&
	    info->evpn_type != (uint8_t)e->match_evpn_type)
		return false;
	if (e->match_vni_set && (!info->has_vni || info->vni != e->match_vni))
		return false;
	return true;
}

/* ---- set clauses ---- */

/* Mark type present; a new attribute gets its standard flags. */
static void
attr_mark(struct bgp_attrs *d, uint8_t type, uint8_t flags)
{
	if (!bgp_attrs_has(d, type)) {
		d->flags[type] = flags;
		bgp_attrs_set(d, type);
	}
}

static void
attr_drop(struct bgp_attrs *d, uint8_t type, struct wire_rd *view)
{
	bgp_attrs_clear(d, type);
	wire_rd_init(view, NULL, 0);
}

/* Copy what wr holds into dst (cap bytes) and point view there. */
static int
commit(const struct wire_wr *wr, uint8_t *dst, size_t cap,
    struct wire_rd *view)
{
	struct wire_rd r;

	wire_wr_view(wr, &r);
	if (wire_rd_copy(&r, dst, cap) == -1)
		return -1;
	wire_rd_init(view, dst, wire_wr_len(wr));
	return 0;
}

static bool
comm_written(const struct wire_wr *wr, uint32_t v)
{
	struct wire_rd r;
	uint32_t x;

	wire_wr_view(wr, &r);
	while (wire_rd_u32(&r, &x) == 0)
		if (x == v)
			return true;
	return false;
}

/* set community: replace, add (additive) or remove (none); RFC 1997. */
static int
set_comm(const struct bgp_conf_rmap_entry *e, struct bgp_attrs *d,
    struct bgp_policy_scratch *s)
{
	uint8_t tmp[sizeof(s->communities)];
	struct wire_wr wr;
	struct wire_rd old;
	uint32_t v;
	size_t i;

	if (e->ncomm == 0 && !e->comm_none)
		return 0;
	wire_wr_init(&wr, tmp, sizeof(tmp));
	if (e->comm_additive && !e->comm_none &&
	    bgp_attrs_has(d, BGP_ATTR_COMMUNITIES)) {
		old = d->communities;
		while (wire_rd_u32(&old, &v) == 0)
			if (wire_wr_u32(&wr, v) == -1)
				return -1;
	}
	for (i = 0; i < e->ncomm; i++)
		if (!comm_written(&wr, e->comm[i]) &&
		    wire_wr_u32(&wr, e->comm[i]) == -1)
			return -1;
	if (wire_wr_len(&wr) == 0) {
		attr_drop(d, BGP_ATTR_COMMUNITIES, &d->communities);
		return 0;
	}
	if (commit(&wr, s->communities, sizeof(s->communities),
	    &d->communities) == -1)
		return -1;
	attr_mark(d, BGP_ATTR_COMMUNITIES,
	    BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE);
	return 0;
}

/*
 * set as-path prepend: the ASNs, in the given order, in front of the
 * path.  They join the first segment when it is an AS_SEQUENCE with room
 * (RFC 4271 section 4.3: at most 255 ASNs per segment), else they form a
 * new AS_SEQUENCE in front.  4-octet ASNs: the draft's AS_PATH is in
 * RFC 6793 NEW form.
 */
static int
set_prepend(const struct bgp_conf_rmap_entry *e, struct bgp_attrs *d,
    struct bgp_policy_scratch *s)
{
	uint8_t tmp[sizeof(s->as_path)], type = 0, cnt = 0;
	struct wire_rd path, it, asns;
	struct wire_wr wr;
	bool merge;
	size_t i;
	int r;

	if (e->nprepend == 0)
		return 0;
	path = d->as_path;
	if (!bgp_attrs_has(d, BGP_ATTR_AS_PATH))
		wire_rd_init(&path, NULL, 0);
	if (!wire_rd_empty(&path) && d->as_path_size != 4)
		fatalx("%s: draft AS_PATH is not 4-octet", __func__);
	it = path;
	if ((r = bgp_aspath_next(&it, 4, &type, &cnt, &asns)) == -1)
		return -1;
	merge = r == 1 && type == BGP_ASPATH_SEQUENCE &&
	    cnt + e->nprepend <= AS_SEG_MAX;
	wire_wr_init(&wr, tmp, sizeof(tmp));
	if (wire_wr_u8(&wr, BGP_ASPATH_SEQUENCE) == -1 ||
	    wire_wr_u8(&wr, (uint8_t)(e->nprepend + (merge ? cnt : 0))) == -1)
		return -1;
	for (i = 0; i < e->nprepend; i++)
		if (wire_wr_u32(&wr, e->prepend[i]) == -1)
			return -1;
	if (merge && (wire_wr_view_bytes(&wr, &asns) == -1 ||
	    wire_wr_view_bytes(&wr, &it) == -1))
		return -1;
	if (!merge && wire_wr_view_bytes(&wr, &path) == -1)
		return -1;
	if (commit(&wr, s->as_path, sizeof(s->as_path), &d->as_path) == -1)
		return -1;
	d->as_path_size = 4;
	attr_mark(d, BGP_ATTR_AS_PATH, BGP_ATTR_F_TRANSITIVE);
	return 0;
}

/*
 * A Route Target: RFC 4360 section 4 (two-octet AS specific 0x00, IPv4
 * address specific 0x01, subtype 0x02) and RFC 5668 section 2 (four-octet
 * AS specific 0x02, subtype 0x02).  Transitive types only.
 */
static bool
ecomm_is_rt(const struct ext_comm *ec)
{
	return ec->b[0] <= 0x02 && ec->b[1] == 0x02;
}

/* set extcommunity rt: the route targets replaced, the others kept. */
static int
set_ext_rt(const struct bgp_conf_rmap_entry *e, struct bgp_attrs *d,
    struct bgp_policy_scratch *s)
{
	uint8_t tmp[sizeof(s->ext_communities)];
	struct ext_comm ec;
	struct wire_wr wr;
	struct wire_rd old;
	size_t i;

	if (e->nrt == 0)
		return 0;
	wire_wr_init(&wr, tmp, sizeof(tmp));
	if (bgp_attrs_has(d, BGP_ATTR_EXT_COMMUNITIES)) {
		old = d->ext_communities;
		while (wire_rd_bytes(&old, ec.b, sizeof(ec.b)) == 0)
			if (!ecomm_is_rt(&ec) &&
			    wire_wr_bytes(&wr, ec.b, sizeof(ec.b)) == -1)
				return -1;
	}
	for (i = 0; i < e->nrt; i++)
		if (wire_wr_bytes(&wr, e->rt[i].b, sizeof(e->rt[i].b)) == -1)
			return -1;
	if (commit(&wr, s->ext_communities, sizeof(s->ext_communities),
	    &d->ext_communities) == -1)
		return -1;
	attr_mark(d, BGP_ATTR_EXT_COMMUNITIES,
	    BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE);
	return 0;
}

/*
 * set ip next-hop: NEXT_HOP (RFC 4271 section 5.1.3) for IPv4 unicast;
 * for MP_REACH_NLRI families (RFC 4760 section 3) the next hop field,
 * rebuilt from nh by the encoder once the raw view is empty.  An IPv4
 * address is no IPv6 unicast next hop (RFC 2545 section 3): as in FRR,
 * `set ip next-hop` leaves IPv6 routes alone.
 */
static void
set_nexthop(const struct bgp_conf_rmap_entry *e, struct bgp_attrs *d)
{
	bool mp = bgp_attrs_has(d, BGP_ATTR_MP_REACH_NLRI);

	if (e->nexthop.af != IP_AF_V4 ||
	    (mp && d->mp_reach.afi == BGP_AFI_IPV6))
		return;
	if (mp) {
		d->mp_reach.nh = e->nexthop;
		memset(&d->mp_reach.nh_ll, 0, sizeof(d->mp_reach.nh_ll));
		wire_rd_init(&d->mp_reach.nexthop, NULL, 0);
	}
	if (!mp || bgp_attrs_has(d, BGP_ATTR_NEXT_HOP)) {
		d->nexthop = e->nexthop;
		attr_mark(d, BGP_ATTR_NEXT_HOP, BGP_ATTR_F_TRANSITIVE);
	}
}

static int
sets_apply(const struct bgp_conf_rmap_entry *e, struct bgp_attrs *d,
    struct bgp_policy_scratch *s)
{
	if (e->set_local_pref) {
		d->local_pref = e->local_pref;
		attr_mark(d, BGP_ATTR_LOCAL_PREF, BGP_ATTR_F_TRANSITIVE);
	}
	if (e->set_med) {
		d->med = e->med;
		attr_mark(d, BGP_ATTR_MED, BGP_ATTR_F_OPTIONAL);
	}
	if (set_comm(e, d, s) == -1 || set_prepend(e, d, s) == -1 ||
	    set_ext_rt(e, d, s) == -1)
		return -1;
	set_nexthop(e, d);
	return 0;
}

bool
bgp_policy_apply(const struct bgp_conf *c, const char *rmap,
    const struct bgp_route_info *info, struct bgp_attrs *draft,
    struct bgp_policy_scratch *scratch)
{
	const struct bgp_conf_rmap *rm = bgp_conf_rmap_find(c, rmap);
	const struct bgp_conf_rmap_entry *e;
	size_t i;

	if (rm == NULL)
		return false;
	for (i = 0; i < rm->n; i++) {
		e = &rm->e[i];
		if (!rmap_entry_match(c, e, info))
			continue;
		if (!e->permit)
			return false;
		return sets_apply(e, draft, scratch) == 0;
	}
	return false;
}

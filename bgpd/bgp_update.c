/*
 * bgp_update.c -- UPDATE message layout, NLRI, MP_REACH_NLRI and
 * MP_UNREACH_NLRI, missing attributes and End-of-RIB.
 *
 * DOC: bgp_update_parse() splits the body into its three fields (RFC 4271
 * section 4.3), decodes the IPv4 Withdrawn Routes and NLRI fields and the
 * NLRI inside the MP attributes through the family descriptors of the
 * codec (bgp_afi.c), and hands the Path Attributes field to bgp_attr.c.
 * It is pure: no I/O, no logging, no heap; decoded routes go into the
 * caller's per-UPDATE arena.  bgp_update_encode() is its inverse.
 *
 * Invariants:
 *   - a route array holds n decoded routes of ops->route_size bytes, or is
 *     empty with ops == NULL when the family is not registered (the raw
 *     NLRI view is then all there is, and that is not an error);
 *   - no allocation per route: arrays grow by doubling inside the arena;
 *     the only per-route indirect call is ops->decode.
 *
 * Error classes (RFC 7606; RFC 4271 section 6.3 for code and data):
 *   Withdrawn Routes or Total Attribute Length overrunning the message:
 *     session reset, Malformed Attribute List (7606 section 3(b));
 *   a Withdrawn Routes or NLRI field that does not parse: session reset,
 *     Invalid Network Field (sections 3(i), 3(j), 5.3);
 *   MP_REACH/MP_UNREACH too short to name the AFI/SAFI: session reset,
 *     Attribute Length Error; a next hop that overruns the attribute or
 *     does not suit the family, or NLRI of a registered family that do
 *     not parse: AFI/SAFI disable, Optional Attribute Error (sections
 *     5.3 and 7.11, RFC 4760 section 7), err->afi/safi set;
 *   a well-known mandatory attribute missing while the UPDATE carries
 *     reachable NLRI: treat-as-withdraw, data = the type code (3(d)).
 *     ORIGIN and AS_PATH always; NEXT_HOP only with IPv4 NLRI (RFC 4760
 *     section 3); LOCAL_PREF only from IBGP (RFC 4271 section 5.1.5);
 *   the arena exhausted, or more than BGP_NLRI_MAX NLRI: session reset,
 *     Cease / Out of Resources (RFC 4486 section 4).
 * End-of-RIB (RFC 4724 section 2): IPv4 unicast is an UPDATE with all
 * three fields empty; any other family an UPDATE whose only content is an
 * MP_UNREACH_NLRI attribute with no withdrawn routes.
 */
#include "bgp_update.h"

#include <stddef.h>
#include <string.h>

#include "bgp_update_local.h"

/* ---- NLRI arrays ---- */

/*
 * First guess at the number of routes in a field: one per 16 octets.
 * Right for EVPN (25-60 octets a route) within a factor of three; IPv4
 * prefixes (2-5 octets) double the array a few times.  Each doubling
 * leaves the old array behind in the arena, which is reset per UPDATE.
 */
#define NLRI_GUESS_OCTETS	16

static void *
nlri_grow(struct bgp_arena *arena, const void *old, size_t n, size_t cap,
    size_t rsize)
{
	void *v = bgp_arena_alloc(arena, cap * rsize);

	if (v != NULL && n > 0)
		memcpy(v, old, n * rsize);
	return v;
}

enum bgp_nlri_res
bgp_nlri_decode(struct bgp_upd_ctx *c, const struct bgp_afi_ops *ops,
    bool addpath, const struct wire_rd *field, struct bgp_routes *out,
    const char **why)
{
	struct wire_rd rd = *field;
	size_t rsize = ops->route_size, n = 0, cap, left;
	uint8_t *v;

	out->ops = ops;
	out->n = 0;
	out->v = NULL;
	if (wire_rd_empty(&rd))
		return BGP_NLRI_OK;
	cap = wire_rd_left(&rd) / NLRI_GUESS_OCTETS + 1;
	if (cap > BGP_NLRI_MAX)
		cap = BGP_NLRI_MAX;
	if ((v = nlri_grow(c->arena, NULL, 0, cap, rsize)) == NULL)
		return BGP_NLRI_NOMEM;
	while ((left = wire_rd_left(&rd)) > 0) {
		if (n == cap) {
			if (cap >= BGP_NLRI_MAX)
				return BGP_NLRI_NOMEM;
			cap = cap * 2 < BGP_NLRI_MAX ? cap * 2 : BGP_NLRI_MAX;
			if ((v = nlri_grow(c->arena, v, n, cap, rsize)) ==
			    NULL)
				return BGP_NLRI_NOMEM;
		}
		if (ops->decode(&rd, addpath, v + n * rsize, why) == -1)
			return BGP_NLRI_MALFORMED;
		/* A decoder that eats nothing would spin here forever. */
		if (wire_rd_left(&rd) >= left) {
			*why = "NLRI decoder made no progress";
			return BGP_NLRI_MALFORMED;
		}
		n++;
	}
	out->n = n;
	out->v = v;
	return BGP_NLRI_OK;
}

static void
nlri_nomem(struct bgp_upd_ctx *c)
{
	bgp_err_raise(c->err, BGP_ACT_RESET, BGP_ERR_CEASE,
	    BGP_ERR_CEASE_RESOURCES, NULL, "too many NLRI");
}

/* The IPv4 Withdrawn Routes or NLRI field: RFC 4271 section 4.3. */
static int
ipv4_field(struct bgp_upd_ctx *c, const struct wire_rd *field,
    struct bgp_routes *out)
{
	const struct bgp_afi_ops *ops;
	const char *why = "malformed NLRI";

	if (wire_rd_empty(field)) {
		/* The common EVPN case; skip the lookups. */
		*out = (struct bgp_routes){ &bgp_afi_ipv4_unicast, 0, NULL };
		return 0;
	}
	ops = bgp_codec_find(c->codec, BGP_AFI_IPV4, BGP_SAFI_UNICAST);
	if (ops == NULL)
		ops = &bgp_afi_ipv4_unicast;
	switch (bgp_nlri_decode(c, ops, bgp_caps_addpath(c->caps,
	    BGP_AFI_IPV4, BGP_SAFI_UNICAST), field, out, &why)) {
	case BGP_NLRI_OK:
		return 0;
	case BGP_NLRI_MALFORMED:
		/* RFC 7606 sections 3(i), 3(j), 5.3: nothing can be
		 * withdrawn from a field that does not parse. */
		bgp_err_raise(c->err, BGP_ACT_RESET, BGP_ERR_UPDATE,
		    BGP_ERR_UPD_NETWORK, NULL, why);
		return -1;
	case BGP_NLRI_NOMEM:
		nlri_nomem(c);
		return -1;
	}
	return -1;
}

/* ---- MP_REACH_NLRI / MP_UNREACH_NLRI: RFC 4760 ---- */

/* RFC 7606 sections 5.3, 7.11; RFC 4760 section 7. */
static void
mp_disable(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h,
    uint16_t afi, uint8_t safi, const char *why)
{
	struct bgp_err *e = c->err;
	bool first = e->action < BGP_ACT_AFI_DISABLE;

	/* struct bgp_err names one family: a second one needs the
	 * stronger action RFC 7606 allows in place of AFI/SAFI disable. */
	if (e->action == BGP_ACT_AFI_DISABLE && (e->afi != afi ||
	    e->safi != safi)) {
		bgp_attr_err(c, BGP_ACT_RESET, BGP_ERR_UPD_OPTATTR, h,
		    "malformed MP attributes of two families");
		return;
	}
	bgp_attr_err(c, BGP_ACT_AFI_DISABLE, BGP_ERR_UPD_OPTATTR, h, why);
	if (first) {
		e->afi = afi;
		e->safi = safi;
	}
}

/* Decode an MP NLRI field; false when an error was raised. */
static bool
mp_routes(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h,
    const struct bgp_afi_ops *ops, uint16_t afi, uint8_t safi,
    const struct wire_rd *nlri, struct bgp_routes *out)
{
	const char *why = "malformed NLRI";

	if (ops == NULL) {
		/* Not registered: kept raw, not an error. */
		out->ops = NULL;
		out->n = 0;
		out->v = NULL;
		return true;
	}
	switch (bgp_nlri_decode(c, ops, bgp_caps_addpath(c->caps, afi, safi),
	    nlri, out, &why)) {
	case BGP_NLRI_OK:
		return true;
	case BGP_NLRI_MALFORMED:
		mp_disable(c, h, afi, safi, why);
		return false;
	case BGP_NLRI_NOMEM:
		nlri_nomem(c);
		return false;
	}
	return false;
}

static bool
mp_nexthop_ok(const struct bgp_afi_ops *ops, size_t len)
{
	if (ops == NULL)
		return true;	/* unknown family: opaque */
	if (ops->nexthop_ok != NULL)
		return ops->nexthop_ok(len);
	return len == 4 || len == 16 || len == 32;
}

/* nh / nh_ll from the raw field: 4, 16, or 16 + 16 (RFC 2545 section 3). */
static void
mp_nexthop_fill(struct bgp_mp_reach *m)
{
	struct wire_rd r = m->nexthop;
	size_t len = wire_rd_left(&r);

	if (len == 4 && wire_rd_bytes(&r, m->nh.a, 4) == 0)
		m->nh.af = IP_AF_V4;
	else if ((len == 16 || len == 32) &&
	    wire_rd_bytes(&r, m->nh.a, 16) == 0) {
		m->nh.af = IP_AF_V6;
		if (len == 32 && wire_rd_bytes(&r, m->nh_ll.a, 16) == 0)
			m->nh_ll.af = IP_AF_V6;
	}
}

void
bgp_mp_reach_parse(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	struct bgp_mp_reach *m = &c->u->attrs.mp_reach;
	struct wire_rd v = h->value;
	const struct bgp_afi_ops *ops;
	uint8_t nhlen, reserved;

	/* Without AFI/SAFI not even the family can be disabled. */
	if (wire_rd_u16(&v, &m->afi) == -1 || wire_rd_u8(&v, &m->safi) == -1) {
		bgp_attr_err(c, BGP_ACT_RESET, BGP_ERR_UPD_LENGTH, h,
		    "MP_REACH_NLRI too short for AFI/SAFI");
		return;
	}
	/* RFC 4760 section 3: next hop length, next hop, then one
	 * Reserved octet (formerly the SNPA count), ignored on receipt. */
	if (wire_rd_u8(&v, &nhlen) == -1 ||
	    wire_rd_sub(&v, nhlen, &m->nexthop) == -1 ||
	    wire_rd_u8(&v, &reserved) == -1) {
		mp_disable(c, h, m->afi, m->safi,
		    "MP_REACH_NLRI next hop overruns the attribute");
		return;
	}
	ops = bgp_codec_find(c->codec, m->afi, m->safi);
	if (!mp_nexthop_ok(ops, nhlen)) {
		mp_disable(c, h, m->afi, m->safi,
		    "MP_REACH_NLRI next hop length wrong for the family");
		return;
	}
	mp_nexthop_fill(m);
	m->nlri = v;
	if (mp_routes(c, h, ops, m->afi, m->safi, &m->nlri, &m->routes))
		bgp_attr_accept(c, h);
}

void
bgp_mp_unreach_parse(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	struct bgp_mp_unreach *m = &c->u->attrs.mp_unreach;
	struct wire_rd v = h->value;

	if (wire_rd_u16(&v, &m->afi) == -1 || wire_rd_u8(&v, &m->safi) == -1) {
		bgp_attr_err(c, BGP_ACT_RESET, BGP_ERR_UPD_LENGTH, h,
		    "MP_UNREACH_NLRI too short for AFI/SAFI");
		return;
	}
	m->nlri = v;
	if (mp_routes(c, h, bgp_codec_find(c->codec, m->afi, m->safi),
	    m->afi, m->safi, &m->nlri, &m->routes))
		bgp_attr_accept(c, h);
}

/* Routes from the decoded array, or the raw field when not decoded. */
static int
routes_put(struct wire_wr *wr, const struct bgp_routes *r,
    const struct wire_rd *raw, bool addpath)
{
	if (r->ops == NULL)
		return wire_wr_view_bytes(wr, raw);
	for (size_t i = 0; i < r->n; i++)
		if (r->ops->encode(wr, addpath, bgp_routes_at(r, i)) == -1)
			return -1;
	return 0;
}

static int
mp_nexthop_put(struct wire_wr *wr, const struct bgp_mp_reach *m)
{
	size_t len = wire_rd_left(&m->nexthop);

	if (len == 0) {
		/* Built locally: from nh (and nh_ll). */
		len = ip_af_len(m->nh.af);
		if (m->nh.af == IP_AF_V6 && m->nh_ll.af == IP_AF_V6)
			len = 32;
		if (wire_wr_u8(wr, (uint8_t)len) == -1 ||
		    wire_wr_bytes(wr, m->nh.a, len > 16 ? 16 : len) == -1)
			return -1;
		return len == 32 ? wire_wr_bytes(wr, m->nh_ll.a, 16) : 0;
	}
	if (len > 0xff || wire_wr_u8(wr, (uint8_t)len) == -1)
		return -1;
	return wire_wr_view_bytes(wr, &m->nexthop);
}

int
bgp_mp_reach_encode(const struct bgp_peer_caps *caps, struct wire_wr *wr,
    const struct bgp_mp_reach *m)
{
	if (wire_wr_u16(wr, m->afi) == -1 || wire_wr_u8(wr, m->safi) == -1 ||
	    mp_nexthop_put(wr, m) == -1 ||
	    wire_wr_u8(wr, 0) == -1)	/* Reserved: RFC 4760 section 3 */
		return -1;
	return routes_put(wr, &m->routes, &m->nlri,
	    bgp_caps_addpath(caps, m->afi, m->safi));
}

int
bgp_mp_unreach_encode(const struct bgp_peer_caps *caps, struct wire_wr *wr,
    const struct bgp_mp_unreach *m)
{
	if (wire_wr_u16(wr, m->afi) == -1 || wire_wr_u8(wr, m->safi) == -1)
		return -1;
	return routes_put(wr, &m->routes, &m->nlri,
	    bgp_caps_addpath(caps, m->afi, m->safi));
}

/* ---- whole-message checks ---- */

/* RFC 7606 section 3(d): missing well-known attributes. */
static void
upd_missing_check(struct bgp_upd_ctx *c)
{
	/* Also the NOTIFICATION data: the missing type code (RFC 4271
	 * section 6.3). */
	static const uint8_t codes[] = {
		BGP_ATTR_ORIGIN, BGP_ATTR_AS_PATH, BGP_ATTR_NEXT_HOP,
		BGP_ATTR_LOCAL_PREF,
	};
	const struct bgp_attrs *a = &c->u->attrs;
	struct wire_rd data;
	bool mp;

	mp = bgp_attrs_has(a, BGP_ATTR_MP_REACH_NLRI) &&
	    !wire_rd_empty(&a->mp_reach.nlri);
	if (!c->ipv4_nlri && !mp)
		return;		/* nothing reachable: nothing is missing */
	for (size_t i = 0; i < sizeof(codes); i++) {
		if (codes[i] == BGP_ATTR_NEXT_HOP && !c->ipv4_nlri)
			continue;
		if (codes[i] == BGP_ATTR_LOCAL_PREF &&
		    c->caps->kind != BGP_PEER_IBGP)
			continue;
		if (bgp_upd_present(c, codes[i]))
			continue;
		wire_rd_init(&data, &codes[i], 1);
		bgp_err_raise(c->err, BGP_ACT_WITHDRAW, BGP_ERR_UPDATE,
		    BGP_ERR_UPD_MISSING_WK, &data,
		    "missing well-known attribute");
	}
}

/* RFC 4724 section 2 */
static void
upd_eor_check(struct bgp_upd_ctx *c)
{
	struct bgp_update *u = c->u;
	const struct bgp_attrs *a = &u->attrs;

	if (!wire_rd_empty(&u->withdrawn_raw) || !wire_rd_empty(&u->nlri_raw))
		return;
	if (wire_rd_empty(&u->attrs_raw)) {
		u->eor = true;
		u->eor_afi = BGP_AFI_IPV4;
		u->eor_safi = BGP_SAFI_UNICAST;
	} else if (c->nattrs == 1 &&
	    bgp_attrs_has(a, BGP_ATTR_MP_UNREACH_NLRI) &&
	    wire_rd_empty(&a->mp_unreach.nlri)) {
		u->eor = true;
		u->eor_afi = a->mp_unreach.afi;
		u->eor_safi = a->mp_unreach.safi;
	}
}

/*
 * Clear what a parse fills.  The received-flags table (valid only under
 * 'seen') and the unknown array (valid only below nunknown) are skipped:
 * they are three quarters of the struct, and at ten million routes a
 * second the memset shows.  The asserts pin the layout this relies on.
 */
_Static_assert(offsetof(struct bgp_attrs, flags) ==
    offsetof(struct bgp_attrs, seen) + sizeof(((struct bgp_attrs *)0)->seen),
    "flags must follow seen");
_Static_assert(offsetof(struct bgp_attrs, origin) ==
    offsetof(struct bgp_attrs, flags) +
    sizeof(((struct bgp_attrs *)0)->flags), "origin must follow flags");
_Static_assert(offsetof(struct bgp_attrs, unknown) +
    sizeof(((struct bgp_attrs *)0)->unknown) == sizeof(struct bgp_attrs),
    "unknown must be last");

static void
upd_clear(struct bgp_update *u)
{
	struct bgp_attrs *a = &u->attrs;
	size_t from = offsetof(struct bgp_attrs, origin);
	size_t to = offsetof(struct bgp_attrs, unknown);

	memset(a->seen, 0, sizeof(a->seen));
	memset((unsigned char *)a + from, 0, to - from);
	wire_rd_init(&u->withdrawn_raw, NULL, 0);
	wire_rd_init(&u->attrs_raw, NULL, 0);
	wire_rd_init(&u->nlri_raw, NULL, 0);
	memset(&u->withdrawn, 0, sizeof(u->withdrawn));
	memset(&u->nlri, 0, sizeof(u->nlri));
	u->eor = false;
	u->eor_afi = 0;
	u->eor_safi = 0;
}

enum bgp_action
bgp_update_parse(const struct bgp_codec *codec,
    const struct bgp_peer_caps *caps, const struct wire_rd *body,
    struct bgp_arena *arena, struct bgp_update *u, struct bgp_err *err)
{
	struct bgp_upd_ctx c;
	struct wire_rd rd = *body;
	uint16_t wlen, alen;

	upd_clear(u);
	memset(&c, 0, sizeof(c));
	c.codec = codec;
	c.caps = caps;
	c.arena = arena;
	c.u = u;
	c.err = err;
	c.as_size = caps->as4 ? 4 : 2;
	/* RFC 4271 section 6.3, unchanged by RFC 7606 section 3(b). */
	if (wire_rd_u16(&rd, &wlen) == -1 ||
	    wire_rd_sub(&rd, wlen, &u->withdrawn_raw) == -1 ||
	    wire_rd_u16(&rd, &alen) == -1 ||
	    wire_rd_sub(&rd, alen, &u->attrs_raw) == -1) {
		bgp_err_raise(err, BGP_ACT_RESET, BGP_ERR_UPDATE,
		    BGP_ERR_UPD_ATTRLIST, NULL,
		    "withdrawn or attribute length overruns the message");
		return err->action;
	}
	u->nlri_raw = rd;
	c.ipv4_nlri = !wire_rd_empty(&rd);
	if (ipv4_field(&c, &u->withdrawn_raw, &u->withdrawn) == -1)
		return err->action;
	bgp_attrs_parse(&c, &u->attrs_raw);
	if (err->action == BGP_ACT_RESET)
		return err->action;
	if (ipv4_field(&c, &u->nlri_raw, &u->nlri) == -1)
		return err->action;
	upd_missing_check(&c);
	upd_eor_check(&c);
	return err->action;
}

/* A 2-octet length slot, patched by len_close(). */
static int
len_open(struct wire_wr *wr, size_t *off)
{
	return wire_wr_reserve(wr, 2, off);
}

static int
len_close(struct wire_wr *wr, size_t off)
{
	size_t len = wire_wr_since(wr, off) - 2;

	if (len > 0xffff)
		return -1;
	return wire_wr_patch_u16(wr, off, (uint16_t)len);
}

int
bgp_update_encode(const struct bgp_codec *codec,
    const struct bgp_peer_caps *caps, struct wire_wr *wr,
    const struct bgp_update *u)
{
	bool ap4 = bgp_caps_addpath(caps, BGP_AFI_IPV4, BGP_SAFI_UNICAST);
	size_t msg, off;

	(void)codec;	/* decoded routes carry their own ops */
	if (bgp_msg_begin(wr, BGP_MSG_UPDATE, &msg) == -1)
		return -1;
	if (len_open(wr, &off) == -1 ||
	    routes_put(wr, &u->withdrawn, &u->withdrawn_raw, ap4) == -1 ||
	    len_close(wr, off) == -1)
		return -1;
	if (len_open(wr, &off) == -1 ||
	    bgp_attrs_encode(caps, wr, &u->attrs) == -1 ||
	    len_close(wr, off) == -1)
		return -1;
	if (routes_put(wr, &u->nlri, &u->nlri_raw, ap4) == -1)
		return -1;
	/* RFC 4271 section 4.1 / RFC 8654: within the negotiated size. */
	if (wire_wr_since(wr, msg) > (caps->ext_msg ? BGP_EXTMSG_MAX :
	    BGP_MSG_MAX))
		return -1;
	return bgp_msg_finish(wr, msg);
}

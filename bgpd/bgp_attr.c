/*
 * bgp_attr.c -- the path attribute codec and its RFC 7606 error classes.
 *
 * DOC: owns the walk over the Path Attributes field of an UPDATE, the
 * validation of every attribute evpnd knows, the keeping of unknown
 * optional transitive ones, and the canonical re-encoding of a decoded
 * attribute set.  MP_REACH_NLRI / MP_UNREACH_NLRI are recognised here and
 * parsed by bgp_update.c, which owns NLRI.
 *
 * Invariants:
 *   - every byte is read through a bounded view (wire.h); each attribute
 *     value is its own child view, so a validator cannot read past it;
 *   - a validator that accepts an attribute sets its 'seen' bit and its
 *     received flags; an attribute that is discarded or malformed stays
 *     absent from 'seen' (bgp_update.h contract);
 *   - every malformation goes through bgp_err_raise() with the RFC 7606
 *     action and the code/subcode/data RFC 4271 section 6.3 names for it.
 *     Only "session reset" sends a NOTIFICATION; for the milder actions
 *     the subcode and data classify the event for the log.
 *
 * Error classes (RFC 7606 section numbers; "withdraw" = treat-as-withdraw,
 * "discard" = attribute discard):
 *   3(c)  O/T flags conflicting with the type        withdraw, subcode 4
 *   3(g)  MP_REACH/MP_UNREACH repeated               reset, subcode 1
 *   3(g)  any other attribute repeated               discard the repeat
 *   4     attribute overruns the field               withdraw, subcode 5
 *         (an overrunning MP attribute: reset, 3(j), its NLRI is lost)
 *   4     < 3 (4) octets left for a header           withdraw, subcode 1
 *   7.1   ORIGIN length / value                      withdraw, 5 / 6
 *   7.2   AS_PATH segments; confed from EBGP         withdraw, 11
 *   7.3   NEXT_HOP length / semantics                withdraw, 5 / 8
 *   7.4   MED length                                 withdraw, 5
 *   7.5   LOCAL_PREF from EBGP / length              discard / withdraw
 *   7.6   ATOMIC_AGGREGATE length                    discard, 5
 *   7.7   AGGREGATOR length (6 or 8)                 discard, 5
 *   7.8   COMMUNITIES length                         withdraw, 5
 *   7.9   ORIGINATOR_ID from EBGP / length           discard / withdraw
 *   7.10  CLUSTER_LIST from EBGP / length            discard / withdraw
 *   7.14  EXTENDED COMMUNITIES length                withdraw, 5
 *   RFC 8092 section 5: LARGE_COMMUNITY length       withdraw, 5
 *   RFC 6793 section 6: AS4_PATH / AS4_AGGREGATOR    discard, 9 / 5
 *   RFC 6514 section 5: PMSI_TUNNEL                  withdraw, 5 / 9
 *   RFC 4271 section 6.3: unrecognized well-known    reset, subcode 2
 * The partial bit of well-known and optional non-transitive attributes is
 * not checked: RFC 7606 section 3(c) defines flag errors by the Optional
 * and Transitive bits only.
 *
 * Encoding is canonical: MP_REACH_NLRI then MP_UNREACH_NLRI first (RFC
 * 7606 section 5.1 says they SHALL come first; FRR does so), then every
 * other attribute in ascending type order with unknown ones merged in.
 * Known attributes get their RFC flags; the partial bit survives on
 * optional transitive ones, and is set on unknown optional transitive
 * ones we pass on (RFC 4271 section 5).  The extended-length bit is kept
 * when received, and set whenever a value exceeds 255 octets.
 *
 * Known gaps: the leftmost-AS check of RFC 4271 section 6.3 needs the
 * peer's AS and belongs to the session; confederations are not
 * supported, so every EBGP peer is outside ours (RFC 5065).
 */
#include "bgp_update_local.h"

#include <string.h>

/*
 * Subcode recorded when an attribute is discarded because of who sent it
 * (LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST from EBGP).  No NOTIFICATION
 * is sent for attribute discard; RFC 4271 has no subcode for "not
 * allowed from this peer", so the log gets Malformed Attribute List.
 */
#define UPD_NOT_ALLOWED	BGP_ERR_UPD_ATTRLIST

#define F_O		BGP_ATTR_F_OPTIONAL
#define F_T		BGP_ATTR_F_TRANSITIVE
#define F_OT		(BGP_ATTR_F_OPTIONAL | BGP_ATTR_F_TRANSITIVE)

/*
 * The Optional and Transitive bits each known attribute must carry
 * (RFC 4271 section 5, RFC 4760, RFC 1997, RFC 4456, RFC 4360, RFC 6793,
 * RFC 6514, RFC 8092); -1 for a type this codec does not know.
 */
static int
attr_canon_flags(uint8_t type)
{
	switch (type) {
	case BGP_ATTR_ORIGIN:
	case BGP_ATTR_AS_PATH:
	case BGP_ATTR_NEXT_HOP:
	case BGP_ATTR_LOCAL_PREF:
	case BGP_ATTR_ATOMIC_AGGREGATE:
		return F_T;
	case BGP_ATTR_MED:
	case BGP_ATTR_ORIGINATOR_ID:
	case BGP_ATTR_CLUSTER_LIST:
	case BGP_ATTR_MP_REACH_NLRI:
	case BGP_ATTR_MP_UNREACH_NLRI:
		return F_O;
	case BGP_ATTR_AGGREGATOR:
	case BGP_ATTR_COMMUNITIES:
	case BGP_ATTR_EXT_COMMUNITIES:
	case BGP_ATTR_AS4_PATH:
	case BGP_ATTR_AS4_AGGREGATOR:
	case BGP_ATTR_PMSI_TUNNEL:
	case BGP_ATTR_LARGE_COMMUNITY:
		return F_OT;
	default:
		return -1;
	}
}

void
bgp_attr_err(struct bgp_upd_ctx *c, enum bgp_action act, uint8_t subcode,
    const struct bgp_attr_hdr *h, const char *why)
{
	bgp_err_raise(c->err, act, BGP_ERR_UPDATE, subcode,
	    h != NULL ? &h->whole : NULL, why);
}

void
bgp_attr_accept(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	bgp_attrs_set(&c->u->attrs, h->type);
	c->u->attrs.flags[h->type] = h->flags;
}

static bool
from_ebgp(const struct bgp_upd_ctx *c)
{
	return c->caps->kind == BGP_PEER_EBGP;
}

/* A value of exactly 4 octets, as a host-order number. */
static int
val_u32(const struct bgp_attr_hdr *h, uint32_t *v)
{
	struct wire_rd r = h->value;

	if (wire_rd_left(&r) != 4)
		return -1;
	return wire_rd_u32(&r, v);
}

/* ---- AS_PATH: RFC 4271 section 4.3, RFC 7606 section 7.2 ---- */

int
bgp_aspath_next(struct wire_rd *it, uint8_t as_size, uint8_t *seg_type,
    uint8_t *count, struct wire_rd *asns)
{
	struct wire_rd r = *it;
	uint8_t t, n;

	if (wire_rd_empty(it))
		return 0;
	if (as_size != 2 && as_size != 4)
		return -1;
	/* RFC 7606 section 7.2: one octet left is an underrun. */
	if (wire_rd_u8(&r, &t) == -1 || wire_rd_u8(&r, &n) == -1)
		return -1;
	/* Unrecognized segment type, or a zero Path Segment Length. */
	if (t < BGP_ASPATH_SET || t > BGP_ASPATH_CONFED_SET || n == 0)
		return -1;
	/* The segment's ASNs overrun the attribute. */
	if (wire_rd_sub(&r, (size_t)n * as_size, asns) == -1)
		return -1;
	*it = r;
	*seg_type = t;
	*count = n;
	return 1;
}

/* Validate a whole path; confed segments refused when !confed_ok. */
static int
aspath_check(const struct wire_rd *path, uint8_t as_size, bool confed_ok,
    const char **why)
{
	struct wire_rd it = *path, asns;
	uint8_t type, count;
	size_t segs = 0;
	int r;

	while ((r = bgp_aspath_next(&it, as_size, &type, &count, &asns)) ==
	    1) {
		/* STYLE.md section 5 cap; more is treated as malformed. */
		if (++segs > BGP_ASPATH_SEGS_MAX) {
			*why = "too many AS_PATH segments";
			return -1;
		}
		if (!confed_ok && (type == BGP_ASPATH_CONFED_SEQUENCE ||
		    type == BGP_ASPATH_CONFED_SET)) {
			*why = "confederation segment from outside";
			return -1;
		}
	}
	if (r == -1) {
		*why = "malformed AS_PATH segment";
		return -1;
	}
	return 0;
}

static void
attr_as_path(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	const char *why;

	/*
	 * RFC 7606 section 7.2: malformed segments, and AS_CONFED segments
	 * from an EBGP peer (RFC 5065 section 5), are treat-as-withdraw.
	 * RFC 4271 section 6.3 names no data for Malformed AS_PATH.
	 */
	if (aspath_check(&h->value, c->as_size, !from_ebgp(c), &why) == -1) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_ASPATH, NULL,
		    why);
		return;
	}
	c->u->attrs.as_path = h->value;
	c->u->attrs.as_path_size = c->as_size;
	bgp_attr_accept(c, h);
}

/* RFC 6793 section 6: a malformed AS4_PATH is discarded. */
static void
attr_as4_path(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	const char *why = "empty AS4_PATH";

	/* RFC 7606 section 4: a zero length is a syntax error here;
	 * RFC 6793 section 6: AS4_PATH carries no confed segments. */
	if (wire_rd_empty(&h->value) ||
	    aspath_check(&h->value, 4, false, &why) == -1) {
		bgp_attr_err(c, BGP_ACT_ATTR_DISCARD, BGP_ERR_UPD_OPTATTR, h,
		    why);
		return;
	}
	c->u->attrs.as4_path = h->value;
	bgp_attr_accept(c, h);
}

/* ---- the well-known scalars: RFC 7606 sections 7.1 - 7.7 ---- */

static void
attr_origin(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	struct wire_rd r = h->value;
	uint8_t v;

	/* RFC 7606 section 7.1: wrong length or undefined value. */
	if (wire_rd_left(&r) != 1 || wire_rd_u8(&r, &v) == -1) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_LENGTH, h,
		    "ORIGIN length is not 1");
		return;
	}
	if (v > BGP_ORIGIN_INCOMPLETE) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_ORIGIN, h,
		    "undefined ORIGIN value");
		return;
	}
	c->u->attrs.origin = v;
	bgp_attr_accept(c, h);
}

/* RFC 4271 section 6.3: a next hop that cannot be a unicast host. */
static bool
nexthop_v4_bogus(uint32_t a)
{
	return a == 0 || a == 0xffffffffu || (a >> 28) == 0xe;
}

static void
attr_next_hop(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	uint32_t a;

	/* RFC 7606 section 7.3: syntactic error, treat-as-withdraw. */
	if (val_u32(h, &a) == -1) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_LENGTH, h,
		    "NEXT_HOP length is not 4");
		return;
	}
	/*
	 * Semantic check (RFC 4271 section 6.3; RFC 7606 section 7.3: log,
	 * ignore the route, no NOTIFICATION): 0.0.0.0, multicast and
	 * 255.255.255.255.  Only when IPv4 NLRI use it: RFC 4760 section 3
	 * has a receiver ignore NEXT_HOP in an MP-only UPDATE.
	 */
	if (c->ipv4_nlri && nexthop_v4_bogus(a)) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_NEXTHOP, h,
		    "NEXT_HOP is not a unicast address");
		return;
	}
	ip_set_v4(&c->u->attrs.nexthop, a);
	bgp_attr_accept(c, h);
}

static void
attr_med(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	/* RFC 7606 section 7.4 */
	if (val_u32(h, &c->u->attrs.med) == -1) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_LENGTH, h,
		    "MULTI_EXIT_DISC length is not 4");
		return;
	}
	bgp_attr_accept(c, h);
}

static void
attr_local_pref(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	/* RFC 7606 section 7.5: from an external peer, discard. */
	if (from_ebgp(c)) {
		bgp_attr_err(c, BGP_ACT_ATTR_DISCARD, UPD_NOT_ALLOWED, h,
		    "LOCAL_PREF from an EBGP peer");
		return;
	}
	if (val_u32(h, &c->u->attrs.local_pref) == -1) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_LENGTH, h,
		    "LOCAL_PREF length is not 4");
		return;
	}
	bgp_attr_accept(c, h);
}

static void
attr_atomic_aggregate(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	/* RFC 7606 section 7.6 */
	if (!wire_rd_empty(&h->value)) {
		bgp_attr_err(c, BGP_ACT_ATTR_DISCARD, BGP_ERR_UPD_LENGTH, h,
		    "ATOMIC_AGGREGATE length is not 0");
		return;
	}
	bgp_attr_accept(c, h);
}

static void
attr_aggregator(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	struct bgp_attrs *a = &c->u->attrs;
	struct wire_rd r = h->value;
	uint16_t as2;
	int rc;

	/* RFC 7606 section 7.7: 6 octets, or 8 on a 4-octet session. */
	if (wire_rd_left(&r) != (size_t)c->as_size + 4) {
		bgp_attr_err(c, BGP_ACT_ATTR_DISCARD, BGP_ERR_UPD_LENGTH, h,
		    "AGGREGATOR length is not 6 or 8");
		return;
	}
	if (c->as_size == 4)
		rc = wire_rd_u32(&r, &a->aggregator_as);
	else {
		rc = wire_rd_u16(&r, &as2);
		a->aggregator_as = as2;
	}
	if (rc == -1 || wire_rd_u32(&r, &a->aggregator_id) == -1)
		return;		/* length checked above: cannot happen */
	a->aggregator_size = c->as_size;
	bgp_attr_accept(c, h);
}

static void
attr_as4_aggregator(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	struct bgp_attrs *a = &c->u->attrs;
	struct wire_rd r = h->value;

	/* RFC 6793 section 6: malformed, attribute discard. */
	if (wire_rd_left(&r) != 8 ||
	    wire_rd_u32(&r, &a->as4_aggregator_as) == -1 ||
	    wire_rd_u32(&r, &a->as4_aggregator_id) == -1) {
		bgp_attr_err(c, BGP_ACT_ATTR_DISCARD, BGP_ERR_UPD_LENGTH, h,
		    "AS4_AGGREGATOR length is not 8");
		return;
	}
	bgp_attr_accept(c, h);
}

/* ---- lists of fixed-size items ---- */

/* A non-zero multiple of unit octets; else treat-as-withdraw. */
static bool
list_ok(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h, size_t unit,
    const char *why)
{
	size_t len = wire_rd_left(&h->value);

	if (len == 0 || len % unit != 0) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_LENGTH, h, why);
		return false;
	}
	return true;
}

static void
attr_communities(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	/* RFC 7606 section 7.8 */
	if (!list_ok(c, h, 4, "COMMUNITIES length not a multiple of 4"))
		return;
	c->u->attrs.communities = h->value;
	bgp_attr_accept(c, h);
}

static void
attr_originator_id(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	/* RFC 7606 section 7.9 */
	if (from_ebgp(c)) {
		bgp_attr_err(c, BGP_ACT_ATTR_DISCARD, UPD_NOT_ALLOWED, h,
		    "ORIGINATOR_ID from an EBGP peer");
		return;
	}
	if (val_u32(h, &c->u->attrs.originator_id) == -1) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_LENGTH, h,
		    "ORIGINATOR_ID length is not 4");
		return;
	}
	bgp_attr_accept(c, h);
}

static void
attr_cluster_list(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	/* RFC 7606 section 7.10 */
	if (from_ebgp(c)) {
		bgp_attr_err(c, BGP_ACT_ATTR_DISCARD, UPD_NOT_ALLOWED, h,
		    "CLUSTER_LIST from an EBGP peer");
		return;
	}
	if (!list_ok(c, h, 4, "CLUSTER_LIST length not a multiple of 4"))
		return;
	c->u->attrs.cluster_list = h->value;
	bgp_attr_accept(c, h);
}

static void
attr_ext_communities(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	/* RFC 7606 section 7.14 */
	if (!list_ok(c, h, 8, "EXTENDED_COMMUNITIES length not a "
	    "multiple of 8"))
		return;
	/*
	 * STYLE.md section 5 cap.  A route we cannot hold whole must not
	 * be installed with some of its route targets missing, so this is
	 * treat-as-withdraw rather than a silent truncation.
	 */
	if (wire_rd_left(&h->value) / 8 > BGP_ECOMM_MAX) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_OPTATTR, h,
		    "too many extended communities");
		return;
	}
	c->u->attrs.ext_communities = h->value;
	bgp_attr_accept(c, h);
}

static void
attr_large_communities(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	/* RFC 8092 section 5 */
	if (!list_ok(c, h, 12, "LARGE_COMMUNITY length not a multiple of "
	    "12"))
		return;
	c->u->attrs.large_communities = h->value;
	bgp_attr_accept(c, h);
}

/* ---- PMSI_TUNNEL: RFC 6514 section 5 ---- */

static void
attr_pmsi(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	struct bgp_pmsi *p = &c->u->attrs.pmsi;
	struct wire_rd r = h->value;
	size_t idlen;

	/* Flags 1, Tunnel Type 1, MPLS Label 3, Tunnel Identifier. */
	if (wire_rd_u8(&r, &p->flags) == -1 ||
	    wire_rd_u8(&r, &p->tunnel_type) == -1 ||
	    wire_rd_u24(&r, &p->label) == -1) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_LENGTH, h,
		    "PMSI_TUNNEL shorter than 5 octets");
		return;
	}
	/* Ingress replication: the identifier is the unicast tunnel
	 * endpoint address (RFC 6514 section 5; RFC 8365 section 5.1.3). */
	idlen = wire_rd_left(&r);
	if (p->tunnel_type == BGP_PMSI_INGRESS_REPL && idlen != 4 &&
	    idlen != 16) {
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_OPTATTR, h,
		    "PMSI ingress replication endpoint is not 4 or 16 octets");
		return;
	}
	p->tunnel_id = r;
	bgp_attr_accept(c, h);
}

/* ---- attributes this codec does not know: RFC 4271 section 5 ---- */

static void
attr_unknown(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	struct bgp_attrs *a = &c->u->attrs;
	struct bgp_attr_raw *raw;

	/* RFC 4271 section 6.3: an unrecognized well-known attribute. */
	if ((h->flags & BGP_ATTR_F_OPTIONAL) == 0) {
		bgp_attr_err(c, BGP_ACT_RESET, BGP_ERR_UPD_UNKNOWN_WK, h,
		    "unrecognized well-known attribute");
		return;
	}
	/* Optional non-transitive: "quietly ignored". */
	if ((h->flags & BGP_ATTR_F_TRANSITIVE) == 0)
		return;
	/*
	 * Optional transitive: carried on.  Past the STYLE.md cap the rest
	 * are dropped (their header was checked like every attribute's):
	 * 32 unknown attributes in one UPDATE is not a real peer.
	 */
	if (a->nunknown >= BGP_ATTRS_UNKNOWN_MAX) {
		bgp_attr_err(c, BGP_ACT_ATTR_DISCARD, BGP_ERR_UPD_OPTATTR, h,
		    "too many unknown attributes");
		return;
	}
	raw = &a->unknown[a->nunknown++];
	raw->flags = h->flags;
	raw->type = h->type;
	raw->value = h->value;
	bgp_attr_accept(c, h);
}

/* ---- the walk ---- */

static void
attr_dispatch(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	switch (h->type) {
	case BGP_ATTR_ORIGIN:		attr_origin(c, h); break;
	case BGP_ATTR_AS_PATH:		attr_as_path(c, h); break;
	case BGP_ATTR_NEXT_HOP:		attr_next_hop(c, h); break;
	case BGP_ATTR_MED:		attr_med(c, h); break;
	case BGP_ATTR_LOCAL_PREF:	attr_local_pref(c, h); break;
	case BGP_ATTR_ATOMIC_AGGREGATE:	attr_atomic_aggregate(c, h); break;
	case BGP_ATTR_AGGREGATOR:	attr_aggregator(c, h); break;
	case BGP_ATTR_COMMUNITIES:	attr_communities(c, h); break;
	case BGP_ATTR_ORIGINATOR_ID:	attr_originator_id(c, h); break;
	case BGP_ATTR_CLUSTER_LIST:	attr_cluster_list(c, h); break;
	case BGP_ATTR_MP_REACH_NLRI:	bgp_mp_reach_parse(c, h); break;
	case BGP_ATTR_MP_UNREACH_NLRI:	bgp_mp_unreach_parse(c, h); break;
	case BGP_ATTR_EXT_COMMUNITIES:	attr_ext_communities(c, h); break;
	case BGP_ATTR_AS4_PATH:		attr_as4_path(c, h); break;
	case BGP_ATTR_AS4_AGGREGATOR:	attr_as4_aggregator(c, h); break;
	case BGP_ATTR_PMSI_TUNNEL:	attr_pmsi(c, h); break;
	case BGP_ATTR_LARGE_COMMUNITY:	attr_large_communities(c, h); break;
	default:			attr_unknown(c, h); break;
	}
}

static bool
attr_is_mp(uint8_t type)
{
	return type == BGP_ATTR_MP_REACH_NLRI ||
	    type == BGP_ATTR_MP_UNREACH_NLRI;
}

/* One attribute whose header and value were read. */
static void
attr_one(struct bgp_upd_ctx *c, const struct bgp_attr_hdr *h)
{
	int canon = attr_canon_flags(h->type);

	/* RFC 7606 section 3(g): repeated attributes. */
	if (bgp_upd_present(c, h->type)) {
		if (attr_is_mp(h->type))
			bgp_attr_err(c, BGP_ACT_RESET, BGP_ERR_UPD_ATTRLIST,
			    NULL, "MP_REACH_NLRI or MP_UNREACH_NLRI twice");
		else
			bgp_attr_err(c, BGP_ACT_ATTR_DISCARD,
			    BGP_ERR_UPD_ATTRLIST, NULL,
			    "repeated attribute discarded");
		return;
	}
	bgp_upd_present_set(c, h->type);
	/* RFC 6793 section 3: between two 4-octet speakers AS4_PATH and
	 * AS4_AGGREGATOR have no meaning; they are ignored unchecked. */
	if (c->caps->as4 && (h->type == BGP_ATTR_AS4_PATH ||
	    h->type == BGP_ATTR_AS4_AGGREGATOR))
		return;
	/* RFC 7606 section 3(c): Optional/Transitive bits in conflict.
	 * The value is still parsed: MP attributes must be (3(j)). */
	if (canon >= 0 && (h->flags & F_OT) != canon)
		bgp_attr_err(c, BGP_ACT_WITHDRAW, BGP_ERR_UPD_FLAGS, h,
		    "attribute flags conflict with the type");
	attr_dispatch(c, h);
}

/*
 * Read the next attribute header and carve its value.  1: *h filled;
 * 0: the field is done; -1: what is left cannot be an attribute (the
 * error is raised and the walk ends).
 */
static int
attr_next(struct bgp_upd_ctx *c, struct wire_rd *field,
    struct bgp_attr_hdr *h)
{
	struct wire_rd start = *field;
	uint16_t len;
	uint8_t len8;
	size_t hdrlen;

	if (wire_rd_empty(field))
		return 0;
	h->whole = start;
	h->type = 0;		/* stays 0 if the type octet is missing */
	if (wire_rd_u8(field, &h->flags) == -1 ||
	    wire_rd_u8(field, &h->type) == -1)
		goto short_header;
	if (h->flags & BGP_ATTR_F_EXTLEN) {
		if (wire_rd_u16(field, &len) == -1)
			goto short_header;
		hdrlen = 4;
	} else {
		if (wire_rd_u8(field, &len8) == -1)
			goto short_header;
		len = len8;
		hdrlen = 3;
	}
	if (wire_rd_sub(field, len, &h->value) == -1) {
		/* RFC 7606 section 4, first case: the Total Attribute
		 * Length still locates the NLRI, so treat-as-withdraw ...
		 * unless this is an MP attribute, whose NLRI are then lost
		 * and cannot be withdrawn: section 3(j), session reset. */
		bgp_attr_err(c, attr_is_mp(h->type) ? BGP_ACT_RESET :
		    BGP_ACT_WITHDRAW, BGP_ERR_UPD_LENGTH, h,
		    "attribute length overruns the attribute field");
		return -1;
	}
	if (wire_rd_sub(&start, hdrlen + len, &h->whole) == -1)
		return -1;	/* cannot happen: those bytes were just read */
	return 1;

short_header:
	/* RFC 7606 section 4, second case: fewer than 3 (4) octets left.
	 * An MP attribute header cut short hides NLRI: 3(j) again. */
	bgp_attr_err(c, attr_is_mp(h->type) ? BGP_ACT_RESET :
	    BGP_ACT_WITHDRAW, BGP_ERR_UPD_ATTRLIST, NULL,
	    "attribute header truncated");
	return -1;
}

void
bgp_attrs_parse(struct bgp_upd_ctx *c, const struct wire_rd *field)
{
	struct wire_rd rd = *field;
	struct bgp_attr_hdr h;

	while (attr_next(c, &rd, &h) == 1) {
		c->nattrs++;
		attr_one(c, &h);
		/* Nothing milder can matter once the session goes down. */
		if (c->err->action == BGP_ACT_RESET)
			return;
	}
}

/* ---- encoding ---- */

struct attr_enc {
	const struct bgp_peer_caps	*caps;
	struct wire_wr			*wr;
	const struct bgp_attrs		*a;
};

static int
val_aspath(const struct attr_enc *e, const struct wire_rd *path,
    uint8_t size)
{
	uint8_t want = e->caps->as4 ? 4 : 2;

	/* Converting between 2- and 4-octet paths (RFC 6793 section 4)
	 * is the speaker's policy, not the codec's. */
	if (!wire_rd_empty(path) && size != want)
		return -1;
	return wire_wr_view_bytes(e->wr, path);
}

static int
val_aggregator(const struct attr_enc *e)
{
	const struct bgp_attrs *a = e->a;
	int rc;

	if (e->caps->as4)
		rc = wire_wr_u32(e->wr, a->aggregator_as);
	else if (a->aggregator_as > 0xffff)
		return -1;	/* needs AS_TRANS + AS4_AGGREGATOR: caller */
	else
		rc = wire_wr_u16(e->wr, (uint16_t)a->aggregator_as);
	if (rc == -1)
		return -1;
	return wire_wr_u32(e->wr, a->aggregator_id);
}

static int
val_pmsi(const struct attr_enc *e)
{
	const struct bgp_pmsi *p = &e->a->pmsi;

	if (wire_wr_u8(e->wr, p->flags) == -1 ||
	    wire_wr_u8(e->wr, p->tunnel_type) == -1 ||
	    wire_wr_u24(e->wr, p->label) == -1)
		return -1;
	return wire_wr_view_bytes(e->wr, &p->tunnel_id);
}

/* The value of a known attribute. */
static int
val_known(const struct attr_enc *e, uint8_t type)
{
	const struct bgp_attrs *a = e->a;
	struct wire_wr *wr = e->wr;

	switch (type) {
	case BGP_ATTR_ORIGIN:
		return wire_wr_u8(wr, a->origin);
	case BGP_ATTR_AS_PATH:
		return val_aspath(e, &a->as_path, a->as_path_size);
	case BGP_ATTR_NEXT_HOP:
		if (a->nexthop.af != IP_AF_V4)
			return -1;
		return wire_wr_bytes(wr, a->nexthop.a, 4);
	case BGP_ATTR_MED:
		return wire_wr_u32(wr, a->med);
	case BGP_ATTR_LOCAL_PREF:
		return wire_wr_u32(wr, a->local_pref);
	case BGP_ATTR_ATOMIC_AGGREGATE:
		return 0;
	case BGP_ATTR_AGGREGATOR:
		return val_aggregator(e);
	case BGP_ATTR_COMMUNITIES:
		return wire_wr_view_bytes(wr, &a->communities);
	case BGP_ATTR_ORIGINATOR_ID:
		return wire_wr_u32(wr, a->originator_id);
	case BGP_ATTR_CLUSTER_LIST:
		return wire_wr_view_bytes(wr, &a->cluster_list);
	case BGP_ATTR_MP_REACH_NLRI:
		return bgp_mp_reach_encode(e->caps, wr, &a->mp_reach);
	case BGP_ATTR_MP_UNREACH_NLRI:
		return bgp_mp_unreach_encode(e->caps, wr, &a->mp_unreach);
	case BGP_ATTR_EXT_COMMUNITIES:
		return wire_wr_view_bytes(wr, &a->ext_communities);
	case BGP_ATTR_AS4_PATH:
		return wire_wr_view_bytes(wr, &a->as4_path);
	case BGP_ATTR_AS4_AGGREGATOR:
		if (wire_wr_u32(wr, a->as4_aggregator_as) == -1)
			return -1;
		return wire_wr_u32(wr, a->as4_aggregator_id);
	case BGP_ATTR_PMSI_TUNNEL:
		return val_pmsi(e);
	case BGP_ATTR_LARGE_COMMUNITY:
		return wire_wr_view_bytes(wr, &a->large_communities);
	default:
		return -1;
	}
}

/*
 * One attribute: header, then the value from raw (unknown) or from the
 * decoded set.  Written with a 1-octet length unless flags ask for two;
 * a value that turns out longer than 255 is rewritten with the
 * extended-length bit (RFC 4271 section 4.3).
 */
static int
attr_put(const struct attr_enc *e, uint8_t flags, uint8_t type,
    const struct bgp_attr_raw *raw)
{
	struct wire_wr *wr = e->wr;
	size_t start = wire_wr_len(wr), lenoff, vlen;
	bool ext;

	for (;;) {
		ext = (flags & BGP_ATTR_F_EXTLEN) != 0;
		if (wire_wr_u8(wr, flags) == -1 || wire_wr_u8(wr, type) == -1 ||
		    wire_wr_reserve(wr, ext ? 2 : 1, &lenoff) == -1)
			return -1;
		if ((raw != NULL ? wire_wr_view_bytes(wr, &raw->value) :
		    val_known(e, type)) == -1)
			return -1;
		vlen = wire_wr_since(wr, lenoff) - (ext ? 2 : 1);
		if (ext || vlen <= 0xff)
			break;
		wire_wr_truncate(wr, start);
		flags |= BGP_ATTR_F_EXTLEN;
	}
	if (vlen > 0xffff)
		return -1;
	if (ext)
		return wire_wr_patch_u16(wr, lenoff, (uint16_t)vlen);
	return wire_wr_patch_u8(wr, lenoff, (uint8_t)vlen);
}

/* Flags of a known attribute on the way out. */
static uint8_t
known_flags(const struct bgp_attrs *a, uint8_t type)
{
	uint8_t rx = a->flags[type];
	uint8_t f = (uint8_t)attr_canon_flags(type);

	f |= rx & BGP_ATTR_F_EXTLEN;
	/* RFC 4271 section 5: once set, the partial bit stays set. */
	if (f == F_OT)
		f |= rx & BGP_ATTR_F_PARTIAL;
	return f;
}

static uint8_t
unknown_flags(uint8_t rx)
{
	/* RFC 4271 section 5: passing on an unrecognized optional
	 * transitive attribute sets its partial bit. */
	if ((rx & F_OT) == F_OT)
		rx |= BGP_ATTR_F_PARTIAL;
	return rx;
}

/* Unknown attributes in ascending type order (insertion sort, <= 32). */
static void
unknown_sort(const struct bgp_attrs *a, uint8_t *idx, size_t n)
{
	for (size_t i = 0; i < n; i++)
		idx[i] = (uint8_t)i;
	for (size_t i = 1; i < n; i++) {
		uint8_t v = idx[i];
		size_t k = i;

		for (; k > 0 && a->unknown[idx[k - 1]].type >
		    a->unknown[v].type; k--)
			idx[k] = idx[k - 1];
		idx[k] = v;
	}
}

static int
attr_put_known(const struct attr_enc *e, uint8_t type)
{
	if (!bgp_attrs_has(e->a, type))
		return 0;
	return attr_put(e, known_flags(e->a, type), type, NULL);
}

int
bgp_attrs_encode(const struct bgp_peer_caps *caps, struct wire_wr *wr,
    const struct bgp_attrs *a)
{
	struct attr_enc e = { caps, wr, a };
	uint8_t idx[BGP_ATTRS_UNKNOWN_MAX];
	size_t n = a->nunknown < BGP_ATTRS_UNKNOWN_MAX ? a->nunknown :
	    BGP_ATTRS_UNKNOWN_MAX, k = 0;

	unknown_sort(a, idx, n);
	/* RFC 7606 section 5.1: the MP attributes first. */
	if (attr_put_known(&e, BGP_ATTR_MP_REACH_NLRI) == -1 ||
	    attr_put_known(&e, BGP_ATTR_MP_UNREACH_NLRI) == -1)
		return -1;
	for (int t = 0; t <= 0xff; t++) {
		uint8_t type = (uint8_t)t;

		if (attr_canon_flags(type) >= 0 && !attr_is_mp(type) &&
		    attr_put_known(&e, type) == -1)
			return -1;
		for (; k < n && a->unknown[idx[k]].type == type; k++) {
			const struct bgp_attr_raw *r = &a->unknown[idx[k]];

			if (attr_put(&e, unknown_flags(r->flags), type, r) ==
			    -1)
				return -1;
		}
	}
	return 0;
}

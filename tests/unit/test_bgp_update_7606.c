/*
 * test_bgp_update_7606.c -- unit tests of the RFC 7606 error handling of
 * the UPDATE codec (bgpd/bgp_update.c, bgpd/bgp_attr.c, bgpd/bgp_afi.c):
 * malformed UPDATEs.  Valid UPDATEs, the FRR vectors and the encoder are
 * in test_bgp_update.c; the helpers both share are in update_test.h.
 *
 * DOC: table-driven (STYLE.md section 8).  A row of rfc7606_cases gives a
 * malformed UPDATE body (as its three fields, or raw bytes when the
 * lengths are what is under test), the session it arrives on, the RFC 7606
 * action, the NOTIFICATION code/subcode and data, and the RFC section it
 * tests.  Each row is also cut at every length and bit-flipped: whatever
 * the bytes, the parser must not crash and must stay consistent with the
 * encoder (update_test.h, consistent()).
 * Hex strings may contain spaces: one group per field, for review.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "bgp_proto.h"
#include "bgp_update.h"
#include "update_test.h"
#include "wire.h"

/* ---- RFC 7606 ---- */

static void
chk_dup_first_kept(const struct bgp_update *up, const struct bgp_err *e)
{
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_ORIGIN));
	ck_assert_uint_eq(up->attrs.origin, BGP_ORIGIN_IGP);
	ck_assert_uint_eq(e->count, 1);
}

static void
chk_mp_still_parsed(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_MP_REACH_NLRI));
	ck_assert_uint_eq(up->attrs.mp_reach.routes.n, 1);
	assert_pfx(&up->attrs.mp_reach.routes, 0, "2001:db8:1::/48");
}

static void
chk_two_errors(const struct bgp_update *up, const struct bgp_err *e)
{
	ck_assert_uint_eq(e->count, 2);
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_ORIGIN));
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_ATOMIC_AGGREGATE));
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_LOCAL_PREF));
}

/* Attributes before the bad one were parsed; NLRI still located. */
static void
chk_before_kept(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_ORIGIN));
	ck_assert_uint_eq(up->nlri.n, 1);
	assert_pfx(&up->nlri, 0, "10.0.0.0/8");
}

#define BAD(nm, cp, w, at, nl, ac, sc, d) \
	{ .name = nm, .caps = cp, .wd = w, .attrs = at, .nlri = nl, \
	  .act = BGP_ACT_##ac, .code = BGP_ERR_UPDATE, .subcode = sc, \
	  .data = d }
#define BADX(nm, cp, at, nl, ac, sc, d, ty) \
	{ .name = nm, .caps = cp, .attrs = at, .nlri = nl, \
	  .act = BGP_ACT_##ac, .code = BGP_ERR_UPDATE, .subcode = sc, \
	  .data = d, .absent = ty }
#define BADRAW(nm, r) \
	{ .name = nm, .caps = C_IBGP4, .raw = r, .act = BGP_ACT_RESET, \
	  .code = BGP_ERR_UPDATE, .subcode = BGP_ERR_UPD_ATTRLIST, \
	  .data = "" }
#define BADAFI(nm, at, sc, d, a, s) \
	{ .name = nm, .caps = C_IBGP4, .attrs = at, \
	  .act = BGP_ACT_AFI_DISABLE, .code = BGP_ERR_UPDATE, \
	  .subcode = sc, .data = d, .afi = a, .safi = s }

#define S_LIST		BGP_ERR_UPD_ATTRLIST
#define S_WK		BGP_ERR_UPD_UNKNOWN_WK
#define S_MISS		BGP_ERR_UPD_MISSING_WK
#define S_FLAGS		BGP_ERR_UPD_FLAGS
#define S_LEN		BGP_ERR_UPD_LENGTH
#define S_ORIGIN	BGP_ERR_UPD_ORIGIN
#define S_NH		BGP_ERR_UPD_NEXTHOP
#define S_OPT		BGP_ERR_UPD_OPTATTR
#define S_NET		BGP_ERR_UPD_NETWORK
#define S_ASP		BGP_ERR_UPD_ASPATH

static const struct upd_case rfc7606_cases[] = {
	/* 3(b) = RFC 4271 section 6.3: lengths overrunning the message */
	BADRAW("3b-withdrawn-length-overrun", "0005 0000"),
	BADRAW("3b-attribute-length-overrun", "0000 0010 40010100"),
	BADRAW("3b-body-of-one-octet", "00"),
	BADRAW("3b-no-attribute-length", "0000"),
	/* 3(i), 3(j), 5.3: Withdrawn Routes and NLRI fields */
	BAD("3i-withdrawn-prefix-len-33", C_IBGP4, "21 0a00000100", NULL,
	    NULL, RESET, S_NET, ""),
	BAD("3i-withdrawn-prefix-overrun", C_IBGP4, "18 0a00", NULL, NULL,
	    RESET, S_NET, ""),
	BAD("3j-nlri-prefix-len-33", C_IBGP4, NULL, IBGP_BASE,
	    "21 0a00000100", RESET, S_NET, ""),
	BAD("3j-nlri-prefix-overrun", C_IBGP4, NULL, IBGP_BASE, "08 0a 18 0a00",
	    RESET, S_NET, ""),
	BAD("3j-nlri-addpath-id-truncated", C_AP, NULL, IBGP_BASE, "000000",
	    RESET, S_NET, ""),
	/* 7.1 ORIGIN */
	BAD("7.1-origin-length-2", C_IBGP4, NULL,
	    "40 01 02 0000 " ASP0 NH1 LP100, NLRI1, WITHDRAW, S_LEN,
	    "4001020000"),
	BAD("7.1-origin-length-0", C_IBGP4, NULL, "40 01 00 " ASP0 NH1 LP100,
	    NLRI1, WITHDRAW, S_LEN, "400100"),
	BAD("7.1-origin-value-3", C_IBGP4, NULL, "40 01 01 03 " ASP0 NH1 LP100,
	    NLRI1, WITHDRAW, S_ORIGIN, "40010103"),
	/* 3(c): O/T flags of a well-known attribute */
	BAD("3c-origin-flagged-optional", C_IBGP4, NULL,
	    "c0 01 01 00 " ASP0 NH1 LP100, NLRI1, WITHDRAW, S_FLAGS,
	    "c0010100"),
	BAD("3c-origin-not-transitive", C_IBGP4, NULL,
	    "00 01 01 00 " ASP0 NH1 LP100, NLRI1, WITHDRAW, S_FLAGS,
	    "00010100"),
	/* 3(d): missing well-known mandatory, data = type code */
	BAD("3d-origin-missing", C_IBGP4, NULL, ASP0 NH1 LP100, NLRI1,
	    WITHDRAW, S_MISS, "01"),
	BAD("3d-as-path-missing", C_IBGP4, NULL, ORIGIN NH1 LP100, NLRI1,
	    WITHDRAW, S_MISS, "02"),
	BAD("3d-next-hop-missing", C_IBGP4, NULL, ORIGIN ASP0 LP100, NLRI1,
	    WITHDRAW, S_MISS, "03"),
	BAD("3d-local-pref-missing-ibgp", C_IBGP4, NULL, ORIGIN ASP0 NH1,
	    NLRI1, WITHDRAW, S_MISS, "05"),
	BAD("3d-origin-missing-mp-reach", C_IBGP4, NULL, MPR6 ASP0 LP100,
	    NULL, WITHDRAW, S_MISS, "01"),
	/* 7.2 AS_PATH (no data: RFC 4271 section 6.3 names none) */
	BAD("7.2-as-path-segment-type-0", C_IBGP4, NULL,
	    ORIGIN "40 02 06 00 01 0000fde9 " NH1 LP100, NLRI1, WITHDRAW,
	    S_ASP, ""),
	BAD("7.2-as-path-segment-type-5", C_IBGP4, NULL,
	    ORIGIN "40 02 06 05 01 0000fde9 " NH1 LP100, NLRI1, WITHDRAW,
	    S_ASP, ""),
	BAD("7.2-as-path-segment-length-0", C_IBGP4, NULL,
	    ORIGIN "40 02 02 02 00 " NH1 LP100, NLRI1, WITHDRAW, S_ASP, ""),
	BAD("7.2-as-path-segment-overrun", C_IBGP4, NULL,
	    ORIGIN "40 02 06 02 02 0000fde9 " NH1 LP100, NLRI1, WITHDRAW,
	    S_ASP, ""),
	BAD("7.2-as-path-one-octet-left", C_IBGP4, NULL,
	    ORIGIN "40 02 07 02 01 0000fde9 02 " NH1 LP100, NLRI1, WITHDRAW,
	    S_ASP, ""),
	BAD("7.2-as-path-2octet-overrun", C_EBGP2, NULL,
	    ORIGIN "40 02 04 02 02 0001 " NH1, NLRI1, WITHDRAW, S_ASP, ""),
	BAD("7.2-as-path-confed-from-ebgp", C_EBGP4, NULL,
	    ORIGIN "40 02 06 03 01 0000fde9 " NH1, NLRI1, WITHDRAW, S_ASP, ""),
	BAD("7.2-as-path-confed-set-from-ebgp", C_EBGP4, NULL,
	    ORIGIN "40 02 0c 02 01 0000fde9 04 01 0000fdea " NH1, NLRI1,
	    WITHDRAW, S_ASP, ""),
	BAD("3c-as-path-flagged-optional", C_IBGP4, NULL,
	    ORIGIN "c0 02 00 " NH1 LP100, NLRI1, WITHDRAW, S_FLAGS, "c00200"),
	/* 7.3 NEXT_HOP */
	BAD("7.3-next-hop-length-5", C_IBGP4, NULL,
	    ORIGIN ASP0 "40 03 05 0a00000100 " LP100, NLRI1, WITHDRAW, S_LEN,
	    "4003050a00000100"),
	BAD("7.3-next-hop-length-0", C_IBGP4, NULL,
	    ORIGIN ASP0 "40 03 00 " LP100, NLRI1, WITHDRAW, S_LEN, "400300"),
	BAD("7.3-next-hop-zero", C_IBGP4, NULL,
	    ORIGIN ASP0 "40 03 04 00000000 " LP100, NLRI1, WITHDRAW, S_NH,
	    "40030400000000"),
	BAD("7.3-next-hop-multicast", C_IBGP4, NULL,
	    ORIGIN ASP0 "40 03 04 e0000001 " LP100, NLRI1, WITHDRAW, S_NH,
	    "400304e0000001"),
	BAD("7.3-next-hop-broadcast", C_IBGP4, NULL,
	    ORIGIN ASP0 "40 03 04 ffffffff " LP100, NLRI1, WITHDRAW, S_NH,
	    "400304ffffffff"),
	BAD("3c-next-hop-flagged-optional", C_IBGP4, NULL,
	    ORIGIN ASP0 "80 03 04 0a000001 " LP100, NLRI1, WITHDRAW, S_FLAGS,
	    "8003040a000001"),
	/* 7.4 MULTI_EXIT_DISC */
	BAD("7.4-med-length-2", C_IBGP4, NULL, IBGP_BASE "80 04 02 0000",
	    NLRI1, WITHDRAW, S_LEN, "8004020000"),
	BAD("3c-med-flagged-well-known", C_IBGP4, NULL,
	    IBGP_BASE "40 04 04 00000000", NLRI1, WITHDRAW, S_FLAGS,
	    "40040400000000"),
	/* 7.5 LOCAL_PREF */
	BAD("7.5-local-pref-length-3", C_IBGP4, NULL,
	    ORIGIN ASP0 NH1 "40 05 03 000064", NLRI1, WITHDRAW, S_LEN,
	    "40050300 0064"),
	BADX("7.5-local-pref-from-ebgp", C_EBGP4, EBGP_BASE LP100, NLRI1,
	    ATTR_DISCARD, S_LIST, "40050400000064", BGP_ATTR_LOCAL_PREF),
	/* 7.6 ATOMIC_AGGREGATE */
	BADX("7.6-atomic-aggregate-length-1", C_IBGP4,
	    IBGP_BASE "40 06 01 00", NLRI1, ATTR_DISCARD, S_LEN, "40060100",
	    BGP_ATTR_ATOMIC_AGGREGATE),
	/* 7.7 AGGREGATOR */
	BADX("7.7-aggregator-6-on-as4-session", C_IBGP4,
	    IBGP_BASE "c0 07 06 fde9 0a000002", NLRI1, ATTR_DISCARD, S_LEN,
	    "c00706fde90a000002", BGP_ATTR_AGGREGATOR),
	BADX("7.7-aggregator-8-on-as2-session", C_EBGP2,
	    EBGP2_BASE "c0 07 08 0000fde9 0a000002", NLRI1, ATTR_DISCARD,
	    S_LEN, "c007080000fde90a000002", BGP_ATTR_AGGREGATOR),
	BAD("3c-aggregator-flagged-well-known", C_IBGP4, NULL,
	    IBGP_BASE "40 07 08 0000fde9 0a000002", NLRI1, WITHDRAW, S_FLAGS,
	    "400708 0000fde9 0a000002"),
	/* 7.8 COMMUNITIES */
	BAD("7.8-communities-length-5", C_IBGP4, NULL,
	    IBGP_BASE "c0 08 05 fde80064 ff", NLRI1, WITHDRAW, S_LEN,
	    "c00805fde80064ff"),
	BAD("7.8-communities-length-0", C_IBGP4, NULL, IBGP_BASE "c0 08 00",
	    NLRI1, WITHDRAW, S_LEN, "c00800"),
	BAD("3c-communities-not-transitive", C_IBGP4, NULL,
	    IBGP_BASE "80 08 04 fde80064", NLRI1, WITHDRAW, S_FLAGS,
	    "800804fde80064"),
	/* 7.9 ORIGINATOR_ID */
	BAD("7.9-originator-id-length-3", C_IBGP4, NULL,
	    IBGP_BASE "80 09 03 0a0000", NLRI1, WITHDRAW, S_LEN,
	    "8009030a0000"),
	BADX("7.9-originator-id-from-ebgp", C_EBGP4,
	    EBGP_BASE "80 09 04 0a000003", NLRI1, ATTR_DISCARD, S_LIST,
	    "8009040a000003", BGP_ATTR_ORIGINATOR_ID),
	/* 7.10 CLUSTER_LIST */
	BAD("7.10-cluster-list-length-6", C_IBGP4, NULL,
	    IBGP_BASE "80 0a 06 0a000004 0a00", NLRI1, WITHDRAW, S_LEN,
	    "800a060a0000040a00"),
	BAD("7.10-cluster-list-length-0", C_IBGP4, NULL, IBGP_BASE "80 0a 00",
	    NLRI1, WITHDRAW, S_LEN, "800a00"),
	BADX("7.10-cluster-list-from-ebgp", C_EBGP4,
	    EBGP_BASE "80 0a 04 0a000004", NLRI1, ATTR_DISCARD, S_LIST,
	    "800a040a000004", BGP_ATTR_CLUSTER_LIST),
	/* 7.14 EXTENDED COMMUNITIES */
	BAD("7.14-ext-communities-length-12", C_IBGP4, NULL,
	    IBGP_BASE "c0 10 0c 0002fde800000064 00000000", NLRI1, WITHDRAW,
	    S_LEN, "c0100c0002fde80000006400000000"),
	BAD("7.14-ext-communities-length-0", C_IBGP4, NULL,
	    IBGP_BASE "c0 10 00", NLRI1, WITHDRAW, S_LEN, "c01000"),
	/* RFC 8092 section 5: LARGE_COMMUNITY */
	BAD("8092-large-communities-length-8", C_IBGP4, NULL,
	    IBGP_BASE "c0 20 08 0000fde8 00000001", NLRI1, WITHDRAW, S_LEN,
	    "c020080000fde800000001"),
	BAD("8092-large-communities-length-0", C_IBGP4, NULL,
	    IBGP_BASE "c0 20 00", NLRI1, WITHDRAW, S_LEN, "c02000"),
	/* RFC 6793 section 6: AS4_PATH, AS4_AGGREGATOR */
	BADX("6793-as4-path-zero-segment", C_EBGP2, EBGP2_BASE "c0 11 02 02 00",
	    NLRI1, ATTR_DISCARD, S_OPT, "c0110202 00", BGP_ATTR_AS4_PATH),
	BADX("6793-as4-path-confed", C_EBGP2,
	    EBGP2_BASE "c0 11 06 03 01 0000fde9", NLRI1, ATTR_DISCARD, S_OPT,
	    "c0110603010000fde9", BGP_ATTR_AS4_PATH),
	BADX("6793-as4-path-empty", C_EBGP2, EBGP2_BASE "c0 11 00", NLRI1,
	    ATTR_DISCARD, S_OPT, "c01100", BGP_ATTR_AS4_PATH),
	BADX("6793-as4-aggregator-length-6", C_EBGP2,
	    EBGP2_BASE "c0 12 06 fde9 0a000002", NLRI1, ATTR_DISCARD, S_LEN,
	    "c01206fde90a000002", BGP_ATTR_AS4_AGGREGATOR),
	/* RFC 6514 section 5: PMSI_TUNNEL */
	BAD("6514-pmsi-length-4", C_IBGP4, NULL, IBGP_BASE "c0 16 04 00060000",
	    NLRI1, WITHDRAW, S_LEN, "c01604 00060000"),
	BAD("6514-pmsi-ingress-endpoint-3-octets", C_IBGP4, NULL,
	    IBGP_BASE "c0 16 08 00 06 000064 0a6300", NLRI1, WITHDRAW, S_OPT,
	    "c0160800060000640a6300"),
	/* RFC 4271 section 6.3: unrecognized well-known attribute */
	BAD("4271-unknown-well-known", C_IBGP4, NULL, IBGP_BASE "40 63 01 00",
	    NLRI1, RESET, S_WK, "40630100"),
	BAD("4271-unknown-well-known-extlen", C_IBGP4, NULL,
	    IBGP_BASE "50 63 0001 00", NLRI1, RESET, S_WK, "5063000100"),
	/* 3(g): repeated attributes */
	{ .name = "3g-origin-twice-first-kept", .caps = C_IBGP4,
	  .attrs = IBGP_BASE "40 01 01 02", .nlri = NLRI1,
	  .act = BGP_ACT_ATTR_DISCARD, .code = BGP_ERR_UPDATE,
	  .subcode = S_LIST, .data = "", .check = chk_dup_first_kept },
	BAD("3g-mp-reach-twice", C_IBGP4, NULL, MPR6 MPR6 ORIGIN ASP0 LP100,
	    NULL, RESET, S_LIST, ""),
	BAD("3g-mp-unreach-twice", C_IBGP4, NULL, MPU6 MPU6, NULL, RESET,
	    S_LIST, ""),
	/* 4: attribute lengths against the Total Attribute Length */
	{ .name = "4-attribute-overruns-field", .caps = C_IBGP4,
	  .attrs = ORIGIN "40 02 05 02 01", .nlri = NLRI1,
	  .act = BGP_ACT_WITHDRAW, .code = BGP_ERR_UPDATE, .subcode = S_LEN,
	  .data = "4002050201", .check = chk_before_kept },
	BAD("4-mp-reach-overruns-field", C_IBGP4, NULL,
	    ORIGIN "90 0e 0030 0002 01", NULL, RESET, S_LEN,
	    "900e00300002 01"),
	{ .name = "4-two-octets-left", .caps = C_IBGP4,
	  .attrs = IBGP_BASE "40 02", .nlri = NLRI1,
	  .act = BGP_ACT_WITHDRAW, .code = BGP_ERR_UPDATE, .subcode = S_LIST,
	  .data = "", .check = chk_before_kept },
	BAD("4-extlen-header-three-octets-left", C_IBGP4, NULL,
	    IBGP_BASE "50 02 00", NLRI1, WITHDRAW, S_LIST, ""),
	BAD("4-one-octet-left", C_IBGP4, NULL, IBGP_BASE "40", NLRI1,
	    WITHDRAW, S_LIST, ""),
	BAD("4-mp-header-cut", C_IBGP4, NULL, IBGP_BASE "90 0e 00", NLRI1,
	    RESET, S_LIST, ""),
	/* 5.3, 7.11, 7.12; RFC 4760 section 7: MP attributes */
	BAD("7.11-mp-reach-no-safi", C_IBGP4, NULL, "80 0e 02 0002 " ORIGIN,
	    NULL, RESET, S_LEN, "800e020002"),
	BAD("7.12-mp-unreach-no-safi", C_IBGP4, NULL, "80 0f 02 0002", NULL,
	    RESET, S_LEN, "800f020002"),
	BADAFI("7.11-mp-reach-next-hop-overrun", "80 0e 06 0002 01 10 2001",
	    S_OPT, "800e06000201102001", 2, 1),
	BADAFI("7.11-mp-reach-no-reserved-octet",
	    "80 0e 14 0002 01 10 " NH6, S_OPT, "800e14000201 10" NH6, 2, 1),
	BADAFI("7.11-mp-reach-ipv6-next-hop-5",
	    "80 0e 0a 0002 01 05 0102030405 00", S_OPT,
	    "800e0a000201050102030405 00", 2, 1),
	BADAFI("7.11-mp-reach-evpn-next-hop-32",
	    "90 0e 0025 0019 46 20 " NH6 NH6LL "00", S_OPT,
	    "900e0025001946 20" NH6 NH6LL "00", 25, 70),
	BADAFI("5.3-mp-reach-ipv6-prefix-len-129",
	    "80 0e 16 0002 01 10 " NH6 "00 81 " ORIGIN ASP0 LP100, S_OPT,
	    "800e16000201 10" NH6 "00 81", 2, 1),
	BADAFI("5.3-mp-unreach-ipv6-truncated", "80 0f 06 0002 01 30 2001",
	    S_OPT, "800f0600020130 2001", 2, 1),
	BADAFI("5.3-mp-unreach-evpn-route-cut", MPU_EVPN_BAD, S_OPT,
	    "800f06001946022100", 25, 70),
	{ .name = "3c-mp-reach-flagged-transitive", .caps = C_IBGP4,
	  .attrs = "c0 0e 1c 0002 01 10 " NH6 "00 30 20010db80001 "
	    ORIGIN ASP0 LP100, .act = BGP_ACT_WITHDRAW,
	  .code = BGP_ERR_UPDATE, .subcode = S_FLAGS,
	  .data = "c00e1c000201 10" NH6 "00 30 20010db80001",
	  .check = chk_mp_still_parsed },
	BAD("5.3-two-families-malformed", C_IBGP4, NULL,
	    "80 0e 0a 0002 01 05 0102030405 00 " MPU_EVPN_BAD, NULL, RESET,
	    S_OPT, "800f06001946022100"),
	/* 3(h): several errors, the strongest action wins */
	{ .name = "3h-withdraw-beats-discard", .caps = C_IBGP4,
	  .attrs = "40 01 01 03 " ASP0 NH1 LP100 "40 06 01 00",
	  .nlri = NLRI1, .act = BGP_ACT_WITHDRAW, .code = BGP_ERR_UPDATE,
	  .subcode = S_ORIGIN, .data = "40010103", .check = chk_two_errors },
	BAD("3h-reset-beats-withdraw", C_IBGP4, NULL,
	    "40 01 01 03 " ASP0 NH1 LP100 "40 63 01 00", NLRI1, RESET, S_WK,
	    "40630100"),
	BAD("3h-first-of-the-strongest-kept", C_IBGP4, NULL,
	    "40 01 01 03 " ASP0 "40 03 00 " LP100, NLRI1, WITHDRAW, S_ORIGIN,
	    "40010103"),
};

/* ---- table runners ---- */

START_TEST(test_rfc7606)
{
	const struct upd_case *c = &rfc7606_cases[_i];
	static uint8_t body[BODY_MAX];
	struct bgp_err err;
	enum bgp_action act;
	size_t n;

	n = case_body(c, body, sizeof(body));
	act = parse(c->caps, body, n, &u, &err);
	ck_assert_msg(act == c->act, "%s: %s, want %s (%s)", c->name,
	    bgp_action_name(act), bgp_action_name(c->act), err.reason);
	ck_assert_int_eq(err.action, act);
	ck_assert_uint_ge(err.count, 1);
	ck_assert_msg(err.code == c->code && err.subcode == c->subcode,
	    "%s: code %u/%u, want %u/%u (%s)", c->name, err.code, err.subcode,
	    c->code, c->subcode, err.reason);
	ck_assert(err.reason[0] != '\0');
	if (c->data != NULL)
		assert_view_hex(c->name, &err.data, c->data);
	if (act == BGP_ACT_AFI_DISABLE) {
		ck_assert_uint_eq(err.afi, c->afi);
		ck_assert_uint_eq(err.safi, c->safi);
	}
	if (c->absent != 0)
		ck_assert_msg(!bgp_attrs_has(&u.attrs, c->absent),
		    "%s: attribute %u not discarded", c->name, c->absent);
	if (c->check != NULL)
		c->check(&u, &err);
}
END_TEST

/* The malformed ones too: cut and flipped, they must still not crash. */
START_TEST(test_sweep_malformed)
{
	const struct upd_case *c = &rfc7606_cases[_i];
	static uint8_t body[BODY_MAX];
	size_t n = case_body(c, body, sizeof(body));

	truncation_sweep(c->caps, body, n, c->name);
	bitflip_sweep(c->caps, body, n, c->name);
}
END_TEST

/* ---- suite ---- */

static Suite *
update_7606_suite(void)
{
	Suite *s = suite_create("bgp_update_7606");
	TCase *tc;

	tc = tcase_create("rfc7606");
	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_rfc7606, 0, NELEM(rfc7606_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("sweep");
	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_sweep_malformed, 0,
	    NELEM(rfc7606_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(update_7606_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (arena.base != NULL)
		bgp_arena_free(&arena);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

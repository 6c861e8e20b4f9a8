/*
 * test_bgp_update.c -- unit tests of bgpd/bgp_update.c, bgpd/bgp_attr.c
 * and bgpd/bgp_afi.c: the UPDATE codec on valid input, and its encoder.
 * The RFC 7606 malformed-input table is in test_bgp_update_7606.c; the
 * helpers both share are in update_test.h.
 *
 * DOC: table-driven (STYLE.md section 8).  A row gives an UPDATE body as
 * its three fields (Withdrawn Routes, Path Attributes, NLRI; the test
 * writes the two length fields) or as raw bytes when the lengths are what
 * is under test, the session it arrives on, and what must come out:
 *   - decode_cases: valid UPDATEs; every attribute type, IPv4/IPv6 with
 *     and without add-path, End-of-RIB, unknown families and attributes.
 *     Each is checked field by field, re-encoded (byte-exact, or to the
 *     canonical form the row gives), cut at every length and bit-flipped;
 *   - the FRR captures in ../shared/vectors: decoded against their
 *     description lines, re-encoded byte-exact, cut and bit-flipped.
 * Hex strings may contain spaces: one group per field, for review.
 */
#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_msg.h"
#include "bgp_proto.h"
#include "bgp_update.h"
#include "evpn_nlri.h"
#include "json.h"
#include "types.h"
#include "update_test.h"
#include "wire.h"

/* ---- the decode table ---- */

/* frr-01-open-type3-pmsi-type2-mac.hex frame=48, h1->rr: T3
 * rd=10.99.255.11:2 etag=0 orig=10.99.255.11 | origin=IGP local_pref=100
 * ext=[ENCAP:VXLAN RT:65000:100] PMSI label24=100 tunnel=10.99.255.11 */
#define FRR_T3_BODY "0000 004e " \
	"900e001c001946040a63ff0b00031100010a63ff0b000200000000200a63ff0b " \
	"40010100 50020000 40050400000064 " \
	"c01010030c0000000000080002fde800000064 c0160900060000640a63ff0b"

static void
chk_all_attrs(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_attrs *a = &up->attrs;
	struct wire_rd it = a->as_path, asns;
	uint8_t type, count;
	uint32_t asn;

	(void)e;
	ck_assert_uint_eq(a->origin, BGP_ORIGIN_EGP);
	ck_assert_uint_eq(a->as_path_size, 4);
	ck_assert_int_eq(bgp_aspath_next(&it, 4, &type, &count, &asns), 1);
	ck_assert_uint_eq(type, BGP_ASPATH_SEQUENCE);
	ck_assert_uint_eq(count, 2);
	ck_assert(wire_rd_u32(&asns, &asn) == 0 && asn == 65001);
	ck_assert(wire_rd_u32(&asns, &asn) == 0 && asn == 65002);
	ck_assert_int_eq(bgp_aspath_next(&it, 4, &type, &count, &asns), 1);
	ck_assert_uint_eq(type, BGP_ASPATH_SET);
	ck_assert(wire_rd_u32(&asns, &asn) == 0 && asn == 65536);
	ck_assert_int_eq(bgp_aspath_next(&it, 4, &type, &count, &asns), 0);
	assert_ip(&a->nexthop, "10.0.0.1");
	ck_assert_uint_eq(a->med, 50);
	ck_assert_uint_eq(a->flags[BGP_ATTR_MED], 0x80);
	ck_assert_uint_eq(a->local_pref, 200);
	ck_assert(bgp_attrs_has(a, BGP_ATTR_ATOMIC_AGGREGATE));
	ck_assert_uint_eq(a->aggregator_as, 65001);
	ck_assert_uint_eq(a->aggregator_size, 4);
	assert_ipv4(a->aggregator_id, "10.0.0.2");
	assert_view_hex("communities", &a->communities, "fde80064ffffff01");
	assert_ipv4(a->originator_id, "10.0.0.3");
	assert_view_hex("cluster", &a->cluster_list, "0a0000040a000005");
	assert_view_hex("ext", &a->ext_communities, "0002fde800000064");
	ck_assert_uint_eq(a->pmsi.flags, 0);
	ck_assert_uint_eq(a->pmsi.tunnel_type, BGP_PMSI_INGRESS_REPL);
	ck_assert_uint_eq(a->pmsi.label, 100);
	assert_view_hex("pmsi id", &a->pmsi.tunnel_id, "0a000006");
	assert_view_hex("large", &a->large_communities,
	    "0000fde80000000100000002");
	ck_assert_uint_eq(a->nunknown, 1);
	ck_assert_uint_eq(a->unknown[0].type, 99);
	ck_assert_uint_eq(a->unknown[0].flags, 0xc0);
	assert_view_hex("unknown", &a->unknown[0].value, "abcd");
	ck_assert(bgp_attrs_has(a, 99));
	ck_assert(!bgp_attrs_has(a, 100));	/* optional non-transitive */
	ck_assert(!bgp_attrs_has(a, BGP_ATTR_MP_REACH_NLRI));
	ck_assert_uint_eq(up->withdrawn.n, 0);
	ck_assert_uint_eq(up->nlri.n, 2);
	assert_pfx(&up->nlri, 0, "10.0.0.0/8");
	assert_pfx(&up->nlri, 1, "192.168.1.0/24");
	ck_assert(!up->eor);
}

static void
chk_as2_session(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_attrs *a = &up->attrs;
	struct wire_rd it = a->as_path, asns;
	uint8_t type, count;
	uint16_t asn;

	(void)e;
	ck_assert_uint_eq(a->as_path_size, 2);
	ck_assert_int_eq(bgp_aspath_next(&it, 2, &type, &count, &asns), 1);
	ck_assert(wire_rd_u16(&asns, &asn) == 0 && asn == BGP_AS_TRANS);
	ck_assert_uint_eq(a->aggregator_as, BGP_AS_TRANS);
	ck_assert_uint_eq(a->aggregator_size, 2);
	assert_ipv4(a->aggregator_id, "10.0.0.2");
	ck_assert(bgp_attrs_has(a, BGP_ATTR_AS4_PATH));
	assert_view_hex("as4_path", &a->as4_path, "020100010000");
	ck_assert(bgp_attrs_has(a, BGP_ATTR_AS4_AGGREGATOR));
	ck_assert_uint_eq(a->as4_aggregator_as, 65536);
	assert_ipv4(a->as4_aggregator_id, "10.0.0.2");
}

static void
chk_as4_ignored(const struct bgp_update *up, const struct bgp_err *e)
{
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_AS4_PATH));
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_AS4_AGGREGATOR));
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_LOCAL_PREF));
	ck_assert_uint_eq(e->count, 0);
}

static void
chk_v6_reach(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_mp_reach *m = &up->attrs.mp_reach;

	(void)e;
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_MP_REACH_NLRI));
	ck_assert_uint_eq(up->attrs.flags[BGP_ATTR_MP_REACH_NLRI], 0x90);
	ck_assert_uint_eq(m->afi, BGP_AFI_IPV6);
	ck_assert_uint_eq(m->safi, BGP_SAFI_UNICAST);
	assert_ip(&m->nh, "2001:db8::1");
	ck_assert_uint_eq(m->nh_ll.af, IP_AF_NONE);
	ck_assert_ptr_eq(m->routes.ops, &bgp_afi_ipv6_unicast);
	ck_assert_uint_eq(m->routes.n, 2);
	assert_pfx(&m->routes, 0, "2001:db8::/64");
	assert_pfx(&m->routes, 1, "2001:db8:1::/48");
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_NEXT_HOP));
	ck_assert_uint_eq(up->nlri.n, 0);
}

static void
chk_v6_ll(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_mp_reach *m = &up->attrs.mp_reach;

	(void)e;
	ck_assert_uint_eq(up->attrs.flags[BGP_ATTR_MP_REACH_NLRI], 0x80);
	assert_ip(&m->nh, "2001:db8::1");
	assert_ip(&m->nh_ll, "fe80::1");
	ck_assert_uint_eq(wire_rd_left(&m->nexthop), 32);
	ck_assert_uint_eq(m->routes.n, 1);
	assert_pfx(&m->routes, 0, "2001:db8::/64");
}

static void
chk_v6_unreach(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_mp_unreach *m = &up->attrs.mp_unreach;

	(void)e;
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_MP_UNREACH_NLRI));
	ck_assert_uint_eq(m->afi, BGP_AFI_IPV6);
	ck_assert_uint_eq(m->safi, BGP_SAFI_UNICAST);
	ck_assert_uint_eq(m->routes.n, 1);
	assert_pfx(&m->routes, 0, "2001:db8::/64");
	ck_assert(!up->eor);
}

static void
chk_v4_addpath(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert_uint_eq(up->withdrawn.n, 1);
	assert_pfx(&up->withdrawn, 0, "10.0.0.0/8");
	ck_assert_uint_eq(route_path_id(&up->withdrawn, 0), 1);
	ck_assert_uint_eq(up->nlri.n, 2);
	assert_pfx(&up->nlri, 0, "192.168.1.0/24");
	assert_pfx(&up->nlri, 1, "192.168.1.0/24");
	ck_assert_uint_eq(route_path_id(&up->nlri, 0), 2);
	ck_assert_uint_eq(route_path_id(&up->nlri, 1), 3);
}

static void
chk_v6_addpath(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_routes *r = &up->attrs.mp_reach.routes;

	(void)e;
	ck_assert_uint_eq(r->n, 1);
	assert_pfx(r, 0, "2001:db8::/64");
	ck_assert_uint_eq(route_path_id(r, 0), 7);
}

static void
chk_host_bits(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	assert_pfx(&up->withdrawn, 0, "192.168.1.128/25");
	ck_assert_uint_eq(up->nlri.n, 2);
	assert_pfx(&up->nlri, 0, "10.240.0.0/12");
	assert_pfx(&up->nlri, 1, "192.168.1.2/31");
}

static void
chk_default_host(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert_uint_eq(up->nlri.n, 2);
	assert_pfx(&up->nlri, 0, "0.0.0.0/0");
	assert_pfx(&up->nlri, 1, "10.0.0.1/32");
}

static void
chk_unregistered(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_mp_reach *m = &up->attrs.mp_reach;

	(void)e;
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_MP_REACH_NLRI));
	ck_assert_uint_eq(m->afi, 1);
	ck_assert_uint_eq(m->safi, 128);
	ck_assert_ptr_null(m->routes.ops);
	ck_assert_uint_eq(m->routes.n, 0);
	assert_view_hex("raw nlri", &m->nlri, "700006410000fde8000000010a");
	ck_assert_uint_eq(wire_rd_left(&m->nexthop), 12);
	ck_assert_uint_eq(m->nh.af, IP_AF_NONE);
}

static void
chk_eor_v4(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert(up->eor);
	ck_assert_uint_eq(up->eor_afi, BGP_AFI_IPV4);
	ck_assert_uint_eq(up->eor_safi, BGP_SAFI_UNICAST);
}

static void
chk_eor_v6(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert(up->eor);
	ck_assert_uint_eq(up->eor_afi, BGP_AFI_IPV6);
	ck_assert_uint_eq(up->eor_safi, BGP_SAFI_UNICAST);
}

static void
chk_eor_evpn(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert(up->eor);
	ck_assert_uint_eq(up->eor_afi, BGP_AFI_L2VPN);
	ck_assert_uint_eq(up->eor_safi, BGP_SAFI_EVPN);
	ck_assert_ptr_eq(up->attrs.mp_unreach.routes.ops, &evpn_afi_ops);
	ck_assert_uint_eq(up->attrs.mp_unreach.routes.n, 0);
}

static void
chk_not_eor(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert(!up->eor);
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_MP_UNREACH_NLRI));
}

static void
chk_withdraw_only(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert(!up->eor);
	ck_assert_uint_eq(up->withdrawn.n, 2);
	assert_pfx(&up->withdrawn, 0, "10.0.0.0/8");
	assert_pfx(&up->withdrawn, 1, "192.168.0.0/16");
	ck_assert_uint_eq(up->nlri.n, 0);
}

static void
chk_ebgp(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_LOCAL_PREF));
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_AS_PATH));
	ck_assert_uint_eq(wire_rd_left(&up->attrs.as_path), 6);
	ck_assert_uint_eq(up->nlri.n, 1);
}

static void
chk_ebgp2(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert_uint_eq(up->attrs.as_path_size, 2);
	ck_assert_uint_eq(up->attrs.aggregator_as, 65001);
	ck_assert_uint_eq(up->attrs.aggregator_size, 2);
}

static void
chk_pmsi_other(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_pmsi *p = &up->attrs.pmsi;

	(void)e;
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_PMSI_TUNNEL));
	ck_assert_uint_eq(p->flags, 1);
	ck_assert_uint_eq(p->tunnel_type, 3);
	ck_assert_uint_eq(p->label, 0);
	ck_assert_uint_eq(wire_rd_left(&p->tunnel_id), 0);
}

static void
chk_pmsi_v6(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert_uint_eq(up->attrs.pmsi.label, 100);
	ck_assert_uint_eq(wire_rd_left(&up->attrs.pmsi.tunnel_id), 16);
}

static void
chk_extlen_kept(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert_uint_eq(up->attrs.flags[BGP_ATTR_AS_PATH], 0x50);
	ck_assert_uint_eq(wire_rd_left(&up->attrs.as_path), 0);
}

static void
chk_partial(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert_uint_eq(up->attrs.flags[BGP_ATTR_ORIGIN], 0x60);
	ck_assert_uint_eq(up->attrs.flags[BGP_ATTR_COMMUNITIES], 0xe0);
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_ORIGIN));
}

static void
chk_unknown_two(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_attrs *a = &up->attrs;

	(void)e;
	ck_assert_uint_eq(a->nunknown, 2);
	ck_assert_uint_eq(a->unknown[0].type, 99);
	ck_assert_uint_eq(a->unknown[0].flags, 0xd0);
	ck_assert_uint_eq(a->unknown[1].type, 200);
	ck_assert_uint_eq(wire_rd_left(&a->unknown[1].value), 0);
}

static void
chk_nh_zero_mp(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_NEXT_HOP));
	assert_ip(&up->attrs.nexthop, "0.0.0.0");
	ck_assert_uint_eq(up->attrs.mp_reach.routes.n, 1);
}

static void
chk_unknown_kind(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	assert_ipv4(up->attrs.originator_id, "10.0.0.3");
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_LOCAL_PREF));
}

static void
chk_no_nlri(const struct bgp_update *up, const struct bgp_err *e)
{
	(void)e;
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_MED));
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_ORIGIN));
	ck_assert(!up->eor);
}

static void
chk_frr_t3(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_mp_reach *m = &up->attrs.mp_reach;
	const struct evpn_route *r;
	char buf[IP_STRLEN];

	(void)e;
	ck_assert_ptr_eq(m->routes.ops, &evpn_afi_ops);
	ck_assert_uint_eq(m->routes.n, 1);
	r = bgp_routes_at(&m->routes, 0);
	ck_assert_uint_eq(r->type, EVPN_RT_IMET);
	ck_assert_str_eq(ip_fmt(&r->ip, buf), "10.99.255.11");
	assert_ip(&m->nh, "10.99.255.11");
	ck_assert_uint_eq(up->attrs.pmsi.label, 100);
	ck_assert_uint_eq(up->attrs.local_pref, 100);
	ck_assert_uint_eq(up->attrs.origin, BGP_ORIGIN_IGP);
	ck_assert_uint_eq(wire_rd_left(&up->attrs.ext_communities), 16);
}

static void
chk_v4_v6nh(const struct bgp_update *up, const struct bgp_err *e)
{
	const struct bgp_mp_reach *m = &up->attrs.mp_reach;

	(void)e;
	ck_assert_ptr_eq(m->routes.ops, &bgp_afi_ipv4_unicast);
	assert_ip(&m->nh, "2001:db8::1");
	assert_pfx(&m->routes, 0, "10.0.0.0/8");
}

#define ALL_ATTRS_HEAD \
	"40 01 01 01 " \
	"40 02 10 02 02 0000fde9 0000fdea 01 01 00010000 " \
	NH1 \
	"80 04 04 00000032 " \
	"40 05 04 000000c8 " \
	"40 06 00 " \
	"c0 07 08 0000fde9 0a000002 " \
	"c0 08 08 fde80064 ffffff01 " \
	"80 09 04 0a000003 " \
	"80 0a 08 0a000004 0a000005 " \
	"c0 10 08 0002fde800000064 " \
	"c0 16 09 00 06 000064 0a000006 " \
	"c0 20 0c 0000fde8 00000001 00000002 "

static const struct upd_case decode_cases[] = {
	{ .name = "every-attribute-type", .caps = C_IBGP4,
	  .attrs = ALL_ATTRS_HEAD "c0 63 02 abcd 80 64 01 ff",
	  .nlri = "08 0a 18 c0a801", .check = chk_all_attrs,
	  /* unknown transitive passed on with the partial bit, RFC 4271
	   * section 5; the unknown non-transitive one quietly dropped */
	  .re_attrs = ALL_ATTRS_HEAD "e0 63 02 abcd" },
	{ .name = "as2-session-as4-attrs", .caps = C_IBGP2,
	  .attrs = ORIGIN "40 02 04 02 01 5ba0 " NH1 LP100
	    "c0 07 06 5ba0 0a000002 c0 11 06 02 01 00010000 "
	    "c0 12 08 00010000 0a000002", .nlri = NLRI1,
	  .check = chk_as2_session },
	{ .name = "as4-attrs-ignored-on-as4-session", .caps = C_IBGP4,
	  .attrs = IBGP_BASE "c0 11 06 02 01 00010000 "
	    "c0 12 08 00010000 0a000002", .nlri = NLRI1,
	  .check = chk_as4_ignored, .re_attrs = IBGP_BASE },
	{ .name = "ipv6-mp-reach", .caps = C_IBGP4,
	  .attrs = "90 0e 00 25 0002 01 10 " NH6
	    "00 40 20010db800000000 30 20010db80001 " ORIGIN ASP0 LP100,
	  .check = chk_v6_reach },
	{ .name = "ipv6-nexthop-link-local", .caps = C_IBGP4,
	  .attrs = "80 0e 2e 0002 01 20 " NH6 NH6LL "00 40 20010db800000000 "
	    ORIGIN ASP0 LP100, .check = chk_v6_ll },
	{ .name = "ipv6-mp-unreach", .caps = C_IBGP4,
	  .attrs = "80 0f 0c 0002 01 40 20010db800000000",
	  .check = chk_v6_unreach },
	{ .name = "ipv4-addpath", .caps = C_AP, .wd = "00000001 08 0a",
	  .attrs = IBGP_BASE,
	  .nlri = "00000002 18 c0a801 00000003 18 c0a801",
	  .check = chk_v4_addpath },
	{ .name = "ipv6-addpath", .caps = C_AP,
	  .attrs = "90 0e 00 22 0002 01 10 " NH6
	    "00 00000007 40 20010db800000000 " ORIGIN ASP0 LP100,
	  .check = chk_v6_addpath },
	{ .name = "ipv4-host-bits-cleared", .caps = C_IBGP4,
	  .wd = "19 c0a801ff", .attrs = IBGP_BASE,
	  .nlri = "0c 0aff 1f c0a80103", .check = chk_host_bits,
	  .re_wd = "19 c0a80180", .re_nlri = "0c 0af0 1f c0a80102" },
	{ .name = "ipv4-default-and-host", .caps = C_IBGP4,
	  .attrs = IBGP_BASE, .nlri = "00 20 0a000001",
	  .check = chk_default_host },
	{ .name = "unregistered-family-kept-raw", .caps = C_IBGP4,
	  .attrs = "90 0e 00 1e 0001 80 0c 0000000000000000 0a000001 00 "
	    "70 000641 0000fde800000001 0a " ORIGIN ASP0 LP100,
	  .check = chk_unregistered },
	{ .name = "eor-ipv4", .caps = C_IBGP4, .raw = "0000 0000",
	  .check = chk_eor_v4 },
	{ .name = "eor-ipv6", .caps = C_IBGP4, .attrs = "80 0f 03 0002 01",
	  .check = chk_eor_v6 },
	{ .name = "eor-evpn", .caps = C_IBGP4, .attrs = "80 0f 03 0019 46",
	  .check = chk_eor_evpn },
	{ .name = "not-eor-with-origin", .caps = C_IBGP4,
	  .attrs = "80 0f 03 0019 46 " ORIGIN, .check = chk_not_eor },
	{ .name = "not-eor-with-withdrawn", .caps = C_IBGP4, .wd = "08 0a",
	  .attrs = "80 0f 03 0019 46", .check = chk_not_eor },
	{ .name = "ipv4-withdraw-only", .caps = C_IBGP4,
	  .wd = "08 0a 10 c0a8", .check = chk_withdraw_only },
	{ .name = "ebgp-without-local-pref", .caps = C_EBGP4,
	  .attrs = EBGP_BASE, .nlri = NLRI1, .check = chk_ebgp },
	{ .name = "ebgp-2octet-aggregator", .caps = C_EBGP2,
	  .attrs = EBGP2_BASE "c0 07 06 fde9 0a000002", .nlri = NLRI1,
	  .check = chk_ebgp2 },
	{ .name = "pmsi-other-type-no-id", .caps = C_IBGP4,
	  .attrs = IBGP_BASE "c0 16 05 01 03 000000", .nlri = NLRI1,
	  .check = chk_pmsi_other },
	{ .name = "pmsi-ir-ipv6-endpoint", .caps = C_IBGP4,
	  .attrs = IBGP_BASE "c0 16 15 00 06 000064 " NH6, .nlri = NLRI1,
	  .check = chk_pmsi_v6 },
	{ .name = "extended-length-kept", .caps = C_IBGP4,
	  .attrs = ORIGIN "50 02 0000 " NH1 LP100, .nlri = NLRI1,
	  .check = chk_extlen_kept },
	{ .name = "partial-bits", .caps = C_IBGP4,
	  .attrs = "60 01 01 00 " ASP0 NH1 LP100 "e0 08 04 fde80064",
	  .nlri = NLRI1, .check = chk_partial,
	  /* well-known: canonical flags; optional transitive: kept */
	  .re_attrs = IBGP_BASE "e0 08 04 fde80064" },
	{ .name = "out-of-order-canonical", .caps = C_IBGP4,
	  .attrs = LP100 NH1 COMM1 ORIGIN ASP0 MPR6, .nlri = NLRI1,
	  /* RFC 7606 section 5.1: MP_REACH_NLRI first, then type order */
	  .re_attrs = MPR6 IBGP_BASE COMM1 },
	{ .name = "unknown-transitive-extlen", .caps = C_IBGP4,
	  .attrs = IBGP_BASE "d0 63 0002 abcd c0 c8 00", .nlri = NLRI1,
	  .check = chk_unknown_two,
	  .re_attrs = IBGP_BASE "f0 63 0002 abcd e0 c8 00" },
	{ .name = "unknown-sorted-among-known", .caps = C_IBGP4,
	  .attrs = IBGP_BASE "c0 0b 01 aa " COMM1, .nlri = NLRI1,
	  .re_attrs = IBGP_BASE COMM1 "e0 0b 01 aa" },
	{ .name = "next-hop-zero-in-mp-only-update", .caps = C_IBGP4,
	  .attrs = MPR6 ORIGIN ASP0 "40 03 04 00000000 " LP100,
	  .check = chk_nh_zero_mp },
	{ .name = "confed-segment-from-ibgp", .caps = C_IBGP4,
	  .attrs = ORIGIN "40 02 06 03 01 0000fde9 " NH1 LP100,
	  .nlri = NLRI1 },
	{ .name = "unknown-peer-kind", .caps = C_UNK,
	  .attrs = ORIGIN ASP0 NH1 "80 09 04 0a000003", .nlri = NLRI1,
	  .check = chk_unknown_kind },
	{ .name = "no-nlri-nothing-mandatory", .caps = C_IBGP4,
	  .attrs = "80 04 04 00000000", .check = chk_no_nlri },
	{ .name = "ipv4-over-mp-with-ipv6-nexthop", .caps = C_IBGP4,
	  .attrs = "80 0e 17 0001 01 10 " NH6 "00 08 0a " ORIGIN ASP0 LP100,
	  .check = chk_v4_v6nh },
	{ .name = "frr-evpn-type3-pmsi", .caps = C_IBGP4, .raw = FRR_T3_BODY,
	  .check = chk_frr_t3 },
};

/* ---- table runners ---- */

START_TEST(test_decode)
{
	const struct upd_case *c = &decode_cases[_i];
	static uint8_t body[BODY_MAX], out[BODY_MAX], want[BODY_MAX];
	struct bgp_err err;
	enum bgp_action act;
	size_t n, m, w;

	n = case_body(c, body, sizeof(body));
	act = parse(c->caps, body, n, &u, &err);
	ck_assert_msg(act == BGP_ACT_NONE, "%s: %s (%s)", c->name,
	    bgp_action_name(act), err.reason);
	ck_assert_uint_eq(err.count, 0);
	if (c->check != NULL)
		c->check(&u, &err);
	/* Round trip: byte-exact, or the canonical form of the row. */
	m = encode_body(c->caps, &u, out, sizeof(out));
	w = case_rebody(c, want, sizeof(want));
	assert_bytes(c->name, out, m, want, w);
}
END_TEST

START_TEST(test_truncation_cases)
{
	const struct upd_case *c = &decode_cases[_i];
	static uint8_t body[BODY_MAX];
	size_t n = case_body(c, body, sizeof(body));

	truncation_sweep(c->caps, body, n, c->name);
}
END_TEST

START_TEST(test_bitflip_cases)
{
	const struct upd_case *c = &decode_cases[_i];
	static uint8_t body[BODY_MAX];
	size_t n = case_body(c, body, sizeof(body));

	bitflip_sweep(c->caps, body, n, c->name);
}
END_TEST

/* ---- the FRR captures (../shared/vectors/README.md) ---- */

#define VECS_MAX	512

struct vec {
	uint8_t	*msg;		/* whole message, header included */
	size_t	 len;
	char	 file[64];
	char	 desc[400];	/* the '#' description line before it */
};

static struct vec vecs[VECS_MAX];
static size_t nvecs;

static void
vec_add(const char *file, const char *desc, const char *hex)
{
	static uint8_t tmp[BODY_MAX];
	struct vec *v;
	size_t n;

	n = unhex(hex, tmp, sizeof(tmp));
	/* UPDATEs only: type octet after marker and length. */
	if (n < BGP_HDR_LEN || tmp[18] != BGP_MSG_UPDATE || nvecs == VECS_MAX)
		return;
	v = &vecs[nvecs++];
	v->msg = malloc(n);
	ck_assert_ptr_nonnull(v->msg);
	memcpy(v->msg, tmp, n);
	v->len = n;
	snprintf(v->file, sizeof(v->file), "%s", file);
	snprintf(v->desc, sizeof(v->desc), "%s", desc);
}

static void
vec_load_file(const char *dir, const char *name)
{
	char path[512], desc[400] = "", *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while ((len = getline(&line, &cap, f)) > 0) {
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (line[0] == '#') {
			if (strncmp(line, "# frame", 7) != 0)
				snprintf(desc, sizeof(desc), "%s", line);
			continue;
		}
		vec_add(name, desc, line);
	}
	free(line);
	fclose(f);
}

static void
vec_load(void)
{
	DIR *d;
	struct dirent *de;

	if (nvecs > 0)
		return;
	d = opendir(VECTOR_DIR);
	ck_assert_msg(d != NULL, "no vector directory %s", VECTOR_DIR);
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l > 4 && strcmp(de->d_name + l - 4, ".hex") == 0)
			vec_load_file(VECTOR_DIR, de->d_name);
	}
	closedir(d);
}

/* "key=N" in the description, as a number; -1 when absent. */
static long
desc_num(const char *desc, const char *key)
{
	const char *p = strstr(desc, key);

	return p != NULL ? strtol(p + strlen(key), NULL, 10) : -1;
}

/* Every field the description line names must come out of the decode. */
static void
vec_check_desc(const struct vec *v, const struct bgp_update *up)
{
	const struct bgp_attrs *a = &up->attrs;
	const char *p;
	char buf[IP_STRLEN], nh[IP_STRLEN];
	long n;

	if (strstr(v->desc, "End-of-RIB") != NULL) {
		ck_assert_msg(up->eor, "%s", v->desc);
		ck_assert_uint_eq(up->eor_afi, desc_num(v->desc, "afi/safi="));
		ck_assert_uint_eq(up->eor_safi, 70);
		return;
	}
	ck_assert(!up->eor);
	p = strstr(v->desc, " route(s)");
	ck_assert_msg(p != NULL, "no route count in '%s'", v->desc);
	while (p > v->desc && isdigit((unsigned char)p[-1]))
		p--;
	n = strtol(p, NULL, 10);
	if (strstr(v->desc, " REACH ") != NULL) {
		ck_assert_ptr_eq(a->mp_reach.routes.ops, &evpn_afi_ops);
		ck_assert_uint_eq(a->mp_reach.routes.n, (size_t)n);
		p = strstr(v->desc, "nh=");
		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(sscanf(p, "nh=%45s", nh), 1);
		ck_assert_str_eq(ip_fmt(&a->mp_reach.nh, buf), nh);
	} else {
		ck_assert_msg(strstr(v->desc, " WITHDRAW ") != NULL, "%s",
		    v->desc);
		ck_assert_ptr_eq(a->mp_unreach.routes.ops, &evpn_afi_ops);
		ck_assert_uint_eq(a->mp_unreach.routes.n, (size_t)n);
	}
	if ((n = desc_num(v->desc, "local_pref=")) >= 0)
		ck_assert_uint_eq(a->local_pref, (uint32_t)n);
	ck_assert(bgp_attrs_has(a, BGP_ATTR_LOCAL_PREF) == (n >= 0));
	if ((n = desc_num(v->desc, "med=")) >= 0)
		ck_assert_uint_eq(a->med, (uint32_t)n);
	ck_assert(bgp_attrs_has(a, BGP_ATTR_MED) == (n >= 0));
	if ((p = strstr(v->desc, "originator_id=")) != NULL) {
		ck_assert_int_eq(sscanf(p, "originator_id=%45s", nh), 1);
		assert_ipv4(a->originator_id, nh);
	} else
		ck_assert(!bgp_attrs_has(a, BGP_ATTR_ORIGINATOR_ID));
	if ((p = strstr(v->desc, "cluster_list=")) != NULL) {
		ck_assert_int_eq(sscanf(p, "cluster_list=%45s", nh), 1);
		ck_assert_uint_eq(wire_rd_left(&a->cluster_list), 4);
	}
	if (strstr(v->desc, "origin=IGP") != NULL)
		ck_assert_uint_eq(a->origin, BGP_ORIGIN_IGP);
	if ((n = desc_num(v->desc, "label24=")) >= 0 &&
	    strstr(v->desc, "PMSI:") != NULL)
		ck_assert_uint_eq(a->pmsi.label, (uint32_t)n);
	ck_assert(bgp_attrs_has(a, BGP_ATTR_PMSI_TUNNEL) ==
	    (strstr(v->desc, "PMSI:") != NULL));
}

START_TEST(test_vectors)
{
	static uint8_t out[BODY_MAX];
	struct bgp_err err;
	enum bgp_action act;
	size_t m;

	vec_load();
	/* README.md: eight scenarios, dozens of UPDATEs. */
	ck_assert_uint_ge(nvecs, 50);
	for (size_t i = 0; i < nvecs; i++) {
		const struct vec *v = &vecs[i];
		const uint8_t *body = v->msg + BGP_HDR_LEN;
		size_t blen = v->len - BGP_HDR_LEN;

		ck_assert_uint_eq((size_t)v->msg[16] << 8 | v->msg[17],
		    v->len);
		act = parse(C_IBGP4, body, blen, &u, &err);
		ck_assert_msg(act == BGP_ACT_NONE, "%s '%s': %s (%s)",
		    v->file, v->desc, bgp_action_name(act), err.reason);
		vec_check_desc(v, &u);
		/* Round trip: FRR's bytes back, byte-exact. */
		m = encode_body(C_IBGP4, &u, out, sizeof(out));
		assert_bytes(v->desc, out, m, body, blen);
	}
}
END_TEST

START_TEST(test_vectors_sweep)
{
	vec_load();
	ck_assert_uint_ge(nvecs, 50);
	for (size_t i = 0; i < nvecs; i++) {
		const struct vec *v = &vecs[i];

		truncation_sweep(C_IBGP4, v->msg + BGP_HDR_LEN,
		    v->len - BGP_HDR_LEN, v->desc);
		bitflip_sweep(C_IBGP4, v->msg + BGP_HDR_LEN,
		    v->len - BGP_HDR_LEN, v->desc);
	}
}
END_TEST

/* ---- the encoder ---- */

/* Hex of n copies of item, appended to s (cap bytes). */
static void
hex_repeat(char *s, size_t cap, const char *item, size_t n)
{
	size_t l = strlen(s), il = strlen(item);

	ck_assert_uint_lt(l + n * il, cap);
	for (size_t i = 0; i < n; i++, l += il)
		memcpy(s + l, item, il + 1);
}

START_TEST(test_encode_extlen_promotion)
{
	static char attrs[4096];
	static uint8_t body[BODY_MAX], out[BODY_MAX];
	struct bgp_err err;
	size_t n, m;

	/* 70 communities: 280 octets, so the extended length is needed. */
	snprintf(attrs, sizeof(attrs), "%s d0 08 0118 ", IBGP_BASE);
	hex_repeat(attrs, sizeof(attrs), "fde80064", 70);
	n = body_build(NULL, attrs, NLRI1, body, sizeof(body));
	ck_assert_int_eq(parse(C_IBGP4, body, n, &u, &err), BGP_ACT_NONE);
	ck_assert_uint_eq(u.attrs.flags[BGP_ATTR_COMMUNITIES], 0xd0);
	/* Received without the bit: set anyway, the value needs it. */
	u.attrs.flags[BGP_ATTR_COMMUNITIES] = 0xc0;
	m = encode_body(C_IBGP4, &u, out, sizeof(out));
	assert_bytes("promoted", out, m, body, n);
	/* A short value keeps a 1-octet length. */
	u.attrs.communities.left = 4;
	m = encode_body(C_IBGP4, &u, out, sizeof(out));
	n = body_build(NULL, IBGP_BASE COMM1, NLRI1, body, sizeof(body));
	assert_bytes("short", out, m, body, n);
}
END_TEST

START_TEST(test_encode_mp_extlen_promotion)
{
	static char attrs[4096];
	static uint8_t body[BODY_MAX], out[BODY_MAX];
	struct bgp_err err;
	size_t n, m;

	/* 30 IPv6 /64 withdrawals: 3 + 270 = 273 octets of MP_UNREACH. */
	snprintf(attrs, sizeof(attrs), "90 0f 0111 0002 01 ");
	hex_repeat(attrs, sizeof(attrs), "40 20010db800000000 ", 30);
	n = body_build(NULL, attrs, NULL, body, sizeof(body));
	ck_assert_int_eq(parse(C_IBGP4, body, n, &u, &err), BGP_ACT_NONE);
	ck_assert_uint_eq(u.attrs.mp_unreach.routes.n, 30);
	/* Redone with the extended length once the NLRI outgrow 255. */
	u.attrs.flags[BGP_ATTR_MP_UNREACH_NLRI] = 0x80;
	m = encode_body(C_IBGP4, &u, out, sizeof(out));
	assert_bytes("mp promoted", out, m, body, n);
	/* One route fits a 1-octet length: 0x80 stays. */
	u.attrs.mp_unreach.routes.n = 1;
	m = encode_body(C_IBGP4, &u, out, sizeof(out));
	n = body_build(NULL, "80 0f 0c 0002 01 40 20010db800000000", NULL,
	    body, sizeof(body));
	assert_bytes("mp short", out, m, body, n);
}
END_TEST

/* Every capacity short of the message fails, writing nothing beyond. */
START_TEST(test_encode_small_buffers)
{
	static uint8_t body[BODY_MAX], buf[BODY_MAX + 16];
	const struct upd_case *c = &decode_cases[0];
	struct bgp_peer_caps caps;
	struct bgp_err err;
	struct wire_wr wr;
	size_t n, need;

	n = case_body(c, body, sizeof(body));
	ck_assert_int_eq(parse(c->caps, body, n, &u, &err), BGP_ACT_NONE);
	caps_get(c->caps, &caps);
	wire_wr_init(&wr, buf, sizeof(buf));
	ck_assert_int_eq(bgp_update_encode(&codec, &caps, &wr, &u), 0);
	need = wire_wr_len(&wr);
	ck_assert_uint_gt(need, BGP_HDR_LEN + 100);
	for (size_t cap = 0; cap < need; cap++) {
		memset(buf, 0xa5, sizeof(buf));
		wire_wr_init(&wr, buf, cap);
		ck_assert_msg(bgp_update_encode(&codec, &caps, &wr, &u) == -1,
		    "encode into %zu of %zu octets succeeded", cap, need);
		ck_assert_uint_le(wire_wr_len(&wr), cap);
		for (size_t i = cap; i < sizeof(buf); i++)
			if (buf[i] != 0xa5)
				ck_abort_msg("wrote at %zu (cap %zu)", i, cap);
	}
}
END_TEST

/* 1100 /24s: 4400 octets of NLRI, over 4096 without RFC 8654. */
START_TEST(test_encode_size_limit)
{
	static char nlri[16384];
	static uint8_t body[BODY_MAX], buf[BODY_MAX];
	struct bgp_peer_caps caps;
	struct bgp_err err;
	struct wire_wr wr;
	size_t n;

	nlri[0] = '\0';
	for (int i = 0; i < 1100; i++) {
		char item[16];

		snprintf(item, sizeof(item), "18 0a%02x%02x ", i >> 8, i & 255);
		hex_repeat(nlri, sizeof(nlri), item, 1);
	}
	n = body_build(NULL, IBGP_BASE, nlri, body, sizeof(body));
	ck_assert_int_eq(parse(C_IBGP4, body, n, &u, &err), BGP_ACT_NONE);
	ck_assert_uint_eq(u.nlri.n, 1100);
	caps_get(C_IBGP4, &caps);
	caps.ext_msg = false;
	wire_wr_init(&wr, buf, sizeof(buf));
	ck_assert_int_eq(bgp_update_encode(&codec, &caps, &wr, &u), -1);
	caps.ext_msg = true;
	wire_wr_init(&wr, buf, sizeof(buf));
	ck_assert_int_eq(bgp_update_encode(&codec, &caps, &wr, &u), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), BGP_HDR_LEN + n);
}
END_TEST

START_TEST(test_encode_aspath_size_mismatch)
{
	static uint8_t body[BODY_MAX], buf[BODY_MAX];
	struct bgp_peer_caps caps;
	struct bgp_err err;
	struct wire_wr wr;
	size_t n;

	n = body_build(NULL, EBGP_BASE, NLRI1, body, sizeof(body));
	ck_assert_int_eq(parse(C_EBGP4, body, n, &u, &err), BGP_ACT_NONE);
	/* A 4-octet path onto a 2-octet session: the speaker converts. */
	caps_get(C_EBGP2, &caps);
	wire_wr_init(&wr, buf, sizeof(buf));
	ck_assert_int_eq(bgp_update_encode(&codec, &caps, &wr, &u), -1);
	/* An empty path fits either. */
	n = body_build(NULL, IBGP_BASE, NLRI1, body, sizeof(body));
	ck_assert_int_eq(parse(C_IBGP4, body, n, &u, &err), BGP_ACT_NONE);
	caps_get(C_IBGP2, &caps);
	wire_wr_init(&wr, buf, sizeof(buf));
	ck_assert_int_eq(bgp_update_encode(&codec, &caps, &wr, &u), 0);
}
END_TEST

/* An UPDATE built in memory, not parsed: canonical flags and order. */
START_TEST(test_encode_local_build)
{
	static uint8_t body[BODY_MAX], out[BODY_MAX];
	struct bgp_prefix_route v4[2], v6[1];
	struct bgp_attrs *a = &u.attrs;
	struct bgp_err err;
	size_t n, m;

	memset(&u, 0, sizeof(u));
	memset(v4, 0, sizeof(v4));
	memset(v6, 0, sizeof(v6));
	ck_assert_int_eq(ip_parse("10.0.0.0", &v4[0].pfx.addr), 0);
	v4[0].pfx.len = 8;
	ck_assert_int_eq(ip_parse("192.168.1.0", &v4[1].pfx.addr), 0);
	v4[1].pfx.len = 24;
	ck_assert_int_eq(ip_parse("2001:db8::", &v6[0].pfx.addr), 0);
	v6[0].pfx.len = 64;
	u.nlri = (struct bgp_routes){ &bgp_afi_ipv4_unicast, 2, v4 };
	bgp_attrs_set(a, BGP_ATTR_LOCAL_PREF);
	a->local_pref = 100;
	bgp_attrs_set(a, BGP_ATTR_NEXT_HOP);
	ck_assert_int_eq(ip_parse("10.0.0.1", &a->nexthop), 0);
	bgp_attrs_set(a, BGP_ATTR_AS_PATH);
	a->as_path_size = 4;
	bgp_attrs_set(a, BGP_ATTR_ORIGIN);
	bgp_attrs_set(a, BGP_ATTR_MP_REACH_NLRI);
	a->mp_reach.afi = BGP_AFI_IPV6;
	a->mp_reach.safi = BGP_SAFI_UNICAST;
	ck_assert_int_eq(ip_parse("2001:db8::1", &a->mp_reach.nh), 0);
	ck_assert_int_eq(ip_parse("fe80::1", &a->mp_reach.nh_ll), 0);
	a->mp_reach.routes = (struct bgp_routes){ &bgp_afi_ipv6_unicast, 1,
	    v6 };
	m = encode_body(C_IBGP4, &u, out, sizeof(out));
	n = body_build(NULL, "80 0e 2e 0002 01 20 " NH6 NH6LL
	    "00 40 20010db800000000 " IBGP_BASE, "08 0a 18 c0a801", body,
	    sizeof(body));
	assert_bytes("local build", out, m, body, n);
	ck_assert_int_eq(parse(C_IBGP4, out, m, &u2, &err), BGP_ACT_NONE);
	ck_assert_uint_eq(u2.nlri.n, 2);
	assert_ip(&u2.attrs.mp_reach.nh_ll, "fe80::1");
}
END_TEST

/* Many NLRI: the route array grows inside the arena. */
START_TEST(test_many_nlri)
{
	static char nlri[16384];
	static uint8_t body[BODY_MAX], out[BODY_MAX];
	struct bgp_err err;
	char want[PREFIX_STRLEN];
	size_t n, m;

	nlri[0] = '\0';
	for (int i = 0; i < 1000; i++) {
		char item[16];

		snprintf(item, sizeof(item), "18 0a%02x%02x ", i >> 8, i & 255);
		hex_repeat(nlri, sizeof(nlri), item, 1);
	}
	n = body_build("08 0b", IBGP_BASE, nlri, body, sizeof(body));
	ck_assert_int_eq(parse(C_IBGP4, body, n, &u, &err), BGP_ACT_NONE);
	ck_assert_uint_eq(u.nlri.n, 1000);
	/* Growth by doubling: the arena holds under 4x what the routes
	 * need (growing by one would take ~11 MiB here). */
	ck_assert_uint_le(arena.used,
	    4 * 1000 * sizeof(struct bgp_prefix_route));
	for (int i = 0; i < 1000; i += 37) {
		snprintf(want, sizeof(want), "10.%d.%d.0/24", i >> 8, i & 255);
		assert_pfx(&u.nlri, (size_t)i, want);
	}
	assert_pfx(&u.nlri, 999, "10.3.231.0/24");
	assert_pfx(&u.withdrawn, 0, "11.0.0.0/8");
	m = encode_body(C_IBGP4, &u, out, sizeof(out));
	assert_bytes("many", out, m, body, n);
}
END_TEST

/* Arena exhaustion: session reset, Cease / Out of Resources. */
START_TEST(test_arena_exhausted)
{
	static char nlri[4096];
	static uint8_t body[BODY_MAX];
	struct bgp_arena small;
	struct bgp_peer_caps caps;
	struct bgp_err err;
	struct wire_rd rd;
	size_t n;

	nlri[0] = '\0';
	hex_repeat(nlri, sizeof(nlri), "18 0a0000 ", 100);
	n = body_build(NULL, IBGP_BASE, nlri, body, sizeof(body));
	bgp_arena_init(&small, 1024);
	caps_get(C_IBGP4, &caps);
	wire_rd_init(&rd, body, n);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_update_parse(&codec, &caps, &rd, &small, &u,
	    &err), BGP_ACT_RESET);
	ck_assert_uint_eq(err.code, BGP_ERR_CEASE);
	ck_assert_uint_eq(err.subcode, BGP_ERR_CEASE_RESOURCES);
	/* The same UPDATE fits a big enough arena. */
	ck_assert_int_eq(parse(C_IBGP4, body, n, &u, &err), BGP_ACT_NONE);
	ck_assert_uint_eq(u.nlri.n, 100);
	bgp_arena_free(&small);
}
END_TEST

/* More unknown attributes than BGP_ATTRS_UNKNOWN_MAX: the rest dropped. */
START_TEST(test_unknown_cap)
{
	static char attrs[4096];
	static uint8_t body[BODY_MAX], out[BODY_MAX];
	struct bgp_err err;
	size_t n, m;
	int last = 100 + BGP_ATTRS_UNKNOWN_MAX;

	snprintf(attrs, sizeof(attrs), "%s", IBGP_BASE);
	for (int t = 100; t <= last; t++) {
		char item[16];

		snprintf(item, sizeof(item), "c0 %02x 01 %02x ", t, t);
		hex_repeat(attrs, sizeof(attrs), item, 1);
	}
	n = body_build(NULL, attrs, NLRI1, body, sizeof(body));
	ck_assert_int_eq(parse(C_IBGP4, body, n, &u, &err),
	    BGP_ACT_ATTR_DISCARD);
	ck_assert_uint_eq(err.subcode, BGP_ERR_UPD_OPTATTR);
	ck_assert_uint_eq(u.attrs.nunknown, BGP_ATTRS_UNKNOWN_MAX);
	ck_assert(!bgp_attrs_has(&u.attrs, (uint8_t)last));
	ck_assert(bgp_attrs_has(&u.attrs, (uint8_t)(last - 1)));
	ck_assert_uint_eq(wire_rd_left(&err.data), 4);
	ck_assert_uint_eq(wire_rd_data(&err.data)[1], last);
	m = encode_body(C_IBGP4, &u, out, sizeof(out));
	ck_assert_int_eq(parse(C_IBGP4, out, m, &u2, &err), BGP_ACT_NONE);
	ck_assert_uint_eq(u2.attrs.nunknown, BGP_ATTRS_UNKNOWN_MAX);
	ck_assert_uint_eq(u2.attrs.unknown[0].flags, 0xe0);
}
END_TEST

/* BGP_ECOMM_MAX extended communities fit; one more is withdrawn. */
START_TEST(test_ecomm_cap)
{
	static char attrs[20000];
	static uint8_t body[BODY_MAX];
	struct bgp_err err;
	size_t n;

	snprintf(attrs, sizeof(attrs), "%s d0 10 %04x ", IBGP_BASE,
	    BGP_ECOMM_MAX * 8);
	hex_repeat(attrs, sizeof(attrs), "0002fde800000064", BGP_ECOMM_MAX);
	n = body_build(NULL, attrs, NLRI1, body, sizeof(body));
	ck_assert_int_eq(parse(C_IBGP4, body, n, &u, &err), BGP_ACT_NONE);
	ck_assert_uint_eq(wire_rd_left(&u.attrs.ext_communities),
	    BGP_ECOMM_MAX * 8);
	snprintf(attrs, sizeof(attrs), "%s d0 10 %04x ", IBGP_BASE,
	    (BGP_ECOMM_MAX + 1) * 8);
	hex_repeat(attrs, sizeof(attrs), "0002fde800000064",
	    BGP_ECOMM_MAX + 1);
	n = body_build(NULL, attrs, NLRI1, body, sizeof(body));
	ck_assert_int_eq(parse(C_IBGP4, body, n, &u, &err), BGP_ACT_WITHDRAW);
	ck_assert_uint_eq(err.subcode, BGP_ERR_UPD_OPTATTR);
	ck_assert(!bgp_attrs_has(&u.attrs, BGP_ATTR_EXT_COMMUNITIES));
}
END_TEST

/* ---- bgp_aspath_next ---- */

struct asp_case {
	const char	*hex;
	uint8_t		 as_size;
	size_t		 nsegs;		/* segments returned before the end */
	int		 end;		/* 0 or -1 */
};

static const struct asp_case asp_cases[] = {
	{ "", 4, 0, 0 },
	{ "0201 0000fde9", 4, 1, 0 },
	{ "0202 0000fde9 0000fdea 0101 00010000", 4, 2, 0 },
	{ "0301 0000fde9 0401 0000fdea", 4, 2, 0 },
	{ "0201 fde9", 2, 1, 0 },
	{ "0201 fde9", 4, 0, -1 },		/* overrun */
	{ "0001 0000fde9", 4, 0, -1 },		/* type 0 */
	{ "0501 0000fde9", 4, 0, -1 },		/* type 5 */
	{ "0200", 4, 0, -1 },			/* zero count */
	{ "02", 4, 0, -1 },			/* one octet */
	{ "0201 0000fde9 02", 4, 1, -1 },	/* underrun after one */
	{ "0201 fde9", 3, 0, -1 },		/* bad AS size */
};

START_TEST(test_aspath_next)
{
	const struct asp_case *c = &asp_cases[_i];
	uint8_t b[64], type, count;
	struct wire_rd it, asns, before;
	size_t n = unhex(c->hex, b, sizeof(b)), segs = 0;
	int rc;

	wire_rd_init(&it, b, n);
	for (;;) {
		before = it;
		rc = bgp_aspath_next(&it, c->as_size, &type, &count, &asns);
		if (rc != 1)
			break;
		segs++;
		ck_assert_uint_eq(wire_rd_left(&asns),
		    (size_t)count * c->as_size);
		ck_assert(type >= BGP_ASPATH_SET &&
		    type <= BGP_ASPATH_CONFED_SET);
	}
	ck_assert_int_eq(rc, c->end);
	ck_assert_uint_eq(segs, c->nsegs);
	/* On failure the iterator is left where it was. */
	ck_assert_ptr_eq(wire_rd_data(&it), wire_rd_data(&before));
	ck_assert_uint_eq(wire_rd_left(&it), wire_rd_left(&before));
}
END_TEST

/* ---- bgp_afi.c: the unicast NLRI codec ---- */

struct pfx_case {
	const char	*name;
	const struct bgp_afi_ops *ops;
	bool		 addpath;
	const char	*hex;
	int		 rc;
	const char	*pfx;		/* decoded */
	uint32_t	 path_id;
	const char	*re;		/* re-encoded; NULL: as input */
};

static const struct pfx_case pfx_cases[] = {
	{ "v4-8", &bgp_afi_ipv4_unicast, false, "08 0a", 0, "10.0.0.0/8", 0,
	  NULL },
	{ "v4-0", &bgp_afi_ipv4_unicast, false, "00", 0, "0.0.0.0/0", 0,
	  NULL },
	{ "v4-32", &bgp_afi_ipv4_unicast, false, "20 0a000001", 0,
	  "10.0.0.1/32", 0, NULL },
	{ "v4-host-bits", &bgp_afi_ipv4_unicast, false, "0c 0aff", 0,
	  "10.240.0.0/12", 0, "0c 0af0" },
	{ "v4-33", &bgp_afi_ipv4_unicast, false, "21 0a00000100", -1, NULL,
	  0, NULL },
	{ "v4-overrun", &bgp_afi_ipv4_unicast, false, "18 0a00", -1, NULL, 0,
	  NULL },
	{ "v4-empty", &bgp_afi_ipv4_unicast, false, "", -1, NULL, 0, NULL },
	{ "v4-addpath", &bgp_afi_ipv4_unicast, true, "0000000a 08 0a", 0,
	  "10.0.0.0/8", 10, NULL },
	{ "v4-addpath-cut", &bgp_afi_ipv4_unicast, true, "000000", -1, NULL,
	  0, NULL },
	{ "v4-addpath-no-length", &bgp_afi_ipv4_unicast, true, "0000000a",
	  -1, NULL, 0, NULL },
	{ "v6-128", &bgp_afi_ipv6_unicast, false, "80 " NH6, 0,
	  "2001:db8::1/128", 0, NULL },
	{ "v6-64", &bgp_afi_ipv6_unicast, false, "40 20010db800000000", 0,
	  "2001:db8::/64", 0, NULL },
	{ "v6-host-bits", &bgp_afi_ipv6_unicast, false,
	  "41 20010db800000000 ff", 0, "2001:db8:0:0:8000::/65", 0,
	  "41 20010db800000000 80" },
	{ "v6-129", &bgp_afi_ipv6_unicast, false, "81 " NH6 "00", -1, NULL,
	  0, NULL },
	{ "v6-addpath", &bgp_afi_ipv6_unicast, true, "ffffffff 00", 0,
	  "::/0", 0xffffffff, NULL },
};

START_TEST(test_unicast_codec)
{
	const struct pfx_case *c = &pfx_cases[_i];
	uint8_t in[64], out[64], want[64];
	struct bgp_prefix_route r;
	struct wire_rd rd;
	struct wire_wr wr;
	const char *why = NULL;
	char buf[PREFIX_STRLEN];
	size_t n = unhex(c->hex, in, sizeof(in)), w;

	memset(&r, 0, sizeof(r));
	wire_rd_init(&rd, in, n);
	ck_assert_int_eq(c->ops->decode(&rd, c->addpath, &r, &why), c->rc);
	if (c->rc == -1) {
		ck_assert_ptr_nonnull(why);
		return;
	}
	ck_assert_msg(wire_rd_empty(&rd), "%s: bytes left", c->name);
	ck_assert_str_eq(prefix_fmt(&r.pfx, buf), c->pfx);
	ck_assert_uint_eq(r.path_id, c->path_id);
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(c->ops->encode(&wr, c->addpath, &r), 0);
	w = unhex(c->re != NULL ? c->re : c->hex, want, sizeof(want));
	assert_bytes(c->name, out, wire_wr_len(&wr), want, w);
	/* Too small a writer fails. */
	wire_wr_init(&wr, out, w - 1);
	ck_assert_int_eq(c->ops->encode(&wr, c->addpath, &r), -1);
}
END_TEST

START_TEST(test_unicast_json)
{
	struct bgp_prefix_route r;
	struct json j;

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(ip_parse("10.0.0.0", &r.pfx.addr), 0);
	r.pfx.len = 8;
	json_init_buf(&j);
	bgp_afi_ipv4_unicast.json(&j, &r);
	ck_assert_str_eq(json_str_get(&j), "{\"prefix\":\"10.0.0.0/8\"}");
	json_free(&j);
	r.path_id = 7;
	ck_assert_int_eq(ip_parse("2001:db8::", &r.pfx.addr), 0);
	r.pfx.len = 32;
	json_init_buf(&j);
	bgp_afi_ipv6_unicast.json(&j, &r);
	ck_assert_str_eq(json_str_get(&j),
	    "{\"prefix\":\"2001:db8::/32\",\"pathId\":7}");
	json_free(&j);
}
END_TEST

START_TEST(test_codec_table)
{
	static struct bgp_afi_ops extra[BGP_CODEC_AFIS_MAX];
	struct bgp_codec cd;
	size_t i;

	bgp_codec_init(&cd);
	ck_assert_uint_eq(cd.nafis, 2);
	ck_assert_ptr_eq(bgp_codec_find(&cd, 1, 1), &bgp_afi_ipv4_unicast);
	ck_assert_ptr_eq(bgp_codec_find(&cd, 2, 1), &bgp_afi_ipv6_unicast);
	ck_assert_ptr_null(bgp_codec_find(&cd, 25, 70));
	ck_assert_ptr_null(bgp_codec_find(&cd, 1, 2));
	ck_assert_int_eq(bgp_codec_register(&cd, &bgp_afi_ipv4_unicast), -1);
	ck_assert_int_eq(bgp_codec_register(&cd, &evpn_afi_ops), 0);
	ck_assert_ptr_eq(bgp_codec_find(&cd, 25, 70), &evpn_afi_ops);
	ck_assert_int_eq(bgp_codec_register(&cd, &evpn_afi_ops), -1);
	for (i = 0; cd.nafis < BGP_CODEC_AFIS_MAX; i++) {
		extra[i] = bgp_afi_ipv4_unicast;
		extra[i].safi = (uint8_t)(100 + i);
		ck_assert_int_eq(bgp_codec_register(&cd, &extra[i]), 0);
	}
	extra[i] = bgp_afi_ipv4_unicast;
	extra[i].safi = 200;
	ck_assert_int_eq(bgp_codec_register(&cd, &extra[i]), -1);
	ck_assert_ptr_null(bgp_codec_find(&cd, 1, 200));
	ck_assert_ptr_eq(bgp_codec_find(&cd, 1, 100), &extra[0]);
}
END_TEST

START_TEST(test_caps_addpath)
{
	struct bgp_peer_caps caps;

	caps_get(C_IBGP4, &caps);
	ck_assert(!bgp_caps_addpath(&caps, 1, 1));
	caps_get(C_AP, &caps);
	ck_assert(bgp_caps_addpath(&caps, 1, 1));
	ck_assert(bgp_caps_addpath(&caps, 2, 1));
	ck_assert(bgp_caps_addpath(&caps, 25, 70));
	ck_assert(!bgp_caps_addpath(&caps, 2, 2));
	ck_assert(!bgp_caps_addpath(&caps, 25, 1));
	/* A count past the array is bounded, not trusted. */
	caps.naddpath_rx = 1000;
	ck_assert(bgp_caps_addpath(&caps, 25, 70));
	ck_assert(!bgp_caps_addpath(&caps, 9, 9));
}
END_TEST

/* ---- suite ---- */

static Suite *
update_suite(void)
{
	Suite *s = suite_create("bgp_update");
	TCase *tc;

	tc = tcase_create("decode");
	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_decode, 0, NELEM(decode_cases));
	tcase_add_test(tc, test_vectors);
	suite_add_tcase(s, tc);

	tc = tcase_create("encode");
	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_encode_extlen_promotion);
	tcase_add_test(tc, test_encode_mp_extlen_promotion);
	tcase_add_test(tc, test_encode_small_buffers);
	tcase_add_test(tc, test_encode_size_limit);
	tcase_add_test(tc, test_encode_aspath_size_mismatch);
	tcase_add_test(tc, test_encode_local_build);
	tcase_add_test(tc, test_many_nlri);
	tcase_add_test(tc, test_arena_exhausted);
	tcase_add_test(tc, test_unknown_cap);
	tcase_add_test(tc, test_ecomm_cap);
	suite_add_tcase(s, tc);

	tc = tcase_create("units");
	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_aspath_next, 0, NELEM(asp_cases));
	tcase_add_loop_test(tc, test_unicast_codec, 0, NELEM(pfx_cases));
	tcase_add_test(tc, test_unicast_json);
	tcase_add_test(tc, test_codec_table);
	tcase_add_test(tc, test_caps_addpath);
	suite_add_tcase(s, tc);

	tc = tcase_create("sweep");
	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_truncation_cases, 0, NELEM(decode_cases));
	tcase_add_loop_test(tc, test_bitflip_cases, 0, NELEM(decode_cases));
	tcase_add_test(tc, test_vectors_sweep);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(update_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (size_t i = 0; i < nvecs; i++)
		free(vecs[i].msg);
	if (arena.base != NULL)
		bgp_arena_free(&arena);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

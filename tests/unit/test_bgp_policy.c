/*
 * test_bgp_policy.c -- route-maps and prefix-lists (bgpd/bgp_policy.c):
 * prefix-list ge/le matching, route-map permit/deny/implicit deny, each
 * set clause on drafts built by hand or parsed from UPDATE bytes, and
 * the re-encoded result.  The policy comes from configuration text
 * through conf_bgp_new(), as in the daemon.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../bgpd/bgp_local.h"
#include "bgp_conf.h"
#include "check_main.h"
#include "conf.h"
#include "update_test.h"

static const char policy_text[] =
    "ip prefix-list EXACT seq 5 permit 10.0.0.0/8\n"
    "ip prefix-list LE seq 5 permit 10.0.0.0/8 le 16\n"
    "ip prefix-list GE seq 5 permit 10.0.0.0/8 ge 24\n"
    "ip prefix-list GELE seq 5 permit 10.0.0.0/8 ge 12 le 20\n"
    "ip prefix-list ORDER seq 10 permit 10.0.0.0/8 le 32\n"
    "ip prefix-list ORDER seq 5 deny 10.1.0.0/16 le 32\n"
    "ip prefix-list DENYALL seq 5 deny any\n"
    "ip prefix-list DENYALL seq 10 permit 10.0.0.0/8 le 32\n"
    "ip prefix-list ANY permit any\n"
    "ip prefix-list ODD seq 5 permit 10.128.0.0/9 le 32\n"
    "ipv6 prefix-list V6 seq 5 permit 2001:db8::/32 le 48\n"
    "route-map RM permit 10\n"
    " match ip address prefix-list EXACT\n"
    " set local-preference 300\n"
    "exit\n"
    "route-map RM deny 20\n"
    " match ip address prefix-list LE\n"
    "exit\n"
    "route-map RM permit 30\n"
    " match evpn route-type macip\n"
    " match evpn vni 100\n"
    " set metric 7\n"
    "exit\n"
    "route-map RM permit 40\n"
    " match ipv6 address prefix-list V6\n"
    " set metric 6\n"
    "exit\n"
    "route-map ALL permit 10\n"
    "exit\n"
    "route-map DENY deny 10\n"
    "exit\n"
    "route-map EMPTY-SET permit 5\n"
    " set community none\n"
    "exit\n"
    "route-map COMM permit 10\n"
    " set community 1:1 2:2\n"
    "exit\n"
    "route-map ADD permit 10\n"
    " set community 65000:1 3:3 additive\n"
    "exit\n"
    "route-map PREPEND permit 10\n"
    " set as-path prepend 65000 65000\n"
    "exit\n"
    "route-map RT permit 10\n"
    " set extcommunity rt 65000:5001\n"
    "exit\n"
    "route-map NH permit 10\n"
    " set ip next-hop 10.99.255.1\n"
    "exit\n"
    "route-map OUT permit 10\n"
    " match ip address prefix-list ANY\n"
    " set metric 7\n"
    " set as-path prepend 65000\n"
    " set community 1:1 additive\n"
    "exit\n"
    "route-map MCAST permit 10\n"
    " match evpn route-type multicast\n"
    " set ip next-hop 10.99.255.1\n"
    " set extcommunity rt 65000:200\n"
    "exit\n";

static struct bgp_conf *pc;
static struct bgp_policy_scratch scratch;

static void
policy_setup(void)
{
	char err[256];
	struct conf *c;

	setup();
	if (pc != NULL)
		return;
	c = conf_load_buf("t", policy_text, strlen(policy_text), err,
	    sizeof(err));
	ck_assert_msg(c != NULL, "%s", err);
	pc = conf_bgp_new(c);
	conf_free(c);
}

static struct ip_prefix
pfx(const char *s)
{
	char a[64];
	const char *slash = strchr(s, '/');
	struct ip_prefix p;

	ck_assert_ptr_nonnull(slash);
	snprintf(a, sizeof(a), "%.*s", (int)(slash - s), s);
	ck_assert_int_eq(ip_parse(a, &p.addr), 0);
	p.len = (uint8_t)atoi(slash + 1);
	return p;
}

/* ---- prefix-lists ---- */

static const struct {
	const char	*list, *pfx;
	bool		 permit;
} plist_cases[] = {
	{ "EXACT", "10.0.0.0/8", true },
	{ "EXACT", "10.0.0.0/9", false },	/* no ge/le: exact length */
	{ "EXACT", "11.0.0.0/8", false },
	{ "EXACT", "0.0.0.0/0", false },	/* shorter than the entry */
	{ "LE", "10.0.0.0/8", true },		/* le alone: 8..16 */
	{ "LE", "10.1.0.0/16", true },
	{ "LE", "10.1.1.0/24", false },
	{ "GE", "10.1.1.0/24", true },		/* ge alone: 24..32 */
	{ "GE", "10.1.1.1/32", true },
	{ "GE", "10.1.0.0/23", false },
	{ "GE", "11.1.1.0/24", false },
	{ "GELE", "10.16.0.0/12", true },
	{ "GELE", "10.1.16.0/20", true },
	{ "GELE", "10.0.0.0/11", false },
	{ "GELE", "10.1.1.0/21", false },
	{ "ORDER", "10.1.2.0/24", false },	/* seq 5 first */
	{ "ORDER", "10.2.0.0/16", true },
	{ "DENYALL", "10.0.0.0/8", false },
	{ "ANY", "192.0.2.0/24", true },
	{ "ANY", "0.0.0.0/0", true },
	{ "ODD", "10.200.0.0/16", true },	/* bit 9 set */
	{ "ODD", "10.127.0.0/16", false },
	{ "V6", "2001:db8:1::/48", true },
	{ "V6", "2001:db8::/32", true },
	{ "V6", "2001:db8:1:1::/64", false },
	{ "V6", "2001:db9::/32", false },
	{ "EXACT", "::/0", false },		/* no IPv6 list EXACT */
	{ "V6", "10.0.0.0/8", false },		/* no IPv4 list V6 */
	{ "NOPE", "10.0.0.0/8", false },	/* absent: deny */
};

START_TEST(plist)
{
	struct ip_prefix p = pfx(plist_cases[_i].pfx);

	ck_assert_msg(bgp_plist_permits(pc, plist_cases[_i].list, &p) ==
	    plist_cases[_i].permit, "%s %s", plist_cases[_i].list,
	    plist_cases[_i].pfx);
}
END_TEST

/* ---- route-map permit / deny / implicit deny ---- */

static const struct {
	const char	*rmap;
	const char	*pfx;		/* NULL: none */
	uint8_t		 evpn_type;
	int32_t		 vni;		/* -1: none */
	bool		 permit;
	uint32_t	 lp, med;	/* expected when permitted; 0: unset */
} rmap_cases[] = {
	{ "RM", "10.0.0.0/8", 0, -1, true, 300, 0 },	/* seq 10 */
	{ "RM", "10.1.0.0/16", 0, -1, false, 0, 0 },	/* seq 20 deny */
	{ "RM", "10.1.1.0/24", 0, -1, false, 0, 0 },	/* implicit deny */
	{ "RM", NULL, 2, 100, true, 0, 7 },		/* seq 30 */
	{ "RM", NULL, 2, 101, false, 0, 0 },		/* wrong vni */
	{ "RM", NULL, 2, -1, false, 0, 0 },		/* no vni */
	{ "RM", NULL, 3, 100, false, 0, 0 },		/* wrong type */
	{ "RM", "10.0.0.0/8", 2, 100, true, 300, 0 },	/* first wins */
	{ "RM", "2001:db8:5::/48", 0, -1, true, 0, 6 },	/* seq 40 */
	{ "RM", "2001:db8:5::/64", 0, -1, false, 0, 0 },
	{ "ALL", NULL, 0, -1, true, 0, 0 },		/* no match clause */
	{ "ALL", "192.0.2.0/24", 5, 9, true, 0, 0 },
	{ "DENY", "10.0.0.0/8", 0, -1, false, 0, 0 },
	{ "NOPE", "10.0.0.0/8", 0, -1, false, 0, 0 },	/* absent: deny */
};

START_TEST(rmap)
{
	struct bgp_route_info info = { 0 };
	struct bgp_attrs d;
	bool ok;

	memset(&d, 0, sizeof(d));
	if (rmap_cases[_i].pfx != NULL) {
		info.has_pfx = true;
		info.pfx = pfx(rmap_cases[_i].pfx);
	}
	info.evpn_type = rmap_cases[_i].evpn_type;
	if (rmap_cases[_i].vni >= 0) {
		info.has_vni = true;
		info.vni = (uint32_t)rmap_cases[_i].vni;
	}
	ok = bgp_policy_apply(pc, rmap_cases[_i].rmap, &info, &d, &scratch);
	ck_assert_msg(ok == rmap_cases[_i].permit, "case %d", _i);
	if (!ok)
		return;
	ck_assert(bgp_attrs_has(&d, BGP_ATTR_LOCAL_PREF) ==
	    (rmap_cases[_i].lp != 0));
	ck_assert_uint_eq(d.local_pref, rmap_cases[_i].lp);
	ck_assert(bgp_attrs_has(&d, BGP_ATTR_MED) == (rmap_cases[_i].med != 0));
	ck_assert_uint_eq(d.med, rmap_cases[_i].med);
	if (rmap_cases[_i].lp != 0)
		ck_assert_uint_eq(d.flags[BGP_ATTR_LOCAL_PREF], 0x40);
	if (rmap_cases[_i].med != 0)
		ck_assert_uint_eq(d.flags[BGP_ATTR_MED], 0x80);
}
END_TEST

/* ---- set clauses on hand-built drafts ---- */

static uint8_t in_bytes[BGP_MSG_MAX + 64];

/* A draft whose attribute type has the given hex value (a view of it). */
static void
draft_with(struct bgp_attrs *d, uint8_t type, const char *hex,
    struct wire_rd *view)
{
	size_t n = unhex(hex, in_bytes, sizeof(in_bytes));

	memset(d, 0, sizeof(*d));
	d->as_path_size = 4;
	wire_rd_init(view, in_bytes, n);
	bgp_attrs_set(d, type);
	d->flags[type] = 0xc0;
}

static bool
apply(const char *name, struct bgp_attrs *d)
{
	struct bgp_route_info info = { 0 };

	info.has_pfx = true;
	info.pfx = pfx("10.0.0.0/8");
	return bgp_policy_apply(pc, name, &info, d, &scratch);
}

START_TEST(set_comm_replace)
{
	struct bgp_attrs d;

	draft_with(&d, BGP_ATTR_COMMUNITIES, "fde80001 fde80002",
	    &d.communities);
	ck_assert(apply("COMM", &d));
	ck_assert(bgp_attrs_has(&d, BGP_ATTR_COMMUNITIES));
	assert_view_hex("communities", &d.communities, "00010001 00020002");
	/* The input is untouched: the result lives in the scratch. */
	ck_assert_uint_eq(in_bytes[0], 0xfd);
}
END_TEST

START_TEST(set_comm_additive)
{
	struct bgp_attrs d;

	draft_with(&d, BGP_ATTR_COMMUNITIES, "fde80001 fde80064",
	    &d.communities);
	ck_assert(apply("ADD", &d));
	/* 65000:1 is there already: kept once, 3:3 appended */
	assert_view_hex("communities", &d.communities,
	    "fde80001 fde80064 00030003");
	/* no communities before: just the new ones, standard flags */
	memset(&d, 0, sizeof(d));
	ck_assert(apply("ADD", &d));
	assert_view_hex("communities", &d.communities, "fde80001 00030003");
	ck_assert_uint_eq(d.flags[BGP_ATTR_COMMUNITIES], 0xc0);
}
END_TEST

START_TEST(set_comm_none)
{
	struct bgp_attrs d;

	draft_with(&d, BGP_ATTR_COMMUNITIES, "fde80001", &d.communities);
	ck_assert(apply("EMPTY-SET", &d));
	ck_assert(!bgp_attrs_has(&d, BGP_ATTR_COMMUNITIES));
	ck_assert_uint_eq(wire_rd_left(&d.communities), 0);
}
END_TEST

/* Too many communities for the scratch: the route is denied. */
START_TEST(set_comm_overflow)
{
	static char hex[2 * BGP_MSG_MAX + 1];
	struct bgp_attrs d;
	size_t i;

	for (i = 0; i < BGP_MSG_MAX / 4; i++)
		snprintf(hex + 8 * i, 9, "%08zx", i + 0x10000);
	draft_with(&d, BGP_ATTR_COMMUNITIES, hex, &d.communities);
	ck_assert(!apply("ADD", &d));
}
END_TEST

static const struct {
	const char	*path;		/* AS_PATH value, hex */
	const char	*want;
} prepend_cases[] = {
	/* into an existing AS_SEQUENCE */
	{ "02 02 0000fde9 0000fdea",
	  "02 04 0000fde8 0000fde8 0000fde9 0000fdea" },
	/* in front of an AS_SET: a new segment */
	{ "01 01 0000fde9",
	  "02 02 0000fde8 0000fde8 01 01 0000fde9" },
	/* empty path */
	{ "", "02 02 0000fde8 0000fde8" },
	/* sequence then set: merged into the first, the rest kept */
	{ "02 01 0000fde9 01 02 00000001 00000002",
	  "02 03 0000fde8 0000fde8 0000fde9 01 02 00000001 00000002" },
};

START_TEST(set_prepend)
{
	struct bgp_attrs d;

	draft_with(&d, BGP_ATTR_AS_PATH, prepend_cases[_i].path, &d.as_path);
	ck_assert(apply("PREPEND", &d));
	ck_assert(bgp_attrs_has(&d, BGP_ATTR_AS_PATH));
	ck_assert_uint_eq(d.as_path_size, 4);
	assert_view_hex("as_path", &d.as_path, prepend_cases[_i].want);
}
END_TEST

/* A full first sequence (255 ASNs) gets a new segment in front. */
START_TEST(set_prepend_full)
{
	static char hex[4 + 8 * 255 + 1];
	struct bgp_attrs d;
	struct wire_rd it, asns;
	uint8_t type, cnt;

	snprintf(hex, sizeof(hex), "02ff");
	for (int i = 0; i < 255; i++)
		snprintf(hex + 4 + 8 * i, 9, "%08x", 64512 + i);
	draft_with(&d, BGP_ATTR_AS_PATH, hex, &d.as_path);
	ck_assert(apply("PREPEND", &d));
	it = d.as_path;
	ck_assert_int_eq(bgp_aspath_next(&it, 4, &type, &cnt, &asns), 1);
	ck_assert_uint_eq(type, BGP_ASPATH_SEQUENCE);
	ck_assert_uint_eq(cnt, 2);
	ck_assert_int_eq(bgp_aspath_next(&it, 4, &type, &cnt, &asns), 1);
	ck_assert_uint_eq(cnt, 255);
	ck_assert_int_eq(bgp_aspath_next(&it, 4, &type, &cnt, &asns), 0);
}
END_TEST

/* Twice over one draft: the second run reads what the first wrote into
 * the same scratch. */
START_TEST(set_prepend_twice)
{
	struct bgp_attrs d;

	draft_with(&d, BGP_ATTR_AS_PATH, "02 01 0000fde9", &d.as_path);
	ck_assert(apply("PREPEND", &d));
	ck_assert(apply("PREPEND", &d));
	assert_view_hex("as_path", &d.as_path,
	    "02 05 0000fde8 0000fde8 0000fde8 0000fde8 0000fde9");
}
END_TEST

START_TEST(set_ext_rt)
{
	struct bgp_attrs d;

	/* RT 65000:1, encapsulation VXLAN, RT 10.0.0.1:7, MAC mobility,
	 * RT 4-octet AS 4200000000:9, non-transitive 0x40/0x02 */
	draft_with(&d, BGP_ATTR_EXT_COMMUNITIES,
	    "0002fde800000001 030c000000000008 01020a0000010007 "
	    "0600000000000005 0202fa56ea000009 4002000000000001",
	    &d.ext_communities);
	ck_assert(apply("RT", &d));
	assert_view_hex("ext_communities", &d.ext_communities,
	    "030c000000000008 0600000000000005 4002000000000001 "
	    "0002fde800001389");
	/* no extended communities before */
	memset(&d, 0, sizeof(d));
	ck_assert(apply("RT", &d));
	assert_view_hex("ext_communities", &d.ext_communities,
	    "0002fde800001389");
	ck_assert_uint_eq(d.flags[BGP_ATTR_EXT_COMMUNITIES], 0xc0);
}
END_TEST

START_TEST(set_nexthop_v4)
{
	struct bgp_attrs d;

	memset(&d, 0, sizeof(d));
	ip_set_v4(&d.nexthop, 0x0a000001);
	bgp_attrs_set(&d, BGP_ATTR_NEXT_HOP);
	ck_assert(apply("NH", &d));
	assert_ip(&d.nexthop, "10.99.255.1");
	ck_assert(!bgp_attrs_has(&d, BGP_ATTR_MP_REACH_NLRI));
}
END_TEST

/* An IPv6 unicast route keeps its next hop. */
START_TEST(set_nexthop_v6_ignored)
{
	static uint8_t b[BODY_MAX];
	struct bgp_err err;
	size_t n;

	n = body_build(NULL, ORIGIN ASP4 MPR6, NULL, b, sizeof(b));
	ck_assert_int_eq(parse(C_EBGP4, b, n, &u, &err), BGP_ACT_NONE);
	ck_assert(apply("NH", &u.attrs));
	assert_ip(&u.attrs.mp_reach.nh, "2001:db8::1");
	ck_assert_uint_eq(wire_rd_left(&u.attrs.mp_reach.nexthop), 16);
	ck_assert(!bgp_attrs_has(&u.attrs, BGP_ATTR_NEXT_HOP));
}
END_TEST

/* ---- drafts from UPDATE bytes, re-encoded ---- */

/*
 * EBGP IPv4 UPDATE: ORIGIN IGP, AS_PATH [65001 65002], NEXT_HOP
 * 192.0.2.1, COMMUNITIES 65000:1; NLRI 10.1.0.0/24.  OUT adds MED 7,
 * prepends 65000 and adds 1:1.
 */
START_TEST(update_out)
{
	static uint8_t b[BODY_MAX], out[BODY_MAX], want[BODY_MAX];
	struct bgp_route_info info = { 0 };
	struct bgp_err err;
	size_t n, m;

	n = body_build(NULL, ORIGIN "40 02 0a 02 02 0000fde9 0000fdea "
	    "40 03 04 c0000201 " "c0 08 04 fde80001", "18 0a0100", b,
	    sizeof(b));
	ck_assert_int_eq(parse(C_EBGP4, b, n, &u, &err), BGP_ACT_NONE);
	ck_assert_uint_eq(u.nlri.n, 1);
	u.nlri.ops->info(bgp_routes_at(&u.nlri, 0), &info);
	ck_assert(bgp_policy_apply(pc, "OUT", &info, &u.attrs, &scratch));
	m = encode_body(C_EBGP4, &u, out, sizeof(out));
	n = body_build(NULL, ORIGIN
	    "40 02 0e 02 03 0000fde8 0000fde9 0000fdea "
	    "40 03 04 c0000201 80 04 04 00000007 "
	    "c0 08 08 fde80001 00010001", "18 0a0100", want, sizeof(want));
	assert_bytes("re-encoded", out, m, want, n);
}
END_TEST

/*
 * IBGP EVPN UPDATE: a type-3 route (RD 1:10.0.0.1:100, etag 100, originator
 * 10.0.0.1) in MP_REACH with next hop 10.0.0.1, RT 65000:100.  MCAST
 * rewrites the MP_REACH next hop and the route target.
 */
START_TEST(update_evpn)
{
	static uint8_t b[BODY_MAX], out[BODY_MAX], want[BODY_MAX];
	struct bgp_route_info info = { 0 };
	struct bgp_err err;
	size_t n, m;

#define MPR_EVPN(nh) "80 0e 1c 0019 46 04 " nh " 00 " \
	"03 11 00010a0000010064 00000064 20 0a000001 "
	n = body_build(NULL, ORIGIN ASP0 LP100 MPR_EVPN("0a000001")
	    "c0 10 08 0002fde800000064", NULL, b, sizeof(b));
	ck_assert_int_eq(parse(C_IBGP4, b, n, &u, &err), BGP_ACT_NONE);
	ck_assert_uint_eq(u.attrs.mp_reach.routes.n, 1);
	u.attrs.mp_reach.routes.ops->info(
	    bgp_routes_at(&u.attrs.mp_reach.routes, 0), &info);
	ck_assert_uint_eq(info.evpn_type, 3);
	ck_assert(!bgp_policy_apply(pc, "RM", &info, &u.attrs, &scratch));
	ck_assert(bgp_policy_apply(pc, "MCAST", &info, &u.attrs, &scratch));
	assert_ip(&u.attrs.mp_reach.nh, "10.99.255.1");
	ck_assert(!bgp_attrs_has(&u.attrs, BGP_ATTR_NEXT_HOP));
	m = encode_body(C_IBGP4, &u, out, sizeof(out));
	n = body_build(NULL, MPR_EVPN("0a63ff01") ORIGIN ASP0 LP100
	    "c0 10 08 0002fde8000000c8", NULL, want, sizeof(want));
#undef MPR_EVPN
	assert_bytes("re-encoded", out, m, want, n);
}
END_TEST

static Suite *
policy_suite(void)
{
	Suite *s = suite_create("bgp_policy");
	TCase *tc = tcase_create("bgp_policy");

	tcase_add_checked_fixture(tc, policy_setup, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, plist, 0, (int)NELEM(plist_cases));
	tcase_add_loop_test(tc, rmap, 0, (int)NELEM(rmap_cases));
	tcase_add_test(tc, set_comm_replace);
	tcase_add_test(tc, set_comm_additive);
	tcase_add_test(tc, set_comm_none);
	tcase_add_test(tc, set_comm_overflow);
	tcase_add_loop_test(tc, set_prepend, 0, (int)NELEM(prepend_cases));
	tcase_add_test(tc, set_prepend_full);
	tcase_add_test(tc, set_prepend_twice);
	tcase_add_test(tc, set_ext_rt);
	tcase_add_test(tc, set_nexthop_v4);
	tcase_add_test(tc, set_nexthop_v6_ignored);
	tcase_add_test(tc, update_out);
	tcase_add_test(tc, update_evpn);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int rc = check_run(policy_suite());

	conf_bgp_free(pc);
	bgp_arena_free(&arena);
	return rc;
}

/*
 * test_conf_bgp.c -- bgpd's typed snapshot (conf/conf_bgp.c,
 * conf/conf_bgp_policy.c) and its lookups (bgpd/bgp_conf.c): the example
 * configurations of tests/conf and small inline ones for peer-group
 * inheritance, defaults, prefix-lists and route-maps.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_conf.h"
#include "check_main.h"
#include "conf.h"
#include "types.h"

static struct bgp_conf *
load_file(const char *name)
{
	char path[512], err[256];
	struct conf *c;
	struct bgp_conf *b;

	snprintf(path, sizeof(path), "%s/%s", CONF_TEST_DIR, name);
	c = conf_load_file(path, err, sizeof(err));
	ck_assert_msg(c != NULL, "%s", err);
	b = conf_bgp_new(c);
	conf_free(c);	/* the snapshot must not borrow from the tree */
	ck_assert_ptr_nonnull(b);
	return b;
}

static struct bgp_conf *
load_text(const char *text)
{
	char err[256];
	struct conf *c = conf_load_buf("t", text, strlen(text), err,
	    sizeof(err));
	struct bgp_conf *b;

	ck_assert_msg(c != NULL, "%s", err);
	b = conf_bgp_new(c);
	conf_free(c);
	return b;
}

static struct ip_addr
ip(const char *s)
{
	struct ip_addr a;

	ck_assert_int_eq(ip_parse(s, &a), 0);
	return a;
}

static const struct bgp_conf_peer *
peer(const struct bgp_conf_inst *in, const char *addr)
{
	struct ip_addr a = ip(addr);
	const struct bgp_conf_peer *p = bgp_conf_peer_find(in, &a);

	ck_assert_msg(p != NULL, "no neighbor %s", addr);
	return p;
}

static void
assert_pfx(const struct ip_prefix *p, const char *addr, uint8_t len)
{
	struct ip_addr a = ip(addr);

	ck_assert(ip_eq(&p->addr, &a));
	ck_assert_uint_eq(p->len, len);
}

START_TEST(vtep)
{
	struct bgp_conf *b = load_file("vtep.conf");
	const struct bgp_conf_inst *in, *red;
	const struct bgp_conf_peer *p, *g;

	ck_assert(!b->no_rib);
	ck_assert_uint_eq(b->ninst, 2);
	in = &b->inst[0];
	ck_assert_str_eq(in->vrf, "default");
	ck_assert_ptr_eq(bgp_conf_inst_find(b, "default"), in);
	ck_assert_uint_eq(in->asn, 65000);
	ck_assert_uint_eq(in->router_id, 0x0a63ff0b);	/* 10.99.255.11 */
	ck_assert_uint_eq(in->cluster_id, 0);
	ck_assert(in->no_default_ipv4);
	ck_assert(in->log_neighbor_changes);
	ck_assert(in->ebgp_requires_policy);
	ck_assert(!in->multipath_relax);
	ck_assert_uint_eq(in->keepalive, 60);
	ck_assert_uint_eq(in->hold, 180);
	ck_assert(in->advertise_all_vni);
	ck_assert(!in->advertise_ipv4_unicast);
	ck_assert_uint_eq(in->npeers, 2);
	ck_assert_uint_eq(in->ngroups, 1);

	p = peer(in, "10.99.0.2");
	ck_assert_str_eq(p->name, "10.99.0.2");
	ck_assert(!p->is_group);
	ck_assert_str_eq(p->group, "RR");
	ck_assert_int_eq(p->remote_as_kind, BGP_CONF_AS_INTERNAL);
	ck_assert_uint_eq(p->update_source.af, IP_AF_V4);
	ck_assert_str_eq(p->update_source_if, "");
	ck_assert(p->timers_set);
	ck_assert_uint_eq(p->keepalive, 3);
	ck_assert_uint_eq(p->hold, 9);
	ck_assert(p->af[BGP_FAM_EVPN].activate);	/* from the group */
	ck_assert(!p->af[BGP_FAM_IPV4].activate);

	g = bgp_conf_group_find(in, "RR");
	ck_assert_ptr_nonnull(g);
	ck_assert(g->is_group);
	ck_assert(g->af[BGP_FAM_EVPN].activate);
	ck_assert_ptr_null(bgp_conf_group_find(in, "NOPE"));

	red = bgp_conf_inst_find(b, "red");
	ck_assert_ptr_eq(red, &b->inst[1]);
	ck_assert(red->unicast[BGP_FAM_IPV4].redistribute_connected);
	ck_assert(!red->unicast[BGP_FAM_IPV4].redistribute_static);
	ck_assert(red->advertise_ipv4_unicast);
	ck_assert(red->default_originate_ipv4);
	ck_assert_uint_eq(red->unicast[BGP_FAM_IPV4].naggregates, 3);
	assert_pfx(&red->unicast[BGP_FAM_IPV4].aggregates[0].pfx,
	    "192.168.0.0", 16);
	ck_assert(red->unicast[BGP_FAM_IPV4].aggregates[0].summary_only);
	ck_assert(!red->unicast[BGP_FAM_IPV4].aggregates[1].summary_only);
	/* the later line without summary-only replaced the earlier one */
	ck_assert(!red->unicast[BGP_FAM_IPV4].aggregates[2].summary_only);
	ck_assert_uint_eq(red->unicast[BGP_FAM_IPV6].naggregates, 0);
	ck_assert(!red->default_originate_ipv6);
	ck_assert(!red->advertise_all_vni);
	ck_assert_uint_eq(red->npeers, 0);
	ck_assert_ptr_null(bgp_conf_inst_find(b, "blue"));
	conf_bgp_free(b);
}
END_TEST

START_TEST(rr)
{
	struct bgp_conf *b = load_file("rr.conf");
	const struct bgp_conf_inst *in = &b->inst[0];
	const struct bgp_conf_peer *p, *g;

	ck_assert(b->no_rib);
	ck_assert_uint_eq(b->ninst, 1);
	ck_assert_uint_eq(in->cluster_id, 0x0a630001);	/* 10.99.0.1 */
	ck_assert_uint_eq(in->keepalive, 10);
	ck_assert_uint_eq(in->hold, 30);
	ck_assert_uint_eq(in->nranges, 1);
	assert_pfx(&in->ranges[0].pfx, "10.99.0.0", 16);
	ck_assert_str_eq(in->ranges[0].group, "VTEPS");
	ck_assert_uint_eq(in->listen_limit, 2000);

	g = bgp_conf_group_find(in, "VTEPS");
	ck_assert_ptr_nonnull(g);
	ck_assert(g->passive);
	ck_assert(g->af[BGP_FAM_EVPN].activate);
	ck_assert(g->af[BGP_FAM_EVPN].rr_client);
	ck_assert_str_eq(g->group, "");

	p = peer(in, "10.99.0.2");
	ck_assert_str_eq(p->password, "s3cret-md5");
	ck_assert_uint_eq(p->connect_retry, 10);
	ck_assert(!p->timers_set);
	ck_assert(!p->passive);
	ck_assert(p->af[BGP_FAM_EVPN].activate);
	ck_assert(!p->af[BGP_FAM_EVPN].rr_client);
	conf_bgp_free(b);
}
END_TEST

START_TEST(gateway)
{
	struct bgp_conf *b = load_file("gateway.conf");
	const struct bgp_conf_inst *in = bgp_conf_inst_find(b, "blue");
	const struct bgp_conf_peer *p;
	const struct bgp_conf_plist *pl;
	const struct bgp_conf_rmap *rm;

	ck_assert_str_eq(b->inst[0].vrf, "default");
	ck_assert_str_eq(b->inst[0].peers[0].update_source_if, "lo");
	ck_assert_str_eq(b->inst[0].peers[0].description,
	    "route reflector rr1 (rack 7)");
	ck_assert_ptr_nonnull(in);
	ck_assert(!in->ebgp_requires_policy);
	ck_assert(in->multipath_relax);
	ck_assert_uint_eq(in->keepalive, 3);
	ck_assert_uint_eq(in->hold, 9);
	ck_assert_uint_eq(in->npeers, 3);

	p = peer(in, "192.0.2.5");
	ck_assert_int_eq(p->remote_as_kind, BGP_CONF_AS_EXTERNAL);
	ck_assert_uint_eq(p->ttl_security_hops, 1);
	ck_assert_str_eq(p->password, "uplink-key-2");
	ck_assert(p->af[BGP_FAM_IPV4].activate);
	ck_assert(p->af[BGP_FAM_IPV4].next_hop_self);
	ck_assert_uint_eq(p->af[BGP_FAM_IPV4].max_prefix, 10000);
	ck_assert_str_eq(p->af[BGP_FAM_IPV4].rmap_in, "UPLINK-IN");
	ck_assert_str_eq(p->af[BGP_FAM_IPV4].rmap_out, "UPLINK-OUT");
	ck_assert(!p->af[BGP_FAM_IPV6].activate);

	p = peer(in, "2001:db8:ffff::1");
	ck_assert_int_eq(p->remote_as_kind, BGP_CONF_AS_NUMBER);
	ck_assert_uint_eq(p->remote_as, 64512);
	ck_assert_uint_eq(p->ebgp_multihop, 2);
	ck_assert(p->shutdown);
	ck_assert(p->timers_set);
	ck_assert_uint_eq(p->hold, 30);
	ck_assert(p->af[BGP_FAM_IPV6].activate);
	ck_assert(p->af[BGP_FAM_IPV6].default_originate);
	ck_assert_str_eq(p->af[BGP_FAM_IPV6].rmap_out, "UPLINK6-OUT");
	ck_assert_str_eq(p->af[BGP_FAM_IPV6].rmap_in, "");

	ck_assert_uint_eq(in->unicast[BGP_FAM_IPV4].nnetworks, 1);
	assert_pfx(&in->unicast[BGP_FAM_IPV4].networks[0], "198.51.100.0", 24);
	ck_assert(in->unicast[BGP_FAM_IPV4].redistribute_static);
	ck_assert_uint_eq(in->unicast[BGP_FAM_IPV4].maximum_paths, 4);
	ck_assert_uint_eq(in->unicast[BGP_FAM_IPV6].nnetworks, 1);
	assert_pfx(&in->unicast[BGP_FAM_IPV6].networks[0], "2001:db8:100::",
	    48);
	ck_assert(in->advertise_ipv6_unicast);

	ck_assert_uint_eq(b->nplists, 3);
	pl = bgp_conf_plist_find(b, "FABRIC", IP_AF_V4);
	ck_assert_ptr_nonnull(pl);
	ck_assert_uint_eq(pl->n, 2);
	ck_assert_uint_eq(pl->e[1].seq, 10);
	assert_pfx(&pl->e[1].pfx, "10.128.0.0", 9);
	ck_assert_uint_eq(pl->e[1].ge, 16);
	ck_assert_uint_eq(pl->e[1].le, 24);
	ck_assert_ptr_null(bgp_conf_plist_find(b, "FABRIC", IP_AF_V6));
	pl = bgp_conf_plist_find(b, "DEFAULT", IP_AF_V4);
	ck_assert(!pl->e[1].permit);
	ck_assert_uint_eq(pl->e[1].le, 32);		/* "any" */
	pl = bgp_conf_plist_find(b, "FABRIC6", IP_AF_V6);
	ck_assert_uint_eq(pl->af, IP_AF_V6);
	ck_assert_uint_eq(pl->e[0].le, 64);
	ck_assert_uint_eq(pl->e[0].ge, 0);

	ck_assert_uint_eq(b->nrmaps, 4);
	rm = bgp_conf_rmap_find(b, "UPLINK-IN");
	ck_assert_uint_eq(rm->n, 2);
	ck_assert(rm->e[0].permit && !rm->e[1].permit);
	ck_assert_str_eq(rm->e[0].match_plist, "DEFAULT");
	ck_assert(rm->e[0].set_local_pref);
	ck_assert_uint_eq(rm->e[0].local_pref, 200);
	rm = bgp_conf_rmap_find(b, "UPLINK-OUT");
	ck_assert(rm->e[0].set_med && rm->e[0].med == 50);
	ck_assert_uint_eq(rm->e[0].ncomm, 2);
	ck_assert_uint_eq(rm->e[0].comm[0], 65000u << 16 | 100);
	ck_assert_uint_eq(rm->e[0].comm[1], 0xFFFFFF01);
	ck_assert(!rm->e[0].comm_additive);
	ck_assert_uint_eq(rm->e[0].nprepend, 2);
	ck_assert_uint_eq(rm->e[0].prepend[1], 65000);
	rm = bgp_conf_rmap_find(b, "UPLINK6-OUT");
	ck_assert_str_eq(rm->e[0].match_plist6, "FABRIC6");
	ck_assert_str_eq(rm->e[0].match_plist, "");
	rm = bgp_conf_rmap_find(b, "FROM-FABRIC");
	ck_assert_int_eq(rm->e[0].match_evpn_type, BGP_CONF_EVPN_PREFIX);
	ck_assert(rm->e[0].match_vni_set);
	ck_assert_uint_eq(rm->e[0].match_vni, 5001);
	ck_assert_uint_eq(rm->e[0].nrt, 2);
	{
		static const uint8_t rt[8] = { 0x00, 0x02, 0xfd, 0xe8,
		    0x00, 0x00, 0x13, 0x89 };	/* 65000:5001 */

		ck_assert_mem_eq(rm->e[0].rt[0].b, rt, 8);
	}
	ck_assert(ip_eq(&rm->e[0].nexthop, &(struct ip_addr){ IP_AF_V4,
	    { 10, 99, 255, 1 } }));
	ck_assert_ptr_null(bgp_conf_rmap_find(b, "NOPE"));
	conf_bgp_free(b);
}
END_TEST

/* A neighbor's own lines win over its group's, leaf by leaf and per af. */
static const char inherit_text[] =
    "router bgp 65001\n"
    " neighbor G peer-group\n"
    " neighbor G remote-as external\n"
    " neighbor G password grouppw\n"
    " neighbor G ebgp-multihop 5\n"
    " neighbor G timers 7 21\n"
    " neighbor G timers connect 30\n"
    " neighbor G shutdown\n"
    " neighbor G update-source eth0\n"
    " neighbor 192.0.2.1 peer-group G\n"
    " neighbor 192.0.2.2 peer-group G\n"
    " neighbor 192.0.2.2 remote-as 64999\n"
    " neighbor 192.0.2.2 password ownpw\n"
    " neighbor 192.0.2.2 timers 1 3\n"
    " neighbor 192.0.2.2 update-source 192.0.2.100\n"
    " neighbor 192.0.2.3 remote-as internal\n"
    " address-family ipv4 unicast\n"
    "  network 10.255.1.1/9\n"
    "  network 192.0.2.0/24\n"
    "  neighbor G activate\n"
    "  neighbor G route-map IN in\n"
    "  neighbor G maximum-prefix 100\n"
    "  neighbor G next-hop-self\n"
    "  no neighbor 192.0.2.2 activate\n"
    "  neighbor 192.0.2.2 route-map OWN in\n"
    "  neighbor 192.0.2.2 maximum-prefix 5\n"
    " exit-address-family\n"
    " address-family l2vpn evpn\n"
    "  neighbor 192.0.2.2 activate\n"
    "  neighbor 192.0.2.2 route-reflector-client\n"
    " exit-address-family\n"
    "exit\n"
    "router bgp 65002 vrf v1\n"
    "exit\n";

START_TEST(inherit)
{
	struct bgp_conf *b = load_text(inherit_text);
	const struct bgp_conf_inst *in = bgp_conf_inst_find(b, "default");
	const struct bgp_conf_peer *p1, *p2, *p3, *g;

	ck_assert_ptr_nonnull(in);
	ck_assert_uint_eq(in->keepalive, 60);	/* no `timers bgp` */
	ck_assert_uint_eq(in->hold, 180);
	ck_assert_uint_eq(in->router_id, 0);
	/* host bits cleared */
	ck_assert_uint_eq(in->unicast[BGP_FAM_IPV4].nnetworks, 2);
	assert_pfx(&in->unicast[BGP_FAM_IPV4].networks[0], "10.128.0.0", 9);
	assert_pfx(&in->unicast[BGP_FAM_IPV4].networks[1], "192.0.2.0", 24);
	ck_assert_uint_eq(in->unicast[BGP_FAM_IPV6].nnetworks, 0);
	p1 = peer(in, "192.0.2.1");
	p2 = peer(in, "192.0.2.2");
	p3 = peer(in, "192.0.2.3");

	/* 192.0.2.1: everything from G */
	ck_assert_int_eq(p1->remote_as_kind, BGP_CONF_AS_EXTERNAL);
	ck_assert_str_eq(p1->password, "grouppw");
	ck_assert_uint_eq(p1->ebgp_multihop, 5);
	ck_assert(p1->timers_set);
	ck_assert_uint_eq(p1->keepalive, 7);
	ck_assert_uint_eq(p1->hold, 21);
	ck_assert_uint_eq(p1->connect_retry, 30);
	ck_assert(p1->shutdown);
	ck_assert_str_eq(p1->update_source_if, "eth0");
	ck_assert_uint_eq(p1->update_source.af, IP_AF_NONE);
	ck_assert(p1->af[BGP_FAM_IPV4].activate);
	ck_assert_str_eq(p1->af[BGP_FAM_IPV4].rmap_in, "IN");
	ck_assert_uint_eq(p1->af[BGP_FAM_IPV4].max_prefix, 100);
	ck_assert(p1->af[BGP_FAM_IPV4].next_hop_self);
	ck_assert(!p1->af[BGP_FAM_EVPN].activate);

	/* 192.0.2.2: its own lines override */
	ck_assert_int_eq(p2->remote_as_kind, BGP_CONF_AS_NUMBER);
	ck_assert_uint_eq(p2->remote_as, 64999);
	ck_assert_str_eq(p2->password, "ownpw");
	ck_assert_uint_eq(p2->keepalive, 1);
	ck_assert_uint_eq(p2->hold, 3);
	ck_assert_uint_eq(p2->connect_retry, 30);
	ck_assert_uint_eq(p2->update_source.af, IP_AF_V4);
	ck_assert_str_eq(p2->update_source_if, "");
	ck_assert(!p2->af[BGP_FAM_IPV4].activate);	/* no ... activate */
	ck_assert(p2->af[BGP_FAM_IPV4].deactivate);
	ck_assert(!p1->af[BGP_FAM_IPV4].deactivate);
	ck_assert(!p3->af[BGP_FAM_IPV4].deactivate);
	ck_assert_str_eq(p2->af[BGP_FAM_IPV4].rmap_in, "OWN");
	ck_assert_uint_eq(p2->af[BGP_FAM_IPV4].max_prefix, 5);
	ck_assert(p2->af[BGP_FAM_IPV4].next_hop_self);	/* G's */
	ck_assert(p2->af[BGP_FAM_EVPN].activate);
	ck_assert(p2->af[BGP_FAM_EVPN].rr_client);

	/* 192.0.2.3: no group */
	ck_assert_int_eq(p3->remote_as_kind, BGP_CONF_AS_INTERNAL);
	ck_assert_str_eq(p3->group, "");
	ck_assert(!p3->timers_set);
	ck_assert(!p3->shutdown);
	ck_assert(!p3->af[BGP_FAM_IPV4].activate);

	/* The group itself, unresolved */
	g = bgp_conf_group_find(in, "G");
	ck_assert(g->is_group);
	ck_assert_str_eq(g->password, "grouppw");
	ck_assert_uint_eq(g->af[BGP_FAM_IPV4].max_prefix, 100);
	ck_assert(!g->af[BGP_FAM_EVPN].rr_client);

	ck_assert_ptr_null(bgp_conf_peer_find(in,
	    &(struct ip_addr){ IP_AF_V4, { 192, 0, 2, 9 } }));
	in = bgp_conf_inst_find(b, "v1");
	ck_assert_uint_eq(in->asn, 65002);
	ck_assert_uint_eq(in->npeers, 0);
	ck_assert_ptr_null(in->peers);
	conf_bgp_free(b);
}
END_TEST

/* The default instance comes first even when written last. */
START_TEST(default_first)
{
	struct bgp_conf *b = load_text(
	    "router bgp 65002 vrf a\nexit\n"
	    "router bgp 65001\nexit\n"
	    "router bgp 65003 vrf b\nexit\n");

	ck_assert_uint_eq(b->ninst, 3);
	ck_assert_str_eq(b->inst[0].vrf, "default");
	ck_assert_uint_eq(b->inst[0].asn, 65001);
	ck_assert_str_eq(b->inst[1].vrf, "a");
	ck_assert_str_eq(b->inst[2].vrf, "b");
	conf_bgp_free(b);
}
END_TEST

/* Which instances bgpd runs (bgp_conf_vrf_table()): a VRF instance
 * only when its vrf block has a table; default never has one. */
START_TEST(vrf_table)
{
	struct bgp_conf *b = load_text(
	    "vrf t1\n table 100\nexit-vrf\n"
	    "vrf t2\n vni 5002\nexit-vrf\n"
	    "vrf t4\n table 104\nexit-vrf\n"
	    "router bgp 65001\nexit\n"
	    "router bgp 65001 vrf t1\nexit\n"
	    "router bgp 65001 vrf t2\nexit\n"
	    "router bgp 65001 vrf t3\nexit\n");

	ck_assert_uint_eq(bgp_conf_vrf_table(b, "t1"), 100);
	ck_assert_uint_eq(bgp_conf_vrf_table(b, "t2"), 0);	/* no table */
	ck_assert_uint_eq(bgp_conf_vrf_table(b, "t3"), 0);	/* no vrf */
	ck_assert_uint_eq(bgp_conf_vrf_table(b, "t4"), 0);	/* no bgp */
	ck_assert_uint_eq(bgp_conf_vrf_table(b, "default"), 0);
	ck_assert_uint_eq(bgp_conf_vrf_table(b, "nope"), 0);
	conf_bgp_free(b);
}
END_TEST

/* no router bgp ASN [vrf NAME]: removes that instance only. */
START_TEST(no_router_bgp)
{
	static const char base[] =
	    "vrf t1\n table 100\nexit-vrf\n"
	    "router bgp 65001\n neighbor 10.0.0.1 remote-as 65002\nexit\n"
	    "router bgp 65001 vrf t1\n neighbor 10.1.0.1 remote-as 65003\n"
	    "exit\n";
	static const struct {
		const char	*tail;
		const char	*err;	/* NULL: loads */
		bool		 has_default, has_t1;
	} cases[] = {
		{ "no router bgp 65001 vrf t1\n", NULL, true, false },
		{ "no router bgp 65001\n", NULL, false, true },
		{ "no router bgp 65009 vrf t1\n", "is AS 65001", true, true },
		{ "no router bgp 65001 vrf t2\n", "no instance in vrf t2",
		  true, true },
		{ "no router bgp 65001 vrf t1\nno router bgp 65001 vrf t1\n",
		  "no instance", true, true },
	};
	char text[1024], err[256];
	struct bgp_conf *b;
	struct conf *c;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", base, cases[i].tail);
		err[0] = '\0';
		c = conf_load_buf("t", text, strlen(text), err, sizeof(err));
		if (cases[i].err != NULL) {
			ck_assert_msg(c == NULL, "case %zu loaded", i);
			ck_assert_msg(strstr(err, cases[i].err) != NULL,
			    "case %zu: %s", i, err);
			continue;
		}
		ck_assert_msg(c != NULL, "case %zu: %s", i, err);
		b = conf_bgp_new(c);
		conf_free(c);
		ck_assert((bgp_conf_inst_find(b, "default") != NULL) ==
		    cases[i].has_default);
		ck_assert((bgp_conf_inst_find(b, "t1") != NULL) ==
		    cases[i].has_t1);
		ck_assert_uint_eq(bgp_conf_vrf_table(b, "t1"),
		    cases[i].has_t1 ? 100 : 0);
		conf_bgp_free(b);
	}
}
END_TEST

START_TEST(empty)
{
	struct bgp_conf *b = load_text("");

	ck_assert_uint_eq(b->ninst, 0);
	ck_assert_uint_eq(b->nplists, 0);
	ck_assert_uint_eq(b->nrmaps, 0);
	ck_assert(!b->no_rib);
	ck_assert_ptr_null(bgp_conf_inst_find(b, "default"));
	conf_bgp_free(b);
	b = conf_bgp_new(NULL);
	ck_assert_uint_eq(b->ninst, 0);
	conf_bgp_free(b);
	conf_bgp_free(NULL);
}
END_TEST

/* Entries sorted by seq whatever the text order; set clause parsing. */
static const char policy_text[] =
    "ip prefix-list P seq 20 deny 10.0.0.0/8 le 24\n"
    "ip prefix-list P seq 5 permit 10.1.0.0/16\n"
    "ip prefix-list P permit 192.168.0.0/16 ge 24\n"
    "ipv6 prefix-list P seq 7 permit 2001:db8::/32\n"
    "route-map M permit 30\n"
    " set community 1:2 local-AS no-advertise no-peer blackhole "
    "graceful-shutdown internet additive\n"
    " set extcommunity rt 10.0.0.1:7 4200000000:9\n"
    "exit\n"
    "route-map M deny 10\n"
    " match evpn route-type macip\n"
    "exit\n"
    "route-map M permit 20\n"
    " set community none\n"
    " set as-path prepend 4200000000 1 2\n"
    " match evpn route-type multicast\n"
    "exit\n";

START_TEST(policy)
{
	struct bgp_conf *b = load_text(policy_text);
	const struct bgp_conf_plist *pl = bgp_conf_plist_find(b, "P",
	    IP_AF_V4);
	const struct bgp_conf_rmap *rm = bgp_conf_rmap_find(b, "M");
	static const uint32_t comm[] = { 1u << 16 | 2, 0xFFFFFF03,
	    0xFFFFFF02, 0xFFFFFF04, 0xFFFF029A, 0xFFFF0000, 0 };
	static const uint8_t rt_ip[8] = { 0x01, 0x02, 10, 0, 0, 1, 0, 7 };
	static const uint8_t rt_as4[8] = { 0x02, 0x02, 0xfa, 0x56, 0xea, 0x00,
	    0, 9 };

	ck_assert_uint_eq(pl->n, 3);
	ck_assert_uint_eq(pl->e[0].seq, 5);
	ck_assert(pl->e[0].permit);
	ck_assert_uint_eq(pl->e[1].seq, 20);
	ck_assert(!pl->e[1].permit);
	ck_assert_uint_eq(pl->e[2].seq, 25);	/* FRR: max/5*5+5 */
	ck_assert_uint_eq(pl->e[2].ge, 24);
	ck_assert_uint_eq(pl->e[2].le, 0);
	pl = bgp_conf_plist_find(b, "P", IP_AF_V6);
	ck_assert_uint_eq(pl->n, 1);
	assert_pfx(&pl->e[0].pfx, "2001:db8::", 32);

	ck_assert_uint_eq(rm->n, 3);
	ck_assert_uint_eq(rm->e[0].seq, 10);
	ck_assert(!rm->e[0].permit);
	ck_assert_int_eq(rm->e[0].match_evpn_type, BGP_CONF_EVPN_MACIP);
	ck_assert_uint_eq(rm->e[1].seq, 20);
	ck_assert(rm->e[1].comm_none);
	ck_assert_uint_eq(rm->e[1].ncomm, 0);
	ck_assert_uint_eq(rm->e[1].nprepend, 3);
	ck_assert_uint_eq(rm->e[1].prepend[0], 4200000000u);
	ck_assert_uint_eq(rm->e[1].prepend[2], 2);
	ck_assert_int_eq(rm->e[1].match_evpn_type, BGP_CONF_EVPN_MULTICAST);
	ck_assert_uint_eq(rm->e[2].seq, 30);
	ck_assert(rm->e[2].comm_additive);
	ck_assert(!rm->e[2].comm_none);
	ck_assert_uint_eq(rm->e[2].ncomm, 7);
	ck_assert_mem_eq(rm->e[2].comm, comm, sizeof(comm));
	ck_assert_uint_eq(rm->e[2].nrt, 2);
	ck_assert_mem_eq(rm->e[2].rt[0].b, rt_ip, 8);
	ck_assert_mem_eq(rm->e[2].rt[1].b, rt_as4, 8);
	ck_assert_uint_eq(rm->e[2].nexthop.af, IP_AF_NONE);
	ck_assert(!rm->e[2].set_local_pref && !rm->e[2].set_med);
	conf_bgp_free(b);
}
END_TEST

START_TEST(fam)
{
	uint16_t afi;
	uint8_t safi;

	bgp_fam_afi_safi(BGP_FAM_EVPN, &afi, &safi);
	ck_assert_uint_eq(afi, 25);
	ck_assert_uint_eq(safi, 70);
	bgp_fam_afi_safi(BGP_FAM_IPV6, &afi, &safi);
	ck_assert_uint_eq(afi, 2);
	ck_assert_uint_eq(safi, 1);
	ck_assert_int_eq(bgp_fam_from_afi_safi(1, 1), BGP_FAM_IPV4);
	ck_assert_int_eq(bgp_fam_from_afi_safi(2, 1), BGP_FAM_IPV6);
	ck_assert_int_eq(bgp_fam_from_afi_safi(25, 70), BGP_FAM_EVPN);
	ck_assert_int_eq(bgp_fam_from_afi_safi(1, 2), -1);
	ck_assert_int_eq(bgp_fam_from_afi_safi(25, 65), -1);
	ck_assert_str_eq(bgp_fam_json_key(BGP_FAM_IPV4), "ipv4Unicast");
	ck_assert_str_eq(bgp_fam_json_key(BGP_FAM_IPV6), "ipv6Unicast");
	ck_assert_str_eq(bgp_fam_json_key(BGP_FAM_EVPN), "l2VpnEvpn");
}
END_TEST

static Suite *
conf_bgp_suite(void)
{
	Suite *s = suite_create("conf_bgp");
	TCase *tc = tcase_create("conf_bgp");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, vtep);
	tcase_add_test(tc, rr);
	tcase_add_test(tc, gateway);
	tcase_add_test(tc, inherit);
	tcase_add_test(tc, default_first);
	tcase_add_test(tc, empty);
	tcase_add_test(tc, vrf_table);
	tcase_add_test(tc, no_router_bgp);
	tcase_add_test(tc, policy);
	tcase_add_test(tc, fam);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(conf_bgp_suite());
}

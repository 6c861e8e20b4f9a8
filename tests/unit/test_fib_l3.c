/*
 * test_fib_l3.c -- fib/'s L3VNI side against the real kernel, the way a
 * tenant VRF looks without VRF devices (DESIGN.md section 4): a routing
 * table (1000) and `ip rule add iif SVI lookup 1000`.  The test process
 * moves into a private network namespace (unshare(CLONE_NEWNET), root
 * only) with bridges br1000 and br1001 (each with a veth port, so they
 * have carrier) and drives fib on a real event_base.  What the kernel
 * has is read back with iproute2 (`ip -o route show table 1000`), never
 * from fib's own state.
 *
 * Cases: routes through an interface with onlink next hops
 * (fib_route_set_dev: IPv4 and IPv6, ECMP, replaced, deleted), and the
 * restart reconcile for them (a second fib adopts them; the same intent
 * sends nothing, another interface is replaced, an unclaimed one swept);
 * the ip rule watch (`iif NAME lookup TABLE` rules found at start-up,
 * added and deleted, one report for both families, other rules never
 * reported, a monitor overrun repaired by the resync's mark and sweep).
 */
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <event2/event.h>

#include "check_main.h"
#include "fib.h"
#include "fib_test.h"
#include "log.h"
#include "types.h"

#define TABLE	1000

#define NEV	2048

struct rule_ev {
	char			 iif[16];
	uint32_t		 table;
	bool			 add;
};

struct ctx {
	struct event_base	*base;
	struct log_ctx		 log;
	struct fib		*fib;
	struct rule_ev		 ev[NEV];
	size_t			 nev;
};

FIB_TEST_HELPERS(struct ctx)

static void
ctx_start(struct ctx *c, unsigned stale_secs)
{
	struct fib_env env;

	memset(c, 0, sizeof(*c));
	memset(&env, 0, sizeof(env));
	env.stale_secs = stale_secs;
	ctx_start_env(c, &env);
}

/* flush: our routes go too (not for a restart). */
static void
ctx_stop(struct ctx *c, bool flush)
{
	ctx_close(c);
	if (flush)
		sh("ip route flush table 1000; ip -6 route flush table 1000");
}

#define ROUTES4	"ip -o route show table 1000"
#define ROUTES6	"ip -o -6 route show table 1000"

/* ROUTES4 or ROUTES6, one route per line; malloc'd. */
static char *
kernel(bool v6)
{
	return output(v6 ? ROUTES6 : ROUTES4);
}

/* The kernel's line for dst (as ip shows it: a host route without its
 * length) contains want (NULL: exists). */
static bool
kernel_has(const char *dst, const char *want)
{
	char key[64];
	bool v6 = strchr(dst, ':') != NULL;

	snprintf(key, sizeof(key), "%s ", dst);
	return output_line_has(v6 ? ROUTES6 : ROUTES4, key, want);
}

static uint32_t
ifidx(const char *name)
{
	uint32_t i = if_nametoindex(name);

	ck_assert_uint_ne(i, 0);
	return i;
}

/* p via nh1 (and nh2 unless NULL) dev, onlink, in table 1000. */
static void
set_dev(struct ctx *c, const char *p, const char *nh1, const char *nh2,
    const char *dev)
{
	struct ip_prefix x = pfx(p);
	struct ip_addr a[2];

	a[0] = addr(nh1);
	if (nh2 != NULL)
		a[1] = addr(nh2);
	fib_route_set_dev(c->fib, TABLE, &x, a, nh2 != NULL ? 2 : 1,
	    ifidx(dev), true);
}

static void
del(struct ctx *c, const char *p)
{
	struct ip_prefix x = pfx(p);

	fib_route_del(c->fib, TABLE, &x);
}

/* ---- the ip rule watch ---- */

static void
rule_cb(void *arg, const char *iif, uint32_t table, bool add)
{
	struct ctx *c = arg;

	ck_assert_uint_lt(strlen(iif), 16);
	if (c->nev < NEV) {
		snprintf(c->ev[c->nev].iif, sizeof(c->ev[c->nev].iif), "%s",
		    iif);
		c->ev[c->nev].table = table;
		c->ev[c->nev++].add = add;
	}
}

static void
ctx_start_rules(struct ctx *c, int mon_rcvbuf)
{
	struct fib_env env;

	memset(c, 0, sizeof(*c));
	memset(&env, 0, sizeof(env));
	env.rule = rule_cb;
	env.l2_arg = c;
	env.mon_rcvbuf = mon_rcvbuf;
	ctx_start_env(c, &env);
}

/* Reports for (iif, table, add); iif NULL: any whose name starts "x". */
static size_t
count_ev(const struct ctx *c, const char *iif, uint32_t table, bool add)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nev; i++)
		if (c->ev[i].table == table && c->ev[i].add == add &&
		    (iif != NULL ? strcmp(c->ev[i].iif, iif) == 0 :
		    c->ev[i].iif[0] == 'x'))
			n++;
	return n;
}

static const char	*want_iif;
static uint32_t		 want_table;
static bool		 want_add;

static bool
has_ev(struct ctx *c)
{
	return count_ev(c, want_iif, want_table, want_add) > 0;
}

static bool
wait_ev(struct ctx *c, const char *iif, uint32_t table, bool add)
{
	want_iif = iif;
	want_table = table;
	want_add = add;
	return run_until(c, has_ev, 3000);
}

START_TEST(rules)
{
	struct ctx c;

	sh("ip rule add iif br100 lookup 1000");
	ctx_start_rules(&c, 0);
	/* Start-up: the existing one, not the default rules. */
	ck_assert(wait_ev(&c, "br100", 1000, true));
	ck_assert_uint_eq(c.nev, 1);
	/* Added and deleted later; a name without an interface yet. */
	sh("ip rule add iif br1001 lookup 1001 pref 500");
	ck_assert(wait_ev(&c, "br1001", 1001, true));
	sh("ip rule add iif nosuchdev0 lookup 77");
	ck_assert(wait_ev(&c, "nosuchdev0", 77, true));
	/* The same binding for IPv6 (and at another priority): no second
	 * report, and the binding stays while one rule is left. */
	sh("ip -6 rule add iif br100 lookup 1000");
	sh("ip rule add iif br100 lookup 1000 pref 600");
	/* Not bindings: other selectors, other actions. */
	sh("ip rule add iif br100 from 10.1.0.0/16 lookup 1002");
	sh("ip rule add iif br100 fwmark 7 lookup 1003");
	sh("ip rule add iif br100 blackhole");
	sh("ip rule add not iif br100 lookup 1004");
	sh("ip rule add from 10.2.0.0/16 lookup 1005");
	sh("ip rule del iif br1001 lookup 1001");
	ck_assert(wait_ev(&c, "br1001", 1001, false));
	ck_assert_uint_eq(c.nev, 4);
	sh("ip rule del iif br100 lookup 1000 pref 600");
	sh("ip rule del iif br100 lookup 1000");
	loop_for(&c, 100);
	ck_assert_uint_eq(count_ev(&c, "br100", 1000, false), 0);
	sh("ip -6 rule del iif br100 lookup 1000");
	ck_assert(wait_ev(&c, "br100", 1000, false));
	ck_assert_uint_eq(count_ev(&c, "br100", 1000, true), 1);
	ck_assert_uint_eq(c.nev, 5);
	ctx_stop(&c, false);
	sh("ip rule del iif nosuchdev0 lookup 77; "
	    "ip rule del iif br100 from 10.1.0.0/16 lookup 1002; "
	    "ip rule del iif br100 fwmark 7 lookup 1003; "
	    "ip rule del iif br100 blackhole; "
	    "ip rule del not iif br100 lookup 1004; "
	    "ip rule del from 10.2.0.0/16 lookup 1005");
}
END_TEST

#define OVERRUN_N	500

/* OVERRUN_N rules iif xN lookup 1000 added (or deleted) at once. */
static void
batch_rules(bool add)
{
	char path[] = "/tmp/test_fib_l3.XXXXXX", cmd[64];
	int fd = mkstemp(path);
	FILE *f = fd == -1 ? NULL : fdopen(fd, "w");

	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < OVERRUN_N; i++)
		fprintf(f, "rule %s iif x%d lookup 1000\n", add ? "add" : "del",
		    i);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "ip -batch %s", path);
	sh(cmd);
	unlink(path);
}

static bool
all_added(struct ctx *c)
{
	return count_ev(c, NULL, 1000, true) == OVERRUN_N;
}

static bool
all_deleted(struct ctx *c)
{
	return count_ev(c, NULL, 1000, false) == OVERRUN_N;
}

START_TEST(rules_overrun)
{
	struct ctx c;

	/* A monitor buffer of a few messages: the bursts overrun it, the
	 * resync dumps find the rest (and what went, by mark and sweep). */
	ctx_start_rules(&c, 4096);
	batch_rules(true);
	ck_assert(run_until(&c, all_added, 10000));
	ck_assert_uint_ge(stats(&c).resyncs, 1);
	ck_assert_uint_eq(count_ev(&c, NULL, 1000, false), 0);
	batch_rules(false);
	ck_assert(run_until(&c, all_deleted, 10000));
	ck_assert_uint_ge(stats(&c).resyncs, 2);
	ck_assert_uint_eq(count_ev(&c, NULL, 1000, true), OVERRUN_N);
	ctx_stop(&c, false);
}
END_TEST

/* ---- routes through an interface, onlink ---- */

START_TEST(onlink_single)
{
	struct ctx c;

	ctx_start(&c, 0);
	set_dev(&c, "10.0.0.5/32", "10.255.0.2", NULL, "br1000");
	set_dev(&c, "2001:db8:5::5/128", "2001:db8:ff::2", NULL, "br1000");
	set_dev(&c, "10.5.0.0/24", "10.255.0.2", NULL, "br1000");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_msg(kernel_has("10.0.0.5", "via 10.255.0.2 dev br1000 "
	    "proto bgp metric 20 onlink"), "%s", kernel(false));
	ck_assert(kernel_has("10.5.0.0/24", "via 10.255.0.2 dev br1000 "
	    "proto bgp metric 20 onlink"));
	ck_assert_msg(kernel_has("2001:db8:5::5", "via 2001:db8:ff::2 dev "
	    "br1000 proto bgp metric 20 onlink"), "%s", kernel(true));
	ck_assert_uint_eq(stats(&c).routes, 3);
	ck_assert_uint_eq(stats(&c).errors, 0);
	/* The same again: nothing to send. */
	set_dev(&c, "10.0.0.5/32", "10.255.0.2", NULL, "br1000");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, 3);
	/* Another interface: replaced in place. */
	set_dev(&c, "10.0.0.5/32", "10.255.0.2", NULL, "br1001");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(kernel_has("10.0.0.5", "via 10.255.0.2 dev br1001 "
	    "proto bgp metric 20 onlink"));
	ck_assert(!kernel_has("10.0.0.5", "br1000"));
	ck_assert_uint_eq(stats(&c).requests, 4);
	del(&c, "10.0.0.5/32");
	del(&c, "2001:db8:5::5/128");
	del(&c, "10.5.0.0/24");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(!kernel_has("10.0.0.5", NULL));
	ck_assert(!kernel_has("2001:db8:5::5", NULL));
	ck_assert(!kernel_has("10.5.0.0/24", NULL));
	ck_assert_uint_eq(stats(&c).routes, 0);
	ck_assert_uint_eq(stats(&c).errors, 0);
	ctx_stop(&c, true);
}
END_TEST

/* An IPv6 tenant prefix via IPv4 VTEPs (EVPN over an IPv4 underlay):
 * via ::ffff:VTEP (the kernel takes no RTA_VIA for IPv6), one path or
 * ECMP; a restart adopts them without a request. */
START_TEST(onlink_v6_via_v4)
{
	struct ctx c;

	ctx_start(&c, 30);
	set_dev(&c, "2001:db8:7::/64", "10.255.0.2", NULL, "br1000");
	set_dev(&c, "2001:db8:8::8/128", "10.255.0.2", "10.255.0.3",
	    "br1000");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).errors, 0);
	ck_assert_msg(kernel_has("2001:db8:7::/64", "via ::ffff:10.255.0.2 "
	    "dev br1000 proto bgp metric 20 onlink"), "%s", kernel(true));
	ck_assert_msg(kernel_has("2001:db8:8::8", "nexthop via "
	    "::ffff:10.255.0.2 dev br1000 weight 1 onlink"), "%s",
	    kernel(true));
	ck_assert(kernel_has("2001:db8:8::8", "nexthop via ::ffff:10.255.0.3 "
	    "dev br1000 weight 1 onlink"));
	ctx_stop(&c, false);
	ctx_start(&c, 30);
	set_dev(&c, "2001:db8:7::/64", "10.255.0.2", NULL, "br1000");
	set_dev(&c, "2001:db8:8::8/128", "10.255.0.3", "10.255.0.2",
	    "br1000");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, 0);
	del(&c, "2001:db8:7::/64");
	del(&c, "2001:db8:8::8/128");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(!kernel_has("2001:db8:7::/64", NULL));
	ck_assert(!kernel_has("2001:db8:8::8", NULL));
	ck_assert_uint_eq(stats(&c).errors, 0);
	ctx_stop(&c, true);
}
END_TEST

START_TEST(onlink_ecmp)
{
	struct ctx c;

	ctx_start(&c, 0);
	set_dev(&c, "10.0.0.6/32", "10.255.0.3", "10.255.0.2", "br1000");
	set_dev(&c, "2001:db8:5::6/128", "2001:db8:ff::3", "2001:db8:ff::2",
	    "br1000");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_msg(kernel_has("10.0.0.6", "nexthop via 10.255.0.2 dev "
	    "br1000 weight 1 onlink"), "%s", kernel(false));
	ck_assert(kernel_has("10.0.0.6", "nexthop via 10.255.0.3 dev "
	    "br1000 weight 1 onlink"));
	ck_assert(kernel_has("10.0.0.6", "proto bgp metric 20"));
	ck_assert_msg(kernel_has("2001:db8:5::6", "nexthop via "
	    "2001:db8:ff::2 dev br1000 weight 1 onlink"), "%s", kernel(true));
	ck_assert(kernel_has("2001:db8:5::6", "nexthop via 2001:db8:ff::3 "
	    "dev br1000 weight 1 onlink"));
	ck_assert_uint_eq(stats(&c).routes, 2);
	/* Replaced by one next hop, then by two on the other bridge. */
	set_dev(&c, "10.0.0.6/32", "10.255.0.3", NULL, "br1000");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(kernel_has("10.0.0.6", "via 10.255.0.3 dev br1000 proto "
	    "bgp metric 20 onlink"));
	ck_assert(!kernel_has("10.0.0.6", "10.255.0.2"));
	set_dev(&c, "10.0.0.6/32", "10.255.0.4", "10.255.0.2", "br1001");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(kernel_has("10.0.0.6", "nexthop via 10.255.0.2 dev "
	    "br1001 weight 1 onlink"));
	ck_assert(kernel_has("10.0.0.6", "nexthop via 10.255.0.4 dev "
	    "br1001 weight 1 onlink"));
	ck_assert(!kernel_has("10.0.0.6", "br1000"));
	del(&c, "10.0.0.6/32");
	del(&c, "2001:db8:5::6/128");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(!kernel_has("10.0.0.6", NULL));
	ck_assert(!kernel_has("2001:db8:5::6", NULL));
	ck_assert_uint_eq(stats(&c).routes, 0);
	ck_assert_uint_eq(stats(&c).errors, 0);
	ctx_stop(&c, true);
}
END_TEST

START_TEST(onlink_restart)
{
	struct ctx c;

	/* A first evpnd installs them and goes without withdrawing. */
	ctx_start(&c, 0);
	set_dev(&c, "10.0.0.7/32", "10.255.0.2", NULL, "br1000");
	set_dev(&c, "10.0.0.8/32", "10.255.0.2", "10.255.0.3", "br1000");
	set_dev(&c, "2001:db8:5::7/128", "2001:db8:ff::2", NULL, "br1000");
	set_dev(&c, "10.0.0.9/32", "10.255.0.2", NULL, "br1000");
	set_dev(&c, "10.0.0.10/32", "10.255.0.2", NULL, "br1000");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).routes, 5);
	ctx_stop(&c, false);
	/* Found by the next one, in table 1000 (RTA_TABLE). */
	ctx_start(&c, 1);
	ck_assert_uint_eq(stats(&c).routes, 5);
	set_dev(&c, "10.0.0.7/32", "10.255.0.2", NULL, "br1000");
	set_dev(&c, "10.0.0.8/32", "10.255.0.3", "10.255.0.2", "br1000");
	set_dev(&c, "2001:db8:5::7/128", "2001:db8:ff::2", NULL, "br1000");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, 0);	/* all as they are */
	set_dev(&c, "10.0.0.9/32", "10.255.0.2", NULL, "br1001");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, 1);	/* another dev */
	ck_assert(kernel_has("10.0.0.9", "dev br1001"));
	ck_assert(kernel_has("10.0.0.10", NULL));	/* not yet swept */
	ck_assert(run_until(&c, is_swept, 5000));
	ck_assert(!kernel_has("10.0.0.10", NULL));
	ck_assert(kernel_has("10.0.0.7", "via 10.255.0.2 dev br1000 proto "
	    "bgp metric 20 onlink"));
	ck_assert(kernel_has("10.0.0.8", "nexthop via 10.255.0.3 dev br1000 "
	    "weight 1 onlink"));
	ck_assert(kernel_has("2001:db8:5::7", "onlink"));
	ck_assert_uint_eq(stats(&c).requests, 2);
	ck_assert_uint_eq(stats(&c).routes, 4);
	ck_assert_uint_eq(stats(&c).errors, 0);
	ctx_stop(&c, true);
}
END_TEST

static void
netns_setup(void)
{
	if (unshare(CLONE_NEWNET) == -1) {
		perror("unshare(CLONE_NEWNET) (root needed)");
		exit(77);
	}
	if (system("ip link set lo up && "
	    "ip link add br1000 type bridge && "
	    "ip link add br1001 type bridge && "
	    "ip link add br100 type bridge && "
	    "ip link add veth0 type veth peer name veth1 && "
	    "ip link add veth2 type veth peer name veth3 && "
	    "ip link set veth0 master br1000 && "
	    "ip link set veth2 master br1001 && "
	    "for i in br1000 br1001 br100 veth0 veth1 veth2 veth3; do "
	    "ip link set $i up || exit 1; done") != 0) {
		fprintf(stderr, "namespace set-up failed\n");
		exit(1);
	}
}

static Suite *
fib_l3_suite(void)
{
	Suite *s = suite_create("fib_l3");
	TCase *tc = tcase_create("kernel");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, onlink_single);
	tcase_add_test(tc, onlink_ecmp);
	tcase_add_test(tc, onlink_v6_via_v4);
	tcase_add_test(tc, onlink_restart);
	tcase_add_test(tc, rules);
	tcase_add_test(tc, rules_overrun);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	netns_setup();
	return check_run(fib_l3_suite());
}

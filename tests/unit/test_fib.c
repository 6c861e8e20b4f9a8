/*
 * test_fib.c -- fib/ against the real kernel: the test process moves
 * into a private network namespace (unshare(CLONE_NEWNET), root only),
 * builds a veth pair with addresses, and drives fib on a real
 * event_base.  What the kernel has is read back independently with
 * `ip -o route show proto bgp` (iproute2), never from fib's own state.
 *
 * Cases: install (IPv4, IPv6), replace, multipath (both families),
 * delete, coalescing (set+del before a flush sends nothing; last write
 * wins), a refused route (unreachable next hop: counted, not fatal),
 * the restart reconcile (proto-186 routes found at start-up kept when
 * wanted again without a request, swept otherwise), redistribution
 * callbacks (addresses, proto static/boot, kernel routes, never ours),
 * a monitor overrun (ENOBUFS: resync dump repairs our deleted route and
 * reports what changed meanwhile), a link down and up (the routes the
 * kernel flushed are put back), and a 100k-route install whose rate is
 * printed.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <event2/event.h>

#include "check_main.h"
#include "fib.h"
#include "fib_test.h"
#include "log.h"
#include "types.h"

struct redist_ev {
	enum fib_redist_kind	 kind;
	struct ip_prefix	 pfx;
	bool			 add;
};

struct ctx {
	struct event_base	*base;
	struct log_ctx		 log;
	struct fib		*fib;
	struct redist_ev	 ev[2048];
	size_t			 nev;
};

FIB_TEST_HELPERS(struct ctx)

static void
redist_cb(void *arg, enum fib_redist_kind kind, const struct ip_prefix *p,
    bool add)
{
	struct ctx *c = arg;

	if (c->nev < sizeof(c->ev) / sizeof(c->ev[0]))
		c->ev[c->nev++] = (struct redist_ev){ kind, *p, add };
}

static void
ctx_start_rcvbuf(struct ctx *c, unsigned stale_secs, int mon_rcvbuf)
{
	struct fib_env env;

	memset(c, 0, sizeof(*c));
	memset(&env, 0, sizeof(env));
	env.redist = redist_cb;
	env.redist_arg = c;
	env.stale_secs = stale_secs;
	env.mon_rcvbuf = mon_rcvbuf;
	ctx_start_env(c, &env);
}

static void
ctx_start(struct ctx *c, unsigned stale_secs)
{
	ctx_start_rcvbuf(c, stale_secs, 0);
}

static void
ctx_stop(struct ctx *c)
{
	ctx_close(c);
	sh("ip route flush proto bgp; ip -6 route flush proto bgp");
}

#define ROUTES4	"ip -o route show proto bgp"
#define ROUTES6	"ip -o -6 route show proto bgp"

/* The kernel's line for prefix (up to the newline) contains want. */
static bool
kernel_has(const char *prefix, const char *want)
{
	char key[64];
	bool v6 = strchr(prefix, ':') != NULL;

	snprintf(key, sizeof(key), "%s ", prefix);
	return output_line_has(v6 ? ROUTES6 : ROUTES4, key, want);
}

static void
set1(struct ctx *c, const char *p, const char *nh)
{
	struct ip_prefix x = pfx(p);
	struct ip_addr a = addr(nh);

	fib_route_set(c->fib, FIB_TABLE_MAIN, &x, &a, 1);
}

static void
set2(struct ctx *c, const char *p, const char *nh1, const char *nh2)
{
	struct ip_prefix x = pfx(p);
	struct ip_addr a[2] = { addr(nh1), addr(nh2) };

	fib_route_set(c->fib, FIB_TABLE_MAIN, &x, a, 2);
}

static void
del(struct ctx *c, const char *p)
{
	struct ip_prefix x = pfx(p);

	fib_route_del(c->fib, FIB_TABLE_MAIN, &x);
}

/* ---- install, replace, multipath, delete ---- */

START_TEST(install_v4_v6)
{
	struct ctx c;

	ctx_start(&c, 0);
	ck_assert(!kernel_has("10.50.0.0/24", NULL));
	set1(&c, "10.50.0.0/24", "10.9.0.2");
	set1(&c, "2001:db8:50::/64", "2001:db8:9::2");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(kernel_has("10.50.0.0/24", "via 10.9.0.2 dev veth0"));
	ck_assert(kernel_has("10.50.0.0/24", "metric 20"));
	ck_assert(kernel_has("2001:db8:50::/64", "via 2001:db8:9::2"));
	ck_assert_uint_eq(stats(&c).routes, 2);
	ck_assert_uint_eq(stats(&c).errors, 0);
	ctx_stop(&c);
}
END_TEST

START_TEST(replace_multipath)
{
	struct ctx c;

	ctx_start(&c, 0);
	set1(&c, "10.51.0.0/24", "10.9.0.2");
	set1(&c, "2001:db8:51::/64", "2001:db8:9::2");
	ck_assert(run_until(&c, is_idle, 5000));
	set2(&c, "10.51.0.0/24", "10.9.0.3", "10.9.0.2");
	set2(&c, "2001:db8:51::/64", "2001:db8:9::3", "2001:db8:9::2");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(kernel_has("10.51.0.0/24", "nexthop via 10.9.0.2"));
	ck_assert(kernel_has("10.51.0.0/24", "nexthop via 10.9.0.3"));
	ck_assert(kernel_has("2001:db8:51::/64", "nexthop via 2001:db8:9::2"));
	ck_assert(kernel_has("2001:db8:51::/64", "nexthop via 2001:db8:9::3"));
	/* Back to one next hop: the whole set is replaced. */
	set1(&c, "10.51.0.0/24", "10.9.0.3");
	set1(&c, "2001:db8:51::/64", "2001:db8:9::3");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(kernel_has("10.51.0.0/24", "via 10.9.0.3 dev"));
	ck_assert(!kernel_has("10.51.0.0/24", "10.9.0.2"));
	ck_assert(kernel_has("2001:db8:51::/64", "via 2001:db8:9::3 dev"));
	ck_assert(!kernel_has("2001:db8:51::/64", "2001:db8:9::2"));
	ck_assert_uint_eq(stats(&c).routes, 2);
	ck_assert_uint_eq(stats(&c).errors, 0);
	ctx_stop(&c);
}
END_TEST

START_TEST(delete)
{
	struct ctx c;

	ctx_start(&c, 0);
	set1(&c, "10.52.0.0/24", "10.9.0.2");
	set2(&c, "2001:db8:52::/64", "2001:db8:9::2", "2001:db8:9::3");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(kernel_has("10.52.0.0/24", NULL));
	ck_assert(kernel_has("2001:db8:52::/64", NULL));
	del(&c, "10.52.0.0/24");
	del(&c, "2001:db8:52::/64");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(!kernel_has("10.52.0.0/24", NULL));
	ck_assert(!kernel_has("2001:db8:52::/64", NULL));
	ck_assert_uint_eq(stats(&c).routes, 0);
	ctx_stop(&c);
}
END_TEST

/* ---- coalescing ---- */

START_TEST(coalesce)
{
	struct ctx c;

	ctx_start(&c, 0);
	set1(&c, "10.53.0.0/24", "10.9.0.2");
	del(&c, "10.53.0.0/24");
	set1(&c, "10.53.1.0/24", "10.9.0.2");
	set1(&c, "10.53.1.0/24", "10.9.0.3");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, 1);
	ck_assert_uint_eq(stats(&c).batches, 1);
	ck_assert(!kernel_has("10.53.0.0/24", NULL));
	ck_assert(kernel_has("10.53.1.0/24", "via 10.9.0.3"));
	/* The same intent again: nothing to send. */
	set1(&c, "10.53.1.0/24", "10.9.0.3");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, 1);
	ctx_stop(&c);
}
END_TEST

/* ---- errors ---- */

START_TEST(refused)
{
	struct ctx c;

	ctx_start(&c, 0);
	set1(&c, "10.54.0.0/24", "192.0.2.1");	/* no route to it */
	set1(&c, "10.54.1.0/24", "10.9.0.2");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).errors, 1);
	ck_assert(!kernel_has("10.54.0.0/24", NULL));
	ck_assert(kernel_has("10.54.1.0/24", "via 10.9.0.2"));
	ck_assert_uint_eq(stats(&c).routes, 1);
	/* Still usable afterwards, and the refused key can be fixed. */
	set1(&c, "10.54.0.0/24", "10.9.0.3");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(kernel_has("10.54.0.0/24", "via 10.9.0.3"));
	ck_assert_uint_eq(stats(&c).errors, 1);
	ctx_stop(&c);
}
END_TEST

/* ---- restart ---- */

START_TEST(restart)
{
	struct ctx c;

	sh("ip route add 10.60.0.0/24 via 10.9.0.2 proto bgp metric 20");
	sh("ip route add 10.61.0.0/24 via 10.9.0.2 proto bgp metric 20");
	sh("ip route add 10.62.0.0/24 via 10.9.0.2 proto bgp metric 20");
	sh("ip -6 route add 2001:db8:60::/64 via 2001:db8:9::2 proto bgp "
	    "metric 20");
	/* At another metric: replaced by ours, not left beside it. */
	sh("ip route add 10.63.0.0/24 via 10.9.0.2 proto bgp metric 100");
	ctx_start(&c, 1);
	ck_assert_uint_eq(stats(&c).routes, 5);
	set1(&c, "10.60.0.0/24", "10.9.0.2");		/* as it is */
	set1(&c, "2001:db8:60::/64", "2001:db8:9::2");
	set1(&c, "10.62.0.0/24", "10.9.0.3");		/* changed */
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, 1);	/* 10.62 only */
	set1(&c, "10.63.0.0/24", "10.9.0.3");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, 3);	/* delete, add */
	ck_assert(kernel_has("10.63.0.0/24", "metric 20"));
	ck_assert(!kernel_has("10.63.0.0/24", "metric 100"));
	ck_assert(kernel_has("10.61.0.0/24", NULL));	/* not yet swept */
	ck_assert(!stats(&c).swept);
	ck_assert(run_until(&c, is_swept, 5000));
	ck_assert(!kernel_has("10.61.0.0/24", NULL));
	ck_assert(kernel_has("10.60.0.0/24", "via 10.9.0.2"));
	ck_assert(kernel_has("10.62.0.0/24", "via 10.9.0.3"));
	ck_assert(kernel_has("2001:db8:60::/64", "via 2001:db8:9::2"));
	ck_assert_uint_eq(stats(&c).requests, 4);
	ck_assert_uint_eq(stats(&c).routes, 4);
	ctx_stop(&c);
}
END_TEST

/* ---- redistribution ---- */

static struct ctx *want_ctx;
static struct redist_ev want_ev;

static bool
has_ev(struct ctx *c)
{
	for (size_t i = 0; i < c->nev; i++)
		if (c->ev[i].kind == want_ev.kind &&
		    c->ev[i].add == want_ev.add &&
		    c->ev[i].pfx.len == want_ev.pfx.len &&
		    ip_eq(&c->ev[i].pfx.addr, &want_ev.pfx.addr))
			return true;
	return false;
}

static bool
wait_ev(struct ctx *c, enum fib_redist_kind kind, const char *p, bool add)
{
	want_ev = (struct redist_ev){ kind, pfx(p), add };
	return run_until(c, has_ev, 3000);
}

static bool
seen_ev(struct ctx *c, enum fib_redist_kind kind, const char *p, bool add)
{
	want_ev = (struct redist_ev){ kind, pfx(p), add };
	return has_ev(c);
}

START_TEST(redistribute)
{
	struct ctx c;

	(void)want_ctx;
	sh("ip route add 10.80.0.0/24 via 10.9.0.2 proto static");
	ctx_start(&c, 0);
	/* Start-up: the existing ones. */
	ck_assert(wait_ev(&c, FIB_REDIST_CONNECTED, "10.9.0.0/24", true));
	ck_assert(wait_ev(&c, FIB_REDIST_CONNECTED, "2001:db8:9::/64", true));
	ck_assert(wait_ev(&c, FIB_REDIST_STATIC, "10.80.0.0/24", true));
	ck_assert(!seen_ev(&c, FIB_REDIST_CONNECTED, "127.0.0.0/8", true));
	ck_assert(!seen_ev(&c, FIB_REDIST_KERNEL, "10.9.0.0/24", true));
	/* Addresses come and go. */
	sh("ip addr add 10.70.0.1/24 dev veth0");
	ck_assert(wait_ev(&c, FIB_REDIST_CONNECTED, "10.70.0.0/24", true));
	sh("ip addr add 10.70.9.9/32 dev lo");
	ck_assert(wait_ev(&c, FIB_REDIST_CONNECTED, "10.70.9.9/32", true));
	sh("ip addr del 10.70.0.1/24 dev veth0");
	ck_assert(wait_ev(&c, FIB_REDIST_CONNECTED, "10.70.0.0/24", false));
	/* Static (proto static and boot) and kernel routes. */
	sh("ip route add 10.71.0.0/24 via 10.9.0.2 proto static");
	ck_assert(wait_ev(&c, FIB_REDIST_STATIC, "10.71.0.0/24", true));
	sh("ip -6 route add 2001:db8:71::/64 via 2001:db8:9::2");
	ck_assert(wait_ev(&c, FIB_REDIST_STATIC, "2001:db8:71::/64", true));
	sh("ip route add 10.72.0.0/24 via 10.9.0.2 proto kernel");
	ck_assert(wait_ev(&c, FIB_REDIST_KERNEL, "10.72.0.0/24", true));
	sh("ip route del 10.71.0.0/24");
	ck_assert(wait_ev(&c, FIB_REDIST_STATIC, "10.71.0.0/24", false));
	sh("ip route del 10.72.0.0/24");
	ck_assert(wait_ev(&c, FIB_REDIST_KERNEL, "10.72.0.0/24", false));
	/* Ours are never reported. */
	set1(&c, "10.73.0.0/24", "10.9.0.2");
	ck_assert(run_until(&c, is_idle, 5000));
	loop_for(&c, 100);
	ck_assert(!seen_ev(&c, FIB_REDIST_KERNEL, "10.73.0.0/24", true));
	ck_assert(!seen_ev(&c, FIB_REDIST_STATIC, "10.73.0.0/24", true));
	ctx_stop(&c);
	sh("ip addr del 10.70.9.9/32 dev lo; ip route del 10.80.0.0/24; "
	    "ip -6 route del 2001:db8:71::/64");
}
END_TEST

/* ---- overrun: resync by dump, mark and sweep ---- */

#define OVERRUN_N	500

static size_t
count_ev(const struct ctx *c, enum fib_redist_kind kind, bool add)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nev; i++)
		if (c->ev[i].kind == kind && c->ev[i].add == add &&
		    c->ev[i].pfx.addr.a[0] == 10 &&
		    c->ev[i].pfx.addr.a[1] == 91)
			n++;
	return n;
}

static bool
all_added(struct ctx *c)
{
	return count_ev(c, FIB_REDIST_STATIC, true) == OVERRUN_N &&
	    kernel_has("10.90.0.0/24", "via 10.9.0.2");
}

static bool
all_deleted(struct ctx *c)
{
	return count_ev(c, FIB_REDIST_STATIC, false) == OVERRUN_N;
}

/* OVERRUN_N static routes added (or deleted) behind the loop's back. */
static void
batch_routes(bool add)
{
	char path[] = "/tmp/test_fib.XXXXXX", cmd[64];
	int fd = mkstemp(path);
	FILE *f = fd == -1 ? NULL : fdopen(fd, "w");

	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < OVERRUN_N; i++)
		fprintf(f, "route %s 10.91.%d.%d/32 via 10.9.0.2 proto static\n",
		    add ? "add" : "del", i / 256, i % 256);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "ip -batch %s", path);
	sh(cmd);
	unlink(path);
}

START_TEST(overrun)
{
	struct ctx c;

	/* A monitor buffer of a few messages: the bursts overrun it. */
	ctx_start_rcvbuf(&c, 0, 4096);
	set1(&c, "10.90.0.0/24", "10.9.0.2");
	ck_assert(run_until(&c, is_idle, 5000));
	/* Behind fib's back: our route deleted (the monitor does not
	 * follow our own routes: only a dump repairs this) ... */
	sh("ip route del 10.90.0.0/24 proto bgp");
	batch_routes(true);
	ck_assert(run_until(&c, all_added, 10000));
	ck_assert_uint_ge(stats(&c).resyncs, 1);
	ck_assert_uint_eq(count_ev(&c, FIB_REDIST_STATIC, false), 0);
	/* ... and the deletions found by the sweep after the next one. */
	batch_routes(false);
	ck_assert(run_until(&c, all_deleted, 10000));
	ck_assert_uint_ge(stats(&c).resyncs, 2);
	ctx_stop(&c);
}
END_TEST

/* ---- links: routes flushed by the kernel come back ---- */

static bool
route_back(struct ctx *c)
{
	(void)c;
	return kernel_has("10.95.0.0/24", "via 10.9.0.2");
}

static bool
route_gone_and_refused(struct ctx *c)
{
	return !kernel_has("10.95.0.0/24", NULL) && stats(c).errors >= 1 &&
	    stats(c).pending == 0;
}

START_TEST(link_down_up)
{
	struct ctx c;

	ctx_start(&c, 0);
	set1(&c, "10.95.0.0/24", "10.9.0.2");
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(route_back(&c));
	/* Down: the kernel drops the route without a word; the resync
	 * after the link change tries to put it back and is refused. */
	sh("ip link set veth0 down");
	ck_assert(run_until(&c, route_gone_and_refused, 5000));
	/* Up: the next resync retries it. */
	sh("ip link set veth0 up");
	ck_assert(run_until(&c, route_back, 5000));
	ctx_stop(&c);
}
END_TEST

/* ---- scale ---- */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define SCALE_N	100000

START_TEST(scale)
{
	struct ctx c;
	struct ip_addr nh[2] = { addr("10.9.0.2"), addr("10.9.0.3") };
	double t0, t1, t2;
	struct fib_stats st;

	ctx_start(&c, 0);
	t0 = now();
	for (uint32_t i = 0; i < SCALE_N; i++) {
		struct ip_prefix p;

		memset(&p, 0, sizeof(p));
		ip_set_v4(&p.addr, 0x64000000u + i);	/* 100.0.0.0 + i */
		p.len = 32;
		fib_route_set(c.fib, FIB_TABLE_MAIN, &p, nh, 1 + (i & 1));
	}
	ck_assert(run_until(&c, is_idle, 60000));
	t1 = now();
	st = stats(&c);
	ck_assert_uint_eq(st.routes, SCALE_N);
	ck_assert_uint_eq(st.errors, 0);
	for (uint32_t i = 0; i < SCALE_N; i++) {
		struct ip_prefix p;

		memset(&p, 0, sizeof(p));
		ip_set_v4(&p.addr, 0x64000000u + i);
		p.len = 32;
		fib_route_del(c.fib, FIB_TABLE_MAIN, &p);
	}
	ck_assert(run_until(&c, is_idle, 60000));
	t2 = now();
	printf("fib scale: %d routes (half ECMP) installed in %.3f s "
	    "(%.0f routes/s), deleted in %.3f s (%.0f/s); %llu requests in "
	    "%llu sendmsg (%.0f per batch)\n", SCALE_N, t1 - t0,
	    SCALE_N / (t1 - t0), t2 - t1, SCALE_N / (t2 - t1),
	    (unsigned long long)stats(&c).requests,
	    (unsigned long long)stats(&c).batches,
	    (double)stats(&c).requests / (double)stats(&c).batches);
	ck_assert_uint_eq(stats(&c).routes, 0);
	ctx_stop(&c);
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
	    "ip link add veth0 type veth peer name veth1 && "
	    "ip link set veth0 up && ip link set veth1 up && "
	    "ip addr add 10.9.0.1/24 dev veth0 && "
	    "ip -6 addr add 2001:db8:9::1/64 dev veth0 nodad") != 0) {
		fprintf(stderr, "namespace set-up failed\n");
		exit(1);
	}
}

static Suite *
fib_suite(void)
{
	Suite *s = suite_create("fib");
	TCase *tc = tcase_create("kernel");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, install_v4_v6);
	tcase_add_test(tc, replace_multipath);
	tcase_add_test(tc, delete);
	tcase_add_test(tc, coalesce);
	tcase_add_test(tc, refused);
	tcase_add_test(tc, restart);
	tcase_add_test(tc, redistribute);
	tcase_add_test(tc, overrun);
	tcase_add_test(tc, link_down_up);
	tcase_add_test(tc, scale);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	netns_setup();
	return check_run(fib_suite());
}

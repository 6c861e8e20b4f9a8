/*
 * test_fib_l2.c -- fib/'s L2 half against the real kernel: the test
 * process moves into a private network namespace (unshare(CLONE_NEWNET),
 * root only) with a bridge br100, a VXLAN device vxlan100 (VNI 100,
 * local 10.0.0.1, nolearning) and two veth ports, and drives fib on a
 * real event_base.  What the kernel has is read back with iproute2
 * (`bridge fdb show`, `ip neigh show`), never from fib's own state.
 *
 * Cases: link reports (bridge, VXLAN attributes, ports and their master;
 * down/up, neigh_suppress, a link deleted), local MACs (static, dynamic,
 * a port move, delete; our own entries never reported), FDB, flood and
 * neighbour intents (installed as extern_learn, deleted), coalescing
 * (set+del before the flush sends nothing; a set equal to the kernel's
 * sends nothing), one ACK per batch (an error in the middle still
 * found; a move keeps the bridge's entry), the restart reconcile (found entries counted, kept
 * without a request when set again, the rest swept after stale_secs),
 * kernel neighbours reported, a 10k-MAC install whose rate is printed,
 * and a monitor overrun (1000 local MACs added, then deleted, into a
 * 4 KiB receive buffer): every add and every delete reported after the
 * resync's mark and sweep.
 */
#include <net/if.h>
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

#define NEV	256
#define OVERRUN_N	1000	/* local MACs of the overrun test */

struct ctx {
	struct event_base	*base;
	struct log_ctx		 log;
	struct fib		*fib;
	struct fib_link		 links[NEV];
	bool			 link_present[NEV];
	size_t			 nlinks;
	struct fib_fdb_event	 fdbs[NEV];
	bool			 fdb_add[NEV];
	size_t			 nfdbs;
	struct fib_neigh_event	 neighs[NEV];
	bool			 neigh_add[NEV];
	size_t			 nneighs;
	size_t			 naddrs;
	bool			 ovr[OVERRUN_N];	/* 02:bb:00:00:HH:LL
							 * reported present */
};

FIB_TEST_HELPERS(struct ctx)

static void
link_cb(void *arg, const struct fib_link *l, bool present)
{
	struct ctx *c = arg;

	if (c->nlinks < NEV) {
		c->link_present[c->nlinks] = present;
		c->links[c->nlinks++] = *l;
	}
}

static void
addr_cb(void *arg, uint32_t ifindex, const struct ip_prefix *p, bool add)
{
	struct ctx *c = arg;

	(void)ifindex;
	(void)p;
	(void)add;
	c->naddrs++;
}

static void
fdb_cb(void *arg, const struct fib_fdb_event *ev, bool add)
{
	struct ctx *c = arg;
	const uint8_t *b = ev->mac.b;
	size_t i = (size_t)b[4] << 8 | b[5];

	if (b[0] == 0x02 && b[1] == 0xbb && b[2] == 0 && b[3] == 0 &&
	    i < OVERRUN_N)
		c->ovr[i] = add;

	if (c->nfdbs < NEV) {
		c->fdb_add[c->nfdbs] = add;
		c->fdbs[c->nfdbs++] = *ev;
	}
}

static void
neigh_cb(void *arg, const struct fib_neigh_event *ev, bool add)
{
	struct ctx *c = arg;

	if (c->nneighs < NEV) {
		c->neigh_add[c->nneighs] = add;
		c->neighs[c->nneighs++] = *ev;
	}
}

static void
ctx_start_buf(struct ctx *c, unsigned stale_secs, int mon_rcvbuf)
{
	struct fib_env env;

	memset(c, 0, sizeof(*c));
	memset(&env, 0, sizeof(env));
	env.link = link_cb;
	env.addr = addr_cb;
	env.fdb = fdb_cb;
	env.neigh = neigh_cb;
	env.l2_arg = c;
	env.stale_secs = stale_secs;
	env.mon_rcvbuf = mon_rcvbuf;
	ctx_start_env(c, &env);
}

static void
ctx_start(struct ctx *c, unsigned stale_secs)
{
	ctx_start_buf(c, stale_secs, 0);
}

/* Some line of cmd's output contains want. */
static bool
has_line(const char *cmd, const char *want)
{
	char *s = output(cmd);
	bool ok = strstr(s, want) != NULL;

	free(s);
	return ok;
}

static size_t
count_lines(const char *cmd, const char *want)
{
	char *s = output(cmd), *p = s;
	size_t n = 0;

	while ((p = strstr(p, want)) != NULL) {
		n++;
		p += strlen(want);
	}
	free(s);
	return n;
}

#define FDB_SHOW	"bridge fdb show dev vxlan100"
#define NEIGH_SHOW	"ip neigh show dev br100"

static uint32_t
ifx(const char *name)
{
	uint32_t i = if_nametoindex(name);

	ck_assert_msg(i != 0, "no %s", name);
	return i;
}

static struct mac_addr
mac(const char *s)
{
	struct mac_addr m;

	ck_assert_int_eq(mac_parse(s, &m), 0);
	return m;
}

static struct ip_addr
ip(const char *s)
{
	struct ip_addr a;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(ip_parse(s, &a), 0);
	return a;
}

/* ---- what the predicates look for ---- */

static const char *want_name;
static bool want_present;
static int want_up = -1;		/* -1: either */
static int want_suppress = -1;

static bool
link_seen(struct ctx *c)
{
	for (size_t i = 0; i < c->nlinks; i++)
		if (strcmp(c->links[i].name, want_name) == 0 &&
		    c->link_present[i] == want_present &&
		    (want_up < 0 || c->links[i].up == (bool)want_up) &&
		    (want_suppress < 0 ||
		    c->links[i].neigh_suppress == (bool)want_suppress))
			return true;
	return false;
}

static const struct fib_link *
last_link(struct ctx *c, const char *name)
{
	for (size_t i = c->nlinks; i-- > 0;)
		if (strcmp(c->links[i].name, name) == 0)
			return &c->links[i];
	return NULL;
}

static bool
wait_link(struct ctx *c, const char *name, bool present, int up,
    int suppress)
{
	want_name = name;
	want_present = present;
	want_up = up;
	want_suppress = suppress;
	return run_until(c, link_seen, 3000);
}

static struct mac_addr want_mac;
static uint32_t want_port;
static bool want_add;

static bool
fdb_seen(struct ctx *c)
{
	for (size_t i = 0; i < c->nfdbs; i++)
		if (mac_eq(&c->fdbs[i].mac, &want_mac) &&
		    c->fdb_add[i] == want_add &&
		    (!want_add || c->fdbs[i].port == want_port))
			return true;
	return false;
}

static const struct fib_fdb_event *
wait_fdb(struct ctx *c, const char *m, const char *port, bool add)
{
	want_mac = mac(m);
	want_port = port != NULL ? ifx(port) : 0;
	want_add = add;
	if (!run_until(c, fdb_seen, 3000))
		return NULL;
	for (size_t i = c->nfdbs; i-- > 0;)
		if (mac_eq(&c->fdbs[i].mac, &want_mac))
			return &c->fdbs[i];
	return NULL;
}

static size_t
fdb_events_for(struct ctx *c, const char *m)
{
	struct mac_addr x = mac(m);
	size_t n = 0;

	for (size_t i = 0; i < c->nfdbs; i++)
		if (mac_eq(&c->fdbs[i].mac, &x))
			n++;
	return n;
}

static struct ip_addr want_ip;

static bool
neigh_seen(struct ctx *c)
{
	for (size_t i = 0; i < c->nneighs; i++)
		if (ip_eq(&c->neighs[i].ip, &want_ip) &&
		    c->neigh_add[i] == want_add &&
		    (!want_add || mac_eq(&c->neighs[i].mac, &want_mac)))
			return true;
	return false;
}

static bool
wait_neigh(struct ctx *c, const char *a, const char *m, bool add)
{
	want_ip = ip(a);
	if (m != NULL)
		want_mac = mac(m);
	want_add = add;
	return run_until(c, neigh_seen, 3000);
}

/* ---- (a) links ---- */

START_TEST(links)
{
	struct ctx c;
	const struct fib_link *l;
	struct ip_addr local = ip("10.0.0.1");

	ctx_start(&c, 0);
	ck_assert(wait_link(&c, "br100", true, 1, -1));
	ck_assert(wait_link(&c, "vxlan100", true, -1, -1));
	ck_assert(wait_link(&c, "veth0", true, 1, -1));
	l = last_link(&c, "br100");
	ck_assert_int_eq(l->kind, FIB_LINK_BRIDGE);
	ck_assert_uint_eq(l->master, 0);
	l = last_link(&c, "vxlan100");
	ck_assert_int_eq(l->kind, FIB_LINK_VXLAN);
	ck_assert_uint_eq(l->vni, 100);
	ck_assert(ip_eq(&l->local, &local));
	ck_assert_uint_eq(l->dstport, 4789);
	ck_assert(!l->learning);
	ck_assert_uint_eq(l->master, ifx("br100"));
	ck_assert_uint_eq(l->ifindex, ifx("vxlan100"));
	l = last_link(&c, "veth0");
	ck_assert_int_eq(l->kind, FIB_LINK_OTHER);
	ck_assert_uint_eq(l->master, ifx("br100"));
	/* Down and up. */
	sh("ip link set veth0 down");
	ck_assert(wait_link(&c, "veth0", true, 0, -1));
	sh("ip link set veth0 up");
	c.nlinks = 0;
	ck_assert(wait_link(&c, "veth0", true, 1, -1));
	/* The bridge port flag. */
	sh("bridge link set dev vxlan100 neigh_suppress on");
	ck_assert(wait_link(&c, "vxlan100", true, -1, 1));
	sh("bridge link set dev vxlan100 neigh_suppress off");
	ck_assert(wait_link(&c, "vxlan100", true, -1, 0));
	/* A link created, enslaved, deleted. */
	sh("ip link add veth8 type veth peer name veth9");
	ck_assert(wait_link(&c, "veth8", true, 0, -1));
	sh("ip link set veth8 master br100");
	loop_for(&c, 100);
	ck_assert_uint_eq(last_link(&c, "veth8")->master, ifx("br100"));
	sh("ip link del veth8");
	ck_assert(wait_link(&c, "veth8", false, -1, -1));
	/* A change that matters to nobody is not reported twice. */
	c.nlinks = 0;
	sh("ip link set br100 txqueuelen 999");
	loop_for(&c, 100);
	ck_assert_ptr_null(last_link(&c, "br100"));
	ck_assert_uint_gt(c.naddrs, 0);		/* 10.1.0.1/24 on br100 */
	ctx_close(&c);
}
END_TEST

/* ---- (b) local MACs ---- */

START_TEST(local_macs)
{
	struct ctx c;
	const struct fib_fdb_event *ev;

	sh("bridge fdb add 02:aa:00:00:00:09 dev veth0 master static");
	ctx_start(&c, 0);
	/* Start-up: the existing one; the ports' own MACs are not. */
	ev = wait_fdb(&c, "02:aa:00:00:00:09", "veth0", true);
	ck_assert_ptr_nonnull(ev);
	for (size_t i = 0; i < c.nfdbs; i++)
		ck_assert(!mac_eq(&c.fdbs[i].mac, &last_link(&c, "veth0")->mac)
		    && !mac_eq(&c.fdbs[i].mac, &last_link(&c, "br100")->mac));
	sh("bridge fdb add 02:aa:00:00:00:01 dev veth0 master static");
	ev = wait_fdb(&c, "02:aa:00:00:00:01", "veth0", true);
	ck_assert_ptr_nonnull(ev);
	ck_assert_uint_eq(ev->bridge, ifx("br100"));
	ck_assert(ev->is_static);
	sh("bridge fdb del 02:aa:00:00:00:01 dev veth0 master");
	ck_assert_ptr_nonnull(wait_fdb(&c, "02:aa:00:00:00:01", NULL, false));
	/* Dynamic, then moved to another port. */
	sh("bridge fdb replace 02:aa:00:00:00:02 dev veth0 master dynamic");
	ev = wait_fdb(&c, "02:aa:00:00:00:02", "veth0", true);
	ck_assert_ptr_nonnull(ev);
	ck_assert(!ev->is_static);
	sh("bridge fdb replace 02:aa:00:00:00:02 dev veth2 master dynamic");
	ev = wait_fdb(&c, "02:aa:00:00:00:02", "veth2", true);
	ck_assert_ptr_nonnull(ev);
	ck_assert_uint_eq(ev->bridge, ifx("br100"));
	/* The same again: no report. */
	loop_for(&c, 50);
	{
		size_t n = fdb_events_for(&c, "02:aa:00:00:00:02");

		sh("bridge fdb replace 02:aa:00:00:00:02 dev veth2 master "
		    "dynamic");
		loop_for(&c, 100);
		ck_assert_uint_eq(fdb_events_for(&c, "02:aa:00:00:00:02"), n);
	}
	sh("bridge fdb del 02:aa:00:00:00:02 dev veth2 master");
	sh("bridge fdb del 02:aa:00:00:00:09 dev veth0 master");
	ck_assert_ptr_nonnull(wait_fdb(&c, "02:aa:00:00:00:02", NULL, false));
	ctx_close(&c);
}
END_TEST

/* ---- (c) intents ---- */

START_TEST(fdb_intents)
{
	struct ctx c;
	struct mac_addr m = mac("02:bb:00:00:00:01");
	struct ip_addr vtep = ip("10.0.0.2"), vtep3 = ip("10.0.0.3");
	uint32_t vx = ifx("vxlan100");

	ctx_start(&c, 0);
	fib_fdb_set(c.fib, vx, &m, &vtep, false);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(has_line(FDB_SHOW, "02:bb:00:00:00:01 dst 10.0.0.2 self "
	    "extern_learn"));
	/* The bridge's entry points at the VXLAN port. */
	ck_assert(has_line(FDB_SHOW, "02:bb:00:00:00:01 extern_learn master "
	    "br100"));
	ck_assert_uint_eq(stats(&c).fdbs, 1);
	ck_assert_uint_eq(stats(&c).errors, 0);
	/* Moved to another VTEP, sticky (the kernel keeps an entry's
	 * state on replace: fib deletes and adds it). */
	fib_fdb_set(c.fib, vx, &m, &vtep3, true);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(has_line(FDB_SHOW, "02:bb:00:00:00:01 dst 10.0.0.3 self "
	    "extern_learn static"));
	ck_assert(!has_line(FDB_SHOW, "dst 10.0.0.2"));
	fib_fdb_del(c.fib, vx, &m);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(!has_line(FDB_SHOW, "02:bb:00:00:00:01"));
	ck_assert_uint_eq(stats(&c).fdbs, 0);
	/* Never reported as local. */
	loop_for(&c, 50);
	ck_assert_uint_eq(fdb_events_for(&c, "02:bb:00:00:00:01"), 0);
	/* Flood: two VTEPs, then one. */
	fib_flood_set(c.fib, vx, &vtep);
	fib_flood_set(c.fib, vx, &vtep3);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(count_lines(FDB_SHOW, "00:00:00:00:00:00 dst"), 2);
	ck_assert(has_line(FDB_SHOW, "00:00:00:00:00:00 dst 10.0.0.3"));
	ck_assert_uint_eq(stats(&c).floods, 2);
	fib_flood_del(c.fib, vx, &vtep3);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(count_lines(FDB_SHOW, "00:00:00:00:00:00 dst"), 1);
	ck_assert(has_line(FDB_SHOW, "00:00:00:00:00:00 dst 10.0.0.2"));
	fib_flood_del(c.fib, vx, &vtep);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(count_lines(FDB_SHOW, "00:00:00:00:00:00 dst"), 0);
	ck_assert_uint_eq(stats(&c).floods, 0);
	ck_assert_uint_eq(stats(&c).errors, 0);
	ctx_close(&c);
}
END_TEST

START_TEST(neigh_intents)
{
	struct ctx c;
	struct mac_addr m = mac("02:cc:00:00:00:05");
	struct ip_addr a = ip("10.1.0.5"), a6 = ip("2001:db8:1::5");
	uint32_t br = ifx("br100");

	ctx_start(&c, 0);
	fib_neigh_set(c.fib, br, &a, &m, false);
	fib_neigh_set(c.fib, br, &a6, &m, true);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(has_line(NEIGH_SHOW, "10.1.0.5 lladdr 02:cc:00:00:00:05 "
	    "extern_learn NOARP"));
	ck_assert(has_line(NEIGH_SHOW, "2001:db8:1::5 lladdr "
	    "02:cc:00:00:00:05 router extern_learn NOARP"));
	ck_assert_uint_eq(stats(&c).neighs, 2);
	fib_neigh_del(c.fib, br, &a);
	fib_neigh_del(c.fib, br, &a6);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(!has_line(NEIGH_SHOW, "10.1.0.5 "));
	ck_assert(!has_line(NEIGH_SHOW, "2001:db8:1::5 "));
	ck_assert_uint_eq(stats(&c).neighs, 0);
	ck_assert_uint_eq(stats(&c).errors, 0);
	/* Ours are never reported. */
	loop_for(&c, 50);
	for (size_t i = 0; i < c.nneighs; i++)
		ck_assert(!ip_eq(&c.neighs[i].ip, &a));
	ctx_close(&c);
}
END_TEST

/* ---- (d) coalescing ---- */

START_TEST(coalesce)
{
	struct ctx c;
	struct mac_addr m = mac("02:bb:00:00:00:02");
	struct ip_addr vtep = ip("10.0.0.2"), a = ip("10.1.0.6");
	uint32_t vx = ifx("vxlan100");
	uint64_t req;

	ctx_start(&c, 0);
	req = stats(&c).requests;
	fib_fdb_set(c.fib, vx, &m, &vtep, false);
	fib_fdb_del(c.fib, vx, &m);
	fib_flood_set(c.fib, vx, &vtep);
	fib_flood_del(c.fib, vx, &vtep);
	fib_neigh_set(c.fib, ifx("br100"), &a, &m, false);
	fib_neigh_del(c.fib, ifx("br100"), &a);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, req);
	ck_assert(!has_line(FDB_SHOW, "02:bb:00:00:00:02"));
	/* Last write wins: one request. */
	fib_fdb_set(c.fib, vx, &m, &vtep, true);
	fib_fdb_set(c.fib, vx, &m, &vtep, false);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, req + 1);
	ck_assert(has_line(FDB_SHOW, "02:bb:00:00:00:02 dst 10.0.0.2 self "
	    "extern_learn \n"));
	/* The same again: nothing. */
	fib_fdb_set(c.fib, vx, &m, &vtep, false);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, req + 1);
	fib_fdb_del(c.fib, vx, &m);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(!has_line(FDB_SHOW, "02:bb:00:00:00:02"));
	ctx_close(&c);
}
END_TEST

/*
 * One batch, one ACK (its last request): an error in the middle still
 * names its request (a neighbour on an interface that does not exist),
 * the quiet requests around it count as done.  Then a move to another
 * VTEP (same stickiness) rewrites the VXLAN entry only: the bridge's
 * entry stays.
 */
START_TEST(quiet_acks)
{
	struct ctx c;
	struct mac_addr m1 = mac("02:bb:00:00:00:11"),
	    m2 = mac("02:bb:00:00:00:12"), m3 = mac("02:bb:00:00:00:13");
	struct ip_addr vtep = ip("10.0.0.2"), vtep3 = ip("10.0.0.3"),
	    a = ip("10.1.0.9");
	uint32_t vx = ifx("vxlan100");
	uint64_t batches;

	ctx_start(&c, 0);
	batches = stats(&c).batches;
	fib_fdb_set(c.fib, vx, &m1, &vtep, false);
	fib_neigh_set(c.fib, 999999, &a, &m1, false);
	fib_fdb_set(c.fib, vx, &m2, &vtep, false);
	fib_fdb_set(c.fib, vx, &m3, &vtep, false);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).batches, batches + 1);
	ck_assert_uint_eq(stats(&c).errors, 1);
	ck_assert_uint_eq(stats(&c).fdbs, 3);
	ck_assert_uint_eq(stats(&c).neighs, 0);
	ck_assert_uint_eq(count_lines(FDB_SHOW, "dst 10.0.0.2 self "
	    "extern_learn"), 3);
	fib_fdb_set(c.fib, vx, &m2, &vtep3, false);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(has_line(FDB_SHOW, "02:bb:00:00:00:12 dst 10.0.0.3 self "
	    "extern_learn"));
	ck_assert(has_line(FDB_SHOW, "02:bb:00:00:00:12 extern_learn master "
	    "br100"));
	ck_assert_uint_eq(count_lines(FDB_SHOW, "dst 10.0.0.2 self"), 2);
	ck_assert_uint_eq(stats(&c).errors, 1);
	fib_fdb_del(c.fib, vx, &m1);
	fib_fdb_del(c.fib, vx, &m2);
	fib_fdb_del(c.fib, vx, &m3);
	fib_neigh_del(c.fib, 999999, &a);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(!has_line(FDB_SHOW, "02:bb:00:00:00:1"));
	ck_assert_uint_eq(stats(&c).fdbs, 0);
	ctx_close(&c);
}
END_TEST

/* ---- (e) restart ---- */

START_TEST(restart)
{
	struct ctx c;
	struct mac_addr ma = mac("02:bb:00:00:00:0a"),
	    mb = mac("02:bb:00:00:00:0b"), mn = mac("02:cc:00:00:00:0c");
	struct ip_addr v2 = ip("10.0.0.2"), v3 = ip("10.0.0.3"),
	    n1 = ip("10.1.0.7");
	uint32_t vx = ifx("vxlan100"), br = ifx("br100");

	ctx_start(&c, 0);
	fib_fdb_set(c.fib, vx, &ma, &v2, false);
	fib_fdb_set(c.fib, vx, &mb, &v2, true);
	fib_flood_set(c.fib, vx, &v2);
	fib_flood_set(c.fib, vx, &v3);
	fib_neigh_set(c.fib, br, &n1, &mn, false);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).errors, 0);
	ctx_close(&c);

	/* The next one finds them all. */
	ctx_start(&c, 1);
	ck_assert_uint_eq(stats(&c).fdbs, 2);
	ck_assert_uint_eq(stats(&c).floods, 2);
	ck_assert_uint_eq(stats(&c).neighs, 1);
	fib_fdb_set(c.fib, vx, &ma, &v2, false);	/* as it is */
	fib_flood_set(c.fib, vx, &v2);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert_uint_eq(stats(&c).requests, 0);
	ck_assert(!stats(&c).swept);
	ck_assert(has_line(FDB_SHOW, "02:bb:00:00:00:0b"));
	/* After stale_secs: the unclaimed ones go. */
	ck_assert(run_until(&c, is_swept, 5000));
	ck_assert(has_line(FDB_SHOW, "02:bb:00:00:00:0a dst 10.0.0.2"));
	ck_assert(!has_line(FDB_SHOW, "02:bb:00:00:00:0b"));
	ck_assert(has_line(FDB_SHOW, "00:00:00:00:00:00 dst 10.0.0.2"));
	ck_assert(!has_line(FDB_SHOW, "00:00:00:00:00:00 dst 10.0.0.3"));
	ck_assert(!has_line(NEIGH_SHOW, "10.1.0.7 "));
	ck_assert_uint_eq(stats(&c).fdbs, 1);
	ck_assert_uint_eq(stats(&c).floods, 1);
	ck_assert_uint_eq(stats(&c).neighs, 0);
	ck_assert_uint_eq(stats(&c).errors, 0);
	fib_fdb_del(c.fib, vx, &ma);
	fib_flood_del(c.fib, vx, &v2);
	ck_assert(run_until(&c, is_idle, 5000));
	ck_assert(!has_line(FDB_SHOW, "dst 10.0.0.2"));
	ctx_close(&c);
}
END_TEST

/* ---- (f) kernel neighbours ---- */

START_TEST(kernel_neighs)
{
	struct ctx c;

	sh("ip neigh add 10.1.0.8 lladdr 02:dd:00:00:00:08 dev br100 "
	    "nud permanent");
	ctx_start(&c, 0);
	ck_assert(wait_neigh(&c, "10.1.0.8", "02:dd:00:00:00:08", true));
	sh("ip neigh add 10.1.0.9 lladdr 02:dd:00:00:00:09 dev br100 "
	    "nud reachable");
	ck_assert(wait_neigh(&c, "10.1.0.9", "02:dd:00:00:00:09", true));
	ck_assert_uint_eq(c.neighs[c.nneighs - 1].ifindex, ifx("br100"));
	/* A new MAC: reported again. */
	sh("ip neigh replace 10.1.0.9 lladdr 02:dd:00:00:00:19 dev br100 "
	    "nud reachable");
	ck_assert(wait_neigh(&c, "10.1.0.9", "02:dd:00:00:00:19", true));
	sh("ip neigh del 10.1.0.9 dev br100");
	ck_assert(wait_neigh(&c, "10.1.0.9", NULL, false));
	sh("ip neigh del 10.1.0.8 dev br100");
	ck_assert(wait_neigh(&c, "10.1.0.8", NULL, false));
	ctx_close(&c);
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

#define SCALE_N	10000

static struct mac_addr
nth_mac(uint32_t i)
{
	struct mac_addr m = { { 0x02, 0xee, 0, (uint8_t)(i >> 16),
	    (uint8_t)(i >> 8), (uint8_t)i } };

	return m;
}

START_TEST(scale)
{
	struct ctx c;
	struct ip_addr vtep = ip("10.0.0.2");
	uint32_t vx = ifx("vxlan100");
	double t0, t1, t2;
	uint64_t b0;

	ctx_start(&c, 0);
	b0 = stats(&c).batches;
	t0 = now();
	for (uint32_t i = 0; i < SCALE_N; i++) {
		struct mac_addr m = nth_mac(i);

		fib_fdb_set(c.fib, vx, &m, &vtep, false);
	}
	ck_assert(run_until(&c, is_idle, 60000));
	t1 = now();
	ck_assert_uint_eq(stats(&c).fdbs, SCALE_N);
	ck_assert_uint_eq(stats(&c).errors, 0);
	ck_assert_uint_eq(count_lines(FDB_SHOW, "dst 10.0.0.2 self"),
	    SCALE_N);
	printf("fib l2 scale: %d remote MACs installed in %.3f s (%.0f/s), "
	    "%.0f requests per sendmsg\n", SCALE_N, t1 - t0,
	    SCALE_N / (t1 - t0), (double)stats(&c).requests /
	    (double)(stats(&c).batches - b0));
	for (uint32_t i = 0; i < SCALE_N; i++) {
		struct mac_addr m = nth_mac(i);

		fib_fdb_del(c.fib, vx, &m);
	}
	ck_assert(run_until(&c, is_idle, 60000));
	t2 = now();
	printf("fib l2 scale: deleted in %.3f s (%.0f/s)\n", t2 - t1,
	    SCALE_N / (t2 - t1));
	ck_assert_uint_eq(stats(&c).fdbs, 0);
	ck_assert_uint_eq(count_lines(FDB_SHOW, "02:ee:"), 0);
	ctx_close(&c);
}
END_TEST

static void
netns_setup(void)
{
	if (unshare(CLONE_NEWNET) == -1) {
		perror("unshare(CLONE_NEWNET) (root needed)");
		exit(77);
	}
	if (system("ip link set lo up && ip addr add 10.0.0.1/32 dev lo && "
	    "ip link add br100 type bridge && "
	    "ip link add vxlan100 type vxlan id 100 local 10.0.0.1 "
	    "dstport 4789 nolearning && "
	    "ip link set vxlan100 master br100 && "
	    "bridge link set dev vxlan100 learning off && "
	    "ip link add veth0 type veth peer name veth1 && "
	    "ip link add veth2 type veth peer name veth3 && "
	    "ip link set veth0 master br100 && "
	    "ip link set veth2 master br100 && "
	    "for i in br100 vxlan100 veth0 veth1 veth2 veth3; do "
	    "ip link set $i up || exit 1; done && "
	    "ip addr add 10.1.0.1/24 dev br100 && "
	    "ip -6 addr add 2001:db8:1::1/64 dev br100 nodad") != 0) {
		fprintf(stderr, "namespace set-up failed\n");
		exit(1);
	}
}

/* ---- (g) overrun: the resync's mark and sweep misses nothing ---- */

static void
batch_macs(bool add)
{
	FILE *f = fopen("/tmp/evpnd-fib-l2-batch", "w");

	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < OVERRUN_N; i++)
		fprintf(f, "fdb %s 02:bb:00:00:%02x:%02x dev veth0 master%s\n",
		    add ? "add" : "del", i >> 8, i & 0xff, add ? " static" : "");
	fclose(f);
	sh("bridge -batch /tmp/evpnd-fib-l2-batch");
	unlink("/tmp/evpnd-fib-l2-batch");
}

static bool
ovr_all(struct ctx *c, bool want)
{
	for (int i = 0; i < OVERRUN_N; i++)
		if (c->ovr[i] != want)
			return false;
	return true;
}

static bool
ovr_added(struct ctx *c)
{
	return ovr_all(c, true);
}

static bool
ovr_deleted(struct ctx *c)
{
	return ovr_all(c, false);
}

START_TEST(overrun)
{
	struct ctx c;

	/* A monitor buffer of a few messages: the burst of local MACs
	 * overruns it; the resync dump reports what the monitor lost, and
	 * its sweep what went. */
	ctx_start_buf(&c, 0, 4096);
	batch_macs(true);
	ck_assert(run_until(&c, ovr_added, 10000));
	ck_assert_uint_ge(stats(&c).resyncs, 1);
	batch_macs(false);
	ck_assert(run_until(&c, ovr_deleted, 10000));
	ck_assert_uint_ge(stats(&c).resyncs, 2);
	ctx_close(&c);
}
END_TEST

static Suite *
fib_l2_suite(void)
{
	Suite *s = suite_create("fib_l2");
	TCase *tc = tcase_create("kernel");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, links);
	tcase_add_test(tc, local_macs);
	tcase_add_test(tc, fdb_intents);
	tcase_add_test(tc, neigh_intents);
	tcase_add_test(tc, coalesce);
	tcase_add_test(tc, quiet_acks);
	tcase_add_test(tc, restart);
	tcase_add_test(tc, kernel_neighs);
	tcase_add_test(tc, scale);
	tcase_add_test(tc, overrun);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	netns_setup();
	return check_run(fib_l2_suite());
}

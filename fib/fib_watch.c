/*
 * fib_watch.c -- what `redistribute connected|static|kernel` reads: the
 * interface addresses and the main table's routes, from the dumps and
 * the monitor socket, reported through fib_env.redist.
 *
 * DOC: two tables.  'srcs' holds every kernel object that makes a
 * redistributable prefix: an address (ifindex, address, prefix length:
 * CONNECTED, its subnet) or a main-table route (prefix, TOS, metric,
 * the kernel's identity of an IPv4 or IPv6 route: STATIC or KERNEL).
 * 'counts' holds per (kind, prefix) how many sources make it, and the
 * callback fires on 0 -> 1 (add) and 1 -> 0 (del), so two interfaces in
 * one subnet or one prefix at two metrics are one report.  Dumps mark
 * each source with their generation; at the end of a dump what was not
 * seen is removed (mark and sweep after an overrun).
 *
 * Classification (as FRR's zebra reads the kernel):
 *   CONNECTED  addresses of scope global/site (not host: 127/8, ::1; not
 *              link: fe80::/10);
 *   STATIC     routes of proto static (4) or boot (3, what `ip route
 *              add` uses), unicast, blackhole, unreachable or prohibit;
 *   KERNEL     other protocols (kernel with a gateway, ra, dhcp, other
 *              daemons'); proto kernel without a gateway is the subnet
 *              route of an address, reported as CONNECTED instead.
 * Never reported: proto bgp (186, ours), other tables, IPv6 link-local
 * and multicast destinations, cloned routes.  Links: only their
 * up/running state is kept ('links'), so a change triggers a resync
 * (fib_nl.c).  Known gap: a link going down does not withdraw its
 * connected prefixes (the addresses stay; TODO(#5), with link
 * discovery).
 */
#include "fib_local.h"

#include <stdlib.h>
#include <string.h>

#include <net/if.h>

#include <linux/rtnetlink.h>

struct fib_src {
	struct htab_ent	 te;
	enum fib_redist_kind	 kind;
	struct ip_prefix	 pfx;
	uint32_t		 gen;
};

struct fib_cnt {
	struct htab_ent	 te;
	enum fib_redist_kind	 kind;
	struct ip_prefix	 pfx;
	size_t			 n;
};

static size_t
cnt_key(enum fib_redist_kind kind, const struct ip_prefix *p, uint8_t *key)
{
	key[0] = (uint8_t)kind;
	key[1] = p->addr.af;
	key[2] = p->len;
	memcpy(key + 3, p->addr.a, 16);
	return 19;
}

static void
cnt_inc(struct fib *fib, enum fib_redist_kind kind, const struct ip_prefix *p)
{
	uint8_t key[HTAB_KEY_MAX];
	size_t klen = cnt_key(kind, p, key);
	struct fib_cnt *c = (struct fib_cnt *)(void *)htab_get(&fib->counts,
	    key, klen, sizeof(*c), NULL);

	c->kind = kind;
	c->pfx = *p;
	if (c->n++ == 0 && fib->redist != NULL)
		fib->redist(fib->redist_arg, kind, p, true);
}

static void
cnt_dec(struct fib *fib, enum fib_redist_kind kind, const struct ip_prefix *p)
{
	uint8_t key[HTAB_KEY_MAX];
	size_t klen = cnt_key(kind, p, key);
	struct fib_cnt *c;

	c = (struct fib_cnt *)(void *)htab_find(&fib->counts, key, klen);
	if (c == NULL || --c->n > 0)
		return;
	htab_del(&fib->counts, &c->te);
	free(c);
	if (fib->redist != NULL)
		fib->redist(fib->redist_arg, kind, p, false);
}

/* Add, re-mark or re-classify the source at key; kind < 0: drop it. */
static void
src_update(struct fib *fib, const uint8_t *key, size_t klen, int kind,
    const struct ip_prefix *p)
{
	struct fib_src *s;

	s = (struct fib_src *)(void *)htab_find(&fib->srcs, key, klen);
	if (s != NULL && (kind < 0 || (enum fib_redist_kind)kind != s->kind)) {
		htab_del(&fib->srcs, &s->te);
		cnt_dec(fib, s->kind, &s->pfx);
		free(s);
		s = NULL;
	}
	if (kind < 0)
		return;
	if (s == NULL) {
		s = (struct fib_src *)(void *)htab_get(&fib->srcs, key, klen,
		    sizeof(*s), NULL);
		s->kind = (enum fib_redist_kind)kind;
		s->pfx = *p;
		cnt_inc(fib, s->kind, p);
	}
	s->gen = fib->gen;
}

static bool
v6_local_scope(const struct ip_prefix *p)
{
	return p->addr.af == IP_AF_V6 && p->len >= 8 &&
	    (p->addr.a[0] == 0xff ||
	    (p->len >= 10 && p->addr.a[0] == 0xfe &&
	    (p->addr.a[1] & 0xc0) == 0x80));
}

/* The kind of a main-table route, or -1: not redistributable. */
static int
route_kind(const struct fib_kroute *r)
{
	if (r->table != RT_TABLE_MAIN || r->proto == FIB_RTPROT_BGP ||
	    v6_local_scope(&r->pfx))
		return -1;
	switch (r->type) {
	case RTN_UNICAST:
	case RTN_BLACKHOLE:
	case RTN_UNREACHABLE:
	case RTN_PROHIBIT:
		break;
	default:
		return -1;
	}
	if (r->proto == RTPROT_STATIC || r->proto == RTPROT_BOOT)
		return FIB_REDIST_STATIC;
	if (r->proto == RTPROT_KERNEL && !r->has_gw)
		return -1;	/* an address's subnet: CONNECTED */
	return FIB_REDIST_KERNEL;
}

void
fib_watch_route(struct fib *fib, const struct fib_kroute *r, bool add)
{
	uint8_t key[HTAB_KEY_MAX];

	if (r->table != RT_TABLE_MAIN)
		return;
	key[0] = 'R';
	key[1] = r->pfx.addr.af;
	key[2] = r->pfx.len;
	key[3] = r->tos;
	memcpy(key + 4, &r->metric, 4);
	memcpy(key + 8, r->pfx.addr.a, 16);
	src_update(fib, key, 24, add ? route_kind(r) : -1, &r->pfx);
}

void
fib_watch_addr(struct fib *fib, const struct fib_kaddr *a, bool add)
{
	uint8_t key[HTAB_KEY_MAX];
	struct ip_prefix p = a->pfx;
	int kind = FIB_REDIST_CONNECTED;

	if (a->scope == RT_SCOPE_HOST || a->scope == RT_SCOPE_LINK ||
	    v6_local_scope(&p) || !add)
		kind = -1;
	fib_prefix_mask(&p);
	key[0] = 'A';
	key[1] = a->pfx.addr.af;
	key[2] = a->pfx.len;
	memcpy(key + 3, &a->ifindex, 4);
	memcpy(key + 7, a->pfx.addr.a, 16);
	src_update(fib, key, 23, kind, &p);
}

struct fib_ifstate {
	struct htab_ent		 te;		/* key: ifindex */
	unsigned		 state;		/* IFF_UP | IFF_RUNNING */
};

bool
fib_watch_link(struct fib *fib, uint32_t ifindex, unsigned flags, bool del)
{
	unsigned state = flags & (IFF_UP | IFF_RUNNING);
	struct fib_ifstate *l;

	l = (struct fib_ifstate *)(void *)htab_find(&fib->links, &ifindex, 4);
	if (del) {
		if (l == NULL)
			return false;
		htab_del(&fib->links, &l->te);
		free(l);
		return true;
	}
	if (l == NULL)
		l = (struct fib_ifstate *)(void *)htab_get(&fib->links,
		    &ifindex, 4, sizeof(*l), NULL);
	else if (l->state == state)
		return false;
	l->state = state;
	return true;
}

void
fib_watch_dump_done(struct fib *fib)
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0;

	while ((e = htab_next(&fib->srcs, &b, &cur)) != NULL) {
		struct fib_src *s = (struct fib_src *)(void *)e;

		if (s->gen == fib->gen)
			continue;
		htab_del(&fib->srcs, &s->te);
		cnt_dec(fib, s->kind, &s->pfx);
		free(s);
	}
}

void
fib_watch_init(struct fib *fib)
{
	htab_init(&fib->srcs, &fib->hkey);
	htab_init(&fib->counts, &fib->hkey);
	htab_init(&fib->links, &fib->hkey);
}

void
fib_watch_fini(struct fib *fib)
{
	htab_free_all(&fib->srcs);
	htab_free_all(&fib->counts);
	htab_free_all(&fib->links);
}

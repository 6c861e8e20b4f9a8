/*
 * fib_l2watch.c -- what the L2 side reports: links (bridges, VXLAN
 * devices, their ports), interface addresses, local MACs on bridge ports
 * and ARP/ND neighbours, through fib_env's link/addr/fdb/neigh callbacks.
 *
 * DOC: one table per kind of report holds what was last reported, so a
 * callback fires only on a change (a link's struct fib_link differs, a
 * MAC moved port or changed its static flag, a neighbour changed MAC)
 * and the dumps after an overrun report only differences: every entry
 * carries the generation of the last dump or message that saw it, and
 * at the end of a dump what it did not see is reported gone (mark and
 * sweep).  Links are kept when env.link or env.fdb is set (the FDB
 * filter needs each port's kind and master).
 *
 * Local MACs: AF_BRIDGE entries on a bridge port (NDA_MASTER, or the
 * port's master is a bridge), not NUD_PERMANENT (the ports' own
 * addresses), not NTF_EXT_LEARNED (ours), not on a VXLAN device and
 * without NDA_DST (the VXLAN driver's table).  An entry that turns into
 * one of those (a remote MAC replacing a local one) is a delete.
 * Neighbours: AF_INET/AF_INET6 with a MAC in a usable state (REACHABLE,
 * STALE, DELAY, PROBE, PERMANENT, NOARP), not extern_learn, not
 * multicast; any other state is a delete.  Our own entries
 * (extern_learn with a VTEP, extern_learn neighbours) seen in a dump go
 * to fib_l2.c for the restart reconcile; their echoes on the monitor are
 * ignored (the ACKs tell).
 */
#include "fib_local.h"

#include <sys/socket.h>

#include <stdlib.h>
#include <string.h>

#include <linux/neighbour.h>

struct l2link {
	struct htab_ent		 te;		/* key: ifindex */
	struct fib_link		 l;
	uint32_t		 gen;
};

struct l2addr {
	struct htab_ent		 te;	/* key: ifindex, af, len, address */
	uint32_t		 ifindex;
	struct ip_prefix	 pfx;
	uint32_t		 gen;
};

struct l2fdb {
	struct htab_ent		 te;		/* key: bridge, vlan, mac */
	struct fib_fdb_event	 ev;
	uint32_t		 gen;
};

struct l2neigh {
	struct htab_ent		 te;		/* key: ifindex, af, ip */
	struct fib_neigh_event	 ev;
	uint32_t		 gen;
};

/* ---- links ---- */

static bool
link_eq(const struct fib_link *a, const struct fib_link *b)
{
	return a->ifindex == b->ifindex && strcmp(a->name, b->name) == 0 &&
	    a->kind == b->kind && a->master == b->master && a->up == b->up &&
	    mac_eq(&a->mac, &b->mac) && a->vni == b->vni &&
	    a->local.af == b->local.af && (a->local.af == IP_AF_NONE ||
	    ip_eq(&a->local, &b->local)) && a->dstport == b->dstport &&
	    a->learning == b->learning &&
	    a->neigh_suppress == b->neigh_suppress && a->table == b->table;
}

static void
link_report(struct fib *fib, const struct fib_link *l, bool present)
{
	if (fib->link_fn != NULL)
		fib->link_fn(fib->l2_arg, l, present);
}

static struct l2link *
link_find(struct fib *fib, uint32_t ifindex)
{
	return (struct l2link *)(void *)htab_find(&fib->l2links, &ifindex, 4);
}

/* AF_BRIDGE: a known port's flags changed (bridge link set ...). */
static void
link_port_flags(struct fib *fib, const struct fib_klink *k)
{
	struct l2link *e = link_find(fib, k->l.ifindex);

	if (e == NULL || !k->has_suppress ||
	    e->l.neigh_suppress == k->l.neigh_suppress)
		return;
	e->l.neigh_suppress = k->l.neigh_suppress;
	link_report(fib, &e->l, true);
}

void
fib_l2w_link(struct fib *fib, const struct fib_klink *k, bool del)
{
	uint32_t ifindex = k->l.ifindex;
	struct l2link *e;
	bool isnew;

	if (!fib->l2_links)
		return;
	/* An AF_BRIDGE RTM_DELLINK is a port leaving its bridge, not a
	 * link going: the AF_UNSPEC RTM_NEWLINK without master says so. */
	if (k->bridge_msg) {
		if (!del)
			link_port_flags(fib, k);
		return;
	}
	if (del) {
		if ((e = link_find(fib, ifindex)) == NULL)
			return;
		htab_del(&fib->l2links, &e->te);
		link_report(fib, &e->l, false);
		free(e);
		return;
	}
	e = (struct l2link *)(void *)htab_get(&fib->l2links, &ifindex, 4,
	    sizeof(*e), &isnew);
	e->gen = fib->gen;
	if (!isnew && link_eq(&e->l, &k->l))
		return;
	e->l = k->l;
	link_report(fib, &e->l, true);
}

/* ---- addresses ---- */

void
fib_l2w_addr(struct fib *fib, const struct fib_kaddr *a, bool add)
{
	uint8_t key[HTAB_KEY_MAX];
	struct l2addr *e;
	bool isnew;

	if (fib->addr_fn == NULL)
		return;
	memcpy(key, &a->ifindex, 4);
	key[4] = a->pfx.addr.af;
	key[5] = a->pfx.len;
	memcpy(key + 6, a->pfx.addr.a, 16);
	if (!add) {
		e = (struct l2addr *)(void *)htab_find(&fib->l2addrs, key, 22);
		if (e == NULL)
			return;
		htab_del(&fib->l2addrs, &e->te);
		fib->addr_fn(fib->l2_arg, e->ifindex, &e->pfx, false);
		free(e);
		return;
	}
	e = (struct l2addr *)(void *)htab_get(&fib->l2addrs, key, 22,
	    sizeof(*e), &isnew);
	e->gen = fib->gen;
	if (!isnew)
		return;
	e->ifindex = a->ifindex;
	e->pfx = a->pfx;
	fib->addr_fn(fib->l2_arg, e->ifindex, &e->pfx, true);
}

/* ---- local MACs ---- */

static bool
mac_is_zero(const struct mac_addr *m)
{
	static const struct mac_addr zero;

	return mac_eq(m, &zero);
}

/* One of ours found by a dump: to fib_l2.c. */
static void
fdb_ours(struct fib *fib, const struct fib_kneigh *n)
{
	struct fib_l2val v;

	memset(&v, 0, sizeof(v));
	if (mac_is_zero(&n->mac)) {
		fib_l2_dumped(fib, FIB_L2_FLOOD, n->ifindex, NULL, &n->dst, &v);
		return;
	}
	v.vtep = n->dst;
	v.flag = (n->state & NUD_NOARP) != 0;
	fib_l2_dumped(fib, FIB_L2_FDB, n->ifindex, &n->mac, NULL, &v);
}

/* The bridge of a local-MAC candidate, or 0: not one. */
static uint32_t
fdb_bridge(struct fib *fib, const struct fib_kneigh *n)
{
	struct l2link *port = link_find(fib, n->ifindex), *br;

	if (n->has_dst || !n->has_mac || (n->state & NUD_PERMANENT) ||
	    (n->flags & NTF_EXT_LEARNED))
		return 0;
	if (port != NULL && port->l.kind == FIB_LINK_VXLAN)
		return 0;
	if (n->master != 0)
		return n->master == n->ifindex ? 0 : n->master;
	if (port == NULL || port->l.master == 0 ||
	    (br = link_find(fib, port->l.master)) == NULL ||
	    br->l.kind != FIB_LINK_BRIDGE)
		return 0;
	return port->l.master;
}

static size_t
fdb_key(uint32_t bridge, uint16_t vlan, const struct mac_addr *mac,
    uint8_t *key)
{
	memcpy(key, &bridge, 4);
	memcpy(key + 4, &vlan, 2);
	memcpy(key + 6, mac->b, 6);
	return 12;
}

static void
fdb_gone(struct fib *fib, struct l2fdb *e)
{
	htab_del(&fib->lfdbs, &e->te);
	fib->fdb_fn(fib->l2_arg, &e->ev, false);
	free(e);
}

static void
fdb_local(struct fib *fib, const struct fib_kneigh *n, bool del)
{
	uint32_t bridge = del ? 0 : fdb_bridge(fib, n);
	uint8_t key[HTAB_KEY_MAX];
	struct l2fdb *e;
	bool isnew, st = (n->state & NUD_NOARP) != 0;
	size_t klen;

	if (bridge == 0) {
		/* Gone, or no longer a local MAC: whichever bridge had it
		 * on this port (the message may lack NDA_MASTER). */
		struct l2link *port = link_find(fib, n->ifindex);
		uint32_t b = n->master != 0 ? n->master : port != NULL ?
		    port->l.master : 0;

		klen = fdb_key(b, n->vlan, &n->mac, key);
		e = (struct l2fdb *)(void *)htab_find(&fib->lfdbs, key, klen);
		if (e != NULL && n->has_mac)
			fdb_gone(fib, e);
		return;
	}
	klen = fdb_key(bridge, n->vlan, &n->mac, key);
	e = (struct l2fdb *)(void *)htab_get(&fib->lfdbs, key, klen,
	    sizeof(*e), &isnew);
	e->gen = fib->gen;
	if (!isnew && e->ev.port == n->ifindex && e->ev.is_static == st)
		return;
	e->ev = (struct fib_fdb_event){ bridge, n->ifindex, n->mac, n->vlan,
	    st };
	fib->fdb_fn(fib->l2_arg, &e->ev, true);
}

/* ---- neighbours ---- */

static bool
ip_is_multicast(const struct ip_addr *a)
{
	return a->af == IP_AF_V4 ? (a->a[0] & 0xf0) == 0xe0 : a->a[0] == 0xff;
}

static void
neigh_local(struct fib *fib, const struct fib_kneigh *n, bool del)
{
	uint16_t usable = NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE |
	    NUD_PERMANENT | NUD_NOARP;
	uint8_t key[HTAB_KEY_MAX];
	struct l2neigh *e;
	bool isnew, router = (n->flags & NTF_ROUTER) != 0;

	memcpy(key, &n->ifindex, 4);
	key[4] = n->dst.af;
	memcpy(key + 5, n->dst.a, 16);
	if (del || !(n->state & usable) || !n->has_mac ||
	    (n->flags & NTF_EXT_LEARNED) || ip_is_multicast(&n->dst)) {
		e = (struct l2neigh *)(void *)htab_find(&fib->lneighs, key, 21);
		if (e == NULL)
			return;
		htab_del(&fib->lneighs, &e->te);
		fib->neigh_fn(fib->l2_arg, &e->ev, false);
		free(e);
		return;
	}
	e = (struct l2neigh *)(void *)htab_get(&fib->lneighs, key, 21,
	    sizeof(*e), &isnew);
	e->gen = fib->gen;
	if (!isnew && mac_eq(&e->ev.mac, &n->mac) && e->ev.is_router == router)
		return;
	e->ev = (struct fib_neigh_event){ n->ifindex, n->dst, n->mac, router };
	fib->neigh_fn(fib->l2_arg, &e->ev, true);
}

void
fib_l2w_neigh(struct fib *fib, const struct fib_kneigh *n, bool del,
    bool dump)
{
	bool ext = (n->flags & NTF_EXT_LEARNED) != 0;

	if (n->family == AF_BRIDGE) {
		if (ext && n->has_dst && n->has_mac) {
			if (dump && !del)
				fdb_ours(fib, n);
			return;
		}
		if (fib->fdb_fn != NULL)
			fdb_local(fib, n, del);
		return;
	}
	if (ext && dump && !del && n->has_mac) {
		struct fib_l2val v;

		memset(&v, 0, sizeof(v));
		v.mac = n->mac;
		v.flag = (n->flags & NTF_ROUTER) != 0;
		fib_l2_dumped(fib, FIB_L2_NEIGH, n->ifindex, NULL, &n->dst, &v);
	}
	if (!ext && !del && n->has_mac)
		fib_l2_neigh_displaced(fib, n->ifindex, &n->dst);
	if (fib->neigh_fn != NULL)
		neigh_local(fib, n, del);
}

/* ---- mark and sweep ---- */

/* Entries of t that the dump of generation gen did not see: off the
 * table, reported through gone(). */
static void
tab_sweep(struct fib *fib, struct htab *t, size_t genoff,
    void (*gone)(struct fib *, struct htab_ent *))
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0;

	while ((e = htab_next(t, &b, &cur)) != NULL) {
		uint32_t gen;

		memcpy(&gen, (uint8_t *)e + genoff, sizeof(gen));
		if (gen == fib->gen)
			continue;
		htab_del(t, e);
		gone(fib, e);
		free(e);
	}
}

static void
link_gone(struct fib *fib, struct htab_ent *e)
{
	link_report(fib, &((struct l2link *)(void *)e)->l, false);
}

static void
addr_gone(struct fib *fib, struct htab_ent *e)
{
	struct l2addr *a = (struct l2addr *)(void *)e;

	fib->addr_fn(fib->l2_arg, a->ifindex, &a->pfx, false);
}

static void
lfdb_gone(struct fib *fib, struct htab_ent *e)
{
	fib->fdb_fn(fib->l2_arg, &((struct l2fdb *)(void *)e)->ev, false);
}

static void
lneigh_gone(struct fib *fib, struct htab_ent *e)
{
	fib->neigh_fn(fib->l2_arg, &((struct l2neigh *)(void *)e)->ev, false);
}

void
fib_l2w_dump_done(struct fib *fib)
{
	/* Neighbours and MACs first: they refer to the links. */
	tab_sweep(fib, &fib->lneighs, offsetof(struct l2neigh, gen),
	    lneigh_gone);
	tab_sweep(fib, &fib->lfdbs, offsetof(struct l2fdb, gen), lfdb_gone);
	tab_sweep(fib, &fib->l2addrs, offsetof(struct l2addr, gen), addr_gone);
	tab_sweep(fib, &fib->l2links, offsetof(struct l2link, gen), link_gone);
}

/* ---- life cycle ---- */

void
fib_l2w_init(struct fib *fib, const struct fib_env *env)
{
	fib->link_fn = env->link;
	fib->addr_fn = env->addr;
	fib->fdb_fn = env->fdb;
	fib->neigh_fn = env->neigh;
	fib->l2_arg = env->l2_arg;
	fib->l2_links = env->link != NULL || env->fdb != NULL;
	htab_init(&fib->l2links, &fib->hkey);
	htab_init(&fib->l2addrs, &fib->hkey);
	htab_init(&fib->lfdbs, &fib->hkey);
	htab_init(&fib->lneighs, &fib->hkey);
}

void
fib_l2w_fini(struct fib *fib)
{
	htab_free_all(&fib->l2links);
	htab_free_all(&fib->l2addrs);
	htab_free_all(&fib->lfdbs);
	htab_free_all(&fib->lneighs);
}

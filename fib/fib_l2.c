/*
 * fib_l2.c -- L2 intents: remote MACs (FDB), flood entries (ingress
 * replication) and neighbours (ARP/ND suppression): desired state per
 * key, what the kernel has, the flush that sends the difference, ACKs,
 * and the start-up stale sweep.
 *
 * DOC: the same machinery as fib_route.c, per struct fib_l2 keyed by
 * (type, ifindex, MAC) for FDB, (type, ifindex, VTEP) for flood and
 * (type, ifindex, IP) for neighbours: want (PRESENT with a value, ABSENT,
 * UNKNOWN when found in the kernel and not claimed yet) against in_kernel
 * and the kernel's value.  Intents only record the last word and queue
 * the key once (a set and a del before the flush cancel; a set equal to
 * what the kernel has sends nothing).  The flush runs after the routes'
 * in the same FIB_PRI_FLUSH event, sharing the request ring (ACKs come
 * in order per socket), at most FIB_L2_BATCH requests per sendmsg: the
 * kernel's VXLAN FDB inserts get much slower in large batches.  Only a
 * batch's last request asks for an ACK (fib_batch_quiet()).  One
 * request in flight per key ('again' as for routes).  Requests are built
 * by fib_nl_l2.c; an FDB delete is two of them (the bridge's entry, AUX,
 * and the VXLAN device's).  A delete answered ENOENT is done; a flood
 * append answered EEXIST too.
 *
 * Ours: everything is sent with NTF_EXT_LEARNED (extern_learn), which
 * also keeps the kernel from ageing it.  The start-up dumps adopt every
 * extern_learn entry with a VTEP (NDA_DST) on an AF_BRIDGE device (FDB,
 * or flood for 00:00:00:00:00:00) and every extern_learn ARP/ND entry as
 * UNKNOWN; the stale sweep (fib_route.c's timer, stale_secs after the
 * first dump) deletes what nobody claimed.  Known gap: the VXLAN driver
 * keeps one extern_learn flag per MAC, so an operator's own flood entry
 * on a device where evpnd appends one becomes "ours" (TODO(#5)).
 */
#include "fib_local.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

/* ---- the table ---- */

static size_t
l2_key(enum fib_l2_type type, uint32_t ifindex, const struct mac_addr *mac,
    const struct ip_addr *ip, uint8_t *key)
{
	memset(key, 0, 22);
	key[0] = (uint8_t)type;
	memcpy(key + 1, &ifindex, 4);
	if (type == FIB_L2_FDB)
		memcpy(key + 6, mac->b, 6);
	else {
		key[5] = ip->af;
		memcpy(key + 6, ip->a, ip_af_len(ip->af));
	}
	return 22;
}

static struct fib_l2 *
l2_find(struct fib *fib, enum fib_l2_type type, uint32_t ifindex,
    const struct mac_addr *mac, const struct ip_addr *ip)
{
	uint8_t key[HTAB_KEY_MAX];
	size_t n = l2_key(type, ifindex, mac, ip, key);

	return (struct fib_l2 *)(void *)htab_find(&fib->l2objs, key, n);
}

static struct fib_l2 *
l2_get(struct fib *fib, enum fib_l2_type type, uint32_t ifindex,
    const struct mac_addr *mac, const struct ip_addr *ip)
{
	struct fib_l2 *o = l2_find(fib, type, ifindex, mac, ip);

	if (o != NULL)
		return o;
	o = xcalloc(1, sizeof(*o));
	o->te.klen = (uint8_t)l2_key(type, ifindex, mac, ip, o->te.key);
	o->type = type;
	o->ifindex = ifindex;
	if (type == FIB_L2_FDB)
		o->mac = *mac;
	else {
		o->ip.af = ip->af;
		memcpy(o->ip.a, ip->a, ip_af_len(ip->af));
	}
	o->want = FIB_WANT_ABSENT;
	htab_add(&fib->l2objs, &o->te);
	return o;
}

static void
l2_maybe_free(struct fib *fib, struct fib_l2 *o)
{
	if (o->dirty || o->inflight || o->in_kernel ||
	    o->want == FIB_WANT_PRESENT)
		return;
	htab_del(&fib->l2objs, &o->te);
	free(o);
}

static void
l2_dirty(struct fib *fib, struct fib_l2 *o)
{
	if (o->inflight) {
		o->again = true;
		return;
	}
	if (o->dirty)
		return;
	o->dirty = true;
	TAILQ_INSERT_TAIL(&fib->l2dirty, o, dentry);
	fib->nl2dirty++;
	if (fib->synced)
		event_active(fib->flush_ev, 0, 0);
}

static void
l2_kernel_set(struct fib *fib, struct fib_l2 *o, const struct fib_l2val *v)
{
	if (!o->in_kernel)
		fib->nl2[o->type]++;
	o->in_kernel = true;
	o->kval = *v;
}

static void
l2_kernel_clear(struct fib *fib, struct fib_l2 *o)
{
	if (o->in_kernel)
		fib->nl2[o->type]--;
	o->in_kernel = false;
}

static bool
val_eq(enum fib_l2_type type, const struct fib_l2val *a,
    const struct fib_l2val *b)
{
	switch (type) {
	case FIB_L2_FDB:
		return a->flag == b->flag && ip_eq(&a->vtep, &b->vtep);
	case FIB_L2_NEIGH:
		return a->flag == b->flag && mac_eq(&a->mac, &b->mac);
	case FIB_L2_FLOOD:
	case FIB_L2_NTYPES:
		break;
	}
	return true;
}

/* ---- intents (fib.h) ---- */

static bool
ip_ok(const struct ip_addr *a)
{
	return a->af == IP_AF_V4 || a->af == IP_AF_V6;
}

static void
l2_want(struct fib *fib, struct fib_l2 *o, const struct fib_l2val *v)
{
	/* Already wanted and in the kernel as it is (a caller
	 * re-asserting an unchanged intent): nothing to queue. */
	if (v != NULL && o->want == FIB_WANT_PRESENT && !o->failed &&
	    !o->dirty && !o->inflight && o->in_kernel &&
	    val_eq(o->type, &o->wval, v) && val_eq(o->type, &o->kval, v))
		return;
	if (v != NULL) {
		o->want = FIB_WANT_PRESENT;
		o->wval = *v;
	} else
		o->want = FIB_WANT_ABSENT;
	o->failed = false;
	l2_dirty(fib, o);
}

static void
l2_unwant(struct fib *fib, enum fib_l2_type type, uint32_t ifindex,
    const struct mac_addr *mac, const struct ip_addr *ip)
{
	struct fib_l2 *o = l2_find(fib, type, ifindex, mac, ip);

	if (o != NULL)
		l2_want(fib, o, NULL);
}

static void
l2_refused(struct fib *fib, const char *what)
{
	log_msg(fib->log, LOG_LVL_WARNING, "fib: %s intent refused "
	    "(address family)", what);
}

void
fib_fdb_set(struct fib *fib, uint32_t ifindex, const struct mac_addr *mac,
    const struct ip_addr *vtep, bool sticky)
{
	struct fib_l2val v;

	if (!ip_ok(vtep)) {
		l2_refused(fib, "FDB");
		return;
	}
	memset(&v, 0, sizeof(v));
	v.vtep.af = vtep->af;
	memcpy(v.vtep.a, vtep->a, ip_af_len(vtep->af));
	v.flag = sticky;
	l2_want(fib, l2_get(fib, FIB_L2_FDB, ifindex, mac, NULL), &v);
}

void
fib_fdb_del(struct fib *fib, uint32_t ifindex, const struct mac_addr *mac)
{
	l2_unwant(fib, FIB_L2_FDB, ifindex, mac, NULL);
}

void
fib_flood_set(struct fib *fib, uint32_t ifindex, const struct ip_addr *vtep)
{
	struct fib_l2val v;

	if (!ip_ok(vtep)) {
		l2_refused(fib, "flood");
		return;
	}
	memset(&v, 0, sizeof(v));
	l2_want(fib, l2_get(fib, FIB_L2_FLOOD, ifindex, NULL, vtep), &v);
}

void
fib_flood_del(struct fib *fib, uint32_t ifindex, const struct ip_addr *vtep)
{
	if (ip_ok(vtep))
		l2_unwant(fib, FIB_L2_FLOOD, ifindex, NULL, vtep);
}

void
fib_neigh_set(struct fib *fib, uint32_t ifindex, const struct ip_addr *ip,
    const struct mac_addr *mac, bool is_router)
{
	struct fib_l2val v;

	if (!ip_ok(ip)) {
		l2_refused(fib, "neighbour");
		return;
	}
	memset(&v, 0, sizeof(v));
	v.mac = *mac;
	v.flag = is_router;
	l2_want(fib, l2_get(fib, FIB_L2_NEIGH, ifindex, NULL, ip), &v);
}

void
fib_neigh_del(struct fib *fib, uint32_t ifindex, const struct ip_addr *ip)
{
	if (ip_ok(ip))
		l2_unwant(fib, FIB_L2_NEIGH, ifindex, NULL, ip);
}

/* Someone else's entry (a learned or an operator's binding) took the
 * place of our neighbour entry: withdrawing ours must not delete it, and
 * one still wanted is put back. */
void
fib_l2_neigh_displaced(struct fib *fib, uint32_t ifindex,
    const struct ip_addr *ip)
{
	struct fib_l2 *o = l2_find(fib, FIB_L2_NEIGH, ifindex, NULL, ip);

	if (o == NULL || !o->in_kernel || o->inflight)
		return;
	o->in_kernel = false;
	if (o->want == FIB_WANT_PRESENT)
		l2_dirty(fib, o);
}

/* ---- the flush ---- */

/* A request is needed for o: *del whether it is a delete. */
static bool
l2_needs(const struct fib_l2 *o, bool *del)
{
	switch (o->want) {
	case FIB_WANT_UNKNOWN:
		return false;
	case FIB_WANT_ABSENT:
		*del = true;
		return o->in_kernel;
	case FIB_WANT_PRESENT:
		/* The VXLAN driver keeps an entry's state (NUD_NOARP:
		 * sticky) on NLM_F_REPLACE: delete it first, and
		 * fib_l2_req_done() sends the add. */
		*del = o->in_kernel && o->type == FIB_L2_FDB &&
		    o->kval.flag != o->wval.flag;
		return !o->failed && (!o->in_kernel ||
		    !val_eq(o->type, &o->kval, &o->wval));
	}
	return false;
}

/* Append one message to the batch: false when it does not fit. */
static bool
batch_put(struct fib *fib, struct fib_l2 *o, bool del, bool aux,
    size_t *len)
{
	uint32_t seq = fib->seq + 1;
	size_t n = fib_nl_l2_msg(o, del, aux, &o->wval, seq, fib->txbuf + *len,
	    FIB_TX_BATCH - *len);
	struct fib_req *r;

	if (n == 0)
		return false;
	fib->seq = seq;
	*len += n;
	r = fib_ring_push(fib, aux ? FIB_REQ_AUX : FIB_REQ_L2);
	r->seq = seq;
	if (!aux) {
		r->l2 = o;
		r->l2val = o->wval;
		r->l2del = del;
		o->inflight = true;
	}
	fib->requests++;
	return true;
}

/* The last n requests were not sent: back to dirty. */
static void
batch_revert(struct fib *fib, size_t n)
{
	while (n-- > 0) {
		struct fib_req *r = fib_ring_pop_last(fib);

		fib->requests--;
		if (r->kind != FIB_REQ_L2)
			continue;
		r->l2->inflight = false;
		r->l2->again = false;
		l2_dirty(fib, r->l2);
	}
}

static bool
batch_send(struct fib *fib, size_t len, size_t n)
{
	struct timeval tv = { 0, 100000 };

	if (n > 1)
		fib_batch_quiet(fib, len, n);
	if (n == 0 || fib_nl_send(fib, len) == 0)
		return true;
	log_msg(fib->log, LOG_LVL_WARNING, "fib: netlink send of %zu L2 "
	    "requests: %s; retrying", n, strerror(errno));
	batch_revert(fib, n);
	evtimer_add(fib->retry_ev, &tv);
	return false;
}

/* o's request(s) into the batch: the number of messages, 0 when they do
 * not fit (nothing added). */
static size_t
batch_add(struct fib *fib, struct fib_l2 *o, bool del, size_t *len)
{
	size_t before = *len;

	if (del && o->type == FIB_L2_FDB) {
		if (!batch_put(fib, o, true, true, len))
			return 0;
		if (!batch_put(fib, o, true, false, len)) {
			(void)fib_ring_pop_last(fib);
			fib->requests--;
			fib->seq--;
			*len = before;
			return 0;
		}
		return 2;
	}
	return batch_put(fib, o, del, false, len) ? 1 : 0;
}

void
fib_l2_flush(struct fib *fib)
{
	size_t len = 0, n = 0;
	struct fib_l2 *o;

	while (fib->rcount + 2 <= FIB_WINDOW &&
	    (o = TAILQ_FIRST(&fib->l2dirty)) != NULL) {
		bool del = false;
		size_t k = 0;

		if (n + 2 > FIB_L2_BATCH || (l2_needs(o, &del) &&
		    (k = batch_add(fib, o, del, &len)) == 0)) {
			if (n == 0)
				fatalx("%s: a request larger than a batch",
				    __func__);
			if (!batch_send(fib, len, n))
				return;
			len = n = 0;
			continue;	/* o again, in a new batch */
		}
		if (o->inflight)
			n += k;
		TAILQ_REMOVE(&fib->l2dirty, o, dentry);
		fib->nl2dirty--;
		o->dirty = false;
		if (!o->inflight)
			l2_maybe_free(fib, o);
	}
	(void)batch_send(fib, len, n);
}

/* ---- ACKs ---- */

static void
ack_log(struct fib *fib, const struct fib_l2 *o, bool del, int err,
    const char *msg)
{
	static const char *const what[] = { "FDB entry", "flood entry",
	    "neighbour" };
	char b1[MAC_STRLEN], b2[IP_STRLEN];

	if (fib->errors > 10 && fib->errors % 1000 != 0)
		return;
	log_msg(fib->log, LOG_LVL_WARNING, "fib: kernel refused to %s %s %s "
	    "(ifindex %u): %s%s%s (%llu refused so far)", del ? "delete" :
	    "install", what[o->type], o->type == FIB_L2_FDB ?
	    mac_fmt(&o->mac, b1) : ip_fmt(&o->ip, b2), o->ifindex,
	    strerror(-err), msg != NULL ? ": " : "", msg != NULL ? msg : "",
	    (unsigned long long)fib->errors);
}

void
fib_l2_req_done(struct fib *fib, struct fib_req *r, int err, const char *msg)
{
	struct fib_l2 *o = r->l2;
	bool del = r->l2del;

	o->inflight = false;
	if (err == 0 || (del && err == -ENOENT) ||
	    (!del && o->type == FIB_L2_FLOOD && err == -EEXIST)) {
		if (del)
			l2_kernel_clear(fib, o);
		else
			l2_kernel_set(fib, o, &r->l2val);
	} else {
		fib->errors++;
		ack_log(fib, o, del, err, msg);
		if (!o->again)
			o->failed = true;
	}
	if (o->again || (del && !o->in_kernel &&
	    o->want == FIB_WANT_PRESENT)) {
		o->again = false;
		l2_dirty(fib, o);
	}
	l2_maybe_free(fib, o);
}

void
fib_l2_req_lost(struct fib *fib, struct fib_req *r)
{
	r->l2->inflight = false;
	r->l2->again = false;
	l2_dirty(fib, r->l2);
}

/* ---- dumps and the stale sweep ---- */

void
fib_l2_dumped(struct fib *fib, enum fib_l2_type type, uint32_t ifindex,
    const struct mac_addr *mac, const struct ip_addr *ip,
    const struct fib_l2val *v)
{
	struct fib_l2 *o = l2_find(fib, type, ifindex, mac, ip);

	if (o == NULL) {
		o = l2_get(fib, type, ifindex, mac, ip);
		o->want = fib->swept ? FIB_WANT_ABSENT : FIB_WANT_UNKNOWN;
		if (fib->swept)
			l2_dirty(fib, o);
	}
	o->gen = fib->gen;
	if (o->inflight)
		return;
	l2_kernel_set(fib, o, v);
	if (o->want == FIB_WANT_PRESENT)
		l2_dirty(fib, o);
}

void
fib_l2_dump_done(struct fib *fib)
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0, n = 0;

	while ((e = htab_next(&fib->l2objs, &b, &cur)) != NULL) {
		struct fib_l2 *o = (struct fib_l2 *)(void *)e;

		if (o->failed && !o->inflight) {
			o->failed = false;
			l2_dirty(fib, o);
		}
		if (o->in_kernel)
			n++;
		if (!o->in_kernel || o->inflight || o->gen == fib->gen)
			continue;
		l2_kernel_clear(fib, o);
		n--;
		if (o->want == FIB_WANT_PRESENT)
			l2_dirty(fib, o);
		else
			l2_maybe_free(fib, o);
	}
	if (!fib->synced)
		log_msg(fib->log, LOG_LVL_INFO, "fib: %zu FDB, flood and "
		    "neighbour entries of ours found in the kernel", n);
	if (!TAILQ_EMPTY(&fib->l2dirty))
		event_active(fib->flush_ev, 0, 0);
}

void
fib_l2_sweep(struct fib *fib)
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0, n = 0;

	while ((e = htab_next(&fib->l2objs, &b, &cur)) != NULL) {
		struct fib_l2 *o = (struct fib_l2 *)(void *)e;

		if (o->want != FIB_WANT_UNKNOWN)
			continue;
		o->want = FIB_WANT_ABSENT;
		l2_dirty(fib, o);
		n++;
	}
	log_msg(fib->log, n > 0 ? LOG_LVL_NOTICE : LOG_LVL_INFO,
	    "fib: stale sweep: %zu L2 entries left from before are removed",
	    n);
}

/* ---- life cycle ---- */

void
fib_l2_init(struct fib *fib)
{
	htab_init(&fib->l2objs, &fib->hkey);
	TAILQ_INIT(&fib->l2dirty);
}

void
fib_l2_fini(struct fib *fib)
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0;

	while ((e = htab_next(&fib->l2objs, &b, &cur)) != NULL)
		free(e);
	htab_fini(&fib->l2objs);
}

/*
 * fib_route.c -- route intents: desired state per (table, prefix),
 * what the kernel has, the flush that sends the difference, ACK
 * matching and the start-up stale sweep.
 *
 * DOC: one struct fib_rt per key holds the intent (want: PRESENT with
 * sorted next hops, ABSENT, or UNKNOWN for a route found in the kernel
 * that nobody asked for yet) and the kernel's state (in_kernel, knh).
 * Intents are coalesced: fib_route_set/del only record the last word and
 * put the key on the dirty list once; the flush (one FIB_PRI_FLUSH
 * event) compares want with the kernel and sends only differences, so a
 * set followed by a del before the flush sends nothing, and a route the
 * kernel already has exactly as wanted (a restart) is not touched.
 * Requests (NLM_F_CREATE|NLM_F_REPLACE, or RTM_DELROUTE) go out many per
 * sendmsg, at most FIB_WINDOW in flight; a key has at most one request
 * in flight (a newer intent waits for the ACK: 'again'), so the kernel's
 * state is known exactly when each ACK arrives.  A refused request is
 * counted and logged (rate-limited); the intent stays, not retried until
 * it changes.
 *
 * Restart (DESIGN.md section 3, the idea of RFC 4724 section 4.1): the
 * first dump adopts every proto-186 route as UNKNOWN; nothing is flushed
 * before that dump is complete; routes BGP wants again are kept or
 * replaced in place; the rest are deleted by the stale sweep,
 * stale_secs (default FIB_STALE_SECS = 120 s, FRR's default graceful
 * restart time) after the first dump.  A fixed grace rather than
 * End-of-RIB: fib knows no BGP, and a peer that never comes back must
 * not keep stale routes forever.  After the sweep a proto-186 route that
 * appears in a later (resync) dump without intent is deleted at once:
 * evpnd owns proto bgp in its namespace.
 */
#include "fib_local.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include <event2/event.h>

static void	flush_cb(evutil_socket_t, short, void *);
static void	stale_cb(evutil_socket_t, short, void *);

/* ---- next hop sets ---- */

void
fib_nhs_free(struct fib_nhs *s)
{
	free(s->nh);
	s->nh = NULL;
	s->n = 0;
	s->oif = 0;
	s->onlink = false;
}

void
fib_nhs_copy(struct fib_nhs *dst, const struct fib_nhs *src)
{
	dst->n = src->n;
	dst->oif = src->oif;
	dst->onlink = src->onlink;
	dst->nh = NULL;
	if (src->n > 0) {
		dst->nh = xmalloc(src->n * sizeof(*dst->nh));
		memcpy(dst->nh, src->nh, src->n * sizeof(*dst->nh));
	}
}

bool
fib_nhs_eq(const struct fib_nhs *a, const struct fib_nhs *b)
{
	return a->n == b->n && a->oif == b->oif && a->onlink == b->onlink &&
	    (a->n == 0 || memcmp(a->nh, b->nh, a->n * sizeof(*a->nh)) == 0);
}

/* An intent without oif lets the kernel pick the interface, so the
 * one a dump shows (every route has one) does not make it differ. */
bool
fib_nhs_match(const struct fib_nhs *k, const struct fib_nhs *want)
{
	return k->n == want->n && k->onlink == want->onlink &&
	    (want->oif == 0 || k->oif == want->oif) && (k->n == 0 ||
	    memcmp(k->nh, want->nh, k->n * sizeof(*k->nh)) == 0);
}

static int
nh_cmp(const void *x, const void *y)
{
	const struct ip_addr *a = x, *b = y;

	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	return memcmp(a->a, b->a, sizeof(a->a));
}

void
fib_nhs_set(struct fib_nhs *s, const struct ip_addr *nh, size_t n)
{
	size_t k = 0;

	s->oif = 0;
	s->onlink = false;
	s->nh = xcalloc(n > 0 ? n : 1, sizeof(*s->nh));
	for (size_t i = 0; i < n; i++) {
		s->nh[i].af = nh[i].af;
		memcpy(s->nh[i].a, nh[i].a, ip_af_len(nh[i].af));
	}
	qsort(s->nh, n, sizeof(*s->nh), nh_cmp);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || nh_cmp(&s->nh[k - 1], &s->nh[i]) != 0)
			s->nh[k++] = s->nh[i];
	s->n = (uint8_t)k;
}

void
fib_prefix_mask(struct ip_prefix *p)
{
	size_t alen = ip_af_len(p->addr.af);

	for (size_t i = 0; i < sizeof(p->addr.a); i++) {
		size_t bits = (size_t)p->len > i * 8 ? p->len - i * 8 : 0;

		if (i >= alen)
			p->addr.a[i] = 0;
		else if (bits < 8)
			p->addr.a[i] &= (uint8_t)(0xff00u >> bits);
	}
}

/* ---- the table ---- */

static size_t
rt_key(uint32_t table, const struct ip_prefix *p, uint8_t *key)
{
	memcpy(key, &table, 4);
	key[4] = p->addr.af;
	key[5] = p->len;
	memcpy(key + 6, p->addr.a, 16);
	return 22;
}

static struct fib_rt *
rt_find(struct fib *fib, uint32_t table, const struct ip_prefix *p)
{
	uint8_t key[HTAB_KEY_MAX];
	size_t n = rt_key(table, p, key);

	return (struct fib_rt *)(void *)htab_find(&fib->routes, key, n);
}

static struct fib_rt *
rt_get(struct fib *fib, uint32_t table, const struct ip_prefix *p)
{
	struct fib_rt *rt = rt_find(fib, table, p);

	if (rt != NULL)
		return rt;
	rt = xcalloc(1, sizeof(*rt));
	rt->te.klen = (uint8_t)rt_key(table, p, rt->te.key);
	rt->table = table;
	rt->pfx = *p;
	rt->want = FIB_WANT_ABSENT;
	htab_add(&fib->routes, &rt->te);
	return rt;
}

static void
rt_maybe_free(struct fib *fib, struct fib_rt *rt)
{
	if (rt->dirty || rt->inflight || rt->in_kernel ||
	    rt->want == FIB_WANT_PRESENT)
		return;
	htab_del(&fib->routes, &rt->te);
	fib_nhs_free(&rt->wnh);
	fib_nhs_free(&rt->knh);
	free(rt);
}

static void
rt_dirty(struct fib *fib, struct fib_rt *rt)
{
	if (rt->inflight) {
		rt->again = true;
		return;
	}
	if (rt->dirty)
		return;
	rt->dirty = true;
	TAILQ_INSERT_TAIL(&fib->dirty, rt, dentry);
	fib->ndirty++;
	if (fib->synced)
		event_active(fib->flush_ev, 0, 0);
}

static void
rt_kernel_set(struct fib *fib, struct fib_rt *rt, struct fib_nhs *nhs,
    uint32_t metric)
{
	if (!rt->in_kernel)
		fib->nkernel++;
	rt->in_kernel = true;
	fib_nhs_free(&rt->knh);
	rt->knh = *nhs;
	nhs->nh = NULL;
	nhs->n = 0;
	rt->kmetric = metric;
}

static void
rt_kernel_clear(struct fib *fib, struct fib_rt *rt)
{
	if (rt->in_kernel)
		fib->nkernel--;
	rt->in_kernel = false;
	fib_nhs_free(&rt->knh);
}

/* ---- intents (fib.h) ---- */

static bool
route_args_ok(struct fib *fib, const struct ip_prefix *pfx,
    const struct ip_addr *nh, size_t n, uint32_t oif, bool onlink)
{
	char buf[PREFIX_STRLEN];

	/* The kernel wants a device for an onlink next hop. */
	if (onlink && oif == 0) {
		log_msg(fib->log, LOG_LVL_WARNING, "fib: route %s onlink "
		    "without an interface refused", prefix_fmt(pfx, buf));
		return false;
	}
	if ((pfx->addr.af == IP_AF_V4 || pfx->addr.af == IP_AF_V6) &&
	    pfx->len <= ip_af_len(pfx->addr.af) * 8 && n >= 1 &&
	    n <= FIB_NEXTHOPS_MAX) {
		size_t i;

		/* a next hop of the other family: an IPv6 tenant prefix
		 * via an IPv4 VTEP (as ::ffff:a.b.c.d), an IPv4 prefix
		 * via an IPv6 one (RTA_VIA) */
		for (i = 0; i < n && (nh[i].af == IP_AF_V4 ||
		    nh[i].af == IP_AF_V6); i++)
			;
		if (i == n)
			return true;
	}
	log_msg(fib->log, LOG_LVL_WARNING, "fib: route %s with %zu next "
	    "hops refused (address family or count)", prefix_fmt(pfx, buf), n);
	return false;
}

void
fib_route_set(struct fib *fib, uint32_t table, const struct ip_prefix *pfx,
    const struct ip_addr *nh, size_t n)
{
	fib_route_set_dev(fib, table, pfx, nh, n, 0, false);
}

void
fib_route_set_dev(struct fib *fib, uint32_t table,
    const struct ip_prefix *pfx, const struct ip_addr *nh, size_t n,
    uint32_t oif, bool onlink)
{
	struct ip_prefix p = *pfx;
	struct ip_addr mapped[FIB_NEXTHOPS_MAX];
	struct fib_rt *rt;

	if (!route_args_ok(fib, pfx, nh, n, oif, onlink))
		return;
	/* an IPv6 prefix via IPv4 next hops: ::ffff:a.b.c.d */
	for (size_t i = 0; i < n; i++)
		mapped[i] = pfx->addr.af == IP_AF_V6 && nh[i].af == IP_AF_V4 ?
		    ip_v4_mapped(&nh[i]) : nh[i];
	fib_prefix_mask(&p);
	rt = rt_get(fib, table, &p);
	fib_nhs_free(&rt->wnh);
	fib_nhs_set(&rt->wnh, mapped, n);
	rt->wnh.oif = oif;
	rt->wnh.onlink = onlink;
	rt->want = FIB_WANT_PRESENT;
	rt->failed = false;
	rt_dirty(fib, rt);
}

void
fib_route_del(struct fib *fib, uint32_t table, const struct ip_prefix *pfx)
{
	struct ip_prefix p = *pfx;
	struct fib_rt *rt;

	fib_prefix_mask(&p);
	if ((rt = rt_find(fib, table, &p)) == NULL)
		return;
	fib_nhs_free(&rt->wnh);
	rt->want = FIB_WANT_ABSENT;
	rt->failed = false;
	rt_dirty(fib, rt);
}

/* ---- the flush ---- */

/* A request is needed for rt: *nhs what to ask for (n 0: delete). */
static bool
rt_needs(const struct fib_rt *rt, const struct fib_nhs **nhs)
{
	static const struct fib_nhs none;

	switch (rt->want) {
	case FIB_WANT_UNKNOWN:
		return false;
	case FIB_WANT_ABSENT:
		*nhs = &none;
		return rt->in_kernel;
	case FIB_WANT_PRESENT:
		/* Found at another metric (not ours, or an older evpnd's):
		 * NLM_F_REPLACE would add a second route beside it (the
		 * kernel's key includes the metric), so delete it first;
		 * req_done() then sends the add. */
		if (rt->in_kernel && rt->kmetric != FIB_METRIC) {
			*nhs = &none;
			return true;
		}
		*nhs = &rt->wnh;
		return !rt->failed && (!rt->in_kernel ||
		    !fib_nhs_match(&rt->knh, &rt->wnh));
	}
	return false;
}

struct fib_req *
fib_ring_push(struct fib *fib, enum fib_req_kind kind)
{
	struct fib_req *r = &fib->ring[(fib->rhead + fib->rcount) %
	    FIB_WINDOW];

	if (fib->rcount == FIB_WINDOW)
		fatalx("%s: ring full", __func__);
	fib->rcount++;
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	return r;
}

struct fib_req *
fib_ring_pop_last(struct fib *fib)
{
	if (fib->rcount == 0)
		fatalx("%s: ring empty", __func__);
	fib->rcount--;
	return &fib->ring[(fib->rhead + fib->rcount) % FIB_WINDOW];
}

/* The batch of the last n requests could not be sent: back to dirty. */
static void
batch_revert(struct fib *fib, size_t n)
{
	while (n-- > 0) {
		struct fib_req *r = fib_ring_pop_last(fib);

		r->rt->inflight = false;
		r->rt->again = false;
		fib_nhs_free(&r->nhs);
		rt_dirty(fib, r->rt);
	}
}

/*
 * Only the batch's last request asks for an ACK: the kernel handles a
 * sendmsg's requests in order and answers an error whatever the flags
 * (netlink_rcv_skb()), so an answer for a later sequence number means
 * every earlier quiet request succeeded (fib_route_ack()).  Reading one ACK
 * per request was an eighth of the CPU of a 100k MAC move, a fifth of a
 * 100k-route EBGP feed's.  The
 * batch's n requests are the ring's last n, in the buffer's order.
 */
void
fib_batch_quiet(struct fib *fib, size_t len, size_t n)
{
	size_t off = 0;

	for (size_t i = 0; i + 1 < n; i++) {
		struct nlmsghdr *h = (struct nlmsghdr *)(void *)(fib->txbuf +
		    off);
		struct fib_req *r = &fib->ring[(fib->rhead + fib->rcount - n +
		    i) % FIB_WINDOW];

		if (off + sizeof(*h) > len || r->seq != h->nlmsg_seq)
			fatalx("%s: ring and batch disagree", __func__);
		h->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
		r->quiet = true;
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
}

static bool
batch_send(struct fib *fib, size_t len, size_t n)
{
	struct timeval tv = { 0, 100000 };

	if (n > 1)
		fib_batch_quiet(fib, len, n);
	if (fib_nl_send(fib, len) == 0)
		return true;
	log_msg(fib->log, LOG_LVL_WARNING, "fib: netlink send of %zu "
	    "requests: %s; retrying", n, strerror(errno));
	batch_revert(fib, n);
	evtimer_add(fib->retry_ev, &tv);
	return false;
}

/* Append rt's request to the batch at txbuf + *len: false when full. */
static bool
batch_add(struct fib *fib, struct fib_rt *rt, const struct fib_nhs *nhs,
    size_t *len)
{
	uint32_t seq = fib->seq + 1;
	size_t n = fib_nl_route_msg(rt, nhs, seq, fib->txbuf + *len,
	    FIB_TX_BATCH - *len);
	struct fib_req *r;

	if (n == 0)
		return false;
	fib->seq = seq;
	*len += n;
	r = fib_ring_push(fib, FIB_REQ_ROUTE);
	r->seq = seq;
	r->rt = rt;
	fib_nhs_copy(&r->nhs, nhs);
	rt->inflight = true;
	fib->requests++;
	return true;
}

static void
flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fib *fib = arg;
	size_t len = 0, n = 0;
	struct fib_rt *rt;

	(void)fd;
	(void)what;
	while (fib->rcount < FIB_WINDOW &&
	    (rt = TAILQ_FIRST(&fib->dirty)) != NULL) {
		const struct fib_nhs *nhs;

		if (rt_needs(rt, &nhs) && !batch_add(fib, rt, nhs, &len)) {
			if (len == 0)
				fatalx("%s: a request larger than a batch",
				    __func__);
			if (!batch_send(fib, len, n))
				return;
			len = n = 0;
			continue;	/* rt again, in a new batch */
		}
		TAILQ_REMOVE(&fib->dirty, rt, dentry);
		fib->ndirty--;
		rt->dirty = false;
		if (rt->inflight)
			n++;
		else
			rt_maybe_free(fib, rt);
	}
	if (len > 0 && !batch_send(fib, len, n))
		return;
	/* A full window: the ACKs re-activate the flush. */
	fib_l2_flush(fib);
}

/* ---- ACKs ---- */

static void
ack_log(struct fib *fib, const struct fib_rt *rt, bool del, int err,
    const char *msg)
{
	char buf[PREFIX_STRLEN];

	/* The first ten, then one in a thousand: a bad next hop for a
	 * million routes must not flood the log. */
	if (fib->errors > 10 && fib->errors % 1000 != 0)
		return;
	log_msg(fib->log, LOG_LVL_WARNING, "fib: kernel refused to %s %s "
	    "(table %u): %s%s%s (%llu refused so far)", del ? "delete" :
	    "install", prefix_fmt(&rt->pfx, buf), rt->table, strerror(-err),
	    msg != NULL ? ": " : "", msg != NULL ? msg : "",
	    (unsigned long long)fib->errors);
}

static void
req_done(struct fib *fib, struct fib_req *r, int err, const char *msg)
{
	struct fib_rt *rt = r->rt;
	bool del = r->nhs.n == 0;

	rt->inflight = false;
	if (err == 0 || (del && err == -ESRCH)) {
		if (del)
			rt_kernel_clear(fib, rt);
		else
			rt_kernel_set(fib, rt, &r->nhs, FIB_METRIC);
	} else {
		fib->errors++;
		ack_log(fib, rt, del, err, msg);
		if (!rt->again)
			rt->failed = true;
	}
	fib_nhs_free(&r->nhs);
	if (rt->again || (del && err == 0 && rt->want == FIB_WANT_PRESENT)) {
		rt->again = false;
		rt_dirty(fib, rt);
	}
	rt_maybe_free(fib, rt);
}

/* The ACK of a request was lost: send it again (replace and delete
 * are idempotent; a delete of a missing route is ESRCH = done). */
static void
req_lost(struct fib *fib, struct fib_req *r)
{
	r->rt->inflight = false;
	r->rt->again = false;
	fib_nhs_free(&r->nhs);
	rt_dirty(fib, r->rt);
}

static void
ring_lost(struct fib *fib, struct fib_req *r)
{
	if (r->kind == FIB_REQ_ROUTE)
		req_lost(fib, r);
	else if (r->kind == FIB_REQ_L2)
		fib_l2_req_lost(fib, r);
}

void
fib_route_ack(struct fib *fib, uint32_t seq, int err, const char *msg)
{
	while (fib->rcount > 0) {
		struct fib_req *r = &fib->ring[fib->rhead];

		if ((int32_t)(r->seq - seq) > 0)
			return;		/* not ours (a dump's error?) */
		fib->rhead = (fib->rhead + 1) % FIB_WINDOW;
		fib->rcount--;
		if (r->seq == seq || r->quiet) {
			bool ok = r->seq != seq;	/* quiet, no error */

			if (r->kind == FIB_REQ_ROUTE)
				req_done(fib, r, ok ? 0 : err, ok ? NULL : msg);
			else if (r->kind == FIB_REQ_L2)
				fib_l2_req_done(fib, r, ok ? 0 : err,
				    ok ? NULL : msg);
			if (ok)
				continue;
			break;
		}
		ring_lost(fib, r);
	}
	if (!TAILQ_EMPTY(&fib->dirty) || !TAILQ_EMPTY(&fib->l2dirty))
		event_active(fib->flush_ev, 0, 0);
}

void
fib_route_lost(struct fib *fib)
{
	while (fib->rcount > 0) {
		struct fib_req *r = &fib->ring[fib->rhead];

		fib->rhead = (fib->rhead + 1) % FIB_WINDOW;
		fib->rcount--;
		ring_lost(fib, r);
	}
}

/* ---- dumps and the stale sweep ---- */

void
fib_route_dumped(struct fib *fib, const struct fib_kroute *kr)
{
	struct fib_rt *rt = rt_find(fib, kr->table, &kr->pfx);
	struct fib_nhs nhs;

	if (rt == NULL) {
		rt = rt_get(fib, kr->table, &kr->pfx);
		/* After the sweep nobody vouches for it any more. */
		rt->want = fib->swept ? FIB_WANT_ABSENT : FIB_WANT_UNKNOWN;
		if (fib->swept)
			rt_dirty(fib, rt);
	}
	rt->gen = fib->gen;
	if (rt->inflight)
		return;		/* its ACK will tell */
	fib_nhs_set(&nhs, kr->nh, kr->nh_unusable ? 0 : kr->nnh);
	nhs.oif = kr->oif;
	nhs.onlink = kr->onlink;
	rt_kernel_set(fib, rt, &nhs, kr->metric);
	if (rt->want == FIB_WANT_PRESENT)
		rt_dirty(fib, rt);
}

static void
stale_start(struct fib *fib)
{
	struct timeval tv = { (time_t)fib->stale_secs, 0 };

	evtimer_add(fib->stale_ev, &tv);
}

void
fib_route_dump_done(struct fib *fib)
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0;

	/* Mark and sweep: ours that the dump did not show are gone. */
	while ((e = htab_next(&fib->routes, &b, &cur)) != NULL) {
		struct fib_rt *rt = (struct fib_rt *)(void *)e;

		/* Refused before: the dump follows a link change or an
		 * overrun, so it may work now. */
		if (rt->failed && !rt->inflight) {
			rt->failed = false;
			rt_dirty(fib, rt);
		}
		if (!rt->in_kernel || rt->inflight || rt->gen == fib->gen)
			continue;
		rt_kernel_clear(fib, rt);
		rt->failed = false;
		if (rt->want == FIB_WANT_PRESENT)
			rt_dirty(fib, rt);
		else
			rt_maybe_free(fib, rt);
	}
	if (!fib->synced) {
		fib->synced = true;
		stale_start(fib);
		log_msg(fib->log, LOG_LVL_INFO, "fib: %zu routes of ours "
		    "found in the kernel; unclaimed ones go in %u s",
		    fib->nkernel, fib->stale_secs);
	}
	if (!TAILQ_EMPTY(&fib->dirty))
		event_active(fib->flush_ev, 0, 0);
}

static void
sweep(struct fib *fib)
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0, n = 0;

	fib->swept = true;
	while ((e = htab_next(&fib->routes, &b, &cur)) != NULL) {
		struct fib_rt *rt = (struct fib_rt *)(void *)e;

		if (rt->want != FIB_WANT_UNKNOWN)
			continue;
		rt->want = FIB_WANT_ABSENT;
		rt_dirty(fib, rt);
		n++;
	}
	log_msg(fib->log, n > 0 ? LOG_LVL_NOTICE : LOG_LVL_INFO,
	    "fib: stale sweep: %zu routes left from before are removed", n);
}

static void
stale_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fib *fib = arg;

	(void)fd;
	(void)what;
	sweep(fib);
	fib_l2_sweep(fib);
	if (!TAILQ_EMPTY(&fib->dirty) || !TAILQ_EMPTY(&fib->l2dirty))
		event_active(fib->flush_ev, 0, 0);
}

/* ---- life cycle ---- */

void
fib_route_init(struct fib *fib)
{
	htab_init(&fib->routes, &fib->hkey);
	TAILQ_INIT(&fib->dirty);
	fib->ring = xcalloc(FIB_WINDOW, sizeof(*fib->ring));
	fib->flush_ev = event_new(fib->base, -1, 0, flush_cb, fib);
	fib->stale_ev = evtimer_new(fib->base, stale_cb, fib);
	fib->retry_ev = evtimer_new(fib->base, flush_cb, fib);
	if (fib->flush_ev == NULL || fib->stale_ev == NULL ||
	    fib->retry_ev == NULL ||
	    event_priority_set(fib->flush_ev, FIB_PRI_FLUSH) == -1 ||
	    event_priority_set(fib->retry_ev, FIB_PRI_FLUSH) == -1)
		fatal("%s: event_new", __func__);
}

void
fib_route_fini(struct fib *fib)
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0;

	for (; fib->rcount > 0; fib->rcount--) {
		if (fib->ring[fib->rhead].kind == FIB_REQ_ROUTE)
			fib_nhs_free(&fib->ring[fib->rhead].nhs);
		fib->rhead = (fib->rhead + 1) % FIB_WINDOW;
	}
	while ((e = htab_next(&fib->routes, &b, &cur)) != NULL) {
		struct fib_rt *rt = (struct fib_rt *)(void *)e;

		fib_nhs_free(&rt->wnh);
		fib_nhs_free(&rt->knh);
		free(rt);
	}
	htab_fini(&fib->routes);
	free(fib->ring);
	if (fib->flush_ev != NULL)
		event_free(fib->flush_ev);
	if (fib->stale_ev != NULL)
		event_free(fib->stale_ev);
	if (fib->retry_ev != NULL)
		event_free(fib->retry_ev);
}

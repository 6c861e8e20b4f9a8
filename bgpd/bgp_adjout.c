/*
 * bgp_adjout.c -- update groups, the Adj-RIB-Out (dest->out[slot]), the
 * flush event that packs changes into UPDATEs, and the table walks that
 * send a joining (or refreshing) peer its group's Adj-RIB-Out.
 *
 * DOC: groups.  Peers that would get byte-identical UPDATEs share a
 * group (key: family, EBGP, RR client, remote AS when EBGP, outbound
 * route-map, next-hop-self, 4-octet AS and extended-message encoding,
 * and our session addresses when exports carry them as next hop: EBGP,
 * next-hop-self, IPv6, or IPv4 with `network` or redistributed routes;
 * group_key()).  Each group owns a slot of
 * its family's rib: dest->out[slot] is what the group was told (a
 * reference), NULL nothing.  An empty group is freed at once and its
 * slot cleared over all dests synchronously (TODO(#4): a runner).
 *
 * The flush (BGP_PRI_FLUSH) takes up to BGP_FLUSH_BUDGET dirty dests,
 * exports each for every group of the family, records the differences
 * per group, then packs them: withdrawals together (IPv4 in the Withdrawn
 * Routes field, others in MP_UNREACH_NLRI), announcements sorted by
 * attrs pointer so one attribute block carries as many NLRI as fit in
 * 4096 bytes (65535 with RFC 8654).  The messages go into shared chunks
 * (struct bgp_obuf) queued on every Established member.  More dirty
 * dests re-activate the event, so keepalives are not starved.
 *
 * Walks (BGP_PRI_RUNNER, BGP_RUNNER_SLICE dests per run): a peer joining
 * a new group runs a compute walk that exports every dest into out[slot]
 * and sends the result to all members; a peer joining an existing group
 * (or asking for a refresh) walks out[slot] into its own chunks, after
 * any compute walk of the group finished.  A walk pauses while its
 * peer's queue is above BGP_OUTQ_HIGH (bgp_rib_drained() resumes it) and
 * ends with End-of-RIB (RFC 4724 section 2) on the initial dump.
 * Changes during a walk go to the whole group, joining peer included:
 * at worst it hears a route twice, which is harmless.
 */
#include "bgp_local.h"

#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "bgp_proto.h"
#include "bgp_rib_local.h"

static void	flush_cb(evutil_socket_t, short, void *);
static void	walk_cb(evutil_socket_t, short, void *);

struct bgp_adjout *
bgp_adjout_new(struct bgp *bgp)
{
	struct bgp_adjout *ao = xcalloc(1, sizeof(*ao));

	siphash_key_random(&ao->key);
	TAILQ_INIT(&ao->groups);
	TAILQ_INIT(&ao->walks);
	for (int f = 0; f < BGP_FAM_COUNT; f++)
		ao->dirty_tail[f] = &ao->dirty[f];
	ao->flush_budget = BGP_FLUSH_BUDGET;
	ao->flush = event_new(bgp->base, -1, 0, flush_cb, bgp);
	if (ao->flush == NULL)
		fatal("%s: event_new", __func__);
	event_priority_set(ao->flush, BGP_PRI_FLUSH);
	return ao;
}

static void
walk_free(struct bgp *bgp, struct bgp_walk *w)
{
	TAILQ_REMOVE(&bgp->adjout->walks, w, entry);
	if (w->peer != NULL && w->peer->fam[w->fam].walk == w)
		w->peer->fam[w->fam].walk = NULL;
	event_free(w->ev);
	free(w);
}

static void
group_release(struct bgp *bgp, struct bgp_upgroup *g)
{
	bgp_export_cache_clear(bgp, g);
	TAILQ_REMOVE(&bgp->adjout->groups, g, entry);
	free(g->members);
	free(g->pend);
	free(g);
}

/* After bgp_rib_free() freed the dests (and their out[] references). */
void
bgp_adjout_free(struct bgp *bgp)
{
	struct bgp_adjout *ao = bgp->adjout;
	struct bgp_walk *w;
	struct bgp_upgroup *g;

	if (ao == NULL)
		return;
	while ((w = TAILQ_FIRST(&ao->walks)) != NULL)
		walk_free(bgp, w);
	while ((g = TAILQ_FIRST(&ao->groups)) != NULL)
		group_release(bgp, g);
	for (int f = 0; f < BGP_FAM_COUNT; f++)
		free(ao->slot_used[f]);
	event_free(ao->flush);
	free(ao);
	bgp->adjout = NULL;
}

/* ---- dirty dests ---- */

void
bgp_adjout_dirty(struct bgp *bgp, struct bgp_rib *rib, struct bgp_dest *d)
{
	struct bgp_adjout *ao = bgp->adjout;

	if (d->dirty)
		return;
	d->dirty = true;
	d->dnext = NULL;
	*ao->dirty_tail[rib->fam] = d;
	ao->dirty_tail[rib->fam] = &d->dnext;
	event_active(ao->flush, 0, 0);
}

void
bgp_adjout_dirty_all(struct bgp *bgp)
{
	struct bgp_upgroup *g;

	TAILQ_FOREACH(g, &bgp->adjout->groups, entry)
		bgp_export_cache_clear(bgp, g);
	for (int f = 0; f < BGP_FAM_COUNT; f++) {
		struct bgp_dest *d;

		TAILQ_FOREACH(d, &bgp->rib[f].order, entry)
			bgp_adjout_dirty(bgp, &bgp->rib[f], d);
	}
}

void
bgp_adjout_dest_gone(struct bgp *bgp, struct bgp_rib *rib,
    struct bgp_dest *d)
{
	struct bgp_walk *w;

	TAILQ_FOREACH(w, &bgp->adjout->walks, entry)
		if (w->fam == rib->fam && w->cursor == d)
			w->cursor = TAILQ_NEXT(d, entry);
}

/* ---- slots and out[] ---- */

static size_t
slot_alloc(struct bgp *bgp, struct bgp_rib *rib)
{
	bool **used = &bgp->adjout->slot_used[rib->fam];
	size_t n = rib->nslots, nn;
	struct bgp_dest *d;

	for (size_t i = 0; i < n; i++)
		if (!(*used)[i]) {
			(*used)[i] = true;
			return i;
		}
	nn = n == 0 ? 4 : n * 2;
	*used = xrealloc(*used, nn * sizeof(**used));
	memset(*used + n, 0, (nn - n) * sizeof(**used));
	TAILQ_FOREACH(d, &rib->order, entry)
		if (d->out != NULL) {
			d->out = xrealloc(d->out, nn * sizeof(*d->out));
			memset(d->out + n, 0, (nn - n) * sizeof(*d->out));
		}
	rib->nslots = nn;
	(*used)[n] = true;
	return n;
}

/* Store a (consumed) in out[slot]; the old reference is dropped. */
static void
out_set(struct bgp *bgp, struct bgp_rib *rib, struct bgp_upgroup *g,
    struct bgp_dest *d, struct bgp_path_attrs *a)
{
	struct bgp_path_attrs *old;

	if (d->out == NULL) {
		if (a == NULL)
			return;
		d->out = xcalloc(rib->nslots, sizeof(*d->out));
	}
	old = d->out[g->slot];
	d->out[g->slot] = a;
	if (old != NULL) {
		g->pfx_sent--;
		bgp_path_attrs_unref(bgp->intern, old);
	}
	if (a != NULL)
		g->pfx_sent++;
}

static void
members_count(struct bgp_upgroup *g)
{
	for (size_t i = 0; i < g->nmembers; i++)
		g->members[i]->fam[g->fam].pfx_sent = g->pfx_sent;
}

/* ---- packing ---- */

static void
pend_add(struct bgp_pend **v, size_t *n, size_t *cap,
    struct bgp_path_attrs *a, struct bgp_dest *d)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 64 : *cap * 2;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[*n] = (struct bgp_pend){ a, d, *n };
	(*n)++;
}

/* Withdrawals first, then by attrs pointer, then in arrival order. */
static int
pend_cmp(const void *x, const void *y)
{
	const struct bgp_pend *a = x, *b = y;
	uintptr_t pa = (uintptr_t)a->attrs, pb = (uintptr_t)b->attrs;

	if (pa != pb)
		return pa < pb ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Where messages go: every Established member, or one peer. */
struct sink {
	struct bgp		*bgp;
	struct bgp_upgroup	*g;
	struct bgp_peer		*peer;		/* NULL: the members */
	struct bgp_obuf		*ob;
	struct bgp_peer_caps	 caps;
	size_t			 max;		/* message size */
};

static void
sink_init(struct sink *s, struct bgp *bgp, struct bgp_upgroup *g,
    struct bgp_peer *peer)
{
	memset(s, 0, sizeof(*s));
	s->bgp = bgp;
	s->g = g;
	s->peer = peer;
	s->caps.as4 = g->as4;
	s->caps.ext_msg = g->ext_msg;
	s->caps.kind = g->ebgp ? BGP_PEER_EBGP : BGP_PEER_IBGP;
	s->max = g->ext_msg ? BGP_EXTMSG_MAX : BGP_MSG_MAX;
}

static void
sink_ship(struct sink *s)
{
	if (s->ob != NULL && s->ob->len > 0) {
		if (s->peer != NULL)
			bgp_peer_queue(s->peer, s->ob);
		else
			for (size_t i = 0; i < s->g->nmembers; i++)
				if (s->g->members[i]->state ==
				    BGP_ST_ESTABLISHED)
					bgp_peer_queue(s->g->members[i], s->ob);
	}
	bgp_obuf_unref(s->ob);
	s->ob = NULL;
}

/* One UPDATE for family f: attrs (NULL: withdraw) and raw NLRI. */
static int
msg_encode(struct sink *s, struct wire_wr *wr, struct bgp_path_attrs *a,
    const struct wire_rd *nlri)
{
	struct bgp_update *u = xcalloc(1, sizeof(*u));
	uint16_t afi;
	uint8_t safi;
	int rc;

	bgp_fam_afi_safi(s->g->fam, &afi, &safi);
	if (a != NULL)
		bgp_path_attrs_draft(a, &u->attrs);
	if (s->g->fam == BGP_FAM_IPV4) {
		/* IPv4 routes learned in MP_REACH_NLRI: their next hop goes
		 * in NEXT_HOP (RFC 4271 section 5.1.3). */
		if (a != NULL && !bgp_attrs_has(&u->attrs, BGP_ATTR_NEXT_HOP) &&
		    u->attrs.mp_reach.nh.af == IP_AF_V4) {
			bgp_attrs_set(&u->attrs, BGP_ATTR_NEXT_HOP);
			u->attrs.nexthop = u->attrs.mp_reach.nh;
		}
		bgp_attrs_clear(&u->attrs, BGP_ATTR_MP_REACH_NLRI);
		if (a == NULL)
			u->withdrawn_raw = *nlri;
		else
			u->nlri_raw = *nlri;
	} else if (a == NULL) {
		bgp_attrs_set(&u->attrs, BGP_ATTR_MP_UNREACH_NLRI);
		u->attrs.mp_unreach.afi = afi;
		u->attrs.mp_unreach.safi = safi;
		u->attrs.mp_unreach.nlri = *nlri;
	} else {
		bgp_attrs_set(&u->attrs, BGP_ATTR_MP_REACH_NLRI);
		u->attrs.mp_reach.afi = afi;
		u->attrs.mp_reach.safi = safi;
		u->attrs.mp_reach.nlri = *nlri;
	}
	rc = bgp_update_encode(s->bgp->codec, &s->caps, wr, u);
	free(u);
	return rc;
}

/* Append one message to the current chunk (a new one when full). */
static void
msg_put(struct sink *s, struct bgp_path_attrs *a, const struct wire_rd *nl)
{
	struct wire_wr wr;

	for (int tries = 0; tries < 2; tries++) {
		if (s->ob == NULL)
			s->ob = bgp_obuf_new(BGP_OBUF_SIZE);
		wire_wr_init(&wr, s->ob->data + s->ob->len,
		    s->ob->cap - s->ob->len);
		if (msg_encode(s, &wr, a, nl) == 0) {
			s->ob->len += wire_wr_len(&wr);
			return;
		}
		sink_ship(s);
	}
	log_msg(s->bgp->log, LOG_LVL_WARNING, "UPDATE too large for %s: "
	    "routes not sent", bgp_fam_json_key(s->g->fam));
}

/* Bytes of an UPDATE carrying a and no NLRI. */
static size_t
msg_base(struct sink *s, struct bgp_path_attrs *a)
{
	uint8_t *buf = xmalloc(BGP_EXTMSG_MAX);
	struct wire_wr wr;
	struct wire_rd none;
	size_t n;

	wire_rd_init(&none, NULL, 0);
	wire_wr_init(&wr, buf, BGP_EXTMSG_MAX);
	n = msg_encode(s, &wr, a, &none) == 0 ? wire_wr_len(&wr) : s->max;
	free(buf);
	return n;
}

/* Pack v[0..n) (one attrs value) into as few messages as fit. */
static void
pack_run(struct sink *s, const struct bgp_pend *v, size_t n)
{
	size_t base = msg_base(s, v[0].attrs), room, i = 0;
	uint8_t *buf = xmalloc(BGP_EXTMSG_MAX);

	/* One spare octet: the MP attribute may need an extended length. */
	room = base + 1 < s->max ? s->max - base - 1 : 0;
	while (i < n) {
		struct wire_wr wr;
		struct wire_rd nl;

		wire_wr_init(&wr, buf, room);
		for (; i < n; i++) {
			const uint8_t *p;
			size_t len;

			bgp_dest_nlri(v[i].d, &p, &len);
			if (wire_wr_bytes(&wr, p, len) == -1)
				break;
		}
		if (wire_wr_len(&wr) == 0) {
			i++;	/* cannot fit even alone: skip it */
			continue;
		}
		wire_wr_view(&wr, &nl);
		msg_put(s, v[0].attrs, &nl);
	}
	free(buf);
}

static void
pack(struct sink *s, struct bgp_pend *v, size_t n)
{
	size_t i = 0;

	qsort(v, n, sizeof(*v), pend_cmp);
	while (i < n) {
		size_t j = i + 1;

		while (j < n && v[j].attrs == v[i].attrs)
			j++;
		pack_run(s, v + i, j - i);
		i = j;
	}
}

/* RFC 4724 section 2: End-of-RIB. */
static void
eor_send(struct bgp *bgp, struct bgp_upgroup *g, struct bgp_peer *peer)
{
	struct sink s;
	struct wire_rd none;

	wire_rd_init(&none, NULL, 0);
	sink_init(&s, bgp, g, peer);
	msg_put(&s, NULL, &none);
	sink_ship(&s);
	peer->fam[g->fam].eor_sent = true;
}

/* ---- flush ---- */

static void
flush_dest(struct bgp *bgp, struct bgp_rib *rib, struct bgp_dest *d)
{
	struct bgp_upgroup *g;

	TAILQ_FOREACH(g, &bgp->adjout->groups, entry) {
		struct bgp_path_attrs *a, *old;

		if (g->fam != rib->fam)
			continue;
		a = bgp_export(bgp, rib, g, d);
		old = d->out != NULL ? d->out[g->slot] : NULL;
		if (a == old) {
			if (a != NULL)
				bgp_path_attrs_unref(bgp->intern, a);
			continue;
		}
		out_set(bgp, rib, g, d, a);
		pend_add(&g->pend, &g->npend, &g->cappend, a, d);
	}
}

static void
flush_emit(struct bgp *bgp)
{
	struct bgp_upgroup *g;

	TAILQ_FOREACH(g, &bgp->adjout->groups, entry) {
		struct sink s;

		if (g->npend == 0)
			continue;
		sink_init(&s, bgp, g, NULL);
		pack(&s, g->pend, g->npend);
		sink_ship(&s);
		g->npend = 0;
		members_count(g);
	}
}

struct done {
	struct bgp_dest	*d;
	enum bgp_fam	 fam;
};

static void
flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgp *bgp = arg;
	struct bgp_adjout *ao = bgp->adjout;
	size_t ndone = 0, budget = ao->flush_budget;
	struct done *done = xmalloc(budget * sizeof(*done));
	bool more = false;

	(void)fd;
	(void)what;
	for (int f = 0; f < BGP_FAM_COUNT; f++) {
		struct bgp_rib *rib = &bgp->rib[f];
		struct bgp_dest *d;

		while (ndone < budget && (d = ao->dirty[f]) != NULL) {
			ao->dirty[f] = d->dnext;
			if (ao->dirty[f] == NULL)
				ao->dirty_tail[f] = &ao->dirty[f];
			d->dirty = false;
			d->dnext = NULL;
			flush_dest(bgp, rib, d);
			bgp_decide_fib(bgp, rib, d);
			bgp_decide_evpn(bgp, rib, d);
			done[ndone++] = (struct done){ d, (enum bgp_fam)f };
		}
		more |= ao->dirty[f] != NULL;
	}
	flush_emit(bgp);
	/* Freed only now: the packing above read their NLRI. */
	for (size_t i = 0; i < ndone; i++)
		bgp_dest_maybe_free(bgp, &bgp->rib[done[i].fam], done[i].d);
	free(done);
	if (more)
		event_active(ao->flush, 0, 0);
}

/* ---- walks ---- */

static struct bgp_walk *
walk_new(struct bgp *bgp, struct bgp_peer *peer, struct bgp_upgroup *g,
    bool compute, bool eor)
{
	struct bgp_walk *w = xcalloc(1, sizeof(*w));

	w->bgp = bgp;
	w->peer = peer;
	w->fam = g->fam;
	w->upg = g;
	w->compute = compute;
	w->eor = eor;
	w->cursor = TAILQ_FIRST(&bgp->rib[g->fam].order);
	w->ev = event_new(bgp->base, -1, 0, walk_cb, w);
	if (w->ev == NULL)
		fatal("%s: event_new", __func__);
	event_priority_set(w->ev, BGP_PRI_RUNNER);
	TAILQ_INSERT_TAIL(&bgp->adjout->walks, w, entry);
	if (peer != NULL && !compute)
		peer->fam[g->fam].walk = w;
	event_active(w->ev, 0, 0);
	return w;
}

/* One slice: up to BGP_RUNNER_SLICE dests into v. */
static void
walk_slice(struct bgp_walk *w, struct bgp_pend **v, size_t *n, size_t *cap)
{
	struct bgp *bgp = w->bgp;
	struct bgp_rib *rib = &bgp->rib[w->fam];
	struct bgp_upgroup *g = w->upg;

	for (size_t k = 0; k < BGP_RUNNER_SLICE && w->cursor != NULL; k++) {
		struct bgp_dest *d = w->cursor;
		struct bgp_path_attrs *a;

		w->cursor = TAILQ_NEXT(d, entry);
		if (w->compute) {
			a = bgp_export(bgp, rib, g, d);
			if (a != (d->out != NULL ? d->out[g->slot] : NULL))
				out_set(bgp, rib, g, d, a);
			else if (a != NULL)
				bgp_path_attrs_unref(bgp->intern, a);
		}
		a = d->out != NULL ? d->out[g->slot] : NULL;
		if (a != NULL)
			pend_add(v, n, cap, a, d);
	}
}

static void
walk_done(struct bgp_walk *w)
{
	struct bgp *bgp = w->bgp;
	struct bgp_upgroup *g = w->upg;

	if (w->compute) {
		struct bgp_walk *o;

		g->computing = false;
		TAILQ_FOREACH(o, &bgp->adjout->walks, entry)
			if (o->upg == g && o != w)
				event_active(o->ev, 0, 0);
	}
	if (w->peer != NULL && w->eor)
		eor_send(bgp, g, w->peer);
	walk_free(bgp, w);
}

static void
walk_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgp_walk *w = arg;
	struct bgp_pend *v = NULL;
	size_t n = 0, cap = 0;
	struct sink s;

	(void)fd;
	(void)what;
	if (!w->compute && w->upg->computing)
		return;		/* resumed by the compute walk's end */
	if (w->peer != NULL && bgp_peer_queued(w->peer) > BGP_OUTQ_HIGH)
		return;		/* resumed by bgp_rib_drained() */
	walk_slice(w, &v, &n, &cap);
	if (n > 0) {
		sink_init(&s, w->bgp, w->upg, w->compute ? NULL : w->peer);
		pack(&s, v, n);
		sink_ship(&s);
	}
	free(v);
	members_count(w->upg);
	if (w->cursor != NULL)
		event_active(w->ev, 0, 0);
	else
		walk_done(w);
}

/* ---- membership ---- */

static void
group_key(const struct bgp_peer *peer, enum bgp_fam f, struct bgp_upgroup *k)
{
	const struct bgp_conf_af *af = &peer->conf->af[f];

	memset(k, 0, sizeof(*k));
	k->fam = f;
	k->ebgp = peer->ebgp;
	k->rr_client = !peer->ebgp && af->rr_client;
	k->nhs = !peer->ebgp && af->next_hop_self && f != BGP_FAM_EVPN;
	k->as4 = peer->caps_tx.as4;
	k->ext_msg = peer->caps_tx.ext_msg;
	k->remote_as = peer->ebgp ? peer->remote_as : 0;
	memcpy(k->rmap_out, af->rmap_out, sizeof(k->rmap_out));
	/* The next hop is rewritten to our session address for EBGP,
	 * next-hop-self, IPv6 and for local routes (`network`,
	 * `redistribute`): then that
	 * address is part of the key.  IBGP IPv4 groups without them stay
	 * shared across local addresses. */
	if (f == BGP_FAM_IPV6 || (f == BGP_FAM_IPV4 && (k->ebgp || k->nhs ||
	    bgp_has_local_routes(peer->bgp, f)))) {
		if (peer->local.af == IP_AF_V4)
			k->local = peer->local;
		k->local_v6 = peer->local.af == IP_AF_V6 ? peer->local :
		    peer->local_v6;
	}
}

static bool
group_key_eq(const struct bgp_upgroup *a, const struct bgp_upgroup *b)
{
	return a->fam == b->fam && a->ebgp == b->ebgp &&
	    a->rr_client == b->rr_client && a->nhs == b->nhs &&
	    a->as4 == b->as4 && a->ext_msg == b->ext_msg &&
	    a->remote_as == b->remote_as &&
	    strcmp(a->rmap_out, b->rmap_out) == 0 &&
	    ip_eq(&a->local, &b->local) && ip_eq(&a->local_v6, &b->local_v6);
}

static void
member_add(struct bgp_upgroup *g, struct bgp_peer *peer)
{
	if (g->nmembers == g->cap) {
		g->cap = g->cap == 0 ? 4 : g->cap * 2;
		g->members = xrealloc(g->members, g->cap * sizeof(*g->members));
	}
	g->members[g->nmembers++] = peer;
	peer->fam[g->fam].upg = g;
}

void
bgp_adjout_join(struct bgp_peer *peer, enum bgp_fam f)
{
	struct bgp *bgp = peer->bgp;
	struct bgp_upgroup key, *g;
	bool created = false;

	if (peer->fam[f].upg != NULL)
		return;
	group_key(peer, f, &key);
	TAILQ_FOREACH(g, &bgp->adjout->groups, entry)
		if (group_key_eq(g, &key))
			break;
	if (g == NULL) {
		g = xmalloc(sizeof(*g));
		*g = key;
		g->slot = slot_alloc(bgp, &bgp->rib[f]);
		g->computing = true;
		TAILQ_INSERT_TAIL(&bgp->adjout->groups, g, entry);
		created = true;
	}
	member_add(g, peer);
	peer->fam[f].eor_sent = false;
	/* A new group: one walk computes out[] for everyone and ends with
	 * the End-of-RIB for its first member. */
	if (created) {
		struct bgp_walk *w = walk_new(bgp, peer, g, true, true);

		peer->fam[f].walk = w;
	} else
		(void)walk_new(bgp, peer, g, false, true);
}

/* The group's slot cleared over all dests; TODO(#4): sliced. */
static void
group_free(struct bgp *bgp, struct bgp_upgroup *g)
{
	struct bgp_rib *rib = &bgp->rib[g->fam];
	struct bgp_dest *d, *next;
	struct bgp_walk *w, *wn;

	for (w = TAILQ_FIRST(&bgp->adjout->walks); w != NULL; w = wn) {
		wn = TAILQ_NEXT(w, entry);
		if (w->upg == g)
			walk_free(bgp, w);
	}
	for (d = TAILQ_FIRST(&rib->order); d != NULL; d = next) {
		next = TAILQ_NEXT(d, entry);
		if (d->out != NULL && d->out[g->slot] != NULL) {
			out_set(bgp, rib, g, d, NULL);
			bgp_dest_maybe_free(bgp, rib, d);
		}
	}
	bgp->adjout->slot_used[g->fam][g->slot] = false;
	group_release(bgp, g);
}

void
bgp_adjout_leave(struct bgp_peer *peer, enum bgp_fam f)
{
	struct bgp *bgp = peer->bgp;
	struct bgp_upgroup *g = peer->fam[f].upg, *o;
	struct bgp_walk *w;

	/* Cached exports may name this peer as a source. */
	TAILQ_FOREACH(o, &bgp->adjout->groups, entry)
		bgp_export_cache_clear(bgp, o);
	if (g == NULL)
		return;
	TAILQ_FOREACH(w, &bgp->adjout->walks, entry)
		if (w->peer == peer && w->fam == f)
			break;
	if (w != NULL) {
		if (w->compute)
			w->peer = NULL;	/* keeps computing for the others */
		else
			walk_free(bgp, w);
	}
	peer->fam[f].walk = NULL;
	for (size_t i = 0; i < g->nmembers; i++)
		if (g->members[i] == peer) {
			g->members[i] = g->members[--g->nmembers];
			break;
		}
	peer->fam[f].upg = NULL;
	peer->fam[f].pfx_sent = 0;
	if (g->nmembers == 0)
		group_free(bgp, g);
}

void
bgp_adjout_resend(struct bgp_peer *peer, enum bgp_fam f)
{
	struct bgp_walk *w;

	TAILQ_FOREACH(w, &peer->bgp->adjout->walks, entry)
		if (w->peer == peer && w->fam == f && !w->compute) {
			/* Restart: the refresh wants the whole table. */
			w->cursor = TAILQ_FIRST(&peer->bgp->rib[f].order);
			event_active(w->ev, 0, 0);
			return;
		}
	(void)walk_new(peer->bgp, peer, peer->fam[f].upg, false, false);
}

void
bgp_adjout_drained(struct bgp_peer *peer)
{
	struct bgp_walk *w;

	TAILQ_FOREACH(w, &peer->bgp->adjout->walks, entry)
		if (w->peer == peer)
			event_active(w->ev, 0, 0);
}

/* Finish g's out[] now (new group, or one whose compute walk is still
 * running: that walk then only repeats values).  TODO(#4): sliced. */
static void
group_compute_now(struct bgp *bgp, struct bgp_upgroup *g)
{
	struct bgp_rib *rib = &bgp->rib[g->fam];
	struct bgp_dest *d;
	struct bgp_walk *o;

	TAILQ_FOREACH(d, &rib->order, entry) {
		struct bgp_path_attrs *a = bgp_export(bgp, rib, g, d);

		if (a != (d->out != NULL ? d->out[g->slot] : NULL))
			out_set(bgp, rib, g, d, a);
		else if (a != NULL)
			bgp_path_attrs_unref(bgp->intern, a);
	}
	g->computing = false;
	TAILQ_FOREACH(o, &bgp->adjout->walks, entry)
		if (o->upg == g && !o->compute)
			event_active(o->ev, 0, 0);
}

/* The peer moves from old to new: announce new's out[], withdraw what
 * only old had. */
static void
regroup_diff(struct bgp *bgp, struct bgp_peer *peer, struct bgp_upgroup *old,
    struct bgp_upgroup *g)
{
	struct bgp_rib *rib = &bgp->rib[g->fam];
	struct bgp_pend *v = NULL;
	size_t n = 0, cap = 0;
	struct bgp_dest *d;
	struct sink s;

	TAILQ_FOREACH(d, &rib->order, entry) {
		struct bgp_path_attrs *a, *b;

		if (d->out == NULL)
			continue;
		a = d->out[old->slot];
		b = d->out[g->slot];
		if (b != NULL)
			pend_add(&v, &n, &cap, b, d);
		else if (a != NULL)
			pend_add(&v, &n, &cap, NULL, d);
	}
	if (n > 0) {
		sink_init(&s, bgp, g, peer);
		pack(&s, v, n);
		sink_ship(&s);
	}
	free(v);
}

void
bgp_adjout_regroup(struct bgp_peer *peer, enum bgp_fam f)
{
	struct bgp *bgp = peer->bgp;
	struct bgp_upgroup *old = peer->fam[f].upg, key, *g;
	struct bgp_walk *w;

	if (old == NULL)
		return;
	group_key(peer, f, &key);
	if (group_key_eq(old, &key))
		return;
	TAILQ_FOREACH(w, &bgp->adjout->walks, entry)
		if (w->peer == peer && w->fam == f)
			break;
	if (w != NULL) {
		if (w->compute)
			w->peer = NULL;
		else
			walk_free(bgp, w);
	}
	peer->fam[f].walk = NULL;
	TAILQ_FOREACH(g, &bgp->adjout->groups, entry)
		if (group_key_eq(g, &key))
			break;
	if (g == NULL) {
		g = xmalloc(sizeof(*g));
		*g = key;
		g->slot = slot_alloc(bgp, &bgp->rib[f]);
		g->computing = true;
		TAILQ_INSERT_TAIL(&bgp->adjout->groups, g, entry);
	}
	if (g->computing)
		group_compute_now(bgp, g);
	for (size_t i = 0; i < old->nmembers; i++)
		if (old->members[i] == peer) {
			old->members[i] = old->members[--old->nmembers];
			break;
		}
	member_add(g, peer);
	regroup_diff(bgp, peer, old, g);
	if (old->nmembers == 0)
		group_free(bgp, old);
	members_count(g);
}

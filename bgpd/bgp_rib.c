/*
 * bgp_rib.c -- the RIB per family: dests (route key -> paths), the
 * Adj-RIB-In (each peer's paths with attrs_in) and the entry points the
 * session layer calls (bgp_local.h: bgp_rib_*).
 *
 * DOC: dests live in a chained hash table keyed by ops->key() bytes
 * (SipHash-2-4 with a random key: peers choose the keys) and in a TAILQ
 * in creation order for walks.  A path keeps its NLRI bytes (no path id)
 * only when they differ from the key (EVPN: labels and ESI are not part
 * of the key, RFC 7432 section 7.2); for unicast the key is the NLRI.
 * Per received route: loop detection, import policy, decision, and the
 * dest is marked dirty for the flush (bgp_adjout.c).
 *
 * Invariants: a dest is freed only with no path, no out[] entry and not
 * on the dirty list (bgp_dest_maybe_free); walk cursors are moved past a
 * dest before it is freed.  pfx_rcvd counts a peer's paths in a family,
 * pfx_accepted those whose attrs survived import.
 *
 * Known gaps: peer down, soft in and reconfiguration walk the tables
 * synchronously (TODO(#4): slice them on the runner priority).
 */
#include "bgp_local.h"

#include <stdlib.h>
#include <string.h>

#include "bgp_proto.h"
#include "bgp_rib_local.h"

#define RIB_BUCKETS_MIN	1024

static uint64_t
key_hash(const struct bgp *bgp, const uint8_t *key, size_t len)
{
	return siphash24(&bgp->adjout->key, key, len);
}

static struct bgp_dest *
dest_find(const struct bgp *bgp, const struct bgp_rib *rib,
    const uint8_t *key, size_t len)
{
	uint64_t h = key_hash(bgp, key, len);
	struct bgp_dest *d = rib->buckets[h & (rib->nbuckets - 1)];

	for (; d != NULL; d = d->hnext)
		if (d->hash == h && d->key_len == len &&
		    memcmp(d->key, key, len) == 0)
			return d;
	return NULL;
}

static void
rib_grow(struct bgp_rib *rib)
{
	size_t n = rib->nbuckets * 2;
	struct bgp_dest **nb = xcalloc(n, sizeof(*nb));

	for (size_t i = 0; i < rib->nbuckets; i++) {
		struct bgp_dest *d = rib->buckets[i], *next;

		for (; d != NULL; d = next) {
			next = d->hnext;
			d->hnext = nb[d->hash & (n - 1)];
			nb[d->hash & (n - 1)] = d;
		}
	}
	free(rib->buckets);
	rib->buckets = nb;
	rib->nbuckets = n;
}

static struct bgp_dest *
dest_get(struct bgp *bgp, struct bgp_rib *rib, const uint8_t *key,
    size_t len)
{
	struct bgp_dest *d = dest_find(bgp, rib, key, len), **slot;

	if (d != NULL)
		return d;
	d = xcalloc(1, sizeof(*d) + len);
	d->hash = key_hash(bgp, key, len);
	d->key_len = (uint16_t)len;
	memcpy(d->key, key, len);
	slot = &rib->buckets[d->hash & (rib->nbuckets - 1)];
	d->hnext = *slot;
	*slot = d;
	TAILQ_INSERT_TAIL(&rib->order, d, entry);
	if (++rib->count > rib->nbuckets)
		rib_grow(rib);
	return d;
}

void
bgp_path_free(struct bgp *bgp, struct bgp_path *p)
{
	if (p == NULL)
		return;
	if (p->attrs_in != NULL)
		bgp_path_attrs_unref(bgp->intern, p->attrs_in);
	if (p->attrs != NULL)
		bgp_path_attrs_unref(bgp->intern, p->attrs);
	free(p);
}

void
bgp_dest_maybe_free(struct bgp *bgp, struct bgp_rib *rib,
    struct bgp_dest *d)
{
	struct bgp_dest **pp;

	if (d->paths != NULL || d->dirty)
		return;
	for (size_t i = 0; d->out != NULL && i < rib->nslots; i++)
		if (d->out[i] != NULL)
			return;
	bgp_adjout_dest_gone(bgp, rib, d);
	pp = &rib->buckets[d->hash & (rib->nbuckets - 1)];
	for (; *pp != NULL && *pp != d; pp = &(*pp)->hnext)
		;
	if (*pp == NULL)
		fatalx("%s: dest not in table", __func__);
	*pp = d->hnext;
	TAILQ_REMOVE(&rib->order, d, entry);
	rib->count--;
	bgp_path_free(bgp, d->gone);
	free(d->out);
	free(d);
}

void
bgp_dest_prefix(const struct bgp_dest *d, enum bgp_fam f, struct ip_prefix *p)
{
	size_t n = d->key_len > 1 ? d->key_len - 1u : 0;

	memset(p, 0, sizeof(*p));
	p->addr.af = f == BGP_FAM_IPV4 ? IP_AF_V4 : IP_AF_V6;
	p->len = d->key[0];
	if (n > ip_af_len(p->addr.af))
		n = ip_af_len(p->addr.af);
	memcpy(p->addr.a, d->key + 1, n);
}

void
bgp_dest_nlri(const struct bgp_dest *d, const uint8_t **p, size_t *len)
{
	const struct bgp_path *src = d->best != NULL ? d->best : d->paths;

	if (src == NULL)
		src = d->gone;
	if (src != NULL && src->nlri_len > 0) {
		*p = src->nlri;
		*len = src->nlri_len;
	} else {
		*p = d->key;
		*len = d->key_len;
	}
}

/* ---- import ---- */

/* Our AS anywhere in a (4-octet) AS_PATH: RFC 4271 section 9.1.2. */
static bool
aspath_has(const struct bgp_path_attrs *a, uint32_t asn)
{
	const struct bgp_blob *b = a->k.as_path;
	struct wire_rd it, asns;
	uint8_t type, count;

	if (b == NULL)
		return false;
	wire_rd_init(&it, b->data, b->len);
	while (bgp_aspath_next(&it, 4, &type, &count, &asns) == 1) {
		uint32_t v;

		while (wire_rd_u32(&asns, &v) == 0)
			if (v == asn)
				return true;
	}
	return false;
}

/*
 * attrs from attrs_in: loop check and import policy.  route is the
 * decoded route (policy matches on it).  Returns a reference or NULL.
 */
static struct bgp_path_attrs *
import(struct bgp *bgp, struct bgp_peer *peer, enum bgp_fam f,
    struct bgp_path_attrs *in, const void *route)
{
	const struct bgp_conf_af *af = &peer->conf->af[f];
	struct bgp_policy_scratch *sc;
	struct bgp_route_info ri;
	struct bgp_attrs d;
	struct bgp_path_attrs *out;

	/* RFC 4271 section 9.1.2: a route with our AS in its AS_PATH is
	 * not eligible (kept, counted, never best). */
	if (peer->ebgp && aspath_has(in, bgp->asn))
		return NULL;
	if (af->rmap_in[0] == '\0') {
		/* RFC 8212 section 3: no import policy, no EBGP routes. */
		if (peer->ebgp && (bgp->inst == NULL ||
		    bgp->inst->ebgp_requires_policy))
			return NULL;
		return bgp_path_attrs_ref(in);
	}
	memset(&ri, 0, sizeof(ri));
	bgp->rib[f].ops->info(route, &ri);
	bgp_path_attrs_draft(in, &d);
	sc = xmalloc(sizeof(*sc));
	out = NULL;
	if (bgp_policy_apply(bgp->conf, af->rmap_in, &ri, &d, sc))
		out = bgp_attrs_intern(bgp->intern, &d);
	free(sc);
	return out;
}

static void
path_attrs_set(struct bgp *bgp, struct bgp_path *p,
    struct bgp_path_attrs *attrs, enum bgp_fam f)
{
	if (p->peer != NULL) {
		if (p->attrs != NULL)
			p->peer->fam[f].pfx_accepted--;
		if (attrs != NULL)
			p->peer->fam[f].pfx_accepted++;
	}
	if (p->attrs != NULL)
		bgp_path_attrs_unref(bgp->intern, p->attrs);
	p->attrs = attrs;
	p->aspath_len = attrs != NULL ? bgp_aspath_count(attrs) : 0;
}

/* ---- paths ---- */

static struct bgp_path **
path_find(struct bgp_dest *d, const struct bgp_peer *peer, uint32_t id)
{
	struct bgp_path **pp = &d->paths;

	for (; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->peer == peer && (*pp)->path_id == id)
			return pp;
	return pp;
}

struct route_bytes {
	uint32_t	 path_id;
	uint8_t		 key[BGP_ROUTE_KEY_MAX];
	size_t		 key_len;
	struct wire_rd	 nlri;		/* without path id */
	uint8_t		 buf[4 + BGP_ROUTE_KEY_MAX + 64];
};

/* Key, path id and NLRI bytes of a decoded route. */
static int
route_bytes(const struct bgp_afi_ops *ops, const void *route,
    struct route_bytes *rb)
{
	struct wire_wr wr;
	struct wire_rd rd;

	rb->key_len = ops->key(route, rb->key);
	wire_wr_init(&wr, rb->buf, sizeof(rb->buf));
	if (ops->encode(&wr, true, route) == -1)
		return -1;
	wire_wr_view(&wr, &rd);
	if (wire_rd_u32(&rd, &rb->path_id) == -1)
		return -1;
	rb->nlri = rd;
	return 0;
}

/* Decide, and let the flush compare every group's export with out[]
 * (a removed best path leaves no trace for bgp_decide() to compare). */
static void
dest_changed(struct bgp *bgp, struct bgp_rib *rib, struct bgp_dest *d)
{
	(void)bgp_decide(bgp, rib, d);
	bgp_aggregate_dest(bgp, rib, d);
	bgp_adjout_dirty(bgp, rib, d);
	bgp_dest_maybe_free(bgp, rib, d);
}

/*
 * Add or replace (implicit withdraw, RFC 4271 section 3.1) the path of
 * peer (NULL: local) for route.  as_loop: not eligible.
 */
static void
path_set(struct bgp *bgp, enum bgp_fam f, struct bgp_peer *peer,
    const void *route, struct bgp_path_attrs *in)
{
	struct bgp_rib *rib = &bgp->rib[f];
	struct route_bytes rb;
	struct bgp_dest *d;
	struct bgp_path **pp, *p, *old;
	size_t nlen;

	if (route_bytes(rib->ops, route, &rb) == -1)
		return;
	nlen = wire_rd_left(&rb.nlri);
	if (nlen == rb.key_len && memcmp(wire_rd_data(&rb.nlri), rb.key,
	    nlen) == 0)
		nlen = 0;
	d = dest_get(bgp, rib, rb.key, rb.key_len);
	pp = path_find(d, peer, rb.path_id);
	old = *pp;
	p = xcalloc(1, sizeof(*p) + nlen);
	p->peer = peer;
	p->path_id = rb.path_id;
	p->nlri_len = (uint16_t)nlen;
	if (nlen > 0 && wire_rd_copy(&rb.nlri, p->nlri, nlen) == -1)
		fatalx("%s: copy", __func__);
	p->attrs_in = bgp_path_attrs_ref(in);
	p->since = time(NULL);
	path_attrs_set(bgp, p, peer != NULL ? import(bgp, peer, f, in, route) :
	    bgp_path_attrs_ref(in), f);
	if (old != NULL) {
		p->next = old->next;
		if (d->best == old)
			d->best = p;
		path_attrs_set(bgp, old, NULL, f);
		bgp_path_free(bgp, old);
	} else {
		p->next = NULL;
		if (peer != NULL)
			peer->fam[f].pfx_rcvd++;
	}
	*pp = p;
	bgp_path_free(bgp, d->gone);
	d->gone = NULL;
	dest_changed(bgp, rib, d);
}

static void
path_unlink(struct bgp *bgp, enum bgp_fam f, struct bgp_dest *d,
    struct bgp_path **pp)
{
	struct bgp_path *p = *pp;

	*pp = p->next;
	if (d->best == p)
		d->best = NULL;
	path_attrs_set(bgp, p, NULL, f);
	if (p->peer != NULL)
		p->peer->fam[f].pfx_rcvd--;
	/* Keep the last path's NLRI for the withdrawal (EVPN). */
	if (d->paths == NULL && p->nlri_len > 0 && d->gone == NULL) {
		bgp_path_attrs_unref(bgp->intern, p->attrs_in);
		p->attrs_in = NULL;
		p->peer = NULL;
		p->next = NULL;
		d->gone = p;
	} else
		bgp_path_free(bgp, p);
}

static void
path_del(struct bgp *bgp, enum bgp_fam f, struct bgp_peer *peer,
    const void *route)
{
	struct bgp_rib *rib = &bgp->rib[f];
	struct route_bytes rb;
	struct bgp_dest *d;
	struct bgp_path **pp;

	if (route_bytes(rib->ops, route, &rb) == -1)
		return;
	if ((d = dest_find(bgp, rib, rb.key, rb.key_len)) == NULL)
		return;
	pp = path_find(d, peer, rb.path_id);
	if (*pp == NULL)
		return;
	path_unlink(bgp, f, d, pp);
	dest_changed(bgp, rib, d);
}

/* ---- bgp_rib_update ---- */

/*
 * RFC 6793 section 4.2.3: a 2-octet peer's AS_PATH (with AS_TRANS) and
 * AS4_PATH merged into one 4-octet AS_PATH, the AGGREGATOR likewise;
 * AS4_PATH and AS4_AGGREGATOR are dropped (also from 4-octet peers,
 * which must ignore them: section 4.1).  LOCAL_PREF from an EBGP peer is
 * ignored (RFC 4271 section 5.1.5).
 */
static struct bgp_path_attrs *
attrs_normalise(struct bgp *bgp, const struct bgp_peer *peer,
    const struct bgp_attrs *a)
{
	struct bgp_attrs *d = xmalloc(sizeof(*d));
	uint8_t *buf = xmalloc(BGP_EXTMSG_MAX);
	struct bgp_path_attrs *s;

	memcpy(d, a, sizeof(*d));
	if (bgp_attrs_has(d, BGP_ATTR_AS_PATH) && d->as_path_size == 2)
		bgp_aspath_to4(d, buf, BGP_EXTMSG_MAX);
	if (bgp_attrs_has(d, BGP_ATTR_AGGREGATOR) && d->aggregator_size == 2) {
		if (d->aggregator_as == BGP_AS_TRANS &&
		    bgp_attrs_has(d, BGP_ATTR_AS4_AGGREGATOR)) {
			d->aggregator_as = d->as4_aggregator_as;
			d->aggregator_id = d->as4_aggregator_id;
		}
		d->aggregator_size = 4;
	}
	bgp_attrs_clear(d, BGP_ATTR_AS4_PATH);
	bgp_attrs_clear(d, BGP_ATTR_AS4_AGGREGATOR);
	d->as4_aggregator_as = d->as4_aggregator_id = 0;
	wire_rd_init(&d->as4_path, NULL, 0);
	if (peer->ebgp) {
		bgp_attrs_clear(d, BGP_ATTR_LOCAL_PREF);
		d->local_pref = 0;
	}
	s = bgp_attrs_intern(bgp->intern, d);
	free(buf);
	free(d);
	return s;
}

/* RFC 4456 section 8: our ORIGINATOR_ID or our CLUSTER_ID: a loop. */
static bool
rr_looped(const struct bgp *bgp, const struct bgp_path_attrs *s)
{
	struct bgp_attrs d;
	uint32_t id;

	bgp_path_attrs_draft(s, &d);
	if (bgp_attrs_has(&d, BGP_ATTR_ORIGINATOR_ID) &&
	    d.originator_id == bgp->router_id)
		return true;
	while (wire_rd_u32(&d.cluster_list, &id) == 0)
		if (id == bgp->cluster_id)
			return true;
	return false;
}

static int
fam_of(const struct bgp_peer *peer, uint16_t afi, uint8_t safi,
    const struct bgp_routes *r)
{
	int f = bgp_fam_from_afi_safi(afi, safi);

	if (f < 0 || !peer->fam[f].active || r->ops == NULL ||
	    peer->bgp->rib[f].ops == NULL) {
		if (r->n > 0)
			bgp_log_peer(peer, LOG_LVL_DEBUG, "routes of AFI %u "
			    "SAFI %u ignored: family not active", afi, safi);
		return -1;
	}
	return f;
}

/*
 * Apply routes of family f: in NULL withdraws.  -1: max-prefix crossed
 * (the session layer was told; stop touching the peer).
 */
/*
 * `maximum-prefix N [THRESHOLD] [warning-only]` after a route of f was
 * added: a warning at THRESHOLD percent (75 by default) and, over N, a
 * warning only or the session dropped (-1), as FRR does.  Each warning is
 * logged once until the count falls below the threshold again.
 */
static int
max_prefix_check(struct bgp_peer *peer, enum bgp_fam f)
{
	const struct bgp_conf_af *af = &peer->conf->af[f];
	struct bgp_peer_fam *pf = &peer->fam[f];
	uint32_t n = pf->pfx_rcvd;
	uint64_t thr;

	thr = (uint64_t)af->max_prefix * (af->max_prefix_threshold != 0 ?
	    af->max_prefix_threshold : 75) / 100;
	if (n < thr) {
		pf->pfx_warned = pf->pfx_over = false;
		return 0;
	}
	if (n > af->max_prefix && !af->max_prefix_warning_only) {
		bgp_peer_max_prefix(peer, f);
		return -1;
	}
	if (n > af->max_prefix && !pf->pfx_over) {
		pf->pfx_over = true;
		bgp_log_peer(peer, LOG_LVL_WARNING, "%s: %u prefixes exceed "
		    "maximum-prefix %u (warning-only)", bgp_fam_json_key(f),
		    n, af->max_prefix);
	} else if (!pf->pfx_warned) {
		pf->pfx_warned = true;
		bgp_log_peer(peer, LOG_LVL_WARNING, "%s: %u prefixes reach %u%% "
		    "of maximum-prefix %u", bgp_fam_json_key(f), n,
		    af->max_prefix_threshold != 0 ? af->max_prefix_threshold :
		    75, af->max_prefix);
	}
	return 0;
}

static int
routes_apply(struct bgp_peer *peer, enum bgp_fam f,
    const struct bgp_routes *r, struct bgp_path_attrs *in)
{
	struct bgp *bgp = peer->bgp;
	bool max = peer->conf->af[f].max_prefix > 0;

	for (size_t i = 0; i < r->n; i++) {
		if (in == NULL)
			path_del(bgp, f, peer, bgp_routes_at(r, i));
		else
			path_set(bgp, f, peer, bgp_routes_at(r, i), in);
		if (max && in != NULL && max_prefix_check(peer, f) == -1)
			return -1;
	}
	if (max && in == NULL && r->n > 0)
		(void)max_prefix_check(peer, f);	/* re-arms warnings */
	return 0;
}

/*
 * RFC 4271 section 6.3 (and 5.1.3), RFC 4760 section 3: a next hop that
 * is unspecified, loopback, multicast or reserved (IPv4 0/8, 127/8,
 * 224/4, 240/4; IPv6 ::, ::1, ff00::/8), or our own address on the
 * session, is semantically incorrect: the routes are not usable.
 */
static bool
nh_martian(const struct bgp_peer *peer, const struct ip_addr *nh)
{
	static const uint8_t v6_lo[16] = { [15] = 1 }, zero[16];

	if (nh->af == IP_AF_NONE)
		return false;
	if (ip_eq(nh, &peer->local) || ip_eq(nh, &peer->local_v6))
		return true;
	switch (nh->af) {
	case IP_AF_V4:
		return nh->a[0] == 0 || nh->a[0] == 127 || nh->a[0] >= 224;
	case IP_AF_V6:
		return memcmp(nh->a, zero, 16) == 0 ||
		    memcmp(nh->a, v6_lo, 16) == 0 || nh->a[0] == 0xff;
	default:
		return false;
	}
}

/*
 * The attribute set of one UPDATE for its IPv4 NLRI (mp false) or for
 * its MP_REACH routes (mp true): a set keeps one next hop, so an UPDATE
 * carrying both gives two sets.  NULL: looped (RFC 4456 section 8) or an
 * unusable next hop (treated as withdrawn, RFC 7606 section 7.3).
 */
static struct bgp_path_attrs *
attrs_get(struct bgp *bgp, const struct bgp_peer *peer,
    const struct bgp_attrs *a, bool mp, size_t n)
{
	const struct ip_addr *nh = mp ? &a->mp_reach.nh : &a->nexthop;
	struct bgp_path_attrs *in;
	struct bgp_attrs *d;
	char buf[IP_STRLEN];

	/* A loop first (silently): our own route reflected back carries
	 * our address as its next hop. */
	if (bgp_attrs_has(a, BGP_ATTR_ORIGINATOR_ID) &&
	    a->originator_id == bgp->router_id)
		return NULL;
	if (nh_martian(peer, nh)) {
		bgp_log_peer(peer, LOG_LVL_WARNING, "next hop %s is not "
		    "usable (RFC 4271 6.3): %zu routes treated as withdrawn",
		    ip_fmt(nh, buf), n);
		return NULL;
	}
	d = xmalloc(sizeof(*d));
	memcpy(d, a, sizeof(*d));
	bgp_attrs_clear(d, mp ? BGP_ATTR_NEXT_HOP : BGP_ATTR_MP_REACH_NLRI);
	in = attrs_normalise(bgp, peer, d);
	free(d);
	if (rr_looped(bgp, in)) {
		bgp_path_attrs_unref(bgp->intern, in);
		in = NULL;
	}
	return in;
}

/* Announce (or withdraw: WITHDRAW action, loops) reachable routes. */
static void
reach_apply(struct bgp *bgp, struct bgp_peer *peer,
    const struct bgp_update *u, enum bgp_action action)
{
	const struct bgp_attrs *a = &u->attrs;
	struct bgp_path_attrs *in = NULL;
	int f;

	if ((f = fam_of(peer, BGP_AFI_IPV4, BGP_SAFI_UNICAST, &u->nlri)) >=
	    0 && u->nlri.n > 0) {
		if (action != BGP_ACT_WITHDRAW)
			in = attrs_get(bgp, peer, a, false, u->nlri.n);
		f = routes_apply(peer, (enum bgp_fam)f, &u->nlri, in);
		if (in != NULL)
			bgp_path_attrs_unref(bgp->intern, in);
		in = NULL;
		if (f == -1)
			return;		/* peer may be gone */
	}
	if (!bgp_attrs_has(a, BGP_ATTR_MP_REACH_NLRI) ||
	    a->mp_reach.routes.n == 0 ||
	    (f = fam_of(peer, a->mp_reach.afi, a->mp_reach.safi,
	    &a->mp_reach.routes)) < 0)
		return;
	if (action != BGP_ACT_WITHDRAW)
		in = attrs_get(bgp, peer, a, true,
		    a->mp_reach.routes.n);
	(void)routes_apply(peer, (enum bgp_fam)f, &a->mp_reach.routes, in);
	if (in != NULL)
		bgp_path_attrs_unref(bgp->intern, in);
}

void
bgp_rib_update(struct bgp_peer *peer, const struct bgp_update *u,
    enum bgp_action action)
{
	const struct bgp_attrs *a = &u->attrs;
	struct bgp *bgp = peer->bgp;
	int f;

	/* After routes_apply() returned -1 (max-prefix) the session layer
	 * may have reset or freed the peer: touch nothing of it. */
	if ((f = fam_of(peer, BGP_AFI_IPV4, BGP_SAFI_UNICAST,
	    &u->withdrawn)) >= 0 &&
	    routes_apply(peer, (enum bgp_fam)f, &u->withdrawn, NULL) == -1)
		return;
	if (bgp_attrs_has(a, BGP_ATTR_MP_UNREACH_NLRI) &&
	    (f = fam_of(peer, a->mp_unreach.afi, a->mp_unreach.safi,
	    &a->mp_unreach.routes)) >= 0 &&
	    routes_apply(peer, (enum bgp_fam)f, &a->mp_unreach.routes,
	    NULL) == -1)
		return;
	reach_apply(bgp, peer, u, action);
}

/* ---- peers ---- */

void
bgp_rib_peer_up(struct bgp_peer *peer)
{
	for (int f = 0; f < BGP_FAM_COUNT; f++)
		if (peer->fam[f].active && peer->bgp->rib[f].ops != NULL)
			bgp_adjout_join(peer, (enum bgp_fam)f);
}

/* Every path of peer in f (NULL: local paths) removed. */
static void
rib_flush_peer(struct bgp *bgp, enum bgp_fam f, struct bgp_peer *peer)
{
	struct bgp_rib *rib = &bgp->rib[f];
	struct bgp_dest *d, *next;

	/* TODO(#4): a runner slice instead of one synchronous walk. */
	for (d = TAILQ_FIRST(&rib->order); d != NULL; d = next) {
		struct bgp_path **pp;
		bool hit = false;

		next = TAILQ_NEXT(d, entry);
		for (pp = &d->paths; *pp != NULL;) {
			if ((*pp)->peer == peer) {
				path_unlink(bgp, f, d, pp);
				hit = true;
			} else
				pp = &(*pp)->next;
		}
		if (hit)
			dest_changed(bgp, rib, d);
	}
}

void
bgp_rib_peer_down(struct bgp_peer *peer)
{
	for (int f = 0; f < BGP_FAM_COUNT; f++) {
		struct bgp_peer_fam *pf = &peer->fam[f];

		if (peer->bgp->rib[f].ops == NULL)
			continue;
		if (pf->pfx_rcvd > 0)
			rib_flush_peer(peer->bgp, (enum bgp_fam)f, peer);
		bgp_adjout_leave(peer, (enum bgp_fam)f);
		pf->pfx_rcvd = pf->pfx_accepted = pf->pfx_sent = 0;
		pf->eor_rcvd = pf->eor_sent = false;
	}
}

void
bgp_rib_refresh(struct bgp_peer *peer, enum bgp_fam f)
{
	if (peer->fam[f].active && peer->fam[f].upg != NULL)
		bgp_adjout_resend(peer, f);
}

void
bgp_rib_soft_out(struct bgp_peer *peer)
{
	for (int f = 0; f < BGP_FAM_COUNT; f++)
		bgp_rib_refresh(peer, (enum bgp_fam)f);
}

void
bgp_rib_drained(struct bgp_peer *peer)
{
	bgp_adjout_drained(peer);
}

/* Re-run import for one path from its stored NLRI. */
static void
path_reimport(struct bgp *bgp, enum bgp_fam f, struct bgp_dest *d,
    struct bgp_path *p)
{
	const struct bgp_afi_ops *ops = bgp->rib[f].ops;
	uint8_t route[512];
	struct wire_rd rd;
	const char *why;

	if (ops->route_size > sizeof(route))
		fatalx("%s: route size", __func__);
	memset(route, 0, sizeof(route));
	if (p->nlri_len > 0)
		wire_rd_init(&rd, p->nlri, p->nlri_len);
	else
		wire_rd_init(&rd, d->key, d->key_len);
	if (ops->decode(&rd, false, route, &why) == -1)
		return;		/* cannot happen: we encoded it */
	path_attrs_set(bgp, p, import(bgp, p->peer, f, p->attrs_in, route), f);
}

void
bgp_rib_soft_in(struct bgp_peer *peer)
{
	struct bgp *bgp = peer->bgp;

	for (int f = 0; f < BGP_FAM_COUNT; f++) {
		struct bgp_rib *rib = &bgp->rib[f];
		struct bgp_dest *d;

		if (rib->ops == NULL || !peer->fam[f].active)
			continue;
		/* TODO(#4): sliced. */
		TAILQ_FOREACH(d, &rib->order, entry) {
			struct bgp_path *p;
			bool hit = false;

			for (p = d->paths; p != NULL; p = p->next)
				if (p->peer == peer) {
					path_reimport(bgp, (enum bgp_fam)f,
					    d, p);
					hit = true;
				}
			if (hit && bgp_decide(bgp, rib, d))
				bgp_adjout_dirty(bgp, rib, d);
		}
	}
}

/* ---- local routes: `network` and redistributed ---- */

/* ORIGIN origin (IGP for `network`, INCOMPLETE for redistributed ones,
 * as FRR does), empty AS_PATH, next hop nh (NULL: 0.0.0.0 or ::; an
 * IPv4 one in IPv6 is IPv4-mapped) -- rewritten to the session's address
 * on export in every case (bgp_export.c: local paths), so it is only
 * what show prints. */
static struct bgp_path_attrs *
local_attrs(struct bgp *bgp, enum bgp_fam f, uint8_t origin,
    const struct ip_addr *nh)
{
	struct bgp_attrs d;

	memset(&d, 0, sizeof(d));
	bgp_attrs_set(&d, BGP_ATTR_ORIGIN);
	d.origin = origin;
	bgp_attrs_set(&d, BGP_ATTR_AS_PATH);
	d.as_path_size = 4;
	if (f == BGP_FAM_IPV4) {
		bgp_attrs_set(&d, BGP_ATTR_NEXT_HOP);
		d.nexthop.af = IP_AF_V4;
		if (nh != NULL && nh->af == IP_AF_V4)
			d.nexthop = *nh;
	} else {
		bgp_attrs_set(&d, BGP_ATTR_MP_REACH_NLRI);
		d.mp_reach.nh.af = IP_AF_V6;
		if (nh != NULL && nh->af == IP_AF_V6)
			d.mp_reach.nh = *nh;
		else if (nh != NULL && nh->af == IP_AF_V4) {
			d.mp_reach.nh.a[10] = d.mp_reach.nh.a[11] = 0xff;
			memcpy(d.mp_reach.nh.a + 12, nh->a, 4);
		}
	}
	return bgp_attrs_intern(bgp->intern, &d);
}

static bool
network_wanted(const struct bgp *bgp, enum bgp_fam f,
    const struct bgp_dest *d)
{
	const struct bgp_conf_unicast *u = &bgp->inst->unicast[f];

	for (size_t i = 0; i < u->nnetworks; i++) {
		struct bgp_prefix_route r = { 0, u->networks[i] };
		uint8_t key[BGP_ROUTE_KEY_MAX];
		size_t n = bgp->rib[f].ops->key(&r, key);

		if (n == d->key_len && memcmp(key, d->key, n) == 0)
			return true;
	}
	return false;
}

/* (Re)create the local paths of bgp->inst's `network` statements. */
static void
networks_sync(struct bgp *bgp)
{
	for (int f = BGP_FAM_IPV4; f <= BGP_FAM_IPV6; f++) {
		struct bgp_rib *rib = &bgp->rib[f];
		const struct bgp_conf_unicast *u;
		struct bgp_dest *d, *next;
		struct bgp_path_attrs *a;

		if (rib->ops == NULL)
			continue;
		for (d = TAILQ_FIRST(&rib->order); d != NULL; d = next) {
			struct bgp_path **pp = path_find(d, NULL,
			    BGP_LOCAL_NETWORK);

			next = TAILQ_NEXT(d, entry);
			if (*pp != NULL && (bgp->inst == NULL ||
			    !network_wanted(bgp, (enum bgp_fam)f, d))) {
				path_unlink(bgp, (enum bgp_fam)f, d, pp);
				dest_changed(bgp, rib, d);
			}
		}
		if (bgp->inst == NULL)
			continue;
		u = &bgp->inst->unicast[f];
		a = local_attrs(bgp, (enum bgp_fam)f, BGP_ORIGIN_IGP,
		    NULL);
		for (size_t i = 0; i < u->nnetworks; i++) {
			struct bgp_prefix_route r = { BGP_LOCAL_NETWORK,
			    u->networks[i] };

			path_set(bgp, (enum bgp_fam)f, NULL, &r, a);
		}
		bgp_path_attrs_unref(bgp->intern, a);
	}
}

void
bgp_rib_local_route(struct bgp *bgp, enum bgp_fam f, const void *route,
    struct bgp_path_attrs *a)
{
	struct bgp_rib *rib = &bgp->rib[f];
	struct route_bytes rb;
	struct bgp_dest *d;
	struct bgp_path *p;

	if (rib->ops == NULL)
		return;
	if (a == NULL) {
		path_del(bgp, f, NULL, route);
		return;
	}
	if (route_bytes(rib->ops, route, &rb) == -1)
		return;
	d = dest_find(bgp, rib, rb.key, rb.key_len);
	p = d != NULL ? *path_find(d, NULL, rb.path_id) : NULL;
	if (p != NULL && p->attrs_in == a) {
		const uint8_t *n;
		size_t len;

		n = p->nlri_len > 0 ? p->nlri : d->key;
		len = p->nlri_len > 0 ? p->nlri_len : d->key_len;
		if (len == wire_rd_left(&rb.nlri) &&
		    memcmp(n, wire_rd_data(&rb.nlri), len) == 0)
			return;
	}
	path_set(bgp, f, NULL, route, a);
}

void
bgp_rib_local_set_nh(struct bgp *bgp, enum bgp_fam f, uint32_t id,
    const struct ip_prefix *pfx, bool on, uint8_t origin,
    const struct ip_addr *nh)
{
	struct bgp_prefix_route r = { id, *pfx };
	struct bgp_path_attrs *a;

	if (bgp->rib[f].ops == NULL)
		return;
	if (!on) {
		bgp_rib_local_route(bgp, f, &r, NULL);
		return;
	}
	a = local_attrs(bgp, f, origin, nh);
	bgp_rib_local_route(bgp, f, &r, a);
	bgp_path_attrs_unref(bgp->intern, a);
}

void
bgp_rib_local_set(struct bgp *bgp, enum bgp_fam f, uint32_t id,
    const struct ip_prefix *pfx, bool on, uint8_t origin)
{
	bgp_rib_local_set_nh(bgp, f, id, pfx, on, origin, NULL);
}

/* ---- life cycle ---- */

void
bgp_rib_init(struct bgp *bgp)
{
	bgp->adjout = bgp_adjout_new(bgp);
	for (int f = 0; f < BGP_FAM_COUNT; f++) {
		struct bgp_rib *rib = &bgp->rib[f];
		uint16_t afi;
		uint8_t safi;

		memset(rib, 0, sizeof(*rib));
		rib->fam = (enum bgp_fam)f;
		bgp_fam_afi_safi((enum bgp_fam)f, &afi, &safi);
		rib->ops = bgp_codec_find(bgp->codec, afi, safi);
		rib->nbuckets = RIB_BUCKETS_MIN;
		rib->buckets = xcalloc(rib->nbuckets, sizeof(*rib->buckets));
		TAILQ_INIT(&rib->order);
	}
	bgp->redist = bgp_redist_new(&bgp->adjout->key);
	networks_sync(bgp);
	bgp_aggregate_reconfigure(bgp);
}

void
bgp_rib_reconfigure(struct bgp *bgp)
{
	struct bgp_peer *peer;

	TAILQ_FOREACH(peer, &bgp->peers, entry)
		if (peer->state == BGP_ST_ESTABLISHED)
			bgp_rib_soft_in(peer);
	networks_sync(bgp);
	bgp_redist_reconfigure(bgp);
	bgp_aggregate_reconfigure(bgp);
	TAILQ_FOREACH(peer, &bgp->peers, entry)
		for (int f = 0; f < BGP_FAM_COUNT; f++)
			bgp_adjout_regroup(peer, (enum bgp_fam)f);
	/* Export results may change for every group (route-map, RFC 8212
	 * setting): re-export everything at the next flush. */
	bgp_adjout_dirty_all(bgp);
}

void
bgp_rib_free(struct bgp *bgp)
{
	bgp_aggregate_free(bgp);
	for (int f = 0; f < BGP_FAM_COUNT; f++) {
		struct bgp_rib *rib = &bgp->rib[f];
		struct bgp_dest *d;

		while ((d = TAILQ_FIRST(&rib->order)) != NULL) {
			struct bgp_path *p;

			TAILQ_REMOVE(&rib->order, d, entry);
			while ((p = d->paths) != NULL) {
				d->paths = p->next;
				bgp_path_free(bgp, p);
			}
			bgp_path_free(bgp, d->gone);
			for (size_t i = 0; d->out != NULL && i < rib->nslots;
			    i++)
				if (d->out[i] != NULL)
					bgp_path_attrs_unref(bgp->intern,
					    d->out[i]);
			free(d->out);
			free(d);
		}
		free(rib->buckets);
		rib->buckets = NULL;
		rib->count = 0;
	}
	bgp_redist_free(bgp);
	bgp_adjout_free(bgp);
}

/*
 * bgp_intern.c -- hash-consing of path attributes (see bgp_intern.h).
 *
 * Two chained hash tables (blobs, sets) with power-of-two bucket arrays
 * that double when the count passes the bucket count.  Hashes are keyed
 * SipHash-2-4, so a peer cannot choose attributes that collide.
 * Invariants: an object is in its table iff interned is true; refcnt > 0
 * while interned (refcnt 0 is never used as a state).
 */
#include "bgp_intern.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "siphash.h"

struct table {
	void		**buckets;	/* struct bgp_blob * or set * */
	size_t		  nbuckets;	/* power of two */
	size_t		  count;
};

struct bgp_intern {
	struct siphash_key	 key;
	struct table		 blobs;
	struct table		 sets;
	size_t			 blob_refs, set_refs, blob_bytes;
};

#define TABLE_MIN	1024

static void
table_init(struct table *t)
{
	t->nbuckets = TABLE_MIN;
	t->buckets = xcalloc(t->nbuckets, sizeof(void *));
	t->count = 0;
}

struct bgp_intern *
bgp_intern_new(void)
{
	struct bgp_intern *in = xcalloc(1, sizeof(*in));

	siphash_key_random(&in->key);
	table_init(&in->blobs);
	table_init(&in->sets);
	return in;
}

/* ---- blobs ---- */

static void
blob_grow(struct table *t)
{
	size_t n = t->nbuckets * 2;
	void **nb = xcalloc(n, sizeof(void *));

	for (size_t i = 0; i < t->nbuckets; i++) {
		struct bgp_blob *b = t->buckets[i], *next;

		for (; b != NULL; b = next) {
			next = b->next;
			b->next = nb[b->hash & (n - 1)];
			nb[b->hash & (n - 1)] = b;
		}
	}
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = n;
}

static const struct bgp_blob *
blob_intern(struct bgp_intern *in, const struct wire_rd *v)
{
	size_t len = wire_rd_left(v);
	uint64_t h = siphash24(&in->key, wire_rd_data(v), len);
	struct bgp_blob **slot, *b;

	slot = (struct bgp_blob **)&in->blobs.buckets[h &
	    (in->blobs.nbuckets - 1)];
	for (b = *slot; b != NULL; b = b->next)
		if (b->hash == h && b->len == len &&
		    memcmp(b->data, wire_rd_data(v), len) == 0) {
			b->refcnt++;
			in->blob_refs++;
			return b;
		}
	b = xmalloc(sizeof(*b) + len);
	b->hash = h;
	b->len = (uint32_t)len;
	b->refcnt = 1;
	b->interned = true;
	if (wire_rd_copy(v, b->data, len) == -1)
		fatalx("%s: copy", __func__);
	b->next = *slot;
	*slot = b;
	in->blob_refs++;
	in->blob_bytes += len;
	if (++in->blobs.count > in->blobs.nbuckets)
		blob_grow(&in->blobs);
	return b;
}

static void
blob_unref(struct bgp_intern *in, const struct bgp_blob *cb)
{
	struct bgp_blob **pp, *b;

	if (cb == NULL)
		return;
	pp = (struct bgp_blob **)&in->blobs.buckets[cb->hash &
	    (in->blobs.nbuckets - 1)];
	for (; (b = *pp) != NULL; pp = &b->next)
		if (b == cb)
			break;
	if (b == NULL || !b->interned || b->refcnt == 0)
		fatalx("%s: blob not interned", __func__);
	in->blob_refs--;
	if (--b->refcnt > 0)
		return;
	*pp = b->next;
	b->interned = false;
	in->blobs.count--;
	in->blob_bytes -= b->len;
	free(b);
}

/* ---- sets ---- */

/*
 * The leaf of a present, non-empty attribute; NULL when absent or empty
 * (the key's 'seen' bit tells the two apart, and IBGP's empty AS_PATH is
 * then free).
 */
static const struct bgp_blob *
leaf(struct bgp_intern *in, const struct bgp_attrs *a, uint8_t type,
    const struct wire_rd *v)
{
	if (!bgp_attrs_has(a, type) || wire_rd_empty(v))
		return NULL;
	return blob_intern(in, v);
}

/* Unknown transitive attributes as one canonical byte string. */
static const struct bgp_blob *
unknown_leaf(struct bgp_intern *in, const struct bgp_attrs *a)
{
	uint8_t buf[BGP_EXTMSG_MAX];
	struct wire_wr wr;
	struct wire_rd v;

	if (a->nunknown == 0)
		return NULL;
	wire_wr_init(&wr, buf, sizeof(buf));
	for (size_t i = 0; i < a->nunknown; i++) {
		const struct bgp_attr_raw *u = &a->unknown[i];

		if (wire_wr_u8(&wr, u->flags) == -1 ||
		    wire_wr_u8(&wr, u->type) == -1 ||
		    wire_wr_u16(&wr, (uint16_t)wire_rd_left(&u->value)) == -1 ||
		    wire_wr_view_bytes(&wr, &u->value) == -1)
			break;	/* cannot happen: they came from one message */
	}
	wire_wr_view(&wr, &v);
	return blob_intern(in, &v);
}

/* Only the address bytes of the family: the rest stays zero. */
static void
ip_canon(struct ip_addr *dst, const struct ip_addr *src)
{
	dst->af = src->af;
	memcpy(dst->a, src->a, ip_af_len(src->af));
}

static void
key_scalars(struct bgp_attrs_key *k, const struct bgp_attrs *a)
{
	uint64_t seen;

	/* seen[] holds type t at bit t % 8 of byte t / 8: as a little-endian
	 * word, its first 8 bytes are the bitmap of types 0-63. */
	memcpy(&seen, a->seen, sizeof(seen));
	k->seen = le64toh(seen);
	/* MP_REACH/MP_UNREACH carry NLRI, not attributes of the routes. */
	k->seen &= ~(1ULL << BGP_ATTR_MP_REACH_NLRI |
	    1ULL << BGP_ATTR_MP_UNREACH_NLRI);
	k->origin = a->origin;
	k->as_path_size = a->as_path_size;
	k->aggregator_size = a->aggregator_size;
	k->pmsi_flags = a->pmsi.flags;
	k->pmsi_type = a->pmsi.tunnel_type;
	k->pmsi_label = a->pmsi.label;
	k->med = a->med;
	k->local_pref = a->local_pref;
	k->originator_id = a->originator_id;
	k->aggregator_as = a->aggregator_as;
	k->aggregator_id = a->aggregator_id;
	k->as4_aggregator_as = a->as4_aggregator_as;
	k->as4_aggregator_id = a->as4_aggregator_id;
	if (bgp_attrs_has(a, BGP_ATTR_MP_REACH_NLRI)) {
		ip_canon(&k->nexthop, &a->mp_reach.nh);
		ip_canon(&k->nexthop_ll, &a->mp_reach.nh_ll);
	} else if (bgp_attrs_has(a, BGP_ATTR_NEXT_HOP))
		ip_canon(&k->nexthop, &a->nexthop);
}

static void
key_build(struct bgp_intern *in, struct bgp_attrs_key *k,
    const struct bgp_attrs *a)
{
	memset(k, 0, sizeof(*k));
	key_scalars(k, a);
	k->as_path = leaf(in, a, BGP_ATTR_AS_PATH, &a->as_path);
	k->as4_path = leaf(in, a, BGP_ATTR_AS4_PATH, &a->as4_path);
	k->communities = leaf(in, a, BGP_ATTR_COMMUNITIES, &a->communities);
	k->ext_communities = leaf(in, a, BGP_ATTR_EXT_COMMUNITIES,
	    &a->ext_communities);
	k->large_communities = leaf(in, a, BGP_ATTR_LARGE_COMMUNITY,
	    &a->large_communities);
	k->cluster_list = leaf(in, a, BGP_ATTR_CLUSTER_LIST,
	    &a->cluster_list);
	k->pmsi_tunnel_id = leaf(in, a, BGP_ATTR_PMSI_TUNNEL,
	    &a->pmsi.tunnel_id);
	k->unknown = unknown_leaf(in, a);
}

static void
key_release(struct bgp_intern *in, const struct bgp_attrs_key *k)
{
	blob_unref(in, k->as_path);
	blob_unref(in, k->as4_path);
	blob_unref(in, k->communities);
	blob_unref(in, k->ext_communities);
	blob_unref(in, k->large_communities);
	blob_unref(in, k->cluster_list);
	blob_unref(in, k->pmsi_tunnel_id);
	blob_unref(in, k->unknown);
}

static void
set_grow(struct table *t)
{
	size_t n = t->nbuckets * 2;
	void **nb = xcalloc(n, sizeof(void *));

	for (size_t i = 0; i < t->nbuckets; i++) {
		struct bgp_path_attrs *s = t->buckets[i], *next;

		for (; s != NULL; s = next) {
			next = s->next;
			s->next = nb[s->hash & (n - 1)];
			nb[s->hash & (n - 1)] = s;
		}
	}
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = n;
}

struct bgp_path_attrs *
bgp_attrs_intern(struct bgp_intern *in, const struct bgp_attrs *draft)
{
	struct bgp_attrs_key k;
	struct bgp_path_attrs **slot, *s;
	uint64_t h;

	key_build(in, &k, draft);
	h = siphash24(&in->key, &k, sizeof(k));
	slot = (struct bgp_path_attrs **)&in->sets.buckets[h &
	    (in->sets.nbuckets - 1)];
	for (s = *slot; s != NULL; s = s->next)
		if (s->hash == h && memcmp(&s->k, &k, sizeof(k)) == 0) {
			key_release(in, &k);	/* s holds its own refs */
			s->refcnt++;
			in->set_refs++;
			return s;
		}
	s = xmalloc(sizeof(*s));
	s->hash = h;
	s->refcnt = 1;
	s->interned = true;
	memcpy(&s->k, &k, sizeof(k));	/* padding too: memcmp compares it */
	s->next = *slot;
	*slot = s;
	in->set_refs++;
	if (++in->sets.count > in->sets.nbuckets)
		set_grow(&in->sets);
	return s;
}

struct bgp_path_attrs *
bgp_path_attrs_ref(struct bgp_path_attrs *s)
{
	if (!s->interned || s->refcnt == 0)
		fatalx("%s: set not interned", __func__);
	s->refcnt++;
	return s;
}

void
bgp_path_attrs_unref(struct bgp_intern *in, struct bgp_path_attrs *s)
{
	struct bgp_path_attrs **pp, *p;

	if (!s->interned || s->refcnt == 0)
		fatalx("%s: set not interned", __func__);
	in->set_refs--;
	if (--s->refcnt > 0)
		return;
	pp = (struct bgp_path_attrs **)&in->sets.buckets[s->hash &
	    (in->sets.nbuckets - 1)];
	for (; (p = *pp) != NULL && p != s; pp = &p->next)
		;
	if (p == NULL)
		fatalx("%s: set not in table", __func__);
	*pp = s->next;
	s->interned = false;
	in->sets.count--;
	key_release(in, &s->k);
	free(s);
}

void
bgp_intern_stats(const struct bgp_intern *in, struct bgp_intern_stats *st)
{
	st->sets = in->sets.count;
	st->set_refs = in->set_refs;
	st->blobs = in->blobs.count;
	st->blob_refs = in->blob_refs;
	st->blob_bytes = in->blob_bytes;
}

size_t
bgp_intern_free(struct bgp_intern *in)
{
	size_t live = in->sets.count + in->blobs.count;

	/* Live objects are the callers' leak; free them so tools stay quiet
	 * about the tables and the count tells the story. */
	for (size_t i = 0; i < in->sets.nbuckets; i++) {
		struct bgp_path_attrs *s = in->sets.buckets[i], *next;

		for (; s != NULL; s = next) {
			next = s->next;
			free(s);
		}
	}
	for (size_t i = 0; i < in->blobs.nbuckets; i++) {
		struct bgp_blob *b = in->blobs.buckets[i], *next;

		for (; b != NULL; b = next) {
			next = b->next;
			free(b);
		}
	}
	free(in->sets.buckets);
	free(in->blobs.buckets);
	free(in);
	return live;
}

/* ---- drafts: the inverse of interning ---- */

static void
leaf_view(struct wire_rd *v, const struct bgp_blob *b)
{
	if (b == NULL)
		wire_rd_init(v, NULL, 0);
	else
		wire_rd_init(v, b->data, b->len);
}

/* Re-split the canonical unknown blob (flags|type|len16|value ...). */
static void
unknown_split(struct bgp_attrs *a, const struct bgp_blob *b)
{
	struct wire_rd rd;

	leaf_view(&rd, b);
	while (!wire_rd_empty(&rd) && a->nunknown < BGP_ATTRS_UNKNOWN_MAX) {
		struct bgp_attr_raw *u = &a->unknown[a->nunknown];
		uint16_t len;

		if (wire_rd_u8(&rd, &u->flags) == -1 ||
		    wire_rd_u8(&rd, &u->type) == -1 ||
		    wire_rd_u16(&rd, &len) == -1 ||
		    wire_rd_sub(&rd, len, &u->value) == -1)
			fatalx("%s: corrupt unknown blob", __func__);
		a->flags[u->type] = u->flags;
		bgp_attrs_set(a, u->type);
		a->nunknown++;
	}
}

void
bgp_path_attrs_draft(const struct bgp_path_attrs *s, struct bgp_attrs *a)
{
	const struct bgp_attrs_key *k = &s->k;

	memset(a, 0, sizeof(*a));
	for (int t = 0; t < 64; t++)
		if ((k->seen >> t) & 1)
			bgp_attrs_set(a, (uint8_t)t);
	a->origin = k->origin;
	a->as_path_size = k->as_path_size;
	a->aggregator_size = k->aggregator_size;
	a->pmsi.flags = k->pmsi_flags;
	a->pmsi.tunnel_type = k->pmsi_type;
	a->pmsi.label = k->pmsi_label;
	a->med = k->med;
	a->local_pref = k->local_pref;
	a->originator_id = k->originator_id;
	a->aggregator_as = k->aggregator_as;
	a->aggregator_id = k->aggregator_id;
	a->as4_aggregator_as = k->as4_aggregator_as;
	a->as4_aggregator_id = k->as4_aggregator_id;
	leaf_view(&a->as_path, k->as_path);
	leaf_view(&a->as4_path, k->as4_path);
	leaf_view(&a->communities, k->communities);
	leaf_view(&a->ext_communities, k->ext_communities);
	leaf_view(&a->large_communities, k->large_communities);
	leaf_view(&a->cluster_list, k->cluster_list);
	leaf_view(&a->pmsi.tunnel_id, k->pmsi_tunnel_id);
	if (bgp_attrs_has(a, BGP_ATTR_NEXT_HOP))
		a->nexthop = k->nexthop;
	else if (k->nexthop.af != IP_AF_NONE) {
		/* An MP_REACH next hop: the caller fills AFI/SAFI and NLRI. */
		bgp_attrs_set(a, BGP_ATTR_MP_REACH_NLRI);
		a->mp_reach.nh = k->nexthop;
		a->mp_reach.nh_ll = k->nexthop_ll;
	}
	unknown_split(a, k->unknown);
}

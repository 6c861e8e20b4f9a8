/*
 * bgp_decide.c -- best path selection (RFC 4271 section 9.1.2.2, with
 * the tie-breaks of RFC 4456 section 9 and the usual ones after them).
 *
 * DOC: the order, first difference wins:
 *   1. a path whose attrs are NULL (denied by import, or our AS in its
 *      AS_PATH) is not eligible;
 *   2. highest LOCAL_PREF (absent: 100; EBGP-learned paths have none
 *      unless import policy set one);
 *   3. locally originated (peer NULL) over learned;
 *   4. shortest AS_PATH (AS_SET counts 1, confederation segments 0);
 *   5. lowest ORIGIN;
 *   6. lowest MED, only between paths from the same neighbouring AS
 *      (leftmost AS of the AS_PATH); absent MED is 0;
 *   7. EBGP-learned over IBGP-learned;
 *   8. lowest router id: ORIGINATOR_ID when present (RFC 4456 section 9),
 *      else the peer's BGP identifier;
 *   9. shortest CLUSTER_LIST (RFC 4456 section 9);
 *  10. lowest peer address.
 * TODO(#4): maximum-paths (multipath) is not implemented.
 */
#include "bgp_local.h"

#include <string.h>

#include "bgp_proto.h"
#include "bgp_rib_local.h"

uint16_t
bgp_aspath_count(const struct bgp_path_attrs *s)
{
	const struct bgp_blob *b = s->k.as_path;
	struct wire_rd it, asns;
	uint8_t type, count;
	unsigned n = 0;

	if (b == NULL)
		return 0;
	wire_rd_init(&it, b->data, b->len);
	while (bgp_aspath_next(&it, s->k.as_path_size == 2 ? 2 : 4, &type,
	    &count, &asns) == 1) {
		if (type == BGP_ASPATH_SEQUENCE)
			n += count;
		else if (type == BGP_ASPATH_SET)
			n += 1;
	}
	return n > 0xffff ? 0xffff : (uint16_t)n;
}

/* The leftmost AS of the first AS_SEQUENCE; 0: none (local). */
static uint32_t
neighbour_as(const struct bgp_path_attrs *s)
{
	const struct bgp_blob *b = s->k.as_path;
	struct wire_rd it, asns;
	uint8_t type, count;
	uint32_t v;

	if (b == NULL)
		return 0;
	wire_rd_init(&it, b->data, b->len);
	while (bgp_aspath_next(&it, 4, &type, &count, &asns) == 1) {
		if (type == BGP_ASPATH_CONFED_SEQUENCE ||
		    type == BGP_ASPATH_CONFED_SET)
			continue;
		if (type == BGP_ASPATH_SEQUENCE && wire_rd_u32(&asns, &v) == 0)
			return v;
		return 0;
	}
	return 0;
}

static uint32_t
local_pref(const struct bgp_path_attrs *s)
{
	if ((s->k.seen >> BGP_ATTR_LOCAL_PREF) & 1)
		return s->k.local_pref;
	return BGP_DEF_LOCAL_PREF;
}

static uint32_t
med(const struct bgp_path_attrs *s)
{
	return ((s->k.seen >> BGP_ATTR_MED) & 1) ? s->k.med : 0;
}

static uint32_t
router_id(const struct bgp *bgp, const struct bgp_path *p)
{
	if ((p->attrs->k.seen >> BGP_ATTR_ORIGINATOR_ID) & 1)
		return p->attrs->k.originator_id;
	return p->peer != NULL ? p->peer->remote_id : bgp->router_id;
}

static size_t
cluster_len(const struct bgp_path *p)
{
	const struct bgp_blob *b = p->attrs->k.cluster_list;

	return b != NULL ? b->len / 4 : 0;
}

#define CMP(a, b)	((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

/* Steps 6 to 10. */
static int
cmp_late(const struct bgp *bgp, const struct bgp_path *a,
    const struct bgp_path *b)
{
	bool ae = a->peer != NULL && a->peer->ebgp;
	bool be = b->peer != NULL && b->peer->ebgp;
	int c;

	/* RFC 4271 9.1.2.2 c): MED only within one neighbouring AS. */
	if (neighbour_as(a->attrs) == neighbour_as(b->attrs) &&
	    (c = CMP(med(a->attrs), med(b->attrs))) != 0)
		return c;
	/* d) EBGP over IBGP */
	if (ae != be)
		return ae ? -1 : 1;
	/* f) lowest BGP Identifier; RFC 4456 section 9: ORIGINATOR_ID. */
	if ((c = CMP(router_id(bgp, a), router_id(bgp, b))) != 0)
		return c;
	/* RFC 4456 section 9: shorter CLUSTER_LIST. */
	if ((c = CMP(cluster_len(a), cluster_len(b))) != 0)
		return c;
	/* g) lowest peer address */
	if (a->peer == NULL || b->peer == NULL)
		return a->peer == NULL ? -1 : b->peer == NULL ? 1 : 0;
	if ((c = CMP(a->peer->addr.af, b->peer->addr.af)) != 0)
		return c;
	if ((c = memcmp(a->peer->addr.a, b->peer->addr.a, 16)) != 0)
		return c;
	return CMP(a->path_id, b->path_id);
}

int
bgp_path_cmp(const struct bgp *bgp, const struct bgp_path *a,
    const struct bgp_path *b)
{
	int c;

	if (a->attrs == NULL || b->attrs == NULL)
		return a->attrs != NULL ? -1 : b->attrs != NULL ? 1 : 0;
	/* RFC 4271 9.1.1: degree of preference = LOCAL_PREF. */
	if ((c = CMP(local_pref(b->attrs), local_pref(a->attrs))) != 0)
		return c;
	if ((a->peer == NULL) != (b->peer == NULL))
		return a->peer == NULL ? -1 : 1;
	/* 9.1.2.2 a) */
	if ((c = CMP(a->aspath_len, b->aspath_len)) != 0)
		return c;
	/* b) */
	if ((c = CMP(a->attrs->k.origin, b->attrs->k.origin)) != 0)
		return c;
	return cmp_late(bgp, a, b);
}

bool
bgp_decide(struct bgp *bgp, struct bgp_rib *rib, struct bgp_dest *d)
{
	struct bgp_path *best = NULL, *p;
	bool changed;

	for (p = d->paths; p != NULL; p = p->next)
		if (p->attrs != NULL &&
		    (best == NULL || bgp_path_cmp(bgp, p, best) < 0))
			best = p;
	/* Same path object: its attrs cannot have changed (a replaced path
	 * is a new object), except by soft in: always report then. */
	changed = best != d->best || best != NULL;
	if (best != d->best)
		rib->version++;
	d->best = best;
	return changed;
}

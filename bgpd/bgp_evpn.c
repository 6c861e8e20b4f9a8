/*
 * bgp_evpn.c -- the seam between the route layer and evpn/ (bgp.h):
 * locally originated EVPN routes in, best-path changes of EVPN routes
 * out.
 *
 * DOC: bgpd stays family-agnostic: a local route arrives decoded in the
 * family's form (the registered ops encode it) with plain attributes
 * (next hop, extended communities, PMSI) that become an interned set
 * (ORIGIN IGP, empty AS_PATH, MP_REACH next hop = our VTEP address).
 * Outbound, at flush time, a dest whose best path from a peer changed
 * (another path, other attributes, or none) is reported once with its
 * NLRI bytes; dest->fib_hash remembers what was reported (a hash of the
 * interned attribute pointer and the NLRI, 0: nothing), so a re-export
 * for other reasons reports nothing.
 */
#include "bgp_local.h"

#include <string.h>

#include "bgp_proto.h"
#include "bgp_rib_local.h"


void
bgp_evpn_local_set(struct bgp *bgp, const void *route,
    const struct bgp_evpn_attrs *e)
{
	struct bgp_path_attrs *a;
	struct bgp_attrs d;
	size_t alen;

	if (e == NULL) {
		bgp_rib_local_route(bgp, BGP_FAM_EVPN, route, NULL);
		return;
	}
	memset(&d, 0, sizeof(d));
	bgp_attrs_set(&d, BGP_ATTR_ORIGIN);
	d.origin = BGP_ORIGIN_IGP;
	bgp_attrs_set(&d, BGP_ATTR_AS_PATH);
	d.as_path_size = 4;
	bgp_attrs_set(&d, BGP_ATTR_MP_REACH_NLRI);
	d.mp_reach.nh = e->nexthop;
	if (e->necomm > 0) {
		bgp_attrs_set(&d, BGP_ATTR_EXT_COMMUNITIES);
		wire_rd_init(&d.ext_communities, e->ecomm->b,
		    e->necomm * sizeof(*e->ecomm));
	}
	if (e->has_pmsi) {
		alen = e->pmsi_endpoint.af == IP_AF_V6 ? 16 : 4;
		bgp_attrs_set(&d, BGP_ATTR_PMSI_TUNNEL);
		d.pmsi.tunnel_type = e->pmsi_type;
		d.pmsi.label = e->pmsi_label;
		wire_rd_init(&d.pmsi.tunnel_id, e->pmsi_endpoint.a, alen);
	}
	a = bgp_attrs_intern(bgp->intern, &d);
	bgp_rib_local_route(bgp, BGP_FAM_EVPN, route, a);
	bgp_path_attrs_unref(bgp->intern, a);
}

/* The attributes of p as evpn/ reads them (views into d). */
static void
evpn_attrs(const struct bgp_path *p, struct bgp_attrs *d,
    struct bgp_evpn_attrs *e)
{
	size_t idlen;

	memset(e, 0, sizeof(*e));
	bgp_path_attrs_draft(p->attrs, d);
	e->nexthop = d->mp_reach.nh;
	if (bgp_attrs_has(d, BGP_ATTR_EXT_COMMUNITIES)) {
		e->ecomm = (const struct ext_comm *)(const void *)
		    wire_rd_data(&d->ext_communities);
		e->necomm = wire_rd_left(&d->ext_communities) / 8;
	}
	if (bgp_attrs_has(d, BGP_ATTR_PMSI_TUNNEL)) {
		e->has_pmsi = true;
		e->pmsi_type = d->pmsi.tunnel_type;
		e->pmsi_label = d->pmsi.label;
		idlen = wire_rd_left(&d->pmsi.tunnel_id);
		if (idlen == 4 || idlen == 16) {
			e->pmsi_endpoint.af = idlen == 4 ? IP_AF_V4 : IP_AF_V6;
			memcpy(e->pmsi_endpoint.a,
			    wire_rd_data(&d->pmsi.tunnel_id), idlen);
		}
	}
	e->originator = bgp_attrs_has(d, BGP_ATTR_ORIGINATOR_ID) ?
	    d->originator_id : p->peer->remote_id;
}

/* What to report for d: its best path from a peer, or NULL. */
static const struct bgp_path *
reportable(const struct bgp *bgp, const struct bgp_dest *d)
{
	const struct bgp_path *p = d->best;

	if (p == NULL || p->peer == NULL || p->attrs == NULL ||
	    bgp->conf->no_rib)
		return NULL;
	return p;
}

static void
report(struct bgp *bgp, struct bgp_dest *d, bool force)
{
	const struct bgp_path *p = reportable(bgp, d);
	struct bgp_evpn_attrs e;
	struct bgp_attrs draft;
	const uint8_t *nlri;
	size_t len;
	uint64_t h = 0;

	bgp_dest_nlri(d, &nlri, &len);
	if (p != NULL) {
		struct {
			const void	*attrs;
			uint64_t	 nlri;
		} k = { p->attrs, siphash24(&bgp->adjout->key, nlri, len) };

		h = siphash24(&bgp->adjout->key, &k, sizeof(k)) | 1;
	}
	if (h == d->fib_hash && !force)
		return;
	d->fib_hash = h;
	if (p != NULL)
		evpn_attrs(p, &draft, &e);
	bgp->evpn_change(bgp->evpn_arg, nlri, len, p != NULL ? &e : NULL);
}

void
bgp_decide_evpn(struct bgp *bgp, struct bgp_rib *rib, struct bgp_dest *d)
{
	if (bgp->evpn_change == NULL || rib->fam != BGP_FAM_EVPN)
		return;
	report(bgp, d, false);
}

void
bgp_evpn_replay(struct bgp *bgp)
{
	struct bgp_rib *rib = &bgp->rib[BGP_FAM_EVPN];
	struct bgp_dest *d;

	if (bgp->evpn_change == NULL || rib->ops == NULL)
		return;
	TAILQ_FOREACH(d, &rib->order, entry)
		if (reportable(bgp, d) != NULL)
			report(bgp, d, true);
}

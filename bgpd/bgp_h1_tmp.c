/*
 * bgp_h1_tmp.c -- TEMPORARY: replaced by h2/h3 at merge.
 *
 * Link-time stand-ins for the route layer (bgp_rib_*, bgp_obuf_*,
 * bgp_show_routes: h2) and for the configuration lookups (bgp_conf_*_find,
 * bgp_fam_*: h3), so the session layer builds and its tests run before
 * those branches are merged.  The lead deletes this file when merging.
 * bgp_obuf_* do real reference counting; bgp_rib_* do nothing; lookups are
 * linear over the snapshot's arrays; bgp_fam_* are real.
 */
#include "bgp_local.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

struct bgp_obuf *
bgp_obuf_new(size_t cap)
{
	struct bgp_obuf *ob = xmalloc(sizeof(*ob) + cap);

	ob->refcnt = 1;
	ob->len = 0;
	ob->cap = cap;
	return ob;
}

struct bgp_obuf *
bgp_obuf_ref(struct bgp_obuf *ob)
{
	ob->refcnt++;
	return ob;
}

void
bgp_obuf_unref(struct bgp_obuf *ob)
{
	if (ob != NULL && --ob->refcnt == 0)
		free(ob);
}

void
bgp_rib_init(struct bgp *bgp)
{
	(void)bgp;
}

void
bgp_rib_free(struct bgp *bgp)
{
	(void)bgp;
}

void
bgp_rib_peer_up(struct bgp_peer *peer)
{
	(void)peer;
}

void
bgp_rib_peer_down(struct bgp_peer *peer)
{
	(void)peer;
}

void
bgp_rib_update(struct bgp_peer *peer, const struct bgp_update *u,
    enum bgp_action act)
{
	(void)peer;
	(void)u;
	(void)act;
}

void
bgp_rib_refresh(struct bgp_peer *peer, enum bgp_fam fam)
{
	(void)peer;
	(void)fam;
}

void
bgp_rib_drained(struct bgp_peer *peer)
{
	(void)peer;
}

void
bgp_rib_reconfigure(struct bgp *bgp)
{
	(void)bgp;
}

void
bgp_rib_soft_in(struct bgp_peer *peer)
{
	(void)peer;
}

void
bgp_rib_soft_out(struct bgp_peer *peer)
{
	(void)peer;
}

int
bgp_show_routes(struct bgp *bgp, const struct bgp_show_req *req, FILE *out)
{
	(void)bgp;
	(void)req;
	(void)out;
	return 0;
}

const struct bgp_conf_inst *
bgp_conf_inst_find(const struct bgp_conf *conf, const char *vrf)
{
	size_t i;

	for (i = 0; conf != NULL && i < conf->ninst; i++)
		if (strcmp(conf->inst[i].vrf, vrf) == 0)
			return &conf->inst[i];
	return NULL;
}

const struct bgp_conf_peer *
bgp_conf_peer_find(const struct bgp_conf_inst *inst,
    const struct ip_addr *addr)
{
	size_t i;

	for (i = 0; inst != NULL && i < inst->npeers; i++)
		if (ip_eq(&inst->peers[i].addr, addr))
			return &inst->peers[i];
	return NULL;
}

const struct bgp_conf_peer *
bgp_conf_group_find(const struct bgp_conf_inst *inst, const char *name)
{
	size_t i;

	for (i = 0; inst != NULL && i < inst->ngroups; i++)
		if (strcmp(inst->groups[i].name, name) == 0)
			return &inst->groups[i];
	return NULL;
}

void
bgp_fam_afi_safi(enum bgp_fam fam, uint16_t *afi, uint8_t *safi)
{
	switch (fam) {
	case BGP_FAM_IPV4:
		*afi = BGP_AFI_IPV4;
		*safi = BGP_SAFI_UNICAST;
		return;
	case BGP_FAM_IPV6:
		*afi = BGP_AFI_IPV6;
		*safi = BGP_SAFI_UNICAST;
		return;
	case BGP_FAM_EVPN:
	case BGP_FAM_COUNT:
		break;
	}
	*afi = BGP_AFI_L2VPN;
	*safi = BGP_SAFI_EVPN;
}

int
bgp_fam_from_afi_safi(uint16_t afi, uint8_t safi)
{
	if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST)
		return BGP_FAM_IPV4;
	if (afi == BGP_AFI_IPV6 && safi == BGP_SAFI_UNICAST)
		return BGP_FAM_IPV6;
	if (afi == BGP_AFI_L2VPN && safi == BGP_SAFI_EVPN)
		return BGP_FAM_EVPN;
	return -1;
}

const char *
bgp_fam_json_key(enum bgp_fam fam)
{
	switch (fam) {
	case BGP_FAM_IPV4:
		return "ipv4Unicast";
	case BGP_FAM_IPV6:
		return "ipv6Unicast";
	case BGP_FAM_EVPN:
	case BGP_FAM_COUNT:
		break;
	}
	return "l2VpnEvpn";
}

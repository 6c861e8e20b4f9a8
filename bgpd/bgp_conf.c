/*
 * bgp_conf.c -- lookups in bgpd's configuration snapshot (bgp_conf.h) and
 * the family <-> AFI/SAFI mapping.
 *
 * DOC: the snapshot is built by conf/ (conf_bgp_new()); bgpd only reads
 * it, so this file never includes libyang or conf/ headers.  The lists
 * are short (tens of entries), so lookups are linear scans.
 */
#include <string.h>

#include "bgp_conf.h"
#include "bgp_proto.h"

const struct bgp_conf_inst *
bgp_conf_inst_find(const struct bgp_conf *c, const char *vrf)
{
	size_t i;

	if (c == NULL || vrf == NULL)
		return NULL;
	for (i = 0; i < c->ninst; i++)
		if (strcmp(c->inst[i].vrf, vrf) == 0)
			return &c->inst[i];
	return NULL;
}

uint32_t
bgp_conf_vrf_table(const struct bgp_conf *c, const char *vrf)
{
	size_t i;

	if (bgp_conf_inst_find(c, vrf) == NULL || strcmp(vrf, "default") == 0)
		return 0;
	for (i = 0; i < c->nvrfs; i++)
		if (strcmp(c->vrfs[i].name, vrf) == 0)
			return c->vrfs[i].table;
	return 0;
}

const struct bgp_conf_peer *
bgp_conf_peer_find(const struct bgp_conf_inst *in, const struct ip_addr *a)
{
	size_t i;

	if (in == NULL || a == NULL)
		return NULL;
	for (i = 0; i < in->npeers; i++)
		if (ip_eq(&in->peers[i].addr, a))
			return &in->peers[i];
	return NULL;
}

const struct bgp_conf_peer *
bgp_conf_group_find(const struct bgp_conf_inst *in, const char *name)
{
	size_t i;

	if (in == NULL || name == NULL)
		return NULL;
	for (i = 0; i < in->ngroups; i++)
		if (strcmp(in->groups[i].name, name) == 0)
			return &in->groups[i];
	return NULL;
}

const struct bgp_conf_plist *
bgp_conf_plist_find(const struct bgp_conf *c, const char *name, uint8_t af)
{
	size_t i;

	if (c == NULL || name == NULL)
		return NULL;
	for (i = 0; i < c->nplists; i++)
		if (c->plists[i].af == af &&
		    strcmp(c->plists[i].name, name) == 0)
			return &c->plists[i];
	return NULL;
}

const struct bgp_conf_rmap *
bgp_conf_rmap_find(const struct bgp_conf *c, const char *name)
{
	size_t i;

	if (c == NULL || name == NULL)
		return NULL;
	for (i = 0; i < c->nrmaps; i++)
		if (strcmp(c->rmaps[i].name, name) == 0)
			return &c->rmaps[i];
	return NULL;
}

const struct bgp_conf_vni *
bgp_conf_vni_find(const struct bgp_conf_inst *in, uint32_t vni)
{
	size_t i;

	for (i = 0; in != NULL && i < in->nvnis; i++)
		if (in->vnis[i].vni == vni)
			return &in->vnis[i];
	return NULL;
}

/* IANA AFI/SAFI (RFC 4760 section 3; RFC 7432 section 7 for EVPN). */
static const struct {
	uint16_t	 afi;
	uint8_t		 safi;
	const char	*json;
} fams[BGP_FAM_COUNT] = {
	[BGP_FAM_IPV4] = { BGP_AFI_IPV4, BGP_SAFI_UNICAST, "ipv4Unicast" },
	[BGP_FAM_IPV6] = { BGP_AFI_IPV6, BGP_SAFI_UNICAST, "ipv6Unicast" },
	[BGP_FAM_EVPN] = { BGP_AFI_L2VPN, BGP_SAFI_EVPN, "l2VpnEvpn" },
};

void
bgp_fam_afi_safi(enum bgp_fam f, uint16_t *afi, uint8_t *safi)
{
	if ((unsigned)f >= BGP_FAM_COUNT) {
		*afi = 0;
		*safi = 0;
		return;
	}
	*afi = fams[f].afi;
	*safi = fams[f].safi;
}

int
bgp_fam_from_afi_safi(uint16_t afi, uint8_t safi)
{
	int f;

	for (f = 0; f < BGP_FAM_COUNT; f++)
		if (fams[f].afi == afi && fams[f].safi == safi)
			return f;
	return -1;
}

const char *
bgp_fam_json_key(enum bgp_fam f)
{
	return (unsigned)f < BGP_FAM_COUNT ? fams[f].json : "unknown";
}

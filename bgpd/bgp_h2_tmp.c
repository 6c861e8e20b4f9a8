/*
 * bgp_h2_tmp.c -- TEMPORARY: replaced by h3 at merge.
 *
 * Stand-ins for bgp_conf.c (lookups, family helpers) and bgp_policy.c
 * (route-maps: permit without changes) so the route layer links and its
 * tests run before the configuration helper's branch is merged.
 */
#include "bgp_local.h"

#include <string.h>

#include "bgp_proto.h"

const struct bgp_conf_inst *
bgp_conf_inst_find(const struct bgp_conf *c, const char *vrf)
{
	for (size_t i = 0; i < c->ninst; i++)
		if (strcmp(c->inst[i].vrf, vrf) == 0)
			return &c->inst[i];
	return NULL;
}

const struct bgp_conf_peer *
bgp_conf_peer_find(const struct bgp_conf_inst *in, const struct ip_addr *a)
{
	for (size_t i = 0; i < in->npeers; i++)
		if (ip_eq(&in->peers[i].addr, a))
			return &in->peers[i];
	return NULL;
}

const struct bgp_conf_peer *
bgp_conf_group_find(const struct bgp_conf_inst *in, const char *name)
{
	for (size_t i = 0; i < in->ngroups; i++)
		if (strcmp(in->groups[i].name, name) == 0)
			return &in->groups[i];
	return NULL;
}

const struct bgp_conf_plist *
bgp_conf_plist_find(const struct bgp_conf *c, const char *name, uint8_t af)
{
	for (size_t i = 0; i < c->nplists; i++)
		if (c->plists[i].af == af &&
		    strcmp(c->plists[i].name, name) == 0)
			return &c->plists[i];
	return NULL;
}

const struct bgp_conf_rmap *
bgp_conf_rmap_find(const struct bgp_conf *c, const char *name)
{
	for (size_t i = 0; i < c->nrmaps; i++)
		if (strcmp(c->rmaps[i].name, name) == 0)
			return &c->rmaps[i];
	return NULL;
}

void
bgp_fam_afi_safi(enum bgp_fam f, uint16_t *afi, uint8_t *safi)
{
	static const uint16_t afis[] = { BGP_AFI_IPV4, BGP_AFI_IPV6,
	    BGP_AFI_L2VPN };
	static const uint8_t safis[] = { BGP_SAFI_UNICAST, BGP_SAFI_UNICAST,
	    BGP_SAFI_EVPN };

	*afi = afis[f];
	*safi = safis[f];
}

int
bgp_fam_from_afi_safi(uint16_t afi, uint8_t safi)
{
	for (int f = 0; f < BGP_FAM_COUNT; f++) {
		uint16_t a;
		uint8_t s;

		bgp_fam_afi_safi((enum bgp_fam)f, &a, &s);
		if (a == afi && s == safi)
			return f;
	}
	return -1;
}

const char *
bgp_fam_json_key(enum bgp_fam f)
{
	static const char *const keys[] = { "ipv4Unicast", "ipv6Unicast",
	    "l2VpnEvpn" };

	return keys[f];
}

bool
bgp_policy_apply(const struct bgp_conf *c, const char *rmap,
    const struct bgp_route_info *ri, struct bgp_attrs *draft,
    struct bgp_policy_scratch *scratch)
{
	(void)c;
	(void)rmap;
	(void)ri;
	(void)draft;
	(void)scratch;
	return true;
}

bool
bgp_plist_permits(const struct bgp_conf *c, const char *name,
    const struct ip_prefix *pfx)
{
	(void)c;
	(void)name;
	(void)pfx;
	return false;
}

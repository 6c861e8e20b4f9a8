/*
 * bgp_conf.h -- bgpd's configuration: a typed, immutable, libyang-free
 * snapshot of the `router bgp` instances, prefix-lists and route-maps.
 *
 * DOC: conf/ builds it from the validated YANG tree (conf_bgp_new() in
 * conf.h) and owns it; bgpd reads it and never changes it (STYLE.md
 * section 2: "conf hands each module an immutable config snapshot").  On a
 * change bgpd gets the old and the new snapshot (bgp_reconfigure() in
 * bgp.h) and compares them field by field.
 *
 * Peer-groups are resolved here: each neighbor's fields already hold
 * what its own lines and its peer-group's say (its own win), so bgpd
 * never walks the group.  The groups themselves are kept too, because
 * dynamic neighbors (`bgp listen range`) are created from them.
 *
 * Strings are NUL-terminated inside fixed arrays: the YANG types bound
 * them (names 1..63, passwords 1..80, interface names 1..15).
 */
#ifndef EVPND_INCLUDE_BGP_CONF_H
#define EVPND_INCLUDE_BGP_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "types.h"

#define BGP_CONF_NAME_MAX	64	/* names: 63 characters + NUL */
#define BGP_CONF_PASSWORD_MAX	81
#define BGP_CONF_DESC_MAX	81	/* description: 80 + NUL */
#define BGP_CONF_IFNAME_MAX	16

/* The families bgpd speaks, as array indexes. */
enum bgp_fam {
	BGP_FAM_IPV4 = 0,	/* AFI 1 / SAFI 1 */
	BGP_FAM_IPV6,		/* AFI 2 / SAFI 1 */
	BGP_FAM_EVPN,		/* AFI 25 / SAFI 70 */
	BGP_FAM_COUNT,
};

enum bgp_conf_remote_as {
	BGP_CONF_AS_NONE = 0,	/* a group without remote-as */
	BGP_CONF_AS_NUMBER,	/* remote_as holds it */
	BGP_CONF_AS_INTERNAL,	/* our own AS */
	BGP_CONF_AS_EXTERNAL,	/* any AS but ours */
};

/* One neighbor's (or group's) settings in one family. */
struct bgp_conf_af {
	bool		 activate;
	bool		 deactivate;		/* `no neighbor X activate`:
						 * off even where the family
						 * is on by default (IPv4) */
	bool		 rr_client;		/* route-reflector-client */
	bool		 next_hop_self;		/* unicast only */
	bool		 default_originate;	/* unicast only */
	uint32_t	 max_prefix;		/* 0: no limit */
	uint8_t		 max_prefix_threshold;	/* percent warned at; 0: 75 */
	bool		 max_prefix_warning_only;
	uint16_t	 max_prefix_restart;	/* minutes; 0: stay down */
	char		 rmap_in[BGP_CONF_NAME_MAX];	/* "": none */
	char		 rmap_out[BGP_CONF_NAME_MAX];
};

struct bgp_conf_peer {
	char		 name[BGP_CONF_NAME_MAX];	/* address text or
							 * group name */
	bool		 is_group;
	struct ip_addr	 addr;				/* neighbors */
	char		 group[BGP_CONF_NAME_MAX];	/* "": none */
	enum bgp_conf_remote_as remote_as_kind;
	uint32_t	 remote_as;
	struct ip_addr	 update_source;		/* af NONE: not an address */
	char		 update_source_if[BGP_CONF_IFNAME_MAX];	/* "": none */
	char		 password[BGP_CONF_PASSWORD_MAX];	/* "": none */
	char		 description[BGP_CONF_DESC_MAX];	/* "": none */
	uint8_t		 ttl_security_hops;	/* 0: no GTSM */
	uint8_t		 ebgp_multihop;		/* 0: not configured */
	uint16_t	 keepalive;		/* 0 and 0: the instance's */
	uint16_t	 hold;
	bool		 timers_set;
	uint16_t	 connect_retry;		/* 0: the default */
	bool		 shutdown;
	bool		 passive;
	struct bgp_conf_af af[BGP_FAM_COUNT];
};

struct bgp_conf_listen_range {
	struct ip_prefix pfx;
	char		 group[BGP_CONF_NAME_MAX];
};

/* aggregate-address PREFIX [summary-only] (bgpd/bgp_aggregate.c) */
struct bgp_conf_aggregate {
	struct ip_prefix pfx;
	bool		 summary_only;
};

struct bgp_conf_unicast {
	size_t		 nnetworks;
	struct ip_prefix *networks;		/* `network PREFIX` */
	size_t		 naggregates;
	struct bgp_conf_aggregate *aggregates;	/* configuration order */
	bool		 redistribute_connected;
	bool		 redistribute_static;
	bool		 redistribute_kernel;
	uint8_t		 maximum_paths;		/* 0: not configured */
	uint8_t		 maximum_paths_ibgp;
};

#define BGP_CONF_RT_MAX		16

/* address-family l2vpn evpn / vni N: what overrides the auto-derived
 * RD and route targets (RFC 8365 section 5.1.2) of one VNI. */
struct bgp_conf_vni {
	uint32_t	 vni;
	bool		 has_rd;
	struct evpn_rd	 rd;
	size_t		 nimport;		/* 0: auto (ASN:VNI) */
	struct ext_comm	 import[BGP_CONF_RT_MAX];
	size_t		 nexport;		/* 0: auto */
	struct ext_comm	 export[BGP_CONF_RT_MAX];
};

/* `vrf NAME` with `vni N` (the L3VNI) and `table N`. */
struct bgp_conf_vrf {
	char		 name[BGP_CONF_NAME_MAX];
	uint32_t	 vni;			/* 0: none */
	uint32_t	 table;			/* 0: not set */
};

struct bgp_conf_inst {
	char		 vrf[BGP_CONF_NAME_MAX];	/* "default" */
	uint32_t	 asn;
	uint32_t	 router_id;		/* host order; 0: not set */
	uint32_t	 cluster_id;		/* host order; 0: not set */
	bool		 no_default_ipv4;
	bool		 ebgp_requires_policy;	/* RFC 8212; default true */
	bool		 log_neighbor_changes;
	bool		 multipath_relax;
	uint16_t	 keepalive;		/* timers bgp; defaults 60/180 */
	uint16_t	 hold;
	size_t		 npeers;
	struct bgp_conf_peer *peers;		/* neighbors, resolved */
	size_t		 ngroups;
	struct bgp_conf_peer *groups;
	size_t		 nranges;
	struct bgp_conf_listen_range *ranges;
	uint16_t	 listen_limit;		/* 0: default (100) */
	struct bgp_conf_unicast unicast[2];	/* [BGP_FAM_IPV4], [_IPV6] */
	/* address-family l2vpn evpn: the EVPN issue reads these */
	bool		 advertise_all_vni;
	bool		 advertise_ipv4_unicast;
	bool		 advertise_ipv6_unicast;
	bool		 default_originate_ipv4;	/* VRF instance: type-5 */
	bool		 default_originate_ipv6;	/* 0/0 and ::/0 */
	size_t		 nvnis;
	struct bgp_conf_vni *vnis;		/* ascending vni */
	/* dup-addr-detection (FRR's defaults: on, 5 moves in 180 s, no
	 * freeze) */
	bool		 dad_off;		/* no dup-addr-detection */
	uint16_t	 dad_max_moves;
	uint16_t	 dad_time;		/* seconds */
	bool		 dad_freeze;
	uint16_t	 dad_freeze_time;	/* 0 with dad_freeze: permanent */
};

/* ---- policy ---- */

struct bgp_conf_plist_entry {
	uint32_t	 seq;
	bool		 permit;
	struct ip_prefix pfx;
	uint8_t		 ge;			/* 0: not given */
	uint8_t		 le;			/* 0: not given */
};

struct bgp_conf_plist {
	char		 name[BGP_CONF_NAME_MAX];
	uint8_t		 af;			/* IP_AF_V4 or IP_AF_V6 */
	size_t		 n;
	struct bgp_conf_plist_entry *e;		/* ascending seq */
};

/* match evpn route-type */
enum bgp_conf_evpn_type {
	BGP_CONF_EVPN_ANY = 0,
	BGP_CONF_EVPN_MACIP = 2,
	BGP_CONF_EVPN_MULTICAST = 3,
	BGP_CONF_EVPN_PREFIX = 5,
};

#define BGP_CONF_PREPEND_MAX	16
#define BGP_CONF_COMM_MAX	16

struct bgp_conf_rmap_entry {
	uint32_t	 seq;
	bool		 permit;
	/* match (all given must match) */
	char		 match_plist[BGP_CONF_NAME_MAX];	/* v4 */
	char		 match_plist6[BGP_CONF_NAME_MAX];	/* v6 */
	enum bgp_conf_evpn_type match_evpn_type;
	bool		 match_vni_set;
	uint32_t	 match_vni;
	/* set */
	bool		 set_local_pref;
	uint32_t	 local_pref;
	bool		 set_med;
	uint32_t	 med;
	size_t		 ncomm;		/* set community: replaces */
	uint32_t	 comm[BGP_CONF_COMM_MAX];
	bool		 comm_none;	/* set community none */
	bool		 comm_additive;
	size_t		 nprepend;	/* set as-path prepend */
	uint32_t	 prepend[BGP_CONF_PREPEND_MAX];
	size_t		 nrt;		/* set extcommunity rt: replaces RTs */
	struct ext_comm	 rt[BGP_CONF_RT_MAX];
	struct ip_addr	 nexthop;	/* af NONE: not set */
};

struct bgp_conf_rmap {
	char		 name[BGP_CONF_NAME_MAX];
	size_t		 n;
	struct bgp_conf_rmap_entry *e;		/* ascending seq */
};

struct bgp_conf {
	bool		 no_rib;		/* `bgp no-rib` */
	char		 hostname[64];		/* `hostname` (YANG: 1..63), or
						 * "": the system's */
	size_t		 ninst;
	struct bgp_conf_inst *inst;		/* "default" first when set */
	size_t		 nplists;
	struct bgp_conf_plist *plists;		/* v4 and v6 lists */
	size_t		 nrmaps;
	struct bgp_conf_rmap *rmaps;
	size_t		 nvrfs;
	struct bgp_conf_vrf *vrfs;
};

/* Lookups (linear; the lists are short).  NULL when absent. */
const struct bgp_conf_inst *bgp_conf_inst_find(const struct bgp_conf *,
		    const char *vrf);
const struct bgp_conf_peer *bgp_conf_peer_find(const struct bgp_conf_inst *,
		    const struct ip_addr *);
const struct bgp_conf_peer *bgp_conf_group_find(const struct bgp_conf_inst *,
		    const char *name);
const struct bgp_conf_plist *bgp_conf_plist_find(const struct bgp_conf *,
		    const char *name, uint8_t af);
const struct bgp_conf_rmap *bgp_conf_rmap_find(const struct bgp_conf *,
		    const char *name);
const struct bgp_conf_vni *bgp_conf_vni_find(const struct bgp_conf_inst *,
		    uint32_t vni);
/*
 * The kernel table a `router bgp ASN vrf NAME` instance installs into:
 * the `table` of `vrf NAME`; 0 when vrf is "default", has no `vrf`
 * block, no table, or no such instance is configured (bgpd then runs no
 * speaker for it).
 */
uint32_t	 bgp_conf_vrf_table(const struct bgp_conf *, const char *vrf);
/* AFI/SAFI of a family, and the family of an AFI/SAFI (-1: none). */
void		 bgp_fam_afi_safi(enum bgp_fam, uint16_t *afi, uint8_t *safi);
int		 bgp_fam_from_afi_safi(uint16_t afi, uint8_t safi);
/* "ipv4Unicast", "ipv6Unicast", "l2VpnEvpn" (FRR's JSON keys) */
const char	*bgp_fam_json_key(enum bgp_fam);

#endif /* EVPND_INCLUDE_BGP_CONF_H */

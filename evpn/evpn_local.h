/*
 * evpn_local.h -- private to evpn/: the context, the VNIs and their MAC,
 * IP and VTEP tables, and the seams between evpn_vni.c (links, VNIs,
 * RD/RT, type-3), evpn_mac.c (local learning, type-2, import into the
 * kernel) and evpn_show.c.
 *
 * DOC: ownership.  struct evpn owns the link table (a copy of what fib
 * last reported per ifindex), the VNIs and the import table.  An import
 * record (struct evpn_imp) is one remote route as bgpd's best path
 * currently has it, with the VNIs it was imported into; MAC, IP and VTEP
 * entries of a VNI point at the records that claim them (claims), never
 * own them.  Changing a route undoes its old record's claims and applies
 * the new one, so the kernel sees only the difference of the winners.
 */
#ifndef EVPND_EVPN_EVPN_LOCAL_H
#define EVPND_EVPN_EVPN_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <time.h>

#include "bgp_conf.h"
#include "evpn.h"
#include "evpn_nlri.h"
#include "htab.h"
#include "siphash.h"

#define EVPN_IMP_VNIS	4	/* VNIs (and VRFs) one route may be
				 * imported into */
#define EVPN_RD_INDEX_MAX 65535	/* auto RD router-id:index */
#define EVPN_VCACHE_ECOMM 16	/* extended communities imp_vnis() caches */

struct evpn_link {
	struct htab_ent		 te;		/* key: ifindex */
	struct fib_link		 l;
};

/* One remote route (bgpd's best path for its key). */
struct evpn_imp {
	struct htab_ent		 te;		/* key: the route key */
	uint8_t			 type;		/* 2, 3 or 5 */
	struct evpn_rd		 rd;
	struct mac_addr		 mac;		/* type 2 */
	struct ip_addr		 ip;		/* type 2: optional */
	struct ip_addr		 vtep;		/* next hop / PMSI endpoint */
	uint32_t		 seq;		/* MAC Mobility */
	bool			 sticky;
	uint8_t			 nvni;
	uint32_t		 vni[EVPN_IMP_VNIS];	/* L2 VNIs */
	/* symmetric IRB: the VRFs (by L3VNI) it routes into */
	struct ip_prefix	 pfx;		/* type 5; type 2: ip/32, /128 */
	bool			 has_rmac;
	struct mac_addr		 rmac;		/* Router's MAC community */
	uint8_t			 nl3;
	uint32_t		 l3vni[EVPN_IMP_VNIS];
};

/* Claims: the records that name one MAC, IP or prefix.  Usually one:
 * it lives in `one` (v == &one) until a second comes. */
struct evpn_claims {
	uint32_t		 n, cap;
	struct evpn_imp		**v;
	struct evpn_imp		*one;
};

struct evpn_ip;

/* Duplicate address detection state of a MAC or an IP (evpn_dad.c). */
struct evpn_dad {
	struct ip_addr		 loc;		/* last location: a VTEP */
	uint16_t		 moves;		/* in the window since ... */
	time_t			 moves_since;	/* monotonic */
	bool			 duplicate;
	bool			 frozen;	/* neither advertised nor
						 * installed anew */
	time_t			 frozen_until;	/* monotonic; 0: permanent */
};

struct evpn_mac {
	struct htab_ent		 te;		/* key: the MAC */
	struct mac_addr		 mac;
	/* local: on a bridge port */
	bool			 local;
	uint32_t		 port;
	bool			 is_static;
	uint32_t		 lseq;		/* our MAC Mobility sequence */
	uint32_t		 seen_seq;	/* the highest sequence seen for
						 * it, ours or a remote one; a
						 * MAC that moved is kept for it
						 * when nothing else names it */
	bool			 seen_valid;	/* seen_seq holds one */
	bool			 advertised;	/* our type-2 (MAC) is in bgpd */
	size_t			 nlips, caplips;
	struct evpn_ip		**lips;		/* local IPs bound to it */
	/* remote */
	struct evpn_claims	 claims;
	struct ip_addr		 installed;	/* FDB entry's VTEP; NONE */
	bool			 inst_sticky;
	struct evpn_dad		 dad;
};

struct evpn_ip {
	struct htab_ent		 te;		/* key: af, address */
	struct ip_addr		 ip;
	bool			 local;		/* in the SVI's neighbours */
	struct mac_addr		 lmac;
	bool			 advertised;	/* our type-2 (MAC/IP) */
	struct mac_addr		 adv_mac;	/* ... with this MAC */
	struct evpn_claims	 claims;
	bool			 installed;	/* neighbour entry on the SVI */
	struct mac_addr		 imac;
	struct evpn_dad		 dad;
};

struct evpn_vtep {
	struct htab_ent		 te;		/* key: af, address */
	struct ip_addr		 ip;
	size_t			 refs;		/* type-3 routes naming it */
	bool			 installed;	/* flood entry */
};

struct evpn;
struct evpn_vrf;

struct evpn_vni {
	struct htab_ent		 te;		/* key: vni (4 octets) */
	struct evpn		*e;
	uint32_t		 vni;
	uint32_t		 vxlan;		/* ifindex */
	uint32_t		 bridge;	/* the VXLAN device's master */
	struct ip_addr		 local;		/* VTEP address */
	bool			 up;
	bool			 active;	/* advertised and imported */
	uint16_t		 rd_index;	/* auto RD; 0: none held */
	struct evpn_rd		 rd;
	size_t			 nimport, nexport;
	struct ext_comm		 import[BGP_CONF_RT_MAX];
	struct ext_comm		 export[BGP_CONF_RT_MAX];
	bool			 imet;		/* our type-3 is in bgpd */
	bool			 quiet;		/* leave the kernel alone */
	struct evpn_vrf		*vrf;		/* its tenant VRF (symmetric
						 * IRB), as the routes were
						 * advertised; NULL: none */
	struct htab		 macs, ips, vteps;
	uint64_t		 sticky_conflicts;	/* refused moves of
							 * sticky MACs */
};

/* A remote VTEP as a VRF's next hop: its router MAC on the L3 SVI. */
struct evpn_rvtep {
	struct htab_ent		 te;		/* key: af, address */
	struct ip_addr		 ip;
	struct mac_addr		 rmac;
	size_t			 refs;		/* routes through it */
	size_t			 refs6;		/* ... of them IPv6 via an IPv4
						 * VTEP: a neighbour for
						 * ::ffff:VTEP too */
};

/* A prefix in a VRF's table: the routes that lead there. */
struct evpn_vroute {
	struct htab_ent		 te;		/* key: af, len, address */
	struct ip_prefix	 pfx;
	struct evpn_claims	 claims;
	size_t			 ninst;		/* next hops installed */
	struct ip_addr		 inst[FIB_NEXTHOPS_MAX];
	bool			 in_bgp;	/* given to the VRF's BGP
						 * instance (bgp_vrf_evpn_set) */
	struct ip_addr		 bgp_vtep;	/* ... via this VTEP */
};

/* A best path of a VRF instance learned from a router (bgpd's
 * rib_change for a VRF's table): exported as type-5, and it owns the
 * prefix in the kernel table (evpn's import of it stays out). */
struct evpn_bgproute {
	struct htab_ent		 te;		/* key: table, af, len, addr */
	uint32_t		 table;
	struct ip_prefix	 pfx;
};

/* One prefix of ours advertised as type-5. */
struct evpn_export {
	struct htab_ent		 te;		/* key: af, len, address */
	struct ip_prefix	 pfx;
	bool			 seen;		/* mark for the sync */
};

/*
 * A tenant VRF (`vrf NAME / vni N / table N`): the L3VNI's VXLAN device
 * and bridge (the L3 SVI, whose MAC is the router MAC), its table, RD and
 * route targets, remote VTEPs, routes and type-5 exports.
 */
struct evpn_vrf {
	TAILQ_ENTRY(evpn_vrf)	 entry;
	struct evpn		*e;
	char			 name[BGP_CONF_NAME_MAX];
	uint32_t		 l3vni;
	uint32_t		 table;
	uint32_t		 vxlan;		/* 0: no device yet */
	uint32_t		 bridge;
	struct mac_addr		 rmac;
	struct ip_addr		 local;
	bool			 up;
	bool			 active;
	bool			 quiet;
	bool			 adv[2];	/* advertise ipv4|ipv6 unicast */
	bool			 dflt[2];	/* default-originate ipv4|ipv6 */
	uint16_t		 rd_index;
	struct evpn_rd		 rd;
	struct ext_comm		 rt;		/* ASN:L3VNI, import and export */
	struct htab		 rvteps, routes, exports;
	bool			 keep;		/* mark for the config sync */
};

TAILQ_HEAD(evpn_vrf_list, evpn_vrf);

/* An `ip rule iif NAME lookup TABLE` (fib's rule reports). */
struct evpn_rule {
	TAILQ_ENTRY(evpn_rule)	 entry;
	char			 iif[16];
	uint32_t		 table;
};

TAILQ_HEAD(evpn_rule_list, evpn_rule);

/* An interface address (fib's address reports), for type-5 exports. */
struct evpn_addr {
	struct htab_ent		 te;		/* key: ifindex, af, len, addr */
	uint32_t		 ifindex;
	struct ip_prefix	 pfx;		/* the subnet */
};

struct event;

struct evpn {
	struct event_base	*base;
	struct log_ctx		*log;
	struct fib		*fib;
	struct bgp		*bgp;
	const struct bgp_conf	*conf;
	const struct bgp_conf_inst *inst;	/* default instance, or NULL */
	struct siphash_key	 hkey;
	struct htab		 links;
	struct htab		 vnis;
	struct htab		 imps;
	struct htab		 addrs;
	struct htab		 bgproutes;	/* struct evpn_bgproute */
	struct evpn_vrf_list	 vrfs;
	struct evpn_rule_list	 rules;
	bool			 stopping;	/* evpn_free: no re-syncs */
	size_t			 nfrozen_timed;	/* frozen MACs with an end */
	struct event		*dad_tick;	/* 1 s while there are any */
	struct event		*replay_ev;	/* evpn_replay_soon() */
	uint8_t			 rd_used[(EVPN_RD_INDEX_MAX + 1) / 8];
	/* The VNIs importing the last route's extended communities from
	 * its VTEP (an UPDATE's routes share them): valid while gen ==
	 * vni_gen, which moves whenever a VNI (de)activates. */
	uint64_t		 vni_gen;
	struct {
		uint64_t	 gen;
		struct ip_addr	 vtep;
		size_t		 necomm;
		struct ext_comm	 ecomm[EVPN_VCACHE_ECOMM];
		uint8_t		 nvni;
		uint32_t	 vni[EVPN_IMP_VNIS];
	}			 vcache;
};

/* evpn_vni.c */
uint16_t	 evpn_rd_index_get(struct evpn *);
void		 evpn_rd_index_put(struct evpn *, uint16_t *index);
/* Type 1 RD router-id:index. */
void		 evpn_rd_auto(const struct evpn *, uint16_t index,
		    struct evpn_rd *);
/* ASN:N (type 0, or type 2 with N's low 16 bits for a 4-octet ASN). */
void		 evpn_rt_auto(const struct evpn *, uint32_t n,
		    struct ext_comm *);
/* Import bgpd's EVPN table (again) at the next loop turn. */
void		 evpn_replay_soon(struct evpn *);
/* Re-evaluate every VNI's VRF binding and activation. */
void		 evpn_vnis_sync(struct evpn *);
struct evpn_link *evpn_link_get(const struct evpn *, uint32_t ifindex);
struct evpn_vni	*evpn_vni_find(const struct evpn *, uint32_t vni);
/* The active VNI whose VXLAN device's master is bridge (the SVI). */
struct evpn_vni	*evpn_vni_by_bridge(const struct evpn *, uint32_t bridge);
/* Our extended communities for a VNI's routes: export RTs, VXLAN
 * encapsulation; n written (at most cap). */
size_t		 evpn_vni_ecomm(const struct evpn_vni *, struct ext_comm *,
		    size_t cap);
/* Does one of the route's RTs match the VNI's import list? */
bool		 evpn_vni_imports(const struct evpn_vni *,
		    const struct ext_comm *, size_t n);

/* evpn_vrf.c: tenant VRFs, symmetric IRB (RFC 9135), type-5 (RFC 9136) */
void		 evpn_vrf_init(struct evpn *);
void		 evpn_vrf_fini(struct evpn *);
/* The configuration's `vrf` list and per-VRF `advertise` changed. */
void		 evpn_vrf_reconfigure(struct evpn *);
struct evpn_vrf	*evpn_vrf_by_l3vni(const struct evpn *, uint32_t l3vni);
/* The VRF an L2 VNI's SVI belongs to (ip rule iif SVI lookup TABLE),
 * active or not; NULL: none. */
struct evpn_vrf	*evpn_vrf_of(const struct evpn *, const struct evpn_vni *);
/* An L3VNI's VXLAN device came, changed or went. */
void		 evpn_vrf_link(struct evpn_vrf *, const struct fib_link *,
		    bool present);
/* A link changed: L3 SVIs follow, type-5 exports too. */
void		 evpn_vrf_link_changed(struct evpn *, uint32_t ifindex);
/* Extended communities added to a MAC/IP route of a VNI in vrf. */
size_t		 evpn_vrf_ecomm(const struct evpn_vrf *, struct ext_comm *,
		    size_t cap);
/* The active VRFs importing a type-2 (with IP and two labels) or
 * type-5 route. */
void		 evpn_vrf_imp_match(struct evpn *, struct evpn_imp *,
		    const struct bgp_evpn_attrs *);
void		 evpn_vrf_imp_apply(struct evpn_vrf *, struct evpn_imp *);
void		 evpn_vrf_imp_undo(struct evpn_vrf *, struct evpn_imp *);
/* Arbitration in a VRF's table: how many of an import's n next hops go
 * into the kernel when a router's route for the prefix is (or is not)
 * there (pure; docs/evpn.md "Edge gateway"). */
size_t		 evpn_vrf_kernel_nh(size_t n, bool router_route);

/* evpn_mobility.c: claims, and the MAC Mobility rules (pure) */
void		 evpn_claims_add(struct evpn_claims *, struct evpn_imp *);
void		 evpn_claims_del(struct evpn_claims *, const struct evpn_imp *);
void		 evpn_claims_free(struct evpn_claims *);
/* a after b in RFC 1982 serial number arithmetic (32 bits) */
bool		 evpn_seq_gt(uint32_t a, uint32_t b);
int		 evpn_ip_cmp(const struct ip_addr *, const struct ip_addr *);
/* < 0: claim a beats b (sticky, higher sequence, lower VTEP) */
int		 evpn_claim_cmp(const struct evpn_imp *a,
		    const struct evpn_imp *b);
const struct evpn_imp *evpn_claims_best(const struct evpn_claims *);
/* the highest sequence of the claims (0: none) */
uint32_t	 evpn_claims_max_seq(const struct evpn_claims *);
/* Does our local copy of m (at VTEP ours) beat its remote claims? */
bool		 evpn_local_wins(const struct evpn_mac *,
		    const struct ip_addr *ours);
/* Does our local binding of p to m (m local) beat p's remote claims? */
bool		 evpn_local_ip_wins(const struct evpn_ip *p,
		    const struct evpn_mac *m, const struct ip_addr *ours);
/* p was just bound locally to m: if remote routes claim p, m's sequence
 * goes past theirs; true when it changed. */
bool		 evpn_mob_ip_learned(struct evpn_mac *m,
		    const struct evpn_ip *p);
/* A remote route claims m: remember its sequence. */
void		 evpn_mob_claimed(struct evpn_mac *, const struct evpn_imp *);
/* m was just learned locally (m->local still false): the sequence to
 * advertise when it moved to us. */
void		 evpn_mob_learned(struct evpn_mac *, bool is_static);

/* evpn_dad.c: duplicate address detection */
/* A MAC's (mac) or an IP's (ip) winner is now at loc: count a move,
 * mark it duplicate and maybe freeze it. */
void		 evpn_dad_seen(struct evpn_vni *, struct evpn_dad *,
		    const struct ip_addr *loc, const struct mac_addr *mac,
		    const struct ip_addr *ip);
void		 evpn_dad_fini(struct evpn *);

/* evpn_mac.c */
#define EVPN_IP_KEY_MAX	17	/* af + 16 octets */
/* An address as a table key (af, then the address's octets): length. */
size_t		 evpn_ip_key(const struct ip_addr *, uint8_t *key);
/* Re-decide everything about m (advertisement, kernel), or p. */
void		 evpn_mac_resolve(struct evpn_vni *, struct evpn_mac *);
void		 evpn_ip_resolve(struct evpn_vni *, struct evpn_ip *);
void		 evpn_mac_init(struct evpn_vni *);
/* Free the tables (the VNI is inactive: no claims, nothing advertised). */
void		 evpn_mac_fini(struct evpn_vni *);
/* Advertise or withdraw every local MAC and MAC/IP as v->active says
 * (the VNI became active or inactive); the local tables stay. */
void		 evpn_mac_sync(struct evpn_vni *);
/* Apply or undo a record's claims in one VNI. */
void		 evpn_imp_apply(struct evpn_vni *, struct evpn_imp *);
void		 evpn_imp_undo(struct evpn_vni *, struct evpn_imp *);
/* Undo every record's claims in vni (it is going inactive; v->quiet:
 * leave the kernel entries, the device is gone or the daemon stops and
 * leaves them to its successor). */
void		 evpn_imp_drop_vni(struct evpn *, struct evpn_vni *);

#endif /* EVPND_EVPN_EVPN_LOCAL_H */

/*
 * evpn.h -- the EVPN VTEP (RFC 7432, RFC 8365): MAC-VRFs per VNI between
 * the kernel (fib.h) and the BGP speaker (bgp.h).
 *
 * DOC: evpn/ learns the host's layout from fib's link reports (a VXLAN
 * device with a VNI and a local address, enslaved to a bridge, is one
 * VNI; the bridge is its SVI when it has addresses), local MACs from the
 * bridge FDB and MAC/IP bindings from the SVI's neighbour table, and
 * originates type-3 (one per VNI, PMSI ingress replication) and type-2
 * routes (MAC, MAC/IP) into bgpd.  Remote EVPN routes come back from
 * bgpd's best-path changes and are imported by route target into the
 * VNIs: type-3 become flood entries, type-2 FDB entries on the VXLAN
 * device and neighbour entries on the SVI (ARP/ND suppression).  A MAC
 * several routes claim (another RD, a move) goes to the one with the
 * highest MAC Mobility sequence, then the lowest VTEP address (RFC 7432
 * section 15).  The daemon routes fib's and bgpd's callbacks here.
 */
#ifndef EVPND_INCLUDE_EVPN_H
#define EVPND_INCLUDE_EVPN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bgp.h"
#include "fib.h"
#include "types.h"

struct log_ctx;
struct evpn;

struct event_base;

struct evpn_env {
	struct event_base	*base;		/* timers (duplicate freeze) */
	struct log_ctx		*log;
	struct fib		*fib;		/* kernel intents */
	struct bgp		*bgp;		/* local routes */
};

/* conf is borrowed like bgpd's (bgp.h): alive until the next
 * evpn_reconfigure() returns or evpn_free(). */
struct evpn	*evpn_new(const struct evpn_env *, const struct bgp_conf *conf);
/* Withdraw our routes (bgpd is freed after), keep the kernel entries
 * (fib.h: a restart takes them over), free everything. */
void		 evpn_free(struct evpn *);
/* advertise-all-vni, per-VNI rd / route-targets, the router-id and AS:
 * re-derive and re-advertise what changed, re-import on RT changes. */
void		 evpn_reconfigure(struct evpn *, const struct bgp_conf *conf);

/* fib.h callbacks (fib_env.link, .fdb, .neigh with l2_arg = the evpn) */
void		 evpn_link(struct evpn *, const struct fib_link *, bool present);
void		 evpn_fdb(struct evpn *, const struct fib_fdb_event *,
		    bool add);
void		 evpn_neigh(struct evpn *, const struct fib_neigh_event *,
		    bool add);
/* fib_env.addr: interface addresses (a VRF's subnets, for type-5) */
void		 evpn_addr(struct evpn *, uint32_t ifindex,
		    const struct ip_prefix *, bool add);
/* fib_env.rule: `ip rule iif NAME lookup TABLE` (VRF membership) */
void		 evpn_rule(struct evpn *, const char *iif, uint32_t table,
		    bool add);
/* bgp.h's rib_change for a VRF instance's table: a best path learned
 * from a router (present) or none any more.  With `advertise ipv4|ipv6
 * unicast` in the instance's l2vpn evpn it is exported as a type-5
 * route; and while it exists, evpn keeps its own import of the prefix
 * (a type-5 or type-2 host route of the fabric) out of the kernel table,
 * where the router's route is.  The daemon calls this before it installs
 * bgpd's route (present) and after it removes it (!present). */
void		 evpn_vrf_bgp_route(struct evpn *, uint32_t table,
		    const struct ip_prefix *, bool present);
/* bgp.h's evpn_change */
void		 evpn_import(struct evpn *, const uint8_t *nlri, size_t len,
		    const struct bgp_evpn_attrs *a);

/* ---- show (DESIGN.md section 7) ---- */

enum evpn_show_what {
	EVPN_SHOW_VNI,		/* show evpn vni [VNI] */
	EVPN_SHOW_MAC,		/* show evpn mac vni (VNI|all) [mac MAC] */
	EVPN_SHOW_ARP,		/* show evpn arp-cache vni (VNI|all) */
};

struct evpn_show_req {
	enum evpn_show_what	 what;
	bool			 json;
	uint32_t		 vni;		/* 0: all */
	bool			 has_mac;
	struct mac_addr		 mac;
	bool			 duplicate;	/* MAC, ARP: duplicates only */
};

/* Text or one JSON document with FRR's key names.  An unknown VNI is
 * not an error (FRR: "% VNI 5 does not exist", or {}).  0. */
int		 evpn_show(struct evpn *, const struct evpn_show_req *,
		    FILE *out);

/* clear evpn dup-addr vni (VNI|all) [mac MAC | ip IP]: vni 0 all; mac
 * and ip NULL: every MAC and IP; unfreezes and forgets the moves
 * counted.  0 (counts on out). */
int		 evpn_dad_clear(struct evpn *, uint32_t vni,
		    const struct mac_addr *mac, const struct ip_addr *ip,
		    FILE *out);

#endif /* EVPND_INCLUDE_EVPN_H */

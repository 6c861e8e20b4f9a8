/*
 * fib.h -- the Linux kernel over netlink (libnl-3): what the daemon
 * wants installed (intents) and what it watches.
 *
 * DOC: fib/ is the only code that talks to the kernel (STYLE.md section
 * 2); it knows no BGP or EVPN types.  Callers record desired state with
 * the *_set / *_del intents; fib coalesces them by key (last write wins,
 * a set and a del cancel), sends them in batches (many requests per
 * sendmsg, each with its own sequence number and NLM_F_ACK) from one
 * flush event, matches ACKs asynchronously and never blocks (STYLE.md
 * section 7).  Routes it installs carry protocol RTPROT_BGP (186), so
 * `ip route` shows them as "proto bgp" and a restart can find its own.
 * A monitor socket watches interface addresses and routes for
 * redistribution; an overrun (ENOBUFS) schedules a dump and reconcile.
 *
 * Issue #4: unicast routes (IPv4/IPv6, multipath) in a table, and the
 * watch of connected/static/kernel routes for `redistribute`; routes
 * through an interface with onlink next hops (fib_route_set_dev, the L3VNI
 * of symmetric IRB, RFC 9135).
 * Issue #5: the L2 side (below "L2"): discovery of bridges, VXLAN devices
 * and their ports, local MAC and MAC/IP learning, and FDB, flood and
 * neighbour intents.
 */
#ifndef EVPND_INCLUDE_FIB_H
#define EVPND_INCLUDE_FIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "types.h"

struct event_base;
struct log_ctx;
struct fib;

#define FIB_TABLE_MAIN		254	/* RT_TABLE_MAIN */
#define FIB_NEXTHOPS_MAX	64	/* maximum-paths' range */
#define FIB_RTPROT_BGP		186	/* RTPROT_BGP in rtnetlink.h */

/* Where a redistributable route came from (`redistribute KIND`). */
enum fib_redist_kind {
	FIB_REDIST_CONNECTED,	/* an interface address's subnet */
	FIB_REDIST_STATIC,	/* proto static / boot in the main table */
	FIB_REDIST_KERNEL,	/* proto kernel routes that are not connected */
};

/*
 * Called when a redistributable prefix appears (add) or goes (!add), once
 * per (kind, prefix) however many addresses or routes make it.  At
 * start-up the existing ones are reported while the first dump is read.
 * Routes fib installed itself (proto 186) are never reported.
 */
typedef void	(*fib_redist_fn)(void *arg, enum fib_redist_kind,
		    const struct ip_prefix *, bool add);

/* ---- L2: what the watcher reports (issue #5) ---- */

enum fib_link_kind {
	FIB_LINK_OTHER,		/* a plain port (veth, tap, ...) */
	FIB_LINK_BRIDGE,	/* kind "bridge": an L2 domain; its own
				 * addresses make it the SVI */
	FIB_LINK_VXLAN,		/* kind "vxlan" */
	FIB_LINK_VRF,		/* kind "vrf" (l3mdev), where the kernel has it */
};

/*
 * One interface as the watcher last saw it.  Reported whole on every
 * change that matters (added, master, up/down, MAC, VXLAN attributes),
 * with present = false when it is gone.  At start-up every existing link
 * is reported while the first dump is read, before any FDB or neighbour
 * entry that refers to it.
 */
struct fib_link {
	uint32_t		 ifindex;
	char			 name[16];	/* IFNAMSIZ */
	enum fib_link_kind	 kind;
	uint32_t		 master;	/* bridge or VRF ifindex, 0 */
	bool			 up;		/* IFF_UP and operationally up */
	struct mac_addr		 mac;
	/* FIB_LINK_VXLAN only */
	uint32_t		 vni;		/* IFLA_VXLAN_ID */
	struct ip_addr		 local;		/* VTEP address; af 0: unset */
	uint16_t		 dstport;	/* host order; 0: kernel default */
	bool			 learning;	/* IFLA_VXLAN_LEARNING */
	bool			 neigh_suppress;/* bridge port flag */
	/* FIB_LINK_VRF only */
	uint32_t		 table;		/* IFLA_VRF_TABLE */
};

typedef void	(*fib_link_fn)(void *arg, const struct fib_link *,
		    bool present);

/* An interface address appeared or went (SVI addresses, VTEP address). */
typedef void	(*fib_addr_fn)(void *arg, uint32_t ifindex,
		    const struct ip_prefix *, bool add);

/*
 * A local MAC on a bridge port (AF_BRIDGE RTM_NEWNEIGH/RTM_DELNEIGH with
 * a bridge master): dynamic entries (learned) and static ones (`bridge fdb
 * add ... master static`: sticky).  Not reported: the ports' own
 * addresses (NUD_PERMANENT), entries on VXLAN devices, and entries fib
 * installed itself (extern_learn).  A MAC that moves to another port is
 * reported as an add with the new port.
 */
struct fib_fdb_event {
	uint32_t		 bridge;	/* the master bridge's ifindex */
	uint32_t		 port;		/* the bridge port's ifindex */
	struct mac_addr		 mac;
	uint16_t		 vlan;		/* 0: none */
	bool			 is_static;	/* NUD_NOARP: sticky */
};

typedef void	(*fib_fdb_fn)(void *arg, const struct fib_fdb_event *,
		    bool add);

/*
 * A MAC/IP binding in an interface's neighbour table (ARP / ND): add when
 * it becomes usable with a link-layer address (REACHABLE, STALE, DELAY,
 * PROBE, PERMANENT, NOARP) or changes MAC, del when it goes or turns
 * FAILED/INCOMPLETE.  Entries fib installed itself (extern_learn) are
 * not reported.
 */
struct fib_neigh_event {
	uint32_t		 ifindex;	/* the SVI */
	struct ip_addr		 ip;
	struct mac_addr		 mac;
	bool			 is_router;	/* NTF_ROUTER (IPv6) */
};

typedef void	(*fib_neigh_fn)(void *arg, const struct fib_neigh_event *,
		    bool add);

/*
 * ---- ip rule watch (L3VNI without VRF devices) ----
 * Where the kernel has no VRF device, a tenant VRF is a table bound to
 * its SVIs by `ip rule add iif SVI lookup TABLE` (DESIGN.md section 4).
 * Reported: rules whose only selector is an interface (iif) and whose
 * action is a table lookup (FR_ACT_TO_TBL), add when the first IPv4 or
 * IPv6 rule for (iifname, table) appears, del when the last goes: a
 * binding in both families (or at two priorities) is one report.  Not
 * reported: rules without iif (the default ones, l3mdev), with other
 * selectors (from, to, tos, fwmark, oif, ...) or negated ("not").  At
 * start-up the existing ones are reported after the links, before any
 * neighbour.  iifname is a name (the rule may precede its interface).
 */
typedef void	(*fib_rule_fn)(void *arg, const char *iifname,
		    uint32_t table, bool add);

struct fib_env {
	struct event_base	*base;		/* 3 priorities initialised */
	struct log_ctx		*log;
	fib_redist_fn		 redist;	/* NULL: report nothing */
	void			*redist_arg;
	/* L2 (issue #5); each NULL: not reported, not watched */
	fib_link_fn		 link;
	fib_addr_fn		 addr;
	fib_fdb_fn		 fdb;
	fib_neigh_fn		 neigh;
	fib_rule_fn		 rule;		/* NULL: rules not watched */
	void			*l2_arg;	/* for link, addr, fdb, neigh,
						 * rule */
	unsigned		 stale_secs;	/* 0: 120; see fib_route.c */
	int			 mon_rcvbuf;	/* monitor socket's receive
						 * buffer; 0: 32 MiB (tests
						 * make it small to overrun) */
};

/*
 * Open the netlink sockets and start the initial dump.  NULL with a
 * message in err when netlink is unusable (exit status 2).
 */
struct fib	*fib_new(const struct fib_env *, char *err, size_t errlen)
		    __attribute__((warn_unused_result));
/* Withdraw nothing (routes stay for a restart to take over, RFC 4724's
 * idea), close the sockets, free everything. */
void		 fib_free(struct fib *);

/*
 * Intent: pfx in table via the n next hops (1..FIB_NEXTHOPS_MAX; more
 * than one: an ECMP route).  Replaces any earlier intent for the same
 * (table, pfx).  A next hop of the other family: an IPv6 prefix via an
 * IPv4 VTEP goes via ::ffff:a.b.c.d (ip_v4_mapped(): the neighbour for
 * it is the caller's), an IPv4 prefix via an IPv6 one as RTA_VIA.
 */
void		 fib_route_set(struct fib *, uint32_t table,
		    const struct ip_prefix *pfx, const struct ip_addr *nh,
		    size_t n);
/*
 * The same through an interface: every next hop via oif (an ifindex;
 * 0: the kernel picks, as fib_route_set), with RTNH_F_ONLINK when onlink
 * (the gateway need not be in a connected subnet; oif required).  This
 * is the EVPN symmetric IRB route (RFC 9135 section 4.2, RFC 9136
 * section 3.2) as FRR's zebra installs it: `via VTEP dev SVI onlink` in
 * the VRF's table.  oif and onlink are part of the intent: a route the
 * kernel has with another interface or flag is replaced, one it has
 * exactly so (a restart) is left alone.  A route set with oif 0 matches
 * the kernel's whatever interface it resolved.  Same ownership and
 * coalescing as fib_route_set; one intent per (table, pfx).
 */
void		 fib_route_set_dev(struct fib *, uint32_t table,
		    const struct ip_prefix *pfx, const struct ip_addr *nh,
		    size_t n, uint32_t oif, bool onlink);
/* Intent: no route of ours for pfx in table. */
void		 fib_route_del(struct fib *, uint32_t table,
		    const struct ip_prefix *pfx);

/*
 * ---- L2 intents (issue #5) ----
 * Same rules as routes: coalesced by key, batched, asynchronous, ACKs
 * matched by sequence.  Everything fib installs is marked extern_learn
 * (NTF_EXT_LEARNED) so the kernel never ages it and a restarted evpnd
 * finds its own: entries found at start-up are kept and swept after
 * stale_secs unless set again (DESIGN.md section 3).
 *
 * Remote MAC: on the VXLAN device ifindex with dst = vtep, plus what the
 * bridge needs to forward to it (an entry on the bridge pointing at the
 * VXLAN port).  sticky: the static flag of a sticky remote MAC (RFC 7432
 * section 15.2).  Replaces an earlier intent for (ifindex, mac).
 */
void		 fib_fdb_set(struct fib *, uint32_t vxlan_ifindex,
		    const struct mac_addr *, const struct ip_addr *vtep,
		    bool sticky);
void		 fib_fdb_del(struct fib *, uint32_t vxlan_ifindex,
		    const struct mac_addr *);
/* Ingress replication (type-3): 00:00:00:00:00:00 dst vtep on the VXLAN
 * device (one entry per remote VTEP, NLM_F_APPEND). */
void		 fib_flood_set(struct fib *, uint32_t vxlan_ifindex,
		    const struct ip_addr *vtep);
void		 fib_flood_del(struct fib *, uint32_t vxlan_ifindex,
		    const struct ip_addr *vtep);
/* A remote MAC/IP on the SVI ifindex (ARP/ND suppression answers from it):
 * NUD_NOARP, extern_learn; is_router sets NTF_ROUTER (IPv6). */
void		 fib_neigh_set(struct fib *, uint32_t ifindex,
		    const struct ip_addr *, const struct mac_addr *,
		    bool is_router);
void		 fib_neigh_del(struct fib *, uint32_t ifindex,
		    const struct ip_addr *);

struct fib_stats {
	size_t		 routes;	/* ours in the kernel (ACKed, or found
					 * at start-up and not yet swept) */
	size_t		 pending;	/* intents not yet sent or ACKed */
	uint64_t	 errors;	/* requests the kernel refused */
	uint64_t	 resyncs;	/* overrun (ENOBUFS) recoveries */
	uint64_t	 requests;	/* requests sent (routes and L2; an
					 * FDB delete is two) */
	uint64_t	 batches;	/* sendmsg() calls carrying them */
	size_t		 fdbs;		/* L2: remote MACs installed */
	size_t		 floods;	/* L2: flood entries installed */
	size_t		 neighs;	/* L2: neighbour entries installed */
	bool		 synced;	/* the first kernel dump is done */
	bool		 swept;		/* the start-up stale sweep ran */
};

void		 fib_stats(const struct fib *, struct fib_stats *);

#endif /* EVPND_INCLUDE_FIB_H */

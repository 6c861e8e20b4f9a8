/*
 * bgp.h -- the BGP speaker as the rest of the daemon sees it: create it
 * on an event_base, hand it configuration snapshots, ask it for show
 * output, clear sessions.
 *
 * DOC: everything else of bgpd is private (bgpd/bgp_local.h).  The
 * speaker runs inside the caller's libevent loop (STYLE.md section 7:
 * priorities 0 session I/O and timers, 1 runners, 2 flush); it never
 * blocks.  The configuration snapshot (bgp_conf.h) is owned by the
 * caller, which keeps it alive until the next bgp_reconfigure() returns
 * or bgp_free().
 */
#ifndef EVPND_INCLUDE_BGP_H
#define EVPND_INCLUDE_BGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bgp_conf.h"
#include "types.h"

struct event_base;
struct log_ctx;
struct bgp_codec;
struct bgp;

#define BGP_PORT		179
#define BGP_RIB_NEXTHOPS_MAX	64	/* maximum-paths' range */

/*
 * The best unicast route of a prefix changed in the kernel table 'table'
 * (0: the main table, for the default instance; else the `table` of the
 * VRF of a `router bgp ASN vrf NAME` instance): n next hops (n > 1 with
 * maximum-paths: bgp_decide.c's multipath rules), or n == 0 when the
 * prefix has no usable route any more.  Called from the route layer's
 * flush, for IPv4 and IPv6 unicast only, for routes learned from peers
 * (not `network` or redistributed ones, which are ours already), only
 * when the next-hop set changed.  With `bgp no-rib` never with n > 0;
 * turning it on live reports n == 0 for what was reported before.
 */
typedef void	(*bgp_rib_fn)(void *arg, uint32_t table,
		    const struct ip_prefix *, const struct ip_addr *nh,
		    size_t n);

/*
 * EVPN (AFI 25 / SAFI 70): what a route says beyond its NLRI, for import
 * into the local MAC-VRFs (evpn/) and for locally originated routes.
 * Views: valid during the call only.
 */
struct bgp_evpn_attrs {
	struct ip_addr		 nexthop;	/* the remote VTEP */
	const struct ext_comm	*ecomm;		/* extended communities */
	size_t			 necomm;
	bool			 has_pmsi;	/* PMSI_TUNNEL (RFC 6514) */
	uint8_t			 pmsi_type;	/* 6: ingress replication */
	uint32_t		 pmsi_label;	/* raw 24 bits: the VNI */
	struct ip_addr		 pmsi_endpoint;	/* ingress replication */
	uint32_t		 originator;	/* BGP id of the source (the
						 * ORIGINATOR_ID when present),
						 * host order */
};

/*
 * The best path of an EVPN route changed: nlri is the route as encoded
 * (no path id; ops->decode reads it), a NULL when the route has no best
 * path learned from a peer any more (gone, or our own local path is
 * best).  Called from the route layer's flush, once per change of the
 * best path or its attributes; with `bgp no-rib` never with a != NULL.
 */
typedef void	(*bgp_evpn_fn)(void *arg, const uint8_t *nlri, size_t len,
		    const struct bgp_evpn_attrs *a);

struct bgp_env {
	struct event_base	*base;		/* 3 priorities initialised */
	struct log_ctx		*log;
	const struct bgp_codec	*codec;		/* families registered */
	uint16_t		 port;		/* listening and connecting;
						 * 0: BGP_PORT */
	bgp_rib_fn		 rib_change;	/* NULL: install nothing */
	void			*rib_arg;
	bgp_evpn_fn		 evpn_change;	/* NULL: import nothing */
	void			*evpn_arg;
};

/*
 * Start the speaker with conf: binds the listening sockets (IPv4 and
 * IPv6, all addresses) and starts every configured neighbor.  Besides
 * the default instance, every `router bgp ASN vrf NAME` whose `vrf NAME`
 * has a `table` runs as an instance of its own (peers, RIBs; its routes
 * go to rib_change with that table; no EVPN import), sharing the
 * listeners: an accepted connection goes to the instance with a neighbor
 * of that address, the default instance first.  NULL with
 * a message in err when a socket cannot be bound (exit status 2).
 */
struct bgp	*bgp_new(const struct bgp_env *, const struct bgp_conf *conf,
		    char *err, size_t errlen)
		    __attribute__((warn_unused_result));

/*
 * Apply a new configuration: old is the one in use, conf the new one
 * (both valid during the call; old may be freed after it returns).
 * Only sessions whose OPEN-relevant settings changed are reset (remote-as,
 * update-source, password, ttl-security, activated families, the local AS
 * or router-id); a changed route-map or prefix-list is applied by soft
 * reconfiguration; new neighbors start and removed ones are stopped with
 * Cease / Peer De-configured.  Never fails: the configuration was
 * validated before.
 */
void		 bgp_reconfigure(struct bgp *, const struct bgp_conf *old,
		    const struct bgp_conf *conf);

/*
 * Redistribution (`redistribute connected|static|kernel` under the
 * unicast families): a route of that kind appeared or went.  bgpd keeps
 * the set and originates the prefixes of the kinds the configuration
 * redistributes (ORIGIN INCOMPLETE, as FRR does), now and after each
 * reconfiguration.
 */
enum bgp_redist_kind {
	BGP_REDIST_CONNECTED,
	BGP_REDIST_STATIC,
	BGP_REDIST_KERNEL,
};

void		 bgp_redist_set(struct bgp *, enum bgp_redist_kind,
		    const struct ip_prefix *, bool add);

/*
 * A locally originated EVPN route (evpn/: type-2 and type-3 of the local
 * VNIs): route is the family's decoded form (evpn_nlri.h's struct
 * evpn_route), a its attributes (nexthop: our VTEP address; ecomm: route
 * targets, encapsulation, MAC mobility ...; PMSI for type-3), or NULL to
 * withdraw it.  Setting identical attributes again is a no-op.
 */
void		 bgp_evpn_local_set(struct bgp *, const void *route,
		    const struct bgp_evpn_attrs *a);

/*
 * evpn -> the instance of `router bgp ASN vrf NAME` (vrf: NAME): a
 * fabric prefix (a type-5 route or a type-2 host route imported into the
 * VRF's table by evpn/) is reached via the remote VTEP vtep (the lowest
 * when several), or went (vtep NULL).  The instance originates it in its
 * IPv4/IPv6 unicast RIB as a local path (ORIGIN INCOMPLETE, shown with
 * the VTEP as next hop as FRR shows imported EVPN paths, next hop self
 * on export) that loses to every path learned from a peer (bgp_decide.c)
 * and is never reported to rib_change (evpn installs it).  Outbound
 * policy applies as to any route (RFC 8212).  No such instance: ignored
 * (evpn sets its prefixes again after each reconfiguration).  Setting
 * the same state again is a no-op.
 */
void		 bgp_vrf_evpn_set(struct bgp *, const char *vrf,
		    const struct ip_prefix *, const struct ip_addr *vtep);

/*
 * Call evpn_change for every EVPN route whose best path is from a peer
 * (a MAC-VRF appeared or its import route targets changed).  Synchronous.
 */
void		 bgp_evpn_replay(struct bgp *);

/* The BGP identifier in use (configured, or taken from an interface),
 * host order; 0 when there is none. */
uint32_t	 bgp_router_id(const struct bgp *);

/* Cease / Administrative Shutdown to every peer, then free everything. */
void		 bgp_free(struct bgp *);

/* ---- show and clear (DESIGN.md section 7) ---- */

enum bgp_show_what {
	BGP_SHOW_SUMMARY,	/* show bgp summary */
	BGP_SHOW_NEIGHBORS,	/* show bgp neighbors [ADDR] */
	BGP_SHOW_ROUTES,	/* show bgp ipv4|ipv6 unicast, l2vpn evpn */
};

struct bgp_show_req {
	enum bgp_show_what	 what;
	const char		*vrf;		/* NULL or "default": the default
						 * instance; "all" (SUMMARY,
						 * NEIGHBORS): every instance,
						 * keyed by name */
	bool			 json;
	bool			 has_addr;	/* NEIGHBORS: one neighbor */
	struct ip_addr		 addr;
	enum bgp_fam		 fam;		/* ROUTES */
	bool			 has_prefix;	/* ROUTES, unicast: one prefix */
	struct ip_prefix	 prefix;
	uint8_t			 evpn_type;	/* ROUTES, EVPN: 0 all, 2 3 5 */
};

/*
 * Write the output (text, or one JSON document with FRR's key names) to
 * out.  0, or -1 with a message on out (e.g. "no such neighbor", or no
 * instance of that VRF).
 */
int		 bgp_show(struct bgp *, const struct bgp_show_req *,
		    FILE *out);

enum bgp_clear_kind {
	BGP_CLEAR_HARD,		/* Cease / Administrative Reset */
	BGP_CLEAR_SOFT,		/* in and out */
	BGP_CLEAR_SOFT_IN,	/* re-run import policy on Adj-RIB-In */
	BGP_CLEAR_SOFT_OUT,	/* re-send Adj-RIB-Out */
};

/* clear bgp (*|ADDR) [soft [in|out]]; addr NULL: every peer.  0, or -1
 * with a message on out. */
int		 bgp_clear(struct bgp *, const struct ip_addr *addr,
		    enum bgp_clear_kind, FILE *out);
/* clear bgp vrf NAME ...: the same in the instance of VRF vrf (NULL or
 * "default": the default instance); -1 with a message on out when
 * there is no such instance. */
int		 bgp_clear_vrf(struct bgp *, const char *vrf,
		    const struct ip_addr *addr, enum bgp_clear_kind, FILE *out);

#endif /* EVPND_INCLUDE_BGP_H */

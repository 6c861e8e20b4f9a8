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
 * The best unicast route of a prefix changed: n next hops (n > 1 with
 * maximum-paths: bgp_decide.c's multipath rules), or n == 0 when the
 * prefix has no usable route any more.  Called from the route layer's
 * flush, for IPv4 and IPv6 unicast only, for routes learned from peers
 * (not `network` or redistributed ones, which are ours already), only
 * when the next-hop set changed.  With `bgp no-rib` never with n > 0;
 * turning it on live reports n == 0 for what was reported before.
 */
typedef void	(*bgp_rib_fn)(void *arg, const struct ip_prefix *,
		    const struct ip_addr *nh, size_t n);

struct bgp_env {
	struct event_base	*base;		/* 3 priorities initialised */
	struct log_ctx		*log;
	const struct bgp_codec	*codec;		/* families registered */
	uint16_t		 port;		/* listening and connecting;
						 * 0: BGP_PORT */
	bgp_rib_fn		 rib_change;	/* NULL: install nothing */
	void			*rib_arg;
};

/*
 * Start the speaker with conf: binds the listening sockets (IPv4 and
 * IPv6, all addresses) and starts every configured neighbor.  NULL with
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
 * out.  0, or -1 with a message on out (e.g. "no such neighbor").
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

#endif /* EVPND_INCLUDE_BGP_H */

/*
 * bgp_local.h -- private to bgpd/: the speaker's context, peers, RIBs and
 * the seams between the session layer (bgp_session.c, bgp_fsm.c) and
 * the route layer (bgp_rib.c, bgp_decide.c, bgp_export.c, bgp_adjout.c).
 *
 * DOC: ownership.
 *   struct bgp owns the peers, the listeners, the RIBs (one per family),
 *   the update groups, the interning tables and the arena.
 *   A peer owns its session (sockets, timers, buffers: bgp_session.c's
 *   private struct bgp_sess) and its paths in the RIB (Adj-RIB-In); the
 *   RIB owns dests, and dests own their paths.
 *   Outbound messages are encoded once per update group into refcounted
 *   struct bgp_obuf chunks and queued by reference on every member, so a
 *   route reflector with a hundred clients keeps one copy of each UPDATE.
 *
 * The seams (who calls what):
 *   session -> route layer: bgp_rib_peer_up() when a session reaches
 *     Established, bgp_rib_peer_down() when it leaves it, bgp_rib_update()
 *     per UPDATE, bgp_rib_refresh() per ROUTE-REFRESH, bgp_rib_drained()
 *     when a peer's output queue fell below BGP_OUTQ_LOW.
 *   route layer -> session: bgp_peer_queue() (a chunk by reference),
 *     bgp_peer_queued() (bytes not yet written), bgp_peer_max_prefix()
 *     (the limit was crossed: the session acts per configuration).
 *   conf -> both: bgp_reconfigure() (bgp_main.c) decides per peer.
 *
 * Event priorities (STYLE.md section 7): BGP_PRI_IO for sockets and FSM
 * timers, BGP_PRI_RUNNER for sliced table walks, BGP_PRI_FLUSH for the
 * one event that packs pending routes into UPDATEs.
 */
#ifndef EVPND_BGPD_BGP_LOCAL_H
#define EVPND_BGPD_BGP_LOCAL_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bgp.h"
#include "bgp_conf.h"
#include "bgp_intern.h"
#include "bgp_msg.h"
#include "bgp_update.h"
#include "log.h"
#include "types.h"

struct event;
struct event_base;
struct json;

#define BGP_PRI_IO	0
#define BGP_PRI_RUNNER	1
#define BGP_PRI_FLUSH	2

#define BGP_OUTQ_HIGH	(1u << 20)	/* stop generating for one peer */
#define BGP_OUTQ_LOW	(256u << 10)	/* resume: bgp_rib_drained() */
#define BGP_OBUF_SIZE	(64u << 10)	/* one chunk of UPDATEs */
#define BGP_RUNNER_SLICE 2000		/* dests per runner slice */
#define BGP_READ_BURST	64		/* messages per read event */

/* Defaults: RFC 4271 section 10 (hold, keepalive, connect retry). */
#define BGP_DEF_HOLD		180
#define BGP_DEF_KEEPALIVE	60
#define BGP_DEF_CONNECT_RETRY	120
#define BGP_DEF_LOCAL_PREF	100
#define BGP_DEF_LISTEN_LIMIT	100

enum bgp_state {
	BGP_ST_IDLE = 0,
	BGP_ST_CONNECT,
	BGP_ST_ACTIVE,
	BGP_ST_OPENSENT,
	BGP_ST_OPENCONFIRM,
	BGP_ST_ESTABLISHED,
};

/* "Idle", "Connect", ... as FRR prints them. */
const char	*bgp_state_name(enum bgp_state);

/* ---- outbound chunks ---- */

/* Whole messages, back to back.  Immutable once queued. */
struct bgp_obuf {
	uint32_t	 refcnt;
	size_t		 len;
	size_t		 cap;
	uint8_t		 data[];
};

struct bgp_obuf	*bgp_obuf_new(size_t cap);		/* refcnt 1 */
struct bgp_obuf	*bgp_obuf_ref(struct bgp_obuf *);
void		 bgp_obuf_unref(struct bgp_obuf *);	/* NULL: no-op */

/* ---- per-peer, per-family state ---- */

struct bgp_peer_fam {
	bool		 active;	/* configured and negotiated */
	bool		 eor_rcvd;
	bool		 eor_sent;
	uint32_t	 pfx_rcvd;	/* paths in Adj-RIB-In */
	uint32_t	 pfx_accepted;	/* of those, passed import policy */
	uint32_t	 pfx_sent;	/* in the group's Adj-RIB-Out */
	bool		 pfx_warned;	/* maximum-prefix threshold logged */
	bool		 pfx_over;	/* maximum-prefix (warning-only) logged */
	struct bgp_upgroup *upg;	/* NULL until Established */
	struct bgp_walk	*walk;		/* initial table dump, or NULL */
};

struct bgp_peer_stats {
	uint64_t	 msg_in[6];	/* by type: 1..5, [0] other */
	uint64_t	 msg_out[6];
	uint64_t	 updates_in;	/* routes announced + withdrawn */
	uint32_t	 established;	/* transitions into Established */
	uint32_t	 dropped;	/* transitions out of it */
};

struct bgp_sess;		/* bgp_session.c */
struct bgp_redist;		/* bgp_redist.c */
struct bgp_aggr;		/* bgp_aggregate.c */
struct siphash_key;

struct bgp_peer {
	TAILQ_ENTRY(bgp_peer)	 entry;
	struct bgp		*bgp;
	/*
	 * The neighbor's settings, borrowed from the running snapshot and
	 * repointed by bgp_reconfigure(); a dynamic neighbor points at its
	 * peer-group's entry.
	 */
	const struct bgp_conf_peer *conf;
	struct ip_addr		 addr;
	char			 name[IP_STRLEN];	/* addr as text */
	bool			 dynamic;	/* from a listen range */
	bool			 pfx_halted;	/* down for maximum-prefix: until
						 * its restart time, or clear */
	enum bgp_state		 state;
	time_t			 since;		/* monotonic, last change */
	/* Negotiated; valid from OpenConfirm on. */
	uint32_t		 remote_as;
	uint32_t		 remote_id;	/* host order */
	uint16_t		 hold;		/* negotiated */
	uint16_t		 keepalive;
	bool			 ebgp;
	struct bgp_peer_caps	 caps_rx;	/* decoding what it sends */
	struct bgp_peer_caps	 caps_tx;	/* encoding what we send */
	bool			 rr_refresh;	/* it accepts ROUTE-REFRESH */
	bool			 enhanced_rr;
	struct ip_addr		 local;		/* our address on the session */
	struct ip_addr		 local_v6;	/* a global IPv6 address of the
						 * interface, for IPv6 next
						 * hops over IPv4 sessions */
	struct bgp_peer_fam	 fam[BGP_FAM_COUNT];
	struct bgp_peer_stats	 stats;
	char			 last_reset[96];	/* why it went down */
	uint8_t			 last_notify_code;	/* sent or received */
	uint8_t			 last_notify_subcode;
	struct bgp_sess		*sess;
};

TAILQ_HEAD(bgp_peer_list, bgp_peer);

/* ---- RIB ---- */

/*
 * One path: what one peer (or we, peer == NULL) said about one dest.
 * attrs_in is what arrived (interned); attrs is after import policy
 * (the same pointer when no policy changed it; NULL: denied, the path
 * is kept for soft reconfiguration but is not a candidate).
 */
struct bgp_path {
	struct bgp_path		*next;		/* the dest's paths */
	struct bgp_peer		*peer;		/* NULL: locally originated */
	struct bgp_path_attrs	*attrs_in;
	struct bgp_path_attrs	*attrs;
	uint32_t		 path_id;	/* add-path receive */
	uint16_t		 aspath_len;	/* RFC 4271 9.1.2.2 a) */
	uint16_t		 nlri_len;	/* 0: the dest's key is the NLRI */
	time_t			 since;		/* monotonic */
	uint8_t			 nlri[];	/* encoded NLRI, no path id */
};

/*
 * A destination: the route key (a prefix; for EVPN the RFC 7432
 * section 7.2 key without labels and ESI) and its paths.  'out' holds,
 * per update group slot, the attribute set advertised to that group
 * (NULL: nothing advertised).
 */
struct bgp_dest {
	struct bgp_dest		*hnext;		/* hash chain */
	TAILQ_ENTRY(bgp_dest)	 entry;		/* walk order */
	uint64_t		 hash;
	struct bgp_path		*paths;
	struct bgp_path		*best;
	struct bgp_path_attrs	**out;		/* [rib->nslots] */
	struct bgp_dest		*dnext;		/* dirty list (bgp_adjout.c) */
	bool			 dirty;		/* on the rib's dirty list */
	/* The last path's NLRI after the last path left, kept while the
	 * withdrawal is pending (EVPN keys are not NLRI). */
	struct bgp_path		*gone;
	/* What rib_change was last told: a hash of the sorted next hops,
	 * 0 nothing (bgp_decide.c: bgp_decide_fib); for EVPN what
	 * evpn_change was (bgp_evpn.c). */
	uint64_t		 fib_hash;
	uint8_t			 agg_counted;	/* bgp_aggregate.c: 0, or the
						 * counted ORIGIN + 1 */
	uint16_t		 key_len;	/* <= BGP_ROUTE_KEY_MAX */
	uint8_t			 key[];
};

TAILQ_HEAD(bgp_dest_list, bgp_dest);

struct bgp_rib {
	enum bgp_fam		 fam;
	const struct bgp_afi_ops *ops;		/* NULL: family not
						 * registered (no EVPN) */
	size_t			 count;
	size_t			 nbuckets;
	struct bgp_dest		**buckets;
	struct bgp_dest_list	 order;
	size_t			 nslots;	/* update group slots */
	uint64_t		 version;	/* bumped per best change */
};

/* ---- update groups (BIRD's buckets, FRR's update-groups) ---- */

/*
 * Peers that get byte-identical UPDATEs: same family, same kind (IBGP /
 * EBGP), same route-reflector-client flag, same outbound route-map and
 * next-hop-self, same encoding caps (4-octet AS, extended messages),
 * same remote AS when EBGP and the same local address when the next hop
 * is rewritten.  The group's Adj-RIB-Out lives in the dests' out[slot].
 */
struct bgp_upgroup;
struct bgp_walk;

/* ---- the speaker ---- */

struct bgp_listener {
	int		 fd;
	struct event	*ev;
};

/*
 * One speaker per BGP instance (DESIGN.md section 4, bgpd/bgp_vrf.c):
 * the root serves "default" and owns the listeners; each `router bgp
 * ASN vrf NAME` whose VRF has a kernel table is a child on root->vrfs
 * with its own peers, RIBs, update groups and interning tables, and
 * installs into that table.
 */
TAILQ_HEAD(bgp_list, bgp);

struct bgp {
	struct bgp		*root;		/* NULL: this is the root */
	TAILQ_ENTRY(bgp)	 vrf_entry;	/* on root->vrfs */
	struct bgp_list		 vrfs;		/* root: the VRF instances */
	char			 vrf[BGP_CONF_NAME_MAX];	/* "default" or
							 * the VRF's name */
	uint32_t		 table;		/* kernel table; 0: main */
	struct event_base	*base;
	struct log_ctx		*log;
	const struct bgp_codec	*codec;
	uint16_t		 port;
	const struct bgp_conf	*conf;		/* borrowed, see bgp.h */
	const struct bgp_conf_inst *inst;	/* this instance's block, or
						 * NULL (root without
						 * `router bgp ASN`) */
	uint32_t		 asn;
	uint32_t		 router_id;	/* host order */
	uint32_t		 cluster_id;	/* host order; router_id when
						 * not configured */
	struct bgp_listener	 listen[2];	/* IPv4, IPv6; root only */
	struct bgp_peer_list	 peers;
	size_t			 npeers;
	size_t			 ndynamic;
	struct bgp_intern	*intern;
	struct bgp_arena	 arena;		/* per received UPDATE */
	struct bgp_rib		 rib[BGP_FAM_COUNT];
	struct bgp_adjout	*adjout;	/* bgp_adjout.c */
	struct bgp_path_attrs	*local_attrs[2];	/* `network` routes */
	bgp_rib_fn		 rib_change;	/* bgp.h; NULL: none */
	void			*rib_arg;
	bgp_evpn_fn		 evpn_change;	/* bgp.h; NULL: none */
	void			*evpn_arg;
	struct bgp_redist	*redist;	/* bgp_redist.c */
	struct bgp_aggr		*aggr;		/* bgp_aggregate.c */
};

/* bgp_main.c */
struct bgp_peer	*bgp_peer_find(struct bgp *, const struct ip_addr *);
/* Start the instance's configured neighbors that have no peer yet. */
void		 bgp_peers_add(struct bgp *);
/* Repoint bgp (root or child) to conf's block of its instance and
 * reconcile its peers and routes; the listeners are the caller's. */
void		 bgp_inst_reconfigure(struct bgp *, const struct bgp_conf *);
/* Set up / tear down an instance's own state (peers, RIBs, interning,
 * arena; not the listeners nor the env fields, which the caller sets). */
void		 bgp_inst_init(struct bgp *, const struct bgp_conf *,
		    const char *vrf);
void		 bgp_inst_fini(struct bgp *);
/* The owner of the listeners. */
static inline struct bgp *
bgp_root(struct bgp *bgp)
{
	return bgp->root != NULL ? bgp->root : bgp;
}

/* bgp_vrf.c: the VRF instances of a root speaker */
/* Create, reconfigure and free the children so that they match conf
 * (bgp_conf_vrf_table()): a child whose table changed is recreated. */
void		 bgp_vrf_sync(struct bgp *root, const struct bgp_conf *);
/* Shutdown: free every child, leaving its routes in the kernel as the
 * default instance's stay (graceful restart, fib's stale sweep). */
void		 bgp_vrf_free_all(struct bgp *root);
/* An instance by name ("default" or NULL: the root), or NULL. */
struct bgp	*bgp_vrf_find(struct bgp *root, const char *vrf);
/*
 * The peer an accepted connection from addr belongs to: a configured
 * neighbor of the default instance first, then of the VRF instances in
 * configuration order, then a `bgp listen range` in the same order
 * (which creates the dynamic peer).  NULL: refuse it.
 */
struct bgp_peer	*bgp_vrf_accept_peer(struct bgp *root,
		    const struct ip_addr *addr);

/* bgp_session.c / bgp_fsm.c: the session layer */
/* A peer for a configured neighbor (or a dynamic one: conf is its
 * group), in Idle; bgp_peer_start() begins connecting/listening. */
struct bgp_peer	*bgp_peer_new(struct bgp *, const struct ip_addr *,
		    const struct bgp_conf_peer *conf, bool dynamic);
void		 bgp_peer_start(struct bgp_peer *);
/* Send a NOTIFICATION (code 0: none), close, go Idle; the reason is
 * logged and kept in last_reset. */
void		 bgp_peer_stop(struct bgp_peer *, uint8_t code,
		    uint8_t subcode, const char *reason);
/* bgp_peer_stop() with Cease / Peer De-configured, then free. */
void		 bgp_peer_free(struct bgp_peer *);
/* Queue a chunk (takes a reference) on an Established peer. */
void		 bgp_peer_queue(struct bgp_peer *, struct bgp_obuf *);
size_t		 bgp_peer_queued(const struct bgp_peer *);
/* Send ROUTE-REFRESH for a family (soft in without a stored table). */
void		 bgp_peer_refresh(struct bgp_peer *, enum bgp_fam);
/* Maximum-prefix exceeded in fam: Cease / Maximum Number of Prefixes
 * Reached (RFC 4486 section 4) with the RFC 4486 data; the peer stays
 * down (pfx_halted) until bgp_peer_unhalt() or its restart minutes. */
void		 bgp_peer_max_prefix(struct bgp_peer *, enum bgp_fam);
/* clear bgp: a peer down for maximum-prefix starts again. */
void		 bgp_peer_unhalt(struct bgp_peer *);
int		 bgp_listen_start(struct bgp *, char *err, size_t errlen);
/* bgp_session.c's `bgp listen range`: a dynamic peer for addr in bgp's
 * instance, or NULL. */
struct bgp_peer	*bgp_listen_dynamic_peer(struct bgp *,
		    const struct ip_addr *);
void		 bgp_listen_stop(struct bgp *);

/* bgp_rib.c and friends: the route layer */
void		 bgp_rib_init(struct bgp *);
void		 bgp_rib_free(struct bgp *);
void		 bgp_rib_peer_up(struct bgp_peer *);
void		 bgp_rib_peer_down(struct bgp_peer *);
/*
 * Apply one parsed UPDATE from peer (action from bgp_update_parse():
 * NONE/ATTR_DISCARD apply, WITHDRAW withdraws the announced routes too,
 * AFI_DISABLE was handled by the session).  May call
 * bgp_peer_max_prefix().
 */
void		 bgp_rib_update(struct bgp_peer *, const struct bgp_update *,
		    enum bgp_action);
void		 bgp_rib_refresh(struct bgp_peer *, enum bgp_fam);
void		 bgp_rib_drained(struct bgp_peer *);
/* Configuration changed: re-run import policy on Adj-RIB-In (soft in)
 * and regroup/re-export (soft out); `network` statements re-read. */
void		 bgp_rib_reconfigure(struct bgp *);
void		 bgp_rib_soft_in(struct bgp_peer *);
void		 bgp_rib_soft_out(struct bgp_peer *);

/*
 * Local paths (peer NULL) are told apart by their path id: `network`
 * statements and redistributed prefixes may name the same prefix.
 */
#define BGP_LOCAL_NETWORK	0
#define BGP_LOCAL_REDIST	1
#define BGP_LOCAL_EVPN		2	/* bgp_vrf_evpn_set(): ranks below
					 * learned paths (bgp_decide.c) */
#define BGP_LOCAL_AGGREGATE	3	/* bgp_aggregate.c */

/* Set (origin: ORIGIN value) or remove (!on) the local path id of pfx
 * in unicast family f; setting an identical path again is a no-op. */
void		 bgp_rib_local_set(struct bgp *, enum bgp_fam f, uint32_t id,
		    const struct ip_prefix *pfx, bool on, uint8_t origin);
/* The same with the next hop show prints (NULL: unspecified); exports
 * use our session address whatever it is. */
void		 bgp_rib_local_set_nh(struct bgp *, enum bgp_fam f,
		    uint32_t id, const struct ip_prefix *pfx, bool on,
		    uint8_t origin, const struct ip_addr *nh);

/* Set (a: its attributes, interned; the caller keeps its reference) or
 * remove (a NULL) our path for a decoded route of family f; the same
 * attributes and NLRI again are a no-op. */
void		 bgp_rib_local_route(struct bgp *, enum bgp_fam f,
		    const void *route, struct bgp_path_attrs *a);

/* bgp_evpn.c: the seam to evpn/ (bgp.h: evpn_change, bgp_evpn_*) */
/* Tell evpn_change when an EVPN dest's best path from a peer changed
 * (flush time: bgp_adjout.c). */
void		 bgp_decide_evpn(struct bgp *, struct bgp_rib *,
		    struct bgp_dest *);

/* bgp_redist.c: `redistribute connected|static|kernel` */
struct bgp_redist *bgp_redist_new(const struct siphash_key *);
void		 bgp_redist_free(struct bgp *);
/* Originate or withdraw every known prefix per the configuration. */
void		 bgp_redist_reconfigure(struct bgp *);
/* A unicast family has local routes (`network`, `redistribute`, or a
 * VRF instance's EVPN prefixes): the next hop of exports is our session
 * address (bgp_adjout.c). */
bool		 bgp_has_local_routes(const struct bgp *, enum bgp_fam);

/* bgp_aggregate.c: `aggregate-address PREFIX [summary-only]` */
/* pfx is a strict more specific of agg (pure). */
bool		 bgp_prefix_covers(const struct ip_prefix *agg,
		    const struct ip_prefix *pfx);
/* An aggregate's ORIGIN from its contributors' counts by ORIGIN (RFC
 * 4271 section 9.2.2.2; pure). */
uint8_t		 bgp_aggregate_origin(const size_t n[3]);
/* After a decision on d (bgp_rib.c): count it into the aggregates
 * covering it, originate or withdraw them. */
void		 bgp_aggregate_dest(struct bgp *, struct bgp_rib *,
		    struct bgp_dest *);
/* d is a more specific of an advertised summary-only aggregate: not
 * exported (bgp_export.c). */
bool		 bgp_aggregate_suppressed(const struct bgp *, enum bgp_fam,
		    const struct bgp_dest *);
/* Configured aggregates in family f (next hop self: bgp_adjout.c). */
bool		 bgp_aggregate_any(const struct bgp *, enum bgp_fam);
/* Take bgp->inst's aggregates (recount, originate, withdraw). */
void		 bgp_aggregate_reconfigure(struct bgp *);
void		 bgp_aggregate_free(struct bgp *);

/* bgp_policy.c: route-maps and prefix-lists (DESIGN.md section 6) */
/* Room for what a route-map writes: the prepended AS_PATH, the new
 * communities and extended communities; draft views point here. */
struct bgp_policy_scratch {
	uint8_t		 as_path[BGP_MSG_MAX];
	uint8_t		 communities[BGP_MSG_MAX];
	uint8_t		 ext_communities[BGP_MSG_MAX];
};
/*
 * Run route-map rmap (by name) over one route: true (permit) with the
 * draft changed by the matching entry's set clauses, or false (deny: an
 * entry denied it, no entry matched, or no route-map of that name
 * exists, as in FRR).  The draft's AS_PATH is 4-octet (as_path_size 4).
 */
bool		 bgp_policy_apply(const struct bgp_conf *, const char *rmap,
		    const struct bgp_route_info *, struct bgp_attrs *draft,
		    struct bgp_policy_scratch *);
/* A prefix-list by name: true when it permits pfx (false when absent). */
bool		 bgp_plist_permits(const struct bgp_conf *, const char *name,
		    const struct ip_prefix *pfx);

/* bgp_show.c */
int		 bgp_show_summary(struct bgp *, bool json, FILE *);
int		 bgp_show_neighbors(struct bgp *, const struct ip_addr *,
		    bool json, FILE *);
int		 bgp_show_routes(struct bgp *, const struct bgp_show_req *,
		    FILE *);
/* bgp_show_rib.c: FRR's vrfId: 0 for default, the VRF device's
 * ifindex, or -1 when no such device exists (the VRF is a table only). */
int64_t		 bgp_vrf_id(const struct bgp *);
/* show bgp vrf all summary|neighbors: every instance, keyed by name. */
int		 bgp_show_all(struct bgp *root, const struct bgp_show_req *,
		    FILE *);

/* Log helpers: "peer 10.0.0.1: ..." */
void		 bgp_log_peer(const struct bgp_peer *, enum log_level,
		    const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

#endif /* EVPND_BGPD_BGP_LOCAL_H */

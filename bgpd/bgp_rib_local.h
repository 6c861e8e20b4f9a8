/*
 * bgp_rib_local.h -- private seam of the route layer: bgp_rib.c (dests,
 * paths, Adj-RIB-In), bgp_decide.c (best path), bgp_export.c (per-group
 * export transform) and bgp_adjout.c (update groups, dirty dests, UPDATE
 * packing, table walks).  Not for the session layer.
 *
 * DOC: a dest whose best path (or whose export may have) changed is put
 * on its rib's dirty list once (dest->dirty); the flush event exports it
 * for every update group of the family, compares with dest->out[slot]
 * and packs the differences.  Doing the export at flush time makes the
 * dirty list free of duplicates and lets a flapping route cost one
 * export per flush, not one per change.
 */
#ifndef EVPND_BGPD_BGP_RIB_LOCAL_H
#define EVPND_BGPD_BGP_RIB_LOCAL_H

#include <sys/queue.h>

#include "bgp_local.h"
#include "siphash.h"

/* One route to pack: attrs NULL is a withdrawal. */
struct bgp_pend {
	struct bgp_path_attrs	*attrs;
	struct bgp_dest		*d;
	size_t			 seq;
};

struct bgp_upgroup {
	TAILQ_ENTRY(bgp_upgroup) entry;
	enum bgp_fam		 fam;
	size_t			 slot;		/* dest->out[slot] */
	/* the key (bgp_adjout.c: upg_key_eq) */
	bool			 ebgp;
	bool			 rr_client;
	bool			 nhs;		/* next-hop-self */
	bool			 as4;
	bool			 ext_msg;
	uint32_t		 remote_as;	/* EBGP only */
	char			 rmap_out[BGP_CONF_NAME_MAX];
	struct ip_addr		 local;		/* when the next hop is */
	struct ip_addr		 local_v6;	/* rewritten, else zero */
	/* the Adj-RIB-Out is still being built by a compute walk */
	bool			 computing;
	size_t			 nmembers;
	size_t			 cap;
	struct bgp_peer		**members;
	uint32_t		 pfx_sent;	/* non-NULL out[slot] */
	/* changes of the current flush: (attrs or NULL, dest) */
	struct bgp_pend		*pend;
	size_t			 npend;
	size_t			 cappend;
	/* one-entry export cache (no rmap_out): (in, source) -> out, or
	 * -> not advertised (cache_none, cache_out NULL) */
	const struct bgp_peer	*cache_src;
	struct bgp_path_attrs	*cache_in;
	struct bgp_path_attrs	*cache_out;
	bool			 cache_none;
};

struct bgp_walk {
	TAILQ_ENTRY(bgp_walk)	 entry;
	struct bgp		*bgp;
	struct bgp_peer		*peer;
	enum bgp_fam		 fam;
	struct bgp_upgroup	*upg;
	struct bgp_dest		*cursor;	/* next dest; NULL: at end */
	bool			 compute;	/* builds upg's out[] */
	bool			 eor;		/* send End-of-RIB at the end */
	struct event		*ev;
};

TAILQ_HEAD(bgp_upgroup_list, bgp_upgroup);
TAILQ_HEAD(bgp_walk_list, bgp_walk);

/* The route layer's state (struct bgp's adjout pointer). */
struct bgp_adjout {
	struct siphash_key	 key;		/* dest hash */
	struct bgp_upgroup_list	 groups;
	struct bgp_walk_list	 walks;
	struct bgp_dest		*dirty[BGP_FAM_COUNT];
	struct bgp_dest		**dirty_tail[BGP_FAM_COUNT];
	bool			*slot_used[BGP_FAM_COUNT];
	struct event		*flush;
	size_t			 flush_budget;	/* dests per flush */
	struct bgp_path_attrs	*network_attrs[2];	/* v4, v6 */
};

#define BGP_FLUSH_BUDGET	20000

/* bgp_rib.c */
/* The NLRI bytes of dest as advertised (a path's, the gone one's, or the
 * key itself). */
void		 bgp_dest_nlri(const struct bgp_dest *, const uint8_t **p,
		    size_t *len);
/* A unicast dest's key (length octet, significant bytes) as a prefix. */
void		 bgp_dest_prefix(const struct bgp_dest *, enum bgp_fam,
		    struct ip_prefix *);
/* Free dest when it has no path, no out[] entry and is not dirty. */
void		 bgp_dest_maybe_free(struct bgp *, struct bgp_rib *,
		    struct bgp_dest *);
void		 bgp_path_free(struct bgp *, struct bgp_path *);

/* bgp_decide.c */
/* Re-select dest->best; true when the best path or its attrs changed. */
bool		 bgp_decide(struct bgp *, struct bgp_rib *, struct bgp_dest *);
/* < 0: a is better; > 0: b is better (RFC 4271 section 9.1.2.2). */
int		 bgp_path_cmp(const struct bgp *, const struct bgp_path *a,
		    const struct bgp_path *b);
/* Tell rib_change (bgp.h) when the next hops to install for a unicast
 * dest changed (flush time: bgp_adjout.c). */
void		 bgp_decide_fib(struct bgp *, struct bgp_rib *,
		    struct bgp_dest *);
/* The next hops (nh[BGP_RIB_NEXTHOPS_MAX]) to install for d: 0 when d
 * has no best path from a peer. */
size_t		 bgp_multipath(const struct bgp *, enum bgp_fam,
		    const struct bgp_dest *, struct ip_addr *nh);
/* RFC 4271 9.1.2.2 a): AS_SET counts 1, confederation segments 0. */
uint16_t	 bgp_aspath_count(const struct bgp_path_attrs *);

/* bgp_export.c */
/* What upg gets for dest's best path: interned (one reference for the
 * caller) or NULL (nothing / withdraw). */
struct bgp_path_attrs *bgp_export(struct bgp *, struct bgp_rib *,
		    struct bgp_upgroup *, const struct bgp_dest *);
void		 bgp_export_cache_clear(struct bgp *, struct bgp_upgroup *);
/* RFC 6793 section 4.2.3: a 2-octet peer's AS_PATH + AS4_PATH in 4-octet
 * form, in the draft (views into scratch). */
void		 bgp_aspath_to4(struct bgp_attrs *, uint8_t *scratch,
		    size_t cap);

/* bgp_adjout.c */
struct bgp_adjout *bgp_adjout_new(struct bgp *);
void		 bgp_adjout_free(struct bgp *);
void		 bgp_adjout_dirty(struct bgp *, struct bgp_rib *,
		    struct bgp_dest *);
void		 bgp_adjout_dirty_all(struct bgp *);
void		 bgp_adjout_join(struct bgp_peer *, enum bgp_fam);
void		 bgp_adjout_leave(struct bgp_peer *, enum bgp_fam);
/* Configuration changed the peer's group key: move it, sending the
 * difference between the two Adj-RIB-Outs (synchronous, TODO(#4)). */
void		 bgp_adjout_regroup(struct bgp_peer *, enum bgp_fam);
void		 bgp_adjout_resend(struct bgp_peer *, enum bgp_fam);
void		 bgp_adjout_drained(struct bgp_peer *);
/* A dest is about to be freed: move walk cursors past it. */
void		 bgp_adjout_dest_gone(struct bgp *, struct bgp_rib *,
		    struct bgp_dest *);

#endif /* EVPND_BGPD_BGP_RIB_LOCAL_H */

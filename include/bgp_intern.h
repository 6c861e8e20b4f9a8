/*
 * bgp_intern.h -- interned (hash-consed, refcounted, immutable) path
 * attributes (STYLE.md section 6).
 *
 * DOC: two tiers.  Leaves are byte strings (AS_PATH, AS4_PATH,
 * communities, extended and large communities, CLUSTER_LIST, PMSI tunnel
 * id, unknown transitive attributes) interned as struct bgp_blob.  The set,
 * struct bgp_path_attrs, holds the wire scalars and pointers to interned
 * leaves in one zero-initialised key struct; hash (SipHash-2-4, random key)
 * and equality (memcmp) both run over that struct, so they cannot drift
 * apart.  Only wire-meaningful data is interned: resolved next hops,
 * ifindexes, policy tags and timestamps belong on the path, not here.
 *
 * Ownership: bgp_attrs_intern() returns a set with one reference for the
 * caller; bgp_path_attrs_ref() adds one; bgp_path_attrs_unref() drops one
 * and frees the set (and its leaf references) at zero.  An interned set is
 * never modified: to change one, build a new draft and intern it.
 */
#ifndef EVPND_INCLUDE_BGP_INTERN_H
#define EVPND_INCLUDE_BGP_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_update.h"
#include "types.h"

struct bgp_blob {
	struct bgp_blob	*next;		/* hash chain */
	uint64_t	 hash;
	uint32_t	 refcnt;
	uint32_t	 len;
	bool		 interned;
	uint8_t		 data[];
};

/* The interned identity of a set: zeroed, then filled; no padding reads. */
struct bgp_attrs_key {
	uint64_t		 seen;		/* known types (< 64) present;
						 * unknown ones are in 'unknown' */
	uint8_t			 origin;
	uint8_t			 as_path_size;
	uint8_t			 aggregator_size;
	uint8_t			 pmsi_flags;
	uint8_t			 pmsi_type;
	uint32_t		 pmsi_label;
	uint32_t		 med;
	uint32_t		 local_pref;
	uint32_t		 originator_id;
	uint32_t		 aggregator_as;
	uint32_t		 aggregator_id;
	uint32_t		 as4_aggregator_as;
	uint32_t		 as4_aggregator_id;
	struct ip_addr		 nexthop;	/* NEXT_HOP or MP_REACH's */
	struct ip_addr		 nexthop_ll;
	const struct bgp_blob	*as_path;
	const struct bgp_blob	*as4_path;
	const struct bgp_blob	*communities;
	const struct bgp_blob	*ext_communities;
	const struct bgp_blob	*large_communities;
	const struct bgp_blob	*cluster_list;
	const struct bgp_blob	*pmsi_tunnel_id;
	const struct bgp_blob	*unknown;	/* flags|type|len|value ... */
};

struct bgp_path_attrs {
	struct bgp_path_attrs	*next;		/* hash chain */
	uint64_t		 hash;
	uint32_t		 refcnt;
	bool			 interned;
	struct bgp_attrs_key	 k;
};

struct bgp_intern_stats {
	size_t	sets, set_refs;
	size_t	blobs, blob_refs, blob_bytes;
};

struct bgp_intern;

struct bgp_intern *bgp_intern_new(void);
/* Frees the tables; returns the number of sets and blobs still referenced
 * (a leak when non-zero at shutdown). */
size_t		 bgp_intern_free(struct bgp_intern *);
struct bgp_path_attrs *bgp_attrs_intern(struct bgp_intern *,
		    const struct bgp_attrs *draft);
struct bgp_path_attrs *bgp_path_attrs_ref(struct bgp_path_attrs *);
void		 bgp_path_attrs_unref(struct bgp_intern *,
		    struct bgp_path_attrs *);
void		 bgp_intern_stats(const struct bgp_intern *,
		    struct bgp_intern_stats *);

/*
 * The inverse of interning: a draft whose views point into s's leaves
 * (valid while s is referenced), such that bgp_attrs_intern(draft)
 * returns s again.  A next hop that came in MP_REACH_NLRI is put in
 * mp_reach.nh/nh_ll with the MP_REACH_NLRI bit set: the caller sets its
 * AFI/SAFI and NLRI before encoding (or clears the bit).  Unknown
 * attributes are re-split from their blob.
 */
void		 bgp_path_attrs_draft(const struct bgp_path_attrs *s,
		    struct bgp_attrs *draft);

#endif /* EVPND_INCLUDE_BGP_INTERN_H */

/*
 * bgp_update.h -- UPDATE codec: path attributes (RFC 4271, 4760, 6793,
 * 4456, 4360, 8092, 6514), NLRI through per-AFI/SAFI descriptors, and the
 * RFC 7606 error handling that decides what a malformation does.
 *
 * DOC: bgp_update_parse() is pure: it reads one UPDATE body through a
 * bounded view and fills a struct bgp_update whose views point into the
 * message and whose decoded NLRI arrays live in a caller-provided arena
 * (reset per UPDATE).  NLRI are decoded by struct bgp_afi_ops descriptors
 * registered in a struct bgp_codec: bgpd registers IPv4/IPv6 unicast,
 * evpn/ registers L2VPN EVPN (so bgpd never links evpn/).
 */
#ifndef EVPND_INCLUDE_BGP_UPDATE_H
#define EVPND_INCLUDE_BGP_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_msg.h"
#include "types.h"
#include "wire.h"

struct json;

/* ---- per-UPDATE arena ---- */

struct bgp_arena {
	uint8_t	*base;
	size_t	 cap;
	size_t	 used;
};

/*
 * Holds the decoded NLRI of any single UPDATE: the worst case, 64 KiB of
 * 2-byte EVPN NLRI (~32k routes of ~100 bytes, arrays grown by doubling),
 * needs ~6.5 MiB.
 */
#define BGP_ARENA_SIZE	(16u << 20)

void		 bgp_arena_init(struct bgp_arena *, size_t cap);  /* fatal on OOM */
void		 bgp_arena_reset(struct bgp_arena *);
void		 bgp_arena_free(struct bgp_arena *);
/* n bytes, 8-aligned, zeroed; NULL when the arena is exhausted. */
void		*bgp_arena_alloc(struct bgp_arena *, size_t n);

/* ---- AFI/SAFI descriptors (BIRD's bgp_af_table idea) ---- */

/*
 * What policy can match on in a route (route-map match clauses), filled
 * by a descriptor's info hook.
 */
struct bgp_route_info {
	bool		 has_pfx;	/* unicast; EVPN type 5 */
	struct ip_prefix pfx;
	uint8_t		 evpn_type;	/* 0: not EVPN */
	bool		 has_vni;	/* EVPN types 2, 3, 5: label / etag */
	uint32_t	 vni;
};

/* Bytes of the longest route key: an unknown EVPN type's whole body. */
#define BGP_ROUTE_KEY_MAX	260

/* What the IPv4/IPv6 unicast descriptors decode into. */
struct bgp_prefix_route {
	uint32_t	 path_id;	/* RFC 7911; 0 without add-path */
	struct ip_prefix pfx;
};

struct bgp_afi_ops {
	uint16_t	 afi;
	uint8_t		 safi;
	const char	*name;		/* "ipv4-unicast", "l2vpn-evpn" */
	size_t		 route_size;	/* bytes of one decoded route */
	/*
	 * Decode one NLRI (with its path ID when addpath) from rd into route
	 * (route_size bytes, zeroed by the caller).  On a malformation return
	 * -1 with *why set to a static reason; the caller chooses the action
	 * (session reset for the IPv4 NLRI field, AFI/SAFI disable inside
	 * MP_REACH/MP_UNREACH: RFC 7606 sections 3(j) and 5.3).
	 */
	int		(*decode)(struct wire_rd *rd, bool addpath, void *route,
			    const char **why);
	/* Encode one route; -1 when wr is full. */
	int		(*encode)(struct wire_wr *wr, bool addpath,
			    const void *route);
	/* Print one route as a JSON object value (key NULL: array item). */
	void		(*json)(struct json *j, const void *route);
	/*
	 * The route key: the bytes that identify the destination, without
	 * the path ID and (EVPN, RFC 7432 section 7.2) without labels and
	 * other non-key fields, so a withdrawal with label 0 finds the route
	 * announced with its VNI.  Writes at most BGP_ROUTE_KEY_MAX bytes to
	 * buf and returns the length (> 0).
	 */
	size_t		(*key)(const void *route, uint8_t *buf);
	/* What policy can match on (zeroed by the caller). */
	void		(*info)(const void *route, struct bgp_route_info *);
	/*
	 * Optional: check the MP_REACH next hop length for this family;
	 * NULL accepts 4 or 16 or 32 bytes.
	 */
	bool		(*nexthop_ok)(size_t len);
	/* Optional: the route's fields inside one path of FRR's `show bgp`
	 * JSON (EVPN: routeType, ethTag, mac, ip ...), into the open
	 * object. */
	void		(*show_json)(struct json *j, const void *route);
};

#define BGP_CODEC_AFIS_MAX	8

/*
 * The codec context: registered AFI/SAFI descriptors and an optional
 * extended-community printer (evpn/ prints its own types).
 * Lives in the daemon context (no globals).
 */
struct bgp_codec {
	size_t			 nafis;
	const struct bgp_afi_ops *afis[BGP_CODEC_AFIS_MAX];
	/* Print one extended community; false: not one of the hook's. */
	bool			(*ecomm_json)(struct json *j,
				    const struct ext_comm *ec);
	/* Optional: one extended community as FRR's show text has it
	 * ("RT:65000:100", "ET:8", "MM:1"); buf holds 48 bytes. */
	const char		*(*ecomm_str)(const struct ext_comm *ec,
				    char *buf);
};

/* Registers ipv4-unicast and ipv6-unicast. */
void		 bgp_codec_init(struct bgp_codec *);
/* -1 when full or already registered. */
int		 bgp_codec_register(struct bgp_codec *,
		    const struct bgp_afi_ops *);
const struct bgp_afi_ops *bgp_codec_find(const struct bgp_codec *,
		    uint16_t afi, uint8_t safi);

extern const struct bgp_afi_ops bgp_afi_ipv4_unicast;
extern const struct bgp_afi_ops bgp_afi_ipv6_unicast;

/* ---- what a session negotiated, as the codec needs it ---- */

enum bgp_peer_kind {
	BGP_PEER_UNKNOWN = 0,		/* --decode: no IBGP/EBGP checks */
	BGP_PEER_IBGP,
	BGP_PEER_EBGP,
};

#define BGP_ADDPATH_AFS_MAX	8

struct bgp_peer_caps {
	bool		 as4;		/* 4-octet AS_PATH on the wire */
	bool		 ext_msg;
	enum bgp_peer_kind kind;
	size_t		 naddpath_rx;	/* families whose NLRI carry path IDs */
	struct bgp_af	 addpath_rx[BGP_ADDPATH_AFS_MAX];
};

bool		 bgp_caps_addpath(const struct bgp_peer_caps *, uint16_t afi,
		    uint8_t safi);

/* ---- decoded UPDATE ---- */

/* An array of decoded routes of one family, in the arena. */
struct bgp_routes {
	const struct bgp_afi_ops *ops;	/* NULL: family not registered */
	size_t			 n;
	void			*v;	/* n * ops->route_size bytes */
};

static inline const void *
bgp_routes_at(const struct bgp_routes *r, size_t i)
{
	return (const uint8_t *)r->v + i * r->ops->route_size;
}

struct bgp_pmsi {
	uint8_t		 flags;
	uint8_t		 tunnel_type;
	uint32_t	 label;		/* raw 24 bits (VNI for VXLAN) */
	struct wire_rd	 tunnel_id;
};

struct bgp_mp_reach {
	uint16_t	 afi;
	uint8_t		 safi;
	struct wire_rd	 nexthop;	/* raw next hop field */
	struct ip_addr	 nh;		/* first (global) next hop */
	struct ip_addr	 nh_ll;		/* IPv6 link-local, when 32 bytes */
	struct wire_rd	 nlri;		/* raw NLRI field */
	struct bgp_routes routes;
};

struct bgp_mp_unreach {
	uint16_t	 afi;
	uint8_t		 safi;
	struct wire_rd	 nlri;
	struct bgp_routes routes;
};

struct bgp_attr_raw {
	uint8_t		 flags;
	uint8_t		 type;
	struct wire_rd	 value;
};

/*
 * A decoded attribute set.  Attributes discarded by RFC 7606 are absent
 * (not in 'seen').  Views point into the message.
 */
struct bgp_attrs {
	uint8_t		 seen[32];	/* bitmap by attribute type */
	uint8_t		 flags[256];	/* received flags, valid when seen */
	uint8_t		 origin;
	struct wire_rd	 as_path;	/* validated segments */
	uint8_t		 as_path_size;	/* 2 or 4 octets per AS */
	struct wire_rd	 as4_path;	/* validated, 4 octets per AS */
	struct ip_addr	 nexthop;	/* NEXT_HOP */
	uint32_t	 med;
	uint32_t	 local_pref;
	uint32_t	 aggregator_as;
	uint8_t		 aggregator_size;	/* 2 or 4 */
	uint32_t	 aggregator_id;
	uint32_t	 as4_aggregator_as;
	uint32_t	 as4_aggregator_id;
	struct wire_rd	 communities;	/* n * 4 */
	uint32_t	 originator_id;
	struct wire_rd	 cluster_list;	/* n * 4 */
	struct wire_rd	 ext_communities; /* n * 8 */
	struct wire_rd	 large_communities; /* n * 12 */
	struct bgp_pmsi	 pmsi;
	struct bgp_mp_reach mp_reach;
	struct bgp_mp_unreach mp_unreach;
	size_t		 nunknown;	/* unknown optional, in wire order */
	struct bgp_attr_raw unknown[BGP_ATTRS_UNKNOWN_MAX];
};

static inline bool
bgp_attrs_has(const struct bgp_attrs *a, uint8_t type)
{
	return (a->seen[type >> 3] >> (type & 7)) & 1;
}

static inline void
bgp_attrs_set(struct bgp_attrs *a, uint8_t type)
{
	a->seen[type >> 3] |= (uint8_t)(1u << (type & 7));
}

static inline void
bgp_attrs_clear(struct bgp_attrs *a, uint8_t type)
{
	a->seen[type >> 3] &= (uint8_t)~(1u << (type & 7));
}

struct bgp_update {
	struct wire_rd	 withdrawn_raw;	/* IPv4 withdrawn routes field */
	struct wire_rd	 attrs_raw;	/* total path attributes field */
	struct wire_rd	 nlri_raw;	/* IPv4 NLRI field */
	struct bgp_routes withdrawn;	/* IPv4 unicast */
	struct bgp_routes nlri;		/* IPv4 unicast */
	struct bgp_attrs attrs;
	/* End-of-RIB (RFC 4724 section 2) */
	bool		 eor;
	uint16_t	 eor_afi;
	uint8_t		 eor_safi;
};

/*
 * Parse one UPDATE body.  Returns err->action: BGP_ACT_NONE or
 * BGP_ACT_ATTR_DISCARD (u usable; discarded attributes absent),
 * BGP_ACT_WITHDRAW (u's reachable NLRI, IPv4 and MP_REACH, must be treated
 * as withdrawn; u is filled as far as it could be), BGP_ACT_AFI_DISABLE
 * (err->afi/safi), or BGP_ACT_RESET (send the NOTIFICATION in err).
 * Checks per RFC 7606: attribute flags and lengths, duplicates (section
 * 3(g)), missing well-known attributes (3(d)), MP_REACH/MP_UNREACH at most
 * once, NEXT_HOP sanity, AS_PATH segments, attribute-list overrun (4),
 * NLRI syntax.  caps->kind decides the IBGP/EBGP rules (LOCAL_PREF,
 * ORIGINATOR_ID, CLUSTER_LIST from EBGP).
 */
enum bgp_action	 bgp_update_parse(const struct bgp_codec *,
		    const struct bgp_peer_caps *, const struct wire_rd *body,
		    struct bgp_arena *, struct bgp_update *u,
		    struct bgp_err *err);

/*
 * Encode a whole UPDATE message from u: IPv4 withdrawn and NLRI from the
 * decoded route arrays, MP_REACH_NLRI then MP_UNREACH_NLRI first (RFC 7606
 * section 5.1 says MP_REACH SHALL come first; FRR sends both first), then
 * the other attributes in ascending type order (unknown ones merged in by
 * type, partial bit set on optional transitive ones), each
 * with the extended-length bit when its length exceeds 255 or when the
 * received flags had it; MP_REACH/MP_UNREACH NLRI re-encoded from the
 * decoded routes.  For the messages FRR, BIRD and GoBGP send (attributes
 * in that order) this gives the received bytes back.
 */
WIRE_WUR int	 bgp_update_encode(const struct bgp_codec *,
		    const struct bgp_peer_caps *, struct wire_wr *,
		    const struct bgp_update *u);

/*
 * AS_PATH walk.  it starts as a copy of attrs->as_path (already validated
 * by the parser).  Returns 1 and one segment (type, count, ASNs view of
 * count * as_size bytes), 0 at the end, -1 on malformation.
 */
int		 bgp_aspath_next(struct wire_rd *it, uint8_t as_size,
		    uint8_t *seg_type, uint8_t *count, struct wire_rd *asns);

#endif /* EVPND_INCLUDE_BGP_UPDATE_H */

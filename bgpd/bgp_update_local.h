/*
 * bgp_update_local.h -- private seam between bgp_update.c (message
 * layout, NLRI, MP_REACH/MP_UNREACH, End-of-RIB) and bgp_attr.c (path
 * attributes and their RFC 7606 classes).  Not for other modules.
 */
#ifndef EVPND_BGPD_BGP_UPDATE_LOCAL_H
#define EVPND_BGPD_BGP_UPDATE_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_update.h"
#include "wire.h"

/* State of one bgp_update_parse() call; lives on its stack. */
struct bgp_upd_ctx {
	const struct bgp_codec		*codec;
	const struct bgp_peer_caps	*caps;
	struct bgp_arena		*arena;
	struct bgp_update		*u;
	struct bgp_err			*err;
	uint8_t				 as_size;	/* 2 or 4 */
	bool				 ipv4_nlri;	/* NLRI non-empty */
	size_t				 nattrs;	/* attributes read */
	/* Every attribute type that occurred, even if later discarded:
	 * duplicates (RFC 7606 section 3(g)) and missing attributes
	 * (section 3(d)) are judged on occurrence, not on validity. */
	uint8_t				 present[32];
};

static inline bool
bgp_upd_present(const struct bgp_upd_ctx *c, uint8_t type)
{
	return (c->present[type >> 3] >> (type & 7)) & 1;
}

static inline void
bgp_upd_present_set(struct bgp_upd_ctx *c, uint8_t type)
{
	c->present[type >> 3] |= (uint8_t)(1u << (type & 7));
}

/* One attribute as read off the wire. */
struct bgp_attr_hdr {
	uint8_t		 flags;
	uint8_t		 type;
	struct wire_rd	 value;
	struct wire_rd	 whole;		/* header + value: NOTIFICATION data */
};

enum bgp_nlri_res {
	BGP_NLRI_OK = 0,
	BGP_NLRI_MALFORMED,		/* *why set */
	BGP_NLRI_NOMEM,			/* arena exhausted or > BGP_NLRI_MAX */
};

/* bgp_attr.c */
void		 bgp_attrs_parse(struct bgp_upd_ctx *, const struct wire_rd *);
WIRE_WUR int	 bgp_attrs_encode(const struct bgp_peer_caps *,
		    struct wire_wr *, const struct bgp_attrs *);
/* Record a malformation of attribute h (NULL: empty data). */
void		 bgp_attr_err(struct bgp_upd_ctx *, enum bgp_action,
		    uint8_t subcode, const struct bgp_attr_hdr *h,
		    const char *why);
/* Mark h accepted: its 'seen' bit and received flags. */
void		 bgp_attr_accept(struct bgp_upd_ctx *,
		    const struct bgp_attr_hdr *h);

/* bgp_update.c */
void		 bgp_mp_reach_parse(struct bgp_upd_ctx *,
		    const struct bgp_attr_hdr *);
void		 bgp_mp_unreach_parse(struct bgp_upd_ctx *,
		    const struct bgp_attr_hdr *);
/* Value bytes only (no attribute header). */
WIRE_WUR int	 bgp_mp_reach_encode(const struct bgp_peer_caps *,
		    struct wire_wr *, const struct bgp_mp_reach *);
WIRE_WUR int	 bgp_mp_unreach_encode(const struct bgp_peer_caps *,
		    struct wire_wr *, const struct bgp_mp_unreach *);
enum bgp_nlri_res bgp_nlri_decode(struct bgp_upd_ctx *,
		    const struct bgp_afi_ops *, bool addpath,
		    const struct wire_rd *field, struct bgp_routes *out,
		    const char **why);

#endif /* EVPND_BGPD_BGP_UPDATE_LOCAL_H */

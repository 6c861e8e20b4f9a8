/*
 * bgp_msg.h -- BGP message codec: errors (RFC 7606 actions), framing,
 * OPEN with capabilities, KEEPALIVE, NOTIFICATION, ROUTE-REFRESH.
 *
 * DOC: all parsers are pure functions over bounded views (wire.h): no I/O,
 * no logging, no globals, no heap.  Decoded structures hold views into the
 * caller's message buffer, so they live no longer than that buffer.
 * Every parser reports a malformation through struct bgp_err: the action
 * RFC 7606 (or RFC 4271 section 6 for non-UPDATE messages) prescribes, the
 * NOTIFICATION code/subcode, a reason and a view of the offending data
 * (the NOTIFICATION Data field).
 * Encoders write whole messages (header included) into a struct wire_wr
 * and return -1, with a partial write, when it is too small.
 */
#ifndef EVPND_INCLUDE_BGP_MSG_H
#define EVPND_INCLUDE_BGP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_proto.h"
#include "wire.h"

/* RFC 7606 section 2, ordered by severity: a larger value wins. */
enum bgp_action {
	BGP_ACT_NONE = 0,
	BGP_ACT_ATTR_DISCARD,		/* "attribute discard" */
	BGP_ACT_WITHDRAW,		/* "treat-as-withdraw" */
	BGP_ACT_AFI_DISABLE,		/* "AFI/SAFI disable" */
	BGP_ACT_RESET,			/* "session reset" */
};

struct bgp_err {
	enum bgp_action	 action;	/* most severe seen */
	uint8_t		 code;		/* NOTIFICATION code of that one */
	uint8_t		 subcode;
	uint16_t	 afi;		/* for BGP_ACT_AFI_DISABLE */
	uint8_t		 safi;
	unsigned	 count;		/* malformations seen in the message */
	struct wire_rd	 data;		/* NOTIFICATION data (view) */
	char		 reason[96];
};

void		 bgp_err_init(struct bgp_err *);
/*
 * Record a malformation.  The first error of the highest action is kept;
 * count always grows.  data may be NULL (empty NOTIFICATION data).
 */
void		 bgp_err_raise(struct bgp_err *, enum bgp_action, uint8_t code,
		    uint8_t subcode, const struct wire_rd *data,
		    const char *reason);
/* "none", "attribute-discard", "treat-as-withdraw", "afi-safi-disable",
 * "session-reset" */
const char	*bgp_action_name(enum bgp_action);
const char	*bgp_msg_type_name(uint8_t type);	/* "OPEN", ... "UNKNOWN" */
const char	*bgp_err_code_name(uint8_t code);
const char	*bgp_err_subcode_name(uint8_t code, uint8_t subcode);

/* ---- framing: RFC 4271 section 4.1 and 6.1 ---- */

struct bgp_hdr {
	uint16_t	 len;		/* whole message, header included */
	uint8_t		 type;
	struct wire_rd	 body;		/* len - 19 bytes */
	struct wire_rd	 msg;		/* the whole message */
};

/*
 * Frame the next message of a byte stream.  max_len is 4096, or 65535 once
 * Extended Messages (RFC 8654) are negotiated.
 * Returns 1 with *h filled and rd advanced past the message; 0 when rd holds
 * less than a whole message (rd unchanged); -1 on a Message Header Error
 * (err filled with BGP_ACT_RESET, rd unchanged).  Type-specific length
 * limits of RFC 4271 section 6.1 are checked here too.
 */
int		 bgp_msg_frame(struct wire_rd *rd, size_t max_len,
		    struct bgp_hdr *h, struct bgp_err *err);

/*
 * Start a message: writes marker and type, reserves the length; *off is
 * the message's start for bgp_msg_finish(), which patches the length.
 */
WIRE_WUR int	 bgp_msg_begin(struct wire_wr *, uint8_t type, size_t *off);
WIRE_WUR int	 bgp_msg_finish(struct wire_wr *, size_t off);

/* ---- OPEN: RFC 4271 section 4.2, RFC 5492, RFC 9072 ---- */

struct bgp_af {
	uint16_t	afi;
	uint8_t		safi;
	uint8_t		flags;		/* add-path mode, or GR AF flags */
};

struct bgp_cap {
	uint8_t		 code;
	struct wire_rd	 value;		/* raw capability value */
};

struct bgp_open {
	uint8_t		 version;
	uint16_t	 my_as;		/* 2-octet field (AS_TRANS if > 65535) */
	uint16_t	 hold;
	uint32_t	 bgp_id;	/* host order */
	bool		 ext_params;	/* RFC 9072 encoding was used */

	/* Every capability in wire order, raw (unknown ones kept). */
	size_t		 ncaps;
	struct bgp_cap	 caps[BGP_CAPS_MAX];

	/* Decoded views of the known ones. */
	bool		 has_as4;
	uint32_t	 as4;
	size_t		 nmp;
	struct bgp_af	 mp[BGP_CAP_AFS_MAX];
	bool		 route_refresh;		/* code 2 */
	bool		 route_refresh_old;	/* code 128 */
	bool		 enhanced_rr;		/* code 70 */
	bool		 ext_msg;		/* code 6 */
	bool		 has_gr;
	uint8_t		 gr_flags;		/* R, N bits (top nibble) */
	uint16_t	 gr_time;		/* 12-bit restart time */
	size_t		 ngr;
	struct bgp_af	 gr[BGP_CAP_AFS_MAX];	/* flags: F bit */
	bool		 has_addpath;
	size_t		 naddpath;
	struct bgp_af	 addpath[BGP_CAP_AFS_MAX];	/* flags: RX/TX */
	bool		 has_llgr;
	bool		 has_fqdn;
	struct wire_rd	 hostname;
	struct wire_rd	 domainname;
};

/*
 * Parse an OPEN body.  On error returns -1 with an OPEN Message Error (or
 * Bad Message Length) and BGP_ACT_RESET in err.  A malformed known
 * capability is an error (subcode 0, as RFC 5492 leaves it open; FRR and
 * BIRD do the same); unknown capabilities are kept raw and never an error.
 * Semantic checks that need local config (peer AS, hold time acceptance
 * beyond RFC 4271's 0-or->=3 rule) are the session's job.
 */
int		 bgp_open_parse(const struct wire_rd *body, struct bgp_open *o,
		    struct bgp_err *err);
/* The peer's real AS: the AS4 capability when present, else my_as. */
uint32_t	 bgp_open_peer_as(const struct bgp_open *);
/*
 * Encode an OPEN from o->version..o->bgp_id and the raw caps[] list, each
 * capability in its own optional parameter (as FRR and BIRD send them);
 * the RFC 9072 form when o->ext_params or when the parameters exceed 255
 * bytes.  The decoded fields (has_as4, mp, ...) are ignored: build caps[]
 * with the bgp_cap_put_* helpers below.
 */
WIRE_WUR int	 bgp_open_encode(struct wire_wr *, const struct bgp_open *o);

/*
 * Capability value builders: write the value bytes of one capability into
 * wr (which the caller owns and keeps alive while caps[] points at it) and
 * append a struct bgp_cap to o->caps.  -1 when wr or caps[] is full.
 */
WIRE_WUR int	 bgp_cap_put_mp(struct bgp_open *, struct wire_wr *,
		    uint16_t afi, uint8_t safi);
WIRE_WUR int	 bgp_cap_put_as4(struct bgp_open *, struct wire_wr *,
		    uint32_t asn);
WIRE_WUR int	 bgp_cap_put_empty(struct bgp_open *, struct wire_wr *,
		    uint8_t code);	/* RR, ERR, EXT_MSG, RR-old */
WIRE_WUR int	 bgp_cap_put_addpath(struct bgp_open *, struct wire_wr *,
		    const struct bgp_af *afs, size_t n);
WIRE_WUR int	 bgp_cap_put_gr(struct bgp_open *, struct wire_wr *,
		    uint8_t flags, uint16_t time, const struct bgp_af *afs,
		    size_t n);
WIRE_WUR int	 bgp_cap_put_fqdn(struct bgp_open *, struct wire_wr *,
		    const char *host, const char *domain);

/* ---- KEEPALIVE: RFC 4271 section 4.4 ---- */

WIRE_WUR int	 bgp_keepalive_encode(struct wire_wr *);

/* ---- NOTIFICATION: RFC 4271 section 4.5, RFC 8203/9003 ---- */

struct bgp_notification {
	uint8_t		 code;
	uint8_t		 subcode;
	struct wire_rd	 data;
	/* Cease/Administrative Shutdown or Reset with a communication. */
	bool		 has_shutdown_msg;
	struct wire_rd	 shutdown_msg;	/* UTF-8, not NUL-terminated */
};

/* -1 (Bad Message Length, RESET) only when the body is shorter than 2. */
int		 bgp_notification_parse(const struct wire_rd *body,
		    struct bgp_notification *n, struct bgp_err *err);
WIRE_WUR int	 bgp_notification_encode(struct wire_wr *, uint8_t code,
		    uint8_t subcode, const struct wire_rd *data);
/* A NOTIFICATION carrying what err describes. */
WIRE_WUR int	 bgp_notification_from_err(struct wire_wr *,
		    const struct bgp_err *err);

/* ---- ROUTE-REFRESH: RFC 2918, RFC 7313 ---- */

struct bgp_route_refresh {
	uint16_t	afi;
	uint8_t		subtype;	/* BGP_RR_NORMAL, _BORR, _EORR, other */
	uint8_t		safi;
};

/*
 * -1 on a wrong length: for subtypes 1 and 2, ROUTE-REFRESH Message Error /
 * Invalid Message Length (RFC 7313 section 5) with the whole message as
 * data; otherwise Bad Message Length.  Unknown subtypes parse fine; the
 * caller ignores them as RFC 7313 says.
 */
int		 bgp_route_refresh_parse(const struct wire_rd *body,
		    const struct wire_rd *msg, struct bgp_route_refresh *rr,
		    struct bgp_err *err);
WIRE_WUR int	 bgp_route_refresh_encode(struct wire_wr *,
		    const struct bgp_route_refresh *rr);

#endif /* EVPND_INCLUDE_BGP_MSG_H */

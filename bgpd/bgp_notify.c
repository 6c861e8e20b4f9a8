/*
 * bgp_notify.c -- KEEPALIVE, NOTIFICATION and ROUTE-REFRESH messages, and
 * the names of NOTIFICATION codes and subcodes.
 *
 * DOC: owns the wire format of RFC 4271 section 4.4 (KEEPALIVE) and 4.5
 * (NOTIFICATION), the Shutdown Communication of RFC 9003 (which obsoletes
 * RFC 8203) in Cease / Administrative Shutdown and Reset, and ROUTE-REFRESH
 * with the RFC 7313 subtypes (RFC 2918 section 3, RFC 7313 sections 3.2
 * and 5).  The name tables cover RFC 4271 section 4.5 and 6, RFC 4486
 * (Cease), RFC 5492 (Unsupported Capability), RFC 6608 (FSM), RFC 7313
 * (ROUTE-REFRESH), RFC 8538 (Hard Reset), RFC 9234 (Role Mismatch) and
 * RFC 9384 (BFD Down); anything else is "unknown".
 *
 * Invariants: parsers are pure (STYLE.md section 5) and keep views into
 * the caller's message buffer.  A NOTIFICATION never fails to parse once
 * it has its two code octets (RFC 4271 section 6.4: there is nothing to
 * answer it with); a malformed Shutdown Communication only clears
 * has_shutdown_msg.
 */
#include "bgp_msg.h"

#include <string.h>

/* RFC 7313 section 5: ROUTE-REFRESH Message Error subcode. */
#define RR_ERR_INVALID_LEN	1
/* RFC 2918 section 3: AFI (2), Reserved / Subtype (1), SAFI (1). */
#define RR_BODY_LEN		4
#define NOTIFY_BODY_MIN		2

/* ---- names ---- */

static const char *const hdr_names[] = {	/* RFC 4271 section 6.1 */
	[1] = "Connection Not Synchronized",
	[2] = "Bad Message Length",
	[3] = "Bad Message Type",
};

static const char *const open_names[] = {	/* RFC 4271 section 6.2 */
	[1] = "Unsupported Version Number",
	[2] = "Bad Peer AS",
	[3] = "Bad BGP Identifier",
	[4] = "Unsupported Optional Parameter",
	[5] = "Authentication Failure (deprecated)",
	[6] = "Unacceptable Hold Time",
	[7] = "Unsupported Capability",		/* RFC 5492 section 5 */
	[11] = "Role Mismatch",			/* RFC 9234 section 4.2 */
};

static const char *const update_names[] = {	/* RFC 4271 section 6.3 */
	[1] = "Malformed Attribute List",
	[2] = "Unrecognized Well-known Attribute",
	[3] = "Missing Well-known Attribute",
	[4] = "Attribute Flags Error",
	[5] = "Attribute Length Error",
	[6] = "Invalid ORIGIN Attribute",
	[7] = "AS Routing Loop (deprecated)",
	[8] = "Invalid NEXT_HOP Attribute",
	[9] = "Optional Attribute Error",
	[10] = "Invalid Network Field",
	[11] = "Malformed AS_PATH",
};

static const char *const fsm_names[] = {	/* RFC 6608 */
	[1] = "Receive Unexpected Message in OpenSent State",
	[2] = "Receive Unexpected Message in OpenConfirm State",
	[3] = "Receive Unexpected Message in Established State",
};

static const char *const cease_names[] = {	/* RFC 4486 */
	[1] = "Maximum Number of Prefixes Reached",
	[2] = "Administrative Shutdown",
	[3] = "Peer De-configured",
	[4] = "Administrative Reset",
	[5] = "Connection Rejected",
	[6] = "Other Configuration Change",
	[7] = "Connection Collision Resolution",
	[8] = "Out of Resources",
	[9] = "Hard Reset",			/* RFC 8538 */
	[10] = "BFD Down",			/* RFC 9384 */
};

static const char *const rr_names[] = {		/* RFC 7313 section 5 */
	[1] = "Invalid Message Length",
};

#define NAMES(a)	(a), sizeof(a) / sizeof((a)[0])

struct err_names {
	const char		*name;
	const char *const	*sub;
	size_t			 nsub;
};

/* Indexed by code; RFC 4271 section 4.5 and RFC 7313 section 5. */
static const struct err_names err_names[] = {
	[BGP_ERR_HEADER] = { "Message Header Error", NAMES(hdr_names) },
	[BGP_ERR_OPEN] = { "OPEN Message Error", NAMES(open_names) },
	[BGP_ERR_UPDATE] = { "UPDATE Message Error", NAMES(update_names) },
	[BGP_ERR_HOLD] = { "Hold Timer Expired", NULL, 0 },
	[BGP_ERR_FSM] = { "Finite State Machine Error", NAMES(fsm_names) },
	[BGP_ERR_CEASE] = { "Cease", NAMES(cease_names) },
	[BGP_ERR_ROUTE_REFRESH] = { "ROUTE-REFRESH Message Error",
	    NAMES(rr_names) },
};

static const struct err_names *
err_names_find(uint8_t code)
{
	if (code >= sizeof(err_names) / sizeof(err_names[0]) ||
	    err_names[code].name == NULL)
		return NULL;
	return &err_names[code];
}

const char *
bgp_err_code_name(uint8_t code)
{
	const struct err_names *e = err_names_find(code);

	return e != NULL ? e->name : "unknown";
}

const char *
bgp_err_subcode_name(uint8_t code, uint8_t subcode)
{
	const struct err_names *e = err_names_find(code);

	if (e == NULL)
		return "unknown";
	/* RFC 4271 section 4.5: zero is "Unspecific" for every code. */
	if (subcode == 0)
		return "Unspecific";
	if (subcode >= e->nsub || e->sub[subcode] == NULL)
		return "unknown";
	return e->sub[subcode];
}

/* ---- KEEPALIVE ---- */

/* RFC 4271 section 4.4: the header alone. */
int
bgp_keepalive_encode(struct wire_wr *wr)
{
	size_t off;

	if (bgp_msg_begin(wr, BGP_MSG_KEEPALIVE, &off) == -1)
		return -1;
	return bgp_msg_finish(wr, off);
}

/* ---- NOTIFICATION ---- */

/* UTF-8 lead byte: continuation count and smallest code point, or -1. */
static int
utf8_lead(uint8_t b, uint32_t *cp, uint32_t *min)
{
	if ((b & 0xe0) == 0xc0) {
		*cp = b & 0x1f;
		*min = 0x80;
		return 1;
	}
	if ((b & 0xf0) == 0xe0) {
		*cp = b & 0x0f;
		*min = 0x800;
		return 2;
	}
	if ((b & 0xf8) == 0xf0) {
		*cp = b & 0x07;
		*min = 0x10000;
		return 3;
	}
	return -1;
}

/*
 * Well-formed UTF-8 (RFC 3629 section 4): no overlong forms, no
 * surrogates, nothing above U+10FFFF.
 */
static bool
utf8_valid(struct wire_rd v)
{
	uint32_t cp, min;
	uint8_t b, c;
	int n;

	while (wire_rd_u8(&v, &b) == 0) {
		if (b < 0x80)
			continue;
		if ((n = utf8_lead(b, &cp, &min)) == -1)
			return false;
		while (n-- > 0) {
			if (wire_rd_u8(&v, &c) == -1 || (c & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (c & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
	}
	return true;
}

/*
 * RFC 9003 section 2: in Cease / Administrative Shutdown and Reset, the
 * data may start with a 1-octet length and that many octets of UTF-8.
 * Length 0 means no communication.  A length overrunning the data, or
 * invalid UTF-8, makes it malformed: RFC 9003 says it must then not be
 * logged verbatim, so it is simply not reported (n->data still has it).
 * Octets after the communication are allowed and ignored.
 */
static void
shutdown_msg_parse(struct wire_rd data, struct bgp_notification *n)
{
	struct wire_rd msg;
	uint8_t len;

	if (wire_rd_u8(&data, &len) == -1 || len == 0 ||
	    wire_rd_sub(&data, len, &msg) == -1 || !utf8_valid(msg))
		return;
	n->has_shutdown_msg = true;
	n->shutdown_msg = msg;
}

int
bgp_notification_parse(const struct wire_rd *body,
    struct bgp_notification *n, struct bgp_err *err)
{
	struct wire_rd rd = *body;

	memset(n, 0, sizeof(*n));
	/* RFC 4271 section 4.5: the minimum length is 21. */
	if (wire_rd_u8(&rd, &n->code) == -1 ||
	    wire_rd_u8(&rd, &n->subcode) == -1) {
		bgp_err_raise(err, BGP_ACT_RESET, BGP_ERR_HEADER,
		    BGP_ERR_HDR_LEN, NULL,
		    "NOTIFICATION shorter than 21 bytes");
		return -1;
	}
	n->data = rd;
	if (n->code == BGP_ERR_CEASE &&
	    (n->subcode == BGP_ERR_CEASE_ADMIN_SHUT ||
	    n->subcode == BGP_ERR_CEASE_ADMIN_RESET))
		shutdown_msg_parse(rd, n);
	return 0;
}

int
bgp_notification_encode(struct wire_wr *wr, uint8_t code, uint8_t subcode,
    const struct wire_rd *data)
{
	size_t off;

	if (data != NULL && wire_rd_left(data) > BGP_NOTIFY_DATA_MAX)
		return -1;
	if (bgp_msg_begin(wr, BGP_MSG_NOTIFICATION, &off) == -1 ||
	    wire_wr_u8(wr, code) == -1 || wire_wr_u8(wr, subcode) == -1)
		return -1;
	if (data != NULL && wire_wr_view_bytes(wr, data) == -1)
		return -1;
	return bgp_msg_finish(wr, off);
}

/*
 * The data is cut to what fits in wr, so a NOTIFICATION is always sent
 * even when the offending data is large (e.g. an attribute of an Extended
 * Message): callers size wr to the session's maximum message length.
 * -1 when err holds no error (code 0 is not a valid NOTIFICATION).
 */
int
bgp_notification_from_err(struct wire_wr *wr, const struct bgp_err *err)
{
	struct wire_rd src = err->data, data;
	size_t room = wire_wr_room(wr), n;

	if (err->code == 0 || room < BGP_HDR_LEN + NOTIFY_BODY_MIN)
		return -1;
	n = wire_rd_left(&src);
	if (n > room - BGP_HDR_LEN - NOTIFY_BODY_MIN)
		n = room - BGP_HDR_LEN - NOTIFY_BODY_MIN;
	if (n > BGP_NOTIFY_DATA_MAX)
		n = BGP_NOTIFY_DATA_MAX;
	if (wire_rd_sub(&src, n, &data) == -1)
		return -1;
	return bgp_notification_encode(wr, err->code, err->subcode, &data);
}

/* ---- ROUTE-REFRESH ---- */

/*
 * A wrong length.  RFC 7313 section 5: for subtypes 1 (BoRR) and 2 (EoRR)
 * it is a ROUTE-REFRESH Message Error / Invalid Message Length with the
 * complete message as data.  Otherwise (RFC 2918 has no rule of its own)
 * RFC 4271 section 6.1 applies: Bad Message Length with the Length field.
 */
static int
rr_bad_length(const struct wire_rd *msg, bool subtype_known, uint8_t subtype,
    struct bgp_err *err)
{
	struct wire_rd m, lenfield;
	bool have_len = false;

	if (subtype_known &&
	    (subtype == BGP_RR_BORR || subtype == BGP_RR_EORR)) {
		bgp_err_raise(err, BGP_ACT_RESET, BGP_ERR_ROUTE_REFRESH,
		    RR_ERR_INVALID_LEN, msg, "BoRR/EoRR ROUTE-REFRESH length "
		    "is not 23");
		return -1;
	}
	if (msg != NULL) {
		m = *msg;
		have_len = wire_rd_skip(&m, BGP_MARKER_LEN) == 0 &&
		    wire_rd_sub(&m, 2, &lenfield) == 0;
	}
	bgp_err_raise(err, BGP_ACT_RESET, BGP_ERR_HEADER, BGP_ERR_HDR_LEN,
	    have_len ? &lenfield : NULL, "ROUTE-REFRESH length is not 23");
	return -1;
}

int
bgp_route_refresh_parse(const struct wire_rd *body, const struct wire_rd *msg,
    struct bgp_route_refresh *rr, struct bgp_err *err)
{
	struct wire_rd rd = *body;
	bool subtype_known;

	memset(rr, 0, sizeof(*rr));
	subtype_known = wire_rd_u16(&rd, &rr->afi) == 0 &&
	    wire_rd_u8(&rd, &rr->subtype) == 0;
	if (wire_rd_left(body) != RR_BODY_LEN)
		return rr_bad_length(msg, subtype_known, rr->subtype, err);
	if (wire_rd_u8(&rd, &rr->safi) == -1)
		return -1;
	/*
	 * RFC 7313 section 5: other subtypes must be ignored, which is the
	 * caller's decision; RFC 2918 section 4: so are unknown AFI/SAFIs.
	 */
	return 0;
}

/* RFC 2918 section 3, RFC 7313 section 3.2. */
int
bgp_route_refresh_encode(struct wire_wr *wr,
    const struct bgp_route_refresh *rr)
{
	size_t off;

	if (bgp_msg_begin(wr, BGP_MSG_ROUTE_REFRESH, &off) == -1 ||
	    wire_wr_u16(wr, rr->afi) == -1 ||
	    wire_wr_u8(wr, rr->subtype) == -1 ||
	    wire_wr_u8(wr, rr->safi) == -1)
		return -1;
	return bgp_msg_finish(wr, off);
}

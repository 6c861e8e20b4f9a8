/*
 * bgp_open.c -- the OPEN message and its capabilities: parse, encode, and
 * the capability value builders.
 *
 * DOC: owns the wire format of RFC 4271 section 4.2 (OPEN), RFC 5492
 * (Capabilities Optional Parameter) and RFC 9072 (Extended Optional
 * Parameters Length), and the value formats of the capabilities we
 * understand: multiprotocol (RFC 4760 section 8), route refresh (RFC 2918
 * and the pre-standard code 128), extended message (RFC 8654), graceful
 * restart (RFC 4724 section 3), 4-octet AS (RFC 6793), ADD-PATH (RFC 7911
 * section 4), enhanced route refresh (RFC 7313), long-lived graceful
 * restart (RFC 9494; presence only) and FQDN (draft-walton-bgp-hostname).
 *
 * Invariants:
 * - bgp_open_parse() is pure (STYLE.md section 5): it reads only through
 *   child views of the body, writes only *o and *err, and every view it
 *   stores points into the caller's message buffer.
 * - o->caps[] is the raw capability list in wire order; it is what
 *   bgp_open_encode() writes back, one capability per optional parameter
 *   as FRR and BIRD send them, so encode(parse(x)) == x for such OPENs
 *   (checked against the FRR 8.4 captures in tests/unit/test_bgp_msg.c).
 * - The decoded fields (has_as4, mp[], gr[], ...) are derived from each
 *   capability by one function, cap_decode(), used both by the parser and
 *   by the bgp_cap_put_* builders, so a locally built OPEN has the same
 *   decoded fields its parse would give.
 *
 * Policy:
 * - A malformed known capability is an OPEN Message Error with subcode 0
 *   (RFC 5492 leaves the choice open; FRR and BIRD do the same).  Unknown
 *   capabilities are kept raw and are never an error (RFC 5492 section 4).
 * - Hard caps (bgp_proto.h): only the first BGP_CAPS_MAX capabilities are
 *   kept in caps[] and only the first BGP_CAP_AFS_MAX AFI/SAFI entries of
 *   each list; the rest are still validated and decoded but dropped, and
 *   the OPEN is not rejected.  A peer with that many has no legitimate
 *   need for them, and refusing the session would be worse.
 * - A repeated capability: MP and ADD-PATH entries accumulate; for AS4,
 *   graceful restart and FQDN the last instance wins (as FRR does).
 *
 * Known gaps: semantic checks that need configuration (peer AS, AS4 versus
 * My AS consistency, RFC 6793 section 4.1; hold time acceptance beyond the
 * 0-or-at-least-3 rule; BGP Identifier collision) are the session's job.
 */
#include "bgp_msg.h"

#include <string.h>

/* RFC 4271 section 6.2: Unsupported Version Number carries the largest
 * locally supported version as a 2-octet unsigned integer. */
static const uint8_t open_version_data[2] = { 0, BGP_VERSION };

/* Capability value sizes and limits. */
#define CAP_MP_LEN		4	/* RFC 4760 section 8 */
#define CAP_AS4_LEN		4	/* RFC 6793 section 3 */
#define CAP_GR_HDR_LEN		2	/* RFC 4724 section 3 */
#define CAP_AF_TUPLE_LEN	4	/* GR and ADD-PATH AF entries */
#define CAP_VALUE_MAX		255	/* one-octet capability length */
#define GR_TIME_MASK		0x0fff
#define GR_FLAGS_MASK		0xf0
#define PARAM_HDR_LEN		2	/* type, 1-octet length */
#define PARAM_EXT_HDR_LEN	3	/* RFC 9072: type, 2-octet length */
#define CAP_HDR_LEN		2	/* code, length */
#define EXT_MARKER_LEN		3	/* RFC 9072: type 255, 2-octet length */

static int
open_err(struct bgp_err *err, uint8_t subcode, const struct wire_rd *data,
    const char *reason)
{
	bgp_err_raise(err, BGP_ACT_RESET, BGP_ERR_OPEN, subcode, data, reason);
	return -1;
}

/* A malformed known capability: OPEN Message Error, subcode 0 (see DOC). */
static int
cap_malformed(struct bgp_err *err, const char *reason)
{
	return open_err(err, 0, NULL, reason);
}

/* Append to a bounded AF list; entries past BGP_CAP_AFS_MAX are dropped. */
static void
af_append(struct bgp_af *afs, size_t *n, uint16_t afi, uint8_t safi,
    uint8_t flags)
{
	if (*n >= BGP_CAP_AFS_MAX)
		return;
	afs[*n].afi = afi;
	afs[*n].safi = safi;
	afs[*n].flags = flags;
	(*n)++;
}

/* RFC 4760 section 8: AFI (2), Reserved (1), SAFI (1). */
static int
cap_mp(struct bgp_open *o, struct wire_rd v, struct bgp_err *err)
{
	uint16_t afi;
	uint8_t res, safi;

	if (wire_rd_left(&v) != CAP_MP_LEN || wire_rd_u16(&v, &afi) == -1 ||
	    wire_rd_u8(&v, &res) == -1 || wire_rd_u8(&v, &safi) == -1)
		return cap_malformed(err, "multiprotocol capability length "
		    "is not 4");
	/* The reserved octet is ignored on receipt (RFC 4760 section 8). */
	af_append(o->mp, &o->nmp, afi, safi, 0);
	return 0;
}

/*
 * Capabilities that are pure flags: route refresh (RFC 2918 section 2,
 * and the pre-standard code 128), enhanced route refresh (RFC 7313
 * section 3.1) and extended message (RFC 8654) all have length 0.
 */
static int
cap_flag(bool *flag, struct wire_rd v, struct bgp_err *err)
{
	if (!wire_rd_empty(&v))
		return cap_malformed(err, "flag capability with non-zero "
		    "length");
	*flag = true;
	return 0;
}

/*
 * RFC 6793 section 3: the 4-octet AS number.  Its consistency with My AS
 * (RFC 6793 section 4.1) is checked by the session, not here; so is an
 * AS4 value of 0, which RFC 7607 section 3 makes a Bad Peer AS: the
 * session sees it as bgp_open_peer_as() == 0.
 */
static int
cap_as4(struct bgp_open *o, struct wire_rd v, struct bgp_err *err)
{
	uint32_t as4;

	if (wire_rd_left(&v) != CAP_AS4_LEN || wire_rd_u32(&v, &as4) == -1)
		return cap_malformed(err, "4-octet AS capability length is "
		    "not 4");
	o->has_as4 = true;
	o->as4 = as4;
	return 0;
}

/*
 * RFC 4724 section 3: Restart Flags (4 bits), Restart Time (12 bits), then
 * zero or more <AFI (2), SAFI (1), Flags for AF (1)> tuples.
 */
static int
cap_gr(struct bgp_open *o, struct wire_rd v, struct bgp_err *err)
{
	uint16_t hdr, afi;
	uint8_t safi, flags;

	if (wire_rd_left(&v) < CAP_GR_HDR_LEN ||
	    (wire_rd_left(&v) - CAP_GR_HDR_LEN) % CAP_AF_TUPLE_LEN != 0 ||
	    wire_rd_u16(&v, &hdr) == -1)
		return cap_malformed(err, "graceful restart capability "
		    "length is not 2 + 4n");
	o->has_gr = true;
	o->gr_flags = (uint8_t)(hdr >> 8) & GR_FLAGS_MASK;
	o->gr_time = hdr & GR_TIME_MASK;
	o->ngr = 0;	/* a repeated instance replaces the earlier one */
	while (!wire_rd_empty(&v)) {
		if (wire_rd_u16(&v, &afi) == -1 ||
		    wire_rd_u8(&v, &safi) == -1 ||
		    wire_rd_u8(&v, &flags) == -1)
			return cap_malformed(err, "graceful restart "
			    "capability truncated");
		af_append(o->gr, &o->ngr, afi, safi, flags);
	}
	return 0;
}

/*
 * RFC 7911 section 4: <AFI (2), SAFI (1), Send/Receive (1)> tuples; the
 * Send/Receive value must be 1, 2 or 3.  An empty list is accepted (FRR
 * and BIRD accept it too): it simply negotiates nothing.
 */
static int
cap_addpath(struct bgp_open *o, struct wire_rd v, struct bgp_err *err)
{
	uint16_t afi;
	uint8_t safi, mode;

	if (wire_rd_left(&v) % CAP_AF_TUPLE_LEN != 0)
		return cap_malformed(err, "ADD-PATH capability length is not "
		    "a multiple of 4");
	o->has_addpath = true;
	while (!wire_rd_empty(&v)) {
		if (wire_rd_u16(&v, &afi) == -1 ||
		    wire_rd_u8(&v, &safi) == -1 ||
		    wire_rd_u8(&v, &mode) == -1)
			return cap_malformed(err, "ADD-PATH capability "
			    "truncated");
		if (mode < BGP_ADDPATH_RX ||
		    mode > (BGP_ADDPATH_RX | BGP_ADDPATH_TX))
			return cap_malformed(err, "ADD-PATH send/receive "
			    "value is not 1, 2 or 3");
		af_append(o->addpath, &o->naddpath, afi, safi, mode);
	}
	return 0;
}

/*
 * draft-walton-bgp-hostname: Hostname Length (1), Hostname,
 * Domain Name Length (1), Domain Name.  Nothing may follow.  The names
 * are kept as views; they are not NUL-terminated and not validated as
 * text (consumers escape them, e.g. json_strn()).
 */
static int
cap_fqdn(struct bgp_open *o, struct wire_rd v, struct bgp_err *err)
{
	struct wire_rd host, domain;
	uint8_t hlen, dlen;

	if (wire_rd_u8(&v, &hlen) == -1 || wire_rd_sub(&v, hlen, &host) == -1)
		return cap_malformed(err, "FQDN capability: hostname "
		    "truncated");
	if (wire_rd_u8(&v, &dlen) == -1 ||
	    wire_rd_sub(&v, dlen, &domain) == -1)
		return cap_malformed(err, "FQDN capability: domain name "
		    "truncated");
	if (!wire_rd_empty(&v))
		return cap_malformed(err, "FQDN capability: trailing bytes");
	o->has_fqdn = true;
	o->hostname = host;
	o->domainname = domain;
	return 0;
}

/* Validate and decode one capability value into o's decoded fields. */
static int
cap_decode(struct bgp_open *o, uint8_t code, const struct wire_rd *value,
    struct bgp_err *err)
{
	switch (code) {
	case BGP_CAP_MP:
		return cap_mp(o, *value, err);
	case BGP_CAP_ROUTE_REFRESH:
		return cap_flag(&o->route_refresh, *value, err);
	case BGP_CAP_ROUTE_REFRESH_OLD:
		return cap_flag(&o->route_refresh_old, *value, err);
	case BGP_CAP_ENHANCED_RR:
		return cap_flag(&o->enhanced_rr, *value, err);
	case BGP_CAP_EXT_MSG:
		return cap_flag(&o->ext_msg, *value, err);
	case BGP_CAP_AS4:
		return cap_as4(o, *value, err);
	case BGP_CAP_GR:
		return cap_gr(o, *value, err);
	case BGP_CAP_ADDPATH:
		return cap_addpath(o, *value, err);
	case BGP_CAP_LLGR:
		/* RFC 9494: presence only; the value stays raw in caps[]. */
		o->has_llgr = true;
		return 0;
	case BGP_CAP_FQDN:
		return cap_fqdn(o, *value, err);
	default:
		/* RFC 5492 section 4: unknown capabilities are ignored. */
		return 0;
	}
}

/* Decode one capability and keep it raw (the first BGP_CAPS_MAX only). */
static int
cap_add(struct bgp_open *o, uint8_t code, const struct wire_rd *value,
    struct bgp_err *err)
{
	if (cap_decode(o, code, value, err) == -1)
		return -1;
	if (o->ncaps < BGP_CAPS_MAX) {
		o->caps[o->ncaps].code = code;
		o->caps[o->ncaps].value = *value;
		o->ncaps++;
	}
	return 0;
}

/*
 * RFC 5492 section 4: a Capabilities Optional Parameter holds one or more
 * <Capability Code (1), Capability Length (1), Capability Value> triples.
 * A capability overrunning its parameter is malformed.
 */
static int
caps_parse(struct wire_rd params, struct bgp_open *o, struct bgp_err *err)
{
	struct wire_rd value;
	uint8_t code, len;

	while (!wire_rd_empty(&params)) {
		if (wire_rd_u8(&params, &code) == -1 ||
		    wire_rd_u8(&params, &len) == -1 ||
		    wire_rd_sub(&params, len, &value) == -1)
			return cap_malformed(err, "capability overruns its "
			    "optional parameter");
		if (cap_add(o, code, &value, err) == -1)
			return -1;
	}
	return 0;
}

/*
 * One optional parameter: Parm. Type (1), Parm. Length (1, or 2 in the
 * RFC 9072 encoding), Parm. Value.
 */
static int
param_parse(struct wire_rd *rd, bool ext, struct bgp_open *o,
    struct bgp_err *err)
{
	struct wire_rd value;
	uint16_t len;
	uint8_t type, len8;

	if (wire_rd_u8(rd, &type) == -1)
		return open_err(err, 0, NULL, "optional parameter truncated");
	if (ext) {
		if (wire_rd_u16(rd, &len) == -1)
			return open_err(err, 0, NULL, "optional parameter "
			    "truncated");
	} else {
		if (wire_rd_u8(rd, &len8) == -1)
			return open_err(err, 0, NULL, "optional parameter "
			    "truncated");
		len = len8;
	}
	if (wire_rd_sub(rd, len, &value) == -1)
		return open_err(err, 0, NULL, "optional parameter overruns "
		    "the optional parameters");
	/* RFC 4271 section 6.2; type 1 (authentication) is deprecated. */
	if (type != BGP_OPT_PARAM_CAPS)
		return open_err(err, BGP_ERR_OPEN_OPT, NULL,
		    "unsupported optional parameter");
	return caps_parse(value, o, err);
}

/*
 * Carve the Optional Parameters field.  RFC 9072 section 2: a non-zero
 * Non-Ext OP Len followed by a Non-Ext OP Type of 255 means the extended
 * encoding; the Non-Ext OP Len value is then ignored and a 2-octet
 * Extended Opt. Parm. Length follows.  Either length must match the rest
 * of the message exactly (as OpenBGPD checks): an overrun or trailing
 * bytes are an OPEN Message Error with subcode 0.
 */
static int
params_carve(struct wire_rd *rd, uint8_t optlen, struct bgp_open *o,
    struct wire_rd *params, struct bgp_err *err)
{
	size_t len = optlen;
	uint16_t extlen;
	uint8_t type;

	if (optlen != 0 && wire_rd_peek_u8(rd, &type) == 0 &&
	    type == BGP_OPT_PARAM_EXT) {
		if (wire_rd_skip(rd, 1) == -1 || wire_rd_u16(rd, &extlen) == -1)
			return open_err(err, 0, NULL, "extended optional "
			    "parameters length truncated");
		o->ext_params = true;
		len = extlen;
	}
	if (wire_rd_left(rd) < len)
		return open_err(err, 0, NULL, "optional parameters overrun "
		    "the message");
	if (wire_rd_left(rd) > len)
		return open_err(err, 0, NULL, "trailing bytes after the "
		    "optional parameters");
	return wire_rd_sub(rd, len, params) == -1 ? -1 : 0;
}

/*
 * RFC 4271 section 6.2 checks of the fixed fields that need no local
 * configuration, in the order that section lists them.
 */
static int
open_fixed_check(const struct bgp_open *o, const struct wire_rd *asfield,
    struct bgp_err *err)
{
	struct wire_rd vdata;

	if (o->version != BGP_VERSION) {
		wire_rd_init(&vdata, open_version_data,
		    sizeof(open_version_data));
		return open_err(err, BGP_ERR_OPEN_VERSION, &vdata,
		    "unsupported BGP version");
	}
	/* RFC 7607 section 3: AS 0 is a Bad Peer AS. */
	if (o->my_as == 0)
		return open_err(err, BGP_ERR_OPEN_AS, asfield,
		    "peer AS is 0");
	/* RFC 4271 section 6.2: MUST reject a Hold Time of 1 or 2. */
	if (o->hold == 1 || o->hold == 2)
		return open_err(err, BGP_ERR_OPEN_HOLD, NULL,
		    "hold time of 1 or 2 seconds");
	/* RFC 6286 section 2: any non-zero 4-octet value is valid. */
	if (o->bgp_id == 0)
		return open_err(err, BGP_ERR_OPEN_BGPID, NULL,
		    "BGP identifier is 0");
	return 0;
}

/* Version .. Opt Parm Len; -1 when the body is shorter than that. */
static int
open_fixed_read(struct wire_rd *rd, struct bgp_open *o,
    struct wire_rd *asfield, uint8_t *optlen)
{
	struct wire_rd as;

	if (wire_rd_u8(rd, &o->version) == -1 ||
	    wire_rd_sub(rd, 2, asfield) == -1 ||
	    wire_rd_u16(rd, &o->hold) == -1 ||
	    wire_rd_u32(rd, &o->bgp_id) == -1 ||
	    wire_rd_u8(rd, optlen) == -1)
		return -1;
	as = *asfield;
	return wire_rd_u16(&as, &o->my_as);
}

int
bgp_open_parse(const struct wire_rd *body, struct bgp_open *o,
    struct bgp_err *err)
{
	struct wire_rd rd = *body, asfield, params;
	uint8_t optlen;

	memset(o, 0, sizeof(*o));
	/*
	 * RFC 4271 section 6.1: shorter than the minimum OPEN is Bad Message
	 * Length.  bgp_msg_frame() already rejects it with the header's
	 * Length field as data; here we have no header, so the data is empty.
	 */
	if (open_fixed_read(&rd, o, &asfield, &optlen) == -1) {
		bgp_err_raise(err, BGP_ACT_RESET, BGP_ERR_HEADER,
		    BGP_ERR_HDR_LEN, NULL, "OPEN shorter than 29 bytes");
		return -1;
	}
	if (open_fixed_check(o, &asfield, err) == -1)
		return -1;
	if (params_carve(&rd, optlen, o, &params, err) == -1)
		return -1;
	while (!wire_rd_empty(&params))
		if (param_parse(&params, o->ext_params, o, err) == -1)
			return -1;
	return 0;
}

uint32_t
bgp_open_peer_as(const struct bgp_open *o)
{
	return o->has_as4 ? o->as4 : o->my_as;
}

/* ---- encoding ---- */

/*
 * Size of the Optional Parameters field with one capability per
 * parameter; 0 with *ok false when a capability cannot be encoded.
 */
static size_t
params_size(const struct bgp_open *o, bool ext, bool *ok)
{
	size_t hdr = ext ? PARAM_EXT_HDR_LEN : PARAM_HDR_LEN, total = 0, vlen;

	*ok = true;
	for (size_t i = 0; i < o->ncaps; i++) {
		vlen = wire_rd_left(&o->caps[i].value);
		if (vlen > CAP_VALUE_MAX ||
		    (!ext && CAP_HDR_LEN + vlen > UINT8_MAX))
			*ok = false;
		total += hdr + CAP_HDR_LEN + vlen;
	}
	return total;
}

static int
params_write(struct wire_wr *wr, const struct bgp_open *o, bool ext)
{
	const struct bgp_cap *c;
	size_t vlen;
	int rc;

	for (size_t i = 0; i < o->ncaps; i++) {
		c = &o->caps[i];
		vlen = wire_rd_left(&c->value);
		if (wire_wr_u8(wr, BGP_OPT_PARAM_CAPS) == -1)
			return -1;
		if (ext)
			rc = wire_wr_u16(wr, (uint16_t)(CAP_HDR_LEN + vlen));
		else
			rc = wire_wr_u8(wr, (uint8_t)(CAP_HDR_LEN + vlen));
		if (rc == -1 || wire_wr_u8(wr, c->code) == -1 ||
		    wire_wr_u8(wr, (uint8_t)vlen) == -1 ||
		    wire_wr_view_bytes(wr, &c->value) == -1)
			return -1;
	}
	return 0;
}

/*
 * RFC 9072 section 2: the extended encoding is used when asked for or
 * when the parameters do not fit the 1-octet lengths; then Non-Ext OP Len
 * and Non-Ext OP Type are both 255.  An OPEN never exceeds 4096 bytes
 * (RFC 8654 excludes OPEN and KEEPALIVE from Extended Messages).
 */
int
bgp_open_encode(struct wire_wr *wr, const struct bgp_open *o)
{
	size_t off, plen, msglen;
	bool ext = o->ext_params, ok;

	if (o->ncaps > BGP_CAPS_MAX)
		return -1;
	plen = params_size(o, ext, &ok);
	if (!ext && (!ok || plen > UINT8_MAX)) {
		ext = true;
		plen = params_size(o, ext, &ok);
	}
	msglen = BGP_HDR_LEN + BGP_OPEN_MIN_LEN + plen;
	if (ext)
		msglen += EXT_MARKER_LEN;
	if (!ok || msglen > BGP_MSG_MAX)
		return -1;
	if (bgp_msg_begin(wr, BGP_MSG_OPEN, &off) == -1 ||
	    wire_wr_u8(wr, o->version) == -1 ||
	    wire_wr_u16(wr, o->my_as) == -1 ||
	    wire_wr_u16(wr, o->hold) == -1 ||
	    wire_wr_u32(wr, o->bgp_id) == -1)
		return -1;
	if (ext) {
		if (wire_wr_u8(wr, UINT8_MAX) == -1 ||
		    wire_wr_u8(wr, BGP_OPT_PARAM_EXT) == -1 ||
		    wire_wr_u16(wr, (uint16_t)plen) == -1)
			return -1;
	} else if (wire_wr_u8(wr, (uint8_t)plen) == -1)
		return -1;
	if (params_write(wr, o, ext) == -1)
		return -1;
	return bgp_msg_finish(wr, off);
}

/* ---- capability builders ---- */

/* Room for one more capability of vlen value bytes? */
static bool
cap_room(const struct bgp_open *o, const struct wire_wr *wr, size_t vlen)
{
	return o->ncaps < BGP_CAPS_MAX && vlen <= CAP_VALUE_MAX &&
	    wire_wr_room(wr) >= vlen;
}

/*
 * Take the bytes written to wr since start as the value of a new
 * capability and decode it like a received one (see DOC).
 */
static int
cap_commit(struct bgp_open *o, const struct wire_wr *wr, size_t start,
    uint8_t code)
{
	struct wire_rd value;
	struct bgp_err err;

	wire_wr_view(wr, &value);
	if (wire_rd_skip(&value, start) == -1)
		return -1;
	bgp_err_init(&err);
	return cap_add(o, code, &value, &err);
}

int
bgp_cap_put_mp(struct bgp_open *o, struct wire_wr *wr, uint16_t afi,
    uint8_t safi)
{
	size_t start = wire_wr_len(wr);

	if (!cap_room(o, wr, CAP_MP_LEN) || wire_wr_u16(wr, afi) == -1 ||
	    wire_wr_u8(wr, 0) == -1 || wire_wr_u8(wr, safi) == -1)
		return -1;
	return cap_commit(o, wr, start, BGP_CAP_MP);
}

int
bgp_cap_put_as4(struct bgp_open *o, struct wire_wr *wr, uint32_t asn)
{
	size_t start = wire_wr_len(wr);

	if (asn == 0 || !cap_room(o, wr, CAP_AS4_LEN) ||
	    wire_wr_u32(wr, asn) == -1)
		return -1;
	return cap_commit(o, wr, start, BGP_CAP_AS4);
}

int
bgp_cap_put_empty(struct bgp_open *o, struct wire_wr *wr, uint8_t code)
{
	/* cap_commit() rejects codes whose value cannot be empty (MP...). */
	if (!cap_room(o, wr, 0))
		return -1;
	return cap_commit(o, wr, wire_wr_len(wr), code);
}

int
bgp_cap_put_addpath(struct bgp_open *o, struct wire_wr *wr,
    const struct bgp_af *afs, size_t n)
{
	size_t start = wire_wr_len(wr);

	/* RFC 7911 section 4: one or more tuples, each mode 1..3. */
	if (n == 0 || n > CAP_VALUE_MAX / CAP_AF_TUPLE_LEN ||
	    !cap_room(o, wr, n * CAP_AF_TUPLE_LEN))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (afs[i].flags < BGP_ADDPATH_RX ||
		    afs[i].flags > (BGP_ADDPATH_RX | BGP_ADDPATH_TX))
			return -1;
	for (size_t i = 0; i < n; i++)
		if (wire_wr_u16(wr, afs[i].afi) == -1 ||
		    wire_wr_u8(wr, afs[i].safi) == -1 ||
		    wire_wr_u8(wr, afs[i].flags) == -1)
			return -1;
	return cap_commit(o, wr, start, BGP_CAP_ADDPATH);
}

int
bgp_cap_put_gr(struct bgp_open *o, struct wire_wr *wr, uint8_t flags,
    uint16_t time, const struct bgp_af *afs, size_t n)
{
	size_t start = wire_wr_len(wr);
	uint16_t hdr;

	/* RFC 4724 section 3: 4 flag bits, 12-bit time, then the AFs. */
	if ((flags & ~GR_FLAGS_MASK) != 0 || time > GR_TIME_MASK ||
	    n > (CAP_VALUE_MAX - CAP_GR_HDR_LEN) / CAP_AF_TUPLE_LEN ||
	    !cap_room(o, wr, CAP_GR_HDR_LEN + n * CAP_AF_TUPLE_LEN))
		return -1;
	hdr = (uint16_t)((unsigned)flags << 8 | time);
	if (wire_wr_u16(wr, hdr) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (wire_wr_u16(wr, afs[i].afi) == -1 ||
		    wire_wr_u8(wr, afs[i].safi) == -1 ||
		    wire_wr_u8(wr, afs[i].flags) == -1)
			return -1;
	return cap_commit(o, wr, start, BGP_CAP_GR);
}

int
bgp_cap_put_fqdn(struct bgp_open *o, struct wire_wr *wr, const char *host,
    const char *domain)
{
	size_t start = wire_wr_len(wr), hlen, dlen;

	if (host == NULL)
		return -1;
	if (domain == NULL)
		domain = "";
	hlen = strlen(host);
	dlen = strlen(domain);
	/* draft-walton-bgp-hostname: two 1-octet-length strings. */
	if (hlen > UINT8_MAX || dlen > UINT8_MAX ||
	    !cap_room(o, wr, 2 + hlen + dlen) ||
	    wire_wr_u8(wr, (uint8_t)hlen) == -1 ||
	    wire_wr_bytes(wr, host, hlen) == -1 ||
	    wire_wr_u8(wr, (uint8_t)dlen) == -1 ||
	    wire_wr_bytes(wr, domain, dlen) == -1)
		return -1;
	return cap_commit(o, wr, start, BGP_CAP_FQDN);
}

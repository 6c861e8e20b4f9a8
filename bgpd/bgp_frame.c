/*
 * bgp_frame.c -- splitting a byte stream into BGP messages.
 *
 * RFC 4271 section 4.1: 16-byte all-ones marker, 2-byte length, 1-byte
 * type.  Section 6.1: a marker that is not all ones is "Connection Not
 * Synchronized"; a length below 19, above the negotiated maximum (4096,
 * or 65535 with RFC 8654 Extended Messages), or wrong for the type is
 * "Bad Message Length" with the length field as data; an unknown type is
 * "Bad Message Type" with the type as data.  All end the session.
 */
#include "bgp_msg.h"

/* Minimum whole-message length per type (RFC 4271 section 4, RFC 2918). */
static size_t
type_min_len(uint8_t type)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return 29;
	case BGP_MSG_UPDATE:
		return 23;
	case BGP_MSG_NOTIFICATION:
		return 21;
	case BGP_MSG_KEEPALIVE:
		return 19;
	case BGP_MSG_ROUTE_REFRESH:
		return 23;
	default:
		return 0;
	}
}

static bool
marker_ok(const struct wire_rd *rd)
{
	struct wire_rd m = *rd;
	uint8_t b;

	for (int i = 0; i < BGP_MARKER_LEN; i++)
		if (wire_rd_u8(&m, &b) == -1 || b != 0xff)
			return false;
	return true;
}

int
bgp_msg_frame(struct wire_rd *rd, size_t max_len, struct bgp_hdr *h,
    struct bgp_err *err)
{
	struct wire_rd r = *rd, lenfield, typefield;
	uint16_t len;
	uint8_t type;

	if (wire_rd_left(rd) < BGP_HDR_LEN)
		return 0;
	if (!marker_ok(rd)) {
		bgp_err_raise(err, BGP_ACT_RESET, BGP_ERR_HEADER,
		    BGP_ERR_HDR_SYNC, NULL, "marker is not all ones");
		return -1;
	}
	if (wire_rd_skip(&r, BGP_MARKER_LEN) == -1 ||
	    wire_rd_sub(&r, 2, &lenfield) == -1 ||
	    wire_rd_sub(&r, 1, &typefield) == -1)
		return 0;
	{
		struct wire_rd t = lenfield, ty = typefield;

		if (wire_rd_u16(&t, &len) == -1 || wire_rd_u8(&ty, &type) == -1)
			return 0;
	}
	if (type_min_len(type) == 0) {
		bgp_err_raise(err, BGP_ACT_RESET, BGP_ERR_HEADER,
		    BGP_ERR_HDR_TYPE, &typefield, "unknown message type");
		return -1;
	}
	if (len < type_min_len(type) || len > max_len ||
	    (type == BGP_MSG_KEEPALIVE && len != BGP_HDR_LEN)) {
		bgp_err_raise(err, BGP_ACT_RESET, BGP_ERR_HEADER,
		    BGP_ERR_HDR_LEN, &lenfield, "bad message length");
		return -1;
	}
	if (wire_rd_left(rd) < len)
		return 0;
	h->len = len;
	h->type = type;
	r = *rd;
	if (wire_rd_sub(&r, len, &h->msg) == -1)
		return 0;
	h->body = h->msg;
	if (wire_rd_skip(&h->body, BGP_HDR_LEN) == -1)
		return 0;
	*rd = r;
	return 1;
}

int
bgp_msg_begin(struct wire_wr *wr, uint8_t type, size_t *off)
{
	static const uint8_t marker[BGP_MARKER_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	size_t start = wire_wr_len(wr), lenoff;

	if (wire_wr_bytes(wr, marker, sizeof(marker)) == -1 ||
	    wire_wr_reserve(wr, 2, &lenoff) == -1 ||
	    wire_wr_u8(wr, type) == -1)
		return -1;
	*off = start;
	return 0;
}

int
bgp_msg_finish(struct wire_wr *wr, size_t off)
{
	size_t len = wire_wr_since(wr, off);

	if (len < BGP_HDR_LEN || len > BGP_EXTMSG_MAX)
		return -1;
	return wire_wr_patch_u16(wr, off + BGP_MARKER_LEN, (uint16_t)len);
}

/*
 * evpn_nlri.c -- EVPN NLRI codec (AFI 25 / SAFI 70): a pure codec.
 *
 * DOC: owns the wire layout of the EVPN route types and the struct
 * bgp_afi_ops descriptor that bgpd/ calls through (registered with
 * evpn_codec_register(), so bgpd never links evpn/).
 *
 * Layouts (length octet = bytes after itself, RFC 7432 section 7):
 *   type 1 EAD     RFC 7432 7.1  RD 8, ESI 10, Etag 4, label 3      = 25
 *   type 2 MAC/IP  RFC 7432 7.2  RD, ESI, Etag, MAC len 1 (=48), MAC 6,
 *                                IP len 1 (0/32/128 bits), IP 0/4/16,
 *                                label1 3 [, label2 3]      = 33..52
 *   type 3 IMET    RFC 7432 7.3  RD, Etag, IP len 1 (32/128), IP
 *                                                            = 17 or 29
 *   type 4 ES      RFC 7432 7.4  RD, ESI, IP len 1 (32/128), IP
 *                                                            = 23 or 35
 *   type 5 prefix  RFC 9136 3.1  RD, ESI, Etag, prefix len 1, prefix
 *                                4/16, GW IP 4/16, label 3  = 34 or 58
 *   other types: the body is kept as a view (RFC 7432 section 7: carried
 *   by a reflector, ignored otherwise).
 * With add-path (RFC 7911 section 3) a 4-byte path ID precedes the type.
 *
 * Invariants: every route is parsed inside its own child view of its
 * length octet (STYLE.md section 5); a length that does not match the
 * fields exactly is a malformation (-1 with a static reason), which the
 * caller turns into an RFC 7606 action.  The decoder has no side effects
 * and leaves the reader unchanged on failure.  decode -> encode gives the
 * received bytes back for every accepted route: labels are kept as raw
 * 24-bit fields (RFC 8365 section 5.1.3: the VNI is the raw field), the
 * type 5 prefix keeps its host bits, and the length octet is recomputed
 * from the fields, which the decoder has checked to be consistent.
 *
 * Known gaps: no semantic checks (e.g. an ESI type, or a type 2 MAC that
 * is multicast); those belong to evpn_mac.c / evpn_es.c.
 */
#include "evpn_nlri.h"

#include <stdio.h>
#include <string.h>

#include "bgp_proto.h"
#include "bgp_update.h"
#include "json.h"
#include "log.h"
#include "types.h"
#include "wire.h"

/* Fixed sizes of the RFC 7432 section 7 fields. */
#define EVPN_RD_LEN		8
#define EVPN_ESI_LEN		10
#define EVPN_MAC_BITS		48	/* RFC 7432 section 7.2 */
#define EVPN_T1_LEN		25
#define EVPN_T3_LEN_V4		17
#define EVPN_T3_LEN_V6		29
#define EVPN_T4_LEN_V4		23
#define EVPN_T4_LEN_V6		35
#define EVPN_T5_LEN_V4		34	/* RFC 9136 section 3.1 */
#define EVPN_T5_LEN_V6		58

static int
decode_fail(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

/* The IP length octet (in bits) of types 2, 3 and 4. */
static uint8_t
ip_len_bits(const struct ip_addr *ip)
{
	switch (ip->af) {
	case IP_AF_V4:
		return 32;
	case IP_AF_V6:
		return 128;
	default:
		return 0;
	}
}

/*
 * Read an address whose length in bits was just read: 32 or 128, or 0
 * when zero_ok (type 2: MAC-only route).  -1 on any other length or a
 * short read; *bad_len tells which.
 */
static int
ip_decode(struct wire_rd *b, uint8_t bits, bool zero_ok, struct ip_addr *ip,
    bool *bad_len)
{
	size_t n;

	*bad_len = false;
	memset(ip, 0, sizeof(*ip));
	switch (bits) {
	case 0:
		if (!zero_ok) {
			*bad_len = true;
			return -1;
		}
		ip->af = IP_AF_NONE;
		return 0;
	case 32:
		ip->af = IP_AF_V4;
		n = 4;
		break;
	case 128:
		ip->af = IP_AF_V6;
		n = 16;
		break;
	default:
		*bad_len = true;
		return -1;
	}
	return wire_rd_bytes(b, ip->a, n);
}

static int
rd_esi_etag_decode(struct wire_rd *b, struct evpn_route *r, bool esi,
    bool etag)
{
	if (wire_rd_bytes(b, r->rd.b, EVPN_RD_LEN) == -1)
		return -1;
	if (esi && wire_rd_bytes(b, r->esi.b, EVPN_ESI_LEN) == -1)
		return -1;
	if (etag && wire_rd_u32(b, &r->etag) == -1)
		return -1;
	return 0;
}

/* RFC 7432 section 7.1: Ethernet Auto-discovery, exactly 25 bytes. */
static int
ead_decode(struct wire_rd *b, struct evpn_route *r, const char **why)
{
	if (wire_rd_left(b) != EVPN_T1_LEN)
		return decode_fail(why, "type 1: length not 25");
	if (rd_esi_etag_decode(b, r, true, true) == -1 ||
	    wire_rd_u24(b, &r->label[0]) == -1)
		return decode_fail(why, "type 1: truncated");
	r->nlabels = 1;
	return 0;
}

/*
 * RFC 7432 section 7.2: MAC/IP Advertisement.  The length must be exactly
 * what the MAC and IP length fields imply plus one or two labels
 * (RFC 7432 section 7.2 / RFC 8365 section 5.1.3: label2 is the L3 VNI).
 */
static int
macip_decode(struct wire_rd *b, struct evpn_route *r, const char **why)
{
	uint8_t maclen, iplen;
	bool bad_len;

	if (rd_esi_etag_decode(b, r, true, true) == -1 ||
	    wire_rd_u8(b, &maclen) == -1)
		return decode_fail(why, "type 2: truncated");
	if (maclen != EVPN_MAC_BITS)
		return decode_fail(why, "type 2: MAC length not 48");
	if (wire_rd_bytes(b, r->mac.b, sizeof(r->mac.b)) == -1 ||
	    wire_rd_u8(b, &iplen) == -1)
		return decode_fail(why, "type 2: truncated");
	if (ip_decode(b, iplen, true, &r->ip, &bad_len) == -1)
		return decode_fail(why, bad_len ?
		    "type 2: IP length not 0, 32 or 128" :
		    "type 2: truncated");
	switch (wire_rd_left(b)) {
	case 3:
		r->nlabels = 1;
		break;
	case 6:
		r->nlabels = 2;
		break;
	default:
		return decode_fail(why,
		    "type 2: length does not match MAC/IP/labels");
	}
	if (wire_rd_u24(b, &r->label[0]) == -1 ||
	    (r->nlabels == 2 && wire_rd_u24(b, &r->label[1]) == -1))
		return decode_fail(why, "type 2: truncated");
	return 0;
}

/* RFC 7432 section 7.3: Inclusive Multicast Ethernet Tag, 17 or 29. */
static int
imet_decode(struct wire_rd *b, struct evpn_route *r, const char **why)
{
	uint8_t iplen;
	bool bad_len;

	if (wire_rd_left(b) != EVPN_T3_LEN_V4 &&
	    wire_rd_left(b) != EVPN_T3_LEN_V6)
		return decode_fail(why, "type 3: length not 17 or 29");
	if (rd_esi_etag_decode(b, r, false, true) == -1 ||
	    wire_rd_u8(b, &iplen) == -1)
		return decode_fail(why, "type 3: truncated");
	if (ip_decode(b, iplen, false, &r->ip, &bad_len) == -1)
		return decode_fail(why, bad_len ?
		    "type 3: IP length not 32 or 128" :
		    "type 3: IP length does not match route length");
	if (!wire_rd_empty(b))
		return decode_fail(why,
		    "type 3: IP length does not match route length");
	return 0;
}

/* RFC 7432 section 7.4: Ethernet Segment, 23 or 35. */
static int
es_decode(struct wire_rd *b, struct evpn_route *r, const char **why)
{
	uint8_t iplen;
	bool bad_len;

	if (wire_rd_left(b) != EVPN_T4_LEN_V4 &&
	    wire_rd_left(b) != EVPN_T4_LEN_V6)
		return decode_fail(why, "type 4: length not 23 or 35");
	if (rd_esi_etag_decode(b, r, true, false) == -1 ||
	    wire_rd_u8(b, &iplen) == -1)
		return decode_fail(why, "type 4: truncated");
	if (ip_decode(b, iplen, false, &r->ip, &bad_len) == -1)
		return decode_fail(why, bad_len ?
		    "type 4: IP length not 32 or 128" :
		    "type 4: IP length does not match route length");
	if (!wire_rd_empty(b))
		return decode_fail(why,
		    "type 4: IP length does not match route length");
	return 0;
}

/*
 * RFC 9136 section 3.1: IP Prefix.  The prefix and gateway are both IPv4
 * (34 bytes) or both IPv6 (58 bytes); section 3.1 names these two lengths
 * only.  The prefix length is checked against the family; host bits are
 * kept as received.
 */
static int
prefix_decode(struct wire_rd *b, struct evpn_route *r, const char **why)
{
	uint8_t af;
	size_t alen;

	if (wire_rd_left(b) == EVPN_T5_LEN_V4) {
		af = IP_AF_V4;
		alen = 4;
	} else if (wire_rd_left(b) == EVPN_T5_LEN_V6) {
		af = IP_AF_V6;
		alen = 16;
	} else
		return decode_fail(why, "type 5: length not 34 or 58");
	if (rd_esi_etag_decode(b, r, true, true) == -1 ||
	    wire_rd_u8(b, &r->ip_plen) == -1)
		return decode_fail(why, "type 5: truncated");
	if (r->ip_plen > alen * 8)
		return decode_fail(why, "type 5: prefix length too long");
	r->ip.af = af;
	r->gw.af = af;
	if (wire_rd_bytes(b, r->ip.a, alen) == -1 ||
	    wire_rd_bytes(b, r->gw.a, alen) == -1 ||
	    wire_rd_u24(b, &r->label[0]) == -1)
		return decode_fail(why, "type 5: truncated");
	r->nlabels = 1;
	return 0;
}

static int
body_decode(struct wire_rd *b, struct evpn_route *r, const char **why)
{
	switch (r->type) {
	case EVPN_RT_EAD:
		return ead_decode(b, r, why);
	case EVPN_RT_MACIP:
		return macip_decode(b, r, why);
	case EVPN_RT_IMET:
		return imet_decode(b, r, why);
	case EVPN_RT_ES:
		return es_decode(b, r, why);
	case EVPN_RT_PREFIX:
		return prefix_decode(b, r, why);
	default:
		/* RFC 7432 section 7: unknown types are kept, not errors. */
		r->raw = *b;
		return wire_rd_skip(b, wire_rd_left(b));
	}
}

int
evpn_route_decode(struct wire_rd *rd, bool addpath, void *route,
    const char **why)
{
	struct evpn_route *r = route;
	struct wire_rd in = *rd, body;

	/* RFC 7911 section 3: the path identifier comes first. */
	if (addpath && wire_rd_u32(&in, &r->path_id) == -1)
		return decode_fail(why, "truncated path identifier");
	if (wire_rd_u8(&in, &r->type) == -1 || wire_rd_u8(&in, &r->len) == -1)
		return decode_fail(why, "truncated route type/length");
	if (wire_rd_sub(&in, r->len, &body) == -1)
		return decode_fail(why, "route length exceeds NLRI");
	if (body_decode(&body, r, why) == -1)
		return -1;
	/* Every layout above is exact; anything left is a malformation. */
	if (!wire_rd_empty(&body))
		return decode_fail(why, "trailing bytes in route");
	*rd = in;
	return 0;
}

/* ---- encoding ---- */

static int
ip_encode(struct wire_wr *wr, const struct ip_addr *ip)
{
	size_t n = ip_af_len(ip->af);

	if (ip->af != IP_AF_NONE && n == 0)
		return -1;
	return wire_wr_bytes(wr, ip->a, n);
}

static int
rd_esi_etag_encode(struct wire_wr *wr, const struct evpn_route *r, bool esi,
    bool etag)
{
	if (wire_wr_bytes(wr, r->rd.b, EVPN_RD_LEN) == -1)
		return -1;
	if (esi && wire_wr_bytes(wr, r->esi.b, EVPN_ESI_LEN) == -1)
		return -1;
	if (etag && wire_wr_u32(wr, r->etag) == -1)
		return -1;
	return 0;
}

static int
macip_encode(struct wire_wr *wr, const struct evpn_route *r)
{
	if (r->nlabels > 2)
		return -1;
	if (r->ip.af != IP_AF_NONE && ip_len_bits(&r->ip) == 0)
		return -1;
	if (rd_esi_etag_encode(wr, r, true, true) == -1 ||
	    wire_wr_u8(wr, EVPN_MAC_BITS) == -1 ||
	    wire_wr_bytes(wr, r->mac.b, sizeof(r->mac.b)) == -1 ||
	    wire_wr_u8(wr, ip_len_bits(&r->ip)) == -1 ||
	    ip_encode(wr, &r->ip) == -1 ||
	    wire_wr_u24(wr, r->label[0]) == -1)
		return -1;
	if (r->nlabels == 2 && wire_wr_u24(wr, r->label[1]) == -1)
		return -1;
	return 0;
}

/* Types 3 and 4 carry the originating router's IP: v4 or v6 only. */
static int
orig_ip_encode(struct wire_wr *wr, const struct ip_addr *ip)
{
	if (ip_len_bits(ip) == 0)
		return -1;
	if (wire_wr_u8(wr, ip_len_bits(ip)) == -1)
		return -1;
	return ip_encode(wr, ip);
}

/* RFC 9136 section 3.1; a gateway of family NONE is written as zeros. */
static int
prefix_encode(struct wire_wr *wr, const struct evpn_route *r)
{
	static const uint8_t zero[16];
	size_t alen = ip_af_len(r->ip.af);

	if (r->ip.af == IP_AF_NONE || alen == 0 || r->ip_plen > alen * 8)
		return -1;
	if (r->gw.af != IP_AF_NONE && r->gw.af != r->ip.af)
		return -1;
	if (rd_esi_etag_encode(wr, r, true, true) == -1 ||
	    wire_wr_u8(wr, r->ip_plen) == -1 ||
	    wire_wr_bytes(wr, r->ip.a, alen) == -1 ||
	    wire_wr_bytes(wr, r->gw.af == IP_AF_NONE ? zero : r->gw.a,
	    alen) == -1)
		return -1;
	return wire_wr_u24(wr, r->label[0]);
}

static int
body_encode(struct wire_wr *wr, const struct evpn_route *r)
{
	switch (r->type) {
	case EVPN_RT_EAD:
		if (rd_esi_etag_encode(wr, r, true, true) == -1)
			return -1;
		return wire_wr_u24(wr, r->label[0]);
	case EVPN_RT_MACIP:
		return macip_encode(wr, r);
	case EVPN_RT_IMET:
		if (rd_esi_etag_encode(wr, r, false, true) == -1)
			return -1;
		return orig_ip_encode(wr, &r->ip);
	case EVPN_RT_ES:
		if (rd_esi_etag_encode(wr, r, true, false) == -1)
			return -1;
		return orig_ip_encode(wr, &r->ip);
	case EVPN_RT_PREFIX:
		return prefix_encode(wr, r);
	default:
		return wire_wr_view_bytes(wr, &r->raw);
	}
}

/*
 * The length octet is back-patched from what was written: for a decoded
 * route that is the received value, as the decoder accepts exact lengths
 * only.  On failure (full, or fields out of range) wr is restored.
 */
int
evpn_route_encode(struct wire_wr *wr, bool addpath, const void *route)
{
	const struct evpn_route *r = route;
	struct wire_wr save = *wr;
	size_t off, blen;

	if (addpath && wire_wr_u32(wr, r->path_id) == -1)
		goto fail;
	if (wire_wr_u8(wr, r->type) == -1 || wire_wr_reserve(wr, 1, &off) == -1)
		goto fail;
	if (body_encode(wr, r) == -1)
		goto fail;
	blen = wire_wr_since(wr, off + 1);
	if (blen > UINT8_MAX || wire_wr_patch_u8(wr, off, (uint8_t)blen) == -1)
		goto fail;
	return 0;
fail:
	*wr = save;
	return -1;
}

/* ---- keys, names, JSON ---- */

const char *
evpn_route_type_name(uint8_t type)
{
	switch (type) {
	case EVPN_RT_EAD:
		return "ead";
	case EVPN_RT_MACIP:
		return "macip";
	case EVPN_RT_IMET:
		return "multicast";
	case EVPN_RT_ES:
		return "es";
	case EVPN_RT_PREFIX:
		return "prefix";
	default:
		return "unknown";
	}
}

static bool
rd_eq(const struct evpn_rd *a, const struct evpn_rd *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

static bool
esi_eq(const struct evpn_esi *a, const struct evpn_esi *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

/*
 * The fields that form each type's route key.  The path ID is part of
 * the key under add-path (RFC 7911 section 3); labels never are.
 */
bool
evpn_route_key_eq(const struct evpn_route *a, const struct evpn_route *b)
{
	if (a->path_id != b->path_id || a->type != b->type)
		return false;
	switch (a->type) {
	case EVPN_RT_EAD:
		/* RFC 7432 section 7.1: RD, ESI, Ethernet Tag. */
		return rd_eq(&a->rd, &b->rd) && esi_eq(&a->esi, &b->esi) &&
		    a->etag == b->etag;
	case EVPN_RT_MACIP:
		/* RFC 7432 section 7.2: Etag, MAC, IP (not ESI, labels). */
		return rd_eq(&a->rd, &b->rd) && a->etag == b->etag &&
		    mac_eq(&a->mac, &b->mac) && ip_eq(&a->ip, &b->ip);
	case EVPN_RT_IMET:
		/* RFC 7432 section 7.3: Etag, originating router's IP. */
		return rd_eq(&a->rd, &b->rd) && a->etag == b->etag &&
		    ip_eq(&a->ip, &b->ip);
	case EVPN_RT_ES:
		/* RFC 7432 section 7.4: ESI, originating router's IP. */
		return rd_eq(&a->rd, &b->rd) && esi_eq(&a->esi, &b->esi) &&
		    ip_eq(&a->ip, &b->ip);
	case EVPN_RT_PREFIX:
		/* RFC 9136 section 3.1: Etag, prefix length, prefix. */
		return rd_eq(&a->rd, &b->rd) && a->etag == b->etag &&
		    a->ip_plen == b->ip_plen && ip_eq(&a->ip, &b->ip);
	default:
		return wire_rd_eq(&a->raw, &b->raw);
	}
}

/*
 * The route key as bytes, in the order of the fields evpn_route_key_eq()
 * compares: type, RD, then the type's key fields.  Fixed widths, so two
 * keys are equal exactly when the routes are.
 */
static size_t
evpn_route_key(const void *route, uint8_t *buf)
{
	const struct evpn_route *r = route;
	struct wire_wr wr;
	struct wire_rd raw = r->raw;
	size_t iplen = ip_af_len(r->ip.af);
	int rc = 0;

	wire_wr_init(&wr, buf, BGP_ROUTE_KEY_MAX);
	/* At most 1 + 8 + 10 + 4 + 6 + 1 + 16 + 1 bytes, or 1 + 255 for an
	 * unknown type: it cannot fail. */
	rc |= wire_wr_u8(&wr, r->type);
	switch (r->type) {
	case EVPN_RT_EAD:
		rc |= wire_wr_bytes(&wr, r->rd.b, 8);
		rc |= wire_wr_bytes(&wr, r->esi.b, 10);
		rc |= wire_wr_u32(&wr, r->etag);
		break;
	case EVPN_RT_MACIP:
		rc |= wire_wr_bytes(&wr, r->rd.b, 8);
		rc |= wire_wr_u32(&wr, r->etag);
		rc |= wire_wr_bytes(&wr, r->mac.b, 6);
		rc |= wire_wr_u8(&wr, r->ip.af);
		rc |= wire_wr_bytes(&wr, r->ip.a, iplen);
		break;
	case EVPN_RT_IMET:
		rc |= wire_wr_bytes(&wr, r->rd.b, 8);
		rc |= wire_wr_u32(&wr, r->etag);
		rc |= wire_wr_u8(&wr, r->ip.af);
		rc |= wire_wr_bytes(&wr, r->ip.a, iplen);
		break;
	case EVPN_RT_ES:
		rc |= wire_wr_bytes(&wr, r->rd.b, 8);
		rc |= wire_wr_bytes(&wr, r->esi.b, 10);
		rc |= wire_wr_u8(&wr, r->ip.af);
		rc |= wire_wr_bytes(&wr, r->ip.a, iplen);
		break;
	case EVPN_RT_PREFIX:
		rc |= wire_wr_bytes(&wr, r->rd.b, 8);
		rc |= wire_wr_u32(&wr, r->etag);
		rc |= wire_wr_u8(&wr, r->ip_plen);
		rc |= wire_wr_u8(&wr, r->ip.af);
		rc |= wire_wr_bytes(&wr, r->ip.a, iplen);
		break;
	default:
		rc |= wire_wr_view_bytes(&wr, &raw);
		break;
	}
	if (rc != 0)
		fatalx("%s: key overflow", __func__);
	return wire_wr_len(&wr);
}

/* Policy view: the type, the VNI (label of types 2 and 5, Ethernet Tag
 * of type 3 per RFC 8365 section 5.1.3 when non-zero, else unknown) and
 * a type 5 prefix. */
static void
evpn_route_info(const void *route, struct bgp_route_info *info)
{
	const struct evpn_route *r = route;

	info->evpn_type = r->type;
	switch (r->type) {
	case EVPN_RT_MACIP:
		info->has_vni = true;
		info->vni = r->label[0];
		break;
	case EVPN_RT_IMET:
		info->has_vni = r->etag != 0;
		info->vni = r->etag;
		break;
	case EVPN_RT_PREFIX:
		info->has_vni = true;
		info->vni = r->label[0];
		info->has_pfx = true;
		info->pfx.addr = r->ip;
		info->pfx.len = r->ip_plen;
		break;
	default:
		break;
	}
}

static void
json_rd_esi(struct json *j, const struct evpn_route *r, bool esi)
{
	char buf[RD_STRLEN > ESI_STRLEN ? RD_STRLEN : ESI_STRLEN];

	json_str(j, "rd", rd_fmt(&r->rd, buf));
	if (esi)
		json_str(j, "esi", esi_fmt(&r->esi, buf));
}

/* RFC 8365 section 5.1.3: the VNI is the raw 24-bit label field. */
static void
json_label(struct json *j, uint32_t label)
{
	json_u64(j, "label", label);
	json_u64(j, "vni", label);
}

static void
json_macip(struct json *j, const struct evpn_route *r)
{
	char buf[IP_STRLEN];

	json_rd_esi(j, r, true);
	json_u64(j, "ethTag", r->etag);
	json_u64(j, "macLen", EVPN_MAC_BITS);
	json_str(j, "mac", mac_fmt(&r->mac, buf));
	json_u64(j, "ipLen", ip_len_bits(&r->ip));
	if (r->ip.af != IP_AF_NONE)
		json_str(j, "ip", ip_fmt(&r->ip, buf));
	json_label(j, r->label[0]);
	if (r->nlabels == 2)
		json_u64(j, "label2", r->label[1]);
}

static void
json_prefix(struct json *j, const struct evpn_route *r)
{
	char abuf[IP_STRLEN], pbuf[PREFIX_STRLEN];

	json_rd_esi(j, r, true);
	json_u64(j, "ethTag", r->etag);
	json_u64(j, "ipPrefixLen", r->ip_plen);
	(void)snprintf(pbuf, sizeof(pbuf), "%s/%u", ip_fmt(&r->ip, abuf),
	    (unsigned)r->ip_plen);
	json_str(j, "ipPrefix", pbuf);
	json_str(j, "gatewayIp", ip_fmt(&r->gw, abuf));
	json_label(j, r->label[0]);
}

static void
json_body(struct json *j, const struct evpn_route *r)
{
	char buf[IP_STRLEN];

	switch (r->type) {
	case EVPN_RT_EAD:
		json_rd_esi(j, r, true);
		json_u64(j, "ethTag", r->etag);
		json_label(j, r->label[0]);
		break;
	case EVPN_RT_MACIP:
		json_macip(j, r);
		break;
	case EVPN_RT_IMET:
		json_rd_esi(j, r, false);
		json_u64(j, "ethTag", r->etag);
		json_u64(j, "originatorIpLen", ip_len_bits(&r->ip));
		json_str(j, "originatorIp", ip_fmt(&r->ip, buf));
		break;
	case EVPN_RT_ES:
		json_rd_esi(j, r, true);
		json_u64(j, "originatorIpLen", ip_len_bits(&r->ip));
		json_str(j, "originatorIp", ip_fmt(&r->ip, buf));
		break;
	case EVPN_RT_PREFIX:
		json_prefix(j, r);
		break;
	default:
		json_hexstr(j, "raw", wire_rd_data(&r->raw),
		    wire_rd_left(&r->raw));
		break;
	}
}

void
evpn_route_json(struct json *j, const void *route)
{
	const struct evpn_route *r = route;

	json_obj_open(j, NULL);
	json_u64(j, "routeType", r->type);
	json_str(j, "routeTypeName", evpn_route_type_name(r->type));
	/* Only add-path routes carry a path ID, and it is never 0 then. */
	if (r->path_id != 0)
		json_u64(j, "pathId", r->path_id);
	json_body(j, r);
	json_obj_close(j);
}

/* FRR's path fields in `show bgp l2vpn evpn [route] json`. */
static void
evpn_route_show_json(struct json *j, const void *route)
{
	const struct evpn_route *r = route;
	char buf[IP_STRLEN];

	json_u64(j, "routeType", r->type);
	if (r->type == EVPN_RT_MACIP || r->type == EVPN_RT_IMET ||
	    r->type == EVPN_RT_PREFIX)
		json_u64(j, "ethTag", r->etag);
	if (r->type == EVPN_RT_MACIP) {
		json_u64(j, "macLen", EVPN_MAC_BITS);
		json_str(j, "mac", mac_fmt(&r->mac, buf));
	}
	if (r->type == EVPN_RT_PREFIX) {
		json_u64(j, "ipLen", r->ip_plen);
		json_str(j, "ip", ip_fmt(&r->ip, buf));
		return;
	}
	json_u64(j, "ipLen", ip_len_bits(&r->ip));
	if (r->ip.af != IP_AF_NONE)
		json_str(j, "ip", ip_fmt(&r->ip, buf));
}

/* ---- the descriptor ---- */

/* RFC 7432 section 7 / RFC 4760: an IPv4 or IPv6 VTEP address. */
static bool
evpn_nexthop_ok(size_t len)
{
	return len == 4 || len == 16;
}

const struct bgp_afi_ops evpn_afi_ops = {
	.afi = BGP_AFI_L2VPN,
	.safi = BGP_SAFI_EVPN,
	.name = "l2vpn-evpn",
	.route_size = sizeof(struct evpn_route),
	.decode = evpn_route_decode,
	.encode = evpn_route_encode,
	.json = evpn_route_json,
	.key = evpn_route_key,
	.info = evpn_route_info,
	.nexthop_ok = evpn_nexthop_ok,
	.show_json = evpn_route_show_json,
};

int
evpn_codec_register(struct bgp_codec *codec)
{
	if (bgp_codec_register(codec, &evpn_afi_ops) == -1)
		return -1;
	codec->ecomm_json = evpn_ecomm_json;
	codec->ecomm_str = evpn_ecomm_frr_fmt;
	return 0;
}

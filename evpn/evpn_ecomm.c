/*
 * evpn_ecomm.c -- the extended communities EVPN uses: classify, build,
 * print (text and JSON) and parse route targets.
 *
 * DOC: owns the code points and layouts of:
 *   route target     RFC 4360 section 4 (types 0x00 2-octet AS, 0x01 IPv4)
 *                    and RFC 5668 section 2 (0x02 4-octet AS), subtype 0x02;
 *                    the non-transitive types (| 0x40) are recognised too;
 *   encapsulation    RFC 9012 section 4.1: type 0x03 subtype 0x0c,
 *                    4 reserved bytes, 2-byte tunnel type;
 *   default gateway  RFC 7432 section 7.8: type 0x03 subtype 0x0d;
 *   EVPN type 0x06   RFC 7432 section 7.7 MAC Mobility (subtype 0x00),
 *                    7.5 ESI Label (0x01), 7.6 ES-Import RT (0x02), and
 *                    RFC 9135 section 8.1 Router's MAC (0x03).
 * Anything else is EVPN_EC_OTHER and carried opaque.
 *
 * Invariants: an extended community is always exactly 8 bytes (struct
 * ext_comm), read and written only through wire.h views.  Reserved fields
 * are written as zero and ignored on receipt (as each section above says),
 * so decode -> encode is byte-exact for canonical communities only; the
 * received bytes, not a re-encoding, are what bgpd forwards.
 * The text form is the one of the test vectors' descriptions (FRR-like);
 * the JSON "string" member is exactly that text.
 *
 * Known gaps: the code points live here rather than in an
 * include/evpn_proto.h (no second user yet); asdot route targets
 * (RFC 5396 "1.10:100") are not parsed.
 */
#include "evpn_nlri.h"

#include <stdio.h>
#include <string.h>

#include "json.h"
#include "types.h"
#include "wire.h"

/* Type octets: RFC 4360 section 3, RFC 5668 section 2, RFC 7153. */
#define EC_T_AS2		0x00
#define EC_T_IPV4		0x01
#define EC_T_AS4		0x02
#define EC_T_OPAQUE		0x03
#define EC_T_EVPN		0x06	/* RFC 7153 section 5.1.1 */
#define EC_T_NONTRANSITIVE	0x40	/* RFC 4360 section 2: T bit */

/* Subtype octets */
#define EC_ST_RT		0x02	/* RFC 4360 section 4 */
#define EC_ST_ENCAP		0x0c	/* RFC 9012 section 4.1 */
#define EC_ST_DEFAULT_GW	0x0d	/* RFC 7432 section 7.8 */
#define EC_ST_MAC_MOBILITY	0x00	/* RFC 7432 section 7.7 */
#define EC_ST_ESI_LABEL		0x01	/* RFC 7432 section 7.5 */
#define EC_ST_ES_IMPORT		0x02	/* RFC 7432 section 7.6 */
#define EC_ST_ROUTER_MAC	0x03	/* RFC 9135 section 8.1 */

/* RFC 7432 section 7.7: low-order flag bit of MAC Mobility */
#define EC_MM_STICKY		0x01
/* RFC 7432 section 7.5: low-order flag bit of ESI Label */
#define EC_ESI_SINGLE_ACTIVE	0x01

#define EC_LEN			8
#define EC_LABEL_MAX		0xffffffu

static enum evpn_ecomm_kind
ecomm_classify(uint8_t type, uint8_t sub)
{
	switch (type) {
	case EC_T_AS2:
	case EC_T_IPV4:
	case EC_T_AS4:
	case EC_T_AS2 | EC_T_NONTRANSITIVE:
	case EC_T_IPV4 | EC_T_NONTRANSITIVE:
	case EC_T_AS4 | EC_T_NONTRANSITIVE:
		return sub == EC_ST_RT ? EVPN_EC_RT : EVPN_EC_OTHER;
	case EC_T_OPAQUE:
		if (sub == EC_ST_ENCAP)
			return EVPN_EC_ENCAP;
		if (sub == EC_ST_DEFAULT_GW)
			return EVPN_EC_DEFAULT_GW;
		return EVPN_EC_OTHER;
	case EC_T_EVPN:
		switch (sub) {
		case EC_ST_MAC_MOBILITY:
			return EVPN_EC_MAC_MOBILITY;
		case EC_ST_ESI_LABEL:
			return EVPN_EC_ESI_LABEL;
		case EC_ST_ES_IMPORT:
			return EVPN_EC_ES_IMPORT;
		case EC_ST_ROUTER_MAC:
			return EVPN_EC_ROUTER_MAC;
		default:
			return EVPN_EC_OTHER;
		}
	default:
		return EVPN_EC_OTHER;
	}
}

/* RFC 4360 section 4 / RFC 5668 section 2: the value after the subtype. */
static int
rt_decode(struct wire_rd *rd, uint8_t type, struct evpn_ecomm *e)
{
	uint16_t v16;

	switch (type & ~EC_T_NONTRANSITIVE) {
	case EC_T_AS2:
		e->u.rt.form = EVPN_RT_AS2;
		if (wire_rd_u16(rd, &v16) == -1 ||
		    wire_rd_u32(rd, &e->u.rt.local) == -1)
			return -1;
		e->u.rt.global = v16;
		return 0;
	case EC_T_IPV4:
	case EC_T_AS4:
		e->u.rt.form = (type & ~EC_T_NONTRANSITIVE) == EC_T_IPV4 ?
		    EVPN_RT_IPV4 : EVPN_RT_AS4;
		if (wire_rd_u32(rd, &e->u.rt.global) == -1 ||
		    wire_rd_u16(rd, &v16) == -1)
			return -1;
		e->u.rt.local = v16;
		return 0;
	default:
		return -1;
	}
}

/* The value bytes (after type and subtype) of a classified community. */
static int
value_decode(struct wire_rd *rd, uint8_t type, struct evpn_ecomm *e)
{
	uint8_t flags;

	switch (e->kind) {
	case EVPN_EC_RT:
		return rt_decode(rd, type, e);
	case EVPN_EC_ENCAP:
		/* RFC 9012 section 4.1: 4 reserved bytes, tunnel type. */
		if (wire_rd_skip(rd, 4) == -1)
			return -1;
		return wire_rd_u16(rd, &e->u.encap);
	case EVPN_EC_MAC_MOBILITY:
		/* RFC 7432 section 7.7: flags, reserved, sequence. */
		if (wire_rd_u8(rd, &flags) == -1 || wire_rd_skip(rd, 1) == -1)
			return -1;
		e->u.mm.sticky = (flags & EC_MM_STICKY) != 0;
		return wire_rd_u32(rd, &e->u.mm.seq);
	case EVPN_EC_ESI_LABEL:
		/* RFC 7432 section 7.5: flags, 2 reserved, label. */
		if (wire_rd_u8(rd, &e->u.esi_label.flags) == -1 ||
		    wire_rd_skip(rd, 2) == -1)
			return -1;
		return wire_rd_u24(rd, &e->u.esi_label.label);
	case EVPN_EC_ES_IMPORT:
	case EVPN_EC_ROUTER_MAC:
		/* RFC 7432 section 7.6, RFC 9135 section 8.1: a MAC. */
		return wire_rd_bytes(rd, e->u.mac.b, sizeof(e->u.mac.b));
	case EVPN_EC_DEFAULT_GW:
	case EVPN_EC_OTHER:
		return 0;
	default:
		return -1;
	}
}

void
evpn_ecomm_decode(const struct ext_comm *ec, struct evpn_ecomm *e)
{
	struct wire_rd rd;
	uint8_t type, sub;

	memset(e, 0, sizeof(*e));
	e->kind = EVPN_EC_OTHER;
	wire_rd_init(&rd, ec->b, sizeof(ec->b));
	if (wire_rd_u8(&rd, &type) == -1 || wire_rd_u8(&rd, &sub) == -1)
		return;
	e->transitive = (type & EC_T_NONTRANSITIVE) == 0;
	e->kind = ecomm_classify(type, sub);
	if (value_decode(&rd, type, e) == -1) {
		/* Cannot happen with 8 bytes; stay opaque if it does. */
		memset(&e->u, 0, sizeof(e->u));
		e->kind = EVPN_EC_OTHER;
	}
}

/* ---- encoding ---- */

static int
hdr_encode(struct wire_wr *wr, uint8_t type, uint8_t sub)
{
	if (wire_wr_u8(wr, type) == -1)
		return -1;
	return wire_wr_u8(wr, sub);
}

static int
rt_encode(struct wire_wr *wr, const struct evpn_ecomm *e)
{
	uint8_t t = e->transitive ? 0 : EC_T_NONTRANSITIVE;

	switch (e->u.rt.form) {
	case EVPN_RT_AS2:
		if (e->u.rt.global > UINT16_MAX ||
		    hdr_encode(wr, EC_T_AS2 | t, EC_ST_RT) == -1 ||
		    wire_wr_u16(wr, (uint16_t)e->u.rt.global) == -1)
			return -1;
		return wire_wr_u32(wr, e->u.rt.local);
	case EVPN_RT_IPV4:
	case EVPN_RT_AS4:
		if (e->u.rt.local > UINT16_MAX)
			return -1;
		t |= e->u.rt.form == EVPN_RT_IPV4 ? EC_T_IPV4 : EC_T_AS4;
		if (hdr_encode(wr, t, EC_ST_RT) == -1 ||
		    wire_wr_u32(wr, e->u.rt.global) == -1)
			return -1;
		return wire_wr_u16(wr, (uint16_t)e->u.rt.local);
	default:
		return -1;
	}
}

static int
evpn_type_encode(struct wire_wr *wr, const struct evpn_ecomm *e)
{
	switch (e->kind) {
	case EVPN_EC_MAC_MOBILITY:
		if (hdr_encode(wr, EC_T_EVPN, EC_ST_MAC_MOBILITY) == -1 ||
		    wire_wr_u8(wr, e->u.mm.sticky ? EC_MM_STICKY : 0) == -1 ||
		    wire_wr_u8(wr, 0) == -1)
			return -1;
		return wire_wr_u32(wr, e->u.mm.seq);
	case EVPN_EC_ESI_LABEL:
		if (hdr_encode(wr, EC_T_EVPN, EC_ST_ESI_LABEL) == -1 ||
		    wire_wr_u8(wr, e->u.esi_label.flags) == -1 ||
		    wire_wr_u16(wr, 0) == -1)
			return -1;
		return wire_wr_u24(wr, e->u.esi_label.label);
	case EVPN_EC_ES_IMPORT:
	case EVPN_EC_ROUTER_MAC:
		if (hdr_encode(wr, EC_T_EVPN, e->kind == EVPN_EC_ES_IMPORT ?
		    EC_ST_ES_IMPORT : EC_ST_ROUTER_MAC) == -1)
			return -1;
		return wire_wr_bytes(wr, e->u.mac.b, sizeof(e->u.mac.b));
	case EVPN_EC_OTHER:
	case EVPN_EC_RT:
	case EVPN_EC_ENCAP:
	case EVPN_EC_DEFAULT_GW:
	default:
		return -1;
	}
}

static int
kind_encode(struct wire_wr *wr, const struct evpn_ecomm *e)
{
	switch (e->kind) {
	case EVPN_EC_RT:
		return rt_encode(wr, e);
	case EVPN_EC_ENCAP:
		if (hdr_encode(wr, EC_T_OPAQUE, EC_ST_ENCAP) == -1 ||
		    wire_wr_u32(wr, 0) == -1)
			return -1;
		return wire_wr_u16(wr, e->u.encap);
	case EVPN_EC_DEFAULT_GW:
		if (hdr_encode(wr, EC_T_OPAQUE, EC_ST_DEFAULT_GW) == -1 ||
		    wire_wr_u16(wr, 0) == -1)
			return -1;
		return wire_wr_u32(wr, 0);
	case EVPN_EC_MAC_MOBILITY:
	case EVPN_EC_ESI_LABEL:
	case EVPN_EC_ES_IMPORT:
	case EVPN_EC_ROUTER_MAC:
		return evpn_type_encode(wr, e);
	case EVPN_EC_OTHER:
	default:
		return -1;
	}
}

/* *ec is written only on success. */
int
evpn_ecomm_encode(const struct evpn_ecomm *e, struct ext_comm *ec)
{
	uint8_t tmp[EC_LEN];
	struct wire_wr wr;

	wire_wr_init(&wr, tmp, sizeof(tmp));
	if (kind_encode(&wr, e) == -1 || wire_wr_len(&wr) != EC_LEN)
		return -1;
	memcpy(ec->b, tmp, sizeof(ec->b));
	return 0;
}

/* ---- text and JSON ---- */

static const char *
encap_name(uint16_t tunnel)
{
	switch (tunnel) {
	case EVPN_ENCAP_VXLAN:
		return "VXLAN";
	case EVPN_ENCAP_MPLS:
		return "MPLS";
	case EVPN_ENCAP_GENEVE:
		return "GENEVE";
	default:
		return NULL;
	}
}

static void
rt_fmt(const struct evpn_ecomm *e, char *buf)
{
	uint32_t g = e->u.rt.global;

	if (e->u.rt.form == EVPN_RT_IPV4)
		(void)snprintf(buf, EVPN_ECOMM_STRLEN, "RT:%u.%u.%u.%u:%u",
		    g >> 24, (g >> 16) & 0xff, (g >> 8) & 0xff, g & 0xff,
		    e->u.rt.local);
	else
		(void)snprintf(buf, EVPN_ECOMM_STRLEN, "RT:%u:%u", g,
		    e->u.rt.local);
}

static void
other_fmt(const struct ext_comm *ec, char *buf)
{
	size_t i;

	(void)snprintf(buf, EVPN_ECOMM_STRLEN, "0x");
	for (i = 0; i < sizeof(ec->b); i++)
		(void)snprintf(buf + 2 + 2 * i, EVPN_ECOMM_STRLEN - 2 - 2 * i,
		    "%02x", ec->b[i]);
}

const char *
evpn_ecomm_fmt(const struct ext_comm *ec, char *buf)
{
	struct evpn_ecomm e;
	char mbuf[MAC_STRLEN];
	const char *name;

	evpn_ecomm_decode(ec, &e);
	switch (e.kind) {
	case EVPN_EC_RT:
		rt_fmt(&e, buf);
		break;
	case EVPN_EC_ENCAP:
		name = encap_name(e.u.encap);
		if (name != NULL)
			(void)snprintf(buf, EVPN_ECOMM_STRLEN, "ENCAP:%s", name);
		else
			(void)snprintf(buf, EVPN_ECOMM_STRLEN, "ENCAP:%u",
			    (unsigned)e.u.encap);
		break;
	case EVPN_EC_MAC_MOBILITY:
		(void)snprintf(buf, EVPN_ECOMM_STRLEN, "MAC-MOBILITY:seq=%u%s",
		    e.u.mm.seq, e.u.mm.sticky ? ",sticky" : "");
		break;
	case EVPN_EC_ESI_LABEL:
		(void)snprintf(buf, EVPN_ECOMM_STRLEN,
		    "ESI-LABEL:flags=0x%02x,label=%u",
		    (unsigned)e.u.esi_label.flags, e.u.esi_label.label);
		break;
	case EVPN_EC_ES_IMPORT:
	case EVPN_EC_ROUTER_MAC:
		(void)snprintf(buf, EVPN_ECOMM_STRLEN, "%s:%s",
		    e.kind == EVPN_EC_ES_IMPORT ? "ES-IMPORT" : "ROUTER-MAC",
		    mac_fmt(&e.u.mac, mbuf));
		break;
	case EVPN_EC_DEFAULT_GW:
		(void)snprintf(buf, EVPN_ECOMM_STRLEN, "DEFAULT-GW");
		break;
	case EVPN_EC_OTHER:
	default:
		other_fmt(ec, buf);
		break;
	}
	return buf;
}

const char *
evpn_ecomm_frr_fmt(const struct ext_comm *ec, char *buf)
{
	struct evpn_ecomm e;
	char mbuf[MAC_STRLEN];

	evpn_ecomm_decode(ec, &e);
	switch (e.kind) {
	case EVPN_EC_RT:
		rt_fmt(&e, buf);	/* "RT:..." as FRR */
		break;
	case EVPN_EC_ENCAP:
		(void)snprintf(buf, EVPN_ECOMM_STRLEN, "ET:%u",
		    (unsigned)e.u.encap);
		break;
	case EVPN_EC_MAC_MOBILITY:
		(void)snprintf(buf, EVPN_ECOMM_STRLEN, "MM:%u%s", e.u.mm.seq,
		    e.u.mm.sticky ? ", sticky MAC" : "");
		break;
	case EVPN_EC_ROUTER_MAC:
		(void)snprintf(buf, EVPN_ECOMM_STRLEN, "Rmac:%s",
		    mac_fmt(&e.u.mac, mbuf));
		break;
	case EVPN_EC_DEFAULT_GW:
		(void)snprintf(buf, EVPN_ECOMM_STRLEN, "Default Gateway");
		break;
	case EVPN_EC_ESI_LABEL:
	case EVPN_EC_ES_IMPORT:
	case EVPN_EC_OTHER:
	default:
		return evpn_ecomm_fmt(ec, buf);
	}
	return buf;
}

static const char *
kind_name(enum evpn_ecomm_kind kind)
{
	switch (kind) {
	case EVPN_EC_RT:
		return "route-target";
	case EVPN_EC_ENCAP:
		return "encapsulation";
	case EVPN_EC_MAC_MOBILITY:
		return "mac-mobility";
	case EVPN_EC_ESI_LABEL:
		return "esi-label";
	case EVPN_EC_ES_IMPORT:
		return "es-import";
	case EVPN_EC_ROUTER_MAC:
		return "router-mac";
	case EVPN_EC_DEFAULT_GW:
		return "default-gateway";
	case EVPN_EC_OTHER:
	default:
		return "other";
	}
}

static void
rt_json(struct json *j, const struct evpn_ecomm *e)
{
	struct ip_addr ip;
	char buf[IP_STRLEN];

	switch (e->u.rt.form) {
	case EVPN_RT_IPV4:
		json_str(j, "form", "ipv4");
		ip_set_v4(&ip, e->u.rt.global);
		json_str(j, "ip", ip_fmt(&ip, buf));
		break;
	case EVPN_RT_AS2:
	case EVPN_RT_AS4:
	default:
		json_str(j, "form", e->u.rt.form == EVPN_RT_AS2 ? "as2" : "as4");
		json_u64(j, "asn", e->u.rt.global);
		break;
	}
	json_u64(j, "local", e->u.rt.local);
	json_bool(j, "transitive", e->transitive);
}

static void
fields_json(struct json *j, const struct ext_comm *ec,
    const struct evpn_ecomm *e)
{
	char mbuf[MAC_STRLEN];

	switch (e->kind) {
	case EVPN_EC_RT:
		rt_json(j, e);
		break;
	case EVPN_EC_ENCAP:
		json_u64(j, "tunnelType", e->u.encap);
		break;
	case EVPN_EC_MAC_MOBILITY:
		json_u64(j, "sequence", e->u.mm.seq);
		json_bool(j, "sticky", e->u.mm.sticky);
		break;
	case EVPN_EC_ESI_LABEL:
		json_u64(j, "flags", e->u.esi_label.flags);
		json_bool(j, "singleActive",
		    (e->u.esi_label.flags & EC_ESI_SINGLE_ACTIVE) != 0);
		json_u64(j, "label", e->u.esi_label.label);
		break;
	case EVPN_EC_ES_IMPORT:
	case EVPN_EC_ROUTER_MAC:
		json_str(j, "mac", mac_fmt(&e->u.mac, mbuf));
		break;
	case EVPN_EC_DEFAULT_GW:
		break;
	case EVPN_EC_OTHER:
	default:
		json_hexstr(j, "raw", ec->b, sizeof(ec->b));
		break;
	}
}

bool
evpn_ecomm_json(struct json *j, const struct ext_comm *ec)
{
	struct evpn_ecomm e;
	char buf[EVPN_ECOMM_STRLEN];

	evpn_ecomm_decode(ec, &e);
	json_obj_open(j, NULL);
	json_str(j, "type", kind_name(e.kind));
	json_str(j, "string", evpn_ecomm_fmt(ec, buf));
	fields_json(j, ec, &e);
	json_obj_close(j);
	return true;
}

/* ---- route target parsing ---- */

/* A decimal number of 1..10 digits, nothing else, at most max. */
static int
dec_parse(const char *s, uint32_t max, uint32_t *v)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 10)
			return -1;
		n = n * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == 0 || n > max)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/*
 * "ASN:N" with ASN <= 65535 is the 2-octet AS form (N up to 2^32-1);
 * a larger ASN is the 4-octet AS form (RFC 5668, N up to 65535);
 * "A.B.C.D:N" is the IPv4 form (N up to 65535).  Always transitive.
 */
int
evpn_rt_parse(const char *s, struct ext_comm *ec)
{
	struct evpn_ecomm e;
	struct ip_addr ip;
	const char *colon = strrchr(s, ':');
	char head[IP_STRLEN];
	size_t hlen;

	memset(&e, 0, sizeof(e));
	e.kind = EVPN_EC_RT;
	e.transitive = true;
	if (colon == NULL)
		return -1;
	hlen = (size_t)(colon - s);
	if (hlen == 0 || hlen >= sizeof(head))
		return -1;
	memcpy(head, s, hlen);
	head[hlen] = '\0';
	if (dec_parse(colon + 1, UINT32_MAX, &e.u.rt.local) == -1)
		return -1;
	if (strchr(head, '.') != NULL) {
		if (ip_parse(head, &ip) == -1 || ip.af != IP_AF_V4)
			return -1;
		e.u.rt.form = EVPN_RT_IPV4;
		e.u.rt.global = ip_get_v4(&ip);
	} else {
		if (dec_parse(head, UINT32_MAX, &e.u.rt.global) == -1)
			return -1;
		e.u.rt.form = e.u.rt.global <= UINT16_MAX ? EVPN_RT_AS2 :
		    EVPN_RT_AS4;
	}
	/* The encoder rejects a local part too large for the form. */
	return evpn_ecomm_encode(&e, ec);
}

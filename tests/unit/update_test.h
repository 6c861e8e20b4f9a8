/*
 * update_test.h -- helpers shared by the UPDATE codec unit tests
 * (test_bgp_update.c: valid UPDATEs, vectors, encoder; test_bgp_update_7606.c:
 * RFC 7606 malformed input): sessions, the shared codec/arena state, hex
 * test data, body building, parse/encode wrappers, field checks, the
 * struct upd_case table row, attribute building blocks and the sweeps'
 * oracle.  static inline so that each test uses only what it needs without
 * -Wunused-function.
 */
#ifndef EVPND_TESTS_UNIT_UPDATE_TEST_H
#define EVPND_TESTS_UNIT_UPDATE_TEST_H

#include <check.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_msg.h"
#include "bgp_proto.h"
#include "bgp_update.h"
#include "evpn_nlri.h"
#include "types.h"
#include "wire.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define BODY_MAX	(BGP_EXTMSG_MAX + 64)

/* ---- sessions ---- */

enum caps_id {
	C_IBGP4 = 0,	/* IBGP, 4-octet AS */
	C_EBGP4,	/* EBGP, 4-octet AS */
	C_EBGP2,	/* EBGP, 2-octet AS */
	C_IBGP2,	/* IBGP, 2-octet AS */
	C_AP,		/* IBGP, 4-octet, add-path on v4, v6 and EVPN */
	C_UNK,		/* --decode: peer kind unknown */
};

static inline void
caps_get(enum caps_id id, struct bgp_peer_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	caps->ext_msg = true;
	caps->as4 = id != C_EBGP2 && id != C_IBGP2;
	switch (id) {
	case C_IBGP4:
	case C_IBGP2:
		caps->kind = BGP_PEER_IBGP;
		break;
	case C_EBGP4:
	case C_EBGP2:
		caps->kind = BGP_PEER_EBGP;
		break;
	case C_AP:
		caps->kind = BGP_PEER_IBGP;
		caps->addpath_rx[0] = (struct bgp_af){ 1, 1, BGP_ADDPATH_RX };
		caps->addpath_rx[1] = (struct bgp_af){ 2, 1, BGP_ADDPATH_RX };
		caps->addpath_rx[2] = (struct bgp_af){ 25, 70, BGP_ADDPATH_RX };
		caps->naddpath_rx = 3;
		break;
	case C_UNK:
		caps->kind = BGP_PEER_UNKNOWN;
		break;
	}
}

/* ---- shared state (CK_FORK=no: one process, set up once) ---- */

static struct bgp_codec codec;
static struct bgp_arena arena;
static struct bgp_update u, u2;

static inline void
setup(void)
{
	bgp_codec_init(&codec);
	ck_assert_int_eq(evpn_codec_register(&codec), 0);
	if (arena.base == NULL)
		bgp_arena_init(&arena, BGP_ARENA_SIZE);
}

/* ---- hex ---- */

static inline int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static inline size_t
unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s))
			continue;
		if ((v = hexval(*s)) < 0)
			ck_abort_msg("bad hex digit '%c'", *s);
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			ck_abort_msg("hex longer than %zu", cap);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		ck_abort_msg("odd number of hex digits");
	return n;
}

static inline void
tohex(const uint8_t *b, size_t n, char *out, size_t cap)
{
	size_t i;

	for (i = 0; i < n && 2 * i + 2 < cap; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	out[2 * i] = '\0';
}

static inline void
assert_bytes(const char *what, const uint8_t *got, size_t glen,
    const uint8_t *want, size_t wlen)
{
	static char gh[2 * BODY_MAX + 1], wh[2 * BODY_MAX + 1];

	if (glen == wlen && (glen == 0 || memcmp(got, want, glen) == 0))
		return;
	tohex(got, glen, gh, sizeof(gh));
	tohex(want, wlen, wh, sizeof(wh));
	ck_abort_msg("%s:\n got  %s\n want %s", what, gh, wh);
}

static inline void
assert_view_hex(const char *what, const struct wire_rd *v, const char *hex)
{
	static uint8_t want[BODY_MAX];
	size_t n = unhex(hex, want, sizeof(want));

	assert_bytes(what, wire_rd_data(v), wire_rd_left(v), want, n);
}

/* Body = withdrawn length, withdrawn, attribute length, attributes, NLRI. */
static inline size_t
body_build(const char *wd, const char *attrs, const char *nlri, uint8_t *b,
    size_t cap)
{
	static uint8_t tmp[BODY_MAX];
	struct wire_wr wr;
	size_t n;

	wire_wr_init(&wr, b, cap);
	n = unhex(wd != NULL ? wd : "", tmp, sizeof(tmp));
	ck_assert(wire_wr_u16(&wr, (uint16_t)n) == 0);
	ck_assert(wire_wr_bytes(&wr, tmp, n) == 0);
	n = unhex(attrs != NULL ? attrs : "", tmp, sizeof(tmp));
	ck_assert(wire_wr_u16(&wr, (uint16_t)n) == 0);
	ck_assert(wire_wr_bytes(&wr, tmp, n) == 0);
	n = unhex(nlri != NULL ? nlri : "", tmp, sizeof(tmp));
	ck_assert(wire_wr_bytes(&wr, tmp, n) == 0);
	return wire_wr_len(&wr);
}

static inline enum bgp_action
parse(enum caps_id cid, const uint8_t *b, size_t len, struct bgp_update *out,
    struct bgp_err *err)
{
	struct bgp_peer_caps caps;
	struct wire_rd body;

	caps_get(cid, &caps);
	wire_rd_init(&body, b, len);
	bgp_err_init(err);
	bgp_arena_reset(&arena);
	return bgp_update_parse(&codec, &caps, &body, &arena, out, err);
}

/* Encode and return the body (after the 19-byte header). */
static inline size_t
encode_body(enum caps_id cid, const struct bgp_update *in, uint8_t *b,
    size_t cap)
{
	static uint8_t msg[BODY_MAX];
	struct bgp_peer_caps caps;
	struct wire_wr wr;
	size_t n;

	caps_get(cid, &caps);
	wire_wr_init(&wr, msg, sizeof(msg));
	/* Plain ifs: the sweeps call this 10^5 times, and every passing
	 * ck_assert costs Check a message to its runner. */
	if (bgp_update_encode(&codec, &caps, &wr, in) != 0)
		ck_abort_msg("encode failed");
	n = wire_wr_len(&wr);
	if (n < BGP_HDR_LEN + 4 || ((size_t)msg[16] << 8 | msg[17]) != n ||
	    msg[18] != BGP_MSG_UPDATE || n - BGP_HDR_LEN > cap)
		ck_abort_msg("bad message header (length %zu)", n);
	for (int i = 0; i < BGP_MARKER_LEN; i++)
		if (msg[i] != 0xff)
			ck_abort_msg("bad marker");
	memcpy(b, msg + BGP_HDR_LEN, n - BGP_HDR_LEN);
	return n - BGP_HDR_LEN;
}

/* ---- field helpers for the check functions ---- */

static inline const char *
route_pfx(const struct bgp_routes *r, size_t i, char *buf)
{
	const struct bgp_prefix_route *p = bgp_routes_at(r, i);

	return prefix_fmt(&p->pfx, buf);
}

static inline uint32_t
route_path_id(const struct bgp_routes *r, size_t i)
{
	const struct bgp_prefix_route *p = bgp_routes_at(r, i);

	return p->path_id;
}

static inline void
assert_pfx(const struct bgp_routes *r, size_t i, const char *want)
{
	char buf[PREFIX_STRLEN];

	ck_assert_ptr_nonnull(r->ops);
	ck_assert_uint_gt(r->n, i);
	ck_assert_str_eq(route_pfx(r, i, buf), want);
}

static inline void
assert_ip(const struct ip_addr *ip, const char *want)
{
	char buf[IP_STRLEN];

	ck_assert_str_eq(ip_fmt(ip, buf), want);
}

static inline void
assert_ipv4(uint32_t v, const char *want)
{
	struct ip_addr ip;

	ip_set_v4(&ip, v);
	assert_ip(&ip, want);
}

/* ---- the tables ---- */

struct upd_case {
	const char	*name;
	enum caps_id	 caps;
	const char	*wd, *attrs, *nlri;	/* body from its fields ... */
	const char	*raw;			/* ... or whole, when set */
	enum bgp_action	 act;
	uint8_t		 code, subcode;		/* NOTIFICATION */
	const char	*data;			/* its data; NULL: unchecked */
	uint16_t	 afi;			/* BGP_ACT_AFI_DISABLE */
	uint8_t		 safi;
	uint8_t		 absent;		/* attribute discarded */
	void		(*check)(const struct bgp_update *,
			    const struct bgp_err *);
	/* decode_cases: the canonical re-encoding, where it differs */
	const char	*re_wd, *re_attrs, *re_nlri;
};

static inline size_t
case_body(const struct upd_case *c, uint8_t *b, size_t cap)
{
	if (c->raw != NULL)
		return unhex(c->raw, b, cap);
	return body_build(c->wd, c->attrs, c->nlri, b, cap);
}

static inline size_t
case_rebody(const struct upd_case *c, uint8_t *b, size_t cap)
{
	if (c->raw != NULL)
		return unhex(c->raw, b, cap);
	return body_build(c->re_wd != NULL ? c->re_wd : c->wd,
	    c->re_attrs != NULL ? c->re_attrs : c->attrs,
	    c->re_nlri != NULL ? c->re_nlri : c->nlri, b, cap);
}

/* Attribute building blocks (RFC 4271 section 4.3 layouts). */
#define ORIGIN		"40 01 01 00 "			/* IGP */
#define ASP0		"40 02 00 "			/* empty */
#define ASP4		"40 02 06 02 01 0000fde9 "	/* [65001] */
#define ASP2		"40 02 04 02 01 fde9 "		/* [65001] */
#define NH1		"40 03 04 0a000001 "		/* 10.0.0.1 */
#define LP100		"40 05 04 00000064 "
#define COMM1		"c0 08 04 fde80064 "		/* 65000:100 */
#define IBGP_BASE	ORIGIN ASP0 NH1 LP100
#define EBGP_BASE	ORIGIN ASP4 NH1
#define EBGP2_BASE	ORIGIN ASP2 NH1
#define NLRI1		"08 0a "			/* 10.0.0.0/8 */
#define NH6		"20010db8000000000000000000000001 "
#define NH6LL		"fe800000000000000000000000000001 "
/* IPv6 unicast reach 2001:db8:1::/48 via 2001:db8::1, and its withdraw */
#define MPR6		"80 0e 1c 0002 01 10 " NH6 "00 30 20010db80001 "
#define MPU6		"80 0f 0a 0002 01 30 20010db80001 "
/* an EVPN MP_UNREACH whose type-2 route is cut after its length octet */
#define MPU_EVPN_BAD	"80 0f 06 0019 46 02 21 00 "

/* ---- sweeps ---- */

/*
 * The sweeps' oracle: whatever the bytes, the parse must not crash, must
 * report an action in range with a count to match, and when it accepts
 * the UPDATE (no error, or only attributes discarded) the encoder must
 * write it back, the parser accept that cleanly, and a second encode
 * give the same bytes (decoder and encoder agree on what is valid).
 */
static inline void
consistent(enum caps_id cid, const uint8_t *b, size_t len, const char *what,
    size_t at)
{
	static uint8_t out1[BODY_MAX], out2[BODY_MAX];
	struct bgp_err err, err2;
	enum bgp_action act;
	size_t m1, m2;

	act = parse(cid, b, len, &u, &err);
	if (act < BGP_ACT_NONE || act > BGP_ACT_RESET || err.action != act)
		ck_abort_msg("%s@%zu: action %d", what, at, (int)act);
	if ((act == BGP_ACT_NONE) != (err.count == 0))
		ck_abort_msg("%s@%zu: %s with count %u", what, at,
		    bgp_action_name(act), err.count);
	if (act != BGP_ACT_NONE && act != BGP_ACT_ATTR_DISCARD)
		return;
	m1 = encode_body(cid, &u, out1, sizeof(out1));
	act = parse(cid, out1, m1, &u2, &err2);
	if (act != BGP_ACT_NONE)
		ck_abort_msg("%s@%zu: re-parse %s (%s)", what, at,
		    bgp_action_name(act), err2.reason);
	m2 = encode_body(cid, &u2, out2, sizeof(out2));
	assert_bytes(what, out2, m2, out1, m1);
}

/* Every prefix of the body; every cut inside the attribute field with
 * the Total Attribute Length patched to match (RFC 7606 section 4). */
static inline void
truncation_sweep(enum caps_id cid, const uint8_t *b, size_t n,
    const char *what)
{
	static uint8_t cut[BODY_MAX];
	size_t wlen, alen;

	for (size_t len = 0; len < n; len++)
		consistent(cid, b, len, what, len);
	if (n < 4)
		return;
	wlen = (size_t)b[0] << 8 | b[1];
	if (wlen + 4 > n)
		return;
	alen = (size_t)b[wlen + 2] << 8 | b[wlen + 3];
	if (wlen + 4 + alen > n)
		return;
	for (size_t k = 0; k < alen; k++) {
		size_t pos = wlen + 4, tail = n - pos - alen;

		memcpy(cut, b, pos);
		cut[wlen + 2] = (uint8_t)(k >> 8);
		cut[wlen + 3] = (uint8_t)k;
		memcpy(cut + pos, b + pos, k);
		memcpy(cut + pos + k, b + pos + alen, tail);
		consistent(cid, cut, pos + k + tail, what, 100000 + k);
	}
}

static inline void
bitflip_sweep(enum caps_id cid, const uint8_t *b, size_t n, const char *what)
{
	static uint8_t f[BODY_MAX];

	memcpy(f, b, n);
	for (size_t i = 0; i < n * 8; i++) {
		f[i / 8] ^= (uint8_t)(1u << (i % 8));
		consistent(cid, f, n, what, i);
		f[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
}

#endif /* EVPND_TESTS_UNIT_UPDATE_TEST_H */

/*
 * test_evpn_nlri.c -- unit tests of evpn/evpn_nlri.c and evpn/evpn_ecomm.c.
 *
 * DOC: table-driven (STYLE.md section 8).  The valid NLRI come from two
 * sources, each row saying which:
 *   - real FRR 8.4 messages in the ../shared/vectors .hex files: the NLRI
 *     bytes are copied out of the MP_REACH/MP_UNREACH attribute of the
 *     named frame, the expected fields from that frame's description line;
 *   - synthetic routes built by hand from the RFC layouts (RFC 7432
 *     section 7, RFC 9136 section 3.1) for what FRR did not send (types 1
 *     and 4, IPv6, two labels, add-path, unknown types).
 * Every valid NLRI is decoded field by field, re-encoded byte-exact, and
 * cut at every length (the truncation sweep must fail cleanly, leaving the
 * reader untouched).  Malformed NLRI must fail with the expected reason.
 * Hex strings may contain spaces (one group per field, for review).
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_proto.h"
#include "bgp_update.h"
#include "evpn_nlri.h"
#include "json.h"
#include "msg_test.h"
#include "types.h"
#include "wire.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define BUF_MAX		512

#define ESI0	"00:00:00:00:00:00:00:00:00:00"
#define MAC0	"00:00:00:00:00:00"

/* Field groups reused by the synthetic rows. */
#define H_RD_H1		"0001 0a63ff0b 0002 "	/* 10.99.255.11:2 */
#define H_RD_AS2	"0000 fde8 00000001 "	/* 65000:1 */
#define H_RD_AS4	"0002 00010000 0001 "	/* 65536:1 */
#define H_ESI0		"00000000000000000000 "
#define H_ESI_A		"00112233445566778899 "
#define ESI_A		"00:11:22:33:44:55:66:77:88:99"
/* 2001:db8::1 and 2001:db8::11 */
#define H_V6_1		"20010db8000000000000000000000001 "
#define H_V6_11		"20010db8000000000000000000000011 "

/*
 * NLRI copied from ../shared/vectors (the MP_REACH or MP_UNREACH NLRI
 * field of the named frame).
 */
/* frr-01-open-type3-pmsi-type2-mac.hex frame=48: T3 rd=10.99.255.11:2
 * etag=0 orig=10.99.255.11 */
#define FRR_T3_H1	"03 11 0001 0a63ff0b 0002 00000000 20 0a63ff0b"
/* frr-07-withdraw-type3-vni-down-up.hex frame=1 (MP_UNREACH): T3
 * rd=10.99.255.12:2 etag=0 orig=10.99.255.12 */
#define FRR_T3_H2	"03 11 0001 0a63ff0c 0002 00000000 20 0a63ff0c"
/* frr-01 frame=60: T2 rd=10.99.255.11:2 esi=0 etag=0
 * mac=02:00:00:00:01:01 vni/label24=100 */
#define FRR_T2_MAC_H1 "02 21 0001 0a63ff0b 0002 00000000000000000000 " \
	"00000000 30 020000000101 00 000064"
/* frr-01 frame=62: T2 rd=10.99.255.12:2 esi=0 etag=0
 * mac=02:00:00:00:02:02 vni/label24=100 */
#define FRR_T2_MAC_H2 "02 21 0001 0a63ff0c 0002 00000000000000000000 " \
	"00000000 30 020000000202 00 000064"
/* frr-04-macmove-h1-to-h2-seq1.hex frame=1: T2 rd=10.99.255.12:2 esi=0
 * etag=0 mac=02:00:00:00:01:01 vni/label24=100 (the moved MAC) */
#define FRR_T2_MOVED "02 21 0001 0a63ff0c 0002 00000000000000000000 " \
	"00000000 30 020000000101 00 000064"
/* frr-02-type2-macip.hex frame=4: T2 rd=10.99.255.11:2 esi=0 etag=0
 * mac=02:00:00:00:01:01 ip=192.0.2.1 vni/label24=100 */
#define FRR_T2_IP_H1 "02 25 0001 0a63ff0b 0002 00000000000000000000 " \
	"00000000 30 020000000101 20 c0000201 000064"
/* frr-02-type2-macip.hex frame=5: T2 rd=10.99.255.12:2 esi=0 etag=0
 * mac=02:00:00:00:02:02 ip=192.0.2.2 vni/label24=100 */
#define FRR_T2_IP_H2 "02 25 0001 0a63ff0c 0002 00000000000000000000 " \
	"00000000 30 020000000202 20 c0000202 000064"
/* frr-04 frame=7 (MP_UNREACH, route 1 of 2): T2 rd=10.99.255.11:2 esi=0
 * etag=0 mac=02:00:00:00:01:01 vni/label24=0 (FRR withdraws with 0) */
#define FRR_T2_MAC_WD "02 21 0001 0a63ff0b 0002 00000000000000000000 " \
	"00000000 30 020000000101 00 000000"
/* frr-04 frame=7 (MP_UNREACH, route 2 of 2): T2 rd=10.99.255.11:2 esi=0
 * etag=0 mac=02:00:00:00:01:01 ip=192.0.2.1 vni/label24=0 */
#define FRR_T2_IP_WD "02 25 0001 0a63ff0b 0002 00000000000000000000 " \
	"00000000 30 020000000101 20 c0000201 000000"
/* frr-03-type5.hex frame=1: T5 rd=10.99.255.11:5 etag=0
 * prefix=198.51.100.0/24 gw=0.0.0.0 vni/label24=16001 */
#define FRR_T5 "05 22 0001 0a63ff0b 0005 00000000000000000000 " \
	"00000000 18 c6336400 00000000 003e81"
/* frr-06-withdraw-type2-type5.hex frame=6 (MP_UNREACH): T5
 * rd=10.99.255.11:5 etag=0 prefix=198.51.100.0/24 gw=0.0.0.0
 * vni/label24=0 */
#define FRR_T5_WD "05 22 0001 0a63ff0b 0005 00000000000000000000 " \
	"00000000 18 c6336400 00000000 000000"
/* frr-06-withdraw-type2-type5.hex frame=11: the whole MP_UNREACH NLRI
 * field, 3 routes: T2 rd=10.99.255.12:2 mac=02:00:00:00:02:02
 * ip=192.0.2.2 label 0; T2 rd=10.99.255.12:2 mac=02:00:00:00:02:02
 * label 0; T5 rd=10.99.255.11:5 prefix=198.51.100.0/24 label 0 */
#define FRR_WD3 \
	"022500010a63ff0c000200000000000000000000000000003002000000020220" \
	"c0000202000000022100010a63ff0c0002000000000000000000000000000030" \
	"02000000020200000000052200010a63ff0b0005000000000000000000000000" \
	"000018c633640000000000000000"

/* ---- helpers ---- */

static void
tohex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static void
check_ip(const struct ip_addr *ip, const char *want, const char *what)
{
	char buf[IP_STRLEN];

	if (want == NULL) {
		ck_assert_msg(ip->af == IP_AF_NONE, "%s: af %u, want none",
		    what, (unsigned)ip->af);
		return;
	}
	ck_assert_msg(ip->af == IP_AF_V4 || ip->af == IP_AF_V6,
	    "%s: af %u", what, (unsigned)ip->af);
	ck_assert_str_eq(ip_fmt(ip, buf), want);
}

/* ---- valid routes ---- */

struct route_case {
	const char	*name;		/* provenance */
	const char	*hex;
	bool		 addpath;
	uint32_t	 path_id;
	uint8_t		 type;
	uint8_t		 len;		/* length octet */
	const char	*rd;		/* NULL: all-zero RD */
	const char	*esi;		/* NULL: zero ESI */
	uint32_t	 etag;
	const char	*mac;		/* NULL: zero MAC */
	const char	*ip;		/* NULL: af NONE */
	uint8_t		 plen;
	const char	*gw;		/* NULL: af NONE */
	uint8_t		 nlabels;
	uint32_t	 label[2];
	const char	*raw;		/* unknown types; NULL: empty */
};

static const struct route_case valid_cases[] = {
	/* -- from ../shared/vectors (FRR 8.4) -- */
	{ "frr-01 f48 T3 v4 (reach)", FRR_T3_H1, false, 0, 3, 17,
	    "10.99.255.11:2", NULL, 0, NULL, "10.99.255.11", 0, NULL, 0,
	    { 0, 0 }, NULL },
	{ "frr-07 f1 T3 v4 (withdraw)", FRR_T3_H2, false, 0, 3, 17,
	    "10.99.255.12:2", NULL, 0, NULL, "10.99.255.12", 0, NULL, 0,
	    { 0, 0 }, NULL },
	{ "frr-01 f60 T2 MAC only", FRR_T2_MAC_H1, false, 0, 2, 33,
	    "10.99.255.11:2", ESI0, 0, "02:00:00:00:01:01", NULL, 0, NULL, 1,
	    { 100, 0 }, NULL },
	{ "frr-01 f62 T2 MAC only h2", FRR_T2_MAC_H2, false, 0, 2, 33,
	    "10.99.255.12:2", ESI0, 0, "02:00:00:00:02:02", NULL, 0, NULL, 1,
	    { 100, 0 }, NULL },
	{ "frr-04 f1 T2 moved MAC", FRR_T2_MOVED, false, 0, 2, 33,
	    "10.99.255.12:2", ESI0, 0, "02:00:00:00:01:01", NULL, 0, NULL, 1,
	    { 100, 0 }, NULL },
	{ "frr-02 f4 T2 MAC+IPv4", FRR_T2_IP_H1, false, 0, 2, 37,
	    "10.99.255.11:2", ESI0, 0, "02:00:00:00:01:01", "192.0.2.1", 0,
	    NULL, 1, { 100, 0 }, NULL },
	{ "frr-02 f5 T2 MAC+IPv4 h2", FRR_T2_IP_H2, false, 0, 2, 37,
	    "10.99.255.12:2", ESI0, 0, "02:00:00:00:02:02", "192.0.2.2", 0,
	    NULL, 1, { 100, 0 }, NULL },
	{ "frr-04 f7 T2 MAC withdraw label 0", FRR_T2_MAC_WD, false, 0, 2,
	    33, "10.99.255.11:2", ESI0, 0, "02:00:00:00:01:01", NULL, 0, NULL,
	    1, { 0, 0 }, NULL },
	{ "frr-04 f7 T2 MAC+IP withdraw label 0", FRR_T2_IP_WD, false, 0, 2,
	    37, "10.99.255.11:2", ESI0, 0, "02:00:00:00:01:01", "192.0.2.1",
	    0, NULL, 1, { 0, 0 }, NULL },
	{ "frr-03 f1 T5 v4", FRR_T5, false, 0, 5, 34, "10.99.255.11:5", ESI0,
	    0, NULL, "198.51.100.0", 24, "0.0.0.0", 1, { 16001, 0 }, NULL },
	{ "frr-06 f6 T5 v4 withdraw label 0", FRR_T5_WD, false, 0, 5, 34,
	    "10.99.255.11:5", ESI0, 0, NULL, "198.51.100.0", 24, "0.0.0.0", 1,
	    { 0, 0 }, NULL },

	/* -- synthetic, RFC 7432 section 7.1: type 1 -- */
	{ "T1 per-ES EAD, MAX-ET (RFC 7432 8.2.1)",
	    "01 19 " H_RD_AS2 H_ESI_A "ffffffff 000000", false, 0, 1, 25,
	    "65000:1", ESI_A, 0xffffffffu, NULL, NULL, 0, NULL, 1, { 0, 0 },
	    NULL },
	{ "T1 per-EVI EAD, label 100",
	    "01 19 " H_RD_H1 H_ESI_A "00000000 000064", false, 0, 1, 25,
	    "10.99.255.11:2", ESI_A, 0, NULL, NULL, 0, NULL, 1, { 100, 0 },
	    NULL },
	{ "T1 4-byte-AS RD, LACP ESI, label 2^24-1",
	    "01 19 " H_RD_AS4 "01aabbccddeeff010000 00000005 ffffff", false,
	    0, 1, 25, "65536:1", "01:aa:bb:cc:dd:ee:ff:01:00:00", 5, NULL,
	    NULL, 0, NULL, 1, { 0xffffff, 0 }, NULL },

	/* -- synthetic, RFC 7432 section 7.2: type 2 -- */
	{ "T2 MAC+IPv6",
	    "02 31 " H_RD_H1 H_ESI0 "00000000 30 020000000101 80 " H_V6_1
	    "000064", false, 0, 2, 49, "10.99.255.11:2", ESI0, 0,
	    "02:00:00:00:01:01", "2001:db8::1", 0, NULL, 1, { 100, 0 }, NULL },
	{ "T2 MAC+IPv4, two labels (L2 VNI, L3 VNI)",
	    "02 28 " H_RD_H1 H_ESI0 "00000000 30 020000000101 20 c0000201 "
	    "000064 001388", false, 0, 2, 40, "10.99.255.11:2", ESI0, 0,
	    "02:00:00:00:01:01", "192.0.2.1", 0, NULL, 2, { 100, 5000 },
	    NULL },
	{ "T2 MAC+IPv6, two labels (52, the maximum)",
	    "02 34 " H_RD_H1 H_ESI0 "00000000 30 020000000101 80 " H_V6_1
	    "000064 001388", false, 0, 2, 52, "10.99.255.11:2", ESI0, 0,
	    "02:00:00:00:01:01", "2001:db8::1", 0, NULL, 2, { 100, 5000 },
	    NULL },
	{ "T2 MAC only, two labels",
	    "02 24 " H_RD_AS2 H_ESI0 "00000000 30 0a0b0c0d0e0f 00 000064 "
	    "000065", false, 0, 2, 36, "65000:1", ESI0, 0,
	    "0a:0b:0c:0d:0e:0f", NULL, 0, NULL, 2, { 100, 101 }, NULL },
	{ "T2 multihomed: ESI and etag set",
	    "02 21 " H_RD_AS2 H_ESI_A "00000064 30 020000000303 00 ffffff",
	    false, 0, 2, 33, "65000:1", ESI_A, 100, "02:00:00:00:03:03", NULL,
	    0, NULL, 1, { 0xffffff, 0 }, NULL },

	/* -- synthetic, RFC 7432 section 7.3: type 3 -- */
	{ "T3 v6 originator", "03 1d " H_RD_H1 "00000000 80 " H_V6_11, false,
	    0, 3, 29, "10.99.255.11:2", NULL, 0, NULL, "2001:db8::11", 0,
	    NULL, 0, { 0, 0 }, NULL },
	{ "T3 v4, etag 10", "03 11 " H_RD_AS2 "0000000a 20 0a000001", false,
	    0, 3, 17, "65000:1", NULL, 10, NULL, "10.0.0.1", 0, NULL, 0,
	    { 0, 0 }, NULL },

	/* -- synthetic, RFC 7432 section 7.4: type 4 -- */
	{ "T4 v4 originator", "04 17 " H_RD_H1 H_ESI_A "20 0a63ff0b", false,
	    0, 4, 23, "10.99.255.11:2", ESI_A, 0, NULL, "10.99.255.11", 0,
	    NULL, 0, { 0, 0 }, NULL },
	{ "T4 v6 originator", "04 23 " H_RD_H1 H_ESI_A "80 " H_V6_11, false,
	    0, 4, 35, "10.99.255.11:2", ESI_A, 0, NULL, "2001:db8::11", 0,
	    NULL, 0, { 0, 0 }, NULL },

	/* -- synthetic, RFC 9136 section 3.1: type 5 -- */
	{ "T5 v6 /48, gw 2001:db8::1",
	    "05 3a " H_RD_H1 H_ESI0 "00000000 30 "
	    "20010db8000100000000000000000000 " H_V6_1 "003e81", false, 0, 5,
	    58, "10.99.255.11:2", ESI0, 0, NULL, "2001:db8:1::", 48,
	    "2001:db8::1", 1, { 16001, 0 }, NULL },
	{ "T5 v6 /128", "05 3a " H_RD_H1 H_ESI0 "00000000 80 " H_V6_11
	    "00000000000000000000000000000000 000001", false, 0, 5, 58,
	    "10.99.255.11:2", ESI0, 0, NULL, "2001:db8::11", 128, "::", 1,
	    { 1, 0 }, NULL },
	{ "T5 v4 /32 with ESI, etag and gw",
	    "05 22 " H_RD_AS2 H_ESI_A "00000007 20 c6336401 0a000001 000064",
	    false, 0, 5, 34, "65000:1", ESI_A, 7, NULL, "198.51.100.1", 32,
	    "10.0.0.1", 1, { 100, 0 }, NULL },
	{ "T5 v4 host bits kept as received",
	    "05 22 " H_RD_H1 H_ESI0 "00000000 18 c6336401 00000000 003e81",
	    false, 0, 5, 34, "10.99.255.11:2", ESI0, 0, NULL, "198.51.100.1",
	    24, "0.0.0.0", 1, { 16001, 0 }, NULL },
	{ "T5 v4 default route /0",
	    "05 22 " H_RD_H1 H_ESI0 "00000000 00 00000000 00000000 003e81",
	    false, 0, 5, 34, "10.99.255.11:2", ESI0, 0, NULL, "0.0.0.0", 0,
	    "0.0.0.0", 1, { 16001, 0 }, NULL },

	/* -- add-path, RFC 7911 section 3 -- */
	{ "add-path id 1 + frr-02 f4 T2", "00000001 " FRR_T2_IP_H1, true, 1,
	    2, 37, "10.99.255.11:2", ESI0, 0, "02:00:00:00:01:01",
	    "192.0.2.1", 0, NULL, 1, { 100, 0 }, NULL },
	{ "add-path id 2^32-1 + frr-01 f48 T3", "ffffffff " FRR_T3_H1, true,
	    0xffffffffu, 3, 17, "10.99.255.11:2", NULL, 0, NULL,
	    "10.99.255.11", 0, NULL, 0, { 0, 0 }, NULL },

	/* -- unknown types: kept raw (RFC 7432 section 7) -- */
	{ "T6 (RFC 9251 SMET) kept raw",
	    "06 0c 0000fde800000001 aabbccdd", false, 0, 6, 12, NULL, NULL, 0,
	    NULL, NULL, 0, NULL, 0, { 0, 0 }, "0000fde800000001aabbccdd" },
	{ "T0 empty body", "00 00", false, 0, 0, 0, NULL, NULL, 0, NULL,
	    NULL, 0, NULL, 0, { 0, 0 }, NULL },
	{ "T255 with add-path", "0000002a ff 03 abcdef", true, 42, 255, 3,
	    NULL, NULL, 0, NULL, NULL, 0, NULL, 0, { 0, 0 }, "abcdef" },
};

static void
check_route(const struct route_case *c, const struct evpn_route *r)
{
	char buf[BUF_MAX];

	ck_assert_uint_eq(r->path_id, c->path_id);
	ck_assert_uint_eq(r->type, c->type);
	ck_assert_uint_eq(r->len, c->len);
	ck_assert_str_eq(rd_fmt(&r->rd, buf), c->rd != NULL ? c->rd : "0:0");
	ck_assert_str_eq(esi_fmt(&r->esi, buf), c->esi != NULL ? c->esi : ESI0);
	ck_assert_uint_eq(r->etag, c->etag);
	ck_assert_str_eq(mac_fmt(&r->mac, buf), c->mac != NULL ? c->mac : MAC0);
	check_ip(&r->ip, c->ip, "ip");
	ck_assert_uint_eq(r->ip_plen, c->plen);
	check_ip(&r->gw, c->gw, "gw");
	ck_assert_uint_eq(r->nlabels, c->nlabels);
	ck_assert_uint_eq(r->label[0], c->label[0]);
	ck_assert_uint_eq(r->label[1], c->label[1]);
	tohex(wire_rd_data(&r->raw), wire_rd_left(&r->raw), buf);
	ck_assert_str_eq(buf, c->raw != NULL ? c->raw : "");
}

/* Decode one NLRI followed by an extra byte: the route consumes its own
 * bytes only. */
START_TEST(test_valid_decode)
{
	const struct route_case *c = &valid_cases[_i];
	uint8_t in[BUF_MAX];
	struct evpn_route r;
	struct wire_rd rd;
	const char *why = NULL;
	size_t n;

	n = hex2bin(c->hex, in, sizeof(in) - 1);
	in[n] = 0xee;
	memset(&r, 0, sizeof(r));
	wire_rd_init(&rd, in, n + 1);
	ck_assert_msg(evpn_route_decode(&rd, c->addpath, &r, &why) == 0,
	    "%s: %s", c->name, why != NULL ? why : "?");
	ck_assert_uint_eq(wire_rd_left(&rd), 1);
	ck_assert_ptr_eq(wire_rd_data(&rd), in + n);
	check_route(c, &r);
}
END_TEST

/* decode -> encode gives the received bytes (STYLE.md section 5). */
START_TEST(test_valid_roundtrip)
{
	const struct route_case *c = &valid_cases[_i];
	uint8_t in[BUF_MAX], out[BUF_MAX];
	struct evpn_route r;
	struct wire_rd rd;
	struct wire_wr wr;
	const char *why = NULL;
	size_t n;

	n = hex2bin(c->hex, in, sizeof(in));
	memset(&r, 0, sizeof(r));
	wire_rd_init(&rd, in, n);
	ck_assert_int_eq(evpn_route_decode(&rd, c->addpath, &r, &why), 0);
	memset(out, 0x5a, sizeof(out));
	wire_wr_init(&wr, out, n);
	ck_assert_msg(evpn_route_encode(&wr, c->addpath, &r) == 0, "%s",
	    c->name);
	ck_assert_uint_eq(wire_wr_len(&wr), n);
	ck_assert_mem_eq(out, in, n);

	/* One byte short: fails and leaves the writer as it was. */
	wire_wr_init(&wr, out, n - 1);
	ck_assert_int_eq(evpn_route_encode(&wr, c->addpath, &r), -1);
	ck_assert_uint_eq(wire_wr_len(&wr), 0);
}
END_TEST

/* Every valid NLRI cut at every shorter length fails cleanly. */
START_TEST(test_truncation_sweep)
{
	const struct route_case *c = &valid_cases[_i];
	uint8_t in[BUF_MAX], *cut;
	struct evpn_route r;
	struct wire_rd rd;
	const char *why;
	size_t n, len;

	n = hex2bin(c->hex, in, sizeof(in));
	for (len = 0; len < n; len++) {
		/* A heap copy of exactly len bytes lets ASan see overreads. */
		cut = malloc(len > 0 ? len : 1);
		ck_assert_ptr_nonnull(cut);
		memcpy(cut, in, len);
		memset(&r, 0, sizeof(r));
		why = NULL;
		wire_rd_init(&rd, cut, len);
		ck_assert_msg(evpn_route_decode(&rd, c->addpath, &r, &why) ==
		    -1, "%s: cut at %zu accepted", c->name, len);
		ck_assert_ptr_nonnull(why);
		ck_assert_uint_eq(wire_rd_left(&rd), len);
		ck_assert_ptr_eq(wire_rd_data(&rd), cut);
		free(cut);
	}
}
END_TEST

/* ---- malformed routes ---- */

struct bad_case {
	const char	*name;
	const char	*hex;
	bool		 addpath;
	const char	*why;
};

static const struct bad_case bad_cases[] = {
	{ "empty", "", false, "truncated route type/length" },
	{ "type only", "02", false, "truncated route type/length" },
	{ "path id cut", "000001", true, "truncated path identifier" },
	{ "add-path id, then nothing", "00000001", true,
	    "truncated route type/length" },
	{ "length beyond NLRI", "02 21 " H_RD_H1 H_ESI0 "00000000 30 "
	    "020000000101 00 0000", false, "route length exceeds NLRI" },
	/* RFC 7432 section 7.2 */
	{ "T2 MAC len 47", "02 21 " H_RD_H1 H_ESI0 "00000000 2f "
	    "020000000101 00 000064", false, "type 2: MAC length not 48" },
	{ "T2 MAC len 0", "02 21 " H_RD_H1 H_ESI0 "00000000 00 "
	    "020000000101 00 000064", false, "type 2: MAC length not 48" },
	{ "T2 IP len 24", "02 24 " H_RD_H1 H_ESI0 "00000000 30 "
	    "020000000101 18 c00002 000064", false,
	    "type 2: IP length not 0, 32 or 128" },
	{ "T2 IP len 64", "02 29 " H_RD_H1 H_ESI0 "00000000 30 "
	    "020000000101 40 c0000201c0000201 000064", false,
	    "type 2: IP length not 0, 32 or 128" },
	{ "T2 IP len 32 in a MAC-only length", "02 21 " H_RD_H1 H_ESI0
	    "00000000 30 020000000101 20 000064", false, "type 2: truncated" },
	{ "T2 MAC-only + 1 byte (34)", "02 22 " H_RD_H1 H_ESI0 "00000000 30 "
	    "020000000101 00 000064 00", false,
	    "type 2: length does not match MAC/IP/labels" },
	{ "T2 MAC+IPv4 + 1 byte (38)", "02 26 " H_RD_H1 H_ESI0 "00000000 30 "
	    "020000000101 20 c0000201 000064 00", false,
	    "type 2: length does not match MAC/IP/labels" },
	{ "T2 MAC+IPv6 with 2 label bytes (48)", "02 30 " H_RD_H1 H_ESI0
	    "00000000 30 020000000101 80 " H_V6_1 "0000", false,
	    "type 2: length does not match MAC/IP/labels" },
	{ "T2 three labels (39)", "02 27 " H_RD_H1 H_ESI0 "00000000 30 "
	    "020000000101 00 000064 000065 000066", false,
	    "type 2: length does not match MAC/IP/labels" },
	{ "T2 no label (30)", "02 1e " H_RD_H1 H_ESI0 "00000000 30 "
	    "020000000101 00", false,
	    "type 2: length does not match MAC/IP/labels" },
	{ "T2 length 0", "02 00", false, "type 2: truncated" },
	{ "T2 length 10", "02 0a " H_RD_H1 "0000", false,
	    "type 2: truncated" },
	/* RFC 7432 section 7.1 */
	{ "T1 length 24", "01 18 " H_RD_AS2 H_ESI_A "00000000 0000", false,
	    "type 1: length not 25" },
	{ "T1 length 26", "01 1a " H_RD_AS2 H_ESI_A "00000000 000064 00",
	    false, "type 1: length not 25" },
	/* RFC 7432 section 7.3 */
	{ "T3 IP len 24", "03 11 " H_RD_H1 "00000000 18 0a63ff0b", false,
	    "type 3: IP length not 32 or 128" },
	{ "T3 IP len 0", "03 11 " H_RD_H1 "00000000 00 0a63ff0b", false,
	    "type 3: IP length not 32 or 128" },
	{ "T3 length 18", "03 12 " H_RD_H1 "00000000 20 0a63ff0b 00", false,
	    "type 3: length not 17 or 29" },
	{ "T3 length 0", "03 00", false, "type 3: length not 17 or 29" },
	{ "T3 IP len 128 in 17 bytes", "03 11 " H_RD_H1 "00000000 80 "
	    "0a63ff0b", false,
	    "type 3: IP length does not match route length" },
	{ "T3 IP len 32 in 29 bytes", "03 1d " H_RD_H1 "00000000 20 " H_V6_11,
	    false, "type 3: IP length does not match route length" },
	/* RFC 7432 section 7.4 */
	{ "T4 length 22", "04 16 " H_RD_H1 H_ESI_A "20 0a63ff", false,
	    "type 4: length not 23 or 35" },
	{ "T4 IP len 16", "04 17 " H_RD_H1 H_ESI_A "10 0a63ff0b", false,
	    "type 4: IP length not 32 or 128" },
	{ "T4 IP len 32 in 35 bytes", "04 23 " H_RD_H1 H_ESI_A "20 " H_V6_11,
	    false, "type 4: IP length does not match route length" },
	/* RFC 9136 section 3.1 */
	{ "T5 length 33", "05 21 " H_RD_H1 H_ESI0 "00000000 18 c6336400 "
	    "00000000 003e", false, "type 5: length not 34 or 58" },
	{ "T5 length 35", "05 23 " H_RD_H1 H_ESI0 "00000000 18 c6336400 "
	    "00000000 003e81 00", false, "type 5: length not 34 or 58" },
	{ "T5 length 46 (v4 prefix, v6 gw)", "05 2e " H_RD_H1 H_ESI0
	    "00000000 18 c6336400 " H_V6_1 "003e81", false,
	    "type 5: length not 34 or 58" },
	{ "T5 v4 prefix len 33", "05 22 " H_RD_H1 H_ESI0 "00000000 21 "
	    "c6336400 00000000 003e81", false,
	    "type 5: prefix length too long" },
	{ "T5 v4 prefix len 255", "05 22 " H_RD_H1 H_ESI0 "00000000 ff "
	    "c6336400 00000000 003e81", false,
	    "type 5: prefix length too long" },
	{ "T5 v6 prefix len 129", "05 3a " H_RD_H1 H_ESI0 "00000000 81 "
	    H_V6_11 H_V6_1 "003e81", false, "type 5: prefix length too long" },
};

START_TEST(test_malformed)
{
	const struct bad_case *c = &bad_cases[_i];
	uint8_t in[BUF_MAX], *copy;
	struct evpn_route r;
	struct wire_rd rd;
	const char *why = NULL;
	size_t n;

	n = hex2bin(c->hex, in, sizeof(in));
	copy = malloc(n > 0 ? n : 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, in, n);
	memset(&r, 0, sizeof(r));
	wire_rd_init(&rd, copy, n);
	ck_assert_msg(evpn_route_decode(&rd, c->addpath, &r, &why) == -1,
	    "%s: accepted", c->name);
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strcmp(why, c->why) == 0, "%s: reason '%s', want '%s'",
	    c->name, why, c->why);
	ck_assert_uint_eq(wire_rd_left(&rd), n);
	ck_assert_ptr_eq(wire_rd_data(&rd), copy);
	free(copy);
}
END_TEST

/* The frr-06 frame 11 MP_UNREACH NLRI field: three routes in a row, then
 * re-encoded as one field. */
START_TEST(test_nlri_sequence)
{
	static const uint8_t want_type[3] = { 2, 2, 5 };
	static const char *const want_ip[3] = {
		"192.0.2.2", NULL, "198.51.100.0",
	};
	uint8_t in[BUF_MAX], out[BUF_MAX];
	struct evpn_route r[3];
	struct wire_rd rd;
	struct wire_wr wr;
	const char *why = NULL;
	size_t n, i;

	n = hex2bin(FRR_WD3, in, sizeof(in));
	wire_rd_init(&rd, in, n);
	wire_wr_init(&wr, out, sizeof(out));
	memset(r, 0, sizeof(r));
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(evpn_route_decode(&rd, false, &r[i], &why), 0);
		ck_assert_uint_eq(r[i].type, want_type[i]);
		ck_assert_uint_eq(r[i].label[0], 0);
		check_ip(&r[i].ip, want_ip[i], "ip");
		ck_assert_int_eq(evpn_route_encode(&wr, false, &r[i]), 0);
	}
	ck_assert(wire_rd_empty(&rd));
	ck_assert_uint_eq(wire_wr_len(&wr), n);
	ck_assert_mem_eq(out, in, n);
	ck_assert_uint_eq(r[2].ip_plen, 24);
}
END_TEST

/* ---- encoding routes built from fields ---- */

/* A type 2 built the way evpn_mac.c will (len left 0) gives FRR's bytes. */
START_TEST(test_encode_from_fields)
{
	uint8_t want[BUF_MAX], out[BUF_MAX];
	struct evpn_route r;
	struct wire_wr wr;
	size_t n;

	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_MACIP;
	ck_assert_int_eq(rd_parse("10.99.255.11:2", &r.rd), 0);
	ck_assert_int_eq(mac_parse("02:00:00:00:01:01", &r.mac), 0);
	ck_assert_int_eq(ip_parse("192.0.2.1", &r.ip), 0);
	r.nlabels = 1;
	r.label[0] = 100;
	n = hex2bin(FRR_T2_IP_H1, want, sizeof(want));
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(evpn_route_encode(&wr, false, &r), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), n);
	ck_assert_mem_eq(out, want, n);

	/* Type 5 with no gateway set: written as 0.0.0.0 (frr-03 f1). */
	memset(&r, 0, sizeof(r));
	r.type = EVPN_RT_PREFIX;
	ck_assert_int_eq(rd_parse("10.99.255.11:5", &r.rd), 0);
	ck_assert_int_eq(ip_parse("198.51.100.0", &r.ip), 0);
	r.ip_plen = 24;
	r.nlabels = 1;
	r.label[0] = 16001;
	n = hex2bin(FRR_T5, want, sizeof(want));
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(evpn_route_encode(&wr, false, &r), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), n);
	ck_assert_mem_eq(out, want, n);
}
END_TEST

enum bad_enc {
	BAD_T2_3LABELS,
	BAD_T2_AF,
	BAD_T3_NO_IP,
	BAD_T4_NO_IP,
	BAD_T5_NO_IP,
	BAD_T5_PLEN,
	BAD_T5_GW_AF,
	BAD_LABEL_25BIT,
	BAD_RAW_TOO_LONG,
	BAD_ENC_COUNT,
};

/* Routes whose fields cannot be encoded: -1, writer untouched. */
START_TEST(test_encode_invalid)
{
	static uint8_t big[300];
	uint8_t out[BUF_MAX];
	struct evpn_route r;
	struct wire_wr wr;

	memset(&r, 0, sizeof(r));
	r.nlabels = 1;
	r.ip.af = IP_AF_V4;
	switch ((enum bad_enc)_i) {
	case BAD_T2_3LABELS:
		r.type = EVPN_RT_MACIP;
		r.nlabels = 3;
		break;
	case BAD_T2_AF:
		r.type = EVPN_RT_MACIP;
		r.ip.af = 5;
		break;
	case BAD_T3_NO_IP:
		r.type = EVPN_RT_IMET;
		r.ip.af = IP_AF_NONE;
		break;
	case BAD_T4_NO_IP:
		r.type = EVPN_RT_ES;
		r.ip.af = IP_AF_NONE;
		break;
	case BAD_T5_NO_IP:
		r.type = EVPN_RT_PREFIX;
		r.ip.af = IP_AF_NONE;
		break;
	case BAD_T5_PLEN:
		r.type = EVPN_RT_PREFIX;
		r.ip_plen = 33;
		break;
	case BAD_T5_GW_AF:
		r.type = EVPN_RT_PREFIX;
		r.gw.af = IP_AF_V6;
		break;
	case BAD_LABEL_25BIT:
		r.type = EVPN_RT_EAD;
		r.label[0] = 0x1000000;
		break;
	case BAD_RAW_TOO_LONG:
		r.type = 9;
		wire_rd_init(&r.raw, big, sizeof(big));
		break;
	case BAD_ENC_COUNT:
	default:
		ck_abort_msg("no case %d", _i);
	}
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_msg(evpn_route_encode(&wr, true, &r) == -1,
	    "case %d encoded", _i);
	ck_assert_uint_eq(wire_wr_len(&wr), 0);
}
END_TEST

/* ---- JSON ---- */

struct json_case {
	const char	*hex;
	bool		 addpath;
	const char	*json;
};

static const struct json_case json_cases[] = {
	{ FRR_T2_IP_H1, false,
	    "{\"routeType\":2,\"routeTypeName\":\"macip\","
	    "\"rd\":\"10.99.255.11:2\",\"esi\":\"" ESI0 "\",\"ethTag\":0,"
	    "\"macLen\":48,\"mac\":\"02:00:00:00:01:01\",\"ipLen\":32,"
	    "\"ip\":\"192.0.2.1\",\"label\":100,\"vni\":100}" },
	{ FRR_T2_MAC_H1, false,
	    "{\"routeType\":2,\"routeTypeName\":\"macip\","
	    "\"rd\":\"10.99.255.11:2\",\"esi\":\"" ESI0 "\",\"ethTag\":0,"
	    "\"macLen\":48,\"mac\":\"02:00:00:00:01:01\",\"ipLen\":0,"
	    "\"label\":100,\"vni\":100}" },
	{ "02 28 " H_RD_H1 H_ESI0 "00000000 30 020000000101 20 c0000201 "
	    "000064 001388", false,
	    "{\"routeType\":2,\"routeTypeName\":\"macip\","
	    "\"rd\":\"10.99.255.11:2\",\"esi\":\"" ESI0 "\",\"ethTag\":0,"
	    "\"macLen\":48,\"mac\":\"02:00:00:00:01:01\",\"ipLen\":32,"
	    "\"ip\":\"192.0.2.1\",\"label\":100,\"vni\":100,"
	    "\"label2\":5000}" },
	{ FRR_T3_H1, false,
	    "{\"routeType\":3,\"routeTypeName\":\"multicast\","
	    "\"rd\":\"10.99.255.11:2\",\"ethTag\":0,\"originatorIpLen\":32,"
	    "\"originatorIp\":\"10.99.255.11\"}" },
	{ FRR_T5, false,
	    "{\"routeType\":5,\"routeTypeName\":\"prefix\","
	    "\"rd\":\"10.99.255.11:5\",\"esi\":\"" ESI0 "\",\"ethTag\":0,"
	    "\"ipPrefixLen\":24,\"ipPrefix\":\"198.51.100.0/24\","
	    "\"gatewayIp\":\"0.0.0.0\",\"label\":16001,\"vni\":16001}" },
	{ "01 19 " H_RD_H1 H_ESI_A "00000000 000064", false,
	    "{\"routeType\":1,\"routeTypeName\":\"ead\","
	    "\"rd\":\"10.99.255.11:2\",\"esi\":\"" ESI_A "\",\"ethTag\":0,"
	    "\"label\":100,\"vni\":100}" },
	{ "04 23 " H_RD_H1 H_ESI_A "80 " H_V6_11, false,
	    "{\"routeType\":4,\"routeTypeName\":\"es\","
	    "\"rd\":\"10.99.255.11:2\",\"esi\":\"" ESI_A "\","
	    "\"originatorIpLen\":128,\"originatorIp\":\"2001:db8::11\"}" },
	{ "06 03 abcdef", false,
	    "{\"routeType\":6,\"routeTypeName\":\"unknown\","
	    "\"raw\":\"abcdef\"}" },
	{ "00000007 " FRR_T3_H2, true,
	    "{\"routeType\":3,\"routeTypeName\":\"multicast\",\"pathId\":7,"
	    "\"rd\":\"10.99.255.12:2\",\"ethTag\":0,\"originatorIpLen\":32,"
	    "\"originatorIp\":\"10.99.255.12\"}" },
};

START_TEST(test_route_json)
{
	const struct json_case *c = &json_cases[_i];
	uint8_t in[BUF_MAX];
	struct evpn_route r;
	struct wire_rd rd;
	struct json j;
	const char *why = NULL;
	size_t n;

	n = hex2bin(c->hex, in, sizeof(in));
	memset(&r, 0, sizeof(r));
	wire_rd_init(&rd, in, n);
	ck_assert_int_eq(evpn_route_decode(&rd, c->addpath, &r, &why), 0);
	json_init_buf(&j);
	evpn_route_json(&j, &r);
	ck_assert_str_eq(json_str_get(&j), c->json);
	json_free(&j);
}
END_TEST

START_TEST(test_type_names)
{
	ck_assert_str_eq(evpn_route_type_name(1), "ead");
	ck_assert_str_eq(evpn_route_type_name(2), "macip");
	ck_assert_str_eq(evpn_route_type_name(3), "multicast");
	ck_assert_str_eq(evpn_route_type_name(4), "es");
	ck_assert_str_eq(evpn_route_type_name(5), "prefix");
	ck_assert_str_eq(evpn_route_type_name(0), "unknown");
	ck_assert_str_eq(evpn_route_type_name(6), "unknown");
	ck_assert_str_eq(evpn_route_type_name(255), "unknown");
}
END_TEST

/* ---- route keys ---- */

struct key_case {
	const char	*name;
	const char	*a, *b;
	bool		 addpath;
	bool		 eq;
};

static const struct key_case key_cases[] = {
	{ "frr T2 MAC: advert (label 100) vs withdraw (label 0)",
	    FRR_T2_MAC_H1, FRR_T2_MAC_WD, false, true },
	{ "frr T2 MAC+IP: advert vs withdraw", FRR_T2_IP_H1, FRR_T2_IP_WD,
	    false, true },
	{ "frr T5: advert (16001) vs withdraw (0)", FRR_T5, FRR_T5_WD, false,
	    true },
	{ "frr T3 same route", FRR_T3_H1, FRR_T3_H1, false, true },
	{ "frr T3 h1 vs h2", FRR_T3_H1, FRR_T3_H2, false, false },
	{ "frr T2 MAC only vs MAC+IP", FRR_T2_MAC_H1, FRR_T2_IP_H1, false,
	    false },
	{ "frr T2 same MAC, other RD (frr-04 move)", FRR_T2_MAC_H1,
	    FRR_T2_MOVED, false, false },
	{ "frr T2 other MAC", FRR_T2_MAC_H1, FRR_T2_MAC_H2, false, false },
	{ "frr T2 other IP", FRR_T2_IP_H1,
	    "02 25 0001 0a63ff0b 0002 " H_ESI0 "00000000 30 020000000101 20 "
	    "c0000209 000064", false, false },
	{ "T2 vs T3", FRR_T2_MAC_H1, FRR_T3_H1, false, false },
	{ "T2 ESI is not part of the key (RFC 7432 7.2)", FRR_T2_MAC_H1,
	    "02 21 0001 0a63ff0b 0002 " H_ESI_A "00000000 30 020000000101 00 "
	    "000064", false, true },
	{ "T2 etag is part of the key", FRR_T2_MAC_H1,
	    "02 21 0001 0a63ff0b 0002 " H_ESI0 "00000001 30 020000000101 00 "
	    "000064", false, false },
	{ "T2 one vs two labels", FRR_T2_IP_H1,
	    "02 28 " H_RD_H1 H_ESI0 "00000000 30 020000000101 20 c0000201 "
	    "000064 001388", false, true },
	{ "T1 label ignored", "01 19 " H_RD_H1 H_ESI_A "00000000 000064",
	    "01 19 " H_RD_H1 H_ESI_A "00000000 000000", false, true },
	{ "T1 other ESI", "01 19 " H_RD_H1 H_ESI_A "00000000 000064",
	    "01 19 " H_RD_H1 H_ESI0 "00000000 000064", false, false },
	{ "T1 other etag", "01 19 " H_RD_H1 H_ESI_A "00000000 000064",
	    "01 19 " H_RD_H1 H_ESI_A "ffffffff 000064", false, false },
	{ "T4 same", "04 17 " H_RD_H1 H_ESI_A "20 0a63ff0b",
	    "04 17 " H_RD_H1 H_ESI_A "20 0a63ff0b", false, true },
	{ "T4 other ESI", "04 17 " H_RD_H1 H_ESI_A "20 0a63ff0b",
	    "04 17 " H_RD_H1 H_ESI0 "20 0a63ff0b", false, false },
	{ "T4 v4 vs v6 originator", "04 17 " H_RD_H1 H_ESI_A "20 0a63ff0b",
	    "04 23 " H_RD_H1 H_ESI_A "80 " H_V6_11, false, false },
	{ "T5 gw and ESI are not part of the key (RFC 9136 3.1)", FRR_T5,
	    "05 22 0001 0a63ff0b 0005 " H_ESI_A "00000000 18 c6336400 "
	    "0a000001 003e81", false, true },
	{ "T5 other prefix length", FRR_T5,
	    "05 22 0001 0a63ff0b 0005 " H_ESI0 "00000000 19 c6336400 "
	    "00000000 003e81", false, false },
	{ "T5 other prefix", FRR_T5,
	    "05 22 0001 0a63ff0b 0005 " H_ESI0 "00000000 18 c6336500 "
	    "00000000 003e81", false, false },
	{ "add-path: other path id", "00000001 " FRR_T3_H1,
	    "00000002 " FRR_T3_H1, true, false },
	{ "add-path: same path id", "00000001 " FRR_T3_H1,
	    "00000001 " FRR_T3_H1, true, true },
	{ "unknown type, same body", "06 02 abcd", "06 02 abcd", false,
	    true },
	{ "unknown type, other body", "06 02 abcd", "06 02 abce", false,
	    false },
	{ "unknown type, other type", "06 02 abcd", "07 02 abcd", false,
	    false },
};

START_TEST(test_key_eq)
{
	const struct key_case *c = &key_cases[_i];
	uint8_t ina[BUF_MAX], inb[BUF_MAX];
	struct evpn_route a, b;
	struct wire_rd rd;
	const char *why = NULL;
	size_t n;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	n = hex2bin(c->a, ina, sizeof(ina));
	wire_rd_init(&rd, ina, n);
	ck_assert_int_eq(evpn_route_decode(&rd, c->addpath, &a, &why), 0);
	n = hex2bin(c->b, inb, sizeof(inb));
	wire_rd_init(&rd, inb, n);
	ck_assert_int_eq(evpn_route_decode(&rd, c->addpath, &b, &why), 0);
	ck_assert_msg(evpn_route_key_eq(&a, &b) == c->eq, "%s", c->name);
	ck_assert_msg(evpn_route_key_eq(&b, &a) == c->eq, "%s (swapped)",
	    c->name);
}
END_TEST

/* ---- the descriptor and its registration ---- */

START_TEST(test_afi_ops)
{
	const struct bgp_afi_ops *ops = &evpn_afi_ops;
	uint8_t in[BUF_MAX], out[BUF_MAX];
	struct evpn_route r;
	struct wire_rd rd;
	struct wire_wr wr;
	struct json j;
	const char *why = NULL;
	size_t n;

	ck_assert_uint_eq(ops->afi, BGP_AFI_L2VPN);
	ck_assert_uint_eq(ops->afi, 25);
	ck_assert_uint_eq(ops->safi, 70);
	ck_assert_str_eq(ops->name, "l2vpn-evpn");
	ck_assert_uint_eq(ops->route_size, sizeof(struct evpn_route));
	ck_assert_ptr_nonnull(ops->nexthop_ok);
	ck_assert(ops->nexthop_ok(4));
	ck_assert(ops->nexthop_ok(16));
	ck_assert(!ops->nexthop_ok(0));
	ck_assert(!ops->nexthop_ok(8));
	ck_assert(!ops->nexthop_ok(32));

	/* The hooks are the codec's functions: decode, encode, print. */
	n = hex2bin(FRR_T5, in, sizeof(in));
	memset(&r, 0, sizeof(r));
	wire_rd_init(&rd, in, n);
	ck_assert_int_eq(ops->decode(&rd, false, &r, &why), 0);
	ck_assert_uint_eq(r.label[0], 16001);
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(ops->encode(&wr, false, &r), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), n);
	ck_assert_mem_eq(out, in, n);
	json_init_buf(&j);
	ops->json(&j, &r);
	ck_assert_ptr_nonnull(strstr(json_str_get(&j), "\"vni\":16001"));
	json_free(&j);
}
END_TEST

START_TEST(test_codec_register)
{
	struct bgp_codec codec;

	memset(&codec, 0, sizeof(codec));
	bgp_codec_init(&codec);
	ck_assert_ptr_null(bgp_codec_find(&codec, 25, 70));
	ck_assert_int_eq(evpn_codec_register(&codec), 0);
	ck_assert_ptr_eq(bgp_codec_find(&codec, 25, 70), &evpn_afi_ops);
	ck_assert(codec.ecomm_json == evpn_ecomm_json);
	/* A second registration of the same family is refused. */
	ck_assert_int_eq(evpn_codec_register(&codec), -1);
}
END_TEST

/* ---- extended communities ---- */

struct ecomm_case {
	const char		*name;
	const char		*hex;
	enum evpn_ecomm_kind	 kind;
	bool			 transitive;
	enum evpn_rt_form	 form;		/* RT */
	uint32_t		 v1;		/* RT global, encap, seq,
						 * ESI label flags */
	uint32_t		 v2;		/* RT local, ESI label */
	bool			 sticky;
	const char		*mac;		/* router's MAC, ES-import */
	const char		*text;
	bool			 canonical;	/* encode gives hex back */
	const char		*json;		/* NULL: not checked */
};

static const struct ecomm_case ecomm_cases[] = {
	/* -- seen in ../shared/vectors (FRR 8.4) -- */
	{ "frr-01 f48 RT:65000:100", "0002fde800000064", EVPN_EC_RT, true,
	    EVPN_RT_AS2, 65000, 100, false, NULL, "RT:65000:100", true,
	    "{\"type\":\"route-target\",\"string\":\"RT:65000:100\","
	    "\"form\":\"as2\",\"asn\":65000,\"local\":100,"
	    "\"transitive\":true}" },
	{ "frr-03 f1 RT:65000:1000", "0002fde8000003e8", EVPN_EC_RT, true,
	    EVPN_RT_AS2, 65000, 1000, false, NULL, "RT:65000:1000", true,
	    NULL },
	{ "frr-01 f48 ENCAP:VXLAN", "030c000000000008", EVPN_EC_ENCAP, true,
	    0, 8, 0, false, NULL, "ENCAP:VXLAN", true,
	    "{\"type\":\"encapsulation\",\"string\":\"ENCAP:VXLAN\","
	    "\"tunnelType\":8}" },
	{ "frr-04 f1 MAC-MOBILITY:seq=1", "0600000000000001",
	    EVPN_EC_MAC_MOBILITY, true, 0, 1, 0, false, NULL,
	    "MAC-MOBILITY:seq=1", true,
	    "{\"type\":\"mac-mobility\",\"string\":\"MAC-MOBILITY:seq=1\","
	    "\"sequence\":1,\"sticky\":false}" },
	{ "frr-05 f1 MAC-MOBILITY:seq=2", "0600000000000002",
	    EVPN_EC_MAC_MOBILITY, true, 0, 2, 0, false, NULL,
	    "MAC-MOBILITY:seq=2", true, NULL },
	{ "frr-03 f1 ROUTER-MAC", "0603020000000b0b", EVPN_EC_ROUTER_MAC, true,
	    0, 0, 0, false, "02:00:00:00:0b:0b",
	    "ROUTER-MAC:02:00:00:00:0b:0b", true,
	    "{\"type\":\"router-mac\",\"string\":"
	    "\"ROUTER-MAC:02:00:00:00:0b:0b\",\"mac\":\"02:00:00:00:0b:0b\"}" },
	/* -- synthetic: RFC 7432 section 7.7 MAC Mobility -- */
	{ "MM sticky, seq 0", "0600010000000000", EVPN_EC_MAC_MOBILITY, true,
	    0, 0, 0, true, NULL, "MAC-MOBILITY:seq=0,sticky", true,
	    "{\"type\":\"mac-mobility\",\"string\":"
	    "\"MAC-MOBILITY:seq=0,sticky\",\"sequence\":0,\"sticky\":true}" },
	{ "MM seq 2^32-1", "06000000ffffffff", EVPN_EC_MAC_MOBILITY, true, 0,
	    0xffffffffu, 0, false, NULL, "MAC-MOBILITY:seq=4294967295", true,
	    NULL },
	{ "MM seq 2^32-2 sticky", "06000100fffffffe", EVPN_EC_MAC_MOBILITY,
	    true, 0, 0xfffffffeu, 0, true, NULL,
	    "MAC-MOBILITY:seq=4294967294,sticky", true, NULL },
	{ "MM seq 2^31", "0600000080000000", EVPN_EC_MAC_MOBILITY, true, 0,
	    0x80000000u, 0, false, NULL, "MAC-MOBILITY:seq=2147483648", true,
	    NULL },
	{ "MM unknown flag bits, reserved set: ignored", "0600feff00000005",
	    EVPN_EC_MAC_MOBILITY, true, 0, 5, 0, false, NULL,
	    "MAC-MOBILITY:seq=5", false, NULL },
	/* -- synthetic: RFC 4360 section 4, RFC 5668 route targets -- */
	{ "RT IPv4", "01020a0000010005", EVPN_EC_RT, true, EVPN_RT_IPV4,
	    0x0a000001, 5, false, NULL, "RT:10.0.0.1:5", true,
	    "{\"type\":\"route-target\",\"string\":\"RT:10.0.0.1:5\","
	    "\"form\":\"ipv4\",\"ip\":\"10.0.0.1\",\"local\":5,"
	    "\"transitive\":true}" },
	{ "RT 4-octet AS", "0202000100000064", EVPN_EC_RT, true, EVPN_RT_AS4,
	    65536, 100, false, NULL, "RT:65536:100", true,
	    "{\"type\":\"route-target\",\"string\":\"RT:65536:100\","
	    "\"form\":\"as4\",\"asn\":65536,\"local\":100,"
	    "\"transitive\":true}" },
	{ "RT AS2 maxima", "0002ffffffffffff", EVPN_EC_RT, true, EVPN_RT_AS2,
	    65535, 0xffffffffu, false, NULL, "RT:65535:4294967295", true,
	    NULL },
	{ "RT non-transitive AS2", "4002fde800000064", EVPN_EC_RT, false,
	    EVPN_RT_AS2, 65000, 100, false, NULL, "RT:65000:100", true,
	    "{\"type\":\"route-target\",\"string\":\"RT:65000:100\","
	    "\"form\":\"as2\",\"asn\":65000,\"local\":100,"
	    "\"transitive\":false}" },
	{ "RT non-transitive IPv4", "4102c0000201ffff", EVPN_EC_RT, false,
	    EVPN_RT_IPV4, 0xc0000201, 65535, false, NULL,
	    "RT:192.0.2.1:65535", true, NULL },
	{ "RT non-transitive AS4", "4202ffffffff0001", EVPN_EC_RT, false,
	    EVPN_RT_AS4, 0xffffffffu, 1, false, NULL, "RT:4294967295:1", true,
	    NULL },
	/* -- synthetic: RFC 9012 section 4.1 encapsulation -- */
	{ "ENCAP MPLS", "030c00000000000a", EVPN_EC_ENCAP, true, 0, 10, 0,
	    false, NULL, "ENCAP:MPLS", true, NULL },
	{ "ENCAP GENEVE", "030c000000000013", EVPN_EC_ENCAP, true, 0, 19, 0,
	    false, NULL, "ENCAP:GENEVE", true, NULL },
	{ "ENCAP other tunnel type", "030c00000000000d", EVPN_EC_ENCAP, true,
	    0, 13, 0, false, NULL, "ENCAP:13", true, NULL },
	/* -- synthetic: RFC 7432 sections 7.5, 7.6, 7.8 -- */
	{ "ESI label single-active", "0601010000000064", EVPN_EC_ESI_LABEL,
	    true, 0, 1, 100, false, NULL, "ESI-LABEL:flags=0x01,label=100",
	    true,
	    "{\"type\":\"esi-label\",\"string\":"
	    "\"ESI-LABEL:flags=0x01,label=100\",\"flags\":1,"
	    "\"singleActive\":true,\"label\":100}" },
	{ "ESI label all-active, max label", "0601000000ffffff",
	    EVPN_EC_ESI_LABEL, true, 0, 0, 0xffffff, false, NULL,
	    "ESI-LABEL:flags=0x00,label=16777215", true, NULL },
	{ "ES-import RT", "0602001122334455", EVPN_EC_ES_IMPORT, true, 0, 0,
	    0, false, "00:11:22:33:44:55", "ES-IMPORT:00:11:22:33:44:55", true,
	    "{\"type\":\"es-import\",\"string\":"
	    "\"ES-IMPORT:00:11:22:33:44:55\",\"mac\":\"00:11:22:33:44:55\"}" },
	{ "default gateway", "030d000000000000", EVPN_EC_DEFAULT_GW, true, 0,
	    0, 0, false, NULL, "DEFAULT-GW", true,
	    "{\"type\":\"default-gateway\",\"string\":\"DEFAULT-GW\"}" },
	/* -- not ours: carried opaque -- */
	{ "traffic-rate (RFC 8955; 0x40 clear: transitive)",
	    "8006000047000000", EVPN_EC_OTHER, true,
	    0, 0, 0, false, NULL, "0x8006000047000000", false,
	    "{\"type\":\"other\",\"string\":\"0x8006000047000000\","
	    "\"raw\":\"8006000047000000\"}" },
	{ "site of origin (subtype 3)", "0003fde800000064", EVPN_EC_OTHER, true,
	    0, 0, 0, false, NULL, "0x0003fde800000064", false, NULL },
	{ "EVPN subtype 4 (RFC 8214 L2 attributes)", "0604000000000000",
	    EVPN_EC_OTHER, true, 0, 0, 0, false, NULL, "0x0604000000000000",
	    false, NULL },
	{ "type 0x46 subtype 0", "4600000000000001", EVPN_EC_OTHER, false, 0,
	    0, 0, false, NULL, "0x4600000000000001", false, NULL },
	{ "opaque color (subtype 0x0b)", "030b000000000064", EVPN_EC_OTHER,
	    true, 0, 0, 0, false, NULL, "0x030b000000000064", false, NULL },
};

static void
check_ecomm(const struct ecomm_case *c, const struct evpn_ecomm *e)
{
	char buf[MAC_STRLEN];

	ck_assert_int_eq(e->kind, c->kind);
	ck_assert_msg(e->transitive == c->transitive, "%s: transitive",
	    c->name);
	switch (c->kind) {
	case EVPN_EC_RT:
		ck_assert_int_eq(e->u.rt.form, c->form);
		ck_assert_uint_eq(e->u.rt.global, c->v1);
		ck_assert_uint_eq(e->u.rt.local, c->v2);
		break;
	case EVPN_EC_ENCAP:
		ck_assert_uint_eq(e->u.encap, c->v1);
		break;
	case EVPN_EC_MAC_MOBILITY:
		ck_assert_uint_eq(e->u.mm.seq, c->v1);
		ck_assert_msg(e->u.mm.sticky == c->sticky, "%s: sticky",
		    c->name);
		break;
	case EVPN_EC_ESI_LABEL:
		ck_assert_uint_eq(e->u.esi_label.flags, c->v1);
		ck_assert_uint_eq(e->u.esi_label.label, c->v2);
		break;
	case EVPN_EC_ES_IMPORT:
	case EVPN_EC_ROUTER_MAC:
		ck_assert_str_eq(mac_fmt(&e->u.mac, buf), c->mac);
		break;
	case EVPN_EC_DEFAULT_GW:
	case EVPN_EC_OTHER:
	default:
		break;
	}
}

START_TEST(test_ecomm)
{
	const struct ecomm_case *c = &ecomm_cases[_i];
	struct ext_comm ec, out;
	struct evpn_ecomm e;
	char buf[EVPN_ECOMM_STRLEN];

	ck_assert_uint_eq(hex2bin(c->hex, ec.b, sizeof(ec.b)), sizeof(ec.b));
	evpn_ecomm_decode(&ec, &e);
	check_ecomm(c, &e);
	ck_assert_str_eq(evpn_ecomm_fmt(&ec, buf), c->text);

	memset(&out, 0xa5, sizeof(out));
	if (c->kind == EVPN_EC_OTHER) {
		/* Opaque ones cannot be built, and out stays untouched. */
		ck_assert_int_eq(evpn_ecomm_encode(&e, &out), -1);
		ck_assert_uint_eq(out.b[0], 0xa5);
		ck_assert_uint_eq(out.b[7], 0xa5);
		return;
	}
	ck_assert_int_eq(evpn_ecomm_encode(&e, &out), 0);
	if (c->canonical)
		ck_assert_mem_eq(out.b, ec.b, sizeof(ec.b));
	else
		ck_assert_msg(memcmp(out.b, ec.b, sizeof(ec.b)) != 0,
		    "%s: not canonical, yet re-encoded identically", c->name);
	/* Whatever the input, the re-encoding decodes to the same value. */
	evpn_ecomm_decode(&out, &e);
	check_ecomm(c, &e);
}
END_TEST

START_TEST(test_ecomm_json)
{
	const struct ecomm_case *c = &ecomm_cases[_i];
	struct ext_comm ec;
	struct json j;
	char buf[EVPN_ECOMM_STRLEN];

	ck_assert_uint_eq(hex2bin(c->hex, ec.b, sizeof(ec.b)), sizeof(ec.b));
	json_init_buf(&j);
	ck_assert(evpn_ecomm_json(&j, &ec));
	if (c->json != NULL)
		ck_assert_str_eq(json_str_get(&j), c->json);
	/* Always: the "string" member is exactly the text form. */
	ck_assert_ptr_nonnull(strstr(json_str_get(&j), "\"string\":\""));
	ck_assert_ptr_nonnull(strstr(json_str_get(&j),
	    evpn_ecomm_fmt(&ec, buf)));
	json_free(&j);
}
END_TEST

/* Building communities from values, including the edges and refusals. */
START_TEST(test_ecomm_encode)
{
	struct evpn_ecomm e;
	struct ext_comm out;
	uint8_t want[8];

	/* MAC Mobility, sticky, seq 2^32-1 (RFC 7432 section 7.7). */
	memset(&e, 0, sizeof(e));
	e.kind = EVPN_EC_MAC_MOBILITY;
	e.transitive = true;
	e.u.mm.sticky = true;
	e.u.mm.seq = 0xffffffffu;
	ck_assert_int_eq(evpn_ecomm_encode(&e, &out), 0);
	hex2bin("06000100ffffffff", want, sizeof(want));
	ck_assert_mem_eq(out.b, want, 8);

	/* The T bit follows 'transitive' (RFC 4360 section 2). */
	memset(&e, 0, sizeof(e));
	e.kind = EVPN_EC_RT;
	e.u.rt.form = EVPN_RT_AS2;
	e.u.rt.global = 65000;
	e.u.rt.local = 100;
	ck_assert_int_eq(evpn_ecomm_encode(&e, &out), 0);
	hex2bin("4002fde800000064", want, sizeof(want));
	ck_assert_mem_eq(out.b, want, 8);

	/* Out of range: untouched output. */
	memset(&out, 0xa5, sizeof(out));
	e.transitive = true;
	e.u.rt.global = 65536;		/* AS2 global is 16 bits */
	ck_assert_int_eq(evpn_ecomm_encode(&e, &out), -1);
	e.u.rt.form = EVPN_RT_IPV4;
	e.u.rt.global = 0x0a000001;
	e.u.rt.local = 65536;		/* IPv4 local is 16 bits */
	ck_assert_int_eq(evpn_ecomm_encode(&e, &out), -1);
	e.u.rt.form = EVPN_RT_AS4;
	ck_assert_int_eq(evpn_ecomm_encode(&e, &out), -1);
	memset(&e, 0, sizeof(e));
	e.kind = EVPN_EC_ESI_LABEL;
	e.u.esi_label.label = 0x1000000;	/* 24 bits */
	ck_assert_int_eq(evpn_ecomm_encode(&e, &out), -1);
	e.kind = EVPN_EC_OTHER;
	ck_assert_int_eq(evpn_ecomm_encode(&e, &out), -1);
	e.kind = (enum evpn_ecomm_kind)99;
	ck_assert_int_eq(evpn_ecomm_encode(&e, &out), -1);
	ck_assert_uint_eq(out.b[0], 0xa5);
	ck_assert_uint_eq(out.b[7], 0xa5);
}
END_TEST

/* ---- route target parsing ---- */

struct rt_case {
	const char	*text;
	const char	*hex;		/* NULL: must be refused */
};

static const struct rt_case rt_cases[] = {
	{ "65000:100", "0002fde800000064" },
	{ "65000:4294967295", "0002fde8ffffffff" },
	{ "0:0", "0002000000000000" },
	{ "65535:1", "0002ffff00000001" },
	{ "65536:100", "0202000100000064" },
	{ "4294967295:65535", "0202ffffffffffff" },
	{ "10.0.0.1:5", "01020a0000010005" },
	{ "255.255.255.255:65535", "0102ffffffffffff" },
	{ "", NULL },
	{ ":", NULL },
	{ "65000", NULL },
	{ "65000:", NULL },
	{ ":100", NULL },
	{ "65000:100:1", NULL },
	{ "abc:1", NULL },
	{ "65000:1a", NULL },
	{ "-1:5", NULL },
	{ "+1:5", NULL },
	{ " 1:5", NULL },
	{ "1: 5", NULL },
	{ "65000:4294967296", NULL },
	{ "4294967296:1", NULL },
	{ "99999999999:1", NULL },
	{ "18446744073709551617:1", NULL },	/* 2^64 + 1 */
	{ "65536:65536", NULL },
	{ "10.0.0.1:65536", NULL },
	{ "10.0.0:5", NULL },
	{ "10.0.0.256:5", NULL },
	{ "1.2.3.4.5:1", NULL },
	{ "2001:db8::1:5", NULL },
	{ "::ffff:10.0.0.1:5", NULL },
	{ "RT:65000:100", NULL },
};

START_TEST(test_rt_parse)
{
	const struct rt_case *c = &rt_cases[_i];
	struct ext_comm ec;
	struct evpn_ecomm e;
	uint8_t want[8];
	char buf[EVPN_ECOMM_STRLEN];

	memset(&ec, 0xa5, sizeof(ec));
	if (c->hex == NULL) {
		ck_assert_msg(evpn_rt_parse(c->text, &ec) == -1,
		    "'%s' accepted", c->text);
		ck_assert_uint_eq(ec.b[0], 0xa5);
		ck_assert_uint_eq(ec.b[7], 0xa5);
		return;
	}
	ck_assert_msg(evpn_rt_parse(c->text, &ec) == 0, "'%s' refused",
	    c->text);
	hex2bin(c->hex, want, sizeof(want));
	ck_assert_mem_eq(ec.b, want, 8);
	evpn_ecomm_decode(&ec, &e);
	ck_assert_int_eq(e.kind, EVPN_EC_RT);
	ck_assert(e.transitive);
	/* The text form reads back as what was parsed. */
	ck_assert_str_eq(evpn_ecomm_fmt(&ec, buf) + 3, c->text);
}
END_TEST

static Suite *
evpn_nlri_suite(void)
{
	Suite *s = suite_create("evpn_nlri");
	TCase *tc;

	tc = tcase_create("routes");
	tcase_add_loop_test(tc, test_valid_decode, 0, (int)NELEM(valid_cases));
	tcase_add_loop_test(tc, test_valid_roundtrip, 0,
	    (int)NELEM(valid_cases));
	tcase_add_loop_test(tc, test_truncation_sweep, 0,
	    (int)NELEM(valid_cases));
	tcase_add_loop_test(tc, test_malformed, 0, (int)NELEM(bad_cases));
	tcase_add_test(tc, test_nlri_sequence);
	tcase_add_test(tc, test_encode_from_fields);
	tcase_add_loop_test(tc, test_encode_invalid, 0, BAD_ENC_COUNT);
	tcase_add_loop_test(tc, test_route_json, 0, (int)NELEM(json_cases));
	tcase_add_test(tc, test_type_names);
	tcase_add_loop_test(tc, test_key_eq, 0, (int)NELEM(key_cases));
	tcase_add_test(tc, test_afi_ops);
	tcase_add_test(tc, test_codec_register);
	suite_add_tcase(s, tc);

	tc = tcase_create("ecomm");
	tcase_add_loop_test(tc, test_ecomm, 0, (int)NELEM(ecomm_cases));
	tcase_add_loop_test(tc, test_ecomm_json, 0, (int)NELEM(ecomm_cases));
	tcase_add_test(tc, test_ecomm_encode);
	tcase_add_loop_test(tc, test_rt_parse, 0, (int)NELEM(rt_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(evpn_nlri_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

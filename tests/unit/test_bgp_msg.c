/*
 * test_bgp_msg.c -- the OPEN message and its capabilities
 * (bgpd/bgp_open.c).  NOTIFICATION, KEEPALIVE and ROUTE-REFRESH
 * (bgpd/bgp_notify.c) are in test_bgp_msg_notify.c, helpers in msg_test.h.
 *
 * Table-driven (STYLE.md section 8): each table row is one input in hex
 * with the expected result, NOTIFICATION code/subcode/data and decoded
 * fields, iterated with tcase_add_loop_test.  Provenance:
 * - rows marked "FRR 8.4.4" are OPENs copied verbatim from
 *   ../shared/vectors/frr-00-full-session.hex (frames 9, 29 and 40);
 *   test_open_frr_vectors() also reads that file and checks every OPEN
 *   in it against its description line;
 * - every other row is hand-made from the RFC section cited next to it.
 * Round trips (encode(parse(x)) == x), a truncation sweep (every prefix of
 * every valid message) and a byte-mutation sweep run over the same tables;
 * they are meant to run under ASan/UBSan (-DENABLE_SANITIZERS=ON), where
 * each input sits in a heap buffer of exactly its size.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_msg.h"
#include "msg_test.h"

/* OPEN body fixed part: version 4, AS 65000, hold 180, id 10.0.0.1. */
#define H	"04" "fde8" "00b4" "0a000001"
/* The same with My AS = AS_TRANS (RFC 6793 section 4.1). */
#define HT	"04" "5ba0" "00b4" "0a000001"

/* ---- OPEN decode table ---- */

#define F_RR		0x0001
#define F_RR_OLD	0x0002
#define F_ERR		0x0004
#define F_EXTMSG	0x0008
#define F_AS4		0x0010
#define F_GR		0x0020
#define F_ADDPATH	0x0040
#define F_LLGR		0x0080
#define F_FQDN		0x0100
#define F_EXT		0x0200	/* RFC 9072 encoding seen */
#define F_CANON		0x1000	/* encode(parse(x)) == x */
#define F_FULL		0x2000	/* hex is a whole message, header included */
#define F_FRR		(F_RR | F_RR_OLD | F_ERR | F_EXTMSG | F_AS4 | F_GR | \
			 F_ADDPATH | F_LLGR | F_FQDN | F_CANON | F_FULL)

struct open_fixed {
	uint16_t	my_as;
	uint16_t	hold;
	uint32_t	bgp_id;
};

static const struct open_fixed FX = { 65000, 180, 0x0a000001 };
static const struct open_fixed FX_TRANS = { 23456, 180, 0x0a000001 };
static const struct open_fixed FX_HOLD0 = { 65000, 0, 0x0a000001 };
static const struct open_fixed FX_HOLD3 = { 65000, 3, 0x0a000001 };
static const struct open_fixed FX_ID1S = { 65000, 180, 0xffffffff };
static const struct open_fixed FX_FRR_RR = { 65000, 9, 0x0a63ff01 };
static const struct open_fixed FX_FRR_H1 = { 65000, 9, 0x0a63ff0b };
static const struct open_fixed FX_FRR_H2 = { 65000, 9, 0x0a63ff0c };

struct open_case {
	const char		*name;
	const char		*hex;	/* OPEN body, or message if F_FULL */
	int			 rc;
	uint8_t			 code, subcode;	/* when rc == -1 */
	const char		*data;		/* NOTIFICATION data, hex */
	/* Expected decoded fields when rc == 0. */
	unsigned		 flags;
	const struct open_fixed	*fx;
	uint32_t		 peer_as;
	const char		*codes;		/* capability codes, hex */
	uint32_t		 as4;
	size_t			 nmp;
	struct bgp_af		 mp[2];
	uint8_t			 gr_flags;
	uint16_t		 gr_time;
	size_t			 ngr;
	struct bgp_af		 gr[2];
	size_t			 naddpath;
	struct bgp_af		 addpath[2];
	const char		*host, *domain;
};

#define OK(n, h, fl, peer, cs)	.name = (n), .hex = (h), .rc = 0, \
	.flags = (fl), .fx = &FX, .peer_as = (peer), .codes = (cs)
#define OKFX(n, h, fl, fx_, peer, cs)	.name = (n), .hex = (h), .rc = 0, \
	.flags = (fl), .fx = (fx_), .peer_as = (peer), .codes = (cs)
#define BAD(n, h, c, s, d)	.name = (n), .hex = (h), .rc = -1, \
	.code = (c), .subcode = (s), .data = (d)

static const struct open_case open_cases[] = {
	/* RFC 4271 section 4.2: no optional parameters at all. */
	{ OK("no-optional-parameters", H "00", F_CANON, 65000, "") },
	/* RFC 5492 section 4: a Capabilities parameter may be empty. */
	{ OK("empty-capabilities-parameter", H "02" "0200", 0, 65000, "") },
	/* RFC 4760 section 8 */
	{ OK("mp-ipv4-unicast", H "08" "0206" "0104" "00010001", F_CANON,
	    65000, "01"), .nmp = 1, .mp = { { 1, 1, 0 } } },
	{ OK("mp-l2vpn-evpn", H "08" "0206" "0104" "00190046", F_CANON,
	    65000, "01"), .nmp = 1, .mp = { { 25, 70, 0 } } },
	{ OK("mp-reserved-octet-ignored", H "08" "0206" "0104" "0001ff01",
	    F_CANON, 65000, "01"), .nmp = 1, .mp = { { 1, 1, 0 } } },
	/* RFC 2918 section 2, code 128, RFC 7313 section 3.1, RFC 8654 */
	{ OK("route-refresh", H "04" "0202" "0200", F_RR | F_CANON, 65000,
	    "02") },
	{ OK("route-refresh-old", H "04" "0202" "8000", F_RR_OLD | F_CANON,
	    65000, "80") },
	{ OK("enhanced-route-refresh", H "04" "0202" "4600",
	    F_ERR | F_CANON, 65000, "46") },
	{ OK("extended-message", H "04" "0202" "0600", F_EXTMSG | F_CANON,
	    65000, "06") },
	/* RFC 6793 section 3; consistency with My AS is the session's. */
	{ OKFX("as4-4-octet-with-as-trans", HT "08" "0206" "4104" "fa56ea01",
	    F_AS4 | F_CANON, &FX_TRANS, 4200000001u, "41"),
	    .as4 = 4200000001u },
	{ OK("as4-equal-to-my-as", H "08" "0206" "4104" "0000fde8",
	    F_AS4 | F_CANON, 65000, "41"), .as4 = 65000 },
	{ OK("as4-zero-left-to-session", H "08" "0206" "4104" "00000000",
	    F_AS4 | F_CANON, 0, "41"), .as4 = 0 },
	{ OK("as4-mismatch-left-to-session", H "08" "0206" "4104" "00010000",
	    F_AS4 | F_CANON, 65536, "41"), .as4 = 65536 },
	/* RFC 4724 section 3 */
	{ OK("graceful-restart-with-afs", H "0e" "020c" "400a" "8078"
	    "00010180" "00194600", F_GR | F_CANON, 65000, "40"),
	    .gr_flags = 0x80, .gr_time = 120, .ngr = 2,
	    .gr = { { 1, 1, 0x80 }, { 25, 70, 0 } } },
	{ OK("graceful-restart-no-afs", H "06" "0204" "4002" "c078",
	    F_GR | F_CANON, 65000, "40"), .gr_flags = 0xc0, .gr_time = 120 },
	{ OK("graceful-restart-max-time", H "06" "0204" "4002" "4fff",
	    F_GR | F_CANON, 65000, "40"), .gr_flags = 0x40,
	    .gr_time = 4095 },
	/* RFC 7911 section 4 */
	{ OK("addpath-two-afs", H "0c" "020a" "4508" "00010103" "00194601",
	    F_ADDPATH | F_CANON, 65000, "45"), .naddpath = 2,
	    .addpath = { { 1, 1, 3 }, { 25, 70, 1 } } },
	{ OK("addpath-send-only", H "08" "0206" "4504" "00020102",
	    F_ADDPATH | F_CANON, 65000, "45"), .naddpath = 1,
	    .addpath = { { 2, 1, 2 } } },
	{ OK("addpath-empty-list", H "04" "0202" "4500",
	    F_ADDPATH | F_CANON, 65000, "45") },
	/* RFC 9494: presence only, value kept raw */
	{ OK("llgr", H "0b" "0209" "4707" "00194680000000",
	    F_LLGR | F_CANON, 65000, "47") },
	/* draft-walton-bgp-hostname */
	{ OK("fqdn", H "0f" "020d" "490b" "02" "6831" "07" "6578616d706c65",
	    F_FQDN | F_CANON, 65000, "49"), .host = "h1",
	    .domain = "example" },
	{ OK("fqdn-empty-domain", H "08" "0206" "4904" "02" "7272" "00",
	    F_FQDN | F_CANON, 65000, "49"), .host = "rr", .domain = "" },
	{ OK("fqdn-both-empty", H "06" "0204" "4902" "00" "00",
	    F_FQDN | F_CANON, 65000, "49"), .host = "", .domain = "" },
	/* RFC 5492 section 4: unknown capabilities are kept, not errors. */
	{ OK("unknown-capabilities-kept-raw", H "11" "0208" "0506"
	    "000100010002" "0205" "c803" "abcdef", F_CANON, 65000, "05c8") },
	/* RFC 5492 section 4: one parameter may carry several. */
	{ OK("several-caps-in-one-parameter", H "10" "020e" "0104"
	    "00010001" "0200" "4104" "0000fde8", F_RR | F_AS4, 65000,
	    "010241"), .as4 = 65000, .nmp = 1, .mp = { { 1, 1, 0 } } },
	{ OK("repeated-mp-accumulates", H "10" "0206" "0104" "00010001"
	    "0206" "0104" "00020001", F_CANON, 65000, "0101"), .nmp = 2,
	    .mp = { { 1, 1, 0 }, { 2, 1, 0 } } },
	{ OK("repeated-as4-last-wins", H "10" "0206" "4104" "0000fde8"
	    "0206" "4104" "0000fde9", F_AS4 | F_CANON, 65001, "4141"),
	    .as4 = 65001 },
	/* RFC 4271 section 6.2: hold 0 and >= 3 are acceptable. */
	{ OKFX("hold-zero", "04" "fde8" "0000" "0a000001" "00", F_CANON,
	    &FX_HOLD0, 65000, "") },
	{ OKFX("hold-three", "04" "fde8" "0003" "0a000001" "00", F_CANON,
	    &FX_HOLD3, 65000, "") },
	/* RFC 6286 section 2: any non-zero identifier. */
	{ OKFX("bgp-id-all-ones", "04" "fde8" "00b4" "ffffffff" "00",
	    F_CANON, &FX_ID1S, 65000, "") },
	/* RFC 9072 section 2: extended optional parameters. */
	{ OK("rfc9072-one-param", H "ff" "ff" "0009" "02" "0006" "0104"
	    "00010001", F_EXT | F_CANON, 65000, "01"), .nmp = 1,
	    .mp = { { 1, 1, 0 } } },
	{ OK("rfc9072-two-params", H "ff" "ff" "000e" "02" "0006" "0104"
	    "00010001" "02" "0002" "0200", F_EXT | F_RR | F_CANON, 65000,
	    "0102"), .nmp = 1, .mp = { { 1, 1, 0 } } },
	{ OK("rfc9072-empty", H "ff" "ff" "0000", F_EXT | F_CANON, 65000,
	    "") },
	/* RFC 9072 section 2: any non-zero Non-Ext OP Len before type 255. */
	{ OK("rfc9072-non-ext-len-ignored", H "01" "ff" "0009" "02" "0006"
	    "0104" "00010001", F_EXT, 65000, "01"), .nmp = 1,
	    .mp = { { 1, 1, 0 } } },
	/* FRR 8.4.4, frr-00-full-session.hex frame 9 (rr -> h1) */
	{ OKFX("frr-rr-open", MARKER "0062" "01" "04fde800090a63ff0145"
	    "0206010400190046020280000202020002024600020641040000fde8020206"
	    "000206450400194601020a4908066c61622d72720002044002c07802094707"
	    "00194680000000", F_FRR, &FX_FRR_RR, 65000,
	    "01800246410645494047"), .as4 = 65000, .nmp = 1,
	    .mp = { { 25, 70, 0 } }, .gr_flags = 0xc0, .gr_time = 120,
	    .naddpath = 1, .addpath = { { 25, 70, 1 } }, .host = "lab-rr",
	    .domain = "" },
	/* FRR 8.4.4, frr-00-full-session.hex frame 29 (h1 -> rr) */
	{ OKFX("frr-h1-open", MARKER "0062" "01" "04fde800090a63ff0b45"
	    "0206010400190046020280000202020002024600020641040000fde8020206"
	    "000206450400194601020a4908066c61622d68310002044002c07802094707"
	    "00194680000000", F_FRR, &FX_FRR_H1, 65000,
	    "01800246410645494047"), .as4 = 65000, .nmp = 1,
	    .mp = { { 25, 70, 0 } }, .gr_flags = 0xc0, .gr_time = 120,
	    .naddpath = 1, .addpath = { { 25, 70, 1 } }, .host = "lab-h1",
	    .domain = "" },
	/* FRR 8.4.4, frr-00-full-session.hex frame 40 (h2 -> rr) */
	{ OKFX("frr-h2-open", MARKER "0062" "01" "04fde800090a63ff0c45"
	    "0206010400190046020280000202020002024600020641040000fde8020206"
	    "000206450400194601020a4908066c61622d68320002044002c07802094707"
	    "00194680000000", F_FRR, &FX_FRR_H2, 65000,
	    "01800246410645494047"), .as4 = 65000, .nmp = 1,
	    .mp = { { 25, 70, 0 } }, .gr_flags = 0xc0, .gr_time = 120,
	    .naddpath = 1, .addpath = { { 25, 70, 1 } }, .host = "lab-h2",
	    .domain = "" },

	/* RFC 4271 section 6.1: shorter than the fixed part. */
	{ BAD("short-body-empty", "", 1, 2, "") },
	{ BAD("short-body-9-bytes", H, 1, 2, "") },
	/* RFC 4271 section 6.2: data is the largest supported version. */
	{ BAD("version-3", "03" "fde8" "00b4" "0a000001" "00", 2, 1, "0004") },
	{ BAD("version-5", "05" "fde8" "00b4" "0a000001" "00", 2, 1, "0004") },
	{ BAD("version-checked-first", "03" "fde8" "0001" "00000000" "00",
	    2, 1, "0004") },
	/* RFC 7607 section 3 */
	{ BAD("my-as-zero", "04" "0000" "00b4" "0a000001" "00", 2, 2,
	    "0000") },
	/* RFC 4271 section 6.2 */
	{ BAD("hold-1", "04" "fde8" "0001" "0a000001" "00", 2, 6, "") },
	{ BAD("hold-2", "04" "fde8" "0002" "0a000001" "00", 2, 6, "") },
	/* RFC 6286 section 2 */
	{ BAD("bgp-id-zero", "04" "fde8" "00b4" "00000000" "00", 2, 3, "") },
	/* Optional Parameters Length versus the message */
	{ BAD("opt-len-overruns", H "10" "0206" "0104" "00010001", 2, 0,
	    "") },
	{ BAD("opt-len-overruns-by-one", H "09" "0206" "0104" "00010001", 2,
	    0, "") },
	{ BAD("trailing-after-params", H "04" "0202" "0200" "00", 2, 0, "") },
	{ BAD("param-overruns-opt-len", H "04" "0205" "0200", 2, 0, "") },
	{ BAD("param-header-truncated", H "01" "02", 2, 0, "") },
	/* RFC 5492 section 4: capability overruns its parameter */
	{ BAD("cap-overruns-param", H "06" "0204" "0106" "0001", 2, 0, "") },
	{ BAD("cap-header-truncated", H "03" "0201" "01", 2, 0, "") },
	/* RFC 4271 section 6.2: Unsupported Optional Parameter */
	{ BAD("unsupported-param-auth", H "04" "0102" "0000", 2, 4, "") },
	{ BAD("unsupported-param-3", H "02" "0300", 2, 4, "") },
	{ BAD("unsupported-param-after-caps", H "08" "0202" "0200" "0402"
	    "abcd", 2, 4, "") },
	/* Malformed known capabilities: subcode 0 (bgp_msg.h contract) */
	{ BAD("mp-length-3", H "07" "0205" "0103" "000100", 2, 0, "") },
	{ BAD("mp-length-5", H "09" "0207" "0105" "0001000100", 2, 0, "") },
	{ BAD("as4-length-2", H "06" "0204" "4102" "fde8", 2, 0, "") },
	{ BAD("as4-length-5", H "09" "0207" "4105" "0000fde800", 2, 0, "") },
	{ BAD("route-refresh-length-1", H "05" "0203" "0201" "00", 2, 0,
	    "") },
	{ BAD("route-refresh-old-length-1", H "05" "0203" "8001" "00", 2, 0,
	    "") },
	{ BAD("enhanced-rr-length-2", H "06" "0204" "4602" "0000", 2, 0,
	    "") },
	{ BAD("extended-message-length-1", H "05" "0203" "0601" "00", 2, 0,
	    "") },
	{ BAD("gr-length-1", H "05" "0203" "4001" "80", 2, 0, "") },
	{ BAD("gr-length-5", H "09" "0207" "4005" "8078000101", 2, 0, "") },
	{ BAD("addpath-mode-0", H "08" "0206" "4504" "00010100", 2, 0, "") },
	{ BAD("addpath-mode-4", H "08" "0206" "4504" "00010104", 2, 0, "") },
	{ BAD("addpath-bad-mode-second", H "0c" "020a" "4508" "00010101"
	    "00190405", 2, 0, "") },
	{ BAD("addpath-length-3", H "07" "0205" "4503" "000101", 2, 0, "") },
	{ BAD("fqdn-empty-value", H "04" "0202" "4900", 2, 0, "") },
	{ BAD("fqdn-host-truncated", H "06" "0204" "4902" "0568", 2, 0, "") },
	{ BAD("fqdn-no-domain-length", H "07" "0205" "4903" "026831", 2, 0,
	    "") },
	{ BAD("fqdn-domain-truncated", H "09" "0207" "4905" "026831" "0561",
	    2, 0, "") },
	{ BAD("fqdn-trailing-byte", H "09" "0207" "4905" "026831" "0000", 2,
	    0, "") },
	/* RFC 9072 section 2: malformed extended form */
	{ BAD("rfc9072-length-truncated", H "ff" "ff" "00", 2, 0, "") },
	{ BAD("rfc9072-marker-only", H "01" "ff", 2, 0, "") },
	{ BAD("rfc9072-ext-len-overruns", H "ff" "ff" "0010" "02" "0006"
	    "0104" "00010001", 2, 0, "") },
	{ BAD("rfc9072-ext-len-short", H "ff" "ff" "0008" "02" "0006" "0104"
	    "00010001", 2, 0, "") },
	{ BAD("rfc9072-param-overruns", H "ff" "ff" "0005" "02" "0009"
	    "0104", 2, 0, "") },
	{ BAD("rfc9072-param-header-truncated", H "ff" "ff" "0002" "02" "00",
	    2, 0, "") },
	{ BAD("rfc9072-unsupported-param", H "ff" "ff" "0003" "01" "0000",
	    2, 4, "") },
	{ BAD("rfc9072-cap-overruns-param", H "ff" "ff" "0007" "02" "0004"
	    "0106" "0001", 2, 0, "") },
};

#define NOPEN	(sizeof(open_cases) / sizeof(open_cases[0]))

/* Body view of a case's input (framing it first when it is a message). */
static void
open_case_body(const struct open_case *c, const uint8_t *buf, size_t len,
    struct wire_rd *body)
{
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_err err;

	wire_rd_init(&rd, buf, len);
	if (!(c->flags & F_FULL)) {
		*body = rd;
		return;
	}
	bgp_err_init(&err);
	ck_assert_msg(bgp_msg_frame(&rd, BGP_MSG_MAX, &h, &err) == 1,
	    "%s: does not frame", c->name);
	ck_assert_uint_eq(h.type, BGP_MSG_OPEN);
	*body = h.body;
}

/* The k-th row that parses (rc 0): the loops below run over those only. */
static const struct open_case *
valid_case(int k)
{
	for (size_t i = 0; i < NOPEN; i++)
		if (open_cases[i].rc == 0 && k-- == 0)
			return &open_cases[i];
	ck_abort_msg("no valid row %d", k);
	return NULL;
}

static int
valid_cases(void)
{
	int n = 0;

	for (size_t i = 0; i < NOPEN; i++)
		n += open_cases[i].rc == 0;
	return n;
}

static void
check_afs(const char *name, const char *what, const struct bgp_af *got,
    size_t ngot, const struct bgp_af *want, size_t nwant)
{
	ck_assert_msg(ngot == nwant, "%s: %s count %zu, want %zu", name, what,
	    ngot, nwant);
	for (size_t i = 0; i < nwant; i++)
		ck_assert_msg(got[i].afi == want[i].afi &&
		    got[i].safi == want[i].safi &&
		    got[i].flags == want[i].flags,
		    "%s: %s[%zu] = %u/%u/%u", name, what, i, got[i].afi,
		    got[i].safi, got[i].flags);
}

static void
check_open_flags(const struct open_case *c, const struct bgp_open *o)
{
	unsigned f = c->flags;

	ck_assert_msg(o->route_refresh == !!(f & F_RR), "%s: rr", c->name);
	ck_assert_msg(o->route_refresh_old == !!(f & F_RR_OLD),
	    "%s: rr-old", c->name);
	ck_assert_msg(o->enhanced_rr == !!(f & F_ERR), "%s: err", c->name);
	ck_assert_msg(o->ext_msg == !!(f & F_EXTMSG), "%s: extmsg", c->name);
	ck_assert_msg(o->has_as4 == !!(f & F_AS4), "%s: as4", c->name);
	ck_assert_msg(o->has_gr == !!(f & F_GR), "%s: gr", c->name);
	ck_assert_msg(o->has_addpath == !!(f & F_ADDPATH), "%s: addpath",
	    c->name);
	ck_assert_msg(o->has_llgr == !!(f & F_LLGR), "%s: llgr", c->name);
	ck_assert_msg(o->has_fqdn == !!(f & F_FQDN), "%s: fqdn", c->name);
	ck_assert_msg(o->ext_params == !!(f & F_EXT), "%s: ext", c->name);
}

static void
check_open_fields(const struct open_case *c, const struct bgp_open *o)
{
	uint8_t codes[BGP_CAPS_MAX];
	size_t ncodes = hex2bin(c->codes, codes, sizeof(codes));

	ck_assert_uint_eq(o->version, 4);
	ck_assert_uint_eq(o->my_as, c->fx->my_as);
	ck_assert_uint_eq(o->hold, c->fx->hold);
	ck_assert_uint_eq(o->bgp_id, c->fx->bgp_id);
	ck_assert_msg(bgp_open_peer_as(o) == c->peer_as, "%s: peer as %u",
	    c->name, bgp_open_peer_as(o));
	ck_assert_msg(o->ncaps == ncodes, "%s: %zu caps", c->name, o->ncaps);
	for (size_t i = 0; i < ncodes; i++)
		ck_assert_msg(o->caps[i].code == codes[i], "%s: cap %zu is %u",
		    c->name, i, o->caps[i].code);
	check_open_flags(c, o);
	if (c->flags & F_AS4)
		ck_assert_uint_eq(o->as4, c->as4);
	check_afs(c->name, "mp", o->mp, o->nmp, c->mp, c->nmp);
	check_afs(c->name, "gr", o->gr, o->ngr, c->gr, c->ngr);
	check_afs(c->name, "addpath", o->addpath, o->naddpath, c->addpath,
	    c->naddpath);
	if (c->flags & F_GR) {
		ck_assert_uint_eq(o->gr_flags, c->gr_flags);
		ck_assert_uint_eq(o->gr_time, c->gr_time);
	}
	if (c->flags & F_FQDN) {
		ck_assert_msg(view_eq_str(&o->hostname, c->host),
		    "%s: hostname", c->name);
		ck_assert_msg(view_eq_str(&o->domainname, c->domain),
		    "%s: domainname", c->name);
	}
}

START_TEST(test_open_table)
{
	const struct open_case *c = &open_cases[_i];
	uint8_t tmp[1024], *buf;
	size_t len = hex2bin(c->hex, tmp, sizeof(tmp));
	struct wire_rd body;
	struct bgp_open o;
	struct bgp_err err;
	int rc;

	buf = dup_exact(tmp, len);
	open_case_body(c, buf, len, &body);
	bgp_err_init(&err);
	rc = bgp_open_parse(&body, &o, &err);
	ck_assert_msg(rc == c->rc, "%s: rc %d (%s)", c->name, rc, err.reason);
	if (rc == -1) {
		ck_assert_int_eq(err.action, BGP_ACT_RESET);
		ck_assert_msg(err.code == c->code && err.subcode == c->subcode,
		    "%s: got %u/%u (%s)", c->name, err.code, err.subcode,
		    err.reason);
		ck_assert_msg(view_eq_hex(&err.data, c->data), "%s: data",
		    c->name);
		ck_assert_msg(err.reason[0] != '\0', "%s: no reason", c->name);
	} else {
		ck_assert_int_eq(err.action, BGP_ACT_NONE);
		ck_assert_uint_eq(err.count, 0);
		check_open_fields(c, &o);
		ck_assert(open_views_within(&o, buf, len));
	}
	free(buf);
}
END_TEST

/*
 * encode(parse(x)) == x byte for byte for every canonical row; for the
 * others (several capabilities in one parameter, an empty parameter, a
 * Non-Ext OP Len other than 255) the re-encoding parses back to the same
 * decoded fields.
 */
START_TEST(test_open_roundtrip)
{
	const struct open_case *c = valid_case(_i);
	uint8_t in[1024], out[BGP_MSG_MAX];
	size_t len = hex2bin(c->hex, in, sizeof(in));
	struct wire_rd body, again;
	struct wire_wr wr;
	struct bgp_open o, p;
	struct bgp_err err;

	open_case_body(c, in, len, &body);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_open_parse(&body, &o, &err), 0);
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_open_encode(&wr, &o), 0);
	if (c->flags & F_FULL) {
		ck_assert_uint_eq(wire_wr_len(&wr), len);
		ck_assert_mem_eq(out, in, len);
	} else if (c->flags & F_CANON) {
		ck_assert_uint_eq(wire_wr_len(&wr), len + BGP_HDR_LEN);
		check_header(out, len, BGP_MSG_OPEN);
		ck_assert_mem_eq(out + BGP_HDR_LEN, in, len);
	}
	wire_wr_view(&wr, &again);
	ck_assert_int_eq(wire_rd_skip(&again, BGP_HDR_LEN), 0);
	ck_assert_int_eq(bgp_open_parse(&again, &p, &err), 0);
	check_open_fields(c, &p);
}
END_TEST

/*
 * Every strict prefix of a valid OPEN body must fail cleanly (each length
 * field then overruns); the full body must still parse.  Under ASan each
 * prefix sits in a buffer of exactly its size.
 */
START_TEST(test_open_truncation)
{
	const struct open_case *c = valid_case(_i);
	uint8_t in[1024], *buf;
	size_t len = hex2bin(c->hex, in, sizeof(in));
	struct wire_rd body, cut;
	struct bgp_open o;
	struct bgp_err err;
	size_t blen;

	open_case_body(c, in, len, &body);
	blen = wire_rd_left(&body);
	for (size_t n = 0; n <= blen; n++) {
		buf = dup_exact(wire_rd_data(&body), n);
		wire_rd_init(&cut, buf, n);
		bgp_err_init(&err);
		if (n == blen) {
			ck_assert_int_eq(bgp_open_parse(&cut, &o, &err), 0);
			ck_assert(open_views_within(&o, buf, n));
		} else {
			ck_assert_msg(bgp_open_parse(&cut, &o, &err) == -1,
			    "%s: prefix %zu parsed", c->name, n);
			ck_assert_int_eq(err.action, BGP_ACT_RESET);
			ck_assert(err.code == BGP_ERR_OPEN ||
			    (err.code == BGP_ERR_HEADER &&
			    err.subcode == BGP_ERR_HDR_LEN));
		}
		free(buf);
	}
}
END_TEST

/*
 * Each byte of each valid OPEN set to 0x00, 0xff and the 0x80 bit flipped:
 * the parser must either accept with in-bounds views or fail with a
 * session reset and a reason; never read out of bounds.
 */
START_TEST(test_open_mutation)
{
	static const uint8_t how[] = { 0x00, 0xff, 0x80 };
	const struct open_case *c = valid_case(_i);
	uint8_t in[1024], *buf;
	size_t len = hex2bin(c->hex, in, sizeof(in)), blen;
	struct wire_rd body, rd;
	struct bgp_open o;
	struct bgp_err err;
	int rc;

	open_case_body(c, in, len, &body);
	blen = wire_rd_left(&body);
	for (size_t i = 0; i < blen; i++) {
		for (size_t k = 0; k < sizeof(how); k++) {
			buf = dup_exact(wire_rd_data(&body), blen);
			buf[i] = k == 2 ? (uint8_t)(buf[i] ^ 0x80) : how[k];
			wire_rd_init(&rd, buf, blen);
			bgp_err_init(&err);
			rc = bgp_open_parse(&rd, &o, &err);
			if (rc == 0)
				ck_assert(open_views_within(&o, buf, blen));
			else {
				ck_assert_int_eq(rc, -1);
				ck_assert_int_eq(err.action, BGP_ACT_RESET);
				ck_assert(err.reason[0] != '\0');
			}
			free(buf);
		}
	}
}
END_TEST

/* ---- OPEN: every OPEN of the FRR capture, against its description ---- */

static void
check_frr_open(const char *desc, const uint8_t *msg, size_t len)
{
	unsigned as, hold, a, b, c, d;
	char host[32];
	const char *p;
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_open o;
	struct bgp_err err;
	uint8_t out[BGP_MSG_MAX];
	struct wire_wr wr;

	p = strstr(desc, "OPEN v4 as=");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(sscanf(p, "OPEN v4 as=%u hold=%u id=%u.%u.%u.%u",
	    &as, &hold, &a, &b, &c, &d), 6);
	p = strstr(desc, "FQDN(");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(sscanf(p, "FQDN(%31[^)])", host), 1);

	wire_rd_init(&rd, msg, len);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_msg_frame(&rd, BGP_MSG_MAX, &h, &err), 1);
	ck_assert_int_eq(bgp_open_parse(&h.body, &o, &err), 0);
	ck_assert_uint_eq(bgp_open_peer_as(&o), as);
	ck_assert_uint_eq(o.hold, hold);
	ck_assert_uint_eq(o.bgp_id, a << 24 | b << 16 | c << 8 | d);
	ck_assert(view_eq_str(&o.hostname, host));
	ck_assert(o.nmp == 1 && o.mp[0].afi == BGP_AFI_L2VPN &&
	    o.mp[0].safi == BGP_SAFI_EVPN);
	ck_assert(o.route_refresh && o.route_refresh_old && o.enhanced_rr &&
	    o.ext_msg && o.has_as4 && o.has_addpath && o.has_gr &&
	    o.has_llgr);

	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_open_encode(&wr, &o), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), len);
	ck_assert_mem_eq(out, msg, len);
}

START_TEST(test_open_frr_vectors)
{
	const char *path = VECTOR_DIR "/frr-00-full-session.hex";
	char *line = NULL, desc[512] = "";
	size_t cap = 0, n, nopen = 0;
	uint8_t *msg = malloc(BGP_EXTMSG_MAX);
	FILE *f = fopen(path, "r");

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_ptr_nonnull(msg);
	while (getline(&line, &cap, f) != -1) {
		if (line[0] == '#') {
			snprintf(desc, sizeof(desc), "%s", line);
			continue;
		}
		n = hex2bin(line, msg, BGP_EXTMSG_MAX);
		if (n > BGP_HDR_LEN && msg[18] == BGP_MSG_OPEN) {
			check_frr_open(desc, msg, n);
			nopen++;
		}
	}
	/* The capture holds seven OPENs (frames 9, 22, 24, 29, 31, 40, 42). */
	ck_assert_uint_eq(nopen, 7);
	free(line);
	free(msg);
	fclose(f);
}
END_TEST

/* ---- OPEN: hard caps (bgp_proto.h) ---- */

/* An OPEN body in the RFC 9072 form around the parameters in params. */
static size_t
build_ext_open(uint8_t *buf, size_t cap, const uint8_t *params, size_t plen)
{
	struct wire_wr wr;

	wire_wr_init(&wr, buf, cap);
	ck_assert(wire_wr_u8(&wr, 4) == 0 && wire_wr_u16(&wr, 65000) == 0 &&
	    wire_wr_u16(&wr, 180) == 0 && wire_wr_u32(&wr, 0x0a000001) == 0 &&
	    wire_wr_u8(&wr, 255) == 0 && wire_wr_u8(&wr, 255) == 0 &&
	    wire_wr_u16(&wr, (uint16_t)plen) == 0 &&
	    wire_wr_bytes(&wr, params, plen) == 0);
	return wire_wr_len(&wr);
}

/* 70 capabilities, the last an AS4: the first 64 kept, all decoded. */
START_TEST(test_open_too_many_caps)
{
	uint8_t params[1024], body[1200];
	struct wire_wr pw;
	struct wire_rd rd;
	struct bgp_open o;
	struct bgp_err err;
	size_t n;

	wire_wr_init(&pw, params, sizeof(params));
	for (int i = 0; i < 69; i++)
		ck_assert(wire_wr_u8(&pw, BGP_OPT_PARAM_CAPS) == 0 &&
		    wire_wr_u16(&pw, 2) == 0 &&
		    wire_wr_u8(&pw, BGP_CAP_ROUTE_REFRESH) == 0 &&
		    wire_wr_u8(&pw, 0) == 0);
	ck_assert(wire_wr_u8(&pw, BGP_OPT_PARAM_CAPS) == 0 &&
	    wire_wr_u16(&pw, 6) == 0 && wire_wr_u8(&pw, BGP_CAP_AS4) == 0 &&
	    wire_wr_u8(&pw, 4) == 0 && wire_wr_u32(&pw, 4200000001u) == 0);
	n = build_ext_open(body, sizeof(body), params, wire_wr_len(&pw));
	wire_rd_init(&rd, body, n);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_open_parse(&rd, &o, &err), 0);
	ck_assert_uint_eq(o.ncaps, BGP_CAPS_MAX);
	ck_assert(o.route_refresh && o.ext_params);
	ck_assert(o.has_as4 && o.as4 == 4200000001u);
	ck_assert_uint_eq(bgp_open_peer_as(&o), 4200000001u);
}
END_TEST

/* Lists longer than BGP_CAP_AFS_MAX keep their first entries. */
START_TEST(test_open_too_many_afs)
{
	uint8_t params[2048], body[2100];
	struct wire_wr pw;
	struct wire_rd rd;
	struct bgp_open o;
	struct bgp_err err;
	size_t n;

	wire_wr_init(&pw, params, sizeof(params));
	/* 40 MP capabilities, AFI 1..40 */
	for (uint16_t i = 1; i <= 40; i++)
		ck_assert(wire_wr_u8(&pw, 2) == 0 &&
		    wire_wr_u16(&pw, 6) == 0 &&
		    wire_wr_u8(&pw, BGP_CAP_MP) == 0 &&
		    wire_wr_u8(&pw, 4) == 0 && wire_wr_u16(&pw, i) == 0 &&
		    wire_wr_u8(&pw, 0) == 0 && wire_wr_u8(&pw, 1) == 0);
	/* ADD-PATH with 40 tuples (160 bytes), GR with 50 (202 bytes) */
	ck_assert(wire_wr_u8(&pw, 2) == 0 && wire_wr_u16(&pw, 162) == 0 &&
	    wire_wr_u8(&pw, BGP_CAP_ADDPATH) == 0 && wire_wr_u8(&pw, 160) == 0);
	for (uint16_t i = 1; i <= 40; i++)
		ck_assert(wire_wr_u16(&pw, i) == 0 && wire_wr_u8(&pw, 1) == 0 &&
		    wire_wr_u8(&pw, 3) == 0);
	ck_assert(wire_wr_u8(&pw, 2) == 0 && wire_wr_u16(&pw, 204) == 0 &&
	    wire_wr_u8(&pw, BGP_CAP_GR) == 0 && wire_wr_u8(&pw, 202) == 0 &&
	    wire_wr_u16(&pw, 0x8078) == 0);
	for (uint16_t i = 1; i <= 50; i++)
		ck_assert(wire_wr_u16(&pw, i) == 0 && wire_wr_u8(&pw, 1) == 0 &&
		    wire_wr_u8(&pw, 0x80) == 0);
	n = build_ext_open(body, sizeof(body), params, wire_wr_len(&pw));
	wire_rd_init(&rd, body, n);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_open_parse(&rd, &o, &err), 0);
	ck_assert_uint_eq(o.ncaps, 42);
	ck_assert_uint_eq(o.nmp, BGP_CAP_AFS_MAX);
	ck_assert_uint_eq(o.mp[BGP_CAP_AFS_MAX - 1].afi, BGP_CAP_AFS_MAX);
	ck_assert_uint_eq(o.naddpath, BGP_CAP_AFS_MAX);
	ck_assert_uint_eq(o.addpath[0].flags, 3);
	ck_assert_uint_eq(o.ngr, BGP_CAP_AFS_MAX);
	ck_assert_uint_eq(o.gr[BGP_CAP_AFS_MAX - 1].afi, BGP_CAP_AFS_MAX);
	ck_assert_uint_eq(o.gr_time, 120);
}
END_TEST

/* ---- OPEN: builders and encoder ---- */

/* Build FRR's rr -> h1 OPEN (frame 9) with the builders: same bytes. */
START_TEST(test_open_build_frr)
{
	static const struct bgp_af ap[] = { { 25, 70, BGP_ADDPATH_RX } };
	uint8_t capbuf[256], out[BGP_MSG_MAX], want[128], llgr[7];
	struct wire_wr cw, wr;
	struct wire_rd llgr_view;
	struct bgp_open o;
	size_t n = 0;

	for (size_t i = 0; i < NOPEN; i++)
		if (strcmp(open_cases[i].name, "frr-rr-open") == 0)
			n = hex2bin(open_cases[i].hex, want, sizeof(want));
	ck_assert_uint_eq(n, 98);

	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = 65000;
	o.hold = 9;
	o.bgp_id = 0x0a63ff01;
	wire_wr_init(&cw, capbuf, sizeof(capbuf));
	ck_assert_int_eq(bgp_cap_put_mp(&o, &cw, 25, 70), 0);
	ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, 128), 0);
	ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, 2), 0);
	ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, 70), 0);
	ck_assert_int_eq(bgp_cap_put_as4(&o, &cw, 65000), 0);
	ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, 6), 0);
	ck_assert_int_eq(bgp_cap_put_addpath(&o, &cw, ap, 1), 0);
	ck_assert_int_eq(bgp_cap_put_fqdn(&o, &cw, "lab-rr", NULL), 0);
	ck_assert_int_eq(bgp_cap_put_gr(&o, &cw, 0xc0, 120, NULL, 0), 0);
	/* No LLGR builder: append the raw value by hand. */
	ck_assert_uint_eq(hex2bin("00194680000000", llgr, sizeof(llgr)), 7);
	wire_rd_init(&llgr_view, llgr, sizeof(llgr));
	o.caps[o.ncaps].code = BGP_CAP_LLGR;
	o.caps[o.ncaps++].value = llgr_view;

	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_open_encode(&wr, &o), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), n);
	ck_assert_mem_eq(out, want, n);

	/* The builders filled the decoded fields as a parse would. */
	ck_assert(o.has_as4 && o.as4 == 65000 && o.nmp == 1 &&
	    o.mp[0].afi == 25 && o.mp[0].safi == 70);
	ck_assert(o.route_refresh && o.route_refresh_old && o.enhanced_rr &&
	    o.ext_msg);
	ck_assert(o.has_addpath && o.naddpath == 1 && o.addpath[0].flags == 1);
	ck_assert(o.has_gr && o.gr_flags == 0xc0 && o.gr_time == 120);
	ck_assert(o.has_fqdn && view_eq_str(&o.hostname, "lab-rr") &&
	    view_eq_str(&o.domainname, ""));
}
END_TEST

/* GR with AFs and FQDN with a domain, built then parsed back. */
START_TEST(test_open_build_parse)
{
	static const struct bgp_af gr[] = { { 1, 1, 0x80 }, { 25, 70, 0 } };
	uint8_t capbuf[256], out[BGP_MSG_MAX];
	struct wire_wr cw, wr;
	struct wire_rd rd;
	struct bgp_open o, p;
	struct bgp_err err;

	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = BGP_AS_TRANS;
	o.hold = 90;
	o.bgp_id = 0x01020304;
	wire_wr_init(&cw, capbuf, sizeof(capbuf));
	ck_assert_int_eq(bgp_cap_put_as4(&o, &cw, 4200000001u), 0);
	ck_assert_int_eq(bgp_cap_put_gr(&o, &cw, 0x40, 4095, gr, 2), 0);
	ck_assert_int_eq(bgp_cap_put_fqdn(&o, &cw, "vtep1", "dc.example"), 0);
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_open_encode(&wr, &o), 0);

	wire_wr_view(&wr, &rd);
	ck_assert_int_eq(wire_rd_skip(&rd, BGP_HDR_LEN), 0);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_open_parse(&rd, &p, &err), 0);
	ck_assert_uint_eq(bgp_open_peer_as(&p), 4200000001u);
	ck_assert_uint_eq(p.hold, 90);
	ck_assert_uint_eq(p.bgp_id, 0x01020304);
	ck_assert(p.has_gr && p.gr_flags == 0x40 && p.gr_time == 4095);
	ck_assert(p.ngr == 2 && p.gr[0].flags == 0x80 && p.gr[1].afi == 25);
	ck_assert(view_eq_str(&p.hostname, "vtep1"));
	ck_assert(view_eq_str(&p.domainname, "dc.example"));
	ck_assert(!p.ext_params);
}
END_TEST

START_TEST(test_open_build_errors)
{
	static const struct bgp_af bad0[] = { { 1, 1, 0 } };
	static const struct bgp_af bad4[] = { { 1, 1, 4 } };
	static const struct bgp_af ok[] = { { 1, 1, 1 } };
	char longname[300];
	uint8_t capbuf[1024], tiny[3];
	struct wire_wr cw, tw;
	struct bgp_open o;

	memset(&o, 0, sizeof(o));
	wire_wr_init(&cw, capbuf, sizeof(capbuf));
	ck_assert_int_eq(bgp_cap_put_addpath(&o, &cw, bad0, 1), -1);
	ck_assert_int_eq(bgp_cap_put_addpath(&o, &cw, bad4, 1), -1);
	ck_assert_int_eq(bgp_cap_put_addpath(&o, &cw, ok, 0), -1);
	ck_assert_int_eq(bgp_cap_put_gr(&o, &cw, 0, 4096, NULL, 0), -1);
	ck_assert_int_eq(bgp_cap_put_gr(&o, &cw, 0x01, 120, NULL, 0), -1);
	ck_assert_int_eq(bgp_cap_put_as4(&o, &cw, 0), -1);
	/* An empty value is malformed for MP, AS4, GR and FQDN. */
	ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, BGP_CAP_MP), -1);
	ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, BGP_CAP_AS4), -1);
	ck_assert_int_eq(bgp_cap_put_fqdn(&o, &cw, NULL, NULL), -1);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_int_eq(bgp_cap_put_fqdn(&o, &cw, longname, NULL), -1);
	longname[200] = '\0';
	ck_assert_int_eq(bgp_cap_put_fqdn(&o, &cw, longname, longname), -1);
	ck_assert_uint_eq(o.ncaps, 0);
	ck_assert(!o.has_addpath && !o.has_gr && !o.has_as4 && !o.has_fqdn);

	/* Writer full */
	wire_wr_init(&tw, tiny, sizeof(tiny));
	ck_assert_int_eq(bgp_cap_put_mp(&o, &tw, 1, 1), -1);
	ck_assert_int_eq(bgp_cap_put_as4(&o, &tw, 65000), -1);
	ck_assert_uint_eq(o.ncaps, 0);

	/* caps[] full */
	for (int i = 0; i < BGP_CAPS_MAX; i++)
		ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, 2), 0);
	ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, 2), -1);
	ck_assert_int_eq(bgp_cap_put_mp(&o, &cw, 1, 1), -1);
	ck_assert_uint_eq(o.ncaps, BGP_CAPS_MAX);
}
END_TEST

static void
open_init(struct bgp_open *o)
{
	memset(o, 0, sizeof(*o));
	o->version = 4;
	o->my_as = 65000;
	o->hold = 180;
	o->bgp_id = 0x0a000001;
}

/* Parameters over 255 bytes switch to the RFC 9072 form by themselves. */
START_TEST(test_open_encode_ext_auto)
{
	uint8_t capbuf[1024], out[BGP_MSG_MAX], out2[BGP_MSG_MAX];
	struct wire_wr cw, wr;
	struct wire_rd rd;
	struct bgp_open o, p;
	struct bgp_err err;

	open_init(&o);
	wire_wr_init(&cw, capbuf, sizeof(capbuf));
	/* 63 x 4 = 252 bytes: still the classic form */
	for (int i = 0; i < 63; i++)
		ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, 2), 0);
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_open_encode(&wr, &o), 0);
	ck_assert_uint_eq(out[BGP_HDR_LEN + 9], 252);
	/* 64 x 4 = 256 bytes: extended */
	ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, 2), 0);
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_open_encode(&wr, &o), 0);
	ck_assert_uint_eq(out[BGP_HDR_LEN + 9], 0xff);
	ck_assert_uint_eq(out[BGP_HDR_LEN + 10], 0xff);
	/* 64 params of 3 + 2 bytes */
	ck_assert_uint_eq(out[BGP_HDR_LEN + 11] << 8 | out[BGP_HDR_LEN + 12],
	    64 * 5);
	ck_assert_uint_eq(wire_wr_len(&wr), BGP_HDR_LEN + 13 + 64 * 5);

	wire_wr_view(&wr, &rd);
	ck_assert_int_eq(wire_rd_skip(&rd, BGP_HDR_LEN), 0);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_open_parse(&rd, &p, &err), 0);
	ck_assert(p.ext_params && p.ncaps == 64 && p.route_refresh);
	wire_wr_init(&wr, out2, sizeof(out2));
	ck_assert_int_eq(bgp_open_encode(&wr, &p), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), BGP_HDR_LEN + 13 + 64 * 5);
	ck_assert_mem_eq(out, out2, wire_wr_len(&wr));
}
END_TEST

/* A 254-byte value cannot sit in a 1-octet parameter length (2 + 254). */
START_TEST(test_open_encode_big_value)
{
	uint8_t val[254], out[BGP_MSG_MAX];
	struct wire_wr wr;
	struct bgp_open o;

	memset(val, 0xab, sizeof(val));
	open_init(&o);
	o.caps[0].code = 200;
	wire_rd_init(&o.caps[0].value, val, sizeof(val));
	o.ncaps = 1;
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_open_encode(&wr, &o), 0);
	ck_assert_uint_eq(out[BGP_HDR_LEN + 9], 0xff);
	ck_assert_uint_eq(out[BGP_HDR_LEN + 13], BGP_OPT_PARAM_CAPS);
	ck_assert_uint_eq(out[BGP_HDR_LEN + 14] << 8 | out[BGP_HDR_LEN + 15],
	    256);
	ck_assert_uint_eq(out[BGP_HDR_LEN + 17], 254);

	/* A value over 255 bytes cannot be encoded at all. */
	{
		uint8_t big[256] = { 0 };

		wire_rd_init(&o.caps[0].value, big, sizeof(big));
		wire_wr_init(&wr, out, sizeof(out));
		ck_assert_int_eq(bgp_open_encode(&wr, &o), -1);
	}
}
END_TEST

START_TEST(test_open_encode_limits)
{
	uint8_t val[255], out[BGP_EXTMSG_MAX];
	struct wire_wr wr;
	struct bgp_open o;

	open_init(&o);
	memset(val, 0, sizeof(val));
	/* 16 x 260 bytes > 4096: RFC 8654 never lets an OPEN grow. */
	for (size_t i = 0; i < 16; i++) {
		o.caps[i].code = 200;
		wire_rd_init(&o.caps[i].value, val, sizeof(val));
	}
	o.ncaps = 16;
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_open_encode(&wr, &o), -1);
	/* 15 fit */
	o.ncaps = 15;
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_open_encode(&wr, &o), 0);
	ck_assert_uint_le(wire_wr_len(&wr), BGP_MSG_MAX);
	/* Writer too small */
	o.ncaps = 0;
	wire_wr_init(&wr, out, BGP_HDR_LEN + 9);
	ck_assert_int_eq(bgp_open_encode(&wr, &o), -1);
	wire_wr_init(&wr, out, BGP_HDR_LEN + 10);
	ck_assert_int_eq(bgp_open_encode(&wr, &o), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), 29);
}
END_TEST

static Suite *
open_suite(void)
{
	Suite *s = suite_create("bgp_msg_open");
	TCase *tc;

	tc = tcase_create("open");
	tcase_add_loop_test(tc, test_open_table, 0, NOPEN);
	tcase_add_loop_test(tc, test_open_roundtrip, 0, valid_cases());
	tcase_add_loop_test(tc, test_open_truncation, 0, valid_cases());
	tcase_add_loop_test(tc, test_open_mutation, 0, valid_cases());
	tcase_add_test(tc, test_open_frr_vectors);
	suite_add_tcase(s, tc);

	tc = tcase_create("open-limits");
	tcase_add_test(tc, test_open_too_many_caps);
	tcase_add_test(tc, test_open_too_many_afs);
	suite_add_tcase(s, tc);

	tc = tcase_create("open-encode");
	tcase_add_test(tc, test_open_build_frr);
	tcase_add_test(tc, test_open_build_parse);
	tcase_add_test(tc, test_open_build_errors);
	tcase_add_test(tc, test_open_encode_ext_auto);
	tcase_add_test(tc, test_open_encode_big_value);
	tcase_add_test(tc, test_open_encode_limits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(open_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/*
 * test_bgp_msg_notify.c -- NOTIFICATION (RFC 4271 section 4.5, RFC 9003
 * Shutdown Communication), KEEPALIVE (section 4.4), ROUTE-REFRESH (RFC 2918,
 * RFC 7313) and the NOTIFICATION code/subcode names (bgpd/bgp_notify.c).
 *
 * Table-driven (STYLE.md section 8): each row is a hand-made body in hex,
 * from the RFC section cited next to it, with the expected result,
 * code/subcode, NOTIFICATION data and decoded fields.  The NOTIFICATION
 * rows also run a truncation sweep, each prefix in a heap buffer of
 * exactly its size for ASan.  The FRR captures in ../shared/vectors hold
 * no NOTIFICATION, KEEPALIVE or ROUTE-REFRESH, so none is copied here.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_msg.h"
#include "msg_test.h"

/* ---- NOTIFICATION ---- */

static const struct notify_case {
	const char	*name;
	const char	*hex;		/* body */
	int		 rc;
	uint8_t		 code, subcode;
	const char	*data;		/* expected n.data (rc 0) */
	bool		 has_msg;
	const char	*msg;		/* expected shutdown communication */
} notify_cases[] = {
	/* RFC 4271 section 4.5 */
	{ "open-version-with-data", "0201" "0004", 0, 2, 1, "0004", false,
	  NULL },
	{ "hold-timer-expired", "0400", 0, 4, 0, "", false, NULL },
	{ "unknown-code-kept", "ff07" "aa", 0, 255, 7, "aa", false, NULL },
	/* RFC 4486: Maximum Number of Prefixes Reached, not a communication */
	{ "cease-max-prefix-data", "0601" "00014600000064", 0, 6, 1,
	  "00014600000064", false, NULL },
	/* RFC 9003 section 2 */
	{ "shutdown-with-message", "0602" "0b" "6d61696e74656e616e6365", 0,
	  6, 2, "0b6d61696e74656e616e6365", true, "6d61696e74656e616e6365" },
	{ "reset-with-message", "0604" "05" "68656c6c6f", 0, 6, 4,
	  "0568656c6c6f", true, "68656c6c6f" },
	{ "shutdown-no-data", "0602", 0, 6, 2, "", false, NULL },
	{ "shutdown-length-0", "0602" "00", 0, 6, 2, "00", false, NULL },
	{ "shutdown-length-overruns", "0602" "10" "6162", 0, 6, 2, "106162",
	  false, NULL },
	{ "shutdown-trailing-ignored", "0602" "01" "41" "ff", 0, 6, 2,
	  "0141ff", true, "41" },
	{ "shutdown-utf8-multibyte", "0602" "09" "e282ac" "c3a9" "f09f9880",
	  0, 6, 2, "09e282acc3a9f09f9880", true, "e282acc3a9f09f9880" },
	{ "shutdown-utf8-overlong", "0602" "02" "c0af", 0, 6, 2, "02c0af",
	  false, NULL },
	{ "shutdown-utf8-surrogate", "0602" "03" "eda080", 0, 6, 2,
	  "03eda080", false, NULL },
	{ "shutdown-utf8-above-10ffff", "0602" "04" "f4908080", 0, 6, 2,
	  "04f4908080", false, NULL },
	{ "shutdown-utf8-truncated", "0602" "02" "e282", 0, 6, 2, "02e282",
	  false, NULL },
	{ "shutdown-utf8-bare-continuation", "0602" "01" "80", 0, 6, 2,
	  "0180", false, NULL },
	/* Administrative Shutdown semantics only for code 6 */
	{ "open-subcode-2-not-shutdown", "0202" "0141", 0, 2, 2, "0141",
	  false, NULL },
	/* bgp_msg.h: -1 only when shorter than 2 */
	{ "body-1-byte", "06", -1, 1, 2, NULL, false, NULL },
	{ "body-empty", "", -1, 1, 2, NULL, false, NULL },
};

#define NNOTIFY	(sizeof(notify_cases) / sizeof(notify_cases[0]))

START_TEST(test_notify_table)
{
	const struct notify_case *c = &notify_cases[_i];
	uint8_t tmp[256], *buf;
	size_t len = hex2bin(c->hex, tmp, sizeof(tmp));
	struct wire_rd body;
	struct bgp_notification n;
	struct bgp_err err;
	int rc;

	buf = dup_exact(tmp, len);
	wire_rd_init(&body, buf, len);
	bgp_err_init(&err);
	rc = bgp_notification_parse(&body, &n, &err);
	ck_assert_msg(rc == c->rc, "%s: rc %d", c->name, rc);
	if (rc == -1) {
		ck_assert_int_eq(err.action, BGP_ACT_RESET);
		ck_assert_uint_eq(err.code, c->code);
		ck_assert_uint_eq(err.subcode, c->subcode);
	} else {
		ck_assert_int_eq(err.action, BGP_ACT_NONE);
		ck_assert_uint_eq(n.code, c->code);
		ck_assert_uint_eq(n.subcode, c->subcode);
		ck_assert_msg(view_eq_hex(&n.data, c->data), "%s: data",
		    c->name);
		ck_assert_msg(n.has_shutdown_msg == c->has_msg,
		    "%s: has_shutdown_msg", c->name);
		if (c->has_msg)
			ck_assert_msg(view_eq_hex(&n.shutdown_msg, c->msg),
			    "%s: message", c->name);
		ck_assert(view_within(&n.data, buf, len));
		ck_assert(view_within(&n.shutdown_msg, buf, len));
	}
	/* Truncation sweep: every prefix parses or fails, in bounds. */
	for (size_t k = 0; k < len; k++) {
		uint8_t *cut = dup_exact(buf, k);

		wire_rd_init(&body, cut, k);
		bgp_err_init(&err);
		rc = bgp_notification_parse(&body, &n, &err);
		ck_assert_int_eq(rc, k < 2 ? -1 : 0);
		if (rc == 0)
			ck_assert(view_within(&n.shutdown_msg, cut, k));
		free(cut);
	}
	free(buf);
}
END_TEST

START_TEST(test_notify_encode)
{
	uint8_t out[64], data[8], want[64];
	struct wire_wr wr;
	struct wire_rd dv, rd;
	struct bgp_hdr h;
	struct bgp_notification n;
	struct bgp_err err;
	size_t wn;

	/* Cease / Administrative Shutdown with "bye" (RFC 9003 section 2) */
	wire_rd_init(&dv, data, hex2bin("03627965", data, sizeof(data)));
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_notification_encode(&wr, 6, 2, &dv), 0);
	wn = hex2bin(MARKER "0019" "03" "0602" "03627965", want, sizeof(want));
	ck_assert_uint_eq(wire_wr_len(&wr), wn);
	ck_assert_mem_eq(out, want, wn);

	wire_wr_view(&wr, &rd);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_msg_frame(&rd, BGP_MSG_MAX, &h, &err), 1);
	ck_assert_int_eq(bgp_notification_parse(&h.body, &n, &err), 0);
	ck_assert(n.has_shutdown_msg && view_eq_str(&n.shutdown_msg, "bye"));

	/* No data */
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_notification_encode(&wr, 4, 0, NULL), 0);
	wn = hex2bin(MARKER "0015" "03" "0400", want, sizeof(want));
	ck_assert_uint_eq(wire_wr_len(&wr), wn);
	ck_assert_mem_eq(out, want, wn);

	/* Writer too small */
	wire_wr_init(&wr, out, 20);
	ck_assert_int_eq(bgp_notification_encode(&wr, 4, 0, NULL), -1);
	wire_wr_init(&wr, out, 22);
	ck_assert_int_eq(bgp_notification_encode(&wr, 6, 2, &dv), -1);
}
END_TEST

START_TEST(test_notify_from_err)
{
	uint8_t out[64], data[40], want[64];
	struct wire_wr wr;
	struct wire_rd dv;
	struct bgp_err err;
	size_t wn;

	/* OPEN / Unsupported Version Number with its 2-byte data */
	wire_rd_init(&dv, data, hex2bin("0004", data, sizeof(data)));
	bgp_err_init(&err);
	bgp_err_raise(&err, BGP_ACT_RESET, 2, 1, &dv, "version");
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_notification_from_err(&wr, &err), 0);
	wn = hex2bin(MARKER "0017" "03" "0201" "0004", want, sizeof(want));
	ck_assert_uint_eq(wire_wr_len(&wr), wn);
	ck_assert_mem_eq(out, want, wn);

	/* The real parser's error, end to end: hold time 1 */
	{
		uint8_t body[10];
		struct wire_rd rd;
		struct bgp_open o;

		wire_rd_init(&rd, body, hex2bin("04fde800010a00000100", body,
		    sizeof(body)));
		bgp_err_init(&err);
		ck_assert_int_eq(bgp_open_parse(&rd, &o, &err), -1);
		wire_wr_init(&wr, out, sizeof(out));
		ck_assert_int_eq(bgp_notification_from_err(&wr, &err), 0);
		wn = hex2bin(MARKER "0015" "03" "0206", want, sizeof(want));
		ck_assert_uint_eq(wire_wr_len(&wr), wn);
		ck_assert_mem_eq(out, want, wn);
	}

	/* Data cut to what fits: 40 bytes of data into a 30-byte writer */
	memset(data, 0x5a, sizeof(data));
	wire_rd_init(&dv, data, sizeof(data));
	bgp_err_init(&err);
	bgp_err_raise(&err, BGP_ACT_RESET, 3, 1, &dv, "attr");
	wire_wr_init(&wr, out, 30);
	ck_assert_int_eq(bgp_notification_from_err(&wr, &err), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), 30);
	check_header(out, 11, BGP_MSG_NOTIFICATION);
	ck_assert_uint_eq(out[19], 3);
	ck_assert_uint_eq(out[20], 1);
	ck_assert_uint_eq(out[29], 0x5a);

	/* Nothing recorded, or no room for the fixed part */
	bgp_err_init(&err);
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_notification_from_err(&wr, &err), -1);
	bgp_err_raise(&err, BGP_ACT_RESET, 6, 8, NULL, "oom");
	wire_wr_init(&wr, out, 20);
	ck_assert_int_eq(bgp_notification_from_err(&wr, &err), -1);
	wire_wr_init(&wr, out, 21);
	ck_assert_int_eq(bgp_notification_from_err(&wr, &err), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), 21);
}
END_TEST

/* ---- KEEPALIVE ---- */

START_TEST(test_keepalive_encode)
{
	uint8_t out[32], want[32];
	size_t wn = hex2bin(MARKER "0013" "04", want, sizeof(want));
	struct wire_wr wr;

	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_keepalive_encode(&wr), 0);
	ck_assert_uint_eq(wire_wr_len(&wr), wn);
	ck_assert_mem_eq(out, want, wn);
	/* No room for a second one (13 bytes left); nothing appended. */
	ck_assert_int_eq(bgp_keepalive_encode(&wr), -1);
	wire_wr_init(&wr, out, BGP_HDR_LEN - 1);
	ck_assert_int_eq(bgp_keepalive_encode(&wr), -1);
}
END_TEST

/* ---- ROUTE-REFRESH ---- */

enum rr_data { RR_DATA_NONE, RR_DATA_MSG, RR_DATA_LEN };

static const struct rr_case {
	const char	*name;
	const char	*hex;		/* body; the test adds the header */
	int		 rc;
	uint8_t		 code, subcode;
	enum rr_data	 data;
	uint16_t	 afi;
	uint8_t		 subtype, safi;
} rr_cases[] = {
	/* RFC 2918 section 3 */
	{ "normal-ipv4-unicast", "0001" "00" "01", 0, 0, 0, RR_DATA_NONE, 1,
	  0, 1 },
	/* RFC 7313 section 3.2 */
	{ "borr-l2vpn-evpn", "0019" "01" "46", 0, 0, 0, RR_DATA_NONE, 25, 1,
	  70 },
	{ "eorr-l2vpn-evpn", "0019" "02" "46", 0, 0, 0, RR_DATA_NONE, 25, 2,
	  70 },
	/* RFC 7313 section 5: unknown subtypes parse; the caller ignores. */
	{ "unknown-subtype-3", "0001" "03" "01", 0, 0, 0, RR_DATA_NONE, 1, 3,
	  1 },
	{ "reserved-subtype-255", "0002" "ff" "01", 0, 0, 0, RR_DATA_NONE, 2,
	  255, 1 },
	/* RFC 7313 section 5: BoRR/EoRR of the wrong length */
	{ "borr-too-long", "0019" "01" "46" "00", -1, 7, 1,
	  RR_DATA_MSG, 0, 0, 0 },
	{ "eorr-too-long", "0019" "02" "46" "0000", -1, 7, 1,
	  RR_DATA_MSG, 0, 0, 0 },
	{ "eorr-too-short", "0019" "02", -1, 7, 1, RR_DATA_MSG, 0, 0, 0 },
	/* RFC 4271 section 6.1 for the others */
	{ "normal-too-long", "0001" "00" "01" "00", -1, 1, 2,
	  RR_DATA_LEN, 0, 0, 0 },
	{ "unknown-subtype-too-long", "0001" "05" "01" "00", -1, 1, 2,
	  RR_DATA_LEN, 0, 0, 0 },
	{ "normal-too-short", "0001" "00", -1, 1, 2, RR_DATA_LEN, 0, 0, 0 },
	{ "subtype-missing", "0001", -1, 1, 2, RR_DATA_LEN, 0, 0, 0 },
	{ "empty", "", -1, 1, 2, RR_DATA_LEN, 0, 0, 0 },
};

#define NRR	(sizeof(rr_cases) / sizeof(rr_cases[0]))

START_TEST(test_rr_table)
{
	const struct rr_case *c = &rr_cases[_i];
	uint8_t body[16], marker[BGP_MARKER_LEN], tmp[64], *buf, lenf[2];
	size_t blen = hex2bin(c->hex, body, sizeof(body)), len;
	struct wire_rd bv, mv;
	struct wire_wr wr;
	struct bgp_route_refresh rr;
	struct bgp_err err;
	int rc;

	/* The whole message, as bgp_msg_frame() would hand it over. */
	ck_assert_uint_eq(hex2bin(MARKER, marker, sizeof(marker)),
	    BGP_MARKER_LEN);
	wire_wr_init(&wr, tmp, sizeof(tmp));
	ck_assert(wire_wr_bytes(&wr, marker, sizeof(marker)) == 0 &&
	    wire_wr_u16(&wr, (uint16_t)(BGP_HDR_LEN + blen)) == 0 &&
	    wire_wr_u8(&wr, BGP_MSG_ROUTE_REFRESH) == 0 &&
	    wire_wr_bytes(&wr, body, blen) == 0);
	len = wire_wr_len(&wr);
	buf = dup_exact(tmp, len);
	wire_rd_init(&mv, buf, len);
	bv = mv;
	ck_assert_int_eq(wire_rd_skip(&bv, BGP_HDR_LEN), 0);

	bgp_err_init(&err);
	rc = bgp_route_refresh_parse(&bv, &mv, &rr, &err);
	ck_assert_msg(rc == c->rc, "%s: rc %d", c->name, rc);
	if (rc == 0) {
		ck_assert_int_eq(err.action, BGP_ACT_NONE);
		ck_assert_uint_eq(rr.afi, c->afi);
		ck_assert_uint_eq(rr.subtype, c->subtype);
		ck_assert_uint_eq(rr.safi, c->safi);
	} else {
		ck_assert_int_eq(err.action, BGP_ACT_RESET);
		ck_assert_msg(err.code == c->code &&
		    err.subcode == c->subcode, "%s: %u/%u", c->name, err.code,
		    err.subcode);
		if (c->data == RR_DATA_MSG)
			ck_assert(wire_rd_eq(&err.data, &mv));
		else {
			lenf[0] = (uint8_t)((BGP_HDR_LEN + blen) >> 8);
			lenf[1] = (uint8_t)(BGP_HDR_LEN + blen);
			ck_assert_uint_eq(wire_rd_left(&err.data), 2);
			ck_assert_mem_eq(wire_rd_data(&err.data), lenf, 2);
		}
	}
	free(buf);
}
END_TEST

START_TEST(test_rr_encode)
{
	static const struct bgp_route_refresh rrs[] = {
		{ 1, BGP_RR_NORMAL, 1 },
		{ 25, BGP_RR_BORR, 70 },
		{ 25, BGP_RR_EORR, 70 },
	};
	uint8_t out[64], want[64];
	struct wire_wr wr;
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_route_refresh got;
	struct bgp_err err;
	size_t wn;

	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_route_refresh_encode(&wr, &rrs[1]), 0);
	wn = hex2bin(MARKER "0017" "05" "0019" "01" "46", want, sizeof(want));
	ck_assert_uint_eq(wire_wr_len(&wr), wn);
	ck_assert_mem_eq(out, want, wn);

	for (size_t i = 0; i < 3; i++) {
		wire_wr_init(&wr, out, sizeof(out));
		ck_assert_int_eq(bgp_route_refresh_encode(&wr, &rrs[i]), 0);
		wire_wr_view(&wr, &rd);
		bgp_err_init(&err);
		ck_assert_int_eq(bgp_msg_frame(&rd, BGP_MSG_MAX, &h, &err), 1);
		ck_assert_int_eq(bgp_route_refresh_parse(&h.body, &h.msg,
		    &got, &err), 0);
		ck_assert(got.afi == rrs[i].afi &&
		    got.subtype == rrs[i].subtype && got.safi == rrs[i].safi);
	}
	wire_wr_init(&wr, out, 22);
	ck_assert_int_eq(bgp_route_refresh_encode(&wr, &rrs[0]), -1);
}
END_TEST

/* ---- names ---- */

static const struct name_case {
	uint8_t		 code, subcode;
	const char	*code_name, *subcode_name;
} name_cases[] = {
	{ 1, 0, "Message Header Error", "Unspecific" },
	{ 1, 1, "Message Header Error", "Connection Not Synchronized" },
	{ 1, 2, "Message Header Error", "Bad Message Length" },
	{ 1, 3, "Message Header Error", "Bad Message Type" },
	{ 1, 4, "Message Header Error", "unknown" },
	{ 2, 1, "OPEN Message Error", "Unsupported Version Number" },
	{ 2, 2, "OPEN Message Error", "Bad Peer AS" },
	{ 2, 3, "OPEN Message Error", "Bad BGP Identifier" },
	{ 2, 4, "OPEN Message Error", "Unsupported Optional Parameter" },
	{ 2, 6, "OPEN Message Error", "Unacceptable Hold Time" },
	{ 2, 7, "OPEN Message Error", "Unsupported Capability" },
	{ 2, 8, "OPEN Message Error", "unknown" },
	{ 2, 11, "OPEN Message Error", "Role Mismatch" },
	{ 2, 12, "OPEN Message Error", "unknown" },
	{ 3, 1, "UPDATE Message Error", "Malformed Attribute List" },
	{ 3, 3, "UPDATE Message Error", "Missing Well-known Attribute" },
	{ 3, 8, "UPDATE Message Error", "Invalid NEXT_HOP Attribute" },
	{ 3, 11, "UPDATE Message Error", "Malformed AS_PATH" },
	{ 3, 12, "UPDATE Message Error", "unknown" },
	{ 4, 0, "Hold Timer Expired", "Unspecific" },
	{ 4, 1, "Hold Timer Expired", "unknown" },
	{ 5, 2, "Finite State Machine Error",
	  "Receive Unexpected Message in OpenConfirm State" },
	{ 6, 1, "Cease", "Maximum Number of Prefixes Reached" },
	{ 6, 2, "Cease", "Administrative Shutdown" },
	{ 6, 4, "Cease", "Administrative Reset" },
	{ 6, 7, "Cease", "Connection Collision Resolution" },
	{ 6, 8, "Cease", "Out of Resources" },
	{ 6, 9, "Cease", "Hard Reset" },
	{ 6, 11, "Cease", "unknown" },
	{ 7, 1, "ROUTE-REFRESH Message Error", "Invalid Message Length" },
	{ 7, 2, "ROUTE-REFRESH Message Error", "unknown" },
	{ 0, 0, "unknown", "unknown" },
	{ 8, 1, "unknown", "unknown" },
	{ 255, 255, "unknown", "unknown" },
};

#define NNAMES	(sizeof(name_cases) / sizeof(name_cases[0]))

START_TEST(test_err_names)
{
	const struct name_case *c = &name_cases[_i];

	ck_assert_str_eq(bgp_err_code_name(c->code), c->code_name);
	ck_assert_str_eq(bgp_err_subcode_name(c->code, c->subcode),
	    c->subcode_name);
}
END_TEST

static Suite *
notify_suite(void)
{
	Suite *s = suite_create("bgp_msg_notify");
	TCase *tc;

	tc = tcase_create("notification");
	tcase_add_loop_test(tc, test_notify_table, 0, NNOTIFY);
	tcase_add_test(tc, test_notify_encode);
	tcase_add_test(tc, test_notify_from_err);
	suite_add_tcase(s, tc);

	tc = tcase_create("keepalive");
	tcase_add_test(tc, test_keepalive_encode);
	suite_add_tcase(s, tc);

	tc = tcase_create("route-refresh");
	tcase_add_loop_test(tc, test_rr_table, 0, NRR);
	tcase_add_test(tc, test_rr_encode);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_err_names, 0, NNAMES);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(notify_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

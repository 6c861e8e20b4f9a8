/*
 * test_frame.c -- message framing (RFC 4271 sections 4.1, 6.1) and the
 * error recorder's severity rule (RFC 7606 section 3).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "bgp_msg.h"

#define M "ffffffffffffffffffffffffffffffff"

static const struct frame_case {
	const char	*name;
	const char	*hex;
	size_t		 max;
	int		 rc;		/* 1 framed, 0 need more, -1 error */
	uint8_t		 subcode;	/* header error subcode when -1 */
	const char	*data;		/* expected NOTIFICATION data (hex) */
	uint8_t		 type;
} cases[] = {
	{ "keepalive", M "001304", 4096, 1, 0, "", BGP_MSG_KEEPALIVE },
	{ "short header", M "0013", 4096, 0, 0, "", 0 },
	{ "body missing", M "0017020000", 4096, 0, 0, "", 0 },
	{ "bad marker", "fffffffffffffffffffffffffffffffe001304", 4096, -1,
	  BGP_ERR_HDR_SYNC, "", 0 },
	{ "len below 19", M "001204", 4096, -1, BGP_ERR_HDR_LEN, "0012", 0 },
	{ "keepalive len 20", M "00140400", 4096, -1, BGP_ERR_HDR_LEN, "0014",
	  0 },
	{ "open too short", M "001c01", 4096, -1, BGP_ERR_HDR_LEN, "001c", 0 },
	{ "update too short", M "001602", 4096, -1, BGP_ERR_HDR_LEN, "0016",
	  0 },
	{ "notification too short", M "001403", 4096, -1, BGP_ERR_HDR_LEN,
	  "0014", 0 },
	{ "route-refresh too short", M "001605", 4096, -1, BGP_ERR_HDR_LEN,
	  "0016", 0 },
	{ "over 4096", M "100102", 4096, -1, BGP_ERR_HDR_LEN, "1001", 0 },
	{ "over 4096 with extmsg", M "100102", 65535, 0, 0, "", 0 },
	{ "type 0", M "001300", 4096, -1, BGP_ERR_HDR_TYPE, "00", 0 },
	{ "type 6", M "001306", 4096, -1, BGP_ERR_HDR_TYPE, "06", 0 },
	{ "update eor", M "00170200000000", 4096, 1, 0, "", BGP_MSG_UPDATE },
};

static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	for (; s[0] && s[1]; s += 2) {
		unsigned v;

		sscanf(s, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

START_TEST(frame_table)
{
	const struct frame_case *c = &cases[_i];
	uint8_t buf[256], data[8];
	size_t n = unhex(c->hex, buf), dn = unhex(c->data, data);
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_err err;
	int rc;

	wire_rd_init(&rd, buf, n);
	bgp_err_init(&err);
	rc = bgp_msg_frame(&rd, c->max, &h, &err);
	ck_assert_msg(rc == c->rc, "%s: rc %d", c->name, rc);
	if (rc == 1) {
		ck_assert_uint_eq(h.type, c->type);
		ck_assert_uint_eq(wire_rd_left(&rd), 0);
		ck_assert_uint_eq(wire_rd_left(&h.body), h.len - BGP_HDR_LEN);
	} else {
		ck_assert_uint_eq(wire_rd_left(&rd), n);	/* unchanged */
	}
	if (rc == -1) {
		ck_assert_int_eq(err.action, BGP_ACT_RESET);
		ck_assert_uint_eq(err.code, BGP_ERR_HEADER);
		ck_assert_uint_eq(err.subcode, c->subcode);
		ck_assert_uint_eq(wire_rd_left(&err.data), dn);
		ck_assert(dn == 0 ||
		    memcmp(wire_rd_data(&err.data), data, dn) == 0);
	}
}
END_TEST

START_TEST(two_messages_in_a_stream)
{
	uint8_t buf[64];
	size_t n = unhex(M "001304" M "00170200000000", buf);
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_err err;

	wire_rd_init(&rd, buf, n);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_msg_frame(&rd, 4096, &h, &err), 1);
	ck_assert_uint_eq(h.type, BGP_MSG_KEEPALIVE);
	ck_assert_int_eq(bgp_msg_frame(&rd, 4096, &h, &err), 1);
	ck_assert_uint_eq(h.type, BGP_MSG_UPDATE);
	ck_assert_int_eq(bgp_msg_frame(&rd, 4096, &h, &err), 0);
}
END_TEST

START_TEST(begin_finish_roundtrip)
{
	uint8_t buf[64];
	struct wire_wr wr;
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_err err;
	size_t off;

	wire_wr_init(&wr, buf, sizeof(buf));
	ck_assert_int_eq(bgp_msg_begin(&wr, BGP_MSG_UPDATE, &off), 0);
	ck_assert_int_eq(wire_wr_u32(&wr, 0), 0);
	ck_assert_int_eq(bgp_msg_finish(&wr, off), 0);
	wire_wr_view(&wr, &rd);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_msg_frame(&rd, 4096, &h, &err), 1);
	ck_assert_uint_eq(h.len, 23);
	wire_wr_init(&wr, buf, 10);
	ck_assert_int_eq(bgp_msg_begin(&wr, BGP_MSG_UPDATE, &off), -1);
}
END_TEST

START_TEST(most_severe_error_wins)
{
	struct bgp_err err;

	bgp_err_init(&err);
	bgp_err_raise(&err, BGP_ACT_ATTR_DISCARD, 3, 5, NULL, "first");
	bgp_err_raise(&err, BGP_ACT_WITHDRAW, 3, 1, NULL, "second");
	bgp_err_raise(&err, BGP_ACT_WITHDRAW, 3, 9, NULL, "third");
	bgp_err_raise(&err, BGP_ACT_ATTR_DISCARD, 3, 4, NULL, "fourth");
	ck_assert_int_eq(err.action, BGP_ACT_WITHDRAW);
	ck_assert_uint_eq(err.subcode, 1);
	ck_assert_str_eq(err.reason, "second");
	ck_assert_uint_eq(err.count, 4);
	ck_assert_str_eq(bgp_action_name(err.action), "treat-as-withdraw");
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("frame");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, frame_table, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, two_messages_in_a_stream);
	tcase_add_test(tc, begin_finish_roundtrip);
	tcase_add_test(tc, most_severe_error_wins);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}

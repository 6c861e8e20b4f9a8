/*
 * test_decode.c -- the decode tool (bgpd/bgp_decode.c): hex and raw
 * input, flows and the capabilities their OPENs negotiated, bad lines,
 * truncated streams, and the file reader's error path.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "bgp_decode.h"
#include "evpn_nlri.h"

#define M "ffffffffffffffffffffffffffffffff"
/* OPEN, AS 65001, hold 180, id 10.0.0.1, no capabilities (no AS4). */
#define OPEN_NO_AS4 M "001d0104fde900b40a00000100"
/* OPEN with only the AS4 capability (65001). */
#define OPEN_AS4 M "00250104fde900b40a000002080206410400" "00fde9"
/* UPDATE: ORIGIN IGP, AS_PATH [65001] in 2-octet form, NEXT_HOP
 * 192.0.2.1, NLRI 10.0.1.0/24. */
#define UPD_AS2 M "002d0200000012400101004002040201fde9400304c0000201" \
	"180a0001"

static struct bgp_codec codec;

static char *
decode(const char *text, size_t len)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);

	ck_assert_ptr_nonnull(f);
	bgp_decode_buf(&codec, (const uint8_t *)text, len, f);
	fclose(f);
	return out;
}

static char *
decode_str(const char *text)
{
	return decode(text, strlen(text));
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

START_TEST(two_octet_session_from_opens)
{
	char *out = decode_str(
	    "# 10.0.0.1:40000 -> 10.0.0.2:179\n" OPEN_NO_AS4 "\n"
	    "# 10.0.0.2:179 -> 10.0.0.1:40000\n" OPEN_AS4 "\n"
	    "# 10.0.0.1:40000 -> 10.0.0.2:179\n" UPD_AS2 "\n");

	ck_assert_uint_eq(count_lines(out), 3);
	ck_assert_ptr_nonnull(strstr(out, "\"asns\":[65001]"));
	ck_assert_ptr_nonnull(strstr(out, "\"prefix\":\"10.0.1.0/24\""));
	ck_assert_ptr_nonnull(strstr(out,
	    "\"flow\":\"10.0.0.1:40000 -> 10.0.0.2:179\""));
	ck_assert_ptr_null(strstr(out, "\"error\""));
	free(out);
}
END_TEST

START_TEST(four_octet_by_default)
{
	/* Without OPENs the 2-octet AS_PATH is malformed as 4-octet. */
	char *out = decode_str(UPD_AS2 "\n");

	ck_assert_ptr_nonnull(strstr(out, "\"action\":\"treat-as-withdraw\""));
	ck_assert_ptr_nonnull(strstr(out, "\"notification\":[3,11]"));
	free(out);
}
END_TEST

START_TEST(bad_lines_are_reported_and_skipped)
{
	char *out = decode_str("# comment\nzz00\n" M "001304\n" M "0013\n"
	    "abc\n");

	ck_assert_uint_eq(count_lines(out), 4);
	ck_assert_ptr_nonnull(strstr(out,
	    "{\"index\":1,\"line\":2,\"error\":\"invalid hex text\"}"));
	ck_assert_ptr_nonnull(strstr(out, "\"line\":3,\"type\":\"KEEPALIVE\""));
	ck_assert_ptr_nonnull(strstr(out, "\"line\":4,\"error\":\"truncated message\""));
	/* Odd number of digits. */
	ck_assert_ptr_nonnull(strstr(out,
	    "{\"index\":4,\"line\":5,\"error\":\"invalid hex text\"}"));
	free(out);
}
END_TEST

START_TEST(several_messages_on_one_line)
{
	/* A TCP segment: KEEPALIVE, End-of-RIB, and one stray byte. */
	char *out = decode_str(M "001304" M "00170200000000" "00\n");

	ck_assert_uint_eq(count_lines(out), 3);
	ck_assert_ptr_nonnull(strstr(out, "\"index\":1,\"line\":1,"
	    "\"type\":\"KEEPALIVE\""));
	ck_assert_ptr_nonnull(strstr(out, "\"index\":2,\"line\":1,"
	    "\"type\":\"UPDATE\""));
	ck_assert_ptr_nonnull(strstr(out, "\"index\":3,\"line\":1,"
	    "\"error\":\"truncated message\""));
	free(out);
}
END_TEST

START_TEST(raw_stream)
{
	static const uint8_t raw[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x04,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x17, 0x02,
		0x00, 0x00, 0x00, 0x00,
		0xff, 0xff, 0xff,	/* a cut third message */
	};
	char *out = decode((const char *)raw, sizeof(raw));

	ck_assert_uint_eq(count_lines(out), 3);
	ck_assert_ptr_nonnull(strstr(out, "\"endOfRib\":{\"afi\":1,\"safi\":1}"));
	ck_assert_ptr_nonnull(strstr(out, "\"action\":\"session-reset\""));
	free(out);
}
END_TEST

START_TEST(header_error_stops_raw_stream)
{
	static const uint8_t raw[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x09,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x04,
	};
	char *out = decode((const char *)raw, sizeof(raw));

	ck_assert_uint_eq(count_lines(out), 1);
	ck_assert_ptr_nonnull(strstr(out, "\"notification\":[1,3]"));
	free(out);
}
END_TEST

START_TEST(binary_garbage_is_one_raw_error)
{
	static const uint8_t junk[] = { 0x00, 0x01, 0xfe, 'x', '\n', 0x7f,
	    0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0x00, 0x00,
	    0x00, 0x00, 0x00, 0x00, 0x00 };
	char *out = decode((const char *)junk, sizeof(junk));

	ck_assert_uint_eq(count_lines(out), 1);
	ck_assert_ptr_nonnull(strstr(out, "\"notification\":[1,1]"));
	free(out);
}
END_TEST

START_TEST(missing_file_is_an_error)
{
	ck_assert_int_eq(bgp_decode_file(&codec, "/nonexistent/x.hex",
	    stdout), -1);
}
END_TEST

static void
setup(void)
{
	bgp_codec_init(&codec);
	ck_assert_int_eq(evpn_codec_register(&codec), 0);
}

static Suite *
suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, two_octet_session_from_opens);
	tcase_add_test(tc, four_octet_by_default);
	tcase_add_test(tc, bad_lines_are_reported_and_skipped);
	tcase_add_test(tc, several_messages_on_one_line);
	tcase_add_test(tc, raw_stream);
	tcase_add_test(tc, header_error_stops_raw_stream);
	tcase_add_test(tc, binary_garbage_is_one_raw_error);
	tcase_add_test(tc, missing_file_is_an_error);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}

/*
 * test_sweep.c -- truncation and bit-flip sweep over every message of
 * the .hex files in tests/vectors (run under ASan/UBSan by scripts/test).
 *
 * Truncation: each message re-framed with its body cut at every length
 * (header length patched to match) must be reported as an error.
 * Bit flips: every bit of every message body flipped in turn must parse
 * without a crash; an UPDATE that still parses clean must re-encode and
 * re-parse clean (the decoder and encoder agree on what they accept).
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "bgp_update.h"
#include "evpn_nlri.h"

#define MAX_MSGS	1024

struct msg {
	uint8_t	*b;
	size_t	 len;
};

static struct msg msgs[MAX_MSGS];
static size_t nmsgs;
static struct bgp_codec codec;
static struct bgp_arena arena;
static struct bgp_update u, u2;

static void
load_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[70000];

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL && nmsgs < MAX_MSGS) {
		size_t n = strcspn(line, "\r\n");
		struct msg *m;

		if (n == 0 || line[0] == '#')
			continue;
		m = &msgs[nmsgs++];
		m->len = n / 2;
		m->b = malloc(m->len);
		for (size_t i = 0; i < m->len; i++) {
			unsigned v;

			ck_assert_int_eq(sscanf(line + 2 * i, "%2x", &v), 1);
			m->b[i] = (uint8_t)v;
		}
	}
	fclose(f);
}

static void
load_all(void)
{
	DIR *d = opendir(LOCAL_VECTOR_DIR);
	struct dirent *e;
	char path[4096];

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n < 4 || strcmp(e->d_name + n - 4, ".hex") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", LOCAL_VECTOR_DIR,
		    e->d_name);
		load_file(path);
	}
	closedir(d);
}

static void
setup(void)
{
	bgp_codec_init(&codec);
	ck_assert_int_eq(evpn_codec_register(&codec), 0);
	bgp_arena_init(&arena, BGP_ARENA_SIZE);
	load_all();
}

static void
teardown(void)
{
	for (size_t i = 0; i < nmsgs; i++)
		free(msgs[i].b);
	nmsgs = 0;
	bgp_arena_free(&arena);
}

/* Frame and parse one message; the action (RESET for framing errors). */
static enum bgp_action
parse(const uint8_t *b, size_t len, struct bgp_update *out)
{
	static const struct bgp_peer_caps caps = { .as4 = true,
	    .ext_msg = true };
	static struct bgp_open o;
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_err err;
	struct bgp_notification n;
	struct bgp_route_refresh rr;

	wire_rd_init(&rd, b, len);
	bgp_err_init(&err);
	if (bgp_msg_frame(&rd, BGP_EXTMSG_MAX, &h, &err) != 1)
		return BGP_ACT_RESET;
	switch (h.type) {
	case BGP_MSG_UPDATE:
		bgp_arena_reset(&arena);
		return bgp_update_parse(&codec, &caps, &h.body, &arena, out,
		    &err);
	case BGP_MSG_OPEN:
		return bgp_open_parse(&h.body, &o, &err) == 0 ?
		    BGP_ACT_NONE : BGP_ACT_RESET;
	case BGP_MSG_NOTIFICATION:
		return bgp_notification_parse(&h.body, &n, &err) == 0 ?
		    BGP_ACT_NONE : BGP_ACT_RESET;
	case BGP_MSG_ROUTE_REFRESH:
		return bgp_route_refresh_parse(&h.body, &h.msg, &rr, &err) ==
		    0 ? BGP_ACT_NONE : BGP_ACT_RESET;
	default:
		return BGP_ACT_NONE;
	}
}

START_TEST(vectors_loaded_and_valid)
{
	ck_assert_uint_ge(nmsgs, 100);
	for (size_t i = 0; i < nmsgs; i++)
		ck_assert_msg(parse(msgs[i].b, msgs[i].len, &u) ==
		    BGP_ACT_NONE, "vector %zu does not parse clean", i);
}
END_TEST

START_TEST(every_truncation_is_an_error)
{
	uint8_t buf[BGP_EXTMSG_MAX];
	size_t cases = 0;

	for (size_t i = 0; i < nmsgs; i++) {
		const struct msg *m = &msgs[i];

		for (size_t len = BGP_HDR_LEN; len < m->len; len++) {
			memcpy(buf, m->b, len);
			buf[16] = (uint8_t)(len >> 8);
			buf[17] = (uint8_t)len;
			ck_assert_msg(parse(buf, len, &u) != BGP_ACT_NONE,
			    "vector %zu cut to %zu parsed clean", i, len);
			cases++;
		}
	}
	ck_assert_uint_gt(cases, 5000);
}
END_TEST

/* A clean UPDATE re-encodes, and the re-encoding parses clean. */
static void
check_reencode(size_t i, size_t bit)
{
	static const struct bgp_peer_caps caps = { .as4 = true,
	    .ext_msg = true };
	static uint8_t out[BGP_EXTMSG_MAX];
	struct wire_wr wr;
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_err err;

	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_msg(bgp_update_encode(&codec, &caps, &wr, &u) == 0,
	    "vector %zu bit %zu: no re-encode", i, bit);
	wire_wr_view(&wr, &rd);
	bgp_err_init(&err);
	ck_assert_int_eq(bgp_msg_frame(&rd, BGP_EXTMSG_MAX, &h, &err), 1);
	ck_assert_msg(bgp_update_parse(&codec, &caps, &h.body, &arena, &u2,
	    &err) == BGP_ACT_NONE, "vector %zu bit %zu: re-encoding: %s", i,
	    bit, err.reason);
}

START_TEST(every_bit_flip_is_handled)
{
	uint8_t buf[BGP_EXTMSG_MAX];
	size_t flips = 0, errors = 0;

	for (size_t i = 0; i < nmsgs; i++) {
		const struct msg *m = &msgs[i];

		memcpy(buf, m->b, m->len);
		for (size_t bit = BGP_MARKER_LEN * 8; bit < m->len * 8; bit++) {
			enum bgp_action act;

			buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			act = parse(buf, m->len, &u);
			if (act != BGP_ACT_NONE)
				errors++;
			else if (buf[18] == BGP_MSG_UPDATE &&
			    (size_t)(buf[16] << 8 | buf[17]) == m->len)
				check_reencode(i, bit);
			buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			flips++;
		}
	}
	ck_assert_uint_gt(flips, 50000);
	/* Most flips land in lengths, types and values we check. */
	ck_assert_uint_gt(errors, flips / 10);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("sweep");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, vectors_loaded_and_valid);
	tcase_add_test(tc, every_truncation_is_an_error);
	tcase_add_test(tc, every_bit_flip_is_handled);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}

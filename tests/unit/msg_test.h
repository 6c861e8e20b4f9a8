/*
 * msg_test.h -- helpers shared by the message codec unit tests
 * (test_bgp_msg.c, test_bgp_msg_notify.c): hex test data, exact-size heap
 * copies for ASan, and view checks.  static inline so that each test uses
 * only what it needs without -Wunused-function.
 */
#ifndef EVPND_TESTS_UNIT_MSG_TEST_H
#define EVPND_TESTS_UNIT_MSG_TEST_H

#include <check.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_msg.h"

#define MARKER	"ffffffffffffffffffffffffffffffff"

static inline int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode hex (whitespace ignored) into buf; fails the test on bad input. */
static inline size_t
hex2bin(const char *hex, uint8_t *buf, size_t cap)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *hex != '\0'; hex++) {
		if (isspace((unsigned char)*hex))
			continue;
		v = hexval(*hex);
		ck_assert_msg(v >= 0, "bad hex digit '%c' in test data", *hex);
		if (hi < 0) {
			hi = v;
			continue;
		}
		ck_assert_msg(n < cap, "test data larger than its buffer");
		buf[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	ck_assert_msg(hi < 0, "odd number of hex digits in test data");
	return n;
}

/* A heap copy of exactly len bytes, so ASan sees any over-read. */
static inline uint8_t *
dup_exact(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len > 0 ? len : 1);

	ck_assert_ptr_nonnull(p);
	if (len > 0)
		memcpy(p, src, len);
	return p;
}

static inline bool
view_eq_hex(const struct wire_rd *v, const char *hex)
{
	uint8_t want[512];
	size_t n = hex2bin(hex, want, sizeof(want));

	return wire_rd_left(v) == n &&
	    (n == 0 || memcmp(wire_rd_data(v), want, n) == 0);
}

static inline bool
view_eq_str(const struct wire_rd *v, const char *s)
{
	size_t n = strlen(s);

	return wire_rd_left(v) == n &&
	    (n == 0 || memcmp(wire_rd_data(v), s, n) == 0);
}

/* A decoded view must point inside the parsed buffer. */
static inline bool
view_within(const struct wire_rd *v, const uint8_t *buf, size_t len)
{
	uintptr_t p = (uintptr_t)wire_rd_data(v), b = (uintptr_t)buf;

	if (wire_rd_left(v) == 0)
		return true;
	return p >= b && p - b <= len && wire_rd_left(v) <= len - (p - b);
}

static inline bool
open_views_within(const struct bgp_open *o, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < o->ncaps; i++)
		if (!view_within(&o->caps[i].value, buf, len))
			return false;
	return view_within(&o->hostname, buf, len) &&
	    view_within(&o->domainname, buf, len);
}

/* The message header bytes for a body of n bytes. */
static inline void
check_header(const uint8_t *msg, size_t n, uint8_t type)
{
	for (int i = 0; i < BGP_MARKER_LEN; i++)
		ck_assert_uint_eq(msg[i], 0xff);
	ck_assert_uint_eq((size_t)(msg[16] << 8 | msg[17]), n + BGP_HDR_LEN);
	ck_assert_uint_eq(msg[18], type);
}

#endif /* EVPND_TESTS_UNIT_MSG_TEST_H */

/*
 * test_wire.c -- the bounded reader/writer (include/wire.h): every
 * primitive at every short length leaves the view unchanged; sub-views
 * cannot see past their length; writer overflow writes nothing.
 */
#include <check.h>
#include <stdlib.h>

#include "check_main.h"
#include "wire.h"

static const uint8_t data[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

enum prim { P_U8, P_U16, P_U24, P_U32, P_U64, P_BYTES3, P_SKIP5, P_COUNT };
static const size_t need[P_COUNT] = { 1, 2, 3, 4, 8, 3, 5 };

static int
read_prim(struct wire_rd *rd, enum prim p, uint64_t *v)
{
	uint8_t u8 = 0, b[3] = { 0 };
	uint16_t u16 = 0;
	uint32_t u32 = 0;
	int rc = -1;

	switch (p) {
	case P_U8: rc = wire_rd_u8(rd, &u8); *v = u8; break;
	case P_U16: rc = wire_rd_u16(rd, &u16); *v = u16; break;
	case P_U24: rc = wire_rd_u24(rd, &u32); *v = u32; break;
	case P_U32: rc = wire_rd_u32(rd, &u32); *v = u32; break;
	case P_U64: rc = wire_rd_u64(rd, v); break;
	case P_BYTES3: rc = wire_rd_bytes(rd, b, 3); *v = b[2]; break;
	case P_SKIP5: rc = wire_rd_skip(rd, 5); *v = 0; break;
	case P_COUNT: break;
	}
	return rc;
}

START_TEST(short_reads_leave_view_unchanged)
{
	enum prim p = (enum prim)_i;

	for (size_t len = 0; len <= sizeof(data); len++) {
		struct wire_rd rd;
		uint64_t v = 0xdead;

		wire_rd_init(&rd, data, len);
		if (len < need[p]) {
			ck_assert_int_eq(read_prim(&rd, p, &v), -1);
			ck_assert_uint_eq(wire_rd_left(&rd), len);
			ck_assert_ptr_eq(wire_rd_data(&rd), data);
		} else {
			ck_assert_int_eq(read_prim(&rd, p, &v), 0);
			ck_assert_uint_eq(wire_rd_left(&rd), len - need[p]);
		}
	}
}
END_TEST

START_TEST(big_endian_values)
{
	struct wire_rd rd;
	uint32_t u24, u32;
	uint64_t u64;

	wire_rd_init(&rd, data, sizeof(data));
	ck_assert_int_eq(wire_rd_u24(&rd, &u24), 0);
	ck_assert_uint_eq(u24, 0x010203);
	ck_assert_int_eq(wire_rd_u32(&rd, &u32), 0);
	ck_assert_uint_eq(u32, 0x04050607);
	wire_rd_init(&rd, data, sizeof(data));
	ck_assert_int_eq(wire_rd_u64(&rd, &u64), 0);
	ck_assert_uint_eq(u64, 0x0102030405060708ULL);
}
END_TEST

START_TEST(sub_view_is_bounded)
{
	struct wire_rd rd, sub;
	uint32_t v;

	wire_rd_init(&rd, data, sizeof(data));
	ck_assert_int_eq(wire_rd_sub(&rd, 3, &sub), 0);
	ck_assert_uint_eq(wire_rd_left(&rd), 6);
	ck_assert_int_eq(wire_rd_u32(&sub, &v), -1);	/* only 3 inside */
	ck_assert_uint_eq(wire_rd_left(&sub), 3);
	ck_assert_int_eq(wire_rd_sub(&rd, 7, &sub), -1);
	ck_assert_uint_eq(wire_rd_left(&rd), 6);
}
END_TEST

START_TEST(writer_full_writes_nothing)
{
	uint8_t buf[5];
	struct wire_wr wr;
	size_t off;

	memset(buf, 0xaa, sizeof(buf));
	wire_wr_init(&wr, buf, 3);
	ck_assert_int_eq(wire_wr_u32(&wr, 0x01020304), -1);
	ck_assert_uint_eq(wire_wr_len(&wr), 0);
	ck_assert_uint_eq(buf[0], 0xaa);
	ck_assert_int_eq(wire_wr_u24(&wr, 0x1000000), -1);	/* > 24 bits */
	ck_assert_int_eq(wire_wr_reserve(&wr, 2, &off), 0);
	ck_assert_int_eq(wire_wr_u8(&wr, 7), 0);
	ck_assert_int_eq(wire_wr_u8(&wr, 8), -1);
	ck_assert_int_eq(wire_wr_patch_u16(&wr, off, 0xbeef), 0);
	ck_assert_int_eq(wire_wr_patch_u16(&wr, 2, 1), -1);	/* past end */
	ck_assert_uint_eq(buf[0], 0xbe);
	ck_assert_uint_eq(buf[1], 0xef);
	ck_assert_uint_eq(buf[2], 7);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, short_reads_leave_view_unchanged, 0, P_COUNT);
	tcase_add_test(tc, big_endian_values);
	tcase_add_test(tc, sub_view_is_bounded);
	tcase_add_test(tc, writer_full_writes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}

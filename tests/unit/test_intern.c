/*
 * test_intern.c -- SipHash-2-4 reference vectors and attribute interning:
 * equal sets share one object whatever buffer they came from, any field
 * difference gives another, references count and free exactly.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "bgp_intern.h"
#include "siphash.h"

START_TEST(siphash_reference_vectors)
{
	/* From the SipHash paper's reference implementation (vectors.h):
	 * key 00..0f, messages 00, 00 01, ... of length 0, 1, 8, 15. */
	static const struct { size_t len; uint64_t h; } v[] = {
		{ 0, 0x726fdb47dd0e0e31ULL },
		{ 1, 0x74f839c593dc67fdULL },
		{ 8, 0x93f5f5799a932462ULL },
		{ 15, 0xa129ca6149be45e5ULL },
	};
	struct siphash_key k = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL };
	uint8_t msg[16];

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_msg(siphash24(&k, msg, v[i].len) == v[i].h,
		    "len %zu", v[i].len);
}
END_TEST

/* A draft like one an IBGP EVPN UPDATE gives, over bytes in buf. */
static void
draft(struct bgp_attrs *a, uint8_t *buf, uint32_t lp)
{
	static const uint8_t ec[] = { 0, 2, 0xfd, 0xe8, 0, 0, 0, 100,
	    3, 12, 0, 0, 0, 0, 0, 8 };
	static const uint8_t path[] = { 2, 1, 0, 0, 0xfd, 0xe9 };

	memset(a, 0, sizeof(*a));
	memcpy(buf, ec, sizeof(ec));
	memcpy(buf + 16, path, sizeof(path));
	bgp_attrs_set(a, BGP_ATTR_ORIGIN);
	bgp_attrs_set(a, BGP_ATTR_AS_PATH);
	bgp_attrs_set(a, BGP_ATTR_LOCAL_PREF);
	bgp_attrs_set(a, BGP_ATTR_EXT_COMMUNITIES);
	bgp_attrs_set(a, BGP_ATTR_MP_REACH_NLRI);
	wire_rd_init(&a->ext_communities, buf, sizeof(ec));
	wire_rd_init(&a->as_path, buf + 16, sizeof(path));
	a->as_path_size = 4;
	a->local_pref = lp;
	a->mp_reach.afi = BGP_AFI_L2VPN;
	a->mp_reach.safi = BGP_SAFI_EVPN;
	ip_set_v4(&a->mp_reach.nh, 0x0a63ff0b);
}

START_TEST(equal_sets_share_one_object)
{
	struct bgp_intern *in = bgp_intern_new();
	uint8_t b1[64], b2[64];
	struct bgp_attrs a1, a2;
	struct bgp_path_attrs *s1, *s2, *s3;
	struct bgp_intern_stats st;

	draft(&a1, b1, 100);
	draft(&a2, b2, 100);
	/* Garbage past the IPv4 next hop must not make sets differ. */
	a2.mp_reach.nh.a[10] = 0x55;
	s1 = bgp_attrs_intern(in, &a1);
	s2 = bgp_attrs_intern(in, &a2);
	ck_assert_ptr_eq(s1, s2);
	ck_assert_uint_eq(s1->refcnt, 2);
	draft(&a2, b2, 200);
	s3 = bgp_attrs_intern(in, &a2);
	ck_assert_ptr_ne(s1, s3);
	/* Leaves are shared between the two sets. */
	ck_assert_ptr_eq(s1->k.ext_communities, s3->k.ext_communities);
	ck_assert_ptr_eq(s1->k.as_path, s3->k.as_path);
	bgp_intern_stats(in, &st);
	ck_assert_uint_eq(st.sets, 2);
	ck_assert_uint_eq(st.blobs, 2);
	ck_assert_uint_eq(st.blob_refs, 4);
	bgp_path_attrs_unref(in, s1);
	bgp_path_attrs_unref(in, s2);
	bgp_intern_stats(in, &st);
	ck_assert_uint_eq(st.sets, 1);
	ck_assert_uint_eq(st.blob_refs, 2);
	bgp_path_attrs_unref(in, s3);
	bgp_intern_stats(in, &st);
	ck_assert_uint_eq(st.sets, 0);
	ck_assert_uint_eq(st.blobs, 0);
	ck_assert_uint_eq(st.blob_bytes, 0);
	ck_assert_uint_eq(bgp_intern_free(in), 0);
}
END_TEST

START_TEST(empty_leaf_is_free_but_present)
{
	struct bgp_intern *in = bgp_intern_new();
	uint8_t b1[64], b2[64];
	struct bgp_attrs a1, a2;
	struct bgp_path_attrs *s1, *s2;
	struct bgp_intern_stats st;

	draft(&a1, b1, 100);
	wire_rd_init(&a1.as_path, b1, 0);		/* IBGP: empty path */
	draft(&a2, b2, 100);
	wire_rd_init(&a2.as_path, b2, 0);
	bgp_attrs_clear(&a2, BGP_ATTR_AS_PATH);		/* no AS_PATH at all */
	s1 = bgp_attrs_intern(in, &a1);
	s2 = bgp_attrs_intern(in, &a2);
	ck_assert_ptr_null(s1->k.as_path);
	ck_assert_ptr_ne(s1, s2);	/* empty and absent differ */
	bgp_intern_stats(in, &st);
	ck_assert_uint_eq(st.blobs, 1);	/* the ext communities only */
	bgp_path_attrs_unref(in, s1);
	bgp_path_attrs_unref(in, s2);
	ck_assert_uint_eq(bgp_intern_free(in), 0);
}
END_TEST

START_TEST(every_field_matters)
{
	struct bgp_intern *in = bgp_intern_new();
	uint8_t b1[64], b2[64];
	struct bgp_attrs a1, a2;
	struct bgp_path_attrs *s1, *s2;

	draft(&a1, b1, 100);
	s1 = bgp_attrs_intern(in, &a1);
	for (int f = 0; f < 5; f++) {
		draft(&a2, b2, 100);
		switch (f) {
		case 0: bgp_attrs_set(&a2, BGP_ATTR_MED); break;
		case 1: ip_set_v4(&a2.mp_reach.nh, 0x0a63ff0c); break;
		case 2: b2[7] = 101; break;		/* RT 65000:101 */
		case 3: a2.as_path_size = 2; break;
		default: a2.origin = BGP_ORIGIN_INCOMPLETE; break;
		}
		s2 = bgp_attrs_intern(in, &a2);
		ck_assert_msg(s1 != s2, "field %d ignored", f);
		bgp_path_attrs_unref(in, s2);
	}
	bgp_path_attrs_unref(in, s1);
	ck_assert_uint_eq(bgp_intern_free(in), 0);
}
END_TEST

START_TEST(many_sets_grow_tables)
{
	struct bgp_intern *in = bgp_intern_new();
	static struct bgp_path_attrs *held[5000];
	uint8_t b[64];
	struct bgp_attrs a;

	for (uint32_t i = 0; i < 5000; i++) {
		draft(&a, b, i);
		held[i] = bgp_attrs_intern(in, &a);
	}
	for (uint32_t i = 0; i < 5000; i++) {
		draft(&a, b, i);
		struct bgp_path_attrs *again = bgp_attrs_intern(in, &a);

		ck_assert_ptr_eq(again, held[i]);
		bgp_path_attrs_unref(in, again);
		bgp_path_attrs_unref(in, held[i]);
	}
	ck_assert_uint_eq(bgp_intern_free(in), 0);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("intern");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, siphash_reference_vectors);
	tcase_add_test(tc, equal_sets_share_one_object);
	tcase_add_test(tc, empty_leaf_is_free_but_present);
	tcase_add_test(tc, every_field_matters);
	tcase_add_test(tc, many_sets_grow_tables);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}

/*
 * test_evpn_vrf.c -- the edge gateway's arbitration in a VRF's table
 * (evpn/evpn_vrf.c, docs/evpn.md "Edge gateway"): while the VRF's BGP
 * instance has a route learned from a router for a prefix, evpn's
 * import of the same prefix stays out of the kernel.
 *
 * DOC: table-driven (STYLE.md section 8): {next hops of the import,
 * router route present, next hops evpn installs}.
 */
#include <check.h>
#include <stddef.h>

#include "check_main.h"
#include "evpn_local.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	size_t	 n;
	bool	 router_route;
	size_t	 want;
} cases[] = {
	{ 0, false, 0 },
	{ 1, false, 1 },
	{ 2, false, 2 },	/* ECMP across VTEPs */
	{ 0, true, 0 },
	{ 1, true, 0 },		/* the router's route wins */
	{ 2, true, 0 },
};

START_TEST(test_kernel_nh)
{
	ck_assert_uint_eq(evpn_vrf_kernel_nh(cases[_i].n,
	    cases[_i].router_route), cases[_i].want);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("evpn_vrf");
	TCase *tc = tcase_create("arbitration");

	tcase_add_loop_test(tc, test_kernel_nh, 0, (int)NELEM(cases));
	suite_add_tcase(s, tc);
	return check_run(s);
}

/*
 * test_conf_get.c -- read access by data path (conf/conf_get.c): values,
 * defaults, absent nodes, explicit vs. default containers, bad paths.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

static const char text[] =
    "hostname h1\n"
    "log file /var/log/evpnd.log warnings\n"
    "router bgp 65001\n"
    " bgp router-id 192.0.2.1\n"
    " no bgp default ipv4-unicast\n"
    " address-family l2vpn evpn\n"
    "  advertise-all-vni\n"
    " exit-address-family\n"
    "exit\n";

#define BGP	"/evpnd:router-bgp[vrf='default']"

START_TEST(get_has)
{
	char err[256];
	struct conf *c = conf_load_buf("t", text, strlen(text), err,
	    sizeof(err));

	ck_assert_msg(c != NULL, "%s", err);
	ck_assert_str_eq(conf_get(c, "/evpnd:hostname"), "h1");
	ck_assert_str_eq(conf_get(c, BGP "/asn"), "65001");
	ck_assert_str_eq(conf_get(c, BGP "/router-id"), "192.0.2.1");
	ck_assert_str_eq(conf_get(c, "/evpnd:log/file/path"),
	    "/var/log/evpnd.log");
	ck_assert_str_eq(conf_get(c, "/evpnd:log/file/level"), "warnings");
	ck_assert_ptr_null(conf_get(c, "/evpnd:log/syslog/level"));
	ck_assert_ptr_null(conf_get(c, BGP "/cluster-id"));
	ck_assert_ptr_null(conf_get(c, "/evpnd:router-bgp[vrf='red']/asn"));
	/* A container is not a leaf. */
	ck_assert_ptr_null(conf_get(c, "/evpnd:log"));
	ck_assert_ptr_null(conf_get(c, "/evpnd:no-such-node"));
	ck_assert_ptr_null(conf_get(c, "not an xpath ]["));

	ck_assert(conf_has(c, BGP));
	ck_assert(conf_has(c, BGP "/no-default-ipv4-unicast"));
	ck_assert(conf_has(c, BGP "/address-family/l2vpn-evpn"));
	ck_assert(!conf_has(c, BGP "/address-family/ipv4-unicast"));
	ck_assert(conf_has(c, "/evpnd:log/file"));
	ck_assert(!conf_has(c, "/evpnd:log/syslog"));
	ck_assert(!conf_has(c, "/evpnd:router-bgp[vrf='red']"));
	conf_free(c);
}
END_TEST

START_TEST(empty_conf)
{
	char err[256];
	struct conf *c = conf_load_buf("t", "", 0, err, sizeof(err));

	ck_assert_msg(c != NULL, "%s", err);
	ck_assert_ptr_null(conf_get(c, "/evpnd:hostname"));
	ck_assert(!conf_has(c, BGP));
	ck_assert_ptr_null(conf_get(NULL, "/evpnd:hostname"));
	ck_assert(!conf_has(NULL, BGP));
	conf_free(c);
}
END_TEST

static Suite *
conf_get_suite(void)
{
	Suite *s = suite_create("conf_get");
	TCase *tc = tcase_create("conf_get");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, get_has);
	tcase_add_test(tc, empty_conf);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(conf_get_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

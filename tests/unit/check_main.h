/*
 * check_main.h -- the main() every Check test executable shares: run the
 * suite, exit non-zero when any check failed.
 */
#ifndef EVPND_TESTS_UNIT_CHECK_MAIN_H
#define EVPND_TESTS_UNIT_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

static inline int
check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* EVPND_TESTS_UNIT_CHECK_MAIN_H */

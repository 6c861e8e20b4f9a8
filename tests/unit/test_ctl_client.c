/*
 * test_ctl_client.c -- the control protocol's client side
 * (lib/ctl_client.c): response headers, table-driven, malformed ones
 * included; a request/response exchange over a socketpair.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctl_proto.h"

static const struct {
	const char	*line;
	int		 rc;
	bool		 ok;
	size_t		 len;
} hdrs[] = {
	{ "ok 0", 0, true, 0 },
	{ "ok 17", 0, true, 17 },
	{ "error 5", 0, false, 5 },
	{ "ok 268435456", 0, true, 268435456 },	/* CTL_BODY_MAX */
	{ "ok 268435457", -1, false, 0 },
	{ "ok 99999999999999999999999", -1, false, 0 },
	{ "ok", -1, false, 0 },
	{ "ok ", -1, false, 0 },
	{ "ok -1", -1, false, 0 },
	{ "ok +1", -1, false, 0 },
	{ "ok 1 ", -1, false, 0 },
	{ "ok 1x", -1, false, 0 },
	{ "OK 1", -1, false, 0 },
	{ "okay 1", -1, false, 0 },
	{ "error", -1, false, 0 },
	{ "", -1, false, 0 },
};

START_TEST(header_table)
{
	bool ok = !hdrs[_i].ok;
	size_t len = 12345;
	int rc = ctl_header_parse(hdrs[_i].line, &ok, &len);

	ck_assert_msg(rc == hdrs[_i].rc, "'%s': rc %d", hdrs[_i].line, rc);
	if (rc == 0) {
		ck_assert(ok == hdrs[_i].ok);
		ck_assert_uint_eq(len, hdrs[_i].len);
	}
}
END_TEST

/* The daemon's side played by hand on a socketpair. */
static void
exchange(const char *reply, size_t n, int want_rc, bool want_ok,
    const char *want_body)
{
	char req[64], *body = NULL;
	size_t len = 0;
	bool ok = false;
	ssize_t r;
	int sv[2], rc;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq((int)write(sv[1], reply, n), (int)n);
	shutdown(sv[1], SHUT_WR);
	rc = ctl_client_call(sv[0], "show evpn vni", &ok, &body, &len);
	r = read(sv[1], req, sizeof(req));
	ck_assert_int_eq((int)r, 14);
	ck_assert(memcmp(req, "show evpn vni\n", 14) == 0);
	ck_assert_int_eq(rc, want_rc);
	if (rc == 0) {
		ck_assert(ok == want_ok);
		ck_assert_uint_eq(len, strlen(want_body));
		ck_assert_str_eq(body, want_body);
		free(body);
	} else
		ck_assert_int_eq(errno, EPROTO);
	close(sv[0]);
	close(sv[1]);
}

START_TEST(call)
{
	exchange("ok 3\n{}\n", 8, 0, true, "{}\n");
	exchange("error 4\nbad\nok 0\n", 17, 0, false, "bad\n");
	exchange("ok 0\n", 5, 0, true, "");
	exchange("ok 9\n{}\n", 8, -1, false, NULL);	/* short body */
	exchange("ok 3", 4, -1, false, NULL);		/* no newline */
	exchange("hello world\n", 12, -1, false, NULL);
	exchange("ok 00000000000000000000000000000000003\n", 39, -1, false,
	    NULL);					/* > CTL_HDR_MAX */
}
END_TEST

START_TEST(call_too_long)
{
	char *cmd = malloc(CTL_REQ_MAX + 2), *body;
	size_t len;
	bool ok;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	memset(cmd, 'x', CTL_REQ_MAX + 1);
	cmd[CTL_REQ_MAX + 1] = '\0';
	ck_assert_int_eq(ctl_client_call(sv[0], cmd, &ok, &body, &len), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	ck_assert_int_eq(ctl_client_call(sv[0], "a\nb", &ok, &body, &len),
	    -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	free(cmd);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(connect_errors)
{
	char path[200];

	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	ck_assert_int_eq(ctl_client_connect(path), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ck_assert_int_eq(ctl_client_connect("/nonexistent/evpnd.sock"), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

static Suite *
ctl_client_suite(void)
{
	Suite *s = suite_create("ctl_client");
	TCase *tc = tcase_create("ctl_client");

	tcase_add_loop_test(tc, header_table, 0,
	    sizeof(hdrs) / sizeof(hdrs[0]));
	tcase_add_test(tc, call);
	tcase_add_test(tc, call_too_long);
	tcase_add_test(tc, connect_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ctl_client_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

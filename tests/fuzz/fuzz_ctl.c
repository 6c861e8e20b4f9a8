/*
 * fuzz_ctl.c -- libFuzzer target: control-socket requests, as a client
 * sends them (docs/control.md), against a daemon context with running
 * modules (fib on netlink, bgp) and a VTEP configuration.
 *
 * An input is one client connection: its bytes are cut into request
 * lines at '\n' as ctl_sock.c does (a line over CTL_REQ_MAX bytes ends
 * the connection), each runs through ctl_cmd_run(), and the connection
 * ends (a configure session is discarded).
 * Properties: no crash, no leak; every answer is ok or error, and an
 * error carries a message; after the connection, a configuration the
 * input changed (configure ... end) can be put back, and the running
 * configuration then prints exactly as before.
 * The process moves into a network namespace of its own first (so no
 * configured neighbor is ever reached, and fib sees only its own empty
 * kernel tables) and skips the lines that would write files where the
 * input says: `log ...` configuration and `write`/`copy`.
 */
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "bgp.h"
#include "bgp_update.h"
#include "conf.h"
#include "ctl_local.h"
#include "ctl_proto.h"
#include "evpn_nlri.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char base_conf[] =
    "hostname fuzz1\n"
    "router bgp 65000\n"
    " bgp router-id 10.0.0.1\n"
    " no bgp default ipv4-unicast\n"
    " neighbor RR peer-group\n"
    " neighbor RR remote-as internal\n"
    " neighbor 10.0.0.254 peer-group RR\n"
    " neighbor 10.0.0.253 remote-as 65001\n"
    " address-family ipv4 unicast\n"
    "  network 10.1.0.0/24\n"
    "  neighbor 10.0.0.253 activate\n"
    "  neighbor 10.0.0.253 route-map OUT out\n"
    " exit-address-family\n"
    " address-family l2vpn evpn\n"
    "  neighbor RR activate\n"
    "  advertise-all-vni\n"
    " exit-address-family\n"
    "exit\n"
    "ip prefix-list P seq 5 permit 10.1.0.0/16 le 24\n"
    "route-map OUT permit 10\n"
    " match ip address prefix-list P\n"
    "exit\n";

static struct evpnd	 fz;
static struct bgp_codec	 codec;
static char		*base_text;

static char *
running_text(void)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL || conf_print_text(fz.conf, f) != 0)
		abort();
	fclose(f);
	return buf;
}

static struct conf *
base_parse(void)
{
	char err[512];
	struct conf *c;

	c = conf_parse(fz.schema, "fuzz", base_conf, sizeof(base_conf) - 1,
	    err, sizeof(err));
	if (c == NULL) {
		fprintf(stderr, "fuzz_ctl: %s\n", err);
		abort();
	}
	return c;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[512];

	(void)argc;
	(void)argv;
	if (unshare(CLONE_NEWNET) == -1) {
		perror("fuzz_ctl: unshare(CLONE_NEWNET) (run as root)");
		exit(1);
	}
	/* Never written: `write` is skipped. */
	if ((fz.config_path = strdup("/nonexistent/fuzz_ctl.conf")) == NULL)
		abort();
	log_ctx_init(&fz.log);
	fz.log.level = LOG_LVL_ERROR;
	fz.level_fixed = true;
	if ((fz.schema = conf_schema_new(err, sizeof(err))) == NULL) {
		fprintf(stderr, "fuzz_ctl: %s\n", err);
		abort();
	}
	fz.conf = base_parse();
	fz.bgp_conf = conf_bgp_new(fz.conf);
	bgp_codec_init(&codec);
	if (evpn_codec_register(&codec) == -1)
		abort();
	fz.codec = &codec;
	fz.bgp_port = 17900;
	if ((fz.base = event_base_new()) == NULL ||
	    event_base_priority_init(fz.base, 3) == -1 ||
	    ctl_daemon_modules_start(&fz) == -1)
		abort();
	base_text = running_text();
	return 0;
}

/* Lines that would write files named by the input. */
static bool
writes_files(const char *line)
{
	static const char *const words[] = { "log", "write", "copy" };
	size_t i, n;

	line += strspn(line, " \t");
	if (strncmp(line, "do", 2) == 0 && (line[2] == ' ' ||
	    line[2] == '\t'))
		line += 2 + strspn(line + 2, " \t");
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i]);
		if (strncmp(line, words[i], n) == 0)
			return true;
	}
	return false;
}

static void
request(struct ctl_session *sess, const char *line)
{
	char *body = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&body, &n);
	int rc;

	if (f == NULL)
		abort();
	rc = ctl_cmd_run(&fz, sess, line, f);
	fclose(f);
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1 && n == 0) {
		fprintf(stderr, "fuzz_ctl: error without a message: '%s'\n",
		    line);
		abort();
	}
	free(body);
}

/* Put the base configuration back if the input changed it. */
static void
restore(void)
{
	char *now = running_text();

	if (strcmp(now, base_text) != 0) {
		ctl_daemon_conf_replace(&fz, base_parse(), "fuzz restore");
		free(now);
		now = running_text();
		if (strcmp(now, base_text) != 0)
			abort();
	}
	free(now);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_session sess;
	char line[CTL_REQ_MAX + 1];
	const uint8_t *eol;
	size_t n;

	memset(&sess, 0, sizeof(sess));
	while (size > 0) {
		eol = memchr(data, '\n', size);
		n = eol != NULL ? (size_t)(eol - data) : size;
		if (n > CTL_REQ_MAX)
			break;		/* the socket closes the client */
		memcpy(line, data, n);
		line[n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		if (!writes_files(line))
			request(&sess, line);
		n += eol != NULL;
		data += n;
		size -= n;
	}
	ctl_session_clear(&sess);
	event_base_loop(fz.base, EVLOOP_NONBLOCK);
	restore();
	return 0;
}

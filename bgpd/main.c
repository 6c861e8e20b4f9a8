/*
 * main.c -- the evpnd executable: command line, wiring of the modules.
 *
 * DOC: command line per ../shared/DESIGN.md section 5.  Exit codes: 0 ok,
 * 1 config or usage error, 2 runtime failure.  This build provides the
 * wire codec, `--decode`, `--check` and the daemon mode (-f: control
 * socket and configuration, ctl/) with the BGP speaker (bgpd/).
 * --bgp-port moves BGP off port 179 (listening and connecting), for
 * tests that share a network namespace with a real speaker.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_decode.h"
#include "conf.h"
#include "ctl_proto.h"
#include "evpnd.h"
#include "bgp_update.h"
#include "evpn_nlri.h"

#define EVPND_VERSION	"0.1.0"

enum { OPT_CHECK = 256, OPT_DECODE, OPT_LOGLEVEL, OPT_BGP_PORT };

struct opts {
	const char	*config;
	const char	*socket;
	const char	*pidfile;
	const char	*decode;
	const char	*loglevel;
	uint16_t	 bgp_port;
	bool		 check;
	bool		 daemonize;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: evpnd -f CONFIG [-S SOCKET] [-p PIDFILE] [-d] "
	    "[--log-level LEVEL]\n"
	    "             [--bgp-port PORT]\n"
	    "       evpnd --check -f CONFIG\n"
	    "       evpnd --decode FILE\n"
	    "       evpnd --version\n");
}

static int
port_parse(const char *s, uint16_t *port)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *s < '0' || *s > '9' || *end != '\0' || v == 0 ||
	    v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* 0 ok, 1 usage error, -1 help/version printed. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "decode", required_argument, NULL, OPT_DECODE },
		{ "log-level", required_argument, NULL, OPT_LOGLEVEL },
		{ "bgp-port", required_argument, NULL, OPT_BGP_PORT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->socket = CTL_SOCKET_DEFAULT;
	while ((c = getopt_long(argc, argv, "f:S:p:dhV", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'f': o->config = optarg; break;
		case 'S': o->socket = optarg; break;
		case 'p': o->pidfile = optarg; break;
		case 'd': o->daemonize = true; break;
		case OPT_CHECK: o->check = true; break;
		case OPT_DECODE: o->decode = optarg; break;
		case OPT_LOGLEVEL: o->loglevel = optarg; break;
		case OPT_BGP_PORT:
			if (port_parse(optarg, &o->bgp_port) == -1) {
				fprintf(stderr, "evpnd: --bgp-port: 1..65535, "
				    "not '%s'\n", optarg);
				return 1;
			}
			break;
		case 'h': usage(stdout); return -1;
		case 'V': printf("evpnd %s\n", EVPND_VERSION); return -1;
		default: usage(stderr); return 1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "evpnd: unexpected argument '%s'\n",
		    argv[optind]);
		usage(stderr);
		return 1;
	}
	return 0;
}

static int
run_decode(const char *path)
{
	struct bgp_codec codec;

	bgp_codec_init(&codec);
	if (evpn_codec_register(&codec) == -1) {
		fprintf(stderr, "evpnd: cannot register the EVPN codec\n");
		return 2;
	}
	if (bgp_decode_file(&codec, path, stdout) == -1) {
		fprintf(stderr, "evpnd: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 2;
}

/* --check -f CONFIG: silent and 0 when valid; "FILE:LINE: message" and 1
 * when not; 2 when the YANG module itself cannot be loaded. */
static int
run_check(const char *path)
{
	char err[1024];
	struct conf_schema *s = conf_schema_new(err, sizeof(err));
	struct conf *c;
	int rc = 0;

	if (s == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if ((c = conf_parse_file(s, path, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		rc = 1;
	}
	conf_free(c);
	conf_schema_free(s);
	return rc;
}

static int
run_daemon(const struct opts *o)
{
	struct bgp_codec codec;
	struct evpnd_opts d = {
		.codec = &codec,
		.bgp_port = o->bgp_port,
		.config = o->config,
		.socket = o->socket,
		.pidfile = o->pidfile,
		.loglevel = o->loglevel,
		.daemonize = o->daemonize,
	};

	bgp_codec_init(&codec);
	if (evpn_codec_register(&codec) == -1) {
		fprintf(stderr, "evpnd: cannot register the EVPN codec\n");
		return 2;
	}
	return ctl_daemon_run(&d);
}

int
main(int argc, char **argv)
{
	struct opts o;
	int rc = parse_args(argc, argv, &o);

	if (rc != 0)
		return rc == -1 ? 0 : 1;
	if (o.decode != NULL)
		return run_decode(o.decode);
	if (o.config == NULL) {
		fprintf(stderr, "evpnd: -f CONFIG or --decode FILE needed\n");
		usage(stderr);
		return 1;
	}
	if (o.check)
		return run_check(o.config);
	return run_daemon(&o);
}

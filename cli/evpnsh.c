/*
 * evpnsh.c -- the evpnd command-line client.
 *
 * DOC: `evpnsh [-S SOCKET] [-c COMMAND]...` sends each -c command in
 * order on one connection and prints each response body, to stdout when
 * it is `ok`, to stderr when it is `error`.  Without -c it reads commands
 * from a non-interactive stdin, one per line (a `configure terminal` ...
 * `end` block too: the daemon keeps the session per connection), and on
 * a terminal it is the interactive shell (evpnsh_edit.c).  Exit status:
 * 0 when every command succeeded (interactive: when it ended normally),
 * 1 when one failed (or on a usage error), 2 when the daemon cannot be
 * reached or the connection breaks.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl_proto.h"
#include "evpnsh.h"

#define EVPNSH_CMDS_MAX	64

static void
usage(FILE *f)
{
	fprintf(f, "usage: evpnsh [-S SOCKET] [-c COMMAND]...\n");
}

/* 0 when answered (either status), -1 when the daemon is unreachable. */
int
evpnsh_run(struct evpnsh *sh, const char *cmd)
{
	char *body;
	size_t len;
	bool ok;

	if (ctl_client_call(sh->fd, cmd, &ok, &body, &len) == -1) {
		if (errno == EMSGSIZE) {
			fprintf(stderr, "evpnsh: command longer than %d "
			    "bytes\n", CTL_REQ_MAX);
			sh->failed = true;
			return 0;
		}
		fprintf(stderr, "evpnsh: %s: %s\n", sh->socket,
		    errno == EPROTO ? "connection lost" : strerror(errno));
		return -1;
	}
	fwrite(body, 1, len, ok ? stdout : stderr);
	fflush(ok ? stdout : stderr);
	free(body);
	if (!ok)
		sh->failed = true;
	return 0;
}

static int
run_stdin(struct evpnsh *sh)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, stdin)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		rc = evpnsh_run(sh, line);
	}
	free(line);
	return rc;
}

int
main(int argc, char **argv)
{
	struct evpnsh sh = { .socket = CTL_SOCKET_DEFAULT, .fd = -1 };
	const char *cmds[EVPNSH_CMDS_MAX];
	int c, ncmds = 0, i, rc = 0;

	while ((c = getopt(argc, argv, "S:c:h")) != -1) {
		switch (c) {
		case 'S': sh.socket = optarg; break;
		case 'c':
			if (ncmds == EVPNSH_CMDS_MAX) {
				fprintf(stderr, "evpnsh: at most %d -c\n",
				    EVPNSH_CMDS_MAX);
				return 1;
			}
			cmds[ncmds++] = optarg;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 1;
	}
	if ((sh.fd = ctl_client_connect(sh.socket)) == -1) {
		fprintf(stderr, "evpnsh: cannot connect to %s: %s\n",
		    sh.socket, strerror(errno));
		return 2;
	}
	if (ncmds == 0 && isatty(STDIN_FILENO)) {
		rc = evpnsh_interactive(&sh);
		close(sh.fd);
		return rc;
	}
	for (i = 0; i < ncmds && rc == 0; i++)
		rc = evpnsh_run(&sh, cmds[i]);
	if (ncmds == 0)
		rc = run_stdin(&sh);
	close(sh.fd);
	if (rc == -1)
		return 2;
	return sh.failed ? 1 : 0;
}

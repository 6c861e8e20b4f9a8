/*
 * ctl_local.h -- private to ctl/: the control socket and the commands.
 */
#ifndef EVPND_CTL_CTL_LOCAL_H
#define EVPND_CTL_CTL_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "evpnd.h"

/* Bounds on one `configure terminal` candidate (docs/control.md). */
#define CTL_CAND_LINES_MAX	10000
#define CTL_CAND_SIZE_MAX	(1u << 20)
#define CTL_BLOCKS_MAX		4	/* router bgp > af > vni */

/* The configure block a session is in, for `exit` and the prompt. */
enum ctl_block {
	CTL_BLK_VRF,
	CTL_BLK_ROUTER,
	CTL_BLK_AF,
	CTL_BLK_AF_EVPN,
	CTL_BLK_VNI,
	CTL_BLK_RMAP,
};

/*
 * Per-connection state: a `configure terminal` session collects entered
 * lines (the candidate's tail) until `end` applies or `abort` discards
 * them.  Owned by the connection; ctl_session_clear() frees it.
 */
struct ctl_session {
	bool		 configuring;
	char		*lines;		/* entered lines, '\n'-terminated */
	size_t		 len;
	unsigned	 nlines;
	enum ctl_block	 blk[CTL_BLOCKS_MAX];
	int		 depth;
};

/* ctl_sock.c */
/*
 * Create the listening socket at path (parent directory 0755 created if
 * missing, socket mode 0660).  A socket another process answers on is
 * refused; a stale one is replaced.  The fd (non-blocking) or -1, with
 * the reason logged.  Runs before the event loop.
 */
int	 ctl_listen(struct log_ctx *, const char *path);
/* Serve fd (from ctl_listen(), now owned) on ev->base. */
struct ctl *ctl_new(struct evpnd *, int fd);
/* Close every client and the listener, unlink the socket.  NULL: no-op. */
void	 ctl_free(struct ctl *, const char *path);

/* ctl_cmd.c */
/*
 * Run one command line (no newline), writing the body to out: 0 for an
 * `ok` response, -1 for an `error` one (out holds the message).
 */
int	 ctl_cmd_run(struct evpnd *, struct ctl_session *, const char *line,
	    FILE *out);

/* ctl_config.c */
/* `configure terminal`: start a session.  0 or -1 (message on out). */
int	 ctl_config_start(struct evpnd *, struct ctl_session *, FILE *out);
/*
 * A line inside a configure session (not `do ...`): collect it, or
 * `end`/`exit`/`abort`.  0 or -1 with the message on out.
 */
int	 ctl_config_line(struct evpnd *, struct ctl_session *, char **av,
	    int ac, const char *line, FILE *out);
/* Discard a session's candidate and leave configure mode. */
void	 ctl_session_clear(struct ctl_session *);
/* `write memory`: the running config to its file.  0 or -1. */
int	 ctl_config_write(struct evpnd *, FILE *out);
/* The interactive prompt ("HOST# ", "HOST(config-router)# "). */
void	 ctl_config_prompt(struct evpnd *, const struct ctl_session *,
	    FILE *out);

/* ctl_daemon.c */
/*
 * Replace the running configuration by c (owned from now on; the old one
 * is freed) and apply it, as SIGHUP does; from names the source in the
 * log.
 */
void	 ctl_daemon_conf_replace(struct evpnd *, struct conf *c,
	    const char *from);

/*
 * Start the modules (fib, bgp) on ev->base, ev->conf and ev->bgp_conf
 * being loaded: 0, or -1 with the reason logged.  The daemon's start-up
 * and the control-request fuzzer (tests/fuzz/fuzz_ctl.c) share it.
 */
int	 ctl_daemon_modules_start(struct evpnd *);

#endif /* EVPND_CTL_CTL_LOCAL_H */

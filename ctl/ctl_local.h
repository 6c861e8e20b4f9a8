/*
 * ctl_local.h -- private to ctl/: the control socket and the commands.
 */
#ifndef EVPND_CTL_CTL_LOCAL_H
#define EVPND_CTL_CTL_LOCAL_H

#include <stdio.h>

#include "evpnd.h"

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
int	 ctl_cmd_run(struct evpnd *, const char *line, FILE *out);

#endif /* EVPND_CTL_CTL_LOCAL_H */

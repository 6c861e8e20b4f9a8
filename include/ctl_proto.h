/*
 * ctl_proto.h -- the control socket protocol (docs/control.md) and a
 * small blocking client for it (evpnsh, tests).
 *
 * DOC: a request is one command line ending in '\n', at most CTL_REQ_MAX
 * bytes before the newline.  A response is a header line "ok LEN\n" or
 * "error LEN\n" and then exactly LEN bytes of body.  Requests on one
 * connection are answered in order.
 */
#ifndef EVPND_INCLUDE_CTL_PROTO_H
#define EVPND_INCLUDE_CTL_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#define CTL_SOCKET_DEFAULT	"/run/evpnd/evpnd.sock"
#define CTL_REQ_MAX		4096		/* bytes, without '\n' */
#define CTL_HDR_MAX		32		/* "error 18446744073709551615\n" */
#define CTL_BODY_MAX		(256u << 20)	/* client's sanity limit */

/*
 * Connect to the daemon's socket.  The fd (blocking), or -1 with errno
 * (ENAMETOOLONG when path does not fit a sockaddr_un).
 */
int	 ctl_client_connect(const char *path)
	    __attribute__((warn_unused_result));

/*
 * Send cmd (no newline; at most CTL_REQ_MAX bytes) and read the response.
 * 0 with *ok (status), *body (malloc'd, NUL-terminated, caller frees) and
 * *len; -1 with errno on I/O errors, EPROTO on a malformed response or
 * EMSGSIZE for a too long command.  Blocks: for clients only.
 */
int	 ctl_client_call(int fd, const char *cmd, bool *ok, char **body,
	    size_t *len) __attribute__((warn_unused_result));

/* Parse a header line (without '\n'): 0, or -1 when malformed. */
int	 ctl_header_parse(const char *line, bool *ok, size_t *len);

#endif /* EVPND_INCLUDE_CTL_PROTO_H */

/*
 * ctl_client.c -- blocking client side of the control protocol (see
 * ctl_proto.h and docs/control.md).  Used by evpnsh, never by the daemon.
 */
#include "ctl_proto.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

int
ctl_client_connect(const char *path)
{
	struct sockaddr_un sun;
	int fd, err;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = send(fd, p, n, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Exactly n bytes; EOF before that is EPROTO. */
static int
read_all(int fd, char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		if ((r = read(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0) {
			errno = EPROTO;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int
ctl_header_parse(const char *line, bool *ok, size_t *len)
{
	const char *num;
	char *end;
	unsigned long long v;

	if (strncmp(line, "ok ", 3) == 0) {
		*ok = true;
		num = line + 3;
	} else if (strncmp(line, "error ", 6) == 0) {
		*ok = false;
		num = line + 6;
	} else
		return -1;
	if (*num < '0' || *num > '9')
		return -1;
	errno = 0;
	v = strtoull(num, &end, 10);
	if (errno != 0 || *end != '\0' || v > CTL_BODY_MAX)
		return -1;
	*len = (size_t)v;
	return 0;
}

/* The header line, read a byte at a time so no body byte is consumed. */
static int
read_header(int fd, bool *ok, size_t *len)
{
	char line[CTL_HDR_MAX];
	size_t i;

	for (i = 0; i < sizeof(line); i++) {
		if (read_all(fd, &line[i], 1) == -1)
			return -1;
		if (line[i] == '\n') {
			line[i] = '\0';
			if (ctl_header_parse(line, ok, len) == -1)
				break;
			return 0;
		}
	}
	errno = EPROTO;
	return -1;
}

int
ctl_client_call(int fd, const char *cmd, bool *ok, char **body,
    size_t *len)
{
	size_t n = strlen(cmd);
	char *b;

	if (n > CTL_REQ_MAX || memchr(cmd, '\n', n) != NULL) {
		errno = EMSGSIZE;
		return -1;
	}
	if (write_all(fd, cmd, n) == -1 || write_all(fd, "\n", 1) == -1)
		return -1;
	if (read_header(fd, ok, len) == -1)
		return -1;
	b = xmalloc(*len + 1);
	if (read_all(fd, b, *len) == -1) {
		free(b);
		return -1;
	}
	b[*len] = '\0';
	*body = b;
	return 0;
}

/*
 * ctl_sock.c -- the control socket: listener, clients, request framing.
 *
 * DOC: an AF_UNIX stream socket served by the daemon's event_base.  Each
 * client is a bufferevent; a request is a line of at most CTL_REQ_MAX
 * bytes (docs/control.md).  Bounds: CTL_CLIENTS_MAX clients (more are
 * closed at accept), input stops being read while CTL_IN_HIGH bytes wait
 * (a request longer than CTL_REQ_MAX is answered with an error and the
 * client closed), and requests wait while CTL_OUT_MAX bytes of responses
 * are unsent, so a client that never reads costs bounded memory.
 * Invariant: a client is on the list from accept until client_free().
 */
#include "ctl_local.h"

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "ctl_proto.h"

#define CTL_CLIENTS_MAX	64
#define CTL_IN_HIGH	(2 * (CTL_REQ_MAX + 1))
#define CTL_OUT_MAX	(1u << 20)

struct ctl_client {
	TAILQ_ENTRY(ctl_client)	 entry;
	struct ctl		*ctl;
	struct bufferevent	*bev;
	bool			 closing;	/* error sent: no more requests */
	bool			 eof;		/* the client sends no more */
	struct ctl_session	 sess;		/* configure terminal state */
};

struct ctl {
	struct evpnd		*ev;
	int			 fd;
	struct event		*accept_ev;
	TAILQ_HEAD(, ctl_client) clients;
	unsigned		 nclients;
};

static int
sun_fill(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun->sun_path, path);
	return 0;
}

/* mkdir of path's parent (one level) when missing. */
static int
parent_make(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

/* 0: nothing there or a stale socket (removed); -1: in use or not ours. */
static int
stale_remove(struct log_ctx *log, const struct sockaddr_un *sun)
{
	struct stat st;
	int fd, rc;

	if (lstat(sun->sun_path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		log_msg(log, LOG_LVL_ERROR, "%s exists and is not a socket",
		    sun->sun_path);
		return -1;
	}
	/* Non-blocking: a full backlog (EAGAIN) also means in use. */
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return -1;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	if (rc == -1 && errno == EAGAIN)
		rc = 0;
	close(fd);
	if (rc == 0) {
		log_msg(log, LOG_LVL_ERROR, "another evpnd is serving %s; "
		    "not starting", sun->sun_path);
		errno = EADDRINUSE;
		return -1;
	}
	log_msg(log, LOG_LVL_NOTICE, "removing stale socket %s",
	    sun->sun_path);
	return unlink(sun->sun_path) == -1 && errno != ENOENT ? -1 : 0;
}

int
ctl_listen(struct log_ctx *log, const char *path)
{
	struct sockaddr_un sun;
	int fd;

	if (sun_fill(&sun, path) == -1 || parent_make(path) == -1) {
		log_msg(log, LOG_LVL_ERROR, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (stale_remove(log, &sun) == -1) {
		if (errno != EADDRINUSE && errno != 0)
			log_msg(log, LOG_LVL_ERROR, "%s: %s", path,
			    strerror(errno));
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		goto fail;
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		goto fail;
	}
	if (chmod(path, 0660) == -1 || listen(fd, 16) == -1) {
		close(fd);
		unlink(path);
		goto fail;
	}
	return fd;
fail:
	log_msg(log, LOG_LVL_ERROR, "%s: %s", path, strerror(errno));
	return -1;
}

static void
client_free(struct ctl_client *cl)
{
	TAILQ_REMOVE(&cl->ctl->clients, cl, entry);
	cl->ctl->nclients--;
	ctl_session_clear(&cl->sess);
	bufferevent_free(cl->bev);
	free(cl);
}

/* Append "STATUS LEN\n" and the body to the client's output. */
static void
client_respond(struct ctl_client *cl, bool ok, const char *body, size_t n)
{
	struct evbuffer *out = bufferevent_get_output(cl->bev);

	evbuffer_add_printf(out, "%s %zu\n", ok ? "ok" : "error", n);
	evbuffer_add(out, body, n);
}

static void
client_request(struct ctl_client *cl, const char *line)
{
	char *body = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&body, &n);
	int rc;

	if (f == NULL) {
		client_respond(cl, false, "out of memory\n", 14);
		return;
	}
	rc = ctl_cmd_run(cl->ctl->ev, &cl->sess, line, f);
	if (fclose(f) != 0) {
		free(body);
		client_respond(cl, false, "out of memory\n", 14);
		return;
	}
	client_respond(cl, rc == 0, body, n);
	free(body);
}

/* Stop reading; the client goes once its output is written. */
static void
client_close_soon(struct ctl_client *cl)
{
	cl->closing = true;
	bufferevent_disable(cl->bev, EV_READ);
}

/* Answer every complete request, while the output is within bounds. */
static void
client_process(struct ctl_client *cl)
{
	struct evbuffer *in = bufferevent_get_input(cl->bev);
	struct evbuffer *out = bufferevent_get_output(cl->bev);
	char line[CTL_REQ_MAX + 1];
	struct evbuffer_ptr eol;
	size_t eol_len;
	size_t n;

	while (!cl->closing && evbuffer_get_length(out) < CTL_OUT_MAX) {
		eol = evbuffer_search_eol(in, NULL, &eol_len, EVBUFFER_EOL_LF);
		if (eol.pos == -1 && evbuffer_get_length(in) <= CTL_REQ_MAX)
			return;
		if (eol.pos == -1 || (size_t)eol.pos > CTL_REQ_MAX) {
			log_msg(&cl->ctl->ev->log, LOG_LVL_WARNING,
			    "control client: request longer than %d bytes; "
			    "closing it", CTL_REQ_MAX);
			client_respond(cl, false, "request too long\n", 17);
			client_close_soon(cl);
			return;
		}
		n = (size_t)eol.pos;
		evbuffer_remove(in, line, n);
		evbuffer_drain(in, eol_len);
		line[n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		client_request(cl, line);
	}
}

static void
client_read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	client_process(arg);
}

/* A client that is done goes once its output is written. */
static void
client_free_if_done(struct ctl_client *cl)
{
	if ((cl->closing || cl->eof) &&
	    evbuffer_get_length(bufferevent_get_output(cl->bev)) == 0)
		client_free(cl);
}

/* Output drained (low watermark 0): more requests, or the close. */
static void
client_write_cb(struct bufferevent *bev, void *arg)
{
	struct ctl_client *cl = arg;

	(void)bev;
	client_process(cl);
	client_free_if_done(cl);
}

static void
client_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct ctl_client *cl = arg;

	if (what & BEV_EVENT_ERROR) {
		client_free(cl);
		return;
	}
	if (what & BEV_EVENT_EOF) {
		/* A half-closed client still gets its answers. */
		cl->eof = true;
		bufferevent_disable(bev, EV_READ);
		client_process(cl);
		client_free_if_done(cl);
	}
}

static void
ctl_accept_cb(evutil_socket_t lfd, short what, void *arg)
{
	struct ctl *ctl = arg;
	struct ctl_client *cl;
	int fd;

	(void)what;
	if ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) ==
	    -1) {
		if (errno != EAGAIN && errno != EINTR)
			log_msg(&ctl->ev->log, LOG_LVL_WARNING,
			    "control socket: accept: %s", strerror(errno));
		return;
	}
	if (ctl->nclients >= CTL_CLIENTS_MAX) {
		log_msg(&ctl->ev->log, LOG_LVL_WARNING,
		    "control socket: %d clients already; refusing one",
		    CTL_CLIENTS_MAX);
		close(fd);
		return;
	}
	cl = xcalloc(1, sizeof(*cl));
	cl->ctl = ctl;
	cl->bev = bufferevent_socket_new(ctl->ev->base, fd,
	    BEV_OPT_CLOSE_ON_FREE);
	if (cl->bev == NULL)
		fatal("bufferevent_socket_new");
	bufferevent_setcb(cl->bev, client_read_cb, client_write_cb,
	    client_event_cb, cl);
	bufferevent_setwatermark(cl->bev, EV_READ, 0, CTL_IN_HIGH);
	bufferevent_setwatermark(cl->bev, EV_WRITE, 0, 0);
	bufferevent_enable(cl->bev, EV_READ | EV_WRITE);
	TAILQ_INSERT_TAIL(&ctl->clients, cl, entry);
	ctl->nclients++;
	log_msg(&ctl->ev->log, LOG_LVL_DEBUG, "control client connected");
}

struct ctl *
ctl_new(struct evpnd *ev, int fd)
{
	struct ctl *ctl = xcalloc(1, sizeof(*ctl));

	ctl->ev = ev;
	ctl->fd = fd;
	TAILQ_INIT(&ctl->clients);
	ctl->accept_ev = event_new(ev->base, fd, EV_READ | EV_PERSIST,
	    ctl_accept_cb, ctl);
	if (ctl->accept_ev == NULL || event_add(ctl->accept_ev, NULL) == -1)
		fatal("control socket event");
	return ctl;
}

void
ctl_free(struct ctl *ctl, const char *path)
{
	if (ctl == NULL)
		return;
	while (!TAILQ_EMPTY(&ctl->clients))
		client_free(TAILQ_FIRST(&ctl->clients));
	event_free(ctl->accept_ev);
	close(ctl->fd);
	if (path != NULL)
		unlink(path);
	free(ctl);
}

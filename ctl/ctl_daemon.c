/*
 * ctl_daemon.c -- the daemon's lifecycle: configuration load and reload,
 * logging set-up, daemonizing, pidfile, signals, the event loop and a
 * clean shutdown.
 *
 * DOC: order of start-up, so that every error a user can fix is reported
 * on stderr with the right exit status before evpnd detaches: load the
 * configuration (1 on error), bind the control socket (2 when another
 * evpnd serves it), fork (-d), write the pidfile, create the event_base
 * (after the fork, as libevent requires), serve.  SIGTERM/SIGINT leave
 * the loop; then the socket and pidfile are removed and everything is
 * freed (valgrind-clean).  SIGHUP re-reads the configuration and keeps the
 * running one when the new one is invalid; SIGUSR1 reopens the log file.
 * A reload or a `configure terminal ... end` builds the new typed
 * snapshot (conf_bgp_new()) and hands the old and the new one to the BGP
 * speaker, which resets only the sessions the change concerns.
 *
 * The kernel (fib.h) is opened before the BGP speaker (exit status 2
 * when netlink is unusable) and wired to it in both directions: best
 * unicast routes (bgp_env.rib_change) become route intents in the main
 * table, or in a VRF's table for a `router bgp ASN vrf NAME` instance
 * (docs/bgp.md), and redistributable prefixes the fib
 * watches go to bgp_redist_set().  The EVPN VTEP (evpn.h) sits between
 * the two: fib's link, FDB and neighbour reports and bgpd's EVPN
 * best-path changes go to it, and it writes FDB, flood and neighbour
 * intents and originates routes.  On shutdown the fib withdraws nothing:
 * the next evpnd takes the routes and entries over (fib_route.c).
 */
#include "evpnd.h"
#include "ctl_local.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "bgp.h"
#include "conf.h"
#include "evpn.h"
#include "fib.h"

/* FRR's `log ... LEVEL` names onto ours. */
static enum log_level
conf_level(const char *frr)
{
	static const struct {
		const char	*frr;
		enum log_level	 lvl;
	} map[] = {
		{ "emergencies", LOG_LVL_ERROR }, { "alerts", LOG_LVL_ERROR },
		{ "critical", LOG_LVL_ERROR }, { "errors", LOG_LVL_ERROR },
		{ "warnings", LOG_LVL_WARNING },
		{ "notifications", LOG_LVL_NOTICE },
		{ "informational", LOG_LVL_INFO }, { "debugging", LOG_LVL_DEBUG },
	};
	size_t i;

	for (i = 0; frr != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(frr, map[i].frr) == 0)
			return map[i].lvl;
	return LOG_LVL_INFO;
}

/*
 * The config's `log` lines: `log syslog` adds syslog, `log file PATH`
 * a log file; the first level given sets the level unless --log-level
 * did.  One level for every destination keeps this simple.
 */
static void
log_apply(struct evpnd *ev)
{
	static const char *const dst[] = { "stdout", "syslog", "file" };
	const char *path, *lvl = NULL;
	char p[64];
	size_t i;

	for (i = 0; i < sizeof(dst) / sizeof(dst[0]) && lvl == NULL; i++) {
		snprintf(p, sizeof(p), "/evpnd:log/%s/level", dst[i]);
		lvl = conf_get(ev->conf, p);
	}
	if (!ev->level_fixed)
		ev->log.level = conf_level(lvl);
	log_syslog_set(&ev->log, ev->daemonized ||
	    conf_has(ev->conf, "/evpnd:log/syslog"));
	path = conf_get(ev->conf, "/evpnd:log/file/path");
	if (path == NULL && ev->log.file_path == NULL)
		return;
	if (path != NULL && ev->log.file_path != NULL &&
	    strcmp(path, ev->log.file_path) == 0)
		return;
	if (log_file_set(&ev->log, path) == -1)
		log_msg(&ev->log, LOG_LVL_ERROR, "log file %s: %s", path,
		    strerror(errno));
}

/* path made absolute against the current directory; malloc'd. */
static char *
abs_path(const char *path)
{
	char cwd[PATH_MAX], *s;

	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL) {
		if ((s = strdup(path)) == NULL)
			fatal("strdup");
		return s;
	}
	if (asprintf(&s, "%s/%s", cwd, path) == -1)
		fatal("asprintf");
	return s;
}

static int
load(struct evpnd *ev, const struct evpnd_opts *o)
{
	char err[1024];

	if ((ev->schema = conf_schema_new(err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if ((ev->conf = conf_parse_file(ev->schema, o->config, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	ev->bgp_conf = conf_bgp_new(ev->conf);
	ev->config_path = abs_path(o->config);
	ev->socket_path = abs_path(o->socket);
	ev->pidfile = o->pidfile != NULL ? abs_path(o->pidfile) : NULL;
	log_apply(ev);
	return 0;
}

/*
 * Swap in a validated configuration: the modules get the old and the new
 * snapshot and change only what differs (STYLE.md section 2).
 */
void
ctl_daemon_conf_replace(struct evpnd *ev, struct conf *c, const char *from)
{
	struct bgp_conf *bc = conf_bgp_new(c);

	if (ev->bgp != NULL)
		bgp_reconfigure(ev->bgp, ev->bgp_conf, bc);
	if (ev->evpn != NULL)
		evpn_reconfigure(ev->evpn, bc);
	conf_bgp_free(ev->bgp_conf);
	ev->bgp_conf = bc;
	conf_free(ev->conf);
	ev->conf = c;
	log_apply(ev);
	log_msg(&ev->log, LOG_LVL_NOTICE, "configuration reloaded from %s",
	    from);
}

static void
reload(struct evpnd *ev)
{
	char err[1024];
	struct conf *c;

	c = conf_parse_file(ev->schema, ev->config_path, err, sizeof(err));
	if (c == NULL) {
		log_msg(&ev->log, LOG_LVL_ERROR, "reload failed, keeping the "
		    "running configuration: %s", err);
		return;
	}
	ctl_daemon_conf_replace(ev, c, ev->config_path);
}

static void
signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct evpnd *ev = arg;

	(void)what;
	switch (sig) {
	case SIGTERM:
	case SIGINT:
		log_msg(&ev->log, LOG_LVL_NOTICE, "%s: shutting down",
		    sig == SIGTERM ? "SIGTERM" : "SIGINT");
		event_base_loopbreak(ev->base);
		break;
	case SIGHUP:
		reload(ev);
		break;
	case SIGUSR1:
		if (ev->log.file_path == NULL)
			break;
		if (log_file_set(&ev->log, ev->log.file_path) == -1)
			log_msg(&ev->log, LOG_LVL_ERROR, "reopening the log "
			    "file: %s", strerror(errno));
		else
			log_msg(&ev->log, LOG_LVL_INFO, "log file reopened");
		break;
	default:
		break;
	}
}

/* fork, setsid, stdio to /dev/null; the parent exits 0.  0 or -1. */
static int
daemonize(struct evpnd *ev)
{
	int fd;

	switch (fork()) {
	case -1:
		return -1;
	case 0:
		break;
	default:
		_exit(0);
	}
	if (setsid() == -1 || chdir("/") == -1)
		return -1;
	if ((fd = open("/dev/null", O_RDWR)) == -1)
		return -1;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	ev->daemonized = true;
	ev->log.to_stderr = false;
	log_syslog_set(&ev->log, true);
	return 0;
}

static int
pidfile_write(struct evpnd *ev)
{
	FILE *f;

	if (ev->pidfile == NULL)
		return 0;
	if ((f = fopen(ev->pidfile, "we")) == NULL)
		goto fail;
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) != 0)
		goto fail;
	ev->pidfile_written = true;
	return 0;
fail:
	log_msg(&ev->log, LOG_LVL_ERROR, "pidfile %s: %s", ev->pidfile,
	    strerror(errno));
	return -1;
}

static void
signals_add(struct evpnd *ev)
{
	static const int sigs[EVPND_SIGNALS] = {
		SIGTERM, SIGINT, SIGHUP, SIGUSR1,
	};
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < EVPND_SIGNALS; i++) {
		ev->sig[i] = evsignal_new(ev->base, sigs[i], signal_cb, ev);
		if (ev->sig[i] == NULL || evsignal_add(ev->sig[i], NULL) == -1)
			fatal("signal event");
	}
}

static void
evpnd_free(struct evpnd *ev)
{
	size_t i;

	ctl_free(ev->ctl, ev->socket_path);
	evpn_free(ev->evpn);
	if (ev->bgp != NULL)
		bgp_free(ev->bgp);
	fib_free(ev->fib);
	conf_bgp_free(ev->bgp_conf);
	if (ev->pidfile_written)
		unlink(ev->pidfile);
	for (i = 0; i < EVPND_SIGNALS; i++)
		if (ev->sig[i] != NULL)
			event_free(ev->sig[i]);
	if (ev->base != NULL)
		event_base_free(ev->base);
	conf_free(ev->conf);
	conf_schema_free(ev->schema);
	free(ev->config_path);
	free(ev->socket_path);
	free(ev->pidfile);
	log_ctx_free(&ev->log);
	libevent_global_shutdown();
}

/* bgp -> fib: a prefix's best unicast next hops (n 0: none) in table
 * (0: main; a VRF instance's table otherwise). */
static void
rib_change(void *arg, uint32_t table, const struct ip_prefix *pfx,
    const struct ip_addr *nh, size_t n)
{
	struct evpnd *ev = arg;

	bool vrf = table != 0;

	if (table == 0)
		table = FIB_TABLE_MAIN;
	/* evpn's import of the same prefix in a VRF table leaves the
	 * kernel before bgpd's route goes in, and comes back after it left
	 * (one intent per table and prefix: the last write wins) */
	if (n == 0) {
		fib_route_del(ev->fib, table, pfx);
		if (vrf && ev->evpn != NULL)
			evpn_vrf_bgp_route(ev->evpn, table, pfx, false);
	} else {
		if (vrf && ev->evpn != NULL)
			evpn_vrf_bgp_route(ev->evpn, table, pfx, true);
		fib_route_set(ev->fib, table, pfx, nh, n);
	}
}

/* fib -> bgp: a redistributable prefix appeared or went. */
static void
redist(void *arg, enum fib_redist_kind kind, const struct ip_prefix *pfx,
    bool add)
{
	struct evpnd *ev = arg;
	enum bgp_redist_kind k = BGP_REDIST_CONNECTED;

	switch (kind) {
	case FIB_REDIST_CONNECTED:
		k = BGP_REDIST_CONNECTED;
		break;
	case FIB_REDIST_STATIC:
		k = BGP_REDIST_STATIC;
		break;
	case FIB_REDIST_KERNEL:
		k = BGP_REDIST_KERNEL;
		break;
	}
	if (ev->bgp != NULL)
		bgp_redist_set(ev->bgp, k, pfx, add);
}

/* fib -> evpn: links, local MACs, MAC/IP bindings. */
static void
l2_link(void *arg, const struct fib_link *l, bool present)
{
	struct evpnd *ev = arg;

	if (ev->evpn != NULL)
		evpn_link(ev->evpn, l, present);
}

static void
l2_fdb(void *arg, const struct fib_fdb_event *f, bool add)
{
	struct evpnd *ev = arg;

	if (ev->evpn != NULL)
		evpn_fdb(ev->evpn, f, add);
}

static void
l2_neigh(void *arg, const struct fib_neigh_event *n, bool add)
{
	struct evpnd *ev = arg;

	if (ev->evpn != NULL)
		evpn_neigh(ev->evpn, n, add);
}

static void
l2_addr(void *arg, uint32_t ifindex, const struct ip_prefix *p, bool add)
{
	struct evpnd *ev = arg;

	if (ev->evpn != NULL)
		evpn_addr(ev->evpn, ifindex, p, add);
}

static void
l2_rule(void *arg, const char *iif, uint32_t table, bool add)
{
	struct evpnd *ev = arg;

	if (ev->evpn != NULL)
		evpn_rule(ev->evpn, iif, table, add);
}

/* bgp -> evpn: an EVPN route's best path changed. */
static void
evpn_change(void *arg, const uint8_t *nlri, size_t len,
    const struct bgp_evpn_attrs *a)
{
	struct evpnd *ev = arg;

	if (ev->evpn != NULL)
		evpn_import(ev->evpn, nlri, len, a);
}

/* The kernel over netlink.  0, or -1 (logged). */
static int
fib_start(struct evpnd *ev)
{
	struct fib_env env = {
		.base = ev->base,
		.log = &ev->log,
		.redist = redist,
		.redist_arg = ev,
		.link = l2_link,
		.addr = l2_addr,
		.fdb = l2_fdb,
		.neigh = l2_neigh,
		.rule = l2_rule,
		.l2_arg = ev,
	};
	char err[256];

	if ((ev->fib = fib_new(&env, err, sizeof(err))) == NULL) {
		log_msg(&ev->log, LOG_LVL_ERROR, "fib: netlink unusable: %s",
		    err);
		return -1;
	}
	return 0;
}

/* The BGP speaker on the running configuration.  0, or -1 (logged). */
static int
bgp_start(struct evpnd *ev)
{
	struct bgp_env env = {
		.base = ev->base,
		.log = &ev->log,
		.codec = ev->codec,
		.port = ev->bgp_port,
		.rib_change = rib_change,
		.rib_arg = ev,
		.evpn_change = evpn_change,
		.evpn_arg = ev,
	};
	char err[256];

	if ((ev->bgp = bgp_new(&env, ev->bgp_conf, err, sizeof(err))) ==
	    NULL) {
		log_msg(&ev->log, LOG_LVL_ERROR, "bgp: %s", err);
		return -1;
	}
	return 0;
}

/* The EVPN VTEP between the two (evpn.h). */
static void
evpn_start(struct evpnd *ev)
{
	struct evpn_env env = {
		.base = ev->base,
		.log = &ev->log,
		.fib = ev->fib,
		.bgp = ev->bgp,
	};

	ev->evpn = evpn_new(&env, ev->bgp_conf);
}

int
ctl_daemon_modules_start(struct evpnd *ev)
{
	if (fib_start(ev) == -1 || bgp_start(ev) == -1)
		return -1;
	evpn_start(ev);
	return 0;
}

/* Start-up after the configuration is loaded: 0, or the exit status. */
static int
start(struct evpnd *ev, const struct evpnd_opts *o)
{
	int fd;

	if ((fd = ctl_listen(&ev->log, ev->socket_path)) == -1)
		return 2;
	if (o->daemonize && daemonize(ev) == -1) {
		log_msg(&ev->log, LOG_LVL_ERROR, "daemonizing: %s",
		    strerror(errno));
		close(fd);
		unlink(ev->socket_path);
		return 2;
	}
	if ((ev->base = event_base_new()) == NULL ||
	    event_base_priority_init(ev->base, 3) == -1)
		fatal("event_base_new");
	ev->ctl = ctl_new(ev, fd);
	if (ctl_daemon_modules_start(ev) == -1)
		return 2;
	if (pidfile_write(ev) == -1)
		return 2;
	signals_add(ev);
	return 0;
}

int
ctl_daemon_run(const struct evpnd_opts *o)
{
	struct evpnd ev;
	int rc;

	memset(&ev, 0, sizeof(ev));
	ev.codec = o->codec;
	ev.bgp_port = o->bgp_port;
	log_ctx_init(&ev.log);
	if (o->loglevel != NULL) {
		if (log_level_parse(o->loglevel, &ev.log.level) == -1) {
			fprintf(stderr, "evpnd: --log-level: debug, info, "
			    "notice, warning or error, not '%s'\n",
			    o->loglevel);
			return 1;
		}
		ev.level_fixed = true;
	}
	if ((rc = load(&ev, o)) == 0 && (rc = start(&ev, o)) == 0) {
		log_msg(&ev.log, LOG_LVL_NOTICE, "started (pid %ld), "
		    "config %s, control socket %s", (long)getpid(),
		    ev.config_path, ev.socket_path);
		if (event_base_dispatch(ev.base) == -1) {
			log_msg(&ev.log, LOG_LVL_ERROR, "event loop failed");
			rc = 2;
		}
		log_msg(&ev.log, LOG_LVL_NOTICE, "stopped");
	}
	evpnd_free(&ev);
	return rc;
}

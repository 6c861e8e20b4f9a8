/*
 * evpnd.h -- the daemon context and the ctl/ module: process lifecycle
 * (signals, pidfile, daemonizing, reload), the control socket and its
 * commands.
 *
 * DOC: everything the running daemon owns hangs off one struct evpnd,
 * created by ctl_daemon_run() and passed explicitly (no globals, STYLE.md
 * section 2).  One libevent event_base; no callback blocks, except that a
 * reload (SIGHUP) reads the local configuration file, as OpenBGPD and
 * BIRD do.  The protocol is in ctl_proto.h and docs/control.md.
 */
#ifndef EVPND_INCLUDE_EVPND_H
#define EVPND_INCLUDE_EVPND_H

#include <stdbool.h>
#include <stdint.h>

#include "log.h"

struct event_base;
struct event;
struct conf_schema;
struct conf;
struct ctl;
struct bgp;
struct bgp_conf;
struct bgp_codec;
struct fib;
struct evpn;

#define EVPND_SIGNALS	4	/* TERM, INT, HUP, USR1 */

struct evpnd_opts {
	const char	*config;
	const char	*socket;
	const char	*pidfile;	/* NULL: none */
	const char	*loglevel;	/* NULL: from the config, else info */
	bool		 daemonize;
	const struct bgp_codec *codec;	/* every family registered */
	uint16_t	 bgp_port;	/* 0: 179 */
};

struct evpnd {
	struct event_base	*base;
	struct conf_schema	*schema;
	struct conf		*conf;		/* the running configuration */
	char			*config_path;	/* absolute (we chdir /) */
	char			*socket_path;	/* absolute */
	char			*pidfile;	/* absolute; NULL: none */
	bool			 pidfile_written;
	struct log_ctx		 log;
	bool			 level_fixed;	/* --log-level given */
	bool			 daemonized;
	struct ctl		*ctl;
	const struct bgp_codec	*codec;
	uint16_t		 bgp_port;
	struct bgp_conf		*bgp_conf;	/* snapshot of conf for bgpd */
	struct bgp		*bgp;
	struct fib		*fib;		/* the kernel (fib.h) */
	struct evpn		*evpn;		/* the VTEP (evpn.h) */
	struct event		*sig[EVPND_SIGNALS];
};

/*
 * The daemon (`evpnd -f CONFIG ...`): runs until SIGTERM/SIGINT and
 * returns the exit status (0 clean shutdown, 1 config error, 2 runtime
 * failure, e.g. another evpnd serving the socket).
 */
int	 ctl_daemon_run(const struct evpnd_opts *);

#endif /* EVPND_INCLUDE_EVPND_H */

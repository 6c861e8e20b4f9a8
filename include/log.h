/*
 * log.h -- the daemon's event log, and process-fatal errors for our own
 * bugs and OOM.
 *
 * Untrusted input never reaches fatal() (STYLE.md principle 3): parsers
 * return errors.  fatal() is for resource exhaustion (with errno),
 * fatalx() for broken invariants.
 *
 * Event log: one line per event, "evpnd: LEVEL: message", to stderr
 * (unless daemonized), to syslog when asked, and to a log file when one
 * is configured.  The state is a struct log_ctx owned by the daemon
 * context and passed explicitly (no globals, STYLE.md section 2).
 */
#ifndef EVPND_INCLUDE_LOG_H
#define EVPND_INCLUDE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Ordered: a message is written when its level <= the context's level. */
enum log_level {
	LOG_LVL_ERROR,
	LOG_LVL_WARNING,
	LOG_LVL_NOTICE,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG,
};

struct log_ctx {
	enum log_level	 level;
	bool		 to_stderr;
	bool		 to_syslog;	/* openlog() done by log_syslog_open */
	FILE		*file;		/* NULL: no log file */
	char		*file_path;	/* owned; NULL: no log file */
};

/* stderr only, at level info. */
void	 log_ctx_init(struct log_ctx *);
/* Closes the file and syslog; the context can be reused after init. */
void	 log_ctx_free(struct log_ctx *);
/* "debug", "info", "notice", "warning", "error": 0 and *lvl, else -1. */
int	 log_level_parse(const char *, enum log_level *lvl);
const char *log_level_name(enum log_level);
/* Start or stop syslog output (LOG_DAEMON, ident "evpnd"). */
void	 log_syslog_set(struct log_ctx *, bool on);
/*
 * Log to path from now on (NULL: no log file), appending; reopens when
 * the path is unchanged (SIGUSR1, after log rotation).  0, or -1 with
 * errno when the file cannot be opened (the context then has no file).
 */
int	 log_file_set(struct log_ctx *, const char *path);
void	 log_msg(struct log_ctx *, enum log_level, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

void	 fatal(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
void	 fatalx(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
/* malloc/calloc/realloc that call fatal() on OOM. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);

#endif /* EVPND_INCLUDE_LOG_H */

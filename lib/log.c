/*
 * log.c -- fatal paths and allocation wrappers (see log.h).
 */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

static void __attribute__((format(printf, 1, 0)))
vlog_fatal(const char *fmt, va_list ap, int err)
{
	fputs("evpnd: fatal: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (err != 0)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	vlog_fatal(fmt, ap, err);
	va_end(ap);
	exit(2);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_fatal(fmt, ap, 0);
	va_end(ap);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n != 0 ? n : 1);

	if (p == NULL)
		fatal("malloc %zu", n);
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n != 0 ? n : 1, sz != 0 ? sz : 1);

	if (p == NULL)
		fatal("calloc %zu x %zu", n, sz);
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n != 0 ? n : 1);

	if (p == NULL)
		fatal("realloc %zu", n);
	return p;
}

/* ---- the event log ------------------------------------------------- */

static const char *const level_names[] = {
	[LOG_LVL_ERROR] = "error",
	[LOG_LVL_WARNING] = "warning",
	[LOG_LVL_NOTICE] = "notice",
	[LOG_LVL_INFO] = "info",
	[LOG_LVL_DEBUG] = "debug",
};

void
log_ctx_init(struct log_ctx *l)
{
	memset(l, 0, sizeof(*l));
	l->level = LOG_LVL_INFO;
	l->to_stderr = true;
}

void
log_ctx_free(struct log_ctx *l)
{
	(void)log_file_set(l, NULL);
	log_syslog_set(l, false);
}

int
log_level_parse(const char *s, enum log_level *lvl)
{
	size_t i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcmp(s, level_names[i]) == 0) {
			*lvl = (enum log_level)i;
			return 0;
		}
	return -1;
}

const char *
log_level_name(enum log_level lvl)
{
	return (size_t)lvl < sizeof(level_names) / sizeof(level_names[0]) ?
	    level_names[lvl] : "?";
}

void
log_syslog_set(struct log_ctx *l, bool on)
{
	if (on && !l->to_syslog)
		openlog("evpnd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	else if (!on && l->to_syslog)
		closelog();
	l->to_syslog = on;
}

int
log_file_set(struct log_ctx *l, const char *path)
{
	char *copy = path != NULL ? strdup(path) : NULL;
	int err;

	if (path != NULL && copy == NULL)
		fatal("strdup");
	if (l->file != NULL)
		fclose(l->file);
	l->file = NULL;
	free(l->file_path);
	l->file_path = copy;
	if (copy == NULL)
		return 0;
	/* path may have been l->file_path: use the copy from here on.  A
	 * local file: opening it does not wait on the network. */
	if ((l->file = fopen(copy, "ae")) == NULL) {
		err = errno;
		free(l->file_path);
		l->file_path = NULL;
		errno = err;
		return -1;
	}
	setvbuf(l->file, NULL, _IOLBF, 0);
	return 0;
}

static int
syslog_prio(enum log_level lvl)
{
	switch (lvl) {
	case LOG_LVL_ERROR: return LOG_ERR;
	case LOG_LVL_WARNING: return LOG_WARNING;
	case LOG_LVL_NOTICE: return LOG_NOTICE;
	case LOG_LVL_INFO: return LOG_INFO;
	case LOG_LVL_DEBUG: return LOG_DEBUG;
	}
	return LOG_INFO;
}

void
log_msg(struct log_ctx *l, enum log_level lvl, const char *fmt, ...)
{
	char line[1024], *p;
	va_list ap;

	if (lvl > l->level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One event, one line: messages may quote untrusted input. */
	for (p = line; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (l->to_stderr)
		fprintf(stderr, "evpnd: %s: %s\n", log_level_name(lvl), line);
	if (l->file != NULL)
		fprintf(l->file, "evpnd: %s: %s\n", log_level_name(lvl), line);
	if (l->to_syslog)
		syslog(syslog_prio(lvl), "%s: %s", log_level_name(lvl), line);
}

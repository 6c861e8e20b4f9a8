/*
 * log.h -- process-fatal errors for our own bugs and OOM.
 *
 * Untrusted input never reaches these (STYLE.md principle 3): parsers
 * return errors.  fatal() is for resource exhaustion (with errno),
 * fatalx() for broken invariants.
 */
#ifndef EVPND_INCLUDE_LOG_H
#define EVPND_INCLUDE_LOG_H

#include <stddef.h>

void	 fatal(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
void	 fatalx(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
/* malloc/calloc/realloc that call fatal() on OOM. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);

#endif /* EVPND_INCLUDE_LOG_H */

/*
 * fib_test.h -- what the fib tests (test_fib.c, test_fib_l2.c,
 * test_fib_l3.c) share: shell commands, their output, address parsing,
 * and the event-loop helpers over a test's context.
 *
 * DOC: FIB_TEST_HELPERS(ctx) defines ctx_start_env, ctx_close,
 * loop_for, run_until, stats, is_synced, is_idle and is_swept for a
 * context struct whose members include `struct event_base *base`,
 * `struct log_ctx log` and `struct fib *fib`, the way
 * <sys/tree.h>'s RB_GENERATE defines a tree's functions; a test uses
 * the ones it needs.
 */
#ifndef EVPND_TESTS_UNIT_FIB_TEST_H
#define EVPND_TESTS_UNIT_FIB_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <event2/event.h>

#include "fib.h"
#include "log.h"
#include "types.h"

static inline void
sh(const char *cmd)
{
	int rc = system(cmd);

	ck_assert_msg(rc == 0, "'%s' failed (%d)", cmd, rc);
}

/* The output of cmd (up to 1 MiB); malloc'd. */
static inline char *
output(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	size_t cap = 1 << 20, len = 0, n;
	char *s = malloc(cap + 1);

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(s);
	while (len < cap && (n = fread(s + len, 1, cap - len, f)) > 0)
		len += n;
	s[len] = '\0';
	pclose(f);
	return s;
}

/* A line of cmd's output begins with key and contains want (NULL:
 * any). */
static inline bool
output_line_has(const char *cmd, const char *key, const char *want)
{
	char *all = output(cmd), *line, *end;
	bool ok = false;

	for (line = all; *line != '\0' && !ok; line = end) {
		end = strchr(line, '\n');
		if (end != NULL)
			*end++ = '\0';
		else
			end = line + strlen(line);
		ok = strncmp(line, key, strlen(key)) == 0 &&
		    (want == NULL || strstr(line, want) != NULL);
	}
	free(all);
	return ok;
}

static inline struct ip_addr
addr(const char *s)
{
	struct ip_addr a;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(ip_parse(s, &a), 0);
	return a;
}

/* "A/N" */
static inline struct ip_prefix
pfx(const char *s)
{
	struct ip_prefix p;
	char buf[64], *slash;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	memset(&p, 0, sizeof(p));
	p.addr = addr(buf);
	p.len = (uint8_t)atoi(slash + 1);
	return p;
}

#define FIB_TEST_HELPERS(ctx)						\
__attribute__((unused)) static void					\
loop_for(ctx *c, int ms)						\
{									\
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };		\
									\
	event_base_loopexit(c->base, &tv);				\
	event_base_dispatch(c->base);					\
}									\
									\
/* Run the loop until pred holds, at most ms milliseconds. */		\
__attribute__((unused)) static bool					\
run_until(ctx *c, bool (*pred)(ctx *), int ms)				\
{									\
	for (int i = 0; i < ms / 5; i++) {				\
		if (pred(c))						\
			return true;					\
		loop_for(c, 5);						\
	}								\
	return pred(c);							\
}									\
									\
__attribute__((unused)) static struct fib_stats			\
stats(ctx *c)								\
{									\
	struct fib_stats st;						\
									\
	fib_stats(c->fib, &st);						\
	return st;							\
}									\
									\
__attribute__((unused)) static bool					\
is_synced(ctx *c)							\
{									\
	return stats(c).synced;						\
}									\
									\
__attribute__((unused)) static bool					\
is_idle(ctx *c)								\
{									\
	struct fib_stats st = stats(c);					\
									\
	return st.synced && st.pending == 0;				\
}									\
									\
__attribute__((unused)) static bool					\
is_swept(ctx *c)							\
{									\
	struct fib_stats st = stats(c);					\
									\
	return st.swept && st.pending == 0;				\
}									\
									\
/* A fib with env's callbacks on a new loop (c zeroed by the caller),	\
 * its first dump read. */						\
__attribute__((unused)) static void					\
ctx_start_env(ctx *c, struct fib_env *env)				\
{									\
	char err[256];							\
									\
	log_ctx_init(&c->log);						\
	c->log.level = LOG_LVL_WARNING;					\
	c->base = event_base_new();					\
	ck_assert_ptr_nonnull(c->base);					\
	ck_assert_int_eq(event_base_priority_init(c->base, 3), 0);	\
	env->base = c->base;						\
	env->log = &c->log;						\
	c->fib = fib_new(env, err, sizeof(err));			\
	ck_assert_msg(c->fib != NULL, "fib_new: %s", err);		\
	ck_assert(run_until(c, is_synced, 5000));			\
}									\
									\
__attribute__((unused)) static void					\
ctx_close(ctx *c)							\
{									\
	fib_free(c->fib);						\
	event_base_free(c->base);					\
	log_ctx_free(&c->log);						\
}

#endif /* EVPND_TESTS_UNIT_FIB_TEST_H */

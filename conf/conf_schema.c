/*
 * conf_schema.c -- the libyang context, loading entry points and the
 * mapping of libyang validation errors to "name:line: message".
 *
 * DOC: one context per struct conf_schema, holding the evpnd module (and
 * the ietf-inet-types it imports, built into libyang).  The module is
 * looked up in $EVPND_YANG_DIR, else in EVPND_YANG_DIR given by CMake
 * (conf/yang in the source tree for build trees; tests and --check from a
 * build tree work without installing).  libyang logging is switched to
 * store-only: its messages reach the user through our error lines only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_local.h"
#include "log.h"

#ifndef EVPND_YANG_DIR
#error "EVPND_YANG_DIR must be defined by the build"
#endif

static const char *
yang_dir(void)
{
	const char *d = getenv(CONF_YANG_DIR_ENV);

	return d != NULL && *d != '\0' ? d : EVPND_YANG_DIR;
}

struct conf_schema *
conf_schema_new(char *err, size_t errlen)
{
	struct conf_schema *s = xcalloc(1, sizeof(*s));
	const char *dir = yang_dir();

	ly_log_options(LY_LOSTORE_LAST);
	if (ly_ctx_new(dir, LY_CTX_NO_YANGLIBRARY |
	    LY_CTX_DISABLE_SEARCHDIR_CWD, &s->ctx) != LY_SUCCESS) {
		snprintf(err, errlen, "evpnd: cannot use YANG module directory "
		    "%s (set %s)", dir, CONF_YANG_DIR_ENV);
		free(s);
		return NULL;
	}
	if (ly_ctx_load_module(s->ctx, CONF_MODULE, NULL, NULL) == NULL) {
		snprintf(err, errlen, "evpnd: cannot load YANG module %s from "
		    "%s (set %s): %s", CONF_MODULE, dir, CONF_YANG_DIR_ENV,
		    ly_errmsg(s->ctx) ? ly_errmsg(s->ctx) : "not found");
		conf_schema_free(s);
		return NULL;
	}
	return s;
}

void
conf_schema_free(struct conf_schema *s)
{
	if (s == NULL)
		return;
	ly_ctx_destroy(s->ctx);
	free(s);
}

static unsigned
node_line(const struct lyd_node *n)
{
	for (; n != NULL; n = lyd_parent(n))
		if (n->priv != NULL)
			return (unsigned)(uintptr_t)n->priv;
	return 0;
}

/*
 * libyang names the node of a validation error by its data path; the
 * node itself, or its nearest existing ancestor, gives the line.
 */
static unsigned
path_line(struct lyd_node *tree, const char *path)
{
	char buf[CONF_PATH_MAX];
	struct lyd_node *n;
	const char *q, *end;
	size_t len;
	char *slash;

	/* libyang 2.1 words it 'Data location "/a/b[k='v']".' */
	if (tree == NULL || path == NULL)
		return 0;
	if ((q = strchr(path, '"')) != NULL && (end = strrchr(path, '"')) > q)
		path = q + 1;
	else
		end = path + strlen(path);
	if ((len = (size_t)(end - path)) >= sizeof(buf))
		return 0;
	memcpy(buf, path, len);
	buf[len] = '\0';
	while (buf[0] == '/' && buf[1] != '\0') {
		if (lyd_find_path(tree, buf, 0, &n) == LY_SUCCESS)
			return node_line(n);
		/* Drop the last step; '/' inside predicates is harmless to
		 * cut at, the shorter path just fails to match. */
		if ((slash = strrchr(buf, '/')) == NULL || slash == buf)
			break;
		*slash = '\0';
	}
	return 0;
}

void
conf_schema_error(const struct ly_ctx *ctx, struct lyd_node *tree,
    const char *name, unsigned last_line, char *err, size_t errlen)
{
	const struct ly_err_item *e = ly_err_last(ctx);
	const char *msg = e != NULL && e->msg != NULL ? e->msg : "invalid";
	unsigned line = e != NULL ? path_line(tree, e->path) : 0;

	snprintf(err, errlen, "%s:%u: %s", name, line ? line : last_line, msg);
}

struct conf *
conf_load_buf(const char *name, const char *buf, size_t len, char *err,
    size_t errlen)
{
	struct conf_schema *s = conf_schema_new(err, errlen);
	struct conf *c;

	if (s == NULL)
		return NULL;
	if ((c = conf_parse(s, name, buf, len, err, errlen)) == NULL) {
		conf_schema_free(s);
		return NULL;
	}
	c->own_schema = true;
	return c;
}

/* The whole file, growing the buffer; at most CONF_SIZE_MAX bytes. */
static char *
read_file(const char *path, size_t *lenp, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	size_t cap = 1 << 16, len = 0, n;
	char *buf;

	if (f == NULL) {
		snprintf(err, errlen, "%s:0: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len > CONF_SIZE_MAX)
			break;
		if (len == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	if (ferror(f) || len > CONF_SIZE_MAX) {
		snprintf(err, errlen, "%s:0: %s", path, ferror(f) ?
		    strerror(errno) : "file larger than 16 MiB");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*lenp = len;
	return buf;
}

struct conf *
conf_parse_file(struct conf_schema *s, const char *path, char *err,
    size_t errlen)
{
	struct conf *c;
	size_t len;
	char *buf = read_file(path, &len, err, errlen);

	if (buf == NULL)
		return NULL;
	c = conf_parse(s, path, buf, len, err, errlen);
	free(buf);
	return c;
}

struct conf *
conf_load_file(const char *path, char *err, size_t errlen)
{
	struct conf_schema *s = conf_schema_new(err, errlen);
	struct conf *c;

	if (s == NULL)
		return NULL;
	if ((c = conf_parse_file(s, path, err, errlen)) == NULL) {
		conf_schema_free(s);
		return NULL;
	}
	c->own_schema = true;
	return c;
}

void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	lyd_free_all(c->tree);
	if (c->own_schema)
		conf_schema_free(c->schema);
	free(c);
}

int
conf_print_json(const struct conf *c, FILE *f)
{
	if (c->tree == NULL)
		return fputs("{}\n", f) == EOF ? -1 : 0;
	if (lyd_print_file(f, c->tree, LYD_JSON, LYD_PRINT_WITHSIBLINGS) !=
	    LY_SUCCESS)
		return -1;
	return ferror(f) ? -1 : 0;
}

/*
 * conf.h -- the configuration: CLI-style text (FRR frr.conf syntax) parsed
 * into a YANG data tree and validated by libyang.
 *
 * DOC: conf/ is the only code that includes libyang (STYLE.md section 2);
 * this header is libyang-free.  A `struct conf_schema` is the compiled YANG
 * module (conf/yang/evpnd.yang); a `struct conf` is one validated,
 * immutable configuration built on a schema.  Configurations that are to
 * be compared (reload: build new, validate, diff, apply) must share one
 * schema.  The syntax, what is ignored and the error format are in
 * docs/config.md.
 *
 * Errors: every loader returns NULL and writes one NUL-terminated line,
 * "NAME:LINE: message", into err (truncated to errlen).  The first error
 * rejects the whole text.
 *
 * bgpd's typed, libyang-free snapshot is conf_bgp_new() (bgp_conf.h).
 * TODO(#3): the snapshots for evpn/fib, conf_diff() and the
 * *_reconfigure() calls.
 */
#ifndef EVPND_INCLUDE_CONF_H
#define EVPND_INCLUDE_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Bounds on untrusted configuration text. */
#define CONF_LINE_MAX	1024		/* bytes per line, without newline */
#define CONF_LINES_MAX	200000		/* lines per text */
#define CONF_SIZE_MAX	(16u << 20)	/* bytes per text */
#define CONF_TOKENS_MAX	64		/* words per line */

/* Environment variable that overrides the YANG module directory. */
#define CONF_YANG_DIR_ENV	"EVPND_YANG_DIR"

struct conf_schema;
struct conf;
struct bgp_conf;

/*
 * The compiled YANG module, searched in $EVPND_YANG_DIR, else in the
 * directory given at build time (the source tree's conf/yang for a build
 * tree, the installed one otherwise).  NULL and a message on failure.
 * Switches libyang's logging to store-only for the whole process.
 */
struct conf_schema *conf_schema_new(char *err, size_t errlen)
	    __attribute__((warn_unused_result));
/* Frees the schema; every conf built on it must be freed first. */
void	 conf_schema_free(struct conf_schema *);

/*
 * Parse and validate len bytes of text named name (for messages).  The
 * result borrows the schema.  NULL and "name:LINE: message" on error.
 */
struct conf *conf_parse(struct conf_schema *, const char *name,
	    const char *buf, size_t len, char *err, size_t errlen)
	    __attribute__((warn_unused_result));

/* conf_parse() on the file's contents (at most CONF_SIZE_MAX bytes);
 * an unreadable file is "path:0: reason". */
struct conf *conf_parse_file(struct conf_schema *, const char *path,
	    char *err, size_t errlen) __attribute__((warn_unused_result));

/* Like conf_parse() with a private schema that conf_free() frees. */
struct conf *conf_load_buf(const char *name, const char *buf, size_t len,
	    char *err, size_t errlen) __attribute__((warn_unused_result));
/* Like conf_parse_file() with a private schema. */
struct conf *conf_load_file(const char *path, char *err, size_t errlen)
	    __attribute__((warn_unused_result));

/* NULL is a no-op.  Frees the private schema of conf_load_*() results. */
void	 conf_free(struct conf *);

/*
 * The canonical text (`show running-config`): parses back to the same
 * tree and prints identically.  0, or -1 on a write error.
 */
int	 conf_print_text(const struct conf *, FILE *);
/* The YANG data as JSON (`show running-config json`).  0 or -1. */
int	 conf_print_json(const struct conf *, FILE *);

/*
 * Read access by data path until the typed snapshot exists (TODO(#3)):
 * path is an absolute XPath into the evpnd module, e.g.
 * "/evpnd:router-bgp[vrf='default']/asn".  conf_get(): the canonical
 * value of the leaf (schema defaults included; "" for an empty leaf),
 * owned by the conf, or NULL when absent or not a leaf.  conf_has():
 * whether the node was configured (defaults do not count).
 */
const char *conf_get(const struct conf *, const char *path);
bool	 conf_has(const struct conf *, const char *path);

/*
 * The typed snapshot for bgpd (bgp_conf.h), allocated; conf_bgp_free()
 * frees it.  Never NULL (OOM is fatal).  Peer-groups are resolved into
 * the neighbors; lists are sorted by sequence number.  The snapshot
 * copies everything it needs: the conf may be freed before it.
 */
struct bgp_conf *conf_bgp_new(const struct conf *);
/* NULL is a no-op. */
void	 conf_bgp_free(struct bgp_conf *);

#endif /* EVPND_INCLUDE_CONF_H */

/*
 * conf_local.h -- private to conf/: the parser state and command table.
 *
 * DOC: the text is parsed line by line into a libyang data tree.  Blocks
 * (`router bgp`, `address-family`, `vni`, `vrf`, `route-map`) form a stack
 * of at most CONF_DEPTH_MAX levels, each remembering the data path of its
 * node; a command's leaf path is relative to its level's path.  As in FRR,
 * a line that no command of the current block accepts closes blocks until
 * one does (so `exit` lines are optional), and a line no enclosing block
 * accepts is an error.  Every data node created for a line records that
 * line in lyd_node.priv, so errors found later by lyd_validate_all() are
 * reported at the line that created the offending node.
 */
#ifndef EVPND_CONF_CONF_LOCAL_H
#define EVPND_CONF_CONF_LOCAL_H

#include <stdbool.h>
#include <stddef.h>

#include <libyang/libyang.h>

#include "conf.h"

#define CONF_MODULE	"evpnd"
#define CONF_PATH_MAX	512
/* A list key we build paths from: a name (YANG: 1..63) or an address. */
#define CONF_KEY_MAX	64
/* top, router bgp, address-family, vni: the deepest nesting there is. */
#define CONF_DEPTH_MAX	4

/* Block kinds; a command lists the blocks it is valid in as a bit mask. */
enum conf_node {
	CONF_N_TOP,
	CONF_N_VRF,
	CONF_N_BGP,
	CONF_N_AF4,
	CONF_N_AF6,
	CONF_N_EVPN,
	CONF_N_VNI,
	CONF_N_RMAP,
	CONF_N_COUNT
};
#define CONF_IN(n)	(1u << (n))
#define CONF_IN_UNI	(CONF_IN(CONF_N_AF4) | CONF_IN(CONF_N_AF6))

struct conf_schema {
	struct ly_ctx	*ctx;
};

struct conf {
	struct conf_schema	*schema;
	bool			 own_schema;
	struct lyd_node		*tree;		/* NULL: empty config */
};

struct conf_level {
	enum conf_node	node;
	char		path[CONF_PATH_MAX];	/* "" at the top */
};

struct conf_cmd;

struct conf_parser {
	struct ly_ctx		*ctx;
	struct lyd_node		*tree;
	const char		*name;
	unsigned		 lineno;
	const struct conf_cmd	*cmd;		/* being run */
	struct conf_level	 lv[CONF_DEPTH_MAX];
	int			 depth;		/* index of the current level */
	char			*err;
	size_t			 errlen;
	bool			 negate;	/* a `no` line: conf_set deletes */
};

/* Runs a matched command; av/ac are the line's words.  0 or -1 (error
 * written with conf_error()). */
typedef int	(*conf_cmd_fn)(struct conf_parser *, const struct conf_cmd *,
		    char **av, int ac);

/*
 * One command.  syntax: lower-case words are literals, upper-case words
 * are placeholders matching one word, a final "REST" matches one or more.
 * path: the leaf or node, relative to the block's path; val names the
 * placeholder holding the value, cval is a constant value; neither: an
 * empty leaf or a container.  node: for block commands, the block opened.
 */
struct conf_cmd {
	unsigned	 in;		/* CONF_IN() mask */
	const char	*syntax;
	conf_cmd_fn	 fn;
	const char	*path;
	const char	*val;
	const char	*cval;
	enum conf_node	 node;
};

/* conf_policy.c: words av[i..ac) joined by single spaces into buf. */
void		 conf_join(char **av, int ac, int i, char *buf, size_t len);

/* conf_cmd.c */
const struct conf_cmd *conf_cmd_table(size_t *n);
/* The word matched by placeholder name in c->syntax, or NULL. */
const char	*conf_cmd_arg(const struct conf_cmd *, char **av, int ac,
		    const char *name);
/* The blocks of a CONF_IN() mask, for messages. */
const char	*conf_block_desc(unsigned in);
/* A decimal AS number 1..4294967295. */
bool		 conf_is_asn(const char *);

/* Whether a `no` in front of c's syntax removes what c sets: c sets one
 * node with one conf_set() call. */
bool		 conf_cmd_negatable(const struct conf_cmd *);

/* conf_parse.c */
int		 conf_error(struct conf_parser *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Create or update path (relative to the current block) with value
 * (NULL for containers, empty leaves and lists).  While p->negate is set
 * (a `no` line), delete that node instead; an error when it is absent. */
int		 conf_set(struct conf_parser *, const char *rel,
		    const char *value);
/* Like conf_set() but relative to the block at level lvl. */
int		 conf_set_at(struct conf_parser *, int lvl, const char *rel,
		    const char *value);
struct lyd_node	*conf_find(const struct conf_parser *, int lvl,
		    const char *rel);
/* An XPath (any predicates) relative to level lvl matches a node. */
bool		 conf_match(const struct conf_parser *, int lvl,
		    const char *xpath);
int		 conf_push(struct conf_parser *, enum conf_node,
		    const char *rel);
int		 conf_pop(struct conf_parser *);
/* Words go into XPath predicates quoted with '; 0, or -1 with an error. */
int		 conf_key_ok(struct conf_parser *, const char *);
/* snprintf into a path buffer; -1 with an error when it does not fit. */
int		 conf_path_fmt(struct conf_parser *, char *, size_t,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Nearest enclosing level of the node kind, or -1. */
int		 conf_level_find(const struct conf_parser *, enum conf_node);

/* conf_policy.c: prefix-lists and route-maps */
int		 conf_h_prefix_list(struct conf_parser *,
		    const struct conf_cmd *, char **, int);
int		 conf_h_prefix_list_del(struct conf_parser *,
		    const struct conf_cmd *, char **, int);
int		 conf_h_route_map(struct conf_parser *, const struct conf_cmd *,
		    char **, int);
int		 conf_h_community(struct conf_parser *, const struct conf_cmd *,
		    char **, int);
int		 conf_h_prepend(struct conf_parser *, const struct conf_cmd *,
		    char **, int);
int		 conf_h_ext_rt(struct conf_parser *, const struct conf_cmd *,
		    char **, int);

/* conf_schema.c */
/* "name:line: message" for a libyang error on the tree; line from the
 * nearest node that records one, else last_line. */
void		 conf_schema_error(const struct ly_ctx *, struct lyd_node *tree,
		    const char *name, unsigned last_line, char *err,
		    size_t errlen);

/* conf_print.c has no private API. */

#endif /* EVPND_CONF_CONF_LOCAL_H */

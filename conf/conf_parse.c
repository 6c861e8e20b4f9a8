/*
 * conf_parse.c -- configuration text to libyang data tree.
 *
 * DOC: the text is untrusted and bounded: at most CONF_SIZE_MAX bytes,
 * CONF_LINES_MAX lines of CONF_LINE_MAX bytes, CONF_TOKENS_MAX words per
 * line, printable ASCII only (a NUL or control byte is an error, not an
 * end of text).  Lines are split into words at blanks; leading blanks
 * (indentation) carry no meaning, as in FRR; a line starting with '!' or
 * '#' is a comment.  Each line is matched against the command table of
 * the current block, then of the enclosing blocks (FRR's walk-up, which
 * closes the inner blocks); the first error rejects the whole text.
 * After the last line the tree is validated as a whole (YANG must, when,
 * leafref, mandatory), and an error there is reported at the line that
 * created the offending node.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_local.h"
#include "log.h"

int
conf_error(struct conf_parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%u: %s", p->name, p->lineno, msg);
	return -1;
}

/* Words go into XPath predicates quoted with '. */
int
conf_key_ok(struct conf_parser *p, const char *s)
{
	if (strchr(s, '\'') != NULL || strchr(s, '"') != NULL)
		return conf_error(p, "invalid quote character in '%.64s'", s);
	return 0;
}

/* snprintf into a path buffer; -1 (and an error) when it does not fit. */
int
conf_path_fmt(struct conf_parser *p, char *buf, size_t len, const char *fmt,
    ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len)
		return conf_error(p, "names too long");
	return 0;
}

/* The command's literal words ("neighbor remote-as"), for messages. */
static void
cmd_words(const struct conf_cmd *c, char *buf, size_t len)
{
	const char *s = c->syntax;
	size_t n = 0;

	buf[0] = '\0';
	while (*s != '\0' && n + 1 < len) {
		size_t w = strcspn(s, " ");

		if (*s >= 'a' && *s <= 'z' && n + w + 2 < len) {
			if (n > 0)
				buf[n++] = ' ';
			memcpy(buf + n, s, w);
			buf[n += w] = '\0';
		}
		s += w;
		s += strspn(s, " ");
	}
}

/*
 * libyang's messages for patterns without an error-message and for unions
 * quote a regular expression or nothing useful; say which value is bad.
 */
static void
value_msg(const char *msg, char *buf, size_t len)
{
	static const char *const rewrite[] = {
		"Unsatisfied pattern - \"", "Invalid union value \"",
		"Invalid type ", "Invalid enumeration value \"",
	};
	const char *q, *end;
	size_t i;

	for (i = 0; i < sizeof(rewrite) / sizeof(rewrite[0]); i++) {
		if (strncmp(msg, rewrite[i], strlen(rewrite[i])) != 0 ||
		    (q = strchr(msg, '"')) == NULL ||
		    (end = strchr(q + 1, '"')) == NULL)
			continue;
		snprintf(buf, len, "invalid value '%.*s'", (int)(end - q - 1),
		    q + 1);
		return;
	}
	snprintf(buf, len, "%s", msg);
}

/* The line that created nodes top..n; an updated leaf (top NULL) only. */
static void
mark_lines(struct lyd_node *top, struct lyd_node *n, unsigned line)
{
	if (top == NULL) {
		n->priv = (void *)(uintptr_t)line;
		return;
	}
	for (; n != NULL; n = lyd_parent(n)) {
		n->priv = (void *)(uintptr_t)line;
		if (n == top)
			break;
	}
}

/* A `no` line: remove the node the positive line would set. */
static int
conf_del_path(struct conf_parser *p, const char *path)
{
	struct lyd_node *n;
	char what[64];

	if (p->tree == NULL || lyd_find_path(p->tree, path, 0, &n) !=
	    LY_SUCCESS) {
		cmd_words(p->cmd, what, sizeof(what));
		return conf_error(p, "no %s: not configured", what);
	}
	if (n == p->tree)
		p->tree = p->tree->next;
	lyd_free_tree(n);
	if (p->tree != NULL)
		p->tree = lyd_first_sibling(p->tree);
	return 0;
}

int
conf_set_at(struct conf_parser *p, int lvl, const char *rel,
    const char *value)
{
	char path[CONF_PATH_MAX], what[64], msg[256];
	struct lyd_node *top = NULL, *node = NULL;
	const struct ly_err_item *e;
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", p->lv[lvl].path, rel);
	if (n < 0 || (size_t)n >= sizeof(path))
		return conf_error(p, "names too long");
	if (p->negate)
		return conf_del_path(p, path);
	ly_err_clean(p->ctx, NULL);
	if (lyd_new_path2(p->tree, p->ctx, path, value, 0, LYD_ANYDATA_STRING,
	    LYD_NEW_PATH_UPDATE, &top, &node) != LY_SUCCESS) {
		e = ly_err_last(p->ctx);
		cmd_words(p->cmd, what, sizeof(what));
		value_msg(e != NULL && e->msg != NULL ? e->msg :
		    "invalid value", msg, sizeof(msg));
		return conf_error(p, "%s: %s", what, msg);
	}
	if (p->tree == NULL)
		p->tree = top;
	else
		p->tree = lyd_first_sibling(p->tree);
	if (node != NULL)
		mark_lines(top, node, p->lineno);
	return 0;
}

int
conf_set(struct conf_parser *p, const char *rel, const char *value)
{
	return conf_set_at(p, p->depth, rel, value);
}

struct lyd_node *
conf_find(const struct conf_parser *p, int lvl, const char *rel)
{
	char path[CONF_PATH_MAX];
	struct lyd_node *n;
	int len;

	len = snprintf(path, sizeof(path), "%s/%s", p->lv[lvl].path, rel);
	if (p->tree == NULL || len < 0 || (size_t)len >= sizeof(path))
		return NULL;
	if (lyd_find_path(p->tree, path, 0, &n) != LY_SUCCESS)
		return NULL;
	return n;
}

bool
conf_match(const struct conf_parser *p, int lvl, const char *xpath)
{
	char path[CONF_PATH_MAX];
	struct ly_set *set = NULL;
	bool found;
	int len;

	len = snprintf(path, sizeof(path), "%s/%s", p->lv[lvl].path, xpath);
	if (p->tree == NULL || len < 0 || (size_t)len >= sizeof(path) ||
	    lyd_find_xpath(p->tree, path, &set) != LY_SUCCESS)
		return false;
	found = set->count > 0;
	ly_set_free(set, NULL);
	return found;
}

/* Open a block: create its node (so an empty block still exists). */
int
conf_push(struct conf_parser *p, enum conf_node node, const char *rel)
{
	char path[CONF_PATH_MAX];
	struct conf_level *l;

	if (p->depth + 1 >= CONF_DEPTH_MAX)
		fatalx("%s: block nesting beyond the grammar", __func__);
	if (conf_path_fmt(p, path, sizeof(path), "%s/%s",
	    p->lv[p->depth].path, rel) == -1 || conf_set(p, rel, NULL) == -1)
		return -1;
	l = &p->lv[p->depth + 1];
	memcpy(l->path, path, sizeof(l->path));
	l->node = node;
	p->depth++;
	return 0;
}

int
conf_pop(struct conf_parser *p)
{
	if (p->depth == 0)
		return conf_error(p, "'%s' outside a block", p->cmd->syntax);
	p->depth--;
	return 0;
}

int
conf_level_find(const struct conf_parser *p, enum conf_node node)
{
	int i;

	for (i = p->depth; i >= 0; i--)
		if (p->lv[i].node == node)
			return i;
	return -1;
}

/* Split a line in place into words; -1 on a bad byte or too many. */
static int
tokenize(struct conf_parser *p, char *s, char **av, int *acp)
{
	int ac = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (*s == '\0')
			break;
		if (ac == CONF_TOKENS_MAX)
			return conf_error(p, "more than %d words",
			    CONF_TOKENS_MAX);
		av[ac++] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t') {
			unsigned char b = (unsigned char)*s;

			if (b < 0x21 || b > 0x7e)
				return conf_error(p, "invalid byte 0x%02x", b);
			s++;
		}
	}
	*acp = ac;
	return 0;
}

static bool
syntax_match(const char *syn, char **av, int ac)
{
	int i = 0;

	while (*syn != '\0') {
		size_t w = strcspn(syn, " ");

		if (w == 4 && strncmp(syn, "REST", 4) == 0 && syn[4] == '\0')
			return i < ac;
		if (i == ac)
			return false;
		if (*syn >= 'a' && *syn <= 'z' &&
		    (strlen(av[i]) != w || strncmp(syn, av[i], w) != 0))
			return false;
		i++;
		syn += w;
		syn += strspn(syn, " ");
	}
	return i == ac;
}

static const struct conf_cmd *
cmd_lookup(enum conf_node node, char **av, int ac)
{
	size_t i, n;
	const struct conf_cmd *t = conf_cmd_table(&n);

	for (i = 0; i < n; i++)
		if ((t[i].in & CONF_IN(node)) && syntax_match(t[i].syntax, av,
		    ac))
			return &t[i];
	return NULL;
}

static bool
first_word_known(const char *w)
{
	size_t i, n, len = strlen(w);
	const struct conf_cmd *t = conf_cmd_table(&n);

	for (i = 0; i < n; i++)
		if (strncmp(t[i].syntax, w, len) == 0 &&
		    (t[i].syntax[len] == ' ' || t[i].syntax[len] == '\0'))
			return true;
	return false;
}

/* Nothing here or above accepts the line: say where it would belong. */
static int
unknown(struct conf_parser *p, char **av, int ac)
{
	const struct conf_cmd *c;
	unsigned node;

	for (node = 0; node < CONF_N_COUNT; node++)
		if ((c = cmd_lookup(node, av, ac)) != NULL)
			return conf_error(p, "'%s' is only valid inside %s",
			    av[0], conf_block_desc(c->in));
	if (first_word_known(av[0]))
		return conf_error(p, "invalid or incomplete '%.64s' command",
		    av[0]);
	return conf_error(p, "unknown command '%.64s%s'", av[0],
	    ac > 1 ? " ..." : "");
}

/*
 * `no COMMAND` (FRR): COMMAND's row, found as parse_line() finds rows,
 * runs with p->negate set, so its conf_set() deletes the node it would
 * set.  Only rows that set one node are negatable; `no` rows of their
 * own (`no bgp default ipv4-unicast`) matched before we get here.
 */
static int
parse_no(struct conf_parser *p, char **av, int ac)
{
	const struct conf_cmd *c;
	int lvl, rc;

	for (lvl = p->depth; lvl >= 0; lvl--) {
		if ((c = cmd_lookup(p->lv[lvl].node, av, ac)) == NULL)
			continue;
		if (!conf_cmd_negatable(c))
			return conf_error(p, "'no %s' is not supported: remove "
			    "it from the file and reload", c->syntax);
		p->depth = lvl;
		p->cmd = c;
		p->negate = true;
		rc = c->fn(p, c, av, ac);
		p->negate = false;
		return rc;
	}
	return conf_error(p, "invalid or incomplete 'no' command");
}

static int
parse_line(struct conf_parser *p, char *line)
{
	char *av[CONF_TOKENS_MAX];
	const struct conf_cmd *c;
	int ac = 0, lvl;

	if (tokenize(p, line, av, &ac) == -1)
		return -1;
	if (ac == 0 || av[0][0] == '!' || av[0][0] == '#')
		return 0;
	for (lvl = p->depth; lvl >= 0; lvl--) {
		if ((c = cmd_lookup(p->lv[lvl].node, av, ac)) == NULL)
			continue;
		p->depth = lvl;		/* walk-up closes inner blocks */
		p->cmd = c;
		return c->fn(p, c, av, ac);
	}
	if (ac > 1 && strcmp(av[0], "no") == 0)
		return parse_no(p, av + 1, ac - 1);
	return unknown(p, av, ac);
}

/* Copy line n (len bytes at s) into buf with the bound checks. */
static int
line_get(struct conf_parser *p, const char *s, size_t len, char *buf)
{
	if (len > CONF_LINE_MAX)
		return conf_error(p, "line longer than %d bytes",
		    CONF_LINE_MAX);
	if (memchr(s, '\0', len) != NULL)
		return conf_error(p, "NUL byte in text");
	memcpy(buf, s, len);
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	return 0;
}

static int
parse_text(struct conf_parser *p, const char *buf, size_t len)
{
	char line[CONF_LINE_MAX + 1];
	size_t off = 0;

	if (len > CONF_SIZE_MAX)
		return conf_error(p, "text larger than %u bytes",
		    CONF_SIZE_MAX);
	while (off < len) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = nl != NULL ? (size_t)(nl - (buf + off)) : len - off;

		if (++p->lineno > CONF_LINES_MAX)
			return conf_error(p, "more than %d lines",
			    CONF_LINES_MAX);
		if (line_get(p, buf + off, n, line) == -1 ||
		    parse_line(p, line) == -1)
			return -1;
		off += n + 1;
	}
	return 0;
}

struct conf *
conf_parse(struct conf_schema *s, const char *name, const char *buf,
    size_t len, char *err, size_t errlen)
{
	struct conf_parser *p = xcalloc(1, sizeof(*p));
	struct conf *c = NULL;

	p->ctx = s->ctx;
	p->name = name;
	p->err = err;
	p->errlen = errlen;
	p->lv[0].node = CONF_N_TOP;
	if (parse_text(p, buf, len) == 0) {
		ly_err_clean(s->ctx, NULL);
		if (lyd_validate_all(&p->tree, s->ctx, LYD_VALIDATE_PRESENT,
		    NULL) == LY_SUCCESS) {
			c = xcalloc(1, sizeof(*c));
			c->schema = s;
			c->tree = p->tree;
			p->tree = NULL;
		} else {
			conf_schema_error(s->ctx, p->tree, name,
			    p->lineno ? p->lineno : 1, err, errlen);
		}
	}
	lyd_free_all(p->tree);
	free(p);
	return c;
}

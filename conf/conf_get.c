/*
 * conf_get.c -- read access to a validated configuration by data path.
 *
 * DOC: a stopgap for the daemon (control socket, logging) until the
 * typed, libyang-free snapshot of TODO(#3) exists: callers name nodes by
 * XPath and get strings back, so no libyang type leaves conf/.
 */
#include <string.h>

#include "conf_local.h"

static const struct lyd_node *
find(const struct conf *c, const char *path)
{
	struct lyd_node *n;

	if (c == NULL || c->tree == NULL)
		return NULL;
	if (lyd_find_path(c->tree, path, 0, &n) != LY_SUCCESS)
		return NULL;
	return n;
}

const char *
conf_get(const struct conf *c, const char *path)
{
	const struct lyd_node *n = find(c, path);

	if (n == NULL || !(n->schema->nodetype & (LYS_LEAF | LYS_LEAFLIST)))
		return NULL;
	return lyd_get_value(n);
}

bool
conf_has(const struct conf *c, const char *path)
{
	const struct lyd_node *n = find(c, path);

	return n != NULL && !(n->flags & LYD_DEFAULT);
}

/*
 * conf_policy.c -- policy commands: ip/ipv6 prefix-list, route-map entries
 * and their multi-word `set` actions.
 *
 * DOC: FRR semantics: a prefix-list line without `seq` gets the next
 * multiple of 5 above the highest sequence (FRR's rule); a line for an
 * existing sequence replaces that entry; `any` means 0.0.0.0/0 le 32 (or
 * ::/0 le 128).  Prefix, ge and le ranges are checked by the YANG module
 * (must statements), so the reported line is the entry's.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_local.h"
#include "types.h"

/* Next automatic sequence of the prefix-list at rel: FRR's max/5*5+5. */
static int
auto_seq(struct conf_parser *p, const char *rel, char *buf, size_t len)
{
	struct lyd_node *pl = conf_find(p, 0, rel), *e;
	unsigned long long max = 0, v;

	if (pl != NULL) {
		LY_LIST_FOR(lyd_child(pl), e) {
			if (strcmp(e->schema->name, "entry") != 0)
				continue;
			v = strtoull(lyd_get_value(lyd_child(e)), NULL, 10);
			if (v > max)
				max = v;
		}
	}
	if (max / 5 * 5 + 5 > UINT32_MAX)
		return conf_error(p, "prefix-list: no sequence number left");
	snprintf(buf, len, "%llu", max / 5 * 5 + 5);
	return 0;
}

struct plist {
	const char	*seq, *action, *prefix, *ge, *le;
	char		 seqbuf[16];
};

/* [seq N] (permit|deny) (PREFIX|any) [ge N] [le N], from word i on. */
static int
plist_words(struct conf_parser *p, char **av, int ac, int i,
    struct plist *pl)
{
	bool v6 = strcmp(av[0], "ipv6") == 0;

	if (i + 1 < ac && strcmp(av[i], "seq") == 0) {
		pl->seq = av[i + 1];
		i += 2;
	}
	if (i + 1 >= ac)
		return conf_error(p, "prefix-list: expected [seq N] "
		    "(permit|deny) PREFIX [ge N] [le N]");
	pl->action = av[i];
	pl->prefix = av[i + 1];
	i += 2;
	if (strcmp(pl->prefix, "any") == 0) {
		pl->prefix = v6 ? "::/0" : "0.0.0.0/0";
		pl->le = v6 ? "128" : "32";
	}
	if (i + 1 < ac && strcmp(av[i], "ge") == 0) {
		pl->ge = av[i + 1];
		i += 2;
	}
	if (i + 1 < ac && strcmp(av[i], "le") == 0) {
		pl->le = av[i + 1];
		i += 2;
	}
	if (i != ac)
		return conf_error(p, "prefix-list: unexpected '%.64s'", av[i]);
	return 0;
}

static int
plist_set(struct conf_parser *p, const char *entry, const char *leaf,
    const char *v)
{
	char rel[CONF_PATH_MAX];

	if (v == NULL)
		return 0;
	if (conf_path_fmt(p, rel, sizeof(rel), "%s/%s", entry, leaf) == -1)
		return -1;
	return conf_set(p, rel, v);
}

/* (ip|ipv6) prefix-list NAME [seq N] ACTION PREFIX [ge N] [le N] */
int
conf_h_prefix_list(struct conf_parser *p, const struct conf_cmd *c,
    char **av, int ac)
{
	char rel[CONF_PATH_MAX], entry[CONF_PATH_MAX];
	const char *list = strcmp(av[0], "ipv6") == 0 ?
	    "evpnd:ipv6-prefix-list" : "evpnd:prefix-list";
	struct plist pl = { 0 };
	struct lyd_node *old;

	(void)c;
	if (conf_key_ok(p, av[2]) == -1 || conf_path_fmt(p, rel, sizeof(rel),
	    "%s[name='%s']", list, av[2]) == -1 ||
	    plist_words(p, av, ac, 3, &pl) == -1)
		return -1;
	if (pl.seq == NULL) {
		if (auto_seq(p, rel, pl.seqbuf, sizeof(pl.seqbuf)) == -1)
			return -1;
		pl.seq = pl.seqbuf;
	}
	if (conf_key_ok(p, pl.seq) == -1 || conf_path_fmt(p, entry,
	    sizeof(entry), "%s/entry[seq='%s']", rel, pl.seq) == -1)
		return -1;
	if ((old = conf_find(p, 0, entry)) != NULL)
		lyd_free_tree(old);	/* FRR: the new line replaces it */
	if (plist_set(p, entry, "action", pl.action) == -1 ||
	    plist_set(p, entry, "prefix", pl.prefix) == -1 ||
	    plist_set(p, entry, "ge", pl.ge) == -1)
		return -1;
	return plist_set(p, entry, "le", pl.le);
}

/* The entry of list (a path) that pl names: by seq, else by content. */
static struct lyd_node *
plist_entry_find(struct conf_parser *p, const char *list,
    const struct plist *pl)
{
	char xp[CONF_PATH_MAX];
	struct ly_set *set = NULL;
	struct lyd_node *n = NULL;
	int len;

	if (pl->seq != NULL)
		len = snprintf(xp, sizeof(xp), "%s/entry[seq='%s']", list,
		    pl->seq);
	else
		len = snprintf(xp, sizeof(xp), "%s/entry[action='%s']"
		    "[prefix='%s']", list, pl->action, pl->prefix);
	if (len < 0 || (size_t)len >= sizeof(xp) || strchr(pl->prefix != NULL ?
	    pl->prefix : "", '\'') != NULL || lyd_find_xpath(p->tree, xp,
	    &set) != LY_SUCCESS)
		return NULL;
	if (set->count > 0)
		n = set->dnodes[0];
	ly_set_free(set, NULL);
	return n;
}

/*
 * no (ip|ipv6) prefix-list NAME [[seq N] ACTION PREFIX ...]: the whole
 * list, or the entry with that sequence (or that action and prefix); a
 * list left without entries goes too (FRR).
 */
int
conf_h_prefix_list_del(struct conf_parser *p, const struct conf_cmd *c,
    char **av, int ac)
{
	char list[CONF_PATH_MAX];
	struct plist pl = { 0 };
	struct lyd_node *l, *e;

	(void)c;
	if (conf_key_ok(p, av[3]) == -1 || conf_path_fmt(p, list,
	    sizeof(list), "/%s[name='%s']", strcmp(av[1], "ipv6") == 0 ?
	    "evpnd:ipv6-prefix-list" : "evpnd:prefix-list", av[3]) == -1)
		return -1;
	if (p->tree == NULL || lyd_find_path(p->tree, list, 0, &l) !=
	    LY_SUCCESS)
		return conf_error(p, "no prefix-list: %.64s is not "
		    "configured", av[3]);
	if (ac > 4) {
		if (ac == 6 && strcmp(av[4], "seq") == 0)
			pl.seq = av[5];
		else if (plist_words(p, av + 1, ac - 1, 3, &pl) == -1)
			return -1;
		if ((e = plist_entry_find(p, list, &pl)) == NULL)
			return conf_error(p, "no prefix-list: %.64s has no "
			    "such entry", av[3]);
		lyd_free_tree(e);
		if (lyd_child(l) != NULL && lyd_child(l)->next != NULL)
			return 0;	/* the key leaf and more entries */
	}
	if (l == p->tree)
		p->tree = p->tree->next;
	lyd_free_tree(l);
	if (p->tree != NULL)
		p->tree = lyd_first_sibling(p->tree);
	return 0;
}

/* route-map NAME (permit|deny) SEQ: opens the entry's block. */
int
conf_h_route_map(struct conf_parser *p, const struct conf_cmd *c,
    char **av, int ac)
{
	char rel[CONF_PATH_MAX];

	(void)c, (void)ac;
	if (conf_key_ok(p, av[1]) == -1 || conf_key_ok(p, av[3]) == -1 ||
	    conf_path_fmt(p, rel, sizeof(rel),
	    "evpnd:route-map[name='%s']/entry[seq='%s']", av[1], av[3]) == -1 ||
	    conf_push(p, CONF_N_RMAP, rel) == -1)
		return -1;
	return conf_set(p, "action", av[2]);
}

/* Words from index i on, joined by single spaces. */
void
conf_join(char **av, int ac, int i, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; i < ac; i++) {
		int w = snprintf(buf + n, len - n, "%s%s", n ? " " : "", av[i]);

		if (w < 0 || (size_t)w >= len - n)
			break;
		n += (size_t)w;
	}
}

int
conf_h_community(struct conf_parser *p, const struct conf_cmd *c,
    char **av, int ac)
{
	char buf[CONF_LINE_MAX + 1];

	(void)c;
	conf_join(av, ac, 2, buf, sizeof(buf));
	return conf_set(p, "set/community", buf);
}

bool
conf_is_asn(const char *s)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9' || strlen(s) > 10)
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0' && v >= 1 && v <= UINT32_MAX;
}

/* set as-path prepend ASN... */
int
conf_h_prepend(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char buf[CONF_LINE_MAX + 1];
	int i;

	(void)c;
	for (i = 3; i < ac; i++)
		if (!conf_is_asn(av[i]))
			return conf_error(p, "as-path prepend: '%.64s' is not "
			    "an AS number (1..4294967295)", av[i]);
	conf_join(av, ac, 3, buf, sizeof(buf));
	return conf_set(p, "set/as-path-prepend", buf);
}

/* set extcommunity rt RT... */
int
conf_h_ext_rt(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char rel[CONF_PATH_MAX];
	struct evpn_rd rt;
	int i;

	(void)c;
	for (i = 3; i < ac; i++) {
		if (conf_key_ok(p, av[i]) == -1 || rd_parse(av[i], &rt) == -1)
			return conf_error(p, "extcommunity rt: '%.64s' is not "
			    "ASN:NN or A.B.C.D:NN", av[i]);
		if (conf_path_fmt(p, rel, sizeof(rel),
		    "set/extcommunity-rt[.='%s']", av[i]) == -1 ||
		    conf_set(p, rel, NULL) == -1)
			return -1;
	}
	return 0;
}

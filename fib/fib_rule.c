/*
 * fib_rule.c -- the ip rule watch: `iif NAME lookup TABLE` rules (the VRF
 * binding of an SVI where the kernel has no VRF device, DESIGN.md
 * section 4), from the dumps and the monitor socket, reported through
 * fib_env.rule.
 *
 * DOC: two tables, as fib_watch.c.  'rules' holds every kernel rule that
 * binds an interface to a table, keyed by what the kernel tells rules
 * apart by among such plain ones (family, priority, iif, table); 'rulecnt'
 * holds per (iif, table) how many rules make it, and the callback fires
 * on 0 -> 1 (add) and 1 -> 0 (del), so the IPv4 and the IPv6 rule of one
 * binding are one report.  Dumps mark each rule with their generation;
 * at the end of a dump what was not seen is removed (mark and sweep
 * after an overrun).  Rules that are not such a binding are never
 * recorded (rules cannot change in place: the kernel deletes and adds).
 */
#include "fib_local.h"

#include <stdlib.h>
#include <string.h>

#include <linux/fib_rules.h>

struct fib_rsrc {
	struct htab_ent		 te;	/* key: af, priority, table, iif */
	char			 iif[16];
	uint32_t		 table;
	uint32_t		 gen;
};

struct fib_rcnt {
	struct htab_ent		 te;	/* key: table, iif */
	char			 iif[16];
	uint32_t		 table;
	size_t			 n;
};

static size_t
rcnt_key(const char *iif, uint32_t table, uint8_t *key)
{
	memcpy(key, &table, 4);
	memset(key + 4, 0, 16);
	memcpy(key + 4, iif, strnlen(iif, 15));
	return 20;
}

static void
rcnt_inc(struct fib *fib, const char *iif, uint32_t table)
{
	uint8_t key[HTAB_KEY_MAX];
	size_t klen = rcnt_key(iif, table, key);
	struct fib_rcnt *c = (struct fib_rcnt *)(void *)htab_get(&fib->rulecnt,
	    key, klen, sizeof(*c), NULL);

	memcpy(c->iif, key + 4, 15);
	c->table = table;
	if (c->n++ == 0)
		fib->rule_fn(fib->l2_arg, c->iif, c->table, true);
}

static void
rcnt_dec(struct fib *fib, const char *iif, uint32_t table)
{
	uint8_t key[HTAB_KEY_MAX];
	size_t klen = rcnt_key(iif, table, key);
	struct fib_rcnt *c;

	c = (struct fib_rcnt *)(void *)htab_find(&fib->rulecnt, key, klen);
	if (c == NULL || --c->n > 0)
		return;
	htab_del(&fib->rulecnt, &c->te);
	fib->rule_fn(fib->l2_arg, c->iif, c->table, false);
	free(c);
}

static void
rsrc_free(struct fib *fib, struct fib_rsrc *s)
{
	htab_del(&fib->rules, &s->te);
	rcnt_dec(fib, s->iif, s->table);
	free(s);
}

/* An interface bound to a table, nothing else: what a VRF is made of. */
static bool
rule_is_binding(const struct fib_krule *r)
{
	return r->plain && r->action == FR_ACT_TO_TBL && r->iif[0] != '\0' &&
	    r->table != 0;
}

void
fib_rule_msg(struct fib *fib, const struct fib_krule *r, bool add)
{
	uint8_t key[HTAB_KEY_MAX];
	struct fib_rsrc *s;
	bool isnew;

	if (fib->rule_fn == NULL || !rule_is_binding(r))
		return;
	key[0] = r->af;
	memcpy(key + 1, &r->priority, 4);
	memcpy(key + 5, &r->table, 4);
	memset(key + 9, 0, 16);
	memcpy(key + 9, r->iif, strnlen(r->iif, 15));
	if (!add) {
		s = (struct fib_rsrc *)(void *)htab_find(&fib->rules, key, 25);
		if (s != NULL)
			rsrc_free(fib, s);
		return;
	}
	s = (struct fib_rsrc *)(void *)htab_get(&fib->rules, key, 25,
	    sizeof(*s), &isnew);
	if (isnew) {
		memcpy(s->iif, key + 9, 15);
		s->table = r->table;
		rcnt_inc(fib, s->iif, s->table);
	}
	s->gen = fib->gen;
}

void
fib_rule_dump_done(struct fib *fib)
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0;

	while ((e = htab_next(&fib->rules, &b, &cur)) != NULL) {
		struct fib_rsrc *s = (struct fib_rsrc *)(void *)e;

		if (s->gen != fib->gen)
			rsrc_free(fib, s);
	}
}

void
fib_rule_init(struct fib *fib, const struct fib_env *env)
{
	fib->rule_fn = env->rule;
	htab_init(&fib->rules, &fib->hkey);
	htab_init(&fib->rulecnt, &fib->hkey);
}

void
fib_rule_fini(struct fib *fib)
{
	htab_free_all(&fib->rules);
	htab_free_all(&fib->rulecnt);
}

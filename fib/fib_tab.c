/*
 * fib_tab.c -- the byte-keyed hash table fib/ keeps its routes and
 * redistribution sources in.
 *
 * DOC: chained, power-of-two buckets, doubled when the load passes 1;
 * entries are intrusive (struct fib_tab_ent first in the owner's struct)
 * and owned by the caller.  Keys are hashed with SipHash-2-4 under the
 * fib's random key: the kernel reports what other users of the host
 * chose, so the keys are not ours.  Iteration (fib_tab_next) tolerates
 * deleting the entry just returned, not adding.
 */
#include "fib_local.h"

#include <stdlib.h>
#include <string.h>

#define TAB_MIN	256

void
fib_tab_init(struct fib_tab *t, const struct siphash_key *k)
{
	t->hkey = k;
	t->nb = TAB_MIN;
	t->n = 0;
	t->b = xcalloc(t->nb, sizeof(*t->b));
}

void
fib_tab_fini(struct fib_tab *t)
{
	free(t->b);
	t->b = NULL;
	t->nb = t->n = 0;
}

struct fib_tab_ent *
fib_tab_find(const struct fib_tab *t, const void *key, size_t klen)
{
	uint64_t h = siphash24(t->hkey, key, klen);
	struct fib_tab_ent *e = t->b[h & (t->nb - 1)];

	for (; e != NULL; e = e->next)
		if (e->hash == h && e->klen == klen &&
		    memcmp(e->key, key, klen) == 0)
			return e;
	return NULL;
}

static void
tab_grow(struct fib_tab *t)
{
	size_t nb = t->nb * 2;
	struct fib_tab_ent **b = xcalloc(nb, sizeof(*b));

	for (size_t i = 0; i < t->nb; i++) {
		struct fib_tab_ent *e = t->b[i], *next;

		for (; e != NULL; e = next) {
			next = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	}
	free(t->b);
	t->b = b;
	t->nb = nb;
}

void
fib_tab_add(struct fib_tab *t, struct fib_tab_ent *e)
{
	struct fib_tab_ent **slot;

	if (e->klen > FIB_KEY_MAX)
		fatalx("%s: key length %u", __func__, e->klen);
	e->hash = siphash24(t->hkey, e->key, e->klen);
	slot = &t->b[e->hash & (t->nb - 1)];
	e->next = *slot;
	*slot = e;
	if (++t->n > t->nb)
		tab_grow(t);
}

void
fib_tab_del(struct fib_tab *t, struct fib_tab_ent *e)
{
	struct fib_tab_ent **pp = &t->b[e->hash & (t->nb - 1)];

	for (; *pp != NULL && *pp != e; pp = &(*pp)->next)
		;
	if (*pp == NULL)
		fatalx("%s: entry not in table", __func__);
	*pp = e->next;
	t->n--;
}

struct fib_tab_ent *
fib_tab_next(const struct fib_tab *t, size_t *bucket,
    struct fib_tab_ent **cursor)
{
	struct fib_tab_ent *e = *cursor;

	while (e == NULL) {
		if (*bucket >= t->nb)
			return NULL;
		e = t->b[(*bucket)++];
	}
	*cursor = e->next;
	return e;
}

/*
 * htab.c -- a byte-keyed hash table with intrusive entries (htab.h):
 * fib/'s routes, links, rules and L2 entries, bgpd's redistributed
 * prefixes, evpn/'s tables.
 *
 * DOC: chained, power-of-two buckets, doubled when the load passes 1;
 * entries (struct htab_ent first in the owner's struct) are owned by the
 * caller.  Keys are hashed with SipHash-2-4 under the owner's random
 * key: what goes in is chosen by others (the kernel's other users,
 * peers).  Iteration (htab_next) tolerates deleting the entry just
 * returned, not adding.
 */
#include "htab.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>

#define TAB_MIN	256

void
htab_init(struct htab *t, const struct siphash_key *k)
{
	t->hkey = k;
	t->nb = TAB_MIN;
	t->n = 0;
	t->b = xcalloc(t->nb, sizeof(*t->b));
}

void
htab_fini(struct htab *t)
{
	free(t->b);
	t->b = NULL;
	t->nb = t->n = 0;
}

struct htab_ent *
htab_find(const struct htab *t, const void *key, size_t klen)
{
	uint64_t h = siphash24(t->hkey, key, klen);
	struct htab_ent *e = t->b[h & (t->nb - 1)];

	for (; e != NULL; e = e->next)
		if (e->hash == h && e->klen == klen &&
		    memcmp(e->key, key, klen) == 0)
			return e;
	return NULL;
}

static void
tab_grow(struct htab *t)
{
	size_t nb = t->nb * 2;
	struct htab_ent **b = xcalloc(nb, sizeof(*b));

	for (size_t i = 0; i < t->nb; i++) {
		struct htab_ent *e = t->b[i], *next;

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
htab_add(struct htab *t, struct htab_ent *e)
{
	struct htab_ent **slot;

	if (e->klen > HTAB_KEY_MAX)
		fatalx("%s: key length %u", __func__, e->klen);
	e->hash = siphash24(t->hkey, e->key, e->klen);
	slot = &t->b[e->hash & (t->nb - 1)];
	e->next = *slot;
	*slot = e;
	if (++t->n > t->nb)
		tab_grow(t);
}

void
htab_del(struct htab *t, struct htab_ent *e)
{
	struct htab_ent **pp = &t->b[e->hash & (t->nb - 1)];

	for (; *pp != NULL && *pp != e; pp = &(*pp)->next)
		;
	if (*pp == NULL)
		fatalx("%s: entry not in table", __func__);
	*pp = e->next;
	t->n--;
}

struct htab_ent *
htab_next(const struct htab *t, size_t *bucket,
    struct htab_ent **cursor)
{
	struct htab_ent *e = *cursor;

	while (e == NULL) {
		if (*bucket >= t->nb)
			return NULL;
		e = t->b[(*bucket)++];
	}
	*cursor = e->next;
	return e;
}

struct htab_ent *
htab_get(struct htab *t, const void *key, size_t klen, size_t size,
    bool *isnew)
{
	struct htab_ent *e = htab_find(t, key, klen);

	if (isnew != NULL)
		*isnew = e == NULL;
	if (e != NULL)
		return e;
	e = xcalloc(1, size);
	memcpy(e->key, key, klen);
	e->klen = (uint8_t)klen;
	htab_add(t, e);
	return e;
}

void
htab_free_all(struct htab *t)
{
	struct htab_ent *e, *cur = NULL;
	size_t b = 0;

	while ((e = htab_next(t, &b, &cur)) != NULL)
		free(e);
	htab_fini(t);
}

/*
 * htab.h -- a byte-keyed hash table with intrusive, caller-owned
 * entries (lib/htab.c).
 *
 * DOC: embed struct htab_ent as the first member of the owner's struct,
 * fill key/klen, htab_add() it.  Lookups compare hash, length and bytes.
 * The table never allocates or frees entries, except through the two
 * helpers for the common case of zeroed malloc'd entries (htab_get,
 * htab_free_all); htab_fini() frees the bucket array only.  Not
 * thread-safe (nothing in evpnd is threaded).
 */
#ifndef EVPND_INCLUDE_HTAB_H
#define EVPND_INCLUDE_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "siphash.h"

#define HTAB_KEY_MAX	40

struct htab_ent {
	struct htab_ent		*next;
	uint64_t		 hash;
	uint8_t			 klen;
	uint8_t			 key[HTAB_KEY_MAX];
};

struct htab {
	const struct siphash_key *hkey;		/* borrowed */
	struct htab_ent		**b;
	size_t			 nb;
	size_t			 n;
};

void		 htab_init(struct htab *, const struct siphash_key *);
void		 htab_fini(struct htab *);
struct htab_ent	*htab_find(const struct htab *, const void *key, size_t klen);
/* e->key/klen set by the caller (klen <= HTAB_KEY_MAX); the key must
 * not be in the table yet. */
void		 htab_add(struct htab *, struct htab_ent *e);
void		 htab_del(struct htab *, struct htab_ent *e);
/* Iteration: *bucket = 0 and *cursor = NULL to start; NULL at the end.
 * The entry returned may be deleted before the next call. */
struct htab_ent	*htab_next(const struct htab *, size_t *bucket,
		    struct htab_ent **cursor);

/* The entry of key, or a new zeroed one of size bytes (the owner's
 * struct, htab_ent first) with the key set and added; *isnew (may be
 * NULL) says which. */
struct htab_ent	*htab_get(struct htab *, const void *key, size_t klen,
		    size_t size, bool *isnew);
/* free() every entry (all malloc'd), then htab_fini(). */
void		 htab_free_all(struct htab *);

#endif /* EVPND_INCLUDE_HTAB_H */

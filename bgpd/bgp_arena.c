/*
 * bgp_arena.c -- the per-UPDATE bump allocator NLRI decode into.
 *
 * One block allocated up front and reset after each UPDATE: parsing does
 * no heap allocation per route (STYLE.md section 5), and a hostile
 * message cannot make us allocate more than the arena holds.
 */
#include "bgp_update.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

void
bgp_arena_init(struct bgp_arena *a, size_t cap)
{
	a->base = xmalloc(cap);
	a->cap = cap;
	a->used = 0;
}

void
bgp_arena_reset(struct bgp_arena *a)
{
	a->used = 0;
}

void
bgp_arena_free(struct bgp_arena *a)
{
	free(a->base);
	a->base = NULL;
	a->cap = a->used = 0;
}

void *
bgp_arena_alloc(struct bgp_arena *a, size_t n)
{
	size_t off = (a->used + 7) & ~(size_t)7;
	void *p;

	if (off > a->cap || a->cap - off < n)
		return NULL;
	p = a->base + off;
	memset(p, 0, n);
	a->used = off + n;
	return p;
}

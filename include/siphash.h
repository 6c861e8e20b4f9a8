/*
 * siphash.h -- SipHash-2-4 (Aumasson and Bernstein), a keyed hash for
 * tables whose keys a peer chooses (STYLE.md section 6).
 */
#ifndef EVPND_INCLUDE_SIPHASH_H
#define EVPND_INCLUDE_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

struct siphash_key {
	uint64_t	k0, k1;
};

uint64_t	siphash24(const struct siphash_key *, const void *, size_t);
/* A key from getrandom(); fatal when the kernel cannot give one. */
void		siphash_key_random(struct siphash_key *);

#endif /* EVPND_INCLUDE_SIPHASH_H */

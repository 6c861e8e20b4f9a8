/*
 * evpn_mobility.c -- claims on a MAC, IP or prefix, and the MAC
 * Mobility rules (RFC 7432 section 15), pure:
 * which claim on a MAC wins, whether our local copy does, and what
 * sequence a MAC that moves to us is advertised with.  No kernel, no BGP:
 * evpn_mac.c acts on the answers, tests/unit/test_evpn_mobility.c drives
 * them over event sequences.
 *
 * DOC: the order (RFC 7432 section 15.2 for sticky, 15.1 for the rest): a
 * static local MAC always wins; then a sticky remote route; then the
 * higher sequence; then, for equal sequences, the lower VTEP address.
 * Sequences compare in RFC 1982 serial number arithmetic over 32 bits, so
 * after 2^32 - 1 comes 0 and is "higher" (a sequence half the space ahead
 * or more is older).  A MAC learned locally while it is known elsewhere
 * (a remote claim, or a sequence remembered from routes gone since) is
 * advertised with the highest sequence seen + 1; a static MAC keeps 0.
 *
 * An IP (RFC 9135 section 16, as RFC 9721 details it): the claims on an
 * IP are the MAC/IP routes naming it, whatever their MAC; the highest
 * sequence wins, then the lower VTEP address.  An IP bound locally while
 * remote routes claim it (a VM with a new MAC, or a new VM reusing the
 * address) moves to us: its MAC's sequence becomes one more than the
 * IP's highest, so the MAC route and every MAC/IP route of that MAC
 * carry one sequence.  Our binding loses to a remote claim with a higher
 * sequence (the IP moved away, possibly to another MAC): our MAC/IP
 * route is withdrawn and the remote binding installed, while the MAC
 * itself may stay ours.
 */
#include "evpn_local.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

void
evpn_claims_add(struct evpn_claims *c, struct evpn_imp *imp)
{
	struct evpn_imp **v;

	if (c->cap == 0) {
		c->v = &c->one;
		c->cap = 1;
	} else if (c->n == c->cap) {
		v = xcalloc((size_t)c->cap * 2, sizeof(*v));
		memcpy(v, c->v, c->n * sizeof(*v));
		if (c->v != &c->one)
			free(c->v);
		c->v = v;
		c->cap *= 2;
	}
	c->v[c->n++] = imp;
}

void
evpn_claims_del(struct evpn_claims *c, const struct evpn_imp *imp)
{
	for (uint32_t i = 0; i < c->n; i++)
		if (c->v[i] == imp) {
			c->v[i] = c->v[--c->n];
			return;
		}
}

void
evpn_claims_free(struct evpn_claims *c)
{
	if (c->v != &c->one)
		free(c->v);
	memset(c, 0, sizeof(*c));
}

bool
evpn_seq_gt(uint32_t a, uint32_t b)
{
	return a != b && (int32_t)(a - b) > 0;
}

int
evpn_ip_cmp(const struct ip_addr *a, const struct ip_addr *b)
{
	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	return memcmp(a->a, b->a, ip_af_len(a->af));
}

int
evpn_claim_cmp(const struct evpn_imp *a, const struct evpn_imp *b)
{
	if (a->sticky != b->sticky)
		return a->sticky ? -1 : 1;
	if (a->seq != b->seq)
		return evpn_seq_gt(a->seq, b->seq) ? -1 : 1;
	return evpn_ip_cmp(&a->vtep, &b->vtep);
}

const struct evpn_imp *
evpn_claims_best(const struct evpn_claims *c)
{
	const struct evpn_imp *w = NULL;

	for (size_t i = 0; i < c->n; i++)
		if (w == NULL || evpn_claim_cmp(c->v[i], w) < 0)
			w = c->v[i];
	return w;
}

uint32_t
evpn_claims_max_seq(const struct evpn_claims *c)
{
	uint32_t s = 0;

	for (size_t i = 0; i < c->n; i++)
		if (i == 0 || evpn_seq_gt(c->v[i]->seq, s))
			s = c->v[i]->seq;
	return s;
}

/* Does our local copy (m's sequence, stickiness, our VTEP) beat the
 * best remote claim w (NULL: none)? */
static bool
local_beats(const struct evpn_mac *m, const struct evpn_imp *w,
    const struct ip_addr *ours)
{
	if (w == NULL || m->is_static)
		return true;
	if (w->sticky)
		return false;
	if (m->lseq != w->seq)
		return evpn_seq_gt(m->lseq, w->seq);
	return evpn_ip_cmp(ours, &w->vtep) < 0;
}

bool
evpn_local_wins(const struct evpn_mac *m, const struct ip_addr *ours)
{
	return m->local && local_beats(m, evpn_claims_best(&m->claims), ours);
}

bool
evpn_local_ip_wins(const struct evpn_ip *p, const struct evpn_mac *m,
    const struct ip_addr *ours)
{
	return evpn_local_wins(m, ours) &&
	    local_beats(m, evpn_claims_best(&p->claims), ours);
}

bool
evpn_mob_ip_learned(struct evpn_mac *m, const struct evpn_ip *p)
{
	uint32_t hi;

	if (m->is_static || p->claims.n == 0)
		return false;
	hi = evpn_claims_max_seq(&p->claims);
	if (evpn_seq_gt(m->lseq, hi))
		return false;
	m->lseq = hi + 1;
	if (m->local && (!m->seen_valid || evpn_seq_gt(m->lseq, m->seen_seq))) {
		m->seen_seq = m->lseq;
		m->seen_valid = true;
	}
	return true;
}

void
evpn_mob_claimed(struct evpn_mac *m, const struct evpn_imp *imp)
{
	if (!m->seen_valid || evpn_seq_gt(imp->seq, m->seen_seq)) {
		m->seen_seq = imp->seq;
		m->seen_valid = true;
	}
}

void
evpn_mob_learned(struct evpn_mac *m, bool is_static)
{
	bool newer = m->seen_valid && evpn_seq_gt(m->seen_seq, m->lseq);
	uint32_t hi;

	if (m->local || is_static || (m->claims.n == 0 && !newer))
		return;
	hi = evpn_claims_max_seq(&m->claims);
	if (m->claims.n == 0 || (m->seen_valid &&
	    evpn_seq_gt(m->seen_seq, hi)))
		hi = m->seen_seq;
	/* wraps to 0 after 2^32 - 1: RFC 1982; an IP's move (learned
	 * before its MAC) may have put it higher already */
	if (!evpn_seq_gt(m->lseq, hi))
		m->lseq = hi + 1;
	m->seen_seq = m->lseq;
	m->seen_valid = true;
}

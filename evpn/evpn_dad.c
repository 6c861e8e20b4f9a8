/*
 * evpn_dad.c -- duplicate address detection for MACs (RFC 7432 section
 * 15.1), with FRR's commands and meaning.
 *
 * DOC: a move is the winning location of a MAC changing from one VTEP to
 * another (ours included: a local learn that beats a remote route, a
 * remote route with a higher sequence that beats ours, or one remote
 * VTEP replacing another).  `dup-addr-detection max-moves N time S` (on
 * by default, 5 in 180 s; `no dup-addr-detection` turns it off): the
 * N-th move within S seconds of the first marks the MAC duplicate (a
 * warning is logged; show evpn mac says isDuplicate).  With `freeze
 * permanent` or `freeze S` a duplicate is also frozen: our route for it
 * is withdrawn and its kernel FDB entry stays as it is, whatever routes
 * say, until S seconds have passed or `clear evpn dup-addr` clears it.
 * Timed freezes are ended by a 1-second tick that runs only while there
 * are some.
 */
#include "evpn_local.h"

#include <event2/event.h>

#include <string.h>
#include <time.h>

#include "log.h"

static time_t
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void
unfreeze(struct evpn_vni *v, struct evpn_mac *m)
{
	if (m->frozen && m->frozen_until != 0)
		v->e->nfrozen_timed--;
	m->frozen = false;
	m->frozen_until = 0;
	m->duplicate = false;
	m->moves = 0;
	evpn_mac_resolve(v, m);
}

static void
tick(evutil_socket_t fd, short what, void *arg)
{
	struct evpn *e = arg;
	struct htab_ent *it, *cur = NULL;
	time_t now = mono();
	size_t b = 0;

	(void)fd;
	(void)what;
	while (e->nfrozen_timed > 0 &&
	    (it = htab_next(&e->vnis, &b, &cur)) != NULL) {
		struct evpn_vni *v = (struct evpn_vni *)it;
		struct htab_ent *mi, *mcur = NULL, *next;
		size_t mb = 0;

		mi = htab_next(&v->macs, &mb, &mcur);
		while (mi != NULL) {
			struct evpn_mac *m = (struct evpn_mac *)mi;

			next = htab_next(&v->macs, &mb, &mcur);
			if (m->frozen && m->frozen_until != 0 &&
			    now >= m->frozen_until)
				unfreeze(v, m);
			mi = next;
		}
	}
	if (e->nfrozen_timed > 0) {
		struct timeval tv = { 1, 0 };

		evtimer_add(e->dad_tick, &tv);
	}
}

static void
freeze(struct evpn_vni *v, struct evpn_mac *m, time_t now)
{
	const struct bgp_conf_inst *in = v->e->inst;
	struct evpn *e = v->e;
	struct timeval tv = { 1, 0 };

	m->frozen = true;
	m->frozen_until = in->dad_freeze_time != 0 ?
	    now + in->dad_freeze_time : 0;
	if (m->frozen_until == 0 || e->base == NULL)
		return;
	if (e->dad_tick == NULL)
		e->dad_tick = evtimer_new(e->base, tick, e);
	if (e->nfrozen_timed++ == 0)
		evtimer_add(e->dad_tick, &tv);
}

void
evpn_dad_seen(struct evpn_vni *v, struct evpn_mac *m,
    const struct ip_addr *loc)
{
	const struct bgp_conf_inst *in = v->e->inst;
	char mac[MAC_STRLEN];
	time_t now;

	if (ip_eq(loc, &m->loc))
		return;
	if (m->loc.af == IP_AF_NONE || in == NULL || in->dad_off ||
	    m->duplicate) {
		m->loc = *loc;
		return;
	}
	m->loc = *loc;
	now = mono();
	if (m->moves == 0 || now - m->moves_since > in->dad_time) {
		m->moves = 0;
		m->moves_since = now;
	}
	if (++m->moves < in->dad_max_moves)
		return;
	m->duplicate = true;
	log_msg(v->e->log, LOG_LVL_WARNING, "evpn: VNI %u: MAC %s is a "
	    "duplicate: %u moves in %lld s%s", v->vni, mac_fmt(&m->mac, mac),
	    (unsigned)m->moves, (long long)(now - m->moves_since),
	    in->dad_freeze ? ", frozen" : "");
	if (in->dad_freeze)
		freeze(v, m, now);
}

int
evpn_dad_clear(struct evpn *e, uint32_t vni, const struct mac_addr *mac,
    FILE *out)
{
	struct htab_ent *it, *cur = NULL;
	size_t b = 0, n = 0;

	while ((it = htab_next(&e->vnis, &b, &cur)) != NULL) {
		struct evpn_vni *v = (struct evpn_vni *)it;
		struct htab_ent *mi, *mcur = NULL, *next;
		size_t mb = 0;

		if (vni != 0 && v->vni != vni)
			continue;
		mi = htab_next(&v->macs, &mb, &mcur);
		while (mi != NULL) {
			struct evpn_mac *m = (struct evpn_mac *)mi;

			next = htab_next(&v->macs, &mb, &mcur);
			if ((m->duplicate || m->moves > 0) &&
			    (mac == NULL || mac_eq(mac, &m->mac))) {
				n += m->duplicate;
				unfreeze(v, m);
			}
			mi = next;
		}
	}
	fprintf(out, "%zu duplicate MACs cleared\n", n);
	return 0;
}

void
evpn_dad_fini(struct evpn *e)
{
	if (e->dad_tick != NULL)
		event_free(e->dad_tick);
	e->dad_tick = NULL;
}

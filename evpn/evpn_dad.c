/*
 * evpn_dad.c -- duplicate address detection for MACs (RFC 7432 section
 * 15.1) and IPs, with FRR's commands and meaning.
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
 * are some.  An IP is counted the same way by the location of its
 * winning binding (ours or a MAC/IP route's VTEP, whatever the MAC): two
 * hosts with one address (show evpn arp-cache vni X duplicate); a frozen
 * IP keeps its neighbour entry and is not advertised.
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
unfreeze(struct evpn_vni *v, struct evpn_dad *d)
{
	if (d->frozen && d->frozen_until != 0)
		v->e->nfrozen_timed--;
	d->frozen = false;
	d->frozen_until = 0;
	d->duplicate = false;
	d->moves = 0;
}

/* Each entry of t (MACs or IPs, dad at offset off) whose d says so: fn
 * on it.  The entry may be freed by fn. */
typedef bool	(*dad_pick_fn)(const struct evpn_dad *, const void *ent,
		    const void *arg);

static size_t
dad_walk(struct evpn_vni *v, bool macs, dad_pick_fn pick, const void *arg)
{
	struct htab *t = macs ? &v->macs : &v->ips;
	struct htab_ent *it, *cur = NULL, *next;
	size_t b = 0, n = 0;

	it = htab_next(t, &b, &cur);
	while (it != NULL) {
		struct evpn_dad *d = macs ? &((struct evpn_mac *)it)->dad :
		    &((struct evpn_ip *)it)->dad;

		next = htab_next(t, &b, &cur);
		if (pick(d, it, arg)) {
			n += d->duplicate;
			unfreeze(v, d);
			if (macs)
				evpn_mac_resolve(v, (struct evpn_mac *)it);
			else
				evpn_ip_resolve(v, (struct evpn_ip *)it);
		}
		it = next;
	}
	return n;
}

static bool
pick_expired(const struct evpn_dad *d, const void *ent, const void *arg)
{
	(void)ent;
	return d->frozen && d->frozen_until != 0 &&
	    *(const time_t *)arg >= d->frozen_until;
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
		(void)dad_walk((struct evpn_vni *)it, true, pick_expired, &now);
		(void)dad_walk((struct evpn_vni *)it, false, pick_expired,
		    &now);
	}
	if (e->nfrozen_timed > 0) {
		struct timeval tv = { 1, 0 };

		evtimer_add(e->dad_tick, &tv);
	}
}

static void
freeze(struct evpn_vni *v, struct evpn_dad *d, time_t now)
{
	const struct bgp_conf_inst *in = v->e->inst;
	struct evpn *e = v->e;
	struct timeval tv = { 1, 0 };

	d->frozen = true;
	d->frozen_until = in->dad_freeze_time != 0 ?
	    now + in->dad_freeze_time : 0;
	if (d->frozen_until == 0 || e->base == NULL)
		return;
	if (e->dad_tick == NULL)
		e->dad_tick = evtimer_new(e->base, tick, e);
	if (e->nfrozen_timed++ == 0)
		evtimer_add(e->dad_tick, &tv);
}

void
evpn_dad_seen(struct evpn_vni *v, struct evpn_dad *d,
    const struct ip_addr *loc, const struct mac_addr *mac,
    const struct ip_addr *ip)
{
	const struct bgp_conf_inst *in = v->e->inst;
	char buf[IP_STRLEN];
	time_t now;

	if (ip_eq(loc, &d->loc))
		return;
	if (d->loc.af == IP_AF_NONE || in == NULL || in->dad_off ||
	    d->duplicate) {
		d->loc = *loc;
		return;
	}
	d->loc = *loc;
	now = mono();
	if (d->moves == 0 || now - d->moves_since > in->dad_time) {
		d->moves = 0;
		d->moves_since = now;
	}
	if (++d->moves < in->dad_max_moves)
		return;
	d->duplicate = true;
	log_msg(v->e->log, LOG_LVL_WARNING, "evpn: VNI %u: %s %s is a "
	    "duplicate: %u moves in %lld s%s", v->vni, mac ? "MAC" : "IP",
	    mac ? mac_fmt(mac, buf) : ip_fmt(ip, buf),
	    (unsigned)d->moves, (long long)(now - d->moves_since),
	    in->dad_freeze ? ", frozen" : "");
	if (in->dad_freeze)
		freeze(v, d, now);
}

struct clear_arg {
	const struct mac_addr	*mac;
	const struct ip_addr	*ip;
};

static bool
pick_mac(const struct evpn_dad *d, const void *ent, const void *arg)
{
	const struct clear_arg *a = arg;

	return (d->duplicate || d->moves > 0) && a->ip == NULL &&
	    (a->mac == NULL || mac_eq(a->mac, &((const struct evpn_mac *)
	    ent)->mac));
}

static bool
pick_ip(const struct evpn_dad *d, const void *ent, const void *arg)
{
	const struct clear_arg *a = arg;

	return (d->duplicate || d->moves > 0) && a->mac == NULL &&
	    (a->ip == NULL || ip_eq(a->ip, &((const struct evpn_ip *)
	    ent)->ip));
}

int
evpn_dad_clear(struct evpn *e, uint32_t vni, const struct mac_addr *mac,
    const struct ip_addr *ip, FILE *out)
{
	struct clear_arg a = { mac, ip };
	struct htab_ent *it, *cur = NULL;
	size_t b = 0, nm = 0, ni = 0;

	while ((it = htab_next(&e->vnis, &b, &cur)) != NULL) {
		struct evpn_vni *v = (struct evpn_vni *)it;

		if (vni != 0 && v->vni != vni)
			continue;
		nm += dad_walk(v, true, pick_mac, &a);
		ni += dad_walk(v, false, pick_ip, &a);
	}
	if (ip == NULL)
		fprintf(out, "%zu duplicate MACs cleared\n", nm);
	if (mac == NULL)
		fprintf(out, "%zu duplicate IPs cleared\n", ni);
	return 0;
}

void
evpn_dad_fini(struct evpn *e)
{
	if (e->dad_tick != NULL)
		event_free(e->dad_tick);
	e->dad_tick = NULL;
}

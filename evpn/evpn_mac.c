/*
 * evpn_mac.c -- one VNI's MAC and IP tables: local learning, our type-2
 * routes, remote type-2/type-3 routes imported into the kernel.
 *
 * DOC: each MAC has at most one local location (a bridge port, from the
 * FDB) and any number of remote claims (import records naming it).  The
 * winner (RFC 7432 section 15): the highest MAC Mobility sequence, then
 * the lowest VTEP address; a static local MAC always wins (sticky).  A
 * MAC learned locally while remote claims exist is advertised with the
 * highest sequence seen + 1, so the fabric follows the move; the highest
 * sequence is remembered after the routes are gone (a MAC that moved
 * keeps its entry), so moving back counts on.  When the
 * local MAC wins it is advertised (type-2 MAC, label = VNI) and no FDB
 * entry of ours is wanted; when a remote claim wins, an FDB entry points
 * at its VTEP (fib_fdb_set), and our route is withdrawn.
 * An IP (the SVI's neighbour table) bound to a winning local MAC is
 * advertised as a MAC/IP route; a remote MAC/IP claim that wins becomes
 * a neighbour entry on the SVI (fib_neigh_set) for ARP/ND suppression.
 * Type-3 claims are reference-counted per VTEP address: one flood entry
 * per remote VTEP.  resolve functions compare what is wanted with what
 * was last done (advertised, installed) and act only on differences.
 */
#include "evpn_local.h"

#include <stdlib.h>
#include <string.h>

#include "bgp_proto.h"
#include "log.h"

/* ---- tables ---- */

size_t
evpn_ip_key(const struct ip_addr *ip, uint8_t *key)
{
	size_t n = ip_af_len(ip->af);

	key[0] = ip->af;
	memcpy(key + 1, ip->a, n);
	return n + 1;
}

/* The entry of key in t: found, or (create) a new zeroed one. */
static void *
ent_get(struct htab *t, const void *key, size_t klen, size_t size,
    bool create, bool *isnew)
{
	*isnew = false;
	return create ? htab_get(t, key, klen, size, isnew) :
	    htab_find(t, key, klen);
}

static struct evpn_mac *
mac_get(struct evpn_vni *v, const struct mac_addr *mac, bool create)
{
	bool isnew;
	struct evpn_mac *m = ent_get(&v->macs, mac->b, sizeof(mac->b),
	    sizeof(*m), create, &isnew);

	if (isnew)
		m->mac = *mac;
	return m;
}

static struct evpn_ip *
ip_get(struct evpn_vni *v, const struct ip_addr *ip, bool create)
{
	uint8_t key[EVPN_IP_KEY_MAX];
	bool isnew;
	struct evpn_ip *p = ent_get(&v->ips, key, evpn_ip_key(ip, key),
	    sizeof(*p), create, &isnew);

	if (isnew)
		p->ip = *ip;
	return p;
}

static struct evpn_vtep *
vtep_get(struct evpn_vni *v, const struct ip_addr *ip, bool create)
{
	uint8_t key[EVPN_IP_KEY_MAX];
	bool isnew;
	struct evpn_vtep *t = ent_get(&v->vteps, key, evpn_ip_key(ip, key),
	    sizeof(*t), create, &isnew);

	if (isnew)
		t->ip = *ip;
	return t;
}

static void
lips_add(struct evpn_mac *m, struct evpn_ip *p)
{
	if (m->nlips == m->caplips) {
		m->caplips = m->caplips != 0 ? m->caplips * 2 : 2;
		m->lips = xrealloc(m->lips, m->caplips * sizeof(*m->lips));
	}
	m->lips[m->nlips++] = p;
}

static void
lips_del(struct evpn_mac *m, const struct evpn_ip *p)
{
	for (size_t i = 0; i < m->nlips; i++)
		if (m->lips[i] == p) {
			m->lips[i] = m->lips[--m->nlips];
			return;
		}
}

static void
mac_maybe_free(struct evpn_vni *v, struct evpn_mac *m)
{
	if (m->local || m->claims.n > 0 || m->nlips > 0 || m->advertised ||
	    m->installed.af != IP_AF_NONE || m->seen_valid || m->dad.duplicate)
		return;
	htab_del(&v->macs, &m->te);
	evpn_claims_free(&m->claims);
	free(m->lips);
	free(m);
}

static void
ip_maybe_free(struct evpn_vni *v, struct evpn_ip *p)
{
	if (p->local || p->claims.n > 0 || p->advertised || p->installed ||
	    p->dad.duplicate)
		return;
	htab_del(&v->ips, &p->te);
	evpn_claims_free(&p->claims);
	free(p);
}

void
evpn_mac_init(struct evpn_vni *v)
{
	htab_init(&v->macs, &v->e->hkey);
	htab_init(&v->ips, &v->e->hkey);
	htab_init(&v->vteps, &v->e->hkey);
}

void
evpn_mac_fini(struct evpn_vni *v)
{
	struct htab_ent *it, *cur = NULL;
	size_t b = 0;

	while ((it = htab_next(&v->macs, &b, &cur)) != NULL) {
		struct evpn_mac *m = (struct evpn_mac *)it;

		if (m->dad.frozen && m->dad.frozen_until != 0)
			v->e->nfrozen_timed--;
		evpn_claims_free(&m->claims);
		free(m->lips);
		free(m);
	}
	cur = NULL;
	b = 0;
	while ((it = htab_next(&v->ips, &b, &cur)) != NULL) {
		struct evpn_ip *p = (struct evpn_ip *)it;

		if (p->dad.frozen && p->dad.frozen_until != 0)
			v->e->nfrozen_timed--;
		evpn_claims_free(&p->claims);
		free(p);
	}
	htab_fini(&v->macs);
	htab_fini(&v->ips);
	htab_free_all(&v->vteps);
}

/* ---- our type-2 routes ---- */

static void
macip_route(const struct evpn_vni *v, const struct mac_addr *mac,
    const struct ip_addr *ip, struct evpn_route *r)
{
	memset(r, 0, sizeof(*r));
	r->type = EVPN_RT_MACIP;
	r->rd = v->rd;
	r->mac = *mac;
	if (ip != NULL)
		r->ip = *ip;
	r->nlabels = 1;
	r->label[0] = v->vni;
}

static void
macip_advertise(struct evpn_vni *v, const struct evpn_mac *m,
    const struct ip_addr *ip)
{
	struct ext_comm ec[BGP_CONF_RT_MAX + 4];
	struct evpn_ecomm mm = { .kind = EVPN_EC_MAC_MOBILITY,
	    .transitive = true };
	struct bgp_evpn_attrs a = { .nexthop = v->local, .ecomm = ec };
	struct evpn_route r;
	size_t cap = sizeof(ec) / sizeof(ec[0]);

	a.necomm = evpn_vni_ecomm(v, ec, cap - 3);
	/* symmetric IRB (RFC 9135 section 9.1): the VRF's RT and router
	 * MAC, and the L3VNI as the second label */
	if (ip != NULL && v->vrf != NULL)
		a.necomm += evpn_vrf_ecomm(v->vrf, ec + a.necomm, 2);
	if (m->lseq > 0 || m->is_static) {
		mm.u.mm.seq = m->lseq;
		mm.u.mm.sticky = m->is_static;
		if (evpn_ecomm_encode(&mm, &ec[a.necomm]) == 0)
			a.necomm++;
	}
	macip_route(v, &m->mac, ip, &r);
	if (ip != NULL && v->vrf != NULL) {
		r.nlabels = 2;
		r.label[1] = v->vrf->l3vni;
	}
	bgp_evpn_local_set(v->e->bgp, &r, &a);
}

static void
macip_withdraw(struct evpn_vni *v, const struct mac_addr *mac,
    const struct ip_addr *ip)
{
	struct evpn_route r;

	macip_route(v, mac, ip, &r);
	bgp_evpn_local_set(v->e->bgp, &r, NULL);
}

/* ---- resolve: wanted vs done ---- */

void
evpn_ip_resolve(struct evpn_vni *v, struct evpn_ip *p)
{
	struct evpn_mac *lm = p->local ? mac_get(v, &p->lmac, false) : NULL;
	bool adv = v->active && lm != NULL && lm->advertised &&
	    evpn_local_ip_wins(p, lm, &v->local);
	const struct evpn_imp *w = adv ? NULL : evpn_claims_best(&p->claims);

	if (v->active && (adv || w != NULL))
		evpn_dad_seen(v, &p->dad, adv ? &v->local : &w->vtep, NULL,
		    &p->ip);
	if (p->dad.frozen) {
		/* a frozen duplicate: no route of ours, the neighbour entry
		 * stays as it is */
		adv = false;
		w = NULL;
	}

	if (p->advertised && (!adv || !mac_eq(&p->adv_mac, &p->lmac))) {
		macip_withdraw(v, &p->adv_mac, &p->ip);
		p->advertised = false;
	}
	if (adv) {
		/* again after a sequence change: the same key, new attrs */
		macip_advertise(v, lm, &p->ip);
		p->advertised = true;
		p->adv_mac = p->lmac;
	}
	if (w != NULL && v->active) {
		if (!p->installed || !mac_eq(&p->imac, &w->mac)) {
			if (!v->quiet)
				fib_neigh_set(v->e->fib, v->bridge, &p->ip,
				    &w->mac, false);
			p->installed = true;
			p->imac = w->mac;
		}
	} else if (p->installed && !p->dad.frozen) {
		if (!v->quiet)
			fib_neigh_del(v->e->fib, v->bridge, &p->ip);
		p->installed = false;
	}
	ip_maybe_free(v, p);
}

void
evpn_mac_resolve(struct evpn_vni *v, struct evpn_mac *m)
{
	bool local = evpn_local_wins(m, &v->local);
	bool adv = v->active && local;
	const struct evpn_imp *w = local || !v->active ? NULL :
	    evpn_claims_best(&m->claims);

	if (v->active && (local || w != NULL))
		evpn_dad_seen(v, &m->dad, local ? &v->local : &w->vtep,
		    &m->mac, NULL);
	if (m->dad.frozen) {
		/* a frozen duplicate: no route of ours, the kernel entry
		 * stays where it was */
		adv = false;
		w = NULL;
	}
	if (adv)
		macip_advertise(v, m, NULL);
	else if (m->advertised)
		macip_withdraw(v, &m->mac, NULL);
	m->advertised = adv;
	if (w != NULL) {
		if (!ip_eq(&m->installed, &w->vtep) ||
		    m->inst_sticky != w->sticky) {
			if (!v->quiet)
				fib_fdb_set(v->e->fib, v->vxlan, &m->mac,
				    &w->vtep, w->sticky);
			m->installed = w->vtep;
			m->inst_sticky = w->sticky;
		}
	} else if (m->installed.af != IP_AF_NONE && !m->dad.frozen) {
		if (!v->quiet)
			fib_fdb_del(v->e->fib, v->vxlan, &m->mac);
		memset(&m->installed, 0, sizeof(m->installed));
	}
	for (size_t i = 0; i < m->nlips; i++)
		evpn_ip_resolve(v, m->lips[i]);
	mac_maybe_free(v, m);
}

static void
resolve_all(struct evpn_vni *v)
{
	struct htab_ent *it, *cur = NULL, *next;
	size_t b = 0;

	/* resolving may free the entry: fetch the next one first */
	it = htab_next(&v->macs, &b, &cur);
	while (it != NULL) {
		next = htab_next(&v->macs, &b, &cur);
		evpn_mac_resolve(v, (struct evpn_mac *)it);
		it = next;
	}
}

void
evpn_mac_sync(struct evpn_vni *v)
{
	resolve_all(v);
}

/* ---- local learning (fib's reports) ---- */

/* A sticky MAC (RFC 7432 section 15.2) stays where it is: a conflicting
 * learn or route is refused, logged and counted. */
static void
sticky_conflict(struct evpn_vni *v, const struct evpn_mac *m,
    const struct ip_addr *vtep, bool local_learn)
{
	char mac[MAC_STRLEN], ip[IP_STRLEN];

	v->sticky_conflicts++;
	if (local_learn)
		log_msg(v->e->log, LOG_LVL_WARNING, "evpn: VNI %u: MAC %s "
		    "learned locally is sticky at VTEP %s: not advertised",
		    v->vni, mac_fmt(&m->mac, mac), ip_fmt(vtep, ip));
	else
		log_msg(v->e->log, LOG_LVL_WARNING, "evpn: VNI %u: static "
		    "MAC %s claimed by VTEP %s: ignored", v->vni,
		    mac_fmt(&m->mac, mac), ip_fmt(vtep, ip));
}

void
evpn_fdb(struct evpn *e, const struct fib_fdb_event *ev, bool add)
{
	struct evpn_vni *v = evpn_vni_by_bridge(e, ev->bridge);
	struct evpn_mac *m;

	if (v == NULL || ev->port == v->vxlan)
		return;
	if ((m = mac_get(v, &ev->mac, add)) == NULL)
		return;
	if (add) {
		const struct evpn_imp *w = evpn_claims_best(&m->claims);

		if (!m->local && !ev->is_static && w != NULL && w->sticky)
			sticky_conflict(v, m, &w->vtep, true);
		evpn_mob_learned(m, ev->is_static);	/* a move to us? */
		m->local = true;
		m->port = ev->port;
		m->is_static = ev->is_static;
	} else {
		m->local = false;
		m->port = 0;
	}
	evpn_mac_resolve(v, m);
}

void
evpn_neigh(struct evpn *e, const struct fib_neigh_event *ev, bool add)
{
	struct evpn_vni *v = evpn_vni_by_bridge(e, ev->ifindex);
	struct evpn_mac *m;
	struct evpn_ip *p;

	if (v == NULL || (p = ip_get(v, &ev->ip, add)) == NULL)
		return;
	if (p->local && (!add || !mac_eq(&p->lmac, &ev->mac)) &&
	    (m = mac_get(v, &p->lmac, false)) != NULL) {
		lips_del(m, p);
		p->local = false;
		mac_maybe_free(v, m);
	}
	if (add && !p->local) {
		m = mac_get(v, &ev->mac, true);
		lips_add(m, p);
		p->local = true;
		p->lmac = ev->mac;
		/* the IP moved to us: the MAC's routes go past its sequence */
		if (evpn_mob_ip_learned(m, p)) {
			evpn_mac_resolve(v, m);	/* resolves p too */
			return;
		}
	}
	evpn_ip_resolve(v, p);
}

/* ---- import records ---- */

void
evpn_imp_apply(struct evpn_vni *v, struct evpn_imp *imp)
{
	struct evpn_vtep *t;
	struct evpn_mac *m;
	struct evpn_ip *p;

	if (imp->type == EVPN_RT_IMET) {
		t = vtep_get(v, &imp->vtep, true);
		if (t->refs++ == 0 && !t->installed) {
			fib_flood_set(v->e->fib, v->vxlan, &t->ip);
			t->installed = true;
		}
		return;
	}
	m = mac_get(v, &imp->mac, true);
	if (m->local && (m->is_static || imp->sticky))
		sticky_conflict(v, m, &imp->vtep, !m->is_static);
	evpn_claims_add(&m->claims, imp);
	evpn_mob_claimed(m, imp);
	evpn_mac_resolve(v, m);
	if (imp->ip.af == IP_AF_NONE)
		return;
	p = ip_get(v, &imp->ip, true);
	evpn_claims_add(&p->claims, imp);
	evpn_ip_resolve(v, p);
}

void
evpn_imp_undo(struct evpn_vni *v, struct evpn_imp *imp)
{
	struct evpn_vtep *t;
	struct evpn_mac *m;
	struct evpn_ip *p;

	if (imp->type == EVPN_RT_IMET) {
		if ((t = vtep_get(v, &imp->vtep, false)) == NULL ||
		    --t->refs > 0)
			return;
		if (t->installed && !v->quiet)
			fib_flood_del(v->e->fib, v->vxlan, &t->ip);
		htab_del(&v->vteps, &t->te);
		free(t);
		return;
	}
	if (imp->ip.af != IP_AF_NONE &&
	    (p = ip_get(v, &imp->ip, false)) != NULL) {
		evpn_claims_del(&p->claims, imp);
		evpn_ip_resolve(v, p);
	}
	if ((m = mac_get(v, &imp->mac, false)) != NULL) {
		evpn_claims_del(&m->claims, imp);
		evpn_mac_resolve(v, m);
	}
}

static void
imp_free(struct evpn *e, struct evpn_imp *imp)
{
	htab_del(&e->imps, &imp->te);
	free(imp);
}

void
evpn_imp_drop_vni(struct evpn *e, struct evpn_vni *v)
{
	struct htab_ent *it, *cur = NULL, *next;
	size_t b = 0;

	it = htab_next(&e->imps, &b, &cur);
	while (it != NULL) {
		struct evpn_imp *imp = (struct evpn_imp *)it;

		next = htab_next(&e->imps, &b, &cur);
		for (uint8_t i = 0; i < imp->nvni; i++)
			if (imp->vni[i] == v->vni) {
				evpn_imp_undo(v, imp);
				imp->vni[i] = imp->vni[--imp->nvni];
				break;
			}
		if (imp->nvni == 0 && imp->nl3 == 0)
			imp_free(e, imp);
		it = next;
	}
}

/* What the route's attributes say: VTEP, MAC Mobility. */
static bool
imp_fill(struct evpn_imp *imp, const struct evpn_route *r,
    const struct bgp_evpn_attrs *a)
{
	struct evpn_ecomm ec;

	imp->type = r->type;
	imp->rd = r->rd;
	imp->mac = r->mac;
	imp->ip = r->ip;
	imp->vtep = a->nexthop;
	if (r->type == EVPN_RT_IMET) {
		memset(&imp->mac, 0, sizeof(imp->mac));
		/* RFC 8365 section 5.1.3: ingress replication only */
		if (a->has_pmsi && a->pmsi_type != BGP_PMSI_INGRESS_REPL)
			return false;
		if (a->has_pmsi && a->pmsi_endpoint.af != IP_AF_NONE)
			imp->vtep = a->pmsi_endpoint;
		else if (r->ip.af != IP_AF_NONE)
			imp->vtep = r->ip;
		memset(&imp->ip, 0, sizeof(imp->ip));
	}
	for (size_t i = 0; i < a->necomm; i++) {
		evpn_ecomm_decode(&a->ecomm[i], &ec);
		if (ec.kind == EVPN_EC_MAC_MOBILITY) {
			imp->seq = ec.u.mm.seq;
			imp->sticky = ec.u.mm.sticky;
		} else if (ec.kind == EVPN_EC_ROUTER_MAC) {
			imp->has_rmac = true;
			imp->rmac = ec.u.mac;
		}
	}
	/* what routes into a VRF: a host (type-2 with an IP and the L3VNI
	 * label) or a prefix (type-5) */
	if (r->type == EVPN_RT_MACIP && r->ip.af != IP_AF_NONE &&
	    r->nlabels == 2) {
		imp->pfx.addr = r->ip;
		imp->pfx.len = (uint8_t)(ip_af_len(r->ip.af) * 8);
	} else if (r->type == EVPN_RT_PREFIX) {
		imp->pfx.addr = r->ip;
		imp->pfx.len = r->ip_plen;
	}
	return imp->vtep.af != IP_AF_NONE;
}

static bool
vcache_hit(const struct evpn *e, const struct evpn_imp *imp,
    const struct bgp_evpn_attrs *a)
{
	return e->vcache.gen == e->vni_gen && a->necomm == e->vcache.necomm &&
	    ip_eq(&imp->vtep, &e->vcache.vtep) && (a->necomm == 0 ||
	    memcmp(a->ecomm, e->vcache.ecomm, a->necomm *
	    sizeof(a->ecomm[0])) == 0);
}

/* The active VNIs importing the route, not counting our own VTEP. */
static void
imp_vnis(struct evpn *e, struct evpn_imp *imp,
    const struct bgp_evpn_attrs *a)
{
	struct htab_ent *it, *cur = NULL;
	size_t b = 0;
	bool cacheable = a->necomm <= EVPN_VCACHE_ECOMM;

	if (imp->type == EVPN_RT_PREFIX)
		;	/* VRFs only */
	else if (cacheable && vcache_hit(e, imp, a)) {
		imp->nvni = e->vcache.nvni;
		memcpy(imp->vni, e->vcache.vni, sizeof(imp->vni));
	} else {
		while ((it = htab_next(&e->vnis, &b, &cur)) != NULL) {
			struct evpn_vni *v = (struct evpn_vni *)it;

			if (!v->active || ip_eq(&v->local, &imp->vtep) ||
			    !evpn_vni_imports(v, a->ecomm, a->necomm))
				continue;
			if (imp->nvni == EVPN_IMP_VNIS) {
				log_msg(e->log, LOG_LVL_WARNING, "evpn: a route "
				    "imported into more than %d VNIs",
				    EVPN_IMP_VNIS);
				break;
			}
			imp->vni[imp->nvni++] = v->vni;
		}
		if (cacheable) {
			e->vcache.gen = e->vni_gen;
			e->vcache.vtep = imp->vtep;
			e->vcache.necomm = a->necomm;
			if (a->necomm > 0)
				memcpy(e->vcache.ecomm, a->ecomm,
				    a->necomm * sizeof(a->ecomm[0]));
			e->vcache.nvni = imp->nvni;
			memcpy(e->vcache.vni, imp->vni, sizeof(imp->vni));
		}
	}
	evpn_vrf_imp_match(e, imp, a);
}

static void
imp_apply_all(struct evpn *e, struct evpn_imp *imp, bool undo)
{
	for (uint8_t i = 0; i < imp->nvni; i++) {
		struct evpn_vni *v = evpn_vni_find(e, imp->vni[i]);

		if (v == NULL)
			continue;
		if (undo)
			evpn_imp_undo(v, imp);
		else
			evpn_imp_apply(v, imp);
	}
	for (uint8_t i = 0; i < imp->nl3; i++) {
		struct evpn_vrf *vrf = evpn_vrf_by_l3vni(e, imp->l3vni[i]);

		if (vrf == NULL)
			continue;
		if (undo)
			evpn_vrf_imp_undo(vrf, imp);
		else
			evpn_vrf_imp_apply(vrf, imp);
	}
}

void
evpn_import(struct evpn *e, const uint8_t *nlri, size_t len,
    const struct bgp_evpn_attrs *a)
{
	struct evpn_route r;
	struct evpn_imp *imp;
	struct wire_rd rd;
	bool isnew;
	uint8_t key[BGP_ROUTE_KEY_MAX];
	const char *why = NULL;
	size_t klen;

	memset(&r, 0, sizeof(r));
	wire_rd_init(&rd, nlri, len);
	if (evpn_route_decode(&rd, false, &r, &why) == -1 ||
	    (r.type != EVPN_RT_MACIP && r.type != EVPN_RT_IMET &&
	    r.type != EVPN_RT_PREFIX))
		return;
	klen = evpn_afi_ops.key(&r, key);
	if (klen > HTAB_KEY_MAX)
		return;
	if (a == NULL) {
		imp = (struct evpn_imp *)htab_find(&e->imps, key, klen);
		if (imp != NULL) {
			imp_apply_all(e, imp, true);
			imp_free(e, imp);
		}
		return;
	}
	/* one lookup; a record replaced is undone and refilled in place */
	imp = (struct evpn_imp *)htab_get(&e->imps, key, klen, sizeof(*imp),
	    &isnew);
	if (!isnew) {
		struct htab_ent te = imp->te;

		imp_apply_all(e, imp, true);
		memset(imp, 0, sizeof(*imp));
		imp->te = te;
	}
	if (imp_fill(imp, &r, a))
		imp_vnis(e, imp, a);
	if (imp->nvni == 0 && imp->nl3 == 0) {
		imp_free(e, imp);
		return;
	}
	imp_apply_all(e, imp, false);
}

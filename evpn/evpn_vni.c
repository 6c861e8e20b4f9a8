/*
 * evpn_vni.c -- the VNIs: discovered from fib's link reports, made
 * active by the configuration, their RD and route targets, and their
 * type-3 (inclusive multicast) route.
 *
 * DOC: a VXLAN device with a VNI is one struct evpn_vni from the moment
 * it is reported until it goes (or its VNI changes).  It is active --
 * its routes advertised, remote routes imported into it -- when the
 * default `router bgp` has `advertise-all-vni`, the device is up, has a
 * local address and is enslaved to a bridge that exists.  Local MACs
 * are kept while it is inactive, so activation advertises them at once.
 * RD: `rd` under `vni N`, else RFC 7432 section 7.9's type 1
 * router-id:index, the index the lowest free one from 2 (FRR's
 * allocation: 1 is the default VRF's).  Route targets: `route-target import|export`, else
 * RFC 8365 section 5.1.2.1's ASN:VNI (a 4-octet ASN: type 2 with the
 * VNI's low 16 bits, as FRR does).  Type-3: RD, Ethernet tag 0, our VTEP
 * address, PMSI ingress replication with the VNI as label (RFC 8365
 * section 5.1.3), the export RTs and the VXLAN encapsulation community.
 */
#include "evpn_local.h"

#include <event2/event.h>

#include <stdlib.h>
#include <string.h>

#include "bgp_proto.h"
#include "log.h"

/* ---- links ---- */

struct evpn_link *
evpn_link_get(const struct evpn *e, uint32_t ifindex)
{
	return (struct evpn_link *)htab_find(&e->links, &ifindex,
	    sizeof(ifindex));
}

struct evpn_vni *
evpn_vni_find(const struct evpn *e, uint32_t vni)
{
	return (struct evpn_vni *)htab_find(&e->vnis, &vni, sizeof(vni));
}

struct evpn_vni *
evpn_vni_by_bridge(const struct evpn *e, uint32_t bridge)
{
	struct htab_ent *it, *cur = NULL;
	size_t b = 0;

	if (bridge == 0)
		return NULL;
	while ((it = htab_next(&e->vnis, &b, &cur)) != NULL) {
		struct evpn_vni *v = (struct evpn_vni *)it;

		if (v->bridge == bridge)
			return v;
	}
	return NULL;
}

static struct evpn_vni *
vni_by_vxlan(const struct evpn *e, uint32_t ifindex)
{
	struct htab_ent *it, *cur = NULL;
	size_t b = 0;

	while ((it = htab_next(&e->vnis, &b, &cur)) != NULL)
		if (((struct evpn_vni *)it)->vxlan == ifindex)
			return (struct evpn_vni *)it;
	return NULL;
}

/* ---- RD and route targets ---- */

uint16_t
evpn_rd_index_get(struct evpn *e)
{
	/* from 2: FRR keeps 1 for the default VRF's own RD */
	for (uint32_t i = 2; i <= EVPN_RD_INDEX_MAX; i++)
		if (!(e->rd_used[i / 8] & (1u << (i % 8)))) {
			e->rd_used[i / 8] |= (uint8_t)(1u << (i % 8));
			return (uint16_t)i;
		}
	return 0;
}

void
evpn_rd_index_put(struct evpn *e, uint16_t *index)
{
	if (*index != 0)
		e->rd_used[*index / 8] &= (uint8_t)~(1u << (*index % 8));
	*index = 0;
}

void
evpn_rd_auto(const struct evpn *e, uint16_t index, struct evpn_rd *rd)
{
	uint32_t rid = bgp_router_id(e->bgp);

	memset(rd, 0, sizeof(*rd));
	rd->b[1] = 1;			/* type 1: IPv4 : 2 octets */
	rd->b[2] = (uint8_t)(rid >> 24);
	rd->b[3] = (uint8_t)(rid >> 16);
	rd->b[4] = (uint8_t)(rid >> 8);
	rd->b[5] = (uint8_t)rid;
	rd->b[6] = (uint8_t)(index >> 8);
	rd->b[7] = (uint8_t)index;
}

void
evpn_rt_auto(const struct evpn *e, uint32_t vni, struct ext_comm *rt)
{
	struct evpn_ecomm ec = { .kind = EVPN_EC_RT, .transitive = true };
	uint32_t asn = e->inst != NULL ? e->inst->asn : 0;

	ec.u.rt.global = asn;
	if (asn <= UINT16_MAX) {
		ec.u.rt.form = EVPN_RT_AS2;
		ec.u.rt.local = vni;
	} else {
		ec.u.rt.form = EVPN_RT_AS4;
		ec.u.rt.local = vni & 0xffff;
	}
	if (evpn_ecomm_encode(&ec, rt) == -1)
		memset(rt, 0, sizeof(*rt));
}

/* The RD and RTs v should use now. */
static void
ids_derive(struct evpn_vni *v)
{
	struct evpn *e = v->e;
	const struct bgp_conf_vni *cv = bgp_conf_vni_find(e->inst, v->vni);

	if (cv != NULL && cv->has_rd) {
		evpn_rd_index_put(e, &v->rd_index);
		v->rd = cv->rd;
	} else {
		if (v->rd_index == 0)
			v->rd_index = evpn_rd_index_get(e);
		evpn_rd_auto(e, v->rd_index, &v->rd);
	}
	v->nimport = cv != NULL ? cv->nimport : 0;
	v->nexport = cv != NULL ? cv->nexport : 0;
	if (v->nimport > 0)
		memcpy(v->import, cv->import, v->nimport * sizeof(v->import[0]));
	if (v->nexport > 0)
		memcpy(v->export, cv->export, v->nexport * sizeof(v->export[0]));
	if (v->nimport == 0) {
		evpn_rt_auto(e, v->vni, &v->import[0]);
		v->nimport = 1;
	}
	if (v->nexport == 0) {
		evpn_rt_auto(e, v->vni, &v->export[0]);
		v->nexport = 1;
	}
}

size_t
evpn_vni_ecomm(const struct evpn_vni *v, struct ext_comm *out, size_t cap)
{
	struct evpn_ecomm enc = { .kind = EVPN_EC_ENCAP, .transitive = true,
	    .u.encap = EVPN_ENCAP_VXLAN };
	size_t n = 0;

	for (size_t i = 0; i < v->nexport && n < cap; i++)
		out[n++] = v->export[i];
	if (n < cap && evpn_ecomm_encode(&enc, &out[n]) == 0)
		n++;
	return n;
}

/* Route targets compare on their 6 value octets and the type's high
 * bits (RFC 4360 section 3: the transitive bit may differ in transit). */
static bool
rt_eq(const struct ext_comm *a, const struct ext_comm *b)
{
	return (a->b[0] & 0x3f) == (b->b[0] & 0x3f) && a->b[1] == b->b[1] &&
	    memcmp(a->b + 2, b->b + 2, 6) == 0;
}

bool
evpn_vni_imports(const struct evpn_vni *v, const struct ext_comm *ec,
    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ec[i].b[1] != 0x02)		/* subtype Route Target */
			continue;
		for (size_t k = 0; k < v->nimport; k++)
			if (rt_eq(&ec[i], &v->import[k]))
				return true;
	}
	return false;
}

/* ---- type-3 ---- */

static void
imet_route(const struct evpn_vni *v, struct evpn_route *r)
{
	memset(r, 0, sizeof(*r));
	r->type = EVPN_RT_IMET;
	r->rd = v->rd;
	r->ip = v->local;
}

static void
imet_advertise(struct evpn_vni *v)
{
	struct ext_comm ec[BGP_CONF_RT_MAX + 1];
	struct bgp_evpn_attrs a = { .nexthop = v->local, .ecomm = ec,
	    .has_pmsi = true, .pmsi_type = BGP_PMSI_INGRESS_REPL,
	    .pmsi_label = v->vni, .pmsi_endpoint = v->local };
	struct evpn_route r;

	a.necomm = evpn_vni_ecomm(v, ec, sizeof(ec) / sizeof(ec[0]));
	imet_route(v, &r);
	bgp_evpn_local_set(v->e->bgp, &r, &a);
	v->imet = true;
}

static void
imet_withdraw(struct evpn_vni *v)
{
	struct evpn_route r;

	if (!v->imet)
		return;
	imet_route(v, &r);
	bgp_evpn_local_set(v->e->bgp, &r, NULL);
	v->imet = false;
}

/* ---- activation ---- */

static bool
vni_wanted(const struct evpn_vni *v)
{
	const struct evpn *e = v->e;
	const struct evpn_link *br = evpn_link_get(e, v->bridge);

	return e->inst != NULL && e->inst->advertise_all_vni && v->up &&
	    v->local.af != IP_AF_NONE && br != NULL &&
	    br->l.kind == FIB_LINK_BRIDGE && !e->conf->no_rib;
}

static void
vni_deactivate(struct evpn_vni *v, bool kernel)
{
	char rd[RD_STRLEN];

	if (!v->active)
		return;
	v->active = false;
	v->e->vni_gen++;
	v->quiet = !kernel;
	imet_withdraw(v);
	evpn_mac_sync(v);
	evpn_imp_drop_vni(v->e, v);
	v->quiet = false;
	v->vrf = NULL;
	log_msg(v->e->log, LOG_LVL_INFO, "evpn: VNI %u down (RD %s)", v->vni,
	    rd_fmt(&v->rd, rd));
}

static void
vni_activate(struct evpn_vni *v)
{
	char rd[RD_STRLEN];

	struct evpn_vrf *vrf = evpn_vrf_of(v->e, v);

	ids_derive(v);
	v->vrf = vrf != NULL && vrf->active ? vrf : NULL;
	v->active = true;
	v->e->vni_gen++;
	imet_advertise(v);
	evpn_mac_sync(v);
	log_msg(v->e->log, LOG_LVL_INFO, "evpn: VNI %u up, VTEP %s, RD %s",
	    v->vni, ip_fmt(&v->local, (char[IP_STRLEN]){ 0 }),
	    rd_fmt(&v->rd, rd));
	evpn_replay_soon(v->e);
}

/* Bring v to what its links and the configuration say. */
static void
vni_sync(struct evpn_vni *v)
{
	bool want = vni_wanted(v);

	if (want && !v->active)
		vni_activate(v);
	else if (!want && v->active)
		vni_deactivate(v, true);
}

static struct evpn_vni *
vni_new(struct evpn *e, uint32_t vni)
{
	struct evpn_vni *v = xcalloc(1, sizeof(*v));

	v->e = e;
	v->vni = vni;
	memcpy(v->te.key, &vni, sizeof(vni));
	v->te.klen = sizeof(vni);
	evpn_mac_init(v);
	htab_add(&e->vnis, &v->te);
	return v;
}

static void
vni_free(struct evpn_vni *v, bool kernel)
{
	vni_deactivate(v, kernel);
	evpn_mac_fini(v);
	evpn_rd_index_put(v->e, &v->rd_index);
	htab_del(&v->e->vnis, &v->te);
	free(v);
}

/* ---- fib's link reports ---- */

static void
vxlan_seen(struct evpn *e, const struct fib_link *l, bool present)
{
	struct evpn_vni *v = vni_by_vxlan(e, l->ifindex);
	struct evpn_vrf *vrf;

	if (v != NULL && (!present || v->vni != l->vni ||
	    evpn_vrf_by_l3vni(e, l->vni) != NULL)) {
		vni_free(v, false);
		v = NULL;
	}
	TAILQ_FOREACH(vrf, &e->vrfs, entry)
		if (vrf->vxlan == l->ifindex && (!present ||
		    vrf->l3vni != l->vni))
			evpn_vrf_link(vrf, l, false);
	if (!present || l->vni == 0)
		return;
	if ((vrf = evpn_vrf_by_l3vni(e, l->vni)) != NULL) {
		evpn_vrf_link(vrf, l, true);
		return;
	}
	if (v == NULL && (v = evpn_vni_find(e, l->vni)) != NULL) {
		log_msg(e->log, LOG_LVL_WARNING, "evpn: VNI %u on both "
		    "ifindex %u and %s: ignoring %s", l->vni, v->vxlan, l->name,
		    l->name);
		return;
	}
	if (v == NULL)
		v = vni_new(e, l->vni);
	v->vxlan = l->ifindex;
	if (v->active && (v->bridge != l->master ||
	    !ip_eq(&v->local, &l->local)))
		vni_deactivate(v, true);
	v->bridge = l->master;
	v->local = l->local;
	v->up = l->up;
	vni_sync(v);
}

/* A bridge came, went or changed: its VNIs follow. */
static void
bridge_seen(struct evpn *e, uint32_t ifindex)
{
	struct evpn_vni *v = evpn_vni_by_bridge(e, ifindex);

	if (v != NULL)
		vni_sync(v);
}

/* Every VNI to what its links, VRF and the configuration say; a VNI
 * whose VRF binding changed is re-advertised (its MAC/IP routes carry
 * the L3VNI) and re-imported. */
void
evpn_vnis_sync(struct evpn *e)
{
	struct htab_ent *it, *cur = NULL;
	size_t b = 0;

	if (e->stopping)
		return;
	while ((it = htab_next(&e->vnis, &b, &cur)) != NULL) {
		struct evpn_vni *v = (struct evpn_vni *)it;
		struct evpn_vrf *vrf = evpn_vrf_of(e, v);

		if (vrf != NULL && !vrf->active)
			vrf = NULL;
		if (v->active && vni_wanted(v) && vrf != v->vrf)
			vni_deactivate(v, true);
		vni_sync(v);
	}
}

void
evpn_link(struct evpn *e, const struct fib_link *l, bool present)
{
	struct evpn_link *k = evpn_link_get(e, l->ifindex);

	if (present) {
		if (k == NULL)
			k = (struct evpn_link *)htab_get(&e->links,
			    &l->ifindex, sizeof(l->ifindex), sizeof(*k),
			    NULL);
		k->l = *l;
	} else if (k != NULL) {
		htab_del(&e->links, &k->te);
		free(k);
	}
	if (l->kind == FIB_LINK_VXLAN)
		vxlan_seen(e, l, present);
	else if (l->kind == FIB_LINK_BRIDGE)
		bridge_seen(e, l->ifindex);
	evpn_vrf_link_changed(e, l->ifindex);
}

/* ---- replays ---- */

static void
replay_cb(evutil_socket_t fd, short what, void *arg)
{
	struct evpn *e = arg;

	(void)fd;
	(void)what;
	bgp_evpn_replay(e->bgp);
}

/*
 * A VNI or VRF became active: bgpd's EVPN table is imported into it once
 * the current event is done, so the VNIs a start-up dump brings cost one
 * walk of the table, not one each.
 */
void
evpn_replay_soon(struct evpn *e)
{
	struct timeval now = { 0, 0 };

	if (e->base == NULL) {
		bgp_evpn_replay(e->bgp);
		return;
	}
	if (e->replay_ev == NULL &&
	    (e->replay_ev = evtimer_new(e->base, replay_cb, e)) == NULL)
		fatalx("%s: evtimer_new", __func__);
	if (!evtimer_pending(e->replay_ev, NULL))
		evtimer_add(e->replay_ev, &now);
}

/* ---- life cycle ---- */

static void
conf_set(struct evpn *e, const struct bgp_conf *conf)
{
	e->conf = conf;
	e->inst = bgp_conf_inst_find(conf, "default");
}

struct evpn *
evpn_new(const struct evpn_env *env, const struct bgp_conf *conf)
{
	struct evpn *e = xcalloc(1, sizeof(*e));

	e->base = env->base;
	e->log = env->log;
	e->fib = env->fib;
	e->bgp = env->bgp;
	siphash_key_random(&e->hkey);
	e->vni_gen = 1;		/* the import cache starts empty (gen 0) */
	htab_init(&e->links, &e->hkey);
	htab_init(&e->vnis, &e->hkey);
	htab_init(&e->imps, &e->hkey);
	conf_set(e, conf);
	evpn_vrf_init(e);
	return e;
}

void
evpn_free(struct evpn *e)
{
	struct htab_ent *it;
	size_t b;

	if (e == NULL)
		return;
	e->stopping = true;
	for (;;) {
		struct htab_ent *cur = NULL;

		b = 0;
		if ((it = htab_next(&e->vnis, &b, &cur)) == NULL)
			break;
		vni_free((struct evpn_vni *)it, false);
	}
	htab_fini(&e->vnis);
	evpn_vrf_fini(e);
	evpn_dad_fini(e);
	if (e->replay_ev != NULL)
		event_free(e->replay_ev);
	htab_free_all(&e->imps);
	htab_free_all(&e->links);
	free(e);
}

/* Would the configuration change v's RD or route targets? */
static bool
ids_changed(struct evpn_vni *v)
{
	struct evpn_vni now = *v;
	bool changed;

	ids_derive(&now);
	changed = memcmp(&now.rd, &v->rd, sizeof(v->rd)) != 0 ||
	    now.nimport != v->nimport || now.nexport != v->nexport ||
	    memcmp(now.import, v->import, v->nimport * sizeof(v->import[0])) ||
	    memcmp(now.export, v->export, v->nexport * sizeof(v->export[0]));
	if (now.rd_index != v->rd_index)	/* taken or given back */
		v->rd_index = now.rd_index;
	return changed;
}

void
evpn_reconfigure(struct evpn *e, const struct bgp_conf *conf)
{
	struct htab_ent *it, *cur = NULL;
	size_t b = 0;

	conf_set(e, conf);
	evpn_vrf_reconfigure(e);
	/* a VNI may have become an L3VNI, or stopped being one */
	while ((it = htab_next(&e->links, &b, &cur)) != NULL) {
		const struct fib_link *l = &((struct evpn_link *)it)->l;

		if (l->kind == FIB_LINK_VXLAN)
			vxlan_seen(e, l, true);
	}
	cur = NULL;
	b = 0;
	while ((it = htab_next(&e->vnis, &b, &cur)) != NULL) {
		struct evpn_vni *v = (struct evpn_vni *)it;

		if (v->active && vni_wanted(v) && ids_changed(v)) {
			/* withdraw under the old RD, advertise under the
			 * new one, re-import under the new RTs */
			vni_deactivate(v, true);
			vni_activate(v);
		}
	}
	evpn_vnis_sync(e);
}

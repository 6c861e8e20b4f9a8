/*
 * evpn_vrf.c -- tenant VRFs: the L3VNI, symmetric IRB (RFC 9135) and IP
 * prefix routes (RFC 9136).
 *
 * DOC: a VRF is `vrf NAME / vni N / table N`: the kernel routing table N
 * (no VRF device needed, DESIGN.md section 4) and the L3VNI N, a VXLAN
 * device with VNI N enslaved to a bridge, the L3 SVI, whose MAC is the
 * router MAC.  An interface belongs to the VRF when its master is a VRF
 * device with table N, or, on kernels without VRF devices, when an `ip
 * rule iif NAME lookup N` says so (fib's rule reports); an L2 VNI whose
 * SVI (its bridge) belongs to it routes through it: its MAC/IP routes
 * carry the L3VNI as second label, the VRF's route target (ASN:L3VNI)
 * and the Router's MAC community.  The VRF is active when the L3VNI's device is
 * up with a local address and a bridge, and `advertise-all-vni` is on.
 * Imports: a type-2 route with an IP and two labels, or a type-5 route,
 * whose route targets name the VRF becomes a route in table N via the
 * remote VTEP, onlink on the L3 SVI (ECMP across VTEPs), with a
 * neighbour entry VTEP -> router MAC on the L3 SVI and an FDB entry
 * router MAC -> VTEP on the L3VNI's VXLAN device (one per remote VTEP,
 * reference-counted).  Exports: with `advertise ipv4|ipv6 unicast` under
 * `router bgp ASN vrf NAME`'s l2vpn evpn, the subnets of the VRF's
 * interfaces (connected routes) and the best paths the VRF's BGP
 * instance learned from routers (an edge gateway: bgpd's rib_change for
 * the VRF's table, evpn_vrf_bgp_route()) as type-5 routes; with
 * `default-originate ipv4|ipv6` there, 0.0.0.0/0 or ::/0 as well.
 * Edge gateway, the other way: every prefix imported into the VRF's
 * table (type-5, type-2 host routes) is handed to the VRF's BGP instance
 * (bgp_vrf_evpn_set), which advertises it to the routers under its
 * outbound policy and never installs it.  Arbitration for one prefix in
 * the table: a route learned from a router wins (bgpd ranks the EVPN
 * path below it, and evpn keeps its import out of the kernel while
 * bgpd's route exists, evpn_vrf_kernel_nh()), so gateways reach the
 * outside through their own routers, not through each other's type-5.
 * Known gaps: static and kernel routes of the VRF table are not
 * exported; a full export sync (an interface address or rule changed)
 * walks every router-learned route (TODO(#7): slice it for full
 * tables; a route's own change is incremental, export_update()).
 */
#include "evpn_local.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

static size_t
pfx_key(const struct ip_prefix *p, uint8_t *key)
{
	size_t n = ip_af_len(p->addr.af);

	key[0] = p->addr.af;
	key[1] = p->len;
	memcpy(key + 2, p->addr.a, n);
	return n + 2;
}

static void
pfx_mask(struct ip_prefix *p)
{
	size_t n = ip_af_len(p->addr.af);

	for (size_t i = 0; i < n; i++) {
		size_t bit = i * 8;

		if (bit >= p->len)
			p->addr.a[i] = 0;
		else if (bit + 8 > p->len)
			p->addr.a[i] &= (uint8_t)(0xff00u >> (p->len - bit));
	}
	memset(p->addr.a + n, 0, sizeof(p->addr.a) - n);
}

static size_t
bgproute_key(uint32_t table, const struct ip_prefix *p, uint8_t *key)
{
	memcpy(key, &table, 4);
	return 4 + pfx_key(p, key + 4);
}

static bool
bgproute_has(const struct evpn *e, uint32_t table, const struct ip_prefix *p)
{
	uint8_t key[22];

	return htab_find(&e->bgproutes, key, bgproute_key(table, p, key)) !=
	    NULL;
}

struct evpn_vrf *
evpn_vrf_by_l3vni(const struct evpn *e, uint32_t l3vni)
{
	struct evpn_vrf *vrf;

	TAILQ_FOREACH(vrf, &e->vrfs, entry)
		if (vrf->l3vni == l3vni)
			return vrf;
	return NULL;
}

static struct evpn_vrf *
vrf_by_table(const struct evpn *e, uint32_t table)
{
	struct evpn_vrf *vrf;

	TAILQ_FOREACH(vrf, &e->vrfs, entry)
		if (vrf->table == table)
			return vrf;
	return NULL;
}

/* The VRF of an interface: its master VRF device's table, where the
 * kernel has them, else the table an `ip rule iif NAME` points at. */
static struct evpn_vrf *
vrf_of_ifindex(const struct evpn *e, uint32_t ifindex)
{
	const struct evpn_link *l = evpn_link_get(e, ifindex), *m;
	const struct evpn_rule *r;
	struct evpn_vrf *vrf;

	if (l == NULL)
		return NULL;
	if (l->l.master != 0 && (m = evpn_link_get(e, l->l.master)) != NULL &&
	    m->l.kind == FIB_LINK_VRF)
		return vrf_by_table(e, m->l.table);
	TAILQ_FOREACH(r, &e->rules, entry)
		if (strcmp(r->iif, l->l.name) == 0 &&
		    (vrf = vrf_by_table(e, r->table)) != NULL)
			return vrf;
	return NULL;
}

struct evpn_vrf *
evpn_vrf_of(const struct evpn *e, const struct evpn_vni *v)
{
	return vrf_of_ifindex(e, v->bridge);
}

size_t
evpn_vrf_ecomm(const struct evpn_vrf *vrf, struct ext_comm *out, size_t cap)
{
	struct evpn_ecomm rm = { .kind = EVPN_EC_ROUTER_MAC,
	    .transitive = true };
	size_t n = 0;

	if (cap < 2)
		return 0;
	out[n++] = vrf->rt;
	rm.u.mac = vrf->rmac;
	if (evpn_ecomm_encode(&rm, &out[n]) == 0)
		n++;
	return n;
}

/* ---- remote VTEPs: router MAC neighbour and FDB entries ---- */

/* An IPv6 route via an IPv4 VTEP goes via ::ffff:VTEP (fib.h), whose
 * router-MAC neighbour is ours to install. */
static bool
mapped_needed(const struct evpn_imp *imp)
{
	return imp->pfx.addr.af == IP_AF_V6 && imp->vtep.af == IP_AF_V4;
}

static void
rvtep_ref(struct evpn_vrf *vrf, const struct evpn_imp *imp)
{
	uint8_t key[EVPN_IP_KEY_MAX];
	bool isnew;
	struct evpn_rvtep *t = (struct evpn_rvtep *)htab_get(&vrf->rvteps,
	    key, evpn_ip_key(&imp->vtep, key), sizeof(*t), &isnew);

	bool first6;

	if (isnew)
		t->ip = imp->vtep;
	first6 = mapped_needed(imp) && t->refs6++ == 0;
	if (t->refs++ == 0 || !mac_eq(&t->rmac, &imp->rmac)) {
		if (t->refs > 1)
			fib_fdb_del(vrf->e->fib, vrf->vxlan, &t->rmac);
		t->rmac = imp->rmac;
		fib_neigh_set(vrf->e->fib, vrf->bridge, &t->ip, &t->rmac,
		    false);
		fib_fdb_set(vrf->e->fib, vrf->vxlan, &t->rmac, &t->ip, false);
		first6 = t->refs6 > 0;
	}
	if (first6) {
		struct ip_addr m = ip_v4_mapped(&t->ip);

		fib_neigh_set(vrf->e->fib, vrf->bridge, &m, &t->rmac, false);
	}
}

static void
rvtep_unref(struct evpn_vrf *vrf, const struct evpn_imp *imp)
{
	uint8_t key[EVPN_IP_KEY_MAX];
	struct evpn_rvtep *t = (struct evpn_rvtep *)htab_find(&vrf->rvteps,
	    key, evpn_ip_key(&imp->vtep, key));

	if (t == NULL)
		return;
	if (mapped_needed(imp) && --t->refs6 == 0 && !vrf->quiet) {
		struct ip_addr m = ip_v4_mapped(&t->ip);

		fib_neigh_del(vrf->e->fib, vrf->bridge, &m);
	}
	if (--t->refs > 0)
		return;
	if (!vrf->quiet) {
		fib_neigh_del(vrf->e->fib, vrf->bridge, &t->ip);
		fib_fdb_del(vrf->e->fib, vrf->vxlan, &t->rmac);
	}
	htab_del(&vrf->rvteps, &t->te);
	free(t);
}

/* ---- routes in the VRF's table ---- */

static int
ip_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct ip_addr));
}

size_t
evpn_vrf_kernel_nh(size_t n, bool router_route)
{
	/* the router's route is in the table (the daemon's rib_change):
	 * ours stays out, one intent per (table, prefix) */
	return router_route ? 0 : n;
}

/* The VRF's BGP instance has the prefix as long as it has a claim,
 * via the lowest VTEP claiming it (nh sorted; n 0: none). */
static void
vroute_bgp(struct evpn_vrf *vrf, struct evpn_vroute *r,
    const struct ip_addr *nh, size_t n)
{
	if ((n > 0) == r->in_bgp && (n == 0 || ip_eq(&nh[0], &r->bgp_vtep)))
		return;
	r->in_bgp = n > 0;
	if (n > 0)
		r->bgp_vtep = nh[0];
	bgp_vrf_evpn_set(vrf->e->bgp, vrf->name, &r->pfx, n > 0 ? &nh[0] :
	    NULL);
}

static void
vroute_resolve(struct evpn_vrf *vrf, struct evpn_vroute *r)
{
	struct ip_addr nh[FIB_NEXTHOPS_MAX];
	size_t n = 0;

	for (size_t i = 0; i < r->claims.n && n < FIB_NEXTHOPS_MAX; i++) {
		size_t k;

		for (k = 0; k < n; k++)
			if (ip_eq(&nh[k], &r->claims.v[i]->vtep))
				break;
		if (k == n)
			nh[n++] = r->claims.v[i]->vtep;
	}
	qsort(nh, n, sizeof(nh[0]), ip_cmp);
	vroute_bgp(vrf, r, nh, n);
	n = evpn_vrf_kernel_nh(n, bgproute_has(vrf->e, vrf->table, &r->pfx));
	if (n != r->ninst || memcmp(nh, r->inst, n * sizeof(nh[0])) != 0) {
		if (n > 0)
			fib_route_set_dev(vrf->e->fib, vrf->table, &r->pfx,
			    nh, n, vrf->bridge, true);
		else if (!vrf->quiet)
			fib_route_del(vrf->e->fib, vrf->table, &r->pfx);
		memcpy(r->inst, nh, n * sizeof(nh[0]));
		r->ninst = n;
	}
	if (r->claims.n == 0) {
		htab_del(&vrf->routes, &r->te);
		evpn_claims_free(&r->claims);
		free(r);
	}
}

static struct evpn_vroute *
vroute_get(struct evpn_vrf *vrf, const struct ip_prefix *pfx, bool create)
{
	uint8_t key[18];
	size_t klen = pfx_key(pfx, key);
	bool isnew = false;
	struct evpn_vroute *r;

	if (!create)
		return (struct evpn_vroute *)htab_find(&vrf->routes, key, klen);
	r = (struct evpn_vroute *)htab_get(&vrf->routes, key, klen,
	    sizeof(*r), &isnew);
	if (isnew)
		r->pfx = *pfx;
	return r;
}

void
evpn_vrf_imp_apply(struct evpn_vrf *vrf, struct evpn_imp *imp)
{
	struct evpn_vroute *r = vroute_get(vrf, &imp->pfx, true);

	evpn_claims_add(&r->claims, imp);
	rvtep_ref(vrf, imp);
	vroute_resolve(vrf, r);
}

void
evpn_vrf_imp_undo(struct evpn_vrf *vrf, struct evpn_imp *imp)
{
	struct evpn_vroute *r = vroute_get(vrf, &imp->pfx, false);

	if (r == NULL)
		return;
	evpn_claims_del(&r->claims, imp);
	vroute_resolve(vrf, r);
	rvtep_unref(vrf, imp);
}

void
evpn_vrf_imp_match(struct evpn *e, struct evpn_imp *imp,
    const struct bgp_evpn_attrs *a)
{
	struct evpn_vrf *vrf;

	if (imp->pfx.addr.af == IP_AF_NONE || !imp->has_rmac)
		return;
	TAILQ_FOREACH(vrf, &e->vrfs, entry) {
		bool hit = false;

		if (!vrf->active || ip_eq(&vrf->local, &imp->vtep))
			continue;
		for (size_t i = 0; i < a->necomm && !hit; i++)
			hit = memcmp(a->ecomm[i].b + 1, vrf->rt.b + 1, 7) == 0 &&
			    (a->ecomm[i].b[0] & 0x3f) == (vrf->rt.b[0] & 0x3f);
		if (hit && imp->nl3 < EVPN_IMP_VNIS)
			imp->l3vni[imp->nl3++] = vrf->l3vni;
	}
}

/* Undo every import record's routes in vrf (it goes inactive; quiet:
 * leave the kernel alone). */
static void
imps_drop(struct evpn_vrf *vrf)
{
	struct evpn *e = vrf->e;
	struct htab_ent *it, *cur = NULL, *next;
	size_t b = 0;

	it = htab_next(&e->imps, &b, &cur);
	while (it != NULL) {
		struct evpn_imp *imp = (struct evpn_imp *)it;

		next = htab_next(&e->imps, &b, &cur);
		for (uint8_t i = 0; i < imp->nl3; i++)
			if (imp->l3vni[i] == vrf->l3vni) {
				evpn_vrf_imp_undo(vrf, imp);
				imp->l3vni[i] = imp->l3vni[--imp->nl3];
				break;
			}
		if (imp->nvni == 0 && imp->nl3 == 0) {
			htab_del(&e->imps, &imp->te);
			free(imp);
		}
		it = next;
	}
}

/* ---- type-5 exports ---- */

static void
prefix_route(const struct evpn_vrf *vrf, const struct ip_prefix *pfx,
    struct evpn_route *r)
{
	memset(r, 0, sizeof(*r));
	r->type = EVPN_RT_PREFIX;
	r->rd = vrf->rd;
	r->ip = pfx->addr;
	r->ip_plen = pfx->len;
	r->gw.af = pfx->addr.af;
	r->nlabels = 1;
	r->label[0] = vrf->l3vni;
}

static void
export_set(struct evpn_vrf *vrf, const struct ip_prefix *pfx, bool on)
{
	struct ext_comm ec[3];
	struct evpn_ecomm enc = { .kind = EVPN_EC_ENCAP, .transitive = true,
	    .u.encap = EVPN_ENCAP_VXLAN };
	struct bgp_evpn_attrs a = { .nexthop = vrf->local, .ecomm = ec };
	struct evpn_route r;

	prefix_route(vrf, pfx, &r);
	if (!on) {
		bgp_evpn_local_set(vrf->e->bgp, &r, NULL);
		return;
	}
	a.necomm = evpn_vrf_ecomm(vrf, ec, 2);
	if (evpn_ecomm_encode(&enc, &ec[a.necomm]) == 0)
		a.necomm++;
	bgp_evpn_local_set(vrf->e->bgp, &r, &a);
}

static void
export_mark(struct evpn_vrf *vrf, const struct ip_prefix *pfx)
{
	uint8_t key[18];
	struct evpn_export *x = (struct evpn_export *)htab_get(&vrf->exports,
	    key, pfx_key(pfx, key), sizeof(*x), NULL);

	x->pfx = *pfx;
	x->seen = true;
	export_set(vrf, &x->pfx, true);
}

static void
default_prefix(int v6, struct ip_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->addr.af = v6 ? IP_AF_V6 : IP_AF_V4;
}

/* Mark what the VRF exports: its interfaces' subnets and its BGP
 * instance's router-learned routes (advertise ipv4|ipv6 unicast), and
 * the default routes of default-originate. */
static void
exports_mark(struct evpn_vrf *vrf)
{
	struct evpn *e = vrf->e;
	struct htab_ent *it, *cur = NULL;
	size_t b = 0;

	while ((it = htab_next(&e->addrs, &b, &cur)) != NULL) {
		const struct evpn_addr *ad = (const struct evpn_addr *)it;

		if (vrf->adv[ad->pfx.addr.af == IP_AF_V6] &&
		    vrf_of_ifindex(e, ad->ifindex) == vrf)
			export_mark(vrf, &ad->pfx);
	}
	cur = NULL;
	b = 0;
	while ((it = htab_next(&e->bgproutes, &b, &cur)) != NULL) {
		const struct evpn_bgproute *br =
		    (const struct evpn_bgproute *)it;

		if (br->table == vrf->table &&
		    vrf->adv[br->pfx.addr.af == IP_AF_V6])
			export_mark(vrf, &br->pfx);
	}
	for (int v6 = 0; v6 < 2; v6++) {
		struct ip_prefix d;

		default_prefix(v6, &d);
		if (vrf->dflt[v6])
			export_mark(vrf, &d);
	}
}

/* Advertise exactly what exports_mark() wants (or nothing when
 * inactive). */
static void
exports_sync(struct evpn_vrf *vrf)
{
	struct htab_ent *it, *cur = NULL, *next;
	size_t b = 0;

	while ((it = htab_next(&vrf->exports, &b, &cur)) != NULL)
		((struct evpn_export *)it)->seen = false;
	if (vrf->active)
		exports_mark(vrf);
	cur = NULL;
	b = 0;
	it = htab_next(&vrf->exports, &b, &cur);
	while (it != NULL) {
		struct evpn_export *x = (struct evpn_export *)it;

		next = htab_next(&vrf->exports, &b, &cur);
		if (!x->seen) {
			export_set(vrf, &x->pfx, false);
			htab_del(&vrf->exports, &x->te);
			free(x);
		}
		it = next;
	}
}

static void
exports_sync_all(struct evpn *e)
{
	struct evpn_vrf *vrf;

	TAILQ_FOREACH(vrf, &e->vrfs, entry)
		exports_sync(vrf);
}

/* One prefix again: exported while a source still wants it. */
static void
export_update(struct evpn_vrf *vrf, const struct ip_prefix *pfx)
{
	struct evpn *e = vrf->e;
	uint8_t key[18];
	struct evpn_export *x = (struct evpn_export *)htab_find(&vrf->exports,
	    key, pfx_key(pfx, key));
	struct htab_ent *it, *cur = NULL;
	int v6 = pfx->addr.af == IP_AF_V6;
	bool want = vrf->active && ((vrf->adv[v6] &&
	    bgproute_has(e, vrf->table, pfx)) ||
	    (vrf->dflt[v6] && pfx->len == 0));
	size_t b = 0;

	/* the VRF's subnets: a handful of interface addresses */
	while (!want && vrf->active && vrf->adv[v6] &&
	    (it = htab_next(&e->addrs, &b, &cur)) != NULL) {
		const struct evpn_addr *ad = (const struct evpn_addr *)it;

		want = ad->pfx.len == pfx->len &&
		    ip_eq(&ad->pfx.addr, &pfx->addr) &&
		    vrf_of_ifindex(e, ad->ifindex) == vrf;
	}
	if (want) {
		if (x == NULL)
			export_mark(vrf, pfx);
	} else if (x != NULL) {
		export_set(vrf, &x->pfx, false);
		htab_del(&vrf->exports, &x->te);
		free(x);
	}
}

void
evpn_vrf_bgp_route(struct evpn *e, uint32_t table, const struct ip_prefix *p,
    bool present)
{
	struct ip_prefix pfx = *p;
	uint8_t key[22];
	size_t klen;
	struct evpn_bgproute *br;
	struct evpn_vrf *vrf;
	struct evpn_vroute *r;

	if ((pfx.addr.af != IP_AF_V4 && pfx.addr.af != IP_AF_V6) ||
	    pfx.len > ip_af_len(pfx.addr.af) * 8)
		return;
	pfx_mask(&pfx);
	klen = bgproute_key(table, &pfx, key);
	br = (struct evpn_bgproute *)htab_find(&e->bgproutes, key, klen);
	if (present && br == NULL) {
		br = (struct evpn_bgproute *)htab_get(&e->bgproutes, key, klen,
		    sizeof(*br), NULL);
		br->table = table;
		br->pfx = pfx;
	} else if (!present && br != NULL) {
		htab_del(&e->bgproutes, &br->te);
		free(br);
	} else
		return;
	if ((vrf = vrf_by_table(e, table)) == NULL)
		return;
	/* our import of the prefix leaves or re-enters the kernel */
	if ((r = vroute_get(vrf, &pfx, false)) != NULL)
		vroute_resolve(vrf, r);
	export_update(vrf, &pfx);
}

void
evpn_addr(struct evpn *e, uint32_t ifindex, const struct ip_prefix *p,
    bool add)
{
	struct ip_prefix pfx = *p;
	uint8_t key[22];
	size_t klen;
	struct evpn_addr *ad;

	/* link-local IPv6 is no tenant subnet */
	if (pfx.addr.af == IP_AF_V6 && pfx.addr.a[0] == 0xfe &&
	    (pfx.addr.a[1] & 0xc0) == 0x80)
		return;
	pfx_mask(&pfx);
	memcpy(key, &ifindex, 4);
	klen = 4 + pfx_key(&pfx, key + 4);
	ad = (struct evpn_addr *)htab_find(&e->addrs, key, klen);
	if (add && ad == NULL) {
		ad = (struct evpn_addr *)htab_get(&e->addrs, key, klen,
		    sizeof(*ad), NULL);
		ad->ifindex = ifindex;
		ad->pfx = pfx;
	} else if (!add && ad != NULL) {
		htab_del(&e->addrs, &ad->te);
		free(ad);
	} else
		return;
	exports_sync_all(e);
}

/* ---- rules ---- */

void
evpn_rule(struct evpn *e, const char *iif, uint32_t table, bool add)
{
	struct evpn_rule *r;

	TAILQ_FOREACH(r, &e->rules, entry)
		if (r->table == table && strcmp(r->iif, iif) == 0)
			break;
	if (add && r == NULL) {
		r = xcalloc(1, sizeof(*r));
		(void)snprintf(r->iif, sizeof(r->iif), "%s", iif);
		r->table = table;
		TAILQ_INSERT_TAIL(&e->rules, r, entry);
	} else if (!add && r != NULL) {
		TAILQ_REMOVE(&e->rules, r, entry);
		free(r);
	} else
		return;
	evpn_vnis_sync(e);
	exports_sync_all(e);
}

/* ---- activation ---- */

static bool
vrf_wanted(const struct evpn_vrf *vrf)
{
	const struct evpn *e = vrf->e;
	const struct evpn_link *br = evpn_link_get(e, vrf->bridge);

	return e->inst != NULL && e->inst->advertise_all_vni &&
	    vrf->vxlan != 0 && vrf->up && vrf->local.af != IP_AF_NONE &&
	    br != NULL && br->l.kind == FIB_LINK_BRIDGE && !e->conf->no_rib;
}

static void
vrf_deactivate(struct evpn_vrf *vrf, bool kernel)
{
	if (!vrf->active)
		return;
	vrf->active = false;
	vrf->quiet = !kernel;
	exports_sync(vrf);
	imps_drop(vrf);
	vrf->quiet = false;
	evpn_vnis_sync(vrf->e);
	log_msg(vrf->e->log, LOG_LVL_INFO, "evpn: VRF %s (L3VNI %u) down",
	    vrf->name, vrf->l3vni);
}

static void
vrf_activate(struct evpn_vrf *vrf)
{
	struct evpn *e = vrf->e;
	const struct evpn_link *br = evpn_link_get(e, vrf->bridge);
	char rd[RD_STRLEN], mac[MAC_STRLEN];

	if (vrf->rd_index == 0)
		vrf->rd_index = evpn_rd_index_get(e);
	evpn_rd_auto(e, vrf->rd_index, &vrf->rd);
	evpn_rt_auto(e, vrf->l3vni, &vrf->rt);
	vrf->rmac = br->l.mac;
	vrf->active = true;
	log_msg(e->log, LOG_LVL_INFO, "evpn: VRF %s up, L3VNI %u, table %u, "
	    "router MAC %s, RD %s", vrf->name, vrf->l3vni, vrf->table,
	    mac_fmt(&vrf->rmac, mac), rd_fmt(&vrf->rd, rd));
	exports_sync(vrf);
	evpn_vnis_sync(e);
	evpn_replay_soon(e);
}

static void
vrf_sync(struct evpn_vrf *vrf)
{
	const struct evpn_link *br = evpn_link_get(vrf->e, vrf->bridge);
	bool want = vrf_wanted(vrf);

	/* a new router MAC: everything it was sent with goes again */
	if (vrf->active && want && br != NULL &&
	    !mac_eq(&br->l.mac, &vrf->rmac))
		vrf_deactivate(vrf, true);
	if (want && !vrf->active)
		vrf_activate(vrf);
	else if (!want && vrf->active)
		vrf_deactivate(vrf, true);
	else
		exports_sync(vrf);
}

void
evpn_vrf_link(struct evpn_vrf *vrf, const struct fib_link *l, bool present)
{
	if (present) {
		if (vrf->active && (vrf->bridge != l->master ||
		    !ip_eq(&vrf->local, &l->local)))
			vrf_deactivate(vrf, true);
		vrf->vxlan = l->ifindex;
		vrf->bridge = l->master;
		vrf->local = l->local;
		vrf->up = l->up;
	} else {
		vrf_deactivate(vrf, false);
		vrf->vxlan = 0;
		vrf->bridge = 0;
		vrf->up = false;
	}
	vrf_sync(vrf);
}

void
evpn_vrf_link_changed(struct evpn *e, uint32_t ifindex)
{
	struct evpn_vrf *vrf;

	TAILQ_FOREACH(vrf, &e->vrfs, entry)
		if (vrf->bridge == ifindex)
			vrf_sync(vrf);
	/* a renamed or new interface may match a rule now */
	evpn_vnis_sync(e);
	exports_sync_all(e);
}

/* ---- life cycle ---- */

static void
vrf_free(struct evpn_vrf *vrf, bool kernel)
{
	vrf_deactivate(vrf, kernel);
	evpn_rd_index_put(vrf->e, &vrf->rd_index);
	TAILQ_REMOVE(&vrf->e->vrfs, vrf, entry);
	htab_free_all(&vrf->rvteps);
	htab_fini(&vrf->routes);	/* empty: imps_drop */
	htab_fini(&vrf->exports);	/* empty: exports_sync */
	free(vrf);
}

static struct evpn_vrf *
vrf_new(struct evpn *e, const struct bgp_conf_vrf *c)
{
	struct evpn_vrf *vrf = xcalloc(1, sizeof(*vrf));
	struct htab_ent *it, *cur = NULL;
	size_t b = 0;

	vrf->e = e;
	(void)snprintf(vrf->name, sizeof(vrf->name), "%s", c->name);
	vrf->l3vni = c->vni;
	vrf->table = c->table;
	htab_init(&vrf->rvteps, &e->hkey);
	htab_init(&vrf->routes, &e->hkey);
	htab_init(&vrf->exports, &e->hkey);
	TAILQ_INSERT_TAIL(&e->vrfs, vrf, entry);
	while ((it = htab_next(&e->links, &b, &cur)) != NULL) {
		const struct fib_link *l = &((struct evpn_link *)it)->l;

		if (l->kind == FIB_LINK_VXLAN && l->vni == vrf->l3vni) {
			vrf->vxlan = l->ifindex;
			vrf->bridge = l->master;
			vrf->local = l->local;
			vrf->up = l->up;
		}
	}
	return vrf;
}

/* The VRF's BGP instance may be new (or recreated): give it the
 * imported prefixes again (bgpd ignores what it has already). */
static void
bgp_prefixes_replay(struct evpn_vrf *vrf)
{
	struct htab_ent *it, *cur = NULL;
	size_t b = 0;

	while ((it = htab_next(&vrf->routes, &b, &cur)) != NULL) {
		const struct evpn_vroute *r = (const struct evpn_vroute *)it;

		if (r->in_bgp)
			bgp_vrf_evpn_set(vrf->e->bgp, vrf->name, &r->pfx,
			    &r->bgp_vtep);
	}
}

void
evpn_vrf_reconfigure(struct evpn *e)
{
	struct evpn_vrf *vrf, *next;

	TAILQ_FOREACH(vrf, &e->vrfs, entry)
		vrf->keep = false;
	for (size_t i = 0; i < e->conf->nvrfs; i++) {
		const struct bgp_conf_vrf *c = &e->conf->vrfs[i];
		const struct bgp_conf_inst *in;

		if (c->vni == 0 || c->table == 0)
			continue;
		TAILQ_FOREACH(vrf, &e->vrfs, entry)
			if (strcmp(vrf->name, c->name) == 0)
				break;
		if (vrf != NULL && (vrf->l3vni != c->vni ||
		    vrf->table != c->table)) {
			vrf_free(vrf, true);
			vrf = NULL;
		}
		if (vrf == NULL)
			vrf = vrf_new(e, c);
		vrf->keep = true;
		in = bgp_conf_inst_find(e->conf, c->name);
		vrf->adv[0] = in != NULL && in->advertise_ipv4_unicast;
		vrf->adv[1] = in != NULL && in->advertise_ipv6_unicast;
		vrf->dflt[0] = in != NULL && in->default_originate_ipv4;
		vrf->dflt[1] = in != NULL && in->default_originate_ipv6;
	}
	for (vrf = TAILQ_FIRST(&e->vrfs); vrf != NULL; vrf = next) {
		next = TAILQ_NEXT(vrf, entry);
		if (!vrf->keep)
			vrf_free(vrf, true);
	}
	TAILQ_FOREACH(vrf, &e->vrfs, entry) {
		vrf_sync(vrf);
		bgp_prefixes_replay(vrf);
	}
}

void
evpn_vrf_init(struct evpn *e)
{
	TAILQ_INIT(&e->vrfs);
	TAILQ_INIT(&e->rules);
	htab_init(&e->addrs, &e->hkey);
	htab_init(&e->bgproutes, &e->hkey);
	evpn_vrf_reconfigure(e);
}

void
evpn_vrf_fini(struct evpn *e)
{
	struct evpn_vrf *vrf;
	struct evpn_rule *r;

	while ((vrf = TAILQ_FIRST(&e->vrfs)) != NULL)
		vrf_free(vrf, false);
	while ((r = TAILQ_FIRST(&e->rules)) != NULL) {
		TAILQ_REMOVE(&e->rules, r, entry);
		free(r);
	}
	htab_free_all(&e->addrs);
	htab_free_all(&e->bgproutes);
}

/*
 * conf_bgp.c -- the typed, libyang-free snapshot for bgpd (bgp_conf.h):
 * `router bgp` instances, neighbors, peer-groups, listen ranges and the
 * address-family settings.  Policy (prefix-lists, route-maps) is in
 * conf_bgp_policy.c.
 *
 * DOC: conf_bgp_new() walks the validated tree once and copies every
 * value into plain structs, so bgpd never sees libyang and the snapshot
 * outlives the tree.  Values are the canonical strings libyang keeps; the
 * YANG types have already checked them, so a value that still does not
 * parse here (which would be a bug in the model) leaves the field at its
 * "not configured" zero.
 *
 * Peer-group inheritance (FRR semantics): a neighbor starts from its
 * group's settings and its own lines override them, leaf by leaf.  The
 * same holds per address-family: the group's `neighbor GROUP ...` lines
 * of a family apply to the member, then the member's own lines of that
 * family.  `activate` keeps the configured boolean (false when absent),
 * `deactivate` an explicit `no neighbor X activate`; the session layer
 * adds FRR's "IPv4 unicast is on unless `no bgp default ipv4-unicast` or
 * `no neighbor X activate`" rule.  Groups are kept as configured (not resolved).
 *
 * Invariants: the default instance ("default") is inst[0] when it exists;
 * other instances follow in text order; neighbors and groups keep text
 * order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_conf.h"
#include "conf_bgp_local.h"
#include "conf_local.h"
#include "log.h"

#define FAM_NAMES	{ "ipv4-unicast", "ipv6-unicast", "l2vpn-evpn" }

/* ---- tree access ---- */

const struct lyd_node *
conf_bgp_child(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *n;

	if (parent == NULL)
		return NULL;
	LY_LIST_FOR(lyd_child(parent), n)
		if (!(n->flags & LYD_DEFAULT) &&
		    strcmp(n->schema->name, name) == 0)
			return n;
	return NULL;
}

const char *
conf_bgp_val(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *n = conf_bgp_child(parent, name);

	return n != NULL ? lyd_get_value(n) : NULL;
}

bool
conf_bgp_u32(const struct lyd_node *parent, const char *name, uint32_t *v)
{
	const char *s = conf_bgp_val(parent, name);
	unsigned long long u;
	char *end;

	if (s == NULL)
		return false;
	u = strtoull(s, &end, 10);
	if (*s == '\0' || *end != '\0' || u > UINT32_MAX)
		return false;
	*v = (uint32_t)u;
	return true;
}

void
conf_bgp_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

int
conf_bgp_prefix(const char *s, struct ip_prefix *pfx)
{
	char addr[IP_STRLEN];
	const char *slash = strchr(s, '/');
	unsigned long len, bits;
	size_t alen, i;
	char *end;

	memset(pfx, 0, sizeof(*pfx));
	if (slash == NULL || (size_t)(slash - s) >= sizeof(addr))
		return -1;
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	len = strtoul(slash + 1, &end, 10);
	if (ip_parse(addr, &pfx->addr) == -1 || slash[1] == '\0' ||
	    *end != '\0' || len > 8 * ip_af_len(pfx->addr.af))
		return -1;
	pfx->len = (uint8_t)len;
	/* Host bits zero, as bgp_conf.h's struct ip_prefix promises. */
	alen = ip_af_len(pfx->addr.af);
	for (i = 0; i < alen; i++) {
		bits = 8 * i >= len ? 0 : len - 8 * i;
		if (bits < 8)
			pfx->addr.a[i] &= (uint8_t)(0xff00 >> bits);
	}
	return 0;
}

/* An IPv4 address leaf in host order; 0 when absent. */
static uint32_t
v4_leaf(const struct lyd_node *parent, const char *name)
{
	const char *s = conf_bgp_val(parent, name);
	struct ip_addr ip;

	if (s == NULL || ip_parse(s, &ip) == -1 || ip.af != IP_AF_V4)
		return 0;
	return ip_get_v4(&ip);
}

static size_t
count(const struct lyd_node *first, const char *name)
{
	const struct lyd_node *n;
	size_t k = 0;

	LY_LIST_FOR(first, n)
		if (strcmp(n->schema->name, name) == 0)
			k++;
	return k;
}

/* ---- neighbors and peer-groups ---- */

static void
peer_remote_as(struct bgp_conf_peer *p, const char *as)
{
	if (strcmp(as, "internal") == 0)
		p->remote_as_kind = BGP_CONF_AS_INTERNAL;
	else if (strcmp(as, "external") == 0)
		p->remote_as_kind = BGP_CONF_AS_EXTERNAL;
	else {
		p->remote_as_kind = BGP_CONF_AS_NUMBER;
		p->remote_as = (uint32_t)strtoul(as, NULL, 10);
	}
}

/* The peer-common leaves that node has; absent ones leave p alone. */
static void
peer_apply(struct bgp_conf_peer *p, const struct lyd_node *node)
{
	const struct lyd_node *t;
	const char *s;
	uint32_t v;

	if ((s = conf_bgp_val(node, "remote-as")) != NULL)
		peer_remote_as(p, s);
	if ((s = conf_bgp_val(node, "update-source")) != NULL) {
		memset(&p->update_source, 0, sizeof(p->update_source));
		p->update_source_if[0] = '\0';
		if (ip_parse(s, &p->update_source) == -1)
			conf_bgp_str(p->update_source_if,
			    sizeof(p->update_source_if), s);
	}
	if ((s = conf_bgp_val(node, "password")) != NULL)
		conf_bgp_str(p->password, sizeof(p->password), s);
	if ((s = conf_bgp_val(node, "description")) != NULL)
		conf_bgp_str(p->description, sizeof(p->description), s);
	if (conf_bgp_u32(node, "ttl-security-hops", &v))
		p->ttl_security_hops = (uint8_t)v;
	if (conf_bgp_u32(node, "ebgp-multihop", &v))
		p->ebgp_multihop = (uint8_t)v;
	if ((t = conf_bgp_child(node, "timers")) != NULL) {
		p->timers_set = true;
		if (conf_bgp_u32(t, "keepalive", &v))
			p->keepalive = (uint16_t)v;
		if (conf_bgp_u32(t, "hold", &v))
			p->hold = (uint16_t)v;
	}
	if (conf_bgp_u32(node, "connect-retry", &v))
		p->connect_retry = (uint16_t)v;
	if (conf_bgp_child(node, "shutdown") != NULL)
		p->shutdown = true;
	if (conf_bgp_child(node, "passive") != NULL)
		p->passive = true;
}

/* The per-family leaves of one `neighbor NAME ...` af entry. */
static void
af_apply(struct bgp_conf_af *af, const struct lyd_node *e)
{
	const char *s;
	uint32_t v;

	if ((s = conf_bgp_val(e, "activate")) != NULL) {
		af->activate = strcmp(s, "true") == 0;
		af->deactivate = !af->activate;
	}
	if (conf_bgp_child(e, "route-reflector-client") != NULL)
		af->rr_client = true;
	if (conf_bgp_child(e, "next-hop-self") != NULL)
		af->next_hop_self = true;
	if (conf_bgp_child(e, "default-originate") != NULL)
		af->default_originate = true;
	if (conf_bgp_u32(e, "maximum-prefix", &v)) {
		af->max_prefix = v;
		af->max_prefix_threshold = 0;
		af->max_prefix_warning_only = false;
		af->max_prefix_restart = 0;
	}
	if (conf_bgp_u32(e, "maximum-prefix-threshold", &v))
		af->max_prefix_threshold = (uint8_t)v;
	if (conf_bgp_child(e, "maximum-prefix-warning-only") != NULL)
		af->max_prefix_warning_only = true;
	if (conf_bgp_u32(e, "maximum-prefix-restart", &v))
		af->max_prefix_restart = (uint16_t)v;
	if ((s = conf_bgp_val(e, "route-map-in")) != NULL)
		conf_bgp_str(af->rmap_in, sizeof(af->rmap_in), s);
	if ((s = conf_bgp_val(e, "route-map-out")) != NULL)
		conf_bgp_str(af->rmap_out, sizeof(af->rmap_out), s);
}

/* The af container of family fam in the instance, or NULL. */
static const struct lyd_node *
fam_node(const struct lyd_node *bgp, int fam)
{
	static const char *const names[BGP_FAM_COUNT] = FAM_NAMES;

	return conf_bgp_child(conf_bgp_child(bgp, "address-family"),
	    names[fam]);
}

/* Same peer: addresses compare as addresses ("2001:DB8::1" is the
 * canonical "2001:db8::1"), group names as strings. */
static bool
peer_name_eq(const char *a, const char *b)
{
	struct ip_addr x, y;

	if (ip_parse(a, &x) == 0 && ip_parse(b, &y) == 0)
		return ip_eq(&x, &y);
	return strcmp(a, b) == 0;
}

/* The af entry `neighbor NAME` in an af container, or NULL. */
static const struct lyd_node *
af_entry(const struct lyd_node *afc, const char *name)
{
	const struct lyd_node *n;
	const char *nm;

	if (afc == NULL || name[0] == '\0')
		return NULL;
	LY_LIST_FOR(lyd_child(afc), n) {
		if (strcmp(n->schema->name, "neighbor") != 0)
			continue;
		if ((nm = conf_bgp_val(n, "name")) != NULL &&
		    peer_name_eq(nm, name))
			return n;
	}
	return NULL;
}

static const struct lyd_node *
group_node(const struct lyd_node *bgp, const char *name)
{
	const struct lyd_node *n;
	const char *nm;

	LY_LIST_FOR(lyd_child(bgp), n)
		if (strcmp(n->schema->name, "peer-group") == 0 &&
		    (nm = conf_bgp_val(n, "name")) != NULL &&
		    strcmp(nm, name) == 0)
			return n;
	return NULL;
}

/* Fill p from its group's settings (when any), then its own. */
static void
peer_fill(struct bgp_conf_peer *p, const struct lyd_node *bgp,
    const struct lyd_node *node, bool is_group)
{
	const struct lyd_node *g = NULL, *afc;
	const char *s;
	int f;

	p->is_group = is_group;
	if (is_group)
		conf_bgp_str(p->name, sizeof(p->name),
		    conf_bgp_val(node, "name"));
	else {
		s = conf_bgp_val(node, "address");
		conf_bgp_str(p->name, sizeof(p->name), s);
		if (s == NULL || ip_parse(s, &p->addr) == -1)
			memset(&p->addr, 0, sizeof(p->addr));
		if ((s = conf_bgp_val(node, "peer-group")) != NULL) {
			conf_bgp_str(p->group, sizeof(p->group), s);
			g = group_node(bgp, s);
		}
	}
	if (g != NULL)
		peer_apply(p, g);
	peer_apply(p, node);
	for (f = 0; f < BGP_FAM_COUNT; f++) {
		afc = fam_node(bgp, f);
		if (g != NULL && (node = af_entry(afc, p->group)) != NULL)
			af_apply(&p->af[f], node);
		if ((node = af_entry(afc, p->name)) != NULL)
			af_apply(&p->af[f], node);
	}
}

static struct bgp_conf_peer *
peers_new(const struct lyd_node *bgp, const char *list, bool is_group,
    size_t *n)
{
	struct bgp_conf_peer *v;
	const struct lyd_node *e;
	size_t i = 0;

	*n = count(lyd_child(bgp), list);
	if (*n == 0)
		return NULL;
	v = xcalloc(*n, sizeof(*v));
	LY_LIST_FOR(lyd_child(bgp), e)
		if (strcmp(e->schema->name, list) == 0)
			peer_fill(&v[i++], bgp, e, is_group);
	return v;
}

/* ---- an instance ---- */

static void
listen_fill(struct bgp_conf_inst *in, const struct lyd_node *l)
{
	const struct lyd_node *r;
	const char *s;
	uint32_t v;
	size_t i = 0;

	if (l == NULL)
		return;
	if (conf_bgp_u32(l, "limit", &v))
		in->listen_limit = (uint16_t)v;
	if ((in->nranges = count(lyd_child(l), "range")) == 0)
		return;
	in->ranges = xcalloc(in->nranges, sizeof(*in->ranges));
	LY_LIST_FOR(lyd_child(l), r) {
		if (strcmp(r->schema->name, "range") != 0)
			continue;
		if ((s = conf_bgp_val(r, "prefix")) != NULL)
			(void)conf_bgp_prefix(s, &in->ranges[i].pfx);
		conf_bgp_str(in->ranges[i].group, sizeof(in->ranges[i].group),
		    conf_bgp_val(r, "peer-group"));
		i++;
	}
}


/* aggregate-address PREFIX [summary-only] entries, in order. */
static void
unicast_aggregates(const struct lyd_node *afc, struct bgp_conf_unicast *u)
{
	const struct lyd_node *n, *k;
	size_t i = 0;

	if ((u->naggregates = count(lyd_child(afc), "aggregate-address")) == 0)
		return;
	u->aggregates = xcalloc(u->naggregates, sizeof(*u->aggregates));
	LY_LIST_FOR(lyd_child(afc), n) {
		if (strcmp(n->schema->name, "aggregate-address") != 0 ||
		    (k = conf_bgp_child(n, "prefix")) == NULL ||
		    conf_bgp_prefix(lyd_get_value(k),
		    &u->aggregates[i].pfx) == -1)
			continue;
		u->aggregates[i++].summary_only =
		    conf_bgp_child(n, "summary-only") != NULL;
	}
	u->naggregates = i;
}

static void
unicast_fill(struct bgp_conf_unicast *u, const struct lyd_node *afc)
{
	const struct lyd_node *n;
	const char *s;
	uint32_t v;
	size_t i = 0;

	if (afc == NULL)
		return;
	if (conf_bgp_u32(afc, "maximum-paths", &v))
		u->maximum_paths = (uint8_t)v;
	if (conf_bgp_u32(afc, "maximum-paths-ibgp", &v))
		u->maximum_paths_ibgp = (uint8_t)v;
	LY_LIST_FOR(lyd_child(afc), n) {
		if (strcmp(n->schema->name, "redistribute") != 0)
			continue;
		s = lyd_get_value(n);
		if (strcmp(s, "connected") == 0)
			u->redistribute_connected = true;
		else if (strcmp(s, "static") == 0)
			u->redistribute_static = true;
		else if (strcmp(s, "kernel") == 0)
			u->redistribute_kernel = true;
	}
	unicast_aggregates(afc, u);
	if ((u->nnetworks = count(lyd_child(afc), "network")) == 0)
		return;
	u->networks = xcalloc(u->nnetworks, sizeof(*u->networks));
	LY_LIST_FOR(lyd_child(afc), n)
		if (strcmp(n->schema->name, "network") == 0 &&
		    conf_bgp_prefix(lyd_get_value(n), &u->networks[i]) == 0)
			i++;
	u->nnetworks = i;
}

/* ---- address-family l2vpn evpn / vni N ---- */

static size_t
rts_fill(const struct lyd_node *v, const char *leaf, struct ext_comm *rt)
{
	const struct lyd_node *n;
	size_t k = 0;

	LY_LIST_FOR(lyd_child(v), n)
		if (strcmp(n->schema->name, leaf) == 0 &&
		    k < BGP_CONF_RT_MAX &&
		    conf_bgp_rt_parse(lyd_get_value(n), &rt[k]) == 0)
			k++;
	return k;
}

static int
vni_cmp(const void *a, const void *b)
{
	const struct bgp_conf_vni *x = a, *y = b;

	return x->vni < y->vni ? -1 : x->vni > y->vni;
}

static void
vnis_fill(struct bgp_conf_inst *in, const struct lyd_node *evpn)
{
	const struct lyd_node *n;
	const char *rd;
	uint32_t v;
	size_t i = 0;

	if (evpn == NULL || (in->nvnis = count(lyd_child(evpn), "vni")) == 0)
		return;
	in->vnis = xcalloc(in->nvnis, sizeof(*in->vnis));
	LY_LIST_FOR(lyd_child(evpn), n) {
		struct bgp_conf_vni *cv = &in->vnis[i];

		if (strcmp(n->schema->name, "vni") != 0 ||
		    !conf_bgp_u32(n, "vni", &v))
			continue;
		cv->vni = v;
		rd = conf_bgp_val(n, "rd");
		cv->has_rd = rd != NULL && rd_parse(rd, &cv->rd) == 0;
		cv->nimport = rts_fill(n, "route-target-import", cv->import);
		cv->nexport = rts_fill(n, "route-target-export", cv->export);
		i++;
	}
	in->nvnis = i;
	qsort(in->vnis, in->nvnis, sizeof(*in->vnis), vni_cmp);
}

static void
dad_fill(struct bgp_conf_inst *in, const struct lyd_node *d)
{
	uint32_t v;

	in->dad_max_moves = 5;
	in->dad_time = 180;
	if (d == NULL)
		return;
	in->dad_off = conf_bgp_child(d, "disable") != NULL;
	if (conf_bgp_u32(d, "max-moves", &v))
		in->dad_max_moves = (uint16_t)v;
	if (conf_bgp_u32(d, "time", &v))
		in->dad_time = (uint16_t)v;
	in->dad_freeze = conf_bgp_child(d, "freeze-permanent") != NULL;
	if (conf_bgp_u32(d, "freeze-time", &v)) {
		in->dad_freeze = true;
		in->dad_freeze_time = (uint16_t)v;
	}
}

static void
vrfs_fill(struct bgp_conf *b, const struct lyd_node *top)
{
	const struct lyd_node *n;
	uint32_t v;
	size_t i = 0;

	if ((b->nvrfs = count(top, "vrf")) == 0)
		return;
	b->vrfs = xcalloc(b->nvrfs, sizeof(*b->vrfs));
	LY_LIST_FOR(top, n) {
		struct bgp_conf_vrf *vr = &b->vrfs[i];

		if (strcmp(n->schema->name, "vrf") != 0)
			continue;
		conf_bgp_str(vr->name, sizeof(vr->name),
		    conf_bgp_val(n, "name"));
		if (conf_bgp_u32(n, "vni", &v))
			vr->vni = v;
		if (conf_bgp_u32(n, "table", &v))
			vr->table = v;
		i++;
	}
	b->nvrfs = i;
}

static void
inst_fill(struct bgp_conf_inst *in, const struct lyd_node *bgp)
{
	const struct lyd_node *t, *evpn;
	uint32_t v;

	conf_bgp_str(in->vrf, sizeof(in->vrf), conf_bgp_val(bgp, "vrf"));
	if (conf_bgp_u32(bgp, "asn", &v))
		in->asn = v;
	in->router_id = v4_leaf(bgp, "router-id");
	in->cluster_id = v4_leaf(bgp, "cluster-id");
	in->no_default_ipv4 =
	    conf_bgp_child(bgp, "no-default-ipv4-unicast") != NULL;
	/* RFC 8212: on unless `no bgp ebgp-requires-policy`. */
	in->ebgp_requires_policy =
	    conf_bgp_child(bgp, "no-ebgp-requires-policy") == NULL;
	in->log_neighbor_changes =
	    conf_bgp_child(bgp, "log-neighbor-changes") != NULL;
	in->multipath_relax = conf_bgp_child(bgp, "multipath-relax") != NULL;
	in->keepalive = BGP_CONF_DEF_KEEPALIVE;
	in->hold = BGP_CONF_DEF_HOLD;
	if ((t = conf_bgp_child(bgp, "timers")) != NULL) {
		if (conf_bgp_u32(t, "keepalive", &v))
			in->keepalive = (uint16_t)v;
		if (conf_bgp_u32(t, "hold", &v))
			in->hold = (uint16_t)v;
	}
	in->peers = peers_new(bgp, "neighbor", false, &in->npeers);
	in->groups = peers_new(bgp, "peer-group", true, &in->ngroups);
	listen_fill(in, conf_bgp_child(bgp, "listen"));
	unicast_fill(&in->unicast[BGP_FAM_IPV4], fam_node(bgp, BGP_FAM_IPV4));
	unicast_fill(&in->unicast[BGP_FAM_IPV6], fam_node(bgp, BGP_FAM_IPV6));
	evpn = fam_node(bgp, BGP_FAM_EVPN);
	in->advertise_all_vni =
	    conf_bgp_child(evpn, "advertise-all-vni") != NULL;
	in->advertise_ipv4_unicast =
	    conf_bgp_child(evpn, "advertise-ipv4-unicast") != NULL;
	in->advertise_ipv6_unicast =
	    conf_bgp_child(evpn, "advertise-ipv6-unicast") != NULL;
	in->default_originate_ipv4 =
	    conf_bgp_child(evpn, "default-originate-ipv4") != NULL;
	in->default_originate_ipv6 =
	    conf_bgp_child(evpn, "default-originate-ipv6") != NULL;
	vnis_fill(in, evpn);
	dad_fill(in, conf_bgp_child(evpn, "dup-addr-detection"));
}

static void
insts_fill(struct bgp_conf *b, const struct lyd_node *top)
{
	const struct lyd_node *n;
	const char *vrf;
	size_t i = 0;
	bool has_default = false;

	if ((b->ninst = count(top, "router-bgp")) == 0)
		return;
	b->inst = xcalloc(b->ninst, sizeof(*b->inst));
	LY_LIST_FOR(top, n) {
		if (strcmp(n->schema->name, "router-bgp") != 0)
			continue;
		vrf = conf_bgp_val(n, "vrf");
		if (vrf != NULL && strcmp(vrf, "default") == 0) {
			inst_fill(&b->inst[0], n);
			has_default = true;
		}
	}
	if (has_default)
		i = 1;
	LY_LIST_FOR(top, n) {
		if (strcmp(n->schema->name, "router-bgp") != 0)
			continue;
		vrf = conf_bgp_val(n, "vrf");
		if (vrf == NULL || strcmp(vrf, "default") != 0)
			inst_fill(&b->inst[i++], n);
	}
}

struct bgp_conf *
conf_bgp_new(const struct conf *c)
{
	struct bgp_conf *b = xcalloc(1, sizeof(*b));
	const struct lyd_node *top = c != NULL ? c->tree : NULL, *n;

	if (top == NULL)
		return b;
	/* The tree's first sibling is not necessarily the first node. */
	top = lyd_first_sibling(top);
	LY_LIST_FOR(top, n) {
		if (strcmp(n->schema->name, "bgp") == 0 &&
		    conf_bgp_child(n, "no-rib") != NULL)
			b->no_rib = true;
		if (strcmp(n->schema->name, "hostname") == 0)
			snprintf(b->hostname, sizeof(b->hostname), "%s",
			    lyd_get_value(n));
	}
	insts_fill(b, top);
	conf_bgp_policy_fill(b, top);
	vrfs_fill(b, top);
	return b;
}

static void
inst_free(struct bgp_conf_inst *in)
{
	free(in->peers);
	free(in->groups);
	free(in->ranges);
	free(in->unicast[BGP_FAM_IPV4].networks);
	free(in->unicast[BGP_FAM_IPV6].networks);
	free(in->unicast[BGP_FAM_IPV4].aggregates);
	free(in->unicast[BGP_FAM_IPV6].aggregates);
	free(in->vnis);
}

void
conf_bgp_free(struct bgp_conf *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->ninst; i++)
		inst_free(&b->inst[i]);
	free(b->inst);
	for (i = 0; i < b->nplists; i++)
		free(b->plists[i].e);
	free(b->plists);
	for (i = 0; i < b->nrmaps; i++)
		free(b->rmaps[i].e);
	free(b->rmaps);
	free(b->vrfs);
	free(b);
}

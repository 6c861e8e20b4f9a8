/*
 * bgp_show_rib.c -- `show bgp ipv4|ipv6 unicast [PREFIX] [json]` and
 * `show bgp l2vpn evpn [route type N] [json]`: the Loc-RIB with FRR's
 * text layout and JSON key names (FRR 8.4).
 *
 * DOC: read-only over the ribs.  Unicast JSON is
 *   {"vrfId":0,"vrfName":"default","tableVersion":N,"routerId":..,
 *    "defaultLocPrf":100,"localAS":N,"routes":{"PFX":[path...]}}
 * and with a prefix {"prefix":"PFX","paths":[path...]}.  EVPN JSON keys
 * the routes by RD: {"RD":{"rd":"RD","[2]:[0]:[48]:[MAC]":{"prefix":..,
 * "prefixLen":N,"route":{decoded fields},"paths":[[path]]}},
 * "numPrefix":N,"numPaths":N}.  The decoded fields come from the family's
 * ops->json over the stored NLRI (bgpd does not know EVPN types); the
 * FRR-style prefix string and the RD are read from the NLRI bytes, whose
 * common layout RFC 7432 section 7 fixes (type, length, RD first).
 * Known gaps: no "hostname" in next hops (we do not learn it), the
 * per-prefix view prints the table's path objects, not FRR's detailed
 * ones.
 */
#include "bgp_local.h"

#include <net/if.h>

#include <stdlib.h>
#include <string.h>

#include "bgp_proto.h"
#include "bgp_rib_local.h"
#include "json.h"

#define ASPATH_STRLEN	1024

/* "65001 65002 {65003,65004}"; confederation segments in (). */
static const char *
aspath_str(const struct bgp_path_attrs *s, char *buf, size_t cap)
{
	struct bgp_attrs d;
	struct wire_rd it, asns;
	uint8_t type, count;
	size_t len = 0;

	buf[0] = '\0';
	bgp_path_attrs_draft(s, &d);
	it = d.as_path;
	while (bgp_aspath_next(&it, d.as_path_size == 2 ? 2 : 4, &type,
	    &count, &asns) == 1 && len < cap) {
		bool set = type == BGP_ASPATH_SET ||
		    type == BGP_ASPATH_CONFED_SET;
		bool confed = type == BGP_ASPATH_CONFED_SEQUENCE ||
		    type == BGP_ASPATH_CONFED_SET;
		const char *open = set ? "{" : confed ? "(" : "";

		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		    len > 0 ? " " : "", open);
		for (uint8_t i = 0; i < count && len < cap; i++) {
			uint32_t v = 0;
			uint16_t v2;

			if (d.as_path_size == 2) {
				if (wire_rd_u16(&asns, &v2) == 0)
					v = v2;
			} else if (wire_rd_u32(&asns, &v) == -1)
				break;
			len += (size_t)snprintf(buf + len, cap - len, "%s%u",
			    i > 0 ? (set ? "," : " ") : "", v);
		}
		if (len < cap)
			len += (size_t)snprintf(buf + len, cap - len, "%s",
			    set ? "}" : confed ? ")" : "");
	}
	return buf;
}

static const char *
origin_name(uint8_t o, bool json)
{
	switch (o) {
	case BGP_ORIGIN_IGP:
		return json ? "IGP" : "i";
	case BGP_ORIGIN_EGP:
		return json ? "EGP" : "e";
	default:
		return json ? "incomplete" : "?";
	}
}

static bool
has(const struct bgp_path_attrs *s, uint8_t type)
{
	return type < 64 && ((s->k.seen >> type) & 1);
}

static void
nexthops_json(struct json *j, const struct bgp_path_attrs *s)
{
	char ip[IP_STRLEN];

	json_arr_open(j, "nexthops");
	json_obj_open(j, NULL);
	json_str(j, "ip", ip_fmt(&s->k.nexthop, ip));
	json_str(j, "afi", s->k.nexthop.af == IP_AF_V6 ? "ipv6" : "ipv4");
	if (s->k.nexthop.af == IP_AF_V6)
		json_str(j, "scope", "global");
	json_bool(j, "used", true);
	json_obj_close(j);
	if (s->k.nexthop_ll.af == IP_AF_V6) {
		json_obj_open(j, NULL);
		json_str(j, "ip", ip_fmt(&s->k.nexthop_ll, ip));
		json_str(j, "afi", "ipv6");
		json_str(j, "scope", "link-local");
		json_obj_close(j);
	}
	json_arr_close(j);
}

/* FRR's "extendedCommunity": {"string": "RT:65000:100 ET:8"}. */
static void
ecomm_json(struct json *j, const struct bgp *bgp,
    const struct bgp_path_attrs *s)
{
	struct bgp_attrs a;
	char str[BGP_MSG_MAX], one[48];
	struct ext_comm ec;
	size_t len = 0;

	if (!has(s, BGP_ATTR_EXT_COMMUNITIES) || bgp->codec->ecomm_str == NULL)
		return;
	bgp_path_attrs_draft(s, &a);
	str[0] = '\0';
	while (wire_rd_bytes(&a.ext_communities, ec.b, sizeof(ec.b)) == 0) {
		int k = snprintf(str + len, sizeof(str) - len, "%s%s",
		    len > 0 ? " " : "", bgp->codec->ecomm_str(&ec, one));

		if (k < 0 || (size_t)k >= sizeof(str) - len)
			break;
		len += (size_t)k;
	}
	json_obj_open(j, "extendedCommunity");
	json_str(j, "string", str);
	json_obj_close(j);
}

/* FRR's weight: 32768 for what we originate; 0 for learned paths and
 * for a VRF instance's EVPN paths (FRR's imported EVPN paths). */
static unsigned
path_weight(const struct bgp_path *p)
{
	return p->peer == NULL && p->path_id != BGP_LOCAL_EVPN ? 32768 : 0;
}

/* One path as FRR's table JSON prints it; pfx NULL for EVPN, whose
 * decoded route (or NULL) gives the route fields. */
static void
path_json(struct json *j, const struct bgp *bgp, const struct bgp_dest *d,
    const struct bgp_path *p, const struct ip_prefix *pfx,
    const void *route)
{
	const struct bgp_path_attrs *s = p->attrs != NULL ? p->attrs :
	    p->attrs_in;
	const struct bgp_afi_ops *ops = bgp->rib[BGP_FAM_EVPN].ops;
	char buf[ASPATH_STRLEN], ip[IP_STRLEN];

	json_obj_open(j, NULL);
	json_bool(j, "valid", p->attrs != NULL);
	if (d->best == p)
		json_bool(j, "bestpath", true);
	json_str(j, "pathFrom", p->peer != NULL && p->peer->ebgp ?
	    "external" : "internal");
	if (pfx != NULL) {
		json_str(j, "prefix", ip_fmt(&pfx->addr, ip));
		json_u64(j, "prefixLen", pfx->len);
		json_str(j, "network", prefix_fmt(pfx, buf));
	}
	if (route != NULL && ops != NULL && ops->show_json != NULL)
		ops->show_json(j, route);
	if (has(s, BGP_ATTR_MED))
		json_u64(j, "metric", s->k.med);
	if (has(s, BGP_ATTR_LOCAL_PREF))
		json_u64(j, "locPrf", s->k.local_pref);
	json_u64(j, "weight", path_weight(p));
	json_str(j, "peerId", p->peer != NULL ? p->peer->name : "(unspec)");
	json_str(j, "path", aspath_str(s, buf, sizeof(buf)));
	json_str(j, "origin", origin_name(s->k.origin, true));
	ecomm_json(j, bgp, s);
	nexthops_json(j, s);
	json_obj_close(j);
}

/* ---- unicast ---- */

static int
decode_dest(const struct bgp_rib *rib, const struct bgp_dest *d, void *route)
{
	const uint8_t *nl;
	size_t len;
	struct wire_rd rd;
	const char *why;

	memset(route, 0, rib->ops->route_size);
	bgp_dest_nlri(d, &nl, &len);
	wire_rd_init(&rd, nl, len);
	return rib->ops->decode(&rd, false, route, &why);
}

struct row {
	const struct bgp_dest	*d;
	struct bgp_prefix_route	 r;	/* unicast */
	uint8_t			 nlri[BGP_ROUTE_KEY_MAX + 64];	/* EVPN */
	size_t			 nlen;
};

static int
row_cmp_pfx(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int c = memcmp(a->r.pfx.addr.a, b->r.pfx.addr.a, 16);

	return c != 0 ? c : (int)a->r.pfx.len - (int)b->r.pfx.len;
}

/* The dests that have paths, decoded, sorted. */
static struct row *
rows_get(const struct bgp_rib *rib, size_t *n)
{
	struct row *v = xcalloc(rib->count + 1, sizeof(*v));
	const struct bgp_dest *d;

	*n = 0;
	TAILQ_FOREACH(d, &rib->order, entry) {
		struct row *r = &v[*n];
		const uint8_t *nl;

		if (d->paths == NULL)
			continue;
		r->d = d;
		bgp_dest_nlri(d, &nl, &r->nlen);
		if (r->nlen > sizeof(r->nlri))
			continue;
		memcpy(r->nlri, nl, r->nlen);
		if (rib->fam != BGP_FAM_EVPN && decode_dest(rib, d, &r->r) ==
		    -1)
			continue;
		(*n)++;
	}
	return v;
}

/* Here, not in bgp_vrf.c: the route layer's tests link this file
 * without the session layer. */
int64_t
bgp_vrf_id(const struct bgp *bgp)
{
	unsigned idx;

	if (bgp->root == NULL)
		return 0;
	idx = if_nametoindex(bgp->vrf);
	return idx != 0 ? (int64_t)idx : -1;
}

static void
table_head_json(struct json *j, const struct bgp *bgp,
    const struct bgp_rib *rib)
{
	struct ip_addr id;
	char ip[IP_STRLEN];

	ip_set_v4(&id, bgp->router_id);
	json_i64(j, "vrfId", bgp_vrf_id(bgp));
	json_str(j, "vrfName", bgp->vrf);
	json_u64(j, "tableVersion", rib->version);
	json_str(j, "routerId", ip_fmt(&id, ip));
	json_u64(j, "defaultLocPrf", BGP_DEF_LOCAL_PREF);
	json_u64(j, "localAS", bgp->asn);
}

static void
text_head(FILE *out, const struct bgp *bgp, const struct bgp_rib *rib)
{
	struct ip_addr id;
	char ip[IP_STRLEN];

	ip_set_v4(&id, bgp->router_id);
	fprintf(out, "BGP table version is %llu, local router ID is %s, "
	    "vrf id %lld\n", (unsigned long long)rib->version, ip_fmt(&id, ip),
	    (long long)bgp_vrf_id(bgp));
	fprintf(out, "Default local pref %u, local AS %u\n",
	    BGP_DEF_LOCAL_PREF, bgp->asn);
	fprintf(out, "Status codes:  s suppressed, d damped, h history, "
	    "* valid, > best, = multipath,\n"
	    "               i internal, r RIB-failure, S Stale, R Removed\n"
	    "Origin codes:  i - IGP, e - EGP, ? - incomplete\n\n");
	fprintf(out, "   %-18s %-19s %6s %6s %6s %s\n", "Network",
	    "Next Hop", "Metric", "LocPrf", "Weight", "Path");
}

static void
path_text(FILE *out, const struct bgp_dest *d, const struct bgp_path *p,
    const char *net)
{
	const struct bgp_path_attrs *s = p->attrs != NULL ? p->attrs :
	    p->attrs_in;
	char buf[ASPATH_STRLEN], ip[IP_STRLEN], med[16] = "", lp[16] = "";

	if (has(s, BGP_ATTR_MED))
		snprintf(med, sizeof(med), "%u", s->k.med);
	if (has(s, BGP_ATTR_LOCAL_PREF))
		snprintf(lp, sizeof(lp), "%u", s->k.local_pref);
	aspath_str(s, buf, sizeof(buf));
	fprintf(out, "%c%c%c%-18s %-19s %6s %6s %6u %s%s%s\n",
	    p->attrs != NULL ? '*' : ' ', d->best == p ? '>' : ' ',
	    p->peer != NULL && !p->peer->ebgp ? 'i' : ' ', net,
	    ip_fmt(&s->k.nexthop, ip), med, lp, path_weight(p),
	    buf, buf[0] != '\0' ? " " : "", origin_name(s->k.origin, false));
}

static bool
pfx_eq(const struct ip_prefix *a, const struct ip_prefix *b)
{
	return a->len == b->len && ip_eq(&a->addr, &b->addr);
}

static int
show_unicast(struct bgp *bgp, const struct bgp_show_req *req, FILE *out)
{
	const struct bgp_rib *rib = &bgp->rib[req->fam];
	struct json j;
	size_t n;
	struct row *v = rows_get(rib, &n);
	char net[PREFIX_STRLEN];

	qsort(v, n, sizeof(*v), row_cmp_pfx);
	json_init_file(&j, out);
	if (req->json) {
		json_obj_open(&j, NULL);
		if (!req->has_prefix) {
			table_head_json(&j, bgp, rib);
			json_obj_open(&j, "routes");
		} else
			json_str(&j, "prefix", prefix_fmt(&req->prefix, net));
	} else if (!req->has_prefix)
		text_head(out, bgp, rib);
	for (size_t i = 0; i < n; i++) {
		const struct bgp_path *p;

		if (req->has_prefix && !pfx_eq(&v[i].r.pfx, &req->prefix))
			continue;
		prefix_fmt(&v[i].r.pfx, net);
		if (req->json)
			json_arr_open(&j, req->has_prefix ? "paths" : net);
		for (p = v[i].d->paths; p != NULL; p = p->next) {
			if (req->json)
				path_json(&j, bgp, v[i].d, p, &v[i].r.pfx, NULL);
			else
				path_text(out, v[i].d, p, p == v[i].d->paths ?
				    net : "");
		}
		if (req->json)
			json_arr_close(&j);
	}
	if (req->json) {
		if (!req->has_prefix)
			json_obj_close(&j);
		json_obj_close(&j);
		json_newline(&j);
	} else if (!req->has_prefix)
		fprintf(out, "\nDisplayed  %zu routes\n", n);
	free(v);
	return 0;
}

/* ---- EVPN ---- */

static const char *
hexs(const uint8_t *b, size_t n, char *buf, size_t cap)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len + 3 < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%02x",
		    i > 0 ? ":" : "", b[i]);
	return buf;
}

/* An IP of len bits read from rd, as text ("" when len is 0). */
static int
rd_ip(struct wire_rd *rd, uint8_t bits, char *buf)
{
	struct ip_addr ip;

	memset(&ip, 0, sizeof(ip));
	buf[0] = '\0';
	if (bits == 0)
		return 0;
	ip.af = bits == 32 ? IP_AF_V4 : IP_AF_V6;
	if ((bits != 32 && bits != 128) ||
	    wire_rd_bytes(rd, ip.a, bits / 8) == -1)
		return -1;
	ip_fmt(&ip, buf);
	return 0;
}

/*
 * FRR's prefix string of an EVPN NLRI: "[2]:[0]:[48]:[MAC]:[32]:[IP]",
 * "[3]:[0]:[32]:[IP]", "[5]:[0]:[24]:[PREFIX]"; RFC 7432 section 7 and
 * RFC 9136 section 3 layouts.  -1 when it does not parse.
 */
static int
evpn_str(const uint8_t *nl, size_t len, uint8_t *type, struct evpn_rd *rdv,
    char *buf, size_t cap)
{
	struct wire_rd rd, body;
	uint8_t l, mlen, iplen;
	uint8_t mac[6];
	uint32_t etag = 0;
	char ip[IP_STRLEN], m[32];

	wire_rd_init(&rd, nl, len);
	if (wire_rd_u8(&rd, type) == -1 || wire_rd_u8(&rd, &l) == -1 ||
	    wire_rd_sub(&rd, l, &body) == -1 ||
	    wire_rd_bytes(&body, rdv->b, 8) == -1)
		return -1;
	switch (*type) {
	case 2:
		if (wire_rd_skip(&body, 10) == -1 ||
		    wire_rd_u32(&body, &etag) == -1 ||
		    wire_rd_u8(&body, &mlen) == -1 ||
		    wire_rd_bytes(&body, mac, 6) == -1 ||
		    wire_rd_u8(&body, &iplen) == -1 ||
		    rd_ip(&body, iplen, ip) == -1)
			return -1;
		snprintf(buf, cap, "[2]:[%u]:[%u]:[%s]", etag, mlen,
		    hexs(mac, 6, m, sizeof(m)));
		if (iplen > 0)
			snprintf(buf + strlen(buf), cap - strlen(buf),
			    ":[%u]:[%s]", iplen, ip);
		return 0;
	case 3:
		if (wire_rd_u32(&body, &etag) == -1 ||
		    wire_rd_u8(&body, &iplen) == -1 ||
		    rd_ip(&body, iplen, ip) == -1)
			return -1;
		snprintf(buf, cap, "[3]:[%u]:[%u]:[%s]", etag, iplen, ip);
		return 0;
	case 5:
		iplen = wire_rd_left(&body) == 26 ? 32 : 128;
		if (wire_rd_skip(&body, 10) == -1 ||
		    wire_rd_u32(&body, &etag) == -1 ||
		    wire_rd_u8(&body, &l) == -1 ||
		    rd_ip(&body, iplen, ip) == -1)
			return -1;
		snprintf(buf, cap, "[5]:[%u]:[%u]:[%s]", etag, l, ip);
		return 0;
	default:
		snprintf(buf, cap, "[%u]:[%s]", *type, hexs(wire_rd_data(&body),
		    wire_rd_left(&body), m, sizeof(m)));
		return 0;
	}
}

struct erow {
	const struct bgp_dest	*d;
	uint8_t			 type;
	struct evpn_rd		 rd;
	char			 pfx[160];
};

static int
erow_cmp(const void *x, const void *y)
{
	const struct erow *a = x, *b = y;
	int c = memcmp(a->rd.b, b->rd.b, 8);

	return c != 0 ? c : strcmp(a->pfx, b->pfx);
}

static struct erow *
erows_get(const struct bgp_rib *rib, uint8_t want, size_t *n)
{
	struct erow *v = xcalloc(rib->count + 1, sizeof(*v));
	const struct bgp_dest *d;

	*n = 0;
	TAILQ_FOREACH(d, &rib->order, entry) {
		const uint8_t *nl;
		size_t len;
		struct erow *r = &v[*n];

		if (d->paths == NULL)
			continue;
		bgp_dest_nlri(d, &nl, &len);
		if (evpn_str(nl, len, &r->type, &r->rd, r->pfx,
		    sizeof(r->pfx)) == -1 || (want != 0 && r->type != want))
			continue;
		r->d = d;
		(*n)++;
	}
	qsort(v, *n, sizeof(*v), erow_cmp);
	return v;
}

static void
evpn_route_json(struct json *j, const struct bgp *bgp,
    const struct bgp_rib *rib, const struct erow *r, size_t *npaths)
{
	uint8_t route[512];
	const struct bgp_path *p;
	bool decoded;

	json_obj_open(j, r->pfx);
	json_str(j, "prefix", r->pfx);
	json_u64(j, "prefixLen", 352);	/* FRR's EVPN prefix length */
	decoded = rib->ops->route_size <= sizeof(route) &&
	    decode_dest(rib, r->d, route) == 0;
	json_arr_open(j, "paths");
	for (p = r->d->paths; p != NULL; p = p->next) {
		json_arr_open(j, NULL);
		path_json(j, bgp, r->d, p, NULL, decoded ? route : NULL);
		json_arr_close(j);
		(*npaths)++;
	}
	json_arr_close(j);
	json_obj_close(j);
}

static int
show_evpn(struct bgp *bgp, const struct bgp_show_req *req, FILE *out)
{
	const struct bgp_rib *rib = &bgp->rib[BGP_FAM_EVPN];
	struct erow *v;
	size_t n, npaths = 0;
	struct json j;
	char rds[RD_STRLEN];

	if (rib->ops == NULL) {
		fprintf(out, req->json ? "{}\n" : "EVPN is not enabled\n");
		return 0;
	}
	v = erows_get(rib, req->evpn_type, &n);
	json_init_file(&j, out);
	if (req->json)
		json_obj_open(&j, NULL);
	else
		text_head(out, bgp, rib);
	for (size_t i = 0; i < n; i++) {
		bool first = i == 0 || memcmp(v[i].rd.b, v[i - 1].rd.b, 8) != 0;
		bool last = i + 1 == n || memcmp(v[i].rd.b, v[i + 1].rd.b, 8);

		rd_fmt(&v[i].rd, rds);
		if (!req->json) {
			if (first)
				fprintf(out, "Route Distinguisher: %s\n", rds);
			for (const struct bgp_path *p = v[i].d->paths;
			    p != NULL; p = p->next, npaths++)
				path_text(out, v[i].d, p, v[i].pfx);
			continue;
		}
		if (first) {
			json_obj_open(&j, rds);
			json_str(&j, "rd", rds);
		}
		evpn_route_json(&j, bgp, rib, &v[i], &npaths);
		if (last)
			json_obj_close(&j);
	}
	if (req->json) {
		json_u64(&j, "numPrefix", n);
		json_u64(&j, "numPaths", npaths);
		json_obj_close(&j);
		json_newline(&j);
	} else
		fprintf(out, "\nDisplayed %zu prefixes (%zu paths)\n", n,
		    npaths);
	free(v);
	return 0;
}

int
bgp_show_routes(struct bgp *bgp, const struct bgp_show_req *req, FILE *out)
{
	if (req->fam == BGP_FAM_EVPN)
		return show_evpn(bgp, req, out);
	if (req->fam >= BGP_FAM_COUNT || bgp->rib[req->fam].ops == NULL) {
		fprintf(out, "%% unknown address family\n");
		return -1;
	}
	return show_unicast(bgp, req, out);
}

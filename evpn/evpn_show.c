/*
 * evpn_show.c -- show evpn vni, show evpn mac vni, show evpn arp-cache
 * vni (DESIGN.md section 7), text and JSON with FRR's key names and
 * nesting (docs/frr-evpn-output.md has FRR's own output to compare).
 *
 * DOC: VNIs print in ascending order, MACs and IPs in table order (FRR's
 * are hash order too).  A MAC is "local" when our local copy wins,
 * "remote" when a remote claim wins (remoteVtep: its VTEP); a MAC known
 * only from a neighbour entry is not listed.  Sequence numbers:
 * localSequence is ours, remoteSequence the highest remote one.
 */
#include "evpn_local.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "log.h"

static int
vni_cmp(const void *a, const void *b)
{
	const struct evpn_vni *x = *(struct evpn_vni *const *)a;
	const struct evpn_vni *y = *(struct evpn_vni *const *)b;

	return x->vni < y->vni ? -1 : x->vni > y->vni;
}

/* The VNIs to show, sorted (vni 0: all); NULL with *n 0 when none. */
static struct evpn_vni **
vnis_sorted(const struct evpn *e, uint32_t vni, size_t *n)
{
	struct htab_ent *it, *cur = NULL;
	struct evpn_vni **v;
	size_t b = 0, k = 0;

	*n = 0;
	if (e->vnis.n == 0)
		return NULL;
	v = xcalloc(e->vnis.n, sizeof(*v));
	while ((it = htab_next(&e->vnis, &b, &cur)) != NULL)
		if (vni == 0 || ((struct evpn_vni *)it)->vni == vni)
			v[k++] = (struct evpn_vni *)it;
	qsort(v, k, sizeof(*v), vni_cmp);
	*n = k;
	return v;
}

static const char *
link_name(const struct evpn *e, uint32_t ifindex)
{
	const struct evpn_link *l = evpn_link_get(e, ifindex);

	return l != NULL ? l->l.name : "";
}

/* What a MAC shows as: 'l' local, 'r' remote, 0 not shown. */
static char
mac_kind(const struct evpn_mac *m, const struct evpn_imp **w)
{
	*w = NULL;
	if (m->advertised || (m->local && m->installed.af == IP_AF_NONE))
		return 'l';
	for (size_t i = 0; i < m->claims.n; i++)
		if (ip_eq(&m->claims.v[i]->vtep, &m->installed))
			*w = m->claims.v[i];
	if (*w == NULL && m->claims.n > 0)
		*w = m->claims.v[0];
	return *w != NULL ? 'r' : 0;
}


static size_t
count_macs(const struct evpn_vni *v)
{
	struct htab_ent *it, *cur = NULL;
	const struct evpn_imp *w;
	size_t b = 0, n = 0;

	while ((it = htab_next(&v->macs, &b, &cur)) != NULL)
		if (mac_kind((const struct evpn_mac *)it, &w) != 0)
			n++;
	return n;
}

/* What an IP shows as: 'l' local (advertised), 'r' remote, 0 not shown. */
static char
ip_kind(const struct evpn_ip *p, const struct evpn_imp **w)
{
	*w = NULL;
	if (p->advertised)
		return 'l';
	if ((*w = evpn_claims_best(&p->claims)) != NULL)
		return 'r';
	return p->local ? 'l' : 0;
}

static size_t
count_ips(const struct evpn_vni *v)
{
	struct htab_ent *it, *cur = NULL;
	const struct evpn_imp *w;
	size_t b = 0, n = 0;

	while ((it = htab_next(&v->ips, &b, &cur)) != NULL)
		if (ip_kind((const struct evpn_ip *)it, &w) != 0)
			n++;
	return n;
}

/* ---- show evpn vni ---- */

static const char *
vni_vrf(const struct evpn_vni *v)
{
	return v->vrf != NULL ? v->vrf->name : "default";
}

/* The list view (detail false) and `show evpn vni VNI`: FRR names the
 * same things differently in the two, and numRemoteVteps is a count in
 * one and the list in the other. */
static void
vni_json(const struct evpn *e, const struct evpn_vni *v, struct json *j,
    bool detail)
{
	struct htab_ent *it, *cur = NULL;
	char buf[IP_STRLEN];
	size_t b = 0;

	json_u64(j, "vni", v->vni);
	json_str(j, "type", "L2");
	if (detail) {
		json_str(j, "vrf", vni_vrf(v));
		json_str(j, "vxlanInterface", link_name(e, v->vxlan));
		json_u64(j, "ifindex", v->vxlan);
		json_str(j, "sviInterface", link_name(e, v->bridge));
		json_u64(j, "sviIfindex", v->bridge);
		json_str(j, "vtepIp", v->local.af != IP_AF_NONE ?
		    ip_fmt(&v->local, buf) : "");
		json_str(j, "mcastGroup", "0.0.0.0");
		json_str(j, "advertiseGatewayMacip", "No");
		json_str(j, "advertiseSviMacip", "No");
	} else
		json_str(j, "vxlanIf", link_name(e, v->vxlan));
	json_u64(j, "numMacs", count_macs(v));
	json_u64(j, "numArpNd", count_ips(v));
	json_u64(j, "stickyMacConflicts", v->sticky_conflicts);
	if (!detail) {
		json_u64(j, "numRemoteVteps", v->vteps.n);
		json_str(j, "tenantVrf", vni_vrf(v));
	}
	json_arr_open(j, detail ? "numRemoteVteps" : "remoteVteps");
	while ((it = htab_next(&v->vteps, &b, &cur)) != NULL)
		json_str(j, NULL, ip_fmt(&((const struct evpn_vtep *)it)->ip,
		    buf));
	json_arr_close(j);
}

static void
vni_text(const struct evpn *e, const struct evpn_vni *v, FILE *out)
{
	fprintf(out, "%-10u %-4s %-21s %-8zu %-8zu %-15zu %s\n", v->vni, "L2",
	    link_name(e, v->vxlan), count_macs(v), count_ips(v), v->vteps.n,
	    vni_vrf(v));
}

static void
vni_detail_text(const struct evpn *e, const struct evpn_vni *v, FILE *out)
{
	struct htab_ent *it, *cur = NULL;
	char buf[IP_STRLEN], rd[RD_STRLEN];
	size_t b = 0;

	fprintf(out, "VNI: %u\n Type: L2\n Tenant VRF: %s\n"
	    " VxLAN interface: %s\n VxLAN ifIndex: %u\n SVI interface: %s\n"
	    " SVI ifIndex: %u\n Local VTEP IP: %s\n Mcast group: 0.0.0.0\n"
	    " State: %s\n RD: %s\n", v->vni, vni_vrf(v), link_name(e, v->vxlan),
	    v->vxlan, link_name(e, v->bridge), v->bridge,
	    v->local.af != IP_AF_NONE ? ip_fmt(&v->local, buf) : "-",
	    v->active ? "Up" : "Down", rd_fmt(&v->rd, rd));
	fputs(" Remote VTEPs for this VNI:\n", out);
	while ((it = htab_next(&v->vteps, &b, &cur)) != NULL)
		fprintf(out, "  %s flood: HER\n",
		    ip_fmt(&((const struct evpn_vtep *)it)->ip, buf));
	fprintf(out, " Number of MACs (local and remote) known for this VNI: "
	    "%zu\n Number of ARPs (IPv4 and IPv6, local and remote) known "
	    "for this VNI: %zu\n Advertise-gw-macip: No\n"
	    " Advertise-svi-macip: No\n Sticky MAC conflicts: %llu\n",
	    count_macs(v), count_ips(v),
	    (unsigned long long)v->sticky_conflicts);
}

/* ---- L3VNIs (evpn_vrf.c's VRFs with their VXLAN device) ---- */

static void
l3_json(const struct evpn *e, const struct evpn_vrf *vrf, struct json *j,
    bool detail)
{
	struct htab_ent *it, *cur = NULL;
	char buf[IP_STRLEN];
	size_t b = 0;

	json_u64(j, "vni", vrf->l3vni);
	json_str(j, "type", "L3");
	if (!detail) {
		json_str(j, "tenantVrf", vrf->name);
		json_str(j, "vxlanIf", link_name(e, vrf->vxlan));
		json_u64(j, "numMacs", vrf->rvteps.n);
		json_u64(j, "numArpNd", vrf->rvteps.n);
		json_str(j, "numRemoteVteps", "n/a");
		return;
	}
	json_str(j, "vrf", vrf->name);
	json_str(j, "localVtepIp", vrf->local.af != IP_AF_NONE ?
	    ip_fmt(&vrf->local, buf) : "");
	json_str(j, "vxlanIntf", link_name(e, vrf->vxlan));
	json_str(j, "sviIntf", link_name(e, vrf->bridge));
	json_str(j, "state", vrf->active ? "Up" : "Down");
	json_str(j, "routerMac", mac_fmt(&vrf->rmac, buf));
	json_u64(j, "table", vrf->table);
	json_arr_open(j, "l2Vnis");
	while ((it = htab_next(&e->vnis, &b, &cur)) != NULL)
		if (((const struct evpn_vni *)it)->vrf == vrf)
			json_u64(j, NULL, ((const struct evpn_vni *)it)->vni);
	json_arr_close(j);
}

static void
l3_text(const struct evpn *e, const struct evpn_vrf *vrf, FILE *out)
{
	fprintf(out, "%-10u %-4s %-21s %-8zu %-8zu %-15s %s\n", vrf->l3vni,
	    "L3", link_name(e, vrf->vxlan), vrf->rvteps.n, vrf->rvteps.n,
	    "n/a", vrf->name);
}

static void
l3_detail_text(const struct evpn *e, const struct evpn_vrf *vrf, FILE *out)
{
	char buf[IP_STRLEN], mac[MAC_STRLEN], rd[RD_STRLEN];

	fprintf(out, "VNI: %u\n Type: L3\n Tenant VRF: %s\n Table: %u\n"
	    " Local Vtep Ip: %s\n Vxlan-Intf: %s\n SVI-If: %s\n State: %s\n"
	    " Router MAC: %s\n RD: %s\n Remote VTEPs: %zu\n", vrf->l3vni,
	    vrf->name, vrf->table, vrf->local.af != IP_AF_NONE ?
	    ip_fmt(&vrf->local, buf) : "-", link_name(e, vrf->vxlan),
	    link_name(e, vrf->bridge), vrf->active ? "Up" : "Down",
	    mac_fmt(&vrf->rmac, mac), rd_fmt(&vrf->rd, rd), vrf->rvteps.n);
}

static int
show_vni(const struct evpn *e, const struct evpn_show_req *q,
    struct evpn_vni **v, size_t n, FILE *out)
{
	const struct evpn_vrf *l3 = NULL, *vrf;
	struct json j;

	TAILQ_FOREACH(vrf, &e->vrfs, entry)
		if (q->vni != 0 && vrf->l3vni == q->vni && vrf->vxlan != 0)
			l3 = vrf;
	if (l3 != NULL) {
		if (!q->json) {
			l3_detail_text(e, l3, out);
			return 0;
		}
		json_init_file(&j, out);
		json_obj_open(&j, NULL);
		l3_json(e, l3, &j, true);
		json_obj_close(&j);
		json_newline(&j);
		json_free(&j);
		return 0;
	}
	if (q->vni != 0 && n == 0) {
		if (q->json)
			fputs("{}\n", out);
		else
			fprintf(out, "%% VNI %u does not exist\n", q->vni);
		return 0;
	}
	if (!q->json) {
		if (q->vni != 0) {
			vni_detail_text(e, v[0], out);
			return 0;
		}
		fputs("VNI        Type VxLAN IF              # MACs   # ARPs   "
		    "# Remote VTEPs  Tenant VRF\n", out);
		for (size_t i = 0; i < n; i++)
			vni_text(e, v[i], out);
		TAILQ_FOREACH(vrf, &e->vrfs, entry)
			if (vrf->vxlan != 0)
				l3_text(e, vrf, out);
		return 0;
	}
	json_init_file(&j, out);
	json_obj_open(&j, NULL);
	if (q->vni != 0)
		vni_json(e, v[0], &j, true);
	for (size_t i = 0; q->vni == 0 && i < n; i++) {
		char key[16];

		snprintf(key, sizeof(key), "%u", v[i]->vni);
		json_obj_open(&j, key);
		vni_json(e, v[i], &j, false);
		json_obj_close(&j);
	}
	TAILQ_FOREACH(vrf, &e->vrfs, entry) {
		char key[16];

		if (q->vni != 0 || vrf->vxlan == 0)
			continue;
		snprintf(key, sizeof(key), "%u", vrf->l3vni);
		json_obj_open(&j, key);
		l3_json(e, vrf, &j, false);
		json_obj_close(&j);
	}
	json_obj_close(&j);
	json_newline(&j);
	json_free(&j);
	return 0;
}

/* ---- show evpn mac vni ---- */

static void
mac_json(const struct evpn *e, const struct evpn_mac *m, char kind,
    const struct evpn_imp *w, struct json *j)
{
	char buf[MAC_STRLEN], ip[IP_STRLEN];

	json_obj_open(j, mac_fmt(&m->mac, buf));
	json_str(j, "type", kind == 'l' ? "local" : "remote");
	if (kind == 'l')
		json_str(j, "intf", link_name(e, m->port));
	else
		json_str(j, "remoteVtep", ip_fmt(&w->vtep, ip));
	if (kind == 'l' ? m->is_static : w->sticky)
		json_bool(j, "sticky", true);
	json_u64(j, "localSequence", m->lseq);
	json_u64(j, "remoteSequence", evpn_claims_max_seq(&m->claims));
	json_u64(j, "detectionCount", m->dad.moves);
	json_bool(j, "isDuplicate", m->dad.duplicate);
	if (m->dad.frozen)
		json_bool(j, "frozen", true);
	json_obj_close(j);
}

static void
mac_text(const struct evpn *e, const struct evpn_mac *m, char kind,
    const struct evpn_imp *w, FILE *out)
{
	char buf[MAC_STRLEN], ip[IP_STRLEN], seq[24];

	snprintf(seq, sizeof(seq), "%u/%u", m->lseq, evpn_claims_max_seq(&m->claims));
	fprintf(out, "%-17s %-6s %-5s %-30s %-5s %s\n", mac_fmt(&m->mac, buf),
	    kind == 'l' ? "local" : "remote",
	    m->dad.frozen ? "DF" : m->dad.duplicate ? "D" : "",
	    kind == 'l' ? link_name(e, m->port) : ip_fmt(&w->vtep, ip), "",
	    seq);
}

static void
macs_one(const struct evpn *e, const struct evpn_vni *v,
    const struct evpn_show_req *q, struct json *j, FILE *out)
{
	struct htab_ent *it, *cur = NULL;
	const struct evpn_imp *w;
	size_t b = 0;
	char kind;

	if (q->json) {
		json_u64(j, "numMacs", count_macs(v));
		json_obj_open(j, "macs");
	} else {
		if (q->vni != 0)
			fprintf(out, "Number of MACs (local and remote) known "
			    "for this VNI: %zu\n", count_macs(v));
		fputs("Flags: N=sync-neighs, I=local-inactive, P=peer-active, "
		    "X=peer-proxy, D=duplicate, F=frozen\nMAC               Type   Flags "
		    "Intf/Remote ES/VTEP            VLAN  Seq #'s\n", out);
	}
	while ((it = htab_next(&v->macs, &b, &cur)) != NULL) {
		const struct evpn_mac *m = (const struct evpn_mac *)it;

		if ((kind = mac_kind(m, &w)) == 0 ||
		    (q->has_mac && !mac_eq(&m->mac, &q->mac)) ||
		    (q->duplicate && !m->dad.duplicate))
			continue;
		if (q->json)
			mac_json(e, m, kind, w, j);
		else
			mac_text(e, m, kind, w, out);
	}
	if (q->json)
		json_obj_close(j);
}

/* ---- show evpn arp-cache vni ---- */

static void
ip_json(const struct evpn_ip *p, char kind, const struct evpn_imp *w,
    uint32_t lseq, struct json *j)
{
	char buf[IP_STRLEN], mac[MAC_STRLEN];

	json_obj_open(j, ip_fmt(&p->ip, buf));
	json_str(j, "type", kind == 'l' ? "local" : "remote");
	json_str(j, "state", "active");
	json_str(j, "mac", mac_fmt(kind == 'l' ? &p->lmac : &w->mac, mac));
	if (kind == 'r')
		json_str(j, "remoteVtep", ip_fmt(&w->vtep, buf));
	json_u64(j, "localSequence", lseq);
	json_u64(j, "remoteSequence", evpn_claims_max_seq(&p->claims));
	json_u64(j, "detectionCount", p->dad.moves);
	json_bool(j, "isDuplicate", p->dad.duplicate);
	if (p->dad.frozen)
		json_bool(j, "frozen", true);
	json_obj_close(j);
}

static void
ip_text(const struct evpn_ip *p, char kind, const struct evpn_imp *w,
    uint32_t lseq, FILE *out)
{
	char buf[IP_STRLEN], mac[MAC_STRLEN], vtep[IP_STRLEN];

	fprintf(out, "%-15s %-6s %-5s %-8s %-17s %-30s %u/%u\n",
	    ip_fmt(&p->ip, buf), kind == 'l' ? "local" : "remote",
	    p->dad.frozen ? "DF" : p->dad.duplicate ? "D" : "",
	    "active", mac_fmt(kind == 'l' ? &p->lmac : &w->mac, mac),
	    kind == 'r' ? ip_fmt(&w->vtep, vtep) : "", lseq,
	    evpn_claims_max_seq(&p->claims));
}

static void
ips_one(const struct evpn_vni *v, const struct evpn_show_req *q,
    struct json *j, FILE *out)
{
	struct htab_ent *it, *cur = NULL;
	const struct evpn_imp *w;
	size_t b = 0;
	char kind;

	if (q->json)
		json_u64(j, "numArpNd", count_ips(v));
	else {
		if (q->vni != 0)
			fprintf(out, "Number of ARPs (local and remote) known "
			    "for this VNI: %zu\n", count_ips(v));
		fputs("Flags: I=local-inactive, P=peer-active, X=peer-proxy, "
		    "D=duplicate, F=frozen\n"
		    "Neighbor        Type   Flags State    MAC               "
		    "Remote ES/VTEP                 Seq #'s\n", out);
	}
	while ((it = htab_next(&v->ips, &b, &cur)) != NULL) {
		const struct evpn_ip *p = (const struct evpn_ip *)it;
		const struct evpn_mac *m;
		uint32_t lseq = 0;

		if ((kind = ip_kind(p, &w)) == 0 ||
		    (q->duplicate && !p->dad.duplicate))
			continue;
		if (p->local && (m = (const struct evpn_mac *)htab_find(
		    &v->macs, p->lmac.b, sizeof(p->lmac.b))) != NULL)
			lseq = m->lseq;
		if (q->json)
			ip_json(p, kind, w, lseq, j);
		else
			ip_text(p, kind, w, lseq, out);
	}
}

static int
show_table(const struct evpn *e, const struct evpn_show_req *q,
    struct evpn_vni **v, size_t n, FILE *out)
{
	struct json j;

	if (q->vni != 0 && n == 0) {
		/* as FRR: not an error */
		if (q->json)
			fputs("{}\n", out);
		else
			fprintf(out, "%% VNI %u does not exist\n", q->vni);
		return 0;
	}
	if (q->json) {
		json_init_file(&j, out);
		json_obj_open(&j, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		char key[16];

		if (q->vni == 0) {
			snprintf(key, sizeof(key), "%u", v[i]->vni);
			if (q->json)
				json_obj_open(&j, key);
			else if (q->what == EVPN_SHOW_MAC)
				fprintf(out, "\nVNI %u #MACs (local and remote) "
				    "%zu\n\n", v[i]->vni, count_macs(v[i]));
			else
				fprintf(out, "\nVNI %u #ARP (IPv4 and IPv6, local "
				    "and remote) %zu\n\n", v[i]->vni,
				    count_ips(v[i]));
		}
		if (q->what == EVPN_SHOW_MAC)
			macs_one(e, v[i], q, &j, out);
		else
			ips_one(v[i], q, &j, out);
		if (q->vni == 0 && q->json)
			json_obj_close(&j);
	}
	if (q->json) {
		json_obj_close(&j);
		json_newline(&j);
		json_free(&j);
	}
	return 0;
}

int
evpn_show(struct evpn *e, const struct evpn_show_req *q, FILE *out)
{
	struct evpn_vni **v;
	size_t n;
	int rc;

	v = vnis_sorted(e, q->vni, &n);
	if (q->what == EVPN_SHOW_VNI)
		rc = show_vni(e, q, v, n, out);
	else
		rc = show_table(e, q, v, n, out);
	free(v);
	return rc;
}

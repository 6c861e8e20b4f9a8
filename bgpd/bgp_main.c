/*
 * bgp_main.c -- the speaker's life cycle: bgp_new(), bgp_reconfigure(),
 * bgp_free(), the peer list, and the show/clear entry points of bgp.h.
 *
 * DOC: the root speaker serves the instance "default" of the snapshot and
 * owns the listeners; the VRF instances are children (bgp_vrf.c) set up
 * by bgp_vrf_sync() after the root, each reconfigured by
 * bgp_inst_reconfigure() as the root is.  Without any instance there are
 * no listeners and no peers.  bgp_reconfigure() repoints
 * every peer to the new snapshot and resets only the sessions whose
 * OPEN-relevant settings changed (RFC 4486 Cease subcodes: 2 for
 * `shutdown`, 3 for a removed neighbor, 6 for a changed one), then lets
 * the route layer re-apply policy (bgp_rib_reconfigure()).  The router-id,
 * when not configured, is the highest IPv4 address of the host (as FRR
 * picks it; loopback addresses only when nothing else exists).
 */
#include "bgp_local.h"

#include <sys/socket.h>
#include <netinet/in.h>

#include <ifaddrs.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_session.h"
#include "log.h"

/* The highest IPv4 address of the host, non-loopback first; 0: none. */
static uint32_t
router_id_auto(void)
{
	struct ifaddrs *ifs, *ifa;
	struct ip_addr a;
	uint32_t best = 0, best_lo = 0, v;

	if (getifaddrs(&ifs) == -1)
		return 0;
	for (ifa = ifs; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == NULL ||
		    ifa->ifa_addr->sa_family != AF_INET)
			continue;
		memset(&a, 0, sizeof(a));
		a.af = IP_AF_V4;
		memcpy(a.a, &((const struct sockaddr_in *)(const void *)
		    ifa->ifa_addr)->sin_addr, 4);
		v = ip_get_v4(&a);
		if ((v >> 24) == 127) {
			if (v > best_lo)
				best_lo = v;
		} else if (v > best)
			best = v;
	}
	freeifaddrs(ifs);
	return best != 0 ? best : best_lo;
}

static void
ids_set(struct bgp *bgp)
{
	const struct bgp_conf_inst *inst = bgp->inst;

	bgp->asn = inst != NULL ? inst->asn : 0;
	bgp->router_id = inst != NULL ? inst->router_id : 0;
	if (inst != NULL && bgp->router_id == 0) {
		bgp->router_id = router_id_auto();
		if (bgp->router_id == 0)
			log_msg(bgp->log, LOG_LVL_ERROR, "bgp: no router-id "
			    "configured and no IPv4 address to take one from");
	}
	bgp->cluster_id = inst != NULL && inst->cluster_id != 0 ?
	    inst->cluster_id : bgp->router_id;
}

uint32_t
bgp_router_id(const struct bgp *bgp)
{
	return bgp->router_id;
}

void
bgp_peers_add(struct bgp *bgp)
{
	const struct bgp_conf_inst *inst = bgp->inst;
	struct bgp_peer *peer;
	size_t i;

	for (i = 0; inst != NULL && i < inst->npeers; i++) {
		peer = bgp_peer_find(bgp, &inst->peers[i].addr);
		if (peer != NULL)
			continue;
		peer = bgp_peer_new(bgp, &inst->peers[i].addr,
		    &inst->peers[i], false);
		bgp_peer_start(peer);
	}
}

/* The root needs the listeners when any instance runs. */
static bool
listen_wanted(const struct bgp_conf *conf)
{
	size_t i;

	for (i = 0; conf != NULL && i < conf->ninst; i++)
		if (strcmp(conf->inst[i].vrf, "default") == 0 ||
		    bgp_conf_vrf_table(conf, conf->inst[i].vrf) != 0)
			return true;
	return false;
}

void
bgp_inst_init(struct bgp *bgp, const struct bgp_conf *conf,
    const char *vrf)
{
	snprintf(bgp->vrf, sizeof(bgp->vrf), "%s", vrf);
	bgp->conf = conf;
	bgp->inst = bgp_conf_inst_find(conf, vrf);
	TAILQ_INIT(&bgp->peers);
	TAILQ_INIT(&bgp->vrfs);
	bgp->listen[0].fd = bgp->listen[1].fd = -1;
	bgp->intern = bgp_intern_new();
	bgp_arena_init(&bgp->arena, BGP_ARENA_SIZE);
	ids_set(bgp);
	bgp_rib_init(bgp);
}

void
bgp_inst_fini(struct bgp *bgp)
{
	struct bgp_peer *peer;
	size_t leaked;

	while ((peer = TAILQ_FIRST(&bgp->peers)) != NULL)
		bgp_peer_free_cease(peer, BGP_ERR_CEASE_ADMIN_SHUT,
		    "speaker shutting down");
	bgp_rib_free(bgp);
	leaked = bgp_intern_free(bgp->intern);
	if (leaked != 0)
		log_msg(bgp->log, LOG_LVL_WARNING, "bgp: vrf %s: %zu interned "
		    "attribute objects leaked", bgp->vrf, leaked);
	bgp_arena_free(&bgp->arena);
}

struct bgp *
bgp_new(const struct bgp_env *env, const struct bgp_conf *conf, char *err,
    size_t errlen)
{
	struct bgp *bgp = xcalloc(1, sizeof(*bgp));

	bgp->base = env->base;
	bgp->log = env->log;
	bgp->codec = env->codec;
	bgp->port = env->port != 0 ? env->port : BGP_PORT;
	bgp->rib_change = env->rib_change;
	bgp->rib_arg = env->rib_arg;
	bgp->evpn_change = env->evpn_change;
	bgp->evpn_arg = env->evpn_arg;
	bgp_inst_init(bgp, conf, "default");
	if (listen_wanted(conf) && bgp_listen_start(bgp, err, errlen) == -1) {
		bgp_free(bgp);
		return NULL;
	}
	bgp_listen_md5_ranges(bgp, bgp->inst, true);
	bgp_peers_add(bgp);
	bgp_vrf_sync(bgp, conf);
	return bgp;
}

void
bgp_free(struct bgp *bgp)
{
	if (bgp == NULL)
		return;
	bgp_vrf_free_all(bgp);
	bgp_inst_fini(bgp);
	bgp_listen_stop(bgp);
	free(bgp);
}

struct bgp_peer *
bgp_peer_find(struct bgp *bgp, const struct ip_addr *addr)
{
	struct bgp_peer *peer;

	TAILQ_FOREACH(peer, &bgp->peers, entry)
		if (ip_eq(&peer->addr, addr))
			return peer;
	return NULL;
}

/* ---- reconfiguration ---- */

static bool
open_changed(const struct bgp_conf_peer *a, const struct bgp_conf_inst *ai,
    const struct bgp_conf_peer *b, const struct bgp_conf_inst *bi)
{
	int f;

	if (a->remote_as_kind != b->remote_as_kind ||
	    a->remote_as != b->remote_as ||
	    !ip_eq(&a->update_source, &b->update_source) ||
	    strcmp(a->update_source_if, b->update_source_if) != 0 ||
	    strcmp(a->password, b->password) != 0 ||
	    a->ttl_security_hops != b->ttl_security_hops ||
	    a->ebgp_multihop != b->ebgp_multihop ||
	    bgp_conf_hold(a, ai) != bgp_conf_hold(b, bi) ||
	    bgp_conf_keepalive(a, ai) != bgp_conf_keepalive(b, bi))
		return true;
	for (f = 0; f < BGP_FAM_COUNT; f++)
		if (bgp_conf_fam_activated(a, ai, (enum bgp_fam)f) !=
		    bgp_conf_fam_activated(b, bi, (enum bgp_fam)f))
			return true;
	return false;
}

static void
peer_reconf(struct bgp *bgp, struct bgp_peer *peer,
    const struct bgp_conf_inst *oi, bool ids_changed)
{
	const struct bgp_conf_inst *ni = bgp->inst;
	const struct bgp_conf_peer *oc = peer->conf, *nc;

	if (peer->dynamic)
		nc = bgp_conf_peer_find(ni, &peer->addr) != NULL ? NULL :
		    bgp_conf_group_find(ni, oc->name);
	else
		nc = bgp_conf_peer_find(ni, &peer->addr);
	if (nc == NULL) {
		bgp_peer_free(peer);
		return;
	}
	peer->conf = nc;
	if (!oc->shutdown && nc->shutdown) {
		bgp_peer_halt(peer, BGP_ERR_CEASE_ADMIN_SHUT,
		    "neighbor shutdown");
		return;
	}
	if (oc->shutdown && !nc->shutdown) {
		bgp_peer_start(peer);
		return;
	}
	if (strcmp(oc->password, nc->password) != 0)
		bgp_sess_md5_listen(peer, nc->password[0] != '\0');
	if (peer->state != BGP_ST_IDLE &&
	    (ids_changed || open_changed(oc, oi, nc, ni)))
		bgp_peer_stop(peer, BGP_ERR_CEASE, BGP_ERR_CEASE_CONF_CHANGE,
		    "configuration changed");
	else if (oc->passive != nc->passive && peer->state < BGP_ST_OPENSENT &&
	    peer->state != BGP_ST_IDLE)
		/* Not connected yet: restart to connect, or to stop trying. */
		bgp_peer_stop(peer, 0, 0, "passive changed");
}

void
bgp_inst_reconfigure(struct bgp *bgp, const struct bgp_conf *conf)
{
	const struct bgp_conf_inst *oi = bgp->inst;
	struct bgp_peer *peer, *next;
	uint32_t asn = bgp->asn, rid = bgp->router_id;

	bgp_listen_md5_ranges(bgp, oi, false);
	bgp->conf = conf;
	bgp->inst = bgp_conf_inst_find(conf, bgp->vrf);
	ids_set(bgp);
	for (peer = TAILQ_FIRST(&bgp->peers); peer != NULL; peer = next) {
		next = TAILQ_NEXT(peer, entry);
		if (bgp->inst == NULL)
			bgp_peer_free(peer);
		else
			peer_reconf(bgp, peer, oi, asn != bgp->asn ||
			    rid != bgp->router_id);
	}
	bgp_listen_md5_ranges(bgp, bgp->inst, true);
	bgp_peers_add(bgp);
	bgp_rib_reconfigure(bgp);
}

void
bgp_reconfigure(struct bgp *bgp, const struct bgp_conf *old,
    const struct bgp_conf *conf)
{
	char err[128];

	(void)old;
	if (listen_wanted(conf) && bgp->listen[0].fd == -1 &&
	    bgp_listen_start(bgp, err, sizeof(err)) == -1)
		log_msg(bgp->log, LOG_LVL_ERROR, "bgp: %s", err);
	bgp_inst_reconfigure(bgp, conf);
	bgp_vrf_sync(bgp, conf);
	if (!listen_wanted(conf))
		bgp_listen_stop(bgp);
}

/* ---- show and clear ---- */

int
bgp_show(struct bgp *root, const struct bgp_show_req *req, FILE *out)
{
	struct bgp *bgp;

	if (req->vrf != NULL && strcmp(req->vrf, "all") == 0 &&
	    req->what != BGP_SHOW_ROUTES)
		return bgp_show_all(root, req, out);
	if ((bgp = bgp_vrf_find(root, req->vrf)) == NULL) {
		fputs(req->json ? "{\"warning\":\"BGP instance not found\"}\n"
		    : "% BGP instance not found\n", out);
		return -1;
	}
	switch (req->what) {
	case BGP_SHOW_SUMMARY:
		return bgp_show_summary(bgp, req->json, out);
	case BGP_SHOW_NEIGHBORS:
		return bgp_show_neighbors(bgp, req->has_addr ? &req->addr :
		    NULL, req->json, out);
	case BGP_SHOW_ROUTES:
		return bgp_show_routes(bgp, req, out);
	}
	return -1;
}

static void
clear_one(struct bgp_peer *peer, enum bgp_clear_kind kind)
{
	bool up = peer->state == BGP_ST_ESTABLISHED;

	switch (kind) {
	case BGP_CLEAR_HARD:
		if (peer->state != BGP_ST_IDLE)
			bgp_peer_stop(peer, BGP_ERR_CEASE,
			    BGP_ERR_CEASE_ADMIN_RESET, "clear bgp");
		else
			bgp_peer_unhalt(peer);
		break;
	case BGP_CLEAR_SOFT:
		if (up) {
			bgp_rib_soft_in(peer);
			bgp_rib_soft_out(peer);
		}
		break;
	case BGP_CLEAR_SOFT_IN:
		if (up)
			bgp_rib_soft_in(peer);
		break;
	case BGP_CLEAR_SOFT_OUT:
		if (up)
			bgp_rib_soft_out(peer);
		break;
	}
}

int
bgp_clear(struct bgp *bgp, const struct ip_addr *addr,
    enum bgp_clear_kind kind, FILE *out)
{
	struct bgp_peer *peer, *next;
	char buf[IP_STRLEN];

	if (addr != NULL) {
		peer = bgp_peer_find(bgp, addr);
		if (peer == NULL) {
			fprintf(out, "no such neighbor %s\n",
			    ip_fmt(addr, buf));
			return -1;
		}
		clear_one(peer, kind);
		return 0;
	}
	for (peer = TAILQ_FIRST(&bgp->peers); peer != NULL; peer = next) {
		next = TAILQ_NEXT(peer, entry);
		clear_one(peer, kind);
	}
	return 0;
}

int
bgp_clear_vrf(struct bgp *root, const char *vrf, const struct ip_addr *addr,
    enum bgp_clear_kind kind, FILE *out)
{
	struct bgp *bgp = bgp_vrf_find(root, vrf);

	if (bgp == NULL) {
		fputs("% BGP instance not found\n", out);
		return -1;
	}
	return bgp_clear(bgp, addr, kind, out);
}

/*
 * bgp_show.c -- `show bgp summary` and `show bgp neighbors [ADDR]`, as text
 * for people and as JSON with FRR 8.4's key names for programs
 * (DESIGN.md section 7).
 *
 * DOC: read-only over the peers and their sessions.  The summary has one
 * object per family in which some peer is activated (FRR prints only
 * those), each listing the peers activated in it; pfxRcd is the count of
 * prefixes accepted by import policy, pfxSnt what the peer's update group
 * advertised.  Up/Down is the time since the last state change into or out
 * of Established, "never" for a peer never up, in FRR's format.
 * vrfName/vrfId name the instance (bgp_vrf.c); `show bgp vrf all ...`
 * nests one instance per key, as FRR does.
 */
#include "bgp_local.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bgp_session.h"
#include "json.h"

static const char *const fam_text[BGP_FAM_COUNT] = {
	"IPv4 Unicast", "IPv6 Unicast", "L2VPN EVPN",
};

/* FRR's peer_uptime(): hh:mm:ss, then XdXXhXXm, then XXwXdXXh. */
static const char *
uptime_fmt(const struct bgp_peer *peer, char *buf, size_t len)
{
	time_t t = bgp_mono_now() - peer->since;

	if (peer->stats.established == 0)
		snprintf(buf, len, "never");
	else if (t < 86400)
		snprintf(buf, len, "%02d:%02d:%02d", (int)(t / 3600),
		    (int)(t / 60 % 60), (int)(t % 60));
	else if (t < 7 * 86400)
		snprintf(buf, len, "%dd%02dh%02dm", (int)(t / 86400),
		    (int)(t / 3600 % 24), (int)(t / 60 % 60));
	else
		snprintf(buf, len, "%02dw%dd%02dh", (int)(t / 604800),
		    (int)(t / 86400 % 7), (int)(t / 3600 % 24));
	return buf;
}

static uint64_t
msgs(const uint64_t *v)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < 6; i++)
		n += v[i];
	return n;
}

static uint32_t
peer_remote_as(const struct bgp_peer *peer)
{
	const struct bgp_conf_peer *c = peer->conf;

	if (peer->state >= BGP_ST_OPENCONFIRM)
		return peer->remote_as;
	if (c->remote_as_kind == BGP_CONF_AS_NUMBER)
		return c->remote_as;
	if (c->remote_as_kind == BGP_CONF_AS_INTERNAL)
		return peer->bgp->asn;
	return 0;
}

static bool
peer_in_fam(const struct bgp_peer *peer, enum bgp_fam f)
{
	return bgp_conf_fam_activated(peer->conf, peer->bgp->inst, f);
}

static size_t
peer_outq(const struct bgp_peer *peer)
{
	return peer->sess->conn != NULL ? peer->sess->conn->oq_n : 0;
}

static const char *
state_text(const struct bgp_peer *peer)
{
	if (peer->state == BGP_ST_IDLE && peer->conf->shutdown)
		return "Idle (Admin)";
	return bgp_state_name(peer->state);
}

static bool
fam_shown(const struct bgp *bgp, enum bgp_fam f)
{
	const struct bgp_peer *peer;

	if (bgp->npeers == 0)
		return f == BGP_FAM_IPV4 && !bgp->inst->no_default_ipv4;
	TAILQ_FOREACH(peer, &bgp->peers, entry)
		if (peer_in_fam(peer, f))
			return true;
	return false;
}

/* ---- summary ---- */

static void
summary_peer_json(struct json *j, const struct bgp_peer *peer,
    enum bgp_fam f)
{
	const struct bgp_sess *s = peer->sess;
	bool up = peer->state == BGP_ST_ESTABLISHED;
	time_t t = bgp_mono_now() - peer->since;
	char buf[32];

	json_obj_open(j, peer->name);
	if (s->rx.hostname[0] != '\0')
		json_str(j, "hostname", s->rx.hostname);
	json_u64(j, "remoteAs", peer_remote_as(peer));
	json_u64(j, "localAs", peer->bgp->asn);
	json_u64(j, "version", 4);
	json_u64(j, "msgRcvd", msgs(peer->stats.msg_in));
	json_u64(j, "msgSent", msgs(peer->stats.msg_out));
	json_u64(j, "tableVersion", 0);
	json_u64(j, "outq", peer_outq(peer));
	json_u64(j, "inq", 0);
	json_str(j, "peerUptime", uptime_fmt(peer, buf, sizeof(buf)));
	json_u64(j, "peerUptimeMsec", peer->stats.established ?
	    (uint64_t)t * 1000 : 0);
	json_u64(j, "peerUptimeEstablishedEpoch", up ?
	    (uint64_t)s->est_wall : 0);
	json_u64(j, "pfxRcd", peer->fam[f].pfx_accepted);
	json_u64(j, "pfxSnt", peer->fam[f].pfx_sent);
	json_str(j, "state", bgp_state_name(peer->state));
	json_str(j, "peerState", peer->conf->shutdown ? "Admin" : "OK");
	json_u64(j, "connectionsEstablished", peer->stats.established);
	json_u64(j, "connectionsDropped", peer->stats.dropped);
	json_str(j, "idType", peer->addr.af == IP_AF_V4 ? "ipv4" : "ipv6");
	json_obj_close(j);
}

static void
summary_fam_json(struct json *j, struct bgp *bgp, enum bgp_fam f)
{
	const struct bgp_peer *peer;
	size_t total = 0, failed = 0, dyn = 0;
	char buf[IP_STRLEN];
	struct ip_addr rid;

	ip_set_v4(&rid, bgp->router_id);
	json_obj_open(j, bgp_fam_json_key(f));
	json_str(j, "routerId", ip_fmt(&rid, buf));
	json_u64(j, "as", bgp->asn);
	json_i64(j, "vrfId", bgp_vrf_id(bgp));
	json_str(j, "vrfName", bgp->vrf);
	json_u64(j, "tableVersion", bgp->rib[f].version);
	json_u64(j, "ribCount", bgp->rib[f].count);
	json_u64(j, "ribMemory", 0);
	TAILQ_FOREACH(peer, &bgp->peers, entry)
		total += peer_in_fam(peer, f);
	json_u64(j, "peerCount", total);
	json_u64(j, "peerMemory", 0);
	json_obj_open(j, "peers");
	TAILQ_FOREACH(peer, &bgp->peers, entry) {
		if (!peer_in_fam(peer, f))
			continue;
		failed += peer->state != BGP_ST_ESTABLISHED;
		dyn += peer->dynamic;
		summary_peer_json(j, peer, f);
	}
	json_obj_close(j);
	json_u64(j, "failedPeers", failed);
	json_u64(j, "displayedPeers", total);
	json_u64(j, "totalPeers", total);
	json_u64(j, "dynamicPeers", dyn);
	json_obj_close(j);
}

static void
summary_peer_text(FILE *out, const struct bgp_peer *peer, enum bgp_fam f)
{
	char up[32], st[24], snt[16];

	if (peer->state == BGP_ST_ESTABLISHED) {
		snprintf(st, sizeof(st), "%u", peer->fam[f].pfx_accepted);
		snprintf(snt, sizeof(snt), "%u", peer->fam[f].pfx_sent);
	} else {
		snprintf(st, sizeof(st), "%s", state_text(peer));
		snprintf(snt, sizeof(snt), "0");
	}
	if (strlen(peer->name) > 15)
		fprintf(out, "%s\n%16s", peer->name, "");
	else
		fprintf(out, "%-16s", peer->name);
	fprintf(out, "4 %10" PRIu32 " %9" PRIu64 " %9" PRIu64 " %8u %4u "
	    "%4zu %8s %12s %8s N/A\n", peer_remote_as(peer),
	    msgs(peer->stats.msg_in), msgs(peer->stats.msg_out), 0, 0,
	    peer_outq(peer), uptime_fmt(peer, up, sizeof(up)), st, snt);
}

static void
summary_fam_text(FILE *out, struct bgp *bgp, enum bgp_fam f)
{
	const struct bgp_peer *peer;
	char buf[IP_STRLEN];
	struct ip_addr rid;
	size_t n = 0;

	ip_set_v4(&rid, bgp->router_id);
	TAILQ_FOREACH(peer, &bgp->peers, entry)
		n += peer_in_fam(peer, f);
	fprintf(out, "\n%s Summary (VRF %s):\n"
	    "BGP router identifier %s, local AS number %" PRIu32 " vrf-id %"
	    PRId64 "\n"
	    "BGP table version %" PRIu64 "\n", fam_text[f], bgp->vrf,
	    ip_fmt(&rid, buf), bgp->asn, bgp_vrf_id(bgp),
	    bgp->rib[f].version);
	if (n == 0) {
		fprintf(out, "\nTotal number of neighbors 0\n");
		return;
	}
	fprintf(out, "RIB entries %zu, using 0 bytes of memory\n"
	    "Peers %zu, using 0 bytes of memory\n\n"
	    "Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ "
	    "OutQ  Up/Down State/PfxRcd   PfxSnt Desc\n", bgp->rib[f].count,
	    n);
	TAILQ_FOREACH(peer, &bgp->peers, entry)
		if (peer_in_fam(peer, f))
			summary_peer_text(out, peer, f);
	fprintf(out, "\nTotal number of neighbors %zu\n", n);
}

/* The families of one instance into the open object j (JSON), or out. */
static void
summary_body(struct json *j, struct bgp *bgp, FILE *out)
{
	int f;

	for (f = 0; f < BGP_FAM_COUNT; f++) {
		if (!fam_shown(bgp, (enum bgp_fam)f))
			continue;
		if (j != NULL)
			summary_fam_json(j, bgp, (enum bgp_fam)f);
		else
			summary_fam_text(out, bgp, (enum bgp_fam)f);
	}
}

int
bgp_show_summary(struct bgp *bgp, bool json, FILE *out)
{
	struct json j;

	if (bgp->inst == NULL) {
		fputs(json ? "{}\n" : "% BGP instance not found\n", out);
		return 0;
	}
	if (!json) {
		summary_body(NULL, bgp, out);
		return 0;
	}
	json_init_file(&j, out);
	json_obj_open(&j, NULL);
	summary_body(&j, bgp, out);
	json_obj_close(&j);
	json_newline(&j);
	json_free(&j);
	return 0;
}

/* ---- neighbors ---- */

static const char *
cap_word(bool tx, bool rx)
{
	if (tx && rx)
		return "advertisedAndReceived";
	return tx ? "advertised" : rx ? "received" : NULL;
}

static void
cap_json(struct json *j, const char *key, bool tx, bool rx)
{
	const char *w = cap_word(tx, rx);

	if (w != NULL)
		json_str(j, key, w);
}

static void
nbr_caps_json(struct json *j, const struct bgp_peer *peer)
{
	const struct bgp_sess *s = peer->sess;
	const struct bgp_open_rx *rx = &s->rx;
	int f;

	json_obj_open(j, "neighborCapabilities");
	cap_json(j, "4byteAs", true, rx->as4);
	cap_json(j, "extendedMessage", true, rx->ext_msg);
	cap_json(j, "routeRefresh", true, rx->rr || rx->rr_old);
	cap_json(j, "enhancedRouteRefresh", true, rx->err);
	json_obj_open(j, "multiprotocolExtensions");
	for (f = 0; f < BGP_FAM_COUNT; f++) {
		if (!s->caps_tx_mp[f] && !rx->mp[f])
			continue;
		json_obj_open(j, bgp_fam_json_key((enum bgp_fam)f));
		json_bool(j, s->caps_tx_mp[f] && rx->mp[f] ?
		    "advertisedAndReceived" : s->caps_tx_mp[f] ?
		    "advertised" : "received", true);
		json_obj_close(j);
	}
	json_obj_close(j);
	json_obj_open(j, "hostName");
	if (rx->fqdn)
		json_str(j, "rcvHostName", rx->hostname);
	json_obj_close(j);
	cap_json(j, "gracefulRestart", true, rx->gr);
	json_obj_close(j);
}

static void
nbr_stats_json(struct json *j, const struct bgp_peer_stats *st)
{
	json_obj_open(j, "messageStats");
	json_u64(j, "depthInq", 0);
	json_u64(j, "opensSent", st->msg_out[BGP_MSG_OPEN]);
	json_u64(j, "opensRecv", st->msg_in[BGP_MSG_OPEN]);
	json_u64(j, "notificationsSent", st->msg_out[BGP_MSG_NOTIFICATION]);
	json_u64(j, "notificationsRecv", st->msg_in[BGP_MSG_NOTIFICATION]);
	json_u64(j, "updatesSent", st->msg_out[BGP_MSG_UPDATE]);
	json_u64(j, "updatesRecv", st->msg_in[BGP_MSG_UPDATE]);
	json_u64(j, "keepalivesSent", st->msg_out[BGP_MSG_KEEPALIVE]);
	json_u64(j, "keepalivesRecv", st->msg_in[BGP_MSG_KEEPALIVE]);
	json_u64(j, "routeRefreshSent", st->msg_out[BGP_MSG_ROUTE_REFRESH]);
	json_u64(j, "routeRefreshRecv", st->msg_in[BGP_MSG_ROUTE_REFRESH]);
	json_u64(j, "capabilitySent", 0);
	json_u64(j, "capabilityRecv", 0);
	json_u64(j, "totalSent", msgs(st->msg_out));
	json_u64(j, "totalRecv", msgs(st->msg_in));
	json_obj_close(j);
}

static void
nbr_afi_json(struct json *j, const struct bgp_peer *peer)
{
	int f;

	json_obj_open(j, "addressFamilyInfo");
	for (f = 0; f < BGP_FAM_COUNT; f++) {
		if (!peer_in_fam(peer, (enum bgp_fam)f))
			continue;
		json_obj_open(j, bgp_fam_json_key((enum bgp_fam)f));
		json_bool(j, "routeReflectorClient",
		    peer->conf->af[f].rr_client);
		json_bool(j, "nextHopSelf", peer->conf->af[f].next_hop_self);
		if (peer->conf->af[f].rmap_in[0] != '\0')
			json_str(j, "routeMapForIncomingAdvertisements",
			    peer->conf->af[f].rmap_in);
		if (peer->conf->af[f].rmap_out[0] != '\0')
			json_str(j, "routeMapForOutgoingAdvertisements",
			    peer->conf->af[f].rmap_out);
		json_u64(j, "acceptedPrefixCounter",
		    peer->fam[f].pfx_accepted);
		json_u64(j, "sentPrefixCounter", peer->fam[f].pfx_sent);
		json_obj_close(j);
	}
	json_obj_close(j);
}

static void
nbr_json(struct json *j, const struct bgp_peer *peer)
{
	const struct bgp_sess *s = peer->sess;
	bool up = peer->state == BGP_ST_ESTABLISHED;
	char buf[IP_STRLEN];
	struct ip_addr a;

	json_obj_open(j, peer->name);
	json_u64(j, "remoteAs", peer_remote_as(peer));
	json_u64(j, "localAs", peer->bgp->asn);
	json_bool(j, peer_remote_as(peer) == peer->bgp->asn ?
	    "nbrInternalLink" : "nbrExternalLink", true);
	if (s->rx.hostname[0] != '\0')
		json_str(j, "hostname", s->rx.hostname);
	json_u64(j, "bgpVersion", 4);
	ip_set_v4(&a, peer->remote_id);
	json_str(j, "remoteRouterId", ip_fmt(&a, buf));
	ip_set_v4(&a, peer->bgp->router_id);
	json_str(j, "localRouterId", ip_fmt(&a, buf));
	json_str(j, "bgpState", bgp_state_name(peer->state));
	if (up)
		json_u64(j, "bgpTimerUpMsec",
		    (uint64_t)(bgp_mono_now() - peer->since) * 1000);
	json_u64(j, "bgpTimerHoldTimeMsecs", (uint64_t)(up ? peer->hold :
	    bgp_conf_hold(peer->conf, peer->bgp->inst)) * 1000);
	json_u64(j, "bgpTimerKeepAliveIntervalMsecs", (uint64_t)(up ?
	    peer->keepalive : bgp_conf_keepalive(peer->conf,
	    peer->bgp->inst)) * 1000);
	if (up)
		nbr_caps_json(j, peer);
	nbr_stats_json(j, &peer->stats);
	nbr_afi_json(j, peer);
	json_u64(j, "connectionsEstablished", peer->stats.established);
	json_u64(j, "connectionsDropped", peer->stats.dropped);
	json_str(j, "lastResetDueTo", peer->last_reset);
	if (up) {
		json_str(j, "hostLocal", ip_fmt(&peer->local, buf));
		json_u64(j, "portLocal", s->lport);
		json_str(j, "hostForeign", peer->name);
		json_u64(j, "portForeign", s->rport);
	}
	json_obj_close(j);
}

static void
nbr_text(FILE *out, const struct bgp_peer *peer)
{
	const struct bgp_sess *s = peer->sess;
	const struct bgp_peer_stats *st = &peer->stats;
	bool up = peer->state == BGP_ST_ESTABLISHED;
	char b1[IP_STRLEN], b2[IP_STRLEN], t[32];
	struct ip_addr r, l;
	int f;

	ip_set_v4(&r, peer->remote_id);
	ip_set_v4(&l, peer->bgp->router_id);
	fprintf(out, "BGP neighbor is %s, remote AS %" PRIu32 ", local AS %"
	    PRIu32 ", %s link\n", peer->name, peer_remote_as(peer),
	    peer->bgp->asn, peer_remote_as(peer) == peer->bgp->asn ?
	    "internal" : "external");
	if (s->rx.hostname[0] != '\0')
		fprintf(out, "  Hostname: %s\n", s->rx.hostname);
	fprintf(out, "  BGP version 4, remote router ID %s, local router ID "
	    "%s\n  BGP state = %s", ip_fmt(&r, b1), ip_fmt(&l, b2),
	    state_text(peer));
	if (up)
		fprintf(out, ", up for %s", uptime_fmt(peer, t, sizeof(t)));
	fprintf(out, "\n  Hold time is %u, keepalive interval is %u seconds\n",
	    up ? peer->hold : bgp_conf_hold(peer->conf, peer->bgp->inst),
	    up ? peer->keepalive : bgp_conf_keepalive(peer->conf,
	    peer->bgp->inst));
	fprintf(out, "  Message statistics:\n"
	    "                         Sent       Rcvd\n");
	fprintf(out, "    Opens:         %10" PRIu64 " %10" PRIu64 "\n"
	    "    Notifications: %10" PRIu64 " %10" PRIu64 "\n"
	    "    Updates:       %10" PRIu64 " %10" PRIu64 "\n"
	    "    Keepalives:    %10" PRIu64 " %10" PRIu64 "\n"
	    "    Route Refresh: %10" PRIu64 " %10" PRIu64 "\n"
	    "    Total:         %10" PRIu64 " %10" PRIu64 "\n",
	    st->msg_out[1], st->msg_in[1], st->msg_out[3], st->msg_in[3],
	    st->msg_out[2], st->msg_in[2], st->msg_out[4], st->msg_in[4],
	    st->msg_out[5], st->msg_in[5], msgs(st->msg_out),
	    msgs(st->msg_in));
	for (f = 0; f < BGP_FAM_COUNT; f++)
		if (peer_in_fam(peer, (enum bgp_fam)f))
			fprintf(out, "\n For address family: %s\n  %u "
			    "accepted prefixes, %u sent\n", fam_text[f],
			    peer->fam[f].pfx_accepted, peer->fam[f].pfx_sent);
	fprintf(out, "\n  Connections established %u; dropped %u\n"
	    "  Last reset: %s\n", st->established, st->dropped,
	    peer->last_reset);
	if (up)
		fprintf(out, "Local host: %s, Local port: %u\n"
		    "Foreign host: %s, Foreign port: %u\n",
		    ip_fmt(&peer->local, b1), s->lport, peer->name, s->rport);
	fputc('\n', out);
}

int
bgp_show_neighbors(struct bgp *bgp, const struct ip_addr *addr, bool json,
    FILE *out)
{
	struct bgp_peer *one = NULL, *peer;
	struct json j;

	if (addr != NULL && (one = bgp_peer_find(bgp, addr)) == NULL) {
		fputs(json ? "{\"bgpNoSuchNeighbor\":true}\n" :
		    "% No such neighbor in this view/vrf\n", out);
		return -1;
	}
	if (json) {
		json_init_file(&j, out);
		json_obj_open(&j, NULL);
	}
	TAILQ_FOREACH(peer, &bgp->peers, entry) {
		if (one != NULL && peer != one)
			continue;
		if (json)
			nbr_json(&j, peer);
		else
			nbr_text(out, peer);
	}
	if (json) {
		json_obj_close(&j);
		json_newline(&j);
		json_free(&j);
	}
	return 0;
}

/* ---- show bgp vrf all summary|neighbors ---- */

static void
all_one(struct json *j, struct bgp *bgp, const struct bgp_show_req *req,
    FILE *out)
{
	struct bgp_peer *peer;

	if (bgp->inst == NULL)
		return;
	if (j == NULL) {
		fprintf(out, "\nInstance %s:\n", bgp->vrf);
		if (req->what == BGP_SHOW_SUMMARY)
			summary_body(NULL, bgp, out);
		else
			TAILQ_FOREACH(peer, &bgp->peers, entry)
				if (!req->has_addr ||
				    ip_eq(&peer->addr, &req->addr))
					nbr_text(out, peer);
		return;
	}
	/* FRR: one object per VRF, keyed by its name; neighbors carry the
	 * VRF's id and name beside the peers. */
	json_obj_open(j, bgp->vrf);
	if (req->what == BGP_SHOW_SUMMARY)
		summary_body(j, bgp, out);
	else {
		json_i64(j, "vrfId", bgp_vrf_id(bgp));
		json_str(j, "vrfName", bgp->vrf);
		TAILQ_FOREACH(peer, &bgp->peers, entry)
			if (!req->has_addr || ip_eq(&peer->addr, &req->addr))
				nbr_json(j, peer);
	}
	json_obj_close(j);
}

int
bgp_show_all(struct bgp *root, const struct bgp_show_req *req, FILE *out)
{
	struct json j, *jp = NULL;
	struct bgp *c;

	if (req->json) {
		json_init_file(&j, out);
		json_obj_open(&j, NULL);
		jp = &j;
	}
	all_one(jp, root, req, out);
	TAILQ_FOREACH(c, &root->vrfs, vrf_entry)
		all_one(jp, c, req, out);
	if (jp != NULL) {
		json_obj_close(&j);
		json_newline(&j);
		json_free(&j);
	}
	return 0;
}

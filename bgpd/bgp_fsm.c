/*
 * bgp_fsm.c -- the BGP finite state machine (RFC 4271 section 8): states,
 * timers, OPEN build/validate/negotiate, KEEPALIVE, NOTIFICATION,
 * ROUTE-REFRESH receive, UPDATE hand-off, collision detection (6.8).
 *
 * DOC: every state change goes through fsm_change(), which logs one line
 * "peer ADDR: OLD -> NEW (reason)" (DESIGN.md section 5): notice when
 * Established is entered or left, info otherwise.  Every way down goes
 * through fsm_drop(): NOTIFICATION (best-effort flush), then
 * bgp_rib_peer_down() before anything is freed, then Idle and, unless
 * the neighbor is shut down or being freed, a restart after the idle hold
 * time.  The idle hold time backs off for flapping peers: 0 s on the
 * first start, doubling from 1 s up to BGP_IDLE_HOLD_MAX after each drop
 * from a session that lived less than 60 s, back to 1 s after 5 minutes
 * of stability.  A connection that arrives while the restart is
 * pending is taken (the restart, passively); a shut-down neighbor
 * refuses it.
 * Dynamic peers (listen ranges) are freed from their idle timer after
 * their session went down, never from inside their own I/O callbacks.
 * Not in this slice: add-path, graceful restart state (we advertise the
 * capability as a helper with no AFI entries, RFC 4724 section 3), AFI/SAFI
 * disable (RFC 7606 allows a session reset instead, which we do).
 */
#include "bgp_session.h"

#include <event2/event.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "wire.h"

/* RFC 6608 section 4: FSM Error subcodes by state. */
#define FSM_ERR_OPENSENT	1
#define FSM_ERR_OPENCONFIRM	2
#define FSM_ERR_ESTABLISHED	3

static const char *const state_names[] = {
	[BGP_ST_IDLE] = "Idle",
	[BGP_ST_CONNECT] = "Connect",
	[BGP_ST_ACTIVE] = "Active",
	[BGP_ST_OPENSENT] = "OpenSent",
	[BGP_ST_OPENCONFIRM] = "OpenConfirm",
	[BGP_ST_ESTABLISHED] = "Established",
};

const char *
bgp_state_name(enum bgp_state s)
{
	if ((size_t)s >= sizeof(state_names) / sizeof(state_names[0]))
		return "Unknown";
	return state_names[s];
}

void
bgp_log_peer(const struct bgp_peer *peer, enum log_level lvl,
    const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_msg(peer->bgp->log, lvl, "peer %s: %s", peer->name, buf);
}

/* ---- configuration ---- */

bool
bgp_conf_fam_activated(const struct bgp_conf_peer *c,
    const struct bgp_conf_inst *inst, enum bgp_fam f)
{
	if (c->af[f].activate)
		return true;
	if (c->af[f].deactivate)	/* FRR: `no neighbor X activate` */
		return false;
	return f == BGP_FAM_IPV4 && inst != NULL && !inst->no_default_ipv4;
}

uint16_t
bgp_conf_hold(const struct bgp_conf_peer *c, const struct bgp_conf_inst *i)
{
	if (c->timers_set)
		return c->hold;
	if (i != NULL && (i->hold != 0 || i->keepalive != 0))
		return i->hold;
	return BGP_DEF_HOLD;
}

uint16_t
bgp_conf_keepalive(const struct bgp_conf_peer *c,
    const struct bgp_conf_inst *i)
{
	if (c->timers_set)
		return c->keepalive;
	if (i != NULL && (i->hold != 0 || i->keepalive != 0))
		return i->keepalive;
	return BGP_DEF_KEEPALIVE;
}

/* ---- timers and transitions ---- */

static void
timer_arm(struct event *ev, unsigned ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	evtimer_add(ev, &tv);
}

static void
fsm_change(struct bgp_peer *peer, enum bgp_state st, const char *reason)
{
	enum log_level lvl = LOG_LVL_INFO;

	if (st == BGP_ST_ESTABLISHED || peer->state == BGP_ST_ESTABLISHED)
		lvl = LOG_LVL_NOTICE;
	if (st != peer->state)
		bgp_log_peer(peer, lvl, "%s -> %s (%s)",
		    bgp_state_name(peer->state), bgp_state_name(st), reason);
	peer->state = st;
	peer->since = bgp_mono_now();
}

static void
timers_stop(struct bgp_sess *s)
{
	evtimer_del(s->t_connect);
	evtimer_del(s->t_hold);
	evtimer_del(s->t_keepalive);
}

static void
hold_arm(struct bgp_peer *peer, unsigned secs)
{
	if (secs == 0)
		evtimer_del(peer->sess->t_hold);
	else
		timer_arm(peer->sess->t_hold, secs * 1000);
}

/* RFC 4271 section 10: ConnectRetry jittered by 0.75..1.0 on retries. */
static void
connect_retry_arm(struct bgp_peer *peer)
{
	unsigned secs = peer->conf->connect_retry ?
	    peer->conf->connect_retry : BGP_DEF_CONNECT_RETRY;
	unsigned ms = secs * 1000;

	ms -= (unsigned)((uint64_t)ms * (unsigned)(random() % 251) / 1000);
	timer_arm(peer->sess->t_connect, ms);
}

/* ---- sending ---- */

static void
conn_send_count(struct bgp_conn *c, struct bgp_obuf *ob)
{
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_err err;

	wire_rd_init(&rd, ob->data, ob->len);
	bgp_err_init(&err);
	while (bgp_msg_frame(&rd, BGP_EXTMSG_MAX, &h, &err) == 1)
		c->peer->stats.msg_out[h.type <= 5 ? h.type : 0]++;
	bgp_conn_send(c, ob);
}

static struct bgp_obuf *
open_build(struct bgp_peer *peer)
{
	struct bgp *bgp = peer->bgp;
	struct bgp_sess *s = peer->sess;
	uint8_t capbuf[1024];
	char host[256];
	struct wire_wr cw, wr;
	struct bgp_open o;
	struct bgp_obuf *ob;
	uint16_t afi;
	uint8_t safi;
	int f, bad = 0;

	memset(&o, 0, sizeof(o));
	wire_wr_init(&cw, capbuf, sizeof(capbuf));
	o.version = BGP_VERSION;
	/* RFC 6793 section 4.1: AS_TRANS when the AS needs 4 octets. */
	o.my_as = bgp->asn > 0xffff ? BGP_AS_TRANS : (uint16_t)bgp->asn;
	o.hold = s->hold_tx = bgp_conf_hold(peer->conf, bgp->inst);
	o.bgp_id = bgp->router_id;
	for (f = 0; f < BGP_FAM_COUNT; f++) {
		s->caps_tx_mp[f] = bgp_conf_fam_activated(peer->conf,
		    bgp->inst, (enum bgp_fam)f);
		if (!s->caps_tx_mp[f])
			continue;
		bgp_fam_afi_safi((enum bgp_fam)f, &afi, &safi);
		bad |= bgp_cap_put_mp(&o, &cw, afi, safi);
	}
	/* draft-walton-bgp-hostname: the configured hostname, as FRR
	 * sends its own; the system's when none is configured. */
	if (bgp->conf != NULL && bgp->conf->hostname[0] != '\0')
		snprintf(host, sizeof(host), "%s", bgp->conf->hostname);
	else if (gethostname(host, sizeof(host)) == -1)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	bad |= bgp_cap_put_empty(&o, &cw, BGP_CAP_ROUTE_REFRESH);
	bad |= bgp_cap_put_empty(&o, &cw, BGP_CAP_ENHANCED_RR);
	bad |= bgp_cap_put_as4(&o, &cw, bgp->asn);
	bad |= bgp_cap_put_empty(&o, &cw, BGP_CAP_EXT_MSG);
	bad |= bgp_cap_put_fqdn(&o, &cw, host, "");
	/* RFC 4724 section 3: helper only, no AFI entries. */
	bad |= bgp_cap_put_gr(&o, &cw, 0, BGP_GR_TIME, NULL, 0);
	ob = bgp_obuf_new(BGP_MSG_MAX);
	wire_wr_init(&wr, ob->data, ob->cap);
	if (bad != 0 || bgp_open_encode(&wr, &o) == -1)
		fatalx("%s: OPEN does not fit", __func__);
	ob->len = wire_wr_len(&wr);
	return ob;
}

static void
open_send(struct bgp_conn *c)
{
	struct bgp_obuf *ob = open_build(c->peer);

	conn_send_count(c, ob);
	bgp_obuf_unref(ob);
}

static void
keepalive_send(struct bgp_conn *c)
{
	struct bgp_sess *s = c->peer->sess;
	struct wire_wr wr;

	if (s->ka == NULL) {
		s->ka = bgp_obuf_new(BGP_HDR_LEN);
		wire_wr_init(&wr, s->ka->data, s->ka->cap);
		if (bgp_keepalive_encode(&wr) == -1)
			fatalx("%s: KEEPALIVE", __func__);
		s->ka->len = wire_wr_len(&wr);
	}
	conn_send_count(c, s->ka);
}

/* ---- going down ---- */

struct notif {
	uint8_t		 code;		/* 0: none */
	uint8_t		 subcode;
	const void	*data;
	size_t		 len;
};

static void
conn_notify_close(struct bgp_conn *c, const struct notif *n)
{
	if (c == NULL)
		return;
	if (n != NULL && n->code != 0) {
		bgp_conn_notify(c, n->code, n->subcode, n->data, n->len);
		bgp_conn_flush_once(c);
	}
	bgp_conn_free(c);
}

/* Flap damping of restarts (see DOC). */
static void
idle_hold_update(struct bgp_peer *peer)
{
	struct bgp_sess *s = peer->sess;
	time_t up = bgp_mono_now() - peer->since;

	if (up < 60)
		s->idle_hold = s->idle_hold == 0 ? 1 :
		    (s->idle_hold * 2 > BGP_IDLE_HOLD_MAX ? BGP_IDLE_HOLD_MAX :
		    s->idle_hold * 2);
	else if (up >= 300)
		s->idle_hold = 1;
}

static void
session_reset(struct bgp_peer *peer)
{
	int f;

	for (f = 0; f < BGP_FAM_COUNT; f++) {
		peer->fam[f].active = false;
		peer->fam[f].eor_rcvd = false;
		peer->fam[f].eor_sent = false;
		peer->fam[f].pfx_warned = false;
		peer->fam[f].pfx_over = false;
	}
	memset(&peer->caps_rx, 0, sizeof(peer->caps_rx));
	memset(&peer->caps_tx, 0, sizeof(peer->caps_tx));
	peer->rr_refresh = peer->enhanced_rr = false;
}

static void
fsm_drop(struct bgp_peer *peer, const struct notif *n, const char *why,
    bool restart)
{
	struct bgp_sess *s = peer->sess;
	char reason[256];
	unsigned delay;

	if (n != NULL && n->code != 0 &&
	    (s->conn != NULL || s->coll != NULL)) {
		snprintf(reason, sizeof(reason), "%s; sent NOTIFICATION "
		    "%u/%u", why, n->code, n->subcode);
		peer->last_notify_code = n->code;
		peer->last_notify_subcode = n->subcode;
	} else
		snprintf(reason, sizeof(reason), "%s", why);
	if (peer->state == BGP_ST_ESTABLISHED) {
		bgp_rib_peer_down(peer);
		peer->stats.dropped++;
		idle_hold_update(peer);
	}
	conn_notify_close(s->conn, s->conn != NULL ? n : NULL);
	conn_notify_close(s->coll, n);
	s->conn = s->coll = NULL;
	timers_stop(s);
	session_reset(peer);
	if (peer->state != BGP_ST_IDLE) {
		/* Truncated on purpose: the log line has it whole. */
		size_t len = strnlen(reason, sizeof(peer->last_reset) - 1);

		memcpy(peer->last_reset, reason, len);
		peer->last_reset[len] = '\0';
	}
	fsm_change(peer, BGP_ST_IDLE, reason);
	if (!restart || peer->conf->shutdown)
		return;
	delay = s->idle_hold != 0 ? s->idle_hold : 1;
	timer_arm(s->t_idle, peer->dynamic ? 0 : delay * 1000);
}

void
bgp_peer_stop(struct bgp_peer *peer, uint8_t code, uint8_t subcode,
    const char *reason)
{
	struct notif n = { code, subcode, NULL, 0 };

	fsm_drop(peer, &n, reason, true);
}

void
bgp_peer_halt(struct bgp_peer *peer, uint8_t subcode, const char *reason)
{
	struct notif n = { BGP_ERR_CEASE, subcode, NULL, 0 };

	evtimer_del(peer->sess->t_idle);
	fsm_drop(peer, &n, reason, false);
}

static void
drop_err(struct bgp_peer *peer, const struct bgp_err *err, const char *what)
{
	struct notif n = { err->code, err->subcode,
	    wire_rd_data(&err->data), wire_rd_left(&err->data) };
	char why[160];

	snprintf(why, sizeof(why), "%s: %s (%s)", what, err->reason,
	    bgp_action_name(err->action));
	fsm_drop(peer, &n, why, true);
}

static void
drop_code(struct bgp_peer *peer, uint8_t code, uint8_t subcode,
    const void *data, size_t len, const char *why)
{
	struct notif n = { code, subcode, data, len };

	fsm_drop(peer, &n, why, true);
}

static void
fsm_unexpected(struct bgp_peer *peer, uint8_t type)
{
	char why[64];
	uint8_t sub = peer->state == BGP_ST_OPENSENT ? FSM_ERR_OPENSENT :
	    peer->state == BGP_ST_OPENCONFIRM ? FSM_ERR_OPENCONFIRM :
	    FSM_ERR_ESTABLISHED;

	snprintf(why, sizeof(why), "unexpected %s in %s",
	    bgp_msg_type_name(type), bgp_state_name(peer->state));
	drop_code(peer, BGP_ERR_FSM, sub, NULL, 0, why);
}

/* ---- timers ---- */

static bool	coll_promote(struct bgp_peer *, const char *);

static void
connect_attempt(struct bgp_peer *peer)
{
	struct bgp_sess *s = peer->sess;

	s->conn = bgp_conn_connect(peer);
	if (s->conn != NULL)
		fsm_change(peer, BGP_ST_CONNECT, "connecting");
	else
		fsm_change(peer, BGP_ST_ACTIVE, "connect failed");
	connect_retry_arm(peer);
}

static void
idle_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgp_peer *peer = arg;

	(void)fd;
	(void)what;
	if (peer->dynamic) {
		bgp_peer_free_cease(peer, 0, "dynamic neighbor down");
		return;
	}
	peer->pfx_halted = false;
	if (peer->state != BGP_ST_IDLE || peer->conf->shutdown)
		return;
	if (peer->conf->passive)
		fsm_change(peer, BGP_ST_ACTIVE, "start, passive");
	else
		connect_attempt(peer);
}

static void
connect_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgp_peer *peer = arg;
	struct bgp_sess *s = peer->sess;

	(void)fd;
	(void)what;
	if (peer->state == BGP_ST_CONNECT) {
		bgp_conn_free(s->conn);
		s->conn = NULL;
		if (!coll_promote(peer, "connect timed out"))
			connect_attempt(peer);
	} else if (peer->state == BGP_ST_ACTIVE && !peer->conf->passive)
		connect_attempt(peer);
}

static void
hold_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	/* RFC 4271 section 6.5 */
	drop_code(arg, BGP_ERR_HOLD, 0, NULL, 0, "hold timer expired");
}

static void
keepalive_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgp_peer *peer = arg;

	(void)fd;
	(void)what;
	if (peer->sess->conn != NULL && (peer->state == BGP_ST_OPENCONFIRM ||
	    peer->state == BGP_ST_ESTABLISHED))
		keepalive_send(peer->sess->conn);
}

/* ---- peers ---- */

static struct event *
timer_new(struct bgp_peer *peer, short flags, event_callback_fn cb)
{
	struct event *ev = event_new(peer->bgp->base, -1, flags, cb, peer);

	if (ev == NULL)
		fatal("event_new");
	event_priority_set(ev, BGP_PRI_IO);
	return ev;
}

struct bgp_peer *
bgp_peer_new(struct bgp *bgp, const struct ip_addr *addr,
    const struct bgp_conf_peer *conf, bool dynamic)
{
	struct bgp_peer *peer = xcalloc(1, sizeof(*peer));
	struct bgp_sess *s = xcalloc(1, sizeof(*s));

	peer->bgp = bgp;
	peer->conf = conf;
	peer->addr = *addr;
	ip_fmt(addr, peer->name);
	peer->dynamic = dynamic;
	peer->state = BGP_ST_IDLE;
	peer->since = bgp_mono_now();
	snprintf(peer->last_reset, sizeof(peer->last_reset), "never");
	peer->sess = s;
	s->t_idle = timer_new(peer, 0, idle_cb);
	s->t_connect = timer_new(peer, 0, connect_cb);
	s->t_hold = timer_new(peer, 0, hold_cb);
	s->t_keepalive = timer_new(peer, EV_PERSIST, keepalive_cb);
	TAILQ_INSERT_TAIL(&bgp->peers, peer, entry);
	bgp->npeers++;
	if (dynamic)
		bgp->ndynamic++;
	if (conf->password[0] != '\0')
		bgp_sess_md5_listen(peer, true);
	return peer;
}

void
bgp_peer_start(struct bgp_peer *peer)
{
	if (peer->state != BGP_ST_IDLE || peer->conf->shutdown)
		return;
	timer_arm(peer->sess->t_idle, peer->sess->idle_hold * 1000);
}

void
bgp_peer_free_cease(struct bgp_peer *peer, uint8_t subcode,
    const char *reason)
{
	struct bgp_sess *s = peer->sess;
	struct bgp *bgp = peer->bgp;

	if (peer->state != BGP_ST_IDLE || s->conn != NULL || s->coll != NULL)
		bgp_peer_halt(peer, subcode, reason);
	bgp_sess_md5_listen(peer, false);
	event_free(s->t_idle);
	event_free(s->t_connect);
	event_free(s->t_hold);
	event_free(s->t_keepalive);
	bgp_obuf_unref(s->ka);
	TAILQ_REMOVE(&bgp->peers, peer, entry);
	bgp->npeers--;
	if (peer->dynamic)
		bgp->ndynamic--;
	free(s);
	free(peer);
}

void
bgp_peer_free(struct bgp_peer *peer)
{
	bgp_peer_free_cease(peer, BGP_ERR_CEASE_PEER_DECONF,
	    "neighbor deleted");
}

void
bgp_peer_queue(struct bgp_peer *peer, struct bgp_obuf *ob)
{
	if (peer->state != BGP_ST_ESTABLISHED || peer->sess->conn == NULL)
		return;
	conn_send_count(peer->sess->conn, ob);
}

size_t
bgp_peer_queued(const struct bgp_peer *peer)
{
	return peer->sess->conn != NULL ? peer->sess->conn->queued : 0;
}

void
bgp_peer_refresh(struct bgp_peer *peer, enum bgp_fam fam)
{
	struct bgp_route_refresh rr = { 0, BGP_RR_NORMAL, 0 };
	struct bgp_obuf *ob;
	struct wire_wr wr;

	if (peer->state != BGP_ST_ESTABLISHED || !peer->rr_refresh ||
	    !peer->fam[fam].active)
		return;
	bgp_fam_afi_safi(fam, &rr.afi, &rr.safi);
	ob = bgp_obuf_new(BGP_HDR_LEN + 4);
	wire_wr_init(&wr, ob->data, ob->cap);
	if (bgp_route_refresh_encode(&wr, &rr) == -1)
		fatalx("%s: ROUTE-REFRESH", __func__);
	ob->len = wire_wr_len(&wr);
	conn_send_count(peer->sess->conn, ob);
	bgp_obuf_unref(ob);
}

/* RFC 4486 section 4: data is AFI (2), SAFI (1), the limit (4). */
void
bgp_peer_max_prefix(struct bgp_peer *peer, enum bgp_fam fam)
{
	uint32_t limit = peer->conf->af[fam].max_prefix;
	uint16_t restart;
	struct notif n;
	uint8_t data[7];
	struct wire_wr wr;
	uint16_t afi;
	uint8_t safi;
	char why[80];

	bgp_fam_afi_safi(fam, &afi, &safi);
	wire_wr_init(&wr, data, sizeof(data));
	if (wire_wr_u16(&wr, afi) == -1 || wire_wr_u8(&wr, safi) == -1 ||
	    wire_wr_u32(&wr, limit) == -1)
		fatalx("%s: data", __func__);
	snprintf(why, sizeof(why), "maximum-prefix %u exceeded in %s",
	    limit, bgp_fam_json_key(fam));
	restart = peer->conf->af[fam].max_prefix_restart;
	n = (struct notif){ BGP_ERR_CEASE, BGP_ERR_CEASE_MAX_PREFIX, data,
	    sizeof(data) };
	fsm_drop(peer, &n, why, false);
	/* FRR: down until clear bgp, or for the configured minutes. */
	peer->pfx_halted = true;
	if (restart > 0)
		timer_arm(peer->sess->t_idle, (unsigned)restart * 60000u);
	bgp_log_peer(peer, LOG_LVL_WARNING, "%s: down %s", why, restart > 0 ?
	    "for the maximum-prefix restart time" : "until clear bgp");
}

void
bgp_peer_unhalt(struct bgp_peer *peer)
{
	if (!peer->pfx_halted || peer->state != BGP_ST_IDLE)
		return;
	peer->pfx_halted = false;
	evtimer_del(peer->sess->t_idle);
	bgp_peer_start(peer);
}

/* ---- connections: from bgp_session.c ---- */

/* The second connection becomes the session's, in OpenSent. */
static bool
coll_promote(struct bgp_peer *peer, const char *why)
{
	struct bgp_sess *s = peer->sess;

	if (s->coll == NULL)
		return false;
	s->conn = s->coll;
	s->coll = NULL;
	evtimer_del(s->t_connect);
	fsm_change(peer, BGP_ST_OPENSENT, why);
	hold_arm(peer, BGP_OPENSENT_HOLD);
	return true;
}

static void
opensent_enter(struct bgp_conn *c, const char *why)
{
	struct bgp_peer *peer = c->peer;

	evtimer_del(peer->sess->t_connect);
	bgp_conn_read_enable(c);
	open_send(c);
	fsm_change(peer, BGP_ST_OPENSENT, why);
	/* RFC 4271 section 8.2.2: a large value, 4 minutes. */
	hold_arm(peer, BGP_OPENSENT_HOLD);
}

void
bgp_fsm_connected(struct bgp_conn *c)
{
	if (c != c->peer->sess->conn) {
		bgp_fsm_conn_failed(c, "stale connection");
		return;
	}
	opensent_enter(c, "connected");
}

void
bgp_fsm_conn_failed(struct bgp_conn *c, const char *reason)
{
	struct bgp_peer *peer = c->peer;
	struct bgp_sess *s = peer->sess;

	if (c == s->coll) {
		bgp_conn_free(c);
		s->coll = NULL;
		return;
	}
	if (c != s->conn) {
		bgp_conn_free(c);
		return;
	}
	if (peer->state == BGP_ST_CONNECT) {
		bgp_conn_free(c);
		s->conn = NULL;
		if (coll_promote(peer, reason))
			return;
		/* RFC 4271 8.2.2: ConnectRetry keeps running; Active. */
		fsm_change(peer, BGP_ST_ACTIVE, reason);
		return;
	}
	if (s->coll != NULL && peer->state != BGP_ST_ESTABLISHED) {
		/* The other connection of a collision carries on. */
		bgp_conn_free(c);
		s->conn = NULL;
		(void)coll_promote(peer, reason);
		return;
	}
	fsm_drop(peer, NULL, reason, true);
}

void
bgp_fsm_accept(struct bgp_peer *peer, int fd)
{
	struct bgp_sess *s = peer->sess;
	struct bgp_conn *c = bgp_conn_new(peer, fd, false);
	static const struct notif reject = { BGP_ERR_CEASE,
	    BGP_ERR_CEASE_CONN_REJECT, NULL, 0 };

	switch (peer->state) {
	case BGP_ST_IDLE:
		/*
		 * Waiting out the idle hold time: take the connection (the
		 * automatic restart, passively).  Refusing it made two
		 * speakers that went down together refuse each other's
		 * attempts forever, their equal hold times in step.  A
		 * neighbor that is shut down (no restart pending), or down
		 * for maximum-prefix, refuses.
		 */
		if (peer->conf->shutdown || peer->pfx_halted ||
		    (!peer->dynamic && !evtimer_pending(s->t_idle, NULL))) {
			bgp_log_peer(peer, LOG_LVL_INFO, "connection "
			    "refused in Idle");
			bgp_conn_free(c);
			return;
		}
		evtimer_del(s->t_idle);
		s->conn = c;
		fsm_change(peer, BGP_ST_ACTIVE, peer->dynamic ?
		    "dynamic neighbor" : "connection while restart pending");
		opensent_enter(c, "accepted");
		return;
	case BGP_ST_ACTIVE:
		s->conn = c;
		opensent_enter(c, "accepted");
		return;
	case BGP_ST_CONNECT:
	case BGP_ST_OPENSENT:
	case BGP_ST_OPENCONFIRM:
		/*
		 * RFC 4271 section 6.8: keep both until the OPEN (in
		 * Connect too, or two speakers connecting at once would
		 * each drop their own attempt and keep none).
		 */
		bgp_conn_free(s->coll);
		s->coll = c;
		bgp_conn_read_enable(c);
		open_send(c);
		bgp_log_peer(peer, LOG_LVL_INFO, "connection collision in %s",
		    bgp_state_name(peer->state));
		return;
	case BGP_ST_ESTABLISHED:
		bgp_log_peer(peer, LOG_LVL_INFO, "connection rejected: "
		    "session Established");
		conn_notify_close(c, &reject);
		return;
	}
}

size_t
bgp_fsm_max_len(const struct bgp_conn *c)
{
	const struct bgp_peer *peer = c->peer;

	if (c == peer->sess->conn && peer->caps_rx.ext_msg &&
	    peer->state >= BGP_ST_OPENCONFIRM)
		return BGP_EXTMSG_MAX;
	return BGP_MSG_MAX;
}

void
bgp_fsm_frame_error(struct bgp_conn *c, const struct bgp_err *err)
{
	struct bgp_peer *peer = c->peer;
	struct notif n = { err->code, err->subcode,
	    wire_rd_data(&err->data), wire_rd_left(&err->data) };

	if (c == peer->sess->coll) {
		conn_notify_close(c, &n);
		peer->sess->coll = NULL;
		return;
	}
	drop_err(peer, err, "message header error");
}

/* ---- OPEN ---- */

static void
be_bytes(uint8_t *buf, size_t n, uint32_t v)
{
	struct wire_wr wr;

	wire_wr_init(&wr, buf, n);
	if ((n == 2 ? wire_wr_u16(&wr, (uint16_t)v) : wire_wr_u32(&wr, v))
	    == -1)
		fatalx("%s", __func__);
}

/* RFC 4271 section 6.2 checks that need our configuration. */
static int
open_check(struct bgp_peer *peer, struct bgp_conn *c,
    const struct bgp_open *o)
{
	const struct bgp_conf_peer *conf = peer->conf;
	uint32_t as = bgp_open_peer_as(o), asn = peer->bgp->asn;
	struct notif n = { BGP_ERR_OPEN, BGP_ERR_OPEN_AS, NULL, 2 };
	uint8_t data[4];
	bool ok;
	char why[96];

	/* RFC 7607 section 3 / RFC 6793: AS 0 in AS4 is a Bad Peer AS. */
	if (o->has_as4 && o->as4 == 0)
		ok = false;
	else if (conf->remote_as_kind == BGP_CONF_AS_NUMBER)
		ok = as == conf->remote_as;
	else if (conf->remote_as_kind == BGP_CONF_AS_INTERNAL)
		ok = as == asn;
	else if (conf->remote_as_kind == BGP_CONF_AS_EXTERNAL)
		ok = as != asn;
	else
		ok = false;
	if (!ok) {
		be_bytes(data, 2, o->my_as);
		n.data = data;
		snprintf(why, sizeof(why), "bad peer AS %u", as);
	} else if (as == asn && o->bgp_id == peer->bgp->router_id) {
		/* RFC 6286 section 2.1: IBGP identifiers must differ. */
		n.subcode = BGP_ERR_OPEN_BGPID;
		be_bytes(data, 4, o->bgp_id);
		n.data = data;
		n.len = 4;
		snprintf(why, sizeof(why), "BGP identifier is ours");
	} else
		return 0;
	if (c == peer->sess->coll) {
		conn_notify_close(c, &n);
		peer->sess->coll = NULL;
	} else
		fsm_drop(peer, &n, why, true);
	return -1;
}

/*
 * RFC 4271 section 6.8: keep the connection opened by the speaker with
 * the higher BGP identifier; 'got' received the OPEN, 'other' is the
 * second connection.  Returns the connection to go on with, or NULL.
 */
static struct bgp_conn *
collision_resolve(struct bgp_peer *peer, struct bgp_conn *got,
    struct bgp_conn *other, uint32_t remote_id)
{
	struct bgp_sess *s = peer->sess;
	static const struct notif coll = { BGP_ERR_CEASE,
	    BGP_ERR_CEASE_COLLISION, NULL, 0 };
	bool keep_outgoing = peer->bgp->router_id > remote_id;
	struct bgp_conn *loser = other;

	if (got->outgoing != other->outgoing &&
	    got->outgoing != keep_outgoing)
		loser = got;
	bgp_log_peer(peer, LOG_LVL_INFO, "connection collision: closing "
	    "the %s connection", loser->outgoing ? "outgoing" : "incoming");
	conn_notify_close(loser, &coll);
	if (loser == s->coll) {
		s->coll = NULL;
		return loser == got ? NULL : got;
	}
	/* The session's connection lost: the other one replaces it. */
	s->conn = s->coll;
	s->coll = NULL;
	if (peer->state != BGP_ST_OPENSENT)
		fsm_change(peer, BGP_ST_OPENSENT, "connection collision");
	hold_arm(peer, BGP_OPENSENT_HOLD);
	return loser == got ? NULL : got;
}

/* Our MP capabilities, as Unsupported Capability data (as FRR does). */
static size_t
mp_caps_data(const struct bgp_sess *s, uint8_t *buf, size_t cap)
{
	struct wire_wr wr;
	uint16_t afi;
	uint8_t safi;
	int f;

	wire_wr_init(&wr, buf, cap);
	for (f = 0; f < BGP_FAM_COUNT; f++) {
		if (!s->caps_tx_mp[f])
			continue;
		bgp_fam_afi_safi((enum bgp_fam)f, &afi, &safi);
		if (wire_wr_u8(&wr, BGP_CAP_MP) == -1 ||
		    wire_wr_u8(&wr, 4) == -1 || wire_wr_u16(&wr, afi) == -1 ||
		    wire_wr_u8(&wr, 0) == -1 || wire_wr_u8(&wr, safi) == -1)
			break;
	}
	return wire_wr_len(&wr);
}

static void
open_rx_save(struct bgp_sess *s, const struct bgp_open *o)
{
	struct bgp_open_rx *rx = &s->rx;
	size_t i;
	int f;

	memset(rx, 0, sizeof(*rx));
	rx->as4 = o->has_as4;
	rx->ext_msg = o->ext_msg;
	rx->rr = o->route_refresh;
	rx->rr_old = o->route_refresh_old;
	rx->err = o->enhanced_rr;
	rx->gr = o->has_gr;
	rx->fqdn = o->has_fqdn;
	rx->hold = o->hold;
	for (i = 0; i < o->nmp; i++) {
		f = bgp_fam_from_afi_safi(o->mp[i].afi, o->mp[i].safi);
		if (f >= 0)
			rx->mp[f] = true;
	}
	if (o->has_fqdn && wire_rd_copy(&o->hostname, rx->hostname,
	    sizeof(rx->hostname) - 1) == -1)
		rx->hostname[0] = '\0';
}

/* Negotiate: hold time, capabilities, families.  -1: dropped. */
static int
open_negotiate(struct bgp_peer *peer, const struct bgp_open *o)
{
	struct bgp_sess *s = peer->sess;
	uint16_t ka_conf = bgp_conf_keepalive(peer->conf, peer->bgp->inst);
	uint8_t data[64];
	bool any = false;
	int f;

	open_rx_save(s, o);
	peer->remote_as = bgp_open_peer_as(o);
	peer->remote_id = o->bgp_id;
	peer->ebgp = peer->remote_as != peer->bgp->asn;
	/* RFC 4271 section 4.2: the smaller hold time; 0 or >= 3. */
	peer->hold = o->hold < s->hold_tx ? o->hold : s->hold_tx;
	peer->keepalive = peer->hold / 3;
	if (ka_conf != 0 && ka_conf < peer->keepalive)
		peer->keepalive = ka_conf;
	peer->caps_rx.as4 = peer->caps_tx.as4 = o->has_as4;
	peer->caps_rx.ext_msg = peer->caps_tx.ext_msg = o->ext_msg;
	peer->caps_rx.kind = peer->caps_tx.kind = peer->ebgp ?
	    BGP_PEER_EBGP : BGP_PEER_IBGP;
	peer->rr_refresh = o->route_refresh || o->route_refresh_old;
	peer->enhanced_rr = o->enhanced_rr;
	for (f = 0; f < BGP_FAM_COUNT; f++) {
		/* RFC 4760 section 8: no MP capability means IPv4. */
		bool theirs = o->nmp == 0 ? f == BGP_FAM_IPV4 : s->rx.mp[f];

		peer->fam[f].active = s->caps_tx_mp[f] && theirs;
		any |= peer->fam[f].active;
	}
	if (!any) {
		drop_code(peer, BGP_ERR_OPEN, BGP_ERR_OPEN_CAPS, data,
		    mp_caps_data(s, data, sizeof(data)),
		    "no address family in common");
		return -1;
	}
	return 0;
}

static void
fsm_open(struct bgp_peer *peer, struct bgp_conn *c, const struct bgp_hdr *h)
{
	struct bgp_sess *s = peer->sess;
	struct bgp_conn *other;
	struct bgp_open o;
	struct bgp_err err;

	if (c == s->conn && peer->state != BGP_ST_OPENSENT) {
		fsm_unexpected(peer, h->type);
		return;
	}
	bgp_err_init(&err);
	if (bgp_open_parse(&h->body, &o, &err) == -1) {
		if (c == s->coll) {
			bgp_fsm_frame_error(c, &err);
			return;
		}
		drop_err(peer, &err, "bad OPEN");
		return;
	}
	if (open_check(peer, c, &o) == -1)
		return;
	other = c == s->conn ? s->coll : s->conn;
	if (other != NULL && other->connecting) {
		/* Our attempt never connected: no collision. */
		bgp_conn_free(other);
		s->conn = NULL;
		(void)coll_promote(peer, "OPEN on the incoming connection");
		other = NULL;
	}
	if (other != NULL &&
	    (c = collision_resolve(peer, c, other, o.bgp_id)) == NULL)
		return;
	if (c == s->conn && peer->state != BGP_ST_OPENSENT)
		return;		/* still waiting for the survivor's OPEN */
	if (open_negotiate(peer, &o) == -1)
		return;
	keepalive_send(c);
	fsm_change(peer, BGP_ST_OPENCONFIRM, "OPEN received");
	hold_arm(peer, peer->hold);
	if (peer->keepalive != 0) {
		struct timeval tv = { peer->keepalive, 0 };

		evtimer_add(s->t_keepalive, &tv);
	}
}

/* ---- Established ---- */

static void
fsm_established(struct bgp_peer *peer, struct bgp_conn *c)
{
	struct bgp_sess *s = peer->sess;
	static const struct notif coll = { BGP_ERR_CEASE,
	    BGP_ERR_CEASE_COLLISION, NULL, 0 };

	/* RFC 4271 section 6.8: the session wins over a new connection. */
	conn_notify_close(s->coll, &coll);
	s->coll = NULL;
	bgp_conn_addrs(c);
	fsm_change(peer, BGP_ST_ESTABLISHED, "KEEPALIVE received");
	peer->stats.established++;
	s->est_wall = time(NULL);
	bgp_rib_peer_up(peer);
}

static void
fsm_keepalive(struct bgp_peer *peer, struct bgp_conn *c,
    const struct bgp_hdr *h)
{
	if (peer->state == BGP_ST_OPENCONFIRM)
		fsm_established(peer, c);
	else if (peer->state != BGP_ST_ESTABLISHED)
		fsm_unexpected(peer, h->type);
}

static void
fsm_notification(struct bgp_peer *peer, struct bgp_conn *c,
    const struct bgp_hdr *h)
{
	struct bgp_notification n;
	struct bgp_err err;
	char why[256], msg[129];

	bgp_err_init(&err);
	if (bgp_notification_parse(&h->body, &n, &err) == -1) {
		n.code = n.subcode = 0;
		n.has_shutdown_msg = false;
	}
	memset(msg, 0, sizeof(msg));
	if (n.has_shutdown_msg &&
	    wire_rd_copy(&n.shutdown_msg, msg, sizeof(msg) - 1) == -1)
		msg[0] = '\0';
	snprintf(why, sizeof(why), "received NOTIFICATION %u/%u (%s/%s)%s%s",
	    n.code, n.subcode, bgp_err_code_name(n.code),
	    bgp_err_subcode_name(n.code, n.subcode), msg[0] ? ": " : "",
	    msg);
	if (c == peer->sess->coll) {
		bgp_log_peer(peer, LOG_LVL_INFO, "second connection: %s", why);
		bgp_conn_free(c);
		peer->sess->coll = NULL;
		return;
	}
	peer->last_notify_code = n.code;
	peer->last_notify_subcode = n.subcode;
	/* RFC 4271 section 6.4: close without sending one back. */
	fsm_drop(peer, NULL, why, true);
}

static bool
warn_ok(struct bgp_peer *peer)
{
	time_t now = bgp_mono_now();

	if (peer->sess->last_warn == now)
		return false;
	peer->sess->last_warn = now;
	return true;
}

static bool
fam_is_active(const struct bgp_peer *peer, uint16_t afi, uint8_t safi)
{
	int f = bgp_fam_from_afi_safi(afi, safi);

	return f >= 0 && peer->fam[f].active;
}

/*
 * NLRI of a family that was not negotiated are ignored here, so the
 * route layer only sees active families.  Returns how many were dropped.
 */
static size_t
update_strip(struct bgp_peer *peer, struct bgp_update *u)
{
	struct bgp_attrs *a = &u->attrs;
	size_t n = 0;

	if (!peer->fam[BGP_FAM_IPV4].active) {
		n += u->nlri.n + u->withdrawn.n;
		u->nlri.n = u->withdrawn.n = 0;
	}
	if (bgp_attrs_has(a, BGP_ATTR_MP_REACH_NLRI) &&
	    !fam_is_active(peer, a->mp_reach.afi, a->mp_reach.safi)) {
		n += a->mp_reach.routes.n + 1;
		a->mp_reach.routes.n = 0;
		bgp_attrs_clear(a, BGP_ATTR_MP_REACH_NLRI);
	}
	if (bgp_attrs_has(a, BGP_ATTR_MP_UNREACH_NLRI) &&
	    !fam_is_active(peer, a->mp_unreach.afi, a->mp_unreach.safi)) {
		n += a->mp_unreach.routes.n + 1;
		a->mp_unreach.routes.n = 0;
		bgp_attrs_clear(a, BGP_ATTR_MP_UNREACH_NLRI);
	}
	if (u->eor && !fam_is_active(peer, u->eor_afi, u->eor_safi)) {
		u->eor = false;
		n++;
	}
	return n;
}

static void
fsm_update(struct bgp_peer *peer, const struct bgp_hdr *h)
{
	struct bgp *bgp = peer->bgp;
	struct bgp_update u;
	struct bgp_err err;
	enum bgp_action act;

	if (peer->state != BGP_ST_ESTABLISHED) {
		fsm_unexpected(peer, h->type);
		return;
	}
	bgp_err_init(&err);
	bgp_arena_reset(&bgp->arena);
	act = bgp_update_parse(bgp->codec, &peer->caps_rx, &h->body,
	    &bgp->arena, &u, &err);
	switch (act) {
	case BGP_ACT_RESET:
	case BGP_ACT_AFI_DISABLE:
		/* RFC 7606 section 2: a session reset instead of AFI/SAFI
		 * disable is allowed; this slice does that. */
		drop_err(peer, &err, "bad UPDATE");
		return;
	case BGP_ACT_WITHDRAW:
	case BGP_ACT_ATTR_DISCARD:
		if (warn_ok(peer))
			bgp_log_peer(peer, LOG_LVL_WARNING, "malformed UPDATE:"
			    " %s (%s, %u errors)", err.reason,
			    bgp_action_name(act), err.count);
		break;
	case BGP_ACT_NONE:
		break;
	}
	if (update_strip(peer, &u) > 0 && warn_ok(peer))
		bgp_log_peer(peer, LOG_LVL_WARNING, "UPDATE for a family not "
		    "negotiated ignored");
	peer->stats.updates_in += u.nlri.n + u.withdrawn.n +
	    u.attrs.mp_reach.routes.n + u.attrs.mp_unreach.routes.n;
	bgp_rib_update(peer, &u, act);
}

static void
fsm_route_refresh(struct bgp_peer *peer, const struct bgp_hdr *h)
{
	struct bgp_route_refresh rr;
	struct bgp_err err;
	int f;

	if (peer->state != BGP_ST_ESTABLISHED) {
		fsm_unexpected(peer, h->type);
		return;
	}
	bgp_err_init(&err);
	if (bgp_route_refresh_parse(&h->body, &h->msg, &rr, &err) == -1) {
		drop_err(peer, &err, "bad ROUTE-REFRESH");
		return;
	}
	/* RFC 7313 section 5: BoRR/EoRR only counted; unknown ignored. */
	if (rr.subtype != BGP_RR_NORMAL)
		return;
	f = bgp_fam_from_afi_safi(rr.afi, rr.safi);
	/* RFC 2918 section 4: ignore a family not advertised. */
	if (f < 0 || !peer->fam[f].active) {
		if (warn_ok(peer))
			bgp_log_peer(peer, LOG_LVL_WARNING, "ROUTE-REFRESH "
			    "for AFI %u SAFI %u ignored", rr.afi, rr.safi);
		return;
	}
	bgp_rib_refresh(peer, (enum bgp_fam)f);
}

int
bgp_fsm_msg(struct bgp_conn *c, const struct bgp_hdr *h)
{
	struct bgp_peer *peer = c->peer;

	peer->stats.msg_in[h->type <= 5 ? h->type : 0]++;
	if (c == peer->sess->coll && h->type != BGP_MSG_OPEN &&
	    h->type != BGP_MSG_NOTIFICATION) {
		static const struct notif n = { BGP_ERR_FSM,
		    FSM_ERR_OPENSENT, NULL, 0 };

		conn_notify_close(c, &n);
		peer->sess->coll = NULL;
		return -1;
	}
	/* RFC 4271 section 8.2.2: messages restart the hold timer. */
	if (c == peer->sess->conn && peer->state == BGP_ST_ESTABLISHED)
		hold_arm(peer, peer->hold);
	switch (h->type) {
	case BGP_MSG_OPEN:
		fsm_open(peer, c, h);
		break;
	case BGP_MSG_UPDATE:
		fsm_update(peer, h);
		break;
	case BGP_MSG_NOTIFICATION:
		fsm_notification(peer, c, h);
		break;
	case BGP_MSG_KEEPALIVE:
		fsm_keepalive(peer, c, h);
		break;
	case BGP_MSG_ROUTE_REFRESH:
		fsm_route_refresh(peer, h);
		break;
	default:
		break;
	}
	return c == peer->sess->conn || c == peer->sess->coll ? 0 : -1;
}

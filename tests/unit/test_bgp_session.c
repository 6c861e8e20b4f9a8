/*
 * test_bgp_session.c -- the session layer (bgpd/bgp_session.c,
 * bgp_fsm.c, bgp_main.c, bgp_show.c) against a scripted raw peer on
 * 127.0.0.1, in one process: the speaker runs in an event_base driven in
 * small non-blocking steps while the test plays the other side over a
 * plain TCP socket.  No root needed; ports are free high ports picked at
 * run time.  Conditions are polled with deadlines, never slept on.
 * Cases: passive session up with the OPEN's capabilities checked, show
 * JSON, Connection Rejected while Established, Cease on bgp_free; Bad
 * Peer AS; malformed UPDATE (3/1); hold timer expiry (4/0); active
 * connect; unknown source closed; live `shutdown`; collisions both ways
 * (RFC 4271 6.8); dynamic neighbors; clear bgp; families not negotiated;
 * maximum-prefix data (RFC 4486); no common family (2/7); port in use.
 * The speaker's connect port is redirected to the test's listener by
 * setting bgp->port after bgp_new() (the first attempt is a timer).
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <check.h>
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../bgpd/bgp_local.h"
#include "bgp_msg.h"
#include "bgp_update.h"
#include "check_main.h"
#include "log.h"

#define PEER_AS		65002
#define LOCAL_AS	65001

struct fx {
	struct event_base	*base;
	struct log_ctx		 log;
	struct bgp_codec	 codec;
	struct bgp_conf		 conf;
	struct bgp_conf_inst	 inst;
	struct bgp_conf_peer	 peer;
	struct bgp		*bgp;
	uint16_t		 port;
};

struct raw {
	int		 fd;
	uint8_t		 buf[70000];
	size_t		 len;
	bool		 eof;
};

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint16_t
free_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	return ntohs(sin.sin_port);
}

static void
fx_init(struct fx *fx, bool passive)
{
	memset(fx, 0, sizeof(*fx));
	fx->base = event_base_new();
	ck_assert_ptr_nonnull(fx->base);
	ck_assert_int_eq(event_base_priority_init(fx->base, 3), 0);
	log_ctx_init(&fx->log);
	fx->log.level = LOG_LVL_DEBUG;
	bgp_codec_init(&fx->codec);
	snprintf(fx->peer.name, sizeof(fx->peer.name), "127.0.0.1");
	ck_assert_int_eq(ip_parse("127.0.0.1", &fx->peer.addr), 0);
	fx->peer.remote_as_kind = BGP_CONF_AS_NUMBER;
	fx->peer.remote_as = PEER_AS;
	fx->peer.passive = passive;
	snprintf(fx->inst.vrf, sizeof(fx->inst.vrf), "default");
	fx->inst.asn = LOCAL_AS;
	fx->inst.router_id = 0x0a000001;
	fx->inst.keepalive = 60;
	fx->inst.hold = 180;
	fx->inst.npeers = 1;
	fx->inst.peers = &fx->peer;
	fx->conf.ninst = 1;
	fx->conf.inst = &fx->inst;
}

static void
fx_start(struct fx *fx)
{
	struct bgp_env env;
	char err[128];
	int tries;

	for (tries = 0; tries < 5 && fx->bgp == NULL; tries++) {
		fx->port = free_port();
		env = (struct bgp_env){ .base = fx->base, .log = &fx->log,
		    .codec = &fx->codec, .port = fx->port };
		fx->bgp = bgp_new(&env, &fx->conf, err, sizeof(err));
	}
	ck_assert_msg(fx->bgp != NULL, "bgp_new: %s", err);
}

static void
fx_free(struct fx *fx)
{
	bgp_free(fx->bgp);
	event_base_free(fx->base);
}

static void
pump(struct fx *fx)
{
	event_base_loop(fx->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
}

static struct bgp_peer *
fx_peer(struct fx *fx)
{
	return TAILQ_FIRST(&fx->bgp->peers);
}

/* Run the loop until the peer is in state st or ms pass. */
static bool
wait_state(struct fx *fx, enum bgp_state st, long ms)
{
	long end = now_ms() + ms;

	while (now_ms() < end) {
		pump(fx);
		if (fx_peer(fx) != NULL && fx_peer(fx)->state == st)
			return true;
		poll(NULL, 0, 2);
	}
	return false;
}

static int
raw_connect(uint16_t port, const char *src)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	if (src != NULL) {
		inet_pton(AF_INET, src, &sin.sin_addr);
		ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin,
		    sizeof(sin)), 0);
	}
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	sin.sin_port = htons(port);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sin, sizeof(sin)),
	    0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* The same, signing with TCP MD5 (RFC 2385); non-blocking connect. */
static int
raw_connect_md5(uint16_t port, const char *src, const char *key)
{
	struct sockaddr_in sin;
	struct tcp_md5sig sig;
	struct pollfd pfd;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), err = 0;
	socklen_t elen = sizeof(err);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, src, &sin.sin_addr);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	memset(&sig, 0, sizeof(sig));
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	memcpy(&sig.tcpm_addr, &sin, sizeof(sin));
	sig.tcpm_keylen = (uint16_t)strlen(key);
	memcpy(sig.tcpm_key, key, strlen(key));
	ck_assert_int_eq(setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig,
	    sizeof(sig)), 0);
	sin.sin_port = htons(port);
	ck_assert(connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 ||
	    errno == EINPROGRESS);
	pfd = (struct pollfd){ fd, POLLOUT, 0 };
	ck_assert_int_eq(poll(&pfd, 1, 2000), 1);
	ck_assert_int_eq(getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen),
	    0);
	ck_assert_int_eq(err, 0);
	return fd;
}

static void
raw_send(int fd, const void *buf, size_t len)
{
	ck_assert_int_eq(send(fd, buf, len, MSG_NOSIGNAL), (ssize_t)len);
}

/*
 * The next whole message from the speaker into msg (returns its type),
 * 0 on EOF, -1 on timeout.  Runs the loop meanwhile.
 */
static int
raw_recv(struct fx *fx, struct raw *r, uint8_t *msg, size_t *mlen, long ms)
{
	long end = now_ms() + ms;
	struct pollfd pfd = { r->fd, POLLIN, 0 };
	size_t len;
	ssize_t n;

	for (;;) {
		if (r->len >= BGP_HDR_LEN) {
			len = (size_t)r->buf[16] << 8 | r->buf[17];
			if (r->len >= len) {
				memcpy(msg, r->buf, len);
				*mlen = len;
				memmove(r->buf, r->buf + len, r->len - len);
				r->len -= len;
				return msg[18];
			}
		}
		if (r->eof)
			return 0;
		if (now_ms() >= end)
			return -1;
		pump(fx);
		if (poll(&pfd, 1, 2) == 1) {
			n = read(r->fd, r->buf + r->len,
			    sizeof(r->buf) - r->len);
			if (n == 0 || (n == -1 && errno == ECONNRESET))
				r->eof = true;
			else if (n > 0)
				r->len += (size_t)n;
		}
	}
}

/*
 * The next message that is neither a KEEPALIVE nor an UPDATE: the route
 * layer sends its table and End-of-RIB once the session is Established.
 */
static int
raw_recv_nonka(struct fx *fx, struct raw *r, uint8_t *msg, size_t *mlen,
    long ms)
{
	long end = now_ms() + ms;
	int t;

	do
		t = raw_recv(fx, r, msg, mlen, end - now_ms());
	while (t == BGP_MSG_KEEPALIVE || t == BGP_MSG_UPDATE);
	return t;
}

/* A listening socket of the test's own on 127.0.0.1; its port in *port. */
static int
raw_listen(uint16_t *port)
{
	struct sockaddr_in sin;
	socklen_t slen = sizeof(sin);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(lfd, 4), 0);
	ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&sin, &slen),
	    0);
	*port = ntohs(sin.sin_port);
	return lfd;
}

/* Accept the speaker's connection, running the loop meanwhile. */
static int
raw_accept(struct fx *fx, int lfd)
{
	long end = now_ms() + 3000;
	int fd = -1;

	while (fd == -1 && now_ms() < end) {
		pump(fx);
		fd = accept(lfd, NULL, NULL);
		if (fd == -1)
			poll(NULL, 0, 2);
	}
	ck_assert_int_ge(fd, 0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

static void
raw_send_ka(int fd)
{
	uint8_t buf[BGP_HDR_LEN];
	struct wire_wr wr;

	wire_wr_init(&wr, buf, sizeof(buf));
	ck_assert_int_eq(bgp_keepalive_encode(&wr), 0);
	raw_send(fd, buf, sizeof(buf));
}

static size_t
open_make(uint8_t *buf, size_t cap, uint32_t as, uint16_t hold)
{
	uint8_t cb[256];
	struct wire_wr cw, wr;
	struct bgp_open o;

	memset(&o, 0, sizeof(o));
	wire_wr_init(&cw, cb, sizeof(cb));
	o.version = 4;
	o.my_as = as > 0xffff ? BGP_AS_TRANS : (uint16_t)as;
	o.hold = hold;
	o.bgp_id = 0x0a000002;
	ck_assert_int_eq(bgp_cap_put_mp(&o, &cw, 1, 1), 0);
	ck_assert_int_eq(bgp_cap_put_as4(&o, &cw, as), 0);
	ck_assert_int_eq(bgp_cap_put_empty(&o, &cw, BGP_CAP_ROUTE_REFRESH),
	    0);
	wire_wr_init(&wr, buf, cap);
	ck_assert_int_eq(bgp_open_encode(&wr, &o), 0);
	return wire_wr_len(&wr);
}

static void
send_open_ka(int fd, uint32_t as, uint16_t hold)
{
	uint8_t buf[512];
	size_t len = open_make(buf, sizeof(buf), as, hold);
	struct wire_wr wr;

	wire_wr_init(&wr, buf + len, sizeof(buf) - len);
	ck_assert_int_eq(bgp_keepalive_encode(&wr), 0);
	raw_send(fd, buf, len + wire_wr_len(&wr));
}

/* Check the speaker's OPEN: version, AS, hold, capabilities. */
static void
check_open(const uint8_t *msg, size_t len)
{
	struct wire_rd body;
	struct bgp_open o;
	struct bgp_err err;
	bool v4 = false;
	size_t i;

	bgp_err_init(&err);
	wire_rd_init(&body, msg + BGP_HDR_LEN, len - BGP_HDR_LEN);
	ck_assert_int_eq(bgp_open_parse(&body, &o, &err), 0);
	ck_assert_uint_eq(o.version, 4);
	ck_assert_uint_eq(o.my_as, LOCAL_AS);
	ck_assert_uint_eq(o.hold, 180);
	ck_assert_uint_eq(o.bgp_id, 0x0a000001);
	ck_assert(o.has_as4);
	ck_assert_uint_eq(o.as4, LOCAL_AS);
	for (i = 0; i < o.nmp; i++)
		v4 |= o.mp[i].afi == 1 && o.mp[i].safi == 1;
	ck_assert(v4);
	ck_assert_uint_eq(o.nmp, 1);
	ck_assert(o.route_refresh);
	ck_assert(o.enhanced_rr);
	ck_assert(o.ext_msg);
	ck_assert(o.has_fqdn);
	ck_assert(o.has_gr);
	ck_assert(!o.has_addpath);
}

/* Passive speaker, the test connects and brings the session up. */
static void
session_up(struct fx *fx, struct raw *r, uint32_t as, uint16_t hold)
{
	uint8_t msg[4096];
	size_t len;

	ck_assert(wait_state(fx, BGP_ST_ACTIVE, 2000));
	r->fd = raw_connect(fx->port, NULL);
	ck_assert_int_eq(raw_recv(fx, r, msg, &len, 2000), BGP_MSG_OPEN);
	check_open(msg, len);
	send_open_ka(r->fd, as, hold);
}

static void
expect_notification(struct fx *fx, struct raw *r, uint8_t code,
    uint8_t subcode, long ms)
{
	uint8_t msg[4096];
	size_t len;

	ck_assert_int_eq(raw_recv_nonka(fx, r, msg, &len, ms),
	    BGP_MSG_NOTIFICATION);
	ck_assert_uint_eq(msg[19], code);
	ck_assert_uint_eq(msg[20], subcode);
}

static char *
show(struct fx *fx, bool summary)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (summary)
		ck_assert_int_eq(bgp_show_summary(fx->bgp, true, f), 0);
	else
		ck_assert_int_eq(bgp_show_neighbors(fx->bgp, NULL, true, f),
		    0);
	fclose(f);
	return s;
}

/* (a) and (f): up, show, then bgp_free sends Cease. */
START_TEST(test_passive_up)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	uint8_t msg[4096];
	size_t len;
	char *s;

	fx_init(&fx, true);
	fx_start(&fx);
	session_up(&fx, &r, PEER_AS, 90);
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000),
	    BGP_MSG_KEEPALIVE);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	ck_assert_uint_eq(fx_peer(&fx)->stats.established, 1);
	ck_assert(fx_peer(&fx)->fam[BGP_FAM_IPV4].active);
	ck_assert(!fx_peer(&fx)->fam[BGP_FAM_IPV6].active);
	ck_assert_uint_eq(fx_peer(&fx)->hold, 90);
	ck_assert_uint_eq(fx_peer(&fx)->keepalive, 30);
	ck_assert_uint_eq(fx_peer(&fx)->remote_as, PEER_AS);
	ck_assert(fx_peer(&fx)->ebgp);
	ck_assert(fx_peer(&fx)->caps_rx.as4);
	ck_assert_uint_eq(fx_peer(&fx)->local.af, IP_AF_V4);
	s = show(&fx, true);
	ck_assert_msg(strstr(s, "\"ipv4Unicast\":{") != NULL, "%s", s);
	ck_assert_msg(strstr(s, "\"127.0.0.1\":{") != NULL, "%s", s);
	ck_assert_msg(strstr(s, "\"state\":\"Established\"") != NULL, "%s",
	    s);
	ck_assert_msg(strstr(s, "\"remoteAs\":65002") != NULL, "%s", s);
	ck_assert(strstr(s, "ipv6Unicast") == NULL);
	free(s);
	s = show(&fx, false);
	ck_assert_msg(strstr(s, "\"bgpState\":\"Established\"") != NULL,
	    "%s", s);
	ck_assert_msg(strstr(s, "\"opensRecv\":1") != NULL, "%s", s);
	ck_assert_msg(strstr(s, "\"nbrExternalLink\":true") != NULL, "%s",
	    s);
	free(s);
	/* A second connection while Established: Cease / Rejected. */
	{
		struct raw r2 = { .fd = raw_connect(fx.port, NULL) };

		ck_assert_int_eq(raw_recv(&fx, &r2, msg, &len, 2000),
		    BGP_MSG_NOTIFICATION);
		ck_assert_uint_eq(msg[19], BGP_ERR_CEASE);
		ck_assert_uint_eq(msg[20], BGP_ERR_CEASE_CONN_REJECT);
		close(r2.fd);
	}
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_ESTABLISHED);
	bgp_free(fx.bgp);
	fx.bgp = NULL;
	ck_assert_int_eq(raw_recv_nonka(&fx, &r, msg, &len, 2000),
	    BGP_MSG_NOTIFICATION);
	ck_assert_uint_eq(msg[19], BGP_ERR_CEASE);
	ck_assert_uint_eq(msg[20], BGP_ERR_CEASE_ADMIN_SHUT);
	close(r.fd);
	event_base_free(fx.base);
}
END_TEST

/* (b) RFC 4271 6.2: Bad Peer AS. */
START_TEST(test_bad_peer_as)
{
	struct fx fx;
	struct raw r = { .fd = -1 };

	fx_init(&fx, true);
	fx_start(&fx);
	session_up(&fx, &r, 65009, 90);
	expect_notification(&fx, &r, BGP_ERR_OPEN, BGP_ERR_OPEN_AS, 2000);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_IDLE);
	ck_assert_uint_eq(fx_peer(&fx)->stats.established, 0);
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/* (c) RFC 7606 section 4: attribute list overrun: 3/1, Idle. */
START_TEST(test_malformed_update)
{
	static const uint8_t upd[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x1b, 0x02,
		0x00, 0x00,		/* withdrawn 0 */
		0x00, 0x64,		/* attributes: 100, only 4 follow */
		0x40, 0x01, 0x01, 0x00,
	};
	struct fx fx;
	struct raw r = { .fd = -1 };

	fx_init(&fx, true);
	fx_start(&fx);
	session_up(&fx, &r, PEER_AS, 90);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	raw_send(r.fd, upd, sizeof(upd));
	expect_notification(&fx, &r, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTRLIST,
	    2000);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_IDLE);
	ck_assert_uint_eq(fx_peer(&fx)->stats.dropped, 1);
	ck_assert_uint_eq(fx_peer(&fx)->last_notify_code, BGP_ERR_UPDATE);
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/*
 * Idle with the restart pending takes a connection (two speakers that
 * went down together otherwise refused each other forever); a shut-down
 * neighbor refuses it.
 */
START_TEST(test_idle_accepts)
{
	struct fx fx;
	struct raw r = { .fd = -1 }, r2 = { .fd = -1 };
	struct bgp_conf c2;
	struct bgp_conf_inst i2;
	struct bgp_conf_peer p2;
	uint8_t msg[4096];
	size_t len;

	fx_init(&fx, true);
	fx_start(&fx);
	session_up(&fx, &r, PEER_AS, 3);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	close(r.fd);
	ck_assert(wait_state(&fx, BGP_ST_IDLE, 2000));
	/* the drop of a young session: at least 1 s of idle hold */
	r2.fd = raw_connect(fx.port, NULL);
	ck_assert_int_eq(raw_recv(&fx, &r2, msg, &len, 2000), BGP_MSG_OPEN);
	close(r2.fd);
	ck_assert(wait_state(&fx, BGP_ST_IDLE, 2000));
	c2 = fx.conf;
	i2 = fx.inst;
	p2 = fx.peer;
	i2.peers = &p2;
	c2.inst = &i2;
	p2.shutdown = true;
	bgp_reconfigure(fx.bgp, &fx.conf, &c2);
	r2 = (struct raw){ .fd = raw_connect(fx.port, NULL) };
	ck_assert_int_eq(raw_recv(&fx, &r2, msg, &len, 1000), 0);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_IDLE);
	close(r2.fd);
	fx_free(&fx);
}
END_TEST

/* ---- VRF instances (bgp_vrf.c) ---- */

static bool
wait_peer_state(struct fx *fx, struct bgp *b, enum bgp_state st, long ms)
{
	long end = now_ms() + ms;

	while (now_ms() < end) {
		pump(fx);
		if (TAILQ_FIRST(&b->peers) != NULL &&
		    TAILQ_FIRST(&b->peers)->state == st)
			return true;
		poll(NULL, 0, 2);
	}
	return false;
}

static char *
show_req(struct fx *fx, enum bgp_show_what what, const char *vrf, int *rc)
{
	struct bgp_show_req q = { .what = what, .json = true, .vrf = vrf };
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	*rc = bgp_show(fx->bgp, &q, f);
	fclose(f);
	return s;
}

/*
 * The default instance peers with 127.0.0.9 (never there); `router bgp
 * LOCAL_AS vrf tenant1` (table 100) with vaddr.
 */
static void
fx_vrf_init(struct fx *fx, struct bgp_conf_inst *insts,
    struct bgp_conf_peer *dp, struct bgp_conf_peer *vp,
    struct bgp_conf_vrf *vrf, const char *vaddr)
{
	fx_init(fx, true);
	*dp = fx->peer;
	snprintf(dp->name, sizeof(dp->name), "127.0.0.9");
	ck_assert_int_eq(ip_parse("127.0.0.9", &dp->addr), 0);
	*vp = fx->peer;
	snprintf(vp->name, sizeof(vp->name), "%s", vaddr);
	ck_assert_int_eq(ip_parse(vaddr, &vp->addr), 0);
	insts[0] = fx->inst;
	insts[0].peers = dp;
	insts[1] = fx->inst;
	snprintf(insts[1].vrf, sizeof(insts[1].vrf), "tenant1");
	insts[1].peers = vp;
	memset(vrf, 0, sizeof(*vrf));
	snprintf(vrf->name, sizeof(vrf->name), "tenant1");
	vrf->table = 100;
	fx->conf.inst = insts;
	fx->conf.ninst = 2;
	fx->conf.vrfs = vrf;
	fx->conf.nvrfs = 1;
}

/*
 * The default instance's listener hands the connection of the VRF
 * instance's neighbor to it; the session comes up there, shows under
 * `vrf tenant1` and `vrf all` only; removing the instance sends Cease /
 * Peer De-configured (RFC 4486) and leaves the default instance's peer.
 */
START_TEST(test_vrf_instance)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	struct bgp_conf_inst insts[2];
	struct bgp_conf_peer dp, vp;
	struct bgp_conf_vrf vrf, vrf2;
	struct bgp_conf c2, c3;
	struct bgp *child;
	uint8_t msg[4096];
	size_t len;
	char *s;
	int rc;

	fx_vrf_init(&fx, insts, &dp, &vp, &vrf, "127.0.0.1");
	fx_start(&fx);
	child = bgp_vrf_find(fx.bgp, "tenant1");
	ck_assert_ptr_nonnull(child);
	ck_assert_ptr_eq(bgp_vrf_find(fx.bgp, "default"), fx.bgp);
	ck_assert_ptr_null(bgp_vrf_find(fx.bgp, "nope"));
	ck_assert_uint_eq(child->table, 100);
	ck_assert_int_eq(child->listen[0].fd, -1);
	ck_assert(wait_peer_state(&fx, child, BGP_ST_ACTIVE, 2000));
	r.fd = raw_connect(fx.port, NULL);
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000), BGP_MSG_OPEN);
	check_open(msg, len);
	send_open_ka(r.fd, PEER_AS, 90);
	ck_assert(wait_peer_state(&fx, child, BGP_ST_ESTABLISHED, 2000));
	ck_assert_int_ne(fx_peer(&fx)->state, BGP_ST_ESTABLISHED);

	s = show_req(&fx, BGP_SHOW_SUMMARY, "tenant1", &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(s, "\"vrfName\":\"tenant1\"") != NULL, "%s", s);
	ck_assert_msg(strstr(s, "\"127.0.0.1\":{") != NULL, "%s", s);
	ck_assert_msg(strstr(s, "\"state\":\"Established\"") != NULL, "%s",
	    s);
	ck_assert(strstr(s, "127.0.0.9") == NULL);
	free(s);
	s = show_req(&fx, BGP_SHOW_SUMMARY, NULL, &rc);
	ck_assert_msg(strstr(s, "\"vrfName\":\"default\"") != NULL, "%s", s);
	ck_assert_msg(strstr(s, "127.0.0.1") == NULL, "%s", s);
	free(s);
	s = show_req(&fx, BGP_SHOW_SUMMARY, "all", &rc);
	ck_assert_msg(strstr(s, "{\"default\":{\"ipv4Unicast\":{") == s,
	    "%s", s);
	ck_assert_msg(strstr(s, "},\"tenant1\":{\"ipv4Unicast\":{") != NULL,
	    "%s", s);
	free(s);
	s = show_req(&fx, BGP_SHOW_NEIGHBORS, "tenant1", &rc);
	ck_assert_msg(strstr(s, "\"bgpState\":\"Established\"") != NULL,
	    "%s", s);
	free(s);
	s = show_req(&fx, BGP_SHOW_SUMMARY, "nope", &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(s, "BGP instance not found") != NULL, "%s", s);
	free(s);

	/* Remove the VRF instance; the default instance's peer stays. */
	c2 = fx.conf;
	c2.ninst = 1;
	bgp_reconfigure(fx.bgp, &fx.conf, &c2);
	ck_assert_ptr_null(bgp_vrf_find(fx.bgp, "tenant1"));
	expect_notification(&fx, &r, BGP_ERR_CEASE, BGP_ERR_CEASE_PEER_DECONF,
	    2000);
	ck_assert_ptr_nonnull(fx_peer(&fx));
	ck_assert(ip_eq(&fx_peer(&fx)->addr, &dp.addr));
	close(r.fd);
	/* Back: the instance starts again. */
	bgp_reconfigure(fx.bgp, &c2, &fx.conf);
	child = bgp_vrf_find(fx.bgp, "tenant1");
	ck_assert_ptr_nonnull(child);
	ck_assert(wait_peer_state(&fx, child, BGP_ST_ACTIVE, 2000));
	/* Another table: the instance is recreated on it. */
	vrf2 = vrf;
	vrf2.table = 200;
	c2 = fx.conf;
	c2.vrfs = &vrf2;
	bgp_reconfigure(fx.bgp, &fx.conf, &c2);
	child = bgp_vrf_find(fx.bgp, "tenant1");
	ck_assert_ptr_nonnull(child);
	ck_assert_uint_eq(child->table, 200);
	/* A VRF without a table runs no instance. */
	c3 = fx.conf;
	c3.nvrfs = 0;
	bgp_reconfigure(fx.bgp, &c2, &c3);
	ck_assert_ptr_null(bgp_vrf_find(fx.bgp, "tenant1"));
	ck_assert_ptr_nonnull(fx_peer(&fx));
	fx_free(&fx);
}
END_TEST

/* A neighbor address in both instances: the default instance gets the
 * connection (bgp_vrf_accept_peer()). */
START_TEST(test_vrf_accept_default_first)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	struct bgp_conf_inst insts[2];
	struct bgp_conf_peer dp, vp;
	struct bgp_conf_vrf vrf;
	struct bgp *child;
	uint8_t msg[4096];
	size_t len;

	fx_vrf_init(&fx, insts, &dp, &vp, &vrf, "127.0.0.1");
	snprintf(dp.name, sizeof(dp.name), "127.0.0.1");
	ck_assert_int_eq(ip_parse("127.0.0.1", &dp.addr), 0);
	fx_start(&fx);
	child = bgp_vrf_find(fx.bgp, "tenant1");
	ck_assert_ptr_nonnull(child);
	ck_assert(wait_state(&fx, BGP_ST_ACTIVE, 2000));
	r.fd = raw_connect(fx.port, NULL);
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000), BGP_MSG_OPEN);
	send_open_ka(r.fd, PEER_AS, 90);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	ck_assert_int_ne(TAILQ_FIRST(&child->peers)->state,
	    BGP_ST_ESTABLISHED);
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/*
 * A `bgp listen range` with a password in the VRF instance: the prefix
 * key goes on the shared listener, the dynamic peer is the VRF's; on
 * removal of the instance the key leaves the listener (an unkeyed
 * connection from the range is then refused, not left hanging).
 */
START_TEST(test_vrf_dynamic_md5)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	struct bgp_conf_inst insts[2];
	struct bgp_conf_peer dp, vp, grp;
	struct bgp_conf_listen_range range;
	struct bgp_conf_vrf vrf;
	struct bgp_conf c2;
	struct bgp *child;
	uint8_t msg[4096];
	size_t len;

	fx_vrf_init(&fx, insts, &dp, &vp, &vrf, "127.0.0.1");
	memset(&grp, 0, sizeof(grp));
	snprintf(grp.name, sizeof(grp.name), "G");
	grp.is_group = true;
	grp.remote_as_kind = BGP_CONF_AS_EXTERNAL;
	snprintf(grp.password, sizeof(grp.password), "vrf-s3cret");
	memset(&range, 0, sizeof(range));
	ck_assert_int_eq(ip_parse("127.0.0.0", &range.pfx.addr), 0);
	range.pfx.len = 8;
	snprintf(range.group, sizeof(range.group), "G");
	insts[1].npeers = 0;
	insts[1].ngroups = 1;
	insts[1].groups = &grp;
	insts[1].nranges = 1;
	insts[1].ranges = &range;
	fx_start(&fx);
	child = bgp_vrf_find(fx.bgp, "tenant1");
	ck_assert_ptr_nonnull(child);
	r.fd = raw_connect_md5(fx.port, "127.0.0.3", "vrf-s3cret");
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000), BGP_MSG_OPEN);
	ck_assert_uint_eq(child->ndynamic, 1);
	ck_assert_uint_eq(fx.bgp->ndynamic, 0);
	send_open_ka(r.fd, PEER_AS, 90);
	ck_assert(wait_peer_state(&fx, child, BGP_ST_ESTABLISHED, 2000));
	ck_assert(TAILQ_FIRST(&child->peers)->dynamic);
	c2 = fx.conf;
	c2.ninst = 1;
	bgp_reconfigure(fx.bgp, &fx.conf, &c2);
	ck_assert_ptr_null(bgp_vrf_find(fx.bgp, "tenant1"));
	expect_notification(&fx, &r, BGP_ERR_CEASE, BGP_ERR_CEASE_PEER_DECONF,
	    2000);
	close(r.fd);
	/* No key left on the listener: a plain connection gets through to
	 * accept(), which refuses it (no instance has the address). */
	r = (struct raw){ .fd = raw_connect(fx.port, "127.0.0.3") };
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000), 0);
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/* (d) RFC 4271 6.5: hold timer 3 s expires: 4/0 within ~4 s. */
START_TEST(test_hold_expiry)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	long t0;

	fx_init(&fx, true);
	fx_start(&fx);
	session_up(&fx, &r, PEER_AS, 3);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	ck_assert_uint_eq(fx_peer(&fx)->hold, 3);
	ck_assert_uint_eq(fx_peer(&fx)->keepalive, 1);
	t0 = now_ms();
	expect_notification(&fx, &r, BGP_ERR_HOLD, 0, 6000);
	ck_assert_int_ge(now_ms() - t0, 2500);
	ck_assert_int_le(now_ms() - t0, 4500);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_IDLE);
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/* (e) active: the speaker connects to the test's listener. */
START_TEST(test_active_connect)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	struct sockaddr_in sin;
	socklen_t slen = sizeof(sin);
	uint8_t msg[4096];
	size_t len;
	long end;
	int lfd, on = 1;

	fx_init(&fx, false);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(lfd, 4), 0);
	ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&sin, &slen),
	    0);
	fx_start(&fx);
	/* Connect to the test's port; the speaker listens on its own. */
	fx.bgp->port = ntohs(sin.sin_port);
	end = now_ms() + 3000;
	while (r.fd == -1 && now_ms() < end) {
		pump(&fx);
		r.fd = accept(lfd, NULL, NULL);
		if (r.fd == -1)
			poll(NULL, 0, 2);
	}
	ck_assert_int_ge(r.fd, 0);
	fcntl(r.fd, F_SETFL, O_NONBLOCK);
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000), BGP_MSG_OPEN);
	check_open(msg, len);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_OPENSENT);
	send_open_ka(r.fd, PEER_AS, 90);
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000),
	    BGP_MSG_KEEPALIVE);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	close(r.fd);
	close(lfd);
	fx_free(&fx);
}
END_TEST

/* (f) a connection from an address that is no neighbor is closed. */
START_TEST(test_unknown_closed)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	uint8_t msg[4096];
	size_t len;

	fx_init(&fx, true);
	fx_start(&fx);
	ck_assert(wait_state(&fx, BGP_ST_ACTIVE, 2000));
	r.fd = raw_connect(fx.port, "127.0.0.2");
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000), 0);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_ACTIVE);
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/* `neighbor shutdown` applied live: Cease / Administrative Shutdown. */
START_TEST(test_reconf_shutdown)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	struct bgp_conf c2;
	struct bgp_conf_inst i2;
	struct bgp_conf_peer p2;

	fx_init(&fx, true);
	fx_start(&fx);
	session_up(&fx, &r, PEER_AS, 90);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	/* An unrelated change (connect timer) keeps the session. */
	c2 = fx.conf;
	i2 = fx.inst;
	p2 = fx.peer;
	i2.peers = &p2;
	c2.inst = &i2;
	p2.connect_retry = 10;
	bgp_reconfigure(fx.bgp, &fx.conf, &c2);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_ESTABLISHED);
	ck_assert_ptr_eq(fx_peer(&fx)->conf, &p2);
	fx.peer = p2;
	fx.peer.shutdown = true;
	bgp_reconfigure(fx.bgp, &c2, &fx.conf);
	expect_notification(&fx, &r, BGP_ERR_CEASE, BGP_ERR_CEASE_ADMIN_SHUT,
	    2000);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_IDLE);
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/*
 * RFC 4271 section 6.8: both sides connect; the test's BGP identifier
 * (10.0.0.2) is higher, so the connection it initiated stays and the
 * speaker's own gets Cease / Connection Collision Resolution.
 */
START_TEST(test_collision)
{
	struct fx fx;
	struct raw out = { .fd = -1 }, in = { .fd = -1 };
	uint8_t msg[4096], buf[512];
	size_t len;
	uint16_t port;
	int lfd;

	fx_init(&fx, false);
	lfd = raw_listen(&port);
	fx_start(&fx);
	fx.bgp->port = port;
	out.fd = raw_accept(&fx, lfd);
	ck_assert_int_eq(raw_recv(&fx, &out, msg, &len, 2000), BGP_MSG_OPEN);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_OPENSENT);
	in.fd = raw_connect(fx.port, NULL);
	ck_assert_int_eq(raw_recv(&fx, &in, msg, &len, 2000), BGP_MSG_OPEN);
	check_open(msg, len);
	/* OPEN on the speaker's connection: it loses. */
	len = open_make(buf, sizeof(buf), PEER_AS, 90);
	raw_send(out.fd, buf, len);
	expect_notification(&fx, &out, BGP_ERR_CEASE,
	    BGP_ERR_CEASE_COLLISION, 2000);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_OPENSENT);
	raw_send(in.fd, buf, len);
	ck_assert_int_eq(raw_recv(&fx, &in, msg, &len, 2000),
	    BGP_MSG_KEEPALIVE);
	raw_send_ka(in.fd);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	ck_assert_uint_eq(fx_peer(&fx)->stats.established, 1);
	close(out.fd);
	close(in.fd);
	close(lfd);
	fx_free(&fx);
}
END_TEST

/* The same with the speaker's identifier higher: its connection stays. */
START_TEST(test_collision_ours)
{
	struct fx fx;
	struct raw out = { .fd = -1 }, in = { .fd = -1 };
	uint8_t msg[4096], buf[512];
	size_t len;
	uint16_t port;
	int lfd;

	fx_init(&fx, false);
	fx.inst.router_id = 0x0a0000fe;
	lfd = raw_listen(&port);
	fx_start(&fx);
	fx.bgp->port = port;
	out.fd = raw_accept(&fx, lfd);
	ck_assert_int_eq(raw_recv(&fx, &out, msg, &len, 2000), BGP_MSG_OPEN);
	in.fd = raw_connect(fx.port, NULL);
	ck_assert_int_eq(raw_recv(&fx, &in, msg, &len, 2000), BGP_MSG_OPEN);
	len = open_make(buf, sizeof(buf), PEER_AS, 90);
	raw_send(in.fd, buf, len);
	expect_notification(&fx, &in, BGP_ERR_CEASE, BGP_ERR_CEASE_COLLISION,
	    2000);
	raw_send(out.fd, buf, len);
	ck_assert_int_eq(raw_recv(&fx, &out, msg, &len, 2000),
	    BGP_MSG_KEEPALIVE);
	raw_send_ka(out.fd);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	close(out.fd);
	close(in.fd);
	close(lfd);
	fx_free(&fx);
}
END_TEST

/* `bgp listen range`: a dynamic peer, freed when its session ends. */
START_TEST(test_dynamic)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	struct bgp_conf_peer grp;
	struct bgp_conf_listen_range range;
	uint8_t msg[4096];
	size_t len;
	long end;

	fx_init(&fx, true);
	memset(&grp, 0, sizeof(grp));
	snprintf(grp.name, sizeof(grp.name), "G");
	grp.is_group = true;
	grp.remote_as_kind = BGP_CONF_AS_EXTERNAL;
	/* RFC 2385 on a range: the listener needs a prefix key. */
	snprintf(grp.password, sizeof(grp.password), "s3cret");
	memset(&range, 0, sizeof(range));
	ck_assert_int_eq(ip_parse("127.0.0.0", &range.pfx.addr), 0);
	range.pfx.len = 8;
	snprintf(range.group, sizeof(range.group), "G");
	fx.inst.npeers = 0;
	fx.inst.ngroups = 1;
	fx.inst.groups = &grp;
	fx.inst.nranges = 1;
	fx.inst.ranges = &range;
	fx_start(&fx);
	ck_assert_ptr_null(fx_peer(&fx));
	r.fd = raw_connect_md5(fx.port, "127.0.0.3", "s3cret");
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000), BGP_MSG_OPEN);
	ck_assert_ptr_nonnull(fx_peer(&fx));
	ck_assert(fx_peer(&fx)->dynamic);
	ck_assert_uint_eq(fx.bgp->ndynamic, 1);
	send_open_ka(r.fd, PEER_AS, 90);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	ck_assert_str_eq(fx_peer(&fx)->name, "127.0.0.3");
	close(r.fd);
	end = now_ms() + 2000;
	while (fx.bgp->npeers != 0 && now_ms() < end) {
		pump(&fx);
		poll(NULL, 0, 2);
	}
	ck_assert_uint_eq(fx.bgp->npeers, 0);
	ck_assert_uint_eq(fx.bgp->ndynamic, 0);
	fx_free(&fx);
}
END_TEST

/* clear bgp: unknown neighbor is an error; hard reset sends 6/4. */
START_TEST(test_clear)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	struct ip_addr a;
	char *s = NULL;
	size_t n = 0;
	FILE *f;

	fx_init(&fx, true);
	fx_start(&fx);
	session_up(&fx, &r, PEER_AS, 90);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	f = open_memstream(&s, &n);
	ck_assert_int_eq(ip_parse("10.9.9.9", &a), 0);
	ck_assert_int_eq(bgp_clear(fx.bgp, &a, BGP_CLEAR_HARD, f), -1);
	fclose(f);
	ck_assert_msg(strstr(s, "no such neighbor 10.9.9.9") != NULL, "%s",
	    s);
	free(s);
	ck_assert_int_eq(bgp_clear(fx.bgp, &fx.peer.addr, BGP_CLEAR_SOFT,
	    stderr), 0);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_ESTABLISHED);
	ck_assert_int_eq(bgp_clear(fx.bgp, NULL, BGP_CLEAR_HARD, stderr), 0);
	expect_notification(&fx, &r, BGP_ERR_CEASE,
	    BGP_ERR_CEASE_ADMIN_RESET, 2000);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_IDLE);
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/* Only negotiated families reach the route layer (update_strip). */
START_TEST(test_update_families)
{
	/* IPv4 NLRI 10.1.0.0/16 with ORIGIN, AS_PATH, NEXT_HOP. */
	static const uint8_t v4[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x35, 0x02, 0x00, 0x00, 0x00, 0x1b,
		0x40, 0x01, 0x01, 0x00,
		0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xea,
		0x40, 0x03, 0x04, 0x7f, 0x00, 0x00, 0x01,
		0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x00,
		0x10, 0x0a, 0x01,
	};
	/* MP_UNREACH_NLRI IPv6 unicast 2001:db8::/32: not negotiated. */
	static const uint8_t v6[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x22, 0x02, 0x00, 0x00, 0x00, 0x0b,
		0x80, 0x0f, 0x08, 0x00, 0x02, 0x01,
		0x20, 0x20, 0x01, 0x0d, 0xb8,
	};
	struct fx fx;
	struct raw r = { .fd = -1 };
	long end;

	fx_init(&fx, true);
	fx_start(&fx);
	session_up(&fx, &r, PEER_AS, 90);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	raw_send(r.fd, v4, sizeof(v4));
	raw_send(r.fd, v6, sizeof(v6));
	end = now_ms() + 2000;
	while (fx_peer(&fx)->stats.msg_in[BGP_MSG_UPDATE] < 2 &&
	    now_ms() < end) {
		pump(&fx);
		poll(NULL, 0, 2);
	}
	ck_assert_uint_eq(fx_peer(&fx)->stats.msg_in[BGP_MSG_UPDATE], 2);
	ck_assert_uint_eq(fx_peer(&fx)->stats.updates_in, 1);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_ESTABLISHED);
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/* RFC 4486 section 4: Cease 1 with AFI, SAFI and the limit. */
START_TEST(test_max_prefix)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	uint8_t msg[4096];
	size_t len;
	static const uint8_t data[] = { 0, 1, 1, 0, 0, 0x03, 0xe8 };
	long t0;

	fx_init(&fx, true);
	fx.peer.af[BGP_FAM_IPV4].max_prefix = 1000;
	fx_start(&fx);
	session_up(&fx, &r, PEER_AS, 90);
	ck_assert(wait_state(&fx, BGP_ST_ESTABLISHED, 2000));
	bgp_peer_max_prefix(fx_peer(&fx), BGP_FAM_IPV4);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_IDLE);
	ck_assert_int_eq(raw_recv_nonka(&fx, &r, msg, &len, 2000),
	    BGP_MSG_NOTIFICATION);
	ck_assert_uint_eq(len, BGP_HDR_LEN + 2 + sizeof(data));
	ck_assert_uint_eq(msg[19], BGP_ERR_CEASE);
	ck_assert_uint_eq(msg[20], BGP_ERR_CEASE_MAX_PREFIX);
	ck_assert_mem_eq(msg + 21, data, sizeof(data));
	close(r.fd);
	/* Down until clear bgp (FRR): refused past any idle hold time. */
	t0 = now_ms();
	while (now_ms() - t0 < 1500)
		pump(&fx);
	r = (struct raw){ .fd = raw_connect(fx.port, NULL) };
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 1000), 0);
	close(r.fd);
	ck_assert_int_eq(fx_peer(&fx)->state, BGP_ST_IDLE);
	ck_assert_int_eq(bgp_clear(fx.bgp, NULL, BGP_CLEAR_HARD, stderr), 0);
	ck_assert(wait_state(&fx, BGP_ST_ACTIVE, 2000));
	r = (struct raw){ .fd = raw_connect(fx.port, NULL) };
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000), BGP_MSG_OPEN);
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/*
 * No family in common: OPEN Message Error / Unsupported Capability.
 * Loop 0: `no bgp default ipv4-unicast`; loop 1: `no neighbor X
 * activate` under IPv4 (FRR: off although IPv4 is on by default).
 */
START_TEST(test_no_common_family)
{
	struct fx fx;
	struct raw r = { .fd = -1 };
	uint8_t msg[4096];
	size_t len;
	static const uint8_t data[] = { 1, 4, 0, 2, 0, 1 };

	fx_init(&fx, true);
	if (_i == 0)
		fx.inst.no_default_ipv4 = true;
	else
		fx.peer.af[BGP_FAM_IPV4].deactivate = true;
	fx.peer.af[BGP_FAM_IPV6].activate = true;
	fx_start(&fx);
	ck_assert(wait_state(&fx, BGP_ST_ACTIVE, 2000));
	r.fd = raw_connect(fx.port, NULL);
	ck_assert_int_eq(raw_recv(&fx, &r, msg, &len, 2000), BGP_MSG_OPEN);
	send_open_ka(r.fd, PEER_AS, 90);
	ck_assert_int_eq(raw_recv_nonka(&fx, &r, msg, &len, 2000),
	    BGP_MSG_NOTIFICATION);
	ck_assert_uint_eq(msg[19], BGP_ERR_OPEN);
	ck_assert_uint_eq(msg[20], BGP_ERR_OPEN_CAPS);
	ck_assert_uint_eq(len, BGP_HDR_LEN + 2 + sizeof(data));
	ck_assert_mem_eq(msg + 21, data, sizeof(data));
	close(r.fd);
	fx_free(&fx);
}
END_TEST

/* A port in use: NULL and "bind to port N: ...". */
START_TEST(test_bind_in_use)
{
	struct fx fx;
	struct bgp_env env;
	char err[128], want[64];

	fx_init(&fx, true);
	fx_start(&fx);
	env = (struct bgp_env){ .base = fx.base, .log = &fx.log,
	    .codec = &fx.codec, .port = fx.port };
	ck_assert_ptr_null(bgp_new(&env, &fx.conf, err, sizeof(err)));
	snprintf(want, sizeof(want), "bind to port %u: ", fx.port);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s", err);
	fx_free(&fx);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("bgp_session");
	TCase *tc = tcase_create("session");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_passive_up);
	tcase_add_test(tc, test_bad_peer_as);
	tcase_add_test(tc, test_malformed_update);
	tcase_add_test(tc, test_hold_expiry);
	tcase_add_test(tc, test_idle_accepts);
	tcase_add_test(tc, test_active_connect);
	tcase_add_test(tc, test_unknown_closed);
	tcase_add_test(tc, test_reconf_shutdown);
	tcase_add_test(tc, test_collision);
	tcase_add_test(tc, test_collision_ours);
	tcase_add_test(tc, test_dynamic);
	tcase_add_test(tc, test_clear);
	tcase_add_test(tc, test_update_families);
	tcase_add_test(tc, test_max_prefix);
	tcase_add_loop_test(tc, test_no_common_family, 0, 2);
	tcase_add_test(tc, test_bind_in_use);
	tcase_add_test(tc, test_vrf_instance);
	tcase_add_test(tc, test_vrf_accept_default_first);
	tcase_add_test(tc, test_vrf_dynamic_md5);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}

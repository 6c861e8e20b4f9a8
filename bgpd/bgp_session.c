/*
 * bgp_session.c -- the session layer's sockets: listeners, accept,
 * non-blocking connect, TCP MD5 and GTSM, the read buffer and framing,
 * and the output queue.
 *
 * DOC: nothing here blocks (STYLE.md section 7).  Listeners accept in a
 * bounded loop and hand each socket to the FSM (bgp_fsm_accept()), or
 * create a dynamic peer from a `bgp listen range`, or close it.
 * Reading: one read() per readable event into a buffer of two maximal
 * messages, then at most BGP_READ_BURST framed messages go to the FSM;
 * when more remain the event is re-activated so other peers get a turn.
 * Writing: the output queue is a ring of (chunk, offset) entries holding
 * a reference on each chunk, written with sendmsg() (writev semantics,
 * MSG_NOSIGNAL) up to BGP_IOV_MAX chunks at a time; EV_WRITE is pending
 * only while the queue is non-empty.  Crossing BGP_OUTQ_HIGH and falling
 * back under BGP_OUTQ_LOW calls bgp_rib_drained().
 * TCP MD5 (RFC 2385) keys go on the connecting socket and, per neighbor
 * address, on the listeners; GTSM (RFC 5082) sets TTL 255 and a minimum
 * TTL on connected and accepted sockets.
 * A `bgp listen range` whose peer-group has a password gets a prefix key
 * on the listener (TCP_MD5SIG_EXT, Linux 4.14).
 */
#include "bgp_session.h"

#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <event2/event.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "wire.h"

#ifndef IPV6_MINHOPCOUNT
#define IPV6_MINHOPCOUNT	73
#endif

time_t
bgp_mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* ---- addresses ---- */

/* The port field in network order, through wire.h (STYLE.md 5). */
static void
port_set(void *field, uint16_t port)
{
	struct wire_wr wr;

	wire_wr_init(&wr, field, 2);
	if (wire_wr_u16(&wr, port) == -1)
		fatalx("%s: short port field", __func__);
}

static uint16_t
port_get(const void *field)
{
	struct wire_rd rd;
	uint16_t port = 0;

	wire_rd_init(&rd, field, 2);
	if (wire_rd_u16(&rd, &port) == -1)
		return 0;
	return port;
}

static socklen_t
addr_to_sa(const struct ip_addr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->af == IP_AF_V4) {
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, a->a, 4);
		port_set(&sin->sin_port, port);
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	memcpy(&sin6->sin6_addr, a->a, 16);
	port_set(&sin6->sin6_port, port);
	return sizeof(*sin6);
}

static int
sa_to_addr(const struct sockaddr_storage *ss, struct ip_addr *a,
    uint16_t *port)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		a->af = IP_AF_V4;
		memcpy(a->a, &sin->sin_addr, 4);
		*port = port_get(&sin->sin_port);
		return 0;
	}
	if (ss->ss_family != AF_INET6)
		return -1;
	a->af = IP_AF_V6;
	memcpy(a->a, &sin6->sin6_addr, 16);
	*port = port_get(&sin6->sin6_port);
	/* An IPv4-mapped address is the IPv4 peer (RFC 4291 2.5.5.2). */
	if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
		a->af = IP_AF_V4;
		memmove(a->a, a->a + 12, 4);
		memset(a->a + 4, 0, 12);
	}
	return 0;
}

/* ---- socket options ---- */

/*
 * RFC 2385: key for addr on fd (for the prefix addr/plen with plen >= 0,
 * TCP_MD5SIG_EXT); key "" removes it.
 */
static int
md5_set_pfx(int fd, const struct ip_addr *addr, int plen, const char *key)
{
	struct tcp_md5sig sig;
	size_t len = strlen(key);

	memset(&sig, 0, sizeof(sig));
	(void)addr_to_sa(addr, 0, &sig.tcpm_addr);
	if (len > TCP_MD5SIG_MAXKEYLEN)
		len = TCP_MD5SIG_MAXKEYLEN;
	sig.tcpm_keylen = (uint16_t)len;
	memcpy(sig.tcpm_key, key, len);
	if (plen < 0)
		return setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig,
		    sizeof(sig));
	sig.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
	sig.tcpm_prefixlen = (uint8_t)plen;
	return setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG_EXT, &sig, sizeof(sig));
}

static int
md5_set(int fd, const struct ip_addr *addr, const char *key)
{
	return md5_set_pfx(fd, addr, -1, key);
}

void
bgp_listen_md5_ranges(struct bgp *bgp, const struct bgp_conf_inst *inst,
    bool on)
{
	const struct bgp_conf_listen_range *r;
	const struct bgp_conf_peer *grp;
	size_t i;
	int fd;

	for (i = 0; inst != NULL && i < inst->nranges; i++) {
		r = &inst->ranges[i];
		grp = bgp_conf_group_find(inst, r->group);
		if (grp == NULL || grp->password[0] == '\0')
			continue;
		fd = bgp_root(bgp)->listen[r->pfx.addr.af == IP_AF_V4 ?
		    0 : 1].fd;
		if (fd != -1 && md5_set_pfx(fd, &r->pfx.addr, r->pfx.len,
		    on ? grp->password : "") == -1 && on)
			log_msg(bgp->log, LOG_LVL_ERROR, "bgp: TCP MD5 key "
			    "for listen range of %s: %s", r->group,
			    strerror(errno));
	}
}

void
bgp_sess_md5_listen(struct bgp_peer *peer, bool on)
{
	struct bgp_sess *s = peer->sess;
	const char *key = on ? peer->conf->password : "";
	int i = peer->addr.af == IP_AF_V4 ? 0 : 1;
	int fd = bgp_root(peer->bgp)->listen[i].fd;

	if (!on && !s->md5_listen)
		return;
	if (on && s->md5_listen && strcmp(s->md5_key, key) == 0)
		return;
	if (fd != -1 && md5_set(fd, &peer->addr, key) == -1)
		bgp_log_peer(peer, LOG_LVL_ERROR, "TCP MD5 key on the "
		    "listener: %s", strerror(errno));
	s->md5_listen = on;
	snprintf(s->md5_key, sizeof(s->md5_key), "%s", on ? key : "");
}

static bool
conf_is_ebgp(const struct bgp_peer *peer)
{
	const struct bgp_conf_peer *c = peer->conf;

	if (c->remote_as_kind == BGP_CONF_AS_EXTERNAL)
		return true;
	return c->remote_as_kind == BGP_CONF_AS_NUMBER &&
	    c->remote_as != peer->bgp->asn;
}

/*
 * TTL of what we send and GTSM.  RFC 5082 section 3: send with TTL 255,
 * accept only TTL >= 256 - hops.  Directly connected EBGP uses TTL 1 as
 * FRR does; ebgp-multihop N allows N.
 */
static void
sock_ttl(const struct bgp_peer *peer, int fd)
{
	const struct bgp_conf_peer *c = peer->conf;
	bool v4 = peer->addr.af == IP_AF_V4;
	int ttl = 64, minttl = 0;

	if (c->ttl_security_hops != 0) {
		ttl = 255;
		minttl = 256 - c->ttl_security_hops;
	} else if (conf_is_ebgp(peer))
		ttl = c->ebgp_multihop != 0 ? c->ebgp_multihop : 1;
	if (setsockopt(fd, v4 ? IPPROTO_IP : IPPROTO_IPV6,
	    v4 ? IP_TTL : IPV6_UNICAST_HOPS, &ttl, sizeof(ttl)) == -1)
		bgp_log_peer(peer, LOG_LVL_WARNING, "set TTL %d: %s", ttl,
		    strerror(errno));
	if (minttl != 0 && setsockopt(fd, v4 ? IPPROTO_IP : IPPROTO_IPV6,
	    v4 ? IP_MINTTL : IPV6_MINHOPCOUNT, &minttl,
	    sizeof(minttl)) == -1)
		bgp_log_peer(peer, LOG_LVL_WARNING, "GTSM minimum TTL %d: "
		    "%s", minttl, strerror(errno));
}

/* ---- connections ---- */

static void	conn_read_cb(evutil_socket_t, short, void *);
static void	conn_write_cb(evutil_socket_t, short, void *);

struct bgp_conn *
bgp_conn_new(struct bgp_peer *peer, int fd, bool outgoing)
{
	struct event_base *base = peer->bgp->base;
	struct bgp_conn *c = xcalloc(1, sizeof(*c));

	c->peer = peer;
	c->fd = fd;
	c->outgoing = outgoing;
	c->rbuf = xmalloc(BGP_RBUF_SIZE);
	c->rev = event_new(base, fd, EV_READ | EV_PERSIST, conn_read_cb, c);
	c->wev = event_new(base, fd, EV_WRITE | EV_PERSIST, conn_write_cb,
	    c);
	if (c->rev == NULL || c->wev == NULL)
		fatal("event_new");
	event_priority_set(c->rev, BGP_PRI_IO);
	event_priority_set(c->wev, BGP_PRI_IO);
	return c;
}

void
bgp_conn_free(struct bgp_conn *c)
{
	if (c == NULL)
		return;
	event_free(c->rev);
	event_free(c->wev);
	while (c->oq_n > 0) {
		bgp_obuf_unref(c->oq[c->oq_head].ob);
		c->oq_head = (c->oq_head + 1) % c->oq_cap;
		c->oq_n--;
	}
	free(c->oq);
	free(c->rbuf);
	close(c->fd);
	free(c);
}

void
bgp_conn_read_enable(struct bgp_conn *c)
{
	event_add(c->rev, NULL);
}

static void
oq_grow(struct bgp_conn *c)
{
	size_t ncap = c->oq_cap ? c->oq_cap * 2 : 16, i;
	struct bgp_oq_ent *n = xcalloc(ncap, sizeof(*n));

	for (i = 0; i < c->oq_n; i++)
		n[i] = c->oq[(c->oq_head + i) % c->oq_cap];
	free(c->oq);
	c->oq = n;
	c->oq_cap = ncap;
	c->oq_head = 0;
}

void
bgp_conn_send(struct bgp_conn *c, struct bgp_obuf *ob)
{
	if (ob->len == 0)
		return;
	if (c->oq_n == c->oq_cap)
		oq_grow(c);
	c->oq[(c->oq_head + c->oq_n) % c->oq_cap] =
	    (struct bgp_oq_ent){ bgp_obuf_ref(ob), 0 };
	c->oq_n++;
	c->queued += ob->len;
	if (c->queued > BGP_OUTQ_HIGH)
		c->above_high = true;
	if (!c->connecting)
		event_add(c->wev, NULL);
}

/* Drop written bytes from the queue's head. */
static void
oq_consume(struct bgp_conn *c, size_t n)
{
	c->queued -= n;
	while (n > 0 && c->oq_n > 0) {
		struct bgp_oq_ent *e = &c->oq[c->oq_head];
		size_t rest = e->ob->len - e->off;

		if (n < rest) {
			e->off += n;
			return;
		}
		n -= rest;
		bgp_obuf_unref(e->ob);
		c->oq_head = (c->oq_head + 1) % c->oq_cap;
		c->oq_n--;
	}
}

/* One sendmsg(); bytes written, or -1 with errno. */
static ssize_t
oq_write(struct bgp_conn *c)
{
	struct iovec iov[BGP_IOV_MAX];
	struct msghdr mh;
	size_t i, n = c->oq_n < BGP_IOV_MAX ? c->oq_n : BGP_IOV_MAX;
	ssize_t w;

	for (i = 0; i < n; i++) {
		struct bgp_oq_ent *e = &c->oq[(c->oq_head + i) % c->oq_cap];

		iov[i].iov_base = e->ob->data + e->off;
		iov[i].iov_len = e->ob->len - e->off;
	}
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	mh.msg_iovlen = n;
	w = sendmsg(c->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (w > 0)
		oq_consume(c, (size_t)w);
	return w;
}

void
bgp_conn_flush_once(struct bgp_conn *c)
{
	if (c->oq_n > 0 && !c->connecting)
		(void)oq_write(c);
}

void
bgp_conn_notify(struct bgp_conn *c, uint8_t code, uint8_t subcode,
    const void *data, size_t len)
{
	struct bgp_obuf *ob = bgp_obuf_new(BGP_HDR_LEN + 2 + len);
	struct wire_wr wr;
	struct wire_rd d;

	wire_rd_init(&d, data, len);
	wire_wr_init(&wr, ob->data, ob->cap);
	if (bgp_notification_encode(&wr, code, subcode, &d) == -1)
		fatalx("%s: NOTIFICATION does not fit", __func__);
	ob->len = wire_wr_len(&wr);
	bgp_conn_send(c, ob);
	bgp_obuf_unref(ob);
	c->peer->stats.msg_out[BGP_MSG_NOTIFICATION]++;
}

static void
conn_connected(struct bgp_conn *c)
{
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	c->connecting = false;
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
		soerr = errno;
	if (soerr != 0) {
		event_del(c->wev);
		bgp_fsm_conn_failed(c, strerror(soerr));
		return;
	}
	if (c->oq_n == 0)
		event_del(c->wev);
	bgp_fsm_connected(c);
}

static void
conn_write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgp_conn *c = arg;
	struct bgp_peer *peer = c->peer;
	ssize_t w;

	(void)fd;
	(void)what;
	if (c->connecting) {
		conn_connected(c);
		return;
	}
	w = oq_write(c);
	if (w == -1 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR) {
		bgp_fsm_conn_failed(c, strerror(errno));
		return;
	}
	if (c->oq_n == 0)
		event_del(c->wev);
	if (c->above_high && c->queued < BGP_OUTQ_LOW) {
		c->above_high = false;
		if (peer->sess->conn == c &&
		    peer->state == BGP_ST_ESTABLISHED)
			bgp_rib_drained(peer);
	}
}

static bool
conn_alive(const struct bgp_peer *peer, const struct bgp_conn *c)
{
	return peer->sess->conn == c || peer->sess->coll == c;
}

/*
 * Hand up to BGP_READ_BURST whole messages to the FSM, then keep the
 * partial rest at the buffer's start.  -1 when the connection is gone.
 */
static int
conn_frame(struct bgp_conn *c)
{
	struct bgp_peer *peer = c->peer;
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_err err;
	size_t used, i;
	int r = 0;

	wire_rd_init(&rd, c->rbuf, c->rlen);
	for (i = 0; i < BGP_READ_BURST; i++) {
		bgp_err_init(&err);
		r = bgp_msg_frame(&rd, bgp_fsm_max_len(c), &h, &err);
		if (r == 0)
			break;
		if (r == -1) {
			bgp_fsm_frame_error(c, &err);
			return -1;
		}
		if (bgp_fsm_msg(c, &h) == -1 || !conn_alive(peer, c))
			return -1;
	}
	/* Buffer management, not parsing: move the unread tail down. */
	used = c->rlen - wire_rd_left(&rd);
	if (used > 0) {
		memmove(c->rbuf, c->rbuf + used, c->rlen - used);
		c->rlen -= used;
	}
	if (i == BGP_READ_BURST) {
		event_active(c->rev, EV_READ, 1);
		return 1;
	}
	return 0;
}

static void
conn_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bgp_conn *c = arg;
	ssize_t n;
	int r;

	(void)what;
	if (!c->eof && c->rlen < BGP_RBUF_SIZE) {
		n = read(fd, c->rbuf + c->rlen, BGP_RBUF_SIZE - c->rlen);
		if (n > 0)
			c->rlen += (size_t)n;
		else if (n == 0)
			c->eof = true;
		else if (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			bgp_fsm_conn_failed(c, strerror(errno));
			return;
		}
	}
	r = conn_frame(c);
	/* At EOF, first the messages that arrived before it. */
	if (r == 0 && c->eof)
		bgp_fsm_conn_failed(c, "connection closed by peer");
}

/*
 * update-source: an address to bind, or an interface to bind to.  A VRF
 * instance's session without an update-source interface is bound to the
 * VRF device when one of that name exists (l3mdev); where the VRF is a
 * table only (no device), the namespace's ordinary routing carries it
 * (bgp_vrf.c).
 */
static int
sock_source(const struct bgp_peer *peer, int fd)
{
	const struct bgp_conf_peer *c = peer->conf;
	const char *vrf = peer->bgp->vrf;
	struct sockaddr_storage ss;
	socklen_t len;

	if (peer->bgp->root != NULL && c->update_source_if[0] == '\0' &&
	    if_nametoindex(vrf) != 0 && setsockopt(fd, SOL_SOCKET,
	    SO_BINDTODEVICE, vrf, (socklen_t)strlen(vrf)) == -1)
		return -1;
	if (c->update_source.af != IP_AF_NONE) {
		len = addr_to_sa(&c->update_source, 0, &ss);
		if (bind(fd, (struct sockaddr *)&ss, len) == -1)
			return -1;
	} else if (c->update_source_if[0] != '\0' &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, c->update_source_if,
	    (socklen_t)strlen(c->update_source_if)) == -1)
		return -1;
	return 0;
}

struct bgp_conn *
bgp_conn_connect(struct bgp_peer *peer)
{
	struct sockaddr_storage ss;
	socklen_t len = addr_to_sa(&peer->addr, peer->bgp->port, &ss);
	struct bgp_conn *c;
	int fd;

	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd == -1) {
		bgp_log_peer(peer, LOG_LVL_WARNING, "socket: %s",
		    strerror(errno));
		return NULL;
	}
	if (peer->conf->password[0] != '\0' &&
	    md5_set(fd, &peer->addr, peer->conf->password) == -1)
		bgp_log_peer(peer, LOG_LVL_ERROR, "TCP MD5 key: %s",
		    strerror(errno));
	sock_ttl(peer, fd);
	if (sock_source(peer, fd) == -1) {
		bgp_log_peer(peer, LOG_LVL_WARNING, "update-source: %s",
		    strerror(errno));
		close(fd);
		return NULL;
	}
	if (connect(fd, (struct sockaddr *)&ss, len) == -1 &&
	    errno != EINPROGRESS) {
		bgp_log_peer(peer, LOG_LVL_INFO, "connect: %s",
		    strerror(errno));
		close(fd);
		return NULL;
	}
	c = bgp_conn_new(peer, fd, true);
	c->connecting = true;
	event_add(c->wev, NULL);
	return c;
}

/* ---- local addresses ---- */

static bool
ifa_is_addr(const struct ifaddrs *ifa, const struct ip_addr *a)
{
	struct ip_addr x;
	uint16_t port;

	if (ifa->ifa_addr == NULL ||
	    sa_to_addr((const struct sockaddr_storage *)(const void *)
	    ifa->ifa_addr, &x, &port) == -1)
		return false;
	return ip_eq(&x, a);
}

/* A global IPv6 address of the interface holding the IPv4 address v4. */
static void
local_v6_find(const struct ip_addr *v4, struct ip_addr *v6)
{
	struct ifaddrs *ifs, *ifa, *f;
	const struct sockaddr_in6 *s6;

	memset(v6, 0, sizeof(*v6));
	if (getifaddrs(&ifs) == -1)
		return;
	for (ifa = ifs; ifa != NULL; ifa = ifa->ifa_next) {
		if (!ifa_is_addr(ifa, v4))
			continue;
		for (f = ifs; f != NULL; f = f->ifa_next) {
			if (f->ifa_addr == NULL ||
			    f->ifa_addr->sa_family != AF_INET6 ||
			    strcmp(f->ifa_name, ifa->ifa_name) != 0)
				continue;
			s6 = (const struct sockaddr_in6 *)(const void *)
			    f->ifa_addr;
			if (IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr) ||
			    IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr))
				continue;
			v6->af = IP_AF_V6;
			memcpy(v6->a, &s6->sin6_addr, 16);
			goto out;
		}
		break;
	}
out:
	freeifaddrs(ifs);
}

void
bgp_conn_addrs(struct bgp_conn *c)
{
	struct bgp_peer *peer = c->peer;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct ip_addr remote;

	memset(&peer->local, 0, sizeof(peer->local));
	memset(&peer->local_v6, 0, sizeof(peer->local_v6));
	if (getsockname(c->fd, (struct sockaddr *)&ss, &len) == 0)
		(void)sa_to_addr(&ss, &peer->local, &peer->sess->lport);
	len = sizeof(ss);
	if (getpeername(c->fd, (struct sockaddr *)&ss, &len) == 0)
		(void)sa_to_addr(&ss, &remote, &peer->sess->rport);
	if (peer->local.af == IP_AF_V4)
		local_v6_find(&peer->local, &peer->local_v6);
}

/* ---- listeners ---- */

static bool
pfx_contains(const struct ip_prefix *p, const struct ip_addr *a)
{
	unsigned bits = p->len, i;

	if (p->addr.af != a->af || bits > ip_af_len(a->af) * 8)
		return false;
	for (i = 0; i < bits / 8; i++)
		if (p->addr.a[i] != a->a[i])
			return false;
	if (bits % 8 == 0)
		return true;
	return ((p->addr.a[i] ^ a->a[i]) & (0xff00u >> (bits % 8)) & 0xff)
	    == 0;
}

struct bgp_peer *
bgp_listen_dynamic_peer(struct bgp *bgp, const struct ip_addr *addr)
{
	const struct bgp_conf_inst *inst = bgp->inst;
	const struct bgp_conf_peer *grp;
	size_t i, limit;

	if (inst == NULL)
		return NULL;
	limit = inst->listen_limit ? inst->listen_limit :
	    BGP_DEF_LISTEN_LIMIT;
	for (i = 0; i < inst->nranges; i++) {
		if (!pfx_contains(&inst->ranges[i].pfx, addr))
			continue;
		grp = bgp_conf_group_find(inst, inst->ranges[i].group);
		if (grp == NULL)
			return NULL;
		if (bgp->ndynamic >= limit) {
			log_msg(bgp->log, LOG_LVL_WARNING, "bgp listen "
			    "limit %zu reached", limit);
			return NULL;
		}
		return bgp_peer_new(bgp, addr, grp, true);
	}
	return NULL;
}

static void
listen_accept_one(struct bgp *bgp, int fd, const struct ip_addr *addr)
{
	struct bgp_peer *peer = bgp_vrf_accept_peer(bgp, addr);
	char buf[IP_STRLEN];

	if (peer == NULL) {
		log_msg(bgp->log, LOG_LVL_INFO, "connection from %s "
		    "refused: not a neighbor", ip_fmt(addr, buf));
		close(fd);
		return;
	}
	sock_ttl(peer, fd);
	bgp_fsm_accept(peer, fd);
}

static void
listen_cb(evutil_socket_t lfd, short what, void *arg)
{
	struct bgp *bgp = arg;
	struct sockaddr_storage ss;
	struct ip_addr addr;
	socklen_t len;
	uint16_t port;
	int fd, i;

	(void)what;
	for (i = 0; i < 16; i++) {
		len = sizeof(ss);
		fd = accept4(lfd, (struct sockaddr *)&ss, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_msg(bgp->log, LOG_LVL_WARNING,
				    "accept: %s", strerror(errno));
			return;
		}
		if (sa_to_addr(&ss, &addr, &port) == -1) {
			close(fd);
			continue;
		}
		listen_accept_one(bgp, fd, &addr);
	}
}

static int
listen_open(struct bgp *bgp, int af, struct bgp_listener *l, char *err,
    size_t errlen)
{
	struct sockaddr_storage ss;
	struct ip_addr any;
	socklen_t len;
	int fd, on = 1, ttl = 255;

	memset(&any, 0, sizeof(any));
	any.af = af == AF_INET ? IP_AF_V4 : IP_AF_V6;
	len = addr_to_sa(&any, bgp->port, &ss);
	fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		if (af == AF_INET6 && errno == EAFNOSUPPORT)
			return 0;	/* no IPv6 here: IPv4 only */
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (af == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
		    sizeof(on));
	/*
	 * The SYN-ACK leaves with the listener's TTL, before sock_ttl()
	 * runs on the accepted socket: 255 so a GTSM peer (RFC 5082
	 * section 3) accepts it; harmless for the others.
	 */
	(void)setsockopt(fd, af == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
	    af == AF_INET ? IP_TTL : IPV6_UNICAST_HOPS, &ttl, sizeof(ttl));
	if (bind(fd, (struct sockaddr *)&ss, len) == -1 ||
	    listen(fd, 64) == -1) {
		snprintf(err, errlen, "bind to port %u: %s",
		    (unsigned)bgp->port, strerror(errno));
		close(fd);
		return -1;
	}
	l->fd = fd;
	l->ev = event_new(bgp->base, fd, EV_READ | EV_PERSIST, listen_cb,
	    bgp);
	if (l->ev == NULL)
		fatal("event_new");
	event_priority_set(l->ev, BGP_PRI_IO);
	event_add(l->ev, NULL);
	return 0;
}

int
bgp_listen_start(struct bgp *bgp, char *err, size_t errlen)
{
	if (bgp->listen[0].fd != -1)
		return 0;
	if (listen_open(bgp, AF_INET, &bgp->listen[0], err, errlen) == -1 ||
	    listen_open(bgp, AF_INET6, &bgp->listen[1], err, errlen) == -1) {
		bgp_listen_stop(bgp);
		return -1;
	}
	return 0;
}

void
bgp_listen_stop(struct bgp *bgp)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (bgp->listen[i].ev != NULL)
			event_free(bgp->listen[i].ev);
		if (bgp->listen[i].fd != -1)
			close(bgp->listen[i].fd);
		bgp->listen[i].ev = NULL;
		bgp->listen[i].fd = -1;
	}
}

/*
 * bench_rr_peer.c -- the raw BGP speakers of bench/rr: one feeder and K
 * sinks, IBGP clients of the route reflector under test.
 *
 * Deliberately independent of evpnd's code (it measures evpnd against
 * other daemons, so it must not share evpnd's bugs): a minimal OPEN /
 * KEEPALIVE / UPDATE speaker over non-blocking sockets and one epoll
 * loop, 4096-byte messages, no capabilities beyond multiprotocol and
 * 4-octet AS.  The feeder's UPDATEs are precomputed and packed (800 IPv4
 * /32s or 100 EVPN type-2 routes each) and written in 256 KB chunks, so
 * the harness costs next to nothing.  Sinks decode only what they count.
 *
 *   bench_rr_peer feed -r RR -l ADDR -n N -f ipv4|evpn
 *   bench_rr_peer sink -r RR -l FIRST_ADDR -k K -n N -f ipv4|evpn
 *   bench_rr_peer feed ... -f evpn -m NH2     (bench/move: MOVE below)
 *   bench_rr_peer feed ... -f ipv4 -a ASN     (bench/edge: EBGP feeder)
 *
 * Route i (0 <= i < N) is the IPv4 /32 11.0.0.0+i, or the EVPN type-2
 * route with RD FEEDER:100, MAC 02:00:i (32 bits), IP 11.0.0.0+i, label
 * (VNI) 100, RT 65000:100 and the VXLAN encapsulation community.  Every
 * route carries MED 0; a "bump" re-sends route j % N with MED 1000+j.
 * With -a ASN other than 65000 the speaker is AS ASN and its IPv4 routes
 * are EBGP ones: AS_PATH ASN, no LOCAL_PREF (RFC 4271 5.1.5), next hop
 * the speaker's address.  Sinks also count EVPN type-5 IP prefix routes
 * (RFC 9136) for the IPv4 prefix 11.0.0.0+i/32 as route i (bench/edge:
 * a gateway's type-5 export).
 *
 * Both read commands on stdin and print events on stdout, one a line,
 * with CLOCK_MONOTONIC timestamps in nanoseconds (one clock for every
 * process on the machine, namespaces included):
 *   both:   "ESTABLISHED K" once every session is Established
 *   feed:   SEND -> "SENT T_FIRST_BYTE T_LAST_BYTE"
 *           BUMP j -> "BUMPED j T"
 *           MOVE first cnt seq (with -m NH2, EVPN) -> "MOVING T_FIRST_BYTE"
 *           then "MOVED T_LAST_BYTE": routes first .. first+cnt-1
 *           again, as another VTEP would: RD NH2:100, next hop NH2,
 *           MAC Mobility extended community (RFC 7432 7.7) sequence seq
 *   sink:   "DONE T_FIRST T_LAST" when every sink holds all N routes
 *           (T_FIRST: the first sink to get there, T_LAST: the last)
 *           "SEEN j T" when every sink has seen bump j (T: the last one)
 *           STATUS -> "STATUS MIN_ROUTES MAX_ROUTES NLRI_TOTAL BYTES"
 * A NOTIFICATION or a closed session is fatal: "ERROR ..." and exit 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define AS		65000
#define HOLD		180
#define MSG_MAX		4096
#define RX_CAP		(256 * 1024)
#define V4_PER		800
#define EVPN_PER	100
#define BUMPS_MAX	4096
#define PREFIX_BASE	0x0b000000u	/* 11.0.0.0 */

enum fam { FAM_IPV4, FAM_EVPN };
enum st { ST_CONNECT, ST_OPENSENT, ST_UP };

struct sess {
	int		 fd;
	enum st		 st;
	bool		 got_open, got_ka;
	uint32_t	 local;		/* host order */
	uint8_t		*rx;
	size_t		 rxlen;
	uint8_t		*tx;		/* pending bytes (feeder bulk) */
	size_t		 txlen, txoff;
	uint64_t	*bits;		/* sink: routes held */
	uint32_t	 count;
	bool		 done;
	uint8_t		*seen;		/* sink: bump j seen */
};

static enum fam	 fam;
static uint32_t	 rr_addr, n_routes;
static struct sess *sess;
static size_t	 n_sess;
static int	 ep;
static bool	 feeder;
static size_t	 n_up, n_done;
static uint64_t	 t_first_done, nlri_total, bytes_total;
static uint32_t	*seen_count;	/* bump j: sinks that saw it */
static uint32_t	 move_nh;	/* -m: the second next hop (MOVE) */
static uint32_t	 local_as = AS;	/* -a: EBGP when not AS */

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("ERROR ");
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
	exit(1);
}

static void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n, sz);

	if (p == NULL)
		die("out of memory");
	return p;
}

/* -- encoding ----------------------------------------------------------- */

static uint8_t *
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

static uint32_t
get16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* A message header at p; returns where the body goes. */
static uint8_t *
hdr(uint8_t *p, uint8_t type)
{
	memset(p, 0xff, 16);
	p[18] = type;
	return p + 19;
}

static size_t
finish(uint8_t *msg, const uint8_t *end)
{
	size_t len = (size_t)(end - msg);

	put16(msg + 16, (uint32_t)len);
	return len;
}

static size_t
build_open(uint8_t *msg, uint32_t id)
{
	uint8_t *p = hdr(msg, 1), *optlen;

	*p++ = 4;
	p = put16(p, local_as > 65535 ? 23456 : local_as);
	p = put16(p, HOLD);
	p = put32(p, id);
	optlen = p++;
	*p++ = 2;			/* capabilities */
	*p++ = 12;
	*p++ = 1;			/* multiprotocol */
	*p++ = 4;
	p = put16(p, fam == FAM_IPV4 ? 1 : 25);
	*p++ = 0;
	*p++ = fam == FAM_IPV4 ? 1 : 70;
	*p++ = 65;			/* 4-octet AS */
	*p++ = 4;
	p = put32(p, local_as);
	*optlen = (uint8_t)(p - optlen - 1);
	return finish(msg, p);
}

static size_t
build_keepalive(uint8_t *msg)
{
	return finish(msg, hdr(msg, 4));
}

/* End-of-RIB (RFC 4724 section 2). */
static size_t
build_eor(uint8_t *msg)
{
	uint8_t *p = hdr(msg, 2);

	p = put16(p, 0);
	if (fam == FAM_IPV4)
		return finish(msg, put16(p, 0));
	p = put16(p, 6);
	*p++ = 0x80;
	*p++ = 15;			/* MP_UNREACH_NLRI */
	*p++ = 3;
	p = put16(p, 25);
	*p++ = 70;
	return finish(msg, p);
}

static uint8_t *
attr(uint8_t *p, uint8_t flags, uint8_t type, uint32_t len)
{
	*p++ = flags;
	*p++ = type;
	if (flags & 0x10)
		return put16(p, len);
	*p++ = (uint8_t)len;
	return p;
}

static uint8_t *
common_attrs(uint8_t *p, uint32_t med)
{
	p = attr(p, 0x40, 1, 1);	/* ORIGIN IGP */
	*p++ = 0;
	if (local_as != AS) {
		p = attr(p, 0x40, 2, 6);	/* AS_PATH: SEQUENCE ASN */
		*p++ = 2;
		*p++ = 1;
		p = put32(p, local_as);
	} else
		p = attr(p, 0x40, 2, 0);	/* AS_PATH, empty: IBGP */
	p = attr(p, 0x80, 4, 4);	/* MED */
	p = put32(p, med);
	if (local_as != AS)
		return p;			/* EBGP: no LOCAL_PREF */
	p = attr(p, 0x40, 5, 4);	/* LOCAL_PREF */
	return put32(p, 100);
}

/*
 * An UPDATE with routes first .. first+cnt-1 (mod N), MED med; EVPN: RD
 * nh:100, and with mm > 0 the MAC Mobility community, sequence mm - 1.
 */
static size_t
build_update_mm(uint8_t *msg, uint32_t nh, uint32_t first, uint32_t cnt,
    uint32_t med, uint64_t mm)
{
	uint8_t *p = hdr(msg, 2), *alen, *astart, *mp;

	p = put16(p, 0);
	alen = p;
	p += 2;
	astart = p;
	p = common_attrs(p, med);
	if (fam == FAM_IPV4) {
		p = attr(p, 0x40, 3, 4);	/* NEXT_HOP */
		p = put32(p, nh);
		put16(alen, (uint32_t)(p - astart));
		for (uint32_t i = 0; i < cnt; i++) {
			*p++ = 32;
			p = put32(p, PREFIX_BASE + (first + i) % n_routes);
		}
		return finish(msg, p);
	}
	p = attr(p, 0xc0, 16, mm > 0 ? 24 : 16);	/* EXTENDED_COMMUNITIES */
	p = put32(p, 0x0002fde8);		/* RT 65000:100 */
	p = put32(p, 100);
	p = put32(p, 0x030c0000);		/* encapsulation VXLAN */
	p = put32(p, 8);
	if (mm > 0) {
		p = put32(p, 0x06000000);	/* MAC Mobility, flags 0 */
		p = put32(p, (uint32_t)(mm - 1));
	}
	p = attr(p, 0x90, 14, 0);		/* MP_REACH_NLRI */
	mp = p;
	p = put16(p, 25);
	*p++ = 70;
	*p++ = 4;
	p = put32(p, nh);
	*p++ = 0;
	for (uint32_t i = 0; i < cnt; i++) {
		uint32_t id = (first + i) % n_routes;

		*p++ = 2;			/* MAC/IP advertisement */
		*p++ = 37;
		p = put16(p, 1);		/* RD type 1: NH:100 */
		p = put32(p, nh);
		p = put16(p, 100);
		memset(p, 0, 14);		/* ESI, ethernet tag */
		p += 14;
		*p++ = 48;
		*p++ = 0x02;
		*p++ = 0;
		p = put32(p, id);
		*p++ = 32;
		p = put32(p, PREFIX_BASE + id);
		*p++ = 0;			/* label: VNI 100 */
		*p++ = 0;
		*p++ = 100;
	}
	put16(mp - 2, (uint32_t)(p - mp));
	put16(alen, (uint32_t)(p - astart));
	return finish(msg, p);
}

static size_t
build_update(uint8_t *msg, uint32_t nh, uint32_t first, uint32_t cnt,
    uint32_t med)
{
	return build_update_mm(msg, nh, first, cnt, med, 0);
}

/* -- decoding (sinks) --------------------------------------------------- */

static void
route_seen(struct sess *s, uint32_t id, uint32_t med, uint64_t t)
{
	nlri_total++;
	if (id >= n_routes)
		return;
	if (!(s->bits[id / 64] & (1ull << (id % 64)))) {
		s->bits[id / 64] |= 1ull << (id % 64);
		if (++s->count == n_routes && !s->done) {
			s->done = true;
			if (n_done++ == 0)
				t_first_done = t;
			if (n_done == n_sess) {
				printf("DONE %llu %llu\n",
				    (unsigned long long)t_first_done,
				    (unsigned long long)t);
				fflush(stdout);
			}
		}
	}
	if (med >= 1000 && med - 1000 < BUMPS_MAX && !s->seen[med - 1000]) {
		uint32_t j = med - 1000;

		s->seen[j] = 1;
		if (++seen_count[j] == n_sess) {
			printf("SEEN %u %llu\n", j, (unsigned long long)t);
			fflush(stdout);
		}
	}
}

static void
evpn_nlri(struct sess *s, const uint8_t *p, size_t len, uint32_t med,
    uint64_t t)
{
	while (len >= 2) {
		size_t rl = p[1];

		if (rl + 2 > len)
			die("bad EVPN NLRI length");
		/* type 2: RD 8, ESI 10, etag 4, maclen 1, MAC 6 */
		if (p[0] == 2 && rl >= 29)
			route_seen(s, get32(p + 2 + 25), med, t);
		/* type 5, IPv4: RD 8, ESI 10, etag 4, plen 1, IP 4, GW, label */
		if (p[0] == 5 && rl == 34 && p[2 + 22] == 32)
			route_seen(s, get32(p + 2 + 23) - PREFIX_BASE, med, t);
		p += rl + 2;
		len -= rl + 2;
	}
}

static void
rx_update(struct sess *s, const uint8_t *p, size_t len, uint64_t t)
{
	size_t wl, al;
	const uint8_t *a, *mp = NULL;
	size_t mplen = 0;
	uint32_t med = 0;

	if (len < 4 || (wl = get16(p)) + 4 > len ||
	    (al = get16(p + 2 + wl)) + 4 + wl > len)
		die("bad UPDATE");
	a = p + 4 + wl;
	for (size_t off = 0; off + 3 <= al;) {
		uint8_t fl = a[off], ty = a[off + 1];
		size_t hl = fl & 0x10 ? 4 : 3, vl;

		if (off + hl > al)
			die("bad attribute");
		vl = fl & 0x10 ? get16(a + off + 2) : a[off + 2];
		if (off + hl + vl > al)
			die("bad attribute length");
		if (ty == 4 && vl == 4)
			med = get32(a + off + hl);
		else if (ty == 14) {
			mp = a + off + hl;
			mplen = vl;
		}
		off += hl + vl;
	}
	if (mp != NULL && mplen >= 5) {
		size_t nhl = mp[3];

		if (5 + nhl <= mplen && get16(mp) == 25 && mp[2] == 70)
			evpn_nlri(s, mp + 5 + nhl, mplen - 5 - nhl, med, t);
	}
	p += 4 + wl + al;
	len -= 4 + wl + al;
	while (len > 0) {
		size_t pl = p[0], bytes = (pl + 7) / 8;
		uint32_t v = 0;

		if (pl > 32 || 1 + bytes > len)
			die("bad NLRI");
		for (size_t i = 0; i < 4; i++)
			v = v << 8 | (i < bytes ? p[1 + i] : 0);
		if (pl == 32)
			route_seen(s, v - PREFIX_BASE, med, t);
		p += 1 + bytes;
		len -= 1 + bytes;
	}
}

/* -- sessions ----------------------------------------------------------- */

static void
send_all(struct sess *s, const uint8_t *buf, size_t len)
{
	/* Small control messages: a short write would be a bug here. */
	while (len > 0) {
		ssize_t w = write(s->fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			usleep(100);
			continue;
		}
		if (w <= 0)
			die("write: %s", strerror(errno));
		buf += w;
		len -= (size_t)w;
	}
}

static void
sess_connect(struct sess *s)
{
	struct sockaddr_in la = { .sin_family = AF_INET }, ra = la;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT };
	int one = 1, fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	la.sin_addr.s_addr = htonl(s->local);
	ra.sin_addr.s_addr = htonl(rr_addr);
	ra.sin_port = htons(179);
	if (bind(fd, (struct sockaddr *)&la, sizeof(la)) < 0)
		die("bind: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&ra, sizeof(ra)) < 0 &&
	    errno != EINPROGRESS)
		die("connect: %s", strerror(errno));
	s->fd = fd;
	s->st = ST_CONNECT;
	s->got_open = s->got_ka = false;
	s->rxlen = 0;
	ev.data.ptr = s;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		die("epoll_ctl: %s", strerror(errno));
}

/* The RR is not listening yet: try again later. */
static void
sess_retry(struct sess *s)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, s->fd, NULL);
	close(s->fd);
	s->fd = -1;
}

static void
sess_connected(struct sess *s)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = s };
	uint8_t msg[MSG_MAX];
	int err = 0;
	socklen_t el = sizeof(err);

	getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &el);
	if (err != 0) {
		sess_retry(s);
		return;
	}
	epoll_ctl(ep, EPOLL_CTL_MOD, s->fd, &ev);
	send_all(s, msg, build_open(msg, s->local));
	s->st = ST_OPENSENT;
}

static void
sess_up(struct sess *s)
{
	uint8_t msg[MSG_MAX];

	s->st = ST_UP;
	send_all(s, msg, build_eor(msg));
	if (++n_up == n_sess) {
		printf("ESTABLISHED %zu\n", n_sess);
		fflush(stdout);
	}
}

static void
rx_msg(struct sess *s, const uint8_t *m, size_t len, uint64_t t)
{
	uint8_t out[MSG_MAX];

	switch (m[18]) {
	case 1:
		s->got_open = true;
		send_all(s, out, build_keepalive(out));
		break;
	case 2:
		if (s->st != ST_UP)
			die("UPDATE before Established");
		if (!feeder)
			rx_update(s, m + 19, len - 19, t);
		break;
	case 3:
		die("NOTIFICATION %u/%u from the RR to %08x", m[19],
		    len > 20 ? m[20] : 0, s->local);
	case 4:
		s->got_ka = true;
		break;
	default:
		break;
	}
	if (s->st == ST_OPENSENT && s->got_open && s->got_ka)
		sess_up(s);
}

static void
sess_read(struct sess *s)
{
	uint64_t t;
	ssize_t r;
	size_t off = 0;

	r = read(s->fd, s->rx + s->rxlen, RX_CAP - s->rxlen);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r < 0 && errno == ECONNREFUSED && s->st == ST_CONNECT) {
		sess_retry(s);
		return;
	}
	if (r <= 0)
		die("session %08x closed: %s", s->local,
		    r == 0 ? "EOF" : strerror(errno));
	t = now_ns();
	bytes_total += (uint64_t)r;
	s->rxlen += (size_t)r;
	while (s->rxlen - off >= 19) {
		size_t len = get16(s->rx + off + 16);

		if (len < 19 || len > 65535)
			die("bad message length %zu", len);
		if (s->rxlen - off < len)
			break;
		rx_msg(s, s->rx + off, len, t);
		off += len;
	}
	memmove(s->rx, s->rx + off, s->rxlen - off);
	s->rxlen -= off;
}

/* Feeder: push pending bulk bytes; EPOLLOUT while any are left. */
static void
sess_flush(struct sess *s)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = s };

	while (s->txoff < s->txlen) {
		size_t chunk = s->txlen - s->txoff;
		ssize_t w;

		if (chunk > 256 * 1024)
			chunk = 256 * 1024;
		w = write(s->fd, s->tx + s->txoff, chunk);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN)
			break;
		if (w <= 0)
			die("write: %s", strerror(errno));
		s->txoff += (size_t)w;
	}
	if (s->txoff < s->txlen)
		ev.events |= EPOLLOUT;
	epoll_ctl(ep, EPOLL_CTL_MOD, s->fd, &ev);
}

/* -- commands ----------------------------------------------------------- */

static uint8_t	*bulk, *mbulk;
static size_t	 bulk_len;
static bool	 sending, moving;

static void
check_sent(const struct sess *s)
{
	if (sending && s->txoff == s->txlen) {
		sending = false;
		printf("%s %llu\n", moving ? "MOVED" : "SENT",
		    (unsigned long long)now_ns());
		moving = false;
		fflush(stdout);
	}
}

/* MOVE: the routes again from move_nh, precomputed before the clock. */
static void
move(struct sess *s, uint32_t first, uint32_t cnt, uint32_t seq)
{
	size_t len = 0;
	uint64_t t0;

	if (sending || move_nh == 0 || fam != FAM_EVPN)
		die("MOVE needs -m, -f evpn and no send in progress");
	free(mbulk);
	mbulk = xcalloc((cnt + EVPN_PER - 1) / EVPN_PER + 1, MSG_MAX);
	for (uint32_t i = 0; i < cnt; i += EVPN_PER) {
		uint32_t c = cnt - i < EVPN_PER ? cnt - i : EVPN_PER;

		len += build_update_mm(mbulk + len, move_nh, first + i, c, 0,
		    (uint64_t)seq + 1);
	}
	s->tx = mbulk;
	s->txlen = len;
	s->txoff = 0;
	sending = moving = true;
	t0 = now_ns();
	printf("MOVING %llu\n", (unsigned long long)t0);
	sess_flush(s);
	check_sent(s);
}

static void
build_bulk(uint32_t nh)
{
	uint32_t per = fam == FAM_IPV4 ? V4_PER : EVPN_PER;
	size_t nmsg = (n_routes + per - 1) / per;

	bulk = xcalloc(nmsg, MSG_MAX);
	for (uint32_t first = 0; first < n_routes; first += per) {
		uint32_t cnt = n_routes - first < per ? n_routes - first : per;

		bulk_len += build_update(bulk + bulk_len, nh, first, cnt, 0);
	}
}

static void
command(char *line)
{
	struct sess *s = &sess[0];
	unsigned j, mf, mc, ms;

	if (strncmp(line, "SEND", 4) == 0 && feeder) {
		uint64_t t0 = now_ns();

		s->tx = bulk;
		s->txlen = bulk_len;
		s->txoff = 0;
		sending = true;
		printf("START %llu\n", (unsigned long long)t0);
		sess_flush(s);
		check_sent(s);
	} else if (sscanf(line, "BUMP %u", &j) == 1 && feeder) {
		uint8_t msg[MSG_MAX];
		size_t len = build_update(msg, s->local, j, 1, 1000 + j);
		uint64_t t = now_ns();

		send_all(s, msg, len);
		printf("BUMPED %u %llu\n", j, (unsigned long long)t);
	} else if (sscanf(line, "MOVE %u %u %u", &mf, &mc, &ms) == 3 &&
	    feeder) {
		move(s, mf, mc, ms);
	} else if (strncmp(line, "STATUS", 6) == 0) {
		uint32_t mn = UINT32_MAX, mx = 0;

		for (size_t i = 0; i < n_sess; i++) {
			if (sess[i].count < mn)
				mn = sess[i].count;
			if (sess[i].count > mx)
				mx = sess[i].count;
		}
		printf("STATUS %u %u %llu %llu\n", mn, mx,
		    (unsigned long long)nlri_total,
		    (unsigned long long)bytes_total);
	} else if (strncmp(line, "QUIT", 4) == 0)
		exit(0);
	fflush(stdout);
}

static void
stdin_read(void)
{
	static char buf[4096];
	static size_t len;
	ssize_t r = read(0, buf + len, sizeof(buf) - 1 - len);
	char *nl;

	if (r <= 0)
		exit(0);		/* the driver went away */
	len += (size_t)r;
	buf[len] = '\0';
	while ((nl = strchr(buf, '\n')) != NULL) {
		*nl = '\0';
		command(buf);
		len -= (size_t)(nl + 1 - buf);
		memmove(buf, nl + 1, len + 1);
	}
}

/* -- main --------------------------------------------------------------- */

static uint32_t
addr(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		die("bad address %s", s);
	return ntohl(a.s_addr);
}

static void
loop(void)
{
	struct epoll_event evs[256], sev = { .events = EPOLLIN };
	uint64_t last_ka = now_ns(), last_retry = 0;
	uint8_t ka[19];

	build_keepalive(ka);
	epoll_ctl(ep, EPOLL_CTL_ADD, 0, &sev);	/* data.ptr NULL: stdin */
	for (;;) {
		int n = epoll_wait(ep, evs, 256, 200);
		uint64_t t;

		for (int i = 0; i < n; i++) {
			struct sess *s = evs[i].data.ptr;

			if (s == NULL) {
				stdin_read();
				continue;
			}
			if (s->st == ST_CONNECT) {
				sess_connected(s);
				continue;
			}
			if (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
				sess_read(s);
			if (s->fd >= 0 && evs[i].events & EPOLLOUT) {
				sess_flush(s);
				check_sent(s);
			}
		}
		t = now_ns();
		if (t - last_retry > 500000000u) {
			last_retry = t;
			for (size_t i = 0; i < n_sess; i++)
				if (sess[i].fd < 0)
					sess_connect(&sess[i]);
		}
		/* Keepalives every 5 s, queued behind any bulk bytes. */
		if (t - last_ka > 5000000000u) {
			last_ka = t;
			for (size_t i = 0; i < n_sess; i++)
				if (sess[i].st == ST_UP &&
				    sess[i].txoff == sess[i].txlen)
					send_all(&sess[i], ka, sizeof(ka));
		}
	}
}

int
main(int argc, char **argv)
{
	uint32_t local = 0;
	size_t k = 1;
	int c;

	if (argc < 2 || (strcmp(argv[1], "feed") && strcmp(argv[1], "sink")))
		die("usage: bench_rr_peer feed|sink -r RR -l ADDR [-k K] "
		    "-n N -f ipv4|evpn");
	feeder = strcmp(argv[1], "feed") == 0;
	optind = 2;
	while ((c = getopt(argc, argv, "r:l:k:n:f:m:a:")) != -1) {
		switch (c) {
		case 'r':
			rr_addr = addr(optarg);
			break;
		case 'l':
			local = addr(optarg);
			break;
		case 'k':
			k = strtoul(optarg, NULL, 10);
			break;
		case 'n':
			n_routes = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'm':
			move_nh = addr(optarg);
			break;
		case 'a':
			local_as = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'f':
			fam = strcmp(optarg, "evpn") == 0 ? FAM_EVPN : FAM_IPV4;
			break;
		default:
			die("bad option");
		}
	}
	if (feeder)
		k = 1;
	if (rr_addr == 0 || local == 0 || n_routes == 0 || k == 0)
		die("-r, -l, -n are required");
	ep = epoll_create1(EPOLL_CLOEXEC);
	n_sess = k;
	sess = xcalloc(k, sizeof(*sess));
	seen_count = xcalloc(BUMPS_MAX, sizeof(*seen_count));
	for (size_t i = 0; i < k; i++) {
		sess[i].local = local + (uint32_t)i;
		sess[i].rx = xcalloc(1, RX_CAP);
		sess[i].fd = -1;
		if (!feeder) {
			sess[i].bits = xcalloc((n_routes + 63) / 64, 8);
			sess[i].seen = xcalloc(BUMPS_MAX, 1);
		}
	}
	if (feeder)
		build_bulk(local);
	loop();
}

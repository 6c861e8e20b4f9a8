/*
 * bench_parse.c -- codec throughput: UPDATE parse with full RFC 7606
 * checking plus attribute interning, on one core, for packed EVPN type-2
 * UPDATEs (100 MAC/IP routes each) and IPv4 /32 UPDATEs (100 each), and
 * for the same with one route per UPDATE (GoBGP's and ExaBGP's habit).
 *
 * For scale, the same messages also go through a plain C parser measured
 * in the same run: it walks the same fields into the same structs but
 * checks nothing beyond the bounds it must (what the issue calls "a plain
 * C parser", ~20 M EVPN routes/s on this class of machine).  The ratio
 * is the price of validation and interning.
 *
 * usage: bench_parse [-n MESSAGES] [-p ROUTES_PER_UPDATE] [-r RUNS]
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bgp_intern.h"
#include "bgp_update.h"
#include "evpn_nlri.h"
#include "log.h"

#define ROUTES_MAX	100	/* per UPDATE; fits 4096 bytes */
#define MSG_CAP		4096

struct corpus {
	size_t	 n;
	uint32_t per;		/* routes per UPDATE */
	uint8_t	*buf;		/* n * MSG_CAP */
	size_t	*len;
};

static int
put_attr(struct wire_wr *wr, uint8_t flags, uint8_t type, const void *v,
    size_t n)
{
	if (n > 255)
		flags |= BGP_ATTR_F_EXTLEN;
	if (wire_wr_u8(wr, flags) == -1 || wire_wr_u8(wr, type) == -1)
		return -1;
	if (flags & BGP_ATTR_F_EXTLEN) {
		if (wire_wr_u16(wr, (uint16_t)n) == -1)
			return -1;
	} else if (wire_wr_u8(wr, (uint8_t)n) == -1)
		return -1;
	return wire_wr_bytes(wr, v, n);
}

/* EVPN type-2 MAC+IPv4 routes, VNI 100, RD 10.0.0.1:2, MP_REACH. */
static size_t
build_evpn(uint8_t *out, uint32_t first, uint32_t per)
{
	uint8_t nlri[ROUTES_MAX * 39 + 9];
	struct wire_wr wr, w;
	size_t off, alen_off, body_start;
	static const uint8_t ecomms[] = {
		0x00, 0x02, 0xfd, 0xe8, 0x00, 0x00, 0x00, 0x64,	/* RT */
		0x03, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08,	/* VXLAN */
	};
	static const uint8_t lp[] = { 0, 0, 0, 100 }, origin = 0;

	wire_wr_init(&w, nlri, sizeof(nlri));
	if (wire_wr_u16(&w, BGP_AFI_L2VPN) || wire_wr_u8(&w, BGP_SAFI_EVPN) ||
	    wire_wr_u8(&w, 4) || wire_wr_u32(&w, 0x0a000001) ||
	    wire_wr_u8(&w, 0))
		fatalx("nlri");
	for (uint32_t i = 0; i < per; i++) {
		uint32_t id = first + i;
		uint8_t r[39] = { 2, 37, 0, 1, 10, 0, 0, 1, 0, 2 };

		/* ESI 10 + etag 4 zero */
		r[24] = 48;
		r[25] = 0x02; r[26] = 0; r[27] = (uint8_t)(id >> 24);
		r[28] = (uint8_t)(id >> 16); r[29] = (uint8_t)(id >> 8);
		r[30] = (uint8_t)id;
		r[31] = 32;
		r[32] = 10; r[33] = (uint8_t)(id >> 16);
		r[34] = (uint8_t)(id >> 8); r[35] = (uint8_t)id;
		if (wire_wr_bytes(&w, r, 36) || wire_wr_u24(&w, 100))
			fatalx("route");
	}
	wire_wr_init(&wr, out, MSG_CAP);
	if (bgp_msg_begin(&wr, BGP_MSG_UPDATE, &off) || wire_wr_u16(&wr, 0) ||
	    wire_wr_reserve(&wr, 2, &alen_off))
		fatalx("hdr");
	body_start = wire_wr_len(&wr);
	if (put_attr(&wr, 0x90, BGP_ATTR_MP_REACH_NLRI, nlri, wire_wr_len(&w)) ||
	    put_attr(&wr, 0x40, BGP_ATTR_ORIGIN, &origin, 1) ||
	    put_attr(&wr, 0x50, BGP_ATTR_AS_PATH, NULL, 0) ||
	    put_attr(&wr, 0x40, BGP_ATTR_LOCAL_PREF, lp, 4) ||
	    put_attr(&wr, 0xc0, BGP_ATTR_EXT_COMMUNITIES, ecomms,
	    sizeof(ecomms)) ||
	    wire_wr_patch_u16(&wr, alen_off,
	    (uint16_t)wire_wr_since(&wr, body_start)) ||
	    bgp_msg_finish(&wr, off))
		fatalx("attrs");
	return wire_wr_len(&wr);
}

/* IPv4 /32s with ORIGIN, AS_PATH 65001, NEXT_HOP, MED (an EBGP feed). */
static size_t
build_ipv4(uint8_t *out, uint32_t first, uint32_t per)
{
	static const uint8_t aspath[] = { 2, 1, 0, 0, 0xfd, 0xe9 };
	static const uint8_t nh[] = { 192, 0, 2, 1 }, med[] = { 0, 0, 0, 10 };
	static const uint8_t origin = 0;
	struct wire_wr wr;
	size_t off, alen_off, start;

	wire_wr_init(&wr, out, MSG_CAP);
	if (bgp_msg_begin(&wr, BGP_MSG_UPDATE, &off) || wire_wr_u16(&wr, 0) ||
	    wire_wr_reserve(&wr, 2, &alen_off))
		fatalx("hdr");
	start = wire_wr_len(&wr);
	if (put_attr(&wr, 0x40, BGP_ATTR_ORIGIN, &origin, 1) ||
	    put_attr(&wr, 0x40, BGP_ATTR_AS_PATH, aspath, sizeof(aspath)) ||
	    put_attr(&wr, 0x40, BGP_ATTR_NEXT_HOP, nh, 4) ||
	    put_attr(&wr, 0x80, BGP_ATTR_MED, med, 4) ||
	    wire_wr_patch_u16(&wr, alen_off, (uint16_t)wire_wr_since(&wr,
	    start)))
		fatalx("attrs");
	for (uint32_t i = 0; i < per; i++)
		if (wire_wr_u8(&wr, 32) ||
		    wire_wr_u32(&wr, 0x0b000000u + first + i))
			fatalx("nlri");
	if (bgp_msg_finish(&wr, off))
		fatalx("finish");
	return wire_wr_len(&wr);
}

static void
corpus_build(struct corpus *c, size_t n, uint32_t per,
    size_t (*build)(uint8_t *, uint32_t, uint32_t))
{
	c->n = n;
	c->per = per;
	c->buf = xmalloc(n * MSG_CAP);
	c->len = xmalloc(n * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		c->len[i] = build(c->buf + i * MSG_CAP, (uint32_t)(i * per),
		    per);
}

static void
corpus_free(struct corpus *c)
{
	free(c->buf);
	free(c->len);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct ctx {
	struct bgp_codec	 codec;
	struct bgp_peer_caps	 caps;
	struct bgp_arena	 arena;
	struct bgp_intern	*in;
	struct bgp_update	 u;
	struct bgp_path_attrs	**held;
};

/* Frame, parse, intern: what a session does per received UPDATE. */
static size_t
run_evpnd(struct ctx *x, const struct corpus *c)
{
	size_t routes = 0;

	for (size_t i = 0; i < c->n; i++) {
		struct wire_rd rd;
		struct bgp_hdr h;
		struct bgp_err err;

		wire_rd_init(&rd, c->buf + i * MSG_CAP, c->len[i]);
		bgp_err_init(&err);
		if (bgp_msg_frame(&rd, BGP_MSG_MAX, &h, &err) != 1)
			fatalx("frame");
		bgp_arena_reset(&x->arena);
		if (bgp_update_parse(&x->codec, &x->caps, &h.body, &x->arena,
		    &x->u, &err) != BGP_ACT_NONE)
			fatalx("parse: %s", err.reason);
		x->held[i] = bgp_attrs_intern(x->in, &x->u.attrs);
		routes += x->u.nlri.n + x->u.attrs.mp_reach.routes.n;
	}
	for (size_t i = 0; i < c->n; i++)
		bgp_path_attrs_unref(x->in, x->held[i]);
	return routes;
}

/* The baseline: the same walk with no checks beyond the bounds. */
static size_t
plain_nlri(const uint8_t *p, size_t n, struct evpn_route *out)
{
	size_t k = 0;

	for (size_t off = 0; off + 2 <= n;) {
		const uint8_t *r = p + off + 2;
		struct evpn_route *e = &out[k++];

		memcpy(e->rd.b, r, 8);
		memcpy(e->esi.b, r + 8, 10);
		e->etag = (uint32_t)r[18] << 24 | (uint32_t)r[19] << 16 |
		    (uint32_t)r[20] << 8 | r[21];
		memcpy(e->mac.b, r + 23, 6);
		e->ip.af = IP_AF_V4;
		memcpy(e->ip.a, r + 30, 4);
		e->label[0] = (uint32_t)r[34] << 16 | (uint32_t)r[35] << 8 |
		    r[36];
		off += 2 + p[off + 1];
	}
	return k;
}

static size_t
plain_ipv4(const uint8_t *p, size_t n, struct bgp_prefix_route *out)
{
	size_t k = 0;

	for (size_t off = 0; off < n;) {
		uint8_t plen = p[off];
		size_t bytes = (plen + 7u) / 8;

		out[k].pfx.len = plen;
		out[k].pfx.addr.af = IP_AF_V4;
		memset(out[k].pfx.addr.a, 0, 4);
		memcpy(out[k].pfx.addr.a, p + off + 1, bytes);
		k++;
		off += 1 + bytes;
	}
	return k;
}

static size_t
run_plain(struct ctx *x, const struct corpus *c)
{
	size_t routes = 0;
	struct evpn_route *ev = (struct evpn_route *)x->arena.base;

	for (size_t i = 0; i < c->n; i++) {
		const uint8_t *m = c->buf + i * MSG_CAP, *b = m + 19;
		size_t len = (size_t)m[16] << 8 | m[17];
		size_t wl = (size_t)b[0] << 8 | b[1];
		size_t al = (size_t)b[2 + wl] << 8 | b[3 + wl];
		const uint8_t *a = b + 4 + wl, *end = a + al;

		while (a + 3 <= end) {
			bool ext = a[0] & BGP_ATTR_F_EXTLEN;
			size_t l = ext ? ((size_t)a[2] << 8 | a[3]) : a[2];
			const uint8_t *v = a + (ext ? 4 : 3);

			if (a[1] == BGP_ATTR_MP_REACH_NLRI)
				routes += plain_nlri(v + 5 + v[3],
				    l - 5 - v[3], ev);
			a = v + l;
		}
		routes += plain_ipv4(end, len - 19 - (size_t)(end - b),
		    (struct bgp_prefix_route *)x->arena.base);
	}
	return routes;
}

static double
best_of(int runs, struct ctx *x, const struct corpus *c,
    size_t (*fn)(struct ctx *, const struct corpus *), size_t *routes)
{
	double best = 1e9;

	for (int r = 0; r < runs; r++) {
		double t0 = now();

		double dt;

		*routes = fn(x, c);
		dt = now() - t0;
		if (dt < best)
			best = dt;
	}
	return best;
}

static void
report(const char *name, int runs, struct ctx *x, const struct corpus *c)
{
	size_t r1 = 0, r2 = 0;
	double t1 = best_of(runs, x, c, run_evpnd, &r1);
	double t2 = best_of(runs, x, c, run_plain, &r2);

	if (r1 != r2 || r1 != c->n * c->per)
		fatalx("route counts differ: %zu %zu", r1, r2);
	printf("%-18s x%-3u evpnd %6.2f M routes/s (%5.1f ns/route)   "
	    "plain C %6.2f M routes/s (%5.1f ns/route)   evpnd/plain %.2f\n",
	    name, c->per, r1 / t1 / 1e6, t1 * 1e9 / r1, r2 / t2 / 1e6, t2 * 1e9 / r2,
	    t2 / t1);
}

int
main(int argc, char **argv)
{
	struct ctx *x = xcalloc(1, sizeof(*x));
	struct corpus evpn, v4;
	size_t n = 2000;
	int runs = 7, c;
	/* Packed, as FRR sends; one per UPDATE, as GoBGP and ExaBGP do. */
	uint32_t pers[] = { ROUTES_MAX, 1 };
	size_t npers = 2;
	cpu_set_t one;

	while ((c = getopt(argc, argv, "n:p:r:")) != -1) {
		if (c == 'p') {
			pers[0] = (uint32_t)strtoul(optarg, NULL, 10);
			npers = 1;
			if (pers[0] < 1 || pers[0] > ROUTES_MAX) {
				fprintf(stderr, "-p: 1..%d\n", ROUTES_MAX);
				return 1;
			}
		} else if (c == 'n')
			n = (size_t)strtoul(optarg, NULL, 10);
		else if (c == 'r')
			runs = atoi(optarg);
		else {
			fprintf(stderr, "usage: bench_parse [-n MSGS] [-p ROUTES] [-r RUNS]\n");
			return 1;
		}
	}
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	(void)sched_setaffinity(0, sizeof(one), &one);
	bgp_codec_init(&x->codec);
	if (evpn_codec_register(&x->codec) == -1)
		fatalx("evpn register");
	x->caps.as4 = true;
	bgp_arena_init(&x->arena, BGP_ARENA_SIZE);
	x->in = bgp_intern_new();
	x->held = xcalloc(n, sizeof(*x->held));
	printf("codec parse: %zu UPDATEs of xN routes, best of %d runs, "
	    "one core; evpnd = frame + RFC 7606 parse + intern\n", n, runs);
	for (size_t k = 0; k < npers; k++) {
		corpus_build(&evpn, n, pers[k], build_evpn);
		corpus_build(&v4, n, pers[k], build_ipv4);
		x->caps.kind = BGP_PEER_IBGP;
		report("EVPN type-2 MAC/IP", runs, x, &evpn);
		x->caps.kind = BGP_PEER_EBGP;
		report("IPv4 unicast /32", runs, x, &v4);
		corpus_free(&evpn);
		corpus_free(&v4);
	}
	if (bgp_intern_free(x->in) != 0)
		fatalx("interned objects leaked");
	bgp_arena_free(&x->arena);
	free(x->held);
	free(x);
	return 0;
}

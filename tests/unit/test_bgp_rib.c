/*
 * test_bgp_rib.c -- the route layer (bgp_rib.c, bgp_decide.c,
 * bgp_export.c, bgp_adjout.c) on a hand-built struct bgp with fake
 * Established peers.  Link seam: the session functions the route layer
 * calls (bgp_peer_queue, bgp_peer_queued, bgp_peer_max_prefix,
 * bgp_peer_refresh, bgp_log_peer) are defined here, so bgp_session.o and
 * bgp_fsm.o are never pulled in; what a peer is sent is captured and
 * parsed back with bgp_update_parse().
 */
#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "bgp_intern.h"
#include "../../bgpd/bgp_local.h"
#include "bgp_proto.h"
#include "../../bgpd/bgp_rib_local.h"
#include "check_main.h"
#include "update_test.h"

/* ---- link seam ---- */

#define NCAPT	16

struct capture {
	const struct bgp_peer	*peer;
	uint8_t			*buf;
	size_t			 len, cap;
	size_t			 nchunks;
	const struct bgp_obuf	*last;		/* identity only */
};

static struct capture capt[NCAPT];
static size_t queued_bytes;
static int max_prefix_hits;

static struct capture *
capt_of(const struct bgp_peer *p)
{
	for (size_t i = 0; i < NCAPT; i++)
		if (capt[i].peer == p)
			return &capt[i];
	for (size_t i = 0; i < NCAPT; i++)
		if (capt[i].peer == NULL) {
			capt[i].peer = p;
			return &capt[i];
		}
	ck_abort_msg("too many peers");
	return NULL;
}

void
bgp_peer_queue(struct bgp_peer *p, struct bgp_obuf *ob)
{
	struct capture *c = capt_of(p);

	ck_assert_int_eq(p->state, BGP_ST_ESTABLISHED);
	if (c->len + ob->len > c->cap) {
		c->cap = (c->len + ob->len) * 2;
		c->buf = realloc(c->buf, c->cap);
		ck_assert_ptr_nonnull(c->buf);
	}
	memcpy(c->buf + c->len, ob->data, ob->len);
	c->len += ob->len;
	c->nchunks++;
	c->last = ob;
	/* a session keeps a reference until written: take and drop one */
	bgp_obuf_unref(bgp_obuf_ref(ob));
	ck_assert_uint_ge(ob->refcnt, 1);
}

size_t
bgp_peer_queued(const struct bgp_peer *p)
{
	(void)p;
	return queued_bytes;
}

void
bgp_peer_max_prefix(struct bgp_peer *p, enum bgp_fam f)
{
	(void)p;
	(void)f;
	max_prefix_hits++;
}

void
bgp_peer_refresh(struct bgp_peer *p, enum bgp_fam f)
{
	(void)p;
	(void)f;
}

void
bgp_log_peer(const struct bgp_peer *p, enum log_level l, const char *fmt, ...)
{
	(void)p;
	(void)l;
	(void)fmt;
}

/* ---- fixture ---- */

#define NPEERS	12
#define OUR_AS	65000
#define OUR_ID	0x01010101u	/* 1.1.1.1, also the cluster id */

static struct {
	struct event_base	*base;
	struct log_ctx		 log;
	struct bgp		 bgp;
	struct bgp_conf		 conf;
	struct bgp_conf_inst	 inst;
	struct bgp_conf_peer	 pconf[NPEERS];
	struct bgp_peer		*peers[NPEERS];
	struct ip_prefix	 nets[4];
	struct bgp_conf_rmap	 rmaps[2];	/* IN, OUT: permit all */
	struct bgp_conf_rmap_entry permit_all;
} fx;

static void
run(void)
{
	for (int i = 0; i < 100000; i++)
		if (event_base_loop(fx.base, EVLOOP_NONBLOCK) != 0)
			return;
	ck_abort_msg("event loop does not settle");
}

static void
fx_setup(void)
{
	memset(&fx, 0, sizeof(fx));
	memset(capt, 0, sizeof(capt));
	queued_bytes = 0;
	max_prefix_hits = 0;
	setup();	/* codec with EVPN, arena */
	fx.base = event_base_new();
	ck_assert_ptr_nonnull(fx.base);
	ck_assert_int_eq(event_base_priority_init(fx.base, 3), 0);
	log_ctx_init(&fx.log);
	fx.log.level = LOG_LVL_ERROR;
	fx.conf.ninst = 1;
	fx.conf.inst = &fx.inst;
	fx.permit_all.seq = 10;
	fx.permit_all.permit = true;
	snprintf(fx.rmaps[0].name, sizeof(fx.rmaps[0].name), "IN");
	snprintf(fx.rmaps[1].name, sizeof(fx.rmaps[1].name), "OUT");
	fx.rmaps[0].n = fx.rmaps[1].n = 1;
	fx.rmaps[0].e = fx.rmaps[1].e = &fx.permit_all;
	fx.conf.nrmaps = 2;
	fx.conf.rmaps = fx.rmaps;
	snprintf(fx.inst.vrf, sizeof(fx.inst.vrf), "default");
	fx.inst.asn = OUR_AS;
	fx.inst.router_id = OUR_ID;
	fx.bgp.base = fx.base;
	fx.bgp.log = &fx.log;
	fx.bgp.codec = &codec;
	fx.bgp.conf = &fx.conf;
	fx.bgp.inst = &fx.inst;
	snprintf(fx.bgp.vrf, sizeof(fx.bgp.vrf), "default");
	fx.bgp.asn = OUR_AS;
	fx.bgp.router_id = OUR_ID;
	fx.bgp.cluster_id = OUR_ID;
	fx.bgp.intern = bgp_intern_new();
	TAILQ_INIT(&fx.bgp.peers);
	bgp_rib_init(&fx.bgp);
}

static void
fx_teardown(void)
{
	for (size_t i = 0; i < NPEERS; i++)
		if (fx.peers[i] != NULL) {
			bgp_rib_peer_down(fx.peers[i]);
			free(fx.peers[i]);
		}
	run();
	bgp_rib_free(&fx.bgp);
	/* Every reference the route layer took was given back. */
	ck_assert_uint_eq(bgp_intern_free(fx.bgp.intern), 0);
	event_base_free(fx.base);
	for (size_t i = 0; i < NCAPT; i++)
		free(capt[i].buf);
}

struct peer_def {
	const char	*addr;
	uint32_t	 as;
	uint32_t	 id;
	bool		 client;
	bool		 as2;		/* 2-octet AS only */
	bool		 ext_msg;
};

static struct bgp_peer *
peer_add(int i, struct peer_def d)
{
	struct bgp_conf_peer *c = &fx.pconf[i];
	struct bgp_peer *p = calloc(1, sizeof(*p));

	ck_assert_ptr_nonnull(p);
	snprintf(c->name, sizeof(c->name), "%s", d.addr);
	ck_assert_int_eq(ip_parse(d.addr, &c->addr), 0);
	c->remote_as_kind = BGP_CONF_AS_NUMBER;
	c->remote_as = d.as;
	for (int f = 0; f < BGP_FAM_COUNT; f++) {
		c->af[f].activate = true;
		c->af[f].rr_client = d.client;
		p->fam[f].active = true;
	}
	p->bgp = &fx.bgp;
	p->conf = c;
	p->addr = c->addr;
	snprintf(p->name, sizeof(p->name), "%s", d.addr);
	p->state = BGP_ST_ESTABLISHED;
	p->remote_as = d.as;
	p->remote_id = d.id;
	p->ebgp = d.as != OUR_AS;
	p->caps_rx.as4 = !d.as2;
	p->caps_rx.ext_msg = d.ext_msg;
	p->caps_rx.kind = p->ebgp ? BGP_PEER_EBGP : BGP_PEER_IBGP;
	p->caps_tx = p->caps_rx;
	ck_assert_int_eq(ip_parse("192.0.2.1", &p->local), 0);
	ck_assert_int_eq(ip_parse("2001:db8::fe", &p->local_v6), 0);
	TAILQ_INSERT_TAIL(&fx.bgp.peers, p, entry);
	fx.peers[i] = p;
	bgp_rib_peer_up(p);
	run();
	return p;
}

static void
peer_del(int i)
{
	bgp_rib_peer_down(fx.peers[i]);
	TAILQ_REMOVE(&fx.bgp.peers, fx.peers[i], entry);
	free(fx.peers[i]);
	fx.peers[i] = NULL;
	run();
}

static void
send_body(struct bgp_peer *p, const uint8_t *b, size_t len)
{
	struct bgp_update *up = calloc(1, sizeof(*up));
	struct bgp_err err;
	struct wire_rd rd;
	enum bgp_action act;

	ck_assert_ptr_nonnull(up);
	wire_rd_init(&rd, b, len);
	bgp_err_init(&err);
	bgp_arena_reset(&arena);
	act = bgp_update_parse(&codec, &p->caps_rx, &rd, &arena, up, &err);
	ck_assert_msg(act == BGP_ACT_NONE, "parse: %s",
	    bgp_action_name(act));
	bgp_rib_update(p, up, act);
	free(up);
	run();
}

static void
send_hex(struct bgp_peer *p, const char *wd, const char *attrs,
    const char *nlri)
{
	static uint8_t b[BODY_MAX];

	send_body(p, b, body_build(wd, attrs, nlri, b, sizeof(b)));
}

/* ---- what a peer was sent ---- */

struct seen {
	char	 key[600];
	bool	 present;
	size_t	 off, len;	/* the body that announced it */
};

struct model {
	size_t		 nmsg;		/* UPDATEs */
	size_t		 neor;
	size_t		 maxlen;
	size_t		 n;
	struct seen	 v[4096];
};

static struct model mdl;

static void
route_key_str(const struct bgp_routes *r, size_t i, char *out)
{
	uint8_t k[BGP_ROUTE_KEY_MAX];
	size_t n;

	if (r->ops == &bgp_afi_ipv4_unicast ||
	    r->ops == &bgp_afi_ipv6_unicast) {
		route_pfx(r, i, out);
		return;
	}
	n = r->ops->key(bgp_routes_at(r, i), k);
	tohex(k, n, out, 600);
}

static struct seen *
mdl_slot(const char *key)
{
	for (size_t i = 0; i < mdl.n; i++)
		if (strcmp(mdl.v[i].key, key) == 0)
			return &mdl.v[i];
	ck_assert_uint_lt(mdl.n, NELEM(mdl.v));
	snprintf(mdl.v[mdl.n].key, sizeof(mdl.v[0].key), "%s", key);
	return &mdl.v[mdl.n++];
}

static void
mdl_routes(const struct bgp_routes *r, bool present, size_t off, size_t len)
{
	char key[600];

	for (size_t i = 0; r->ops != NULL && i < r->n; i++) {
		struct seen *s;

		route_key_str(r, i, key);
		s = mdl_slot(key);
		s->present = present;
		s->off = off;
		s->len = len;
	}
}

static enum bgp_action
parse_as(const struct bgp_peer *p, const uint8_t *b, size_t len,
    struct bgp_update *out)
{
	struct bgp_peer_caps c = p->caps_tx;
	struct bgp_err err;
	struct wire_rd rd;

	wire_rd_init(&rd, b, len);
	bgp_err_init(&err);
	bgp_arena_reset(&arena);
	return bgp_update_parse(&codec, &c, &rd, &arena, out, &err);
}

/* Replay everything p was sent into mdl. */
static void
mdl_build(const struct bgp_peer *p)
{
	const struct capture *c = capt_of(p);
	struct bgp_update *up = calloc(1, sizeof(*up));
	size_t off = 0;

	ck_assert_ptr_nonnull(up);
	memset(&mdl, 0, sizeof(mdl));
	while (off < c->len) {
		size_t len;

		ck_assert_uint_ge(c->len - off, BGP_HDR_LEN);
		len = (size_t)c->buf[off + 16] << 8 | c->buf[off + 17];
		ck_assert_uint_ge(len, BGP_HDR_LEN);
		ck_assert_uint_le(len, p->caps_tx.ext_msg ? BGP_EXTMSG_MAX :
		    BGP_MSG_MAX);
		ck_assert_uint_eq(c->buf[off + 18], BGP_MSG_UPDATE);
		if (len > mdl.maxlen)
			mdl.maxlen = len;
		mdl.nmsg++;
		ck_assert_int_eq(parse_as(p, c->buf + off + BGP_HDR_LEN,
		    len - BGP_HDR_LEN, up), BGP_ACT_NONE);
		if (up->eor)
			mdl.neor++;
		mdl_routes(&up->withdrawn, false, 0, 0);
		mdl_routes(&up->attrs.mp_unreach.routes, false, 0, 0);
		mdl_routes(&up->nlri, true, off + BGP_HDR_LEN,
		    len - BGP_HDR_LEN);
		mdl_routes(&up->attrs.mp_reach.routes, true, off + BGP_HDR_LEN,
		    len - BGP_HDR_LEN);
		off += len;
	}
	free(up);
}

static size_t
mdl_present(void)
{
	size_t n = 0;

	for (size_t i = 0; i < mdl.n; i++)
		n += mdl.v[i].present;
	return n;
}

/* The UPDATE that announced key to p, parsed into out; false: absent. */
static bool
sent(const struct bgp_peer *p, const char *key, struct bgp_update *out)
{
	const struct capture *c = capt_of(p);

	mdl_build(p);
	for (size_t i = 0; i < mdl.n; i++)
		if (strcmp(mdl.v[i].key, key) == 0) {
			if (!mdl.v[i].present)
				return false;
			if (out != NULL)
				ck_assert_int_eq(parse_as(p, c->buf +
				    mdl.v[i].off, mdl.v[i].len, out),
				    BGP_ACT_NONE);
			return true;
		}
	return false;
}

static bool
withdrawn(const struct bgp_peer *p, const char *key)
{
	mdl_build(p);
	for (size_t i = 0; i < mdl.n; i++)
		if (strcmp(mdl.v[i].key, key) == 0)
			return !mdl.v[i].present;
	return false;
}

/* ---- the RIB ---- */

static struct bgp_dest *
dest_of(enum bgp_fam f, const char *pfx)
{
	struct bgp_prefix_route r;
	struct bgp_rib *rib = &fx.bgp.rib[f];
	uint8_t key[BGP_ROUTE_KEY_MAX];
	struct bgp_dest *d;
	char a[64], *slash;
	size_t n;

	memset(&r, 0, sizeof(r));
	snprintf(a, sizeof(a), "%s", pfx);
	slash = strchr(a, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	ck_assert_int_eq(ip_parse(a, &r.pfx.addr), 0);
	r.pfx.len = (uint8_t)atoi(slash + 1);
	n = rib->ops->key(&r, key);
	TAILQ_FOREACH(d, &rib->order, entry)
		if (d->key_len == n && memcmp(d->key, key, n) == 0)
			return d;
	return NULL;
}

static const struct bgp_peer *
best_peer(const char *pfx)
{
	struct bgp_dest *d = dest_of(BGP_FAM_IPV4, pfx);

	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(d->best);
	return d->best->peer;
}

/* ---- attribute snippets (RFC 4271 section 4.3) ---- */

#define ORIGIN_EGP	"40 01 01 01 "
/* [65002 65003] */
#define ASP_2		"40 02 0a 02 02 0000fdea 0000fdeb "
#define ASP_1B		"40 02 06 02 01 0000fdea "		/* 65002 */
#define LP200		"40 05 04 000000c8 "
#define MED(x)		"80 04 04 " x " "
#define ORIG(x)		"80 09 04 " x " "
#define NH2		"40 03 04 0a000002 "
#define PFX		"10.0.0.0/8"

static const struct peer_def I1 = { "10.0.0.1", OUR_AS, 0x0a000001, false,
	false, false };
static const struct peer_def I2 = { "10.0.0.2", OUR_AS, 0x0a000002, false,
	false, false };
static const struct peer_def C1 = { "10.0.0.11", OUR_AS, 0x0a00000b, true,
	false, false };
static const struct peer_def C2 = { "10.0.0.12", OUR_AS, 0x0a00000c, true,
	false, false };
static const struct peer_def N1 = { "10.0.0.21", OUR_AS, 0x0a000015, false,
	false, false };
static const struct peer_def N2 = { "10.0.0.22", OUR_AS, 0x0a000016, false,
	false, false };
static const struct peer_def E1 = { "10.0.1.1", 65001, 0x0a000101, false,
	false, false };
static const struct peer_def E2 = { "10.0.1.2", 65002, 0x0a000102, false,
	false, false };

/* ---- best path ---- */

START_TEST(best_local_pref)
{
	struct bgp_peer *i1 = peer_add(0, I1), *i2 = peer_add(1, I2);

	send_hex(i1, NULL, IBGP_BASE, NLRI1);
	send_hex(i2, NULL, ORIGIN ASP0 NH2 LP200, NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), i2);
	/* withdraw: back to the other path */
	send_hex(i2, NLRI1, NULL, NULL);
	ck_assert_ptr_eq(best_peer(PFX), i1);
	ck_assert_uint_eq(i2->fam[BGP_FAM_IPV4].pfx_rcvd, 0);
	/* implicit withdraw: i1 re-announces with LOCAL_PREF 200, i2 with
	 * 100, i2's new announcement replaces nothing of i1's */
	send_hex(i2, NULL, ORIGIN ASP0 NH2 LP100, NLRI1);
	send_hex(i1, NULL, ORIGIN ASP0 NH1 LP200, NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), i1);
	send_hex(i1, NULL, ORIGIN ASP0 NH1 "40 05 04 00000032 ", NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), i2);
	ck_assert_uint_eq(i1->fam[BGP_FAM_IPV4].pfx_rcvd, 1);
	ck_assert_uint_eq(i1->fam[BGP_FAM_IPV4].pfx_accepted, 1);
}
END_TEST

START_TEST(best_local_origin)
{
	struct bgp_peer *i1 = peer_add(0, I1);

	send_hex(i1, NULL, IBGP_BASE, NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), i1);
	fx.nets[0].addr.af = IP_AF_V4;
	fx.nets[0].addr.a[0] = 10;
	fx.nets[0].len = 8;
	fx.inst.unicast[BGP_FAM_IPV4].networks = fx.nets;
	fx.inst.unicast[BGP_FAM_IPV4].nnetworks = 1;
	bgp_rib_reconfigure(&fx.bgp);
	run();
	ck_assert_ptr_null(best_peer(PFX));
	/* a higher LOCAL_PREF still wins over a local route */
	send_hex(i1, NULL, ORIGIN ASP0 NH1 LP200, NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), i1);
	fx.inst.unicast[BGP_FAM_IPV4].nnetworks = 0;
	bgp_rib_reconfigure(&fx.bgp);
	run();
	ck_assert_ptr_nonnull(dest_of(BGP_FAM_IPV4, PFX)->paths);
	ck_assert_ptr_null(dest_of(BGP_FAM_IPV4, PFX)->paths->next);
}
END_TEST

START_TEST(best_as_path_then_origin)
{
	struct bgp_peer *e1 = peer_add(0, E1), *e2 = peer_add(1, E2);

	send_hex(e2, NULL, ORIGIN ASP_2 NH2, NLRI1);
	send_hex(e1, NULL, ORIGIN_EGP ASP4 NH1, NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), e1);	/* shorter AS_PATH */
	send_hex(e2, NULL, ORIGIN ASP_1B NH2, NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), e2);	/* IGP < EGP */
}
END_TEST

START_TEST(best_med_same_neighbour_only)
{
	struct peer_def e3 = E1, e2d = E2;
	struct bgp_peer *e1, *e2, *p3;

	e3.addr = "10.0.1.3";
	e3.id = 0x09090909;	/* higher id, same AS 65001 as e1 */
	e2d.id = 0x01020304;	/* lowest id */
	e1 = peer_add(0, E1);
	p3 = peer_add(1, e3);
	/* Same neighbour AS: lower MED wins despite the higher id. */
	send_hex(e1, NULL, EBGP_BASE MED("00000032"), NLRI1);
	send_hex(p3, NULL, EBGP_BASE MED("0000000a"), NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), p3);
	/* Different neighbour AS: MED not compared; router id decides. */
	e2 = peer_add(2, e2d);
	send_hex(e2, NULL, ORIGIN ASP_1B NH2 MED("00000064"), NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), e2);
}
END_TEST

START_TEST(best_ebgp_over_ibgp)
{
	struct bgp_peer *i1 = peer_add(0, I1), *e1 = peer_add(1, E1);

	/* equal LOCAL_PREF (100), AS_PATH [65001], ORIGIN, no MED */
	send_hex(i1, NULL, ORIGIN ASP4 NH1 LP100, NLRI1);
	send_hex(e1, NULL, EBGP_BASE, NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), e1);
}
END_TEST

START_TEST(best_router_id_originator_cluster_address)
{
	struct bgp_peer *i1 = peer_add(0, I1), *i2 = peer_add(1, I2);

	send_hex(i2, NULL, IBGP_BASE, NLRI1);
	send_hex(i1, NULL, IBGP_BASE, NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), i1);	/* lower router id */
	/* RFC 4456 section 9: ORIGINATOR_ID stands for the router id */
	send_hex(i1, NULL, IBGP_BASE ORIG("0a090909"), NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), i2);
	/* equal ORIGINATOR_ID: the shorter CLUSTER_LIST */
	send_hex(i1, NULL, IBGP_BASE ORIG("05050505") "80 0a 04 07070707 ",
	    NLRI1);
	send_hex(i2, NULL, IBGP_BASE ORIG("05050505")
	    "80 0a 08 07070707 08080808 ", NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), i1);
	send_hex(i1, NULL, IBGP_BASE ORIG("05050505")
	    "80 0a 08 07070707 08080808 ", NLRI1);
	send_hex(i2, NULL, IBGP_BASE ORIG("05050505") "80 0a 04 07070707 ",
	    NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), i2);
	/* all equal: the lower peer address */
	send_hex(i2, NULL, IBGP_BASE ORIG("05050505")
	    "80 0a 08 07070707 08080808 ", NLRI1);
	ck_assert_ptr_eq(best_peer(PFX), i1);
}
END_TEST

START_TEST(best_not_eligible)
{
	struct bgp_peer *e1 = peer_add(0, E1), *i1 = peer_add(1, I1);

	/* RFC 4271 9.1.2: our AS in the AS_PATH: counted, never best */
	send_hex(e1, NULL, ORIGIN "40 02 0a 02 02 0000fde9 0000fde8 " NH1,
	    NLRI1);
	ck_assert_ptr_null(dest_of(BGP_FAM_IPV4, PFX)->best);
	ck_assert_uint_eq(e1->fam[BGP_FAM_IPV4].pfx_rcvd, 1);
	ck_assert_uint_eq(e1->fam[BGP_FAM_IPV4].pfx_accepted, 0);
	ck_assert(!sent(i1, PFX, NULL));
}
END_TEST

/* RFC 4271 6.3: unusable next hops make the routes withdrawn. */
START_TEST(martian_next_hops)
{
	/* 0/8, 224/4, broadcast: the codec's (treat-as-withdraw) */
	static const char *const v4[] = { "7f000001", "f0000001" };
	struct bgp_peer *c1 = peer_add(0, C1), *n1 = peer_add(1, N1);
	char attrs[256];
	size_t i;

	for (i = 0; i < NELEM(v4); i++) {
		send_hex(c1, NULL, IBGP_BASE, NLRI1);
		ck_assert_ptr_nonnull(dest_of(BGP_FAM_IPV4, PFX)->best);
		snprintf(attrs, sizeof(attrs), ORIGIN ASP0 LP100 "40 03 04 %s ",
		    v4[i]);
		send_hex(c1, NULL, attrs, NLRI1);
		ck_assert_msg(dest_of(BGP_FAM_IPV4, PFX) == NULL ||
		    dest_of(BGP_FAM_IPV4, PFX)->best == NULL, "%s", v4[i]);
		ck_assert(withdrawn(n1, PFX));
	}
	/* IPv6 ::1 (OpenBGPD's over an IPv4 session) and ff02::1 */
	send_hex(c1, NULL, "80 0e 1c 0002 01 10 "
	    "00000000000000000000000000000001 00 30 20010db80001 " IBGP_BASE,
	    NULL);
	ck_assert(!sent(n1, "2001:db8:1::/48", NULL));
	send_hex(c1, NULL, "80 0e 1c 0002 01 10 "
	    "ff020000000000000000000000000001 00 30 20010db80001 " IBGP_BASE,
	    NULL);
	ck_assert(!sent(n1, "2001:db8:1::/48", NULL));
	send_hex(c1, NULL, MPR6 IBGP_BASE, NULL);
	ck_assert(sent(n1, "2001:db8:1::/48", NULL));
}
END_TEST

/* ---- reflection and export ---- */

START_TEST(rr_client_to_all)
{
	struct bgp_peer *c1 = peer_add(0, C1), *c2 = peer_add(1, C2);
	struct bgp_peer *n1 = peer_add(2, N1);
	struct bgp_update *up = calloc(1, sizeof(*up));

	send_hex(c1, NULL, IBGP_BASE MED("00000005"), NLRI1);
	ck_assert(sent(n1, PFX, up));
	/* RFC 4456 section 8 */
	ck_assert(bgp_attrs_has(&up->attrs, BGP_ATTR_ORIGINATOR_ID));
	assert_ipv4(up->attrs.originator_id, "10.0.0.11");
	assert_view_hex("cluster", &up->attrs.cluster_list, "01010101");
	assert_ip(&up->attrs.nexthop, "10.0.0.1");	/* unchanged */
	ck_assert_uint_eq(up->attrs.local_pref, 100);
	ck_assert_uint_eq(up->attrs.med, 5);
	ck_assert(sent(c2, PFX, NULL));
	/* one update group for the clients, one for the non-client; one
	 * chunk each, the clients' shared */
	ck_assert_ptr_eq(c1->fam[0].upg, c2->fam[0].upg);
	ck_assert_ptr_ne(c1->fam[0].upg, n1->fam[0].upg);
	ck_assert_ptr_eq(c1->fam[BGP_FAM_EVPN].upg, c2->fam[BGP_FAM_EVPN].upg);
	ck_assert_ptr_eq(capt_of(c1)->last, capt_of(c2)->last);
	/* the originator gets it back too (shared group): it drops it by
	 * its ORIGINATOR_ID check, as we do: */
	ck_assert(sent(c1, PFX, NULL));
	free(up);
}
END_TEST

START_TEST(rr_nonclient_to_clients_only)
{
	struct bgp_peer *c1 = peer_add(0, C1), *n1 = peer_add(1, N1);
	struct bgp_peer *n2 = peer_add(2, N2);

	send_hex(n1, NULL, IBGP_BASE, NLRI1);
	ck_assert(sent(c1, PFX, NULL));
	ck_assert(!sent(n2, PFX, NULL));
	ck_assert(!sent(n1, PFX, NULL));
}
END_TEST

START_TEST(rr_loops_dropped)
{
	struct bgp_peer *c1 = peer_add(0, C1), *n1 = peer_add(1, N1);

	send_hex(c1, NULL, IBGP_BASE ORIG("01010101"), NLRI1);
	ck_assert_ptr_null(dest_of(BGP_FAM_IPV4, PFX));
	send_hex(c1, NULL, IBGP_BASE ORIG("05050505")
	    "80 0a 08 07070707 01010101 ", NLRI1);
	ck_assert_ptr_null(dest_of(BGP_FAM_IPV4, PFX));
	/* a looped re-announcement withdraws the earlier path */
	send_hex(c1, NULL, IBGP_BASE, NLRI1);
	ck_assert(sent(n1, PFX, NULL));
	send_hex(c1, NULL, IBGP_BASE ORIG("01010101"), NLRI1);
	ck_assert_ptr_null(dest_of(BGP_FAM_IPV4, PFX));
	ck_assert(withdrawn(n1, PFX));
}
END_TEST

START_TEST(ebgp_export)
{
	struct bgp_peer *i1 = peer_add(0, I1), *e1 = peer_add(1, E1);
	struct bgp_peer *e2 = peer_add(2, E2);
	struct bgp_update *up = calloc(1, sizeof(*up));

	send_hex(i1, NULL, IBGP_BASE MED("00000005") ORIG("05050505")
	    "80 0a 04 07070707 ", NLRI1);
	ck_assert(sent(e1, PFX, up));
	/* RFC 4271 5.1.2: our AS prepended */
	assert_view_hex("as_path", &up->attrs.as_path, "0201 0000fde8");
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_LOCAL_PREF));
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_ORIGINATOR_ID));
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_CLUSTER_LIST));
	assert_ip(&up->attrs.nexthop, "192.0.2.1");
	ck_assert_uint_eq(up->attrs.med, 5);	/* IBGP-learned: kept */
	/* EBGP-learned: MED dropped (5.1.4), path prepended */
	send_hex(e2, NULL, ORIGIN ASP_1B NH2 MED("00000007"), "10 0b 01 ");
	ck_assert(sent(e1, "11.1.0.0/16", up));
	assert_view_hex("as_path", &up->attrs.as_path,
	    "0202 0000fde8 0000fdea");
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_MED));
	/* and to IBGP: LOCAL_PREF 100, next hop unchanged, MED kept */
	ck_assert(sent(i1, "11.1.0.0/16", up));
	ck_assert_uint_eq(up->attrs.local_pref, 100);
	ck_assert_uint_eq(up->attrs.med, 7);
	assert_ip(&up->attrs.nexthop, "10.0.0.2");
	/* the sender gets its route back prepended: its loop check drops */
	ck_assert(sent(e2, "11.1.0.0/16", NULL));
	free(up);
}
END_TEST

START_TEST(rfc8212_deny)
{
	struct bgp_peer *i1, *e1;

	fx.inst.ebgp_requires_policy = true;
	i1 = peer_add(0, I1);
	e1 = peer_add(1, E1);
	send_hex(e1, NULL, EBGP_BASE, NLRI1);
	ck_assert_uint_eq(e1->fam[BGP_FAM_IPV4].pfx_rcvd, 1);
	ck_assert_uint_eq(e1->fam[BGP_FAM_IPV4].pfx_accepted, 0);
	ck_assert_ptr_null(dest_of(BGP_FAM_IPV4, PFX)->best);
	send_hex(i1, NULL, IBGP_BASE, "10 0b 01 ");
	ck_assert(!sent(e1, "11.1.0.0/16", NULL));
	/* with a route-map in both directions: accepted and advertised
	 * (IN and OUT permit everything) */
	snprintf(fx.pconf[1].af[0].rmap_in, BGP_CONF_NAME_MAX, "IN");
	bgp_rib_soft_in(e1);
	run();
	ck_assert_ptr_eq(best_peer(PFX), e1);
	ck_assert(sent(i1, PFX, NULL));
	/* reconfiguration moves e1 to another update group and sends the
	 * difference */
	snprintf(fx.pconf[1].af[0].rmap_out, BGP_CONF_NAME_MAX, "OUT");
	bgp_rib_reconfigure(&fx.bgp);
	run();
	ck_assert(sent(e1, "11.1.0.0/16", NULL));
	/* and its own route back, prepended: it drops it (loop) */
	ck_assert_uint_eq(e1->fam[0].pfx_sent, 2);
	fx.pconf[1].af[0].rmap_out[0] = '\0';
	bgp_rib_reconfigure(&fx.bgp);
	run();
	ck_assert(withdrawn(e1, "11.1.0.0/16"));
	ck_assert_uint_eq(e1->fam[0].pfx_sent, 0);
	/* RFC 8212 off: advertised again (the same group re-exported) */
	fx.inst.ebgp_requires_policy = false;
	bgp_rib_reconfigure(&fx.bgp);
	run();
	ck_assert(sent(e1, "11.1.0.0/16", NULL));
}
END_TEST

START_TEST(peer_down_withdraws)
{
	struct bgp_peer *c1 = peer_add(0, C1), *n1 = peer_add(1, N1);

	send_hex(c1, NULL, IBGP_BASE, NLRI1 "10 0b 01 ");
	ck_assert(sent(n1, PFX, NULL));
	peer_del(0);
	(void)c1;
	ck_assert(withdrawn(n1, PFX));
	ck_assert(withdrawn(n1, "11.1.0.0/16"));
	ck_assert_uint_eq(fx.bgp.rib[BGP_FAM_IPV4].count, 0);
	ck_assert_uint_eq(n1->fam[BGP_FAM_IPV4].pfx_sent, 0);
}
END_TEST

/* ---- packing ---- */

static size_t
nlri_many(uint8_t *b, size_t first, size_t n)
{
	size_t len = 0;

	for (size_t i = first; i < first + n; i++) {
		b[len++] = 24;
		b[len++] = 20;
		b[len++] = (uint8_t)(i >> 8);
		b[len++] = (uint8_t)i;
	}
	return len;
}

static void
send_many(struct bgp_peer *p, const char *attrs_hex, size_t first, size_t n,
    bool wd)
{
	static uint8_t b[BODY_MAX], at[1024], nl[BODY_MAX];
	size_t al = unhex(wd ? "" : attrs_hex, at, sizeof(at));
	size_t nn = nlri_many(nl, first, n);
	struct wire_wr wr;

	wire_wr_init(&wr, b, sizeof(b));
	ck_assert_int_eq(wire_wr_u16(&wr, (uint16_t)(wd ? nn : 0)), 0);
	if (wd)
		ck_assert_int_eq(wire_wr_bytes(&wr, nl, nn), 0);
	ck_assert_int_eq(wire_wr_u16(&wr, (uint16_t)al), 0);
	ck_assert_int_eq(wire_wr_bytes(&wr, at, al), 0);
	if (!wd)
		ck_assert_int_eq(wire_wr_bytes(&wr, nl, nn), 0);
	send_body(p, b, wire_wr_len(&wr));
}

START_TEST(packing_1000)
{
	struct bgp_peer *c1 = peer_add(0, C1), *n1 = peer_add(1, N1);

	for (size_t i = 0; i < 1000; i += 500)
		send_many(c1, IBGP_BASE, i, 500, false);
	mdl_build(n1);
	ck_assert_uint_eq(mdl_present(), 1000);
	ck_assert_uint_lt(mdl.nmsg, 10);
	ck_assert_uint_le(mdl.maxlen, BGP_MSG_MAX);
	ck_assert_uint_eq(n1->fam[BGP_FAM_IPV4].pfx_sent, 1000);
	/* withdrawals are packed too */
	for (size_t i = 0; i < 1000; i += 500)
		send_many(c1, NULL, i, 500, true);
	mdl_build(n1);
	ck_assert_uint_eq(mdl_present(), 0);
	ck_assert_uint_lt(mdl.nmsg, 20);
	ck_assert_uint_eq(n1->fam[BGP_FAM_IPV4].pfx_sent, 0);
	ck_assert_uint_eq(fx.bgp.rib[BGP_FAM_IPV4].count, 0);
}
END_TEST

START_TEST(flush_budget_slices)
{
	struct bgp_peer *c1 = peer_add(0, C1), *n1 = peer_add(1, N1);

	fx.bgp.adjout->flush_budget = 100;
	send_many(c1, IBGP_BASE, 0, 500, false);
	mdl_build(n1);
	ck_assert_uint_eq(mdl_present(), 500);
	ck_assert_uint_ge(capt_of(n1)->nchunks, 5);
}
END_TEST

/* ---- initial walk ---- */

START_TEST(walk_and_eor)
{
	struct bgp_peer *c1 = peer_add(0, C1), *n1, *e1;
	size_t n1msgs;

	for (size_t i = 0; i < 3000; i += 1000)
		send_many(c1, IBGP_BASE, i, 1000, false);
	/* a new group: compute walk, then End-of-RIB per family */
	n1 = peer_add(1, N1);
	mdl_build(n1);
	ck_assert_uint_eq(mdl_present(), 3000);
	ck_assert_uint_eq(mdl.neor, 3);
	ck_assert(n1->fam[BGP_FAM_IPV4].eor_sent);
	ck_assert(n1->fam[BGP_FAM_EVPN].eor_sent);
	n1msgs = mdl.nmsg;
	/* an existing group: its out[] walked for the newcomer only */
	queued_bytes = BGP_OUTQ_HIGH + 1;
	(void)peer_add(2, N2);
	mdl_build(fx.peers[2]);
	ck_assert_uint_eq(mdl.nmsg, 0);		/* paused: queue full */
	queued_bytes = 0;
	bgp_rib_drained(fx.peers[2]);
	run();
	mdl_build(fx.peers[2]);
	ck_assert_uint_eq(mdl_present(), 3000);
	ck_assert_uint_eq(mdl.neor, 3);
	mdl_build(n1);
	ck_assert_uint_eq(mdl.nmsg, n1msgs);	/* n1 got nothing more */
	/* route refresh: the table again, no End-of-RIB */
	bgp_rib_refresh(n1, BGP_FAM_IPV4);
	run();
	mdl_build(n1);
	ck_assert_uint_eq(mdl.neor, 3);
	ck_assert_uint_eq(mdl_present(), 3000);
	e1 = peer_add(3, E1);
	mdl_build(e1);
	ck_assert_uint_eq(mdl_present(), 3000);
}
END_TEST

/* ---- EVPN ---- */

/* type 2, RD 10.99.255.11:2, MAC aa:bb:cc:dd:ee:01, no IP, label */
#define T2_HEAD	"02 21 0001 0a63ff0b 0002 00000000000000000000 00000000 " \
		"30 aabbccddee01 00 "
#define T2_L100	T2_HEAD "000064 "
#define T2_L0	T2_HEAD "000000 "
#define EVPN_EC	"c0 10 10 0002fde800000064 030c000000000008 "
#define MPR_T2(l) "80 0e 2c 0019 46 04 0a63ff0b 00 " l
#define MPU_T2(l) "80 0f 26 0019 46 " l

START_TEST(evpn_reflect_exact_and_withdraw_label0)
{
	struct bgp_peer *c1 = peer_add(0, C1), *n1 = peer_add(1, N1);
	struct bgp_update *up = calloc(1, sizeof(*up));
	struct bgp_rib *rib = &fx.bgp.rib[BGP_FAM_EVPN];
	struct bgp_dest *d;
	char key[600];

	ck_assert_ptr_nonnull(rib->ops);
	send_hex(c1, NULL, MPR_T2(T2_L100) ORIGIN ASP0 LP100 EVPN_EC, NULL);
	d = TAILQ_FIRST(&rib->order);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_gt(d->paths->nlri_len, 0);	/* key != NLRI */
	tohex(d->key, d->key_len, key, sizeof(key));
	ck_assert(sent(n1, key, up));
	assert_ip(&up->attrs.mp_reach.nh, "10.99.255.11");
	assert_view_hex("nlri", &up->attrs.mp_reach.nlri, T2_L100);
	assert_view_hex("ec", &up->attrs.ext_communities,
	    "0002fde800000064 030c000000000008");
	assert_ipv4(up->attrs.originator_id, "10.0.0.11");
	/* RFC 7432 section 7.2: the withdrawal with label 0 matches */
	send_hex(c1, NULL, MPU_T2(T2_L0), NULL);
	ck_assert_uint_eq(rib->count, 0);
	ck_assert(withdrawn(n1, key));
	free(up);
}
END_TEST



/* ---- next hops per family ---- */

START_TEST(mixed_update_and_v6_nexthops)
{
	struct bgp_peer *c1 = peer_add(0, C1), *n1 = peer_add(1, N1);
	struct bgp_peer *e1 = peer_add(2, E1);
	struct bgp_update *up = calloc(1, sizeof(*up));

	/* One UPDATE, two families, two next hops. */
	send_hex(c1, NULL, MPR6 IBGP_BASE, NLRI1);
	ck_assert(sent(n1, PFX, up));
	assert_ip(&up->attrs.nexthop, "10.0.0.1");
	ck_assert(sent(n1, "2001:db8:1::/48", up));
	assert_ip(&up->attrs.mp_reach.nh, "2001:db8::1");
	/* to EBGP: our global IPv6 address */
	ck_assert(sent(e1, "2001:db8:1::/48", up));
	assert_ip(&up->attrs.mp_reach.nh, "2001:db8::fe");
	/* a local IPv6 route: our address to IBGP too */
	fx.nets[0].addr.af = IP_AF_V6;
	fx.nets[0].addr.a[0] = 0x20;
	fx.nets[0].addr.a[1] = 0x01;
	fx.nets[0].addr.a[2] = 0x0d;
	fx.nets[0].addr.a[3] = 0xb8;
	fx.nets[0].addr.a[5] = 0x05;
	fx.nets[0].len = 48;
	fx.inst.unicast[BGP_FAM_IPV6].networks = fx.nets;
	fx.inst.unicast[BGP_FAM_IPV6].nnetworks = 1;
	bgp_rib_reconfigure(&fx.bgp);
	run();
	ck_assert(sent(n1, "2001:db8:5::/48", up));
	assert_ip(&up->attrs.mp_reach.nh, "2001:db8::fe");
	ck_assert_uint_eq(up->attrs.local_pref, 100);
	assert_view_hex("as_path", &up->attrs.as_path, "");
	ck_assert(sent(e1, "2001:db8:5::/48", up));
	assert_view_hex("as_path", &up->attrs.as_path, "0201 0000fde8");
	free(up);
}
END_TEST

/* ---- show ---- */

static char *
show(enum bgp_fam f, bool json, const char *pfx, uint8_t evpn_type)
{
	struct bgp_show_req req;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	memset(&req, 0, sizeof(req));
	req.what = BGP_SHOW_ROUTES;
	req.json = json;
	req.fam = f;
	req.evpn_type = evpn_type;
	if (pfx != NULL) {
		req.has_prefix = true;
		req.prefix.addr.af = IP_AF_V4;
		req.prefix.addr.a[0] = 10;
		req.prefix.len = 8;
		ck_assert_str_eq(pfx, PFX);
	}
	ck_assert_int_eq(bgp_show_routes(&fx.bgp, &req, out), 0);
	fclose(out);
	return buf;
}

#define HAS(s, sub)	ck_assert_msg(strstr(s, sub) != NULL, \
			    "'%s' not in %s", sub, s)

START_TEST(show_routes_json)
{
	struct bgp_peer *e1 = peer_add(0, E1), *c1 = peer_add(1, C1);
	char *o;

	send_hex(e1, NULL, EBGP_BASE MED("00000005"), NLRI1);
	send_hex(c1, NULL, MPR_T2(T2_L100) ORIGIN ASP0 LP100 EVPN_EC, NULL);
	o = show(BGP_FAM_IPV4, true, NULL, 0);
	HAS(o, "{\"vrfId\":0,\"vrfName\":\"default\",\"tableVersion\":");
	HAS(o, "\"routerId\":\"1.1.1.1\",\"defaultLocPrf\":100,"
	    "\"localAS\":65000,\"routes\":{\"10.0.0.0/8\":[{\"valid\":true,"
	    "\"bestpath\":true,\"pathFrom\":\"external\",\"prefix\":"
	    "\"10.0.0.0\",\"prefixLen\":8,\"network\":\"10.0.0.0/8\","
	    "\"metric\":5,\"weight\":0,\"peerId\":\"10.0.1.1\",\"path\":"
	    "\"65001\",\"origin\":\"IGP\",\"nexthops\":[{\"ip\":\"10.0.0.1\","
	    "\"afi\":\"ipv4\",\"used\":true}]}]}}");
	free(o);
	o = show(BGP_FAM_IPV4, true, PFX, 0);
	HAS(o, "{\"prefix\":\"10.0.0.0/8\",\"paths\":[{\"valid\":true");
	free(o);
	o = show(BGP_FAM_IPV4, false, NULL, 0);
	HAS(o, "*> 10.0.0.0/8");
	HAS(o, "65001 i");
	free(o);
	o = show(BGP_FAM_EVPN, true, NULL, 0);
	HAS(o, "{\"10.99.255.11:2\":{\"rd\":\"10.99.255.11:2\","
	    "\"[2]:[0]:[48]:[aa:bb:cc:dd:ee:01]\":{\"prefix\":"
	    "\"[2]:[0]:[48]:[aa:bb:cc:dd:ee:01]\",\"prefixLen\":352,");
	HAS(o, "\"paths\":[[{\"valid\":true,\"bestpath\":true,"
	    "\"pathFrom\":\"internal\",\"routeType\":2,\"ethTag\":0,"
	    "\"macLen\":48,\"mac\":\"aa:bb:cc:dd:ee:01\",\"ipLen\":0,"
	    "\"locPrf\":100");
	HAS(o, "\"extendedCommunity\":{\"string\":\"RT:65000:100 ET:8\"}");
	HAS(o, "\"numPrefix\":1,\"numPaths\":1}");
	if (getenv("SHOW_DUMP") != NULL) {
		char *t = show(BGP_FAM_EVPN, false, NULL, 0);

		fprintf(stderr, "%s\n%s\n", o, t);
		free(t);
	}
	free(o);
	o = show(BGP_FAM_EVPN, true, NULL, 3);
	HAS(o, "\"numPrefix\":0");
	free(o);
}
END_TEST

/* ---- 2-octet AS peers (RFC 6793) ---- */

START_TEST(as4_merge_and_split)
{
	struct peer_def e4d = { "10.0.1.4", 65004, 0x0a000104, false, true,
		false };
	struct peer_def e5d = { "10.0.1.5", 65005, 0x0a000105, false, true,
		false };
	struct bgp_peer *i1 = peer_add(0, I1), *e4 = peer_add(1, e4d);
	struct bgp_peer *e5 = peer_add(2, e5d);
	struct bgp_update *up = calloc(1, sizeof(*up));
	struct bgp_dest *d;

	/* AS_PATH [65004 65010 AS_TRANS], AS4_PATH [65010 100000] */
	send_hex(e4, NULL, ORIGIN "40 02 08 02 03 fdec fdf2 5ba0 " NH1
	    "c0 11 0a 02 02 0000fdf2 000186a0 ", NLRI1);
	d = dest_of(BGP_FAM_IPV4, PFX);
	ck_assert_ptr_nonnull(d->best);
	ck_assert_uint_eq(d->best->aspath_len, 3);
	ck_assert(!((d->best->attrs->k.seen >> BGP_ATTR_AS4_PATH) & 1));
	ck_assert(sent(i1, PFX, up));
	assert_view_hex("as_path", &up->attrs.as_path,
	    "0203 0000fdec 0000fdf2 000186a0");
	ck_assert(!bgp_attrs_has(&up->attrs, BGP_ATTR_AS4_PATH));
	/* to another 2-octet peer: AS_TRANS and AS4_PATH again */
	ck_assert(sent(e5, PFX, up));
	assert_view_hex("as_path", &up->attrs.as_path,
	    "0204 fde8 fdec fdf2 5ba0");
	assert_view_hex("as4_path", &up->attrs.as4_path,
	    "0204 0000fde8 0000fdec 0000fdf2 000186a0");
	free(up);
}
END_TEST

/* ---- max-prefix ---- */

START_TEST(max_prefix_stops)
{
	struct bgp_peer *c1 = peer_add(0, C1);

	fx.pconf[0].af[BGP_FAM_IPV4].max_prefix = 10;
	send_many(c1, IBGP_BASE, 0, 20, false);
	ck_assert_int_eq(max_prefix_hits, 1);
	ck_assert_uint_eq(c1->fam[BGP_FAM_IPV4].pfx_rcvd, 11);
}
END_TEST

/* warning-only keeps the session and every route; THRESHOLD percent
 * warns once, and again after the count fell below it. */
START_TEST(max_prefix_warning_only)
{
	struct bgp_peer *c1 = peer_add(0, C1);
	struct bgp_peer_fam *pf = &c1->fam[BGP_FAM_IPV4];

	fx.pconf[0].af[BGP_FAM_IPV4].max_prefix = 100;
	fx.pconf[0].af[BGP_FAM_IPV4].max_prefix_threshold = 50;
	fx.pconf[0].af[BGP_FAM_IPV4].max_prefix_warning_only = true;
	send_many(c1, IBGP_BASE, 0, 49, false);
	ck_assert(!pf->pfx_warned);
	send_many(c1, IBGP_BASE, 49, 11, false);
	ck_assert(pf->pfx_warned && !pf->pfx_over);
	send_many(c1, IBGP_BASE, 60, 60, false);
	ck_assert(pf->pfx_over);
	ck_assert_int_eq(max_prefix_hits, 0);
	ck_assert_uint_eq(pf->pfx_rcvd, 120);
	send_many(c1, IBGP_BASE, 0, 100, true);
	ck_assert_uint_eq(pf->pfx_rcvd, 20);
	ck_assert(!pf->pfx_warned && !pf->pfx_over);
}
END_TEST

/* ---- drafts: the inverse of interning ---- */

static void
draft_check_msg(struct bgp_intern *in, const uint8_t *body, size_t len)
{
	struct bgp_update *a = calloc(1, sizeof(*a));
	struct bgp_update *b = calloc(1, sizeof(*b));
	static uint8_t out[BODY_MAX];
	struct bgp_path_attrs *s, *s2, *s3;
	struct bgp_peer_caps caps;
	struct wire_wr wr;
	struct wire_rd rd;
	struct bgp_err err;

	caps_get(C_IBGP4, &caps);
	wire_rd_init(&rd, body, len);
	bgp_err_init(&err);
	bgp_arena_reset(&arena);
	if (bgp_update_parse(&codec, &caps, &rd, &arena, a, &err) !=
	    BGP_ACT_NONE || a->eor) {
		free(a);
		free(b);
		return;
	}
	s = bgp_attrs_intern(in, &a->attrs);
	bgp_path_attrs_draft(s, &b->attrs);
	s2 = bgp_attrs_intern(in, &b->attrs);
	ck_assert_ptr_eq(s, s2);
	/* and it encodes: NLRI views from the original */
	if (bgp_attrs_has(&a->attrs, BGP_ATTR_MP_REACH_NLRI)) {
		b->attrs.mp_reach.afi = a->attrs.mp_reach.afi;
		b->attrs.mp_reach.safi = a->attrs.mp_reach.safi;
		b->attrs.mp_reach.nlri = a->attrs.mp_reach.nlri;
	} else
		bgp_attrs_clear(&b->attrs, BGP_ATTR_MP_REACH_NLRI);
	if (bgp_attrs_has(&a->attrs, BGP_ATTR_MP_UNREACH_NLRI)) {
		bgp_attrs_set(&b->attrs, BGP_ATTR_MP_UNREACH_NLRI);
		b->attrs.mp_unreach.afi = a->attrs.mp_unreach.afi;
		b->attrs.mp_unreach.safi = a->attrs.mp_unreach.safi;
		b->attrs.mp_unreach.nlri = a->attrs.mp_unreach.nlri;
	}
	b->nlri_raw = a->nlri_raw;
	b->withdrawn_raw = a->withdrawn_raw;
	wire_wr_init(&wr, out, sizeof(out));
	ck_assert_int_eq(bgp_update_encode(&codec, &caps, &wr, b), 0);
	wire_rd_init(&rd, out + BGP_HDR_LEN, wire_wr_len(&wr) - BGP_HDR_LEN);
	bgp_arena_reset(&arena);
	ck_assert_int_eq(bgp_update_parse(&codec, &caps, &rd, &arena, a,
	    &err), BGP_ACT_NONE);
	s3 = bgp_attrs_intern(in, &a->attrs);
	ck_assert_ptr_eq(s, s3);
	bgp_path_attrs_unref(in, s);
	bgp_path_attrs_unref(in, s2);
	bgp_path_attrs_unref(in, s3);
	free(a);
	free(b);
}

static size_t
draft_check_line(struct bgp_intern *in, const char *hex)
{
	static uint8_t msg[BODY_MAX * 4];
	size_t n = unhex(hex, msg, sizeof(msg)), off = 0, k = 0;

	while (off + BGP_HDR_LEN <= n) {
		size_t len = (size_t)msg[off + 16] << 8 | msg[off + 17];

		if (len < BGP_HDR_LEN || off + len > n)
			break;
		if (msg[off + 18] == BGP_MSG_UPDATE) {
			draft_check_msg(in, msg + off + BGP_HDR_LEN,
			    len - BGP_HDR_LEN);
			k++;
		}
		off += len;
	}
	return k;
}

START_TEST(draft_round_trip_vectors)
{
	struct bgp_intern *in = bgp_intern_new();
	struct dirent *de;
	DIR *dir;
	size_t k = 0;

	setup();
	dir = opendir(VECTOR_DIR);
	ck_assert_ptr_nonnull(dir);
	while ((de = readdir(dir)) != NULL) {
		size_t l = strlen(de->d_name);
		char path[512], *line = NULL;
		size_t cap = 0;
		ssize_t len;
		FILE *f;

		if (l < 4 || strcmp(de->d_name + l - 4, ".hex") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", VECTOR_DIR, de->d_name);
		f = fopen(path, "r");
		ck_assert_ptr_nonnull(f);
		while ((len = getline(&line, &cap, f)) > 0) {
			while (len > 0 && isspace((unsigned char)line[len - 1]))
				line[--len] = '\0';
			if (len > 0 && line[0] != '#')
				k += draft_check_line(in, line);
		}
		free(line);
		fclose(f);
	}
	closedir(dir);
	ck_assert_uint_gt(k, 10);
	ck_assert_uint_eq(bgp_intern_free(in), 0);
}
END_TEST

/* ---- the kernel hook (bgp.h: rib_change), multipath, redistribution ---- */

#define NH3		"40 03 04 0a000003 "

static struct {
	size_t			 calls;
	uint32_t		 table;
	struct ip_prefix	 pfx;
	size_t			 n;
	struct ip_addr		 nh[BGP_RIB_NEXTHOPS_MAX];
} ribc;

static void
rib_change_cb(void *arg, uint32_t table, const struct ip_prefix *pfx,
    const struct ip_addr *nh, size_t n)
{
	(void)arg;
	ribc.calls++;
	ribc.table = table;
	ribc.pfx = *pfx;
	ribc.n = n;
	memcpy(ribc.nh, nh, n * sizeof(*nh));
}

/* The last report had exactly these next hops (sorted, as sent). */
static bool
ribc_is(size_t n, const char *a, const char *b, const char *c)
{
	const char *want[3] = { a, b, c };
	char buf[IP_STRLEN];

	if (ribc.n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(ip_fmt(&ribc.nh[i], buf), want[i]) != 0)
			return false;
	return true;
}

static void
reconf(void)
{
	bgp_rib_reconfigure(&fx.bgp);
	run();
}

START_TEST(multipath_rib_change)
{
	struct peer_def e3d = E1;
	struct bgp_peer *e1, *e2, *e3;
	char buf[PREFIX_STRLEN];

	memset(&ribc, 0, sizeof(ribc));
	fx.bgp.rib_change = rib_change_cb;
	e3d.addr = "10.0.1.3";
	e3d.id = 0x0a000103;
	e1 = peer_add(0, E1);
	e3 = peer_add(1, e3d);
	e2 = peer_add(2, E2);
	send_hex(e1, NULL, EBGP_BASE, NLRI1);
	ck_assert_uint_eq(ribc.calls, 1);
	ck_assert_str_eq(prefix_fmt(&ribc.pfx, buf), PFX);
	ck_assert(ribc_is(1, "10.0.0.1", NULL, NULL));
	/* An equal path, no maximum-paths: nothing changes. */
	send_hex(e3, NULL, ORIGIN ASP4 NH3, NLRI1);
	ck_assert_uint_eq(ribc.calls, 1);
	fx.inst.unicast[BGP_FAM_IPV4].maximum_paths = 4;
	reconf();
	ck_assert(ribc_is(2, "10.0.0.1", "10.0.0.3", NULL));
	/* Same length, another neighbouring AS: only with multipath-relax. */
	send_hex(e2, NULL, ORIGIN ASP_1B NH2, NLRI1);
	ck_assert(ribc_is(2, "10.0.0.1", "10.0.0.3", NULL));
	fx.inst.multipath_relax = true;
	reconf();
	ck_assert(ribc_is(3, "10.0.0.1", "10.0.0.2", "10.0.0.3"));
	/* maximum-paths bounds it, best path first. */
	fx.inst.unicast[BGP_FAM_IPV4].maximum_paths = 1;
	reconf();
	ck_assert(ribc_is(1, "10.0.0.1", NULL, NULL));
	fx.inst.unicast[BGP_FAM_IPV4].maximum_paths = 4;
	reconf();
	/* A worse MED (same neighbouring AS as the best) drops out. */
	send_hex(e3, NULL, ORIGIN ASP4 NH3 MED("0000000a"), NLRI1);
	ck_assert(ribc_is(2, "10.0.0.1", "10.0.0.2", NULL));
	/* bgp no-rib: what was installed is removed, nothing more. */
	fx.conf.no_rib = true;
	reconf();
	ck_assert(ribc_is(0, NULL, NULL, NULL));
	ribc.calls = 0;
	send_hex(e2, NULL, ORIGIN ASP_1B NH2 MED("00000001"), NLRI1);
	ck_assert_uint_eq(ribc.calls, 0);
	fx.conf.no_rib = false;
	reconf();
	ck_assert(ribc.n >= 1);
	/* Withdrawn everywhere: n == 0. */
	peer_del(0);
	peer_del(1);
	peer_del(2);
	ck_assert(ribc_is(0, NULL, NULL, NULL));
}
END_TEST

/*
 * A VRF instance (bgp_vrf.c) reports its routes with its kernel table,
 * with ECMP per its own maximum-paths; the default instance with 0
 * (main).  The JSON names the VRF.
 */
START_TEST(vrf_rib_change_table)
{
	struct peer_def e3d = E1;
	struct bgp_peer *e1, *e3;
	char *s = NULL;
	size_t len = 0;
	FILE *f;
	struct bgp_show_req q = { .what = BGP_SHOW_ROUTES, .json = true,
	    .fam = BGP_FAM_IPV4 };

	memset(&ribc, 0, sizeof(ribc));
	fx.bgp.rib_change = rib_change_cb;
	e1 = peer_add(0, E1);
	send_hex(e1, NULL, EBGP_BASE, NLRI1);
	ck_assert_uint_eq(ribc.calls, 1);
	ck_assert_uint_eq(ribc.table, 0);
	peer_del(0);
	ck_assert(ribc_is(0, NULL, NULL, NULL));
	ck_assert_uint_eq(ribc.table, 0);
	fx.bgp.table = 100;
	snprintf(fx.bgp.vrf, sizeof(fx.bgp.vrf), "tenant1");
	fx.bgp.root = &fx.bgp;	/* any non-NULL: a child */
	fx.inst.unicast[BGP_FAM_IPV4].maximum_paths = 2;
	reconf();
	e3d.addr = "10.0.1.3";
	e3d.id = 0x0a000103;
	e1 = peer_add(0, E1);
	e3 = peer_add(1, e3d);
	send_hex(e1, NULL, EBGP_BASE, NLRI1);
	send_hex(e3, NULL, ORIGIN ASP4 NH3, NLRI1);
	ck_assert_uint_eq(ribc.table, 100);
	ck_assert(ribc_is(2, "10.0.0.1", "10.0.0.3", NULL));
	f = open_memstream(&s, &len);
	ck_assert_int_eq(bgp_show_routes(&fx.bgp, &q, f), 0);
	fclose(f);
	ck_assert_msg(strstr(s, "\"vrfName\":\"tenant1\"") != NULL, "%s", s);
	ck_assert_msg(strstr(s, "\"vrfId\":-1") != NULL, "%s", s);
	free(s);
	peer_del(0);
	peer_del(1);
	ck_assert(ribc_is(0, NULL, NULL, NULL));
	ck_assert_uint_eq(ribc.table, 100);
	fx.bgp.root = NULL;
}
END_TEST

START_TEST(local_routes_not_installed)
{
	struct bgp_peer *i1;

	memset(&ribc, 0, sizeof(ribc));
	fx.bgp.rib_change = rib_change_cb;
	i1 = peer_add(0, I1);
	fx.nets[0].addr.af = IP_AF_V4;
	fx.nets[0].addr.a[0] = 10;
	fx.nets[0].len = 8;
	fx.inst.unicast[BGP_FAM_IPV4].networks = fx.nets;
	fx.inst.unicast[BGP_FAM_IPV4].nnetworks = 1;
	reconf();
	send_hex(i1, NULL, IBGP_BASE, NLRI1);	/* the local one is best */
	ck_assert_uint_eq(ribc.calls, 0);
	fx.inst.unicast[BGP_FAM_IPV4].nnetworks = 0;
	reconf();
	ck_assert(ribc_is(1, "10.0.0.1", NULL, NULL));
}
END_TEST

/* A VRF instance's EVPN prefix (bgp_vrf_evpn_set) loses to a learned
 * path and is never installed; it is best when it is the only one. */
START_TEST(evpn_prefix_below_learned)
{
	struct bgp_peer *i1;
	struct ip_prefix p;

	memset(&ribc, 0, sizeof(ribc));
	fx.bgp.rib_change = rib_change_cb;
	i1 = peer_add(0, I1);
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(ip_parse("10.0.0.0", &p.addr), 0);
	p.len = 8;
	bgp_rib_local_set(&fx.bgp, BGP_FAM_IPV4, BGP_LOCAL_EVPN, &p, true,
	    BGP_ORIGIN_INCOMPLETE);
	run();
	ck_assert_ptr_nonnull(dest_of(BGP_FAM_IPV4, PFX)->best);
	ck_assert_ptr_null(best_peer(PFX));
	ck_assert_uint_eq(ribc.calls, 0);
	send_hex(i1, NULL, IBGP_BASE, NLRI1);	/* learned: it wins */
	ck_assert_ptr_eq(best_peer(PFX), i1);
	ck_assert(ribc_is(1, "10.0.0.1", NULL, NULL));
	send_hex(i1, NLRI1, NULL, NULL);	/* back to the EVPN one */
	ck_assert_ptr_null(best_peer(PFX));
	ck_assert_ptr_nonnull(dest_of(BGP_FAM_IPV4, PFX)->best);
	ck_assert(ribc_is(0, NULL, NULL, NULL));
	bgp_rib_local_set(&fx.bgp, BGP_FAM_IPV4, BGP_LOCAL_EVPN, &p, false,
	    BGP_ORIGIN_INCOMPLETE);
	run();
	ck_assert_ptr_null(dest_of(BGP_FAM_IPV4, PFX));
}
END_TEST

/* ---- aggregate-address (bgp_aggregate.c) ---- */

static struct ip_prefix
pfx_of(const char *a, uint8_t len)
{
	struct ip_prefix p;

	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(ip_parse(a, &p.addr), 0);
	p.len = len;
	return p;
}

START_TEST(aggregate_covers)
{
	static const struct {
		const char	*agg;
		uint8_t		 alen;
		const char	*p;
		uint8_t		 plen;
		bool		 covers;
	} t[] = {
		{ "10.0.0.0", 7, "10.0.0.0", 8, true },
		{ "10.0.0.0", 7, "11.1.0.0", 16, true },
		{ "10.0.0.0", 7, "12.0.0.0", 8, false },
		{ "10.0.0.0", 8, "10.0.0.0", 8, false },	/* not strict */
		{ "10.0.0.0", 8, "10.0.0.0", 7, false },
		{ "0.0.0.0", 0, "192.0.2.1", 32, true },
		{ "192.168.0.0", 16, "192.168.100.1", 32, true },
		{ "192.168.0.0", 16, "192.169.0.0", 24, false },
		{ "fd00::", 8, "fd00:1::", 48, true },
		{ "fd00::", 8, "10.0.0.0", 8, false },		/* family */
		{ "2001:db8::", 33, "2001:db8:8000::", 48, false },
		{ "2001:db8::", 33, "2001:db8:7fff::", 48, true },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ip_prefix a = pfx_of(t[i].agg, t[i].alen);
		struct ip_prefix p = pfx_of(t[i].p, t[i].plen);

		ck_assert_msg(bgp_prefix_covers(&a, &p) == t[i].covers,
		    "case %zu", i);
	}
}
END_TEST

START_TEST(aggregate_origin)
{
	size_t n[3] = { 2, 0, 0 };

	ck_assert_uint_eq(bgp_aggregate_origin(n), BGP_ORIGIN_IGP);
	n[BGP_ORIGIN_EGP] = 1;
	ck_assert_uint_eq(bgp_aggregate_origin(n), BGP_ORIGIN_EGP);
	n[BGP_ORIGIN_INCOMPLETE] = 1;
	ck_assert_uint_eq(bgp_aggregate_origin(n), BGP_ORIGIN_INCOMPLETE);
}
END_TEST

/* 10.0.0.0/7 over NLRI1 (10.0.0.0/8): advertised while 10/8 has a best
 * path; summary-only suppresses 10/8; nothing of it is installed. */
START_TEST(aggregate_follows_contributors)
{
	struct bgp_conf_aggregate ag = { pfx_of("10.0.0.0", 7), true };
	struct bgp_peer *i1;
	struct bgp_dest *d;

	memset(&ribc, 0, sizeof(ribc));
	fx.bgp.rib_change = rib_change_cb;
	i1 = peer_add(0, I1);
	fx.inst.unicast[BGP_FAM_IPV4].aggregates = &ag;
	fx.inst.unicast[BGP_FAM_IPV4].naggregates = 1;
	reconf();
	ck_assert_ptr_null(dest_of(BGP_FAM_IPV4, "10.0.0.0/7"));
	send_hex(i1, NULL, ORIGIN_EGP ASP0 NH1 LP100, NLRI1);
	d = dest_of(BGP_FAM_IPV4, "10.0.0.0/7");
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(d->best);
	ck_assert_ptr_null(d->best->peer);
	ck_assert_uint_eq(d->best->attrs->k.origin, BGP_ORIGIN_EGP);
	ck_assert(bgp_aggregate_suppressed(&fx.bgp, BGP_FAM_IPV4,
	    dest_of(BGP_FAM_IPV4, PFX)));
	ck_assert(!bgp_aggregate_suppressed(&fx.bgp, BGP_FAM_IPV4, d));
	ck_assert(ribc_is(1, "10.0.0.1", NULL, NULL));	/* only 10/8 */
	/* without summary-only the more specific goes out again */
	ag.summary_only = false;
	reconf();
	ck_assert(!bgp_aggregate_suppressed(&fx.bgp, BGP_FAM_IPV4,
	    dest_of(BGP_FAM_IPV4, PFX)));
	ck_assert_ptr_nonnull(dest_of(BGP_FAM_IPV4, "10.0.0.0/7"));
	/* the last contributor goes: so does the aggregate */
	send_hex(i1, NLRI1, NULL, NULL);
	run();
	ck_assert_ptr_null(dest_of(BGP_FAM_IPV4, "10.0.0.0/7"));
	/* deconfigured while active: withdrawn */
	send_hex(i1, NULL, IBGP_BASE, NLRI1);
	ck_assert_ptr_nonnull(dest_of(BGP_FAM_IPV4, "10.0.0.0/7"));
	fx.inst.unicast[BGP_FAM_IPV4].naggregates = 0;
	reconf();
	ck_assert_ptr_null(dest_of(BGP_FAM_IPV4, "10.0.0.0/7"));
	fx.inst.unicast[BGP_FAM_IPV4].aggregates = NULL;
}
END_TEST

START_TEST(redistribute_originates)
{
	struct bgp_peer *i1 = peer_add(0, I1);
	struct ip_prefix p;
	struct bgp_update *up = calloc(1, sizeof(*up));
	char buf[IP_STRLEN];

	memset(&p, 0, sizeof(p));
	p.addr.af = IP_AF_V4;
	p.addr.a[0] = 10;
	p.addr.a[1] = 5;
	p.len = 16;
	/* Known before it is configured: originated on reconfiguration. */
	bgp_redist_set(&fx.bgp, BGP_REDIST_CONNECTED, &p, true);
	run();
	ck_assert(!sent(i1, "10.5.0.0/16", NULL));
	fx.inst.unicast[BGP_FAM_IPV4].redistribute_connected = true;
	reconf();
	ck_assert(sent(i1, "10.5.0.0/16", up));
	ck_assert_uint_eq(up->attrs.origin, BGP_ORIGIN_INCOMPLETE);
	/* IBGP next hop: our session address (the group key has it). */
	ck_assert_str_eq(ip_fmt(&up->attrs.nexthop, buf), "192.0.2.1");
	/* Another kind for the same prefix, not redistributed: no change;
	 * the redistributed kind goes: withdrawn. */
	bgp_redist_set(&fx.bgp, BGP_REDIST_STATIC, &p, true);
	bgp_redist_set(&fx.bgp, BGP_REDIST_CONNECTED, &p, false);
	run();
	ck_assert(withdrawn(i1, "10.5.0.0/16"));
	fx.inst.unicast[BGP_FAM_IPV4].redistribute_static = true;
	reconf();
	ck_assert(sent(i1, "10.5.0.0/16", NULL));
	fx.inst.unicast[BGP_FAM_IPV4].redistribute_static = false;
	reconf();
	ck_assert(withdrawn(i1, "10.5.0.0/16"));
	free(up);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("bgp_rib");
	TCase *tc = tcase_create("rib");

	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, best_local_pref);
	tcase_add_test(tc, best_local_origin);
	tcase_add_test(tc, best_as_path_then_origin);
	tcase_add_test(tc, best_med_same_neighbour_only);
	tcase_add_test(tc, best_ebgp_over_ibgp);
	tcase_add_test(tc, best_router_id_originator_cluster_address);
	tcase_add_test(tc, best_not_eligible);
	tcase_add_test(tc, martian_next_hops);
	tcase_add_test(tc, rr_client_to_all);
	tcase_add_test(tc, rr_nonclient_to_clients_only);
	tcase_add_test(tc, rr_loops_dropped);
	tcase_add_test(tc, ebgp_export);
	tcase_add_test(tc, rfc8212_deny);
	tcase_add_test(tc, peer_down_withdraws);
	tcase_add_test(tc, packing_1000);
	tcase_add_test(tc, flush_budget_slices);
	tcase_add_test(tc, walk_and_eor);
	tcase_add_test(tc, evpn_reflect_exact_and_withdraw_label0);
	tcase_add_test(tc, as4_merge_and_split);
	tcase_add_test(tc, max_prefix_stops);
	tcase_add_test(tc, max_prefix_warning_only);
	tcase_add_test(tc, show_routes_json);
	tcase_add_test(tc, mixed_update_and_v6_nexthops);
	tcase_add_test(tc, multipath_rib_change);
	tcase_add_test(tc, vrf_rib_change_table);
	tcase_add_test(tc, local_routes_not_installed);
	tcase_add_test(tc, evpn_prefix_below_learned);
	tcase_add_test(tc, aggregate_covers);
	tcase_add_test(tc, aggregate_origin);
	tcase_add_test(tc, aggregate_follows_contributors);
	tcase_add_test(tc, redistribute_originates);
	suite_add_tcase(s, tc);
	tc = tcase_create("draft");
	tcase_add_test(tc, draft_round_trip_vectors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(suite());
}

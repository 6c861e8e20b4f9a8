/*
 * fib_nl.c -- the netlink sockets: opening them, the non-blocking
 * reads, parsing what the kernel sends, the dump state machine, and
 * building and sending route requests.
 *
 * DOC: see fib_local.h for the three sockets.  Everything the kernel
 * sends is untrusted input (another process may have installed odd
 * routes): messages are walked with nlmsg_ok()/nlmsg_next(), attributes
 * parsed with nlmsg_parse() under a policy, every address length checked
 * against its family, multipath next hops walked with their own bounds
 * (rtnetlink(7)); a message that fails is logged at debug and skipped.
 * A datagram larger than FIB_RX_BUF (MSG_TRUNC) is treated as an
 * overrun: resync.
 *
 * Requests are built with libnl's message API (fib_nlmsg_new, nla_put) and copied back to back into one buffer that goes out in one
 * sendto(); libnl's synchronous helpers are never used (STYLE.md
 * section 7).  NETLINK_CAP_ACK keeps error ACKs small (the request is
 * not echoed), NETLINK_EXT_ACK adds the kernel's reason text.
 */
#include "fib_local.h"

#include <sys/socket.h>

#include <arpa/inet.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/fib_rules.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <event2/event.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK	11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK	10
#endif

static const struct nla_policy route_policy[RTA_MAX + 1] = {
	[RTA_DST] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[RTA_GATEWAY] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[RTA_TABLE] = { .type = NLA_U32 },
	[RTA_PRIORITY] = { .type = NLA_U32 },
	[RTA_OIF] = { .type = NLA_U32 },
	/* struct rtvia: a 2-octet family, then its address */
	[RTA_VIA] = { .type = NLA_UNSPEC, .minlen = 6, .maxlen = 18 },
};

static const struct nla_policy addr_policy[IFA_MAX + 1] = {
	[IFA_ADDRESS] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[IFA_LOCAL] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
};

/* The selectors only need to be seen: NLA_UNSPEC (any length). */
static const struct nla_policy rule_policy[FRA_MAX + 1] = {
	[FRA_IIFNAME] = { .type = NLA_UNSPEC },
	[FRA_TABLE] = { .type = NLA_U32 },
	[FRA_PRIORITY] = { .type = NLA_U32 },
};

static uint8_t
af_of(int family)
{
	return family == AF_INET ? IP_AF_V4 : family == AF_INET6 ? IP_AF_V6 :
	    IP_AF_NONE;
}

/* An address attribute of family af into *a: 0, or -1 (wrong length). */
static int
attr_addr(const struct nlattr *na, uint8_t af, struct ip_addr *a)
{
	size_t alen = ip_af_len(af);

	if (na == NULL || (size_t)nla_len(na) != alen)
		return -1;
	memset(a, 0, sizeof(*a));
	a->af = af;
	memcpy(a->a, nla_data(na), alen);
	return 0;
}

/* ---- parsing ---- */

/* One next hop's interface and RTNH_F_ONLINK: what all of them share. */
static void
kroute_dev(struct fib_kroute *r, uint32_t ifindex, bool onlink)
{
	if (r->ndev++ == 0) {
		r->oif = ifindex;
		r->onlink = onlink;
		return;
	}
	if (r->oif != ifindex)
		r->oif = 0;
	r->onlink = r->onlink && onlink;
}

/* RTA_VIA (a next hop of the other family: an IPv6 prefix via an IPv4
 * VTEP, RFC 8950-style) into *a: 0, or -1. */
static int
attr_via(const struct nlattr *na, struct ip_addr *a)
{
	const uint8_t *p = nla_data(na);
	uint16_t family;
	uint8_t af;

	if (nla_len(na) < 2)
		return -1;
	memcpy(&family, p, 2);
	if ((af = af_of(family)) == IP_AF_NONE ||
	    (size_t)nla_len(na) != 2 + ip_af_len(af))
		return -1;
	memset(a, 0, sizeof(*a));
	a->af = af;
	memcpy(a->a, p + 2, ip_af_len(af));
	return 0;
}

static void
kroute_gw(struct fib_kroute *r, struct nlattr **tb, uint8_t af)
{
	struct ip_addr gw;
	int rc;

	if (tb[RTA_GATEWAY] == NULL && tb[RTA_VIA] == NULL)
		return;
	r->has_gw = true;
	rc = tb[RTA_GATEWAY] != NULL ? attr_addr(tb[RTA_GATEWAY], af, &gw) :
	    attr_via(tb[RTA_VIA], &gw);
	if (rc == -1 || r->nnh == FIB_NEXTHOPS_MAX) {
		r->nh_unusable = true;
		return;
	}
	r->nh[r->nnh++] = gw;
}

/* RTA_MULTIPATH: struct rtnexthop entries, each with its attributes
 * (rtnetlink(7)).  0, or -1 when malformed. */
static int
kroute_mpath(struct fib_kroute *r, struct nlattr *mp, uint8_t af)
{
	struct rtnexthop *nh = nla_data(mp);
	int rem = nla_len(mp);

	while (rem >= (int)sizeof(*nh)) {
		struct nlattr *tb[RTA_MAX + 1];
		int alen;

		if (nh->rtnh_len < sizeof(*nh) || nh->rtnh_len > rem)
			return -1;
		alen = nh->rtnh_len - (int)RTNH_LENGTH(0);
		if (nla_parse(tb, RTA_MAX, (struct nlattr *)RTNH_DATA(nh),
		    alen, route_policy) < 0)
			return -1;
		kroute_dev(r, (uint32_t)nh->rtnh_ifindex,
		    (nh->rtnh_flags & RTNH_F_ONLINK) != 0);
		kroute_gw(r, tb, af);
		rem -= (int)RTNH_ALIGN(nh->rtnh_len);
		nh = RTNH_NEXT(nh);
	}
	return 0;
}

int
fib_nl_parse_route(struct nlmsghdr *h, struct fib_kroute *r)
{
	struct nlattr *tb[RTA_MAX + 1];
	const struct rtmsg *rtm;
	uint8_t af;

	if (nlmsg_parse(h, sizeof(*rtm), tb, RTA_MAX, route_policy) < 0)
		return -1;
	rtm = nlmsg_data(h);
	if ((af = af_of(rtm->rtm_family)) == IP_AF_NONE ||
	    rtm->rtm_dst_len > ip_af_len(af) * 8 ||
	    (rtm->rtm_flags & RTM_F_CLONED))
		return -1;
	memset(r, 0, sizeof(*r));
	r->type = rtm->rtm_type;
	r->proto = rtm->rtm_protocol;
	r->tos = rtm->rtm_tos;
	r->table = tb[RTA_TABLE] != NULL ? nla_get_u32(tb[RTA_TABLE]) :
	    rtm->rtm_table;
	r->metric = tb[RTA_PRIORITY] != NULL ?
	    nla_get_u32(tb[RTA_PRIORITY]) : 0;
	r->pfx.len = rtm->rtm_dst_len;
	r->pfx.addr.af = af;
	if (tb[RTA_DST] != NULL) {
		if (attr_addr(tb[RTA_DST], af, &r->pfx.addr) == -1)
			return -1;
	} else if (rtm->rtm_dst_len != 0)
		return -1;
	fib_prefix_mask(&r->pfx);
	/* A single path has its interface in RTA_OIF and its flags in
	 * rtm_flags; a multipath route in each struct rtnexthop. */
	if (tb[RTA_MULTIPATH] == NULL)
		kroute_dev(r, tb[RTA_OIF] != NULL ?
		    nla_get_u32(tb[RTA_OIF]) : 0,
		    (rtm->rtm_flags & RTNH_F_ONLINK) != 0);
	kroute_gw(r, tb, af);
	if (tb[RTA_MULTIPATH] != NULL &&
	    kroute_mpath(r, tb[RTA_MULTIPATH], af) == -1)
		return -1;
	return 0;
}

int
fib_nl_parse_addr(struct nlmsghdr *h, struct fib_kaddr *ka)
{
	struct nlattr *tb[IFA_MAX + 1];
	const struct ifaddrmsg *ifa;
	uint8_t af;

	if (nlmsg_parse(h, sizeof(*ifa), tb, IFA_MAX, addr_policy) < 0)
		return -1;
	ifa = nlmsg_data(h);
	if ((af = af_of(ifa->ifa_family)) == IP_AF_NONE ||
	    ifa->ifa_prefixlen > ip_af_len(af) * 8)
		return -1;
	memset(ka, 0, sizeof(*ka));
	ka->ifindex = ifa->ifa_index;
	ka->scope = ifa->ifa_scope;
	ka->pfx.len = ifa->ifa_prefixlen;
	/* IPv4: IFA_LOCAL is the address, IFA_ADDRESS the peer on
	 * point-to-point links (rtnetlink(7)). */
	if (attr_addr(tb[IFA_LOCAL] != NULL ? tb[IFA_LOCAL] :
	    tb[IFA_ADDRESS], af, &ka->pfx.addr) == -1)
		return -1;
	return 0;
}

/* Selectors beside iif a VRF binding does not have (linux/fib_rules.h). */
static bool
rule_is_plain(const struct fib_rule_hdr *frh, struct nlattr **tb)
{
	static const int sel[] = {
		FRA_DST, FRA_SRC, FRA_FWMARK, FRA_FWMASK, FRA_OIFNAME,
		FRA_TUN_ID, FRA_L3MDEV, FRA_UID_RANGE, FRA_IP_PROTO,
		FRA_SPORT_RANGE, FRA_DPORT_RANGE, FRA_GOTO,
	};

	if (frh->src_len != 0 || frh->dst_len != 0 || frh->tos != 0 ||
	    (frh->flags & FIB_RULE_INVERT))
		return false;
	for (size_t i = 0; i < sizeof(sel) / sizeof(sel[0]); i++)
		if (tb[sel[i]] != NULL)
			return false;
	return true;
}

int
fib_nl_parse_rule(struct nlmsghdr *h, struct fib_krule *r)
{
	struct nlattr *tb[FRA_MAX + 1];
	const struct fib_rule_hdr *frh;
	uint8_t af;

	if (nlmsg_parse(h, sizeof(*frh), tb, FRA_MAX, rule_policy) < 0)
		return -1;
	frh = nlmsg_data(h);
	if ((af = af_of(frh->family)) == IP_AF_NONE)
		return -1;	/* RTNL_FAMILY_IPMR, ...: not routing */
	memset(r, 0, sizeof(*r));
	r->af = af;
	r->action = frh->action;
	r->table = tb[FRA_TABLE] != NULL ? nla_get_u32(tb[FRA_TABLE]) :
	    frh->table;
	r->priority = tb[FRA_PRIORITY] != NULL ?
	    nla_get_u32(tb[FRA_PRIORITY]) : 0;
	r->plain = rule_is_plain(frh, tb);
	if (tb[FRA_IIFNAME] != NULL) {
		/* A NUL-terminated name shorter than IFNAMSIZ, within the
		 * attribute. */
		const char *name = nla_data(tb[FRA_IIFNAME]);
		size_t n = strnlen(name, (size_t)nla_len(tb[FRA_IIFNAME]));

		if (n >= sizeof(r->iif))
			return -1;
		memcpy(r->iif, name, n);
	}
	return 0;
}

static void	resync_later(struct fib *, long usec);

/*
 * A link went up or down (or appeared, or went): the kernel added or
 * flushed routes through it without telling (IPv4 sends no
 * RTM_DELROUTE for them), so resync after a short quiet time; the dump
 * puts back what we want and retries what it refused (fib_route.c).
 * A dump only records the state.  AF_BRIDGE link messages are a bridge
 * port's flags (RTM_DELLINK: it left the bridge), not the link's state.
 * 0, or -1 when malformed.
 */
static int
link_msg(struct fib *fib, struct nlmsghdr *h, bool dump)
{
	const struct ifinfomsg *ifi = nlmsg_data(h);
	bool del = h->nlmsg_type == RTM_DELLINK;
	struct fib_klink k;

	if (nlmsg_datalen(h) < (int)sizeof(*ifi))
		return -1;
	if (ifi->ifi_family != AF_BRIDGE &&
	    fib_watch_link(fib, (uint32_t)ifi->ifi_index, ifi->ifi_flags,
	    del) && !dump)
		resync_later(fib, FIB_LINK_QUIET_US);
	if (!fib->l2_links)
		return 0;
	if (fib_nl_parse_link(h, &k) == -1)
		return -1;
	fib_l2w_link(fib, &k, del);
	return 0;
}

/* A route or address message from the monitor or a dump. */
static void
msg_dispatch(struct fib *fib, struct nlmsghdr *h, bool dump)
{
	struct fib_kroute r;
	struct fib_kaddr ka;
	struct fib_kneigh kn;
	struct fib_krule kr;
	bool add = h->nlmsg_type == RTM_NEWROUTE ||
	    h->nlmsg_type == RTM_NEWADDR;

	switch (h->nlmsg_type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if (fib_nl_parse_route(h, &r) == -1)
			break;
		if (r.proto != FIB_RTPROT_BGP)
			fib_watch_route(fib, &r, add);
		else if (dump)
			fib_route_dumped(fib, &r);
		/* Our own routes' echoes on the monitor are ignored: the
		 * ACKs say what happened to them. */
		return;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (fib_nl_parse_addr(h, &ka) == -1)
			break;
		fib_watch_addr(fib, &ka, add);
		fib_l2w_addr(fib, &ka, add);
		return;
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (link_msg(fib, h, dump) == -1)
			break;
		return;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		if (fib_nl_parse_neigh(h, &kn) == -1)
			break;
		fib_l2w_neigh(fib, &kn, h->nlmsg_type == RTM_DELNEIGH, dump);
		return;
	case RTM_NEWRULE:
	case RTM_DELRULE:
		if (fib->rule_fn == NULL)
			return;
		if (fib_nl_parse_rule(h, &kr) == -1)
			break;
		fib_rule_msg(fib, &kr, h->nlmsg_type == RTM_NEWRULE);
		return;
	default:
		return;
	}
	log_msg(fib->log, LOG_LVL_DEBUG, "fib: malformed netlink message "
	    "type %u skipped", h->nlmsg_type);
}

/* ---- dumps ---- */

/* The dump request of state st: message type, family, header size. */
static void
dump_kind(enum fib_dump_state st, int *type, uint8_t *family, size_t *hlen)
{
	*family = AF_UNSPEC;
	switch (st) {
	case FIB_DUMP_LINK:
		*type = RTM_GETLINK;
		*hlen = sizeof(struct ifinfomsg);
		return;
	case FIB_DUMP_RULE:
		/* AF_UNSPEC: every family's rules (fib_nl_dumprule). */
		*type = RTM_GETRULE;
		*hlen = sizeof(struct fib_rule_hdr);
		return;
	case FIB_DUMP_ADDR:
		*type = RTM_GETADDR;
		*hlen = sizeof(struct ifaddrmsg);
		return;
	case FIB_DUMP_FDB:
	case FIB_DUMP_NEIGH:
		/* AF_UNSPEC: the ARP and ND tables; the bridges' FDBs
		 * only with AF_BRIDGE (rtnl_fdb_dump). */
		*type = RTM_GETNEIGH;
		*family = st == FIB_DUMP_FDB ? AF_BRIDGE : AF_UNSPEC;
		*hlen = sizeof(struct ndmsg);
		return;
	case FIB_DUMP_ROUTE:
	case FIB_DUMP_IDLE:
		break;
	}
	*type = RTM_GETROUTE;
	*hlen = sizeof(struct rtmsg);
}

static int
dump_send(struct fib *fib, enum fib_dump_state st)
{
	struct {
		struct nlmsghdr	h;
		union {
			struct rtmsg		r;
			struct ifinfomsg	i;
			struct ifaddrmsg	a;
			struct ndmsg		n;
			struct fib_rule_hdr	f;
		} m;	/* each begins with its family byte */
	} req;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	size_t hlen;
	uint8_t family;
	int type;

	dump_kind(st, &type, &family, &hlen);
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(hlen);
	req.h.nlmsg_type = (uint16_t)type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = fib->dseq = ++fib->seq;
	req.m.r.rtm_family = family;
	if (sendto(fib->dump.fd, &req, req.h.nlmsg_len, 0,
	    (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		log_msg(fib->log, LOG_LVL_ERROR, "fib: netlink dump request: "
		    "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/* A dump in usec: after a failure, or a link change (debounced: a
 * pending one is not pushed back). */
static void
resync_later(struct fib *fib, long usec)
{
	struct timeval tv = { usec / 1000000, usec % 1000000 };

	if (!evtimer_pending(fib->resync_ev, NULL))
		evtimer_add(fib->resync_ev, &tv);
}

/* The dump after st that somebody needs (ROUTE: always). */
static enum fib_dump_state
dump_after(const struct fib *fib, enum fib_dump_state st)
{
	do
		st = (enum fib_dump_state)(st + 1);
	while ((st == FIB_DUMP_LINK && !fib->l2_links) ||
	    (st == FIB_DUMP_RULE && fib->rule_fn == NULL));
	return st;
}

void
fib_nl_resync(struct fib *fib)
{
	if (fib->dstate != FIB_DUMP_IDLE) {
		fib->resync_wanted = true;
		return;
	}
	fib->gen++;
	fib->dstate = dump_after(fib, FIB_DUMP_IDLE);
	if (dump_send(fib, fib->dstate) == -1) {
		fib->dstate = FIB_DUMP_IDLE;
		resync_later(fib, 1000000);
	}
}

static void
dump_next(struct fib *fib)
{
	if (fib->dstate != FIB_DUMP_ROUTE) {
		/* LINK, RULE, ADDR, FDB, NEIGH, ROUTE: enum fib_dump_state. */
		fib->dstate = dump_after(fib, fib->dstate);
		if (dump_send(fib, fib->dstate) == 0)
			return;
		fib->dstate = FIB_DUMP_IDLE;
		resync_later(fib, 1000000);
		return;
	}
	fib_watch_dump_done(fib);
	fib_rule_dump_done(fib);
	fib_l2w_dump_done(fib);
	fib_l2_dump_done(fib);
	fib_route_dump_done(fib);
	fib->dstate = FIB_DUMP_IDLE;
	if (fib->resync_wanted) {
		fib->resync_wanted = false;
		fib_nl_resync(fib);
	}
}

static void
dump_msg(struct fib *fib, struct nlmsghdr *h)
{
	if (h->nlmsg_seq != fib->dseq || fib->dstate == FIB_DUMP_IDLE)
		return;		/* an abandoned dump's tail */
	/* NLM_F_DUMP_INTR: the table changed while it was dumped. */
	if (h->nlmsg_flags & NLM_F_DUMP_INTR)
		fib->resync_wanted = true;
	if (h->nlmsg_type == NLMSG_DONE) {
		dump_next(fib);
		return;
	}
	if (h->nlmsg_type == NLMSG_ERROR) {
		log_msg(fib->log, LOG_LVL_WARNING, "fib: netlink dump "
		    "failed, retrying in a second");
		fib->dstate = FIB_DUMP_IDLE;
		resync_later(fib, 1000000);
		return;
	}
	msg_dispatch(fib, h, true);
}

/* ---- ACKs ---- */

/* NLMSGERR_ATTR_MSG of an extended ACK, NUL-terminated, or NULL. */
static const char *
ack_text(struct nlmsghdr *h)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct nlattr *attrs;
	size_t off = NLMSG_LENGTH(sizeof(struct nlmsgerr));
	const char *s;
	int len;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) || h->nlmsg_len <= off)
		return NULL;
	attrs = (struct nlattr *)(void *)((uint8_t *)h + off);
	len = (int)(h->nlmsg_len - off);
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, attrs, len, NULL) < 0 ||
	    tb[NLMSGERR_ATTR_MSG] == NULL || nla_len(tb[NLMSGERR_ATTR_MSG]) < 1)
		return NULL;
	s = nla_data(tb[NLMSGERR_ATTR_MSG]);
	if (memchr(s, '\0', (size_t)nla_len(tb[NLMSGERR_ATTR_MSG])) == NULL)
		return NULL;
	return s;
}

static void
req_msg(struct fib *fib, struct nlmsghdr *h)
{
	const struct nlmsgerr *e;

	if (h->nlmsg_type != NLMSG_ERROR ||
	    nlmsg_datalen(h) < (int)sizeof(*e))
		return;
	e = nlmsg_data(h);
	fib_route_ack(fib, h->nlmsg_seq, e->error,
	    e->error != 0 ? ack_text(h) : NULL);
}

/* ---- reading ---- */

/* The socket lost messages (ENOBUFS or a truncated datagram). */
static void
sock_overrun(struct fib *fib, enum fib_sock_kind k)
{
	log_msg(fib->log, LOG_LVL_WARNING, "fib: netlink %s socket overrun, "
	    "resynchronising", k == FIB_SK_REQ ? "request" : k == FIB_SK_DUMP ?
	    "dump" : "monitor");
	fib->resyncs++;
	if (k == FIB_SK_REQ)
		fib_route_lost(fib);
	if (k == FIB_SK_DUMP)
		fib->dstate = FIB_DUMP_IDLE;
	fib_nl_resync(fib);
}

static void
sock_read(struct fib *fib, struct fib_sock *s)
{
	enum fib_sock_kind k = s->kind;

	for (int i = 0; i < FIB_RX_BURST; i++) {
		ssize_t n = recv(s->fd, fib->rxbuf, FIB_RX_BUF, MSG_TRUNC);
		struct nlmsghdr *h = (struct nlmsghdr *)(void *)fib->rxbuf;
		int len;

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n == -1 || n > (ssize_t)FIB_RX_BUF) {
			if (n == -1 && errno != ENOBUFS)
				log_msg(fib->log, LOG_LVL_WARNING, "fib: "
				    "netlink recv: %s", strerror(errno));
			sock_overrun(fib, k);
			continue;
		}
		for (len = (int)n; nlmsg_ok(h, len); h = nlmsg_next(h, &len))
			if (k == FIB_SK_REQ)
				req_msg(fib, h);
			else if (k == FIB_SK_DUMP)
				dump_msg(fib, h);
			else
				msg_dispatch(fib, h, false);
	}
	/* Budget used up: come back after other events ran. */
	event_active(s->ev, EV_READ, 0);
}

static void
sock_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fib_sock *s = arg;

	(void)fd;
	(void)what;
	sock_read(s->fib, s);
}

static void
resync_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	fib_nl_resync(arg);
}

/* ---- sockets ---- */

static void
sock_opts(struct fib_sock *s, int rcvbuf)
{
	int one = 1, snd = FIB_SNDBUF;

	/* SO_RCVBUFFORCE needs CAP_NET_ADMIN; the plain one is capped by
	 * net.core.rmem_max. */
	if (rcvbuf > 0 && setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE,
	    &rcvbuf, sizeof(rcvbuf)) == -1)
		(void)setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		    sizeof(rcvbuf));
	(void)setsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &snd, sizeof(snd));
	(void)setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one,
	    sizeof(one));
	(void)setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one,
	    sizeof(one));
}

/*
 * The monitor's echoes of our own VXLAN entries (AF_BRIDGE, NTF_SELF and
 * NTF_EXT_LEARNED: remote MACs and flood entries) are never used -- only
 * dumps read them (fib_l2watch.c) -- and on a VTEP taking 100k routes
 * reading them was a fifth of the CPU: a socket filter drops them in the
 * kernel.  The bridge's own (NTF_MASTER) echoes and ARP/ND ones pass: a
 * local MAC or neighbour replaced by ours is reported from them.  The
 * echoes of our own routes (rtm_protocol FIB_RTPROT_BGP) go too:
 * msg_dispatch() ignores them (the ACKs tell), and on a 100k-route EBGP
 * feed parsing them cost a quarter of evpnd's CPU.
 * Offsets: nlmsghdr.nlmsg_type 4, rtmsg.rtm_protocol 21, ndmsg.ndm_family
 * 16, .ndm_flags 26.
 */
static void
mon_filter(struct fib_sock *s)
{
	const uint32_t ours = NTF_SELF | NTF_EXT_LEARNED;
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_NEWROUTE), 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_DELROUTE), 0, 2),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 21),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FIB_RTPROT_BGP, 8, 7),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_NEWNEIGH), 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_DELNEIGH), 0, 5),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 16),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_BRIDGE, 0, 3),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 26),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, ours),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ours, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (setsockopt(s->fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1)
		log_msg(s->fib->log, LOG_LVL_WARNING, "fib: monitor filter: "
		    "%s (our own echoes are read)", strerror(errno));
}

static int
sock_open(struct fib *fib, struct fib_sock *s, enum fib_sock_kind kind,
    const int *groups, size_t ngroups, int rcvbuf, char *err, size_t errlen)
{
	int rc;

	s->fib = fib;
	s->kind = kind;
	if ((s->sk = nl_socket_alloc()) == NULL)
		fatal("%s: nl_socket_alloc", __func__);
	nl_socket_disable_seq_check(s->sk);
	if ((rc = nl_connect(s->sk, NETLINK_ROUTE)) < 0 ||
	    (rc = nl_socket_set_nonblocking(s->sk)) < 0) {
		snprintf(err, errlen, "netlink socket: %s", nl_geterror(rc));
		return -1;
	}
	for (size_t i = 0; i < ngroups; i++)
		if ((rc = nl_socket_add_membership(s->sk, groups[i])) < 0) {
			snprintf(err, errlen, "netlink group %d: %s",
			    groups[i], nl_geterror(rc));
			return -1;
		}
	s->fd = nl_socket_get_fd(s->sk);
	sock_opts(s, rcvbuf);
	if (kind == FIB_SK_MON)
		mon_filter(s);
	s->ev = event_new(fib->base, s->fd, EV_READ | EV_PERSIST, sock_cb, s);
	if (s->ev == NULL || event_priority_set(s->ev, FIB_PRI_IO) == -1 ||
	    event_add(s->ev, NULL) == -1)
		fatal("%s: event_new", __func__);
	return 0;
}

int
fib_nl_open(struct fib *fib, char *err, size_t errlen)
{
	int groups[8] = {
		RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
		RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
	};
	size_t ngroups = 5;

	/* RTNLGRP_NEIGH only when someone listens: the echoes of our own
	 * FDB entries are many. */
	if (fib->fdb_fn != NULL || fib->neigh_fn != NULL)
		groups[ngroups++] = RTNLGRP_NEIGH;
	if (fib->rule_fn != NULL) {
		groups[ngroups++] = RTNLGRP_IPV4_RULE;
		groups[ngroups++] = RTNLGRP_IPV6_RULE;
	}

	fib->resync_ev = evtimer_new(fib->base, resync_cb, fib);
	if (fib->resync_ev == NULL ||
	    event_priority_set(fib->resync_ev, FIB_PRI_IO) == -1)
		fatal("%s: event_new", __func__);
	if (sock_open(fib, &fib->req, FIB_SK_REQ, NULL, 0, FIB_RCVBUF, err,
	    errlen) == -1 ||
	    sock_open(fib, &fib->dump, FIB_SK_DUMP, NULL, 0, 0, err,
	    errlen) == -1 ||
	    sock_open(fib, &fib->mon, FIB_SK_MON, groups, ngroups,
	    fib->mon_rcvbuf, err, errlen) == -1)
		return -1;
	return 0;
}

static void
sock_close(struct fib_sock *s)
{
	if (s->ev != NULL)
		event_free(s->ev);
	if (s->sk != NULL)
		nl_socket_free(s->sk);
	s->ev = NULL;
	s->sk = NULL;
}

void
fib_nl_close(struct fib *fib)
{
	sock_close(&fib->req);
	sock_close(&fib->dump);
	sock_close(&fib->mon);
	if (fib->resync_ev != NULL)
		event_free(fib->resync_ev);
	fib->resync_ev = NULL;
}

/* ---- requests ---- */

struct nl_msg *
fib_nlmsg_new(int type, int flags, size_t size)
{
	struct nl_msg *m = nlmsg_alloc_size(size);

	if (m == NULL || nlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, type, 0,
	    flags) == NULL)
		fatal("%s: nlmsg_alloc", __func__);
	return m;
}

int
fib_nl_send(struct fib *fib, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	do
		n = sendto(fib->req.fd, fib->txbuf, len, 0,
		    (struct sockaddr *)&sa, sizeof(sa));
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return -1;
	fib->batches++;
	return 0;
}

/* A next hop: RTA_GATEWAY, or RTA_VIA when its family is not the
 * prefix's (af): an IPv4 prefix via an IPv6 address (RFC 8950); IPv6
 * prefixes get IPv4-mapped gateways instead (fib_route_set_dev). */
static int
put_gw(struct nl_msg *m, uint8_t af, const struct ip_addr *nh)
{
	uint8_t via[2 + 16];
	uint16_t family = nh->af == IP_AF_V4 ? AF_INET : AF_INET6;
	size_t alen = ip_af_len(nh->af);

	if (nh->af == af)
		return nla_put(m, RTA_GATEWAY, (int)alen, nh->a);
	memcpy(via, &family, 2);
	memcpy(via + 2, nh->a, alen);
	return nla_put(m, RTA_VIA, (int)(2 + alen), via);
}

/* RTA_MULTIPATH with one struct rtnexthop (the interface, onlink) + a
 * gateway per next hop. */
static int
put_mpath(struct nl_msg *m, const struct fib_nhs *nhs, uint8_t af)
{
	struct nlattr *nest = nla_nest_start(m, RTA_MULTIPATH);

	if (nest == NULL)
		return -1;
	for (size_t i = 0; i < nhs->n; i++) {
		struct rtnexthop *rtnh = nlmsg_reserve(m, sizeof(*rtnh),
		    NLMSG_ALIGNTO);

		if (rtnh == NULL)
			return -1;
		memset(rtnh, 0, sizeof(*rtnh));
		rtnh->rtnh_ifindex = (int)nhs->oif;
		rtnh->rtnh_flags = nhs->onlink ? RTNH_F_ONLINK : 0;
		if (put_gw(m, af, &nhs->nh[i]) < 0)
			return -1;
		rtnh->rtnh_len = (unsigned short)((uint8_t *)
		    nlmsg_tail(nlmsg_hdr(m)) - (uint8_t *)rtnh);
	}
	return nla_nest_end(m, nest) < 0 ? -1 : 0;
}

static struct nl_msg *
route_msg_new(const struct fib_rt *rt, const struct fib_nhs *nhs)
{
	bool del = nhs->n == 0;
	size_t alen = ip_af_len(rt->pfx.addr.af);
	struct rtmsg rtm = {
		.rtm_family = rt->pfx.addr.af == IP_AF_V4 ? AF_INET : AF_INET6,
		.rtm_dst_len = rt->pfx.len,
		.rtm_table = rt->table < 256 ? (uint8_t)rt->table :
		    RT_TABLE_UNSPEC,
		.rtm_protocol = FIB_RTPROT_BGP,
		.rtm_scope = del ? RT_SCOPE_NOWHERE : RT_SCOPE_UNIVERSE,
		.rtm_type = RTN_UNICAST,
		/* One path: onlink in the header (two or more: in each
		 * struct rtnexthop). */
		.rtm_flags = nhs->n == 1 && nhs->onlink ? RTNH_F_ONLINK : 0,
	};
	struct nl_msg *m;

	/* NLM_F_REPLACE: one request whether or not a route exists, and
	 * an ECMP set is replaced as a whole (rtnetlink(7)). */
	m = fib_nlmsg_new(del ? RTM_DELROUTE : RTM_NEWROUTE,
	    NLM_F_REQUEST | NLM_F_ACK | (del ? 0 : NLM_F_CREATE |
	    NLM_F_REPLACE), FIB_NLMSG_BASE + nhs->n * FIB_NLMSG_PER_NH);
	if (nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(m, RTA_TABLE, rt->table) < 0 ||
	    nla_put(m, RTA_DST, (int)alen, rt->pfx.addr.a) < 0 ||
	    nla_put_u32(m, RTA_PRIORITY, del ? rt->kmetric : FIB_METRIC) < 0 ||
	    (nhs->n == 1 && put_gw(m, rt->pfx.addr.af, &nhs->nh[0]) < 0) ||
	    (nhs->n == 1 && nhs->oif != 0 &&
	    nla_put_u32(m, RTA_OIF, nhs->oif) < 0) ||
	    (nhs->n > 1 && put_mpath(m, nhs, rt->pfx.addr.af) == -1)) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

size_t
fib_nl_route_msg(const struct fib_rt *rt, const struct fib_nhs *nhs,
    uint32_t seq, uint8_t *buf, size_t cap)
{
	struct nl_msg *m = route_msg_new(rt, nhs);
	struct nlmsghdr *h;
	size_t len;

	if (m == NULL)
		fatalx("%s: route request does not fit its buffer", __func__);
	h = nlmsg_hdr(m);
	h->nlmsg_seq = seq;
	len = NLMSG_ALIGN(h->nlmsg_len);
	if (len > cap) {
		nlmsg_free(m);
		return 0;
	}
	memset(buf, 0, len);
	memcpy(buf, h, h->nlmsg_len);
	nlmsg_free(m);
	return len;
}

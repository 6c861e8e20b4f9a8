/*
 * fib_local.h -- private to fib/: the context, the route intents, the
 * redistribution sources and the seams between fib_nl.c (sockets,
 * batching, dumps), fib_route.c (intents, coalescing, the flush, the
 * stale sweep) and fib_watch.c (connected / static / kernel routes).
 *
 * DOC: three netlink sockets, each with one owner:
 *   req   route and L2 requests (fib_route.c, fib_l2.c), many per
 *         sendmsg, each with its own sequence number and NLM_F_ACK; the
 *         ACKs come back in order (the kernel handles one socket's
 *         messages sequentially) and are matched against a FIFO ring of
 *         in-flight requests (at most FIB_WINDOW).
 *   dump  RTM_GETLINK (when L2 is watched), RTM_GETRULE AF_UNSPEC (when
 *         rules are watched), RTM_GETADDR, RTM_GETNEIGH AF_BRIDGE (FDB)
 *         and AF_UNSPEC (ARP/ND), then RTM_GETROUTE: at start-up and
 *         after an overrun.  Mark and sweep: every dump has a
 *         generation; what the previous generation saw and this one did
 *         not is gone.
 *   mon   RTNLGRP_LINK, IPV4/IPV6_IFADDR, IPV4/IPV6_ROUTE (and NEIGH
 *         when local MACs or neighbours are reported, IPV4/IPV6_RULE
 *         when rules are), with a
 *         large receive buffer; ENOBUFS on it (or on req) schedules a
 *         resync dump.
 * Reads run at FIB_PRI_IO (after BGP's session I/O, STYLE.md section 7),
 * at most FIB_RX_BURST recv() calls per event; the flush at
 * FIB_PRI_FLUSH.
 */
#ifndef EVPND_FIB_FIB_LOCAL_H
#define EVPND_FIB_FIB_LOCAL_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fib.h"
#include "htab.h"
#include "log.h"
#include "siphash.h"
#include "types.h"

struct event;
struct nl_sock;
struct nlmsghdr;

#define FIB_PRI_IO	1
#define FIB_PRI_FLUSH	2
#define FIB_RX_BUF	(256u << 10)	/* one recv(); > any dump chunk */
#define FIB_TX_BATCH	(64u << 10)	/* one sendmsg() */
#define FIB_WINDOW	4096		/* requests in flight */
#define FIB_RX_BURST	64		/* recv() calls per read event */
#define FIB_RCVBUF	(32 << 20)	/* SO_RCVBUFFORCE, mon and req */
#define FIB_SNDBUF	(1 << 20)
#define FIB_METRIC	20		/* RTA_PRIORITY, as FRR's zebra */
#define FIB_STALE_SECS	120		/* default grace before the sweep */
#define FIB_LINK_QUIET_US 200000	/* resync this long after a link
					 * change */

/* ---- route intents (fib_route.c) ---- */

enum fib_want {
	FIB_WANT_UNKNOWN,	/* found in the kernel, no intent yet */
	FIB_WANT_ABSENT,
	FIB_WANT_PRESENT,
};

/* What a route is (or should be) in the kernel: sorted next hops, all
 * through oif (0: the kernel's choice, or different ones) and onlink
 * (RTNH_F_ONLINK on every one). */
struct fib_nhs {
	uint8_t		 n;
	bool		 onlink;
	uint32_t	 oif;
	struct ip_addr	*nh;		/* n entries, owned */
};

struct fib_rt {
	struct htab_ent	 te;		/* key: table, af, len, addr */
	TAILQ_ENTRY(fib_rt)	 dentry;	/* fib->dirty */
	uint32_t		 table;
	struct ip_prefix	 pfx;
	enum fib_want		 want;
	struct fib_nhs		 wnh;		/* want == PRESENT */
	bool			 in_kernel;
	struct fib_nhs		 knh;		/* in_kernel */
	uint32_t		 kmetric;	/* the kernel route's */
	bool			 dirty;
	bool			 inflight;
	bool			 again;		/* dirtied while in flight */
	bool			 failed;	/* this want was refused */
	uint32_t		 gen;		/* last dump that saw it */
};

TAILQ_HEAD(fib_rt_list, fib_rt);

/* ---- L2 intents (fib_l2.c) ---- */

enum fib_l2_type {
	FIB_L2_FDB,		/* (vxlan ifindex, mac) -> vtep, sticky */
	FIB_L2_FLOOD,		/* (vxlan ifindex, vtep): 00:00:.. dst vtep */
	FIB_L2_NEIGH,		/* (ifindex, ip) -> mac, is_router */
	FIB_L2_NTYPES,
};

/* What an L2 object is (or should be) in the kernel beyond its key. */
struct fib_l2val {
	struct ip_addr		 vtep;		/* FDB */
	struct mac_addr		 mac;		/* NEIGH */
	bool			 flag;		/* FDB: sticky; NEIGH: router */
};

struct fib_l2 {
	struct htab_ent		 te;	/* key: type, ifindex, mac or ip */
	TAILQ_ENTRY(fib_l2)	 dentry;	/* fib->l2dirty */
	enum fib_l2_type	 type;
	uint32_t		 ifindex;
	struct mac_addr		 mac;		/* FDB */
	struct ip_addr		 ip;		/* FLOOD: vtep; NEIGH */
	enum fib_want		 want;
	struct fib_l2val	 wval;		/* want == PRESENT */
	bool			 in_kernel;
	struct fib_l2val	 kval;		/* in_kernel */
	bool			 dirty;
	bool			 inflight;
	bool			 again;
	bool			 failed;
	uint32_t		 gen;
};

TAILQ_HEAD(fib_l2_list, fib_l2);

/*
 * One request in flight.  The ring is shared by routes and L2 objects so
 * that ACKs are matched in one order; AUX is a companion request whose
 * answer does not matter (the bridge-side delete of a remote MAC, which
 * fails when that entry is already gone: see fib_l2.c).
 */
enum fib_req_kind {
	FIB_REQ_ROUTE,
	FIB_REQ_L2,
	FIB_REQ_AUX,
};

struct fib_req {
	uint32_t		 seq;
	enum fib_req_kind	 kind;
	/* sent without NLM_F_ACK: the kernel answers only an error, and
	 * the ACK (or error) of a later request on the socket means this
	 * one succeeded (requests are handled in order, fib_l2.c) */
	bool			 quiet;
	union {
		struct {			/* ROUTE */
			struct fib_rt	*rt;
			struct fib_nhs	 nhs;	/* n == 0: delete */
		};
		struct {			/* L2 */
			struct fib_l2	*l2;
			struct fib_l2val l2val;
			bool		 l2del;
		};
	};
};

/* A kernel route as parsed (fib_nl.c), borrowed views. */
struct fib_kroute {
	uint8_t			 type;		/* RTN_* */
	uint8_t			 proto;		/* RTPROT_* */
	uint8_t			 tos;
	uint32_t		 table;
	uint32_t		 metric;
	struct ip_prefix	 pfx;
	bool			 has_gw;	/* any next hop has one */
	size_t			 nnh;		/* gateways in nh */
	struct ip_addr		 nh[FIB_NEXTHOPS_MAX];
	bool			 nh_unusable;	/* RTA_VIA, too many ... */
	size_t			 ndev;		/* next hops seen (RTA_OIF or
						 * rtnh_ifindex) */
	uint32_t		 oif;		/* all of theirs; 0: none, or
						 * they differ */
	bool			 onlink;	/* all RTNH_F_ONLINK */
};

/* A kernel policy routing rule as parsed (fib_nl.c). */
struct fib_krule {
	uint8_t			 af;		/* IP_AF_V4, IP_AF_V6 */
	uint8_t			 action;	/* FR_ACT_* */
	uint32_t		 table;		/* FRA_TABLE, or the header's */
	uint32_t		 priority;	/* FRA_PRIORITY; 0 */
	bool			 plain;		/* no selector beside iif:
						 * no from/to/tos/fwmark/oif/
						 * uidrange/ipproto/ports/
						 * tun_id/l3mdev, not "not" */
	char			 iif[16];	/* FRA_IIFNAME; "": none */
};

struct fib_kaddr {
	uint32_t		 ifindex;
	uint8_t			 scope;
	struct ip_prefix	 pfx;		/* the address / prefixlen */
};

/* A kernel link as parsed (fib_nl_l2.c).  AF_BRIDGE messages (a bridge
 * port's protocol info) carry only the port flags: bridge_msg. */
struct fib_klink {
	struct fib_link		 l;
	bool			 bridge_msg;
	bool			 has_suppress;	/* bridge_msg: the flag known */
};

/* A kernel neighbour (AF_BRIDGE FDB entry, or ARP/ND) as parsed. */
struct fib_kneigh {
	uint8_t			 family;	/* AF_BRIDGE, AF_INET(6) */
	uint32_t		 ifindex;
	uint16_t		 state;		/* NUD_* */
	uint8_t			 flags;		/* NTF_* */
	uint32_t		 master;	/* NDA_MASTER; 0 */
	uint16_t		 vlan;		/* NDA_VLAN; 0 */
	bool			 has_mac;
	struct mac_addr		 mac;		/* NDA_LLADDR */
	bool			 has_dst;
	struct ip_addr		 dst;		/* NDA_DST */
};

/* ---- the context ---- */

enum fib_sock_kind {
	FIB_SK_REQ,
	FIB_SK_DUMP,
	FIB_SK_MON,
};

struct fib_sock {
	struct fib		*fib;
	enum fib_sock_kind	 kind;
	struct nl_sock		*sk;
	int			 fd;
	struct event		*ev;
};

/* Dumps run in this order: links (when L2 is watched) before anything
 * that refers to them, routes last, so 'synced' means all is known. */
enum fib_dump_state {
	FIB_DUMP_IDLE,
	FIB_DUMP_LINK,
	FIB_DUMP_RULE,		/* RTM_GETRULE AF_UNSPEC: IPv4 and IPv6 */
	FIB_DUMP_ADDR,
	FIB_DUMP_FDB,		/* RTM_GETNEIGH AF_BRIDGE */
	FIB_DUMP_NEIGH,		/* RTM_GETNEIGH AF_UNSPEC: ARP and ND */
	FIB_DUMP_ROUTE,
};

struct fib {
	struct event_base	*base;
	struct log_ctx		*log;
	fib_redist_fn		 redist;
	void			*redist_arg;
	unsigned		 stale_secs;
	int			 mon_rcvbuf;
	struct siphash_key	 hkey;
	struct fib_sock		 req, dump, mon;
	uint32_t		 seq;
	uint8_t			*rxbuf;		/* FIB_RX_BUF */
	uint8_t			*txbuf;		/* FIB_TX_BATCH */
	/* intents */
	struct htab		 routes;
	struct fib_rt_list	 dirty;
	size_t			 ndirty;
	struct fib_req		*ring;		/* FIB_WINDOW, FIFO */
	size_t			 rhead;
	size_t			 rcount;
	struct event		*flush_ev;
	struct event		*stale_ev;
	struct event		*retry_ev;	/* after a failed send */
	bool			 synced;	/* first route dump done */
	bool			 swept;		/* the stale sweep ran */
	/* dumps */
	enum fib_dump_state	 dstate;
	uint32_t		 dseq;
	uint32_t		 gen;		/* of the dump running/last */
	bool			 resync_wanted;
	struct event		*resync_ev;
	/* redistribution (fib_watch.c) */
	struct htab		 srcs;		/* address/route -> kind */
	struct htab		 counts;	/* (kind, prefix) -> n */
	struct htab		 links;		/* ifindex -> up/running */
	/* L2 intents (fib_l2.c) */
	struct htab		 l2objs;
	struct fib_l2_list	 l2dirty;
	size_t			 nl2dirty;
	size_t			 nl2[FIB_L2_NTYPES];	/* in_kernel */
	/* L2 watch (fib_l2watch.c) */
	fib_link_fn		 link_fn;
	fib_addr_fn		 addr_fn;
	fib_fdb_fn		 fdb_fn;
	fib_neigh_fn		 neigh_fn;
	void			*l2_arg;
	bool			 l2_links;	/* links tracked (link or fdb) */
	struct htab		 l2links;	/* ifindex -> fib_link */
	struct htab		 l2addrs;	/* reported addresses */
	struct htab		 lfdbs;		/* reported local MACs */
	struct htab		 lneighs;	/* reported neighbours */
	/* ip rule watch (fib_rule.c) */
	fib_rule_fn		 rule_fn;
	struct htab		 rules;		/* kernel rules of interest */
	struct htab		 rulecnt;	/* (iif, table) -> n */
	/* counters */
	size_t			 nkernel;	/* in_kernel routes */
	uint64_t		 errors;
	uint64_t		 resyncs;
	uint64_t		 requests;
	uint64_t		 batches;
};

/* fib_nl.c */
int		 fib_nl_open(struct fib *, char *err, size_t errlen);
void		 fib_nl_close(struct fib *);
/* Start a dump (addresses, then routes); one already running: another
 * one follows it. */
void		 fib_nl_resync(struct fib *);
/*
 * Parse one RTM_NEWROUTE/RTM_DELROUTE (RTM_NEWADDR/RTM_DELADDR) message
 * whose header nlmsg_ok() accepted: 0, or -1 when malformed or of no
 * interest (family, cloned).  Pure: no logging, no state (fuzzed by
 * tests/fuzz/fuzz_nl.c).
 */
int		 fib_nl_parse_route(struct nlmsghdr *, struct fib_kroute *);
int		 fib_nl_parse_addr(struct nlmsghdr *, struct fib_kaddr *);
/* RTM_NEWRULE/RTM_DELRULE: 0, or -1 when malformed or not IPv4/IPv6. */
int		 fib_nl_parse_rule(struct nlmsghdr *, struct fib_krule *);
/* Send txbuf[0..len) on req: 0, or -1 (errno) when nothing was sent. */
int		 fib_nl_send(struct fib *, size_t len);
/* Build one route request for rt into buf (cap bytes): its length, or
 * 0 when it does not fit.  nhs->n == 0: RTM_DELROUTE. */
size_t		 fib_nl_route_msg(const struct fib_rt *, const struct fib_nhs *,
		    uint32_t seq, uint8_t *buf, size_t cap);

/* fib_route.c */
void		 fib_route_init(struct fib *);
/* The request ring (FIFO, FIB_WINDOW): a zeroed slot of kind at the
 * tail; the tail slot taken back (a batch that could not be sent). */
struct fib_req	*fib_ring_push(struct fib *, enum fib_req_kind);
struct fib_req	*fib_ring_pop_last(struct fib *);
struct nl_msg;
/* A request's libnl buffer: libnl's default is a page, zeroed for each
 * message; ours hold a header and a few attributes, a route's 32 bytes
 * more per next hop (struct rtnexthop + RTA_GATEWAY). */
#define FIB_NLMSG_BASE	256
#define FIB_NLMSG_PER_NH 32
struct nl_msg	*fib_nlmsg_new(int type, int flags, size_t size);

/* The batch in txbuf (len bytes, the ring's last n requests): only its
 * last request asks for an ACK. */
void		 fib_batch_quiet(struct fib *, size_t len, size_t n);
void		 fib_route_fini(struct fib *);
/* The kernel answered request seq: err 0 (done) or a negative errno,
 * msg the extended ACK text or NULL. */
void		 fib_route_ack(struct fib *, uint32_t seq, int err,
		    const char *msg);
/* Requests were lost (ENOBUFS on req): forget them, state unknown until
 * the resync dump. */
void		 fib_route_lost(struct fib *);
/* A proto-186 route seen in a dump of generation gen. */
void		 fib_route_dumped(struct fib *, const struct fib_kroute *);
/* The route dump of generation gen is complete. */
void		 fib_route_dump_done(struct fib *);

/* fib_nl_l2.c: parsers (pure, fuzzed) and L2 request building */
int		 fib_nl_parse_link(struct nlmsghdr *, struct fib_klink *);
int		 fib_nl_parse_neigh(struct nlmsghdr *, struct fib_kneigh *);
/* One request for o into buf: its length, or 0 when it does not fit.
 * del: RTM_DELNEIGH; aux: the bridge-side companion of an FDB delete. */
size_t		 fib_nl_l2_msg(const struct fib_l2 *, bool del, bool aux,
		    const struct fib_l2val *, uint32_t seq, uint8_t *buf,
		    size_t cap);

/* fib_l2.c */
#define FIB_L2_BATCH	64	/* L2 requests per sendmsg: new VXLAN FDB
				 * entries slow down sharply beyond */
void		 fib_l2_init(struct fib *);
void		 fib_l2_fini(struct fib *);
/* Called by the flush event after the routes. */
void		 fib_l2_flush(struct fib *);
void		 fib_l2_req_done(struct fib *, struct fib_req *, int err,
		    const char *msg);
void		 fib_l2_req_lost(struct fib *, struct fib_req *);
/* One of ours (extern_learn) seen in a dump. */
void		 fib_l2_dumped(struct fib *, enum fib_l2_type, uint32_t ifindex,
		    const struct mac_addr *, const struct ip_addr *,
		    const struct fib_l2val *);
void		 fib_l2_dump_done(struct fib *);
/* A neighbour entry not of ours replaced ours at (ifindex, ip). */
void		 fib_l2_neigh_displaced(struct fib *, uint32_t ifindex,
		    const struct ip_addr *ip);
void		 fib_l2_sweep(struct fib *);

/* fib_l2watch.c */
void		 fib_l2w_init(struct fib *, const struct fib_env *);
void		 fib_l2w_fini(struct fib *);
void		 fib_l2w_link(struct fib *, const struct fib_klink *, bool del);
void		 fib_l2w_addr(struct fib *, const struct fib_kaddr *, bool add);
/* A neighbour message: reported, adopted (dump) or ignored. */
void		 fib_l2w_neigh(struct fib *, const struct fib_kneigh *,
		    bool del, bool dump);
void		 fib_l2w_dump_done(struct fib *);

/* fib_rule.c */
void		 fib_rule_init(struct fib *, const struct fib_env *);
void		 fib_rule_fini(struct fib *);
void		 fib_rule_msg(struct fib *, const struct fib_krule *, bool add);
void		 fib_rule_dump_done(struct fib *);

/* fib_watch.c */
void		 fib_watch_init(struct fib *);
void		 fib_watch_fini(struct fib *);
void		 fib_watch_route(struct fib *, const struct fib_kroute *,
		    bool add);
void		 fib_watch_addr(struct fib *, const struct fib_kaddr *,
		    bool add);
/* A link message: true when its up/running state changed (or it is
 * new, or gone). */
bool		 fib_watch_link(struct fib *, uint32_t ifindex, unsigned flags,
		    bool del);
/* A dump of generation gen finished: what it did not see is gone. */
void		 fib_watch_dump_done(struct fib *);

/* Shared helpers */
void		 fib_nhs_free(struct fib_nhs *);
void		 fib_nhs_copy(struct fib_nhs *dst, const struct fib_nhs *src);
bool		 fib_nhs_eq(const struct fib_nhs *, const struct fib_nhs *);
/* The kernel's k is what want asks for (want's oif 0: any oif). */
bool		 fib_nhs_match(const struct fib_nhs *k,
		    const struct fib_nhs *want);
/* Sorted, duplicates removed, from n addresses; oif 0, not onlink. */
void		 fib_nhs_set(struct fib_nhs *, const struct ip_addr *nh,
		    size_t n);
void		 fib_prefix_mask(struct ip_prefix *);

#endif /* EVPND_FIB_FIB_LOCAL_H */

/*
 * bench_route_watch.c -- the FIB clock of bench/edge: counts the IPv4
 * routes a daemon installs in one kernel routing table, from netlink
 * events, never from dumps (INTEROP.md); and, with -w, the kernel floor:
 * a minimal writer of the same routes.
 *
 *   bench_route_watch -t TABLE -n N [-b RCVBUF_MB] [-p BASE]
 *   bench_route_watch -w -t TABLE -n N -g GATEWAY -o IFNAME [-B BATCH]
 *                        [-p BASE] [-H]
 *
 * Routes are the /32s BASE+i, 0 <= i < N (BASE default 11.0.0.0, the
 * prefixes bench_rr_peer feeds).  Run it in the gateway's namespace.
 *
 * Watcher: a raw NETLINK_ROUTE socket joins RTNLGRP_IPV4_ROUTE with a
 * large SO_RCVBUFFORCE (default 512 MB).  An event counts when it is
 * RTM_NEWROUTE, AF_INET, in TABLE (RTA_TABLE, else rtm_table), a /32
 * whose destination is one of the N; distinct prefixes are counted (a
 * replace counts once).  Prints on stdout, CLOCK_MONOTONIC nanoseconds
 * (bench_rr_peer's clock):
 *   "READY"                       once subscribed
 *   "FIRST T"                     the first counted route
 *   "DONE T_FIRST T_NTH EVENTS"   when all N were seen
 *   "ENOBUFS K"                   the socket overran: the figure is
 *                                 INVALID
 *   STATUS (stdin) -> "STATUS DISTINCT EVENTS ENOBUFS MAXBATCH"
 * EOF on stdin ends it.
 *
 * Writer (-w): builds all N RTM_NEWROUTE requests (NLM_F_CREATE |
 * NLM_F_EXCL; RTA_DST, RTA_GATEWAY, RTA_OIF, RTA_TABLE, protocol 186 as
 * evpnd's; NLM_F_ACK on each batch's last request only: errors are
 * answered anyway) before the clock, then prints "START T", sends BATCH
 * (default 64) requests per sendmsg and reads the answers up to the
 * batch's ACK before the next sendmsg (the kernel has handled the whole
 * batch when sendmsg returns), and prints "WRITTEN T ERRORS CPU_NS"
 * (CPU_NS: its own CPU time, user + system, since START) and exits.
 * With -H the gateway is a nexthop object (RTM_NEWNEXTHOP id 1, made
 * before the clock) and every route refers to it (RTA_NH_ID) instead of
 * carrying RTA_GATEWAY and RTA_OIF: the kernel then shares one fib_info
 * without building one per route.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define VLEN	64
#define BUFSZ	(64 * 1024)
#define REQ_SZ	NLMSG_ALIGN(NLMSG_LENGTH(sizeof(struct rtmsg)) + 4 * 8)

static uint32_t	 base = 0x0b000000u;	/* 11.0.0.0, host order */
static unsigned long n_routes;
static uint32_t	 table;
static uint8_t	*seen;			/* one byte per route */
static uint64_t	 distinct, events, enobufs, maxbatch;

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
die(const char *what)
{
	fprintf(stderr, "bench_route_watch: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int
nl_socket(int rcvbuf_mb)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd, bufsz = rcvbuf_mb * 1024 * 1024;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		die("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufsz,
	    sizeof(bufsz)) < 0)
		die("SO_RCVBUFFORCE (needs CAP_NET_ADMIN)");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind");
	return fd;
}

/* -- writer ------------------------------------------------------------- */

static uint8_t *
put_attr(uint8_t *p, uint16_t type, const void *data, uint16_t len)
{
	struct rtattr *a = (struct rtattr *)p;

	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	return p + RTA_ALIGN(a->rta_len);
}

/* RTM_NEWNEXTHOP id 1 via gw dev oif, synchronously (before the clock). */
static void
nexthop_add(int fd, struct in_addr gw, uint32_t oif)
{
	uint8_t buf[256], rx[4096], *p;
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct nhmsg *nh = NLMSG_DATA(h);
	uint32_t id = 1;
	struct nlmsgerr *e;
	ssize_t r;

	memset(buf, 0, sizeof(buf));
	h->nlmsg_type = RTM_NEWNEXTHOP;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
	    NLM_F_REPLACE;
	nh->nh_family = AF_INET;
	nh->nh_protocol = 186;
	p = (uint8_t *)nh + NLMSG_ALIGN(sizeof(*nh));
	p = put_attr(p, NHA_ID, &id, 4);
	p = put_attr(p, NHA_GATEWAY, &gw, 4);
	p = put_attr(p, NHA_OIF, &oif, 4);
	h->nlmsg_len = (uint32_t)(p - buf);
	if (send(fd, buf, h->nlmsg_len, 0) < 0 ||
	    (r = recv(fd, rx, sizeof(rx), 0)) < (ssize_t)NLMSG_LENGTH(
	    sizeof(*e)))
		die("RTM_NEWNEXTHOP");
	e = NLMSG_DATA((struct nlmsghdr *)rx);
	if (e->error != 0) {
		errno = -e->error;
		die("RTM_NEWNEXTHOP");
	}
}

static int
writer(const char *gw, const char *ifname, unsigned batch, bool nhobj)
{
	struct in_addr gwa;
	uint32_t oif;
	uint8_t *reqs, rx[BUFSZ];
	size_t *off;
	unsigned long errors = 0;
	struct timespec cpu;
	uint64_t cpu0;
	int fd;

	if (inet_pton(AF_INET, gw, &gwa) != 1 ||
	    (oif = if_nametoindex(ifname)) == 0)
		die("gateway or interface");
	fd = nl_socket(64);
	if (nhobj)
		nexthop_add(fd, gwa, oif);
	reqs = calloc(n_routes, REQ_SZ);
	off = calloc(n_routes + 1, sizeof(*off));
	if (reqs == NULL || off == NULL)
		die("calloc");
	for (unsigned long i = 0; i < n_routes; i++) {
		uint8_t *m = reqs + off[i], *p;
		struct nlmsghdr *h = (struct nlmsghdr *)m;
		struct rtmsg *rt = NLMSG_DATA(h);
		uint32_t dst = htonl(base + (uint32_t)i);

		h->nlmsg_type = RTM_NEWROUTE;
		h->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
		/* only a batch's last request asks for an ACK: the kernel
		 * answers an error whatever the flags (netlink_rcv_skb) */
		if ((i + 1) % batch == 0 || i + 1 == n_routes)
			h->nlmsg_flags |= NLM_F_ACK;
		h->nlmsg_seq = (uint32_t)i + 1;
		rt->rtm_family = AF_INET;
		rt->rtm_dst_len = 32;
		rt->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
		rt->rtm_protocol = 186;
		rt->rtm_scope = RT_SCOPE_UNIVERSE;
		rt->rtm_type = RTN_UNICAST;
		p = (uint8_t *)rt + NLMSG_ALIGN(sizeof(*rt));
		p = put_attr(p, RTA_DST, &dst, 4);
		if (nhobj) {
			uint32_t id = 1;

			p = put_attr(p, RTA_NH_ID, &id, 4);
		} else {
			p = put_attr(p, RTA_GATEWAY, &gwa, 4);
			p = put_attr(p, RTA_OIF, &oif, 4);
		}
		p = put_attr(p, RTA_TABLE, &table, 4);
		h->nlmsg_len = (uint32_t)(p - m);
		off[i + 1] = off[i] + NLMSG_ALIGN(h->nlmsg_len);
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	cpu0 = (uint64_t)cpu.tv_sec * 1000000000u + (uint64_t)cpu.tv_nsec;
	printf("START %llu\n", (unsigned long long)now_ns());
	fflush(stdout);
	for (unsigned long i = 0; i < n_routes; i += batch) {
		unsigned long end = i + batch < n_routes ? i + batch : n_routes;
		bool acked = false;

		if (send(fd, reqs + off[i], off[end] - off[i], 0) < 0)
			die("send");
		while (!acked) {
			ssize_t r = recv(fd, rx, sizeof(rx), 0);
			struct nlmsghdr *h = (struct nlmsghdr *)rx;
			size_t len;

			if (r < 0) {
				if (errno == EINTR)
					continue;
				die("recv");
			}
			len = (size_t)r;
			for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_type != NLMSG_ERROR)
					continue;
				if (e->error != 0)
					errors++;
				if (h->nlmsg_seq == end)
					acked = true;
			}
		}
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	printf("WRITTEN %llu %lu %llu\n", (unsigned long long)now_ns(), errors,
	    (unsigned long long)cpu.tv_sec * 1000000000u +
	    (unsigned long long)cpu.tv_nsec - cpu0);
	fflush(stdout);
	return 0;
}

/* -- watcher ------------------------------------------------------------ */

/* One RTM_NEWROUTE: true if it completed the N. */
static bool
route_event(struct nlmsghdr *h)
{
	struct rtmsg *rt = NLMSG_DATA(h);
	struct rtattr *a;
	size_t alen;
	uint32_t tb, dst = 0;
	bool has_dst = false;

	if (h->nlmsg_type != RTM_NEWROUTE ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*rt)) ||
	    rt->rtm_family != AF_INET || rt->rtm_dst_len != 32)
		return false;
	tb = rt->rtm_table;
	a = RTM_RTA(rt);
	alen = RTM_PAYLOAD(h);
	for (; RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
		if (a->rta_type == RTA_TABLE && RTA_PAYLOAD(a) == 4)
			memcpy(&tb, RTA_DATA(a), 4);
		else if (a->rta_type == RTA_DST && RTA_PAYLOAD(a) == 4) {
			memcpy(&dst, RTA_DATA(a), 4);
			has_dst = true;
		}
	}
	if (tb != table || !has_dst)
		return false;
	dst = ntohl(dst) - base;
	if (dst >= n_routes)
		return false;
	events++;
	if (seen[dst])
		return false;
	seen[dst] = 1;
	return ++distinct == n_routes;
}

static int
watcher(unsigned long buf_mb)
{
	int fd, grp = RTNLGRP_IPV4_ROUTE;
	uint64_t t_first = 0;
	bool done = false;
	static char bufs[VLEN][BUFSZ];
	struct mmsghdr msgs[VLEN];
	struct iovec iov[VLEN];

	if ((seen = calloc(n_routes, 1)) == NULL)
		die("calloc");
	fd = nl_socket((int)buf_mb);
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
	    sizeof(grp)) < 0)
		die("NETLINK_ADD_MEMBERSHIP");
	for (int i = 0; i < VLEN; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = BUFSZ;
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	printf("READY\n");
	fflush(stdout);
	for (;;) {
		struct pollfd pf[2] = { { fd, POLLIN, 0 }, { 0, POLLIN, 0 } };

		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (pf[1].revents) {
			char line[64];

			if (fgets(line, sizeof(line), stdin) == NULL)
				return 0;
			if (strncmp(line, "STATUS", 6) == 0)
				printf("STATUS %llu %llu %llu %llu\n",
				    (unsigned long long)distinct,
				    (unsigned long long)events,
				    (unsigned long long)enobufs,
				    (unsigned long long)maxbatch);
			fflush(stdout);
		}
		if (!pf[0].revents)
			continue;
		/* drain the socket before looking at stdin again */
		for (uint64_t batch = 0;;) {
			int r = recvmmsg(fd, msgs, VLEN, MSG_DONTWAIT, NULL);
			uint64_t t;

			if (r < 0) {
				if (errno == EAGAIN || errno == EINTR) {
					if (batch > maxbatch)
						maxbatch = batch;
					break;
				}
				if (errno == ENOBUFS) {
					enobufs++;
					printf("ENOBUFS %llu\n",
					    (unsigned long long)enobufs);
					fflush(stdout);
					continue;
				}
				die("recvmmsg");
			}
			t = now_ns();
			for (int m = 0; m < r; m++) {
				struct nlmsghdr *h = (struct nlmsghdr *)bufs[m];
				size_t len = msgs[m].msg_len;

				for (; NLMSG_OK(h, len);
				    h = NLMSG_NEXT(h, len)) {
					bool all;

					batch++;
					all = route_event(h);
					if (distinct == 1 && t_first == 0) {
						t_first = t;
						printf("FIRST %llu\n",
						    (unsigned long long)t);
						fflush(stdout);
					}
					if (all && !done) {
						done = true;
						printf("DONE %llu %llu %llu\n",
						    (unsigned long long)t_first,
						    (unsigned long long)t,
						    (unsigned long long)events);
						fflush(stdout);
					}
				}
			}
		}
	}
}

int
main(int argc, char **argv)
{
	const char *gw = NULL, *ifname = NULL;
	unsigned long buf_mb = 512, batch = 64;
	bool write_mode = false, nhobj = false;
	struct in_addr ba;
	int c;

	while ((c = getopt(argc, argv, "wHt:n:b:p:g:o:B:")) != -1) {
		switch (c) {
		case 'w': write_mode = true; break;
		case 'H': nhobj = true; break;
		case 't': table = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'n': n_routes = strtoul(optarg, NULL, 10); break;
		case 'b': buf_mb = strtoul(optarg, NULL, 10); break;
		case 'g': gw = optarg; break;
		case 'o': ifname = optarg; break;
		case 'B': batch = strtoul(optarg, NULL, 10); break;
		case 'p':
			if (inet_pton(AF_INET, optarg, &ba) != 1)
				goto usage;
			base = ntohl(ba.s_addr);
			break;
		default: goto usage;
		}
	}
	if (table == 0 || n_routes == 0 || batch == 0 ||
	    (write_mode && (gw == NULL || ifname == NULL))) {
usage:
		fprintf(stderr, "usage: bench_route_watch -t TABLE -n N "
		    "[-b RCVBUF_MB] [-p BASE]\n"
		    "       bench_route_watch -w -t TABLE -n N -g GW -o IFNAME "
		    "[-B BATCH] [-p BASE] [-H]\n");
		return 2;
	}
	return write_mode ? writer(gw, ifname, (unsigned)batch, nhobj) :
	    watcher(buf_mb);
}

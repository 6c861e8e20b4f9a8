/*
 * bench_fdb_watch.c -- the FDB clock of bench/ingest: counts the remote
 * MACs a daemon installs on one VXLAN device, from netlink events, never
 * from dumps (dumping 100k FDB entries takes ~0.4 s: INTEROP.md).
 *
 *   bench_fdb_watch -i IFNAME -n N [-b RCVBUF_MB] [-d DST]
 *
 * Run it in the host's namespace.  A raw NETLINK_ROUTE socket joins
 * RTNLGRP_NEIGH with a large SO_RCVBUFFORCE (default 512 MB: the kernel
 * charges ~1 KB of buffer per ~100-byte event, and a daemon can install
 * faster than we read).  An event counts when it is RTM_NEWNEIGH,
 * AF_BRIDGE, on IFNAME, and carries NDA_DST (the VXLAN device's own
 * "MAC dst VTEP" entry; the bridge's "master" copy has no NDA_DST).
 * Distinct MACs are counted (a re-install of one MAC counts once), the
 * all-zero flood MAC is not.  With -d (bench/move) only entries whose
 * NDA_DST is the IPv4 address DST count.
 *
 * Prints on stdout, CLOCK_MONOTONIC nanoseconds (the clock of
 * bench_rr_peer's START/SENT):
 *   "READY"                 once the socket is subscribed
 *   "FIRST T"               the first counted MAC
 *   "DONE T_FIRST T_NTH EVENTS"  when N distinct MACs were seen
 *   "ENOBUFS K"             the socket overran (K times so far): events
 *                           were lost, the figure is INVALID
 *   STATUS (stdin) -> "STATUS DISTINCT EVENTS ENOBUFS MAXBATCH"
 *                           MAXBATCH: most events read in one wake-up,
 *                           a hint of how far the watcher lagged
 *   COUNT N DST (stdin)     start over: forget the MACs seen, wait for
 *                           N (<= -n) with NDA_DST DST -> "READY"
 * EOF on stdin or SIGTERM ends it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
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

#ifndef AF_BRIDGE
#define AF_BRIDGE 7
#endif

#define VLEN	64
#define BUFSZ	(64 * 1024)

static uint64_t	*set;		/* open addressing, MAC + 1 (0 = empty) */
static size_t	 set_mask;
static uint64_t	 distinct, events, enobufs, maxbatch;
static struct in_addr dst_want;	/* -d, COUNT: 0 = any */

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
	fprintf(stderr, "bench_fdb_watch: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* true if mac was new */
static bool
set_add(uint64_t mac)
{
	uint64_t k = mac + 1, h = mac * 0x9e3779b97f4a7c15ull;
	size_t i = (size_t)(h >> 20) & set_mask;

	while (set[i] != 0) {
		if (set[i] == k)
			return false;
		i = (i + 1) & set_mask;
	}
	set[i] = k;
	return true;
}

int
main(int argc, char **argv)
{
	const char *ifname = NULL;
	unsigned long n = 0, buf_mb = 512;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int c, fd, ifindex, grp = RTNLGRP_NEIGH, bufsz;
	uint64_t t_first = 0;
	bool done = false;
	static char bufs[VLEN][BUFSZ];
	struct mmsghdr msgs[VLEN];
	struct iovec iov[VLEN];
	size_t cap;

	while ((c = getopt(argc, argv, "i:n:b:d:")) != -1) {
		switch (c) {
		case 'd':
			if (inet_pton(AF_INET, optarg, &dst_want) != 1)
				goto usage;
			break;
		case 'i': ifname = optarg; break;
		case 'n': n = strtoul(optarg, NULL, 10); break;
		case 'b': buf_mb = strtoul(optarg, NULL, 10); break;
		default: goto usage;
		}
	}
	if (ifname == NULL || n == 0) {
usage:
		fprintf(stderr, "usage: bench_fdb_watch -i IFNAME -n N "
		    "[-b RCVBUF_MB] [-d DST]\n");
		return 2;
	}
	if ((ifindex = (int)if_nametoindex(ifname)) == 0)
		die(ifname);
	for (cap = 1024; cap < 2 * (size_t)n; cap <<= 1)
		;
	if ((set = calloc(cap, sizeof(*set))) == NULL)
		die("calloc");
	set_mask = cap - 1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		die("socket");
	bufsz = (int)(buf_mb * 1024 * 1024);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufsz,
	    sizeof(bufsz)) < 0)
		die("SO_RCVBUFFORCE (needs CAP_NET_ADMIN)");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind");
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
		int r;

		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (pf[1].revents) {
			char line[64], a[32];
			unsigned long nn;

			if (fgets(line, sizeof(line), stdin) == NULL)
				return 0;
			if (strncmp(line, "STATUS", 6) == 0)
				printf("STATUS %llu %llu %llu %llu\n",
				    (unsigned long long)distinct,
				    (unsigned long long)events,
				    (unsigned long long)enobufs,
				    (unsigned long long)maxbatch);
			else if (sscanf(line, "COUNT %lu %31s", &nn, a) == 2 &&
			    nn <= n && nn > 0 &&
			    inet_pton(AF_INET, a, &dst_want) == 1) {
				memset(set, 0, (set_mask + 1) * sizeof(*set));
				distinct = 0;
				done = false;
				n = nn;
				printf("READY\n");
			}
			fflush(stdout);
		}
		if (!pf[0].revents)
			continue;
		/* drain the socket before looking at stdin again */
		for (uint64_t batch = 0;;) {
			r = recvmmsg(fd, msgs, VLEN, MSG_DONTWAIT, NULL);
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
			uint64_t t = now_ns();

			for (int m = 0; m < r; m++) {
				struct nlmsghdr *h = (struct nlmsghdr *)bufs[m];
				size_t len = msgs[m].msg_len;

				for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
					struct ndmsg *nd = NLMSG_DATA(h);
					struct rtattr *a;
					size_t alen;
					const uint8_t *mac = NULL;
					bool dst = false;
					uint64_t v = 0;

					batch++;
					if (h->nlmsg_type != RTM_NEWNEIGH ||
					    h->nlmsg_len < NLMSG_LENGTH(
					    sizeof(*nd)) ||
					    nd->ndm_family != AF_BRIDGE ||
					    nd->ndm_ifindex != ifindex)
						continue;
					a = (struct rtattr *)((char *)nd +
					    NLMSG_ALIGN(sizeof(*nd)));
					alen = h->nlmsg_len -
					    NLMSG_LENGTH(sizeof(*nd));
					for (; RTA_OK(a, alen);
					    a = RTA_NEXT(a, alen)) {
						if (a->rta_type == NDA_DST)
							dst = dst_want.s_addr
							    == 0 || (RTA_PAYLOAD(
							    a) == 4 && memcmp(
							    RTA_DATA(a),
							    &dst_want, 4) == 0);
						else if (a->rta_type ==
						    NDA_LLADDR &&
						    RTA_PAYLOAD(a) == 6)
							mac = RTA_DATA(a);
					}
					if (!dst || mac == NULL)
						continue;
					events++;
					for (int b = 0; b < 6; b++)
						v = v << 8 | mac[b];
					if (v == 0 || !set_add(v))
						continue;
					if (++distinct == 1) {
						t_first = t;
						printf("FIRST %llu\n",
						    (unsigned long long)t);
						fflush(stdout);
					}
					if (distinct == n && !done) {
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

/*
 * fuzz_nl.c -- libFuzzer target: fib's netlink parsers (route and
 * address messages, multipath next hops; links with their nested
 * link/VXLAN/VRF/bridge-port info, neighbours and FDB entries, policy
 * routing rules) over one
 * datagram as the kernel would deliver it, walked with
 * nlmsg_ok()/nlmsg_next() as fib_nl.c does.  Properties: what parses has
 * an IPv4/IPv6 prefix of a valid length, at most FIB_NEXTHOPS_MAX next
 * hops, all of its family; a link name is NUL-terminated within
 * IFNAMSIZ; a neighbour's addresses are of a valid family; a rule's
 * iif name is NUL-terminated within IFNAMSIZ.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include <linux/rtnetlink.h>
#include <netlink/msg.h>

#include "../../fib/fib_local.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_route(struct nlmsghdr *h)
{
	struct fib_kroute r;

	if (fib_nl_parse_route(h, &r) == -1)
		return;
	if ((r.pfx.addr.af != IP_AF_V4 && r.pfx.addr.af != IP_AF_V6) ||
	    r.pfx.len > ip_af_len(r.pfx.addr.af) * 8 ||
	    r.nnh > FIB_NEXTHOPS_MAX)
		abort();
	for (size_t i = 0; i < r.nnh; i++)
		if (r.nh[i].af != r.pfx.addr.af)
			abort();
	if ((r.oif != 0 || r.onlink) && r.ndev == 0)
		abort();
}

static void
check_addr(struct nlmsghdr *h)
{
	struct fib_kaddr a;

	if (fib_nl_parse_addr(h, &a) == -1)
		return;
	if ((a.pfx.addr.af != IP_AF_V4 && a.pfx.addr.af != IP_AF_V6) ||
	    a.pfx.len > ip_af_len(a.pfx.addr.af) * 8)
		abort();
}

static void
check_link(struct nlmsghdr *h)
{
	struct fib_klink k;

	if (fib_nl_parse_link(h, &k) == -1)
		return;
	if (memchr(k.l.name, '\0', sizeof(k.l.name)) == NULL ||
	    k.l.ifindex == 0 || (k.l.local.af != IP_AF_NONE &&
	    k.l.local.af != IP_AF_V4 && k.l.local.af != IP_AF_V6))
		abort();
}

static void
check_neigh(struct nlmsghdr *h)
{
	struct fib_kneigh n;

	if (fib_nl_parse_neigh(h, &n) == -1)
		return;
	if (n.ifindex == 0 || (n.has_dst && n.dst.af != IP_AF_V4 &&
	    n.dst.af != IP_AF_V6) || (!n.has_dst && n.family != AF_BRIDGE))
		abort();
}

static void
check_rule(struct nlmsghdr *h)
{
	struct fib_krule r;

	if (fib_nl_parse_rule(h, &r) == -1)
		return;
	if (memchr(r.iif, '\0', sizeof(r.iif)) == NULL ||
	    (r.af != IP_AF_V4 && r.af != IP_AF_V6))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy: ASan sees any read past the datagram;
	 * malloc's alignment is the kernel buffer's. */
	uint8_t *buf = malloc(size > 0 ? size : 1);
	struct nlmsghdr *h = (struct nlmsghdr *)(void *)buf;
	int len = size > 1 << 20 ? 1 << 20 : (int)size;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	for (; nlmsg_ok(h, len); h = nlmsg_next(h, &len))
		switch (h->nlmsg_type) {
		case RTM_NEWROUTE:
		case RTM_DELROUTE:
			check_route(h);
			break;
		case RTM_NEWADDR:
		case RTM_DELADDR:
			check_addr(h);
			break;
		case RTM_NEWLINK:
		case RTM_DELLINK:
			check_link(h);
			break;
		case RTM_NEWNEIGH:
		case RTM_DELNEIGH:
			check_neigh(h);
			break;
		case RTM_NEWRULE:
		case RTM_DELRULE:
			check_rule(h);
			break;
		default:
			break;
		}
	free(buf);
	return 0;
}

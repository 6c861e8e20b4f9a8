/*
 * fib_nl_l2.c -- the L2 side of netlink: parsing link and neighbour
 * (AF_BRIDGE FDB, ARP/ND) messages, and building FDB, flood and
 * neighbour requests.
 *
 * DOC: the parsers are pure functions over one message that nlmsg_ok()
 * accepted (fuzzed by tests/fuzz/fuzz_nl.c): attributes are parsed with
 * nla_parse() under a policy that gives every fixed-size attribute its
 * minimum length, nested ones (IFLA_LINKINFO, IFLA_INFO_DATA,
 * IFLA_INFO_SLAVE_DATA, IFLA_PROTINFO) with their own bounds, strings
 * (IFLA_IFNAME, IFLA_INFO_KIND) as NLA_UNSPEC and copied with an
 * explicit bound, and addresses length-checked against their family.
 * Anything malformed: -1, the message is skipped.
 *
 * Requests (rtnetlink(7), and what iproute2's `bridge fdb` and FRR's
 * zebra send):
 *   FDB set    RTM_NEWNEIGH AF_BRIDGE on the VXLAN device, NLM_F_CREATE |
 *              NLM_F_REPLACE, NTF_SELF | NTF_MASTER | NTF_EXT_LEARNED,
 *              NUD_REACHABLE (sticky: | NUD_NOARP, as `bridge fdb ...
 *              static` and zebra send; NUD_NOARP alone is refused with
 *              EINVAL together with NTF_MASTER), NDA_LLADDR, NDA_DST.
 *              NTF_MASTER makes the kernel add the bridge's entry too
 *              (pointing at the VXLAN port), so the bridge forwards the
 *              MAC to the tunnel instead of flooding it; NTF_SELF the
 *              VXLAN device's entry with the remote VTEP.  A move of
 *              an entry of ours (in the kernel, same stickiness) to
 *              another VTEP is sent without NTF_MASTER: the bridge's
 *              entry is unchanged, and rewriting it was 6% of a 100k
 *              MAC move (bench/move).
 *   FDB del    two requests: NTF_MASTER (the bridge's entry; the AUX one,
 *              its answer ignored), then NTF_SELF.  One request with
 *              both flags stops at the first failure: with the bridge's
 *              entry already gone (aged by someone, a port flap) the
 *              VXLAN entry would stay (seen on 6.18).
 *   flood set  RTM_NEWNEIGH NLM_F_CREATE | NLM_F_APPEND, 00:00:00:00:00:00
 *              NDA_DST vtep, NUD_NOARP | NUD_PERMANENT, NTF_SELF |
 *              NTF_EXT_LEARNED (`bridge fdb append ... self extern_learn`).
 *   flood del  RTM_DELNEIGH with NDA_DST: that VTEP's remote only.
 *   neigh set  RTM_NEWNEIGH AF_INET/AF_INET6 NLM_F_CREATE | NLM_F_REPLACE,
 *              NUD_NOARP, NTF_EXT_LEARNED (| NTF_ROUTER).
 *   neigh del  RTM_DELNEIGH with NDA_DST.
 */
#include "fib_local.h"

#include <sys/socket.h>

#include <string.h>

#include <arpa/inet.h>
#include <net/if.h>

#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000		/* linux/if.h; clashes with net/if.h */
#endif
#ifndef IF_OPER_UP
#define IF_OPER_UNKNOWN	0
#define IF_OPER_UP	6
#endif

static const struct nla_policy link_policy[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = { .type = NLA_UNSPEC },
	[IFLA_ADDRESS] = { .type = NLA_UNSPEC },
	[IFLA_MASTER] = { .type = NLA_U32 },
	[IFLA_OPERSTATE] = { .type = NLA_U8 },
	[IFLA_LINKINFO] = { .type = NLA_NESTED },
	[IFLA_PROTINFO] = { .type = NLA_NESTED },
};

static const struct nla_policy info_policy[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = { .type = NLA_UNSPEC },
	[IFLA_INFO_DATA] = { .type = NLA_NESTED },
	[IFLA_INFO_SLAVE_KIND] = { .type = NLA_UNSPEC },
	[IFLA_INFO_SLAVE_DATA] = { .type = NLA_NESTED },
};

static const struct nla_policy vxlan_policy[IFLA_VXLAN_MAX + 1] = {
	[IFLA_VXLAN_ID] = { .type = NLA_U32 },
	[IFLA_VXLAN_LOCAL] = { .type = NLA_UNSPEC },
	[IFLA_VXLAN_LOCAL6] = { .type = NLA_UNSPEC },
	[IFLA_VXLAN_PORT] = { .type = NLA_U16 },
	[IFLA_VXLAN_LEARNING] = { .type = NLA_U8 },
};

static const struct nla_policy vrf_policy[IFLA_VRF_MAX + 1] = {
	[IFLA_VRF_TABLE] = { .type = NLA_U32 },
};

static const struct nla_policy brport_policy[IFLA_BRPORT_MAX + 1] = {
	[IFLA_BRPORT_NEIGH_SUPPRESS] = { .type = NLA_U8 },
};

static const struct nla_policy neigh_policy[NDA_MAX + 1] = {
	[NDA_DST] = { .type = NLA_UNSPEC },
	[NDA_LLADDR] = { .type = NLA_UNSPEC },
	[NDA_MASTER] = { .type = NLA_U32 },
	[NDA_VLAN] = { .type = NLA_U16 },
};

/* ---- parsing ---- */

/* A string attribute equals s (bounded: no terminator needed). */
static bool
attr_streq(const struct nlattr *na, const char *s)
{
	size_t n = strlen(s);
	int len;

	if (na == NULL)
		return false;
	len = nla_len(na);
	if (len < (int)n || (len > (int)n &&
	    ((const char *)nla_data(na))[n] != '\0'))
		return false;
	return memcmp(nla_data(na), s, n) == 0;
}

static int
nested(struct nlattr **tb, int max, struct nlattr *na,
    const struct nla_policy *pol)
{
	memset(tb, 0, sizeof(*tb) * (size_t)(max + 1));
	if (na == NULL)
		return 0;
	return nla_parse_nested(tb, max, na, pol) < 0 ? -1 : 0;
}

static int
link_vxlan(struct fib_link *l, struct nlattr *data)
{
	struct nlattr *tb[IFLA_VXLAN_MAX + 1];

	if (nested(tb, IFLA_VXLAN_MAX, data, vxlan_policy) == -1)
		return -1;
	if (tb[IFLA_VXLAN_ID] != NULL)
		l->vni = nla_get_u32(tb[IFLA_VXLAN_ID]);
	if (tb[IFLA_VXLAN_LOCAL] != NULL && nla_len(tb[IFLA_VXLAN_LOCAL]) == 4) {
		l->local.af = IP_AF_V4;
		memcpy(l->local.a, nla_data(tb[IFLA_VXLAN_LOCAL]), 4);
	} else if (tb[IFLA_VXLAN_LOCAL6] != NULL &&
	    nla_len(tb[IFLA_VXLAN_LOCAL6]) == 16) {
		l->local.af = IP_AF_V6;
		memcpy(l->local.a, nla_data(tb[IFLA_VXLAN_LOCAL6]), 16);
	}
	/* IFLA_VXLAN_PORT is in network byte order (unlike the rest). */
	if (tb[IFLA_VXLAN_PORT] != NULL)
		l->dstport = ntohs(nla_get_u16(tb[IFLA_VXLAN_PORT]));
	if (tb[IFLA_VXLAN_LEARNING] != NULL)
		l->learning = nla_get_u8(tb[IFLA_VXLAN_LEARNING]) != 0;
	return 0;
}

static int
link_vrf(struct fib_link *l, struct nlattr *data)
{
	struct nlattr *tb[IFLA_VRF_MAX + 1];

	if (nested(tb, IFLA_VRF_MAX, data, vrf_policy) == -1)
		return -1;
	if (tb[IFLA_VRF_TABLE] != NULL)
		l->table = nla_get_u32(tb[IFLA_VRF_TABLE]);
	return 0;
}

/* Bridge port flags (IFLA_INFO_SLAVE_DATA or IFLA_PROTINFO). */
static int
link_brport(struct fib_klink *k, struct nlattr *data)
{
	struct nlattr *tb[IFLA_BRPORT_MAX + 1];

	if (nested(tb, IFLA_BRPORT_MAX, data, brport_policy) == -1)
		return -1;
	if (tb[IFLA_BRPORT_NEIGH_SUPPRESS] != NULL) {
		k->has_suppress = true;
		k->l.neigh_suppress =
		    nla_get_u8(tb[IFLA_BRPORT_NEIGH_SUPPRESS]) != 0;
	}
	return 0;
}

static int
link_info(struct fib_klink *k, struct nlattr *info)
{
	struct nlattr *tb[IFLA_INFO_MAX + 1];
	struct fib_link *l = &k->l;

	if (nested(tb, IFLA_INFO_MAX, info, info_policy) == -1)
		return -1;
	if (attr_streq(tb[IFLA_INFO_KIND], "bridge"))
		l->kind = FIB_LINK_BRIDGE;
	else if (attr_streq(tb[IFLA_INFO_KIND], "vxlan")) {
		l->kind = FIB_LINK_VXLAN;
		if (link_vxlan(l, tb[IFLA_INFO_DATA]) == -1)
			return -1;
	} else if (attr_streq(tb[IFLA_INFO_KIND], "vrf")) {
		l->kind = FIB_LINK_VRF;
		if (link_vrf(l, tb[IFLA_INFO_DATA]) == -1)
			return -1;
	}
	if (attr_streq(tb[IFLA_INFO_SLAVE_KIND], "bridge") &&
	    link_brport(k, tb[IFLA_INFO_SLAVE_DATA]) == -1)
		return -1;
	return 0;
}

int
fib_nl_parse_link(struct nlmsghdr *h, struct fib_klink *k)
{
	struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi;
	struct fib_link *l = &k->l;
	uint8_t oper = IF_OPER_UNKNOWN;

	if (nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, link_policy) < 0)
		return -1;
	ifi = nlmsg_data(h);
	if (ifi->ifi_index <= 0)
		return -1;
	memset(k, 0, sizeof(*k));
	l->ifindex = (uint32_t)ifi->ifi_index;
	if (ifi->ifi_family == AF_BRIDGE) {
		/* br_ifinfo_notify(): the port's flags in IFLA_PROTINFO. */
		k->bridge_msg = true;
		return link_brport(k, tb[IFLA_PROTINFO]);
	}
	if (tb[IFLA_IFNAME] != NULL) {
		size_t n = (size_t)nla_len(tb[IFLA_IFNAME]);

		n = strnlen(nla_data(tb[IFLA_IFNAME]), n);
		if (n >= sizeof(l->name))
			return -1;
		memcpy(l->name, nla_data(tb[IFLA_IFNAME]), n);
	}
	if (tb[IFLA_ADDRESS] != NULL && nla_len(tb[IFLA_ADDRESS]) == 6)
		memcpy(l->mac.b, nla_data(tb[IFLA_ADDRESS]), 6);
	if (tb[IFLA_MASTER] != NULL)
		l->master = nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_OPERSTATE] != NULL)
		oper = nla_get_u8(tb[IFLA_OPERSTATE]);
	l->up = (ifi->ifi_flags & IFF_UP) && ((ifi->ifi_flags & IFF_LOWER_UP) ||
	    oper == IF_OPER_UP || oper == IF_OPER_UNKNOWN);
	return link_info(k, tb[IFLA_LINKINFO]);
}

int
fib_nl_parse_neigh(struct nlmsghdr *h, struct fib_kneigh *n)
{
	struct nlattr *tb[NDA_MAX + 1];
	const struct ndmsg *ndm;
	int dlen;

	if (nlmsg_parse(h, sizeof(*ndm), tb, NDA_MAX, neigh_policy) < 0)
		return -1;
	ndm = nlmsg_data(h);
	if (ndm->ndm_ifindex <= 0 || (ndm->ndm_family != AF_BRIDGE &&
	    ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6))
		return -1;
	memset(n, 0, sizeof(*n));
	n->family = ndm->ndm_family;
	n->ifindex = (uint32_t)ndm->ndm_ifindex;
	n->state = ndm->ndm_state;
	n->flags = ndm->ndm_flags;
	if (tb[NDA_MASTER] != NULL)
		n->master = nla_get_u32(tb[NDA_MASTER]);
	if (tb[NDA_VLAN] != NULL)
		n->vlan = nla_get_u16(tb[NDA_VLAN]);
	if (tb[NDA_LLADDR] != NULL) {
		if (nla_len(tb[NDA_LLADDR]) != 6)
			return -1;	/* not Ethernet */
		n->has_mac = true;
		memcpy(n->mac.b, nla_data(tb[NDA_LLADDR]), 6);
	}
	if (tb[NDA_DST] != NULL) {
		dlen = nla_len(tb[NDA_DST]);
		if (dlen != 4 && dlen != 16)
			return -1;
		/* ARP/ND: of the message's family; AF_BRIDGE: the VTEP. */
		if ((ndm->ndm_family == AF_INET && dlen != 4) ||
		    (ndm->ndm_family == AF_INET6 && dlen != 16))
			return -1;
		n->has_dst = true;
		n->dst.af = dlen == 4 ? IP_AF_V4 : IP_AF_V6;
		memcpy(n->dst.a, nla_data(tb[NDA_DST]), (size_t)dlen);
	} else if (ndm->ndm_family != AF_BRIDGE)
		return -1;
	return 0;
}

/* ---- requests ---- */

static int
put_ip(struct nl_msg *m, int type, const struct ip_addr *a)
{
	return nla_put(m, type, (int)ip_af_len(a->af), a->a);
}

/* The ndmsg and flags of o's request. */
static void
l2_ndm(const struct fib_l2 *o, bool del, bool aux, const struct fib_l2val *v,
    struct ndmsg *ndm, int *nlflags)
{
	memset(ndm, 0, sizeof(*ndm));
	ndm->ndm_ifindex = (int)o->ifindex;
	*nlflags = NLM_F_REQUEST | NLM_F_ACK;
	switch (o->type) {
	case FIB_L2_FDB:
		ndm->ndm_family = AF_BRIDGE;
		if (del) {
			ndm->ndm_flags = aux ? NTF_MASTER : NTF_SELF;
			break;
		}
		*nlflags |= NLM_F_CREATE | NLM_F_REPLACE;
		ndm->ndm_flags = NTF_SELF | NTF_EXT_LEARNED;
		/* A move between remote VTEPs (ours in the kernel, same
		 * stickiness) changes the VXLAN entry's dst only: the
		 * bridge's entry already points at the VXLAN port. */
		if (!o->in_kernel || o->kval.flag != v->flag)
			ndm->ndm_flags |= NTF_MASTER;
		ndm->ndm_state = NUD_REACHABLE | (v->flag ? NUD_NOARP : 0);
		break;
	case FIB_L2_FLOOD:
		ndm->ndm_family = AF_BRIDGE;
		ndm->ndm_flags = NTF_SELF;
		if (del)
			break;
		*nlflags |= NLM_F_CREATE | NLM_F_APPEND;
		ndm->ndm_flags |= NTF_EXT_LEARNED;
		ndm->ndm_state = NUD_NOARP | NUD_PERMANENT;
		break;
	case FIB_L2_NEIGH:
	case FIB_L2_NTYPES:
		ndm->ndm_family = o->ip.af == IP_AF_V4 ? AF_INET : AF_INET6;
		ndm->ndm_type = RTN_UNICAST;
		if (del)
			break;
		*nlflags |= NLM_F_CREATE | NLM_F_REPLACE;
		ndm->ndm_flags = NTF_EXT_LEARNED | (v->flag ? NTF_ROUTER : 0);
		ndm->ndm_state = NUD_NOARP;
		break;
	}
}

static struct nl_msg *
l2_msg_new(const struct fib_l2 *o, bool del, bool aux,
    const struct fib_l2val *v)
{
	static const struct mac_addr zero;
	struct ndmsg ndm;
	struct nl_msg *m;
	int flags, rc;

	l2_ndm(o, del, aux, v, &ndm, &flags);
	m = fib_nlmsg_new(del ? RTM_DELNEIGH : RTM_NEWNEIGH, flags,
	    FIB_NLMSG_BASE);
	rc = nlmsg_append(m, &ndm, sizeof(ndm), NLMSG_ALIGNTO);
	switch (o->type) {
	case FIB_L2_FDB:
		if (rc == 0)
			rc = nla_put(m, NDA_LLADDR, 6, o->mac.b);
		if (rc == 0 && !del)
			rc = put_ip(m, NDA_DST, &v->vtep);
		break;
	case FIB_L2_FLOOD:
		if (rc == 0)
			rc = nla_put(m, NDA_LLADDR, 6, zero.b);
		if (rc == 0)
			rc = put_ip(m, NDA_DST, &o->ip);
		break;
	case FIB_L2_NEIGH:
	case FIB_L2_NTYPES:
		if (rc == 0)
			rc = put_ip(m, NDA_DST, &o->ip);
		if (rc == 0 && !del)
			rc = nla_put(m, NDA_LLADDR, 6, v->mac.b);
		break;
	}
	if (rc < 0)
		fatalx("%s: an L2 request does not fit its buffer", __func__);
	return m;
}

size_t
fib_nl_l2_msg(const struct fib_l2 *o, bool del, bool aux,
    const struct fib_l2val *v, uint32_t seq, uint8_t *buf, size_t cap)
{
	struct nl_msg *m = l2_msg_new(o, del, aux, v);
	struct nlmsghdr *h = nlmsg_hdr(m);
	size_t len = NLMSG_ALIGN(h->nlmsg_len);

	h->nlmsg_seq = seq;
	if (len > cap) {
		nlmsg_free(m);
		return 0;
	}
	memset(buf, 0, len);
	memcpy(buf, h, h->nlmsg_len);
	nlmsg_free(m);
	return len;
}

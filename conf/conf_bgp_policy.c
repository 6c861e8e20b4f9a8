/*
 * conf_bgp_policy.c -- prefix-lists and route-maps of bgpd's snapshot
 * (bgp_conf.h), from the validated tree.
 *
 * DOC: entries are sorted by ascending sequence (libyang keeps list
 * entries in insertion order, FRR evaluates by sequence).  The multi-word
 * `set` values are parsed here into wire-ready numbers:
 *   - set community: "AA:NN" is AA << 16 | NN (RFC 1997); the well-known
 *     names are RFC 1997 section "Well-known Communities" (no-export
 *     0xFFFFFF01, no-advertise 0xFFFFFF02, local-AS = NO_EXPORT_SUBCONFED
 *     0xFFFFFF03), RFC 3765 (no-peer 0xFFFFFF04), RFC 7999 (blackhole
 *     0xFFFF029A), RFC 8326 (graceful-shutdown 0xFFFF0000) and FRR's
 *     "internet" (0); "additive" and "none" are flags.
 *   - set extcommunity rt: a Route Target extended community, RFC 4360
 *     section 4 (two-octet AS specific, type 0x00 subtype 0x02; IPv4
 *     address specific, type 0x01 subtype 0x02) and RFC 5668 section 2
 *     (four-octet AS specific, type 0x02 subtype 0x02).
 * Known gap: values beyond the fixed arrays of bgp_conf.h (16
 * communities, 16 prepended ASNs, 16 route targets) are dropped; the
 * YANG model does not bound them yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_conf.h"
#include "conf_bgp_local.h"
#include "conf_local.h"
#include "log.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static size_t
count_list(const struct lyd_node *first, const char *name)
{
	const struct lyd_node *n;
	size_t k = 0;

	LY_LIST_FOR(first, n)
		if (strcmp(n->schema->name, name) == 0)
			k++;
	return k;
}

/* ---- prefix-lists ---- */

static int
plist_entry_cmp(const void *a, const void *b)
{
	const struct bgp_conf_plist_entry *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
plist_fill(struct bgp_conf_plist *pl, const struct lyd_node *node,
    uint8_t af)
{
	const struct lyd_node *e;
	struct bgp_conf_plist_entry *pe;
	const char *s;
	uint32_t v;

	conf_bgp_str(pl->name, sizeof(pl->name), conf_bgp_val(node, "name"));
	pl->af = af;
	if ((pl->n = count_list(lyd_child(node), "entry")) == 0)
		return;
	pl->e = xcalloc(pl->n, sizeof(*pl->e));
	pe = pl->e;
	LY_LIST_FOR(lyd_child(node), e) {
		if (strcmp(e->schema->name, "entry") != 0)
			continue;
		if (conf_bgp_u32(e, "seq", &v))
			pe->seq = v;
		s = conf_bgp_val(e, "action");
		pe->permit = s != NULL && strcmp(s, "permit") == 0;
		if ((s = conf_bgp_val(e, "prefix")) != NULL)
			(void)conf_bgp_prefix(s, &pe->pfx);
		if (conf_bgp_u32(e, "ge", &v))
			pe->ge = (uint8_t)v;
		if (conf_bgp_u32(e, "le", &v))
			pe->le = (uint8_t)v;
		pe++;
	}
	qsort(pl->e, pl->n, sizeof(*pl->e), plist_entry_cmp);
}

static void
plists_fill(struct bgp_conf *b, const struct lyd_node *top)
{
	const struct lyd_node *n;
	size_t i = 0;

	b->nplists = count_list(top, "prefix-list") +
	    count_list(top, "ipv6-prefix-list");
	if (b->nplists == 0)
		return;
	b->plists = xcalloc(b->nplists, sizeof(*b->plists));
	LY_LIST_FOR(top, n) {
		if (strcmp(n->schema->name, "prefix-list") == 0)
			plist_fill(&b->plists[i++], n, IP_AF_V4);
		else if (strcmp(n->schema->name, "ipv6-prefix-list") == 0)
			plist_fill(&b->plists[i++], n, IP_AF_V6);
	}
}

/* ---- route-map set values ---- */

static const struct {
	const char	*name;
	uint32_t	 value;
} wellknown[] = {
	{ "internet", 0 },
	{ "graceful-shutdown", 0xFFFF0000 },	/* RFC 8326 */
	{ "blackhole", 0xFFFF029A },		/* RFC 7999 */
	{ "no-export", 0xFFFFFF01 },		/* RFC 1997 */
	{ "no-advertise", 0xFFFFFF02 },		/* RFC 1997 */
	/* RFC 1997 NO_EXPORT_SUBCONFED */
	{ "local-AS", 0xFFFFFF03 },
	{ "no-peer", 0xFFFFFF04 },		/* RFC 3765 */
};

/* One community word; -1 when it is none of the forms. */
static int
comm_word(const char *w, uint32_t *v)
{
	unsigned long hi, lo;
	char *end;
	size_t i;

	for (i = 0; i < NELEM(wellknown); i++)
		if (strcmp(w, wellknown[i].name) == 0) {
			*v = wellknown[i].value;
			return 0;
		}
	hi = strtoul(w, &end, 10);
	if (end == w || *end != ':' || hi > 0xffff)
		return -1;
	w = end + 1;
	lo = strtoul(w, &end, 10);
	if (end == w || *end != '\0' || lo > 0xffff)
		return -1;
	*v = (uint32_t)(hi << 16 | lo);
	return 0;
}

/* "AA:NN ... [additive]", "none": FRR's `set community`. */
static void
comm_parse(struct bgp_conf_rmap_entry *re, const char *s)
{
	char buf[CONF_LINE_MAX + 1], *w, *save = NULL;
	uint32_t v;

	conf_bgp_str(buf, sizeof(buf), s);
	for (w = strtok_r(buf, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "additive") == 0)
			re->comm_additive = true;
		else if (strcmp(w, "none") == 0)
			re->comm_none = true;
		else if (comm_word(w, &v) == 0 && re->ncomm < BGP_CONF_COMM_MAX)
			re->comm[re->ncomm++] = v;
	}
}

static void
prepend_parse(struct bgp_conf_rmap_entry *re, const char *s)
{
	unsigned long long v;
	char *end;

	while (*s != '\0' && re->nprepend < BGP_CONF_PREPEND_MAX) {
		v = strtoull(s, &end, 10);
		if (end == s)
			break;
		if (v >= 1 && v <= UINT32_MAX)
			re->prepend[re->nprepend++] = (uint32_t)v;
		s = end;
		while (*s == ' ')
			s++;
	}
}

/*
 * A route target from "ASN:NN" or "A.B.C.D:NN".  rd_parse() gives the
 * RFC 4364 section 4.2 RD of type 0, 1 or 2, whose value fields are laid
 * out as the RT's: RD type t becomes extended community type t (RFC 4360
 * section 4: 0x00 two-octet AS, 0x01 IPv4; RFC 5668: 0x02 four-octet AS),
 * subtype 0x02 (Route Target).
 */
int
conf_bgp_rt_parse(const char *s, struct ext_comm *ec)
{
	struct evpn_rd rd;

	if (rd_parse(s, &rd) == -1)
		return -1;
	memcpy(ec->b, rd.b, sizeof(ec->b));
	ec->b[0] = rd.b[1];
	ec->b[1] = 0x02;
	return 0;
}

/* ---- route-maps ---- */

static void
rmap_match(struct bgp_conf_rmap_entry *re, const struct lyd_node *m)
{
	const char *s;
	uint32_t v;

	if (m == NULL)
		return;
	conf_bgp_str(re->match_plist, sizeof(re->match_plist),
	    conf_bgp_val(m, "ip-prefix-list"));
	conf_bgp_str(re->match_plist6, sizeof(re->match_plist6),
	    conf_bgp_val(m, "ipv6-prefix-list"));
	if ((s = conf_bgp_val(m, "evpn-route-type")) != NULL) {
		if (strcmp(s, "macip") == 0)
			re->match_evpn_type = BGP_CONF_EVPN_MACIP;
		else if (strcmp(s, "multicast") == 0)
			re->match_evpn_type = BGP_CONF_EVPN_MULTICAST;
		else if (strcmp(s, "prefix") == 0)
			re->match_evpn_type = BGP_CONF_EVPN_PREFIX;
	}
	if (conf_bgp_u32(m, "evpn-vni", &v)) {
		re->match_vni_set = true;
		re->match_vni = v;
	}
}

static void
rmap_set(struct bgp_conf_rmap_entry *re, const struct lyd_node *st)
{
	const struct lyd_node *n;
	const char *s;

	if (st == NULL)
		return;
	re->set_local_pref = conf_bgp_u32(st, "local-preference",
	    &re->local_pref);
	re->set_med = conf_bgp_u32(st, "metric", &re->med);
	if ((s = conf_bgp_val(st, "community")) != NULL)
		comm_parse(re, s);
	if ((s = conf_bgp_val(st, "as-path-prepend")) != NULL)
		prepend_parse(re, s);
	LY_LIST_FOR(lyd_child(st), n)
		if (strcmp(n->schema->name, "extcommunity-rt") == 0 &&
		    re->nrt < BGP_CONF_RT_MAX &&
		    conf_bgp_rt_parse(lyd_get_value(n), &re->rt[re->nrt]) == 0)
			re->nrt++;
	if ((s = conf_bgp_val(st, "ip-next-hop")) != NULL &&
	    ip_parse(s, &re->nexthop) == -1)
		memset(&re->nexthop, 0, sizeof(re->nexthop));
}

static int
rmap_entry_cmp(const void *a, const void *b)
{
	const struct bgp_conf_rmap_entry *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
rmap_fill(struct bgp_conf_rmap *rm, const struct lyd_node *node)
{
	const struct lyd_node *e;
	struct bgp_conf_rmap_entry *re;
	const char *s;

	conf_bgp_str(rm->name, sizeof(rm->name), conf_bgp_val(node, "name"));
	if ((rm->n = count_list(lyd_child(node), "entry")) == 0)
		return;
	rm->e = xcalloc(rm->n, sizeof(*rm->e));
	re = rm->e;
	LY_LIST_FOR(lyd_child(node), e) {
		if (strcmp(e->schema->name, "entry") != 0)
			continue;
		(void)conf_bgp_u32(e, "seq", &re->seq);
		s = conf_bgp_val(e, "action");
		re->permit = s != NULL && strcmp(s, "permit") == 0;
		rmap_match(re, conf_bgp_child(e, "match"));
		rmap_set(re, conf_bgp_child(e, "set"));
		re++;
	}
	qsort(rm->e, rm->n, sizeof(*rm->e), rmap_entry_cmp);
}

void
conf_bgp_policy_fill(struct bgp_conf *b, const struct lyd_node *top)
{
	const struct lyd_node *n;
	size_t i = 0;

	plists_fill(b, top);
	if ((b->nrmaps = count_list(top, "route-map")) == 0)
		return;
	b->rmaps = xcalloc(b->nrmaps, sizeof(*b->rmaps));
	LY_LIST_FOR(top, n)
		if (strcmp(n->schema->name, "route-map") == 0)
			rmap_fill(&b->rmaps[i++], n);
}

/*
 * conf_cmd.c -- the configuration commands: syntax, block, data node.
 *
 * DOC: one table row per command form (../shared/DESIGN.md section 6; FRR
 * frr.conf spelling).  Most rows set one leaf through h_leaf(); commands
 * with several values, cross-references or FRR's order rules (a neighbor
 * must be created by `remote-as` or `peer-group` before other options; a
 * peer-group must exist before it is used) have their own handler.  Types
 * and ranges are left to the YANG module: libyang checks each value when
 * the line sets it.  Order matters: the first matching row wins.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_local.h"
#include "log.h"
#include "types.h"

#define TOP	CONF_IN(CONF_N_TOP)
#define VRF	CONF_IN(CONF_N_VRF)
#define BGP	CONF_IN(CONF_N_BGP)
#define UNI	CONF_IN_UNI
#define EVPN	CONF_IN(CONF_N_EVPN)
#define AFS	(CONF_IN_UNI | CONF_IN(CONF_N_EVPN))
#define VNI	CONF_IN(CONF_N_VNI)
#define RMAP	CONF_IN(CONF_N_RMAP)
#define BLOCKS	(VRF | BGP | AFS | VNI | RMAP)

static const char *
node_name(enum conf_node n)
{
	switch (n) {
	case CONF_N_TOP: return "the top level";
	case CONF_N_VRF: return "'vrf'";
	case CONF_N_BGP: return "'router bgp'";
	case CONF_N_AF4: return "'address-family ipv4 unicast'";
	case CONF_N_AF6: return "'address-family ipv6 unicast'";
	case CONF_N_EVPN: return "'address-family l2vpn evpn'";
	case CONF_N_VNI: return "'vni' of 'address-family l2vpn evpn'";
	case CONF_N_RMAP: return "'route-map'";
	case CONF_N_COUNT: break;
	}
	return "?";
}

const char *
conf_block_desc(unsigned in)
{
	unsigned n;

	if ((in & ~AFS) == 0 && (in & (in - 1)) != 0)	/* several AFs */
		return "an 'address-family' block";
	for (n = 0; n < CONF_N_COUNT; n++)
		if (in & CONF_IN(n))
			return node_name(n);
	return "?";
}

/* Word index of placeholder name in syntax, or -1. */
static int
arg_index(const char *syn, const char *name)
{
	size_t len = strlen(name);
	int i = 0;

	while (*syn != '\0') {
		size_t w = strcspn(syn, " ");

		if (w == len && strncmp(syn, name, len) == 0)
			return i;
		i++;
		syn += w;
		syn += strspn(syn, " ");
	}
	return -1;
}

const char *
conf_cmd_arg(const struct conf_cmd *c, char **av, int ac, const char *name)
{
	int i = arg_index(c->syntax, name);

	return i >= 0 && i < ac ? av[i] : NULL;
}

static int
h_ignore(struct conf_parser *p, const struct conf_cmd *c, char **av, int ac)
{
	(void)p, (void)c, (void)av, (void)ac;
	return 0;
}

static int
h_leaf(struct conf_parser *p, const struct conf_cmd *c, char **av, int ac)
{
	const char *v = c->val ? conf_cmd_arg(c, av, ac, c->val) : c->cval;

	return conf_set(p, c->path, v);
}

/* A leaf-list entry: path[.='value']. */
static int
h_leaflist(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char rel[CONF_PATH_MAX];
	const char *v = conf_cmd_arg(c, av, ac, c->val);

	if (conf_key_ok(p, v) == -1 ||
	    conf_path_fmt(p, rel, sizeof(rel), "%s[.='%s']", c->path, v) == -1)
		return -1;
	return conf_set(p, rel, NULL);
}

/*
 * aggregate-address PREFIX [summary-only] (FRR): the entry, with or
 * without summary-only (the line replaces an earlier one for PREFIX);
 * `no aggregate-address PREFIX [summary-only]` removes the entry.
 */
static int
h_aggregate(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char rel[CONF_PATH_MAX], so[CONF_PATH_MAX];
	const char *v = conf_cmd_arg(c, av, ac, c->val);
	int rc;

	if (conf_key_ok(p, v) == -1 || conf_path_fmt(p, rel, sizeof(rel),
	    "aggregate-address[prefix='%s']", v) == -1 ||
	    conf_path_fmt(p, so, sizeof(so), "%s/summary-only", rel) == -1)
		return -1;
	if (p->negate)
		return conf_set(p, rel, NULL);
	if (c->cval != NULL)
		return conf_set(p, so, NULL);
	if ((rc = conf_set(p, rel, NULL)) == 0 &&
	    conf_find(p, p->depth, so) != NULL) {
		p->negate = true;
		rc = conf_set(p, so, NULL);
		p->negate = false;
	}
	return rc;
}

/* Open a block: c->path is the node, or the list with key leaf c->cval
 * taken from placeholder c->val. */
static int
h_block(struct conf_parser *p, const struct conf_cmd *c, char **av, int ac)
{
	char rel[CONF_PATH_MAX];
	const char *k;

	if (c->val == NULL)
		return conf_push(p, c->node, c->path);
	k = conf_cmd_arg(c, av, ac, c->val);
	if (conf_key_ok(p, k) == -1 || conf_path_fmt(p, rel, sizeof(rel),
	    "%s[%s='%s']",
	    c->path, c->cval, k) == -1)
		return -1;
	return conf_push(p, c->node, rel);
}

static int
h_exit(struct conf_parser *p, const struct conf_cmd *c, char **av, int ac)
{
	(void)c, (void)av, (void)ac;
	return conf_pop(p);
}

static int
h_log_file(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	(void)c;
	if (conf_set(p, "evpnd:log/file/path", av[2]) == -1)
		return -1;
	return ac == 4 ? conf_set(p, "evpnd:log/file/level", av[3]) : 0;
}

/*
 * router bgp ASN [vrf NAME].  As in FRR, a second block for the same
 * instance re-enters it, and must name the same AS.
 */
static int
h_router_bgp(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	const char *vrf = ac == 5 ? av[4] : "default";
	char rel[CONF_PATH_MAX], asnpath[CONF_PATH_MAX];
	struct lyd_node *asn;

	(void)c;
	if (conf_key_ok(p, vrf) == -1 || conf_path_fmt(p, rel, sizeof(rel),
	    "evpnd:router-bgp[vrf='%s']", vrf) == -1 ||
	    conf_path_fmt(p, asnpath, sizeof(asnpath), "%s/asn", rel) == -1)
		return -1;
	asn = conf_find(p, 0, asnpath);
	if (asn != NULL && strcmp(lyd_get_value(asn), av[2]) != 0)
		return conf_error(p, "router bgp %s: the %s instance is "
		    "already AS %s", av[2], vrf, lyd_get_value(asn));
	if (conf_push(p, CONF_N_BGP, rel) == -1)
		return -1;
	return conf_set(p, "asn", av[2]);
}

/*
 * no router bgp ASN [vrf NAME] (FRR): remove the whole instance; ASN must
 * be the instance's.  bgpd stops its peers and, for a VRF instance,
 * withdraws its routes from the VRF's table.
 */
static int
h_router_bgp_del(struct conf_parser *p, const struct conf_cmd *c,
    char **av, int ac)
{
	const char *vrf = ac == 6 ? av[5] : "default";
	char rel[CONF_PATH_MAX], asnpath[CONF_PATH_MAX];
	struct lyd_node *asn;
	int rc;

	(void)c;
	if (conf_key_ok(p, vrf) == -1 || conf_path_fmt(p, rel, sizeof(rel),
	    "evpnd:router-bgp[vrf='%s']", vrf) == -1 ||
	    conf_path_fmt(p, asnpath, sizeof(asnpath), "%s/asn", rel) == -1)
		return -1;
	if ((asn = conf_find(p, 0, asnpath)) == NULL)
		return conf_error(p, "no router bgp: no instance in vrf %.64s",
		    vrf);
	if (strcmp(lyd_get_value(asn), av[3]) != 0)
		return conf_error(p, "no router bgp %.16s: the %.64s instance "
		    "is AS %s", av[3], vrf, lyd_get_value(asn));
	p->negate = true;
	rc = conf_set_at(p, 0, rel, NULL);
	p->negate = false;
	return rc;
}

/* Canonical text of an address, or NULL when s is none. */
static const char *
addr_canon(const char *s, char *buf)
{
	struct ip_addr ip;

	if (ip_parse(s, &ip) == -1)
		return NULL;
	return ip_fmt(&ip, buf);
}

/*
 * The path step naming neighbor or peer-group `peer` of the router bgp
 * block at level lvl, and in key its canonical name.  It must exist.
 */
static int
peer_step(struct conf_parser *p, int lvl, const char *peer, char *step,
    size_t len, char *key)
{
	char abuf[IP_STRLEN];
	const char *a = addr_canon(peer, abuf);

	if (conf_key_ok(p, peer) == -1)
		return -1;
	if (strlen(peer) >= CONF_KEY_MAX)
		return conf_error(p, "neighbor '%.64s...': name too long",
		    peer);
	if (a != NULL) {
		if (conf_path_fmt(p, step, len, "neighbor[address='%s']",
		    a) == -1)
			return -1;
		strcpy(key, a);
	} else {
		if (conf_path_fmt(p, step, len, "peer-group[name='%s']",
		    peer) == -1)
			return -1;
		strcpy(key, peer);
	}
	if (conf_find(p, lvl, step) == NULL)
		return conf_error(p, "neighbor %s is not configured: "
		    "'neighbor %s remote-as' or 'neighbor %s peer-group' "
		    "must come first", peer, peer, peer);
	return 0;
}

static int
h_peer_leaf(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char step[CONF_PATH_MAX], rel[CONF_PATH_MAX], key[CONF_KEY_MAX];
	const char *v = c->val ? conf_cmd_arg(c, av, ac, c->val) : c->cval;

	if (peer_step(p, p->depth, av[1], step, sizeof(step), key) == -1 ||
	    conf_path_fmt(p, rel, sizeof(rel), "%s/%s", step, c->path) == -1)
		return -1;
	return conf_set(p, rel, v);
}

/* neighbor PEER description TEXT...: free text, FRR's 80 characters. */
static int
h_peer_desc(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char step[CONF_PATH_MAX], rel[CONF_PATH_MAX], key[CONF_KEY_MAX];
	char text[CONF_LINE_MAX + 1];

	(void)c;
	conf_join(av, ac, 3, text, sizeof(text));
	if (peer_step(p, p->depth, av[1], step, sizeof(step), key) == -1 ||
	    conf_path_fmt(p, rel, sizeof(rel), "%s/description", step) == -1)
		return -1;
	return conf_set(p, rel, text);
}

/* A timers container: keepalive and hold under prefix. */
static int
set_timers(struct conf_parser *p, const char *prefix, const char *ka,
    const char *hold)
{
	char rel[CONF_PATH_MAX];

	if (conf_path_fmt(p, rel, sizeof(rel), "%stimers/keepalive",
	    prefix) == -1 ||
	    conf_set(p, rel, ka) == -1 ||
	    conf_path_fmt(p, rel, sizeof(rel), "%stimers/hold", prefix) == -1)
		return -1;
	return conf_set(p, rel, hold);
}

static int
h_timers(struct conf_parser *p, const struct conf_cmd *c, char **av, int ac)
{
	(void)c, (void)ac;
	return set_timers(p, "", av[2], av[3]);
}

static int
h_peer_timers(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char step[CONF_PATH_MAX], key[CONF_KEY_MAX];

	(void)c, (void)ac;
	if (peer_step(p, p->depth, av[1], step, sizeof(step) - 1, key) == -1)
		return -1;
	strcat(step, "/");
	return set_timers(p, step, av[3], av[4]);
}

static bool
group_exists(struct conf_parser *p, int lvl, const char *name)
{
	char rel[CONF_PATH_MAX];

	if (strchr(name, '\'') != NULL || snprintf(rel, sizeof(rel),
	    "peer-group[name='%s']", name) >= (int)sizeof(rel))
		return false;
	return conf_find(p, lvl, rel) != NULL;
}

/* neighbor (ADDR|GROUP) remote-as AS: creates a neighbor. */
static int
h_remote_as(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char abuf[CONF_KEY_MAX], rel[CONF_PATH_MAX];
	const char *a = addr_canon(av[1], abuf);

	(void)c, (void)ac;
	if (!conf_is_asn(av[3]) && strcmp(av[3], "internal") != 0 &&
	    strcmp(av[3], "external") != 0)
		return conf_error(p, "remote-as: '%.64s' is not an AS number "
		    "(1..4294967295), 'internal' or 'external'", av[3]);
	if (a != NULL) {
		if (conf_path_fmt(p, rel, sizeof(rel),
		    "neighbor[address='%s']/remote-as", a) == -1)
			return -1;
	} else if (group_exists(p, p->depth, av[1])) {
		if (conf_path_fmt(p, rel, sizeof(rel),
		    "peer-group[name='%s']/remote-as", av[1]) == -1)
			return -1;
	} else {
		return conf_error(p, "neighbor %.64s: not an IP address or "
		    "a configured peer-group", av[1]);
	}
	return conf_set(p, rel, av[3]);
}

/* neighbor NAME peer-group: defines a peer-group. */
static int
h_group_new(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char abuf[CONF_KEY_MAX], rel[CONF_PATH_MAX];

	(void)c, (void)ac;
	if (addr_canon(av[1], abuf) != NULL)
		return conf_error(p, "peer-group name %s is an address",
		    av[1]);
	if (conf_key_ok(p, av[1]) == -1 || conf_path_fmt(p, rel, sizeof(rel),
	    "peer-group[name='%s']", av[1]) == -1)
		return -1;
	return conf_set(p, rel, NULL);
}

/* neighbor ADDR peer-group NAME: the group must be defined earlier. */
static int
h_group_member(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char abuf[CONF_KEY_MAX], rel[CONF_PATH_MAX];
	const char *a = addr_canon(av[1], abuf);

	(void)c, (void)ac;
	if (a == NULL)
		return conf_error(p, "neighbor %.64s: only an address can join "
		    "a peer-group", av[1]);
	if (!group_exists(p, p->depth, av[3]))
		return conf_error(p, "peer-group %.64s is not defined (define "
		    "it first with 'neighbor %.64s peer-group')", av[3], av[3]);
	if (conf_path_fmt(p, rel, sizeof(rel),
	    "neighbor[address='%s']/peer-group",
	    a) == -1)
		return -1;
	return conf_set(p, rel, av[3]);
}

/* bgp listen range PREFIX peer-group NAME */
static int
h_listen_range(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	char rel[CONF_PATH_MAX];

	(void)c, (void)ac;
	if (!group_exists(p, p->depth, av[5]))
		return conf_error(p, "peer-group %.64s is not defined (define "
		    "it first with 'neighbor %.64s peer-group')", av[5], av[5]);
	if (conf_key_ok(p, av[3]) == -1 || conf_path_fmt(p, rel, sizeof(rel),
	    "listen/range[prefix='%s']/peer-group", av[3]) == -1)
		return -1;
	return conf_set(p, rel, av[5]);
}

/* A neighbor or a listen range names peer-group key. */
static bool
group_in_use(struct conf_parser *p, const char *key)
{
	char rel[CONF_PATH_MAX];

	if (snprintf(rel, sizeof(rel), "neighbor[peer-group='%s']", key) <
	    (int)sizeof(rel) && conf_match(p, p->depth, rel))
		return true;
	return snprintf(rel, sizeof(rel), "listen/range[peer-group='%s']",
	    key) < (int)sizeof(rel) && conf_match(p, p->depth, rel);
}

/*
 * no neighbor PEER, no neighbor PEER remote-as AS, no neighbor GROUP
 * peer-group (FRR): the neighbor or peer-group goes, with its settings in
 * every address-family.  A group that members or a listen range still
 * name fails validation (the reference says which).
 */
static int
h_peer_delete(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	static const char *const afs[] = { "ipv4-unicast", "ipv6-unicast",
	    "l2vpn-evpn" };
	char step[CONF_PATH_MAX], rel[CONF_PATH_MAX], key[CONF_KEY_MAX];
	size_t i;
	int rc = 0;

	(void)c, (void)ac;
	if (peer_step(p, p->depth, av[2], step, sizeof(step), key) == -1)
		return -1;
	if (group_in_use(p, key))
		return conf_error(p, "peer-group %s still has members or a "
		    "listen range: remove them first", key);
	p->negate = true;
	for (i = 0; i < sizeof(afs) / sizeof(afs[0]) && rc == 0; i++) {
		rc = conf_path_fmt(p, rel, sizeof(rel),
		    "address-family/%s/neighbor[name='%s']", afs[i], key);
		if (rc == 0 && conf_find(p, p->depth, rel) != NULL)
			rc = conf_set(p, rel, NULL);
	}
	if (rc == 0)
		rc = conf_set(p, step, NULL);
	p->negate = false;
	return rc;
}

/* The leaves of one maximum-prefix line (NULL / false: absent). */
static int
set_max_prefix(struct conf_parser *p, const char *key, const char *n,
    const char *thr, bool warn, const char *restart)
{
	const char *leaf[] = { "maximum-prefix", "maximum-prefix-threshold",
	    "maximum-prefix-warning-only", "maximum-prefix-restart" };
	const char *v[] = { n, thr, warn ? "" : NULL, restart };
	char rel[CONF_PATH_MAX];
	size_t k;

	for (k = 0; k < sizeof(leaf) / sizeof(leaf[0]); k++) {
		if (v[k] == NULL)
			continue;
		if (conf_path_fmt(p, rel, sizeof(rel), "neighbor[name='%s']/%s",
		    key, leaf[k]) == -1 ||
		    conf_set(p, rel, k == 2 ? NULL : v[k]) == -1)
			return -1;
	}
	return 0;
}

/* Per-neighbor settings inside an address-family. */
static int
h_af_peer(struct conf_parser *p, const struct conf_cmd *c, char **av, int ac)
{
	char step[CONF_PATH_MAX], rel[CONF_PATH_MAX], key[CONF_KEY_MAX];
	const char *peer = conf_cmd_arg(c, av, ac, "PEER");
	const char *v = c->val ? conf_cmd_arg(c, av, ac, c->val) : c->cval;
	int bgp = conf_level_find(p, CONF_N_BGP);

	if (bgp < 0)
		return conf_error(p, "address-family outside router bgp");
	if (peer_step(p, bgp, peer, step, sizeof(step), key) == -1 ||
	    conf_path_fmt(p, rel, sizeof(rel), "neighbor[name='%s']/%s", key,
	    c->path) == -1)
		return -1;
	return conf_set(p, rel, v);
}

/*
 * neighbor PEER maximum-prefix N [THRESHOLD] [warning-only | restart M]
 * (FRR): the line replaces the earlier one whole; `no` removes it all.
 */
static int
h_max_prefix(struct conf_parser *p, const struct conf_cmd *c, char **av,
    int ac)
{
	static const char *const leaves[] = { "maximum-prefix",
	    "maximum-prefix-threshold", "maximum-prefix-warning-only",
	    "maximum-prefix-restart" };
	char step[CONF_PATH_MAX], rel[CONF_PATH_MAX], key[CONF_KEY_MAX];
	const char *thr = NULL, *restart = NULL;
	bool warn = false, neg = p->negate;
	int bgp = conf_level_find(p, CONF_N_BGP), i = 4;
	size_t k;

	(void)c;
	if (bgp < 0)
		return conf_error(p, "address-family outside router bgp");
	if (i < ac && strspn(av[i], "0123456789") == strlen(av[i]))
		thr = av[i++];
	if (i < ac && strcmp(av[i], "warning-only") == 0) {
		warn = true;
		i++;
	} else if (i + 1 < ac && strcmp(av[i], "restart") == 0) {
		restart = av[i + 1];
		i += 2;
	}
	if (i != ac)
		return conf_error(p, "maximum-prefix: expected N [THRESHOLD] "
		    "[warning-only | restart MINUTES], not '%.64s'", av[i]);
	if (peer_step(p, bgp, av[1], step, sizeof(step), key) == -1)
		return -1;
	for (k = 0; k < sizeof(leaves) / sizeof(leaves[0]); k++) {
		if (conf_path_fmt(p, rel, sizeof(rel), "neighbor[name='%s']/%s",
		    key, leaves[k]) == -1)
			return -1;
		if (conf_find(p, p->depth, rel) == NULL) {
			if (neg && k == 0)
				return conf_set(p, rel, NULL);	/* the error */
			continue;
		}
		p->negate = true;
		if (conf_set(p, rel, NULL) == -1)
			return -1;
		p->negate = neg;
	}
	if (neg)
		return 0;
	return set_max_prefix(p, key, av[3], thr, warn, restart);
}

/* rd RD: RFC 4364 section 4.2 formats with their number ranges. */
static int
h_rd(struct conf_parser *p, const struct conf_cmd *c, char **av, int ac)
{
	struct evpn_rd rd;

	(void)c, (void)ac;
	if (rd_parse(av[1], &rd) == -1)
		return conf_error(p, "rd: '%.64s' is not ASN:NN or A.B.C.D:NN "
		    "(NN < 65536 unless ASN < 65536)", av[1]);
	return conf_set(p, "rd", av[1]);
}

/* route-target (import|export|both) RT; both = import and export. */
static int
h_rt(struct conf_parser *p, const struct conf_cmd *c, char **av, int ac)
{
	char rel[CONF_PATH_MAX];
	struct evpn_rd rt;
	bool imp = strcmp(av[1], "export") != 0;
	bool exp = strcmp(av[1], "import") != 0;

	(void)c, (void)ac;
	if (!imp && !exp)
		fatalx("%s: syntax table and handler disagree", __func__);
	if (conf_key_ok(p, av[2]) == -1 || rd_parse(av[2], &rt) == -1)
		return conf_error(p, "route-target: '%.64s' is not ASN:NN or "
		    "A.B.C.D:NN (NN < 65536 unless ASN < 65536)", av[2]);
	if (imp && (conf_path_fmt(p, rel, sizeof(rel),
	    "route-target-import[.='%s']", av[2]) == -1 ||
	    conf_set(p, rel, NULL) == -1))
		return -1;
	if (exp && (conf_path_fmt(p, rel, sizeof(rel),
	    "route-target-export[.='%s']", av[2]) == -1 ||
	    conf_set(p, rel, NULL) == -1))
		return -1;
	return 0;
}

static int
dad_del(struct conf_parser *p, const char *leaf)
{
	char rel[CONF_PATH_MAX];
	struct lyd_node *n;

	if (conf_path_fmt(p, rel, sizeof(rel), "dup-addr-detection/%s",
	    leaf) == -1)
		return -1;
	if ((n = conf_find(p, p->depth, rel)) != NULL)
		lyd_free_tree(n);
	return 0;
}

static int
dad_freeze(struct conf_parser *p, const char *v)
{
	if (strcmp(v, "permanent") == 0)
		return dad_del(p, "freeze-time") == -1 ? -1 :
		    conf_set(p, "dup-addr-detection/freeze-permanent", NULL);
	return dad_del(p, "freeze-permanent") == -1 ? -1 :
	    conf_set(p, "dup-addr-detection/freeze-time", v);
}

/*
 * dup-addr-detection [max-moves N time S] [freeze (permanent|S)]: FRR
 * writes the two parts as two lines; both spellings are accepted.
 */
static int
h_dad(struct conf_parser *p, const struct conf_cmd *c, char **av, int ac)
{
	int i = 1;

	(void)c;
	if (dad_del(p, "disable") == -1)
		return -1;
	if (i + 3 < ac && strcmp(av[i], "max-moves") == 0 &&
	    strcmp(av[i + 2], "time") == 0) {
		if (conf_set(p, "dup-addr-detection/max-moves", av[i + 1]) ==
		    -1 || conf_set(p, "dup-addr-detection/time", av[i + 3]) ==
		    -1)
			return -1;
		i += 4;
	}
	if (i + 1 < ac && strcmp(av[i], "freeze") == 0) {
		if (dad_freeze(p, av[i + 1]) == -1)
			return -1;
		i += 2;
	}
	if (i != ac)
		return conf_error(p, "dup-addr-detection: expected "
		    "[max-moves N time S] [freeze (permanent|S)]");
	return conf_set(p, "dup-addr-detection", NULL);
}

static const struct conf_cmd cmds[] = {
	/* FRR housekeeping, accepted and ignored (docs/config.md). */
	{ TOP, "frr version REST", h_ignore, NULL, NULL, NULL, 0 },
	{ TOP, "frr defaults REST", h_ignore, NULL, NULL, NULL, 0 },
	{ TOP, "service integrated-vtysh-config", h_ignore, NULL, NULL, NULL,
	  0 },
	{ TOP, "line vty", h_ignore, NULL, NULL, NULL, 0 },
	{ TOP, "end", h_ignore, NULL, NULL, NULL, 0 },
	{ TOP | BLOCKS, "exit", h_exit, NULL, NULL, NULL, 0 },

	{ TOP, "hostname NAME", h_leaf, "evpnd:hostname", "NAME", NULL, 0 },
	{ TOP, "log stdout", h_leaf, "evpnd:log/stdout", NULL, NULL, 0 },
	{ TOP, "log stdout LEVEL", h_leaf, "evpnd:log/stdout/level", "LEVEL",
	  NULL, 0 },
	{ TOP, "log syslog", h_leaf, "evpnd:log/syslog", NULL, NULL, 0 },
	{ TOP, "log syslog LEVEL", h_leaf, "evpnd:log/syslog/level", "LEVEL",
	  NULL, 0 },
	{ TOP, "log file PATH", h_log_file, NULL, NULL, NULL, 0 },
	{ TOP, "log file PATH LEVEL", h_log_file, NULL, NULL, NULL, 0 },
	{ TOP, "bgp no-rib", h_leaf, "evpnd:bgp/no-rib", NULL, NULL, 0 },

	{ TOP, "vrf NAME", h_block, "evpnd:vrf", "NAME", "name", CONF_N_VRF },
	{ VRF, "vni VNI", h_leaf, "vni", "VNI", NULL, 0 },
	{ VRF, "table ID", h_leaf, "table", "ID", NULL, 0 },
	{ VRF, "exit-vrf", h_exit, NULL, NULL, NULL, 0 },

	{ TOP, "router bgp ASN", h_router_bgp, NULL, NULL, NULL, 0 },
	{ TOP, "router bgp ASN vrf NAME", h_router_bgp, NULL, NULL, NULL, 0 },
	{ TOP, "no router bgp ASN", h_router_bgp_del, NULL, NULL, NULL, 0 },
	{ TOP, "no router bgp ASN vrf NAME", h_router_bgp_del, NULL, NULL,
	  NULL, 0 },
	{ BGP, "bgp router-id ID", h_leaf, "router-id", "ID", NULL, 0 },
	{ BGP, "bgp cluster-id ID", h_leaf, "cluster-id", "ID", NULL, 0 },
	{ BGP, "no bgp default ipv4-unicast", h_leaf,
	  "no-default-ipv4-unicast", NULL, NULL, 0 },
	{ BGP, "no bgp ebgp-requires-policy", h_leaf,
	  "no-ebgp-requires-policy", NULL, NULL, 0 },
	{ BGP, "bgp log-neighbor-changes", h_leaf, "log-neighbor-changes",
	  NULL, NULL, 0 },
	{ BGP, "bgp bestpath as-path multipath-relax", h_leaf,
	  "multipath-relax", NULL, NULL, 0 },
	{ BGP, "bgp listen range PREFIX peer-group NAME", h_listen_range,
	  NULL, NULL, NULL, 0 },
	{ BGP, "bgp listen limit N", h_leaf, "listen/limit", "N", NULL, 0 },
	{ BGP, "timers bgp KEEPALIVE HOLD", h_timers, NULL, NULL, NULL, 0 },
	{ BGP, "neighbor PEER peer-group", h_group_new, NULL, NULL, NULL, 0 },
	{ BGP, "neighbor PEER remote-as AS", h_remote_as, NULL, NULL, NULL,
	  0 },
	{ BGP, "neighbor PEER peer-group NAME", h_group_member, NULL, NULL,
	  NULL, 0 },
	{ BGP, "no neighbor PEER", h_peer_delete, NULL, NULL, NULL, 0 },
	{ BGP, "no neighbor PEER remote-as AS", h_peer_delete, NULL, NULL,
	  NULL, 0 },
	{ BGP, "no neighbor PEER peer-group", h_peer_delete, NULL, NULL,
	  NULL, 0 },
	{ BGP, "neighbor PEER description REST", h_peer_desc, NULL, NULL,
	  NULL, 0 },
	{ BGP, "neighbor PEER update-source SRC", h_peer_leaf,
	  "update-source", "SRC", NULL, 0 },
	{ BGP, "neighbor PEER password SECRET", h_peer_leaf, "password",
	  "SECRET", NULL, 0 },
	{ BGP, "neighbor PEER ttl-security hops N", h_peer_leaf,
	  "ttl-security-hops", "N", NULL, 0 },
	{ BGP, "neighbor PEER timers connect N", h_peer_leaf, "connect-retry",
	  "N", NULL, 0 },
	{ BGP, "neighbor PEER timers KEEPALIVE HOLD", h_peer_timers, NULL,
	  NULL, NULL, 0 },
	{ BGP, "neighbor PEER shutdown", h_peer_leaf, "shutdown", NULL, NULL,
	  0 },
	{ BGP, "neighbor PEER passive", h_peer_leaf, "passive", NULL, NULL,
	  0 },
	{ BGP, "neighbor PEER ebgp-multihop", h_peer_leaf, "ebgp-multihop",
	  NULL, "255", 0 },
	{ BGP, "neighbor PEER ebgp-multihop N", h_peer_leaf, "ebgp-multihop",
	  "N", NULL, 0 },
	{ BGP, "address-family ipv4 unicast", h_block,
	  "address-family/ipv4-unicast", NULL, NULL, CONF_N_AF4 },
	{ BGP, "address-family ipv6 unicast", h_block,
	  "address-family/ipv6-unicast", NULL, NULL, CONF_N_AF6 },
	{ BGP, "address-family l2vpn evpn", h_block,
	  "address-family/l2vpn-evpn", NULL, NULL, CONF_N_EVPN },

	{ AFS, "neighbor PEER activate", h_af_peer, "activate", NULL, "true",
	  0 },
	{ AFS, "no neighbor PEER activate", h_af_peer, "activate", NULL,
	  "false", 0 },
	{ AFS, "neighbor PEER route-reflector-client", h_af_peer,
	  "route-reflector-client", NULL, NULL, 0 },
	{ AFS, "neighbor PEER route-map NAME in", h_af_peer, "route-map-in",
	  "NAME", NULL, 0 },
	{ AFS, "neighbor PEER route-map NAME out", h_af_peer, "route-map-out",
	  "NAME", NULL, 0 },
	{ UNI, "neighbor PEER next-hop-self", h_af_peer, "next-hop-self",
	  NULL, NULL, 0 },
	{ UNI, "neighbor PEER maximum-prefix N", h_max_prefix, NULL, NULL,
	  NULL, 0 },
	{ UNI, "neighbor PEER maximum-prefix N REST", h_max_prefix, NULL,
	  NULL, NULL, 0 },
	{ UNI, "neighbor PEER default-originate", h_af_peer,
	  "default-originate", NULL, NULL, 0 },
	{ UNI, "network PREFIX", h_leaflist, "network", "PREFIX", NULL, 0 },
	{ UNI, "aggregate-address PREFIX", h_aggregate, NULL, "PREFIX", NULL,
	  0 },
	{ UNI, "aggregate-address PREFIX summary-only", h_aggregate, NULL,
	  "PREFIX", "summary-only", 0 },
	{ UNI, "redistribute TYPE", h_leaflist, "redistribute", "TYPE", NULL,
	  0 },
	{ UNI, "maximum-paths N", h_leaf, "maximum-paths", "N", NULL, 0 },
	{ UNI, "maximum-paths ibgp N", h_leaf, "maximum-paths-ibgp", "N",
	  NULL, 0 },
	{ AFS, "exit-address-family", h_exit, NULL, NULL, NULL, 0 },

	{ EVPN, "advertise-all-vni", h_leaf, "advertise-all-vni", NULL, NULL,
	  0 },
	{ EVPN, "advertise ipv4 unicast", h_leaf, "advertise-ipv4-unicast",
	  NULL, NULL, 0 },
	{ EVPN, "advertise ipv6 unicast", h_leaf, "advertise-ipv6-unicast",
	  NULL, NULL, 0 },
	{ EVPN, "default-originate ipv4", h_leaf, "default-originate-ipv4",
	  NULL, NULL, 0 },
	{ EVPN, "default-originate ipv6", h_leaf, "default-originate-ipv6",
	  NULL, NULL, 0 },
	{ EVPN, "advertise-default-gw", h_leaf, "advertise-default-gw", NULL,
	  NULL, 0 },
	{ EVPN, "advertise-svi-ip", h_leaf, "advertise-svi-ip", NULL, NULL,
	  0 },
	{ EVPN, "dup-addr-detection", h_dad, NULL, NULL, NULL, 0 },
	{ EVPN, "dup-addr-detection REST", h_dad, NULL, NULL, NULL, 0 },
	{ EVPN, "no dup-addr-detection", h_leaf, "dup-addr-detection/disable",
	  NULL, NULL, 0 },
	{ EVPN, "vni VNI", h_block, "vni", "VNI", "vni", CONF_N_VNI },
	{ VNI, "rd RD", h_rd, NULL, NULL, NULL, 0 },
	{ VNI, "route-target import RT", h_rt, NULL, NULL, NULL, 0 },
	{ VNI, "route-target export RT", h_rt, NULL, NULL, NULL, 0 },
	{ VNI, "route-target both RT", h_rt, NULL, NULL, NULL, 0 },
	{ VNI, "exit-vni", h_exit, NULL, NULL, NULL, 0 },

	{ TOP, "ip prefix-list NAME REST", conf_h_prefix_list, NULL, NULL,
	  NULL, 0 },
	{ TOP, "ipv6 prefix-list NAME REST", conf_h_prefix_list, NULL, NULL,
	  NULL, 0 },
	{ TOP, "no ip prefix-list NAME", conf_h_prefix_list_del, NULL, NULL,
	  NULL, 0 },
	{ TOP, "no ip prefix-list NAME REST", conf_h_prefix_list_del, NULL,
	  NULL, NULL, 0 },
	{ TOP, "no ipv6 prefix-list NAME", conf_h_prefix_list_del, NULL,
	  NULL, NULL, 0 },
	{ TOP, "no ipv6 prefix-list NAME REST", conf_h_prefix_list_del, NULL,
	  NULL, NULL, 0 },
	{ TOP, "route-map NAME ACTION SEQ", conf_h_route_map, NULL, NULL,
	  NULL, 0 },
	{ RMAP, "match ip address prefix-list NAME", h_leaf,
	  "match/ip-prefix-list", "NAME", NULL, 0 },
	{ RMAP, "match ipv6 address prefix-list NAME", h_leaf,
	  "match/ipv6-prefix-list", "NAME", NULL, 0 },
	{ RMAP, "match evpn route-type TYPE", h_leaf, "match/evpn-route-type",
	  "TYPE", NULL, 0 },
	{ RMAP, "match evpn vni VNI", h_leaf, "match/evpn-vni", "VNI", NULL,
	  0 },
	{ RMAP, "set local-preference N", h_leaf, "set/local-preference", "N",
	  NULL, 0 },
	{ RMAP, "set metric N", h_leaf, "set/metric", "N", NULL, 0 },
	{ RMAP, "set community REST", conf_h_community, NULL, NULL, NULL, 0 },
	{ RMAP, "set as-path prepend REST", conf_h_prepend, NULL, NULL, NULL,
	  0 },
	{ RMAP, "set extcommunity rt REST", conf_h_ext_rt, NULL, NULL, NULL,
	  0 },
	{ RMAP, "set ip next-hop ADDR", h_leaf, "set/ip-next-hop", "ADDR",
	  NULL, 0 },
};

bool
conf_cmd_negatable(const struct conf_cmd *c)
{
	return c->fn == h_leaf || c->fn == h_leaflist ||
	    c->fn == h_peer_leaf || c->fn == h_af_peer ||
	    c->fn == h_max_prefix || c->fn == h_aggregate;
}

const struct conf_cmd *
conf_cmd_table(size_t *n)
{
	*n = sizeof(cmds) / sizeof(cmds[0]);
	return cmds;
}

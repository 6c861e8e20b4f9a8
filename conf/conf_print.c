/*
 * conf_print.c -- the canonical configuration text (`show running-config`).
 *
 * DOC: prints the validated tree in a fixed order, FRR-style (one-space
 * indent per block, `!` between blocks, explicit `exit`/`exit-vni`/
 * `exit-address-family`), so the text parses back to the same tree and
 * prints identically (tests/unit/test_conf.c checks both).  Values are
 * libyang's canonical forms; defaults the user did not write are not
 * printed.  Order inside a block: instance settings, peer-groups before
 * the neighbors that join them, listen ranges after the groups they name,
 * then address-families.  Lists keep the order of the text.
 */
#include <stdio.h>
#include <string.h>

#include "conf_local.h"

/* Explicit (not default) child named name, or NULL. */
static const struct lyd_node *
child(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *n;

	if (parent == NULL)
		return NULL;
	LY_LIST_FOR(lyd_child(parent), n)
		if (!(n->flags & LYD_DEFAULT) &&
		    strcmp(n->schema->name, name) == 0)
			return n;
	return NULL;
}

static const char *
val(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *n = child(parent, name);

	return n != NULL ? lyd_get_value(n) : NULL;
}

/* Value even when it is the schema default (e.g. dup-addr-detection). */
static const char *
val_any(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *n;

	LY_LIST_FOR(lyd_child(parent), n)
		if (strcmp(n->schema->name, name) == 0)
			return lyd_get_value(n);
	return "";
}

static bool
has_explicit(const struct lyd_node *parent)
{
	const struct lyd_node *n;

	if (parent == NULL)
		return false;
	LY_LIST_FOR(lyd_child(parent), n)
		if (!(n->flags & LYD_DEFAULT))
			return true;
	return false;
}

#define FOR_EACH(parent_, nm_, n_)					\
	LY_LIST_FOR(lyd_child(parent_), n_)				\
		if (strcmp((n_)->schema->name, (nm_)) == 0)

/* "IND WORDS VALUE" when the leaf is set; empty leaves print WORDS. */
static void
leaf(FILE *f, const char *ind, const struct lyd_node *parent,
    const char *name, const char *words)
{
	const struct lyd_node *n = child(parent, name);

	if (n == NULL)
		return;
	if (((const struct lysc_node_leaf *)n->schema)->type->basetype ==
	    LY_TYPE_EMPTY)
		fprintf(f, "%s%s\n", ind, words);
	else
		fprintf(f, "%s%s %s\n", ind, words, lyd_get_value(n));
}

static void
print_log(FILE *f, const struct lyd_node *log)
{
	static const char *const dst[] = { "stdout", "syslog", "file" };
	const struct lyd_node *t;
	const char *lvl;
	size_t i;

	for (i = 0; i < sizeof(dst) / sizeof(dst[0]); i++) {
		if ((t = child(log, dst[i])) == NULL)
			continue;
		fprintf(f, "log %s", dst[i]);
		if (val(t, "path") != NULL)
			fprintf(f, " %s", val(t, "path"));
		if ((lvl = val(t, "level")) != NULL)
			fprintf(f, " %s", lvl);
		fputc('\n', f);
	}
}

static void
print_vrf(FILE *f, const struct lyd_node *v)
{
	fprintf(f, "vrf %s\n", val(v, "name"));
	leaf(f, " ", v, "vni", "vni");
	leaf(f, " ", v, "table", "table");
	fputs("exit-vrf\n!\n", f);
}

static void
print_timers(FILE *f, const char *pre, const struct lyd_node *t)
{
	if (t != NULL)
		fprintf(f, "%s %s %s\n", pre, val(t, "keepalive"),
		    val(t, "hold"));
}

/* Options common to neighbors and peer-groups, after the defining line. */
static void
print_peer_opts(FILE *f, const char *name, const struct lyd_node *p)
{
	char pre[96];
	const char *hops;

	snprintf(pre, sizeof(pre), " neighbor %s", name);
	leaf(f, pre, p, "description", " description");
	leaf(f, pre, p, "update-source", " update-source");
	leaf(f, pre, p, "password", " password");
	if ((hops = val(p, "ebgp-multihop")) != NULL)
		fprintf(f, "%s ebgp-multihop%s%s\n", pre,
		    strcmp(hops, "255") ? " " : "", strcmp(hops, "255") ?
		    hops : "");
	leaf(f, pre, p, "ttl-security-hops", " ttl-security hops");
	leaf(f, pre, p, "connect-retry", " timers connect");
	snprintf(pre, sizeof(pre), " neighbor %s timers", name);
	print_timers(f, pre, child(p, "timers"));
	snprintf(pre, sizeof(pre), " neighbor %s", name);
	leaf(f, pre, p, "passive", " passive");
	leaf(f, pre, p, "shutdown", " shutdown");
}

static void
print_peers(FILE *f, const struct lyd_node *bgp)
{
	const struct lyd_node *p;
	const char *name, *as, *pg;

	FOR_EACH(bgp, "peer-group", p) {
		name = val(p, "name");
		fprintf(f, " neighbor %s peer-group\n", name);
		if ((as = val(p, "remote-as")) != NULL)
			fprintf(f, " neighbor %s remote-as %s\n", name, as);
		print_peer_opts(f, name, p);
	}
	FOR_EACH(bgp, "neighbor", p) {
		name = val(p, "address");
		if ((as = val(p, "remote-as")) != NULL)
			fprintf(f, " neighbor %s remote-as %s\n", name, as);
		if ((pg = val(p, "peer-group")) != NULL)
			fprintf(f, " neighbor %s peer-group %s\n", name, pg);
		print_peer_opts(f, name, p);
	}
}

static void
print_listen(FILE *f, const struct lyd_node *l)
{
	const struct lyd_node *r;

	if (l == NULL)
		return;
	FOR_EACH(l, "range", r)
		fprintf(f, " bgp listen range %s peer-group %s\n",
		    val(r, "prefix"), val(r, "peer-group"));
	leaf(f, " ", l, "limit", "bgp listen limit");
}

static void
print_max_prefix(FILE *f, const char *pre, const struct lyd_node *p)
{
	const char *n = val(p, "maximum-prefix"), *t, *r;

	if (n == NULL)
		return;
	fprintf(f, "%s maximum-prefix %s", pre, n);
	if ((t = val(p, "maximum-prefix-threshold")) != NULL)
		fprintf(f, " %s", t);
	if (child(p, "maximum-prefix-warning-only") != NULL)
		fputs(" warning-only", f);
	else if ((r = val(p, "maximum-prefix-restart")) != NULL)
		fprintf(f, " restart %s", r);
	fputc('\n', f);
}

static void
print_af_peers(FILE *f, const struct lyd_node *af)
{
	const struct lyd_node *p;
	const char *name, *act;
	char pre[96];

	FOR_EACH(af, "neighbor", p) {
		name = val(p, "name");
		snprintf(pre, sizeof(pre), "  neighbor %s", name);
		if ((act = val(p, "activate")) != NULL)
			fprintf(f, "  %sneighbor %s activate\n",
			    strcmp(act, "true") ? "no " : "", name);
		leaf(f, pre, p, "route-reflector-client",
		    " route-reflector-client");
		leaf(f, pre, p, "next-hop-self", " next-hop-self");
		print_max_prefix(f, pre, p);
		if (val(p, "route-map-in") != NULL)
			fprintf(f, "%s route-map %s in\n", pre,
			    val(p, "route-map-in"));
		if (val(p, "route-map-out") != NULL)
			fprintf(f, "%s route-map %s out\n", pre,
			    val(p, "route-map-out"));
		leaf(f, pre, p, "default-originate", " default-originate");
	}
}

static void
print_unicast(FILE *f, const char *afname, const struct lyd_node *af)
{
	const struct lyd_node *n;

	if (!has_explicit(af))
		return;
	fprintf(f, " !\n address-family %s unicast\n", afname);
	FOR_EACH(af, "network", n)
		fprintf(f, "  network %s\n", lyd_get_value(n));
	FOR_EACH(af, "aggregate-address", n)
		fprintf(f, "  aggregate-address %s%s\n",
		    lyd_get_value(lyd_child(n)),
		    lyd_child(n)->next != NULL &&
		    strcmp(lyd_child(n)->next->schema->name, "summary-only") ==
		    0 ? " summary-only" : "");
	FOR_EACH(af, "redistribute", n)
		fprintf(f, "  redistribute %s\n", lyd_get_value(n));
	print_af_peers(f, af);
	leaf(f, "  ", af, "maximum-paths", "maximum-paths");
	leaf(f, "  ", af, "maximum-paths-ibgp", "maximum-paths ibgp");
	fputs(" exit-address-family\n", f);
}

static bool
leaflist_has(const struct lyd_node *parent, const char *name, const char *v)
{
	const struct lyd_node *n;

	FOR_EACH(parent, name, n)
		if (strcmp(lyd_get_value(n), v) == 0)
			return true;
	return false;
}

static void
print_vni(FILE *f, const struct lyd_node *v)
{
	const struct lyd_node *n;
	const char *rt;

	fprintf(f, "  vni %s\n", val(v, "vni"));
	leaf(f, "   ", v, "rd", "rd");
	FOR_EACH(v, "route-target-import", n) {
		rt = lyd_get_value(n);
		fprintf(f, "   route-target %s %s\n",
		    leaflist_has(v, "route-target-export", rt) ? "both" :
		    "import", rt);
	}
	FOR_EACH(v, "route-target-export", n) {
		rt = lyd_get_value(n);
		if (!leaflist_has(v, "route-target-import", rt))
			fprintf(f, "   route-target export %s\n", rt);
	}
	fputs("  exit-vni\n", f);
}

static void
print_dad(FILE *f, const struct lyd_node *d)
{
	if (d == NULL)
		return;
	if (child(d, "disable") != NULL)
		fputs("  no dup-addr-detection\n", f);
	if (child(d, "max-moves") != NULL || child(d, "time") != NULL)
		fprintf(f, "  dup-addr-detection max-moves %s time %s\n",
		    val_any(d, "max-moves"), val_any(d, "time"));
	if (child(d, "freeze-permanent") != NULL)
		fputs("  dup-addr-detection freeze permanent\n", f);
	leaf(f, "  ", d, "freeze-time", "dup-addr-detection freeze");
}

static void
print_evpn(FILE *f, const struct lyd_node *af)
{
	const struct lyd_node *n;

	if (!has_explicit(af))
		return;
	fputs(" !\n address-family l2vpn evpn\n", f);
	print_af_peers(f, af);
	leaf(f, "  ", af, "advertise-all-vni", "advertise-all-vni");
	leaf(f, "  ", af, "advertise-default-gw", "advertise-default-gw");
	leaf(f, "  ", af, "advertise-svi-ip", "advertise-svi-ip");
	leaf(f, "  ", af, "advertise-ipv4-unicast", "advertise ipv4 unicast");
	leaf(f, "  ", af, "advertise-ipv6-unicast", "advertise ipv6 unicast");
	leaf(f, "  ", af, "default-originate-ipv4", "default-originate ipv4");
	leaf(f, "  ", af, "default-originate-ipv6", "default-originate ipv6");
	print_dad(f, child(af, "dup-addr-detection"));
	FOR_EACH(af, "vni", n)
		print_vni(f, n);
	fputs(" exit-address-family\n", f);
}

static void
print_bgp(FILE *f, const struct lyd_node *b)
{
	const struct lyd_node *af = child(b, "address-family");
	const char *vrf = val(b, "vrf");

	fprintf(f, "router bgp %s", val(b, "asn"));
	if (strcmp(vrf, "default") != 0)
		fprintf(f, " vrf %s", vrf);
	fputc('\n', f);
	leaf(f, " ", b, "router-id", "bgp router-id");
	leaf(f, " ", b, "cluster-id", "bgp cluster-id");
	leaf(f, " ", b, "no-default-ipv4-unicast",
	    "no bgp default ipv4-unicast");
	leaf(f, " ", b, "no-ebgp-requires-policy",
	    "no bgp ebgp-requires-policy");
	leaf(f, " ", b, "log-neighbor-changes", "bgp log-neighbor-changes");
	leaf(f, " ", b, "multipath-relax",
	    "bgp bestpath as-path multipath-relax");
	print_timers(f, " timers bgp", child(b, "timers"));
	print_peers(f, b);
	print_listen(f, child(b, "listen"));
	print_unicast(f, "ipv4", child(af, "ipv4-unicast"));
	print_unicast(f, "ipv6", child(af, "ipv6-unicast"));
	print_evpn(f, child(af, "l2vpn-evpn"));
	fputs("exit\n!\n", f);
}

static void
print_plist(FILE *f, const char *afi, const struct lyd_node *pl)
{
	const struct lyd_node *e;

	FOR_EACH(pl, "entry", e) {
		fprintf(f, "%s prefix-list %s seq %s %s %s", afi,
		    val(pl, "name"), val(e, "seq"), val(e, "action"),
		    val(e, "prefix"));
		if (val(e, "ge") != NULL)
			fprintf(f, " ge %s", val(e, "ge"));
		if (val(e, "le") != NULL)
			fprintf(f, " le %s", val(e, "le"));
		fputc('\n', f);
	}
	fputs("!\n", f);
}

static void
print_rmap(FILE *f, const struct lyd_node *rm)
{
	const struct lyd_node *e, *m, *s, *n;

	FOR_EACH(rm, "entry", e) {
		fprintf(f, "route-map %s %s %s\n", val(rm, "name"),
		    val(e, "action"), val(e, "seq"));
		m = child(e, "match");
		leaf(f, " ", m, "ip-prefix-list",
		    "match ip address prefix-list");
		leaf(f, " ", m, "ipv6-prefix-list",
		    "match ipv6 address prefix-list");
		leaf(f, " ", m, "evpn-route-type", "match evpn route-type");
		leaf(f, " ", m, "evpn-vni", "match evpn vni");
		s = child(e, "set");
		leaf(f, " ", s, "local-preference", "set local-preference");
		leaf(f, " ", s, "metric", "set metric");
		leaf(f, " ", s, "community", "set community");
		leaf(f, " ", s, "as-path-prepend", "set as-path prepend");
		if (child(s, "extcommunity-rt") != NULL) {
			fputs(" set extcommunity rt", f);
			FOR_EACH(s, "extcommunity-rt", n)
				fprintf(f, " %s", lyd_get_value(n));
			fputc('\n', f);
		}
		leaf(f, " ", s, "ip-next-hop", "set ip next-hop");
		fputs("exit\n!\n", f);
	}
}

/* Top-level lists named name, in text order; for router-bgp the default
 * instance first. */
static void
print_top(FILE *f, const struct lyd_node *tree, const char *name)
{
	const struct lyd_node *n;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		LY_LIST_FOR(tree, n) {
			if (strcmp(n->schema->name, name) != 0)
				continue;
			if (strcmp(name, "router-bgp") == 0) {
				if ((strcmp(val(n, "vrf"), "default") == 0) !=
				    (pass == 0))
					continue;
				print_bgp(f, n);
			} else if (pass == 0) {
				if (strcmp(name, "vrf") == 0)
					print_vrf(f, n);
				else if (strcmp(name, "route-map") == 0)
					print_rmap(f, n);
				else
					print_plist(f, strcmp(name,
					    "prefix-list") ? "ipv6" : "ip", n);
			}
		}
	}
}

int
conf_print_text(const struct conf *c, FILE *f)
{
	const struct lyd_node *n, *bgp = NULL;
	bool global = false;

	LY_LIST_FOR(c->tree, n) {
		if (n->flags & LYD_DEFAULT)
			continue;
		if (strcmp(n->schema->name, "hostname") == 0) {
			fprintf(f, "hostname %s\n", lyd_get_value(n));
			global = true;
		} else if (strcmp(n->schema->name, "log") == 0) {
			print_log(f, n);
			global = true;
		} else if (strcmp(n->schema->name, "bgp") == 0) {
			bgp = n;
		}
	}
	if (child(bgp, "no-rib") != NULL) {
		fputs("bgp no-rib\n", f);
		global = true;
	}
	if (global)
		fputs("!\n", f);
	print_top(f, c->tree, "vrf");
	print_top(f, c->tree, "router-bgp");
	print_top(f, c->tree, "prefix-list");
	print_top(f, c->tree, "ipv6-prefix-list");
	print_top(f, c->tree, "route-map");
	return ferror(f) ? -1 : 0;
}

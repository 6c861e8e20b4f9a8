/*
 * test_conf.c -- configuration text -> YANG tree -> canonical text.
 *
 * Golden: each tests/conf/NAME.conf loads, prints exactly NAME.ok, and the
 * printed text parses back to a tree that prints the same text and JSON.
 * Errors: each bad text is rejected with "<name>:LINE: ...message...".
 * Limits: over-long lines, too many words/lines, NUL and control bytes.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

static const char *const golden[] = { "vtep", "rr", "gateway" };

static char *
slurp(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	buf = malloc(1 << 20);
	ck_assert_ptr_nonnull(buf);
	len = fread(buf, 1, (1 << 20) - 1, f);
	buf[len] = '\0';
	fclose(f);
	if (lenp != NULL)
		*lenp = len;
	return buf;
}

/* Text or JSON of a config, as a malloc'd string. */
static char *
print_mem(const struct conf *c, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(json ? conf_print_json(c, f) : conf_print_text(c, f),
	    0);
	fclose(f);
	return buf;
}

START_TEST(golden_roundtrip)
{
	char path[512], err[512], *ok, *text, *text2, *json, *json2;
	struct conf *c, *c2;

	snprintf(path, sizeof(path), "%s/%s.conf", CONF_TEST_DIR, golden[_i]);
	c = conf_load_file(path, err, sizeof(err));
	ck_assert_msg(c != NULL, "%s", err);
	snprintf(path, sizeof(path), "%s/%s.ok", CONF_TEST_DIR, golden[_i]);
	ok = slurp(path, NULL);
	text = print_mem(c, false);
	ck_assert_msg(strcmp(text, ok) == 0, "%s: printed:\n%s", golden[_i],
	    text);
	c2 = conf_load_buf("printed", text, strlen(text), err, sizeof(err));
	ck_assert_msg(c2 != NULL, "%s", err);
	text2 = print_mem(c2, false);
	ck_assert_str_eq(text, text2);
	json = print_mem(c, true);
	json2 = print_mem(c2, true);
	ck_assert_str_eq(json, json2);
	ck_assert_ptr_nonnull(strstr(json, "\"evpnd:router-bgp\""));
	free(ok), free(text), free(text2), free(json), free(json2);
	conf_free(c);
	conf_free(c2);
}
END_TEST

/* Texts that are valid, with a substring their canonical text holds. */
static const struct good_case {
	const char	*name;
	const char	*text;
	const char	*want;		/* in the printed text ("" any) */
} goods[] = {
	{ "empty", "", "" },
	{ "comments only", "! hi\n# also\n   !\n\n", "" },
	{ "housekeeping", "frr version 9.1\nfrr defaults datacenter\n"
	  "service integrated-vtysh-config\nline vty\nend\n", "" },
	{ "crlf and no final newline", "hostname a\r\nbgp no-rib",
	  "hostname a\nbgp no-rib\n" },
	{ "frr7 style without exits",
	  "router bgp 1\n neighbor 10.0.0.1 remote-as 2\n"
	  " address-family ipv4 unicast\n  neighbor 10.0.0.1 activate\n"
	  "ip prefix-list P permit 10.0.0.0/8\n"
	  "ip prefix-list P deny any\n"
	  "route-map M permit 10\n match ip address prefix-list P\n"
	  "route-map M deny 20\n",
	  "ip prefix-list P seq 10 deny 0.0.0.0/0 le 32\n" },
	{ "vni without exit-vni",
	  "router bgp 1\n address-family l2vpn evpn\n  vni 10\n   rd 1:1\n"
	  "  vni 20\n   rd 1:2\n exit-address-family\n",
	  "  vni 20\n   rd 1:2\n  exit-vni\n" },
	{ "re-entered instance", "router bgp 7\n bgp router-id 1.1.1.1\nexit\n"
	  "router bgp 7\n bgp cluster-id 2.2.2.2\nexit\n",
	  " bgp router-id 1.1.1.1\n bgp cluster-id 2.2.2.2\n" },
	{ "deactivate and ipv6 canonical",
	  "router bgp 1\n neighbor 2001:DB8::0:1 remote-as external\n"
	  " address-family ipv4 unicast\n  no neighbor 2001:db8::1 activate\n",
	  "  no neighbor 2001:db8::1 activate\n" },
	{ "ebgp-multihop default", "router bgp 1\n neighbor 10.0.0.1 "
	  "remote-as 2\n neighbor 10.0.0.1 ebgp-multihop\n",
	  " neighbor 10.0.0.1 ebgp-multihop\n" },
	{ "dad freeze replaced", "router bgp 1\n address-family l2vpn evpn\n"
	  "  dup-addr-detection freeze 60\n"
	  "  dup-addr-detection freeze permanent\n",
	  "  dup-addr-detection freeze permanent\n exit" },
	{ "no dad", "router bgp 1\n address-family l2vpn evpn\n"
	  "  no dup-addr-detection\n", "  no dup-addr-detection\n" },
	{ "indentation ignored", "router bgp 1\nneighbor G peer-group\n"
	  "\t\tneighbor G remote-as internal\n", " neighbor G remote-as "
	  "internal\n" },
	{ "max asn and vni", "router bgp 4294967295\n address-family l2vpn "
	  "evpn\n  vni 16777215\n", "router bgp 4294967295\n" },
	{ "hold 0", "router bgp 1\n timers bgp 0 0\n", " timers bgp 0 0\n" },
	{ "log file", "log file /var/log/e.log\n",
	  "log file /var/log/e.log\n" },
	{ "no network, no shutdown, no route-map", "router bgp 1\n"
	  " neighbor 10.0.0.2 remote-as 2\n neighbor 10.0.0.2 shutdown\n"
	  " address-family ipv4 unicast\n  network 10.1.0.0/24\n"
	  "  network 10.2.0.0/24\n  neighbor 10.0.0.2 route-map X in\n"
	  "  no network 10.1.0.0/24\n  no neighbor 10.0.0.2 route-map X in\n"
	  " exit-address-family\n no neighbor 10.0.0.2 shutdown\n",
	  " neighbor 10.0.0.2 remote-as 2\n !\n address-family ipv4 unicast\n"
	  "  network 10.2.0.0/24\n exit-address-family\n" },
	{ "no neighbor: with its families", "router bgp 1\n"
	  " neighbor 10.0.0.2 remote-as 2\n neighbor 10.0.0.3 remote-as 3\n"
	  " address-family ipv4 unicast\n  neighbor 10.0.0.2 activate\n"
	  "  neighbor 10.0.0.3 activate\n exit-address-family\n"
	  " address-family l2vpn evpn\n  neighbor 10.0.0.2 activate\n"
	  " exit-address-family\n no neighbor 10.0.0.2\n"
	  " no neighbor 10.0.0.3 remote-as 3\n",
	  "router bgp 1\nexit\n" },
	{ "no neighbor GROUP peer-group", "router bgp 1\n neighbor G "
	  "peer-group\n neighbor G remote-as internal\n"
	  " neighbor 10.0.0.2 remote-as 2\n no neighbor G peer-group\n",
	  "router bgp 1\n neighbor 10.0.0.2 remote-as 2\nexit\n" },
	{ "no prefix-list entries and lists", "ip prefix-list B seq 5 permit"
	  " 10.0.0.0/8 le 24\nip prefix-list B seq 10 deny 10.1.0.0/16\n"
	  "ip prefix-list C seq 5 permit 10.0.0.0/8\nip prefix-list D permit"
	  " 10.0.0.0/8\nipv6 prefix-list E permit fd00::/8\n"
	  "no ip prefix-list B seq 5\n"
	  "no ip prefix-list C seq 5 permit 10.0.0.0/8\n"
	  "no ip prefix-list D permit 10.0.0.0/8\nno ipv6 prefix-list E\n",
	  "ip prefix-list B seq 10 deny 10.1.0.0/16\n!\n" },
	{ "maximum-prefix options", "router bgp 1\n neighbor 10.0.0.2 "
	  "remote-as 2\n address-family ipv4 unicast\n  neighbor 10.0.0.2 "
	  "maximum-prefix 100 80 restart 5\n", "  neighbor 10.0.0.2 "
	  "maximum-prefix 100 80 restart 5\n" },
	{ "maximum-prefix replaced whole", "router bgp 1\n neighbor 10.0.0.2 "
	  "remote-as 2\n address-family ipv4 unicast\n  neighbor 10.0.0.2 "
	  "maximum-prefix 100 80 restart 5\n  neighbor 10.0.0.2 "
	  "maximum-prefix 200 warning-only\n", "  neighbor 10.0.0.2 "
	  "maximum-prefix 200 warning-only\n exit-address-family\n" },
	{ "no maximum-prefix removes it all", "router bgp 1\n neighbor "
	  "10.0.0.2 remote-as 2\n address-family ipv4 unicast\n  neighbor "
	  "10.0.0.2 maximum-prefix 100 80 restart 5\n  neighbor 10.0.0.2 "
	  "activate\n  no neighbor 10.0.0.2 maximum-prefix 100\n",
	  "  neighbor 10.0.0.2 activate\n exit-address-family\n" },
	{ "63-char peer-group", "router bgp 1\n neighbor "
	  "G23456789012345678901234567890123456789012345678901234567890123 "
	  "peer-group\n address-family l2vpn evpn\n  neighbor "
	  "G23456789012345678901234567890123456789012345678901234567890123 "
	  "activate\n", "901234567890123 activate\n" },
};

START_TEST(good_table)
{
	const struct good_case *g = &goods[_i];
	char err[512], *text, *text2;
	struct conf *c, *c2;

	c = conf_load_buf("g.conf", g->text, strlen(g->text), err,
	    sizeof(err));
	ck_assert_msg(c != NULL, "%s: %s", g->name, err);
	text = print_mem(c, false);
	ck_assert_msg(strstr(text, g->want) != NULL, "%s: printed:\n%s",
	    g->name, text);
	c2 = conf_load_buf("p.conf", text, strlen(text), err, sizeof(err));
	ck_assert_msg(c2 != NULL, "%s: reparse: %s", g->name, err);
	text2 = print_mem(c2, false);
	ck_assert_str_eq(text, text2);
	free(text), free(text2);
	conf_free(c);
	conf_free(c2);
}
END_TEST

static const struct bad_case {
	const char	*name;
	const char	*text;
	unsigned	 line;
	const char	*msg;		/* substring of the message */
} bads[] = {
	{ "unknown command", "hostname a\nfoo bar\n", 2, "unknown command" },
	{ "incomplete", "hostname\n", 1, "incomplete 'hostname'" },
	{ "asn 0", "router bgp 0\n", 1, "AS number must be 1..4294967295" },
	{ "asn 2^32", "router bgp 4294967296\n", 1, "4294967296" },
	{ "remote-as 0", "router bgp 1\n neighbor 10.0.0.1 remote-as 0\n", 2,
	  "not an AS number" },
	{ "vni 0", "router bgp 1\n address-family l2vpn evpn\n  vni 0\n", 3,
	  "VNI must be 1..16777215" },
	{ "vni 2^24", "vrf red\n vni 16777216\n", 2, "VNI must be" },
	{ "rd format", "router bgp 1\n address-family l2vpn evpn\n  vni 1\n"
	  "   rd 1.2.3:4\n", 4, "rd: '1.2.3:4'" },
	{ "rd range", "router bgp 1\n address-family l2vpn evpn\n  vni 1\n"
	  "   rd 70000:70000\n", 4, "not ASN:NN" },
	{ "rt format", "router bgp 1\n address-family l2vpn evpn\n  vni 1\n"
	  "   route-target import 65000\n", 4, "route-target: '65000'" },
	{ "rt ip range", "route-map M permit 1\n set extcommunity rt "
	  "1.2.3.4:65536\n", 2, "extcommunity rt" },
	{ "bad prefix", "router bgp 1\n address-family ipv4 unicast\n"
	  "  network 10.0.0.0/33\n", 3, "invalid value '10.0.0.0/33'" },
	{ "v6 prefix in ipv4", "router bgp 1\n address-family ipv4 unicast\n"
	  "  network 2001:db8::/32\n", 3, "invalid value" },
	{ "le > 32", "ip prefix-list A seq 5 permit 10.0.0.0/8 le 33\n", 1,
	  "le must be 1..32" },
	{ "ge <= len", "!\nip prefix-list A seq 5 permit 10.0.0.0/8 ge 8\n", 2,
	  "ge must be longer" },
	{ "le < ge", "ip prefix-list A seq 5 permit 10.0.0.0/8 ge 24 le 16\n",
	  1, "le must not be shorter than ge" },
	{ "prefix-list junk", "ip prefix-list A seq 5 permit 10.0.0.0/8 "
	  "foo 3\n", 1, "unexpected 'foo'" },
	{ "hold 1", "router bgp 1\n timers bgp 3 1\n", 2, "hold time" },
	{ "peer hold 2", "router bgp 1\n neighbor G peer-group\n"
	  " neighbor G timers 1 2\n", 3, "hold time" },
	{ "exit-address-family outside", "exit-address-family\n", 1,
	  "only valid inside an 'address-family' block" },
	{ "address-family outside", "hostname h\naddress-family ipv4 "
	  "unicast\n", 2, "only valid inside 'router bgp'" },
	{ "exit-vni outside", "router bgp 1\n exit-vni\n", 2, "'exit-vni'" },
	{ "exit at top", "exit\n", 1, "'exit' outside a block" },
	{ "af closed by exit", "router bgp 1\n address-family l2vpn evpn\n"
	  " exit-address-family\n advertise-all-vni\n", 4,
	  "only valid inside 'address-family l2vpn evpn'" },
	{ "undefined neighbor", "router bgp 1\n neighbor 10.0.0.1 password "
	  "x\n", 2, "neighbor 10.0.0.1 is not configured" },
	{ "undefined af neighbor", "router bgp 1\n address-family l2vpn "
	  "evpn\n  neighbor RR activate\n", 3, "neighbor RR is not" },
	{ "peer-group before defined", "router bgp 1\n neighbor 10.0.0.1 "
	  "peer-group RR\n neighbor RR peer-group\n", 2,
	  "peer-group RR is not defined" },
	{ "listen range unknown group", "router bgp 1\n bgp listen range "
	  "10.0.0.0/8 peer-group X\n", 2, "peer-group X is not defined" },
	{ "group without remote-as", "router bgp 1\n neighbor G peer-group\n"
	  " neighbor 10.0.0.1 peer-group G\n", 3, "has no remote-as" },
	{ "neighbor word", "router bgp 1\n neighbor eth0 remote-as 1\n", 2,
	  "not an IP address or a configured peer-group" },
	{ "group named like address", "router bgp 1\n neighbor 1.1.1.1 "
	  "peer-group\n", 2, "is an address" },
	{ "duplicate router bgp", "router bgp 1\nexit\nrouter bgp 2\n", 3,
	  "already AS 1" },
	{ "ttl hops 0", "router bgp 1\n neighbor 10.0.0.1 remote-as 2\n"
	  " neighbor 10.0.0.1 ttl-security hops 0\n", 3, "1..254" },
	{ "ttl and multihop", "router bgp 1\n neighbor 10.0.0.1 remote-as 2\n"
	  " neighbor 10.0.0.1 ttl-security hops 1\n"
	  " neighbor 10.0.0.1 ebgp-multihop 3\n", 3, "mutually exclusive" },
	{ "bad router-id", "router bgp 1\n bgp router-id 1.2.3\n", 2,
	  "invalid value '1.2.3'" },
	{ "reserved table", "vrf red\n table 255\n", 2, "table must be" },
	{ "bad log level", "log syslog loud\n", 1, "invalid value 'loud'" },
	{ "relative log file", "log file e.log\n", 1, "absolute" },
	{ "default-originate in the default instance", "router bgp 1\n "
	  "address-family l2vpn evpn\n  default-originate ipv6\n", 3,
	  "only valid in a 'router bgp ASN vrf NAME' instance" },
	{ "aggregate of the other family", "router bgp 1\n address-family "
	  "ipv4 unicast\n  aggregate-address 2001:db8::/32\n", 3,
	  "invalid value '2001:db8::/32'" },
	{ "aggregate length", "router bgp 1\n address-family ipv4 unicast\n"
	  "  aggregate-address 10.0.0.0/33 summary-only\n", 3,
	  "invalid value '10.0.0.0/33'" },
	{ "aggregate outside af", "router bgp 1\n aggregate-address "
	  "10.0.0.0/8\n", 2, "only valid inside an 'address-family'" },
	{ "aggregate bad option", "router bgp 1\n address-family ipv4 "
	  "unicast\n  aggregate-address 10.0.0.0/8 as-set\n", 3,
	  "invalid or incomplete 'aggregate-address'" },
	{ "no aggregate unknown", "router bgp 1\n address-family ipv4 "
	  "unicast\n  no aggregate-address 10.0.0.0/8\n", 3, "not configured" },
	{ "bad redistribute", "router bgp 1\n address-family ipv6 unicast\n"
	  "  redistribute ospf\n", 3, "invalid value 'ospf'" },
	{ "route-map action", "route-map M allow 10\n", 1,
	  "invalid value 'allow'" },
	{ "route-map seq", "route-map M permit 0\n", 1, "1..65535" },
	{ "route type", "route-map M permit 1\n match evpn route-type ead\n",
	  2, "invalid value 'ead'" },
	{ "prepend 0", "route-map M permit 1\n set as-path prepend 1 0\n", 2,
	  "'0' is not an AS number" },
	{ "community", "route-map M permit 1\n set community 1:2 bogus\n", 2,
	  "communities are" },
	{ "dad moves", "router bgp 1\n address-family l2vpn evpn\n"
	  "  dup-addr-detection max-moves 1 time 5\n", 3, "max-moves" },
	{ "dad junk", "router bgp 1\n address-family l2vpn evpn\n"
	  "  dup-addr-detection freeze\n", 3, "expected" },
	{ "quote in name", "route-map a'b permit 1\n", 1, "quote" },
	{ "quote in peer", "router bgp 1\n neighbor a'b password x\n", 2,
	  "quote" },
	{ "64-char peer-group", "router bgp 1\n neighbor "
	  "G234567890123456789012345678901234567890123456789012345678901234 "
	  "peer-group\n", 2, "1..63" },
	{ "bad hostname", "hostname -x\n", 1, "hostname is" },
	{ "control byte", "hostname a\x01z\n", 1, "invalid byte 0x01" },
	{ "binary garbage", "\xff\xfe\x00\x01router", 1, "NUL byte" },
	{ "high byte", "! ok\nhostname \xc3\xa9t\xc3\xa9\n", 2,
	  "invalid byte" },
	{ "maximum-paths 0", "router bgp 1\n address-family ipv4 unicast\n"
	  "  maximum-paths 0\n", 3, "maximum-paths must be" },
	{ "no what is not there", "router bgp 1\n neighbor 10.0.0.1 "
	  "remote-as 2\n no neighbor 10.0.0.1 password x\n", 3,
	  "no neighbor password: not configured" },
	{ "no prefix-list entry unknown", "ip prefix-list B seq 5 permit "
	  "10.0.0.0/8\nno ip prefix-list B seq 7\n", 2,
	  "B has no such entry" },
	{ "no prefix-list unknown", "no ip prefix-list Z\n", 1,
	  "Z is not configured" },
	{ "maximum-prefix threshold 101", "router bgp 1\n neighbor 10.0.0.2 "
	  "remote-as 2\n address-family ipv4 unicast\n  neighbor 10.0.0.2 "
	  "maximum-prefix 100 101\n", 4, "threshold must be 1..100" },
	{ "maximum-prefix junk", "router bgp 1\n neighbor 10.0.0.2 "
	  "remote-as 2\n address-family ipv4 unicast\n  neighbor 10.0.0.2 "
	  "maximum-prefix 100 restart\n", 4, "expected N [THRESHOLD]" },
	{ "no neighbor unknown", "router bgp 1\n no neighbor 10.0.0.1\n", 2,
	  "neighbor 10.0.0.1 is not configured" },
	{ "no peer-group with members", "router bgp 1\n neighbor G "
	  "peer-group\n neighbor G remote-as 2\n neighbor 10.0.0.1 peer-group"
	  " G\n no neighbor G peer-group\n", 5, "peer-group G still has "
	  "members" },
	{ "no junk", "router bgp 1\n no foo bar\n", 2,
	  "invalid or incomplete 'no' command" },
	{ "activate in router bgp", "router bgp 1\n neighbor 10.0.0.1 "
	  "remote-as 2\n neighbor 10.0.0.1 activate\n", 3,
	  "only valid inside an 'address-family' block" },
};

START_TEST(bad_table)
{
	const struct bad_case *b = &bads[_i];
	char err[512], prefix[32];
	struct conf *c;

	/* Texts with NULs: the table's strlen stops early; use sizeof for
	 * the garbage case via an explicit length. */
	size_t len = strcmp(b->name, "binary garbage") == 0 ? 10 :
	    strlen(b->text);

	c = conf_load_buf("b.conf", b->text, len, err, sizeof(err));
	ck_assert_msg(c == NULL, "%s: accepted", b->name);
	snprintf(prefix, sizeof(prefix), "b.conf:%u: ", b->line);
	ck_assert_msg(strncmp(err, prefix, strlen(prefix)) == 0,
	    "%s: want line %u: %s", b->name, b->line, err);
	ck_assert_msg(strstr(err, b->msg) != NULL, "%s: want '%s' in: %s",
	    b->name, b->msg, err);
}
END_TEST

START_TEST(limits)
{
	size_t n = CONF_LINE_MAX + 10, i;
	char *buf = malloc((CONF_LINES_MAX + 2) * 2), err[256];
	struct conf *c;

	ck_assert_ptr_nonnull(buf);
	/* A line one byte too long, on line 2. */
	memcpy(buf, "!\n!", 3);
	memset(buf + 3, 'x', CONF_LINE_MAX);
	c = conf_load_buf("l", buf, 3 + CONF_LINE_MAX, err, sizeof(err));
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(err, "l:2: line longer than"));
	/* Exactly CONF_LINE_MAX bytes is fine. */
	c = conf_load_buf("l", buf + 2, CONF_LINE_MAX, err, sizeof(err));
	ck_assert_msg(c != NULL, "%s", err);
	conf_free(c);
	/* Too many words. */
	for (i = 0; i + 1 < n && i < 2 * (CONF_TOKENS_MAX + 1); i += 2)
		memcpy(buf + i, "x ", 2);
	c = conf_load_buf("w", buf, i, err, sizeof(err));
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(err, "w:1: more than"));
	/* Too many lines. */
	for (i = 0; i < CONF_LINES_MAX + 1; i++)
		memcpy(buf + 2 * i, "!\n", 2);
	c = conf_load_buf("n", buf, 2 * i, err, sizeof(err));
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(err, "more than"));
	free(buf);
}
END_TEST

/* One schema, many configs; and a missing file. */
START_TEST(shared_schema)
{
	char err[256], path[512];
	struct conf_schema *s = conf_schema_new(err, sizeof(err));
	struct conf *a, *b;

	ck_assert_msg(s != NULL, "%s", err);
	snprintf(path, sizeof(path), "%s/rr.conf", CONF_TEST_DIR);
	a = conf_parse_file(s, path, err, sizeof(err));
	ck_assert_msg(a != NULL, "%s", err);
	b = conf_parse(s, "x", "hostname x\n", 11, err, sizeof(err));
	ck_assert_msg(b != NULL, "%s", err);
	ck_assert_ptr_null(conf_parse_file(s, "/nonexistent/e.conf", err,
	    sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/e.conf:0: "));
	conf_free(a);
	conf_free(b);
	conf_schema_free(s);
}
END_TEST

static Suite *
conf_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("conf");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, golden_roundtrip, 0,
	    sizeof(golden) / sizeof(golden[0]));
	tcase_add_loop_test(tc, good_table, 0,
	    sizeof(goods) / sizeof(goods[0]));
	tcase_add_loop_test(tc, bad_table, 0, sizeof(bads) / sizeof(bads[0]));
	tcase_add_test(tc, limits);
	tcase_add_test(tc, shared_schema);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(conf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

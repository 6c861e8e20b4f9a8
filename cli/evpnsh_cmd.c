/*
 * evpnsh_cmd.c -- evpnsh's command table: the one source of TAB
 * completion and `?` help (DESIGN.md sections 6 and 7).
 *
 * DOC: each entry is a command's longest form, words separated by
 * blanks; a word in upper case (VNI, A.B.C.D) is a placeholder that
 * matches any word.  Every prefix of an entry is offered too, so
 * `show bgp summary json` also stands for `show bgp summary`.  In
 * configure mode, `do` followed by an exec command is offered.  Help for
 * a candidate word: the keyword's line in kw_help, else the help of the
 * first entry that offers the word.  The daemon decides what is valid;
 * this table only guides typing.
 */
#include "evpnsh.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct cmd {
	bool		 config;	/* configure mode, else exec */
	const char	*words;
	const char	*help;
};

static const struct cmd cmds[] = {
	{ false, "show running-config json", "The running configuration" },
	{ false, "show bgp summary json", "BGP summary per address family" },
	{ false, "show bgp neighbors A.B.C.D json", "BGP neighbors" },
	{ false, "show bgp neighbors json", "BGP neighbors" },
	{ false, "show bgp vrf NAME summary json",
	    "BGP summary of a VRF instance (NAME all: every instance)" },
	{ false, "show bgp vrf NAME neighbors A.B.C.D json",
	    "BGP neighbors of a VRF instance" },
	{ false, "show bgp vrf NAME neighbors json",
	    "BGP neighbors of a VRF instance" },
	{ false, "show bgp vrf NAME ipv4 unicast PREFIX json",
	    "IPv4 unicast routes of a VRF" },
	{ false, "show bgp vrf NAME ipv6 unicast PREFIX json",
	    "IPv6 unicast routes of a VRF" },
	{ false, "show bgp ipv4 unicast PREFIX json", "IPv4 unicast routes" },
	{ false, "show bgp ipv6 unicast PREFIX json", "IPv6 unicast routes" },
	{ false, "show bgp l2vpn evpn json", "EVPN routes" },
	{ false, "show bgp l2vpn evpn route type macip json", "EVPN type 2" },
	{ false, "show bgp l2vpn evpn route type multicast json",
	    "EVPN type 3" },
	{ false, "show bgp l2vpn evpn route type prefix json", "EVPN type 5" },
	{ false, "show evpn vni VNI json", "EVPN VNIs" },
	{ false, "show evpn vni json", "EVPN VNIs" },
	{ false, "show evpn mac vni VNI mac MAC json", "MACs of a VNI" },
	{ false, "show evpn mac vni VNI duplicate json", "Duplicate MACs" },
	{ false, "show evpn mac vni all json", "MACs of every VNI" },
	{ false, "show evpn mac vni all duplicate json", "Duplicate MACs" },
	{ false, "show evpn arp-cache vni VNI json", "ARP/ND cache of a VNI" },
	{ false, "show evpn arp-cache vni all json", "ARP/ND cache, all VNIs" },
	{ false, "show evpn arp-cache vni VNI duplicate json",
	    "Duplicate IPs" },
	{ false, "show evpn arp-cache vni all duplicate json",
	    "Duplicate IPs" },
	{ false, "show fib summary json", "Kernel route counters" },
	{ false, "clear evpn dup-addr vni VNI mac MAC",
	    "Clear duplicate-address state" },
	{ false, "clear evpn dup-addr vni VNI ip IP",
	    "Clear duplicate-address state of an IP" },
	{ false, "clear evpn dup-addr vni all", "Clear duplicate addresses" },
	{ false, "clear bgp vrf NAME * soft in",
	    "Reset or refresh the sessions of a VRF instance" },
	{ false, "clear bgp vrf NAME * soft out",
	    "Reset or refresh the sessions of a VRF instance" },
	{ false, "clear bgp vrf NAME A.B.C.D soft in",
	    "Reset or refresh a session of a VRF instance" },
	{ false, "clear bgp vrf NAME A.B.C.D soft out",
	    "Reset or refresh a session of a VRF instance" },
	{ false, "clear bgp * soft in", "Reset or refresh BGP sessions" },
	{ false, "clear bgp * soft out", "Reset or refresh BGP sessions" },
	{ false, "clear bgp A.B.C.D soft in", "Reset or refresh a session" },
	{ false, "clear bgp A.B.C.D soft out", "Reset or refresh a session" },
	{ false, "configure terminal", "Enter configure mode" },
	{ false, "write memory", "Save the running config to its file" },
	{ false, "copy running-config startup-config",
	    "Save the running config to its file" },
	{ false, "exit", "Leave evpnsh" },
	{ false, "quit", "Leave evpnsh" },

	{ true, "hostname NAME", "Set the host name" },
	{ true, "log stdout LEVEL", "Log to stderr" },
	{ true, "log syslog LEVEL", "Log to syslog" },
	{ true, "log file PATH LEVEL", "Log to a file" },
	{ true, "bgp no-rib", "Install no BGP route into the kernel" },
	{ true, "bgp router-id A.B.C.D", "BGP router ID" },
	{ true, "bgp cluster-id A.B.C.D", "Route-reflector cluster ID" },
	{ true, "bgp log-neighbor-changes", "Log neighbor state changes" },
	{ true, "bgp bestpath as-path multipath-relax", "Multipath relax" },
	{ true, "bgp listen range PREFIX peer-group NAME", "Dynamic peers" },
	{ true, "bgp listen limit N", "Dynamic peer limit" },
	{ true, "vrf NAME", "Enter a VRF block" },
	{ true, "vni VNI", "VNI of the VRF, or an EVPN VNI block" },
	{ true, "table N", "Kernel table of the VRF" },
	{ true, "exit-vrf", "Leave the VRF block" },
	{ true, "router bgp ASN vrf NAME", "Enter the BGP instance" },
	{ true, "no router bgp ASN vrf NAME", "Remove a BGP instance" },
	{ true, "no router bgp ASN", "Remove the default BGP instance" },
	{ true, "no bgp default ipv4-unicast", "No IPv4 unicast by default" },
	{ true, "timers bgp KEEPALIVE HOLD", "BGP timers" },
	{ true, "neighbor PEER remote-as ASN", "Neighbor's AS" },
	{ true, "neighbor PEER peer-group NAME", "Neighbor's peer group" },
	{ true, "neighbor PEER update-source SOURCE", "Source address" },
	{ true, "neighbor PEER password SECRET", "TCP-MD5 password" },
	{ true, "neighbor PEER ttl-security hops N", "GTSM" },
	{ true, "neighbor PEER timers connect SECONDS", "Connect retry" },
	{ true, "neighbor PEER timers KEEPALIVE HOLD", "Neighbor timers" },
	{ true, "neighbor PEER shutdown", "Administratively down" },
	{ true, "neighbor PEER passive", "Do not connect" },
	{ true, "neighbor PEER ebgp-multihop N", "eBGP multihop" },
	{ true, "neighbor PEER activate", "Activate the address family" },
	{ true, "neighbor PEER route-reflector-client", "RR client" },
	{ true, "neighbor PEER next-hop-self", "Next hop self" },
	{ true, "neighbor PEER route-map NAME in", "Import policy" },
	{ true, "neighbor PEER route-map NAME out", "Export policy" },
	{ true, "address-family l2vpn evpn", "Enter the EVPN family" },
	{ true, "address-family ipv4 unicast", "Enter IPv4 unicast" },
	{ true, "address-family ipv6 unicast", "Enter IPv6 unicast" },
	{ true, "exit-address-family", "Leave the address family" },
	{ true, "advertise-all-vni", "Advertise every local VNI" },
	{ true, "advertise ipv4 unicast", "Type-5 routes" },
	{ true, "advertise ipv6 unicast", "Type-5 routes" },
	{ true, "neighbor PEER maximum-prefix N", "Prefix limit" },
	{ true, "neighbor PEER default-originate", "Originate a default" },
	{ true, "network PREFIX", "Originate a prefix" },
	{ true, "redistribute connected", "Redistribute connected routes" },
	{ true, "redistribute static", "Redistribute static routes" },
	{ true, "redistribute kernel", "Redistribute kernel routes" },
	{ true, "maximum-paths N", "Multipath" },
	{ true, "advertise-default-gw", "Advertise the gateway MAC/IP" },
	{ true, "advertise-svi-ip", "Advertise the SVI's MAC/IP" },
	{ true, "dup-addr-detection max-moves N time S freeze permanent",
	    "Duplicate address detection" },
	{ true, "dup-addr-detection max-moves N time S freeze S",
	    "Duplicate address detection" },
	{ true, "rd RD", "Route distinguisher" },
	{ true, "route-target both RT", "Route target" },
	{ true, "route-target import RT", "Import route target" },
	{ true, "route-target export RT", "Export route target" },
	{ true, "exit-vni", "Leave the VNI block" },
	{ true, "ip prefix-list NAME seq N permit PREFIX", "Prefix list" },
	{ true, "ip prefix-list NAME seq N deny PREFIX", "Prefix list" },
	{ true, "route-map NAME permit SEQ", "Enter a route-map entry" },
	{ true, "route-map NAME deny SEQ", "Enter a route-map entry" },
	{ true, "match ip address prefix-list NAME", "Match a prefix list" },
	{ true, "match evpn route-type macip", "Match EVPN type 2" },
	{ true, "match evpn route-type multicast", "Match EVPN type 3" },
	{ true, "match evpn route-type prefix", "Match EVPN type 5" },
	{ true, "match evpn vni VNI", "Match a VNI" },
	{ true, "set local-preference N", "Set LOCAL_PREF" },
	{ true, "set metric N", "Set MED" },
	{ true, "set community COMMUNITY", "Set communities" },
	{ true, "set as-path prepend ASN", "Prepend to AS_PATH" },
	{ true, "set extcommunity rt RT", "Set route targets" },
	{ true, "set ip next-hop A.B.C.D", "Set the next hop" },
	{ true, "end", "Apply the configuration, leave configure mode" },
	{ true, "exit", "Leave the block (at top level: apply, as end)" },
	{ true, "abort", "Discard the configuration, leave configure mode" },
};

static const struct {
	const char	*word, *help;
} kw_help[] = {
	{ "show", "Show running state" },
	{ "clear", "Reset state" },
	{ "configure", "Configuration from the terminal" },
	{ "write", "Write the running configuration" },
	{ "copy", "Copy the configuration" },
	{ "do", "Run an exec command" },
	{ "bgp", "BGP" },
	{ "evpn", "EVPN" },
	{ "fib", "The kernel's routes" },
	{ "json", "JSON output" },
	{ "running-config", "The running configuration" },
	{ "summary", "Summary" },
	{ "neighbors", "Neighbors" },
	{ "neighbor", "A neighbor or peer group" },
	{ "l2vpn", "L2VPN EVPN" },
	{ "vni", "A VNI" },
	{ "mac", "MAC addresses" },
	{ "arp-cache", "ARP/ND cache" },
	{ "duplicate", "Duplicate addresses" },
	{ "router", "Routing protocol" },
	{ "vrf", "A VRF (a BGP instance in a tenant VRF)" },
	{ "log", "Logging" },
	{ "ip", "IP" },
	{ "route-map", "Route map" },
	{ "address-family", "Address family" },
	{ "route-target", "Route target" },
	{ "timers", "Timers" },
	{ "no", "Negate" },
	{ "match", "Match routes" },
	{ "set", "Set route attributes" },
	{ "redistribute", "Redistribute routes" },
	{ "dup-addr-detection", "Duplicate address detection" },
};

static bool
is_placeholder(const char *w, size_t n)
{
	return n > 0 && (isupper((unsigned char)w[0]) || w[0] == '*') &&
	    !(n == 1 && w[0] == '*');
}

static const char *
kw_find(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(kw_help) / sizeof(kw_help[0]); i++)
		if (strcmp(kw_help[i].word, w) == 0)
			return kw_help[i].help;
	return NULL;
}

/*
 * The word after av[0..ac-1] in words, copied into next; 0 when words
 * ends right there (a complete command), -1 when av does not match.
 */
static int
next_word(const char *words, char **av, int ac, char *next, size_t len)
{
	const char *w = words;
	size_t n;
	int i;

	for (i = 0; i <= ac; i++) {
		w += strspn(w, " ");
		n = strcspn(w, " ");
		if (i == ac) {
			if (n == 0)
				return 0;
			snprintf(next, len, "%.*s", (int)n, w);
			return 1;
		}
		if (n == 0)
			return -1;
		if (!is_placeholder(w, n) && (strlen(av[i]) != n ||
		    strncmp(av[i], w, n) != 0))
			return -1;
		w += n;
	}
	return -1;
}

static size_t
cand_add(struct evpnsh_cand *out, size_t k, size_t max, const char *word,
    const char *help, bool literal)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (strcmp(out[i].word, word) == 0)
			return k;
	if (k == max)
		return k;
	snprintf(out[k].word, sizeof(out[k].word), "%s", word);
	out[k].help = help;
	out[k].literal = literal;
	return k + 1;
}

size_t
evpnsh_cands(bool config, char **av, int ac, const char *prefix,
    struct evpnsh_cand *out, size_t max)
{
	char next[64];
	const char *help;
	size_t i, k = 0, plen = strlen(prefix);
	int rc;

	if (config && ac > 0 && strcmp(av[0], "do") == 0) {
		config = false;
		av++;
		ac--;
	} else if (config && ac == 0 && strncmp("do", prefix, plen) == 0)
		k = cand_add(out, k, max, "do", kw_find("do"), true);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (cmds[i].config != config)
			continue;
		rc = next_word(cmds[i].words, av, ac, next, sizeof(next));
		if (rc == 0 && plen == 0)
			k = cand_add(out, k, max, "<cr>", cmds[i].help, false);
		if (rc != 1)
			continue;
		if (is_placeholder(next, strlen(next))) {
			if (plen == 0)
				k = cand_add(out, k, max, next, cmds[i].help,
				    false);
			continue;
		}
		if (strncmp(next, prefix, plen) != 0)
			continue;
		help = kw_find(next);
		k = cand_add(out, k, max, next, help != NULL ? help :
		    cmds[i].help, true);
	}
	return k;
}

/*
 * ctl_cmd.c -- the commands of the control socket (DESIGN.md section 7).
 *
 * DOC: a request line is split into at most CTL_WORDS_MAX words and
 * matched against a table; a trailing `json` selects JSON output.  JSON
 * keeps FRR's key names.  Until the BGP speaker (#4) and the EVPN and FIB
 * modules exist, the show commands report the running configuration's
 * identity (router-id, AS) with no peers, VNIs, MACs or routes: empty but
 * well-formed.  `clear` answers "not implemented yet".  A connection in
 * a `configure terminal` session hands its lines to ctl_config.c, except
 * `do COMMAND`, which runs COMMAND here.
 */
#include "ctl_local.h"

#include <arpa/inet.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "ctl_proto.h"
#include "json.h"

/* More than a config line may have (CONF_TOKENS_MAX), for configure. */
#define CTL_WORDS_MAX	(CONF_TOKENS_MAX + 1)
#define BGP_DEFAULT	"/evpnd:router-bgp[vrf='default']"
#define VNI_MAX		16777215u	/* 24 bits, RFC 7348 */

struct ctl_req {
	struct evpnd	*ev;
	struct ctl_session *sess;
	char		**av;	/* words after the command's literals */
	int		 ac;
	bool		 json;
	FILE		*out;
};

typedef int	(*ctl_cmd_fn)(struct ctl_req *);

struct ctl_cmd {
	const char	*words;		/* literal words */
	int		 args_min, args_max;
	ctl_cmd_fn	 fn;
};

/* Write the JSON document built in j to out, newline-terminated. */
static int
json_out(struct ctl_req *r, struct json *j)
{
	json_newline(j);
	fputs(json_str_get(j), r->out);
	json_free(j);
	return 0;
}

/* A VNI, 1..2^24-1, or "all" (when all_ok): 0 (*vni 0 for all) or -1. */
static int
vni_parse(const char *s, bool all_ok, uint32_t *vni)
{
	unsigned long v;
	char *end;

	if (all_ok && strcmp(s, "all") == 0) {
		*vni = 0;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > VNI_MAX)
		return -1;
	*vni = (uint32_t)v;
	return 0;
}

static int
cmd_error(struct ctl_req *r, const char *what, const char *arg)
{
	fprintf(r->out, "%s: %s\n", what, arg);
	return -1;
}

static int
show_running(struct ctl_req *r)
{
	if (r->json)
		return conf_print_json(r->ev->conf, r->out);
	return conf_print_text(r->ev->conf, r->out);
}

static const char *
router_id(const struct conf *c)
{
	const char *id = conf_get(c, BGP_DEFAULT "/router-id");

	return id != NULL ? id : "0.0.0.0";
}

static uint64_t
local_as(const struct conf *c)
{
	const char *as = conf_get(c, BGP_DEFAULT "/asn");

	return as != NULL ? strtoull(as, NULL, 10) : 0;
}

/* FRR's per-address-family summary object, with no peers (yet: #4). */
static void
summary_af_json(struct json *j, const char *key, const struct conf *c)
{
	json_obj_open(j, key);
	json_str(j, "routerId", router_id(c));
	json_u64(j, "as", local_as(c));
	json_i64(j, "vrfId", 0);
	json_str(j, "vrfName", "default");
	json_u64(j, "tableVersion", 0);
	json_u64(j, "ribCount", 0);
	json_u64(j, "ribMemory", 0);
	json_u64(j, "peerCount", 0);
	json_u64(j, "peerMemory", 0);
	json_obj_open(j, "peers");
	json_obj_close(j);
	json_u64(j, "failedPeers", 0);
	json_u64(j, "displayedPeers", 0);
	json_u64(j, "totalPeers", 0);
	json_u64(j, "dynamicPeers", 0);
	json_obj_close(j);
}

static void
summary_af_text(FILE *f, const char *name, const struct conf *c)
{
	fprintf(f, "\n%s Summary (VRF default):\n"
	    "BGP router identifier %s, local AS number %llu vrf-id 0\n"
	    "BGP table version 0\n\n"
	    "Total number of neighbors 0\n", name, router_id(c),
	    (unsigned long long)local_as(c));
}

/* The default instance's address families, in FRR's order. */
static const struct {
	const char	*node, *json, *text;
} summary_afs[] = {
	{ "ipv4-unicast", "ipv4Unicast", "IPv4 Unicast" },
	{ "ipv6-unicast", "ipv6Unicast", "IPv6 Unicast" },
	{ "l2vpn-evpn", "l2VpnEvpn", "L2VPN EVPN" },
};

static bool
af_enabled(const struct conf *c, size_t i)
{
	char path[128];

	snprintf(path, sizeof(path), BGP_DEFAULT "/address-family/%s",
	    summary_afs[i].node);
	if (conf_has(c, path))
		return true;
	/* IPv4 unicast is on unless `no bgp default ipv4-unicast`. */
	return i == 0 && !conf_has(c, BGP_DEFAULT "/no-default-ipv4-unicast");
}

static int
show_bgp_summary(struct ctl_req *r)
{
	const struct conf *c = r->ev->conf;
	bool bgp = conf_has(c, BGP_DEFAULT);
	struct json j;
	size_t i;

	if (!r->json && !bgp) {
		fputs("% BGP instance not found\n", r->out);
		return 0;
	}
	if (r->json) {
		json_init_buf(&j);
		json_obj_open(&j, NULL);
	}
	for (i = 0; bgp && i < sizeof(summary_afs) / sizeof(summary_afs[0]);
	    i++) {
		if (!af_enabled(c, i))
			continue;
		if (r->json)
			summary_af_json(&j, summary_afs[i].json, c);
		else
			summary_af_text(r->out, summary_afs[i].text, c);
	}
	if (!r->json)
		return 0;
	json_obj_close(&j);
	return json_out(r, &j);
}

static int
show_bgp_neighbors(struct ctl_req *r)
{
	struct in6_addr a6;
	struct json j;

	if (r->ac == 1 && inet_pton(AF_INET, r->av[0], &a6) != 1 &&
	    inet_pton(AF_INET6, r->av[0], &a6) != 1)
		return cmd_error(r, "invalid neighbor address", r->av[0]);
	if (!r->json) {
		if (r->ac == 1)
			fputs("% No such neighbor in this view/vrf\n", r->out);
		return 0;
	}
	json_init_buf(&j);
	json_obj_open(&j, NULL);
	if (r->ac == 1)
		json_bool(&j, "bgpNoSuchNeighbor", true);
	json_obj_close(&j);
	return json_out(r, &j);
}

static int
show_bgp_evpn(struct ctl_req *r)
{
	const struct conf *c = r->ev->conf;
	struct json j;

	if (!r->json) {
		fprintf(r->out, "BGP table version is 0, local router ID is "
		    "%s\nDisplayed 0 prefixes (0 paths)\n", router_id(c));
		return 0;
	}
	json_init_buf(&j);
	json_obj_open(&j, NULL);
	json_u64(&j, "bgpTableVersion", 0);
	json_str(&j, "bgpLocalRouterId", router_id(c));
	json_u64(&j, "defaultLocPrf", 100);
	json_u64(&j, "localAS", local_as(c));
	json_u64(&j, "numPrefix", 0);
	json_u64(&j, "totalPrefix", 0);
	json_obj_close(&j);
	return json_out(r, &j);
}

static int
show_evpn_vni(struct ctl_req *r)
{
	struct json j;
	uint32_t vni;

	if (r->ac == 1 && vni_parse(r->av[0], false, &vni) == -1)
		return cmd_error(r, "invalid VNI", r->av[0]);
	if (!r->json) {
		if (r->ac == 1)
			fprintf(r->out, "%% VNI %u does not exist\n", vni);
		else
			fputs("VNI        Type VxLAN IF              # MACs   "
			    "# ARPs   # Remote VTEPs  Tenant VRF\n", r->out);
		return 0;
	}
	json_init_buf(&j);
	json_obj_open(&j, NULL);
	json_obj_close(&j);
	return json_out(r, &j);
}

/* show evpn (mac|arp-cache) vni (VNI|all): FRR's count key per VNI. */
static int
show_evpn_table(struct ctl_req *r, const char *count_key, const char *what)
{
	struct json j;
	uint32_t vni;

	if (vni_parse(r->av[0], true, &vni) == -1)
		return cmd_error(r, "invalid VNI", r->av[0]);
	if (!r->json) {
		if (vni != 0)
			fprintf(r->out, "Number of %s (local and remote) "
			    "known for this VNI: 0\n", what);
		return 0;
	}
	json_init_buf(&j);
	json_obj_open(&j, NULL);
	if (vni != 0) {
		json_u64(&j, count_key, 0);
		if (strcmp(count_key, "numMacs") == 0) {
			json_obj_open(&j, "macs");
			json_obj_close(&j);
		}
	}
	json_obj_close(&j);
	return json_out(r, &j);
}

static int
show_evpn_mac(struct ctl_req *r)
{
	return show_evpn_table(r, "numMacs", "MACs");
}

static int
show_evpn_arp(struct ctl_req *r)
{
	return show_evpn_table(r, "numArpNd", "ARPs");
}

static int
configure_terminal(struct ctl_req *r)
{
	return ctl_config_start(r->ev, r->sess, r->out);
}

static int
write_memory(struct ctl_req *r)
{
	return ctl_config_write(r->ev, r->out);
}

static int
not_configuring(struct ctl_req *r)
{
	fputs("not in configure mode\n", r->out);
	return -1;
}

/* For the interactive evpnsh: the prompt to show, then a newline. */
static int
prompt(struct ctl_req *r)
{
	ctl_config_prompt(r->ev, r->sess, r->out);
	fputc('\n', r->out);
	return 0;
}

static const struct ctl_cmd ctl_cmds[] = {
	{ "show running-config", 0, 0, show_running },
	{ "show bgp summary", 0, 0, show_bgp_summary },
	{ "show bgp neighbors", 0, 1, show_bgp_neighbors },
	{ "show bgp l2vpn evpn", 0, 0, show_bgp_evpn },
	{ "show evpn vni", 0, 1, show_evpn_vni },
	{ "show evpn mac vni", 1, 1, show_evpn_mac },
	{ "show evpn arp-cache vni", 1, 1, show_evpn_arp },
	{ "configure terminal", 0, 0, configure_terminal },
	{ "configure", 0, 0, configure_terminal },
	{ "write memory", 0, 0, write_memory },
	{ "write file", 0, 0, write_memory },
	{ "write", 0, 0, write_memory },
	{ "copy running-config startup-config", 0, 0, write_memory },
	{ "end", 0, 0, not_configuring },
	{ "abort", 0, 0, not_configuring },
	{ "prompt", 0, 0, prompt },
};

/* Commands of section 7 that a later slice of #3 brings. */
static const char *const ctl_later[] = {
	"clear",
};

/* Number of literal words of cmd matched by av, or -1. */
static int
cmd_match(const struct ctl_cmd *cmd, char **av, int ac)
{
	const char *w = cmd->words;
	size_t n;
	int i;

	for (i = 0; *w != '\0'; i++) {
		n = strcspn(w, " ");
		if (i >= ac || strlen(av[i]) != n || strncmp(av[i], w, n) != 0)
			return -1;
		w += n;
		w += *w == ' ';
	}
	return ac - i >= cmd->args_min && ac - i <= cmd->args_max ? i : -1;
}

static int
split(char *line, char **av)
{
	char *save = NULL, *w;
	int ac = 0;

	for (w = strtok_r(line, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (ac == CTL_WORDS_MAX)
			return -1;
		av[ac++] = w;
	}
	return ac;
}

/* A configure session's line: `do COMMAND`, or a config line. */
static int
config_mode_run(struct ctl_req *r, char **av, int ac, const char *line)
{
	int rc;

	if (ac > 1 && strcmp(av[0], "do") == 0) {
		if (strcmp(av[1], "configure") == 0 ||
		    strcmp(av[1], "do") == 0 || strcmp(av[1], "end") == 0 ||
		    strcmp(av[1], "abort") == 0)
			return cmd_error(r, "not allowed after do",
			    av[1]);
		line += strspn(line, " \t") + 2;
		/* Run it as outside configure mode, then come back. */
		r->sess->configuring = false;
		rc = ctl_cmd_run(r->ev, r->sess, line + strspn(line, " \t"),
		    r->out);
		r->sess->configuring = true;
		return rc;
	}
	if (strcmp(av[0], "prompt") == 0 && ac == 1)
		return prompt(r);
	if (strcmp(av[0], "configure") == 0)
		return cmd_error(r, "already in configure mode", line);
	log_msg(&r->ev->log, LOG_LVL_DEBUG, "control (configure): %s", line);
	return ctl_config_line(r->ev, r->sess, av, ac, line, r->out);
}

int
ctl_cmd_run(struct evpnd *ev, struct ctl_session *sess, const char *line,
    FILE *out)
{
	char buf[CTL_REQ_MAX + 1], *av[CTL_WORDS_MAX];
	struct ctl_req r = { .ev = ev, .sess = sess, .out = out };
	int ac, n;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", line);
	if ((ac = split(buf, av)) == -1)
		return cmd_error(&r, sess->configuring ? "too many words" :
		    "unknown command", line);
	if (ac == 0)
		return 0;
	if (sess->configuring)
		return config_mode_run(&r, av, ac, line);
	for (i = 0; i < sizeof(ctl_later) / sizeof(ctl_later[0]); i++)
		if (strcmp(av[0], ctl_later[i]) == 0)
			return cmd_error(&r, av[0], "not implemented yet "
			    "(issue #3)");
	if (strcmp(av[ac - 1], "json") == 0) {
		r.json = true;
		ac--;
	}
	for (i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++) {
		if ((n = cmd_match(&ctl_cmds[i], av, ac)) == -1)
			continue;
		r.av = av + n;
		r.ac = ac - n;
		log_msg(&ev->log, LOG_LVL_DEBUG, "control: %s", line);
		return ctl_cmds[i].fn(&r);
	}
	return cmd_error(&r, "unknown command", line);
}

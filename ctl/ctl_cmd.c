/*
 * ctl_cmd.c -- the commands of the control socket (DESIGN.md section 7).
 *
 * DOC: a request line is split into at most CTL_WORDS_MAX words and
 * matched against a table; a trailing `json` selects JSON output.  JSON
 * keeps FRR's key names.  The BGP commands parse their arguments here and
 * ask the speaker (bgp.h) for the output; the EVPN ones ask evpn.h.
 * A connection in
 * a `configure terminal` session hands its lines to ctl_config.c, except
 * `do COMMAND`, which runs COMMAND here.
 */
#include "ctl_local.h"

#include <arpa/inet.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "conf.h"
#include "evpn.h"
#include "ctl_proto.h"
#include "fib.h"
#include "json.h"

/* More than a config line may have (CONF_TOKENS_MAX), for configure. */
#define CTL_WORDS_MAX	(CONF_TOKENS_MAX + 1)
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

/* show bgp summary */
static int
show_bgp_summary(struct ctl_req *r)
{
	struct bgp_show_req q = { .what = BGP_SHOW_SUMMARY, .json = r->json };

	return bgp_show(r->ev->bgp, &q, r->out);
}

static int
addr_arg(struct ctl_req *r, const char *s, struct ip_addr *a)
{
	if (ip_parse(s, a) == -1)
		return cmd_error(r, "invalid neighbor address", s);
	return 0;
}

/* show bgp neighbors [ADDR] */
static int
show_bgp_neighbors(struct ctl_req *r)
{
	struct bgp_show_req q = { .what = BGP_SHOW_NEIGHBORS, .json = r->json };

	if (r->ac == 1) {
		if (addr_arg(r, r->av[0], &q.addr) == -1)
			return -1;
		q.has_addr = true;
	}
	return bgp_show(r->ev->bgp, &q, r->out);
}

/* "10.0.0.0/8", or an address as a host prefix. */
static int
prefix_arg(struct ctl_req *r, const char *s, uint8_t af,
    struct ip_prefix *p)
{
	char buf[PREFIX_STRLEN], *slash, *end;
	unsigned long len;

	snprintf(buf, sizeof(buf), "%s", s);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (ip_parse(buf, &p->addr) == -1 || p->addr.af != af)
		return cmd_error(r, "invalid prefix", s);
	len = af == IP_AF_V4 ? 32 : 128;
	if (slash != NULL) {
		errno = 0;
		len = strtoul(slash, &end, 10);
		if (errno != 0 || *slash == '\0' || *end != '\0' ||
		    len > (af == IP_AF_V4 ? 32u : 128u))
			return cmd_error(r, "invalid prefix", s);
	}
	p->len = (uint8_t)len;
	return 0;
}

/* show bgp [vrf NAME] (ipv4|ipv6) unicast [PREFIX]: the prefix is
 * av[first]; vrf NULL: the default instance. */
static int
show_bgp_unicast_vrf(struct ctl_req *r, enum bgp_fam fam, int first,
    const char *vrf)
{
	struct bgp_show_req q = { .what = BGP_SHOW_ROUTES, .json = r->json,
	    .fam = fam, .vrf = vrf };

	if (r->ac > first + 1)
		return cmd_error(r, "unknown command", r->av[first + 1]);
	if (r->ac == first + 1) {
		if (prefix_arg(r, r->av[first], fam == BGP_FAM_IPV4 ?
		    IP_AF_V4 : IP_AF_V6, &q.prefix) == -1)
			return -1;
		q.has_prefix = true;
	}
	return bgp_show(r->ev->bgp, &q, r->out);
}

static int
show_bgp_unicast(struct ctl_req *r, enum bgp_fam fam, int first)
{
	return show_bgp_unicast_vrf(r, fam, first, NULL);
}

static int
show_bgp_ipv4(struct ctl_req *r)
{
	return show_bgp_unicast(r, BGP_FAM_IPV4, 0);
}

static int
show_bgp_ipv6(struct ctl_req *r)
{
	return show_bgp_unicast(r, BGP_FAM_IPV6, 0);
}

/*
 * show bgp vrf NAME summary | neighbors [ADDR] | (ipv4|ipv6) unicast
 * [PREFIX]; NAME "all" for summary and neighbors (every instance).
 */
static int
show_bgp_vrf(struct ctl_req *r)
{
	struct bgp_show_req q = { .json = r->json, .vrf = r->av[0] };
	enum bgp_fam fam;

	if (strlen(r->av[0]) >= BGP_CONF_NAME_MAX)
		return cmd_error(r, "invalid VRF name", "too long");
	if (strcmp(r->av[1], "summary") == 0) {
		if (r->ac != 2)
			return cmd_error(r, "unknown command", r->av[2]);
		q.what = BGP_SHOW_SUMMARY;
		return bgp_show(r->ev->bgp, &q, r->out);
	}
	if (strcmp(r->av[1], "neighbors") == 0) {
		if (r->ac > 3)
			return cmd_error(r, "unknown command", r->av[3]);
		q.what = BGP_SHOW_NEIGHBORS;
		if (r->ac == 3) {
			if (addr_arg(r, r->av[2], &q.addr) == -1)
				return -1;
			q.has_addr = true;
		}
		return bgp_show(r->ev->bgp, &q, r->out);
	}
	if (r->ac < 3 || strcmp(r->av[2], "unicast") != 0)
		return cmd_error(r, "unknown command", "show bgp vrf");
	if (strcmp(r->av[1], "ipv4") == 0)
		fam = BGP_FAM_IPV4;
	else if (strcmp(r->av[1], "ipv6") == 0)
		fam = BGP_FAM_IPV6;
	else
		return cmd_error(r, "unknown address family", r->av[1]);
	if (strcmp(r->av[0], "all") == 0)
		return cmd_error(r, "show bgp vrf all: only summary and "
		    "neighbors", r->av[1]);
	return show_bgp_unicast_vrf(r, fam, 3, r->av[0]);
}

/* show bgp l2vpn evpn [route [type (macip|multicast|prefix)]] */
static int
show_bgp_evpn(struct ctl_req *r)
{
	static const struct {
		const char	*name;
		uint8_t		 type;
	} types[] = { { "macip", 2 }, { "multicast", 3 }, { "prefix", 5 } };
	struct bgp_show_req q = { .what = BGP_SHOW_ROUTES, .json = r->json,
	    .fam = BGP_FAM_EVPN };
	size_t i;

	if (r->ac == 0)
		return bgp_show(r->ev->bgp, &q, r->out);
	if (strcmp(r->av[0], "route") != 0 || r->ac == 2 ||
	    (r->ac == 3 && strcmp(r->av[1], "type") != 0))
		return cmd_error(r, "unknown command", r->av[0]);
	for (i = 0; r->ac == 3 && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(r->av[2], types[i].name) == 0)
			q.evpn_type = types[i].type;
	if (r->ac == 3 && q.evpn_type == 0)
		return cmd_error(r, "unknown route type (macip, multicast, "
		    "prefix)", r->av[2]);
	return bgp_show(r->ev->bgp, &q, r->out);
}

/* clear bgp [vrf NAME] (*|ADDR) [soft [in|out]]; vrf NULL: default */
static int
clear_bgp_in(struct ctl_req *r, const char *vrf)
{
	enum bgp_clear_kind kind = BGP_CLEAR_HARD;
	struct ip_addr a, *ap = NULL;

	if (strcmp(r->av[0], "*") != 0) {
		if (addr_arg(r, r->av[0], &a) == -1)
			return -1;
		ap = &a;
	}
	if (r->ac >= 2 && strcmp(r->av[1], "soft") != 0)
		return cmd_error(r, "expected soft", r->av[1]);
	if (r->ac == 2)
		kind = BGP_CLEAR_SOFT;
	else if (r->ac == 3 && strcmp(r->av[2], "in") == 0)
		kind = BGP_CLEAR_SOFT_IN;
	else if (r->ac == 3 && strcmp(r->av[2], "out") == 0)
		kind = BGP_CLEAR_SOFT_OUT;
	else if (r->ac == 3)
		return cmd_error(r, "expected in or out", r->av[2]);
	return bgp_clear_vrf(r->ev->bgp, vrf, ap, kind, r->out);
}

static int
clear_bgp(struct ctl_req *r)
{
	return clear_bgp_in(r, NULL);
}

static int
clear_bgp_vrf(struct ctl_req *r)
{
	const char *vrf = r->av[0];

	if (strlen(vrf) >= BGP_CONF_NAME_MAX)
		return cmd_error(r, "invalid VRF name", "too long");
	r->av++;
	r->ac--;
	return clear_bgp_in(r, vrf);
}

static int
show_evpn(struct ctl_req *r, struct evpn_show_req *q)
{
	q->json = r->json;
	if (r->ev->evpn == NULL) {
		fputs("% the EVPN module is not running\n", r->out);
		return -1;
	}
	return evpn_show(r->ev->evpn, q, r->out);
}

/* show evpn vni [VNI] */
static int
show_evpn_vni(struct ctl_req *r)
{
	struct evpn_show_req q = { .what = EVPN_SHOW_VNI };

	if (r->ac == 1 && vni_parse(r->av[0], false, &q.vni) == -1)
		return cmd_error(r, "invalid VNI", r->av[0]);
	return show_evpn(r, &q);
}

/* show evpn mac vni (VNI|all) [mac MAC | duplicate] */
static int
show_evpn_mac(struct ctl_req *r)
{
	struct evpn_show_req q = { .what = EVPN_SHOW_MAC };

	if (vni_parse(r->av[0], true, &q.vni) == -1)
		return cmd_error(r, "invalid VNI", r->av[0]);
	if (r->ac == 2 && strcmp(r->av[1], "duplicate") == 0) {
		q.duplicate = true;
		return show_evpn(r, &q);
	}
	if (r->ac == 2 || (r->ac == 3 && strcmp(r->av[1], "mac") != 0))
		return cmd_error(r, "expected mac MAC or duplicate", r->av[1]);
	if (r->ac == 3) {
		if (mac_parse(r->av[2], &q.mac) == -1)
			return cmd_error(r, "invalid MAC address", r->av[2]);
		q.has_mac = true;
	}
	return show_evpn(r, &q);
}

/* show evpn arp-cache vni (VNI|all) [duplicate] */
static int
show_evpn_arp(struct ctl_req *r)
{
	struct evpn_show_req q = { .what = EVPN_SHOW_ARP };

	if (vni_parse(r->av[0], true, &q.vni) == -1)
		return cmd_error(r, "invalid VNI", r->av[0]);
	if (r->ac == 2 && strcmp(r->av[1], "duplicate") != 0)
		return cmd_error(r, "expected duplicate", r->av[1]);
	q.duplicate = r->ac == 2;
	return show_evpn(r, &q);
}

/* clear evpn dup-addr vni (VNI|all) [mac MAC | ip IP] */
static int
clear_evpn_dad(struct ctl_req *r)
{
	struct mac_addr mac;
	struct ip_addr ip;
	bool is_mac = r->ac == 3 && strcmp(r->av[1], "mac") == 0;
	bool is_ip = r->ac == 3 && strcmp(r->av[1], "ip") == 0;
	uint32_t vni;

	if (vni_parse(r->av[0], true, &vni) == -1)
		return cmd_error(r, "invalid VNI", r->av[0]);
	if (r->ac == 2 || (r->ac == 3 && !is_mac && !is_ip))
		return cmd_error(r, "expected mac MAC or ip IP", r->av[1]);
	if (is_mac && mac_parse(r->av[2], &mac) == -1)
		return cmd_error(r, "invalid MAC address", r->av[2]);
	if (is_ip && ip_parse(r->av[2], &ip) == -1)
		return cmd_error(r, "invalid IP address", r->av[2]);
	if (r->ev->evpn == NULL) {
		fputs("% the EVPN module is not running\n", r->out);
		return -1;
	}
	return evpn_dad_clear(r->ev->evpn, vni, is_mac ? &mac : NULL,
	    is_ip ? &ip : NULL, r->out);
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

/* show fib summary: the kernel side's counters (docs/control.md). */
static int
show_fib_summary(struct ctl_req *r)
{
	struct fib_stats st;
	struct json j;

	fib_stats(r->ev->fib, &st);
	if (!r->json) {
		fprintf(r->out, "Kernel routes (proto bgp, 186): %zu installed, "
		    "%zu pending\nFDB entries: %zu remote MACs, %zu flood; "
		    "neighbours: %zu\nRequests: %llu in %llu batches, %llu "
		    "refused\nResyncs: %llu\nFirst dump: %s, stale sweep: "
		    "%s\n", st.routes, st.pending, st.fdbs, st.floods, st.neighs,
		    (unsigned long long)st.requests,
		    (unsigned long long)st.batches,
		    (unsigned long long)st.errors,
		    (unsigned long long)st.resyncs,
		    st.synced ? "done" : "running", st.swept ? "done" :
		    "pending");
		return 0;
	}
	json_init_buf(&j);
	json_obj_open(&j, NULL);
	json_u64(&j, "routes", st.routes);
	json_u64(&j, "pending", st.pending);
	json_u64(&j, "fdbs", st.fdbs);
	json_u64(&j, "floods", st.floods);
	json_u64(&j, "neighs", st.neighs);
	json_u64(&j, "requests", st.requests);
	json_u64(&j, "batches", st.batches);
	json_u64(&j, "errors", st.errors);
	json_u64(&j, "resyncs", st.resyncs);
	json_bool(&j, "synced", st.synced);
	json_bool(&j, "staleSwept", st.swept);
	json_obj_close(&j);
	return json_out(r, &j);
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
	{ "show bgp ipv4 unicast", 0, 1, show_bgp_ipv4 },
	{ "show bgp ipv6 unicast", 0, 1, show_bgp_ipv6 },
	{ "show bgp vrf", 2, 4, show_bgp_vrf },
	{ "show bgp l2vpn evpn", 0, 3, show_bgp_evpn },
	{ "clear bgp vrf", 2, 4, clear_bgp_vrf },
	{ "clear bgp", 1, 3, clear_bgp },
	{ "clear evpn dup-addr vni", 1, 3, clear_evpn_dad },
	{ "show evpn vni", 0, 1, show_evpn_vni },
	{ "show evpn mac vni", 1, 3, show_evpn_mac },
	{ "show evpn arp-cache vni", 1, 2, show_evpn_arp },
	{ "show fib summary", 0, 0, show_fib_summary },
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

/*
 * bgp_json.c -- JSON views of decoded BGP messages (see bgp_json.h and
 * docs/decode.md).  Reads decoded structures only; every view it walks was
 * validated by the parser, and each walk is still bounds-checked.
 */
#include "bgp_json.h"

#include <inttypes.h>
#include <stdio.h>

#include "types.h"

static const char *
cap_name(uint8_t code)
{
	switch (code) {
	case BGP_CAP_MP:
		return "multiprotocol";
	case BGP_CAP_ROUTE_REFRESH:
		return "route-refresh";
	case BGP_CAP_EXT_NEXTHOP:
		return "extended-nexthop";
	case BGP_CAP_EXT_MSG:
		return "extended-message";
	case BGP_CAP_GR:
		return "graceful-restart";
	case BGP_CAP_AS4:
		return "as4";
	case BGP_CAP_ADDPATH:
		return "add-path";
	case BGP_CAP_ENHANCED_RR:
		return "enhanced-route-refresh";
	case BGP_CAP_LLGR:
		return "long-lived-graceful-restart";
	case BGP_CAP_FQDN:
		return "hostname";
	case BGP_CAP_ROUTE_REFRESH_OLD:
		return "route-refresh-old";
	default:
		return "unknown";
	}
}

static void
json_ipv4(struct json *j, const char *key, uint32_t host_order)
{
	struct ip_addr ip;
	char buf[IP_STRLEN];

	ip_set_v4(&ip, host_order);
	json_str(j, key, ip_fmt(&ip, buf));
}

static void
json_afs(struct json *j, const char *key, const struct bgp_af *afs,
    size_t n, const char *flagkey)
{
	json_arr_open(j, key);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(j, NULL);
		json_u64(j, "afi", afs[i].afi);
		json_u64(j, "safi", afs[i].safi);
		if (flagkey != NULL)
			json_u64(j, flagkey, afs[i].flags);
		json_obj_close(j);
	}
	json_arr_close(j);
}

/* The decoded fields of one known capability, matched by code. */
static void
json_cap_fields(struct json *j, const struct bgp_open *o, uint8_t code)
{
	switch (code) {
	case BGP_CAP_AS4:
		json_u64(j, "as", o->as4);
		break;
	case BGP_CAP_ADDPATH:
		json_afs(j, "families", o->addpath, o->naddpath, "mode");
		break;
	case BGP_CAP_GR:
		json_u64(j, "flags", o->gr_flags);
		json_u64(j, "restartTime", o->gr_time);
		json_afs(j, "families", o->gr, o->ngr, "afFlags");
		break;
	case BGP_CAP_FQDN:
		json_strn(j, "hostname", wire_rd_data(&o->hostname),
		    wire_rd_left(&o->hostname));
		json_strn(j, "domainname", wire_rd_data(&o->domainname),
		    wire_rd_left(&o->domainname));
		break;
	default:
		break;
	}
}

static void
json_cap(struct json *j, const struct bgp_open *o, const struct bgp_cap *c)
{
	struct wire_rd v = c->value;
	uint16_t afi;
	uint8_t res, safi;

	json_obj_open(j, NULL);
	json_u64(j, "code", c->code);
	json_str(j, "name", cap_name(c->code));
	if (c->code == BGP_CAP_MP && wire_rd_u16(&v, &afi) == 0 &&
	    wire_rd_u8(&v, &res) == 0 && wire_rd_u8(&v, &safi) == 0) {
		json_u64(j, "afi", afi);
		json_u64(j, "safi", safi);
	} else
		json_cap_fields(j, o, c->code);
	if (wire_rd_left(&c->value) > 0)
		json_hexstr(j, "value", wire_rd_data(&c->value),
		    wire_rd_left(&c->value));
	json_obj_close(j);
}

void
bgp_json_open(struct json *j, const struct bgp_open *o)
{
	json_u64(j, "version", o->version);
	json_u64(j, "myAs", o->my_as);
	json_u64(j, "as", bgp_open_peer_as(o));
	json_u64(j, "holdTime", o->hold);
	json_ipv4(j, "bgpId", o->bgp_id);
	if (o->ext_params)
		json_bool(j, "extendedOptionalParameters", true);
	json_arr_open(j, "capabilities");
	for (size_t i = 0; i < o->ncaps; i++)
		json_cap(j, o, &o->caps[i]);
	json_arr_close(j);
}

void
bgp_json_notification(struct json *j, const struct bgp_notification *n)
{
	json_u64(j, "code", n->code);
	json_u64(j, "subcode", n->subcode);
	json_str(j, "codeName", bgp_err_code_name(n->code));
	json_str(j, "subcodeName", bgp_err_subcode_name(n->code, n->subcode));
	if (wire_rd_left(&n->data) > 0)
		json_hexstr(j, "data", wire_rd_data(&n->data),
		    wire_rd_left(&n->data));
	if (n->has_shutdown_msg)
		json_strn(j, "shutdownMessage", wire_rd_data(&n->shutdown_msg),
		    wire_rd_left(&n->shutdown_msg));
}

void
bgp_json_route_refresh(struct json *j, const struct bgp_route_refresh *rr)
{
	static const char *names[] = { "normal", "borr", "eorr" };

	json_u64(j, "afi", rr->afi);
	json_u64(j, "safi", rr->safi);
	json_u64(j, "subtype", rr->subtype);
	json_str(j, "subtypeName",
	    rr->subtype < 3 ? names[rr->subtype] : "unknown");
}

void
bgp_json_err(struct json *j, const struct bgp_err *e)
{
	if (e->action == BGP_ACT_NONE)
		return;
	json_str(j, "error", e->reason);
	json_str(j, "action", bgp_action_name(e->action));
	json_arr_open(j, "notification");
	json_u64(j, NULL, e->code);
	json_u64(j, NULL, e->subcode);
	json_arr_close(j);
	if (wire_rd_left(&e->data) > 0)
		json_hexstr(j, "notificationData", wire_rd_data(&e->data),
		    wire_rd_left(&e->data));
	if (e->action == BGP_ACT_AFI_DISABLE) {
		json_u64(j, "afi", e->afi);
		json_u64(j, "safi", e->safi);
	}
	if (e->count > 1)
		json_u64(j, "errorCount", e->count);
}

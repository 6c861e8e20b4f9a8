/*
 * bgp_json_update.c -- JSON view of a decoded UPDATE (docs/decode.md).
 * NLRI are printed by their family's descriptor, extended communities by
 * the codec's hook when one is registered (evpn/), else as raw hex.
 */
#include "bgp_json.h"

#include <inttypes.h>
#include <stdio.h>

#include "types.h"

static const char *
origin_name(uint8_t origin)
{
	switch (origin) {
	case BGP_ORIGIN_IGP:
		return "IGP";
	case BGP_ORIGIN_EGP:
		return "EGP";
	case BGP_ORIGIN_INCOMPLETE:
		return "incomplete";
	default:
		return "unknown";
	}
}

static const char *
seg_name(uint8_t type)
{
	switch (type) {
	case BGP_ASPATH_SET:
		return "set";
	case BGP_ASPATH_SEQUENCE:
		return "sequence";
	case BGP_ASPATH_CONFED_SEQUENCE:
		return "confed-sequence";
	case BGP_ASPATH_CONFED_SET:
		return "confed-set";
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
json_ip(struct json *j, const char *key, const struct ip_addr *ip)
{
	char buf[IP_STRLEN];

	json_str(j, key, ip_fmt(ip, buf));
}

static void
json_aspath(struct json *j, const char *key, const struct wire_rd *path,
    uint8_t as_size)
{
	struct wire_rd it = *path, asns;
	uint8_t type, count;

	json_arr_open(j, key);
	while (bgp_aspath_next(&it, as_size, &type, &count, &asns) == 1) {
		json_obj_open(j, NULL);
		json_str(j, "type", seg_name(type));
		json_arr_open(j, "asns");
		for (uint8_t i = 0; i < count; i++) {
			uint32_t as = 0;
			uint16_t as2;

			if (as_size == 4) {
				if (wire_rd_u32(&asns, &as) == -1)
					break;
			} else {
				if (wire_rd_u16(&asns, &as2) == -1)
					break;
				as = as2;
			}
			json_u64(j, NULL, as);
		}
		json_arr_close(j);
		json_obj_close(j);
	}
	json_arr_close(j);
}

static const char *
community_name(uint32_t c)
{
	switch (c) {
	case 0xffff0000:
		return "graceful-shutdown";
	case 0xffff029a:
		return "blackhole";
	case 0xffffff01:
		return "no-export";
	case 0xffffff02:
		return "no-advertise";
	case 0xffffff03:
		return "local-AS";
	case 0xffffff04:
		return "no-peer";
	default:
		return NULL;
	}
}

static void
json_communities(struct json *j, const struct wire_rd *raw)
{
	struct wire_rd r = *raw;
	uint32_t c;
	char buf[16];

	json_arr_open(j, "communities");
	while (wire_rd_u32(&r, &c) == 0) {
		const char *name = community_name(c);

		if (name == NULL) {
			snprintf(buf, sizeof(buf), "%u:%u", c >> 16,
			    c & 0xffff);
			name = buf;
		}
		json_str(j, NULL, name);
	}
	json_arr_close(j);
}

static void
json_large(struct json *j, const struct wire_rd *raw)
{
	struct wire_rd r = *raw;
	uint32_t a, b, c;
	char buf[40];

	json_arr_open(j, "largeCommunities");
	while (wire_rd_u32(&r, &a) == 0 && wire_rd_u32(&r, &b) == 0 &&
	    wire_rd_u32(&r, &c) == 0) {
		snprintf(buf, sizeof(buf), "%" PRIu32 ":%" PRIu32 ":%" PRIu32,
		    a, b, c);
		json_str(j, NULL, buf);
	}
	json_arr_close(j);
}

static void
json_ecomms(struct json *j, const struct bgp_codec *codec,
    const struct wire_rd *raw)
{
	struct wire_rd r = *raw;
	struct ext_comm ec;

	json_arr_open(j, "extendedCommunities");
	while (wire_rd_bytes(&r, ec.b, sizeof(ec.b)) == 0) {
		if (codec->ecomm_json != NULL && codec->ecomm_json(j, &ec))
			continue;
		json_obj_open(j, NULL);
		json_str(j, "type", "other");
		json_hexstr(j, "raw", ec.b, sizeof(ec.b));
		json_obj_close(j);
	}
	json_arr_close(j);
}

static void
json_cluster_list(struct json *j, const struct wire_rd *raw)
{
	struct wire_rd r = *raw;
	uint32_t id;

	json_arr_open(j, "clusterList");
	while (wire_rd_u32(&r, &id) == 0)
		json_ipv4(j, NULL, id);
	json_arr_close(j);
}

static void
json_pmsi(struct json *j, const struct bgp_pmsi *p)
{
	struct wire_rd t = p->tunnel_id;
	uint32_t v4;

	json_obj_open(j, "pmsiTunnel");
	json_u64(j, "flags", p->flags);
	json_u64(j, "tunnelType", p->tunnel_type);
	json_str(j, "tunnelTypeName", p->tunnel_type == BGP_PMSI_INGRESS_REPL ?
	    "ingress-replication" : "other");
	json_u64(j, "label", p->label);
	json_u64(j, "vni", p->label);
	if (wire_rd_left(&t) == 4 && wire_rd_u32(&t, &v4) == 0)
		json_ipv4(j, "tunnelId", v4);
	else if (wire_rd_left(&t) == 16) {
		struct ip_addr ip = { .af = IP_AF_V6 };

		if (wire_rd_bytes(&t, ip.a, 16) == 0)
			json_ip(j, "tunnelId", &ip);
	} else
		json_hexstr(j, "tunnelId", wire_rd_data(&t), wire_rd_left(&t));
	json_obj_close(j);
}

static void
json_routes(struct json *j, const char *key, const struct bgp_routes *r)
{
	json_arr_open(j, key);
	if (r->ops != NULL)
		for (size_t i = 0; i < r->n; i++)
			r->ops->json(j, bgp_routes_at(r, i));
	json_arr_close(j);
}

static void
json_family(struct json *j, uint16_t afi, uint8_t safi,
    const struct bgp_routes *r, const struct wire_rd *nlri)
{
	json_u64(j, "afi", afi);
	json_u64(j, "safi", safi);
	if (r->ops != NULL)
		json_str(j, "family", r->ops->name);
	else if (wire_rd_left(nlri) > 0)
		json_hexstr(j, "nlriRaw", wire_rd_data(nlri),
		    wire_rd_left(nlri));
}

static void
json_mp(struct json *j, const struct bgp_attrs *a)
{
	if (bgp_attrs_has(a, BGP_ATTR_MP_REACH_NLRI)) {
		const struct bgp_mp_reach *m = &a->mp_reach;

		json_obj_open(j, "mpReach");
		json_family(j, m->afi, m->safi, &m->routes, &m->nlri);
		if (m->nh.af != IP_AF_NONE)
			json_ip(j, "nextHop", &m->nh);
		else
			json_hexstr(j, "nextHopRaw", wire_rd_data(&m->nexthop),
			    wire_rd_left(&m->nexthop));
		if (m->nh_ll.af != IP_AF_NONE)
			json_ip(j, "nextHopLinkLocal", &m->nh_ll);
		json_routes(j, "nlri", &m->routes);
		json_obj_close(j);
	}
	if (bgp_attrs_has(a, BGP_ATTR_MP_UNREACH_NLRI)) {
		const struct bgp_mp_unreach *m = &a->mp_unreach;

		json_obj_open(j, "mpUnreach");
		json_family(j, m->afi, m->safi, &m->routes, &m->nlri);
		json_routes(j, "withdrawn", &m->routes);
		json_obj_close(j);
	}
}

static void
json_aggregator(struct json *j, const char *key, uint32_t as, uint32_t id)
{
	json_obj_open(j, key);
	json_u64(j, "as", as);
	json_ipv4(j, "id", id);
	json_obj_close(j);
}

static void
json_unknown(struct json *j, const struct bgp_attrs *a)
{
	if (a->nunknown == 0)
		return;
	json_arr_open(j, "unknown");
	for (size_t i = 0; i < a->nunknown; i++) {
		const struct bgp_attr_raw *u = &a->unknown[i];

		json_obj_open(j, NULL);
		json_u64(j, "type", u->type);
		json_u64(j, "flags", u->flags);
		json_hexstr(j, "value", wire_rd_data(&u->value),
		    wire_rd_left(&u->value));
		json_obj_close(j);
	}
	json_arr_close(j);
}

/* The scalar attributes, in type order. */
static void
json_scalars(struct json *j, const struct bgp_attrs *a)
{
	if (bgp_attrs_has(a, BGP_ATTR_ORIGIN))
		json_str(j, "origin", origin_name(a->origin));
	if (bgp_attrs_has(a, BGP_ATTR_AS_PATH))
		json_aspath(j, "asPath", &a->as_path, a->as_path_size);
	if (bgp_attrs_has(a, BGP_ATTR_NEXT_HOP))
		json_ip(j, "nextHop", &a->nexthop);
	if (bgp_attrs_has(a, BGP_ATTR_MED))
		json_u64(j, "med", a->med);
	if (bgp_attrs_has(a, BGP_ATTR_LOCAL_PREF))
		json_u64(j, "localPref", a->local_pref);
	if (bgp_attrs_has(a, BGP_ATTR_ATOMIC_AGGREGATE))
		json_bool(j, "atomicAggregate", true);
	if (bgp_attrs_has(a, BGP_ATTR_AGGREGATOR))
		json_aggregator(j, "aggregator", a->aggregator_as,
		    a->aggregator_id);
	if (bgp_attrs_has(a, BGP_ATTR_ORIGINATOR_ID))
		json_ipv4(j, "originatorId", a->originator_id);
}

static void
json_attrs(struct json *j, const struct bgp_codec *codec,
    const struct bgp_attrs *a)
{
	json_obj_open(j, "attributes");
	json_scalars(j, a);
	if (bgp_attrs_has(a, BGP_ATTR_COMMUNITIES))
		json_communities(j, &a->communities);
	if (bgp_attrs_has(a, BGP_ATTR_CLUSTER_LIST))
		json_cluster_list(j, &a->cluster_list);
	if (bgp_attrs_has(a, BGP_ATTR_EXT_COMMUNITIES))
		json_ecomms(j, codec, &a->ext_communities);
	if (bgp_attrs_has(a, BGP_ATTR_AS4_PATH))
		json_aspath(j, "as4Path", &a->as4_path, 4);
	if (bgp_attrs_has(a, BGP_ATTR_AS4_AGGREGATOR))
		json_aggregator(j, "as4Aggregator", a->as4_aggregator_as,
		    a->as4_aggregator_id);
	if (bgp_attrs_has(a, BGP_ATTR_PMSI_TUNNEL))
		json_pmsi(j, &a->pmsi);
	if (bgp_attrs_has(a, BGP_ATTR_LARGE_COMMUNITY))
		json_large(j, &a->large_communities);
	json_mp(j, a);
	json_unknown(j, a);
	json_obj_close(j);
}

void
bgp_json_update(struct json *j, const struct bgp_codec *codec,
    const struct bgp_update *u)
{
	if (u->eor) {
		json_obj_open(j, "endOfRib");
		json_u64(j, "afi", u->eor_afi);
		json_u64(j, "safi", u->eor_safi);
		json_obj_close(j);
	}
	json_routes(j, "withdrawn", &u->withdrawn);
	json_attrs(j, codec, &u->attrs);
	json_routes(j, "nlri", &u->nlri);
}

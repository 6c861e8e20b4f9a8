/*
 * bgp_afi.c -- the AFI/SAFI descriptor table and the IPv4/IPv6 unicast
 * NLRI codecs (BIRD's bgp_af_table idea).
 *
 * DOC: a struct bgp_codec holds the families this daemon understands;
 * bgp_update_parse() looks NLRI up here and hands each one to the
 * family's decode hook.  bgpd registers IPv4 and IPv6 unicast itself;
 * evpn/ registers L2VPN EVPN at start-up, so bgpd never links evpn/.
 *
 * Unicast NLRI (RFC 4271 section 4.3, RFC 4760 section 5): an optional
 * 4-byte path identifier (RFC 7911 section 3, when add-path receive was
 * negotiated for the family), a length in bits, then ceil(len / 8) bytes
 * of prefix.  Invariants of a decoded struct bgp_prefix_route:
 *   - pfx.len <= 32 (IPv4) or <= 128 (IPv6): a longer length is a syntax
 *     error (RFC 7606 section 5.3), reported to the caller, who picks
 *     the action (session reset or AFI/SAFI disable);
 *   - host bits beyond pfx.len are zero.  RFC 4271 section 4.3 calls the
 *     trailing bits "irrelevant" and RFC 7606 does not make them an error,
 *     so they are accepted and cleared: two encodings of one prefix
 *     decode to one key.  Re-encoding therefore writes them as zero.
 */
#include "bgp_update.h"

#include <string.h>

#include "json.h"
#include "types.h"

/* ---- the codec table ---- */

void
bgp_codec_init(struct bgp_codec *codec)
{
	memset(codec, 0, sizeof(*codec));
	/* A fresh table has room and no duplicates: these cannot fail. */
	(void)bgp_codec_register(codec, &bgp_afi_ipv4_unicast);
	(void)bgp_codec_register(codec, &bgp_afi_ipv6_unicast);
}

int
bgp_codec_register(struct bgp_codec *codec, const struct bgp_afi_ops *ops)
{
	if (codec->nafis >= BGP_CODEC_AFIS_MAX)
		return -1;
	if (bgp_codec_find(codec, ops->afi, ops->safi) != NULL)
		return -1;
	codec->afis[codec->nafis++] = ops;
	return 0;
}

const struct bgp_afi_ops *
bgp_codec_find(const struct bgp_codec *codec, uint16_t afi, uint8_t safi)
{
	for (size_t i = 0; i < codec->nafis && i < BGP_CODEC_AFIS_MAX; i++)
		if (codec->afis[i]->afi == afi && codec->afis[i]->safi == safi)
			return codec->afis[i];
	return NULL;
}

/* RFC 7911 section 3: path IDs are present when add-path was negotiated. */
bool
bgp_caps_addpath(const struct bgp_peer_caps *caps, uint16_t afi,
    uint8_t safi)
{
	for (size_t i = 0; i < caps->naddpath_rx && i < BGP_ADDPATH_AFS_MAX;
	    i++)
		if (caps->addpath_rx[i].afi == afi &&
		    caps->addpath_rx[i].safi == safi)
			return true;
	return false;
}

/* ---- IPv4 / IPv6 unicast prefixes ---- */

static int
prefix_decode(struct wire_rd *rd, bool addpath, uint8_t af, void *route,
    const char **why)
{
	struct bgp_prefix_route *r = route;
	uint8_t plen, maxlen = af == IP_AF_V4 ? 32 : 128;
	size_t nbytes;

	if (addpath && wire_rd_u32(rd, &r->path_id) == -1) {
		*why = "NLRI truncated in path identifier";
		return -1;
	}
	if (wire_rd_u8(rd, &plen) == -1) {
		*why = "NLRI truncated before prefix length";
		return -1;
	}
	/* RFC 7606 section 5.3: longer than the address is a syntax error. */
	if (plen > maxlen) {
		*why = "prefix length exceeds address length";
		return -1;
	}
	nbytes = ((size_t)plen + 7) / 8;
	if (wire_rd_bytes(rd, r->pfx.addr.a, nbytes) == -1) {
		*why = "prefix overruns the NLRI field";
		return -1;
	}
	/* RFC 4271 section 4.3: trailing bits are irrelevant; clear them. */
	if (plen % 8 != 0)
		r->pfx.addr.a[nbytes - 1] &= (uint8_t)(0xff00u >> (plen % 8));
	r->pfx.addr.af = af;
	r->pfx.len = plen;
	return 0;
}

static int
prefix_encode(struct wire_wr *wr, bool addpath, uint8_t af,
    const void *route)
{
	const struct bgp_prefix_route *r = route;
	uint8_t maxlen = af == IP_AF_V4 ? 32 : 128;

	if (r->pfx.len > maxlen)
		return -1;
	if (addpath && wire_wr_u32(wr, r->path_id) == -1)
		return -1;
	if (wire_wr_u8(wr, r->pfx.len) == -1 ||
	    wire_wr_bytes(wr, r->pfx.addr.a, ((size_t)r->pfx.len + 7) / 8) ==
	    -1)
		return -1;
	return 0;
}

static int
ipv4_decode(struct wire_rd *rd, bool addpath, void *route, const char **why)
{
	return prefix_decode(rd, addpath, IP_AF_V4, route, why);
}

static int
ipv6_decode(struct wire_rd *rd, bool addpath, void *route, const char **why)
{
	return prefix_decode(rd, addpath, IP_AF_V6, route, why);
}

static int
ipv4_encode(struct wire_wr *wr, bool addpath, const void *route)
{
	return prefix_encode(wr, addpath, IP_AF_V4, route);
}

static int
ipv6_encode(struct wire_wr *wr, bool addpath, const void *route)
{
	return prefix_encode(wr, addpath, IP_AF_V6, route);
}

/* {"prefix":"10.0.0.0/8"} plus "pathId" when add-path gave one. */
static void
prefix_json(struct json *j, const void *route)
{
	const struct bgp_prefix_route *r = route;
	char buf[PREFIX_STRLEN];

	json_obj_open(j, NULL);
	json_str(j, "prefix", prefix_fmt(&r->pfx, buf));
	if (r->path_id != 0)
		json_u64(j, "pathId", r->path_id);
	json_obj_close(j);
}

/* Key: the length octet and the significant prefix bytes. */
static size_t
prefix_key(const void *route, uint8_t *buf)
{
	const struct bgp_prefix_route *r = route;
	size_t n = ((size_t)r->pfx.len + 7) / 8;

	buf[0] = r->pfx.len;
	memcpy(buf + 1, r->pfx.addr.a, n);
	return n + 1;
}

static void
prefix_info(const void *route, struct bgp_route_info *info)
{
	const struct bgp_prefix_route *r = route;

	info->has_pfx = true;
	info->pfx = r->pfx;
}

const struct bgp_afi_ops bgp_afi_ipv4_unicast = {
	.afi = BGP_AFI_IPV4,
	.safi = BGP_SAFI_UNICAST,
	.name = "ipv4-unicast",
	.route_size = sizeof(struct bgp_prefix_route),
	.decode = ipv4_decode,
	.encode = ipv4_encode,
	.json = prefix_json,
	.key = prefix_key,
	.info = prefix_info,
	/* NULL: 4, 16 or 32 (RFC 4760 section 3, RFC 2545, RFC 8950) */
	.nexthop_ok = NULL,
};

const struct bgp_afi_ops bgp_afi_ipv6_unicast = {
	.afi = BGP_AFI_IPV6,
	.safi = BGP_SAFI_UNICAST,
	.name = "ipv6-unicast",
	.route_size = sizeof(struct bgp_prefix_route),
	.decode = ipv6_decode,
	.encode = ipv6_encode,
	.json = prefix_json,
	.key = prefix_key,
	.info = prefix_info,
	.nexthop_ok = NULL,
};

/*
 * bgp_proto.h -- BGP code points, with the RFC section each comes from,
 * and the codec's hard caps (STYLE.md section 5: all caps in one header).
 */
#ifndef EVPND_INCLUDE_BGP_PROTO_H
#define EVPND_INCLUDE_BGP_PROTO_H

/* RFC 4271 section 4.1: message header */
#define BGP_MARKER_LEN		16
#define BGP_HDR_LEN		19
#define BGP_MSG_MAX		4096	/* RFC 4271 */
#define BGP_EXTMSG_MAX		65535	/* RFC 8654 */
#define BGP_VERSION		4

enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5,	/* RFC 2918 */
};

/* RFC 4271 section 4.2; RFC 9072 extended optional parameters length */
#define BGP_OPEN_MIN_LEN	10	/* body: version..opt param len */
#define BGP_OPT_PARAM_CAPS	2	/* RFC 5492 */
#define BGP_OPT_PARAM_EXT	255	/* RFC 9072 */
#define BGP_AS_TRANS		23456	/* RFC 6793 */

/* Capability codes (IANA; RFC per line) */
enum bgp_cap_code {
	BGP_CAP_MP = 1,			/* RFC 4760 */
	BGP_CAP_ROUTE_REFRESH = 2,	/* RFC 2918 */
	BGP_CAP_EXT_NEXTHOP = 5,	/* RFC 8950 */
	BGP_CAP_EXT_MSG = 6,		/* RFC 8654 */
	BGP_CAP_GR = 64,		/* RFC 4724 */
	BGP_CAP_AS4 = 65,		/* RFC 6793 */
	BGP_CAP_ADDPATH = 69,		/* RFC 7911 */
	BGP_CAP_ENHANCED_RR = 70,	/* RFC 7313 */
	BGP_CAP_LLGR = 71,		/* RFC 9494 */
	BGP_CAP_FQDN = 73,		/* draft-walton-bgp-hostname */
	BGP_CAP_ROUTE_REFRESH_OLD = 128, /* pre-standard Cisco code */
};

/* RFC 7911 section 4 */
#define BGP_ADDPATH_RX	1
#define BGP_ADDPATH_TX	2

/* Path attribute flags and codes: RFC 4271 section 4.3 and others */
#define BGP_ATTR_F_OPTIONAL	0x80
#define BGP_ATTR_F_TRANSITIVE	0x40
#define BGP_ATTR_F_PARTIAL	0x20
#define BGP_ATTR_F_EXTLEN	0x10

enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,	/* RFC 1997 */
	BGP_ATTR_ORIGINATOR_ID = 9,	/* RFC 4456 */
	BGP_ATTR_CLUSTER_LIST = 10,	/* RFC 4456 */
	BGP_ATTR_MP_REACH_NLRI = 14,	/* RFC 4760 */
	BGP_ATTR_MP_UNREACH_NLRI = 15,	/* RFC 4760 */
	BGP_ATTR_EXT_COMMUNITIES = 16,	/* RFC 4360 */
	BGP_ATTR_AS4_PATH = 17,		/* RFC 6793 */
	BGP_ATTR_AS4_AGGREGATOR = 18,	/* RFC 6793 */
	BGP_ATTR_PMSI_TUNNEL = 22,	/* RFC 6514 */
	BGP_ATTR_LARGE_COMMUNITY = 32,	/* RFC 8092 */
};

enum bgp_origin {
	BGP_ORIGIN_IGP = 0,
	BGP_ORIGIN_EGP = 1,
	BGP_ORIGIN_INCOMPLETE = 2,
};

enum bgp_aspath_seg {
	BGP_ASPATH_SET = 1,
	BGP_ASPATH_SEQUENCE = 2,
	BGP_ASPATH_CONFED_SEQUENCE = 3,	/* RFC 5065 */
	BGP_ASPATH_CONFED_SET = 4,	/* RFC 5065 */
};

/* RFC 6514 section 5: PMSI tunnel types */
#define BGP_PMSI_INGRESS_REPL	6

/* AFI / SAFI (IANA) */
#define BGP_AFI_IPV4		1
#define BGP_AFI_IPV6		2
#define BGP_AFI_L2VPN		25
#define BGP_SAFI_UNICAST	1
#define BGP_SAFI_MULTICAST	2
#define BGP_SAFI_EVPN		70

/* NOTIFICATION codes and subcodes: RFC 4271 section 4.5, 6 */
enum bgp_err_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_ROUTE_REFRESH = 7,	/* RFC 7313 */
};

/* Message Header Error subcodes */
#define BGP_ERR_HDR_SYNC		1
#define BGP_ERR_HDR_LEN			2
#define BGP_ERR_HDR_TYPE		3

/* OPEN Message Error subcodes */
#define BGP_ERR_OPEN_VERSION		1
#define BGP_ERR_OPEN_AS			2
#define BGP_ERR_OPEN_BGPID		3
#define BGP_ERR_OPEN_OPT		4
#define BGP_ERR_OPEN_HOLD		6
#define BGP_ERR_OPEN_CAPS		7	/* RFC 5492 */
#define BGP_ERR_OPEN_ROLE		11	/* RFC 9234 */

/* UPDATE Message Error subcodes */
#define BGP_ERR_UPD_ATTRLIST		1
#define BGP_ERR_UPD_UNKNOWN_WK		2
#define BGP_ERR_UPD_MISSING_WK		3
#define BGP_ERR_UPD_FLAGS		4
#define BGP_ERR_UPD_LENGTH		5
#define BGP_ERR_UPD_ORIGIN		6
#define BGP_ERR_UPD_NEXTHOP		8
#define BGP_ERR_UPD_OPTATTR		9
#define BGP_ERR_UPD_NETWORK		10
#define BGP_ERR_UPD_ASPATH		11

/* Cease subcodes: RFC 4486, RFC 8203 */
#define BGP_ERR_CEASE_MAX_PREFIX	1
#define BGP_ERR_CEASE_ADMIN_SHUT	2
#define BGP_ERR_CEASE_PEER_DECONF	3
#define BGP_ERR_CEASE_ADMIN_RESET	4
#define BGP_ERR_CEASE_CONN_REJECT	5
#define BGP_ERR_CEASE_CONF_CHANGE	6
#define BGP_ERR_CEASE_COLLISION		7
#define BGP_ERR_CEASE_RESOURCES		8
#define BGP_ERR_CEASE_HARD_RESET	9	/* RFC 8538 */

/* ROUTE-REFRESH subtypes: RFC 7313 section 3 */
#define BGP_RR_NORMAL	0
#define BGP_RR_BORR	1
#define BGP_RR_EORR	2

/* Hard caps (STYLE.md section 5) */
#define BGP_CAPS_MAX		64	/* capabilities kept per OPEN */
#define BGP_CAP_AFS_MAX		32	/* AFI/SAFI entries per capability */
#define BGP_ATTRS_UNKNOWN_MAX	32	/* unknown attributes per UPDATE */
#define BGP_NLRI_MAX		65536	/* NLRI per UPDATE (>= 64 KiB / 1) */
#define BGP_ASPATH_SEGS_MAX	255	/* AS_PATH segments */
#define BGP_ECOMM_MAX		512	/* extended communities per route */
#define BGP_NOTIFY_DATA_MAX	(BGP_EXTMSG_MAX - BGP_HDR_LEN - 2)

#endif /* EVPND_INCLUDE_BGP_PROTO_H */

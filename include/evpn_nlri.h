/*
 * evpn_nlri.h -- EVPN NLRI (AFI 25 / SAFI 70) and EVPN-related extended
 * communities: a pure codec.
 *
 * DOC: route types per RFC 7432 section 7 (types 1-4) and RFC 9136
 * section 3 (type 5).  Types 2, 3 and 5 are understood; types 1 and 4 are
 * decoded field by field and re-encoded byte-exact so a route reflector
 * carries them; other types are kept raw (RFC 7432 section 7: a speaker
 * ignores route types it does not know, but a reflector may carry them).
 * The VNI travels as the raw 24-bit label field (RFC 8365 section 5.1.3);
 * label values here are those raw 24 bits.
 * Extended communities: route targets (RFC 4360 / 5668), encapsulation
 * (RFC 9012 section 4.1), MAC Mobility, ESI Label, ES-Import RT and
 * Router's MAC (RFC 7432 section 7.5-7.7, RFC 9135 section 8.1), Default
 * Gateway (RFC 7432 section 7.8); anything else is carried opaque.
 */
#ifndef EVPND_INCLUDE_EVPN_NLRI_H
#define EVPND_INCLUDE_EVPN_NLRI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_update.h"
#include "types.h"
#include "wire.h"

enum evpn_route_type {
	EVPN_RT_EAD = 1,	/* Ethernet Auto-discovery */
	EVPN_RT_MACIP = 2,	/* MAC/IP Advertisement */
	EVPN_RT_IMET = 3,	/* Inclusive Multicast Ethernet Tag */
	EVPN_RT_ES = 4,		/* Ethernet Segment */
	EVPN_RT_PREFIX = 5,	/* IP Prefix (RFC 9136) */
};

struct evpn_route {
	uint32_t	 path_id;	/* RFC 7911, when add-path */
	uint8_t		 type;
	uint8_t		 len;		/* route length octet */
	struct evpn_rd	 rd;
	struct evpn_esi	 esi;		/* types 1, 2, 4, 5 */
	uint32_t	 etag;		/* types 1, 2, 3, 5 */
	struct mac_addr	 mac;		/* type 2 */
	/*
	 * type 2: the optional IP (af NONE when absent); types 3 and 4:
	 * originating router's IP; type 5: the prefix (host bits kept as
	 * received so re-encoding is exact).
	 */
	struct ip_addr	 ip;
	uint8_t		 ip_plen;	/* type 5 prefix length */
	struct ip_addr	 gw;		/* type 5 gateway IP */
	uint8_t		 nlabels;	/* types 1, 5: 1; type 2: 1 or 2 */
	uint32_t	 label[2];	/* raw 24-bit label fields */
	struct wire_rd	 raw;		/* unknown types: the route body */
};

/* Registered into a struct bgp_codec by evpn_codec_register(). */
extern const struct bgp_afi_ops evpn_afi_ops;

/* Register the EVPN family and the extended-community printer. */
int		 evpn_codec_register(struct bgp_codec *);

/* The ops' decode/encode, usable directly (same contracts). */
int		 evpn_route_decode(struct wire_rd *rd, bool addpath,
		    void *route, const char **why);
int		 evpn_route_encode(struct wire_wr *wr, bool addpath,
		    const void *route);
void		 evpn_route_json(struct json *j, const void *route);
/* "macip", "multicast", "prefix", "ead", "es", "unknown" */
const char	*evpn_route_type_name(uint8_t type);
/* Route key equality, ignoring labels (RFC 7432 section 7.2: the label
 * is not part of the key; FRR withdraws with label 0). */
bool		 evpn_route_key_eq(const struct evpn_route *,
		    const struct evpn_route *);

/* ---- extended communities ---- */

enum evpn_ecomm_kind {
	EVPN_EC_OTHER = 0,	/* carried opaque */
	EVPN_EC_RT,		/* route target, any of the three forms */
	EVPN_EC_ENCAP,		/* RFC 9012 encapsulation */
	EVPN_EC_MAC_MOBILITY,
	EVPN_EC_ESI_LABEL,
	EVPN_EC_ES_IMPORT,
	EVPN_EC_ROUTER_MAC,
	EVPN_EC_DEFAULT_GW,
};

/* RFC 4360 section 4 route target forms */
enum evpn_rt_form {
	EVPN_RT_AS2 = 0,	/* 2-octet AS : 4-octet number */
	EVPN_RT_IPV4 = 1,	/* IPv4 : 2-octet number */
	EVPN_RT_AS4 = 2,	/* 4-octet AS : 2-octet number (RFC 5668) */
};

#define EVPN_ENCAP_VXLAN	8	/* RFC 9012 tunnel type */
#define EVPN_ENCAP_MPLS		10
#define EVPN_ENCAP_GENEVE	19

struct evpn_ecomm {
	enum evpn_ecomm_kind	 kind;
	bool			 transitive;
	union {
		struct {
			enum evpn_rt_form form;
			uint32_t	 global;	/* AS, or IPv4 host order */
			uint32_t	 local;
		} rt;
		uint16_t	 encap;			/* tunnel type */
		struct {
			bool	 sticky;
			uint32_t seq;
		} mm;
		struct {
			uint8_t	 flags;
			uint32_t label;
		} esi_label;
		struct mac_addr	 mac;	/* router's MAC, ES-import */
	} u;
};

/* Classify one extended community; unknown ones give EVPN_EC_OTHER. */
void		 evpn_ecomm_decode(const struct ext_comm *,
		    struct evpn_ecomm *);
/* Encode; -1 for EVPN_EC_OTHER or out-of-range values. */
int		 evpn_ecomm_encode(const struct evpn_ecomm *,
		    struct ext_comm *);
/*
 * Text form, as in the vectors' descriptions: "RT:65000:100",
 * "RT:10.0.0.1:5", "ENCAP:VXLAN", "MAC-MOBILITY:seq=1",
 * "MAC-MOBILITY:seq=0,sticky", "ROUTER-MAC:02:00:00:00:0b:0b",
 * "ESI-LABEL:flags=0x01,label=N", "ES-IMPORT:mac", "DEFAULT-GW",
 * other: "0x" + 16 hex digits.  buf: EVPN_ECOMM_STRLEN bytes.
 */
#define EVPN_ECOMM_STRLEN	48
const char	*evpn_ecomm_fmt(const struct ext_comm *, char *buf);
/* FRR's show text: "RT:65000:100", "ET:8", "MM:1", "MM:0, sticky MAC",
 * "Rmac:02:..", "Default Gateway"; others as evpn_ecomm_fmt(). */
const char	*evpn_ecomm_frr_fmt(const struct ext_comm *, char *buf);
/* bgp_codec ecomm_json hook: prints every kind (always returns true). */
bool		 evpn_ecomm_json(struct json *j, const struct ext_comm *ec);

/* Parse "ASN:N", "A.B.C.D:N", "ASN4:N" into a route target. */
int		 evpn_rt_parse(const char *, struct ext_comm *);

#endif /* EVPND_INCLUDE_EVPN_NLRI_H */

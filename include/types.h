/*
 * types.h -- small value types shared by every module: MAC and IP
 * addresses, prefixes, route distinguishers, ESIs, extended communities.
 *
 * All are plain values (copy by assignment, compare with the *_eq helpers).
 * Route distinguishers, ESIs and extended communities keep their 8/10/8
 * wire bytes so re-encoding is byte-exact whatever their type.
 * The *_fmt functions write a NUL-terminated string into a caller buffer of
 * at least the matching *_STRLEN bytes and return it.
 */
#ifndef EVPND_INCLUDE_TYPES_H
#define EVPND_INCLUDE_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mac_addr {
	uint8_t	b[6];
};

enum ip_af {
	IP_AF_NONE = 0,
	IP_AF_V4 = 4,
	IP_AF_V6 = 6,
};

struct ip_addr {
	uint8_t	af;		/* enum ip_af */
	uint8_t	a[16];		/* network order; v4 in a[0..3] */
};

struct ip_prefix {
	struct ip_addr	addr;	/* host bits are zero after decode */
	uint8_t		len;
};

struct evpn_rd {
	uint8_t	b[8];		/* RFC 4364 section 4.2, raw */
};

struct evpn_esi {
	uint8_t	b[10];		/* RFC 7432 section 5, raw */
};

struct ext_comm {
	uint8_t	b[8];		/* RFC 4360, raw */
};

#define MAC_STRLEN	18
#define IP_STRLEN	46
#define PREFIX_STRLEN	50
#define RD_STRLEN	32
#define ESI_STRLEN	30

const char	*mac_fmt(const struct mac_addr *, char *buf);
const char	*ip_fmt(const struct ip_addr *, char *buf);
const char	*prefix_fmt(const struct ip_prefix *, char *buf);
/* "ASN:N" (types 0 and 2) or "A.B.C.D:N" (type 1); other types as hex. */
const char	*rd_fmt(const struct evpn_rd *, char *buf);
/* "00:11:...:99" (10 octets) */
const char	*esi_fmt(const struct evpn_esi *, char *buf);

int		 mac_parse(const char *, struct mac_addr *);
int		 ip_parse(const char *, struct ip_addr *);
int		 rd_parse(const char *, struct evpn_rd *);

bool		 mac_eq(const struct mac_addr *, const struct mac_addr *);
bool		 ip_eq(const struct ip_addr *, const struct ip_addr *);
/* ::ffff:a.b.c.d of an IPv4 address: how an IPv6 route reaches an IPv4
 * next hop (the kernel takes no RTA_VIA for IPv6; FRR does the same). */
struct ip_addr	 ip_v4_mapped(const struct ip_addr *v4);
bool		 esi_is_zero(const struct evpn_esi *);
/* Address length in bytes for an af (4, 16, or 0). */
size_t		 ip_af_len(uint8_t af);
void		 ip_set_v4(struct ip_addr *, uint32_t host_order);
uint32_t	 ip_get_v4(const struct ip_addr *);

#endif /* EVPND_INCLUDE_TYPES_H */

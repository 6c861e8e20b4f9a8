/*
 * types.c -- formatting, parsing and comparison of the value types of
 * types.h.  RD text forms follow RFC 4364 section 4.2 and FRR's output.
 */
#include "types.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
mac_fmt(const struct mac_addr *m, char *buf)
{
	snprintf(buf, MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
	    m->b[0], m->b[1], m->b[2], m->b[3], m->b[4], m->b[5]);
	return buf;
}

const char *
ip_fmt(const struct ip_addr *ip, char *buf)
{
	switch (ip->af) {
	case IP_AF_V4:
		inet_ntop(AF_INET, ip->a, buf, IP_STRLEN);
		break;
	case IP_AF_V6:
		inet_ntop(AF_INET6, ip->a, buf, IP_STRLEN);
		break;
	default:
		snprintf(buf, IP_STRLEN, "none");
		break;
	}
	return buf;
}

const char *
prefix_fmt(const struct ip_prefix *p, char *buf)
{
	char ip[IP_STRLEN];

	snprintf(buf, PREFIX_STRLEN, "%s/%u", ip_fmt(&p->addr, ip), p->len);
	return buf;
}

static uint32_t
be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

static uint16_t
be16(const uint8_t *b)
{
	return (uint16_t)((uint16_t)b[0] << 8 | b[1]);
}

const char *
rd_fmt(const struct evpn_rd *rd, char *buf)
{
	uint16_t type = be16(rd->b);
	const uint8_t *v = rd->b + 2;

	switch (type) {
	case 0:
		snprintf(buf, RD_STRLEN, "%u:%" PRIu32, be16(v), be32(v + 2));
		break;
	case 1:
		snprintf(buf, RD_STRLEN, "%u.%u.%u.%u:%u", v[0], v[1], v[2],
		    v[3], be16(v + 4));
		break;
	case 2:
		snprintf(buf, RD_STRLEN, "%" PRIu32 ":%u", be32(v),
		    be16(v + 4));
		break;
	default:
		snprintf(buf, RD_STRLEN,
		    "0x%02x%02x%02x%02x%02x%02x%02x%02x", rd->b[0], rd->b[1],
		    rd->b[2], rd->b[3], rd->b[4], rd->b[5], rd->b[6], rd->b[7]);
		break;
	}
	return buf;
}

const char *
esi_fmt(const struct evpn_esi *esi, char *buf)
{
	size_t i;

	for (i = 0; i < sizeof(esi->b); i++)
		snprintf(buf + 3 * i, ESI_STRLEN - 3 * i, "%02x%s", esi->b[i],
		    i + 1 < sizeof(esi->b) ? ":" : "");
	return buf;
}

int
mac_parse(const char *s, struct mac_addr *m)
{
	unsigned v[6];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2],
	    &v[3], &v[4], &v[5], &tail) != 6 || strlen(s) != 17)
		return -1;
	for (size_t i = 0; i < 6; i++)
		m->b[i] = (uint8_t)v[i];
	return 0;
}

int
ip_parse(const char *s, struct ip_addr *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, s, ip->a) == 1) {
		ip->af = IP_AF_V4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, ip->a) == 1) {
		ip->af = IP_AF_V6;
		return 0;
	}
	return -1;
}

/* A decimal number of at most max; the whole string must be digits. */
static int
parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static void
put16(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void
put32(uint8_t *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b + 2, v);
}

int
rd_parse(const char *s, struct evpn_rd *rd)
{
	char admin[48];
	const char *colon = strrchr(s, ':');
	struct in_addr in;
	uint32_t a, n;

	if (colon == NULL || (size_t)(colon - s) >= sizeof(admin))
		return -1;
	memcpy(admin, s, (size_t)(colon - s));
	admin[colon - s] = '\0';
	memset(rd, 0, sizeof(*rd));
	if (inet_pton(AF_INET, admin, &in) == 1) {
		if (parse_u32(colon + 1, 0xffff, &n) == -1)
			return -1;
		put16(rd->b, 1);
		memcpy(rd->b + 2, &in, 4);
		put16(rd->b + 6, n);
		return 0;
	}
	if (parse_u32(admin, UINT32_MAX, &a) == -1)
		return -1;
	if (a <= 0xffff) {
		if (parse_u32(colon + 1, UINT32_MAX, &n) == -1)
			return -1;
		put16(rd->b, 0);
		put16(rd->b + 2, a);
		put32(rd->b + 4, n);
		return 0;
	}
	if (parse_u32(colon + 1, 0xffff, &n) == -1)
		return -1;
	put16(rd->b, 2);
	put32(rd->b + 2, a);
	put16(rd->b + 6, n);
	return 0;
}

bool
mac_eq(const struct mac_addr *a, const struct mac_addr *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

size_t
ip_af_len(uint8_t af)
{
	switch (af) {
	case IP_AF_V4:
		return 4;
	case IP_AF_V6:
		return 16;
	default:
		return 0;
	}
}

struct ip_addr
ip_v4_mapped(const struct ip_addr *v4)
{
	struct ip_addr a;

	memset(&a, 0, sizeof(a));
	a.af = IP_AF_V6;
	a.a[10] = 0xff;
	a.a[11] = 0xff;
	memcpy(a.a + 12, v4->a, 4);
	return a;
}

bool
ip_eq(const struct ip_addr *a, const struct ip_addr *b)
{
	return a->af == b->af && memcmp(a->a, b->a, ip_af_len(a->af)) == 0;
}

bool
esi_is_zero(const struct evpn_esi *esi)
{
	static const struct evpn_esi zero;

	return memcmp(esi->b, zero.b, sizeof(esi->b)) == 0;
}

void
ip_set_v4(struct ip_addr *ip, uint32_t v)
{
	memset(ip, 0, sizeof(*ip));
	ip->af = IP_AF_V4;
	put32(ip->a, v);
}

uint32_t
ip_get_v4(const struct ip_addr *ip)
{
	return be32(ip->a);
}

/*
 * conf_bgp_local.h -- private to conf/: what conf_bgp.c and
 * conf_bgp_policy.c share to build bgpd's snapshot (bgp_conf.h).
 */
#ifndef EVPND_CONF_CONF_BGP_LOCAL_H
#define EVPND_CONF_CONF_BGP_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libyang/libyang.h>

#include "bgp_conf.h"
#include "types.h"

/* `timers bgp` absent: FRR's (and RFC 4271 section 10's) defaults. */
#define BGP_CONF_DEF_KEEPALIVE	60
#define BGP_CONF_DEF_HOLD	180

/* Explicit (not default) child named name, or NULL (parent NULL too). */
const struct lyd_node *conf_bgp_child(const struct lyd_node *parent,
		    const char *name);
/* Its canonical value, or NULL. */
const char	*conf_bgp_val(const struct lyd_node *parent,
		    const char *name);
/* An unsigned leaf; false when absent. */
bool		 conf_bgp_u32(const struct lyd_node *parent,
		    const char *name, uint32_t *v);
/* Copy src ("" for NULL) into dst, truncated to size. */
void		 conf_bgp_str(char *dst, size_t size, const char *src);
/* "A.B.C.D/N" or "X::/N", host bits cleared; 0 or -1. */
int		 conf_bgp_prefix(const char *, struct ip_prefix *);

/* conf_bgp_policy.c: prefix-lists and route-maps of the top level. */
/* A route target from "ASN:NN", "A.B.C.D:NN" (RFC 4360 / 5668). */
int		 conf_bgp_rt_parse(const char *, struct ext_comm *);
void		 conf_bgp_policy_fill(struct bgp_conf *,
		    const struct lyd_node *top);

#endif /* EVPND_CONF_CONF_BGP_LOCAL_H */

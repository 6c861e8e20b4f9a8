/*
 * bgp_vrf.c -- BGP instances in tenant VRFs (`router bgp ASN vrf NAME`).
 *
 * DOC: the root speaker (bgp_new()) serves "default"; every `router bgp
 * ASN vrf NAME` whose `vrf NAME` block has a `table` (DESIGN.md section
 * 4: a tenant VRF is a kernel table) is a child struct bgp on root->vrfs,
 * with its own peers, RIBs, update groups, interning tables and arena.
 * Everything bgpd does per instance (FSM, import/export policy, RFC 8212
 * default deny, best path, maximum-paths) therefore works unchanged in
 * a VRF; the child differs from the root only in:
 *   - its routes go to rib_change with its table instead of main;
 *   - it has no listeners: the root's accept hands a connection to the
 *     instance with a neighbor of that address (bgp_vrf_accept_peer():
 *     default first, then the VRFs in configuration order);
 *   - no EVPN import (evpn_change NULL) and no redistribution (the fib
 *     watchers report main-table routes to the root only); instead evpn/
 *     hands it the fabric's prefixes imported into the VRF's table
 *     (bgp_vrf_evpn_set(): local paths BGP_LOCAL_EVPN, advertised to
 *     its peers, never installed), and exports its learned best paths
 *     as type-5 routes from rib_change's reports (the daemon's wiring);
 *   - its sockets are bound to the VRF device (SO_BINDTODEVICE) when one
 *     of that name exists; otherwise the namespace's ordinary routing
 *     carries the session (bgp_session.c, docs/bgp.md).
 * Invariants: a child's table is non-zero and is the one its routes were
 * installed into; when the configuration changes it, the child is freed
 * (its routes withdrawn) and created again.  Removing an instance
 * withdraws its routes from its table; a daemon shutdown leaves them (as
 * the default instance's stay in main) for the stale sweep on restart.
 * Known gaps: a neighbor address configured in two instances is only
 * reachable inbound by the first; TCP MD5 keys live on the one shared
 * listener, keyed by address, so the same address in two instances
 * cannot have two passwords.
 */
#include "bgp_local.h"

#include <stdlib.h>
#include <string.h>

#include "bgp_proto.h"
#include "bgp_rib_local.h"
#include "bgp_session.h"
#include "log.h"

void
bgp_vrf_evpn_set(struct bgp *root, const char *vrf,
    const struct ip_prefix *pfx, const struct ip_addr *vtep)
{
	struct bgp *c;
	enum bgp_fam f;

	if (vrf == NULL || strcmp(vrf, "default") == 0 ||
	    (c = bgp_vrf_find(bgp_root(root), vrf)) == NULL ||
	    (pfx->addr.af != IP_AF_V4 && pfx->addr.af != IP_AF_V6) ||
	    pfx->len > ip_af_len(pfx->addr.af) * 8)
		return;
	f = pfx->addr.af == IP_AF_V4 ? BGP_FAM_IPV4 : BGP_FAM_IPV6;
	bgp_rib_local_set_nh(c, f, BGP_LOCAL_EVPN, pfx, vtep != NULL,
	    BGP_ORIGIN_INCOMPLETE, vtep);
}

struct bgp *
bgp_vrf_find(struct bgp *root, const char *vrf)
{
	struct bgp *c;

	if (vrf == NULL || strcmp(vrf, "default") == 0)
		return root;
	TAILQ_FOREACH(c, &root->vrfs, vrf_entry)
		if (strcmp(c->vrf, vrf) == 0)
			return c;
	return NULL;
}

static struct bgp *
child_new(struct bgp *root, const struct bgp_conf *conf, const char *vrf,
    uint32_t table)
{
	struct bgp *c = xcalloc(1, sizeof(*c));

	c->root = root;
	c->table = table;
	c->base = root->base;
	c->log = root->log;
	c->codec = root->codec;
	c->port = root->port;
	c->rib_change = root->rib_change;
	c->rib_arg = root->rib_arg;
	bgp_inst_init(c, conf, vrf);
	TAILQ_INSERT_TAIL(&root->vrfs, c, vrf_entry);
	log_msg(c->log, LOG_LVL_INFO, "bgp: instance AS %u in vrf %s "
	    "(table %u) started", (unsigned)c->asn, vrf, (unsigned)table);
	bgp_listen_md5_ranges(c, c->inst, true);
	bgp_peers_add(c);
	return c;
}

/* Tell rib_change that nothing of ours is left in the child's table. */
static void
child_withdraw(struct bgp *c)
{
	struct bgp_dest *d;
	struct bgp_rib *rib;
	struct ip_prefix pfx;
	int f;

	if (c->rib_change == NULL)
		return;
	for (f = BGP_FAM_IPV4; f <= BGP_FAM_IPV6; f++) {
		rib = &c->rib[f];
		TAILQ_FOREACH(d, &rib->order, entry) {
			if (d->fib_hash == 0)
				continue;
			bgp_dest_prefix(d, (enum bgp_fam)f, &pfx);
			d->fib_hash = 0;
			c->rib_change(c->rib_arg, c->table, &pfx, NULL, 0);
		}
	}
}

static void
child_free(struct bgp *c, bool withdraw)
{
	struct bgp *root = c->root;

	if (withdraw) {
		child_withdraw(c);
		log_msg(c->log, LOG_LVL_INFO, "bgp: instance in vrf %s "
		    "(table %u) removed", c->vrf, (unsigned)c->table);
	}
	/* Stop the peers now: Cease / Peer De-configured (RFC 4486). */
	while (withdraw && !TAILQ_EMPTY(&c->peers))
		bgp_peer_free(TAILQ_FIRST(&c->peers));
	bgp_listen_md5_ranges(c, c->inst, false);
	TAILQ_REMOVE(&root->vrfs, c, vrf_entry);
	bgp_inst_fini(c);
	free(c);
}

void
bgp_vrf_free_all(struct bgp *root)
{
	struct bgp *c;

	while ((c = TAILQ_FIRST(&root->vrfs)) != NULL)
		child_free(c, false);
}

void
bgp_vrf_sync(struct bgp *root, const struct bgp_conf *conf)
{
	struct bgp *c, *next;
	uint32_t table;
	size_t i;

	for (c = TAILQ_FIRST(&root->vrfs); c != NULL; c = next) {
		next = TAILQ_NEXT(c, vrf_entry);
		table = bgp_conf_vrf_table(conf, c->vrf);
		if (table != c->table)
			child_free(c, true);
		else
			bgp_inst_reconfigure(c, conf);
	}
	for (i = 0; conf != NULL && i < conf->ninst; i++) {
		const char *vrf = conf->inst[i].vrf;

		if (strcmp(vrf, "default") == 0 ||
		    bgp_vrf_find(root, vrf) != NULL)
			continue;
		table = bgp_conf_vrf_table(conf, vrf);
		if (table == 0) {
			log_msg(root->log, LOG_LVL_WARNING, "bgp: router bgp "
			    "%u vrf %s: the VRF has no table: not started",
			    (unsigned)conf->inst[i].asn, vrf);
			continue;
		}
		(void)child_new(root, conf, vrf, table);
	}
	/* Keep configuration order: accept looks the instances up so. */
	for (i = conf != NULL ? conf->ninst : 0; i-- > 0;)
		if ((c = bgp_vrf_find(root, conf->inst[i].vrf)) != NULL &&
		    c != root) {
			TAILQ_REMOVE(&root->vrfs, c, vrf_entry);
			TAILQ_INSERT_HEAD(&root->vrfs, c, vrf_entry);
		}
}

struct bgp_peer *
bgp_vrf_accept_peer(struct bgp *root, const struct ip_addr *addr)
{
	struct bgp_peer *peer;
	struct bgp *c;

	if ((peer = bgp_peer_find(root, addr)) != NULL)
		return peer;
	TAILQ_FOREACH(c, &root->vrfs, vrf_entry)
		if ((peer = bgp_peer_find(c, addr)) != NULL)
			return peer;
	if ((peer = bgp_listen_dynamic_peer(root, addr)) != NULL)
		return peer;
	TAILQ_FOREACH(c, &root->vrfs, vrf_entry)
		if ((peer = bgp_listen_dynamic_peer(c, addr)) != NULL)
			return peer;
	return NULL;
}

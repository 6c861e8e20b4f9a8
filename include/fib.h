/*
 * fib.h -- the Linux kernel over netlink (libnl-3): what the daemon
 * wants installed (intents) and what it watches.
 *
 * DOC: fib/ is the only code that talks to the kernel (STYLE.md section
 * 2); it knows no BGP or EVPN types.  Callers record desired state with
 * the *_set / *_del intents; fib coalesces them by key (last write wins,
 * a set and a del cancel), sends them in batches (many requests per
 * sendmsg, each with its own sequence number and NLM_F_ACK) from one
 * flush event, matches ACKs asynchronously and never blocks (STYLE.md
 * section 7).  Routes it installs carry protocol RTPROT_BGP (186), so
 * `ip route` shows them as "proto bgp" and a restart can find its own.
 * A monitor socket watches interface addresses and routes for
 * redistribution; an overrun (ENOBUFS) schedules a dump and reconcile.
 *
 * This slice (issue #4): unicast routes (IPv4/IPv6, multipath) in a
 * table, and the watch of connected/static/kernel routes for
 * `redistribute`.  FDB, neighbour and VXLAN intents come with issue #5.
 */
#ifndef EVPND_INCLUDE_FIB_H
#define EVPND_INCLUDE_FIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "types.h"

struct event_base;
struct log_ctx;
struct fib;

#define FIB_TABLE_MAIN		254	/* RT_TABLE_MAIN */
#define FIB_NEXTHOPS_MAX	64	/* maximum-paths' range */
#define FIB_RTPROT_BGP		186	/* RTPROT_BGP in rtnetlink.h */

/* Where a redistributable route came from (`redistribute KIND`). */
enum fib_redist_kind {
	FIB_REDIST_CONNECTED,	/* an interface address's subnet */
	FIB_REDIST_STATIC,	/* proto static / boot in the main table */
	FIB_REDIST_KERNEL,	/* proto kernel routes that are not connected */
};

/*
 * Called when a redistributable prefix appears (add) or goes (!add), once
 * per (kind, prefix) however many addresses or routes make it.  At
 * start-up the existing ones are reported while the first dump is read.
 * Routes fib installed itself (proto 186) are never reported.
 */
typedef void	(*fib_redist_fn)(void *arg, enum fib_redist_kind,
		    const struct ip_prefix *, bool add);

struct fib_env {
	struct event_base	*base;		/* 3 priorities initialised */
	struct log_ctx		*log;
	fib_redist_fn		 redist;	/* NULL: report nothing */
	void			*redist_arg;
	unsigned		 stale_secs;	/* 0: 120; see fib_route.c */
	int			 mon_rcvbuf;	/* monitor socket's receive
						 * buffer; 0: 32 MiB (tests
						 * make it small to overrun) */
};

/*
 * Open the netlink sockets and start the initial dump.  NULL with a
 * message in err when netlink is unusable (exit status 2).
 */
struct fib	*fib_new(const struct fib_env *, char *err, size_t errlen)
		    __attribute__((warn_unused_result));
/* Withdraw nothing (routes stay for a restart to take over, RFC 4724's
 * idea), close the sockets, free everything. */
void		 fib_free(struct fib *);

/*
 * Intent: pfx in table via the n next hops (1..FIB_NEXTHOPS_MAX; more
 * than one: an ECMP route).  Replaces any earlier intent for the same
 * (table, pfx).  Next hops of the other family are not allowed.
 */
void		 fib_route_set(struct fib *, uint32_t table,
		    const struct ip_prefix *pfx, const struct ip_addr *nh,
		    size_t n);
/* Intent: no route of ours for pfx in table. */
void		 fib_route_del(struct fib *, uint32_t table,
		    const struct ip_prefix *pfx);

struct fib_stats {
	size_t		 routes;	/* ours in the kernel (ACKed, or found
					 * at start-up and not yet swept) */
	size_t		 pending;	/* intents not yet sent or ACKed */
	uint64_t	 errors;	/* requests the kernel refused */
	uint64_t	 resyncs;	/* overrun (ENOBUFS) recoveries */
	uint64_t	 requests;	/* route requests sent */
	uint64_t	 batches;	/* sendmsg() calls carrying them */
	bool		 synced;	/* the first kernel dump is done */
	bool		 swept;		/* the start-up stale sweep ran */
};

void		 fib_stats(const struct fib *, struct fib_stats *);

#endif /* EVPND_INCLUDE_FIB_H */

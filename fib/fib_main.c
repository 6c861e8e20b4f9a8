/*
 * fib_main.c -- the fib's life cycle (fib_new, fib_free) and its
 * counters (fib_stats).
 *
 * DOC: fib_new opens the sockets (fib_nl.c) and starts the first dump;
 * route intents recorded before it completes wait for it (fib_route.c),
 * so a restart never deletes and re-adds what the kernel already has.
 * fib_free withdraws nothing: the routes stay for the next evpnd to
 * take over (the idea of RFC 4724; DESIGN.md section 3).
 */
#include "fib_local.h"

#include <stdlib.h>
#include <string.h>

struct fib *
fib_new(const struct fib_env *env, char *err, size_t errlen)
{
	struct fib *fib = xcalloc(1, sizeof(*fib));

	fib->base = env->base;
	fib->log = env->log;
	fib->redist = env->redist;
	fib->redist_arg = env->redist_arg;
	fib->stale_secs = env->stale_secs != 0 ? env->stale_secs :
	    FIB_STALE_SECS;
	fib->mon_rcvbuf = env->mon_rcvbuf > 0 ? env->mon_rcvbuf : FIB_RCVBUF;
	siphash_key_random(&fib->hkey);
	fib->rxbuf = xmalloc(FIB_RX_BUF);
	fib->txbuf = xmalloc(FIB_TX_BATCH);
	fib_route_init(fib);
	fib_watch_init(fib);
	fib_l2_init(fib);
	fib_l2w_init(fib, env);
	fib_rule_init(fib, env);
	if (fib_nl_open(fib, err, errlen) == -1) {
		fib_free(fib);
		return NULL;
	}
	fib_nl_resync(fib);
	return fib;
}

void
fib_free(struct fib *fib)
{
	if (fib == NULL)
		return;
	fib_nl_close(fib);
	fib_route_fini(fib);
	fib_watch_fini(fib);
	fib_l2_fini(fib);
	fib_l2w_fini(fib);
	fib_rule_fini(fib);
	free(fib->rxbuf);
	free(fib->txbuf);
	free(fib);
}

void
fib_stats(const struct fib *fib, struct fib_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->routes = fib->nkernel;
	st->pending = fib->ndirty + fib->nl2dirty + fib->rcount;
	st->errors = fib->errors;
	st->resyncs = fib->resyncs;
	st->requests = fib->requests;
	st->batches = fib->batches;
	st->fdbs = fib->nl2[FIB_L2_FDB];
	st->floods = fib->nl2[FIB_L2_FLOOD];
	st->neighs = fib->nl2[FIB_L2_NEIGH];
	st->synced = fib->synced;
	st->swept = fib->swept;
}

/*
 * bgp_obuf.c -- refcounted chunks of encoded messages (bgp_local.h).
 *
 * DOC: an update group encodes each UPDATE once into a chunk and queues
 * the chunk by reference on every member (bgp_peer_queue() takes a
 * reference); the chunk is freed when the last session has written it.
 * A chunk is immutable once queued.
 */
#include "bgp_local.h"

#include <stdlib.h>

#include "log.h"

struct bgp_obuf *
bgp_obuf_new(size_t cap)
{
	struct bgp_obuf *ob = xmalloc(sizeof(*ob) + cap);

	ob->refcnt = 1;
	ob->len = 0;
	ob->cap = cap;
	return ob;
}

struct bgp_obuf *
bgp_obuf_ref(struct bgp_obuf *ob)
{
	if (ob->refcnt == 0)
		fatalx("%s: dead chunk", __func__);
	ob->refcnt++;
	return ob;
}

void
bgp_obuf_unref(struct bgp_obuf *ob)
{
	if (ob == NULL)
		return;
	if (ob->refcnt == 0)
		fatalx("%s: dead chunk", __func__);
	if (--ob->refcnt == 0)
		free(ob);
}

/*
 * fuzz_update.c -- libFuzzer target: the UPDATE/attribute parser with the
 * EVPN family registered, and the JSON printer.
 * Input: one option byte (bit 0: 2-octet ASes, bit 1: add-path for every
 * family, bits 2-3: peer kind) then the UPDATE body.
 * Property: an UPDATE that parses clean re-encodes, and the re-encoding
 * parses clean and re-encodes to the same bytes (the encoder is canonical).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_json.h"
#include "bgp_update.h"
#include "evpn_nlri.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fuzz_ctx {
	struct bgp_codec	codec;
	struct bgp_arena	arena;
	struct bgp_update	u, u2;
	uint8_t			buf1[BGP_EXTMSG_MAX], buf2[BGP_EXTMSG_MAX];
};

static struct fuzz_ctx *
ctx_get(void)
{
	static struct fuzz_ctx *c;

	if (c == NULL) {
		c = calloc(1, sizeof(*c));
		if (c == NULL)
			abort();
		bgp_codec_init(&c->codec);
		if (evpn_codec_register(&c->codec) == -1)
			abort();
		bgp_arena_init(&c->arena, BGP_ARENA_SIZE);
	}
	return c;
}

static void
caps_from(uint8_t opt, struct bgp_peer_caps *caps)
{
	static const struct bgp_af afs[] = {
		{ BGP_AFI_IPV4, BGP_SAFI_UNICAST, 0 },
		{ BGP_AFI_IPV6, BGP_SAFI_UNICAST, 0 },
		{ BGP_AFI_L2VPN, BGP_SAFI_EVPN, 0 },
	};

	memset(caps, 0, sizeof(*caps));
	caps->as4 = (opt & 1) == 0;
	caps->ext_msg = true;
	caps->kind = (enum bgp_peer_kind)((opt >> 2) % 3);
	if (opt & 2) {
		memcpy(caps->addpath_rx, afs, sizeof(afs));
		caps->naddpath_rx = 3;
	}
}

/* Encode u into buf; return the body view (header skipped). */
static size_t
encode(struct fuzz_ctx *c, const struct bgp_peer_caps *caps,
    const struct bgp_update *u, uint8_t *buf)
{
	struct wire_wr wr;

	wire_wr_init(&wr, buf, BGP_EXTMSG_MAX);
	if (bgp_update_encode(&c->codec, caps, &wr, u) == -1)
		return 0;
	return wire_wr_len(&wr);
}

static void
roundtrip(struct fuzz_ctx *c, const struct bgp_peer_caps *caps)
{
	struct wire_rd body;
	struct bgp_err err;
	size_t n1, n2;

	if ((n1 = encode(c, caps, &c->u, c->buf1)) == 0)
		return;		/* grew past 64 KiB (e.g. partial bits) */
	wire_rd_init(&body, c->buf1 + BGP_HDR_LEN, n1 - BGP_HDR_LEN);
	bgp_err_init(&err);
	bgp_arena_reset(&c->arena);
	if (bgp_update_parse(&c->codec, caps, &body, &c->arena, &c->u2,
	    &err) != BGP_ACT_NONE)
		abort();
	n2 = encode(c, caps, &c->u2, c->buf2);
	if (n2 != n1 || memcmp(c->buf1, c->buf2, n1) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_ctx *c = ctx_get();
	struct bgp_peer_caps caps;
	struct wire_rd body;
	struct bgp_err err;
	struct json j;

	if (size < 1 || size > BGP_EXTMSG_MAX)
		return 0;
	caps_from(data[0], &caps);
	wire_rd_init(&body, data + 1, size - 1);
	bgp_err_init(&err);
	bgp_arena_reset(&c->arena);
	memset(&c->u, 0, sizeof(c->u));
	(void)bgp_update_parse(&c->codec, &caps, &body, &c->arena, &c->u,
	    &err);
	json_init_buf(&j);
	json_obj_open(&j, NULL);
	bgp_json_update(&j, &c->codec, &c->u);
	bgp_json_err(&j, &err);
	json_obj_close(&j);
	json_free(&j);
	if (err.action == BGP_ACT_NONE) {
		/* c->u's views point into data; keep them valid. */
		roundtrip(c, &caps);
	}
	return 0;
}

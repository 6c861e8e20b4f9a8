/*
 * fuzz_evpn_nlri.c -- libFuzzer target: the EVPN NLRI and extended
 * community codecs.  Input: one option byte (bit 0: add-path), then NLRI
 * back to back, as in an MP_REACH NLRI field.
 * Property: every route that decodes re-encodes to exactly its input
 * bytes, and its JSON printer runs; every 8-byte window decodes as an
 * extended community and formats.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "evpn_nlri.h"
#include "json.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
ecomms(const uint8_t *data, size_t size)
{
	struct ext_comm ec;
	struct evpn_ecomm e;
	char buf[EVPN_ECOMM_STRLEN];
	struct json j;

	json_init_buf(&j);
	json_arr_open(&j, NULL);
	for (size_t i = 0; i + 8 <= size; i += 8) {
		memcpy(ec.b, data + i, 8);
		evpn_ecomm_decode(&ec, &e);
		(void)evpn_ecomm_fmt(&ec, buf);
		(void)evpn_ecomm_json(&j, &ec);
		if (e.kind != EVPN_EC_OTHER) {
			struct ext_comm back;
			struct evpn_ecomm e2;

			if (evpn_ecomm_encode(&e, &back) == 0) {
				evpn_ecomm_decode(&back, &e2);
				if (e2.kind != e.kind)
					abort();
			}
		}
	}
	json_arr_close(&j);
	json_free(&j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_rd rd, before;
	struct evpn_route r;
	bool addpath;
	const char *why;
	uint8_t out[300];
	struct wire_wr wr;
	struct json j;

	if (size < 1)
		return 0;
	addpath = data[0] & 1;
	wire_rd_init(&rd, data + 1, size - 1);
	json_init_buf(&j);
	json_arr_open(&j, NULL);
	while (!wire_rd_empty(&rd)) {
		before = rd;
		memset(&r, 0, sizeof(r));
		if (evpn_route_decode(&rd, addpath, &r, &why) == -1)
			break;
		evpn_route_json(&j, &r);
		wire_wr_init(&wr, out, sizeof(out));
		if (evpn_route_encode(&wr, addpath, &r) == -1)
			abort();
		if (wire_wr_len(&wr) != wire_rd_left(&before) -
		    wire_rd_left(&rd) ||
		    memcmp(out, wire_rd_data(&before), wire_wr_len(&wr)) != 0)
			abort();
	}
	json_arr_close(&j);
	json_free(&j);
	ecomms(data, size);
	return 0;
}

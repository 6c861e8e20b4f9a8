/*
 * bgp_decode.c -- the decode tool behind `evpnd --decode FILE`.
 *
 * DOC: input is either hex text or a raw BGP byte stream (anything whose
 * first byte cannot start hex text: normally the 0xff marker).  Hex text holds one whole message per line;
 * comment lines start with '#', and a comment holding "SRC -> DST" names
 * the flow of the messages after it (the format of ../shared/vectors).
 *
 * What an UPDATE means depends on what the session negotiated: 2- or
 * 4-octet AS numbers (RFC 6793) and add-path path IDs (RFC 7911).  We
 * remember the OPEN each endpoint sent; an UPDATE from A to B uses 4-octet
 * ASes unless A's or B's OPEN lacked the AS4 capability, and path IDs for
 * a family when A's OPEN offered to send them and B's to receive them.
 * Without OPENs: 4-octet ASes, no path IDs (what every modern peer does).
 * The maximum message size is always 65535: a decoder should show what is
 * there rather than guess whether Extended Messages were negotiated.
 */
#include "bgp_decode.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_json.h"
#include "bgp_msg.h"
#include "json.h"
#include "log.h"

#define ENDPOINTS_MAX	64
#define ENDPOINT_LEN	64

struct endpoint {
	char		 name[ENDPOINT_LEN];
	bool		 as4;
	size_t		 naddpath;
	struct bgp_af	 addpath[BGP_CAP_AFS_MAX];
};

struct decoder {
	const struct bgp_codec	*codec;
	FILE			*out;
	struct bgp_arena	 arena;
	size_t			 index;		/* messages so far */
	size_t			 line;		/* hex: current line */
	char			 src[ENDPOINT_LEN], dst[ENDPOINT_LEN];
	size_t			 nendpoints;
	struct endpoint		 endpoints[ENDPOINTS_MAX];
};

static struct endpoint *
endpoint_find(struct decoder *d, const char *name, bool create)
{
	struct endpoint *ep;

	if (name[0] == '\0')
		return NULL;
	for (size_t i = 0; i < d->nendpoints; i++)
		if (strcmp(d->endpoints[i].name, name) == 0)
			return &d->endpoints[i];
	if (!create || d->nendpoints == ENDPOINTS_MAX)
		return NULL;
	ep = &d->endpoints[d->nendpoints++];
	memset(ep, 0, sizeof(*ep));
	snprintf(ep->name, sizeof(ep->name), "%s", name);
	return ep;
}

static bool
ep_addpath(const struct endpoint *ep, uint16_t afi, uint8_t safi,
    uint8_t mode)
{
	for (size_t i = 0; i < ep->naddpath; i++)
		if (ep->addpath[i].afi == afi && ep->addpath[i].safi == safi)
			return (ep->addpath[i].flags & mode) != 0;
	return false;
}

static void
remember_open(struct decoder *d, const struct bgp_open *o)
{
	struct endpoint *ep = endpoint_find(d, d->src, true);

	if (ep == NULL)
		return;
	ep->as4 = o->has_as4;
	ep->naddpath = o->naddpath;
	memcpy(ep->addpath, o->addpath, o->naddpath * sizeof(o->addpath[0]));
}

/* What the sender and receiver of the current flow negotiated. */
static void
flow_caps(struct decoder *d, struct bgp_peer_caps *caps)
{
	struct endpoint *tx = endpoint_find(d, d->src, false);
	struct endpoint *rx = endpoint_find(d, d->dst, false);

	memset(caps, 0, sizeof(*caps));
	caps->as4 = (tx == NULL || tx->as4) && (rx == NULL || rx->as4);
	caps->ext_msg = true;
	if (tx == NULL || rx == NULL)
		return;
	for (size_t i = 0; i < tx->naddpath; i++) {
		const struct bgp_af *af = &tx->addpath[i];

		if ((af->flags & BGP_ADDPATH_TX) != 0 &&
		    ep_addpath(rx, af->afi, af->safi, BGP_ADDPATH_RX) &&
		    caps->naddpath_rx < BGP_ADDPATH_AFS_MAX)
			caps->addpath_rx[caps->naddpath_rx++] = *af;
	}
}

static void
msg_header(struct decoder *d, struct json *j)
{
	json_obj_open(j, NULL);
	json_u64(j, "index", ++d->index);
	if (d->line != 0)
		json_u64(j, "line", d->line);
	if (d->src[0] != '\0') {
		char flow[2 * ENDPOINT_LEN + 8];

		snprintf(flow, sizeof(flow), "%s -> %s", d->src, d->dst);
		json_str(j, "flow", flow);
	}
}

static void
decode_body(struct decoder *d, struct json *j, const struct bgp_hdr *h,
    struct bgp_err *err)
{
	struct bgp_peer_caps caps;

	switch (h->type) {
	case BGP_MSG_OPEN: {
		struct bgp_open *o = xcalloc(1, sizeof(*o));

		if (bgp_open_parse(&h->body, o, err) == 0) {
			bgp_json_open(j, o);
			remember_open(d, o);
		}
		free(o);
		break;
	}
	case BGP_MSG_UPDATE: {
		struct bgp_update *u = xcalloc(1, sizeof(*u));

		flow_caps(d, &caps);
		bgp_arena_reset(&d->arena);
		(void)bgp_update_parse(d->codec, &caps, &h->body, &d->arena,
		    u, err);
		bgp_json_update(j, d->codec, u);
		free(u);
		break;
	}
	case BGP_MSG_NOTIFICATION: {
		struct bgp_notification n;

		if (bgp_notification_parse(&h->body, &n, err) == 0)
			bgp_json_notification(j, &n);
		break;
	}
	case BGP_MSG_ROUTE_REFRESH: {
		struct bgp_route_refresh rr;

		if (bgp_route_refresh_parse(&h->body, &h->msg, &rr, err) == 0)
			bgp_json_route_refresh(j, &rr);
		break;
	}
	default:	/* KEEPALIVE: the framer checked its length */
		break;
	}
}

/*
 * Frame and print one message from rd.  Returns false when the stream
 * cannot go on (truncated or a header error: there is no resync point).
 */
static bool
decode_one(struct decoder *d, struct wire_rd *rd)
{
	struct json j;
	struct bgp_hdr h;
	struct bgp_err err;
	int rc;

	bgp_err_init(&err);
	rc = bgp_msg_frame(rd, BGP_EXTMSG_MAX, &h, &err);
	json_init_file(&j, d->out);
	msg_header(d, &j);
	if (rc == 1) {
		json_str(&j, "type", bgp_msg_type_name(h.type));
		json_u64(&j, "length", h.len);
		decode_body(d, &j, &h, &err);
	} else if (rc == 0)
		bgp_err_raise(&err, BGP_ACT_RESET, BGP_ERR_HEADER,
		    BGP_ERR_HDR_LEN, NULL, "truncated message");
	bgp_json_err(&j, &err);
	json_obj_close(&j);
	json_newline(&j);
	return rc == 1;
}

static void
decode_raw(struct decoder *d, const uint8_t *buf, size_t len)
{
	struct wire_rd rd;

	wire_rd_init(&rd, buf, len);
	while (!wire_rd_empty(&rd) && decode_one(d, &rd))
		;
}

/* "... SRC -> DST ..." in a comment names the flow of what follows. */
static void
parse_flow_comment(struct decoder *d, const char *line, size_t len)
{
	char tmp[512], src[ENDPOINT_LEN], dst[ENDPOINT_LEN];
	const char *arrow;

	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, line, len);
	tmp[len] = '\0';
	arrow = strstr(tmp, " -> ");
	if (arrow == NULL)
		return;
	{
		const char *s = arrow;

		while (s > tmp && !isspace((unsigned char)s[-1]))
			s--;
		if (sscanf(s, "%63s -> %63s", src, dst) != 2)
			return;
	}
	snprintf(d->src, sizeof(d->src), "%s", src);
	snprintf(d->dst, sizeof(d->dst), "%s", dst);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Hex digits of a line (whitespace ignored) into out; -1 on bad text. */
static int
hex_line(const char *s, size_t len, uint8_t *out, size_t *outlen)
{
	size_t n = 0;
	int hi = -1;

	for (size_t i = 0; i < len; i++) {
		int v;

		if (isspace((unsigned char)s[i]))
			continue;
		if ((v = hexval((unsigned char)s[i])) == -1)
			return -1;
		if (hi == -1)
			hi = v;
		else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	*outlen = n;
	return hi == -1 ? 0 : -1;
}

static void
report_bad_line(struct decoder *d, const char *why)
{
	struct json j;

	json_init_file(&j, d->out);
	msg_header(d, &j);
	json_str(&j, "error", why);
	json_obj_close(&j);
	json_newline(&j);
}

static void
decode_hex_line(struct decoder *d, const char *s, size_t len, uint8_t *tmp)
{
	struct wire_rd rd;
	size_t n;

	if (hex_line(s, len, tmp, &n) == -1) {
		report_bad_line(d, "invalid hex text");
		return;
	}
	if (n == 0)
		return;
	/* Several messages on one line: a TCP segment as tshark prints it. */
	wire_rd_init(&rd, tmp, n);
	while (!wire_rd_empty(&rd) && decode_one(d, &rd))
		;
}

static void
decode_hex(struct decoder *d, const uint8_t *buf, size_t len)
{
	const char *s = (const char *)buf;
	uint8_t *tmp = xmalloc(len / 2 + 1);
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - s) : len;
		size_t start = pos;

		d->line++;
		while (start < end && isspace((unsigned char)s[start]))
			start++;
		if (start < end && s[start] == '#')
			parse_flow_comment(d, s + start, end - start);
		else if (start < end)
			decode_hex_line(d, s + start, end - start, tmp);
		pos = end + 1;
	}
	free(tmp);
}

/* Hex text starts with a hex digit, white space or a '#' comment; anything
 * else (the 0xff marker first of all) is taken as a raw byte stream. */
static bool
starts_hex_text(uint8_t c)
{
	return isxdigit(c) || isspace(c) || c == '#';
}

void
bgp_decode_buf(const struct bgp_codec *codec, const uint8_t *buf, size_t len,
    FILE *out)
{
	struct decoder *d = xcalloc(1, sizeof(*d));

	d->codec = codec;
	d->out = out;
	bgp_arena_init(&d->arena, BGP_ARENA_SIZE);
	if (len > 0 && !starts_hex_text(buf[0]))
		decode_raw(d, buf, len);
	else
		decode_hex(d, buf, len);
	bgp_arena_free(&d->arena);
	free(d);
}

int
bgp_decode_file(const struct bgp_codec *codec, const char *path, FILE *out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;
	bool toobig = false;

	if (f == NULL)
		return -1;
	errno = 0;
	do {
		if (cap - len < 65536) {
			if (cap >= BGP_DECODE_FILE_MAX) {
				toobig = true;
				break;
			}
			cap = cap != 0 ? cap * 2 : 1 << 20;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f) || toobig) {
		int err = toobig ? EFBIG : errno != 0 ? errno : EIO;

		if (f != stdin)
			fclose(f);
		free(buf);
		errno = err;
		return -1;
	}
	if (f != stdin)
		fclose(f);
	bgp_decode_buf(codec, buf, len, out);
	free(buf);
	return 0;
}

/*
 * json.c -- streaming JSON writer (see json.h).
 *
 * Invariant: depth counts open containers; first[d] says whether the
 * container at depth d has no member yet, in_obj[d] whether it is an
 * object (members need keys) or an array (items must not have keys).
 */
#include "json.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static void
put(struct json *j, const char *s, size_t n)
{
	if (j->f != NULL) {
		fwrite(s, 1, n, j->f);
		return;
	}
	if (j->cap - j->len < n + 1) {
		size_t cap = j->cap != 0 ? j->cap : 256;

		while (cap - j->len < n + 1)
			cap *= 2;
		j->buf = xrealloc(j->buf, cap);
		j->cap = cap;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static void
puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void
put_escaped(struct json *j, const uint8_t *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	put(j, "\"", 1);
	for (i = 0; i < n; i++) {
		uint8_t c = s[i];
		char esc[7] = { '\\', 'u', '0', '0', 0, 0, 0 };

		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			put(j, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			put(j, esc, 6);
		} else
			put(j, (const char *)&s[i], 1);
	}
	put(j, "\"", 1);
}

/* Comma and key before a value; checks key use against the container. */
static void
member(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->in_obj[j->depth - 1] != (key != NULL))
			fatalx("%s: key %s in %s", __func__,
			    key != NULL ? key : "(none)",
			    j->in_obj[j->depth - 1] ? "object" : "array");
		if (!j->first[j->depth - 1])
			put(j, ",", 1);
		j->first[j->depth - 1] = false;
	}
	if (key != NULL) {
		put_escaped(j, (const uint8_t *)key, strlen(key));
		put(j, ":", 1);
	}
}

static void
open_(struct json *j, const char *key, bool obj)
{
	if (j->depth >= JSON_DEPTH_MAX)
		fatalx("%s: too deep", __func__);
	member(j, key);
	put(j, obj ? "{" : "[", 1);
	j->first[j->depth] = true;
	j->in_obj[j->depth] = obj;
	j->depth++;
}

static void
close_(struct json *j, bool obj)
{
	if (j->depth == 0 || j->in_obj[j->depth - 1] != obj)
		fatalx("%s: nothing to close", __func__);
	j->depth--;
	put(j, obj ? "}" : "]", 1);
}

void
json_init_file(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

void
json_init_buf(struct json *j)
{
	memset(j, 0, sizeof(*j));
}

const char *
json_str_get(const struct json *j)
{
	return j->buf != NULL ? j->buf : "";
}

void
json_free(struct json *j)
{
	free(j->buf);
	j->buf = NULL;
	j->len = j->cap = 0;
}

void
json_obj_open(struct json *j, const char *key)
{
	open_(j, key, true);
}

void
json_obj_close(struct json *j)
{
	close_(j, true);
}

void
json_arr_open(struct json *j, const char *key)
{
	open_(j, key, false);
}

void
json_arr_close(struct json *j)
{
	close_(j, false);
}

void
json_str(struct json *j, const char *key, const char *val)
{
	member(j, key);
	put_escaped(j, (const uint8_t *)val, strlen(val));
}

void
json_strn(struct json *j, const char *key, const void *val, size_t n)
{
	member(j, key);
	put_escaped(j, val, n);
}

void
json_u64(struct json *j, const char *key, uint64_t val)
{
	char buf[24];

	member(j, key);
	snprintf(buf, sizeof(buf), "%" PRIu64, val);
	puts_(j, buf);
}

void
json_i64(struct json *j, const char *key, int64_t val)
{
	char buf[24];

	member(j, key);
	snprintf(buf, sizeof(buf), "%" PRId64, val);
	puts_(j, buf);
}

void
json_bool(struct json *j, const char *key, bool val)
{
	member(j, key);
	puts_(j, val ? "true" : "false");
}

void
json_null(struct json *j, const char *key)
{
	member(j, key);
	puts_(j, "null");
}

void
json_hexstr(struct json *j, const char *key, const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *b = p;
	char chunk[128];
	size_t i, k = 0;

	member(j, key);
	put(j, "\"", 1);
	for (i = 0; i < n; i++) {
		chunk[k++] = hex[b[i] >> 4];
		chunk[k++] = hex[b[i] & 15];
		if (k == sizeof(chunk)) {
			put(j, chunk, k);
			k = 0;
		}
	}
	put(j, chunk, k);
	put(j, "\"", 1);
}

void
json_newline(struct json *j)
{
	put(j, "\n", 1);
}

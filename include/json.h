/*
 * json.h -- a small streaming JSON writer.
 *
 * DOC: writes compact JSON to a FILE or to a growable memory buffer,
 * inserting commas itself.  Inside an object every value call takes a key;
 * inside an array the key must be NULL.  Nesting is bounded (JSON_DEPTH_MAX);
 * going deeper, or closing what is not open, is a caller bug and fatal.
 * Strings are escaped per RFC 8259; bytes >= 0x80 are passed through, so
 * callers hand it UTF-8 or escape untrusted bytes with json_hexstr().
 */
#ifndef EVPND_INCLUDE_JSON_H
#define EVPND_INCLUDE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_DEPTH_MAX	32

struct json {
	FILE	*f;			/* NULL: write to buf */
	char	*buf;
	size_t	 len, cap;
	int	 depth;
	bool	 first[JSON_DEPTH_MAX];
	bool	 in_obj[JSON_DEPTH_MAX];
};

void	 json_init_file(struct json *, FILE *);
void	 json_init_buf(struct json *);
/* Memory mode: the NUL-terminated text; owned by the json. */
const char *json_str_get(const struct json *);
void	 json_free(struct json *);

void	 json_obj_open(struct json *, const char *key);
void	 json_obj_close(struct json *);
void	 json_arr_open(struct json *, const char *key);
void	 json_arr_close(struct json *);
void	 json_str(struct json *, const char *key, const char *val);
/* String from a counted buffer; non-printable bytes escaped as \u00XX. */
void	 json_strn(struct json *, const char *key, const void *val, size_t n);
void	 json_u64(struct json *, const char *key, uint64_t val);
void	 json_i64(struct json *, const char *key, int64_t val);
void	 json_bool(struct json *, const char *key, bool val);
void	 json_null(struct json *, const char *key);
/* Bytes as a lower-case hex string. */
void	 json_hexstr(struct json *, const char *key, const void *p, size_t n);
void	 json_newline(struct json *);

#endif /* EVPND_INCLUDE_JSON_H */

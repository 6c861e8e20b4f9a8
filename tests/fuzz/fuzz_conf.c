/*
 * fuzz_conf.c -- libFuzzer target: configuration text -> YANG tree.
 * Properties: never crash or leak on any bytes; an accepted text prints
 * canonically, and that text is accepted again and prints identically.
 * One schema for the whole run (building it per input would dominate).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char *
print_text(const struct conf *c, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (f == NULL || conf_print_text(c, f) != 0)
		abort();
	fclose(f);
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf_schema *schema;
	char err[512], *t1, *t2;
	struct conf *c, *c2;
	size_t n1, n2;

	if (schema == NULL && (schema = conf_schema_new(err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	if ((c = conf_parse(schema, "fuzz", (const char *)data, size, err,
	    sizeof(err))) == NULL) {
		if (strncmp(err, "fuzz:", 5) != 0)
			abort();
		return 0;
	}
	t1 = print_text(c, &n1);
	if ((c2 = conf_parse(schema, "again", t1, n1, err, sizeof(err))) ==
	    NULL) {
		fprintf(stderr, "reparse failed: %s\n%s", err, t1);
		abort();
	}
	t2 = print_text(c2, &n2);
	if (n1 != n2 || memcmp(t1, t2, n1) != 0)
		abort();
	free(t1);
	free(t2);
	conf_free(c2);
	conf_free(c);
	return 0;
}

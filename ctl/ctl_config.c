/*
 * ctl_config.c -- live configuration over the control socket:
 * `configure terminal` sessions, `write memory` and the interactive
 * prompt.
 *
 * DOC: "candidate applied at `end`" semantics (docs/control.md).  A
 * session collects the entered lines; `end` (or `exit` outside every
 * block) builds the candidate text = the running config's canonical
 * text, an `end` line, then the entered lines, and parses and validates
 * it as a whole on the running schema.  Valid: it replaces the running
 * config through the SIGHUP path (ctl_daemon_conf_replace()).  Invalid:
 * nothing changes and the error names the entered line ("line N: ...",
 * N counted within the entered lines) and its text.  The parser re-enters
 * `router bgp N` and the other blocks, so entered lines extend the
 * running config; removal (`no ...`) is whatever the parser accepts.
 * The block tracking here only serves `exit` and the prompt; the parser
 * decides what a line means.
 * Bounds: CTL_CAND_LINES_MAX lines and CTL_CAND_SIZE_MAX bytes per
 * candidate; more is an error that discards the session.
 * `write memory` blocks on local file I/O (temp file, fsync, rename), as
 * SIGHUP's reload reads the file: a deliberate exception to the no
 * blocking rule, for operator actions on a local file.
 */
#include "ctl_local.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"

#define CAND_NAME	"candidate"

void
ctl_session_clear(struct ctl_session *s)
{
	free(s->lines);
	memset(s, 0, sizeof(*s));
}

int
ctl_config_start(struct evpnd *ev, struct ctl_session *s, FILE *out)
{
	(void)ev;
	if (s->configuring) {
		fputs("already in configure mode\n", out);
		return -1;
	}
	ctl_session_clear(s);
	s->configuring = true;
	return 0;
}

static void
blk_set(struct ctl_session *s, int depth, enum ctl_block b)
{
	s->depth = depth;
	s->blk[depth - 1] = b;
}

static bool
blk_in(const struct ctl_session *s, enum ctl_block b)
{
	int i;

	for (i = 0; i < s->depth; i++)
		if (s->blk[i] == b)
			return true;
	return false;
}

/* Follow the blocks a line opens or closes (docs/config.md "Blocks"). */
static void
blk_track(struct ctl_session *s, char **av, int ac)
{
	const char *w = av[0];

	if (strcmp(w, "vrf") == 0 && ac == 2)
		blk_set(s, 1, CTL_BLK_VRF);
	else if (strcmp(w, "router") == 0)
		blk_set(s, 1, CTL_BLK_ROUTER);
	else if (strcmp(w, "route-map") == 0)
		blk_set(s, 1, CTL_BLK_RMAP);
	else if (strcmp(w, "address-family") == 0 &&
	    blk_in(s, CTL_BLK_ROUTER))
		blk_set(s, 2, ac >= 2 && strcmp(av[1], "l2vpn") == 0 ?
		    CTL_BLK_AF_EVPN : CTL_BLK_AF);
	else if (strcmp(w, "vni") == 0 && blk_in(s, CTL_BLK_AF_EVPN))
		blk_set(s, 3, CTL_BLK_VNI);
	else if (strcmp(w, "exit-vni") == 0 && s->depth == 3)
		s->depth = 2;
	else if (strcmp(w, "exit-address-family") == 0 && s->depth >= 2)
		s->depth = 1;
	else if (strcmp(w, "exit-vrf") == 0 ||
	    strcmp(w, "hostname") == 0 || strcmp(w, "log") == 0 ||
	    strcmp(w, "ip") == 0)
		s->depth = 0;
}

static int
session_fail(struct ctl_session *s, FILE *out, const char *msg)
{
	fprintf(out, "%s; configuration discarded\n", msg);
	ctl_session_clear(s);
	return -1;
}

static int
cand_add(struct ctl_session *s, const char *line, FILE *out)
{
	size_t n = strlen(line);
	char *p;

	if (s->nlines >= CTL_CAND_LINES_MAX)
		return session_fail(s, out, "more than 10000 lines entered");
	if (s->len + n + 1 > CTL_CAND_SIZE_MAX)
		return session_fail(s, out, "more than 1 MiB entered");
	if ((p = realloc(s->lines, s->len + n + 1)) == NULL)
		fatal("realloc");
	s->lines = p;
	memcpy(s->lines + s->len, line, n);
	s->len += n;
	s->lines[s->len++] = '\n';
	s->nlines++;
	return 0;
}

/* Text of entered line n (1-based), copied into buf. */
static void
entered_line(const struct ctl_session *s, unsigned n, char *buf,
    size_t buflen)
{
	const char *p = s->lines, *end = s->lines + s->len, *nl;

	buf[0] = '\0';
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (--n == 0) {
			snprintf(buf, buflen, "%.*s", (int)(nl - p), p);
			return;
		}
		p = nl + 1;
	}
}

/*
 * "candidate:LINE: message" onto the entered lines: "line N: message"
 * and the line's text, or "running-config line N: ..." for an error
 * that validation pins on a line of the running part.
 */
static void
cand_error(const struct ctl_session *s, const char *err, unsigned base,
    FILE *out)
{
	const char *msg = err + sizeof(CAND_NAME);
	char text[CONF_LINE_MAX + 1];
	unsigned long ln;
	char *end;

	ln = strtoul(msg, &end, 10);
	if (strncmp(err, CAND_NAME ":", sizeof(CAND_NAME)) != 0 ||
	    end == msg || strncmp(end, ": ", 2) != 0) {
		fprintf(out, "%s\n", err);
		return;
	}
	if (ln <= base) {
		fprintf(out, "running-config line %lu: %s\n", ln, end + 2);
		return;
	}
	entered_line(s, (unsigned)(ln - base), text, sizeof(text));
	fprintf(out, "line %lu: %s\n  %s\n", ln - base, end + 2, text);
}

static unsigned
count_lines(const char *p, size_t n)
{
	unsigned k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		k += p[i] == '\n';
	return k;
}

/* The running config's canonical text, malloc'd; NULL on error. */
static char *
running_text(struct evpnd *ev, size_t *n)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, n);

	if (f == NULL)
		return NULL;
	if (conf_print_text(ev->conf, f) == -1) {
		fclose(f);
		free(buf);
		return NULL;
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* `end`: build, validate and apply the candidate; the session ends. */
static int
session_apply(struct evpnd *ev, struct ctl_session *s, FILE *out)
{
	char err[1024], *run, *cand;
	size_t rn, cn;
	unsigned base;
	struct conf *c;

	if (s->nlines == 0) {
		ctl_session_clear(s);
		return 0;
	}
	if ((run = running_text(ev, &rn)) == NULL)
		return session_fail(s, out, "cannot print the running config");
	/* An `end` line closes the running text's blocks (docs/config.md). */
	if (asprintf(&cand, "%s%send\n", run,
	    rn > 0 && run[rn - 1] != '\n' ? "\n" : "") == -1)
		fatal("asprintf");
	free(run);
	base = count_lines(cand, strlen(cand));
	cn = strlen(cand);
	if ((cand = realloc(cand, cn + s->len)) == NULL)
		fatal("realloc");
	memcpy(cand + cn, s->lines, s->len);
	c = conf_parse(ev->schema, CAND_NAME, cand, cn + s->len, err,
	    sizeof(err));
	free(cand);
	if (c == NULL) {
		cand_error(s, err, base, out);
		fputs("configuration not applied\n", out);
		ctl_session_clear(s);
		return -1;
	}
	ctl_daemon_conf_replace(ev, c, "the control socket");
	ctl_session_clear(s);
	return 0;
}

int
ctl_config_line(struct evpnd *ev, struct ctl_session *s, char **av, int ac,
    const char *line, FILE *out)
{
	if (ac == 0 || av[0][0] == '!' || av[0][0] == '#')
		return 0;
	if (ac == 1 && strcmp(av[0], "end") == 0)
		return session_apply(ev, s, out);
	if (ac == 1 && strcmp(av[0], "abort") == 0) {
		ctl_session_clear(s);
		return 0;
	}
	if (ac == 1 && strcmp(av[0], "exit") == 0 && s->depth == 0)
		return session_apply(ev, s, out);
	if (ac == 1 && strcmp(av[0], "exit") == 0)
		s->depth--;
	else
		blk_track(s, av, ac);
	return cand_add(s, line, out);
}

static const char *const blk_names[] = {
	[CTL_BLK_VRF] = "config-vrf",
	[CTL_BLK_ROUTER] = "config-router",
	[CTL_BLK_AF] = "config-router-af",
	[CTL_BLK_AF_EVPN] = "config-router-af",
	[CTL_BLK_VNI] = "config-router-af-vni",
	[CTL_BLK_RMAP] = "config-route-map",
};

void
ctl_config_prompt(struct evpnd *ev, const struct ctl_session *s, FILE *out)
{
	const char *h = conf_get(ev->conf, "/evpnd:hostname");

	if (h == NULL || *h == '\0')
		h = "evpnd";
	if (!s->configuring)
		fprintf(out, "%s# ", h);
	else if (s->depth == 0)
		fprintf(out, "%s(config)# ", h);
	else
		fprintf(out, "%s(%s)# ", h, blk_names[s->blk[s->depth - 1]]);
}

/* Write the running text to a new temp file beside path: its fd. */
static int
temp_write(struct evpnd *ev, const char *path, char *tmp, size_t tmplen,
    FILE *out)
{
	struct stat st;
	char *text;
	size_t n;
	int fd;

	snprintf(tmp, tmplen, "%s.XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		fprintf(out, "%s: %s\n", tmp, strerror(errno));
		return -1;
	}
	/* Keep the old file's mode (it may hold passwords): 0600 if none. */
	if (fchmod(fd, stat(path, &st) == 0 ? st.st_mode & 07777 : 0600) ==
	    -1 || (text = running_text(ev, &n)) == NULL)
		goto fail;
	if (write(fd, text, n) != (ssize_t)n) {
		free(text);
		goto fail;
	}
	free(text);
	if (fsync(fd) == -1)
		goto fail;
	return fd;
fail:
	fprintf(out, "%s: %s\n", tmp, strerror(errno ? errno : EIO));
	close(fd);
	unlink(tmp);
	return -1;
}

/* fsync the directory of path, so the rename is durable. */
static void
dir_sync(const char *path)
{
	char dir[PATH_MAX];
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1)
		return;
	(void)fsync(fd);
	close(fd);
}

/*
 * Temp file in the same directory, fsync, check that it parses, keep the
 * old file as FILE.bak (a hard link, so FILE never goes missing), rename
 * over FILE, fsync the directory.
 */
int
ctl_config_write(struct evpnd *ev, FILE *out)
{
	const char *path = ev->config_path;
	char tmp[PATH_MAX], bak[PATH_MAX], err[1024];
	struct conf *c;
	int fd;

	if ((size_t)snprintf(bak, sizeof(bak), "%s.bak", path) >=
	    sizeof(bak) - 7) {
		fprintf(out, "%s: path too long\n", path);
		return -1;
	}
	if ((fd = temp_write(ev, path, tmp, sizeof(tmp), out)) == -1)
		return -1;
	close(fd);
	if ((c = conf_parse_file(ev->schema, tmp, err, sizeof(err))) == NULL) {
		fprintf(out, "written config does not load: %s\n", err);
		unlink(tmp);
		return -1;
	}
	conf_free(c);
	if ((unlink(bak) == -1 && errno != ENOENT) ||
	    (link(path, bak) == -1 && errno != ENOENT) ||
	    rename(tmp, path) == -1) {
		fprintf(out, "%s: %s\n", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	dir_sync(path);
	log_msg(&ev->log, LOG_LVL_NOTICE, "configuration written to %s",
	    path);
	fprintf(out, "Configuration saved to %s\n", path);
	return 0;
}

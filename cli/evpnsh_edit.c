/*
 * evpnsh_edit.c -- the interactive evpnsh on libedit: prompt, history,
 * TAB completion and `?` help.
 *
 * DOC: the prompt comes from the daemon (`prompt` request, after every
 * command): "HOST# ", "HOST(config)# ", "HOST(config-router)# "...  TAB
 * completes the word under the cursor from the command table
 * (evpnsh_cmd.c): one candidate is inserted with a blank, several are
 * completed to their common prefix, else listed.  `?` lists the possible
 * next words with their help and leaves the line as it was (the `?` is
 * not inserted).  History: ~/.evpnsh_history, at most EVPNSH_HISTORY_MAX
 * lines, saved after every command.  `exit`/`quit` outside configure mode
 * and Ctrl-D leave; Ctrl-D in configure mode sends `abort` (discard).
 */
#include "evpnsh.h"

#include <histedit.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_proto.h"

#define CANDS_MAX	128

struct edit {
	struct evpnsh	*sh;
	EditLine	*el;
	History		*hist;
	char		 histfile[1024];
};

static char *
prompt_fn(EditLine *el)
{
	struct edit *e;

	el_get(el, EL_CLIENTDATA, &e);
	return e->sh->prompt;
}

/* Ask the daemon for the prompt; it also tells the mode. */
static void
prompt_update(struct evpnsh *sh)
{
	char *body, *nl;
	size_t len;
	bool ok;

	if (ctl_client_call(sh->fd, "prompt", &ok, &body, &len) == -1)
		return;
	if (ok) {
		if ((nl = strchr(body, '\n')) != NULL)
			*nl = '\0';
		snprintf(sh->prompt, sizeof(sh->prompt), "%s", body);
		sh->config = strstr(body, "(config") != NULL;
	}
	free(body);
}

/*
 * Split the line up to the cursor into complete words (av, in buf) and
 * the partial word being typed (*prefix); -1 when too many words.
 */
static int
line_words(EditLine *el, char *buf, size_t len, char **av, int *ac,
    const char **prefix)
{
	const LineInfo *li = el_line(el);
	size_t n = (size_t)(li->cursor - li->buffer);
	char *save = NULL, *w;
	bool partial;

	if (n >= len)
		return -1;
	memcpy(buf, li->buffer, n);
	buf[n] = '\0';
	partial = n > 0 && buf[n - 1] != ' ' && buf[n - 1] != '\t';
	*ac = 0;
	*prefix = "";
	for (w = strtok_r(buf, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (*ac == EVPNSH_WORDS_MAX)
			return -1;
		av[(*ac)++] = w;
	}
	if (partial && *ac > 0)
		*prefix = av[--(*ac)];
	return 0;
}

static size_t
cands_get(EditLine *el, struct evpnsh_cand *c, const char **prefix,
    char *buf, size_t len)
{
	char *av[EVPNSH_WORDS_MAX];
	struct edit *e;
	int ac;

	el_get(el, EL_CLIENTDATA, &e);
	if (line_words(el, buf, len, av, &ac, prefix) == -1)
		return 0;
	return evpnsh_cands(e->sh->config, av, ac, *prefix, c, CANDS_MAX);
}

static void
cands_print(const struct evpnsh_cand *c, size_t n)
{
	size_t i;

	fputc('\n', stdout);
	for (i = 0; i < n; i++)
		printf("  %-20s %s\n", c[i].word, c[i].help);
	if (n == 0)
		printf("%% There is no matched command.\n");
	fflush(stdout);
}

/* `?`: the next words and their help; the line stays as it is. */
static unsigned char
help_fn(EditLine *el, int ch)
{
	static struct evpnsh_cand c[CANDS_MAX];
	char buf[4096];
	const char *prefix;
	size_t n;

	(void)ch;
	n = cands_get(el, c, &prefix, buf, sizeof(buf));
	cands_print(c, n);
	return CC_REDISPLAY;
}

/* TAB: complete the word under the cursor (keywords only). */
static unsigned char
complete_fn(EditLine *el, int ch)
{
	static struct evpnsh_cand c[CANDS_MAX];
	char buf[4096], ins[80];
	const char *prefix;
	size_t n, i, k = 0, common = 0, plen;

	(void)ch;
	n = cands_get(el, c, &prefix, buf, sizeof(buf));
	for (i = 0; i < n; i++)
		if (c[i].literal)
			c[k++] = c[i];
	if (k == 0)
		return CC_REFRESH_BEEP;
	plen = strlen(prefix);
	if (k == 1) {
		snprintf(ins, sizeof(ins), "%s ", c[0].word + plen);
		return el_insertstr(el, ins) == -1 ? CC_ERROR : CC_REFRESH;
	}
	common = strlen(c[0].word);
	for (i = 1; i < k; i++)
		while (common > 0 && strncmp(c[0].word, c[i].word, common))
			common--;
	if (common > plen) {
		snprintf(ins, sizeof(ins), "%.*s", (int)(common - plen),
		    c[0].word + plen);
		return el_insertstr(el, ins) == -1 ? CC_ERROR : CC_REFRESH;
	}
	cands_print(c, k);
	return CC_REDISPLAY;
}

static void
history_setup(struct edit *e)
{
	HistEvent hev;
	const char *home = getenv("HOME");

	e->hist = history_init();
	if (e->hist == NULL)
		return;
	history(e->hist, &hev, H_SETSIZE, EVPNSH_HISTORY_MAX);
	history(e->hist, &hev, H_SETUNIQUE, 1);
	if (home != NULL && *home != '\0') {
		snprintf(e->histfile, sizeof(e->histfile), "%s/%s", home,
		    EVPNSH_HISTORY_FILE);
		history(e->hist, &hev, H_LOAD, e->histfile);
	}
	el_set(e->el, EL_HIST, history, e->hist);
}

static void
history_add(struct edit *e, const char *line)
{
	HistEvent hev;

	if (e->hist == NULL)
		return;
	history(e->hist, &hev, H_ENTER, line);
	if (e->histfile[0] != '\0')
		history(e->hist, &hev, H_SAVE, e->histfile);
}

static void
edit_setup(struct edit *e)
{
	if ((e->el = el_init("evpnsh", stdin, stdout, stderr)) == NULL) {
		fprintf(stderr, "evpnsh: el_init failed\n");
		exit(2);
	}
	el_set(e->el, EL_CLIENTDATA, e);
	el_set(e->el, EL_EDITOR, "emacs");
	el_set(e->el, EL_PROMPT, prompt_fn);
	el_set(e->el, EL_SIGNAL, 1);
	/* el_wset: libedit's narrow EL_ADDFN leaks its copies of the names
	 * (eln.c wcsdup()s them and nothing frees them). */
	el_wset(e->el, EL_ADDFN, L"evpnsh-complete",
	    L"Complete a command word", complete_fn);
	el_set(e->el, EL_BIND, "^I", "evpnsh-complete", NULL);
	el_wset(e->el, EL_ADDFN, L"evpnsh-help", L"Show the next words",
	    help_fn);
	el_set(e->el, EL_BIND, "?", "evpnsh-help", NULL);
	history_setup(e);
	/* ~/.editrc may rebind keys, as in every libedit program. */
	el_source(e->el, NULL);
}

/* One line from the user: 1 go on, 0 leave, -1 daemon gone. */
static int
edit_line(struct edit *e, const char *line)
{
	char buf[4096];
	const char *w;
	size_t n;

	snprintf(buf, sizeof(buf), "%s", line);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' ||
	    buf[n - 1] == '\t' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	w = buf + strspn(buf, " \t");
	if (*w == '\0')
		return 1;
	history_add(e, w);
	if (!e->sh->config && (strcmp(w, "exit") == 0 ||
	    strcmp(w, "quit") == 0))
		return 0;
	if (evpnsh_run(e->sh, w) == -1)
		return -1;
	prompt_update(e->sh);
	return 1;
}

int
evpnsh_interactive(struct evpnsh *sh)
{
	struct edit e = { .sh = sh };
	const char *line;
	int count, rc = 1;

	snprintf(sh->prompt, sizeof(sh->prompt), "evpnsh# ");
	prompt_update(sh);
	edit_setup(&e);
	while (rc == 1) {
		if ((line = el_gets(e.el, &count)) == NULL || count <= 0) {
			if (!sh->config) {
				fputc('\n', stdout);
				rc = 0;
				break;
			}
			/* Ctrl-D in configure mode: discard, exec mode. */
			fputc('\n', stdout);
			rc = evpnsh_run(sh, "abort") == -1 ? -1 : 1;
			prompt_update(sh);
			continue;
		}
		rc = edit_line(&e, line);
	}
	if (e.hist != NULL)
		history_end(e.hist);
	el_end(e.el);
	return rc == -1 ? 2 : 0;
}

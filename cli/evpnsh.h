/*
 * evpnsh.h -- private to cli/: the command table (TAB completion and `?`
 * help) and the interactive shell on libedit.
 */
#ifndef EVPND_CLI_EVPNSH_H
#define EVPND_CLI_EVPNSH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define EVPNSH_WORDS_MAX	24
#define EVPNSH_HISTORY_MAX	1000
#define EVPNSH_HISTORY_FILE	".evpnsh_history"

struct evpnsh {
	const char	*socket;
	int		 fd;
	bool		 failed;	/* a command answered `error` */
	bool		 config;	/* in configure mode (interactive) */
	char		 prompt[256];
};

/* evpnsh.c: send one command, print its answer.  0, or -1 when the
 * daemon is unreachable. */
int	 evpnsh_run(struct evpnsh *, const char *cmd);

/* evpnsh_cmd.c */
/* One candidate next word: the word ("<cr>" ends a command) and help. */
struct evpnsh_cand {
	char		 word[64];
	const char	*help;
	bool		 literal;	/* a keyword, not a placeholder */
};
/*
 * The words that may follow the complete words av[0..ac-1] and start
 * with prefix, from the one command table, in config or exec mode,
 * without duplicates: up to max into out; the count.
 */
size_t	 evpnsh_cands(bool config, char **av, int ac, const char *prefix,
	    struct evpnsh_cand *out, size_t max);

/* evpnsh_edit.c: the interactive shell; the exit status. */
int	 evpnsh_interactive(struct evpnsh *);

#endif /* EVPND_CLI_EVPNSH_H */

/*
 * test_evpn_mobility.c -- the MAC Mobility rules of evpn/evpn_mobility.c
 * (RFC 7432 section 15) over event sequences on one MAC.
 *
 * DOC: table-driven (STYLE.md section 8).  Each row is a script of events
 * for one MAC at our VTEP 10.0.0.5 -- "L" learned locally, "S" learned as
 * a static (sticky) local MAC, "U" the local copy gone, "R<v>:<seq>" a
 * route from VTEP 10.0.0.<v> with that MAC Mobility sequence ("R<v>:<seq>!"
 * sticky), "W<v>" its withdrawal -- and after each event the expected
 * winner ("local", "<v>" for 10.0.0.<v>, "-" nobody) and our sequence.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "evpn_local.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define STEPS_MAX	8
#define VTEPS_MAX	10

struct step {
	const char	*ev;
	const char	*winner;
	uint32_t	 lseq;
};

struct mob_case {
	const char	*name;
	struct step	 s[STEPS_MAX];
};

static const struct mob_case cases[] = {
	{ "learned alone", { { "L", "local", 0 } } },
	{ "a move to us: one more than the remote sequence",
	  { { "R2:0", "2", 0 }, { "L", "local", 1 }, { "W2", "local", 1 } } },
	{ "a move away: the higher remote sequence wins",
	  { { "L", "local", 0 }, { "R2:1", "2", 0 }, { "U", "2", 0 } } },
	{ "equal sequences: the lower VTEP address wins",
	  { { "R2:0", "2", 0 }, { "L", "local", 1 }, { "R3:1", "3", 1 } } },
	{ "equal sequences: ours is lower than 10.0.0.9",
	  { { "R9:0", "9", 0 }, { "L", "local", 1 }, { "R9:1", "local", 1 } } },
	{ "sticky remote beats a local learn",
	  { { "R2:0!", "2", 0 }, { "L", "2", 1 }, { "W2", "local", 1 } } },
	{ "a static local MAC wins and keeps sequence 0",
	  { { "R2:5", "2", 0 }, { "S", "local", 0 }, { "R3:9", "local", 0 } } },
	{ "two remotes: higher sequence, then the other on withdrawal",
	  { { "R2:2", "2", 0 }, { "R3:3", "3", 0 }, { "W3", "2", 0 },
	    { "W2", "-", 0 } } },
	{ "the sequence outlives the routes: a move back counts on",
	  { { "R2:4", "2", 0 }, { "W2", "-", 0 }, { "L", "local", 5 },
	    { "U", "-", 5 }, { "R3:6", "3", 5 }, { "L", "local", 7 } } },
	{ "the same route again changes nothing",
	  { { "L", "local", 0 }, { "R9:0", "local", 0 },
	    { "R9:0", "local", 0 } } },
	{ "a remote copy with our sequence from a lower address wins",
	  { { "L", "local", 0 }, { "R2:0", "2", 0 }, { "W2", "local", 0 } } },
	{ "wrap-around: 0 comes after 2^32 - 1 (RFC 1982)",
	  { { "R2:4294967295", "2", 0 }, { "L", "local", 0 },
	    { "R3:4294967295", "local", 0 }, { "R3:1", "3", 0 } } },
	{ "a local learn on another port of this host is no move",
	  { { "R2:0", "2", 0 }, { "L", "local", 1 }, { "L", "local", 1 } } },
};

struct world {
	struct evpn_mac	 m;
	struct evpn_imp	 imp[VTEPS_MAX];
	bool		 on[VTEPS_MAX];
	struct ip_addr	 ours;
};

static struct ip_addr
vtep(unsigned v)
{
	struct ip_addr a;

	memset(&a, 0, sizeof(a));
	a.af = IP_AF_V4;
	a.a[0] = 10;
	a.a[3] = (uint8_t)v;
	return a;
}

static void
claim_drop(struct world *w, unsigned v)
{
	struct evpn_claims *c = &w->m.claims;

	for (size_t i = 0; i < c->n; i++)
		if (c->v[i] == &w->imp[v]) {
			c->v[i] = c->v[--c->n];
			break;
		}
	w->on[v] = false;
}

static void
apply(struct world *w, const char *ev)
{
	unsigned v;
	unsigned long seq;
	char *end;

	switch (ev[0]) {
	case 'L':
	case 'S':
		evpn_mob_learned(&w->m, ev[0] == 'S');
		w->m.local = true;
		w->m.is_static = ev[0] == 'S';
		return;
	case 'U':
		w->m.local = false;
		return;
	case 'W':
		claim_drop(w, (unsigned)(ev[1] - '0'));
		return;
	case 'R':
		v = (unsigned)(ev[1] - '0');
		seq = strtoul(ev + 3, &end, 10);
		claim_drop(w, v);
		w->imp[v].vtep = vtep(v);
		w->imp[v].seq = (uint32_t)seq;
		w->imp[v].sticky = *end == '!';
		w->m.claims.v[w->m.claims.n++] = &w->imp[v];
		w->on[v] = true;
		evpn_mob_claimed(&w->m, &w->imp[v]);
		return;
	default:
		ck_abort_msg("bad event %s", ev);
	}
}

static void
winner(const struct world *w, char *buf, size_t len)
{
	const struct evpn_imp *b;

	if (evpn_local_wins(&w->m, &w->ours)) {
		snprintf(buf, len, "local");
		return;
	}
	b = evpn_claims_best(&w->m.claims);
	if (b == NULL)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%u", (unsigned)b->vtep.a[3]);
}

START_TEST(test_mobility)
{
	const struct mob_case *c = &cases[_i];
	struct evpn_imp *slots[VTEPS_MAX];
	struct world w;
	char got[16];

	memset(&w, 0, sizeof(w));
	w.m.claims.v = slots;
	w.m.claims.cap = VTEPS_MAX;
	w.ours = vtep(5);
	for (size_t k = 0; k < STEPS_MAX && c->s[k].ev != NULL; k++) {
		apply(&w, c->s[k].ev);
		winner(&w, got, sizeof(got));
		ck_assert_msg(strcmp(got, c->s[k].winner) == 0 &&
		    w.m.lseq == c->s[k].lseq, "%s, step %zu (%s): winner %s "
		    "seq %u, want %s seq %u", c->name, k, c->s[k].ev, got,
		    w.m.lseq, c->s[k].winner, c->s[k].lseq);
	}
}
END_TEST

START_TEST(test_serial)
{
	ck_assert(evpn_seq_gt(1, 0));
	ck_assert(!evpn_seq_gt(0, 0));
	ck_assert(evpn_seq_gt(0, UINT32_MAX));
	ck_assert(!evpn_seq_gt(UINT32_MAX, 0));
	ck_assert(evpn_seq_gt(0x7fffffffu, 0));
	ck_assert(!evpn_seq_gt(0x80000000u, 0));	/* half the space: older */
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("evpn_mobility");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_mobility, 0, (int)NELEM(cases));
	tcase_add_test(tc, test_serial);
	suite_add_tcase(s, tc);
	return check_run(s);
}

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
 *
 * The IP rows (RFC 9135 section 16) script one IP and two MACs, 1 and 2:
 * "F<k>" MAC k learned on a bridge port ("S<k>" static), "N<k>" the IP
 * bound to MAC k in the SVI's neighbours, "R<v><k>:<seq>" a MAC/IP route
 * from 10.0.0.<v> binding the IP to MAC k ("!" sticky), "W<v>" its
 * withdrawal; expected: the IP's winner ("local", "<v>/<k>", "-") and
 * the sequences of MACs 1 and 2.
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

/* ---- one IP, two MACs ---- */

struct ip_step {
	const char	*ev;
	const char	*winner;
	uint32_t	 seq1, seq2;
};

struct ip_case {
	const char	*name;
	struct ip_step	 s[STEPS_MAX];
};

static const struct ip_case ip_cases[] = {
	{ "a new MAC takes a remote IP: one more than the IP's sequence",
	  { { "R21:0", "2/1", 0, 0 }, { "F2", "2/1", 0, 0 },
	    { "N2", "local", 0, 1 }, { "R21:0", "local", 0, 1 } } },
	{ "the IP moves away to another MAC with a higher sequence",
	  { { "F1", "-", 0, 0 }, { "N1", "local", 0, 0 },
	    { "R32:1", "3/2", 0, 0 }, { "W3", "local", 0, 0 } } },
	{ "equal IP sequences: the lower VTEP address wins",
	  { { "F1", "-", 0, 0 }, { "N1", "local", 0, 0 },
	    { "R22:0", "2/2", 0, 0 }, { "R92:0", "2/2", 0, 0 },
	    { "W2", "local", 0, 0 } } },
	{ "neighbour before FDB entry: one move, one increment",
	  { { "R21:0", "2/1", 0, 0 }, { "N1", "2/1", 1, 0 },
	    { "F1", "local", 1, 0 } } },
	{ "FDB entry before neighbour: one move, one increment",
	  { { "R21:0", "2/1", 0, 0 }, { "F1", "2/1", 1, 0 },
	    { "N1", "local", 1, 0 } } },
	{ "the MAC's sequence and the IP's: the higher plus one",
	  { { "R31:3", "3/1", 0, 0 }, { "R22:7", "2/2", 0, 0 },
	    { "W2", "3/1", 0, 0 }, { "R22:7", "2/2", 0, 0 },
	    { "F1", "2/2", 4, 0 }, { "N1", "local", 8, 0 } } },
	{ "a static MAC's binding wins and keeps 0",
	  { { "R21:5", "2/1", 0, 0 }, { "S2", "2/1", 0, 0 },
	    { "N2", "local", 0, 0 } } },
	{ "a sticky remote binding is not taken",
	  { { "R21:0!", "2/1", 0, 0 }, { "F2", "2/1", 0, 0 },
	    { "N2", "2/1", 0, 1 } } },
};

struct ip_world {
	struct evpn_mac	 m[3];			/* [1], [2] */
	struct evpn_ip	 p;
	unsigned	 bound;			/* 0: no local binding */
	struct evpn_imp	 imp[VTEPS_MAX];
	unsigned	 imac[VTEPS_MAX];	/* its MAC; 0: none */
	struct ip_addr	 ours;
	struct evpn_imp	*slots[4][VTEPS_MAX];
};

static void
claims_drop(struct evpn_claims *c, const struct evpn_imp *imp)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i] == imp) {
			c->v[i] = c->v[--c->n];
			return;
		}
}

static void
ip_withdraw(struct ip_world *w, unsigned v)
{
	if (w->imac[v] == 0)
		return;
	claims_drop(&w->m[w->imac[v]].claims, &w->imp[v]);
	claims_drop(&w->p.claims, &w->imp[v]);
	w->imac[v] = 0;
}

static void
ip_apply(struct ip_world *w, const char *ev)
{
	unsigned k = (unsigned)(ev[1] - '0'), v = k;
	struct evpn_imp *imp;
	char *end;

	switch (ev[0]) {
	case 'F':
	case 'S':
		evpn_mob_learned(&w->m[k], ev[0] == 'S');
		w->m[k].local = true;
		w->m[k].is_static = ev[0] == 'S';
		return;
	case 'N':
		w->bound = k;
		(void)evpn_mob_ip_learned(&w->m[k], &w->p);
		return;
	case 'W':
		ip_withdraw(w, v);
		return;
	case 'R':
		k = (unsigned)(ev[2] - '0');
		ip_withdraw(w, v);
		imp = &w->imp[v];
		imp->vtep = vtep(v);
		imp->seq = (uint32_t)strtoul(ev + 4, &end, 10);
		imp->sticky = *end == '!';
		w->m[k].claims.v[w->m[k].claims.n++] = imp;
		w->p.claims.v[w->p.claims.n++] = imp;
		w->imac[v] = k;
		evpn_mob_claimed(&w->m[k], imp);
		return;
	default:
		ck_abort_msg("bad event %s", ev);
	}
}

static void
ip_winner(const struct ip_world *w, char *buf, size_t len)
{
	const struct evpn_imp *b;

	if (w->bound != 0 && evpn_local_ip_wins(&w->p, &w->m[w->bound],
	    &w->ours)) {
		snprintf(buf, len, "local");
		return;
	}
	b = evpn_claims_best(&w->p.claims);
	if (b == NULL)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%u/%u", (unsigned)b->vtep.a[3],
		    w->imac[b->vtep.a[3]]);
}

START_TEST(test_ip_mobility)
{
	const struct ip_case *c = &ip_cases[_i];
	struct ip_world w;
	char got[16];

	memset(&w, 0, sizeof(w));
	for (unsigned i = 0; i < 3; i++) {
		w.m[i].claims.v = w.slots[i];
		w.m[i].claims.cap = VTEPS_MAX;
	}
	w.p.claims.v = w.slots[3];
	w.p.claims.cap = VTEPS_MAX;
	w.ours = vtep(5);
	for (size_t k = 0; k < STEPS_MAX && c->s[k].ev != NULL; k++) {
		ip_apply(&w, c->s[k].ev);
		ip_winner(&w, got, sizeof(got));
		ck_assert_msg(strcmp(got, c->s[k].winner) == 0 &&
		    w.m[1].lseq == c->s[k].seq1 && w.m[2].lseq == c->s[k].seq2,
		    "%s, step %zu (%s): winner %s seqs %u %u, want %s %u %u",
		    c->name, k, c->s[k].ev, got, w.m[1].lseq, w.m[2].lseq,
		    c->s[k].winner, c->s[k].seq1, c->s[k].seq2);
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
	tcase_add_loop_test(tc, test_ip_mobility, 0, (int)NELEM(ip_cases));
	tcase_add_test(tc, test_serial);
	suite_add_tcase(s, tc);
	return check_run(s);
}

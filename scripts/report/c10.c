/* SPDX-License-Identifier: MIT */
/*
 * C10's judgement (c10.h): from the server stage's lines, whether the
 * seed is right about a process per CPU, about threads for IO and about
 * threads for disk reads; claims.c asks for it, server.c only shows the
 * data. The IO and disk parts compare models on equal terms only (the
 * server-rate lines: the same connections and offered rates for both);
 * each model's best closed-loop point, at its own load, is no evidence.
 */
#include "c10.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "jsonl.h"
#include "load.h"
#include "serverdata.h"

#define OPEN       ((enum tvp_state)(ST_HOLDS | ST_NOT))
#define MAX_RUNGS  16
#define MAX_ROUNDS 64
#define MAX_MIXES  8

/* A part of C10 in a word: right (ST_HOLDS), wrong, open (the rounds or
 * intervals leave it open) or not measured (its conditions failed). */
static const char *part_word(enum tvp_state s, const char *open)
{
	return s == ST_NA         ? "not measured"
	       : tvp_unsettled(s) ? open
	       : s == ST_HOLDS    ? "right"
	                          : "wrong";
}

double tvp_c10_target_ms(const struct tvp_c10_pair *p)
{
	double a = p->loop_idle.p50_ms, b = p->other_idle.p50_ms;
	double low = isnan(a) ? b : isnan(b) ? a : a < b ? a : b;

	return TVP_C10_TARGET_X * low;
}

enum tvp_state tvp_c10_within(const struct srate *r, double target_ms)
{
	if (r->n == 0 || isnan(target_ms))
		return OPEN;
	if (r->kept_lo >= TVP_C10_ANSWERED && r->p99_hi <= target_ms)
		return ST_HOLDS;
	if (r->kept_hi < TVP_C10_ANSWERED || r->p99_lo > target_ms)
		return ST_NOT;
	return OPEN;
}

enum tvp_state tvp_c10_threads_needed(const struct tvp_c10_pair *p)
{
	if (!isnan(p->loop_knee[0]) && !isnan(p->other_knee[0])) {
		if (p->loop_knee[2] < TVP_KEEPS_UP * p->other_knee[1])
			return ST_HOLDS;
		if (p->loop_knee[1] >= TVP_KEEPS_UP * p->other_knee[2])
			return ST_NOT;
		return OPEN;
	}
	double t = tvp_c10_target_ms(p);
	enum tvp_state l = tvp_c10_within(&p->loop, t),
	               o = tvp_c10_within(&p->other, t);

	if (l == ST_HOLDS)
		return ST_NOT; /* one loop a process kept up: no threads */
	if (l == ST_NOT && o == ST_HOLDS)
		return ST_HOLDS;
	return OPEN; /* (neither kept up: the conditions say so) */
}

void tvp_c10_conditions(const struct tvp_c10_pair *p, bool blocking,
                        struct tvp_c10_conds *c)
{
	const struct srate *l = &p->loop, *o = &p->other;

	c->carried = l->kept > o->kept ? l->kept : o->kept;
	c->late = l->late > o->late ? l->late : o->late;
	c->workers_per_conn = blocking && o->conns > 0
	                              ? o->procs * o->threads / o->conns
	                              : NAN;
	c->equal = l->conns == o->conns && l->offered_rps == o->offered_rps &&
	           p->loop_idle.offered_rps == p->other_idle.offered_rps &&
	           l->n > 0 && o->n > 0;
	c->read_ms = l->read_ms;
}

/* The offered shares of mix in rates, ascending; how many. */
static int rungs(json_t *rates, const char *mix, double *pct)
{
	double all[MAX_RUNGS];
	int n = tvp_srv_distinct(rates, "offered_pct", all, MAX_RUNGS), k = 0;

	for (int j = 0; j < n; j++) {
		size_t i;
		json_t *q;

		json_array_foreach (rates, i, q)
			if (!strcmp(tvp_jstr(q, "mix"), mix) &&
			    tvp_jnum(q, "offered_pct") == all[j]) {
				pct[k++] = all[j];
				break;
			}
	}
	return k;
}

/* The share each part is judged at: the rung whose lines say so. */
static double shared_pct(json_t *rates, const char *mix)
{
	size_t i;
	json_t *q;

	json_array_foreach (rates, i, q)
		if (!strcmp(tvp_jstr(q, "mix"), mix) &&
		    json_is_true(json_object_get(q, "shared_rate")))
			return tvp_jnum(q, "offered_pct");
	return NAN;
}

/*
 * A model's knee over its rounds: in each round, the highest offered
 * rate below which every rung was kept up (TVP_C10_ANSWERED) with its
 * p99 under target_ms (0: not the lowest); the median, lowest and
 * highest round in k. NAN without a ladder (fewer than 4 rungs).
 */
static void knee(json_t *rates, const char *config, const char *mix,
                 const double *pct, int np, double target_ms, double k[3])
{
	double per[MAX_ROUNDS];
	int n = 0;

	k[0] = k[1] = k[2] = NAN;
	if (np < 4)
		return;
	for (int round = 1; round <= MAX_ROUNDS; round++) {
		double top = 0;
		bool any = false, ok = true;

		for (int j = 0; j < np && ok; j++) {
			size_t i;
			json_t *q, *hit = NULL;

			json_array_foreach (rates, i, q)
				if (!strcmp(tvp_jstr(q, "config"), config) &&
				    !strcmp(tvp_jstr(q, "mix"), mix) &&
				    tvp_jnum(q, "offered_pct") == pct[j] &&
				    tvp_jnum(q, "round") == round)
					hit = q;
			if (!hit)
				break;
			any = true;
			double rate = tvp_jnum(hit, "rate");
			ok = tvp_jnum(hit, "answered_rps") >=
			             TVP_C10_ANSWERED * rate &&
			     tvp_jnum(hit, "p99_us") / 1e3 <= target_ms;
			if (ok)
				top = rate;
		}
		if (!any)
			break;
		per[n++] = top;
	}
	if (n == 0)
		return;
	k[0] = tvp_median(per, (size_t)n);
	k[1] = k[2] = per[0];
	for (int j = 1; j < n; j++) {
		k[1] = per[j] < k[1] ? per[j] : k[1];
		k[2] = per[j] > k[2] ? per[j] : k[2];
	}
}

/* The pair of mix in rates: the loop (event-) against other (a prefix);
 * false when either is not there on equal terms. */
static bool find_pair(json_t *rates, const char *mix, const char *other,
                      struct tvp_c10_pair *p)
{
	const char *lc = tvp_srv_rate_config(rates, mix, "event-"),
	           *oc = tvp_srv_rate_config(rates, mix, other);
	double pct[MAX_RUNGS], at = shared_pct(rates, mix);
	int np = rungs(rates, mix, pct);

	*p = (struct tvp_c10_pair){ 0 };
	if (!lc || !oc || np < 2 || isnan(at) ||
	    tvp_srv_rate_point(rates, lc, mix, at, &p->loop) ||
	    tvp_srv_rate_point(rates, oc, mix, at, &p->other))
		return false;
	/* (a model missing its unloaded rung: no target, so no verdict) */
	tvp_srv_rate_point(rates, lc, mix, pct[0], &p->loop_idle);
	tvp_srv_rate_point(rates, oc, mix, pct[0], &p->other_idle);
	if (p->loop_idle.n == 0)
		p->loop_idle.p50_ms = NAN;
	if (p->other_idle.n == 0)
		p->other_idle.p50_ms = NAN;
	double t = tvp_c10_target_ms(p);
	knee(rates, lc, mix, pct, np, t, p->loop_knee);
	knee(rates, oc, mix, pct, np, t, p->other_knee);
	return true;
}

/* Figure names, one set a compared role (string literals: the findings
 * keep pointers to them). The event loop is one side of both pairs, so
 * its set serves both. */
struct role {
	const char *procs, *threads, *conns, *offered, *answered, *p99, *knee;
};
static const struct role event_role = {
	"event_procs",       "event_threads",      "event_conns",
	"event_offered_rps", "event_answered_rps", "event_p99_ms",
	"event_knee_rps"
};
static const struct role hybrid_role = {
	"hybrid_procs",       "hybrid_threads",      "hybrid_conns",
	"hybrid_offered_rps", "hybrid_answered_rps", "hybrid_p99_ms",
	"hybrid_knee_rps"
};
static const struct role eventaio_role = {
	"eventaio_procs",       "eventaio_threads",      "eventaio_conns",
	"eventaio_offered_rps", "eventaio_answered_rps", "eventaio_p99_ms",
	"eventaio_knee_rps"
};

/* What each part is about, in the words of its sentences. */
static const char io_what[] = "threads for IO";
static const char disk_what[] = "threads for disk reads in an event loop";

/* A p99 is quoted only where every round kept up with the rate. */
static bool kept_up(const struct srate *r)
{
	return r->n > 0 && r->kept_lo >= TVP_C10_ANSWERED;
}

static void role_figs(struct tvp_part *part, const struct role *nm,
                      const struct srate *r, const double k[3])
{
	tvp_part_fig(part, nm->procs, "procs", r->procs, NAN, NAN, 0, IV_NONE);
	tvp_part_fig(part, nm->threads, "threads", r->threads, NAN, NAN, 0,
	             IV_NONE);
	tvp_part_fig(part, nm->conns, "conns", r->conns, NAN, NAN, 0, IV_NONE);
	tvp_part_fig(part, nm->offered, "req/s", r->offered_rps, NAN, NAN, 0,
	             IV_NONE);
	tvp_part_fig(part, nm->answered, "req/s", r->answered_rps,
	             r->answered_lo, r->answered_hi, r->n, IV_EXTREMES);
	if (kept_up(r))
		tvp_part_fig(part, nm->p99, "ms", r->p99_ms, r->p99_lo,
		             r->p99_hi, r->n, IV_EXTREMES);
	else
		tvp_part_fig(part, nm->p99, "ms", NAN, NAN, NAN, r->n, IV_NONE);
	if (!isnan(k[0]))
		tvp_part_fig(part, nm->knee, "req/s", k[0], k[1], k[2], r->n,
		             IV_EXTREMES);
}

/* What one model did at the shared rate, in words, into b. */
static size_t model_words(char *b, size_t len, const struct srate *r,
                          double target)
{
	enum tvp_state w = tvp_c10_within(r, target);

	if (!kept_up(r))
		return (size_t)snprintf(b, len,
		                        "%s overloaded (answered %.0f [%.0f, "
		                        "%.0f] req/s)",
		                        r->config, r->answered_rps,
		                        r->answered_lo, r->answered_hi);
	return (size_t)snprintf(b, len,
	                        "%s kept up, p99 %.1f [%.1f, %.1f] ms%s",
	                        r->config, r->p99_ms, r->p99_lo, r->p99_hi,
	                        w == ST_HOLDS ? ""
	                        : w == ST_NOT ? " (over the target)"
	                                      : " (across the target)");
}

/* One mix judged for a part: its pair, the pair's conditions, its state
 * and, where a condition failed (ST_NA), why. */
struct judged {
	struct tvp_c10_pair p;
	struct tvp_c10_conds c;
	enum tvp_state s;
	char why[200];
};

/*
 * Judge one part on j's pair: its conditions and its state, ST_NA when a
 * condition failed (why in j->why). blocking: the other's workers must
 * match the connections; disk: the loop's reads must have waited for
 * the device.
 */
static void judge_pair(struct judged *j, bool blocking, bool disk)
{
	const struct tvp_c10_pair *p = &j->p;
	const struct tvp_c10_conds *c = &j->c;

	tvp_c10_conditions(p, blocking, &j->c);
	j->why[0] = '\0';
	if (c->equal < 1)
		snprintf(j->why, sizeof(j->why),
		         "the compared models were not offered the same "
		         "connections and rates");
	else if (!(c->carried >= TVP_C10_ANSWERED))
		snprintf(j->why, sizeof(j->why),
		         "neither model kept up with the shared rate (the "
		         "better answered %.1f%% of it)",
		         100 * c->carried);
	else if (!(c->late <= TVP_C10_LATE))
		snprintf(j->why, sizeof(j->why),
		         "the client fell behind its schedule by %.1f%% of the "
		         "run",
		         100 * c->late);
	else if (blocking && !(c->workers_per_conn >= 1))
		snprintf(j->why, sizeof(j->why),
		         "%s had %.2f workers a connection: connections "
		         "waited for a worker",
		         p->other.config, c->workers_per_conn);
	else if (disk && isnan(c->read_ms))
		snprintf(j->why, sizeof(j->why),
		         "the reads' wait was not recorded");
	else if (disk && c->read_ms < TVP_C10_DISK_WAIT_MS)
		snprintf(j->why, sizeof(j->why),
		         "the device answered without waiting (%.3f ms a "
		         "read, under %.1f)",
		         c->read_ms, TVP_C10_DISK_WAIT_MS);
	j->s = *j->why ? ST_NA : tvp_c10_threads_needed(p);
}

/* The sentence of a judged mix into out. what: "threads for IO"; disk:
 * the loop's read wait is quoted. */
static void pair_words(const struct judged *j, const char *what, bool disk,
                       char *out, size_t len)
{
	const struct tvp_c10_pair *p = &j->p;
	double t = tvp_c10_target_ms(p);

	if (j->s == ST_NA) {
		snprintf(out, len, "not measured about %s on the %s mix: %s",
		         what, p->loop.mix, j->why);
		return;
	}
	snprintf(out, len,
	         "%s about %s: on the %s mix, %g connections and %.0f req/s "
	         "offered to each (%g%% of the higher median closed-loop "
	         "rate), ",
	         part_word(j->s, "not settled"), what, p->loop.mix,
	         p->loop.conns, p->loop.offered_rps, p->loop.pct);
	size_t u = strlen(out);
	if (u < len)
		u += model_words(out + u, len - u, &p->loop, t);
	if (u < len)
		u += (size_t)snprintf(out + u, len - u, ", ");
	if (u < len)
		u += model_words(out + u, len - u, &p->other, t);
	if (u < len)
		u += (size_t)snprintf(out + u, len - u,
		                      " (%g x %g threads); p99 target %.1f ms "
		                      "(%dx the lower unloaded p50)",
		                      p->other.procs, p->other.threads, t,
		                      TVP_C10_TARGET_X);
	if (u < len && disk)
		u += (size_t)snprintf(out + u, len - u,
		                      "; the loop's reads waited %.2f ms each",
		                      j->c.read_ms);
	if (u < len && !isnan(p->loop_knee[0]) && !isnan(p->other_knee[0]))
		u += (size_t)snprintf(out + u, len - u,
		                      "; knees (the most kept up within the "
		                      "target): %s %.0f [%.0f, %.0f] req/s, %s "
		                      "%.0f [%.0f, %.0f]",
		                      p->loop.config, p->loop_knee[0],
		                      p->loop_knee[1], p->loop_knee[2],
		                      p->other.config, p->other_knee[0],
		                      p->other_knee[1], p->other_knee[2]);
	if (u < len && tvp_unsettled(j->s))
		snprintf(out + u, len - u, " (not settled)");
}

/* One part's conditions on the side, named by part (io_, disk_). */
static void part_conds(struct tvp_side *side, bool disk,
                       const struct tvp_c10_conds *c)
{
	tvp_cond(side, disk ? "disk_equal_terms" : "io_equal_terms", "bool",
	         c->equal, TVP_AT_LEAST, 1);
	tvp_cond(side, disk ? "disk_rate_carried" : "io_rate_carried", "share",
	         c->carried, TVP_AT_LEAST, TVP_C10_ANSWERED);
	tvp_cond(side, disk ? "disk_client_late" : "io_client_late",
	         "share of run", c->late, TVP_AT_MOST, TVP_C10_LATE);
	if (disk)
		tvp_cond(side, "disk_read_wait_ms", "ms", c->read_ms,
		         TVP_AT_LEAST, TVP_C10_DISK_WAIT_MS);
	else
		tvp_cond(side, "io_workers_per_conn", "workers/conn",
		         c->workers_per_conn, TVP_AT_LEAST, 1);
}

/* A pair's figures: the event loop's, the other's (named by other) and
 * the p99 target. */
static void pair_figs(struct tvp_part *part, const struct role *other,
                      const struct tvp_c10_pair *p)
{
	if (!part)
		return;
	role_figs(part, &event_role, &p->loop, p->loop_knee);
	role_figs(part, other, &p->other, p->other_knee);
	tvp_part_fig(part, "p99_target_ms", "ms", tvp_c10_target_ms(p), NAN,
	             NAN, 0, IV_NONE);
}

/* The load generator at the judged points: the most CPU it took (NAN:
 * none judged) and whether it shared the server's CPUs. */
struct client {
	double cpu;
	bool shared;
};

/* Take a judged pair's points into cl. */
static void client_share(const struct tvp_c10_pair *p, struct client *cl)
{
	const struct srate *r[2] = { &p->loop, &p->other };

	for (int k = 0; k < 2; k++) {
		if (r[k]->n == 0)
			continue;
		if (isnan(cl->cpu) || r[k]->client_cpu > cl->cpu)
			cl->cpu = r[k]->client_cpu;
		cl->shared |= r[k]->shared_cpus;
	}
}

/* Part one, a process per CPU: whether a fatal fault left the event
 * server answering, and the threads server (where it was measured). */
struct faults {
	bool threads, ev_alive, t_alive, isolates;
};

static bool alive_after(json_t *q)
{
	return q && json_is_true(json_object_get(q, "alive_after"));
}

/* Judge part one on the fault runs of the event (ec) and threads (tc,
 * or NULL) servers: right when the fault ended one event worker but not
 * the server, and it did end the threads server. */
static struct faults judge_faults(json_t *ec, json_t *tc)
{
	struct faults fa = { .threads = tc != NULL,
		             .ev_alive = alive_after(ec),
		             .t_alive = alive_after(tc) };

	fa.isolates = fa.ev_alive && !fa.t_alive;
	return fa;
}

static void faults_words(const struct faults *fa, char *out, size_t len)
{
	snprintf(out, len, "a fatal fault %s%s",
	         fa->ev_alive ? "ended one event worker, not the server"
	                      : "stopped the event server answering",
	         !fa->threads  ? ""
	         : fa->t_alive ? " (the threads server survived it too)"
	                       : " (it ended the whole threads server)");
}

static void faults_side(struct tvp_side *side, const struct faults *fa)
{
	struct tvp_part *pf =
	        tvp_part(side, "faults", fa->isolates ? ST_HOLDS : ST_NOT);

	if (!pf)
		return;
	tvp_part_fig(pf, "event_alive_after", "bool", fa->ev_alive, NAN, NAN, 1,
	             IV_EXACT);
	if (fa->threads)
		tvp_part_fig(pf, "threads_alive_after", "bool", fa->t_alive,
		             NAN, NAN, 1, IV_EXACT);
}

/* Part two, threads for IO: each mix whose requests wait, judged on
 * equal terms (n of them); the one whose figures and conditions stand
 * for the part (decides); the part's state. */
struct io_part {
	int n, decides;
	struct judged mix[MAX_MIXES];
	enum tvp_state st;
};

/*
 * Judge part two: one loop a process against processes x threads on
 * every mix whose requests wait. One mix that needs threads is enough;
 * else one that cannot tell leaves it open; a mix whose conditions fail
 * is not measured.
 */
static void judge_io(json_t *load, json_t *rates, const char *const *mixes,
                     int nm, struct io_part *io)
{
	io->n = 0;
	io->decides = 0;
	io->st = ST_NA;
	for (int k = 0; k < nm; k++) {
		struct judged *j = &io->mix[io->n];

		if (tvp_srv_is_cold(load, mixes[k]) ||
		    !tvp_srv_mix_waits(load, mixes[k]) ||
		    !find_pair(rates, mixes[k], "hybrid-", &j->p))
			continue;
		judge_pair(j, true, false);
		/* the figures and conditions of the mix that decides: the
		 * first measured, or one that says threads were needed */
		if ((io->st == ST_NA && j->s != ST_NA) ||
		    (j->s == ST_HOLDS && io->st != ST_HOLDS))
			io->decides = io->n;
		io->n++;
		if (j->s == ST_NA)
			continue;
		io->st = io->st == ST_HOLDS || j->s == ST_HOLDS ? ST_HOLDS
		         : io->st == ST_NA                      ? j->s
		         : tvp_unsettled(io->st) || tvp_unsettled(j->s)
		                 ? OPEN
		                 : ST_NOT;
	}
}

/* Part two's sentence: each judged mix's, or why none was. */
static void io_words(const struct io_part *io, char *out, size_t len)
{
	size_t used = 0;

	if (io->n == 0) {
		snprintf(out, len,
		         "not measured about %s: no mix of this run offered "
		         "the models equal terms (it predates them: each model "
		         "was measured at its own best load)",
		         io_what);
		return;
	}
	for (int k = 0; k < io->n; k++) {
		char one[700];

		pair_words(&io->mix[k], io_what, false, one, sizeof(one));
		if (used < len)
			used += (size_t)snprintf(out + used, len - used, "%s%s",
			                         used ? "; " : "", one);
	}
}

/* Part three, threads for disk reads: the first cold mix offered on
 * equal terms, judged (have), and whether the run had a cold mix at all
 * (a cold mix measured only the old way, each model at its own load,
 * makes the part there but not measured). */
struct disk_part {
	bool have, cold_run;
	struct judged j;
};

/* Judge part three: the loop reading for itself against the same with
 * aio threads, on a cold mix (every read from the device). */
static void judge_disk(json_t *load, json_t *rates, const char *const *mixes,
                       int nm, struct disk_part *dk)
{
	const char *lm[MAX_MIXES];
	int nl = tvp_jdistinct(load, "mix", lm, MAX_MIXES);

	dk->have = false;
	for (int k = 0; k < nm && !dk->have; k++)
		if (tvp_srv_is_cold(load, mixes[k]) &&
		    find_pair(rates, mixes[k], "eventaio-", &dk->j.p)) {
			dk->have = true;
			judge_pair(&dk->j, false, true);
		}
	dk->cold_run = false;
	for (int k = 0; k < nl; k++)
		dk->cold_run |= tvp_srv_is_cold(load, lm[k]);
}

/* The state of part three (ST_NA: not measured), and whether the run
 * has the part at all. */
static enum tvp_state disk_state(const struct disk_part *dk)
{
	return dk->have ? dk->j.s : ST_NA;
}

static bool disk_in_run(const struct disk_part *dk)
{
	return dk->have || dk->cold_run;
}

/* Part three's sentence, empty for a run without a cold mix. */
static void disk_words(const struct disk_part *dk, char *out, size_t len)
{
	if (dk->have)
		pair_words(&dk->j, disk_what, true, out, len);
	else if (dk->cold_run)
		snprintf(out, len,
		         "not measured about %s: the cold mix was not offered "
		         "on equal terms in this run (it predates them)",
		         disk_what);
	else
		out[0] = '\0';
}

/* Parts two and three on the side: each one's state, the figures and
 * conditions of the pair that decides it, and the load generator's CPU
 * at the judged points. */
static void parts_side(struct tvp_side *side, const struct io_part *io,
                       const struct disk_part *dk, const struct client *cl)
{
	struct tvp_part *pi = tvp_part(side, "io", io->st);

	if (io->n > 0) {
		pair_figs(pi, &hybrid_role, &io->mix[io->decides].p);
		part_conds(side, false, &io->mix[io->decides].c);
	}
	if (dk->have) {
		pair_figs(tvp_part(side, "disk", dk->j.s), &eventaio_role,
		          &dk->j.p);
		part_conds(side, true, &dk->j.c);
	} else if (dk->cold_run) {
		tvp_part(side, "disk",
		         ST_NA); /* (a part, open in the verdict) */
	}
	if (!isnan(cl->cpu)) {
		tvp_fig(side, "client_cpu", "CPUs", cl->cpu, NAN, NAN, 0,
		        IV_NONE);
		tvp_fig(side, "client_shares_cpus", "bool", cl->shared, NAN,
		        NAN, 0, IV_EXACT);
	}
}

/* What one held connection costs, at the most all models held; empty
 * without the lines. */
static void conns_words(json_t *conns, char *out, size_t len)
{
	double best = json_is_array(conns) ? tvp_srv_held_by_all(conns) : 0;

	if (best > 0)
		snprintf(out, len,
		         "; %g idle connections cost event %.1f KiB each, "
		         "threads %.1f KiB and a thread each",
		         best, tvp_srv_kib_per_conn(conns, "event", best),
		         tvp_srv_kib_per_conn(conns, "threads", best));
	else
		out[0] = '\0';
}

/* What the load generator took; empty when no point was judged. */
static void client_words(const struct client *cl, char *out, size_t len)
{
	if (!isnan(cl->cpu))
		snprintf(out, len,
		         "; the load generator took up to %.2f CPUs at the "
		         "shared rate%s",
		         cl->cpu,
		         cl->shared ? ", on the server's own CPUs (they shared "
		                      "them: what it took, the server did not "
		                      "have)"
		                    : "");
	else
		out[0] = '\0';
}

/* The parts in a few words, for RESULTS.md's matrix. */
static void key_words(char *key, size_t klen, bool isolates, enum tvp_state io,
                      bool has_dk, enum tvp_state dk)
{
	snprintf(key, klen, "%s about processes, %s for IO%s%s%s",
	         isolates ? "right" : "wrong", part_word(io, "open"),
	         has_dk ? ", " : "", has_dk ? part_word(dk, "open") : "",
	         has_dk ? " for disk" : "");
}

/*
 * Every way the parts could settle: all right, holds; none, does not
 * hold; else partly. A part not measured could settle either way; a run
 * without a cold mix has no part three.
 */
static enum tvp_state settle(bool isolates, enum tvp_state io, bool has_dk,
                             enum tvp_state dk)
{
	enum tvp_state ioo = io == ST_NA ? OPEN : io,
	               dko = dk == ST_NA ? OPEN : dk, st = ST_NA;

	for (int w = 0; w < 4; w++) {
		bool io_right = w & 1, dk_right = w & 2;

		if (!(ioo & (io_right ? ST_HOLDS : ST_NOT)))
			continue;
		if (has_dk ? !(dko & (dk_right ? ST_HOLDS : ST_NOT)) : dk_right)
			continue;
		int right = isolates + io_right + dk_right, parts = 2 + has_dk;
		st = (enum tvp_state)(st | (right == parts ? ST_HOLDS
		                            : right == 0   ? ST_NOT
		                                           : ST_PARTLY));
	}
	return st;
}

/* C10's evidence from the server stage's lines (load and crash arrays,
 * the event model's fault run among them); see tvp_server_evidence. */
static enum tvp_state evidence(json_t *load, json_t *crash, json_t *conns,
                               json_t *rates, char *out, size_t len, char *key,
                               size_t klen, struct tvp_side *side)
{
	json_t *ec = tvp_srv_crash(crash, "event");
	const char *mixes[MAX_MIXES];
	struct io_part io;
	struct disk_part dk;
	struct client cl = { .cpu = NAN, .shared = false };
	char part1[160], part2[1400], part3[160], disk[1400], client[200];

	if (!ec) {
		snprintf(out, len,
		         "not measured: the event loop that nginx runs is not "
		         "in this run (it predates tvp-server --model event)");
		return ST_NA;
	}
	struct faults fa = judge_faults(ec, tvp_srv_crash(crash, "threads"));
	faults_side(side, &fa);
	int nm = json_is_array(rates)
	                 ? tvp_jdistinct(rates, "mix", mixes, MAX_MIXES)
	                 : 0;
	judge_io(load, rates, mixes, nm, &io);
	judge_disk(load, rates, mixes, nm, &dk);
	for (int k = 0; k < io.n; k++)
		client_share(&io.mix[k].p, &cl);
	if (dk.have)
		client_share(&dk.j.p, &cl);
	parts_side(side, &io, &dk, &cl);

	faults_words(&fa, part1, sizeof(part1));
	io_words(&io, part2, sizeof(part2));
	disk_words(&dk, disk, sizeof(disk));
	client_words(&cl, client, sizeof(client));
	conns_words(conns, part3, sizeof(part3));
	snprintf(out, len, "%s about processes: %s; %s%s%s%s%s",
	         fa.isolates ? "right" : "wrong", part1, part2,
	         *disk ? "; " : "", disk, client, part3);
	if (key)
		key_words(key, klen, fa.isolates, io.st, disk_in_run(&dk),
		          disk_state(&dk));
	return settle(fa.isolates, io.st, disk_in_run(&dk), disk_state(&dk));
}

enum tvp_state tvp_server_evidence(const struct tvp_folder *fo, char *out,
                                   size_t len, char *key, size_t klen,
                                   struct tvp_side *side)
{
	json_t *load = tvp_lines(fo, "server-load");
	json_t *crash = tvp_lines(fo, "server-crash");
	json_t *conns = tvp_lines(fo, "server-conns");
	json_t *rates = tvp_lines(fo, "server-rate");
	enum tvp_state st = ST_NA;

	snprintf(out, len, "not measured");
	if (json_is_array(load) && json_is_array(crash) &&
	    json_array_size(load))
		st = evidence(load, crash, conns, rates, out, len, key, klen,
		              side);
	json_decref(load);
	json_decref(crash);
	json_decref(conns);
	json_decref(rates);
	return st;
}

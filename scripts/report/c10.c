/* SPDX-License-Identifier: MIT */
/*
 * C10's judgement (c10.h), in numbers and states: from the server stage's
 * lines, whether the seed is right about a process per CPU, about threads
 * for IO and about threads for disk reads; claims.c asks for it,
 * c10words.c says it, server.c only shows the data. The IO and disk parts
 * compare models on equal terms only (the server-rate lines: the same
 * connections and offered rates for both); each model's best closed-loop
 * point, at its own load, is no evidence. Nothing here writes text (the
 * lint checks that no formatting function is linked from this file).
 */
#include "c10.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "load.h"
#include "serverdata.h"

#define OPEN       ((enum tvp_state)(ST_HOLDS | ST_NOT))
#define MAX_RUNGS  16
#define MAX_ROUNDS 64

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
		/* neither kept up within the target at any rung, in any
		 * round: nothing to compare (the conditions say so) */
		if (p->loop_knee[2] == 0 && p->other_knee[2] == 0)
			return OPEN;
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
	c->late_ms = fmax(l->late_ms, o->late_ms);
	c->workers_per_conn = blocking && o->conns > 0
	                              ? o->procs * o->threads / o->conns
	                              : NAN;
	c->equal = l->conns == o->conns && l->offered_rps == o->offered_rps &&
	           p->loop_idle.offered_rps == p->other_idle.offered_rps &&
	           l->n > 0 && o->n > 0;
	c->read_ms = l->read_ms;
	c->target = tvp_c10_target_ms(p);
	c->best_p99 = NAN; /* (fmin takes the measured one of NAN and x) */
	const struct srate *r[] = { l, o, &p->loop_idle, &p->other_idle };
	for (int k = 0; k < 4; k++)
		if (r[k]->n > 0)
			c->best_p99 = fmin(c->best_p99, r[k]->p99_ms);
	/* the models that could be within the target: with knees, those
	 * with a knee above nothing in some round; else those not over it
	 * at the shared rate in every round */
	c->knees = !isnan(p->loop_knee[0]) && !isnan(p->other_knee[0]);
	if (!c->knees)
		c->within = (tvp_c10_within(l, c->target) != ST_NOT) +
		            (tvp_c10_within(o, c->target) != ST_NOT);
	else
		c->within = (p->loop_knee[2] > 0) + (p->other_knee[2] > 0);
}

/* The offered shares of mix in rates, ascending; how many. */
static int rungs(const struct tvp_rates *rates, const char *mix, double *pct)
{
	double all[MAX_RUNGS];
	int n = tvp_srv_shares(rates, all, MAX_RUNGS), k = 0;

	for (int j = 0; j < n; j++)
		for (size_t i = 0; i < rates->n; i++)
			if (!strcmp(rates->v[i].mix, mix) &&
			    rates->v[i].offered_pct == all[j]) {
				pct[k++] = all[j];
				break;
			}
	return k;
}

/* The share each part is judged at: the rung whose lines say so. */
static double shared_pct(const struct tvp_rates *rates, const char *mix)
{
	for (size_t i = 0; i < rates->n; i++)
		if (!strcmp(rates->v[i].mix, mix) &&
		    rates->v[i].shared_rate == 1)
			return rates->v[i].offered_pct;
	return NAN;
}

/*
 * A model's knee over its rounds: in each round, the highest offered
 * rate below which every rung was kept up (TVP_C10_ANSWERED) with its
 * p99 under target_ms (0: not the lowest); the median, lowest and
 * highest round in k. NAN without a ladder (fewer than 4 rungs).
 */
static void knee(const struct tvp_rates *rates, const char *config,
                 const char *mix, const double *pct, int np, double target_ms,
                 double k[3])
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
			const struct tvp_rate *hit = NULL;

			for (size_t i = 0; i < rates->n; i++) {
				const struct tvp_rate *q = &rates->v[i];

				if (!strcmp(q->config, config) &&
				    !strcmp(q->mix, mix) &&
				    q->offered_pct == pct[j] &&
				    q->round == round)
					hit = q;
			}
			if (!hit)
				break;
			any = true;
			double rate = hit->rate;
			ok = hit->answered_rps >= TVP_C10_ANSWERED * rate &&
			     hit->p99_us / 1e3 <= target_ms;
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
static bool find_pair(const struct tvp_rates *rates, const char *mix,
                      const char *other, struct tvp_c10_pair *p)
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

double tvp_c10_mix_target_ms(const struct tvp_rates *rates, const char *mix)
{
	struct tvp_c10_pair p;

	/* (the pair the judgement takes: the loop against processes x
	 * threads, or on a cold mix against the loop with aio threads) */
	if (find_pair(rates, mix, "hybrid-", &p) ||
	    find_pair(rates, mix, "eventaio-", &p))
		return tvp_c10_target_ms(&p);
	return NAN;
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

/* A p99 is quoted only where every round kept up with the rate. */
bool tvp_c10_kept_up(const struct srate *r)
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
	if (tvp_c10_kept_up(r))
		tvp_part_fig(part, nm->p99, "ms", r->p99_ms, r->p99_lo,
		             r->p99_hi, r->n, IV_EXTREMES);
	else
		tvp_part_fig(part, nm->p99, "ms", NAN, NAN, NAN, r->n, IV_NONE);
	if (!isnan(k[0]))
		tvp_part_fig(part, nm->knee, "req/s", k[0], k[1], k[2], r->n,
		             IV_EXTREMES);
}

/*
 * Judge one part on j's pair: its conditions and its state, ST_NA when a
 * condition failed (which in j->why). blocking: the other's workers must
 * match the connections; disk: the loop's reads must have waited for
 * the device.
 */
static void judge_pair(struct tvp_c10_judged *j, bool blocking, bool disk)
{
	const struct tvp_c10_conds *c = &j->c;

	tvp_c10_conditions(&j->p, blocking, &j->c);
	j->why = c->equal < 1                                ? C10_UNEQUAL
	         : !(c->carried >= TVP_C10_ANSWERED)         ? C10_NOT_CARRIED
	         : !(c->late <= TVP_C10_LATE)                ? C10_CLIENT_LATE
	         : !(c->late_ms <= c->target)                ? C10_CLIENT_LATE
	         : !(c->best_p99 <= c->target)               ? C10_UNREACHABLE
	         : !(c->within >= 1)                         ? C10_NONE_WITHIN
	         : blocking && !(c->workers_per_conn >= 1)   ? C10_HANDOFF
	         : disk && isnan(c->read_ms)                 ? C10_NO_READ_WAIT
	         : disk && c->read_ms < TVP_C10_DISK_WAIT_MS ? C10_NO_WAIT
	                                                     : C10_MET;
	j->s = j->why != C10_MET ? ST_NA : tvp_c10_threads_needed(&j->p);
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
	tvp_cond(side, disk ? "disk_client_late_ms" : "io_client_late_ms", "ms",
	         c->late_ms, TVP_AT_MOST, c->target);
	tvp_cond(side, disk ? "disk_best_p99_ms" : "io_best_p99_ms", "ms",
	         c->best_p99, TVP_AT_MOST, c->target);
	tvp_cond(side, disk ? "disk_within_target" : "io_within_target",
	         "models", c->within, TVP_AT_LEAST, 1);
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
	/* (n: the unloaded rung's rounds, the fewer of the two models') */
	tvp_part_fig(part, "p99_target_ms", "ms", tvp_c10_target_ms(p), NAN,
	             NAN,
	             p->loop_idle.n < p->other_idle.n ? p->loop_idle.n
	                                              : p->other_idle.n,
	             IV_NONE);
}

/* Take a judged pair's points into the load generator's figures. */
static void client_share(const struct tvp_c10_pair *p,
                         struct tvp_c10_judgement *jd)
{
	const struct srate *r[2] = { &p->loop, &p->other };

	for (int k = 0; k < 2; k++) {
		if (r[k]->n == 0)
			continue;
		if (isnan(jd->client_cpu) || r[k]->client_cpu > jd->client_cpu)
			jd->client_cpu = r[k]->client_cpu;
		jd->client_shared |= r[k]->shared_cpus;
	}
}

static bool alive_after(const struct tvp_wrk *q)
{
	return q && q->alive_after == 1;
}

/* Judge part one on the fault runs of the event (ec) and threads (tc,
 * or NULL) servers: right when the fault ended one event worker but not
 * the server, and it did end the threads server. */
static void judge_faults(const struct tvp_wrk *ec, const struct tvp_wrk *tc,
                         struct tvp_c10_judgement *jd)
{
	jd->faults.threads = tc != NULL;
	jd->faults.ev_alive = alive_after(ec);
	jd->faults.t_alive = alive_after(tc);
	jd->faults.isolates = jd->faults.ev_alive && !jd->faults.t_alive;
}

static void faults_side(struct tvp_side *side,
                        const struct tvp_c10_judgement *jd)
{
	struct tvp_part *pf = tvp_part(side, "faults",
	                               jd->faults.isolates ? ST_HOLDS : ST_NOT);

	if (!pf)
		return;
	tvp_part_fig(pf, "event_alive_after", "bool", jd->faults.ev_alive, NAN,
	             NAN, 1, IV_EXACT);
	if (jd->faults.threads)
		tvp_part_fig(pf, "threads_alive_after", "bool",
		             jd->faults.t_alive, NAN, NAN, 1, IV_EXACT);
}

/*
 * Judge part two: one loop a process against processes x threads on
 * every mix whose requests wait. One mix that needs threads is enough;
 * else one that cannot tell leaves it open; a mix whose conditions fail
 * is not measured.
 */
static void judge_io(const struct tvp_wrks *load, const struct tvp_rates *rates,
                     const char *const *mixes, int nm,
                     struct tvp_c10_judgement *jd)
{
	jd->io.n = 0;
	jd->io.decides = 0;
	jd->io.st = ST_NA;
	for (int k = 0; k < nm; k++) {
		struct tvp_c10_judged *j = &jd->io.mix[jd->io.n];

		if (tvp_srv_is_cold(load, mixes[k]) ||
		    !tvp_srv_mix_waits(load, mixes[k]) ||
		    !find_pair(rates, mixes[k], "hybrid-", &j->p))
			continue;
		judge_pair(j, true, false);
		/* the figures and conditions of the mix that decides: the
		 * first measured, or one that says threads were needed */
		if ((jd->io.st == ST_NA && j->s != ST_NA) ||
		    (j->s == ST_HOLDS && jd->io.st != ST_HOLDS))
			jd->io.decides = jd->io.n;
		jd->io.n++;
		if (j->s == ST_NA)
			continue;
		jd->io.st = jd->io.st == ST_HOLDS || j->s == ST_HOLDS ? ST_HOLDS
		            : jd->io.st == ST_NA                      ? j->s
		            : tvp_unsettled(jd->io.st) || tvp_unsettled(j->s)
		                    ? OPEN
		                    : ST_NOT;
	}
}

/* Judge part three: the loop reading for itself against the same with
 * aio threads, on a cold mix (every read from the device); a cold mix
 * measured only the old way, each model at its own load, makes the part
 * there but not measured. */
static void judge_disk(const struct tvp_wrks *load,
                       const struct tvp_rates *rates, const char *const *mixes,
                       int nm, struct tvp_c10_judgement *jd)
{
	const char *lm[TVP_C10_MIXES];
	int nl = tvp_srv_mixes(load, lm, TVP_C10_MIXES);

	jd->disk.have = false;
	for (int k = 0; k < nm && !jd->disk.have; k++)
		if (tvp_srv_is_cold(load, mixes[k]) &&
		    find_pair(rates, mixes[k], "eventaio-", &jd->disk.j.p)) {
			jd->disk.have = true;
			judge_pair(&jd->disk.j, false, true);
		}
	jd->disk.cold_run = false;
	for (int k = 0; k < nl; k++)
		jd->disk.cold_run |= tvp_srv_is_cold(load, lm[k]);
}

enum tvp_state tvp_c10_disk_state(const struct tvp_c10_judgement *jd)
{
	return jd->disk.have ? jd->disk.j.s : ST_NA;
}

bool tvp_c10_disk_in_run(const struct tvp_c10_judgement *jd)
{
	return jd->disk.have || jd->disk.cold_run;
}

/* Parts two and three on the side: each one's state, the figures and
 * conditions of the pair that decides it, and the load generator's CPU
 * at the judged points. */
static void parts_side(struct tvp_side *side,
                       const struct tvp_c10_judgement *jd)
{
	struct tvp_part *pi = tvp_part(side, "io", jd->io.st);

	if (jd->io.n > 0) {
		pair_figs(pi, &hybrid_role, &jd->io.mix[jd->io.decides].p);
		part_conds(side, false, &jd->io.mix[jd->io.decides].c);
	}
	if (jd->disk.have) {
		pair_figs(tvp_part(side, "disk", jd->disk.j.s), &eventaio_role,
		          &jd->disk.j.p);
		part_conds(side, true, &jd->disk.j.c);
	} else if (jd->disk.cold_run) {
		tvp_part(side, "disk",
		         ST_NA); /* (a part, open in the verdict) */
	}
	if (!isnan(jd->client_cpu)) {
		tvp_fig(side, "client_cpu", "CPUs", jd->client_cpu, NAN, NAN, 0,
		        IV_NONE);
		tvp_fig(side, "client_shares_cpus", "bool", jd->client_shared,
		        NAN, NAN, 0, IV_EXACT);
	}
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

void tvp_c10_judge(const struct tvp_wrks *load, const struct tvp_wrks *crash,
                   const struct tvp_rates *rates, struct tvp_c10_judgement *jd,
                   struct tvp_side *side)
{
	const struct tvp_wrk *ec = tvp_srv_crash(crash, "event");
	const char *mixes[TVP_C10_MIXES];

	*jd = (struct tvp_c10_judgement){ .client_cpu = NAN, .state = ST_NA };
	jd->event = ec != NULL;
	if (!jd->event)
		return;
	judge_faults(ec, tvp_srv_crash(crash, "threads"), jd);
	faults_side(side, jd);
	int nm = tvp_srv_rate_mixes(rates, mixes, TVP_C10_MIXES);
	judge_io(load, rates, mixes, nm, jd);
	judge_disk(load, rates, mixes, nm, jd);
	for (int k = 0; k < jd->io.n; k++)
		client_share(&jd->io.mix[k].p, jd);
	if (jd->disk.have)
		client_share(&jd->disk.j.p, jd);
	parts_side(side, jd);
	jd->state = settle(jd->faults.isolates, jd->io.st,
	                   tvp_c10_disk_in_run(jd), tvp_c10_disk_state(jd));
}

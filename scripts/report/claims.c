/* SPDX-License-Identifier: MIT */
/*
 * The claims of the seeds (C1..C10), settled from one results folder, in
 * numbers. Each claim reads its evidence from the data, gives its figures
 * and conditions to the findings (findings.h), classifies the C side and
 * the Python side with its rule (rules.c: every threshold and one
 * function a claim), and tvp_combine() (verdict.c) turns the two sides
 * into the verdict. The sentences that say what it found are
 * claimswords.c's, which it asks for where it has the numbers (it writes
 * no text itself: make lint's rules step checks its object); C10's
 * evidence is c10.c's (in numbers) and c10words.c's (in words); the
 * writing of claims.md and claims.json is claimsout.c's.
 */
#include "claims.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "account.h"
#include "../../bench/lib/interval.h"
#include "load.h"
#include "c10.h"
#include "rules.h"
#include "claimsint.h"

/* ---- evidence from the points (the hyperfine sweep) ---- */

/* The figure e into a side's findings. */
static void fig(struct tvp_side *s, const char *name, const char *unit,
                struct est e)
{
	tvp_fig(s, name, unit, e.v, e.lo, e.hi, e.n, e.iv);
}

/* A figure with no interval (a setting, or a count read once). */
static void fig_point(struct tvp_side *s, const char *name, const char *unit,
                      double v)
{
	tvp_fig(s, name, unit, v, NAN, NAN, 0, IV_NONE);
}

/* A summary over rounds (its order-statistic interval) as an est. */
static struct est est_of(const struct tvp_summary *m, double scale)
{
	return (struct est){ scale * m->median, scale * m->ci_low,
		             scale * m->ci_high, (long)m->n, IV_ORDER };
}

/* A point's speedup over its serial run, paired within rounds, as an est
 * (its n the pairs). */
static struct est speedup_est(const struct point *p)
{
	return (struct est){ p->speedup, p->speedup_low, p->speedup_high,
		             (long)p->speedup_n, IV_ORDER };
}

/*
 * A micro-benchmark's figure and its interval (a row's spread: rows.h, of
 * reps repetitions): lo and hi, a 95% interval for the median where the
 * program gives one (the paired ratios), else the repetitions' min and
 * max around it.
 */
static struct est spread_est(const struct tvp_spread *s, double reps)
{
	struct est e = { s->v, s->lo, s->hi, isnan(reps) ? 0 : (long)reps,
		         IV_ORDER };

	if (!isnan(e.lo) && !isnan(e.hi))
		return e;
	e.iv = IV_EXTREMES;
	e.lo = s->min;
	e.hi = s->max;
	if (isnan(e.lo) || isnan(e.hi))
		e.iv = IV_NONE; /* no interval: never a point */
	return e;
}

/* A line's figure over its baseline's: the ratio the program paired in
 * rotation where the line has it (paired) and took it against that very
 * baseline (twin), else the quotient of the two medians (num over den,
 * of reps and base_reps repetitions). */
static struct est paired_ratio(const struct tvp_spread *paired, bool twin,
                               const struct tvp_spread *num, double reps,
                               const struct tvp_spread *den, double base_reps)
{
	if (!isnan(paired->v) && twin)
		return spread_est(paired, reps);
	return tvp_est_ratio(spread_est(num, reps), spread_est(den, base_reps));
}

/* Was a line's paired ratio taken against the baseline's variant (the
 * line names it in vs_thread_variant; "" is the thread, its only one)? */
static bool twin_of(const char *vs_variant, const char *base_variant)
{
	return !*vs_variant || !strcmp(vs_variant, base_variant);
}

/* The language of a claims run's line: C's lines do not say. */
static const char *lang_of(const struct tvp_claimrun *p)
{
	return *p->lang ? p->lang : "c";
}

/* Wall times (s) of the claims runs matching lang/model/schedule: the
 * median, with the fastest and the slowest run as its interval. */
static struct est wall_range(const struct tvp_claimruns *all, const char *lang,
                             const char *model, const char *sched, long tasks)
{
	double v[64];
	int n = 0;

	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_claimrun *p = &all->v[i];

		if (!strcmp(lang_of(p), lang) && !strcmp(p->model, model) &&
		    (!sched || !strcmp(p->schedule, sched)) &&
		    (tasks == 0 || p->tasks == tasks) && n < 64)
			v[n++] = p->wall_ns / 1e9;
	}
	if (n == 0)
		return (struct est){ NAN, NAN, NAN, 0, IV_NONE };
	for (int a = 1; a < n; a++)
		for (int b = a; b > 0 && v[b - 1] > v[b]; b--) {
			double t = v[b];

			v[b] = v[b - 1];
			v[b - 1] = t;
		}
	struct est e = { tvp_median(v, (size_t)n), NAN, NAN, n, IV_ORDER };

	tvp_median_interval(v, n, &e.lo, &e.hi);
	return e;
}

/*
 * The wall time of schedule a over schedule b's, lang and model alike,
 * round by round where the lines say their round (claims.sh alternates
 * the two within a round): the median of the rounds' ratios and its
 * order-statistics interval, n the rounds with both. Lines without a
 * round (folders from before) give the quotient of the two medians'
 * intervals.
 */
static struct est round_ratio(const struct tvp_claimruns *all, const char *lang,
                              const char *model, const char *a, const char *b)
{
	double wa[64], wb[64], num[64], den[64];
	bool paired = false;
	size_t n = 0;

	for (int r = 0; r < 64; r++)
		wa[r] = wb[r] = NAN;
	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_claimrun *p = &all->v[i];
		double r = p->round;

		if (strcmp(lang_of(p), lang) || strcmp(p->model, model) ||
		    isnan(r) || r < 0 || r >= 64)
			continue;
		paired = true;
		if (!strcmp(p->schedule, a))
			wa[(int)r] = p->wall_ns;
		else if (!strcmp(p->schedule, b))
			wb[(int)r] = p->wall_ns;
	}
	if (!paired)
		return tvp_est_ratio(wall_range(all, lang, model, a, 0),
		                     wall_range(all, lang, model, b, 0));
	for (int r = 0; r < 64; r++)
		if (!isnan(wa[r] + wb[r])) {
			num[n] = wa[r];
			den[n++] = wb[r];
		}
	struct tvp_summary q;

	if (tvp_paired_ratio(num, den, n, &q) != 0)
		return (struct est){ NAN, NAN, NAN, 0, IV_NONE };
	return (struct est){ q.median, q.ci_low, q.ci_high, (long)n,
		             isnan(q.ci_low) ? IV_NONE : IV_ORDER };
}

static double median_wall(const struct tvp_claimruns *all, const char *lang,
                          const char *model, const char *sched, long tasks)
{
	return wall_range(all, lang, model, sched, tasks).v;
}

/* The lower of two figures; NAN when either is not known (fmin would
 * return the one known, and a condition half-measured is not met). */
static double lowest(double a, double b)
{
	return isnan(a) || isnan(b) ? NAN : a < b ? a : b;
}

/* The median over a point's rounds of a[r] / b[r] x scale (b NULL: of
 * a[r] x scale); NAN when none is known. */
static double round_median(const double *a, const double *b, double scale,
                           size_t n)
{
	double v[64];
	size_t k = 0;

	for (size_t r = 0; r < n && r < 64; r++) {
		double d = b ? b[r] : 1;

		if (!isnan(a[r]) && !isnan(d) && d > 0)
			v[k++] = a[r] / d * scale;
	}
	return k ? tvp_median(v, k) : NAN;
}

/*
 * What creating the workers takes out of the window a run is judged on:
 * from the first worker's first task to the last worker's (the workers
 * still being created while the others work; a pool created before the
 * first task costs the window nothing), over the window, in the run's
 * timeline (its last round). Lines without a timeline: creation over the
 * run, the median over rounds.
 */
static double late_start_share(const struct point *p)
{
	double first = INFINITY, last = -INFINITY, window;

	window = p->nrun ? p->run_s[p->nrun - 1] : NAN;
	for (long i = 0; i < p->ntimeline; i++) {
		double t = p->timeline[i].start_ns / 1e9;

		first = t < first ? t : first;
		last = t > last ? t : last;
	}
	if (p->ntimeline < 2 || !(window > 0))
		return round_median(p->spawn_s, p->run_s, 1, p->nrun);
	return (last - first) / window;
}

/*
 * C1/C2: a model's use of the cores shows only when every worker has
 * many tasks (granularity vanishes), enough work to last (a run of a few
 * ms is its start and end), and creating the workers is a small part of
 * the window (C4's lesson, not C1's).
 */
static void scaling_conditions(const struct point *p, struct tvp_side *fs)
{
	tvp_cond(fs, "tasks_per_worker", "tasks",
	         (double)p->tasks / (double)p->workers, TVP_AT_LEAST,
	         TASKS_PER_WORKER);
	tvp_cond(fs, "work_per_worker_s", "s",
	         round_median(p->task_s, NULL, 1.0 / (double)p->workers,
	                      p->nrun),
	         TVP_AT_LEAST, WORK_PER_WORKER_S);
	tvp_cond(fs, "creation_share", "share", late_start_share(p),
	         TVP_AT_MOST, CREATION_IN_WINDOW);
}

/* ---- one function per claim: fills evidence text, returns the verdict */

typedef enum tvp_verdict (*claim_fn)(struct ctx *c, char *ce, char *pe,
                                     size_t len);

/* The two sides' states into the findings, and the verdict they give. */
static enum tvp_verdict sides(struct ctx *c, enum tvp_state a, enum tvp_state b)
{
	c->fs[0].state = a;
	c->fs[1].state = b;
	return tvp_combine(a, b);
}

/*
 * Does a model use more than one core? It is judged on the model's own
 * efficiency (account.h): the CPU time its tasks got over the core time
 * the machine gave the run, task CPU / (k x wall - steal), per round. A
 * slower or stolen core lowers the speedup but not this, so the machine
 * cannot flip the verdict; k x efficiency is the cores the model kept at
 * work, and its gain over one core, (k e - 1) / (k - 1), meets the
 * thresholds. A folder from before these figures falls back on CPU time
 * over wall time, or on the speedup and its interval.
 */
static enum tvp_state scaling_evidence(const struct ctx *c, const char *wl,
                                       const char *model, char *out, size_t len,
                                       char *k_out, bool claim_is_no_gain,
                                       struct tvp_side *fs)
{
	const struct point *p = tvp_best_point(c->pts, c->n, wl, model);
	struct tvp_summary eff;
	struct est x, g; /* cores kept at work (a speedup), its gain */
	double k;
	enum tvp_state s;

	if (p == NULL || p->ncpus < 2) {
		tvp_cw_text(out, len, "not measured (needs 2 or more cores)");
		return ST_NA;
	}
	k = (double)p->ncpus;
	fig_point(fs, "cores", "cpus", k);
	fig_point(fs, "workers", "workers", (double)p->workers);
	fig_point(fs, "tasks", "tasks", (double)p->tasks);
	fig(fs, "wall_s", "s", est_of(&p->sum, 1));
	fig(fs, "speedup", "x", speedup_est(p));
	scaling_conditions(p, fs);
	tvp_cw_scaling(out, len, k_out, model, p->ncpus, p->speedup,
	               p->speedup_low, p->speedup_high);
	if (tvp_model_efficiency(p, &eff)) {
		x = est_of(&eff, k);
		fig(fs, "cores_busy", "cpus", x);
		tvp_cw_scaling_busy(out, len, k_out, model, p->ncpus,
		                    (double[3]){ eff.median, eff.ci_low,
		                                 eff.ci_high });
	} else if (!isnan(p->parallelism)) {
		x = (struct est){ p->parallelism, p->parallelism,
			          p->parallelism, 0, IV_NONE };
		fig(fs, "cpu_over_wall", "cpus", x);
		tvp_cw_scaling_cpu(out, len, p->parallelism);
	} else {
		x = speedup_est(p);
	}
	s = tvp_rule_scaling(x, k, claim_is_no_gain, &g);
	fig(fs, "gain", "share", g);
	tvp_rests_on(fs, "cores_busy");
	tvp_cw_settle_note(out, len, g, TVP_NO_GAIN, TVP_USES_CORES,
	                   "the gain over one core");
	return s;
}

static enum tvp_verdict c1(struct ctx *c, char *ce, char *pe, size_t len)
{
	enum tvp_state a = scaling_evidence(c, "count", "threads", ce, len,
	                                    c->ck, true, &c->fs[0]);
	enum tvp_state b = scaling_evidence(c, "pycount", "threads", pe, len,
	                                    c->pk, true, &c->fs[1]);

	return sides(c, a, b);
}

static enum tvp_verdict c2(struct ctx *c, char *ce, char *pe, size_t len)
{
	enum tvp_state a = scaling_evidence(c, "count", "procs", ce, len, c->ck,
	                                    false, &c->fs[0]);
	enum tvp_state b = scaling_evidence(c, "pycount", "procs", pe, len,
	                                    c->pk, false, &c->fs[1]);
	const struct point *s = tvp_serial_of(c->pts, c->n, "pycount");
	const struct point *p =
	        tvp_best_point(c->pts, c->n, "pycount", "procs");

	if (s && p) {
		/* the serial time of the processes' work (a run of more
		 * tasks than the serial one does more work: scaled) */
		double w = tvp_work_ratio(s, p);

		fig(&c->fs[1], "serial_s", "s", est_of(&s->sum, w));
		fig(&c->fs[1], "procs_s", "s", est_of(&p->sum, 1));
		fig_point(&c->fs[1], "serial_over_procs", "x",
		          w * s->sum.median / p->sum.median);
		tvp_cw_serial_over_procs(pe, len, w * s->sum.median,
		                         p->sum.median);
	}
	return sides(c, a, b);
}

/*
 * IO: the seeds' Pool(5) experiment, 30 sleeping tasks. Threads are the
 * right tool if they overlap the waits (the makespan stays within BETTER
 * of ceil(30 / 5) x t) and beat processes by BETTER; if processes do as
 * well, the claim holds partly. The program's own timing is used, so an
 * interpreter's start-up does not count as waiting.
 */
/* The fewest tasks a worker had among lang's runs of the given tasks. */
static double fewest_tasks_per_worker(const struct tvp_claimruns *all,
                                      const char *lang, long tasks)
{
	double least = NAN;

	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_claimrun *p = &all->v[i];
		double t = p->tasks / p->workers;

		if (!strcmp(lang_of(p), lang) && p->tasks == tasks &&
		    !(t >= least))
			least = t;
	}
	return least;
}

/*
 * C3 where waiting workers are many (the most workers of the sleep runs,
 * each with several tasks, creating them part of what the model costs):
 * threads' throughput over processes', within each round's pair of runs
 * (a quotient of their speedups over the same serial run). Threads ahead
 * by BETTER: the right tool; behind by as much: not; between: partly.
 * With the seeds' Pool(5): threads that do not overlap the waits there
 * contradict the claim whatever this says; else this decides.
 */
/*
 * What the workers of p ran, from its newest round's timeline (each
 * worker that ran a task: its first start, last end, CPU time and tasks
 * run): the tasks the median worker ran, a worker that ran none counting
 * 0, into *tasks, and the share of the workers that ran any into *busy.
 * A pool hands tasks to whichever worker is free, so what ran is not the
 * plan (Python's Pool(64) on the 2-vCPU guest: 51 of 64 workers, 1 to
 * 10 tasks each). Without a timeline: the plan, tasks over workers, and
 * every worker busy.
 */
static void tasks_ran(const struct point *p, double *tasks, double *busy)
{
	double t[256] = { 0 };
	size_t w = p->workers > 0 && p->workers <= 256 ? (size_t)p->workers : 0,
	       ran = 0;

	*tasks = (double)p->tasks / (double)p->workers;
	*busy = 1;
	if (p->ntimeline <= 0 || w == 0)
		return;
	for (size_t i = 0; i < (size_t)p->ntimeline; i++) {
		double n = p->timeline[i].tasks;

		if (i < w && n > 0) {
			t[i] = n;
			ran++;
		}
	}
	*tasks = tvp_median(t, w);
	*busy = (double)ran / (double)w;
}

static enum tvp_state many_waiting(const struct point *th,
                                   const struct point *pr, enum tvp_state pool5,
                                   struct tvp_side *fs, char *out, size_t len)
{
	struct est r = tvp_est_ratio(speedup_est(th), speedup_est(pr));
	double tt, tb, pt, pb;

	/* what ran, in both models: every worker waiting, several times */
	tasks_ran(th, &tt, &tb);
	tasks_ran(pr, &pt, &pb);
	tvp_cond(fs, "tasks_per_worker_many", "tasks", lowest(tt, pt),
	         TVP_AT_LEAST, IO_TASKS_PER_WORKER);
	tvp_cond(fs, "workers_busy_many", "share", lowest(tb, pb), TVP_AT_LEAST,
	         WORKERS_BUSY);
	fig(fs, "threads_over_procs_many", "x", r);
	tvp_rests_on(fs, "threads_over_procs_many");
	/* (the note where this ratio decides the side: the Pool(5) test
	 * passed, and its "at" only where that test is settled) */
	if ((pool5 & (ST_HOLDS | ST_PARTLY)) &&
	    (!tvp_unsettled(pool5) ||
	     tvp_unsettled(tvp_ladder(r, 1 / BETTER, BETTER))))
		tvp_cw_settle_note(out, len, r, 1 / BETTER, BETTER,
		                   "threads' throughput over processes' at "
		                   "the most workers");
	return tvp_rule_many_waiting(r, pool5);
}

static enum tvp_state io_evidence(const struct ctx *c, const char *lang,
                                  const char *wl, char *out, size_t len,
                                  char *k_out, struct tvp_side *fs)
{
	const struct tvp_claimruns *mk = &c->fo->makespan;
	struct est te = wall_range(mk, lang, "threads", NULL, 30);
	struct est pe = wall_range(mk, lang, "procs", NULL, 30);
	double t = te.v, p = pe.v;
	double ms = NAN, pred;
	enum tvp_state s;
	const struct point *th = tvp_best_point(c->pts, c->n, wl, "threads");
	const struct point *pr = tvp_best_point(c->pts, c->n, wl, "procs");
	for (size_t i = 0; i < mk->n; i++)
		if (mk->v[i].tasks == 30)
			ms = mk->v[i].ms;
	if (isnan(t) || isnan(p) || isnan(ms)) {
		tvp_cw_text(out, len, "not measured");
		return ST_NA;
	}
	pred = 6 * ms / 1000;
	tvp_cond(fs, "tasks_per_worker", "tasks",
	         fewest_tasks_per_worker(mk, lang, 30), TVP_AT_LEAST,
	         IO_TASKS_PER_WORKER);
	fig_point(fs, "sleep_ms", "ms", ms);
	fig_point(fs, "predicted_s", "s", pred);
	fig(fs, "threads_s", "s", te);
	fig(fs, "procs_s", "s", pe);
	tvp_cw_pool5(out, len, k_out, ms, t, p, pred);
	if (th && pr) {
		fig_point(fs, "workers", "workers", (double)th->workers);
		fig(fs, "threads_vs_serial", "x", speedup_est(th));
		fig(fs, "procs_vs_serial", "x", speedup_est(pr));
		tvp_cw_io_workers(out, len, wl, th->workers, th->speedup,
		                  pr->speedup);
	}
	s = tvp_rule_pool5(te, pe, pred);
	tvp_rests_on(fs, "procs_s");
	enum tvp_state pool5 = s;

	if (th && pr) {
		s = many_waiting(th, pr, s, fs, out, len);
		const struct tvp_figure *m =
		        tvp_fig_get(fs, "threads_over_procs_many");

		if (m && !isnan(m->value))
			tvp_cw_many_key(k_out, th->workers, th->tasks,
			                th->task_ms, m->value);
	}
	/* (the Pool(5) test's note where it leaves the side open: where
	 * the waiting workers' ratio settles it, the side is not open) */
	if (tvp_unsettled(s))
		tvp_cw_corners_note(out, len, pool5);
	return s;
}

static enum tvp_verdict c3(struct ctx *c, char *ce, char *pe, size_t len)
{
	enum tvp_state a =
	        io_evidence(c, "c", "sleep", ce, len, c->ck, &c->fs[0]);
	enum tvp_state b =
	        io_evidence(c, "python", "pysleep", pe, len, c->pk, &c->fs[1]);

	return sides(c, a, b);
}

/* A pyspawn line of the variant from a parent of parent_mib (the line
 * with no parent size, a thread's, matches any), else the variant's
 * first; NULL when there is none. */
static const struct tvp_spawn *py_at(const struct tvp_spawns *all,
                                     const char *variant, double parent_mib)
{
	const struct tvp_spawn *first = NULL;

	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_spawn *q = &all->v[i];
		double m = q->parent_rss_mib;

		if (strcmp(q->variant, variant))
			continue;
		if (!first)
			first = q;
		if (m == parent_mib)
			return q;
	}
	return first;
}

/* The last of all's lines of the variant: of the spawn lines, the one
 * from the largest parent. */
static const struct tvp_spawn *last_variant(const struct tvp_spawns *all,
                                            const char *variant)
{
	const struct tvp_spawn *last = NULL;

	for (size_t i = 0; i < all->n; i++)
		if (!strcmp(all->v[i].variant, variant))
			last = &all->v[i];
	return last;
}

/* The last footprint line of a process in the phase, among those with
 * their copy-on-write faults where cow. */
static const struct tvp_footprint *
process_phase(const struct tvp_footprints *all, const char *phase, bool cow)
{
	const struct tvp_footprint *last = NULL;

	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_footprint *q = &all->v[i];

		if (!strcmp(q->variant, "process") &&
		    !strcmp(q->phase, phase) &&
		    (!cow || !isnan(q->cow_minflt_per_worker)))
			last = q;
	}
	return last;
}

/* C4's figures and conditions in C: re the fork/thread ratio, kept the
 * share of the buffer an idle child holds. */
static void spawn_figures(struct tvp_side *fs, const struct spawn_lines *l,
                          struct est re, double kept)
{
	fig_point(fs, "parent_mib", "MiB", l->fork->parent_rss_mib);
	/* a fork figure means nothing without the parent's memory and
	 * whether huge pages backed it (every format of a C spawn line has
	 * both, so the loader refuses a line without them and these always
	 * hold; kept in claims.json as the record that they were read) */
	tvp_cond(fs, "parent_memory_recorded", "bool",
	         !isnan(l->fork->parent_rss_mib), TVP_AT_LEAST, 1);
	tvp_cond(fs, "huge_pages_recorded", "bool", l->fork->thp >= 0,
	         TVP_AT_LEAST, 1);
	fig(fs, "fork_us", "us",
	    spread_est(&l->fork->us_per_op, l->fork->reps));
	fig(fs, "thread_us", "us",
	    spread_est(&l->thread->us_per_op, l->thread->reps));
	fig(fs, "fork_over_thread", "x", re);
	fig_point(fs, "buffer_mib", "MiB", l->idle->buffer_mib);
	fig_point(fs, "idle_child_share", "share", kept);
	/* (the share is each child's mean, over this many at once) */
	fig_point(fs, "idle_children", "children", l->idle->workers);
	if (l->written) {
		fig_point(fs, "cow_faults_per_child", "faults",
		          l->written->cow_minflt_per_worker);
		fig_point(fs, "pages_per_child", "pages",
		          l->written->pages_per_worker);
	}
	if (!isnan(l->fork->fork_us.v))
		fig(fs, "fork_return_us", "us",
		    spread_est(&l->fork->fork_us, l->fork->reps));
}

/* C4's figures and condition in Python: r the Process (fork) / Thread
 * ratio; spawn the spawn start method's line, or NULL. */
static void pyspawn_figures(struct tvp_side *fs, const struct tvp_spawn *fork,
                            const struct tvp_spawn *thread,
                            const struct tvp_spawn *spawn, struct est r)
{
	/* the start method, and the parent's size it forked */
	tvp_cond(fs, "start_method_recorded", "bool", *fork->start_method != 0,
	         TVP_AT_LEAST, 1);
	fig(fs, "fork_us", "us", spread_est(&fork->us_per_op, fork->reps));
	fig(fs, "thread_us", "us",
	    spread_est(&thread->us_per_op, thread->reps));
	fig(fs, "fork_over_thread", "x", r);
	if (spawn)
		fig(fs, "spawn_us", "us",
		    spread_est(&spawn->us_per_op, spawn->reps));
}

/* A spawn line's cost over its baseline's (paired_ratio). */
static struct est spawn_ratio(const struct tvp_spawn *q,
                              const struct tvp_spawn *base)
{
	return paired_ratio(&q->vs_thread,
	                    twin_of(q->vs_thread_variant, base->variant),
	                    &q->us_per_op, q->reps, &base->us_per_op,
	                    base->reps);
}

static enum tvp_verdict c4(struct ctx *c, char *ce, char *pe, size_t len)
{
	struct spawn_lines l = {
		last_variant(&c->fo->spawn, "fork"),
		last_variant(&c->fo->spawn, "thread"),
		process_phase(&c->fo->footprint, "idle", false),
		process_phase(&c->fo->footprint, "written", true),
	};
	enum tvp_state a = ST_NA, b = ST_NA;

	tvp_cw_text(ce, len, "not measured");
	tvp_cw_text(pe, len, "not measured");
	if (l.fork && l.thread && l.idle) {
		/* paired in rotation where the data has it (spawn.c) */
		struct est re = spawn_ratio(l.fork, l.thread);
		double kept = l.idle->pss_kib_per_worker /
		              (l.idle->buffer_mib * 1024);

		spawn_figures(&c->fs[0], &l, re, kept);
		tvp_cw_spawn(c, ce, len, &l, re.v, kept);
		a = tvp_rule_copies(tvp_rule_creation(re), kept);
		tvp_rests_on(&c->fs[0], "fork_over_thread");
		tvp_cw_settle_note(ce, len, re, COSTLIER, COSTLIER,
		                   "the fork/thread ratio");
	}
	/* Python from a parent of the same size as C's where it has one
	 * (like with like), else its first */
	double parent = l.fork ? l.fork->parent_rss_mib : NAN;
	const struct tvp_spawn *fork = py_at(&c->fo->pyspawn, "process-fork",
	                                     parent),
	                       *thread =
	                               py_at(&c->fo->pyspawn, "thread", parent);

	if (fork && thread) {
		const struct tvp_spawn *spawn =
		        py_at(&c->fo->pyspawn, "process-spawn", parent);
		struct est r = spawn_ratio(fork, thread);

		pyspawn_figures(&c->fs[1], fork, thread, spawn, r);
		tvp_cw_pyspawn(c, pe, len, fork, thread, spawn, r.v);
		/* (what a child holds is measured in C only: costlier
		 * alone, the rule's partly) */
		b = tvp_rule_copies(tvp_rule_creation(r), NAN);
		tvp_rests_on(&c->fs[1], "fork_over_thread");
		tvp_cw_settle_note(pe, len, r, COSTLIER, COSTLIER, "the ratio");
	}
	return sides(c, a, b);
}

/*
 * C5 shows only when oversubscribed workers are preempted, many times
 * each (the least-preempted of them; a line with the mean alone bounds
 * the least from above), and the workers of one CPU together hold more
 * memory than its L2 cache, so that a switch has something to lose.
 */
static void oversub_conditions(struct tvp_side *fs,
                               const struct tvp_oversub *t1,
                               const struct tvp_oversub *p1)
{
	double least = INFINITY, ws = INFINITY;
	const struct tvp_oversub *v[2] = { t1, p1 };

	for (int k = 0; k < 2; k++) {
		double m = v[k]->ivcsw_min_worker;
		double mean = v[k]->ivcsw_per_worker;

		if (isnan(m))
			m = mean < PREEMPTED ? mean : NAN;
		least = m < least || isnan(m) ? m : least;
		double w = v[k]->working_set_kib * v[k]->workers_per_cpu /
		           v[k]->l2_kib;
		ws = w < ws || isnan(w) ? w : ws;
	}
	tvp_cond(fs, "ivcsw_least_preempted", "switches", least, TVP_AT_LEAST,
	         PREEMPTED);
	tvp_cond(fs, "working_set_over_l2", "x", ws, TVP_AT_LEAST, 1);
	/* (recorded: the line has the key, null where the machine does not
	 * say, as on ARM: the format that brought it) */
	tvp_cond(fs, "pcid_recorded", "bool", p1->format >= 4, TVP_AT_LEAST, 1);
}

static struct oversub oversub_of(const struct tvp_oversubs *all)
{
	struct oversub o = { NULL, NULL, NULL, NULL };

	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_oversub *q = &all->v[i];
		bool proc = !strcmp(q->variant, "process");

		if (q->workers_per_cpu == 1)
			*(proc ? &o.p0 : &o.t0) = q;
		*(proc ? &o.p1 : &o.t1) = q; /* the most oversubscribed last */
	}
	return o;
}

/* C5's figures and conditions: each model's time at the most workers per
 * CPU against one per CPU (et, ep), its memory and its preemptions. */
static void oversub_figures(struct tvp_side *fs, const struct oversub *o,
                            struct est et, struct est ep)
{
	fig_point(fs, "workers_per_cpu", "workers", o->p1->workers_per_cpu);
	fig(fs, "threads_vs_1x", "x", et);
	fig(fs, "procs_vs_1x", "x", ep);
	fig_point(fs, "threads_pss_mib", "MiB", o->t1->pss_kib_total / 1024);
	fig_point(fs, "procs_pss_mib", "MiB", o->p1->pss_kib_total / 1024);
	fig_point(fs, "threads_ivcsw_per_worker", "switches",
	          o->t1->ivcsw_per_worker);
	fig_point(fs, "procs_ivcsw_per_worker", "switches",
	          o->p1->ivcsw_per_worker);
	oversub_conditions(fs, o->t1, o->p1);
}

/*
 * The workers' CPU time for the same work (oversub lines with it also
 * keep their workers alive until the last is done): what oversubscribing
 * cost in CPU, which the host's steal does not move. Each worker the same
 * work at every level (lines with a share per worker): the CPU time per
 * share against 1x, within each round, as figures too; else the run's CPU
 * time for the same total.
 */
static void oversub_cpu(struct tvp_side *fs, char *ce, size_t len,
                        const struct oversub *o)
{
	if (!isnan(o->p1->cpu_vs_one_per_cpu.v)) {
		struct est ct = spread_est(&o->t1->cpu_vs_one_per_cpu,
		                           o->t1->reps),
		           cp = spread_est(&o->p1->cpu_vs_one_per_cpu,
		                           o->p1->reps);

		fig(fs, "threads_cpu_vs_1x", "x", ct);
		fig(fs, "procs_cpu_vs_1x", "x", cp);
		tvp_cw_oversub_cpu(ce, len, true, ct.v, cp.v);
	} else if (!isnan(o->p1->cpu_ms_per_run))
		tvp_cw_oversub_cpu(
		        ce, len, false,
		        o->t1->cpu_ms_per_run / o->t0->cpu_ms_per_run,
		        o->p1->cpu_ms_per_run / o->p0->cpu_ms_per_run);
}

/* A level's time over its model's at 1 per CPU: the ratio the program
 * paired in rotation where the line has it, else the medians'. */
static struct est oversub_ratio(const struct tvp_oversub *q,
                                const struct tvp_oversub *base)
{
	return paired_ratio(&q->vs_one_per_cpu, true, &q->ms_per_run, q->reps,
	                    &base->ms_per_run, base->reps);
}

static enum tvp_verdict c5(struct ctx *c, char *ce, char *pe, size_t len)
{
	struct oversub o = oversub_of(&c->fo->oversub);
	struct tvp_side *fs = &c->fs[0];
	enum tvp_state a;

	tvp_cw_text(ce, len, "not measured");
	tvp_cw_text(pe, len, "not measured (C only)");
	if (!o.t0 || !o.t1 || !o.p0 || !o.p1)
		return sides(c, ST_NA, ST_NA);
	/* paired in rotation where the data has it (oversub.c) */
	struct est et = oversub_ratio(o.t1, o.t0),
	           ep = oversub_ratio(o.p1, o.p0);
	bool live = !strcmp(o.p1->timed, "release-to-last-done");

	oversub_figures(fs, &o, et, ep);
	tvp_cw_oversub(c, ce, len, &o, et.v, ep.v);
	if (!live) {
		tvp_cw_whole_runs(ce, len);
		return sides(c, ST_NA, ST_NA);
	}
	tvp_cw_oversub_switches(ce, len, &o);
	oversub_cpu(fs, ce, len, &o);
	a = tvp_rule_oversub(ep, et);
	tvp_rests_on(fs, "procs_vs_1x");
	tvp_cw_corners_note(ce, len, a);
	/* Oversub lines without cpu_ms_per_run (before the evening of
	 * 2026-12-04) let a process end as soon as its share was done, and
	 * its exit fell inside the figure: the processes' figure is then an
	 * upper bound, and only "does not hold" stands on it. (Such lines,
	 * formats 0-2, also predate the working set and L2 that C5's
	 * conditions read, so the side is not measured there either way.) */
	bool outlived = !isnan(o.p1->cpu_ms_per_run);

	/* (in claims.json: whether the workers outlived the clock, 1 or 0,
	 * the fact this branch turns on) */
	fig_point(fs, "workers_outlived_clock", "bool", outlived);
	if (!outlived) {
		tvp_cw_early_exit(ce, len, a == ST_NOT);
		if (a != ST_NOT)
			a = ST_NA;
	}
	return sides(c, a, ST_NA);
}

/* What lines_median takes the median of: a run's figure. */
static double run_tasks(const struct tvp_claimrun *p)
{
	return p->tasks;
}

static double run_workers(const struct tvp_claimrun *p)
{
	return p->workers;
}

static double run_creation_share(const struct tvp_claimrun *p)
{
	return p->spawn_ns / p->wall_ns;
}

static double run_task_cpu_ns(const struct tvp_claimrun *p)
{
	return p->task_cpu_ns / p->tasks;
}

/* The median over lang's runs of model/sched of x (a run's figure); NAN
 * where none has it. */
static double lines_median(const struct tvp_claimruns *all, const char *lang,
                           const char *model, const char *sched,
                           double (*x)(const struct tvp_claimrun *))
{
	double v[64];
	size_t n = 0;

	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_claimrun *p = &all->v[i];
		double y = x(p);

		if (!strcmp(lang_of(p), lang) && !strcmp(p->model, model) &&
		    !strcmp(p->schedule, sched) && !isnan(y) && n < 64)
			v[n++] = y;
	}
	return n ? tvp_median(v, n) : NAN;
}

/* The larger of a and b over the smaller: 1 when equal. */
static double apart(double a, double b)
{
	return a > b ? a / b : b / a;
}

/*
 * C6 shows what a pool saves only when the pool's run lasts (a run of a
 * few ms is its start and end), creating its workers is a small part of
 * it, and both languages ran the same tasks of about the same work.
 */
static void pool_conditions(const struct ctx *c, const char *lang,
                            struct tvp_side *fs)
{
	const char *other = strcmp(lang, "c") ? "c" : "python";

	const struct tvp_claimruns *pool = &c->fo->pool;

	tvp_cond(fs, "pool_run_s", "s",
	         median_wall(pool, lang, "procs", "pool", 0), TVP_AT_LEAST,
	         POOL_RUN_S);
	tvp_cond(fs, "pool_creation_share", "share",
	         lines_median(pool, lang, "procs", "pool", run_creation_share),
	         TVP_AT_MOST, POOL_CREATION);
	tvp_cond(fs, "tasks_across_languages", "x",
	         apart(lines_median(pool, lang, "procs", "pool", run_tasks),
	               lines_median(pool, other, "procs", "pool", run_tasks)),
	         TVP_AT_MOST, 1);
	tvp_cond(fs, "work_per_task_across_languages", "x",
	         apart(lines_median(pool, lang, "procs", "pool",
	                            run_task_cpu_ns),
	               lines_median(pool, other, "procs", "pool",
	                            run_task_cpu_ns)),
	         TVP_AT_MOST, SAME_WORK);
}

static enum tvp_state pool_evidence(const struct ctx *c, const char *lang,
                                    char *out, size_t len, char *k_out,
                                    struct tvp_side *fs)
{
	const struct tvp_claimruns *pool = &c->fo->pool;
	struct est ept = wall_range(pool, lang, "procs", "per-task", 0);
	struct est epp = wall_range(pool, lang, "procs", "pool", 0);
	/* round by round where the runs say their round */
	struct est r = round_ratio(pool, lang, "procs", "per-task", "pool");
	double pt = ept.v, pp = epp.v;
	enum tvp_state s;
	struct est ett = wall_range(pool, lang, "threads", "per-task", 0);
	struct est etp = wall_range(pool, lang, "threads", "pool", 0);
	/* (threads, the context, where they ran: FULL runs them) */
	bool threads = !isnan(ett.v) && !isnan(etp.v);

	if (isnan(pt) || isnan(pp)) {
		tvp_cw_text(out, len, "not measured");
		return ST_NA;
	}
	pool_conditions(c, lang, fs);
	fig(fs, "procs_per_task_s", "s", ept);
	fig(fs, "procs_pool_s", "s", epp);
	fig(fs, "per_task_over_pool", "x", r);
	if (threads) {
		fig(fs, "threads_per_task_s", "s", ett);
		fig(fs, "threads_pool_s", "s", etp);
	}
	/* how many tasks and how long each (its CPU in the pool's
	 * workers): the ratio is about 1 + a worker's creation over it */
	double ntasks = lines_median(pool, lang, "procs", "pool", run_tasks),
	       task_ms = lines_median(pool, lang, "procs", "pool",
	                              run_task_cpu_ns) /
	                 1e6;
	double workers = lines_median(pool, lang, "procs", "pool", run_workers);

	fig_point(fs, "tasks", "tasks", ntasks);
	fig_point(fs, "task_cpu_ms", "ms", task_ms);
	fig_point(fs, "pool_workers", "workers", workers);
	tvp_cw_pool(out, len, k_out, (double[2]){ pt, pp }, r.v,
	            r.iv != IV_QUOTIENT,
	            threads ? (double[2]){ ett.v, etp.v } : NULL);
	tvp_cw_pool_size(out, len, k_out, ntasks, task_ms, workers);
	s = tvp_rule_pool(r);
	tvp_rests_on(fs, "per_task_over_pool");
	tvp_cw_settle_note(out, len, r, 1, POOL_GAIN, "per-task / pool");
	return s;
}

static enum tvp_verdict c6(struct ctx *c, char *ce, char *pe, size_t len)
{
	enum tvp_state a = pool_evidence(c, "c", ce, len, c->ck, &c->fs[0]);
	enum tvp_state b =
	        pool_evidence(c, "python", pe, len, c->pk, &c->fs[1]);

	return sides(c, a, b);
}

/* A flag as 1 or 0; NAN when the line does not say. */
static double flag(int v)
{
	return v >= 0 ? v : NAN;
}

/* C7's figures: the largest message's ratio (the one the rule rests
 * on), the smallest's, and where a size leaves the verdict open (held),
 * that size's ratio, which it then rests on: the card's number is the
 * one that keeps it open. */
/* The sizes of a pair's figures: the smallest, the largest, and the ones
 * whose ratio was the highest and the lowest. */
struct pair_sizes {
	double smallest, largest, most, least;
};

static void pair_figures(struct tvp_side *fs, struct est first, struct est last,
                         struct est most, struct est least,
                         const struct pair_sizes *sz, const char *rests,
                         const struct est *held, double held_bytes)
{
	fig(fs, "process_over_thread", "x", last);
	fig(fs, "process_over_thread_smallest", "x", first);
	fig(fs, "process_over_thread_most", "x", most);
	fig(fs, "process_over_thread_least", "x", least);
	fig_point(fs, "smallest_size_bytes", "bytes", sz->smallest);
	fig_point(fs, "largest_size_bytes", "bytes", sz->largest);
	fig_point(fs, "most_size_bytes", "bytes", sz->most);
	fig_point(fs, "least_size_bytes", "bytes", sz->least);
	tvp_rests_on(fs, rests);
	if (held != NULL) {
		fig(fs, "process_over_thread_at_open_size", "x", *held);
		fig_point(fs, "open_size_bytes", "bytes", held_bytes);
		tvp_rests_on(fs, "process_over_thread_at_open_size");
	}
}

/*
 * How long a repetition of an IPC line lasted at least, in ms: its rep_ms
 * where it says so. A Python line (bench pyipc) from before that field,
 * inferred: 5 ms where it rests on 21 repetitions (the quick setting of
 * the four runs of 2026-12-06 that used it, vm-epyc-run27 to run30; every
 * other folder's Python IPC lines rest on 11), else at least 10 (quick's
 * 10 before them, FULL's 100), read as 10. A C line without one: NaN (no
 * condition).
 */
static double rep_ms_of(const struct tvp_ipc *l)
{
	if (!isnan(l->rep_ms))
		return l->rep_ms;
	if (strcmp(l->bench, "pyipc"))
		return NAN;
	return l->reps == 21 ? 5 : 10;
}

/* An ipc line's round trip over its twin's: the ratio the program paired
 * in rotation where the line has it against that twin, else the
 * medians'. */
static struct est ipc_ratio(const struct tvp_ipc *q, const struct tvp_ipc *base)
{
	return paired_ratio(&q->vs_thread,
	                    twin_of(q->vs_thread_variant, base->variant),
	                    &q->us_per_roundtrip, q->reps,
	                    &base->us_per_roundtrip, base->reps);
}

/* The figure a pair's verdict rests on, where no size holds it open: for
 * a claim that does not hold, the size whose interval reaches highest;
 * else the largest message's, or, where that size reads otherwise, the
 * lowest's or highest's that reads as the verdict does. */
static const char *pair_rests(bool open, enum tvp_state across,
                              enum tvp_state largest, enum tvp_state least,
                              enum tvp_state most)
{
	if (open)
		return "process_over_thread";
	if (across == ST_NOT)
		return "process_over_thread_top";
	if (across != largest && least == across)
		return "process_over_thread_least";
	if (across != largest && most == across)
		return "process_over_thread_most";
	return "process_over_thread";
}

/*
 * One like-for-like pair at every message size both ends measured: the
 * process end's round trip over the thread end's, judged at each size on
 * the ladder (partly, holds) and across them (tvp_rule_across_sizes). The
 * figure the verdict rests on: the size that holds it open; else, for a
 * claim that does not hold, the size whose interval reaches highest (the
 * largest effect left possible); else the largest message's, or, where
 * that size reads otherwise, the lowest's or highest's that reads as the
 * verdict does. The other sizes' figures stand beside it; each size's
 * ratio goes into the sentence.
 */
static enum tvp_state pair_across_sizes(const struct tvp_ipcs *lines,
                                        const char *vp, const char *vt,
                                        double partly, double holds,
                                        struct tvp_side *fs, char *out,
                                        size_t len)
{
	enum tvp_state st[64];
	int n = 0;
	double same_copies = 1, open_bytes = NAN, rep_ms = NAN;
	struct est first = { NAN, NAN, NAN, 0, IV_NONE }, last = first,
	           held = first, /* the first size that leaves it open */
	        most = first,    /* the size with the highest ratio */
	        least = first,   /* the lowest */
	        top = first;     /* the one whose interval reaches highest */
	enum tvp_state st_most = ST_NA, st_least = ST_NA;
	double top_bytes = NAN;
	struct pair_sizes sz = { NAN, NAN, NAN, NAN };
	for (size_t i = 0; i < lines->n; i++) {
		const struct tvp_ipc *p = &lines->v[i], *t;

		if (strcmp(p->variant, vp) || strcmp(p->mode, "latency"))
			continue;
		t = tvp_ipc_latency(lines, vt, p->msg_bytes);
		if (t == NULL || n == 64)
			continue;
		struct est r = ipc_ratio(p, t);

		st[n] = tvp_rule_pair(r, partly, holds);
		for (int e = 0; e < 2; e++) {
			double ms = rep_ms_of(e ? t : p);

			rep_ms = isnan(rep_ms) || ms < rep_ms ? ms : rep_ms;
		}
		if (isnan(flag(p->copies) + flag(t->copies)))
			same_copies = NAN;
		else if (flag(p->copies) != flag(t->copies))
			same_copies = 0;
		tvp_cw_pair_size(out, len, n == 0, p->msg_bytes, r.v);
		if (tvp_unsettled(st[n]) && isnan(open_bytes)) {
			held = r;
			open_bytes = p->msg_bytes;
		}
		if (isnan(first.v)) {
			first = r;
			sz.smallest = p->msg_bytes;
		}
		if (isnan(most.v) || r.v > most.v) {
			most = r, st_most = st[n];
			sz.most = p->msg_bytes;
		}
		if (isnan(least.v) || r.v < least.v) {
			least = r, st_least = st[n];
			sz.least = p->msg_bytes;
		}
		if (isnan(top.v) || r.hi > top.hi) {
			top = r;
			top_bytes = p->msg_bytes;
		}
		last = r;
		sz.largest = p->msg_bytes;
		n++;
	}
	if (n == 0)
		return ST_NA;
	enum tvp_state across = tvp_rule_across_sizes(st, n);
	/* (a size open where the others settle it anyway: settled) */
	bool open = tvp_unsettled(across) != 0;
	fig(fs, "process_over_thread_top", "x", top);
	fig_point(fs, "top_size_bytes", "bytes", top_bytes);
	pair_figures(fs, first, last, most, least, &sz,
	             pair_rests(open, across, st[n - 1], st_least, st_most),
	             open ? &held : NULL, open_bytes);
	tvp_cond(fs, "same_copies", "bool", same_copies, TVP_AT_LEAST, 1);
	if (!isnan(rep_ms))
		tvp_cond(fs, "repetition_ms", "ms", rep_ms, TVP_AT_LEAST,
		         REP_MS);
	tvp_cw_pair_note(out, len, open ? held : last, partly, holds, open,
	                 open_bytes);
	return across;
}

static enum tvp_verdict c7(struct ctx *c, char *ce, char *pe, size_t len)
{
	enum tvp_state a, b;

	/* C: the same copying ring between processes and between threads;
	 * within SHARES of threads, processes need not serialise to talk
	 * (the claim does not hold in C); far behind: partly at most */
	tvp_cw_text(ce, len,
	            "a round trip through the same shared-memory ring, "
	            "processes over threads, by message size: ");
	a = pair_across_sizes(&c->fo->ipc, "shm", "threads", SHARES, INFINITY,
	                      &c->fs[0], ce, len);
	if (a == ST_NA)
		tvp_cw_text(ce, len, "not measured");
	else
		tvp_cw_pair_key(c->ck, "shm ring", 2, &c->fs[0], "threads'");
	if (a != ST_NA)
		tvp_cw_ptr(&c->fo->ipc, ce, len);
	/* Python: multiprocessing.Queue (pickled through a pipe) against a
	 * thread queue that copies the bytes too: what a process must do
	 * beyond the copy */
	tvp_cw_text(pe, len,
	            "a round trip, multiprocessing.Queue over a thread queue "
	            "that copies the bytes, by message size: ");
	b = pair_across_sizes(&c->fo->pyipc, "mp-queue", "thread-queue-copy",
	                      -INFINITY, SHARES, &c->fs[1], pe, len);
	if (b == ST_NA)
		tvp_cw_text(pe, len, "not measured");
	else
		tvp_cw_pair_key(c->pk, "mp.Queue", 2, &c->fs[1],
		                "a copying thread queue");
	return sides(c, a, b);
}

/* A ctxsw line's partner switches a round trip. */
static double partner_switches(const struct tvp_ctxsw *q)
{
	return q->partner_vcsw_per_roundtrip + q->partner_ivcsw_per_roundtrip;
}

/* A ctxsw line's time per switch, with no interval (n its repetitions). */
static struct est per_switch(const struct tvp_ctxsw *q)
{
	return (struct est){ q->us_per_switch, NAN, NAN, (long)q->reps,
		             IV_NONE };
}

/* C8's figures and condition: p the process pair's line, t the thread
 * pair's, r the one's round trip over the other's. */
static void ctxsw_figures(struct tvp_side *fs, const struct tvp_ctxsw *p,
                          const struct tvp_ctxsw *t, struct est r)
{
	fig(fs, "process_us_per_switch", "us", per_switch(p));
	fig(fs, "thread_us_per_switch", "us", per_switch(t));
	fig(fs, "process_over_thread", "x", r);
	/* both ends switched out for every one-way message (lines from
	 * before both ends were counted: the partner every round trip) */
	if (p->format >= 2)
		tvp_cond(fs, "switches_per_msg", "switches",
		         lowest(p->switches_per_msg, t->switches_per_msg),
		         TVP_AT_LEAST, SWITCHES_PER_TRIP);
	else
		tvp_cond(fs, "switches_per_roundtrip", "switches",
		         lowest(partner_switches(p), partner_switches(t)),
		         TVP_AT_LEAST, SWITCHES_PER_TRIP);
	if (p->format >= 1) {
		fig_point(fs, "process_switches_per_roundtrip", "switches",
		          partner_switches(p));
		fig_point(fs, "thread_switches_per_roundtrip", "switches",
		          partner_switches(t));
	}
}

/*
 * C8: per switch on one CPU, processes over threads (a switch with its
 * wake-up, the round trip's pipe calls taken out in each rotation where
 * the line has them), the interval from the order statistics. Whether a
 * process switch costs more depends on the machine: with page-table isolation and no PCID every change of
 * address space flushes the TLB, so the sentence names that fact.
 */
static enum tvp_verdict c8(struct ctx *c, char *ce, char *pe, size_t len)
{
	const struct tvp_ctxsws *all = &c->fo->ctxsw;
	const struct tvp_ctxsw *t = NULL, *p = NULL;
	enum tvp_state a = ST_NA;

	tvp_cw_text(ce, len, "not measured");
	tvp_cw_text(pe, len, "not measured (C only)");
	for (size_t i = 0; i < all->n; i++)
		if (all->v[i].cpus == 1)
			*(strcmp(all->v[i].variant, "process") ? &t : &p) =
			        &all->v[i];
	if (t && p) {
		/* paired in rotation where the data has it (ctxsw.c) */
		struct est r = paired_ratio(&p->vs_thread, true,
		                            &p->us_per_roundtrip, p->reps,
		                            &t->us_per_roundtrip, t->reps);
		/* the switches alone, the pipe calls of a round trip taken
		 * out in each rotation, where the line has them: the figure
		 * the claim is about (older lines: the round trips') */
		bool net = !isnan(p->vs_thread_net.v);
		struct est rn = net ? spread_est(&p->vs_thread_net, p->reps)
		                    : r;

		ctxsw_figures(&c->fs[0], p, t, r);
		if (net) {
			fig_point(&c->fs[0], "pipe_calls_us", "us",
			          p->us_per_pipe_calls);
			fig(&c->fs[0], "process_over_thread_net", "x", rn);
		}
		/* (PTI decides it: the condition with the number) */
		c->cfig[0] = rn.v, c->cfig[1] = rn.lo, c->cfig[2] = rn.hi;
		tvp_cw_ctxsw(c, ce, len, p, t, r, net ? &rn : NULL,
		             partner_switches(p), partner_switches(t));
		a = tvp_rule_switch(rn);
		tvp_rests_on(&c->fs[0], net ? "process_over_thread_net"
		                            : "process_over_thread");
		tvp_cw_settle_note(ce, len, rn, SWITCH_SOME, SWITCH_MORE,
		                   "the ratio");
	}
	return sides(c, a, ST_NA);
}

/*
 * Whether a race run's workers ran at once: of the time from the first
 * start to the first end, the share during which every worker was
 * running (first end - last start over first end - first start). Until
 * one is done, all of them raced; after it, one finishing before the
 * others is the contention itself (a core that wins the line more often
 * ends sooner), not a sign that they took turns. From the line's
 * timeline; NAN without it.
 */
static double overlap_of(const struct tvp_race *q)
{
	double fs = q->first_start_ns, ls = q->last_start_ns,
	       fe = q->first_end_ns;

	if (!isnan(fs + ls + fe) && fe > fs)
		return fe > ls ? (fe - ls) / (fe - fs) : 0;
	return NAN;
}

/* Lost updates without the lock, exact with it, for one language. */
static enum tvp_state race_evidence(const struct tvp_races *all,
                                    const char *none, const char *locked,
                                    char *out, size_t len, char *k_out,
                                    struct tvp_side *fs)
{
	const struct tvp_race *tn = tvp_race_pick(all, none, "thread"),
	                      *pn = tvp_race_pick(all, none, "process"),
	                      *tl = tvp_race_pick(all, locked, "thread"),
	                      *pl = tvp_race_pick(all, locked, "process");
	bool exact;

	if (!tn || !pn || !tl || !pl) {
		tvp_cw_text(out, len, "not measured");
		return ST_NA;
	}
	exact = tl->lost_updates == 0 && pl->lost_updates == 0;
	/* (the run's size: workers, each adding this many times) */
	double workers = tn->workers, adds = tn->expected_count / workers;
	/* updates are lost only by workers that run at once */
	tvp_cond(fs, "overlap", "share", lowest(overlap_of(tn), overlap_of(pn)),
	         TVP_AT_LEAST, OVERLAP);
	tvp_fig(fs, "threads_lost_share", "share",
	        tn->lost_updates / tn->expected_count, NAN, NAN, 1, IV_EXACT);
	tvp_fig(fs, "procs_lost_share", "share",
	        pn->lost_updates / pn->expected_count, NAN, NAN, 1, IV_EXACT);
	tvp_rests_on(fs, "threads_lost_share");
	tvp_fig(fs, "workers", "workers", workers, NAN, NAN, 0, IV_NONE);
	tvp_fig(fs, "adds_per_worker", "adds", adds, NAN, NAN, 0, IV_NONE);
	tvp_fig(fs, "threads_lost_locked", "updates", tl->lost_updates, NAN,
	        NAN, 1, IV_EXACT);
	tvp_fig(fs, "procs_lost_locked", "updates", pl->lost_updates, NAN, NAN,
	        1, IV_EXACT);
	tvp_cw_race(out, len, k_out,
	            (double[2]){ tn->lost_updates, tn->expected_count },
	            (double[2]){ pn->lost_updates, pn->expected_count }, locked,
	            exact, workers, adds);
	return tvp_rule_race(tn->lost_updates, pn->lost_updates, exact);
}

static enum tvp_verdict c9(struct ctx *c, char *ce, char *pe, size_t len)
{
	enum tvp_state a = race_evidence(&c->fo->race, "none", "mutex", ce, len,
	                                 c->ck, &c->fs[0]);

	if (a != ST_NA)
		tvp_cw_sharing(&c->fo->race, ce, len);
	return sides(c, a,
	             race_evidence(&c->fo->pyrace, "none", "lock", pe, len,
	                           c->pk, &c->fs[1]));
}

static enum tvp_verdict c10(struct ctx *c, char *ce, char *pe, size_t len)
{
	enum tvp_state a =
	        tvp_server_evidence(c->fo, ce, len, c->ck, KEYLEN, &c->fs[0]);

	tvp_cw_text(pe, len, "not measured (C only)");
	return sides(c, a, ST_NA);
}

static const struct claim {
	const char *id, *statement, *seeds;
	claim_fn fn;
} claims[] = {
	{ "C1",
	  "Threads cannot speed up CPU-bound work; only one thread "
	  "holds the GIL",
	  "000, 002, 004", c1 },
	{ "C2",
	  "Processes give true parallelism: with 8 cores, 8 processes "
	  "run at once",
	  "001, 004", c2 },
	{ "C3",
	  "For IO-bound work threads are the right tool: while one "
	  "waits another runs, with no serialisation cost",
	  "002, 004", c3 },
	{ "C4",
	  "Creating a process is expensive: a child clones the "
	  "parent's memory; threads are light",
	  "003, 004", c4 },
	{ "C5",
	  "Too many processes slow the whole system down; threads only "
	  "add switching",
	  "003", c5 },
	{ "C6",
	  "A pool bounds the number of live processes and reuses them; "
	  "apply_async runs tasks in parallel",
	  "000, 002, 003", c6 },
	{ "C7", "Processes must serialise data to talk; threads share memory",
	  "001, 002", c7 },
	{ "C8", "Switching between processes costs more than between threads",
	  "004", c8 },
	{ "C9",
	  "A shared value updated by several workers without a lock "
	  "loses updates; a Lock fixes it",
	  "000, 001", c9 },
	{ "C10",
	  "Servers fork one worker process per CPU, each running "
	  "threads for IO (the nginx model)",
	  "002", c10 },
};

/*
 * A side that contradicts its claim says how far its interval lets the
 * effect go: the upper end of the figure the rule read (every rule here
 * supports its claim at the high end), as a figure of its own and in
 * words ("a process switch at most 1.08x a thread's").
 */
static void bound(struct tvp_side *s, char *ev, size_t len)
{
	const struct tvp_figure *f = &s->fig[s->rests_on - 1];

	if (isnan(f->hi) || strcmp(f->unit, "x"))
		return; /* (a ratio's: the others have no such direction) */
	tvp_fig(s, "largest_possible", f->unit, f->hi, NAN, NAN, f->n, IV_NONE);
	tvp_cw_bound(ev, len, f->name, f->hi);
}

/*
 * Conditions before verdicts: a side measured whose conditions were not
 * all met is not measured (its figures are kept, the sentence says which
 * condition failed and by how much), and so is the claim: the rule that
 * combines C and Python cannot stand on one side that did not show its
 * effect.
 */
static void gate(struct tvp_claim *r)
{
	char *ev[2] = { r->ce, r->pe };

	for (int k = 0; k < 2; k++) {
		struct tvp_side *s = &r->side[k];

		if (s->state == ST_NOT && s->rests_on && tvp_conds_met(s))
			bound(s, ev[k], sizeof(r->ce));
		/* (a side judged in parts, C10's, applies its conditions
		 * part by part: a part whose condition failed is not
		 * measured and left open, in c10.c) */
		if (s->state == ST_NA || s->npart > 0 || tvp_conds_met(s))
			continue;
		s->state = ST_NA;
		r->verdict = TVP_UNTESTED;
		tvp_cw_unmet(ev[k], sizeof(r->ce), s);
	}
}

int tvp_claims_judge(const struct tvp_folder *fo, struct tvp_claims *out)
{
	static const long seed_tasks[] = { 30, 10 };
	static const char *const lang[] = { "c", "python" },
	                         *model[] = { "threads", "procs" };
	struct ctx c = { .fo = fo, .pts = fo->pts, .n = fo->n };

	_Static_assert(sizeof(claims) / sizeof(*claims) == TVP_NCLAIMS,
	               "a row of claims[] per claim");
	c.machine = fo->machine ? json_incref(fo->machine) : json_object();
	for (int k = 0; k < TVP_NCLAIMS; k++) {
		struct tvp_claim *r = &out->c[k];

		c.ck[0] = c.pk[0] = '\0';
		memset(c.fs, 0, sizeof(c.fs));
		c.cfig[0] = c.cfig[1] = c.cfig[2] = NAN;
		r->id = claims[k].id;
		r->statement = claims[k].statement;
		r->seeds = claims[k].seeds;
		r->verdict = claims[k].fn(&c, r->ce, r->pe, sizeof(r->ce));
		tvp_cw_text(r->ck, sizeof(r->ck), c.ck);
		tvp_cw_text(r->pk, sizeof(r->pk), c.pk);
		memcpy(r->cfig, c.cfig, sizeof(r->cfig));
		memcpy(r->side, c.fs, sizeof(r->side));
		gate(r);
	}
	/* what the writers draw beside the verdicts */
	out->makespan_ms[0] = out->makespan_ms[1] = NAN;
	for (size_t i = 0; i < fo->makespan.n; i++)
		for (int k = 0; k < 2; k++)
			if (fo->makespan.v[i].tasks == seed_tasks[k])
				out->makespan_ms[k] = fo->makespan.v[i].ms;
	for (int k = 0; k < 2; k++)
		for (int m = 0; m < 4; m++) {
			struct est e = wall_range(&fo->makespan, lang[m / 2],
			                          model[m % 2], NULL,
			                          seed_tasks[k]);

			if (m == 0 || (e.n > 0 && (out->makespan_n[k] == 0 ||
			                           e.n < out->makespan_n[k])))
				out->makespan_n[k] = e.n;
			out->makespan_s[k][m] = e.v;
			out->makespan_lo[k][m] = e.lo;
			out->makespan_hi[k][m] = e.hi;
		}
	out->pool_any = false;
	for (int k = 0; k < 4; k++) {
		struct est t = wall_range(&fo->pool, lang[k / 2], model[k % 2],
		                          "per-task", 0),
		           p = wall_range(&fo->pool, lang[k / 2], model[k % 2],
		                          "pool", 0);
		double v[6] = { t.v, t.lo, t.hi, p.v, p.lo, p.hi };

		memcpy(out->pool[k], v, sizeof(v));
		out->pool_any |= !isnan(p.v);
	}
	json_decref(c.machine);
	return 0;
}

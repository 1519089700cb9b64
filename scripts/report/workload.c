/* SPDX-License-Identifier: MIT */
/*
 * A workload's section of report.md (workload.h): its table, the
 * sentences that read it (the yardsticks, the CPU-bound and IO-bound
 * lessons, the start-up beside the run), its plot data, and summary.csv
 * with a row per configuration.
 */
#include "workload.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "jsonl.h"
#include "out.h"
#include "observe.h"
#include "plot.h"
#include "stats.h"

static bool is_io(const struct point *p)
{
	return strcmp(p->kind, "io") == 0;
}

/* ---- summary.csv ---- */

static void csv_num(FILE *f, double v, const char *fmt)
{
	if (isnan(v))
		fputs(",", f);
	else
		fprintf(f, fmt, v);
}

int tvp_write_csv(const char *dir, const struct point *pts, long n)
{
	struct out o = { 0 };

	if (tvp_out_open(&o, dir, "summary.csv"))
		return -1;
	fputs("id,workload,kind,model,schedule,cpus,workers,tasks,runs,"
	      "median_s,ci_low_s,ci_high_s,cv_pct,noisy,speedup,speedup_low,"
	      "speedup_high,efficiency,karp_flatt,tasks_per_s,spawn_ms,"
	      "maxrss_kb,checksum,timed,startup_s,cycles_per_task,"
	      "instructions_per_task\n",
	      o.f);
	for (long i = 0; i < n; i++) {
		const struct point *p = &pts[i];
		double k = (double)tvp_x_of(p);

		fprintf(o.f,
		        "%s,%s,%s,%s,%s,%ld,%ld,%ld,%zu,%.6f,%.6f,%.6f,"
		        "%.2f,%s",
		        p->id, p->workload, p->kind, p->model, p->schedule,
		        p->ncpus, p->workers, p->tasks, p->sum.n, p->sum.median,
		        p->sum.ci_low, p->sum.ci_high, p->sum.cv_pct,
		        p->sum.cv_pct > TVP_NOISY_CV_PCT ? "yes" : "no");
		csv_num(o.f, p->speedup, ",%.4f");
		csv_num(o.f, p->speedup_low, ",%.4f");
		csv_num(o.f, p->speedup_high, ",%.4f");
		csv_num(o.f, is_io(p) ? NAN : p->speedup / k, ",%.4f");
		csv_num(o.f, is_io(p) ? NAN : tvp_serial_fraction(p, k),
		        ",%.4f");
		fprintf(o.f, ",%.2f,%.3f,%ld,%s,%s",
		        (double)p->tasks / p->sum.median, p->spawn_ms,
		        p->maxrss_kb, p->checksum,
		        p->in_process ? "in-process" : "whole-process");
		csv_num(o.f, p->startup_s, ",%.4f");
		csv_num(o.f, p->cycles / (double)p->tasks, ",%.0f");
		csv_num(o.f, p->instructions / (double)p->tasks, ",%.0f");
		fputc('\n', o.f);
	}
	return tvp_out_close(&o);
}

/* ---- plots: one .dat (a block per series) and one .vars per workload ---- */

struct series {
	const struct point *first; /* points [first, first + n) */
	long n;
	double amdahl_s;
};

/* Split a workload's sorted points (serial excluded) into series. */
static long find_series(const struct point *w, long n, struct series *s,
                        long max)
{
	long ns = 0;

	for (long i = 0; i < n; i++) {
		if (!strcmp(w[i].model, "serial"))
			continue;
		if (ns == 0 || strcmp(s[ns - 1].first->model, w[i].model) ||
		    strcmp(s[ns - 1].first->schedule, w[i].schedule)) {
			if (ns == max)
				break;
			s[ns++] = (struct series){ &w[i], 0, NAN };
		}
		s[ns - 1].n++;
	}
	for (long k = 0; k < ns; k++) {
		double p[256], sp[256];
		long m = 0;

		for (long i = 0; i < s[k].n && m < 256; i++, m++) {
			p[m] = (double)s[k].first[i].ncpus;
			sp[m] = s[k].first[i].speedup;
		}
		/* (work that grows with the workers has no Amdahl fit:
		 * the table gives Gustafson's serial fraction instead) */
		s[k].amdahl_s = s[k].first->tasks_per_worker > 0
		                        ? NAN
		                        : tvp_amdahl_fit(p, sp, (size_t)m);
		/* Well below serial on one core: a fixed start-up cost (e.g.
		 * mpirun), which Amdahl's serial fraction does not model. */
		for (long i = 0; i < m; i++)
			if (p[i] == 1 && sp[i] < 0.9)
				s[k].amdahl_s = NAN;
	}
	return ns;
}

static int write_plot_data(const char *dir, const char *name,
                           const struct point *serial, const struct series *s,
                           long ns, long ncores)
{
	struct tvp_plotfiles pf = { 0 };
	FILE *d, *v;
	bool io = is_io(s[0].first);
	long maxx = 1;

	if (tvp_plotfiles_open(&pf, dir, name, s[0].first->kind))
		return -1;
	d = pf.dat.f;
	v = pf.vars.f;
	for (long k = 0; k < ns; k++) {
		fprintf(d, "# %s %s\n", s[k].first->model,
		        s[k].first->schedule);
		for (long i = 0; i < s[k].n; i++) {
			const struct point *p = &s[k].first[i];
			double t = (double)p->tasks;

			if (tvp_x_of(p) > maxx)
				maxx = tvp_x_of(p);
			if (io)
				fprintf(d, "%ld %.4f %.4f %.4f\n", p->workers,
				        t / p->sum.median, t / p->sum.ci_high,
				        t / p->sum.ci_low);
			else
				fprintf(d, "%ld %.4f %.4f %.4f\n", p->ncpus,
				        p->speedup, p->speedup_low,
				        p->speedup_high);
		}
		fputs("\n\n", d);
	}
	fprintf(v,
	        "name = \"%s\"\nncores = %ld\nmaxx = %ld\n"
	        "N = %ld\narray T[%ld]\narray S[%ld]\n",
	        name, ncores, maxx > ncores ? maxx : ncores, ns, ns, ns);
	fprintf(v, "serial_tps = %.4f\n",
	        serial ? (double)serial->tasks / serial->sum.median : 0.0);
	for (long k = 0; k < ns; k++)
		fprintf(v, "T[%ld] = \"%s, %s\"\nS[%ld] = %.6f\n", k + 1,
		        s[k].first->model, s[k].first->schedule, k + 1,
		        isnan(s[k].amdahl_s) ? -1.0 : s[k].amdahl_s);
	return tvp_plotfiles_close(&pf);
}

/* The point of series s at x, or NULL. */
static const struct point *at(const struct series *s, long x)
{
	for (long i = 0; i < s->n; i++)
		if (tvp_x_of(&s->first[i]) == x)
			return &s->first[i];
	return NULL;
}

/* The pool series of a model (the default schedule), else its first. */
static const struct series *main_series(const struct series *s, long ns,
                                        const char *model)
{
	const struct series *any = NULL;

	for (long k = 0; k < ns; k++) {
		if (strcmp(s[k].first->model, model))
			continue;
		if (!strcmp(s[k].first->schedule, "pool"))
			return &s[k];
		if (any == NULL)
			any = &s[k];
	}
	return any;
}

/*
 * The hand-written pools against the standard tools at the same core count:
 * the speed of ours as a share of theirs (their time / our time), with a
 * bootstrap interval. MPI's whole-program time includes mpirun starting the
 * ranks, so its run alone (the program's own clock) is given too.
 */
#define YARDSTICK_PCT 2.0 /* the target: within 2% of OpenMP */

static void yardsticks(FILE *f, const struct series *s, long ns, long maxx)
{
	const struct series *t = main_series(s, ns, "threads");
	const struct series *o = main_series(s, ns, "openmp");
	const struct series *p = main_series(s, ns, "procs");
	const struct series *m = main_series(s, ns, "mpi");
	const struct point *pt = t ? at(t, maxx) : NULL;
	const struct point *po = o ? at(o, maxx) : NULL;
	const struct point *pp = p ? at(p, maxx) : NULL;
	const struct point *pm = m ? at(m, maxx) : NULL;
	double r, lo, hi;

	if (pt && po && !strcmp(pt->schedule, po->schedule)) {
		tvp_speedup(po->times, po->ntimes, pt->times, pt->ntimes,
		            tvp_seed_of(pt->id) ^ 0x0e11, &r, &lo, &hi);
		fprintf(f,
		        "Against OpenMP (`schedule(%s)`) on %ld cores the "
		        "hand-written thread %s runs at %.1f%% [%.1f, %.1f] of "
		        "its speed: ",
		        !strcmp(po->schedule, "pool") ? "dynamic, 1" : "static",
		        maxx, pt->schedule, 100 * r, 100 * lo, 100 * hi);
		/* The target is a floor: at most 2% slower. An interval
		 * wholly above it meets it, however far above it reaches. */
		if (lo >= 1 - YARDSTICK_PCT / 100)
			fprintf(f, "within the %.0f%% target%s. ",
			        YARDSTICK_PCT,
			        lo > 1 + YARDSTICK_PCT / 100
			                ? ", and more than that faster"
			        : lo > 1 ? ", and faster"
			                 : "");
		else if (hi < 1 - YARDSTICK_PCT / 100)
			fprintf(f,
			        "more than %.0f%% slower, a gap to explain. ",
			        YARDSTICK_PCT);
		else
			fprintf(f,
			        "*not settled*: the interval reaches below "
			        "%.0f%%, so whether it is within %.0f%% needs "
			        "more runs. ",
			        100 - YARDSTICK_PCT, YARDSTICK_PCT);
	}
	if (pp && pm && !strcmp(pp->schedule, pm->schedule)) {
		double run_p = tvp_median(pp->run_s, pp->nrun);
		double run_m = tvp_median(pm->run_s, pm->nrun);

		tvp_speedup(pm->times, pm->ntimes, pp->times, pp->ntimes,
		            tvp_seed_of(pp->id) ^ 0x3b1, &r, &lo, &hi);
		fprintf(f,
		        "Against MPI (ranks started by `mpirun`) the fork %s "
		        "runs at %.0f%% [%.0f, %.0f] of its speed over the "
		        "whole program, start-up included (MPI %.3f s, fork "
		        "%.3f s)",
		        pp->schedule, 100 * r, 100 * lo, 100 * hi,
		        pm->sum.median, pp->sum.median);
		if (pp->nrun > 0 && pm->nrun > 0)
			fprintf(f,
			        ", and at %.0f%% over the run alone (%.3f s "
			        "against %.3f s, the programs' own clocks); "
			        "the difference is what starting %ld MPI ranks "
			        "costs",
			        100 * run_m / run_p, run_m, run_p, maxx);
		fputs(". ", f);
	}
}

/* Threads' whole speedup interval at or above this share of the ideal:
 * they use every core, no interpreter lock holding them back. */
#define ALL_CORES_SHARE 0.75
/* A memory-bound curve's whole interval below this share of the ideal: the
 * memory bus sets the pace (the sentence says 80%). */
#define BUS_FULL_SHARE 0.8

/* Threads' speedup against processes' on the most cores, and whether their
 * intervals tell them apart. */
static void speedup_sentence(FILE *f, const struct point *pt,
                             const struct point *pp, long maxx, bool memory,
                             bool in_c)
{
	double k = (double)maxx;

	fprintf(f,
	        "on %ld cores threads reach a speedup of %.2fx [%.2f, "
	        "%.2f] and processes %.2fx [%.2f, %.2f], against the "
	        "ideal %ldx (dotted). ",
	        maxx, pt->speedup, pt->speedup_low, pt->speedup_high,
	        pp->speedup, pp->speedup_low, pp->speedup_high, maxx);
	/* no interval (too few rounds) tells nothing apart, and says so;
	 * the faster's lead over the slower, as a share of the slower */
	if (isnan(pt->speedup_low + pt->speedup_high + pp->speedup_low +
	          pp->speedup_high))
		fputs("Too few rounds for an interval: this run cannot "
		      "tell threads and processes apart. ",
		      f);
	else if (!(pt->speedup_low > pp->speedup_high ||
	           pp->speedup_low > pt->speedup_high))
		fputs("The intervals overlap: this run cannot tell "
		      "threads and processes apart. ",
		      f);
	else
		fprintf(f,
		        "The intervals do not overlap: %s are %.1f%% "
		        "faster here. ",
		        pt->speedup > pp->speedup ? "threads" : "processes",
		        100.0 * (fmax(pt->speedup, pp->speedup) /
		                         fmin(pt->speedup, pp->speedup) -
		                 1));
	if (in_c && !memory && pt->speedup_low >= ALL_CORES_SHARE * k && k > 1)
		fputs("In C no interpreter lock holds threads back: "
		      "they use every core, as processes do. ",
		      f);
}

/* For a memory-bound workload: whether threads' curve stays below 80% of
 * the ideal, or not, by the whole interval. */
static void memory_sentence(FILE *f, const struct point *pt, long maxx)
{
	double k = (double)maxx;

	fputs(pt->speedup_high < BUS_FULL_SHARE * k
	              ? "The curve stays below the ideal: this "
	                "workload streams through memory, and the "
	                "memory bus the cores share, not the cores, "
	                "sets its pace; more cores cannot make memory "
	                "faster. "
	      : pt->speedup_low >= BUS_FULL_SHARE * k
	              ? "At this core count the memory bus is not yet "
	                "full; on more cores the curve bends away from "
	                "the ideal where it is. "
	              : "Whether the memory bus is full at this core "
	                "count this run cannot tell: the interval "
	                "reaches both sides of 80% of the ideal. ",
	      f);
}

/* What the dashed curves are: nothing fitted where the work grows with
 * the cores (Gustafson's scaled speedup), else Amdahl's law fitted to
 * each series. */
static void fit_sentence(FILE *f, const struct series *s, long ns)
{
	if (ns > 0 && s[0].first->tasks_per_worker > 0) {
		fprintf(f,
		        "Each worker was given %ld tasks at every core count, so "
		        "the work grows with the cores and the speedup is a "
		        "ratio of throughputs (Gustafson's scaled speedup); the "
		        "table's serial fraction is Gustafson's, (k - S) / "
		        "(k - 1), and no Amdahl curve is fitted.\n\n",
		        s[0].first->tasks_per_worker);
		return;
	}
	fputs("Dashed: Amdahl's law fitted to each curve (serial fraction "
	      "s: ",
	      f);
	for (long i = 0; i < ns; i++)
		if (isnan(s[i].amdahl_s))
			fprintf(f,
			        "%s%s %s: no fit, one core runs below "
			        "serial speed, a fixed start-up cost",
			        i ? ", " : "", s[i].first->model,
			        s[i].first->schedule);
		else
			fprintf(f, "%s%s %s %.3f", i ? ", " : "",
			        s[i].first->model, s[i].first->schedule,
			        s[i].amdahl_s);
	fputs(").\n\n", f);
}

/* What to look at, for a CPU- or memory-bound workload. */
static void cpu_sentence(FILE *f, const struct series *s, long ns, long maxx,
                         bool memory, bool in_c)
{
	const struct series *t = main_series(s, ns, "threads");
	const struct series *p = main_series(s, ns, "procs");
	const struct point *pt = t ? at(t, maxx) : NULL;
	const struct point *pp = p ? at(p, maxx) : NULL;

	fputs("**What to look at:** ", f);
	if (pt && pp)
		speedup_sentence(f, pt, pp, maxx, memory, in_c);
	if (in_c)
		yardsticks(f, s, ns, maxx);
	if (memory && pt)
		memory_sentence(f, pt, maxx);
	fit_sentence(f, s, ns);
}

static double tps(const struct point *p)
{
	return (double)p->tasks / p->sum.median;
}

static void io_sentence(FILE *f, const struct point *serial,
                        const struct series *s, long ns, long maxx, long ncores)
{
	const struct series *t = main_series(s, ns, "threads");
	const struct series *p = main_series(s, ns, "procs");
	const struct point *pt = t ? at(t, maxx) : NULL;
	const struct point *pp = p ? at(p, maxx) : NULL;
	const struct point *at_cores = t ? at(t, ncores) : NULL;
	double base = serial ? tps(serial) : NAN;

	if (!(pt && at_cores) && !(pt && pp)) {
		fprintf(f,
		        "**What to look at:** this run has too few points to "
		        "say how throughput grows with workers (threads at "
		        "%ld and at %ld workers, or threads and processes at "
		        "%ld).\n\n",
		        ncores, maxx, maxx);
		return;
	}
	fputs("**What to look at:** ", f);
	if (pt && at_cores && tps(pt) >= 1.5 * tps(at_cores))
		fprintf(f,
		        "throughput keeps growing past the %ld cores (dotted "
		        "line), %.1fx from %ld to %ld workers, because a task "
		        "that waits holds no CPU. ",
		        ncores, tps(pt) / tps(at_cores), ncores, maxx);
	else if (pt && at_cores)
		fprintf(f,
		        "throughput grows only %.1fx from %ld to %ld workers: "
		        "these tasks need something more workers do not add "
		        "(CPU time, the disk, memory bandwidth), so waiting is "
		        "not what limits them here. ",
		        tps(pt) / tps(at_cores), ncores, maxx);
	if (pt && pp)
		fprintf(f,
		        "At %ld workers threads complete %.1f tasks/s and "
		        "processes %.1f tasks/s, %.1fx and %.1fx the serial "
		        "program's %.1f tasks/s; the time includes creating "
		        "the workers.",
		        maxx, tps(pt), tps(pp), tps(pt) / base, tps(pp) / base,
		        base);
	fputs("\n\n", f);
}

static void table(FILE *f, const struct point *w, long n)
{
	bool io = is_io(w);
	struct tvp_summary eff;

	fprintf(f,
	        "| model | schedule | %s | median s [95%% CI] | CV | runs | %s |\n",
	        io ? "workers" : "cores",
	        io ? "tasks/s | vs serial"
	        : w[n - 1].tasks_per_worker > 0
	                ? "speedup [95% CI] | efficiency | Gustafson e | "
	                  "model's efficiency"
	                : "speedup [95% CI] | efficiency | Karp-Flatt e | "
	                  "model's efficiency");
	fprintf(f, "|---|---|--:|---|--:|--:|%s\n",
	        io ? "--:|--:|" : "---|--:|--:|--:|");
	for (long i = 0; i < n; i++) {
		const struct point *p = &w[i];
		double k = (double)tvp_x_of(p);

		fprintf(f,
		        "| %s | %s | %ld | %.3f [%.3f, %.3f] | %.1f%%%s | %zu |",
		        p->model, p->schedule, tvp_x_of(p), p->sum.median,
		        p->sum.ci_low, p->sum.ci_high, p->sum.cv_pct,
		        p->sum.cv_pct > TVP_NOISY_CV_PCT ? " *noisy*" : "",
		        p->sum.n);
		if (io) {
			fprintf(f, " %.1f | %.2fx |\n",
			        (double)p->tasks / p->sum.median, p->speedup);
			continue;
		}
		if (k > 1)
			fprintf(f, " %.2f [%.2f, %.2f] | %.0f%% | %.3f |",
			        p->speedup, p->speedup_low, p->speedup_high,
			        100 * p->speedup / k,
			        tvp_serial_fraction(p, k));
		else
			fprintf(f, " %.2f [%.2f, %.2f] | %.0f%% | - |",
			        p->speedup, p->speedup_low, p->speedup_high,
			        100 * p->speedup);
		if (tvp_model_efficiency(p, &eff))
			fprintf(f, " %.0f%% |\n", 100 * eff.median);
		else
			fputs(" - |\n", f);
	}
	fputs("\n", f);
}

/*
 * A Python workload's figures are the program's own time (results.h);
 * the interpreter's start-up and exit, outside it, is its own figure:
 * the serial run's, and the range over the parallel ones.
 */
static void startup_sentence(FILE *f, const struct point *w, long n)
{
	double lo = NAN, hi = NAN;

	for (long i = 1; i < n; i++) {
		if (isnan(w[i].startup_s))
			continue;
		lo = isnan(lo) || w[i].startup_s < lo ? w[i].startup_s : lo;
		hi = isnan(hi) || w[i].startup_s > hi ? w[i].startup_s : hi;
	}
	bool python = !strcmp(w[0].lang, "python");

	if (is_io(w))
		fprintf(f,
		        "**Timed:** the program's own clock, from creating the "
		        "workers (counted in, as part of what the model costs) "
		        "to the last result in. Starting the %s and exiting "
		        "happen outside it",
		        python ? "interpreter, importing" : "program");
	else if (python)
		fputs("**Timed:** the program's own clock, from the first task "
		      "to the last result in. Starting the interpreter, "
		      "importing, creating the pool and exiting happen outside "
		      "it",
		      f);

	else
		fputs("**Timed:** the program's own clock, from the first task "
		      "to the last result in. Starting the program, creating "
		      "the workers before the first task and exiting happen "
		      "outside it",
		      f);
	fprintf(f,
	        " and are a figure of their own (hyperfine's "
	        "whole-process time less the timed part): %.3f s for the "
	        "serial run",
	        w[0].startup_s);
	if (!isnan(lo))
		fprintf(f, ", %.3f to %.3f s for the others", lo, hi);
	fputs("; counted in, they would add that much to every time "
	      "below and shrink every speedup.\n\n",
	      f);
}

int tvp_write_workload(FILE *f, const char *dir, const struct point *w, long n,
                       long ncores)
{
	struct series s[32];
	long ns = find_series(w, n, s, 32), maxx = 1;
	const struct point *serial = !strcmp(w[0].model, "serial") ? w : NULL;

	for (long i = 0; i < n; i++)
		if (strcmp(w[i].model, "serial") && tvp_x_of(&w[i]) > maxx)
			maxx = tvp_x_of(&w[i]);
	/* (given tasks per worker, the tasks grow with the workers) */
	if (strcmp(w[0].lang, "c"))
		fprintf(f, "### %s (%s-bound, %ld tasks%s, %s: %s)\n\n",
		        w[0].workload, w[0].kind, w[0].tasks,
		        w[0].tasks_per_worker > 0 ? " a worker" : "", w[0].lang,
		        w[0].interpreter);
	else
		fprintf(f, "### %s (%s-bound, %ld tasks%s)\n\n", w[0].workload,
		        w[0].kind, w[0].tasks,
		        w[0].tasks_per_worker > 0 ? " a worker" : "");
	if (w[0].in_process)
		startup_sentence(f, w, n);
	if (ns > 0) {
		if (write_plot_data(dir, w[0].workload, serial, s, ns, ncores))
			return -1;
		tvp_plot_embed(f, dir, w[0].workload, "%s: %s", w[0].workload,
		               is_io(w) ? "throughput vs workers"
		                        : "speedup vs cores");
		if (is_io(w))
			io_sentence(f, serial, s, ns, maxx, ncores);
		else
			cpu_sentence(f, s, ns, maxx,
			             !strcmp(w[0].kind, "memory"),
			             !strcmp(w[0].lang, "c"));
	}
	table(f, w, n);
	if (!is_io(w))
		return tvp_account_report(f, dir, w, n);
	return 0;
}

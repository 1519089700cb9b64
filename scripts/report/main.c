/* SPDX-License-Identifier: MIT */
/*
 * tvp-report: the last stage of the pipeline. It reads only a results
 * folder (raw/ID.hyperfine.json + raw/ID.out.json per configuration, and
 * machine.json) and writes, each through a temp file and a rename:
 *   DIR/summary.csv         one row per configuration
 *   DIR/plots/W.dat, W.vars the data and settings gnuplot draws
 *   DIR/report.md           this machine's section of RESULTS.md
 * The same folder always gives the same bytes: the bootstrap is seeded
 * from each configuration's id, and nothing reads the clock.
 *
 *   tvp-report point HYPERFINE.json OUT.json   checksum, median, CV
 *   tvp-report analyse DIR
 *   tvp-report wide DIR TARGET_PCT    configurations to run once more
 *   tvp-report publish LIST RESULTS.md  the page, from each listed folder's
 *                                       claims.json (publish.c)
 *   tvp-report verdicts DIR           a folder's verdicts, one line each
 */
#include <errno.h>
#include <dirent.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "claims.h"
#include "compare.h"
#include "jsonl.h"
#include "load.h"
#include "micro.h"
#include "out.h"
#include "plot.h"
#include "publish.h"
#include "server.h"
#include "serverdata.h"
#include "results.h"
#include "stats.h"

#define NOISY_CV_PCT 5.0 /* flag configurations spread wider than this */

static int cmd_point(const char *hf, const char *line)
{
	struct point p = { 0 };
	char err[512];

	if (tvp_read_hyperfine(hf, &p.times, &p.ntimes, err, sizeof(err)) ||
	    tvp_read_program_line(line, &p, err, sizeof(err))) {
		fprintf(stderr, "tvp-report: %s\n", err);
		free(p.times);
		json_decref(p.timeline);
		return 1;
	}
	tvp_summarize(p.times, p.ntimes, 1, &p.sum);
	printf("%s %.6f %.2f\n", p.checksum, p.sum.median, p.sum.cv_pct);
	free(p.times);
	json_decref(p.timeline);
	return 0;
}

/* ---- grouping ---- */

static int kind_rank(const char *kind)
{
	return strcmp(kind, "cpu") == 0      ? 0
	       : strcmp(kind, "memory") == 0 ? 1
	                                     : 2;
}

static bool is_io(const struct point *p)
{
	return strcmp(p->kind, "io") == 0;
}

static int cmp_points(const void *a, const void *b)
{
	const struct point *p = a, *q = b;
	int c;

	if ((c = kind_rank(p->kind) - kind_rank(q->kind)) != 0)
		return c;
	if ((c = strcmp(p->workload, q->workload)) != 0)
		return c;
	/* serial first, then threads before procs */
	if ((c = strcmp(q->model, p->model)) != 0)
		return strcmp(p->model, "serial") == 0   ? -1
		       : strcmp(q->model, "serial") == 0 ? 1
		                                         : c;
	if ((c = strcmp(p->schedule, q->schedule)) != 0)
		return c;
	return (int)(tvp_x_of(p) - tvp_x_of(q));
}

/*
 * How precisely a configuration is known: the half-width of its median's
 * 95% interval, or of its model's own efficiency's where that is wider,
 * in % of the figure.
 */
static double width_pct(const struct point *p)
{
	struct tvp_summary e;
	double width = 50 * (p->sum.ci_high - p->sum.ci_low) / p->sum.median;

	if (strcmp(p->model, "serial") && tvp_model_efficiency(p, &e) &&
	    50 * (e.ci_high - e.ci_low) / e.median > width)
		width = 50 * (e.ci_high - e.ci_low) / e.median;
	return width;
}

/* ---- summary.csv ---- */

static void csv_num(FILE *f, double v, const char *fmt)
{
	if (isnan(v))
		fputs(",", f);
	else
		fprintf(f, fmt, v);
}

static int write_csv(const char *dir, const struct point *pts, long n)
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
		        p->sum.cv_pct > NOISY_CV_PCT ? "yes" : "no");
		csv_num(o.f, p->speedup, ",%.4f");
		csv_num(o.f, p->speedup_low, ",%.4f");
		csv_num(o.f, p->speedup_high, ",%.4f");
		csv_num(o.f, is_io(p) ? NAN : p->speedup / k, ",%.4f");
		csv_num(o.f, is_io(p) ? NAN : tvp_karp_flatt(p->speedup, k),
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
		s[k].amdahl_s = tvp_amdahl_fit(p, sp, (size_t)m);
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

	if (tvp_plotfiles_open(&pf, dir, name))
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
	        "name = \"%s\"\nkind = \"%s\"\nncores = %ld\nmaxx = %ld\n"
	        "N = %ld\narray T[%ld]\narray S[%ld]\n",
	        name, s[0].first->kind, ncores, maxx > ncores ? maxx : ncores,
	        ns, ns, ns);
	fprintf(v, "serial_tps = %.4f\n",
	        serial ? (double)serial->tasks / serial->sum.median : 0.0);
	for (long k = 0; k < ns; k++)
		fprintf(v, "T[%ld] = \"%s, %s\"\nS[%ld] = %.6f\n", k + 1,
		        s[k].first->model, s[k].first->schedule, k + 1,
		        isnan(s[k].amdahl_s) ? -1.0 : s[k].amdahl_s);
	return tvp_plotfiles_close(&pf);
}

/* ---- report.md ---- */

static const char *jstr(json_t *m, const char *key)
{
	const char *s = json_string_value(json_object_get(m, key));

	return s && *s ? s : "unknown";
}

/*
 * The command that reproduces the run: machine.json's "command" (the
 * sweep records its knobs); for a folder from before that, make bench
 * with FULL=1, and for a run of the server alone the knobs its data shows.
 */
static void reproduce(char *out, size_t len, const struct tvp_folder *fo)
{
	json_t *m = fo->machine;
	const char *cmd = json_string_value(json_object_get(m, "command"));
	bool full = !strcmp(jstr(m, "mode"), "full");
	json_t *load = fo->n ? NULL : tvp_lines(fo, "server-load");
	size_t l;

	if (cmd && *cmd) {
		snprintf(out, len, "%s", cmd);
		return;
	}
	snprintf(out, len, "make bench%s", full ? " FULL=1" : "");
	if (json_is_array(load) && json_array_size(load) > 0) {
		double d = tvp_jnum(json_array_get(load, 0), "duration_s");
		long long rounds =
		        json_integer_value(json_object_get(m, "rounds"));
		double cs[16] = { 0 };
		int n = tvp_server_clients(load, cs, 16);

		l = strlen(out);
		snprintf(out + l, len - l,
		         " WORKLOADS= PYTHON= MICRO= CLAIMS=");
		if (d != (full ? 2 : 1)) {
			l = strlen(out);
			snprintf(out + l, len - l, " SERVER_DURATION=%g", d);
		}
		l = strlen(out);
		snprintf(out + l, len - l, " SERVER_CLIENTS=");
		for (int k = 0; k < n; k++) {
			l = strlen(out);
			snprintf(out + l, len - l, "%s%g", k ? "," : "", cs[k]);
		}
		if (rounds != (full ? 5 : 3)) {
			l = strlen(out);
			snprintf(out + l, len - l, " ROUNDS=%lld", rounds);
		}
	}
	json_decref(load);
}

/* What the hypervisor took over the whole sweep (all CPUs). */
static void steal_row(FILE *f, const struct tvp_folder *fo)
{
	unsigned long long s0 = fo->steal[0], a0 = fo->ticks[0],
	                   s1 = fo->steal[1], a1 = fo->ticks[1];

	if (!fo->has_stat || a1 <= a0)
		return;
	fprintf(f,
	        "| steal during the sweep | %.2f%% of the CPUs' time (the "
	        "hypervisor's; `/proc/stat` before and after) |\n",
	        100.0 * (double)(s1 - s0) / (double)(a1 - a0));
}

/*
 * How many rounds the configurations got, and which are still wider than
 * the target: the sweep adds rounds to those while its budget lasts.
 */
static void rounds_sentence(FILE *f, json_t *m, const struct point *pts, long n)
{
	double target = json_number_value(json_object_get(m, "target_pct"));
	size_t lo = SIZE_MAX, hi = 0;
	long wide = 0;

	for (long i = 0; i < n; i++) {
		lo = pts[i].nrun < lo ? pts[i].nrun : lo;
		hi = pts[i].nrun > hi ? pts[i].nrun : hi;
		wide += target > 0 && width_pct(&pts[i]) > target;
	}
	if (!(target > 0) || n == 0)
		return;
	fprintf(f,
	        "Within a budget of %lld s for the whole sweep, the time left "
	        "after every stage goes to more rounds for the configurations "
	        "whose median or model's efficiency is known less precisely "
	        "than +-%g%%, those that decide a claim first. ",
	        json_integer_value(json_object_get(m, "budget_s")), target);
	if (lo == hi)
		fprintf(f, "Every configuration got %zu rounds%s; ", lo,
		        (long long)lo <= json_integer_value(
		                                 json_object_get(m, "rounds"))
		                ? " (no time was left for more)"
		                : "");
	else
		fprintf(f, "The configurations got %zu to %zu rounds; ", lo,
		        hi);
	if (wide == 0) {
		fputs("every one reached the target.\n\n", f);
		return;
	}
	fprintf(f, "%ld did not reach it when the budget ran out: ", wide);
	for (long i = 0, said = 0; i < n; i++)
		if (width_pct(&pts[i]) > target)
			fprintf(f, "%s`%s` (+-%.1f%%)", said++ ? ", " : "",
			        pts[i].id, width_pct(&pts[i]));
	fputs(".\n\n", f);
}

/* Hardware counters, said once: counted, refused by the machine, or not
 * asked for (a folder from before the counters). */
static void pmu_row(FILE *f, const struct point *pts, long n)
{
	int seen = -1;

	for (long i = 0; i < n; i++)
		seen = pts[i].pmu > seen ? pts[i].pmu : seen;
	if (seen == 1)
		fputs("| hardware counters | cycles and instructions per run "
		      "in every C result line (summary.csv: per task) |\n",
		      f);
	else if (seen == 0)
		fputs("| hardware counters | none: this machine exposes no "
		      "cycles or instructions to perf_event_open, so none are "
		      "given; page faults, switches and migrations come from "
		      "the kernel and are |\n",
		      f);
}

static void machine_block(FILE *f, const struct tvp_folder *fo)
{
	json_t *m = fo->machine;
	const char *base = fo->base;
	long npoints = fo->n;
	const struct point *pts = fo->pts;

	/* Hosts may share a name ("vm"): the folder and CPU count tell them
	 * apart. */
	fprintf(f, "## %s: %s sweep%s on %lld CPUs (host %s), %s\n\n", base,
	        jstr(m, "mode"), npoints ? "" : " (no workloads)",
	        json_integer_value(json_object_get(m, "cpus")), jstr(m, "host"),
	        jstr(m, "date"));
	fprintf(f, "| machine | |\n|---|---|\n");
	fprintf(f, "| CPU | %s |\n", jstr(m, "cpu_model"));
	if (json_object_get(m, "cpu_flags"))
		fprintf(f,
		        "| CPU facts | %s; flags that matter here: %s; "
		        "page-table isolation %s; hypervisor %s |\n",
		        jstr(m, "cpu_vendor"), jstr(m, "cpu_flags"),
		        jstr(m, "page_table_isolation"), jstr(m, "hypervisor"));
	fprintf(f, "| CPUs | %lld online, %lld physical cores, SMT %s |\n",
	        json_integer_value(json_object_get(m, "cpus")),
	        json_integer_value(json_object_get(m, "cores")),
	        jstr(m, "smt"));
	fprintf(f, "| caches | %s |\n", jstr(m, "caches"));
	fprintf(f, "| memory | %s |\n", jstr(m, "memory"));
	pmu_row(f, pts, npoints);
	fprintf(f, "| virtualisation | %s |\n", jstr(m, "virtualization"));
	fprintf(f, "| governor / boost | %s / %s |\n", jstr(m, "governor"),
	        jstr(m, "boost"));
	fprintf(f, "| transparent huge pages | %s |\n", jstr(m, "thp"));
	fprintf(f, "| kernel | %s (%s) |\n", jstr(m, "kernel"), jstr(m, "os"));
	fprintf(f, "| compiler | %s, `%s` |\n", jstr(m, "compiler"),
	        jstr(m, "cflags"));
	fprintf(f, "| tools | %s, %s |\n", jstr(m, "hyperfine"),
	        jstr(m, "gnuplot"));
	fprintf(f, "| load average before | %s |\n", jstr(m, "loadavg"));
	steal_row(f, fo);
	fprintf(f, "| tvp commit | %s |\n", jstr(m, "git_commit"));
	fprintf(f, "| raw data | [`results/%s/`](results/%s/) |\n\n", base,
	        base);
	char cmd[1024];
	reproduce(cmd, sizeof(cmd), fo);
	fprintf(f,
	        "Reproduce: `%s` on such a machine. Regenerate these "
	        "tables and plots from the committed raw data alone: "
	        "`make report RESULTS=results/%s`.\n\n",
	        cmd, base);
	if (npoints == 0)
		return;
	fprintf(f,
	        "Each configuration ran at least %lld rounds x %lld runs, after %lld "
	        "warm-up run(s) in %s (hyperfine, no shell). A round "
	        "runs every configuration once, so slow drift of a shared "
	        "machine spreads over all of them and shows in the intervals. "
	        "The time of a run is the whole program, start to exit. "
	        "Figures are medians with a 95%% "
	        "bootstrap confidence interval (%d resamples); a coefficient "
	        "of variation above %.0f%% is marked *noisy*. Cores are "
	        "restricted with `taskset` (physical cores before SMT "
	        "siblings) and each worker is pinned with `--pin`.\n\n",
	        json_integer_value(json_object_get(m, "rounds")),
	        json_integer_value(json_object_get(m, "runs")),
	        json_integer_value(json_object_get(m, "warmup")),
	        !strcmp(jstr(m, "warmup_rounds"), "first") ? "the first round"
	                                                   : "each round",
	        TVP_BOOTSTRAP_RESAMPLES, NOISY_CV_PCT);
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

static void cpu_sentence(FILE *f, const struct series *s, long ns, long maxx,
                         bool memory, bool in_c)
{
	const struct series *t = main_series(s, ns, "threads");
	const struct series *p = main_series(s, ns, "procs");
	const struct point *pt = t ? at(t, maxx) : NULL;
	const struct point *pp = p ? at(p, maxx) : NULL;
	double k = (double)maxx;

	fputs("**What to look at:** ", f);
	if (pt && pp) {
		fprintf(f,
		        "on %ld cores threads reach a speedup of %.2fx [%.2f, "
		        "%.2f] and processes %.2fx [%.2f, %.2f], against the "
		        "ideal %ldx (dotted). ",
		        maxx, pt->speedup, pt->speedup_low, pt->speedup_high,
		        pp->speedup, pp->speedup_low, pp->speedup_high, maxx);
		if (pt->speedup_low <= pp->speedup_high &&
		    pp->speedup_low <= pt->speedup_high)
			fputs("The intervals overlap: this run cannot tell "
			      "threads and processes apart. ",
			      f);
		else
			fprintf(f,
			        "The intervals do not overlap: %s are %.1f%% "
			        "faster here. ",
			        pt->speedup > pp->speedup ? "threads"
			                                  : "processes",
			        100.0 * fabs(pt->speedup / pp->speedup - 1));
		if (in_c && !memory && pt->speedup_low >= 0.75 * k && k > 1)
			fputs("In C no interpreter lock holds threads back: "
			      "they use every core, as processes do. ",
			      f);
	}
	if (in_c)
		yardsticks(f, s, ns, maxx);
	/* below 80% of the ideal, or not, by the whole interval */
	if (memory && pt)
		fputs(pt->speedup_high < 0.8 * k
		              ? "The curve stays below the ideal: this "
		                "workload streams through memory, and the "
		                "memory bus the cores share, not the cores, "
		                "sets its pace; more cores cannot make memory "
		                "faster. "
		      : pt->speedup_low >= 0.8 * k
		              ? "At this core count the memory bus is not yet "
		                "full; on more cores the curve bends away from "
		                "the ideal where it is. "
		              : "Whether the memory bus is full at this core "
		                "count this run cannot tell: the interval "
		                "reaches both sides of 80% of the ideal. ",
		      f);
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
		        p->sum.cv_pct > NOISY_CV_PCT ? " *noisy*" : "",
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
			        tvp_karp_flatt(p->speedup, k));
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
	fprintf(f,
	        "**Timed:** the program's own clock, from the first task "
	        "to the last result in. Starting the interpreter, "
	        "importing, creating the pool and exiting happen outside "
	        "it and are a figure of their own (hyperfine's "
	        "whole-process time less the timed part): %.3f s for the "
	        "serial run",
	        w[0].startup_s);
	if (!isnan(lo))
		fprintf(f, ", %.3f to %.3f s for the others", lo, hi);
	fputs("; counted in, they would add that much to every time "
	      "below and shrink every speedup.\n\n",
	      f);
}

static int write_workload(FILE *f, const char *dir, const struct point *w,
                          long n, long ncores)
{
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	struct series s[32];
	long ns = find_series(w, n, s, 32), maxx = 1;
	const struct point *serial = !strcmp(w[0].model, "serial") ? w : NULL;

	for (long i = 0; i < n; i++)
		if (strcmp(w[i].model, "serial") && tvp_x_of(&w[i]) > maxx)
			maxx = tvp_x_of(&w[i]);
	if (strcmp(w[0].lang, "c"))
		fprintf(f, "### %s (%s-bound, %ld tasks, %s: %s)\n\n",
		        w[0].workload, w[0].kind, w[0].tasks, w[0].lang,
		        w[0].interpreter);
	else
		fprintf(f, "### %s (%s-bound, %ld tasks)\n\n", w[0].workload,
		        w[0].kind, w[0].tasks);
	if (w[0].in_process)
		startup_sentence(f, w, n);
	if (ns > 0) {
		if (write_plot_data(dir, w[0].workload, serial, s, ns, ncores))
			return -1;
		fprintf(f, "![%s: %s](results/%s/plots/%s.png)\n\n",
		        w[0].workload,
		        is_io(w) ? "throughput vs workers" : "speedup vs cores",
		        base, w[0].workload);
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

/* Does DIR/raw hold JSON lines (micro-benchmarks, claims, server)? A run
 * of those alone (WORKLOADS= PYTHON=) has no hyperfine results. */
static int cmd_analyse(const char *dir)
{
	char err[1024];
	struct tvp_folder fo;
	struct out o = { 0 };
	int rc = 0;

	if (tvp_folder_load(&fo, dir, err, sizeof(err)) != 0) {
		fprintf(stderr, "tvp-report: %s\n", err);
		return 1;
	}
	if (fo.n == 0 && json_object_size(fo.lines) == 0) {
		fprintf(stderr, "tvp-report: %s/raw holds no results\n", dir);
		tvp_folder_free(&fo);
		return 1;
	}
	if (fo.machine == NULL) {
		fprintf(stderr,
		        "tvp-report: %s/machine.json: missing or not JSON\n",
		        dir);
		tvp_folder_free(&fo);
		return 1;
	}
	/* the analysis: every point's figures, then the writers */
	qsort(fo.pts, (size_t)fo.n, sizeof(*fo.pts), cmp_points);
	tvp_account_controls(fo.pts, fo.n);
	if (tvp_compute(fo.pts, fo.n) || write_csv(dir, fo.pts, fo.n) ||
	    tvp_out_open(&o, dir, "report.md")) {
		rc = 1;
		goto out;
	}
	machine_block(o.f, &fo);
	if (fo.nbusy > 0)
		fprintf(o.f, "%s\n\n", fo.busy);
	rounds_sentence(o.f, fo.machine, fo.pts, fo.n);
	for (long i = 0, j; i < fo.n; i = j) {
		for (j = i; j < fo.n &&
		            !strcmp(fo.pts[j].workload, fo.pts[i].workload);)
			j++;
		if (write_workload(o.f, dir, &fo.pts[i], j - i, fo.ncores))
			rc = 1;
	}
	if (tvp_micro_report(o.f, &fo) != 0 ||
	    tvp_server_report(o.f, &fo) != 0 || tvp_claims_report(&fo) != 0)
		rc = 1;
	if (tvp_out_close(&o))
		rc = 1;
out:
	tvp_folder_free(&fo);
	return rc;
}

/*
 * The configurations whose figures are not yet known to +-target%: the
 * median's 95% interval, or the model's own efficiency's, is wider. One
 * line each, "id width_pct median_s", those that feed a claim's verdict
 * (the counting loop, C and Python: C1, C2) first, then the widest. The
 * sweep gives these another round while its time budget lasts.
 */
struct wide {
	const struct point *p;
	double width;
	int first;
};

static int cmp_wide(const void *a, const void *b)
{
	const struct wide *x = a, *y = b;

	if (x->first != y->first)
		return y->first - x->first;
	return (x->width < y->width) - (x->width > y->width);
}

static int cmd_wide(const char *dir, const char *target)
{
	char err[1024], *end;
	struct point *pts;
	long n = tvp_read_points(dir, &pts, err, sizeof(err)), m = 0;
	double t = strtod(target, &end);
	struct wide *w;

	if (n < 0 || *end || !(t > 0)) {
		fprintf(stderr, "tvp-report: %s\n",
		        n < 0 ? err : "wide: the target is a percentage > 0");
		if (n >= 0)
			tvp_free_points(pts, n);
		return 2;
	}
	w = calloc((size_t)n + 1, sizeof(*w));
	if (w == NULL || tvp_compute(pts, n)) {
		free(w);
		tvp_free_points(pts, n);
		return 1;
	}
	for (long i = 0; i < n; i++) {
		const struct point *p = &pts[i];
		double width = width_pct(p);

		if (width > t)
			w[m++] = (struct wide){ p, width,
				                !strcmp(p->workload, "count") ||
				                        !strcmp(p->workload,
				                                "pycount") };
	}
	qsort(w, (size_t)m, sizeof(*w), cmp_wide);
	for (long i = 0; i < m; i++)
		printf("%s %.2f %.6f\n", w[i].p->id, w[i].width,
		       w[i].p->sum.median);
	free(w);
	tvp_free_points(pts, n);
	return 0;
}

/*
 * tvp-report describe: the programs' --describe lines (stdin) as one line
 * of words each, for the sweep's shell to read: WORKLOAD KIND MODEL ROLE
 * SCHEDULES LAUNCHER, the schedules joined by commas, "-" for none.
 */
static int cmd_describe(void)
{
	char line[8192];
	int rc = 0;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		json_t *j = json_loads(line, 0, NULL);
		json_t *w = json_object_get(j, "workload");
		json_t *m = json_object_get(j, "model");
		json_t *sc = json_object_get(m, "schedules");
		const char *wn = json_string_value(json_object_get(w, "name"));
		const char *kind =
		        json_string_value(json_object_get(w, "kind"));
		const char *mn = json_string_value(json_object_get(m, "name"));
		const char *role =
		        json_string_value(json_object_get(m, "role"));
		const char *launcher =
		        json_string_value(json_object_get(m, "launcher"));
		size_t i;
		json_t *v;

		if (!wn || !kind || !mn || !role || !json_is_array(sc)) {
			fprintf(stderr,
			        "tvp-report: describe: not a program's "
			        "--describe line: %.80s\n",
			        line);
			json_decref(j);
			rc = 2;
			continue;
		}
		printf("%s %s %s %s ", wn, kind, mn, role);
		json_array_foreach (sc, i, v)
			printf("%s%s", i ? "," : "", json_string_value(v));
		printf("%s %s\n", json_array_size(sc) ? "" : "-",
		       launcher ? launcher : "-");
		json_decref(j);
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "describe"))
		return cmd_describe();
	if (argc == 5 && !strcmp(argv[1], "compare"))
		return tvp_cmd_compare(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "point"))
		return cmd_point(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "analyse"))
		return cmd_analyse(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "wide"))
		return cmd_wide(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "publish"))
		return tvp_cmd_publish(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "verdicts"))
		return tvp_cmd_verdicts(argv[2]);
	fprintf(stderr, "usage: tvp-report point HYPERFINE.json OUT.json\n"
	                "       tvp-report analyse RESULTS_DIR\n"
	                "       tvp-report wide RESULTS_DIR TARGET_PCT\n"
	                "       tvp-report describe < DESCRIBE_LINES\n"
	                "       tvp-report compare DIR_A DIR_B OUT_DIR\n"
	                "       tvp-report publish PUBLISHED_LIST RESULTS.md\n"
	                "       tvp-report verdicts RESULTS_DIR\n");
	return 2;
}

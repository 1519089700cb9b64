/* SPDX-License-Identifier: MIT */
/*
 * Where the missing speedup went (account.h). With T1 and Tk hyperfine's
 * median times of the serial run and of a run on k cores, k x Tk is the
 * core time the run had and T1 the serial run's; the difference is split
 * by the run's own medians (wall, CPU, task CPU, steal, spawn) into parts
 * that telescope, so they add up to k x Tk - T1 exactly; divided by Tk
 * they are cores and add up to k - S:
 *
 *   k (Tk - wall)  - (T1 - task1)   start and exit, beyond serial's own
 *   k spawn                          creating the workers
 *   k (wall - spawn) - cpu - steal   idle cores
 *   steal                            the hypervisor's
 *   cpu - task                       CPU outside tasks
 *   task - task1 x h                 slower cores: shared resources
 *   task1 x (h - 1)                  slower cores: the host
 *
 * where h is the control's slowdown (account.h): the register-only
 * counting kernel's task CPU at the same model and core count over its
 * serial run's, in the same folder. It cannot be slowed by a shared
 * memory bus or cache, so whatever slowed it is the host's; the rest of a
 * workload's slowdown is what its workers take from each other.
 */
#include "account.h"

#include <jansson.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "out.h"
#include "plot.h"

static double med(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isnan(x[i]))
			return NAN;
	return n ? tvp_median(x, n) : NAN;
}

/* MPI's ranks are started by mpirun before the program's clock: their
 * start is in start_exit, and spawn_ns (MPI_Init) is outside the run. */
static double spawn_of(const struct point *p)
{
	return strcmp(p->model, "mpi") ? med(p->spawn_s, p->nrun) : 0;
}

bool tvp_model_efficiency(const struct point *p, struct tvp_summary *out)
{
	double e[64], k = strcmp(p->model, "serial") ? (double)p->ncpus : 1;
	size_t n = 0;

	for (size_t r = 0; r < p->nrun; r++) {
		double avail = k * p->run_s[r] - p->steal_s[r];

		if (isnan(p->task_s[r]) || isnan(avail) || avail <= 0)
			return false;
		e[n++] = p->task_s[r] / avail;
	}
	return n > 0 && tvp_summarize(e, n, 1, out) == 0;
}

static const struct point *controls;
static long ncontrols;

void tvp_account_controls(const struct point *all, long n)
{
	controls = all;
	ncontrols = n;
}

/* The control's slowdown h for p's model and core count; NAN if the
 * folder has no control there. */
static double host_factor(const struct point *p)
{
	const char *wl = strcmp(p->lang, "python") ? "count" : "pycount";
	const struct point *s = tvp_serial_of(controls, ncontrols, wl),
	                   *c = NULL;
	double t1, tk;

	for (long i = 0; i < ncontrols && s != NULL; i++)
		if (!strcmp(controls[i].workload, wl) &&
		    !strcmp(controls[i].model, p->model) &&
		    !strcmp(controls[i].schedule, p->schedule) &&
		    controls[i].ncpus == p->ncpus)
			c = &controls[i];
	if (s == NULL || c == NULL || s->nrun == 0 || c->nrun == 0)
		return NAN;
	t1 = med(s->task_s, s->nrun) * tvp_work_ratio(s, c);
	tk = med(c->task_s, c->nrun);
	return t1 > 0 && tk > 0 ? tk / t1 : NAN;
}

bool tvp_account(const struct point *serial, const struct point *p,
                 struct tvp_account *a)
{
	double h;

	double T1, Tk, k, wall, spawn, cpu, task, steal, task1, m;

	if (serial == NULL || p == serial || !strcmp(p->model, "serial") ||
	    p->nrun == 0 || serial->nrun == 0)
		return false;
	/* (scaled work: the serial run's time and tasks for as much work
	 * as p did, m times its own, so that the parts add up to k - S
	 * with S the throughput ratio) */
	m = tvp_work_ratio(serial, p);
	T1 = serial->sum.median * m;
	Tk = p->sum.median;
	k = (double)p->ncpus;
	wall = med(p->run_s, p->nrun);
	spawn = spawn_of(p);
	cpu = med(p->cpu_s, p->nrun);
	task = med(p->task_s, p->nrun);
	steal = med(p->steal_s, p->nrun);
	task1 = med(serial->task_s, serial->nrun) * m;
	if (isnan(wall + spawn + cpu + task + steal + task1) || !(Tk > 0) ||
	    !tvp_model_efficiency(p, &a->eff))
		return false;
	a->k = k;
	a->speedup = T1 / Tk;
	a->missing = k - a->speedup;
	a->start_exit = (k * (Tk - wall) - (T1 - task1)) / Tk;
	a->create = k * spawn / Tk;
	a->idle = (k * (wall - spawn) - cpu - steal) / Tk;
	a->steal = steal / Tk;
	a->outside = (cpu - task) / Tk;
	h = host_factor(p);
	a->split = !isnan(h);
	a->shared = a->split ? (task - task1 * h) / Tk : 0;
	a->slower = a->split ? task1 * (h - 1) / Tk : (task - task1) / Tk;
	return true;
}

#define NPARTS 7
static const char *const part_names[NPARTS] = {
	"start and exit",
	"creating workers",
	"idle cores",
	"CPU outside tasks",
	"slower cores: shared with the other workers (memory bus, caches)",
	"slower cores: the host's",
	"steal"
};

static void parts_of(const struct tvp_account *a, double v[NPARTS])
{
	v[0] = a->start_exit;
	v[1] = a->create;
	v[2] = a->idle;
	v[3] = a->outside;
	v[4] = a->shared;
	v[5] = a->slower;
	v[6] = a->steal;
}

static long most_cores(const struct point *w, long n)
{
	long maxk = 0;

	for (long i = 0; i < n; i++)
		if (strcmp(w[i].model, "serial") && w[i].ncpus > maxk)
			maxk = w[i].ncpus;
	return maxk;
}

/* The stacked bars: one row per configuration, S and then the parts. */
static int write_bars(const char *dir, const struct point *w, long n)
{
	char name[96];
	const struct point *serial = w;
	struct tvp_plotfiles pf = { 0 };
	long rows = 0;

	snprintf(name, sizeof(name), "%s-account", w[0].workload);
	if (tvp_plotfiles_open(&pf, dir, name, "account"))
		return -1;
	fputs("# configuration speedup start-exit create idle outside "
	      "shared host steal\n",
	      pf.dat.f);
	for (long i = 0; i < n; i++) {
		struct tvp_account a;
		double v[NPARTS];

		if (!tvp_account(serial, &w[i], &a))
			continue;
		parts_of(&a, v);
		fprintf(pf.dat.f, "\"%s %s k=%ld\" %.4f", w[i].model,
		        w[i].schedule, w[i].ncpus, a.speedup);
		for (int j = 0; j < NPARTS; j++)
			fprintf(pf.dat.f, " %.4f", v[j]);
		fputs("\n", pf.dat.f);
		rows++;
	}
	fprintf(pf.vars.f, "name = \"%s\"\nrows = %ld\nmaxk = %ld\n",
	        w[0].workload, rows, most_cores(w, n));
	return tvp_plotfiles_close(&pf);
}

/*
 * One run's timeline (the last round) of each model's configuration at
 * the most cores, pool schedule first: a bar per worker from the start of
 * its first task to the end of its last, and the run's wall time.
 */
/* Each model's configuration at the most cores, pool first, that has a
 * timeline: at most max of them into pick; returns how many. */
static long pick_timelines(const struct point *w, long n,
                           const struct point **pick, long max)
{
	long maxk = most_cores(w, n), np = 0;

	for (long i = 0; i < n && np < max; i++) {
		const struct point *p = &w[i];
		bool seen = false;

		if (!strcmp(p->model, "serial") || p->ncpus != maxk ||
		    p->ntimeline < 0)
			continue;
		for (long j = 0; j < np; j++)
			if (!strcmp(pick[j]->model, p->model)) {
				seen = true;
				if (!strcmp(p->schedule, "pool"))
					pick[j] = p;
			}
		if (!seen)
			pick[np++] = p;
	}
	return np;
}

static int write_timeline(const char *dir, const struct point *w, long n)
{
	char name[96], titles[1024] = "";
	const struct point *pick[8];
	long maxk = most_cores(w, n), np = pick_timelines(w, n, pick, 8), y = 0;
	struct tvp_plotfiles pf = { 0 };

	if (np == 0)
		return 0;
	snprintf(name, sizeof(name), "%s-timeline", w[0].workload);
	if (tvp_plotfiles_open(&pf, dir, name, "timeline"))
		return -1;
	for (long j = 0; j < np; j++) {
		const struct point *p = pick[j];
		long worker = 0; /* its number within its model, the label */

		fprintf(pf.dat.f,
		        "# %s %s k=%ld: y start_ms end_ms wall_ms worker\n",
		        p->model, p->schedule, p->ncpus);
		for (long i = 0; i < p->ntimeline; i++) {
			const struct tvp_span *t = &p->timeline[i];

			if (t->tasks == 0)
				continue;
			fprintf(pf.dat.f, "%ld %.3f %.3f %.3f %ld\n", y++,
			        t->start_ns / 1e6, t->end_ns / 1e6,
			        1e3 * p->run_s[p->nrun - 1], worker++);
		}
		y++; /* a gap between models */
		fputs("\n\n", pf.dat.f);
		snprintf(titles + strlen(titles),
		         sizeof(titles) - strlen(titles),
		         "T[%ld] = \"%s %s\"\n", j + 1, p->model, p->schedule);
	}
	fprintf(pf.vars.f,
	        "name = \"%s\"\nk = %ld\nN = %ld\n"
	        "rows = %ld\narray T[%ld]\n%s",
	        w[0].workload, maxk, np, y, np, titles);
	return tvp_plotfiles_close(&pf);
}

/*
 * What the timeline shows, in numbers: how far apart the workers began
 * (start skew), how far apart they ran out of tasks (imbalance), and how
 * long the run went on after the last task (the join, the results home).
 */
static void timeline_sentence(FILE *f, const struct point *w, long n)
{
	const struct point *pick[8];
	long np = pick_timelines(w, n, pick, 8);

	int said = 0;

	for (long j = 0; j < np; j++) {
		double f0 = INFINITY, f1 = -INFINITY, l0 = INFINITY;
		double l1 = -INFINITY;

		for (long i = 0; i < pick[j]->ntimeline; i++) {
			const struct tvp_span *t = &pick[j]->timeline[i];
			double a = t->start_ns / 1e6, b = t->end_ns / 1e6;

			if (t->tasks == 0)
				continue;
			f0 = fmin(f0, a);
			f1 = fmax(f1, a);
			l0 = fmin(l0, b);
			l1 = fmax(l1, b);
		}
		if (!isfinite(f0))
			continue;
		fprintf(f,
		        "%s %s %s: the workers began within %.1f ms of each "
		        "other, ran out of tasks within %.1f ms, and the run "
		        "ended %.1f ms after the last task",
		        said++ ? ";" : "In that run,", pick[j]->model,
		        pick[j]->schedule, f1 - f0, l1 - l0,
		        1e3 * pick[j]->timeline_wall_s - l1);
	}
	if (said)
		fputs(".\n\n", f);
}

/* The index of the shared part in parts_of's order: the one part a run
 * without the register-only control cannot split off. */
#define PART_SHARED 4
/* Missing speedup below a twentieth of a core: nothing to account for. */
#define NOTHING_MISSING 0.05

/* The table: a row per configuration the account covers, its parts in
 * cores, and what a part that could not be split off means. */
static void account_table(FILE *f, const struct point *serial,
                          const struct point *w, long n)
{
	struct tvp_account a;
	long unsplit = 0;

	fputs("| model | schedule | k | S | k - S | start and exit | creating "
	      "workers | idle cores | CPU outside tasks | slower cores: "
	      "shared | slower cores: host | steal | model's efficiency "
	      "[95% CI] |\n"
	      "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n",
	      f);
	for (long i = 0; i < n; i++) {
		double v[NPARTS];

		if (!tvp_account(serial, &w[i], &a))
			continue;
		parts_of(&a, v);
		unsplit += !a.split;
		fprintf(f, "| %s | %s | %ld | %.2f | %.2f |", w[i].model,
		        w[i].schedule, w[i].ncpus, a.speedup, a.missing);
		for (int j = 0; j < NPARTS; j++)
			if (j == PART_SHARED && !a.split)
				fputs(" - |", f);
			else
				fprintf(f, " %.2f |", v[j]);
		fprintf(f, " %.1f%% [%.1f, %.1f] |\n", 100 * a.eff.median,
		        100 * a.eff.ci_low, 100 * a.eff.ci_high);
	}
	fputs("\n", f);
	if (unsplit)
		fputs("Where *shared* reads -, this run has no register-only "
		      "control at that model and core count, and *host* holds "
		      "the whole slowdown of the cores, not split.\n\n",
		      f);
}

/* The largest of the parts (the first, where several tie). */
static int largest_part(const double v[NPARTS])
{
	int big = 0;

	for (int j = 1; j < NPARTS; j++)
		if (v[j] > v[big])
			big = j;
	return big;
}

/* At the most cores, MAXK: each configuration's speedup and own
 * efficiency, and the largest part of what it is missing. */
static void account_at_most_cores(FILE *f, const struct point *serial,
                                  const struct point *w, long n, long maxk)
{
	struct tvp_account a;

	fprintf(f, "At %ld cores: ", maxk);
	for (long i = 0, said = 0; i < n; i++) {
		double v[NPARTS];
		int big;

		if (w[i].ncpus != maxk || !tvp_account(serial, &w[i], &a))
			continue;
		parts_of(&a, v);
		big = largest_part(v);
		fprintf(f,
		        "%s%s %s reached %.2f of %ld, its own efficiency %.0f%% "
		        "[%.0f, %.0f]",
		        said++ ? "; " : "", w[i].model, w[i].schedule,
		        a.speedup, maxk, 100 * a.eff.median, 100 * a.eff.ci_low,
		        100 * a.eff.ci_high);
		if (a.missing < NOTHING_MISSING)
			fprintf(f, ", with nothing measurable missing (%.2f)",
			        a.missing);
		else
			fprintf(f,
			        "; the largest part of the %.2f missing cores "
			        "is %s (%.2f)",
			        a.missing, part_names[big], v[big]);
	}
	fputs(". *Slower cores: host* and *steal* are the machine's; "
	      "*slower cores: shared* is what the workers take from each "
	      "other by running at once (told apart by the register-only "
	      "control, which shares nothing); the other parts are the "
	      "model's and the harness's.\n\n",
	      f);
}

int tvp_account_report(FILE *f, const char *dir, const struct point *w, long n)
{
	const struct point *serial = !strcmp(w[0].model, "serial") ? w : NULL;
	long maxk = most_cores(w, n), rows = 0;
	struct tvp_account a;

	for (long i = 0; i < n; i++)
		rows += tvp_account(serial, &w[i], &a);
	if (rows == 0)
		return 0;
	if (write_bars(dir, w, n) || write_timeline(dir, w, n))
		return -1;
	fprintf(f,
	        "**Where the missing speedup went** (cores; the parts add up "
	        "to k - S; scripts/README.md: *Where the missing speedup went*):\n\n"
	        "![%s: where the missing speedup went](plots/"
	        "%s-account.png)\n\n",
	        w[0].workload, w[0].workload);
	account_table(f, serial, w, n);
	account_at_most_cores(f, serial, w, n, maxk);
	fprintf(f,
	        "![%s: one run's workers, at %ld cores](plots/"
	        "%s-timeline.png)\n\n",
	        w[0].workload, maxk, w[0].workload);
	timeline_sentence(f, w, n);
	return 0;
}

/* The half-width of [lo, hi] in % of x; infinite where there is no
 * interval (too few rounds): more rounds are what it needs. */
static double half_width_pct(double x, double lo, double hi)
{
	if (isnan(lo) || isnan(hi) || !(x > 0))
		return INFINITY;
	return 50 * (hi - lo) / x;
}

/*
 * How precisely a configuration is known: the half-width of its median's
 * 95% interval, of its speedup's over serial (paired by round), or of its
 * model's own efficiency's, the widest, in % of the figure; infinite
 * while any of them has too few rounds for an interval.
 */
double tvp_width_pct(const struct point *p)
{
	struct tvp_summary e;
	double width = half_width_pct(p->sum.median, p->sum.ci_low,
	                              p->sum.ci_high),
	       w;

	if (!isnan(p->speedup) &&
	    (w = half_width_pct(p->speedup, p->speedup_low, p->speedup_high)) >
	            width)
		width = w;
	if (strcmp(p->model, "serial") && tvp_model_efficiency(p, &e) &&
	    (w = half_width_pct(e.median, e.ci_low, e.ci_high)) > width)
		width = w;
	return width;
}

/* SPDX-License-Identifier: MIT */
#include "results.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int tvp_hyperfine_times(json_t *root, const char *path, double **times,
                        size_t *n, char *err, size_t errlen)
{
	json_t *res, *t, *codes, *v;
	size_t i;

	*times = NULL;
	*n = 0;
	res = json_array_get(json_object_get(root, "results"), 0);
	t = json_object_get(res, "times");
	codes = json_object_get(res, "exit_codes");
	if (!json_is_array(t) || json_array_size(t) == 0) {
		snprintf(err, errlen, "%s: no results[0].times", path);
		json_decref(root);
		return -1;
	}
	json_array_foreach (codes, i, v) {
		if (json_integer_value(v) != 0) {
			snprintf(err, errlen, "%s: run %zu exited with %lld",
			         path, i, (long long)json_integer_value(v));
			json_decref(root);
			return -1;
		}
	}
	*times = malloc(json_array_size(t) * sizeof(**times));
	if (*times == NULL) {
		json_decref(root);
		return -1;
	}
	json_array_foreach (t, i, v) {
		if (!json_is_number(v) || json_number_value(v) <= 0) {
			snprintf(err, errlen, "%s: time %zu is not positive",
			         path, i);
			free(*times);
			*times = NULL;
			json_decref(root);
			return -1;
		}
		(*times)[i] = json_number_value(v);
	}
	*n = json_array_size(t);
	json_decref(root);
	return 0;
}

void tvp_timeline_move(struct point *to, struct point *from)
{
	free(to->timeline);
	to->timeline = from->timeline;
	to->ntimeline = from->ntimeline;
	from->timeline = NULL;
	from->ntimeline = -1;
}

/* A row's string into dst (len bytes); -1 when it does not fit. */
static int copy_field(const char *s, char *dst, size_t len)
{
	if (strlen(s) >= len)
		return -1;
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

/* The row's identity into p: -1 when a string is too long for p or the
 * counts are not whole numbers. */
static int identity(json_t *j, const struct tvp_progline *r, struct point *p)
{
	if (copy_field(r->workload, p->workload, sizeof(p->workload)) ||
	    copy_field(r->kind, p->kind, sizeof(p->kind)) ||
	    copy_field(r->model, p->model, sizeof(p->model)) ||
	    copy_field(r->schedule, p->schedule, sizeof(p->schedule)) ||
	    copy_field(r->checksum, p->checksum, sizeof(p->checksum)) ||
	    !json_is_integer(json_object_get(j, "workers")) ||
	    !json_is_integer(json_object_get(j, "ncpus")))
		return -1;
	if (copy_field(*r->lang ? r->lang : "c", p->lang, sizeof(p->lang)))
		snprintf(p->lang, sizeof(p->lang), "c");
	if (copy_field(r->interpreter, p->interpreter, sizeof(p->interpreter)))
		p->interpreter[0] = '\0';
	return 0;
}

/* The run's figures from the row into p, its first (and only) run. */
static void run_of(const struct tvp_progline *r, struct point *p)
{
	p->workers = (long)r->workers;
	p->tasks = (long)r->tasks;
	p->task_ms = r->ms;
	p->ncpus = (long)r->ncpus;
	p->maxrss_kb = (long)r->maxrss_kb;
	p->parallelism = r->cpu_ns / r->wall_ns;
	/* the counters: -1 in a line from before them, 0 without a PMU */
	p->pmu = r->format < 2 ? -1 : isnan(r->cycles) ? 0 : 1;
	p->cycles = p->pmu == 1 ? r->cycles : NAN;
	p->instructions = p->pmu == 1 ? r->instructions : NAN;
	p->spawn_ms = r->spawn_ns / 1e6;
	p->run_s[0] = r->wall_ns / 1e9;
	p->cpu_s[0] = r->cpu_ns / 1e9;
	p->task_s[0] = r->task_cpu_ns / 1e9;
	p->steal_s[0] = r->steal_ns / 1e9;
	p->spawn_s[0] = r->spawn_ns / 1e9;
	p->proc_s[0] = NAN;
	p->run_round[0] = 0;
	p->window_s[0] = r->window_ns / 1e9;
	p->nrun = 1;
	p->tasks_per_worker =
	        isnan(r->tasks_per_worker) ? 0 : (long)r->tasks_per_worker;
}

int tvp_program_line(json_t *j, const char *path, struct point *p, char *err,
                     size_t errlen)
{
	struct tvp_progline r = { 0 };
	int rc = tvp_row_of(&tvp_schema_program, j, path, 1, &r, err, errlen);

	p->timeline = NULL;
	p->ntimeline = -1;
	p->nrun = 0;
	if (rc == 0 && identity(j, &r, p) != 0) {
		snprintf(err, errlen, "%s: not a tvp result line", path);
		rc = -1;
	}
	if (rc == 0) {
		run_of(&r, p);
		/* (the point takes the timeline) */
		p->timeline = r.timeline.v;
		p->ntimeline = r.timeline.n;
		r.timeline = (struct tvp_spans){ NULL, -1 };
	}
	tvp_row_clear(&tvp_schema_program, &r);
	json_decref(j);
	return rc;
}

/*
 * A run given tasks per worker (throughput scaling) is judged on the
 * program's own time, in C as in Python: 1 when it is, with its run_s
 * rewritten to the span it is judged over. CPU-bound (C1/C2): its window,
 * from the first task started to the last result in; creating the
 * workers, mostly before it, stays a figure of its own (spawn_s).
 * Waiting (C3): from the model's start, creation included as part of
 * what the model costs, spawn_s saying how much of it that was.
 */
static bool scaled_times(struct point *p)
{
	if (p->tasks_per_worker <= 0)
		return false;
	for (size_t r = 0; r < p->nrun; r++)
		if (isnan(p->window_s[r]) || !(p->window_s[r] > 0))
			return false;
	if (strcmp(p->kind, "io") != 0)
		memcpy(p->run_s, p->window_s, p->nrun * sizeof(*p->run_s));
	return true;
}

/*
 * Which times p's figures come from (struct point): a Python point whose
 * every run has the program's own time is judged on those, less the
 * pool's creation (run_s and spawn_s are rewritten so); every point keeps
 * hyperfine's as proc_times and the start-up and exit of each run between
 * the two as a figure of its own.
 */
int tvp_own_times(struct point *p)
{
	bool python = !strcmp(p->lang, "python"), own_all = p->nrun > 0;
	bool scaled;
	double *own, up[64];
	size_t nup = 0;

	p->proc_times = p->times;
	p->nproc_times = p->ntimes;
	p->startup_s = NAN;
	p->in_process = false;
	for (size_t r = 0; r < p->nrun; r++)
		if (isnan(p->run_s[r]) || !(p->run_s[r] > 0))
			own_all = false;
	if (!own_all || p->ntimes == 0)
		return 0;
	scaled = scaled_times(p);
	/* Python: from the first task to the last result; creating the
	 * pool (fork or spawn of interpreters, tens of ms each) goes with
	 * the start-up, as C4's lesson, not inside the speedup */
	for (size_t r = 0; python && !scaled && r < p->nrun; r++)
		if (!isnan(p->spawn_s[r]) && p->spawn_s[r] < p->run_s[r]) {
			p->run_s[r] -= p->spawn_s[r];
			p->spawn_s[r] = 0;
		}
	for (size_t r = 0; r < p->nrun; r++)
		if (!isnan(p->proc_s[r]))
			up[nup++] = p->proc_s[r] - p->run_s[r];
	if (nup > 0)
		p->startup_s = tvp_median(up, nup);
	if (!python && !scaled)
		return 0;
	own = malloc(p->nrun * sizeof(*own));
	if (own == NULL)
		return -1;
	memcpy(own, p->run_s, p->nrun * sizeof(*own));
	p->times = own;
	p->ntimes = p->nrun;
	p->in_process = true;
	/* each round's figure: the median of its runs' own times */
	for (size_t k = 0; k < p->nround; k++) {
		double x[64];
		size_t m = 0;

		for (size_t r = 0; r < p->nrun; r++)
			if (p->run_round[r] == p->round_no[k])
				x[m++] = p->run_s[r];
		p->round_s[k] = m > 0 ? tvp_median(x, m) : NAN;
	}
	return 0;
}

void tvp_free_points(struct point *p, long n)
{
	for (long i = 0; p != NULL && i < n; i++) {
		if (p[i].proc_times != p[i].times)
			free(p[i].proc_times);
		free(p[i].times);
		free(p[i].timeline);
	}
	free(p);
}

unsigned long tvp_seed_of(const char *id)
{
	unsigned long h = 1469598103934665603UL;

	while (*id)
		h = (h ^ (unsigned char)*id++) * 1099511628211UL;
	return h;
}

const struct point *tvp_serial_of(const struct point *pts, long n,
                                  const char *workload)
{
	for (long i = 0; i < n; i++)
		if (!strcmp(pts[i].workload, workload) &&
		    !strcmp(pts[i].model, "serial"))
			return &pts[i];
	return NULL;
}

/* p's speedup over s: the ratio within each round both ran. */
static void paired_speedup(const struct point *s, struct point *p)
{
	double num[64], den[64];
	struct tvp_summary q;
	size_t n = 0;

	for (size_t i = 0; i < p->nround; i++)
		for (size_t j = 0; j < s->nround; j++)
			if (s->round_no[j] == p->round_no[i] &&
			    s->round_s[j] > 0 && p->round_s[i] > 0) {
				num[n] = s->round_s[j];
				den[n++] = p->round_s[i];
			}
	p->speedup_n = n;
	if (tvp_paired_ratio(num, den, n, &q) != 0)
		return;
	p->speedup = q.median;
	p->speedup_low = q.ci_low;
	p->speedup_high = q.ci_high;
}

const struct point *tvp_same_work_of(const struct point *pts, long n,
                                     const struct point *p)
{
	const struct point *s = tvp_serial_of(pts, n, p->workload);

	if (s != NULL && s->tasks == p->tasks)
		return s == p ? NULL : s;
	/* (a fixed total of tasks: the serial run is the only yardstick) */
	if (p->tasks_per_worker <= 0)
		return s;
	for (long i = 0; i < n; i++)
		if (&pts[i] != p && !strcmp(pts[i].workload, p->workload) &&
		    pts[i].tasks == p->tasks)
			return &pts[i];
	return NULL;
}

/* p's checksum against a run of the same tasks: 1 (said) if they differ. */
static int same_work_mismatch(const struct point *pts, long n,
                              const struct point *p)
{
	const struct point *s = tvp_same_work_of(pts, n, p);

	if (s == NULL || strcmp(s->checksum, p->checksum) == 0)
		return 0;
	fprintf(stderr,
	        "tvp-report: CHECKSUM MISMATCH: %s printed %s, %s of the same "
	        "%ld tasks printed %s\n",
	        p->id, p->checksum, s->id, p->tasks, s->checksum);
	return 1;
}

double tvp_work_ratio(const struct point *s, const struct point *p)
{
	return p->tasks_per_worker > 0 && s->tasks > 0
	               ? (double)p->tasks / (double)s->tasks
	               : 1;
}

void tvp_scaled_speedup(const struct point *s, struct point *p)
{
	double work = tvp_work_ratio(s, p);

	paired_speedup(s, p);
	p->speedup *= work;
	p->speedup_low *= work;
	p->speedup_high *= work;
}

double tvp_serial_fraction(const struct point *p, double k)
{
	if (p->tasks_per_worker <= 0)
		return tvp_karp_flatt(p->speedup, k);
	if (k <= 1 || !(p->speedup > 0))
		return NAN;
	return (k - p->speedup) / (k - 1);
}

int tvp_compute(struct point *pts, long n)
{
	for (long i = 0; i < n; i++) {
		struct point *p = &pts[i];
		const struct point *s = tvp_serial_of(pts, n, p->workload);

		memset(&p->sum, 0, sizeof(p->sum));
		p->sum.median = p->sum.ci_low = p->sum.ci_high = NAN;
		if (p->nround > 0)
			tvp_summarize(p->round_s, p->nround, 0, &p->sum);
		p->speedup = p->speedup_low = p->speedup_high = NAN;
		p->speedup_n = 0;
		if (s == NULL)
			continue;
		if (same_work_mismatch(pts, n, p))
			return -1;
		tvp_scaled_speedup(s, p);
	}
	return 0;
}

long tvp_x_of(const struct point *p)
{
	return strcmp(p->kind, "io") ? p->ncpus : p->workers;
}

const struct point *tvp_best_point(const struct point *pts, long n,
                                   const char *workload, const char *model)
{
	const struct point *best = NULL;

	for (long i = 0; i < n; i++) {
		const struct point *p = &pts[i];

		if (strcmp(p->workload, workload) || strcmp(p->model, model) ||
		    strcmp(p->schedule, "pool"))
			continue;
		if (best == NULL || tvp_x_of(p) > tvp_x_of(best))
			best = p;
	}
	return best;
}

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

static int copy_string(json_t *o, const char *key, char *dst, size_t len)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (s == NULL || strlen(s) >= len)
		return -1;
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

/* An integer field in ns as seconds; NAN when the line has none. */
static double seconds(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);

	return json_is_integer(v) ? (double)json_integer_value(v) / 1e9 : NAN;
}

/* The line's timeline (tl: NULL where it has none) into p; -1 when an
 * entry is not four numbers, or out of memory. */
static int read_timeline(json_t *tl, struct point *p)
{
	size_t i, n = json_array_size(tl);
	json_t *e;

	p->timeline = NULL;
	p->ntimeline = -1;
	if (!json_is_array(tl))
		return 0;
	if ((p->timeline = calloc(n + 1, sizeof(*p->timeline))) == NULL)
		return -1;
	p->ntimeline = (long)n;
	json_array_foreach (tl, i, e) {
		double v[4];

		for (size_t k = 0; k < 4; k++) {
			json_t *x = json_array_get(e, k);

			if (!json_is_number(x))
				return -1;
			v[k] = json_number_value(x);
		}
		p->timeline[i] = (struct tvp_span){ v[0], v[1], v[2], v[3] };
	}
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

int tvp_program_line(json_t *j, const char *path, struct point *p, char *err,
                     size_t errlen)
{
	int rc = 0;

	p->timeline = NULL;
	p->ntimeline = -1;
	if (copy_string(j, "workload", p->workload, sizeof(p->workload)) ||
	    copy_string(j, "kind", p->kind, sizeof(p->kind)) ||
	    copy_string(j, "model", p->model, sizeof(p->model)) ||
	    copy_string(j, "schedule", p->schedule, sizeof(p->schedule)) ||
	    copy_string(j, "checksum", p->checksum, sizeof(p->checksum)) ||
	    !json_is_integer(json_object_get(j, "workers")) ||
	    !json_is_integer(json_object_get(j, "ncpus"))) {
		snprintf(err, errlen, "%s: not a tvp result line", path);
		rc = -1;
	}
	if (copy_string(j, "lang", p->lang, sizeof(p->lang)))
		strcpy(p->lang, "c");
	/* The analyzer follows a path from tvp_read_points where the times of
	 * a round "leak"; they are owned by the point (freed with it). */
	// NOLINTNEXTLINE(clang-analyzer-unix.Malloc)
	if (copy_string(j, "interpreter", p->interpreter,
	                sizeof(p->interpreter)))
		p->interpreter[0] = '\0';
	p->workers = (long)json_integer_value(json_object_get(j, "workers"));
	p->tasks = (long)json_integer_value(json_object_get(j, "tasks"));
	json_t *ms = json_object_get(j, "ms");
	p->task_ms = json_is_number(ms) ? json_number_value(ms) : NAN;
	p->ncpus = (long)json_integer_value(json_object_get(j, "ncpus"));
	p->maxrss_kb =
	        (long)json_integer_value(json_object_get(j, "maxrss_kb"));
	p->parallelism =
	        (double)json_integer_value(json_object_get(j, "cpu_ns")) /
	        (double)json_integer_value(json_object_get(j, "wall_ns"));
	if (!json_is_integer(json_object_get(j, "cpu_ns")))
		p->parallelism = NAN;
	p->cycles = p->instructions = NAN;
	p->pmu = !json_object_get(j, "cycles")                   ? -1
	         : json_is_integer(json_object_get(j, "cycles")) ? 1
	                                                         : 0;
	if (p->pmu == 1) {
		p->cycles = (double)json_integer_value(
		        json_object_get(j, "cycles"));
		p->instructions = (double)json_integer_value(
		        json_object_get(j, "instructions"));
	}
	p->spawn_ms =
	        (double)json_integer_value(json_object_get(j, "spawn_ns")) /
	        1e6;
	p->nrun = 0;
	if (json_is_integer(json_object_get(j, "wall_ns"))) {
		p->run_s[0] = seconds(j, "wall_ns");
		p->cpu_s[0] = seconds(j, "cpu_ns");
		p->task_s[0] = seconds(j, "task_cpu_ns");
		p->steal_s[0] = seconds(j, "steal_ns");
		p->spawn_s[0] = seconds(j, "spawn_ns");
		p->proc_s[0] = NAN;
		p->run_round[0] = 0;
		p->window_s[0] = seconds(j, "window_ns");
		p->nrun = 1;
	}
	p->tasks_per_worker = (long)json_integer_value(
	        json_object_get(j, "tasks_per_worker"));
	if (rc == 0 && read_timeline(json_object_get(j, "timeline"), p) != 0) {
		snprintf(err, errlen,
		         "%s: a timeline entry is not [start, end, cpu, tasks]",
		         path);
		rc = -1;
	}
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

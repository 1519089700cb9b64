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

int tvp_read_hyperfine(const char *path, double **times, size_t *n, char *err,
                       size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);

	*times = NULL;
	*n = 0;
	if (root == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, jerr.line, jerr.text);
		return -1;
	}
	return tvp_hyperfine_times(root, path, times, n, err, errlen);
}

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

int tvp_read_program_line(const char *path, struct point *p, char *err,
                          size_t errlen)
{
	json_error_t jerr;
	json_t *j = json_load_file(path, JSON_DISABLE_EOF_CHECK, &jerr);

	if (j == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, jerr.line, jerr.text);
		return -1;
	}
	return tvp_program_line(j, path, p, err, errlen);
}

/* An integer field in ns as seconds; NAN when the line has none. */
static double seconds(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);

	return json_is_integer(v) ? (double)json_integer_value(v) / 1e9 : NAN;
}

int tvp_program_line(json_t *j, const char *path, struct point *p, char *err,
                     size_t errlen)
{
	int rc = 0;

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
		p->nrun = 1;
	}
	p->timeline = json_incref(json_object_get(j, "timeline"));
	json_decref(j);
	return rc;
}

static int is_out_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 9 &&
	       strcmp(d->d_name + n - 9, ".out.json") == 0;
}

/* The configuration of "ID.rN" is ID: the rounds of one merge into one. */
static void id_of(const char *stem, char *id, size_t len)
{
	const char *dot = strrchr(stem, '.');
	size_t n = strlen(stem);

	if (dot != NULL && dot[1] == 'r' &&
	    strspn(dot + 2, "0123456789") == strlen(dot + 2) && dot[2] != '\0')
		n = (size_t)(dot - stem);
	snprintf(id, len, "%.*s", (int)n, stem);
}

/* Append one round (times and line) to the point with the same id. */
static int add_round(struct point *pts, long *m, const char *raw,
                     const char *stem, char *err, size_t errlen)
{
	char path[PATH_MAX + 300], id[160];
	struct point r = { 0 }, *p = NULL;
	double *all;

	snprintf(path, sizeof(path), "%s/%s.hyperfine.json", raw, stem);
	if (access(path, F_OK) != 0)
		return 0; /* interrupted between the two renames */
	if (tvp_read_hyperfine(path, &r.times, &r.ntimes, err, errlen))
		return -1;
	snprintf(path, sizeof(path), "%s/%s.out.json", raw, stem);
	if (tvp_read_program_line(path, &r, err, errlen)) {
		free(r.times);
		json_decref(r.timeline);
		return -1;
	}
	id_of(stem, id, sizeof(id));
	for (long k = 0; k < *m && p == NULL; k++)
		if (strcmp(pts[k].id, id) == 0)
			p = &pts[k];
	if (p == NULL) {
		r.sum.n = 0;
		snprintf(r.id, sizeof(r.id), "%s", id);
		pts[(*m)++] = r;
		return 0;
	}
	if (strcmp(p->checksum, r.checksum) != 0) {
		snprintf(err, errlen,
		         "CHECKSUM MISMATCH between rounds of %s: %s and %s",
		         id, p->checksum, r.checksum);
		free(r.times);
		json_decref(r.timeline);
		return -1;
	}
	all = realloc(p->times, (p->ntimes + r.ntimes) * sizeof(*all));
	if (all == NULL) {
		free(r.times);
		json_decref(r.timeline);
		return -1;
	}
	memcpy(all + p->ntimes, r.times, r.ntimes * sizeof(*all));
	for (size_t k = 0; k < r.nrun && p->nrun < 64; k++, p->nrun++) {
		p->run_s[p->nrun] = r.run_s[k];
		p->cpu_s[p->nrun] = r.cpu_s[k];
		p->task_s[p->nrun] = r.task_s[k];
		p->steal_s[p->nrun] = r.steal_s[k];
		p->spawn_s[p->nrun] = r.spawn_s[k];
	}
	/* the rounds are read in order: keep the last one's timeline */
	json_decref(p->timeline);
	p->timeline = r.timeline;
	p->times = all;
	p->ntimes += r.ntimes;
	free(r.times);
	return 0;
}

/*
 * Which times p's figures come from (struct point): a Python point whose
 * every round has the program's own time is judged on those, less the
 * pool's creation (run_s and spawn_s are rewritten so); every point keeps
 * hyperfine's as proc_times and the start-up and exit between the two as
 * a figure of its own.
 */
static int judge_in_process(struct point *p)
{
	bool python = !strcmp(p->lang, "python");
	double *own;

	p->proc_times = p->times;
	p->nproc_times = p->ntimes;
	p->startup_s = NAN;
	p->in_process = false;
	for (size_t r = 0; r < p->nrun; r++)
		if (isnan(p->run_s[r]) || !(p->run_s[r] > 0))
			return 0;
	if (p->nrun == 0 || p->ntimes == 0)
		return 0;
	/* Python: from the first task to the last result; creating the
	 * pool (fork or spawn of interpreters, tens of ms each) goes with
	 * the start-up, as C4's lesson, not inside the speedup */
	for (size_t r = 0; python && r < p->nrun; r++)
		if (!isnan(p->spawn_s[r]) && p->spawn_s[r] < p->run_s[r]) {
			p->run_s[r] -= p->spawn_s[r];
			p->spawn_s[r] = 0;
		}
	p->startup_s =
	        tvp_median(p->times, p->ntimes) - tvp_median(p->run_s, p->nrun);
	if (!python)
		return 0;
	own = malloc(p->nrun * sizeof(*own));
	if (own == NULL)
		return -1;
	memcpy(own, p->run_s, p->nrun * sizeof(*own));
	p->times = own;
	p->ntimes = p->nrun;
	p->in_process = true;
	return 0;
}

long tvp_read_points(const char *dir, struct point **out, char *err,
                     size_t errlen)
{
	char raw[PATH_MAX], stem[256];
	struct dirent **names;
	struct point *pts;
	long n, m = 0;
	int rc = 0;

	snprintf(raw, sizeof(raw), "%s/raw", dir);
	n = scandir(raw, &names, is_out_file, alphasort);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", raw, strerror(errno));
		return -1;
	}
	pts = calloc((size_t)n + 1, sizeof(*pts));
	for (long i = 0; i < n; i++) {
		snprintf(stem, sizeof(stem), "%.*s",
		         (int)(strlen(names[i]->d_name) - 9), names[i]->d_name);
		if (pts == NULL || rc != 0 ||
		    add_round(pts, &m, raw, stem, err, errlen) != 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	if (rc != 0) {
		tvp_free_points(pts, m);
		return -1;
	}
	for (long i = 0; i < m; i++)
		if (judge_in_process(&pts[i]) != 0) {
			snprintf(err, errlen, "out of memory");
			tvp_free_points(pts, m);
			return -1;
		}
	*out = pts;
	return m;
}

void tvp_free_points(struct point *p, long n)
{
	for (long i = 0; p != NULL && i < n; i++) {
		if (p[i].proc_times != p[i].times)
			free(p[i].proc_times);
		free(p[i].times);
		json_decref(p[i].timeline);
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

int tvp_compute(struct point *pts, long n)
{
	for (long i = 0; i < n; i++) {
		struct point *p = &pts[i];
		const struct point *s = tvp_serial_of(pts, n, p->workload);

		tvp_summarize(p->times, p->ntimes, tvp_seed_of(p->id), &p->sum);
		p->speedup = p->speedup_low = p->speedup_high = NAN;
		if (s == NULL)
			continue;
		if (strcmp(s->checksum, p->checksum) != 0) {
			fprintf(stderr,
			        "tvp-report: CHECKSUM MISMATCH: %s printed %s, "
			        "serial %s printed %s\n",
			        p->id, p->checksum, s->id, s->checksum);
			return -1;
		}
		tvp_speedup(s->times, s->ntimes, p->times, p->ntimes,
		            tvp_seed_of(p->id) ^ 0x5eed, &p->speedup,
		            &p->speedup_low, &p->speedup_high);
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

int tvp_busy_note(const char *dir, char *out, size_t len)
{
	char path[PATH_MAX + 16], stage[64], state[16];
	double waited, busy;
	int n = 0;
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/raw/quiet.txt", dir);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fscanf(f, "%63s %lf %lf %15s", stage, &waited, &busy, state) ==
	       4) {
		size_t l = strlen(out);

		if (strcmp(state, "busy"))
			continue;
		snprintf(out + l, len - l,
		         "%s%s (%.2f CPUs busy outside the sweep after %.0f s "
		         "of waiting)",
		         n ? ", " : "**Measured on a busy machine:** ", stage,
		         busy, waited);
		n++;
	}
	fclose(f);
	if (n > 0) {
		size_t l = strlen(out);

		snprintf(out + l, len - l,
		         ". Its figures are kept, but another program took "
		         "CPU time meanwhile: compare them with care.");
	}
	return n;
}

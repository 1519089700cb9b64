/* SPDX-License-Identifier: MIT */
/* Reading a results folder, once (load.h). */
#include "load.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../bench/lib/procstat.h"

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

static int is_out_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 9 &&
	       strcmp(d->d_name + n - 9, ".out.json") == 0;
}

/* The configuration of "ID.rN" is ID, its round N (0 when the stem
 * names no round): the rounds of one merge into one. */
static long id_of(const char *stem, char *id, size_t len)
{
	const char *dot = strrchr(stem, '.');
	size_t n = strlen(stem);
	long round = 0;

	if (dot != NULL && dot[1] == 'r' &&
	    strspn(dot + 2, "0123456789") == strlen(dot + 2) &&
	    dot[2] != '\0' && strlen(dot + 2) < 6) {
		n = (size_t)(dot - stem);
		round = strtol(dot + 2, NULL, 10);
	}
	snprintf(id, len, "%.*s", (int)n, stem);
	return round;
}

/*
 * Every line of a round's .out.json into r's runs, each with the
 * whole-process time of its own run: one line a run (times[k] is line
 * k's), or one line for several runs, the last (hyperfine's --output
 * keeps only the last run's). -1 with a message in err.
 */
static int read_round_lines(const char *path, long round, struct point *r,
                            char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0, nline = 0;
	int rc = 0;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && getline(&text, &cap, f) > 0) {
		struct point q = { 0 };
		json_error_t jerr;
		json_t *j;

		if (strspn(text, " \t\r\n") == strlen(text))
			continue;
		if ((j = json_loads(text, 0, &jerr)) == NULL) {
			snprintf(err, errlen, "%s:%zu: %s", path, nline + 1,
			         jerr.text);
			rc = -1;
			break;
		}
		if (nline == 0) {
			rc = tvp_program_line(j, path, r, err, errlen);
		} else {
			rc = tvp_program_line(j, path, &q, err, errlen);
			tvp_timeline_move(r, &q);
			if (rc == 0 && strcmp(q.checksum, r->checksum)) {
				snprintf(err, errlen,
				         "%s: CHECKSUM MISMATCH between runs: "
				         "%s and %s",
				         path, r->checksum, q.checksum);
				rc = -1;
			}
			if (rc == 0 && q.nrun == 1 && r->nrun < 64) {
				size_t k = r->nrun++;

				r->run_s[k] = q.run_s[0];
				r->cpu_s[k] = q.cpu_s[0];
				r->task_s[k] = q.task_s[0];
				r->steal_s[k] = q.steal_s[0];
				r->spawn_s[k] = q.spawn_s[0];
				r->window_s[k] = q.window_s[0];
			}
		}
		nline++;
	}
	free(text);
	fclose(f);
	if (rc == 0 && nline == 0) {
		snprintf(err, errlen, "%s: not a tvp result line", path);
		rc = -1;
	}
	for (size_t k = 0; rc == 0 && k < r->nrun; k++) {
		size_t t = r->nrun == r->ntimes ? k : r->ntimes - 1;

		r->run_round[k] = round;
		r->proc_s[k] = r->nrun == r->ntimes || r->nrun == 1
		                       ? r->times[t]
		                       : NAN;
	}
	return rc;
}

/* Append one round (times and lines) to the point with the same id. */
static int add_round(struct point *pts, long *m, const char *raw,
                     const char *stem, char *err, size_t errlen)
{
	char path[PATH_MAX + 300], id[160];
	struct point r = { 0 }, *p = NULL;
	long round = id_of(stem, id, sizeof(id)), newest = 0;
	double *all;

	snprintf(path, sizeof(path), "%s/%s.hyperfine.json", raw, stem);
	if (access(path, F_OK) != 0)
		return 0; /* interrupted between the two renames */
	if (tvp_read_hyperfine(path, &r.times, &r.ntimes, err, errlen))
		return -1;
	snprintf(path, sizeof(path), "%s/%s.out.json", raw, stem);
	if (read_round_lines(path, round, &r, err, errlen)) {
		free(r.times);
		free(r.timeline);
		return -1;
	}
	r.round_no[0] = round;
	r.round_s[0] = tvp_median(r.times, r.ntimes);
	r.nround = 1;
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
		free(r.timeline);
		return -1;
	}
	if (p->nround == 64) {
		snprintf(err, errlen, "%s: more than 64 rounds", id);
		free(r.times);
		free(r.timeline);
		return -1;
	}
	all = realloc(p->times, (p->ntimes + r.ntimes) * sizeof(*all));
	if (all == NULL) {
		free(r.times);
		free(r.timeline);
		return -1;
	}
	memcpy(all + p->ntimes, r.times, r.ntimes * sizeof(*all));
	for (size_t k = 0; k < p->nround; k++)
		newest = p->round_no[k] > newest ? p->round_no[k] : newest;
	p->round_no[p->nround] = round;
	p->round_s[p->nround++] = r.round_s[0];
	for (size_t k = 0; k < r.nrun && p->nrun < 64; k++, p->nrun++) {
		p->run_s[p->nrun] = r.run_s[k];
		p->proc_s[p->nrun] = r.proc_s[k];
		p->run_round[p->nrun] = r.run_round[k];
		p->cpu_s[p->nrun] = r.cpu_s[k];
		p->task_s[p->nrun] = r.task_s[k];
		p->steal_s[p->nrun] = r.steal_s[k];
		p->spawn_s[p->nrun] = r.spawn_s[k];
		p->window_s[p->nrun] = r.window_s[k];
	}
	/* the newest round's timeline (the files come in name order: r10
	 * before r2) */
	if (round > newest) {
		tvp_timeline_move(p, &r);
		p->timeline_wall_s = r.nrun ? r.run_s[r.nrun - 1] : NAN;
	} else {
		free(r.timeline);
	}
	p->times = all;
	p->ntimes += r.ntimes;
	free(r.times);
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
		if (tvp_own_times(&pts[i]) != 0) {
			snprintf(err, errlen, "out of memory");
			tvp_free_points(pts, m);
			return -1;
		}
	*out = pts;
	return m;
}

static int busy_note(const char *dir, char *out, size_t len)
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

/* The raw files read as typed rows (rows.h), and where their rows go in
 * a folder. */
/* (m names a member, which no parentheses may enclose) */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define ROWS(schema, m)                                                        \
	{                                                                      \
		&tvp_schema_##schema, offsetof(struct tvp_folder, m.v),        \
		        offsetof(struct tvp_folder, m.n),                      \
		        offsetof(struct tvp_folder, m.have)                    \
	}
/* NOLINTEND(bugprone-macro-parentheses) */
static const struct {
	const struct tvp_schema *s;
	size_t v, n, have;
} typed[] = {
	ROWS(load, load),       ROWS(crash, crash),
	ROWS(conns, conns),     ROWS(rate, rates),
	ROWS(ctxsw, ctxsw),     ROWS(race, race),
	ROWS(pyrace, pyrace),   ROWS(spawn, spawn),
	ROWS(pyspawn, pyspawn), ROWS(footprint, footprint),
	ROWS(oversub, oversub), ROWS(ipc, ipc),
	ROWS(pyipc, pyipc),     ROWS(makespan, makespan),
	ROWS(pool, pool),       ROWS(pool_few, pool_few),
};
#define NTYPED (sizeof(typed) / sizeof(typed[0]))

/* A raw/NAME.jsonl that no table reads. */
static int is_jsonl(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	if (d->d_name[0] == '.' || n <= 6 ||
	    strcmp(d->d_name + n - 6, ".jsonl") != 0)
		return 0;
	for (size_t k = 0; k < NTYPED; k++)
		if (strlen(typed[k].s->file) == n - 6 &&
		    !strncmp(d->d_name, typed[k].s->file, n - 6))
			return 0;
	return 1;
}

/* The raw files read as rows, each into its array of structs. */
static int read_rows(struct tvp_folder *f, char *err, size_t errlen)
{
	char path[PATH_MAX + 300];

	for (size_t k = 0; k < NTYPED; k++) {
		char *at = (char *)f;
		bool *have = (bool *)(at + typed[k].have);

		snprintf(path, sizeof(path), "%s/raw/%s.jsonl", f->dir,
		         typed[k].s->file);
		if (tvp_rows_read(typed[k].s, path, at + typed[k].v,
		                  (size_t *)(at + typed[k].n), have, err,
		                  errlen) < 0)
			return -1;
		f->nfiles += *have;
	}
	return 0;
}

/* Free the rows of every raw file read as rows. */
static void free_rows(struct tvp_folder *f)
{
	char *at = (char *)f;

	for (size_t k = 0; k < NTYPED; k++) {
		void *rows;
		size_t n;

		memcpy(&rows, at + typed[k].v, sizeof(rows));
		memcpy(&n, at + typed[k].n, sizeof(n));
		tvp_rows_free(typed[k].s, rows, n);
	}
}

/* A raw/NAME.jsonl that no table reads: an error, not a file left unread
 * (a benchmark added without its struct, rows.h). */
static int unread_lines(const struct tvp_folder *f, char *err, size_t errlen)
{
	char path[PATH_MAX + 300];
	struct dirent **names;
	int n, rc = 0;

	snprintf(path, sizeof(path), "%s/raw", f->dir);
	n = scandir(path, &names, is_jsonl, alphasort);
	for (int i = 0; i < n; i++) {
		if (rc == 0)
			snprintf(
			        err, errlen,
			        "%s/raw/%s: no table in rows.c reads this file",
			        f->dir, names[i]->d_name);
		rc = -1;
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return rc;
}

/* The "cpuN" lines of DIR/raw/proc-stat.WHEN: steal and all ticks. */
static int read_proc_stat(const char *dir, const char *when,
                          unsigned long long *steal, unsigned long long *all)
{
	char path[PATH_MAX + 32], line[512];
	FILE *p;

	snprintf(path, sizeof(path), "%s/raw/proc-stat.%s", dir, when);
	if ((p = fopen(path, "r")) == NULL)
		return -1;
	*steal = *all = 0;
	while (fgets(line, sizeof(line), p)) {
		unsigned long long v[8];
		int cpu;

		if (!tvp_proc_stat_cpu(line, &cpu, v))
			continue;
		for (int k = 0; k < 8; k++)
			*all += v[k];
		*steal += v[7];
	}
	fclose(p);
	return 0;
}

/* perf bench sched pipe's usecs/op under "== tvp: process" / "thread". */
static double perf_pipe(const char *dir, const char *which)
{
	char path[PATH_MAX], line[256], want[32];
	double v = NAN, x;
	bool in = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/raw/reference-perf-pipe.txt", dir);
	snprintf(want, sizeof(want), "== tvp: %s", which);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "== tvp: ", 8) == 0)
			in = strncmp(line, want, strlen(want)) == 0;
		else if (in && strstr(line, "usecs/op") &&
		         sscanf(line, " %lf", &x) == 1)
			v = x;
	}
	if (f)
		fclose(f);
	return v;
}

int tvp_folder_load(struct tvp_folder *f, const char *dir, char *err,
                    size_t errlen)
{
	char path[PATH_MAX + 16];

	memset(f, 0, sizeof(*f));
	f->dir = dir;
	f->base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	f->n = tvp_read_points(dir, &f->pts, err, errlen);
	if (f->n < 0) {
		f->n = 0;
		f->pts = NULL;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/machine.json", dir);
	f->machine = json_load_file(path, 0, NULL);
	if (!json_is_object(f->machine)) {
		json_decref(f->machine);
		f->machine = NULL;
	}
	f->ncores =
	        (long)json_integer_value(json_object_get(f->machine, "cpus"));
	if (unread_lines(f, err, errlen) < 0 || read_rows(f, err, errlen) < 0) {
		tvp_folder_free(f);
		return -1;
	}
	f->nbusy = busy_note(dir, f->busy, sizeof(f->busy));
	f->has_stat =
	        read_proc_stat(dir, "start", &f->steal[0], &f->ticks[0]) == 0 &&
	        read_proc_stat(dir, "end", &f->steal[1], &f->ticks[1]) == 0;
	f->perf_pipe_us[0] = perf_pipe(dir, "process");
	f->perf_pipe_us[1] = perf_pipe(dir, "thread");
	return 0;
}

void tvp_folder_free(struct tvp_folder *f)
{
	tvp_free_points(f->pts, f->n);
	json_decref(f->machine);
	free_rows(f);
	memset(f, 0, sizeof(*f));
}

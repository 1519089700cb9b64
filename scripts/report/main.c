/* SPDX-License-Identifier: MIT */
/*
 * tvp-report: the last stage of the pipeline, its command line. It reads
 * only a results folder (raw/ and machine.json) and writes, each through
 * a temp file and a rename, what follows from it. The data flows one way:
 *
 *   load.c       reads the folder once into a struct tvp_folder
 *   results.c, account.c, stats.c
 *                every point's figures (medians, intervals, speedups,
 *                where the cores' time went)
 *   claims.c, c10.c, verdict.c
 *                every claim's evidence and verdict (struct tvp_claims)
 *   machine.c, workload.c, micro.c, server.c   report.md and summary.csv
 *   claimsout.c  claims.md, claims.json;  plot.c  every plot's data
 *   publish.c    RESULTS.md from the folders' claims.json
 *   compare.c    two folders side by side
 *
 * The same folder always gives the same bytes: the bootstrap is seeded
 * from each configuration's id, and nothing reads the clock.
 *
 *   tvp-report point HYPERFINE.json OUT.json [RAW ID]
 *                                     checksum, median, CV [and the
 *                                     checksum it must equal, whose]
 *   tvp-report analyse DIR
 *   tvp-report wide DIR TARGET_PCT RUNS   configurations to run once
 *                                     more: id, width, rounds, cost
 *   tvp-report publish LIST RESULTS.md  the page, from each listed folder's
 *                                       claims.json (publish.c)
 *   tvp-report verdicts DIR           a folder's verdicts, one line each
 *   tvp-report card DIR CN            one claim's card (make claim C=N)
 *   tvp-report compare DIR_A DIR_B OUT_DIR
 *   tvp-report describe < DESCRIBE_LINES
 */
#include <jansson.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../bench/lib/procstat.h"
#include "account.h"
#include "claims.h"
#include "compare.h"
#include "jsonl.h"
#include "load.h"
#include "machine.h"
#include "micro.h"
#include "out.h"
#include "publish.h"
#include "server.h"
#include "serverdata.h"
#include "results.h"
#include "stats.h"
#include "workload.h"

/* A program line of round 1 (NAME.r1.out.json): the runs a checksum is
 * held against (the folder's own listing, as load.c reads it: scandir,
 * so that a path is never a pattern). */
static int is_round_one(const struct dirent *d)
{
	size_t n = strlen(d->d_name), sl = strlen(".r1.out.json");

	return d->d_name[0] != '.' && n > sl &&
	       strcmp(d->d_name + n - sl, ".r1.out.json") == 0;
}

/* The first lines of workload W's runs of round 1 in raw (but id's own,
 * which is p), into *out with p last and their ids set: the runs a
 * checksum is held against (tvp_same_work_of); how many, or -1 (said)
 * when one cannot be read. */
static long round_one_runs(const char *raw, const char *w, const char *id,
                           const struct point *p, struct point **out)
{
	struct dirent **names;
	char path[PATH_MAX], err[512];
	size_t wl = strlen(w);
	int n = scandir(raw, &names, is_round_one, alphasort);
	long k = 0, rc = 0;
	struct point *pts = n < 0 ? NULL : calloc((size_t)n + 1, sizeof(*pts));

	if (n < 0)
		fprintf(stderr, "tvp-report: %s: %s\n", raw, strerror(errno));
	for (int i = 0; i < n && pts && rc == 0; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name) - strlen(".r1.out.json");

		if (strncmp(name, w, wl) || name[wl] != '-')
			continue; /* (another workload's) */
		snprintf(pts[k].id, sizeof(pts[k].id), "%.*s", (int)len, name);
		if (!strcmp(pts[k].id, id))
			continue; /* (this run's own: p) */
		snprintf(path, sizeof(path), "%s/%s", raw, name);
		if (tvp_read_program_line(path, &pts[k], err, sizeof(err))) {
			fprintf(stderr, "tvp-report: %s\n", err);
			rc = -1;
		}
		k++;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	if (n >= 0)
		free(names);
	if (n >= 0 && pts == NULL)
		fprintf(stderr, "tvp-report: out of memory\n");
	if (n < 0 || pts == NULL || rc) {
		for (long i = 0; pts && i < k; i++)
			free(pts[i].timeline);
		free(pts);
		return -1;
	}
	pts[k] = *p;
	*out = pts;
	return k + 1;
}

/* A round's checksum, median and CV; with RAW and ID also the checksum
 * it must equal and whose it is (tvp_same_work_of over the workload's
 * runs of round 1; "- -" where none), so that time.sh holds each run to
 * the serial one without a program started per file. Exit 1 (said) when
 * a line cannot be read. */
static int cmd_point(const char *hf, const char *line, const char *raw,
                     const char *id)
{
	struct point p = { 0 }, *pts = NULL;
	const struct point *s = NULL;
	char err[512], w[32];
	long n = 0;
	int rc = 0;

	if (tvp_read_hyperfine(hf, &p.times, &p.ntimes, err, sizeof(err)) ||
	    tvp_read_program_line(line, &p, err, sizeof(err))) {
		fprintf(stderr, "tvp-report: %s\n", err);
		free(p.times);
		free(p.timeline);
		return 1;
	}
	tvp_summarize(p.times, p.ntimes, 1, &p.sum);
	if (raw != NULL) {
		snprintf(w, sizeof(w), "%.*s", (int)strcspn(id, "-"), id);
		snprintf(p.id, sizeof(p.id), "%s", id);
		n = round_one_runs(raw, w, id, &p, &pts);
		if (n < 0)
			rc = 1;
		else
			s = tvp_same_work_of(pts, n, &pts[n - 1]);
	}
	if (rc == 0) {
		printf("%s %.6f %.2f", p.checksum, p.sum.median, p.sum.cv_pct);
		if (raw != NULL)
			printf(" %s %s", s ? s->checksum : "-",
			       s ? s->id : "-");
		printf("\n");
	}
	for (long i = 0; i + 1 < n; i++)
		free(pts[i].timeline);
	free(pts);
	free(p.times);
	free(p.timeline);
	return rc;
}

/* ---- grouping ---- */

static int kind_rank(const char *kind)
{
	return strcmp(kind, "cpu") == 0      ? 0
	       : strcmp(kind, "memory") == 0 ? 1
	                                     : 2;
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
	if (fo.n == 0 && fo.nfiles == 0) {
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
	if (tvp_compute(fo.pts, fo.n) || tvp_write_csv(dir, fo.pts, fo.n) ||
	    tvp_out_open(&o, dir, "report.md")) {
		rc = 1;
		goto out;
	}
	tvp_machine_block(o.f, &fo);
	if (fo.nbusy > 0)
		fprintf(o.f, "%s\n\n", fo.busy);
	tvp_rounds_sentence(o.f, &fo);
	for (long i = 0, j; i < fo.n; i = j) {
		for (j = i; j < fo.n &&
		            !strcmp(fo.pts[j].workload, fo.pts[i].workload);)
			j++;
		if (tvp_write_workload(o.f, dir, &fo.pts[i], j - i, fo.ncores))
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

/*
 * The configurations of dir whose figure is wider than +-target%, those
 * that decide a claim first, each a line "ID WIDTH ROUNDS COST": its
 * width in %, the rounds it has, and the whole seconds one more round of
 * runs runs takes (the runs at its median, a fifth more and a second
 * for starting them): what the sweep's extra rounds are planned from.
 */
static int cmd_wide(const char *dir, const char *target, const char *runs)
{
	char err[1024], *end, *rend;
	struct point *pts;
	long n = tvp_read_points(dir, &pts, err, sizeof(err)), m = 0;
	double t = strtod(target, &end), r = strtod(runs, &rend);
	struct wide *w;

	if (n < 0 || *end || !(t > 0) || *rend || !(r >= 1)) {
		fprintf(stderr, "tvp-report: %s\n",
		        n < 0 ? err
		              : "wide: the target is a percentage > 0, the "
		                "runs a round 1 or more");
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
		double width = tvp_width_pct(p);

		if (width > t)
			w[m++] = (struct wide){ p, width,
				                !strcmp(p->workload, "count") ||
				                        !strcmp(p->workload,
				                                "pycount") };
	}
	qsort(w, (size_t)m, sizeof(*w), cmp_wide);
	for (long i = 0; i < m; i++)
		printf("%s %.2f %zu %ld\n", w[i].p->id, w[i].width,
		       w[i].p->nround,
		       (long)(w[i].p->sum.median * r * 1.2 + 1));
	free(w);
	tvp_free_points(pts, n);
	return 0;
}

/*
 * The programs that describe themselves other than the workloads: a
 * micro-benchmark ("micro": NAME|CLAIM|QUICK|FULL|PYTHON|PY_QUICK|PY_FULL,
 * PYTHON "-" for none) and a Python program of the sweep ("python":
 * python|NAME|QUICK|FULL). Each as one line of its fields joined by '|'.
 */
static const char *const micro_keys[] = { "name",       "claim",
	                                  "quick",      "full",
	                                  "python",     "python_quick",
	                                  "python_full" },
                         *python_keys[] = { "name", "quick", "full" };
static const struct {
	const char *object, *lead, *what;
	const char *const *keys;
	int n, optional; /* the key that may be absent ("-"), or -1 */
} described[] = {
	{ "micro", "", "micro-benchmark's", micro_keys, 7, 4 },
	{ "python", "python|", "Python program's", python_keys, 3, -1 },
};

/* A program's "calibrate" object ({"knob": "n", "task_ms": 42}) as the
 * sweep reads it, "n:42", or "-" for none (null or absent). */
static void print_calibrate(json_t *c)
{
	const char *knob = json_string_value(json_object_get(c, "knob"));
	json_int_t ms = json_integer_value(json_object_get(c, "task_ms"));

	if (knob && ms > 0 && !strpbrk(knob, "|:\n "))
		printf("%s:%lld", knob, (long long)ms);
	else
		putchar('-');
}

/* Print o's fields as described[d] says; -1 (nothing printed) when one is
 * missing or holds a '|' or a newline. */
static int describe_fields(json_t *o, size_t d)
{
	const char *v[8];
	int n = described[d].n;

	for (int k = 0; k < n; k++) {
		v[k] = json_string_value(
		        json_object_get(o, described[d].keys[k]));
		if (v[k] == NULL && k == described[d].optional)
			v[k] = "-";
		if (v[k] == NULL || strpbrk(v[k], "|\n"))
			return -1;
	}
	fputs(described[d].lead, stdout);
	for (int k = 0; k < n; k++)
		printf("%s%s", k ? "|" : "", v[k]);
	if (!strcmp(described[d].object, "python")) {
		putchar('|');
		print_calibrate(json_object_get(o, "calibrate"));
	}
	putchar('\n');
	return 0;
}

/*
 * tvp-report describe: the programs' --describe lines (stdin) as one line
 * of words each, for the sweep's shell to read: WORKLOAD KIND MODEL ROLE
 * SCHEDULES LAUNCHER, the schedules joined by commas, "-" for none, then
 * |QUICK|FULL|SCRATCH|SWEEP|CALIBRATE: the workload's arguments in a quick
 * and a full sweep, "dir" when it takes a scratch folder (--dir), "full"
 * when only FULL sweeps it (else "quick"), and KNOB:MS when the sweep
 * sizes KNOB so that a task lasts MS ms on the machine (--calibrate-ms;
 * else "-"); a micro-benchmark's as describe_micro's fields; a Python
 * program's as python|NAME|QUICK|FULL|CALIBRATE.
 */
static int cmd_describe(void)
{
	char line[8192];
	int rc = 0;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		json_t *j = json_loads(line, 0, NULL);
		size_t d = 0;

		while (d < sizeof(described) / sizeof(*described) &&
		       json_object_get(j, described[d].object) == NULL)
			d++;
		if (d < sizeof(described) / sizeof(*described)) {
			if (describe_fields(
			            json_object_get(j, described[d].object),
			            d) != 0) {
				fprintf(stderr,
				        "tvp-report: describe: not a %s "
				        "--describe line: %.80s\n",
				        described[d].what, line);
				rc = 2;
			}
			json_decref(j);
			continue;
		}
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
		printf("%s %s", json_array_size(sc) ? "" : "-",
		       launcher ? launcher : "-");
		/* the workload's sweep arguments, and its scratch-folder knob */
		const char *quick =
		        json_string_value(json_object_get(w, "quick"));
		const char *full =
		        json_string_value(json_object_get(w, "full"));
		const char *scratch = "";
		json_array_foreach (json_object_get(w, "knobs"), i, v) {
			const char *kn =
			        json_string_value(json_object_get(v, "name"));

			if (kn && !strcmp(kn, "dir"))
				scratch = "dir";
		}
		const char *sweep =
		        json_string_value(json_object_get(w, "sweep"));
		printf("|%s|%s|%s|%s|", quick ? quick : "", full ? full : "",
		       scratch, sweep ? sweep : "quick");
		print_calibrate(json_object_get(w, "calibrate"));
		putchar('\n');
		json_decref(j);
	}
	return rc;
}

/*
 * tvp-report rate-base LOAD MIX CONNS CONFIG...: the rate the equal-terms
 * points of MIX are shares of (serve.sh): the highest, over the CONFIGs,
 * of what each kept up with closed-loop at CONNS connections
 * (tvp_srv_cap, from the server-load.jsonl lines at LOAD); 0 when none of
 * them has such a line. A file that cannot be read (or a line of it that
 * lacks a key: rows.h): one line, exit 2.
 */
static int cmd_rate_base(int argc, char **argv)
{
	char *end, err[512] = "";
	double conns = strtod(argv[4], &end);
	struct tvp_wrks load = { 0 };
	long base = 0;
	int r = tvp_rows_read(&tvp_schema_load, argv[2], &load.v, &load.n,
	                      &load.have, err, sizeof(err));

	if (r < 0 || !load.have || *end || !(conns > 0)) {
		fprintf(stderr, "tvp-report: rate-base: %s\n",
		        r < 0        ? err
		        : !load.have ? "cannot read the load lines"
		                     : "CONNS is a count of connections");
		tvp_rows_free(&tvp_schema_load, load.v, load.n);
		return 2;
	}
	for (int k = 5; k < argc; k++) {
		long cap = tvp_srv_cap(&load, argv[3], argv[k], conns);

		base = cap > base ? cap : base;
	}
	tvp_rows_free(&tvp_schema_load, load.v, load.n);
	printf("%ld\n", base);
	return 0;
}

/* The busy ticks (user, nice, system, irq, softirq; not steal, the
 * host's) of every CPU in /proc/stat so far into *t; -1 when unreadable. */
static int busy_ticks(unsigned long long *t)
{
	FILE *f = fopen("/proc/stat", "r");
	char line[512];
	int any = 0;

	*t = 0;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long v[8];
		int cpu;

		if (!tvp_proc_stat_cpu(line, &cpu, v))
			continue;
		*t += v[0] + v[1] + v[2] + v[5] + v[6];
		any = 1;
	}
	if (f)
		fclose(f);
	return any ? 0 : -1;
}

/*
 * tvp-report busy CPUS: how many CPUs were kept busy over 0.5 s (two
 * reads of /proc/stat), printed with two decimals; exit 0 when under
 * CPUS (a quiet machine: the sweep's gate, scripts/sweep/common.sh), 3
 * when not, 2 with one line when it cannot tell.
 */
static int cmd_busy(const char *cpus)
{
	char *end;
	double want = strtod(cpus, &end), hz = (double)sysconf(_SC_CLK_TCK);
	unsigned long long a, b;
	struct timespec t0, t1, half = { 0, 500000000 };

	if (*end || !(want >= 0) || !(hz > 0)) { /* (0: never quiet) */
		fprintf(stderr, "tvp-report: busy: CPUS is a count of CPUs\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (busy_ticks(&a) != 0 || nanosleep(&half, NULL) != 0 ||
	    busy_ticks(&b) != 0) {
		fprintf(stderr, "tvp-report: busy: cannot read /proc/stat\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) +
	           (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       busy = (double)(b - a) / hz / s;

	printf("%.2f\n", busy);
	return busy < want ? 0 : 3;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "describe"))
		return cmd_describe();
	if (argc == 5 && !strcmp(argv[1], "compare"))
		return tvp_cmd_compare(argv[2], argv[3], argv[4]);
	if ((argc == 4 || argc == 6) && !strcmp(argv[1], "point"))
		return cmd_point(argv[2], argv[3], argc == 6 ? argv[4] : NULL,
		                 argc == 6 ? argv[5] : NULL);
	if (argc == 3 && !strcmp(argv[1], "analyse"))
		return cmd_analyse(argv[2]);
	if (argc >= 6 && !strcmp(argv[1], "rate-base"))
		return cmd_rate_base(argc, argv);
	if (argc == 5 && !strcmp(argv[1], "wide"))
		return cmd_wide(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "publish"))
		return tvp_cmd_publish(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "card"))
		return tvp_cmd_card(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "verdicts"))
		return tvp_cmd_verdicts(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "busy"))
		return cmd_busy(argv[2]);
	fprintf(stderr,
	        "usage: tvp-report point HYPERFINE.json OUT.json [RAW_DIR ID]\n"
	        "       tvp-report analyse RESULTS_DIR\n"
	        "       tvp-report wide RESULTS_DIR TARGET_PCT RUNS\n"
	        "       tvp-report rate-base LOAD.jsonl MIX CONNS "
	        "CONFIG...\n"
	        "       tvp-report describe < DESCRIBE_LINES\n"
	        "       tvp-report compare DIR_A DIR_B OUT_DIR\n"
	        "       tvp-report publish PUBLISHED_LIST RESULTS.md\n"
	        "       tvp-report card RESULTS_DIR CN\n"
	        "       tvp-report verdicts RESULTS_DIR\n"
	        "       tvp-report busy CPUS\n");
	return 2;
}

/* SPDX-License-Identifier: MIT */
/*
 * tvp-report compare A B OUT: two results folders, configuration by
 * configuration. For every configuration both hold: both medians, B's time
 * as a share of A's with its bootstrap interval, and a permutation test on
 * the raw runs of the two (are they two samples of one distribution?).
 * Writes OUT/compare.md (the table) and, per cpu- or memory-bound
 * workload, OUT/plots/WORKLOAD.dat/.vars (both machines' speedup curves,
 * for plots/speedup.gp); prints the table on stdout. Then the claims'
 * verdicts side by side (each folder's claims.json) and the facts of the
 * two machines that differ (machine.json).
 */
#include "compare.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jsonl.h"
#include "load.h"
#include "out.h"
#include "plot.h"
#include "results.h"
#include "stats.h"

#define PERMUTATIONS 4000
#define ALPHA        0.05

static const struct point *find(const struct point *pts, long n, const char *id)
{
	for (long i = 0; i < n; i++)
		if (!strcmp(pts[i].id, id))
			return &pts[i];
	return NULL;
}

/* DIR's claims.json's claims, or NULL after saying why. */
static json_t *claims_of(const char *dir)
{
	char path[PATH_MAX];
	json_t *doc, *c;

	snprintf(path, sizeof(path), "%s/claims.json", dir);
	doc = json_load_file(path, 0, NULL);
	c = json_incref(json_object_get(doc, "claims"));
	json_decref(doc);
	if (!json_is_array(c))
		printf("tvp: %s has no claims.json yet (make report RESULTS=%s "
		       "writes it): the claims are left out\n",
		       dir, dir);
	return json_is_array(c) ? c : (json_decref(c), NULL);
}

/* The claims side by side, where both folders' reports judged them. */
static void claims_side_by_side(FILE *md, const char *a, const char *b)
{
	json_t *ca = claims_of(a), *cb = claims_of(b), *x;
	size_t i;

	if (ca && cb) {
		fprintf(md,
		        "### The claims on each\n\n| claim | A: `%s` | B: "
		        "`%s` | |\n|---|---|---|---|\n",
		        strrchr(a, '/') ? strrchr(a, '/') + 1 : a,
		        strrchr(b, '/') ? strrchr(b, '/') + 1 : b);
		printf("tvp: the claims on each (A: %s, B: %s):\n", a, b);
		json_array_foreach (ca, i, x) {
			json_t *y = json_array_get(cb, i);
			const char *va = tvp_jstr(x, "verdict"),
			           *vb = tvp_jstr(y, "verdict");
			const char *diff = strcmp(va, vb) ? "differs" : "";

			fprintf(md, "| %s | %s%s%s | %s%s%s | %s |\n",
			        tvp_jstr(x, "id"), va,
			        *tvp_jstr(json_object_get(x, "c"), "key") ? ": "
			                                                  : "",
			        tvp_jstr(json_object_get(x, "c"), "key"), vb,
			        *tvp_jstr(json_object_get(y, "c"), "key") ? ": "
			                                                  : "",
			        tvp_jstr(json_object_get(y, "c"), "key"), diff);
			printf("  %-4s %-32s %-32s %s\n", tvp_jstr(x, "id"), va,
			       vb, diff);
		}
		fputc('\n', md);
	}
	json_decref(ca);
	json_decref(cb);
}

/* A fact of machine.json as text: a string, a number, else "unknown". */
static void fact_text(json_t *m, const char *key, char *out, size_t len)
{
	json_t *v = json_object_get(m, key);

	if (json_is_string(v))
		snprintf(out, len, "%s", json_string_value(v));
	else if (json_is_number(v))
		snprintf(out, len, "%g", json_number_value(v));
	else
		snprintf(out, len, "unknown");
}

/* The facts of the two machines that differ, vulnerabilities included. */
static void facts_differ(FILE *md, const char *a, const char *b)
{
	static const char *const keys[] = {
		"cpu_model",  "cpus",
		"cores",      "smt",
		"cpu_flags",  "page_table_isolation",
		"hypervisor", "virtualization",
		"thp",        "thp_defrag",
		"kernel",     "os",
		"compiler",   "cflags",
		"python",     "mpi",
		"mode"
	};
	char path[PATH_MAX], x[1024], y[1024];
	json_t *m[2], *va, *vb, *v;
	const char *k;
	int n = 0;

	for (int f = 0; f < 2; f++) {
		snprintf(path, sizeof(path), "%s/machine.json", f ? b : a);
		m[f] = json_load_file(path, 0, NULL);
	}
	fputs("### What differs between the machines\n\n| fact | A | B "
	      "|\n|---|---|---|\n",
	      md);
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		fact_text(m[0], keys[i], x, sizeof(x));
		fact_text(m[1], keys[i], y, sizeof(y));
		if (strcmp(x, y) && ++n)
			fprintf(md, "| %s | %s | %s |\n", keys[i], x, y);
	}
	va = json_object_get(m[0], "vulnerabilities");
	vb = json_object_get(m[1], "vulnerabilities");
	json_object_foreach (va, k, v) {
		fact_text(va, k, x, sizeof(x));
		fact_text(vb, k, y, sizeof(y));
		if (strcmp(x, y) && ++n)
			fprintf(md, "| vulnerability %s | %s | %s |\n", k, x,
			        y);
	}
	json_object_foreach (vb, k, v)
		if (!json_object_get(va, k) && ++n) {
			fact_text(vb, k, y, sizeof(y));
			fprintf(md, "| vulnerability %s | unknown | %s |\n", k,
			        y);
		}
	if (n == 0)
		fputs("| (none of these) | | |\n", md);
	fputc('\n', md);
	json_decref(m[0]);
	json_decref(m[1]);
}

/* Ranks (1..n, ties given their average) of x, into rank. */
static void ranks_of(const double *x, size_t n, double *rank)
{
	for (size_t i = 0; i < n; i++) {
		size_t below = 0, equal = 0;

		for (size_t j = 0; j < n; j++) {
			below += x[j] < x[i];
			equal += x[j] == x[i];
		}
		rank[i] = (double)below + ((double)equal + 1) / 2;
	}
}

double tvp_permutation_p(const double *a, size_t na, const double *b, size_t nb,
                         unsigned long seed)
{
	size_t n = na + nb;
	double *all, *rank, expected, observed;
	gsl_rng *r;
	long extreme = 0;

	if (na == 0 || nb == 0)
		return NAN;
	all = malloc(n * sizeof(*all));
	rank = calloc(n, sizeof(*rank));
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (all == NULL || rank == NULL || r == NULL) {
		free(all);
		free(rank);
		if (r)
			gsl_rng_free(r);
		return NAN;
	}
	gsl_rng_set(r, seed);
	memcpy(all, a, na * sizeof(*all));
	memcpy(all + na, b, nb * sizeof(*all));
	ranks_of(all, n, rank);
	/* The statistic: how far a's rank sum lies from what it would be if
	 * the two were one distribution (Mann-Whitney's, by permutation). */
	expected = (double)na * (double)(n + 1) / 2;
	observed = 0;
	for (size_t i = 0; i < na; i++)
		observed += rank[i];
	observed = fabs(observed - expected);
	for (int k = 0; k < PERMUTATIONS; k++) {
		double sum = 0;

		gsl_ran_shuffle(r, rank, n, sizeof(*rank));
		for (size_t i = 0; i < na; i++)
			sum += rank[i];
		/* as far out as the observed one, up to rounding */
		if (fabs(sum - expected) >= observed - 1e-9)
			extreme++;
	}
	free(all);
	free(rank);
	gsl_rng_free(r);
	return (double)(extreme + 1) / (PERMUTATIONS + 1);
}

/* The first point of p's series (workload, model, schedule) in pts[0..i]? */
static bool first_of_series(const struct point *pts, long i)
{
	for (long j = 0; j < i; j++)
		if (!strcmp(pts[j].workload, pts[i].workload) &&
		    !strcmp(pts[j].model, pts[i].model) &&
		    !strcmp(pts[j].schedule, pts[i].schedule))
			return false;
	return true;
}

/* Both machines' speedup curves of one workload, for plots/speedup.gp:
 * one series per folder and (model, schedule), in each folder's order. */
static int write_plot(const char *dir, const char *workload,
                      const char *const name[2], const struct point *pts[2],
                      const long n[2])
{
	struct tvp_plotfiles pf = { 0 };
	FILE *dat, *vars;
	int series = 0;
	long maxx = 1;
	struct {
		int f;
		long i;
	} s[256];

	for (int f = 0; f < 2; f++)
		for (long i = 0; i < n[f] && series < 256; i++) {
			const struct point *p = &pts[f][i];

			if (!strcmp(p->workload, workload) &&
			    strcmp(p->model, "serial") && !isnan(p->speedup) &&
			    first_of_series(pts[f], i))
				s[series].f = f, s[series++].i = i;
			if (!strcmp(p->workload, workload) &&
			    tvp_x_of(p) > maxx)
				maxx = tvp_x_of(p);
		}
	if (tvp_plotfiles_open(&pf, dir, workload, "cpu") != 0)
		return -1;
	dat = pf.dat.f;
	vars = pf.vars.f;
	for (int k = 0; k < series; k++) {
		const struct point *p = &pts[s[k].f][s[k].i];

		fprintf(dat, "# %s %s %s\n", name[s[k].f], p->model,
		        p->schedule);
		for (long x = 1; x <= maxx; x++)
			for (long j = s[k].i; j < n[s[k].f]; j++) {
				const struct point *q = &pts[s[k].f][j];

				if (!strcmp(q->workload, workload) &&
				    !strcmp(q->model, p->model) &&
				    !strcmp(q->schedule, p->schedule) &&
				    tvp_x_of(q) == x && !isnan(q->speedup))
					fprintf(dat, "%ld %.4f %.4f %.4f\n", x,
					        q->speedup, q->speedup_low,
					        q->speedup_high);
			}
		fprintf(dat, "\n\n");
	}
	fprintf(vars,
	        "name = \"%s: %s vs %s\"\nncores = %ld\n"
	        "maxx = %ld\nN = %d\narray T[%d]\narray S[%d]\n",
	        workload, name[0], name[1], maxx, maxx, series,
	        series ? series : 1, series ? series : 1);
	for (int k = 0; k < series; k++) {
		const struct point *p = &pts[s[k].f][s[k].i];

		fprintf(vars, "T[%d] = \"%s: %s, %s\"\nS[%d] = -1\n", k + 1,
		        name[s[k].f], p->model, p->schedule, k + 1);
	}
	return tvp_plotfiles_close(&pf);
}

/* Both folders' points, read and computed, and each folder's name (its
 * path's last part); 0, or -1 after saying why. */
static int read_both(const char *const dirs[2], const char *name[2],
                     struct point *pts[2], long n[2])
{
	char err[1024];

	for (int f = 0; f < 2; f++) {
		const char *slash = strrchr(dirs[f], '/');

		name[f] = slash && slash[1] ? slash + 1 : dirs[f];
		n[f] = tvp_read_points(dirs[f], &pts[f], err, sizeof(err));
		if (n[f] < 0) {
			fprintf(stderr, "tvp-report: compare: %s\n", err);
			return -1;
		}
		if (tvp_compute(pts[f], n[f]) != 0)
			return -1;
	}
	return 0;
}

/* OUT and OUT/plots, made where missing; 0, or -1 after saying why. */
static int make_outdir(const char *outdir)
{
	char plots[4096];

	snprintf(plots, sizeof(plots), "%s/plots", outdir);
	if ((mkdir(outdir, 0777) != 0 && errno != EEXIST) ||
	    (mkdir(plots, 0777) != 0 && errno != EEXIST)) {
		fprintf(stderr, "tvp-report: compare: cannot create %s: %s\n",
		        plots, strerror(errno));
		return -1;
	}
	return 0;
}

/* compare.md's heading, what its table holds and the table's head; the
 * same head on stdout. */
static void table_head(FILE *md, const char *a, const char *b,
                       const char *const name[2], long common)
{
	fprintf(md,
	        "## `%s` against `%s`\n\n"
	        "For each configuration both folders hold: the median time "
	        "on each, B's time as a share of A's with its 95%% bootstrap "
	        "interval, and a rank test on the two sets of raw runs "
	        "(Mann-Whitney's rank sum, its p-value from %d random "
	        "permutations of the pooled runs; *differs*: p < %.2f, the two "
	        "are unlikely to be one distribution; with few runs p cannot "
	        "go low: 4 against 4 runs can reach 0.03 at best). A = `%s`, "
	        "B = `%s`.\n\n"
	        "| configuration | A median (s) | B median (s) | B / A | p | |\n"
	        "|---|--:|--:|--:|--:|---|\n",
	        name[1], name[0], PERMUTATIONS, ALPHA, a, b);
	printf("tvp: %s (A) against %s (B): %ld configurations in common\n", a,
	       b, common);
	printf("  %-34s %10s %10s %22s %8s\n", "configuration", "A (s)",
	       "B (s)", "B / A [95% CI]", "p");
}

/* One configuration, p on A and q on B: its row in compare.md and on
 * stdout; counted in faster or slower where the two differ; false where
 * the two did different work (their checksums differ). */
static bool table_row(FILE *md, const struct point *p, const struct point *q,
                      long *faster, long *slower)
{
	double r, lo, hi, pv;
	const char *verdict;

	/* different work (count's n is sized to each machine: a faster
	 * one counts further in the same time): no time to compare */
	if (p->checksum[0] && q->checksum[0] &&
	    strcmp(p->checksum, q->checksum)) {
		printf("  %-34s %10.4f %10.4f  different work (checksums %s "
		       "and %s): not compared\n",
		       p->id, p->sum.median, q->sum.median, p->checksum,
		       q->checksum);
		fprintf(md,
		        "| `%s` | %.4f | %.4f | — | — | different work "
		        "(checksums %s and %s): not compared |\n",
		        p->id, p->sum.median, q->sum.median, p->checksum,
		        q->checksum);
		return false;
	}
	tvp_speedup(q->times, q->ntimes, p->times, p->ntimes,
	            tvp_seed_of(p->id) ^ 0xc0ffee, &r, &lo, &hi);
	pv = tvp_permutation_p(p->times, p->ntimes, q->times, q->ntimes,
	                       tvp_seed_of(p->id));
	verdict = !(pv < ALPHA) ? "same"
	          : r < 1       ? "differs: B faster"
	                        : "differs: B slower";
	*faster += pv < ALPHA && r < 1;
	*slower += pv < ALPHA && r > 1;
	printf("  %-34s %10.4f %10.4f %7.3f [%5.3f, %5.3f] %8.4f  %s\n", p->id,
	       p->sum.median, q->sum.median, r, lo, hi, pv, verdict);
	fprintf(md, "| `%s` | %.4f | %.4f | %.3f [%.3f, %.3f] | %.4f | %s |\n",
	        p->id, p->sum.median, q->sum.median, r, lo, hi, pv, verdict);
	return true;
}

/* The table: a row per configuration both folders hold, then how many
 * differ, in compare.md and on stdout. */
static void compare_table(FILE *md, const char *a, const char *b,
                          const char *const name[2], struct point *const pts[2],
                          const long n[2], long common)
{
	long faster = 0, slower = 0, other = 0;

	table_head(md, a, b, name, common);
	for (long i = 0; i < n[0]; i++) {
		const struct point *p = &pts[0][i],
		                   *q = find(pts[1], n[1], p->id);

		if (q != NULL && !table_row(md, p, q, &faster, &slower))
			other++;
	}
	fprintf(md,
	        "\nOf %ld configurations, B was faster in %ld and slower in "
	        "%ld (p < %.2f); %ld did different work (each machine's "
	        "own size); the rest cannot be told apart at these runs.\n\n",
	        common, faster, slower, ALPHA, other);
	printf("tvp: B faster in %ld, slower in %ld, the same (p >= %.2f) in "
	       "%ld, different work in %ld\n",
	       faster, slower, ALPHA, common - faster - slower - other, other);
}

/* The speedup curves of the cpu- and memory-bound workloads both folders
 * hold, each written and linked from compare.md; 0, or -1 when one
 * cannot be written. */
static int speedup_plots(FILE *md, const char *outdir,
                         const char *const name[2], struct point *const pts[2],
                         const long n[2])
{
	const struct point *both[2] = { pts[0], pts[1] };

	for (long i = 0; i < n[0]; i++) {
		const struct point *p = &pts[0][i];
		bool seen = false;

		if (strcmp(p->model, "serial") || !strcmp(p->kind, "io") ||
		    find(pts[1], n[1], p->id) == NULL)
			continue;
		/* (a workload's first serial point only) */
		for (long j = 0; j < i; j++)
			seen |= !strcmp(pts[0][j].workload, p->workload) &&
			        !strcmp(pts[0][j].model, "serial");
		if (seen)
			continue;
		if (write_plot(outdir, p->workload, name, both, n) != 0)
			return -1;
		fprintf(md,
		        "![%s: speedup vs cores, both machines](plots/%s.png)\n\n",
		        p->workload, p->workload);
	}
	return 0;
}

int tvp_cmd_compare(const char *a, const char *b, const char *outdir)
{
	const char *const dirs[2] = { a, b };
	const char *name[2];
	struct point *pts[2] = { NULL, NULL };
	long n[2] = { 0, 0 }, common = 0;
	struct out md = { 0 };
	int rc = 2;

	if (read_both(dirs, name, pts, n) != 0)
		goto done;
	for (long i = 0; i < n[0]; i++)
		common += find(pts[1], n[1], pts[0][i].id) != NULL;
	if (common == 0) {
		fprintf(stderr,
		        "tvp-report: compare: %s and %s hold no configuration "
		        "in common\n",
		        a, b);
		goto done;
	}
	rc = 1;
	if (make_outdir(outdir) != 0 ||
	    tvp_out_open(&md, outdir, "compare.md") != 0)
		goto done;
	compare_table(md.f, a, b, name, pts, n, common);
	if (speedup_plots(md.f, outdir, name, pts, n) != 0) {
		tvp_out_close(&md);
		goto done;
	}
	claims_side_by_side(md.f, a, b);
	facts_differ(md.f, a, b);
	rc = tvp_out_close(&md) == 0 ? 0 : 1;
done:
	for (int f = 0; f < 2; f++)
		if (pts[f])
			tvp_free_points(pts[f], n[f]);
	return rc;
}

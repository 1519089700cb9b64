/* SPDX-License-Identifier: MIT */
/*
 * The server models under load (claim C10): from DIR/raw/server-load.jsonl
 * and server-crash.jsonl (scripts/serve.sh), the throughput and latency
 * tables, their plots and the sentences; and the evidence for C10.
 */
#include "server.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "plot.h"
#include "stats.h"

#define MAX_ROUNDS 64

/* One configuration, mix and concurrency over its rounds. */
struct spoint {
	const char *config, *model, *mix;
	double c;
	struct tvp_summary rps;                /* requests per second */
	double p50_ms, p99_ms;                 /* medians over the rounds */
	double p50_lo, p50_hi, p99_lo, p99_hi; /* their lowest and highest */
	double errors;                         /* all rounds together */
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The lowest and highest of v[0..n). */
static void range(const double *v, int n, double *lo, double *hi)
{
	*lo = *hi = v[0];
	for (int i = 1; i < n; i++) {
		*lo = v[i] < *lo ? v[i] : *lo;
		*hi = v[i] > *hi ? v[i] : *hi;
	}
}

static double errors_of(json_t *q)
{
	return tvp_jnum(q, "errors_connect") + tvp_jnum(q, "errors_read") +
	       tvp_jnum(q, "errors_write") + tvp_jnum(q, "errors_timeout") +
	       tvp_jnum(q, "errors_status");
}

/* Fill p from every line of all with its config, mix and concurrency. */
static int summarise(json_t *all, struct spoint *p)
{
	double rps[MAX_ROUNDS], p50[MAX_ROUNDS], p99[MAX_ROUNDS];
	int n = 0;
	size_t i;
	json_t *q;

	p->errors = 0;
	json_array_foreach (all, i, q) {
		if (strcmp(tvp_jstr(q, "config"), p->config) ||
		    strcmp(tvp_jstr(q, "mix"), p->mix) ||
		    tvp_jnum(q, "concurrency") != p->c || n == MAX_ROUNDS)
			continue;
		double s = tvp_jnum(q, "duration_us") / 1e6;
		rps[n] = s > 0 ? tvp_jnum(q, "requests") / s : 0;
		p50[n] = tvp_jnum(q, "p50_us") / 1000;
		p99[n] = tvp_jnum(q, "p99_us") / 1000;
		p->errors += errors_of(q);
		n++;
	}
	if (n == 0 || tvp_summarize(rps, (size_t)n, 11, &p->rps) != 0)
		return -1;
	p->p50_ms = tvp_median(p50, (size_t)n);
	p->p99_ms = tvp_median(p99, (size_t)n);
	range(p50, n, &p->p50_lo, &p->p50_hi);
	range(p99, n, &p->p99_lo, &p->p99_hi);
	return 0;
}

int tvp_server_clients(json_t *all, double *out, int max)
{
	size_t i;
	json_t *q;
	int n = 0;

	json_array_foreach (all, i, q) {
		double v = tvp_jnum(q, "concurrency");
		int k = 0;
		while (k < n && out[k] != v)
			k++;
		if (k == n && n < max)
			out[n++] = v;
	}
	qsort(out, (size_t)n, sizeof(*out), cmp_double);
	return n;
}

/* The first configuration of a model ("threads"), with its point at c. */
static bool find(json_t *all, const char *mix, const char *prefix, double c,
                 struct spoint *p)
{
	const char *cf[64];
	int n = tvp_jdistinct(all, "config", cf, 64);

	for (int k = 0; k < n; k++) {
		if (strncmp(cf[k], prefix, strlen(prefix)))
			continue;
		*p = (struct spoint){ .config = cf[k], .mix = mix, .c = c };
		if (summarise(all, p) == 0)
			return true;
	}
	return false;
}

/* A beats b when their intervals do not overlap: 1, -1, or 0 (level). */
static int beats(const struct spoint *a, const struct spoint *b)
{
	if (a->rps.n < 2 || b->rps.n < 2)
		return 0; /* one round: no interval to tell them apart */
	if (a->rps.ci_low > b->rps.ci_high)
		return 1;
	if (b->rps.ci_low > a->rps.ci_high)
		return -1;
	return 0;
}

static json_t *crash_of(json_t *crash, const char *model)
{
	size_t i;
	json_t *q;

	json_array_foreach (crash, i, q)
		if (!strcmp(tvp_jstr(q, "model"), model))
			return q;
	return NULL;
}

/* ---- the section ---- */

static void mix_section(FILE *f, const char *dir, json_t *all, const char *mix)
{
	const char *cf[64];
	double cs[32] = { 0 };
	int ncf = tvp_jdistinct(all, "config", cf, 64),
	    nc = tvp_server_clients(all, cs, 32);
	static const char *const what[] = { "rps", "p50", "p99" };
	static const char *const ylabel[] = {
		"requests per second (higher is better)",
		"median latency, ms (lower is better)",
		"99th percentile latency, ms (lower is better)"
	};
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	json_t *q = NULL;
	size_t i;

	json_array_foreach (all, i, q)
		if (!strcmp(tvp_jstr(q, "mix"), mix))
			break;
	fprintf(f, "#### Request mix `%s` (`tvp-server %s`)\n\n", mix,
	        q ? tvp_jstr(q, "mix_args") : "?");
	/* Each point summarised once (a bootstrap each), then drawn three
	 * times and tabled. */
	struct spoint *pt = calloc((size_t)ncf * (size_t)nc + 1, sizeof(*pt));
	bool *ok = calloc((size_t)ncf * (size_t)nc + 1, sizeof(*ok));
	if (!pt || !ok) {
		free(pt);
		free(ok);
		return;
	}
	for (int k = 0; k < ncf; k++)
		for (int j = 0; j < nc; j++) {
			struct spoint *p = &pt[k * nc + j];
			*p = (struct spoint){ .config = cf[k],
				              .mix = mix,
				              .c = cs[j] };
			ok[k * nc + j] = summarise(all, p) == 0;
		}
	for (int w = 0; w < 3; w++) {
		struct tvp_plot pl = { 0 };
		char name[96], title[160];

		snprintf(name, sizeof(name), "server-%s-%s", mix, what[w]);
		if (tvp_plot_open(&pl, dir, name) != 0)
			continue;
		for (int k = 0; k < ncf; k++) {
			tvp_plot_series(&pl, cf[k]);
			for (int j = 0; j < nc; j++) {
				const struct spoint *p = &pt[k * nc + j];
				if (!ok[k * nc + j])
					continue;
				if (w == 0)
					fprintf(pl.dat, "%g %g %g %g\n", p->c,
					        p->rps.median, p->rps.ci_low,
					        p->rps.ci_high);
				else if (w == 1)
					fprintf(pl.dat, "%g %g %g %g\n", p->c,
					        p->p50_ms, p->p50_lo,
					        p->p50_hi);
				else
					fprintf(pl.dat, "%g %g %g %g\n", p->c,
					        p->p99_ms, p->p99_lo,
					        p->p99_hi);
			}
		}
		snprintf(title, sizeof(title),
		         "tvp-server, %s mix: %s vs clients", mix, what[w]);
		tvp_plot_close(&pl, title, "concurrent connections (wrk -c)",
		               ylabel[w], 1, w > 0, NULL);
		fprintf(f, "![server, %s mix: %s](results/%s/plots/%s.png)\n\n",
		        mix, what[w], base, name);
	}
	fputs("| configuration | clients | requests/s [95% CI] | p50 ms | "
	      "p99 ms | client errors |\n|---|--:|---|--:|--:|--:|\n",
	      f);
	for (int k = 0; k < ncf * nc; k++)
		if (ok[k])
			fprintf(f,
			        "| %s | %g | %.0f [%.0f, %.0f] | %.2f | %.2f | %.0f |\n",
			        pt[k].config, pt[k].c, pt[k].rps.median,
			        pt[k].rps.ci_low, pt[k].rps.ci_high,
			        pt[k].p50_ms, pt[k].p99_ms, pt[k].errors);
	free(pt);
	free(ok);
	fputs("\n", f);

	/* What to look at: threads against processes of the same count,
	 * clients by clients; then the one-process-per-CPU shapes. */
	struct spoint t, pf, one, hy;
	const char *tcf = NULL, *pcf = NULL;
	int win[32], n = 0;
	for (int j = 0; j < nc; j++) {
		if (!find(all, mix, "threads-", cs[j], &t))
			break;
		/* prefork with as many workers as the threads model */
		char want[64];
		snprintf(want, sizeof(want), "prefork-w%s",
		         t.config + strlen("threads-w"));
		if (!find(all, mix, want, cs[j], &pf))
			break;
		tcf = t.config, pcf = pf.config;
		win[n++] = beats(&t, &pf);
	}
	double top = nc ? cs[nc - 1] : 0;
	if (n == nc && n > 0) {
		int tw = 0, pw = 0;
		for (int j = 0; j < n; j++)
			tw += win[j] > 0, pw += win[j] < 0;
		fprintf(f,
		        "**What to look at:** threads and processes, the same "
		        "number of workers (%s against %s): threads ahead at %d "
		        "of %d client counts, processes at %d, level (the "
		        "intervals overlap) at %d.",
		        tcf, pcf, tw, n, pw, n - tw - pw);
		if (find(all, mix, "threads-", top, &t) &&
		    find(all, mix, pcf, top, &pf))
			fprintf(f,
			        " At %g clients: %.0f against %.0f requests/s "
			        "(processes at %.0f%% of threads), p99 %.2f against "
			        "%.2f ms.",
			        top, t.rps.median, pf.rps.median,
			        100 * pf.rps.median / t.rps.median, t.p99_ms,
			        pf.p99_ms);
	}
	if (find(all, mix, "hybrid-", top, &hy)) {
		const char *cfs[64];
		int m = tvp_jdistinct(all, "config", cfs, 64);
		/* one prefork worker per CPU: the fewest prefork workers */
		const char *fewest = NULL;
		long least = 0;
		for (int k = 0; k < m; k++)
			if (!strncmp(cfs[k], "prefork-w", 9) &&
			    (!fewest || atol(cfs[k] + 9) < least))
				fewest = cfs[k], least = atol(cfs[k] + 9);
		const char *sl =
		        q ? strstr(tvp_jstr(q, "mix_args"), "--sleep-ms ")
		          : NULL;
		bool waits = !sl || atol(sl + strlen("--sleep-ms ")) > 0;
		if (fewest && find(all, mix, fewest, top, &one) && waits)
			fprintf(f,
			        " One blocking process per CPU (%s) waits whenever "
			        "a request waits: %.0f requests/s at %g clients, "
			        "where the same processes with threads inside "
			        "(%s) reach %.0f (%.1fx).",
			        fewest, one.rps.median, top, hy.config,
			        hy.rps.median, hy.rps.median / one.rps.median);
		else if (fewest && find(all, mix, fewest, top, &one))
			fprintf(f,
			        " With nothing to wait for, one process per CPU "
			        "(%s) already keeps the CPUs busy: %.0f requests/s "
			        "at %g clients, against %.0f with threads inside "
			        "(%s).",
			        fewest, one.rps.median, top, hy.rps.median,
			        hy.config);
	}
	fputs(" A worker here serves one connection at a time: beyond as many "
	      "clients as workers, connections wait to be accepted, and the "
	      "p99 latency shows that wait.\n\n",
	      f);
}

static void crash_section(FILE *f, json_t *load, json_t *crash)
{
	size_t i;
	json_t *q;

	q = json_array_get(crash, 0);
	fprintf(f,
	        "#### A fatal fault under load\n\n"
	        "One request for `/crash` (served only with `--crash-path`) "
	        "ends the process of the worker that takes it, as a "
	        "segmentation fault in a handler would. It is sent %.0f ms "
	        "into %.0f s of load from %.0f clients. *Rate kept*: the "
	        "requests answered in those seconds against the same "
	        "configuration's rate without a fault, at as many clients.\n\n"
	        "| configuration | requests | rate kept | client errors | "
	        "answering after | workers restarted |\n"
	        "|---|--:|--:|--:|---|--:|\n",
	        tvp_jnum(q, "crash_at_ms"), tvp_jnum(q, "duration_s"),
	        tvp_jnum(q, "concurrency"));
	json_array_foreach (crash, i, q) {
		struct spoint p = { .config = tvp_jstr(q, "config"),
			            .mix = tvp_jstr(q, "mix"),
			            .c = tvp_jnum(q, "concurrency") };
		double s = tvp_jnum(q, "duration_us") / 1e6;
		double rate = s > 0 ? tvp_jnum(q, "requests") / s : NAN;
		char kept[32] = "-", rs[32] = "-";

		if (summarise(load, &p) == 0 && p.rps.median > 0)
			snprintf(kept, sizeof(kept), "%.0f%%",
			         100 * rate / p.rps.median);
		if (tvp_jnum(q, "restarts") >= 0)
			snprintf(rs, sizeof(rs), "%.0f",
			         tvp_jnum(q, "restarts"));
		bool alive = json_is_true(json_object_get(q, "alive_after"));
		fprintf(f, "| %s | %.0f | %s | %.0f | %s | %s |\n", p.config,
		        tvp_jnum(q, "requests"), kept, errors_of(q),
		        alive ? "yes" : "**no** (the process ended)", rs);
	}
	json_t *t = crash_of(crash, "threads"),
	       *pf = crash_of(crash, "prefork");
	if (t && pf)
		fprintf(f,
		        "\n**What to look at:** the fault ended the threads "
		        "server's only process: %s, and every client after it "
		        "failed (%.0f errors). In prefork the master started a "
		        "new worker (%.0f restarted) and the server %s, with %.0f "
		        "client errors. This is the isolation that processes "
		        "buy and threads do not: one bad request costs a worker, "
		        "not the server.\n\n",
		        json_is_true(json_object_get(t, "alive_after"))
		                ? "yet it still answered afterwards"
		                : "nothing answered afterwards",
		        errors_of(t), tvp_jnum(pf, "restarts"),
		        json_is_true(json_object_get(pf, "alive_after"))
		                ? "kept answering"
		                : "did not answer afterwards",
		        errors_of(pf));
	else
		fputs("\n", f);
}

int tvp_server_report(FILE *f, const char *dir)
{
	json_t *load = tvp_jsonl(dir, "server-load");
	json_t *crash = tvp_jsonl(dir, "server-crash");
	int rc = 0;

	if (json_is_null(load) || json_is_null(crash))
		rc = -1;
	else if (load && json_array_size(load) > 0) {
		const char *mixes[8];
		int nm = tvp_jdistinct(load, "mix", mixes, 8);
		json_t *q = json_array_get(load, 0);
		bool shared = !strcmp(tvp_jstr(q, "server_cpus"),
		                      tvp_jstr(q, "client_cpus"));

		fprintf(f,
		        "### The server models under load (C10)\n\n"
		        "`bin/tvp-server` answers `GET /data/0` (a 4 KiB file "
		        "of a data set made at start-up) after the request's "
		        "work, in four shapes: `serial` (one connection at a "
		        "time), `threads` (W threads, one process), `prefork` "
		        "(a master and W forked workers sharing the listening "
		        "socket) and `hybrid` (P processes x T threads). wrk "
		        "drives it over loopback for %.0f s per point at each "
		        "client count, %s. The configuration's name gives its "
		        "workers: `threads-w8` is 8 threads, `hybrid-p2-t4` 2 "
		        "processes x 4 threads.\n\n",
		        tvp_jnum(q, "duration_s"),
		        shared ? "the server and wrk sharing the same CPUs (too "
		                 "few to split): the load generator's own CPU "
		                 "time is taken from the server's"
		               : "the server on its CPUs and wrk on the others");
		for (int k = 0; k < nm; k++)
			mix_section(f, dir, load, mixes[k]);
		if (crash && json_array_size(crash) > 0)
			crash_section(f, load, crash);
	}
	json_decref(load);
	json_decref(crash);
	return rc;
}

enum tvp_state tvp_server_evidence(const char *dir, char *out, size_t len)
{
	json_t *load = tvp_jsonl(dir, "server-load");
	json_t *crash = tvp_jsonl(dir, "server-crash");
	enum tvp_state st = ST_NA;
	struct spoint t, hy, one;
	double cs[32] = { 0 };

	snprintf(out, len, "not measured");
	if (!json_is_array(load) || !json_is_array(crash) ||
	    !json_array_size(load))
		goto done;
	int nc = tvp_server_clients(load, cs, 32);
	const char *mix = tvp_jstr(json_array_get(load, 0), "mix");
	double top = cs[nc - 1];
	json_t *hc = crash_of(crash, "hybrid");
	if (!find(load, mix, "threads-", top, &t) ||
	    !find(load, mix, "hybrid-", top, &hy) ||
	    !find(load, mix, "prefork-", top, &one) || !hc)
		goto done;
	bool keeps_up = hy.rps.median >= TVP_KEEPS_UP * t.rps.median;
	bool beats_one = beats(&hy, &one) > 0;
	bool survives = json_is_true(json_object_get(hc, "alive_after"));
	snprintf(out, len,
	         "%s mix, %g clients: processes x threads (%s) %.0f req/s, "
	         "threads alone (%s) %.0f, one blocking process per CPU (%s) "
	         "%.0f; after a fatal fault the hybrid %s",
	         mix, top, hy.config, hy.rps.median, t.config, t.rps.median,
	         one.config, one.rps.median,
	         survives ? "kept answering" : "stopped answering");
	int got = keeps_up + beats_one + survives;
	st = got == 3 ? ST_HOLDS : got == 0 ? ST_NOT : ST_PARTLY;
done:
	json_decref(load);
	json_decref(crash);
	return st;
}

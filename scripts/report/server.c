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
#include "load.h"
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

/* The distinct values of the number key in all, ascending; how many. */
static int distinct_numbers(json_t *all, const char *key, double *out, int max)
{
	int n = tvp_jdistinct_num(all, key, out, max);

	qsort(out, (size_t)n, sizeof(*out), cmp_double);
	return n;
}

int tvp_server_clients(json_t *all, double *out, int max)
{
	return distinct_numbers(all, "concurrency", out, max);
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

/*
 * A model's best shape on a mix: of every configuration whose name starts
 * with prefix and every client count, the one of the highest median
 * requests/s (each model at its best, where it peaks). false if none.
 */
static bool best_of(json_t *all, const char *mix, const char *prefix,
                    struct spoint *best)
{
	const char *cf[64];
	double cs[32];
	int n = tvp_jdistinct(all, "config", cf, 64),
	    nc = tvp_server_clients(all, cs, 32);
	bool found = false;

	for (int k = 0; k < n; k++) {
		if (strncmp(cf[k], prefix, strlen(prefix)))
			continue;
		for (int j = 0; j < nc; j++) {
			struct spoint p = { .config = cf[k],
				            .mix = mix,
				            .c = cs[j] };

			if (summarise(all, &p) == 0 &&
			    (!found || p.rps.median > best->rps.median)) {
				*best = p;
				found = true;
			}
		}
	}
	return found;
}

/* Is mix the one whose reads miss the page cache (tvp-server --cold)? */
static bool is_cold(json_t *all, const char *mix)
{
	size_t i;
	json_t *q;

	json_array_foreach (all, i, q)
		if (!strcmp(tvp_jstr(q, "mix"), mix))
			return strstr(tvp_jstr(q, "mix_args"), "--cold") !=
			       NULL;
	return false;
}

/* A part of C10 in a word: right (ST_HOLDS), wrong (settled otherwise,
 * or not measured), or open (the intervals leave it open). */
static const char *part_word(enum tvp_state s, const char *open)
{
	return tvp_unsettled(s) ? open : s == ST_HOLDS ? "right" : "wrong";
}

/*
 * Does a fall behind b? Their requests/s intervals: a's top under
 * TVP_KEEPS_UP of b's bottom, ST_HOLDS (yes); a's bottom at or above
 * TVP_KEEPS_UP of b's top, ST_NOT; else both (the intervals overlap).
 */
static enum tvp_state falls_behind(const struct spoint *a,
                                   const struct spoint *b)
{
	if (a->rps.ci_high < TVP_KEEPS_UP * b->rps.ci_low)
		return ST_HOLDS;
	if (a->rps.ci_low >= TVP_KEEPS_UP * b->rps.ci_high)
		return ST_NOT;
	return (enum tvp_state)(ST_HOLDS | ST_NOT);
}

/*
 * Part three of C10: threads for disk reads inside an event loop. On the
 * cold mix (every read from the device), the event model as nginx runs it
 * by default (its loop reads) against the same with aio threads reading
 * for it, each at its best: the loop alone falling behind is the seed
 * right about threads for (disk) IO. ST_NA without a cold mix.
 */
/* The rate line of CONFIG in MIX at PCT of the best, or NULL. */
static json_t *rate_line(json_t *rates, const char *config, const char *mix,
                         double pct)
{
	size_t i;
	json_t *q;

	json_array_foreach (rates, i, q)
		if (!strcmp(tvp_jstr(q, "config"), config) &&
		    !strcmp(tvp_jstr(q, "mix"), mix) &&
		    tvp_jnum(q, "offered_pct") == pct)
			return q;
	return NULL;
}

static enum tvp_state disk_evidence(json_t *load, json_t *rates,
                                    const char **mixes, int nm, char *out,
                                    size_t len)
{
	struct spoint e, a;
	const char *mix = NULL;
	size_t i;
	json_t *q;
	double rb = -1, served = -1;
	const char *fs = "";

	for (int k = 0; k < nm && !mix; k++)
		if (is_cold(load, mixes[k]))
			mix = mixes[k];
	if (!mix || !best_of(load, mix, "event-", &e) ||
	    !best_of(load, mix, "eventaio-", &a))
		return ST_NA;
	json_array_foreach (load, i, q)
		if (!strcmp(tvp_jstr(q, "config"), e.config) &&
		    !strcmp(tvp_jstr(q, "mix"), mix)) {
			rb = tvp_jnum(q, "server_read_bytes");
			served = tvp_jnum(q, "server_served");
			fs = tvp_jstr(q, "data_fs");
		}
	enum tvp_state s = falls_behind(&e, &a);
	snprintf(out, len,
	         "%s about threads for disk reads in an event loop: on the %s "
	         "mix (the file's pages dropped from the cache before each "
	         "read, %s; the event server read %.0f KiB from the device "
	         "a request), the loop reading for "
	         "itself %s %.0f [%.0f, %.0f] req/s at %g clients (p99 %.1f "
	         "ms), with threads reading for it %s %.0f [%.0f, %.0f] at %g "
	         "(p99 %.1f ms)%s",
	         part_word(s, "not settled"), mix,
	         *fs ? fs : "file system not recorded",
	         rb > 0 && served > 0 ? rb / served / 1024 : NAN, e.config,
	         e.rps.median, e.rps.ci_low, e.rps.ci_high, e.c, e.p99_ms,
	         a.config, a.rps.median, a.rps.ci_low, a.rps.ci_high, a.c,
	         a.p99_ms,
	         tvp_unsettled(s) ? " (the intervals overlap: not settled)"
	                          : "");
	/* beside it, the same offered load to both (the open loop): what a
	 * stalled loop does to latency, which the closed loop hides */
	double pcts[16];
	int np = json_is_array(rates)
	                 ? tvp_jdistinct_num(rates, "offered_pct", pcts, 16)
	                 : 0;
	for (int k = 0, first = 1; k < np; k++) {
		json_t *re = rate_line(rates, e.config, mix, pcts[k]),
		       *ra = rate_line(rates, a.config, mix, pcts[k]);
		size_t l = strlen(out);

		if (!re || !ra)
			continue;
		snprintf(out + l, len - l,
		         "%s%.0f req/s: p99 %.1f against %.1f ms (%.1fx)",
		         first ? "; at the same fixed rate (open loop), "
		                 "the loop reading against threads reading: "
		               : ", ",
		         tvp_jnum(re, "rate"), tvp_jnum(re, "p99_us") / 1e3,
		         tvp_jnum(ra, "p99_us") / 1e3,
		         tvp_jnum(re, "p99_us") / tvp_jnum(ra, "p99_us"));
		first = 0;
	}
	return s;
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

/* Do the requests of mix wait (a --sleep-ms above 0, or none given)? */
static bool mix_waits(json_t *all, const char *mix)
{
	size_t i;
	json_t *q;

	json_array_foreach (all, i, q)
		if (!strcmp(tvp_jstr(q, "mix"), mix)) {
			const char *sl =
			        strstr(tvp_jstr(q, "mix_args"), "--sleep-ms ");
			return !sl || atol(sl + strlen("--sleep-ms ")) > 0;
		}
	return true;
}

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
		bool waits = mix_waits(all, mix);
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
	struct spoint e;
	if (find(all, mix, "event-", top, &e) &&
	    find(all, mix, "hybrid-", top, &hy))
		fprintf(f,
		        " One event loop per CPU (%s), one thread each: %.0f "
		        "requests/s at %g clients, against %.0f for processes "
		        "x threads (%s).",
		        e.config, e.rps.median, top, hy.rps.median, hy.config);
	fputs(" A blocking worker (threads, prefork, hybrid) serves one "
	      "connection at a time: beyond as many clients as workers, "
	      "connections wait to be accepted, and the p99 latency shows that "
	      "wait. An event worker serves all its connections at once, but "
	      "while it computes one request (`--cpu`) the others wait.\n\n",
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
	        "into %g s of load from %.0f clients. *Rate kept*: the "
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
	       *pf = crash_of(crash, "prefork"), *ev = crash_of(crash, "event");
	if (t && pf) {
		bool t_alive = json_is_true(json_object_get(t, "alive_after"));
		bool pf_alive =
		        json_is_true(json_object_get(pf, "alive_after"));

		if (t_alive)
			fprintf(f,
			        "\n**What to look at:** **the threads server "
			        "still answered after the fault** (%.0f client "
			        "errors): the fault did not end its process, so "
			        "this run shows nothing about isolation; see the "
			        "table.",
			        errors_of(t));
		else
			fprintf(f,
			        "\n**What to look at:** the fault ended the "
			        "threads server's only process: nothing answered "
			        "afterwards, and its clients saw %.0f errors.",
			        errors_of(t));
		fprintf(f,
		        " In prefork the master started %.0f new worker(s) and "
		        "the server %s, with %.0f client errors.",
		        tvp_jnum(pf, "restarts"),
		        pf_alive ? "kept answering"
		                 : "**did not answer afterwards**",
		        errors_of(pf));
		if (!t_alive && pf_alive)
			fputs(" This is the isolation that processes buy and "
			      "threads do not: one bad request costs a worker, "
			      "not the server.",
			      f);
	}
	if (t && pf && ev)
		fprintf(f,
		        " The event model's master did the same (%.0f "
		        "restarted; the server %s), but the worker took all "
		        "its open connections with it (%.0f client errors).",
		        tvp_jnum(ev, "restarts"),
		        json_is_true(json_object_get(ev, "alive_after"))
		                ? "kept answering"
		                : "did not answer afterwards",
		        errors_of(ev));
	fputs("\n\n", f);
}

/* ---- what a connection costs ---- */

static const char *const conn_models[] = { "threads", "prefork", "hybrid",
	                                   "event" };
#define CONN_MODELS 4

/* The line of model with n held, or NULL. */
static json_t *conn_line(json_t *conns, const char *model, double n)
{
	size_t i;
	json_t *q;

	json_array_foreach (conns, i, q)
		if (!strcmp(tvp_jstr(q, "model"), model) &&
		    tvp_jnum(q, "held") == n)
			return q;
	return NULL;
}

static double rps_of(json_t *q)
{
	double s = tvp_jnum(q, "duration_us") / 1e6;

	return s > 0 ? tvp_jnum(q, "requests") / s : NAN;
}

/* KiB of the server's memory per held connection: its PSS with n held
 * less its PSS with none, over n; NAN without both. */
static double kib_per_conn(json_t *conns, const char *model, double n)
{
	json_t *q = conn_line(conns, model, n), *z = conn_line(conns, model, 0);

	if (!q || !z || n <= 0 || json_object_get(q, "stopped") ||
	    json_object_get(z, "stopped"))
		return NAN;
	return (tvp_jnum(q, "pss_kib") - tvp_jnum(z, "pss_kib")) / n;
}

/* The most connections every model was held at (0: none). */
static double held_by_all(json_t *conns)
{
	double ns[16] = { 0 }, top = 0;
	int nn = distinct_numbers(conns, "held", ns, 16);

	for (int k = 0; k < nn; k++) {
		bool all = ns[k] > 0;
		for (int m = 0; m < CONN_MODELS; m++)
			all = all && !isnan(kib_per_conn(conns, conn_models[m],
			                                 ns[k]));
		if (all)
			top = ns[k];
	}
	return top;
}

static void conns_section(FILE *f, const char *dir, json_t *conns)
{
	static const char *const name[] = { "server-conns-memory",
		                            "server-conns-rps" };
	static const char *const title[] = {
		"tvp-server: memory per held idle connection",
		"tvp-server: requests/s of 8 active clients beside held ones"
	};
	static const char *const ylabel[] = {
		"KiB of the server's PSS per held connection (lower is better)",
		"requests per second (higher is better)"
	};
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	double ns[16] = { 0 };
	int nn = distinct_numbers(conns, "held", ns, 16);
	json_t *q0 = json_array_get(conns, 0);

	fprintf(f,
	        "#### What a connection costs\n\n"
	        "`bin/tvp-hold` holds N idle keep-alive connections open (each "
	        "served one request first); then the server's memory (the "
	        "PSS of all its processes, so that what they share counts "
	        "once), its threads, and the requests/s of %.0f active wrk "
	        "clients beside the idle ones (the `%s` mix, %g s). A model "
	        "that serves one connection per worker needs a worker per "
	        "held connection: threads and prefork run with N + %.0f "
	        "workers, hybrid with 4 threads a process; the event model "
	        "runs one process per server CPU whatever N. Every server "
	        "runs with `--idle-ms 600000`, so that none closes a held "
	        "connection for idling while it is measured. *Kept*: the "
	        "held connections still open at the end. Each connection is "
	        "a descriptor; a blocking worker here holds one more, its "
	        "epoll set, so that the threads model needs two per held "
	        "connection in its one process.\n\n",
	        tvp_jnum(q0, "active"), tvp_jstr(q0, "mix"),
	        tvp_jnum(q0, "duration_s") > 0 ? tvp_jnum(q0, "duration_s") : 0,
	        tvp_jnum(q0, "active"));
	/* tics at the held counts; each key where the lines are not */
	char xt[160] = "xt = '(", extra[2][256];
	for (int k = 0, first = 1; k < nn; k++)
		if (ns[k] > 0) {
			size_t l = strlen(xt);
			snprintf(xt + l, sizeof(xt) - l, "%s%g",
			         first ? "" : ", ", ns[k]);
			first = 0;
		}
	snprintf(extra[0], sizeof(extra[0]), "%s)'\nkey = 'center right'\n",
	         xt);
	snprintf(extra[1], sizeof(extra[1]),
	         "%s)'\nkey = 'bottom left'\nset yrange [0:*]\n", xt);
	for (int w = 0; w < 2; w++) {
		struct tvp_plot pl = { 0 };

		if (tvp_plot_open(&pl, dir, name[w]) != 0)
			continue;
		for (int m = 0; m < CONN_MODELS; m++) {
			tvp_plot_series(&pl, conn_models[m]);
			for (int k = 0; k < nn; k++) {
				json_t *q =
				        conn_line(conns, conn_models[m], ns[k]);
				double v = w == 0 ? kib_per_conn(conns,
				                                 conn_models[m],
				                                 ns[k])
				           : q && !json_object_get(q, "stopped")
				                   ? rps_of(q)
				                   : NAN;
				if (ns[k] > 0 && !isnan(v))
					fprintf(pl.dat, "%g %g %g %g\n", ns[k],
					        v, v, v);
			}
		}
		tvp_plot_close(&pl, title[w], "idle connections held (N)",
		               ylabel[w], 1, w == 0, extra[w]);
		fprintf(f, "![%s](results/%s/plots/%s.png)\n\n", title[w], base,
		        name[w]);
	}
	fputs("| model | held | kept | processes x threads | threads in all | "
	      "PSS MiB | KiB per held connection | active requests/s |\n"
	      "|---|--:|--:|---|--:|--:|--:|--:|\n",
	      f);
	for (int k = 0; k < nn; k++)
		for (int m = 0; m < CONN_MODELS; m++) {
			json_t *q = conn_line(conns, conn_models[m], ns[k]);
			if (!q)
				continue;
			if (json_object_get(q, "stopped")) {
				fprintf(f,
				        "| %s | %g | - | - | - | - | - | "
				        "stopped: %s |\n",
				        conn_models[m], ns[k],
				        tvp_jstr(q, "stopped"));
				continue;
			}
			double per = kib_per_conn(conns, conn_models[m], ns[k]);
			char pc[32] = "-";
			if (!isnan(per))
				snprintf(pc, sizeof(pc), "%.1f", per);
			fprintf(f,
			        "| %s | %g | %.0f | %.0f x %.0f | %.0f | %.1f | "
			        "%s | %.0f |\n",
			        conn_models[m], ns[k], tvp_jnum(q, "kept"),
			        tvp_jnum(q, "procs"), tvp_jnum(q, "threads"),
			        tvp_jnum(q, "threads_total"),
			        tvp_jnum(q, "pss_kib") / 1024, pc, rps_of(q));
		}
	/* What to look at: the most connections every model was held at. */
	double top = held_by_all(conns);
	if (top > 0) {
		json_t *ev = conn_line(conns, "event", top),
		       *th = conn_line(conns, "threads", top),
		       *pf = conn_line(conns, "prefork", top);
		fprintf(f,
		        "\n**What to look at:** with %g idle connections held, "
		        "each cost the event model %.1f KiB of memory and no "
		        "thread (%.0f threads in all), against %.1f KiB and a "
		        "thread each for threads and %.1f KiB and a process each "
		        "for prefork. Beside them the %.0f active clients got "
		        "%.0f requests/s from the event model, %.0f from threads "
		        "and %.0f from prefork.",
		        top, kib_per_conn(conns, "event", top),
		        tvp_jnum(ev, "threads_total"),
		        kib_per_conn(conns, "threads", top),
		        kib_per_conn(conns, "prefork", top),
		        tvp_jnum(ev, "active"), rps_of(ev), rps_of(th),
		        rps_of(pf));
	}
	/* Where a model stopped. */
	for (int m = 0; m < CONN_MODELS; m++)
		for (int k = 0; k < nn; k++) {
			json_t *q = conn_line(conns, conn_models[m], ns[k]);
			if (q && json_object_get(q, "stopped")) {
				fprintf(f,
				        " `%s` stopped at %g connections here: %s.",
				        conn_models[m], ns[k],
				        tvp_jstr(q, "stopped"));
				break;
			}
		}
	fputs("\n\n", f);
}

/*
 * Latency at a fixed rate (bin/tvp-rate, an open loop): per mix, a table
 * of every configuration at each offered load, and a plot of p99 against
 * the offered load, one line per configuration.
 */
static void rate_section(FILE *f, const char *dir, json_t *rates)
{
	const char *mixes[8], *cf[64];
	int nm = tvp_jdistinct(rates, "mix", mixes, 8),
	    ncf = tvp_jdistinct(rates, "config", cf, 64);
	double pcts[16];
	int np = tvp_jdistinct_num(rates, "offered_pct", pcts, 16);
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	json_t *q0 = json_array_get(rates, 0);

	fprintf(f,
	        "#### Latency at a fixed request rate\n\n"
	        "`bin/tvp-rate` sends requests on a schedule, whatever the "
	        "replies do (an open loop, %.0f keep-alive connections), and "
	        "times each from when it was due, not from when it went out: "
	        "a server that stalls makes the requests due meanwhile wait, "
	        "and their wait is in the percentiles (wrk's own latency, a "
	        "closed loop, leaves it out: coordinated omission). Each "
	        "configuration of a mix gets the same offered loads, shares "
	        "of the most requests/s any of them answered above, %g ms "
	        "each. *Unanswered*: still waiting when the wait after the "
	        "schedule ended (their wait so far is counted, a floor). "
	        "*Client late*: how late the client itself sent its latest "
	        "request that had a free connection (its own limit).\n\n",
	        tvp_jnum(q0, "connections"), tvp_jnum(q0, "ms"));
	for (int m = 0; m < nm; m++) {
		struct tvp_plot pl = { 0 };
		char name[96], title[160];

		snprintf(name, sizeof(name), "server-%s-latency", mixes[m]);
		if (tvp_plot_open(&pl, dir, name) == 0) {
			for (int k = 0; k < ncf; k++) {
				bool any = false;

				for (int j = 0; j < np; j++) {
					json_t *q = rate_line(rates, cf[k],
					                      mixes[m],
					                      pcts[j]);
					if (!q)
						continue;
					if (!any)
						tvp_plot_series(&pl, cf[k]);
					any = true;
					double v = tvp_jnum(q, "p99_us") / 1e3;
					fprintf(pl.dat, "%g %g %g %g\n",
					        tvp_jnum(q, "rate"), v, v, v);
				}
			}
			snprintf(title, sizeof(title),
			         "tvp-server, %s mix: p99 latency at a fixed "
			         "rate (open loop)",
			         mixes[m]);
			tvp_plot_close(&pl, title,
			               "offered requests per second",
			               "99th percentile latency, ms (lower is "
			               "better)",
			               0, 1, "key = 'top left'\n");
			fprintf(f,
			        "![server, %s mix: latency at a fixed "
			        "rate](results/%s/plots/%s.png)\n\n",
			        mixes[m], base, name);
		}
		fprintf(f,
		        "| `%s` mix: configuration | offered req/s | answered "
		        "req/s | p50 ms | p99 ms | p99.9 ms | unanswered | "
		        "errors | client late ms |\n"
		        "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n",
		        mixes[m]);
		for (int k = 0; k < ncf; k++)
			for (int j = 0; j < np; j++) {
				json_t *q = rate_line(rates, cf[k], mixes[m],
				                      pcts[j]);
				if (!q)
					continue;
				fprintf(f,
				        "| %s | %.0f (%g%%) | %.0f | %.2f | "
				        "%.2f | %.2f | %.0f | %.0f | %.2f |\n",
				        cf[k], tvp_jnum(q, "rate"), pcts[j],
				        tvp_jnum(q, "answered_rps"),
				        tvp_jnum(q, "p50_us") / 1e3,
				        tvp_jnum(q, "p99_us") / 1e3,
				        tvp_jnum(q, "p999_us") / 1e3,
				        tvp_jnum(q, "unanswered"),
				        tvp_jnum(q, "errors"),
				        tvp_jnum(q, "behind_us") / 1e3);
			}
		fputs("\n", f);
	}
}

int tvp_server_report(FILE *f, const struct tvp_folder *fo)
{
	const char *dir = fo->dir;
	json_t *load = tvp_lines(fo, "server-load");
	json_t *crash = tvp_lines(fo, "server-crash");
	json_t *conns = tvp_lines(fo, "server-conns");
	int rc = 0;

	if (json_is_null(load) || json_is_null(crash) || json_is_null(conns))
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
		        "work, in five shapes: `serial` (one connection at a "
		        "time), `threads` (W threads, one process), `prefork` "
		        "(a master and W forked workers sharing the listening "
		        "socket), `hybrid` (P processes x T threads) and "
		        "`event` (W processes, each one thread running an event "
		        "loop over all its connections, as nginx's workers "
		        "do). wrk "
		        "drives it over loopback for %g s per point at each "
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
		json_t *rates = tvp_lines(fo, "server-rate");
		if (json_is_array(rates) && json_array_size(rates) > 0)
			rate_section(f, dir, rates);
		json_decref(rates);
		if (crash && json_array_size(crash) > 0)
			crash_section(f, load, crash);
		if (conns && json_array_size(conns) > 0)
			conns_section(f, dir, conns);
	}
	json_decref(load);
	json_decref(crash);
	json_decref(conns);
	return rc;
}

enum tvp_state tvp_server_evidence(const struct tvp_folder *fo, char *out,
                                   size_t len, char *key, size_t klen)
{
	json_t *load = tvp_lines(fo, "server-load");
	json_t *crash = tvp_lines(fo, "server-crash");
	json_t *conns = tvp_lines(fo, "server-conns");
	json_t *rates = tvp_lines(fo, "server-rate");
	enum tvp_state st = ST_NA;
	const char *mixes[8];

	snprintf(out, len, "not measured");
	if (!json_is_array(load) || !json_is_array(crash) ||
	    !json_array_size(load))
		goto done;
	int nm = tvp_jdistinct(load, "mix", mixes, 8);
	json_t *ec = crash_of(crash, "event"), *tc = crash_of(crash, "threads");
	struct spoint ev;
	if (!ec || !best_of(load, mixes[0], "event-", &ev)) {
		snprintf(out, len,
		         "not measured: the event loop that nginx runs is not "
		         "in this run (it predates tvp-server --model event)");
		st = ST_NA;
		goto done;
	}
	/* Part one: a process per CPU, so that a fatal fault ends one worker
	 * and not the server. */
	bool ev_alive = json_is_true(json_object_get(ec, "alive_after"));
	bool t_alive = tc && json_is_true(json_object_get(tc, "alive_after"));
	bool isolates = ev_alive && !t_alive;
	char part1[160], part2[900] = "", part3[160] = "";
	snprintf(part1, sizeof(part1), "a fatal fault %s%s",
	         ev_alive ? "ended one event worker, not the server"
	                  : "stopped the event server answering",
	         !tc       ? ""
	         : t_alive ? " (the threads server survived it too)"
	                   : " (it ended the whole threads server)");
	/* Part two: threads for IO. Not needed if one event-loop thread per
	 * process keeps up with processes x threads (hybrid) on every mix
	 * that waits; each model judged at its best shape in this run, on
	 * the intervals of its requests/s: the event model's under
	 * TVP_KEEPS_UP of the hybrid's, threads are needed; at or above it,
	 * not; overlapping, this mix does not settle it. */
	bool any_right = false, any_open = false, any = false;
	size_t used = 0;
	static const char *const models[] = { "event-", "hybrid-", "threads-",
		                              "prefork-" };
	for (int k = 0; k < nm && used < sizeof(part2); k++) {
		struct spoint b[4];
		bool have[4];

		for (int m = 0; m < 4; m++)
			have[m] = best_of(load, mixes[k], models[m], &b[m]);
		if (!have[0] || !have[1] || is_cold(load, mixes[k]))
			continue; /* (the cold mix is part three's) */
		used += (size_t)snprintf(part2 + used, sizeof(part2) - used,
		                         "%s%s mix, each model at its best: ",
		                         used ? "; " : "", mixes[k]);
		for (int m = 0; m < 4 && used < sizeof(part2); m++)
			if (have[m])
				used += (size_t)snprintf(
				        part2 + used, sizeof(part2) - used,
				        "%s%s %.0f [%.0f, %.0f] req/s at %g "
				        "clients",
				        m ? ", " : "", b[m].config,
				        b[m].rps.median, b[m].rps.ci_low,
				        b[m].rps.ci_high, b[m].c);
		if (!mix_waits(load, mixes[k]))
			continue; /* nothing to wait for: no lesson on IO */
		enum tvp_state s = falls_behind(&b[0], &b[1]);
		if (tvp_unsettled(s) && used < sizeof(part2))
			used += (size_t)snprintf(part2 + used,
			                         sizeof(part2) - used,
			                         " (event against hybrid: the "
			                         "intervals overlap: not "
			                         "settled)");
		any = true;
		any_right |= s == ST_HOLDS;
		any_open |= tvp_unsettled(s);
	}
	/* one mix that needs threads is enough; else one that cannot tell
	 * leaves it open */
	enum tvp_state io = any_right  ? ST_HOLDS
	                    : any_open ? (enum tvp_state)(ST_HOLDS | ST_NOT)
	                    : any      ? ST_NOT
	                               : ST_NA;
	bool threads_needed = io == ST_HOLDS; /* (ST_NA: not needed) */
	const char *const shapes = "; shapes measured: ";
	if (used + strlen(shapes) < sizeof(part2)) {
		const char *cf[64];
		int n = tvp_jdistinct(load, "config", cf, 64);

		used += (size_t)snprintf(part2 + used, sizeof(part2) - used,
		                         "%s", shapes);
		for (int k = 0; k < n && used < sizeof(part2); k++)
			used += (size_t)snprintf(part2 + used,
			                         sizeof(part2) - used, "%s%s",
			                         k ? ", " : "", cf[k]);
	}
	/* What one held connection costs, at the most all models held. */
	if (json_is_array(conns)) {
		double best = held_by_all(conns);
		if (best > 0)
			snprintf(
			        part3, sizeof(part3),
			        "; %g idle connections cost event %.1f KiB each, "
			        "threads %.1f KiB and a thread each",
			        best, kib_per_conn(conns, "event", best),
			        kib_per_conn(conns, "threads", best));
	}
	char disk[1100] = "";
	enum tvp_state dk =
	        disk_evidence(load, rates, mixes, nm, disk, sizeof(disk));
	snprintf(out, len,
	         "%s about processes: %s; %s about threads for IO: %s%s%s%s",
	         isolates ? "right" : "wrong", part1,
	         part_word(io, "not settled"), part2, *disk ? "; " : "", disk,
	         part3);
	if (key)
		snprintf(key, klen, "%s about processes, %s for IO%s%s%s",
		         isolates ? "right" : "wrong", part_word(io, "open"),
		         dk == ST_NA ? "" : ", ",
		         dk == ST_NA ? "" : part_word(dk, "open"),
		         dk == ST_NA ? "" : " for disk");
	/* Every way the parts not settled could settle: all right, holds;
	 * none, does not hold; else partly. (No waiting mix: part two is
	 * wrong, as before; no cold mix: no part three.) */
	st = ST_NA;
	for (int w = 0; w < 4; w++) {
		bool io_right = w & 1, dk_right = w & 2;

		if (!(tvp_unsettled(io) || io_right == threads_needed))
			continue;
		if (dk == ST_NA ? dk_right
		                : !(tvp_unsettled(dk) ||
		                    dk_right == (dk == ST_HOLDS)))
			continue;
		int right = isolates + io_right + dk_right,
		    parts = 2 + (dk != ST_NA);
		st = (enum tvp_state)(st | (right == parts ? ST_HOLDS
		                            : right == 0   ? ST_NOT
		                                           : ST_PARTLY));
	}
done:
	json_decref(load);
	json_decref(crash);
	json_decref(conns);
	json_decref(rates);
	return st;
}

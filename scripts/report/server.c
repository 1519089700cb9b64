/* SPDX-License-Identifier: MIT */
/*
 * The server models under load: from a folder's server-load, -rate,
 * -crash and -conns lines (scripts/serve.sh), the tables, their plots and
 * the sentences of report.md. C10's verdict on the same lines is c10.c's.
 * (Over 500 lines: four sections, load, fixed rate, faults and held
 * connections, each a table, its plots and its sentences.)
 */
#include "server.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "c10.h"
#include "load.h"
#include "plot.h"
#include "observe.h"
#include "serverdata.h"
#include "stats.h"
#define MAX_MIXES   8
#define MAX_CONFIGS 64
#define MAX_CLIENTS 32
#define MAX_SHARES  16
#define MAX_HELD    16

/* What each mix's plots show: the name in the plot's file and title, the
 * y axis, and whether it is drawn on a log scale (the latencies). */
enum measure { M_RPS, M_P50, M_P99, M_COUNT };
static const struct {
	const char *what, *ylabel;
	int logy;
} measures[M_COUNT] = {
	[M_RPS] = { "rps", "requests per second (higher is better)", 0 },
	[M_P50] = { "p50", "median latency, ms (lower is better)", 1 },
	[M_P99] = { "p99", "99th percentile latency, ms (lower is better)", 1 },
};

/* The configurations and client counts of one mix, and its points: one
 * for each configuration at each client count (pt[k * nc + j]), each
 * summarised once (a bootstrap each), then drawn three times and tabled;
 * ok: the point has lines. */
struct mix_grid {
	const char *cf[MAX_CONFIGS];
	double cs[MAX_CLIENTS];
	int ncf, nc;
	struct spoint *pt;
	bool *ok;
};

/* Fill g with the points of mix in all; -1 when out of memory. */
static int mix_grid(const struct tvp_wrks *all, const char *mix,
                    struct mix_grid *g)
{
	g->ncf = tvp_srv_configs(all, g->cf, MAX_CONFIGS);
	g->nc = tvp_server_clients(all, g->cs, MAX_CLIENTS);
	g->pt = calloc((size_t)g->ncf * (size_t)g->nc + 1, sizeof(*g->pt));
	g->ok = calloc((size_t)g->ncf * (size_t)g->nc + 1, sizeof(*g->ok));
	if (!g->pt || !g->ok) {
		free(g->pt);
		free(g->ok);
		return -1;
	}
	for (int k = 0; k < g->ncf; k++)
		for (int j = 0; j < g->nc; j++) {
			struct spoint *p = &g->pt[k * g->nc + j];
			*p = (struct spoint){ .config = g->cf[k],
				              .mix = mix,
				              .c = g->cs[j] };
			g->ok[k * g->nc + j] = tvp_srv_summarise(all, p) == 0;
		}
	return 0;
}

/* A point's y, low and high for measure w. */
static void point_ylh(const struct spoint *p, enum measure w, double ylh[3])
{
	if (w == M_RPS) {
		ylh[0] = p->rps.median, ylh[1] = p->rps.ci_low;
		ylh[2] = p->rps.ci_high;
	} else if (w == M_P50) {
		ylh[0] = p->p50_ms, ylh[1] = p->p50_lo, ylh[2] = p->p50_hi;
	} else {
		ylh[0] = p->p99_ms, ylh[1] = p->p99_lo, ylh[2] = p->p99_hi;
	}
}

/* One plot of a mix: measure w against clients, a line a configuration
 * the mix ran (the cold mix's are the event shapes alone: no empty key
 * entry for the others). */
static void mix_plot(FILE *f, const char *dir, const char *mix,
                     const struct mix_grid *g, enum measure w)
{
	struct tvp_plot pl = { 0 };
	char name[96], title[160];

	snprintf(name, sizeof(name), "server-%s-%s", mix, measures[w].what);
	if (tvp_plot_open(&pl, dir, name) != 0)
		return;
	for (int k = 0; k < g->ncf; k++) {
		bool in_mix = false;

		for (int j = 0; j < g->nc; j++)
			in_mix |= g->ok[k * g->nc + j];
		if (!in_mix)
			continue;
		tvp_plot_series(&pl, g->cf[k]);
		for (int j = 0; j < g->nc; j++) {
			double ylh[3];

			if (!g->ok[k * g->nc + j])
				continue;
			point_ylh(&g->pt[k * g->nc + j], w, ylh);
			fprintf(pl.dat, "%g %g %g %g\n", g->cs[j], ylh[0],
			        ylh[1], ylh[2]);
		}
	}
	snprintf(title, sizeof(title), "tvp-server, %s mix: %s vs clients", mix,
	         measures[w].what);
	tvp_plot_close(&pl, title, "concurrent connections (wrk -c)",
	               measures[w].ylabel, 1, measures[w].logy, NULL);
	tvp_plot_embed(f, dir, name, "server, %s mix: %s", mix,
	               measures[w].what);
}

static void mix_table(FILE *f, const struct mix_grid *g)
{
	fputs("| configuration | clients | requests/s [95% CI] | p50 ms | "
	      "p99 ms | client errors |\n|---|--:|---|--:|--:|--:|\n",
	      f);
	for (int k = 0; k < g->ncf * g->nc; k++) {
		const struct spoint *p = &g->pt[k];

		if (g->ok[k])
			fprintf(f,
			        "| %s | %g | %.0f [%.0f, %.0f] | %.2f | %.2f | %.0f |\n",
			        p->config, p->c, p->rps.median, p->rps.ci_low,
			        p->rps.ci_high, p->p50_ms, p->p99_ms,
			        p->errors);
	}
	fputs("\n", f);
}

/* What to look at first: threads against processes of the same count
 * (prefork with as many workers), clients by clients, where every client
 * count has both. */
static void look_threads(FILE *f, const struct tvp_wrks *all, const char *mix,
                         const double *cs, int nc)
{
	struct spoint t, pf;
	const char *tcf = NULL, *pcf = NULL;
	int win[MAX_CLIENTS], n = 0, tw = 0, pw = 0;
	double top = nc ? cs[nc - 1] : 0;

	for (int j = 0; j < nc; j++) {
		char want[64];

		if (!tvp_srv_find(all, mix, "threads-", cs[j], &t))
			break;
		snprintf(want, sizeof(want), "prefork-w%s",
		         t.config + strlen("threads-w"));
		if (!tvp_srv_find(all, mix, want, cs[j], &pf))
			break;
		tcf = t.config, pcf = pf.config;
		win[n++] = tvp_srv_beats(&t, &pf);
	}
	if (n != nc || n == 0)
		return;
	for (int j = 0; j < n; j++)
		tw += win[j] > 0, pw += win[j] < 0;
	fprintf(f,
	        "**What to look at:** threads and processes, the same "
	        "number of workers (%s against %s): threads ahead at %d "
	        "of %d client counts, processes at %d, not told apart "
	        "(intervals that overlap, or one round: none) at %d.",
	        tcf, pcf, tw, n, pw, n - tw - pw);
	if (tvp_srv_find(all, mix, "threads-", top, &t) &&
	    tvp_srv_find(all, mix, pcf, top, &pf))
		fprintf(f,
		        " At %g clients: %.0f against %.0f requests/s "
		        "(processes at %.0f%% of threads), p99 %.2f against "
		        "%.2f ms.",
		        top, t.rps.median, pf.rps.median,
		        100 * pf.rps.median / t.rps.median, t.p99_ms,
		        pf.p99_ms);
}

/* The prefork configuration with the fewest workers (least of them), or
 * NULL. */
static const char *fewest_prefork(const struct tvp_wrks *all, long *least)
{
	static const char prefork_w[] = "prefork-w";
	const char *cfs[MAX_CONFIGS], *fewest = NULL;
	int m = tvp_srv_configs(all, cfs, MAX_CONFIGS);

	*least = 0;
	for (int k = 0; k < m; k++) {
		if (strncmp(cfs[k], prefork_w, strlen(prefork_w)))
			continue;
		long w = atol(cfs[k] + strlen(prefork_w));
		if (!fewest || w < *least) {
			fewest = cfs[k];
			*least = w;
		}
	}
	return fewest;
}

/* Then one blocking process per CPU (the fewest prefork workers) against
 * the same processes with threads inside (hybrid), at top clients. */
static void look_per_cpu(FILE *f, const struct tvp_wrks *all, const char *mix,
                         double top)
{
	struct spoint hy, one;
	long least;

	if (!tvp_srv_find(all, mix, "hybrid-", top, &hy))
		return;
	const char *fewest = fewest_prefork(all, &least);
	/* (one per CPU only where the fewest is as many as hybrid's
	 * processes, one a server CPU: quick has only prefork with a
	 * worker for every connection) */
	if (!fewest || least != atol(hy.config + strlen("hybrid-p")) ||
	    !tvp_srv_find(all, mix, fewest, top, &one))
		return;
	if (tvp_srv_mix_waits(all, mix))
		fprintf(f,
		        " One blocking process per CPU (%s) waits whenever "
		        "a request waits: %.0f requests/s at %g clients, "
		        "where the same processes with threads inside "
		        "(%s) reach %.0f (%.1fx).",
		        fewest, one.rps.median, top, hy.config, hy.rps.median,
		        hy.rps.median / one.rps.median);
	else
		fprintf(f,
		        " With nothing to wait for, one process per CPU "
		        "(%s) already keeps the CPUs busy: %.0f requests/s "
		        "at %g clients, against %.0f with threads inside "
		        "(%s).",
		        fewest, one.rps.median, top, hy.rps.median, hy.config);
}

/* Then one event loop per CPU against processes x threads. */
static void look_event(FILE *f, const struct tvp_wrks *all, const char *mix,
                       double top)
{
	struct spoint e, hy;

	if (tvp_srv_find(all, mix, "event-", top, &e) &&
	    tvp_srv_find(all, mix, "hybrid-", top, &hy))
		fprintf(f,
		        " One event loop per CPU (%s), one thread each: %.0f "
		        "requests/s at %g clients, against %.0f for processes "
		        "x threads (%s).",
		        e.config, e.rps.median, top, hy.rps.median, hy.config);
}

/* One mix under load: its plots, its table, and what to look at. */
static void mix_section(FILE *f, const char *dir, const struct tvp_wrks *all,
                        const char *mix)
{
	struct mix_grid g;
	const struct tvp_wrk *q = NULL;

	for (size_t i = 0; i < all->n && !q; i++)
		if (!strcmp(all->v[i].mix, mix))
			q = &all->v[i];
	fprintf(f, "#### Request mix `%s` (`tvp-server %s`)\n\n", mix,
	        q ? q->mix_args : "?");
	if (mix_grid(all, mix, &g) != 0)
		return;
	for (int w = 0; w < M_COUNT; w++)
		mix_plot(f, dir, mix, &g, (enum measure)w);
	mix_table(f, &g);
	free(g.pt);
	free(g.ok);

	double top = g.nc ? g.cs[g.nc - 1] : 0;
	look_threads(f, all, mix, g.cs, g.nc);
	look_per_cpu(f, all, mix, top);
	look_event(f, all, mix, top);
	fputs(" A blocking worker (threads, prefork, hybrid) serves one "
	      "connection at a time: beyond as many clients as workers, "
	      "connections wait to be accepted, and the p99 latency shows that "
	      "wait. An event worker serves all its connections at once, but "
	      "while it computes one request (`--cpu`) the others wait.\n\n",
	      f);
}

/* The fault runs' table: what each configuration answered around the
 * fault, and whether it answered after it. */
static void crash_table(FILE *f, const struct tvp_wrks *load,
                        const struct tvp_wrks *crash)
{
	const struct tvp_wrk *q = &crash->v[0];

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
	        q->crash_at_ms, q->duration_s, q->concurrency);
	for (size_t i = 0; i < crash->n; i++) {
		q = &crash->v[i];
		struct spoint p = { .config = q->config,
			            .mix = q->mix,
			            .c = q->concurrency };
		double s = q->duration_us / 1e6;
		double rate = s > 0 ? q->requests / s : NAN;
		char kept[32] = "-", rs[32] = "-";

		if (tvp_srv_summarise(load, &p) == 0 && p.rps.median > 0)
			snprintf(kept, sizeof(kept), "%.0f%%",
			         100 * rate / p.rps.median);
		if (q->restarts >= 0)
			snprintf(rs, sizeof(rs), "%.0f", q->restarts);
		bool alive = (q->alive_after == 1);
		fprintf(f, "| %s | %.0f | %s | %.0f | %s | %s |\n", p.config,
		        q->requests, kept, tvp_srv_errors(q),
		        alive ? "yes" : "**no** (the process ended)", rs);
	}
}

/* What to look at: the threads server against prefork (and the event
 * model) after the fault, where both were faulted. */
static void crash_look(FILE *f, const struct tvp_wrks *crash)
{
	const struct tvp_wrk *t = tvp_srv_crash(crash, "threads"),
	                     *pf = tvp_srv_crash(crash, "prefork"),
	                     *ev = tvp_srv_crash(crash, "event");

	if (!t || !pf)
		return;
	bool t_alive = (t->alive_after == 1);
	bool pf_alive = (pf->alive_after == 1);

	if (t_alive)
		fprintf(f,
		        "\n**What to look at:** **the threads server "
		        "still answered after the fault** (%.0f client "
		        "errors): the fault did not end its process, so "
		        "this run shows nothing about isolation; see the "
		        "table.",
		        tvp_srv_errors(t));
	else
		fprintf(f,
		        "\n**What to look at:** the fault ended the "
		        "threads server's only process: nothing answered "
		        "afterwards, and its clients saw %.0f errors.",
		        tvp_srv_errors(t));
	fprintf(f,
	        " In prefork the master started %.0f new worker(s) and "
	        "the server %s, with %.0f client errors.",
	        pf->restarts,
	        pf_alive ? "kept answering" : "**did not answer afterwards**",
	        tvp_srv_errors(pf));
	if (!t_alive && pf_alive)
		fputs(" This is the isolation that processes buy and "
		      "threads do not: one bad request costs a worker, "
		      "not the server.",
		      f);
	if (ev)
		fprintf(f,
		        " The event model's master did the same (%.0f "
		        "restarted; the server %s), but the worker took all "
		        "its open connections with it (%.0f client errors).",
		        ev->restarts,
		        (ev->alive_after == 1) ? "kept answering"
		                               : "did not answer afterwards",
		        tvp_srv_errors(ev));
}

static void crash_section(FILE *f, const struct tvp_wrks *load,
                          const struct tvp_wrks *crash)
{
	crash_table(f, load, crash);
	crash_look(f, crash);
	fputs("\n\n", f);
}

/* The held connections' plots: each one's name, title, y axis, scale and
 * what gnuplot gets beside the tics (where its key goes: where the lines
 * are not). */
enum conns_plot { CP_MEMORY, CP_RPS, CP_COUNT };
static const struct {
	const char *name, *title, *ylabel, *after;
	int logy;
} conns_plots[CP_COUNT] = {
	[CP_MEMORY] = { "server-conns-memory",
	                "tvp-server: memory per held idle connection",
	                "KiB of the server's PSS per held connection (lower "
	                "is better)",
	                "key = 'center right'\n", 1 },
	[CP_RPS] = { "server-conns-rps",
	             "tvp-server: requests/s of 8 active clients beside held "
	             "ones",
	             "requests per second (higher is better)",
	             "key = 'bottom left'\nset yrange [0:*]\n", 0 },
};

static void conns_intro(FILE *f, const struct tvp_wrk *q0)
{
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
	        q0->active, q0->mix, q0->duration_s > 0 ? q0->duration_s : 0,
	        q0->active);
}

/* The value plot w draws for model with n held (NAN: none). */
static double conns_value(const struct tvp_wrks *conns, const char *model,
                          double n, enum conns_plot w)
{
	if (w == CP_MEMORY)
		return tvp_srv_kib_per_conn(conns, model, n);
	const struct tvp_wrk *q = tvp_srv_conn_line(conns, model, n);
	return q && !*q->stopped ? tvp_srv_rps(q) : NAN;
}

/* Both plots of the held connections, a line a model, with tics at the
 * held counts. */
static void conns_section_plots(FILE *f, const char *dir,
                                const struct tvp_wrks *conns, const double *ns,
                                int nn)
{
	char xt[160] = "xt = '(";

	for (int k = 0, first = 1; k < nn; k++)
		if (ns[k] > 0) {
			size_t l = strlen(xt);
			snprintf(xt + l, sizeof(xt) - l, "%s%g",
			         first ? "" : ", ", ns[k]);
			first = 0;
		}
	for (int w = 0; w < CP_COUNT; w++) {
		struct tvp_plot pl = { 0 };
		char extra[256];

		if (tvp_plot_open(&pl, dir, conns_plots[w].name) != 0)
			continue;
		for (int m = 0; m < TVP_SRV_CONN_MODELS; m++) {
			tvp_plot_series(&pl, tvp_srv_conn_models[m]);
			for (int k = 0; k < nn; k++) {
				double v = conns_value(conns,
				                       tvp_srv_conn_models[m],
				                       ns[k],
				                       (enum conns_plot)w);
				if (ns[k] > 0 && !isnan(v))
					fprintf(pl.dat, "%g %g %g %g\n", ns[k],
					        v, v, v);
			}
		}
		snprintf(extra, sizeof(extra), "%s)'\n%s", xt,
		         conns_plots[w].after);
		tvp_plot_close(&pl, conns_plots[w].title,
		               "idle connections held (N)",
		               conns_plots[w].ylabel, 1, conns_plots[w].logy,
		               extra);
		tvp_plot_embed(f, dir, conns_plots[w].name, "%s",
		               conns_plots[w].title);
	}
}

/* A row of the held connections' table: model with n held, or where it
 * stopped; nothing without its line. */
static void conns_row(FILE *f, const struct tvp_wrks *conns, const char *model,
                      double n)
{
	const struct tvp_wrk *q = tvp_srv_conn_line(conns, model, n);
	char pc[32] = "-";

	if (!q)
		return;
	if (*q->stopped) {
		fprintf(f, "| %s | %g | - | - | - | - | - | stopped: %s |\n",
		        model, n, q->stopped);
		return;
	}
	double per = tvp_srv_kib_per_conn(conns, model, n);
	char thr[32] = "-", mib[32] = "-"; /* (null: the server gone) */
	if (!isnan(per))
		snprintf(pc, sizeof(pc), "%.1f", per);
	if (!isnan(q->threads_total))
		snprintf(thr, sizeof(thr), "%.0f", q->threads_total);
	if (!isnan(q->pss_kib))
		snprintf(mib, sizeof(mib), "%.1f", q->pss_kib / 1024);
	fprintf(f, "| %s | %g | %.0f | %.0f x %.0f | %s | %s | %s | %.0f |\n",
	        model, n, q->kept, q->procs, q->threads, thr, mib, pc,
	        tvp_srv_rps(q));
}

/* What to look at: the most connections every model was held at, and
 * where a model stopped. */
static void conns_look(FILE *f, const struct tvp_wrks *conns, const double *ns,
                       int nn)
{
	double top = tvp_srv_held_by_all(conns);

	if (top > 0) {
		const struct tvp_wrk *ev = tvp_srv_conn_line(conns, "event",
		                                             top),
		                     *th = tvp_srv_conn_line(conns, "threads",
		                                             top),
		                     *pf = tvp_srv_conn_line(conns, "prefork",
		                                             top);
		fprintf(f,
		        "\n**What to look at:** with %g idle connections held, "
		        "each cost the event model %.1f KiB of memory and no "
		        "thread (%.0f threads in all), against %.1f KiB and a "
		        "thread each for threads and %.1f KiB and a process each "
		        "for prefork. Beside them the %.0f active clients got "
		        "%.0f requests/s from the event model, %.0f from threads "
		        "and %.0f from prefork.",
		        top, tvp_srv_kib_per_conn(conns, "event", top),
		        ev->threads_total,
		        tvp_srv_kib_per_conn(conns, "threads", top),
		        tvp_srv_kib_per_conn(conns, "prefork", top), ev->active,
		        tvp_srv_rps(ev), tvp_srv_rps(th), tvp_srv_rps(pf));
	}
	for (int m = 0; m < TVP_SRV_CONN_MODELS; m++)
		for (int k = 0; k < nn; k++) {
			const struct tvp_wrk *q = tvp_srv_conn_line(
			        conns, tvp_srv_conn_models[m], ns[k]);
			if (q && *q->stopped) {
				fprintf(f,
				        " `%s` stopped at %g connections here: %s.",
				        tvp_srv_conn_models[m], ns[k],
				        q->stopped);
				break;
			}
		}
}

static void conns_section(FILE *f, const char *dir,
                          const struct tvp_wrks *conns)
{
	double ns[MAX_HELD] = { 0 };
	int nn = tvp_srv_held(conns, ns, MAX_HELD);

	conns_intro(f, &conns->v[0]);
	conns_section_plots(f, dir, conns, ns, nn);
	fputs("| model | held | kept | processes x threads | threads in all | "
	      "PSS MiB | KiB per held connection | active requests/s |\n"
	      "|---|--:|--:|---|--:|--:|--:|--:|\n",
	      f);
	for (int k = 0; k < nn; k++)
		for (int m = 0; m < TVP_SRV_CONN_MODELS; m++)
			conns_row(f, conns, tvp_srv_conn_models[m], ns[k]);
	conns_look(f, conns, ns, nn);
	fputs("\n\n", f);
}

/* The mixes, configurations and offered shares of the rate lines. */
struct rate_axes {
	const char *mixes[MAX_MIXES], *cf[MAX_CONFIGS];
	double pcts[MAX_SHARES];
	int nm, ncf, np;
};

/* Fill ax from rates, the offered shares ascending or (runs from before
 * equal terms) in the order of their lines. */
static void rate_axes(const struct tvp_rates *rates, bool ascending,
                      struct rate_axes *ax)
{
	ax->nm = tvp_srv_rate_mixes(rates, ax->mixes, MAX_MIXES);
	ax->ncf = tvp_srv_rate_configs(rates, ax->cf, MAX_CONFIGS);
	ax->np = ascending ? tvp_srv_shares(rates, ax->pcts, MAX_SHARES)
	                   : tvp_srv_shares_as_run(rates, ax->pcts, MAX_SHARES);
}

/*
 * A point of a latency plot: x, the offered rate, then the p99's y, low
 * and high; false where there is none to draw. equal: on equal terms,
 * over the rounds (r then holds them: their short rounds and the p99 of
 * each kind of round); else a run from before them, one round, all kept.
 */
static bool latency_point(const struct tvp_rates *rates, const char *config,
                          const char *mix, double pct, bool equal,
                          double xylh[4], struct srate *r)
{
	if (!equal) {
		const struct tvp_rate *q =
		        tvp_srv_rate_line(rates, config, mix, pct);
		if (!q)
			return false;
		double v = q->p99_us / 1e3;
		xylh[0] = q->rate, xylh[1] = xylh[2] = xylh[3] = v;
		*r = (struct srate){ .n = 1 };
		return true;
	}
	if (tvp_srv_rate_point(rates, config, mix, pct, r))
		return false;
	xylh[0] = r->offered_rps, xylh[1] = r->p99_ms;
	xylh[2] = r->p99_lo, xylh[3] = r->p99_hi;
	return true;
}

/* A series of one point: x and a median with its lowest and highest. */
static void lone_point(struct tvp_plot *pl, const char *title, double x,
                       const double p99[3])
{
	tvp_plot_series(pl, title);
	fprintf(pl->dat, "%g %g %g %g\n", x, p99[0], p99[1], p99[2]);
}

/* A mix's plot of p99 against the offered rate, a line a configuration
 * over the rates at which it kept up in every round. At a rate where it
 * fell behind in some round the two kinds of round are points of their
 * own, each the median of its rounds' p99 with their lowest and highest:
 * "fell behind in k of n rounds" (its p99 then holds a queue that grew
 * with the run, no longer the server's latency) and, where some kept up,
 * "kept up in the other n-k". equal: see latency_point. */
static void latency_plot(FILE *f, const char *dir,
                         const struct tvp_rates *rates,
                         const struct rate_axes *ax, const char *mix,
                         bool equal)
{
	const char *at = equal ? "the same offered rate" : "a fixed rate";
	struct tvp_plot pl = { 0 };
	char name[96], title[160];
	double xylh[4];
	struct srate r;

	snprintf(name, sizeof(name), "server-%s-latency", mix);
	if (tvp_plot_open(&pl, dir, name) != 0)
		return;
	for (int k = 0; k < ax->ncf; k++) {
		bool any = false;

		for (int j = 0; j < ax->np; j++) {
			if (!latency_point(rates, ax->cf[k], mix, ax->pcts[j],
			                   equal, xylh, &r) ||
			    r.short_rounds > 0)
				continue;
			if (!any)
				tvp_plot_series(&pl, ax->cf[k]);
			any = true;
			fprintf(pl.dat, "%g %g %g %g\n", xylh[0], xylh[1],
			        xylh[2], xylh[3]);
		}
	}
	for (int k = 0; k < ax->ncf; k++)
		for (int j = 0; j < ax->np; j++) {
			char what[128];

			if (!latency_point(rates, ax->cf[k], mix, ax->pcts[j],
			                   equal, xylh, &r) ||
			    r.short_rounds == 0)
				continue;
			snprintf(what, sizeof(what),
			         "%s, fell behind in %d of %d rounds",
			         ax->cf[k], r.short_rounds, r.n);
			lone_point(&pl, what, xylh[0], r.p99_short);
			if (r.short_rounds == r.n)
				continue;
			snprintf(what, sizeof(what),
			         "%s, kept up in the other %d", ax->cf[k],
			         r.n - r.short_rounds);
			lone_point(&pl, what, xylh[0], r.p99_kept);
		}
	snprintf(title, sizeof(title),
	         "tvp-server, %s mix: p99 latency at %s (open loop)", mix, at);
	/* on equal terms, the line C10 judges the p99 against */
	char extra[512] = "key = 'top left'\n";
	double t = equal ? tvp_c10_mix_target_ms(rates, mix) : NAN;
	if (!isnan(t))
		snprintf(
		        extra, sizeof(extra),
		        "key = 'top left'\n"
		        "set arrow from graph 0, first %g to graph 1, first %g "
		        "nohead dt 3 lw 1 front\n"
		        "set label 'p99 target %.3g ms' at graph 0.99, first %g "
		        "right offset 0, 0.6 front\n",
		        t, t, t, t);
	tvp_plot_close(&pl, title, "offered requests per second",
	               "99th percentile latency, ms (lower is better)", 0, 1,
	               extra);
	tvp_plot_embed(f, dir, name, "server, %s mix: latency at %s", mix, at);
}

/* A mix's table at a fixed rate, as runs before equal terms measured
 * it: every configuration at each offered load. */
static void rate_table_before(FILE *f, const struct tvp_rates *rates,
                              const struct rate_axes *ax, const char *mix)
{
	fprintf(f,
	        "| `%s` mix: configuration | offered req/s | answered "
	        "req/s | p50 ms | p99 ms | p99.9 ms | unanswered | "
	        "errors | client late ms |\n"
	        "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n",
	        mix);
	for (int k = 0; k < ax->ncf; k++)
		for (int j = 0; j < ax->np; j++) {
			const struct tvp_rate *q = tvp_srv_rate_line(
			        rates, ax->cf[k], mix, ax->pcts[j]);
			if (!q)
				continue;
			fprintf(f,
			        "| %s | %.0f (%g%%) | %.0f | %.2f | "
			        "%.2f | %.2f | %.0f | %.0f | %.2f |\n",
			        ax->cf[k], q->rate, ax->pcts[j],
			        q->answered_rps, q->p50_us / 1e3,
			        q->p99_us / 1e3, q->p999_us / 1e3,
			        q->unanswered, q->errors, q->behind_us / 1e3);
		}
	fputs("\n", f);
}

/*
 * Latency at a fixed rate, as runs before equal terms measured it (one
 * round, shares of the best round): per mix, a table of every
 * configuration at each offered load, and a plot of p99 against the
 * offered load, one line per configuration.
 */
static void rate_section_before(FILE *f, const char *dir,
                                const struct tvp_rates *rates)
{
	struct rate_axes ax;
	const struct tvp_rate *q0 = &rates->v[0];

	rate_axes(rates, false, &ax);
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
	        q0->connections, q0->ms);
	for (int m = 0; m < ax.nm; m++) {
		latency_plot(f, dir, rates, &ax, ax.mixes[m], false);
		rate_table_before(f, rates, &ax, ax.mixes[m]);
	}
}

/* A row of a mix's table on equal terms: config at share pct, over its
 * rounds; nothing without its lines. */
static void rate_row(FILE *f, const struct tvp_rates *rates, const char *config,
                     const char *mix, double pct)
{
	struct srate r;
	char p99[64];

	if (tvp_srv_rate_point(rates, config, mix, pct, &r))
		return;
	bool kept = r.kept_lo >= TVP_C10_ANSWERED;
	if (kept)
		snprintf(p99, sizeof(p99), "%.2f [%.2f, %.2f]", r.p99_ms,
		         r.p99_lo, r.p99_hi);
	else
		snprintf(p99, sizeof(p99), "overloaded");
	fprintf(f,
	        "| %s | %g x %g | %g | %.0f (%g%%) | %.0f [%.0f, %.0f] | %s | "
	        "%.2f | %s | %.2f%% | %.2f | %d |\n",
	        config, r.procs, r.threads, r.conns, r.offered_rps, pct,
	        r.answered_rps, r.answered_lo, r.answered_hi,
	        kept                            ? "yes"
	        : r.kept_hi >= TVP_C10_ANSWERED ? "not every round"
	                                        : "no",
	        r.p50_ms, p99, 100 * r.late, r.client_cpu, r.n);
}

static void rate_table(FILE *f, const struct tvp_rates *rates,
                       const struct rate_axes *ax, const char *mix)
{
	fprintf(f,
	        "| `%s` mix: configuration | procs x threads | "
	        "connections | offered req/s | answered req/s | kept up "
	        "| p50 ms | p99 ms | client late | client CPUs | rounds "
	        "|\n"
	        "|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|\n",
	        mix);
	for (int k = 0; k < ax->ncf; k++)
		for (int j = 0; j < ax->np; j++)
			rate_row(f, rates, ax->cf[k], mix, ax->pcts[j]);
	fputs("\n", f);
}

/*
 * The compared models on equal terms (bin/tvp-rate, an open loop): per
 * mix, each compared configuration at each offered share, medians over
 * the rounds, a p99 only where every round kept up (else "overloaded"),
 * and what the client took; a plot of p99 against the offered rate.
 */
static void rate_section(FILE *f, const char *dir,
                         const struct tvp_rates *rates)
{
	struct rate_axes ax;
	const struct tvp_rate *q0 = &rates->v[0];

	if (isnan(q0->base_rps)) {
		rate_section_before(f, dir, rates);
		return;
	}
	rate_axes(rates, true, &ax);
	bool shared = !strcmp(q0->server_cpus, q0->client_cpus);
	/* (quick's unloaded rung may be shorter than the loaded ones) */
	double ms_lo = INFINITY, ms_hi = 0;
	char shorter[64] = "";
	for (size_t i = 0; i < rates->n; i++) {
		ms_lo = fmin(ms_lo, rates->v[i].ms);
		ms_hi = fmax(ms_hi, rates->v[i].ms);
	}
	if (ms_lo < ms_hi)
		snprintf(shorter, sizeof(shorter),
		         " (%g ms at the unloaded rung)", ms_lo);
	fprintf(f,
	        "#### The compared models on equal terms\n\n"
	        "`bin/tvp-rate` sends requests on a schedule, whatever the "
	        "replies do (an open loop), and times each from when it was "
	        "due, not from when it went out: a server that stalls makes "
	        "the requests due meanwhile wait, and their wait is in the "
	        "percentiles (wrk's own latency, a closed loop, leaves it "
	        "out: coordinated omission). In each mix the compared models "
	        "get the same %.0f connections and the same offered rates, "
	        "shares of the higher of their median requests/s in the "
	        "closed-loop rounds above, %g ms a point%s, in rounds that "
	        "alternate them; the blocking shape has a worker for every "
	        "connection. A model *kept up* when it answered at least "
	        "%.0f%% of the offered rate a second in every round; the "
	        "table shows its p99 only then (the plots draw the rounds it "
	        "fell behind in apart). Medians over the rounds, the lowest and "

	        "highest in brackets. *Client late*: how late the client sent "
	        "its latest request that had a free connection, as a share of "
	        "the run; *client CPUs*: the CPU time it took over its run%s."
	        "\n\n",
	        q0->connections, ms_hi, shorter, 100 * TVP_C10_ANSWERED,
	        shared ? " (it ran on the server's own CPUs: what it took, "
	                 "the server did not have)"
	               : " (on CPUs of its own)");
	for (int m = 0; m < ax.nm; m++) {
		latency_plot(f, dir, rates, &ax, ax.mixes[m], true);
		rate_table(f, rates, &ax, ax.mixes[m]);
	}
}

int tvp_server_report(FILE *f, const struct tvp_folder *fo)
{
	const char *dir = fo->dir;
	const struct tvp_wrks *load = &fo->load, *crash = &fo->crash,
	                      *conns = &fo->conns;

	if (load->n > 0) {
		const char *mixes[MAX_MIXES];
		int nm = tvp_srv_mixes(load, mixes, MAX_MIXES);
		const struct tvp_wrk *q = &load->v[0];
		bool shared = !strcmp(q->server_cpus, q->client_cpus);

		fprintf(f,
		        "### The server models under load (C10)\n\n"
		        "`bin/tvp-server` answers `GET /data/N` (a file of a "
		        "data set made at start-up: each mix says its files and "
		        "their size) after the request's "
		        "work, in these shapes: `serial` (one connection at a "
		        "time), `threads` (W threads, one process), `prefork` "
		        "(a master and W forked workers sharing the listening "
		        "socket), `hybrid` (P processes x T threads) and "
		        "`event` (W processes, each one thread running an event "
		        "loop over all its connections, as nginx's workers "
		        "do; `eventaio`: the same with T threads a process "
		        "reading the files for it). wrk "

		        "drives it over loopback for %g s per point at each "
		        "client count, %s. The configuration's name gives its "
		        "workers: `threads-w8` is 8 threads, `hybrid-p2-t4` 2 "
		        "processes x 4 threads.\n\n",
		        q->duration_s,
		        shared ? "the server and wrk sharing the same CPUs (too "
		                 "few to split): the load generator's own CPU "
		                 "time is taken from the server's"
		               : "the server on its CPUs and wrk on the others");
		for (int k = 0; k < nm; k++)
			mix_section(f, dir, load, mixes[k]);
		if (fo->rates.n > 0)
			rate_section(f, dir, &fo->rates);
		if (crash->n > 0)
			crash_section(f, load, crash);
		if (conns->n > 0)
			conns_section(f, dir, conns);
	}
	return 0;
}

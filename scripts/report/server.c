/* SPDX-License-Identifier: MIT */
/*
 * The server models under load: from a folder's server-load, -rate,
 * -crash and -conns lines (scripts/serve.sh), the tables, their plots and
 * the sentences of report.md. C10's verdict on the same lines is c10.c's.
 * (Over 500 lines: four sections, load, fixed rate, faults and held
 * connections, each a table, its plots and its sentences.)
 */
#include "server.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "c10.h"
#include "jsonl.h"
#include "load.h"
#include "plot.h"
#include "serverdata.h"
#include "stats.h"

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
			ok[k * nc + j] = tvp_srv_summarise(all, p) == 0;
		}
	for (int w = 0; w < 3; w++) {
		struct tvp_plot pl = { 0 };
		char name[96], title[160];

		snprintf(name, sizeof(name), "server-%s-%s", mix, what[w]);
		if (tvp_plot_open(&pl, dir, name) != 0)
			continue;
		for (int k = 0; k < ncf; k++) {
			bool in_mix = false;

			/* a configuration this mix did not run (the cold mix's
       * are the event shapes alone): no empty key entry */
			for (int j = 0; j < nc; j++)
				in_mix |= ok[k * nc + j];
			if (!in_mix)
				continue;
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
		fprintf(f, "![server, %s mix: %s](plots/%s.png)\n\n", mix,
		        what[w], name);
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
		if (!tvp_srv_find(all, mix, "threads-", cs[j], &t))
			break;
		/* prefork with as many workers as the threads model */
		char want[64];
		snprintf(want, sizeof(want), "prefork-w%s",
		         t.config + strlen("threads-w"));
		if (!tvp_srv_find(all, mix, want, cs[j], &pf))
			break;
		tcf = t.config, pcf = pf.config;
		win[n++] = tvp_srv_beats(&t, &pf);
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
	if (tvp_srv_find(all, mix, "hybrid-", top, &hy)) {
		const char *cfs[64];
		int m = tvp_jdistinct(all, "config", cfs, 64);
		/* one prefork worker per CPU: the fewest prefork workers */
		const char *fewest = NULL;
		long least = 0;
		for (int k = 0; k < m; k++)
			if (!strncmp(cfs[k], "prefork-w", 9) &&
			    (!fewest || atol(cfs[k] + 9) < least))
				fewest = cfs[k], least = atol(cfs[k] + 9);
		bool waits = tvp_srv_mix_waits(all, mix);
		/* (one per CPU only where the fewest is as many as hybrid's
		 * processes, one a server CPU: quick has only prefork with a
		 * worker for every connection) */
		if (least != atol(hy.config + strlen("hybrid-p")))
			fewest = NULL;
		if (fewest && tvp_srv_find(all, mix, fewest, top, &one) &&
		    waits)
			fprintf(f,
			        " One blocking process per CPU (%s) waits whenever "
			        "a request waits: %.0f requests/s at %g clients, "
			        "where the same processes with threads inside "
			        "(%s) reach %.0f (%.1fx).",
			        fewest, one.rps.median, top, hy.config,
			        hy.rps.median, hy.rps.median / one.rps.median);
		else if (fewest && tvp_srv_find(all, mix, fewest, top, &one))
			fprintf(f,
			        " With nothing to wait for, one process per CPU "
			        "(%s) already keeps the CPUs busy: %.0f requests/s "
			        "at %g clients, against %.0f with threads inside "
			        "(%s).",
			        fewest, one.rps.median, top, hy.rps.median,
			        hy.config);
	}
	struct spoint e;
	if (tvp_srv_find(all, mix, "event-", top, &e) &&
	    tvp_srv_find(all, mix, "hybrid-", top, &hy))
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

		if (tvp_srv_summarise(load, &p) == 0 && p.rps.median > 0)
			snprintf(kept, sizeof(kept), "%.0f%%",
			         100 * rate / p.rps.median);
		if (tvp_jnum(q, "restarts") >= 0)
			snprintf(rs, sizeof(rs), "%.0f",
			         tvp_jnum(q, "restarts"));
		bool alive = json_is_true(json_object_get(q, "alive_after"));
		fprintf(f, "| %s | %.0f | %s | %.0f | %s | %s |\n", p.config,
		        tvp_jnum(q, "requests"), kept, tvp_srv_errors(q),
		        alive ? "yes" : "**no** (the process ended)", rs);
	}
	json_t *t = tvp_srv_crash(crash, "threads"),
	       *pf = tvp_srv_crash(crash, "prefork"),
	       *ev = tvp_srv_crash(crash, "event");
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
		        tvp_jnum(pf, "restarts"),
		        pf_alive ? "kept answering"
		                 : "**did not answer afterwards**",
		        tvp_srv_errors(pf));
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
		        tvp_srv_errors(ev));
	fputs("\n\n", f);
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
	double ns[16] = { 0 };
	int nn = tvp_srv_distinct(conns, "held", ns, 16);
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
		for (int m = 0; m < TVP_SRV_CONN_MODELS; m++) {
			tvp_plot_series(&pl, tvp_srv_conn_models[m]);
			for (int k = 0; k < nn; k++) {
				json_t *q = tvp_srv_conn_line(
				        conns, tvp_srv_conn_models[m], ns[k]);
				double v =
				        w == 0 ? tvp_srv_kib_per_conn(
				                         conns,
				                         tvp_srv_conn_models[m],
				                         ns[k])
				        : q && !json_object_get(q, "stopped")
				                ? tvp_srv_rps(q)
				                : NAN;
				if (ns[k] > 0 && !isnan(v))
					fprintf(pl.dat, "%g %g %g %g\n", ns[k],
					        v, v, v);
			}
		}
		tvp_plot_close(&pl, title[w], "idle connections held (N)",
		               ylabel[w], 1, w == 0, extra[w]);
		fprintf(f, "![%s](plots/%s.png)\n\n", title[w], name[w]);
	}
	fputs("| model | held | kept | processes x threads | threads in all | "
	      "PSS MiB | KiB per held connection | active requests/s |\n"
	      "|---|--:|--:|---|--:|--:|--:|--:|\n",
	      f);
	for (int k = 0; k < nn; k++)
		for (int m = 0; m < TVP_SRV_CONN_MODELS; m++) {
			json_t *q = tvp_srv_conn_line(
			        conns, tvp_srv_conn_models[m], ns[k]);
			if (!q)
				continue;
			if (json_object_get(q, "stopped")) {
				fprintf(f,
				        "| %s | %g | - | - | - | - | - | "
				        "stopped: %s |\n",
				        tvp_srv_conn_models[m], ns[k],
				        tvp_jstr(q, "stopped"));
				continue;
			}
			double per = tvp_srv_kib_per_conn(
			        conns, tvp_srv_conn_models[m], ns[k]);
			char pc[32] = "-";
			if (!isnan(per))
				snprintf(pc, sizeof(pc), "%.1f", per);
			fprintf(f,
			        "| %s | %g | %.0f | %.0f x %.0f | %.0f | %.1f | "
			        "%s | %.0f |\n",
			        tvp_srv_conn_models[m], ns[k],
			        tvp_jnum(q, "kept"), tvp_jnum(q, "procs"),
			        tvp_jnum(q, "threads"),
			        tvp_jnum(q, "threads_total"),
			        tvp_jnum(q, "pss_kib") / 1024, pc,
			        tvp_srv_rps(q));
		}
	/* What to look at: the most connections every model was held at. */
	double top = tvp_srv_held_by_all(conns);
	if (top > 0) {
		json_t *ev = tvp_srv_conn_line(conns, "event", top),
		       *th = tvp_srv_conn_line(conns, "threads", top),
		       *pf = tvp_srv_conn_line(conns, "prefork", top);
		fprintf(f,
		        "\n**What to look at:** with %g idle connections held, "
		        "each cost the event model %.1f KiB of memory and no "
		        "thread (%.0f threads in all), against %.1f KiB and a "
		        "thread each for threads and %.1f KiB and a process each "
		        "for prefork. Beside them the %.0f active clients got "
		        "%.0f requests/s from the event model, %.0f from threads "
		        "and %.0f from prefork.",
		        top, tvp_srv_kib_per_conn(conns, "event", top),
		        tvp_jnum(ev, "threads_total"),
		        tvp_srv_kib_per_conn(conns, "threads", top),
		        tvp_srv_kib_per_conn(conns, "prefork", top),
		        tvp_jnum(ev, "active"), tvp_srv_rps(ev),
		        tvp_srv_rps(th), tvp_srv_rps(pf));
	}
	/* Where a model stopped. */
	for (int m = 0; m < TVP_SRV_CONN_MODELS; m++)
		for (int k = 0; k < nn; k++) {
			json_t *q = tvp_srv_conn_line(
			        conns, tvp_srv_conn_models[m], ns[k]);
			if (q && json_object_get(q, "stopped")) {
				fprintf(f,
				        " `%s` stopped at %g connections here: %s.",
				        tvp_srv_conn_models[m], ns[k],
				        tvp_jstr(q, "stopped"));
				break;
			}
		}
	fputs("\n\n", f);
}

/*
 * Latency at a fixed rate, as runs before equal terms measured it (one
 * round, shares of the best round): per mix, a table of every
 * configuration at each offered load, and a plot of p99 against the
 * offered load, one line per configuration.
 */
static void rate_section_before(FILE *f, const char *dir, json_t *rates)
{
	const char *mixes[8], *cf[64];
	int nm = tvp_jdistinct(rates, "mix", mixes, 8),
	    ncf = tvp_jdistinct(rates, "config", cf, 64);
	double pcts[16];
	int np = tvp_jdistinct_num(rates, "offered_pct", pcts, 16);
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
					json_t *q = tvp_srv_rate_line(rates,
					                              cf[k],
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
			        "rate](plots/%s.png)\n\n",
			        mixes[m], name);
		}
		fprintf(f,
		        "| `%s` mix: configuration | offered req/s | answered "
		        "req/s | p50 ms | p99 ms | p99.9 ms | unanswered | "
		        "errors | client late ms |\n"
		        "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n",
		        mixes[m]);
		for (int k = 0; k < ncf; k++)
			for (int j = 0; j < np; j++) {
				json_t *q = tvp_srv_rate_line(
				        rates, cf[k], mixes[m], pcts[j]);
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

/*
 * The compared models on equal terms (bin/tvp-rate, an open loop): per
 * mix, each compared configuration at each offered share, medians over
 * the rounds, a p99 only where every round kept up (else "overloaded"),
 * and what the client took; a plot of p99 against the offered rate.
 */
static void rate_section(FILE *f, const char *dir, json_t *rates)
{
	const char *mixes[8], *cf[64];
	int nm = tvp_jdistinct(rates, "mix", mixes, 8),
	    ncf = tvp_jdistinct(rates, "config", cf, 64);
	double pcts[16];
	int np = tvp_srv_distinct(rates, "offered_pct", pcts, 16);
	json_t *q0 = json_array_get(rates, 0);

	if (isnan(tvp_jnum(q0, "base_rps"))) {
		rate_section_before(f, dir, rates);
		return;
	}
	bool shared = !strcmp(tvp_jstr(q0, "server_cpus"),
	                      tvp_jstr(q0, "client_cpus"));
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
	        "closed-loop rounds above, %g ms a point, in rounds that "
	        "alternate them; the blocking shape has a worker for every "
	        "connection. A model *kept up* when it answered at least "
	        "%.0f%% of the offered rate a second in every round; its p99 "
	        "is shown only then. Medians over the rounds, the lowest and "
	        "highest in brackets. *Client late*: how late the client sent "
	        "its latest request that had a free connection, as a share of "
	        "the run; *client CPUs*: the CPU time it took over its run%s."
	        "\n\n",
	        tvp_jnum(q0, "connections"), tvp_jnum(q0, "ms"),
	        100 * TVP_C10_ANSWERED,
	        shared ? " (it ran on the server's own CPUs: what it took, "
	                 "the server did not have)"
	               : " (on CPUs of its own)");
	for (int m = 0; m < nm; m++) {
		struct tvp_plot pl = { 0 };
		char name[96], title[160];

		snprintf(name, sizeof(name), "server-%s-latency", mixes[m]);
		if (tvp_plot_open(&pl, dir, name) == 0) {
			for (int k = 0; k < ncf; k++) {
				bool any = false;

				for (int j = 0; j < np; j++) {
					struct srate r;

					if (tvp_srv_rate_point(rates, cf[k],
					                       mixes[m],
					                       pcts[j], &r) ||
					    r.kept_lo < TVP_C10_ANSWERED)
						continue;
					if (!any)
						tvp_plot_series(&pl, cf[k]);
					any = true;
					fprintf(pl.dat, "%g %g %g %g\n",
					        r.offered_rps, r.p99_ms,
					        r.p99_lo, r.p99_hi);
				}
			}
			snprintf(title, sizeof(title),
			         "tvp-server, %s mix: p99 latency at the same "
			         "offered rate (open loop)",
			         mixes[m]);
			tvp_plot_close(&pl, title,
			               "offered requests per second",
			               "99th percentile latency, ms (lower is "
			               "better)",
			               0, 1, "key = 'top left'\n");
			fprintf(f,
			        "![server, %s mix: latency at the same offered "
			        "rate](plots/%s.png)\n\n",
			        mixes[m], name);
		}
		fprintf(f,
		        "| `%s` mix: configuration | procs x threads | "
		        "connections | offered req/s | answered req/s | kept up "
		        "| p50 ms | p99 ms | client late | client CPUs | rounds "
		        "|\n"
		        "|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|\n",
		        mixes[m]);
		for (int k = 0; k < ncf; k++)
			for (int j = 0; j < np; j++) {
				struct srate r;
				char p99[64];

				if (tvp_srv_rate_point(rates, cf[k], mixes[m],
				                       pcts[j], &r))
					continue;
				bool kept = r.kept_lo >= TVP_C10_ANSWERED;
				if (kept)
					snprintf(p99, sizeof(p99),
					         "%.2f [%.2f, %.2f]", r.p99_ms,
					         r.p99_lo, r.p99_hi);
				else
					snprintf(p99, sizeof(p99),
					         "overloaded");
				fprintf(f,
				        "| %s | %g x %g | %g | %.0f (%g%%) | "
				        "%.0f [%.0f, %.0f] | %s | %.2f | %s | "
				        "%.2f%% | %.2f | %d |\n",
				        cf[k], r.procs, r.threads, r.conns,
				        r.offered_rps, pcts[j], r.answered_rps,
				        r.answered_lo, r.answered_hi,
				        kept ? "yes"
				        : r.kept_hi >= TVP_C10_ANSWERED
				                ? "not every round"
				                : "no",
				        r.p50_ms, p99, 100 * r.late,
				        r.client_cpu, r.n);
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

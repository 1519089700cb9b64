/* SPDX-License-Identifier: MIT */
/*
 * Tables, plots and sentences for the micro-benchmarks. Each sentence is
 * written once here and filled from the data; nothing in it is asserted
 * that the numbers beside it do not show.
 *
 * Why about 700 lines: six sections, one per micro-benchmark (spawn,
 * footprint, ipc, ctxsw, race, oversub), each a table, its plot and its
 * sentences, with the few lookups they share at the top.
 */
#include "micro.h"

#include "jsonl.h"
#include "load.h"
#include "plot.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- reading ---- */

/* The first point whose string key equals value and number key2 == v2. */
static json_t *find(json_t *all, const char *key, const char *value,
                    const char *key2, double v2)
{
	size_t i;
	json_t *p;

	json_array_foreach (all, i, p)
		if (!strcmp(tvp_jstr(p, key), value) &&
		    (key2 == NULL || tvp_jnum(p, key2) == v2))
			return p;
	return NULL;
}

/* Whether a's KEY is above b's (1), below it (-1) or neither (0), by the
 * ranges of their repetitions (KEY_min .. KEY_max): a single median says
 * nothing about the noise around it. */
static int vs_ranges(json_t *a, json_t *b, const char *key)
{
	char lo[64], hi[64];

	snprintf(lo, sizeof(lo), "%s_min", key);
	snprintf(hi, sizeof(hi), "%s_max", key);
	if (tvp_jnum(a, lo) > tvp_jnum(b, hi))
		return 1;
	if (tvp_jnum(a, hi) < tvp_jnum(b, lo))
		return -1;
	return 0;
}

/* ---- the sections ---- */

static void spawn_section(FILE *f, const struct tvp_folder *fo, json_t *all)
{
	const char *dir = fo->dir;

	static const char *const vs[] = { "thread", "vfork", "posix_spawn",
		                          "fork", "fork_exec" };
	double rss[8];
	int nr = tvp_jdistinct_num(all, "parent_rss_mib", rss, 8);
	char xt[256] = "(";
	struct tvp_plot p = { 0 };
	json_t *f0, *f1, *t1, *s1;

	fputs("#### spawn: creating a worker (claim C4)\n\n", f);
	if (tvp_plot_open(&p, dir, "micro-spawn") == 0) {
		for (int v = 0; v < 5; v++) {
			tvp_plot_series(&p, vs[v]);
			for (int r = 0; r < nr; r++) {
				json_t *q = find(all, "variant", vs[v],
				                 "parent_rss_mib", rss[r]);

				if (q)
					fprintf(p.dat, "%g %.4f %.4f %.4f\n",
					        rss[r] > 0 ? rss[r] : 1,
					        tvp_jnum(q, "us_per_op"),
					        tvp_jnum(q, "us_per_op_min"),
					        tvp_jnum(q, "us_per_op_max"));
			}
		}
		for (int r = 0; r < nr; r++)
			snprintf(xt + strlen(xt), sizeof(xt) - strlen(xt),
			         "%s\\\"%g\\\" %g", r ? ", " : "", rss[r],
			         rss[r] > 0 ? rss[r] : 1);
		snprintf(xt + strlen(xt), sizeof(xt) - strlen(xt), ")");
		{
			char extra[300];

			snprintf(extra, sizeof(extra), "xt = \"%s\"\n", xt);
			tvp_plot_close(
			        &p,
			        "spawn: create + wait, by parent memory "
			        "(lower is better)",
			        "parent resident memory (MiB, touched, no THP)",
			        "microseconds per worker (log scale)", 1, 1,
			        extra);
		}
		fprintf(f, "![spawn cost vs parent memory](plots/"
		           "micro-spawn.png)\n\n");
	}
	/* beside the cost, the page faults of each creation (parent and
	 * child): flat with the parent's memory where fork copies its page
	 * tables and shares the pages copy-on-write */
	if (tvp_plot_open(&p, dir, "micro-spawn-faults") == 0) {
		double top = 1;

		for (int v = 0; v < 5; v++) {
			tvp_plot_series(&p, vs[v]);
			for (int r = 0; r < nr; r++) {
				json_t *q = find(all, "variant", vs[v],
				                 "parent_rss_mib", rss[r]);
				double mf = tvp_jnum(q, "minflt_per_op");

				top = q && mf > top ? mf : top;
				if (q && !isnan(mf))
					fprintf(p.dat, "%g %.2f %.2f %.2f\n",
					        rss[r] > 0 ? rss[r] : 1, mf, mf,
					        mf);
			}
		}
		char extra[300];

		/* room above the lines for the key */
		snprintf(extra, sizeof(extra),
		         "xt = \"%s\"\nset yrange [0:%.0f]\n", xt, top * 1.7);
		tvp_plot_close(&p,
		               "spawn: page faults of each creation, by parent "
		               "memory",
		               "parent resident memory (MiB, touched, no THP)",
		               "minor page faults per worker", 1, 0, extra);
		fprintf(f, "![spawn page faults vs parent memory]("
		           "plots/micro-spawn-faults.png)\n\n");
	}
	f0 = find(all, "variant", "fork", "parent_rss_mib", rss[0]);
	f1 = find(all, "variant", "fork", "parent_rss_mib", rss[nr - 1]);
	t1 = find(all, "variant", "thread", "parent_rss_mib", rss[nr - 1]);
	s1 = find(all, "variant", "posix_spawn", "parent_rss_mib", rss[nr - 1]);
	if (f0 && f1 && t1 && s1) {
		json_t *t0 = find(all, "variant", "thread", "parent_rss_mib",
		                  rss[0]);
		int fork_grew = vs_ranges(f1, f0, "us_per_op");
		int thread_grew = t0 ? vs_ranges(t1, t0, "us_per_op") : 0;

		fprintf(f,
		        "**What to look at:** fork + exit + wait takes %.0f us "
		        "with %g MiB touched in the parent and %.0f us with %g "
		        "MiB",
		        tvp_jnum(f0, "us_per_op"), rss[0],
		        tvp_jnum(f1, "us_per_op"), rss[nr - 1]);
		if (fork_grew > 0)
			fprintf(f,
			        ", %.1fx more: fork copies the page tables and "
			        "marks every page copy-on-write (it copies no "
			        "data, %.0f minor faults per fork). ",
			        tvp_jnum(f1, "us_per_op") /
			                tvp_jnum(f0, "us_per_op"),
			        tvp_jnum(f1, "minflt_per_op"));
		else
			fputs(fork_grew < 0
			              ? ", less: the bigger parent forked faster "
			                "in this run, which fork's work (copying "
			                "page tables) does not explain; run it "
			                "again. "
			              : ": the repetitions' ranges overlap, so "
			                "this run cannot tell the two apart. ",
			      f);
		/* fork's round split (spawn from 2026-12-06): the parent's
		 * return apart from the child's exit and the wait */
		if (json_object_get(f0, "fork_us") &&
		    json_object_get(f1, "fork_us"))
			fprintf(f,
			        "Of that round, the parent's return from fork "
			        "takes %.0f us with %g MiB and %.0f us with %g "
			        "MiB; the child's exit and the wait %.0f and "
			        "%.0f us. ",
			        tvp_jnum(f0, "fork_us"), rss[0],
			        tvp_jnum(f1, "fork_us"), rss[nr - 1],
			        tvp_jnum(f0, "exit_wait_us"),
			        tvp_jnum(f1, "exit_wait_us"));
		fprintf(f,
		        "With %g MiB a thread costs %.1f us (%s) and "
		        "posix_spawn, which shares the parent's memory until "
		        "exec, %.0f us.\n\n",
		        rss[nr - 1], tvp_jnum(t1, "us_per_op"),
		        thread_grew > 0   ? "more than with an empty parent"
		        : thread_grew < 0 ? "less than with an empty parent"
		                          : "as much as with an empty parent, "
		                            "within the repetitions' ranges",
		        tvp_jnum(s1, "us_per_op"));
	}
	fputs("| variant |", f);
	for (int r = 0; r < nr; r++)
		fprintf(f, " %g MiB: us [min, max] |", rss[r]);
	fputs("\n|---|", f);
	for (int r = 0; r < nr; r++)
		fputs("---|", f);
	fputs("\n", f);
	for (int v = 0; v < 5; v++) {
		fprintf(f, "| %s |", vs[v]);
		for (int r = 0; r < nr; r++) {
			json_t *q = find(all, "variant", vs[v],
			                 "parent_rss_mib", rss[r]);

			if (q)
				fprintf(f, " %.1f [%.1f, %.1f] |",
				        tvp_jnum(q, "us_per_op"),
				        tvp_jnum(q, "us_per_op_min"),
				        tvp_jnum(q, "us_per_op_max"));
			else
				fputs(" - |", f);
		}
		fputs("\n", f);
	}
	fputs("\n", f);
}

static void footprint_section(FILE *f, const struct tvp_folder *fo, json_t *all)
{
	(void)fo;

	double ws[8], buf;
	int nw = tvp_jdistinct_num(all, "workers", ws, 8);
	json_t *pi, *pw, *ti;

	if (nw == 0)
		return;
	buf = tvp_jnum(json_array_get(all, 0), "buffer_mib");
	fprintf(f, "#### footprint: memory of N workers (claim C4)\n\n");
	pi = find(all, "variant", "process", "workers", ws[nw - 1]);
	ti = find(all, "variant", "thread", "workers", ws[nw - 1]);
	pw = NULL;
	{
		size_t i;
		json_t *q;

		json_array_foreach (all, i, q)
			if (!strcmp(tvp_jstr(q, "variant"), "process") &&
			    tvp_jnum(q, "workers") == ws[nw - 1] &&
			    !strcmp(tvp_jstr(q, "phase"), "written"))
				pw = q;
	}
	if (pi && pw && ti)
		fprintf(f,
		        "**What to look at:** the parent holds a %g MiB buffer. "
		        "Idle, %g processes add %.0f KiB each (page tables, "
		        "kernel bookkeeping: the buffer is shared "
		        "copy-on-write) and %g threads %.0f KiB each. Once each "
		        "worker has written the buffer, every process holds its "
		        "own copy (%.0f KiB each); the threads still share "
		        "one. Memory is the sum of PSS over all processes.\n\n",
		        buf, ws[nw - 1], tvp_jnum(pi, "pss_kib_per_worker"),
		        ws[nw - 1], tvp_jnum(ti, "pss_kib_per_worker"),
		        tvp_jnum(pw, "pss_kib_per_worker"));
	fputs("| workers | threads idle (MiB) | threads written | "
	      "processes idle | processes written |\n|--:|--:|--:|--:|--:|\n",
	      f);
	for (int w = 0; w < nw; w++) {
		fprintf(f, "| %g |", ws[w]);
		for (int v = 0; v < 2; v++)
			for (int ph = 0; ph < 2; ph++) {
				size_t i;
				json_t *q;
				double kib = NAN;

				json_array_foreach (all, i, q)
					if (!strcmp(tvp_jstr(q, "variant"),
					            v ? "process" : "thread") &&
					    tvp_jnum(q, "workers") == ws[w] &&
					    !strcmp(tvp_jstr(q, "phase"),
					            ph ? "written" : "idle"))
						kib = tvp_jnum(q,
						               "pss_kib_total");
				fprintf(f, " %.1f |", kib / 1024);
			}
		fputs("\n", f);
	}
	fputs("\n", f);
}

/*
 * C7's like-for-like pairs (ipc and ipc.py lines name theirs): at every
 * size, the round trip of one side over the other's, the two differing
 * in one thing: processes over threads, or for pointer_vs_copy copying
 * over not. Nothing where no line names a pair (older folders).
 */
static void pairs_table(FILE *f, json_t *all)
{
	const char *names[8];
	double sizes[16];
	int np = 0, ns = tvp_jdistinct_num(all, "msg_bytes", sizes, 16);
	size_t i, k;
	json_t *q, *x;

	json_array_foreach (all, i, q)
		json_array_foreach (json_object_get(q, "pairs"), k, x) {
			const char *n = json_string_value(x);
			int j = 0;

			while (j < np && strcmp(names[j], n))
				j++;
			if (j == np && np < 8)
				names[np++] = n;
		}
	if (np == 0)
		return;
	fputs("Like-for-like pairs: one side's round trip over the other's "
	      "(latency; the two differ in the model only, or for "
	      "`pointer_vs_copy` in the copy only):\n\n| pair | ratio |",
	      f);
	for (int s = 0; s < ns; s++)
		fprintf(f, " %.0f B |", sizes[s]);
	fputs("\n|---|---|", f);
	for (int s = 0; s < ns; s++)
		fputs("--:|", f);
	fputs("\n", f);
	for (int j = 0; j < np; j++) {
		bool by_copy = !strcmp(names[j], "pointer_vs_copy");
		const char *top = NULL, *bottom = NULL;
		double r[16];

		for (int s = 0; s < ns; s++) {
			json_t *a = NULL, *b = NULL; /* a over b */

			r[s] = NAN;
			json_array_foreach (all, i, q) {
				bool in = false, first;

				if (strcmp(tvp_jstr(q, "mode"), "latency") ||
				    tvp_jnum(q, "msg_bytes") != sizes[s])
					continue;
				json_array_foreach (json_object_get(q, "pairs"),
				                    k, x)
					in |= !strcmp(json_string_value(x),
					              names[j]);
				if (!in)
					continue;
				first = by_copy ? json_is_true(json_object_get(
				                          q, "copies"))
				                : !strcmp(tvp_jstr(q, "model"),
				                          "process");
				*(first ? &a : &b) = q;
			}
			if (a && b) {
				top = tvp_jstr(a, "variant");
				bottom = tvp_jstr(b, "variant");
				r[s] = tvp_jnum(a, "us_per_roundtrip") /
				       tvp_jnum(b, "us_per_roundtrip");
			}
		}
		fprintf(f, "| %s | %s / %s |", names[j], top ? top : "-",
		        bottom ? bottom : "-");
		for (int s = 0; s < ns; s++)
			if (isnan(r[s]))
				fputs(" - |", f);
			else
				fprintf(f, " %.2fx |", r[s]);
		fputs("\n", f);
	}
	fputs("\n", f);
}

static void ipc_section(FILE *f, const struct tvp_folder *fo, json_t *all)
{
	const char *dir = fo->dir;

	const char *mech[12];
	double sizes[16];
	int nm = tvp_jdistinct(all, "variant", mech, 12);
	int ns = tvp_jdistinct_num(all, "msg_bytes", sizes, 16);
	struct tvp_plot p = { 0 };
	json_t *best = NULL, *worst = NULL;
	size_t i;
	json_t *q;

	fputs("#### ipc: sharing data (claim C7)\n\n", f);
	if (tvp_plot_open(&p, dir, "micro-ipc") == 0) {
		for (int m = 0; m < nm; m++) {
			tvp_plot_series(&p, mech[m]);
			json_array_foreach (all, i, q)
				if (!strcmp(tvp_jstr(q, "variant"), mech[m]) &&
				    !strcmp(tvp_jstr(q, "mode"), "bandwidth"))
					fprintf(p.dat, "%g %.2f %.2f %.2f\n",
					        tvp_jnum(q, "msg_bytes"),
					        tvp_jnum(q, "MBps"),
					        tvp_jnum(q, "MBps_min"),
					        tvp_jnum(q, "MBps_max"));
		}
		tvp_plot_close(
		        &p,
		        "ipc: bandwidth by message size (higher is "
		        "better)",
		        "message size (bytes, log scale)",
		        "MB/s, one way (log scale)", 1, 1,
		        "set format x '%.0b %BB'\nset key bottom right\n");
		fprintf(f, "![ipc bandwidth](plots/micro-ipc.png)\n\n");
	}
	json_array_foreach (all, i, q) {
		if (strcmp(tvp_jstr(q, "mode"), "latency") ||
		    tvp_jnum(q, "msg_bytes") != sizes[0])
			continue;
		if (!best || tvp_jnum(q, "us_per_roundtrip") <
		                     tvp_jnum(best, "us_per_roundtrip"))
			best = q;
		if (!worst || tvp_jnum(q, "us_per_roundtrip") >
		                      tvp_jnum(worst, "us_per_roundtrip"))
			worst = q;
	}
	if (best && worst) {
		json_t *big = NULL;

		json_array_foreach (all, i, q)
			if (!strcmp(tvp_jstr(q, "variant"),
			            tvp_jstr(best, "variant")) &&
			    !strcmp(tvp_jstr(q, "mode"), "latency") &&
			    tvp_jnum(q, "msg_bytes") == 4096)
				big = q;
		fprintf(f,
		        "**What to look at:** every mechanism carries the same "
		        "verified bytes. For %g-byte messages the round trip "
		        "takes from %.1f us (%s) to %.1f us (%s)",
		        sizes[0], tvp_jnum(best, "us_per_roundtrip"),
		        tvp_jstr(best, "variant"),
		        tvp_jnum(worst, "us_per_roundtrip"),
		        tvp_jstr(worst, "variant"));
		if (big)
			fprintf(f, "; %s takes %.1f us for 4096 bytes%s",
			        tvp_jstr(best, "variant"),
			        tvp_jnum(big, "us_per_roundtrip"),
			        tvp_jnum(big, "us_per_roundtrip") <
			                        1.5 * tvp_jnum(
			                                      best,
			                                      "us_per_roundtrip")
			                ? ": for small messages the cost is "
			                  "waking the other side, not the copy"
			                : "");
		fputs(". Processes need not serialise to share data: `shm` "
		      "is two processes sharing memory, with the same ring "
		      "and the same locks as `threads`. ",
		      f);
		for (int m = 0; m < nm; m++)
			if (!strcmp(mech[m], "pointer"))
				fputs("What only threads can do is `pointer`: "
				      "hand over the address of a message "
				      "written in place, so that nothing is "
				      "copied; its bandwidth line leaves the "
				      "copying ones behind as messages grow, "
				      "and that gap is what sharing one "
				      "address space buys.",
				      f);
		fputs("\n\n", f);
	}
	fputs("Round-trip latency, microseconds (median):\n\n| mechanism |", f);
	for (int s = 0; s < ns; s++)
		fprintf(f, " %.0f B |", sizes[s]);
	fputs("\n|---|", f);
	for (int s = 0; s < ns; s++)
		fputs("--:|", f);
	fputs("\n", f);
	for (int m = 0; m < nm; m++) {
		fprintf(f, "| %s |", mech[m]);
		for (int s = 0; s < ns; s++) {
			json_t *hit = NULL;

			json_array_foreach (all, i, q)
				if (!strcmp(tvp_jstr(q, "variant"), mech[m]) &&
				    !strcmp(tvp_jstr(q, "mode"), "latency") &&
				    tvp_jnum(q, "msg_bytes") == sizes[s])
					hit = q;
			if (hit)
				fprintf(f, " %.1f |",
				        tvp_jnum(hit, "us_per_roundtrip"));
			else
				fputs(" - |", f);
		}
		fputs("\n", f);
	}
	fputs("\n", f);
	pairs_table(f, all);
}

/*
 * Python's counterpart (ipc.py), where its lines name their pairs (from
 * 2026-12-06; claims.c reads the older ones for C7's verdict): the pairs'
 * table alone.
 */
static void pyipc_section(FILE *f, const struct tvp_folder *fo, json_t *all)
{
	size_t i;
	json_t *q;
	bool paired = false;

	(void)fo;
	json_array_foreach (all, i, q)
		paired |= json_object_get(q, "pairs") != NULL;
	if (!paired)
		return;
	fputs("#### ipc.py: sharing data in Python (claim C7)\n\n", f);
	pairs_table(f, all);
}

static void ctxsw_section(FILE *f, const struct tvp_folder *fo, json_t *all)
{
	const char *dir = fo->dir;
	const double *pipe_us = fo->perf_pipe_us;
	json_t *t = find(all, "variant", "thread", "cpus", 1);
	json_t *p = find(all, "variant", "process", "cpus", 1);
	size_t i;
	json_t *q;

	fputs("#### ctxsw: switching (claim C8)\n\n", f);
	/* where the process line carries the paired ratio, that is the
	 * one statistic quoted, by name; older folders had only the two
	 * medians */
	if (t && p && json_object_get(p, "vs_thread")) {
		fprintf(f,
		        "**What to look at:** on one CPU a pipe round trip is "
		        "two context switches: %.2f us per switch between "
		        "threads, %.2f us between processes (medians); the "
		        "median of the %g paired process / thread ratios is "
		        "%.2fx",
		        tvp_jnum(t, "us_per_switch"),
		        tvp_jnum(p, "us_per_switch"), tvp_jnum(p, "reps"),
		        tvp_jnum(p, "vs_thread"));
		/* (too few repetitions for an interval: none given) */
		if (json_object_get(p, "vs_thread_lo") &&
		    json_object_get(p, "vs_thread_hi"))
			fprintf(f, " [%.2f, %.2f]", tvp_jnum(p, "vs_thread_lo"),
			        tvp_jnum(p, "vs_thread_hi"));
		if (json_object_get(p, "switches_per_msg") &&
		    json_object_get(t, "switches_per_msg"))
			fprintf(f,
			        ", with %.2f (processes) and %.2f (threads) "
			        "switches per one-way message from both ends' "
			        "counters",
			        tvp_jnum(p, "switches_per_msg"),
			        tvp_jnum(t, "switches_per_msg"));
		fputs(". On two CPUs nothing is switched out; the round "
		      "trip is the time to wake the other core.\n\n",
		      f);
	} else if (t && p)
		fprintf(f,
		        "**What to look at:** on one CPU a pipe round trip is "
		        "two context switches: %.2f us per switch between "
		        "threads, %.2f us between processes (%.2fx). On two "
		        "CPUs nothing is switched out; the round trip is the "
		        "time to wake the other core.\n\n",
		        tvp_jnum(t, "us_per_switch"),
		        tvp_jnum(p, "us_per_switch"),
		        tvp_jnum(p, "us_per_switch") /
		                tvp_jnum(t, "us_per_switch"));
	if (t && p && !isnan(pipe_us[0]))
		fprintf(f,
		        "Cross-check in the same run: `perf bench sched pipe` "
		        "(the same round trip, both on one CPU) gives %.2f us "
		        "between processes and %.2f us between threads (`-T`), "
		        "against tvp's %.2f and %.2f us.\n\n",
		        pipe_us[0], pipe_us[1], tvp_jnum(p, "us_per_roundtrip"),
		        tvp_jnum(t, "us_per_roundtrip"));
	/* C8's picture: the round trip, threads against processes, on one
	 * CPU (two switches) and on two (two wake-ups) */
	struct tvp_plot pl = { 0 };
	if (t && p && tvp_bars_open(&pl, dir, "micro-ctxsw") == 0) {
		static const char *const where[] = { "one CPU: two switches",
			                             "two CPUs: two wake-ups" };

		tvp_bars_series(&pl, "thread");
		tvp_bars_series(&pl, "process");
		for (int k = 0; k < 2; k++) {
			double v[6];

			for (size_t m = 0; m < 2; m++) {
				json_t *x = find(all, "variant",
				                 m ? "process" : "thread",
				                 "cpus", k + 1);

				v[3 * m] = x ? tvp_jnum(x, "us_per_roundtrip")
				             : NAN;
				v[3 * m + 1] =
				        x ? tvp_jnum(x, "us_per_roundtrip_min")
				          : NAN;
				v[3 * m + 2] =
				        x ? tvp_jnum(x, "us_per_roundtrip_max")
				          : NAN;
			}
			tvp_bars_row(&pl, where[k], v);
		}
		tvp_plot_close(&pl,
		               "C8: a pipe round trip, threads against "
		               "processes (lower is better)",
		               "", "microseconds per round trip", 0, 0,
		               "key = 'top left'\n");
		fprintf(f, "![ctxsw](plots/micro-ctxsw.png)\n\n");
	}
	fputs("| variant | CPUs | us per round trip [min, max] | us per "
	      "switch |\n|---|--:|---|--:|\n",
	      f);
	json_array_foreach (all, i, q) {
		fprintf(f, "| %s | %g | %.2f [%.2f, %.2f] |",
		        tvp_jstr(q, "variant"), tvp_jnum(q, "cpus"),
		        tvp_jnum(q, "us_per_roundtrip"),
		        tvp_jnum(q, "us_per_roundtrip_min"),
		        tvp_jnum(q, "us_per_roundtrip_max"));
		if (isnan(tvp_jnum(q, "us_per_switch")))
			fputs(" - |\n", f);
		else
			fprintf(f, " %.2f |\n", tvp_jnum(q, "us_per_switch"));
	}
	fputs("\n", f);
}

/* C9's picture: the share of updates lost, per variant, threads against
 * processes (none lost is the lock working). */
static void race_chart(FILE *f, const char *dir, json_t *all)
{
	const char *vs[16];
	int nv = tvp_jdistinct(all, "variant", vs, 16);
	struct tvp_plot pl = { 0 };

	if (nv == 0 || tvp_bars_open(&pl, dir, "micro-race") != 0)
		return;
	tvp_bars_series(&pl, "thread");
	tvp_bars_series(&pl, "process");
	for (int k = 0; k < nv; k++) {
		double v[6] = { NAN, NAN, NAN, NAN, NAN, NAN };
		size_t i;
		json_t *q;

		json_array_foreach (all, i, q)
			if (!strcmp(tvp_jstr(q, "variant"), vs[k])) {
				size_t m = strcmp(tvp_jstr(q, "model"),
				                  "process") == 0;
				double pct = 100 * tvp_jnum(q, "lost_updates") /
				             tvp_jnum(q, "expected_count");

				v[3 * m] = v[3 * m + 1] = v[3 * m + 2] = pct;
			}
		char label[64];
		/* per_worker_padded: "per worker padded" */
		snprintf(label, sizeof(label), "%s", vs[k]);
		for (char *u = label; (u = strchr(u, '_')) != NULL;)
			*u = ' ';
		tvp_bars_row(&pl, label, v);
	}
	tvp_plot_close(&pl, "C9: updates lost by workers adding to one counter",
	               "", "updates lost, % (the lock's bars are zero)", 0, 0,
	               "key = 'top right'\n");
	fprintf(f, "![race](plots/micro-race.png)\n\n");
}

static void race_section(FILE *f, const struct tvp_folder *fo, json_t *all)
{
	const char *dir = fo->dir;

	size_t i;
	json_t *q;
	json_t *tn = find(all, "variant", "none", NULL, 0);
	json_t *pn = NULL;

	json_array_foreach (all, i, q)
		if (!strcmp(tvp_jstr(q, "variant"), "none") &&
		    !strcmp(tvp_jstr(q, "model"), "process"))
			pn = q;
	fputs("#### race: lost updates (claim C9)\n\n", f);
	/* Did every synchronised variant end exact? */
	double synced_lost = 0;
	json_array_foreach (all, i, q)
		if (strcmp(tvp_jstr(q, "variant"), "none"))
			synced_lost += tvp_jnum(q, "lost_updates");
	if (tn && pn) {
		double lt = tvp_jnum(tn, "lost_updates"),
		       lp = tvp_jnum(pn, "lost_updates");
		fprintf(f,
		        "**What to look at:** %g workers adding to one counter "
		        "without synchronisation lost %.0f%% of the updates as "
		        "threads and %.0f%% as processes",
		        tvp_jnum(tn, "workers"),
		        100 * lt / tvp_jnum(tn, "expected_count"),
		        100 * lp / tvp_jnum(pn, "expected_count"));
		if (lt > 0 && lp > 0)
			fputs(": a counter in shared memory is shared memory "
			      "either way, and both need the lock. ",
			      f);
		else
			fputs(": where none was lost, the workers did not "
			      "overlap in this run, which shows nothing about "
			      "the lock either way. ",
			      f);
		fputs(synced_lost == 0
		              ? "The synchronised variants (table) end exact. "
		              : "**A synchronised variant lost updates too "
		                "(table): a bug to find.** ",
		      f);
	}
	{
		json_t *pad =
		        find(all, "variant", "per_worker_padded", NULL, 0);
		json_t *pack =
		        find(all, "variant", "per_worker_packed", NULL, 0);

		if (pad && pack) {
			double r = tvp_jnum(pack, "ns_per_increment") /
			           tvp_jnum(pad, "ns_per_increment");

			fprintf(f,
			        "Per-worker counters side by side in one cache "
			        "line take %.2f ns per increment, one per cache "
			        "line %.2f ns (%.1fx, %s).",
			        tvp_jnum(pack, "ns_per_increment"),
			        tvp_jnum(pad, "ns_per_increment"), r,
			        vs_ranges(pack, pad, "ns_per_increment") > 0
			                ? "false sharing: the line bounces "
			                  "between cores"
			                : "the repetitions' ranges overlap or the "
			                  "padded ones are slower: no measurable "
			                  "false sharing here");
		}
	}
	{
		/* the variant in which the line must move (race from
		 * 2026-12-06): atomic increments of per-worker counters,
		 * threads' lines first */
		json_t *pad = find(all, "variant", "atomic_padded", NULL, 0);
		json_t *pack = find(all, "variant", "atomic_packed", NULL, 0);

		if (pad && pack)
			fprintf(f,
			        " Incremented atomically, which needs the "
			        "line in the core's own cache at every "
			        "increment, the counters of %g pinned %ss side "
			        "by side take "
			        "%.2f ns per increment, one per line %.2f ns "
			        "(%.1fx, %s; the workers ran together for "
			        "%.0f%% and %.0f%% of their last run, on %g and %g "
			        "CPUs).",
			        tvp_jnum(pack, "workers"),
			        tvp_jstr(pack, "model"),
			        tvp_jnum(pack, "ns_per_increment"),
			        tvp_jnum(pad, "ns_per_increment"),
			        tvp_jnum(pack, "ns_per_increment") /
			                tvp_jnum(pad, "ns_per_increment"),
			        vs_ranges(pack, pad, "ns_per_increment") > 0
			                ? "the line moves between cores"
			                : "the repetitions' ranges overlap or the "
			                  "padded ones are slower",
			        100 * tvp_jnum(pack, "overlap_frac"),
			        100 * tvp_jnum(pad, "overlap_frac"),
			        tvp_jnum(pack, "distinct_cpus"),
			        tvp_jnum(pad, "distinct_cpus"));
	}
	fputs("\n\n", f);
	race_chart(f, dir, all);
	fputs("| model | variant | ns per increment [min, max] | expected | "
	      "final | lost |\n|---|---|---|--:|--:|--:|\n",
	      f);
	json_array_foreach (all, i, q)
		fprintf(f,
		        "| %s | %s | %.2f [%.2f, %.2f] | %.0f | %.0f | "
		        "%.1f%% |\n",
		        tvp_jstr(q, "model"), tvp_jstr(q, "variant"),
		        tvp_jnum(q, "ns_per_increment"),
		        tvp_jnum(q, "ns_per_increment_min"),
		        tvp_jnum(q, "ns_per_increment_max"),
		        tvp_jnum(q, "expected_count"),
		        tvp_jnum(q, "final_count"),
		        100 * tvp_jnum(q, "lost_updates") /
		                tvp_jnum(q, "expected_count"));
	fputs("\n", f);
}

/* "1.23x [1.10, 1.40]", or without the interval where the line has
 * none (too few rounds). */
static void est_text(char *out, size_t len, json_t *q, const char *key)
{
	char lo[64], hi[64];

	snprintf(lo, sizeof(lo), "%s_lo", key);
	snprintf(hi, sizeof(hi), "%s_hi", key);
	if (json_object_get(q, lo) && json_object_get(q, hi))
		snprintf(out, len, "%.2fx [%.2f, %.2f]", tvp_jnum(q, key),
		         tvp_jnum(q, lo), tvp_jnum(q, hi));
	else
		snprintf(out, len, "%.2fx", tvp_jnum(q, key));
}

/* What to look at, for lines with a share of work per worker: the ratios
 * taken within each round and the conditions they were taken under. */
static void oversub_look(FILE *f, double top, json_t *t1, json_t *p1)
{
	char rt[64], rp[64], ct[64], cp[64], pt[64];
	double l2 = tvp_jnum(p1, "l2_kib");

	est_text(rt, sizeof(rt), t1, "vs_one_per_cpu");
	est_text(rp, sizeof(rp), p1, "vs_one_per_cpu");
	est_text(ct, sizeof(ct), t1, "cpu_vs_one_per_cpu");
	est_text(cp, sizeof(cp), p1, "cpu_vs_one_per_cpu");
	est_text(pt, sizeof(pt), p1, "procs_vs_threads");
	fprintf(f,
	        "**What to look at:** each worker does %.1f ms of CPU work, "
	        "walking a working set of its own of %g KiB; at %gx as many "
	        "workers as CPUs a share takes %s the time it takes at 1x "
	        "with threads and %s with processes (in CPU time: %s and "
	        "%s), processes %s the time of threads (each ratio within "
	        "a round, the median over %g rounds). The least-preempted "
	        "worker of the typical round was switched out %g times (threads) and %g times "
	        "(processes), %.1f and %.1f on average; the workers of one "
	        "CPU hold %g KiB",
	        tvp_jnum(p1, "share_ms"), tvp_jnum(p1, "working_set_kib"), top,
	        rt, rp, ct, cp, pt, tvp_jnum(p1, "reps"),
	        tvp_jnum(t1, "ivcsw_min_worker"),
	        tvp_jnum(p1, "ivcsw_min_worker"),
	        tvp_jnum(t1, "ivcsw_per_worker"),
	        tvp_jnum(p1, "ivcsw_per_worker"),
	        tvp_jnum(p1, "working_set_kib") * top);
	if (isnan(l2))
		fputs(" (its L2 is not known)", f);
	else
		fprintf(f, " against its L2 of %g KiB", l2);
	fprintf(f, "; PCID %s.\n\n",
	        json_is_true(json_object_get(p1, "pcid"))    ? "yes"
	        : json_is_false(json_object_get(p1, "pcid")) ? "no"
	                                                     : "not known");
}

/* The table, for lines with a share of work per worker. */
static void oversub_table(FILE *f, json_t *all)
{
	size_t i;
	json_t *q;

	fputs("| variant | workers | per CPU | ms per share [min, max] | "
	      "CPU ms a worker | switched out (least, mean) | memory (MiB, "
	      "PSS) |\n|---|--:|--:|---|--:|--:|--:|\n",
	      f);
	json_array_foreach (all, i, q)
		fprintf(f,
		        "| %s | %g | %g | %.1f [%.1f, %.1f] | %.1f | %g, %.1f | "
		        "%.1f |\n",
		        tvp_jstr(q, "variant"), tvp_jnum(q, "workers"),
		        tvp_jnum(q, "workers_per_cpu"),
		        tvp_jnum(q, "ms_per_share"),
		        tvp_jnum(q, "ms_per_share_min"),
		        tvp_jnum(q, "ms_per_share_max"),
		        tvp_jnum(q, "cpu_ms_per_worker"),
		        tvp_jnum(q, "ivcsw_min_worker"),
		        tvp_jnum(q, "ivcsw_per_worker"),
		        tvp_jnum(q, "pss_kib_total") / 1024);
	fputs("\n", f);
}

static void oversub_section(FILE *f, const struct tvp_folder *fo, json_t *all)
{
	const char *dir = fo->dir;

	static const char *const vs[] = { "thread", "process" };
	double per[8];
	int np = tvp_jdistinct_num(all, "workers_per_cpu", per, 8);
	struct tvp_plot p = { 0 };
	/* Lines with a share of work for each worker (from 2026-12-06) time
	 * more work at more workers: their time is per share. Older lines
	 * split one total and keep their figures as they were. */
	bool share = np > 0 && json_object_get(json_array_get(all, 0),
	                                       "ms_per_share") != NULL;
	const char *key = share ? "ms_per_share" : "ms_per_run";
	char kmin[32], kmax[32];

	snprintf(kmin, sizeof(kmin), "%s_min", key);
	snprintf(kmax, sizeof(kmax), "%s_max", key);
	fputs("#### oversub: more workers than CPUs (claim C5)\n\n", f);
	if (np > 0 && tvp_plot_open(&p, dir, "micro-oversub") == 0) {
		for (int v = 0; v < 2; v++) {
			tvp_plot_series(&p, vs[v]);
			for (int k = 0; k < np; k++) {
				size_t i;
				json_t *q;

				json_array_foreach (all, i, q)
					if (!strcmp(tvp_jstr(q, "variant"),
					            vs[v]) &&
					    tvp_jnum(q, "workers_per_cpu") ==
					            per[k])
						fprintf(p.dat,
						        "%g %.3f %.3f %.3f\n",
						        per[k],
						        tvp_jnum(q, key),
						        tvp_jnum(q, kmin),
						        tvp_jnum(q, kmax));
			}
		}
		tvp_plot_close(&p,
		               share ? "oversub: the time for each worker's "
		                       "share of work (lower is better)"
		                     : "oversub: the same work, more workers "
		                       "(lower is better)",
		               "workers per CPU (log scale)",
		               share ? "milliseconds per share (a CPU's run "
		                       "over its workers)"
		                     : "milliseconds per run",
		               1, 0, "set yrange [0:*]\n");
		fprintf(f, "![oversubscription](plots/"
		           "micro-oversub.png)\n\n");
	}
	/* beside the time, what the live workers hold: the memory (PSS) of
	 * the program and all its workers, in MiB */
	if (np > 0 && tvp_plot_open(&p, dir, "micro-oversub-memory") == 0) {
		for (int v = 0; v < 2; v++) {
			tvp_plot_series(&p, vs[v]);
			for (int k = 0; k < np; k++) {
				json_t *q = find(all, "variant", vs[v],
				                 "workers_per_cpu", per[k]);
				double mib =
				        tvp_jnum(q, "pss_kib_total") / 1024;

				if (q && !isnan(mib))
					fprintf(p.dat, "%g %.3f %.3f %.3f\n",
					        per[k], mib, mib, mib);
			}
		}
		tvp_plot_close(&p, "oversub: the memory the live workers hold",
		               "workers per CPU (log scale)",
		               "MiB (PSS, the program and its workers; log "
		               "scale)",
		               1, 1, "");
		fprintf(f, "![memory of the live workers](plots/"
		           "micro-oversub-memory.png)\n\n");
	}
	if (np > 1) {
		json_t *t0 = find(all, "variant", "thread", "workers_per_cpu",
		                  per[0]);
		json_t *t1 = find(all, "variant", "thread", "workers_per_cpu",
		                  per[np - 1]);
		json_t *p0 = find(all, "variant", "process", "workers_per_cpu",
		                  per[0]);
		json_t *p1 = find(all, "variant", "process", "workers_per_cpu",
		                  per[np - 1]);

		if (t0 && t1 && p0 && p1 && share)
			oversub_look(f, per[np - 1], t1, p1);
		else if (t0 && t1 && p0 && p1)
			fprintf(f,
			        "**What to look at:** the same work split over "
			        "%gx as many workers as CPUs takes %.2fx the "
			        "time with threads and %.2fx with processes; "
			        "memory grows to %.1f MiB for %g threads and "
			        "%.1f MiB for %g processes.\n\n",
			        per[np - 1],
			        tvp_jnum(t1, "ms_per_run") /
			                tvp_jnum(t0, "ms_per_run"),
			        tvp_jnum(p1, "ms_per_run") /
			                tvp_jnum(p0, "ms_per_run"),
			        tvp_jnum(t1, "pss_kib_total") / 1024,
			        tvp_jnum(t1, "workers"),
			        tvp_jnum(p1, "pss_kib_total") / 1024,
			        tvp_jnum(p1, "workers"));
	}
	if (share) {
		oversub_table(f, all);
		return;
	}
	fputs("| variant | workers | per CPU | ms per run [min, max] | memory "
	      "(MiB, PSS) |\n|---|--:|--:|---|--:|\n",
	      f);
	{
		size_t i;
		json_t *q;

		json_array_foreach (all, i, q)
			fprintf(f,
			        "| %s | %g | %g | %.1f [%.1f, %.1f] | %.1f |\n",
			        tvp_jstr(q, "variant"), tvp_jnum(q, "workers"),
			        tvp_jnum(q, "workers_per_cpu"),
			        tvp_jnum(q, "ms_per_run"),
			        tvp_jnum(q, "ms_per_run_min"),
			        tvp_jnum(q, "ms_per_run_max"),
			        tvp_jnum(q, "pss_kib_total") / 1024);
	}
	fputs("\n", f);
}

/* A section per benchmark whose lines the folder has, in this order. */
static const struct {
	const char *file;
	void (*section)(FILE *f, const struct tvp_folder *fo, json_t *all);
} sections[] = {
	{ "micro-spawn", spawn_section },
	{ "micro-footprint", footprint_section },
	{ "micro-ipc", ipc_section },
	{ "micro-pyipc", pyipc_section },
	{ "micro-ctxsw", ctxsw_section },
	{ "micro-race", race_section },
	{ "micro-oversub", oversub_section },
};
#define NSECTIONS (sizeof(sections) / sizeof(*sections))

int tvp_micro_report(FILE *f, const struct tvp_folder *fo)
{
	json_t *d[NSECTIONS];
	bool any = false;
	int rc = 0;

	for (size_t k = 0; k < NSECTIONS; k++) {
		d[k] = tvp_lines(fo, sections[k].file);
		if (json_is_null(d[k]))
			rc = -1;
		any |= json_is_array(d[k]) && json_array_size(d[k]) > 0;
	}
	if (rc == 0 && any) {
		fputs("### What the two models cost\n\n"
		      "The micro-benchmarks time one operation in a calibrated "
		      "loop (the repetition count grows until one repetition "
		      "lasts long enough for the clock, one warm-up, then the "
		      "median of the repetitions, with the fastest and slowest "
		      "in brackets).\n\n",
		      f);
		for (size_t k = 0; k < NSECTIONS; k++)
			if (json_array_size(d[k]))
				sections[k].section(f, fo, d[k]);
	}
	for (size_t k = 0; k < NSECTIONS; k++)
		json_decref(d[k]);
	return rc;
}

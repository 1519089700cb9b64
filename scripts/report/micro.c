/* SPDX-License-Identifier: MIT */
/*
 * Tables, plots and sentences for the micro-benchmarks. Each sentence is
 * written once here and filled from the data; nothing in it is asserted
 * that the numbers beside it do not show.
 *
 * Why about 1,200 lines: six sections, one per micro-benchmark (spawn,
 * footprint, ipc, ctxsw, race, oversub), each a table, its plots and its
 * sentences, each written by a function of its own, with the few lookups
 * and writers they share at the top.
 */
#include "micro.h"

#include "load.h"
#include "plot.h"
#include "observe.h"
#include "rules.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- reading ---- */

/* Room for a key's name with a suffix (us_per_op_min). */
#define KEY_LEN 64
/* The most distinct values of an axis (parent sizes, workers per CPU, ...)
 * and of message sizes and mechanisms that a section reads. */
#define MAX_POINTS 8
#define MAX_SIZES  16
#define MAX_MECHS  12

/* The decimals each figure is written to the plot data with: changing one
 * changes every regenerated .dat file. */
enum {
	SPAWN_US_DIGITS = 4,
	FAULTS_DIGITS = 2,
	MBPS_DIGITS = 2,
	OVERSUB_DIGITS = 3, /* milliseconds and MiB */
};

/* The two models the plots set side by side, threads' first. */
static const char *const models[] = { "thread", "process" };
#define NMODELS (sizeof(models) / sizeof(*models))
/* A bar is its value and its low and high ends (tvp_bars_row). */
#define BAR_YLH 3

/* Whether a's figure is above b's (1), below it (-1) or neither (0), by
 * the ranges of their repetitions (min .. max): a single median says
 * nothing about the noise around it. */
static int vs_spreads(const struct tvp_spread *a, const struct tvp_spread *b)
{
	if (a->min > b->max)
		return 1;
	if (a->max < b->min)
		return -1;
	return 0;
}

/* ---- writing ---- */

/* The row of a figure's spread, the repetitions' range as its ends. */
static void plot_spread_row(FILE *dat, double x, const struct tvp_spread *s,
                            int digits)
{
	fprintf(dat, "%.10g %.*f %.*f %.*f\n", x, digits, s->v, digits, s->min,
	        digits, s->max);
}

/* One row of a line plot's data: x, then y and its low and high ends. */
static void plot_row(FILE *dat, double x, double y, double lo, double hi,
                     int digits)
{
	fprintf(dat, "%.10g %.*f %.*f %.*f\n", x, digits, y, digits, lo, digits,
	        hi);
}

/* A column per message size: the headers, then the header's rule, after
 * RULE for the columns before them. */
static void size_columns(FILE *f, const double *sizes, int ns, const char *rule)
{
	for (int s = 0; s < ns; s++)
		fprintf(f, " %.0f B |", sizes[s]);
	fprintf(f, "\n%s", rule);
	for (int s = 0; s < ns; s++)
		fputs("--:|", f);
	fputs("\n", f);
}

/* ---- the sections ---- */

/* The ways of creating a worker that spawn times, in the order of its
 * plots' series and its table's rows. */
static const char *const spawn_variants[] = { "thread", "vfork", "posix_spawn",
	                                      "fork", "fork_exec" };
#define NSPAWN (sizeof(spawn_variants) / sizeof(*spawn_variants))
/* Room for the x tics of every parent size, and for them with a y range. */
#define SPAWN_TICS_LEN  256
#define SPAWN_EXTRA_LEN 300
/* The faults plot's y range over its highest point: room above the lines
 * for the key. */
#define FAULTS_HEADROOM 1.7

/* What the spawn section's parts share: the lines, the parent sizes they
 * were taken at (in order of appearance) and the plots' x tics. */
struct spawn_points {
	const struct tvp_spawns *all;
	double rss[MAX_POINTS];
	int nr;
	char xt[SPAWN_TICS_LEN];
};

/* The line of VARIANT with a parent of RSS MiB, or NULL. */
static const struct tvp_spawn *spawn_line(const struct spawn_points *sp,
                                          const char *variant, double rss)
{
	for (size_t i = 0; i < sp->all->n; i++)
		if (!strcmp(sp->all->v[i].variant, variant) &&
		    sp->all->v[i].parent_rss_mib == rss)
			return &sp->all->v[i];
	return NULL;
}

/* Where a parent size sits on the log-scale x axis: the empty parent at 1. */
static double spawn_x(double rss)
{
	return rss > 0 ? rss : 1;
}

/* The sizes and the x tics, one per size, labelled with the size itself
 * (the empty parent's "0" sits at 1). */
static void spawn_pick(struct spawn_points *sp, const struct tvp_spawns *all)
{
	char *xt = sp->xt;
	size_t len = sizeof(sp->xt);

	sp->all = all;
	sp->nr = tvp_rows_distinct(all->v, all->n, sizeof(*all->v),
	                           offsetof(struct tvp_spawn, parent_rss_mib),
	                           sp->rss, MAX_POINTS);
	snprintf(xt, len, "(");
	for (int r = 0; r < sp->nr; r++)
		snprintf(xt + strlen(xt), len - strlen(xt), "%s\\\"%g\\\" %g",
		         r ? ", " : "", sp->rss[r], spawn_x(sp->rss[r]));
	snprintf(xt + strlen(xt), len - strlen(xt), ")");
}

/* The cost of each variant by the parent's memory. */
static void spawn_cost_plot(FILE *f, const char *dir,
                            const struct spawn_points *sp)
{
	struct tvp_plot p = { 0 };
	char extra[SPAWN_EXTRA_LEN];

	if (tvp_plot_open(&p, dir, "micro-spawn") != 0)
		return;
	for (size_t v = 0; v < NSPAWN; v++) {
		tvp_plot_series(&p, spawn_variants[v]);
		for (int r = 0; r < sp->nr; r++) {
			const struct tvp_spawn *q =
			        spawn_line(sp, spawn_variants[v], sp->rss[r]);

			if (q)
				plot_spread_row(p.dat, spawn_x(sp->rss[r]),
				                &q->us_per_op, SPAWN_US_DIGITS);
		}
	}
	snprintf(extra, sizeof(extra), "xt = \"%s\"\n", sp->xt);
	tvp_plot_close(&p,
	               "spawn: create + wait, by parent memory "
	               "(lower is better)",
	               "parent resident memory (MiB, touched, no THP)",
	               "microseconds per worker (log scale)", 1, 1, extra);
	tvp_plot_embed(f, dir, "micro-spawn", "spawn cost vs parent memory");
}

/* Beside the cost, the page faults of each creation (parent and child):
 * flat with the parent's memory where fork copies its page tables and
 * shares the pages copy-on-write. */
static void spawn_faults_plot(FILE *f, const char *dir,
                              const struct spawn_points *sp)
{
	struct tvp_plot p = { 0 };
	char extra[SPAWN_EXTRA_LEN];
	double top = 1;

	if (tvp_plot_open(&p, dir, "micro-spawn-faults") != 0)
		return;
	for (size_t v = 0; v < NSPAWN; v++) {
		tvp_plot_series(&p, spawn_variants[v]);
		for (int r = 0; r < sp->nr; r++) {
			const struct tvp_spawn *q =
			        spawn_line(sp, spawn_variants[v], sp->rss[r]);
			double mf = q ? q->minflt_per_op : NAN;

			top = q && mf > top ? mf : top;
			if (q && !isnan(mf))
				plot_row(p.dat, spawn_x(sp->rss[r]), mf, mf, mf,
				         FAULTS_DIGITS);
		}
	}
	snprintf(extra, sizeof(extra), "xt = \"%s\"\nset yrange [0:%.0f]\n",
	         sp->xt, top * FAULTS_HEADROOM);
	tvp_plot_close(&p,
	               "spawn: page faults of each creation, by parent "
	               "memory",
	               "parent resident memory (MiB, touched, no THP)",
	               "minor page faults per worker", 1, 0, extra);
	fprintf(f, "![spawn page faults vs parent memory]("
	           "plots/micro-spawn-faults.png)\n\n");
}

/* Whether fork grew with the parent from the first size (f0) to the last
 * (f1), and why; then fork's round split, where the lines have it. */
static void spawn_fork_look(FILE *f, const struct tvp_spawn *f0,
                            const struct tvp_spawn *f1, double rss0,
                            double rss1)
{
	int fork_grew = vs_spreads(&f1->us_per_op, &f0->us_per_op);

	fprintf(f,
	        "**What to look at:** fork + exit + wait takes %.0f us "
	        "with %g MiB touched in the parent and %.0f us with %g "
	        "MiB",
	        f0->us_per_op.v, rss0, f1->us_per_op.v, rss1);
	if (fork_grew > 0)
		fprintf(f,
		        ", %.1fx more: fork copies the page tables and "
		        "marks every page copy-on-write (it copies no "
		        "data, %.0f minor faults per fork). ",
		        f1->us_per_op.v / f0->us_per_op.v, f1->minflt_per_op);
	else
		fputs(fork_grew < 0 ? ", less: the bigger parent forked faster "
		                      "in this run, which fork's work (copying "
		                      "page tables) does not explain; run it "
		                      "again. "
		                    : ": the repetitions' ranges overlap, so "
		                      "this run cannot tell the two apart. ",
		      f);
	/* fork's round split (spawn from 2026-12-06): the parent's return
	 * apart from the child's exit and the wait */
	if (!isnan(f0->fork_us.v) && !isnan(f1->fork_us.v))
		fprintf(f,
		        "Of that round, the parent's return from fork "
		        "takes %.0f us with %g MiB and %.0f us with %g "
		        "MiB; the child's exit and the wait %.0f and "
		        "%.0f us. ",
		        f0->fork_us.v, rss0, f1->fork_us.v, rss1,
		        f0->exit_wait_us.v, f1->exit_wait_us.v);
}

/* What to look at: fork from the first parent size to the last, then a
 * thread and posix_spawn at the last. */
static void spawn_look(FILE *f, const struct spawn_points *sp)
{
	double rss0 = sp->rss[0], rss1 = sp->rss[sp->nr - 1];
	const struct tvp_spawn *f0 = spawn_line(sp, "fork", rss0),
	                       *f1 = spawn_line(sp, "fork", rss1),
	                       *t1 = spawn_line(sp, "thread", rss1),
	                       *s1 = spawn_line(sp, "posix_spawn", rss1), *t0;
	int thread_grew;

	if (!(f0 && f1 && t1 && s1))
		return;
	t0 = spawn_line(sp, "thread", rss0);
	thread_grew = t0 ? vs_spreads(&t1->us_per_op, &t0->us_per_op) : 0;
	spawn_fork_look(f, f0, f1, rss0, rss1);
	fprintf(f,
	        "With %g MiB a thread costs %.1f us (%s) and "
	        "posix_spawn, which shares the parent's memory until "
	        "exec, %.0f us.\n\n",
	        rss1, t1->us_per_op.v,
	        thread_grew > 0   ? "more than with an empty parent"
	        : thread_grew < 0 ? "less than with an empty parent"
	                          : "as much as with an empty parent, "
	                            "within the repetitions' ranges",
	        s1->us_per_op.v);
}

/* Every variant's cost at every parent size. */
static void spawn_table(FILE *f, const struct spawn_points *sp)
{
	fputs("| variant |", f);
	for (int r = 0; r < sp->nr; r++)
		fprintf(f, " %g MiB: us [min, max] |", sp->rss[r]);
	fputs("\n|---|", f);
	for (int r = 0; r < sp->nr; r++)
		fputs("---|", f);
	fputs("\n", f);
	for (size_t v = 0; v < NSPAWN; v++) {
		fprintf(f, "| %s |", spawn_variants[v]);
		for (int r = 0; r < sp->nr; r++) {
			const struct tvp_spawn *q =
			        spawn_line(sp, spawn_variants[v], sp->rss[r]);

			if (q)
				fprintf(f, " %.1f [%.1f, %.1f] |",
				        q->us_per_op.v, q->us_per_op.min,
				        q->us_per_op.max);
			else
				fputs(" - |", f);
		}
		fputs("\n", f);
	}
	fputs("\n", f);
}

static void spawn_section(FILE *f, const struct tvp_folder *fo)
{
	struct spawn_points sp;

	spawn_pick(&sp, &fo->spawn);
	fputs("#### spawn: creating a worker (claim C4)\n\n", f);
	spawn_cost_plot(f, fo->dir, &sp);
	spawn_faults_plot(f, fo->dir, &sp);
	spawn_look(f, &sp);
	spawn_table(f, &sp);
}

/* The last footprint line of variant with workers in phase (NULL: the
 * first in any phase), or NULL. */
static const struct tvp_footprint *foot_line(const struct tvp_footprints *all,
                                             const char *variant,
                                             double workers, const char *phase)
{
	const struct tvp_footprint *hit = NULL;

	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_footprint *q = &all->v[i];

		if (!strcmp(q->variant, variant) && q->workers == workers &&
		    (!phase || !strcmp(q->phase, phase))) {
			hit = q;
			if (!phase)
				break;
		}
	}
	return hit;
}

static void footprint_section(FILE *f, const struct tvp_folder *fo)
{
	const struct tvp_footprints *all = &fo->footprint;
	double ws[8], buf;
	int nw = tvp_rows_distinct(all->v, all->n, sizeof(*all->v),
	                           offsetof(struct tvp_footprint, workers), ws,
	                           8);
	const struct tvp_footprint *pi, *pw, *ti;

	if (nw == 0)
		return;
	buf = all->v[0].buffer_mib;
	fprintf(f, "#### footprint: memory of N workers (claim C4)\n\n");
	pi = foot_line(all, "process", ws[nw - 1], NULL);
	ti = foot_line(all, "thread", ws[nw - 1], NULL);
	pw = foot_line(all, "process", ws[nw - 1], "written");
	if (pi && pw && ti)
		fprintf(f,
		        "**What to look at:** the parent holds a %g MiB buffer. "
		        "Idle, %g processes add %.0f KiB each (page tables, "
		        "kernel bookkeeping: the buffer is shared "
		        "copy-on-write) and %g threads %.0f KiB each. Once each "
		        "worker has written the buffer, every process holds its "
		        "own copy (%.0f KiB each); the threads still share "
		        "one. Memory is the sum of PSS over all processes.\n\n",
		        buf, ws[nw - 1], pi->pss_kib_per_worker, ws[nw - 1],
		        ti->pss_kib_per_worker, pw->pss_kib_per_worker);
	fputs("| workers | threads idle (MiB) | threads written | "
	      "processes idle | processes written |\n|--:|--:|--:|--:|--:|\n",
	      f);
	for (int w = 0; w < nw; w++) {
		fprintf(f, "| %g |", ws[w]);
		for (int v = 0; v < 2; v++)
			for (int ph = 0; ph < 2; ph++) {
				const struct tvp_footprint *q = foot_line(
				        all, v ? "process" : "thread", ws[w],
				        ph ? "written" : "idle");
				double kib = q ? q->pss_kib_total : NAN;
				fprintf(f, " %.1f |", kib / 1024);
			}
		fputs("\n", f);
	}
	fputs("\n", f);
}

/* The message sizes of all, in order of appearance; how many. */
static int ipc_sizes(const struct tvp_ipcs *all, double *out, int max)
{
	return tvp_rows_distinct(all->v, all->n, sizeof(*all->v),
	                         offsetof(struct tvp_ipc, msg_bytes), out, max);
}

/*
 * C7's like-for-like pairs (ipc and ipc.py lines name theirs): at every
 * size, the round trip of one side over the other's, the two differing
 * in one thing: processes over threads, or for pointer_vs_copy copying
 * over not. Nothing where no line names a pair (older folders).
 */
static void pairs_table(FILE *f, const struct tvp_ipcs *all)
{
	char names[8][32];
	double sizes[MAX_SIZES];
	int np = 0, ns = ipc_sizes(all, sizes, MAX_SIZES);

	for (size_t i = 0; i < all->n; i++)
		for (const char *p = all->v[i].pairs; *p;) {
			size_t l = strcspn(p, ",");
			int j = 0;

			while (j < np && (strlen(names[j]) != l ||
			                  strncmp(names[j], p, l)))
				j++;
			if (j == np && np < 8 && l < sizeof(names[0]))
				snprintf(names[np++], sizeof(names[0]), "%.*s",
				         (int)l, p);
			p += l + (p[l] == ',');
		}
	if (np == 0)
		return;
	fputs("Like-for-like pairs: one side's round trip over the other's "
	      "(latency; the two differ in the model only, or for "
	      "`pointer_vs_copy` in the copy only):\n\n| pair | ratio |",
	      f);
	size_columns(f, sizes, ns, "|---|---|");
	for (int j = 0; j < np; j++) {
		bool by_copy = !strcmp(names[j], "pointer_vs_copy");
		const char *top = NULL, *bottom = NULL;
		double r[MAX_SIZES];

		for (int s = 0; s < ns; s++) {
			const struct tvp_ipc *a = NULL, *b = NULL; /* a/b */

			r[s] = NAN;
			for (size_t i = 0; i < all->n; i++) {
				const struct tvp_ipc *q = &all->v[i];
				bool first;

				if (strcmp(q->mode, "latency") ||
				    q->msg_bytes != sizes[s] ||
				    !tvp_in_list(q->pairs, names[j]))
					continue;
				first = by_copy ? q->copies == 1
				                : !strcmp(q->model, "process");
				*(first ? &a : &b) = q;
			}
			if (a && b) {
				top = a->variant;
				bottom = b->variant;
				r[s] = a->us_per_roundtrip.v /
				       b->us_per_roundtrip.v;
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

/* The message size at which the sentence asks whether the copy costs yet. */
#define IPC_BIG_BYTES 4096
/* A round trip at that size below this many times the smallest one's: the
 * copy is not yet what costs. */
#define IPC_WAKE_BOUND 1.5

/* What the ipc section's parts share: the lines, their mechanisms and their
 * message sizes, in order of appearance. */
struct ipc_points {
	const struct tvp_ipcs *all;
	const char *mech[MAX_MECHS];
	double sizes[MAX_SIZES];
	int nm, ns;
};

/* A mechanism's name on the plot, with its model where it has a twin,
 * so that its colour is its model's (threads blue, processes red). */
static const char *ipc_label(const char *mech)
{
	static const char *const names[][2] = {
		{ "threads", "ring (threads)" },
		{ "shm", "ring, shared memory (processes)" },
		{ "pipe_threads", "pipe (threads)" },
		{ "pipe", "pipe (processes)" },
		{ "pointer", "pointer, no copy (one address space)" },
	};

	for (size_t k = 0; k < sizeof(names) / sizeof(*names); k++)
		if (!strcmp(mech, names[k][0]))
			return names[k][1];
	return mech;
}

/* The bandwidth of each mechanism by message size. */
static void ipc_plot(FILE *f, const char *dir, const struct ipc_points *ip)
{
	struct tvp_plot p = { 0 };
	char extra[1024];
	size_t l;

	if (tvp_plot_open(&p, dir, "micro-ipc") != 0)
		return;
	for (int m = 0; m < ip->nm; m++) {
		tvp_plot_series(&p, ipc_label(ip->mech[m]));
		for (size_t i = 0; i < ip->all->n; i++) {
			const struct tvp_ipc *q = &ip->all->v[i];

			if (!strcmp(q->variant, ip->mech[m]) &&
			    !strcmp(q->mode, "bandwidth"))
				plot_spread_row(p.dat, q->msg_bytes, &q->mbps,
				                MBPS_DIGITS);
		}
	}
	l = tvp_size_xtics(ip->sizes, ip->ns, extra, sizeof(extra));
	if (l < sizeof(extra))
		snprintf(extra + l, sizeof(extra) - l,
		         "key = 'below horizontal maxrows 4 samplen 2'\n");
	tvp_plot_close(&p, "ipc: bandwidth by message size (higher is better)",
	               "", "MB/s, one way (log scale)", 1, 1, extra);
	tvp_plot_embed(f, dir, "micro-ipc", "ipc bandwidth");
}

/* The fastest and the slowest round trip among the latency lines at
 * BYTES, the first of each where several tie. */
static void ipc_extremes(const struct tvp_ipcs *all, double bytes,
                         const struct tvp_ipc **best,
                         const struct tvp_ipc **worst)
{
	*best = *worst = NULL;
	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_ipc *q = &all->v[i];
		double us = q->us_per_roundtrip.v;

		if (strcmp(q->mode, "latency") || q->msg_bytes != bytes)
			continue;
		if (!*best || us < (*best)->us_per_roundtrip.v)
			*best = q;
		if (!*worst || us > (*worst)->us_per_roundtrip.v)
			*worst = q;
	}
}

/* What to look at: how far apart the mechanisms are for the smallest
 * messages, and what only threads can do. */
static void ipc_look(FILE *f, const struct ipc_points *ip)
{
	const struct tvp_ipc *best, *worst, *big;

	ipc_extremes(ip->all, ip->sizes[0], &best, &worst);
	if (!best || !worst)
		return;
	big = tvp_ipc_latency(ip->all, best->variant, IPC_BIG_BYTES);
	fprintf(f,
	        "**What to look at:** every mechanism carries the same "
	        "verified bytes. For %g-byte messages the round trip "
	        "takes from %.1f us (%s) to %.1f us (%s)",
	        ip->sizes[0], best->us_per_roundtrip.v, best->variant,
	        worst->us_per_roundtrip.v, worst->variant);
	if (big)
		fprintf(f, "; %s takes %.1f us for %d bytes%s", best->variant,
		        big->us_per_roundtrip.v, IPC_BIG_BYTES,
		        big->us_per_roundtrip.v <
		                        IPC_WAKE_BOUND *
		                                best->us_per_roundtrip.v
		                ? ": for small messages the cost is "
		                  "waking the other side, not the copy"
		                : "");
	fputs(". Processes need not serialise to share data: `shm` "
	      "is two processes sharing memory, with the same ring "
	      "and the same locks as `threads`. ",
	      f);
	for (int m = 0; m < ip->nm; m++)
		if (!strcmp(ip->mech[m], "pointer"))
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

/* The median round trip of every mechanism at every message size. */
static void ipc_table(FILE *f, const struct ipc_points *ip)
{
	fputs("Round-trip latency, microseconds (median):\n\n| mechanism |", f);
	size_columns(f, ip->sizes, ip->ns, "|---|");
	for (int m = 0; m < ip->nm; m++) {
		fprintf(f, "| %s |", ip->mech[m]);
		for (int s = 0; s < ip->ns; s++) {
			const struct tvp_ipc *hit = tvp_ipc_latency(
			        ip->all, ip->mech[m], ip->sizes[s]);

			if (hit)
				fprintf(f, " %.1f |", hit->us_per_roundtrip.v);
			else
				fputs(" - |", f);
		}
		fputs("\n", f);
	}
	fputs("\n", f);
}

static void ipc_section(FILE *f, const struct tvp_folder *fo)
{
	const struct tvp_ipcs *all = &fo->ipc;
	struct ipc_points ip = { .all = all };

	ip.nm = tvp_rows_distinct_str(all->v, all->n, sizeof(*all->v),
	                              offsetof(struct tvp_ipc, variant),
	                              ip.mech, MAX_MECHS);
	ip.ns = ipc_sizes(all, ip.sizes, MAX_SIZES);
	fputs("#### ipc: sharing data (claim C7)\n\n", f);
	ipc_plot(f, fo->dir, &ip);
	ipc_look(f, &ip);
	ipc_table(f, &ip);
	pairs_table(f, all);
}

/*
 * Python's counterpart (ipc.py), where its lines name their pairs (from
 * 2026-12-06; claims.c reads the older ones for C7's verdict): the pairs'
 * table alone.
 */
static void pyipc_section(FILE *f, const struct tvp_folder *fo)
{
	const struct tvp_ipcs *all = &fo->pyipc;
	bool paired = false;

	for (size_t i = 0; i < all->n; i++)
		paired |= all->v[i].format >= 1; /* (it names its pairs) */
	if (!paired)
		return;
	fputs("#### ipc.py: sharing data in Python (claim C7)\n\n", f);
	pairs_table(f, all);
}

/* The ctxsw line of variant on cpus CPUs, or NULL. */
static const struct tvp_ctxsw *ctxsw_find(const struct tvp_ctxsws *all,
                                          const char *variant, double cpus)
{
	for (size_t i = 0; i < all->n; i++)
		if (!strcmp(all->v[i].variant, variant) &&
		    all->v[i].cpus == cpus)
			return &all->v[i];
	return NULL;
}

/* What to look at: a switch between threads against one between processes,
 * on one CPU. Where the process line carries the paired ratio, that is the
 * one statistic quoted, by name; older folders had only the two medians. */
static void ctxsw_look(FILE *f, const struct tvp_ctxsw *t,
                       const struct tvp_ctxsw *p)
{
	fprintf(f,
	        "**What to look at:** on one CPU a pipe round trip is "
	        "two context switches and four pipe calls: %.2f us a half "
	        "round trip between threads, %.2f us between processes ",
	        t->us_per_switch, p->us_per_switch);
	if (!isnan(p->vs_thread.v)) {
		fprintf(f,
		        "(medians); the median of the %g paired process / "
		        "thread ratios is %.2fx",
		        p->reps, p->vs_thread.v);
		/* (too few repetitions for an interval: none given) */
		if (!isnan(p->vs_thread.lo) && !isnan(p->vs_thread.hi))
			fprintf(f, " [%.2f, %.2f]", p->vs_thread.lo,
			        p->vs_thread.hi);
		if (p->format >= 2 && t->format >= 2)
			fprintf(f,
			        ", with %.2f (processes) and %.2f (threads) "
			        "switches per one-way message from both ends' "
			        "counters",
			        p->switches_per_msg, t->switches_per_msg);
		fputs(". ", f);
	} else
		fprintf(f, "(%.2fx). ", p->us_per_switch / t->us_per_switch);
	/* the switches alone, which C8 reads */
	if (!isnan(p->vs_thread_net.v))
		fprintf(f,
		        "The round trip's four pipe calls alone, in one thread "
		        "with no switch, take %.2f us (median); the medians "
		        "less it, a switch with its wake-up takes %.2f us "
		        "between threads and %.2f us between processes; with "
		        "the pipe calls taken out in each rotation, the median "
		        "of the paired ratios is %.2fx, the figure C8 reads",
		        p->us_per_pipe_calls, t->us_per_switch_net,
		        p->us_per_switch_net, p->vs_thread_net.v);
	if (!isnan(p->vs_thread_net.lo))
		fprintf(f, " [%.2f, %.2f]", p->vs_thread_net.lo,
		        p->vs_thread_net.hi);
	if (!isnan(p->vs_thread_net.v))
		fputs(". ", f);
	fputs("On two CPUs each end waits on its own CPU (switched out for "
	      "the idle task, never for the other end); the round trip is "
	      "the time to wake the other core.\n\n",
	      f);
}

/* The same round trip timed by perf in the same run, where it was. */
static void ctxsw_perf_check(FILE *f, const struct tvp_ctxsw *t,
                             const struct tvp_ctxsw *p, const double *pipe_us)
{
	if (isnan(pipe_us[0]))
		return;
	fprintf(f,
	        "Cross-check in the same run: `perf bench sched pipe` "
	        "(the same round trip, both on one CPU) gives %.2f us "
	        "between processes and %.2f us between threads (`-T`), "
	        "against tvp's %.2f and %.2f us.\n\n",
	        pipe_us[0], pipe_us[1], p->us_per_roundtrip.v,
	        t->us_per_roundtrip.v);
}

/* C8's picture: the round trip, threads against processes, on one CPU
 * (two switches and four pipe calls), the same less its pipe calls timed
 * alone where the lines have them (the switches with their wake-ups, the
 * figure C8 reads), and on two CPUs (two wake-ups). */
static void ctxsw_chart(FILE *f, const char *dir, const struct tvp_ctxsws *all)
{
	static const char *const where[] = {
		"one CPU\\ntwo switches\\nfour pipe calls",
		"one CPU\\nless the pipe calls", "two CPUs\\ntwo wake-ups"
	};
	struct tvp_plot pl = { 0 };

	if (tvp_bars_open(&pl, dir, "micro-ctxsw") != 0)
		return;
	for (size_t m = 0; m < NMODELS; m++)
		tvp_bars_series(&pl, models[m]);
	for (size_t k = 0; k < sizeof(where) / sizeof(*where); k++) {
		double v[NMODELS * BAR_YLH];
		bool any = false;

		/* where[k] is on 1, 1 and 2 CPUs; the second less the
		 * pipe calls */
		for (size_t m = 0; m < NMODELS; m++) {
			const struct tvp_ctxsw *x =
			        ctxsw_find(all, models[m], k == 2 ? 2 : 1);
			double less = k == 1 && x ? x->us_per_pipe_calls : 0;

			v[BAR_YLH * m] = x ? x->us_per_roundtrip.v - less : NAN;
			v[BAR_YLH * m + 1] = x ? x->us_per_roundtrip.min - less
			                       : NAN;
			v[BAR_YLH * m + 2] = x ? x->us_per_roundtrip.max - less
			                       : NAN;
			any |= !isnan(v[BAR_YLH * m]);
		}
		if (any)
			tvp_bars_row(&pl, where[k], v);
	}
	tvp_plot_close(&pl,
	               "C8: a pipe round trip, threads against "
	               "processes (lower is better)",
	               "", "microseconds per round trip (log scale)", 0, 1,
	               "key = 'top left'\nset bmargin 5\nset yrange [0.1:*]\n");
	tvp_plot_embed(f, dir, "micro-ctxsw", "ctxsw");
}

/* Every line: the round trip and, where it has one, the switch. */
static void ctxsw_table(FILE *f, const struct tvp_ctxsws *all)
{
	fputs("| variant | CPUs | us per round trip [min, max] | us per "
	      "half round trip | us a switch with its wake-up (pipe calls "
	      "out) |\n|---|--:|---|--:|--:|\n",
	      f);
	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_ctxsw *q = &all->v[i];

		fprintf(f, "| %s | %g | %.2f [%.2f, %.2f] |", q->variant,
		        q->cpus, q->us_per_roundtrip.v, q->us_per_roundtrip.min,
		        q->us_per_roundtrip.max);
		for (int k = 0; k < 2; k++) {
			double v = k ? q->us_per_switch_net : q->us_per_switch;

			if (isnan(v))
				fputs(" - |", f);
			else
				fprintf(f, " %.2f |", v);
		}
		fputc('\n', f);
	}
	fputs("\n", f);
}

static void ctxsw_section(FILE *f, const struct tvp_folder *fo)
{
	const struct tvp_ctxsws *all = &fo->ctxsw;
	const struct tvp_ctxsw *t = ctxsw_find(all, "thread", 1),
	                       *p = ctxsw_find(all, "process", 1);

	fputs("#### ctxsw: switching (claim C8)\n\n", f);
	if (t && p) {
		ctxsw_look(f, t, p);
		ctxsw_perf_check(f, t, p, fo->perf_pipe_us);
		ctxsw_chart(f, fo->dir, all);
	}
	ctxsw_table(f, all);
}

/* The first race line of variant, or NULL. */
static const struct tvp_race *race_find(const struct tvp_races *all,
                                        const char *variant)
{
	for (size_t i = 0; i < all->n; i++)
		if (!strcmp(all->v[i].variant, variant))
			return &all->v[i];
	return NULL;
}

/* The variants of the race lines, in order of appearance; how many. */
static int race_variants(const struct tvp_races *all, const char **out, int max)
{
	return tvp_rows_distinct_str(all->v, all->n, sizeof(*all->v),
	                             offsetof(struct tvp_race, variant), out,
	                             max);
}

/* The share of a line's updates that were lost, in %. */
static double lost_pct(const struct tvp_race *q)
{
	return 100 * q->lost_updates / q->expected_count;
}

/* C9's picture: the share of updates lost, per variant, threads against
 * processes (none lost is the lock working). */
static void race_chart(FILE *f, const char *dir, const struct tvp_races *all)
{
	const char *vs[16];
	int nv = race_variants(all, vs, 16);
	struct tvp_plot pl = { 0 };

	if (nv == 0 || tvp_bars_open(&pl, dir, "micro-race") != 0)
		return;
	for (size_t m = 0; m < NMODELS; m++)
		tvp_bars_series(&pl, models[m]);
	for (int k = 0; k < nv; k++) {
		double v[NMODELS * BAR_YLH];

		for (size_t j = 0; j < NMODELS * BAR_YLH; j++)
			v[j] = NAN;
		for (size_t i = 0; i < all->n; i++) {
			const struct tvp_race *q = &all->v[i];

			if (!strcmp(q->variant, vs[k])) {
				size_t m = strcmp(q->model, "process") == 0;
				double pct = lost_pct(q);

				v[BAR_YLH * m] = v[BAR_YLH * m + 1] =
				        v[BAR_YLH * m + 2] = pct;
			}
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
	               "key = 'top right'\nxrot = 25\n");
	tvp_plot_embed(f, dir, "micro-race", "race");
}

/* What to look at: the updates lost without synchronisation, as threads
 * and as processes, and whether the synchronised variants end exact. */
static void race_unsynced_look(FILE *f, const struct tvp_races *all)
{
	const struct tvp_race *tn = race_find(all, "none"), *pn = NULL;
	double synced_lost = 0;

	/* (did every synchronised variant end exact?) */
	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_race *q = &all->v[i];

		if (strcmp(q->variant, "none"))
			synced_lost += q->lost_updates;
		else if (!strcmp(q->model, "process"))
			pn = q;
	}
	if (!tn || !pn)
		return;
	fprintf(f,
	        "**What to look at:** %g workers adding to one counter "
	        "without synchronisation lost %.0f%% of the updates as "
	        "threads and %.0f%% as processes",
	        tn->workers, lost_pct(tn), lost_pct(pn));
	if (tn->lost_updates > 0 && pn->lost_updates > 0)
		fputs(": a counter in shared memory is shared memory "
		      "either way, and both need the lock. ",
		      f);
	else
		fputs(": where none was lost, the workers did not "
		      "overlap in this run, which shows nothing about "
		      "the lock either way. ",
		      f);
	fputs(synced_lost == 0 ? "The synchronised variants (table) end exact. "
	                       : "**A synchronised variant lost updates too "
	                         "(table): a bug to find.** ",
	      f);
}

/* Packed counters against padded ones, the cost of an increment of each
 * and their ratio, up to the verdict word: moves where the ranges part,
 * else still; the caller opens the sentence and closes the bracket. */
static void packed_vs_padded(FILE *f, const struct tvp_race *pack,
                             const struct tvp_race *pad, const char *one_per,
                             const char *moves, const char *still)
{
	fprintf(f, "%.2f ns per increment, one per %s %.2f ns (%.1fx, %s",
	        pack->ns_per_increment.v, one_per, pad->ns_per_increment.v,
	        pack->ns_per_increment.v / pad->ns_per_increment.v,
	        vs_spreads(&pack->ns_per_increment, &pad->ns_per_increment) > 0
	                ? moves
	                : still);
}

/* Per-worker counters side by side in one cache line against one per
 * line: false sharing, where the packed ones are slower. */
static void race_false_sharing(FILE *f, const struct tvp_races *all)
{
	const struct tvp_race *pad = race_find(all, "per_worker_padded"),
	                      *pack = race_find(all, "per_worker_packed");

	if (!pad || !pack)
		return;
	fputs("Per-worker counters side by side in one cache line take ", f);
	packed_vs_padded(f, pack, pad, "cache line",
	                 "false sharing: the line bounces between cores",
	                 "the repetitions' ranges overlap or the padded ones "
	                 "are slower: no measurable false sharing here");
	fputs(").", f);
}

/* The same counters incremented atomically (race from 2026-12-06): the
 * variant in which the line must move; threads' lines first. */
static void race_atomic(FILE *f, const struct tvp_races *all)
{
	const struct tvp_race *pad = race_find(all, "atomic_padded"),
	                      *pack = race_find(all, "atomic_packed");

	if (!pad || !pack)
		return;
	fprintf(f,
	        " Incremented atomically, which needs the line in the core's "
	        "own cache at every increment, the counters of %g pinned %ss "
	        "side by side take ",
	        pack->workers, pack->model);
	packed_vs_padded(f, pack, pad, "line", "the line moves between cores",
	                 "the repetitions' ranges overlap or the padded ones "
	                 "are slower");
	fprintf(f,
	        "; the workers ran together for %.0f%% and %.0f%% of their "
	        "last run, on %g and %g CPUs).",
	        100 * pack->overlap_frac, 100 * pad->overlap_frac,
	        pack->distinct_cpus, pad->distinct_cpus);
}

/* Every line: its speed, and the count it should have reached and did. */
static void race_table(FILE *f, const struct tvp_races *all)
{
	fputs("| model | variant | ns per increment [min, max] | expected | "
	      "final | lost |\n|---|---|---|--:|--:|--:|\n",
	      f);
	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_race *q = &all->v[i];

		fprintf(f,
		        "| %s | %s | %.2f [%.2f, %.2f] | %.0f | %.0f | "
		        "%.1f%% |\n",
		        q->model, q->variant, q->ns_per_increment.v,
		        q->ns_per_increment.min, q->ns_per_increment.max,
		        q->expected_count, q->final_count, lost_pct(q));
	}
	fputs("\n", f);
}

static void race_section(FILE *f, const struct tvp_folder *fo)
{
	const struct tvp_races *all = &fo->race;

	fputs("#### race: lost updates (claim C9)\n\n", f);
	race_unsynced_look(f, all);
	race_false_sharing(f, all);
	race_atomic(f, all);
	fputs("\n\n", f);
	race_chart(f, fo->dir, all);
	race_table(f, all);
}

/* The oversub line of variant at per workers a CPU, or NULL. */
static const struct tvp_oversub *over_find(const struct tvp_oversubs *all,
                                           const char *variant, double per)
{
	for (size_t i = 0; i < all->n; i++)
		if (!strcmp(all->v[i].variant, variant) &&
		    all->v[i].workers_per_cpu == per)
			return &all->v[i];
	return NULL;
}

/* "1.23x [1.10, 1.40]", or without the interval where the line has
 * none (too few rounds). */
static void est_text(char *out, size_t len, const struct tvp_spread *s)
{
	if (!isnan(s->lo) && !isnan(s->hi))
		snprintf(out, len, "%.2fx [%.2f, %.2f]", s->v, s->lo, s->hi);
	else
		snprintf(out, len, "%.2fx", s->v);
}

/* What to look at, for lines with a share of work per worker: the ratios
 * taken within each round and the conditions they were taken under. */
static void oversub_look(FILE *f, double top, const struct tvp_oversub *t1,
                         const struct tvp_oversub *p1)
{
	char rt[64], rp[64], ct[64], cp[64], pt[64];
	double l2 = p1->l2_kib;

	est_text(rt, sizeof(rt), &t1->vs_one_per_cpu);
	est_text(rp, sizeof(rp), &p1->vs_one_per_cpu);
	est_text(ct, sizeof(ct), &t1->cpu_vs_one_per_cpu);
	est_text(cp, sizeof(cp), &p1->cpu_vs_one_per_cpu);
	est_text(pt, sizeof(pt), &p1->procs_vs_threads);
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
	        p1->share_ms, p1->working_set_kib, top, rt, rp, ct, cp, pt,
	        p1->reps, t1->ivcsw_min_worker, p1->ivcsw_min_worker,
	        t1->ivcsw_per_worker, p1->ivcsw_per_worker,
	        p1->working_set_kib * top);
	if (isnan(l2))
		fputs(" (its L2 is not known)", f);
	else
		fprintf(f, " against its L2 of %g KiB", l2);
	fprintf(f, "; PCID %s.\n\n",
	        p1->pcid == 1   ? "yes"
	        : p1->pcid == 0 ? "no"
	                        : "not known");
}

/* The table, for lines with a share of work per worker. */
static void oversub_table(FILE *f, const struct tvp_oversubs *all)
{
	fputs("| variant | workers | per CPU | ms per share [min, max] | "
	      "CPU ms a share | switched out (least, mean) | memory (MiB, "
	      "PSS) |\n|---|--:|--:|---|--:|--:|--:|\n",
	      f);
	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_oversub *q = &all->v[i];
		/* (lines before shares_per_worker: one share a worker) */
		double shares =
		        !isnan(q->shares_per_worker) ? q->shares_per_worker : 1;

		fprintf(f,
		        "| %s | %g | %g | %.1f [%.1f, %.1f] | %.1f | %g, %.1f | "
		        "%.1f |\n",
		        q->variant, q->workers, q->workers_per_cpu,
		        q->ms_per_share.v, q->ms_per_share.min,
		        q->ms_per_share.max, q->cpu_ms_per_worker / shares,
		        q->ivcsw_min_worker, q->ivcsw_per_worker,
		        q->pss_kib_total / 1024);
	}
	fputs("\n", f);
}

/* What the oversub section's parts share: the lines, the numbers of
 * workers per CPU they were taken at (in order of appearance), and whether
 * they time a share of work for each worker. */
struct oversub_points {
	const struct tvp_oversubs *all;
	double per[MAX_POINTS];
	int np;
	bool share;
};

/* The time of each model by the workers per CPU. Lines that pair each
 * level with the model's own 1 per CPU in every round (vs_one_per_cpu,
 * oversub.c) are drawn as that ratio, the median of the rounds' ratios
 * with its 95% interval: the figure C5's rule reads, beside the rule's
 * line (SLOWS) and no cost (1). Older lines: the medians, with the range
 * of their repetitions. */
static void oversub_time_plot(FILE *f, const char *dir,
                              const struct oversub_points *op)
{
	const struct tvp_oversub *top =
	        op->np ? over_find(op->all, "process", op->per[op->np - 1])
	               : NULL;
	bool paired = op->share && top && !isnan(top->vs_one_per_cpu.v);
	struct tvp_plot p = { 0 };
	char extra[512];

	if (op->np == 0 || tvp_plot_open(&p, dir, "micro-oversub") != 0)
		return;
	for (size_t v = 0; v < NMODELS; v++) {
		tvp_plot_series(&p, models[v]);
		for (int k = 0; k < op->np; k++) {
			const struct tvp_oversub *q =
			        over_find(op->all, models[v], op->per[k]);

			if (!q)
				continue;
			if (!paired)
				plot_spread_row(p.dat, op->per[k],
				                op->share ? &q->ms_per_share
				                          : &q->ms_per_run,
				                OVERSUB_DIGITS);
			else if (k == 0) /* the reference itself */
				plot_row(p.dat, op->per[k], 1, 1, 1,
				         OVERSUB_DIGITS);
			else if (!isnan(q->vs_one_per_cpu.lo))
				plot_row(p.dat, op->per[k], q->vs_one_per_cpu.v,
				         q->vs_one_per_cpu.lo,
				         q->vs_one_per_cpu.hi, OVERSUB_DIGITS);
		}
	}
	if (!paired) {
		tvp_plot_close(&p,
		               op->share ? "oversub: the time for each "
		                           "worker's share of work (lower is "
		                           "better)"
		                         : "oversub: the same work, more "
		                           "workers (lower is better)",
		               "workers per CPU (log scale)",
		               op->share ? "milliseconds per share (a CPU's "
		                           "run over its workers)"
		                         : "milliseconds per run",
		               1, 0, "set yrange [0:*]\n");
		tvp_plot_embed(f, dir, "micro-oversub", "oversubscription");
		return;
	}
	/* points alone: the levels between those measured were not; the
	 * rule's lines (lt 8: the guides' grey): holds from SLOWS,
	 * contradicts below SLOWS/BETTER^2 */
	snprintf(extra, sizeof(extra),
	         "style = 'yerrorbars'\n"
	         "set yrange [0:%g]\n"
	         "set arrow 2 from graph 0, first 1 to graph 1, first 1 "
	         "nohead dt 3 lw 2 lt 8\n"
	         "set arrow 3 from graph 0, first %g to graph 1, first %g "
	         "nohead dt 2 lw 2 lt 8\n"
	         "set arrow 4 from graph 0, first %.2f to graph 1, first %.2f "
	         "nohead dt 4 lw 1 lt 8\n",
	         SLOWS + 0.5, SLOWS, SLOWS, SLOWS / BETTER / BETTER,
	         SLOWS / BETTER / BETTER);
	tvp_plot_close(&p,
	               "oversub: a share at N workers per CPU over its time at "
	               "1, paired by round (rule: 1.5x, 1.24x)",
	               "workers per CPU (log scale)",
	               "time per share / time at 1 per CPU", 1, 0, extra);
	tvp_plot_embed(f, dir, "micro-oversub", "oversubscription");
}

/* Beside the time, what the live workers hold: the memory (PSS) of the
 * program and all its workers, in MiB. */
static void oversub_memory_plot(FILE *f, const char *dir,
                                const struct oversub_points *op)
{
	struct tvp_plot p = { 0 };

	if (op->np == 0 || tvp_plot_open(&p, dir, "micro-oversub-memory") != 0)
		return;
	for (size_t v = 0; v < NMODELS; v++) {
		tvp_plot_series(&p, models[v]);
		for (int k = 0; k < op->np; k++) {
			const struct tvp_oversub *q =
			        over_find(op->all, models[v], op->per[k]);
			double mib = q ? q->pss_kib_total / 1024 : NAN;

			if (q && !isnan(mib))
				plot_row(p.dat, op->per[k], mib, mib, mib,
				         OVERSUB_DIGITS);
		}
	}
	tvp_plot_close(&p, "oversub: the memory the live workers hold",
	               "workers per CPU (log scale)",
	               "MiB (PSS, the program and its workers; log scale)", 1,
	               1, "");
	tvp_plot_embed(f, dir, "micro-oversub-memory",
	               "memory of the live workers");
}

/* What to look at: the most workers per CPU against the fewest, by
 * oversub_look for lines with a share of work per worker; older lines
 * split one total, and their figures stay as they were. */
static void oversub_sentence(FILE *f, const struct oversub_points *op)
{
	double fewest = op->per[0], most = op->per[op->np - 1];
	const struct tvp_oversub *t0 = over_find(op->all, "thread", fewest),
	                         *t1 = over_find(op->all, "thread", most),
	                         *p0 = over_find(op->all, "process", fewest),
	                         *p1 = over_find(op->all, "process", most);

	if (!(t0 && t1 && p0 && p1))
		return;
	if (op->share) {
		oversub_look(f, most, t1, p1);
		return;
	}
	fprintf(f,
	        "**What to look at:** the same work split over "
	        "%gx as many workers as CPUs takes %.2fx the "
	        "time with threads and %.2fx with processes; "
	        "memory grows to %.1f MiB for %g threads and "
	        "%.1f MiB for %g processes.\n\n",
	        most, t1->ms_per_run.v / t0->ms_per_run.v,
	        p1->ms_per_run.v / p0->ms_per_run.v, t1->pss_kib_total / 1024,
	        t1->workers, p1->pss_kib_total / 1024, p1->workers);
}

/* The table, for older lines, which split one total over the workers. */
static void oversub_run_table(FILE *f, const struct tvp_oversubs *all)
{
	fputs("| variant | workers | per CPU | ms per run [min, max] | memory "
	      "(MiB, PSS) |\n|---|--:|--:|---|--:|\n",
	      f);
	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_oversub *q = &all->v[i];

		fprintf(f, "| %s | %g | %g | %.1f [%.1f, %.1f] | %.1f |\n",
		        q->variant, q->workers, q->workers_per_cpu,
		        q->ms_per_run.v, q->ms_per_run.min, q->ms_per_run.max,
		        q->pss_kib_total / 1024);
	}
	fputs("\n", f);
}

static void oversub_section(FILE *f, const struct tvp_folder *fo)
{
	const struct tvp_oversubs *all = &fo->oversub;
	struct oversub_points op = { .all = all };

	op.np = tvp_rows_distinct(all->v, all->n, sizeof(*all->v),
	                          offsetof(struct tvp_oversub, workers_per_cpu),
	                          op.per, MAX_POINTS);
	/* Lines with a share of work for each worker (from 2026-12-06) time
	 * more work at more workers: their time is per share. Older lines
	 * split one total and keep their figures as they were. */
	op.share = op.np > 0 && !isnan(all->v[0].ms_per_share.v);
	fputs("#### oversub: more workers than CPUs (claim C5)\n\n", f);
	oversub_time_plot(f, fo->dir, &op);
	oversub_memory_plot(f, fo->dir, &op);
	if (op.np > 1)
		oversub_sentence(f, &op);
	if (op.share)
		oversub_table(f, all);
	else
		oversub_run_table(f, all);
}

/* A section per benchmark whose lines the folder has, in this order (n:
 * where the folder keeps how many lines it has). */
static const struct {
	size_t n;
	void (*section)(FILE *f, const struct tvp_folder *fo);
} sections[] = {
	{ offsetof(struct tvp_folder, spawn.n), spawn_section },
	{ offsetof(struct tvp_folder, footprint.n), footprint_section },
	{ offsetof(struct tvp_folder, ipc.n), ipc_section },
	{ offsetof(struct tvp_folder, pyipc.n), pyipc_section },
	{ offsetof(struct tvp_folder, ctxsw.n), ctxsw_section },
	{ offsetof(struct tvp_folder, race.n), race_section },
	{ offsetof(struct tvp_folder, oversub.n), oversub_section },
};
#define NSECTIONS (sizeof(sections) / sizeof(*sections))

/* How many lines the folder has of section k's benchmark. */
static size_t lines_of(const struct tvp_folder *fo, size_t k)
{
	size_t n;

	memcpy(&n, (const char *)fo + sections[k].n, sizeof(n));
	return n;
}

int tvp_micro_report(FILE *f, const struct tvp_folder *fo)
{
	bool any = false;

	for (size_t k = 0; k < NSECTIONS; k++)
		any |= lines_of(fo, k) > 0;
	if (!any)
		return 0;
	fputs("### What the two models cost\n\n"
	      "The micro-benchmarks time one operation in a calibrated "
	      "loop (the repetition count grows until one repetition "
	      "lasts long enough for the clock, one warm-up, then the "
	      "median of the repetitions, with the fastest and slowest "
	      "in brackets).\n\n",
	      f);
	for (size_t k = 0; k < NSECTIONS; k++)
		if (lines_of(fo, k) > 0)
			sections[k].section(f, fo);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * The claims' writer: claims.md (a row per claim, the rules, the seeds'
 * makespans), claims.json (the same verdicts for tvp-report publish and
 * compare) and the C1 and C6 plots' data, all from what tvp_claims_judge
 * found (claims.c); nothing here decides anything.
 */
#include "claims.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "jsonl.h"
#include "load.h"
#include "out.h"
#include "plot.h"

/* The C1 chart: C and Python, threads and processes, one plot. */
static void c1_plot(FILE *f, const struct tvp_folder *c)
{
	static const char *const wl[] = { "count", "count", "pycount",
		                          "pycount" };
	static const char *const model[] = { "threads", "procs", "threads",
		                             "procs" };
	static const char *const title[] = { "C threads", "C processes",
		                             "Python threads",
		                             "Python processes" };
	struct tvp_plotfiles pf;
	FILE *d, *v;
	long maxx = 1;
	int series = 0;

	/* no counting runs: no chart to draw, and none left from before */
	for (long i = 0; i < c->n; i++)
		series |= !strcmp(c->pts[i].workload, "count") ||
		          !strcmp(c->pts[i].workload, "pycount");
	if (!series ||
	    tvp_plotfiles_open(&pf, c->dir, "claims-c1", "cpu") != 0) {
		tvp_plotfiles_remove(c->dir, "claims-c1");
		return;
	}
	series = 0;
	d = pf.dat.f;
	v = pf.vars.f;
	/* (a series with no one-core run, as a quick sweep's on more than
	 * one CPU, starts from the serial run: 1x at one core by
	 * definition, and the title says so) */
	bool from_serial = true;
	for (long i = 0; i < c->n; i++)
		from_serial &= !((!strcmp(c->pts[i].workload, "count") ||
		                  !strcmp(c->pts[i].workload, "pycount")) &&
		                 strcmp(c->pts[i].model, "serial") &&
		                 c->pts[i].ncpus == 1);
	fprintf(v, "name = \"count, C and Python%s\"\n",
	        from_serial ? " (1 core: the serial run)" : "");
	for (int s = 0; s < 4; s++) {
		int points = 0;

		for (long i = 0; i < c->n; i++) {
			const struct point *p = &c->pts[i];

			if (strcmp(p->workload, wl[s]) ||
			    strcmp(p->model, model[s]) ||
			    strcmp(p->schedule, "pool"))
				continue;
			if (points++ == 0) {
				fprintf(d, "# %s\n", title[s]);
				if (from_serial)
					fputs("1 1.0000 1.0000 1.0000\n", d);
			}
			fprintf(d, "%ld %.4f %.4f %.4f\n", p->ncpus, p->speedup,
			        p->speedup_low, p->speedup_high);
			maxx = p->ncpus > maxx ? p->ncpus : maxx;
		}
		if (points) {
			fputs("\n\n", d);
			fprintf(v, "T%d = \"%s\"\n", ++series, title[s]);
		}
	}
	fprintf(v,
	        "ncores = %ld\nmaxx = %ld\nN = %d\narray T[N]\narray S[N]\n"
	        "do for [i=1:N] { T[i] = value(sprintf('T%%d', i)); "
	        "S[i] = -1 }\n",
	        c->ncores, maxx > c->ncores ? maxx : c->ncores, series);
	if (tvp_plotfiles_close(&pf) == 0 && series == 0) {
		unlink(pf.dat.path); /* no series: nothing to draw */
		unlink(pf.vars.path);
	} else if (series > 0)
		fprintf(f, "![C1: the counting loop, C and Python]("
		           "plots/claims-c1.png)\n\n");
}

/* A number, or null where it is not known (JSON has no NaN); a whole
 * number of a million or more as an integer, which six significant
 * digits would round (1048576 bytes as 1.04858e6). */
static json_t *num(double v)
{
	if (isnan(v) || isinf(v))
		return json_null();
	if (fabs(v) >= 1e6 && fabs(v) < 9e15 && v == floor(v))
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *figures_json(const struct tvp_figure *f, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(
		        a, json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:s}",
		                     "name", f[i].name, "unit", f[i].unit,
		                     "value", num(f[i].value), "lo",
		                     num(f[i].lo), "hi", num(f[i].hi), "n",
		                     (json_int_t)f[i].n, "interval",
		                     tvp_interval_word(f[i].interval)));
	return a;
}

/* Every outcome a state leaves open, as claims.json names them. */
static json_t *open_json(enum tvp_state s)
{
	static const enum tvp_state one[] = { ST_HOLDS, ST_PARTLY, ST_NOT };
	json_t *a = json_array();

	for (int i = 0; i < 3; i++)
		if (s & one[i])
			json_array_append_new(
			        a, json_string(tvp_state_word(one[i])));
	return a;
}

/* A side's findings: its state (and, not settled, the outcomes still
 * open), figures, conditions and parts. */
static void findings_json(json_t *side, const struct tvp_side *s)
{
	json_t *conds = json_array(), *parts = json_array();

	json_object_set_new(side, "state",
	                    json_string(tvp_state_word(s->state)));
	if (tvp_unsettled(s->state))
		json_object_set_new(side, "open", open_json(s->state));
	else if (s->state & ST_AT) /* the outcomes either side of the line */
		json_object_set_new(side, "between", open_json(s->state));
	json_object_set_new(side, "figures", figures_json(s->fig, s->nfig));
	if (s->rests_on)
		json_object_set_new(side, "rests_on",
		                    json_string(s->fig[s->rests_on - 1].name));
	for (int i = 0; i < s->ncond; i++) {
		const struct tvp_condition *c = &s->cond[i];

		json_array_append_new(
		        conds,
		        json_pack("{s:s, s:s, s:o, s:s, s:o, s:b}", "name",
		                  c->name, "unit", c->unit, "value",
		                  num(c->value), "cmp",
		                  c->cmp == TVP_AT_LEAST ? ">=" : "<=",
		                  "needed", num(c->needed), "met", c->met));
	}
	json_object_set_new(side, "conditions", conds);
	for (int i = 0; i < s->npart; i++) {
		const struct tvp_part *p = &s->part[i];

		json_array_append_new(
		        parts,
		        json_pack("{s:s, s:s, s:o}", "name", p->name, "state",
		                  tvp_state_word(p->state), "figures",
		                  figures_json(p->fig, p->nfig)));
	}
	json_object_set_new(side, "parts", parts);
}

/* A side's key figure: the one its claim's function set, else the
 * evidence's first clause, cut at a word to fit; and as numbers (fig:
 * value, low, high) where the claim gives them. */
static json_t *side_json(const char *k, const char *evidence, const double *fig,
                         const struct tvp_side *fs)
{
	char cut[TVP_KEYLEN];
	size_t n = strcspn(evidence, ";");

	if (*k == '\0') {
		if (n >= sizeof(cut)) {
			n = sizeof(cut) - 5;
			while (n > 0 && evidence[n] != ' ')
				n--;
			snprintf(cut, sizeof(cut), "%.*s ...", (int)n,
			         evidence);
		} else {
			snprintf(cut, sizeof(cut), "%.*s", (int)n, evidence);
		}
		k = cut;
	}
	if (!strncmp(evidence, "not measured", 12))
		k = "";
	json_t *side = json_pack("{s:s, s:s}", "key", k, "evidence", evidence);
	/* the key figure as numbers, for the page's plots across machines */
	if (fig && !isnan(fig[0]))
		json_object_set_new(side, "figure",
		                    json_pack("[f, f, f]", fig[0], fig[1],
		                              fig[2]));
	findings_json(side, fs);
	return side;
}

/* C3's and C6's table: the seeds' Pool(5) experiments, predicted against
 * measured. */
static void makespans(FILE *f, const struct tvp_claims *c)
{
	static const long seed_tasks[] = { 30, 10 };
	static const double seed_s[] = { 6, 4 };
	const double *ms = c->makespan_ms;

	if (isnan(ms[0]))
		return;
	fputs("The seeds' Pool(5) experiments (C3, C6), the sleeps scaled "
	      "from the seeds' 1 s and 2 s to the durations below: predicted "
	      "makespan ceil(tasks / 5) x t against the measured median of "
	      "each model's runs (the experiment says how many; C3's rule "
	      "reads the 30-task one, whose median needs 10 for its "
	      "interval).\n\n| experiment | seed's figure | predicted | C "
	      "threads | C processes | Python threads | Python processes "
	      "|\n|---|--:|--:|--:|--:|--:|--:|\n",
	      f);
	for (int k = 0; k < 2; k++) {
		long tasks = seed_tasks[k];
		double pred = ceil((double)tasks / 5) * ms[k] / 1000;

		fprintf(f,
		        "| Pool(5), %ld x %.0f ms, %ld runs | %.0f s (%ld x "
		        "%.0f s) | %.3f s |",
		        tasks, ms[k], c->makespan_n[k], seed_s[k], tasks,
		        k ? 2.0 : 1.0, pred);
		fprintf(f, " %.3f s | %.3f s | %.3f s | %.3f s |\n",
		        c->makespan_s[k][0], c->makespan_s[k][1],
		        c->makespan_s[k][2], c->makespan_s[k][3]);
	}
	fputs("\n", f);
}

/*
 * C2's picture for a class: at the most cores the folder has, C and
 * Python, threads and processes, each bar as high as its cores, split
 * into the work done (the speedup) and where the rest went, the parts of
 * the accounting (account.h) grouped into four a class can read: starting
 * and creating the workers, idle cores, the workers' own overhead (CPU
 * outside tasks, slowing each other), and the machine (a slower host,
 * steal). A group below zero (tasks that ran faster than alone) is drawn
 * as zero.
 */
static void c2_chart(const struct tvp_folder *fo)
{
	static const char *const wl[] = { "count", "count", "pycount",
		                          "pycount" },
	                         *model[] = { "threads", "procs", "threads",
		                              "procs" },
	                         *label[] = { "C threads", "C processes",
		                              "Python threads",
		                              "Python processes" };
	struct tvp_account a[4];
	bool have[4], any = false;
	struct tvp_plotfiles pf;
	double maxk = 0;

	for (int s = 0; s < 4; s++) {
		const struct point *p = tvp_best_point(fo->pts, fo->n, wl[s],
		                                       model[s]),
		                   *serial =
		                           tvp_serial_of(fo->pts, fo->n, wl[s]);

		have[s] = p && serial && tvp_account(serial, p, &a[s]);
		any |= have[s];
		if (have[s] && a[s].k > maxk)
			maxk = a[s].k;
	}
	if (!any || tvp_plotfiles_open(&pf, fo->dir, "claims-c2", "parts")) {
		tvp_plotfiles_remove(fo->dir, "claims-c2");
		return;
	}
	fputs("# bar S starting idle own machine (cores)\n", pf.dat.f);
	for (int s = 0; s < 4; s++) {
		double part[4];

		if (!have[s])
			continue;
		part[0] = a[s].start_exit + a[s].create;
		part[1] = a[s].idle;
		part[2] = a[s].outside + a[s].shared;
		part[3] = a[s].slower + a[s].steal;
		fprintf(pf.dat.f, "\"%s\" %.4f", label[s], a[s].speedup);
		for (int k = 0; k < 4; k++)
			fprintf(pf.dat.f, " %.4f", part[k] > 0 ? part[k] : 0);
		fputc('\n', pf.dat.f);
	}
	fprintf(pf.vars.f,
	        "title = \"C2: what %g cores bought, counting in C and in "
	        "Python (bar height = cores)\"\nmaxk = %g\n",
	        maxk, maxk);
	tvp_plotfiles_close(&pf);
}

/* C3's picture: the seeds' Pool(5) of sleeping tasks, the makespan
 * ceil(tasks / 5) x t predicts beside what each language and model took
 * (the 95% interval of each median as the whiskers, where its runs are
 * enough for one). */
static void makespan_chart(const struct tvp_folder *fo,
                           const struct tvp_claims *c)
{
	static const char *const label[] = { "predicted", "C threads",
		                             "C processes", "Python threads",
		                             "Python processes" };
	static const long seed_tasks[] = { 30, 10 };
	struct tvp_plot pl = { 0 };
	char group[64];

	if (isnan(c->makespan_ms[0]) ||
	    tvp_bars_open(&pl, fo->dir, "claims-c3") != 0)
		return;
	for (int s = 0; s < 5; s++)
		tvp_bars_series(&pl, label[s]);
	for (int k = 0; k < 2; k++) {
		double pred = ceil((double)seed_tasks[k] / 5) *
		              c->makespan_ms[k] / 1000,
		       v[15] = { pred, pred, pred };

		if (isnan(c->makespan_ms[k]))
			continue;
		for (size_t m = 0; m < 4; m++) {
			v[3 * (m + 1)] = c->makespan_s[k][m];
			v[3 * (m + 1) + 1] = c->makespan_lo[k][m];
			v[3 * (m + 1) + 2] = c->makespan_hi[k][m];
		}
		snprintf(group, sizeof(group), "%ld tasks of %.0f ms",
		         seed_tasks[k], c->makespan_ms[k]);
		tvp_bars_row(&pl, group, v);
	}
	tvp_plot_close(&pl,
	               "C3: Pool(5) of sleeping tasks, predicted against "
	               "measured (lower is better)",
	               "", "seconds for all the tasks", 0, 0,
	               "key = 'below horizontal'\n");
}

/* C6's picture: many small tasks, a worker per task against a pool, for
 * each language and model: on a linear axis from 0 where the bars differ
 * by less than 20x (both languages running the same tasks, a bar's
 * height is then the time itself), on a log axis where they differ by
 * more (folders whose languages ran different task counts: 3.36 s
 * against 8.1 ms), so that no bar vanishes. */
static void pool_chart(const struct tvp_folder *fo, const struct tvp_claims *c)
{
	static const char *const label[] = { "C threads", "C processes",
		                             "Python threads",
		                             "Python processes" };
	struct tvp_plot pl = { 0 };

	if (!c->pool_any || tvp_bars_open(&pl, fo->dir, "claims-c6") != 0)
		return;
	tvp_bars_series(&pl, "a worker per task");
	tvp_bars_series(&pl, "a pool");
	double lo = INFINITY, hi = 0;

	/* (threads where they ran: a quick sweep runs processes alone) */
	for (int k = 0; k < 4; k++)
		if (!isnan(c->pool[k][0])) {
			tvp_bars_row(&pl, label[k], c->pool[k]);
			for (int b = 0; b < 6; b += 3)
				if (c->pool[k][b] > 0) {
					lo = fmin(lo, c->pool[k][b]);
					hi = fmax(hi, c->pool[k][b]);
				}
		}
	bool logy = hi > 20 * lo;

	tvp_plot_close(&pl,
	               "C6: many small tasks, a worker each against a pool "
	               "(lower is better)",
	               "",
	               logy ? "seconds for all the tasks (log scale)"
	                    : "seconds for all the tasks",
	               0, logy, "key = 'top left'\n");
}

/* C7's like-for-like pairs: each a process tool and its thread twin at
 * the same message size, from the program's raw lines. */
static const struct {
	const char *file, *proc, *thread, *title;
} c7_pairs[] = {
	{ "micro-ipc", "shm", "threads",
	  "C: the same shared-memory ring (copies)" },
	{ "micro-ipc", "pipe", "pipe_threads", "C: the same pipes (copy)" },
	{ "micro-pyipc", "mp-queue", "thread-queue-copy",
	  "Python: mp.Queue (pickles) / a queue that copies" },
	{ "micro-pyipc", "mp-pipe", "thread-pipe",
	  "Python: the same Pipe (pickles)" },
	{ "micro-pyipc", "mp-shared-array", "thread-shared-array",
	  "Python: the same shared array (copies)" },
};

/* One pair's points into dat (NULL: only count them): x the message
 * size, y the process side's round trip over the thread side's, paired
 * where the line has it (vs_thread, with its interval), else the
 * quotient of the two medians (no interval); the sizes seen into
 * sizes[]. */
static int pair_points(FILE *dat, const struct tvp_ipcs *lines, int k,
                       double *sizes, int *nsizes)
{
	int n = 0;

	for (size_t i = 0; i < lines->n; i++) {
		const struct tvp_ipc *p = &lines->v[i], *t;
		double b = p->msg_bytes;

		if (strcmp(p->variant, c7_pairs[k].proc) ||
		    tvp_ipc_latency(lines, c7_pairs[k].proc, b) != p ||
		    (t = tvp_ipc_latency(lines, c7_pairs[k].thread, b)) == NULL)
			continue;
		bool paired = !isnan(p->vs_thread.v);
		double v =
		        paired ? p->vs_thread.v
		               : p->us_per_roundtrip.v / t->us_per_roundtrip.v;

		if (dat != NULL)
			fprintf(dat, "%.0f %.4g %.4g %.4g\n", b, v,
			        paired ? p->vs_thread.lo : NAN,
			        paired ? p->vs_thread.hi : NAN);
		int s = 0;
		while (s < *nsizes && sizes[s] != b)
			s++;
		if (s == *nsizes && *nsizes < 16)
			sizes[(*nsizes)++] = b;
		n++;
	}
	return n;
}

/* C7's picture: every pair's process / thread round trip by message
 * size, C solid and Python dashed, with the rule's 2x line. */
static void pairs_chart(const struct tvp_folder *fo)
{
	struct tvp_plot pl = { 0 };
	double sizes[16];
	int nsizes = 0, any = 0;
	char extra[1024];
	size_t l;

	if (tvp_plot_open(&pl, fo->dir, "claims-c7") != 0)
		return;
	for (size_t k = 0; k < sizeof(c7_pairs) / sizeof(*c7_pairs); k++) {
		const struct tvp_ipcs *lines =
		        strcmp(c7_pairs[k].file, "micro-ipc") ? &fo->pyipc
		                                              : &fo->ipc;

		/* (a pair with no point gets no series: gnuplot would
		 * warn of an empty one) */
		if (pair_points(NULL, lines, (int)k, sizes, &nsizes) > 0) {
			tvp_plot_series(&pl, c7_pairs[k].title);
			any += pair_points(pl.dat, lines, (int)k, sizes,
			                   &nsizes);
		}
	}
	/* the sizes as ticks; the rule's line at 2x (lt 8: the guides'
	 * grey) */
	l = tvp_size_xtics(sizes, nsizes, extra, sizeof(extra));
	if (l < sizeof(extra))
		snprintf(
		        extra + l, sizeof(extra) - l,
		        "key = 'below horizontal maxrows 3'\n"
		        "set arrow 2 from graph 0, first 2 to graph 1, first 2 "
		        "nohead dt 3 lw 2 lt 8\n");
	if (any == 0) {
		tvp_plotfiles_close(&pl.files);
		tvp_plotfiles_remove(fo->dir, "claims-c7");
		return;
	}
	tvp_plot_close(&pl,
	               "C7: a round trip, processes over threads, by message "
	               "size (dotted: 2x)",
	               "", "process / thread round trip (log scale)", 1, 1,
	               extra);
}

/* Each claim's verdict and both sides' findings, as claims.json lists
 * them. */
static json_t *claims_json(const struct tvp_claims *c)
{
	json_t *all = json_array();

	for (int k = 0; k < TVP_NCLAIMS; k++) {
		const struct tvp_claim *r = &c->c[k];

		json_array_append_new(
		        all,
		        json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", r->id,
		                  "statement", r->statement, "seeds", r->seeds,
		                  "verdict", tvp_verdict_word(r->verdict), "c",
		                  side_json(r->ck, r->ce, r->cfig, &r->side[0]),
		                  "python",
		                  side_json(r->pk, r->pe, NULL, &r->side[1])));
	}
	return all;
}

/* claims.md's table: a row per claim tested, then the claims not. */
static void claims_rows(FILE *f, const struct tvp_claims *c)
{
	char untested[128] = "";

	fputs("| claim | the seeds say (seed files) | C evidence | Python "
	      "evidence | verdict |\n|---|---|---|---|---|\n",
	      f);
	for (int k = 0; k < TVP_NCLAIMS; k++) {
		const struct tvp_claim *r = &c->c[k];

		/* A run of a few parts (the server alone, say) lists the
		 * claims it did not test in one line, not in empty rows. */
		if (r->verdict == TVP_UNTESTED &&
		    !strncmp(r->ce, "not measured", 12)) {
			size_t l = strlen(untested);
			snprintf(untested + l, sizeof(untested) - l, "%s%s",
			         l ? ", " : "", r->id);
			continue;
		}
		/* the anchor: RESULTS.md links each cell to its row */
		fprintf(f,
		        "| <a id=\"c%s\"></a>%s | %s (%s) | %s | %s | %s |\n",
		        r->id + 1, r->id, r->statement, r->seeds, r->ce, r->pe,
		        tvp_verdict_name(r->verdict));
	}
	if (*untested)
		fprintf(f, "\nNot measured in this run: %s.\n", untested);
}

/* claims.md: the verdicts, the seeds they come from, the rules, and the
 * plots and tables drawn beside them. */
static void claims_md(FILE *f, const struct tvp_folder *fo,
                      const struct tvp_claims *c)
{
	fprintf(f, "### Claims, measured on this machine (`results/%s`)\n\n",
	        fo->base);
	if (fo->nbusy > 0)
		fprintf(f, "%s\n\n", fo->busy);
	claims_rows(f, c);
	fputs("\nThe seeds, by number: 000 `000_68802fce051dc142.txt`, 001 "
	      "`001_48904416439b0a50.txt`, 002 `002_50500f931c9b62cb.txt`, 003 "
	      "`003_adf6b12f831c80b9.txt`, 004 `004_33a5980bb6bdbbab.txt` "
	      "(five Chinese blog posts on Python's threading, "
	      "multiprocessing and concurrent.futures).\n",
	      f);
	fputc('\n', f);
	tvp_claims_rules(f);
	c1_plot(f, fo);
	c2_chart(fo);
	makespans(f, c);
	makespan_chart(fo, c);
	pool_chart(fo, c);
	pairs_chart(fo);
}

/* claims.json: the same verdicts for programs (tvp-report publish,
 * compare); 0, or -1 when it cannot be written. */
static int write_claims_json(const struct tvp_folder *fo, json_t *all)
{
	const char *busy = fo->busy;
	json_t *doc = json_pack("{s:i, s:s, s:s?, s:O}", "schema",
	                        TVP_FINDINGS_VERSION, "folder", fo->base,
	                        "busy", *busy ? busy : NULL, "claims", all);
	struct out o = { 0 };
	int rc = -1;

	if (doc == NULL || tvp_out_open(&o, fo->dir, "claims.json") != 0)
		goto out;
	if (json_dumpf(doc, o.f,
	               JSON_INDENT(1) | JSON_ENSURE_ASCII |
	                       JSON_REAL_PRECISION(6)) != 0) {
		fclose(o.f);
		unlink(o.tmp);
		goto out;
	}
	rc = tvp_out_close(&o);
out:
	json_decref(doc);
	return rc;
}

int tvp_claims_report(const struct tvp_folder *fo)
{
	struct tvp_claims *c = calloc(1, sizeof(*c));
	json_t *all = NULL;
	struct out o = { 0 };
	int rc = -1;

	if (c == NULL || tvp_claims_judge(fo, c) != 0)
		goto out;
	if (tvp_findings_lost())
		fprintf(stderr, "tvp-report: no room for %s in the findings\n",
		        tvp_findings_lost());
	all = claims_json(c);
	if (all == NULL || tvp_out_open(&o, fo->dir, "claims.md") != 0)
		goto out;
	claims_md(o.f, fo, c);
	if (tvp_out_close(&o) == 0)
		rc = write_claims_json(fo, all);
out:
	json_decref(all);
	free(c);
	return rc;
}

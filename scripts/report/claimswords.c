/* SPDX-License-Identifier: MIT */
/*
 * The claims in words: the sentences, key figures and notes that say
 * what claims.c found, each written from the numbers claims.c hands over
 * (or the lines it picked), and the rules as claims.md and RESULTS.md
 * print them. Nothing here judges: a state or a threshold comes in as a
 * number; claims.c and rules.c decide.
 */
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "c10.h"
#include "claimsint.h"
#include "jsonl.h"
#include "out.h"
#include "plot.h"

void tvp_cw_text(char *out, size_t len, const char *s)
{
	snprintf(out, len, "%s", s);
}

void tvp_cw_scaling(char *out, size_t len, char *key, const char *model,
                    long ncpus, double speedup, double lo, double hi)
{
	snprintf(out, len, "%s on %ld cores: speedup %.2fx [%.2f, %.2f]", model,
	         ncpus, speedup, lo, hi);
	snprintf(key, KEYLEN, "%s %.2fx on %ld cores",
	         strcmp(model, "procs") ? model : "processes", speedup, ncpus);
}

void tvp_cw_scaling_busy(char *out, size_t len, char *key, const char *model,
                         long ncpus, const double eff[3])
{
	double k = (double)ncpus;

	/* the key: what the rule judges, the cores its tasks kept busy,
	 * within each run (a speedup compares runs made at different
	 * moments of a host that drifts, and on a noisy one can pass k) */
	snprintf(key, KEYLEN, "%s: %.2f of %ld cores busy",
	         strcmp(model, "procs") ? model : "processes", k * eff[0],
	         ncpus);
	tvp_append(out, len,
	           ", its tasks kept %.2f of %ld cores at work (the model's "
	           "own efficiency %.1f%% [%.1f, %.1f])",
	           k * eff[0], ncpus, 100 * eff[0], 100 * eff[1], 100 * eff[2]);
}

void tvp_cw_scaling_cpu(char *out, size_t len, double parallelism)
{
	tvp_append(out, len, ", CPU time / wall time %.2f", parallelism);
}

void tvp_cw_serial_over_procs(char *out, size_t len, double serial_s,
                              double procs_s)
{
	tvp_append(out, len,
	           "; serial / processes for the same work = %.2f s / %.2f s "
	           "= %.1fx (the seed: 4 min / 1.5 min = 2.7x with 5 "
	           "processes)",
	           serial_s, procs_s, serial_s / procs_s);
}

void tvp_cw_pool5(char *out, size_t len, char *key, double ms, double t,
                  double p, double pred)
{
	/* (as shares of the ideal: the page's cell holds C's and Python's
	 * in ~100 characters) */
	snprintf(key, KEYLEN, "threads %.2fx, processes %.2fx ideal", t / pred,
	         p / pred);
	snprintf(out, len,
	         "Pool(5), 30 x %.0f ms: threads %.3f s, processes %.3f s "
	         "(predicted %.3f s)",
	         ms, t, p, pred);
}

void tvp_cw_io_workers(char *out, size_t len, const char *workload,
                       long workers, double threads_x, double procs_x)
{
	tvp_append(out, len,
	           "; %s at %ld workers: threads %.1fx, processes %.1fx the "
	           "serial throughput",
	           workload, workers, threads_x, procs_x);
}

void tvp_cw_many_key(char *key, long workers, long tasks, double ms,
                     double threads_over_procs)
{
	size_t kl = strlen(key);

	/* the key says the figure the verdict also rests on, and what it
	 * holds: creating that many workers is in it, and how many waits of
	 * how long (more of them would dilute the creation) */
	if (kl >= KEYLEN)
		return;
	if (!isnan(ms) && tasks > 0)
		snprintf(key + kl, KEYLEN - kl,
		         "; %ld waiting, %ld sleeps of %.0f ms: threads %.2fx "
		         "processes', creation included",
		         workers, tasks, ms, threads_over_procs);
	else
		snprintf(key + kl, KEYLEN - kl,
		         "; %ld waiting: threads %.2fx processes', creation "
		         "included",
		         workers, threads_over_procs);
}

void tvp_cw_oversub_cpu(char *ce, size_t len, bool share, double threads,
                        double procs)
{
	if (share)
		tvp_append(ce, len,
		           "; the workers' CPU time a share %.2fx vs %.2fx "
		           "their 1x",
		           threads, procs);
	else
		tvp_append(ce, len,
		           "; the workers' CPU time %.2fx vs %.2fx their 1x",
		           threads, procs);
}

void tvp_cw_pool_size(char *out, size_t len, char *key, double tasks, double ms,
                      double workers)
{
	if (isnan(tasks + ms))
		return;
	tvp_append(out, len, " (%.0f tasks of %.2g ms of CPU each)", tasks, ms);
	if (!isnan(workers))
		tvp_append(key, KEYLEN,
		           " (%.0f tasks of %.2g ms, %.0f workers)", tasks, ms,
		           workers);
}

void tvp_cw_pool(char *out, size_t len, char *key, const double procs[2],
                 double ratio, bool paired, const double *threads)
{
	/* (the ratio the verdict reads: of a round's two runs where the
	 * runs say their round, which for older folders is the quotient of
	 * the medians) */
	snprintf(key, KEYLEN, "processes per-task %.2fx the pool's time",
	         ratio);
	snprintf(out, len,
	         "many small tasks: processes per-task %.3f s vs pool %.3f s "
	         "(%.1fx%s)",
	         procs[0], procs[1], ratio,
	         paired ? ", the median of the rounds' ratios" : "");
	if (threads)
		tvp_append(out, len, "; threads %.3f s vs %.3f s", threads[0],
		           threads[1]);
}

void tvp_cw_pair_size(char *out, size_t len, bool first, double bytes,
                      double ratio)
{
	tvp_append(out, len, "%s%.0f B %.2fx", first ? "" : ", ", bytes, ratio);
}

void tvp_cw_pair_note(char *out, size_t len, struct est e, double partly,
                      double holds, bool open, double open_bytes)
{
	/* the size that holds the verdict open, named (else the largest's
	 * note: what it would take, or the largest effect it leaves) */
	char what[64];

	if (open)
		snprintf(what, sizeof(what), "the ratio at %.0f B", open_bytes);
	tvp_cw_settle_note(out, len, e, partly, holds,
	                   open ? what : "the ratio at the largest message");
}

void tvp_cw_race(char *out, size_t len, char *key, const double threads[2],
                 const double procs[2], const char *locked, bool exact,
                 double workers, double adds)
{
	/* (the run's size after the updates lost, before the lock's: "...%
	 * lost (2 workers, 67.1M adds each); mutex: none") */
	char size[64] = "";

	if (!isnan(workers + adds))
		snprintf(size, sizeof(size),
		         adds >= 1e6 ? " (%.0f workers, %.3gM adds each)"
		                     : " (%.0f workers, %.0f adds each)",
		         workers, adds >= 1e6 ? adds / 1e6 : adds);
	snprintf(key, KEYLEN,
	         "no lock: threads %.0f%%, processes %.0f%% lost%s; %s: %s",
	         100 * threads[0] / threads[1], 100 * procs[0] / procs[1], size,
	         locked, exact ? "none" : "STILL LOST");
	snprintf(out, len,
	         "no lock: threads lost %.0f%%, processes %.0f%% of the "
	         "updates; with the %s: %s",
	         100 * threads[0] / threads[1], 100 * procs[0] / procs[1],
	         locked, exact ? "none lost" : "STILL LOST");
}

void tvp_cw_bound(char *ev, size_t len, const char *name, double hi)
{
	tvp_append(ev, len,
	           "; the largest effect this run leaves possible: %s at most "
	           "%.3gx",
	           name, hi);
}

void tvp_cw_unmet(char *ev, size_t len, const struct tvp_side *s)
{
	tvp_append(ev, len,
	           "; *not measured*: the experiment did not meet its "
	           "conditions:");
	for (int i = 0, n = 0; i < s->ncond; i++) {
		const struct tvp_condition *c = &s->cond[i];
		char v[32] = "not recorded";

		if (c->met)
			continue;
		if (!isnan(c->value))
			snprintf(v, sizeof(v), "%.3g", c->value);
		if (!strcmp(c->unit, "bool")) {
			tvp_append(ev, len, "%s %s: no", n++ ? ";" : "",
			           tvp_cond_words(c->name));
			continue;
		}
		tvp_append(ev, len, "%s %s %s (needs %s %g)", n++ ? ";" : "",
		           tvp_cond_words(c->name), v,
		           c->cmp == TVP_AT_LEAST ? "at least" : "at most",
		           c->needed);
	}
}

/*
 * Where e's interval straddles a threshold, say so, and the one number
 * that would settle it: how narrow (+-%) the interval must become.
 */
void tvp_cw_settle_note(char *out, size_t len, struct est e, double partly,
                        double holds, const char *what)
{
	/* (the line the interval straddles; at a line, the one it is at) */
	double t = e.lo < holds && e.hi >= holds ? holds : partly;
	size_t l = strlen(out);

	if (!tvp_precise(e)) {
		snprintf(out + l, len - l,
		         "; *not settled*: %s rests on %ld rounds or "
		         "repetitions%s, and a verdict needs an interval over "
		         "at least %d",
		         what, e.n, e.iv == IV_NONE ? " with no interval" : "",
		         MIN_ROUNDS);
		return;
	}
	enum tvp_state s = tvp_judge(e.lo, e.hi, partly, holds);

	if (s & ST_AT && !tvp_unsettled(s)) {
		t = tvp_at_line(s, e.lo, e.hi, partly, holds);
		snprintf(out + l, len - l,
		         "; *at the threshold*: %s [%.3g, %.3g] lies within "
		         "%.0f%% of %.3g, measured at the line the rule draws",
		         what, e.lo, e.hi, 100 * TVP_AT_BAND, t);
		return;
	}
	if (!tvp_unsettled(s))
		return;
	snprintf(out + l, len - l,
	         "; *not settled*: %s [%.3g, %.3g] straddles %.3g, an "
	         "interval within +-%.1f%% would settle it",
	         what, e.lo, e.hi, t, 100 * fabs(e.v - t) / e.v);
}

void tvp_cw_corners_note(char *out, size_t len, enum tvp_state s)
{
	size_t l = strlen(out);

	if (tvp_unsettled(s))
		snprintf(out + l, len - l,
		         "; *not settled*: within the runs' spread the rule "
		         "reads both ways, more runs may settle it");
}

/* C4's key and sentence in C: r the fork/thread ratio, kept the share of
 * the buffer an idle child holds. */
void tvp_cw_spawn(struct ctx *c, char *ce, size_t len,
                  const struct spawn_lines *l, double r, double kept)
{
	const char *thp = tvp_jstr(c->machine, "thp");

	/* (the timed loop holds fork, the child's _exit and the parent's
	 * wait: "fork+reap", with fork's own return beside it) */
	snprintf(c->ck, KEYLEN,
	         "fork+reap %.0f us, thread %.1f us (%.0fx paired), %g MiB "
	         "parent",
	         l->fork->us_per_op.v, l->thread->us_per_op.v, r,
	         l->fork->parent_rss_mib);
	snprintf(
	        ce, len,
	        "fork %.0f us vs thread %.1f us (%.0fx paired) with %g MiB in the "
	        "parent; an idle child holds %.1f%% of a %g MiB buffer until "
	        "it writes it",
	        l->fork->us_per_op.v, l->thread->us_per_op.v, r,
	        l->fork->parent_rss_mib, 100 * kept, l->idle->buffer_mib);
	if (!isnan(l->fork->fork_us.v))
		tvp_append(
		        ce, len,
		        " (the fork figure is fork, the child's exit and the "
		        "parent's wait: fork's own return took %.0f us, the "
		        "exit and wait %.0f us)",
		        l->fork->fork_us.v, l->fork->exit_wait_us.v);
	if (l->written)
		tvp_append(
		        ce, len,
		        "; writing it, a child took %.0f page faults for %.0f "
		        "pages (copy-on-write: the kernel copies each page "
		        "written)",
		        l->written->cow_minflt_per_worker,
		        l->written->pages_per_worker);
	/* what fork copies depends on huge pages: say which */
	if (*thp)
		tvp_append(ce, len, " (transparent huge pages: %s)", thp);
}

/* C4's key and sentence in Python, from the same lines. */
void tvp_cw_pyspawn(struct ctx *c, char *pe, size_t len,
                    const struct tvp_spawn *fork,
                    const struct tvp_spawn *thread,
                    const struct tvp_spawn *spawn, double r)
{
	/* (each cost with its conditions: the parent's size, the start
	 * method) */
	snprintf(c->pk, KEYLEN,
	         "Process %.0f us, Thread %.0f us (%.0fx paired), fork, "
	         "%g MiB parent",
	         fork->us_per_op.v, thread->us_per_op.v, r,
	         fork->parent_rss_mib);
	snprintf(pe, len,
	         "Process (fork) %.0f us vs Thread %.0f us (%.0fx paired) with "
	         "%g MiB in the parent; the spawn start method %.0f us",
	         fork->us_per_op.v, thread->us_per_op.v, r,
	         fork->parent_rss_mib, spawn ? spawn->us_per_op.v : NAN);
}

/* C5's key and first sentence: rt and rp each model's time at the most
 * workers per CPU over its time at one. */
void tvp_cw_oversub(struct ctx *c, char *ce, size_t len,
                    const struct oversub *o, double rt, double rp)
{
	snprintf(c->ck, KEYLEN, "%gx per CPU: threads %.2fx, processes %.2fx",
	         o->p1->workers_per_cpu, rt, rp);
	snprintf(ce, len,
	         "%gx workers per CPU: threads %.2fx the time, processes "
	         "%.2fx; memory %.1f vs %.1f MiB",
	         o->p1->workers_per_cpu, rt, rp, o->t1->pss_kib_total / 1024,
	         o->p1->pss_kib_total / 1024);
}

/* Live workers' preemptions, and what creating them took outside the
 * figure. */
void tvp_cw_oversub_switches(char *ce, size_t len, const struct oversub *o)
{
	tvp_append(
	        ce, len,
	        "; involuntary switches per worker %.1f vs %.1f (1x: %.1f vs "
	        "%.1f); creating them, not timed: %.1f vs %.1f ms a run",
	        o->t1->ivcsw_per_worker, o->p1->ivcsw_per_worker,
	        o->t0->ivcsw_per_worker, o->p0->ivcsw_per_worker,
	        o->t1->create_ms_per_run, o->p1->create_ms_per_run);
}

/* Why a folder that timed whole runs is not judged. */
void tvp_cw_whole_runs(char *ce, size_t len)
{
	tvp_append(
	        ce, len,
	        "; not judged: this folder timed whole runs, so creating the "
	        "workers (C4's lesson) is inside the figure; C5 is judged on "
	        "the release of created workers to the last one's end (sweeps "
	        "from 2026-12-04)");
}

/* Why a folder whose workers ended when done bounds the effect only from
 * above; judged: it stands as "does not hold". */
void tvp_cw_early_exit(char *ce, size_t len, bool judged)
{
	tvp_append(
	        ce, len,
	        "; %sthis folder's workers ended as soon as they were done, "
	        "so a process's exit was inside the figure, which then only "
	        "bounds the effect from above (later sweeps keep every worker "
	        "alive until the last is done)",
	        judged ? "" : "not judged: ");
}

/*
 * What sharing an address space buys: at the largest message, the
 * bandwidth of threads handing over a pointer (nothing copied) beside the
 * copying ring between threads and between processes (shm).
 */
void tvp_cw_ptr(const struct tvp_ipcs *ipc, char *out, size_t len)
{
	const struct tvp_ipc *bw[3] = { NULL };
	static const char *const v[3] = { "pointer", "threads", "shm" };
	size_t l = strlen(out);

	for (size_t i = 0; i < ipc->n; i++) {
		const struct tvp_ipc *q = &ipc->v[i];

		for (int k = 0; k < 3; k++)
			if (!strcmp(q->mode, "bandwidth") &&
			    !strcmp(q->variant, v[k]))
				bw[k] = q; /* the largest message last */
	}
	if (bw[0] == NULL || bw[1] == NULL || bw[2] == NULL)
		return;
	snprintf(out + l, len - l,
	         "; what only threads can do, hand over a pointer: %.0f MB/s "
	         "at %.0f bytes, against %.0f MB/s copying between threads "
	         "and %.0f between processes",
	         bw[0]->mbps.v, bw[0]->msg_bytes, bw[1]->mbps.v, bw[2]->mbps.v);
}

/* C7's key for one side: its ratio at the smallest and the largest
 * message, each with its size, and between them, in the order of the
 * sizes, the highest where it stands BETTER above both ends ("mp.Queue
 * 1.9x (8 B), 6.1x (256 KiB), 4.1x (1 MiB) a copying thread queue"): a
 * key that named the ends alone hid a peak in the middle. */
void tvp_cw_pair_key(char *key, const char *what, int digits,
                     struct tvp_side *fs, const char *of)
{
	/* the ends of the ladder, and the highest and lowest ratios where
	 * they lie between them and stand BETTER apart from both ends */
	static const char *const sizes[4] = { "smallest_size_bytes",
		                              "least_size_bytes",
		                              "most_size_bytes",
		                              "largest_size_bytes" },
	                         *ratios[4] = { "process_over_thread_smallest",
		                                "process_over_thread_least",
		                                "process_over_thread_most",
		                                "process_over_thread" };
	double b[4], v[4];
	int pick[4] = { 0, 0, 0, 0 }, np = 0;

	for (int k = 0; k < 4; k++) {
		const struct tvp_figure *sb = tvp_fig_get(fs, sizes[k]),
		                        *rv = tvp_fig_get(fs, ratios[k]);

		b[k] = sb ? sb->value : NAN;
		v[k] = rv ? rv->value : NAN;
	}
	double hi = v[0] > v[3] ? v[0] : v[3], lo = v[0] < v[3] ? v[0] : v[3];
	const bool inner[4] = {
		true, b[1] != b[0] && b[1] != b[3] && v[1] * BETTER < lo,
		b[2] != b[0] && b[2] != b[3] && v[2] > BETTER * hi, true
	};

	for (int k = 0; k < 4; k++)
		if (inner[k] && !isnan(v[k]))
			pick[np++] = k;
	/* in size order (the least and the most may come either way) */
	if (np == 4 && b[pick[1]] > b[pick[2]]) {
		int t = pick[1];

		pick[1] = pick[2];
		pick[2] = t;
	}
	size_t w = (size_t)snprintf(key, KEYLEN, "%s ", what);
	for (int j = 0; j < np && w < KEYLEN; j++) {
		char size[32];

		tvp_size_tick(b[pick[j]], size, sizeof(size));
		w += (size_t)snprintf(key + w, KEYLEN - w, "%s%.*fx (%s)",
		                      j == 0    ? ""
		                      : np == 2 ? " to "
		                                : ", ",
		                      digits, v[pick[j]], size);
	}
	if (w < KEYLEN)
		w += (size_t)snprintf(key + w, KEYLEN - w, " %s", of);
	if (w >= KEYLEN) /* (a cell's words, cut: the figures stand) */
		key[KEYLEN - 1] = '\0';
}

/* What page-table isolation (pti, as machine.json says it) does to a
 * switch of address space. */
static const char *pti_effect(const char *pti)
{
	if (!strcmp(pti, "on, without PCID"))
		return ": each switch of address space flushes the TLB";
	return !strncmp(pti, "on", 2)
	               ? ": PCID keeps the TLB across address spaces"
	               : "";
}

/* C8's key, in words and as numbers, and its sentence, from the same
 * lines and ratio as its figures. */
void tvp_cw_ctxsw(struct ctx *c, char *ce, size_t len,
                  const struct tvp_ctxsw *p, const struct tvp_ctxsw *t,
                  struct est r, const struct est *net, double ps, double ts)
{
	const char *pti = tvp_jstr(c->machine, "page_table_isolation");

	/* (PTI decides it: the condition with the number; the figure the
	 * verdict reads: the switches alone where the line has them) */
	if (net)
		snprintf(c->ck, KEYLEN,
		         "a switch with its wake-up, pipe calls taken out: "
		         "processes %.2fx threads', PTI %s",
		         net->v, *pti ? pti : "not recorded");
	else
		snprintf(c->ck, KEYLEN,
		         "a round trip of two switches, processes %.2fx "
		         "threads', PTI %s",
		         r.v, *pti ? pti : "not recorded");
	snprintf(ce, len,
	         "one CPU: %.2f us per half round trip between processes, "
	         "%.2f us between threads, a switch and its pipe calls "
	         "(%.2fx [%.2f, %.2f])",
	         p->us_per_switch, t->us_per_switch, r.v, r.lo, r.hi);
	if (net) {
		tvp_append(ce, len,
		           "; the round trip's four pipe calls alone, in one "
		           "thread with no switch, %.2f us (median); the "
		           "medians less it, a switch with its wake-up takes "
		           "%.2f us between processes and %.2f us between "
		           "threads; each rotation's ratio with its pipe calls "
		           "taken out: %.2fx",
		           p->us_per_pipe_calls, p->us_per_switch_net,
		           t->us_per_switch_net, net->v);
		if (!isnan(net->lo) && !isnan(net->hi))
			tvp_append(ce, len, " [%.2f, %.2f]", net->lo, net->hi);
	}
	if (p->format >= 1)
		tvp_append(
		        ce, len,
		        "; the partner was switched out %.2f (process) and %.2f "
		        "(thread) times a round trip",
		        ps, ts);
	if (*pti)
		tvp_append(ce, len, "; page-table isolation %s%s", pti,
		           pti_effect(pti));
}

/*
 * Padded against packed per-worker counters (false sharing), threads: the
 * time an increment takes and, where the machine counts them, its cycles.
 * Software counters cannot see a cache line move between cores, so
 * without a PMU the time is all there is, and the evidence says so.
 */
void tvp_cw_sharing(const struct tvp_races *all, char *out, size_t len)
{
	/* the atomic variants, one pinned worker a CPU, where the line
	 * must move at every increment; lines from before them, the plain
	 * per-worker counters (whose line need not move) */
	const struct tvp_race *pad = tvp_race_pick(all, "atomic_padded",
	                                           "thread"),
	                      *pack = tvp_race_pick(all, "atomic_packed",
	                                            "thread");
	const char *what = "atomic per-worker counters";
	size_t l = strlen(out);

	if (!pad || !pack) {
		pad = tvp_race_pick(all, "per_worker_padded", "thread");
		pack = tvp_race_pick(all, "per_worker_packed", "thread");
		what = "plain per-worker counters (a store the line need not "
		       "leave the core for)";
	}
	if (!pad || !pack)
		return;
	snprintf(out + l, len - l,
	         "; %s, padded %.2f ns vs packed on one cache line %.2f ns "
	         "an increment",
	         what, pad->ns_per_increment.v, pack->ns_per_increment.v);
	l = strlen(out);
	if (!isnan(pad->cycles_per_op))
		snprintf(out + l, len - l, " (%.0f vs %.0f cycles a run)",
		         pad->cycles_per_op, pack->cycles_per_op);
	else if (pad->format >= 1) /* (null: no PMU) */
		snprintf(out + l, len - l,
		         " (no cycle counts on this machine, and software "
		         "counters cannot see a cache line move)");
}

/* How the two sides combine into a verdict, and when a figure is settled
 * enough to judge. */
static void rules_combining(FILE *f)
{
	fprintf(f,
	        "How a verdict is reached: each language's evidence supports "
	        "the claim, supports it partly, or contradicts it; both "
	        "support it: *holds*; C contradicts it and Python supports "
	        "it: *holds for Python only*; both contradict it: *does not "
	        "hold*; anything else: *holds partly*. A figure is judged on "
	        "its interval: the exact 95%% interval of a median from order "
	        "statistics (`bench/lib/interval.h`), over the rounds of the "
	        "sweep (each speedup a ratio within one round), the "
	        "repetitions of a micro-benchmark (each ratio paired within "
	        "one) or the runs of the seeds' experiments. A figure over "
	        "fewer than %d of them, or with no interval, is *not "
	        "settled*, never a point (C9's lost updates are counted "
	        "exactly, every one: a count needs no interval); where an interval straddles a "
	        "threshold, that side is *not settled*, and so is the "
	        "verdict unless every way it could settle gives the same "
	        "one; an interval that lies within %.0f%% of a threshold, "
	        "both ends, whether it straddles the line or sits just to "
	        "one side of it, is *at the threshold*, a settled outcome "
	        "(the figure is at the line, measured; which side of it a "
	        "run lands on is the run's noise), and so is the verdict "
	        "where it turns on that side (a rule on one figure's "
	        "interval; C3's Pool(5) test and C5, which read two "
	        "figures' intervals at once, and C10, which reads its "
	        "rounds, have no such band).\n\n",
	        MIN_ROUNDS, 100 * TVP_AT_BAND);
}

/* The table of rules, a row per claim with its thresholds. */
static void rules_table(FILE *f)
{
	fputs("| claim | what is measured | supports the claim when | the "
	      "rule (`scripts/report/rules.c`) |\n|---|---|---|---|\n",
	      f);
	fprintf(f,
	        "| C1 | threads' own efficiency e on k cores (tasks' CPU time "
	        "over the core time the machine gave) | threads gain nothing: "
	        "the gain over one core (k e - 1) / (k - 1) at most %.0f%%; "
	        "contradicts from %.0f%% | `tvp_rule_scaling` |\n",
	        100 * TVP_NO_GAIN, 100 * TVP_USES_CORES);
	fprintf(f,
	        "| C2 | the same for processes | the gain at least %.0f%%; "
	        "contradicts at %.0f%% or less | `tvp_rule_scaling` |\n",
	        100 * TVP_USES_CORES, 100 * TVP_NO_GAIN);
	fprintf(f,
	        "| C3 | the seeds' Pool(5), 30 sleeping tasks: the makespan; "
	        "and the sleep runs at the most workers, creating them "
	        "included | threads within %.0f%% of ceil(30 / 5) x t (else "
	        "contradicts), and at the most workers threads' throughput "
	        "%.0f%% ahead of processes' (level: partly; as far behind: "
	        "contradicts) | `tvp_rule_pool5`, `tvp_rule_many_waiting` |\n",
	        100 * (BETTER - 1), 100 * (BETTER - 1));
	fprintf(f,
	        "| C4 | creating a worker; an idle child's memory | fork from "
	        "%.0fx a thread's cost, and the child holding %.0f%% of the "
	        "parent's buffer (costlier only: partly) | `tvp_rule_creation`, "
	        "`tvp_rule_copies` |\n",
	        COSTLIER, 100 * COPIES);
	fprintf(f,
	        "| C5 | live workers: the gate's release to the last one done, "
	        "64 per CPU against 1 | processes from %.1fx, threads below "
	        "it; contradicts below %.2fx | `tvp_rule_oversub` |\n",
	        SLOWS, SLOWS / BETTER / BETTER);
	fprintf(f,
	        "| C6 | many small tasks, a worker per task against a pool | "
	        "the pool from %.1fx faster (faster, less: partly; slower: "
	        "contradicts) | `tvp_rule_pool` |\n",
	        POOL_GAIN);
	fprintf(f,
	        "| C7 | a message's round trip, processes against threads | "
	        "Python: processes %.0fx or more behind threads (less: "
	        "partly); C: behind as far, partly at most (processes sharing "
	        "memory need not serialise flat bytes: the ring copies them "
	        "in both; less contradicts) | `tvp_rule_pair`, "
	        "`tvp_rule_across_sizes` |\n",
	        SHARES);
	fprintf(f,
	        "| C8 | a switch with its wake-up: a pipe round trip on one "
	        "CPU (two switches) less its four pipe calls, timed alone "
	        "(older folders: the round trip) | a process "
	        "switch from %.1fx a thread's (partly from %.1fx) | "
	        "`tvp_rule_switch` |\n",
	        SWITCH_MORE, SWITCH_SOME);
	fputs("| C9 | updates lost by workers adding to one counter | lost "
	      "without the lock, by threads and processes, none with it | "
	      "`tvp_rule_race` |\n",
	      f);
	fprintf(f,
	        "| C10 | the server models on equal terms: the same "
	        "connections and offered rates, blocking shapes with a worker "
	        "a connection | in parts: a fault ends one event worker but "
	        "the whole threads server; on a mix that waits, an event loop "
	        "that does not keep up (answered under 99%% of the offered "
	        "rate, or p99 over the target) where processes x threads do, "
	        "or whose knee is under %.0f%% of theirs; on reads from the "
	        "disk, the same against the loop with aio threads | "
	        "`tvp_c10_judge` (`c10.c`) |\n\n",
	        100 * TVP_KEEPS_UP);
}

/* The conditions each claim's experiment must meet before its verdict. */
static void rules_conditions(FILE *f)
{
	fprintf(f,
	        "Conditions before verdicts: an experiment can only show an "
	        "effect its conditions allow, so each side first shows that "
	        "they held, measured in the same run; a side that fails one "
	        "is *not measured*, naming the condition, and so is the "
	        "claim (C10's conditions are its parts': a part that fails "
	        "one is not measured, and the claim is judged on the "
	        "others). C1/C2: at least %d tasks and %.2f s of work per "
	        "worker, the last worker starting its first task at most "
	        "%.0f%% of the run after the first. C3: "
	        "at least %d tasks per worker (at the most workers: the tasks "
	        "the median worker ran, and %.0f%% of the workers running "
	        "one). C4: the parent's memory and "
	        "its huge pages recorded (Python: the start method). C5: the "
	        "typical round's least-preempted worker at the most workers "
	        "per CPU "
	        "preempted at least %d times, and the workers of one CPU "
	        "holding more memory than its L2 cache (PCID recorded). C6: "
	        "the pool running at least %.2f s, creating its workers at "
	        "most %.0f%% of it, the same tasks in C and Python with work "
	        "per task within %.0fx. C7: both ends of each pair sending "
	        "the same size with the same copy semantics (Python: each "
	        "repetition at least %d ms long). C8: the partner "
	        "switched out every round trip (at least %.2f a round trip). "
	        "C9: all the workers running at once for at least %.0f%% of "
	        "the time until the first was done.\n\n",

	        TASKS_PER_WORKER, WORK_PER_WORKER_S, 100 * CREATION_IN_WINDOW,
	        IO_TASKS_PER_WORKER, 100 * WORKERS_BUSY, PREEMPTED, POOL_RUN_S,
	        100 * POOL_CREATION, SAME_WORK, REP_MS, SWITCHES_PER_TRIP,
	        100 * OVERLAP);
}

/* The rules, as claims.md and RESULTS.md print them: how the two sides
 * combine, then a row per claim with its threshold, from the constants
 * above (never typed in twice), then the conditions before verdicts. */
void tvp_claims_rules(FILE *f)
{
	rules_combining(f);
	rules_table(f);
	rules_conditions(f);
}

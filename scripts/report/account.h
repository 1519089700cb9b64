/* SPDX-License-Identifier: MIT */
/*
 * Where the missing speedup went: one configuration's k - S split into
 * parts that add up, from the run's own figures (bench/lib/account.c)
 * and hyperfine's, against the serial run of the same workload.
 */
#ifndef TVP_REPORT_ACCOUNT_H
#define TVP_REPORT_ACCOUNT_H

#include <stdbool.h>
#include <stdio.h>

#include "results.h"
#include "stats.h"

struct tvp_account {
	double k;       /* cores the run had */
	double speedup; /* S = T1 / Tk, medians of hyperfine's times */
	double missing; /* k - S */
	/*
	 * The parts of k - S, in cores; they add up to missing exactly:
	 *   start_exit  process start and exit beyond the serial run's own
	 *               time outside its tasks
	 *   create      creating the workers (the parent's time, k times)
	 *   idle        cores neither running the program nor stolen:
	 *               late starts, imbalance, waiting for the last worker
	 *   outside     CPU time spent outside tasks: dispatch,
	 *               synchronisation, spinning, an interpreter's work
	 *   shared      the same tasks took more CPU than serially because
	 *               the workers share something: the memory bus,
	 *               caches, an SMT sibling (a real effect of running in
	 *               parallel)
	 *   slower      ... and because the host gave slower cores: as much
	 *               as the control, the register-only counting kernel of
	 *               the same language at the same model and core count in
	 *               the same run (count, pycount), slowed against its own
	 *               serial run; it shares nothing, so its slowdown is the
	 *               host's (for the control itself, all of it)
	 *   steal       time the hypervisor took from the run's CPUs
	 * Without the control in the folder the slowdown is not split: split
	 * is false, shared 0 and slower the whole.
	 */
	double start_exit, create, idle, outside, shared, slower, steal;
	bool split;
	/* The model's own efficiency, task CPU / (k x wall - steal), per
	 * round: what the model did with the cores the machine gave it. */
	struct tvp_summary eff;
};

/*
 * The account of p against its serial run. false (a left untouched)
 * when either lacks the figures (a folder from before them) or p is
 * serial.
 */
bool tvp_account(const struct point *serial, const struct point *p,
                 struct tvp_account *a);

/*
 * The points every account takes its control from (all of a folder's):
 * set once before the accounts are drawn; NULL, 0: no control, nothing
 * split.
 */
void tvp_account_controls(const struct point *all, long n);

/* The model's own efficiency alone: each run's task time over the CPU
 * time it had (k x run_s less steal), a ratio within the run; the median
 * and its order-statistic interval over the runs that kept their line
 * (out->n; one a round), NAN ends under 6. False when a line lacks the
 * figures. */
bool tvp_model_efficiency(const struct point *p, struct tvp_summary *out);

/*
 * For one cpu- or memory-bound workload (points w[0..n), serial first):
 * the table of parts, DIR/plots/NAME-account.dat/.vars (a stacked bar
 * per configuration) and NAME-timeline.dat/.vars (one run's workers, for
 * each model at the most cores), with a sentence saying where the largest
 * share went. Writes nothing when the folder predates the figures.
 */
int tvp_account_report(FILE *f, const char *dir, const struct point *w, long n);

/*
 * How precisely a configuration is known: the half-width of its median's
 * 95% interval, of its speedup's, or of its model's own efficiency's,
 * the widest, in % of the figure; INFINITY while one has too few rounds
 * for an interval.
 */
double tvp_width_pct(const struct point *p);

#endif

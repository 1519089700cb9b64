/* SPDX-License-Identifier: MIT */
/*
 * The rules, in numbers: every threshold a claim is judged on, written
 * once, and one function per claim's rule, from its figures (each with
 * the interval it lies in) to a state (findings.h). claims.c gathers the
 * figures from the data and writes the sentences; verdict.c combines the
 * two sides into a verdict; c10.c judges C10. Nothing here writes text
 * (make lint's "rules" step checks the object).
 */
#ifndef TVP_REPORT_RULES_H
#define TVP_REPORT_RULES_H

#include <stdbool.h>

#include "findings.h"

/* ---- the thresholds, written once ---- */
#define TVP_USES_CORES 0.75 /* of the ideal gain: "uses the cores" */
#define TVP_NO_GAIN    0.25 /* of the ideal gain, or less: "no gain" */
#define BETTER         1.10 /* one model at least 10% ahead */
#define COSTLIER       2.0  /* C4: creation costs at least 2x a thread's */
#define COPIES         0.5  /* C4: an idle child holds half the buffer */
#define SLOWS          1.5  /* C5: 64x oversubscribed takes 1.5x the time */
#define POOL_GAIN      1.5  /* C6: the pool at least 1.5x faster */
#define SHARES         2.0  /* C7: within 2x of the thread baseline */
#define SWITCH_MORE    1.5  /* C8: process switch at least 1.5x */
#define SWITCH_SOME    1.1

/* A figure a verdict rests on needs an interval over at least this many
 * rounds (pairs, repetitions); with fewer it is not settled, never a
 * point. */
#define MIN_ROUNDS 10

/* ---- the conditions an effect needs in order to show (issue: a verdict
 * first shows that its effect could have happened); below them a side is
 * not measured, whatever its figures say ---- */
#define TASKS_PER_WORKER    8    /* C1/C2: granularity vanishes */
#define WORK_PER_WORKER_S   0.25 /* C1/C2: seconds of work a worker */
#define CREATION_IN_WINDOW  0.02 /* C1/C2: creating workers, of the window */
#define IO_TASKS_PER_WORKER 4    /* C3: every worker waits several times */
#define WORKERS_BUSY        0.9  /* C3: of the most workers, ran a task */
#define PREEMPTED           10   /* C5: the least-preempted worker, times */
#define POOL_RUN_S          0.25 /* C6: the pool's run at least */
#define POOL_CREATION       0.10 /* C6: creating its workers, of its run */
#define SAME_WORK           2.0 /* C6: work per task within 2x across languages */
/* C7: a repetition at least this long, in ms: with 5 ms ones Python's
 * mp.Queue took 116-120 us a round trip at 8 B in two of the four runs
 * that used them (vm-epyc-run27, run30), against 63-74 us in every run
 * with 10 ms ones (run22 to run26) */
#define REP_MS 10
#define SWITCHES_PER_TRIP                                                      \
	0.99         /* C8: the partner switched out every
                                 * round trip (1% for the calibration's) */
#define OVERLAP 0.90 /* C9: the workers ran at once */

/* A figure and the interval it lies in at this run's precision: n the
 * rounds, runs or repetitions behind it (0: not known), iv how the
 * interval was taken. */
struct est {
	double v, lo, hi;
	long n;
	enum tvp_interval iv;
};

/* Known precisely enough to judge: an interval, over MIN_ROUNDS or more. */
bool tvp_precise(struct est e);
/* The ladder of tvp_judge on e's interval; every outcome of the ladder
 * left open when e is not precise. */
enum tvp_state tvp_ladder(struct est e, double partly, double holds);
/* a / b, from the lowest a over the highest b to the other way round. */
struct est tvp_est_ratio(struct est a, struct est b);

/*
 * C1 and C2: a model's use of k cores, from x (the cores its tasks kept
 * at work, or a proxy, with its interval): its gain over one core,
 * (x - 1) / (k - 1), into gain; ST_HOLDS from TVP_USES_CORES of the
 * ideal gain, ST_NOT at TVP_NO_GAIN or less, the interval's two ends
 * agreeing (else open), at the threshold where it lies within the band.
 * no_gain (C1, "threads gain nothing"): the outcomes mirrored.
 */
enum tvp_state tvp_rule_scaling(struct est x, double k, bool no_gain,
                                struct est *gain);

/*
 * C3, the seeds' Pool(5): threads within BETTER of the predicted
 * makespan pred, and processes BETTER behind them: holds; processes as
 * fast: partly; threads slower than that: not (at every corner of the
 * two intervals).
 */
enum tvp_state tvp_rule_pool5(struct est threads, struct est procs,
                              double pred);
/*
 * C3 where waiting workers are many: r, threads' throughput over
 * processes', BETTER ahead: holds, as far behind: not, between: partly;
 * with the Pool(5) state pool5: threads that do not overlap the waits
 * there contradict the claim whatever r says.
 */
enum tvp_state tvp_rule_many_waiting(struct est r, enum tvp_state pool5);

/* C4: creating a process against a thread (r, fork over thread), from
 * COSTLIER: holds, else not. */
enum tvp_state tvp_rule_creation(struct est r);
/* C4 in C: a creation state s whose holds needs the copies too: kept, an
 * idle child's share of the parent's buffer, under COPIES (or not known)
 * makes it partly: costlier but not copying. */
enum tvp_state tvp_rule_copies(enum tvp_state s, double kept);

/* C5: processes at the most workers per CPU against one per CPU (procs)
 * from SLOWS, threads (threads) below it: holds; processes under SLOWS /
 * BETTER^2: not; between: partly (at every corner). */
enum tvp_state tvp_rule_oversub(struct est procs, struct est threads);

/* C6: per-task over pool, from POOL_GAIN: holds; the pool slower than a
 * worker per task: not; between: partly. */
enum tvp_state tvp_rule_pool(struct est r);

/* C7, one message size: a process pair's round trip over its thread
 * twin's on the ladder partly / holds. */
enum tvp_state tvp_rule_pair(struct est r, double partly, double holds);
/* C7 across the sizes' states st[0..n): the sizes agree on an outcome
 * (that one) or part (partly); a size still open allows each outcome it
 * may settle to, so it leaves the verdict open only where those differ
 * (two sizes settled apart are partly whatever it settles to); a size at
 * its threshold may do either (both, at the threshold). ST_NA for no
 * size. */
enum tvp_state tvp_rule_across_sizes(const enum tvp_state *st, int n);

/* C8: a process switch over a thread's, from SWITCH_MORE: holds, from
 * SWITCH_SOME: partly, else not. */
enum tvp_state tvp_rule_switch(struct est r);

/*
 * C9: the updates lost without the lock by threads and by processes, and
 * whether none was lost with it (none_locked): both lose some: holds;
 * one: partly; none, or any lost with the lock: not.
 */
enum tvp_state tvp_rule_race(double threads, double procs, bool none_locked);

#endif

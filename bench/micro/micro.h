/* SPDX-License-Identifier: MIT */
/*
 * The micro-benchmarks' shared parts: one calibrated timing loop, one
 * command line, one output format.
 *
 * A benchmark is a function that performs an operation `iters` times
 * (lmbench's benchmp callback). micro_measure() grows iters until one
 * repetition lasts at least --min-ms, runs one warm-up repetition, then
 * --reps timed ones, and reports the median and the spread per operation.
 */
#ifndef TVP_MICRO_H
#define TVP_MICRO_H

#include <jansson.h>
#include <stdbool.h>

#include "../tvp.h"

typedef void (*micro_fn)(long iters, void *cookie);

struct micro {
	const char *name;    /* "spawn" */
	const char *summary; /* one line for --help */
	const char *usage;   /* the program's own options, for --help */
	const char *example;
	/* What --describe says, for the sweep to discover the benchmark
	 * instead of listing it: the claim it bears on, its arguments in a
	 * quick and in a full sweep, and its Python counterpart where the
	 * seeds have one (a script, and its arguments in each sweep). */
	const char *claim;
	const char *quick, *full;
	const char *python, *py_quick, *py_full;
	bool json;
	long reps;   /* timed repetitions, >= 7 by default */
	long min_ms; /* a repetition lasts at least this long */
};

struct micro_result {
	long iters; /* operations per repetition */
	long reps;
	double ns_median; /* per operation */
	double ns_min, ns_max;
	double minflt_per_op; /* minor page faults, self + waited children */
	/* cycles and instructions per operation over the timed repetitions
	 * (counters.c: every thread and child), -1 where the machine has no
	 * PMU; micro_add_time prints them, null then */
	double cycles_per_op, instructions_per_op;
};

/* A program's own option: --name [ARG], handled by its callback. */
struct micro_opt {
	const char *name;
	bool has_arg;
};

/*
 * Parse the command line: --json, --reps N, --min-ms N, --help, and the
 * program's options (fn(index, arg) for each). Bad input exits 2.
 */
void micro_parse(struct micro *m, int argc, char **argv,
                 const struct micro_opt *opts,
                 void (*fn)(int index, const char *arg));

/*
 * For a callback that times its own region, as Google Benchmark's manual
 * timing does: each operation hands here the nanoseconds of the one
 * effect it is about (from a start gate to the last worker's end, say),
 * and the repetition's time is the sum of those, not the wall time of
 * the whole call, which also held the set-up (creating the workers) and
 * the tear-down (reaping them). A callback that never calls it is timed
 * whole.
 */
void micro_timed_ns(int64_t ns);

/*
 * Whether the callback now running is in a timed repetition (not the
 * calibration, nor a warm-up): a callback that keeps figures of its own
 * (spawn's halves of a fork) keeps those of timed repetitions alone.
 */
bool micro_timed_rep(void);

/* Time fn; returns 0, or -1 if an operation cannot be timed at all. */
int micro_measure(const struct micro *m, micro_fn fn, void *cookie,
                  struct micro_result *r);

/*
 * Time two operations in rotation (A B A B ...: the guide's habit for
 * drifting machines), each calibrated and warmed up on its own, and the
 * ratio B / A of each rotation's pair: a host that slows down for a while
 * slows both sides of a pair, so the ratio's spread is the comparison's
 * own, not the drift's. ratio[0] is the median ratio, ratio[1..2] a 95%
 * interval for it (order statistics, bench/lib/interval.h: with 6 or 7
 * repetitions the extremes, with fewer NAN). Each side's minor faults
 * are those of its own timed repetitions; cycles are not counted (-1).
 */
int micro_measure_pair(const struct micro *m, micro_fn fa, void *ca,
                       micro_fn fb, void *cb, struct micro_result *ra,
                       struct micro_result *rb, double ratio[3]);

/*
 * The same, with a baseline Z timed in the same rotation (A B Z A B Z
 * ...): what both A and B also do that is not the effect (a round trip's
 * pipe calls, beside its switches). net, where fz is not NULL: the median
 * of each rotation's (B - Z) / (A - Z) and its 95% interval, as ratio's.
 */
int micro_measure_pair_net(const struct micro *m, micro_fn fa, void *ca,
                           micro_fn fb, void *cb, micro_fn fz, void *cz,
                           struct micro_result *ra, struct micro_result *rb,
                           struct micro_result *rz, double ratio[3],
                           double net[3]);

/*
 * The paired ratio micro_measure_pair gave, on the B side's point:
 * vs_thread, with vs_thread_lo and _hi where there is an interval (6
 * repetitions on), vs_thread_variant naming the A side it was taken
 * against (NULL: not said), and vs_thread_stat saying what it is.
 */
void micro_add_ratio(json_t *p, const double ratio[3], const char *twin,
                     const char *stat);

/* A new point {"bench": m->name, "variant": variant}. */
json_t *micro_point(const struct micro *m, const char *variant);

/*
 * Add the timing to a point in the unit given: key (e.g. "us_per_op"),
 * key_min, key_max, with ns scaled by 1/scale_ns (1000 for us); plus
 * iterations and reps.
 */
void micro_add_time(json_t *p, const char *key, double scale_ns,
                    const struct micro_result *r);

/* Print the point: its JSON line, or a human line, then free it. */
void micro_emit(const struct micro *m, json_t *p);

/* Parse "8,64,512" into at most max positive longs; exits 2 on error. */
int micro_list(const char *opt, const char *arg, long *out, int max, long min,
               long max_value);

/* The directory of this executable (to find bin/noop). */
const char *micro_bindir(void);

/* Pin the calling thread to CPU index k of the allowed CPUs; -1 if none. */
int micro_pin(int k);
int micro_ncpus(void);

/*
 * Mark the names of a comma-separated list (--variants a,b) in want[],
 * which has one entry per name in names[0..n); exits 2 on an unknown one.
 */
void micro_pick(const char *opt, const char *arg, const char *const *names,
                int n, bool *want);

/* The "KEY: N kB" line of a /proc file, in KiB; -1 if absent. */
long micro_proc_kib(const char *path, const char *key);

/* Proportional set size of a process, from /proc/PID/smaps_rollup. */
long micro_pss_kib(pid_t pid);

#endif

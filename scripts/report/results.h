/* SPDX-License-Identifier: MIT */
/* One point per configuration the sweep ran, and the figures computed
 * from its times (load.h reads them). */
#ifndef TVP_RESULTS_H
#define TVP_RESULTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "rows.h"
#include "stats.h"

#define TVP_NOISY_CV_PCT 5.0 /* flag configurations spread wider than this */

struct point {
	char id[160]; /* the file stem in raw/ */
	char workload[32], kind[16], model[16], schedule[16];
	long workers, tasks, ncpus, maxrss_kb;
	double task_ms; /* a sleeping task's wait ("ms"), NAN where none */
	double spawn_ms;
	double parallelism; /* CPU time / wall time of the program's own run */
	char checksum[32];
	char lang[16];        /* "c" or "python" */
	char interpreter[64]; /* Python only, e.g. "CPython 3.11.7" */
	/* Every timed run's time, seconds, pooled over the rounds: hyperfine's
	 * whole-process times for C (a C program starts in about a
	 * millisecond); for Python the program's own time of each run
	 * (run_s: from the first task to the last result in, the pool's
	 * creation taken out), since an interpreter's start-up (0.3 to
	 * 0.8 s) and its pool's (tens of ms a process) are not the effect
	 * C1..C3 are about. Only for comparing two folders, whose runs no
	 * round pairs (tvp-report compare); every figure within a folder is
	 * taken from the rounds below. */
	double *times;
	size_t ntimes;
	/* hyperfine's whole-process times (== times for C) */
	double *proc_times;
	size_t nproc_times;
	/* The rounds (raw/ID.rN.*), by N: the round's figure, seconds (the
	 * median of its runs' times, as times above), and N, which pairs it
	 * with the serial point's round of the same N. */
	double round_s[64];
	long round_no[64];
	size_t nround;
	/* The start-up and exit outside the program's own time: the median
	 * over runs of the run's whole-process time less its own run_s (the
	 * same run: never two medians apart); NAN where unknown. */
	double startup_s;
	bool in_process; /* times are the program's own */
	/* The last round's perf counts over the run (counters.c): NAN where
	 * the line has none; pmu 1: counted, 0: the machine gave none (null),
	 * -1: a line from before the counters. */
	double cycles, instructions;
	int pmu;
	/* Every run that kept its program line (each run of a sweep since
	 * rounds of one run; the last of each round before, as hyperfine's
	 * --output keeps only the last): its own wall_ns (the run alone,
	 * without process or mpirun start-up), seconds; hyperfine's time of
	 * the same run (proc_s), and its round (run_round). */
	double run_s[64], proc_s[64];
	long run_round[64];
	size_t nrun;
	/* The same runs' accounting (bench/lib/account.c), seconds: CPU
	 * time of the run, inside tasks, stolen by the hypervisor, spent
	 * creating workers. NAN in a line from before task_cpu_ns. */
	double cpu_s[64], task_s[64], steal_s[64], spawn_s[64];
	/* Each run's window, from the first task started to the last
	 * result in (window_ns), seconds; NAN in a line without it. */
	double window_s[64];
	/* The tasks each worker was given (--tasks-per-worker): the run's
	 * work grows with its workers, its speedup is a throughput ratio
	 * (tvp_scaled_speedup); 0 for a fixed total of tasks. */
	long tasks_per_worker;
	/* the last round's workers (ntimeline of them; -1: the line has no
	 * timeline) */
	struct tvp_span *timeline;
	long ntimeline;
	double timeline_wall_s; /* that run's own wall time, on its clock */
	struct tvp_summary sum; /* of round_s: n = rounds */
	/* vs serial: the median over the rounds both ran of serial's
	 * round_s / this one's, and its order-statistic interval (NAN under
	 * 6 pairs); speedup_n the pairs. NAN when no round pairs. */
	double speedup, speedup_low, speedup_high;
	size_t speedup_n;
};

/* How many times the serial run s's work p did: its tasks over s's
 * where it was given tasks per worker, else 1 (a fixed total). */
double tvp_work_ratio(const struct point *s, const struct point *p);
/*
 * p's speedup over the serial run s (into p->speedup, its interval and
 * speedup_n), paired by round: where p did more tasks than s, each the
 * same work (tasks_per_worker), Gustafson's scaled speedup, the ratio of
 * their throughputs (p->tasks / time_p) / (s->tasks / time_s): the
 * times' ratio times the work ratio (a constant, so its interval scales
 * with it). The plain speedup where both did the same tasks.
 */
void tvp_scaled_speedup(const struct point *s, struct point *p);
/*
 * The serial fraction a speedup on k cores implies: Karp-Flatt for a
 * fixed total of work; for work that grows with the workers Gustafson's,
 * (k - S) / (k - 1), the share of each worker's time that did not scale.
 * NAN for k <= 1.
 */
double tvp_serial_fraction(const struct point *p, double k);
/*
 * The run whose checksum p's must equal: one that did the same tasks,
 * the serial run where it did, else the first other run of the same
 * workload with as many tasks (runs given tasks per worker do as many as
 * the serial run only at one worker). NULL where none did.
 */
const struct point *tvp_same_work_of(const struct point *pts, long n,
                                     const struct point *p);

/* The same two from parsed JSON (path only names it in err); each takes
 * its reference to root/line and drops it. The line is read as a row of
 * rows.h's program table (its format, its keys), then into p. */
int tvp_hyperfine_times(json_t *root, const char *path, double **times,
                        size_t *n, char *err, size_t errlen);
int tvp_program_line(json_t *line, const char *path, struct point *p, char *err,
                     size_t errlen);

/* Move from's timeline into to (to's own freed). */
void tvp_timeline_move(struct point *to, struct point *from);
void tvp_free_points(struct point *p, long n);

/*
 * Which times p's figures come from (struct point's times and round_s): a
 * Python point whose every run has the program's own time is judged on
 * those, less its pool's creation; every point keeps hyperfine's as
 * proc_times, and the start-up of each run. -1 when out of memory.
 */
int tvp_own_times(struct point *p);

/* The seed of a configuration's bootstrap: a hash of its id, so that every
 * run of the report draws the same resamples. */
unsigned long tvp_seed_of(const char *id);
/* A point's x: the workers of an io-bound configuration, else its cores. */
long tvp_x_of(const struct point *p);
/* Finding points, the one way every section does: a workload's serial
 * point, and a model's pool point at the most cores (io: workers);
 * NULL when there is none. */
const struct point *tvp_serial_of(const struct point *pts, long n,
                                  const char *workload);
const struct point *tvp_best_point(const struct point *pts, long n,
                                   const char *workload, const char *model);
/* Each point's summary and its speedup over its workload's serial point,
 * paired by round; -1 (said on stderr) on a checksum that is not the
 * serial one. */
int tvp_compute(struct point *pts, long n);

#endif

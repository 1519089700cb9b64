/* SPDX-License-Identifier: MIT */
/*
 * tvp.h - the one interface every tvp program is built from.
 *
 * A workload says what task i computes (or waits for) and returns a 64-bit
 * value; an execution model says how tasks reach workers (a loop, pthreads,
 * fork). bench/lib/main.c owns main(): it parses the command line, sets the
 * workload up, hands a struct tvp_run to the model, checks that every task
 * delivered exactly one result and prints one result line.
 *
 * A program is one workload object + one model object + the library, linked
 * by the Makefile's pattern rules as bin/WORKLOAD-MODEL.
 */
#ifndef TVP_H
#define TVP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* Exit statuses shared by every program. */
enum {
	TVP_EXIT_OK = 0,
	TVP_EXIT_FAIL = 1,  /* a system call, a worker or a check failed */
	TVP_EXIT_USAGE = 2, /* bad command line or absurd parameters */
};

enum tvp_kind { TVP_CPU, TVP_MEMORY, TVP_IO };

enum tvp_schedule {
	TVP_SCHED_STATIC,   /* one contiguous chunk per worker */
	TVP_SCHED_PER_TASK, /* a new worker per task, at most W alive */
	TVP_SCHED_POOL,     /* W long-lived workers pull the next task */
};

/* A workload knob: one `--name VALUE` option (or `--name` for a flag). */
enum tvp_knob_type { TVP_KNOB_LONG, TVP_KNOB_FLAG, TVP_KNOB_STR };

struct tvp_knob {
	const char *name;
	enum tvp_knob_type type;
	const char *help;  /* one line, with the unit */
	long min, max;     /* TVP_KNOB_LONG: accepted range */
	long *lval;        /* TVP_KNOB_LONG */
	bool *bval;        /* TVP_KNOB_FLAG */
	const char **sval; /* TVP_KNOB_STR, NULL when not given */
};

struct tvp_run;

/*
 * One worker's account of its tasks (account.c), one cache line each so
 * that workers never write the same line: CPU time inside task(), and
 * when (ns after the run's start) it began its first task and ended its
 * last. A worker that ran no task has tasks 0.
 */
struct tvp_acct {
	int64_t task_cpu_ns;
	int64_t first_ns, last_ns;
	int64_t tasks;
} __attribute__((aligned(64)));

struct tvp_workload {
	const char *name;
	enum tvp_kind kind;
	const char *summary; /* one line for --help */
	long default_tasks;
	/*
	 * equal_tasks: every task is the same work, so a run may be given a
	 * fixed number per worker (--tasks-per-worker) and its speedup read
	 * as throughput (Gustafson's scaled speedup); a workload whose tasks
	 * split a fixed range (primes, mandel) refuses it.
	 */
	bool equal_tasks;
	const struct tvp_knob *knobs; /* terminated by a zero entry */
	/*
	 * check: validate the knobs against the run (tasks, memory); return
	 * NULL when fine, else a message that becomes a usage error.
	 */
	const char *(*check)(const struct tvp_run *run);
	/* setup/teardown: optional, run in the parent, outside wall_ns. */
	int (*setup)(struct tvp_run *run);
	void (*teardown)(struct tvp_run *run);
	/* The arguments of a run that takes milliseconds: what the tests
	 * run ("--n 1000"); --describe says it. */
	const char *small;
	/* Its arguments in the sweep (make bench, and FULL=1): NULL for the
	 * program's defaults; --describe says them, so that the sizes live
	 * here, beside the workload, not in the sweep's scripts. A workload
	 * with a "dir" knob is given the sweep's scratch folder too. */
	const char *quick, *full;
	/* A verdict of the quick sweep reads it (count: C1/C2, sleep: C3),
	 * so the quick sweep times it; the others are left to FULL=1 or to
	 * WORKLOADS= (the quick budget goes to the rounds verdicts need).
	 * --describe says "sweep": "quick" or "full". */
	bool in_quick;
	/* scale_knob: a long knob a task's time grows in proportion to
	 * ("n"), or NULL; task_ms: how long the sweep's task lasts on the
	 * machine it runs on. --calibrate-ms says which value of the knob
	 * makes a task last that long here, so that the work a worker gets
	 * is the same in seconds on any machine (C1/C2's quarter second a
	 * worker), whatever its speed. --describe says task_ms. */
	const char *scale_knob;
	long task_ms;
	/* finish: optional, after a successful run (e.g. write the picture). */
	int (*finish)(struct tvp_run *run);
	/*
	 * task: perform task i, return its value. Called from any worker
	 * (thread or child process) concurrently with other tasks; a failure
	 * calls tvp_task_fail(), which does not return.
	 */
	uint64_t (*task)(long i);
};

/* What the model receives, and fills in. */
struct tvp_run {
	const struct tvp_workload *wl;
	long workers;
	long tasks;
	long tasks_per_worker; /* tasks = this x workers; 0: --tasks gave them */
	enum tvp_schedule schedule;
	bool pin;
	int ncpus;             /* CPUs this process may use ... */
	int *cpus;             /* ... and which (from sched_getaffinity) */
	int64_t t0_ns;         /* when the model's run began (tvp_now_ns) */
	struct tvp_acct *acct; /* [workers], MAP_SHARED: see account.c */
	/* Filled by the model: */
	uint64_t *results;       /* results[i] of task i */
	unsigned char *done;     /* done[i] != 0 once results[i] is in */
	int64_t spawn_ns;        /* from start until all workers ran */
	long children_maxrss_kb; /* procs: largest waited child's peak RSS */
	long children;           /* procs: how many children were waited */
	const char *hosts;       /* mpi: where the ranks ran, "a,b"; or NULL */
	int64_t other_cpu_ns;    /* mpi: CPU time of the ranks but this one */
};

/*
 * An execution model (bench/models/MODEL.c): how tasks reach workers. A
 * new file here is a new model: the Makefile builds it with every
 * workload, and the sweep, the tests and the report learn of it from the
 * programs' --describe, never from a list of names.
 */
#define TVP_SCHED_BIT(s) (1u << (s))
enum tvp_role {
	TVP_ROLE_MODEL,     /* one of the models compared (threads, procs) */
	TVP_ROLE_BASELINE,  /* what speedups are measured against (serial) */
	TVP_ROLE_YARDSTICK, /* a standard tool to hold the others against */
};
struct tvp_model {
	const char *name;
	unsigned schedules; /* TVP_SCHED_BIT of each accepted schedule */
	enum tvp_role role;
	/* NULL, or the script that starts the program with W workers:
	 * "LAUNCHER W bin/PROGRAM --workers W ..." (mpi: its ranks). */
	const char *launcher;
	/*
	 * init: optional, once, after the command line and before the
	 * workload's setup and the clock (MPI_Init goes here). It may change
	 * run->workers (MPI: the ranks mpirun started). 0, or -1 after
	 * saying why.
	 */
	int (*init)(struct tvp_run *run);
	/* run: fill results[] and done[]; 0, or -1 after saying why. */
	int (*run)(struct tvp_run *run);
};
extern const struct tvp_model tvp_model;

/* Provided by the glue object: the workload this program runs. */
extern const struct tvp_workload *const tvp_workload;

/* Workload definitions: TVP_WORKLOAD(count) = { ... }; */
#define TVP_WORKLOAD(name) const struct tvp_workload tvp_workload_##name

/* ---- library (bench/lib) ---- */

/* clocks.c */
int64_t tvp_now_ns(void);
/* clocks.c: the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID) */
int64_t tvp_thread_cpu_ns(void);
void tvp_sleep_ns(int64_t ns);
/* User + system CPU time of RUSAGE_SELF or RUSAGE_CHILDREN (waited ones). */
int64_t tvp_cpu_ns(int who);

/* account.c: every model runs task i of worker k through one of these,
 * which time it into run->acct[k]. tvp_task returns the value (a forked
 * worker sends it home); tvp_run_task stores it in results[] and done[]. */
uint64_t tvp_task(struct tvp_run *run, long worker, long i);
void tvp_run_task(struct tvp_run *run, long worker, long i);
int tvp_acct_init(struct tvp_run *run); /* after the model's init */
void tvp_acct_free(struct tvp_run *run);
int64_t tvp_acct_task_cpu_ns(const struct tvp_run *run);
/* Steal time of these CPUs since boot (/proc/stat), 0 if unknown. */
int64_t tvp_steal_ns(const int *cpus, int ncpus);

/*
 * counters.c: what the kernel counted over a region, for this process and
 * every thread and child it made (the children once waited for): page
 * faults, context switches, and through perf_event_open CPU migrations,
 * cycles and instructions, -1 where the machine does not expose them.
 */
enum { TVP_PERF_MIGRATIONS, TVP_PERF_CYCLES, TVP_PERF_INSTRUCTIONS, TVP_NPERF };
struct tvp_counters {
	long minflt, majflt, nvcsw, nivcsw;
	int64_t perf[TVP_NPERF];
	/* private */
	long usage0[4];
	int fd[TVP_NPERF];
};
void tvp_counters_start(struct tvp_counters *c);
void tvp_counters_stop(struct tvp_counters *c);

/* args.c: the command line into run (workers, tasks, schedule, pin,
 * knobs) and o; a usage error or --help ends the program (tvp_exit). */
struct tvp_options {
	bool json, verify;
	bool describe;     /* print what the program is, as JSON, and exit */
	long calibrate_ms; /* > 0: size the scale knob to it, print, exit */
};
void tvp_parse_args(int argc, char **argv, struct tvp_run *run,
                    struct tvp_options *o);
extern const char *const tvp_schedule_names[3]; /* by enum tvp_schedule */
extern const char *const tvp_kind_names[3];     /* by enum tvp_kind */
extern const char *const tvp_role_names[3];     /* by enum tvp_role */

/* errors.c: one line on stderr, prefixed with the program name. */
extern const char *tvp_progname;
void tvp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void tvp_usage_error(const char *fmt, ...)
        __attribute__((format(printf, 1, 2)));
/* exit(status), or tvp_exit_hook(status) when set (it must not return):
 * the fuzzer's way to survive a usage error. */
_Noreturn void tvp_exit(int status);
extern void (*tvp_exit_hook)(int status);
/*
 * A task failed (connect refused, disk full): say so and end the run. In a
 * child process it exits the child (the parent reports the worker); in a
 * thread it cleans up and exits the process.
 */
_Noreturn void tvp_task_fail(const char *fmt, ...)
        __attribute__((format(printf, 1, 2)));

/* cleanup.c: the one path out when a run is aborted. */
/* The model records its live children here, so an abort can reap them. */
int tvp_children_init(long slots);
void tvp_child_set(long slot, pid_t pid); /* pid 0: slot empty */
void tvp_cleanup_set_child(void); /* in a forked worker: skip teardown */
_Noreturn void tvp_abort_run(int status); /* kill children, teardown, exit */
/* A model's last step on the way out of an aborted run, after teardown
 * (threads.c: join the workers that have ended, as procs reaps its
 * children, so that none is left finished and unjoined at exit). */
void tvp_cleanup_set_abort_hook(void (*hook)(void));
/* The run is over: from here on a late signal no longer aborts it. */
void tvp_exit_lock(void);
int tvp_signals_start(struct tvp_run *run); /* SIGINT/SIGTERM watcher */
/* Take sigs (0-terminated) in one watcher thread that calls on(sig) for
 * each; blocked in this thread and the threads it starts. 0 or -1. */
int tvp_signal_watcher(const int *sigs, void (*on)(int sig));
extern int tvp_pending_signal; /* set by the watcher before it aborts */

/* child.c: a forked worker's life, the same wherever one is forked. */
/*
 * fork(), and in the child: marked as one for tvp_abort_run, killed by
 * deathsig when the parent dies (and gone at once if it already has),
 * SIGINT/SIGTERM/SIGHUP unblocked. Returns as fork() does.
 */
pid_t tvp_fork(int deathsig);
/* Wait for the child pid (rusage into ru, or NULL); 0 if it exited 0,
 * else -1 after saying how "who" ended ("worker 3 ... killed by ..."). */
struct rusage;
int tvp_reap(pid_t pid, const char *who, struct rusage *ru);
/*
 * A set of children started together and reaped together (the
 * micro-benchmarks that fork many at once). Start: child k runs fn(k, arg)
 * and exits 0 (a failure inside exits through tvp_task_fail); each is
 * registered for the abort path in slot k (tvp_child_set) when
 * tvp_children_init made room. A fork that fails is a failed run.
 */
struct tvp_childset {
	pid_t *pid;      /* slot k's child; 0 once reaped */
	long n;          /* children started */
	const char *who; /* what a child is called in messages: "worker" */
	bool slots;      /* registered for the abort path */
};
void tvp_childset_start(struct tvp_childset *s, pid_t *pids, long n, bool slots,
                        void (*fn)(long k, void *arg), void *arg);
/* Wait for n one-byte "ready" (or "done") messages on fd, from children or
 * threads alike: one that ended first (EOF) is a failed run. */
void tvp_await(int fd, long n, const char *what);
/* Reap every child in whatever order they end; the first that failed is
 * named, the others killed and reaped with it (one dead worker would keep
 * the rest waiting at a gate). 0, or -1 after saying which failed. */
int tvp_childset_reap(struct tvp_childset *s);
/* A child's (task, value) records home through a pipe, in batches. */
struct tvp_record {
	int64_t task;
	uint64_t value;
};
#define TVP_BATCH (PIPE_BUF / sizeof(struct tvp_record))
struct tvp_outbox { /* the child's end */
	int fd;
	size_t n;
	struct tvp_record batch[TVP_BATCH];
};
void tvp_outbox_put(struct tvp_outbox *out, int64_t task, uint64_t value);
void tvp_outbox_flush(struct tvp_outbox *out); /* fails the task on error */
struct tvp_inbox {                             /* the parent's end */
	int fd;                                /* -1 when closed */
	char who[32];                          /* "worker 3", for messages */
	size_t have;    /* bytes of a partial record in buf */
	char buf[4096]; /* a multiple of sizeof(struct tvp_record) */
};
/* Take in what arrived into run->results/done: 1, 0 at EOF (the child
 * has exited or closed its end), -1 after saying why. */
int tvp_inbox_read(struct tvp_inbox *in, struct tvp_run *run);
/* A run's inboxes, one a worker (in[k]->fd < 0: closed), with the poll
 * set made once for all the waits of the run: init -1 when out of
 * memory. */
struct pollfd;
struct tvp_inboxes {
	struct tvp_inbox **in;
	long n;
	struct pollfd *pfd;
	long *slot;
};
int tvp_inboxes_init(struct tvp_inboxes *s, long n);
void tvp_inboxes_free(struct tvp_inboxes *s);
/* Take in what arrives on every open inbox until one reaches EOF: its
 * index; -1 after saying why (a bad record, poll failing, none open). The
 * caller reaps the one that ended. */
long tvp_inbox_wait(struct tvp_inboxes *s, struct tvp_run *run);

/* cpus.c */
int tvp_cpus_allowed(int **cpus_out);
int tvp_pin_worker(const struct tvp_run *run, long worker);
void tvp_cpulist(const int *cpus, int n, char *buf, size_t len);

/* io.c: raise the soft limit on open descriptors to the hard one (no
 * privilege needed); the limit got, or -1. */
long tvp_raise_nofile(void);

/* parse.c: strict number parsing; returns a message on error. */
const char *tvp_parse_long(const char *s, long min, long max, long *out);

/* shared.c: memory that parent and forked children see alike. */
void *tvp_shared_alloc(size_t bytes);
void tvp_shared_free(void *p, size_t bytes);

/* Tiny mixing function: the per-task values of several workloads. */
static inline uint64_t tvp_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* I/O helpers that survive EINTR and short transfers. */
int tvp_write_all(int fd, const void *buf, size_t len);
/* Returns bytes read (< len only at EOF), or -1. */
long tvp_read_full(int fd, void *buf, size_t len);

#endif

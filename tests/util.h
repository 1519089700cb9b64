/* SPDX-License-Identifier: MIT */
/* Helpers for tests that run tvp's programs as a user would. */
#ifndef TVP_TEST_UTIL_H
#define TVP_TEST_UTIL_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct proc_result {
	int status; /* as from waitpid */
	char out[1 << 16], err[1 << 14];
	size_t out_len, err_len;
};

/*
 * Run argv (argv[0] a path) with extra NAME=VALUE environment entries
 * (NULL-terminated, may be NULL); kill it after timeout_s. Returns 0, or -1
 * if it could not be run or timed out.
 */
int run_prog(char *const argv[], char *const env[], int timeout_s,
             struct proc_result *r);

/* run_prog of the command a0 a1 a2 a3 (a NULL ends it early), for at most
 * 120 s. */
int run_cmd(struct proc_result *r, char *const env[], const char *a0,
            const char *a1, const char *a2, const char *a3);

/* The file at path, whole up to 64 KiB and NUL-terminated, in the next of
 * four static buffers (four may be held at once); NULL if it cannot be
 * opened. */
char *read_file(const char *path);

/* How many entries of dir have names that start with prefix (0 if dir
 * cannot be read). */
int count_matching(const char *dir, const char *prefix);

/*
 * In a forked child before exec: signals at their defaults and none
 * blocked, however the tests were started. A shell that runs them in the
 * background without job control ignores SIGINT and SIGQUIT, and a script
 * cannot trap a signal that was ignored when it started.
 */
void default_signals(void);

/* Start argv with stdout to /dev/null and stderr to *err_fd (a pipe). */
pid_t start_prog(char *const argv[], char *const env[], int *err_fd);

/* The children of pid, read from /proc; returns how many (<= max). */
int children_of(pid_t pid, pid_t *kids, int max);

/* Wait until pid has at least n children, at most timeout_ms. */
int wait_children(pid_t pid, int n, pid_t *kids, int max, int timeout_ms);

/* Wait until pid runs at least n threads (its signal watcher, its
 * workers), at most timeout_ms; returns how many it runs. */
int wait_threads(pid_t pid, int n, int timeout_ms);

/*
 * Wait until pid runs the program called name (its first 15 characters:
 * the kernel's comm) and its main thread blocks sig, at most timeout_ms;
 * 1 if so, else 0. A tvp program blocks SIGINT/SIGTERM just before it
 * starts its signal watcher: from then on the signal is taken, not fatal.
 * (The name matters: a child forked by a sanitizer build has every signal
 * blocked for a moment before it execs.)
 */
int wait_sig_blocked(pid_t pid, const char *name, int sig, int timeout_ms);

/* Make this process the reaper of orphans below it. */
void become_subreaper(void);

/* An orphan re-parented to us (a zombie or live process left behind). */
int orphans_left(void);

/*
 * Children of ours still running (not zombies), then reap the zombies: a
 * program re-parented to us after its parent died first, but already
 * finished, is no leak.
 */
int live_orphans(void);

/* Threads a sanitizer's runtime adds to each process (ThreadSanitizer
 * runs one of its own in the background): 0 or 1. */
int runtime_threads(void);

/* The server tests' group setup: orphans re-parented to the test (to be
 * counted), SIGPIPE ignored (a server that closes is a result), and
 * bin/tvp-server built (non-zero: not). */
int server_tests_setup(void **state);

/*
 * Wait until no orphan of ours runs (live_orphans() is 0), polling, at
 * most timeout_ms: what a killed parent leaves dies by its death signal
 * soon, not at once. Returns how many still run.
 */
int wait_no_orphans(int timeout_ms);

/* True if pid no longer exists (not even as a zombie). */
int pid_gone(pid_t pid);

/* Read all of fd into buf (NUL-terminated); returns length. */
size_t slurp_fd(int fd, char *buf, size_t len);

/* How many *.tmp files a directory holds, -1 if it cannot be read. */
int tmp_files(const char *dir);

/* Number of entries in a directory, -1 if it cannot be read. */
int dir_entries(const char *path);

/*
 * n, or a smaller share of it under make check-asan/check-tsan
 * (TVP_SANITIZER set), where every process starts many times slower: the
 * repetitions run in full in make test, the sanitizers look at each path.
 */
int reps(int n, int under_sanitizer);

/*
 * Skip the running test, saying why on a line of its own ("skipped: why"):
 * scripts/run-tests.sh fails a skip that gives no reason.
 */
#define skip_because(why)                                                      \
	do {                                                                   \
		printf("skipped: %s\n", why);                                  \
		fflush(stdout);                                                \
		skip();                                                        \
	} while (0)

/* Is tool on PATH? */
int have(const char *tool);

/* Open MPI is here: the mpi programs were built and mpirun is on PATH. */
int have_mpi(void);

/*
 * A folder dir of links to every program on PATH except the names that
 * match the shell pattern ("mpi*|orte*"), and "PATH=dir" in env: a machine
 * without those programs.
 */
void path_without(const char *dir, const char *pattern, char *env, size_t len);

/*
 * What bin/ holds, as the programs describe themselves (--describe): every
 * workload with its kind and the arguments that make a run take
 * milliseconds, and every model with its role. A new workload or model is
 * tested without a line here. Read once, at the first call; a bin/ with
 * no programs fails the test that asked.
 */
#define MAX_WL     32
#define MAX_MODELS 16
struct workload_desc {
	char name[32], kind[16];
	char *small[16]; /* NULL-terminated */
	char buf[256];
};
struct model_desc {
	char name[32], role[16];
	char schedules[64]; /* ",static,pool," */
	int launcher;       /* started by a launcher (mpi: mpirun) */
};
int workloads(const struct workload_desc **w); /* w may be NULL */
int models(const struct model_desc **m);
/* The index of the workload called name (the test fails if none). */
int workload_index(const char *name);

/*
 * The environment of a small sweep, the one every sweep test starts from:
 * one round of two runs of count (ARGS_count=--n 1000 --tasks 4) with
 * threads, no warm-up, and none of the micro-benchmarks, the Python arm,
 * the claims or the server; RESULTS=results when results is not NULL.
 * Each "NAME=VALUE" of extra (NULL-terminated; extra may be NULL) replaces
 * NAME's entry or adds one; "NAME" alone takes NAME out. Returns e->v,
 * NULL-terminated.
 */
struct sweep_env {
	char *v[48];
	char buf[4096];
};
char **sweep_env(struct sweep_env *e, const char *results,
                 const char *const *extra);

/*
 * cmocka_run_group_tests, but TVP_TEST=PATTERN (cmocka's * and ?) runs
 * only the tests whose names match: a test picked from the command line,
 * or from a test that runs tests in a copy of the tree.
 */
void tests_from_env(void);
#define tvp_run_tests(tests, setup, teardown)                                  \
	(tests_from_env(), cmocka_run_group_tests(tests, setup, teardown))

/* mkdtemp under /tmp (a static buffer); remove it with rm_tree. */
char *make_temp_dir(void);
void rm_tree(const char *path);

/*
 * A test program's temp folder, as its group's setup and teardown: the
 * setup makes it (temp_dir(); temp_env() is "TMPDIR=" and it, for the
 * programs a test starts) and makes this process the reaper of what the
 * tests start; the teardown removes it. temp_teardown_empty first checks
 * that the programs that had it as TMPDIR left nothing in it.
 */
int temp_setup(void **state);
int temp_teardown(void **state);
int temp_teardown_empty(void **state);
const char *temp_dir(void);
char *temp_env(void);

/*
 * The keys a hand-made server line needs beside those a test sets (the
 * report's loader refuses a line without a key of its format: rows.h):
 * where the server and client ran, a wrk line's errors (none), and a
 * server-rate line's requests counted (due, answered and lost: none).
 */
#define SRV_CPUS_KEYS  "\"server_cpus\":\"0\",\"client_cpus\":\"0\","
#define SRV_SHAPE_KEYS "\"procs\":1,\"threads\":1,"
#define WRK_ERROR_KEYS                                                         \
	"\"errors_connect\":0,\"errors_read\":0,\"errors_write\":0,"           \
	"\"errors_status\":0,\"errors_timeout\":0,"
/* The keys a hand-made micro line needs beside a test's: a C spawn
 * line's huge pages, repetitions and faults; a Python one's parent, huge
 * pages and repetitions (format 1); a footprint line's workers and total. */
#define SPAWN_KEYS   "\"thp\":false,\"reps\":11,\"minflt_per_op\":30,"
#define PYSPAWN_KEYS "\"thp\":false,\"reps\":11,"
#define FOOT_KEYS    "\"workers\":1,\"pss_kib_total\":900,"
/* An oversub line's of format 4 beside a test's (OVER). */
#define OVER_KEYS                                                              \
	"\"workers\":4,\"reps\":11,\"create_ms_per_run\":1,"                   \
	"\"cycles_per_op\":null,\"ms_per_share\":50,\"ms_per_share_min\":45,"  \
	"\"ms_per_share_max\":55,\"cpu_ms_per_worker\":25,"                    \
	"\"ivcsw_min_worker\":20,\"share_ms\":25,"
/* A program line's (raw/ID.rN.out.json) keys beside its identity: format
 * 0's run (RUN_KEYS); what formats 1 and 2 brought, for a line a test
 * gives a later key (F1: the accounting and timeline; F3: those and the
 * counters, for a line of format 3, whose nivcsw, window_ns and
 * tasks_per_worker the test writes itself). */
#define RUN_KEYS                                                               \
	"\"wall_ns\":1000000,\"cpu_ns\":1000000,\"spawn_ns\":1000,"            \
	"\"maxrss_kb\":1000,\"cpus\":\"0\","
#define F1 "\"steal_ns\":0,\"timeline\":[]"
#define F3                                                                     \
	F1 ",\"task_cpu_ns\":1000000000,\"cycles\":null,"                      \
	   "\"instructions\":null"
#define WRK_LATENCY_KEYS "\"p50_us\":1000,\"p99_us\":2000,"
/* a fault run's, beside its config, model, alive_after and restarts */
#define CRASH_KEYS                                                                     \
	SRV_SHAPE_KEYS SRV_CPUS_KEYS WRK_ERROR_KEYS WRK_LATENCY_KEYS                   \
	        "\"mix\":\"m\",\"mix_args\":\"\",\"concurrency\":16,\"duration_s\":1," \
	        "\"crash_at_ms\":333,\"server_exit\":0,\"requests\":100,"              \
	        "\"duration_us\":1000000,"
#define RATE_COUNT_KEYS                                                        \
	"\"due\":0,\"answered\":0,\"unanswered\":0,\"errors\":0,"              \
	"\"p999_us\":0,"

/*
 * cmocka 1.1 compares only floats; the statistics need doubles. Include
 * after <cmocka.h>.
 */
#define assert_close(a, b, eps)                                                \
	do {                                                                   \
		double a_ = (a), b_ = (b);                                     \
		if (!(fabs(a_ - b_) <= (eps)))                                 \
			fail_msg("%s = %.15g, want %.15g", #a, a_, b_);        \
	} while (0)

/*
 * The speedup accounting of one result line (C or Python) is consistent:
 * task_cpu_ns and steal_ns present, 0 <= task_cpu_ns <= cpu_ns, and the
 * timeline's workers add up to the line's task CPU time and task count,
 * each inside the run. NULL when it is, else what is wrong.
 */
const char *accounting_error(json_t *line);

/*
 * C7's like-for-like pairs, C's (bench/micro/ipc.c) and Python's
 * (bench/python/ipc.py) alike: every line says its model, copies and
 * serialises; each pair it names has, at its size and mode, exactly one
 * other line, and the two differ in one thing only: the model (the same
 * copies and serialises), or for pointer_vs_copy whether the message is
 * copied (the same model). A process tool measured with its thread twin
 * (shm and threads, pipe and pipe_threads; Python's mp-queue and
 * thread-queue-copy, mp-pipe and thread-pipe, the shared arrays) carries
 * their ratio taken in rotation, vs_thread, naming the twin; no other
 * line has one.
 */
void check_ipc_pairs(json_t *all);

#endif

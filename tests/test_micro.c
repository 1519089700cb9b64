/* SPDX-License-Identifier: MIT */
/*
 * The micro-benchmarks' correctness (never their speed): IPC delivers
 * every byte through every mechanism, partial transfers and EINTR
 * included; the synchronised counters are exact and the unsynchronised
 * one never over-counts; copy-on-write shows in the memory figures;
 * nothing is left behind; bad arguments exit 2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tvp.h"
#include "../scripts/report/rows.h"
#include "util.h"

/*
 * What the report makes of a program's lines: each bin/NAME writes
 * raw/micro-NAME.jsonl, and its table (scripts/report/rows.c) must take
 * every line the program writes, with the keys of its format.
 */
static void loads_as_rows(const char *prog, json_t *all)
{
	static const struct {
		const char *name;
		const struct tvp_schema *s;
	} t[] = {
		{ "spawn", &tvp_schema_spawn },
		{ "footprint", &tvp_schema_footprint },
		{ "ipc", &tvp_schema_ipc },
		{ "ctxsw", &tvp_schema_ctxsw },
		{ "race", &tvp_schema_race },
		{ "oversub", &tvp_schema_oversub },
	};
	const char *name = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
	char err[512];

	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		void *rows;
		size_t n;

		if (strcmp(name, t[k].name))
			continue;
		if (tvp_rows_of(t[k].s, all, t[k].s->file, &rows, &n, err,
		                sizeof(err)) != 0)
			fail_msg("%s's lines do not load: %s", prog, err);
		/* (of the newest format: a key dropped from it would
		 * otherwise read as an older line's) */
		for (size_t i = 0; i < n; i++)
			if (tvp_row_format(t[k].s, rows, i) !=
			    tvp_schema_newest(t[k].s))
				fail_msg(
				        "%s's line %zu is of format %d, not %d",
				        prog, i + 1,
				        tvp_row_format(t[k].s, rows, i),
				        tvp_schema_newest(t[k].s));
		tvp_rows_free(t[k].s, rows, n);
	}
}

/* Run a micro program with --json and quick timing (reps repetitions);
 * return its lines. */
static json_t *points_n(char **args, char *reps)
{
	char *argv[24] = { NULL };
	static struct proc_result r;
	json_t *all = json_array();
	char *line, *save = NULL;
	int n = 0;

	for (; args[n]; n++)
		argv[n] = args[n];
	argv[n++] = "--json";
	argv[n++] = "--min-ms";
	argv[n++] = "1";
	argv[n++] = "--reps";
	argv[n++] = reps;
	assert_int_equal(run_prog(argv, NULL, 120, &r), 0);
	if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0)
		fail_msg("%s: status %d: %s", argv[0], r.status, r.err);
	for (line = strtok_r(r.out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		json_t *j = json_loads(line, 0, NULL);

		if (j == NULL)
			fail_msg("%s: not JSON: %s", argv[0], line);
		json_array_append_new(all, j);
	}
	loads_as_rows(argv[0], all);
	return all;
}

static json_t *points(char **args)
{
	return points_n(args, "1");
}

static double num(json_t *p, const char *key)
{
	json_t *v = json_object_get(p, key);

	if (v == NULL)
		fail_msg("no '%s'", key);
	return json_number_value(v);
}

static const char *str(json_t *p, const char *key)
{
	return json_string_value(json_object_get(p, key));
}

static bool is(json_t *p, const char *key, const char *want)
{
	const char *v = str(p, key);

	return v != NULL && !strcmp(v, want);
}

static void ipc_delivers_every_message(void **state)
{
	/* 100000 bytes: more than a pipe holds, so every transfer is split */
	char *argv[] = { "bin/ipc", "--sizes", "8,4096,100000", NULL };
	json_t *all = points(argv), *p;
	size_t i;
	int seen[8] = { 0 };
	static const char *const mech[] = { "pipe",    "socketpair",  "tcp",
		                            "mqueue",  "shm",         "threads",
		                            "pointer", "pipe_threads" };

	(void)state;
	json_array_foreach (all, i, p) {
		for (int k = 0; k < 8; k++)
			seen[k] += !strcmp(str(p, "variant"), mech[k]);
		if (!strcmp(str(p, "mode"), "latency"))
			assert_true(num(p, "us_per_roundtrip") > 0);
		else
			assert_true(num(p, "MBps") > 0);
		/* only a pointer goes uncopied; C never serialises */
		assert_true(json_is_true(json_object_get(p, "copies")) ==
		            !is(p, "variant", "pointer"));
		assert_true(json_is_false(json_object_get(p, "serialises")));
	}
	/* 3 sizes x 2 modes each; mqueue only up to msgsize_max (>= 8192) */
	for (int k = 0; k < 8; k++)
		assert_int_equal(seen[k], k == 3 ? 4 : 6);
	check_ipc_pairs(all);
	json_decref(all);
}

/* ---- the transfer helpers under partial transfers and EINTR ---- */

static int pipefd[2];
static unsigned char sent[1 << 20];

static void on_alarm(int sig)
{
	(void)sig;
}

static void *slow_writer(void *arg)
{
	(void)arg;
	/* odd-sized pieces with pauses: the reader sees short reads */
	for (size_t off = 0; off < sizeof(sent);) {
		size_t n = sizeof(sent) - off < 7777 ? sizeof(sent) - off
		                                     : 7777;

		assert_int_equal(tvp_write_all(pipefd[1], sent + off, n), 0);
		off += n;
		if (off % ((size_t)7777 * 16) == 0)
			usleep(1000);
	}
	return NULL;
}

static void io_survives_partial_transfers_and_eintr(void **state)
{
	static unsigned char got[sizeof(sent)];
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	struct itimerval every_ms = { { 0, 500 }, { 0, 500 } }, off = { 0 };
	pthread_t t;
	sigset_t set;

	(void)state;
	for (size_t k = 0; k < sizeof(sent); k++)
		sent[k] = (unsigned char)(k * 7 + (k >> 9));
	assert_int_equal(pipe(pipefd), 0);
	sigaction(SIGALRM, &sa, NULL);
	/* the writer thread never takes the signal: the reader does */
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_create(&t, NULL, slow_writer, NULL);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	setitimer(ITIMER_REAL, &every_ms, NULL);
	assert_int_equal(tvp_read_full(pipefd[0], got, sizeof(got)),
	                 sizeof(got));
	setitimer(ITIMER_REAL, &off, NULL);
	pthread_join(t, NULL);
	assert_memory_equal(got, sent, sizeof(sent));
	close(pipefd[1]);
	/* at EOF: a short count, not an error */
	assert_int_equal(tvp_read_full(pipefd[0], got, 10), 0);
	close(pipefd[0]);
}

static void race_counts_are_exact_with_synchronisation(void **state)
{
	char *argv[] = { "bin/race", "--workers", "3", NULL };
	json_t *all = points(argv), *p;
	size_t i;
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t allowed;

	(void)state;
	if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
		ncpus = CPU_COUNT(&allowed);
	assert_int_equal(json_array_size(all), 14); /* 7 variants x 2 models */
	json_array_foreach (all, i, p) {
		double want = num(p, "expected_count");
		double got = num(p, "final_count");
		/* every variant but the plain per-worker ones races or
		 * shares a line: a pinned worker per CPU (--workers is the
		 * plain ones') */
		bool fs = !is(p, "variant", "per_worker_padded") &&
		          !is(p, "variant", "per_worker_packed");
		double w = fs ? (ncpus < 2 ? 2 : ncpus) : 3;

		assert_true(num(p, "workers") == w);
		assert_true(json_is_true(json_object_get(p, "pinned")) == fs);
		assert_true(want == w * num(p, "increments_per_worker"));
		/* the timeline: starts before ends, in order, after the
		 * run began; the overlap a share; the CPUs as many as
		 * the workers at most (pinned: one each) */
		assert_true(num(p, "first_start_ns") >= 0);
		assert_true(num(p, "first_start_ns") <=
		            num(p, "last_start_ns"));
		assert_true(num(p, "first_end_ns") <= num(p, "last_end_ns"));
		assert_true(num(p, "first_start_ns") <= num(p, "first_end_ns"));
		assert_true(num(p, "last_start_ns") <= num(p, "last_end_ns"));
		assert_true(num(p, "overlap_frac") >= 0 &&
		            num(p, "overlap_frac") <= 1);
		assert_true(num(p, "distinct_cpus") >= 1 &&
		            num(p, "distinct_cpus") <= w);
		if (fs && ncpus >= 2)
			assert_true(num(p, "distinct_cpus") == w);
		assert_true(num(p, "lost_updates") == want - got);
		if (!strcmp(str(p, "variant"), "none"))
			assert_true(got <= want && got > 0);
		else if (got != want)
			fail_msg("%s %s: %g of %g", str(p, "model"),
			         str(p, "variant"), got, want);
	}
	json_decref(all);
}

static void footprint_shows_copy_on_write(void **state)
{
	char *argv[] = { "bin/footprint", "--workers", "2",
		         "--buffer-mib",  "16",        NULL };
	json_t *all = points(argv);
	double pss[2][2] = { { 0 } }; /* [process][written] */
	double cow[2] = { -1, -1 };   /* [process]: faults while writing */
	json_t *p;
	size_t i;

	(void)state;
	assert_int_equal(json_array_size(all), 4);
	json_array_foreach (all, i, p) {
		int proc = !strcmp(str(p, "variant"), "process");
		int written = !strcmp(str(p, "phase"), "written");

		pss[proc][written] = num(p, "pss_kib_total");
		if (written) {
			cow[proc] = num(p, "cow_minflt_per_worker");
			assert_int_equal(num(p, "pages_per_worker"), 16 * 256);
		}
	}
	/* the counter that explains it: a forked child takes one fault
	 * per 4 KiB page it writes (the kernel copies it), a thread none.
	 * Under ThreadSanitizer each write also writes the page's shadow,
	 * which fork shared too: one more fault per page, never fewer. */
	const char *san = getenv("TVP_SANITIZER");
	double most = san != NULL && !strcmp(san, "tsan") ? 3.0 : 1.05;

	assert_true(cow[1] >= 16 * 256 * 0.95 && cow[1] <= 16 * 256 * most);
	assert_true(cow[0] >= 0 && cow[0] < 16 * 256 * 0.05);
	/* two processes each copy the 16 MiB buffer they write ... */
	assert_true(pss[1][1] - pss[1][0] >= 2 * 16 * 1024 * 0.9);
	/* ... threads write the one buffer they share */
	assert_true(pss[0][1] - pss[0][0] < 16 * 1024 * 0.1);
	json_decref(all);
}

/* C4's fork/thread ratio is taken in rotation when both are asked for
 * (with enough repetitions for an interval, which brackets it), and not
 * at all for a fork alone. */
static void spawn_pairs_fork_with_thread(void **state)
{
	char *both[] = { "bin/spawn",  "--rss-mib",   "0",
		         "--variants", "thread,fork", NULL };
	char *alone[] = { "bin/spawn",  "--rss-mib", "0",
		          "--variants", "fork",      NULL };
	json_t *a = points_n(both, "7"), *b = points(alone), *p;
	size_t i;
	int forks = 0;

	(void)state;
	assert_int_equal(json_array_size(a), 2);
	json_array_foreach (a, i, p) {
		if (!is(p, "variant", "fork")) {
			assert_null(json_object_get(p, "vs_thread"));
			continue;
		}
		forks++;
		assert_int_equal(num(p, "reps"), 7);
		assert_true(num(p, "vs_thread_lo") <= num(p, "vs_thread") &&
		            num(p, "vs_thread") <= num(p, "vs_thread_hi"));
		assert_true(num(p, "fork_us") > 0 &&
		            num(p, "exit_wait_us") > 0);
		assert_true(num(p, "minflt_per_op") > 0); /* the child's */
		/* the paired ratio is fork over thread, not the other way:
		 * on the same side of 1 as the two medians' quotient where
		 * that stands 2x or more from 1 (a fork costs about 100
		 * threads in a plain build; under a sanitizer, which makes
		 * a thread dear, the two come near each other, and which
		 * side of 1 they fall on is then a timing, which a test
		 * does not assert: the tests share the CPUs) */
		json_t *t = json_array_get(a, 0);
		double q = num(p, "us_per_op") / num(t, "us_per_op");
		assert_true(is(t, "variant", "thread"));
		/* (a sanitizer's build is not asked: under ThreadSanitizer a
		 * CI run's medians put a thread at 2.5x a fork while the
		 * paired ratio read 2.08x the other way, seven repetitions
		 * of creations that cost what the sanitizer's bookkeeping
		 * happens to cost that moment) */
		(void)q;
#if !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
		if (fabs(log(q)) >= log(2) &&
		    !(log(num(p, "vs_thread")) * log(q) > 0))
			fail_msg("fork/thread paired %g against medians' %g",
			         num(p, "vs_thread"), q);
#endif
	}
	assert_int_equal(forks, 1);
	assert_int_equal(json_array_size(b), 1);
	assert_null(json_object_get(json_array_get(b, 0), "vs_thread"));
	json_decref(a);
	json_decref(b);
}

static void spawn_ctxsw_oversub_run_every_variant(void **state)
{
	char *spawn[] = { "bin/spawn", "--rss-mib", "0,8", NULL };
	char *ctxsw[] = { "bin/ctxsw", NULL };
	char *over[] = { "bin/oversub", "--per-cpu",
		         "1,3",         "--working-set-kib",
		         "16",          "--share-ms",
		         "2",           NULL };
	json_t *a = points(spawn), *b = points(ctxsw), *c = points(over), *p;
	size_t i;

	(void)state;
	assert_int_equal(json_array_size(a), 10);
	json_array_foreach (a, i, p) {
		assert_true(num(p, "us_per_op") > 0);
		assert_true(num(p, "minflt_per_op") >= 0);
		assert_true(json_is_boolean(json_object_get(p, "thp")));
		assert_true(
		        json_is_integer(json_object_get(p, "anon_huge_kib")));
		/* fork's round split: its return, then the exit and wait */
		if (!is(p, "variant", "fork")) {
			assert_null(json_object_get(p, "fork_us"));
			assert_null(json_object_get(p, "vs_thread"));
			continue;
		}
		/* timed in rotation with the thread: their paired ratio,
		 * named; one repetition has no interval */
		assert_true(num(p, "vs_thread") > 0);
		assert_string_equal(str(p, "vs_thread_variant"), "thread");
		assert_null(json_object_get(p, "vs_thread_lo"));
		for (int k = 0; k < 2; k++) {
			char key[32];
			const char *what = k ? "exit_wait" : "fork";
			double v;

			snprintf(key, sizeof(key), "%s_us", what);
			v = num(p, key);
			snprintf(key, sizeof(key), "%s_us_min", what);
			assert_true(num(p, key) > 0 && num(p, key) <= v);
			snprintf(key, sizeof(key), "%s_us_max", what);
			assert_true(num(p, key) >= v);
		}
	}
	assert_true(json_array_size(b) >= 2);
	json_array_foreach (b, i, p) {
		assert_true(num(p, "us_per_roundtrip") > 0);
		/* each side is switched out about once a round trip: the
		 * partner's own count, whatever the model (bounds wide
		 * enough for a loaded machine, where other programs
		 * preempt it too, or a reply that finds the next byte
		 * already there) */
		double sw = num(p, "partner_vcsw_per_roundtrip") +
		            num(p, "partner_ivcsw_per_roundtrip");
		if (sw < 0.5 || sw > 3)
			fail_msg("%s on %g CPUs: the partner was switched "
			         "out %.2f times a round trip",
			         str(p, "variant"), num(p, "cpus"), sw);
		/* both ends' switches per one-way message, and where
		 * each end ran: on one CPU, the same one (pinned) */
		assert_true(num(p, "switches_per_msg") > 0);
		assert_true(num(p, "a_cpu") >= 0 && num(p, "b_cpu") >= 0);
		if (num(p, "cpus") == 1)
			assert_true(num(p, "a_cpu") == num(p, "b_cpu"));
		/* the process side carries the paired ratio to threads,
		 * and names it; one repetition is too few for an interval
		 * (6 at least), so the line has none to be judged on */
		if (!strcmp(json_string_value(json_object_get(p, "variant")),
		            "process")) {
			assert_true(num(p, "vs_thread") > 0);
			assert_null(json_object_get(p, "vs_thread_lo"));
			assert_null(json_object_get(p, "vs_thread_hi"));
			assert_non_null(strstr(str(p, "vs_thread_stat"),
			                       "median of paired"));
		}
		/* on one CPU the round trip's pipe calls, timed alone in
		 * the same rotation; each side's switch without them, half
		 * the round trip less them (arithmetic, not a timing: which
		 * is longer is the machine's, and a sanitizer's build can
		 * make the pipe calls alone the longer); the process side
		 * the net paired ratio, named, where every rotation's thread
		 * round trip outlasted its pipe calls (on two CPUs: none) */
		if (num(p, "cpus") != 1) {
			assert_null(json_object_get(p, "us_per_pipe_calls"));
			continue;
		}
		assert_true(num(p, "us_per_pipe_calls") > 0);
		assert_true(fabs(num(p, "us_per_switch_net") -
		                 (num(p, "us_per_roundtrip") -
		                  num(p, "us_per_pipe_calls")) /
		                         2) <
		            1e-4 * num(p, "us_per_roundtrip"));
		if (is(p, "variant", "process") &&
		    json_object_get(p, "vs_thread_net")) {
			assert_true(num(p, "vs_thread_net") > 0);
			assert_non_null(strstr(str(p, "vs_thread_net_stat"),
			                       "pipe calls"));
		} else if (!is(p, "variant", "process"))
			assert_null(json_object_get(p, "vs_thread_net"));
	}
	assert_int_equal(json_array_size(c), 4);
	json_array_foreach (c, i, p) {
		assert_true(num(p, "pss_kib_total") > 0);
		/* 3 per CPU against 1 per CPU, paired, on the 3x line only */
		assert_true((num(p, "workers_per_cpu") == 3) ==
		            (json_object_get(p, "vs_one_per_cpu") != NULL));
		/* the timed region is the release to the last end; what a
		 * whole run also held is beside it */
		assert_string_equal(
		        json_string_value(json_object_get(p, "timed")),
		        "release-to-last-done");
		assert_true(num(p, "create_ms_per_run") > 0);
		assert_true(num(p, "reap_ms_per_run") >= 0);
		assert_true(num(p, "ivcsw_per_worker") >= 0);
		assert_true(num(p, "vcsw_per_worker") >= 0);
		/* the work's CPU time, summed over the workers: some, and
		 * never more than every CPU busy for the whole window (each
		 * worker's clock runs inside it; the mean is over every run,
		 * the calibration's too, which the slowest rep may not hold:
		 * half again for those) */
		assert_true(num(p, "cpu_ms_per_run") > 0);
		assert_true(num(p, "cpu_ms_per_run") <=
		            num(p, "cpus") * num(p, "ms_per_run_max") * 1.5);
	}
	json_decref(a);
	json_decref(b);
	json_decref(c);
}

/* An estimate with its interval: lo <= value <= hi, all positive. */
static void assert_estimate(json_t *p, const char *key)
{
	char lo[64], hi[64];

	snprintf(lo, sizeof(lo), "%s_lo", key);
	snprintf(hi, sizeof(hi), "%s_hi", key);
	if (!(num(p, lo) > 0 && num(p, lo) <= num(p, key) &&
	      num(p, key) <= num(p, hi)))
		fail_msg("%s: %g [%g, %g]", key, num(p, key), num(p, lo),
		         num(p, hi));
}

/*
 * oversub's lines carry the conditions C5's verdict needs, whatever they
 * measured (no timing is asserted: a tiny share on a shared machine may
 * well not be preempted): the least-preempted worker's involuntary
 * switches and their mean, the working set and the share each worker
 * got, the L2 and PCID (null where the machine does not say), the
 * scheduler's slice as read and as measured; 64x against 1x per model
 * and processes against threads at each level, with their intervals over
 * ten rounds. Its quick plan runs 1 and 64 per CPU.
 */
static void oversub_reports_its_conditions(void **state)
{
	char *argv[] = { "bin/oversub", "--per-cpu", "1,64",
		         "--share-ms",  "1",         "--working-set-kib",
		         "8",           NULL };
	json_t *all = points_n(argv, "10"), *p, *v;
	struct proc_result r;
	size_t i;
	int at64 = 0;

	(void)state;
	assert_int_equal(json_array_size(all), 4);
	json_array_foreach (all, i, p) {
		bool procs = !strcmp(str(p, "variant"), "process");
		long per_cpu = (long)num(p, "workers_per_cpu");

		assert_true(per_cpu == 1 || per_cpu == 64);
		assert_true(json_is_integer(json_object_get(p, "reps")));
		assert_int_equal(num(p, "reps"), 10);
		assert_true(json_is_integer(
		        json_object_get(p, "ivcsw_min_worker")));
		assert_true(num(p, "ivcsw_min_worker") >= 0);
		/* the least-preempted worker of the typical round, and of
		 * every round: one of them, never above the mean */
		assert_true(json_is_integer(
		        json_object_get(p, "ivcsw_min_worker_any_round")));
		assert_true(num(p, "ivcsw_min_worker_any_round") <=
		            num(p, "ivcsw_min_worker"));
		assert_true(num(p, "ivcsw_min_worker_any_round") <=
		            num(p, "ivcsw_per_worker"));
		assert_true(
		        json_is_integer(json_object_get(p, "working_set_kib")));
		assert_int_equal(num(p, "working_set_kib"), 8);
		assert_true(num(p, "share_ms") == 1);
		assert_true(json_is_integer(
		        json_object_get(p, "passes_per_worker")));
		assert_true(num(p, "passes_per_worker") >= 1);
		assert_true(num(p, "cpu_ms_per_worker") > 0);
		assert_true(
		        fabs(num(p, "cpu_ms_per_worker") * num(p, "workers") -
		             num(p, "cpu_ms_per_run")) <
		        1e-3 * num(p, "cpu_ms_per_run"));
		/* a share's time: a run's over the shares a CPU ran, 5 a
		 * worker at 1 per CPU (the reference, a quarter second
		 * long), 1 at 64 */
		assert_true(json_is_integer(
		        json_object_get(p, "shares_per_worker")));
		assert_int_equal(num(p, "shares_per_worker"),
		                 per_cpu == 1 ? 5 : 1);
		assert_true(fabs(num(p, "ms_per_share") * (double)per_cpu *
		                         num(p, "shares_per_worker") -
		                 num(p, "ms_per_run")) <
		            1e-3 * num(p, "ms_per_run"));
		/* what the machine says, or null where it does not */
		v = json_object_get(p, "l2_kib");
		assert_true(json_is_null(v) ||
		            (json_is_integer(v) && json_integer_value(v) > 0));
		/* where the L2 was read, exactly when it was */
		assert_true(json_is_null(v) ==
		            json_is_null(json_object_get(p, "l2_source")));
		if (!json_is_null(v))
			assert_true(!strcmp(str(p, "l2_source"), "sysfs") ||
			            !strcmp(str(p, "l2_source"), "cpuid"));
		v = json_object_get(p, "pcid");
		assert_true(json_is_null(v) || json_is_boolean(v));
		v = json_object_get(p, "slice_ms");
		assert_true(json_is_null(v) ||
		            (json_is_real(v) && json_real_value(v) > 0));
		v = json_object_get(p, "sched_slice_ns");
		assert_true(json_is_null(v) ||
		            (json_is_integer(v) && json_integer_value(v) > 0));
		assert_true(json_is_null(v) == json_is_null(json_object_get(
		                                       p, "sched_slice_file")));
		/* the ratios, each on its own line */
		assert_true((per_cpu == 64) ==
		            (json_object_get(p, "vs_one_per_cpu") != NULL));
		assert_true((per_cpu == 64) ==
		            (json_object_get(p, "cpu_vs_one_per_cpu") != NULL));
		if (per_cpu == 64) {
			assert_estimate(p, "vs_one_per_cpu");
			assert_estimate(p, "cpu_vs_one_per_cpu");
		}
		assert_true(procs ==
		            (json_object_get(p, "procs_vs_threads") != NULL));
		assert_true(
		        procs ==
		        (json_object_get(p, "cpu_procs_vs_threads") != NULL));
		if (procs) {
			assert_estimate(p, "procs_vs_threads");
			assert_estimate(p, "cpu_procs_vs_threads");
		}
		at64 += per_cpu == 64;
	}
	assert_int_equal(at64, 2);
	json_decref(all);
	/* the quick plan holds 1 and 64 per CPU */
	assert_int_equal(
	        run_cmd(&r, NULL, "bin/oversub", "--describe", NULL, NULL), 0);
	assert_int_equal(WEXITSTATUS(r.status), 0);
	json_t *d = json_loads(r.out, 0, NULL);
	const char *quick = json_string_value(
	        json_object_get(json_object_get(d, "micro"), "quick"));
	const char *list = quick ? strstr(quick, "--per-cpu ") : NULL;
	char buf[128], *save = NULL;
	bool one = false, top = false;

	assert_non_null(list);
	snprintf(buf, sizeof(buf), "%s", list + strlen("--per-cpu "));
	buf[strcspn(buf, " ")] = '\0';
	for (char *t = strtok_r(buf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		one |= !strcmp(t, "1");
		top |= !strcmp(t, "64");
	}
	if (!one || !top)
		fail_msg("quick plan '%s' lacks 1 or 64 per CPU", quick);
	json_decref(d);
}

static void micro_bad_arguments_exit_2(void **state)
{
	static const char *const cases[][4] = {
		{ "bin/spawn", "--variants", "clone" },
		{ "bin/spawn", "--rss-mib", "-1" },
		{ "bin/ipc", "--sizes", "4" },
		{ "bin/ipc", "--variants", "carrier-pigeon" },
		{ "bin/race", "--workers", "0" },
		{ "bin/race", "--variants", "lockfree" },
		{ "bin/race", "--fs-workers", "1" },
		{ "bin/race", "--fs-workers", "100000" },
		{ "bin/ctxsw", "--cpus", "three" },
		{ "bin/footprint", "--workers", "x" },
		{ "bin/oversub", "--per-cpu", "0" },
		{ "bin/oversub", "--per-cpu", "1,x" },
		{ "bin/oversub", "--per-cpu", "64,1,64" },
		{ "bin/oversub", "--working-set-kib", "2" },
		{ "bin/oversub", "--working-set-kib", "lots" },
		{ "bin/oversub", "--share-ms", "0" },
		{ "bin/oversub", "--reps", "0" },
		{ "bin/ipc", "--bogus" },
		{ "bin/race", "stray" },
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		struct proc_result r;

		assert_int_equal(run_prog((char **)cases[c], NULL, 10, &r), 0);
		if (WEXITSTATUS(r.status) != 2 || r.out_len != 0 ||
		    strchr(r.err, '\n') != r.err + r.err_len - 1)
			fail_msg("%s %s: status %d, err '%s'", cases[c][0],
			         cases[c][1], r.status, r.err);
	}
}

/*
 * Every micro-benchmark says what it is (--describe), which is how the
 * sweep finds it: its own name, the claim it bears on, non-empty quick
 * arguments that the program itself accepts (bad ones would exit 2), a
 * Python counterpart that exists; tvp-report describe turns each into the
 * line micro.sh reads, and refuses a line that lacks a field.
 */
static void micro_benchmarks_describe_themselves(void **state)
{
	static const char *const names[] = { "spawn", "footprint", "ipc",
		                             "ctxsw", "race",      "oversub" };
	struct proc_result r;
	char path[64], lines[8192] = "";

	(void)state;
	for (size_t k = 0; k < sizeof(names) / sizeof(*names); k++) {
		snprintf(path, sizeof(path), "bin/%s", names[k]);
		assert_int_equal(
		        run_cmd(&r, NULL, path, "--describe", NULL, NULL), 0);
		assert_int_equal(WEXITSTATUS(r.status), 0);
		json_t *j = json_loads(r.out, 0, NULL),
		       *m = json_object_get(j, "micro");
		const char *claim =
		        json_string_value(json_object_get(m, "claim"));
		const char *py =
		        json_string_value(json_object_get(m, "python"));
		const char *quick =
		        json_string_value(json_object_get(m, "quick"));

		assert_non_null(m);
		assert_string_equal(
		        json_string_value(json_object_get(m, "name")),
		        names[k]);
		assert_true(claim && claim[0] == 'C' && atoi(claim + 1) >= 1 &&
		            atoi(claim + 1) <= 10);
		assert_true(quick && *quick);
		if (py)
			assert_int_equal(access(py, R_OK), 0);
		/* the quick arguments parse: --help after them exits 0 */
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "%s %s --help >/dev/null", path,
		         quick);
		assert_int_equal(system(cmd), 0);
		strncat(lines, r.out, sizeof(lines) - strlen(lines) - 1);
		/* C7's pairs are judged across sizes: C and Python run the
		 * same ones, in either sweep */
		for (int full = 0; !strcmp(names[k], "ipc") && full < 2;
		     full++) {
			const char *c = json_string_value(
			        json_object_get(m, full ? "full" : "quick"));
			const char *pyargs = json_string_value(json_object_get(
			        m, full ? "python_full" : "python_quick"));
			const char *cs = c ? strstr(c, "--sizes ") : NULL;
			const char *ps = pyargs ? strstr(pyargs, "--sizes ")
			                        : NULL;

			assert_non_null(cs);
			assert_non_null(ps);
			assert_int_equal(strcspn(cs + 8, " "),
			                 strcspn(ps + 8, " "));
			assert_memory_equal(cs, ps, 8 + strcspn(cs + 8, " "));
		}
		json_decref(j);
	}
	/* through tvp-report describe: one line of seven fields each */
	FILE *f = fopen("build/micro-describe.txt", "w");
	assert_non_null(f);
	fputs(lines, f);
	fclose(f);
	assert_int_equal(run_cmd(&r, NULL, "/bin/sh", "-c",
	                         "bin/tvp-report describe "
	                         "< build/micro-describe.txt",
	                         NULL),
	                 0);
	assert_int_equal(WEXITSTATUS(r.status), 0);
	int nl = 0;
	for (char *l = r.out, *e; (e = strchr(l, '\n')) != NULL; l = e + 1) {
		int bars = 0;
		for (char *c = l; c < e; c++)
			bars += *c == '|';
		assert_int_equal(bars, 6);
		nl++;
	}
	assert_int_equal(nl, 6);
	assert_non_null(strstr(r.out, "race|C9|"));
	/* a line without its claim: refused, exit 2 */
	assert_int_equal(run_cmd(&r, NULL, "/bin/sh", "-c",
	                         "echo '{\"micro\":{\"name\":\"x\"}}' | "
	                         "bin/tvp-report describe",
	                         NULL),
	                 0);
	assert_int_equal(WEXITSTATUS(r.status), 2);
	assert_non_null(strstr(r.err, "not a micro-benchmark's"));
	unlink("build/micro-describe.txt");
}

/* A killed ipc leaves no process and no queue name behind. */
static void killed_ipc_leaves_nothing(void **state)
{
	char *argv[] = { "bin/ipc", "--variants", "mqueue", "--sizes",
		         "8",       "--min-ms",   "2000",   NULL };
	pid_t kids[4], pid;
	int fd;
	char err[1024];

	(void)state;
	pid = start_prog(argv, NULL, &fd);
	assert_int_equal(wait_children(pid, 1, kids, 4, 5000), 1);
	usleep(100000);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	slurp_fd(fd, err, sizeof(err));
	close(fd);
	/* the partner dies by its death signal, soon after */
	assert_int_equal(wait_no_orphans(5000), 0);
	if (access("/dev/mqueue", F_OK) == 0) {
		struct proc_result r;
		char *ls[] = { "/bin/sh", "-c",
			       "ls /dev/mqueue | grep -c tvp-ipc", NULL };

		run_prog(ls, NULL, 5, &r);
		assert_string_equal(r.out, "0\n");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipc_delivers_every_message),
		cmocka_unit_test(io_survives_partial_transfers_and_eintr),
		cmocka_unit_test(race_counts_are_exact_with_synchronisation),
		cmocka_unit_test(footprint_shows_copy_on_write),
		cmocka_unit_test(spawn_pairs_fork_with_thread),
		cmocka_unit_test(spawn_ctxsw_oversub_run_every_variant),
		cmocka_unit_test(oversub_reports_its_conditions),
		cmocka_unit_test(micro_bad_arguments_exit_2),
		cmocka_unit_test(micro_benchmarks_describe_themselves),
		cmocka_unit_test(killed_ipc_leaves_nothing),
	};

	become_subreaper();
	return tvp_run_tests(tests, NULL, NULL);
}

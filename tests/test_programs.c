/* SPDX-License-Identifier: MIT */
/*
 * The programs as a user runs them: every workload x model x schedule x
 * worker count prints the serial checksum; bad input exits 2 with one
 * line; a killed worker, a signal or a failed fork ends the run with a
 * message and leaves no process, temp file or directory behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <grp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../scripts/report/rows.h"
#include "util.h"

/* A workload by name: the tests never address one by position. */
#define W(name) ((size_t)workload_index(name))

static const char *const schedules[] = { "static", "per-task", "pool" };

/* Build argv for bin/W-M with the small sizes and extra arguments. */
static int make_argv(char **argv, char *path, size_t plen, size_t w,
                     const char *model, const char *const *extra)
{
	int n = 0;

	const struct workload_desc *wl;

	workloads(&wl);
	snprintf(path, plen, "bin/%s-%s", wl[w].name, model);
	argv[n++] = path;
	for (int k = 0; wl[w].small[k]; k++)
		argv[n++] = wl[w].small[k];
	while (extra && *extra)
		argv[n++] = (char *)*extra++;
	argv[n] = NULL;
	return n;
}

/* Run and return the checksum string from the JSON line (static). */
static const char *checksum_of(size_t w, const char *model,
                               const char *const *extra)
{
	static char sum[64];
	static struct proc_result r;
	char path[64], *argv[32];
	char *env[] = { temp_env(), NULL };
	json_error_t jerr;
	json_t *j;

	make_argv(argv, path, sizeof(path), w, model, extra);
	assert_int_equal(run_prog(argv, env, 30, &r), 0);
	if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0)
		fail_msg("%s failed: %s", path, r.err);
	j = json_loads(r.out, 0, &jerr);
	if (j == NULL)
		fail_msg("%s: not JSON: %s (%s)", path, r.out, jerr.text);
	snprintf(sum, sizeof(sum), "%s",
	         json_string_value(json_object_get(j, "checksum")));
	json_decref(j);
	return sum;
}

/* Every compared model (threads, procs, and whatever bench/models/ adds)
 * on every workload, schedule and worker count. */
static void every_model_gives_the_serial_checksum(void **state)
{
	const struct workload_desc *wl;
	const struct model_desc *md;
	int nw = workloads(&wl), nm = models(&md);

	(void)state;
	for (int w = 0; w < nw; w++) {
		const char *base[] = { "--tasks", "10", "--json", NULL };
		char want[64];

		snprintf(want, sizeof(want), "%s",
		         checksum_of((size_t)w, "serial", base));
		for (int m = 0; m < nm; m++)
			for (int s = 0; s < 3; s++) {
				/* 1, 2, 3, 7 and more workers than tasks for
				 * the first workload; the others, and every
				 * workload in a sanitizer build, the first two
				 * (uneven chunks, more workers than tasks): how
				 * tasks are split is the model's code, the
				 * same for every workload */
				static const char *const ws[] = { "3", "13",
					                          "1", "2",
					                          "7" };
				char sched[24];

				snprintf(sched, sizeof(sched), ",%s,",
				         schedules[s]);
				if (strcmp(md[m].role, "model") != 0 ||
				    !strstr(md[m].schedules, sched))
					continue;
				for (int k = 0; k < (w == 0 ? reps(5, 2) : 2);
				     k++) {
					const char *x[] = {
						"--tasks",    "10",
						"--json",     "--schedule",
						schedules[s], "--workers",
						ws[k],        NULL
					};
					const char *got = checksum_of(
					        (size_t)w, md[m].name, x);

					if (strcmp(got, want) != 0)
						fail_msg("%s %s %s W=%s: %s != "
						         "serial %s",
						         wl[w].name, md[m].name,
						         schedules[s], ws[k],
						         got, want);
				}
			}
	}
	assert_int_equal(dir_entries(temp_dir()), 0); /* no temp dir left */
}

static void one_task_and_verify(void **state)
{
	(void)state;
	for (size_t w = 0; w < (size_t)workloads(NULL); w++) {
		const char *one[] = { "--tasks", "1", "--json", NULL };
		const char *v[] = { "--tasks",  "5",     "--workers", "3",
			            "--verify", "--pin", "--json",    NULL };
		char want[64];

		snprintf(want, sizeof(want), "%s",
		         checksum_of(w, "serial", one));
		assert_string_equal(checksum_of(w, "threads", one), want);
		assert_string_equal(checksum_of(w, "procs", one), want);
		checksum_of(w, "procs", v); /* exits 0 only if verified */
		checksum_of(w, "threads", v);
	}
}

static void known_checksums(void **state)
{
	const char *c[] = { "--tasks", "7", "--json", NULL };
	const char *p[] = { "--tasks", "9", "--n", "1000000", "--json", NULL };
	const char *s[] = { "--tasks", "30", "--workers", "30", "--json", NULL };

	(void)state;
	assert_string_equal(checksum_of(W("count"), "procs", c),
	                    "7000"); /* 7 x 1000 */
	assert_string_equal(checksum_of(W("primes"), "threads", p), "78498");
	/* sum of i + 100 for i < 30 */
	assert_string_equal(checksum_of(W("sleep"), "procs", s), "3435");
}

static void json_line_has_every_field(void **state)
{
	static const char *const fields[] = {
		"workload",     "kind",      "model",           "schedule",
		"workers",      "tasks",     "checksum",        "wall_ns",
		"setup_ns",     "spawn_ns",  "maxrss_kb",       "cpus",
		"ncpus",        "n",         "cpu_ns",          "task_cpu_ns",
		"steal_ns",     "timeline",  "minflt",          "majflt",
		"nvcsw",        "nivcsw",    "migrations",      "cycles",
		"instructions", "window_ns", "tasks_per_worker"
	};
	char *argv[] = { "bin/count-procs", "--n", "10", "--workers", "2",
		         "--json",          NULL };
	struct proc_result r;
	json_t *j;

	(void)state;
	assert_int_equal(run_prog(argv, NULL, 10, &r), 0);
	j = json_loads(r.out, JSON_DISABLE_EOF_CHECK, NULL);
	assert_non_null(j);
	for (size_t f = 0; f < sizeof(fields) / sizeof(*fields); f++)
		if (json_object_get(j, fields[f]) == NULL)
			fail_msg("no '%s' in %s", fields[f], r.out);
	assert_string_equal(json_string_value(json_object_get(j, "model")),
	                    "procs");
	assert_true(json_integer_value(json_object_get(j, "wall_ns")) > 0);
	assert_true(json_integer_value(json_object_get(j, "maxrss_kb")) > 0);
	/* the report's reader of a run's line (rows.c's program table) takes
	 * it, of the newest format */
	struct tvp_progline pl = { 0 };
	char perr[512];
	if (tvp_row_of(&tvp_schema_program, j, "out", 1, &pl, perr,
	               sizeof(perr)) != 0)
		fail_msg("the line does not load: %s", perr);
	assert_int_equal(pl.format, tvp_schema_newest(&tvp_schema_program));
	tvp_row_clear(&tvp_schema_program, &pl);
	/* and its table of a claims run (claims-pool), as the sweep writes
	 * it with its round */
	json_object_set_new(j, "round", json_integer(0));
	json_t *lines = json_pack("[O]", j);
	char err[512];
	void *rows;
	size_t n;
	if (tvp_rows_of(&tvp_schema_pool, lines, "claims-pool", &rows, &n, err,
	                sizeof(err)) != 0)
		fail_msg("the line does not load: %s", err);
	assert_int_equal(tvp_row_format(&tvp_schema_pool, rows, 0),
	                 tvp_schema_newest(&tvp_schema_pool));
	tvp_rows_free(&tvp_schema_pool, rows, n);
	json_decref(lines);
	json_decref(j);
	/* Exactly one line. */
	assert_non_null(strchr(r.out, '\n'));
	assert_string_equal(strchr(r.out, '\n'), "\n");
}

/*
 * --tasks-per-worker P gives W workers P x W tasks of the same work (the
 * count's checksum is the tasks x n), says P in the line, and the window
 * (first task started to last result in) lies within the run's wall time
 * and holds at least one task's sleep.
 */
static void tasks_per_worker_scale_the_work(void **state)
{
	static const char *const progs[] = { "bin/count-serial",
		                             "bin/count-threads",
		                             "bin/count-procs" };
	char workers[8];
	char *sleep[] = { "bin/sleep-threads",
		          "--workers",
		          "3",
		          "--tasks-per-worker",
		          "2",
		          "--ms",
		          "20",
		          "--json",
		          NULL };
	struct proc_result r;
	json_t *j;

	(void)state;
	for (size_t k = 0; k < sizeof(progs) / sizeof(*progs); k++) {
		long w = k == 0 ? 1 : 3;
		char *argv[] = { (char *)progs[k],
			         "--tasks-per-worker",
			         "4",
			         "--n",
			         "1000",
			         "--json",
			         k ? "--workers" : NULL,
			         workers,
			         NULL };
		char want[32];

		snprintf(workers, sizeof(workers), "%ld", w);
		assert_int_equal(run_prog(argv, NULL, 10, &r), 0);
		j = json_loads(r.out, JSON_DISABLE_EOF_CHECK, NULL);
		if (j == NULL)
			fail_msg("%s: %s %s", progs[k], r.out, r.err);
		assert_int_equal(
		        json_integer_value(json_object_get(j, "tasks")), 4 * w);
		assert_int_equal(json_integer_value(json_object_get(
		                         j, "tasks_per_worker")),
		                 4);
		snprintf(want, sizeof(want), "%ld", 4 * w * 1000);
		assert_string_equal(
		        json_string_value(json_object_get(j, "checksum")),
		        want);
		json_decref(j);
	}
	/* a fixed total says so: null */
	{
		char *argv[] = { "bin/count-threads", "--n", "10", "--json",
			         NULL };

		assert_int_equal(run_prog(argv, NULL, 10, &r), 0);
		j = json_loads(r.out, JSON_DISABLE_EOF_CHECK, NULL);
		assert_non_null(j);
		assert_true(
		        json_is_null(json_object_get(j, "tasks_per_worker")));
		json_decref(j);
	}
	/* 3 workers, 2 sleeps of 20 ms each: a window of at least 40 ms */
	assert_int_equal(run_prog(sleep, NULL, 10, &r), 0);
	j = json_loads(r.out, JSON_DISABLE_EOF_CHECK, NULL);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "tasks")), 6);
	assert_true(json_integer_value(json_object_get(j, "window_ns")) >=
	            40000000);
	assert_true(json_integer_value(json_object_get(j, "window_ns")) <=
	            json_integer_value(json_object_get(j, "wall_ns")));
	json_decref(j);
}

/*
 * Every model's line accounts for its tasks (accounting_error), and a
 * serial run spends all but a sliver of its CPU time inside its tasks:
 * what is outside them is the loop, the clock reads and whatever another
 * thread of the process did meanwhile (within 5%).
 */
static void every_model_accounts_for_its_tasks(void **state)
{
	const struct model_desc *md;
	int nm = models(&md);

	(void)state;
	for (int m = 0; m < nm; m++)
		for (size_t s = 0; s < 3; s++) {
			bool serial = !strcmp(md[m].role, "baseline");
			char path[64];
			/* serial: long enough (about 0.1 s) that what a
			 * sanitizer's runtime does beside the loop (starting
			 * the signal watcher thread) stays under 5% */
			char *argv[] = { path,
				         "--n",
				         serial ? "100000000" : "3000000",
				         "--tasks",
				         serial ? "4" : "7",
				         "--json",
				         "--workers",
				         serial ? "1" : "3",
				         serial ? NULL : "--schedule",
				         (char *)schedules[s],
				         NULL };
			struct proc_result r;
			const char *bad;
			json_t *j;

			char sched[24];

			snprintf(sched, sizeof(sched), ",%s,", schedules[s]);
			/* serial: no schedule; the launched (mpi): in
			 * test_yardsticks; and only the schedules it takes */
			if ((serial && s > 0) || md[m].launcher ||
			    (!serial && !strstr(md[m].schedules, sched)))
				continue;
			snprintf(path, sizeof(path), "bin/count-%s",
			         md[m].name);
			assert_int_equal(run_prog(argv, NULL, 30, &r), 0);
			j = json_loads(r.out, JSON_DISABLE_EOF_CHECK, NULL);
			if (j == NULL)
				fail_msg("%s: %s %s", path, r.out, r.err);
			if ((bad = accounting_error(j)) != NULL)
				fail_msg("%s %s: %s: %s", path, schedules[s],
				         bad, r.out);
			if (serial) {
				double cpu = (double)json_integer_value(
				        json_object_get(j, "cpu_ns"));
				double task = (double)json_integer_value(
				        json_object_get(j, "task_cpu_ns"));

				if (task < 0.95 * cpu)
					fail_msg(
					        "serial: task_cpu_ns %.0f is "
					        "not within 5%% of cpu_ns %.0f",
					        task, cpu);
			}
			json_decref(j);
		}
}

static void bad_arguments_exit_2_with_one_line(void **state)
{
	static const char *const cases[][6] = {
		{ "bin/count-threads", "--workers", "abc" },
		{ "bin/count-threads", "--workers", "-1" },
		{ "bin/count-threads", "--workers", "0" },
		{ "bin/count-threads", "--workers", "4097" },
		{ "bin/count-threads", "--workers", "99999999999999999999999" },
		{ "bin/count-threads", "--tasks", "0" },
		{ "bin/count-threads", "--tasks", "1000001" },
		{ "bin/count-threads", "--tasks", "1e3" },
		{ "bin/count-threads", "--bogus" },
		{ "bin/count-threads", "--schedule", "fast" },
		{ "bin/count-threads", "stray" },
		{ "bin/count-threads", "--workers" },
		{ "bin/count-procs", "--n", "-5" },
		{ "bin/count-procs", "--n", "" },
		{ "bin/sleep-procs", "--ms", "x" },
		{ "bin/stream-procs", "--size", "1048576" },
		{ "bin/files-threads", "--size", "4194304", "--tasks",
		  "1000000" },
		{ "bin/count-serial", "--workers", "2" },
		{ "bin/count-serial", "--schedule", "pool" },
		{ "bin/mandel-threads", "--out", "" },
		/* tasks per worker: only where every task is the same work,
			 * never beside --tasks, never past the most tasks */
		{ "bin/primes-threads", "--tasks-per-worker", "8" },
		{ "bin/count-threads", "--tasks-per-worker", "0" },
		{ "bin/count-threads", "--tasks-per-worker", "2", "--tasks",
		  "4" },
		{ "bin/count-threads", "--workers", "4", "--tasks-per-worker",
		  "250001" },
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		struct proc_result r;
		char *nl;

		assert_int_equal(run_prog((char **)cases[c], NULL, 10, &r), 0);
		if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 2)
			fail_msg("%s %s: status %d, want exit 2", cases[c][0],
			         cases[c][1], r.status);
		assert_int_equal(r.out_len, 0);
		nl = strchr(r.err, '\n');
		if (nl == NULL || nl[1] != '\0')
			fail_msg("%s %s: want one line, got '%s'", cases[c][0],
			         cases[c][1], r.err);
	}
}

static void help_has_usage_and_example(void **state)
{
	char *argv[] = { "bin/files-procs", "--help", NULL };
	struct proc_result r;

	(void)state;
	assert_int_equal(run_prog(argv, NULL, 10, &r), 0);
	assert_int_equal(WEXITSTATUS(r.status), 0);
	assert_non_null(strstr(r.out, "usage: files-procs"));
	assert_non_null(strstr(r.out, "--cold"));
	assert_non_null(strstr(r.out, "example: "));
}

/* Kill one worker by pid; the run must fail naming it, leave nothing. */
static void killed_worker_is_reported(void **state)
{
	(void)state;
	for (int s = 0; s < 3; s++) {
		char *argv[] = { "bin/count-procs",
			         "--n",
			         "4000000000",
			         "--workers",
			         "2",
			         "--tasks",
			         "4",
			         "--schedule",
			         (char *)schedules[s],
			         NULL };
		char *env[] = { temp_env(), NULL };
		pid_t kids[8], pid;
		int err_fd, status, n;
		char err[4096], want[64];

		pid = start_prog(argv, env, &err_fd);
		n = wait_children(pid, 2, kids, 8, 5000);
		assert_int_equal(n, 2);
		kill(kids[1], SIGKILL);
		slurp_fd(err_fd, err, sizeof(err));
		close(err_fd);
		waitpid(pid, &status, 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
		snprintf(want, sizeof(want), "(pid %d) was killed by signal 9",
		         kids[1]);
		if (strstr(err, want) == NULL)
			fail_msg("%s: stderr '%s' lacks '%s'", schedules[s],
			         err, want);
		assert_true(pid_gone(kids[0]));
		assert_true(pid_gone(kids[1]));
		assert_int_equal(orphans_left(), 0);
	}
}

/* SIGINT/SIGTERM mid-run and mid-setup: status 128+sig, nothing left. */
static void signals_stop_cleanly(void **state)
{
	static const int sigs[] = { SIGINT, SIGTERM };

	(void)state;
	for (int m = 0; m < 2; m++)
		for (int s = 0; s < 2; s++) {
			char path[64];
			char *run_argv[] = { path,        "--ms", "20000",
				             "--workers", "3",    NULL };
			/* Many files: the signal lands while setup writes. */
			char *setup_argv[] = { path,     "--tasks", "100000",
				               "--size", "1",       NULL };
			char *env[] = { temp_env(), NULL };
			char err[4096];
			pid_t kids[8], pid;
			int err_fd, status;

			snprintf(path, sizeof(path), "bin/sleep-%s",
			         m ? "procs" : "threads");
			pid = start_prog(run_argv, env, &err_fd);
			/* mid-run: the signal taken (the watcher's mask set:
			 * a sanitizer runs threads of its own, so a count of
			 * threads cannot tell) and every worker started */
			assert_true(wait_sig_blocked(pid, strchr(path, '/') + 1,
			                             sigs[s], 10000));
			if (m)
				assert_int_equal(wait_children(pid, 3, kids, 8,
				                               5000),
				                 3);
			else
				assert_true(wait_threads(pid, 5, 10000) >= 5);
			kill(pid, sigs[s]);
			slurp_fd(err_fd, err, sizeof(err));
			close(err_fd);
			waitpid(pid, &status, 0);
			assert_true(WIFEXITED(status));
			assert_int_equal(WEXITSTATUS(status), 128 + sigs[s]);
			assert_non_null(strstr(err, "interrupted by"));
			/* A worker the abort did not reach (forked, its slot
			 * not yet set) dies of PR_SET_PDEATHSIG when the parent
			 * exits: soon, not at once; 2 s at most. */
			for (int k = 0; m && k < 3; k++) {
				for (int i = 0; i < 200 && !pid_gone(kids[k]);
				     i++) {
					live_orphans(); /* reaps a re-parented zombie */
					usleep(10000);
				}
				assert_true(pid_gone(kids[k]));
			}
			assert_int_equal(orphans_left(), 0);

			snprintf(path, sizeof(path), "bin/files-%s",
			         m ? "procs" : "threads");
			pid = start_prog(setup_argv, env, &err_fd);
			/* the signal taken (setup comes after the watcher's
			 * mask), and setup has begun writing its files */
			assert_true(wait_sig_blocked(pid, strchr(path, '/') + 1,
			                             sigs[s], 10000));
			usleep(50000);
			kill(pid, sigs[s]);
			slurp_fd(err_fd, err, sizeof(err));
			close(err_fd);
			waitpid(pid, &status, 0);
			assert_int_equal(WEXITSTATUS(status), 128 + sigs[s]);
			assert_int_equal(dir_entries(temp_dir()), 0);
			assert_int_equal(orphans_left(), 0);
		}
}

/*
 * fork/pthread_create failing with EAGAIN: as an unprivileged user with
 * RLIMIT_NPROC at 2 (main thread + signal watcher), the first worker
 * cannot be created. Root ignores RLIMIT_NPROC, so drop to nobody.
 */
static void failed_spawn_is_reported(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip_because(
		        "not root: cannot switch to a user with no processes");
	for (int m = 0; m < 2; m++) {
		char path[64];
		char *argv[] = { path, "--workers", "2", "--n", "10", NULL };
		int e[2], status;
		char err[4096];
		pid_t pid;

		snprintf(path, sizeof(path), "bin/count-%s",
		         m ? "procs" : "threads");
		assert_int_equal(pipe(e), 0);
		pid = fork();
		if (pid == 0) {
			struct rlimit rl = { 2, 2 };

			dup2(e[1], 2);
			if (setgroups(0, NULL) || setgid(65534) ||
			    setuid(65534) || setrlimit(RLIMIT_NPROC, &rl))
				_exit(99);
			execv(path, argv);
			_exit(98);
		}
		close(e[1]);
		slurp_fd(e[0], err, sizeof(err));
		close(e[0]);
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 1)
			fail_msg("%s: status 0x%x, stderr: %s", path, status,
			         err);
		/* The first thread or process that cannot be made: a worker,
		 * or the signal watcher where a sanitizer's own thread took
		 * the last slot (make check-tsan). */
		if ((strstr(err, m ? "fork (worker"
		                   : "pthread_create (worker") == NULL &&
		     strstr(err, "signal watcher") == NULL) ||
		    strstr(err, "Resource temporarily unavailable") == NULL)
			fail_msg("stderr: %s", err);
		assert_int_equal(orphans_left(), 0);
	}
}

static void files_dir_is_reused_and_kept(void **state)
{
	char dir[160];
	const char *x[] = { "--tasks", "6", "--dir", dir, "--json", NULL };
	const char *cold[] = { "--tasks", "6",      "--dir", dir,
		               "--cold",  "--json", NULL };
	const char *wr[] = { "--tasks", "6",      "--dir", dir,
		             "--write", "--json", NULL };
	char first[64];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/data", temp_dir());
	snprintf(first, sizeof(first), "%s",
	         checksum_of(W("files"), "serial", x));
	assert_int_equal(dir_entries(dir), 6);
	assert_string_equal(checksum_of(W("files"), "procs", x), first);
	assert_string_equal(checksum_of(W("files"), "threads", cold), first);
	/* Writing the same content gives the same hash; writes are removed. */
	assert_string_equal(checksum_of(W("files"), "procs", wr), first);
	assert_int_equal(dir_entries(dir), 6);
	rm_tree(dir);
}

static void mandel_writes_a_picture(void **state)
{
	char out[160];
	const char *x[] = { "--tasks", "30", "--out", out, "--json", NULL };
	char head[32] = { 0 };
	struct stat st;
	FILE *f;

	(void)state;
	snprintf(out, sizeof(out), "%s/m.pgm", temp_dir());
	checksum_of(W("mandel"), "procs", x); /* rows drawn by children */
	f = fopen(out, "rb");
	assert_non_null(f);
	assert_non_null(fgets(head, sizeof(head), f));
	fclose(f);
	assert_string_equal(head, "P5\n");
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_size,
	                 strlen("P5\n64 30\n255\n") + (size_t)64 * 30);
	unlink(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_model_gives_the_serial_checksum),
		cmocka_unit_test(one_task_and_verify),
		cmocka_unit_test(known_checksums),
		cmocka_unit_test(json_line_has_every_field),
		cmocka_unit_test(tasks_per_worker_scale_the_work),
		cmocka_unit_test(every_model_accounts_for_its_tasks),
		cmocka_unit_test(bad_arguments_exit_2_with_one_line),
		cmocka_unit_test(help_has_usage_and_example),
		cmocka_unit_test(killed_worker_is_reported),
		cmocka_unit_test(signals_stop_cleanly),
		cmocka_unit_test(failed_spawn_is_reported),
		cmocka_unit_test(files_dir_is_reused_and_kept),
		cmocka_unit_test(mandel_writes_a_picture),
	};

	return tvp_run_tests(tests, temp_setup, temp_teardown);
}

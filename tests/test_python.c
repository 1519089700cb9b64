/* SPDX-License-Identifier: MIT */
/*
 * The Python arm: every model and schedule of the Python programs prints
 * the checksum of the C program doing the same work; bad arguments are
 * one line and exit 2; the Python micro-benchmarks run and check their
 * own results. Skipped where python3 is not installed (it is optional).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../scripts/report/rows.h"
#include "util.h"

static char python[256];

static const char *checksum(char **argv)
{
	static char sum[64];
	struct proc_result *r = malloc(sizeof(*r));
	const char *bad;
	json_t *j;

	assert_non_null(r);
	assert_int_equal(run_prog(argv, NULL, 60, r), 0);
	if (!WIFEXITED(r->status) || WEXITSTATUS(r->status) != 0)
		fail_msg("%s %s: %s", argv[1], argv[2], r->err);
	j = json_loads(r->out, JSON_DISABLE_EOF_CHECK, NULL);
	assert_non_null(j);
	if ((bad = accounting_error(j)) != NULL)
		fail_msg("%s %s: %s: %s", argv[1], argv[2], bad, r->out);
	/* the report's reader of a run's line takes it, newest format */
	struct tvp_progline pl = { 0 };
	char err[512];
	if (tvp_row_of(&tvp_schema_program, j, "out", 1, &pl, err,
	               sizeof(err)) != 0)
		fail_msg("%s %s: the line does not load: %s", argv[1], argv[2],
		         err);
	assert_int_equal(pl.format, tvp_schema_newest(&tvp_schema_program));
	tvp_row_clear(&tvp_schema_program, &pl);
	snprintf(sum, sizeof(sum), "%s",
	         json_string_value(json_object_get(j, "checksum")));
	json_decref(j);
	free(r);
	return sum;
}

static void python_checksums_match_c(void **state)
{
	static const char *const runs[][6] = {
		{ "serial", "none" },      { "threads", "static" },
		{ "threads", "per-task" }, { "threads", "pool" },
		{ "procs", "static" },     { "procs", "per-task" },
		{ "procs", "pool" },       { "procs", "executor" },
	};
	char *c_count[] = { "bin/count-serial", "--n", "1000", "--tasks", "7",
		            "--json",           NULL };
	char *c_sleep[] = { "bin/sleep-serial", "--ms", "1", "--tasks", "7",
		            "--json",           NULL };
	char want_count[64], want_sleep[64];

	(void)state;
	if (python[0] == '\0')
		skip_because("python3 is not installed");
	snprintf(want_count, sizeof(want_count), "%s", checksum(c_count));
	snprintf(want_sleep, sizeof(want_sleep), "%s", checksum(c_sleep));
	for (size_t k = 0; k < sizeof(runs) / sizeof(*runs); k++) {
		bool serial = !strcmp(runs[k][0], "serial");
		char *count[] = { python,
			          "bench/python/count.py",
			          "--model",
			          (char *)runs[k][0],
			          "--n",
			          "1000",
			          "--tasks",
			          "7",
			          "--json",
			          serial ? NULL : "--schedule",
			          (char *)runs[k][1],
			          "--workers",
			          "3",
			          NULL };
		char *nap[] = { python,
			        "bench/python/sleep.py",
			        "--model",
			        (char *)runs[k][0],
			        "--ms",
			        "1",
			        "--tasks",
			        "7",
			        "--json",
			        serial ? NULL : "--schedule",
			        (char *)runs[k][1],
			        "--workers",
			        "3",
			        NULL };

		if (strcmp(checksum(count), want_count) != 0)
			fail_msg("pycount %s %s", runs[k][0], runs[k][1]);
		if (strcmp(runs[k][1], "executor") &&
		    strcmp(checksum(nap), want_sleep) != 0)
			fail_msg("pysleep %s %s", runs[k][0], runs[k][1]);
	}
}

/*
 * --tasks-per-worker P: W workers do P x W tasks, as the C programs do,
 * with the C count's checksum for as many tasks; P beside --tasks is
 * refused; the line says P and its window lies within its wall time.
 */
static void python_tasks_per_worker_match_c(void **state)
{
	char *c_count[] = {
		"bin/count-threads",  "--n", "1000",   "--workers", "3",
		"--tasks-per-worker", "4",   "--json", NULL
	};
	char *both[] = { python, "bench/python/count.py", "--tasks",
		         "4",    "--tasks-per-worker",    "2",
		         NULL };
	char want[64];

	(void)state;
	if (python[0] == '\0')
		skip_because("python3 is not installed");
	snprintf(want, sizeof(want), "%s", checksum(c_count));
	assert_string_equal(want, "12000");
	for (size_t m = 0; m < 2; m++) {
		char *count[] = { python,
			          "bench/python/count.py",
			          "--model",
			          m ? "procs" : "threads",
			          "--workers",
			          "3",
			          "--n",
			          "1000",
			          "--tasks-per-worker",
			          "4",
			          "--json",
			          NULL };
		struct proc_result r;
		json_t *j;

		assert_int_equal(run_prog(count, NULL, 60, &r), 0);
		j = json_loads(r.out, JSON_DISABLE_EOF_CHECK, NULL);
		if (j == NULL)
			fail_msg("%s: %s", count[3], r.err);
		assert_string_equal(
		        json_string_value(json_object_get(j, "checksum")),
		        want);
		assert_int_equal(
		        json_integer_value(json_object_get(j, "tasks")), 12);
		assert_int_equal(json_integer_value(json_object_get(
		                         j, "tasks_per_worker")),
		                 4);
		assert_true(json_integer_value(
		                    json_object_get(j, "window_ns")) > 0);
		assert_true(
		        json_integer_value(json_object_get(j, "window_ns")) <=
		        json_integer_value(json_object_get(j, "wall_ns")));
		json_decref(j);
	}
	{
		struct proc_result r;

		assert_int_equal(run_prog(both, NULL, 30, &r), 0);
		assert_int_equal(WEXITSTATUS(r.status), 2);
		assert_non_null(strstr(r.err, "give one"));
	}
}

static void python_bad_arguments_exit_2(void **state)
{
	static const char *const cases[][4] = {
		{ "bench/python/count.py", "--workers", "0" },
		{ "bench/python/count.py", "--n", "x" },
		{ "bench/python/count.py", "--schedule", "fast" },
		{ "bench/python/sleep.py", "--bogus" },
		{ "bench/python/count.py", "--tasks-per-worker", "0" },
		{ "bench/python/sleep.py", "--tasks-per-worker", "x" },
		{ "bench/python/race.py", "--workers", "-2" },
		{ "bench/python/ipc.py", "--sizes", "4" },
		{ "bench/python/spawn.py", "--rss-mib", "-1" },
		{ "bench/python/spawn.py", "--rss-mib", "x" },
	};

	(void)state;
	if (python[0] == '\0')
		skip_because("python3 is not installed");
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		char *argv[] = { python, (char *)cases[c][0],
			         (char *)cases[c][1], (char *)cases[c][2],
			         NULL };
		struct proc_result r;

		assert_int_equal(run_prog(argv, NULL, 30, &r), 0);
		if (WEXITSTATUS(r.status) != 2 || r.out_len != 0 ||
		    strchr(r.err, '\n') != r.err + r.err_len - 1)
			fail_msg("%s %s: status %d, '%s'", cases[c][0],
			         cases[c][1], r.status, r.err);
	}
}

/* The JSON lines of a run's output. */
static json_t *lines_of(const char *out)
{
	json_t *all = json_array();
	char *copy = strdup(out), *save = NULL;

	assert_non_null(copy);
	for (char *l = strtok_r(copy, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		json_t *j = json_loads(l, 0, NULL);

		if (j == NULL)
			fail_msg("not JSON: %s", l);
		json_array_append_new(all, j);
	}
	free(copy);
	return all;
}

/* The report's table for these lines (rows.c) takes every one. */
static void loads_as_rows(const struct tvp_schema *s, json_t *all)
{
	char err[512];
	void *rows;
	size_t n;

	if (tvp_rows_of(s, all, s->file, &rows, &n, err, sizeof(err)) != 0)
		fail_msg("%s's lines do not load: %s", s->file, err);
	for (size_t i = 0; i < n; i++) /* (of the newest format) */
		if (tvp_row_format(s, rows, i) != tvp_schema_newest(s))
			fail_msg("%s's line %zu is of format %d, not %d",
			         s->file, i + 1, tvp_row_format(s, rows, i),
			         tvp_schema_newest(s));
	tvp_rows_free(s, rows, n);
}

static double num(json_t *p, const char *key)
{
	json_t *v = json_object_get(p, key);

	if (!json_is_number(v))
		fail_msg("no number '%s'", key);
	return json_number_value(v);
}

static const char *str(json_t *p, const char *key)
{
	const char *v = json_string_value(json_object_get(p, key));

	if (v == NULL)
		fail_msg("no string '%s'", key);
	return v;
}

static void python_micro_benchmarks_run(void **state)
{
	char *race[] = { python,   "bench/python/race.py",
		         "--n",    "2000",
		         "--json", NULL };
	char *ipc[] = { python,     "bench/python/ipc.py",
		        "--sizes",  "8,70000",
		        "--min-ms", "1",
		        "--reps",   "1",
		        "--json",   NULL };
	char *spawn[] = { python,      "bench/python/spawn.py",
		          "--rss-mib", "0,8",
		          "--min-ms",  "1",
		          "--reps",    "1",
		          "--json",    NULL };
	struct proc_result *r = malloc(sizeof(*r));
	json_t *all, *p;
	size_t i;
	int pairs = 0, methods = 0;

	(void)state;
	if (python[0] == '\0')
		skip_because("python3 is not installed");
	assert_int_equal(run_prog(race, NULL, 60, r), 0);
	assert_int_equal(WEXITSTATUS(r->status),
	                 0); /* exits 1 if a lock lost */
	all = lines_of(r->out);
	loads_as_rows(&tvp_schema_pyrace, all);
	assert_int_equal(json_array_size(all), 4);
	json_array_foreach (all, i, p) {
		/* threads and processes: the same kind of shared object */
		assert_string_equal(str(p, "shared_object"),
		                    "multiprocessing.Array('i', 10)");
		/* the timeline in order, the overlap a share */
		assert_true(num(p, "first_start_ns") >= 0);
		assert_true(num(p, "first_start_ns") <=
		            num(p, "last_start_ns"));
		assert_true(num(p, "first_end_ns") <= num(p, "last_end_ns"));
		assert_true(num(p, "last_start_ns") <= num(p, "last_end_ns"));
		assert_true(num(p, "overlap_frac") >= 0 &&
		            num(p, "overlap_frac") <= 1);
		assert_true(num(p, "distinct_cpus") >= 1);
	}
	json_decref(all);
	assert_int_equal(run_prog(ipc, NULL, 120, r), 0);
	if (WEXITSTATUS(r->status) != 0) /* exits 1 on a corrupted message */
		fail_msg("ipc.py: %s", r->err);
	assert_non_null(strstr(r->out, "\"variant\":\"mp-manager-list\""));
	all = lines_of(r->out);
	loads_as_rows(&tvp_schema_pyipc, all);
	check_ipc_pairs(all);
	json_array_foreach (all, i, p)
		pairs += json_array_size(json_object_get(p, "pairs")) > 0;
	/* 8 paired kinds at 2 sizes; the manager's list has no twin */
	assert_int_equal(pairs, 16);
	json_decref(all);
	assert_int_equal(run_prog(spawn, NULL, 120, r), 0);
	if (WEXITSTATUS(r->status) != 0)
		fail_msg("spawn.py: %s", r->err);
	all = lines_of(r->out);
	loads_as_rows(&tvp_schema_pyspawn, all);
	json_array_foreach (all, i, p) {
		json_t *sm = json_object_get(p, "start_method");
		bool thread = !strcmp(str(p, "variant"), "thread");

		/* a thread has no start method; a process names its own */
		assert_true(thread ? json_is_null(sm) : json_is_string(sm));
		if (!thread) {
			char want[64];

			snprintf(want, sizeof(want), "process-%s",
			         json_string_value(sm));
			assert_string_equal(str(p, "variant"), want);
			methods++;
		}
		assert_true(num(p, "parent_rss_mib") == 0 ||
		            num(p, "parent_rss_mib") == 8);
		assert_true(json_is_boolean(json_object_get(p, "thp")));
		assert_true(num(p, "us_per_op") > 0);
		/* a fork is timed in rotation with a thread, as C's: the
		 * paired ratio on its line, naming the thread */
		if (!strcmp(str(p, "variant"), "process-fork")) {
			assert_true(num(p, "vs_thread") > 0);
			assert_string_equal(str(p, "vs_thread_variant"),
			                    "thread");
		} else
			assert_null(json_object_get(p, "vs_thread"));
	}
	/* at least fork and spawn, at each of the two sizes */
	assert_true(methods >= 4 && methods % 2 == 0);
	assert_int_equal(json_array_size(all), (size_t)(methods + 2));
	json_decref(all);
	free(r);
}

/*
 * The Python programs of the sweep say their own sweep arguments
 * (--describe, as the C programs do), and those arguments parse: the
 * program with them and --help exits 0.
 */
static void python_programs_describe_themselves(void **state)
{
	static const char *const progs[][2] = {
		{ "bench/python/count.py", "pycount" },
		{ "bench/python/sleep.py", "pysleep" },
	};

	(void)state;
	if (python[0] == '\0')
		skip_because("python3 is not installed");
	for (size_t k = 0; k < 2; k++) {
		char *argv[] = { python, (char *)progs[k][0], "--describe",
			         NULL };
		struct proc_result r;
		json_t *j, *py;

		assert_int_equal(run_prog(argv, NULL, 30, &r), 0);
		assert_int_equal(WEXITSTATUS(r.status), 0);
		j = json_loads(r.out, 0, NULL);
		py = json_object_get(j, "python");
		assert_string_equal(
		        json_string_value(json_object_get(py, "name")),
		        progs[k][1]);
		for (int m = 0; m < 2; m++) {
			const char *a = json_string_value(
			        json_object_get(py, m ? "full" : "quick"));
			char cmd[512];

			assert_true(a && *a);
			snprintf(cmd, sizeof(cmd), "%s %s %s --help >/dev/null",
			         python, progs[k][0], a);
			assert_int_equal(system(cmd), 0);
		}
		json_decref(j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(python_checksums_match_c),
		cmocka_unit_test(python_tasks_per_worker_match_c),
		cmocka_unit_test(python_bad_arguments_exit_2),
		cmocka_unit_test(python_micro_benchmarks_run),
		cmocka_unit_test(python_programs_describe_themselves),
	};
	/* The interpreter itself, not a launcher in front of it (pyenv's
	 * shim costs 0.3 s a start), as the sweep runs it. */
	FILE *p = popen("python3 -c 'import sys; print(sys.executable)' "
	                "2>/dev/null",
	                "r");

	if (p == NULL || fgets(python, sizeof(python), p) == NULL)
		python[0] = '\0';
	python[strcspn(python, "\n")] = '\0';
	if (p)
		pclose(p);
	become_subreaper();
	return tvp_run_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * The yardstick models, OpenMP and MPI, as a user runs them: the serial
 * checksum for every workload at 1, 2 and 3 workers under both schedules.
 * (How scripts/mpirun.sh runs MPI, fails and is done without: test_mpirun.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/*
 * Run bin/W-MODEL (through scripts/mpirun.sh NP for mpi) with the small
 * sizes, --tasks 10 --json and extra; return the parsed line (or fail).
 */
static json_t *run_line(size_t w, const char *model, const char *np,
                        const char *const *extra)
{
	static struct proc_result r;
	char path[64], *argv[40];
	char *env[] = { temp_env(), NULL };
	json_error_t jerr;
	json_t *j;
	const char *bad;
	int n = 0;

	const struct workload_desc *wl;

	workloads(&wl);
	snprintf(path, sizeof(path), "bin/%s-%s", wl[w].name, model);
	if (np != NULL) {
		argv[n++] = "scripts/mpirun.sh";
		argv[n++] = (char *)np;
	}
	argv[n++] = path;
	for (int k = 0; wl[w].small[k]; k++)
		argv[n++] = wl[w].small[k];
	argv[n++] = "--tasks";
	argv[n++] = "10";
	argv[n++] = "--json";
	while (extra && *extra)
		argv[n++] = (char *)*extra++;
	argv[n] = NULL;
	assert_int_equal(run_prog(argv, env, 60, &r), 0);
	if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0)
		fail_msg("%s failed: %s", path, r.err);
	j = json_loads(r.out, 0, &jerr);
	if (j == NULL)
		fail_msg("%s: not one JSON line: %s (%s)", path, r.out,
		         jerr.text);
	if ((bad = accounting_error(j)) != NULL)
		fail_msg("%s: %s: %s", path, bad, r.out);
	return j;
}

static const char *workload_name(size_t w)
{
	const struct workload_desc *wl;

	workloads(&wl);
	return wl[w].name;
}

static const char *checksum(json_t *j)
{
	static char sum[64];

	snprintf(sum, sizeof(sum), "%s",
	         json_string_value(json_object_get(j, "checksum")));
	json_decref(j);
	return sum;
}

static void serial_sums(char want[][64])
{
	for (size_t w = 0; w < (size_t)workloads(NULL); w++)
		snprintf(want[w], 64, "%s",
		         checksum(run_line(w, "serial", NULL, NULL)));
}

static void openmp_gives_the_serial_checksum(void **state)
{
	static const char *const scheds[] = { "static", "pool" };
	/* uneven chunks and more workers than tasks first: the two that a
	 * sanitizer build, which starts each program slowly, runs alone */
	static const char *const ws[] = { "3", "13", "1", "2" };
	char want[MAX_WL][64];

	(void)state;
	serial_sums(want);
	for (size_t w = 0; w < (size_t)workloads(NULL); w++)
		for (int s = 0; s < 2; s++)
			for (int k = 0; k < reps(4, 2); k++) {
				const char *x[] = { "--schedule", scheds[s],
					            "--workers",  ws[k],
					            "--verify",   NULL };
				json_t *j = run_line(w, "openmp", NULL, x);
				const char *got;

				assert_string_equal(
				        json_string_value(
				                json_object_get(j, "model")),
				        "openmp");
				assert_int_equal(
				        json_integer_value(
				                json_object_get(j, "workers")),
				        atoi(ws[k]));
				got = checksum(j);
				if (strcmp(got, want[w]) != 0)
					fail_msg("%s openmp %s W=%s: %s != %s",
					         workload_name(w), scheds[s],
					         ws[k], got, want[w]);
			}
}

static void openmp_refuses_per_task(void **state)
{
	char *argv[] = { "bin/count-openmp", "--schedule", "per-task", NULL };
	struct proc_result r;

	(void)state;
	assert_int_equal(run_prog(argv, NULL, 10, &r), 0);
	assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 2);
	assert_non_null(strstr(r.err, "the openmp model takes static|pool"));
	assert_ptr_equal(strchr(r.err, '\n'), r.err + r.err_len - 1);
}

/*
 * Every workload under MPI with 3 ranks (10 tasks: uneven chunks), both
 * schedules; and 1 and 2 ranks on the first workload. How the model
 * splits, queues and gathers does not depend on the workload, whose
 * tasks every other model checks: the full matrix (every workload at
 * every rank count) spent 30 mpirun starts, a second of CPU each, on
 * nothing more.
 */
static void mpi_gives_the_serial_checksum(void **state)
{
	/* pool first: under a sanitizer, which starts each rank slowly, the
	 * workloads after the first run it alone (the schedules' code is the
	 * same for every workload, and the first runs both). The first runs
	 * at 3, 2 and 1 ranks (3: chunks of 10 tasks uneven, and more ranks
	 * than CPUs here); the others at 2, where each rank's results still
	 * cross MPI (a rank costs a quarter of a CPU second to start here). */
	static const char *const scheds[] = { "pool", "static" };
	static const char *const nps[] = { "3", "2", "1" };
	char want[MAX_WL][64];

	(void)state;
	if (!have_mpi())
		skip_because("Open MPI is not installed (make deps)");
	serial_sums(want);
	for (size_t w = 0; w < (size_t)workloads(NULL); w++)
		for (int s = 0; s < (w == 0 ? 2 : reps(2, 1)); s++)
			for (int k = (w == 0 ? 0 : 1); k < (w == 0 ? 3 : 2);
			     k++) {
				const char *x[] = { "--schedule", scheds[s],
					            "--verify", NULL };
				json_t *j = run_line(w, "mpi", nps[k], x);
				const char *hosts = json_string_value(
				        json_object_get(j, "hosts"));
				const char *got;

				assert_non_null(hosts);
				assert_true(hosts[0] != '\0');
				assert_int_equal(
				        json_integer_value(
				                json_object_get(j, "workers")),
				        atoi(nps[k]));
				assert_int_equal(
				        json_integer_value(
				                json_object_get(j, "ranks")),
				        atoi(nps[k]));
				got = checksum(j);
				if (strcmp(got, want[w]) != 0)
					fail_msg("%s mpi %s np=%s: %s != %s",
					         workload_name(w), scheds[s],
					         nps[k], got, want[w]);
			}
	assert_int_equal(live_orphans(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(openmp_gives_the_serial_checksum),
		cmocka_unit_test(openmp_refuses_per_task),
		cmocka_unit_test(mpi_gives_the_serial_checksum),
	};

	return tvp_run_tests(tests, temp_setup, temp_teardown_empty);
}

/* SPDX-License-Identifier: MIT */
/*
 * scripts/mpirun.sh, the way tvp runs MPI: as many workers as ranks, said
 * once; a dead rank fails the job loudly and leaves nothing running; a
 * hung mpirun is stopped; ranks spread over hosts (HOSTS=); and a machine
 * without Open MPI builds and sweeps everything else and says so. (The MPI
 * checksums: test_yardsticks.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static void mpi_workers_must_match_the_ranks(void **state)
{
	char *argv[] = { "scripts/mpirun.sh", "2", "bin/count-mpi",
		         "--workers",         "3", NULL };
	struct proc_result r;

	(void)state;
	if (!have_mpi())
		skip_because("Open MPI is not installed (make deps)");
	assert_int_equal(run_prog(argv, NULL, 60, &r), 0);
	assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) != 0);
	/* said once, by rank 0, not once per rank */
	assert_non_null(strstr(r.err, "mpirun started 2 ranks"));
	assert_null(strstr(strstr(r.err, "mpirun started 2 ranks") + 1,
	                   "mpirun started 2 ranks"));
}

/*
 * The pid of the rank-th rank of the bin/count-mpi this test started (its
 * environment carries this test's TMPDIR, which mpirun passes on), or 0.
 * Another test run on the same machine has ranks too: they are not ours.
 */
static pid_t find_rank(int rank)
{
	char want[64], path[300], buf[8192];
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;

	snprintf(want, sizeof(want), "OMPI_COMM_WORLD_RANK=%d", rank);
	while (d != NULL && found == 0 && (e = readdir(d)) != NULL) {
		FILE *f;
		size_t n;

		if (atoi(e->d_name) <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		if (strcmp(buf, "bin/count-mpi") != 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/environ", e->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		int is_rank = 0, is_ours = 0;

		for (size_t i = 0; i < n; i += strlen(buf + i) + 1) {
			is_rank |= strcmp(buf + i, want) == 0;
			is_ours |= strcmp(buf + i, temp_env()) == 0;
		}
		if (is_rank && is_ours)
			found = atoi(e->d_name);
	}
	if (d != NULL)
		closedir(d);
	return found;
}

static void mpi_dead_rank_fails_the_job(void **state)
{
	/* About 10 s of counting per rank: killed long before the end. */
	char *argv[] = { "scripts/mpirun.sh", "2",   "bin/count-mpi",
		         "--tasks",           "400", "--n",
		         "100000000",         NULL };
	char *env[] = { temp_env(), NULL };
	char err[1 << 14];
	pid_t pid, victim = 0;
	int efd, status;

	(void)state;
	if (!have_mpi())
		skip_because("Open MPI is not installed (make deps)");
	pid = start_prog(argv, env, &efd);
	assert_true(pid > 0);
	for (int t = 0; t < 200 && victim == 0; t++) {
		usleep(50000);
		victim = find_rank(1);
	}
	assert_true(victim > 0);
	usleep(300000); /* let it get into the run */
	assert_int_equal(kill(victim, SIGKILL), 0);
	slurp_fd(efd, err, sizeof(err));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) != 0);
	/* mpirun says which rank died; or, when Open MPI hangs instead
	 * (seen under AddressSanitizer), mpirun.sh stops it and says so */
	if (!strstr(err, "an Open MPI hang")) {
		assert_non_null(strstr(err, "rank 1"));
		assert_non_null(strstr(err, "signal 9"));
	}
	/* no rank, no mpirun helper left running (they end soon after) */
	for (int t = 0; t < 500 && find_rank(0) != 0; t++)
		usleep(10000);
	assert_int_equal(find_rank(0), 0);
	assert_int_equal(wait_no_orphans(5000), 0);
}

/*
 * An mpirun that hangs after a rank ended (a stand-in: a rank that exits
 * and a "mpirun" that never reaps it) is stopped by mpirun.sh after
 * MPI_HANG_S (10 s; 2 s here), with one line naming the rank, and the job
 * fails.
 */
static void a_hung_mpirun_is_stopped(void **state)
{
	char dir[200], path[240], pathenv[600];
	static struct proc_result r;
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/fake-mpi", temp_dir());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/mpirun", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("#!/usr/bin/env python3\n"
	      "import os, sys, time\n"
	      "if os.fork() == 0:\n"
	      "    os.environ['OMPI_COMM_WORLD_RANK'] = '1'\n"
	      "    os.execvp('sh', ['sh', '-c', 'sleep 1.5; exit 3'])\n"
	      "time.sleep(600)\n",
	      f);
	fclose(f);
	chmod(path, 0700);
	snprintf(pathenv, sizeof(pathenv), "PATH=%s:%s", dir, getenv("PATH"));
	char *argv[] = { "scripts/mpirun.sh", "2", "bin/count-mpi", NULL };
	char *env[] = { pathenv, "MPI_HANG_S=2", NULL };
	assert_int_equal(run_prog(argv, env, 60, &r), 0);
	assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) != 0);
	if (!strstr(r.err, "rank 1 (pid ") ||
	    !strstr(r.err, "ended with status 3, and mpirun has not ended "
	                   "the job in 2 s (an Open MPI hang): stopping it"))
		fail_msg("mpirun.sh said: %s", r.err);
	assert_int_equal(wait_no_orphans(5000), 0);
	rm_tree(dir);
}

/* HOSTS=hostfile: two namespaces as two hosts where possible, loopback
 * otherwise (tests/mpi-hosts.sh), and loopback on demand. */
static void mpi_runs_across_hosts(void **state)
{
	char *argv[] = { "tests/mpi-hosts.sh", NULL };
	char *loop[] = { "TVP_LOOPBACK=1", NULL };
	static struct proc_result r;

	(void)state;
	if (!have_mpi())
		skip_because("Open MPI is not installed (make deps)");
	assert_int_equal(run_prog(argv, NULL, 180, &r), 0);
	if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0)
		fail_msg("mpi-hosts.sh: %s%s", r.out, r.err);
	if (strcmp(r.out, "netns: tvp-host-a,tvp-host-b\n") != 0 &&
	    strncmp(r.out, "loopback: ", 10) != 0)
		fail_msg("mpi-hosts.sh said: %s", r.out);
	assert_int_equal(run_prog(argv, loop, 180, &r), 0);
	if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0)
		fail_msg("mpi-hosts.sh (loopback): %s%s", r.out, r.err);
	assert_int_equal(strncmp(r.out, "loopback: ", 10), 0);
}

static void without_mpi_the_rest_still_builds_and_runs(void **state)
{
	char dir[128], pathenv[192], res[192], resenv[220];
	char *env[] = { pathenv, NULL };
	struct sweep_env se;
	char *make[] = { "/usr/bin/make", "-n", "-B", "all", NULL };
	char *sweep[] = { "/bin/bash", "scripts/sweep.sh", NULL };
	char *bad[] = { "/bin/bash", "scripts/sweep.sh", NULL };
	char *bad_env[] = { pathenv, resenv, "MODELS=mpi", NULL };
	static struct proc_result r;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", make_temp_dir());
	{
		char bin[160];

		snprintf(bin, sizeof(bin), "%s/bin", dir);
		path_without(bin, "mpi* | orte* | ompi* | opal*", pathenv,
		             sizeof(pathenv));
	}

	/* The build leaves the mpi model out, and only it. */
	assert_int_equal(run_prog(make, env, 60, &r), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "-o bin/count-openmp "));
	assert_null(strstr(r.out, "-mpi "));
	assert_null(strstr(r.out, "models/mpi.c"));

	/* The sweep says so in one line and runs the other models. */
	if (!have("hyperfine") || !have("gnuplot")) {
		rm_tree(dir);
		skip_because("hyperfine or gnuplot is not installed (make "
		             "deps)");
	}
	snprintf(res, sizeof(res), "%s/results", dir);
	snprintf(resenv, sizeof(resenv), "RESULTS=%s", res);
	/* every model it can run: MODELS not given, and FULL=1, whose plan
	 * holds mpi (quick leaves it to FULL or MODELS=mpi) */
	assert_int_equal(run_prog(sweep,
	                          sweep_env(&se, res,
	                                    (const char *[]){ pathenv, "MODELS",
	                                                      "FULL=1", NULL }),
	                          300, &r),
	                 0);
	if (r.status != 0)
		fail_msg("sweep without MPI: %s %s", r.out, r.err);
	assert_non_null(strstr(r.out, "tvp: the mpi model is skipped: mpirun "
	                              "not found; run: sudo apt-get install"));
	assert_non_null(strstr(r.out, "count openmp pool k=2"));
	assert_null(strstr(r.out, "count mpi"));

	/* Asking for it by name is an error, not a silent skip. */
	assert_int_equal(run_prog(bad, bad_env, 60, &r), 0);
	assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 2);
	assert_non_null(strstr(r.err, "MODELS=mpi: mpirun not found"));
	rm_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mpi_workers_must_match_the_ranks),
		cmocka_unit_test(mpi_dead_rank_fails_the_job),
		cmocka_unit_test(a_hung_mpirun_is_stopped),
		cmocka_unit_test(mpi_runs_across_hosts),
		cmocka_unit_test(without_mpi_the_rest_still_builds_and_runs),
	};

	return tvp_run_tests(tests, temp_setup, temp_teardown_empty);
}

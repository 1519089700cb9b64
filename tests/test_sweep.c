/* SPDX-License-Identifier: MIT */
/*
 * The sweep (scripts/sweep.sh and its stages) run for real on tiny sizes:
 * resume, checksum mismatch, interruption, core counts, the time budget;
 * a new model dropped in as one file, built, tested, swept and reported;
 * and the CPU order the sweep pins by. (The report it feeds:
 * test_report.c; the classroom demo: test_demo.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tvp.h"
#include "util.h"

/*
 * A sweep started while something else keeps a CPU busy (the test's own
 * loop, ended below, 60 s at most) waits for a quiet machine, says so on
 * one line, gives up after QUIET_WAIT seconds and marks the stage: in
 * raw/quiet.txt, report.md and claims.md.
 */
static void sweep_waits_for_a_quiet_machine_and_marks_a_busy_one(void **state)
{
	char res[192], path[300];
	const char *extra[] = { "QUIET_WAIT=2", "QUIET_CPUS=0.5", NULL };
	struct sweep_env se;
	struct proc_result r;
	char **env;
	const char *quiet, *report, *claims;
	pid_t spin;

	(void)state;
	if (!have("hyperfine") || !have("gnuplot"))
		skip_because(
		        "hyperfine or gnuplot is not installed (make deps)");
	spin = fork();
	assert_true(spin >= 0);
	if (spin == 0) {
		int64_t end = tvp_now_ns() + 60 * (int64_t)1000000000;
		volatile uint64_t x = 0;

		while (tvp_now_ns() < end)
			x++;
		_exit(0);
	}
	snprintf(res, sizeof(res), "%s/busy", temp_dir());
	env = sweep_env(&se, res, extra);
	assert_int_equal(run_cmd(&r, env, "/bin/bash", "scripts/sweep.sh", NULL,
	                         NULL),
	                 0);
	kill(spin, SIGKILL);
	waitpid(spin, NULL, 0);
	if (r.status != 0)
		fail_msg("sweep: %s %s", r.out, r.err);
	assert_non_null(strstr(r.out, "tvp: waiting for a quiet machine "
	                              "before rounds: "));
	assert_non_null(strstr(r.out, "rounds is measured on a busy machine"));
	snprintf(path, sizeof(path), "%s/raw/quiet.txt", res);
	quiet = read_file(path);
	assert_non_null(quiet);
	assert_non_null(strstr(quiet, "rounds "));
	assert_non_null(strstr(quiet, " busy\n"));
	snprintf(path, sizeof(path), "%s/report.md", res);
	report = read_file(path);
	assert_non_null(report);
	assert_non_null(strstr(report, "**Measured on a busy machine:** "
	                               "rounds ("));
	snprintf(path, sizeof(path), "%s/claims.md", res);
	claims = read_file(path);
	if (claims != NULL) /* a run of one workload may judge no claim */
		assert_non_null(strstr(claims, "Measured on a busy machine"));
	assert_int_equal(live_orphans(), 0);
}

/* path's modification time in nanoseconds (0: none). A rewrite shows at
 * once: the file system's clock ticks in milliseconds, and a resumed sweep
 * takes longer than that to reach any file. */
static int64_t mtime(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return 0;
	return (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

static void sweep_resumes_and_checks_checksums(void **state)
{
	char res[192], path[300], raw[220];
	struct sweep_env se;
	char **env;
	struct proc_result r;
	int64_t serial_time;
	FILE *f;

	(void)state;
	if (!have("hyperfine") || !have("gnuplot"))
		skip_because(
		        "hyperfine or gnuplot is not installed (make deps)");
	snprintf(res, sizeof(res), "%s/sweep", temp_dir());
	/* (every core count: a quick sweep leaves out the one-core point) */
	env = sweep_env(&se, res, (const char *[]){ "CORES=all", NULL });
	snprintf(raw, sizeof(raw), "%s/raw", res);
	assert_int_equal(run_cmd(&r, env, "/bin/bash", "scripts/sweep.sh", NULL,
	                         NULL),
	                 0);
	if (r.status != 0)
		fail_msg("sweep: %s %s", r.out, r.err);
	/* the round's order is random: every configuration once */
	assert_non_null(strstr(r.out, "[1/3] round 1: "));
	assert_non_null(strstr(r.out, "[3/3] round 1: "));
	assert_non_null(strstr(r.out, "round 1: count serial ... "));
	assert_non_null(strstr(r.out, "round 1: count threads pool k=2 ... "));
	/* 3 configurations x 2 files, /proc/stat at start and end, the
	 * rounds' order and the seconds each stage took */
	assert_int_equal(dir_entries(raw), 10);
	snprintf(path, sizeof(path), "%s/order.txt", raw);
	assert_non_null(strstr(read_file(path), " 1 count-"));
	snprintf(path, sizeof(path), "%s/stages.txt", raw);
	assert_non_null(strstr(read_file(path), "rounds "));
	assert_non_null(strstr(read_file(path), "sweep "));
	snprintf(path, sizeof(path), "%s/plots/count.png", res);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/summary.csv", res);
	assert_int_equal(access(path, F_OK), 0);

	/* Resume: only the missing configuration runs again. */
	snprintf(path, sizeof(path), "%s/count-serial.r1.hyperfine.json", raw);
	serial_time = mtime(path);
	snprintf(path, sizeof(path),
	         "%s/count-threads-pool-c02.r1.hyperfine.json", raw);
	unlink(path);
	assert_int_equal(run_cmd(&r, env, "/bin/bash", "scripts/sweep.sh", NULL,
	                         NULL),
	                 0);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "round 1: count serial"));
	assert_non_null(strstr(r.out, "round 1: count threads pool k=2 ... "));
	snprintf(path, sizeof(path), "%s/count-serial.r1.hyperfine.json", raw);
	assert_true(mtime(path) == serial_time);

	/* A checksum that differs from serial stops the sweep, keeps nothing. */
	snprintf(path, sizeof(path), "%s/count-serial.r1.out.json", raw);
	f = fopen(path, "w");
	fputs("{\"workload\":\"count\",\"kind\":\"cpu\",\"model\":\"serial\","
	      "\"schedule\":\"none\",\"workers\":1,\"tasks\":4,"
	      "\"checksum\":\"1\"," RUN_KEYS "\"ncpus\":1}\n",
	      f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/count-threads-pool-c02.r1.out.json",
	         raw);
	unlink(path);
	assert_int_equal(run_cmd(&r, env, "/bin/bash", "scripts/sweep.sh", NULL,
	                         NULL),
	                 0);
	assert_int_equal(WEXITSTATUS(r.status), 1);
	assert_non_null(strstr(r.err, "CHECKSUM MISMATCH"));
	snprintf(path, sizeof(path), "%s/count-threads-pool-c02.r1.out.json",
	         raw);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(tmp_files(raw), 0);
	assert_int_equal(live_orphans(), 0);
}

static void sweep_stops_cleanly_and_resumes(void **state)
{
	char res[192], raw[220], running[300];
	struct sweep_env se;
	char **env;
	char *argv[] = { "/bin/bash", "scripts/sweep.sh", NULL };
	struct proc_result r;
	char err[4096];
	int fd, status;
	pid_t pid;

	(void)state;
	if (!have("hyperfine") || !have("gnuplot"))
		skip_because(
		        "hyperfine or gnuplot is not installed (make deps)");
	snprintf(res, sizeof(res), "%s/stop", temp_dir());
	env = sweep_env(&se, res,
	                (const char *[]){ "MODELS=procs", "CORES=all",
	                                  "ARGS_count=--n 100000000 --tasks 4",
	                                  NULL });
	snprintf(raw, sizeof(raw), "%s/raw", res);
	snprintf(running, sizeof(running), "%s/.count-serial.r1.out.tmp", raw);
	for (int sig = 0; sig < 2; sig++) {
		pid = start_prog(argv, env, &fd);
		/* mid-way through a configuration: hyperfine has opened its
		 * output (a signal to bash alone while it waits for a command
		 * in the foreground waits for that command: bash's rule) */
		for (int t = 0; t < 6000 && access(running, F_OK) != 0; t++)
			usleep(10000);
		assert_int_equal(access(running, F_OK), 0);
		kill(pid, sig ? SIGINT : SIGTERM);
		slurp_fd(fd, err, sizeof(err));
		close(fd);
		waitpid(pid, &status, 0);
		assert_int_equal(WEXITSTATUS(status), 130);
		assert_non_null(strstr(err, "interrupted"));
		assert_int_equal(tmp_files(raw), 0);
		assert_int_equal(live_orphans(), 0);
	}
	assert_int_equal(run_cmd(&r, env, "/bin/bash", "scripts/sweep.sh", NULL,
	                         NULL),
	                 0);
	if (r.status != 0)
		fail_msg("resumed sweep: %s", r.err);
	assert_int_equal(dir_entries(raw), 10); /* order.txt, stages.txt */
}

/* CORES picks the core counts; a bad one stops the sweep before it
 * writes anything. */
static void sweep_takes_core_counts(void **state)
{
	char res[192], path[300];
	struct sweep_env se;
	char **env;
	struct proc_result r;

	(void)state;
	if (!have("hyperfine"))
		skip_because("hyperfine is not installed (make deps)");
	snprintf(res, sizeof(res), "%s/cores", temp_dir());
	env = sweep_env(&se, res,
	                (const char *[]){ "CORES=1", "REPORT=0", NULL });
	assert_int_equal(run_cmd(&r, env, "/bin/bash", "scripts/sweep.sh", NULL,
	                         NULL),
	                 0);
	if (r.status != 0)
		fail_msg("sweep: %s", r.err);
	assert_non_null(strstr(r.out, "count threads pool k=1 ... "));
	assert_null(strstr(r.out, "k=2"));
	snprintf(path, sizeof(path), "%s/machine.json", res);
	assert_non_null(strstr(read_file(path),
	                       "\"command\": \"make bench "
	                       "WORKLOADS=count MODELS=threads "
	                       "CORES=1 ROUNDS=1"));
	for (int bad = 0; bad < 3; bad++) {
		char wrong[64];
		snprintf(wrong, sizeof(wrong), "CORES=%s",
		         bad == 0   ? "0"
		         : bad == 1 ? "1,x"
		                    : "999");
		snprintf(res, sizeof(res), "%s/cores-bad", temp_dir());
		env = sweep_env(&se, res,
		                (const char *[]){ wrong, "REPORT=0", NULL });
		assert_int_equal(run_cmd(&r, env, "/bin/bash",
		                         "scripts/sweep.sh", NULL, NULL),
		                 0);
		assert_int_equal(WEXITSTATUS(r.status), 2);
		assert_non_null(strstr(r.err, "is not a core count from 1 to"));
		assert_int_not_equal(access(res, F_OK), 0);
	}
}

/*
 * A configuration pinned to one CPU runs on a different CPU each round
 * (round r on the sweep's CPU r-1 mod k): the serial baseline is not
 * always measured on the one CPU that may be the guest's slow one. The
 * program's own line says where it ran. (A quick sweep on more than one
 * CPU has no one-core point: the serial run is that reference.)
 */
static void sweep_moves_the_one_cpu_runs_round_by_round(void **state)
{
	char res[192], path[300], cpu[2][16];
	struct sweep_env se;
	char **env;
	struct proc_result r;
	cpu_set_t set;

	(void)state;
	if (!have("hyperfine"))
		skip_because("hyperfine is not installed (make deps)");
	snprintf(res, sizeof(res), "%s/rotate", temp_dir());
	env = sweep_env(&se, res,
	                (const char *[]){ "ROUNDS=2", "REPORT=0", NULL });
	assert_int_equal(run_cmd(&r, env, "/bin/bash", "scripts/sweep.sh", NULL,
	                         NULL),
	                 0);
	if (r.status != 0)
		fail_msg("sweep: %s", r.err);
	for (int round = 0; round < 2; round++) {
		json_t *line;
		json_error_t err;

		snprintf(path, sizeof(path), "%s/raw/count-serial.r%d.out.json",
		         res, round + 1);
		line = json_load_file(path, 0, &err);
		if (line == NULL)
			fail_msg("%s: %s", path, err.text);
		snprintf(cpu[round], sizeof(cpu[round]), "%s",
		         json_string_value(json_object_get(line, "cpus")));
		json_decref(line);
		assert_true(strlen(cpu[round]) > 0);
		assert_null(strchr(cpu[round], ','));
	}
	assert_int_equal(sched_getaffinity(0, sizeof(set), &set), 0);
	if (CPU_COUNT(&set) >= 2) {
		assert_string_not_equal(cpu[0], cpu[1]);
		/* (and a quick sweep leaves the one-core point to FULL) */
		assert_null(strstr(r.out, "k=1 ... "));
		assert_non_null(strstr(r.out, "k=2 ... "));
	} else {
		assert_string_equal(cpu[0], cpu[1]);
	}
}

/* No ROUNDS: the sweep spends a budget only when ROUNDS is not given. */
static char **budget_env(struct sweep_env *se, const char *res,
                         const char *budget, const char *target,
                         const char *max_rounds)
{
	return sweep_env(se, res,
	                 (const char *[]){ budget, target, max_rounds,
	                                   "CORES=1", "REPORT=0", "ROUNDS",
	                                   NULL });
}

/*
 * With a budget the sweep adds rounds to the configurations not yet known
 * within the target, up to MAX_ROUNDS each (the budget here is far away:
 * the cap ends it, however slow the machine or the sanitizer); with a
 * target they already meet, or ROUNDS given and no BUDGET, it adds none.
 * A bad BUDGET, TARGET or MAX_ROUNDS: one line, exit 2.
 */
static void sweep_spends_its_budget_on_wide_configurations(void **state)
{
	char res[192], budget[32], target[32], path[300];
	const char *max_rounds = "MAX_ROUNDS=12";
	struct sweep_env se;
	struct proc_result r;

	(void)state;
	if (!have("hyperfine"))
		skip_because("hyperfine is not installed (make deps)");
	/* an unreachable target: after the ten first rounds of the two
	 * configurations a verdict would read, two more, and no 13th */
	snprintf(res, sizeof(res), "%s/budget", temp_dir());
	snprintf(budget, sizeof(budget), "BUDGET=600");
	snprintf(target, sizeof(target), "TARGET=0.00001");
	assert_int_equal(
	        run_cmd(&r, budget_env(&se, res, budget, target, max_rounds),
	                "/bin/bash", "scripts/sweep.sh", NULL, NULL),
	        0);
	if (r.status != 0)
		fail_msg("sweep: %s", r.err);
	/* (once in about 50 make test runs, on a busy machine, no round was
	 * added: say what the sweep printed, to find out why) */
	if (strstr(r.out, "[more] ") == NULL)
		fail_msg("no [more] round; the sweep said: %s %s", r.out,
		         r.err);
	snprintf(path, sizeof(path), "%s/raw/count-serial.r12.out.json", res);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/raw/count-serial.r13.out.json", res);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/raw/proc-stat.end", res);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/machine.json", res);
	assert_non_null(strstr(read_file(path), "\"budget_s\": 600,"));
	/* a target every configuration meets: the ten rounds alone */
	snprintf(res, sizeof(res), "%s/budget-met", temp_dir());
	snprintf(target, sizeof(target), "TARGET=1000");
	assert_int_equal(
	        run_cmd(&r, budget_env(&se, res, budget, target, max_rounds),
	                "/bin/bash", "scripts/sweep.sh", NULL, NULL),
	        0);
	assert_int_equal(WEXITSTATUS(r.status), 0);
	assert_null(strstr(r.out, "[more] "));
	snprintf(path, sizeof(path), "%s/raw/count-serial.r10.out.json", res);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/raw/count-serial.r11.out.json", res);
	assert_int_not_equal(access(path, F_OK), 0);
	/* bad knobs: one line, exit 2, nothing written */
	for (int bad = 0; bad < 3; bad++) {
		snprintf(res, sizeof(res), "%s/budget-bad", temp_dir());
		snprintf(budget, sizeof(budget), "BUDGET=%s",
		         bad == 0 ? "5m" : "30");
		snprintf(target, sizeof(target), "TARGET=%s",
		         bad == 1 ? "0" : "3");
		max_rounds = bad == 2 ? "MAX_ROUNDS=65" : "MAX_ROUNDS=12";
		assert_int_equal(run_cmd(&r,
		                         budget_env(&se, res, budget, target,
		                                    max_rounds),
		                         "/bin/bash", "scripts/sweep.sh", NULL,
		                         NULL),
		                 0);
		assert_int_equal(WEXITSTATUS(r.status), 2);
		assert_non_null(strstr(r.err, bad == 0   ? "BUDGET=5m"
		                              : bad == 1 ? "TARGET=0"
		                                         : "MAX_ROUNDS=65"));
		assert_int_not_equal(access(res, F_OK), 0);
	}
}

/* Write text to path (the test fails if it cannot). */
static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		fail_msg("cannot write %s", path);
}

/* Run a bash command in dir; its result in r. */
static void shell_in(const char *dir, const char *cmd, char *const env[],
                     int timeout_s, struct proc_result *r)
{
	char line[2048];
	char *argv[] = { "/bin/bash", "-c", line, NULL };

	snprintf(line, sizeof(line), "cd '%s' && %s", dir, cmd);
	assert_int_equal(run_prog(argv, env, timeout_s, r), 0);
}

/*
 * A new model is one file. Dropped into bench/models/ of a copy of the
 * tree, with no other file touched, it is built for every workload, run
 * by the tests that run every model (which fail, naming it, when such a
 * model is wrong), swept when MODELS names it, and reported.
 */
static const char solo_c[] =
        "/* solo: a throwaway model, W workers that are one thread */\n"
        "#include \"../tvp.h\"\n"
        "static int run_model(struct tvp_run *run)\n"
        "{\n"
        "\tfor (long i = 0; i < run->tasks; i++)\n"
        "\t\ttvp_run_task(run, i % run->workers, i);\n"
        "\treturn 0;\n"
        "}\n"
        "const struct tvp_model tvp_model = {\n"
        "\t.name = \"solo\",\n"
        "\t.role = TVP_ROLE_MODEL,\n"
        "\t.schedules = TVP_SCHED_BIT(TVP_SCHED_POOL),\n"
        "\t.run = run_model,\n"
        "};\n";
/* ... and one that gets task 0 wrong */
static const char wrong_c[] = "#include \"../tvp.h\"\n"
                              "static int run_model(struct tvp_run *run)\n"
                              "{\n"
                              "\tfor (long i = 0; i < run->tasks; i++)\n"
                              "\t\ttvp_run_task(run, 0, i);\n"
                              "\trun->results[0] += 1;\n"
                              "\treturn 0;\n"
                              "}\n"
                              "const struct tvp_model tvp_model = {\n"
                              "\t.name = \"wrong\",\n"
                              "\t.schedules = TVP_SCHED_BIT(TVP_SCHED_POOL),\n"
                              "\t.run = run_model,\n"
                              "};\n";

static void a_new_model_is_one_file(void **state)
{
	char tree[192], treeenv[200], path[400], res[300], want[64];
	static struct proc_result r;
	struct sweep_env se;
	const char *report;

	(void)state;
	if (!have("hyperfine") || !have("gnuplot"))
		skip_because(
		        "hyperfine or gnuplot is not installed (make deps)");
	snprintf(tree, sizeof(tree), "%s/tree", temp_dir());
	snprintf(treeenv, sizeof(treeenv), "TREE=%s", tree);
	assert_int_equal(mkdir(tree, 0700), 0);
	/* the tree without what is measured (and not through git: the
	 * sanitizer checks run in a copy that is no repository), with what
	 * is built, times kept (of the programs, the count workload's
	 * alone): make then builds what the new file needs, as it would for
	 * a maintainer adding it */
	shell_in(".",
	         "tar --exclude=./.git --exclude='./build/check-*' "
	         "--exclude=./build/fuzz --exclude=./results --exclude=./bin "
	         "-cf - . | tar -xf - -C \"$TREE\" && mkdir \"$TREE/bin\" && "
	         "cp -p bin/count-serial bin/tvp-report bin/tvp-json "
	         "\"$TREE/bin/\"",
	         (char *[]){ treeenv, NULL }, 60, &r);
	assert_int_equal(r.status, 0);
	snprintf(path, sizeof(path), "%s/bench/models/solo.c", tree);
	write_file(path, solo_c);

	/* Built for every workload: the Makefile finds the file. */
	shell_in(tree, "make -n all | grep -c -- '-o bin/[a-z]*-solo '", NULL,
	         60, &r);
	snprintf(want, sizeof(want), "%d\n", workloads(NULL));
	assert_string_equal(r.out, want);
	shell_in(tree,
	         "make -j2 bin/count-serial bin/count-solo bin/tvp-report "
	         "bin/tvp-json build/tests/test_programs >/dev/null",
	         NULL, 300, &r);
	if (r.status != 0)
		fail_msg("build: %s", r.err);

	/* Tested: the tests of every model run it, by its own account. */
	shell_in(tree, "TVP_TEST='every_model_*' build/tests/test_programs",
	         NULL, 120, &r);
	if (r.status != 0)
		fail_msg("solo failed the model tests: %s %s", r.out, r.err);
	snprintf(path, sizeof(path), "%s/bench/models/wrong.c", tree);
	write_file(path, wrong_c);
	shell_in(tree,
	         "make bin/count-wrong >/dev/null && "
	         "TVP_TEST='every_model_gives*' build/tests/test_programs",
	         NULL, 120, &r);
	assert_int_not_equal(r.status, 0);
	if (strstr(r.out, "count wrong pool W=") == NULL &&
	    strstr(r.err, "count wrong pool W=") == NULL)
		fail_msg("the wrong model was not named: %s %s", r.out, r.err);
	shell_in(tree, "rm bench/models/wrong.c bin/count-wrong", NULL, 10, &r);

	/* Swept when MODELS names it, and reported (outside results/, so
	 * not published: RESULTS.md is left alone). */
	snprintf(res, sizeof(res), "%s/solo-results", temp_dir());
	shell_in(
	        tree, "exec scripts/sweep.sh",
	        sweep_env(&se, res,
	                  (const char *[]){ "MODELS=solo", "CORES=all", NULL }),
	        120, &r);
	if (r.status != 0)
		fail_msg("sweep: %s %s", r.out, r.err);
	assert_non_null(strstr(r.out, "round 1: count solo pool k=1 ... "));
	snprintf(path, sizeof(path), "%s/report.md", res);
	report = read_file(path);
	assert_non_null(report);
	assert_non_null(strstr(report, "| solo | pool | 1 | "));
	snprintf(path, sizeof(path), "%s/plots/count.dat", res);
	report = read_file(path);
	if (report == NULL || strstr(report, "solo") == NULL)
		fail_msg("no solo curve in %s", path);
}

/* cpu-order.sh: every CPU this process may use, once each (the sweep pins
 * by this order); under taskset, only the CPU it allows. */
static void cpu_order_lists_the_allowed_cpus(void **state)
{
	static struct proc_result r;
	int *cpus = NULL, n = tvp_cpus_allowed(&cpus);
	char one[32];

	(void)state;
	assert_true(n > 0);
	assert_int_equal(
	        run_cmd(&r, NULL, "scripts/cpu-order.sh", NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	for (int i = 0; i < n; i++) {
		int seen = 0;

		for (const char *p = r.out; *p;) {
			char *end;
			long c = strtol(p, &end, 10);

			if (end == p)
				fail_msg("not a CPU list: %s", r.out);
			seen += c == cpus[i];
			p = *end == ',' || *end == '\n' ? end + 1 : end;
		}
		if (seen != 1)
			fail_msg("CPU %d listed %d times: %s", cpus[i], seen,
			         r.out);
	}
	{
		int listed = 1;

		for (const char *p = r.out; *p; p++)
			listed += *p == ',';
		assert_int_equal(listed, n);
	}
	snprintf(one, sizeof(one), "%d", cpus[n - 1]);
	assert_int_equal(run_cmd(&r, NULL, "/usr/bin/taskset", "-c", one,
	                         "scripts/cpu-order.sh"),
	                 0);
	snprintf(one, sizeof(one), "%d\n", cpus[n - 1]);
	assert_string_equal(r.out, one);
	free(cpus);
}

/* The value of option opt ("--n") in a plan line's command; -1 if none. */
static long plan_opt(const char *cmd, const char *opt)
{
	char key[40];
	const char *at;

	snprintf(key, sizeof(key), " %s ", opt);
	at = strstr(cmd, key);
	return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

/*
 * The work of each worker in every count and pycount configuration of a
 * plan (C1/C2's workloads; sleep's, C3's, at least 4 tasks a worker):
 * at least 8 tasks a worker, none given a
 * fixed total, increments per worker (tasks x n) into work[0] (C) and
 * work[1] (Python), which must agree across the plan. Returns how many
 * lines it checked and the most workers seen.
 */
static int plan_work(const char *path, long work[2], long *most)
{
	char *text = read_file(path), *line, *save = NULL;
	int lines = 0;

	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *cmd = strrchr(line, '|');
		int py = !strncmp(line, "pycount", 7);
		long per, n, w;

		/* C3's: at least 4 tasks a worker at every worker count */
		if (!strncmp(line, "sleep-", 6) ||
		    !strncmp(line, "pysleep-", 8)) {
			assert_non_null(cmd);
			if (plan_opt(cmd, "--tasks-per-worker") < 4)
				fail_msg("%s: not 4 tasks a worker", line);
			continue;
		}
		if (strncmp(line, "count-", 6) && !py)
			continue;
		assert_non_null(cmd);
		per = plan_opt(cmd, "--tasks-per-worker");
		n = plan_opt(cmd, "--n");
		w = plan_opt(cmd, "--workers");
		if (per < 8 || n <= 0 || plan_opt(cmd, "--tasks") != -1)
			fail_msg("%s: not 8 tasks a worker of a known size",
			         line);
		if (w > *most)
			*most = w;
		if (work[py] == 0)
			work[py] = per * n;
		if (work[py] != per * n)
			fail_msg("%s: %ld increments a worker, not %ld", line,
			         per * n, work[py]);
		lines++;
	}
	return lines;
}

/*
 * The quick plan for a 16-CPU machine, printed without running: count and
 * pycount give every worker at least 8 tasks and the same work as the
 * 2-CPU plan does, so a run lasts as long on 16 CPUs as on 2 (C1/C2
 * measured as throughput scaling, not on a total that shrinks per core).
 */
static void quick_plan_gives_every_worker_the_same_work(void **state)
{
	char plan2[300], plan16[300];
	const char *py = have("python3") ? "python3" : "";
	char *two[] = { "scripts/sweep/plan.sh", "quick",    "0,1", "1 2",
		        (char *)temp_dir(),      (char *)py, plan2, NULL };
	char *sixteen[] = { "scripts/sweep/plan.sh",
		            "quick",
		            "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
		            "1 2 4 8 16",
		            (char *)temp_dir(),
		            (char *)py,
		            plan16,
		            NULL };
	long work2[2] = { 0, 0 }, work16[2] = { 0, 0 }, most2 = 0, most16 = 0;
	struct proc_result r;
	char cal[300];

	(void)state;
	snprintf(plan2, sizeof(plan2), "%s/plan2", temp_dir());
	snprintf(plan16, sizeof(plan16), "%s/plan16", temp_dir());
	/* (C1/C2's and C3's workloads: the others' plan is not read) */
	setenv("WORKLOADS", "count,sleep", 1);
	snprintf(cal, sizeof(cal), "%s/calibration.txt", temp_dir());
	unlink(cal);
	unsetenv("TVP_CALIBRATION");
	assert_int_equal(run_prog(two, NULL, 60, &r), 0);
	if (r.status != 0)
		fail_msg("plan.sh for 2 CPUs: %s", r.err);
	/* the 2-CPU plan's sizes, measured on this machine, given to the
	 * 16-CPU plan as a resumed folder gives them (one machine's speed:
	 * a second probe would measure it again, a little differently) */
	char *sized = read_file(cal);
	assert_non_null(sized);
	assert_non_null(strstr(sized, "count {\"calibrated\":\"n\""));
	setenv("TVP_CALIBRATION", cal, 1);
	assert_int_equal(run_prog(sixteen, NULL, 60, &r), 0);
	unsetenv("WORKLOADS");
	unsetenv("TVP_CALIBRATION");
	if (r.status != 0)
		fail_msg("plan.sh for 16 CPUs: %s", r.err);
	assert_true(plan_work(plan2, work2, &most2) >= 5);
	assert_true(plan_work(plan16, work16, &most16) >= 5);
	assert_int_equal(most2, 2);
	assert_int_equal(most16, 16);
	assert_true(work2[0] > 0);
	assert_int_equal(work16[0], work2[0]);
	assert_int_equal(work16[1], work2[1]);
	if (py[0] != '\0')
		assert_true(work2[1] > 0);
}

/*
 * count's n is sized to the machine: the plan runs each calibrated
 * program's --calibrate-ms once (count-serial, pinned: one JSON line with
 * the knob, its value in the knob's range and the task_ms its workload
 * asks for) and every count line of the plan carries that value; a folder
 * being resumed (TVP_CALIBRATION) keeps the value it was measured with,
 * here one written by hand, and one whose rounds predate the kept sizes
 * the n its first serial round ran with; ARGS_count overrides it; a workload that has
 * no size to scale refuses --calibrate-ms (exit 2, one line).
 */
static void plan_sizes_count_to_the_machine(void **state)
{
	char plan[300], cal[300], kept[300], line[256];
	char *args[] = { "scripts/sweep/plan.sh", "quick", "0,1", "1 2",
		         (char *)temp_dir(),      "",      plan,  NULL };
	char *primes[] = { "bin/primes-serial", "--calibrate-ms", "40", NULL };
	struct proc_result r;
	json_t *j;

	(void)state;
	snprintf(plan, sizeof(plan), "%s/plan-cal", temp_dir());
	snprintf(cal, sizeof(cal), "%s/calibration.txt", temp_dir());
	snprintf(kept, sizeof(kept), "%s/kept.txt", temp_dir());
	setenv("WORKLOADS", "count", 1);
	unsetenv("TVP_CALIBRATION");
	unlink(cal);
	assert_int_equal(run_prog(args, NULL, 60, &r), 0);
	if (r.status != 0)
		fail_msg("plan.sh: %s", r.err);
	char *text = read_file(cal);
	assert_non_null(text);
	assert_true(!strncmp(text, "count {", 7));
	assert_non_null(j = json_loads(text + 6, JSON_DISABLE_EOF_CHECK, NULL));
	assert_string_equal(json_string_value(json_object_get(j, "calibrated")),
	                    "n");
	assert_int_equal(json_integer_value(json_object_get(j, "task_ms")), 42);
	assert_true(json_is_true(json_object_get(j, "pin")));
	long n = (long)json_integer_value(json_object_get(j, "value"));
	json_decref(j);
	assert_true(n >= 1 && n <= 1L << 40);
	snprintf(line, sizeof(line), "--n %ld --tasks-per-worker 8", n);
	char *p = read_file(plan);
	int lines = 0;
	for (char *at = p; (at = strstr(at, "bin/count-")) != NULL; at++) {
		char *end = strchr(at, '\n');
		if (end)
			*end = '\0';
		if (!strstr(at, line))
			fail_msg("a count line without %s: %s", line, at);
		lines++;
		if (end)
			*end = '\n';
	}
	assert_true(lines >= 5);
	/* a resumed folder's size, kept */
	FILE *f = fopen(kept, "w");
	assert_non_null(f);
	fputs("count {\"calibrated\":\"n\",\"value\":123000000,"
	      "\"task_ms\":42}\n",
	      f);
	fclose(f);
	unlink(cal);
	setenv("TVP_CALIBRATION", kept, 1);
	assert_int_equal(run_prog(args, NULL, 60, &r), 0);
	unsetenv("TVP_CALIBRATION");
	assert_int_equal(r.status, 0);
	p = read_file(plan);
	assert_non_null(strstr(p, "bin/count-serial --pin --n 123000000 "
	                          "--tasks-per-worker 8\n"));
	assert_null(strstr(p, "--n 150000000"));
	/* a folder with rounds but no line (measured before sizes were
	 * kept): the size its first serial round ran with */
	char raw[200], ran[600];
	snprintf(raw, sizeof(raw), "%s/old-folder/raw", temp_dir());
	snprintf(ran, sizeof(ran),
	         "mkdir -p %s && echo '{\"n\":777000000}' "
	         ">%s/count-serial.r1.out.json",
	         raw, raw);
	assert_int_equal(run_cmd(&r, NULL, "/bin/sh", "-c", ran, NULL), 0);
	snprintf(ran, sizeof(ran), "%s/calibration.txt", raw);
	setenv("TVP_CALIBRATION", ran, 1);
	unlink(cal);
	assert_int_equal(run_prog(args, NULL, 60, &r), 0);
	unsetenv("TVP_CALIBRATION");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(read_file(plan),
	                       "bin/count-serial --pin --n "
	                       "777000000 --tasks-per-worker 8"));
	assert_non_null(strstr(read_file(cal),
	                       "count {\"calibrated\":\"n\","
	                       "\"value\":777000000,\"from\":"));
	/* ARGS_count: the user's size, not measured */
	setenv("ARGS_count", "--n 1000 --tasks-per-worker 8", 1);
	assert_int_equal(run_prog(args, NULL, 60, &r), 0);
	unsetenv("ARGS_count");
	unsetenv("WORKLOADS");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(read_file(plan), "--pin --n 1000 "
	                                        "--tasks-per-worker 8\n"));
	/* no size to scale: refused */
	assert_int_equal(run_prog(primes, NULL, 10, &r), 0);
	assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 2);
	assert_non_null(strstr(r.err, "--calibrate-ms: the tasks of primes "
	                              "have no size to scale"));
	assert_string_equal(r.out, "");
}

/*
 * The quick plan, printed without running, spends its budget on what a
 * verdict reads: every workload whose file does not say in_quick (mandel,
 * primes, stream, files, net) and the yardstick that needs mpirun are
 * left out, count and sleep (C1-C3) stay; FULL plans every workload.
 */
static void quick_plan_leaves_out_what_no_verdict_reads(void **state)
{
	static const char *const full_only[] = { "mandel-", "primes-",
		                                 "stream-", "files-", "net-" };
	char quick[300], full[300];
	char *q[] = { "scripts/sweep/plan.sh", "quick", "0,1", "1 2",
		      (char *)temp_dir(),      "",      quick, NULL };
	char *f[] = { "scripts/sweep/plan.sh", "full", "0,1", "1 2",
		      (char *)temp_dir(),      "",     full,  NULL };
	struct proc_result r;

	(void)state;
	snprintf(quick, sizeof(quick), "%s/quick", temp_dir());
	snprintf(full, sizeof(full), "%s/full", temp_dir());
	unsetenv("WORKLOADS");
	unsetenv("MODELS");
	assert_int_equal(run_prog(q, NULL, 60, &r), 0);
	if (r.status != 0)
		fail_msg("plan.sh quick: %s", r.err);
	assert_int_equal(run_prog(f, NULL, 60, &r), 0);
	if (r.status != 0)
		fail_msg("plan.sh full: %s", r.err);
	char *qt = read_file(quick), *ft = read_file(full);
	assert_non_null(qt);
	assert_non_null(ft);
	for (size_t i = 0; i < sizeof(full_only) / sizeof(*full_only); i++) {
		char at_start[32];

		snprintf(at_start, sizeof(at_start), "\n%s", full_only[i]);
		if (strstr(qt, at_start) ||
		    !strncmp(qt, full_only[i], strlen(full_only[i])))
			fail_msg("the quick plan runs %s:\n%s", full_only[i],
			         qt);
		if (!strstr(ft, at_start) &&
		    strncmp(ft, full_only[i], strlen(full_only[i])))
			fail_msg("the FULL plan lacks %s", full_only[i]);
	}
	assert_null(strstr(qt, "-mpi-"));
	assert_non_null(strstr(qt, "count-serial|"));
	assert_non_null(strstr(qt, "count-threads-pool-c02|"));
	assert_non_null(strstr(qt, "sleep-procs-pool-w64|"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sweep_resumes_and_checks_checksums),
		cmocka_unit_test(
		        sweep_waits_for_a_quiet_machine_and_marks_a_busy_one),
		cmocka_unit_test(sweep_stops_cleanly_and_resumes),
		cmocka_unit_test(sweep_takes_core_counts),
		cmocka_unit_test(sweep_moves_the_one_cpu_runs_round_by_round),
		cmocka_unit_test(
		        sweep_spends_its_budget_on_wide_configurations),
		cmocka_unit_test(a_new_model_is_one_file),
		cmocka_unit_test(cpu_order_lists_the_allowed_cpus),
		cmocka_unit_test(quick_plan_gives_every_worker_the_same_work),
		cmocka_unit_test(quick_plan_leaves_out_what_no_verdict_reads),
		cmocka_unit_test(plan_sizes_count_to_the_machine),
	};

	return tvp_run_tests(tests, temp_setup, temp_teardown);
}

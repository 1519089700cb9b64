/* SPDX-License-Identifier: MIT */
/*
 * Injected faults: tvp under the things that go wrong on real machines.
 *
 *  - a worker process SIGKILLed at a random moment, 50 times, across
 *    workloads that hold temp files, sockets and message queues;
 *  - SIGINT (to the whole process group, as Ctrl-C sends it) and SIGTERM
 *    (to make alone) sent to `make bench` at random moments, 20 times,
 *    then a run that must resume and complete;
 *  - resource exhaustion: too few file descriptors, a full disk under the
 *    files workload and under the results folder, a server that refuses
 *    or never answers;
 *  - a bad environment: hyperfine, gnuplot or python3 missing, a results
 *    folder that cannot be written, a CPU that does not exist.
 *
 * After each: the right exit status and a message that names the cause,
 * no process left, no temp file or directory, no shared segment or
 * message queue, no half-written or unparsable results file. The random
 * moments come from a seed printed at the start (TVP_SEED=N repeats a
 * run); the counts are printed at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static unsigned seed;
static time_t started;
static int faults, leaks;

/* ---- what "nothing left behind" means ---- */

static int shm0, mq0;

static void baseline(void)
{
	shm0 = count_matching("/dev/shm", "tvp");
	mq0 = count_matching("/dev/mqueue", "tvp");
}

/* Leaks after a fault: processes, temp entries, segments, queues. */
static int leftovers(const char *what)
{
	int procs, tmp;

	/* What is on its way out (a partner killed by PR_SET_PDEATHSIG, a
	 * cleanup still running) gets 10 s, plenty even under a sanitizer. */
	for (int t = 0; t < 100; t++) {
		procs = live_orphans();
		tmp = dir_entries(temp_dir());
		if (procs == 0 && tmp <= 0)
			break;
		usleep(100000);
	}
	procs = live_orphans();
	tmp = dir_entries(temp_dir());
	int shm = count_matching("/dev/shm", "tvp") - shm0;
	int mq = count_matching("/dev/mqueue", "tvp") - mq0;
	int n = procs + (tmp > 0 ? tmp : 0) + (shm > 0 ? shm : 0) +
	        (mq > 0 ? mq : 0);

	if (n > 0)
		print_message("LEAK after %s: %d processes, %d temp entries, "
		              "%d shm segments, %d queues\n",
		              what, procs, tmp, shm, mq);
	if (tmp > 0) {
		/* which ones: a count alone left a flake unexplained */
		DIR *d = opendir(temp_dir());

		for (struct dirent *e; d && (e = readdir(d));)
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				print_message("  left in %s: %s\n", temp_dir(),
				              e->d_name);
		if (d)
			closedir(d);
	}
	leaks += n;
	return n;
}

/* A test that failed half-way may leave its program running: end it, so
 * the next test starts clean (and counts only its own leftovers). */
static int start_clean(void **state)
{
	pid_t kids[64];
	int n = children_of(getpid(), kids, 64);

	(void)state;
	print_message("[%lds]\n", (long)(time(NULL) - started));
	for (int k = 0; k < n; k++) {
		kill(-kids[k], SIGKILL); /* its group, where it leads one */
		kill(kids[k], SIGKILL);
	}
	usleep(100000);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	rm_tree(temp_dir());
	mkdir(temp_dir(), 0700);
	return 0;
}

/* ---- a worker killed at a random moment, 50 times ---- */

struct victim {
	const char *argv[16];
	int workers;      /* children to wait for before the kill */
	const char *says; /* what stderr must name */
};

static void killed_workers_at_random_moments(void **state)
{
	/* Long runs (minutes): every kill lands inside one. */
	static const struct victim v[] = {
		{ { "bin/count-procs", "--n", "4000000000", "--workers", "2",
		    "--tasks", "8", "--schedule", "pool", NULL },
		  2,
		  "was killed by signal 9" },
		{ { "bin/count-procs", "--n", "4000000000", "--workers", "3",
		    "--tasks", "30", "--schedule", "per-task", NULL },
		  3,
		  "was killed by signal 9" },
		{ { "bin/files-procs", "--write", "--size", "4", "--tasks",
		    "100000", "--workers", "2", "--schedule", "static", NULL },
		  2,
		  "was killed by signal 9" },
		{ { "bin/net-procs", "--ms", "200", "--tasks", "100000",
		    "--workers", "3", NULL },
		  3,
		  "was killed by signal 9" },
		{ { "bin/sleep-procs", "--ms", "100", "--tasks", "100000",
		    "--workers", "4", "--schedule", "static", NULL },
		  4,
		  "was killed by signal 9" },
		{ { "bin/ipc", "--variants", "mqueue,shm", "--sizes", "8",
		    "--min-ms", "5000", NULL },
		  1,
		  "" },
	};
	const int rounds = reps(50, 10);

	(void)state;
	for (int k = 0; k < rounds; k++) {
		const struct victim *x = &v[rand() % 6];
		char *env[] = { temp_env(), NULL };
		pid_t kids[16], pid, target;
		int fd, status, n;
		char err[8192], what[128];

		pid = start_prog((char *const *)x->argv, env, &fd);
		n = wait_children(pid, x->workers, kids, 16, 10000);
		if (n < x->workers)
			fail_msg("%s: %d of %d workers started", x->argv[0], n,
			         x->workers);
		usleep((useconds_t)(rand() % 300000)); /* a random moment */
		n = children_of(pid, kids, 16);
		assert_true(n > 0);
		target = kids[rand() % n];
		assert_int_equal(kill(target, SIGKILL), 0);
		faults++;
		if (strcmp(x->argv[0], "bin/ipc") == 0)
			kill(pid,
			     SIGKILL); /* the micro-benchmark's parent too */
		slurp_fd(fd, err, sizeof(err));
		close(fd);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		snprintf(what, sizeof(what), "%s (round %d)", x->argv[0], k);
		if (x->says[0] != '\0') {
			char want[64];

			if (!WIFEXITED(status) || WEXITSTATUS(status) != 1)
				fail_msg("%s: status %#x, stderr: %s", what,
				         status, err);
			snprintf(want, sizeof(want), "(pid %d) %s", target,
			         x->says);
			if (strstr(err, want) == NULL)
				fail_msg("%s: stderr lacks '%s': %s", what,
				         want, err);
		}
		/* the partner dies by its death signal: leftovers() polls */
		assert_int_equal(leftovers(what), 0);
	}
	print_message("%d workers killed at random moments\n", rounds);
}

/* ---- make bench interrupted at random moments, 20 times ---- */

static char res[192];

/* make bench, small: two rounds of count and sleep, and one micro-benchmark
 * (the results in RESULTS) */
static struct sweep_env bench_se;
static char **bench_env(const char *results)
{
	return sweep_env(&bench_se, results,
	                 (const char *[]){
	                         temp_env(), "WORKLOADS=count,sleep",
	                         "MODELS=threads,procs", "MICRO=ctxsw",
	                         "ROUNDS=2", "ARGS_count=--n 3000000 --tasks 8",
	                         "ARGS_sleep=--ms 20 --tasks 8",
	                         "MICRO_ARGS_ctxsw=--min-ms 50", NULL });
}

/* Does one file of a results folder parse whole? A .json file as one
 * document, a .jsonl file line by line; a temp file never does. */
static int whole_file(const char *path, const struct stat *st, int type,
                      struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (type != FTW_F)
		return 0;
	if (n >= 4 && strcmp(path + n - 4, ".tmp") == 0) {
		print_error("a temp file was left: %s\n", path);
		return 1;
	}
	if (n >= 5 && strcmp(path + n - 5, ".json") == 0) {
		json_error_t e;
		json_t *j = json_load_file(path, 0, &e);

		if (j == NULL) {
			print_error("%s: %s\n", path, e.text);
			return 1;
		}
		json_decref(j);
	} else if (n >= 6 && strcmp(path + n - 6, ".jsonl") == 0) {
		FILE *f = fopen(path, "r");
		char *line = NULL;
		size_t cap = 0;
		int bad = f == NULL;

		while (!bad && getline(&line, &cap, f) > 0) {
			json_t *j = json_loads(line, 0, NULL);

			bad = j == NULL;
			json_decref(j);
		}
		if (bad)
			print_error("%s: a line that is not JSON\n", path);
		free(line);
		if (f)
			fclose(f);
		return bad;
	}
	return 0;
}

/* Every file in the results folder parses; no temp file is left. */
static int results_are_whole(const char *dir)
{
	if (access(dir, F_OK) != 0)
		return 1; /* nothing written at all */
	return nftw(dir, whole_file, 16, FTW_PHYS) == 0;
}

static void bench_interrupted_at_random_moments(void **state)
{
	char *argv[] = { "/usr/bin/make", "--no-print-directory", "bench",
		         NULL };
	struct proc_result r;
	const int rounds = reps(20, 4);
	char **env;

	(void)state;
	if (!have("hyperfine") || !have("gnuplot"))
		skip_because(
		        "hyperfine or gnuplot is not installed (make deps)");
	snprintf(res, sizeof(res), "%s-bench", temp_dir());
	env = bench_env(res);
	for (int k = 0; k < rounds; k++) {
		int sig = k % 2 ? SIGTERM : SIGINT, status;
		char what[64];
		pid_t pid;

		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", 01);

			setpgid(0, 0); /* its own group, as a shell job */
			default_signals();
			dup2(null, 1);
			dup2(null, 2);
			for (char **e = env; *e; e++)
				putenv(*e);
			execv(argv[0], argv);
			_exit(127);
		}
		setpgid(pid, pid);
		usleep((useconds_t)(200000 + rand() % 2500000));
		/* Ctrl-C reaches the whole group; SIGTERM only make. */
		if (sig == SIGINT)
			kill(-pid, SIGINT);
		else
			kill(pid, SIGTERM);
		faults++;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		/* What make started must end with it, within 10 s. */
		wait_no_orphans(10000);
		snprintf(what, sizeof(what), "make bench %s (round %d)",
		         sig == SIGINT ? "SIGINT" : "SIGTERM", k);
		assert_int_equal(leftovers(what), 0);
		if (!results_are_whole(res)) {
			leaks++;
			fail_msg("%s: a half-written file in %s", what, res);
		}
		if (count_matching(temp_dir(), "tvp-sweep-data") > 0) {
			leaks++;
			fail_msg("%s: the sweep's data folder was left", what);
		}
	}
	/* The same command again resumes and completes. */
	assert_int_equal(run_prog(argv, env, 600, &r), 0);
	if (r.status != 0)
		fail_msg("make bench after the interrupts: %s %s", r.out,
		         r.err);
	assert_non_null(strstr(r.out, "tvp: sweep complete"));
	assert_true(results_are_whole(res));
	rm_tree(res);
	print_message("make bench interrupted %d times\n", rounds);
}

/* ---- resource exhaustion ---- */

/* Run argv with RLIMIT_NOFILE at nofile (0: unchanged). */
static void run_limited(char *const argv[], rlim_t nofile,
                        struct proc_result *r)
{
	char *env[] = { temp_env(), NULL };
	struct rlimit old, rl = { nofile, nofile };

	getrlimit(RLIMIT_NOFILE, &old);
	if (nofile)
		setrlimit(RLIMIT_NOFILE, &rl); /* inherited by the child */
	assert_int_equal(run_prog(argv, env, 60, r), 0);
	setrlimit(RLIMIT_NOFILE, &old);
}

static void too_few_file_descriptors(void **state)
{
	static const char *const progs[][12] = {
		{ "bin/net-threads", "--workers", "16", "--ms", "50", "--tasks",
		  "64", NULL },
		{ "bin/count-procs", "--workers", "16", "--n", "1000", NULL },
		{ "bin/net-procs", "--workers", "16", "--ms", "50", "--tasks",
		  "64", NULL },
	};
	static struct proc_result r;

	(void)state;
	for (int k = 0; k < 3; k++) {
		run_limited((char *const *)progs[k], 12, &r);
		faults++;
		if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 1)
			fail_msg("%s: status %#x, stderr: %s", progs[k][0],
			         r.status, r.err);
		if (strstr(r.err, "Too many open files") == NULL)
			fail_msg("%s: stderr lacks the cause: %s", progs[k][0],
			         r.err);
		assert_int_equal(leftovers(progs[k][0]), 0);
	}
}

/* A small tmpfs of its own, or 0 where mounting is not allowed. */
static int small_disk(const char *dir, const char *size)
{
	char opts[64];

	mkdir(dir, 0700);
	snprintf(opts, sizeof(opts), "size=%s,mode=0700", size);
	return mount("tvp-test", dir, "tmpfs", 0, opts) == 0;
}

static void full_disk(void **state)
{
	char disk[192], resenv[220], dirarg[200];
	static struct proc_result r;
	char *files[] = {
		"bin/files-procs", "--workers", "2",     "--size", "64",
		"--tasks",         "64",        "--dir", dirarg,   NULL
	};
	char *writes[] = { "bin/files-threads",
		           "--workers",
		           "2",
		           "--size",
		           "64",
		           "--tasks",
		           "64",
		           "--write",
		           "--dir",
		           dirarg,
		           NULL };
	char *sweep[] = { "/bin/bash", "scripts/sweep.sh", NULL };

	(void)state;
	snprintf(disk, sizeof(disk), "%s-disk", temp_dir());
	if (!small_disk(disk, "1m")) {
		char why[160];

		snprintf(why, sizeof(why),
		         "full disk: cannot mount a tmpfs here (%s)",
		         strerror(errno));
		rmdir(disk);
		skip_because(why);
	}
	/* The data set does not fit: generating it fails, and says why. */
	snprintf(dirarg, sizeof(dirarg), "%s/data", disk);
	mkdir(dirarg, 0700);
	run_limited(files, 0, &r);
	faults++;
	if (WEXITSTATUS(r.status) != 1 ||
	    strstr(r.err, "No space left on device") == NULL)
		fail_msg("files on a full disk: %#x %s", r.status, r.err);
	rm_tree(dirarg);
	mkdir(dirarg, 0700);
	run_limited(writes, 0, &r);
	faults++;
	if (WEXITSTATUS(r.status) != 1 ||
	    strstr(r.err, "No space left on device") == NULL)
		fail_msg("files --write on a full disk: %#x %s", r.status,
		         r.err);
	assert_int_equal(leftovers("files on a full disk"), 0);
	rm_tree(dirarg);

	/* The results folder on the full disk: the sweep stops, says why,
	 * and leaves no half file. Fill the disk first. */
	if (have("hyperfine") && have("gnuplot")) {
		char fill[256], cmd[300];

		snprintf(fill, sizeof(fill), "%s/fill", disk);
		snprintf(cmd, sizeof(cmd),
		         "head -c 2000000 /dev/zero > '%s' 2>/dev/null", fill);
		(void)system(cmd);
		snprintf(resenv, sizeof(resenv), "%s/results", disk);
		unlink(fill);
		snprintf(cmd, sizeof(cmd),
		         "head -c 1030000 /dev/zero > '%s' 2>/dev/null", fill);
		(void)system(cmd);
		assert_int_equal(run_prog(sweep, bench_env(resenv), 300, &r),
		                 0);
		faults++;
		if (r.status == 0)
			fail_msg("the sweep succeeded on a full disk: %s",
			         r.out);
		if (strstr(r.err, "No space left on device") == NULL)
			fail_msg("the sweep on a full disk: %s", r.err);
		snprintf(cmd, sizeof(cmd), "%s/results", disk);
		assert_true(results_are_whole(cmd));
		assert_int_equal(leftovers("sweep on a full disk"), 0);
	}
	umount(disk);
	rmdir(disk);
}

/* A port that refuses, and a server that accepts but never answers. */
static void unreachable_server(void **state)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	char port[16];
	char *argv[] = {
		"bin/net-threads", "--port", port,   "--workers", "2",
		"--tasks",         "4",      "--ms", "10",        NULL
	};
	static struct proc_result r;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void)state;
	/* Bound, not listening: connections are refused. */
	assert_int_equal(bind(fd, (void *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (void *)&sa, &len), 0);
	snprintf(port, sizeof(port), "%d", ntohs(sa.sin_port));
	run_limited(argv, 0, &r);
	faults++;
	if (WEXITSTATUS(r.status) != 1 ||
	    strstr(r.err, "Connection refused") == NULL)
		fail_msg("refused: %#x %s", r.status, r.err);
	/* Listening but never answering: a timeout, not a hang. */
	assert_int_equal(listen(fd, 16), 0);
	run_limited(argv, 0, &r);
	faults++;
	close(fd);
	if (WEXITSTATUS(r.status) != 1 || strstr(r.err, "timed out") == NULL)
		fail_msg("silent server: %#x %s", r.status, r.err);
	assert_int_equal(leftovers("net"), 0);
}

/* ---- a bad environment ---- */

static void missing_tools(void **state)
{
	static const struct {
		const char *hide, *says;
		int status;
	} cases[] = {
		{ "hyperfine", "hyperfine is missing", 1 },
		{ "gnuplot", "gnuplot is missing", 1 },
		{ "python3|python",
		  "python3 not found: the Python arm is "
		  "skipped",
		  0 },
	};
	char bin[200], pathenv[220], resenv[220];
	char *sweep[] = { "/bin/bash", "scripts/sweep.sh", NULL };
	struct sweep_env se;
	static struct proc_result r;

	(void)state;
	snprintf(bin, sizeof(bin), "%s-bin", temp_dir());
	for (int k = 0; k < 3; k++) {
		path_without(bin, cases[k].hide, pathenv, sizeof(pathenv));
		snprintf(resenv, sizeof(resenv), "%s-res", temp_dir());
		/* PYTHON not given: the sweep looks for python3 */
		assert_int_equal(
		        run_prog(sweep,
		                 sweep_env(&se, resenv,
		                           (const char *[]){ pathenv, "PYTHON",
		                                             NULL }),
		                 120, &r),
		        0);
		faults++;
		if (strstr(r.out, cases[k].says) == NULL &&
		    strstr(r.err, cases[k].says) == NULL)
			fail_msg("without %s: %s %s", cases[k].hide, r.out,
			         r.err);
		if (WEXITSTATUS(r.status) != cases[k].status)
			fail_msg("without %s: status %d", cases[k].hide,
			         WEXITSTATUS(r.status));
		assert_true(results_are_whole(resenv));
		rm_tree(resenv);
		assert_int_equal(leftovers(cases[k].hide), 0);
	}
	rm_tree(bin);
}

static void unwritable_results_and_absent_cpus(void **state)
{
	char *sweep[] = { "/bin/bash", "scripts/sweep.sh", NULL };
	char *env[] = { "RESULTS=/dev/null/results",
		        "WORKLOADS=count",
		        "MICRO=",
		        "PYTHON=",
		        "CLAIMS=",
		        "SERVER=",
		        NULL };
	char *cpus_env[] = { "RESULTS=/tmp/never-made",
		             "CPUS=0,4095",
		             "WORKLOADS=count",
		             "MICRO=",
		             "PYTHON=",
		             "CLAIMS=",
		             "SERVER=",
		             NULL };
	char *cpu[] = { "bin/ctxsw", "--cpus", "three", NULL };
	static struct proc_result r;

	(void)state;
	assert_int_equal(run_prog(sweep, env, 60, &r), 0);
	faults++;
	assert_int_equal(WEXITSTATUS(r.status), 2);
	assert_non_null(strstr(r.err, "cannot create /dev/null/results"));
	/* Pinned to a CPU the machine does not have. */
	assert_int_equal(run_prog(sweep, cpus_env, 60, &r), 0);
	faults++;
	assert_int_equal(WEXITSTATUS(r.status), 2);
	assert_non_null(strstr(r.err, "CPUS=0,4095: CPU 4095 is not one"));
	assert_int_not_equal(access("/tmp/never-made", F_OK), 0);
	assert_int_equal(run_prog(cpu, NULL, 60, &r), 0);
	faults++;
	assert_int_equal(WEXITSTATUS(r.status), 2);
	assert_int_equal(leftovers("bad environment"), 0);
}

static int setup(void **state)
{
	const char *s = getenv("TVP_SEED");

	(void)state;
	seed = s ? (unsigned)strtoul(s, NULL, 10) : (unsigned)time(NULL);
	srand(seed);
	started = time(NULL);
	print_message("faults: TVP_SEED=%u repeats these random moments\n",
	              seed);
	if (temp_setup(state) != 0)
		return -1;
	baseline();
	return 0;
}

static int teardown(void **state)
{
	temp_teardown(state);
	print_message("faults: %d injected, %d leaks found\n", faults, leaks);
	return leaks == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(killed_workers_at_random_moments,
		                       start_clean),
		cmocka_unit_test_setup(bench_interrupted_at_random_moments,
		                       start_clean),
		cmocka_unit_test_setup(too_few_file_descriptors, start_clean),
		cmocka_unit_test_setup(full_disk, start_clean),
		cmocka_unit_test_setup(unreachable_server, start_clean),
		cmocka_unit_test_setup(missing_tools, start_clean),
		cmocka_unit_test_setup(unwritable_results_and_absent_cpus,
		                       start_clean),
	};

	return tvp_run_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: MIT */
/*
 * spawn: what it costs to create a worker and wait for it, as the parent's
 * resident memory grows - the measured answer to "a child copies the
 * parent's memory".
 *
 *   thread       pthread_create + pthread_join of a thread that returns
 *   fork         fork + _exit(0) in the child + waitpid
 *   vfork        vfork + _exit(0) + waitpid (the parent sleeps meanwhile)
 *   posix_spawn  posix_spawn of bin/noop + waitpid
 *   fork_exec    fork + execv(bin/noop) + waitpid
 *
 * One operation is the whole round: create, run, wait. fork copies no
 * page of data, but it copies the page tables and marks every page
 * copy-on-write, so its cost grows with the parent's mapped memory;
 * vfork and posix_spawn (clone with CLONE_VM|CLONE_VFORK in glibc) share
 * the parent's memory and do not. The parent's memory is touched,
 * private, and by default kept off transparent huge pages (--thp allows
 * them, which changes fork's cost by an order of magnitude).
 *
 * The fork line splits its round in two, over the same timed
 * repetitions: fork_us, the parent's return from fork (the page tables
 * copied and write-protected), and exit_wait_us, the child's _exit and
 * the parent's waitpid (the child's page tables torn down, which grows
 * with the parent's memory too). Each is the median over the
 * repetitions, with their min and max.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "micro.h"

static const char *const variants[] = { "thread", "fork", "vfork",
	                                "posix_spawn", "fork_exec" };
#define NVARIANTS 5

static long rss_mib[8] = { 0, 64, 512, 2048 };
static int nrss = 4;
static bool use_variant[NVARIANTS] = { true, true, true, true, true };
static bool thp;
static char noop[PATH_MAX];
static char *noop_argv[] = { noop, NULL };

static void reap(pid_t pid, const char *what)
{
	int status;

	if (pid < 0)
		tvp_task_fail("%s: %s", what, strerror(errno));
	/* (inline: the wait is part of the operation this benchmark times) */
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			tvp_task_fail("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		tvp_task_fail("%s: child ended with status %d", what, status);
}

static void *nothing(void *arg)
{
	return arg;
}

static void op_thread(long iters, void *cookie)
{
	(void)cookie;
	for (long i = 0; i < iters; i++) {
		pthread_t t;
		int err = pthread_create(&t, NULL, nothing, NULL);

		if (err != 0)
			tvp_task_fail("pthread_create: %s", strerror(err));
		pthread_join(t, NULL);
	}
}

/* fork's two halves per operation, one entry per timed repetition of
 * op_fork (micro_timed_rep: not its calibration nor its warm-ups): the
 * last --reps entries are the last measurement's (micro's limit on --reps
 * is below FORK_CALLS) */
#define FORK_CALLS 1024
static double fork_ns[FORK_CALLS], exit_wait_ns[FORK_CALLS];
static long fork_calls;

static void op_fork(long iters, void *cookie)
{
	int64_t in_fork = 0, in_wait = 0;

	(void)cookie;
	for (long i = 0; i < iters; i++) {
		int64_t t0 = tvp_now_ns(), t1;
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		t1 = tvp_now_ns();
		reap(pid, "fork");
		in_fork += t1 - t0;
		in_wait += tvp_now_ns() - t1;
	}
	if (!micro_timed_rep())
		return;
	fork_ns[fork_calls % FORK_CALLS] = (double)in_fork / (double)iters;
	exit_wait_ns[fork_calls % FORK_CALLS] = (double)in_wait / (double)iters;
	fork_calls++;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* KEY_us, KEY_us_min, KEY_us_max over the last reps calls' x[]. */
static void add_split(json_t *p, const char *key, const double *x, long reps)
{
	double v[FORK_CALLS];
	char name[64];
	long n = 0;

	for (long k = fork_calls - reps; k < fork_calls; k++)
		if (k >= 0)
			v[n++] = x[k % FORK_CALLS] / 1e3;
	if (n == 0)
		return;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	snprintf(name, sizeof(name), "%s_us", key);
	json_object_set_new(p, name,
	                    json_real(n % 2 ? v[n / 2]
	                                    : (v[n / 2 - 1] + v[n / 2]) / 2));
	snprintf(name, sizeof(name), "%s_us_min", key);
	json_object_set_new(p, name, json_real(v[0]));
	snprintf(name, sizeof(name), "%s_us_max", key);
	json_object_set_new(p, name, json_real(v[n - 1]));
}

/* Its own frame: nothing of the loop's lives where the child runs. */
static pid_t __attribute__((noinline)) vfork_and_exit(void)
{
	/* vfork is what this measures. */
	pid_t pid =
	        vfork(); // NOLINT(clang-analyzer-security.insecureAPI.vfork)

	if (pid == 0)
		_exit(0);
	return pid;
}

static void op_vfork(long iters, void *cookie)
{
	(void)cookie;
	for (long i = 0; i < iters; i++)
		reap(vfork_and_exit(), "vfork");
}

static void op_posix_spawn(long iters, void *cookie)
{
	(void)cookie;
	for (long i = 0; i < iters; i++) {
		pid_t pid;
		int err =
		        posix_spawn(&pid, noop, NULL, NULL, noop_argv, environ);

		if (err != 0)
			tvp_task_fail("posix_spawn %s: %s", noop,
			              strerror(err));
		reap(pid, "posix_spawn");
	}
}

static void op_fork_exec(long iters, void *cookie)
{
	(void)cookie;
	for (long i = 0; i < iters; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			execv(noop, noop_argv);
			_exit(127);
		}
		reap(pid, "fork+exec");
	}
}

static const micro_fn ops[NVARIANTS] = { op_thread, op_fork, op_vfork,
	                                 op_posix_spawn, op_fork_exec };

/* The parent's memory: touched, private, THP as asked. */
static void *make_rss(long mib)
{
	size_t bytes = (size_t)mib << 20;
	char *p;

	if (mib == 0)
		return NULL;
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		tvp_warn("mmap %ld MiB: %s", mib, strerror(errno));
		exit(TVP_EXIT_FAIL);
	}
	madvise(p, bytes, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	for (size_t off = 0; off < bytes; off += 4096)
		p[off] = (char)off;
	return p;
}

/* One variant's line at a parent size; ratio: fork over thread, paired. */
static void emit(const struct micro *m, int v, long mib,
                 const struct micro_result *r, const double *ratio)
{
	json_t *p = micro_point(m, variants[v]);

	json_object_set_new(p, "parent_rss_mib", json_integer(mib));
	json_object_set_new(p, "thp", json_boolean(thp));
	json_object_set_new(
	        p, "anon_huge_kib",
	        json_integer(micro_proc_kib("/proc/self/smaps_rollup",
	                                    "AnonHugePages")));
	micro_add_time(p, "us_per_op", 1e3, r);
	json_object_set_new(p, "minflt_per_op", json_real(r->minflt_per_op));
	if (ops[v] == op_fork) {
		add_split(p, "fork", fork_ns, r->reps);
		add_split(p, "exit_wait", exit_wait_ns, r->reps);
	}
	if (ratio != NULL)
		micro_add_ratio(p, ratio, "thread",
		                "median of paired fork/thread ratios, 95% "
		                "order-statistics interval");
	micro_emit(m, p);
}

/*
 * Every variant asked for at one parent size. thread and fork, when both
 * are asked for, are timed in rotation (micro_measure_pair), so that
 * C4's fork/thread ratio is taken repetition by repetition, never from
 * two medians measured at different moments; the others alone.
 */
static void measure_size(const struct micro *m, long mib)
{
	struct micro_result pr[2];
	double ratio[3];
	bool paired = use_variant[0] && use_variant[1] &&
	              micro_measure_pair(m, op_thread, NULL, op_fork, NULL,
	                                 &pr[0], &pr[1], ratio) == 0;

	for (int v = 0; v < NVARIANTS; v++) {
		struct micro_result r;

		if (!use_variant[v])
			continue;
		if (paired && v < 2)
			r = pr[v];
		else if (micro_measure(m, ops[v], NULL, &r) != 0)
			continue;
		emit(m, v, mib, &r, paired && v == 1 ? ratio : NULL);
	}
}

static void option(int index, const char *arg)
{
	switch (index) {
	case 0:
		micro_pick("--variants", arg, variants, NVARIANTS, use_variant);
		break;
	case 1: /* --rss-mib */
		nrss = micro_list("--rss-mib", arg, rss_mib, 8, 0, 1 << 20);
		break;
	case 2:
		thp = true;
		break;
	}
}

int main(int argc, char **argv)
{
	static const struct micro_opt opts[] = {
		{ "variants", true },
		{ "rss-mib", true },
		{ "thp", false },
		{ 0 },
	};
	struct micro m = {
		.name = "spawn",
		.summary = "Cost of creating and waiting for a thread or a "
		           "process (fork, vfork, posix_spawn, fork+exec) as "
		           "the parent's resident memory grows.",
		.usage = "[--variants thread,fork,vfork,posix_spawn,fork_exec]"
		         " [--rss-mib 0,64,512,2048] [--thp]",
		.example = "spawn --rss-mib 0,512 --variants thread,fork",
		.claim = "C4",
		.quick = "--rss-mib 0,64,512 --min-ms 20",
		.full = "--rss-mib 0,64,512,2048",
		.python = "bench/python/spawn.py",
		/* quick: the two ends of the sweep (a spawn start costs a new
		 * interpreter at each size); full: every size */
		.py_quick = "--rss-mib 0,512 --min-ms 20",
		.py_full = "--rss-mib 0,64,512,2048",
	};

	micro_parse(&m, argc, argv, opts, option);
	snprintf(noop, sizeof(noop), "%s/noop", micro_bindir());
	if (access(noop, X_OK) != 0) {
		tvp_warn("%s: %s (run make)", noop, strerror(errno));
		return TVP_EXIT_FAIL;
	}
	for (int s = 0; s < nrss; s++) {
		long avail = micro_proc_kib("/proc/meminfo", "MemAvailable");
		void *mem;

		if (avail >= 0 && rss_mib[s] > avail / 1024 / 4) {
			tvp_warn("skipping %ld MiB: only %ld MiB available",
			         rss_mib[s], avail / 1024);
			continue;
		}
		mem = make_rss(rss_mib[s]);
		measure_size(&m, rss_mib[s]);
		if (mem != NULL)
			munmap(mem, (size_t)rss_mib[s] << 20);
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * footprint: how much memory N workers really use, threads vs processes.
 * The parent first touches a buffer of --buffer-mib; then N workers start
 * and wait. Memory is the sum of PSS (proportional set size, from
 * /proc/PID/smaps_rollup) over the parent and every child: a page shared
 * by k processes counts 1/k in each, so the sum is what the machine
 * really holds, where a sum of RSS would count shared pages N times.
 *
 *   idle     N workers started, nothing written: a forked child shares
 *            all of the parent's pages (copy-on-write), a thread shares
 *            the whole address space; the difference is stacks and
 *            kernel-side bookkeeping
 *   written  each worker has written every page of the buffer: each
 *            process now holds its own copy (copy-on-write made visible),
 *            the threads still share one
 *
 * The counter that explains it: each worker's minor page faults while it
 * writes (getrusage RUSAGE_THREAD around the loop, the same call in both
 * models), cow_minflt_per_worker beside pages_per_worker: a forked child
 * takes about one fault per page it writes (the kernel copies the page),
 * a thread none (the page is its process's own already). The buffer is
 * kept off transparent huge pages so that a page is 4 KiB here.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "micro.h"

#define MAX_WORKERS 1024

static long counts[8] = { 1, 4, 16, 64 };
static int ncounts = 4;
static long buffer_mib = 64;
static char *buffer;
static long *write_faults; /* MAP_SHARED: every worker's, summed */

/*
 * One pipe per step, one byte per worker in each: a worker can never take
 * a byte meant for a sibling's next step.
 */
struct gate {
	int ready[2];    /* worker -> parent: one byte per step done */
	int write_go[2]; /* parent -> workers: write the buffer */
	int exit_go[2];  /* parent -> workers: leave */
};

/* Wait for the parent, write the buffer, wait again, leave. */
static void worker(struct gate *g)
{
	struct rusage r0, r1;
	char c;

	if (tvp_write_all(g->ready[1], "r", 1) ||
	    tvp_read_full(g->write_go[0], &c, 1) != 1)
		return;
	/* Relaxed atomic stores: threads write the one buffer they share
	 * without a data race; each process writes its own copy. */
	getrusage(RUSAGE_THREAD, &r0);
	for (size_t off = 0; off < (size_t)buffer_mib << 20; off += 4096)
		__atomic_store_n(&buffer[off], (char)(off >> 12),
		                 __ATOMIC_RELAXED);
	getrusage(RUSAGE_THREAD, &r1);
	__atomic_fetch_add(write_faults, r1.ru_minflt - r0.ru_minflt,
	                   __ATOMIC_RELAXED);
	if (tvp_write_all(g->ready[1], "w", 1) == 0)
		tvp_read_full(g->exit_go[0], &c, 1);
}

static void *worker_thread(void *arg)
{
	worker(arg);
	return NULL;
}

static void await(struct gate *g, long n)
{
	tvp_await(g->ready[0], n, "ready");
}

/* A worker process of the set (child.c). */
static void child(long k, void *g)
{
	(void)k;
	worker(g);
}

static void release(int fd, long n)
{
	for (long k = 0; k < n; k++)
		if (tvp_write_all(fd, "g", 1))
			tvp_task_fail("release: %s", strerror(errno));
}

static long total_pss(const pid_t *pids, long n)
{
	long sum = micro_pss_kib(getpid());

	for (long k = 0; k < n; k++)
		sum += micro_pss_kib(pids[k]);
	return sum;
}

static void emit(struct micro *m, bool procs, long n, const char *phase,
                 long kib, long base, long faults)
{
	json_t *p = micro_point(m, procs ? "process" : "thread");

	if (faults >= 0) {
		json_object_set_new(p, "cow_minflt_per_worker",
		                    json_real((double)faults / (double)n));
		json_object_set_new(p, "pages_per_worker",
		                    json_integer(buffer_mib << 8));
	}

	json_object_set_new(p, "workers", json_integer(n));
	json_object_set_new(p, "buffer_mib", json_integer(buffer_mib));
	json_object_set_new(p, "phase", json_string(phase));
	json_object_set_new(p, "pss_kib_total", json_integer(kib));
	json_object_set_new(p, "pss_kib_per_worker",
	                    json_real((double)(kib - base) / (double)n));
	micro_emit(m, p);
}

static void measure(struct micro *m, bool procs, long n)
{
	static pid_t pids[MAX_WORKERS];
	static pthread_t tids[MAX_WORKERS];
	struct gate g;
	struct tvp_childset set = { 0 };
	long base, idle, written;

	if (pipe(g.ready) || pipe(g.write_go) || pipe(g.exit_go))
		tvp_task_fail("pipe: %s", strerror(errno));
	base = micro_pss_kib(getpid());
	*write_faults = 0;
	for (long k = 0; k < n && !procs; k++)
		if (pthread_create(&tids[k], NULL, worker_thread, &g))
			tvp_task_fail("pthread_create: %s", strerror(errno));
	if (procs)
		tvp_childset_start(&set, pids, n, true, child, &g);
	await(&g, n);
	idle = total_pss(pids, procs ? n : 0);
	release(g.write_go[1], n);
	await(&g, n);
	written = total_pss(pids, procs ? n : 0);
	release(g.exit_go[1], n);
	if (procs && tvp_childset_reap(&set) != 0)
		tvp_task_fail("a worker failed");
	for (long k = 0; k < n && !procs; k++)
		pthread_join(tids[k], NULL);
	for (int k = 0; k < 2; k++) {
		close(g.ready[k]);
		close(g.write_go[k]);
		close(g.exit_go[k]);
	}
	emit(m, procs, n, "idle", idle, base, -1);
	emit(m, procs, n, "written", written, base, *write_faults);
}

static void option(int index, const char *arg)
{
	const char *err;

	if (index == 0)
		ncounts =
		        micro_list("--workers", arg, counts, 8, 1, MAX_WORKERS);
	else if ((err = tvp_parse_long(arg, 1, 1 << 16, &buffer_mib)))
		tvp_usage_error("--buffer-mib %s: %s", arg, err);
}

int main(int argc, char **argv)
{
	static const struct micro_opt opts[] = {
		{ "workers", true },
		{ "buffer-mib", true },
		{ 0 },
	};
	struct micro m = {
		.name = "footprint",
		.summary = "Total memory (sum of PSS) of N idle threads vs N "
		           "processes, and after each worker writes the "
		           "parent's buffer: copy-on-write made visible.",
		.usage = "[--workers 1,4,16,64] [--buffer-mib 64]",
		.example = "footprint --workers 4 --buffer-mib 32 --json",
		.claim = "C4",
		.quick = "--workers 1,4,16 --buffer-mib 64",
		.full = "--workers 1,4,16,64 --buffer-mib 256",
	};
	long biggest = 0;

	micro_parse(&m, argc, argv, opts, option);
	for (int k = 0; k < ncounts; k++)
		biggest = counts[k] > biggest ? counts[k] : biggest;
	write_faults = tvp_shared_alloc(sizeof(*write_faults));
	if (write_faults == NULL) {
		tvp_warn("out of memory");
		return TVP_EXIT_FAIL;
	}
	if (tvp_children_init(biggest) != 0 || micro_pss_kib(getpid()) < 0) {
		tvp_warn("cannot read /proc/self/smaps_rollup (Linux >= 4.14)");
		return TVP_EXIT_FAIL;
	}
	buffer = mmap(NULL, (size_t)buffer_mib << 20, PROT_READ | PROT_WRITE,
	              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buffer == MAP_FAILED) {
		tvp_warn("mmap %ld MiB: %s", buffer_mib, strerror(errno));
		return TVP_EXIT_FAIL;
	}
	madvise(buffer, (size_t)buffer_mib << 20, MADV_NOHUGEPAGE);
	memset(buffer, 1, (size_t)buffer_mib << 20);
	for (int procs = 0; procs < 2; procs++)
		for (int k = 0; k < ncounts; k++)
			measure(&m, procs, counts[k]);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * oversub: what many live workers cost once they exist (C5).
 *
 * The one quantity: the same CPU-bound work (--n increments of the count
 * kernel in all) split over 1x, 2x, 4x ... 64x as many workers as there
 * are CPUs, timed from the release of a start gate to the moment the last
 * worker finished its share (each worker stamps the monotonic clock, which
 * every process shares, into its slot). The workers are all created and
 * blocked on the gate before the clock starts, and all of them stay alive
 * until the last is done, so that their exit and reaping come after it
 * stops: creating a worker is C4's lesson, and at 64 per CPU it would
 * otherwise be 128 creations counted inside this figure; a process that
 * ended as soon as its share was done would tear down its address space
 * while the others still count (until the evening of 2026-12-04 it did, and processes at
 * 64 per CPU took 1.1-1.3x their 1x on the 2-vCPU guest). They are
 * reported beside it as figures of their own (create_ms_per_run,
 * reap_ms_per_run), as are the memory (the sum of PSS over the parent and
 * its children, read while every worker waits at the gate), the workers'
 * CPU time from the gate to done (the work's cost in CPU, which a host's
 * steal does not move, where the time it takes does) and each
 * worker's context switches after the gate, voluntary and involuntary
 * (getrusage RUSAGE_THREAD: a worker is one thread in either model), the
 * counter that says what oversubscription does: the scheduler preempts.
 * Each worker's count lands in a MAP_SHARED slot and the run checks the
 * total.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdbool.h>

#include "micro.h"
#include "../workloads/kernels.h"

/* One worker's results, in memory both models share; a cache line each,
 * so that no two workers write one line. */
struct slot {
	_Alignas(64) uint64_t count;
	int64_t done_ns;    /* CLOCK_MONOTONIC when its share was done */
	long nvcsw, nivcsw; /* switches from the gate to done */
	int64_t cpu_ns;     /* its CPU time from the gate to done */
};

struct job {
	bool procs;
	long workers;
	long n_total;
	struct slot *slots;      /* MAP_SHARED, one per worker */
	_Atomic long *remaining; /* MAP_SHARED: workers not yet done */
	int ready[2], gate[2], done[2], leave[2];
	long pss_kib; /* sampled in the first run, -1 before */
	/* what each run also held, beside the timed region */
	int64_t create_ns, reap_ns;
	long nvcsw, nivcsw; /* summed over workers */
	int64_t cpu_ns;     /* the workers' CPU time, gate to done */
	long runs;
	struct tvp_childset set; /* the worker processes (child.c) */
};

struct arg {
	struct job *j;
	long w;
};

/* This thread's CPU time: exact (the scheduler's own sum), where
 * getrusage's is split by ticks and clamped, too coarse for a share of a
 * few ms. */
static int64_t thread_cpu_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void worker(struct job *j, long w)
{
	long lo = j->n_total * w / j->workers;
	long hi = j->n_total * (w + 1) / j->workers;
	struct slot *s = &j->slots[w];
	struct rusage r0, r1;
	int64_t cpu0;
	char c;

	if (tvp_write_all(j->ready[1], "r", 1) != 0)
		return;
	tvp_read_full(j->gate[0], &c, 1); /* EOF: go */
	cpu0 = thread_cpu_ns();
	getrusage(RUSAGE_THREAD, &r0);
	s->count = tvp_count_kernel(hi - lo);
	s->done_ns = tvp_now_ns();
	getrusage(RUSAGE_THREAD, &r1);
	s->nvcsw = r1.ru_nvcsw - r0.ru_nvcsw;
	s->nivcsw = r1.ru_nivcsw - r0.ru_nivcsw;
	s->cpu_ns = thread_cpu_ns() - cpu0;
	/* The last one done tells the parent; every worker then stays alive
	 * until the parent lets them go. A process that ended here would
	 * tear down its address space while the others still count, and
	 * that teardown (C4's lesson, as creation is) would fall inside the
	 * window this program times. */
	if (atomic_fetch_sub(j->remaining, 1) == 1)
		(void)tvp_write_all(j->done[1], "d", 1);
	tvp_read_full(j->leave[0], &c, 1); /* EOF: leave */
}

static void *thread_main(void *p)
{
	struct arg *a = p;

	worker(a->j, a->w);
	return NULL;
}

/* Create every worker; each says "ready" and blocks on the gate. */
/* A worker process of the set (child.c): the parent's ends closed. */
static void child(long w, void *arg)
{
	struct job *j = arg;

	close(j->gate[1]);
	close(j->leave[1]);
	worker(j, w);
}

static void create_all(struct job *j, pthread_t *tids, pid_t *pids,
                       struct arg *args)
{
	for (long w = 0; w < j->workers && !j->procs; w++) {
		args[w] = (struct arg){ j, w };
		if (pthread_create(&tids[w], NULL, thread_main, &args[w]))
			tvp_task_fail("pthread_create (worker %ld): %s", w,
			              strerror(errno));
	}
	if (j->procs)
		tvp_childset_start(&j->set, pids, j->workers, true, child, j);
	tvp_await(j->ready[0], j->workers, "ready");
}

static void join_all(struct job *j, pthread_t *tids)
{
	for (long w = 0; w < j->workers && !j->procs; w++)
		pthread_join(tids[w], NULL);
	if (j->procs && tvp_childset_reap(&j->set) != 0)
		tvp_task_fail("a worker failed");
}

/* Wait for the last worker's "done". A process that died on the way
 * never sends it: look for one every 100 ms (without reaping it). */
static void await_done(struct job *j)
{
	struct pollfd p = { .fd = j->done[0], .events = POLLIN };
	siginfo_t si;
	char c;

	for (;;) {
		int n = poll(&p, 1, 100);

		if (n > 0 && tvp_read_full(j->done[0], &c, 1) == 1)
			return;
		if (n < 0 && errno != EINTR)
			tvp_task_fail("poll: %s", strerror(errno));
		si.si_pid = 0;
		/* (inline: a look at the children, WNOWAIT, not a reap) */
		if (j->procs &&
		    waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    si.si_pid != 0)
			tvp_task_fail("worker pid %d died before it was done",
			              (int)si.si_pid);
	}
}

static void run(long iters, void *cookie)
{
	struct job *j = cookie;
	pthread_t *tids = calloc((size_t)j->workers, sizeof(*tids));
	pid_t *pids = calloc((size_t)j->workers, sizeof(*pids));
	struct arg *args = calloc((size_t)j->workers, sizeof(*args));

	if (tids == NULL || pids == NULL || args == NULL)
		tvp_task_fail("out of memory for %ld workers", j->workers);
	for (long it = 0; it < iters; it++) {
		uint64_t sum = 0;
		int64_t t0, go, last, done;

		if (pipe(j->ready) || pipe(j->gate) || pipe(j->done) ||
		    pipe(j->leave))
			tvp_task_fail("pipe: %s", strerror(errno));
		atomic_store(j->remaining, j->workers);
		t0 = tvp_now_ns();
		create_all(j, tids, pids, args);
		if (j->pss_kib < 0) {
			j->pss_kib = micro_pss_kib(getpid());
			for (long w = 0; j->procs && w < j->workers; w++)
				j->pss_kib += micro_pss_kib(pids[w]);
		}
		go = tvp_now_ns();
		close(j->gate[1]); /* every worker's read returns: go */
		await_done(j);
		/* every worker has stamped its end; let them go, and time
		 * their exit and reaping on their own */
		last = 0;
		for (long w = 0; w < j->workers; w++)
			last = j->slots[w].done_ns > last ? j->slots[w].done_ns
			                                  : last;
		close(j->leave[1]);
		join_all(j, tids);
		done = tvp_now_ns();
		for (long w = 0; w < j->workers; w++) {
			sum += j->slots[w].count;
			j->nvcsw += j->slots[w].nvcsw;
			j->nivcsw += j->slots[w].nivcsw;
			j->cpu_ns += j->slots[w].cpu_ns;
		}
		if (sum != (uint64_t)j->n_total)
			tvp_task_fail("counted %llu, want %ld",
			              (unsigned long long)sum, j->n_total);
		micro_timed_ns(last - go);
		j->create_ns += go - t0;
		j->reap_ns += done - last;
		j->runs++;
		close(j->ready[0]);
		close(j->ready[1]);
		close(j->gate[0]);
		close(j->done[0]);
		close(j->done[1]);
		close(j->leave[0]);
	}
	free(args);
	free(pids);
	free(tids);
}

/* The mean of a sum over runs, in ms. */
static double per_run(int64_t ns, long runs)
{
	return runs > 0 ? (double)ns / 1e6 / (double)runs : 0;
}

static long factors[8] = { 1, 2, 4, 8, 16, 32, 64 };
static int nfactors = 7;
static long n_total = 1000000000;

static void option(int index, const char *arg)
{
	const char *err;

	if (index == 0)
		nfactors = micro_list("--per-cpu", arg, factors, 8, 1, 256);
	else if ((err = tvp_parse_long(arg, 1, 1L << 40, &n_total)))
		tvp_usage_error("--n %s: %s", arg, err);
}

int main(int argc, char **argv)
{
	static const struct micro_opt opts[] = {
		{ "per-cpu", true },
		{ "n", true },
		{ 0 },
	};
	struct micro m = {
		.name = "oversub",
		.summary = "The same CPU-bound work split over 1x..64x as many "
		           "threads or processes as CPUs, timed from the "
		           "release of the created workers to the last one's "
		           "end: time, memory, context switches.",
		.usage = "[--per-cpu 1,2,4,...,64] [--n TOTAL_INCREMENTS]",
		.example = "oversub --per-cpu 1,8,64 --n 200000000 --json",
		.claim = "C5",
		.quick =
		        "--per-cpu 1,4,16,64 --n 300000000 --reps 41 --min-ms 10",
	};
	int ncpus;
	long most = 0;
	struct slot *slots;
	_Atomic long *remaining;

	micro_parse(&m, argc, argv, opts, option);
	ncpus = micro_ncpus();
	for (int f = 0; f < nfactors; f++)
		most = factors[f] > most ? factors[f] : most;
	slots = tvp_shared_alloc(sizeof(*slots) * (size_t)(most * ncpus));
	remaining = tvp_shared_alloc(sizeof(*remaining));
	if (slots == NULL || remaining == NULL ||
	    tvp_children_init(most * ncpus) != 0) {
		tvp_warn("out of memory");
		return TVP_EXIT_FAIL;
	}
	for (int procs = 0; procs < 2; procs++) {
		struct job js[8];
		struct micro_result rs[8];
		bool ok[8] = { false };
		double ratio[3];
		int one = -1, top = 0;

		for (int f = 0; f < nfactors; f++) {
			js[f] = (struct job){ .procs = procs,
				              .workers = factors[f] * ncpus,
				              .n_total = n_total,
				              .slots = slots,
				              .remaining = remaining,
				              .pss_kib = -1 };
			if (factors[f] == 1)
				one = f;
			if (factors[f] > factors[top])
				top = f;
		}
		/* One per CPU against the most per CPU, in rotation: the
		 * slowdown C5 is about, paired against the machine's drift. */
		if (one >= 0 && top != one &&
		    micro_measure_pair(&m, run, &js[one], run, &js[top],
		                       &rs[one], &rs[top], ratio) == 0)
			ok[one] = ok[top] = true;
		for (int f = 0; f < nfactors; f++)
			if (!ok[f])
				ok[f] = micro_measure(&m, run, &js[f],
				                      &rs[f]) == 0;
		for (int f = 0; f < nfactors; f++) {
			json_t *p;

			if (!ok[f])
				continue;
			p = micro_point(&m, procs ? "process" : "thread");
			json_object_set_new(p, "cpus", json_integer(ncpus));
			json_object_set_new(p, "workers",
			                    json_integer(js[f].workers));
			json_object_set_new(p, "workers_per_cpu",
			                    json_integer(factors[f]));
			json_object_set_new(p, "n", json_integer(n_total));
			/* release to the last worker's end: the effect */
			json_object_set_new(
			        p, "timed",
			        json_string("release-to-last-done"));
			micro_add_time(p, "ms_per_run", 1e6, &rs[f]);
			/* beside it, what a whole run also held */
			json_object_set_new(p, "create_ms_per_run",
			                    json_real(per_run(js[f].create_ns,
			                                      js[f].runs)));
			json_object_set_new(
			        p, "reap_ms_per_run",
			        json_real(per_run(js[f].reap_ns, js[f].runs)));
			/* the CPU time the workers were given for it: what
			 * the host did not give (steal, a slower vCPU) moves
			 * the time and not this */
			json_object_set_new(
			        p, "cpu_ms_per_run",
			        json_real(per_run(js[f].cpu_ns, js[f].runs)));
			json_object_set_new(p, "pss_kib_total",
			                    json_integer(js[f].pss_kib));
			json_object_set_new(p, "vcsw_per_worker",
			                    json_real((double)js[f].nvcsw /
			                              (double)(js[f].runs *
			                                       js[f].workers)));
			json_object_set_new(p, "ivcsw_per_worker",
			                    json_real((double)js[f].nivcsw /
			                              (double)(js[f].runs *
			                                       js[f].workers)));
			if (f == top && one >= 0 && top != one) {
				json_object_set_new(p, "vs_one_per_cpu",
				                    json_real(ratio[0]));
				json_object_set_new(p, "vs_one_per_cpu_lo",
				                    json_real(ratio[1]));
				json_object_set_new(p, "vs_one_per_cpu_hi",
				                    json_real(ratio[2]));
			}
			micro_emit(&m, p);
		}
	}
	return 0;
}

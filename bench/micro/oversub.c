/* SPDX-License-Identifier: MIT */
/*
 * oversub: what many live workers cost once they exist (C5).
 *
 * The claim is that too many processes slow the whole system down where
 * threads only add switching. Two things must happen for that to show, if
 * it is true: each worker is preempted, many times, while it works, and
 * each has memory of its own that the others push out of the CPU's caches
 * and TLB while it waits. So every worker is given the same share of work
 * whatever the number of workers (will-it-scale's rule: a fixed amount of
 * work per worker), a fixed duration of CPU work chosen as 12 scheduler
 * slices measured on this machine at the start (a slice here is what the
 * scheduler really gives a spinning task among the most workers per CPU
 * this run asks for: kernels differ, few expose their base slice to an
 * unprivileged reader, and under EEVDF the tick decides as much as the
 * setting does), or --share-ms for a share that must match another
 * machine's. The work is a walk over a working set of the worker's own
 * (--working-set-kib), adding one to every word in each pass: the walk
 * is the work, so what a switch costs in caches shows as fully as it can
 * for a sequential walk, and a worker that computed more per byte would
 * lose less. A share is a number of passes, calibrated to last share_ms
 * when one worker runs alone.
 *
 * The figure is the time from the release of a start gate to the moment
 * the last worker finished its share (each worker stamps the monotonic
 * clock, which every process shares, into its slot). The workers are all
 * created, have touched their working sets, and block on the gate before
 * the clock starts, and all of them stay alive until the last is done, so
 * that their exit and reaping come after it stops: creating and ending a
 * worker is C4's lesson. They are reported beside it as figures of their
 * own (create_ms_per_run, reap_ms_per_run), as are the memory (the sum of
 * PSS over the parent and its children, read while every worker waits at
 * the gate), the workers' CPU time from the gate to done (which a host's
 * steal does not move, where the time it takes does) and each worker's
 * context switches after the gate (getrusage RUSAGE_THREAD: a worker is
 * one thread in either model), each round's least-preempted worker among
 * them: C5's verdict needs the typical round's (the lower median over
 * the rounds) preempted often enough; the least of every round's workers
 * is beside it, an extreme over thousands of workers.
 *
 * Each worker runs on one CPU, pinned (worker w on allowed CPU w mod the
 * CPUs): a CPU's workers share it alone, so that a slower vCPU slows
 * every level alike. At 1 per CPU a worker does REF_SHARES shares (a
 * quarter second, not one 50 ms share that one disturbance moves by half),
 * and every time is read per share a CPU ran (ms_per_share;
 * shares_per_worker says how many).
 *
 * Threads and processes run the same worker function; only the call that
 * creates them differs. Every configuration (model x workers per CPU) runs
 * once in each round, in an order shuffled anew each round: a host that
 * drifts moves every configuration of a round alike, so each ratio is
 * taken within its round, and its interval over the rounds' ratios. No
 * round is a warm-up: what a first run pays (creating, faulting in) falls
 * before its gate.
 */
#include <errno.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdbool.h>

#include "micro.h"
#include "../lib/interval.h"

#define MAX_LEVELS 8
/* The ten preemptions C5 needs, with room: the least-preempted worker
 * counts about one switch fewer than its share's slices (19 of 20, 15 of
 * 16 on the 2-vCPU guest), and a host that drifts makes a share last more
 * or fewer slices than it was sized for. Sized on the workers' fastest
 * (settle_share), a share runs about a slice longer than this on a guest
 * whose CPUs keep one speed: at 12, vm-epyc-run34-2026-12-06's shares
 * took 50.9-52.6 ms of CPU against 48.4, and the least-preempted worker
 * at 64 per CPU counted 11 switches in the typical round (9 in the
 * fewest); at 13, sized by the probe alone, run30 to run32 counted 12 or
 * 13 (10 to 12). 20 made C5 a third of the quick sweep, and at 16 it
 * still took 96-124 s of it. */
#define SLICES_PER_SHARE 12
#define PROBE_MS         150 /* how long the slice probe spins */
/* Every CPU runs at least this many shares in a run: at 1 per CPU each
 * worker does REF_SHARES of them (at 2 per CPU half as many, rounded up),
 * so that the reference every level is set against is no single-share
 * run, which one disturbance of the host moved by half (a quarter second
 * instead, at 12 slices of 4 ms a share). */
#define REF_SHARES 5

/* One worker's results, in memory both models share; a cache line each,
 * so that no two workers write one line. */
struct slot {
	_Alignas(64) uint64_t count; /* the sum of its working set at the end */
	int64_t done_ns;    /* CLOCK_MONOTONIC when its share was done */
	long nvcsw, nivcsw; /* switches from the gate to done */
	int64_t cpu_ns;     /* its CPU time from the gate to done */
};

/* What one run shares with its workers. */
struct run {
	bool procs;
	long workers;
	long passes;             /* a share: passes over the working set */
	long shares;             /* shares a worker does in this run */
	int ncpus;               /* worker w runs on allowed CPU w mod ncpus */
	size_t ws_words;         /* the working set, in 64-bit words */
	struct slot *slots;      /* MAP_SHARED, one per worker */
	_Atomic long *remaining; /* MAP_SHARED: workers not yet done */
	int ready[2], gate[2], done[2], leave[2];
	struct tvp_childset set; /* the worker processes (child.c) */
};

/* One configuration: a model at a number of workers per CPU. */
struct job {
	bool procs;
	long per_cpu, workers;
	long shares;  /* a worker's, REF_SHARES / per_cpu, at least 1 */
	long pss_kib; /* sampled in the first round */
	double *ms;   /* per timed round: the gate to the last done */
	double *cpu;  /* per timed round: the workers' CPU time, summed */
	int64_t create_ns, reap_ns, cpu_ns; /* summed over timed rounds */
	long nvcsw, nivcsw;                 /* summed over workers, rounds */
	long ivcsw_min; /* least-preempted worker, any round */
	double *least;  /* per timed round: its least-preempted worker */
	long runs;
};

struct arg {
	struct run *r;
	long w;
};

/* The work: add one to every word of ws, passes times. The barrier keeps
 * the compiler from folding the passes into one. */
static void walk(uint64_t *ws, size_t words, long passes)
{
	for (long p = 0; p < passes; p++) {
		for (size_t i = 0; i < words; i++)
			ws[i] += 1;
		__asm__ volatile("" : : "r"(ws) : "memory");
	}
}

/* Its own working set, touched before it says ready, so that no page
 * fault falls inside the window. */
static uint64_t *working_set(size_t words)
{
	uint64_t *ws = mmap(NULL, words * sizeof(*ws), PROT_READ | PROT_WRITE,
	                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (ws == MAP_FAILED)
		return NULL;
	memset(ws, 0, words * sizeof(*ws));
	return ws;
}

static void worker(struct run *r, long w)
{
	struct slot *s = &r->slots[w];
	uint64_t *ws, sum = 0;
	struct rusage r0, r1;
	int64_t cpu0;
	char c;

	/* on its CPU for good, before it touches its memory (which then
	 * lands near that CPU): a CPU's workers share it alone, and a
	 * slower vCPU (a host's, seen 1.45x) slows every level alike,
	 * where a free scheduler would move the many to the faster CPU
	 * and leave the one of 1 per CPU on the slow one */
	if (micro_pin((int)(w % r->ncpus)) != 0)
		tvp_task_fail("worker %ld: cannot pin it: %s", w,
		              strerror(errno));
	ws = working_set(r->ws_words);
	if (ws == NULL)
		tvp_task_fail("worker %ld: no memory for its working set", w);
	if (tvp_write_all(r->ready[1], "r", 1) != 0)
		return;
	tvp_read_full(r->gate[0], &c, 1); /* EOF: go */
	cpu0 = tvp_thread_cpu_ns();
	getrusage(RUSAGE_THREAD, &r0);
	walk(ws, r->ws_words, r->passes * r->shares);
	s->done_ns = tvp_now_ns();
	getrusage(RUSAGE_THREAD, &r1);
	s->cpu_ns = tvp_thread_cpu_ns() - cpu0;
	s->nvcsw = r1.ru_nvcsw - r0.ru_nvcsw;
	s->nivcsw = r1.ru_nivcsw - r0.ru_nivcsw;
	for (size_t i = 0; i < r->ws_words; i++)
		sum += ws[i];
	s->count = sum;
	/* The last one done tells the parent; every worker then stays alive
	 * until the parent lets them go: a process that ended here would
	 * tear down its address space while the others still work. */
	if (atomic_fetch_sub(r->remaining, 1) == 1)
		(void)tvp_write_all(r->done[1], "d", 1);
	tvp_read_full(r->leave[0], &c, 1); /* EOF: leave */
	munmap(ws, r->ws_words * sizeof(*ws));
}

static void *thread_main(void *p)
{
	struct arg *a = p;

	worker(a->r, a->w);
	return NULL;
}

/* A worker process of the set (child.c): the parent's ends closed. */
static void child(long w, void *p)
{
	struct run *r = p;

	close(r->gate[1]);
	close(r->leave[1]);
	worker(r, w);
}

/* Create every worker (the one call that differs between the models);
 * each says "ready" once its working set is touched, and blocks on the
 * gate. */
static void create_all(struct run *r, pthread_t *tids, pid_t *pids,
                       struct arg *args)
{
	for (long w = 0; w < r->workers && !r->procs; w++) {
		args[w] = (struct arg){ r, w };
		if (pthread_create(&tids[w], NULL, thread_main, &args[w]))
			tvp_task_fail("pthread_create (worker %ld): %s", w,
			              strerror(errno));
	}
	if (r->procs)
		tvp_childset_start(&r->set, pids, r->workers, true, child, r);
	tvp_await(r->ready[0], r->workers, "ready");
}

static void join_all(struct run *r, pthread_t *tids)
{
	for (long w = 0; w < r->workers && !r->procs; w++)
		pthread_join(tids[w], NULL);
	if (r->procs && tvp_childset_reap(&r->set) != 0)
		tvp_task_fail("a worker failed");
}

/* Wait for the last worker's "done". A process that died on the way
 * never sends it: look for one every 100 ms (without reaping it). */
static void await_done(struct run *r)
{
	struct pollfd p = { .fd = r->done[0], .events = POLLIN };
	siginfo_t si;
	char c;

	for (;;) {
		int n = poll(&p, 1, 100);

		if (n > 0 && tvp_read_full(r->done[0], &c, 1) == 1)
			return;
		if (n < 0 && errno != EINTR)
			tvp_task_fail("poll: %s", strerror(errno));
		si.si_pid = 0;
		/* (inline: a look at the children, WNOWAIT, not a reap) */
		if (r->procs &&
		    waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    si.si_pid != 0)
			tvp_task_fail("worker pid %d died before it was done",
			              (int)si.si_pid);
	}
}

/* One run of job j in round k: create, release, wait for the last, let
 * go, reap. The first round also samples the memory, before its gate. */
static void run_once(struct run *r, struct job *j, long k)
{
	pthread_t *tids = calloc((size_t)j->workers, sizeof(*tids));
	pid_t *pids = calloc((size_t)j->workers, sizeof(*pids));
	struct arg *args = calloc((size_t)j->workers, sizeof(*args));
	uint64_t sum = 0, want;
	int64_t t0, go, last = 0, done;
	long nvcsw = 0, nivcsw = 0, least = -1;
	int64_t cpu_ns = 0;

	if (tids == NULL || pids == NULL || args == NULL)
		tvp_task_fail("out of memory for %ld workers", j->workers);
	r->procs = j->procs;
	r->workers = j->workers;
	r->shares = j->shares;
	if (pipe(r->ready) || pipe(r->gate) || pipe(r->done) || pipe(r->leave))
		tvp_task_fail("pipe: %s", strerror(errno));
	atomic_store(r->remaining, j->workers);
	t0 = tvp_now_ns();
	create_all(r, tids, pids, args);
	if (k == 0) {
		j->pss_kib = micro_pss_kib(getpid());
		for (long w = 0; j->procs && w < j->workers; w++)
			j->pss_kib += micro_pss_kib(pids[w]);
	}
	go = tvp_now_ns();
	close(r->gate[1]); /* every worker's read returns: go */
	await_done(r);
	/* every worker has stamped its end; let them go, and time their
	 * exit and reaping on their own */
	for (long w = 0; w < j->workers; w++)
		last = r->slots[w].done_ns > last ? r->slots[w].done_ns : last;
	close(r->leave[1]);
	join_all(r, tids);
	done = tvp_now_ns();
	want = (uint64_t)r->passes * (uint64_t)r->shares * r->ws_words *
	       (uint64_t)j->workers;
	for (long w = 0; w < j->workers; w++) {
		const struct slot *s = &r->slots[w];

		sum += s->count;
		nvcsw += s->nvcsw;
		nivcsw += s->nivcsw;
		cpu_ns += s->cpu_ns;
		least = least < 0 || s->nivcsw < least ? s->nivcsw : least;
	}
	if (sum != want)
		tvp_task_fail("the working sets hold %llu, want %llu",
		              (unsigned long long)sum,
		              (unsigned long long)want);
	{
		j->ms[k] = (double)(last - go) / 1e6;
		j->cpu[k] = (double)cpu_ns / 1e6;
		j->create_ns += go - t0;
		j->reap_ns += done - last;
		j->cpu_ns += cpu_ns;
		j->nvcsw += nvcsw;
		j->nivcsw += nivcsw;
		j->ivcsw_min = j->ivcsw_min < 0 || least < j->ivcsw_min
		                       ? least
		                       : j->ivcsw_min;
		j->least[k] = (double)least;
		j->runs++;
	}
	close(r->ready[0]);
	close(r->ready[1]);
	close(r->gate[0]);
	close(r->done[0]);
	close(r->done[1]);
	close(r->leave[0]);
	free(args);
	free(pids);
	free(tids);
}

/* ---- what the machine is: its slice, its L2, PCID ---- */

static pthread_barrier_t probe_gate;

struct probe {
	int64_t cpu_ns;
	long nivcsw;
};

static void *probe_spin(void *p)
{
	struct probe *o = p;
	struct rusage r0, r1;
	int64_t cpu0, end_ns;

	micro_pin(0);
	pthread_barrier_wait(&probe_gate);
	/* each spins PROBE_MS from its own release: on a busy host the
	 * last may reach the gate long after the first was created */
	end_ns = tvp_now_ns() + (int64_t)PROBE_MS * 1000000;
	cpu0 = tvp_thread_cpu_ns();
	getrusage(RUSAGE_THREAD, &r0);
	while (tvp_now_ns() < end_ns)
		;
	getrusage(RUSAGE_THREAD, &r1);
	o->cpu_ns = tvp_thread_cpu_ns() - cpu0;
	o->nivcsw = r1.ru_nivcsw - r0.ru_nivcsw;
	return NULL;
}

/*
 * The slice the scheduler gives: n spinning threads on one CPU for
 * PROBE_MS, their CPU time over their involuntary switches. n is the most
 * workers per CPU the run asks for, where the slice is what decides how
 * often a worker is preempted. -1 if no thread was ever preempted.
 */
static double probe_slice_ms(long n)
{
	pthread_t *t = calloc((size_t)n, sizeof(*t));
	struct probe *o = calloc((size_t)n, sizeof(*o));
	int64_t cpu_ns = 0;
	long sw = 0, started = 0;

	if (t == NULL || o == NULL ||
	    pthread_barrier_init(&probe_gate, NULL, (unsigned)n + 1)) {
		free(t);
		free(o);
		return -1;
	}
	for (; started < n; started++)
		if (pthread_create(&t[started], NULL, probe_spin, &o[started]))
			tvp_task_fail("pthread_create (slice probe): %s",
			              strerror(errno));
	pthread_barrier_wait(&probe_gate);
	for (long k = 0; k < n; k++) {
		pthread_join(t[k], NULL);
		cpu_ns += o[k].cpu_ns;
		sw += o[k].nivcsw;
	}
	pthread_barrier_destroy(&probe_gate);
	free(t);
	free(o);
	return sw > 0 ? (double)cpu_ns / 1e6 / (double)sw : -1;
}

/* The base slice where the kernel lets us read it (CFS named it the
 * minimum granularity): its value and the file, or -1. */
static long read_slice_ns(const char **file)
{
	static const char *const files[] = {
		"/proc/sys/kernel/sched_base_slice_ns",
		"/sys/kernel/debug/sched/base_slice_ns",
		"/proc/sys/kernel/sched_min_granularity_ns",
		"/sys/kernel/debug/sched/min_granularity_ns",
	};

	for (size_t k = 0; k < sizeof(files) / sizeof(*files); k++) {
		FILE *f = fopen(files[k], "r");
		long ns;
		int got = f ? fscanf(f, "%ld", &ns) : 0;

		if (f)
			fclose(f);
		if (got == 1 && ns > 0) {
			*file = files[k];
			return ns;
		}
	}
	*file = NULL;
	return -1;
}

/* The size of the level-2 cache of the CPU this runs on, in KiB, from
 * sysfs; -1 when unknown (a guest may have no cache directory). */
static long l2_kib_sysfs(void)
{
	int cpu = sched_getcpu();
	long kib = -1;

	for (int i = 0; cpu >= 0 && kib < 0 && i < 8; i++) {
		char path[128], type[32] = "";
		long level = 0, size = -1;
		FILE *f;

		snprintf(path, sizeof(path),
		         "/sys/devices/system/cpu/cpu%d/cache/index%d/level",
		         cpu, i);
		if ((f = fopen(path, "r")) == NULL)
			break;
		if (fscanf(f, "%ld", &level) != 1)
			level = 0;
		fclose(f);
		snprintf(path, sizeof(path),
		         "/sys/devices/system/cpu/cpu%d/cache/index%d/type",
		         cpu, i);
		if ((f = fopen(path, "r")) != NULL) {
			if (fscanf(f, "%31s", type) != 1)
				type[0] = '\0';
			fclose(f);
		}
		snprintf(path, sizeof(path),
		         "/sys/devices/system/cpu/cpu%d/cache/index%d/size",
		         cpu, i);
		if ((f = fopen(path, "r")) != NULL) {
			if (fscanf(f, "%ldK", &size) != 1)
				size = -1;
			fclose(f);
		}
		if (level == 2 && strcmp(type, "Instruction") != 0)
			kib = size;
	}
	return kib;
}

/*
 * Where sysfs does not say (a guest without a cache directory), x86's
 * CPUID leaf 0x80000006, which AMD and Intel both fill: ECX[31:16], the
 * L2 per core in KiB, as the hypervisor passes it on. -1 elsewhere.
 */
static long l2_kib_cpuid(const char **source)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned a, b, c, d;

	if (__get_cpuid(0x80000000, &a, &b, &c, &d) && a >= 0x80000006 &&
	    __get_cpuid(0x80000006, &a, &b, &c, &d) && (c >> 16) > 0) {
		*source = "cpuid";
		return (long)(c >> 16);
	}
#endif
	*source = NULL;
	return -1;
}

/* The L2 in KiB and where it was read ("sysfs", "cpuid"), or -1. */
static long l2_kib(const char **source)
{
	long kib = l2_kib_sysfs();

	*source = "sysfs";
	if (kib <= 0)
		kib = l2_kib_cpuid(source);
	return kib;
}

/* Whether the CPU tags TLB entries with the address space (x86's pcid
 * flag), so that a switch between processes need not flush them: 1, 0,
 * or -1 where /proc/cpuinfo has no x86 flags line. */
static int has_pcid(void)
{
	char line[4096];
	int found = -1;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && found < 0 && fgets(line, sizeof(line), f)) {
		char *save = NULL, *tok;

		if (strncmp(line, "flags", 5) != 0)
			continue;
		found = 0;
		for (tok = strtok_r(strchr(line, ':'), ": \t\n", &save); tok;
		     tok = strtok_r(NULL, " \t\n", &save))
			found |= !strcmp(tok, "pcid");
	}
	if (f)
		fclose(f);
	return found;
}

/* The CPU time of one pass over a working set of words, alone: the
 * fastest of a few timings, each long enough for the clock, taken on each
 * CPU the workers will run on in turn (the k-th pinned to allowed CPU k
 * mod the CPUs), so that one vCPU slower than the others does not size
 * every share: calibrated on one vCPU alone, in a spell when it ran 1.5x
 * slower than the workers later did, the shares came out 34 ms of CPU
 * against 52 and the least-preempted worker was preempted 4 times. A
 * spell that slows every CPU during the probes still gives short shares;
 * C5's preemption condition is what catches that. CPU time, not wall
 * time: a host busy with other work stretches the latter, and a share is
 * CPU work. */
static double ns_per_pass(size_t words)
{
	uint64_t *ws = working_set(words);
	double best = -1;
	long passes = 1;
	int n = micro_ncpus();
	cpu_set_t was;

	if (ws == NULL)
		tvp_task_fail("no memory for a working set of %zu bytes",
		              words * sizeof(*ws));
	if (sched_getaffinity(0, sizeof(was), &was) != 0)
		tvp_task_fail("sched_getaffinity: %s", strerror(errno));
	for (int64_t t = 0; t < 2000000; passes *= 2) {
		int64_t t0 = tvp_thread_cpu_ns();

		walk(ws, words, passes);
		t = tvp_thread_cpu_ns() - t0;
	}
	for (int k = 0; k < (n > 3 ? 2 * n : 6); k++) {
		int64_t t0;
		double ns;

		if (n > 0 && micro_pin(k % n) != 0)
			tvp_task_fail(
			        "cannot pin the calibration to CPU %d: %s",
			        k % n, strerror(errno));
		t0 = tvp_thread_cpu_ns();
		walk(ws, words, passes);
		ns = (double)(tvp_thread_cpu_ns() - t0) / (double)passes;
		best = best < 0 || ns < best ? ns : best;
	}
	if (sched_setaffinity(0, sizeof(was), &was) != 0)
		tvp_task_fail("sched_setaffinity: %s", strerror(errno));
	munmap(ws, words * sizeof(*ws));
	return best;
}

/* ---- the rounds, and the figures over them ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of x[0..n) (sorted in place) and its 95% interval (the one
 * every figure takes: NAN under 6 values). */
static void median_of(double *x, long n, double out[3])
{
	qsort(x, (size_t)n, sizeof(*x), cmp_double);
	out[0] = n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
	tvp_median_interval(x, n, &out[1], &out[2]);
}

/* key, key_lo and key_hi; an interval the rounds are too few for (not a
 * finite number) leaves its keys out. */
static void set_est(json_t *p, const char *key, const double e[3])
{
	char k[64];

	json_object_set_new(p, key, json_real(e[0]));
	for (int i = 1; i < 3; i++) {
		snprintf(k, sizeof(k), "%s_%s", key, i == 1 ? "lo" : "hi");
		if (isfinite(e[i]))
			json_object_set_new(p, k, json_real(e[i]));
	}
}

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* The jobs' order for one round: a fresh Fisher-Yates shuffle. */
static void shuffle(int *order, int n)
{
	for (int k = 0; k < n; k++)
		order[k] = k;
	for (int k = n - 1; k > 0; k--) {
		int i = (int)(rng_next() % (uint64_t)(k + 1)), t = order[k];

		order[k] = order[i];
		order[i] = t;
	}
}

/* The mean of a sum over runs, in ms. */
static double per_run(int64_t ns, long runs)
{
	return runs > 0 ? (double)ns / 1e6 / (double)runs : 0;
}

static long levels[MAX_LEVELS] = { 1, 2, 4, 8, 16, 32, 64 };
static int nlevels = 7;
static long ws_kib = 256;
static long share_ms_arg = -1; /* -1: SLICES_PER_SHARE measured slices */

static void option(int index, const char *arg)
{
	const char *err;

	if (index == 0) {
		nlevels = micro_list("--per-cpu", arg, levels, MAX_LEVELS, 1,
		                     256);
		for (int a = 0; a < nlevels; a++)
			for (int b = 0; b < a; b++)
				if (levels[a] == levels[b])
					tvp_usage_error("--per-cpu %s: %ld "
					                "twice",
					                arg, levels[a]);
	} else if (index == 1) {
		if ((err = tvp_parse_long(arg, 4, 1L << 20, &ws_kib)))
			tvp_usage_error("--working-set-kib %s: %s (allowed "
			                "4..1048576)",
			                arg, err);
	} else if ((err = tvp_parse_long(arg, 1, 60000, &share_ms_arg))) {
		tvp_usage_error("--share-ms %s: %s (allowed 1..60000)", arg,
		                err);
	}
}

/* What every line says about the conditions it was measured under. */
struct conditions {
	double share_ms, slice_ms;
	long passes, slice_ns_read, l2;
	const char *slice_file, *l2_source;
	int pcid;
};

static void add_conditions(json_t *p, const struct conditions *c)
{
	json_object_set_new(p, "working_set_kib", json_integer(ws_kib));
	json_object_set_new(p, "share_ms", json_real(c->share_ms));
	json_object_set_new(p, "passes_per_worker", json_integer(c->passes));
	json_object_set_new(p, "slice_ms",
	                    c->slice_ms > 0 ? json_real(c->slice_ms)
	                                    : json_null());
	json_object_set_new(p, "sched_slice_ns",
	                    c->slice_ns_read > 0
	                            ? json_integer(c->slice_ns_read)
	                            : json_null());
	json_object_set_new(p, "sched_slice_file",
	                    c->slice_file ? json_string(c->slice_file)
	                                  : json_null());
	json_object_set_new(p, "l2_kib",
	                    c->l2 > 0 ? json_integer(c->l2) : json_null());
	json_object_set_new(p, "l2_source",
	                    c->l2_source ? json_string(c->l2_source)
	                                 : json_null());
	json_object_set_new(p, "pcid",
	                    c->pcid < 0 ? json_null() : json_boolean(c->pcid));
}

/* What the machine is, and the share of work a worker is given:
 * --share-ms, or SLICES_PER_SHARE of the slice measured among the most
 * workers per CPU the run asks for (at least 2, to be preempted). */
static void measure_conditions(struct conditions *cond, long most)
{
	long spinners = most > 1 ? most : 2;

	cond->slice_ns_read = read_slice_ns(&cond->slice_file);
	cond->l2 = l2_kib(&cond->l2_source);
	cond->pcid = has_pcid();
	cond->slice_ms = probe_slice_ms(spinners);
	if (share_ms_arg > 0)
		cond->share_ms = (double)share_ms_arg;
	else if (cond->slice_ms > 0)
		cond->share_ms = SLICES_PER_SHARE * cond->slice_ms;
	else
		tvp_task_fail("no thread was preempted in %d ms of %ld "
		              "spinning on one CPU: give --share-ms",
		              PROBE_MS, spinners);
}

/* A share of share_ms as passes over the working set, at ns_pass a pass
 * (at least one). */
static void size_share(struct run *r, struct conditions *cond, double ns_pass)
{
	r->passes = (long)(cond->share_ms * 1e6 / ns_pass + 0.5);
	r->passes = r->passes > 0 ? r->passes : 1;
	cond->passes = r->passes;
}

/* The share as passes over the working set, calibrated here, and the
 * memory the workers share, for max_workers at most: 0, or -1 when there
 * is not enough of it. */
static int prepare_run(struct run *r, struct conditions *cond, long max_workers)
{
	double ns_pass;

	r->ws_words = (size_t)ws_kib * 1024 / sizeof(uint64_t);
	ns_pass = ns_per_pass(r->ws_words);
	size_share(r, cond, ns_pass);
	r->slots = tvp_shared_alloc(sizeof(*r->slots) * (size_t)max_workers);
	r->remaining = tvp_shared_alloc(sizeof(*r->remaining));
	if (r->slots == NULL || r->remaining == NULL ||
	    tvp_children_init(max_workers) != 0)
		return -1;
	return 0;
}

/*
 * The share settled on the workers themselves: untimed runs of the
 * 1-per-CPU threads (REF_SHARES shares each, every CPU its worker, as in
 * the rounds) give the CPU time of a pass as the workers get it, and the
 * passes are sized from the second run's fastest worker. The probe above is only
 * a first guess: its timings are milliseconds long, and a host that
 * runs slower for those milliseconds sizes every share long or short
 * (vm-epyc-run29-2026-12-06: 34.5 ms of CPU against 51.9, the
 * least-preempted worker at 64 per CPU preempted 4 times, C5 not
 * measured).
 * A host that changes speed later in the run still moves them; the
 * preemption condition is what catches that.
 */
static void settle_share(struct run *r, struct conditions *cond, int ncpus)
{
	double ms = 0, cpu = 0;
	struct job w = { .per_cpu = 1,
		         .workers = ncpus,
		         .shares = REF_SHARES,
		         .pss_kib = -1,
		         .ivcsw_min = -1,
		         .ms = &ms,
		         .cpu = &cpu,
		         .least = &(double){ 0 } };
	double best = -1;

	/* (twice, sized from the second: in three runs by hand on the
	 * 2-vCPU guest, not committed, the first of a process's runs came
	 * out about 4% slower a pass than the timed runs after it) */
	run_once(r, &w, 0);
	run_once(r, &w, 0);
	for (long k = 0; k < w.workers; k++) {
		double ns = (double)r->slots[k].cpu_ns /
		            ((double)r->passes * (double)w.shares);

		best = best < 0 || ns < best ? ns : best;
	}
	if (best > 0)
		size_share(r, cond, best);
}

/* Every configuration, threads first and then processes, each at every
 * level; returns how many. */
static int make_jobs(struct job *js, long reps, int ncpus)
{
	int njobs = 0;

	for (int procs = 0; procs < 2; procs++)
		for (int f = 0; f < nlevels; f++, njobs++) {
			js[njobs] = (struct job){
				.procs = procs,
				.per_cpu = levels[f],
				.workers = levels[f] * ncpus,
				/* (rounded up: every CPU runs at least
				 * REF_SHARES at any level) */
				.shares = (REF_SHARES + levels[f] - 1) /
				          levels[f],
				.pss_kib = -1,
				.ivcsw_min = -1,
				.ms = calloc((size_t)reps, sizeof(double)),
				.cpu = calloc((size_t)reps, sizeof(double)),
				.least = calloc((size_t)reps, sizeof(double)),
			};
			if (js[njobs].ms == NULL || js[njobs].cpu == NULL ||
			    js[njobs].least == NULL)
				tvp_task_fail("out of memory");
		}
	return njobs;
}

/* Every round runs every job once, in an order shuffled anew. */
static void run_rounds(struct run *r, struct job *js, int njobs, long reps)
{
	int order[2 * MAX_LEVELS];

	rng_state = (uint64_t)tvp_now_ns() ^ ((uint64_t)getpid() << 32) ^ 1;
	for (long k = 0; k < reps; k++) {
		shuffle(order, njobs);
		for (int i = 0; i < njobs; i++)
			run_once(r, &js[order[i]], k);
	}
}

/* The time from the release to the last worker's end (the effect), and
 * the same per share a CPU ran. q has room for the rounds. */
static void add_run_time(json_t *p, const struct job *j, double *q, long reps)
{
	struct micro_result res = { .iters = 1,
		                    .reps = reps,
		                    .cycles_per_op = -1,
		                    .instructions_per_op = -1 };
	double e[3];

	/* release to the last worker's end: the effect */
	json_object_set_new(p, "timed", json_string("release-to-last-done"));
	memcpy(q, j->ms, (size_t)reps * sizeof(*q));
	median_of(q, reps, e);
	res.ns_median = e[0] * 1e6;
	res.ns_min = q[0] * 1e6;
	res.ns_max = q[reps - 1] * 1e6;
	micro_add_time(p, "ms_per_run", 1e6, &res);
	/* the time a CPU took for each share it ran: share_ms
	 * where nothing is lost to the switches */
	double per = (double)(j->per_cpu * j->shares); /* shares a CPU ran */

	json_object_set_new(p, "shares_per_worker", json_integer(j->shares));
	json_object_set_new(p, "ms_per_share", json_real(e[0] / per));
	json_object_set_new(p, "ms_per_share_min", json_real(q[0] / per));
	json_object_set_new(p, "ms_per_share_max",
	                    json_real(q[reps - 1] / per));
}

/* key and its interval: the median of the rounds' a[k] / scale / b[k],
 * each round against the same round. q has room for the rounds. */
static void add_ratio(json_t *p, const char *key, const double *a, double scale,
                      const double *b, double *q, long reps)
{
	double e[3];

	for (long k = 0; k < reps; k++)
		q[k] = a[k] / scale / b[k];
	median_of(q, reps, e);
	set_est(p, key, e);
}

/* Beside the time, what a whole run also held: creating and reaping the
 * workers, their CPU time, memory and switches. */
static void add_run_costs(json_t *p, struct job *j, long reps)
{
	json_object_set_new(p, "create_ms_per_run",
	                    json_real(per_run(j->create_ns, j->runs)));
	json_object_set_new(p, "reap_ms_per_run",
	                    json_real(per_run(j->reap_ns, j->runs)));
	/* the CPU time the workers were given for it: what the host
	 * did not give (steal, a slower vCPU) moves the time and not
	 * this */
	json_object_set_new(p, "cpu_ms_per_run",
	                    json_real(per_run(j->cpu_ns, j->runs)));
	json_object_set_new(
	        p, "cpu_ms_per_worker",
	        json_real(per_run(j->cpu_ns, j->runs * j->workers)));
	json_object_set_new(p, "pss_kib_total", json_integer(j->pss_kib));
	json_object_set_new(
	        p, "vcsw_per_worker",
	        json_real((double)j->nvcsw / (double)(j->runs * j->workers)));
	json_object_set_new(
	        p, "ivcsw_per_worker",
	        json_real((double)j->nivcsw / (double)(j->runs * j->workers)));
	/* the condition: in the typical round every worker was
	 * preempted this often (the rounds' least-preempted
	 * workers, their lower median: a whole number, and never
	 * above what half the rounds had); the least of all the
	 * rounds' workers beside it, an extreme of thousands */
	qsort(j->least, (size_t)reps, sizeof(double), cmp_double);
	json_object_set_new(p, "ivcsw_min_worker",
	                    json_integer((json_int_t)j->least[(reps - 1) / 2]));
	json_object_set_new(p, "ivcsw_min_worker_any_round",
	                    json_integer(j->ivcsw_min));
}

/* Job j's line: its time, its ratios against base (1 per CPU, the same
 * model; NULL where the run has no such level) and other (the same level
 * in the other model), each within its round, and its costs. */
static void report_job(const struct micro *m, struct job *j,
                       const struct job *other, const struct job *base,
                       int ncpus, const struct conditions *cond)
{
	double *q = calloc((size_t)m->reps, sizeof(*q));
	json_t *p = micro_point(m, j->procs ? "process" : "thread");

	if (q == NULL)
		tvp_task_fail("out of memory");
	json_object_set_new(p, "cpus", json_integer(ncpus));
	json_object_set_new(p, "workers", json_integer(j->workers));
	json_object_set_new(p, "workers_per_cpu", json_integer(j->per_cpu));
	add_run_time(p, j, q, m->reps);
	/* against 1 per CPU, the same model, the same round: the
	 * time per share */
	if (base != NULL && base != j) {
		/* (a CPU's shares here over its shares there) */
		double scale = (double)(j->per_cpu * j->shares) /
		               (double)(base->per_cpu * base->shares);

		add_ratio(p, "vs_one_per_cpu", j->ms, scale, base->ms, q,
		          m->reps);
		/* the same in CPU time a worker: what other tenants
		 * of the host do not move (at 1 per CPU they take
		 * a larger part of the time from 2 workers than
		 * from 128) */
		add_ratio(p, "cpu_vs_one_per_cpu", j->cpu, scale, base->cpu, q,
		          m->reps);
	}
	/* processes against threads at this level, the same round (a
	 * scale of 1: the quotient as it is) */
	if (j->procs) {
		add_ratio(p, "procs_vs_threads", j->ms, 1, other->ms, q,
		          m->reps);
		add_ratio(p, "cpu_procs_vs_threads", j->cpu, 1, other->cpu, q,
		          m->reps);
	}
	free(q);
	add_run_costs(p, j, m->reps);
	add_conditions(p, cond);
	micro_emit(m, p);
}

int main(int argc, char **argv)
{
	static const struct micro_opt opts[] = {
		{ "per-cpu", true },
		{ "working-set-kib", true },
		{ "share-ms", true },
		{ 0 },
	};
	struct micro m = {
		.name = "oversub",
		.summary = "1x..64x as many threads or processes as CPUs, each "
		           "with the same share of CPU work (a walk over a "
		           "working set of its own), timed from the release of "
		           "the created workers to the last one's end, in "
		           "rounds that run every configuration in a shuffled "
		           "order (--reps: the rounds): time, memory, "
		           "preemptions.",
		.usage = "[--per-cpu 1,2,4,...,64] [--working-set-kib KIB] "
		         "[--share-ms MS (default: 12 measured slices)]",
		.example = "oversub --per-cpu 1,64 --reps 10 --json",
		.claim = "C5",
		.quick = "--per-cpu 1,64 --reps 10",
		.full = "--per-cpu 1,4,16,64 --reps 21",
	};
	struct conditions cond;
	struct run r = { 0 };
	struct job js[2 * MAX_LEVELS];
	int ncpus, njobs, one = -1;
	long most = 0;

	micro_parse(&m, argc, argv, opts, option);
	ncpus = micro_ncpus();
	r.ncpus = ncpus;
	for (int f = 0; f < nlevels; f++) {
		most = levels[f] > most ? levels[f] : most;
		one = levels[f] == 1 ? f : one;
	}
	measure_conditions(&cond, most);
	if (prepare_run(&r, &cond, most * ncpus) != 0) {
		tvp_warn("out of memory");
		return TVP_EXIT_FAIL;
	}
	settle_share(&r, &cond, ncpus);
	njobs = make_jobs(js, m.reps, ncpus);
	run_rounds(&r, js, njobs, m.reps);
	for (int i = 0; i < njobs; i++) {
		/* the same level in the other model, and 1 per CPU in this */
		const struct job *other = &js[(i + nlevels) % njobs];
		const struct job *base =
		        one >= 0 ? &js[i / nlevels * nlevels + one] : NULL;

		report_job(&m, &js[i], other, base, ncpus, &cond);
	}
	for (int i = 0; i < njobs; i++) {
		free(js[i].ms);
		free(js[i].cpu);
		free(js[i].least);
	}
	return 0;
}

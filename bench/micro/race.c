/* SPDX-License-Identifier: MIT */
/*
 * race: the seeds' lost-update experiment. W workers each add 1 to a
 * shared counter n times; the counter and everything the workers share
 * live in one MAP_SHARED mapping, so threads and forked processes run the
 * very same code on the very same memory:
 *
 *   none               counter = counter + 1, no synchronisation: updates
 *                      are lost (the seeds' `plist[0] += 200`)
 *   mutex              a pthread mutex, PTHREAD_PROCESS_SHARED
 *   atomic             atomic_fetch_add
 *   per_worker_padded  each worker its own counter, one per cache line,
 *                      summed at the end
 *   per_worker_packed  the same counters side by side in one cache line:
 *                      no update is lost, but the line bounces between
 *                      cores (false sharing)
 *   atomic_padded      per-worker counters, one per cache line, each
 *                      incremented by atomic_fetch_add (relaxed)
 *   atomic_packed      the same side by side in one line: a locked
 *                      read-modify-write needs the line exclusive in
 *                      its core's cache, so it must move at every
 *                      increment when another core wrote it last. The
 *                      plain per_worker variants' volatile load is served
 *                      from the store buffer and their line need not
 *                      move, which is why they show no false sharing
 *
 * Every variant but the two plain per-worker ones runs --fs-workers
 * workers (by default one per allowed CPU, at least 2), each pinned to
 * its own CPU: false sharing needs the workers on distinct cores at the
 * same time, and so does a lost update (at_once below).
 *
 * Every line carries the workers' timeline in its last run, in ns after
 * the run began (before the workers were created): the first and last
 * start (past the start gate) and the first and last end; overlap_frac,
 * the share of the first start to last end during which every worker was
 * running (first end - last start over last end - first start); and on
 * how many distinct CPUs the workers ended (distinct_cpus).
 *
 * ns_per_increment is the time from the first worker's start (past the
 * gate) to the last one's end, divided by all W x n increments: creating
 * and reaping the workers is left out (micro_timed_ns), as it must be
 * for a figure about the increments (a fork of five workers can outlast
 * the increments they make in a calibrated repetition, and before
 * 2026-12-06 it was inside the figure).
 * Every run checks its final count: it must equal W x n except for none,
 * and the program exits 1 (COUNT MISMATCH) if it does not.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "micro.h"

#define MAX_WORKERS 256

/* Increments per worker in one timed operation: every calibration step
 * creates the workers anew, and starting from one increment would take
 * a dozen steps (a dozen forks of every worker) to reach --min-ms. */
#define INCREMENTS_PER_OP 1024

enum variant {
	NONE,
	MUTEX,
	ATOMIC,
	PADDED,
	PACKED,
	ATOMIC_PADDED,
	ATOMIC_PACKED,
	NVARIANTS
};
static const char *const names[] = { "none",
	                             "mutex",
	                             "atomic",
	                             "per_worker_padded",
	                             "per_worker_packed",
	                             "atomic_padded",
	                             "atomic_packed" };

/*
 * The variants whose effect needs the workers running at once on CPUs
 * of their own, one per CPU and pinned: false sharing, and the lost
 * update itself (none, and the mutex and atomic that fix it, for the
 * same workers): the seeds' five workers on a two-CPU machine take
 * turns, and start minutes of a millisecond apart, so most of a run has
 * one of them alone and little to race with. The plain per_worker
 * variants keep --workers.
 */
static bool at_once(enum variant v)
{
	return v != PADDED && v != PACKED;
}

struct shared {
	pthread_barrier_t gate; /* process-shared: every worker starts together */
	_Atomic long arrived;   /* the spinning gate of the pinned variants */
	pthread_mutex_t lock;   /* process-shared */
	long counter;
	_Atomic long atomic_counter;
	struct {
		alignas(64) long v;
	} padded[MAX_WORKERS];
	alignas(64) long packed[MAX_WORKERS];
	struct {
		alignas(64) _Atomic long v;
	} atomic_padded[MAX_WORKERS];
	alignas(64) _Atomic long atomic_packed[MAX_WORKERS];
	/* each worker's timeline in the last run (monotonic ns) and CPU */
	int64_t start_ns[MAX_WORKERS], end_ns[MAX_WORKERS];
	int cpu[MAX_WORKERS];
};

/* The workers' timeline in a run, in ns after its start. */
struct timeline {
	int64_t first_start_ns, last_start_ns, first_end_ns, last_end_ns;
	long distinct_cpus;
};

struct job {
	struct shared *sh;
	enum variant v;
	bool procs;
	long workers;
	long n;             /* increments per worker in the last run */
	long final_count;   /* after the last run */
	struct timeline tl; /* of the last run */
};

/*
 * Deliberately racy: this is the lost-update demonstration, and the only
 * code in tvp that ThreadSanitizer is told to ignore. The volatile access
 * keeps one load and one store per increment, as the seeds' Python does.
 */
__attribute__((no_sanitize("thread"), noinline)) static void
racy_add(volatile long *c, long n)
{
	for (long i = 0; i < n; i++)
		*c = *c + 1;
}

__attribute__((no_sanitize("thread"), noinline)) static void
own_add(volatile long *c, long n)
{
	/* Only this worker writes *c; with packed counters its neighbours
	 * share the cache line, which is the point of that variant. */
	for (long i = 0; i < n; i++)
		*c = *c + 1;
}

static void work(struct job *j, long w)
{
	struct shared *sh = j->sh;

	if (at_once(j->v) && micro_pin((int)w) != 0)
		tvp_task_fail("cannot pin worker %ld to CPU index %ld", w, w);
	/* Pinned workers, one a CPU, spin at the gate: on a VM a vCPU
	 * that sleeps in a barrier can take milliseconds to wake, longer
	 * than a calibrated run, and the workers would not run at once
	 * (libgomp spins before it sleeps for the same reason). The
	 * others, more than the CPUs, sleep in the barrier. */
	if (at_once(j->v)) {
		atomic_fetch_add(&sh->arrived, 1);
		while (atomic_load(&sh->arrived) < j->workers)
			;
	} else {
		pthread_barrier_wait(&sh->gate);
	}
	sh->start_ns[w] = tvp_now_ns();
	switch (j->v) {
	case NONE:
		racy_add(&sh->counter, j->n);
		break;
	case MUTEX:
		for (long i = 0; i < j->n; i++) {
			pthread_mutex_lock(&sh->lock);
			sh->counter++;
			pthread_mutex_unlock(&sh->lock);
		}
		break;
	case ATOMIC:
		for (long i = 0; i < j->n; i++)
			atomic_fetch_add_explicit(&sh->atomic_counter, 1,
			                          memory_order_relaxed);
		break;
	case PADDED:
		own_add(&sh->padded[w].v, j->n);
		break;
	case PACKED:
		own_add(&sh->packed[w], j->n);
		break;
	case ATOMIC_PADDED:
		for (long i = 0; i < j->n; i++)
			atomic_fetch_add_explicit(&sh->atomic_padded[w].v, 1,
			                          memory_order_relaxed);
		break;
	case ATOMIC_PACKED:
		for (long i = 0; i < j->n; i++)
			atomic_fetch_add_explicit(&sh->atomic_packed[w], 1,
			                          memory_order_relaxed);
		break;
	case NVARIANTS:
		break;
	}
	sh->end_ns[w] = tvp_now_ns();
	sh->cpu[w] = sched_getcpu();
}

struct thread_arg {
	struct job *j;
	long w;
};

static void *thread_main(void *arg)
{
	struct thread_arg *a = arg;

	work(a->j, a->w);
	return NULL;
}

static long total(const struct job *j)
{
	const struct shared *sh = j->sh;
	long sum = 0;

	switch (j->v) {
	case ATOMIC:
		return atomic_load(&sh->atomic_counter);
	case PADDED:
		for (long w = 0; w < j->workers; w++)
			sum += sh->padded[w].v;
		return sum;
	case PACKED:
		for (long w = 0; w < j->workers; w++)
			sum += sh->packed[w];
		return sum;
	case ATOMIC_PADDED:
		for (long w = 0; w < j->workers; w++)
			sum += atomic_load(&sh->atomic_padded[w].v);
		return sum;
	case ATOMIC_PACKED:
		for (long w = 0; w < j->workers; w++)
			sum += atomic_load(&sh->atomic_packed[w]);
		return sum;
	default:
		return sh->counter;
	}
}

static pthread_barrierattr_t shared_barrier;

static void reset(struct shared *sh, long workers)
{
	sh->counter = 0;
	atomic_store(&sh->atomic_counter, 0);
	for (long w = 0; w < MAX_WORKERS; w++) {
		sh->padded[w].v = sh->packed[w] = 0;
		atomic_store(&sh->atomic_padded[w].v, 0);
		atomic_store(&sh->atomic_packed[w], 0);
	}
	pthread_barrier_init(&sh->gate, &shared_barrier, (unsigned)workers);
	atomic_store(&sh->arrived, 0);
}

/* The run's timeline from the workers' stamps, t0 the run's start. */
static struct timeline timeline_of(const struct shared *sh, long workers,
                                   int64_t t0)
{
	struct timeline tl = { INT64_MAX, 0, INT64_MAX, 0, 0 };

	for (long w = 0; w < workers; w++) {
		long k = 0;

		tl.first_start_ns = sh->start_ns[w] < tl.first_start_ns
		                            ? sh->start_ns[w]
		                            : tl.first_start_ns;
		tl.last_start_ns = sh->start_ns[w] > tl.last_start_ns
		                           ? sh->start_ns[w]
		                           : tl.last_start_ns;
		tl.first_end_ns = sh->end_ns[w] < tl.first_end_ns
		                          ? sh->end_ns[w]
		                          : tl.first_end_ns;
		tl.last_end_ns = sh->end_ns[w] > tl.last_end_ns
		                         ? sh->end_ns[w]
		                         : tl.last_end_ns;
		while (k < w && sh->cpu[k] != sh->cpu[w])
			k++;
		tl.distinct_cpus += k == w; /* not seen before */
	}
	tl.first_start_ns -= t0;
	tl.last_start_ns -= t0;
	tl.first_end_ns -= t0;
	tl.last_end_ns -= t0;
	return tl;
}

/* A worker process of the set (child.c). */
static void child(long w, void *j)
{
	work(j, w);
}

/* One run: W workers, n increments each; the operation micro_measure times. */
static void run(long n, void *cookie)
{
	struct job *j = cookie;
	struct thread_arg args[MAX_WORKERS];
	pthread_t tids[MAX_WORKERS];
	pid_t pids[MAX_WORKERS];
	const bool procs = j->procs; /* one kind of worker for the whole run */
	struct tvp_childset set = { 0 };
	int64_t t0 = tvp_now_ns();

	j->n = n * INCREMENTS_PER_OP;
	pthread_barrier_destroy(&j->sh->gate);
	reset(j->sh, j->workers);
	for (long w = 0; w < j->workers && !procs; w++) {
		args[w] = (struct thread_arg){ j, w };
		if (pthread_create(&tids[w], NULL, thread_main, &args[w]) != 0)
			tvp_task_fail("pthread_create: %s", strerror(errno));
	}
	/* the processes reaped whichever ends first: a dead worker would
	 * leave the others waiting at the gate, so they are killed, not
	 * waited for (tvp_childset_reap) */
	if (procs)
		tvp_childset_start(&set, pids, j->workers, false, child, j);
	for (long w = 0; w < j->workers && !procs; w++)
		pthread_join(tids[w], NULL);
	if (procs && tvp_childset_reap(&set) != 0)
		tvp_task_fail("a worker failed");
	j->final_count = total(j);
	j->tl = timeline_of(j->sh, j->workers, t0);
	micro_timed_ns(j->tl.last_end_ns - j->tl.first_start_ns);
}

static long workers = 5, fs_workers;
static bool want[NVARIANTS] = { true, true, true, true, true, true, true };
static bool want_threads = true, want_procs = true;

static void option(int index, const char *arg)
{
	const char *err;

	switch (index) {
	case 0:
		if ((err = tvp_parse_long(arg, 1, MAX_WORKERS, &workers)))
			tvp_usage_error("--workers %s: %s (allowed 1..%d)", arg,
			                err, MAX_WORKERS);
		break;
	case 1:
		micro_pick("--variants", arg, names, NVARIANTS, want);
		break;
	case 2:
		want_threads = strstr(arg, "thread") != NULL;
		want_procs = strstr(arg, "process") != NULL;
		if (!want_threads && !want_procs)
			tvp_usage_error("--models: thread and/or process");
		break;
	case 3:
		if ((err = tvp_parse_long(arg, 2, MAX_WORKERS, &fs_workers)))
			tvp_usage_error("--fs-workers %s: %s (allowed 2..%d)",
			                arg, err, MAX_WORKERS);
		if (fs_workers > micro_ncpus())
			tvp_usage_error("--fs-workers %s: more than the %d "
			                "allowed CPUs (each needs its own)",
			                arg, micro_ncpus());
		break;
	}
}

static struct shared *make_shared(void)
{
	struct shared *sh = tvp_shared_alloc(sizeof(*sh));
	pthread_mutexattr_t ma;

	if (sh == NULL) {
		tvp_warn("mmap: %s", strerror(errno));
		exit(TVP_EXIT_FAIL);
	}
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->lock, &ma);
	pthread_barrierattr_init(&shared_barrier);
	pthread_barrierattr_setpshared(&shared_barrier, PTHREAD_PROCESS_SHARED);
	pthread_barrier_init(&sh->gate, &shared_barrier, 1);
	return sh;
}

/* The workers' timeline in the last run, in ns after its start, and
 * the share of it during which every worker was running. */
static void add_timeline(json_t *p, const struct timeline *tl)
{
	double span = (double)(tl->last_end_ns - tl->first_start_ns);

	json_object_set_new(p, "first_start_ns",
	                    json_integer(tl->first_start_ns));
	json_object_set_new(p, "last_start_ns",
	                    json_integer(tl->last_start_ns));
	json_object_set_new(p, "first_end_ns", json_integer(tl->first_end_ns));
	json_object_set_new(p, "last_end_ns", json_integer(tl->last_end_ns));
	json_object_set_new(p, "overlap_frac",
	                    json_real(span > 0 && tl->first_end_ns >
	                                                      tl->last_start_ns
	                                      ? (double)(tl->first_end_ns -
	                                                 tl->last_start_ns) /
	                                                span
	                                      : 0));
	json_object_set_new(p, "distinct_cpus",
	                    json_integer(tl->distinct_cpus));
}

/* One job's line, then its self-check: 0, or -1 (COUNT MISMATCH, said)
 * where a variant that must not lose an update lost one. */
static int report(const struct micro *m, const struct job *j,
                  const struct micro_result *r)
{
	const char *model = j->procs ? "process" : "thread";
	long expected = j->workers * j->n;
	json_t *p = micro_point(m, names[j->v]);

	json_object_set_new(p, "model", json_string(model));
	json_object_set_new(p, "workers", json_integer(j->workers));
	json_object_set_new(p, "pinned", json_boolean(at_once(j->v)));
	micro_add_time(p, "ns_per_increment",
	               (double)j->workers * INCREMENTS_PER_OP, r);
	json_object_set_new(p, "increments_per_worker", json_integer(j->n));
	json_object_set_new(p, "expected_count", json_integer(expected));
	json_object_set_new(p, "final_count", json_integer(j->final_count));
	json_object_set_new(p, "lost_updates",
	                    json_integer(expected - j->final_count));
	add_timeline(p, &j->tl);
	micro_emit(m, p);
	/* The self-check: only the racy variant may lose. */
	if (j->v != NONE && j->final_count != expected) {
		tvp_warn("COUNT MISMATCH: %s %s ended at %ld, want %ld", model,
		         names[j->v], j->final_count, expected);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct micro_opt opts[] = {
		{ "workers", true },
		{ "variants", true },
		{ "models", true },
		{ "fs-workers", true },
		{ 0 },
	};
	struct micro m = {
		.name = "race",
		.summary = "Lost updates and their cure: W workers add to one "
		           "shared counter, threads and processes alike.",
		.usage = "[--workers W] [--fs-workers W] [--models "
		         "thread,process] [--variants none,mutex,atomic,"
		         "per_worker_padded,per_worker_packed,atomic_padded,"
		         "atomic_packed]",
		.example = "race --workers 5 --variants none,mutex --json",
		.claim = "C9",
		.quick = "--min-ms 10",
		.python = "bench/python/race.py",
		/* a synchronised Array costs microseconds an increment;
		 * and C9's condition, the workers running at once for 90%
		 * of the run, needs a run of many GIL switch intervals
		 * (5 ms: the second thread starts when the first lets the
		 * GIL go): at 20000 the threads ran 31 ms in one run, 0.64
		 * of it together (vm-epyc-run19-2026-12-06) */
		.py_quick = "--n 60000",
		.py_full = "--n 100000",
	};
	struct shared *sh;

	micro_parse(&m, argc, argv, opts, option);
	if (fs_workers == 0) /* one per CPU, and two on one CPU */
		fs_workers = micro_ncpus() < 2             ? 2
		             : micro_ncpus() > MAX_WORKERS ? MAX_WORKERS
		                                           : micro_ncpus();
	sh = make_shared();
	for (int procs = 0; procs < 2; procs++) {
		if ((procs && !want_procs) || (!procs && !want_threads))
			continue;
		for (int v = 0; v < NVARIANTS; v++) {
			long nw = at_once(v) ? fs_workers : workers;
			struct job j = { sh, v, procs, nw, 0, 0, { 0 } };
			struct micro_result r;

			if (!want[v] || micro_measure(&m, run, &j, &r) != 0)
				continue;
			if (report(&m, &j, &r) != 0)
				return TVP_EXIT_FAIL;
		}
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * threads: workers are pthreads of this process. Read beside procs.c: the
 * tasks, the schedules and the start gate are the same; what differs is
 * that a thread shares this process's memory, so it takes the next task
 * from a plain atomic counter and writes its result straight into
 * run->results[] - no pipe, no copy.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../tvp.h"

struct worker {
	struct tvp_run *run;
	long id;
	long lo, hi; /* static: the chunk [lo, hi); per-task: lo */
	pthread_t tid;
};

static _Atomic long next_task;       /* pool: the shared queue */
static pthread_barrier_t start_gate; /* static, pool: all start at once */

/* per-task: which slots have finished, for a "join any" */
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_freed = PTHREAD_COND_INITIALIZER;
static long *finished, nfinished;
static int64_t create_ns; /* time spent inside pthread_create */

static void start(struct worker *w)
{
	if (tvp_pin_worker(w->run, w->id) != 0)
		tvp_task_fail("worker %ld: cannot pin: sched_setaffinity",
		              w->id);
}

static void *static_worker(void *arg)
{
	struct worker *w = arg;

	start(w);
	pthread_barrier_wait(&start_gate);
	for (long i = w->lo; i < w->hi; i++)
		tvp_run_task(w->run, w->id, i);
	return NULL;
}

static void *pool_worker(void *arg)
{
	struct worker *w = arg;
	long i;

	start(w);
	pthread_barrier_wait(&start_gate);
	while ((i = atomic_fetch_add(&next_task, 1)) < w->run->tasks)
		tvp_run_task(w->run, w->id, i);
	return NULL;
}

static void *per_task_worker(void *arg)
{
	struct worker *w = arg;

	start(w);
	tvp_run_task(w->run, w->id, w->lo);
	pthread_mutex_lock(&slot_lock);
	finished[nfinished++] = w->id;
	pthread_cond_signal(&slot_freed);
	pthread_mutex_unlock(&slot_lock);
	return NULL;
}

static int create(struct worker *w, void *(*fn)(void *))
{
	int64_t t = tvp_now_ns();
	int err = pthread_create(&w->tid, NULL, fn, w);

	create_ns += tvp_now_ns() - t;

	if (err != 0)
		tvp_warn("pthread_create (worker %ld): %s", w->id,
		         strerror(err));
	return err;
}

/* Static and pool: W threads behind one barrier; the parent is party W+1. */
static int run_gated(struct tvp_run *run, struct worker *ws, int64_t t0)
{
	long W = run->workers;
	void *(*fn)(void *) = run->schedule == TVP_SCHED_POOL ? pool_worker
	                                                      : static_worker;

	pthread_barrier_init(&start_gate, NULL, (unsigned)W + 1);
	atomic_store(&next_task, 0);
	for (long k = 0; k < W; k++) {
		ws[k].lo = run->tasks * k / W;
		ws[k].hi = run->tasks * (k + 1) / W;
		if (create(&ws[k], fn) != 0)
			tvp_abort_run(TVP_EXIT_FAIL);
	}
	pthread_barrier_wait(&start_gate);
	run->spawn_ns = tvp_now_ns() - t0;
	for (long k = 0; k < W; k++)
		pthread_join(ws[k].tid, NULL);
	pthread_barrier_destroy(&start_gate);
	return 0;
}

/* Per-task: a new thread per task, at most W alive; join whichever ends. */
static int run_per_task(struct tvp_run *run, struct worker *ws)
{
	long W = run->workers, alive = 0, next = 0;

	finished = calloc((size_t)W, sizeof(*finished));
	if (finished == NULL)
		return -1;
	for (long k = 0; k < W && next < run->tasks; k++, next++, alive++) {
		ws[k].lo = next;
		if (create(&ws[k], per_task_worker) != 0)
			tvp_abort_run(TVP_EXIT_FAIL);
	}
	while (alive > 0) {
		long k;

		pthread_mutex_lock(&slot_lock);
		while (nfinished == 0)
			pthread_cond_wait(&slot_freed, &slot_lock);
		k = finished[--nfinished];
		pthread_mutex_unlock(&slot_lock);
		pthread_join(ws[k].tid, NULL);
		alive--;
		if (next < run->tasks) {
			ws[k].lo = next++;
			if (create(&ws[k], per_task_worker) != 0)
				tvp_abort_run(TVP_EXIT_FAIL);
			alive++;
		}
	}
	free(finished);
	return 0;
}

static int run_model(struct tvp_run *run)
{
	long W = run->workers;
	struct worker *ws = calloc((size_t)W, sizeof(*ws));
	int64_t t0 = tvp_now_ns();
	int rc;

	if (ws == NULL)
		return -1;
	for (long k = 0; k < W; k++)
		ws[k] = (struct worker){ .run = run, .id = k };
	if (run->schedule == TVP_SCHED_PER_TASK)
		rc = run_per_task(run, ws);
	else
		rc = run_gated(run, ws, t0);
	/* Per-task creation is spread over the run: report its total. */
	if (run->schedule == TVP_SCHED_PER_TASK)
		run->spawn_ns = create_ns;
	free(ws);
	return rc;
}

const struct tvp_model tvp_model = {
	.name = "threads",
	.schedules = TVP_SCHED_BIT(TVP_SCHED_STATIC) |
	             TVP_SCHED_BIT(TVP_SCHED_PER_TASK) |
	             TVP_SCHED_BIT(TVP_SCHED_POOL),
	.run = run_model,
};

/* SPDX-License-Identifier: MIT */
/*
 * threads: workers are pthreads of this process.
 *
 * Read it beside procs.c (diff bench/models/threads.c bench/models/procs.c):
 * the two files have the same sections, in the same order, under the same
 * names, and the diff is the lesson. A thread shares this process's memory,
 * so it takes the next task from a plain atomic counter and writes its
 * result straight into run->results[]: no pipe, no copy, nothing to reap.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tvp.h"

struct worker {
	struct tvp_run *run;
	long id;
	long task; /* per-task: the one task this worker runs */
	void (*body)(struct worker *);
	pthread_t tid;
};

static _Atomic long next_task; /* pool: the queue, in memory all share */
static int64_t start_ns;       /* time spent inside pthread_create */

/* ---- run a task ---- */

/* The result goes straight into results[]: the parent reads it there. */
static void run_task(struct worker *w, long i)
{
	tvp_run_task(w->run, w->id, i);
}

/* ---- the start gate: static and pool workers begin together ---- */

/* A barrier of W workers and the parent. */
static pthread_barrier_t gate;

static void make_gate(struct tvp_run *run)
{
	pthread_barrier_init(&gate, NULL, (unsigned)run->workers + 1);
}

static void pass_gate(struct worker *w)
{
	(void)w;
	pthread_barrier_wait(&gate);
}

static void open_gate(struct tvp_run *run)
{
	(void)run;
	pthread_barrier_wait(&gate);
}

static void close_gate(void)
{
	pthread_barrier_destroy(&gate);
}

/* ---- the static body ---- */

/* One contiguous chunk per worker; the worker works out its bounds. */
static void static_body(struct worker *w)
{
	struct tvp_run *run = w->run;
	long lo = run->tasks * w->id / run->workers;
	long hi = run->tasks * (w->id + 1) / run->workers;

	pass_gate(w);
	for (long i = lo; i < hi; i++)
		run_task(w, i);
}

/* ---- the pool body ---- */

static void pool_body(struct worker *w)
{
	long i;

	pass_gate(w);
	while ((i = atomic_fetch_add(&next_task, 1)) < w->run->tasks)
		run_task(w, i);
}

/* ---- the per-task body ---- */

static void per_task_body(struct worker *w)
{
	run_task(w, w->task);
}

/* ---- start a worker ---- */

/* The workers that have ended, for wait_any to join. */
static pthread_mutex_t ended_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t one_ended = PTHREAD_COND_INITIALIZER;
static long *ended, nended;
static bool aborting; /* under ended_lock: see join_ended */

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	if (tvp_pin_worker(w->run, w->id) != 0)
		tvp_task_fail("worker %ld: cannot pin: sched_setaffinity",
		              w->id);
	w->body(w);
	pthread_mutex_lock(&ended_lock);
	if (aborting) {
		/* The run is being aborted and nobody will join this
		 * worker: it stays, running, until the process exits. */
		pthread_mutex_unlock(&ended_lock);
		for (;;)
			pause();
	}
	ended[nended++] = w->id;
	pthread_cond_signal(&one_ended);
	pthread_mutex_unlock(&ended_lock);
	return NULL;
}

static void start_worker(struct worker *w, void (*body)(struct worker *))
{
	int64_t t;
	int err;

	w->body = body;
	t = tvp_now_ns();
	err = pthread_create(&w->tid, NULL, worker_main, w);
	start_ns += tvp_now_ns() - t;
	if (err != 0) {
		tvp_warn("pthread_create (worker %ld): %s", w->id,
		         strerror(err));
		tvp_abort_run(TVP_EXIT_FAIL);
	}
}

/* The workers of this run, for the abort hook. */
static struct worker *all_workers;

/*
 * An aborted run (tvp_abort_run) joins the workers that have ended and
 * not been joined yet, as procs.c's children are reaped, and from then on
 * no worker ends: one that finishes its body later waits in worker_main
 * for the exit. A worker still running when the process exits goes with
 * it; one that has ended is never left behind unjoined. (ThreadSanitizer
 * reports an ended, unjoined thread as a leak; without the flag, workers
 * that ended between this join and the exit were reported.)
 */
static void join_ended(void)
{
	pthread_mutex_lock(&ended_lock);
	aborting = true;
	while (nended > 0)
		pthread_join(all_workers[ended[--nended]].tid, NULL);
	pthread_mutex_unlock(&ended_lock);
}

/* ---- wait for any ---- */

/* Wait until some worker has ended and join it; its id. */
static long wait_any(struct tvp_run *run, struct worker *ws)
{
	long k;

	(void)run;
	pthread_mutex_lock(&ended_lock);
	while (nended == 0)
		pthread_cond_wait(&one_ended, &ended_lock);
	k = ended[--nended];
	/* Joined under the lock, so that an abort's join_ended never
	 * finds it ended and taken but not yet joined. */
	pthread_join(ws[k].tid, NULL);
	pthread_mutex_unlock(&ended_lock);
	return k;
}

/* ---- run gated ---- */

/* Static and pool: start W workers, open the gate when all are there,
 * wait for every one to end. */
static void run_gated(struct tvp_run *run, struct worker *ws, int64_t t0)
{
	void (*body)(struct worker *) =
	        run->schedule == TVP_SCHED_POOL ? pool_body : static_body;

	make_gate(run);
	atomic_store(&next_task, 0);
	for (long k = 0; k < run->workers; k++)
		start_worker(&ws[k], body);
	open_gate(run);
	run->spawn_ns = tvp_now_ns() - t0;
	for (long left = run->workers; left > 0; left--)
		wait_any(run, ws);
	close_gate();
}

/* ---- the model ---- */

static int run_model(struct tvp_run *run)
{
	long W = run->workers, next = 0, alive = 0;
	struct worker *ws = calloc((size_t)W, sizeof(*ws));
	int64_t t0 = tvp_now_ns();

	ended = calloc((size_t)W, sizeof(*ended));
	if (ws == NULL || ended == NULL) {
		free(ws);
		free(ended);
		return -1;
	}
	for (long k = 0; k < W; k++)
		ws[k] = (struct worker){ .run = run, .id = k };
	pthread_mutex_lock(&ended_lock);
	all_workers = ws;
	pthread_mutex_unlock(&ended_lock);
	tvp_cleanup_set_abort_hook(join_ended);
	if (run->schedule != TVP_SCHED_PER_TASK) {
		run_gated(run, ws, t0);
	} else {
		/* A new worker per task, at most W alive: whichever ends
		 * first makes room for the next. */
		for (; alive < W && next < run->tasks; alive++) {
			ws[alive].task = next++;
			start_worker(&ws[alive], per_task_body);
		}
		while (alive > 0) {
			long k = wait_any(run, ws);

			alive--;
			if (next < run->tasks) {
				ws[k].task = next++;
				start_worker(&ws[k], per_task_body);
				alive++;
			}
		}
		/* The starts are spread over the run: report their total. */
		run->spawn_ns = start_ns;
	}
	tvp_cleanup_set_abort_hook(NULL);
	free(ended);
	free(ws);
	return 0;
}

const struct tvp_model tvp_model = {
	.name = "threads",
	.role = TVP_ROLE_MODEL,
	.schedules = TVP_SCHED_BIT(TVP_SCHED_STATIC) |
	             TVP_SCHED_BIT(TVP_SCHED_PER_TASK) |
	             TVP_SCHED_BIT(TVP_SCHED_POOL),
	.run = run_model,
};

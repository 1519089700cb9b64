/* SPDX-License-Identifier: MIT */
/*
 * procs: workers are forked child processes.
 *
 * Read it beside threads.c (diff bench/models/threads.c bench/models/procs.c):
 * the two files have the same sections, in the same order, under the same
 * names, and the diff is the lesson. A child has its own copy of memory: a
 * result it writes is invisible to the parent, so it sends (task, value)
 * records home through its own pipe, in batches, as multiprocessing.Pool
 * does; the pool's queue is a counter in a MAP_SHARED mapping, the one
 * piece of memory parent and children really share. A child's life (birth
 * tied to the parent, the pipe's framing, reaping) is bench/lib/child.c.
 *
 * A child's pipe reaching EOF means the child has exited: the parent then
 * reaps it at once and checks how it ended, so a worker killed by a signal
 * is reported immediately, by number and pid, and the run is aborted.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../tvp.h"

struct worker {
	struct tvp_run *run;
	long id;
	long task; /* per-task: the one task this worker runs */
	void (*body)(struct worker *);
	pid_t pid;
	struct tvp_inbox in; /* the parent's end of this child's pipe */
};

static _Atomic long *next_task; /* pool: the queue, in MAP_SHARED memory */
static int64_t start_ns;        /* time spent inside fork() */

/* ---- run a task ---- */

/* The result is in this child's own memory: it goes home by the pipe. */
static struct tvp_outbox out;

static void run_task(struct worker *w, long i)
{
	tvp_outbox_put(&out, i, tvp_task(w->run, w->id, i));
}

/* ---- the start gate: static and pool workers begin together ---- */

/* Two pipes: each child writes a byte to ready, then reads go until the
 * parent closes it (EOF at every child at once). */
static int ready[2] = { -1, -1 }, go[2] = { -1, -1 };

static void make_gate(struct tvp_run *run)
{
	(void)run;
	if (pipe2(ready, O_CLOEXEC) != 0 || pipe2(go, O_CLOEXEC) != 0) {
		tvp_warn("pipe (start gate): %s", strerror(errno));
		tvp_abort_run(TVP_EXIT_FAIL);
	}
}

/* The parent's ends must be closed here, or the gate's EOF never comes. */
static void pass_gate(struct worker *w)
{
	char c = 1;

	(void)w;
	close(ready[0]);
	close(go[1]);
	if (tvp_write_all(ready[1], &c, 1) != 0)
		_exit(TVP_EXIT_FAIL);
	close(ready[1]);
	tvp_read_full(go[0], &c, 1); /* returns at EOF: the gate opens */
	close(go[0]);
}

static void open_gate(struct tvp_run *run)
{
	long got = 0;
	char c;

	close(ready[1]);
	close(go[0]);
	/* A child that dies before it is ready ends this loop at EOF. */
	while (got < run->workers && tvp_read_full(ready[0], &c, 1) == 1)
		got++;
	close(go[1]); /* EOF at every child: go */
	close(ready[0]);
}

static void close_gate(void)
{
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
	while ((i = atomic_fetch_add(next_task, 1)) < w->run->tasks)
		run_task(w, i);
}

/* ---- the per-task body ---- */

/*
 * w->task was set by the parent just before fork(): this child reads its
 * own copy, which fork() took at that moment. It is right only because
 * nothing here reads it later expecting the parent's newer value; to hear
 * from the parent after fork() a child needs a pipe or shared memory.
 */
static void per_task_body(struct worker *w)
{
	run_task(w, w->task);
}

/* ---- start a worker ---- */

static struct worker *all; /* every worker: a new child closes their pipes */

static _Noreturn void worker_main(struct worker *w)
{
	for (long j = 0; j < w->run->workers; j++)
		if (all[j].in.fd >= 0)
			close(all[j].in.fd);
	if (tvp_pin_worker(w->run, w->id) != 0)
		tvp_task_fail("worker %ld: cannot pin: sched_setaffinity",
		              w->id);
	w->body(w);
	tvp_outbox_flush(&out);
	_exit(TVP_EXIT_OK);
}

static void start_worker(struct worker *w, void (*body)(struct worker *))
{
	int p[2];
	int64_t t;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0) {
		tvp_warn("pipe (worker %ld): %s", w->id, strerror(errno));
		tvp_abort_run(TVP_EXIT_FAIL);
	}
	w->body = body;
	t = tvp_now_ns();
	pid = tvp_fork(SIGKILL);
	start_ns += tvp_now_ns() - t;
	if (pid < 0) {
		tvp_warn("fork (worker %ld): %s", w->id, strerror(errno));
		tvp_abort_run(TVP_EXIT_FAIL);
	}
	if (pid == 0) {
		close(p[0]);
		out.fd = p[1];
		worker_main(w);
	}
	close(p[1]);
	w->pid = pid;
	w->in.fd = p[0];
	w->in.have = 0;
	tvp_child_set(w->id, pid);
}

/* ---- wait for any ---- */

static struct tvp_inboxes inboxes; /* worker k's: inboxes.in[k] */

/* Worker k's pipe reached EOF: reap it, abort the run if it failed. */
static void reap(struct tvp_run *run, struct worker *w)
{
	struct rusage ru = { 0 };
	int rc = tvp_reap(w->pid, w->in.who, &ru);

	tvp_child_set(w->id, 0);
	close(w->in.fd);
	w->in.fd = -1;
	if (rc != 0)
		tvp_abort_run(TVP_EXIT_FAIL);
	run->children++;
	if (ru.ru_maxrss > run->children_maxrss_kb)
		run->children_maxrss_kb = ru.ru_maxrss;
}

/* Take in results until some worker has ended and reap it; its id. */
static long wait_any(struct tvp_run *run, struct worker *ws)
{
	long k = tvp_inbox_wait(&inboxes, run);

	if (k < 0)
		tvp_abort_run(TVP_EXIT_FAIL);
	reap(run, &ws[k]);
	return ws[k].id;
}

/* ---- run gated ---- */

/* Static and pool: start W workers, open the gate when all are there,
 * wait for every one to end. */
static void run_gated(struct tvp_run *run, struct worker *ws, int64_t t0)
{
	void (*body)(struct worker *) =
	        run->schedule == TVP_SCHED_POOL ? pool_body : static_body;

	make_gate(run);
	atomic_store(next_task, 0);
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

	next_task = tvp_shared_alloc(sizeof(*next_task));
	if (ws == NULL || next_task == NULL ||
	    tvp_inboxes_init(&inboxes, W) != 0) {
		free(ws);
		return -1;
	}
	all = ws;
	for (long k = 0; k < W; k++) {
		ws[k] = (struct worker){ .run = run, .id = k };
		ws[k].in.fd = -1;
		inboxes.in[k] = &ws[k].in;
		snprintf(ws[k].in.who, sizeof(ws[k].in.who), "worker %ld", k);
	}
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
	tvp_shared_free(next_task, sizeof(*next_task));
	tvp_inboxes_free(&inboxes);
	free(ws);
	return 0;
}

const struct tvp_model tvp_model = {
	.name = "procs",
	.role = TVP_ROLE_MODEL,
	.schedules = TVP_SCHED_BIT(TVP_SCHED_STATIC) |
	             TVP_SCHED_BIT(TVP_SCHED_PER_TASK) |
	             TVP_SCHED_BIT(TVP_SCHED_POOL),
	.run = run_model,
};

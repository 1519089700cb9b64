/* SPDX-License-Identifier: MIT */
/*
 * procs: workers are forked child processes. Read beside threads.c: the
 * tasks, the schedules and the start gate are the same; what differs is
 * that a child has its own copy of memory. A result written in the child
 * is invisible to the parent, so each child sends (task, value) records
 * back through its own pipe, in batches, as multiprocessing.Pool does; the pool's
 * queue is a counter in a MAP_SHARED mapping, the one piece of memory
 * parent and children really share.
 *
 * A child's pipe reaching EOF means the child has exited: the parent then
 * reaps it at once and checks how it ended, so a worker killed by a signal
 * is reported immediately, by number and pid, and the run is aborted.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tvp.h"

struct record {
	int64_t task;
	uint64_t value;
};

struct child {
	pid_t pid;
	int fd;         /* read end of this child's result pipe, -1 if none */
	size_t have;    /* bytes of a partial record in buf */
	char buf[4096]; /* a multiple of sizeof(struct record) */
};

static _Atomic long *next_task; /* pool: the shared queue, MAP_SHARED */
static int64_t fork_ns;         /* time spent inside fork() */

/* ---- the child's side ---- */

/* Die with the parent (no orphans), take signals again, pin. */
static void become_worker(const struct tvp_run *run, long id, pid_t parent)
{
	sigset_t set;

	tvp_cleanup_set_child();
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(TVP_EXIT_FAIL);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	if (tvp_pin_worker(run, id) != 0)
		tvp_task_fail("worker %ld: cannot pin: sched_setaffinity", id);
}

/*
 * A child's results wait in a batch and go home in one write when it is
 * full or the child is done: the parent wakes once per batch, not once
 * per task (multiprocessing.Pool's chunksize trades the same way). A batch
 * is PIPE_BUF bytes at most, so each write is atomic, never split.
 */
#define BATCH (PIPE_BUF / sizeof(struct record))
static struct record batch[BATCH];
static size_t batched;

static void flush_results(int fd)
{
	if (batched > 0 &&
	    tvp_write_all(fd, batch, batched * sizeof(*batch)) != 0)
		tvp_task_fail("write result: %s", strerror(errno));
	batched = 0;
}

static void send_result(struct tvp_run *run, long k, int fd, long i)
{
	batch[batched++] =
	        (struct record){ .task = i, .value = tvp_task(run, k, i) };
	if (batched == BATCH)
		flush_results(fd);
}

/* The gate's four ends: the child keeps ready_fd and gate_fd. */
struct chunk_arg {
	int ready_fd, gate_fd;
	int parent_ready_fd, parent_gate_fd;
};

/*
 * Wait at the gate: report ready, then block until the parent opens it.
 * The parent's ends must be closed here, or the gate's EOF never comes.
 */
static void pass_gate(const struct chunk_arg *g)
{
	char c = 1;

	close(g->parent_ready_fd);
	close(g->parent_gate_fd);
	if (tvp_write_all(g->ready_fd, &c, 1) != 0)
		_exit(TVP_EXIT_FAIL);
	close(g->ready_fd);
	tvp_read_full(g->gate_fd, &c, 1); /* returns at EOF: the gate opens */
	close(g->gate_fd);
}

/* ---- the parent's side ---- */

static struct child *kids;

/* Fork one worker; in the child run body() and never return. */
static int spawn(struct tvp_run *run, long k,
                 void (*body)(struct tvp_run *, long, int, void *), void *arg)
{
	int p[2];
	pid_t parent = getpid(), pid;
	int64_t t;

	if (pipe2(p, O_CLOEXEC) != 0) {
		tvp_warn("pipe (worker %ld): %s", k, strerror(errno));
		return -1;
	}
	t = tvp_now_ns();
	pid = fork();
	fork_ns += tvp_now_ns() - t;
	if (pid < 0) {
		tvp_warn("fork (worker %ld): %s", k, strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		for (long j = 0; j < run->workers; j++)
			if (kids[j].fd >= 0)
				close(kids[j].fd);
		become_worker(run, k, parent);
		body(run, k, p[1], arg);
		flush_results(p[1]);
		_exit(TVP_EXIT_OK);
	}
	close(p[1]);
	kids[k].pid = pid;
	kids[k].fd = p[0];
	kids[k].have = 0;
	tvp_child_set(k, pid);
	return 0;
}

/* Reap worker k, whose pipe reached EOF; abort the run if it failed. */
static void reap(struct tvp_run *run, long k)
{
	struct rusage ru;
	int status;
	pid_t pid = kids[k].pid;

	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			tvp_warn("waitpid (worker %ld, pid %d): %s", k, pid,
			         strerror(errno));
			tvp_abort_run(TVP_EXIT_FAIL);
		}
	tvp_child_set(k, 0);
	close(kids[k].fd);
	kids[k].fd = -1;
	run->children++;
	if (ru.ru_maxrss > run->children_maxrss_kb)
		run->children_maxrss_kb = ru.ru_maxrss;
	if (WIFSIGNALED(status)) {
		tvp_warn("worker %ld (pid %d) was killed by signal %d (%s)", k,
		         pid, WTERMSIG(status), strsignal(WTERMSIG(status)));
		tvp_abort_run(TVP_EXIT_FAIL);
	}
	if (WEXITSTATUS(status) != 0) {
		tvp_warn("worker %ld (pid %d) exited with status %d", k, pid,
		         WEXITSTATUS(status));
		tvp_abort_run(TVP_EXIT_FAIL);
	}
}

/* Take in what worker k sent; returns 0 at EOF (the worker has exited). */
static int drain(struct tvp_run *run, long k)
{
	struct child *c = &kids[k];
	ssize_t n = read(c->fd, c->buf + c->have, sizeof(c->buf) - c->have);
	size_t used = 0;

	if (n < 0 && errno == EINTR)
		return 1;
	if (n < 0) {
		tvp_warn("read (worker %ld): %s", k, strerror(errno));
		tvp_abort_run(TVP_EXIT_FAIL);
	}
	c->have += (size_t)n;
	for (; c->have - used >= sizeof(struct record);
	     used += sizeof(struct record)) {
		struct record r;

		memcpy(&r, c->buf + used, sizeof(r));
		if (r.task < 0 || r.task >= run->tasks) {
			tvp_warn("worker %ld sent task %lld of %ld", k,
			         (long long)r.task, run->tasks);
			tvp_abort_run(TVP_EXIT_FAIL);
		}
		run->results[r.task] = r.value;
		run->done[r.task] = 1;
	}
	memmove(c->buf, c->buf + used, c->have - used);
	c->have -= used;
	return n > 0;
}

static void static_body(struct tvp_run *run, long k, int fd, void *arg)
{
	struct chunk_arg *g = arg;
	long lo = run->tasks * k / run->workers;
	long hi = run->tasks * (k + 1) / run->workers;

	pass_gate(g);
	for (long i = lo; i < hi; i++)
		send_result(run, k, fd, i);
}

static void pool_body(struct tvp_run *run, long k, int fd, void *arg)
{
	struct chunk_arg *g = arg;
	long i;

	pass_gate(g);
	while ((i = atomic_fetch_add(next_task, 1)) < run->tasks)
		send_result(run, k, fd, i);
}

static void per_task_body(struct tvp_run *run, long k, int fd, void *arg)
{
	send_result(run, k, fd, *(long *)arg);
}

/* Static and pool: fork W children, wait until all are ready, open gate. */
static int start_gated(struct tvp_run *run, int64_t t0)
{
	int ready[2], gate[2];
	struct chunk_arg g;
	void (*body)(struct tvp_run *, long, int, void *) =
	        run->schedule == TVP_SCHED_POOL ? pool_body : static_body;
	long got = 0;
	char c;

	if (pipe2(ready, O_CLOEXEC) != 0 || pipe2(gate, O_CLOEXEC) != 0) {
		tvp_warn("pipe (start gate): %s", strerror(errno));
		return -1;
	}
	g = (struct chunk_arg){ .ready_fd = ready[1],
		                .gate_fd = gate[0],
		                .parent_ready_fd = ready[0],
		                .parent_gate_fd = gate[1] };
	for (long k = 0; k < run->workers; k++)
		if (spawn(run, k, body, &g) != 0)
			tvp_abort_run(TVP_EXIT_FAIL);
	close(ready[1]);
	close(gate[0]);
	/* A child that dies before it is ready ends this loop at EOF. */
	while (got < run->workers && tvp_read_full(ready[0], &c, 1) == 1)
		got++;
	run->spawn_ns = tvp_now_ns() - t0;
	close(gate[1]); /* EOF at every child: go */
	close(ready[0]);
	return 0;
}

static int run_model(struct tvp_run *run)
{
	long W = run->workers, next = 0, open;
	struct pollfd *pfd;
	long *slot_of;
	int64_t t0 = tvp_now_ns();

	kids = calloc((size_t)W, sizeof(*kids));
	pfd = calloc((size_t)W, sizeof(*pfd));
	slot_of = calloc((size_t)W, sizeof(*slot_of));
	next_task = tvp_shared_alloc(sizeof(*next_task));
	if (kids == NULL || pfd == NULL || slot_of == NULL ||
	    next_task == NULL) {
		free(kids);
		free(pfd);
		free(slot_of);
		return -1;
	}
	for (long k = 0; k < W; k++)
		kids[k].fd = -1;
	if (run->schedule == TVP_SCHED_PER_TASK) {
		for (long k = 0; k < W && next < run->tasks; k++, next++)
			if (spawn(run, k, per_task_body, &next) != 0)
				tvp_abort_run(TVP_EXIT_FAIL);
	} else if (start_gated(run, t0) != 0) {
		tvp_abort_run(TVP_EXIT_FAIL);
	}
	for (;;) {
		open = 0;
		for (long k = 0; k < W; k++)
			if (kids[k].fd >= 0) {
				pfd[open] = (struct pollfd){ kids[k].fd, POLLIN,
					                     0 };
				slot_of[open++] = k;
			}
		if (open == 0)
			break;
		if (poll(pfd, (nfds_t)open, -1) < 0 && errno != EINTR) {
			tvp_warn("poll: %s", strerror(errno));
			tvp_abort_run(TVP_EXIT_FAIL);
		}
		for (long p = 0; p < open; p++) {
			long k = slot_of[p];

			if (pfd[p].revents == 0 || drain(run, k))
				continue;
			reap(run, k);
			if (run->schedule == TVP_SCHED_PER_TASK &&
			    next < run->tasks) {
				if (spawn(run, k, per_task_body, &next) != 0)
					tvp_abort_run(TVP_EXIT_FAIL);
				next++;
			}
		}
	}
	if (run->schedule == TVP_SCHED_PER_TASK)
		run->spawn_ns = fork_ns;
	tvp_shared_free(next_task, sizeof(*next_task));
	free(slot_of);
	free(pfd);
	free(kids);
	return 0;
}

const struct tvp_model tvp_model = {
	.name = "procs",
	.schedules = TVP_SCHED_BIT(TVP_SCHED_STATIC) |
	             TVP_SCHED_BIT(TVP_SCHED_PER_TASK) |
	             TVP_SCHED_BIT(TVP_SCHED_POOL),
	.run = run_model,
};

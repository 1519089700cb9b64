/* SPDX-License-Identifier: MIT */
/*
 * master.c - the master of the forked models (prefork, hybrid, event):
 * start W worker processes that share the listening socket, start a new
 * one in place of each that dies, stop them all on SIGINT/SIGTERM. A
 * worker runs pool.c's threads (prefork: one; hybrid: T) or event.c's
 * loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tvp.h"
#include "server.h"

static int chld_pipe[2] = { -1, -1 }; /* readable once a child ended */

static void on_child(int sig)
{
	int saved = errno;

	(void)sig;
	ssize_t n = write(chld_pipe[1], "c", 1);
	(void)n;
	errno = saved;
}

/* A forked worker process: its own stop pipe, gone with the master. */
/* How each worker process serves (run_master's argument). */
static serve_fn worker_serve;

static _Noreturn void child_main(void)
{
	signal(SIGCHLD, SIG_DFL);
	close(chld_pipe[0]);
	close(chld_pipe[1]);
	if (make_stop_pipe() != 0) {
		tvp_warn("worker %d: pipe: %s", (int)getpid(), strerror(errno));
		_exit(1);
	}
	if (start_stop_watcher() != 0)
		_exit(1);
	int rc = worker_serve(false);
	_exit(rc == 0 ? 0 : 1);
}

/*
 * A worker gets SIGKILL when the master dies. A master stopped as it
 * should be stops its workers itself (stop_children: SIGTERM, and they
 * finish the response in hand); one that died outright cannot, and its
 * workers go with it at once, whatever they are doing. (It was SIGTERM,
 * for a graceful end: under ThreadSanitizer, which runs a handler only
 * when its thread next enters the runtime, an orphaned prefork worker
 * once missed it and outlived its master by more than 10 s.)
 */
static pid_t start_child(long slot)
{
	pid_t pid = tvp_fork(SIGKILL);

	if (pid == 0) {
		my_slot = slot;
		child_main();
	}
	if (pid < 0)
		tvp_warn("fork: %s", strerror(errno));
	return pid;
}

/* SIGTERM the children, wait up to 5 s, then SIGKILL the rest. */
static void stop_children(pid_t *pids, long n)
{
	for (long i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	int64_t until = now_ms() + 5000;
	long left = 0;
	for (long i = 0; i < n; i++)
		left += pids[i] > 0;
	while (left > 0) {
		/* (inline: any worker, whichever ends first, with a deadline) */
		pid_t pid = waitpid(-1, NULL, now_ms() < until ? WNOHANG : 0);
		if (pid < 0 && errno == ECHILD)
			break;
		if (pid > 0) {
			for (long i = 0; i < n; i++)
				if (pids[i] == pid) {
					pids[i] = 0;
					left--;
				}
			continue;
		}
		if (now_ms() >= until) {
			tvp_warn("%ld worker(s) did not stop in 5 s: killed",
			         left);
			for (long i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGKILL);
			until = INT64_MAX;
			continue;
		}
		tvp_sleep_ns(10 * (int64_t)1000000);
	}
}

/* Start a worker in place of pid, which ended with status; 0 or -1. */
static int replace(pid_t *pids, pid_t pid, int status, int64_t *window,
                   long *recent)
{
	long slot = -1;

	for (long i = 0; i < cfg.procs; i++)
		if (pids[i] == pid)
			slot = i;
	if (slot < 0)
		return 0;
	pids[slot] = 0;
	/* the workers it had waiting for a connection wait no more */
	atomic_fetch_sub(&stats->free_workers,
	                 atomic_exchange(&slot_free[slot + 1], 0));
	/* nor do its connections hold the others' back (event.c) */
	atomic_store(&slot_conns[slot + 1], -1);
	/* A worker that keeps dying at once would make this a fork loop: 100
	 * deaths within a second stop the server. */
	if (now_ms() - *window > 1000) {
		*window = now_ms();
		*recent = 0;
	}
	if (++*recent > 100) {
		tvp_warn("workers keep dying (100 within a second): stopping");
		return -1;
	}
	if (WIFSIGNALED(status))
		tvp_warn("worker %d killed by signal %d (%s); starting another",
		         (int)pid, WTERMSIG(status),
		         strsignal(WTERMSIG(status)));
	else
		tvp_warn("worker %d exited with status %d; starting another",
		         (int)pid, WEXITSTATUS(status));
	pids[slot] = start_child(slot + 1);
	if (pids[slot] < 0) {
		pids[slot] = 0;
		return -1;
	}
	atomic_fetch_add(&stats->restarts, 1);
	return 0;
}

/*
 * The master of prefork and hybrid: start the workers, start a new one in
 * place of each that dies, stop them all on SIGINT/SIGTERM.
 */
int run_master(serve_fn serve)
{
	pid_t *pids = calloc((size_t)cfg.procs, sizeof(pid_t));
	int rc = 0;
	int64_t window = now_ms();
	long recent = 0;

	worker_serve = serve;

	struct sigaction sa = { .sa_handler = on_child,
		                .sa_flags = SA_NOCLDSTOP | SA_RESTART };

	if (!pids || pipe2(chld_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		tvp_warn("cannot start the master: %s", strerror(errno));
		free(pids);
		return -1;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	for (long i = 0; i < cfg.procs && !stopping; i++) {
		pids[i] = start_child(i + 1);
		if (pids[i] < 0) {
			rc = -1;
			stopping = 1;
		}
	}
	/* The SIGCHLD handler writes to chld_pipe: poll never misses a death
	 * or a stop that comes between two system calls. The wait is still
	 * bounded (1 s): under ThreadSanitizer, which defers a handler until
	 * its thread next enters the runtime, a prefork master once sat in
	 * poll for more than 20 s after a SIGTERM (1 fresh-clone CI run in
	 * about 20); waking once a second lets a deferred stop run. */
	while (!stopping && rc == 0) {
		struct pollfd p[2] = { { .fd = stop_pipe[0], .events = POLLIN },
			               { .fd = chld_pipe[0],
			                 .events = POLLIN } };
		if (poll(p, 2, 1000) <= 0 || stopping)
			continue;
		char drain[64];
		while (read(chld_pipe[0], drain, sizeof(drain)) > 0)
			;
		int status;
		pid_t pid;
		/* (inline: every worker that died, by pid -1, to replace) */
		while (rc == 0 && !stopping &&
		       (pid = waitpid(-1, &status, WNOHANG)) > 0)
			rc = replace(pids, pid, status, &window, &recent);
	}
	stop_children(pids, cfg.procs);
	free(pids);
	signal(SIGCHLD, SIG_DFL);
	close(chld_pipe[0]);
	close(chld_pipe[1]);
	return rc;
}

/* SPDX-License-Identifier: MIT */
/*
 * The one way out of an aborted run. Whoever aborts (a failed task, a dead
 * worker, SIGINT/SIGTERM) comes here: the children are killed and reaped,
 * the workload's teardown removes what it created (temp files, sockets),
 * and the process exits. Nothing is left behind: no zombie, no orphan, no
 * temp directory.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tvp.h"

static _Atomic pid_t *children;
static long nslots;
static bool is_child;
static struct tvp_run *the_run;
/* set by the main thread, read by whichever thread aborts */
static void (*_Atomic abort_hook)(void);
static atomic_flag aborting = ATOMIC_FLAG_INIT;
int tvp_pending_signal;

int tvp_children_init(long slots)
{
	children = calloc((size_t)slots, sizeof(*children));
	nslots = slots;
	return children == NULL ? -1 : 0;
}

void tvp_child_set(long slot, pid_t pid)
{
	atomic_store(&children[slot], pid);
}

void tvp_cleanup_set_abort_hook(void (*hook)(void))
{
	atomic_store(&abort_hook, hook);
}

void tvp_cleanup_set_child(void)
{
	is_child = true;
}

/* Whoever comes second (a late signal, a second failing worker) waits for
 * the first to end the process. */
void tvp_exit_lock(void)
{
	if (atomic_flag_test_and_set(&aborting))
		for (;;)
			pause();
}

void tvp_task_fail(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	tvp_warn("task failed: %s", line);
	tvp_abort_run(TVP_EXIT_FAIL);
}

void tvp_abort_run(int status)
{
	if (is_child)
		_exit(status);
	tvp_exit_lock();
	for (long s = 0; s < nslots; s++) {
		pid_t pid = atomic_load(&children[s]);

		/* (inline: on the abort path a child killed here is reaped
		 * without a word; tvp_reap would say how it died) */
		if (pid > 0 && kill(pid, SIGKILL) == 0)
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
	}
	if (the_run != NULL && the_run->wl->teardown != NULL)
		the_run->wl->teardown(the_run);
	void (*hook)(void) = atomic_load(&abort_hook);

	if (hook != NULL)
		hook();
	_exit(status);
}

/* The watcher's signals and what it calls for each. */
static struct {
	sigset_t set;
	void (*on)(int sig);
} watched;

static void *watch(void *arg)
{
	int sig;

	(void)arg;
	for (;;)
		if (sigwait(&watched.set, &sig) == 0)
			watched.on(sig);
	return NULL;
}

/*
 * Block sigs (0-terminated) in this thread, and so in every thread
 * created later (the mask is inherited), and take them in one detached
 * watcher thread with sigwait: on runs for each in an ordinary thread, not
 * in a signal handler, where almost nothing is safe to call, and whatever
 * the other threads are doing. One watcher a process: a forked child that
 * wants one starts its own (threads do not survive fork). 0, or -1 after
 * saying why.
 */
int tvp_signal_watcher(const int *sigs, void (*on)(int sig))
{
	pthread_t tid;
	int err;

	watched.on = on;
	sigemptyset(&watched.set);
	for (; *sigs; sigs++)
		sigaddset(&watched.set, *sigs);
	err = pthread_sigmask(SIG_BLOCK, &watched.set, NULL);
	if (err == 0)
		err = pthread_create(&tid, NULL, watch, NULL);
	if (err == 0)
		err = pthread_detach(tid);
	if (err != 0)
		tvp_warn("cannot start the signal watcher: %s", strerror(err));
	return err == 0 ? 0 : -1;
}

static void on_signal(int sig)
{
	tvp_pending_signal = sig;
	tvp_warn("interrupted by %s, stopping workers", sigabbrev_np(sig));
	tvp_abort_run(128 + sig);
}

/*
 * SIGINT/SIGTERM/SIGHUP end the run through tvp_abort_run, from the
 * watcher thread (tvp_signal_watcher). Forked workers unblock them again.
 */
int tvp_signals_start(struct tvp_run *run)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, 0 };

	the_run = run;
	return tvp_signal_watcher(sigs, on_signal);
}

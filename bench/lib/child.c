/* SPDX-License-Identifier: MIT */
/*
 * A forked worker's life, written once for every program that forks one
 * (the procs model, the micro-benchmarks, the server's prefork master):
 *
 *   birth    tvp_fork: the child dies with its parent, never outlives it
 *            as an orphan, and takes the signals its parent blocked;
 *   results  tvp_outbox/tvp_inbox: (task, value) records home through a
 *            pipe, in batches; tvp_inbox_wait takes them in from every
 *            live worker until one of them has ended;
 *   death    tvp_reap: waited for, its peak memory read, its end told.
 *
 * and for a set of them started at once (the micro-benchmarks):
 * tvp_childset_start, tvp_await for their "ready", tvp_childset_reap.
 *
 * Threads need none of this: a thread cannot outlive its process, writes
 * its result where the parent reads it, and is joined, not reaped. That
 * difference is the lesson threads.c and procs.c teach side by side.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tvp.h"

pid_t tvp_fork(int deathsig)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	sigset_t set;

	if (pid != 0)
		return pid; /* the parent: the child's pid, or -1 */
	tvp_cleanup_set_child();
	/*
	 * The kernel sends deathsig when the parent ends. A parent that ended
	 * between fork() and the prctl has already gone: then this child has
	 * been handed to init (getppid changed) and must leave by itself.
	 */
	if (prctl(PR_SET_PDEATHSIG, deathsig) != 0 || getppid() != parent)
		_exit(TVP_EXIT_FAIL);
	/* The parent blocks these for its signal watcher (cleanup.c); a child
	 * has no watcher and must die of them, as any process would. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	return 0;
}

int tvp_reap(pid_t pid, const char *who, struct rusage *ru)
{
	struct rusage own;
	int status;

	while (wait4(pid, &status, 0, ru != NULL ? ru : &own) < 0)
		if (errno != EINTR) {
			tvp_warn("waitpid (%s, pid %d): %s", who, (int)pid,
			         strerror(errno));
			return -1;
		}
	if (WIFSIGNALED(status)) {
		tvp_warn("%s (pid %d) was killed by signal %d (%s)", who,
		         (int)pid, WTERMSIG(status),
		         strsignal(WTERMSIG(status)));
		return -1;
	}
	if (WEXITSTATUS(status) != 0) {
		tvp_warn("%s (pid %d) exited with status %d", who, (int)pid,
		         WEXITSTATUS(status));
		return -1;
	}
	return 0;
}

/*
 * The child's results wait in a batch and go home in one write when it is
 * full or the child is done: the parent wakes once per batch, not once
 * per task (multiprocessing.Pool's chunksize trades the same way). A batch
 * is PIPE_BUF bytes at most, so each write is atomic, never split.
 */
void tvp_outbox_put(struct tvp_outbox *out, int64_t task, uint64_t value)
{
	out->batch[out->n++] = (struct tvp_record){ task, value };
	if (out->n == TVP_BATCH)
		tvp_outbox_flush(out);
}

void tvp_outbox_flush(struct tvp_outbox *out)
{
	if (out->n > 0 && tvp_write_all(out->fd, out->batch,
	                                out->n * sizeof(*out->batch)) != 0)
		tvp_task_fail("write result: %s", strerror(errno));
	out->n = 0;
}

int tvp_inbox_read(struct tvp_inbox *in, struct tvp_run *run)
{
	ssize_t n =
	        read(in->fd, in->buf + in->have, sizeof(in->buf) - in->have);
	size_t used = 0;

	if (n < 0 && errno == EINTR)
		return 1;
	if (n < 0) {
		tvp_warn("read (%s): %s", in->who, strerror(errno));
		return -1;
	}
	in->have += (size_t)n;
	for (; in->have - used >= sizeof(struct tvp_record);
	     used += sizeof(struct tvp_record)) {
		struct tvp_record r;

		memcpy(&r, in->buf + used, sizeof(r));
		if (r.task < 0 || r.task >= run->tasks) {
			tvp_warn("%s sent task %lld of %ld", in->who,
			         (long long)r.task, run->tasks);
			return -1;
		}
		run->results[r.task] = r.value;
		run->done[r.task] = 1;
	}
	memmove(in->buf, in->buf + used, in->have - used);
	in->have -= used;
	return n > 0;
}

int tvp_inboxes_init(struct tvp_inboxes *s, long n)
{
	s->n = n;
	s->in = calloc((size_t)n + 1, sizeof(struct tvp_inbox *));
	s->pfd = calloc((size_t)n + 1, sizeof(*s->pfd));
	s->slot = calloc((size_t)n + 1, sizeof(*s->slot));
	if (s->in && s->pfd && s->slot)
		return 0;
	tvp_inboxes_free(s);
	return -1;
}

void tvp_inboxes_free(struct tvp_inboxes *s)
{
	free(s->in);
	free(s->pfd);
	free(s->slot);
	s->in = NULL;
	s->pfd = NULL;
	s->slot = NULL;
}

long tvp_inbox_wait(struct tvp_inboxes *s, struct tvp_run *run)
{
	struct tvp_inbox *const *in = s->in;
	struct pollfd *pfd = s->pfd;
	long *slot = s->slot, n = s->n, ended = -1;
	bool bad = false;

	while (!bad && ended < 0) {
		nfds_t open = 0;

		for (long k = 0; k < n; k++)
			if (in[k]->fd >= 0) {
				pfd[open] =
				        (struct pollfd){ in[k]->fd, POLLIN, 0 };
				slot[open++] = k;
			}
		if (open == 0) {
			tvp_warn("no worker left to wait for");
			bad = true;
		} else if (poll(pfd, open, -1) < 0) {
			if (errno == EINTR)
				continue;
			tvp_warn("poll: %s", strerror(errno));
			bad = true;
		}
		for (nfds_t p = 0; !bad && ended < 0 && p < open; p++) {
			int rc;

			if (pfd[p].revents == 0)
				continue;
			rc = tvp_inbox_read(in[slot[p]], run);
			if (rc < 0)
				bad = true;
			else if (rc == 0)
				ended = slot[p];
		}
	}
	return bad ? -1 : ended;
}

void tvp_childset_start(struct tvp_childset *s, pid_t *pids, long n, bool slots,
                        void (*fn)(long k, void *arg), void *arg)
{
	s->pid = pids;
	s->n = 0;
	s->slots = slots;
	if (s->who == NULL)
		s->who = "worker";
	for (long k = 0; k < n; k++) {
		pid_t pid = tvp_fork(SIGKILL);

		if (pid < 0)
			tvp_task_fail("fork (%s %ld): %s", s->who, k,
			              strerror(errno));
		if (pid == 0) {
			fn(k, arg);
			_exit(0);
		}
		pids[k] = pid;
		s->n = k + 1;
		if (slots)
			tvp_child_set(k, pid);
	}
}

void tvp_await(int fd, long n, const char *what)
{
	char c;

	for (long k = 0; k < n; k++)
		if (tvp_read_full(fd, &c, 1) != 1)
			tvp_task_fail("a worker ended before it was %s", what);
}

int tvp_childset_reap(struct tvp_childset *s)
{
	long left = 0;
	int rc = 0;

	for (long k = 0; k < s->n; k++)
		left += s->pid[k] > 0;
	while (left > 0) {
		int status;
		long k = 0;
		/* any of them: the set's children are this process's only
		 * ones while it runs */
		pid_t pid = waitpid(-1, &status, 0);

		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0) {
			tvp_warn("waitpid (%s): %s", s->who, strerror(errno));
			return -1;
		}
		while (k < s->n && s->pid[k] != pid)
			k++;
		if (k == s->n)
			continue; /* not one of the set */
		s->pid[k] = 0;
		left--;
		if (s->slots)
			tvp_child_set(k, 0);
		if (status == 0 || rc != 0)
			continue;
		rc = -1;
		if (WIFSIGNALED(status))
			tvp_warn("%s %ld (pid %d) was killed by signal %d (%s)",
			         s->who, k, (int)pid, WTERMSIG(status),
			         strsignal(WTERMSIG(status)));
		else
			tvp_warn("%s %ld (pid %d) exited with status %d",
			         s->who, k, (int)pid, WEXITSTATUS(status));
		for (long o = 0; o < s->n; o++)
			if (s->pid[o] > 0)
				kill(s->pid[o], SIGKILL);
	}
	return rc;
}

/* SPDX-License-Identifier: MIT */
/*
 * pool.c - W workers in one process, each a thread that blocks on one
 * connection at a time: the serial model (W = 1), the threads model, and
 * each worker process of prefork and hybrid.
 *
 * Every worker runs the same loop: wait for a connection or the stop,
 * take it, serve it (conn.c), close it. A connection that waits holds a
 * thread; how many are served at once is the number of workers, and
 * --backlog more may wait to be accepted. Compare event.c, where one
 * thread serves every connection of its process.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../tvp.h"
#include "server.h"

/*
 * The threads of a process wait in one epoll set that holds the listening
 * socket and the stop pipe: epoll_wait wakes one waiter per event (its
 * waiters queue exclusively), so a new connection wakes one thread, not
 * all, and the stop, which stays readable, reaches each in turn. One set
 * a process, not one a thread: a descriptor per thread would be one less
 * connection each (10,000 held connections need 10,000 threads, and a
 * set each took them past a 20,000-descriptor limit). -1 after saying
 * why.
 */
static int worker_epoll(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = listen_fd };
	struct epoll_event sev = { .events = EPOLLIN, .data.fd = stop_pipe[0] };

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, listen_fd, &ev) != 0 ||
	    epoll_ctl(ep, EPOLL_CTL_ADD, stop_pipe[0], &sev) != 0) {
		tvp_warn("cannot start a worker: %s", strerror(errno));
		if (ep >= 0)
			close(ep);
		return -1;
	}
	return ep;
}

/* arg: the process's epoll set (an int from worker_epoll), which the
 * caller closes once every worker is joined. */
static void *worker_loop(void *arg)
{
	struct worker w = { malloc(TVP_HTTP_MAX_HEAD),
		            malloc((size_t)cfg.file_kib * 1024) };
	int ep = *(const int *)arg;

	if (!w.in || !w.body) {
		tvp_warn("cannot start a worker: out of memory");
		stopping = 1;
		on_stop(0);
	}
	add_free_workers(1);
	while (!stopping) {
		struct epoll_event got;
		int n = epoll_wait(ep, &got, 1, -1);
		if (n <= 0 || got.data.fd != listen_fd)
			continue; /* EINTR, or the stop (the loop ends) */
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE) {
				/* Out of descriptors: try again every 100 ms. */
				said_out_of_descriptors();
				wait_readable(stop_pipe[0], 100, false);
			}
			continue; /* EAGAIN: another worker took it */
		}
		add_free_workers(-1);
		serve_connection(&w, fd);
		close(fd);
		add_free_workers(1);
	}
	add_free_workers(-1);
	free(w.in);
	free(w.body);
	return NULL;
}

/*
 * Run cfg.threads workers in this process until the stop; 0 or -1. The
 * epoll set is made first: when announce (the unforked models) prints the
 * listening line, the workers' set is ready.
 */
int run_threads(bool announce)
{
	long n = cfg.threads, started = 0;
	pthread_t *tid = n > 0 ? calloc((size_t)n, sizeof(*tid)) : NULL;
	int ep, rc = 0;

	if (!tid) {
		tvp_warn("out of memory for %ld threads", n);
		return -1;
	}
	if ((ep = worker_epoll()) < 0) {
		free(tid);
		return -1;
	}
	if (announce)
		announce_listening();
	for (; started < n - 1; started++) {
		int e = pthread_create(&tid[started], NULL, worker_loop, &ep);
		if (e != 0) {
			tvp_warn("cannot start thread %ld of %ld: %s",
			         started + 1, n, strerror(e));
			rc = -1;
			on_stop(0);
			break;
		}
	}
	/* This thread is the last worker (or, after a failure, stops). */
	if (rc == 0)
		worker_loop(&ep);
	for (long i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	close(ep);
	free(tid);
	return rc;
}

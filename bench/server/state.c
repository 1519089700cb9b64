/* SPDX-License-Identifier: MIT */
/*
 * state.c - what every model of tvp-server shares (state.h): the
 * configuration, the counters in shared memory, the listening socket and
 * the stop. The models (pool.c, master.c, event.c, conn.c) use it; it
 * calls none of them, and main.c only fills it from the command line and
 * picks the model.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../tvp.h"
#include "state.h"

struct config cfg = {
	.model = THREADS,
	.model_name = "threads",
	.cpu_n = 20000,
	.files = 64,
	.file_kib = 4,
	.keepalive = 100,
	.idle_ms = 5000,
	.backlog = 128,
};
struct stats *stats;
atomic_long *slot_free;
long my_slot;
atomic_long *slot_conns, *slot_accepted, *slot_busy;
int listen_fd = -1;
atomic_int stopping;
int stop_pipe[2] = { -1, -1 };

void on_stop(int sig)
{
	int saved = errno;

	(void)sig;
	stopping = 1;
	if (stop_pipe[1] >= 0) {
		ssize_t n = write(stop_pipe[1], "x", 1);
		(void)n; /* full: already readable */
	}
	errno = saved;
}

int make_stop_pipe(void)
{
	if (stop_pipe[0] >= 0) {
		close(stop_pipe[0]);
		close(stop_pipe[1]);
	}
	if (pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	if (stopping)
		on_stop(0);
	return 0;
}

void install_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/*
 * In a process that serves with more than one thread (threads, hybrid's
 * workers, event with --aio-threads), SIGINT and SIGTERM are blocked in
 * every thread (threads started later inherit the mask) and taken by one
 * watcher thread (tvp_signal_watcher, lib/cleanup.c), which calls on_stop
 * from ordinary code. The stop then never depends on which thread the
 * kernel picks or on what it is doing:
 * ThreadSanitizer runs a handler only when its thread next enters the
 * runtime, and under it a threads server once took a SIGTERM and ran no
 * handler, both workers asleep in epoll_wait for good (1 test in 20 under
 * load). The handler install_signals set stays for the moments the
 * signals are unblocked: before this is called, in a forked worker from
 * tvp_fork until its own watcher starts (call this there, after
 * make_stop_pipe: the watcher reads stop_pipe), and in the master of
 * prefork, hybrid and event, which forks and so stays one thread (a
 * child of a multi-threaded process may not safely start threads; its
 * handler runs when poll is entered). A process of one thread (serial,
 * prefork's and event's workers) keeps the handler, which always lands in
 * that thread, and its thread count stays the lesson's. 0, or -1 after
 * saying why.
 */
int start_stop_watcher(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, 0 };
	long own = cfg.model == EVENT ? 1 + cfg.aio_threads : cfg.threads;

	return own <= 1 ? 0 : tvp_signal_watcher(sigs, on_stop);
}

void add_free_workers(long d)
{
	atomic_fetch_add(&slot_free[my_slot], d);
	atomic_fetch_add(&stats->free_workers, d);
}

int64_t now_ms(void)
{
	return tvp_now_ns() / 1000000;
}

void announce_listening(void)
{
	printf("tvp-server: listening on http://127.0.0.1:%ld/ (%s: %ld "
	       "process%s x %ld thread%s, %ld descriptors each)\n",
	       cfg.port, cfg.model_name, cfg.procs ? cfg.procs : 1,
	       cfg.procs > 1 ? "es" : "", cfg.threads,
	       cfg.threads > 1 ? "s" : "", cfg.nofile);
	fflush(stdout);
}

void said_out_of_descriptors(void)
{
	static atomic_flag said = ATOMIC_FLAG_INIT;
	int e = errno;

	if (!atomic_flag_test_and_set(&said))
		tvp_warn("accept: %s; trying again every 100 ms (said once)",
		         strerror(e));
}

int make_shared_counters(void)
{
	stats = mmap(NULL, sizeof(*stats), PROT_READ | PROT_WRITE,
	             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	slot_free = mmap(NULL, (size_t)(cfg.procs + 1) * sizeof(*slot_free),
	                 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1,
	                 0);
	slot_conns =
	        mmap(NULL, 3 * (size_t)(cfg.procs + 1) * sizeof(*slot_conns),
	             PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stats == MAP_FAILED || slot_free == MAP_FAILED ||
	    slot_conns == MAP_FAILED) {
		tvp_warn("mmap: %s", strerror(errno));
		return -1;
	}
	slot_accepted = slot_conns + cfg.procs + 1;
	slot_busy = slot_accepted + cfg.procs + 1;
	for (long s = 0; s <= cfg.procs; s++)
		atomic_store(&slot_conns[s], -1); /* (no worker yet) */
	return 0;
}

int open_listener(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
		                 .sin_port = htons((uint16_t)cfg.port),
		                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int one = 1;

	listen_fd =
	        socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (listen_fd < 0 ||
	    setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one,
	               sizeof(one)) ||
	    bind(listen_fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    listen(listen_fd, (int)cfg.backlog) != 0 ||
	    getsockname(listen_fd, (struct sockaddr *)&a, &len) != 0) {
		tvp_warn("cannot listen on 127.0.0.1:%ld: %s", cfg.port,
		         strerror(errno));
		return -1;
	}
	cfg.port = ntohs(a.sin_port);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * net: task i connects to a TCP server on 127.0.0.1, sends i, and waits
 * for the answer, which the server sends --ms milliseconds later: a
 * request to a slow service. The server is a thread of the parent,
 * started in setup on a port the kernel picks; it is one poll() loop that
 * holds every connection's deadline, so it answers many requests at once
 * and never becomes the bottleneck it is meant to stand in for.
 *
 * --port P sends the requests to a server already listening on
 * 127.0.0.1:P instead (8 bytes in, 8 bytes out). A request that gets no
 * answer within --ms + 10 s fails the run: a silent server is an error,
 * never a hang.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../tvp.h"

#define MAX_CONNS 8192

static long ms = 50, given_port;
static int listen_fd = -1, stop_pipe[2] = { -1, -1 };
static in_port_t port;
static pthread_t server;
static bool server_running;

struct conn {
	int fd;
	unsigned got; /* request bytes read so far */
	int64_t due;  /* 0 while reading, then the answer's deadline */
	uint64_t request;
};

static uint64_t answer(uint64_t request)
{
	return tvp_mix64(request + 0x6e6574);
}

/* Milliseconds until the earliest deadline, -1 if none. */
static int next_timeout(const struct conn *c, long n, int64_t now)
{
	int64_t first = -1;

	for (long k = 0; k < n; k++)
		if (c[k].due && (first < 0 || c[k].due < first))
			first = c[k].due;
	if (first < 0)
		return -1;
	return first <= now ? 0 : (int)((first - now + 999999) / 1000000);
}

static void serve_due(struct conn *c, long *n, int64_t now)
{
	for (long k = 0; k < *n; k++) {
		if (c[k].due == 0 || c[k].due > now)
			continue;
		uint64_t reply = answer(c[k].request);
		/* 8 bytes into an empty socket buffer: never blocks. */
		(void)tvp_write_all(c[k].fd, &reply, sizeof(reply));
		close(c[k].fd);
		c[k--] = c[--*n];
	}
}

static void read_request(struct conn *c, int64_t now)
{
	ssize_t r = read(c->fd, (char *)&c->request + c->got,
	                 sizeof(c->request) - c->got);

	if (r <= 0) {
		c->due = -1; /* closed or broken: drop it */
		return;
	}
	c->got += (unsigned)r;
	if (c->got == sizeof(c->request))
		c->due = now + (int64_t)ms * 1000000;
}

static void *serve(void *arg)
{
	struct conn *c = calloc(MAX_CONNS, sizeof(*c));
	struct pollfd *p = calloc(MAX_CONNS + 2, sizeof(*p));
	long n = 0;

	(void)arg;
	while (c != NULL && p != NULL) {
		int64_t now = tvp_now_ns();
		long np = 2;

		serve_due(c, &n, now);
		p[0] = (struct pollfd){ stop_pipe[0], POLLIN, 0 };
		p[1] = (struct pollfd){ listen_fd, n < MAX_CONNS ? POLLIN : 0,
			                0 };
		for (long k = 0; k < n; k++)
			p[np++] = (struct pollfd){ c[k].fd,
				                   c[k].due ? 0 : POLLIN, 0 };
		if (poll(p, (nfds_t)np, next_timeout(c, n, now)) < 0 &&
		    errno != EINTR)
			break;
		if (p[0].revents)
			break;
		now = tvp_now_ns();
		for (long k = 0; k < n; k++)
			if (p[k + 2].revents)
				read_request(&c[k], now);
		for (long k = 0; k < n; k++)
			if (c[k].due < 0) {
				close(c[k].fd);
				c[k--] = c[--n];
			}
		while (p[1].revents && n < MAX_CONNS) {
			int fd = accept4(listen_fd, NULL, NULL,
			                 SOCK_NONBLOCK | SOCK_CLOEXEC);

			if (fd < 0)
				break;
			c[n++] = (struct conn){ .fd = fd };
		}
	}
	for (long k = 0; k < n; k++)
		close(c[k].fd);
	free(c);
	free(p);
	return NULL;
}

/* Teardown may come from the signal watcher while setup runs: each holds
 * this lock, so teardown sees all of setup's server or none of it. */
static pthread_mutex_t setup_lock = PTHREAD_MUTEX_INITIALIZER;

static int setup_locked(struct tvp_run *run)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int err;

	(void)run;
	if (given_port > 0) {
		port = htons((in_port_t)given_port);
		return 0;
	}
	listen_fd =
	        socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (listen_fd < 0 || bind(listen_fd, (void *)&sa, sizeof(sa)) != 0 ||
	    listen(listen_fd, SOMAXCONN) != 0 ||
	    getsockname(listen_fd, (void *)&sa, &len) != 0 ||
	    pipe2(stop_pipe, O_CLOEXEC) != 0) {
		tvp_warn("server on 127.0.0.1: %s", strerror(errno));
		return -1;
	}
	port = sa.sin_port;
	err = pthread_create(&server, NULL, serve, NULL);
	if (err != 0) {
		tvp_warn("pthread_create (server): %s", strerror(err));
		return -1;
	}
	server_running = true;
	return 0;
}

static int setup(struct tvp_run *run)
{
	int rc;

	pthread_mutex_lock(&setup_lock);
	rc = setup_locked(run);
	pthread_mutex_unlock(&setup_lock);
	return rc;
}

static void teardown(struct tvp_run *run)
{
	(void)run;
	pthread_mutex_lock(&setup_lock);
	if (server_running) {
		(void)tvp_write_all(stop_pipe[1], "", 1);
		pthread_join(server, NULL);
		server_running = false;
	}
	if (listen_fd >= 0)
		close(listen_fd);
	listen_fd = -1;
	for (int k = 0; k < 2; k++)
		if (stop_pipe[k] >= 0) {
			close(stop_pipe[k]);
			stop_pipe[k] = -1;
		}
	pthread_mutex_unlock(&setup_lock);
}

static uint64_t task(long i)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		                  .sin_port = port,
		                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	uint64_t req = (uint64_t)i, reply;
	int64_t wait_ms = ms + 10000;
	struct timeval tv = { .tv_sec = wait_ms / 1000,
		              .tv_usec = (wait_ms % 1000) * 1000 };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect(fd, (void *)&sa, sizeof(sa)) != 0)
		tvp_task_fail("connect 127.0.0.1:%d: %s", ntohs(port),
		              strerror(errno));
	/* A read that waits longer fails with EAGAIN: "timed out" below. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0)
		tvp_task_fail("SO_RCVTIMEO: %s", strerror(errno));
	errno = 0; /* still 0 after the read: the server closed early */
	if (tvp_write_all(fd, &req, sizeof(req)) != 0 ||
	    tvp_read_full(fd, &reply, sizeof(reply)) != sizeof(reply))
		tvp_task_fail("request %ld to 127.0.0.1:%d: %s", i, ntohs(port),
		              errno == EAGAIN || errno == EWOULDBLOCK
		                      ? "timed out, no answer"
		              : errno ? strerror(errno)
		                      : "connection closed");
	close(fd);
	return reply;
}

static const struct tvp_knob knobs[] = {
	{ .name = "ms",
	  .type = TVP_KNOB_LONG,
	  .help = "milliseconds the server waits per request",
	  .min = 0,
	  .max = 3600000,
	  .lval = &ms },
	{ .name = "port",
	  .type = TVP_KNOB_LONG,
	  .help = "use the server on 127.0.0.1:port, 0 to start one",
	  .min = 0,
	  .max = 65535,
	  .lval = &given_port },
	{ 0 },
};

TVP_WORKLOAD(net) = {
	.name = "net",
	.kind = TVP_IO,
	.summary = "each task is a request to a local TCP server that answers "
	           "after ms milliseconds",
	.default_tasks = 64,
	.small = "--ms 1",
	.quick = "--tasks 64 --ms 10",
	.full = "--tasks 128 --ms 20",
	.knobs = knobs,
	.setup = setup,
	.teardown = teardown,
	.task = task,
};

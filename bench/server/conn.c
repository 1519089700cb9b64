/* SPDX-License-Identifier: MIT */
/*
 * conn.c - one connection served by a worker that blocks on it (serial,
 * threads, prefork, hybrid), and the responses that every model sends,
 * the event loop's included, byte for byte.
 *
 * A request for /data/N costs --cpu (count the primes below N) and
 * --sleep-ms (a wait, as for a database), then reads file N of the data
 * set and sends it. Keep-alive connections are kept while no other
 * connection waits to be accepted: a worker serves one connection at a
 * time, so under more connections than workers it closes each after its
 * response (or, idle between requests while no worker is free, once
 * another one has waited HANDOFF_MS) and the waiting ones are taken in
 * turn, first come first served.
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "../tvp.h"
#include "../workloads/kernels.h"
#include "server.h"

/* How long a kept-alive connection may idle before giving way. */
#define IDLE_GRACE_MS 50
/* How long a connection must wait to be accepted before an idle one gives
 * way to it: a free worker, if there is one, takes it sooner. */
#define HANDOFF_MS 20

/* ---- the responses ---- */

void crash_if_asked(const struct tvp_http_request *req)
{
	if (cfg.crash_path && req->target_len == 6 &&
	    !memcmp(req->target, "/crash", 6)) {
		/* A fatal fault in this worker, as a bug would cause: the
		 * process it runs in ends, whatever its other threads do. */
		raise(SIGKILL);
	}
}

uint64_t request_work(void)
{
	return cfg.cpu_n > 0 ? tvp_primes_in(0, (uint64_t)cfg.cpu_n) : 0;
}

size_t status_response(char head[RESPONSE_HEAD_MAX], int status)
{
	const char *reason = tvp_http_reason(status);
	int n = snprintf(head, RESPONSE_HEAD_MAX,
	                 "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\n"
	                 "Content-Length: %zu\r\n%sConnection: close\r\n\r\n"
	                 "%s\n",
	                 status, reason, strlen(reason) + 1,
	                 status == 405 ? "Allow: GET, HEAD\r\n" : "", reason);

	atomic_fetch_add(&stats->refused, 1);
	return (size_t)n;
}

size_t ok_head(char head[RESPONSE_HEAD_MAX], size_t size, uint64_t work,
               bool keep)
{
	return (size_t)snprintf(
	        head, RESPONSE_HEAD_MAX,
	        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream"
	        "\r\nContent-Length: %zu\r\nX-Tvp-Work: %llu\r\n"
	        "Connection: %s\r\n\r\n",
	        size, (unsigned long long)work, keep ? "keep-alive" : "close");
}

/* ---- a worker blocking on one connection ---- */

/* Send all of iov, or give up after idle_ms without progress. */
static int send_all(int fd, struct iovec *iov, int n)
{
	while (n > 0) {
		struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)n };
		ssize_t w = sendmsg(fd, &msg, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1; /* the client left, or stopped reading */
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

static int send_status(int fd, int status)
{
	char head[RESPONSE_HEAD_MAX];
	struct iovec iov = { head, status_response(head, status) };

	return send_all(fd, &iov, 1);
}

/* Are connections waiting to be accepted (by anyone)? */
static bool others_waiting(void)
{
	struct pollfd p = { .fd = listen_fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

int wait_readable(int fd, int64_t ms, bool idle)
{
	struct pollfd p[3] = { { .fd = fd, .events = POLLIN },
		               { .fd = stop_pipe[0], .events = POLLIN },
		               { .fd = listen_fd, .events = POLLIN } };
	int r;

	do {
		r = poll(p, idle ? 3 : 2, ms > INT_MAX ? INT_MAX : (int)ms);
	} while (r < 0 && errno == EINTR && !stopping);
	if (stopping || (r > 0 && p[1].revents))
		return -1;
	if (r > 0 && !p[0].revents && idle && p[2].revents)
		return 2;
	return r > 0 ? 1 : 0;
}

/* The request's work: the CPU part, the wait, then the file. */
static int respond(struct worker *w, int fd, const struct tvp_http_request *req,
                   bool keep)
{
	crash_if_asked(req);
	long file = tvp_http_route(req->target, req->target_len, cfg.files);
	if (file < 0)
		return send_status(fd, 404) == 0 ? 1 : -1;
	uint64_t work = request_work();
	if (cfg.sleep_ms > 0) {
		/* poll on the stop pipe: a stop does not wait out the sleep */
		struct pollfd p = { .fd = stop_pipe[0], .events = POLLIN };
		poll(&p, 1, (int)cfg.sleep_ms);
	}
	size_t size = (size_t)cfg.file_kib * 1024, got = 0;
	if (req->method == TVP_HTTP_GET) {
		if (read_file(file, w->body) != 0)
			return send_status(fd, 500) == 0 ? 1 : -1;
		got = size;
	}
	char head[RESPONSE_HEAD_MAX];
	struct iovec iov[2] = { { head, ok_head(head, size, work, keep) },
		                { w->body, got } };
	if (send_all(fd, iov, got ? 2 : 1) != 0)
		return -1;
	atomic_fetch_add(&stats->served, 1);
	return keep ? 0 : 1;
}

void serve_connection(struct worker *w, int fd)
{
	size_t have = 0;
	long answered = 0;
	int64_t idle_since = now_ms(), deadline = idle_since + cfg.idle_ms;
	struct timeval tv = { cfg.idle_ms / 1000, (cfg.idle_ms % 1000) * 1000 };

	/* A client that stops reading cannot hold the worker for longer. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	for (;;) {
		struct tvp_http_request req;
		int st = tvp_http_parse(w->in, have, &req);

		if (st == TVP_HTTP_INCOMPLETE) {
			/* Idle between requests, it gives way to a waiting
			 * connection, but only after a grace: a client sends its
			 * next request at once, and closing just as it does would
			 * lose that request. */
			bool idle = have == 0 && answered > 0;
			int64_t left = deadline - now_ms();
			int64_t grace = idle_since + IDLE_GRACE_MS - now_ms();
			int r;
			if (left <= 0) {
				r = 0; /* its time is up */
			} else if (idle && grace > 0 && grace < left) {
				r = wait_readable(fd, grace, false);
				if (r == 0)
					continue; /* the grace is over: watch the others */
			} else if (idle &&
			           atomic_load(&stats->free_workers) > 0) {
				/* A free worker takes whoever comes: this one
				 * does not watch for them, and keeps its client
				 * until its time is up (a thousand idle workers
				 * all woken by each new connection, or each
				 * looking again now and then, would starve the
				 * one that accepts it). */
				r = wait_readable(fd, left, false);
			} else {
				r = wait_readable(fd, left, idle);
			}
			if (r == 2) {
				/* Someone waits to be accepted: give way only
				 * if no free worker takes it in a moment. */
				r = wait_readable(
				        fd,
				        left < HANDOFF_MS ? left : HANDOFF_MS,
				        false);
				if (r == 0 && others_waiting())
					return;
				if (r == 0)
					continue;
			}
			if (r == 0 && have > 0)
				send_status(fd, 408); /* a slow sender */
			if (r != 1)
				return;
			ssize_t n = recv(fd, w->in + have,
			                 TVP_HTTP_MAX_HEAD - have, 0);
			if (n <= 0)
				return; /* closed early, or reset */
			have += (size_t)n;
			continue;
		}
		if (st != TVP_HTTP_OK) {
			send_status(fd, st);
			return;
		}
		answered++;
		bool keep = req.keep_alive && answered < cfg.keepalive &&
		            !stopping && !others_waiting();
		if (respond(w, fd, &req, keep) != 0)
			return;
		/* Pipelined bytes after this request stay for the next. */
		have -= req.head_len;
		memmove(w->in, w->in + req.head_len, have);
		idle_since = now_ms();
		deadline = idle_since + cfg.idle_ms;
	}
}

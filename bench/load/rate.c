/* SPDX-License-Identifier: MIT */
/*
 * tvp-rate - an open-loop load against tvp-server: requests sent on a
 * fixed schedule, whatever the replies do, each request's latency timed
 * from the moment the schedule said to send it:
 *
 *   tvp-rate PORT RATE MS [CONNECTIONS [FILES]]
 *
 * Request i is due at t0 + i / RATE (evenly spaced, as wrk2 spaces them).
 * A due request goes out on a free keep-alive connection at once; when
 * all CONNECTIONS (default 64) are busy it waits in line, its clock
 * already running. Its latency is the end of its response minus its due
 * time, not minus the moment it was written.
 *
 * Why not wrk's latency (closed loop): a wrk connection sends its next
 * request only when the last one is answered, so a server that stalls
 * for 50 ms delays the requests that would have arrived meanwhile
 * instead of making them wait, and they never show in the percentiles;
 * this is "coordinated omission" (Gil Tene, "How NOT to Measure
 * Latency", 2015; his wrk2 fixes it in wrk by timing from the intended
 * send, the method used here). wrk2 is not packaged in Debian or Ubuntu;
 * httperf and h2load fix the rate of new connections, not of requests on
 * kept connections, and print no percentiles.
 *
 * Requests are GET /data/0 (FILES 0, the default), or /data/K with K at
 * random below FILES (the
 * cold mix, where a repeated file would be served from the pages the
 * last read brought in). Every latency is kept and sorted: p50, p90, p99,
 * p99.9 and max are exact (nearest rank), not a histogram's. After MS
 * milliseconds no request is due any more; the ones still in line or in
 * flight are waited for as long again (1 to 5 s), and a request
 * unanswered then counts as unanswered, with the time it had waited as
 * its latency (a floor: the percentiles can only be worse).
 *
 * Prints one JSON line: the rate asked and the rate answered (answers
 * over the time from the first due to the last answer), the counts
 * (due, answered, unanswered, errors: a connection closed or a response
 * it could not read; a request that found its kept-alive connection
 * closed before one byte of an answer goes again, first in line),
 * the percentiles in microseconds, and "behind_us",
 * how late the client itself wrote its most delayed request whose
 * connection was free before it fell due (a wake-up late, or too many
 * replies to read first: a large value says the client, not the server,
 * fell behind), and "client_cpu_ms", the CPU time (user and system) the
 * client itself took from the first due to the end: where it shares the
 * server's CPUs, what it took they did not have. Bad arguments: one line,
 * exit 2; no connection at all: one line, exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "../tvp.h"
#include "load.h"

struct conn {
	int fd;
	long req;        /* the request in flight, -1: free */
	size_t sent;     /* bytes of it written */
	size_t got;      /* bytes of the response read */
	size_t want;     /* its whole length, 0 while the head is unread */
	int64_t free_at; /* when it last became free */
	bool listed;     /* on the free list (never twice: an idle one the
	                  * server closes is reopened, not listed again) */
	long served;     /* requests answered since it was opened */
	char req_text[64];
	size_t req_len;
	char head[4096];
};

static int open_conn(int port)
{
	int one = 1;
	int fd = load_connect(port, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

/* The CPU time this process has taken, user and system, in ns. */
static int64_t cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
	               1000000000LL +
	       ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Nearest rank: the smallest value with at least q of them at or below. */
static long long rank(const long long *v, long n, double q)
{
	long k = (long)(q * (double)n + 0.999999999);

	if (n == 0)
		return -1;
	return v[k < 1 ? 0 : k > n ? n - 1 : k - 1];
}

int main(int argc, char **argv)
{
	tvp_progname = "tvp-rate";
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		printf("usage: tvp-rate PORT RATE MS [CONNECTIONS "
		       "[FILES]]\n"
		       "Send RATE requests a second to tvp-server on "
		       "127.0.0.1:PORT for MS milliseconds, on a schedule (open "
		       "loop), and print the latency from each request's "
		       "due time as one JSON line.\n");
		return TVP_EXIT_OK;
	}
	if (argc < 4 || argc > 6)
		tvp_usage_error("usage: tvp-rate PORT RATE MS "
		                "[CONNECTIONS [FILES]]");
	int port = (int)load_arg("PORT", argv[1], 1, 65535);
	long rate = load_arg("RATE", argv[2], 1, 10000000);
	long ms = load_arg("MS", argv[3], 1, 3600000);
	long nconn = argc > 4 ? load_arg("CONNECTIONS", argv[4], 1, 20000) : 64;
	long files = argc > 5 ? load_arg("FILES", argv[5], 0, 1000000) : 0;
	long due = rate * ms / 1000; /* requests in all */
	/* the wait for the last replies: as long as the schedule, 1-5 s */
	int64_t drain = ms < 1000   ? 1000000000LL
	                : ms > 5000 ? 5000000000LL
	                            : ms * 1000000LL;
	if (due < 1)
		tvp_usage_error("RATE %ld for %ld ms: not one request", rate,
		                ms);
	if (nconn + 16 > tvp_raise_nofile())
		tvp_usage_error("%ld connections need more descriptors than "
		                "this process may open (ulimit -Hn)",
		                nconn);

	int rc = TVP_EXIT_FAIL, ep = -1, tfd = -1;
	struct conn *c = calloc((size_t)nconn, sizeof(*c));
	long long *lat = malloc((size_t)due * sizeof(*lat));
	long *line = malloc((size_t)due * sizeof(*line)); /* waiting: FIFO */
	long nfree = 0, *free_list = malloc((size_t)nconn * sizeof(long));
	if (!c || !lat || !line || !free_list) {
		tvp_warn("out of memory for %ld requests", due);
		goto out;
	}
	for (long i = 0; i < nconn; i++)
		c[i].fd = -1;
	load_catch_stop();

	ep = epoll_create1(EPOLL_CLOEXEC);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (ep < 0 || tfd < 0) {
		tvp_warn("epoll or timerfd: %s", strerror(errno));
		goto out;
	}
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = UINT64_MAX };
	epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
	for (long i = 0; i < nconn; i++) {
		c[i].req = -1;
		if ((c[i].fd = open_conn(port)) < 0) {
			tvp_warn("connection %ld to 127.0.0.1:%d: %s", i + 1,
			         port, strerror(errno));
			goto out;
		}
		ev = (struct epoll_event){ .events = EPOLLIN,
			                   .data.u64 = (uint64_t)i };
		epoll_ctl(ep, EPOLL_CTL_ADD, c[i].fd, &ev);
		c[i].listed = true;
		free_list[nfree++] = i;
	}

	const int64_t step = 1000000000LL / rate; /* ns between dues */
	const int64_t extra = 1000000000LL % rate;
	int64_t t0 = tvp_now_ns() + 1000000; /* 1 ms to settle */
	int64_t cpu0 = cpu_ns();
	long next = 0;           /* the next request to fall due */
	long head = 0, tail = 0; /* the line: line[head..tail) */
	long answered = 0, errors = 0, inflight = 0;
	long long behind = 0;
	unsigned seed = 1;
	int64_t end = 0, last_answer = 0;

#define DUE(i) (t0 + (int64_t)(i)*step + (int64_t)(i)*extra / rate)
	while (!load_stop) {
		int64_t now = tvp_now_ns();

		/* what has fallen due joins the line */
		while (next < due && DUE(next) <= now)
			line[tail++] = next++;
		/* the line goes out on free connections, oldest first */
		while (head < tail && nfree > 0) {
			long r = line[head++], k = free_list[--nfree];
			struct conn *x = &c[k];

			x->listed = false;
			/* free before this was due, yet written only now:
       * the client's own delay */
			if (x->free_at <= DUE(r) && now - DUE(r) > behind)
				behind = now - DUE(r);
			x->req = r;
			x->sent = x->got = x->want = 0;
			x->req_len = (size_t)snprintf(
			        x->req_text, sizeof(x->req_text),
			        "GET /data/%ld HTTP/1.1\r\nHost: tvp\r\n\r\n",
			        files ? (long)(rand_r(&seed) % files) : 0L);
			ssize_t n = send(x->fd, x->req_text, x->req_len,
			                 MSG_NOSIGNAL);
			if (n > 0)
				x->sent = (size_t)n;
			inflight++;
			if (x->sent < x->req_len) {
				ev = (struct epoll_event){
					.events = EPOLLIN | EPOLLOUT,
					.data.u64 = (uint64_t)k
				};
				epoll_ctl(ep, EPOLL_CTL_MOD, x->fd, &ev);
			}
		}
		if (next == due) {
			if (end == 0)
				end = now + drain;
			if ((inflight == 0 && head == tail) || now >= end)
				break;
		}
		/* sleep until the next due time (or a reply) */
		struct itimerspec its = { 0 };
		int64_t wake = next < due ? DUE(next) : end;
		its.it_value.tv_sec = wake / 1000000000;
		its.it_value.tv_nsec = wake % 1000000000;
		timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);

		struct epoll_event evs[64];
		int ne = epoll_wait(ep, evs, 64, -1);
		if (ne < 0 && errno != EINTR) {
			tvp_warn("epoll_wait: %s", strerror(errno));
			goto out;
		}
		for (int e = 0; e < ne; e++) {
			uint64_t k = evs[e].data.u64, buf;

			if (k == UINT64_MAX) {
				(void)!read(tfd, &buf, sizeof(buf));
				continue;
			}
			struct conn *x = &c[k];
			bool broken = false;

			if ((evs[e].events & EPOLLOUT) && x->req >= 0 &&
			    x->sent < x->req_len) {
				ssize_t n = send(x->fd, x->req_text + x->sent,
				                 x->req_len - x->sent,
				                 MSG_NOSIGNAL);
				if (n > 0)
					x->sent += (size_t)n;
				else if (n < 0 && errno != EAGAIN)
					broken = true;
				if (x->sent == x->req_len) {
					ev = (struct epoll_event){
						.events = EPOLLIN, .data.u64 = k
					};
					epoll_ctl(ep, EPOLL_CTL_MOD, x->fd,
					          &ev);
				}
			}
			while (!broken && (evs[e].events &
			                   (EPOLLIN | EPOLLHUP | EPOLLERR))) {
				char big[65536];
				char *into = x->want ? big : x->head + x->got;
				size_t room =
				        x->want ? sizeof(big)
				                : sizeof(x->head) - 1 - x->got;
				ssize_t n = recv(x->fd, into, room, 0);

				if (n < 0 && errno == EAGAIN)
					break;
				if (n <= 0 || x->req < 0) {
					broken = true; /* closed, or unasked */
					break;
				}
				x->got += (size_t)n;
				if (x->want == 0) {
					x->head[x->got] = '\0';
					x->want = load_response_length(x->head);
					if (x->want == 0 &&
					    x->got >= sizeof(x->head) - 1) {
						broken = true;
						break;
					}
				}
				if (x->want && x->got >= x->want) {
					last_answer = tvp_now_ns();
					lat[answered++] =
					        last_answer - DUE(x->req);
					x->req = -1;
					x->served++;
					inflight--;
					/* the server's last on this one (its
           * --keepalive): open a new one */
					x->free_at = last_answer;
					if (strstr(x->head,
					           "Connection: close"))
						broken = true;
					else {
						x->listed = true;
						free_list[nfree++] = (long)k;
					}
					break;
				}
			}
			if (broken) {
				/* the request is lost: count it, and open the
         * connection again */
				if (x->req >= 0 && x->got == 0 &&
				    x->served > 0) {
					/* sent on a kept-alive connection the
					 * server had just closed (idle, giving
					 * way): not one byte came back, so it
					 * goes again, first in line, as HTTP
					 * clients retry an idempotent request
					 * (RFC 9112 9.3.1); its due time stays */
					line[--head] = x->req;
					inflight--;
				} else if (x->req >= 0) {
					errors++;
					inflight--;
				}
				x->req = -1;
				x->served = 0;
				epoll_ctl(ep, EPOLL_CTL_DEL, x->fd, NULL);
				close(x->fd);
				if ((x->fd = open_conn(port)) < 0) {
					tvp_warn(
					        "reconnecting to 127.0.0.1:%d: "
					        "%s",
					        port, strerror(errno));
					goto out;
				}
				ev = (struct epoll_event){ .events = EPOLLIN,
					                   .data.u64 = k };
				epoll_ctl(ep, EPOLL_CTL_ADD, x->fd, &ev);
				x->free_at = tvp_now_ns();
				if (!x->listed) {
					x->listed = true;
					free_list[nfree++] = (long)k;
				}
			}
		}
	}
	if (load_stop) {
		rc = 130;
		goto out;
	}
	/* the unanswered: what they had waited, a floor */
	int64_t now = tvp_now_ns(), cpu = cpu_ns() - cpu0;
	long unanswered = 0, n = answered;
	for (long i = 0; i < nconn; i++)
		if (c[i].req >= 0) {
			lat[n++] = now - DUE(c[i].req);
			unanswered++;
		}
	for (long i = head; i < tail; i++) {
		lat[n++] = now - DUE(line[i]);
		unanswered++;
	}
	qsort(lat, (size_t)n, sizeof(*lat), cmp_ll);
	printf("{\"rate\":%ld,\"ms\":%ld,\"connections\":%ld,"
	       "\"files\":%ld,\"due\":%ld,\"answered\":%ld,"
	       "\"unanswered\":%ld,\"errors\":%ld,\"answered_rps\":%.1f,"
	       "\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,"
	       "\"p999_us\":%.1f,\"max_us\":%.1f,\"behind_us\":%.1f,"
	       "\"client_cpu_ms\":%.1f,\"client_wall_ms\":%.1f}\n",
	       rate, ms, nconn, files, due, answered, unanswered, errors,
	       last_answer > t0
	               ? (double)answered * 1e9 / (double)(last_answer - t0)
	               : 0,
	       (double)rank(lat, n, 0.50) / 1e3,
	       (double)rank(lat, n, 0.90) / 1e3,
	       (double)rank(lat, n, 0.99) / 1e3,
	       (double)rank(lat, n, 0.999) / 1e3,
	       (double)rank(lat, n, 1.0) / 1e3, (double)behind / 1e3,
	       (double)cpu / 1e6, (double)(now - t0) / 1e6);
	rc = TVP_EXIT_OK;
out:
	for (long i = 0; c && i < nconn; i++)
		if (c[i].fd >= 0)
			close(c[i].fd);
	if (ep >= 0)
		close(ep);
	if (tfd >= 0)
		close(tfd);
	free(c);
	free(lat);
	free(line);
	free(free_list);
	return rc;
}

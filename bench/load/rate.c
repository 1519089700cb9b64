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

/* The defaults and limits of the command line, and the clock's units. */
#define DEFAULT_CONNS 64
#define SPARE_FDS     16 /* descriptors besides the connections' */
#define MS_PER_S      1000L
#define NS_PER_MS     1000000LL
#define NS_PER_S      1000000000LL
#define DRAIN_MIN_MS  1000L
#define DRAIN_MAX_MS  5000L
#define MAX_EVENTS    64         /* epoll events handled per wake-up */
#define TIMER_KEY     UINT64_MAX /* the timer's epoll key: not a connection */
#define EXIT_STOPPED  130        /* a stop: 128 + SIGINT, as tvp-hold exits */

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

/* The client: its arguments, its connections, the line of requests
 * waiting for one, and what it has counted so far. */
struct client {
	int port;
	long rate, ms, nconn, files;
	long due;            /* requests in all */
	int64_t drain;       /* the wait for the last replies */
	int64_t step, extra; /* between dues: step + extra / rate ns */
	int ep, tfd;
	struct conn *c;
	long long *lat; /* the latencies: the answered first, then the rest */
	long *line;     /* the requests waiting, FIFO: line[head..tail) */
	long head, tail;
	long *free_list; /* the free connections: free_list[0..nfree) */
	long nfree;
	int64_t t0, cpu0; /* the first due time, the CPU time then */
	long next;        /* the next request to fall due */
	long answered, errors, inflight;
	long long behind;
	unsigned seed;
	int64_t end, last_answer;
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
	return ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * NS_PER_S +
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

/* Request i is due at t0 + i / RATE: the remainder of a second that RATE
 * does not divide is spread over the requests. */
static int64_t due_at(const struct client *cl, long i)
{
	return cl->t0 + (int64_t)i * cl->step +
	       (int64_t)i * cl->extra / cl->rate;
}

/* Watch fd for events in the epoll set, under key (EPOLL_CTL_ADD or
 * EPOLL_CTL_MOD). */
static void watch(int ep, int op, int fd, uint32_t events, uint64_t key)
{
	struct epoll_event ev = { .events = events, .data.u64 = key };

	epoll_ctl(ep, op, fd, &ev);
}

/* Connection k joins the free list, unless it is on it already: listed
 * twice, it would be given two requests at once, and the list would run
 * past its end. */
static void list_free(struct client *cl, long k)
{
	if (cl->c[k].listed)
		return;
	cl->c[k].listed = true;
	cl->free_list[cl->nfree++] = k;
}

static void print_help(void)
{
	printf("usage: tvp-rate PORT RATE MS [CONNECTIONS "
	       "[FILES]]\n"
	       "Send RATE requests a second to tvp-server on "
	       "127.0.0.1:PORT for MS milliseconds, on a schedule (open "
	       "loop), and print the latency from each request's "
	       "due time as one JSON line.\n");
}

/* The command line, into cl; bad arguments end the program (exit 2). */
static void parse_args(struct client *cl, int argc, char **argv)
{
	if (argc < 4 || argc > 6)
		tvp_usage_error("usage: tvp-rate PORT RATE MS "
		                "[CONNECTIONS [FILES]]");
	cl->port = (int)load_arg("PORT", argv[1], 1, 65535);
	cl->rate = load_arg("RATE", argv[2], 1, 10000000);
	cl->ms = load_arg("MS", argv[3], 1, 3600000);
	cl->nconn = argc > 4 ? load_arg("CONNECTIONS", argv[4], 1, 20000)
	                     : DEFAULT_CONNS;
	cl->files = argc > 5 ? load_arg("FILES", argv[5], 0, 1000000) : 0;
	cl->due = cl->rate * cl->ms / MS_PER_S;
	/* the wait for the last replies: as long as the schedule, 1-5 s */
	cl->drain = cl->ms < DRAIN_MIN_MS   ? DRAIN_MIN_MS * NS_PER_MS
	            : cl->ms > DRAIN_MAX_MS ? DRAIN_MAX_MS * NS_PER_MS
	                                    : cl->ms * NS_PER_MS;
	if (cl->due < 1)
		tvp_usage_error("RATE %ld for %ld ms: not one request",
		                cl->rate, cl->ms);
	if (cl->nconn + SPARE_FDS > tvp_raise_nofile())
		tvp_usage_error("%ld connections need more descriptors than "
		                "this process may open (ulimit -Hn)",
		                cl->nconn);
}

/* The latencies, the line, the connections and their free list; 0, or
 * -1 with a warning. */
static int alloc_state(struct client *cl)
{
	cl->c = calloc((size_t)cl->nconn, sizeof(*cl->c));
	cl->lat = malloc((size_t)cl->due * sizeof(*cl->lat));
	cl->line = malloc((size_t)cl->due * sizeof(*cl->line));
	cl->free_list = malloc((size_t)cl->nconn * sizeof(long));
	/* (no descriptor yet, before anything can fail: the cleanup closes
	 * what is >= 0, and calloc's 0 is stdin) */
	for (long i = 0; cl->c && i < cl->nconn; i++)
		cl->c[i].fd = -1;
	if (!cl->c || !cl->lat || !cl->line || !cl->free_list) {
		tvp_warn("out of memory for %ld requests", cl->due);
		return -1;
	}
	return 0;
}

/* The epoll set with the timer in it, and every connection, free; 0, or
 * -1 with a warning. */
static int open_all(struct client *cl)
{
	if (alloc_state(cl) != 0)
		return -1;
	load_catch_stop();
	cl->ep = epoll_create1(EPOLL_CLOEXEC);
	cl->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (cl->ep < 0 || cl->tfd < 0) {
		tvp_warn("epoll or timerfd: %s", strerror(errno));
		return -1;
	}
	watch(cl->ep, EPOLL_CTL_ADD, cl->tfd, EPOLLIN, TIMER_KEY);
	for (long i = 0; i < cl->nconn; i++) {
		cl->c[i].req = -1;
		if ((cl->c[i].fd = open_conn(cl->port)) < 0) {
			tvp_warn("connection %ld to 127.0.0.1:%d: %s", i + 1,
			         cl->port, strerror(errno));
			return -1;
		}
		watch(cl->ep, EPOLL_CTL_ADD, cl->c[i].fd, EPOLLIN, (uint64_t)i);
		list_free(cl, i);
	}
	return 0;
}

/* Request r goes out on free connection k: what the socket takes now,
 * the rest when it can take more. */
static void send_request(struct client *cl, long k, long r, int64_t now)
{
	struct conn *x = &cl->c[k];
	int64_t due = due_at(cl, r);

	x->listed = false;
	/* free before this was due, yet written only now: the client's own
	 * delay */
	if (x->free_at <= due && now - due > cl->behind)
		cl->behind = now - due;
	x->req = r;
	x->sent = x->got = x->want = 0;
	x->req_len = (size_t)snprintf(
	        x->req_text, sizeof(x->req_text),
	        "GET /data/%ld HTTP/1.1\r\nHost: tvp\r\n\r\n",
	        cl->files ? (long)(rand_r(&cl->seed) % cl->files) : 0L);
	ssize_t n = send(x->fd, x->req_text, x->req_len, MSG_NOSIGNAL);
	if (n > 0)
		x->sent = (size_t)n;
	cl->inflight++;
	if (x->sent < x->req_len)
		watch(cl->ep, EPOLL_CTL_MOD, x->fd, EPOLLIN | EPOLLOUT,
		      (uint64_t)k);
}

/* What has fallen due by now joins the line, and the line goes out on
 * free connections, oldest first. */
static void send_due(struct client *cl, int64_t now)
{
	while (cl->next < cl->due && due_at(cl, cl->next) <= now)
		cl->line[cl->tail++] = cl->next++;
	while (cl->head < cl->tail && cl->nfree > 0) {
		long r = cl->line[cl->head++], k = cl->free_list[--cl->nfree];

		send_request(cl, k, r, now);
	}
}

/* More of connection k's request, now that the socket takes it; true if
 * the connection is broken. */
static bool write_rest(struct client *cl, long k)
{
	struct conn *x = &cl->c[k];
	bool broken = false;
	ssize_t n = send(x->fd, x->req_text + x->sent, x->req_len - x->sent,
	                 MSG_NOSIGNAL);

	if (n > 0)
		x->sent += (size_t)n;
	else if (n < 0 && errno != EAGAIN)
		broken = true;
	if (x->sent == x->req_len)
		watch(cl->ep, EPOLL_CTL_MOD, x->fd, EPOLLIN, (uint64_t)k);
	return broken;
}

/* Connection k's response is whole: its latency counts from its due
 * time, and the connection is free again; true if it was the server's
 * last on this connection (its --keepalive): open a new one. */
static bool finish_request(struct client *cl, long k)
{
	struct conn *x = &cl->c[k];

	cl->last_answer = tvp_now_ns();
	cl->lat[cl->answered++] = cl->last_answer - due_at(cl, x->req);
	x->req = -1;
	x->served++;
	cl->inflight--;
	x->free_at = cl->last_answer;
	if (strstr(x->head, "Connection: close"))
		return true;
	list_free(cl, k);
	return false;
}

/* Read from connection k until it would block or its response is whole
 * (the head kept, the body read past); true if the connection is broken:
 * closed, an answer to nothing asked, a head too long, or the server's
 * last response on it. */
static bool read_reply(struct client *cl, long k)
{
	struct conn *x = &cl->c[k];

	for (;;) {
		char big[65536];
		char *into = x->want ? big : x->head + x->got;
		size_t room = x->want ? sizeof(big)
		                      : sizeof(x->head) - 1 - x->got;
		ssize_t n = recv(x->fd, into, room, 0);

		if (n < 0 && errno == EAGAIN)
			return false;
		if (n <= 0 || x->req < 0)
			return true; /* closed, or unasked */
		x->got += (size_t)n;
		if (x->want == 0) {
			x->head[x->got] = '\0';
			x->want = load_response_length(x->head);
			if (x->want == 0 && x->got >= sizeof(x->head) - 1)
				return true;
		}
		if (x->want && x->got >= x->want)
			return finish_request(cl, k);
	}
}

/* Connection k broke: its request, if it had one, is counted, and the
 * connection is opened again and free; 0, or -1 with a warning if it
 * cannot be. */
static int reopen(struct client *cl, long k)
{
	struct conn *x = &cl->c[k];

	if (x->req >= 0) {
		cl->inflight--;
		if (x->got == 0 && x->served > 0)
			/* sent on a kept-alive connection the server had just
			 * closed (idle, giving way): not one byte came back,
			 * so it goes again, first in line, as HTTP clients
			 * retry an idempotent request (RFC 9112 9.3.1); its
			 * due time stays */
			cl->line[--cl->head] = x->req;
		else
			cl->errors++; /* the request is lost: count it */
	}
	x->req = -1;
	x->served = 0;
	epoll_ctl(cl->ep, EPOLL_CTL_DEL, x->fd, NULL);
	close(x->fd);
	if ((x->fd = open_conn(cl->port)) < 0) {
		tvp_warn("reconnecting to 127.0.0.1:%d: %s", cl->port,
		         strerror(errno));
		return -1;
	}
	watch(cl->ep, EPOLL_CTL_ADD, x->fd, EPOLLIN, (uint64_t)k);
	x->free_at = tvp_now_ns();
	list_free(cl, k);
	return 0;
}

/* One event: the timer's, or a connection's to write to, read from, or
 * reopen; 0, or -1 with a warning. */
static int on_event(struct client *cl, const struct epoll_event *ev)
{
	if (ev->data.u64 == TIMER_KEY) {
		uint64_t expirations;

		(void)!read(cl->tfd, &expirations, sizeof(expirations));
		return 0;
	}
	long k = (long)ev->data.u64;
	const struct conn *x = &cl->c[k];
	bool broken = false;

	if ((ev->events & EPOLLOUT) && x->req >= 0 && x->sent < x->req_len)
		broken = write_rest(cl, k);
	if (!broken && (ev->events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		broken = read_reply(cl, k);
	return broken ? reopen(cl, k) : 0;
}

/* Sleep until the next due time (or a reply), and handle what came;
 * 0, or -1 with a warning. */
static int wait_and_handle(struct client *cl)
{
	struct itimerspec its = { 0 };
	struct epoll_event evs[MAX_EVENTS];
	int64_t wake = cl->next < cl->due ? due_at(cl, cl->next) : cl->end;

	its.it_value.tv_sec = wake / NS_PER_S;
	its.it_value.tv_nsec = wake % NS_PER_S;
	timerfd_settime(cl->tfd, TFD_TIMER_ABSTIME, &its, NULL);
	int ne = epoll_wait(cl->ep, evs, MAX_EVENTS, -1);
	if (ne < 0 && errno != EINTR) {
		tvp_warn("epoll_wait: %s", strerror(errno));
		return -1;
	}
	for (int e = 0; e < ne; e++)
		if (on_event(cl, &evs[e]) != 0)
			return -1;
	return 0;
}

/* The schedule, from its first due time until every request is answered
 * or the drain is over (or a stop); 0, or -1 with a warning. */
static int run(struct client *cl)
{
	cl->step = NS_PER_S / cl->rate;
	cl->extra = NS_PER_S % cl->rate;
	cl->t0 = tvp_now_ns() + NS_PER_MS; /* 1 ms to settle */
	cl->cpu0 = cpu_ns();
	while (!load_stop) {
		int64_t now = tvp_now_ns();

		send_due(cl, now);
		if (cl->next == cl->due) {
			if (cl->end == 0)
				cl->end = now + cl->drain;
			if ((cl->inflight == 0 && cl->head == cl->tail) ||
			    now >= cl->end)
				break;
		}
		if (wait_and_handle(cl) != 0)
			return -1;
	}
	return 0;
}

/* The JSON line. The unanswered count with what they had waited, a
 * floor. */
static void print_summary(struct client *cl)
{
	int64_t now = tvp_now_ns(), cpu = cpu_ns() - cl->cpu0;
	long unanswered = 0, n = cl->answered;
	long long *lat = cl->lat;

	for (long i = 0; i < cl->nconn; i++)
		if (cl->c[i].req >= 0) {
			lat[n++] = now - due_at(cl, cl->c[i].req);
			unanswered++;
		}
	for (long i = cl->head; i < cl->tail; i++) {
		lat[n++] = now - due_at(cl, cl->line[i]);
		unanswered++;
	}
	qsort(lat, (size_t)n, sizeof(*lat), cmp_ll);
	printf("{\"rate\":%ld,\"ms\":%ld,\"connections\":%ld,"
	       "\"files\":%ld,\"due\":%ld,\"answered\":%ld,"
	       "\"unanswered\":%ld,\"errors\":%ld,\"answered_rps\":%.1f,"
	       "\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,"
	       "\"p999_us\":%.1f,\"max_us\":%.1f,\"behind_us\":%.1f,"
	       "\"client_cpu_ms\":%.1f,\"client_wall_ms\":%.1f}\n",
	       cl->rate, cl->ms, cl->nconn, cl->files, cl->due, cl->answered,
	       unanswered, cl->errors,
	       cl->last_answer > cl->t0
	               ? (double)cl->answered * 1e9 /
	                         (double)(cl->last_answer - cl->t0)
	               : 0,
	       (double)rank(lat, n, 0.50) / 1e3,
	       (double)rank(lat, n, 0.90) / 1e3,
	       (double)rank(lat, n, 0.99) / 1e3,
	       (double)rank(lat, n, 0.999) / 1e3,
	       (double)rank(lat, n, 1.0) / 1e3, (double)cl->behind / 1e3,
	       (double)cpu / 1e6, (double)(now - cl->t0) / 1e6);
}

static void close_all(struct client *cl)
{
	for (long i = 0; cl->c && i < cl->nconn; i++)
		if (cl->c[i].fd >= 0)
			close(cl->c[i].fd);
	if (cl->ep >= 0)
		close(cl->ep);
	if (cl->tfd >= 0)
		close(cl->tfd);
	free(cl->c);
	free(cl->lat);
	free(cl->line);
	free(cl->free_list);
}

int main(int argc, char **argv)
{
	struct client cl = { .ep = -1, .tfd = -1, .seed = 1 };
	int rc = TVP_EXIT_FAIL;

	tvp_progname = "tvp-rate";
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		print_help();
		return TVP_EXIT_OK;
	}
	parse_args(&cl, argc, argv);
	if (open_all(&cl) == 0 && run(&cl) == 0) {
		if (load_stop) {
			rc = EXIT_STOPPED;
		} else {
			print_summary(&cl);
			rc = TVP_EXIT_OK;
		}
	}
	close_all(&cl);
	return rc;
}

/* SPDX-License-Identifier: MIT */
/*
 * event.c - the event model: in each worker process one thread runs a
 * loop over non-blocking sockets (epoll), as an nginx worker does. A
 * connection is a small struct, not a thread: one that waits, for the
 * client or for the request's --sleep-ms, costs its struct and its
 * socket, and no stack. Read it beside pool.c.
 *
 * A connection goes READ (bytes until a whole request head) -> WAIT (the
 * request's --sleep-ms: a timer in the loop, never a sleep) -> [FILE (the
 * read, with --aio-threads)] -> WRITE (as much as the socket takes, the
 * rest when it takes more) -> READ again when kept alive, or closed. The
 * responses are conn.c's, byte for byte.
 *
 * The CPU part (--cpu) runs in the loop: while it runs, every other
 * connection of this process waits. That is the model's weak spot, and
 * the sweep's cpu mix shows it. The file is read in the loop too, or with
 * --aio-threads N by N threads of this process, as nginx's "aio threads"
 * does, so that a slow disk does not stop the loop.
 *
 * Timers: a connection waits for one of two fixed durations, --idle-ms
 * (the client: a head to finish, a keep-alive to be used, a response to
 * be read) or --sleep-ms. With a fixed duration, the order in which
 * timers are set is the order in which they expire, so each kind is a
 * list: O(1) to set, to cancel and to find the next (no heap or tree).
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../tvp.h"
#include "server.h"

enum phase { READ, WAIT, FILE_READ, WRITE };

/* A timer list, in the order of expiry. */
struct timers {
	struct conn *head, *tail;
	int64_t ms; /* the duration of every timer on it */
};

struct conn {
	int fd;
	enum phase phase;
	uint32_t watching; /* the epoll events asked for */
	char *in;          /* request bytes, only while there are some */
	size_t have;
	long answered;
	/* the request in hand */
	long file;
	uint64_t work;
	size_t req_len;
	bool head_only, keep, last;
	/* the response in hand: head and body in one block */
	char *out;
	size_t out_len, out_off;
	int aio_rc;
	/* its timer: on one list or none */
	struct timers *on;
	int64_t deadline;
	struct conn *prev, *next;
	struct conn *job; /* the aio queue's link */
};

/* --aio-threads: N threads take FILE_READ connections from todo, read
 * the file into out, put them on done and poke the loop's eventfd. */
struct aio {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct conn *todo, *todo_tail, *done;
	bool quit;
	int efd;
	long n;
	pthread_t *tid;
};

struct loop {
	int ep;
	struct timers idle, sleep;
	long conns;
	int64_t accept_again; /* out of descriptors: accept from then on */
	bool accepting;
	bool no_fds;       /* out of descriptors, not accepting until then */
	struct conn *dead; /* closed in this round of events, freed after */
	struct aio aio;
};

/* Tokens for the epoll set's non-connection entries. */
static char listen_token, stop_token, aio_token;

/* ---- timers ---- */

static void timer_cancel(struct conn *c)
{
	struct timers *t = c->on;

	if (!t)
		return;
	if (c->prev)
		c->prev->next = c->next;
	else
		t->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		t->tail = c->prev;
	c->prev = c->next = NULL;
	c->on = NULL;
}

/* (Re)set c's timer to expire t->ms from now: the end of t's list. */
static void timer_set(struct timers *t, struct conn *c)
{
	timer_cancel(c);
	c->deadline = now_ms() + t->ms;
	c->on = t;
	c->prev = t->tail;
	if (t->tail)
		t->tail->next = c;
	else
		t->head = c;
	t->tail = c;
}

/*
 * The connections spread over the worker processes. Every loop watches
 * the one listener (EPOLLEXCLUSIVE), and the kernel wakes the first loop,
 * in the order they registered it, that is waiting in epoll_wait: with
 * the loops mostly idle between requests, that one takes nearly every
 * new connection (32 of 32, 31 of 1, 28 of 4 in six bursts of 32 on the
 * 2-vCPU guest), and takes them again when a client reconnects (after
 * --keepalive requests). It is then overloaded at a rate the server as a
 * whole keeps up with, so that C10 compared an accident of wake-ups, not
 * the model. The blocking models spread by themselves (a worker accepts
 * only when it is free; hybrid's 32 threads hold one connection each).
 * So, tvp's own policy (nginx leaves the kernel's order, or with
 * "reuseport" gives each worker a listener of its own that the kernel
 * hashes connections to), a loop that holds more than one connection
 * above the fewest that another loop able to accept now holds stops
 * watching the listener, and looks again every BALANCE_MS. A loop counts
 * as able when it waits in epoll_wait or began its batch of events at
 * most BALANCE_BUSY_MS ago, and not while out of descriptors, so that a
 * loop that cannot accept never holds the others back. What each loop
 * accepted is in the JSON line (accepted_min, accepted_max).
 */
#define BALANCE_MS      5
#define BALANCE_BUSY_MS 50

static bool over_share(void)
{
	if (cfg.procs <= 1)
		return false;
	int64_t now = now_ms();
	long mine = atomic_load(&slot_conns[my_slot]), least = mine;
	for (long s = 1; s <= cfg.procs; s++) {
		long v = atomic_load(&slot_conns[s]),
		     busy = atomic_load(&slot_busy[s]);
		bool able = busy == 0 ||
		            (busy > 0 && now - busy <= BALANCE_BUSY_MS);
		if (s != my_slot && v >= 0 && able && v < least)
			least = v;
	}
	return mine > least + 1;
}

/* Is another loop out of descriptors? The kernel wakes one loop for a
 * new connection (EPOLLEXCLUSIVE); one that cannot accept it leaves it
 * queued, and no other loop is woken for it until the next connection
 * comes. So a loop that can accept looks for it every BALANCE_MS while
 * another is out of descriptors, once it has seen that (at its next
 * wake-up: at most the second next_expiry allows). Without this, with
 * two workers, a client waited as long as one was out of descriptors (3
 * of 8 test runs); with it, at most about a second (3 of 12). */
static bool other_out_of_fds(void)
{
	for (long s = 1; s <= cfg.procs; s++)
		if (s != my_slot && atomic_load(&slot_busy[s]) == -1)
			return true;
	return false;
}

/* Milliseconds to the next expiry of either list, at most a second: the
 * loop's process keeps its signal handler (one thread), and under
 * ThreadSanitizer a handler runs only when its thread next enters the
 * runtime, so a loop asleep in epoll_wait with no timeout once left a
 * SIGTERM unhandled for the 20 s a test waits (as prefork's master did
 * in poll, master.c). */
static int next_expiry(struct loop *l)
{
	int64_t next = INT64_MAX, now = now_ms();

	if (l->idle.head)
		next = l->idle.head->deadline;
	if (l->sleep.head && l->sleep.head->deadline < next)
		next = l->sleep.head->deadline;
	if (!l->accepting && !stopping && l->accept_again < next)
		next = l->accept_again;
	if (l->accepting && !stopping && other_out_of_fds() &&
	    now + BALANCE_MS < next)
		next = now + BALANCE_MS;
	if (next == INT64_MAX)
		return 1000;
	return next <= now ? 0 : (int)(next - now > 1000 ? 1000 : next - now);
}

/* ---- connections ---- */

static void watch(struct loop *l, struct conn *c, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };

	if (c->watching != events &&
	    epoll_ctl(l->ep, EPOLL_CTL_MOD, c->fd, &ev) == 0)
		c->watching = events;
}

/* Close c now; its memory is freed after this round of events, which
 * may still name it. */
static void close_conn(struct loop *l, struct conn *c)
{
	if (c->fd < 0)
		return;
	timer_cancel(c);
	close(c->fd);
	c->fd = -1;
	free(c->in);
	free(c->out);
	c->in = c->out = NULL;
	c->next = l->dead;
	l->dead = c;
	l->conns--;
	atomic_fetch_sub(&slot_conns[my_slot], 1);
}

/*
 * Each step below moves a connection from one phase to the next and does
 * no I/O but its own; advance() runs them in turn for as long as the
 * connection can go on now (a loop, not calls into each other: with
 * pipelining, one read can hold many requests).
 */

/* Send what the socket takes; the rest when it takes more. Done, the
 * connection closes or goes back to READ for its next request. */
static void flush(struct loop *l, struct conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t w = send(c->fd, c->out + c->out_off,
		                 c->out_len - c->out_off, MSG_NOSIGNAL);
		if (w > 0) {
			c->out_off += (size_t)w;
			timer_set(&l->idle, c); /* progress: its time again */
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			watch(l, c, EPOLLOUT);
			return;
		}
		close_conn(l, c); /* the client left */
		return;
	}
	free(c->out);
	c->out = NULL;
	if (c->last) {
		close_conn(l, c);
		return;
	}
	atomic_fetch_add(&stats->served, 1);
	if (!c->keep || stopping) {
		close_conn(l, c);
		return;
	}
	/* Pipelined bytes after this request stay for the next. */
	c->have -= c->req_len;
	memmove(c->in, c->in + c->req_len, c->have);
	c->phase = READ;
	timer_set(&l->idle, c);
}

/* A response is ready in out: WRITE. */
static void ready(struct loop *l, struct conn *c)
{
	c->phase = WRITE;
	c->out_off = 0;
	timer_set(&l->idle, c);
}

/* Answer with an error status, then close. */
static void set_status(struct loop *l, struct conn *c, int status)
{
	free(c->out);
	c->out = malloc(RESPONSE_HEAD_MAX);
	if (!c->out) {
		close_conn(l, c);
		return;
	}
	c->out_len = status_response(c->out, status);
	c->last = true;
	ready(l, c);
}

/* The block for a 200 response, its head written; the body goes after
 * the head. */
static char *ok_block(struct conn *c, size_t size, size_t *head_len)
{
	char head[RESPONSE_HEAD_MAX];

	*head_len = ok_head(head, size, c->work, c->keep);
	char *out = malloc(*head_len + (c->head_only ? 0 : size));
	if (out)
		memcpy(out, head, *head_len);
	return out;
}

/* The wait is over: read the file here (WRITE next), or hand it to the
 * aio threads (FILE_READ). */
static void fetch(struct loop *l, struct conn *c)
{
	size_t size = (size_t)cfg.file_kib * 1024, hl;

	timer_cancel(c);
	c->out = ok_block(c, size, &hl);
	if (!c->out) {
		set_status(l, c, 500);
		return;
	}
	c->out_len = hl;
	if (c->head_only || size == 0) {
		ready(l, c);
		return;
	}
	c->out_len = hl + size;
	if (l->aio.n > 0) {
		c->phase = FILE_READ;
		watch(l, c, 0);
		pthread_mutex_lock(&l->aio.mu);
		c->job = NULL;
		if (l->aio.todo_tail)
			l->aio.todo_tail->job = c;
		else
			l->aio.todo = c;
		l->aio.todo_tail = c;
		pthread_cond_signal(&l->aio.cv);
		pthread_mutex_unlock(&l->aio.mu);
		return;
	}
	if (read_file(c->file, c->out + hl) != 0) {
		set_status(l, c, 500);
		return;
	}
	ready(l, c);
}

/* Parse what c has read: take a whole request on (WAIT, or on to the
 * file), or stay in READ for more bytes. */
static void parse(struct loop *l, struct conn *c)
{
	struct tvp_http_request req;
	int st = tvp_http_parse(c->in, c->have, &req);

	if (st == TVP_HTTP_INCOMPLETE) {
		if (c->have == 0) {
			/* idle: it costs no buffer */
			free(c->in);
			c->in = NULL;
		}
		watch(l, c, EPOLLIN);
		return;
	}
	if (st != TVP_HTTP_OK) {
		set_status(l, c, st);
		return;
	}
	c->answered++;
	crash_if_asked(&req);
	c->file = tvp_http_route(req.target, req.target_len, cfg.files);
	if (c->file < 0) {
		set_status(l, c, 404);
		return;
	}
	/* A loop holds many connections: keeping one alive costs no
	 * worker, so it is not given up for a waiting one. */
	c->keep = req.keep_alive && c->answered < cfg.keepalive && !stopping;
	c->head_only = req.method == TVP_HTTP_HEAD;
	c->req_len = req.head_len;
	c->last = false;
	c->work = request_work(); /* in the loop: everyone else waits */
	if (cfg.sleep_ms > 0 && !stopping) {
		c->phase = WAIT;
		watch(l, c, 0);
		timer_set(&l->sleep, c);
		return;
	}
	fetch(l, c);
}

/* Take c as far as it can go now: parse, write, parse the next... until
 * it needs bytes, waits, or is closed. */
static void advance(struct loop *l, struct conn *c)
{
	while (c->fd >= 0) {
		enum phase was = c->phase;

		if (was == READ)
			parse(l, c);
		else if (was == WRITE)
			flush(l, c);
		else
			return; /* WAIT, FILE_READ: a timer or a thread next */
		if (c->phase == was)
			return; /* needs bytes, or the socket is full */
	}
}

static void on_readable(struct loop *l, struct conn *c)
{
	if (!c->in && !(c->in = malloc(TVP_HTTP_MAX_HEAD))) {
		close_conn(l, c);
		return;
	}
	ssize_t n =
	        recv(c->fd, c->in + c->have, TVP_HTTP_MAX_HEAD - c->have, 0);
	if (n < 0 &&
	    (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		close_conn(l, c); /* closed early, or reset */
		return;
	}
	c->have += (size_t)n;
	advance(l, c);
}

static void on_accept(struct loop *l)
{
	int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0) {
		if (errno == EMFILE || errno == ENFILE) {
			/* Out of descriptors: stop watching the listener for
			 * 100 ms (it would wake the loop at once, again and
			 * again), say so once. */
			said_out_of_descriptors();
			epoll_ctl(l->ep, EPOLL_CTL_DEL, listen_fd, NULL);
			l->accepting = false;
			/* (the others take the connections meanwhile) */
			l->no_fds = true;
			l->accept_again = now_ms() + 100;
		}
		return; /* EAGAIN: another worker took it */
	}
	struct conn *c = calloc(1, sizeof(*c));
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
	if (!c || epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
		free(c);
		close(fd);
		return;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->fd = fd;
	c->phase = READ;
	c->watching = EPOLLIN;
	l->conns++;
	atomic_fetch_add(&slot_conns[my_slot], 1);
	atomic_fetch_add(&slot_accepted[my_slot], 1);
	timer_set(&l->idle, c);
}

static int watch_listener(struct loop *l)
{
	/* EPOLLEXCLUSIVE: a new connection wakes one process, not all. */
	struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE,
		                  .data.ptr = &listen_token };

	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, listen_fd, &ev) != 0)
		return -1;
	l->accepting = true;
	return 0;
}

static void balance(struct loop *l)
{
	if (stopping)
		return;
	if (l->accepting && other_out_of_fds())
		on_accept(l); /* (EAGAIN: none was waiting) */
	if (over_share()) {
		if (l->accepting)
			epoll_ctl(l->ep, EPOLL_CTL_DEL, listen_fd, NULL);
		l->accepting = false;
		if (l->accept_again < now_ms() + BALANCE_MS)
			l->accept_again = now_ms() + BALANCE_MS;
	} else if (!l->accepting && now_ms() >= l->accept_again) {
		l->no_fds = false; /* (a failed accept says so again) */
		watch_listener(l);
	}
}

/* Every timer due now: a wait over, or a client too slow. */
static void expire(struct loop *l)
{
	int64_t now = now_ms();
	struct conn *c;

	while ((c = l->sleep.head) && (c->deadline <= now || stopping)) {
		fetch(l, c);
		advance(l, c);
	}
	while ((c = l->idle.head) && c->deadline <= now) {
		if (c->phase == READ && c->have > 0) {
			set_status(l, c, 408); /* a slow sender */
			advance(l, c);
		} else {
			close_conn(l, c);
		}
	}
}

/* The stop: accept no more, drop the connections that only wait for
 * their client, finish the responses in hand. */
static void begin_stop(struct loop *l)
{
	if (l->accepting)
		epoll_ctl(l->ep, EPOLL_CTL_DEL, listen_fd, NULL);
	l->accepting = false;
	/* (the stop pipe stays readable: it would wake the loop at once) */
	epoll_ctl(l->ep, EPOLL_CTL_DEL, stop_pipe[0], NULL);
	for (struct conn *c = l->idle.head, *next; c; c = next) {
		next = c->next;
		if (c->phase == READ)
			close_conn(l, c);
	}
}

/* ---- the aio threads ---- */

static void *aio_main(void *arg)
{
	struct aio *a = arg;

	pthread_mutex_lock(&a->mu);
	for (;;) {
		while (!a->todo && !a->quit)
			pthread_cond_wait(&a->cv, &a->mu);
		if (!a->todo)
			break;
		struct conn *c = a->todo;
		a->todo = c->job;
		if (!a->todo)
			a->todo_tail = NULL;
		pthread_mutex_unlock(&a->mu);
		c->aio_rc =
		        read_file(c->file, c->out + c->out_len -
		                                   (size_t)cfg.file_kib * 1024);
		pthread_mutex_lock(&a->mu);
		c->job = a->done;
		a->done = c;
		uint64_t one = 1;
		ssize_t n = write(a->efd, &one, sizeof(one));
		(void)n; /* an eventfd only fails when full: it is readable */
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

/* The files the aio threads have read: send them. */
static void aio_done(struct loop *l)
{
	uint64_t count;
	ssize_t n = read(l->aio.efd, &count, sizeof(count));

	(void)n;
	pthread_mutex_lock(&l->aio.mu);
	struct conn *c = l->aio.done;
	l->aio.done = NULL;
	pthread_mutex_unlock(&l->aio.mu);
	while (c) {
		struct conn *next = c->job;
		if (c->aio_rc != 0)
			set_status(l, c, 500);
		else
			ready(l, c);
		advance(l, c);
		c = next;
	}
}

static int aio_start(struct loop *l)
{
	struct aio *a = &l->aio;
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &aio_token };

	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	a->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	a->tid = calloc((size_t)cfg.aio_threads, sizeof(pthread_t));
	if (a->efd < 0 || !a->tid ||
	    epoll_ctl(l->ep, EPOLL_CTL_ADD, a->efd, &ev) != 0) {
		tvp_warn("cannot start the aio threads: %s", strerror(errno));
		return -1;
	}
	for (; a->n < cfg.aio_threads; a->n++) {
		int e = pthread_create(&a->tid[a->n], NULL, aio_main, a);
		if (e != 0) {
			tvp_warn("cannot start aio thread %ld of %ld: %s",
			         a->n + 1, cfg.aio_threads, strerror(e));
			return -1;
		}
	}
	return 0;
}

static void aio_stop(struct loop *l)
{
	struct aio *a = &l->aio;

	pthread_mutex_lock(&a->mu);
	a->quit = true;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	for (long i = 0; i < a->n; i++)
		pthread_join(a->tid[i], NULL);
	free(a->tid);
	if (a->efd >= 0)
		close(a->efd);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
}

/* ---- the loop ---- */

int run_event(bool announce)
{
	struct loop l = { .ep = epoll_create1(EPOLL_CLOEXEC),
		          .idle.ms = cfg.idle_ms,
		          .sleep.ms = cfg.sleep_ms,
		          .aio.efd = -1 };
	struct epoll_event sev = { .events = EPOLLIN, .data.ptr = &stop_token };
	int rc = 0;

	atomic_store(&slot_conns[my_slot], 0); /* (here now: none yet) */
	if (l.ep < 0 ||
	    epoll_ctl(l.ep, EPOLL_CTL_ADD, stop_pipe[0], &sev) != 0 ||
	    watch_listener(&l) != 0) {
		tvp_warn("cannot start the event loop: %s", strerror(errno));
		rc = -1;
	}
	if (rc == 0 && cfg.aio_threads > 0 && aio_start(&l) != 0)
		rc = -1;
	if (rc == 0 && announce) /* (the model forks: its master says it) */
		announce_listening();
	bool stopped = rc != 0;
	while (!stopped || l.conns > 0) {
		struct epoll_event ev[64];
		atomic_store(&slot_busy[my_slot], l.no_fds ? -1 : 0);
		int n = epoll_wait(l.ep, ev, 64, next_expiry(&l));
		atomic_store(&slot_busy[my_slot], l.no_fds ? -1 : now_ms());

		if (n < 0 && errno != EINTR) {
			tvp_warn("epoll_wait: %s", strerror(errno));
			rc = -1;
			break;
		}
		for (int i = 0; i < n; i++) {
			void *p = ev[i].data.ptr;
			if (p == &listen_token) {
				if (!stopping)
					on_accept(&l);
			} else if (p == &aio_token) {
				aio_done(&l);
			} else if (p != &stop_token) {
				struct conn *c = p;
				if (c->fd < 0)
					continue; /* closed in this round */
				if (c->phase == READ)
					on_readable(&l, c);
				else if (c->phase == WRITE)
					advance(&l, c);
				else if (c->phase == WAIT &&
				         (ev[i].events & (EPOLLERR | EPOLLHUP)))
					close_conn(&l, c); /* gone: no answer */
			}
		}
		if (stopping && !stopped) {
			stopped = true;
			begin_stop(&l);
		}
		expire(&l);
		balance(&l);
		while (l.dead) {
			struct conn *c = l.dead;
			l.dead = c->next;
			free(c);
		}
	}
	if (l.aio.tid)
		aio_stop(&l);
	if (l.ep >= 0)
		close(l.ep);
	return rc;
}

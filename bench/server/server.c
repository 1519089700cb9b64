/* SPDX-License-Identifier: MIT */
/*
 * tvp-server - one small HTTP/1.1 server in four shapes, to measure what
 * servers do with threads and processes (claim C10):
 *
 *   serial   one process, one connection at a time
 *   threads  one process, a pool of W threads
 *   prefork  a master and W forked worker processes that share the
 *            listening socket (Apache prefork, nginx's worker processes);
 *            the master starts a new worker when one dies
 *   hybrid   a master and P processes of T threads each (Apache worker)
 *
 * Every worker, thread or process, runs the same loop: accept a
 * connection, answer its requests, close it. A request for /data/N costs
 * --cpu (count the primes below N) and --sleep-ms (a wait, as for a
 * database), then reads file N of a data set generated at start-up and
 * sends it. Keep-alive connections are kept while no other connection
 * waits to be accepted: a worker serves one connection at a time, so
 * under more connections than workers it closes each after its response
 * (or, idle between requests, as soon as another one waits) and the
 * waiting ones are taken in turn, first come first served. How many are
 * served at once is the number of workers; --backlog more may wait.
 *
 * Listens on 127.0.0.1 only. SIGINT/SIGTERM: stop accepting, finish the
 * response in hand, reap every child, exit 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tvp.h"
#include "../workloads/kernels.h"
#include "http.h"

enum model { SERIAL, THREADS, PREFORK, HYBRID };
static const char *const model_names[] = { "serial", "threads", "prefork",
	                                   "hybrid" };

static struct config {
	enum model model;
	long procs, threads; /* processes (0: no fork) x threads each */
	long port, cpu_n, sleep_ms, files, file_kib;
	long keepalive, idle_ms, backlog;
	bool crash_path, json;
} cfg = {
	.model = THREADS,
	.cpu_n = 20000,
	.files = 64,
	.file_kib = 4,
	.keepalive = 100,
	.idle_ms = 5000,
	.backlog = 128,
};

/* Counters shared by every worker, threads and processes alike. */
struct stats {
	atomic_long served;   /* 200 responses sent */
	atomic_long refused;  /* 4xx/5xx responses sent */
	atomic_long restarts; /* workers the master replaced */
};
static struct stats *stats;

static int listen_fd = -1;
static int *file_fds; /* the data set: open, already unlinked */
/* Set by the signal handler, read by every thread: a lock-free atomic
 * (sig_atomic_t is only safe within the thread that takes the signal). */
static atomic_int stopping;
static int stop_pipe[2] = { -1, -1 }; /* readable once this process stops */
static int chld_pipe[2] = { -1, -1 }; /* the master's: a child ended */

static void on_stop(int sig)
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

static void on_child(int sig)
{
	int saved = errno;

	(void)sig;
	ssize_t n = write(chld_pipe[1], "c", 1);
	(void)n;
	errno = saved;
}

static int make_stop_pipe(void)
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

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static int64_t now_ms(void)
{
	return tvp_now_ns() / 1000000;
}

/* ---- the data set ---- */

/* Byte j of file i: the tests check a body against this. */
static char data_byte(long i, long j)
{
	return (char)('a' + (i * 7 + j) % 26);
}

/*
 * Write the files, keep them open, unlink them: nothing is left behind
 * whatever ends the server, and no name exists to be reached from a URL.
 */
static int make_data_set(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], path[PATH_MAX + 32];
	size_t size = (size_t)cfg.file_kib * 1024;
	char *block = malloc(size);
	int rc = 0;

	file_fds = calloc((size_t)cfg.files, sizeof(int));
	if (!block || !file_fds) {
		free(block);
		tvp_warn("out of memory for the data set");
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/tvp-server.XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		tvp_warn("cannot create a directory in %s: %s",
		         tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(block);
		return -1;
	}
	for (long i = 0; i < cfg.files; i++)
		file_fds[i] = -1;
	for (long i = 0; i < cfg.files && rc == 0; i++) {
		for (size_t j = 0; j < size; j++)
			block[j] = data_byte(i, (long)j);
		snprintf(path, sizeof(path), "%s/%ld", dir, i);
		int fd =
		        open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, block, size) != (ssize_t)size) {
			tvp_warn("cannot write the data set in %s: %s", dir,
			         strerror(errno ? errno : ENOSPC));
			rc = -1;
		}
		if (fd >= 0)
			file_fds[i] = fd;
		unlink(path);
	}
	rmdir(dir);
	free(block);
	return rc;
}

/* ---- one connection ---- */

/* How long a kept-alive connection may idle before giving way. */
#define IDLE_GRACE_MS 50

struct worker {
	char *in;   /* request bytes read, TVP_HTTP_MAX_HEAD */
	char *body; /* one file */
};

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
	char head[256];
	const char *reason = tvp_http_reason(status);
	int n = snprintf(head, sizeof(head),
	                 "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\n"
	                 "Content-Length: %zu\r\n%sConnection: close\r\n\r\n"
	                 "%s\n",
	                 status, reason, strlen(reason) + 1,
	                 status == 405 ? "Allow: GET, HEAD\r\n" : "", reason);
	struct iovec iov = { head, (size_t)n };

	atomic_fetch_add(&stats->refused, 1);
	return send_all(fd, &iov, 1);
}

/* Are connections waiting to be accepted (by anyone)? */
static bool others_waiting(void)
{
	struct pollfd p = { .fd = listen_fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

/*
 * Wait up to ms for fd to be readable: 1; 0 on timeout; -1 on stop; 2 when
 * idle is set and a connection waits to be accepted (an idle keep-alive
 * connection then gives its worker up).
 */
static int wait_readable(int fd, int64_t ms, bool idle)
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
	if (cfg.crash_path && req->target_len == 6 &&
	    !memcmp(req->target, "/crash", 6)) {
		/* A fatal fault in this worker, as a bug would cause: the
		 * process it runs in ends, whatever its other threads do. */
		raise(SIGKILL);
	}
	long file = tvp_http_route(req->target, req->target_len, cfg.files);
	if (file < 0)
		return send_status(fd, 404) == 0 ? 1 : -1;
	uint64_t work = cfg.cpu_n > 0 ? tvp_primes_in(0, (uint64_t)cfg.cpu_n)
	                              : 0;
	if (cfg.sleep_ms > 0) {
		/* poll on the stop pipe: a stop does not wait out the sleep */
		struct pollfd p = { .fd = stop_pipe[0], .events = POLLIN };
		poll(&p, 1, (int)cfg.sleep_ms);
	}
	size_t size = (size_t)cfg.file_kib * 1024, got = 0;
	if (req->method == TVP_HTTP_GET) {
		while (got < size) {
			ssize_t r = pread(file_fds[file], w->body + got,
			                  size - got, (off_t)got);
			if (r <= 0) {
				tvp_warn("reading file %ld of the data set: %s",
				         file,
				         r < 0 ? strerror(errno)
				               : "short file");
				return send_status(fd, 500) == 0 ? 1 : -1;
			}
			got += (size_t)r;
		}
	}
	char head[256];
	int n = snprintf(
	        head, sizeof(head),
	        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream"
	        "\r\nContent-Length: %zu\r\nX-Tvp-Work: %llu\r\n"
	        "Connection: %s\r\n\r\n",
	        size, (unsigned long long)work, keep ? "keep-alive" : "close");
	struct iovec iov[2] = { { head, (size_t)n }, { w->body, got } };
	if (send_all(fd, iov, got ? 2 : 1) != 0)
		return -1;
	atomic_fetch_add(&stats->served, 1);
	return keep ? 0 : 1;
}

/* Answer one connection's requests until it closes or must be closed. */
static void serve_connection(struct worker *w, int fd)
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
			if (idle && grace > 0 && grace < left) {
				r = wait_readable(fd, grace, false);
				if (r == 0)
					continue; /* the grace is over: watch the others */
			} else {
				r = wait_readable(fd, left, idle);
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

/* ---- workers ---- */

/*
 * The loop of every worker: wait for a connection or the stop, take it,
 * serve it. Each thread waits in its own epoll set, the listening socket
 * added with EPOLLEXCLUSIVE: a new connection wakes one waiter, not all.
 */
/* The first line on stdout: where the server listens. */
static void announce_listening(void)
{
	printf("tvp-server: listening on http://127.0.0.1:%ld/ (%s: %ld "
	       "process%s x %ld thread%s)\n",
	       cfg.port, model_names[cfg.model], cfg.procs ? cfg.procs : 1,
	       cfg.procs > 1 ? "es" : "", cfg.threads,
	       cfg.threads > 1 ? "s" : "");
	fflush(stdout);
}

/* A worker's epoll set: the listening socket (EPOLLEXCLUSIVE) and the
 * stop pipe; -1 after saying why. */
static int worker_epoll(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE,
		                  .data.fd = listen_fd };
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

/* arg: the worker's epoll set (an int from worker_epoll), which it
 * closes; the caller keeps the int until the worker is joined. */
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
	while (!stopping) {
		struct epoll_event got;
		int n = epoll_wait(ep, &got, 1, -1);
		if (n <= 0 || got.data.fd != listen_fd)
			continue; /* EINTR, or the stop (the loop ends) */
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE) {
				/* Out of descriptors: try again every 100 ms, and
				 * say so once, not every time. */
				static atomic_flag said = ATOMIC_FLAG_INIT;
				if (!atomic_flag_test_and_set(&said))
					tvp_warn(
					        "accept: %s; trying again every 100 ms "
					        "(said once)",
					        strerror(errno));
				wait_readable(stop_pipe[0], 100, false);
			}
			continue; /* EAGAIN: another worker took it */
		}
		serve_connection(&w, fd);
		close(fd);
	}
	if (ep >= 0)
		close(ep);
	free(w.in);
	free(w.body);
	return NULL;
}

/* Run cfg.threads workers in this process until the stop; 0 or -1. */
/*
 * Run cfg.threads workers in this process until the stop; 0 or -1. Every
 * worker's epoll set is made first: when announce (the unforked models)
 * prints the listening line, every worker is ready.
 */
static int run_threads(bool announce)
{
	long n = cfg.threads, started = 0, made = 0;
	pthread_t *tid = n > 0 ? calloc((size_t)n, sizeof(*tid)) : NULL;
	int *ep = n > 0 ? calloc((size_t)n, sizeof(*ep)) : NULL;
	int rc = 0;

	if (!tid || !ep) {
		tvp_warn("out of memory for %ld threads", n);
		free(tid);
		free(ep);
		return -1;
	}
	for (; made < n; made++)
		if ((ep[made] = worker_epoll()) < 0)
			break;
	if (made < n) {
		while (made > 0)
			close(ep[--made]);
		free(tid);
		free(ep);
		return -1;
	}
	if (announce)
		announce_listening();
	for (; started < n - 1; started++) {
		int e = pthread_create(&tid[started], NULL, worker_loop,
		                       &ep[started]);
		if (e != 0) {
			tvp_warn("cannot start thread %ld of %ld: %s",
			         started + 1, n, strerror(e));
			rc = -1;
			on_stop(0);
			break;
		}
	}
	/* This thread is the last worker (or, after a failure, stops and
	 * closes the sets no thread took). */
	if (rc == 0)
		worker_loop(&ep[n - 1]);
	else
		for (long i = started; i < n; i++)
			close(ep[i]);
	for (long i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	free(tid);
	free(ep);
	return rc;
}

/* A forked worker process: its own stop pipe, gone with the master. */
static _Noreturn void child_main(void)
{
	signal(SIGCHLD, SIG_DFL);
	close(chld_pipe[0]);
	close(chld_pipe[1]);
	if (make_stop_pipe() != 0) {
		tvp_warn("worker %d: pipe: %s", (int)getpid(), strerror(errno));
		_exit(1);
	}
	_exit(run_threads(false) == 0 ? 0 : 1);
}

/* A worker gets SIGTERM when the master dies: it stops as on Ctrl-C. */
static pid_t start_child(void)
{
	pid_t pid = tvp_fork(SIGTERM);

	if (pid == 0)
		child_main();
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
	pids[slot] = start_child();
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
static int run_master(void)
{
	pid_t *pids = calloc((size_t)cfg.procs, sizeof(pid_t));
	int rc = 0;
	int64_t window = now_ms();
	long recent = 0;

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
		pids[i] = start_child();
		if (pids[i] < 0) {
			rc = -1;
			stopping = 1;
		}
	}
	/* The SIGCHLD handler writes to chld_pipe: poll never misses a death
	 * or a stop that comes between two system calls. */
	while (!stopping && rc == 0) {
		struct pollfd p[2] = { { .fd = stop_pipe[0], .events = POLLIN },
			               { .fd = chld_pipe[0],
			                 .events = POLLIN } };
		if (poll(p, 2, -1) < 0 || stopping)
			continue;
		char drain[64];
		while (read(chld_pipe[0], drain, sizeof(drain)) > 0)
			;
		int status;
		pid_t pid;
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

/* ---- the command line ---- */

static _Noreturn void usage(void)
{
	printf("usage: tvp-server [--model serial|threads|prefork|hybrid] "
	       "[--workers W] [--threads T]\n"
	       "                  [--port P] [--cpu N] [--sleep-ms MS] "
	       "[--files N] [--file-kib K]\n"
	       "                  [--keepalive N] [--idle-ms MS] [--backlog N] "
	       "[--crash-path] [--json]\n"
	       "An HTTP/1.1 server on 127.0.0.1 for measuring threads against "
	       "processes.\n"
	       "  --model M      serial: one connection at a time; threads: W "
	       "threads;\n"
	       "                 prefork: W worker processes; hybrid: W processes"
	       " x T threads\n"
	       "  --workers W    threads or processes (default: the CPUs "
	       "allowed; serial: 1)\n"
	       "  --threads T    threads per process, hybrid only (default 4)\n"
	       "  --port P       the port, 0 for any free one (default 0); the "
	       "first line\n"
	       "                 on stdout says where it listens\n"
	       "  --cpu N        per request, count the primes below N (default "
	       "20000; 0: none)\n"
	       "  --sleep-ms MS  per request, wait MS milliseconds (default 0)\n"
	       "  --files N      the data set: N files, GET /data/0 ... "
	       "/data/N-1 (default 64)\n"
	       "  --file-kib K   each file's size in KiB (default 4)\n"
	       "  --keepalive N  requests per connection at most (default 100)\n"
	       "  --idle-ms MS   close a connection idle, or a request head "
	       "unfinished, this\n"
	       "                 long (default 5000; a partial head gets 408)\n"
	       "  --backlog N    connections waiting to be accepted (default "
	       "128)\n"
	       "  --crash-path   GET /crash ends the process of the worker that "
	       "takes it\n"
	       "  --json         at exit, print the counts as one JSON line\n");
	tvp_exit(TVP_EXIT_OK);
}

static long number(const char *opt, const char *s, long min, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);

	if (errno || end == s || *end || v < min || v > max)
		tvp_usage_error("%s %s: need a whole number from %ld to %ld",
		                opt, s, min, max);
	return v;
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "workers", required_argument, NULL, 'w' },
		{ "threads", required_argument, NULL, 't' },
		{ "port", required_argument, NULL, 'p' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "sleep-ms", required_argument, NULL, 's' },
		{ "files", required_argument, NULL, 'f' },
		{ "file-kib", required_argument, NULL, 'k' },
		{ "keepalive", required_argument, NULL, 'a' },
		{ "idle-ms", required_argument, NULL, 'i' },
		{ "backlog", required_argument, NULL, 'b' },
		{ "crash-path", no_argument, NULL, 'x' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	long workers = 0, threads = 0;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': {
			int i = 0;
			while (i < 4 && strcmp(optarg, model_names[i]))
				i++;
			if (i == 4)
				tvp_usage_error(
				        "--model %s: not one of serial, threads, "
				        "prefork, hybrid",
				        optarg);
			cfg.model = (enum model)i;
			break;
		}
		case 'w':
			workers = number("--workers", optarg, 1, 4096);
			break;
		case 't':
			threads = number("--threads", optarg, 1, 1024);
			break;
		case 'p':
			cfg.port = number("--port", optarg, 0, 65535);
			break;
		case 'c':
			cfg.cpu_n = number("--cpu", optarg, 0, 1000000000);
			break;
		case 's':
			cfg.sleep_ms = number("--sleep-ms", optarg, 0, 60000);
			break;
		case 'f':
			cfg.files = number("--files", optarg, 1, 100000);
			break;
		case 'k':
			cfg.file_kib = number("--file-kib", optarg, 0, 65536);
			break;
		case 'a':
			cfg.keepalive =
			        number("--keepalive", optarg, 1, LONG_MAX);
			break;
		case 'i':
			cfg.idle_ms = number("--idle-ms", optarg, 1, 3600000);
			break;
		case 'b':
			cfg.backlog = number("--backlog", optarg, 1, 65535);
			break;
		case 'x':
			cfg.crash_path = true;
			break;
		case 'j':
			cfg.json = true;
			break;
		case 'h':
			usage();
		default:
			tvp_usage_error(
			        "%s: unknown option, or its value is missing",
			        argv[optind - 1]);
		}
	}
	if (optind < argc)
		tvp_usage_error("%s: unexpected argument", argv[optind]);
	if ((long)cfg.files * cfg.file_kib > 4L * 1024 * 1024)
		tvp_usage_error("--files x --file-kib: at most 4 GiB of data");
	if (threads && cfg.model != HYBRID)
		tvp_usage_error(
		        "--threads is for --model hybrid (use --workers)");
	if (!workers) {
		int *cpus = NULL, n = tvp_cpus_allowed(&cpus);
		free(cpus);
		workers = cfg.model == SERIAL ? 1 : (n > 0 ? n : 1);
	}
	switch (cfg.model) {
	case SERIAL:
		if (workers != 1)
			tvp_usage_error(
			        "--model serial has one worker, not %ld",
			        workers);
		cfg.procs = 0, cfg.threads = 1;
		break;
	case THREADS:
		cfg.procs = 0, cfg.threads = workers;
		break;
	case PREFORK:
		cfg.procs = workers, cfg.threads = 1;
		break;
	case HYBRID:
		cfg.procs = workers, cfg.threads = threads ? threads : 4;
		break;
	}
}

static int open_listener(void)
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

int main(int argc, char **argv)
{
	int rc = 0;

	tvp_progname = "tvp-server";
	parse_args(argc, argv);
	install_signals();
	stats = mmap(NULL, sizeof(*stats), PROT_READ | PROT_WRITE,
	             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stats == MAP_FAILED) {
		tvp_warn("mmap: %s", strerror(errno));
		return TVP_EXIT_FAIL;
	}
	if (make_stop_pipe() != 0 || make_data_set() != 0 ||
	    open_listener() != 0)
		rc = -1;
	if (rc == 0) {
		if (cfg.procs)
			announce_listening();
		rc = cfg.procs ? run_master() : run_threads(true);
	}
	if (listen_fd >= 0)
		close(listen_fd);
	for (long i = 0; file_fds && i < cfg.files; i++)
		if (file_fds[i] >= 0)
			close(file_fds[i]);
	free(file_fds);
	if (cfg.json)
		printf("{\"model\":\"%s\",\"served\":%ld,\"refused\":%ld,"
		       "\"restarts\":%ld}\n",
		       model_names[cfg.model], atomic_load(&stats->served),
		       atomic_load(&stats->refused),
		       atomic_load(&stats->restarts));
	return rc == 0 ? TVP_EXIT_OK : TVP_EXIT_FAIL;
}

/* SPDX-License-Identifier: MIT */
/*
 * server.h - what the parts of tvp-server share: its configuration, its
 * counters, the listening socket, the data set and the stop.
 *
 *   main.c    the command line and the listening socket
 *   data.c    the data set: the files a request for /data/N reads
 *   conn.c    one connection, served by a worker that blocks on it, and
 *             the responses every model sends
 *   pool.c    W workers in one process, each a thread (serial, threads,
 *             and each process of prefork and hybrid)
 *   master.c  the master of the forked models: start W worker processes,
 *             replace each that dies, stop them all
 *   event.c   one thread running an event loop over every connection of
 *             its process (the event model, in each worker process)
 *   http.c    the request parser, a pure function
 *
 * Read pool.c beside event.c: the same connections, served by a thread
 * each or by one loop.
 */
#ifndef TVP_SERVER_H
#define TVP_SERVER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"

enum model { SERIAL, THREADS, PREFORK, HYBRID, EVENT, MODELS };
extern const char *const model_names[MODELS];

struct config {
	enum model model;
	long procs, threads; /* processes (0: no fork) x threads each */
	long port, cpu_n, sleep_ms, files, file_kib;
	long keepalive, idle_ms, backlog;
	long aio_threads; /* event: threads per process that read files */
	long nofile;      /* the descriptors each process may open */
	bool crash_path, json;
	bool cold;        /* read the files from the device (data.c) */
	char data_fs[32]; /* the data set's file system, as statfs says */
};
extern struct config cfg;

/* Counters shared by every worker, threads and processes alike. */
struct stats {
	atomic_long served;   /* 200 responses sent */
	atomic_long refused;  /* 4xx/5xx responses sent */
	atomic_long restarts; /* workers the master replaced */
	/* Workers (threads, in any process) waiting for a connection: while
	 * there are some, an idle kept-alive connection need not give way. */
	atomic_long free_workers;
};
extern struct stats *stats;
/* Each worker process's share of free_workers (slot 0: the unforked
 * models), so that the master can take back the share of one that died;
 * my_slot: this process's. */
extern atomic_long *slot_free;
extern long my_slot;
void add_free_workers(long d);

extern int listen_fd; /* non-blocking, shared by every worker */
/* Set by the signal handler, read by every thread: a lock-free atomic
 * (sig_atomic_t is only safe within the thread that takes the signal). */
extern atomic_int stopping;
extern int stop_pipe[2]; /* readable once this process stops */

void on_stop(int sig);
int make_stop_pipe(void);
int start_stop_watcher(void);
int64_t now_ms(void);
/* The first line on stdout: where the server listens. */
void announce_listening(void);
/* accept4 failed with errno: say "out of descriptors" once per process
 * (not once per failure). */
void said_out_of_descriptors(void);

/* data.c */
int make_data_set(void);
void close_data_set(void);
/* Read file of the data set into body (file_kib KiB); -1 after saying
 * why. */
int read_file(long file, char *body);

/* conn.c: the responses, the same bytes from every model */
#define RESPONSE_HEAD_MAX 256
/* A GET /crash with --crash-path: end this process, as a bug would. */
void crash_if_asked(const struct tvp_http_request *req);
/* The request's CPU part (--cpu): what X-Tvp-Work says. */
uint64_t request_work(void);
/* The whole response for an error status (it closes the connection);
 * counts it as refused. Its length. */
size_t status_response(char head[RESPONSE_HEAD_MAX], int status);
/* The head of a 200 response for a body of size bytes. Its length. */
size_t ok_head(char head[RESPONSE_HEAD_MAX], size_t size, uint64_t work,
               bool keep);
/* Wait up to ms for fd to be readable: 1; 0 on timeout; -1 on stop; 2
 * when idle is set and a connection waits to be accepted. */
int wait_readable(int fd, int64_t ms, bool idle);
/* A worker that blocks on one connection at a time: its buffers. */
struct worker {
	char *in;   /* request bytes read, TVP_HTTP_MAX_HEAD */
	char *body; /* one file */
};
/* Answer one connection's requests until it closes or must be closed
 * (a worker that blocks on it: serial, threads, prefork, hybrid). */
void serve_connection(struct worker *w, int fd);

/* pool.c */
int run_threads(bool announce);

/* master.c */
int run_master(void);

/* event.c */
int run_event(void);

#endif

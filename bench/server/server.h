/* SPDX-License-Identifier: MIT */
/*
 * server.h - the parts of tvp-server and what each offers the others.
 *
 *   main.c    the command line, and the model to run (a table of
 *             backends: a name, and how one process serves)
 *   state.c   what every model shares: the configuration, the counters,
 *             the listening socket and the stop (state.h)
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
#include "state.h"

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

/* How one process serves until the stop, 0 or -1; announce: print the
 * listening line once ready (the unforked models). */
typedef int (*serve_fn)(bool announce);

/* pool.c: cfg.threads workers, each blocking on one connection */
int run_threads(bool announce);

/* event.c: one thread running an event loop over every connection */
int run_event(bool announce);

/* master.c: cfg.procs worker processes, each serving with serve (and
 * replaced when it dies), stopped together */
int run_master(serve_fn serve);

#endif

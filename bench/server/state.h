/* SPDX-License-Identifier: MIT */
/*
 * state.h - what every model of tvp-server shares (state.c): its
 * configuration, its counters, the listening socket and the stop.
 */
#ifndef TVP_SERVER_STATE_H
#define TVP_SERVER_STATE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

enum model { SERIAL, THREADS, PREFORK, HYBRID, EVENT, MODELS };

struct config {
	enum model model;
	const char *model_name; /* as --model names it */
	long procs, threads;    /* processes (0: no fork) x threads each */
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
	/* --cold: the data set's reads and the nanoseconds they took, so
   * that a run shows whether they waited for the device or a cache
   * below the page cache answered them */
	atomic_long reads, read_ns;
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
/* The event model's loops, per worker process (its slot): the
 * connections each holds now (-1 where no worker runs: one that died and
 * is not yet replaced), those it has accepted since the server started
 * (a replacement adds to its predecessor's), and whether it can accept
 * at once (0: it waits in epoll_wait; the ms it began its current batch
 * of events; -1: out of descriptors). The loops read them to spread the
 * connections (event.c); the JSON line reports the spread. */
extern atomic_long *slot_conns, *slot_accepted, *slot_busy;

extern int listen_fd; /* non-blocking, shared by every worker */
/* Set by the signal handler, read by every thread: a lock-free atomic
 * (sig_atomic_t is only safe within the thread that takes the signal). */
extern atomic_int stopping;
extern int stop_pipe[2]; /* readable once this process stops */

void on_stop(int sig);
/* on_stop for SIGINT and SIGTERM, SIGPIPE ignored: at start-up. */
void install_stop_signals(void);
int make_stop_pipe(void);
int start_stop_watcher(void);
/* stats and slot_free in memory shared with the forked workers; -1 after
 * saying why. */
int make_shared_counters(void);
/* listen_fd on 127.0.0.1:cfg.port (0: any; cfg.port says which after);
 * -1 after saying why. */
int open_listener(void);
int64_t now_ms(void);
/* The first line on stdout: where the server listens. */
void announce_listening(void);
/* accept4 failed with errno: say "out of descriptors" once per process
 * (not once per failure). */
void said_out_of_descriptors(void);

#endif

/* SPDX-License-Identifier: MIT */
/* What the load tools (tvp-hold, tvp-rate) share: their arguments, a
 * connection to tvp-server on loopback, the length of its responses, and
 * a stop on SIGINT/SIGTERM. */
#ifndef TVP_LOAD_H
#define TVP_LOAD_H

#include <signal.h>
#include <stddef.h>

/* ARG as a number in [min, max], or one line naming WHAT and exit 2. */
long load_arg(const char *what, const char *arg, long min, long max);

/* A TCP connection to 127.0.0.1:PORT; with timeout_s > 0 its connect,
 * sends and receives give up after that long. -1 with errno on failure. */
int load_connect(int port, int timeout_s);

/* The whole length of the response whose first got bytes are in head
 * (NUL-terminated): its head and its Content-Length; 0 while the head is
 * not all there. */
size_t load_response_length(const char *head);

/* Set by SIGINT/SIGTERM once load_catch_stop has run (which also ignores
 * SIGPIPE: a server that closes is an error to count, not a death). */
extern volatile sig_atomic_t load_stop;
void load_catch_stop(void);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * tvp-hold - hold N idle keep-alive connections open against tvp-server,
 * for the sweep's connection-cost experiment (what one waiting connection
 * costs each server model):
 *
 *   tvp-hold PORT N
 *
 * Opens N connections to 127.0.0.1:PORT one after another; on each sends
 * one GET /data/0 and reads the whole response, so that the server has
 * accepted and served it and now keeps it alive, idle. Then prints one
 * JSON line ({"held":N,"nofile":...}) and holds them until its standard
 * input ends (or SIGTERM/SIGINT), when it counts how many the server kept
 * open and prints a second line ({"kept":K}).
 *
 * Each connection is a descriptor: the soft limit is raised to the hard
 * one, and "nofile" says what it got. Fewer than N: one line, exit 1.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../tvp.h"
#include "load.h"

/* Connect, send one request, read its whole response (the server's head
 * says Content-Length). The descriptor, or -1 after saying why. */
static int open_one(int port, long i)
{
	static const char req[] = "GET /data/0 HTTP/1.1\r\nHost: tvp\r\n\r\n";
	char buf[16384];
	size_t got = 0, want = 0;
	int fd = load_connect(port, 30);

	if (fd < 0) {
		tvp_warn("connection %ld: %s", i + 1, strerror(errno));
		return -1;
	}
	if (send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) !=
	    (ssize_t)sizeof(req) - 1) {
		tvp_warn("connection %ld: %s", i + 1, strerror(errno));
		close(fd);
		return -1;
	}
	while (want == 0 || got < want) {
		ssize_t n = recv(fd, buf + (want ? 0 : got),
		                 want ? sizeof(buf) : sizeof(buf) - 1 - got, 0);
		if (n <= 0) {
			tvp_warn("connection %ld: no whole response (%s)",
			         i + 1, n < 0 ? strerror(errno) : "closed");
			close(fd);
			return -1;
		}
		got += (size_t)n;
		if (want == 0) {
			buf[got] = '\0';
			want = load_response_length(buf);
			if (want == 0 && got >= sizeof(buf) - 1) {
				tvp_warn(
				        "connection %ld: a head over %zu bytes",
				        i + 1, sizeof(buf));
				close(fd);
				return -1;
			}
		}
	}
	return fd;
}

/* Still open: not readable, or readable with bytes (never sent here). */
static bool kept(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	if (poll(&p, 1, 0) == 0)
		return true;
	return recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) > 0;
}

int main(int argc, char **argv)
{
	tvp_progname = "tvp-hold";
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		printf("usage: tvp-hold PORT N\n"
		       "Hold N idle keep-alive connections to tvp-server on "
		       "127.0.0.1:PORT until stdin ends.\n");
		return TVP_EXIT_OK;
	}
	if (argc != 3)
		tvp_usage_error("usage: tvp-hold PORT N");
	int port = (int)load_arg("PORT", argv[1], 1, 65535);
	long n = load_arg("N", argv[2], 0, 1000000);
	long nofile = tvp_raise_nofile();
	if (n + 16 > nofile) {
		tvp_warn("%ld connections need more descriptors than the %ld "
		         "this process may open (ulimit -Hn)",
		         n, nofile);
		return TVP_EXIT_FAIL;
	}
	int *fds = calloc((size_t)n + 1, sizeof(int));
	if (!fds) {
		tvp_warn("out of memory for %ld connections", n);
		return TVP_EXIT_FAIL;
	}
	load_catch_stop();
	for (long i = 0; i < n; i++)
		if ((fds[i] = open_one(port, i)) < 0 || load_stop) {
			while (i > 0)
				close(fds[--i]);
			free(fds);
			return load_stop ? 130 : TVP_EXIT_FAIL;
		}
	printf("{\"held\":%ld,\"nofile\":%ld}\n", n, nofile);
	fflush(stdout);
	char c;
	while (!load_stop && read(STDIN_FILENO, &c, 1) > 0)
		;
	long k = 0;
	for (long i = 0; i < n; i++) {
		k += kept(fds[i]);
		close(fds[i]);
	}
	printf("{\"kept\":%ld}\n", k);
	free(fds);
	return load_stop ? 130 : TVP_EXIT_OK;
}

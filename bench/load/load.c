/* SPDX-License-Identifier: MIT */
/* The load tools' shared pieces (load.h). */
#include "load.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../tvp.h"

long load_arg(const char *what, const char *arg, long min, long max)
{
	long v;
	const char *why = tvp_parse_long(arg, min, max, &v);

	if (why)
		tvp_usage_error("%s %s %s (%ld to %ld)", what, arg, why, min,
		                max);
	return v;
}

int load_connect(int port, int timeout_s)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
		                 .sin_port = htons((uint16_t)port),
		                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct timeval tv = { timeout_s, 0 };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	/* (before connect, whose wait the send timeout bounds) */
	if (timeout_s > 0) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

size_t load_response_length(const char *head)
{
	const char *end = strstr(head, "\r\n\r\n"),
	           *cl = strstr(head, "Content-Length: ");

	if (end == NULL || cl == NULL || cl > end)
		return 0;
	return (size_t)(end + 4 - head) + (size_t)atol(cl + 16);
}

volatile sig_atomic_t load_stop;

static void on_stop(int sig)
{
	(void)sig;
	load_stop = 1;
}

void load_catch_stop(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

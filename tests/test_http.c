/* SPDX-License-Identifier: MIT */
/*
 * tvp-server's request parser, alone (no server runs): a table of valid
 * and malformed requests, every prefix of each, random mutations, the
 * size and field limits, and the routes that reach only the data set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "../scripts/report/jsonl.h"
#include "../scripts/report/server.h"
#include "server/http.h"
#include "tvp.h"
#include "util.h"

/* ---- the parser ---- */

static const struct valid {
	const char *in;
	enum tvp_http_method method;
	const char *target;
	int minor;
	bool keep_alive;
} valid[] = {
	{ "GET /data/0 HTTP/1.1\r\nHost: a\r\n\r\n", TVP_HTTP_GET, "/data/0", 1,
	  true },
	{ "HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n", TVP_HTTP_HEAD, "/x", 1, true },
	{ "GET / HTTP/1.0\r\n\r\n", TVP_HTTP_GET, "/", 0, false },
	{ "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", TVP_HTTP_GET, "/",
	  0, true },
	{ "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
	  TVP_HTTP_GET, "/", 1, false },
	{ "GET / HTTP/1.1\r\nHost: a\r\nconnection: upgrade, CLOSE \r\n\r\n",
	  TVP_HTTP_GET, "/", 1, false },
	{ "GET /a?b=c HTTP/1.1\r\nhost:a\r\nX-Empty:\r\n\r\n", TVP_HTTP_GET,
	  "/a?b=c", 1, true },
	{ "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 000\r\n\r\n",
	  TVP_HTTP_GET, "/", 1, true },
	{ "GET / HTTP/1.1\r\nHost:\t a \t\r\nUser-Agent: x/1 (y; z)\r\n\r\n",
	  TVP_HTTP_GET, "/", 1, true },
};

static const struct bad {
	const char *in;
	int status;
} bad[] = {
	{ "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
	  400 },                                       /* leading blank line */
	{ "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400 }, /* two spaces */
	{ "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400 }, /* trailing space */
	{ "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
	{ "GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n",
	  400 }, /* absolute form */
	{ "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\n\r\n", 400 }, /* no Host */
	{ "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400 }, /* space before : */
	{ "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\nHost: a\r\n\r\n", 400 },      /* bare LF */
	{ "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400 }, /* bare CR */
	{ "GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", 400 },
	{ "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
	  400 },
	{ "GET / HTTP/1.x\r\nHost: a\r\n\r\n", 400 },
	{ "GET / HTTPS/1.1\r\nHost: a\r\n\r\n", 400 },
	{ "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505 },
	{ "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505 },
	{ "GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505 },
	{ "POST / HTTP/1.1\r\nHost: a\r\n\r\n", 405 },
	{ "get / HTTP/1.1\r\nHost: a\r\n\r\n",
	  405 }, /* methods are case-sensitive */
	{ "G@T / HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
	{ "garbage\r\n\r\n", 400 },
	{ "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
	  400 }, /* a TLS hello */
	{ "GET /\x7f HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
};

static void parser_accepts_valid_requests(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		const struct valid *v = &valid[i];
		struct tvp_http_request r;
		size_t n = strlen(v->in);
		int st = tvp_http_parse(v->in, n, &r);

		if (st != TVP_HTTP_OK)
			fail_msg("%zu: status %d for %s", i, st, v->in);
		assert_int_equal(r.method, v->method);
		assert_int_equal(r.target_len, strlen(v->target));
		assert_memory_equal(r.target, v->target, r.target_len);
		assert_int_equal(r.minor, v->minor);
		if (r.keep_alive != v->keep_alive)
			fail_msg("%zu: keep_alive %d for %s", i, r.keep_alive,
			         v->in);
		assert_int_equal(r.head_len, n);
		/* Every prefix is incomplete, never an error. */
		for (size_t k = 0; k < n; k++)
			if ((st = tvp_http_parse(v->in, k, &r)) !=
			    TVP_HTTP_INCOMPLETE)
				fail_msg("%zu: prefix of %zu bytes gave %d", i,
				         k, st);
	}
}

static void parser_refuses_malformed_requests(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct tvp_http_request r;
		int st = tvp_http_parse(bad[i].in, strlen(bad[i].in), &r);

		if (st != bad[i].status)
			fail_msg("%zu: status %d, want %d, for \"%s\"", i, st,
			         bad[i].status, bad[i].in);
	}
}

static void parser_limits_size_and_fields(void **state)
{
	struct tvp_http_request r;
	size_t big = TVP_HTTP_MAX_HEAD + 100;
	char *buf = malloc(big + 1);
	int n;

	(void)state;
	assert_non_null(buf);
	/* A head that never ends: incomplete below the limit, 431 at it. */
	n = snprintf(buf, big, "GET / HTTP/1.1\r\nHost: a\r\nX-Long: ");
	memset(buf + n, 'x', big - (size_t)n);
	assert_int_equal(tvp_http_parse(buf, TVP_HTTP_MAX_HEAD - 1, &r),
	                 TVP_HTTP_INCOMPLETE);
	assert_int_equal(tvp_http_parse(buf, TVP_HTTP_MAX_HEAD, &r), 431);
	assert_int_equal(tvp_http_parse(buf, big, &r), 431);
	/* Too many fields. */
	n = snprintf(buf, big, "GET / HTTP/1.1\r\nHost: a\r\n");
	for (int k = 0; k < TVP_HTTP_MAX_FIELDS; k++)
		n += snprintf(buf + n, big - (size_t)n, "X%d: y\r\n", k);
	n += snprintf(buf + n, big - (size_t)n, "\r\n");
	assert_int_equal(tvp_http_parse(buf, (size_t)n, &r), 431);
	/* A target over the limit. */
	n = snprintf(buf, big, "GET /");
	memset(buf + n, 'a', TVP_HTTP_MAX_TARGET);
	n += TVP_HTTP_MAX_TARGET;
	n += snprintf(buf + n, big - (size_t)n, " HTTP/1.1\r\nHost: a\r\n\r\n");
	assert_int_equal(tvp_http_parse(buf, (size_t)n, &r), 414);
	/* A pipelined second request is left for the next call. */
	const char *two =
	        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\n";
	assert_int_equal(tvp_http_parse(two, strlen(two), &r), TVP_HTTP_OK);
	assert_int_equal(r.head_len,
	                 strlen("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_int_equal(tvp_http_parse(NULL, 0, &r), TVP_HTTP_INCOMPLETE);
	free(buf);
}

/*
 * Random inputs and mutations of the valid ones, each in a buffer of its
 * exact size (an overread shows under make check-asan): the answer is
 * always one of the parser's, and an accepted head lies inside the input.
 */
static void parser_survives_random_input(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15u;
	static const int known[] = {
		TVP_HTTP_INCOMPLETE, TVP_HTTP_OK, 400, 405, 414, 431, 505
	};

	(void)state;
	for (int iter = 0; iter < reps(20000, 5000); iter++) {
		const struct valid *v =
		        &valid[iter % (sizeof(valid) / sizeof(valid[0]))];
		size_t n = strlen(v->in);
		char *buf = malloc(n ? n : 1);
		struct tvp_http_request r;

		assert_non_null(buf);
		if (n == 0) { /* (the table has no empty request) */
			free(buf);
			continue;
		}
		memcpy(buf, v->in, n);
		for (int m = 0; m < 1 + iter % 4; m++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			if (iter % 2)
				buf[x % n] = (char)(x >> 32); /* any byte */
			else
				buf[x % n] = "\r\n :/\t\0GHT1."[(x >> 32) % 12];
		}
		int st = tvp_http_parse(buf, n, &r), ok = 0;
		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			ok |= st == known[k];
		if (!ok)
			fail_msg("status %d", st);
		if (st == TVP_HTTP_OK) {
			assert_true(r.head_len <= n);
			assert_true(r.target >= buf &&
			            r.target + r.target_len <= buf + n);
		}
		free(buf);
	}
}

static void routes_reach_only_the_data_set(void **state)
{
	static const struct {
		const char *t;
		long want;
	} table[] = {
		{ "/data/0", 0 },
		{ "/data/7", 7 },
		{ "/data/8", -1 },
		{ "/data/", -1 },
		{ "/data/00", -1 },
		{ "/data/07", -1 },
		{ "/data/-1", -1 },
		{ "/data/1a", -1 },
		{ "/data/1?x", -1 },
		{ "/data/../0", -1 },
		{ "/data/%30", -1 },
		{ "/../etc/passwd", -1 },
		{ "/etc/passwd", -1 },
		{ "/data", -1 },
		{ "/DATA/1", -1 },
		{ "/data/1/", -1 },
		{ "/data/99999999999", -1 },
		{ "/", -1 },
		{ "//data/1", -1 },
		{ "/data//1", -1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		long got = tvp_http_route(table[i].t, strlen(table[i].t), 8);
		if (got != table[i].want)
			fail_msg("%s: %ld, want %ld", table[i].t, got,
			         table[i].want);
	}
	assert_int_equal(tvp_http_route(NULL, 0, 8), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parser_accepts_valid_requests),
		cmocka_unit_test(parser_refuses_malformed_requests),
		cmocka_unit_test(parser_limits_size_and_fields),
		cmocka_unit_test(parser_survives_random_input),
		cmocka_unit_test(routes_reach_only_the_data_set),
	};

	return tvp_run_tests(tests, NULL, NULL);
}

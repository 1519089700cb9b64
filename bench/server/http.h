/* SPDX-License-Identifier: MIT */
/*
 * http.h - the request parser of tvp-server: a strict subset of HTTP/1.1
 * (RFC 9112) that is enough for a load generator and a browser, and no
 * more. A pure function over a byte buffer, so the tests and the fuzzer
 * call it without a socket.
 *
 * Accepted: GET or HEAD, an origin-form target, HTTP/1.0 or HTTP/1.1,
 * header fields without obsolete line folding, no request body. Anything
 * else gets a status code and the connection is closed.
 */
#ifndef TVP_HTTP_H
#define TVP_HTTP_H

#include <stdbool.h>
#include <stddef.h>

/* Limits: a request head larger than this is refused with 431. */
#define TVP_HTTP_MAX_HEAD   8192
#define TVP_HTTP_MAX_FIELDS 64
#define TVP_HTTP_MAX_TARGET 2048

/* tvp_http_parse's answers besides an HTTP status code. */
enum {
	TVP_HTTP_INCOMPLETE = 0, /* no whole request head yet: read more */
	TVP_HTTP_OK = 200,       /* a whole, valid request head */
};

enum tvp_http_method { TVP_HTTP_GET, TVP_HTTP_HEAD };

struct tvp_http_request {
	enum tvp_http_method method;
	const char *target; /* into the buffer, not NUL-terminated */
	size_t target_len;
	int minor;       /* HTTP/1.minor: 0 or 1 */
	bool keep_alive; /* the client keeps the connection open */
	size_t head_len; /* bytes of the head, the blank line included */
};

/*
 * Parse the request head at the start of buf[0..len). Returns
 * TVP_HTTP_INCOMPLETE when more bytes may still make a valid head,
 * TVP_HTTP_OK with *req filled, or the status to answer with: 400 (bad
 * syntax, a body, a missing Host in HTTP/1.1), 405 (a method other than
 * GET/HEAD), 414 (target too long), 431 (head or field count over the
 * limits), 505 (an HTTP version other than 1.0/1.1). Never reads past
 * buf[len - 1]; len may be anything, buf need not be NUL-terminated.
 */
int tvp_http_parse(const char *buf, size_t len, struct tvp_http_request *req);

/*
 * The file a target names: "/data/N" with N a decimal number below files
 * gives N; anything else (another path, a query, "..", percent-encoding,
 * leading zeros) gives -1, which is a 404. No file name is ever made from
 * the target's text, so no file outside the data set can be reached.
 */
long tvp_http_route(const char *target, size_t len, long files);

/* The reason phrase of a status this server sends ("Not Found"). */
const char *tvp_http_reason(int status);

#endif

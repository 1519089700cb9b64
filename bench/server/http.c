/* SPDX-License-Identifier: MIT */
/*
 * http.c - tvp-server's request parser (see http.h): RFC 9112's request
 * line and header fields, strictly, over a buffer that may hold a partial
 * request or anything at all.
 */
#include "http.h"

#include <string.h>
#include <strings.h>

/* RFC 9110 5.6.2: tchar, the characters of a token (a method, a name). */
static bool is_tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* A field value's characters: visible ASCII, obs-text, space, tab. */
static bool is_vchar_ws(unsigned char c)
{
	return (c >= 0x21 && c != 0x7f) || c == ' ' || c == '\t';
}

/* Does the token list v[0..n) (a Connection value) hold token t? */
static bool has_token(const char *v, size_t n, const char *t)
{
	size_t tl = strlen(t), i = 0;

	while (i < n) {
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		size_t start = i;
		while (i < n && v[i] != ',')
			i++;
		size_t end = i;
		while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
			end--;
		if (end - start == tl && !strncasecmp(v + start, t, tl))
			return true;
	}
	return false;
}

/*
 * Garbage should not wait for a whole head to be refused: a prefix that
 * no valid request line can start with is a 400 at once.
 */
static int check_prefix(const char *buf, size_t len)
{
	size_t i = 0;

	while (i < len && is_tchar((unsigned char)buf[i]))
		i++;
	if (i == len)
		return i > 32 ? 400 : TVP_HTTP_INCOMPLETE;
	if (i == 0 || buf[i] != ' ' || i > 32)
		return 400;
	for (i++; i < len && buf[i] != '\r'; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c < 0x20 || c == 0x7f)
			return 400;
	}
	return TVP_HTTP_INCOMPLETE;
}

/* The request line buf[0..n) (no CRLF): "METHOD SP TARGET SP HTTP/1.x". */
static int parse_request_line(const char *buf, size_t n,
                              struct tvp_http_request *req)
{
	const char *sp1 = memchr(buf, ' ', n);
	if (!sp1 || sp1 == buf)
		return 400;
	size_t mlen = (size_t)(sp1 - buf);
	for (size_t i = 0; i < mlen; i++)
		if (!is_tchar((unsigned char)buf[i]))
			return 400;
	const char *target = sp1 + 1, *end = buf + n;
	const char *sp2 = memchr(target, ' ', (size_t)(end - target));
	if (!sp2 || sp2 == target)
		return 400;
	req->target = target;
	req->target_len = (size_t)(sp2 - target);
	for (const char *p = target; p < sp2; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return 400;
	if (target[0] != '/')
		return 400; /* only origin-form: no absolute URI, no "*" */
	const char *ver = sp2 + 1;
	size_t vlen = (size_t)(end - ver);
	if (vlen != 8 || memcmp(ver, "HTTP/", 5) || ver[5] < '0' ||
	    ver[5] > '9' || ver[6] != '.' || ver[7] < '0' || ver[7] > '9')
		return 400;
	if (req->target_len > TVP_HTTP_MAX_TARGET)
		return 414;
	if (ver[5] != '1' || (ver[7] != '0' && ver[7] != '1'))
		return 505;
	req->minor = ver[7] - '0';
	if (mlen == 3 && !memcmp(buf, "GET", 3))
		req->method = TVP_HTTP_GET;
	else if (mlen == 4 && !memcmp(buf, "HEAD", 4))
		req->method = TVP_HTTP_HEAD;
	else
		return 405;
	return TVP_HTTP_OK;
}

/* The length of the head at buf[0..scan), up to the first CRLF CRLF
 * and including it; 0 if there is none yet. */
static size_t head_length(const char *buf, size_t scan)
{
	for (size_t i = 3; i < scan; i++)
		if (buf[i] == '\n' && buf[i - 1] == '\r' &&
		    buf[i - 2] == '\n' && buf[i - 3] == '\r')
			return i + 1;
	return 0;
}

/*
 * The CRLF that ends the line at p, before limit. Every line ends in
 * CRLF; a bare CR or LF, or a NUL where refuse_nul says so, gives NULL
 * (a 400).
 */
static const char *line_end(const char *p, const char *limit, bool refuse_nul)
{
	for (const char *q = p; q < limit; q++) {
		if (*q == '\r' && q + 1 < limit && q[1] == '\n')
			return q;
		if (*q == '\r' || *q == '\n' || (refuse_nul && *q == '\0'))
			return NULL;
	}
	return NULL;
}

/* What the header fields have said so far. */
struct fields {
	bool close, keep, host;
};

/* Is the field name p[0..n) this one, in any case? */
static bool name_is(const char *p, size_t n, const char *name)
{
	return n == strlen(name) && !strncasecmp(p, name, n);
}

/* One header field, p[0..eol): TVP_HTTP_OK, or 400. */
static int parse_field(const char *p, const char *eol, struct fields *f)
{
	/* name ":" OWS value OWS; no space before the colon, no folding */
	const char *colon = memchr(p, ':', (size_t)(eol - p));
	if (!colon || colon == p)
		return 400;
	for (const char *q = p; q < colon; q++)
		if (!is_tchar((unsigned char)*q))
			return 400;
	const char *v = colon + 1, *ve = eol;
	for (const char *q = v; q < ve; q++)
		if (!is_vchar_ws((unsigned char)*q))
			return 400;
	while (v < ve && (*v == ' ' || *v == '\t'))
		v++;
	while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
		ve--;
	size_t nl = (size_t)(colon - p), vl = (size_t)(ve - v);
	if (name_is(p, nl, "host")) {
		if (f->host)
			return 400; /* RFC 9112 3.2: exactly one */
		f->host = true;
	} else if (name_is(p, nl, "connection")) {
		f->close |= has_token(v, vl, "close");
		f->keep |= has_token(v, vl, "keep-alive");
	} else if (name_is(p, nl, "content-length")) {
		/* No bodies: only a zero length is accepted. */
		if (vl == 0 || vl > 18)
			return 400;
		for (size_t i = 0; i < vl; i++)
			if (v[i] != '0')
				return 400;
	} else if (name_is(p, nl, "transfer-encoding")) {
		return 400; /* a body we would not know how to skip */
	}
	return TVP_HTTP_OK;
}

/* The header fields from p to end, the blank line's CRLF that ends the
 * head: TVP_HTTP_OK, or the status to answer with. */
static int parse_fields(const char *p, const char *end, struct fields *f)
{
	int fields = 0;

	for (const char *eol; p < end; p = eol + 2) {
		eol = line_end(p, end + 2, false);
		if (!eol)
			return 400;
		if (++fields > TVP_HTTP_MAX_FIELDS)
			return 431;
		int st = parse_field(p, eol, f);
		if (st != TVP_HTTP_OK)
			return st;
	}
	return TVP_HTTP_OK;
}

int tvp_http_parse(const char *buf, size_t len, struct tvp_http_request *req)
{
	memset(req, 0, sizeof(*req));
	if (!buf)
		return TVP_HTTP_INCOMPLETE;
	size_t scan = len < TVP_HTTP_MAX_HEAD ? len : TVP_HTTP_MAX_HEAD;
	/* The head ends at the first CRLF CRLF. */
	size_t head = head_length(buf, scan);
	if (!head) {
		int st = check_prefix(buf, scan);
		if (st != TVP_HTTP_INCOMPLETE)
			return st;
		return len >= TVP_HTTP_MAX_HEAD ? 431 : TVP_HTTP_INCOMPLETE;
	}

	const char *end = buf + head - 2; /* the last line's CRLF */
	const char *eol = line_end(buf, end, true);
	if (!eol)
		return 400;
	int method_status = parse_request_line(buf, (size_t)(eol - buf), req);
	if (method_status != TVP_HTTP_OK && method_status != 405)
		return method_status;

	struct fields f = { false, false, false };
	int st = parse_fields(eol + 2, end, &f);
	if (st != TVP_HTTP_OK)
		return st;
	if (method_status != TVP_HTTP_OK)
		return method_status;
	if (req->minor == 1 && !f.host)
		return 400;
	req->keep_alive = req->minor == 1 ? !f.close : f.keep && !f.close;
	req->head_len = head;
	return TVP_HTTP_OK;
}

long tvp_http_route(const char *target, size_t len, long files)
{
	static const char prefix[] = "/data/";
	size_t pl = sizeof(prefix) - 1;

	if (!target || len <= pl || len > pl + 9 || memcmp(target, prefix, pl))
		return -1;
	if (target[pl] == '0' && len > pl + 1)
		return -1; /* one spelling per file: no leading zeros */
	long n = 0;
	for (size_t i = pl; i < len; i++) {
		if (target[i] < '0' || target[i] > '9')
			return -1;
		n = n * 10 + (target[i] - '0');
	}
	return n < files ? n : -1;
}

const char *tvp_http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 408:
		return "Request Timeout";
	case 414:
		return "URI Too Long";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Error";
	}
}

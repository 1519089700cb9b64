/* SPDX-License-Identifier: MIT */
/*
 * fuzz_http.c - libFuzzer target for tvp-server's request parser
 * (bench/server/http.c): any bytes, at any length. Besides what the
 * sanitizers catch (a read past the input, undefined behaviour), it checks
 * the parser's promises: the answer is one of its documented statuses; an
 * accepted head lies inside the input and parses the same on its own; the
 * prefixes of an accepted head are incomplete, never refused; and the
 * route of an accepted target is -1 or a file number below the count.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../bench/server/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int known[] = {
		TVP_HTTP_INCOMPLETE, TVP_HTTP_OK, 400, 405, 414, 431, 505
	};
	const char *buf = (const char *)data;
	struct tvp_http_request r, again;
	int st = tvp_http_parse(buf, size, &r), ok = 0;

	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
		ok |= st == known[k];
	if (!ok)
		abort();
	if (st != TVP_HTTP_OK)
		return 0;
	if (r.head_len > size || r.target < buf ||
	    r.target + r.target_len > buf + r.head_len)
		abort();
	if (tvp_http_parse(buf, r.head_len, &again) != TVP_HTTP_OK ||
	    again.head_len != r.head_len || again.keep_alive != r.keep_alive ||
	    again.method != r.method || again.minor != r.minor)
		abort();
	size_t cuts[] = { 1, r.head_len / 2, r.head_len - 1 };
	for (size_t k = 0; k < 3; k++)
		if (cuts[k] < r.head_len &&
		    tvp_http_parse(buf, cuts[k], &again) != TVP_HTTP_INCOMPLETE)
			abort();
	long file = tvp_http_route(r.target, r.target_len, 64);
	if (file < -1 || file >= 64)
		abort();
	return 0;
}

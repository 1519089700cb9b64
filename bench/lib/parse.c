/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "../tvp.h"

/*
 * strtol alone accepts "12abc", " 7" and silently saturates; a benchmark
 * that runs with a different size than the one typed is worse than one
 * that refuses, so every number goes through here.
 */
const char *tvp_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return "needs a number";
	if (!isdigit((unsigned char)s[0]) && s[0] != '-' && s[0] != '+')
		return "is not a number";
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno == ERANGE)
		return "overflows";
	if (*end != '\0' || end == s)
		return "is not a number";
	if (v < min || v > max)
		return v < min ? "is too small" : "is too large";
	*out = v;
	return NULL;
}

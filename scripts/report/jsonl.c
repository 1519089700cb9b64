/* SPDX-License-Identifier: MIT */
/* The numbers and strings of a JSON-lines file's objects (jsonl.h). */
#include "jsonl.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

double tvp_jnum(json_t *p, const char *key)
{
	json_t *v = json_object_get(p, key);

	return v ? json_number_value(v) : NAN;
}

const char *tvp_jstr(json_t *p, const char *key)
{
	const char *s = json_string_value(json_object_get(p, key));

	return s ? s : "";
}

int tvp_jdistinct(json_t *all, const char *key, const char **out, int max)
{
	size_t i;
	json_t *p;
	int n = 0;

	json_array_foreach (all, i, p) {
		const char *v = tvp_jstr(p, key);
		int k = 0;

		while (k < n && strcmp(out[k], v))
			k++;
		if (k == n && n < max)
			out[n++] = v;
	}
	return n;
}

int tvp_jdistinct_num(json_t *all, const char *key, double *out, int max)
{
	size_t i;
	json_t *p;
	int n = 0;

	json_array_foreach (all, i, p) {
		double v = tvp_jnum(p, key);
		int k = 0;

		while (k < n && out[k] != v)
			k++;
		if (k == n && n < max)
			out[n++] = v;
	}
	return n;
}

json_t *tvp_latency_line(json_t *all, const char *variant, double msg_bytes)
{
	json_t *q, *hit = NULL;
	size_t i;

	json_array_foreach (all, i, q)
		if (!strcmp(tvp_jstr(q, "variant"), variant) &&
		    tvp_jnum(q, "msg_bytes") == msg_bytes &&
		    (!json_object_get(q, "mode") ||
		     !strcmp(tvp_jstr(q, "mode"), "latency")))
			hit = q;
	return hit;
}

double tvp_jnum_sfx(json_t *p, const char *key, const char *suffix)
{
	char k[80];

	snprintf(k, sizeof(k), "%s%s", key, suffix);
	return tvp_jnum(p, k);
}

json_t *tvp_jpick(json_t *all, const char *key, const char *value,
                  const char *key2, const char *value2)
{
	size_t i;
	json_t *p;

	json_array_foreach (all, i, p)
		if (!strcmp(tvp_jstr(p, key), value) &&
		    (key2 == NULL || !strcmp(tvp_jstr(p, key2), value2)))
			return p;
	return NULL;
}

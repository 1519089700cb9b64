/* SPDX-License-Identifier: MIT */
/* Reading the JSON-lines files of a results folder's raw/ (jsonl.h). */
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

json_t *tvp_jsonl(const char *dir, const char *file)
{
	char path[PATH_MAX];
	json_t *all;
	FILE *f;
	char line[4096];

	snprintf(path, sizeof(path), "%s/raw/%s.jsonl", dir, file);
	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	all = json_array();
	while (fgets(line, sizeof(line), f)) {
		json_t *j = json_loads(line, 0, NULL);

		if (j == NULL) {
			fprintf(stderr, "tvp-report: %s: a line is not JSON\n",
			        path);
			json_decref(all);
			fclose(f);
			return json_null();
		}
		json_array_append_new(all, j);
	}
	fclose(f);
	return all;
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

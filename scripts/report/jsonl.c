/* SPDX-License-Identifier: MIT */
/* The numbers and strings of a JSON object (jsonl.h). */
#include "jsonl.h"

#include <jansson.h>
#include <math.h>

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

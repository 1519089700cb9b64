/* SPDX-License-Identifier: MIT */
/* The numbers and strings of a JSON object: machine.json's, and claims.json's
 * read back by the page and make compare (the raw lines are typed rows:
 * rows.h). */
#ifndef TVP_REPORT_JSONL_H
#define TVP_REPORT_JSONL_H

struct json_t;

/* A number (NAN when absent) or a string ("" when absent) of an object. */
double tvp_jnum(struct json_t *p, const char *key);
const char *tvp_jstr(struct json_t *p, const char *key);

#endif

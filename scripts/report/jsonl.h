/* SPDX-License-Identifier: MIT */
/* The numbers and strings of the objects of a results folder's JSON-lines
 * files (load.h reads them). */
#ifndef TVP_REPORT_JSONL_H
#define TVP_REPORT_JSONL_H

struct json_t;

/* A number (NAN when absent) or a string ("" when absent) of an object. */
double tvp_jnum(struct json_t *p, const char *key);
const char *tvp_jstr(struct json_t *p, const char *key);
/* The number of the key spelled key and suffix ("us_per_op", "_lo"):
 * NAN when absent. */
double tvp_jnum_sfx(struct json_t *p, const char *key, const char *suffix);
/* The first object of the array all with key == value (and key2 ==
 * value2 if key2 is not NULL); NULL if none. */
struct json_t *tvp_jpick(struct json_t *all, const char *key, const char *value,
                         const char *key2, const char *value2);
/* The distinct strings of key in the array all, in order of appearance. */
int tvp_jdistinct(struct json_t *all, const char *key, const char **out,
                  int max);
/* The same for a number key: its distinct values, in order of appearance,
 * at most max of them; how many. */
int tvp_jdistinct_num(struct json_t *all, const char *key, double *out,
                      int max);

/* The latency line of variant at msg_bytes among the ipc lines all (a
 * line with no mode is one: older Python lines), the last should there
 * be more; NULL if none. */
struct json_t *tvp_latency_line(struct json_t *all, const char *variant,
                                double msg_bytes);

#endif

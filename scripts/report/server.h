/* SPDX-License-Identifier: MIT */
#ifndef TVP_REPORT_SERVER_H
#define TVP_REPORT_SERVER_H

#include <stddef.h>
#include <stdio.h>

#include "claims.h"

/*
 * The server section of a results folder's report, from
 * DIR/raw/server-load.jsonl and server-crash.jsonl: tables, plot data
 * (DIR/plots/server-MIX-{rps,p50,p99}.dat/.vars) and sentences. Nothing
 * when the folder has no server data; -1 on unreadable data.
 */
int tvp_server_report(FILE *f, const char *dir);

/* The client counts of the load lines in all, ascending; how many. */
struct json_t;
int tvp_server_clients(struct json_t *all, double *out, int max);

/* C10: "keeps up with threads alone" from this share of their req/s. */
#define TVP_KEEPS_UP 0.9

/*
 * C10's evidence: processes x threads keep up with threads alone (90% of
 * their requests/s at the most clients), beat one blocking process per
 * CPU (intervals apart) and survive a fatal fault. All three: ST_HOLDS;
 * none: ST_NOT; some: ST_PARTLY; no data: ST_NA. out gets the figures.
 */
enum tvp_state tvp_server_evidence(const char *dir, char *out, size_t len);

#endif

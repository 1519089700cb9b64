/* SPDX-License-Identifier: MIT */
#ifndef TVP_REPORT_SERVER_H
#define TVP_REPORT_SERVER_H

#include <stddef.h>
#include <stdio.h>

#include "claims.h"

/*
 * The server section of a results folder's report, from
 * DIR/raw/server-load.jsonl, server-crash.jsonl and server-conns.jsonl:
 * tables, plot data (DIR/plots/server-MIX-{rps,p50,p99}.dat/.vars,
 * server-conns-{memory,rps}) and sentences. Nothing
 * when the folder has no server data; -1 on unreadable data.
 */
int tvp_server_report(FILE *f, const char *dir);

/* The client counts of the load lines in all, ascending; how many. */
struct json_t;
int tvp_server_clients(struct json_t *all, double *out, int max);

/* C10: "keeps up with" from this share of the other's requests/s. */
#define TVP_KEEPS_UP 0.9

/*
 * C10's evidence, in two parts. What the seed gets right: a process per
 * CPU, so that a fatal fault ends one worker and not the server (the event
 * model kept answering after one, the threads server did not). What it
 * gets wrong: threads for IO. nginx's worker is one thread running an
 * event loop; if the event model keeps up with processes x threads (90% of
 * their requests/s at the most clients) on every mix whose requests wait,
 * threads were not needed. Right and needed: ST_HOLDS; neither: ST_NOT;
 * one: ST_PARTLY; no event model or no server data: ST_NA. out gets the figures
 * (and what a held idle connection costs, from server-conns.jsonl).
 */
enum tvp_state tvp_server_evidence(const char *dir, char *out, size_t len);

#endif

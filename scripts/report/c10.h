/* SPDX-License-Identifier: MIT */
/* C10, judged on the server stage's lines (c10.c). */
#ifndef TVP_REPORT_C10_H
#define TVP_REPORT_C10_H

#include <stddef.h>

#include "claims.h"

struct tvp_folder;

/* C10: "keeps up with" from this share of the other's requests/s. */
#define TVP_KEEPS_UP 0.9

/*
 * C10's evidence, in up to three parts. What the seed gets right: a
 * process per CPU, so that a fatal fault ends one worker and not the
 * server (the event model kept answering after one, the threads server
 * did not). Threads for IO: nginx's worker is one thread running an event
 * loop; if the event model, at its best shape, keeps up with processes x
 * threads at theirs (TVP_KEEPS_UP of their requests/s, on the intervals)
 * on every mix whose requests wait, threads were not needed. Threads for
 * disk reads (a cold mix, where there is one): the event loop reading for
 * itself against the same with aio threads. All parts right: ST_HOLDS;
 * none: ST_NOT; else ST_PARTLY; a part the intervals leave open gives
 * every state it could settle to; no event model or no server data:
 * ST_NA. out gets the figures (and what a held idle connection costs,
 * from server-conns.jsonl); key, unless NULL, the parts in a few words
 * for RESULTS.md's matrix; side gets each part's state (faults, io,
 * disk) and figures.
 */
enum tvp_state tvp_server_evidence(const struct tvp_folder *fo, char *out,
                                   size_t len, char *key, size_t klen,
                                   struct tvp_side *side);

#endif

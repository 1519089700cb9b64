/* SPDX-License-Identifier: MIT */
/*
 * What the claims' two halves share, and no one else: claims.c finds
 * (the figures, conditions and states of each claim, from the data, in
 * numbers) and claimswords.c says (the sentences and key figures that put
 * them in words, which claims.c asks for where it has the numbers). The
 * rest of the report sees claims.h.
 */
#ifndef TVP_REPORT_CLAIMSINT_H
#define TVP_REPORT_CLAIMSINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "claims.h"
#include "findings.h"
#include "rows.h"
#include "rules.h"

#define KEYLEN TVP_KEYLEN

struct ctx {
	const struct tvp_folder *fo;
	const struct point *pts;
	long n;
	json_t *machine; /* machine.json, or an empty object */
	/* each side's key figure, a few words for RESULTS.md's matrix (set
	 * by the claim's function; empty: the evidence's first clause) */
	char ck[KEYLEN], pk[KEYLEN];
	double cfig[3];        /* the C key figure as a number (tvp_claim) */
	struct tvp_side fs[2]; /* the findings, C and Python (findings.h) */
};

/* C4's lines in C: creating a child by fork and a thread, and what a
 * child holds of the parent's buffer, idle and (where recorded) after
 * writing it. */
struct spawn_lines {
	const struct tvp_spawn *fork, *thread;
	const struct tvp_footprint *idle, *written;
};

/* C5's lines: threads and processes at one worker per CPU (t0, p0) and
 * at the most workers per CPU (t1, p1). */
struct oversub {
	const struct tvp_oversub *t0, *t1, *p0, *p1;
};

/* ---- the words (claimswords.c): each writes into out (len bytes), or
 * appends where it says so; a key goes into a KEYLEN buffer ---- */

/* out = s (a fixed phrase: "not measured") */
void tvp_cw_text(char *out, size_t len, const char *s);
/* Appends, where e's interval straddles a threshold, that it is not
 * settled and how narrow it must become; where it lies at the line, so;
 * where it rests on too few rounds, so. */
void tvp_cw_settle_note(char *out, size_t len, struct est e, double partly,
                        double holds, const char *what);
/* Appends that the runs' spread leaves the rule both ways, if s does. */
void tvp_cw_corners_note(char *out, size_t len, enum tvp_state s);

/* C1/C2: a model's speedup on ncpus cores (out and the key), then the
 * cores its tasks kept busy (efficiency eff[3]: median, lo, hi) or its
 * CPU time over wall time (both append to out; busy sets the key). */
void tvp_cw_scaling(char *out, size_t len, char *key, const char *model,
                    long ncpus, double speedup, double lo, double hi);
void tvp_cw_scaling_busy(char *out, size_t len, char *key, const char *model,
                         long ncpus, const double eff[3]);
void tvp_cw_scaling_cpu(char *out, size_t len, double parallelism);
/* C2: serial / processes for the same work (appends). */
void tvp_cw_serial_over_procs(char *out, size_t len, double serial_s,
                              double procs_s);
/* C3: the seeds' Pool(5) makespans (out and the key); the sleep runs at
 * their most workers (appends); the key's part on them (appends). */
void tvp_cw_pool5(char *out, size_t len, char *key, double ms, double t,
                  double p, double pred);
void tvp_cw_io_workers(char *out, size_t len, const char *workload,
                       long workers, double threads_x, double procs_x);
void tvp_cw_many_key(char *key, long workers, long tasks, double ms,
                     double threads_over_procs);
/* C4: C's and Python's sentence and key. */
void tvp_cw_spawn(struct ctx *c, char *ce, size_t len,
                  const struct spawn_lines *l, double r, double kept);
void tvp_cw_pyspawn(struct ctx *c, char *pe, size_t len,
                    const struct tvp_spawn *fork,
                    const struct tvp_spawn *thread,
                    const struct tvp_spawn *spawn, double r);
/* C5: the key and first sentence; the switches; the workers' CPU time
 * against 1x (share: per share, else per run); why a folder is not
 * judged or judged only one way (all but the first append). */
void tvp_cw_oversub(struct ctx *c, char *ce, size_t len,
                    const struct oversub *o, double rt, double rp);
void tvp_cw_oversub_switches(char *ce, size_t len, const struct oversub *o);
void tvp_cw_oversub_cpu(char *ce, size_t len, bool share, double threads,
                        double procs);
void tvp_cw_whole_runs(char *ce, size_t len);
void tvp_cw_early_exit(char *ce, size_t len, bool judged);
/* C6: per-task against pool (out and the key; threads where ran). */
/* C6's tasks: how many and how long each, where both are known. */
void tvp_cw_pool_size(char *out, size_t len, char *key, double tasks, double ms,
                      double workers);

void tvp_cw_pool(char *out, size_t len, char *key, const double procs[2],
                 double ratio, bool paired, const double *threads);
/* C7: one size's ratio in a pair's list (appends; first: no comma); the
 * note on the size that holds the verdict open, or the largest's; the
 * key; what only threads can do (appends). */
void tvp_cw_pair_size(char *out, size_t len, bool first, double bytes,
                      double ratio);
void tvp_cw_pair_note(char *out, size_t len, struct est e, double partly,
                      double holds, bool open, double open_bytes);
void tvp_cw_pair_key(char *key, const char *what, int digits,
                     struct tvp_side *fs, const char *of);
void tvp_cw_ptr(const struct tvp_ipcs *ipc, char *out, size_t len);
/* C8: the key and sentence; r the round trips' ratio, net the switches'
 * alone (the pipe calls taken out), NULL in lines from before; ps and ts
 * the process and thread pair's partner switches a round trip. */
void tvp_cw_ctxsw(struct ctx *c, char *ce, size_t len,
                  const struct tvp_ctxsw *p, const struct tvp_ctxsw *t,
                  struct est r, const struct est *net, double ps, double ts);
/* C9: lost updates (out and the key; threads and procs: lost and
 * expected), and false sharing (appends). */
void tvp_cw_race(char *out, size_t len, char *key, const double threads[2],
                 const double procs[2], const char *locked, bool exact,
                 double workers, double adds);
void tvp_cw_sharing(const struct tvp_races *all, char *out, size_t len);
/* Every claim: the largest effect a side that contradicts leaves
 * possible; the conditions a side did not meet (both append). */
void tvp_cw_bound(char *ev, size_t len, const char *name, double hi);
void tvp_cw_unmet(char *ev, size_t len, const struct tvp_side *s);

#endif

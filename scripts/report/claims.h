/* SPDX-License-Identifier: MIT */
#ifndef TVP_CLAIMS_H
#define TVP_CLAIMS_H

#include <stdbool.h>
#include <stdio.h>

#include "findings.h"
#include "results.h"

enum tvp_verdict {
	TVP_HOLDS,
	TVP_PYTHON_ONLY,
	TVP_PARTLY,
	TVP_NOT,
	TVP_UNSETTLED, /* an interval straddles a threshold */
	TVP_UNTESTED,
	TVP_AT, /* a side at a threshold, and the verdict turns on it */
};

/*
 * The verdict from the C and the Python evidence (the rule, written once,
 * as RESULTS.md prints it): both support the claim: holds; C contradicts
 * it and Python supports it: holds for Python only; both contradict it:
 * does not hold; anything else: holds partly. A side not measured takes
 * the other's outcome. A side not settled is tried every way it could
 * still settle: one verdict for all of them is the verdict, else the
 * verdict is not settled, or, where the sides that leave it open are each
 * at a threshold (ST_AT), at the threshold.
 */
enum tvp_verdict tvp_combine(enum tvp_state c, enum tvp_state py);
const char *tvp_verdict_name(enum tvp_verdict v); /* markdown */
const char *tvp_verdict_word(enum tvp_verdict v); /* plain words */

/*
 * Scaling class of a speedup on k cores: ST_HOLDS uses the cores (at
 * least TVP_USES_CORES of the ideal gain), ST_NOT no gain (at most
 * TVP_NO_GAIN of it), ST_PARTLY between.
 */
enum tvp_state tvp_scaling(double speedup, double k);

/*
 * A figure known to lie in [lo, hi], on a ladder: from holds up ST_HOLDS,
 * from partly up ST_PARTLY, below ST_NOT (partly == holds: two states).
 * Both ends on one rung: that state; else the rungs the interval spans
 * (tvp_unsettled() is true) - more runs, or a quieter machine, would
 * settle it - unless the interval lies within TVP_AT_BAND of the one
 * threshold it straddles: then the two rungs and ST_AT (tvp_at). So
 * does an interval on one rung that lies within TVP_AT_BAND of a
 * threshold: the line is a run's noise away.
 */
enum tvp_state tvp_judge(double lo, double hi, double partly, double holds);

/* s, judged on [lo, hi], with ST_AT where the interval lies within
 * TVP_AT_BAND of one threshold (partly or holds, above 0) at both ends,
 * straddling it or not: then the two outcomes either side of it. */
enum tvp_state tvp_at(enum tvp_state s, double lo, double hi, double partly,
                      double holds);
/* The line tvp_at finds s, on [lo, hi], at (partly or holds), or NAN. */
double tvp_at_line(enum tvp_state s, double lo, double hi, double partly,
                   double holds);

/* The rules a verdict follows, in words, with their thresholds. */
void tvp_claims_rules(FILE *f);

#define TVP_NCLAIMS 10
#define TVP_KEYLEN  128 /* a key figure: a few words for a cell of RESULTS.md */

/* One claim, judged. */
struct tvp_claim {
	const char *id, *statement, *seeds;
	enum tvp_verdict verdict;
	char ce[2048], pe[2048]; /* each side's evidence */
	double cfig[3]; /* the C side's key figure as a number, with its
	                 * interval (C8: the process/thread switch ratio);
	                 * NAN where the claim gives none */
	struct tvp_side side[2];             /* the findings: C, Python */
	char ck[TVP_KEYLEN], pk[TVP_KEYLEN]; /* each side's key figure, or
	                                      * empty: the evidence's first
	                                      * clause */
};

/* Every claim of a folder, and the figures only the writers draw. */
struct tvp_claims {
	struct tvp_claim c[TVP_NCLAIMS];
	/* the seeds' Pool(5) experiments (C3, C6): each task's sleep (NAN:
	 * not run) and the makespans, s: C threads, C processes, Python
	 * threads, Python processes */
	double makespan_ms[2], makespan_s[2][4];
	double makespan_lo[2][4], makespan_hi[2][4]; /* the medians' 95% */
	long makespan_n[2]; /* the fewest runs of a model, per experiment */
	/* C6, in the same order: a worker per task and a pool, each its
	 * median, lowest and highest; pool_any: one of them measured */
	double pool[4][6];
	bool pool_any;
};

/* The analysis: judge every claim on a loaded folder whose points are
 * computed (tvp_compute); -1 when out of memory. */
struct tvp_folder;
int tvp_claims_judge(const struct tvp_folder *fo, struct tvp_claims *out);

/* The writer (claimsout.c): judge, then write the folder's claims.md,
 * claims.json and the claims' plot data; -1 on failure. */
int tvp_claims_report(const struct tvp_folder *fo);

#endif

/* SPDX-License-Identifier: MIT */
#ifndef TVP_CLAIMS_H
#define TVP_CLAIMS_H

#include <stdio.h>

#include "results.h"

enum tvp_verdict {
	TVP_HOLDS,
	TVP_PYTHON_ONLY,
	TVP_PARTLY,
	TVP_NOT,
	TVP_UNSETTLED, /* an interval straddles a threshold */
	TVP_UNTESTED,
};

/*
 * How one language's evidence bears on a claim: the set of outcomes its
 * interval allows. One bit: settled. Several: not settled, and the bits
 * say which ways it could still settle (an interval from "no gain" to
 * "partly" is ST_NOT | ST_PARTLY), which is what tvp_combine needs to
 * apply the rule "not settled, unless the verdict is the same whichever
 * way it settles". ST_UNSETTLED: not settled, any way.
 */
enum tvp_state {
	ST_NA = 0,
	ST_HOLDS = 1,
	ST_PARTLY = 2,
	ST_NOT = 4,
	ST_UNSETTLED = ST_HOLDS | ST_PARTLY | ST_NOT,
};

/* More than one outcome left open: the interval straddles a threshold. */
static inline int tvp_unsettled(enum tvp_state s)
{
	return (s & (s - 1)) != 0;
}

/*
 * The verdict from the C and the Python evidence (the rule, written once,
 * as RESULTS.md prints it): both support the claim: holds; C contradicts
 * it and Python supports it: holds for Python only; both contradict it:
 * does not hold; anything else: holds partly. A side not measured takes
 * the other's outcome. A side not settled is tried every way it could
 * still settle: one verdict for all of them is the verdict, else the
 * verdict is not settled.
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
 * settle it.
 */
enum tvp_state tvp_judge(double lo, double hi, double partly, double holds);

/* The rules a verdict follows, in words, with their thresholds. */
void tvp_claims_rules(FILE *f);

/* Judge every claim on a loaded folder (its points computed) and write
 * its claims.md, claims.json and the claims' plot data; -1 on failure. */
struct tvp_folder;
int tvp_claims_report(const struct tvp_folder *fo);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The claims' rules (rules.h), one function each, in numbers: no data is
 * read and no word written here. claims.c calls them with the figures it
 * gathered, and the table of rules (tvp_claims_rules) names them.
 */
#include "rules.h"

#include <math.h>

#include "claims.h"

bool tvp_precise(struct est e)
{
	return e.iv != IV_NONE && !isnan(e.lo) && !isnan(e.hi) &&
	       e.n >= MIN_ROUNDS;
}

enum tvp_state tvp_ladder(struct est e, double partly, double holds)
{
	if (!tvp_precise(e))
		return tvp_judge(-INFINITY, INFINITY, partly, holds);
	return tvp_judge(e.lo, e.hi, partly, holds);
}

struct est tvp_est_ratio(struct est a, struct est b)
{
	long n = a.n < b.n ? a.n : b.n;

	return (struct est){ a.v / b.v, a.lo / b.hi, a.hi / b.lo, n,
		             a.iv == IV_NONE && b.iv == IV_NONE ? IV_NONE
		                                                : IV_QUOTIENT };
}

/*
 * A state decided from two figures, each known within an interval: the
 * decision at every corner of the two intervals (each rule below is
 * monotonic in each figure, so the corners bound it). One state where
 * they agree, else not settled.
 */
typedef enum tvp_state (*decide2)(double x, double y, double arg);

static enum tvp_state corners(decide2 f, struct est x, struct est y, double arg)
{
	if (!tvp_precise(x) || !tvp_precise(y))
		return ST_UNSETTLED; /* never a point */
	/* the outcomes the corners allow (and, the rules being monotonic,
	 * every outcome between them) */
	return f(x.lo, y.lo, arg) | f(x.lo, y.hi, arg) | f(x.hi, y.lo, arg) |
	       f(x.hi, y.hi, arg);
}

enum tvp_state tvp_scaling(double speedup, double k)
{
	double gain = (speedup - 1) / (k - 1);

	if (isnan(speedup) || k < 2)
		return ST_NA;
	return gain >= TVP_USES_CORES ? ST_HOLDS
	       : gain <= TVP_NO_GAIN  ? ST_NOT
	                              : ST_PARTLY;
}

enum tvp_state tvp_rule_scaling(struct est x, double k, bool no_gain,
                                struct est *gain)
{
	/* tvp_scaling is the rule; the interval's two ends must agree (and
	 * without a precise interval every outcome stays open) */
	enum tvp_state s = tvp_scaling(tvp_precise(x) ? x.lo : -INFINITY, k);
	enum tvp_state at_hi = tvp_scaling(tvp_precise(x) ? x.hi : INFINITY, k);

	if (s != at_hi)
		s = (s | at_hi) == (ST_NOT | ST_HOLDS) ? ST_UNSETTLED
		                                       : s | at_hi;
	*gain = (struct est){ (x.v - 1) / (k - 1), (x.lo - 1) / (k - 1),
		              (x.hi - 1) / (k - 1), x.n, x.iv };
	if (tvp_precise(x))
		s = tvp_at(s, gain->lo, gain->hi, TVP_NO_GAIN, TVP_USES_CORES);
	if (!no_gain)
		return s;
	/* the claim is "no gain": its outcomes mirror the scaling's */
	return (enum tvp_state)((s & ST_PARTLY) | (s & ST_HOLDS ? ST_NOT : 0) |
	                        (s & ST_NOT ? ST_HOLDS : 0) | (s & ST_AT));
}

/* C3's rule: threads near the predicted makespan, processes behind. */
static enum tvp_state io_rule(double t, double p, double pred)
{
	if (t > BETTER * pred)
		return ST_NOT;
	return p >= BETTER * t ? ST_HOLDS : ST_PARTLY;
}

enum tvp_state tvp_rule_pool5(struct est threads, struct est procs, double pred)
{
	return corners(io_rule, threads, procs, pred);
}

enum tvp_state tvp_rule_many_waiting(struct est r, enum tvp_state pool5)
{
	enum tvp_state many = tvp_ladder(r, 1 / BETTER, BETTER), s = 0;

	if (pool5 & ST_NOT)
		s |= ST_NOT;
	if (pool5 & (ST_HOLDS | ST_PARTLY))
		s |= many;
	/* at a threshold only where the Pool(5) test is settled */
	if (tvp_unsettled(pool5))
		s = (enum tvp_state)(s & ~ST_AT);
	return s;
}

enum tvp_state tvp_rule_creation(struct est r)
{
	return tvp_ladder(r, COSTLIER, COSTLIER);
}

enum tvp_state tvp_rule_copies(enum tvp_state s, double kept)
{
	if (!(s & ST_HOLDS))
		return s;
	return (enum tvp_state)((s & ~ST_HOLDS) |
	                        (kept >= COPIES ? ST_HOLDS : ST_PARTLY));
}

/* C5's rule: processes slow down when oversubscribed, threads do not. */
static enum tvp_state oversub_rule(double rp, double rt, double unused)
{
	(void)unused;
	if (rp >= SLOWS && rt < SLOWS)
		return ST_HOLDS;
	return rp < SLOWS / BETTER / BETTER ? ST_NOT : ST_PARTLY;
}

enum tvp_state tvp_rule_oversub(struct est procs, struct est threads)
{
	return corners(oversub_rule, procs, threads, 0);
}

enum tvp_state tvp_rule_pool(struct est r)
{
	/* holds from POOL_GAIN; the pool slower than per-task: not */
	return tvp_ladder(r, 1, POOL_GAIN);
}

enum tvp_state tvp_rule_pair(struct est r, double partly, double holds)
{
	return tvp_ladder(r, partly, holds);
}

enum tvp_state tvp_rule_across_sizes(const enum tvp_state *st, int n)
{
	enum tvp_state all = ST_NA;
	unsigned common = ST_UNSETTLED; /* the outcomes every size allows */
	bool open = false;

	for (int k = 0; k < n; k++) {
		open |= tvp_unsettled(st[k]) != 0;
		common &= st[k] & ST_UNSETTLED;
		all = all == ST_NA ? st[k] : (enum tvp_state)(all | st[k]);
	}
	if (all == ST_NA)
		return ST_NA;
	/* every way the sizes could settle: one outcome they all allow
	 * (common), or, where two sizes may differ, partly; so two sizes
	 * settled apart are partly whatever an open one settles to */
	unsigned any = all & ST_UNSETTLED,
	         r = common | (n > 1 && (any & (any - 1)) ? ST_PARTLY : 0);
	if (open) /* (several outcomes left: not settled, not at a line) */
		return (enum tvp_state)r;
	/* at a line: exactly the two outcomes either side of one (three:
	 * sizes at different lines, which is not settled) */
	return (enum tvp_state)(tvp_two_outcomes(r) ? r | ST_AT : r);
}

enum tvp_state tvp_rule_switch(struct est r)
{
	return tvp_ladder(r, SWITCH_SOME, SWITCH_MORE);
}

enum tvp_state tvp_rule_race(double threads, double procs, bool none_locked)
{
	if (!none_locked)
		return ST_NOT;
	if (threads > 0 && procs > 0)
		return ST_HOLDS;
	return threads > 0 || procs > 0 ? ST_PARTLY : ST_NOT;
}

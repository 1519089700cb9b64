/* SPDX-License-Identifier: MIT */
/*
 * How a verdict is reached from the two sides' evidence (claims.h): the
 * ladder an interval is judged on, and the rule that combines C and
 * Python, tried every way a side not settled could still settle.
 */
#include "claims.h"

#include <math.h>
#include <stdbool.h>

static enum tvp_state rung(double x, double partly, double holds)
{
	return x >= holds ? ST_HOLDS : x >= partly ? ST_PARTLY : ST_NOT;
}

/* The outcome just under holds: partly on a ladder, else not. */
static enum tvp_state under_holds(double partly, double holds)
{
	return partly < holds ? ST_PARTLY : ST_NOT;
}

/* Whether [lo, hi] lies within TVP_AT_BAND of threshold t, both ends. */
static bool within_band(double lo, double hi, double t)
{
	return t > 0 && !isinf(t) && lo >= t * (1 - TVP_AT_BAND) &&
	       hi <= t * (1 + TVP_AT_BAND);
}

double tvp_at_line(enum tvp_state s, double lo, double hi, double partly,
                   double holds)
{
	enum tvp_state under = under_holds(partly, holds);
	unsigned o = s & ST_UNSETTLED;
	/* the line the interval reaches over or sits beside, from the
	 * outcomes it allows (not from lo and hi against the line, which
	 * a rule may draw with >= or <=): holds where it allows only holds
	 * and the outcome under it, partly where only partly and not */
	bool by_holds = o != 0 && (o & ~(unsigned)(ST_HOLDS | under)) == 0,
	     by_partly = o != 0 && partly < holds &&
	                 (o & ~(unsigned)(ST_PARTLY | ST_NOT)) == 0;
	bool in_h = by_holds && within_band(lo, hi, holds),
	     in_p = by_partly && within_band(lo, hi, partly);

	if (isnan(lo) || isnan(hi))
		return NAN;
	/* (both: partly settled between two lines within 6% of each
	 * other; the nearer line) */
	if (in_h && in_p)
		in_h = fabs(log((lo + hi) / 2 / holds)) <
		       fabs(log((lo + hi) / 2 / partly));
	return in_h ? holds : in_p ? partly : NAN;
}

enum tvp_state tvp_at(enum tvp_state s, double lo, double hi, double partly,
                      double holds)
{
	double t = tvp_at_line(s, lo, hi, partly, holds);

	/* within the band of that line, across it or just to one side:
	 * the figure is at the line, measured (a run's noise would put
	 * it on either side), so the two outcomes either side of it and
	 * ST_AT */
	if (isnan(t))
		return s;
	if (t == holds)
		return (enum tvp_state)(under_holds(partly, holds) | ST_HOLDS |
		                        ST_AT);
	return (enum tvp_state)(ST_NOT | ST_PARTLY | ST_AT);
}

enum tvp_state tvp_judge(double lo, double hi, double partly, double holds)
{
	enum tvp_state a = rung(lo, partly, holds), b = rung(hi, partly, holds);

	if (isnan(lo) || isnan(hi))
		return ST_NA;
	/* a ladder: from "not" to "holds" passes through "partly" where
	 * there is such a rung */
	if ((a | b) == (ST_NOT | ST_HOLDS) && partly < holds)
		return ST_UNSETTLED;
	return tvp_at(a | b, lo, hi, partly, holds);
}

/* The rule for two settled sides. */
static enum tvp_verdict combine1(enum tvp_state c, enum tvp_state py)
{
	if (c == ST_HOLDS && py == ST_HOLDS)
		return TVP_HOLDS;
	if (c == ST_NOT && py == ST_NOT)
		return TVP_NOT;
	if (c == ST_NOT && py == ST_HOLDS)
		return TVP_PYTHON_ONLY;
	return TVP_PARTLY;
}

/* The one verdict of every way c and py could still settle, or
 * TVP_UNSETTLED. */
static enum tvp_verdict combine_all(enum tvp_state c, enum tvp_state py)
{
	enum tvp_verdict v = TVP_UNTESTED;

	for (int i = 1; i <= ST_NOT; i <<= 1)
		for (int j = 1; j <= ST_NOT; j <<= 1) {
			enum tvp_verdict w;

			if (!(c & i) || !(py & j))
				continue;
			w = combine1((enum tvp_state)i, (enum tvp_state)j);
			if (v != TVP_UNTESTED && w != v)
				return TVP_UNSETTLED;
			v = w;
		}
	return v;
}

enum tvp_verdict tvp_combine(enum tvp_state c, enum tvp_state py)
{
	enum tvp_verdict v;

	if (c == ST_NA && py == ST_NA)
		return TVP_UNTESTED;
	if (c == ST_NA)
		c = py;
	if (py == ST_NA)
		py = c;
	/* every way the two could still settle; where they part, a side at
	 * its threshold decides: the verdict is the line itself */
	v = combine_all(c, py);
	if (v == TVP_UNSETTLED && ((c | py) & ST_AT) && !tvp_unsettled(c) &&
	    !tvp_unsettled(py))
		return TVP_AT;
	return v;
}

const char *tvp_verdict_name(enum tvp_verdict v)
{
	static const char *const names[] = { "**holds**",
		                             "**holds for Python only**",
		                             "**holds partly**",
		                             "**does not hold**",
		                             "*not settled at this precision*",
		                             "not measured",
		                             "*at the threshold*" };
	return names[v];
}

const char *tvp_verdict_word(enum tvp_verdict v)
{
	static const char *const words[] = {
		"holds",           "holds for Python only", "holds partly",
		"does not hold",   "not settled",           "not measured",
		"at the threshold"
	};
	return words[v];
}

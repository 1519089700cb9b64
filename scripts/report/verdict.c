/* SPDX-License-Identifier: MIT */
/*
 * How a verdict is reached from the two sides' evidence (claims.h): the
 * ladder an interval is judged on, and the rule that combines C and
 * Python, tried every way a side not settled could still settle.
 */
#include "claims.h"

#include <math.h>

static enum tvp_state rung(double x, double partly, double holds)
{
	return x >= holds ? ST_HOLDS : x >= partly ? ST_PARTLY : ST_NOT;
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
	return a | b;
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

enum tvp_verdict tvp_combine(enum tvp_state c, enum tvp_state py)
{
	enum tvp_verdict v = TVP_UNTESTED;

	if (c == ST_NA && py == ST_NA)
		return TVP_UNTESTED;
	if (c == ST_NA)
		c = py;
	if (py == ST_NA)
		py = c;
	/* every way the two could still settle */
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

const char *tvp_verdict_name(enum tvp_verdict v)
{
	static const char *const names[] = { "**holds**",
		                             "**holds for Python only**",
		                             "**holds partly**",
		                             "**does not hold**",
		                             "*not settled at this precision*",
		                             "not measured" };
	return names[v];
}

const char *tvp_verdict_word(enum tvp_verdict v)
{
	static const char *const words[] = {
		"holds",         "holds for Python only", "holds partly",
		"does not hold", "not settled",           "not measured"
	};
	return words[v];
}

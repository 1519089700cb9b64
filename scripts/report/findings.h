/* SPDX-License-Identifier: MIT */
/*
 * What the analysis found, as numbers and enums: the schema claims.json
 * carries beside its sentences, so that the page, `make compare` and a
 * reader with jq can check every figure without parsing English.
 *
 *   figure     name, unit, value, lo, hi (its interval), n (the rounds,
 *              runs or repetitions behind it; 0: not known) and how the
 *              interval was taken
 *   condition  name, the measured value, the level it needs, which way
 *              (at least / at most), met or not: what the experiment had
 *              to create for its effect to show
 *   part       a claim judged in parts (C10): name, state, its figures
 *   side       one language's evidence: its state, figures, conditions
 *              and parts
 *
 * Names and units are identifiers from the code (string literals with
 * static storage), never sentences; the writers turn them into words.
 */
#ifndef TVP_FINDINGS_H
#define TVP_FINDINGS_H

#include <stdbool.h>

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
	/* With the two outcomes either side of one threshold: a precise
	 * interval that lies within TVP_AT_BAND of the threshold itself.
	 * The figure is at the line the rule draws, measured: a settled
	 * outcome ("at the threshold"), not one more rounds would change. */
	ST_AT = 8,
};

/* How near a threshold an interval must lie, both ends, to be at it. */
#define TVP_AT_BAND 0.03

/* Exactly two of the outcomes (holds, partly, not) in s. */
static inline int tvp_two_outcomes(unsigned s)
{
	unsigned o = s & ST_UNSETTLED, rest = o & (o - 1);

	return rest != 0 && (rest & (rest - 1)) == 0;
}

/* More than one outcome left open: the interval straddles a threshold
 * (and is not at it). */
static inline int tvp_unsettled(enum tvp_state s)
{
	unsigned o = s & ST_UNSETTLED;

	/* at a threshold: exactly the two outcomes either side of it */
	if ((s & ST_AT) && tvp_two_outcomes(s))
		return 0;
	return (o & (o - 1)) != 0;
}

/* claims.json's "schema": raised whenever a field changes meaning */
#define TVP_FINDINGS_VERSION 1

#define TVP_MAXFIG  16
#define TVP_MAXCOND 16
#define TVP_MAXPART 3

/* How a figure's interval was taken (claims.json: "interval"). */
enum tvp_interval {
	IV_NONE,      /* a point: no interval (never settles a verdict) */
	IV_BOOTSTRAP, /* percentile bootstrap of the median over rounds */
	IV_ORDER,     /* order statistics of the median (distribution-free) */
	IV_EXTREMES,  /* the lowest and highest of the runs */
	IV_QUOTIENT,  /* a / b from the ends of a's and b's intervals */
	IV_EXACT,     /* a count, exact (lost updates) */
};

struct tvp_figure {
	const char *name, *unit;
	double value, lo, hi; /* NAN: not known */
	long n;
	enum tvp_interval interval;
};

enum tvp_cmp { TVP_AT_LEAST, TVP_AT_MOST };

struct tvp_condition {
	const char *name, *unit;
	double value, needed;
	enum tvp_cmp cmp;
	bool met;
};

struct tvp_part {
	const char *name;
	enum tvp_state state;
	int nfig;
	struct tvp_figure fig[TVP_MAXFIG];
};

struct tvp_side {
	enum tvp_state state;
	int nfig, ncond, npart;
	int rests_on; /* 1 + the index of the figure the rule read; 0: none */
	struct tvp_figure fig[TVP_MAXFIG];
	struct tvp_condition cond[TVP_MAXCOND];
	struct tvp_part part[TVP_MAXPART];
};

/*
 * Adding to a side: a figure (NULL when the side is full: a programming
 * error, whose name tvp_findings_lost keeps for the writer to say), a
 * condition whose met is decided here from cmp (a NAN value is never
 * met), a part.
 */
/* The name of the first figure, condition or part a full side could not
 * take in this process, or NULL: the writers say it (the findings write
 * no text). */
const char *tvp_findings_lost(void);
struct tvp_figure *tvp_fig(struct tvp_side *s, const char *name,
                           const char *unit, double v, double lo, double hi,
                           long n, enum tvp_interval iv);
struct tvp_figure *tvp_part_fig(struct tvp_part *p, const char *name,
                                const char *unit, double v, double lo,
                                double hi, long n, enum tvp_interval iv);
struct tvp_condition *tvp_cond(struct tvp_side *s, const char *name,
                               const char *unit, double value, enum tvp_cmp cmp,
                               double needed);
struct tvp_part *tvp_part(struct tvp_side *s, const char *name,
                          enum tvp_state state);

/* A side's figure or condition by name; NULL when it has none. */
const struct tvp_figure *tvp_fig_get(const struct tvp_side *s,
                                     const char *name);
const struct tvp_condition *tvp_cond_get(const struct tvp_side *s,
                                         const char *name);

/* Name the figure the side's rule read (one already added). */
void tvp_rests_on(struct tvp_side *s, const char *name);

/* Every condition of the side met (true for a side with none). */
bool tvp_conds_met(const struct tvp_side *s);

/* The words claims.json uses for the enums. */
const char *tvp_state_word(enum tvp_state s); /* "supports", ... */
const char *tvp_interval_word(enum tvp_interval iv);
/* A condition's name in words ("tasks per worker"), for the writers. */
const char *tvp_cond_words(const char *name);

#endif

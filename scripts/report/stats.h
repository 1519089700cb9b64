/* SPDX-License-Identifier: MIT */
/*
 * Statistics for the report, on top of GSL: medians with their exact
 * order-statistic intervals (bench/lib/interval.h), ratios paired by
 * round, the Karp-Flatt serial fraction and a least-squares Amdahl fit.
 */
#ifndef TVP_STATS_H
#define TVP_STATS_H

#include <stddef.h>

#define TVP_BOOTSTRAP_RESAMPLES 2000

struct tvp_summary {
	size_t n; /* the values behind it: rounds, or pairs of rounds */
	/* ci: the order statistics that cover the median with at least 95%
	 * (bench/lib/interval.h); NAN both when n < 6, too few for that */
	double median, ci_low, ci_high;
	double mean, sd, cv_pct; /* sd: sample standard deviation */
};

/*
 * Summarise x[0..n) (n >= 1). The seed is not used (the interval is
 * exact, nothing is drawn); it stays so that every caller written for the
 * bootstrap still builds.
 */
int tvp_summarize(const double *x, size_t n, unsigned long seed,
                  struct tvp_summary *out);

/*
 * The median of the ratios num[i] / den[i], i < n, each pair measured in
 * the same round, and its interval over those ratios (out->n = n, the
 * pairs). -1 when n == 0 or a denominator is not positive.
 */
int tvp_paired_ratio(const double *num, const double *den, size_t n,
                     struct tvp_summary *out);

double tvp_median(const double *x, size_t n);

/*
 * Speedup median(base) / median(x) and its 95% bootstrap interval,
 * resampling both samples independently: only for two samples with no
 * pairing between them (two machines, tvp-report compare); within a
 * sweep, tvp_paired_ratio.
 */
int tvp_speedup(const double *base, size_t nb, const double *x, size_t nx,
                unsigned long seed, double *speedup, double *low, double *high);

/* Karp-Flatt experimentally determined serial fraction; NAN for p <= 1. */
double tvp_karp_flatt(double speedup, double p);

/* Amdahl's law: the speedup on p workers with serial fraction s. */
double tvp_amdahl(double s, double p);

/*
 * The serial fraction s that fits speedup[i] on p[i] workers best, by
 * least squares on 1/S - 1/p = s (1 - 1/p); clamped to [0, 1]. NAN when no
 * point has p > 1.
 */
double tvp_amdahl_fit(const double *p, const double *speedup, size_t n);

#endif

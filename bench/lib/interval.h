/* SPDX-License-Identifier: MIT */
/*
 * The one interval of a median that every figure uses: the micro-benchmarks
 * (bench/micro/micro.c) and the report (scripts/report/stats.c). It is
 * distribution-free: the order statistics x(k) and x(n+1-k) (1-based) of n
 * independent values bracket their true median unless at least n+1-k of
 * them fall on one side of it, and the count on one side is
 * Binomial(n, 1/2) whatever the distribution, so the interval covers with
 * probability 1 - 2 P(B < k). A percentile bootstrap of a median from a
 * handful of values is only their range, which covers far less often than
 * it says. Header-only, so that the programs and the report, linked apart,
 * share the same code.
 */
#ifndef TVP_INTERVAL_H
#define TVP_INTERVAL_H

#include <math.h>

#define TVP_INTERVAL_TAIL 0.025 /* each side: a 95% interval at least */

/*
 * The largest k with P(B < k) <= TVP_INTERVAL_TAIL for B ~ Binomial(n,
 * 1/2): the interval is [x(k), x(n+1-k)] (1-based). 0 when even the
 * extremes cover less than 95% (n < 6: 1 - 2/2^n < 0.95).
 */
static inline long tvp_median_rank(long n)
{
	double p = 1, tail = 0; /* p: P(B = i); tail: P(B < i) */
	long k = 0;

	for (long i = 0; i < n; i++)
		p /= 2;
	for (long i = 0; i < n; i++) {
		/* P(B < i + 1) = tail + P(B = i) */
		if (tail + p > TVP_INTERVAL_TAIL)
			break;
		tail += p;
		k = i + 1;
		p = p * (double)(n - i) / (double)(i + 1);
	}
	return k;
}

/*
 * The interval of the median of sorted[0..n) (ascending) into lo and hi;
 * NAN for both where n is too small for 95% (tvp_median_rank). Returns
 * its rank k (0: none).
 */
static inline long tvp_median_interval(const double *sorted, long n, double *lo,
                                       double *hi)
{
	long k = tvp_median_rank(n);

	*lo = k > 0 ? sorted[k - 1] : NAN;
	*hi = k > 0 ? sorted[n - k] : NAN;
	return k;
}

/* Its coverage, 1 - 2 P(B < k): what the interval of n values promises. */
static inline double tvp_median_coverage(long n)
{
	long k = tvp_median_rank(n);
	double p = 1, tail = 0;

	if (k == 0)
		return NAN;
	for (long i = 0; i < n; i++)
		p /= 2;
	for (long i = 0; i < k; i++) {
		tail += p;
		p = p * (double)(n - i) / (double)(i + 1);
	}
	return 1 - 2 * tail;
}

#endif

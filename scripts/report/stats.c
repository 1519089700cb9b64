/* SPDX-License-Identifier: MIT */
#include "stats.h"

#include "../../bench/lib/interval.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double *sorted_copy(const double *x, size_t n)
{
	double *c = malloc(n * sizeof(*c));

	if (c != NULL) {
		memcpy(c, x, n * sizeof(*c));
		gsl_sort(c, 1, n);
	}
	return c;
}

double tvp_median(const double *x, size_t n)
{
	double *c = sorted_copy(x, n), m;

	if (c == NULL)
		return NAN;
	m = gsl_stats_median_from_sorted_data(c, 1, n);
	free(c);
	return m;
}

/* Median of a resample of x drawn with replacement, using buf. */
static double resampled_median(const gsl_rng *r, const double *x, size_t n,
                               double *buf)
{
	for (size_t k = 0; k < n; k++)
		buf[k] = x[gsl_rng_uniform_int(r, n)];
	gsl_sort(buf, 1, n);
	return gsl_stats_median_from_sorted_data(buf, 1, n);
}

/* 2.5% and 97.5% quantiles of B bootstrap statistics. */
static void percentile_ci(double *stat, double *low, double *high)
{
	gsl_sort(stat, 1, TVP_BOOTSTRAP_RESAMPLES);
	*low = gsl_stats_quantile_from_sorted_data(
	        stat, 1, TVP_BOOTSTRAP_RESAMPLES, 0.025);
	*high = gsl_stats_quantile_from_sorted_data(
	        stat, 1, TVP_BOOTSTRAP_RESAMPLES, 0.975);
}

int tvp_summarize(const double *x, size_t n, unsigned long seed,
                  struct tvp_summary *out)
{
	double *c;

	(void)seed;
	if (n == 0 || (c = sorted_copy(x, n)) == NULL)
		return -1;
	out->n = n;
	out->median = gsl_stats_median_from_sorted_data(c, 1, n);
	tvp_median_interval(c, (long)n, &out->ci_low, &out->ci_high);
	out->mean = gsl_stats_mean(x, 1, n);
	out->sd = n > 1 ? gsl_stats_sd(x, 1, n) : 0.0;
	out->cv_pct = out->mean > 0 ? 100.0 * out->sd / out->mean : 0.0;
	free(c);
	return 0;
}

int tvp_paired_ratio(const double *num, const double *den, size_t n,
                     struct tvp_summary *out)
{
	double *q;
	int rc;

	if (n == 0 || (q = malloc(n * sizeof(*q))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!(den[i] > 0)) {
			free(q);
			return -1;
		}
		q[i] = num[i] / den[i];
	}
	rc = tvp_summarize(q, n, 0, out);
	free(q);
	return rc;
}

int tvp_speedup(const double *base, size_t nb, const double *x, size_t nx,
                unsigned long seed, double *speedup, double *low, double *high)
{
	double *bb, *bx, *stat;
	gsl_rng *r;
	int rc = -1;

	if (nb == 0 || nx == 0)
		return -1;
	bb = malloc(nb * sizeof(*bb));
	bx = malloc(nx * sizeof(*bx));
	stat = malloc(TVP_BOOTSTRAP_RESAMPLES * sizeof(*stat));
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (bb == NULL || bx == NULL || stat == NULL || r == NULL)
		goto out;
	gsl_rng_set(r, seed);
	*speedup = tvp_median(base, nb) / tvp_median(x, nx);
	for (size_t b = 0; b < TVP_BOOTSTRAP_RESAMPLES; b++) {
		double mb = resampled_median(r, base, nb, bb);

		stat[b] = mb / resampled_median(r, x, nx, bx);
	}
	percentile_ci(stat, low, high);
	rc = 0;
out:
	if (r != NULL)
		gsl_rng_free(r);
	free(stat);
	free(bx);
	free(bb);
	return rc;
}

double tvp_karp_flatt(double speedup, double p)
{
	if (p <= 1 || speedup <= 0)
		return NAN;
	return (1.0 / speedup - 1.0 / p) / (1.0 - 1.0 / p);
}

double tvp_amdahl(double s, double p)
{
	return 1.0 / (s + (1.0 - s) / p);
}

double tvp_amdahl_fit(const double *p, const double *speedup, size_t n)
{
	double *x = malloc(n * sizeof(*x)), *y = malloc(n * sizeof(*y));
	double s = NAN, cov, sumsq;
	size_t m = 0;

	for (size_t i = 0; x && y && i < n; i++) {
		if (p[i] <= 1 || speedup[i] <= 0)
			continue;
		x[m] = 1.0 - 1.0 / p[i];
		y[m++] = 1.0 / speedup[i] - 1.0 / p[i];
	}
	if (m > 0 && gsl_fit_mul(x, 1, y, 1, m, &s, &cov, &sumsq) == 0)
		s = s < 0 ? 0 : s > 1 ? 1 : s;
	free(x);
	free(y);
	return s;
}

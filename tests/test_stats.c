/* SPDX-License-Identifier: MIT */
/* The report's statistics against values worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "../bench/lib/interval.h"
#include "../scripts/report/claims.h"
#include "../scripts/report/compare.h"
#include "../scripts/report/stats.h"
#include "util.h"

static void median_odd_even(void **state)
{
	const double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 };

	(void)state;
	assert_close(tvp_median(odd, 3), 2.0, 1e-12);
	assert_close(tvp_median(even, 4), 2.5, 1e-12);
	assert_close(tvp_median(odd, 1), 3.0, 1e-12);
}

static void summary_mean_sd_cv(void **state)
{
	const double x[] = { 1, 2, 3, 4, 5 };
	struct tvp_summary s;

	(void)state;
	assert_int_equal(tvp_summarize(x, 5, 42, &s), 0);
	assert_int_equal(s.n, 5);
	assert_close(s.median, 3.0, 1e-12);
	assert_close(s.mean, 3.0, 1e-12);
	assert_close(s.sd, sqrt(2.5), 1e-12); /* sample sd */
	assert_close(s.cv_pct, 100 * sqrt(2.5) / 3, 1e-9);
	/* five values: even their extremes cover only 1 - 2/32 = 93.75% */
	assert_true(isnan(s.ci_low) && isnan(s.ci_high));
}

/* P(B < k) for B ~ Binomial(n, 1/2), by the sum of C(n, i) / 2^n. */
static double binomial_below(long n, long k)
{
	double c = 1, sum = 0;

	for (long i = 0; i < k; i++) {
		sum += c;
		c = c * (double)(n - i) / (double)(i + 1);
	}
	return sum / pow(2, (double)n);
}

/*
 * The ranks worked out by hand from the binomial tails: n = 7, P(B < 1) =
 * 1/128 and P(B < 2) = 8/128, so k = 1, the extremes (98.4%); n = 10,
 * P(B < 2) = 11/1024, P(B < 3) = 56/1024: k = 2 (97.9%); n = 15, P(B <
 * 4) = 576/32768, P(B < 5) = 1941/32768: k = 4; n = 21, P(B < 6) =
 * 27896/2^21, P(B < 7) = 82160/2^21: k = 6. Under 6 values none.
 */
static void median_rank_from_the_binomial(void **state)
{
	const long n[] = { 1, 5, 6, 7, 10, 15, 21, 41 },
	           k[] = { 0, 0, 1, 1, 2, 4, 6, 14 };

	(void)state;
	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		assert_int_equal(tvp_median_rank(n[i]), k[i]);
		if (k[i] > 0) {
			assert_true(binomial_below(n[i], k[i]) <= 0.025);
			assert_close(tvp_median_coverage(n[i]),
			             1 - 2 * binomial_below(n[i], k[i]), 1e-12);
		}
		assert_true(binomial_below(n[i], k[i] + 1) > 0.025);
	}
	assert_close(binomial_below(7, 1), 1.0 / 128, 1e-15);
	assert_close(binomial_below(10, 3), 56.0 / 1024, 1e-15);
	assert_close(binomial_below(15, 4), 576.0 / 32768, 1e-15);
	assert_close(binomial_below(21, 6), 27896.0 / 2097152, 1e-15);
	/* every n up to 200: the largest k within the tail */
	for (long m = 1; m <= 200; m++) {
		long r = tvp_median_rank(m);

		assert_true(r == 0 || binomial_below(m, r) <= 0.025);
		assert_true(binomial_below(m, r + 1) > 0.025);
		assert_true(m >= 6 ? r >= 1 : r == 0);
	}
}

/* The interval picks x(k) and x(n+1-k) of the sorted values (1-based). */
static void median_interval_indices(void **state)
{
	double x[21], lo, hi;
	struct tvp_summary s;

	(void)state;
	for (int i = 0; i < 21; i++)
		x[i] = i + 1; /* x(i) = i */
	assert_int_equal(tvp_median_interval(x, 7, &lo, &hi), 1);
	assert_close(lo, 1, 0);
	assert_close(hi, 7, 0);
	assert_int_equal(tvp_median_interval(x, 10, &lo, &hi), 2);
	assert_close(lo, 2, 0);
	assert_close(hi, 9, 0);
	assert_int_equal(tvp_median_interval(x, 15, &lo, &hi), 4);
	assert_close(lo, 4, 0);
	assert_close(hi, 12, 0);
	assert_int_equal(tvp_median_interval(x, 21, &lo, &hi), 6);
	assert_close(lo, 6, 0);
	assert_close(hi, 16, 0);
	assert_int_equal(tvp_median_interval(x, 5, &lo, &hi), 0);
	assert_true(isnan(lo) && isnan(hi));
	/* tvp_summarize sorts first: the same interval from shuffled data */
	{
		const double y[] = { 9, 3, 10, 1, 7, 2, 8, 5, 4, 6 };

		assert_int_equal(tvp_summarize(y, 10, 0, &s), 0);
		assert_close(s.median, 5.5, 1e-12);
		assert_close(s.ci_low, 2, 0);
		assert_close(s.ci_high, 9, 0);
	}
}

/* A ratio taken within each round, not of two medians. */
static void paired_ratio_within_rounds(void **state)
{
	/* the host drifts: both sides of a round slow together */
	const double serial[] = { 1.0, 2.0, 1.5, 1.2, 1.8, 1.1, 1.3 };
	double half[7];
	struct tvp_summary s;

	(void)state;
	for (int i = 0; i < 7; i++)
		half[i] = serial[i] / 2;
	assert_int_equal(tvp_paired_ratio(serial, half, 7, &s), 0);
	assert_int_equal(s.n, 7);
	assert_close(s.median, 2, 1e-12);
	assert_close(s.ci_low, 2, 1e-12);
	assert_close(s.ci_high, 2, 1e-12);
	/* too few pairs: a median, no interval */
	assert_int_equal(tvp_paired_ratio(serial, half, 3, &s), 0);
	assert_close(s.median, 2, 1e-12);
	assert_true(isnan(s.ci_low) && isnan(s.ci_high));
	half[2] = 0;
	assert_int_equal(tvp_paired_ratio(serial, half, 7, &s), -1);
	assert_int_equal(tvp_paired_ratio(serial, half, 0, &s), -1);
}

static void speedup_and_interval(void **state)
{
	const double base[] = { 2.0, 2.0, 2.0, 2.0, 2.0 };
	const double half[] = { 1.0, 1.0, 1.0, 1.0, 1.0 };
	const double noisy[] = { 0.9, 1.0, 1.1, 1.0, 0.95, 1.05 };
	double s, lo, hi;

	(void)state;
	assert_int_equal(tvp_speedup(base, 5, half, 5, 3, &s, &lo, &hi), 0);
	assert_close(s, 2.0, 1e-12);
	assert_close(lo, 2.0, 1e-12);
	assert_close(hi, 2.0, 1e-12);
	tvp_speedup(base, 5, noisy, 6, 3, &s, &lo, &hi);
	assert_close(s, 2.0, 1e-12);
	assert_true(lo < 2.0 && hi > 2.0);
	assert_true(lo >= 2.0 / 1.1 && hi <= 2.0 / 0.9);
}

static void karp_flatt_known(void **state)
{
	(void)state;
	assert_close(tvp_karp_flatt(2.0, 2), 0.0, 1e-12);
	assert_close(tvp_karp_flatt(1.5, 2), 1.0 / 3, 1e-12);
	assert_close(tvp_karp_flatt(1.0, 4), 1.0, 1e-12);
	assert_true(isnan(tvp_karp_flatt(1.0, 1)));
}

static void amdahl_fit_recovers_s(void **state)
{
	double p[] = { 1, 2, 4, 8, 16 }, sp[5];

	(void)state;
	assert_close(tvp_amdahl(0.1, 4), 1 / 0.325, 1e-12);
	assert_close(tvp_amdahl(0.0, 16), 16, 1e-12);
	for (int i = 0; i < 5; i++)
		sp[i] = tvp_amdahl(0.1, p[i]);
	assert_close(tvp_amdahl_fit(p, sp, 5), 0.1, 1e-12);
	for (int i = 0; i < 5; i++)
		sp[i] = p[i]; /* perfect scaling */
	assert_close(tvp_amdahl_fit(p, sp, 5), 0.0, 1e-12);
	sp[1] = 2.2; /* superlinear: clamped at 0 */
	assert_true(tvp_amdahl_fit(p, sp, 2) == 0.0);
	assert_true(isnan(tvp_amdahl_fit(p, sp, 1)));
}

static void scaling_thresholds(void **state)
{
	(void)state;
	/* on 2 cores the ideal gain is 1: 75% of it uses the cores */
	assert_int_equal(tvp_scaling(1.75, 2), ST_HOLDS);
	assert_int_equal(tvp_scaling(1.74, 2), ST_PARTLY);
	assert_int_equal(tvp_scaling(1.26, 2), ST_PARTLY);
	assert_int_equal(tvp_scaling(1.25, 2), ST_NOT);
	assert_int_equal(tvp_scaling(0.9, 2), ST_NOT);
	/* on 16 cores: 1 + 0.75 x 15 = 12.25 */
	assert_int_equal(tvp_scaling(12.25, 16), ST_HOLDS);
	assert_int_equal(tvp_scaling(12.0, 16), ST_PARTLY);
	assert_int_equal(tvp_scaling(2.0, 1), ST_NA); /* one core: no test */
	assert_int_equal(tvp_scaling(NAN, 4), ST_NA);
}

/*
 * The rule as RESULTS.md prints it, as a table over settled sides (the
 * sentence, not the code under test): both support the claim: holds; C
 * contradicts it and Python supports it: holds for Python only; both
 * contradict it: does not hold; anything else: holds partly; a side not
 * measured takes the other's outcome.
 */
static enum tvp_verdict written_rule(enum tvp_state c, enum tvp_state py)
{
	static const struct {
		enum tvp_state c, py;
		enum tvp_verdict v;
	} table[] = {
		{ ST_HOLDS, ST_HOLDS, TVP_HOLDS },
		{ ST_HOLDS, ST_PARTLY, TVP_PARTLY },
		{ ST_HOLDS, ST_NOT, TVP_PARTLY },
		{ ST_PARTLY, ST_HOLDS, TVP_PARTLY },
		{ ST_PARTLY, ST_PARTLY, TVP_PARTLY },
		{ ST_PARTLY, ST_NOT, TVP_PARTLY },
		{ ST_NOT, ST_HOLDS, TVP_PYTHON_ONLY },
		{ ST_NOT, ST_PARTLY, TVP_PARTLY },
		{ ST_NOT, ST_NOT, TVP_NOT },
	};

	if (c == ST_NA && py == ST_NA)
		return TVP_UNTESTED;
	c = c == ST_NA ? py : c;
	py = py == ST_NA ? c : py;
	for (size_t i = 0; i < sizeof(table) / sizeof(*table); i++)
		if (table[i].c == c && table[i].py == py)
			return table[i].v;
	fail_msg("no rule for %d, %d", c, py);
	return TVP_UNTESTED;
}

/*
 * Every combination of C and Python outcomes, settled, not settled
 * (every way an interval can straddle) or not measured, against the
 * written rule: a side not settled makes the verdict not settled unless
 * every way it could settle gives one verdict.
 */
static void verdicts_follow_the_written_rule(void **state)
{
	static const enum tvp_state all[] = {
		ST_NA,
		ST_HOLDS,
		ST_PARTLY,
		ST_NOT,
		ST_HOLDS | ST_PARTLY,
		ST_PARTLY | ST_NOT,
		ST_HOLDS | ST_NOT, /* a two-rung ladder (C4) */
		ST_UNSETTLED,
	};
	const size_t n = sizeof(all) / sizeof(*all);

	(void)state;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			enum tvp_state c = all[i], py = all[j];
			enum tvp_verdict want = TVP_UNTESTED;
			int first = 1;

			/* every way the two could settle */
			for (int x = 1; x <= ST_NOT; x <<= 1)
				for (int y = 1; y <= ST_NOT; y <<= 1) {
					enum tvp_verdict w;

					if ((c != ST_NA && !(c & x)) ||
					    (py != ST_NA && !(py & y)))
						continue;
					w = written_rule(c == ST_NA ? ST_NA : x,
					                 py == ST_NA ? ST_NA
					                             : y);
					if (!first && w != want)
						want = TVP_UNSETTLED;
					else if (first)
						want = w;
					first = 0;
				}
			if (c == ST_NA && py == ST_NA)
				want = TVP_UNTESTED;
			if (tvp_combine(c, py) != want)
				fail_msg("C %d, Python %d: verdict %d, the "
				         "written rule says %d",
				         c, py, tvp_combine(c, py), want);
		}
	/* the case that broke it: C holds, Python's gain straddles 0.25 */
	assert_int_equal(tvp_combine(ST_HOLDS, ST_NOT | ST_PARTLY), TVP_PARTLY);
	assert_int_equal(tvp_combine(ST_HOLDS, ST_HOLDS | ST_PARTLY),
	                 TVP_UNSETTLED);
	assert_string_equal(tvp_verdict_name(TVP_PYTHON_ONLY),
	                    "**holds for Python only**");
	assert_string_equal(tvp_verdict_name(TVP_UNSETTLED),
	                    "*not settled at this precision*");
	/* a side at its threshold: the verdict is the line where it turns
	 * on that side, the one verdict where it does not */
	assert_int_equal(tvp_combine(ST_HOLDS, ST_HOLDS | ST_PARTLY | ST_AT),
	                 TVP_AT);
	assert_int_equal(tvp_combine(ST_PARTLY, ST_HOLDS | ST_PARTLY | ST_AT),
	                 TVP_PARTLY);
	assert_int_equal(tvp_combine(ST_NA, ST_NOT | ST_PARTLY | ST_AT),
	                 TVP_AT);
	/* ... but a side still open leaves it open */
	assert_int_equal(tvp_combine(ST_HOLDS | ST_PARTLY,
	                             ST_HOLDS | ST_PARTLY | ST_AT),
	                 TVP_UNSETTLED);
	assert_false(tvp_unsettled(ST_HOLDS | ST_PARTLY | ST_AT));
	assert_true(tvp_unsettled(ST_UNSETTLED | ST_AT));
	assert_string_equal(tvp_verdict_word(TVP_AT), "at the threshold");
}

/*
 * Every pair of thresholds the claims use: an interval wholly on one
 * rung takes that rung; one that straddles either threshold is not
 * settled, never a rung chosen by where the point fell.
 */
static void intervals_that_straddle_are_not_settled(void **state)
{
	static const double ladders[][2] = {
		{ 0.25, 0.75 }, /* C1, C2: the gain over one core */
		{ 1.1, 1.5 },   /* C8: process / thread switch */
		{ 2.0, 2.0 },   /* C4: fork / thread, two states */
		{ 1.0, 1.5 },   /* C6: per-task / pool */
	};

	(void)state;
	for (size_t k = 0; k < sizeof(ladders) / sizeof(*ladders); k++) {
		double lo = ladders[k][0], hi = ladders[k][1];

		assert_int_equal(tvp_judge(lo * 0.5, lo * 0.9, lo, hi), ST_NOT);
		assert_int_equal(tvp_judge(hi * 1.01, hi * 2, lo, hi),
		                 ST_HOLDS);
		assert_true(
		        tvp_unsettled(tvp_judge(lo * 0.95, lo * 1.05, lo, hi)));
		assert_true(
		        tvp_unsettled(tvp_judge(hi * 0.95, hi * 1.05, lo, hi)));
		/* within 3% of the threshold, both ends: at it, settled,
		 * with the two outcomes either side of it */
		enum tvp_state at = tvp_judge(hi * 0.98, hi * 1.02, lo, hi);
		assert_true(at & ST_AT);
		assert_false(tvp_unsettled(at));
		assert_int_equal(at & ST_HOLDS, ST_HOLDS);
		assert_string_equal(tvp_state_word(at), "at the threshold");
		/* one end further: not at it */
		assert_true(
		        tvp_unsettled(tvp_judge(hi * 0.96, hi * 1.02, lo, hi)));
		/* just to one side of the line, within 3% of it: at it
		 * too (another run's interval would reach over it), with
		 * the same two outcomes; one end further: settled */
		enum tvp_state below = hi > lo ? ST_PARTLY : ST_NOT;
		assert_int_equal(tvp_judge(hi * 1.005, hi * 1.02, lo, hi),
		                 below | ST_HOLDS | ST_AT);
		assert_int_equal(tvp_judge(hi * 0.98, hi * 0.995, lo, hi),
		                 below | ST_HOLDS | ST_AT);
		assert_int_equal(tvp_judge(hi * 1.01, hi * 1.04, lo, hi),
		                 ST_HOLDS);
		assert_int_equal(tvp_judge(hi * 0.96, hi * 0.99, lo, hi),
		                 below);
		if (hi > lo) {
			double mid = (lo + hi) / 2;

			assert_int_equal(tvp_judge(mid, mid, lo, hi),
			                 ST_PARTLY);
			/* the same point, a wide interval: not settled */
			assert_int_equal(tvp_judge(lo / 2, hi * 2, lo, hi),
			                 ST_UNSETTLED);
			assert_int_equal(tvp_judge(lo * 0.95, lo * 1.05, lo,
			                           hi),
			                 ST_NOT | ST_PARTLY);
			assert_int_equal(tvp_judge(lo * 0.99, lo * 1.01, lo,
			                           hi),
			                 ST_NOT | ST_PARTLY | ST_AT);
			assert_int_equal(tvp_judge(lo * 1.004, lo * 1.019, lo,
			                           hi),
			                 ST_NOT | ST_PARTLY | ST_AT);
		}
	}
	/* the three quick runs of one machine that flipped C8 (1.14x,
	 * 1.09x, 1.14x against 1.1): with intervals around each, none can
	 * read "does not hold" while another reads "holds partly" */
	assert_true(tvp_unsettled(tvp_judge(1.05, 1.13, 1.1, 1.5)));
	assert_int_equal(tvp_judge(1.11, 1.18, 1.1, 1.5), ST_PARTLY);
	/* and the three that read at the threshold, holds partly, holds
	 * partly (1.105 to 1.121 against 1.1, PTI off): at it, all three */
	assert_int_equal(tvp_judge(1.0950, 1.1150, 1.1, 1.5),
	                 ST_NOT | ST_PARTLY | ST_AT);
	assert_int_equal(tvp_judge(1.1045, 1.1207, 1.1, 1.5),
	                 ST_NOT | ST_PARTLY | ST_AT);
}

/*
 * The permutation test: two copies of one sample cannot be told apart
 * (p = 1); two samples that do not overlap can, at the smallest p their
 * sizes allow (5 and 5 runs: 2 of the 252 splits are as extreme, 0.008),
 * and a second call with the same seed gives the same p.
 */
static void permutation_test_tells_apart_only_what_differs(void **state)
{
	const double a[] = { 1.00, 1.02, 0.99, 1.01, 1.03 };
	const double b[] = { 1.20, 1.22, 1.19, 1.21, 1.25 };
	double p;

	(void)state;
	assert_close(tvp_permutation_p(a, 5, a, 5, 7), 1.0, 1e-12);
	p = tvp_permutation_p(a, 5, b, 5, 7);
	assert_true(p < 0.02);
	assert_true(p > 0.002);
	assert_close(tvp_permutation_p(a, 5, b, 5, 7), p, 0);
	assert_true(isnan(tvp_permutation_p(a, 0, b, 5, 7)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(median_odd_even),
		cmocka_unit_test(summary_mean_sd_cv),
		cmocka_unit_test(median_rank_from_the_binomial),
		cmocka_unit_test(median_interval_indices),
		cmocka_unit_test(paired_ratio_within_rounds),
		cmocka_unit_test(speedup_and_interval),
		cmocka_unit_test(karp_flatt_known),
		cmocka_unit_test(amdahl_fit_recovers_s),
		cmocka_unit_test(scaling_thresholds),
		cmocka_unit_test(verdicts_follow_the_written_rule),
		cmocka_unit_test(intervals_that_straddle_are_not_settled),
		cmocka_unit_test(
		        permutation_test_tells_apart_only_what_differs),
	};

	return tvp_run_tests(tests, NULL, NULL);
}

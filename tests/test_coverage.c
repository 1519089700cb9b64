/* SPDX-License-Identifier: MIT */
/*
 * Is the interval honest? 1,000 synthetic experiments with a known true
 * ratio, of the sizes the sweep and the micro-benchmarks use, each a
 * paired ratio over rounds whose noise is resampled from the published
 * sweeps' own round-to-round residuals (tests/fixtures/residuals.txt,
 * made by tests/fixtures/residuals.c), with a slow drift of the host and
 * an occasional outlier on top. The report's interval must cover the
 * truth in 95% to 99% of them (less: it lies; more: it is wider than
 * it says, and an interval too wide to settle anything would pass a
 * floor alone),
 * and the verdict rule fed these intervals must be wrong in at most 5%.
 * The harness takes the interval method as a function, and shows that
 * it fails the naive range of two rounds and the off-by-one order
 * statistics that micro.c used to return. Deterministic seeds; no
 * timing is taken.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../bench/lib/interval.h"
#include "../scripts/report/claims.h"
#include "../scripts/report/stats.h"
#include "util.h"

#define EXPERIMENTS 1000
#define MAX_N       64
/* the sweep's rounds, and the micro-benchmarks' repetitions (7 by
 * default, 41 for oversubscription's) */
#define SWEEP_ROUNDS 10
/* a slow drift of the host over a sweep, ln units: +-5% */
#define DRIFT 0.05
/* an outlier: a run preempted or disturbed, now and then */
#define OUTLIER_P 0.03
/* the ladder of C1/C2 on 2 cores: a speedup of 1 + 0.25 of the ideal gain
 * is "partly", 1 + 0.75 "holds" (TVP_NO_GAIN, TVP_USES_CORES) */
#define PARTLY 1.25
#define HOLDS  1.75

/* An interval for the median of num[i] / den[i], i < n, into lo, hi. */
typedef void (*interval_method)(const double *num, const double *den, long n,
                                double *lo, double *hi);

/* The report's: tvp_paired_ratio, the order statistics of interval.h. */
static void exact_method(const double *num, const double *den, long n,
                         double *lo, double *hi)
{
	struct tvp_summary s;

	if (tvp_paired_ratio(num, den, (size_t)n, &s) != 0) {
		*lo = *hi = NAN;
		return;
	}
	*lo = s.ci_low;
	*hi = s.ci_high;
}

/* The range of the first two rounds: what a bootstrap of two gives. */
static void naive_two_rounds(const double *num, const double *den, long n,
                             double *lo, double *hi)
{
	double a = num[0] / den[0], b = num[1] / den[1];

	(void)n;
	*lo = fmin(a, b);
	*hi = fmax(a, b);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* x(k+1) and x(n-k) for the right k: one rank inside on each side, the
 * old micro.c's mistake. */
static void off_by_one(const double *num, const double *den, long n, double *lo,
                       double *hi)
{
	double q[MAX_N] = { 0 };
	long k = tvp_median_rank(n);

	for (long i = 0; i < n; i++)
		q[i] = num[i] / den[i];
	qsort(q, (size_t)n, sizeof(*q), cmp_double);
	*lo = q[k];
	*hi = q[n - 1 - k];
}

/* splitmix64: the same draws on every machine and every run */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
	return (double)(next(s) >> 11) / 9007199254740992.0; /* [0, 1) */
}

static double residuals[4096];
static size_t nresiduals;

static int load_residuals(void **state)
{
	FILE *f = fopen("tests/fixtures/residuals.txt", "r");
	char line[128];

	(void)state;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) && nresiduals < 4096)
		if (line[0] != '#')
			residuals[nresiduals++] = strtod(line, NULL);
	fclose(f);
	return nresiduals >= 100 ? 0 : -1;
}

/* ln of one run's disturbance: a resampled residual, sometimes an
 * outlier 20% to 100% slower */
static double noise(uint64_t *s)
{
	double e = residuals[next(s) % nresiduals];

	if (uniform(s) < OUTLIER_P)
		e += log(1.2 + 0.8 * uniform(s));
	return e;
}

struct outcome {
	double covered; /* the share of intervals holding the truth */
	double wrong;   /* settled verdicts other than the truth's */
	double settled; /* verdicts settled at all */
	double at;      /* of them, at the threshold */
};

/* The truths drawn (uniform in [from, from + span]) and how loud the
 * noise is (1: the published sweeps' own residuals). */
struct scenario {
	double from, span, loud;
};

static const struct scenario everywhere = { 0.8, 1.4, 1 };

/* The outcome a truth lies on, by the ladder itself (tvp_judge on a
 * point near a line says "at" it, which is no verdict on the truth). */
static enum tvp_state rung_of(double truth)
{
	return truth >= HOLDS ? ST_HOLDS : truth >= PARTLY ? ST_PARTLY : ST_NOT;
}

/*
 * EXPERIMENTS experiments of n rounds with method: in each, a true
 * speedup R, serial and configuration timed once a round, the
 * configuration a third of a round after the serial (the drift moves
 * between them a little), and the interval of the rounds' ratios.
 */
static struct outcome trials(interval_method method, long n, uint64_t seed,
                             struct scenario sc)
{
	struct outcome o = { 0, 0, 0, 0 };
	uint64_t s = seed;

	for (int e = 0; e < EXPERIMENTS; e++) {
		double truth = sc.from + sc.span * uniform(&s),
		       phase = 6.283 * uniform(&s);
		double num[MAX_N], den[MAX_N], lo, hi;
		enum tvp_state got, want = rung_of(truth);

		for (long r = 0; r < n; r++) {
			double t = 6.283 * (double)r / (double)(n + 1);

			num[r] = exp(sc.loud *
			             (DRIFT * sin(t + phase) + noise(&s)));
			den[r] = exp(sc.loud *
			             (DRIFT * sin(t + 2.1 / (double)(n + 1) +
			                          phase) +
			              noise(&s))) /
			         truth;
		}
		method(num, den, n, &lo, &hi);
		o.covered += lo <= truth && truth <= hi;
		got = tvp_judge(lo, hi, PARTLY, HOLDS);
		if (got != ST_NA && !tvp_unsettled(got)) {
			o.settled++;
			o.at += (got & ST_AT) != 0;
			/* at the threshold: right when the truth lies
			 * within the band around that line, as it says */
			double t = got & ST_HOLDS ? HOLDS : PARTLY;

			o.wrong += got & ST_AT
			                   ? fabs(truth - t) > TVP_AT_BAND * t
			                   : got != want;
		}
	}
	o.covered /= EXPERIMENTS;
	o.wrong /= EXPERIMENTS;
	o.settled /= EXPERIMENTS;
	o.at /= EXPERIMENTS;
	return o;
}

static struct outcome experiments(interval_method method, long n, uint64_t seed)
{
	return trials(method, n, seed, everywhere);
}

static void say(const char *what, long n, struct outcome o)
{
	print_message("%-12s n=%-3ld covered %.1f%%, settled %.1f%% (at a "
	              "threshold %.1f%%), wrong %.1f%%\n",
	              what, n, 100 * o.covered, 100 * o.settled, 100 * o.at,
	              100 * o.wrong);
}

/* The report's interval at the sweep's rounds and the micro-benchmarks'
 * repetitions: honest, and the verdicts it settles right. */
static void exact_interval_covers(void **state)
{
	const long sizes[] = { SWEEP_ROUNDS, 7, 41 };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct outcome o = experiments(exact_method, sizes[i],
		                               0x5eed0000 + sizes[i]);

		say("exact", sizes[i], o);
		assert_true(o.covered >= 0.95);
		assert_true(o.covered <= 0.99);
		assert_true(o.wrong <= 0.05);
	}
}

/* The test can fail: the two-round range and the off-by-one ranks fall
 * short of 95%. */
static void naive_and_off_by_one_fail(void **state)
{
	struct outcome o;

	(void)state;
	o = experiments(naive_two_rounds, SWEEP_ROUNDS, 0x5eed0002);
	say("two rounds", 2, o);
	assert_true(o.covered < 0.95 || o.covered > 0.99);
	for (long n = 7; n <= SWEEP_ROUNDS; n += 3) {
		o = experiments(off_by_one, n, 0x5eed0100 + (uint64_t)n);
		say("off by one", n, o);
		assert_true(o.covered < 0.95 || o.covered > 0.99);
	}
}

/*
 * Near a line, on a quiet machine (the residuals a tenth as loud, so that
 * an interval fits in the band): truths within 1.5% of the holds line read
 * at the threshold often, and wrongly (the truth outside the band) at
 * most 5% of the time; truths 4% to 6% above it read holds, not at it,
 * and the verdict is wrong at most 5% of the time either way.
 */
static void near_a_line_reads_at_it(void **state)
{
	const struct scenario at = { HOLDS * 0.985, HOLDS * 0.03, 0.1 },
	                      past = { HOLDS * 1.04, HOLDS * 0.02, 0.1 };
	struct outcome o;

	(void)state;
	o = trials(exact_method, SWEEP_ROUNDS, 0x5eed0200, at);
	say("at a line", SWEEP_ROUNDS, o);
	assert_true(o.covered >= 0.95 && o.covered <= 0.99);
	assert_true(o.at >= 0.5);
	assert_true(o.wrong <= 0.05);
	o = trials(exact_method, SWEEP_ROUNDS, 0x5eed0201, past);
	say("past a line", SWEEP_ROUNDS, o);
	assert_true(o.covered >= 0.95 && o.covered <= 0.99);
	assert_true(o.settled - o.at >= 0.5);
	assert_true(o.wrong <= 0.05);
}

/* Under 6 rounds the report gives no interval, so no verdict settles. */
static void too_few_rounds_settle_nothing(void **state)
{
	struct outcome o = experiments(exact_method, 5, 0x5eed0005);

	(void)state;
	assert_true(o.covered == 0);
	assert_true(o.settled == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_interval_covers),
		cmocka_unit_test(naive_and_off_by_one_fail),
		cmocka_unit_test(near_a_line_reads_at_it),
		cmocka_unit_test(too_few_rounds_settle_nothing),
	};

	return tvp_run_tests(tests, load_residuals, NULL);
}

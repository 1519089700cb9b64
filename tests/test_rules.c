/* SPDX-License-Identifier: MIT */
/*
 * The claims' rules (scripts/report/rules.c) on numbers and states alone:
 * each rule at its thresholds, on either side of them, with an interval
 * that straddles one, and without enough rounds. No sentence is read
 * here; the words are test_report's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "../scripts/report/claims.h"
#include "../scripts/report/rules.h"
#include "util.h"

/* A figure known to lie in [lo, hi] over n rounds, its median between. */
static struct est est(double lo, double hi, long n)
{
	return (struct est){ (lo + hi) / 2, lo, hi, n, IV_ORDER };
}

#define SURE(lo, hi) est(lo, hi, MIN_ROUNDS)

static void precision_needs_an_interval_and_rounds(void **state)
{
	(void)state;
	assert_true(tvp_precise(SURE(1, 2)));
	assert_false(tvp_precise(est(1, 2, MIN_ROUNDS - 1)));
	assert_false(tvp_precise(SURE(NAN, 2)));
	struct est point = SURE(1, 1);
	point.iv = IV_NONE;
	assert_false(tvp_precise(point));
	/* not precise: every outcome of the ladder left open */
	assert_int_equal(tvp_ladder(est(3, 3, 2), 1.1, 1.5), ST_UNSETTLED);
	assert_int_equal(tvp_ladder(SURE(3, 4), 1.1, 1.5), ST_HOLDS);
	assert_int_equal(tvp_ladder(SURE(1.2, 1.3), 1.1, 1.5), ST_PARTLY);
	assert_int_equal(tvp_ladder(SURE(0.5, 1.0), 1.1, 1.5), ST_NOT);
	/* across one threshold, far from it: both rungs, not settled */
	assert_true(tvp_unsettled(tvp_ladder(SURE(1.2, 1.9), 1.1, 1.5)));
	/* within 3% of it at both ends: at the threshold, settled */
	enum tvp_state at = tvp_ladder(SURE(1.47, 1.53), 1.1, 1.5);
	assert_true(at & ST_AT);
	assert_false(tvp_unsettled(at));
}

static void ratio_takes_the_far_ends(void **state)
{
	struct est r = tvp_est_ratio(est(4, 6, 12), est(1, 2, 10));

	(void)state;
	assert_true(r.lo == 2 && r.hi == 6 && r.n == 10);
	assert_int_equal(r.iv, IV_QUOTIENT);
}

/* C1/C2: the gain over one core, (x - 1) / (k - 1), on 0.25 and 0.75. */
static void scaling_on_the_gain_over_one_core(void **state)
{
	struct est g;

	(void)state;
	assert_int_equal(tvp_rule_scaling(SURE(1.9, 2.0), 2, false, &g),
	                 ST_HOLDS);
	assert_true(fabs(g.lo - 0.9) < 1e-12 && fabs(g.hi - 1.0) < 1e-12);
	assert_int_equal(tvp_rule_scaling(SURE(0.98, 1.1), 2, false, &g),
	                 ST_NOT);
	assert_int_equal(tvp_rule_scaling(SURE(1.4, 1.6), 2, false, &g),
	                 ST_PARTLY);
	/* C1's claim is "no gain": the outcomes mirror */
	assert_int_equal(tvp_rule_scaling(SURE(1.9, 2.0), 2, true, &g), ST_NOT);
	assert_int_equal(tvp_rule_scaling(SURE(0.98, 1.1), 2, true, &g),
	                 ST_HOLDS);
	/* from no gain to using the cores: open, whichever the claim */
	assert_int_equal(tvp_rule_scaling(SURE(1.1, 1.9), 2, false, &g),
	                 ST_UNSETTLED);
	/* 16 cores, 12.25 busy: a gain of exactly 0.75 */
	assert_int_equal(tvp_rule_scaling(SURE(12.25, 13), 16, false, &g),
	                 ST_HOLDS);
	/* too few rounds: every outcome open */
	assert_int_equal(tvp_rule_scaling(est(1.9, 2.0, 3), 2, false, &g),
	                 ST_UNSETTLED);
}

/* C3's Pool(5): threads within 10% of the predicted 0.18 s, processes
 * 10% behind them. */
static void pool5_and_many_waiting(void **state)
{
	(void)state;
	assert_int_equal(tvp_rule_pool5(SURE(0.18, 0.19), SURE(0.25, 0.3),
	                                0.18),
	                 ST_HOLDS);
	assert_int_equal(tvp_rule_pool5(SURE(0.18, 0.19), SURE(0.18, 0.19),
	                                0.18),
	                 ST_PARTLY);
	assert_int_equal(tvp_rule_pool5(SURE(0.25, 0.3), SURE(0.3, 0.4), 0.18),
	                 ST_NOT);
	/* processes' interval across 1.1x the threads': open */
	assert_int_equal(tvp_rule_pool5(SURE(0.18, 0.19), SURE(0.19, 0.3),
	                                0.18),
	                 ST_HOLDS | ST_PARTLY);
	/* many waiting: threads 3x processes' throughput decides, unless the
	 * Pool(5) test says threads do not overlap the waits */
	assert_int_equal(tvp_rule_many_waiting(SURE(2.5, 3.5), ST_PARTLY),
	                 ST_HOLDS);
	assert_int_equal(tvp_rule_many_waiting(SURE(2.5, 3.5), ST_NOT), ST_NOT);
	assert_int_equal(tvp_rule_many_waiting(SURE(0.5, 0.7), ST_HOLDS),
	                 ST_NOT);
	assert_int_equal(tvp_rule_many_waiting(SURE(0.95, 1.05), ST_HOLDS),
	                 ST_PARTLY);
	/* a Pool(5) still open keeps every way it could go */
	assert_int_equal(tvp_rule_many_waiting(SURE(2.5, 3.5),
	                                       ST_HOLDS | ST_NOT),
	                 ST_HOLDS | ST_NOT);
}

/* C4: from 2x a thread's cost; in C the copies decide holds or partly. */
static void creation_and_copies(void **state)
{
	(void)state;
	assert_int_equal(tvp_rule_creation(SURE(300, 400)), ST_HOLDS);
	assert_int_equal(tvp_rule_creation(SURE(1.2, 1.5)), ST_NOT);
	assert_int_equal(tvp_rule_copies(ST_HOLDS, 0.9), ST_HOLDS);
	assert_int_equal(tvp_rule_copies(ST_HOLDS, 0.1), ST_PARTLY);
	assert_int_equal(tvp_rule_copies(ST_HOLDS, NAN), ST_PARTLY);
	assert_int_equal(tvp_rule_copies(ST_NOT, 0.9), ST_NOT);
	assert_int_equal(tvp_rule_copies(ST_HOLDS | ST_NOT, 0.1),
	                 ST_PARTLY | ST_NOT);
}

/* C5: processes from 1.5x their 1x time, threads below; not under
 * 1.5 / 1.1^2. */
static void oversubscription(void **state)
{
	(void)state;
	assert_int_equal(tvp_rule_oversub(SURE(1.6, 1.8), SURE(0.9, 1.1)),
	                 ST_HOLDS);
	assert_int_equal(tvp_rule_oversub(SURE(0.9, 1.03), SURE(0.9, 1.0)),
	                 ST_NOT);
	assert_int_equal(tvp_rule_oversub(SURE(1.6, 1.8), SURE(1.6, 1.8)),
	                 ST_PARTLY);
	assert_int_equal(tvp_rule_oversub(SURE(1.3, 1.4), SURE(0.9, 1.0)),
	                 ST_PARTLY);
	/* processes from under 1.24x to over it: not or partly, open */
	assert_int_equal(tvp_rule_oversub(SURE(1.2, 1.3), SURE(0.9, 1.0)),
	                 ST_PARTLY | ST_NOT);
	/* too few rounds on either side: open, never a point */
	assert_int_equal(tvp_rule_oversub(est(1.6, 1.8, 5), SURE(0.9, 1.1)),
	                 ST_UNSETTLED);
}

/* C6: per-task over pool from 1.5x; the pool slower: not. */
static void pool_gain(void **state)
{
	(void)state;
	assert_int_equal(tvp_rule_pool(SURE(3.5, 4.5)), ST_HOLDS);
	assert_int_equal(tvp_rule_pool(SURE(1.1, 1.3)), ST_PARTLY);
	assert_int_equal(tvp_rule_pool(SURE(0.8, 0.95)), ST_NOT);
	assert_true(tvp_unsettled(tvp_rule_pool(SURE(1.3, 1.8))));
	assert_false(tvp_unsettled(tvp_rule_pool(SURE(1.47, 1.53))));
}

/* C7 across sizes: agreeing sizes give their outcome, disagreeing ones
 * partly; an open size leaves it open only where the ways it may settle
 * give different verdicts. */
static void pairs_across_sizes(void **state)
{
	const enum tvp_state all_hold[] = { ST_HOLDS, ST_HOLDS, ST_HOLDS };
	const enum tvp_state mixed[] = { ST_HOLDS, ST_PARTLY, ST_HOLDS };
	const enum tvp_state one_open[] = { ST_HOLDS, ST_HOLDS | ST_PARTLY,
		                            ST_HOLDS };
	/* two sizes settled apart: partly, whatever the open one does */
	const enum tvp_state apart[] = { ST_HOLDS, ST_HOLDS | ST_PARTLY,
		                         ST_PARTLY };
	const enum tvp_state alone[] = { ST_HOLDS | ST_NOT };

	(void)state;
	assert_int_equal(tvp_rule_pair(SURE(2.5, 3), 1, SHARES), ST_HOLDS);
	assert_int_equal(tvp_rule_pair(SURE(1.1, 1.5), 1, SHARES), ST_PARTLY);
	assert_int_equal(tvp_rule_across_sizes(all_hold, 3), ST_HOLDS);
	assert_int_equal(tvp_rule_across_sizes(mixed, 3), ST_PARTLY);
	assert_int_equal(tvp_rule_across_sizes(one_open, 3),
	                 ST_HOLDS | ST_PARTLY);
	assert_int_equal(tvp_rule_across_sizes(apart, 3), ST_PARTLY);
	assert_int_equal(tvp_rule_across_sizes(alone, 1), ST_HOLDS | ST_NOT);
	/* C's ladder (contradicts, partly): one size partly, another open
	 * between the two: partly either way; contradicts with an open
	 * size: open */
	const enum tvp_state c_partly[] = { ST_PARTLY, ST_NOT | ST_PARTLY };
	const enum tvp_state c_open[] = { ST_NOT, ST_NOT | ST_PARTLY };
	assert_int_equal(tvp_rule_across_sizes(c_partly, 2), ST_PARTLY);
	assert_int_equal(tvp_rule_across_sizes(c_open, 2), ST_NOT | ST_PARTLY);
	/* a size at its threshold beside an open one: open, not at it */
	const enum tvp_state at_open[] = { ST_HOLDS | ST_PARTLY | ST_AT,
		                           ST_HOLDS | ST_PARTLY };
	assert_int_equal(tvp_rule_across_sizes(at_open, 2),
	                 ST_HOLDS | ST_PARTLY);
	assert_true(tvp_unsettled(tvp_rule_across_sizes(at_open, 2)));
	assert_int_equal(tvp_rule_across_sizes(all_hold, 0), ST_NA);
}

/* C8: a process switch from 1.5x a thread's, partly from 1.1x. */
static void switches(void **state)
{
	(void)state;
	assert_int_equal(tvp_rule_switch(SURE(1.8, 1.9)), ST_HOLDS);
	assert_int_equal(tvp_rule_switch(SURE(1.2, 1.3)), ST_PARTLY);
	assert_int_equal(tvp_rule_switch(SURE(0.95, 1.05)), ST_NOT);
}

/* C9: updates lost by both models without the lock, none with it. */
static void races(void **state)
{
	(void)state;
	assert_int_equal(tvp_rule_race(4000, 3000, true), ST_HOLDS);
	assert_int_equal(tvp_rule_race(4000, 0, true), ST_PARTLY);
	assert_int_equal(tvp_rule_race(0, 0, true), ST_NOT);
	assert_int_equal(tvp_rule_race(4000, 3000, false), ST_NOT);
	assert_int_equal(tvp_rule_race(NAN, NAN, true), ST_NOT);
}

/* The check make lint runs on the rules' objects: it passes them, and it
 * fails on a writer's object, naming what that links. */
static void rules_write_no_text(void **state)
{
	struct proc_result r;

	(void)state;
	assert_int_equal(run_cmd(&r, NULL, "scripts/check-rules.sh",
	                         "build/report/rules.o", "build/report/c10.o",
	                         NULL),
	                 0);
	if (r.status != 0)
		fail_msg("rules.o or c10.o writes text: %s%s", r.out, r.err);
	assert_int_equal(run_cmd(&r, NULL, "scripts/check-rules.sh",
	                         "build/report/c10words.o", NULL, NULL),
	                 0);
	assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1);
	assert_non_null(strstr(r.out, "c10words.o writes text"));
	assert_non_null(strstr(r.out, "snprintf"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(precision_needs_an_interval_and_rounds),
		cmocka_unit_test(ratio_takes_the_far_ends),
		cmocka_unit_test(scaling_on_the_gain_over_one_core),
		cmocka_unit_test(pool5_and_many_waiting),
		cmocka_unit_test(creation_and_copies),
		cmocka_unit_test(oversubscription),
		cmocka_unit_test(pool_gain),
		cmocka_unit_test(pairs_across_sizes),
		cmocka_unit_test(switches),
		cmocka_unit_test(races),
		cmocka_unit_test(rules_write_no_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

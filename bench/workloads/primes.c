/* SPDX-License-Identifier: MIT */
/*
 * primes: count the primes below n by trial division. Task i takes the
 * i-th of `tasks` consecutive ranges; a number near n needs more divisions
 * than one near 0, so later tasks cost more and a static split leaves the
 * first workers idle at the end - the load-balancing lesson.
 */
#include "../tvp.h"
#include "kernels.h"

static long n = 6000000;
static long tasks;

static int is_prime(uint64_t x)
{
	if (x < 4)
		return x >= 2;
	if (x % 2 == 0)
		return 0;
	for (uint64_t d = 3; d * d <= x; d += 2)
		if (x % d == 0)
			return 0;
	return 1;
}

uint64_t tvp_primes_in(uint64_t lo, uint64_t hi)
{
	uint64_t count = 0;

	for (uint64_t x = lo; x < hi; x++)
		count += (uint64_t)is_prime(x);
	return count;
}

static const char *check(const struct tvp_run *run)
{
	tasks = run->tasks;
	return NULL;
}

static uint64_t task(long i)
{
	uint64_t lo = (uint64_t)n * (uint64_t)i / (uint64_t)tasks;
	uint64_t hi = (uint64_t)n * (uint64_t)(i + 1) / (uint64_t)tasks;

	return tvp_primes_in(lo, hi);
}

static const struct tvp_knob knobs[] = {
	{ .name = "n",
	  .type = TVP_KNOB_LONG,
	  .help = "count the primes below n",
	  .min = 2,
	  .max = 1L << 32,
	  .lval = &n },
	{ 0 },
};

TVP_WORKLOAD(primes) = {
	.name = "primes",
	.kind = TVP_CPU,
	.summary = "count primes below n by trial division, in consecutive "
	           "ranges",
	.default_tasks = 48,
	.small = "--n 20000",
	.quick = "--n 4000000",
	.knobs = knobs,
	.check = check,
	.task = task,
};

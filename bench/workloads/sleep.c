/* SPDX-License-Identifier: MIT */
/*
 * sleep: each task waits ms milliseconds and returns i + 100, the seeds'
 * `time.sleep` and their callback's value. Nothing runs on a CPU while a
 * task waits, so W workers finish in about ceil(tasks / W) * ms, whatever
 * the number of cores.
 */
#include "../tvp.h"

static long ms = 100;

static uint64_t task(long i)
{
	tvp_sleep_ns((int64_t)ms * 1000000);
	return (uint64_t)i + 100;
}

static const struct tvp_knob knobs[] = {
	{ .name = "ms",
	  .type = TVP_KNOB_LONG,
	  .help = "milliseconds each task sleeps",
	  .min = 0,
	  .max = 3600000,
	  .lval = &ms },
	{ 0 },
};

TVP_WORKLOAD(sleep) = {
	.name = "sleep",
	.kind = TVP_IO,
	.summary = "each task sleeps ms milliseconds, returns i + 100",
	.default_tasks = 30,
	.equal_tasks = true,
	.small = "--ms 1",
	/* Four tasks a worker at every worker count, so that each worker
	 * waits, wakes and waits again however many there are (C3); 20 ms
	 * each, as in Python, whose Pool hands its tasks out one at a time
	 * through one queue (about one a millisecond on two vCPUs): with
	 * 10 ms tasks the workers done first took the next ones before the
	 * last had any, and 50 of 64 ran one; at 20 ms all 64 ran one in
	 * every run so far, though still not all at once (the hand-out, not
	 * the sleeps, sets how many of Python's processes wait together) */
	.quick = "--tasks-per-worker 4 --ms 20",
	.full = "--tasks-per-worker 8 --ms 20",
	.in_quick = true,
	.knobs = knobs,
	.task = task,
};

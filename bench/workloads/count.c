/* SPDX-License-Identifier: MIT */
/*
 * count: the seeds' loop, `for _ in range(N): sum += 1`, in C.
 *
 * Left alone, gcc -O2 replaces the loop by `sum = n` (or, with more work
 * per step, vectorises it). The empty asm below tells the compiler that
 * each iteration reads and rewrites `sum` in a register in a way it cannot
 * see, so the loop stays a loop: one add and one compare-and-branch per
 * step, a dependency chain the CPU cannot shortcut. `objdump -d
 * bin/count-serial` shows the loop (an add, an add/cmp and a jne).
 */
#include "../tvp.h"
#include "kernels.h"

static long n = 70000000;

uint64_t tvp_count_kernel(long steps)
{
	uint64_t sum = 0;

	for (long k = 0; k < steps; k++) {
		sum += 1;
		__asm__ volatile("" : "+r"(sum));
	}
	return sum;
}

static uint64_t task(long i)
{
	(void)i;
	return tvp_count_kernel(n);
}

static const struct tvp_knob knobs[] = {
	{ .name = "n",
	  .type = TVP_KNOB_LONG,
	  .help = "increments per task",
	  .min = 1,
	  .max = 1L << 40,
	  .lval = &n },
	{ 0 },
};

TVP_WORKLOAD(count) = {
	.name = "count",
	.kind = TVP_CPU,
	.summary = "each task adds 1 to a sum n times (the seeds' loop)",
	.default_tasks = 48,
	.equal_tasks = true,
	.small = "--n 1000",
	/* Throughput scaling, as will-it-scale: the same work per worker
	 * at any core count, so a run lasts as long on 64 CPUs as on 2 and
	 * creating the workers stays a small part of it. Quick: 8 tasks a
	 * worker, sized for the quarter second a worker C1/C2 need on the
	 * 2-vCPU VM (each line's task_cpu_ns says what it took); FULL:
	 * twice the tasks. */
	.quick = "--n 150000000 --tasks-per-worker 8",
	.full = "--n 150000000 --tasks-per-worker 16",
	/* The sweep sizes n to this machine (--calibrate-ms): 42 ms a
	 * task, 0.34 s a worker in quick, the quarter second C1/C2 need
	 * with room for a host that speeds up 1.3x after the probe; the n
	 * above is that size on the 2-vCPU VM, for a run by hand. */
	.scale_knob = "n",
	.task_ms = 42,
	.in_quick = true,
	.knobs = knobs,
	.task = task,
};

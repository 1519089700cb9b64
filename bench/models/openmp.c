/* SPDX-License-Identifier: MIT */
/*
 * openmp: the tasks as one OpenMP parallel loop - what most people use when
 * they want threads without writing them. It is the yardstick for
 * threads.c: the same two schedules, written as one pragma each:
 *
 *   --schedule static  ->  schedule(static)      one chunk per thread
 *   --schedule pool    ->  schedule(dynamic, 1)  threads take the next task
 *
 * There is no per-task schedule: OpenMP keeps its threads for the whole
 * run (a new thread per task is exactly what it exists to avoid). The
 * schedule is set at run time (schedule(runtime) + omp_set_schedule), so
 * one loop serves both; the loop body is the same run_task as threads.c.
 */
#include <omp.h>

#include "../tvp.h"

static int64_t started_ns; /* when the team was complete */
static int team;           /* how many threads it had */

static int run_model(struct tvp_run *run)
{
	int64_t t0 = tvp_now_ns();
	long tasks = run->tasks;
	int failed = 0;

	if (run->schedule == TVP_SCHED_STATIC)
		omp_set_schedule(omp_sched_static, 0);
	else
		omp_set_schedule(omp_sched_dynamic, 1);
	omp_set_dynamic(0); /* exactly W threads, not "up to W" */

#pragma omp parallel num_threads((int)run->workers) reduction(| : failed)
	{
		if (tvp_pin_worker(run, omp_get_thread_num()) != 0)
			failed = 1;
			/* The whole team is running: what it cost to start it. */
#pragma omp barrier
#pragma omp master
		{
			started_ns = tvp_now_ns();
			team = omp_get_num_threads();
		}
#pragma omp for schedule(runtime)
		for (long i = 0; i < tasks; i++) {
			run->results[i] = run->wl->task(i);
			run->done[i] = 1;
		}
	}
	run->spawn_ns = started_ns - t0;
	if (failed) {
		tvp_warn("cannot pin the OpenMP threads: sched_setaffinity");
		return -1;
	}
	if (team != run->workers) {
		/* e.g. OMP_THREAD_LIMIT in the environment */
		tvp_warn("OpenMP ran %d threads, not %ld", team, run->workers);
		return -1;
	}
	return 0;
}

const struct tvp_model tvp_model = {
	.name = "openmp",
	.schedules = TVP_SCHED_BIT(TVP_SCHED_STATIC) |
	             TVP_SCHED_BIT(TVP_SCHED_POOL),
	.run = run_model,
};

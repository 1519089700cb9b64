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
 * one loop serves both; the loop body is tvp_run_task, as in every model.
 */
#include <omp.h>

#include "../tvp.h"

/*
 * make check-tsan: gcc's libgomp is not built with ThreadSanitizer, which
 * therefore cannot see that the team starts after the master's writes and
 * that the master goes on only after the team's. These two annotations
 * tell it exactly that, the fork and the join of the parallel region, so
 * the checker still sees every access of the loop body.
 */
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
static int fork_join; /* the address stands for the region's edges */
#define REGION_FORK_RELEASE() __tsan_release(&fork_join)
#define REGION_FORK_ACQUIRE() __tsan_acquire(&fork_join)
#define REGION_JOIN_RELEASE() __tsan_release(&fork_join)
#define REGION_JOIN_ACQUIRE() __tsan_acquire(&fork_join)
#else
#define REGION_FORK_RELEASE() ((void)0)
#define REGION_FORK_ACQUIRE() ((void)0)
#define REGION_JOIN_RELEASE() ((void)0)
#define REGION_JOIN_ACQUIRE() ((void)0)
#endif

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

	REGION_FORK_RELEASE();
#pragma omp parallel num_threads((int)run->workers) reduction(| : failed)
	{
		REGION_FORK_ACQUIRE();
		if (tvp_pin_worker(run, omp_get_thread_num()) != 0)
			failed = 1;
#pragma omp barrier
#pragma omp master
		{
			/* The whole team runs: what it cost to start it. */
			started_ns = tvp_now_ns();
			team = omp_get_num_threads();
		}
#pragma omp for schedule(runtime)
		for (long i = 0; i < tasks; i++)
			tvp_run_task(run, omp_get_thread_num(), i);
		REGION_JOIN_RELEASE();
	}
	REGION_JOIN_ACQUIRE();
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
	.role = TVP_ROLE_YARDSTICK,
	.schedules = TVP_SCHED_BIT(TVP_SCHED_STATIC) |
	             TVP_SCHED_BIT(TVP_SCHED_POOL),
	.run = run_model,
};

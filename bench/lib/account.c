/* SPDX-License-Identifier: MIT */
/*
 * account.c - where a run's time went, measured by the run itself.
 *
 * Every model runs a task through tvp_task(), which reads the calling
 * thread's CPU clock and the wall clock around it and adds them to the
 * worker's own slot: CPU time spent inside tasks, and when the worker began
 * its first task and ended its last. The slots live in MAP_SHARED memory,
 * one cache line each, so a forked child's account reaches the parent the
 * same way a thread's does (the measuring instrument is the same for every
 * model; only the results travel the model's own way). From these figures
 * and the run's wall and CPU time the report splits a missing speedup into
 * its parts (README: "Where the missing speedup went").
 *
 * The hypervisor's share, steal time, is read from /proc/stat for the CPUs
 * the run may use, before and after: it is the machine's, not the model's.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tvp.h"
#include "procstat.h"

int tvp_acct_init(struct tvp_run *run)
{
	size_t bytes = (size_t)run->workers * sizeof(*run->acct);

	run->acct = tvp_shared_alloc(bytes); /* zeroed, as mmap promises */
	return run->acct == NULL ? -1 : 0;
}

void tvp_acct_free(struct tvp_run *run)
{
	tvp_shared_free(run->acct, (size_t)run->workers * sizeof(*run->acct));
	run->acct = NULL;
}

uint64_t tvp_task(struct tvp_run *run, long worker, long i)
{
	struct tvp_acct *a = &run->acct[worker];
	int64_t start = tvp_now_ns(), cpu = tvp_thread_cpu_ns();
	uint64_t value = run->wl->task(i);

	a->task_cpu_ns += tvp_thread_cpu_ns() - cpu;
	if (a->tasks == 0)
		a->first_ns = start - run->t0_ns;
	a->last_ns = tvp_now_ns() - run->t0_ns;
	a->tasks++;
	return value;
}

void tvp_run_task(struct tvp_run *run, long worker, long i)
{
	run->results[i] = tvp_task(run, worker, i);
	run->done[i] = 1;
}

int64_t tvp_acct_task_cpu_ns(const struct tvp_run *run)
{
	int64_t sum = 0;

	for (long k = 0; k < run->workers; k++)
		sum += run->acct[k].task_cpu_ns;
	return sum;
}

/*
 * Steal time of the given CPUs so far, from the "cpuN" lines of /proc/stat
 * (the eighth figure, in clock ticks). 0 where the kernel does not say
 * (no hypervisor, or /proc not mounted): no steal is then what we know.
 */
int64_t tvp_steal_ns(const int *cpus, int ncpus)
{
	FILE *f = fopen("/proc/stat", "re");
	long hz = sysconf(_SC_CLK_TCK);
	char line[512];
	int64_t ticks = 0;

	if (f == NULL || hz <= 0) {
		if (f != NULL)
			fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned long long v[8];
		int cpu;

		if (!tvp_proc_stat_cpu(line, &cpu, v))
			continue;
		for (int k = 0; k < ncpus; k++)
			if (cpus[k] == cpu)
				ticks += (int64_t)v[7];
	}
	fclose(f);
	return ticks * (1000000000 / hz);
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "../tvp.h"

/* The CPUs this process may run on (taskset's restriction included). */
int tvp_cpus_allowed(int **cpus_out)
{
	cpu_set_t set;
	int n = 0;
	int *cpus;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return -1;
	cpus = malloc(sizeof(int) * (size_t)CPU_COUNT(&set));
	if (cpus == NULL)
		return -1;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	*cpus_out = cpus;
	return n;
}

/*
 * Pin the calling thread (sched_setaffinity(0) acts on the caller, so the
 * same call serves a thread and a forked child) to allowed CPU
 * worker mod ncpus.
 */
int tvp_pin_worker(const struct tvp_run *run, long worker)
{
	cpu_set_t set;

	if (!run->pin || run->ncpus == 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(run->cpus[worker % run->ncpus], &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* "0-3,6" form, as taskset and /sys print CPU lists. */
void tvp_cpulist(const int *cpus, int n, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && used < len; i++) {
		int j = i;

		while (j + 1 < n && cpus[j + 1] == cpus[j] + 1)
			j++;
		if (j > i)
			used += (size_t)snprintf(buf + used, len - used,
			                         "%s%d-%d", i ? "," : "",
			                         cpus[i], cpus[j]);
		else
			used += (size_t)snprintf(buf + used, len - used, "%s%d",
			                         i ? "," : "", cpus[i]);
		i = j;
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * The counters that explain a run (tvp.h: struct tvp_counters): what the
 * kernel counted for this process and every worker it made, threads and
 * forked children alike, over one region.
 *
 * getrusage gives page faults (minor: a page mapped or copied on write;
 * major: read from disk) and context switches (voluntary: the worker
 * waited; involuntary: the scheduler preempted it) on any Linux machine,
 * VMs included; RUSAGE_CHILDREN holds the children once they are waited
 * for. perf_event_open adds CPU migrations (a software event, counted by
 * the kernel everywhere perf is allowed) and, where the machine exposes a
 * PMU, cycles and instructions; each event is opened with inherit, so
 * threads and children created later count into it, as `perf stat` does.
 * An event the machine or perf_event_paranoid refuses is -1, never 0:
 * "not measured" is not "none".
 */
#include <linux/perf_event.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../tvp.h"

static const struct {
	uint32_t type;
	uint64_t config;
} events[TVP_NPERF] = {
	{ PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
};

static int perf_open(uint32_t type, uint64_t config)
{
	struct perf_event_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = type;
	a.config = config;
	a.inherit = 1;
	a.exclude_hv = 1;
	fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1,
	                  PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) { /* perf_event_paranoid 2: user space only */
		a.exclude_kernel = 1;
		fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1,
		                  PERF_FLAG_FD_CLOEXEC);
	}
	return fd;
}

static void usage_now(long v[4])
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	v[0] = self.ru_minflt + kids.ru_minflt;
	v[1] = self.ru_majflt + kids.ru_majflt;
	v[2] = self.ru_nvcsw + kids.ru_nvcsw;
	v[3] = self.ru_nivcsw + kids.ru_nivcsw;
}

void tvp_counters_start(struct tvp_counters *c)
{
	memset(c, 0, sizeof(*c));
	for (int e = 0; e < TVP_NPERF; e++) {
		c->fd[e] = perf_open(events[e].type, events[e].config);
		c->perf[e] = -1;
	}
	usage_now(c->usage0);
}

void tvp_counters_stop(struct tvp_counters *c)
{
	long now[4];

	usage_now(now);
	c->minflt = now[0] - c->usage0[0];
	c->majflt = now[1] - c->usage0[1];
	c->nvcsw = now[2] - c->usage0[2];
	c->nivcsw = now[3] - c->usage0[3];
	for (int e = 0; e < TVP_NPERF; e++) {
		uint64_t v;

		if (c->fd[e] < 0)
			continue;
		if (read(c->fd[e], &v, sizeof(v)) == (ssize_t)sizeof(v))
			c->perf[e] = (int64_t)v;
		close(c->fd[e]);
		c->fd[e] = -1;
	}
}

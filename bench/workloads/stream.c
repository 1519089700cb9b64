/* SPDX-License-Identifier: MIT */
/*
 * stream: the STREAM triad a[j] = b[j] + s * c[j] over three arrays of
 * --size MiB each, far beyond the last-level cache. Task i repeats the
 * triad --passes times over the i-th chunk of the arrays; each chunk's
 * three slices together must still exceed the cache, so choose few tasks
 * (the default 16 gives 3 x 16 MiB per task). Speedup stops when the
 * memory bus is full, however many cores are added.
 *
 * The arrays live in a MAP_SHARED mapping made before the workers start:
 * threads and forked children then stream through the same physical
 * pages, and no copy-on-write fault (a fork cost measured elsewhere) hides
 * in the figure.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "../tvp.h"

static long size_mib = 256, passes = 40, tasks;
static uint64_t *a, *b, *c;
static size_t elems;

static const char *check(const struct tvp_run *run)
{
	double need = 3.0 * (double)size_mib * 1048576.0;
	double have =
	        (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);

	tasks = run->tasks;
	if (need > have / 2)
		return "--size: three arrays of that size do not fit in half "
		       "of this machine's memory";
	if ((double)size_mib * 1048576.0 / 8 < (double)run->tasks)
		return "--tasks: more tasks than array elements";
	return NULL;
}

static int setup(struct tvp_run *run)
{
	size_t bytes = (size_t)size_mib << 20;

	(void)run;
	elems = bytes / sizeof(uint64_t);
	a = tvp_shared_alloc(bytes);
	b = tvp_shared_alloc(bytes);
	c = tvp_shared_alloc(bytes);
	if (a == NULL || b == NULL || c == NULL) {
		tvp_warn("mmap %ld MiB arrays: %s", size_mib, strerror(errno));
		return -1;
	}
	/* Touch every page now, so no page fault lands inside wall_ns. */
	for (size_t j = 0; j < elems; j++) {
		a[j] = 0;
		b[j] = j;
		c[j] = j ^ 0x5555;
	}
	return 0;
}

static uint64_t task(long i)
{
	size_t lo = elems * (size_t)i / (size_t)tasks;
	size_t hi = elems * (size_t)(i + 1) / (size_t)tasks;
	uint64_t sum = 0;

	for (long p = 0; p < passes; p++) {
		uint64_t s = 3 + (uint64_t)p;

		for (size_t j = lo; j < hi; j++) {
			a[j] = b[j] + s * c[j];
			sum += a[j];
		}
	}
	return sum;
}

static const struct tvp_knob knobs[] = {
	{ .name = "size",
	  .type = TVP_KNOB_LONG,
	  .help = "MiB per array (three arrays)",
	  .min = 1,
	  .max = 1L << 20,
	  .lval = &size_mib },
	{ .name = "passes",
	  .type = TVP_KNOB_LONG,
	  .help = "triads over each chunk",
	  .min = 1,
	  .max = 1000000,
	  .lval = &passes },
	{ 0 },
};

TVP_WORKLOAD(stream) = {
	.name = "stream",
	.kind = TVP_MEMORY,
	.summary = "STREAM triad over arrays far beyond the cache",
	.default_tasks = 16,
	.small = "--size 1 --passes 2",
	/* 3 x 64 MiB: still far beyond a laptop's last-level cache */
	.quick = "--size 64",
	.knobs = knobs,
	.check = check,
	.setup = setup,
	.task = task,
};

/* SPDX-License-Identifier: MIT */
/*
 * mandel: one task is one row of the Mandelbrot set over [-2, 0.5] x
 * [-1.25, 1.25]; its value is the sum of the row's escape counts. Rows
 * through the set cost up to max-iter steps per pixel, rows outside it a
 * few: an uneven load. The picture lives in a MAP_SHARED mapping, so rows
 * drawn by forked children reach the parent's --out file too.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../tvp.h"
#include "kernels.h"

static long width = 1024, max_iter = 2000, rows;
static const char *out;
static unsigned char *pixels;

long tvp_mandel_escape(double cx, double cy, long limit)
{
	double x = 0, y = 0;
	long it = 0;

	while (it < limit && x * x + y * y <= 4.0) {
		double t = x * x - y * y + cx;

		y = 2 * x * y + cy;
		x = t;
		it++;
	}
	return it;
}

uint64_t tvp_mandel_row(long row, long nrows, long w, long limit,
                        unsigned char *px)
{
	double cy = 1.25 - 2.5 * ((double)row + 0.5) / (double)nrows;
	uint64_t sum = 0;

	for (long c = 0; c < w; c++) {
		double cx = -2.0 + 2.5 * ((double)c + 0.5) / (double)w;
		long it = tvp_mandel_escape(cx, cy, limit);

		sum += (uint64_t)it;
		if (px != NULL)
			px[c] = it >= limit ? 0
			                    : (unsigned char)(255 -
			                                      255 * it / limit);
	}
	return sum;
}

static const char *check(const struct tvp_run *run)
{
	rows = run->tasks;
	if (out != NULL && (double)width * (double)rows > 1e9)
		return "--out: a picture over 1 GB will not be drawn";
	return NULL;
}

static int setup(struct tvp_run *run)
{
	(void)run;
	if (out == NULL)
		return 0;
	pixels = tvp_shared_alloc((size_t)width * (size_t)rows);
	if (pixels == NULL)
		tvp_warn("mmap picture: %s", strerror(errno));
	return pixels == NULL ? -1 : 0;
}

static uint64_t task(long i)
{
	return tvp_mandel_row(i, rows, width, max_iter,
	                      pixels ? pixels + (size_t)i * (size_t)width
	                             : NULL);
}

/* Write FILE.tmp, then rename: a reader never sees half a picture. */
static int finish(struct tvp_run *run)
{
	char tmp[4096];
	FILE *f;
	int ok;

	(void)run;
	if (out == NULL)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", out, (int)getpid());
	f = fopen(tmp, "wb");
	if (f == NULL) {
		tvp_warn("%s: %s", tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "P5\n%ld %ld\n255\n", width, rows);
	ok = fwrite(pixels, (size_t)width, (size_t)rows, f) == (size_t)rows;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, out) != 0) {
		tvp_warn("%s: %s", out, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static const struct tvp_knob knobs[] = {
	{ .name = "width",
	  .type = TVP_KNOB_LONG,
	  .help = "pixels per row",
	  .min = 1,
	  .max = 1000000,
	  .lval = &width },
	{ .name = "max-iter",
	  .type = TVP_KNOB_LONG,
	  .help = "iteration limit per pixel",
	  .min = 1,
	  .max = 1000000,
	  .lval = &max_iter },
	{ .name = "out",
	  .type = TVP_KNOB_STR,
	  .help = "write the picture to FILE.pgm",
	  .sval = &out },
	{ 0 },
};

TVP_WORKLOAD(mandel) = {
	.name = "mandel",
	.kind = TVP_CPU,
	.summary = "Mandelbrot set, one row per task (tasks = rows)",
	.default_tasks = 768,
	.small = "--width 64 --max-iter 100",
	.quick = "--max-iter 1000",
	.knobs = knobs,
	.check = check,
	.setup = setup,
	.finish = finish,
	.task = task,
};

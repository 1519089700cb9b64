/* SPDX-License-Identifier: MIT */
/*
 * observe.c - what a plot's own data shows, in words, for the caption
 * under it: the page's "What you should see" line, chosen from the data.
 *
 * It reads the plot's data file (PLOT.dat beside PLOT.png) and its
 * variables (PLOT.vars), nothing else, so that every number of the line is
 * one of the data's, printed whole from 1000 up and else to three
 * significant digits (%.0f, %.3g), and
 * every word of direction is the data's:
 *
 *   lines   each series from its first point to its last: "rises" when
 *           the last value is at least TVP_OBSERVE_MOVE times the first,
 *           "falls" when at most 1 / TVP_OBSERVE_MOVE, else "stays level";
 *           a peak (or trough) between the ends beyond them by that much
 *           too ("the most 5.22 at 256 KiB"); a speedup plot's point
 *           above its cores flagged as not possible; a series of one
 *           point is that point
 *   bars    each group's series side by side; with two series, the
 *           second over the first, named ("a pool 0.64x a worker per
 *           task", one stated step)
 *   parts   each bar's work, its first column, of the cores it had
 *
 * Axis labels lose what is about the axis (its log scale, which way is
 * better) and keep their units. Other kinds of plot (timelines,
 * accounts) get no line: 0 and out empty.
 */
#ifndef TVP_OBSERVE_H
#define TVP_OBSERVE_H

#include <stddef.h>
#include <stdio.h>

#define TVP_OBSERVE_MOVE 1.25 /* a line that moves by less stays level */

/*
 * The line for the plot whose image is png (its .dat and .vars beside
 * it) into out, a string of len bytes: 1 with a line, 0 without one (a
 * kind it does not describe, or no data file).
 */
int tvp_observe(const char *png, char *out, size_t len);

/* The plot NAME of the folder dir (dir/plots/NAME.png) into report.md
 * (f): its image, alt text from alt_fmt, then the line under it
 * ("*What you should see:* ...", from its data; none for a plot it does
 * not describe), each followed by a blank line. */
void tvp_plot_embed(FILE *f, const char *dir, const char *name,
                    const char *alt_fmt, ...)
        __attribute__((format(printf, 4, 5)));

#endif

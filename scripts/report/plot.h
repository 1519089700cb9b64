/* SPDX-License-Identifier: MIT */
/* The plot data files: every plot is drawn from a pair, DIR/plots/NAME.dat
 * (the data) and NAME.vars (its settings; scripts/plots.sh picks the
 * gnuplot script by the kind the .vars names). */
#ifndef TVP_REPORT_PLOT_H
#define TVP_REPORT_PLOT_H

#include <stdio.h>

#include "out.h"

/* The pair, each written whole or not at all (out.h). Open: the .vars
 * starts with the plot's kind = "KIND" line (the one header every plot
 * has); -1 after saying why. Close: -1 if either could not be written
 * whole. */
struct tvp_plotfiles {
	struct out dat, vars;
};
int tvp_plotfiles_open(struct tvp_plotfiles *p, const char *dir,
                       const char *name, const char *kind);
int tvp_plotfiles_close(struct tvp_plotfiles *p);
/* Remove DIR/plots/NAME.dat and .vars: a plot with nothing to draw this
 * time leaves no data from before. */
void tvp_plotfiles_remove(const char *dir, const char *name);

/*
 * Plot data for plots/lines.gp: one block per series in dat (x y low
 * high), titles and axes in vars. Open, start each series, write its rows
 * to dat, close with the titles and axes.
 */
struct tvp_plot {
	struct tvp_plotfiles files;
	FILE *dat, *vars;
	int n;
};
int tvp_plot_open(struct tvp_plot *p, const char *dir, const char *name);
void tvp_plot_series(struct tvp_plot *p, const char *title);
int tvp_plot_close(struct tvp_plot *p, const char *title, const char *xl,
                   const char *yl, int logx, int logy, const char *extra);

/*
 * Plot data for plots/bars.gp: groups of bars, one row of dat per group,
 * one bar (y, low, high) per series in each. Open, name every series,
 * write the rows, close with tvp_plot_close (logx is not used).
 */
int tvp_bars_open(struct tvp_plot *p, const char *dir, const char *name);
void tvp_bars_series(struct tvp_plot *p, const char *title);
/* A row: its label, then y, low, high for each of the p->n series (NAN
 * where a series has no bar). */
void tvp_bars_row(struct tvp_plot *p, const char *label, const double *ylh);

/* A message size as an axis tick: "8 B", "4 KiB", "1 MiB". */
void tvp_size_tick(double bytes, char *out, size_t len);

/* The plot variable xt (lines.gp's x ticks) for sizes[0..n), each at its
 * size, as a line of a .vars file into out; its length (at most len). */
size_t tvp_size_xtics(const double *sizes, int n, char *out, size_t len);

#endif

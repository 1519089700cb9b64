/* SPDX-License-Identifier: MIT */
/* The plot data files that plots/lines.gp draws. */
#ifndef TVP_REPORT_PLOT_H
#define TVP_REPORT_PLOT_H

#include <limits.h>
#include <stdio.h>

/*
 * Plot data for plots/lines.gp: DIR/plots/NAME.dat (one block per series:
 * x y low high) and NAME.vars (titles, axes). Open, start each series,
 * write its rows to dat, close with the titles and axes.
 */
struct tvp_plot {
	FILE *dat, *vars;
	char dat_path[PATH_MAX + 16], vars_path[PATH_MAX + 16];
	int n;
};
int tvp_plot_open(struct tvp_plot *p, const char *dir, const char *name);
void tvp_plot_series(struct tvp_plot *p, const char *title);
int tvp_plot_close(struct tvp_plot *p, const char *title, const char *xl,
                   const char *yl, int logx, int logy, const char *extra);

#endif

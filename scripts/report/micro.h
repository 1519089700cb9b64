/* SPDX-License-Identifier: MIT */
#ifndef TVP_REPORT_MICRO_H
#define TVP_REPORT_MICRO_H

#include <stdio.h>

/*
 * The micro-benchmarks' section of a results folder's report, from
 * DIR/raw/micro-*.jsonl: tables, plot data (DIR/plots/micro-*.dat/.vars)
 * and a sentence per benchmark. Missing benchmarks are left out; returns
 * -1 on unreadable data.
 */
int tvp_micro_report(FILE *f, const char *dir, long ncores);

/*
 * DIR/raw/FILE.jsonl as an array of objects; NULL if there is no such
 * file, json_null() if a line is not JSON.
 */
struct json_t;
struct json_t *tvp_jsonl(const char *dir, const char *file);

/* A number (NAN when absent) or a string ("" when absent) of an object. */
double tvp_jnum(struct json_t *p, const char *key);
const char *tvp_jstr(struct json_t *p, const char *key);
/* The distinct strings of key in the array all, in order of appearance. */
int tvp_jdistinct(struct json_t *all, const char *key, const char **out,
                  int max);

/*
 * Plot data for plots/lines.gp: DIR/plots/NAME.dat (one block per series:
 * x y low high) and NAME.vars (titles, axes). Open, start each series,
 * write its rows to dat, close with the titles and axes.
 */
#include <limits.h>
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

/* SPDX-License-Identifier: MIT */
/* The workloads' part of a folder's report (workload.c). */
#ifndef TVP_REPORT_WORKLOAD_H
#define TVP_REPORT_WORKLOAD_H

#include <stdio.h>

#include "results.h"

/* DIR/summary.csv: a row per configuration, in pts' order; -1 after
 * saying why. */
int tvp_write_csv(const char *dir, const struct point *pts, long n);

/* One workload's section of report.md (w[0..n) are its points, computed
 * and in report order) and its plot data in DIR/plots; -1 on a failed
 * plot file. */
int tvp_write_workload(FILE *f, const char *dir, const struct point *w, long n,
                       long ncores);

#endif

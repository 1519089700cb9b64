/* SPDX-License-Identifier: MIT */
#ifndef TVP_REPORT_MICRO_H
#define TVP_REPORT_MICRO_H

#include <stdio.h>

/*
 * The micro-benchmarks' section of a results folder's report, from
 * its micro-*.jsonl lines (the folder's rows: rows.h): tables, plot data
 * (DIR/plots/micro-*.dat/.vars) and a sentence per benchmark. Missing
 * benchmarks are left out; 0 (a folder whose lines cannot be read does
 * not load: load.h).
 */
struct tvp_folder;
int tvp_micro_report(FILE *f, const struct tvp_folder *fo);

#endif

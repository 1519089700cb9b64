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

#endif

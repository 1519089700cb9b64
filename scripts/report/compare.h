/* SPDX-License-Identifier: MIT */
/* Two results folders, configuration by configuration (compare.c). */
#ifndef TVP_REPORT_COMPARE_H
#define TVP_REPORT_COMPARE_H

#include <stddef.h>

/*
 * The p-value of "a and b are one distribution", by a rank test: the share
 * of random splits of the pooled runs (PERMUTATIONS of them, the observed
 * split counted once) whose first part's rank sum lies as far from its
 * expected value as a's does (Mann-Whitney's statistic). NAN when either
 * is empty.
 */
double tvp_permutation_p(const double *a, size_t na, const double *b, size_t nb,
                         unsigned long seed);

/* tvp-report compare A B OUT: 0; 2 (said on stderr) for a folder that
 * cannot be read or two with nothing in common; 1 when OUT cannot be
 * written. */
int tvp_cmd_compare(const char *a, const char *b, const char *outdir);

#endif

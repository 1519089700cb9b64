/* SPDX-License-Identifier: MIT */
/*
 * One "cpuN user nice system idle iowait irq softirq steal ..." line of
 * /proc/stat: the programs read steal around a run (account.c), the
 * report reads the sweep's snapshots of the file (scripts/report).
 */
#ifndef TVP_PROCSTAT_H
#define TVP_PROCSTAT_H

#include <stdio.h>

/* 1 and the CPU and its first eight figures (ticks), or 0: not cpuN
 * (the all-CPUs line "cpu  ..." is not one: %d would skip its spaces and
 * read its user ticks as a CPU's number). */
static inline int tvp_proc_stat_cpu(const char *line, int *cpu,
                                    unsigned long long v[8])
{
	return line[0] == 'c' && line[1] == 'p' && line[2] == 'u' &&
	       line[3] >= '0' && line[3] <= '9' &&
	       sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu",
	              cpu, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
	              &v[7]) == 9;
}

#endif

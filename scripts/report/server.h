/* SPDX-License-Identifier: MIT */
#ifndef TVP_REPORT_SERVER_H
#define TVP_REPORT_SERVER_H

#include <stddef.h>
#include <stdio.h>

/*
 * The server section of a results folder's report, from its server-load,
 * -rate, -crash and -conns lines:
 * tables, plot data (DIR/plots/server-MIX-{rps,p50,p99}.dat/.vars,
 * server-conns-{memory,rps}) and sentences. Nothing
 * when the folder has no server data (a folder whose lines cannot be read
 * does not load: load.h); 0.
 */
struct tvp_folder;
int tvp_server_report(FILE *f, const struct tvp_folder *fo);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The report's one reader of a results folder: machine.json and every
 * file of raw/ are read here, once, into a struct tvp_folder; the
 * analysis and the writers (workload.c, micro.c, server.c, claims.c)
 * take their data from it and never open raw/ themselves. (The page,
 * publish.c, reads the newest folder's raw/stages.txt, and its
 * server-rate lines and serial runs' out.json lines through rows.h, for
 * how long the run took and how far the machine drifted; machine.c reads
 * raw/stages.txt; rate-base reads a load file through rows.h.)
 */
#ifndef TVP_REPORT_LOAD_H
#define TVP_REPORT_LOAD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "results.h"
#include "rows.h"

struct tvp_folder {
	const char *dir;  /* as given */
	const char *base; /* its last component: results/BASE */
	json_t *machine;  /* machine.json, or NULL when it has none */
	long ncores;      /* machine.json's "cpus" (0 when unknown) */
	/* the sweep's configurations (raw/ID.rN.hyperfine.json + .out.json),
	 * in the order of their file names */
	struct point *pts;
	long n;
	/* every raw/NAME.jsonl, read as typed rows (rows.h); how many of
	 * these files the folder holds */
	int nfiles;
	/* raw/server-load, -crash and -conns; raw/server-rate */
	struct tvp_wrks load, crash, conns;
	struct tvp_rates rates;
	struct tvp_ctxsws ctxsw;          /* raw/micro-ctxsw */
	struct tvp_races race, pyrace;    /* raw/micro-race, -pyrace */
	struct tvp_spawns spawn, pyspawn; /* raw/micro-spawn, -pyspawn */
	struct tvp_footprints footprint;  /* raw/micro-footprint */
	struct tvp_oversubs oversub;      /* raw/micro-oversub */
	struct tvp_ipcs ipc, pyipc;       /* raw/micro-ipc, -pyipc */
	/* raw/claims-makespan, -pool, -pool-few */
	struct tvp_claimruns makespan, pool, pool_few;
	/* raw/quiet.txt: the stages measured on a busy machine, and one
	 * Markdown line that names them (empty when none) */
	int nbusy;
	char busy[1024];
	/* raw/proc-stat.start and .end: all CPUs' steal and all ticks */
	bool has_stat;
	unsigned long long steal[2], ticks[2];
	/* raw/reference-perf-pipe.txt: perf bench sched pipe's usecs/op,
	 * process and thread; NAN when absent */
	double perf_pipe_us[2];
};

/*
 * Read DIR into f. -1 with a message in err when raw/ holds unreadable
 * results: two rounds of one configuration that disagree, a JSON-lines
 * file with a line that is not JSON or does not fit its table (rows.h),
 * or one that no table reads. A missing machine.json is not an error
 * here (the analysis says what it lacks).
 */
int tvp_folder_load(struct tvp_folder *f, const char *dir, char *err,
                    size_t errlen);
void tvp_folder_free(struct tvp_folder *f);

/*
 * Every configuration in DIR/raw, its rounds (ID.rN.*, both files present)
 * merged into one point. Returns the count, or -1 with a message (also
 * when two rounds of one configuration printed different checksums).
 */
long tvp_read_points(const char *dir, struct point **out, char *err,
                     size_t errlen);

/*
 * Read hyperfine's --export-json file: the first result's times. Fails
 * (with a message in err) on unreadable JSON, no times or a failed run.
 */
int tvp_read_hyperfine(const char *path, double **times, size_t *n, char *err,
                       size_t errlen);

/* Read a program's --json line into p (not the times), through its table
 * (rows.h: tvp_schema_program); -1 with the file, line and key where a
 * line lacks a key of its format. */
int tvp_read_program_line(const char *path, struct point *p, char *err,
                          size_t errlen);

#endif

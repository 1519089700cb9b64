/* SPDX-License-Identifier: MIT */
/*
 * The raw lines as typed rows: the JSON-lines files (raw/NAME.jsonl) and
 * the programs' own lines (raw/ID.rN.out.json, struct tvp_progline,
 * which results.c turns into a struct point), one struct per
 * benchmark, filled by one loader from a table of the keys the report
 * reads (key, type, and the format that brought it). The analysis reads
 * their fields, never a key by name: a misspelt field does not compile,
 * and a line that lacks a key its format has does not load. (machine.json
 * and the claims.json the page reads back are read by key.)
 *
 * A line's format is the newest one any of its keys belongs to; a line
 * of format F must hold every key of formats 0..F, and every line of a
 * file is of the file's newest format, one program having written them
 * all (but a line that says it ended early, a hold that stopped, which
 * may lack the keys of the later formats). Else the folder does not
 * load: the file, and the line and key where there is one, in one
 * message. A key is JSON null only where its table allows it (a figure
 * the program could not read: the server gone, a machine that does not
 * say). The format is inferred from the keys, so a program that dropped
 * every key of its newest format would read as an older one: the tests
 * of the programs hold their lines to the table's newest format
 * (tvp_schema_newest): the micro-benchmarks' (test_micro, test_python),
 * a program's --json line, C's and Python's, as a run's line and as a
 * claims-pool row (test_programs, test_python) and the server stage's
 * (test_serve).
 *
 * A field is empty (NAN, "" or -1 for a flag) in these cases alone: its
 * key came after the line's format; only some lines have it (a cold
 * mix's reads, the process line's paired ratio) and this one does not;
 * its file never has it (TVP_NEVER: a struct serving three files); or
 * it is null where that is allowed. The row's format tells the first.
 */
#ifndef TVP_REPORT_ROWS_H
#define TVP_REPORT_ROWS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* (TVP_FLIST: an array of strings, read as one string, the strings
 * joined with commas) */
enum tvp_ftype {
	TVP_FNUM,
	TVP_FSTR,
	TVP_FFLAG,
	TVP_FSPREAD,
	TVP_FLIST,
	TVP_FSPANS
};

/* One worker's part of a run (its timeline entry): its first task's
 * start and its last one's end (ns after the run's start), the CPU time
 * of its tasks and how many it ran. */
struct tvp_span {
	double start_ns, end_ns, cpu_ns, tasks;
};

/* A run's timeline (TVP_FSPANS): its workers' spans, n of them; n -1 and
 * v NULL where the line has none. */
struct tvp_spans {
	struct tvp_span *v;
	long n;
};

/* A micro-benchmark's figure with its spread (TVP_FSPREAD): KEY, the
 * median of its repetitions, and beside it, where the line has them,
 * KEY_lo and KEY_hi (a 95% interval of the median: the paired ratios)
 * and KEY_min and KEY_max (the repetitions' extremes); each NAN where
 * the line has none. The key itself obeys its format like any other. */
struct tvp_spread {
	double v, lo, hi, min, max;
};

/* One key the report reads: where it lands in the row, and since which
 * format every line of each file of its struct has it (a struct may
 * serve up to three files: server-load, -crash and -conns): TVP_SOME,
 * only some lines whatever their format; TVP_NEVER, none. */
#define TVP_SOME  (-1)
#define TVP_NEVER (-2)
struct tvp_field {
	const char *key;
	size_t off;
	enum tvp_ftype type;
	short since[3];
	bool null_ok; /* JSON null allowed (read empty) */
};

/* One raw/FILE.jsonl: its rows' size and their struct's keys, which of
 * since[] is this file's, and the key of a line that ended early (and so
 * keeps format 0's keys alone), or NULL. */
struct tvp_schema {
	const char *file;
	size_t size;
	const struct tvp_field *fields;
	size_t nfields;
	int kind;
	const char *early;
};

/*
 * A closed-loop line (wrk): server-load (one round of a configuration at
 * one concurrency), server-crash (a fault injected under load) and
 * server-conns (idle connections held, then a short load).
 */
struct tvp_wrk {
	int format;
	const char *config, *model, *mix;
	const char *mix_args;                  /* load and crash */
	const char *server_cpus, *client_cpus; /* load and crash */
	double procs, threads;
	double concurrency, round; /* load (round) and crash */
	double duration_s, requests, duration_us;
	double errors_connect, errors_read, errors_write, errors_status,
	        errors_timeout;
	double p50_us, p99_us;
	/* load, a cold mix only: the server's reads from its files and the
	 * requests it served */
	double server_read_bytes, server_served;
	/* crash */
	double crash_at_ms, server_exit, restarts;
	int alive_after; /* 1, 0, or -1 where the line has none */
	/* conns: connections held, those asked to work, what the server
	 * took with them held; stopped: why a hold ended early ("": it did
	 * not) */
	double held, active, kept, pss_kib, threads_total;
	const char *stopped;
};

/* An open-loop line (tvp-rate): server-rate, one round of a configuration
 * at one offered share of base_rps. */
struct tvp_rate {
	int format;
	const char *config, *model, *mix, *mix_args;
	const char *server_cpus, *client_cpus;
	double procs, threads;
	double offered_pct, rate, ms, connections;
	double due, answered, unanswered, errors; /* requests */
	double answered_rps, p50_us, p99_us, p999_us, behind_us;
	/* format 1 on: */
	double round;
	int shared_rate; /* the rate both compared models are judged at */
	double base_rps, client_cpu_ms, client_wall_ms, server_reads,
	        server_read_ns;
};

/* A ctxsw line (micro-ctxsw): a pipe round trip between two threads or
 * two processes on cpus CPUs. */
struct tvp_ctxsw {
	int format;
	const char *variant; /* "thread" or "process" */
	double cpus, reps;
	struct tvp_spread us_per_roundtrip;
	double us_per_switch; /* one CPU: half a round trip */
	/* the process line: the median of the paired process / thread
	 * ratios of each rotation's round trips */
	struct tvp_spread vs_thread;
	/* format 1 on: the partner's switches a round trip */
	double partner_vcsw_per_roundtrip, partner_ivcsw_per_roundtrip;
	double switches_per_msg; /* format 2 on: both ends' */
	/* one CPU, where timed: the round trip's four pipe calls alone, a
	 * switch with its wake-up (the medians less them), and (the process
	 * line) the paired ratio of the round trips less their pipe calls */
	double us_per_pipe_calls, us_per_switch_net;
	struct tvp_spread vs_thread_net;
};

/* A race line (micro-race, C; micro-pyrace, Python): workers adding to
 * one counter, without synchronisation (variant "none") or with it. */
struct tvp_race {
	int format;
	const char *variant, *model;
	double workers;
	struct tvp_spread ns_per_increment; /* (Python: the median alone) */
	double expected_count, final_count, lost_updates;
	/* C, format 1 on: cycles an increment's run, null without a PMU */
	double cycles_per_op;
	/* C format 2, Python format 1 on: when the workers started and the
	 * first ended (ns), the share of the last run they ran together and
	 * on how many CPUs */
	double first_start_ns, last_start_ns, first_end_ns;
	double overlap_frac, distinct_cpus;
};

/* A spawn line (micro-spawn, C; micro-pyspawn, Python): creating and
 * reaping a worker of one variant from a parent of parent_rss_mib. */
struct tvp_spawn {
	int format;
	const char *variant;
	double parent_rss_mib; /* (Python: format 1 on) */
	int thp;               /* huge pages backed it (Python: format 1 on) */
	struct tvp_spread us_per_op;
	double reps;          /* (Python: format 1 on) */
	double minflt_per_op; /* C */
	/* C's fork line, where timed: fork's own return, and the child's
	 * exit with the parent's wait */
	struct tvp_spread fork_us, exit_wait_us;
	/* a line paired in rotation with another variant's: the median of
	 * the ratios, and that variant ("": the thread) */
	struct tvp_spread vs_thread;
	const char *vs_thread_variant;
	const char *start_method; /* Python, format 1 on ("": a thread) */
};

/* A footprint line (micro-footprint): the memory of workers of a variant
 * beside a parent's buffer, idle or after each wrote it (phase). */
struct tvp_footprint {
	int format;
	const char *variant, *phase;
	double workers, buffer_mib, pss_kib_total, pss_kib_per_worker;
	/* the written phase: the copy-on-write faults and pages a worker */
	double cow_minflt_per_worker, pages_per_worker;
};

/* An oversub line (micro-oversub): workers_per_cpu CPU-bound workers a
 * CPU of one variant, timed from their release to the last one's end
 * (format 1 on: timed says so). */
struct tvp_oversub {
	int format;
	const char *variant;
	double workers, workers_per_cpu, reps;
	struct tvp_spread ms_per_run;
	double pss_kib_total;
	/* format 1 on */
	const char *timed;
	double create_ms_per_run, ivcsw_per_worker;
	double cycles_per_op;  /* format 2 on; null without a PMU */
	double cpu_ms_per_run; /* format 3 on: the workers outlived the clock */
	/* format 4 on: a share of work a worker, and what it was run under */
	struct tvp_spread ms_per_share;
	double cpu_ms_per_worker, ivcsw_min_worker, working_set_kib, share_ms,
	        l2_kib;
	int pcid;
	double shares_per_worker; /* format 6 on (before: one) */
	/* paired in rotation (the lines above 1 per CPU; the process's
	 * against the threads'): time and CPU time against 1 per CPU */
	struct tvp_spread vs_one_per_cpu, cpu_vs_one_per_cpu, procs_vs_threads;
};

/* An ipc line (micro-ipc, C; micro-pyipc, Python): one mechanism
 * (variant) at one message size, timed for its latency (a round trip) or
 * its bandwidth (mode). */
struct tvp_ipc {
	int format;
	const char *bench, *variant, *mode;
	double msg_bytes;
	/* format 1 on: its model, whether it copies the bytes, and the
	 * like-for-like pairs it is a side of (comma-separated: tvp_in_list) */
	const char *model;
	int copies;
	const char *pairs;
	struct tvp_spread us_per_roundtrip; /* latency (C: those lines) */
	struct tvp_spread mbps;             /* C, bandwidth: MBps */
	double reps;                        /* (Python: format 1 on) */
	double rep_ms; /* Python, format 2 on: a repetition's least ms */
	/* paired in rotation with vs_thread_variant: the ratio's median */
	struct tvp_spread vs_thread;
	const char *vs_thread_variant;
};

/* A claims run's line (claims-makespan: the seeds' Pool(5) sleeps;
 * claims-pool: C6's per-task and pool runs; claims-pool-few: the same
 * with few tasks): one run of a workload program's --json, C's or
 * Python's (lang, "" in C's lines). */
struct tvp_claimrun {
	int format;
	const char *lang, *model, *schedule;
	double workers, tasks, wall_ns, spawn_ns;
	double ms;          /* makespan: each task's sleep */
	double task_cpu_ns; /* format 1 on (pool-few: 0): the tasks' CPU */
	double round;       /* pool: format 4 on; pool-few: 1 on */
};

/* A program's --json line (raw/ID.rN.out.json, one a run; the claims
 * runs' lines are the same, tvp_claimrun): the run's identity, its work,
 * its times (ns) and its accounting, by format. */
struct tvp_progline {
	int format;
	const char *workload, *kind, *model, *schedule, *checksum;
	const char *lang, *interpreter; /* Python's ("": C's) */
	const char *cpus; /* the CPUs it was pinned to, or ran on */
	double workers, tasks, ncpus, wall_ns, cpu_ns, spawn_ns, maxrss_kb;
	double ms; /* a sleep workload's task */
	/* format 1 on: the tasks' CPU time, the hypervisor's steal and the
	 * workers' timeline */
	double task_cpu_ns, steal_ns;
	struct tvp_spans timeline;
	/* format 2 on: the counters (null without a PMU) and its
	 * involuntary switches */
	double cycles, instructions, nivcsw;
	/* format 3 on: first task started to last result in, and the tasks
	 * a worker was given (null: a fixed total) */
	double window_ns, tasks_per_worker;
};

/* A raw file's rows (have: the folder holds the file). */

struct tvp_wrks {
	struct tvp_wrk *v;
	size_t n;
	bool have;
};
struct tvp_rates {
	struct tvp_rate *v;
	size_t n;
	bool have;
};
struct tvp_ctxsws {
	struct tvp_ctxsw *v;
	size_t n;
	bool have;
};
struct tvp_races {
	struct tvp_race *v;
	size_t n;
	bool have;
};
struct tvp_spawns {
	struct tvp_spawn *v;
	size_t n;
	bool have;
};
struct tvp_footprints {
	struct tvp_footprint *v;
	size_t n;
	bool have;
};
struct tvp_oversubs {
	struct tvp_oversub *v;
	size_t n;
	bool have;
};
struct tvp_ipcs {
	struct tvp_ipc *v;
	size_t n;
	bool have;
};
struct tvp_claimruns {
	struct tvp_claimrun *v;
	size_t n;
	bool have;
};

/* The first race row of variant and model, or NULL. */
const struct tvp_race *tvp_race_pick(const struct tvp_races *all,
                                     const char *variant, const char *model);

extern const struct tvp_schema tvp_schema_load, tvp_schema_crash,
        tvp_schema_conns, tvp_schema_rate, tvp_schema_ctxsw, tvp_schema_race,
        tvp_schema_pyrace, tvp_schema_spawn, tvp_schema_pyspawn,
        tvp_schema_footprint, tvp_schema_oversub, tvp_schema_ipc,
        tvp_schema_pyipc, tvp_schema_makespan, tvp_schema_pool,
        tvp_schema_pool_few, tvp_schema_program;

/* The latency line of variant at msg_bytes among all, the last should
 * there be more; NULL if none. */
const struct tvp_ipc *tvp_ipc_latency(const struct tvp_ipcs *all,
                                      const char *variant, double msg_bytes);
/* Is name one of the comma-separated list's? */
bool tvp_in_list(const char *list, const char *name);

/*
 * The lines of the array lines (read from path) as rows of schema s, in
 * *rows (malloc'd, *n of them). -1 with a message in err naming path,
 * the line and the key when a line is not an object, lacks a key of its
 * format, holds a key of the wrong type or null where none is allowed,
 * or is of an older format than the file's others. rows is the address
 * of the caller's struct pointer; on -1 too, the caller frees the rows
 * (tvp_rows_free: *n counts the one that failed).
 */
int tvp_rows_of(const struct tvp_schema *s, json_t *lines, const char *path,
                void *rows, size_t *n, char *err, size_t errlen);
/* The rows of the file at path (have false, no rows, when there is no
 * such file); -1 with a message as above, or when a line is not JSON. */
int tvp_rows_read(const struct tvp_schema *s, const char *path, void *rows,
                  size_t *n, bool *have, char *err, size_t errlen);
/* One row of s from the object o (line ln of path) into row, which the
 * caller zeroed; -1 with a message as tvp_rows_of's. Free it with
 * tvp_rows_free(s, row, 1)'s fields, or take them (as results.c does). */
int tvp_row_of(const struct tvp_schema *s, json_t *o, const char *path,
               size_t ln, void *row, char *err, size_t errlen);

/* The JSON lines of the file at path as an array; NULL when there is no
 * such file; json null when a line of it is not JSON. */
json_t *tvp_read_lines(const char *path);
/* The newest format of s's file (every line today's programs write is of
 * it, but a line that ended early, a stopped hold; claims-pool's newest
 * key, round, is the sweep's), and the format of row i of rows. */
int tvp_schema_newest(const struct tvp_schema *s);
int tvp_row_format(const struct tvp_schema *s, const void *rows, size_t i);
/* The distinct numbers (strings) at off in the n rows of size bytes at
 * rows, in order of appearance, at most max of them into out; how many.
 * (off: offsetof the field in the rows' struct) */
int tvp_rows_distinct(const void *rows, size_t n, size_t size, size_t off,
                      double *out, int max);
int tvp_rows_distinct_str(const void *rows, size_t n, size_t size, size_t off,
                          const char **out, int max);
/* Free the strings and timelines of one row of s (not the row). */
void tvp_row_clear(const struct tvp_schema *s, void *row);
/* Free rows of s (their strings too). */
void tvp_rows_free(const struct tvp_schema *s, void *rows, size_t n);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The raw lines as typed rows: one struct per benchmark, filled by one
 * loader from a table of the keys the report reads (key, type, and the
 * format that brought it). The analysis reads fields, never a key by
 * name: a misspelt field does not compile, and a line that lacks a key
 * its format has does not load.
 *
 * A line's format is the newest one any of its keys belongs to; a line
 * of format F must hold every key of formats 0..F (else the folder does
 * not load, with the file, line and key). A key that only some lines
 * have (a cold mix's reads, a stopped hold) is marked so, and where a
 * line lacks it, or lacks a key of a newer format than its own, or holds
 * JSON null (a counter the machine does not have), the field reads NAN,
 * "" or -1 (a flag). Those are the only ways a field is empty.
 */
#ifndef TVP_REPORT_ROWS_H
#define TVP_REPORT_ROWS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum tvp_ftype { TVP_FNUM, TVP_FSTR, TVP_FFLAG };

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
	int since[3];
};

/* One raw/FILE.jsonl: its rows' size and their struct's keys, and which
 * of since[] is this file's. */
struct tvp_schema {
	const char *file;
	size_t size;
	const struct tvp_field *fields;
	size_t nfields;
	int kind;
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

extern const struct tvp_schema tvp_schema_load, tvp_schema_crash,
        tvp_schema_conns, tvp_schema_rate;

/*
 * The lines of the array lines (read from path) as rows of schema s, in
 * *rows (malloc'd, *n of them). -1 with a message in err naming path,
 * the line and the key when a line is not an object, lacks a key of its
 * format or holds a key of the wrong type.
 */
int tvp_rows_of(const struct tvp_schema *s, json_t *lines, const char *path,
                void **rows, size_t *n, char *err, size_t errlen);
/* The rows of the file at path (have false, no rows, when there is no
 * such file); -1 with a message as above, or when a line is not JSON. */
int tvp_rows_read(const struct tvp_schema *s, const char *path, void **rows,
                  size_t *n, bool *have, char *err, size_t errlen);
/* The JSON lines of the file at path as an array; NULL when there is no
 * such file; json null (said on stderr) when a line of it is not JSON. */
json_t *tvp_read_lines(const char *path);
/* Free rows of s (their strings too). */
void tvp_rows_free(const struct tvp_schema *s, void *rows, size_t n);

#endif

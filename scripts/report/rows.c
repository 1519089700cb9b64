/* SPDX-License-Identifier: MIT */
/* The raw lines as typed rows (rows.h): the tables of keys, and the one
 * loader that reads a line by them. */
#include "rows.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N TVP_NEVER
#define S TVP_SOME
/* clang-format off */
#define FIELD(st, k, t, nul, ...) \
	{ .key = #k, .off = offsetof(struct st, k), .type = t, \
	  .since = { __VA_ARGS__ }, .null_ok = nul }
/* clang-format on */
#define NUM(st, k, ...)      FIELD(st, k, TVP_FNUM, false, __VA_ARGS__)
#define NULLNUM(st, k, ...)  FIELD(st, k, TVP_FNUM, true, __VA_ARGS__)
#define STR(st, k, ...)      FIELD(st, k, TVP_FSTR, false, __VA_ARGS__)
#define NULLSTR(st, k, ...)  FIELD(st, k, TVP_FSTR, true, __VA_ARGS__)
#define FLAG(st, k, ...)     FIELD(st, k, TVP_FFLAG, false, __VA_ARGS__)
#define NULLFLAG(st, k, ...) FIELD(st, k, TVP_FFLAG, true, __VA_ARGS__)
#define SPREAD(st, k, ...)   FIELD(st, k, TVP_FSPREAD, false, __VA_ARGS__)
#define LIST(st, k, ...)     FIELD(st, k, TVP_FLIST, false, __VA_ARGS__)

/* since[]: server-load, server-crash, server-conns */
static const struct tvp_field wrk_fields[] = {
	STR(tvp_wrk, config, 0, 0, 0),
	STR(tvp_wrk, model, 0, 0, 0),
	STR(tvp_wrk, mix, 0, 0, 0),
	STR(tvp_wrk, mix_args, 0, 0, N),
	STR(tvp_wrk, server_cpus, 0, 0, N),
	STR(tvp_wrk, client_cpus, 0, 0, N),
	NUM(tvp_wrk, procs, 0, 0, 0),
	NUM(tvp_wrk, threads, 0, 0, 0),
	NUM(tvp_wrk, concurrency, 0, 0, N),
	NUM(tvp_wrk, round, 0, N, N),
	NUM(tvp_wrk, duration_s, 0, 0, 1),
	NUM(tvp_wrk, requests, 0, 0, 1),
	NUM(tvp_wrk, duration_us, 0, 0, 1),
	NUM(tvp_wrk, errors_connect, 0, 0, 1),
	NUM(tvp_wrk, errors_read, 0, 0, 1),
	NUM(tvp_wrk, errors_write, 0, 0, 1),
	NUM(tvp_wrk, errors_status, 0, 0, 1),
	NUM(tvp_wrk, errors_timeout, 0, 0, 1),
	NUM(tvp_wrk, p50_us, 0, 0, 1),
	NUM(tvp_wrk, p99_us, 0, 0, 1),
	NUM(tvp_wrk, server_read_bytes, S, N, N),
	NUM(tvp_wrk, server_served, S, N, N),
	NUM(tvp_wrk, crash_at_ms, N, 0, N),
	NUM(tvp_wrk, server_exit, N, 0, N),
	NUM(tvp_wrk, restarts, N, 0, N),
	FLAG(tvp_wrk, alive_after, N, 0, N),
	NUM(tvp_wrk, held, N, N, 0),
	NUM(tvp_wrk, active, N, N, 0),
	NUM(tvp_wrk, kept, N, N, 1),
	/* (null where serve.sh could not read them: the server gone) */
	NULLNUM(tvp_wrk, pss_kib, N, N, 1),
	NULLNUM(tvp_wrk, threads_total, N, N, 1),
	STR(tvp_wrk, stopped, N, N, S),
};

static const struct tvp_field rate_fields[] = {
	STR(tvp_rate, config, 0),
	STR(tvp_rate, model, 0),
	STR(tvp_rate, mix, 0),
	STR(tvp_rate, mix_args, 0),
	STR(tvp_rate, server_cpus, 0),
	STR(tvp_rate, client_cpus, 0),
	NUM(tvp_rate, procs, 0),
	NUM(tvp_rate, threads, 0),
	NUM(tvp_rate, offered_pct, 0),
	NUM(tvp_rate, rate, 0),
	NUM(tvp_rate, ms, 0),
	NUM(tvp_rate, connections, 0),
	NUM(tvp_rate, due, 0),
	NUM(tvp_rate, answered, 0),
	NUM(tvp_rate, unanswered, 0),
	NUM(tvp_rate, errors, 0),
	NUM(tvp_rate, answered_rps, 0),
	NUM(tvp_rate, p50_us, 0),
	NUM(tvp_rate, p99_us, 0),
	NUM(tvp_rate, p999_us, 0),
	NUM(tvp_rate, behind_us, 0),
	NUM(tvp_rate, round, 1),
	FLAG(tvp_rate, shared_rate, 1),
	NUM(tvp_rate, base_rps, 1),
	NUM(tvp_rate, client_cpu_ms, 1),
	NUM(tvp_rate, client_wall_ms, 1),
	NUM(tvp_rate, server_reads, 1),
	NUM(tvp_rate, server_read_ns, 1),
};

static const struct tvp_field ctxsw_fields[] = {
	STR(tvp_ctxsw, variant, 0),
	NUM(tvp_ctxsw, cpus, 0),
	NUM(tvp_ctxsw, reps, 0),
	SPREAD(tvp_ctxsw, us_per_roundtrip, 0),
	NUM(tvp_ctxsw, us_per_switch, S),
	SPREAD(tvp_ctxsw, vs_thread, S),
	NUM(tvp_ctxsw, partner_vcsw_per_roundtrip, 1),
	NUM(tvp_ctxsw, partner_ivcsw_per_roundtrip, 1),
	NUM(tvp_ctxsw, switches_per_msg, 2),
	NUM(tvp_ctxsw, us_per_pipe_calls, S),
	NUM(tvp_ctxsw, us_per_switch_net, S),
	SPREAD(tvp_ctxsw, vs_thread_net, S),
};

/* since[]: micro-race, micro-pyrace */
static const struct tvp_field race_fields[] = {
	STR(tvp_race, variant, 0, 0),
	STR(tvp_race, model, 0, 0),
	NUM(tvp_race, workers, 0, 0),
	SPREAD(tvp_race, ns_per_increment, 0, 0),
	NUM(tvp_race, expected_count, 0, 0),
	NUM(tvp_race, final_count, 0, 0),
	NUM(tvp_race, lost_updates, 0, 0),
	NULLNUM(tvp_race, cycles_per_op, 1, N),
	NUM(tvp_race, first_start_ns, 2, 1),
	NUM(tvp_race, last_start_ns, 2, 1),
	NUM(tvp_race, first_end_ns, 2, 1),
	NUM(tvp_race, overlap_frac, 2, 1),
	NUM(tvp_race, distinct_cpus, 2, 1),
};

/* since[]: micro-spawn, micro-pyspawn */
static const struct tvp_field spawn_fields[] = {
	STR(tvp_spawn, variant, 0, 0),
	NUM(tvp_spawn, parent_rss_mib, 0, 1),
	FLAG(tvp_spawn, thp, 0, 1),
	SPREAD(tvp_spawn, us_per_op, 0, 0),
	NUM(tvp_spawn, reps, 0, 1),
	NUM(tvp_spawn, minflt_per_op, 0, N),
	SPREAD(tvp_spawn, fork_us, S, N),
	SPREAD(tvp_spawn, exit_wait_us, S, N),
	SPREAD(tvp_spawn, vs_thread, S, S),
	STR(tvp_spawn, vs_thread_variant, S, S),
	NULLSTR(tvp_spawn, start_method, N, 1),
};

static const struct tvp_field footprint_fields[] = {
	STR(tvp_footprint, variant, 0),
	STR(tvp_footprint, phase, 0),
	NUM(tvp_footprint, workers, 0),
	NUM(tvp_footprint, buffer_mib, 0),
	NUM(tvp_footprint, pss_kib_total, 0),
	NUM(tvp_footprint, pss_kib_per_worker, 0),
	NUM(tvp_footprint, cow_minflt_per_worker, S),
	NUM(tvp_footprint, pages_per_worker, S),
};

static const struct tvp_field oversub_fields[] = {
	STR(tvp_oversub, variant, 0),
	NUM(tvp_oversub, workers, 0),
	NUM(tvp_oversub, workers_per_cpu, 0),
	NUM(tvp_oversub, reps, 0),
	SPREAD(tvp_oversub, ms_per_run, 0),
	NUM(tvp_oversub, pss_kib_total, 0),
	STR(tvp_oversub, timed, 1),
	NUM(tvp_oversub, create_ms_per_run, 1),
	NUM(tvp_oversub, ivcsw_per_worker, 1),
	NULLNUM(tvp_oversub, cycles_per_op, 2),
	NUM(tvp_oversub, cpu_ms_per_run, 3),
	SPREAD(tvp_oversub, ms_per_share, 4),
	NUM(tvp_oversub, cpu_ms_per_worker, 4),
	NUM(tvp_oversub, ivcsw_min_worker, 4),
	NUM(tvp_oversub, working_set_kib, 4),
	NUM(tvp_oversub, share_ms, 4),
	/* (null where the machine does not say: no cache in sysfs nor
	 * cpuid, no flags line in /proc/cpuinfo, as on ARM) */
	NULLNUM(tvp_oversub, l2_kib, 4),
	NULLFLAG(tvp_oversub, pcid, 4),
	/* (format 5 brought ivcsw_min_worker_any_round, which the report
	 * does not read) */
	NUM(tvp_oversub, shares_per_worker, 6),
	SPREAD(tvp_oversub, vs_one_per_cpu, S),
	SPREAD(tvp_oversub, cpu_vs_one_per_cpu, S),
	SPREAD(tvp_oversub, procs_vs_threads, S),
};

/* since[]: micro-ipc, micro-pyipc */
static const struct tvp_field ipc_fields[] = {
	STR(tvp_ipc, bench, 0, 0),
	STR(tvp_ipc, variant, 0, 0),
	STR(tvp_ipc, mode, 0, 0),
	NUM(tvp_ipc, msg_bytes, 0, 0),
	STR(tvp_ipc, model, 1, 1),
	FLAG(tvp_ipc, copies, 1, 1),
	LIST(tvp_ipc, pairs, 1, 1),
	SPREAD(tvp_ipc, us_per_roundtrip, S, 0),
	{ .key = "MBps",
	  .off = offsetof(struct tvp_ipc, mbps),
	  .type = TVP_FSPREAD,
	  .since = { S, N },
	  .null_ok = false },
	NUM(tvp_ipc, reps, 0, 1),
	NUM(tvp_ipc, rep_ms, N, 2),
	SPREAD(tvp_ipc, vs_thread, S, S),
	STR(tvp_ipc, vs_thread_variant, S, S),
};

/* since[]: claims-makespan, claims-pool, claims-pool-few */
static const struct tvp_field run_fields[] = {
	STR(tvp_claimrun, lang, S, S, S),
	STR(tvp_claimrun, model, 0, 0, 0),
	STR(tvp_claimrun, schedule, 0, 0, 0),
	NUM(tvp_claimrun, workers, 0, 0, 0),
	NUM(tvp_claimrun, tasks, 0, 0, 0),
	NUM(tvp_claimrun, wall_ns, 0, 0, 0),
	NUM(tvp_claimrun, spawn_ns, 0, 0, 0),
	NUM(tvp_claimrun, ms, 0, N, N),
	NUM(tvp_claimrun, task_cpu_ns, 1, 1, 0),
	NUM(tvp_claimrun, round, N, 4, 1),
};

/* raw/ID.rN.out.json: a program's --json line */
static const struct tvp_field program_fields[] = {
	STR(tvp_progline, workload, 0),
	STR(tvp_progline, kind, 0),
	STR(tvp_progline, model, 0),
	STR(tvp_progline, schedule, 0),
	STR(tvp_progline, checksum, 0),
	STR(tvp_progline, lang, S),
	STR(tvp_progline, interpreter, S),
	STR(tvp_progline, cpus, 0),
	NUM(tvp_progline, workers, 0),
	NUM(tvp_progline, tasks, 0),
	NUM(tvp_progline, ncpus, 0),
	NUM(tvp_progline, wall_ns, 0),
	NUM(tvp_progline, cpu_ns, 0),
	NUM(tvp_progline, spawn_ns, 0),
	NUM(tvp_progline, maxrss_kb, 0),
	NUM(tvp_progline, ms, S),
	NUM(tvp_progline, task_cpu_ns, 1),
	NUM(tvp_progline, steal_ns, 1),
	FIELD(tvp_progline, timeline, TVP_FSPANS, false, 1),
	NULLNUM(tvp_progline, cycles, 2),
	NULLNUM(tvp_progline, instructions, 2),
	NUM(tvp_progline, nivcsw, 2),
	NUM(tvp_progline, window_ns, 3),
	NULLNUM(tvp_progline, tasks_per_worker, 3),
};

#define FIELDS(a) a, sizeof(a) / sizeof((a)[0])
const struct tvp_schema tvp_schema_load = { "server-load",
	                                    sizeof(struct tvp_wrk),
	                                    FIELDS(wrk_fields), 0, NULL };
const struct tvp_schema tvp_schema_crash = { "server-crash",
	                                     sizeof(struct tvp_wrk),
	                                     FIELDS(wrk_fields), 1, NULL };
const struct tvp_schema tvp_schema_conns = { "server-conns",
	                                     sizeof(struct tvp_wrk),
	                                     FIELDS(wrk_fields), 2, "stopped" };
const struct tvp_schema tvp_schema_ctxsw = { "micro-ctxsw",
	                                     sizeof(struct tvp_ctxsw),
	                                     FIELDS(ctxsw_fields), 0, NULL };
const struct tvp_schema tvp_schema_race = { "micro-race",
	                                    sizeof(struct tvp_race),
	                                    FIELDS(race_fields), 0, NULL };
const struct tvp_schema tvp_schema_pyrace = { "micro-pyrace",
	                                      sizeof(struct tvp_race),
	                                      FIELDS(race_fields), 1, NULL };
const struct tvp_schema tvp_schema_spawn = { "micro-spawn",
	                                     sizeof(struct tvp_spawn),
	                                     FIELDS(spawn_fields), 0, NULL };
const struct tvp_schema tvp_schema_pyspawn = { "micro-pyspawn",
	                                       sizeof(struct tvp_spawn),
	                                       FIELDS(spawn_fields), 1, NULL };
const struct tvp_schema tvp_schema_footprint = { "micro-footprint",
	                                         sizeof(struct tvp_footprint),
	                                         FIELDS(footprint_fields), 0,
	                                         NULL };
const struct tvp_schema tvp_schema_oversub = { "micro-oversub",
	                                       sizeof(struct tvp_oversub),
	                                       FIELDS(oversub_fields), 0,
	                                       NULL };
const struct tvp_schema tvp_schema_ipc = { "micro-ipc", sizeof(struct tvp_ipc),
	                                   FIELDS(ipc_fields), 0, NULL };
const struct tvp_schema tvp_schema_pyipc = { "micro-pyipc",
	                                     sizeof(struct tvp_ipc),
	                                     FIELDS(ipc_fields), 1, NULL };
const struct tvp_schema tvp_schema_makespan = { "claims-makespan",
	                                        sizeof(struct tvp_claimrun),
	                                        FIELDS(run_fields), 0, NULL };
const struct tvp_schema tvp_schema_pool = { "claims-pool",
	                                    sizeof(struct tvp_claimrun),
	                                    FIELDS(run_fields), 1, NULL };
const struct tvp_schema tvp_schema_pool_few = { "claims-pool-few",
	                                        sizeof(struct tvp_claimrun),
	                                        FIELDS(run_fields), 2, NULL };
const struct tvp_schema tvp_schema_program = {
	"out", sizeof(struct tvp_progline), FIELDS(program_fields), 0, NULL
};
const struct tvp_schema tvp_schema_rate = { "server-rate",
	                                    sizeof(struct tvp_rate),
	                                    FIELDS(rate_fields), 0, NULL };

/* The format of line o: the newest its keys belong to. */
static int format_of(const struct tvp_schema *s, json_t *o)
{
	int f = 0;

	for (size_t k = 0; k < s->nfields; k++) {
		int since = s->fields[k].since[s->kind];

		if (since > f && json_object_get(o, s->fields[k].key))
			f = since;
	}
	return f;
}

/* Field d of row, from v (NULL: absent); false when v has the wrong
 * type. JSON null is the field's empty value. */
static bool set_num(char *at, json_t *v);

/* A spread's median from v and its four neighbours from o. */
static bool set_spread(const struct tvp_field *d, char *at, json_t *o,
                       json_t *v)
{
	static const char *const sfx[] = { "_lo", "_hi", "_min", "_max" };
	bool ok = set_num(at, v);

	for (size_t k = 0; k < 4; k++) {
		char key[96];

		snprintf(key, sizeof(key), "%s%s", d->key, sfx[k]);
		ok &= set_num(at + (k + 1) * sizeof(double),
		              o ? json_object_get(o, key) : NULL);
	}
	return ok;
}

static bool set_num(char *at, json_t *v)
{
	double x = json_is_number(v) ? json_number_value(v) : NAN;

	memcpy(at, &x, sizeof(x));
	return !v || json_is_number(v) || json_is_null(v);
}

/* A list of strings, joined with commas ("" where absent); false when v
 * is not one (or out of memory). */
static bool set_list(char *at, json_t *v)
{
	size_t k, len = 1;
	json_t *x;
	char *str;

	memcpy(&str, at, sizeof(str));
	free(str);
	str = NULL;
	memcpy(at, &str, sizeof(str));
	if (v && !json_is_array(v))
		return false;
	json_array_foreach (v, k, x) {
		if (!json_is_string(x))
			return false;
		len += json_string_length(x) + 1;
	}
	if ((str = calloc(1, len)) == NULL)
		return false;
	len = 0;
	json_array_foreach (v, k, x) {
		if (k > 0)
			str[len++] = ',';
		memcpy(str + len, json_string_value(x), json_string_length(x));
		len += json_string_length(x);
	}
	memcpy(at, &str, sizeof(str));
	return true;
}

/* A timeline: an array of [start, end, cpu, tasks] (absent: none, n -1);
 * false when v is not one (or out of memory). */
static bool set_spans(char *at, json_t *v)
{
	struct tvp_spans t = { NULL, -1 };
	size_t i, n = json_array_size(v);
	json_t *e;

	memcpy(&t, at, sizeof(t));
	free(t.v);
	t = (struct tvp_spans){ NULL, -1 };
	memcpy(at, &t, sizeof(t));
	if (!v)
		return true;
	if (!json_is_array(v) || (t.v = calloc(n + 1, sizeof(*t.v))) == NULL)
		return false;
	t.n = (long)n;
	memcpy(at, &t, sizeof(t));
	json_array_foreach (v, i, e) {
		double x[4];

		for (size_t k = 0; k < 4; k++) {
			if (!json_is_number(json_array_get(e, k)))
				return false;
			x[k] = json_number_value(json_array_get(e, k));
		}
		t.v[i] = (struct tvp_span){ x[0], x[1], x[2], x[3] };
	}
	return true;
}

static bool set_field(const struct tvp_field *d, char *row, json_t *o,
                      json_t *v)
{
	char *at = row + d->off;
	char *str;
	int flag;

	/* (memcpy: the field's bytes, whatever the row's type) */
	switch (d->type) {
	case TVP_FNUM:
		return set_num(at, v);
	case TVP_FSPREAD:
		return set_spread(d, at, v ? o : NULL, v);
	case TVP_FSTR:
		memcpy(&str, at, sizeof(str));
		free(str);
		str = strdup(json_is_string(v) ? json_string_value(v) : "");
		memcpy(at, &str, sizeof(str));
		return str && (!v || json_is_string(v) || json_is_null(v));
	case TVP_FLIST:
		return set_list(at, v);
	case TVP_FSPANS:
		return set_spans(at, v);
	case TVP_FFLAG:
		flag = json_is_boolean(v) ? json_is_true(v) : -1;
		memcpy(at, &flag, sizeof(flag));
		return !v || json_is_boolean(v) || json_is_null(v);
	}
	return false;
}

/* Row from line o (line number ln of path); -1 with a message. */
static int row_of(const struct tvp_schema *s, json_t *o, char *row,
                  const char *path, size_t ln, char *err, size_t errlen)
{
	int f;

	if (!json_is_object(o)) {
		snprintf(err, errlen, "%s: line %zu is not a JSON object", path,
		         ln);
		return -1;
	}
	f = format_of(s, o);
	memcpy(row, &f, sizeof(f)); /* (every row starts with its format) */
	for (size_t k = 0; k < s->nfields; k++) {
		const struct tvp_field *d = &s->fields[k];
		int since = d->since[s->kind];
		json_t *v = since == TVP_NEVER ? NULL
		                               : json_object_get(o, d->key);

		if (since >= 0 && since <= f && v == NULL) {
			snprintf(err, errlen,
			         "%s: line %zu (format %d) has no \"%s\"", path,
			         ln, f, d->key);
			return -1;
		}
		if (json_is_null(v) && !d->null_ok) {
			snprintf(err, errlen, "%s: line %zu: \"%s\" is null",
			         path, ln, d->key);
			return -1;
		}
		if (!set_field(d, row, o, v)) {
			snprintf(err, errlen,
			         "%s: line %zu: \"%s\" is not a %s", path, ln,
			         d->key,
			         d->type == TVP_FSTR    ? "string"
			         : d->type == TVP_FFLAG ? "true or false"
			         : d->type == TVP_FLIST ? "list of strings"
			         : d->type == TVP_FSPANS
			                 ? "list of [start, end, cpu, tasks]"
			                 : "number");
			return -1;
		}
	}
	return 0;
}

int tvp_row_of(const struct tvp_schema *s, json_t *o, const char *path,
               size_t ln, void *row, char *err, size_t errlen)
{
	return row_of(s, o, row, path, ln, err, errlen);
}

/* Every row of the file of the file's newest format, but those that say
 * they ended early (s->early); -1 with a message naming one that is not. */
static int same_format(const struct tvp_schema *s, json_t *lines,
                       const char *rows, const char *path, char *err,
                       size_t errlen)
{
	size_t m = json_array_size(lines), top = 0;
	int ft, fi;

	for (size_t i = 1; i < m; i++) {
		memcpy(&fi, rows + i * s->size, sizeof(fi));
		memcpy(&ft, rows + top * s->size, sizeof(ft));
		top = fi > ft ? i : top;
	}
	memcpy(&ft, rows + top * s->size, sizeof(ft));
	for (size_t i = 0; i < m; i++) {
		memcpy(&fi, rows + i * s->size, sizeof(fi));
		if (fi == ft ||
		    (s->early &&
		     json_object_get(json_array_get(lines, i), s->early)))
			continue;
		snprintf(err, errlen,
		         "%s: line %zu is of format %d, line %zu of format %d: "
		         "one program writes a file, in one format",
		         path, i + 1, fi, top + 1, ft);
		return -1;
	}
	return 0;
}

int tvp_rows_of(const struct tvp_schema *s, json_t *lines, const char *path,
                void *rows, size_t *n, char *err, size_t errlen)
{
	size_t m = json_array_size(lines);
	char *v = calloc(m ? m : 1, s->size);

	memcpy(rows, &v, sizeof(v)); /* (into the caller's struct pointer) */
	*n = 0;
	if (v == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return -1;
	}
	for (size_t i = 0; i < m; i++) {
		(*n)++;
		if (row_of(s, json_array_get(lines, i), v + i * s->size, path,
		           i + 1, err, errlen) < 0)
			return -1;
	}
	return same_format(s, lines, v, path, err, errlen);
}

/* The lines of the file at path as an array of objects (rows.h). */
json_t *tvp_read_lines(const char *path)
{
	json_t *all;
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;

	if (f == NULL)
		return NULL;
	all = json_array();
	while (getline(&line, &cap, f) > 0) {
		json_t *j = json_loads(line, 0, NULL);

		if (j == NULL) {
			json_decref(all);
			all = json_null();
			break;
		}
		json_array_append_new(all, j);
	}
	free(line);
	fclose(f);
	return all;
}

int tvp_rows_read(const struct tvp_schema *s, const char *path, void *rows,
                  size_t *n, bool *have, char *err, size_t errlen)
{
	json_t *lines = tvp_read_lines(path);
	int r;

	void *none = NULL;

	memcpy(rows, &none, sizeof(none));
	*n = 0;
	*have = lines != NULL;
	if (lines == NULL)
		return 0;
	if (!json_is_array(lines)) {
		snprintf(err, errlen, "%s: a line is not JSON", path);
		return -1;
	}
	r = tvp_rows_of(s, lines, path, rows, n, err, errlen);
	json_decref(lines);
	return r;
}

const struct tvp_ipc *tvp_ipc_latency(const struct tvp_ipcs *all,
                                      const char *variant, double msg_bytes)
{
	const struct tvp_ipc *hit = NULL;

	for (size_t i = 0; i < all->n; i++)
		if (!strcmp(all->v[i].variant, variant) &&
		    all->v[i].msg_bytes == msg_bytes &&
		    !strcmp(all->v[i].mode, "latency"))
			hit = &all->v[i];
	return hit;
}

bool tvp_in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p; p = strchr(p, ','), p = p ? p + 1 : p)
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

const struct tvp_race *tvp_race_pick(const struct tvp_races *all,
                                     const char *variant, const char *model)
{
	for (size_t i = 0; i < all->n; i++)
		if (!strcmp(all->v[i].variant, variant) &&
		    !strcmp(all->v[i].model, model))
			return &all->v[i];
	return NULL;
}

int tvp_schema_newest(const struct tvp_schema *s)
{
	int f = 0;

	for (size_t k = 0; k < s->nfields; k++)
		f = s->fields[k].since[s->kind] > f
		            ? s->fields[k].since[s->kind]
		            : f;
	return f;
}

int tvp_row_format(const struct tvp_schema *s, const void *rows, size_t i)
{
	int f;

	memcpy(&f, (const char *)rows + i * s->size, sizeof(f));
	return f;
}

int tvp_rows_distinct(const void *rows, size_t n, size_t size, size_t off,
                      double *out, int max)
{
	int m = 0;

	for (size_t i = 0; i < n; i++) {
		double v;
		int k = 0;

		memcpy(&v, (const char *)rows + i * size + off, sizeof(v));
		while (k < m && out[k] != v)
			k++;
		if (k == m && m < max)
			out[m++] = v;
	}
	return m;
}

int tvp_rows_distinct_str(const void *rows, size_t n, size_t size, size_t off,
                          const char **out, int max)
{
	int m = 0;

	for (size_t i = 0; i < n; i++) {
		const char *v;
		int k = 0;

		memcpy(&v, (const char *)rows + i * size + off, sizeof(v));
		while (k < m && strcmp(out[k], v))
			k++;
		if (k == m && m < max)
			out[m++] = v;
	}
	return m;
}

void tvp_row_clear(const struct tvp_schema *s, void *row)
{
	for (size_t k = 0; k < s->nfields; k++) {
		char *at = (char *)row + s->fields[k].off;
		void *mem = NULL;

		/* (a string's or a timeline's memory is its first pointer) */
		if (s->fields[k].type == TVP_FSTR ||
		    s->fields[k].type == TVP_FLIST ||
		    s->fields[k].type == TVP_FSPANS) {
			memcpy(&mem, at, sizeof(mem));
			free(mem);
			mem = NULL;
			memcpy(at, &mem, sizeof(mem));
		}
	}
}

void tvp_rows_free(const struct tvp_schema *s, void *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		tvp_row_clear(s, (char *)rows + i * s->size);
	free(rows);
}

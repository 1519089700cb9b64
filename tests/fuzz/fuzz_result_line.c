/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the report's readers of a results folder - a
 * program's --json result line and hyperfine's --export-json file
 * (scripts/report/results.c), and a raw JSON-lines file's line as the
 * rows of every table (scripts/report/rows.c). The same bytes go to all.
 * They must accept or refuse any input without a crash, a leak or
 * undefined behaviour, and what they accept must be usable: a tvp line
 * with its strings terminated, a hyperfine export with positive times.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../scripts/report/results.h"
#include "../../scripts/report/rows.h"

/* The bytes' object (lines: an array of it) as each table's rows. */
static void as_rows(json_t *lines)
{
	static const struct tvp_schema *const s[] = {
		&tvp_schema_load,    &tvp_schema_crash,
		&tvp_schema_conns,   &tvp_schema_rate,
		&tvp_schema_ctxsw,   &tvp_schema_race,
		&tvp_schema_pyrace,  &tvp_schema_spawn,
		&tvp_schema_pyspawn, &tvp_schema_footprint,
		&tvp_schema_oversub, &tvp_schema_ipc,
		&tvp_schema_pyipc,   &tvp_schema_makespan,
		&tvp_schema_pool,    &tvp_schema_pool_few,
	};
	char err[512];

	for (size_t k = 0; k < sizeof(s) / sizeof(s[0]); k++) {
		void *rows;
		size_t n;

		/* (accepted or refused, without a crash or a leak) */
		(void)tvp_rows_of(s[k], lines, "fuzz", &rows, &n, err,
		                  sizeof(err));
		tvp_rows_free(s[k], rows, n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct point p;
	char err[512];
	double *times;
	size_t n;
	json_t *j;

	j = json_loadb((const char *)data, size, JSON_DISABLE_EOF_CHECK, NULL);
	if (j != NULL) {
		memset(&p, 0, sizeof(p));
		if (tvp_program_line(j, "fuzz", &p, err, sizeof(err)) == 0 &&
		    (strlen(p.workload) >= sizeof(p.workload) ||
		     strlen(p.checksum) >= sizeof(p.checksum) || p.nrun > 64))
			abort();
		free(p.timeline);
	}
	j = json_loadb((const char *)data, size, JSON_DISABLE_EOF_CHECK, NULL);
	if (j != NULL) {
		json_t *lines = json_pack("[o]", j);

		as_rows(lines);
		json_decref(lines);
	}
	j = json_loadb((const char *)data, size, 0, NULL);
	if (j != NULL &&
	    tvp_hyperfine_times(j, "fuzz", &times, &n, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < n; i++)
			if (!(times[i] > 0))
				abort();
		free(times);
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the report's readers of a results folder - a
 * program's --json result line and hyperfine's --export-json file
 * (scripts/report/results.c). The same bytes go to both. They must accept
 * or refuse any input without a crash, a leak or undefined behaviour, and
 * what they accept must be usable: a tvp line with its strings
 * terminated, a hyperfine export with positive times.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../scripts/report/results.h"

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
		json_decref(p.timeline);
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

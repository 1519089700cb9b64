/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the programs' command line (bench/lib/args.c), as
 * bin/files-threads sees it - the common options, the schedules and a
 * workload with every kind of knob (number, flag, string). The input is
 * split at NUL or newline bytes into argv. A usage error or --help ends in
 * tvp_exit, which the hook turns into a jump back here; anything else
 * (a crash, a sanitizer report, a hang) is a finding. Run it with
 * -close_fd_mask=3 (scripts/fuzz.sh does): the usage lines stay quiet,
 * libFuzzer's own reports do not.
 */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../bench/tvp.h"

static jmp_buf back;

static void on_exit_called(int status)
{
	longjmp(back, status + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[4096];
	char *argv[65];
	int argc = 0;
	struct tvp_run run = { .wl = tvp_workload,
		               .workers = 1,
		               .schedule = TVP_SCHED_POOL };
	struct tvp_options o = { 0 };

	if (size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = "files-threads";
	for (char *p = buf; p <= buf + size && argc < 64;) {
		size_t n = strcspn(p, "\n");

		p[n] = '\0';
		argv[argc++] = p;
		p += n + 1;
	}
	argv[argc] = NULL;
	run.tasks = run.wl->default_tasks;
	tvp_exit_hook = on_exit_called;
	if (setjmp(back) == 0) {
		tvp_parse_args(argc, argv, &run, &o);
		/* Parsed: what main() relies on must hold. */
		if (run.workers < 1 || run.workers > 4096 || run.tasks < 1 ||
		    run.tasks > 1000000 || (unsigned)run.schedule > 2)
			abort();
		if (run.wl->check != NULL)
			(void)run.wl->check(&run);
	}
	return 0;
}

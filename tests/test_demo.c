/* SPDX-License-Identifier: MIT */
/*
 * The classroom demo (make demo), in the short mode the tests run: every
 * step shown, the lessons it prints, nothing left behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "util.h"

/* The classroom demo in its short mode: every step, no file left. */
static void demo_runs_every_step_and_cleans_up(void **state)
{
	char dir[192];
	char *env[] = { temp_env(), "DEMO_SHORT=1", NULL };
	struct proc_result *r = malloc(sizeof(*r));

	(void)state;
	if (!have("gnuplot") || !have("wrk"))
		skip_because("gnuplot or wrk is not installed (make deps)");
	snprintf(dir, sizeof(dir), "%s", temp_dir());
	assert_int_equal(
	        run_cmd(r, env, "/bin/bash", "scripts/demo.sh", NULL, NULL), 0);
	if (WEXITSTATUS(r->status) != 0)
		fail_msg("demo: %s", r->err);
	for (int step = 1; step <= 6; step++) {
		char want[32];

		snprintf(want, sizeof(want), ">>> Step %d", step);
		if (strstr(r->out, want) == NULL &&
		    !(step == 2 && strstr(r->out, "Step 2 is skipped")))
			fail_msg("no '%s' in the demo", want);
	}
	assert_non_null(strstr(r->out, "30 sleeping tasks: time to finish"));
	assert_non_null(strstr(r->out, "fork with 16 MiB in the parent"));
	/* The bad request: the threads server is gone, prefork answers. */
	assert_non_null(strstr(r->out, "threads  after: no answer"));
	assert_non_null(strstr(r->out, "prefork  after: HTTP/1.1 200 OK"));
	/* Waiting clients: both servers answered some (a number, not 0). */
	const char *ev = strstr(r->out, "  event, 1 process: "),
	           *th = strstr(r->out, "  8 threads: ");
	assert_non_null(ev);
	assert_non_null(th);
	assert_true(atol(ev + strlen("  event, 1 process: ")) > 0);
	assert_true(atol(th + strlen("  8 threads: ")) > 0);
	assert_null(strstr(r->err, "Killed"));
	assert_int_equal(dir_entries(dir), 0); /* nothing left behind */
	assert_int_equal(live_orphans(), 0);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_runs_every_step_and_cleans_up),
	};

	return tvp_run_tests(tests, temp_setup, temp_teardown);
}

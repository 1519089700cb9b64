/* SPDX-License-Identifier: MIT */
/*
 * scripts/serve.sh, the sweep's server stage, shortened: every
 * configuration answered, the fault ended exactly the single-process
 * models, the equal-terms lines give the compared models the same terms
 * and count every request, the report's section and C10's evidence come
 * from the data; interrupted, it leaves no temp file and no process; bad
 * knobs and a missing wrk get one line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "../scripts/report/load.h"
#include "../scripts/report/c10.h"
#include "../scripts/report/server.h"
#include "server/http.h"
#include "tvp.h"
#include "util.h"

/* For a run of scripts/serve.sh (which needs wrk: skipped without it): a
 * new temp folder with its raw/ (returned, to free; raw/ in raw) and the
 * first allowed CPU, as the script's CPUS argument (in cpu[16]). */
static char *serve_dir(char *raw, size_t len, char *cpu)
{
	int *cpus = NULL;
	char *dir;

	if (!have("wrk"))
		skip_because("wrk is not installed (make deps)");
	assert_true(tvp_cpus_allowed(&cpus) > 0);
	snprintf(cpu, 16, "%d", cpus[0]);
	free(cpus);
	dir = strdup(make_temp_dir());
	snprintf(raw, len, "%s/raw", dir);
	assert_int_equal(mkdir(raw, 0700), 0);
	return dir;
}

/* Wait up to timeout_ms for path to exist and hold a byte; true if so. */
static bool wait_nonempty(const char *path, int timeout_ms)
{
	struct stat st;

	for (int t = 0; t < timeout_ms; t += 10) {
		if (stat(path, &st) == 0 && st.st_size > 0)
			return true;
		usleep(10000);
	}
	return false;
}

/* Every row of a file serve.sh wrote is of its table's newest format. */
static void newest_format(const struct tvp_schema *s, const void *rows,
                          size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tvp_row_format(s, rows, i) != tvp_schema_newest(s))
			fail_msg("%s line %zu: format %d, not %d", s->file,
			         i + 1, tvp_row_format(s, rows, i),
			         tvp_schema_newest(s));
}

/*
 * scripts/serve.sh, shortened (one client count, 0.2 s per point, 0.4 s
 * per fault run: wrk, which takes whole seconds, is ended with SIGINT):
 * every configuration answered, the fault ended exactly the
 * single-process models, the report's section and C10's evidence come
 * from the data; interrupted, it leaves no temp file and no process.
 */
static void serve_script_measures_and_reports(void **state)
{
	char *dir, raw[256], cpu[16], path[300];
	struct proc_result *r = malloc(sizeof(*r));
	char *env[] = { "SERVER_CLIENTS=2",   "SERVER_DURATION=0.2",
		        "SERVER_CRASH_S=0.4", "SERVER_HELD=0,10",
		        "SERVER_ROUNDS=2",    NULL };
	char *brief[] = { "SERVER_CLIENTS=2",   "SERVER_DURATION=0.1",
		          "SERVER_CRASH_S=0.3", "SERVER_HELD=0,10",
		          "SERVER_ROUNDS=2",    NULL };

	(void)state;
	assert_non_null(r);
	dir = serve_dir(raw, sizeof(raw), cpu);
	char *argv[] = {
		"/bin/bash", "scripts/serve.sh", dir, "quick", "1", cpu, NULL
	};
	assert_int_equal(run_prog(argv, env, 120, r), 0);
	if (!WIFEXITED(r->status) || WEXITSTATUS(r->status) != 0)
		fail_msg("serve.sh: %d: %s", r->status, r->err);

	struct tvp_folder fo;
	char lerr[256];
	assert_int_equal(tvp_folder_load(&fo, dir, lerr, sizeof(lerr)), 0);
	/* (the loader took every line: each has the keys of its format, and
	 * it is the newest format of its table; a hold that stopped early
	 * would not be, and fails below anyway) */
	const struct tvp_wrks *load = &fo.load, *crash = &fo.crash,
	                      *conns = &fo.conns;
	assert_true(load->have && crash->have && conns->have);
	newest_format(&tvp_schema_load, load->v, load->n);
	newest_format(&tvp_schema_crash, crash->v, crash->n);
	newest_format(&tvp_schema_conns, conns->v, conns->n);
	newest_format(&tvp_schema_rate, fo.rates.v, fo.rates.n);
	/* on the mixed mix, the 3 configurations not compared once (the
   * sweep's rounds) and the compared 2, event and hybrid, in each of
   * the 2 rounds their medians set the rates from; on the cold mix, 2
   * in 2 rounds, each of whose requests read its file from the device
   * (read_bytes), or none where the folder is on a tmpfs (the stage
   * says so) */
	struct statfs fs;
	assert_int_equal(statfs(dir, &fs), 0);
	bool on_tmpfs = fs.f_type == 0x01021994;
	assert_int_equal(load->n, on_tmpfs ? 7 : 11);
	if (on_tmpfs)
		assert_non_null(strstr(r->out, "[server cold] left out"));
	for (size_t i = 0; i < load->n; i++) {
		const struct tvp_wrk *q = &load->v[i];
		assert_true(q->requests > 0);
		assert_true(q->errors_status == 0);
		assert_true(q->concurrency == 2);
		assert_true(q->duration_s == 0.2);
		if (strcmp(q->mix, "cold"))
			continue;
		/* at least one page a request came from the device */
		if (q->server_read_bytes < 4096 * q->server_served)
			fail_msg("%s: %g bytes read for %g requests", q->config,
			         q->server_read_bytes, q->server_served);
		assert_true(q->server_served > 0);
	}
	/* equal terms (open loop): the compared 2 of each mix, 2 rounds, at
   * 5% and 80% (the shared rate) of the higher median above, on the
   * same 2 connections, the blocking shape a worker for each; every
   * request due counted once, none lost; the cold mix's reads timed */
	const struct tvp_rates *rates = &fo.rates;
	assert_true(rates->have);
	assert_int_equal(rates->n, on_tmpfs ? 8 : 16);
	for (size_t i = 0; i < rates->n; i++) {
		const struct tvp_rate *q = &rates->v[i];
		const char *cf = q->config;
		double pct = q->offered_pct;
		assert_true(!strcmp(cf, "event-w1") ||
		            !strcmp(cf, "hybrid-p1-t16") ||
		            !strcmp(cf, "eventaio-w1-t4"));
		assert_true(pct == 5 || pct == 80);
		assert_true((q->shared_rate == 1) == (pct == 80));
		assert_true(q->connections == 2);
		assert_true(q->procs * q->threads >= 2 ||
		            !strcmp(q->model, "event"));
		assert_true(q->rate == floor(q->base_rps * pct / 100));
		assert_true(q->answered + q->unanswered + q->errors == q->due);
		assert_true(q->errors == 0);
		assert_true(q->p50_us <= q->p99_us);
		assert_true(q->client_cpu_ms >= 0 && q->client_wall_ms > 0);
		if (!strcmp(q->mix, "cold"))
			assert_true(q->server_reads > 0 &&
			            q->server_read_ns > 0);
	}
	/* (quick: every shape but serial, which is FULL's) */
	assert_int_equal(crash->n, 4);
	for (size_t i = 0; i < crash->n; i++) {
		const struct tvp_wrk *q = &crash->v[i];
		const char *m = q->model;
		assert_true(strcmp(m, "serial") != 0);
		bool alive = (q->alive_after == 1);
		bool forked = !strcmp(m, "prefork") || !strcmp(m, "hybrid") ||
		              !strcmp(m, "event");
		if (alive != forked)
			fail_msg("%s: answering after the fault: %d", m, alive);
		if (forked)
			assert_true(q->restarts == 1);
		else
			assert_true(q->server_exit == 128 + SIGKILL);
	}
	/* What a connection costs: 0 and 10 held, against 4 models. The
   * event model keeps every held connection in its processes' one
   * thread each; a blocking model has a thread per held connection. */
	assert_int_equal(conns->n, 8);
	for (size_t i = 0; i < conns->n; i++) {
		const struct tvp_wrk *q = &conns->v[i];
		const char *m = q->model;
		double held = q->held, kept = q->kept;
		double thr = q->threads_total;
		if (*q->stopped)
			fail_msg("%s, %g held: %s", m, held, q->stopped);
		assert_true(q->pss_kib > 0);
		assert_true(q->requests > 0);
		assert_true(kept >= 0 && kept <= held);
		if (!strcmp(m, "event")) {
			assert_true(kept == held);
			/* a thread per process, the master's included (a
       * sanitizer may add one to each) */
			double np = q->procs + 1;
			assert_true(thr >= np &&
			            thr <= np * (1 + runtime_threads()));
		} else {
			assert_true(thr >= held + q->active);
		}
	}
	assert_int_equal(tmp_files(raw), 0);

	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_int_equal(tvp_server_report(f, &fo), 0);
	fclose(f);
	assert_non_null(strstr(text, "### The server models under load"));
	assert_non_null(strstr(text, "| hybrid-p1-t16 | 2 | "));
	assert_non_null(strstr(text, "A fatal fault under load"));
	assert_non_null(
	        strstr(text, "#### The compared models on equal terms"));
	free(text);
	snprintf(path, sizeof(path), "%s/plots/server-mixed-p99.dat", dir);
	assert_int_equal(access(path, R_OK), 0);
	char ev[512];
	struct tvp_side side = { 0 };
	assert_int_not_equal(tvp_server_evidence(&fo, ev, sizeof(ev), NULL, 0,
	                                         &side),
	                     ST_NA);
	assert_int_equal(side.npart >= 2, 1);
	assert_non_null(strstr(ev, "about processes"));
	assert_non_null(strstr(ev, "about threads for IO"));
	tvp_folder_free(&fo);
	assert_int_equal(live_orphans(), 0);

	/* Interrupted mid-way: exit 130, nothing half-written, nobody left.
   * SIGTERM once a load point is written (the load file still a temp
   * one), SIGINT once the load points are done (in the fault runs):
   * neither the file under way nor any later one is left. (Points of
   * 0.1 s, the least: what they measure is not looked at.) */
	for (int sig = 0; sig < 2; sig++) {
		static const char *const when[] = { ".server-load.tmp",
			                            "server-load.jsonl" };
		static const char *const gone[] = { "server-load.jsonl",
			                            "server-crash.jsonl",
			                            "server-conns.jsonl" };
		int fd, status;
		char err[4096];
		pid_t pid;

		for (size_t k = 0; k < 3; k++) {
			snprintf(path, sizeof(path), "%s/%s", raw, gone[k]);
			unlink(path);
		}
		pid = start_prog(argv, brief, &fd);
		snprintf(path, sizeof(path), "%s/%s", raw, when[sig]);
		if (!wait_nonempty(path, 120000))
			fail_msg("serve.sh never wrote %s", path);
		kill(pid, sig ? SIGINT : SIGTERM);
		slurp_fd(fd, err, sizeof(err));
		close(fd);
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 130)
			fail_msg("serve.sh after a signal: %d: %s", status,
			         err);
		assert_int_equal(tmp_files(raw), 0);
		for (size_t k = sig; k < 3; k++) {
			snprintf(path, sizeof(path), "%s/%s", raw, gone[k]);
			if (access(path, F_OK) == 0)
				fail_msg("%s written after a signal", path);
		}
		assert_int_equal(live_orphans(), 0);
	}
	rm_tree(dir);
	free(dir);
	free(r);
}

/* serve.sh's knobs are checked before anything runs: a bad one is one
 * line naming it, exit 1, nothing written and no server left. */
static void serve_script_refuses_bad_knobs(void **state)
{
	static const char *const knobs[] = { "SERVER_DURATION=0",
		                             "SERVER_CLIENTS=8,x",
		                             "SERVER_HELD=10,-1",
		                             "SERVER_CRASH_S=0.05" };
	char *dir, raw[300], cpu[16], knob[64];
	struct proc_result *r = malloc(sizeof(*r));

	(void)state;
	assert_non_null(r);
	dir = serve_dir(raw, sizeof(raw), cpu);
	for (size_t k = 0; k < sizeof(knobs) / sizeof(knobs[0]); k++) {
		char *argv[] = { "/bin/bash", "scripts/serve.sh",
			         dir,         "quick",
			         "1",         cpu,
			         NULL };
		char *env[] = { (char *)knobs[k], NULL };

		assert_int_equal(run_prog(argv, env, 30, r), 0);
		if (!WIFEXITED(r->status) || WEXITSTATUS(r->status) != 1)
			fail_msg("%s: status %d: %s", knobs[k], r->status,
			         r->err);
		snprintf(knob, sizeof(knob), "tvp: %s: need", knobs[k]);
		if (strncmp(r->err, knob, strlen(knob)) != 0 ||
		    strchr(r->err, '\n') != strrchr(r->err, '\n'))
			fail_msg("%s: not one line naming it: %s", knobs[k],
			         r->err);
		assert_int_equal(tmp_files(raw), 0);
		assert_int_equal(live_orphans(), 0);
	}
	rm_tree(dir);
	free(dir);
	free(r);
}

/* Without wrk the sweep stops at once and says what to install; with
 * SERVER= it does not need wrk. Neither touches the results folder. */
static void sweep_without_wrk_says_what_to_run(void **state)
{
	char *dir = strdup(make_temp_dir()), bin[300], pathenv[400], res[300];
	struct proc_result *r = malloc(sizeof(*r));
	char *argv[] = { "/bin/bash", "scripts/sweep.sh", NULL };

	(void)state;
	assert_non_null(r);
	if (!have("hyperfine") || !have("gnuplot"))
		skip_because(
		        "hyperfine or gnuplot is not installed (make deps)");
	snprintf(bin, sizeof(bin), "%s/bin", dir);
	path_without(bin, "wrk", pathenv, sizeof(pathenv));
	snprintf(res, sizeof(res), "RESULTS=%s/res", dir);
	char *env[] = { pathenv, res, NULL };
	assert_int_equal(run_prog(argv, env, 60, r), 0);
	assert_true(WIFEXITED(r->status));
	assert_int_equal(WEXITSTATUS(r->status), 1);
	assert_non_null(strstr(
	        r->err, "wrk is missing; run: sudo apt-get install -y wrk"));
	snprintf(res, sizeof(res), "%s/res", dir);
	assert_int_not_equal(access(res, F_OK), 0);
	rm_tree(dir);
	free(dir);
	free(r);
}

/* What a failed test left running: its orphans end (their death signal)
 * before the next test starts. */
static int no_orphans(void **state)
{
	(void)state;
	wait_no_orphans(5000);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(serve_script_measures_and_reports,
		                          no_orphans),
		cmocka_unit_test_teardown(serve_script_refuses_bad_knobs,
		                          no_orphans),
		cmocka_unit_test_teardown(sweep_without_wrk_says_what_to_run,
		                          no_orphans),
	};

	return tvp_run_tests(tests, server_tests_setup, NULL);
}

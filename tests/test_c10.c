/* SPDX-License-Identifier: MIT */
/*
 * The report's server section and C10's evidence, from hand-made result
 * lines (no server runs): each part of the verdict (a process per CPU,
 * threads for IO, threads for disk reads), each model at its best shape,
 * "not settled" where the deciding intervals overlap, and every branch
 * of the section's sentences.
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

#include "../scripts/report/jsonl.h"
#include "../scripts/report/load.h"
#include "../scripts/report/c10.h"
#include "../scripts/report/server.h"
#include "server/http.h"
#include "tvp.h"
#include "util.h"

/* A results folder's server lines, hand-made: threads-w4, hybrid-p1-t4
 * and prefork-w1 at 8 clients, six rounds of two values (the interval
 * of a median needs 6); event-w2 too at event_rps
 * unless it is 0; the mix's arguments; who answered after the fault. */
static void write_server_lines(const char *dir, double event_rps,
                               const char *mix_args, bool event_alive,
                               bool threads_alive)
{
	static const struct {
		const char *config, *model;
		double rps[2];
	} cf[] = { { "threads-w4", "threads", { 1000, 1010 } },
		   { "hybrid-p1-t4", "hybrid", { 995, 1005 } },
		   { "prefork-w1", "prefork", { 300, 310 } },
		   { "event-w2", "event", { 0, 0 } } };
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/raw", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/raw/server-load.jsonl", dir);
	assert_non_null(f = fopen(path, "w"));
	for (int k = 0; k < 4; k++)
		for (int round = 0; round < 6; round++) {
			double rps = k < 3 ? cf[k].rps[round % 2]
			                   : event_rps + 10 * (round % 2);
			if (k == 3 && event_rps <= 0)
				continue;
			fprintf(f,
			        "{\"config\":\"%s\",\"model\":\"%s\","
			        "\"mix\":\"m\",\"mix_args\":\"%s\","
			        "\"concurrency\":8,\"round\":%d,"
			        "\"duration_s\":1,\"requests\":%.0f,"
			        "\"duration_us\":1000000,\"p50_us\":1000,"
			        "\"p99_us\":2000}\n",
			        cf[k].config, cf[k].model, mix_args, round + 1,
			        rps);
		}
	fclose(f);
	snprintf(path, sizeof(path), "%s/raw/server-crash.jsonl", dir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f,
	        "{\"config\":\"threads-w4\",\"model\":\"threads\","
	        "\"alive_after\":%s}\n",
	        threads_alive ? "true" : "false");
	if (event_rps > 0)
		fprintf(f,
		        "{\"config\":\"event-w2\",\"model\":\"event\","
		        "\"alive_after\":%s}\n",
		        event_alive ? "true" : "false");
	fclose(f);
}

/* The cold mix: the event model reading for itself at event_rps, with
 * aio threads at aio_rps (six rounds each, two values 10 apart). */
static void add_cold_lines(const char *dir, double event_rps, double aio_rps)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/raw/server-load.jsonl", dir);
	assert_non_null(f = fopen(path, "a"));
	for (int k = 0; k < 2; k++)
		for (int round = 0; round < 6; round++)
			fprintf(f,
			        "{\"config\":\"%s\",\"model\":\"event\","
			        "\"mix\":\"cold\",\"mix_args\":\"--cpu 0 "
			        "--sleep-ms 0 --cold\",\"concurrency\":8,"
			        "\"round\":%d,\"duration_s\":1,"
			        "\"requests\":%.0f,\"duration_us\":1000000,"
			        "\"p50_us\":1000,\"p99_us\":%d,"
			        "\"server_read_bytes\":8192000,"
			        "\"server_served\":1000,\"data_fs\":\"ext4\"}\n",
			        k ? "eventaio-w2-t4" : "event-w2", round + 1,
			        (k ? aio_rps : event_rps) + 10 * (round % 2),
			        k ? 2000 : 9000);
	fclose(f);
}

/* A second hybrid shape, better than the first, at 64 clients. */
static void add_hybrid_shape(const char *dir, const char *mix_args)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/raw/server-load.jsonl", dir);
	assert_non_null(f = fopen(path, "a"));
	for (int round = 0; round < 6; round++)
		fprintf(f,
		        "{\"config\":\"hybrid-p1-t16\",\"model\":\"hybrid\","
		        "\"mix\":\"m\",\"mix_args\":\"%s\","
		        "\"concurrency\":64,\"round\":%d,"
		        "\"duration_s\":1,\"requests\":%d,"
		        "\"duration_us\":1000000,\"p50_us\":1000,"
		        "\"p99_us\":2000}\n",
		        mix_args, round + 1, 2000 + 10 * (round % 2));
	fclose(f);
}

/*
 * C10's two parts, each branch of its sentence and its verdict from
 * hand-made lines: right or wrong about a process per CPU (who answered
 * after a fatal fault), right or wrong about threads for IO (the event
 * model against processes x threads, on a mix that waits), and not
 * measured without the event model.
 */

/* C10's evidence on the folder DIR, read as tvp-report reads it. */
static enum tvp_state evidence_of(const char *dir, char *out, size_t len)
{
	struct tvp_folder fo;
	char err[256];
	enum tvp_state st;
	struct tvp_side side = { 0 };

	if (tvp_folder_load(&fo, dir, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	st = tvp_server_evidence(&fo, out, len, NULL, 0, &side);
	tvp_folder_free(&fo);
	return st;
}

static void c10_is_judged_in_two_parts(void **state)
{
	static const struct {
		double event_rps;
		const char *mix_args;
		bool event_alive, threads_alive;
		enum tvp_state want;
		const char *says[2];
	} cases[] = {
		{ 0,
		  "--cpu 1 --sleep-ms 1",
		  true,
		  false,
		  ST_NA,
		  { "not measured: the event loop that nginx runs is not in "
		    "this run",
		    NULL } },
		/* 1095 against the hybrid's 1000: threads not needed */
		{ 1090,
		  "--cpu 1 --sleep-ms 1",
		  true,
		  false,
		  ST_PARTLY,
		  { "right about processes: a fatal fault ended one event "
		    "worker, not the server (it ended the whole threads "
		    "server); wrong about threads for IO: m mix, each model "
		    "at its best: event-w2 1095 [1090, 1100] req/s at 8 "
		    "clients, hybrid-p1-t4 1000 [995, 1005] req/s at 8 "
		    "clients, threads-w4 1005 [1000, 1010] req/s at 8 "
		    "clients, prefork-w1 305 [300, 310] req/s at 8 clients",
		    "; shapes measured: threads-w4, hybrid-p1-t4, "
		    "prefork-w1, event-w2" } },
		/* 895 against 0.9 x [995, 1005]: the intervals overlap, so
		 * part two is not settled, and the verdict with it */
		{ 890,
		  "--cpu 1 --sleep-ms 1",
		  true,
		  false,
		  ST_HOLDS | ST_PARTLY,
		  { "not settled about threads for IO",
		    "(event against hybrid: the intervals overlap: not "
		    "settled)" } },
		/* the hybrid's best shape is another one, at 64 clients: the
		 * event model is judged against that */
		{ -1090,
		  "--cpu 1 --sleep-ms 1",
		  true,
		  false,
		  ST_HOLDS,
		  { "right about threads for IO",
		    "hybrid-p1-t16 2005 [2000, 2010] req/s at 64 clients" } },
		/* 505 against 1000 on a mix that waits: threads needed */
		{ 500,
		  "--cpu 1 --sleep-ms 1",
		  true,
		  false,
		  ST_HOLDS,
		  { "right about processes", "right about threads for IO" } },
		/* ... but not on a mix that never waits */
		{ 500,
		  "--cpu 1 --sleep-ms 0",
		  true,
		  false,
		  ST_PARTLY,
		  { "right about processes", "wrong about threads for IO" } },
		{ 1090,
		  "--cpu 1 --sleep-ms 1",
		  false,
		  false,
		  ST_NOT,
		  { "wrong about processes: a fatal fault stopped the event "
		    "server answering",
		    "wrong about threads for IO" } },
		{ 500,
		  "--cpu 1 --sleep-ms 1",
		  true,
		  true,
		  ST_PARTLY,
		  { "wrong about processes: a fatal fault ended one event "
		    "worker, not the server (the threads server survived it "
		    "too)",
		    "right about threads for IO" } },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *dir = strdup(make_temp_dir()), out[512];
		/* a negative rps: the same, and a better hybrid shape */
		write_server_lines(dir, fabs(cases[i].event_rps),
		                   cases[i].mix_args, cases[i].event_alive,
		                   cases[i].threads_alive);
		if (cases[i].event_rps < 0)
			add_hybrid_shape(dir, cases[i].mix_args);
		enum tvp_state st = evidence_of(dir, out, sizeof(out));
		if (st != cases[i].want)
			fail_msg("case %zu: state %d, want %d: %s", i, st,
			         cases[i].want, out);
		for (int k = 0; k < 2; k++)
			if (cases[i].says[k] && !strstr(out, cases[i].says[k]))
				fail_msg("case %zu: no \"%s\" in \"%s\"", i,
				         cases[i].says[k], out);
		rm_tree(dir);
		free(dir);
	}
	/* Part three, disk reads on the cold mix: the loop reading for
	 * itself far behind the same with aio threads (right), level with it
	 * (wrong), or their intervals overlapping (not settled). Parts one
	 * and two as in case 1: right, wrong. */
	static const struct {
		double event_rps, aio_rps;
		enum tvp_state want;
		const char *says;
	} disk[] = {
		{ 500, 1000, ST_PARTLY,
		  "; right about threads for disk reads in an event loop: on "
		  "the cold mix (the file's pages dropped from the cache "
		  "before each read, ext4; the event server read 8 KiB from "
		  "the device a request), the loop "
		  "reading for itself event-w2 505 [500, 510] req/s at 8 "
		  "clients (p99 9.0 ms), with threads reading for it "
		  "eventaio-w2-t4 1005 [1000, 1010] at 8 (p99 2.0 ms)" },
		{ 1000, 1000, ST_PARTLY,
		  "; wrong about threads for disk reads in an event loop" },
		/* open, but with one part right and one wrong the verdict is
		 * partly whichever way it settles */
		{ 895, 1000, ST_PARTLY,
		  "; not settled about threads for disk reads in an event "
		  "loop" },
	};
	for (size_t i = 0; i < sizeof(disk) / sizeof(disk[0]); i++) {
		char *dir = strdup(make_temp_dir()), out[2048];

		write_server_lines(dir, 1090, "--cpu 1 --sleep-ms 1", true,
		                   false);
		add_cold_lines(dir, disk[i].event_rps, disk[i].aio_rps);
		enum tvp_state st = evidence_of(dir, out, sizeof(out));
		if (st != disk[i].want)
			fail_msg("disk case %zu: state %d, want %d: %s", i, st,
			         disk[i].want, out);
		if (!strstr(out, disk[i].says))
			fail_msg("disk case %zu: no \"%s\" in \"%s\"", i,
			         disk[i].says, out);
		rm_tree(dir);
		free(dir);
	}
}

/* The report's server section for hand-made lines in dir, as a string. */
static char *server_section(const char *dir)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	struct tvp_folder fo;
	char err[256];

	assert_non_null(f);
	assert_int_equal(tvp_folder_load(&fo, dir, err, sizeof(err)), 0);
	assert_int_equal(tvp_server_report(f, &fo), 0);
	tvp_folder_free(&fo);
	fclose(f);
	return text;
}

/*
 * The sentences of the server section from hand-made lines: the fault
 * run's (the threads server ended or not, prefork kept answering or not;
 * isolation claimed only when both hold), and the load's (one blocking
 * process per CPU against processes x threads, on a mix that waits and on
 * one that does not).
 */
static void server_sentence_branches(void **state)
{
	static const struct {
		bool threads_alive, prefork_alive;
		const char *says[3], *not_says;
	} fault[] = {
		{ false,
		  true,
		  { "the fault ended the threads server's only process: "
		    "nothing answered afterwards, and its clients saw 7 "
		    "errors.",
		    "In prefork the master started 1 new worker(s) and the "
		    "server kept answering, with 2 client errors.",
		    "This is the isolation that processes buy" },
		  NULL },
		{ true,
		  true,
		  { "**the threads server still answered after the fault** (7 "
		    "client errors): the fault did not end its process",
		    "kept answering", NULL },
		  "This is the isolation" },
		{ false,
		  false,
		  { "nothing answered afterwards",
		    "the server **did not answer afterwards**", NULL },
		  "This is the isolation" },
	};
	static const struct {
		const char *mix_args, *says;
	} load[] = {
		{ "--cpu 1 --sleep-ms 1",
		  " One blocking process per CPU (prefork-w1) waits whenever a "
		  "request waits: 305 requests/s at 8 clients, where the same "
		  "processes with threads inside (hybrid-p1-t4) reach 1000 "
		  "(3.3x)." },
		{ "--cpu 1 --sleep-ms 0",
		  " With nothing to wait for, one process per CPU (prefork-w1) "
		  "already keeps the CPUs busy: 305 requests/s at 8 clients, "
		  "against 1000 with threads inside (hybrid-p1-t4)." },
	};
	static const char *const line =
	        "{\"config\":\"%s\",\"model\":\"%s\",\"mix\":\"m\","
	        "\"concurrency\":16,\"duration_s\":1,\"crash_at_ms\":333,"
	        "\"requests\":100,\"duration_us\":1000000,"
	        "\"errors_connect\":0,\"errors_read\":%d,"
	        "\"errors_write\":0,\"errors_timeout\":0,"
	        "\"errors_status\":0,\"alive_after\":%s,\"restarts\":%d}\n";

	(void)state;
	for (size_t i = 0; i < sizeof(fault) / sizeof(fault[0]); i++) {
		char *dir = strdup(make_temp_dir()), path[300];
		FILE *f;

		write_server_lines(dir, 0, "--cpu 1 --sleep-ms 1", true, true);
		snprintf(path, sizeof(path), "%s/raw/server-crash.jsonl", dir);
		assert_non_null(f = fopen(path, "w"));
		fprintf(f, line, "threads-w4", "threads", 7,
		        fault[i].threads_alive ? "true" : "false", 0);
		fprintf(f, line, "prefork-w1", "prefork", 2,
		        fault[i].prefork_alive ? "true" : "false", 1);
		fclose(f);
		char *text = server_section(dir);
		for (int k = 0; k < 3; k++)
			if (fault[i].says[k] && !strstr(text, fault[i].says[k]))
				fail_msg("fault case %zu: no \"%s\" in: %s", i,
				         fault[i].says[k],
				         strstr(text, "A fatal fault")
				                 ? strstr(text, "A fatal fault")
				                 : text);
		if (fault[i].not_says && strstr(text, fault[i].not_says))
			fail_msg("fault case %zu: \"%s\" in: %s", i,
			         fault[i].not_says, text);
		free(text);
		rm_tree(dir);
		free(dir);
	}
	for (size_t i = 0; i < sizeof(load) / sizeof(load[0]); i++) {
		char *dir = strdup(make_temp_dir());

		write_server_lines(dir, 0, load[i].mix_args, true, true);
		char *text = server_section(dir);
		if (!strstr(text, load[i].says))
			fail_msg("load case %zu: no \"%s\" in: %s", i,
			         load[i].says,
			         strstr(text, "What to look at")
			                 ? strstr(text, "What to look at")
			                 : text);
		free(text);
		rm_tree(dir);
		free(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(c10_is_judged_in_two_parts),
		cmocka_unit_test(server_sentence_branches),
	};

	return tvp_run_tests(tests, NULL, NULL);
}

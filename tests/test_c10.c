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
			        "\"mix\":\"m\",\"mix_args\":\"%s\"," SRV_SHAPE_KEYS
			                SRV_CPUS_KEYS WRK_ERROR_KEYS
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
	        "{\"config\":\"threads-w4\",\"model\":\"threads\"," CRASH_KEYS
	        "\"restarts\":0,\"alive_after\":%s}\n",
	        threads_alive ? "true" : "false");
	if (event_rps > 0)
		fprintf(f,
		        "{\"config\":\"event-w2\",\"model\":\"event\"," CRASH_KEYS
		        "\"restarts\":1,\"alive_after\":%s}\n",
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
			        "--sleep-ms 0 --cold\",\"concurrency\":8," SRV_SHAPE_KEYS
			                SRV_CPUS_KEYS WRK_ERROR_KEYS
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

/*
 * The equal-terms lines (server-rate) of one model in a mix, hand-made:
 * rounds rounds at each share of pcts (the last the shared rate, the
 * first the unloaded one), base_rps 1000, each answered at kept[k] of
 * its rate with the p99 p99_ms[k]; conns connections (offered_x times
 * the rate to this model, if not 0: unequal terms); reads that took
 * read_ms each (0: no reads); the client late_ms behind (0: 0.1 ms).
 */
struct rate_model {
	const char *config, *model;
	double procs, threads, conns;
	const double *kept, *p99_ms;
	double read_ms, offered_x, late_ms;
	double tail; /* p99 over p50 (0: 4) */
};

static void add_rate_lines(const char *dir, const char *mix,
                           const char *mix_args, const struct rate_model *m,
                           const double *pcts, int np, int rounds)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/raw/server-rate.jsonl", dir);
	assert_non_null(f = fopen(path, "a"));
	for (int round = 1; round <= rounds; round++)
		for (int k = 0; k < np; k++) {
			double rate =
			        floor(1000 * pcts[k] / 100 *
			              (m->offered_x > 0 ? m->offered_x : 1));
			/* the rounds spread a little about the middle one */
			int mid = (rounds + 1) / 2;
			double jitter = 1 + 0.001 * (double)(round - mid);
			fprintf(f,
			        "{\"config\":\"%s\",\"model\":\"%s\","
			        "\"procs\":%g,\"threads\":%g,\"mix\":\"%s\","
			        "\"mix_args\":\"%s\",\"server_cpus\":\"0\","
			        "\"client_cpus\":\"0\",\"round\":%d,"
			        "\"offered_pct\":%g,\"shared_rate\":%s,"
			        "\"base_rps\":1000,\"rate\":%g,\"ms\":1000,"
			        "\"connections\":%g," RATE_COUNT_KEYS
			        "\"answered_rps\":%g,"
			        "\"p50_us\":%g,\"p99_us\":%g,\"behind_us\":%g,"
			        "\"client_cpu_ms\":200,\"client_wall_ms\":1000,"
			        "\"server_reads\":%d,\"server_read_ns\":%g}\n",
			        m->config, m->model, m->procs, m->threads, mix,
			        mix_args, round, pcts[k],
			        k == np - 1 ? "true" : "false", rate, m->conns,
			        rate * m->kept[k] * jitter,
			        m->p99_ms[k] * 1000 /
			                (m->tail > 0 ? m->tail : 4),
			        m->p99_ms[k] * 1000 * jitter,
			        m->late_ms > 0 ? m->late_ms * 1000 : 100,
			        m->read_ms > 0 ? 100 : 0,
			        m->read_ms * 100 * 1e6);
		}
	fclose(f);
}

/* C10's evidence on the folder DIR, read as tvp-report reads it, with
 * its side. */
static enum tvp_state evidence_side(const char *dir, char *out, size_t len,
                                    struct tvp_side *side)
{
	struct tvp_folder fo;
	char err[256];
	enum tvp_state st;

	if (tvp_folder_load(&fo, dir, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	*side = (struct tvp_side){ 0 };
	st = tvp_server_evidence(&fo, out, len, NULL, 0, side);
	tvp_folder_free(&fo);
	return st;
}

static const struct tvp_part *part_of(const struct tvp_side *s,
                                      const char *name)
{
	for (int k = 0; k < s->npart; k++)
		if (!strcmp(s->part[k].name, name))
			return &s->part[k];
	return NULL;
}

static const struct tvp_figure *part_fig(const struct tvp_part *p,
                                         const char *name)
{
	for (int k = 0; p && k < p->nfig; k++)
		if (!strcmp(p->fig[k].name, name))
			return &p->fig[k];
	return NULL;
}

/*
 * The judgement on numbers: a model kept up within the target, fell
 * short of its rate, or went over the target; rounds that disagree leave
 * it open; threads are needed when the loop did not keep up where the
 * threads did, or when its knee is under TVP_KEEPS_UP of theirs.
 */
static void c10_judges_numbers(void **state)
{
	struct srate r = { .n = 5,
		           .kept_lo = 0.995,
		           .kept_hi = 1.0,
		           .kept = 0.998,
		           .p99_lo = 2,
		           .p99_hi = 3,
		           .p99_ms = 2.5 };

	(void)state;
	assert_int_equal(tvp_c10_within(&r, 10), ST_HOLDS);
	assert_int_equal(tvp_c10_within(&r, 1), ST_NOT); /* over it */
	assert_int_equal(tvp_c10_within(&r, 2.5), ST_HOLDS | ST_NOT);
	r.kept_lo = 0.9;
	assert_int_equal(tvp_c10_within(&r, 10), ST_HOLDS | ST_NOT);
	r.kept_hi = 0.95; /* overloaded in every round */
	assert_int_equal(tvp_c10_within(&r, 10), ST_NOT);

	struct tvp_c10_pair p = { 0 };
	p.loop_idle = (struct srate){ .n = 5, .p50_ms = 0.5 };
	p.other_idle = (struct srate){ .n = 5, .p50_ms = 0.4 };
	assert_true(tvp_c10_target_ms(&p) == TVP_C10_TARGET_X * 0.4);
	for (int k = 0; k < 3; k++)
		p.loop_knee[k] = p.other_knee[k] = NAN;
	p.loop = p.other = (struct srate){ .n = 5,
		                           .kept_lo = 1,
		                           .kept_hi = 1,
		                           .kept = 1,
		                           .p99_lo = 1,
		                           .p99_hi = 2 };
	assert_int_equal(tvp_c10_threads_needed(&p), ST_NOT);
	p.loop.kept_lo = p.loop.kept_hi = p.loop.kept = 0.8;
	assert_int_equal(tvp_c10_threads_needed(&p), ST_HOLDS);
	p.other.kept_lo = p.other.kept_hi = 0.8; /* neither: open */
	assert_int_equal(tvp_c10_threads_needed(&p), ST_HOLDS | ST_NOT);
	/* knees: 500 [450, 550] against 1000 [950, 1050], then level */
	double lk[3] = { 500, 450, 550 }, ok[3] = { 1000, 950, 1050 };
	memcpy(p.loop_knee, lk, sizeof(lk));
	memcpy(p.other_knee, ok, sizeof(ok));
	assert_int_equal(tvp_c10_threads_needed(&p), ST_HOLDS);
	p.loop_knee[0] = 1000, p.loop_knee[1] = 960, p.loop_knee[2] = 1040;
	assert_int_equal(tvp_c10_threads_needed(&p), ST_NOT);
	p.loop_knee[1] = 850; /* 850 < 0.9 x 1050: open */
	assert_int_equal(tvp_c10_threads_needed(&p), ST_HOLDS | ST_NOT);
	/* neither kept up at the first rung in any round: no comparison,
	 * and no model within the target */
	for (int k = 0; k < 3; k++)
		p.loop_knee[k] = p.other_knee[k] = 0;
	assert_int_equal(tvp_c10_threads_needed(&p), ST_HOLDS | ST_NOT);
	struct tvp_c10_conds none;
	tvp_c10_conditions(&p, true, &none);
	assert_int_equal(none.within, 0);
	p.other_knee[2] = 400; /* threads kept up in one round */
	tvp_c10_conditions(&p, true, &none);
	assert_int_equal(none.within, 1);
	memcpy(p.loop_knee, lk, sizeof(lk));
	memcpy(p.other_knee, ok, sizeof(ok));

	/* conditions: equal terms, the workers a connection */
	struct tvp_c10_conds c;
	p.loop = (struct srate){ .n = 5,
		                 .conns = 32,
		                 .offered_rps = 800,
		                 .kept = 0.995,
		                 .late = 0.002,
		                 .read_ms = 0.3 };
	p.other = (struct srate){ .n = 5,
		                  .conns = 32,
		                  .offered_rps = 800,
		                  .procs = 2,
		                  .threads = 16,
		                  .kept = 0.9,
		                  .late = 0.004 };
	p.loop_idle.offered_rps = p.other_idle.offered_rps = 50;
	tvp_c10_conditions(&p, true, &c);
	assert_true(c.equal == 1 && c.carried == 0.995 && c.late == 0.004 &&
	            c.workers_per_conn == 1 && c.read_ms == 0.3);
	p.other.offered_rps = 900;
	p.other.threads = 4;
	tvp_c10_conditions(&p, true, &c);
	assert_true(c.equal == 0 && c.workers_per_conn == 0.25);
	tvp_c10_conditions(&p, false, &c);
	assert_true(isnan(c.workers_per_conn));
}

/*
 * C10's parts from hand-made lines: the same connections and rates for
 * the event loop and processes x threads on a mix that waits, and for the
 * loop reading itself and with aio threads on the cold mix; each part's
 * state, its figures (a p99 only where the model kept up) and its
 * conditions: overload, unequal terms, too few workers, a client behind,
 * and a disk that did not wait.
 */
static void c10_is_judged_on_equal_terms(void **state)
{
	static const double pcts[] = { 5, 80 };
	static const double all[] = { 1, 1 }, short_of[] = { 1, 0.9 },
	                    p99_ok[] = { 2, 3 }, p99_slow[] = { 2, 40 };
	static const struct {
		const char *what;
		struct rate_model loop, other;
		const char *cond; /* the one not met, or NULL */
		enum tvp_state part, want;
		bool cold;
		bool loop_p99; /* the loop's p99 quoted */
	} cases[] = {
		{ "both kept up: no threads needed",
		  { "event-w2", "event", 2, 1, 32, all, p99_ok, 0, 0, 0, 0 },
		  { "hybrid-p2-t16", "hybrid", 2, 16, 32, all, p99_ok, 0, 0, 0,
		    0 },
		  NULL,
		  ST_NOT,
		  ST_PARTLY,
		  false,
		  true },
		{ "the loop overloaded where threads kept up",
		  { "event-w2", "event", 2, 1, 32, short_of, p99_slow, 0, 0, 0,
		    0 },
		  { "hybrid-p2-t16", "hybrid", 2, 16, 32, all, p99_ok, 0, 0, 0,
		    0 },
		  NULL,
		  ST_HOLDS,
		  ST_HOLDS,
		  false,
		  false },
		{ "the loop kept up, its p99 over the target",
		  { "event-w2", "event", 2, 1, 32, all, p99_slow, 0, 0, 0, 0 },
		  { "hybrid-p2-t16", "hybrid", 2, 16, 32, all, p99_ok, 0, 0, 0,
		    0 },
		  NULL,
		  ST_HOLDS,
		  ST_HOLDS,
		  false,
		  true },
		{ "unequal terms: more offered to the threads",
		  { "event-w2", "event", 2, 1, 32, all, p99_ok, 0, 0, 0, 0 },
		  { "hybrid-p2-t16", "hybrid", 2, 16, 32, all, p99_ok, 0, 1.5,
		    0, 0 },
		  "io_equal_terms",
		  ST_NA,
		  ST_HOLDS | ST_PARTLY,
		  false,
		  true },
		{ "fewer workers than connections",
		  { "event-w2", "event", 2, 1, 32, all, p99_ok, 0, 0, 0, 0 },
		  { "hybrid-p2-t4", "hybrid", 2, 4, 32, all, p99_ok, 0, 0, 0,
		    0 },
		  "io_workers_per_conn",
		  ST_NA,
		  ST_HOLDS | ST_PARTLY,
		  false,
		  true },
		{ "neither carried the rate",
		  { "event-w2", "event", 2, 1, 32, short_of, p99_slow, 0, 0, 0,
		    0 },
		  { "hybrid-p2-t16", "hybrid", 2, 16, 32, short_of, p99_slow, 0,
		    0, 0, 0 },
		  "io_rate_carried",
		  ST_NA,
		  ST_HOLDS | ST_PARTLY,
		  false,
		  false },
		{ "no model met the target at either rate",
		  { "event-w2", "event", 2, 1, 32, all, p99_ok, 0, 0, 0, 40 },
		  { "hybrid-p2-t16", "hybrid", 2, 16, 32, all, p99_ok, 0, 0, 0,
		    40 },
		  "io_best_p99_ms",
		  ST_NA,
		  ST_HOLDS | ST_PARTLY,
		  false,
		  true },
		{ "neither kept up within the target at the shared rate",
		  { "event-w2", "event", 2, 1, 32, all, p99_slow, 0, 0, 0, 0 },
		  { "hybrid-p2-t16", "hybrid", 2, 16, 32, all, p99_slow, 0, 0,
		    0, 0 },
		  "io_within_target",
		  ST_NA,
		  ST_HOLDS | ST_PARTLY,
		  false,
		  true },
		{ "the client fell behind by more than the p99 target",
		  { "event-w2", "event", 2, 1, 32, all, p99_ok, 0, 0, 8, 0 },
		  { "hybrid-p2-t16", "hybrid", 2, 16, 32, all, p99_ok, 0, 0, 0,
		    0 },
		  "io_client_late_ms",
		  ST_NA,
		  ST_HOLDS | ST_PARTLY,
		  false,
		  true },
		{ "the client fell behind its schedule",
		  { "event-w2", "event", 2, 1, 32, all, p99_ok, 0, 0, 20, 0 },
		  { "hybrid-p2-t16", "hybrid", 2, 16, 32, all, p99_ok, 0, 0, 0,
		    0 },
		  "io_client_late",
		  ST_NA,
		  ST_HOLDS | ST_PARTLY,
		  false,
		  true },
		/* (the mixed part as in the first case: wrong, so with the
       * fault part right the verdict is partly either way) */
		{ "the loop's reads waited and it fell behind",
		  { "event-w2", "event", 2, 1, 32, short_of, p99_slow, 0.5, 0,
		    0, 0 },
		  { "eventaio-w2-t4", "event", 2, 5, 32, all, p99_ok, 0.5, 0, 0,
		    0 },
		  NULL,
		  ST_HOLDS,
		  ST_PARTLY,
		  true,
		  false },
		{ "the device answered without waiting",
		  { "event-w2", "event", 2, 1, 32, short_of, p99_slow, 0.02, 0,
		    0, 0 },
		  { "eventaio-w2-t4", "event", 2, 5, 32, all, p99_ok, 0.02, 0,
		    0, 0 },
		  "disk_read_wait_ms",
		  ST_NA,
		  ST_PARTLY,
		  true,
		  false },
	};
	static const struct rate_model
	        ev = { "event-w2", "event", 2, 1, 32, all, p99_ok, 0, 0, 0, 0 },
	        hy = { "hybrid-p2-t16", "hybrid", 2, 16, 32, all,
		       p99_ok,          0,        0, 0,  0 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *dir = strdup(make_temp_dir()), out[4096];
		struct tvp_side side;
		const char *args = "--cpu 1 --sleep-ms 1";

		write_server_lines(dir, 1090, args, true, false);
		if (cases[i].cold) {
			add_cold_lines(dir, 500, 1000);
			add_rate_lines(dir, "m", args, &ev, pcts, 2, 5);
			add_rate_lines(dir, "m", args, &hy, pcts, 2, 5);
		}
		const char *mix = cases[i].cold ? "cold" : "m",
		           *margs = cases[i].cold
		                            ? "--cpu 0 --sleep-ms 0 --cold"
		                            : args;
		add_rate_lines(dir, mix, margs, &cases[i].loop, pcts, 2, 5);
		add_rate_lines(dir, mix, margs, &cases[i].other, pcts, 2, 5);
		enum tvp_state st = evidence_side(dir, out, sizeof(out), &side);
		const struct tvp_part *p =
		        part_of(&side, cases[i].cold ? "disk" : "io");
		if (st != cases[i].want || !p || p->state != cases[i].part)
			fail_msg("%s: state %d (want %d), part %d (want %d): "
			         "%s",
			         cases[i].what, st, cases[i].want,
			         p ? (int)p->state : -1, cases[i].part, out);
		/* every figure of each compared model, a p99 only where
     * it kept up, and the shared terms */
		const struct tvp_figure *lp = part_fig(p, "event_p99_ms"),
		                        *lo = part_fig(p, "event_offered_rps"),
		                        *lc = part_fig(p, "event_conns");
		assert_non_null(lp);
		assert_non_null(lo);
		assert_true(lc && lc->value == 32);
		assert_true(lo->value == 800);
		if (isnan(lp->value) == cases[i].loop_p99)
			fail_msg("%s: the loop's p99 %g", cases[i].what,
			         lp->value);
		if (!isnan(lp->value))
			assert_true(lp->value == cases[i].loop.p99_ms[1]);
		assert_non_null(part_fig(p, cases[i].cold
		                                    ? "eventaio_answered_rps"
		                                    : "hybrid_answered_rps"));
		for (int k = 0; k < side.ncond; k++) {
			/* (a rate neither carried, or a target none met at
			 * either rate, is one that neither kept up with
			 * within the target too) */
			const char *nm = side.cond[k].name, *cn = cases[i].cond;
			bool named = cn && (!strcmp(nm, cn) ||
			                    (!strcmp(nm, "io_within_target") &&
			                     (!strcmp(cn, "io_rate_carried") ||
			                      !strcmp(cn, "io_best_p99_ms"))) ||
			                    (!strcmp(nm, "io_client_late_ms") &&
			                     !strcmp(cn, "io_client_late")));
			if (side.cond[k].met == named &&
			    strncmp(side.cond[k].name,
			            cases[i].cold ? "io" : "disk", 2))
				fail_msg("%s: condition %s met %d",
				         cases[i].what, side.cond[k].name,
				         side.cond[k].met);
		}
		assert_non_null(tvp_fig_get(&side, "client_cpu"));
		rm_tree(dir);
		free(dir);
	}

	/* A run before equal terms (no server-rate lines): the IO part not
   * measured, the verdict open between its two settlings. */
	char *dir = strdup(make_temp_dir()), out[2048];
	struct tvp_side side;
	write_server_lines(dir, 1090, "--cpu 1 --sleep-ms 1", true, false);
	assert_int_equal(evidence_side(dir, out, sizeof(out), &side),
	                 ST_HOLDS | ST_PARTLY);
	assert_int_equal(part_of(&side, "io")->state, ST_NA);
	assert_int_equal(part_of(&side, "faults")->state, ST_HOLDS);
	assert_null(part_of(&side, "disk"));
	/* ... and with a cold mix measured the old way, its part too */
	add_cold_lines(dir, 500, 1000);
	assert_int_equal(evidence_side(dir, out, sizeof(out), &side),
	                 ST_HOLDS | ST_PARTLY);
	assert_int_equal(part_of(&side, "disk")->state, ST_NA);
	assert_int_equal(side.ncond, 0);
	rm_tree(dir);
	free(dir);
	/* No event model: not measured at all. */
	dir = strdup(make_temp_dir());
	write_server_lines(dir, 0, "--cpu 1 --sleep-ms 1", true, false);
	assert_int_equal(evidence_side(dir, out, sizeof(out), &side), ST_NA);
	rm_tree(dir);
	free(dir);
}

/*
 * FULL's ladder: each model's knee, the highest rate below which every
 * rung was kept up within the target, round by round; the loop's at half
 * the threads' says threads were needed.
 */
static void c10_finds_the_knee(void **state)
{
	static const double pcts[] = { 5, 25, 50, 80, 100 };
	static const double all[] = { 1, 1, 1, 1, 1 },
	                    half[] = { 1, 1, 0.95, 0.8, 0.7 },
	                    p99[] = { 2, 2, 3, 3, 4 };
	struct rate_model ev = { "event-w2", "event", 2, 1, 32, half,
		                 p99,        0,       0, 0, 0 },
	                  hy = { "hybrid-p2-t16",
		                 "hybrid",
		                 2,
		                 16,
		                 32,
		                 all,
		                 p99,
		                 0,
		                 0,
		                 0,
		                 0 };
	char *dir = strdup(make_temp_dir()), out[4096];
	struct tvp_side side;

	(void)state;
	write_server_lines(dir, 1090, "--cpu 1 --sleep-ms 1", true, false);
	add_rate_lines(dir, "m", "--cpu 1 --sleep-ms 1", &ev, pcts, 5, 5);
	add_rate_lines(dir, "m", "--cpu 1 --sleep-ms 1", &hy, pcts, 5, 5);
	/* (the shared rate is the last rung here: 100%) */
	evidence_side(dir, out, sizeof(out), &side);
	const struct tvp_part *p = part_of(&side, "io");
	assert_non_null(p);
	const struct tvp_figure *ek = part_fig(p, "event_knee_rps"),
	                        *hk = part_fig(p, "hybrid_knee_rps");
	assert_non_null(ek);
	assert_non_null(hk);
	assert_true(ek->value == 250 && hk->value == 1000);
	assert_int_equal(p->state, ST_HOLDS);
	rm_tree(dir);
	free(dir);
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
	        "{\"config\":\"%s\",\"model\":\"%s\",\"mix\":\"m\"," SRV_SHAPE_KEYS
	                SRV_CPUS_KEYS WRK_LATENCY_KEYS
	        "\"mix_args\":\"\",\"server_exit\":0,"
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
		cmocka_unit_test(c10_judges_numbers),
		cmocka_unit_test(c10_is_judged_on_equal_terms),
		cmocka_unit_test(c10_finds_the_knee),
		cmocka_unit_test(server_sentence_branches),
	};

	return tvp_run_tests(tests, NULL, NULL);
}

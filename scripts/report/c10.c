/* SPDX-License-Identifier: MIT */
/*
 * C10's judgement (c10.h): from the server stage's lines, whether the
 * seed is right about a process per CPU, about threads for IO and about
 * threads for disk reads; claims.c asks for it, server.c only shows the
 * data.
 */
#include "c10.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "jsonl.h"
#include "load.h"
#include "serverdata.h"

/* A part of C10 in a word: right (ST_HOLDS), wrong (settled otherwise,
 * or not measured), or open (the intervals leave it open). */
static const char *part_word(enum tvp_state s, const char *open)
{
	return tvp_unsettled(s) ? open : s == ST_HOLDS ? "right" : "wrong";
}

/*
 * Does a fall behind b? Their requests/s intervals: a's top under
 * TVP_KEEPS_UP of b's bottom, ST_HOLDS (yes); a's bottom at or above
 * TVP_KEEPS_UP of b's top, ST_NOT; else both (the intervals overlap).
 */
static enum tvp_state falls_behind(const struct spoint *a,
                                   const struct spoint *b)
{
	if (a->rps.ci_high < TVP_KEEPS_UP * b->rps.ci_low)
		return ST_HOLDS;
	if (a->rps.ci_low >= TVP_KEEPS_UP * b->rps.ci_high)
		return ST_NOT;
	return (enum tvp_state)(ST_HOLDS | ST_NOT);
}

/*
 * Part three of C10: threads for disk reads inside an event loop. On the
 * cold mix (every read from the device), the event model as nginx runs it
 * by default (its loop reads) against the same with aio threads reading
 * for it, each at its best: the loop alone falling behind is the seed
 * right about threads for (disk) IO. ST_NA without a cold mix.
 */
static enum tvp_state disk_evidence(json_t *load, json_t *rates,
                                    const char **mixes, int nm, char *out,
                                    size_t len)
{
	struct spoint e, a;
	const char *mix = NULL;
	size_t i;
	json_t *q;
	double rb = -1, served = -1;
	const char *fs = "";

	for (int k = 0; k < nm && !mix; k++)
		if (tvp_srv_is_cold(load, mixes[k]))
			mix = mixes[k];
	if (!mix || !tvp_srv_best(load, mix, "event-", &e) ||
	    !tvp_srv_best(load, mix, "eventaio-", &a))
		return ST_NA;
	json_array_foreach (load, i, q)
		if (!strcmp(tvp_jstr(q, "config"), e.config) &&
		    !strcmp(tvp_jstr(q, "mix"), mix)) {
			rb = tvp_jnum(q, "server_read_bytes");
			served = tvp_jnum(q, "server_served");
			fs = tvp_jstr(q, "data_fs");
		}
	enum tvp_state s = falls_behind(&e, &a);
	snprintf(out, len,
	         "%s about threads for disk reads in an event loop: on the %s "
	         "mix (the file's pages dropped from the cache before each "
	         "read, %s; the event server read %.0f KiB from the device "
	         "a request), the loop reading for "
	         "itself %s %.0f [%.0f, %.0f] req/s at %g clients (p99 %.1f "
	         "ms), with threads reading for it %s %.0f [%.0f, %.0f] at %g "
	         "(p99 %.1f ms)%s",
	         part_word(s, "not settled"), mix,
	         *fs ? fs : "file system not recorded",
	         rb > 0 && served > 0 ? rb / served / 1024 : NAN, e.config,
	         e.rps.median, e.rps.ci_low, e.rps.ci_high, e.c, e.p99_ms,
	         a.config, a.rps.median, a.rps.ci_low, a.rps.ci_high, a.c,
	         a.p99_ms,
	         tvp_unsettled(s) ? " (the intervals overlap: not settled)"
	                          : "");
	/* beside it, the same offered load to both (the open loop): what a
	 * stalled loop does to latency, which the closed loop hides */
	double pcts[16];
	int np = json_is_array(rates)
	                 ? tvp_jdistinct_num(rates, "offered_pct", pcts, 16)
	                 : 0;
	for (int k = 0, first = 1; k < np; k++) {
		json_t *re = tvp_srv_rate_line(rates, e.config, mix, pcts[k]),
		       *ra = tvp_srv_rate_line(rates, a.config, mix, pcts[k]);
		size_t l = strlen(out);

		if (!re || !ra)
			continue;
		snprintf(out + l, len - l,
		         "%s%.0f req/s: p99 %.1f against %.1f ms (%.1fx)",
		         first ? "; at the same fixed rate (open loop), "
		                 "the loop reading against threads reading: "
		               : ", ",
		         tvp_jnum(re, "rate"), tvp_jnum(re, "p99_us") / 1e3,
		         tvp_jnum(ra, "p99_us") / 1e3,
		         tvp_jnum(re, "p99_us") / tvp_jnum(ra, "p99_us"));
		first = 0;
	}
	return s;
}

enum tvp_state tvp_server_evidence(const struct tvp_folder *fo, char *out,
                                   size_t len, char *key, size_t klen,
                                   struct tvp_side *side)
{
	json_t *load = tvp_lines(fo, "server-load");
	json_t *crash = tvp_lines(fo, "server-crash");
	json_t *conns = tvp_lines(fo, "server-conns");
	json_t *rates = tvp_lines(fo, "server-rate");
	enum tvp_state st = ST_NA;
	const char *mixes[8];

	snprintf(out, len, "not measured");
	if (!json_is_array(load) || !json_is_array(crash) ||
	    !json_array_size(load))
		goto done;
	int nm = tvp_jdistinct(load, "mix", mixes, 8);
	json_t *ec = tvp_srv_crash(crash, "event"),
	       *tc = tvp_srv_crash(crash, "threads");
	struct spoint ev;
	if (!ec || !tvp_srv_best(load, mixes[0], "event-", &ev)) {
		snprintf(out, len,
		         "not measured: the event loop that nginx runs is not "
		         "in this run (it predates tvp-server --model event)");
		st = ST_NA;
		goto done;
	}
	/* Part one: a process per CPU, so that a fatal fault ends one worker
	 * and not the server. */
	bool ev_alive = json_is_true(json_object_get(ec, "alive_after"));
	bool t_alive = tc && json_is_true(json_object_get(tc, "alive_after"));
	bool isolates = ev_alive && !t_alive;
	char part1[160], part2[900] = "", part3[160] = "";
	snprintf(part1, sizeof(part1), "a fatal fault %s%s",
	         ev_alive ? "ended one event worker, not the server"
	                  : "stopped the event server answering",
	         !tc       ? ""
	         : t_alive ? " (the threads server survived it too)"
	                   : " (it ended the whole threads server)");
	/* Part two: threads for IO. Not needed if one event-loop thread per
	 * process keeps up with processes x threads (hybrid) on every mix
	 * that waits; each model judged at its best shape in this run, on
	 * the intervals of its requests/s: the event model's under
	 * TVP_KEEPS_UP of the hybrid's, threads are needed; at or above it,
	 * not; overlapping, this mix does not settle it. */
	bool any_right = false, any_open = false, any = false;
	size_t used = 0;
	static const char *const models[] = { "event-", "hybrid-", "threads-",
		                              "prefork-" };
	for (int k = 0; k < nm && used < sizeof(part2); k++) {
		struct spoint b[4];
		bool have[4];

		for (int m = 0; m < 4; m++)
			have[m] =
			        tvp_srv_best(load, mixes[k], models[m], &b[m]);
		if (!have[0] || !have[1] || tvp_srv_is_cold(load, mixes[k]))
			continue; /* (the cold mix is part three's) */
		used += (size_t)snprintf(part2 + used, sizeof(part2) - used,
		                         "%s%s mix, each model at its best: ",
		                         used ? "; " : "", mixes[k]);
		for (int m = 0; m < 4 && used < sizeof(part2); m++)
			if (have[m])
				used += (size_t)snprintf(
				        part2 + used, sizeof(part2) - used,
				        "%s%s %.0f [%.0f, %.0f] req/s at %g "
				        "clients",
				        m ? ", " : "", b[m].config,
				        b[m].rps.median, b[m].rps.ci_low,
				        b[m].rps.ci_high, b[m].c);
		if (!tvp_srv_mix_waits(load, mixes[k]))
			continue; /* nothing to wait for: no lesson on IO */
		enum tvp_state s = falls_behind(&b[0], &b[1]);
		if (tvp_unsettled(s) && used < sizeof(part2))
			used += (size_t)snprintf(part2 + used,
			                         sizeof(part2) - used,
			                         " (event against hybrid: the "
			                         "intervals overlap: not "
			                         "settled)");
		any = true;
		any_right |= s == ST_HOLDS;
		any_open |= tvp_unsettled(s);
	}
	/* one mix that needs threads is enough; else one that cannot tell
	 * leaves it open */
	enum tvp_state io = any_right  ? ST_HOLDS
	                    : any_open ? (enum tvp_state)(ST_HOLDS | ST_NOT)
	                    : any      ? ST_NOT
	                               : ST_NA;
	bool threads_needed = io == ST_HOLDS; /* (ST_NA: not needed) */
	const char *const shapes = "; shapes measured: ";
	if (used + strlen(shapes) < sizeof(part2)) {
		const char *cf[64];
		int n = tvp_jdistinct(load, "config", cf, 64);

		used += (size_t)snprintf(part2 + used, sizeof(part2) - used,
		                         "%s", shapes);
		for (int k = 0; k < n && used < sizeof(part2); k++)
			used += (size_t)snprintf(part2 + used,
			                         sizeof(part2) - used, "%s%s",
			                         k ? ", " : "", cf[k]);
	}
	/* What one held connection costs, at the most all models held. */
	if (json_is_array(conns)) {
		double best = tvp_srv_held_by_all(conns);
		if (best > 0)
			snprintf(
			        part3, sizeof(part3),
			        "; %g idle connections cost event %.1f KiB each, "
			        "threads %.1f KiB and a thread each",
			        best,
			        tvp_srv_kib_per_conn(conns, "event", best),
			        tvp_srv_kib_per_conn(conns, "threads", best));
	}
	char disk[1100] = "";
	enum tvp_state dk =
	        disk_evidence(load, rates, mixes, nm, disk, sizeof(disk));
	tvp_part(side, "faults", isolates ? ST_HOLDS : ST_NOT);
	tvp_part(side, "io",
	         threads_needed ? ST_HOLDS
	         : io == ST_NA  ? ST_NOT
	                        : io);
	if (dk != ST_NA)
		tvp_part(side, "disk", dk);
	snprintf(out, len,
	         "%s about processes: %s; %s about threads for IO: %s%s%s%s",
	         isolates ? "right" : "wrong", part1,
	         part_word(io, "not settled"), part2, *disk ? "; " : "", disk,
	         part3);
	if (key)
		snprintf(key, klen, "%s about processes, %s for IO%s%s%s",
		         isolates ? "right" : "wrong", part_word(io, "open"),
		         dk == ST_NA ? "" : ", ",
		         dk == ST_NA ? "" : part_word(dk, "open"),
		         dk == ST_NA ? "" : " for disk");
	/* Every way the parts not settled could settle: all right, holds;
	 * none, does not hold; else partly. (No waiting mix: part two is
	 * wrong, as before; no cold mix: no part three.) */
	st = ST_NA;
	for (int w = 0; w < 4; w++) {
		bool io_right = w & 1, dk_right = w & 2;

		if (!(tvp_unsettled(io) || io_right == threads_needed))
			continue;
		if (dk == ST_NA ? dk_right
		                : !(tvp_unsettled(dk) ||
		                    dk_right == (dk == ST_HOLDS)))
			continue;
		int right = isolates + io_right + dk_right,
		    parts = 2 + (dk != ST_NA);
		st = (enum tvp_state)(st | (right == parts ? ST_HOLDS
		                            : right == 0   ? ST_NOT
		                                           : ST_PARTLY));
	}
done:
	json_decref(load);
	json_decref(crash);
	json_decref(conns);
	json_decref(rates);
	return st;
}

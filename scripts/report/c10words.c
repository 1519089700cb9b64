/* SPDX-License-Identifier: MIT */
/*
 * C10 in words (c10.h): the sentences of the judgement that c10.c makes
 * in numbers, for claims.md, claims.json's evidence and RESULTS.md's
 * matrix. Nothing here decides a state.
 */
#include "c10.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "load.h"
#include "out.h"
#include "serverdata.h"

/* A part of C10 in a word: right (ST_HOLDS), wrong, open (the rounds or
 * intervals leave it open) or not measured (its conditions failed). */
static const char *part_word(enum tvp_state s, const char *open)
{
	return s == ST_NA         ? "not measured"
	       : tvp_unsettled(s) ? open
	       : s == ST_HOLDS    ? "right"
	                          : "wrong";
}

/* What each part is about, in the words of its sentences. */
static const char io_what[] = "threads for IO";
static const char disk_what[] = "threads for disk reads in an event loop";

/* What one model did at the shared rate, in words, into b. */
static size_t model_words(char *b, size_t len, const struct srate *r,
                          double target)
{
	enum tvp_state w = tvp_c10_within(r, target);

	if (!tvp_c10_kept_up(r))
		return (size_t)snprintf(b, len,
		                        "%s overloaded in %d of %d rounds "
		                        "(answered %.0f [%.0f, %.0f] req/s)",
		                        r->config, r->short_rounds, r->n,
		                        r->answered_rps, r->answered_lo,
		                        r->answered_hi);
	return (size_t)snprintf(b, len,
	                        "%s kept up, p99 %.1f [%.1f, %.1f] ms%s",
	                        r->config, r->p99_ms, r->p99_lo, r->p99_hi,
	                        w == ST_HOLDS ? ""
	                        : w == ST_NOT ? " (over the target)"
	                                      : " (across the target)");
}

/* Why a part was not measured, in words, into out. */
static void why_words(const struct tvp_c10_judged *j, char *out, size_t len)
{
	const struct tvp_c10_conds *c = &j->c;

	switch (j->why) {
	case C10_UNEQUAL:
		snprintf(out, len,
		         "the compared models were not offered the same "
		         "connections and rates");
		break;
	case C10_UNREACHABLE:
		if (isnan(c->target))
			snprintf(
			        out, len,
			        "the unloaded rate, which sets the p99 target, "
			        "was not measured");
		else
			snprintf(out, len,
			         "no model kept its p99 under the target at "
			         "either rate, unloaded or shared (the best "
			         "%.1f ms; target %.1f ms)",
			         c->best_p99, c->target);
		break;
	case C10_NONE_WITHIN:
		if (c->knees)
			snprintf(out, len,
			         "neither model kept up within the p99 target "
			         "(%.1f ms) even at the lowest rate of the "
			         "ladder, in any round",
			         c->target);
		else
			snprintf(
			        out, len,
			        "at the shared rate neither model kept up within the "
			        "p99 target (%.1f ms) in any round: the rate was above "
			        "what both carry, and only a lower rate, or FULL's "
			        "ladder, tells them apart",
			        c->target);
		break;
	case C10_NOT_CARRIED:
		snprintf(out, len,
		         "neither model kept up with the shared rate (the "
		         "better answered %.1f%% of it)",
		         100 * c->carried);
		break;
	case C10_CLIENT_LATE:
		snprintf(out, len,
		         "the client fell behind its schedule by %.1f ms at "
		         "worst in the median round (%.1f%% of the run; it may "
		         "fall behind by 1%% "
		         "and by no more than the %.1f ms p99 target, or its "
		         "own lateness sets the p99)",
		         c->late_ms, 100 * c->late, c->target);
		break;
	case C10_HANDOFF:
		snprintf(out, len,
		         "%s had %.2f workers a connection: connections "
		         "waited for a worker",
		         j->p.other.config, c->workers_per_conn);
		break;
	case C10_NO_READ_WAIT:
		snprintf(out, len, "the reads' wait was not recorded");
		break;
	case C10_NO_WAIT:
		snprintf(out, len,
		         "the device answered without waiting (%.3f ms a "
		         "read, under %.1f)",
		         c->read_ms, TVP_C10_DISK_WAIT_MS);
		break;
	case C10_MET:
		out[0] = '\0';
		break;
	}
}

/* The sentence of a judged mix into out. what: "threads for IO"; disk:
 * the loop's read wait is quoted. */
static void pair_words(const struct tvp_c10_judged *j, const char *what,
                       bool disk, char *out, size_t len)
{
	const struct tvp_c10_pair *p = &j->p;
	double t = tvp_c10_target_ms(p);

	if (j->s == ST_NA) {
		char why[200];

		why_words(j, why, sizeof(why));
		snprintf(out, len, "not measured about %s on the %s mix: %s",
		         what, p->loop.mix, why);
		return;
	}
	snprintf(out, len,
	         "%s about %s: on the %s mix, %g connections and %.0f req/s "
	         "offered to each (%g%% of the higher median closed-loop "
	         "rate), ",
	         part_word(j->s, "not settled"), what, p->loop.mix,
	         p->loop.conns, p->loop.offered_rps, p->loop.pct);
	size_t u = strlen(out);
	if (u < len)
		u += model_words(out + u, len - u, &p->loop, t);
	if (u < len)
		u += (size_t)snprintf(out + u, len - u, ", ");
	if (u < len)
		u += model_words(out + u, len - u, &p->other, t);
	if (u < len)
		u += (size_t)snprintf(out + u, len - u,
		                      " (%g x %g threads); p99 target %.1f ms "
		                      "(%dx the lower unloaded p50)",
		                      p->other.procs, p->other.threads, t,
		                      TVP_C10_TARGET_X);
	if (u < len && disk)
		u += (size_t)snprintf(out + u, len - u,
		                      "; the loop's reads waited %.2f ms each",
		                      j->c.read_ms);
	if (u < len && !isnan(p->loop_knee[0]) && !isnan(p->other_knee[0]))
		u += (size_t)snprintf(out + u, len - u,
		                      "; knees (the most kept up within the "
		                      "target): %s %.0f [%.0f, %.0f] req/s, %s "
		                      "%.0f [%.0f, %.0f]",
		                      p->loop.config, p->loop_knee[0],
		                      p->loop_knee[1], p->loop_knee[2],
		                      p->other.config, p->other_knee[0],
		                      p->other_knee[1], p->other_knee[2]);
	if (u < len && tvp_unsettled(j->s))
		snprintf(out + u, len - u, " (not settled)");
}

/* Part one's sentence: what the fault did to each server. */
static void faults_words(const struct tvp_c10_judgement *jd, char *out,
                         size_t len)
{
	snprintf(out, len, "a fatal fault %s%s",
	         jd->faults.ev_alive ? "ended one event worker, not the server"
	                             : "stopped the event server answering",
	         !jd->faults.threads  ? ""
	         : jd->faults.t_alive ? " (the threads server survived it too)"
	                              : " (it ended the whole threads server)");
}

/* Part two's sentence: each judged mix's, or why none was. */
static void io_words(const struct tvp_c10_judgement *jd, char *out, size_t len)
{
	size_t used = 0;

	if (jd->io.n == 0) {
		snprintf(out, len,
		         "not measured about %s: no mix of this run offered "
		         "the models equal terms (it predates them: each model "
		         "was measured at its own best load)",
		         io_what);
		return;
	}
	for (int k = 0; k < jd->io.n; k++) {
		char one[700];

		pair_words(&jd->io.mix[k], io_what, false, one, sizeof(one));
		if (used < len)
			used += (size_t)snprintf(out + used, len - used, "%s%s",
			                         used ? "; " : "", one);
	}
}

/* Part three's sentence, empty for a run without a cold mix. */
static void disk_words(const struct tvp_c10_judgement *jd, char *out,
                       size_t len)
{
	if (jd->disk.have)
		pair_words(&jd->disk.j, disk_what, true, out, len);
	else if (jd->disk.cold_run)
		snprintf(out, len,
		         "not measured about %s: the cold mix was not offered "
		         "on equal terms in this run (it predates them)",
		         disk_what);
	else
		out[0] = '\0';
}

/* What one held connection costs, at the most all models held; empty
 * without the lines. */
static void conns_words(const struct tvp_wrks *conns, char *out, size_t len)
{
	double best = tvp_srv_held_by_all(conns);

	if (best > 0)
		snprintf(out, len,
		         "; %g idle connections cost event %.1f KiB each, "
		         "threads %.1f KiB and a thread each",
		         best, tvp_srv_kib_per_conn(conns, "event", best),
		         tvp_srv_kib_per_conn(conns, "threads", best));
	else
		out[0] = '\0';
}

/* What the load generator took; empty when no point was judged. */
static void client_words(const struct tvp_c10_judgement *jd, char *out,
                         size_t len)
{
	if (!isnan(jd->client_cpu))
		snprintf(out, len,
		         "; the load generator took %.2f CPUs at the shared "
		         "rate (the median round of the model it took most "
		         "beside)%s",
		         jd->client_cpu,
		         jd->client_shared
		                 ? ", on the server's own CPUs (they shared "
		                   "them: what it took, the server did not "
		                   "have)"
		                 : "");
	else
		out[0] = '\0';
}

/* The parts in a few words, for RESULTS.md's matrix, and what the load
 * generator took from the server where they shared its CPUs. */
static void key_words(char *key, size_t klen,
                      const struct tvp_c10_judgement *jd)
{
	bool has_dk = tvp_c10_disk_in_run(jd);

	snprintf(key, klen, "%s about processes, %s for IO%s%s%s",
	         jd->faults.isolates ? "right" : "wrong",
	         part_word(jd->io.st, "open"), has_dk ? ", " : "",
	         has_dk ? part_word(tvp_c10_disk_state(jd), "open") : "",
	         has_dk ? " for disk" : "");
	if (jd->client_shared && !isnan(jd->client_cpu))
		tvp_append(key, klen,
		           "; the client took up to %.2f of the server's CPUs",
		           jd->client_cpu);
}

/* C10's evidence from the server stage's lines (load and crash arrays,
 * the event model's fault run among them); see tvp_server_evidence. */
static enum tvp_state evidence(const struct tvp_folder *fo, char *out,
                               size_t len, char *key, size_t klen,
                               struct tvp_side *side)
{
	struct tvp_c10_judgement jd;
	char part1[160], part2[1400], part3[160], disk[1400], client[200];

	tvp_c10_judge(&fo->load, &fo->crash, &fo->rates, &jd, side);
	if (!jd.event) {
		snprintf(out, len,
		         "not measured: the event loop that nginx runs is not "
		         "in this run (it predates tvp-server --model event)");
		return ST_NA;
	}
	faults_words(&jd, part1, sizeof(part1));
	io_words(&jd, part2, sizeof(part2));
	disk_words(&jd, disk, sizeof(disk));
	client_words(&jd, client, sizeof(client));
	conns_words(&fo->conns, part3, sizeof(part3));
	snprintf(out, len, "%s about processes: %s; %s%s%s%s%s",
	         jd.faults.isolates ? "right" : "wrong", part1, part2,
	         *disk ? "; " : "", disk, client, part3);
	if (key)
		key_words(key, klen, &jd);
	return jd.state;
}

enum tvp_state tvp_server_evidence(const struct tvp_folder *fo, char *out,
                                   size_t len, char *key, size_t klen,
                                   struct tvp_side *side)
{
	snprintf(out, len, "not measured");
	if (fo->load.have && fo->crash.have && fo->load.n)
		return evidence(fo, out, len, key, klen, side);
	return ST_NA;
}

/* SPDX-License-Identifier: MIT */
/* C10, judged on the server stage's lines (c10.c, in numbers) and said
 * in words (c10words.c). */
#ifndef TVP_REPORT_C10_H
#define TVP_REPORT_C10_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "claims.h"
#include "serverdata.h"

struct tvp_folder;

/* C10: "keeps up with" from this share of the other's knee. */
#define TVP_KEEPS_UP 0.9
/* A model keeps up with an offered rate when it answered at least
 * TVP_C10_ANSWERED (serverdata.h) of it a second over the run, and the
 * client fell behind its schedule by less than this share of
 * the run (else the client, not the server, set the pace). */
#define TVP_C10_LATE 0.01
/* The p99 every model of a mix must stay under: this many times the
 * lowest unloaded p50 of the mix's compared models. */
#define TVP_C10_TARGET_X 10
/* A read waited for the device when it took at least this long: a 64 KiB
 * read from memory (the page cache, or a hypervisor's cache under a VM's
 * disk) takes tens of microseconds, one a device has to fetch more. */
#define TVP_C10_DISK_WAIT_MS 0.1

/*
 * One part of C10 on equal terms, in numbers: the event loop (loop)
 * against the model with threads (other: processes x threads, or the
 * loop with aio threads reading for it) on one mix, both offered the
 * same connections and rates. at: the shared rate each is judged at
 * (quick; also in FULL); idle: the unloaded rung (5%), whose lowest p50
 * sets the p99 target. knee: the highest offered rate kept up within the
 * target, median over the rounds and the lowest and highest round (NAN
 * without a ladder: the quick run).
 */
struct tvp_c10_pair {
	struct srate loop, other, loop_idle, other_idle;
	double loop_knee[3], other_knee[3];
};

/* The p99 target of a pair: TVP_C10_TARGET_X x its lowest unloaded p50. */
double tvp_c10_target_ms(const struct tvp_c10_pair *p);
/* The p99 target of mix's compared pair in rates, as C10 judges it (NAN:
 * no pair there on equal terms). */
double tvp_c10_mix_target_ms(const struct tvp_rates *rates, const char *mix);
/*
 * Did the model at r keep up with its offered rate within target_ms?
 * Over its rounds: ST_HOLDS when the lowest round answered at least
 * TVP_C10_ANSWERED of it and the highest p99 stayed under the target;
 * ST_NOT when the highest answered less or the lowest p99 was over;
 * both when the rounds disagree.
 */
enum tvp_state tvp_c10_within(const struct srate *r, double target_ms);
/*
 * Were threads needed (the seed right)? From the pair: with knees, the
 * loop's under TVP_KEEPS_UP of the other's (ST_HOLDS), at or over it
 * (ST_NOT), their intervals across it (both); without, at the shared
 * rate: the loop kept up within the target (ST_NOT), it did not where
 * the other did (ST_HOLDS), either open (both).
 */
enum tvp_state tvp_c10_threads_needed(const struct tvp_c10_pair *p);
/*
 * The conditions of a pair, each a number: the higher share of its
 * offered rate that either model answered at the shared rate (at least
 * TVP_C10_ANSWERED: the rate was one a model could carry), the client's
 * lateness over the run (at most TVP_C10_LATE), the other's workers per
 * connection (blocking shapes: at least 1, no connection waits for a
 * worker; NAN where the other is not blocking), whether the two were
 * offered the same connections and rates (1 or 0), the loop's read wait
 * in ms (NAN without reads), the lowest p99 (at most the target).
 */
struct tvp_c10_conds {
	double carried, late, workers_per_conn, equal, read_ms;
	/* the client's lateness in ms: at most the target, or the client,
	 * not the server, may have set the p99 */
	double late_ms;
	/* the lowest p99 of the two models, unloaded or at the shared
	 * rate (medians over the rounds), and the target it must be
	 * under: a target that no model met at either rate tells them
	 * apart at none */
	double best_p99, target;
	/* how many of the two kept up within the target at the shared
	 * rate, or may have (tvp_c10_within not ST_NOT): none, and the
	 * rate was above both their knees; where knees judge, how many
	 * had a knee above nothing in some round */
	double within;
	bool knees; /* each model's knee was found (FULL's ladder) */
};
void tvp_c10_conditions(const struct tvp_c10_pair *p, bool blocking,
                        struct tvp_c10_conds *c);

/* Why a part was not measured: the first of its conditions that failed
 * (C10_MET: none did). */
enum tvp_c10_why {
	C10_MET,
	C10_UNEQUAL,      /* not offered the same connections and rates */
	C10_UNREACHABLE,  /* no model's p99 under the target at either rate */
	C10_NONE_WITHIN,  /* at the shared rate, neither within the target */
	C10_NOT_CARRIED,  /* neither model kept up with the shared rate */
	C10_CLIENT_LATE,  /* the client fell behind its schedule */
	C10_HANDOFF,      /* fewer workers than connections */
	C10_NO_READ_WAIT, /* the reads' wait was not recorded */
	C10_NO_WAIT,      /* the device answered without waiting */
};

/* One mix judged for a part: its pair, the pair's conditions, its state
 * and, where a condition failed (ST_NA), which. */
struct tvp_c10_judged {
	struct tvp_c10_pair p;
	struct tvp_c10_conds c;
	enum tvp_state s;
	enum tvp_c10_why why;
};

#define TVP_C10_MIXES 8

/*
 * C10 judged, in numbers: part one, a process per CPU (the fault runs:
 * whether the event server and the threads server, where measured, kept
 * answering after a fatal fault); part two, threads for IO (each mix
 * whose requests wait, on equal terms; decides: the one whose figures
 * stand for the part); part three, threads for disk reads (the first
 * cold mix on equal terms, have; cold_run: the run had a cold mix at
 * all); the load generator's most CPU at the judged points (NAN: none)
 * and whether it shared the server's CPUs; the verdict's state. event:
 * false when the run has no event model (nothing is judged).
 */
struct tvp_c10_judgement {
	bool event;
	struct {
		bool threads, ev_alive, t_alive, isolates;
	} faults;
	struct {
		int n, decides;
		struct tvp_c10_judged mix[TVP_C10_MIXES];
		enum tvp_state st;
	} io;
	struct {
		bool have, cold_run;
		struct tvp_c10_judged j;
	} disk;
	double client_cpu;
	bool client_shared;
	enum tvp_state state;
};

/* Did the model at r keep up in every round (its p99 may be quoted)? */
bool tvp_c10_kept_up(const struct srate *r);
/* Part three's state (ST_NA: not measured) and whether the run has it. */
enum tvp_state tvp_c10_disk_state(const struct tvp_c10_judgement *jd);
bool tvp_c10_disk_in_run(const struct tvp_c10_judgement *jd);

/*
 * Judge C10 on the server stage's lines (load, crash, rates: the rows of
 * the folder, empty where it has none) into jd, and put each part's
 * state, figures and conditions on side. No words: c10words.c writes
 * them.
 */
void tvp_c10_judge(const struct tvp_wrks *load, const struct tvp_wrks *crash,
                   const struct tvp_rates *rates, struct tvp_c10_judgement *jd,
                   struct tvp_side *side);

/*
 * C10's evidence, in up to three parts. What the seed gets right: a
 * process per CPU, so that a fatal fault ends one worker and not the
 * server (the event model kept answering after one, the threads server
 * did not). Threads for IO: on every mix whose requests wait, one event
 * loop a process against processes x threads with as many threads as
 * connections, offered the same connections and rates (server-rate);
 * judged on their knees (FULL) or at one shared rate (quick), the p99
 * under one target for both. Threads for disk reads (a cold mix): the
 * loop reading for itself against the same with aio threads, on the
 * same terms, measured only where the reads waited for the device. A
 * part whose conditions fail is not measured (ST_NA in its part; in the
 * verdict it could settle either way). All parts right: ST_HOLDS; none:
 * ST_NOT; else ST_PARTLY; every state a part left open could settle to;
 * no event model or no server data: ST_NA. out gets the figures (and what
 * a held idle connection costs, from server-conns.jsonl); key, unless
 * NULL, the parts in a few words for RESULTS.md's matrix; side gets each
 * part's state, its figures and conditions.
 */
enum tvp_state tvp_server_evidence(const struct tvp_folder *fo, char *out,
                                   size_t len, char *key, size_t klen,
                                   struct tvp_side *side);

#endif

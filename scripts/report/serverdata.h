/* SPDX-License-Identifier: MIT */
/*
 * The server stage's lines (server-load, -rate, -crash, -conns, as arrays
 * of objects): what the report's server section (server.c) and C10's
 * judgement (c10.c) both look up in them.
 */
#ifndef TVP_REPORT_SERVERDATA_H
#define TVP_REPORT_SERVERDATA_H

#include <jansson.h>
#include <stdbool.h>

#include "stats.h"

/* One configuration, mix and concurrency over its rounds. */
struct spoint {
	const char *config, *model, *mix;
	double c;
	struct tvp_summary rps;                /* requests per second */
	double p50_ms, p99_ms;                 /* medians over the rounds */
	double p50_lo, p50_hi, p99_lo, p99_hi; /* their lowest and highest */
	double errors;                         /* all rounds together */
};

/* A load line's client errors of every kind. */
double tvp_srv_errors(json_t *q);
/* Fill p from every line of all with its config, mix and concurrency;
 * -1 when there is none. */
int tvp_srv_summarise(json_t *all, struct spoint *p);
/* The client counts of the load lines in all, ascending; how many. */
int tvp_server_clients(json_t *all, double *out, int max);
/* The distinct values of the number key in all, ascending; how many. */
int tvp_srv_distinct(json_t *all, const char *key, double *out, int max);
/* A model keeps up with an offered rate when it answered at least this
 * share of it a second over the run (and the client kept its schedule:
 * c10.h). */
#define TVP_C10_ANSWERED 0.99

/*
 * One configuration of a mix at one offered share on equal terms (the
 * server-rate lines of tvp-rate, an open loop), over its rounds: the
 * medians and, beside each, the lowest and highest round (C10 asks
 * every round to keep up, so it judges on those extremes, not on an
 * interval of the median, which 5 rounds do not give).
 */
struct srate {
	const char *config, *mix;
	double pct;            /* share of base_rps offered */
	double offered_rps;    /* the rate asked */
	double base_rps;       /* what the shares are of */
	double conns;          /* connections */
	double procs, threads; /* the shape: threads per process */
	double answered_rps, answered_lo, answered_hi;
	double kept, kept_lo, kept_hi; /* answered_rps over offered_rps */
	double p50_ms, p99_ms, p99_lo, p99_hi;
	double late;       /* the client's lateness (behind_us) over the run */
	double late_ms;    /* ... in ms (medians over the rounds) */
	double client_cpu; /* the client's CPU time over its run: CPUs */
	double read_ms;    /* the server's mean read time (cold), or NAN */
	bool shared_cpus;  /* the client on the server's CPUs */
	int n;             /* rounds */
	int short_rounds;  /* rounds that answered under TVP_C10_ANSWERED */
	/* the p99 of the rounds that fell short alone, and of those that
	 * kept up alone: median, lowest, highest (NAN where none) */
	double p99_short[3], p99_kept[3];
};
/* Fill r from the lines of config in mix at pct; -1 when there is none
 * (or the folder predates equal terms: no base_rps). */
int tvp_srv_rate_point(json_t *rates, const char *config, const char *mix,
                       double pct, struct srate *r);
/* The configuration of rates in mix whose name starts with prefix (the
 * first), or NULL. */
const char *tvp_srv_rate_config(json_t *rates, const char *mix,
                                const char *prefix);

/* What config kept up with in mix, closed loop, at conns connections:
 * the lower median over the rounds of the whole requests/s each round's
 * wrk line says (requests over duration_us, a rate no round fell short
 * of by more than half); -1 where load holds no such line. The equal-
 * terms rates are shares of the highest of the compared models'. */
long tvp_srv_cap(json_t *load, const char *mix, const char *config,
                 double conns);

/* The first configuration of a model (a name prefix: "threads-"), with
 * its point at c clients; false if none. */
bool tvp_srv_find(json_t *all, const char *mix, const char *prefix, double c,
                  struct spoint *p);
/* Is mix the one whose reads miss the page cache (tvp-server --cold)? */
bool tvp_srv_is_cold(json_t *all, const char *mix);
/* Do the requests of mix wait (a --sleep-ms above 0, or none given)? */
bool tvp_srv_mix_waits(json_t *all, const char *mix);
/* The rate line of config in mix at pct of the best, or NULL. */
json_t *tvp_srv_rate_line(json_t *rates, const char *config, const char *mix,
                          double pct);
/* a beats b when their intervals do not overlap: 1, -1, or 0 (level). */
int tvp_srv_beats(const struct spoint *a, const struct spoint *b);
/* The fault run's line of model, or NULL. */
json_t *tvp_srv_crash(json_t *crash, const char *model);

/* What a held connection costs (server-conns lines), per model. */
#define TVP_SRV_CONN_MODELS 4
extern const char *const tvp_srv_conn_models[TVP_SRV_CONN_MODELS];
/* The line of model with n held, or NULL. */
json_t *tvp_srv_conn_line(json_t *conns, const char *model, double n);
/* A conns line's requests per second (NAN without a duration). */
double tvp_srv_rps(json_t *q);
/* KiB of the server's memory per held connection: its PSS with n held
 * less its PSS with none, over n; NAN without both. */
double tvp_srv_kib_per_conn(json_t *conns, const char *model, double n);
/* The most connections every model was held at (0: none). */
double tvp_srv_held_by_all(json_t *conns);

#endif

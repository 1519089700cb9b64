/* SPDX-License-Identifier: MIT */
/*
 * The server stage's lines (server-load, -rate, -crash, -conns, as typed
 * rows: rows.h): what the report's server section (server.c) and C10's
 * judgement (c10.c) both look up in them.
 */
#ifndef TVP_REPORT_SERVERDATA_H
#define TVP_REPORT_SERVERDATA_H

#include <stdbool.h>

#include "rows.h"

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
double tvp_srv_errors(const struct tvp_wrk *q);
/* Fill p from every line of all with its config, mix and concurrency;
 * -1 when there is none. */
int tvp_srv_summarise(const struct tvp_wrks *all, struct spoint *p);
/* The client counts of the load lines in all, ascending; how many. */
int tvp_server_clients(const struct tvp_wrks *all, double *out, int max);
/* The configurations and the mixes of all, and the mixes of rates, in
 * order of appearance; how many. */
int tvp_srv_configs(const struct tvp_wrks *all, const char **out, int max);
int tvp_srv_mixes(const struct tvp_wrks *all, const char **out, int max);
int tvp_srv_rate_mixes(const struct tvp_rates *rates, const char **out,
                       int max);
/* The configurations of rates, in order of appearance; how many. */
int tvp_srv_rate_configs(const struct tvp_rates *rates, const char **out,
                         int max);
/* The shares offered in rates, ascending, or in the order of their lines
 * (as runs from before equal terms had them); how many. */
int tvp_srv_shares(const struct tvp_rates *rates, double *out, int max);
int tvp_srv_shares_as_run(const struct tvp_rates *rates, double *out, int max);
/* The connections held in conns, ascending; how many. */
int tvp_srv_held(const struct tvp_wrks *conns, double *out, int max);
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
int tvp_srv_rate_point(const struct tvp_rates *rates, const char *config,
                       const char *mix, double pct, struct srate *r);
/* The configuration of rates in mix whose name starts with prefix (the
 * first), or NULL. */
const char *tvp_srv_rate_config(const struct tvp_rates *rates, const char *mix,
                                const char *prefix);

/* What config kept up with in mix, closed loop, at conns connections:
 * the lower median over the rounds of the whole requests/s each round's
 * wrk line says (requests over duration_us, a rate no round fell short
 * of by more than half); -1 where load holds no such line. The equal-
 * terms rates are shares of the highest of the compared models'. */
long tvp_srv_cap(const struct tvp_wrks *load, const char *mix,
                 const char *config, double conns);

/* The first configuration of a model (a name prefix: "threads-"), with
 * its point at c clients; false if none. */
bool tvp_srv_find(const struct tvp_wrks *all, const char *mix,
                  const char *prefix, double c, struct spoint *p);
/* Is mix the one whose reads miss the page cache (tvp-server --cold)? */
bool tvp_srv_is_cold(const struct tvp_wrks *all, const char *mix);
/* Do the requests of mix wait (a --sleep-ms above 0, or none given)? */
bool tvp_srv_mix_waits(const struct tvp_wrks *all, const char *mix);
/* The rate line of config in mix at pct of the best, or NULL. */
const struct tvp_rate *tvp_srv_rate_line(const struct tvp_rates *rates,
                                         const char *config, const char *mix,
                                         double pct);
/* a beats b when their intervals do not overlap: 1, -1, or 0 (level). */
int tvp_srv_beats(const struct spoint *a, const struct spoint *b);
/* The fault run's line of model, or NULL. */
const struct tvp_wrk *tvp_srv_crash(const struct tvp_wrks *crash,
                                    const char *model);

/* What a held connection costs (server-conns lines), per model. */
#define TVP_SRV_CONN_MODELS 4
extern const char *const tvp_srv_conn_models[TVP_SRV_CONN_MODELS];
/* The line of model with n held, or NULL. */
const struct tvp_wrk *tvp_srv_conn_line(const struct tvp_wrks *conns,
                                        const char *model, double n);
/* A conns line's requests per second (NAN without a duration). */
double tvp_srv_rps(const struct tvp_wrk *q);
/* KiB of the server's memory per held connection: its PSS with n held
 * less its PSS with none, over n; NAN without both. */
double tvp_srv_kib_per_conn(const struct tvp_wrks *conns, const char *model,
                            double n);
/* The most connections every model was held at (0: none). */
double tvp_srv_held_by_all(const struct tvp_wrks *conns);

#endif

/* SPDX-License-Identifier: MIT */
/* The findings' small constructors and names (findings.h). */
#include "findings.h"

#include <math.h>
#include <string.h>

/* The first name a full side could not take (findings.h). */
static const char *lost;

const char *tvp_findings_lost(void)
{
	return lost;
}

static struct tvp_figure *fig_at(struct tvp_figure *f, int *n, int max,
                                 const char *name, const char *unit, double v,
                                 double lo, double hi, long rounds,
                                 enum tvp_interval iv)
{
	if (*n >= max) {
		lost = lost ? lost : name;
		return NULL;
	}
	f += (*n)++;
	*f = (struct tvp_figure){ name, unit, v, lo, hi, rounds, iv };
	if (iv == IV_NONE || iv == IV_EXACT)
		f->lo = f->hi = NAN;
	return f;
}

struct tvp_figure *tvp_fig(struct tvp_side *s, const char *name,
                           const char *unit, double v, double lo, double hi,
                           long n, enum tvp_interval iv)
{
	return fig_at(s->fig, &s->nfig, TVP_MAXFIG, name, unit, v, lo, hi, n,
	              iv);
}

struct tvp_figure *tvp_part_fig(struct tvp_part *p, const char *name,
                                const char *unit, double v, double lo,
                                double hi, long n, enum tvp_interval iv)
{
	return fig_at(p->fig, &p->nfig, TVP_MAXFIG, name, unit, v, lo, hi, n,
	              iv);
}

struct tvp_condition *tvp_cond(struct tvp_side *s, const char *name,
                               const char *unit, double value, enum tvp_cmp cmp,
                               double needed)
{
	struct tvp_condition *c;

	if (s->ncond >= TVP_MAXCOND) {
		lost = lost ? lost : name;
		return NULL;
	}
	c = &s->cond[s->ncond++];
	*c = (struct tvp_condition){ name, unit, value, needed, cmp, false };
	c->met = !isnan(value) &&
	         (cmp == TVP_AT_LEAST ? value >= needed : value <= needed);
	return c;
}

struct tvp_part *tvp_part(struct tvp_side *s, const char *name,
                          enum tvp_state state)
{
	struct tvp_part *p;

	if (s->npart >= TVP_MAXPART) {
		lost = lost ? lost : name;
		return NULL;
	}
	p = &s->part[s->npart++];
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->state = state;
	return p;
}

const struct tvp_figure *tvp_fig_get(const struct tvp_side *s, const char *name)
{
	for (int i = 0; i < s->nfig; i++)
		if (!strcmp(s->fig[i].name, name))
			return &s->fig[i];
	return NULL;
}

const struct tvp_condition *tvp_cond_get(const struct tvp_side *s,
                                         const char *name)
{
	for (int i = 0; i < s->ncond; i++)
		if (!strcmp(s->cond[i].name, name))
			return &s->cond[i];
	return NULL;
}

void tvp_rests_on(struct tvp_side *s, const char *name)
{
	for (int i = 0; i < s->nfig; i++)
		if (!strcmp(s->fig[i].name, name))
			s->rests_on = i + 1;
}

bool tvp_conds_met(const struct tvp_side *s)
{
	for (int i = 0; i < s->ncond; i++)
		if (!s->cond[i].met)
			return false;
	return true;
}

/* Each condition's words, for the sentence that says which was not met. */
static const struct {
	const char *name, *words;
} cond_words[] = {
	{ "tasks_per_worker", "tasks per worker" },
	{ "work_per_worker_s", "seconds of work per worker" },
	{ "tasks_per_worker_many",
	  "tasks the median worker ran at the most workers" },
	{ "workers_busy_many", "share of the most workers that ran a task" },
	{ "creation_share",
	  "the last worker's start after the first's, as a share of the run" },
	{ "parent_memory_recorded", "the parent's memory recorded" },
	{ "huge_pages_recorded", "its huge-page state recorded" },
	{ "start_method_recorded", "the start method recorded" },
	{ "ivcsw_least_preempted",
	  "times the typical round's least-preempted worker was preempted" },
	{ "working_set_over_l2",
	  "the memory of one CPU's workers over its L2 cache" },
	{ "pcid_recorded", "PCID recorded" },
	{ "pool_run_s", "seconds the pool ran" },
	{ "pool_creation_share", "creating the pool, as a share of its run" },
	{ "tasks_across_languages",
	  "how many times more tasks one language ran than the other" },
	{ "work_per_task_across_languages",
	  "how many times more work a task had in one language" },
	{ "same_copies", "the same copy semantics on both ends at every size" },
	{ "repetition_ms", "milliseconds a timed repetition lasted at least" },
	{ "switches_per_msg", "switches of the two ends a one-way message" },
	{ "distinct_cpus", "workers on CPUs of their own" },
	{ "io_equal_terms",
	  "the two offered the same connections and rates (IO mix)" },
	{ "disk_equal_terms",
	  "the two offered the same connections and rates (cold mix)" },
	{ "io_best_p99_ms",
	  "the best p99 of the two at either rate, in ms, against the p99 "
	  "target (IO mix)" },
	{ "disk_best_p99_ms",
	  "the best p99 of the two at either rate, in ms, against the p99 "
	  "target (cold mix)" },
	{ "io_within_target",
	  "the models not over the p99 target in every round at the shared "
	  "rate (with FULL's ladder: with a knee above nothing in a round) "
	  "(IO mix)" },
	{ "disk_within_target",
	  "the models not over the p99 target in every round at the shared "
	  "rate (with FULL's ladder: with a knee above nothing in a round) "
	  "(cold mix)" },
	{ "io_rate_carried",
	  "the share of the shared rate the better model answered (IO mix)" },
	{ "disk_rate_carried",
	  "the share of the shared rate the better model answered (cold mix)" },
	{ "io_client_late",
	  "the client's lateness as a share of the run (IO mix)" },
	{ "disk_client_late",
	  "the client's lateness as a share of the run (cold mix)" },
	{ "io_client_late_ms",
	  "the client's lateness in ms, against the p99 target (IO mix)" },
	{ "disk_client_late_ms",
	  "the client's lateness in ms, against the p99 target (cold mix)" },
	{ "io_workers_per_conn", "blocking workers a connection" },
	{ "disk_read_wait_ms", "milliseconds a read from the disk took" },
	{ "switches_per_roundtrip", "switches a round trip" },
	{ "overlap",
	  "the share of the time until the first worker was done during which "
	  "all of them ran" },
};

const char *tvp_cond_words(const char *name)
{
	for (size_t i = 0; i < sizeof(cond_words) / sizeof(*cond_words); i++)
		if (!strcmp(cond_words[i].name, name))
			return cond_words[i].words;
	return name;
}

const char *tvp_state_word(enum tvp_state s)
{
	switch (s) {
	case ST_NA:
		return "not measured";
	case ST_HOLDS:
		return "supports";
	case ST_PARTLY:
		return "partly";
	case ST_NOT:
		return "contradicts";
	default:
		if ((s & ST_AT) && !tvp_unsettled(s))
			return "at the threshold";
		return "not settled";
	}
}

const char *tvp_interval_word(enum tvp_interval iv)
{
	static const char *const w[] = { "none",     "bootstrap", "order",
		                         "extremes", "quotient",  "exact" };

	return (unsigned)iv < sizeof(w) / sizeof(*w) ? w[iv] : "none";
}

/* SPDX-License-Identifier: MIT */
/* The server stage's lines: finding a configuration's point, summarising
 * its rounds, and what a held connection costs (serverdata.h). */
#include "serverdata.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <stddef.h>

#define MAX_ROUNDS 64

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The lowest and highest of v[0..n). */
static void range(const double *v, int n, double *lo, double *hi)
{
	*lo = *hi = v[0];
	for (int i = 1; i < n; i++) {
		*lo = v[i] < *lo ? v[i] : *lo;
		*hi = v[i] > *hi ? v[i] : *hi;
	}
}

double tvp_srv_errors(const struct tvp_wrk *q)
{
	return q->errors_connect + q->errors_read + q->errors_write +
	       q->errors_timeout + q->errors_status;
}

/* Fill p from every line of all with its config, mix and concurrency. */
int tvp_srv_summarise(const struct tvp_wrks *all, struct spoint *p)
{
	double rps[MAX_ROUNDS], p50[MAX_ROUNDS], p99[MAX_ROUNDS];
	int n = 0;

	p->errors = 0;
	for (size_t i = 0; i < all->n; i++) {
		const struct tvp_wrk *q = &all->v[i];

		if (strcmp(q->config, p->config) || strcmp(q->mix, p->mix) ||
		    q->concurrency != p->c || n == MAX_ROUNDS)
			continue;
		double s = q->duration_us / 1e6;
		rps[n] = s > 0 ? q->requests / s : 0;
		p50[n] = q->p50_us / 1000;
		p99[n] = q->p99_us / 1000;
		p->errors += tvp_srv_errors(q);
		n++;
	}
	if (n == 0 || tvp_summarize(rps, (size_t)n, 11, &p->rps) != 0)
		return -1;
	p->p50_ms = tvp_median(p50, (size_t)n);
	p->p99_ms = tvp_median(p99, (size_t)n);
	range(p50, n, &p->p50_lo, &p->p50_hi);
	range(p99, n, &p->p99_lo, &p->p99_hi);
	return 0;
}

int tvp_srv_rate_point(const struct tvp_rates *rates, const char *config,
                       const char *mix, double pct, struct srate *r)
{
	double ans[MAX_ROUNDS], kept[MAX_ROUNDS], p50[MAX_ROUNDS],
	        p99[MAX_ROUNDS], late[MAX_ROUNDS], cpu[MAX_ROUNDS],
	        late_ms[MAX_ROUNDS], rd[MAX_ROUNDS], p99s[MAX_ROUNDS],
	        p99k[MAX_ROUNDS];
	int n = 0, nrd = 0, ns = 0, nk = 0;

	*r = (struct srate){ .config = config, .mix = mix, .pct = pct };
	for (size_t i = 0; i < rates->n; i++) {
		const struct tvp_rate *q = &rates->v[i];

		if (strcmp(q->config, config) || strcmp(q->mix, mix) ||
		    q->offered_pct != pct || isnan(q->base_rps) ||
		    n == MAX_ROUNDS)
			continue;
		double rate = q->rate, ms = q->ms;
		r->offered_rps = rate;
		r->base_rps = q->base_rps;
		r->conns = q->connections;
		r->procs = q->procs;
		r->threads = q->threads;
		r->shared_cpus = !strcmp(q->server_cpus, q->client_cpus);
		ans[n] = q->answered_rps;
		kept[n] = rate > 0 ? ans[n] / rate : 0;
		r->short_rounds += !(kept[n] >= TVP_C10_ANSWERED);
		p50[n] = q->p50_us / 1e3;
		p99[n] = q->p99_us / 1e3;
		if (kept[n] >= TVP_C10_ANSWERED)
			p99k[nk++] = p99[n];
		else
			p99s[ns++] = p99[n];
		late_ms[n] = q->behind_us / 1e3;
		late[n] = ms > 0 ? late_ms[n] / ms : NAN;
		cpu[n] = q->client_cpu_ms / q->client_wall_ms;
		double reads = q->server_reads;
		if (reads > 0)
			rd[nrd++] = q->server_read_ns / reads / 1e6;
		n++;
	}
	if (n == 0)
		return -1;
	r->n = n;
	r->answered_rps = tvp_median(ans, (size_t)n);
	range(ans, n, &r->answered_lo, &r->answered_hi);
	r->kept = tvp_median(kept, (size_t)n);
	range(kept, n, &r->kept_lo, &r->kept_hi);
	r->p50_ms = tvp_median(p50, (size_t)n);
	r->p99_ms = tvp_median(p99, (size_t)n);
	range(p99, n, &r->p99_lo, &r->p99_hi);
	r->p99_short[0] = ns ? tvp_median(p99s, (size_t)ns) : NAN;
	r->p99_kept[0] = nk ? tvp_median(p99k, (size_t)nk) : NAN;
	r->p99_short[1] = r->p99_short[2] = r->p99_kept[1] = r->p99_kept[2] =
	        NAN;
	if (ns)
		range(p99s, ns, &r->p99_short[1], &r->p99_short[2]);
	if (nk)
		range(p99k, nk, &r->p99_kept[1], &r->p99_kept[2]);
	r->late = tvp_median(late, (size_t)n);
	r->late_ms = tvp_median(late_ms, (size_t)n);
	r->client_cpu = tvp_median(cpu, (size_t)n);
	r->read_ms = nrd ? tvp_median(rd, (size_t)nrd) : NAN;
	return 0;
}

long tvp_srv_cap(const struct tvp_wrks *load, const char *mix,
                 const char *config, double conns)
{
	double v[MAX_ROUNDS]; /* whole requests/s, as serve.sh had them */
	int n = 0;

	for (size_t i = 0; i < load->n; i++) {
		const struct tvp_wrk *q = &load->v[i];
		double req = q->requests, us = q->duration_us;

		if (strcmp(q->mix, mix) || strcmp(q->config, config) ||
		    q->concurrency != conns || !(us > 0) || !(req >= 0) ||
		    n == MAX_ROUNDS)
			continue;
		v[n++] = floor(req * 1e6 / us);
	}
	if (n == 0)
		return -1;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return (long)v[(n - 1) / 2];
}

const char *tvp_srv_rate_config(const struct tvp_rates *rates, const char *mix,
                                const char *prefix)
{
	for (size_t i = 0; i < rates->n; i++) {
		const struct tvp_rate *q = &rates->v[i];

		if (!strcmp(q->mix, mix) &&
		    !strncmp(q->config, prefix, strlen(prefix)) &&
		    !isnan(q->base_rps))
			return q->config;
	}
	return NULL;
}

/* The distinct numbers at off of the n rows (rows.h), ascending. */
static int distinct(const void *rows, size_t n, size_t size, size_t off,
                    double *out, int max)
{
	int m = tvp_rows_distinct(rows, n, size, off, out, max);

	qsort(out, (size_t)m, sizeof(*out), cmp_double);
	return m;
}

int tvp_server_clients(const struct tvp_wrks *all, double *out, int max)
{
	return distinct(all->v, all->n, sizeof(*all->v),
	                offsetof(struct tvp_wrk, concurrency), out, max);
}

int tvp_srv_shares(const struct tvp_rates *rates, double *out, int max)
{
	return distinct(rates->v, rates->n, sizeof(*rates->v),
	                offsetof(struct tvp_rate, offered_pct), out, max);
}

int tvp_srv_shares_as_run(const struct tvp_rates *rates, double *out, int max)
{
	return tvp_rows_distinct(rates->v, rates->n, sizeof(*rates->v),
	                         offsetof(struct tvp_rate, offered_pct), out,
	                         max);
}

int tvp_srv_held(const struct tvp_wrks *conns, double *out, int max)
{
	return distinct(conns->v, conns->n, sizeof(*conns->v),
	                offsetof(struct tvp_wrk, held), out, max);
}

int tvp_srv_configs(const struct tvp_wrks *all, const char **out, int max)
{
	return tvp_rows_distinct_str(all->v, all->n, sizeof(*all->v),
	                             offsetof(struct tvp_wrk, config), out,
	                             max);
}

int tvp_srv_mixes(const struct tvp_wrks *all, const char **out, int max)
{
	return tvp_rows_distinct_str(all->v, all->n, sizeof(*all->v),
	                             offsetof(struct tvp_wrk, mix), out, max);
}

int tvp_srv_rate_configs(const struct tvp_rates *rates, const char **out,
                         int max)
{
	return tvp_rows_distinct_str(rates->v, rates->n, sizeof(*rates->v),
	                             offsetof(struct tvp_rate, config), out,
	                             max);
}

int tvp_srv_rate_mixes(const struct tvp_rates *rates, const char **out, int max)
{
	return tvp_rows_distinct_str(rates->v, rates->n, sizeof(*rates->v),
	                             offsetof(struct tvp_rate, mix), out, max);
}

/* The first configuration of a model ("threads"), with its point at c. */
bool tvp_srv_find(const struct tvp_wrks *all, const char *mix,
                  const char *prefix, double c, struct spoint *p)
{
	const char *cf[64];
	int n = tvp_srv_configs(all, cf, 64);

	for (int k = 0; k < n; k++) {
		if (strncmp(cf[k], prefix, strlen(prefix)))
			continue;
		*p = (struct spoint){ .config = cf[k], .mix = mix, .c = c };
		if (tvp_srv_summarise(all, p) == 0)
			return true;
	}
	return false;
}

/* Is mix the one whose reads miss the page cache (tvp-server --cold)? */
bool tvp_srv_is_cold(const struct tvp_wrks *all, const char *mix)
{
	for (size_t i = 0; i < all->n; i++)
		if (!strcmp(all->v[i].mix, mix))
			return strstr(all->v[i].mix_args, "--cold") != NULL;
	return false;
}

/* The rate line of CONFIG in MIX at PCT of the best, or NULL. */
const struct tvp_rate *tvp_srv_rate_line(const struct tvp_rates *rates,
                                         const char *config, const char *mix,
                                         double pct)
{
	for (size_t i = 0; i < rates->n; i++) {
		const struct tvp_rate *q = &rates->v[i];

		if (!strcmp(q->config, config) && !strcmp(q->mix, mix) &&
		    q->offered_pct == pct)
			return q;
	}
	return NULL;
}

/* A beats b when their intervals do not overlap: 1, -1, or 0 (level). */
int tvp_srv_beats(const struct spoint *a, const struct spoint *b)
{
	if (a->rps.n < 2 || b->rps.n < 2)
		return 0; /* one round: no interval to tell them apart */
	if (a->rps.ci_low > b->rps.ci_high)
		return 1;
	if (b->rps.ci_low > a->rps.ci_high)
		return -1;
	return 0;
}

const struct tvp_wrk *tvp_srv_crash(const struct tvp_wrks *crash,
                                    const char *model)
{
	for (size_t i = 0; i < crash->n; i++)
		if (!strcmp(crash->v[i].model, model))
			return &crash->v[i];
	return NULL;
}

/* Do the requests of mix wait (a --sleep-ms above 0, or none given)? */
bool tvp_srv_mix_waits(const struct tvp_wrks *all, const char *mix)
{
	for (size_t i = 0; i < all->n; i++)
		if (!strcmp(all->v[i].mix, mix)) {
			const char *sl =
			        strstr(all->v[i].mix_args, "--sleep-ms ");
			return !sl || atol(sl + strlen("--sleep-ms ")) > 0;
		}
	return true;
}

const char *const tvp_srv_conn_models[TVP_SRV_CONN_MODELS] = {
	"threads", "prefork", "hybrid", "event"
};

/* The line of model with n held, or NULL. */
const struct tvp_wrk *tvp_srv_conn_line(const struct tvp_wrks *conns,
                                        const char *model, double n)
{
	for (size_t i = 0; i < conns->n; i++)
		if (!strcmp(conns->v[i].model, model) && conns->v[i].held == n)
			return &conns->v[i];
	return NULL;
}

double tvp_srv_rps(const struct tvp_wrk *q)
{
	double s = q->duration_us / 1e6;

	return s > 0 ? q->requests / s : NAN;
}

/* KiB of the server's memory per held connection: its PSS with n held
 * less its PSS with none, over n; NAN without both. */
double tvp_srv_kib_per_conn(const struct tvp_wrks *conns, const char *model,
                            double n)
{
	const struct tvp_wrk *q = tvp_srv_conn_line(conns, model, n),
	                     *z = tvp_srv_conn_line(conns, model, 0);

	if (!q || !z || n <= 0 || *q->stopped || *z->stopped)
		return NAN;
	return (q->pss_kib - z->pss_kib) / n;
}

/* The most connections every model was held at (0: none). */
double tvp_srv_held_by_all(const struct tvp_wrks *conns)
{
	double ns[16] = { 0 }, top = 0;
	int nn = tvp_srv_held(conns, ns, 16);

	for (int k = 0; k < nn; k++) {
		bool all = ns[k] > 0;
		for (int m = 0; m < TVP_SRV_CONN_MODELS; m++)
			all = all &&
			      !isnan(tvp_srv_kib_per_conn(
			              conns, tvp_srv_conn_models[m], ns[k]));
		if (all)
			top = ns[k];
	}
	return top;
}

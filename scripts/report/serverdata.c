/* SPDX-License-Identifier: MIT */
/* The server stage's lines: finding a configuration's point, summarising
 * its rounds, and what a held connection costs (serverdata.h). */
#include "serverdata.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

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

double tvp_srv_errors(json_t *q)
{
	return tvp_jnum(q, "errors_connect") + tvp_jnum(q, "errors_read") +
	       tvp_jnum(q, "errors_write") + tvp_jnum(q, "errors_timeout") +
	       tvp_jnum(q, "errors_status");
}

/* Fill p from every line of all with its config, mix and concurrency. */
int tvp_srv_summarise(json_t *all, struct spoint *p)
{
	double rps[MAX_ROUNDS], p50[MAX_ROUNDS], p99[MAX_ROUNDS];
	int n = 0;
	size_t i;
	json_t *q;

	p->errors = 0;
	json_array_foreach (all, i, q) {
		if (strcmp(tvp_jstr(q, "config"), p->config) ||
		    strcmp(tvp_jstr(q, "mix"), p->mix) ||
		    tvp_jnum(q, "concurrency") != p->c || n == MAX_ROUNDS)
			continue;
		double s = tvp_jnum(q, "duration_us") / 1e6;
		rps[n] = s > 0 ? tvp_jnum(q, "requests") / s : 0;
		p50[n] = tvp_jnum(q, "p50_us") / 1000;
		p99[n] = tvp_jnum(q, "p99_us") / 1000;
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

int tvp_srv_rate_point(json_t *rates, const char *config, const char *mix,
                       double pct, struct srate *r)
{
	double ans[MAX_ROUNDS], kept[MAX_ROUNDS], p50[MAX_ROUNDS],
	        p99[MAX_ROUNDS], late[MAX_ROUNDS], cpu[MAX_ROUNDS],
	        late_ms[MAX_ROUNDS], rd[MAX_ROUNDS], p99s[MAX_ROUNDS],
	        p99k[MAX_ROUNDS];
	int n = 0, nrd = 0, ns = 0, nk = 0;
	size_t i;
	json_t *q;

	*r = (struct srate){ .config = config, .mix = mix, .pct = pct };
	json_array_foreach (rates, i, q) {
		if (strcmp(tvp_jstr(q, "config"), config) ||
		    strcmp(tvp_jstr(q, "mix"), mix) ||
		    tvp_jnum(q, "offered_pct") != pct ||
		    isnan(tvp_jnum(q, "base_rps")) || n == MAX_ROUNDS)
			continue;
		double rate = tvp_jnum(q, "rate"), ms = tvp_jnum(q, "ms");
		r->offered_rps = rate;
		r->base_rps = tvp_jnum(q, "base_rps");
		r->conns = tvp_jnum(q, "connections");
		r->procs = tvp_jnum(q, "procs");
		r->threads = tvp_jnum(q, "threads");
		r->shared_cpus = !strcmp(tvp_jstr(q, "server_cpus"),
		                         tvp_jstr(q, "client_cpus"));
		ans[n] = tvp_jnum(q, "answered_rps");
		kept[n] = rate > 0 ? ans[n] / rate : 0;
		r->short_rounds += !(kept[n] >= TVP_C10_ANSWERED);
		p50[n] = tvp_jnum(q, "p50_us") / 1e3;
		p99[n] = tvp_jnum(q, "p99_us") / 1e3;
		if (kept[n] >= TVP_C10_ANSWERED)
			p99k[nk++] = p99[n];
		else
			p99s[ns++] = p99[n];
		late_ms[n] = tvp_jnum(q, "behind_us") / 1e3;
		late[n] = ms > 0 ? late_ms[n] / ms : NAN;
		cpu[n] = tvp_jnum(q, "client_cpu_ms") /
		         tvp_jnum(q, "client_wall_ms");
		double reads = tvp_jnum(q, "server_reads");
		if (reads > 0)
			rd[nrd++] = tvp_jnum(q, "server_read_ns") / reads / 1e6;
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

long tvp_srv_cap(json_t *load, const char *mix, const char *config,
                 double conns)
{
	double v[MAX_ROUNDS]; /* whole requests/s, as serve.sh had them */
	int n = 0;
	size_t i;
	json_t *q;

	json_array_foreach (load, i, q) {
		double req = tvp_jnum(q, "requests"),
		       us = tvp_jnum(q, "duration_us");

		if (strcmp(tvp_jstr(q, "mix"), mix) ||
		    strcmp(tvp_jstr(q, "config"), config) ||
		    tvp_jnum(q, "concurrency") != conns || !(us > 0) ||
		    !(req >= 0) || n == MAX_ROUNDS)
			continue;
		v[n++] = floor(req * 1e6 / us);
	}
	if (n == 0)
		return -1;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return (long)v[(n - 1) / 2];
}

const char *tvp_srv_rate_config(json_t *rates, const char *mix,
                                const char *prefix)
{
	size_t i;
	json_t *q;

	json_array_foreach (rates, i, q)
		if (!strcmp(tvp_jstr(q, "mix"), mix) &&
		    !strncmp(tvp_jstr(q, "config"), prefix, strlen(prefix)) &&
		    !isnan(tvp_jnum(q, "base_rps")))
			return tvp_jstr(q, "config");
	return NULL;
}

/* The distinct values of the number key in all, ascending; how many. */
int tvp_srv_distinct(json_t *all, const char *key, double *out, int max)
{
	int n = tvp_jdistinct_num(all, key, out, max);

	qsort(out, (size_t)n, sizeof(*out), cmp_double);
	return n;
}

int tvp_server_clients(json_t *all, double *out, int max)
{
	return tvp_srv_distinct(all, "concurrency", out, max);
}

/* The first configuration of a model ("threads"), with its point at c. */
bool tvp_srv_find(json_t *all, const char *mix, const char *prefix, double c,
                  struct spoint *p)
{
	const char *cf[64];
	int n = tvp_jdistinct(all, "config", cf, 64);

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
bool tvp_srv_is_cold(json_t *all, const char *mix)
{
	size_t i;
	json_t *q;

	json_array_foreach (all, i, q)
		if (!strcmp(tvp_jstr(q, "mix"), mix))
			return strstr(tvp_jstr(q, "mix_args"), "--cold") !=
			       NULL;
	return false;
}

/* The rate line of CONFIG in MIX at PCT of the best, or NULL. */
json_t *tvp_srv_rate_line(json_t *rates, const char *config, const char *mix,
                          double pct)
{
	size_t i;
	json_t *q;

	json_array_foreach (rates, i, q)
		if (!strcmp(tvp_jstr(q, "config"), config) &&
		    !strcmp(tvp_jstr(q, "mix"), mix) &&
		    tvp_jnum(q, "offered_pct") == pct)
			return q;
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

json_t *tvp_srv_crash(json_t *crash, const char *model)
{
	size_t i;
	json_t *q;

	json_array_foreach (crash, i, q)
		if (!strcmp(tvp_jstr(q, "model"), model))
			return q;
	return NULL;
}

/* Do the requests of mix wait (a --sleep-ms above 0, or none given)? */
bool tvp_srv_mix_waits(json_t *all, const char *mix)
{
	size_t i;
	json_t *q;

	json_array_foreach (all, i, q)
		if (!strcmp(tvp_jstr(q, "mix"), mix)) {
			const char *sl =
			        strstr(tvp_jstr(q, "mix_args"), "--sleep-ms ");
			return !sl || atol(sl + strlen("--sleep-ms ")) > 0;
		}
	return true;
}

const char *const tvp_srv_conn_models[TVP_SRV_CONN_MODELS] = {
	"threads", "prefork", "hybrid", "event"
};

/* The line of model with n held, or NULL. */
json_t *tvp_srv_conn_line(json_t *conns, const char *model, double n)
{
	size_t i;
	json_t *q;

	json_array_foreach (conns, i, q)
		if (!strcmp(tvp_jstr(q, "model"), model) &&
		    tvp_jnum(q, "held") == n)
			return q;
	return NULL;
}

double tvp_srv_rps(json_t *q)
{
	double s = tvp_jnum(q, "duration_us") / 1e6;

	return s > 0 ? tvp_jnum(q, "requests") / s : NAN;
}

/* KiB of the server's memory per held connection: its PSS with n held
 * less its PSS with none, over n; NAN without both. */
double tvp_srv_kib_per_conn(json_t *conns, const char *model, double n)
{
	json_t *q = tvp_srv_conn_line(conns, model, n),
	       *z = tvp_srv_conn_line(conns, model, 0);

	if (!q || !z || n <= 0 || json_object_get(q, "stopped") ||
	    json_object_get(z, "stopped"))
		return NAN;
	return (tvp_jnum(q, "pss_kib") - tvp_jnum(z, "pss_kib")) / n;
}

/* The most connections every model was held at (0: none). */
double tvp_srv_held_by_all(json_t *conns)
{
	double ns[16] = { 0 }, top = 0;
	int nn = tvp_srv_distinct(conns, "held", ns, 16);

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

/* SPDX-License-Identifier: MIT */
#include "micro.h"

#include "../lib/interval.h"

#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static void read_allowed(void);

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static long minflt_now(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return self.ru_minflt + kids.ru_minflt;
}

/* The callback's own timed regions in this repetition; -1: none. */
static int64_t self_timed_ns = -1;
/* Whether the call now running is a timed repetition (micro_timed_rep). */
static bool timing;

bool micro_timed_rep(void)
{
	return timing;
}

void micro_timed_ns(int64_t ns)
{
	self_timed_ns = (self_timed_ns < 0 ? 0 : self_timed_ns) + ns;
}

static int64_t time_once(micro_fn fn, void *cookie, long iters)
{
	int64_t t0, wall;

	self_timed_ns = -1;
	t0 = tvp_now_ns();
	fn(iters, cookie);
	wall = tvp_now_ns() - t0;
	return self_timed_ns >= 0 ? self_timed_ns : wall;
}

/* One timed repetition: fn's time per operation, and its minor page
 * faults added to *faults. */
static double timed_rep(micro_fn fn, void *cookie, long iters, long *faults)
{
	long f0 = minflt_now();
	int64_t ns;

	timing = true;
	ns = time_once(fn, cookie, iters);
	timing = false;
	*faults += minflt_now() - f0;
	return (double)ns / (double)iters;
}

/* Sort x[0..n) and fill r's median, min and max (per operation). */
static void summarise(double *x, long n, long iters, struct micro_result *r)
{
	qsort(x, (size_t)n, sizeof(*x), cmp_double);
	r->iters = iters;
	r->reps = n;
	r->ns_min = x[0];
	r->ns_max = x[n - 1];
	r->ns_median = n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

/* Double iters until a repetition is long enough for the clock; warm up. */
static long calibrate(const struct micro *m, micro_fn fn, void *cookie)
{
	int64_t want = m->min_ms * 1000000, t;
	long iters = 1;

	while ((t = time_once(fn, cookie, iters)) < want && iters < (1L << 40))
		iters = t < want / 64 ? iters * 8 : iters * 2;
	time_once(fn, cookie, iters); /* warm-up */
	return iters;
}

int micro_measure_pair(const struct micro *m, micro_fn fa, void *ca,
                       micro_fn fb, void *cb, struct micro_result *ra,
                       struct micro_result *rb, double ratio[3])
{
	return micro_measure_pair_net(m, fa, ca, fb, cb, NULL, NULL, ra, rb,
	                              NULL, ratio, NULL);
}

int micro_measure_pair_net(const struct micro *m, micro_fn fa, void *ca,
                           micro_fn fb, void *cb, micro_fn fz, void *cz,
                           struct micro_result *ra, struct micro_result *rb,
                           struct micro_result *rz, double ratio[3],
                           double net[3])
{
	size_t n = (size_t)m->reps;
	double *a = calloc(n, sizeof(*a)), *b = calloc(n, sizeof(*b)),
	       *z = calloc(n, sizeof(*z)), *q = calloc(n, sizeof(*q)),
	       *qn = calloc(n, sizeof(*qn));
	long ia, ib, iz = 0, fa_faults = 0, fb_faults = 0, fz_faults = 0;
	struct micro_result rq;
	int rc = -1;

	if (a == NULL || b == NULL || z == NULL || q == NULL || qn == NULL)
		goto out;
	ia = calibrate(m, fa, ca);
	ib = calibrate(m, fb, cb);
	if (fz)
		iz = calibrate(m, fz, cz);
	/* Each side warms up again after the other ran: the switch of
	 * side, not the side, would show in the figure otherwise. Each
	 * side's faults are its timed repetitions' own. The baseline, where
	 * there is one, runs in the same rotation, so that each
	 * repetition's net ratio (B - Z) / (A - Z) is taken within it. */
	bool net_ok = true;

	for (long k = 0; k < m->reps; k++) {
		time_once(fa, ca, ia);
		a[k] = timed_rep(fa, ca, ia, &fa_faults);
		time_once(fb, cb, ib);
		b[k] = timed_rep(fb, cb, ib, &fb_faults);
		q[k] = b[k] / a[k];
		if (fz) {
			time_once(fz, cz, iz);
			z[k] = timed_rep(fz, cz, iz, &fz_faults);
			/* (A no longer than its baseline: no net ratio) */
			net_ok &= a[k] > z[k];
			qn[k] = net_ok ? (b[k] - z[k]) / (a[k] - z[k]) : 0;
		}
	}
	summarise(a, m->reps, ia, ra);
	summarise(b, m->reps, ib, rb);
	summarise(q, m->reps, 1, &rq);
	ra->minflt_per_op = (double)fa_faults / (double)(ia * m->reps);
	rb->minflt_per_op = (double)fb_faults / (double)(ib * m->reps);
	ra->cycles_per_op = rb->cycles_per_op = -1; /* not counted, paired */
	ra->instructions_per_op = rb->instructions_per_op = -1;
	ratio[0] = rq.ns_median;
	/* the interval every figure uses (bench/lib/interval.h): none (NAN,
	 * so no key on the line) under 6 repetitions */
	tvp_median_interval(q, m->reps, &ratio[1], &ratio[2]);
	if (fz) {
		summarise(z, m->reps, iz, rz);
		rz->minflt_per_op = (double)fz_faults / (double)(iz * m->reps);
		rz->cycles_per_op = rz->instructions_per_op = -1;
		summarise(qn, m->reps, 1, &rq);
		net[0] = rq.ns_median;
		tvp_median_interval(qn, m->reps, &net[1], &net[2]);
		if (!net_ok)
			net[0] = net[1] = net[2] = NAN;
	}
	rc = 0;
out:
	free(a);
	free(b);
	free(z);
	free(q);
	free(qn);
	return rc;
}

/* A perf count per operation; -1 where there is no count. */
static double per_op_of(int64_t count, long ops)
{
	return count >= 0 ? (double)count / (double)ops : -1;
}

int micro_measure(const struct micro *m, micro_fn fn, void *cookie,
                  struct micro_result *r)
{
	struct tvp_counters c;
	long iters, faults;
	double *per_op = calloc((size_t)m->reps, sizeof(*per_op));

	if (per_op == NULL)
		return -1;
	iters = calibrate(m, fn, cookie);
	faults = minflt_now();
	tvp_counters_start(&c);
	timing = true;
	for (long k = 0; k < m->reps; k++)
		per_op[k] =
		        (double)time_once(fn, cookie, iters) / (double)iters;
	timing = false;
	tvp_counters_stop(&c);
	faults = minflt_now() - faults;
	summarise(per_op, m->reps, iters, r);
	r->minflt_per_op = (double)faults / (double)(iters * m->reps);
	r->cycles_per_op = per_op_of(c.perf[TVP_PERF_CYCLES], iters * m->reps);
	r->instructions_per_op =
	        per_op_of(c.perf[TVP_PERF_INSTRUCTIONS], iters * m->reps);
	free(per_op);
	return 0;
}

void micro_add_ratio(json_t *p, const double ratio[3], const char *twin,
                     const char *stat)
{
	json_object_set_new(p, "vs_thread", json_real(ratio[0]));
	if (!isnan(ratio[1])) {
		json_object_set_new(p, "vs_thread_lo", json_real(ratio[1]));
		json_object_set_new(p, "vs_thread_hi", json_real(ratio[2]));
	}
	if (twin != NULL)
		json_object_set_new(p, "vs_thread_variant", json_string(twin));
	json_object_set_new(p, "vs_thread_stat", json_string(stat));
}

json_t *micro_point(const struct micro *m, const char *variant)
{
	return json_pack("{s:s, s:s}", "bench", m->name, "variant", variant);
}

void micro_add_time(json_t *p, const char *key, double scale_ns,
                    const struct micro_result *r)
{
	char k[64];

	json_object_set_new(p, key, json_real(r->ns_median / scale_ns));
	snprintf(k, sizeof(k), "%s_min", key);
	json_object_set_new(p, k, json_real(r->ns_min / scale_ns));
	snprintf(k, sizeof(k), "%s_max", key);
	json_object_set_new(p, k, json_real(r->ns_max / scale_ns));
	json_object_set_new(p, "iterations", json_integer(r->iters));
	json_object_set_new(p, "reps", json_integer(r->reps));
	json_object_set_new(p, "cycles_per_op",
	                    r->cycles_per_op >= 0 ? json_real(r->cycles_per_op)
	                                          : json_null());
	json_object_set_new(p, "instructions_per_op",
	                    r->instructions_per_op >= 0
	                            ? json_real(r->instructions_per_op)
	                            : json_null());
}

/* Human form: "spawn fork parent_rss_mib=64: us_per_op=85.3 ..." */
static void print_human(json_t *p)
{
	const char *key;
	json_t *v;

	printf("%s %s:", json_string_value(json_object_get(p, "bench")),
	       json_string_value(json_object_get(p, "variant")));
	json_object_foreach (p, key, v) {
		if (!strcmp(key, "bench") || !strcmp(key, "variant"))
			continue;
		if (json_is_real(v))
			printf(" %s=%.4g", key, json_real_value(v));
		else if (json_is_integer(v))
			printf(" %s=%lld", key,
			       (long long)json_integer_value(v));
		else if (json_is_string(v))
			printf(" %s=%s", key, json_string_value(v));
		else if (json_is_boolean(v))
			printf(" %s=%s", key, json_is_true(v) ? "yes" : "no");
	}
	printf("\n");
}

void micro_emit(const struct micro *m, json_t *p)
{
	if (m->json) {
		char *s = json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER |
		                                JSON_REAL_PRECISION(6));

		puts(s);
		free(s);
	} else {
		print_human(p);
	}
	fflush(stdout);
	json_decref(p);
}

int micro_list(const char *opt, const char *arg, long *out, int max, long min,
               long max_value)
{
	char buf[512], *save = NULL, *tok;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		const char *err;

		if (n == max)
			tvp_usage_error("%s: at most %d values", opt, max);
		err = tvp_parse_long(tok, min, max_value, &out[n]);
		if (err)
			tvp_usage_error("%s %s: %s (allowed %ld..%ld)", opt,
			                tok, err, min, max_value);
		n++;
	}
	if (n == 0)
		tvp_usage_error("%s needs a list such as 1,2,4", opt);
	return n;
}

/* --describe: one JSON object on one line (the sweep's micro.sh reads it
 * through tvp-report describe). */
static void describe(const struct micro *m)
{
	json_t *j = json_pack("{s:{s:s, s:s, s:s, s:s, s:s?, s:s, s:s}}",
	                      "micro", "name", m->name, "claim", m->claim,
	                      "quick", m->quick ? m->quick : "", "full",
	                      m->full ? m->full : "", "python", m->python,
	                      "python_quick", m->py_quick ? m->py_quick : "",
	                      "python_full", m->py_full ? m->py_full : "");
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;

	if (text == NULL) {
		tvp_warn("--describe: out of memory");
		exit(TVP_EXIT_FAIL);
	}
	puts(text);
	free(text);
	json_decref(j);
}

static void usage(const struct micro *m)
{
	printf("usage: %s [--json] [--reps N] [--min-ms MS] %s\n\n%s\n\n"
	       "  --json         one JSON object per measured point\n"
	       "  --reps N       timed repetitions (default 11: at least 10 for an interval a verdict can rest on)\n"
	       "  --min-ms MS    shortest repetition, milliseconds (default 50)\n"
	       "  --describe     what this benchmark is, for the sweep (JSON)\n",
	       m->name, m->usage, m->summary);
	printf("\nexample: %s\n", m->example);
}

void micro_parse(struct micro *m, int argc, char **argv,
                 const struct micro_opt *opts,
                 void (*fn)(int index, const char *arg))
{
	struct option lo[32] = {
		{ "json", no_argument, NULL, 1000 },
		{ "reps", required_argument, NULL, 1001 },
		{ "min-ms", required_argument, NULL, 1002 },
		{ "help", no_argument, NULL, 1003 },
		{ "describe", no_argument, NULL, 1004 },
	};
	int n = 5, c;
	const char *err;

	tvp_progname = basename(argv[0]);
	read_allowed();
	m->reps = 11;
	m->min_ms = 50;
	for (int k = 0; opts && opts[k].name && n < 31; k++, n++)
		lo[n] = (struct option){ opts[k].name,
			                 opts[k].has_arg ? required_argument
			                                 : no_argument,
			                 NULL, k };
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (c) {
		case 1000:
			m->json = true;
			break;
		case 1001:
			if ((err = tvp_parse_long(optarg, 1, 1000, &m->reps)))
				tvp_usage_error("--reps %s: %s", optarg, err);
			break;
		case 1002:
			if ((err = tvp_parse_long(optarg, 1, 60000,
			                          &m->min_ms)))
				tvp_usage_error("--min-ms %s: %s", optarg, err);
			break;
		case 1003:
			usage(m);
			exit(0);
		case 1004:
			describe(m);
			exit(0);
		case ':':
			tvp_usage_error("%s needs a value", argv[optind - 1]);
		case '?':
			tvp_usage_error("unknown option '%s'",
			                argv[optind - 1]);
		default:
			fn(c, optarg);
		}
	}
	if (optind < argc)
		tvp_usage_error("unexpected argument '%s'", argv[optind]);
}

const char *micro_bindir(void)
{
	static char dir[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);

	if (n <= 0)
		return ".";
	dir[n] = '\0';
	return dirname(dir);
}

/* The CPUs allowed at start: pinning the caller later must not shrink it. */
static int *allowed, nallowed;

static void read_allowed(void)
{
	if (allowed == NULL)
		nallowed = tvp_cpus_allowed(&allowed);
}

int micro_ncpus(void)
{
	read_allowed();
	return nallowed;
}

int micro_pin(int k)
{
	cpu_set_t set;

	read_allowed();
	if (k < 0 || k >= nallowed)
		return -1;
	CPU_ZERO(&set);
	CPU_SET(allowed[k], &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

void micro_pick(const char *opt, const char *arg, const char *const *names,
                int n, bool *want)
{
	char buf[512], *save = NULL, *tok;

	memset(want, 0, (size_t)n * sizeof(*want));
	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int k = 0;

		while (k < n && strcmp(tok, names[k]))
			k++;
		if (k == n)
			tvp_usage_error("%s: unknown '%s'", opt, tok);
		want[k] = true;
	}
}

long micro_proc_kib(const char *path, const char *key)
{
	char line[256];
	size_t len = strlen(key);
	long kib = -1;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, len) == 0 && line[len] == ':' &&
		    sscanf(line + len + 1, "%ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

long micro_pss_kib(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	return micro_proc_kib(path, "Pss");
}

/* SPDX-License-Identifier: MIT */
/*
 * The head of a folder's report.md: the machine it ran on (machine.json),
 * the command that reproduces the run, what the hypervisor took, and how
 * many rounds the configurations got.
 */
#include "machine.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "jsonl.h"
#include "load.h"
#include "rules.h"
#include "serverdata.h"
#include "stats.h"

/* ---- report.md ---- */

static const char *jstr(json_t *m, const char *key)
{
	const char *s = json_string_value(json_object_get(m, key));

	return s && *s ? s : "unknown";
}

/*
 * The command that reproduces the run: machine.json's "command" (the
 * sweep records its knobs); for a folder from before that, make bench
 * with FULL=1, and for a run of the server alone the knobs its data shows.
 * The sweep's defaults live in sweep.sh and serve.sh alone and reach the
 * report through "command"; the two below are not those but what `make
 * bench` ran by default before machine.json recorded its command (the
 * 2026-11-22 folders), kept so that their knobs can be told apart.
 */
#define OLD_SERVER_DURATION_S(full) ((full) ? 2 : 1)
#define OLD_ROUNDS(full)            ((full) ? 5 : 3)

static void reproduce(char *out, size_t len, const struct tvp_folder *fo)
{
	json_t *m = fo->machine;
	const char *cmd = json_string_value(json_object_get(m, "command"));
	bool full = !strcmp(jstr(m, "mode"), "full");
	const struct tvp_wrks *load = &fo->load;
	size_t l;

	if (cmd && *cmd) {
		snprintf(out, len, "%s", cmd);
		return;
	}
	snprintf(out, len, "make bench%s", full ? " FULL=1" : "");
	if (fo->n == 0 && load->n > 0) {
		double d = load->v[0].duration_s;
		long long rounds =
		        json_integer_value(json_object_get(m, "rounds"));
		double cs[16] = { 0 };
		int n = tvp_server_clients(load, cs, 16);

		l = strlen(out);
		snprintf(out + l, len - l,
		         " WORKLOADS= PYTHON= MICRO= CLAIMS=");
		if (d != OLD_SERVER_DURATION_S(full)) {
			l = strlen(out);
			snprintf(out + l, len - l, " SERVER_DURATION=%g", d);
		}
		l = strlen(out);
		snprintf(out + l, len - l, " SERVER_CLIENTS=");
		for (int k = 0; k < n; k++) {
			l = strlen(out);
			snprintf(out + l, len - l, "%s%g", k ? "," : "", cs[k]);
		}
		if (rounds != OLD_ROUNDS(full)) {
			l = strlen(out);
			snprintf(out + l, len - l, " ROUNDS=%lld", rounds);
		}
	}
}

/* What the hypervisor took over the whole sweep (all CPUs). */
static void steal_row(FILE *f, const struct tvp_folder *fo)
{
	unsigned long long s0 = fo->steal[0], a0 = fo->ticks[0],
	                   s1 = fo->steal[1], a1 = fo->ticks[1];

	if (!fo->has_stat || a1 <= a0)
		return;
	fprintf(f,
	        "| steal during the sweep | %.2f%% of the CPUs' time (the "
	        "hypervisor's; `/proc/stat` before and after) |\n",
	        100.0 * (double)(s1 - s0) / (double)(a1 - a0));
}

/*
 * How many rounds the configurations got, and which are still wider than
 * the target: the sweep adds rounds to those while its budget lasts.
 */
/* The seconds the whole sweep took, from raw/stages.txt's "sweep S"
 * line; -1 without one. */
static long sweep_seconds(const char *dir)
{
	char path[4096], name[64];
	long s, found = -1;
	FILE *in;

	snprintf(path, sizeof(path), "%s/raw/stages.txt", dir);
	if ((in = fopen(path, "r")) == NULL)
		return -1;
	while (fscanf(in, "%63s %ld", name, &s) == 2)
		if (!strcmp(name, "sweep"))
			found = s;
	fclose(in);
	return found;
}

void tvp_rounds_sentence(FILE *f, const struct tvp_folder *fo)
{
	json_t *m = fo->machine;
	const struct point *pts = fo->pts;
	long n = fo->n, took = sweep_seconds(fo->dir);
	double target = json_number_value(json_object_get(m, "target_pct"));
	size_t lo = SIZE_MAX, hi = 0;
	long wide = 0;

	for (long i = 0; i < n; i++) {
		lo = pts[i].nround < lo ? pts[i].nround : lo;
		hi = pts[i].nround > hi ? pts[i].nround : hi;
		wide += target > 0 && tvp_width_pct(&pts[i]) > target;
	}
	if (!(target > 0) || n == 0)
		return;
	fprintf(f,
	        "Within a budget of %lld s for the whole sweep, the time left "
	        "after every stage goes to more rounds for the configurations "
	        "whose median, speedup or model's efficiency is known less "
	        "precisely than +-%g%%, those that decide a claim first",
	        json_integer_value(json_object_get(m, "budget_s")), target);
	if (took > json_integer_value(json_object_get(m, "budget_s")))
		fprintf(f,
		        " (this sweep took %ld s: the rounds and run lengths "
		        "the verdicts need come first, whatever the budget)",
		        took);
	fputs(". ", f);
	if (lo == hi)
		fprintf(f, "Every configuration got %zu rounds%s; ", lo,
		        (long long)lo <= json_integer_value(
		                                 json_object_get(m, "rounds"))
		                ? " (no time was left for more)"
		                : "");
	else
		fprintf(f, "The configurations got %zu to %zu rounds; ", lo,
		        hi);
	if (wide == 0) {
		fputs("every one reached the target.\n\n", f);
		return;
	}
	fprintf(f, "%ld did not reach it when the budget ran out: ", wide);
	for (long i = 0, said = 0; i < n; i++) {
		double w = tvp_width_pct(&pts[i]);

		if (isinf(w))
			fprintf(f, "%s`%s` (no interval: %zu rounds)",
			        said++ ? ", " : "", pts[i].id, pts[i].nround);
		else if (w > target)
			fprintf(f, "%s`%s` (+-%.1f%%)", said++ ? ", " : "",
			        pts[i].id, w);
	}
	fputs(".\n\n", f);
}

/* Hardware counters, said once: counted, refused by the machine, or not
 * asked for (a folder from before the counters). */
static void pmu_row(FILE *f, const struct point *pts, long n)
{
	int seen = -1;

	for (long i = 0; i < n; i++)
		seen = pts[i].pmu > seen ? pts[i].pmu : seen;
	if (seen == 1)
		fputs("| hardware counters | cycles and instructions per run "
		      "in every C result line (summary.csv: per task) |\n",
		      f);
	else if (seen == 0)
		fputs("| hardware counters | none: this machine exposes no "
		      "cycles or instructions to perf_event_open, so none are "
		      "given; page faults, switches and migrations come from "
		      "the kernel and are |\n",
		      f);
}

void tvp_machine_block(FILE *f, const struct tvp_folder *fo)
{
	json_t *m = fo->machine;
	const char *base = fo->base;
	long npoints = fo->n;
	const struct point *pts = fo->pts;

	/* Hosts may share a name ("vm"): the folder and CPU count tell them
	 * apart. */
	fprintf(f, "## %s: %s sweep%s on %lld CPUs (host %s), %s\n\n", base,
	        jstr(m, "mode"), npoints ? "" : " (no workloads)",
	        json_integer_value(json_object_get(m, "cpus")), jstr(m, "host"),
	        jstr(m, "date"));
	fprintf(f, "| machine | |\n|---|---|\n");
	fprintf(f, "| CPU | %s |\n", jstr(m, "cpu_model"));
	if (json_object_get(m, "cpu_flags"))
		fprintf(f,
		        "| CPU facts | %s; flags that matter here: %s; "
		        "page-table isolation %s; hypervisor %s |\n",
		        jstr(m, "cpu_vendor"), jstr(m, "cpu_flags"),
		        jstr(m, "page_table_isolation"), jstr(m, "hypervisor"));
	fprintf(f, "| CPUs | %lld online, %lld physical cores, SMT %s |\n",
	        json_integer_value(json_object_get(m, "cpus")),
	        json_integer_value(json_object_get(m, "cores")),
	        jstr(m, "smt"));
	fprintf(f, "| caches | %s |\n", jstr(m, "caches"));
	fprintf(f, "| memory | %s |\n", jstr(m, "memory"));
	pmu_row(f, pts, npoints);
	fprintf(f, "| virtualisation | %s |\n", jstr(m, "virtualization"));
	fprintf(f, "| governor / boost | %s / %s |\n", jstr(m, "governor"),
	        jstr(m, "boost"));
	fprintf(f, "| transparent huge pages | %s |\n", jstr(m, "thp"));
	fprintf(f, "| kernel | %s (%s) |\n", jstr(m, "kernel"), jstr(m, "os"));
	fprintf(f, "| compiler | %s, `%s` |\n", jstr(m, "compiler"),
	        jstr(m, "cflags"));
	fprintf(f, "| tools | %s, %s |\n", jstr(m, "hyperfine"),
	        jstr(m, "gnuplot"));
	fprintf(f, "| load average before | %s |\n", jstr(m, "loadavg"));
	steal_row(f, fo);
	fprintf(f, "| tvp commit | %s |\n", jstr(m, "git_commit"));
	/* (links relative to report.md, in the folder) */
	fprintf(f, "| raw data | [`results/%s/raw/`](raw/) |\n\n", base);
	char cmd[1024];
	reproduce(cmd, sizeof(cmd), fo);
	fprintf(f,
	        "Reproduce: `%s` on such a machine. Regenerate these "
	        "tables and plots from the committed raw data alone: "
	        "`make report RESULTS=results/%s`.\n\n",
	        cmd, base);
	if (npoints == 0)
		return;
	fprintf(f,
	        "Each round ran every configuration %lld time(s) (how many "
	        "rounds each got: below), after %lld "
	        "warm-up run(s) in %s (hyperfine, no shell), so slow drift "
	        "of a shared machine spreads over all of them and shows in "
	        "the intervals. Hyperfine times the whole program, start to "
	        "exit; each workload's section says what its figures time. "
	        "A configuration's figure is the median over its rounds "
	        "(each round's the median of its runs), a speedup the median "
	        "of each round's serial time over the configuration's (a "
	        "pair measured in the same round), each with the "
	        "distribution-free 95%% interval of the order statistics "
	        "(none under 6 rounds; a verdict needs %d); a "
	        "coefficient of variation above %.0f%% is marked *noisy*. "
	        "Cores are "
	        "restricted with `taskset` (physical cores before SMT "
	        "siblings) and each worker is pinned with `--pin`.\n\n",
	        json_integer_value(json_object_get(m, "runs")),
	        json_integer_value(json_object_get(m, "warmup")),
	        !strcmp(jstr(m, "warmup_rounds"), "first") ? "the first round"
	                                                   : "each round",
	        MIN_ROUNDS, TVP_NOISY_CV_PCT);
}

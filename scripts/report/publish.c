/* SPDX-License-Identifier: MIT */
/*
 * publish.c - RESULTS.md from the published folders (tvp-report publish).
 *
 * It reads, for each folder named in the list (results/published, oldest
 * first), the folder's machine.json and the claims.json that `tvp-report
 * analyse` wrote, and nothing else: every verdict and figure on the page
 * was computed there, from that folder's raw data. The page, in order:
 *
 *   the lesson      at most five sentences, each built from the verdicts
 *   the matrix      one row per claim, one column per machine (a CPU
 *                   model, its CPU count, the hypervisor and page-table
 *                   isolation: the facts that change verdicts); a cell is
 *                   the newest folder of that machine that measured the
 *                   claim, its verdict linked to the row of its claims.md
 *   disagreements   where machines differ, the recorded fact that
 *                   separates them, or a sentence that none does
 *   the key         the words the page uses
 *   plots, machines each lesson's plot; each machine's facts and folders
 *
 * Why one file of about a thousand lines: the page is one document, and every
 * section of it reads the same grouping of folders into machines (load,
 * group); each section is one function, in the page's order.
 */
#include "publish.h"

#include <glob.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claims.h"
#include "jsonl.h"
#include "load.h"
#include "observe.h"
#include "out.h"
#include "plot.h"
#include "rules.h"

#define MAX_FOLDERS  64
#define MAX_MACHINES MAX_FOLDERS /* a folder is on one machine */
#define NCLAIMS      10

struct folder {
	char name[128], dir[PATH_MAX + 128];
	json_t *machine, *claims; /* machine.json; claims.json's "claims" */
	json_t *doc;
	char *note; /* its own note on the page (folder_note), or NULL */
	int mach;   /* index into machines[] */
	char mark;  /* the footnote letter, 0 until a cell cites it */
};

struct machine {
	char key[512];      /* what makes two folders one machine */
	char label[256];    /* the column's heading */
	char name[256];     /* in a sentence: "the 16-CPU Intel Xeon (KVM)" */
	int newest;         /* the folder whose facts describe it */
	int cell[NCLAIMS];  /* per claim: the folder it shows, or -1 */
	int tried[NCLAIMS]; /* per claim where no folder measured it: the
	                     * newest whose run failed its conditions, or
	                     * -1 */
	bool any;           /* measured a claim: it has a column */
};

static struct folder fs[MAX_FOLDERS];
static struct machine ms[MAX_MACHINES];
static int nf, nm;

/* A string fact of machine.json, or "" (a number as text, in one of a
 * few buffers taken in turn: two facts can be compared). */
static const char *fact(const struct folder *f, const char *key)
{
	static char num[4][32];
	static int turn;
	json_t *v = json_object_get(f->machine, key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_number(v)) {
		turn = (turn + 1) % 4;
		snprintf(num[turn], sizeof(num[turn]), "%g",
		         json_number_value(v));
		return num[turn];
	}
	return "";
}

/* "Intel(R) Xeon(R) Processor" -> "Intel Xeon": the trademarks and the
 * words that say nothing dropped. */
static void cpu_name(const struct folder *f, char *out, size_t len)
{
	/* each dropped whole; " CPU " keeps its second space */
	static const char *const drop[] = { "(R)", "(TM)", " Processor",
		                            " CPU " };
	char *p;

	snprintf(out, len, "%s", fact(f, "cpu_model"));
	for (size_t d = 0; d < sizeof(drop) / sizeof(*drop); d++) {
		size_t n =
		        strlen(drop[d]) - (drop[d][strlen(drop[d]) - 1] == ' ');

		while ((p = strstr(out, drop[d])) != NULL)
			memmove(p, p + n, strlen(p + n) + 1);
	}
	if ((p = strstr(out, " @")) != NULL)
		*p = '\0';
}

/* "VM: KVM, container: docker" -> "KVM"; no VM: "bare metal". */
static void hypervisor(const struct folder *f, char *out, size_t len)
{
	const char *v = fact(f, "virtualization");

	if (!strncmp(v, "VM: ", 4))
		v += 4;
	else if (*v == '\0' || !strncmp(v, "none", 4))
		v = "bare metal";
	snprintf(out, len, "%.*s", (int)strcspn(v, ","), v);
}

static const char *pti(const struct folder *f)
{
	const char *p = fact(f, "page_table_isolation");

	return *p ? p : "not recorded";
}

static json_t *claim_of(const struct folder *f, int k)
{
	return json_array_get(f->claims, (size_t)k);
}

static const char *verdict_of(const struct folder *f, int k)
{
	const char *v = tvp_jstr(claim_of(f, k), "verdict");

	return *v ? v : "not measured";
}

static bool measured(const struct folder *f, int k)
{
	return strcmp(verdict_of(f, k), "not measured") != 0;
}

/* Which way a condition's level goes, in words: "at least" or "at most". */
static const char *needs(json_t *c)
{
	return strcmp(tvp_jstr(c, "cmp"), "<=") ? "at least" : "at most";
}

/* The first condition a side of claim k failed in f (C's first), in
 * words with its value; false when every condition held or none ran. */
static bool unmet(const struct folder *f, int k, char *out, size_t len)
{
	static const char *const side[] = { "c", "python" }, *const lang[] = {
		"C", "Python"
	};

	for (int s = 0; s < 2; s++) {
		json_t *c;
		size_t i;

		json_array_foreach (
		        json_object_get(json_object_get(claim_of(f, k),
		                                        side[s]),
		                        "conditions"),
		        i, c) {
			json_t *v = json_object_get(c, "value");
			char val[32] = "not recorded";

			if (json_is_true(json_object_get(c, "met")))
				continue;
			if (!strcmp(tvp_jstr(c, "unit"), "bool")) {
				snprintf(out, len, "%s %s: no", lang[s],
				         tvp_cond_words(tvp_jstr(c, "name")));
				return true;
			}
			if (json_is_number(v))
				snprintf(val, sizeof(val), "%.3g",
				         json_number_value(v));
			snprintf(out, len, "%s %s %s (needs %s %g)", lang[s],
			         tvp_cond_words(tvp_jstr(c, "name")), val,
			         needs(c), tvp_jnum(c, "needed"));
			return true;
		}
	}
	return false;
}

static const char *side_key(const struct folder *f, int k, const char *side)
{
	return tvp_jstr(json_object_get(claim_of(f, k), side), "key");
}

/* Newer: the later sweep date (ISO 8601 sorts as text); the later in
 * the list on a tie. */
static bool newer(int a, int b)
{
	int c = strcmp(fact(&fs[a], "date"), fact(&fs[b], "date"));

	return c > 0 || (c == 0 && a > b);
}

/* Folder a before folder b (-1: none yet) for a lesson or a plot: on
 * the machine with more CPUs, the newer on a tie. */
static bool wider(int a, int b)
{
	int ca = atoi(fact(&fs[a], "cpus")), cb;

	if (b < 0)
		return true;
	cb = atoi(fact(&fs[b], "cpus"));
	return ca > cb || (ca == cb && newer(a, b));
}

/* ---- reading ---- */

/* The folder the list is in (results/): the page's own plots go to its
 * plots/ (c8-machines). */
static char root[PATH_MAX];

static int load(const char *list)
{
	char line[120], path[PATH_MAX + 200];
	const char *slash = strrchr(list, '/');
	FILE *f = fopen(list, "r");

	snprintf(root, sizeof(root), "%.*s", slash ? (int)(slash - list) : 1,
	         slash ? list : ".");
	if (f == NULL) {
		fprintf(stderr, "tvp-report: cannot read %s\n", list);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct folder *d = &fs[nf];
		json_error_t e;

		line[strcspn(line, "\r\n")] = '\0';
		if (*line == '\0')
			continue;
		if (nf == MAX_FOLDERS) {
			fprintf(stderr,
			        "tvp-report: more than %d folders in %s\n",
			        MAX_FOLDERS, list);
			fclose(f);
			return -1;
		}
		snprintf(d->name, sizeof(d->name), "%s", line);
		snprintf(d->dir, sizeof(d->dir), "%s/%s", root, line);
		snprintf(path, sizeof(path), "%s/machine.json", d->dir);
		d->machine = json_load_file(path, 0, &e);
		snprintf(path, sizeof(path), "%s/claims.json", d->dir);
		d->doc = json_load_file(path, 0, &e);
		d->claims = json_object_get(d->doc, "claims");
		if (!json_is_object(d->machine) || !json_is_array(d->claims) ||
		    json_array_size(d->claims) != NCLAIMS) {
			fprintf(stderr,
			        "tvp-report: %s has no machine.json or claims.json "
			        "of %d claims; run: make report RESULTS=%s\n",
			        d->dir, NCLAIMS, d->dir);
			json_decref(d->machine);
			json_decref(d->doc);
			fclose(f);
			return -1;
		}
		nf++;
	}
	fclose(f);
	if (nf == 0)
		fprintf(stderr, "tvp-report: %s lists no folder\n", list);
	return nf > 0 ? 0 : -1;
}

/* Folders into machines: the same CPU model and count, hypervisor and
 * page-table isolation. */
static void group(void)
{
	for (int i = 0; i < nf; i++) {
		char key[512], hv[64], cpu[128];
		int m;

		hypervisor(&fs[i], hv, sizeof(hv));
		cpu_name(&fs[i], cpu, sizeof(cpu));
		snprintf(key, sizeof(key), "%s|%s|%s|%s",
		         fact(&fs[i], "cpu_model"), fact(&fs[i], "cpus"), hv,
		         pti(&fs[i]));
		for (m = 0; m < nm; m++)
			if (!strcmp(ms[m].key, key))
				break;
		if (m == nm) { /* (at most one a folder: MAX_MACHINES) */
			nm++;
			snprintf(ms[m].key, sizeof(ms[m].key), "%s", key);
			ms[m].newest = i;
			snprintf(ms[m].label, sizeof(ms[m].label),
			         "%s, %s CPUs, %s, PTI %s", cpu,
			         fact(&fs[i], "cpus"), hv, pti(&fs[i]));
			snprintf(ms[m].name, sizeof(ms[m].name),
			         "the %s-CPU %s (%s)", fact(&fs[i], "cpus"),
			         cpu, hv);
		}
		fs[i].mach = m;
		if (newer(i, ms[m].newest))
			ms[m].newest = i;
	}
	char letter = 'a';
	for (int m = 0; m < nm; m++)
		for (int k = 0; k < NCLAIMS; k++) {
			int best = -1, tried = -1;
			char why[8];

			for (int i = 0; i < nf; i++) {
				if (fs[i].mach != m)
					continue;
				if (measured(&fs[i], k) &&
				    (best < 0 || newer(i, best)))
					best = i;
				if (unmet(&fs[i], k, why, sizeof(why)) &&
				    (tried < 0 || newer(i, tried)))
					tried = i;
			}
			ms[m].cell[k] = best;
			ms[m].tried[k] = best < 0 ? tried : -1;
			ms[m].any |= best >= 0 || tried >= 0;
			if (best < 0)
				best = tried;
			if (best >= 0 && !fs[best].mark)
				fs[best].mark = letter <= 'z' ? letter++ : '?';
		}
}

/* Machine m's folder for claim k if its verdict is settled and on one
 * side of every threshold, else -1. */
static int settled(int m, int k)
{
	int i = ms[m].cell[k];

	/* (a verdict at a threshold lies between two: it neither agrees nor
	 * disagrees with another machine's) */
	return i >= 0 && strcmp(verdict_of(&fs[i], k), "not settled") &&
	                       strcmp(verdict_of(&fs[i], k), "at the threshold")
	               ? i
	               : -1;
}

/* Machine m's claims at the threshold: between two verdicts, so never
 * counted among those no other machine reached; said apart. */
static int at_threshold(FILE *o, int m, bool after)
{
	int n = 0;

	for (int k = 0; k < NCLAIMS; k++) {
		int i = ms[m].cell[k];

		if (i < 0 || strcmp(verdict_of(&fs[i], k), "at the threshold"))
			continue;
		fprintf(o, "%s%sC%d", n == 0 && after ? " " : "",
		        n ? ", "
		          : "At the threshold here, between two verdicts and "
		            "so compared with no other machine's: ",
		        k + 1);
		n++;
	}
	if (n)
		fputc('.', o);
	return n;
}

/* ---- the lesson ---- */

/* The machine that measured claim k with the most CPUs (the newest on a
 * tie): its folder, or -1. */
/* The parts of claim k that folder i judged (C10's; 0 for a claim
 * judged whole). */
static int judged_parts(int i, int k)
{
	json_t *c = json_object_get(claim_of(&fs[i], k), "c"), *x;
	size_t j;
	int n = 0;

	json_array_foreach (json_object_get(c, "parts"), j, x)
		n += strcmp(tvp_jstr(x, "state"), "not measured") != 0;
	return n;
}

/* The folder a claim's card shows: the one that judged most of its parts,
 * then the widest machine. */
static int widest(int k)
{
	int best = -1, best_parts = -1;

	for (int m = 0; m < nm; m++) {
		int i = ms[m].cell[k], parts;

		if (i < 0)
			continue;
		parts = judged_parts(i, k);
		if (parts > best_parts ||
		    (parts == best_parts && wider(i, best)))
			best = i, best_parts = parts;
	}
	return best;
}

/* ---- the matrix ---- */

static void cell(FILE *o, const struct folder *f, int k)
{
	const char *c = side_key(f, k, "c"), *p = side_key(f, k, "python");

	fprintf(o, " [%s](%s/claims.md#c%d)<sup>%c</sup>", verdict_of(f, k),
	        f->dir, k + 1, f->mark);
	if (*c)
		fprintf(o, ": C %s", c);
	if (*p)
		fprintf(o, "%s Python %s", *c ? ";" : ":", p);
	fputs(" |", o);
}

/* A claim measured whose conditions failed: not measured, and the first
 * condition that failed, so the reader knows what to measure again. */
static void tried_cell(FILE *o, const struct folder *f, int k)
{
	char why[256];

	unmet(f, k, why, sizeof(why));
	fprintf(o, " [not measured](%s/claims.md#c%d)<sup>%c</sup>: %s |",
	        f->dir, k + 1, f->mark, why);
}

/* The claim in a few words: its statement up to the first ':' or ';'. */
static void short_claim(FILE *o, const struct folder *f, int k)
{
	const char *s = tvp_jstr(claim_of(f, k), "statement");
	size_t n = strcspn(s, ":;(");

	while (n > 0 && s[n - 1] == ' ')
		n--;
	fprintf(o, "| **C%d** %.*s |", k + 1, (int)n, s);
}

static void matrix(FILE *o)
{
	fputs("## The claims on every machine\n\n"
	      "One column per machine, each cell from that machine's newest "
	      "folder that measured the claim (the letter names it, below); "
	      "the verdict links to the claim's full evidence. C and Python "
	      "give each cell's key figure; *not measured*: the run did not "
	      "create the conditions the claim's effect needs (the first "
	      "that failed is named: that machine needs measuring again); "
	      "\"—\": never measured on that machine.\n\n| claim |",
	      o);
	/* (a machine that measured no claim, a run of nothing but the
	 * machine's facts say, has no column: it would be all "—") */
	for (int m = 0; m < nm; m++)
		if (ms[m].any)
			fprintf(o, " %s |", ms[m].label);
	fputs("\n|---|", o);
	for (int m = 0; m < nm; m++)
		if (ms[m].any)
			fputs("---|", o);
	fputc('\n', o);
	for (int k = 0; k < NCLAIMS; k++) {
		short_claim(o, &fs[nf - 1], k);
		for (int m = 0; m < nm; m++)
			if (!ms[m].any)
				continue;
			else if (ms[m].tried[k] >= 0)
				tried_cell(o, &fs[ms[m].tried[k]], k);
			else if (ms[m].cell[k] < 0)
				fputs(" — |", o);
			else
				cell(o, &fs[ms[m].cell[k]], k);
		fputc('\n', o);
	}
	fputc('\n', o);
	for (int l = 'a'; l <= 'z'; l++)
		for (int i = 0; i < nf; i++)
			if (fs[i].mark == l)
				fprintf(o,
				        "%s<sup>%c</sup> `%s`, a %s sweep of %s.",
				        l == 'a' ? "" : " ", l, fs[i].name,
				        fact(&fs[i], "mode"),
				        fact(&fs[i], "date"));
	fputs("\n\n", o);
}

/* ---- one card per claim ---- */

/*
 * What the seeds give for each claim (their own figure, where they have
 * one) and tvp's experiment, in a sentence each: the words of a card that
 * do not come from a run.
 */
static const struct {
	const char *seed, *experiment;
} card_text[NCLAIMS] = {
	{ "5 workers each count to 100,000,000: serial and 5 threads take "
	  "about 4 min, 5 processes about 1.5 min",
	  "the same counting loop in C and in CPython, serially and with a "
	  "thread or a process per core, each worker given the same work "
	  "whatever the core count; judged on the cores the threads kept "
	  "busy within each run" },
	{ "with 8 cores, 8 processes run at once (ProcessPoolExecutor, "
	  "Pool)",
	  "the same runs as C1, judged on the cores the processes kept busy" },
	{ "Pool(5) with 30 tasks of sleep(1) takes about 6 s; with 10 tasks "
	  "of sleep(2) about 4 s",
	  "the seeds' Pool(5) of sleeping tasks with threads and with "
	  "processes, in C and Python, against the makespan "
	  "ceil(tasks / 5) x t; and the sleep workload at its most workers "
	  "(a few short sleeps each: the conditions say how many), creating "
	  "the workers counted as part of what each model costs" },
	{ "none: asserted",
	  "creating a thread against forking a process (and vfork, "
	  "posix_spawn, fork+exec), as the parent's touched memory grows; "
	  "what an idle and a writing child really hold" },
	{ "none: asserted",
	  "the time a share of CPU work takes, with one worker per CPU "
	  "(a few shares each) and with many live workers per CPU (one "
	  "share each; the figure says how many), each worker pinned to "
	  "its CPU, threads and processes alternated within each round, "
	  "the workers preempted and each walking memory of its own" },
	{ "Pool(5), 30 tasks, apply_async, close, join",
	  "many small tasks (tens a worker, each a few milliseconds of "
	  "counting: claims.md says how many and how long) run with a "
	  "worker per task against a pool of workers, the same tasks and "
	  "start method in C and Python, so that the ratio is about 1 plus "
	  "what creating a worker costs over a task's time (the same work "
	  "as a few large "
	  "tasks is measured too, in raw/claims-pool-few.jsonl, and not "
	  "yet judged)" },
	{ "Pipe send/recv; a Manager list appended by two processes",
	  "a message's round trip between two threads against two "
	  "processes, pair by pair with the same size and copy semantics on "
	  "both ends" },
	{ "none: asserted",
	  "a pipe round trip between two threads and between two processes "
	  "pinned to one CPU, two context switches a round trip, less its "
	  "four pipe calls timed alone in one thread (no switch) in the "
	  "same rotation" },
	{ "5 processes each do plist[0] += 200 on a shared Array('i', 10)",
	  "workers adding to one shared counter without a lock, with a "
	  "lock (mutex, process-shared for processes) and with atomics, "
	  "threads and processes, C and Python (Python: `plist[0] += 1` on "
	  "the seeds' multiprocessing.Array, whose read and write "
	  "each take the array's own lock, so another worker can come "
	  "between them; a plain variable between threads is another "
	  "experiment)" },

	{ "none: described (nginx)",
	  "one HTTP server in several shapes (a thread per connection, "
	  "prefork, processes x threads, an event loop per process, no "
	  "loop holding more than one connection above another that can "
	  "accept) under an open-loop client, "
	  "a fatal fault, and reads from a cold disk" },
};

/* The folder a card shows: the machine with the most CPUs that judged
 * the claim; else the newest whose run failed its conditions; -1. */
static int card_folder(int k)
{
	int best = widest(k);

	if (best >= 0)
		return best;
	for (int m = 0; m < nm; m++) /* the newest of every machine's */
		if (ms[m].tried[k] >= 0 &&
		    (best < 0 || newer(ms[m].tried[k], best)))
			best = ms[m].tried[k];
	return best;
}

/* claims.json's two sides, and their names on the page */
static const char *const sides[] = { "c", "python" }, *const langs[] = {
	"C", "Python"
};

/* A side's conditions, one line. */
static void card_conditions(FILE *o, json_t *side, const char *lang)
{
	json_t *c;
	size_t i;

	if (json_array_size(json_object_get(side, "conditions")) == 0)
		return;
	fprintf(o, "  - %s:", lang);
	json_array_foreach (json_object_get(side, "conditions"), i, c) {
		json_t *v = json_object_get(c, "value");
		bool bin = !strcmp(tvp_jstr(c, "unit"), "bool");

		fprintf(o, "%s %s ", i ? ";" : "",
		        tvp_cond_words(tvp_jstr(c, "name")));
		if (bin) {
			fputs(json_is_true(json_object_get(c, "met"))
			              ? "(yes)"
			              : "(**no**)",
			      o);
			continue;
		} else if (json_is_number(v))
			fprintf(o, "%.3g (needs %s %g)", json_number_value(v),
			        needs(c), tvp_jnum(c, "needed"));
		else
			fputs("not recorded", o);
		fputs(json_is_true(json_object_get(c, "met")) ? ": met"
		                                              : ": **not met**",
		      o);
	}
	fputs("\n", o);
}

/* A figure of a side by name, or NULL. */
static json_t *side_figure(json_t *side, const char *name)
{
	json_t *f;
	size_t i;

	json_array_foreach (json_object_get(side, "figures"), i, f)
		if (!strcmp(tvp_jstr(f, "name"), name))
			return f;
	return NULL;
}

/* How an interval was taken, for a reader. */
static const char *iv_words(const char *iv)
{
	return !strcmp(iv, "order")      ? "order statistics of the median"
	       : !strcmp(iv, "quotient") ? "the quotient of the two sides' "
	                                   "95% intervals, of the ratio of "
	                                   "their medians"
	       : !strcmp(iv, "extremes") ? "the runs' extremes"
	                                 : iv;
}

/* One figure of a part on C10's card: a yes or no, a rate offered, or a
 * figure measured over rounds with its interval (the extremes of five:
 * the parts' rounds); shapes and settings stay in claims.md. */
static void part_figure(FILE *o, json_t *f, int *k)
{
	const char *name = tvp_jstr(f, "name"), *unit = tvp_jstr(f, "unit");
	json_t *v = json_object_get(f, "value");
	long long n = json_integer_value(json_object_get(f, "n"));
	bool shown = !strcmp(unit, "bool") || n > 0 ||
	             (json_is_number(v) &&
	              (strstr(name, "offered") || strstr(name, "target")));

	if (!shown)
		return; /* (a shape or a setting: claims.md has it) */
	fprintf(o, "%s `%s`", (*k)++ ? "," : "", name);
	if (!strcmp(unit, "bool"))
		fprintf(o, " %s", json_number_value(v) != 0 ? "yes" : "no");
	else if (n > 0 && json_is_number(v) &&
	         json_is_number(json_object_get(f, "lo")))
		fprintf(o,
		        " %.4g %s (the median of %lld rounds, lowest %.4g and "
		        "highest %.4g)",
		        json_number_value(v), unit, n, tvp_jnum(f, "lo"),
		        tvp_jnum(f, "hi"));
	else if (n > 0 && json_is_number(v)) /* (the target: no interval) */
		fprintf(o, " %.4g %s (from %lld rounds)", json_number_value(v),
		        unit, n);
	else if (n > 0)
		fputs(" not quoted (not every round kept up)", o);
	else
		fprintf(o, " %.4g %s", json_number_value(v), unit);
}

/* A claim judged in parts (C10) has no one number: each part's state
 * and what its rounds measured, on one line (the rates offered to every
 * compared model alike, the rates they answered, the p99 where every
 * round kept up). */
static void card_parts(FILE *o, json_t *side)
{
	json_t *p, *f, *parts = json_object_get(side, "parts");
	size_t i, j;

	if (json_array_size(parts) == 0)
		return;
	fputs("- **The numbers, part by part** (C):", o);
	json_array_foreach (parts, i, p) {
		int k = 0;
		double offered = NAN;

		fprintf(o, "%s %s (%s):", i ? ";" : "", tvp_jstr(p, "name"),
		        tvp_jstr(p, "state"));
		json_array_foreach (json_object_get(p, "figures"), j, f) {
			/* (the rate offered once where every model had the
			 * same: equal terms; each where they differ) */
			bool off = strstr(tvp_jstr(f, "name"), "offered");

			if (off && tvp_jnum(f, "value") == offered)
				continue;
			if (off)
				offered = tvp_jnum(f, "value");
			part_figure(o, f, &k);
		}
	}
	fputs("\n", o);
}

/* The figure a side's rule read, with its interval and its n. */
/* A C7 figure of one message size, and the figure that says which size
 * (NULL for any other figure, or where the side has no such size). */
static const char *const size_figures[][2] = {
	{ "process_over_thread_top", "top_size_bytes" },
	{ "process_over_thread_least", "least_size_bytes" },
	{ "process_over_thread_most", "most_size_bytes" },
	{ "process_over_thread_smallest", "smallest_size_bytes" },
	{ "process_over_thread", "largest_size_bytes" },
	{ "process_over_thread_at_open_size", "open_size_bytes" },
};

static json_t *size_of(json_t *side, const char *figure)
{
	for (size_t k = 0; k < sizeof(size_figures) / sizeof(size_figures[0]);
	     k++)
		if (!strcmp(figure, size_figures[k][0]))
			return side_figure(side, size_figures[k][1]);
	return NULL;
}

static void card_number(FILE *o, json_t *side, const char *lang)
{
	json_t *f = side_figure(side, tvp_jstr(side, "rests_on"));
	json_t *lo, *hi;

	if (f == NULL)
		return;
	lo = json_object_get(f, "lo");
	hi = json_object_get(f, "hi");
	fprintf(o, "  - %s: `%s` %.3g %s", lang, tvp_jstr(f, "name"),
	        tvp_jnum(f, "value"), tvp_jstr(f, "unit"));
	json_t *b = size_of(side, tvp_jstr(f, "name"));
	char tick[32];

	if (b != NULL) { /* (C7's figure of one message size: which) */
		tvp_size_tick(tvp_jnum(b, "value"), tick, sizeof(tick));
		fprintf(o, " at %s", tick);
	}
	long long n = json_integer_value(json_object_get(f, "n"));
	if (!strcmp(tvp_jstr(f, "interval"), "exact"))
		fprintf(o,
		        ", an exact count of %lld run%s (every update is "
		        "counted: whether any was lost needs no interval; the "
		        "share lost would move from run to run)",
		        n, n == 1 ? "" : "s");
	else if (json_is_number(lo) && json_is_number(hi))
		/* (a quotient of two 95% intervals holds the ratio of the
		 * medians at least 90% of the time: either may miss) */
		fprintf(o, " [%.4g, %.4g], %s interval (%s) over %lld",
		        json_number_value(lo), json_number_value(hi),
		        strcmp(tvp_jstr(f, "interval"), "quotient")
		                ? "95%"
		                : "an at least 90%",
		        iv_words(tvp_jstr(f, "interval")),
		        (long long)json_integer_value(json_object_get(f, "n")));
	else
		fprintf(o, ", no interval (%lld rounds or repetitions)",
		        (long long)json_integer_value(json_object_get(f, "n")));
	fprintf(o, " (this side: %s", tvp_jstr(side, "state"));
	if ((f = side_figure(side, "largest_possible")) != NULL)
		fprintf(o, "; the largest effect left possible: %.3gx",
		        tvp_jnum(f, "value"));
	fputs(")\n", o);
}

/* Why a verdict is what it is, in a sentence, from the sides' states. */
/* A side's state as a verb with the claim as its object. */
static const char *state_verb(const char *state)
{
	static const char *const w[][2] = {
		{ "supports", "supports the claim" },
		{ "partly", "supports the claim partly" },
		{ "contradicts", "contradicts the claim" },
		{ "not settled", "does not settle it yet" },
		{ "at the threshold", "sits at the rule's threshold" },
		{ "not measured", "does not measure it" },
	};

	for (size_t i = 0; i < sizeof(w) / sizeof(*w); i++)
		if (!strcmp(w[i][0], state))
			return w[i][1];
	return state;
}

/* Why C4's C side supports it only partly, where its figures say: fork
 * is costlier, as claimed, but an idle child holds little of the
 * parent's buffer (the rule's two parts, rules.c tvp_rule_copies); and
 * that a Python side which supports it measured only the first part. */
static void c4_why(FILE *o, json_t *claim)
{
	json_t *c = json_object_get(claim, "c"),
	       *p = json_object_get(claim, "python");
	json_t *r = side_figure(c, "fork_over_thread"),
	       *k = side_figure(c, "idle_child_share"),
	       *pm = side_figure(c, "parent_mib"),
	       *bm = side_figure(c, "buffer_mib"),
	       *kids = side_figure(c, "idle_children");

	if (strcmp(tvp_jstr(claim, "id"), "C4"))
		return;
	/* (two experiments, each with its size: fork timed from a parent
	 * of parent_mib, an idle child's memory over a buffer_mib buffer,
	 * the mean of the children idle at once where it says) */
	if (!strcmp(tvp_jstr(c, "state"), "partly") && r && k && pm && bm &&
	    tvp_jnum(r, "value") >= COSTLIER && tvp_jnum(k, "value") < COPIES) {
		fprintf(o,
		        " (C: a fork and reap from a %g MiB parent costs %.0fx "
		        "a thread's, as claimed, but an idle child of a %g MiB "
		        "buffer adds %.2g%% of it",
		        tvp_jnum(pm, "value"), tvp_jnum(r, "value"),
		        tvp_jnum(bm, "value"), 100 * tvp_jnum(k, "value"));
		if (kids && tvp_jnum(kids, "value") > 1)
			fprintf(o, " (the mean of %g children at once)",
			        tvp_jnum(kids, "value"));
		fputs(", not a copy: copy-on-write shares the pages until one "
		      "is written)",
		      o);
	}
	if (!strcmp(tvp_jstr(p, "state"), "partly") &&
	    !side_figure(p, "idle_child_share"))
		fputs(" (Python: creating a Process costs more, as claimed; "
		      "what a child holds is measured in C only, so Python's "
		      "side supports the claim partly)",
		      o);
}

/* Why C7's Python side supports it only partly, from its figures: the
 * process queue is SHARES behind at its worst size (the lower end of that
 * size's interval at least SHARES), and under it at an end of the range.
 * Nothing where the side is partly for another reason (every size under
 * SHARES). */
static void c7_why(FILE *o, json_t *claim)
{
	json_t *p = json_object_get(claim, "python");
	json_t *m = side_figure(p, "process_over_thread_most"),
	       *sm = side_figure(p, "most_size_bytes"), *e = NULL, *se = NULL;
	/* the lowest size settled under the line (folders from before the
	 * lowest was kept: the two ends) */
	static const char *const ends[3] = { "process_over_thread_least",
		                             "process_over_thread_smallest",
		                             "process_over_thread" };
	char x[32], y[32];

	if (strcmp(tvp_jstr(claim, "id"), "C7") ||
	    strcmp(tvp_jstr(p, "state"), "partly") || !m || !sm ||
	    !(tvp_jnum(m, "lo") >= SHARES))
		return;
	for (int k = 0; k < 3 && !e; k++) {
		json_t *f = side_figure(p, ends[k]);

		if (f && tvp_jnum(f, "hi") < SHARES) {
			e = f;
			se = size_of(p, ends[k]);
		}
	}
	if (!e || !se)
		return;
	tvp_size_tick(tvp_jnum(sm, "value"), x, sizeof(x));
	tvp_size_tick(tvp_jnum(se, "value"), y, sizeof(y));
	fprintf(o,
	        " (Python: mp.Queue %.3gx a copying thread queue at %s, "
	        "where the claim needs %.0fx, but %.3gx at %s: processes fall "
	        "that far behind at some message sizes, not at every one)",
	        tvp_jnum(m, "value"), x, SHARES, tvp_jnum(e, "value"), y);
}

/* What C5's "does not hold" was tested on, from its figures and
 * conditions: how many workers a CPU, how often each was preempted, how
 * much memory of their own against the L2 cache, and the largest slowdown
 * the run leaves possible. */
static void c5_why(FILE *o, json_t *claim)
{
	json_t *c = json_object_get(claim, "c"), *x;
	json_t *w = side_figure(c, "workers_per_cpu"),
	       *iv = side_figure(c, "procs_ivcsw_per_worker"),
	       *top = side_figure(c, "largest_possible");
	double l2 = NAN;
	size_t i;

	if (strcmp(tvp_jstr(claim, "id"), "C5") ||
	    strcmp(tvp_jstr(c, "state"), "contradicts") || !w || !iv || !top)
		return;
	json_array_foreach (json_object_get(c, "conditions"), i, x)
		if (!strcmp(tvp_jstr(x, "name"), "working_set_over_l2"))
			l2 = tvp_jnum(x, "value");
	fprintf(o,
	        " (C, as tested: %g CPU-bound workers pinned to each CPU, "
	        "each preempted about %.0f times",
	        tvp_jnum(w, "value"), tvp_jnum(iv, "value"));
	if (!isnan(l2))
		fprintf(o,
		        " and walking memory of its own, together %gx a CPU's "
		        "L2 cache",
		        l2);
	fprintf(o, ": a process took at most %.3gx its time at 1 per CPU)",
	        tvp_jnum(top, "value"));
}

/* C10's parts that were not measured, each with the first condition it
 * failed (a part's conditions are named after it: disk_...). */
static void c10_why(FILE *o, json_t *claim)
{
	json_t *c = json_object_get(claim, "c"), *part, *x;
	size_t i, j;

	if (strcmp(tvp_jstr(claim, "id"), "C10"))
		return;
	json_array_foreach (json_object_get(c, "parts"), i, part) {
		const char *name = tvp_jstr(part, "name");

		if (strcmp(tvp_jstr(part, "state"), "not measured"))
			continue;
		json_array_foreach (json_object_get(c, "conditions"), j, x) {
			const char *cn = tvp_jstr(x, "name");

			if (json_is_true(json_object_get(x, "met")) ||
			    strncmp(cn, name, strlen(name)) ||
			    cn[strlen(name)] != '_')
				continue;
			fprintf(o,
			        " (its %s part not measured: %s %.3g, where it "
			        "needs %s %g)",
			        name, tvp_cond_words(cn), tvp_jnum(x, "value"),
			        needs(x), tvp_jnum(x, "needed"));
			break;
		}
	}
}

static void card_why(FILE *o, json_t *claim)
{
	const char *v = tvp_jstr(claim, "verdict");
	json_t *c = json_object_get(claim, "c"),
	       *p = json_object_get(claim, "python"), *x;
	size_t i;

	if (!strcmp(v, "holds partly") || !strcmp(v, "holds for Python only")) {
		fprintf(o, ": C's evidence %s, Python's %s",
		        state_verb(tvp_jstr(c, "state")),
		        state_verb(tvp_jstr(p, "state")));
		c4_why(o, claim);
		c7_why(o, claim);
		c10_why(o, claim);
	} else if (!strcmp(v, "not settled")) {
		fputs(": on the rule's thresholds the run's intervals still "
		      "allow more than one outcome (or rest on too few "
		      "rounds); C's evidence ",
		      o);
		fputs(state_verb(tvp_jstr(c, "state")), o);
		json_array_foreach (json_object_get(c, "parts"), i, x)
			fprintf(o, "%s%s: %s", i ? ", " : " (",
			        tvp_jstr(x, "name"), tvp_jstr(x, "state"));
		if (json_array_size(json_object_get(c, "parts")))
			fputc(')', o);
		fprintf(o, ", Python's %s", state_verb(tvp_jstr(p, "state")));
	} else if (!strcmp(v, "does not hold"))
		c5_why(o, claim);
	else if (!strcmp(v, "not measured"))
		fputs(": the run did not create the conditions the effect "
		      "needs (above)",
		      o);
	else if (!strcmp(v, "at the threshold")) {
		fprintf(o,
		        ": a side's interval lies within %.0f%% of the line "
		        "the rule draws, so the verdict is the line itself; "
		        "C's evidence %s, Python's %s",
		        100 * TVP_AT_BAND, state_verb(tvp_jstr(c, "state")),
		        state_verb(tvp_jstr(p, "state")));
		for (int s = 0; s < 2; s++) {
			json_t *b = json_object_get(s ? p : c, "between");

			if (json_array_size(b) == 2)
				fprintf(o, " (%s: between %s and %s)",
				        s ? "Python" : "C",
				        json_string_value(json_array_get(b, 0)),
				        json_string_value(
				                json_array_get(b, 1)));
		}
	}
}

/* ---- the plots, each on its claim's card ---- */

/* Each plot with how to read it: what it would show if its claim held,
 * and what if it did not, never what this run's data does (that line
 * is observe.c's, from the plot's own data). */
static const struct {
	const char *file;
	int claim;
	const char *title, *see;
} ps[] = {
	{ "claims-c1.png", 0, "C and Python counting on the same cores",
	  "if threads could not use more than one core, every threads "
	  "line would stay flat at 1x while the processes lines climb "
	  "with the cores; a threads line that climbs too is threads "
	  "using more than one core" },
	{ "claims-c2.png", 1,
	  "what the cores bought, C and Python side by side",
	  "each bar is as high as the cores the run had (one above them "
	  "is not a possible figure: its serial baseline ran slower "
	  "than the workers' same tasks): green is the work done, the "
	  "rest is where the other cores went; if processes give true "
	  "parallelism, their bars would be mostly green in both "
	  "languages, and a threads bar mostly green too is threads "
	  "running in parallel as well (every part, per core count: "
	  "each folder's `count-account` and `pycount-account` plots)" },
	{ "claims-c3.png", 2,
	  "the seeds' Pool(5) of sleeping tasks, predicted against "
	  "measured",
	  "if threads are the right tool for waiting, the threads' "
	  "bars stand level with the predicted one, the least five "
	  "workers can take; processes level with them too means that "
	  "waiting costs a process no more than a thread" },
	{ "sleep.png", 2, "C, IO-bound: throughput by workers",
	  "if threads are the right tool for waiting, their throughput "
	  "would grow with the workers as far as processes' does, without "
	  "the processes' cost (each point's workers created in its run)" },
	{ "pysleep.png", 2, "Python, IO-bound: throughput by workers",
	  "if threads are the right tool for waiting, their throughput "
	  "grows with the workers as far as processes' does, without "
	  "the processes' cost" },
	{ "micro-spawn.png", 3,
	  "creating a worker, against the parent's memory",
	  "if creating a process is expensive, its line would sit far "
	  "above a thread's, and if a child cloned the parent's memory "
	  "it would grow with that memory while a thread's stayed "
	  "flat" },
	{ "micro-spawn-faults.png", 3,
	  "the page faults of creating a worker, against the parent's "
	  "memory",
	  "the minor faults of the parent and its child, neither of which "
	  "writes the parent's memory here, so a copy made inside fork "
	  "would not show in them: what creating a worker faults in (its "
	  "stack, the child's first pages), not whether the child copies; "
	  "whether it does is the footprint's figure on this card, what an "
	  "idle child and a writing one hold" },
	{ "micro-oversub.png", 4, "many live workers per CPU",
	  "each point is a model's time for a share of work at that many "
	  "workers per CPU over its own time at 1 per CPU, in the same "
	  "round; if too many processes slowed the system down, the "
	  "process point at the most workers would stand above the dashed "
	  "1.5x line while the thread point stayed near the dotted 1; "
	  "under the lower 1.24x line the claim is contradicted. A point "
	  "below 1 would not be a speed-up: the 1 per CPU reference is "
	  "the shorter run (a few shares a CPU, against 64 at 64 per CPU), "
	  "so a round in which something slowed it pulls the ratio "
	  "down" },
	{ "micro-oversub-memory.png", 4, "the memory the live workers hold",
	  "what the workers per CPU cost besides switching: a "
	  "process's own page tables and pages against a thread's "
	  "stack; if too many processes slowed the system down "
	  "through memory, the process line would climb far above the "
	  "thread line here before it showed in the time" },
	{ "claims-c6.png", 5,
	  "many small tasks: a worker per task against a pool",
	  "if a pool pays for processes, which cost the most to create, "
	  "their pool's bar sits far below their worker-per-task bar "
	  "(threads stand beside them where the sweep ran them: FULL "
	  "does)" },
	{ "claims-c7.png", 6,
	  "talking: a round trip, processes over threads, pair by pair",
	  "C's ring and pipes, Python's Pipe and shared array copy (or "
	  "pickle) alike on both sides, so their lines show what being two "
	  "processes costs by itself (near 1: nothing); only Python's "
	  "mp.Queue line pairs a process tool that pickles with a thread "
	  "queue that copies, so if processes had to serialise to talk, "
	  "that line would stand above the dotted 2x line at every size "
	  "(above it at some sizes only: the claim holds partly)" },
	{ "micro-ctxsw.png", 7,
	  "switching: a pipe round trip, threads against processes",
	  "if switching between processes cost more, the process bar "
	  "on one CPU would stand above the thread bar; a round trip is "
	  "two switches and four pipe calls, which cost threads and "
	  "processes alike, so the first pair's ratio is nearer 1 than "
	  "the second's, the round trips less the pipe calls timed alone "
	  "in one thread (the verdict reads each rotation's such ratio: "
	  "from 1.1x the claim holds partly, from 1.5x it holds); on two "
	  "CPUs each end waits on its own CPU and is woken there, never "
	  "switched for the other end" },
	{ "micro-race.png", 8, "updates lost without a lock",
	  "if updates are lost without a lock, the bars of `none` would be "
	  "tall for threads and processes alike, and those of every "
	  "other variant (a lock, an atomic add, a counter of each "
	  "worker's own) zero" },
	{ "server-mixed-latency.png", 9,
	  "latency at the same offered rates, the compared models",
	  "a model's p99 is low while it keeps up with the offered "
	  "rate, and the claim's event loop falls short where its p99 "
	  "crosses the dotted p99 target in some round (the whiskers: the "
	  "lowest and highest round) while the other's stays under; at a "
	  "rate a model did not keep up with in some round, the "
	  "rounds it fell behind in are a point of their own, titled with "
	  "how many (their p99 a queue that grew with the run, not the "
	  "server's latency), and the rounds it kept up in another" },
	{ "server-cold-latency.png", 9,
	  "latency at a fixed rate, reads that wait for the disk: the "
	  "event loop reading for itself against threads reading for "
	  "it",
	  "if a loop that reads from the disk stalls its connections, "
	  "its p99 would stand far above the aio threads' at the same "
	  "offered load, over the dotted p99 target; at a rate a model did not keep up with in some "
	  "round, the rounds it fell behind in are a point of their own "
	  "(their p99 a queue that grew with the run, not a stall) and "
	  "the rounds it kept up in another" },
	{ "server-conns-memory.png", 9,
	  "what a held idle connection costs each server model",
	  "if an event loop is the cheap way to hold many connections, "
	  "its line would stay low while a thread or a process per "
	  "connection costs a stack (or more) each" },
};

/* The folder whose plot p the page shows: one that measured the claim
 * first, then the most CPUs; on as many, the newest (for C1 too: an
 * older folder's one-core points, which quick sweeps no longer run, are
 * no reason to show its plot over a newer one's). -1: none has it. */
static int plot_folder(size_t p)
{
	char path[PATH_MAX + 160];
	int best = -1;

	for (int i = 0; i < nf; i++) {
		FILE *t;

		snprintf(path, sizeof(path), "%s/plots/%s", fs[i].dir,
		         ps[p].file);
		if ((t = fopen(path, "r")) == NULL)
			continue;
		fclose(t);
		if (best >= 0 && measured(&fs[best], ps[p].claim) !=
		                         measured(&fs[i], ps[p].claim)) {
			if (measured(&fs[i], ps[p].claim))
				best = i;
			continue;
		}
		if (wider(i, best))
			best = i;
	}
	return best;
}

/* Claim k's plots on its card: each image, the folder it comes from
 * (where that is not the card's), how to read it (what it would show
 * if the claim held: no word about this run's data), and what to see
 * in it, chosen from its own data (observe.c). */
static void card_plots(FILE *o, int k, int card)
{
	char png[PATH_MAX + 200], seen[4096];

	for (size_t p = 0; p < sizeof(ps) / sizeof(*ps); p++) {
		int i;

		if (ps[p].claim != k || (i = plot_folder(p)) < 0)
			continue;
		fprintf(o, "- **The plot**, %s", ps[p].title);
		if (i != card)
			fprintf(o, " (`%s`, %s: C%d *%s* there)", fs[i].name,
			        ms[fs[i].mach].label, k + 1,
			        verdict_of(&fs[i], k));
		fprintf(o, ":\n\n  ![C%d: %s](%s/plots/%s)\n\n", k + 1,
		        ps[p].title, fs[i].dir, ps[p].file);
		fprintf(o, "  *How to read it:* %s.\n", ps[p].see);
		snprintf(png, sizeof(png), "%s/plots/%s", fs[i].dir,
		         ps[p].file);
		if (tvp_observe(png, seen, sizeof(seen)))
			fprintf(o, "  *What you should see:* %s.\n", seen);
	}
}

/* Where one language's side of claim k was not measured in folder f,
 * the verdict is the other's alone: say so beside it. */
static const char *one_side(const struct folder *f, int k)
{
	json_t *c = claim_of(f, k);
	bool cm = strcmp(tvp_jstr(json_object_get(c, "c"), "state"),
	                 "not measured"),
	     pm = strcmp(tvp_jstr(json_object_get(c, "python"), "state"),
	                 "not measured");

	if (cm && !pm)
		return " (measured in C; Python not measured)";
	if (pm && !cm)
		return " (measured in Python; C not measured)";
	return "";
}

static void cards(FILE *o)
{
	fputs("## The claims, one card each\n\n", o);
	for (int k = 0; k < NCLAIMS; k++) {
		int i = card_folder(k);
		json_t *c = claim_of(&fs[nf - 1], k);

		fprintf(o, "- [C%d](#card-c%d) %s: ", k + 1, k + 1,
		        tvp_jstr(c, "statement"));
		if (i < 0)
			fputs("never measured\n", o);
		else
			fprintf(o, "**%s** on %s%s\n", verdict_of(&fs[i], k),
			        ms[fs[i].mach].name, one_side(&fs[i], k));
	}
	fputs("\n", o);
	for (int k = 0; k < NCLAIMS; k++) {
		int i = card_folder(k);
		json_t *c = claim_of(&fs[nf - 1], k);

		fprintf(o, "### <a id=\"card-c%d\"></a>C%d: %s\n\n", k + 1,
		        k + 1, tvp_jstr(c, "statement"));
		fprintf(o, "- **The seeds** (%s): %s.\n", tvp_jstr(c, "seeds"),
		        card_text[k].seed);
		fprintf(o, "- **The experiment**: %s.\n",
		        card_text[k].experiment);
		if (i < 0) {
			fputs("- **Verdict**: never measured on a published "
			      "machine.\n\n",
			      o);
			continue;
		}
		c = claim_of(&fs[i], k);
		fprintf(o, "- **Conditions** (on %s, `%s`):\n",
		        ms[fs[i].mach].name, fs[i].name);
		for (int s = 0; s < 2; s++)
			card_conditions(o, json_object_get(c, sides[s]),
			                langs[s]);
		if (!strcmp(tvp_jstr(json_object_get(c, "c"), "state"),
		            "not measured") &&
		    !strcmp(tvp_jstr(json_object_get(c, "python"), "state"),
		            "not measured") &&
		    json_array_size(json_object_get(json_object_get(c, "c"),
		                                    "conditions")) == 0)
			fputs("  - none recorded\n", o);
		fprintf(o, "- **In a few words**: %s%s%s%s\n",
		        *side_key(&fs[i], k, "c") ? "C " : "",
		        side_key(&fs[i], k, "c"),
		        *side_key(&fs[i], k, "python") ? "; Python " : "",
		        side_key(&fs[i], k, "python"));
		/* (a claim judged in parts, C10, has no one number: its
		 * parts are in the few words above) */
		if (side_figure(json_object_get(c, "c"),
		                tvp_jstr(json_object_get(c, "c"),
		                         "rests_on")) ||
		    side_figure(json_object_get(c, "python"),
		                tvp_jstr(json_object_get(c, "python"),
		                         "rests_on")))
			fputs("- **The number**:\n", o);
		for (int s = 0; s < 2; s++)
			card_number(o, json_object_get(c, sides[s]), langs[s]);
		card_parts(o, json_object_get(c, "c"));
		card_plots(o, k, i);
		fprintf(o, "- **Verdict**: [%s](%s/claims.md#c%d)",
		        verdict_of(&fs[i], k), fs[i].dir, k + 1);
		card_why(o, c);
		if (!strcmp(tvp_jstr(json_object_get(c, "python"), "state"),
		            "not measured") &&
		    strcmp(tvp_jstr(json_object_get(c, "c"), "state"),
		           "not measured"))
			fputs(" (C's evidence alone: Python has no side here, "
			      "so the rule reads C's for both)",
			      o);
		fputs(".\n\n", o);
	}
}

/* ---- how sure are we ---- */

/* The newest folder that says what its stages took (raw/stages.txt), or
 * -1. */
static int newest_staged(void)
{
	int best = -1;
	char path[PATH_MAX + 256];

	for (int i = 0; i < nf; i++) {
		snprintf(path, sizeof(path), "%s/raw/stages.txt", fs[i].dir);
		if (access(path, R_OK) == 0 && (best < 0 || newer(i, best)))
			best = i;
	}
	return best;
}

/* How long the newest folder that says so took, stage by stage (its
 * raw/stages.txt: "NAME SECONDS" lines, written by the sweep): within
 * the line before it (in_line), or as a bullet of its own. */
static void stages_line(FILE *o, bool in_line)
{
	int best = newest_staged();
	char path[PATH_MAX + 256], line[128], said[512] = "";
	FILE *f = NULL;

	if (best < 0)
		return;
	snprintf(path, sizeof(path), "%s/raw/stages.txt", fs[best].dir);
	if ((f = fopen(path, "r")) == NULL)
		return;
	long total = -1;
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		long sec;

		/* (a stage's parts, "micro/oversub", stay in the file) */
		if (sscanf(line, "%63s %ld", name, &sec) != 2 ||
		    strchr(name, '/'))
			continue;
		if (!strcmp(name, "sweep"))
			total = sec;
		else
			tvp_append(said, sizeof(said), "%s%s %ld s",
			           *said ? ", " : "", name, sec);
	}
	fclose(f);
	if (total < 0 || !*said)
		return;
	fprintf(o,
	        "%s**How long**: the newest run, `%s`, took %ld s (%s: its "
	        "`raw/stages.txt`)",
	        in_line ? " " : "- ", fs[best].name, total, said);
	/* how long its C10 points at the shared rate lasted */
	snprintf(path, sizeof(path), "%s/raw/server-rate.jsonl", fs[best].dir);
	struct tvp_rates rates = { 0 };
	char err[512];
	double ms = 0;
	if (tvp_rows_read(&tvp_schema_rate, path, &rates.v, &rates.n,
	                  &rates.have, err, sizeof(err)) != 0)
		fprintf(stderr, "tvp-report: %s\n", err);
	else
		for (size_t i = 0; i < rates.n; i++)
			if (rates.v[i].shared_rate == 1)
				ms = fmax(ms, rates.v[i].ms);
	tvp_rows_free(&tvp_schema_rate, rates.v, rates.n);
	if (ms > 0)
		fprintf(o,
		        "; each of its C10 server points at the shared "
		        "rate lasted %g s",
		        ms / 1000);
	fprintf(o, ".%s", in_line ? "" : "\n");
}

/* A serial run's CPU seconds by the CPU it was pinned to. */
struct by_cpu {
	int n;
	char id[8][16];
	double v[8][64];
	size_t nv[8];
};

static void by_cpu_add(struct by_cpu *b, const char *id, double v)
{
	int k = 0;

	while (k < b->n && strcmp(b->id[k], id))
		k++;
	if (k == b->n) {
		if (b->n == 8)
			return;
		snprintf(b->id[b->n++], sizeof(b->id[0]), "%s", id);
		b->nv[k] = 0;
	}
	if (b->nv[k] < 64)
		b->v[k][b->nv[k]++] = v;
}

/* Where the rounds on one CPU all ran slower than those on another, by
 * more than 5% in their medians: said after the drift line. (The rounds
 * take the CPUs in turn, so a drift over the sweep could part them too:
 * the words say what was seen, not why.) */
static void by_cpu_words(FILE *o, const struct by_cpu *b)
{
	int lo = -1, hi = -1;
	double m[8], top[8], low[8];

	for (int k = 0; k < b->n; k++) {
		m[k] = tvp_median(b->v[k], b->nv[k]);
		top[k] = low[k] = b->v[k][0];
		for (size_t j = 1; j < b->nv[k]; j++) {
			top[k] = fmax(top[k], b->v[k][j]);
			low[k] = fmin(low[k], b->v[k][j]);
		}
		if (b->nv[k] < 2)
			continue;
		lo = lo < 0 || m[k] < m[lo] ? k : lo;
		hi = hi < 0 || m[k] > m[hi] ? k : hi;
	}
	if (lo < 0 || lo == hi || !(m[hi] > 1.05 * m[lo]) ||
	    !(low[hi] > top[lo]))
		return;
	fprintf(o,
	        " By the CPU it ran on: %.3g s on CPU %s, %.3g s on CPU %s "
	        "(medians, %.2fx; every round on the one slower than every "
	        "round on the other), so a speedup over this serial run "
	        "reads high in the rounds it ran on CPU %s.",
	        m[hi], b->id[hi], m[lo], b->id[lo], m[hi] / m[lo], b->id[hi]);
}

/* How far one run moved from round to round in the newest staged folder:
 * the same serial run (C's count, one worker, pinned), its own line of
 * each round (raw/count-serial.rN.out.json): its CPU time (the same
 * instructions: what the host's speed moves) and its window (the CPU
 * time plus what other tasks took from it: its preemptions), each from
 * its fastest to its slowest round. */
static void drift_line(FILE *o, bool in_line)
{
	int best = newest_staged();
	char pat[PATH_MAX + 64];
	glob_t g;
	double cpu[2] = { 1e300, 0 }, win[2] = { 1e300, 0 };
	long n = 0, preempted = 0;
	struct by_cpu per = { .n = 0 };

	if (best < 0)
		goto end;
	snprintf(pat, sizeof(pat), "%s/raw/count-serial.r*.out.json",
	         fs[best].dir);
	if (glob(pat, 0, NULL, &g) != 0)
		goto end;
	for (size_t k = 0; k < g.gl_pathc; k++) {
		json_t *j = json_load_file(g.gl_pathv[k], 0, NULL);
		struct tvp_progline r = { 0 };
		char err[512];
		/* (a line the report's reader refuses is left out) */
		bool ok = j && tvp_row_of(&tvp_schema_program, j, g.gl_pathv[k],
		                          1, &r, err, sizeof(err)) == 0;
		double c = ok ? r.cpu_ns / 1e9 : NAN,
		       w = ok ? r.window_ns / 1e9 : NAN;

		if (c > 0 && w > 0) {
			by_cpu_add(&per, r.cpus, c);
			cpu[0] = c < cpu[0] ? c : cpu[0];
			cpu[1] = c > cpu[1] ? c : cpu[1];
			if (w > win[1])
				preempted = (long)r.nivcsw;
			win[0] = w < win[0] ? w : win[0];
			win[1] = w > win[1] ? w : win[1];
			n++;
		}
		tvp_row_clear(&tvp_schema_program, &r);
		json_decref(j);
	}
	globfree(&g);
	if (n < 2)
		goto end;
	fprintf(o,
	        "%s**The machine moves too**: in `%s` the same serial run "
	        "(C's count, one worker, pinned to one CPU, the next CPU each "
	        "round) used from %.3g s to %.3g s of CPU over its %ld rounds "
	        "(%.2fx: the same instructions, so the host's speed, that of "
	        "the CPU it ran on included) and took from %.3g s to %.3g s "
	        "(%.2fx; the slowest preempted %ld times: what other tasks "
	        "took from it). A verdict reads the median over the rounds, "
	        "which a few slow runs do not move, of ratios taken within a "
	        "round, which a slow spell that lasts the round moves on both "
	        "sides alike; a spell shorter than a run, or a CPU slower "
	        "than the others under the serial side alone, moves one side "
	        "only, and widens the interval instead.",
	        in_line ? " " : "- ", fs[best].name, cpu[0], cpu[1], n,
	        cpu[1] / cpu[0], win[0], win[1], win[1] / win[0], preempted);
	by_cpu_words(o, &per);
end:
	if (in_line || n >= 2)
		fputs("\n", o);
}

/* The intervals the cards' verdicts rest on: the fewest and most rounds
 * behind a median, and the narrowest and widest interval relative to its
 * figure (how far below and above it each reaches, and its claim). */
struct spans {
	long nlo, nhi;
	double wlo, whi, dn[2], up[2];
	int klo, khi;
};

static void verdict_spans(struct spans *sp)
{
	*sp = (struct spans){ .nlo = -1,
		              .nhi = -1,
		              .wlo = INFINITY,
		              .whi = -1,
		              .klo = -1,
		              .khi = -1 };
	for (int k = 0; k < NCLAIMS; k++) {
		int i = card_folder(k);

		for (int s = 0; i >= 0 && s < 2; s++) {
			json_t *side =
			        json_object_get(claim_of(&fs[i], k), sides[s]);
			json_t *f =
			        side_figure(side, tvp_jstr(side, "rests_on"));
			double v = tvp_jnum(f, "value"), lo = tvp_jnum(f, "lo"),
			       hi = tvp_jnum(f, "hi"), w = (hi - lo) / v;
			long n = (long)tvp_jnum(f, "n");

			/* (every interval a verdict rests on: the medians'
			 * and the quotients of two; a count is exact) */
			if (f == NULL || !(n > 0) || !(v > 0) || isnan(w) ||
			    (strcmp(tvp_jstr(f, "interval"), "order") &&
			     strcmp(tvp_jstr(f, "interval"), "quotient")))
				continue;
			if (!strcmp(tvp_jstr(f, "interval"), "order")) {
				sp->nlo = sp->nlo < 0 || n < sp->nlo ? n
				                                     : sp->nlo;
				sp->nhi = n > sp->nhi ? n : sp->nhi;
			}
			if (w < sp->wlo)
				sp->wlo = w, sp->klo = k,
				sp->dn[0] = (v - lo) / v,
				sp->up[0] = (hi - v) / v;
			if (w > sp->whi)
				sp->whi = w, sp->khi = k,
				sp->dn[1] = (v - lo) / v,
				sp->up[1] = (hi - v) / v;
		}
	}
}

/* The rounds C10's card rests on: the shared rate's (its first part's
 * p99) and the unloaded rung's (the target's n); 0 where not said. */
static void c10_rounds(long *shared, long *idle)
{
	int i = card_folder(9);
	size_t j;
	json_t *part;

	*shared = *idle = 0;
	if (i < 0)
		return;
	json_array_foreach (
	        json_object_get(json_object_get(claim_of(&fs[i], 9), "c"),
	                        "parts"),
	        j, part) {
		json_t *f;
		size_t k;

		json_array_foreach (json_object_get(part, "figures"), k, f) {
			const char *nm = tvp_jstr(f, "name");
			long n = (long)tvp_jnum(f, "n");
			size_t l = strlen(nm);

			if (!(n > 0))
				continue;
			if (!strcmp(nm, "p99_target_ms") && !*idle)
				*idle = n;
			else if (l > 7 && !strcmp(nm + l - 7, "_p99_ms") &&
			         !*shared)
				*shared = n;
		}
	}
}

enum { AGREE_RUNS = 3 };

/* Machine m's newest AGREE_RUNS quick folders into runs, oldest first;
 * how many. */
static int newest_quick(int m, int *runs)
{
	int nr = 0;

	for (int i = 0; i < nf; i++) {
		if (fs[i].mach != m || strcmp(fact(&fs[i], "mode"), "quick"))
			continue;
		int at = -1;

		if (nr < AGREE_RUNS)
			at = nr++;
		else /* in place of the oldest, if older than this one */
			for (int j = 0; j < nr; j++)
				if (newer(i, runs[j]) &&
				    (at < 0 || newer(runs[at], runs[j])))
					at = j;
		if (at >= 0)
			runs[at] = i;
	}
	for (int a = 1; a < nr; a++) /* (insertion sort, by date) */
		for (int b = a; b > 0 && newer(runs[b - 1], runs[b]); b--) {
			int t = runs[b];

			runs[b] = runs[b - 1];
			runs[b - 1] = t;
		}
	return nr;
}

/*
 * How the verdicts of one machine's quick sweeps on the page agree from
 * run to run: the machine of C1's card, its newest AGREE_RUNS published
 * quick folders, and per claim whether all those that judged it read
 * the same. A verdict that moves between runs of one machine moves with
 * that machine's noise. Nothing when the machine has one such folder.
 */
static void agreement_line(FILE *o)
{
	int card = card_folder(0), runs[AGREE_RUNS], nr = 0, same = 0,
	    judged = 0;
	char others[2048] = "";
	size_t w = 0;

	if (card < 0)
		return;
	nr = newest_quick(fs[card].mach, runs);
	if (nr < 2)
		return;
	for (int k = 0; k < NCLAIMS; k++) {
		int n = 0, first = -1;
		bool agree = true;

		for (int r = 0; r < nr; r++)
			if (measured(&fs[runs[r]], k)) {
				if (first < 0)
					first = runs[r];
				agree &= !strcmp(verdict_of(&fs[runs[r]], k),
				                 verdict_of(&fs[first], k));
				n++;
			}
		if (n < 2)
			continue;
		judged++;
		same += agree;
		if (agree || w >= sizeof(others))
			continue;
		w += (size_t)snprintf(others + w, sizeof(others) - w, "%sC%d (",
		                      w ? "; " : "", k + 1);
		for (int r = 0, j = 0; r < nr && w < sizeof(others); r++)
			if (measured(&fs[runs[r]], k))
				w += (size_t)snprintf(
				        others + w, sizeof(others) - w, "%s%s",
				        j++ ? ", " : "",
				        verdict_of(&fs[runs[r]], k));
		if (w < sizeof(others))
			w += (size_t)snprintf(others + w, sizeof(others) - w,
			                      ")");
	}
	const char *c0 = fact(&fs[runs[0]], "git_commit");
	bool one_commit = *c0 != '\0';
	for (int r = 1; r < nr; r++)
		one_commit &= !strcmp(fact(&fs[runs[r]], "git_commit"), c0);
	fprintf(o,
	        "- **From run to run**: the newest %d quick sweeps of %s "
	        "on this page (%s to %s, %s) read the same verdict for %d of "
	        "the %d claims two or more of them judged%s%s (*not settled* "
	        "counted as a verdict of its own): a verdict that moves "
	        "between runs moves with that machine's noise%s.\n",
	        nr, ms[fs[card].mach].name, fact(&fs[runs[0]], "date"),
	        fact(&fs[runs[nr - 1]], "date"),
	        one_commit ? "one commit of tvp"
	        : *c0      ? "different commits of tvp"
	                   : "commits not recorded",
	        same, judged, *others ? "; not for " : "", others,
	        one_commit ? " on that day's host, not another day's"
	                   : ", or with the code");
}

/* How many hardware kinds the page's machines are (by CPU model). */
static int hardware_kinds(void)
{
	int kinds = 0;

	for (int m = 0; m < nm; m++) {
		bool seen = false;

		for (int j = 0; j < m; j++)
			seen |= ms[j].any &&
			        !strcmp(fact(&fs[ms[j].newest], "cpu_model"),
			                fact(&fs[ms[m].newest], "cpu_model"));
		kinds += ms[m].any && !seen;
	}
	return kinds;
}

/*
 * What the cards' figures rest on, from the figures themselves: the
 * rounds behind them, how wide their intervals are (how far the host
 * moved between rounds), what the two unsettled words mean, and what the
 * machines are.
 */
static void how_sure(FILE *o)
{
	struct spans sp;

	verdict_spans(&sp);
	fputs("### How sure are we\n\n", o);
	if (sp.nlo > 0)
		fprintf(o,
		        "- **Rounds**: where a card's verdict rests on a "
		        "median over rounds or repetitions, there are %ld to "
		        "%ld of them, each figure taken within one round (both "
		        "sides of a ratio measured in the same round, in an "
		        "order drawn anew each round), "
		        "with the exact 95%% interval of that median (the "
		        "cards say how each other figure was taken: C9's lost "
		        "updates are counted exactly, in one run each; a figure "
		        "whose interval is \"the quotient of the two sides' "
		        "95%% intervals...\" (C3's waiting workers) divides one "
		        "median's interval by the other's, which holds the ratio "
		        "of the medians at least 90%% of the time (either may "
		        "miss), and is wider than a paired one",
		        sp.nlo, sp.nhi);
	long c10s, c10i;
	c10_rounds(&c10s, &c10i);
	if (sp.nlo > 0 && c10s > 0)
		fprintf(o,
		        "; C10's server points rest on %ld rounds at the "
		        "shared rate and %ld at the unloaded one that sets the "
		        "p99 target, each interval their lowest and highest, "
		        "which holds the median of %ld rounds %.0f%% of the "
		        "time and of %ld rounds %.0f%%, not 95%%",
		        c10s, c10i, c10s,
		        100 * (1 - 2 * pow(0.5, (double)c10s)), c10i,
		        100 * (1 - 2 * pow(0.5, (double)c10i)));
	if (sp.nlo > 0)
		fputs(").", o);
	stages_line(o, sp.nlo > 0);
	if (sp.nlo > 0)
		fputs("\n", o);
	if (sp.klo >= 0 && sp.khi >= 0)
		fprintf(o,
		        "- **How much a figure moves**: of the intervals the "
		        "cards' verdicts rest on, the narrowest runs from "
		        "%.1f%% below its figure to %.1f%% above (C%d), the "
		        "widest from %.1f%% below to %.1f%% above (C%d): how "
		        "far a run's rounds or repetitions spread (the host's "
		        "other guests and the experiment's own spread "
		        "together), and a quotient of two intervals is wider "
		        "than either (C10's, the rounds' extremes, are not "
		        "among them: they are wider).",
		        100 * sp.dn[0], 100 * sp.up[0], sp.klo + 1,
		        100 * sp.dn[1], 100 * sp.up[1], sp.khi + 1);
	drift_line(o, sp.klo >= 0 && sp.khi >= 0);
	agreement_line(o);
	fprintf(o,
	        "- **Not settled** means the interval straddles a threshold "
	        "of the rule (more rounds or a quieter machine may settle "
	        "it, or bring it within 3%% of the line; C10's, the "
	        "rounds' extremes, only widen with more rounds: a quieter "
	        "machine may); **at the threshold** "
	        "means it lies within %.0f%% of "
	        "one, a measured answer; neither is a point read as a "
	        "verdict.\n"
	        "- **The columns** are %d machines, virtual machines whose "
	        "CPUs name %d models (a guest names its CPU vaguely: two that "
	        "name one model may still differ): compare figures as ratios "
	        "within one "
	        "folder, never across machines.\n\n",
	        100 * TVP_AT_BAND, nm, hardware_kinds());
}

/* ---- where machines disagree ---- */

/* The recorded facts that may change a verdict. */
static const char *const facts[] = { "cpu_model",  "cpus",
	                             "hypervisor", "page_table_isolation",
	                             "smt",        "kernel" };
static const char *const fact_words[] = {
	"the CPU", "the CPU count", "the hypervisor", "page-table isolation",
	"SMT",     "the kernel"
};

/* A fact of the list above, as the page compares it. */
static const char *fact_value(const struct folder *f, size_t fx)
{
	static char hv[2][64];
	static int turn;

	if (strcmp(facts[fx], "hypervisor"))
		return !strcmp(facts[fx], "page_table_isolation")
		               ? pti(f)
		               : fact(f, facts[fx]);
	turn = !turn;
	hypervisor(f, hv[turn], sizeof(hv[turn]));
	return hv[turn];
}

/*
 * A fact separates the verdicts when every machine with one verdict has
 * one value of it and no two verdicts share a value.
 */
static bool separates(int k, size_t fx)
{
	for (int a = 0; a < nm; a++)
		for (int b = 0; b < nm; b++) {
			int i = settled(a, k), j = settled(b, k);

			if (a >= b || i < 0 || j < 0)
				continue;
			bool same_v = !strcmp(verdict_of(&fs[i], k),
			                      verdict_of(&fs[j], k));
			bool same_f = !strcmp(fact_value(&fs[i], fx),
			                      fact_value(&fs[j], fx));
			if (same_v != same_f)
				return false;
		}
	return true;
}

static void disagreements(FILE *o)
{
	bool any = false;

	for (int k = 0; k < NCLAIMS; k++) {
		int first = -1, differ = 0;

		for (int m = 0; m < nm; m++) {
			int i = settled(m, k);

			if (i < 0)
				continue;
			if (first < 0)
				first = i;
			else
				differ |= strcmp(verdict_of(&fs[i], k),
				                 verdict_of(&fs[first], k));
		}
		if (!differ)
			continue;
		if (!any)
			fputs("Where machines disagree (verdicts that are not "
			      "settled, or at a threshold, left aside: C8's "
			      "chart below has every machine that measured "
			      "it):\n\n",
			      o);
		any = true;
		fprintf(o, "- **C%d**:", k + 1);
		for (int m = 0, n = 0; m < nm; m++) {
			int i = settled(m, k);

			if (i >= 0)
				fprintf(o, "%s *%s* on %s", n++ ? ";" : "",
				        verdict_of(&fs[i], k), ms[m].label);
		}
		size_t fx, found = 0;
		for (fx = 0; fx < sizeof(facts) / sizeof(*facts); fx++) {
			if (!separates(k, fx))
				continue;
			fprintf(o, "%s%s (",
			        found++ ? "; and "
			                : ". What separates them in the recorded facts: ",
			        fact_words[fx]);
			for (int m = 0, n = 0; m < nm; m++) {
				int i = settled(m, k), seen = 0;

				/* each value once: it has one verdict */
				for (int e = 0; e < m && i >= 0; e++)
					seen |= settled(e, k) >= 0 &&
					        !strcmp(fact_value(
					                        &fs[settled(e,
					                                    k)],
					                        fx),
					                fact_value(&fs[i], fx));
				if (i >= 0 && !seen)
					fprintf(o, "%s%s: %s", n++ ? ", " : "",
					        fact_value(&fs[i], fx),
					        verdict_of(&fs[i], k));
			}
			fputc(')', o);
		}
		fputs(found ? ".\n"
		            : ". No recorded fact separates them: run-to-run "
		              "variation, or something tvp does not record.\n",
		      o);
	}
	if (any)
		fputc('\n', o);
}

/* ---- the key ---- */

/* What spawn cost where C4's card was measured, from its Python figure:
 * "; 125 ms a process on ..." (nothing where it was not measured). */
static void spawn_cost(FILE *o)
{
	int i = card_folder(3);
	json_t *f = i < 0 ? NULL
	                  : side_figure(json_object_get(claim_of(&fs[i], 3),
	                                                "python"),
	                                "spawn_us");
	json_t *us = json_object_get(f, "value");

	if (json_is_number(us))
		fprintf(o, ": %.0f ms a process on %s, `%s`",
		        json_number_value(us) / 1000, ms[fs[i].mach].name,
		        fs[i].name);
}

static void key_of_words(FILE *o)
{
	fputs("### The words on this page\n\n"
	      "- **thread / process**: a thread runs inside its process's "
	      "address space and shares all its memory with the other "
	      "threads; a process has an address space of its own, so "
	      "processes share only what they map or send.\n"
	      "- **GIL**: CPython's global interpreter lock: one thread runs "
	      "Python code at a time (the Python results are CPython with "
	      "the GIL unless a column says free-threaded).\n"
	      "- **fork / spawn / forkserver**: how Python starts a process: "
	      "fork copies the parent (its pages shared copy-on-write: "
	      "copied only when one side writes them), spawn starts a fresh "
	      "interpreter (macOS and Windows do this",
	      o);
	spawn_cost(o);
	fputs("), forkserver forks from a small server process.\n"
	      "- **context switch**: the CPU leaving one thread or process "
	      "for another; **false sharing**: workers writing different "
	      "variables on one cache line, which then moves between "
	      "cores.\n"
	      "- **p99**: the latency 99% of requests beat; **open loop**: "
	      "requests sent on a schedule whatever the replies do, so a "
	      "slow server is seen queueing.\n"
	      "- **speedup**: the serial run's time over the configuration's, "
	      "taken within each round (both in the same round, in an order "
	      "drawn anew each round) and the median over the rounds; the "
	      "ideal on k cores is k. Where each worker "
	      "gets the same work whatever k (the counting runs: 8 tasks a "
	      "worker), the k-worker run does k times the serial run's work "
	      "and the speedup is scaled by that (Gustafson's scaled "
	      "speedup). **efficiency**: speedup / k. **paired**: a ratio "
	      "taken within each round and its median over the rounds, "
	      "which need not equal the ratio of the two medians.\n"
	      "- **cores busy** (k x e): the CPU time a model's tasks got, "
	      "over the core time the machine gave the run (stolen time "
	      "left out), times k: how many cores the model kept busy.\n"
	      "- **interval**: the exact 95% interval of a median from the "
	      "order of the rounds' figures, with no assumption about their "
	      "distribution. A verdict is *not settled* when the interval "
	      "of its figure straddles a threshold of the rule, or rests on "
	      "fewer than 10 rounds: more runs or a quieter machine may "
	      "settle it. **at the threshold**: the interval lies within "
	      "3% of one threshold at both ends, across it or just to one "
	      "side: the figure is at the line the rule draws, measured, a "
	      "settled answer. "
	      "**not measured**: the run did not create the "
	      "conditions its effect needs (too little work per worker, "
	      "workers never preempted, ...), so its figures cannot judge "
	      "the claim either way.\n"
	      "- **PSS**: proportional set size, each page's memory divided "
	      "among the processes that share it; what a worker really "
	      "costs.\n"
	      "- **THP**: transparent huge pages (2 MiB); a parent's memory "
	      "backed by them leaves fork fewer page-table entries to copy "
	      "(the card's fork figures say whether it was).\n"
	      "- **PTI / PCID**: page-table isolation (a Meltdown defence) "
	      "changes the page tables at every entry to the kernel and "
	      "every return from it; without process-context IDs each "
	      "change flushes the TLB: a candidate cause where process "
	      "switches cost more than thread switches (C8), not a proven "
	      "one.\n"
	      "- **hybrid-pP-tT**: the server with P processes of T threads "
	      "each; **wrk -c N**: the load generator holding N "
	      "connections.\n\n",
	      o);
}

/* ---- plots ---- */

/*
 * C8 on every machine: the process/thread switch ratio each machine's
 * newest folder measured (claims.json's figure, with its interval), one
 * bar each, labelled with the facts that change it (the CPU, the
 * hypervisor, page-table isolation): ROOT/plots/c8-machines.dat/.vars.
 * Its section of the page, when two machines or more have the figure.
 */
/* Why the C8 side of folder f is not settled, for its bar's label:
 * the figure it rests on has too few repetitions for an interval, or
 * its interval straddles a line of the rule. */
static void c8_unsettled(const struct folder *f, char *out, size_t len)
{
	json_t *c = json_object_get(claim_of(f, 7), "c"), *fig;
	const char *on = tvp_jstr(c, "rests_on");
	size_t i;

	json_array_foreach (json_object_get(c, "figures"), i, fig)
		if (!strcmp(tvp_jstr(fig, "name"), on) &&
		    tvp_jnum(fig, "n") < MIN_ROUNDS) {
			snprintf(out, len, "not settled\\n%g repetitions",
			         tvp_jnum(fig, "n"));
			return;
		}
	snprintf(out, len, "not settled\\nstraddles a line");
}

/* Machine m's C8 figure (claims.json: [v, lo, hi]), or NULL. */
static json_t *c8_figure(int m)
{
	json_t *fig;

	if (ms[m].cell[7] < 0)
		return NULL;
	fig = json_object_get(json_object_get(claim_of(&fs[ms[m].cell[7]], 7),
	                                      "c"),
	                      "figure");
	return json_array_size(fig) == 3 ? fig : NULL;
}

/* The C8 chart's section of the page: how to read it, and what its
 * data shows. */
static void c8_caption(FILE *o)
{
	char png[PATH_MAX + 32], seen[2048];

	fprintf(o,
	        "### C8: switching on every machine\n\n"
	        "![C8: switching on every machine](%s/plots/"
	        "c8-machines.png)\n\n"
	        "*How to read it:* each machine has a bar of whole pipe round "
	        "trips on one CPU (two switches and four pipe calls), "
	        "processes over threads, and, from folders that timed the "
	        "pipe calls apart, one of the switches alone (the pipe calls "
	        "taken out: what the verdict reads where it is there, else "
	        "the round trips); compare machines bar with like bar; if "
	        "switching between "
	        "processes cost more, the bar the verdict reads would stand "
	        "above the %gx line on every machine (the claim holds partly; "
	        "it holds from the %gx line); where one machine's "
	        "does and another's does not, the facts under the bars say "
	        "why when they can (page-table isolation without PCID "
	        "flushes the TLB whenever the page tables change: at every "
	        "entry to and return from the kernel, and at every switch "
	        "between processes), and a machine that did not record it "
	        "cannot say; the machines differ in more than that (their "
	        "hypervisor, kernel, CPU), so such a fact is a candidate "
	        "cause, not a proven one.\n\n",
	        root, SWITCH_SOME, SWITCH_MORE);
	snprintf(png, sizeof(png), "%s/plots/c8-machines.png", root);
	if (tvp_observe(png, seen, sizeof(seen)))
		fprintf(o, "*What you should see:* %s.\n\n", seen);
}

static void c8_machines(FILE *o)
{
	struct tvp_plot pl = { 0 };
	char cpu[128], hv[64];
	int n = 0;

	for (int m = 0; m < nm; m++)
		n += c8_figure(m) != NULL;
	if (n < 2) {
		tvp_plotfiles_remove(root, "c8-machines");
		return;
	}
	if (tvp_bars_open(&pl, root, "c8-machines") != 0)
		return;
	/* two bars a machine, like with like: the whole round trips (every
	 * folder has them) and the switches alone (the pipe calls taken
	 * out: folders from 2026-12-07 on) */
	tvp_bars_series(&pl, "whole round trips");
	tvp_bars_series(&pl, "switches alone");
	for (int m = 0; m < nm; m++) {
		json_t *fig = c8_figure(m);
		const struct folder *f;
		double v[6];
		char label[400], said[64];

		if (fig == NULL)
			continue;
		f = &fs[ms[m].cell[7]];
		for (int s = 0; s < 2; s++) {
			json_t *x = side_figure(json_object_get(claim_of(f, 7),
			                                        "c"),
			                        s ? "process_over_thread_net"
			                          : "process_over_thread");
			double *b = v + (size_t)s * 3;

			b[0] = x ? tvp_jnum(x, "value") : NAN;
			b[1] = x ? tvp_jnum(x, "lo") : NAN;
			b[2] = x ? tvp_jnum(x, "hi") : NAN;
			/* (a claims.json without named figures: its one
			 * figure, the round trips') */
			for (int k = 0; s == 0 && !x && k < 3; k++)
				b[k] = json_number_value(
				        json_array_get(fig, (size_t)k));
		}
		cpu_name(f, cpu, sizeof(cpu));
		hypervisor(f, hv, sizeof(hv));
		/* (the verdict under the bar: a bar from a run that did
		 * not settle is no answer) */
		if (!strcmp(verdict_of(f, 7), "not settled"))
			c8_unsettled(f, said, sizeof(said));
		else
			snprintf(said, sizeof(said), "%s", verdict_of(f, 7));
		snprintf(label, sizeof(label),
		         "%s\\n%s CPUs, %s\\nPTI %s\\n(%s)", cpu,
		         fact(f, "cpus"), hv, pti(f), said);
		tvp_bars_row(&pl, label, v);
	}
	/* the rule's lines: partly from SWITCH_SOME, holds from
	 * SWITCH_MORE, beside the even line at 1 */
	char extra[1024];
	snprintf(extra, sizeof(extra),
	         "key = 'top center'\n"
	         "set bmargin 7\n"
	         "set arrow from graph 0, first 1 to graph 1, first 1 "
	         "nohead dt 2 lw 2 front\n"
	         "set arrow from graph 0, first %g to graph 1, first %g "
	         "nohead dt 3 lw 1 front\n"
	         "set label 'partly from %gx' at graph 0.99, first %g right "
	         "offset 0, 0.6 front\n"
	         "set arrow from graph 0, first %g to graph 1, first %g "
	         "nohead dt 3 lw 1 front\n"
	         "set label 'holds from %gx' at graph 0.99, first %g right "
	         "offset 0, 0.6 front\n",
	         SWITCH_SOME, SWITCH_SOME, SWITCH_SOME, SWITCH_SOME,
	         SWITCH_MORE, SWITCH_MORE, SWITCH_MORE, SWITCH_MORE);
	if (tvp_plot_close(&pl,
	                   "C8: processes against threads on one CPU, on "
	                   "every machine (1 = the same cost)",
	                   "", "process / thread", 0, 0, extra) != 0)
		return;
	c8_caption(o);
}

/* ---- machines ---- */

/* A folder's Python as the machines section says it. */
static const char *python_of(const struct folder *f)
{
	const char *py = fact(f, "python");

	return *py ? py : "its Python not recorded";
}

/* The line above describes a machine's newest folder; its other folders
 * may have run another compiler or Python (a server run with no Python
 * arm, an older image): each other pair once, with the folder that ran
 * it, so that a number is never read against the wrong toolchain. */
static void toolchains(FILE *o, int m)
{
	const struct folder *top = &fs[ms[m].newest];
	int said = 0;

	for (int i = 0; i < nf; i++) {
		const struct folder *f = &fs[i];
		bool seen = false;
		char c[160], py[160];

		if (f->mach != m || i == ms[m].newest)
			continue;
		snprintf(c, sizeof(c), "%s", fact(f, "compiler"));
		snprintf(py, sizeof(py), "%s", python_of(f));
		if (!strcmp(c, fact(top, "compiler")) &&
		    !strcmp(py, python_of(top)))
			continue;
		for (int j = 0; j < i && !seen; j++)
			seen = fs[j].mach == m && j != ms[m].newest &&
			       !strcmp(c, fact(&fs[j], "compiler")) &&
			       !strcmp(py, python_of(&fs[j]));
		if (seen)
			continue;
		fprintf(o, "%s`%s`: %s, %s",
		        said++ ? "; " : "Other folders: ", f->name, c, py);
	}
	if (said)
		fputs(".\n\n", o);
}

/* A folder's own note on the page, into buf: its busy mark and its
 * changes.md, each line after a space, joined into one paragraph; false
 * when it has none. */
static bool folder_note(const struct folder *f, char *buf, size_t len)
{
	char changes[sizeof(f->dir) + 16], line[4096];
	const char *busy = json_string_value(json_object_get(f->doc, "busy"));
	size_t n = 0;
	FILE *c;

	buf[0] = '\0';
	if (busy)
		n += (size_t)snprintf(buf, len, " %s", busy);
	snprintf(changes, sizeof(changes), "%s/changes.md", f->dir);
	if ((c = fopen(changes, "r")) != NULL) {
		while (fgets(line, sizeof(line), c))
			if (line[strspn(line, " \n")] != '\0' && n < len) {
				line[strcspn(line, "\n")] = '\0';
				n += (size_t)snprintf(buf + n, len - n, " %s",
				                      line);
			}
		fclose(c);
	}
	return buf[0] != '\0';
}

/* Folder i's link on the page, in a list of one or of several. */
static void folder_link(FILE *o, int i, bool alone)
{
	if (alone)
		fprintf(o,
		        "- `%s`: a %s sweep of %s. [report](%s/report.md), "
		        "[claims](%s/claims.md), raw data `%s/raw/`.",
		        fs[i].name, fact(&fs[i], "mode"), fact(&fs[i], "date"),
		        fs[i].dir, fs[i].dir, fs[i].dir);
	else
		fprintf(o,
		        " `%s` (%s, %s: [report](%s/report.md), "
		        "[claims](%s/claims.md))",
		        fs[i].name, fact(&fs[i], "mode"), fact(&fs[i], "date"),
		        fs[i].dir, fs[i].dir);
}

/* Each folder's note, read once: 0, or -1 when out of memory. */
static int read_notes(void)
{
	static char buf[32768];

	for (int i = 0; i < nf; i++)
		if (folder_note(&fs[i], buf, sizeof(buf)) &&
		    (fs[i].note = strdup(buf)) == NULL) {
			fprintf(stderr, "tvp-report: out of memory for the "
			                "notes of the folders\n");
			return -1;
		}
	return 0;
}

/* Folders i and j have a note, the same one. */
static bool same_note(int i, int j)
{
	return fs[i].note && fs[j].note && !strcmp(fs[i].note, fs[j].note);
}

/* A machine's folders: one line for each note, naming every folder that
 * has it (one, or several regenerated for one reason), then, where two
 * or more have none, one line for all of those, so that the page grows
 * by a link, not a line, with every run that has nothing new to say. */
static void folders(FILE *o, int m)
{
	int plain = 0;

	for (int i = 0; i < nf; i++)
		plain += fs[i].mach == m && !fs[i].note;
	for (int i = 0; i < nf; i++) {
		bool seen = false;
		int group = 0;

		if (fs[i].mach != m || (!fs[i].note && plain > 1))
			continue;
		for (int j = 0; j < nf; j++)
			if (fs[j].mach == m && j != i && same_note(i, j)) {
				seen |= j < i;
				group++;
			}
		if (seen)
			continue; /* (listed with the first that has it) */
		if (group == 0) {
			folder_link(o, i, true);
		} else {
			fputs("- Sweeps that share one note, raw data in each "
			      "folder's `raw/`:",
			      o);
			for (int j = i; j < nf; j++)
				if (fs[j].mach == m && same_note(i, j)) {
					fputs(j > i ? ";" : "", o);
					folder_link(o, j, false);
				}
			fputc('.', o);
		}
		fprintf(o, "%s\n", fs[i].note ? fs[i].note : "");
	}
	if (plain < 2)
		return;
	fputs("- Sweeps with no note of their own, raw data in each "
	      "folder's `raw/`:",
	      o);
	for (int i = 0, j = 0; i < nf; i++)
		if (fs[i].mach == m && !fs[i].note) {
			fputs(j++ ? ";" : "", o);
			folder_link(o, i, false);
		}
	fputs(".\n", o);
}

static void machines(FILE *o)
{
	fputs("## The machines\n\n", o);
	for (int m = 0; m < nm; m++) {
		const struct folder *f = &fs[ms[m].newest];
		char alone[512] = "";

		fprintf(o, "### %s\n\n", ms[m].label);
		fprintf(o,
		        "%s, %s CPUs (%s cores, SMT %s), %s; %s, %s; "
		        "page-table isolation %s; transparent huge pages `%s`; "
		        "%s, %s.\n\n",
		        fact(f, "cpu_model"), fact(f, "cpus"), fact(f, "cores"),
		        fact(f, "smt"), fact(f, "memory"), fact(f, "kernel"),
		        fact(f, "virtualization"), pti(f), fact(f, "thp"),
		        fact(f, "compiler"), fact(f, "python"));
		toolchains(o, m);
		/* a verdict here that every other machine measuring the
		 * claim contradicts */
		for (int k = 0; k < NCLAIMS; k++) {
			int i = settled(m, k), others = 0, same = 0;

			if (i < 0)
				continue;
			for (int n = 0; n < nm; n++)
				if (n != m && ms[n].cell[k] >= 0) {
					others++;
					same += !strcmp(
					        verdict_of(&fs[ms[n].cell[k]],
					                   k),
					        verdict_of(&fs[i], k));
				}
			if (others > 0 && same == 0)
				snprintf(alone + strlen(alone),
				         sizeof(alone) - strlen(alone),
				         "%sC%d *%s*", *alone ? ", " : "",
				         k + 1, verdict_of(&fs[i], k));
		}
		if (*alone)
			fprintf(o, "Verdicts no other machine reached: %s.",
			        alone);
		if (at_threshold(o, m, *alone) || *alone)
			fputs("\n\n", o);
		folders(o, m);
		fputc('\n', o);
	}
}

int tvp_cmd_publish(const char *list, const char *out_path)
{
	struct out o;
	char dir[PATH_MAX];
	const char *slash = strrchr(out_path, '/');
	int rc = 0;

	nf = nm = 0;
	if (load(list) != 0 || read_notes() != 0) {
		rc = 1;
		goto done;
	}
	group();
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - out_path) : 1,
	         slash ? out_path : ".");
	if (tvp_out_open(&o, dir, slash ? slash + 1 : out_path) != 0) {
		rc = 1;
		goto done;
	}
	fputs("# tvp results\n\n"
	      "Generated by `make report` from the folders in "
	      "`results/published`; never edited by hand. Every figure comes "
	      "from the raw data committed in the folder it names; compare "
	      "figures as ratios within one folder, not across machines.\n\n",
	      o.f);
	cards(o.f);
	how_sure(o.f);
	matrix(o.f);
	disagreements(o.f);
	key_of_words(o.f);
	/* (each claim's statement and seeds are on its card) */
	fputs("### The rules\n\n", o.f);
	tvp_claims_rules(o.f);
	c8_machines(o.f);
	machines(o.f);
	if (tvp_out_close(&o) != 0)
		rc = 1;
	else
		printf("tvp: wrote %s (%d folders, %d machines)\n", out_path,
		       nf, nm);
done:
	for (int i = 0; i < nf; i++) {
		json_decref(fs[i].machine);
		json_decref(fs[i].doc);
		free(fs[i].note);
		fs[i].note = NULL;
	}
	return rc;
}

int tvp_cmd_verdicts(const char *dir)
{
	char path[PATH_MAX + 16];
	json_error_t e;
	json_t *doc, *c;
	size_t i;

	snprintf(path, sizeof(path), "%s/claims.json", dir);
	doc = json_load_file(path, 0, &e);
	if (!json_is_array(json_object_get(doc, "claims"))) {
		fprintf(stderr, "tvp-report: %s: %s\n", path, e.text);
		json_decref(doc);
		return 1;
	}
	printf("tvp: the claims on %s:\n", dir);
	json_array_foreach (json_object_get(doc, "claims"), i, c) {
		const char *ck = tvp_jstr(json_object_get(c, "c"), "key");
		const char *pk = tvp_jstr(json_object_get(c, "python"), "key");

		printf("  %-4s %-22s %s%s%s%s\n", tvp_jstr(c, "id"),
		       tvp_jstr(c, "verdict"), *ck ? "C " : "", ck,
		       *pk ? (*ck ? "; Python " : "Python ") : "", pk);
	}
	json_decref(doc);
	return 0;
}

int tvp_cmd_card(const char *dir, const char *which)
{
	char path[PATH_MAX + 16];
	json_error_t e;
	json_t *doc, *c;
	char *end;
	long k = strtol(which + (*which == 'C' || *which == 'c'), &end, 10);

	if (*end || k < 1 || k > NCLAIMS) {
		fprintf(stderr, "tvp-report: card: %s: a claim is C1..C%d\n",
		        which, NCLAIMS);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/claims.json", dir);
	doc = json_load_file(path, 0, &e);
	c = json_array_get(json_object_get(doc, "claims"), (size_t)k - 1);
	if (c == NULL) {
		fprintf(stderr, "tvp-report: %s: %s\n", path,
		        doc ? "no such claim" : e.text);
		json_decref(doc);
		return 1;
	}
	printf("C%ld: %s\n\n", k, tvp_jstr(c, "statement"));
	printf("- The seeds (%s): %s.\n", tvp_jstr(c, "seeds"),
	       card_text[k - 1].seed);
	printf("- The experiment: %s.\n", card_text[k - 1].experiment);
	printf("- Conditions (%s):\n", dir);
	for (int s = 0; s < 2; s++)
		card_conditions(stdout, json_object_get(c, sides[s]), langs[s]);
	printf("- The number:\n");
	for (int s = 0; s < 2; s++)
		card_number(stdout, json_object_get(c, sides[s]), langs[s]);
	printf("- Verdict: %s", tvp_jstr(c, "verdict"));
	card_why(stdout, c);
	printf(".\n- The evidence: C: %s\n  Python: %s\n",
	       tvp_jstr(json_object_get(c, "c"), "evidence"),
	       tvp_jstr(json_object_get(c, "python"), "evidence"));
	json_decref(doc);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * main() for every bin/WORKLOAD-MODEL program: one command line, one run,
 * one result line. The model only fills results[]; the checksum, the
 * completeness check and --verify live here, once, so no model can report
 * a checksum it did not earn.
 */
#include <getopt.h>
#include <jansson.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../tvp.h"

#define MAX_WORKERS 4096
#define MAX_TASKS 1000000

enum { OPT_WORKERS = 256, OPT_TASKS, OPT_SCHEDULE, OPT_PIN, OPT_JSON,
       OPT_VERIFY, OPT_HELP, OPT_KNOB = 512 };

struct options {
	bool json, verify;
};

static const char *const schedule_names[] = { "static", "per-task", "pool" };
static const char *const schedule_help[] = {
	"static: one chunk of tasks per worker",
	"per-task: a new worker for every task",
	"pool (default): W workers pull the next task",
};
static const char *const kinds[] = { "cpu", "memory", "io" };

/* "static|pool": the schedules this model accepts. */
static const char *schedule_list(void)
{
	static char buf[64];

	buf[0] = '\0';
	for (size_t s = 0; s < 3; s++)
		if (tvp_model.schedules & TVP_SCHED_BIT(s)) {
			if (buf[0] != '\0')
				strcat(buf, "|");
			strcat(buf, schedule_names[s]);
		}
	return buf;
}

static void usage(const struct tvp_workload *wl)
{
	printf("usage: %s [--workers W] [--tasks T]", tvp_progname);
	if (tvp_model.schedules)
		printf(" [--schedule %s]", schedule_list());
	printf(" [--pin] [--json] [--verify]");
	for (const struct tvp_knob *k = wl->knobs; k->name; k++)
		printf(k->type == TVP_KNOB_FLAG ? " [--%s]" : " [--%s X]",
		       k->name);
	printf("\n\n%s (%s-bound): %s; model %s.\n\n", wl->name,
	       kinds[wl->kind], wl->summary, tvp_model.name);
	printf("  --workers W    workers (1..%d; default 1%s)\n", MAX_WORKERS,
	       tvp_model.schedules ? "" : ", the only value serial takes");
	printf("  --tasks T      tasks (1..%d; default %ld)\n", MAX_TASKS,
	       wl->default_tasks);
	for (size_t s = 0, first = 1; s < 3; s++)
		if (tvp_model.schedules & TVP_SCHED_BIT(s)) {
			printf("%s%s\n", first ? "  --schedule S   "
					   : "                 ",
			       schedule_help[s]);
			first = 0;
		}
	printf("  --pin          pin worker k to allowed CPU k mod ncpus\n"
	       "  --json         print one JSON object instead of a line\n"
	       "  --verify       recompute serially, exit 1 on a mismatch\n");
	for (const struct tvp_knob *k = wl->knobs; k->name; k++) {
		printf("  --%-12s %s", k->name, k->help);
		if (k->type == TVP_KNOB_LONG)
			printf(" (%ld..%ld; default %ld)", k->min, k->max,
			       *k->lval);
		printf("\n");
	}
	printf("\nexample: %s --workers 2 --tasks %ld --json\n", tvp_progname,
	       wl->default_tasks);
}

static void parse_knob(const struct tvp_knob *k, const char *arg)
{
	const char *err;

	switch (k->type) {
	case TVP_KNOB_FLAG:
		*k->bval = true;
		break;
	case TVP_KNOB_STR:
		if (arg[0] == '\0')
			tvp_usage_error("--%s needs a value", k->name);
		*k->sval = arg;
		break;
	case TVP_KNOB_LONG:
		err = tvp_parse_long(arg, k->min, k->max, k->lval);
		if (err != NULL)
			tvp_usage_error("--%s %s: %s (allowed %ld..%ld)",
					k->name, arg, err, k->min, k->max);
		break;
	}
}

static long parse_count(const char *opt, const char *arg, long max)
{
	long v;
	const char *err = tvp_parse_long(arg, 1, max, &v);

	if (err != NULL)
		tvp_usage_error("%s %s: %s (allowed 1..%ld)", opt, arg, err,
				max);
	return v;
}

static enum tvp_schedule parse_schedule(const char *arg)
{
	for (size_t s = 0; s < 3; s++)
		if (strcmp(arg, schedule_names[s]) == 0) {
			if (!(tvp_model.schedules & TVP_SCHED_BIT(s)))
				break;
			return (enum tvp_schedule)s;
		}
	tvp_usage_error("--schedule %s: the %s model takes %s", arg,
			tvp_model.name, schedule_list());
}

static void parse_args(int argc, char **argv, struct tvp_run *run,
		       struct options *o)
{
	const struct tvp_workload *wl = run->wl;
	static struct option longopts[64] = {
		{ "workers", required_argument, NULL, OPT_WORKERS },
		{ "tasks", required_argument, NULL, OPT_TASKS },
		{ "schedule", required_argument, NULL, OPT_SCHEDULE },
		{ "pin", no_argument, NULL, OPT_PIN },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "verify", no_argument, NULL, OPT_VERIFY },
		{ "help", no_argument, NULL, OPT_HELP },
	};
	int n = 7, c;

	for (const struct tvp_knob *k = wl->knobs; k->name && n < 63; k++, n++)
		longopts[n] = (struct option){
			k->name,
			k->type == TVP_KNOB_FLAG ? no_argument
						 : required_argument,
			NULL, OPT_KNOB + (int)(k - wl->knobs)
		};
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_WORKERS:
			run->workers = parse_count("--workers", optarg,
						   MAX_WORKERS);
			break;
		case OPT_TASKS:
			run->tasks = parse_count("--tasks", optarg, MAX_TASKS);
			break;
		case OPT_SCHEDULE:
			if (!tvp_model.schedules)
				tvp_usage_error("--schedule: the %s model has "
						"no schedules",
						tvp_model.name);
			run->schedule = parse_schedule(optarg);
			break;
		case OPT_PIN:
			run->pin = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_VERIFY:
			o->verify = true;
			break;
		case OPT_HELP:
			usage(wl);
			exit(TVP_EXIT_OK);
		case ':':
			tvp_usage_error("%s needs a value", argv[optind - 1]);
		case '?':
			tvp_usage_error("unknown option '%s'",
					argv[optind - 1]);
		default:
			parse_knob(&wl->knobs[c - OPT_KNOB], optarg);
		}
	}
	if (optind < argc)
		tvp_usage_error("unexpected argument '%s'", argv[optind]);
	if (!tvp_model.schedules && run->workers != 1)
		tvp_usage_error("--workers %ld: the %s model runs one worker",
				run->workers, tvp_model.name);
}

/* CPU time (user + system) of this process and its waited children. */
static int64_t cpu_ns(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return ((int64_t)self.ru_utime.tv_sec + self.ru_stime.tv_sec +
		kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) * 1000000000 +
	       ((int64_t)self.ru_utime.tv_usec + self.ru_stime.tv_usec +
		kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) * 1000;
}

/* Peak RSS of this process plus that of the workers it forked. */
static long maxrss_kb(const struct tvp_run *run)
{
	struct rusage ru;
	long alive = run->children < run->workers ? run->children
						   : run->workers;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss + alive * run->children_maxrss_kb;
}

static void print_result(const struct tvp_run *run, const struct options *o,
			 uint64_t checksum, int64_t setup_ns, int64_t wall_ns,
			 int64_t run_cpu_ns)
{
	const struct tvp_workload *wl = run->wl;
	const char *sched = tvp_model.schedules
				    ? schedule_names[run->schedule]
				    : "none";
	char sum[24], cpus[256];
	json_t *j, *tail;
	char *text;

	snprintf(sum, sizeof(sum), "%llu", (unsigned long long)checksum);
	tvp_cpulist(run->cpus, run->ncpus, cpus, sizeof(cpus));
	if (!o->json) {
		printf("%s %s %s workers=%ld tasks=%ld: checksum %s in %.3f s "
		       "(spawn %.3f ms, setup %.3f ms, maxrss %ld kB)\n",
		       wl->name, tvp_model.name, sched, run->workers,
		       run->tasks, sum, (double)wall_ns / 1e9,
		       (double)run->spawn_ns / 1e6, (double)setup_ns / 1e6,
		       maxrss_kb(run));
		return;
	}
	j = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "workload", wl->name,
		      "kind", kinds[wl->kind], "model", tvp_model.name,
		      "schedule", sched, "workers", (json_int_t)run->workers,
		      "tasks", (json_int_t)run->tasks);
	for (const struct tvp_knob *k = wl->knobs; k->name; k++) {
		if (k->type == TVP_KNOB_LONG)
			json_object_set_new(j, k->name,
					    json_integer(*k->lval));
		else if (k->type == TVP_KNOB_FLAG)
			json_object_set_new(j, k->name,
					    json_boolean(*k->bval));
		else
			json_object_set_new(j, k->name,
					    *k->sval ? json_string(*k->sval)
						     : json_null());
	}
	tail = json_pack(
		"{s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:i, s:b, s:b}",
		"checksum", sum, "wall_ns", (json_int_t)wall_ns, "cpu_ns",
		(json_int_t)run_cpu_ns, "setup_ns",
		(json_int_t)setup_ns, "spawn_ns", (json_int_t)run->spawn_ns,
		"maxrss_kb", (json_int_t)maxrss_kb(run), "cpus", cpus,
		"ncpus", run->ncpus, "pin", run->pin, "verified", o->verify);
	json_object_update(j, tail);
	json_decref(tail);
	if (run->hosts != NULL)
		json_object_set_new(j, "hosts", json_string(run->hosts));
	text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	puts(text);
	free(text);
	json_decref(j);
}

/* Every task delivered exactly one result: else the model is broken. */
static int check_complete(const struct tvp_run *run)
{
	for (long i = 0; i < run->tasks; i++)
		if (!run->done[i]) {
			tvp_warn("task %ld produced no result", i);
			return -1;
		}
	return 0;
}

static int verify(const struct tvp_run *run)
{
	for (long i = 0; i < run->tasks; i++) {
		uint64_t want = run->wl->task(i);

		if (want != run->results[i]) {
			tvp_warn("verify: task %ld gave %llu under %s, %llu "
				 "serially",
				 i, (unsigned long long)run->results[i],
				 tvp_model.name, (unsigned long long)want);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct tvp_run run = { .wl = tvp_workload, .workers = 1,
			       .schedule = TVP_SCHED_POOL };
	struct options o = { 0 };
	const char *bad;
	uint64_t checksum = 0;
	int64_t t0, setup_ns, wall_ns, cpu0;

	tvp_progname = basename(argv[0]);
	run.tasks = run.wl->default_tasks;
	parse_args(argc, argv, &run, &o);
	run.ncpus = tvp_cpus_allowed(&run.cpus);
	if (run.ncpus <= 0) {
		tvp_warn("sched_getaffinity: cannot read the allowed CPUs");
		return TVP_EXIT_FAIL;
	}
	if (run.wl->check != NULL && (bad = run.wl->check(&run)) != NULL)
		tvp_usage_error("%s", bad);
	run.results = calloc((size_t)run.tasks, sizeof(*run.results));
	run.done = calloc((size_t)run.tasks, 1);
	if (run.results == NULL || run.done == NULL ||
	    tvp_children_init(run.workers) != 0) {
		tvp_warn("out of memory for %ld tasks", run.tasks);
		return TVP_EXIT_FAIL;
	}
	if (tvp_signals_start(&run) != 0)
		return TVP_EXIT_FAIL;
	/* After the signal mask: threads the model starts inherit it. */
	if (tvp_model.init != NULL && tvp_model.init(&run) != 0)
		return TVP_EXIT_FAIL;

	t0 = tvp_now_ns();
	if (run.wl->setup != NULL && run.wl->setup(&run) != 0)
		tvp_abort_run(TVP_EXIT_FAIL);
	setup_ns = tvp_now_ns() - t0;

	cpu0 = cpu_ns();
	t0 = tvp_now_ns();
	if (tvp_model.run(&run) != 0)
		tvp_abort_run(TVP_EXIT_FAIL);
	wall_ns = tvp_now_ns() - t0;
	/* The CPU time of the run alone (and of MPI's other ranks). */
	cpu0 = cpu_ns() - cpu0 + run.other_cpu_ns;

	if (check_complete(&run) != 0 || (o.verify && verify(&run) != 0) ||
	    (run.wl->finish != NULL && run.wl->finish(&run) != 0))
		tvp_abort_run(TVP_EXIT_FAIL);
	for (long i = 0; i < run.tasks; i++)
		checksum += run.results[i];
	tvp_exit_lock();
	if (run.wl->teardown != NULL)
		run.wl->teardown(&run);
	print_result(&run, &o, checksum, setup_ns, wall_ns, cpu0);
	free(run.results);
	free(run.done);
	free(run.cpus);
	return fflush(stdout) == 0 ? TVP_EXIT_OK : TVP_EXIT_FAIL;
}

/* SPDX-License-Identifier: MIT */
/*
 * The command line of every bin/WORKLOAD-MODEL program: the common options,
 * the model's schedules and the workload's knobs, parsed with getopt_long
 * into a struct tvp_run. Anything wrong is one line on stderr and exit 2
 * (through tvp_exit, so the fuzzer in tests/fuzz can catch it).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../tvp.h"

#define MAX_WORKERS 4096
#define MAX_TASKS   1000000

enum {
	OPT_WORKERS = 256,
	OPT_TASKS,
	OPT_PER_WORKER,
	OPT_SCHEDULE,
	OPT_PIN,
	OPT_JSON,
	OPT_VERIFY,
	OPT_HELP,
	OPT_DESCRIBE,
	OPT_CALIBRATE,
	OPT_KNOB = 512
};

const char *const tvp_schedule_names[3] = { "static", "per-task", "pool" };
static const char *const schedule_help[] = {
	"static: one chunk of tasks per worker",
	"per-task: a new worker for every task",
	"pool (default): W workers pull the next task",
};
const char *const tvp_kind_names[3] = { "cpu", "memory", "io" };
const char *const tvp_role_names[3] = { "model", "baseline", "yardstick" };

/* "static|pool": the schedules this model accepts. */
static const char *schedule_list(void)
{
	static char buf[64];

	size_t len = 0;

	buf[0] = '\0';
	for (size_t s = 0; s < 3; s++)
		if (tvp_model.schedules & TVP_SCHED_BIT(s))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
			                        "%s%s", len ? "|" : "",
			                        tvp_schedule_names[s]);
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
	       tvp_kind_names[wl->kind], wl->summary, tvp_model.name);
	printf("  --workers W    workers (1..%d; default 1%s)\n", MAX_WORKERS,
	       tvp_model.schedules ? "" : ", the only value serial takes");
	printf("  --tasks T      tasks (1..%d; default %ld)\n", MAX_TASKS,
	       wl->default_tasks);
	if (wl->equal_tasks)
		printf("  --tasks-per-worker P  P x W tasks: the same work per "
		       "worker at any W\n");
	for (size_t s = 0, first = 1; s < 3; s++)
		if (tvp_model.schedules & TVP_SCHED_BIT(s)) {
			printf("%s%s\n",
			       first ? "  --schedule S   "
			             : "                 ",
			       schedule_help[s]);
			first = 0;
		}
	printf("  --pin          pin worker k to allowed CPU k mod ncpus\n"
	       "  --json         print one JSON object instead of a line\n"
	       "  --verify       recompute serially, exit 1 on a mismatch\n"
	       "  --describe     print what this program is (workload, model) "
	       "as JSON\n");
	if (wl->scale_knob)
		printf("  --calibrate-ms MS  print the --%s that makes one task "
		       "last MS ms here (JSON), and exit\n",
		       wl->scale_knob);
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
		if (strcmp(arg, tvp_schedule_names[s]) == 0) {
			if (!(tvp_model.schedules & TVP_SCHED_BIT(s)))
				break;
			return (enum tvp_schedule)s;
		}
	tvp_usage_error("--schedule %s: the %s model takes %s", arg,
	                tvp_model.name, schedule_list());
}

/* One option getopt_long returned (c), into run and o. */
static void one_option(int c, char **argv, struct tvp_run *run,
                       struct tvp_options *o, bool *tasks_given)
{
	const struct tvp_workload *wl = run->wl;

	switch (c) {
	case OPT_WORKERS:
		run->workers = parse_count("--workers", optarg, MAX_WORKERS);
		break;
	case OPT_TASKS:
		run->tasks = parse_count("--tasks", optarg, MAX_TASKS);
		*tasks_given = true;
		break;
	case OPT_PER_WORKER:
		if (!wl->equal_tasks)
			tvp_usage_error("--tasks-per-worker: the tasks of %s "
			                "are not all the same work",
			                wl->name);
		run->tasks_per_worker =
		        parse_count("--tasks-per-worker", optarg, MAX_TASKS);
		break;
	case OPT_SCHEDULE:
		if (!tvp_model.schedules)
			tvp_usage_error("--schedule: the %s model has no "
			                "schedules",
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
		tvp_exit(TVP_EXIT_OK);
	case OPT_DESCRIBE:
		o->describe = true;
		break;
	case OPT_CALIBRATE:
		if (wl->scale_knob == NULL)
			tvp_usage_error("--calibrate-ms: the tasks of %s have "
			                "no size to scale",
			                wl->name);
		o->calibrate_ms = parse_count("--calibrate-ms", optarg, 60000);
		break;
	case ':':
		tvp_usage_error("%s needs a value", argv[optind - 1]);
	case '?':
		tvp_usage_error("unknown option '%s'", argv[optind - 1]);
	default:
		parse_knob(&wl->knobs[c - OPT_KNOB], optarg);
	}
}

/* What the options say together: one worker for a model without
 * schedules, --tasks or --tasks-per-worker, and the tasks that makes. */
static void check_run(struct tvp_run *run, bool tasks_given)
{
	if (!tvp_model.schedules && run->workers != 1)
		tvp_usage_error("--workers %ld: the %s model runs one worker",
		                run->workers, tvp_model.name);
	if (run->tasks_per_worker > 0 && tasks_given)
		tvp_usage_error("--tasks and --tasks-per-worker: give one");
	/* (MPI's ranks are mpirun's W, the same as --workers W) */
	if (run->tasks_per_worker > 0) {
		if (run->tasks_per_worker > MAX_TASKS / run->workers)
			tvp_usage_error("--tasks-per-worker %ld: more than %d "
			                "tasks for %ld workers",
			                run->tasks_per_worker, MAX_TASKS,
			                run->workers);
		run->tasks = run->tasks_per_worker * run->workers;
	}
}

void tvp_parse_args(int argc, char **argv, struct tvp_run *run,
                    struct tvp_options *o)
{
	const struct tvp_workload *wl = run->wl;
	static struct option longopts[64] = {
		{ "workers", required_argument, NULL, OPT_WORKERS },
		{ "tasks", required_argument, NULL, OPT_TASKS },
		{ "tasks-per-worker", required_argument, NULL, OPT_PER_WORKER },
		{ "schedule", required_argument, NULL, OPT_SCHEDULE },
		{ "pin", no_argument, NULL, OPT_PIN },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "verify", no_argument, NULL, OPT_VERIFY },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "describe", no_argument, NULL, OPT_DESCRIBE },
		{ "calibrate-ms", required_argument, NULL, OPT_CALIBRATE },
	};
	int n = 10, c;
	bool tasks_given = false;

	for (const struct tvp_knob *k = wl->knobs; k->name && n < 63; k++, n++)
		longopts[n] = (struct option){
			k->name,
			k->type == TVP_KNOB_FLAG ? no_argument
			                         : required_argument,
			NULL, OPT_KNOB + (int)(k - wl->knobs)
		};
	opterr = 0;
	optind = 0; /* GNU: start afresh, even when parsed before */
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1)
		one_option(c, argv, run, o, &tasks_given);
	if (optind < argc)
		tvp_usage_error("unexpected argument '%s'", argv[optind]);
	check_run(run, tasks_given);
}

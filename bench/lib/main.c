/* SPDX-License-Identifier: MIT */
/*
 * main() for every bin/WORKLOAD-MODEL program: one command line, one run,
 * one result line. The model only fills results[]; the checksum, the
 * completeness check and --verify live here, once, so no model can report
 * a checksum it did not earn.
 */
#include <errno.h>
#include <jansson.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../tvp.h"

/* CPU time (user + system) of this process and its waited children. */
static int64_t cpu_ns(void)
{
	return tvp_cpu_ns(RUSAGE_SELF) + tvp_cpu_ns(RUSAGE_CHILDREN);
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

/* Each worker's [first_ns, last_ns, task_cpu_ns, tasks]: the timeline. */
static json_t *timeline(const struct tvp_run *run)
{
	json_t *a = json_array();

	for (long k = 0; k < run->workers; k++) {
		const struct tvp_acct *w = &run->acct[k];

		json_array_append_new(a, json_pack("[I, I, I, I]",
		                                   (json_int_t)w->first_ns,
		                                   (json_int_t)w->last_ns,
		                                   (json_int_t)w->task_cpu_ns,
		                                   (json_int_t)w->tasks));
	}
	return a;
}

/*
 * The run's window: from the first task started to the last result in
 * (wall_ns ends when the model has every result). Creating the workers
 * before the first task is outside it, as in the Python programs, so C
 * and Python are judged over the same span; spawn_ns says the rest.
 */
static int64_t window_ns(const struct tvp_run *run, int64_t wall_ns)
{
	int64_t first_ns = wall_ns;

	for (long k = 0; k < run->workers; k++)
		if (run->acct[k].tasks > 0 && run->acct[k].first_ns < first_ns)
			first_ns = run->acct[k].first_ns;
	return wall_ns - (first_ns > 0 ? first_ns : 0);
}

/* A perf count, or null where the machine did not give one. */
static json_t *count_or_null(int64_t v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

static void print_result(const struct tvp_run *run, const struct tvp_options *o,
                         uint64_t checksum, int64_t setup_ns, int64_t wall_ns,
                         int64_t run_cpu_ns, int64_t steal_ns,
                         const struct tvp_counters *c)
{
	const struct tvp_workload *wl = run->wl;
	const char *sched = tvp_model.schedules
	                            ? tvp_schedule_names[run->schedule]
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
	              "kind", tvp_kind_names[wl->kind], "model", tvp_model.name,
	              "schedule", sched, "workers", (json_int_t)run->workers,
	              "tasks", (json_int_t)run->tasks);
	for (const struct tvp_knob *k = wl->knobs; k->name; k++) {
		if (k->type == TVP_KNOB_LONG)
			json_object_set_new(j, k->name, json_integer(*k->lval));
		else if (k->type == TVP_KNOB_FLAG)
			json_object_set_new(j, k->name, json_boolean(*k->bval));
		else
			json_object_set_new(j, k->name,
			                    *k->sval ? json_string(*k->sval)
			                             : json_null());
	}
	tail = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:i, s:b, s:b}",
	                 "checksum", sum, "wall_ns", (json_int_t)wall_ns,
	                 "cpu_ns", (json_int_t)run_cpu_ns, "setup_ns",
	                 (json_int_t)setup_ns, "spawn_ns",
	                 (json_int_t)run->spawn_ns, "maxrss_kb",
	                 (json_int_t)maxrss_kb(run), "cpus", cpus, "ncpus",
	                 run->ncpus, "pin", run->pin, "verified", o->verify);
	json_object_update(j, tail);
	json_decref(tail);
	json_object_set_new(j, "task_cpu_ns",
	                    json_integer(tvp_acct_task_cpu_ns(run)));
	json_object_set_new(j, "window_ns",
	                    json_integer(window_ns(run, wall_ns)));
	json_object_set_new(j, "tasks_per_worker",
	                    count_or_null(run->tasks_per_worker > 0
	                                          ? run->tasks_per_worker
	                                          : -1));
	json_object_set_new(j, "steal_ns", json_integer(steal_ns));
	/* the counters that explain the run (counters.c), over the run */
	json_object_set_new(j, "minflt", json_integer(c->minflt));
	json_object_set_new(j, "majflt", json_integer(c->majflt));
	json_object_set_new(j, "nvcsw", json_integer(c->nvcsw));
	json_object_set_new(j, "nivcsw", json_integer(c->nivcsw));
	json_object_set_new(j, "migrations",
	                    count_or_null(c->perf[TVP_PERF_MIGRATIONS]));
	json_object_set_new(j, "cycles",
	                    count_or_null(c->perf[TVP_PERF_CYCLES]));
	json_object_set_new(j, "instructions",
	                    count_or_null(c->perf[TVP_PERF_INSTRUCTIONS]));
	json_object_set_new(j, "timeline", timeline(run));
	if (run->hosts != NULL) { /* mpi: how many ranks ran, and where */
		json_object_set_new(j, "ranks", json_integer(run->workers));
		json_object_set_new(j, "hosts", json_string(run->hosts));
	}
	text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	puts(text);
	free(text);
	json_decref(j);
}

/*
 * --describe: what this program is, for the sweep, the tests and the report
 * to discover workloads and models instead of listing them: the workload's
 * kind, knobs and small arguments, the model's role, schedules and
 * launcher. One JSON object on one line.
 */
static void describe(void)
{
	static const char *const types[] = { "long", "flag", "string" };
	const struct tvp_workload *wl = tvp_workload;
	json_t *knobs = json_array(), *scheds = json_array(), *j;
	char *text;

	for (const struct tvp_knob *k = wl->knobs; k->name; k++) {
		json_t *o = json_pack("{s:s, s:s, s:s}", "name", k->name,
		                      "type", types[k->type], "help", k->help);

		if (k->type == TVP_KNOB_LONG) {
			json_object_set_new(o, "min", json_integer(k->min));
			json_object_set_new(o, "max", json_integer(k->max));
			json_object_set_new(o, "default",
			                    json_integer(*k->lval));
		}
		json_array_append_new(knobs, o);
	}
	for (size_t s = 0; s < 3; s++)
		if (tvp_model.schedules & TVP_SCHED_BIT(s))
			json_array_append_new(
			        scheds, json_string(tvp_schedule_names[s]));
	j = json_pack(
	        "{s:{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:o, s:o}, "
	        "s:{s:s, s:s, s:o, s:o}}",
	        "workload", "name", wl->name, "kind", tvp_kind_names[wl->kind],
	        "summary", wl->summary, "default_tasks",
	        (json_int_t)wl->default_tasks, "small",
	        wl->small ? wl->small : "", "quick", wl->quick ? wl->quick : "",
	        "full", wl->full ? wl->full : "", "sweep",
	        wl->in_quick ? "quick" : "full", "knobs", knobs, "calibrate",
	        wl->scale_knob ? json_pack("{s:s, s:I}", "knob", wl->scale_knob,
	                                   "task_ms", (json_int_t)wl->task_ms)
	                       : json_null(),
	        "model", "name", tvp_model.name, "role",
	        tvp_role_names[tvp_model.role], "schedules", scheds, "launcher",
	        tvp_model.launcher ? json_string(tvp_model.launcher)
	                           : json_null());
	text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	puts(text);
	free(text);
	json_decref(j);
}

/*
 * --calibrate-ms MS: the value of the workload's scale knob that makes one
 * task last MS ms of CPU time on this machine (the thread's CPU clock:
 * what the conditions read, and what another task that preempts a probe
 * does not move), printed as JSON. The probe doubles the
 * knob from a 64th of its value until a task takes at least 100 ms, then
 * times six tasks of that size (with --pin, the k-th on allowed CPU k mod
 * the CPUs: the vCPUs of a shared machine need not run at one speed, one
 * 1.45x slower than the other was seen) and scales the fastest to MS, to
 * three significant digits: a busy moment or a slow CPU only slows a
 * probe down, so the fastest is what the machine can do, and a task sized
 * from it lasts at least MS ms on any of its CPUs. Every result goes to a
 * volatile sink: the compiler must run each task.
 */
static int calibrate(struct tvp_run *run, long ms)
{
	const struct tvp_knob *k = run->wl->knobs;
	static volatile uint64_t sink;
	long keep, v;
	double t, best = 1e300;

	while (k->name && strcmp(k->name, run->wl->scale_knob))
		k++;
	if (k->name == NULL || k->type != TVP_KNOB_LONG) {
		tvp_warn("--calibrate-ms: no long knob %s",
		         run->wl->scale_knob);
		return -1;
	}
	run->ncpus = tvp_cpus_allowed(&run->cpus);
	if (run->ncpus <= 0) {
		tvp_warn("sched_getaffinity: cannot read the allowed CPUs");
		return -1;
	}
	if (run->pin && tvp_pin_worker(run, 0) != 0)
		return -1;
	keep = *k->lval;
	v = keep / 64 > k->min ? keep / 64 : k->min;
	for (;;) {
		int64_t t0 = tvp_thread_cpu_ns();

		*k->lval = v;
		sink += run->wl->task(0);
		t = (double)(tvp_thread_cpu_ns() - t0) / 1e6;
		if (t >= 100 || v > k->max / 2)
			break;
		v *= 2;
	}
	for (int r = 0; r < 6; r++) {
		int64_t t0;

		if (run->pin && tvp_pin_worker(run, r) != 0)
			return -1;
		t0 = tvp_thread_cpu_ns();
		sink += run->wl->task(0);
		t = (double)(tvp_thread_cpu_ns() - t0) / 1e6;
		best = t < best ? t : best;
	}
	*k->lval = keep;
	/* (clamped while a double: a tiny best would overflow a long) */
	double want = (double)v * (double)ms / (best > 1e-6 ? best : 1e-6),
	       unit = 1;

	if (want > (double)k->max)
		want = (double)k->max;
	if (want < (double)k->min)
		want = (double)k->min;
	while (want / unit >= 1000)
		unit *= 10;
	long value = (long)(want / unit + 0.5) * (long)unit;

	if (value < k->min)
		value = k->min;
	if (value > k->max)
		value = k->max;
	printf("{\"calibrated\":\"%s\",\"value\":%ld,\"task_ms\":%ld,"
	       "\"probe\":%ld,\"probe_ms\":%.3f,\"pin\":%s}\n",
	       k->name, value, ms, v, best, run->pin ? "true" : "false");
	free(run->cpus);
	return 0;
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

/* Everything a run needs before its clock: the allowed CPUs, the
 * workload's own check of its options, the result arrays, the signals,
 * the model and the workers' accounts. 0, or -1 after saying why (bad
 * options exit 2 from here). */
static int prepare(struct tvp_run *run)
{
	const char *bad;

	run->ncpus = tvp_cpus_allowed(&run->cpus);
	if (run->ncpus <= 0) {
		tvp_warn("sched_getaffinity: cannot read the allowed CPUs");
		return -1;
	}
	if (run->wl->check != NULL && (bad = run->wl->check(run)) != NULL)
		tvp_usage_error("%s", bad);
	run->results = calloc((size_t)run->tasks, sizeof(*run->results));
	run->done = calloc((size_t)run->tasks, 1);
	if (run->results == NULL || run->done == NULL ||
	    tvp_children_init(run->workers) != 0) {
		tvp_warn("out of memory for %ld tasks", run->tasks);
		free(run->results);
		free(run->done);
		free(run->cpus);
		return -1;
	}
	if (tvp_signals_start(run) != 0)
		return -1;
	/* After the signal mask: threads the model starts inherit it. */
	if (tvp_model.init != NULL && tvp_model.init(run) != 0)
		return -1;
	/* After init: MPI's init sets the number of workers (ranks). */
	if (tvp_acct_init(run) != 0) {
		tvp_warn("mmap: no memory for %ld workers' accounts",
		         run->workers);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct tvp_run run = { .wl = tvp_workload,
		               .workers = 1,
		               .schedule = TVP_SCHED_POOL };
	struct tvp_options o = { 0 };
	uint64_t checksum = 0;
	int64_t t0, setup_ns, wall_ns, cpu0, steal0;
	struct tvp_counters counters;

	tvp_progname = basename(argv[0]);
	run.tasks = run.wl->default_tasks;
	tvp_parse_args(argc, argv, &run, &o);
	if (o.describe) {
		describe();
		return fflush(stdout) == 0 ? TVP_EXIT_OK : TVP_EXIT_FAIL;
	}
	if (o.calibrate_ms > 0)
		return calibrate(&run, o.calibrate_ms) == 0 &&
		                       fflush(stdout) == 0
		               ? TVP_EXIT_OK
		               : TVP_EXIT_FAIL;
	if (prepare(&run) != 0)
		return TVP_EXIT_FAIL;

	t0 = tvp_now_ns();
	if (run.wl->setup != NULL && run.wl->setup(&run) != 0)
		tvp_abort_run(TVP_EXIT_FAIL);
	setup_ns = tvp_now_ns() - t0;

	steal0 = tvp_steal_ns(run.cpus, run.ncpus);
	tvp_counters_start(&counters);
	cpu0 = cpu_ns();
	t0 = run.t0_ns = tvp_now_ns();
	if (tvp_model.run(&run) != 0)
		tvp_abort_run(TVP_EXIT_FAIL);
	wall_ns = tvp_now_ns() - t0;
	tvp_counters_stop(&counters);
	steal0 = tvp_steal_ns(run.cpus, run.ncpus) - steal0;
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
	print_result(&run, &o, checksum, setup_ns, wall_ns, cpu0, steal0,
	             &counters);
	tvp_acct_free(&run);
	free(run.results);
	free(run.done);
	free(run.cpus);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* e.g. a full disk under the results folder */
		tvp_warn("writing the result line: %s", strerror(errno));
		return TVP_EXIT_FAIL;
	}
	return TVP_EXIT_OK;
}

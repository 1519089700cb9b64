/* SPDX-License-Identifier: MIT */
/*
 * ctxsw: the cost of switching between two threads and between two
 * processes. One operation is a round trip: A writes one byte into a pipe,
 * B reads it and writes one byte back through a second pipe, A reads it
 * (as `perf bench sched pipe` and lmbench's lat_ctx do). With both pinned
 * to one CPU a round trip is two context switches, so us_per_switch is
 * half of it; on two CPUs nothing is switched out, and the figure is the
 * wake-up latency across cores instead (us_per_switch is not given).
 *
 * The partner is the same function for both variants: only its creation
 * differs, pthread_create or fork.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "micro.h"

struct pingpong {
	int to_b[2], to_a[2];
	int cpu_b;
};

/* B: echo every byte until 'q' or EOF. */
static void partner(struct pingpong *pp)
{
	char c;

	if (micro_pin(pp->cpu_b) != 0)
		tvp_task_fail("cannot pin the partner to CPU index %d",
		              pp->cpu_b);
	while (tvp_read_full(pp->to_b[0], &c, 1) == 1 && c != 'q')
		if (tvp_write_all(pp->to_a[1], &c, 1) != 0)
			break;
}

static void *partner_thread(void *arg)
{
	partner(arg);
	return NULL;
}

static void round_trips(long iters, void *cookie)
{
	struct pingpong *pp = cookie;
	char c = 'x';

	for (long i = 0; i < iters; i++)
		if (tvp_write_all(pp->to_b[1], &c, 1) != 0 ||
		    tvp_read_full(pp->to_a[0], &c, 1) != 1)
			tvp_task_fail("ping-pong: the partner is gone");
}

static bool want_threads = true, want_procs = true;
static bool want_same = true, want_two = true;

static void option(int index, const char *arg)
{
	if (index == 0) {
		want_threads = strstr(arg, "thread") != NULL;
		want_procs = strstr(arg, "process") != NULL;
		if (!want_threads && !want_procs)
			tvp_usage_error("--variants: thread and/or process");
	} else {
		want_same = strstr(arg, "one") != NULL;
		want_two = strstr(arg, "two") != NULL;
		if (!want_same && !want_two)
			tvp_usage_error("--cpus: one and/or two");
	}
}

static void measure(struct micro *m, bool procs, int cpus)
{
	struct pingpong pp = { .cpu_b = cpus == 1 ? 0 : 1 };
	struct micro_result r;
	pthread_t tid;
	pid_t pid = 0;
	json_t *p;

	if (pipe(pp.to_b) || pipe(pp.to_a))
		tvp_task_fail("pipe: %s", strerror(errno));
	if (micro_pin(0) != 0)
		tvp_task_fail("cannot pin to the first allowed CPU");
	if (procs) {
		pid = fork();
		if (pid < 0)
			tvp_task_fail("fork: %s", strerror(errno));
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			partner(&pp);
			_exit(0);
		}
	} else if (pthread_create(&tid, NULL, partner_thread, &pp) != 0) {
		tvp_task_fail("pthread_create: %s", strerror(errno));
	}
	micro_measure(m, round_trips, &pp, &r);
	tvp_write_all(pp.to_b[1], "q", 1);
	if (procs)
		waitpid(pid, NULL, 0);
	else
		pthread_join(tid, NULL);
	for (int k = 0; k < 2; k++) {
		close(pp.to_b[k]);
		close(pp.to_a[k]);
	}
	p = micro_point(m, procs ? "process" : "thread");
	json_object_set_new(p, "cpus", json_integer(cpus));
	micro_add_time(p, "us_per_roundtrip", 1e3, &r);
	if (cpus == 1)
		json_object_set_new(p, "us_per_switch",
		                    json_real(r.ns_median / 2e3));
	micro_emit(m, p);
}

int main(int argc, char **argv)
{
	static const struct micro_opt opts[] = {
		{ "variants", true },
		{ "cpus", true },
		{ 0 },
	};
	struct micro m = {
		.name = "ctxsw",
		.summary = "Pipe ping-pong round trip between two threads and "
		           "between two processes, on one CPU (two context "
		           "switches) and on two.",
		.usage = "[--variants thread,process] [--cpus one,two]",
		.example = "ctxsw --cpus one --json",
	};

	micro_parse(&m, argc, argv, opts, option);
	for (int cpus = 1; cpus <= 2; cpus++) {
		if ((cpus == 1 && !want_same) || (cpus == 2 && !want_two))
			continue;
		if (cpus == 2 && micro_ncpus() < 2) {
			tvp_warn("one CPU only: the two-CPU case is skipped");
			continue;
		}
		if (want_threads)
			measure(&m, false, cpus);
		if (want_procs)
			measure(&m, true, cpus);
	}
	return 0;
}

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
 *
 * The counter that explains it: the partner's own context switches over
 * its life (getrusage RUSAGE_THREAD, a partner being one thread in either
 * model), per round trip, voluntary (it blocked on its read) and
 * involuntary (it was preempted: on one CPU the side it wakes often
 * preempts it at once). Each side is switched out once a round trip, so
 * the two adding up to about 1 says a round trip is two switches,
 * whichever model: what differs between threads and processes is what a
 * switch costs (the address space, the TLB), not how many there are.
 * A's switches are counted too, over its round trips with that partner
 * only, so that switches_per_msg is both ends' switches per one-way
 * message: at least 1 says every message was a switch, the condition for
 * reading the figure as a switch's cost. Where each end last ran
 * (a_cpu, b_cpu) says whether both were really on one CPU.
 *
 * With both variants the comparison is the median of the paired
 * process / thread ratios (vs_thread, vs_thread_stat names it), not a
 * ratio of the two medians: quick runs take 41 rotations, enough for an
 * order-statistics interval well inside the extremes (21 left the
 * switches' own ratio, whose noise the baseline's subtraction multiplies
 * by about the round trip over what is left of it, 1.6x on the 2-vCPU
 * Xeon, straddling its line in one of three runs).
 *
 * A round trip is two switches and four pipe calls (a write and a read
 * at each end), which cost a thread and a process alike and so pull the
 * ratio towards 1. On one CPU a baseline takes them out, as lmbench's
 * lat_ctx does: one thread writing a byte into a pipe and reading it back
 * itself, twice, timed in the same rotation (thread, process, baseline),
 * so that vs_thread_net, the median of each rotation's (process -
 * baseline) / (thread - baseline), is the switches' own ratio, and
 * us_per_switch_net half of a round trip less the baseline.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "micro.h"

struct pingpong {
	int to_b[2], to_a[2];
	int cpu_b;
	long trips;       /* round trips A made, warm-ups included */
	long a_switches;  /* A's, voluntary + involuntary, over those trips */
	long *b_switches; /* MAP_SHARED: B's voluntary, involuntary, CPU */
};

#define B_SLOTS 3

static long thread_switches(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_nvcsw + ru.ru_nivcsw;
}

/* B: echo every byte until 'q' or EOF. */
static void partner(struct pingpong *pp)
{
	char c;

	if (micro_pin(pp->cpu_b) != 0)
		tvp_task_fail("cannot pin the partner to CPU index %d",
		              pp->cpu_b);
	struct rusage ru;

	while (tvp_read_full(pp->to_b[0], &c, 1) == 1 && c != 'q')
		if (tvp_write_all(pp->to_a[1], &c, 1) != 0)
			break;
	getrusage(RUSAGE_THREAD, &ru);
	pp->b_switches[0] = ru.ru_nvcsw;
	pp->b_switches[1] = ru.ru_nivcsw;
	pp->b_switches[2] = sched_getcpu();
}

/* The baseline: a round trip's four pipe calls in one thread, with no
 * switch and no wake-up (a byte written into a pipe and read back, twice). */
static void pipe_calls(long iters, void *cookie)
{
	int *fd = cookie;
	char c = 'x';

	for (long i = 0; i < iters; i++)
		for (int k = 0; k < 2; k++)
			if (tvp_write_all(fd[1], &c, 1) != 0 ||
			    tvp_read_full(fd[0], &c, 1) != 1)
				tvp_task_fail("the baseline's pipe: %s",
				              strerror(errno));
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
	long sw = thread_switches();

	for (long i = 0; i < iters; i++)
		if (tvp_write_all(pp->to_b[1], &c, 1) != 0 ||
		    tvp_read_full(pp->to_a[0], &c, 1) != 1)
			tvp_task_fail("ping-pong: the partner is gone");
	pp->trips += iters;
	pp->a_switches += thread_switches() - sw;
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

/* Start B (a thread, or a forked process) for ping-pong pp. */
static void start_partner(struct pingpong *pp, bool procs, pthread_t *tid,
                          pid_t *pid)
{
	if (pipe(pp->to_b) || pipe(pp->to_a))
		tvp_task_fail("pipe: %s", strerror(errno));
	pp->b_switches = tvp_shared_alloc(B_SLOTS * sizeof(long));
	if (pp->b_switches == NULL)
		tvp_task_fail("mmap: %s", strerror(errno));
	pp->trips = pp->a_switches = 0;
	if (procs) {
		*pid = tvp_fork(SIGKILL);
		if (*pid < 0)
			tvp_task_fail("fork: %s", strerror(errno));
		if (*pid == 0) {
			partner(pp);
			_exit(0);
		}
	} else if (pthread_create(tid, NULL, partner_thread, pp) != 0) {
		tvp_task_fail("pthread_create: %s", strerror(errno));
	}
}

static void stop_partner(struct pingpong *pp, bool procs, pthread_t tid,
                         pid_t pid)
{
	tvp_write_all(pp->to_b[1], "q", 1);
	if (procs) {
		if (tvp_reap(pid, "ping-pong partner", NULL) != 0)
			tvp_task_fail("the ping-pong partner failed");
	} else
		pthread_join(tid, NULL);
	for (int k = 0; k < 2; k++) {
		close(pp->to_b[k]);
		close(pp->to_a[k]);
	}
}

/* The baseline's figures on a point: its time a round trip, the switch
 * less it, and (on the process point) the paired net ratio. */
static void emit_net(json_t *p, const struct micro_result *r,
                     const struct micro_result *base, const double *net)
{
	json_object_set_new(p, "us_per_pipe_calls",
	                    json_real(base->ns_median / 1e3));
	json_object_set_new(p, "us_per_switch_net",
	                    json_real((r->ns_median - base->ns_median) / 2e3));
	/* (none where a rotation's thread round trip was no longer than
	 * its pipe calls: nothing left to divide by) */
	if (net == NULL || isnan(net[0]))
		return;
	json_object_set_new(p, "vs_thread_net", json_real(net[0]));
	if (!isnan(net[1])) {
		json_object_set_new(p, "vs_thread_net_lo", json_real(net[1]));
		json_object_set_new(p, "vs_thread_net_hi", json_real(net[2]));
	}
	json_object_set_new(p, "vs_thread_net_stat",
	                    json_string("median of paired (process - pipe "
	                                "calls) / (thread - pipe calls) "
	                                "ratios, 95% order-statistics "
	                                "interval"));
}

static void emit(struct micro *m, bool procs, int cpus,
                 const struct micro_result *r, const double *ratio,
                 const struct pingpong *pp, const struct micro_result *base,
                 const double *net)
{
	json_t *p = micro_point(m, procs ? "process" : "thread");

	json_object_set_new(p, "cpus", json_integer(cpus));
	if (pp->trips > 0) {
		json_object_set_new(p, "partner_vcsw_per_roundtrip",
		                    json_real((double)pp->b_switches[0] /
		                              (double)pp->trips));
		json_object_set_new(p, "partner_ivcsw_per_roundtrip",
		                    json_real((double)pp->b_switches[1] /
		                              (double)pp->trips));
		/* a round trip is two one-way messages */
		json_object_set_new(
		        p, "switches_per_msg",
		        json_real((double)(pp->a_switches + pp->b_switches[0] +
		                           pp->b_switches[1]) /
		                  (2.0 * (double)pp->trips)));
	}
	json_object_set_new(p, "a_cpu", json_integer(sched_getcpu()));
	json_object_set_new(p, "b_cpu", json_integer(pp->b_switches[2]));
	micro_add_time(p, "us_per_roundtrip", 1e3, r);
	if (cpus == 1)
		json_object_set_new(p, "us_per_switch",
		                    json_real(r->ns_median / 2e3));
	if (ratio != NULL) /* process / thread, pair by pair */
		micro_add_ratio(p, ratio, NULL,
		                "median of paired process/thread ratios, 95% "
		                "order-statistics interval");
	if (base != NULL)
		emit_net(p, r, base, net);
	micro_emit(m, p);
}

/*
 * Both variants asked for: both partners run, and their round trips are
 * timed in rotation, thread then process, so the comparison is paired.
 * One variant: it alone.
 */
static void measure(struct micro *m, int cpus)
{
	struct pingpong pt = { .cpu_b = cpus == 1 ? 0 : 1 }, pp = pt;
	struct micro_result rt, rp, rz;
	double ratio[3], net[3];
	/* the baseline: on one CPU, with both variants */
	bool base = cpus == 1 && want_threads && want_procs;
	int fd[2] = { -1, -1 };
	pthread_t tid = 0;
	pid_t pid = 0;

	if (micro_pin(0) != 0)
		tvp_task_fail("cannot pin to the first allowed CPU");
	if (want_threads)
		start_partner(&pt, false, &tid, &pid);
	if (want_procs)
		start_partner(&pp, true, &tid, &pid);
	/* one round trip each first: a partner not yet running (or not yet
   * moved to its CPU) would make the calibration's first, single trip
   * long enough to end it there */
	if (want_threads)
		round_trips(1, &pt);
	if (want_procs)
		round_trips(1, &pp);
	if (base && pipe(fd) != 0)
		tvp_task_fail("pipe: %s", strerror(errno));
	if (want_threads && want_procs
	            ? micro_measure_pair_net(m, round_trips, &pt, round_trips,
	                                     &pp, base ? pipe_calls : NULL, fd,
	                                     &rt, &rp, &rz, ratio, net)
	            : micro_measure(m, round_trips, want_threads ? &pt : &pp,
	                            want_threads ? &rt : &rp))
		tvp_task_fail("cannot time the round trips: out of memory");
	if (want_threads) {
		stop_partner(&pt, false, tid, 0);
		emit(m, false, cpus, &rt, NULL, &pt, base ? &rz : NULL, NULL);
		tvp_shared_free(pt.b_switches, B_SLOTS * sizeof(long));
	}
	if (want_procs) {
		stop_partner(&pp, true, 0, pid);
		emit(m, true, cpus, &rp, want_threads ? ratio : NULL, &pp,
		     base ? &rz : NULL, base ? net : NULL);
		tvp_shared_free(pp.b_switches, B_SLOTS * sizeof(long));
	}
	if (base) {
		close(fd[0]);
		close(fd[1]);
	}
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
		.claim = "C8",
		.quick = "--reps 41 --min-ms 10",
		.full = "--reps 41 --min-ms 20",
	};

	micro_parse(&m, argc, argv, opts, option);
	for (int cpus = 1; cpus <= 2; cpus++) {
		if ((cpus == 1 && !want_same) || (cpus == 2 && !want_two))
			continue;
		if (cpus == 2 && micro_ncpus() < 2) {
			tvp_warn("one CPU only: the two-CPU case is skipped");
			continue;
		}
		measure(&m, cpus);
	}
	return 0;
}

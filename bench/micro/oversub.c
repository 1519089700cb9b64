/* SPDX-License-Identifier: MIT */
/*
 * oversub: the same CPU-bound work (--n increments of the count kernel in
 * all) split over 1x, 2x, 4x ... 64x as many workers as there are CPUs,
 * threads vs processes. One operation is a whole run: create the workers,
 * release them together, wait for all. Memory is the sum of PSS over the
 * parent and its children, read while every worker is alive. Each
 * worker's count lands in a MAP_SHARED slot and the run checks the total.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdbool.h>

#include "micro.h"
#include "../workloads/kernels.h"

struct job {
	bool procs;
	long workers;
	long n_total;
	uint64_t *counts; /* MAP_SHARED, one per worker */
	int ready[2], gate[2];
	long pss_kib; /* sampled in the first run, -1 before */
};

struct arg {
	struct job *j;
	long w;
};

static void worker(struct job *j, long w)
{
	long lo = j->n_total * w / j->workers;
	long hi = j->n_total * (w + 1) / j->workers;
	char c;

	if (tvp_write_all(j->ready[1], "r", 1) != 0)
		return;
	tvp_read_full(j->gate[0], &c, 1); /* EOF: go */
	j->counts[w] = tvp_count_kernel(hi - lo);
}

static void *thread_main(void *p)
{
	struct arg *a = p;

	worker(a->j, a->w);
	return NULL;
}

static void run(long iters, void *cookie)
{
	struct job *j = cookie;
	pthread_t *tids = calloc((size_t)j->workers, sizeof(*tids));
	pid_t *pids = calloc((size_t)j->workers, sizeof(*pids));
	struct arg *args = calloc((size_t)j->workers, sizeof(*args));

	if (tids == NULL || pids == NULL || args == NULL)
		tvp_task_fail("out of memory for %ld workers", j->workers);
	for (long it = 0; it < iters; it++) {
		uint64_t sum = 0;
		char c;

		if (pipe(j->ready) || pipe(j->gate))
			tvp_task_fail("pipe: %s", strerror(errno));
		for (long w = 0; w < j->workers; w++) {
			args[w] = (struct arg){ j, w };
			if (!j->procs) {
				if (pthread_create(&tids[w], NULL, thread_main,
				                   &args[w]))
					tvp_task_fail("pthread_create (worker "
					              "%ld): %s",
					              w, strerror(errno));
				continue;
			}
			pids[w] = tvp_fork(SIGKILL);
			if (pids[w] < 0)
				tvp_task_fail("fork (worker %ld): %s", w,
				              strerror(errno));
			if (pids[w] == 0) {
				close(j->gate[1]);
				worker(j, w);
				_exit(0);
			}
			tvp_child_set(w, pids[w]);
		}
		for (long w = 0; w < j->workers; w++)
			if (tvp_read_full(j->ready[0], &c, 1) != 1)
				tvp_task_fail(
				        "a worker died before it started");
		if (j->pss_kib < 0) {
			j->pss_kib = micro_pss_kib(getpid());
			for (long w = 0; j->procs && w < j->workers; w++)
				j->pss_kib += micro_pss_kib(pids[w]);
		}
		close(j->gate[1]); /* every worker's read returns: go */
		for (long w = 0; w < j->workers; w++) {
			int status = 0;

			if (!j->procs) {
				pthread_join(tids[w], NULL);
				continue;
			}
			if (waitpid(pids[w], &status, 0) < 0 || status != 0)
				tvp_task_fail("worker %ld (pid %d) failed", w,
				              pids[w]);
			tvp_child_set(w, 0);
		}
		for (long w = 0; w < j->workers; w++)
			sum += j->counts[w];
		if (sum != (uint64_t)j->n_total)
			tvp_task_fail("counted %llu, want %ld",
			              (unsigned long long)sum, j->n_total);
		close(j->ready[0]);
		close(j->ready[1]);
		close(j->gate[0]);
	}
	free(args);
	free(pids);
	free(tids);
}

static long factors[8] = { 1, 2, 4, 8, 16, 32, 64 };
static int nfactors = 7;
static long n_total = 1000000000;

static void option(int index, const char *arg)
{
	const char *err;

	if (index == 0)
		nfactors = micro_list("--per-cpu", arg, factors, 8, 1, 256);
	else if ((err = tvp_parse_long(arg, 1, 1L << 40, &n_total)))
		tvp_usage_error("--n %s: %s", arg, err);
}

int main(int argc, char **argv)
{
	static const struct micro_opt opts[] = {
		{ "per-cpu", true },
		{ "n", true },
		{ 0 },
	};
	struct micro m = {
		.name = "oversub",
		.summary = "The same CPU-bound work split over 1x..64x as many "
		           "threads or processes as CPUs: time and memory.",
		.usage = "[--per-cpu 1,2,4,...,64] [--n TOTAL_INCREMENTS]",
		.example = "oversub --per-cpu 1,8,64 --n 200000000 --json",
	};
	int ncpus;
	long most = 0;
	uint64_t *counts;

	micro_parse(&m, argc, argv, opts, option);
	ncpus = micro_ncpus();
	for (int f = 0; f < nfactors; f++)
		most = factors[f] > most ? factors[f] : most;
	counts = tvp_shared_alloc(sizeof(*counts) * (size_t)(most * ncpus));
	if (counts == NULL || tvp_children_init(most * ncpus) != 0) {
		tvp_warn("out of memory");
		return TVP_EXIT_FAIL;
	}
	for (int procs = 0; procs < 2; procs++) {
		struct job js[8];
		struct micro_result rs[8];
		bool ok[8] = { false };
		double ratio[3];
		int one = -1, top = 0;

		for (int f = 0; f < nfactors; f++) {
			js[f] = (struct job){ procs,   factors[f] * ncpus,
				              n_total, counts,
				              { 0 },   { 0 },
				              -1 };
			if (factors[f] == 1)
				one = f;
			if (factors[f] > factors[top])
				top = f;
		}
		/* One per CPU against the most per CPU, in rotation: the
		 * slowdown C5 is about, paired against the machine's drift. */
		if (one >= 0 && top != one &&
		    micro_measure_pair(&m, run, &js[one], run, &js[top],
		                       &rs[one], &rs[top], ratio) == 0)
			ok[one] = ok[top] = true;
		for (int f = 0; f < nfactors; f++)
			if (!ok[f])
				ok[f] = micro_measure(&m, run, &js[f],
				                      &rs[f]) == 0;
		for (int f = 0; f < nfactors; f++) {
			json_t *p;

			if (!ok[f])
				continue;
			p = micro_point(&m, procs ? "process" : "thread");
			json_object_set_new(p, "cpus", json_integer(ncpus));
			json_object_set_new(p, "workers",
			                    json_integer(js[f].workers));
			json_object_set_new(p, "workers_per_cpu",
			                    json_integer(factors[f]));
			json_object_set_new(p, "n", json_integer(n_total));
			micro_add_time(p, "ms_per_run", 1e6, &rs[f]);
			json_object_set_new(p, "pss_kib_total",
			                    json_integer(js[f].pss_kib));
			if (f == top && one >= 0 && top != one) {
				json_object_set_new(p, "vs_one_per_cpu",
				                    json_real(ratio[0]));
				json_object_set_new(p, "vs_one_per_cpu_min",
				                    json_real(ratio[1]));
				json_object_set_new(p, "vs_one_per_cpu_max",
				                    json_real(ratio[2]));
			}
			micro_emit(&m, p);
		}
	}
	return 0;
}

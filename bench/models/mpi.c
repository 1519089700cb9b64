/* SPDX-License-Identifier: MIT */
/*
 * mpi: workers are MPI ranks - processes that mpirun starts, on this
 * machine or on several, and that share nothing but messages. It is the
 * yardstick for procs.c, and the one model here that crosses machines:
 *
 *   mpirun -np 4 bin/primes-mpi --schedule pool
 *
 * Every rank runs this whole program (command line, workload setup); the
 * model splits the tasks among the ranks and reduces the results to rank 0,
 * which alone goes on to check them and print the result line. The other
 * ranks tear their workload down and exit quietly.
 *
 *   static: rank r computes the r-th contiguous chunk, no messages at all.
 *   pool:   rank 0 hands out task numbers. A rank asks for its next task
 *           before it starts the current one, so the answer is waiting
 *           when it is done (one task of look-ahead); rank 0 computes
 *           tasks too and answers between them, so all W ranks work, as
 *           in the other models' pools.
 *
 * A rank that dies takes the job with it: mpirun notices, names the rank,
 * kills the others (SIGTERM: their cleanup runs) and exits non-zero.
 */
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../tvp.h"

enum { TAG_ASK = 1, TAG_TASK = 2 };

#if defined(__SANITIZE_ADDRESS__)
/*
 * make check-asan: Open MPI leaks its components' state at MPI_Finalize
 * (open-mpi/ompi#10048), from components it has unloaded by then, which no
 * suppression can name. Leak checking is therefore off in the MPI programs
 * only; the same workloads and library are leak-checked under every other
 * model, and ASan and UBSan stay on here.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

static int rank, size;
static int64_t init_ns;
static char hosts[1024];

/* MPI errors abort the job (MPI_ERRORS_ARE_FATAL, the default): every
 * call below either succeeds or never returns. */

/* The distinct hosts of the ranks, in rank order: "a,b". */
static void gather_hosts(void)
{
	char name[MPI_MAX_PROCESSOR_NAME] = "";
	char *all = NULL;
	int len;

	MPI_Get_processor_name(name, &len);
	if (rank == 0) {
		all = calloc((size_t)size, MPI_MAX_PROCESSOR_NAME);
		if (all == NULL) {
			MPI_Abort(MPI_COMM_WORLD, TVP_EXIT_FAIL);
			return;
		}
	}
	MPI_Gather(name, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, all,
	           MPI_MAX_PROCESSOR_NAME, MPI_CHAR, 0, MPI_COMM_WORLD);
	if (all == NULL)
		return; /* not rank 0: it alone gathers */
	for (int r = 0; r < size; r++) {
		const char *h = all + (size_t)r * MPI_MAX_PROCESSOR_NAME;
		size_t used = strlen(hosts);
		int seen = 0;

		for (int q = 0; q < r && !seen; q++)
			seen = !strcmp(
			        h, all + (size_t)q * MPI_MAX_PROCESSOR_NAME);
		if (!seen)
			snprintf(hosts + used, sizeof(hosts) - used, "%s%s",
			         used ? "," : "", h);
	}
	free(all);
}

static int init(struct tvp_run *run)
{
	int64_t t0 = tvp_now_ns();

	if (MPI_Init(NULL, NULL) != MPI_SUCCESS) {
		tvp_warn("MPI_Init failed");
		return -1;
	}
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	init_ns = tvp_now_ns() - t0;
	if (run->workers != 1 && run->workers != size) {
		/* Every rank sees the same mismatch: rank 0 alone says it. */
		if (rank == 0)
			tvp_warn("--workers %ld, but mpirun started %d ranks: "
			         "run mpirun -np %ld (or leave --workers out)",
			         run->workers, size, run->workers);
		MPI_Finalize();
		exit(TVP_EXIT_USAGE);
	}
	run->workers = size;
	gather_hosts();
	return 0;
}

static void compute(struct tvp_run *run, long i)
{
	tvp_run_task(run, rank, i);
}

/* Rank 0's side of the pool: compute, and answer every ask in between. */
static void pool_root(struct tvp_run *run)
{
	long next = 0, answered_last = 0, ask, none = -1;
	MPI_Request req;
	MPI_Status st;
	int got;

	MPI_Irecv(&ask, 1, MPI_LONG, MPI_ANY_SOURCE, TAG_ASK, MPI_COMM_WORLD,
	          &req);
	while (answered_last < size - 1) {
		MPI_Test(&req, &got, &st);
		if (!got && next >= run->tasks) {
			/* Nothing left to compute here: wait for the asks. */
			MPI_Wait(&req, &st);
			got = 1;
		}
		if (got) {
			long *give = next < run->tasks ? &next : &none;

			MPI_Send(give, 1, MPI_LONG, st.MPI_SOURCE, TAG_TASK,
			         MPI_COMM_WORLD);
			if (give == &next)
				next++;
			else
				answered_last++;
			/* req completed above (MPI_Test/MPI_Wait): post anew */
			// NOLINTNEXTLINE(clang-analyzer-optin.mpi.MPI-Checker)
			MPI_Irecv(&ask, 1, MPI_LONG, MPI_ANY_SOURCE, TAG_ASK,
			          MPI_COMM_WORLD, &req);
			continue;
		}
		compute(run, next++);
	}
	/* Every rank has been told to stop: no ask can come any more. */
	MPI_Cancel(&req);
	MPI_Wait(&req, MPI_STATUS_IGNORE);
}

/* Another rank's side: ask ahead, compute, collect the next answer. */
static void pool_worker(struct tvp_run *run)
{
	long ask = rank, task, next;

	MPI_Send(&ask, 1, MPI_LONG, 0, TAG_ASK, MPI_COMM_WORLD);
	MPI_Recv(&task, 1, MPI_LONG, 0, TAG_TASK, MPI_COMM_WORLD,
	         MPI_STATUS_IGNORE);
	while (task >= 0) {
		MPI_Send(&ask, 1, MPI_LONG, 0, TAG_ASK, MPI_COMM_WORLD);
		compute(run, task);
		MPI_Recv(&next, 1, MPI_LONG, 0, TAG_TASK, MPI_COMM_WORLD,
		         MPI_STATUS_IGNORE);
		task = next;
	}
}

/* Rank 0 gets every result; the others' CPU time and peak memory too. */
static void reduce(struct tvp_run *run, int64_t cpu_ns)
{
	long long cpu = rank == 0 ? 0 : cpu_ns, cpu_sum = 0;
	struct rusage ru;
	long rss, rss_max = 0;

	getrusage(RUSAGE_SELF, &ru);
	rss = rank == 0 ? 0 : ru.ru_maxrss;
	/* MPI counts are ints: main caps --tasks at 1,000,000. */
	MPI_Reduce(rank == 0 ? MPI_IN_PLACE : run->results, run->results,
	           (int)run->tasks, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
	MPI_Reduce(rank == 0 ? MPI_IN_PLACE : run->done, run->done,
	           (int)run->tasks, MPI_UNSIGNED_CHAR, MPI_SUM, 0,
	           MPI_COMM_WORLD);
	MPI_Reduce(&cpu, &cpu_sum, 1, MPI_LONG_LONG, MPI_SUM, 0,
	           MPI_COMM_WORLD);
	MPI_Reduce(&rss, &rss_max, 1, MPI_LONG, MPI_MAX, 0, MPI_COMM_WORLD);
	/* Each rank filled its own account slot, the others are zero; each
	 * rank's times count from its own start, after the common barrier. */
	MPI_Reduce(rank == 0 ? MPI_IN_PLACE : run->acct, run->acct,
	           (int)(size * sizeof(*run->acct) / sizeof(int64_t)),
	           MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
	if (rank == 0) {
		run->other_cpu_ns = cpu_sum;
		run->children = size - 1;
		run->children_maxrss_kb = rss_max;
	}
}

static int run_model(struct tvp_run *run)
{
	int64_t cpu0;
	long W = size, T = run->tasks;

	if (tvp_pin_worker(run, rank) != 0)
		tvp_task_fail("rank %d: cannot pin: sched_setaffinity", rank);
	/* The start gate: every rank has set its workload up. */
	MPI_Barrier(MPI_COMM_WORLD);
	cpu0 = tvp_cpu_ns(RUSAGE_SELF);
	if (run->schedule == TVP_SCHED_STATIC || W == 1)
		for (long i = T * rank / W; i < T * (rank + 1) / W; i++)
			compute(run, i);
	else if (rank == 0)
		pool_root(run);
	else
		pool_worker(run);
	reduce(run, tvp_cpu_ns(RUSAGE_SELF) - cpu0);

	if (rank != 0) {
		/* Rank 0 reports; this rank leaves without a word. */
		tvp_exit_lock();
		if (run->wl->teardown != NULL)
			run->wl->teardown(run);
		MPI_Finalize();
		exit(TVP_EXIT_OK);
	}
	MPI_Finalize();
	/* The ranks were started by mpirun before this program ran: what
	 * starting them cost here is MPI_Init's share. */
	run->spawn_ns = init_ns;
	run->hosts = hosts;
	for (long i = 0; i < T; i++)
		if (run->done[i] > 1) {
			tvp_warn("task %ld was computed by %d ranks", i,
			         run->done[i]);
			return -1;
		}
	return 0;
}

const struct tvp_model tvp_model = {
	.name = "mpi",
	.role = TVP_ROLE_YARDSTICK,
	.launcher = "scripts/mpirun.sh",
	.schedules = TVP_SCHED_BIT(TVP_SCHED_STATIC) |
	             TVP_SCHED_BIT(TVP_SCHED_POOL),
	.init = init,
	.run = run_model,
};

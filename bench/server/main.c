/* SPDX-License-Identifier: MIT */
/*
 * tvp-server - one small HTTP/1.1 server in five shapes, to measure what
 * servers do with threads, processes and events (claim C10):
 *
 *   serial   one process, one connection at a time
 *   threads  one process, a pool of W threads
 *   prefork  a master and W forked worker processes that share the
 *            listening socket (Apache prefork); the master starts a new
 *            worker when one dies
 *   hybrid   a master and P processes of T threads each (Apache worker)
 *   event    a master and W worker processes, each one thread running an
 *            event loop over all its connections (nginx)
 *
 * In the first four a worker serves one connection at a time (pool.c,
 * conn.c); in the event model one loop serves them all (event.c). The
 * files and what they share: server.h.
 *
 * Listens on 127.0.0.1 only. SIGINT/SIGTERM: stop accepting, finish the
 * response in hand, reap every child, exit 0.
 *
 * main.c: the command line, and the model to run: a backend of the table
 * below. What the models share (configuration, counters, listening
 * socket, stop) is state.c's.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tvp.h"
#include "server.h"

/*
 * The five models, each a backend: its name, and how one process of it
 * serves (a pool of threads that block on a connection each, or one event
 * loop over all of them); a model that forks runs that in each worker
 * process, under run_master.
 */
static const struct backend {
	const char *name;
	bool forks;
	serve_fn serve;
} backends[MODELS] = {
	[SERIAL] = { "serial", false, run_threads },
	[THREADS] = { "threads", false, run_threads },
	[PREFORK] = { "prefork", true, run_threads },
	[HYBRID] = { "hybrid", true, run_threads },
	[EVENT] = { "event", true, run_event },
};

/*
 * The bytes this process and its reaped children had the storage layer
 * fetch (/proc/self/io read_bytes: what the page cache did not hold), or
 * -1 where the kernel does not count them. At exit, every worker reaped.
 */
static long long read_bytes(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	char line[128];
	long long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "read_bytes: %lld", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

/* ---- the command line ---- */

#define HYBRID_THREADS 4                  /* threads per hybrid process */
#define MAX_DATA_KIB   (4L * 1024 * 1024) /* the data set: 4 GiB at most */

static _Noreturn void usage(void)
{
	printf("usage: tvp-server [--model serial|threads|prefork|hybrid|event]"
	       "\n                  [--workers W] [--threads T] "
	       "[--aio-threads N]\n"
	       "                  [--port P] [--cpu N] [--sleep-ms MS] "
	       "[--files N] [--file-kib K]\n"
	       "                  [--keepalive N] [--idle-ms MS] [--backlog N] "
	       "[--crash-path] [--cold] [--json]\n"
	       "An HTTP/1.1 server on 127.0.0.1 for measuring threads against "
	       "processes.\n"
	       "  --model M      serial: one connection at a time; threads: W "
	       "threads;\n"
	       "                 prefork: W worker processes; hybrid: W processes"
	       " x T threads;\n"
	       "                 event: W processes, each one thread running an"
	       " event loop\n"
	       "  --workers W    threads or processes (default: the CPUs "
	       "allowed; serial: 1)\n"
	       "  --threads T    threads per process, hybrid only (default 4)\n"
	       "  --aio-threads N  event only: N threads per process read the "
	       "files, so that\n"
	       "                 the loop does not wait for a disk (default 0: "
	       "the loop reads)\n"
	       "  --port P       the port, 0 for any free one (default 0); the "
	       "first line\n"
	       "                 on stdout says where it listens\n"
	       "  --cpu N        per request, count the primes below N (default "
	       "20000; 0: none)\n"
	       "  --sleep-ms MS  per request, wait MS milliseconds (default 0)\n"
	       "  --files N      the data set: N files, GET /data/0 ... "
	       "/data/N-1 (default 64)\n"
	       "  --file-kib K   each file's size in KiB (default 4)\n"
	       "  --cold         read every file from the disk: its pages leave "
	       "the page\n"
	       "                 cache before each read (TMPDIR on a disk, not "
	       "tmpfs)\n"
	       "  --keepalive N  requests per connection at most (default 100)\n"
	       "  --idle-ms MS   close a connection idle, or a request head "
	       "unfinished, this\n"
	       "                 long (default 5000; a partial head gets 408)\n"
	       "  --backlog N    connections waiting to be accepted (default "
	       "128)\n"
	       "  --crash-path   GET /crash ends the process of the worker that "
	       "takes it\n"
	       "  --json         at exit, print the counts as one JSON line\n");
	tvp_exit(TVP_EXIT_OK);
}

static long number(const char *opt, const char *s, long min, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);

	if (errno || end == s || *end || v < min || v > max)
		tvp_usage_error("%s %s: need a whole number from %ld to %ld",
		                opt, s, min, max);
	return v;
}

/* --model NAME: the backend of that name, or a usage error. */
static void parse_model(const char *name)
{
	int i = 0;

	while (i < MODELS && strcmp(name, backends[i].name))
		i++;
	if (i == MODELS)
		tvp_usage_error("--model %s: not one of serial, threads, "
		                "prefork, hybrid, event",
		                name);
	cfg.model = (enum model)i;
	cfg.model_name = backends[i].name;
}

/* The options that set a number of the configuration, and their ranges. */
static const struct number_opt {
	int key; /* getopt_long's answer for it */
	const char *name;
	long *value;
	long min, max;
} number_opts[] = {
	{ 'o', "--aio-threads", &cfg.aio_threads, 0, 64 },
	{ 'p', "--port", &cfg.port, 0, 65535 },
	{ 'c', "--cpu", &cfg.cpu_n, 0, 1000000000 },
	{ 's', "--sleep-ms", &cfg.sleep_ms, 0, 60000 },
	{ 'f', "--files", &cfg.files, 1, 100000 },
	{ 'k', "--file-kib", &cfg.file_kib, 0, 65536 },
	{ 'a', "--keepalive", &cfg.keepalive, 1, LONG_MAX },
	{ 'i', "--idle-ms", &cfg.idle_ms, 1, 3600000 },
	{ 'b', "--backlog", &cfg.backlog, 1, 65535 },
};

/* One option, key as getopt_long answered it. --workers and --threads
 * wait in *workers and *threads until the model is known. */
static void parse_option(int key, char **argv, long *workers, long *threads)
{
	switch (key) {
	case 'm':
		parse_model(optarg);
		return;
	case 'w':
		*workers = number("--workers", optarg, 1, 100000);
		return;
	case 't':
		*threads = number("--threads", optarg, 1, 1024);
		return;
	case 'C':
		cfg.cold = true;
		return;
	case 'x':
		cfg.crash_path = true;
		return;
	case 'j':
		cfg.json = true;
		return;
	case 'h':
		usage();
	default:
		break;
	}
	for (size_t i = 0; i < sizeof(number_opts) / sizeof(*number_opts); i++)
		if (number_opts[i].key == key) {
			*number_opts[i].value =
			        number(number_opts[i].name, optarg,
			               number_opts[i].min, number_opts[i].max);
			return;
		}
	tvp_usage_error("%s: unknown option, or its value is missing",
	                argv[optind - 1]);
}

/* Processes x threads for the model: workers (by default the CPUs
 * allowed; serial: 1) are its threads or its processes, and threads the
 * threads of each hybrid process. */
static void set_shape(long workers, long threads)
{
	if (!workers) {
		int *cpus = NULL, n = tvp_cpus_allowed(&cpus);
		free(cpus);
		workers = cfg.model == SERIAL ? 1 : (n > 0 ? n : 1);
	}
	switch (cfg.model) {
	case SERIAL:
		if (workers != 1)
			tvp_usage_error(
			        "--model serial has one worker, not %ld",
			        workers);
		cfg.procs = 0, cfg.threads = 1;
		break;
	case THREADS:
		cfg.procs = 0, cfg.threads = workers;
		break;
	case PREFORK:
		cfg.procs = workers, cfg.threads = 1;
		break;
	case HYBRID:
		cfg.procs = workers;
		cfg.threads = threads ? threads : HYBRID_THREADS;
		break;
	case EVENT:
		cfg.procs = workers, cfg.threads = 1;
		break;
	case MODELS:
		break;
	}
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "workers", required_argument, NULL, 'w' },
		{ "threads", required_argument, NULL, 't' },
		{ "aio-threads", required_argument, NULL, 'o' },
		{ "port", required_argument, NULL, 'p' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "sleep-ms", required_argument, NULL, 's' },
		{ "files", required_argument, NULL, 'f' },
		{ "file-kib", required_argument, NULL, 'k' },
		{ "keepalive", required_argument, NULL, 'a' },
		{ "idle-ms", required_argument, NULL, 'i' },
		{ "backlog", required_argument, NULL, 'b' },
		{ "crash-path", no_argument, NULL, 'x' },
		{ "cold", no_argument, NULL, 'C' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	long workers = 0, threads = 0;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		parse_option(c, argv, &workers, &threads);
	if (optind < argc)
		tvp_usage_error("%s: unexpected argument", argv[optind]);
	if (cfg.files * cfg.file_kib > MAX_DATA_KIB)
		tvp_usage_error("--files x --file-kib: at most 4 GiB of data");
	if (threads && cfg.model != HYBRID)
		tvp_usage_error(
		        "--threads is for --model hybrid (use --workers)");
	if (cfg.aio_threads && cfg.model != EVENT)
		tvp_usage_error("--aio-threads is for --model event");
	set_shape(workers, threads);
}

int main(int argc, char **argv)
{
	int rc = 0;

	tvp_progname = "tvp-server";
	parse_args(argc, argv);
	install_stop_signals();
	/* Each held connection is a descriptor: the soft limit up to the
   * hard one, and what we got for the listening line. */
	cfg.nofile = tvp_raise_nofile();
	if (make_shared_counters() != 0)
		return TVP_EXIT_FAIL;
	/* The watcher after the pipe it writes to, and only where this
   * process serves: a master forks, and stays one thread. */
	if (make_stop_pipe() != 0 ||
	    (!cfg.procs && start_stop_watcher() != 0) || make_data_set() != 0 ||
	    open_listener() != 0)
		rc = -1;
	if (rc == 0) {
		const struct backend *b = &backends[cfg.model];

		if (b->forks)
			announce_listening();
		rc = b->forks ? run_master(b->serve) : b->serve(true);
	}
	if (listen_fd >= 0)
		close(listen_fd);
	close_data_set();
	if (cfg.json) {
		long amin = -1, amax = -1; /* (only the event model counts) */
		for (long s = cfg.procs ? 1 : 0;
		     cfg.model == EVENT && s <= cfg.procs; s++) {
			long a = atomic_load(&slot_accepted[s]);
			amin = amin < 0 || a < amin ? a : amin;
			amax = a > amax ? a : amax;
		}
		printf("{\"model\":\"%s\",\"served\":%ld,\"refused\":%ld,"
		       "\"restarts\":%ld,\"cold\":%s,\"data_fs\":\"%s\","
		       "\"read_bytes\":%lld,\"reads\":%ld,\"read_ns\":%ld,"
		       "\"accepted_min\":%ld,\"accepted_max\":%ld}\n",
		       cfg.model_name, atomic_load(&stats->served),
		       atomic_load(&stats->refused),
		       atomic_load(&stats->restarts),
		       cfg.cold ? "true" : "false", cfg.data_fs, read_bytes(),
		       atomic_load(&stats->reads), atomic_load(&stats->read_ns),
		       amin, amax);
	}
	return rc == 0 ? TVP_EXIT_OK : TVP_EXIT_FAIL;
}

/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void default_signals(void)
{
	sigset_t none;

	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * Start argv[0] with argv, the environment plus env's NAME=VALUE entries
 * (each in place of one of that name), signals at their defaults, stdout
 * to out_fd and stderr to err_fd. posix_spawn, not fork: a fork copies
 * the tests' page tables only for exec to throw them away, and on a VM
 * where page-table work is slow (a few ms a fork, twice that with the
 * other CPU busy) the tests start thousands of programs. Returns the pid,
 * or -1 with errno set: the program could not be started.
 */
static pid_t spawn_child(char *const argv[], char *const env[], int out_fd,
                         int err_fd)
{
	size_t n = 0, k = 0;
	char **envp;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	pid_t pid;
	int rc;

	while (environ[n] != NULL)
		n++;
	for (size_t i = 0; env != NULL && env[i] != NULL; i++)
		n++;
	envp = calloc(n + 1, sizeof(*envp));
	if (envp == NULL)
		return -1;
	for (size_t i = 0; environ[i] != NULL; i++) {
		size_t len = strcspn(environ[i], "=");
		bool replaced = false;

		for (size_t j = 0; env != NULL && env[j] != NULL; j++)
			replaced = replaced ||
			           (strncmp(env[j], environ[i], len) == 0 &&
			            env[j][len] == '=');
		if (!replaced)
			envp[k++] = environ[i];
	}
	for (size_t j = 0; env != NULL && env[j] != NULL; j++)
		envp[k++] = env[j];
	envp[k] = NULL;

	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGQUIT);
	posix_spawnattr_init(&at);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	                                      POSIX_SPAWN_SETSIGDEF);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	rc = posix_spawn(&pid, argv[0], &fa, &at, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	free(envp);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return pid;
}

int run_prog(char *const argv[], char *const env[], int timeout_s,
             struct proc_result *r)
{
	int o[2], e[2];
	pid_t pid;
	int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
	int open_fds = 2;

	memset(r, 0, sizeof(*r));
	if (pipe2(o, O_CLOEXEC) != 0 || pipe2(e, O_CLOEXEC) != 0)
		return -1;
	pid = spawn_child(argv, env, o[1], e[1]);
	close(o[1]);
	close(e[1]);
	if (pid < 0) { /* as a shell says it: a line, status 127 */
		r->err_len = (size_t)snprintf(r->err, sizeof(r->err),
		                              "exec %s: %s\n", argv[0],
		                              strerror(errno));
		r->status = 127 << 8;
		close(o[0]);
		close(e[0]);
		return 0;
	}
	while (open_fds > 0) {
		struct pollfd p[2] = { { o[0], POLLIN, 0 },
			               { e[0], POLLIN, 0 } };
		int left = (int)(deadline - now_ms());

		if (left <= 0 || poll(p, 2, left) == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &r->status, 0);
			close(o[0]);
			close(e[0]);
			return -1;
		}
		for (int k = 0; k < 2; k++) {
			char *buf = k ? r->err : r->out;
			size_t *len = k ? &r->err_len : &r->out_len;
			size_t cap = (k ? sizeof(r->err) : sizeof(r->out)) - 1;
			char sink[4096];
			ssize_t n;

			if (p[k].fd < 0 || !p[k].revents)
				continue;
			n = *len < cap ? read(p[k].fd, buf + *len, cap - *len)
			               : read(p[k].fd, sink, sizeof(sink));
			if (n > 0 && *len < cap)
				*len += (size_t)n;
			if (n == 0) {
				close(p[k].fd);
				if (k)
					e[0] = -1;
				else
					o[0] = -1;
				open_fds--;
			}
		}
	}
	r->out[r->out_len] = '\0';
	r->err[r->err_len] = '\0';
	return waitpid(pid, &r->status, 0) == pid ? 0 : -1;
}

int run_cmd(struct proc_result *r, char *const env[], const char *a0,
            const char *a1, const char *a2, const char *a3)
{
	char *argv[] = { (char *)a0, (char *)a1, (char *)a2, (char *)a3, NULL };

	return run_prog(argv, env, 120, r);
}

char *read_file(const char *path)
{
	static char buf[4][1 << 16];
	static int next;
	char *b = buf[next++ % 4];
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return NULL;
	n = fread(b, 1, sizeof(buf[0]) - 1, f);
	b[n] = '\0';
	fclose(f);
	return b;
}

pid_t start_prog(char *const argv[], char *const env[], int *err_fd)
{
	int e[2];
	pid_t pid;

	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (null < 0 || pipe2(e, O_CLOEXEC) != 0)
		return -1;
	pid = spawn_child(argv, env, null, e[1]);
	close(null);
	close(e[1]);
	if (pid < 0) {
		close(e[0]);
		return -1;
	}
	*err_fd = e[0];
	return pid;
}

int children_of(pid_t pid, pid_t *kids, int max)
{
	char path[64];
	FILE *f;
	int n = 0, v;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", pid, pid);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	while (n < max && fscanf(f, "%d", &v) == 1)
		kids[n++] = v;
	fclose(f);
	return n;
}

int wait_children(pid_t pid, int n, pid_t *kids, int max, int timeout_ms)
{
	int64_t until = now_ms() + timeout_ms;
	int got;

	while ((got = children_of(pid, kids, max)) < n && now_ms() < until)
		usleep(2000);
	return got;
}

int wait_threads(pid_t pid, int n, int timeout_ms)
{
	int64_t until = now_ms() + timeout_ms;
	char dir[64];
	int count;

	snprintf(dir, sizeof(dir), "/proc/%d/task", (int)pid);
	/* dir_entries counts ".", ".." out */
	while ((count = dir_entries(dir)) < n && count >= 0 && now_ms() < until)
		usleep(5000);
	return count;
}

int wait_sig_blocked(pid_t pid, const char *name, int sig, int timeout_ms)
{
	int64_t until = now_ms() + timeout_ms;
	char path[64], line[256], comm[16];

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	snprintf(comm, sizeof(comm), "%s", name);
	do {
		FILE *f = fopen(path, "r");
		unsigned long long mask = 0;
		bool named = false, found = false;
		char got[64];

		while (f && fgets(line, sizeof(line), f)) {
			if (sscanf(line, "Name: %63s", got) == 1)
				named = !strcmp(got, comm);
			if (sscanf(line, "SigBlk: %llx", &mask) == 1) {
				found = true;
				break;
			}
		}
		if (f)
			fclose(f);
		if (named && found && (mask >> (sig - 1) & 1))
			return 1;
		usleep(2000);
	} while (now_ms() < until);
	return 0;
}

void become_subreaper(void)
{
	prctl(PR_SET_CHILD_SUBREAPER, 1);
}

int orphans_left(void)
{
	int n = 0;

	/* Give the kernel a moment to re-parent what the program left. */
	usleep(20000);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		n++;
	return n;
}

int live_orphans(void)
{
	pid_t kids[256];
	int n = children_of(getpid(), kids, 256), live = 0;

	for (int k = 0; k < n; k++) {
		char path[64], buf[512], *state;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/stat", kids[k]);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		if (fgets(buf, sizeof(buf), f) && (state = strrchr(buf, ')')))
			live += state[2] != 'Z';
		fclose(f);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return live;
}

int wait_no_orphans(int timeout_ms)
{
	int64_t until = now_ms() + timeout_ms;
	int n;

	while ((n = live_orphans()) > 0 && now_ms() < until)
		usleep(10000);
	return n;
}

int pid_gone(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d", pid);
	return access(path, F_OK) != 0;
}

size_t slurp_fd(int fd, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got + 1 < len && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	return got;
}

int dir_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

char *make_temp_dir(void)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "/tmp/tvp-test-XXXXXX");
	return mkdtemp(buf); /* static: each caller copies it */
}

static char temp_env_buf[160] = "TMPDIR=";

const char *temp_dir(void)
{
	return temp_env_buf + strlen("TMPDIR=");
}

char *temp_env(void)
{
	return temp_env_buf;
}

int temp_setup(void **state)
{
	const char *dir = make_temp_dir();

	(void)state;
	if (dir == NULL)
		return -1;
	snprintf(temp_env_buf, sizeof(temp_env_buf), "TMPDIR=%s", dir);
	become_subreaper();
	return 0;
}

int temp_teardown(void **state)
{
	(void)state;
	rm_tree(temp_dir());
	return 0;
}

int temp_teardown_empty(void **state)
{
	/* no temp dir of a workload left behind */
	assert_int_equal(dir_entries(temp_dir()), 0);
	return temp_teardown(state);
}

static int rm_one(const char *p, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

void rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int reps(int n, int under_sanitizer)
{
	const char *s = getenv("TVP_SANITIZER");

	return s != NULL && *s != '\0' ? under_sanitizer : n;
}

int have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null", tool);
	return system(cmd) == 0;
}

int have_mpi(void)
{
	return access("bin/count-mpi", X_OK) == 0 && have("mpirun");
}

void path_without(const char *dir, const char *pattern, char *env, size_t len)
{
	char cmd[1024];
	int rc;

	/* in bash, one ln for them all: a process per link costs seconds
	 * here (there are thousands of commands on PATH) */
	snprintf(cmd, sizeof(cmd),
	         "exec bash -c 'set -e; d=%s; rm -rf \"$d\"; mkdir -p \"$d\"; "
	         "declare -A seen; files=(); IFS=:; "
	         "for p in $PATH; do for f in \"$p\"/*; do n=${f##*/}; "
	         "[ -z \"${seen[$n]:-}\" ] || continue; "
	         "case $n in %s) continue ;; esac; [ -x \"$f\" ] || continue; "
	         "seen[$n]=1; files+=(\"$f\"); done; done; "
	         "ln -s -t \"$d\" -- \"${files[@]}\"'",
	         dir, pattern);
	rc = system(cmd);
	snprintf(env, len, rc == 0 ? "PATH=%s" : "PATH=/nonexistent", dir);
}

static struct workload_desc wl_table[MAX_WL];
static struct model_desc model_table[MAX_MODELS];
static int nwl = -1, nmodel;

/* The --describe lines of the programs a shell glob names. */
static void describe_each(const char *glob, void (*take)(json_t *))
{
	char cmd[256], line[8192];
	FILE *p;

	snprintf(cmd, sizeof(cmd),
	         "for f in %s; do [ -x \"$f\" ] && \"$f\" --describe; done",
	         glob);
	p = popen(cmd, "r");
	if (p == NULL)
		fail_msg("popen: %s", cmd);
	while (fgets(line, sizeof(line), p) != NULL) {
		json_t *j = json_loads(line, 0, NULL);

		if (j == NULL)
			fail_msg("not a --describe line: %s", line);
		take(j);
		json_decref(j);
	}
	pclose(p);
}

static void take_workload(json_t *j)
{
	json_t *w = json_object_get(j, "workload");
	struct workload_desc *d = &wl_table[nwl];
	int n = 0;

	if (nwl == MAX_WL)
		fail_msg("more than %d workloads", MAX_WL);
	snprintf(d->name, sizeof(d->name), "%s",
	         json_string_value(json_object_get(w, "name")));
	snprintf(d->kind, sizeof(d->kind), "%s",
	         json_string_value(json_object_get(w, "kind")));
	snprintf(d->buf, sizeof(d->buf), "%s",
	         json_string_value(json_object_get(w, "small")));
	for (char *save, *t = strtok_r(d->buf, " ", &save); t && n < 15;
	     t = strtok_r(NULL, " ", &save))
		d->small[n++] = t;
	d->small[n] = NULL;
	nwl++;
}

static void take_model(json_t *j)
{
	json_t *m = json_object_get(j, "model");
	struct model_desc *d = &model_table[nmodel];
	size_t i;
	json_t *v;

	if (nmodel == MAX_MODELS)
		fail_msg("more than %d models", MAX_MODELS);
	snprintf(d->name, sizeof(d->name), "%s",
	         json_string_value(json_object_get(m, "name")));
	snprintf(d->role, sizeof(d->role), "%s",
	         json_string_value(json_object_get(m, "role")));
	d->launcher = !json_is_null(json_object_get(m, "launcher"));
	snprintf(d->schedules, sizeof(d->schedules), ",");
	json_array_foreach (json_object_get(m, "schedules"), i, v) {
		size_t len = strlen(d->schedules);

		snprintf(d->schedules + len, sizeof(d->schedules) - len, "%s,",
		         json_string_value(v));
	}
	nmodel++;
}

static void discover(void)
{
	char glob[64];

	if (nwl >= 0)
		return;
	nwl = 0;
	describe_each("bin/*-serial", take_workload);
	if (nwl == 0)
		fail_msg("no programs in bin/ (run make first)");
	snprintf(glob, sizeof(glob), "bin/%s-*", wl_table[0].name);
	describe_each(glob, take_model);
}

int workloads(const struct workload_desc **w)
{
	discover();
	if (w != NULL)
		*w = wl_table;
	return nwl;
}

int models(const struct model_desc **m)
{
	discover();
	*m = model_table;
	return nmodel;
}

int workload_index(const char *name)
{
	discover();
	for (int i = 0; i < nwl; i++)
		if (strcmp(wl_table[i].name, name) == 0)
			return i;
	fail_msg("no workload '%s' in bin/", name);
	return -1;
}

int tmp_files(const char *dir)
{
	char cmd[512];
	int n = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ls -A %s | grep -c '\\.tmp$'", dir);
	p = popen(cmd, "r");
	if (p && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

static long long jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

const char *accounting_error(json_t *line)
{
	static char why[256];
	json_t *tl = json_object_get(line, "timeline"), *w;
	long long task = jint(line, "task_cpu_ns"), cpu = jint(line, "cpu_ns");
	long long wall = jint(line, "wall_ns"), sum_cpu = 0, sum_tasks = 0;
	const char *model = json_string_value(json_object_get(line, "model"));
	/* MPI ranks count their times from their own start (see mpi.c). */
	bool bounded = model == NULL || strcmp(model, "mpi") != 0;
	size_t i;

	if (task < 0 || cpu < 0 || wall <= 0 || jint(line, "steal_ns") < 0)
		return "no task_cpu_ns, cpu_ns, wall_ns or steal_ns";
	/* the counters that explain the run: the kernel's, always; perf's
	 * a count or null where the machine has none */
	static const char *const counts[] = { "minflt", "majflt", "nvcsw",
		                              "nivcsw" };
	static const char *const perf[] = { "migrations", "cycles",
		                            "instructions" };
	for (size_t k = 0; k < sizeof(counts) / sizeof(*counts); k++)
		if (jint(line, counts[k]) < 0) {
			snprintf(why, sizeof(why), "no %s count", counts[k]);
			return why;
		}
	for (size_t k = 0; k < sizeof(perf) / sizeof(*perf); k++) {
		json_t *v = json_object_get(line, perf[k]);

		if (v == NULL ||
		    !(json_is_null(v) || jint(line, perf[k]) >= 0)) {
			snprintf(why, sizeof(why), "no %s (a count or null)",
			         perf[k]);
			return why;
		}
	}
	if (task > cpu) {
		snprintf(why, sizeof(why), "task_cpu_ns %lld > cpu_ns %lld",
		         task, cpu);
		return why;
	}
	if (!json_is_array(tl) || json_array_size(tl) == 0)
		return "no timeline";
	json_array_foreach (tl, i, w) {
		long long first = json_integer_value(json_array_get(w, 0));
		long long last = json_integer_value(json_array_get(w, 1));
		long long n = json_integer_value(json_array_get(w, 3));

		if (json_array_size(w) != 4 || n < 0)
			return "a timeline entry is not [first, last, cpu, tasks]";
		if (n > 0 &&
		    (first < 0 || last < first || (bounded && last > wall))) {
			snprintf(why, sizeof(why),
			         "worker %zu: first %lld, last %lld, wall %lld",
			         i, first, last, wall);
			return why;
		}
		sum_cpu += json_integer_value(json_array_get(w, 2));
		sum_tasks += n;
	}
	if (sum_cpu != task || sum_tasks != jint(line, "tasks")) {
		snprintf(why, sizeof(why),
		         "timeline: %lld ns in %lld tasks, line: %lld ns in "
		         "%lld tasks",
		         sum_cpu, sum_tasks, task, jint(line, "tasks"));
		return why;
	}
	return NULL;
}

/* Copy one entry into e: in place of the one of that name, or at the end
 * (e->v[0..*n)); a bare name removes that entry. */
static void env_put(struct sweep_env *e, size_t *n, size_t *used,
                    const char *entry)
{
	size_t name = strcspn(entry, "="), i;

	for (i = 0; i < *n; i++)
		if (strncmp(e->v[i], entry, name) == 0 && e->v[i][name] == '=')
			break;
	if (entry[name] == '\0') {
		if (i < *n)
			e->v[i] = e->v[--*n];
		return;
	}
	if (i == *n && *n + 1 >= sizeof(e->v) / sizeof(*e->v))
		fail_msg("sweep_env: too many entries");
	size_t len = strlen(entry) + 1;

	if (*used + len > sizeof(e->buf))
		fail_msg("sweep_env: entries too long");
	e->v[i] = memcpy(e->buf + *used, entry, len);
	*used += len;
	if (i == *n)
		++*n;
}

char **sweep_env(struct sweep_env *e, const char *results,
                 const char *const *extra)
{
	static const char *const base[] = {
		"WORKLOADS=count", "MODELS=threads",
		"MICRO=", "PYTHON=", "CLAIMS=", "SERVER=", "ROUNDS=1", "RUNS=2",
		"WARMUP=0", "ARGS_count=--n 1000 --tasks 4",
		/* the tests run side by side: the machine is never quiet */
		"QUIET_WAIT=0"
	};
	size_t n = 0, used = 0;

	for (size_t i = 0; i < sizeof(base) / sizeof(*base); i++)
		env_put(e, &n, &used, base[i]);
	if (results != NULL) {
		char r[512];

		snprintf(r, sizeof(r), "RESULTS=%s", results);
		env_put(e, &n, &used, r);
	}
	for (; extra != NULL && *extra != NULL; extra++)
		env_put(e, &n, &used, *extra);
	e->v[n] = NULL;
	return e->v;
}

void tests_from_env(void)
{
	const char *pattern = getenv("TVP_TEST");

	if (pattern != NULL && *pattern != '\0')
		cmocka_set_test_filter(pattern);
}

int count_matching(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

/* Threads a sanitizer's runtime adds to each process (ThreadSanitizer
 * runs one of its own in the background). */
int runtime_threads(void)
{
	const char *san = getenv("TVP_SANITIZER");

	return san && !strcmp(san, "tsan") ? 1 : 0;
}

int server_tests_setup(void **state)
{
	(void)state;
	become_subreaper();
	signal(SIGPIPE, SIG_IGN);
	return access("bin/tvp-server", X_OK);
}

/* A string field of an ipc line; fails the test when it has none. */
static const char *pair_str(json_t *p, const char *key)
{
	const char *v = json_string_value(json_object_get(p, key));

	if (v == NULL)
		fail_msg("no string '%s'", key);
	return v;
}

/* The message size of an ipc line; fails the test when it has none. */
static double pair_bytes(json_t *p)
{
	json_t *v = json_object_get(p, "msg_bytes");

	if (!json_is_number(v))
		fail_msg("no number 'msg_bytes'");
	return json_number_value(v);
}

/* A latency line of a process tool whose thread twin ran beside it
 * carries the ratio of the two taken in rotation (vs_thread), against
 * that twin, at its size; with an interval that brackets it, if any. */
static void check_twin(json_t *all, json_t *p)
{
	static const char *const twins[][2] = {
		{ "shm", "threads" },
		{ "pipe", "pipe_threads" },
		{ "mp-queue", "thread-queue-copy" },
		{ "mp-pipe", "thread-pipe" },
		{ "mp-shared-array", "thread-shared-array" },
	};
	const char *twin = NULL;
	bool ran = false;
	size_t k;
	json_t *q;

	for (size_t t = 0; t < sizeof(twins) / sizeof(twins[0]); t++)
		if (!strcmp(pair_str(p, "variant"), twins[t][0]))
			twin = twins[t][1];
	json_array_foreach (all, k, q)
		ran |= twin != NULL && !strcmp(pair_str(q, "variant"), twin) &&
		       pair_bytes(q) == pair_bytes(p);
	if (strcmp(pair_str(p, "mode"), "latency") || !ran) {
		assert_null(json_object_get(p, "vs_thread"));
		return;
	}
	double v = json_number_value(json_object_get(p, "vs_thread"));
	json_t *lo = json_object_get(p, "vs_thread_lo"),
	       *hi = json_object_get(p, "vs_thread_hi");

	if (!(v > 0))
		fail_msg("%s %g B: no paired ratio to %s",
		         pair_str(p, "variant"), pair_bytes(p), twin);
	assert_string_equal(pair_str(p, "vs_thread_variant"), twin);
	assert_true((lo == NULL) == (hi == NULL));
	if (lo != NULL)
		assert_true(json_number_value(lo) <= v &&
		            v <= json_number_value(hi));
}

void check_ipc_pairs(json_t *all)
{
	size_t i, k, a, b;
	json_t *p, *q, *name, *x;

	json_array_foreach (all, i, p) {
		assert_true(json_is_array(json_object_get(p, "pairs")));
		assert_true(json_is_boolean(json_object_get(p, "copies")));
		assert_true(json_is_boolean(json_object_get(p, "serialises")));
		assert_true(!strcmp(pair_str(p, "model"), "thread") ||
		            !strcmp(pair_str(p, "model"), "process"));
		json_array_foreach (json_object_get(p, "pairs"), a, name) {
			const char *pair = json_string_value(name);
			json_t *other = NULL;
			int n = 0;

			assert_non_null(pair);
			json_array_foreach (all, k, q) {
				if (q == p || pair_bytes(q) != pair_bytes(p) ||
				    strcmp(pair_str(q, "mode"),
				           pair_str(p, "mode")))
					continue;
				json_array_foreach (json_object_get(q, "pairs"),
				                    b, x)
					if (!strcmp(json_string_value(x),
					            pair)) {
						other = q;
						n++;
					}
			}
			if (n != 1)
				fail_msg("%s %s %g B: %d partners in %s",
				         pair_str(p, "variant"),
				         pair_str(p, "mode"), pair_bytes(p), n,
				         pair);
			bool same_model = !strcmp(pair_str(p, "model"),
			                          pair_str(other, "model"));
			bool same_copy =
			        json_equal(json_object_get(p, "copies"),
			                   json_object_get(other, "copies")) &&
			        json_equal(json_object_get(p, "serialises"),
			                   json_object_get(other,
			                                   "serialises"));

			if (!strcmp(pair, "pointer_vs_copy")
			            ? !same_model || same_copy
			            : same_model || !same_copy)
				fail_msg(
				        "%s: %s and %s differ in more than one "
				        "thing",
				        pair, pair_str(p, "variant"),
				        pair_str(other, "variant"));
		}
		check_twin(all, p);
	}
}

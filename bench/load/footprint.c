/* SPDX-License-Identifier: MIT */
/*
 * tvp-footprint - what a running server and its worker processes hold, for
 * the sweep's connection-cost experiment (scripts/serve.sh):
 *
 *   tvp-footprint PID
 *
 * Prints one JSON line, {"pid":PID,"children":K,"threads":T,"pss_kib":S}:
 * K the processes PID has started and that still run (its direct children,
 * listed in /proc/PID/task/TID/children for each of its threads), T the
 * threads of PID and of those children (Threads: in each /proc/X/status)
 * and S their proportional set size in KiB (Pss: in each
 * /proc/X/smaps_rollup), summed, so that a page the processes share counts
 * once, split among them. A child that ends while it is read is left out
 * of all three. A PID that is gone or cannot be read: one line, exit 1; an
 * argument that is not a PID: exit 2.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tvp.h"
#include "load.h"

/* The number after "KEY:" in the file at path, in *v; false when the file
 * cannot be read (a process that has ended) or has no such line. */
static bool field(const char *path, const char *key, long *v)
{
	char line[256];
	size_t n = strlen(key);
	bool found = false;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			found = sscanf(line + n + 1, "%ld", v) == 1;
	fclose(f);
	return found;
}

/* Add process pid's threads and PSS to *threads and *pss; false when it
 * has ended (or never was) and nothing was added. */
static bool add_process(long pid, long *threads, long *pss)
{
	char path[64];
	long t, p;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	if (!field(path, "Threads", &t))
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/smaps_rollup", pid);
	if (!field(path, "Pss", &p))
		return false;
	*threads += t, *pss += p;
	return true;
}

/* Each child listed in one of pid's threads' children file, added;
 * their count into *kids. */
static void add_children(long pid, long *kids, long *threads, long *pss)
{
	char path[96];
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "/proc/%ld/task", pid);
	if ((d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		long child;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/task/%.20s/children",
		         pid, e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue; /* (the thread ended) */
		while (fscanf(f, "%ld", &child) == 1)
			*kids += add_process(child, threads, pss);
		fclose(f);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	long kids = 0, threads = 0, pss = 0;

	tvp_progname = "tvp-footprint";
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		printf("usage: tvp-footprint PID\n"
		       "The children, threads and PSS (KiB) of process PID "
		       "and its children, as one JSON line.\n");
		return TVP_EXIT_OK;
	}
	if (argc != 2)
		tvp_usage_error("usage: tvp-footprint PID");
	long pid = load_arg("PID", argv[1], 1, 1L << 22);

	if (!add_process(pid, &threads, &pss)) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%ld", pid);
		if (access(path, F_OK) != 0)
			tvp_warn("process %ld: no such process", pid);
		else
			tvp_warn("process %ld: cannot read its status and "
			         "smaps_rollup in %s (a kernel without "
			         "smaps_rollup, or another user's process)",
			         pid, path);
		return TVP_EXIT_FAIL;
	}
	add_children(pid, &kids, &threads, &pss);
	printf("{\"pid\":%ld,\"children\":%ld,\"threads\":%ld,"
	       "\"pss_kib\":%ld}\n",
	       pid, kids, threads, pss);
	return TVP_EXIT_OK;
}

/* SPDX-License-Identifier: MIT */
/*
 * data.c - tvp-server's data set: --files files of --file-kib KiB each,
 * written at start-up, kept open and unlinked at once, so that nothing is
 * left behind whatever ends the server and no name exists to be reached
 * from a URL (a request names a file by its number only, http.c).
 *
 * --cold: every read comes from the device. The files are flushed to it
 * once written, and before each read the file's pages are dropped from
 * the page cache (posix_fadvise POSIX_FADV_DONTNEED, which drops clean
 * pages), so the read waits for the disk as a cache miss does: what an
 * event loop that reads files itself then pays, every connection of its
 * process with it. tmpfs has no device and keeps its pages whatever is
 * advised: --cold refuses it. The file system is named in --json
 * (data_fs).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "../tvp.h"
#include "server.h"

static int *file_fds; /* open, already unlinked */

/* The name of the file system statfs found (the common ones), or its
 * magic number. */
static void fs_name(long type, char *out, size_t len)
{
	static const struct {
		long magic;
		const char *name;
	} known[] = { { 0xEF53, "ext4" },        { 0x58465342, "xfs" },
		      { 0x9123683E, "btrfs" },   { 0x01021994, "tmpfs" },
		      { 0x794C7630, "overlay" }, { 0x6969, "nfs" },
		      { 0x858458F6, "ramfs" },   { 0x2FC12FC1, "zfs" } };

	for (size_t k = 0; k < sizeof(known) / sizeof(*known); k++)
		if (known[k].magic == type) {
			snprintf(out, len, "%s", known[k].name);
			return;
		}
	snprintf(out, len, "0x%lx", (unsigned long)type);
}

/* Byte j of file i: the tests check a body against this. */
static char data_byte(long i, long j)
{
	return (char)('a' + (i * 7 + j) % 26);
}

int make_data_set(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], path[PATH_MAX + 32];
	size_t size = (size_t)cfg.file_kib * 1024;
	char *block = malloc(size);
	int rc = 0;

	file_fds = calloc((size_t)cfg.files, sizeof(int));
	if (!block || !file_fds) {
		free(block);
		tvp_warn("out of memory for the data set");
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/tvp-server.XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		tvp_warn("cannot create a directory in %s: %s",
		         tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(block);
		return -1;
	}
	struct statfs fs;

	if (statfs(dir, &fs) == 0)
		fs_name((long)fs.f_type, cfg.data_fs, sizeof(cfg.data_fs));
	if (cfg.cold &&
	    (!strcmp(cfg.data_fs, "tmpfs") || !strcmp(cfg.data_fs, "ramfs"))) {
		tvp_warn("--cold: %s is on %s, which has no disk to read from; "
		         "set TMPDIR to a folder on a disk",
		         tmp && *tmp ? tmp : "/tmp", cfg.data_fs);
		rmdir(dir);
		free(block);
		return -1;
	}
	for (long i = 0; i < cfg.files; i++)
		file_fds[i] = -1;
	for (long i = 0; i < cfg.files && rc == 0; i++) {
		for (size_t j = 0; j < size; j++)
			block[j] = data_byte(i, (long)j);
		snprintf(path, sizeof(path), "%s/%ld", dir, i);
		int fd =
		        open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, block, size) != (ssize_t)size ||
		    (cfg.cold && fdatasync(fd) != 0)) {
			tvp_warn("cannot write the data set in %s: %s", dir,
			         strerror(errno ? errno : ENOSPC));
			rc = -1;
		}
		if (fd >= 0)
			file_fds[i] = fd;
		unlink(path);
	}
	rmdir(dir);
	free(block);
	return rc;
}

void close_data_set(void)
{
	for (long i = 0; file_fds && i < cfg.files; i++)
		if (file_fds[i] >= 0)
			close(file_fds[i]);
	free(file_fds);
	file_fds = NULL;
}

int read_file(long file, char *body)
{
	size_t size = (size_t)cfg.file_kib * 1024, got = 0;
	int64_t t0 = 0;

	if (cfg.cold) {
		posix_fadvise(file_fds[file], 0, 0, POSIX_FADV_DONTNEED);
		t0 = tvp_now_ns();
	}
	while (got < size) {
		ssize_t r = pread(file_fds[file], body + got, size - got,
		                  (off_t)got);
		if (r <= 0) {
			tvp_warn("reading file %ld of the data set: %s", file,
			         r < 0 ? strerror(errno) : "short file");
			return -1;
		}
		got += (size_t)r;
	}
	if (cfg.cold) {
		atomic_fetch_add(&stats->read_ns, (long)(tvp_now_ns() - t0));
		atomic_fetch_add(&stats->reads, 1);
	}
	return 0;
}

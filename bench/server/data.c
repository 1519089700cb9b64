/* SPDX-License-Identifier: MIT */
/*
 * data.c - tvp-server's data set: --files files of --file-kib KiB each,
 * written at start-up, kept open and unlinked at once, so that nothing is
 * left behind whatever ends the server and no name exists to be reached
 * from a URL (a request names a file by its number only, http.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tvp.h"
#include "server.h"

static int *file_fds; /* open, already unlinked */

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
	for (long i = 0; i < cfg.files; i++)
		file_fds[i] = -1;
	for (long i = 0; i < cfg.files && rc == 0; i++) {
		for (size_t j = 0; j < size; j++)
			block[j] = data_byte(i, (long)j);
		snprintf(path, sizeof(path), "%s/%ld", dir, i);
		int fd =
		        open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, block, size) != (ssize_t)size) {
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
	return 0;
}

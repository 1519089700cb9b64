/* SPDX-License-Identifier: MIT */
#include <sys/mman.h>

#include "../tvp.h"

/*
 * Anonymous MAP_SHARED memory: a forked child writes the same physical
 * pages the parent reads, with no name in /dev/shm that could leak if the
 * program is killed. Threads see it as ordinary memory.
 */
void *tvp_shared_alloc(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	               MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void tvp_shared_free(void *p, size_t bytes)
{
	if (p != NULL)
		munmap(p, bytes);
}

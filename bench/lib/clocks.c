/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <sys/resource.h>
#include <time.h>

#include "../tvp.h"

/* CLOCK_MONOTONIC: never steps, so wall_ns cannot go negative. */
int64_t tvp_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* This thread's CPU time: exact (the scheduler's own sum), where
 * getrusage's is split by ticks and clamped; what a preemption does not
 * move. */
int64_t tvp_thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Sleep to an absolute deadline, so EINTR cannot stretch or cut the wait. */
void tvp_sleep_ns(int64_t ns)
{
	struct timespec ts;
	int64_t until = tvp_now_ns() + ns;

	ts.tv_sec = until / 1000000000;
	ts.tv_nsec = until % 1000000000;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

int64_t tvp_cpu_ns(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000 +
	       ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

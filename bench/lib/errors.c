/* SPDX-License-Identifier: MIT */
/* Saying what went wrong, and leaving: one line on stderr, an exit status
 * (tvp.h). A leaf: the run's own way out, which kills and reaps its
 * workers first, is cleanup.c's, and it calls here, never the reverse. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "../tvp.h"

const char *tvp_progname = "tvp";
void (*tvp_exit_hook)(int status);

void tvp_exit(int status)
{
	if (tvp_exit_hook != NULL)
		tvp_exit_hook(status);
	exit(status);
}

static void vsay(const char *prefix, const char *fmt, va_list ap)
{
	char line[1024];

	/* ap is started by the caller (clang-tidy 14 loses track of it) */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	vsnprintf(line, sizeof(line), fmt, ap);
	/* One write, so lines from concurrent workers do not interleave. */
	fprintf(stderr, "%s: %s%s\n", tvp_progname, prefix, line);
}

void tvp_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
}

void tvp_usage_error(const char *fmt, ...)
{
	va_list ap;

	char line[1024];

	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One line, nothing on stdout: a script sees exactly what is wrong. */
	fprintf(stderr, "%s: %s (see --help)\n", tvp_progname, line);
	tvp_exit(TVP_EXIT_USAGE);
}

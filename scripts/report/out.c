/* SPDX-License-Identifier: MIT */
#include "out.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

int tvp_out_open(struct out *o, const char *dir, const char *name)
{
	snprintf(o->path, sizeof(o->path), "%s/%s", dir, name);
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp", o->path);
	o->f = fopen(o->tmp, "w");
	if (o->f == NULL)
		fprintf(stderr, "tvp-report: %s: %s\n", o->tmp,
		        strerror(errno));
	return o->f == NULL ? -1 : 0;
}

int tvp_out_close(struct out *o)
{
	int bad = ferror(o->f);

	bad |= fclose(o->f) != 0;
	if (bad || rename(o->tmp, o->path) != 0) {
		fprintf(stderr, "tvp-report: writing %s failed\n", o->path);
		unlink(o->tmp);
		return -1;
	}
	return 0;
}

void tvp_append(char *out, size_t len, const char *fmt, ...)
{
	size_t l = strlen(out);
	va_list ap;

	va_start(ap, fmt);
	/* (clang-tidy 14 loses track of the va_start just above) */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	vsnprintf(out + l, len - l, fmt, ap);
	va_end(ap);
}

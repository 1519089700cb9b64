/* SPDX-License-Identifier: MIT */
/* A report file written whole or not at all: NAME.tmp, then a rename;
 * and the sentences that go into it, built a piece at a time. */
#ifndef TVP_REPORT_OUT_H
#define TVP_REPORT_OUT_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

struct out {
	FILE *f;
	char tmp[PATH_MAX + 16], path[PATH_MAX];
};

/* Open DIR/NAME.tmp for writing; -1 after saying why. */
int tvp_out_open(struct out *o, const char *dir, const char *name);
/* Rename it to DIR/NAME if every byte reached it; else remove it, -1. */
int tvp_out_close(struct out *o);

/* Text added at the end of out, a string in len bytes, as snprintf
 * writes it (cut to fit). */
void tvp_append(char *out, size_t len, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

#endif

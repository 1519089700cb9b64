/* SPDX-License-Identifier: MIT */
/* The pure kernels behind the workloads, exposed for the unit tests. */
#ifndef TVP_KERNELS_H
#define TVP_KERNELS_H

#include <stddef.h>
#include <stdint.h>

uint64_t tvp_count_kernel(long n);
uint64_t tvp_primes_in(uint64_t lo, uint64_t hi);
long tvp_mandel_escape(double cx, double cy, long max_iter);
uint64_t tvp_mandel_row(long row, long rows, long width, long max_iter,
                        unsigned char *pixels);
uint64_t tvp_hash_words(const uint64_t *w, size_t nwords);
void tvp_file_content(long file, uint64_t *w, size_t nwords);

#endif

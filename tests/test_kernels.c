/* SPDX-License-Identifier: MIT */
/* The workloads' kernels and the library's helpers against known values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "tvp.h"
#include "workloads/kernels.h"
#include "../tests/util.h"

extern const struct tvp_workload tvp_workload_sleep, tvp_workload_count;

static void primes_known_counts(void **state)
{
	(void)state;
	assert_int_equal(tvp_primes_in(0, 100), 25);
	assert_int_equal(tvp_primes_in(0, 1000000), 78498);
	/* Split anywhere, the parts add up: what the tasks rely on. */
	assert_int_equal(tvp_primes_in(0, 333333) +
	                         tvp_primes_in(333333, 1000000),
	                 78498);
	assert_int_equal(tvp_primes_in(0, 2), 0);
	assert_int_equal(tvp_primes_in(2, 3), 1);
	assert_int_equal(tvp_primes_in(7919, 7920), 1); /* the 1000th prime */
}

static void count_adds_n(void **state)
{
	(void)state;
	assert_int_equal(tvp_count_kernel(0), 0);
	assert_int_equal(tvp_count_kernel(1), 1);
	assert_int_equal(tvp_count_kernel(123456789), 123456789);
}

static void mandel_known_points(void **state)
{
	(void)state;
	assert_int_equal(tvp_mandel_escape(0, 0, 500), 500);  /* in the set */
	assert_int_equal(tvp_mandel_escape(-1, 0, 500), 500); /* period 2 */
	/* c = 1: z = 1, 2, 5 -> |z| > 2 after the third step. */
	assert_int_equal(tvp_mandel_escape(1, 0, 500), 3);
	/* c = 2: z = 2, 6 -> two steps. */
	assert_int_equal(tvp_mandel_escape(2, 0, 500), 2);
	/* c = 3i: |c| > 2 at once. */
	assert_int_equal(tvp_mandel_escape(0, 3, 500), 1);
}

static void mandel_axis_row(void **state)
{
	/* The middle of 101 rows is the real axis: every c <= 1/4 stays. */
	enum { W = 200, LIMIT = 300 };
	unsigned char px[W];
	uint64_t sum = tvp_mandel_row(50, 101, W, LIMIT, px);
	uint64_t inside = 0;

	(void)state;
	for (long c = 0; c < W; c++) {
		double cx = -2.0 + 2.5 * ((double)c + 0.5) / W;

		if (cx <= 0.25) {
			assert_int_equal(px[c], 0);
			inside++;
		}
	}
	assert_int_equal(inside, 180); /* cx <= 0.25 for c < 180 */
	assert_true(sum >= inside * LIMIT);
	assert_true(sum < (uint64_t)W * LIMIT);
}

static void mix_matches_splitmix64(void **state)
{
	(void)state;
	/* splitmix64 seeded with 0 first yields 0xe220a8397b1dcdaf. */
	assert_true(tvp_mix64(0x9e3779b97f4a7c15ULL) == 0xe220a8397b1dcdafULL);
}

static void hash_depends_on_content(void **state)
{
	uint64_t a[64] = { 0 }, b[64] = { 0 };

	(void)state;
	assert_true(tvp_hash_words(a, 0) == 0xcbf29ce484222325ULL);
	tvp_file_content(3, a, 64);
	tvp_file_content(3, b, 64);
	assert_true(tvp_hash_words(a, 64) == tvp_hash_words(b, 64));
	b[17] ^= 1;
	assert_true(tvp_hash_words(a, 64) != tvp_hash_words(b, 64));
	tvp_file_content(4, b, 64);
	assert_true(memcmp(a, b, sizeof(a)) != 0);
}

static void sleep_returns_i_plus_100(void **state)
{
	(void)state;
	assert_int_equal(tvp_workload_sleep.task(7), 107);
	assert_int_equal(tvp_workload_sleep.kind, TVP_IO);
	assert_int_equal(tvp_workload_count.kind, TVP_CPU);
}

static void parse_long_is_strict(void **state)
{
	long v = -7;

	(void)state;
	assert_null(tvp_parse_long("42", 1, 100, &v));
	assert_int_equal(v, 42);
	assert_non_null(tvp_parse_long("", 1, 100, &v));
	assert_non_null(tvp_parse_long("abc", 1, 100, &v));
	assert_non_null(tvp_parse_long("12abc", 1, 100, &v));
	assert_non_null(tvp_parse_long(" 12", 1, 100, &v));
	assert_non_null(tvp_parse_long("0", 1, 100, &v));
	assert_non_null(tvp_parse_long("-3", 1, 100, &v));
	assert_non_null(tvp_parse_long("101", 1, 100, &v));
	assert_string_equal(tvp_parse_long("99999999999999999999999", 1, 100,
	                                   &v),
	                    "overflows");
	assert_int_equal(v, 42); /* untouched on error */
}

static void cpulist_ranges(void **state)
{
	int a[] = { 0, 1, 2, 3, 6, 8, 9 };
	char buf[64];

	(void)state;
	tvp_cpulist(a, 7, buf, sizeof(buf));
	assert_string_equal(buf, "0-3,6,8-9");
	tvp_cpulist(a, 1, buf, sizeof(buf));
	assert_string_equal(buf, "0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(primes_known_counts),
		cmocka_unit_test(count_adds_n),
		cmocka_unit_test(mandel_known_points),
		cmocka_unit_test(mandel_axis_row),
		cmocka_unit_test(mix_matches_splitmix64),
		cmocka_unit_test(hash_depends_on_content),
		cmocka_unit_test(sleep_returns_i_plus_100),
		cmocka_unit_test(parse_long_is_strict),
		cmocka_unit_test(cpulist_ranges),
	};

	return tvp_run_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * bin/tvp-json, the scripts' JSON writer and reader, and machine.json
 * (written through it): what goes in comes back, whatever the text holds;
 * bad fields are refused with one line and nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>
#include <sys/wait.h>

#include "util.h"

static json_t *parsed(const struct proc_result *r)
{
	json_error_t e;
	json_t *j = json_loads(r->out, 0, &e);

	if (!WIFEXITED(r->status) || WEXITSTATUS(r->status) != 0 || !j)
		fail_msg("status %d, %s: %s %s", r->status, e.text, r->out,
		         r->err);
	return j;
}

/* Quotes, backslashes, a tab and a newline, non-ASCII text: the string
 * comes back as given, control characters dropped; numbers as numbers; a
 * JSON value as it was; m: merges an object's members in order, and a
 * later key replaces an earlier one in place. */
static void obj_round_trips(void **state)
{
	char *argv[] = { "bin/tvp-json",
		         "obj",
		         "s:text=say \"hi\" \\ to C:\\tmp\tnow\n",
		         "s:name=Grüße, 世界",
		         "n:int=-42",
		         "n:real=0.2",
		         "b:yes=true",
		         "j:list=[1,\"two\",{\"three\":3}]",
		         "m:{\"requests\":5,\"int\":7}",
		         "s:empty=",
		         NULL };
	struct proc_result r;
	json_t *j;
	const char *k;
	json_t *v;
	size_t i = 0;
	static const char *const order[] = {
		"text", "name", "int",      "real",
		"yes",  "list", "requests", "empty"
	};

	(void)state;
	assert_int_equal(run_prog(argv, NULL, 30, &r), 0);
	j = parsed(&r);
	assert_string_equal(json_string_value(json_object_get(j, "text")),
	                    "say \"hi\" \\ to C:\\tmpnow");
	assert_string_equal(json_string_value(json_object_get(j, "name")),
	                    "Grüße, 世界");
	assert_true(json_integer_value(json_object_get(j, "int")) == 7);
	assert_true(json_real_value(json_object_get(j, "real")) == 0.2);
	assert_true(json_is_true(json_object_get(j, "yes")));
	assert_int_equal(json_array_size(json_object_get(j, "list")), 3);
	assert_true(json_integer_value(json_object_get(j, "requests")) == 5);
	assert_string_equal(json_string_value(json_object_get(j, "empty")), "");
	/* one line, the fields in the order given */
	assert_non_null(strstr(r.out, "\"real\":0.2,"));
	assert_true(strchr(r.out, '\n') == r.out + strlen(r.out) - 1);
	json_object_foreach (j, k, v)
		assert_string_equal(k, order[i++]);
	json_decref(j);
}

/* A field without its type, a number that is not one, a bool that is
 * not one, JSON that does not parse, m: of a non-object: exit 2, one
 * line, nothing on stdout. */
static void obj_refuses_bad_fields(void **state)
{
	static const char *const bad[] = {
		"text=x",  "s:=x",  "s:nokey", "n:x=12abc", "n:x=",
		"n:x=nan", "b:x=1", "j:x={",   "m:[1,2]",   "q:x=1",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *argv[] = { "bin/tvp-json", "obj", "s:ok=1",
			         (char *)bad[i], NULL };
		struct proc_result r;

		assert_int_equal(run_prog(argv, NULL, 30, &r), 0);
		if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 2 ||
		    *r.out || !*r.err ||
		    strchr(r.err, '\n') != strrchr(r.err, '\n'))
			fail_msg("%s: status %d, out \"%s\", err \"%s\"",
			         bad[i], r.status, r.out, r.err);
	}
}

/* get: a string as it is, a number as JSON, the default for a missing
 * key, exit 1 without one; stdin that is not an object: exit 2. */
static void get_reads_one_key(void **state)
{
	static const struct {
		const char *cmd, *out;
		int status;
	} cases[] = {
		{ "echo '{\"a\":\"x \\\"y\\\"\",\"n\":1.5}' | bin/tvp-json get a",
		  "x \"y\"\n", 0 },
		{ "echo '{\"a\":\"x\",\"n\":1.5}' | bin/tvp-json get n",
		  "1.5\n", 0 },
		{ "echo '{\"a\":1}' | bin/tvp-json get b -1", "-1\n", 0 },
		{ "echo '{\"a\":1}' | bin/tvp-json get b", "", 1 },
		{ "echo '[1]' | bin/tvp-json get a", "", 2 },
		{ "echo 'not json' | bin/tvp-json get a 0", "", 2 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct proc_result r;

		assert_int_equal(run_cmd(&r, NULL, "/bin/sh", "-c",
		                         cases[i].cmd, NULL),
		                 0);
		if (!WIFEXITED(r.status) ||
		    WEXITSTATUS(r.status) != cases[i].status ||
		    strcmp(r.out, cases[i].out))
			fail_msg("%s: status %d, out \"%s\" (want %d, \"%s\")",
			         cases[i].cmd, r.status, r.out, cases[i].status,
			         cases[i].out);
	}
}

/* machine.json as the sweep writes it: parses, has its facts with their
 * types, and survives a jansson round trip unchanged. */
static void machine_json_round_trips(void **state)
{
	char *argv[] = { "scripts/machine.sh",
		         "quick",
		         "2",
		         "3",
		         "0",
		         "-O2 \"quoted\" \\back",
		         "make bench X='a b'",
		         NULL };
	char *env[] = { "PYTHON=", "TVP_BUDGET=300", NULL };
	struct proc_result r;
	json_t *j, *again;
	char *text;

	(void)state;
	assert_int_equal(run_prog(argv, env, 60, &r), 0);
	j = parsed(&r);
	assert_true(json_integer_value(json_object_get(j, "rounds")) == 2);
	assert_true(json_integer_value(json_object_get(j, "budget_s")) == 300);
	assert_true(json_integer_value(json_object_get(j, "cpus")) >= 1);
	assert_true(json_is_object(json_object_get(j, "vulnerabilities")));
	assert_string_equal(json_string_value(json_object_get(j, "cflags")),
	                    "-O2 \"quoted\" \\back");
	assert_string_equal(json_string_value(json_object_get(j, "command")),
	                    "make bench X='a b'");
	text = json_dumps(j, JSON_PRESERVE_ORDER);
	again = json_loads(text, 0, NULL);
	assert_true(json_equal(j, again));
	free(text);
	json_decref(again);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(obj_round_trips),
		cmocka_unit_test(obj_refuses_bad_fields),
		cmocka_unit_test(get_reads_one_key),
		cmocka_unit_test(machine_json_round_trips),
	};

	return tvp_run_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * tvp-json - JSON for the shell scripts, through jansson, so that no
 * script writes JSON by hand or reads it with a regex:
 *
 *   tvp-json obj [--pretty] FIELD...   print one object, FIELD in order:
 *       s:KEY=TEXT    a string (escaped here; control characters dropped)
 *       n:KEY=NUMBER  a number (an integer or a decimal; nothing else)
 *       b:KEY=true|false
 *       j:KEY=JSON    any JSON value, parsed (an object built by another
 *                     tvp-json obj, for one)
 *       m:JSON        every member of the JSON object, in its order (a
 *                     program's own line, such as wrk's summary)
 *   tvp-json get KEY [DEFAULT]   the value of KEY in the one JSON object
 *                     on stdin: a string as it is, anything else as JSON;
 *                     DEFAULT if there is no such key (without one: exit 1)
 *
 * A later field of the same key replaces the earlier one in place. Bad
 * input (a field without its type, a number that is not one, JSON that
 * does not parse): one line on stderr, exit 2, nothing on stdout.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fputs("usage: tvp-json obj [--pretty] [s|n|b|j:KEY=VALUE | "
	      "m:OBJECT]...\n"
	      "       tvp-json get KEY [DEFAULT] < OBJECT\n",
	      stderr);
	return 2;
}

static int bad(const char *field, const char *why)
{
	fprintf(stderr, "tvp-json: %.200s: %s\n", field, why);
	return 2;
}

/* TEXT as a JSON string: control characters dropped; NULL when it is not
 * UTF-8 (jansson takes nothing else). */
static json_t *string_of(const char *text)
{
	size_t n = strlen(text), k = 0;
	char *clean = malloc(n + 1);
	json_t *s;

	if (clean == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)text[i] >= 0x20 && text[i] != 0x7f)
			clean[k++] = text[i];
	clean[k] = '\0';
	s = json_string(clean);
	free(clean);
	return s;
}

/* A number: an integer (as an integer) or a decimal, whole text only. */
static json_t *number_of(const char *text)
{
	char *end;
	long long i;
	double d;

	if (*text == '\0')
		return NULL;
	errno = 0;
	i = strtoll(text, &end, 10);
	if (*end == '\0' && errno == 0)
		return json_integer(i);
	d = strtod(text, &end);
	if (*end != '\0' || errno != 0 || d != d)
		return NULL;
	return json_real(d);
}

static int cmd_obj(int argc, char **argv)
{
	json_t *o = json_object();
	/* 15 digits: a decimal given as text comes back as that text */
	size_t flags = JSON_PRESERVE_ORDER | JSON_COMPACT |
	               JSON_REAL_PRECISION(15);
	int rc = 0;

	for (int i = 0; i < argc && rc == 0; i++) {
		const char *f = argv[i], *key, *eq;
		json_t *v = NULL;
		json_error_t e;

		if (!strcmp(f, "--pretty")) {
			flags = JSON_PRESERVE_ORDER | JSON_INDENT(2) |
			        JSON_REAL_PRECISION(15);
			continue;
		}
		if (strlen(f) < 2 || f[1] != ':' || !strchr("snbjm", f[0])) {
			rc = bad(f, "a field is s:, n:, b:, j:KEY=VALUE or "
			            "m:OBJECT");
			break;
		}
		if (f[0] == 'm') {
			json_t *m = json_loads(f + 2, 0, &e), *x;
			const char *k;

			if (!json_is_object(m)) {
				json_decref(m);
				rc = bad(f, "m: takes a JSON object");
				break;
			}
			json_object_foreach (m, k, x)
				json_object_set(o, k, x);
			json_decref(m);
			continue;
		}
		key = f + 2;
		eq = strchr(key, '=');
		if (eq == NULL || eq == key) {
			rc = bad(f, "no KEY=VALUE");
			break;
		}
		char *k = strndup(key, (size_t)(eq - key));
		const char *val = eq + 1;

		switch (f[0]) {
		case 's':
			v = string_of(val);
			break;
		case 'n':
			v = number_of(val);
			break;
		case 'b':
			v = !strcmp(val, "true")    ? json_true()
			    : !strcmp(val, "false") ? json_false()
			                            : NULL;
			break;
		default: /* 'j' */
			v = json_loads(val, JSON_DECODE_ANY, &e);
		}
		if (v == NULL || k == NULL)
			rc = bad(f, f[0] == 's'   ? "not UTF-8 text"
			            : f[0] == 'n' ? "not a number"
			            : f[0] == 'b' ? "not true or false"
			                          : "not JSON");
		else
			json_object_set_new(o, k, v);
		free(k);
	}
	if (rc == 0) {
		char *text = json_dumps(o, flags);

		if (text == NULL)
			rc = bad("obj", "out of memory");
		else
			printf("%s\n", text);
		free(text);
	}
	json_decref(o);
	return rc;
}

static int cmd_get(const char *key, const char *dflt)
{
	json_error_t e;
	json_t *o = json_loadf(stdin, 0, &e), *v;
	int rc = 0;

	if (!json_is_object(o)) {
		json_decref(o);
		return bad("stdin", o ? "not a JSON object" : e.text);
	}
	v = json_object_get(o, key);
	if (v == NULL && dflt == NULL) {
		fprintf(stderr, "tvp-json: no \"%.100s\" in the object\n", key);
		rc = 1;
	} else if (v == NULL) {
		printf("%s\n", dflt);
	} else if (json_is_string(v)) {
		printf("%s\n", json_string_value(v));
	} else {
		char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT |
		                                   JSON_REAL_PRECISION(15));

		printf("%s\n", text ? text : "");
		free(text);
	}
	json_decref(o);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "obj"))
		return cmd_obj(argc - 2, argv + 2);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "get"))
		return cmd_get(argv[2], argc == 4 ? argv[3] : NULL);
	return usage();
}

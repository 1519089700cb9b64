/* SPDX-License-Identifier: MIT */
/* observe.c - what a plot's own data shows, in words (observe.h). */
#include "observe.h"
#include "out.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SERIES 16

/* What the .vars file says: the kind, the series' titles, the axes and
 * the x ticks' labels ("xt": "label" value, ...). */
struct vars {
	char kind[16];
	char title[MAX_SERIES][96];
	int n;
	char xlabel[160], ylabel[160], xt[512];
	double maxk;
};

/* A number as the line prints it: whole from 1000 up, else to three
 * significant digits. */
static const char *num(double x, char *buf, size_t len)
{
	snprintf(buf, len, fabs(x) >= 1000 ? "%.0f" : "%.3g", x);
	return buf;
}

/* The quoted value of `name = "value"` (or 'value') into v, without the
 * backslashes that escape quotes inside it. */
static void quoted(const char *line, char *v, size_t len)
{
	const char *a = strpbrk(line, "\"'");
	const char *b = a ? strrchr(line, *a) : NULL;

	size_t n = 0;

	if (a == NULL || b == NULL || b == a)
		return;
	for (const char *p = a + 1; p < b && n + 1 < len; p++)
		if (*p != '\\')
			v[n++] = *p;
	v[n] = '\0';
}

static void read_vars(const char *path, struct vars *v)
{
	char line[1024];
	FILE *f = fopen(path, "r");
	int i;

	memset(v, 0, sizeof(*v));
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "kind = ", 7))
			quoted(line, v->kind, sizeof(v->kind));
		else if (!strncmp(line, "xlabel = ", 9))
			quoted(line, v->xlabel, sizeof(v->xlabel));
		else if (!strncmp(line, "ylabel = ", 9))
			quoted(line, v->ylabel, sizeof(v->ylabel));
		else if (!strncmp(line, "xt = ", 5))
			quoted(line, v->xt, sizeof(v->xt));
		else if (!strncmp(line, "maxk = ", 7))
			v->maxk = atof(line + 7);
		else if ((sscanf(line, "T%d =", &i) == 1 ||
		          sscanf(line, "T[%d] =", &i) == 1) &&
		         i >= 1 && i <= MAX_SERIES) {
			quoted(line, v->title[i - 1], sizeof(v->title[0]));
			v->n = i > v->n ? i : v->n;
		}
	}
	fclose(f);
}

/* An axis label without what is about the axis, not the quantity (its
 * scale, which way is better), its units kept: "microseconds per
 * worker", "parent resident memory (MiB, touched, no THP)". */
static void bare(const char *label, char *out, size_t len)
{
	static const char *const drop[] = { " (log scale)",
		                            " (lower is better)",
		                            " (higher is better)",
		                            "; log scale", ", log scale" };
	char *p;

	snprintf(out, len, "%s", label);
	for (size_t k = 0; k < sizeof(drop) / sizeof(*drop); k++)
		while ((p = strstr(out, drop[k])) != NULL)
			memmove(p, p + strlen(drop[k]),
			        strlen(p + strlen(drop[k])) + 1);
	/* the line's own separators (": " before the parts, "; " between
	 * them) never inside a label */
	for (p = out; *p; p++)
		if (*p == ';' || *p == ':')
			*p = ',';
}

/* The label of x on the axis: its tick's where xt names one
 * ("\"0\" 1" puts 0 at x = 1), else the number. */
static void x_text(const struct vars *v, double x, char *out, size_t len)
{
	const char *p = v->xt;
	char label[32];
	double at;
	int used;

	while ((p = strchr(p, '"')) != NULL &&
	       sscanf(p, "\"%31[^\"]\" %lf%n", label, &at, &used) == 2) {
		if (at == x) {
			snprintf(out, len, "%s", label);
			return;
		}
		p += used;
	}
	num(x, out, len);
}

/* One series of a line plot: its first and last finite points, its
 * highest and lowest, and its first point above x (speedups: more than
 * the cores; NAN for none). */
struct run {
	char name[96];
	double x0, y0, x1, y1, xmax, ymax, xmin, ymin, x_over, y_over;
	int points;
};

static void line_sentence(const struct vars *v, const struct run *r, char *out,
                          size_t len)
{
	char a[32], b[32], ya[32], yb[32];

	x_text(v, r->x0, a, sizeof(a));
	x_text(v, r->x1, b, sizeof(b));
	if (r->points == 1) {
		tvp_append(out, len, "%s %s at %s", r->name, num(r->y0, ya, 32),
		           a);
		return;
	}
	double q = r->y1 / r->y0;
	const char *how = !(r->y0 > 0)                ? (r->y1 > r->y0   ? "rises"
	                                                 : r->y1 < r->y0 ? "falls"
	                                                                 : "stays level")
	                  : q >= TVP_OBSERVE_MOVE     ? "rises"
	                  : q <= 1 / TVP_OBSERVE_MOVE ? "falls"
	                                              : "stays level";

	tvp_append(out, len, "%s %s from %s at %s to %s at %s", r->name, how,
	           num(r->y0, ya, 32), a, num(r->y1, yb, 32), b);
	/* a peak or a trough between the ends that the ends would hide */
	if (r->ymax > TVP_OBSERVE_MOVE * fmax(r->y0, r->y1)) {
		x_text(v, r->xmax, a, sizeof(a));
		tvp_append(out, len, ", the most %s at %s",
		           num(r->ymax, ya, 32), a);
	}
	if (r->ymin > 0 && r->ymin * TVP_OBSERVE_MOVE < fmin(r->y0, r->y1)) {
		x_text(v, r->xmin, a, sizeof(a));
		tvp_append(out, len, ", the least %s at %s",
		           num(r->ymin, ya, 32), a);
	}
}

/* A line plot's series, each from the "# name" line that opens it. */
static int read_runs(FILE *f, struct run *runs)
{
	char line[1024];
	int n = -1;

	while (fgets(line, sizeof(line), f)) {
		double x, y;

		if (line[0] == '#') {
			if (n + 1 >= MAX_SERIES)
				break;
			n++;
			memset(&runs[n], 0, sizeof(runs[n]));
			snprintf(runs[n].name, sizeof(runs[n].name), "%s",
			         line + 1 + (line[1] == ' '));
			runs[n].name[strcspn(runs[n].name, "\n")] = '\0';
		} else if (n >= 0 && sscanf(line, "%lf %lf", &x, &y) == 2 &&
		           isfinite(x) && isfinite(y)) {
			struct run *r = &runs[n];

			if (r->points++ == 0) {
				r->x0 = x, r->y0 = y;
				r->xmax = r->xmin = x, r->ymax = r->ymin = y;
				r->x_over = r->y_over = NAN;
			}
			r->x1 = x, r->y1 = y;
			if (y > r->ymax)
				r->xmax = x, r->ymax = y;
			if (y < r->ymin)
				r->xmin = x, r->ymin = y;
			if (y > x * 1.02 && isnan(r->x_over))
				r->x_over = x, r->y_over = y;
		}
	}
	return n + 1;
}

static void lines(FILE *f, const struct vars *v, char *out, size_t len)
{
	struct run runs[MAX_SERIES];
	int n = read_runs(f, runs), said = 0;
	char xl[160], yl[160];

	if (!strcmp(v->kind, "cpu")) {
		snprintf(xl, sizeof(xl), "cores");
		snprintf(yl, sizeof(yl), "speedup over the serial run");
	} else if (!strcmp(v->kind, "io")) {
		snprintf(xl, sizeof(xl), "workers");
		snprintf(yl, sizeof(yl), "tasks per second");
	} else {
		bare(v->xlabel, xl, sizeof(xl));
		bare(v->ylabel, yl, sizeof(yl));
		if (*xl == '\0' &&
		    (strstr(v->xt, " B\"") || strstr(v->xt, "iB\"")))
			snprintf(xl, sizeof(xl), "message size");
	}
	tvp_append(out, len, "%s, by %s: ", yl, xl);
	for (int i = 0; i < n; i++) {
		char a[32], y[32];

		if (runs[i].points == 0)
			continue;
		tvp_append(out, len, "%s", said++ ? "; " : "");
		line_sentence(v, &runs[i], out, len);
		/* a speedup above the cores it had cannot be: said */
		if (!strcmp(v->kind, "cpu") && !isnan(runs[i].x_over)) {
			x_text(v, runs[i].x_over, a, sizeof(a));
			tvp_append(
			        out, len,
			        " (%s at %s: more than its cores, not a possible "
			        "figure)",
			        num(runs[i].y_over, y, sizeof(y)), a);
		}
	}
}

/* The next number of a bars row (NaN for "NaN"); false at its end. */
static bool next_value(char **p, double *x)
{
	char *end;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	if (**p == '\0' || **p == '\n')
		return false;
	*x = strtod(*p, &end);
	if (end == *p)
		return false;
	*p = end;
	return true;
}

/* One bars row: "label" then a value (and its interval) per series. */
static void bar_group(const struct vars *v, char *line, int per, char *out,
                      size_t len)
{
	char *p = strchr(line + 1, '"');
	double val[MAX_SERIES];
	int n = 0, said = 0;

	if (line[0] != '"' || p == NULL)
		return;
	/* (a label's line breaks, "\n" in the data, as words: a comma,
	 * or a space before what is in brackets) */
	for (const char *c = line + 1; c < p; c++)
		if (c[0] == '\\' && c[1] == 'n') {
			tvp_append(out, len, "%s", c[2] == '(' ? " " : ", ");
			c++;
		} else
			tvp_append(out, len, "%c", *c);
	tvp_append(out, len, ": ");
	p++;
	double parts_sum = 0;

	for (double x; n < MAX_SERIES && next_value(&p, &x);) {
		val[n++] = x;
		parts_sum += x;
		for (int k = 1; k < per; k++) {
			next_value(&p, &x);
			parts_sum += x;
		}
	}
	for (int i = 0; i < n && i < v->n; i++) {
		char t[32];

		if (isfinite(val[i]))
			/* (one series: its title is the axis's, not said) */
			tvp_append(out, len, "%s%s%s%s", said++ ? ", " : "",
			           v->n > 1 ? v->title[i] : "",
			           v->n > 1 && *v->title[i] ? " " : "",
			           num(val[i], t, sizeof(t)));
	}
	/* a bar of work above the cores it had (parts) cannot be: said;
	 * nor can parts that sum past them (the accounting's parts then
	 * overlap): said with their sum */
	if (v->maxk > 0 && n >= 1 && val[0] > v->maxk * 1.02)
		tvp_append(out, len,
		           " (more than its %g cores: not a possible figure)",
		           v->maxk);
	else if (v->maxk > 0 && per > 3 && n == 1 && parts_sum > v->maxk * 1.02)
		tvp_append(out, len,
		           " (its parts sum to %.3g, more than its %g cores: "
		           "the parts overlap by that much)",
		           parts_sum, v->maxk);
	/* (which way the ratio goes, in words: the second series over the
	 * first) */
	if (n == 2 && v->n == 2 && isfinite(val[0] + val[1]) && val[0] > 0 &&
	    val[1] > 0)
		tvp_append(out, len, " (%s %.2fx %s)", v->title[1],
		           val[1] / val[0], v->title[0]);
}

static void bars(FILE *f, const struct vars *v, int per, char *out, size_t len)
{
	char line[2048], yl[160];
	int groups = 0;

	bare(v->ylabel, yl, sizeof(yl));
	tvp_append(out, len, "%s: ", yl);
	while (fgets(line, sizeof(line), f))
		if (line[0] == '"') {
			tvp_append(out, len, "%s", groups++ ? "; " : "");
			bar_group(v, line, per, out, len);
		}
}

void tvp_plot_embed(FILE *f, const char *dir, const char *name,
                    const char *alt_fmt, ...)
{
	char png[PATH_MAX], seen[2048];
	va_list ap;

	fputs("![", f);
	va_start(ap, alt_fmt);
	/* (clang-tidy 14 loses track of the va_start just above) */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	vfprintf(f, alt_fmt, ap);
	va_end(ap);
	fprintf(f, "](plots/%s.png)\n\n", name);
	snprintf(png, sizeof(png), "%s/plots/%s.png", dir, name);
	if (tvp_observe(png, seen, sizeof(seen)))
		fprintf(f, "*What you should see:* %s.\n\n", seen);
}

int tvp_observe(const char *png, char *out, size_t len)
{
	char path[PATH_MAX];
	size_t n = strlen(png);
	struct vars v;
	FILE *f;

	*out = '\0';
	if (n < 4 || n + 2 > sizeof(path))
		return 0;
	snprintf(path, sizeof(path), "%.*s.vars", (int)(n - 4), png);
	read_vars(path, &v);
	snprintf(path, sizeof(path), "%.*s.dat", (int)(n - 4), png);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (!strcmp(v.kind, "lines") || !strcmp(v.kind, "cpu") ||
	    !strcmp(v.kind, "io"))
		lines(f, &v, out, len);
	else if (!strcmp(v.kind, "bars"))
		bars(f, &v, 3, out, len);
	else if (!strcmp(v.kind, "parts")) {
		/* the work is each bar's first column: one series */
		v.n = 1;
		v.title[0][0] = '\0';
		snprintf(v.ylabel, sizeof(v.ylabel),
		         "the work done, in cores of the %g each bar had",
		         v.maxk);
		bars(f, &v, 5, out, len);
	}
	fclose(f);
	return *out != '\0';
}

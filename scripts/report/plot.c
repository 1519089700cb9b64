/* SPDX-License-Identifier: MIT */
/* The plot data files (plot.h). */
#include "plot.h"

#include <limits.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

int tvp_plotfiles_open(struct tvp_plotfiles *p, const char *dir,
                       const char *name, const char *kind)
{
	char pdir[PATH_MAX], file[PATH_MAX];

	snprintf(pdir, sizeof(pdir), "%s/plots", dir);
	mkdir(pdir, 0755);
	snprintf(file, sizeof(file), "%s.dat", name);
	if (tvp_out_open(&p->dat, pdir, file) != 0)
		return -1;
	snprintf(file, sizeof(file), "%s.vars", name);
	if (tvp_out_open(&p->vars, pdir, file) != 0) {
		fclose(p->dat.f);
		remove(p->dat.tmp);
		return -1;
	}
	fprintf(p->vars.f, "kind = \"%s\"\n", kind);
	return 0;
}

int tvp_plotfiles_close(struct tvp_plotfiles *p)
{
	int bad = tvp_out_close(&p->dat) != 0;

	bad |= tvp_out_close(&p->vars) != 0;
	return bad ? -1 : 0;
}

void tvp_plotfiles_remove(const char *dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/plots/%s.dat", dir, name);
	unlink(path);
	snprintf(path, sizeof(path), "%s/plots/%s.vars", dir, name);
	unlink(path);
}

/* The pair for a plot of KIND (the gnuplot script plots.sh picks). */
static int open_kind(struct tvp_plot *p, const char *dir, const char *name,
                     const char *kind)
{
	p->n = 0;
	if (tvp_plotfiles_open(&p->files, dir, name, kind) != 0)
		return -1;
	p->dat = p->files.dat.f;
	p->vars = p->files.vars.f;
	return 0;
}

int tvp_plot_open(struct tvp_plot *p, const char *dir, const char *name)
{
	return open_kind(p, dir, name, "lines");
}

void tvp_plot_series(struct tvp_plot *p, const char *title)
{
	if (p->n++ > 0)
		fputs("\n\n", p->dat);
	fprintf(p->dat, "# %s\n", title);
	fprintf(p->vars, "T%d = \"%s\"\n", p->n, title);
}

int tvp_plot_close(struct tvp_plot *p, const char *title, const char *xl,
                   const char *yl, int logx, int logy, const char *extra)
{
	fputs("\n", p->dat);
	fprintf(p->vars,
	        "title = \"%s\"\nxlabel = \"%s\"\nylabel = \"%s\"\n"
	        "logx = %d\nlogy = %d\nN = %d\narray T[N]\n"
	        "do for [i=1:N] { T[i] = value(sprintf('T%%d', i)) }\n%s",
	        title, xl, yl, logx, logy, p->n, extra ? extra : "");
	return tvp_plotfiles_close(&p->files);
}

int tvp_bars_open(struct tvp_plot *p, const char *dir, const char *name)
{
	return open_kind(p, dir, name, "bars");
}

void tvp_bars_series(struct tvp_plot *p, const char *title)
{
	fprintf(p->vars, "T%d = \"%s\"\n", ++p->n, title);
}

void tvp_bars_row(struct tvp_plot *p, const char *label, const double *ylh)
{
	fprintf(p->dat, "\"%s\"", label);
	for (int i = 0; i < 3 * p->n; i++)
		if (isnan(ylh[i]))
			fputs(" NaN", p->dat);
		else
			fprintf(p->dat, " %g", ylh[i]);
	fputs("\n", p->dat);
}

void tvp_size_tick(double b, char *out, size_t len)
{
	if (b >= 1 << 20 && fmod(b, 1 << 20) == 0)
		snprintf(out, len, "%.0f MiB", b / (1 << 20));
	else if (b >= 1024 && fmod(b, 1024) == 0)
		snprintf(out, len, "%.0f KiB", b / 1024);
	else
		snprintf(out, len, "%.0f B", b);
}

size_t tvp_size_xtics(const double *sizes, int n, char *out, size_t len)
{
	size_t l = (size_t)snprintf(out, len, "xt = '(");
	char tick[32];

	for (int s = 0; s < n && l < len; s++) {
		tvp_size_tick(sizes[s], tick, sizeof(tick));
		l += (size_t)snprintf(out + l, len - l, "%s\"%s\" %.0f",
		                      s ? ", " : "", tick, sizes[s]);
	}
	if (l < len)
		l += (size_t)snprintf(out + l, len - l, ")'\n");
	return l < len ? l : len;
}

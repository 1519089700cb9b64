/* SPDX-License-Identifier: MIT */
/* Plot data for plots/lines.gp: the .dat/.vars pair (plot.h). */
#include "plot.h"

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

int tvp_plot_open(struct tvp_plot *p, const char *dir, const char *name)
{
	char pdir[PATH_MAX];

	snprintf(pdir, sizeof(pdir), "%s/plots", dir);
	mkdir(pdir, 0755);
	snprintf(p->dat_path, sizeof(p->dat_path), "%s/%s.dat", pdir, name);
	snprintf(p->vars_path, sizeof(p->vars_path), "%s/%s.vars", pdir, name);
	p->dat = fopen(p->dat_path, "w");
	p->vars = fopen(p->vars_path, "w");
	p->n = 0;
	if (p->dat && p->vars) {
		fputs("kind = \"lines\"\n", p->vars);
		return 0;
	}
	if (p->dat)
		fclose(p->dat);
	if (p->vars)
		fclose(p->vars);
	return -1;
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
	return (fclose(p->dat) | fclose(p->vars)) ? -1 : 0;
}

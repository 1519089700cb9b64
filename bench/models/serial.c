/* SPDX-License-Identifier: MIT */
/* serial: one loop in one thread. The baseline every speedup divides. */
#include "../tvp.h"

static int run_model(struct tvp_run *run)
{
	for (long i = 0; i < run->tasks; i++)
		tvp_run_task(run, 0, i);
	return 0;
}

const struct tvp_model tvp_model = {
	.name = "serial",
	.role = TVP_ROLE_BASELINE,
	.schedules = 0,
	.run = run_model,
};

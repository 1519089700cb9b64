/* SPDX-License-Identifier: MIT */
/* serial: one loop in one thread. The baseline every speedup divides. */
#include "../tvp.h"

const char tvp_model_name[] = "serial";
const bool tvp_model_has_schedule = false;

int tvp_model_run(struct tvp_run *run)
{
	for (long i = 0; i < run->tasks; i++) {
		run->results[i] = run->wl->task(i);
		run->done[i] = 1;
	}
	return 0;
}

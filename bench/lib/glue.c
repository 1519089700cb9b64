/* SPDX-License-Identifier: MIT */
/* Compiled once per workload with -DTVP_WL=name: picks the program's workload. */
#include "../tvp.h"

#define CAT(a, b)  a##b
#define XCAT(a, b) CAT(a, b)

extern const struct tvp_workload XCAT(tvp_workload_, TVP_WL);
const struct tvp_workload *const tvp_workload = &XCAT(tvp_workload_, TVP_WL);

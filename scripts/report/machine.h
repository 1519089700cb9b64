/* SPDX-License-Identifier: MIT */
/* The head of a folder's report.md (machine.c). */
#ifndef TVP_REPORT_MACHINE_H
#define TVP_REPORT_MACHINE_H

#include <jansson.h>
#include <stdio.h>

#include "results.h"

struct tvp_folder;

/* The folder's title and its machine's table: CPU, its facts, memory,
 * counters, the hypervisor's steal and the command that reproduces the
 * run. */
void tvp_machine_block(FILE *f, const struct tvp_folder *fo);

/* How many rounds the configurations got, and which are still wider than
 * machine.json's target (the sweep adds rounds to those while its budget
 * lasts), and what the sweep took against its budget (raw/stages.txt). */
void tvp_rounds_sentence(FILE *f, const struct tvp_folder *fo);

#endif

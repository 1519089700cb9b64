/* SPDX-License-Identifier: MIT */
#ifndef TVP_REPORT_PUBLISH_H
#define TVP_REPORT_PUBLISH_H

/* Write OUT (RESULTS.md) from the folders LIST names (results/published),
 * each folder's machine.json and claims.json; 0, or 1 after saying why. */
int tvp_cmd_publish(const char *list, const char *out);
/* Print DIR's verdicts from its claims.json, one line a claim. */
int tvp_cmd_verdicts(const char *dir);

#endif

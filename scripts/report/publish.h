/* SPDX-License-Identifier: MIT */
#ifndef TVP_REPORT_PUBLISH_H
#define TVP_REPORT_PUBLISH_H

/* Write OUT (RESULTS.md) from the folders LIST names (results/published),
 * each folder's machine.json and claims.json; 0, or 1 after saying why. */
int tvp_cmd_publish(const char *list, const char *out);
/* Print DIR's verdicts from its claims.json, one line a claim. */
int tvp_cmd_verdicts(const char *dir);

/* One claim's card from DIR/claims.json, in the terminal (make claim);
 * 2 for a claim that is not C1..C10, 1 when the file cannot be read. */
int tvp_cmd_card(const char *dir, const char *claim);

#endif

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pysleep: the seeds' Pool(5) with 30 tasks of time.sleep, returning i + 100
through apply_async's callback (claims C3 and C6). The checksum is the C
sleep's: the sum of i + 100.
"""
import functools
import time

import tvp


def nap(ms, i):
    time.sleep(ms / 1000)
    return i + 100


def make_task(ms):
    return functools.partial(nap, ms)


if __name__ == "__main__":
    tvp.main("pysleep", "io",
             "each task sleeps ms milliseconds, returns i + 100, in Python",
             30, "sleep.py --model procs --workers 5 --ms 100",
             {"ms": (100, 3_600_000, "milliseconds each task sleeps")},
             make_task,
             # four tasks a worker at every worker count, as C's, of
             # 20 ms: the Pool hands its tasks out one at a time (about
             # one a millisecond on two vCPUs), and with 10 ms tasks the
             # workers done first took the next ones before the last had
             # any (50 of 64 ran one); at 20 ms all 64 ran one in every
             # run so far, though not all at once
             sweep=("--tasks-per-worker 4 --ms 20",
                    "--tasks-per-worker 8 --ms 20"))

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pycount: the seeds' loop, `for _ in range(n): sum += 1`, in CPython.

Claims C1 and C2: under the GIL, threads take turns on one core; processes
each have their own interpreter and run in parallel. The checksum is the
C count's: tasks x n.
"""
import functools

import tvp


def count(n, i):
    total = 0
    for _ in range(n):
        total += 1
    return total


def make_task(n):
    return functools.partial(count, n)


if __name__ == "__main__":
    tvp.main("pycount", "cpu",
             "each task adds 1 to a sum n times (the seeds' loop), in Python",
             48, "count.py --model procs --workers 2 --n 200000 --json",
             {"n": (1_000_000, 1 << 40, "increments per task")}, make_task,
             # the same work per worker at any core count, as C's: 8
             # tasks a worker (quick), about as many seconds of work as
             # C's quick tasks (0.34 s a worker on the 2-vCPU VM), with
             # creating the pool before them under 2% of the window
             # (spawn_ns and window_ns say what it was); FULL more per
             # task, and twice the tasks
             sweep=("--n 2000000 --tasks-per-worker 8",
                    "--n 2600000 --tasks-per-worker 16"),
             # the sweep sizes n to the machine (--calibrate-ms), as C's
             # count: 42 ms a task; the n above is that on the 2-vCPU VM
             scale_knob="n", task_ms=42)

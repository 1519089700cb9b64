#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pyrace: the seeds' lost-update experiment (claim C9). W workers each do
`plist[0] += 1` n times on a multiprocessing Array('i', 10), the seeds'
shared array: without the lock, and inside `with plist.get_lock()`.
Threads and processes update the very same kind of object through the
same interface (a thread can use the Array as a process does), so that
the two lines differ in the model only: with a plain list for the threads
the interpreter would run another operation (a list's item, not a
synchronised ctypes one) and the contrast would be manufactured.

Every worker waits at one start gate (a multiprocessing Barrier, as C's)
and stamps its start and end; each line gives the first and last start
and end in ns after the run began (before the workers were created),
overlap_frac (first end - last start over last end - first start: the
share of the run during which every worker was running) and on how many
distinct CPUs the workers ended (distinct_cpus)."""
import os
import multiprocessing as mp
import threading
import time

import micro
import tvp

SHARED_OBJECT = "multiprocessing.Array('i', 10)"


def current_cpu():
    """The CPU this thread last ran on (/proc: field 39 of its stat)."""
    try:
        with open("/proc/thread-self/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[36])
    except (OSError, IndexError, ValueError):
        return -1


def add(plist, n, locked, gate, stamps, cpus, w):
    lock = plist.get_lock() if locked else None
    gate.wait()
    stamps[2 * w] = time.monotonic_ns()
    for _ in range(n):
        if lock is None:
            plist[0] += 1  # read, add, write: another worker can interleave
        else:
            with lock:
                plist[0] += 1
    stamps[2 * w + 1] = time.monotonic_ns()
    cpus[w] = current_cpu()


def run(model, locked, workers, n):
    plist = mp.Array("i", 10)
    gate = mp.Barrier(workers)
    stamps, cpus = mp.RawArray("q", 2 * workers), mp.RawArray("i", workers)
    make = mp.Process if model == "process" else threading.Thread
    t0 = time.monotonic_ns()
    ws = [make(target=add, args=(plist, n, locked, gate, stamps, cpus, w))
          for w in range(workers)]
    for w in ws:
        w.start()
    for w in ws:
        w.join()
        if model == "process" and w.exitcode != 0:
            micro.die(f"a worker ended with exit code {w.exitcode}")
    starts = [stamps[2 * w] - t0 for w in range(workers)]
    ends = [stamps[2 * w + 1] - t0 for w in range(workers)]
    span = max(ends) - min(starts)
    both = min(ends) - max(starts)
    line = {"first_start_ns": min(starts), "last_start_ns": max(starts),
            "first_end_ns": min(ends), "last_end_ns": max(ends),
            "overlap_frac": both / span if span > 0 and both > 0 else 0.0,
            "distinct_cpus": len(set(cpus))}
    return plist[0], span / 1e9, line


def main():
    p = micro.parser("race.py", __doc__, "race.py --workers 5 --n 100000")
    # one worker per CPU, as C's racing variants: the seeds' five on a
    # two-CPU machine take turns, and the updates need workers at once
    p.add_argument("--workers", type=tvp.positive(256),
                   default=max(2, min(256, len(os.sched_getaffinity(0)))))
    p.add_argument("--n", type=tvp.positive(1 << 30), default=200000,
                   help="increments per worker")
    args = p.parse_args()
    expected = args.workers * args.n
    for model in ("thread", "process"):
        for locked in (False, True):
            final, secs, timeline = run(model, locked, args.workers, args.n)
            if locked and final != expected:
                micro.die(f"COUNT MISMATCH: {model} with the lock ended at "
                          f"{final}, want {expected}")
            micro.emit(args, {
                "bench": "pyrace", "variant": "lock" if locked else "none",
                "model": model, "workers": args.workers,
                "shared_object": SHARED_OBJECT,
                "ns_per_increment": secs * 1e9 / expected,
                "expected_count": expected, "final_count": final,
                "lost_updates": expected - final, **timeline})


if __name__ == "__main__":
    main()

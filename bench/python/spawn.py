#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pyspawn: start + join of a threading.Thread vs a multiprocessing.Process
under each start method (fork, forkserver, spawn): claim C4 in Python.

As C's spawn, the parent's memory is a sweep (--rss-mib): that many MiB
mapped, private, kept off transparent huge pages where the interpreter can
ask (mmap.madvise) and touched page by page before the timing. Every line
names its start method (null for a thread) and its parent's size, with
the parent's huge-page state (thp: whether huge pages were allowed;
anon_huge_kib: the AnonHugePages it holds). A forkserver child is forked
from the server, not from this parent, so its cost should not follow the
parent's size; a spawn child is a new interpreter."""
import mmap
import multiprocessing as mp
import threading

import micro

PAGE = mmap.PAGESIZE


def nothing():
    pass


def anon_huge_kib():
    """AnonHugePages of this process, KiB, as C's spawn; -1 if unknown."""
    try:
        with open("/proc/self/smaps_rollup") as f:
            for line in f:
                if line.startswith("AnonHugePages:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return -1


def parent_memory(mib):
    """mib MiB, mapped and touched; None for 0."""
    if mib == 0:
        return None
    mem = mmap.mmap(-1, mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    if hasattr(mmap, "MADV_NOHUGEPAGE"):
        mem.madvise(mmap.MADV_NOHUGEPAGE)
    for off in range(0, mib << 20, PAGE):
        mem[off] = 1
    return mem


def threads(n):
    for _ in range(n):
        t = threading.Thread(target=nothing)
        t.start()
        t.join()


def procs_of(ctx):
    def procs(n):
        for _ in range(n):
            w = ctx.Process(target=nothing)
            w.start()
            w.join()
            if w.exitcode != 0:
                micro.die(f"a {ctx.get_start_method()} child failed")
    return procs


def main():
    p = micro.parser("spawn.py", __doc__, "spawn.py --rss-mib 0,512 --json")
    p.add_argument("--rss-mib", default="0,64,512",
                   help="the parent's memory, MiB, a list (0 to 65536)")
    args = p.parse_args()
    try:
        sizes = [int(s) for s in args.rss_mib.split(",")]
    except ValueError:
        p.error(f"--rss-mib {args.rss_mib}: not a list of numbers")
    if any(s < 0 or s > 1 << 16 for s in sizes):
        p.error("--rss-mib: each between 0 and 65536")
    variants = [("thread", None, threads)]
    for method in mp.get_all_start_methods():
        variants.append((f"process-{method}", method,
                         procs_of(mp.get_context(method))))
    for mib in sizes:
        mem = parent_memory(mib)
        # a thread and a forked process in rotation (C4's ratio is taken
        # repetition by repetition, as C's spawn does); the others alone
        fork = [v for v in variants if v[0] == "process-fork"]
        pair = (micro.measure_pair(args, threads, fork[0][2]) if fork
                else None)
        for name, method, op in variants:
            if pair and name in ("thread", "process-fork"):
                med, lo, hi = pair[0 if name == "thread" else 1]
            else:
                med, lo, hi = micro.measure(args, op)
            point = {"bench": "pyspawn", "variant": name,
                     "start_method": method, "parent_rss_mib": mib,
                     "thp": not hasattr(mmap, "MADV_NOHUGEPAGE"),
                     "anon_huge_kib": anon_huge_kib(),
                     "us_per_op": med * 1e6, "us_per_op_min": lo * 1e6,
                     "us_per_op_max": hi * 1e6}
            if pair and name == "process-fork":
                micro.add_ratio(point, pair[2], "thread", "fork/thread")
            micro.emit(args, point)
        if mem is not None:
            mem.close()


if __name__ == "__main__":
    main()

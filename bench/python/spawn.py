#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pyspawn: start + join of a threading.Thread vs a multiprocessing.Process
under each start method (fork, forkserver, spawn): claim C4 in Python."""
import multiprocessing as mp
import threading

import micro


def nothing():
    pass


def main():
    p = micro.parser("spawn.py", __doc__, "spawn.py --json")
    args = p.parse_args()

    def threads(n):
        for _ in range(n):
            t = threading.Thread(target=nothing)
            t.start()
            t.join()

    variants = [("thread", threads)]
    for method in mp.get_all_start_methods():
        ctx = mp.get_context(method)

        def procs(n, ctx=ctx):
            for _ in range(n):
                w = ctx.Process(target=nothing)
                w.start()
                w.join()
                if w.exitcode != 0:
                    micro.die(f"a {ctx.get_start_method()} child failed")
        variants.append((f"process-{method}", procs))
    for name, op in variants:
        med, lo, hi = micro.measure(args, op)
        micro.emit(args, {"bench": "pyspawn", "variant": name,
                          "us_per_op": med * 1e6, "us_per_op_min": lo * 1e6,
                          "us_per_op_max": hi * 1e6})


if __name__ == "__main__":
    main()

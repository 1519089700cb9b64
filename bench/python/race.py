#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pyrace: the seeds' lost-update experiment (claim C9). W workers each do
`plist[0] += 1` n times on a multiprocessing Array('i', 10), the seeds'
shared array: without the lock, and inside `with plist.get_lock()`. The
same for threads on a plain list, without and with a threading.Lock."""
import multiprocessing as mp
import threading
import time

import micro
import tvp


def add(plist, n, lock):
    for _ in range(n):
        if lock is None:
            plist[0] += 1  # read, add, write: another worker can interleave
        else:
            with lock:
                plist[0] += 1


def proc_add(plist, n, locked):
    add(plist, n, plist.get_lock() if locked else None)


def run(model, locked, workers, n):
    if model == "process":
        plist = mp.Array("i", 10)
        ws = [mp.Process(target=proc_add, args=(plist, n, locked))
              for _ in range(workers)]
    else:
        plist, lock = [0] * 10, threading.Lock()
        ws = [threading.Thread(target=add,
                               args=(plist, n, lock if locked else None))
              for _ in range(workers)]
    t = time.perf_counter()
    for w in ws:
        w.start()
    for w in ws:
        w.join()
    return plist[0], time.perf_counter() - t


def main():
    p = micro.parser("race.py", __doc__, "race.py --workers 5 --n 100000")
    p.add_argument("--workers", type=tvp.positive(256), default=5)
    p.add_argument("--n", type=tvp.positive(1 << 30), default=200000,
                   help="increments per worker")
    args = p.parse_args()
    expected = args.workers * args.n
    for model in ("thread", "process"):
        for locked in (False, True):
            final, secs = run(model, locked, args.workers, args.n)
            if locked and final != expected:
                micro.die(f"COUNT MISMATCH: {model} with the lock ended at "
                          f"{final}, want {expected}")
            micro.emit(args, {
                "bench": "pyrace", "variant": "lock" if locked else "none",
                "model": model, "workers": args.workers,
                "ns_per_increment": secs * 1e9 / expected,
                "expected_count": expected, "final_count": final,
                "lost_updates": expected - final})


if __name__ == "__main__":
    main()

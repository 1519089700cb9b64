# SPDX-License-Identifier: MIT
"""Shared by the Python micro-benchmarks: a calibrated timing loop (grow
the count until a repetition lasts --min-ms, one warm-up, --reps
repetitions, the median; 11 by default, as C's: 10 is the least the
report judges a figure on) and tvp's one-line bad-argument rule. Every
line says how many repetitions its figures rest on (reps)."""
import json
import statistics
import sys
import time

import tvp


def parser(prog, summary, example):
    p = tvp.Parser(prog=prog, description=summary, epilog=f"example: {example}")
    p.add_argument("--json", action="store_true")
    p.add_argument("--reps", type=tvp.positive(1000), default=11)
    p.add_argument("--min-ms", type=tvp.positive(60000), default=100)
    return p


def measure(args, op):
    """op(n) performs n operations; returns (median, min, max) seconds per op."""
    want, n = args.min_ms / 1000, 1
    while True:
        t = time.perf_counter()
        op(n)
        if time.perf_counter() - t >= want or n >= 1 << 30:
            break
        n *= 2
    op(n)  # warm-up
    per_op = []
    for _ in range(args.reps):
        t = time.perf_counter()
        op(n)
        per_op.append((time.perf_counter() - t) / n)
    return statistics.median(per_op), min(per_op), max(per_op)


def emit(args, point):
    name, gil = tvp.interpreter()
    point.update({"lang": "python", "interpreter": name, "gil": gil})
    if "us_per_op" in point or "us_per_roundtrip" in point:
        point.setdefault("reps", args.reps)  # what its figures rest on
    if args.json:
        print(json.dumps(point, separators=(",", ":")), flush=True)
    else:
        print(" ".join(f"{k}={v}" for k, v in point.items()), flush=True)


def die(message):
    sys.stderr.write(f"{sys.argv[0]}: {message}\n")
    sys.exit(1)

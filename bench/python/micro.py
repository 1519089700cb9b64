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
    n = calibrate(args, op)
    per_op = [timed(op, n) for _ in range(args.reps)]
    return statistics.median(per_op), min(per_op), max(per_op)


def median_rank(n):
    """The largest k with P(B < k) <= 0.025, B ~ Binomial(n, 1/2): the 95%
    order-statistics interval of a median of n values is [x(k), x(n+1-k)]
    (1-based); 0 where even the extremes cover less (n < 6). The same rule
    as C's (bench/lib/interval.h)."""
    p, tail, k = 0.5 ** n, 0.0, 0
    for i in range(n):
        if tail + p > 0.025:
            break
        tail += p
        k = i + 1
        p = p * (n - i) / (i + 1)
    return k


def calibrate(args, op):
    """The count of operations a repetition needs to last --min-ms, then
    one warm-up."""
    want, n = args.min_ms / 1000, 1
    while True:
        t = time.perf_counter()
        op(n)
        if time.perf_counter() - t >= want or n >= 1 << 30:
            break
        n *= 2
    op(n)  # warm-up
    return n


def timed(op, n):
    t = time.perf_counter()
    op(n)
    return (time.perf_counter() - t) / n


def measure_pair(args, op_a, op_b):
    """op_a and op_b in rotation, as C's micro_measure_pair: each
    calibrated and warmed up on its own, then per repetition a warm-up
    and a timed run of a, the same of b, and the ratio b / a of that
    repetition. Returns ((median, min, max) of a, the same of b,
    (median, lo, hi) of the ratios), seconds per op; lo and hi the 95%
    order-statistics interval (None under 6 repetitions)."""
    na, nb = calibrate(args, op_a), calibrate(args, op_b)
    a, b = [], []
    for _ in range(args.reps):
        op_a(na)
        a.append(timed(op_a, na))
        op_b(nb)
        b.append(timed(op_b, nb))
    q = sorted(y / x for x, y in zip(a, b))
    k = median_rank(len(q))
    return ((statistics.median(a), min(a), max(a)),
            (statistics.median(b), min(b), max(b)),
            (statistics.median(q), q[k - 1] if k else None,
             q[len(q) - k] if k else None))


def add_ratio(point, ratio, twin, what):
    """The paired ratio on the process side's line, as C's vs_thread."""
    point.update({"vs_thread": ratio[0], "vs_thread_variant": twin,
                  "vs_thread_stat": f"median of paired {what} ratios, "
                                    "95% order-statistics interval"})
    if ratio[1] is not None:  # 6 repetitions at least
        point.update({"vs_thread_lo": ratio[1], "vs_thread_hi": ratio[2]})


def emit(args, point):
    name, gil = tvp.interpreter()
    point.update({"lang": "python", "interpreter": name, "gil": gil})
    if "us_per_op" in point or "us_per_roundtrip" in point:
        point.setdefault("reps", args.reps)  # what its figures rest on
        # and how long each repetition lasted at least (C7 needs 10 ms:
        # with 5 ms ones mp.Queue's 8 B round trip took 116-120 us in
        # two runs of four, against 63-74 us with 10 ms ones)
        point.setdefault("rep_ms", args.min_ms)
    if args.json:
        print(json.dumps(point, separators=(",", ":")), flush=True)
    else:
        print(" ".join(f"{k}={v}" for k, v in point.items()), flush=True)


def die(message):
    sys.stderr.write(f"{sys.argv[0]}: {message}\n")
    sys.exit(1)

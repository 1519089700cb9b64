# SPDX-License-Identifier: MIT
"""The seeds' Python experiments with tvp's command line and result line.

Every program takes --model serial|threads|procs, --schedule, --workers,
--tasks, --pin, --json like the C programs and prints the same JSON object
(plus lang, interpreter, gil, api and start_method), so the sweep and the
report treat C and Python alike. Only the standard library is used.
"""
import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

# Which Python API each model and schedule runs: the seeds' own tools.
APIS = {
    ("threads", "static"): "threading.Thread, one chunk each",
    ("threads", "per-task"): "threading.Thread per task",
    ("threads", "pool"): "concurrent.futures.ThreadPoolExecutor",
    ("procs", "static"): "multiprocessing.Process, one chunk each",
    ("procs", "per-task"): "multiprocessing.Process per task",
    ("procs", "pool"): "multiprocessing.Pool.apply_async + callback",
    ("procs", "executor"): "concurrent.futures.ProcessPoolExecutor",
    ("serial", "none"): "a for loop",
}


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line on stderr and exit 2."""

    def error(self, message):
        sys.stderr.write(f"{self.prog}: {message} (see --help)\n")
        sys.exit(2)


def positive(limit):
    def parse(text):
        try:
            value = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number")
        if not 1 <= value <= limit:
            raise argparse.ArgumentTypeError(f"{value} is not in 1..{limit}")
        return value
    return parse


def parser(prog, summary, default_tasks, example):
    p = Parser(prog=prog, description=summary,
               epilog=f"example: {example}")
    p.add_argument("--model", choices=["serial", "threads", "procs"],
                   default="serial")
    p.add_argument("--schedule", default=None,
                   choices=["static", "per-task", "pool", "executor"],
                   help="pool (default); executor: ProcessPoolExecutor")
    p.add_argument("--workers", type=positive(4096), default=1)
    p.add_argument("--tasks", type=positive(1_000_000), default=None,
                   help=f"tasks (default {default_tasks})")
    p.add_argument("--tasks-per-worker", type=positive(1_000_000),
                   default=None, help="P x W tasks: the same work per "
                   "worker at any W (tasks all the same work)")
    p.add_argument("--pin", action="store_true",
                   help="pin worker k to allowed CPU k mod ncpus")
    p.add_argument("--start-method", choices=mp.get_all_start_methods(),
                   default=None, help="multiprocessing start method")
    p.add_argument("--fork-first", choices=["yes", "no"], default="yes",
                   help="a CPU-bound run forks once in each process that "
                   "times tasks, before its clock (fork_once); no: C6, "
                   "which times the workers' creation")
    p.add_argument("--json", action="store_true")
    return p


def check(p, args, default_tasks):
    if args.tasks is not None and args.tasks_per_worker is not None:
        p.error("--tasks and --tasks-per-worker: give one")
    if args.tasks_per_worker is not None:
        if args.tasks_per_worker * args.workers > 1_000_000:
            p.error(f"--tasks-per-worker {args.tasks_per_worker}: more than "
                    f"1000000 tasks for {args.workers} workers")
        args.tasks = args.tasks_per_worker * args.workers
    elif args.tasks is None:
        args.tasks = default_tasks
    if args.model == "serial":
        if args.workers != 1 or args.schedule not in (None, "none"):
            p.error("the serial model runs one worker, no schedule")
        args.schedule = "none"
    elif args.schedule is None:
        args.schedule = "pool"
    if args.schedule == "executor" and args.model != "procs":
        p.error("--schedule executor is for --model procs")


ALLOWED = sorted(os.sched_getaffinity(0))


def cpu_of(worker):
    """The CPU pin(worker) pins to: allowed CPU worker mod the CPUs."""
    return ALLOWED[worker % len(ALLOWED)]


def pin(worker):
    # sched_setaffinity(0) acts on the calling thread, as in C
    os.sched_setaffinity(0, {cpu_of(worker)})


def timed(task, i):
    """Run task i and account for it, as the C programs' tvp_task does:
    (i, value, CPU ns inside the task on this thread, start and end on the
    monotonic clock, which worker ran it). The record travels home with
    the value, through whatever the model uses to return results."""
    start, cpu = time.monotonic_ns(), time.thread_time_ns()
    value = task(i)
    cpu = time.thread_time_ns() - cpu
    return (i, value, cpu, start, time.monotonic_ns(),
            (os.getpid(), threading.get_ident()))


def _chunk(task, args, k, lo, hi):
    if args.pin:
        pin(k)
    return [timed(task, i) for i in range(lo, hi)]


def _one(task, args, k, i):
    if args.pin:
        pin(k)
    return [timed(task, i)]


def _proc_body(queue, settle, fn, *a):
    if settle:  # (a spawned worker never forked: see fork_once)
        fork_once()
    queue.put(fn(*a))


def _pool_init(pin_it, gate, settle=False):
    if settle:  # (a spawned worker never forked: see fork_once)
        fork_once()
    if pin_it:
        ident = mp.current_process()._identity
        pin(ident[0] - 1 if ident else 0)
    # the start gate, as C's: no worker takes a task before every worker
    # is up, so that starting the pool's processes one after another is
    # not inside the window the run is judged on (its own figure,
    # spawn_ns); a worker that never comes breaks it, not hangs it.
    # (ProcessPoolExecutor starts its workers as tasks come, so it has
    # none: a gate for W would wait for workers it may never start.)
    if gate is not None:
        gate.wait(timeout=120)


def run(task, args):
    """Run every task under the model; return ({i: record}, spawn_ns),
    each record as timed() makes it."""
    results, T, W = {}, args.tasks, args.workers
    t0 = time.monotonic_ns()
    spawn_ns = 0
    if args.model == "serial":
        if args.pin:
            pin(0)
        for i in range(T):
            results[i] = timed(task, i)
        return results, 0
    ctx = mp.get_context(args.start_method)
    if args.schedule == "pool" and args.model == "threads":
        with ThreadPoolExecutor(W) as ex:
            spawn_ns = time.monotonic_ns() - t0
            for part in ex.map(lambda i: _one(task, args, i % W, i), range(T)):
                results.update((r[0], r) for r in part)
    elif args.schedule == "pool":
        with ctx.Pool(W, initializer=_pool_init,
                      initargs=(args.pin, ctx.Barrier(W),
                                settles(args))) as pool:
            spawn_ns = time.monotonic_ns() - t0
            # the seeds' apply_async with a callback that runs in the parent
            for i in range(T):
                pool.apply_async(timed, (task, i),
                                 callback=lambda r: results.__setitem__(r[0], r))
            pool.close()
            pool.join()
    elif args.schedule == "executor":
        with ProcessPoolExecutor(W, mp_context=ctx, initializer=_pool_init,
                                 initargs=(args.pin, None,
                                           settles(args))) as ex:
            spawn_ns = time.monotonic_ns() - t0
            for r in ex.map(timed, [task] * T, range(T)):
                results[r[0]] = r
    else:
        jobs = ([(_chunk, (task, args, k, T * k // W, T * (k + 1) // W))
                 for k in range(W)] if args.schedule == "static" else
                [(_one, (task, args, i % W, i)) for i in range(T)])
        spawn_ns = _run_jobs(jobs, args, ctx, results)
    return results, spawn_ns


def _run_jobs(jobs, args, ctx, results):
    """Static and per-task: one Thread or Process per job, at most W alive."""
    W, alive, spawn_ns = args.workers, [], 0
    queue = ctx.Queue() if args.model == "procs" else None
    out = []

    def reap_one():
        worker = alive.pop(0)
        worker.join()
        if args.model == "procs":
            if worker.exitcode != 0:
                sys.stderr.write(f"{sys.argv[0]}: worker (pid {worker.pid}) "
                                 f"ended with exit code {worker.exitcode}\n")
                for other in alive:
                    other.kill()
                sys.exit(1)

    pending = 0
    for fn, a in jobs:
        if len(alive) == W:
            if queue is not None:
                out.extend(queue.get())
                pending -= 1
            reap_one()
        t = time.monotonic_ns()
        if args.model == "threads":
            w = threading.Thread(target=lambda fn=fn, a=a: out.extend(fn(*a)))
        else:
            w = ctx.Process(target=_proc_body,
                            args=(queue, settles(args), fn) + a)
            pending += 1
        w.start()
        spawn_ns += time.monotonic_ns() - t
        alive.append(w)
    while alive:
        if queue is not None and pending:
            out.extend(queue.get())
            pending -= 1
        reap_one()
    results.update((r[0], r) for r in out)
    return spawn_ns


def interpreter():
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    return (f"{platform.python_implementation()} {platform.python_version()}"
            f"{'' if gil else ' (free-threaded)'}"), gil


def cpu_time_ns():
    """CPU time of this process and its waited children, user + system."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return int((me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime)
               * 1e9)


def usage_counts():
    """Page faults and context switches of this process and its waited
    children: the counters the C programs print (bench/lib/counters.c)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {k: getattr(me, "ru_" + k) + getattr(kids, "ru_" + k)
            for k in ("minflt", "majflt", "nvcsw", "nivcsw")}


def steal_ns():
    """Steal time of the allowed CPUs so far (/proc/stat), as in C."""
    ticks = 0
    try:
        with open("/proc/stat") as f:
            for line in f:
                name, *v = line.split()
                if name[3:].isdigit() and int(name[3:]) in ALLOWED:
                    ticks += int(v[7])
    except (OSError, IndexError, ValueError):
        return 0
    return ticks * 1_000_000_000 // os.sysconf("SC_CLK_TCK")


def timeline(records, t0):
    """Per worker, in order of first task: [first start, last end, task
    CPU, tasks] in ns after t0 - the C programs' timeline."""
    workers = {}
    for _, _, cpu, start, end, who in sorted(records, key=lambda r: r[3]):
        w = workers.setdefault(who, [start - t0, 0, 0, 0])
        w[1] = max(w[1], end - t0)
        w[2] += cpu
        w[3] += 1
    return list(workers.values())


def report(workload, kind, args, knobs, results, wall_ns, spawn_ns, cpu_ns,
           t0, stolen_ns, counts):
    if len(results) != args.tasks:
        missing = sorted(set(range(args.tasks)) - set(results))[:5]
        sys.stderr.write(f"{sys.argv[0]}: tasks {missing} produced no result\n")
        sys.exit(1)
    records = list(results.values())
    checksum = sum(r[1] for r in records) % 2**64
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    name, gil = interpreter()
    # a free-threaded interpreter is its own arm, with its own baseline
    workload += "" if gil else "ft"
    line = {"workload": workload, "kind": kind, "model": args.model,
            "schedule": args.schedule, "workers": args.workers,
            "tasks": args.tasks, **knobs, "checksum": str(checksum),
            "wall_ns": wall_ns, "cpu_ns": cpu_ns, "setup_ns": 0, "spawn_ns": spawn_ns,
            "maxrss_kb": self_kb + min(args.workers, args.tasks) * kids_kb,
            "cpus": ",".join(map(str, ALLOWED)), "ncpus": len(ALLOWED),
            "pin": args.pin, "verified": False,
            "task_cpu_ns": sum(r[2] for r in records), "steal_ns": stolen_ns,
            # as C's: from the first task started to the last result in
            "window_ns": wall_ns - max(0, min(r[3] for r in records) - t0),
            "tasks_per_worker": args.tasks_per_worker,
            **counts,
            # perf's counters: not opened from Python (the C programs do)
            "migrations": None, "cycles": None, "instructions": None,
            "timeline": timeline(records, t0), "lang": "python",
            "interpreter": name, "gil": gil,
            "api": APIS.get((args.model, args.schedule), ""),
            "start_method": (mp.get_context(args.start_method).get_start_method()
                             if args.model == "procs" else None),
            # which processes forked once before timing (fork_once)
            "forked_before_timing": {
                "main": args.settle,
                "workers": args.model == "procs" and settles(args)}}
    if args.json:
        print(json.dumps(line, separators=(",", ":")))
    else:
        print(f"{workload} {args.model} {args.schedule} workers={args.workers}"
              f" tasks={args.tasks}: checksum {checksum} in "
              f"{wall_ns / 1e9:.3f} s ({line['api']}, {name})")


def settles(args):
    """Whether a worker process of this run forks once before its tasks:
    for a CPU-bound workload with --fork-first yes (the default), each
    worker but one made for a single task (per-task), whatever the start
    method. C6 runs with --fork-first no: it times the workers' creation,
    which a fork in each would lengthen (a run with one in every pool
    worker, not published, moved C6's Python per-task/pool from 4.1x to
    5.1x)."""
    return args.settle and args.schedule != "per-task"


def fork_once():
    """Fork a child that exits at once, and wait for it, before any clock
    starts (for a CPU-bound run: the main process whatever the model, and
    each worker process that settles). Why: on the 2-vCPU guest pycount's
    serial runs were the slow ones. In vm-epyc-run16-2026-12-06, the last
    run without this, serial spent 64-70 ms of task CPU a task while the
    pool's workers spent 51-59 and the threads 51-57, in every round, so
    processes' speedups exceeded their cores (1.13x at 1 worker, 2.35x on
    2 CPUs); with it (run17) 1.01x and 2.07x [1.95, 2.25]. Why a fork
    changes the loop's speed is not known, and it does not remove all of
    the gap: the speedups over serial stay a few percent high. A likely
    cause (2026-12-07, shown with callgrind, not on that guest): the
    state of CPython's small-object allocator when the loop starts. A loop
    that makes and drops a one-digit int a pass ran 441 instructions a
    pass when the 32-byte class's head pool began the task with a block
    or two free (each allocation filled the pool, each free put it back at
    the head), 403-412 otherwise; what a process did before the loop sets
    that state, and a fork moves it. Holding a random number of such ints
    over each task was tried and dropped: on the 2-vCPU Xeon guest it did
    not move processes against serial (no gap there) and cost threads,
    which share one allocator, 2-6% a task (vm-xeon-run43 to run45)."""
    if not hasattr(os, "fork"):
        return
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


def calibrate(knob, limit, values, make_task, ms, pinned):
    """The value of knob that makes one task last ms ms of CPU here, as
    the C programs' --calibrate-ms finds it (bench/lib/main.c): doubled
    from a 64th of its value until a task takes 100 ms of the thread's
    CPU time, then six tasks of that size (pinned: the k-th on allowed
    CPU k), the fastest scaled to ms, to three significant digits."""
    keep = values[knob]
    v = max(1, keep // 64)
    if pinned:
        pin(0)
    while True:
        task = make_task(**{**values, knob: v})
        t0 = time.thread_time_ns()
        task(0)
        t = (time.thread_time_ns() - t0) / 1e6
        if t >= 100 or v > limit // 2:
            break
        v *= 2
    best = float("inf")
    for r in range(6):
        if pinned:
            pin(r)
        t0 = time.thread_time_ns()
        task(0)
        best = min(best, (time.thread_time_ns() - t0) / 1e6)
    want = min(max(v * ms / max(best, 1e-6), 1), limit)
    unit = 1
    while want / unit >= 1000:
        unit *= 10
    value = min(max(1, int(want / unit + 0.5) * unit), limit)
    print(json.dumps({"calibrated": knob, "value": value, "task_ms": ms,
                      "probe": v, "probe_ms": round(best, 3),
                      "pin": pinned}, separators=(",", ":")))


def main(workload, kind, summary, default_tasks, example, knobs, make_task,
         sweep=("", ""), scale_knob=None, task_ms=0):
    """Parse, run, report: the whole of a Python workload program.

    sweep: its arguments in a quick and in a full sweep (--describe says
    them, as the C programs' does, so that the sizes live here).
    scale_knob: a knob a task's time grows in proportion to, which
    --calibrate-ms sizes to this machine; task_ms: how long the sweep's
    task lasts (--describe says it)."""
    if sys.argv[1:] == ["--describe"]:
        cal = ({"knob": scale_knob, "task_ms": task_ms} if scale_knob
               else None)
        print(json.dumps({"python": {"name": workload, "kind": kind,
                                     "quick": sweep[0], "full": sweep[1],
                                     "calibrate": cal}}))
        return
    p = parser(os.path.basename(sys.argv[0]), summary, default_tasks, example)
    for name, (default, limit, text) in knobs.items():
        p.add_argument(f"--{name}", type=positive(limit), default=default,
                       help=text)
    if scale_knob:
        p.add_argument("--calibrate-ms", type=positive(60000),
                       help=f"print the --{scale_knob} that makes one task "
                       "last MS ms here (JSON), and exit")
    args = p.parse_args()
    check(p, args, default_tasks)
    values = {k: getattr(args, k.replace("-", "_")) for k in knobs}
    if scale_knob and args.calibrate_ms:
        calibrate(scale_knob, knobs[scale_knob][1], values, make_task,
                  args.calibrate_ms, args.pin)
        return
    task = make_task(**values)
    args.settle = (kind == "cpu" and args.fork_first == "yes"
                   and hasattr(os, "fork"))
    if args.settle:
        fork_once()
    stolen_ns = steal_ns()
    counts0 = usage_counts()
    cpu0 = cpu_time_ns()
    t0 = time.monotonic_ns()
    results, spawn_ns = run(task, args)
    wall_ns = time.monotonic_ns() - t0
    cpu_ns = cpu_time_ns() - cpu0
    counts = {k: v - counts0[k] for k, v in usage_counts().items()}
    report(workload, kind, args, values, results, wall_ns, spawn_ns, cpu_ns,
           t0, steal_ns() - stolen_ns, counts)

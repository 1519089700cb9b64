#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pyipc: a round trip of one message through the seeds' tools (claim C7):
multiprocessing.Queue and Pipe (both pickle the message), a
Manager().list() (a server process reached over a socket), a shared
RawArray with Events (no pickling), and queue.Queue between threads (no
copy at all). Every message's content is checked where it arrives.

Each tool between processes has its thread twin with the same copy
semantics, so that a pair differs in the model only: thread-queue-pickle
(pickled both ways, as mp.Queue does) against mp-queue, the same
multiprocessing Pipe and the same RawArray with Events between two
threads against between two processes; and within one process,
thread-queue (the reference goes) against thread-queue-copy (the bytes
are copied each way). Every line says its model, whether the message is
copied (copies) and pickled (serialises), and its pairs, named as C's.

Both ends are pinned, as in C's ipc: this one to the first allowed CPU,
the partner (thread or process) to the second where there is one. Left to
the scheduler, two Python threads sometimes share a CPU and hand the
message over in about 22 us a round trip at 8 B, and sometimes not (about
36 us), while mp.Queue took about 69 us either way: C7's 8 B ratio read
2.9x or 1.95x by where the threads happened to run."""
import multiprocessing as mp
import pickle
import queue
import threading

import micro
import tvp


_bodies = {}


def body(size):
    """The fixed pattern after the sequence number, built once per size."""
    if size not in _bodies:
        _bodies[size] = bytes((k * 131 + 7) & 0xFF for k in range(8, size))
    return _bodies[size]


def message(size, seq):
    return seq.to_bytes(8, "little") + body(size)


def check(msg, size, seq):
    if (len(msg) != size or int.from_bytes(msg[:8], "little") != seq
            or msg[8:] != body(size)):
        micro.die(f"message {seq} of {size} bytes arrived corrupted")


def same(msg):
    return msg


def unpickle(data):
    return None if data is None else pickle.loads(data)


def to_pickle(msg):
    return pickle.dumps(msg, pickle.HIGHEST_PROTOCOL)


# How the message travels through a queue.Queue: as it is (the reference
# goes), as a copy of its bytes, or pickled (what mp.Queue does).
WRAPS = {"thread-queue": (same, same),
         "thread-queue-copy": (bytearray, same),
         "thread-queue-pickle": (to_pickle, unpickle)}

# kind: (model, copies, serialises, pairs)
KINDS = {
    "thread-queue": ("thread", False, False, ["pointer_vs_copy"]),
    "thread-queue-copy": ("thread", True, False, ["pointer_vs_copy"]),
    "thread-queue-pickle": ("thread", True, True, ["queue"]),
    "mp-queue": ("process", True, True, ["queue"]),
    "thread-pipe": ("thread", True, True, ["pipe"]),
    "mp-pipe": ("process", True, True, ["pipe"]),
    "thread-shared-array": ("thread", True, False, ["shared_memory"]),
    "mp-shared-array": ("process", True, False, ["shared_memory"]),
    "mp-manager-list": ("process", True, True, []),
}


def on_partner_cpu(fn, *args):
    """Run fn(*args) pinned to the partner's CPU (the second allowed one,
    or the only one): the thread twins and the processes alike."""
    tvp.pin(1)
    fn(*args)


def echo_queue(inq, outq, wrap=same, unwrap=same):
    for msg in iter(lambda: unwrap(inq.get()), None):
        outq.put(wrap(msg))


def echo_pipe(conn):
    for msg in iter(conn.recv, None):
        conn.send(msg)


def echo_manager(box, ask, answer):
    while True:
        ask.wait()
        ask.clear()
        msg = box.pop()
        if msg is None:
            return
        box.append(msg)
        answer.set()


def echo_shared(buf, length, ask, answer):
    while True:
        ask.wait()
        ask.clear()
        if length.value < 0:
            return
        answer.set()  # the bytes stay where they are: nothing to copy back


def round_trips(kind, size):
    """Start the partner; return (op(n), stop())."""
    seq = [0]
    # the thread twins run the very same partner function on the very
    # same objects: only what runs it differs
    worker = threading.Thread if KINDS[kind][0] == "thread" else mp.Process
    if kind == "mp-queue":
        a, b = mp.Queue(), mp.Queue()
        partner = mp.Process(target=on_partner_cpu, args=(echo_queue, a, b))

        def send_recv(msg):
            a.put(msg)
            return b.get()
        stop = lambda: a.put(None)
    elif kind in WRAPS:
        wrap, unwrap = WRAPS[kind]
        a, b = queue.Queue(), queue.Queue()
        partner = threading.Thread(target=on_partner_cpu,
                                   args=(echo_queue, a, b, wrap, unwrap))

        def send_recv(msg):
            a.put(wrap(msg))
            return unwrap(b.get())
        stop = lambda: a.put(None)
    elif kind in ("mp-pipe", "thread-pipe"):
        here, there = mp.Pipe()
        partner = worker(target=on_partner_cpu, args=(echo_pipe, there))

        def send_recv(msg):
            here.send(msg)
            return here.recv()
        stop = lambda: here.send(None)
    elif kind == "mp-manager-list":
        manager = mp.Manager()
        box, ask, answer = manager.list(), manager.Event(), manager.Event()
        partner = mp.Process(target=on_partner_cpu,
                             args=(echo_manager, box, ask, answer))

        def send_recv(msg):
            box.append(msg)
            ask.set()
            answer.wait()
            answer.clear()
            return box.pop()

        def stop():
            box.append(None)
            ask.set()
            partner.join()
            manager.shutdown()
    else:  # mp-shared-array, thread-shared-array
        buf = mp.RawArray("B", size)
        length = mp.RawValue("q", 0)
        ask, answer = mp.Event(), mp.Event()
        partner = worker(target=on_partner_cpu,
                         args=(echo_shared, buf, length, ask, answer))

        view = memoryview(buf).cast("B")  # one copy, not one per element

        def send_recv(msg):
            view[:] = msg
            length.value = len(msg)
            ask.set()
            answer.wait()
            answer.clear()
            return view.tobytes()

        def stop():
            length.value = -1
            ask.set()
    partner.start()

    def op(n):
        for _ in range(n):
            msg = message(size, seq[0])
            check(send_recv(msg), size, seq[0])
            seq[0] += 1
    return op, lambda: (stop(), partner.join())


def steady_allocator(largest):
    """Free one buffer larger than any message (and its pickle) before
    any partner starts, so that glibc's malloc raises its mmap threshold
    above them (it does on freeing a mapped chunk) and every message
    buffer of every process after it comes from the heap. Otherwise a
    1 MiB buffer is mapped and unmapped on every message, or not, as the
    process's history of frees has set the threshold: on the 2-vCPU
    guest the same shared-array round trip took 0.67 ms in one run and
    8.4 ms in another, and a thread queue's 0.35 or 3.8 ms. The C
    programs allocate their buffers once. The partners inherit it when
    forked (the default start method up to Python 3.13 on Linux; 3.14's
    forkserver would not)."""
    # (glibc raises the threshold only for a chunk of at most 32 MiB;
    # a message above 16 MiB keeps its buffers mapped)
    buf = bytearray(min(2 * largest + (1 << 20), (32 << 20) - (1 << 16)))
    del buf


def main():
    p = micro.parser("ipc.py", __doc__, "ipc.py --sizes 8,4096 --json")
    p.add_argument("--sizes", default="8,4096,262144",
                   help="message sizes in bytes, 8 or more")
    args = p.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
    except ValueError:
        p.error(f"--sizes {args.sizes}: not a list of numbers")
    if any(s < 8 or s > 1 << 24 for s in sizes):
        p.error("--sizes: each between 8 and 16777216")
    steady_allocator(max(sizes))
    tvp.pin(0)  # (this end; the partners pin themselves to the next)
    for kind in KINDS:
        for size in sizes:
            if kind in TWINS:
                twins(args, kind, TWINS[kind], size)
            elif kind not in TWINS.values():
                op, stop = round_trips(kind, size)
                timing = micro.measure(args, op)
                stop()
                emit(args, kind, size, timing)


# Each process tool's thread twin, timed with it in rotation so that the
# ratio C7 judges (mp.Queue over a thread queue that copies the bytes) and
# the pipe and shared-array pairs are taken repetition by repetition.
TWINS = {"mp-queue": "thread-queue-copy", "mp-pipe": "thread-pipe",
         "mp-shared-array": "thread-shared-array"}


def emit(args, kind, size, timing, ratio=None, twin=None):
    model, copies, serialises, pairs = KINDS[kind]
    med, lo, hi = timing
    point = {"bench": "pyipc", "variant": kind, "mode": "latency",
             "msg_bytes": size, "model": model, "copies": copies,
             "serialises": serialises, "pairs": pairs,
             "us_per_roundtrip": med * 1e6,
             "us_per_roundtrip_min": lo * 1e6,
             "us_per_roundtrip_max": hi * 1e6,
             # where the two ends ran (this end's CPU, the partner's)
             "cpus": [tvp.cpu_of(0), tvp.cpu_of(1)]}
    if ratio is not None:
        micro.add_ratio(point, ratio, twin, "process/thread round-trip")
    micro.emit(args, point)


def twins(args, proc, thread, size):
    """A process tool and its thread twin, both partners up, in rotation
    (the process partner started first, before the thread's)."""
    op_p, stop_p = round_trips(proc, size)
    op_t, stop_t = round_trips(thread, size)
    t, p, ratio = micro.measure_pair(args, op_t, op_p)
    stop_t()
    stop_p()
    emit(args, thread, size, t)
    emit(args, proc, size, p, ratio, thread)


if __name__ == "__main__":
    main()

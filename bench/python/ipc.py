#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pyipc: a round trip of one message through the seeds' tools (claim C7):
multiprocessing.Queue and Pipe (both pickle the message), a
Manager().list() (a server process reached over a socket), a shared
RawArray with Events (no pickling), and queue.Queue between threads (no
copy at all). Every message's content is checked where it arrives."""
import multiprocessing as mp
import queue
import threading

import micro


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


def echo_queue(inq, outq):
    for msg in iter(inq.get, None):
        outq.put(msg)


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
    if kind in ("mp-queue", "thread-queue"):
        if kind == "mp-queue":
            a, b = mp.Queue(), mp.Queue()
            partner = mp.Process(target=echo_queue, args=(a, b))
        else:
            a, b = queue.Queue(), queue.Queue()
            partner = threading.Thread(target=echo_queue, args=(a, b))

        def send_recv(msg):
            a.put(msg)
            return b.get()
        stop = lambda: a.put(None)
    elif kind == "mp-pipe":
        here, there = mp.Pipe()
        partner = mp.Process(target=echo_pipe, args=(there,))

        def send_recv(msg):
            here.send(msg)
            return here.recv()
        stop = lambda: here.send(None)
    elif kind == "mp-manager-list":
        manager = mp.Manager()
        box, ask, answer = manager.list(), manager.Event(), manager.Event()
        partner = mp.Process(target=echo_manager, args=(box, ask, answer))

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
    else:  # mp-shared-array
        buf = mp.RawArray("B", size)
        length = mp.RawValue("q", 0)
        ask, answer = mp.Event(), mp.Event()
        partner = mp.Process(target=echo_shared,
                             args=(buf, length, ask, answer))

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
    for kind in ("thread-queue", "mp-queue", "mp-pipe", "mp-shared-array",
                 "mp-manager-list"):
        for size in sizes:
            op, stop = round_trips(kind, size)
            med, lo, hi = micro.measure(args, op)
            stop()
            micro.emit(args, {"bench": "pyipc", "variant": kind,
                              "mode": "latency", "msg_bytes": size,
                              "us_per_roundtrip": med * 1e6,
                              "us_per_roundtrip_min": lo * 1e6,
                              "us_per_roundtrip_max": hi * 1e6})


if __name__ == "__main__":
    main()

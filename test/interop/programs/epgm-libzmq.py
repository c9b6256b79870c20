"""One side of an epgm exchange with Debian's libzmq + OpenPGM (python3-zmq), run inside a network namespace
by test/interop/epgm.test.ts and bench/epgm.ts; the mirror of epgm-zmtp.ts (same variables, same messages:
test/helpers/epgm-messages.ts)."""
import os
import sys
import time

import zmq

role = os.environ["ROLE"]
endpoint = os.environ["EP"]
count = int(os.environ.get("N", "1000"))
rate = int(os.environ.get("RATE", "10000"))


def message(i):
    frames = [str(i).encode(), bytes([i & 0xFF]) * (100 + i % 50)]
    if i % 10 == 0:
        frames.append(bytes([(i + 1) & 0xFF]) * 3000)
    return frames


def index(frames):
    try:
        i = int(frames[0])
    except ValueError:
        return None
    return i if frames == message(i) else None


ctx = zmq.Context()
if role == "pub":
    pub = ctx.socket(zmq.PUB)
    pub.setsockopt(zmq.RATE, rate)
    pub.setsockopt(zmq.SNDHWM, count + 1000)
    pub.setsockopt(zmq.LINGER, 0)
    pub.connect(endpoint)
    print("ready", flush=True)
    started = time.monotonic()
    for i in range(count):
        pub.send_multipart(message(i))
    print(f"sent {count} in {round((time.monotonic() - started) * 1000)} ms", flush=True)
    # Stay, repairing losses, until killed.
    while True:
        time.sleep(1)
else:
    sub = ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.RATE, rate)
    # libzmq 4.3.4's pgm_receiver aborts when its session refuses a message at the high-water mark
    # (src/pgm_receiver.cpp restart_input: errno_assert on push_msg): keep the mark out of reach.
    sub.setsockopt(zmq.RCVHWM, count + 1000)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(endpoint)
    print("ready", flush=True)
    received = corrupt = disorder = skipped = 0
    first = last = -1
    started = 0.0
    sub.setsockopt(zmq.RCVTIMEO, int(os.environ.get("FIRST_WAIT_MS", "30000")))
    try:
        while last < count - 1:
            frames = sub.recv_multipart()
            if started == 0.0:
                started = time.monotonic()
                sub.setsockopt(zmq.RCVTIMEO, int(os.environ.get("IDLE_MS", "5000")))
            i = index(frames)
            if i is None:
                corrupt += 1
                continue
            received += 1
            if first < 0:
                first = i
            elif i <= last:
                disorder += 1
            else:
                skipped += i - last - 1
            last = i
    except zmq.Again:
        print("stopped: timed out", flush=True)
    ms = round((time.monotonic() - started) * 1000)
    print(f"result received {received} corrupt {corrupt} disorder {disorder} skipped {skipped} first {first} last {last} ms {ms}", flush=True)
    sub.close(linger=0)
    ctx.term()
    sys.exit(0)

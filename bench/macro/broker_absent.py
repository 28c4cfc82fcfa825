# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The broker absent for the whole run: the same PySpark workload (workload.py) on
local-cluster[2,1,1024] with nothing, and with Pyrometer's listener and agent (driver and both
executors) pointed at a Kafka bootstrap address where no broker answers, in alternating rounds.
Reports the median wall time and its ratio to no instrumentation, the time spark.stop() took and
the time from spark.stop() returning to the spark-submit process exiting (the emitter's close is
inside it), and, from one extra untimed run per configuration, the live heap (after a full GC,
`jcmd GC.class_histogram`) of the driver and executors, so the heap Pyrometer holds while Kafka is
away is the difference to the plain run.

    .venv/bin/python bench/macro/broker_absent.py [--rounds 3] [--rows N] [--configs none,listener-refused,refused,blackhole]

Configurations:
  none       plain spark-submit
  listener-refused
             the listener alone (no agent), bootstrap as for refused
  refused    listener+agent, bootstrap 127.0.0.1:<a port nobody listens on> (connection refused at once)
  blackhole  listener+agent, bootstrap 127.0.0.1:<a port that accepts TCP connections and never
             answers> (the Kafka client connects, sends its first request and waits for a reply
             that never comes)
Standard library only.
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import side_by_side  # noqa: E402  (same directory)

ROOT = side_by_side.ROOT


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Blackhole:
    """A listening socket that never accepts and never reads: connects complete in the kernel
    (up to the backlog), requests go unanswered."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(512)
        self.port = self.sock.getsockname()[1]

    def close(self):
        self.sock.close()


def command(config, addresses, rows, histogram_dir=None):
    common = ["--master", side_by_side.MASTER, "--driver-memory", "1g", "--conf", "spark.ui.showConsoleProgress=false"]
    app = [side_by_side.WORKLOAD, "--rows", str(rows)]
    if histogram_dir:
        app += ["--histogram-dir", histogram_dir]
    if config == "none":
        return [os.path.join(side_by_side.spark_home(), "bin", "spark-submit")] + common + app
    if config == "listener-refused":
        return (
            [side_by_side.PYROMETER, "submit", "--bootstrap", addresses["refused"], "--series", "bench-" + config, "--no-agent"]
            + common
            + app
        )
    return [side_by_side.PYROMETER, "submit", "--bootstrap", addresses[config], "--series", "bench-" + config] + common + app


def timed_run(cmd, env, log):
    """Wall time of the whole spark-submit, spark.stop() as the workload measured it, and the time
    from the workload printing its stop time to the process exiting."""
    t0 = time.monotonic()
    stop_line_at = [None]
    stop_seconds = [None]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

        def pump():
            for line in proc.stdout:
                out.write(line)
                m = re.match(r"stop_seconds=([0-9.]+)", line.strip())
                if m:
                    stop_line_at[0] = time.monotonic()
                    stop_seconds[0] = float(m.group(1))

        reader = threading.Thread(target=pump)
        reader.start()
        rc = proc.wait()
        end = time.monotonic()
        reader.join()
    if rc != 0:
        raise SystemExit("run failed (exit %d), see %s" % (rc, log))
    after_stop = end - stop_line_at[0] if stop_line_at[0] is not None else None
    return {"wall": end - t0, "stop": stop_seconds[0], "exit_after_stop": after_stop}


HISTO_LINE = re.compile(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)")


def heap_summary(path):
    """Live bytes in total, of dev.pyrometer.* classes (shaded Kafka client included), and the
    emitter's queued events (Emitter$Pending instances)."""
    total = ours = pending = 0
    with open(path) as f:
        for line in f:
            m = HISTO_LINE.match(line)
            if not m:
                continue
            n, b, cls = int(m.group(1)), int(m.group(2)), m.group(3)
            total += b
            if cls.startswith("dev.pyrometer."):
                ours += b
            if cls == "dev.pyrometer.emitter.Emitter$Pending":
                pending = n
    return {"live_bytes": total, "pyrometer_class_bytes": ours, "queued_events": pending}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--configs", default="none,listener-refused,refused,blackhole")
    ap.add_argument("--no-heap", action="store_true", help="skip the untimed heap-histogram run")
    ap.add_argument("--json", help="write the raw numbers here")
    args = ap.parse_args()
    configs = args.configs.split(",")
    work = tempfile.mkdtemp(prefix="pyrometer-absent-")
    env = side_by_side.base_env()
    hole = Blackhole()
    addresses = {"refused": "127.0.0.1:%d" % free_port(), "blackhole": "127.0.0.1:%d" % hole.port}
    print("refused at %s, blackhole at %s, work dir %s" % (addresses["refused"], addresses["blackhole"], work), flush=True)
    print("load before: " + open("/proc/loadavg").read().strip(), flush=True)
    results = {c: [] for c in configs}
    heaps = {}
    try:
        for r in range(args.rounds):
            for c in configs:
                res = timed_run(command(c, addresses, args.rows), env, os.path.join(work, "%s-%d.log" % (c, r)))
                results[c].append(res)
                print(
                    "round %d %-10s wall %6.1f s  spark.stop() %5.2f s  exit after stop %5.2f s"
                    % (r + 1, c, res["wall"], res["stop"] or -1, res["exit_after_stop"] or -1),
                    flush=True,
                )
        if not args.no_heap:
            for c in configs:
                hdir = os.path.join(work, "heap-" + c)
                timed_run(command(c, addresses, args.rows, hdir), env, os.path.join(work, "%s-heap.log" % c))
                heaps[c] = {f[:-6]: heap_summary(os.path.join(hdir, f)) for f in sorted(os.listdir(hdir)) if f.endswith(".histo")}
    finally:
        hole.close()
    print("load after: " + open("/proc/loadavg").read().strip(), flush=True)
    base = statistics.median(x["wall"] for x in results["none"]) if "none" in results else None
    print("\n| configuration | median wall s | ratio to none | median spark.stop() s | median exit after stop s |")
    print("| --- | --- | --- | --- | --- |")
    for c in configs:
        w = statistics.median(x["wall"] for x in results[c])
        stop = statistics.median(x["stop"] for x in results[c])
        after = statistics.median(x["exit_after_stop"] for x in results[c])
        print("| %s | %.1f | %s | %.2f | %.2f |" % (c, w, ("%.3f" % (w / base)) if base else "-", stop, after))
    if heaps:
        print("\n| configuration | JVM | live heap MB | dev.pyrometer.* classes MB | queued events (Emitter$Pending) |")
        print("| --- | --- | --- | --- | --- |")
        for c in configs:
            for jvm, h in heaps[c].items():
                print(
                    "| %s | %s | %.1f | %.2f | %d |"
                    % (c, jvm, h["live_bytes"] / 1e6, h["pyrometer_class_bytes"] / 1e6, h["queued_events"])
                )
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": args.rows, "rounds": args.rounds, "results": results, "heaps": heaps}, f, indent=1)


if __name__ == "__main__":
    main()

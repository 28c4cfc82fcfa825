# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Side-by-side macro benchmark: one fixed PySpark workload (workload.py) on
local-cluster[2,1,1024], run under several instrumentation configurations in interleaved rounds
(A/B/C/... then again), reporting the median wall time and its ratio to no instrumentation, the
CPU time of the whole process tree, and for Pyrometer the events and bytes per task.

    .venv/bin/python bench/macro/side_by_side.py [--rounds 5] [--rows N] [--configs a,b,...]

Configurations: none, listener, listener+agent, eventlog, sparkmeasure (sparkMeasure 0.24's
Kafka sink at task level, fetched from Maven Central with --packages, to the same broker).
A collector with its embedded broker runs for the whole benchmark, as it would in production.

Per run it records the wall time, the CPU time of the whole process tree (exact, from the
kernel's accounting of waited-for children), the same CPU split by process kind (driver JVM,
executor JVMs, Python processes; from polling /proc every half second, so a process's CPU after
its last poll is missing from the split), the task attempts the workload ran (Spark's status
tracker) and the bytes the instrumentation produced: appended to the broker's log (Pyrometer's and
sparkMeasure's topics) or written to the event log directory.
Standard library only.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import threading
import time

from pyrometer import procfs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYROMETER = os.path.join(ROOT, "bin", "pyrometer")
VENV_PY = os.path.join(ROOT, ".venv", "bin", "python")
WORKLOAD = os.path.join(ROOT, "bench", "macro", "workload.py")
MASTER = "local-cluster[2,1,1024]"


def spark_home():
    out = subprocess.check_output([VENV_PY, "-c", "import os,pyspark;print(os.path.dirname(pyspark.__file__))"])
    return out.decode().strip()


def base_env():
    env = dict(os.environ)
    env["SPARK_HOME"] = spark_home()
    env["PYSPARK_PYTHON"] = VENV_PY
    env["PYSPARK_DRIVER_PYTHON"] = VENV_PY
    return env


def command(config, bootstrap, work, rows):
    common = ["--master", MASTER, "--driver-memory", "1g", "--conf", "spark.ui.showConsoleProgress=false"]
    app = [WORKLOAD, "--rows", str(rows)]
    submit = os.path.join(spark_home(), "bin", "spark-submit")
    if config == "none":
        return [submit] + common + app
    if config == "listener":
        return [PYROMETER, "submit", "--bootstrap", bootstrap, "--series", "bench-listener", "--no-agent"] + common + app
    if config == "listener+agent":
        return [PYROMETER, "submit", "--bootstrap", bootstrap, "--series", "bench-agent"] + common + app
    if config == "eventlog":
        logdir = os.path.join(work, "eventlog")
        os.makedirs(logdir, exist_ok=True)
        return (
            [submit] + common + ["--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=file://" + logdir] + app
        )
    if config == "sparkmeasure":
        return (
            [submit]
            + common
            + [
                "--packages",
                "ch.cern.sparkmeasure:spark-measure_2.12:0.24",
                "--conf",
                "spark.extraListeners=ch.cern.sparkmeasure.KafkaSinkExtended",
                "--conf",
                "spark.sparkmeasure.kafkaBroker=" + bootstrap,
                "--conf",
                "spark.sparkmeasure.kafkaTopic=sparkmeasure",
            ]
            + app
        )
    raise SystemExit("unknown configuration " + config)


KINDS = ("driver_jvm", "executor_jvms", "python", "other")


def kind_of(pid):
    argv = procfs.argv(pid)
    if not argv:
        return "other"
    exe = os.path.basename(argv[0])
    line = " ".join(argv)
    if exe == "java":
        if "org.apache.spark.launcher.Main" in line:  # spark-class's command builder
            return "other"
        if "CoarseGrainedExecutorBackend" in line:
            return "executor_jvms"
        if "org.apache.spark.deploy.SparkSubmit" in line:
            return "driver_jvm"
        return "other"
    if exe.startswith("python"):
        return "python"
    return "other"


class TreeCpu(threading.Thread):
    """Polls /proc for the descendants of one process and keeps each one's last observed CPU time."""

    def __init__(self, root):
        super().__init__(daemon=True)
        self.root = root
        self.cpu = {}
        self.kind = {}
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.5):
            self.poll()

    def poll(self):
        for pid in {self.root} | procfs.descendants(self.root):
            st = procfs.stat(pid)
            if st is not None:
                if self.kind.get(pid, "other") == "other":  # spark-class execs java in its own pid
                    self.kind[pid] = kind_of(pid)
                self.cpu[pid] = st.cpu_seconds

    def by_kind(self):
        out = dict.fromkeys(KINDS, 0.0)
        for pid, seconds in self.cpu.items():
            out[self.kind[pid]] += seconds
        return out


def topic_bytes(kafka_dir):
    """Bytes in the broker's log segments per topic (internal topics left out)."""
    out = {}
    data = os.path.join(kafka_dir, "data")
    if not os.path.isdir(data):
        return out
    for part in os.listdir(data):
        topic, _, num = part.rpartition("-")
        if not num.isdigit() or topic.startswith("__"):
            continue
        path = os.path.join(data, part)
        out[topic] = out.get(topic, 0) + sum(
            os.path.getsize(os.path.join(path, f)) for f in os.listdir(path) if f.endswith(".log")
        )
    return out


def dir_bytes(path):
    total = 0
    for base, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(base, f)) for f in files)
    return total


def produced_bytes(work):
    """Everything instrumentation has produced so far: broker log bytes plus event log files."""
    return sum(topic_bytes(os.path.join(work, "kafka")).values()) + dir_bytes(os.path.join(work, "eventlog"))


def timed_run(cmd, env, log, work):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    bytes_before = produced_bytes(work)
    t0 = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeCpu(proc.pid)
        sampler.start()
        rc = proc.wait()
        sampler.done.set()
        sampler.join()
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if rc != 0:
        raise SystemExit("run failed (exit %d), see %s" % (rc, log))
    time.sleep(2)  # let the broker append the producers' last batches before measuring the log
    tasks = 0
    with open(log) as f:
        for line in f:
            if line.startswith("tasks="):
                tasks = int(line.split("=", 1)[1])
    return {
        "wall": wall,
        "cpu": cpu,
        "cpu_by_kind": sampler.by_kind(),
        "tasks": tasks,
        "bytes": produced_bytes(work) - bytes_before,
    }


def start_collector(work):
    store = os.path.join(work, "bench.duckdb")
    proc = subprocess.Popen(
        [
            PYROMETER,
            "run",
            "--embedded-kafka",
            "--embedded-kafka-port",
            "0",
            "--embedded-kafka-dir",
            os.path.join(work, "kafka"),
            "--store",
            store,
            "--progress-every",
            "0s",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    prefix = "embedded Kafka broker at "
    deadline = time.monotonic() + 180
    for line in proc.stdout:
        if line.startswith(prefix):
            return proc, line[len(prefix) :].strip(), store
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise SystemExit("collector did not start")


def stop_collector(proc):
    """SIGTERM (the collector stores what it consumed and commits), SIGKILL after 30 s."""
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--rows", type=int, default=3_000_000)
    ap.add_argument("--configs", default="none,listener,listener+agent,eventlog,sparkmeasure")
    ap.add_argument(
        "--warmup-rows",
        type=int,
        default=20_000,
        help="one unmeasured short run per configuration first (fetches --packages, warms caches); 0: none",
    )
    ap.add_argument("--json", help="write the raw numbers here")
    args = ap.parse_args()
    configs = args.configs.split(",")
    work = tempfile.mkdtemp(prefix="pyrometer-macro-")
    env = base_env()
    collector, bootstrap, store = start_collector(work)
    print("broker at %s, work dir %s" % (bootstrap, work), flush=True)
    results = {c: [] for c in configs}
    try:
        if args.warmup_rows:
            for c in configs:
                timed_run(
                    command(c, bootstrap, work, args.warmup_rows),
                    env,
                    os.path.join(work, "%s-warmup.log" % c.replace("+", "_")),
                    work,
                )
            print("warm-up done (one run of %d rows per configuration)" % args.warmup_rows, flush=True)
        for r in range(args.rounds):
            for c in configs:
                run = timed_run(
                    command(c, bootstrap, work, args.rows), env, os.path.join(work, "%s-%d.log" % (c.replace("+", "_"), r)), work
                )
                results[c].append(run)
                k = run["cpu_by_kind"]
                print(
                    "round %d %-15s wall %6.1f s  cpu %6.1f s (driver %.1f, executors %.1f, python %.1f)  "
                    "tasks %d  bytes %d"
                    % (
                        r + 1,
                        c,
                        run["wall"],
                        run["cpu"],
                        k["driver_jvm"],
                        k["executor_jvms"],
                        k["python"],
                        run["tasks"],
                        run["bytes"],
                    ),
                    flush=True,
                )
    finally:
        stop_collector(collector)
    base = statistics.median(x["wall"] for x in results.get("none", [])) if "none" in results else None
    print(
        "\n| configuration | median wall s | ratio to none | median CPU s, all processes | driver JVM | "
        "executor JVMs | Python | tasks | bytes produced per task |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for c in configs:
        runs = results[c]

        def med(f, runs=runs):
            return statistics.median(f(x) for x in runs)

        w = med(lambda x: x["wall"])
        ratio = ("%.3f" % (w / base)) if base else "-"
        tasks = med(lambda x: x["tasks"])
        per_task = ("%.0f" % med(lambda x: x["bytes"] / x["tasks"])) if tasks else "-"
        print(
            "| %s | %.1f | %s | %.1f | %.1f | %.1f | %.1f | %d | %s |"
            % (
                c,
                w,
                ratio,
                med(lambda x: x["cpu"]),
                med(lambda x: x["cpu_by_kind"]["driver_jvm"]),
                med(lambda x: x["cpu_by_kind"]["executor_jvms"]),
                med(lambda x: x["cpu_by_kind"]["python"]),
                tasks,
                per_task,
            )
        )
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": args.rows, "rounds": args.rounds, "results": results}, f, indent=1)
    print("\nstore with the Pyrometer runs: " + store)


if __name__ == "__main__":
    main()

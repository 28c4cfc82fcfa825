"""Side-by-side macro benchmark: one fixed PySpark workload (workload.py) on
local-cluster[2,1,1024], run under several instrumentation configurations in interleaved rounds
(A/B/C/... then again), reporting the median wall time and its ratio to no instrumentation, the
CPU time of the whole process tree, and for Pyrometer the events and bytes per task.

    .venv/bin/python bench/macro/side_by_side.py [--rounds 5] [--rows N] [--configs a,b,...]

Configurations: none, listener, listener+agent, eventlog, sparkmeasure (sparkMeasure 0.24's
Kafka sink at task level, fetched from Maven Central with --packages, to the same broker).
A collector with its embedded broker runs for the whole benchmark, as it would in production.
Standard library only.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

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
        return [submit] + common + ["--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=file://" + logdir] + app
    if config == "sparkmeasure":
        return [submit] + common + [
            "--packages", "ch.cern.sparkmeasure:spark-measure_2.12:0.24",
            "--conf", "spark.extraListeners=ch.cern.sparkmeasure.KafkaSinkExtended",
            "--conf", "spark.sparkmeasure.kafkaBroker=" + bootstrap,
            "--conf", "spark.sparkmeasure.kafkaTopic=sparkmeasure"] + app
    raise SystemExit("unknown configuration " + config)


def timed_run(cmd, env, log):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    with open(log, "w") as out:
        rc = subprocess.call(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if rc != 0:
        raise SystemExit("run failed (exit %d), see %s" % (rc, log))
    return wall, cpu


def start_collector(work):
    store = os.path.join(work, "bench.duckdb")
    proc = subprocess.Popen([PYROMETER, "run", "--embedded-kafka", "--embedded-kafka-port", "0",
                             "--embedded-kafka-dir", os.path.join(work, "kafka"), "--store", store,
                             "--progress-every", "0s"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    prefix = "embedded Kafka broker at "
    deadline = time.monotonic() + 180
    for line in proc.stdout:
        if line.startswith(prefix):
            return proc, line[len(prefix):].strip(), store
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise SystemExit("collector did not start")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--rows", type=int, default=3_000_000)
    ap.add_argument("--configs", default="none,listener,listener+agent,eventlog,sparkmeasure")
    ap.add_argument("--json", help="write the raw numbers here")
    args = ap.parse_args()
    configs = args.configs.split(",")
    work = tempfile.mkdtemp(prefix="pyrometer-macro-")
    env = base_env()
    collector, bootstrap, store = start_collector(work)
    print("broker at %s, work dir %s" % (bootstrap, work), flush=True)
    results = {c: [] for c in configs}
    try:
        for r in range(args.rounds):
            for c in configs:
                wall, cpu = timed_run(command(c, bootstrap, work, args.rows), env, os.path.join(work, "%s-%d.log" % (c.replace("+", "_"), r)))
                results[c].append({"wall": wall, "cpu": cpu})
                print("round %d %-15s wall %6.1f s  cpu %6.1f s" % (r + 1, c, wall, cpu), flush=True)
    finally:
        collector.terminate()
        try:
            collector.wait(30)
        except subprocess.TimeoutExpired:
            collector.kill()
    base = statistics.median(x["wall"] for x in results.get("none", [])) if "none" in results else None
    print("\n| configuration | median wall s | ratio to none | median CPU s (all processes) |")
    print("| --- | --- | --- | --- |")
    for c in configs:
        w = statistics.median(x["wall"] for x in results[c])
        cpu = statistics.median(x["cpu"] for x in results[c])
        ratio = ("%.3f" % (w / base)) if base else "-"
        print("| %s | %.1f | %s | %.1f |" % (c, w, ratio, cpu))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": args.rows, "rounds": args.rounds, "results": results}, f, indent=1)
    print("\nstore with the Pyrometer runs: " + store)


if __name__ == "__main__":
    main()

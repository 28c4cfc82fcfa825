# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""A PySpark application for the diagnosis tests (test_diagnosis.py); not part of the demo.

  --faults           one run with a failing job per Python-side failure rule, each caught so the
                     app goes on (run it with spark.task.maxFailures=2, so every failure is retried):
                       none-in-data   a UDF calls .strip() on a None in one row;
                       module-missing a function from a module that exists only on the driver
                                      (a temp dir on the driver's sys.path, not shipped);
                       chained        `raise RecordError(...) from ValueError`;
                       worker-killed  a worker allocates until the driver-side watchdog (standing
                                      in for YARN's NodeManager / the kubelet) SIGKILLs it at
                                      --kill-above-mb of RSS;
                       skew           one key holding most rows, through partitionBy;
              It also runs one healthy stage with a pandas UDF, an Arrow-optimized UDF and a
                     pickled UDF (plus_one_pandas, plus_one_arrow, plus_one_pickled), one per path,
                     and a stage whose function keeps 100 MB per call in a module-level cache (a
                     leak in the reused workers).
  --pairwise N       a scale-up step on a generated input (spark.range: no input bytes, no input
                     records): each of N rows compared in Python with all N (a pairwise stage,
                     N*N pairs, that counts no records of its own), and a linear stage that
                     repartitions them (its shuffle records are the run's only measure of size).

Writes what it did (application id, failures seen, the watchdog's kills) to --result-json.
"""

import argparse
import json
import os
import signal
import sys
import tempfile
import threading
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from pyrometer import procfs


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--faults", action="store_true")
    p.add_argument("--kill-above-mb", type=int, default=300)
    p.add_argument("--skew-rows", type=int, default=600_000)
    p.add_argument("--pairwise", type=int, default=0)
    p.add_argument("--data-dir")
    p.add_argument("--markers")  # accepted for the shared harness (FaultRun.submit); unused
    p.add_argument("--result-json")
    return p.parse_args()


# --- none-in-data ---------------------------------------------------------------------------


def shout(name):
    return name.strip().upper()  # a None in the data fails here


def run_none_in_data(spark):
    df = spark.createDataFrame([("ada",), ("grace",), (None,), ("linus",)], "name string").repartition(1)
    return df.select(F.udf(shout, "string")("name").alias("n")).collect()


# --- module-missing -------------------------------------------------------------------------


def run_module_missing(sc, workdir):
    # Exists on the driver only: its directory is on the driver's sys.path, not shipped.
    module_dir = os.path.join(workdir, "driver_only")
    os.makedirs(module_dir, exist_ok=True)
    with open(os.path.join(module_dir, "driver_only_helpers.py"), "w") as f:
        f.write("def score(x):\n    return x * 2\n")
    sys.path.insert(0, module_dir)
    import driver_only_helpers  # noqa: E402 - created just above

    # cloudpickle pickles score by reference (its module imports on the driver): the executors
    # must import driver_only_helpers to unpickle the task.
    return sc.parallelize(range(8), 2).map(driver_only_helpers.score).collect()


# --- chained --------------------------------------------------------------------------------


class RecordError(Exception):
    pass


def parse_record(value):
    try:
        return int(value)
    except ValueError as e:
        raise RecordError("record %r is not a number" % value) from e


def run_chained(sc):
    return sc.parallelize(["1", "2", "3", "x4"], 2).map(parse_record).collect()


# --- worker-killed --------------------------------------------------------------------------


def grow(index, rows):
    blocks = []
    if index == 0:
        # 16 MiB every 100 ms, written so that RSS really grows; stop at 1 GiB whatever happens,
        # so a missing watchdog fails the test instead of the machine.
        for _ in range(64):
            blocks.append(b"\x5a" * (16 << 20))
            time.sleep(0.1)
    yield sum(1 for _ in rows) + len(blocks)


class Watchdog(threading.Thread):
    """What YARN's NodeManager or the kubelet does to a container over its memory limit, for the
    Python processes under this application's executors: polls their RSS in /proc and SIGKILLs any
    above the limit. Only processes under an executor JVM whose command line names this app id.

    whole_tree=True is the container as YARN's NodeManager sees it: when the Python processes
    under one executor JVM hold more than the limit together, the JVM and everything under it are
    SIGKILLed (the executor exits 137), as a container whose overhead is exceeded."""

    def __init__(self, app_id, limit_bytes, interval=0.05, whole_tree=False):
        super().__init__(name="memory-watchdog", daemon=True)
        self.app_id = app_id
        self.limit = limit_bytes
        self.interval = interval
        self.whole_tree = whole_tree
        self.kills = []
        self._halt = threading.Event()

    def stop(self):
        self._halt.set()
        self.join()

    def run(self):
        while not self._halt.is_set():
            try:
                self.check()
            except OSError:
                pass
            self._halt.wait(self.interval)

    def check(self):
        parents = procfs.parents()
        cmdlines = {pid: procfs.cmdline(pid) for pid in parents}
        roots = {
            pid
            for pid, c in cmdlines.items()
            if "CoarseGrainedExecutorBackend" in c and ("--app-id %s " % self.app_id) in c + " "
        }
        for root in roots:
            tree = procfs.descendants({root}, parents)
            pythons = {pid: procfs.rss_kb(pid) * 1024 for pid in tree if "python" in cmdlines.get(pid, "")}
            if not self.whole_tree:
                for pid, rss in pythons.items():
                    if rss > self.limit:
                        os.kill(pid, signal.SIGKILL)
                        self.kills.append({"pid": pid, "rss_bytes": rss, "time_ms": int(time.time() * 1000)})
            elif sum(pythons.values()) > self.limit:
                jvm_rss = procfs.rss_kb(root) * 1024
                for pid in [root] + sorted(tree):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                self.kills.append(
                    {
                        "pid": root,
                        "rss_bytes": sum(pythons.values()),
                        "jvm_rss_bytes": jvm_rss,
                        "time_ms": int(time.time() * 1000),
                    }
                )


def run_worker_killed(sc, limit_mb, watchdog_out):
    dog = Watchdog(sc.applicationId, limit_mb << 20)
    dog.start()
    try:
        return sc.parallelize(range(4), 2).mapPartitionsWithIndex(grow).collect()
    finally:
        dog.stop()
        watchdog_out.extend(dog.kills)


# --- skew -----------------------------------------------------------------------------------

SKEW_PARTITIONS = 6


def skewed_key(i):
    # Nine rows in ten share key 0; the rest spread over the other partitions.
    return 0 if i % 10 else 1 + (i // 10) % (SKEW_PARTITIONS - 1)


def score_rows(rows):
    n = 0
    acc = 0
    for _key, value in rows:
        for k in range(20):
            acc = (acc * 31 + value + k) % 1_000_003
        n += 1
    yield (n, acc)


def run_skew(sc, rows):
    pairs = sc.parallelize(range(rows), SKEW_PARTITIONS).map(lambda i: (skewed_key(i), i))
    return pairs.partitionBy(SKEW_PARTITIONS, lambda k: k).mapPartitions(score_rows).collect()


# --- leak -----------------------------------------------------------------------------------

LEAK_MB = 100
LEAK_TASKS = 12


def keep_a_copy(rows):
    """The accident: a module-level cache that every call adds to and nothing empties. builtins
    lives as long as the (reused) worker, as a module's globals do; the 100 MB are filled bytes, so
    they count in the RSS at once."""
    import builtins
    import time

    kept = builtins.__dict__.setdefault("_pyrometer_e2e_cache", [])
    kept.append(b"\x01" * (LEAK_MB << 20))
    time.sleep(1.0)  # several samples of the worker while it serves this task
    return [sum(1 for _ in rows)]


def run_leak(sc):
    """12 tasks over two single-core executors. An executor hands tasks to its idle workers in turn
    (one per Python node that ran at once before), so each worker serves 3 or more, each starting
    100 MB bigger."""
    return sc.parallelize(range(LEAK_TASKS), LEAK_TASKS).mapPartitions(keep_a_copy).collect()


# --- python paths ---------------------------------------------------------------------------

PYTHON_PATH_ROWS = 2000


def run_python_paths(spark, n=PYTHON_PATH_ROWS):
    """One stage, three Python functions, one per path: a pandas UDF and an Arrow-optimized UDF
    (ArrowEvalPython nodes, Arrow batches) and a pickled UDF (BatchEvalPython)."""
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    @pandas_udf("long")
    def plus_one_pandas(s: pd.Series) -> pd.Series:
        return s + 1

    def plus_one_arrow(i):
        return i + 1

    def plus_one_pickled(i):
        return i + 1

    arrow = F.udf(plus_one_arrow, "long", useArrow=True)
    pickled = F.udf(plus_one_pickled, "long", useArrow=False)
    df = spark.range(0, n, 1, 2)
    out = df.select(plus_one_pandas("id").alias("a"), arrow("id").alias("b"), pickled("id").alias("c"))
    return out.where("a = b and b = c").count()


# --- pairwise -------------------------------------------------------------------------------


def run_pairwise(spark, n):
    df = spark.range(0, n, 1, 4).select(F.col("id"), ((F.col("id") * 7919) % 1000).alias("v"))
    sc = spark.sparkContext
    # A DataFrame action's stages are named "count at NativeMethodAccessorImpl.java:0" from Python;
    # callSite.short names them as a user can, so that the series table tells them apart.
    sc.setJobDescription("linear")
    sc.setLocalProperty("callSite.short", "linear count")
    linear = df.repartition(4).filter(F.col("v") % 3 == 0).count()
    # Every row against every other row, in Python (a UDF looping over a broadcast list, the way the
    # accident happens in PySpark): the stage grows with n*n. CPython has no JIT, so the cost per pair
    # is the same at every size; a JVM crossJoin's is not (its generated loop is compiled by C2 while
    # the smaller runs are still measuring it, which flattened the fitted exponent on a loaded host).
    values = sc.broadcast([(i * 7919) % 1000 for i in range(n)])

    @F.udf("long")
    def pairs_of(i):
        vals = values.value
        a, r = vals[i], i % 97
        return sum(1 for v in vals if (a + v) % 97 == r)

    # Python workers started, and the plan's generated code compiled, before the measured stage: the
    # same plan with a cheap UDF. Without it the first task on each executor spent 1.4 s (Spark alone)
    # to 2.2 s (with the agent) compiling, a fixed part that swung by a second between runs and, beside
    # a growing part of 0.1 s at the smallest size, flattened the fitted exponent to 1.07-1.58.
    sc.setJobDescription("python workers")
    sc.setLocalProperty("callSite.short", "start python workers")
    df.select(F.udf(lambda i: i + 1, "long")("id").alias("p")).where(F.col("p") > 0).count()
    sc.setJobDescription("pairwise")
    sc.setLocalProperty("callSite.short", "pairwise count")
    # count(), not collect(): PySpark names a collect's stages by its own Python call site.
    rows_with_pairs = df.select(pairs_of("id").alias("p")).where(F.col("p") > 0).count()
    sc.setLocalProperty("callSite.short", None)
    return {"linear": linear, "rows_with_pairs": rows_with_pairs}


def main():
    args = parse_args()
    spark = SparkSession.builder.appName("pyrometer-diagnosis").getOrCreate()
    sc = spark.sparkContext
    result = {"application_id": sc.applicationId, "failures": {}}
    workdir = args.data_dir or tempfile.mkdtemp(prefix="pyrometer-diagnosis-app-")
    if args.faults:
        kills = []
        cases = [
            ("none-in-data", lambda: run_none_in_data(spark)),
            ("module-missing", lambda: run_module_missing(sc, workdir)),
            ("chained", lambda: run_chained(sc)),
            ("worker-killed", lambda: run_worker_killed(sc, args.kill_above_mb, kills)),
        ]
        for name, case in cases:
            sc.setJobDescription(name)
            try:
                case()
                result["failures"][name] = None
            except Exception as e:  # noqa: BLE001 - every case is meant to fail; the app goes on
                result["failures"][name] = str(e)[-2000:]
        result["watchdog_kills"] = kills
        sc.setJobDescription("skew")
        counts = sorted((n for n, _acc in run_skew(sc, args.skew_rows)), reverse=True)
        result["skew_rows"] = counts
        sc.setJobDescription("leak")
        result["leak"] = run_leak(sc)
        sc.setJobDescription("python paths")
        result["python_paths"] = run_python_paths(spark)
    if args.pairwise:
        result["pairwise"] = run_pairwise(spark, args.pairwise)
    if args.result_json:
        with open(args.result_json, "w") as f:
            json.dump(result, f)
    print("diagnosis app done: %s" % json.dumps(result)[:300])
    spark.stop()


if __name__ == "__main__":
    main()

# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The Pyrometer demo: one real PySpark application showing what the tool is for.

Each part is its own Spark job (or jobs) under its own job description, so the timeline and the
report can name it:

  healthy   a DataFrame with a shuffle and a groupBy/agg, evenly spread;
  skew      one key holding most rows, so one task of the stage runs far longer than the others;
  memory    Python workers that allocate and touch real memory for a few seconds;
  py4j      a large response crossing the Py4J gateway on the driver (DataFrame.show of many rows),
            then a driver loop making 300 small calls into the JVM, one per item;
  failure   a Python function meeting a None, retried by Spark, then the job fails; the application
            catches the error and goes on, so it still ends with exit code 0.

Run it with spark-submit (plain, or through `pyrometer submit`); see docs/demo.md.
It prints a summary and, when asked, writes its results (--result-json) and a snapshot of Spark's
own REST API (--rest-snapshot) for the end-to-end tests to compare against.
"""

import argparse
import json
import os
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

PARTS = ("healthy", "skew", "memory", "py4j", "failure")

# Job groups tie each part's jobs together in Spark's UI and REST API (jobGroup field).
GROUP_PREFIX = "pyrometer-demo-"


def parse_args(argv):
    p = argparse.ArgumentParser(description="Pyrometer demo PySpark application")
    p.add_argument(
        "--scale", type=float, default=1.0, help="multiplies row counts, allocation sizes and the Py4J payload (default 1.0)"
    )
    for part in PARTS:
        p.add_argument("--skip-" + part, action="store_true", help="skip the %s part" % part)
    p.add_argument(
        "--memory-mb", type=int, default=200, help="MB each memory-part Python worker allocates, before --scale (default 200)"
    )
    p.add_argument(
        "--hold-seconds", type=float, default=3.0, help="how long each memory-part worker holds its allocation (default 3)"
    )
    p.add_argument(
        "--py4j-mb", type=float, default=40.0, help="approximate size of the Py4J response in MB, before --scale (default 40)"
    )
    p.add_argument(
        "--result-json", metavar="PATH", help="write the application's results (deterministic values and timings) here"
    )
    p.add_argument(
        "--rest-snapshot", metavar="PATH", help="before stopping, write job/stage/task counts from Spark's REST API here"
    )
    return p.parse_args(argv)


def start_part(sc, part, description):
    sc.setJobGroup(GROUP_PREFIX + part, description, interruptOnCancel=False)
    sc.setJobDescription(description)


# --- (a) healthy -------------------------------------------------------------------------------


def run_healthy(spark, scale):
    rows = int(2_000_000 * scale)
    df = (
        spark.range(0, rows, numPartitions=8).withColumn("bucket", F.col("id") % 64).withColumn("value", (F.col("id") * 7) % 1000)
    )
    agg = df.groupBy("bucket").agg(F.count("*").alias("n"), F.sum("value").alias("total"), F.avg("value").alias("mean"))
    out = agg.collect()
    return {
        "rows": rows,
        "groups": len(out),
        "total": int(sum(r["total"] for r in out)),
        "max_group_rows": int(max(r["n"] for r in out)),
    }


# --- (b) skew ----------------------------------------------------------------------------------

SKEW_PARTITIONS = 8


def skewed_key(i):
    # Nine rows in ten share key 0; the rest spread over the other partitions.
    return 0 if i % 10 else 1 + i % (SKEW_PARTITIONS - 1)


def score_rows(rows):
    # Per-row Python work, so a partition's task time grows with its row count.
    n = 0
    acc = 0
    for _key, value in rows:
        for k in range(20):
            acc = (acc * 31 + value + k) % 1_000_003
        n += 1
    yield (n, acc)


def run_skew(sc, scale):
    rows = int(400_000 * scale)
    pairs = sc.parallelize(range(rows), SKEW_PARTITIONS).map(lambda i: (skewed_key(i), i))
    # partitionBy places each key by hash: key 0's 90% of rows land in one partition.
    per_partition = pairs.partitionBy(SKEW_PARTITIONS, lambda k: k).mapPartitions(score_rows).collect()
    counts = sorted((n for n, _acc in per_partition), reverse=True)
    return {"rows": rows, "largest_partition_rows": counts[0], "second_partition_rows": counts[1] if len(counts) > 1 else 0}


# --- (c) memory --------------------------------------------------------------------------------


def hold_memory(mb, seconds):
    def allocate(index, rows):
        # bytes(...) * n writes every page, so the worker's RSS really grows (a zeroed bytearray
        # could stay untouched and never show up in RSS).
        block = b"\x5a" * (mb << 20)
        deadline = time.monotonic() + seconds
        touched = 0
        while time.monotonic() < deadline:
            touched += block[touched % len(block)]
            time.sleep(0.05)
        pid = os.getpid()
        size = len(block)
        del block
        yield (index, pid, size, sum(1 for _ in rows))

    return allocate


def run_memory(sc, scale, memory_mb, hold_seconds):
    mb = max(1, int(memory_mb * scale))
    parts = 4
    out = sc.parallelize(range(parts * 10), parts).mapPartitionsWithIndex(hold_memory(mb, hold_seconds)).collect()
    return {"partitions": len(out), "mb_per_partition": mb, "worker_pids": len({pid for _i, pid, _s, _n in out})}


# --- (d) py4j ----------------------------------------------------------------------------------


class _ResponseMeter:
    """Wraps the driver's Py4J client to measure what comes back through the gateway.

    This is the ground truth the agent's Py4J outlier is compared with. DataFrame.collect() would
    NOT do: its rows come back through a separate local socket (PythonRDD.serveIterator), only a
    port and a secret cross the gateway. DataFrame.show() returns its whole table as one String
    through the gateway, in one response.
    """

    def __init__(self, client):
        self._client = client
        self._original = client.send_command
        self.largest = 0
        self.calls = 0

    def __enter__(self):
        def measured(command, *args, **kwargs):
            answer = self._original(command, *args, **kwargs)
            self.calls += 1
            if isinstance(answer, str):
                self.largest = max(self.largest, len(answer))
            return answer

        self._client.send_command = measured
        return self

    def __exit__(self, *exc):
        del self._client.send_command
        return False


class _CountingSink:
    """Stands in for stdout while show() prints: counts characters instead of flooding the log."""

    def __init__(self):
        self.chars = 0

    def write(self, text):
        self.chars += len(text)
        return len(text)

    def flush(self):
        pass


PY4J_SMALL_CALLS = 300


def run_py4j(spark, scale, py4j_mb):
    width = 200
    # Each shown row costs about width + 4 characters (cell, borders, newline).
    rows = max(1, int(py4j_mb * scale * (1 << 20) / (width + 4)))
    df = spark.range(0, rows, numPartitions=2).select(
        F.col("id"), F.lpad(F.col("id").cast("string"), width, "x").alias("payload")
    )
    sink = _CountingSink()
    client = spark.sparkContext._gateway._gateway_client
    stdout = sys.stdout
    with _ResponseMeter(client) as meter:
        sys.stdout = sink
        try:
            df.show(rows, truncate=False)
        finally:
            sys.stdout = stdout
    # The other common shape: a driver loop that calls the JVM once per item. Each is a small call;
    # what they cost is their number. The count is the ground truth for the agent's interval table.
    integer = spark._jvm.java.lang.Integer  # resolved once: the loop's calls are all Integer.toHexString
    hexes = [integer.toHexString(i) for i in range(PY4J_SMALL_CALLS)]
    assert hexes[-1] == "%x" % (PY4J_SMALL_CALLS - 1), hexes[-1]
    return {
        "rows": rows,
        "shown_chars": sink.chars,
        "largest_py4j_response_chars": meter.largest,
        "small_calls": {"class": "java.lang.Integer", "method": "toHexString", "calls": len(hexes)},
    }


# --- (e) failure -------------------------------------------------------------------------------


def normalize_city(city):
    # The user's bug: one row has no city, and None has no .strip().
    return city.strip().title()


def run_failure(spark, scale):
    rows = [("o-%d" % i, " paris " if i % 3 else "lyon") for i in range(int(200 * scale) + 10)]
    rows[len(rows) // 2] = ("o-missing", None)
    df = spark.createDataFrame(rows, "order_id string, city string").repartition(2)
    normalize = F.udf(normalize_city, StringType())
    try:
        df.select(normalize("city").alias("city")).groupBy("city").count().collect()
    except Exception as e:  # the demo shows the failure, then goes on
        text = str(e)
        first = next((line.strip() for line in text.splitlines() if "AttributeError" in line), "")
        return {
            "failed": True,
            "error_type": type(e).__name__,
            "python_error": first,
            "mentions_user_line": "in normalize_city" in text,
        }
    return {"failed": False}


# --- main --------------------------------------------------------------------------------------


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    spark = SparkSession.builder.appName("pyrometer-demo").getOrCreate()
    sc = spark.sparkContext
    results = {"application_id": sc.applicationId, "master": sc.master, "scale": args.scale, "parts": {}, "seconds": {}}

    plan = [
        ("healthy", "healthy: groupBy/agg over an even shuffle", lambda: run_healthy(spark, args.scale)),
        ("skew", "skew: one key holds 90% of the rows", lambda: run_skew(sc, args.scale)),
        (
            "memory",
            "memory: Python workers hold real memory",
            lambda: run_memory(sc, args.scale, args.memory_mb, args.hold_seconds),
        ),
        ("py4j", "py4j: a large show() crosses the gateway", lambda: run_py4j(spark, args.scale, args.py4j_mb)),
        ("failure", "failure: a Python UDF meets a None", lambda: run_failure(spark, args.scale)),
    ]
    t0 = time.monotonic()
    results["executors"] = wait_for_executors(sc, expected_executors(sc.master), timeout=120)
    results["seconds"]["executors"] = round(time.monotonic() - t0, 2)
    for part, description, run in plan:
        if getattr(args, "skip_" + part):
            continue
        start_part(sc, part, description)
        t0 = time.monotonic()
        results["parts"][part] = run()
        results["seconds"][part] = round(time.monotonic() - t0, 2)
    sc.setJobDescription(None)
    sc.setLocalProperty("spark.jobGroup.id", None)

    if args.rest_snapshot:
        try:
            write_rest_snapshot(sc, args.rest_snapshot)
        except Exception as e:  # a test aid must not change the application's outcome
            print("pyrometer demo: REST snapshot failed: %r" % e, file=sys.stderr)
            with open(args.rest_snapshot, "w") as f:
                json.dump({"error": repr(e)}, f)
    spark.stop()
    results["seconds"]["total"] = round(time.monotonic() - started, 2)
    print_summary(results)
    if args.result_json:
        with open(args.result_json, "w") as f:
            json.dump(results, f, indent=2, sort_keys=True)
    return 0


def expected_executors(master):
    # local-cluster[N,cores,memory]: N executors. Elsewhere the cluster manager decides; do not wait.
    if master.startswith("local-cluster["):
        return int(master[len("local-cluster[") :].split(",")[0])
    return 0


def wait_for_executors(sc, expected, timeout):
    """Waits until the executors have registered, so the first part's timing is its own and not
    executor start-up (which takes 5 to 20 s here)."""
    deadline = time.monotonic() + timeout
    while True:
        # The driver is part of the block-manager map: subtract it.
        registered = sc._jsc.sc().getExecutorMemoryStatus().size() - 1
        if registered >= expected or time.monotonic() > deadline:
            return registered
        time.sleep(0.2)


def write_rest_snapshot(sc, path):
    # Only the driver needs it, and only here: the application runs without Pyrometer installed.
    from pyrometer import spark_rest

    snapshot = spark_rest.settled_snapshot(sc.uiWebUrl, sc.applicationId)
    with open(path, "w") as f:
        json.dump(snapshot, f, indent=2, sort_keys=True)


def print_summary(results):
    print(
        "pyrometer demo: application %s on %s finished in %.1f s"
        % (results["application_id"], results["master"], results["seconds"]["total"])
    )
    print("  %d executors registered after %.1f s" % (results["executors"], results["seconds"]["executors"]))
    for part, value in results["parts"].items():
        print("  %-8s %6.1f s  %s" % (part, results["seconds"][part], json.dumps(value, sort_keys=True)))


if __name__ == "__main__":
    sys.exit(main())

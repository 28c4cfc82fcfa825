# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The fixed PySpark workload of the side-by-side benchmark: a DataFrame pipeline with a shuffle
and a Python UDF over a few million rows (about a minute on local-cluster[2,1,1024] here)."""

import argparse
import os
import subprocess
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType


def tasks_run(sc):
    """Task attempts of every job of this application (skipped stages count none), from Spark's
    status tracker, so every configuration reports bytes per task against the same count."""
    tracker = sc.statusTracker()
    stages = set()
    for job_id in tracker.getJobIdsForGroup(None):
        job = tracker.getJobInfo(job_id)
        if job is not None:
            stages.update(job.stageIds)
    total = 0
    for stage_id in stages:
        info = tracker.getStageInfo(stage_id)
        if info is not None:
            total += info.numCompletedTasks + info.numFailedTasks
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=3_000_000)
    ap.add_argument("--partitions", type=int, default=40)
    ap.add_argument(
        "--histogram-dir",
        help="before stopping, write a live-heap class histogram (jcmd) of the "
        "driver and of every executor JVM of this application here",
    )
    args = ap.parse_args()

    spark = SparkSession.builder.appName("pyrometer-macro-bench").getOrCreate()
    t0 = time.monotonic()

    @F.udf(StringType())
    def label(v):
        # A little real Python work per row, as a typical cleaning UDF does.
        return "k%03d" % (v % 997) if v is not None else None

    df = (
        spark.range(0, args.rows, numPartitions=args.partitions)
        .withColumn("key", label(F.col("id")))
        .withColumn("value", (F.col("id") * 7 % 1000).cast("double"))
    )
    result = df.groupBy("key").agg(F.count("*").alias("n"), F.sum("value").alias("total")).orderBy("key").collect()
    checksum = sum(r["n"] for r in result)
    print("rows=%d groups=%d checksum=%d seconds=%.1f" % (args.rows, len(result), checksum, time.monotonic() - t0))
    print("tasks=%d" % tasks_run(spark.sparkContext))
    if args.histogram_dir:
        histograms(spark, args.histogram_dir)
    t1 = time.monotonic()
    spark.stop()
    print("stop_seconds=%.3f" % (time.monotonic() - t1), flush=True)


def histograms(spark, out_dir):
    """jcmd GC.class_histogram (a full GC, then live objects only) of the driver and the executors."""
    os.makedirs(out_dir, exist_ok=True)
    jvm = spark.sparkContext._jvm
    driver_pid = str(jvm.java.lang.management.ManagementFactory.getRuntimeMXBean().getName()).split("@")[0]
    app_id = spark.sparkContext.applicationId
    pids = {"driver": driver_pid}
    ps = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    for line in ps.splitlines():
        if "CoarseGrainedExecutorBackend" in line and app_id in line:
            parts = line.split()
            exec_id = parts[parts.index("--executor-id") + 1] if "--executor-id" in parts else parts[0]
            pids["executor-" + exec_id] = parts[0]
    for name, pid in pids.items():
        with open(os.path.join(out_dir, name + ".histo"), "w") as f:
            subprocess.run(["jcmd", pid, "GC.class_histogram"], stdout=f, stderr=subprocess.STDOUT, timeout=120)


if __name__ == "__main__":
    main()

# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""A small PySpark application for the fault tests (test_faults.py); not part of the demo.

  --slow-seconds S   one job of --partitions tasks, each touching a marker file
                     MARKERS/started-<partition>-<attempt> and then sleeping S seconds, so the test
                     can kill an executor or the driver while tasks are known to be running;
  --big-strings N    before that: one job under an N-character job description and one task that
                     raises an exception with an N-character message (caught: the app goes on).

Writes {"slow_sum": ..., "big_error_seen": ...} to --result-json and exits 0.
"""

import argparse
import json
import os
import time

from pyspark.sql import SparkSession


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--markers", required=True)
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--slow-seconds", type=float, default=0)
    p.add_argument("--big-strings", type=int, default=0)
    p.add_argument("--result-json")
    return p.parse_args()


def slow_task(markers, seconds):
    def run(index, rows):
        from pyspark import TaskContext

        attempt = TaskContext.get().attemptNumber()
        with open(os.path.join(markers, "started-%d-%d" % (index, attempt)), "w") as f:
            f.write(str(os.getpid()))
        time.sleep(seconds)
        yield sum(rows)

    return run


def raise_big(size):
    def run(rows):
        raise ValueError("B" * size)

    return run


def main():
    args = parse_args()
    spark = SparkSession.builder.appName("pyrometer-faults").getOrCreate()
    sc = spark.sparkContext
    result = {"application_id": sc.applicationId}
    if args.big_strings:
        sc.setJobDescription("D" * args.big_strings)
        result["big_description_count"] = sc.parallelize(range(10), 2).count()
        sc.setJobDescription("big exception")
        try:
            sc.parallelize(range(2), 1).foreachPartition(raise_big(args.big_strings))
            result["big_error_seen"] = False
        except Exception as e:  # noqa: BLE001 - the point is that the app goes on
            result["big_error_seen"] = "BBBB" in str(e)[:1_000_000]
    if args.slow_seconds:
        sc.setJobDescription("slow tasks")
        rdd = sc.parallelize(range(1000), args.partitions)
        result["slow_sum"] = sum(rdd.mapPartitionsWithIndex(slow_task(args.markers, args.slow_seconds)).collect())
    if args.result_json:
        with open(args.result_json, "w") as f:
            json.dump(result, f)
    print("fault app done: %s" % json.dumps(result)[:200])
    spark.stop()


if __name__ == "__main__":
    main()

# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""A PySpark application for the Python-forensics test (test_python_forensics.py); not part of the demo.

Two jobs, run with Pyrometer's --python-forensics and spark.task.maxFailures=1:
  segfault  a Python UDF kills its own worker with SIGSEGV, as a crash in a native library does;
            Spark's fault handler puts the worker's frames in the task's failure text (caught:
            the app goes on);
  hang      in one of four partitions a Python UDF blocks on a lock nobody releases, for
            --hang-seconds (then the lock's timeout lets it go on), while the agent dumps its stack.

Writes {"application_id": ..., "crash": <the error text's head>, "hang": ...} to --result-json.
"""

import argparse
import json
import os
import signal
import threading

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--markers")  # accepted for the shared harness (FaultRun.submit); unused
    p.add_argument("--result-json")
    p.add_argument("--hang-seconds", type=float, default=0)
    return p.parse_args()


def segfault_udf(value):
    if value == 3:
        os.kill(os.getpid(), signal.SIGSEGV)  # the crash line the finding must name
    return value * 2


def hang_udf(seconds):
    def blocked(value):
        if value == 0:
            lock = threading.Lock()
            lock.acquire()
            lock.acquire(timeout=seconds)  # the line the hung finding must name
        return value + 1

    return blocked


def main():
    args = parse_args()
    spark = SparkSession.builder.appName("pyrometer-forensics").getOrCreate()
    sc = spark.sparkContext
    result = {"application_id": sc.applicationId, "version": spark.version}
    sc.setJobDescription("segfault")
    try:
        spark.range(0, 8, 1, 2).select(F.udf(segfault_udf, "long")("id").alias("v")).collect()
        result["crash"] = None
    except Exception as e:  # noqa: BLE001 - the case is meant to fail; the app goes on
        result["crash"] = str(e)[:8000]
    if args.hang_seconds:
        sc.setJobDescription("hang")
        rows = spark.range(0, 8, 1, 4).select(F.udf(hang_udf(args.hang_seconds), "long")("id").alias("v")).collect()
        result["hang"] = sorted(r.v for r in rows)
    if args.result_json:
        with open(args.result_json, "w") as f:
            json.dump(result, f)
    print("forensics app done: %s" % json.dumps(result)[:300])
    spark.stop()


if __name__ == "__main__":
    main()

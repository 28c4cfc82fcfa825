"""A PySpark application for the Python-forensics test (test_python_forensics.py); not part of the demo.

One job whose Python UDF kills its own worker with SIGSEGV, as a crash in a native library does.
The failure is caught so the app goes on; run it with spark.task.maxFailures=1 (one attempt is
enough) and with Pyrometer's --python-forensics, so that Spark's fault handler puts the worker's
Python frames in the task's failure text.

Writes {"application_id": ..., "crash": <the error text's head>} to --result-json and exits 0.
"""

import argparse
import json
import os
import signal

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--markers")  # accepted for the shared harness (FaultRun.submit); unused
    p.add_argument("--result-json")
    return p.parse_args()


def segfault_udf(value):
    if value == 3:
        os.kill(os.getpid(), signal.SIGSEGV)  # the crash line the finding must name
    return value * 2


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
    if args.result_json:
        with open(args.result_json, "w") as f:
            json.dump(result, f)
    print("forensics app done: %s" % json.dumps(result)[:300])
    spark.stop()


if __name__ == "__main__":
    main()

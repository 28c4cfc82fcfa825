# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""A PySpark application for the memory-death diagnosis tests (test_diagnosis.py); not the demo.

  --faults   two failing jobs, each caught so the app goes on:
               python-memory-error  a Python UDF asks for a 1 TiB bytearray: MemoryError in the worker;
               jvm-oom              after a shuffle, the reduce task of key 0 builds a 1.9 GB string in
                                    the executor's JVM (repeat, not foldable: it depends on the row),
                                    which has a 1 GiB heap: java.lang.OutOfMemoryError, the executor
                                    exits 52, the other reduce tasks lose the shuffle output it held
                                    (FetchFailed) and the stage is retried;
               latent-skew          (does not fail) 9 rows in 10 on one key through partitionBy into 8
                                    partitions: a post-shuffle partition with ~70x the median data
                                    (1.6 MB; PySpark counts batches, not rows, as records) that is
                                    cheap today;
  (default)  the same jobs with sizes that fit and even keys: the healthy run of the same shape.

Writes what it did (application id, failures seen) to --result-json.
"""

import argparse
import json

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

# Above the executor's 1 GiB heap as one byte array, below Java's 2^31 array limit.
HUGE_STRING = 1_900_000_000
HUGE_PYTHON = 1 << 40


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--faults", action="store_true")
    p.add_argument("--data-dir")  # accepted for the shared harness (FaultRun.submit); unused
    p.add_argument("--markers")
    p.add_argument("--result-json")
    return p.parse_args()


def allocate(n):
    return len(bytearray(n))  # n = 1 TiB: MemoryError here


def run_python_memory(spark, n):
    sized = F.udf(allocate, "long")
    df = spark.range(0, 8, 1, 4).select(F.when(F.col("id") == 5, F.lit(n)).otherwise(F.lit(16)).alias("n"))
    return df.select(sized("n").alias("bytes")).agg(F.sum("bytes")).collect()[0][0]


def run_jvm_oom(spark, huge):
    keys = spark.range(0, 200_000, 1, 8).select((F.col("id") % 4).alias("k"), F.col("id"))
    counted = keys.groupBy("k").agg(F.count("*").alias("n"))
    # The reduce side of the shuffle: key 0's task repeats a character `huge` times.
    width = F.when(F.col("k") == 0, F.lit(huge)).otherwise(F.lit(10)).cast("int")
    built = counted.withColumn("w", width).select("k", F.length(F.expr("repeat('x', w)")).alias("len"))
    return sorted(r["len"] for r in built.collect())


LATENT_ROWS = 400_000
LATENT_PARTITIONS = 8


def run_latent_skew(sc, skewed):
    def key(i):
        # Skewed: 9 rows in 10 on key 0, the tenth spread over every partition; else all spread evenly.
        return 0 if skewed and i % 10 else (i // 10) % LATENT_PARTITIONS

    pairs = sc.parallelize(range(LATENT_ROWS), LATENT_PARTITIONS).map(lambda i: (key(i), i))
    return sorted(pairs.partitionBy(LATENT_PARTITIONS, lambda k: k).glom().map(len).collect(), reverse=True)


def main():
    args = parse_args()
    spark = SparkSession.builder.appName("pyrometer-memory").getOrCreate()
    sc = spark.sparkContext
    result = {"application_id": sc.applicationId, "failures": {}}
    cases = [
        ("python-memory-error", lambda: run_python_memory(spark, HUGE_PYTHON if args.faults else 1 << 20)),
        ("jvm-oom", lambda: run_jvm_oom(spark, HUGE_STRING if args.faults else 1_000)),
        ("latent-skew", lambda: run_latent_skew(sc, args.faults)),
    ]
    for name, case in cases:
        sc.setJobDescription(name)
        try:
            result[name] = case()
            result["failures"][name] = None
        except Exception as e:  # noqa: BLE001 - with --faults the first two fail; the app goes on
            result["failures"][name] = str(e)[-2000:]
    if args.result_json:
        with open(args.result_json, "w") as f:
            json.dump(result, f)
    print("memory app done: %s" % json.dumps(result)[:300])
    spark.stop()


if __name__ == "__main__":
    main()

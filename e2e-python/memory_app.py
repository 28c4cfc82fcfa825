# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""A PySpark application for the memory-death diagnosis tests (test_diagnosis.py); not the demo.

  --faults   two failing jobs, each caught so the app goes on:
               python-memory-error  a Python UDF asks for a 1 TiB bytearray: MemoryError in the worker;
               jvm-oom              after a shuffle of two keys, the reduce task of key 0 builds a 1.9 GB
                                    string in the executor's JVM (repeat, not foldable: it depends on
                                    the row), which has a 1 GiB heap: java.lang.OutOfMemoryError, the
                                    executor exits 52. The other key's reduce task (the stage's only
                                    other one: spark.sql.shuffle.partitions=2) holds the other
                                    executor for OOM_PAUSE_S in a Python UDF, so the OOM task's
                                    retry runs on the dying executor and is lost with it, or waits
                                    for another executor and finds the shuffle output the dead one
                                    held gone: FetchFailed (with spark.task.maxFailures=3, in
                                    test_diagnosis's MEMORY_CONFS, always), and the stage is retried;
               latent-skew          (does not fail) 9 rows in 10 on one key through partitionBy into 8
                                    partitions: a post-shuffle partition with ~70x the median data
                                    (1.6 MB; PySpark counts batches, not rows, as records) that is
                                    cheap today;
               container-killed     one Python task grows 16 MiB every 100 ms while a driver-side
                                    watchdog, standing in for YARN's NodeManager, SIGKILLs the
                                    executor JVM and its processes once their Python RSS passes
                                    CONTAINER_LIMIT_MB: the executor exits 137 with its heap nearly
                                    empty, each attempt (3) on a fresh executor;
  (default)  the same jobs with sizes that fit and even keys: the healthy run of the same shape.

Writes what it did (application id, failures seen, the watchdog's kills) to --result-json.
"""

import argparse
import json
import time

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


# Seconds the other key's reduce task holds its executor: longer than an executor takes to die and
# be noticed by the driver (about a second here, its shutdown hooks included), so the OOM task's
# retry cannot fetch from the dying executor while it still serves its shuffle files.
OOM_PAUSE_S = 4


def pause_unless_zero(k, pause):
    if k != 0:
        time.sleep(pause)
    return k


def other_reduce_key(spark):
    """A key whose reduce task is not key 0's: hash partitioning is Spark's pmod(hash(k), n), computed
    here on a local relation (no job) for the shuffle partitions this session uses."""
    n = int(spark.conf.get("spark.sql.shuffle.partitions"))
    keys = spark.createDataFrame([(k,) for k in range(16)], "k long")
    where = {r["k"]: r["p"] for r in keys.select("k", F.expr("pmod(hash(k), %d)" % n).alias("p")).collect()}
    return next(k for k in range(1, 16) if where[k] != where[0])


def run_jvm_oom(spark, huge, pause):
    other = other_reduce_key(spark)
    keys = spark.range(0, 200_000, 1, 8).select(F.when(F.col("id") % 2 == 0, 0).otherwise(other).cast("long").alias("k"))
    counted = keys.groupBy("k").agg(F.count("*").alias("n"))
    # The reduce side of the shuffle: key 0's task repeats a character `huge` times; the other key's
    # task pauses first, in Python.
    paused = counted.withColumn("k", F.udf(lambda k: pause_unless_zero(k, pause), "long")("k"))
    width = F.when(F.col("k") == 0, F.lit(huge)).otherwise(F.lit(10)).cast("int")
    built = paused.withColumn("w", width).select("k", F.length(F.expr("repeat('x', w)")).alias("len"))
    return sorted(r["len"] for r in built.collect())


LATENT_ROWS = 400_000
LATENT_PARTITIONS = 8


def run_latent_skew(sc, skewed):
    def key(i):
        # Skewed: 9 rows in 10 on key 0, the tenth spread over every partition; else all spread evenly.
        return 0 if skewed and i % 10 else (i // 10) % LATENT_PARTITIONS

    pairs = sc.parallelize(range(LATENT_ROWS), LATENT_PARTITIONS).map(lambda i: (key(i), i))
    return sorted(pairs.partitionBy(LATENT_PARTITIONS, lambda k: k).glom().map(len).collect(), reverse=True)


# --- container-killed -------------------------------------------------------------------------

CONTAINER_LIMIT_MB = 512
GROWTH_MB = 1024  # the faulty task's cap: far past the limit, so a missing watchdog still ends it


def grow_in_python(index, rows, cap_mb):
    blocks = []
    if index == 0:
        for _ in range(cap_mb // 16):
            blocks.append(b"\x5a" * (16 << 20))  # written, so the pages count in the RSS
            time.sleep(0.1)
    yield sum(1 for _ in rows) + len(blocks)


def run_container_killed(sc, cap_mb, kills):
    from diagnosis_app import Watchdog  # the same watchdog as the worker-killed case, on the whole tree

    dog = Watchdog(sc.applicationId, CONTAINER_LIMIT_MB << 20, whole_tree=True)
    dog.start()
    try:
        return sc.parallelize(range(4), 2).mapPartitionsWithIndex(lambda i, rows: grow_in_python(i, rows, cap_mb)).collect()
    finally:
        dog.stop()
        kills.extend(dog.kills)


def main():
    args = parse_args()
    spark = SparkSession.builder.appName("pyrometer-memory").getOrCreate()
    sc = spark.sparkContext
    kills = []
    result = {"application_id": sc.applicationId, "failures": {}, "watchdog_kills": kills}
    cases = [
        ("python-memory-error", lambda: run_python_memory(spark, HUGE_PYTHON if args.faults else 1 << 20)),
        ("jvm-oom", lambda: run_jvm_oom(spark, *((HUGE_STRING, OOM_PAUSE_S) if args.faults else (1_000, 0)))),
        ("latent-skew", lambda: run_latent_skew(sc, args.faults)),
        ("container-killed", lambda: run_container_killed(sc, GROWTH_MB if args.faults else 64, kills)),
    ]
    for name, case in cases:
        sc.setJobDescription(name)
        try:
            result[name] = case()
            result["failures"][name] = None
        except Exception as e:  # noqa: BLE001 - with --faults all but latent-skew fail; the app goes on
            result["failures"][name] = str(e)[-2000:]
    if args.result_json:
        with open(args.result_json, "w") as f:
            json.dump(result, f)
    print("memory app done: %s" % json.dumps(result)[:300])
    spark.stop()


if __name__ == "__main__":
    main()

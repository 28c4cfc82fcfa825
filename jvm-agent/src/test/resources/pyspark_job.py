# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""PySpark job for PySparkDriverIT: a driver JVM launched by PySpark with the agent attached.

Runs an RDD job (Java-serialized tasks, Python workers) and a DataFrame round trip (Pyrolite
pickling and unpickling), then waits two export intervals so the last aggregates leave.

usage: pyspark_job.py AGENT_JAR AGENT_ARGS
"""

import sys
import time

from pyspark.sql import SparkSession

agent_jar, agent_args = sys.argv[1], sys.argv[2]
spark = (
    SparkSession.builder.master("local[2]")
    .appName("pyrometer-pyspark-it")
    .config("spark.driver.extraJavaOptions", "-javaagent:%s=%s" % (agent_jar, agent_args))
    .config("spark.driver.memory", "512m")
    .config("spark.ui.enabled", "false")
    .config("spark.sql.shuffle.partitions", "2")
    .getOrCreate()
)
sc = spark.sparkContext
print("APP", sc.applicationId, flush=True)
print("SUM", sc.parallelize(range(1000), 2).map(lambda x: x * 2).sum(), flush=True)
rows = spark.createDataFrame([(i, "row-%d" % i) for i in range(500)], ["id", "name"]).collect()
print("ROWS", len(rows), flush=True)
# Tasks that keep their Python workers busy across several samples.
print("SLOW", sc.parallelize(range(2), 2).map(lambda x: time.sleep(2) or x).count(), flush=True)
# A 2 MiB string crossing the gateway while this thread has a job group: one outlier event.
sc.setJobGroup("pyrometer-it-group", "big gateway response")
big = sc._jvm.org.apache.commons.lang3.StringUtils.repeat("x", 2 * 1024 * 1024)
print("BIG", len(big), flush=True)
time.sleep(1.5)
spark.stop()
print("DONE", flush=True)

# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""PySpark job for PySparkWorkersIT: the driver JVM (local mode, so it runs the tasks) carries the
agent and the listener.

Short tasks with worker reuse off, so each task's Python worker lives about 200 ms, mostly
between two samples (5 s apart); then an RDD job and a Python UDF that move data to and from
their workers. Prints the stage ids of each part, then waits two export intervals.

usage: pyspark_workers.py AGENT_JAR AGENT_ARGS BOOTSTRAP TOPIC
"""

import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, udf

agent_jar, agent_args, bootstrap, topic = sys.argv[1:5]
spark = (
    SparkSession.builder.master("local[2]")
    .appName("pyrometer-workers-it")
    .config("spark.driver.extraJavaOptions", "-javaagent:%s=%s" % (agent_jar, agent_args))
    .config("spark.driver.extraClassPath", agent_jar)
    .config("spark.extraListeners", "dev.pyrometer.listener.PyrometerListener")
    .config("spark.pyrometer.bootstrap.servers", bootstrap)
    .config("spark.pyrometer.topic", topic)
    .config("spark.pyrometer.kafka.compression.type", "none")
    .config("spark.pyrometer.kafka.linger.ms", "5")
    .config("spark.driver.memory", "512m")
    .config("spark.ui.enabled", "false")
    .config("spark.python.worker.reuse", "false")
    .config("spark.sql.shuffle.partitions", "2")
    .getOrCreate()
)
sc = spark.sparkContext
print("APP", sc.applicationId, flush=True)
sc.setJobGroup("short", "short-lived workers")
print("SHORT", sc.parallelize(range(8), 8).map(lambda x: time.sleep(0.2) or x).count(), flush=True)
# A list, not a range: PySpark turns parallelize(range) into a generator in Python, sending no data.
sc.setJobGroup("rdd", "data to and from Python")
print("SUM", sc.parallelize(list(range(200000)), 2).map(lambda x: x * 2).sum(), flush=True)
sc.setJobGroup("udf", "a Python UDF")
double = udf(lambda x: x * 2, "long")
print(
    "UDF", spark.range(50000).repartition(2).select(double(col("id")).alias("d")).groupBy().sum("d").collect()[0][0], flush=True
)
time.sleep(1.5)
spark.stop()
print("DONE", flush=True)

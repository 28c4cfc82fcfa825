# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""`pyrometer spark-ingest`'s command line and the analytics views' SQL, without Spark."""

import os
import tempfile
import unittest

from pyrometer import analytics, spark_ingest
from pyrometer.submit import UsageError


class SparkIngestArgsTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="pyrometer-spark-home-")
        os.makedirs(os.path.join(self.home, "jars"))
        for jar in ("spark-core_2.13-4.1.4.jar", "spark-sql_2.13-4.1.4.jar", "scala-library-2.13.17.jar"):
            open(os.path.join(self.home, "jars", jar), "w").close()

    def test_the_connector_matches_the_spark_and_scala_of_the_spark_that_runs_it(self):
        self.assertEqual(("4.1.4", "2.13"), spark_ingest.spark_versions(self.home))
        self.assertEqual(
            "org.apache.spark:spark-sql-kafka-0-10_2.13:4.1.4,org.apache.spark:spark-avro_2.13:4.1.4",
            spark_ingest.packages("4.1.4", "2.13"),
        )
        env = {"SPARK_SUBMIT": os.path.join(self.home, "bin", "spark-submit")}
        command, _env, dry = spark_ingest.build(
            ["--output", "/t", "--connector-version", "4.1.3", "--dry-run", "--", "--master", "yarn"], env
        )
        self.assertTrue(dry)
        self.assertEqual(env["SPARK_SUBMIT"], command[0])
        self.assertIn("org.apache.spark:spark-sql-kafka-0-10_2.13:4.1.3,org.apache.spark:spark-avro_2.13:4.1.3", command)
        # spark-submit's options come before the job file, the job's after it; the defaults first so the user's win.
        job = command.index(spark_ingest.JOB)
        self.assertLess(command.index("spark.sql.ui.retainedExecutions=50"), command.index("yarn"))
        self.assertLess(command.index("yarn"), job)
        self.assertEqual(["--output", "/t"], command[job + 3 : job + 5])
        self.assertIn("--bootstrap", command[job:])

    def test_bad_arguments_are_one_line_errors(self):
        for argv, message in (
            (["--topic", "t"], "--output DIR is required"),
            (["--output"], "--output needs a value"),
            (["--output", "/t", "--master", "yarn"], "unknown option --master"),
            (["--output", "/t", "--connector-version", "latest"], "a Spark release"),
        ):
            with self.assertRaises(UsageError) as e:
                spark_ingest.split(argv)
            self.assertIn(message, str(e.exception))
            self.assertNotIn("\n", str(e.exception))

    def test_credentials_are_hidden_in_the_printed_command(self):
        printed = spark_ingest.printable(
            [
                "spark-submit",
                "job.py",
                "--kafka-property",
                "sasl.jaas.config=secret",
                "--kafka-property=ssl.key.password=hunter2",
                "--kafka-property-file",
                "/k",
            ]
        )
        self.assertNotIn("secret", printed)
        self.assertNotIn("hunter2", printed)
        self.assertIn("sasl.jaas.config=***", printed)
        self.assertIn("--kafka-property=ssl.key.password=***", printed)
        self.assertIn("--kafka-property-file /k", printed)


class AnalyticsViewsTest(unittest.TestCase):
    def test_a_view_is_left_out_when_a_table_it_needs_is_missing_and_optional_ones_stand_in_empty(self):
        views = dict(analytics.statements("/r", ["task_end", "task_start", "job_start"]))
        self.assertIn("tasks", views)
        self.assertIn("jobs", views, "job_end stands in empty")
        self.assertNotIn("stages", views, "stage_submitted is missing")
        self.assertIn("parquet.`/r/task_end`", views["tasks"])
        self.assertTrue(views["tasks"].startswith("CREATE OR REPLACE TEMPORARY VIEW tasks AS "))
        persistent = dict(analytics.statements("/r", ["task_end", "task_start"], temporary=False))
        self.assertTrue(persistent["tasks"].startswith("CREATE OR REPLACE VIEW tasks AS "))

    def test_only_payload_tables_are_views_sources(self):
        names = ["task_end", "_keys", "_checkpoint", "_staging", "rejected_records", "jvm_sample", "README.md"]
        self.assertEqual(["jvm_sample", "task_end"], analytics.tables_under("/r", listdir=lambda _: names))


if __name__ == "__main__":
    unittest.main()

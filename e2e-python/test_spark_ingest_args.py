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

    def command(self, *argv):
        env = {"SPARK_SUBMIT": os.path.join(self.home, "bin", "spark-submit")}
        command, _env, _dry = spark_ingest.build(["--output", "/t"] + list(argv), env)
        return command

    def confs(self, command):
        return [command[i + 1] for i, c in enumerate(command[: command.index(spark_ingest.JOB)]) if c == "--conf"]

    def test_a_delta_catalog_brings_delta_for_this_spark_line_and_the_confs_spark_catalog_needs(self):
        for home_jars, wanted in (
            (("spark-core_2.12-3.5.9.jar",), "io.delta:delta-spark_2.12:3.3.2"),
            (("spark-core_2.13-4.0.1.jar",), "io.delta:delta-spark_2.13:4.0.0"),
            (("spark-core_2.12-3.4.4.jar",), "io.delta:delta-core_2.12:2.4.0"),
        ):
            for jar in os.listdir(os.path.join(self.home, "jars")):
                os.remove(os.path.join(self.home, "jars", jar))
            for jar in home_jars:
                open(os.path.join(self.home, "jars", jar), "w").close()
            command = self.command("--catalog", "spark_catalog", "--table-format", "delta", "--", "--conf", "spark.x=1")
            packages = command[command.index("--packages") + 1].split(",")
            self.assertEqual(wanted, packages[-1])
            self.assertIn("spark-sql-kafka-0-10", packages[0])
            confs = self.confs(command)
            self.assertIn("spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension", confs)
            self.assertIn("spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog", confs)
            # The user's confs come last, so that theirs win.
            self.assertEqual("spark.x=1", confs[-1])
            job = command[command.index(spark_ingest.JOB) :]
            self.assertIn("--catalog", job)
            self.assertEqual("delta", job[job.index("--table-format") + 1])
        # Another catalog's confs are the user's: spark-ingest adds the package only.
        command = self.command("--catalog", "unity", "--table-format", "delta", "--table-format-version", "3.3.1")
        self.assertTrue(command[command.index("--packages") + 1].endswith(",io.delta:delta-spark_2.12:3.3.1"))
        self.assertEqual(spark_ingest.DEFAULT_CONFS, self.confs(command))
        self.assertNotIn("--table-format-version", command, "a spark-ingest option, not the job's")

    def test_an_iceberg_catalog_brings_the_iceberg_runtime_of_this_spark_line(self):
        # No Iceberg release is known to this code for Spark 4.1: the user names one.
        with self.assertRaises(UsageError) as e:
            self.command("--catalog", "lake", "--table-format", "iceberg")
        self.assertIn("no iceberg release is known for Spark 4.1: name one with --table-format-version", str(e.exception))
        os.remove(os.path.join(self.home, "jars", "spark-core_2.13-4.1.4.jar"))
        open(os.path.join(self.home, "jars", "spark-core_2.12-3.5.9.jar"), "w").close()
        command = self.command("--catalog", "lake", "--table-format", "iceberg")
        self.assertTrue(
            command[command.index("--packages") + 1].endswith(",org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.1")
        )
        os.remove(os.path.join(self.home, "jars", "spark-core_2.12-3.5.9.jar"))
        open(os.path.join(self.home, "jars", "spark-core_2.13-4.1.4.jar"), "w").close()
        command = self.command(
            "--catalog", "lake", "--namespace", "obs.pyrometer", "--table-format", "iceberg", "--table-format-version", "1.10.0"
        )
        self.assertTrue(
            command[command.index("--packages") + 1].endswith(",org.apache.iceberg:iceberg-spark-runtime-4.1_2.13:1.10.0")
        )
        self.assertEqual(spark_ingest.DEFAULT_CONFS, self.confs(command), "the catalog's confs are the user's")
        job = command[command.index(spark_ingest.JOB) :]
        self.assertEqual("obs.pyrometer", job[job.index("--namespace") + 1])

    def test_a_provided_table_format_adds_neither_package_nor_conf(self):
        command = self.command("--catalog", "spark_catalog", "--table-format", "delta", "--table-format-version", "provided")
        self.assertEqual(
            "org.apache.spark:spark-sql-kafka-0-10_2.13:4.1.4,org.apache.spark:spark-avro_2.13:4.1.4",
            command[command.index("--packages") + 1],
        )
        self.assertEqual(spark_ingest.DEFAULT_CONFS, self.confs(command))

    def test_bad_arguments_are_one_line_errors(self):
        for argv, message in (
            (["--topic", "t"], "--output DIR is required"),
            (["--output"], "--output needs a value"),
            (["--output", "/t", "--master", "yarn"], "unknown option --master"),
            (["--output", "/t", "--connector-version", "latest"], "a Spark release"),
            (["--output", "/t", "--table-format", "delta"], "--table-format goes with --catalog"),
            (["--output", "/t", "--namespace", "n"], "--namespace goes with --catalog"),
            (["--output", "/t", "--table-format-version", "3.3.2"], "--table-format-version goes with --catalog"),
            (["--output", "/t", "--catalog", "lake"], "--table-format delta or iceberg, got none"),
            (["--output", "/t", "--catalog", "lake", "--table-format", "hudi"], "delta or iceberg, got hudi"),
            (["--output", "/t", "--catalog", "a.b", "--table-format", "delta"], "--catalog wants a name"),
            (["--output", "/t", "--catalog", "lake", "--table-format", "delta", "--namespace", "x;y"], "--namespace wants"),
            (["--output", "/t", "--catalog", "c", "--table-format", "delta", "--table-format-version", "new"], "or provided"),
            (["--output", "/t", "--catalog", "c", "--table-format-version"], "--table-format-version needs a value"),
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

    def test_over_a_catalog_the_views_read_its_tables(self):
        views = dict(analytics.statements(None, ["task_end", "task_start", "job_start"], namespace="lake.obs.pyrometer"))
        self.assertIn("FROM `lake`.`obs`.`pyrometer`.`task_end`", views["tasks"])
        self.assertIn("`lake`.`obs`.`pyrometer`.`job_start` s LEFT JOIN", views["jobs"])
        self.assertNotIn("parquet.", " ".join(views.values()))

    def test_only_payload_tables_are_views_sources(self):
        names = ["task_end", "_keys", "_checkpoint", "_staging", "rejected_records", "jvm_sample", "README.md"]
        self.assertEqual(["jvm_sample", "task_end"], analytics.tables_under("/r", listdir=lambda _: names))


if __name__ == "__main__":
    unittest.main()

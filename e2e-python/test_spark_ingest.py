# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""`pyrometer spark-ingest` (issue 19): the topic as Parquet tables, by a real Structured Streaming
job (PySpark from pip, spark-sql-kafka and spark-avro resolved by --packages) against the real
broker a collector (`pyrometer run --embedded-kafka`) serves.

One instrumented PySpark run on local-cluster sends its events; the test then writes onto the same
topic three records that are not Pyrometer's (no single-object marker, an unknown schema
fingerprint, a truncated body) and sends the run's first records again, as a producer retry does.
The ingest runs twice over the topic in small micro-batches: the first is SIGKILLed as soon as it
has written its second batch (before Spark's checkpoint commits it), the second resumes from the
checkpoint and runs until the topic is drained. The tables must then hold the run exactly as the
collector stored it: the same timeline (`pyrometer export --parquet` against `--store`), no
duplicate, no loss, and the three strangers in rejected_records with their offsets.

Then the same topic goes, in the same two runs (the first killed right after its first commit of
batch 1), into Iceberg tables of a catalog of directories, or Delta Lake tables of Spark's own
catalog with a local Hive metastore (PYROMETER_SPARK_INGEST_FORMAT=delta): each table must hold the
rows of its Parquet twin, once each, and the views over them the same rows.
"""

import concurrent.futures
import glob
import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_faults  # noqa: E402 - the shared harness (FaultRun)
from test_faults import FaultRun, finished_runs, wait_for  # noqa: E402

from pyrometer import spark_ingest  # noqa: E402

APP = os.path.join(test_faults.ROOT, "e2e-python", "diagnosis_app.py")
TOPIC = "pyrometer.events"
TOPIC_WRITER = os.path.join(test_faults.ROOT, "e2e-python", "TopicWriter.java")
# Maven Central as this machine's mirror serves it lacks spark-sql-kafka 3.5.9 (the pinned PySpark);
# 3.5.7 is the same Spark line.
CONNECTOR = os.environ.get("PYROMETER_SPARK_INGEST_CONNECTOR", "3.5.7")
RESENT = 40
BATCH = 600
NAMESPACE = "pyrometer"
# Each table's append is a commit of its own: larger batches than the Parquet runs' make fewer, and
# batch 1, the one killed, still exists.
LAKE_BATCH = 1000
# The catalog's table format: Iceberg in ./bin/test, in a catalog of directories (its runtime is a
# 46 MB download, Delta's 7 MB, but the Delta runs need a Hive metastore and took three times as
# long); PYROMETER_SPARK_INGEST_FORMAT=delta runs the same checks on Delta tables of spark_catalog.
LAKE_FORMAT = os.environ.get("PYROMETER_SPARK_INGEST_FORMAT", "iceberg")


def read(path):
    with open(path, errors="replace") as f:
        return f.read()


@unittest.skipUnless(test_faults.READY, "build the listener, agent and collector jars first (mvn package per module)")
class SparkIngestTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        started = time.monotonic()
        cls.run_ = FaultRun("spark-ingest", idle_timeout="60s", until_complete=False, exit_after="900s")
        try:
            cls.run_.result_path = os.path.join(cls.run_.dir, "app.json")
            cls.run_.submit(["--agent-option", "sample.interval.ms=200"], [], ["--pairwise", "2000"], app=APP)
            assert cls.run_.wait_app(timeout=600) == 0, "the app failed, see %s" % cls.run_.dir
            with open(cls.run_.result_path) as f:
                cls.run_id = json.load(f)["application_id"]
            err = os.path.join(cls.run_.dir, "collector.err")
            wait_for(lambda: finished_runs(err) == ("0", "1"), 180, "the run closed and stored")
            bootstrap = cls.run_.bootstrap
            # The run's records are keyed by its application id (one partition).
            cls.resent = cls.write_topic("again", cls.run_id, str(RESENT))
            bad, unknown = cls.write_topic("raw", "stranger", "00ff", "c301" + "11" * 8 + "02")
            (corrupt,) = cls.write_topic("truncate", cls.run_id, "13")
            cls.strangers = {"BAD_HEADER": bad, "UNKNOWN_SCHEMA": unknown, "CORRUPT_BODY": corrupt}
            wait_for(lambda: re.search(r"rejected 3 ", read(err)), 60, "the collector to see the strangers")
            cls.output = os.path.join(cls.run_.dir, "tables")
            ingest = [
                test_faults.PYROMETER,
                "spark-ingest",
                "--bootstrap",
                bootstrap,
                "--topic",
                TOPIC,
                "--output",
                cls.output,
                "--available-now",
                "--max-offsets-per-trigger",
                str(BATCH),
                "--connector-version",
                CONNECTOR,
                "--",
                "--master",
                "local[2]",
                "--driver-memory",
                "1g",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.sql.shuffle.partitions=2",
            ]
            # The first file of batch 1 moved into a table: the batch is half written and not
            # committed to Spark's checkpoint. The next run replays it.
            moved = os.path.join(cls.output, "*", "*", "*", "part-*-b1-*")
            cls.first, cls.left_behind = cls.ingest(ingest, "ingest-1", lambda: glob.glob(moved))
            cls.second, _ = cls.ingest(ingest, "ingest-2")
            # The Parquet tables are final now: read them while the catalog ingest runs (about 40 s
            # of the suite's time; the two share nothing but the CPU).
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                tables_read = pool.submit(cls.read_tables)
                cls.lake_seconds = cls.ingest_into_catalog(ingest)
                tables_read.result()
            cls.run_.collector.send_signal(signal.SIGTERM)
            assert cls.run_.wait_collector(timeout=60) in (0, 143)
            cli = cls.run_.collector_cli
            cls.stored = json.loads(cli("export", "--store", cls.run_.store, "--format", "json", cls.run_id))
            cls.stored_rejects = json.loads(cli("runs", "--store", cls.run_.store, "--rejects", "--json"))
            if cls.lake_seconds is not None:
                confs = [a for conf in cls.lake_confs for a in ("--conf", conf)]
                cls.lake_views = cls.analytics(["--namespace", cls.catalog + "." + NAMESPACE] + confs)
            print(
                "spark-ingest: %.1f s in all, of which %s s into %s tables (logs %s)"
                % (time.monotonic() - started, cls.lake_seconds, LAKE_FORMAT, cls.run_.dir),
                file=sys.stderr,
            )
        finally:
            cls.run_.cleanup()

    @classmethod
    def read_tables(cls):
        """What the collector's reading commands and the views make of the Parquet tables."""
        cli = cls.run_.collector_cli
        cls.tables = json.loads(cli("export", "--parquet", cls.output, "--format", "json", cls.run_id))
        cls.tables_runs = json.loads(cli("runs", "--parquet", cls.output, "--json"))
        cls.tables_rejects = json.loads(cli("runs", "--parquet", cls.output, "--rejects", "--json"))
        cls.views = cls.analytics([cls.output])
        cls.report = os.path.join(cls.run_.dir, "from-tables.html")
        cli("report", "--parquet", cls.output, cls.run_id, "-o", cls.report)

    @classmethod
    def write_topic(cls, mode, key, *args):
        """Runs TopicWriter.java; [(partition, offset)] of the records it wrote."""
        out = subprocess.run(
            ["java", "-cp", cls.run_.env["PYROMETER_COLLECTOR_JAR"], TOPIC_WRITER, cls.run_.bootstrap, TOPIC, mode, key]
            + list(args),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        return [tuple(int(x) for x in line.split()) for line in out.stdout.split("\n") if line.strip()]

    @classmethod
    def analytics(cls, args):
        """The views' rows as `python -m pyrometer.analytics ARGS` prints them (JSON)."""
        views = subprocess.run(
            [test_faults.demo_run.VENV_PYTHON, "-m", "pyrometer.analytics"] + args,
            capture_output=True,
            text=True,
            cwd=cls.run_.dir,
            env=cls.run_.env,
            timeout=300,
        )
        assert views.returncode == 0, views.stderr[-3000:]
        return json.loads(views.stdout)

    @classmethod
    def ingest_into_catalog(cls, ingest):
        """Runs the ingest twice into the catalog's tables (LAKE_FORMAT), killing the first run as soon
        as it has committed a table of batch 1; seconds taken, or None when no release of the format
        is known for this PySpark."""
        spark_version, scala = spark_ingest.spark_versions(test_faults.demo_run.pyspark_home())
        try:
            package = spark_ingest.lake_package(LAKE_FORMAT, None, spark_version, scala)
        except spark_ingest.UsageError as e:
            print("spark-ingest: no %s run: %s" % (LAKE_FORMAT, e), file=sys.stderr)
            return None
        started = time.monotonic()
        lake = os.path.join(cls.run_.dir, "lake")
        os.makedirs(lake)
        warehouse = os.path.join(lake, "warehouse")
        if LAKE_FORMAT == "delta":
            # Spark's own catalog, outliving the session as a cluster's metastore does: Hive's, in Derby.
            cls.catalog = "spark_catalog"
            cls.lake_confs = [
                # Delta rebuilds a table's state in 50 tasks by default: 2 for these small tables.
                "spark.databricks.delta.snapshotPartitions=2",
                "spark.sql.catalogImplementation=hive",
                "spark.sql.warehouse.dir=" + warehouse,
                "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=%s/metastore;create=true" % lake,
            ]
            commits = os.path.join(warehouse, NAMESPACE + ".db", "*", "_delta_log", "*.json")
            mark = r'"userMetadata":"pyrometer\.batch=[0-9a-f-]+/1"'
            session = spark_ingest.DELTA_SESSION_CONFS
        else:
            # Iceberg's catalog of directories: no metastore.
            cls.catalog = "lake"
            cls.lake_confs = [
                "spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog",
                "spark.sql.catalog.lake.type=hadoop",
                "spark.sql.catalog.lake.warehouse=" + warehouse,
            ]
            # v<N>.metadata.json: what a commit renames its <uuid>.metadata.json to.
            commits = os.path.join(warehouse, NAMESPACE, "*", "metadata", "v*.metadata.json")
            mark = r'"pyrometer\.batch"\s*:\s*"[0-9a-f-]+/1"'
            session = []
        cut = ingest.index("--")
        command = ingest[:cut] + ["--catalog", cls.catalog, "--table-format", LAKE_FORMAT] + ingest[cut:]
        command[command.index("--output") + 1] = os.path.join(lake, "state")
        command[command.index("--max-offsets-per-trigger") + 1] = str(LAKE_BATCH)
        command += [a for conf in cls.lake_confs for a in ("--conf", conf)]
        # What the views' session needs besides: what spark-ingest adds to its spark-submit.
        cls.lake_confs += ["spark.jars.packages=" + package] + session

        def committed_in_batch_1():
            found = []
            for path in glob.glob(commits):
                try:
                    if re.search(mark, read(path)):
                        found.append(path)
                except FileNotFoundError:
                    pass  # replaced between the listing and the read
            return found

        cls.lake_first, cls.lake_left_behind = cls.ingest(command, "lake-1", committed_in_batch_1)
        cls.lake_second, _ = cls.ingest(command, "lake-2")
        return round(time.monotonic() - started, 1)

    @classmethod
    def ingest(cls, command, name, written=None):
        """Runs spark-ingest: (its output, None). spark-submit's Python driver writes stderr to stdout.
        With written (what the run has written of a batch so far), the run is SIGKILLed as soon as
        that lists something: (its output, what it lists after the kill)."""
        out_path = os.path.join(cls.run_.dir, name + ".out")
        env = dict(
            cls.run_.env,
            SPARK_HOME=test_faults.demo_run.pyspark_home(),
            PYSPARK_PYTHON=test_faults.demo_run.VENV_PYTHON,
            PYSPARK_DRIVER_PYTHON=test_faults.demo_run.VENV_PYTHON,
        )

        def output():
            with open(out_path, errors="replace") as f:
                return f.read()

        left = None
        with open(out_path, "w") as out, open(os.path.join(cls.run_.dir, name + ".err"), "w") as err:
            p = subprocess.Popen(command, cwd=cls.run_.dir, stdout=out, stderr=err, env=env, start_new_session=True)
            try:
                if written is not None:

                    def writing():
                        if p.poll() is not None:
                            raise AssertionError("%s exited %s before it was killed, see %s" % (name, p.returncode, cls.run_.dir))
                        return written()

                    wait_for(writing, 300, "%s to write batch 1" % name)
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait(timeout=30)
                    left = written()
                else:
                    assert p.wait(timeout=600) == 0, "%s failed, see %s" % (name, cls.run_.dir)
            finally:
                if p.poll() is None:
                    os.killpg(p.pid, signal.SIGKILL)
        return output(), left

    def batches(self, log):
        return [
            tuple(int(x) for x in m)
            for m in re.findall(
                r"batch (\d+): (\d+) records, (\d+) rows in \d+ tables, (\d+) duplicates dropped, (\d+) rejected", log
            )
        ]

    def test_the_tables_hold_the_run_exactly_as_the_collector_stored_it(self):
        """The same timeline, replayed from the tables' record bytes: every job, stage, task, sample."""
        self.assertEqual(RESENT, self.stored["loss"]["duplicates"], "the collector saw the records sent again")
        self.assertEqual(0, self.tables["loss"]["duplicates"], "the tables hold no record twice")
        for t in (self.stored, self.tables):
            t["loss"]["duplicates"] = None
        for key in self.stored:
            self.assertEqual(self.stored[key], self.tables[key], key)
        self.assertGreater(len(self.stored["tasks"]), 8)
        self.assertTrue(self.stored["processes"], "the Python workers' samples are in both")
        self.assertEqual([self.run_id], [r["runId"] for r in self.tables_runs])
        self.assertEqual(self.stored["eventCount"], self.tables_runs[0]["events"])

    def test_a_batch_killed_while_it_writes_is_replayed_without_loss_or_duplicate(self):
        first = self.batches(self.first)
        second = self.batches(self.second)
        self.assertEqual([0], [b[0] for b in first], self.first[-2000:])
        self.assertTrue(self.left_behind, "the killed run had moved files of batch 1 into the tables")
        # The second run starts with batch 1 again: what the killed attempt left is replaced, not added to.
        self.assertEqual(1, second[0][0], self.second[-2000:])
        self.assertTrue(all(b[1] <= BATCH for b in first + second))
        self.assertEqual(list(range(len(first) + len(second))), [b[0] for b in first + second], "no batch skipped")
        self.assertEqual(self.stored["eventCount"], first[0][2] + sum(b[2] for b in second))
        self.assertEqual(RESENT, first[0][3] + sum(b[3] for b in second))
        self.assertEqual(3, first[0][4] + sum(b[4] for b in second))
        self.assertIn("done: ", self.second)
        self.assertNotIn("cannot release", self.first + self.second, "each batch frees its local checkpoints")

    def test_records_that_are_not_pyrometers_are_rejected_with_their_position(self):
        got = {r["reason"]: (r["partition"], r["offset"]) for r in self.tables_rejects}
        self.assertEqual(self.strangers, got, self.tables_rejects)
        self.assertEqual(
            sorted((r["reason"], r["partition"], r["offset"]) for r in self.stored_rejects),
            sorted((r["reason"], r["partition"], r["offset"]) for r in self.tables_rejects),
            "the collector rejected the same records",
        )
        for r in self.tables_rejects:
            self.assertEqual(TOPIC, r["topic"])
            self.assertTrue(r["detail"])

    def test_the_report_of_a_run_the_tables_hold_renders_from_them(self):
        with open(self.report, encoding="utf-8") as f:
            html = f.read()
        self.assertIn(self.run_id, html)
        self.assertIn("pairwise count", html)

    def test_credentials_given_as_kafka_properties_never_show_on_the_command_line_it_prints(self):
        out = subprocess.run(
            [
                test_faults.PYROMETER,
                "spark-ingest",
                "--output",
                "/tmp/x",
                "--dry-run",
                "--kafka-property",
                "sasl.jaas.config=secret-jaas",
                "--kafka-property=ssl.key.password=hunter2",
            ],
            capture_output=True,
            text=True,
            cwd=test_faults.ROOT,
        )
        self.assertEqual(0, out.returncode, out.stderr)
        self.assertNotIn("secret-jaas", out.stderr)
        self.assertNotIn("hunter2", out.stderr)
        self.assertIn("sasl.jaas.config=***", out.stderr)
        self.assertIn("spark-sql-kafka-0-10_", out.stderr)

    def test_the_views_have_the_collectors_rows(self):
        """runs, jobs, stages, tasks, executors, ... as SQL views: the collector's row counts for the run."""
        rows = {name: counts.get(self.run_id, 0) for name, counts in self.views["rows"].items()}
        s = self.stored
        expected = {
            "runs": 1,
            "jobs": len(s["jobs"]),
            "stages": len(s["stages"]),
            "tasks": len(s["tasks"]),
            "executors": len(s["executors"]),
            "failures": len(s["failures"]),
            "py4j_calls": len(s["py4jStats"]) + len(s["py4jOutliers"]),
            "serializer_stats": len(s["serializerStats"]),
            "processes": len(s["processes"]),
            "samples": len(s["jvmSamples"]) + sum(len(p["points"]) for p in s["processes"]),
        }
        self.assertEqual(expected, {k: rows.get(k) for k in expected}, rows)

    def test_the_views_have_the_collectors_columns(self):
        with open(
            os.path.join(
                test_faults.ROOT, "collector", "src", "main", "resources", "dev", "pyrometer", "collector", "store", "schema.sql"
            )
        ) as f:
            tables = {
                m.group(1): [c.split()[0] for c in m.group(2).split(", ") if not c.startswith("PRIMARY KEY")]
                for m in re.finditer(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*)\);", f.read())
            }
        for name, columns in self.views["columns"].items():
            if name == "runs":
                # The loss columns and the declared scale are the collector's accounting, not SQL's (docs/analytics.md).
                self.assertEqual([c for c in tables[name] if c in columns], columns, name)
            else:
                self.assertEqual(tables[name], columns, name)

    def needs_catalog(self):
        if self.lake_seconds is None:
            self.skipTest("no %s release is known for this PySpark (spark-ingest --table-format-version)" % LAKE_FORMAT)

    def test_catalog_tables_hold_the_rows_of_the_parquet_tables_once_each(self):
        self.needs_catalog()
        tables = self.lake_views["tables"]
        self.assertEqual(self.views["tables"], tables, "the same rows per table, rejected_records too")
        for table, counts in tables.items():
            if table != "rejected_records":
                self.assertEqual(counts["rows"], counts["keys"], "%s holds an event twice" % table)
        self.assertEqual(self.stored["eventCount"], sum(c["rows"] for t, c in tables.items() if t != "rejected_records"))
        self.assertEqual(len(self.strangers), tables["rejected_records"]["rows"])

    def test_a_catalog_batch_killed_between_its_commits_is_replayed_without_duplicate(self):
        self.needs_catalog()
        first, second = self.batches(self.lake_first), self.batches(self.lake_second)
        self.assertEqual([0], [b[0] for b in first], self.lake_first[-2000:])
        self.assertTrue(self.lake_left_behind, "the killed run had committed a table of batch 1")
        # The second run starts with batch 1 again and skips the tables that already hold its commit.
        self.assertEqual(1, second[0][0], self.lake_second[-2000:])
        self.assertRegex(self.lake_second, r"batch 1: [^\n]*; [1-9]\d* of its tables already held it")
        self.assertEqual(list(range(len(first) + len(second))), [b[0] for b in first + second], "no batch skipped")
        self.assertEqual(self.stored["eventCount"], first[0][2] + sum(b[2] for b in second))
        self.assertIn("done: ", self.lake_second)

    def test_the_views_over_catalog_tables_have_the_rows_of_the_views_over_parquet(self):
        self.needs_catalog()
        self.assertEqual(self.views["rows"], self.lake_views["rows"])
        self.assertEqual(self.views["columns"], self.lake_views["columns"])

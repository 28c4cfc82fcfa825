# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The package as a user installs it: a new virtual environment outside the checkout, the wheel
from dist/ (bin/build-python, run by the Maven build) and PySpark from PyPI (pip's cache makes that
cheap after bin/setup-python), then a plain `python app.py` whose only Pyrometer line is
`pyrometer.configure(builder, ...)`, on local-cluster, into a collector started with the
installed `pyrometer run --embedded-kafka`. Nothing from the checkout is on the path.
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import unittest

import pyspark

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIST = os.path.join(ROOT, "dist")

APP = textwrap.dedent('''
    import json, sys, time
    import pyrometer
    from pyspark.sql import SparkSession

    bootstrap, out = sys.argv[1], sys.argv[2]
    builder = (SparkSession.builder.master("local-cluster[1,1,1024]").appName("wheel-install")
               .config("spark.ui.enabled", "false").config("spark.executor.memory", "512m"))
    spark = pyrometer.configure(builder, bootstrap=bootstrap, series="wheel-install",
                                tags={"case": "fresh-venv"},
                                agent_options=["sample.interval.ms=200"]).getOrCreate()
    sc = spark.sparkContext

    def slow_sum(rows):
        time.sleep(2)  # long enough for the agent's process-tree samples to see the worker
        yield sum(rows)

    total = sc.parallelize(range(1000), 2).mapPartitions(slow_sum).sum()
    with open(out, "w") as f:
        json.dump({"application_id": sc.applicationId, "sum": total, "pyrometer": pyrometer.__file__,
                   "agent_jar": pyrometer.jar_path("agent")}, f)
    spark.stop()
''')


def wheel():
    found = sorted(glob.glob(os.path.join(DIST, "pyrometer-*-py3-none-any.whl")))
    return found[-1] if found else None


class WheelInstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.wheel = wheel()
        if cls.wheel is None:
            raise AssertionError("no wheel in %s: build it (mvn -B -ntp -pl python -am package -DskipTests)" % DIST)
        cls.dir = tempfile.mkdtemp(prefix="pyrometer-wheel-")
        cls.venv = os.path.join(cls.dir, "venv")
        bin_dir = os.path.join(cls.venv, "bin")
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "VIRTUAL_ENV", "SPARK_HOME", "PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON")
            and not k.startswith("PYROMETER_")
        }
        # What `source venv/bin/activate` does; PySpark's workers run the python found on PATH.
        cls.env = dict(env, VIRTUAL_ENV=cls.venv, PATH=bin_dir + os.pathsep + env.get("PATH", ""))
        cls.log = open(os.path.join(cls.dir, "log.txt"), "w")
        subprocess.run([sys.executable, "-m", "venv", cls.venv], check=True, env=cls.env)
        subprocess.run(
            [
                os.path.join(bin_dir, "python"),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                cls.wheel,
                "pyspark==" + pyspark.__version__,
            ],
            check=True,
            env=cls.env,
            cwd=cls.dir,
            stdout=cls.log,
            stderr=subprocess.STDOUT,
            timeout=900,
        )
        cls.pyrometer = os.path.join(bin_dir, "pyrometer")
        cls.store = os.path.join(cls.dir, "runs.duckdb")

        collector = subprocess.Popen(
            [
                cls.pyrometer,
                "run",
                "--embedded-kafka",
                "--embedded-kafka-port",
                "0",
                "--embedded-kafka-dir",
                os.path.join(cls.dir, "kafka"),
                "--store",
                cls.store,
                "--until-complete",
            ],
            stdout=subprocess.PIPE,
            stderr=cls.log,
            text=True,
            env=cls.env,
            cwd=cls.dir,
        )
        ready = threading.Event()
        cls.bootstrap = None

        def read():
            for line in collector.stdout:
                cls.log.write(line)
                cls.log.flush()
                if line.startswith("embedded Kafka broker at "):
                    cls.bootstrap = line.split(" at ", 1)[1].strip()
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        try:
            ready.wait(180)
            if not cls.bootstrap:
                raise AssertionError("the installed collector started no broker (log %s)" % cls.log.name)
            with open(os.path.join(cls.dir, "app.py"), "w") as f:
                f.write(APP)
            cls.result_path = os.path.join(cls.dir, "result.json")
            cls.app_exit = subprocess.run(
                [os.path.join(bin_dir, "python"), "app.py", cls.bootstrap, cls.result_path],
                env=cls.env,
                cwd=cls.dir,
                stdout=cls.log,
                stderr=subprocess.STDOUT,
                timeout=600,
            ).returncode
            cls.collector_exit = collector.wait(180)
        finally:
            if collector.poll() is None:
                collector.terminate()
                collector.wait(30)
            collector.stdout.close()
        with open(cls.result_path) as f:
            cls.result = json.load(f)
        runs = json.loads(cls.installed("runs", "--store", cls.store, "--json"))
        cls.runs = [r for r in runs if cls.result["application_id"] in json.dumps(r)]
        cls.timeline = (
            json.loads(cls.installed("export", "--store", cls.store, "--format", "json", cls.runs[0]["runId"]))
            if len(cls.runs) == 1
            else None
        )

    @classmethod
    def tearDownClass(cls):
        cls.log.close()
        shutil.rmtree(cls.venv, ignore_errors=True)  # a PySpark install; the logs stay in cls.dir

    @classmethod
    def installed(cls, *args):
        return subprocess.run(
            [cls.pyrometer] + list(args), check=True, capture_output=True, text=True, env=cls.env, cwd=cls.dir
        ).stdout

    def test_the_application_ran_with_the_installed_package_and_its_jars(self):
        self.assertEqual(0, self.app_exit, "log " + self.log.name)
        self.assertEqual(sum(range(1000)), self.result["sum"])
        self.assertTrue(self.result["pyrometer"].startswith(self.venv), self.result)
        self.assertTrue(self.result["agent_jar"].startswith(self.venv), self.result)

    def test_the_collector_stored_one_complete_run_with_its_series_and_tags(self):
        self.assertEqual(0, self.collector_exit, "log " + self.log.name)
        self.assertEqual(1, len(self.runs), self.runs)
        self.assertTrue(self.timeline["app"]["endSeen"])
        run = json.dumps(self.runs[0]) + json.dumps(self.timeline["app"])
        self.assertIn("wheel-install", run)
        self.assertIn("fresh-venv", run)
        self.assertEqual(2, len(self.timeline["tasks"]))
        self.assertTrue(all(t["status"] == "SUCCESS" for t in self.timeline["tasks"]), self.timeline["tasks"])

    def test_the_python_driver_and_the_executors_python_workers_are_in_the_run(self):
        processes = self.timeline["processes"]
        kinds = {(p["executorId"], p["kind"]) for p in processes}
        self.assertIn(("driver", "PYTHON_DRIVER"), kinds, kinds)
        self.assertIn(("0", "PYTHON_DAEMON"), kinds, kinds)
        workers = [p for p in processes if p["executorId"] == "0" and p["kind"] == "PYTHON_WORKER"]
        self.assertTrue(workers, kinds)
        self.assertTrue(all(w["peakRssBytes"] > 0 for w in workers), workers)

    def test_both_jvms_reported_their_losses_and_suppressed_no_error(self):
        sources = self.timeline["loss"]["sources"]
        self.assertEqual({"driver", "0"}, {s["executorId"] for s in sources}, sources)
        suppressed = {"%s/%s" % (s["role"], s["executorId"]): s["suppressed"] for s in sources if s["suppressed"]}
        self.assertFalse(suppressed, "errors suppressed (site: count) per JVM")


if __name__ == "__main__":
    unittest.main()

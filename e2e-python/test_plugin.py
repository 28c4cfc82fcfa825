# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The agent as a Spark plugin, the path for nodes where no -javaagent file can be placed:
`pyrometer demo --plugin` puts the agent jar on --jars and sets spark.plugins (and the listener),
with no -javaagent anywhere, on local-cluster[2,1,1024]. One compact run of the tour's app (the
skew, memory and Py4J parts), then the tour's stored-timeline assertions for what the plugin
gives: samples from every JVM, the executors' Python workers, and, since this JDK lets the plugin
attach the agent, the Py4J and Python-runner measurements.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_run  # noqa: E402

ROOT = demo_run.ROOT
PYROMETER = os.path.join(ROOT, "bin", "pyrometer")


class PluginRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pyrometer-e2e-plugin-")
        tour = os.path.join(cls.dir, "tour")
        command = [PYROMETER, "demo", "--plugin", "--dir", tour, "--no-build", "--", "--skip-healthy", "--skip-failure"]
        with open(os.path.join(cls.dir, "tour.log"), "w") as log:
            cls.exit_code = subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, timeout=900).returncode
        print("\nplugin run: exit %d (logs %s)" % (cls.exit_code, cls.dir), file=sys.stderr)
        with open(os.path.join(tour, "app-result.json")) as f:
            cls.result = json.load(f)
        with open(os.path.join(tour, "spark-submit.log")) as f:
            cls.submit_log = f.read()
        cls.executor_logs = ""
        for path in glob.glob(os.path.join(tour, "work", "**", "stderr"), recursive=True):
            with open(path, errors="replace") as f:
                cls.executor_logs += f.read()
        store = os.path.join(tour, "pyrometer.duckdb")
        runs = json.loads(cls.collector("runs", "--store", store, "--json"))
        matching = [r for r in runs if cls.result["application_id"] in json.dumps(r)]
        assert len(matching) == 1, runs
        run_id = matching[0].get("runId") or matching[0].get("id")
        cls.timeline = json.loads(cls.collector("export", "--store", store, "--format", "json", run_id))

    @staticmethod
    def collector(*args):
        return subprocess.run([PYROMETER] + list(args), cwd=ROOT, check=True, capture_output=True, text=True).stdout

    def test_no_javaagent_anywhere_and_the_run_completes(self):
        self.assertEqual(0, self.exit_code)
        command = self.submit_log.splitlines()[0]
        self.assertIn("spark.plugins=dev.pyrometer.plugin.PyrometerPlugin", command)
        self.assertNotIn("-javaagent", command)
        self.assertTrue(self.timeline["app"]["endSeen"])
        self.assertEqual(0, self.timeline["loss"]["duplicates"])

    def test_each_jvm_started_one_agent_with_its_instrumentation(self):
        started = [ln for ln in (self.submit_log + self.executor_logs).splitlines() if "[pyrometer] INFO agent started" in ln]
        self.assertEqual(1, sum("role DRIVER" in ln for ln in started), started)
        self.assertEqual(2, sum("role EXECUTOR" in ln for ln in started), started)
        for line in started:
            self.assertIn("modules spark-context,py4j,serializers,pyrolite,processes", line)
        self.assertNotIn("bytecode instrumentation off", self.submit_log + self.executor_logs)

    def test_one_source_per_jvm_nothing_lost_or_suppressed(self):
        # After the attach the listener resolves from the system class path like the agent: the
        # driver's listener and agent share one emitter, one source.
        sources = self.timeline["loss"]["sources"]
        self.assertEqual(["0", "1", "driver"], sorted(s["executorId"] for s in sources))
        for s in sources:
            self.assertEqual("final report received", s["verdict"], s)
            self.assertEqual({}, s["suppressed"], s)
            self.assertEqual(0, s["seqGaps"], s)

    def test_jvm_samples_come_from_the_driver_and_both_executors(self):
        self.assertEqual({"driver", "0", "1"}, {j["executorId"] for j in self.timeline["jvmSamples"]})

    def test_executor_python_processes_have_rss_samples_on_the_right_executor(self):
        processes = self.timeline["processes"]
        for executor in ("0", "1"):
            mine = [p for p in processes if p["executorId"] == executor]
            self.assertTrue([p for p in mine if p["kind"] == "PYTHON_DAEMON"], "a daemon on executor " + executor)
            workers = [p for p in mine if p["kind"] == "PYTHON_WORKER"]
            self.assertTrue(workers, "workers on executor " + executor)
            self.assertGreater(max(w["peakRssBytes"] for w in workers), 150 << 20)
        driver_pythons = {p["kind"] for p in processes if p["executorId"] == "driver" and p["kind"].startswith("PYTHON")}
        self.assertEqual({"PYTHON_DRIVER"}, driver_pythons)

    def test_py4j_transfer_is_an_outlier_on_the_driver_with_its_size(self):
        expected = self.result["parts"]["py4j"]["largest_py4j_response_chars"]
        outliers = [o for o in self.timeline["py4jOutliers"] if o["executorId"] == "driver"]
        self.assertTrue(outliers, self.timeline["py4jOutliers"])
        largest = max(outliers, key=lambda o: o["responseChars"])
        self.assertEqual("showString", largest["method"])
        self.assertAlmostEqual(expected, largest["responseChars"], delta=expected * 0.01)

    def test_every_python_task_has_its_bytes_to_and_from_python_on_its_executor(self):
        tasks = {t["taskId"]: t for t in self.timeline["tasks"]}
        io = {}
        for s in self.timeline["serializerStats"]:
            if s["serializer"] == "python-runner":
                entry = io.setdefault((s["taskId"], s["operation"]), [0, set()])
                entry[0] += s["bytes"]
                entry[1].add(s["executorId"])
        self.assertTrue(io, "no python-runner serializer stats")
        for (task, op), (_bytes, executors) in io.items():
            self.assertEqual({tasks[task]["executorId"]}, executors, "task %d %s" % (task, op))
        # The skew and memory parts run Python in every stage (the tour's test says why).
        jobs = {j["jobId"] for j in self.timeline["jobs"] if j["jobGroup"] in ("pyrometer-demo-skew", "pyrometer-demo-memory")}
        stages = {s["stageId"] for s in self.timeline["stages"] if s["jobId"] in jobs and s["submitMs"] >= 0}
        python_tasks = [t["taskId"] for t in tasks.values() if t["stageId"] in stages and t["status"] == "SUCCESS"]
        self.assertEqual(3, len(stages))
        self.assertTrue(python_tasks)
        for op in ("to-python", "from-python"):
            self.assertEqual(sorted(python_tasks), sorted(t for t in python_tasks if io.get((t, op), [0])[0] > 0), op)


if __name__ == "__main__":
    unittest.main()

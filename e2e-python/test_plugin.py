# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The agent as a Spark plugin, the path for nodes where no -javaagent file can be placed:
`pyrometer demo --plugin` puts the agent jar on --jars and sets spark.plugins (and the listener),
with no -javaagent anywhere, on local-cluster[2,1,1024]. One compact run of the tour's app (the
skew, memory and Py4J parts), then the tour's stored-timeline assertions (tour_checks.py; those
of the skipped healthy and failure parts are skipped) and the plugin's own: no -javaagent, one
agent per JVM with every instrumentation (this JDK lets the plugin attach it), one source per JVM
and samples from every JVM.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tour_checks  # noqa: E402


class PluginRunTest(tour_checks.TourChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pyrometer-e2e-plugin-")
        tour = os.path.join(cls.dir, "tour")
        rest_path = os.path.join(cls.dir, "rest.json")
        command = [tour_checks.PYROMETER, "demo", "--plugin", "--dir", tour, "--no-build", "--"]
        command += ["--skip-healthy", "--skip-failure", "--rest-snapshot", rest_path]
        with open(os.path.join(cls.dir, "tour.log"), "w") as log:
            cls.exit_code = subprocess.run(
                command, cwd=tour_checks.ROOT, stdout=log, stderr=subprocess.STDOUT, timeout=900
            ).returncode
        print("\nplugin run: exit %d (logs %s)" % (cls.exit_code, cls.dir), file=sys.stderr)
        with open(os.path.join(tour, "app-result.json")) as f:
            cls.result = json.load(f)
        with open(rest_path) as f:
            cls.rest = json.load(f)
        with open(os.path.join(tour, "spark-submit.log")) as f:
            cls.submit_log = f.read()
        cls.executor_logs = ""
        for path in glob.glob(os.path.join(tour, "work", "**", "stderr"), recursive=True):
            with open(path, errors="replace") as f:
                cls.executor_logs += f.read()
        cls.store, cls.run_id, cls.timeline = tour_checks.stored_run(tour, cls.result["application_id"])

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


if __name__ == "__main__":
    unittest.main()

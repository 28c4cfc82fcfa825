# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The demo without Pyrometer: the baseline the instrumented runs are compared with.

Proves that the demo really runs on local-cluster[2,1,1024] with PySpark from pip, with executors
as separate JVMs and their own Python daemons and workers, that each part does what the demo
claims (skew, memory, a failed job after retries), and that Spark's REST API answers while it runs.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_run  # noqa: E402

MAX_SECONDS = float(os.environ.get("PYROMETER_DEMO_MAX_SECONDS", "180"))


class PlainDemoRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.run_ = demo_run.plain_run()
        print(
            "\nplain demo run: exit %s in %.1f s (logs %s)" % (cls.run_.exit_code, cls.run_.seconds, cls.run_.log_dir),
            file=sys.stderr,
        )

    def test_ends_normally_within_time(self):
        self.assertEqual(0, self.run_.exit_code)
        self.assertLess(self.run_.seconds, MAX_SECONDS)
        self.assertEqual({"healthy", "skew", "memory", "py4j", "failure"}, set(self.run_.result["parts"]))

    def test_executors_are_separate_jvms_with_their_own_python_workers(self):
        driver = self.run_.of_kind("driver-jvm")
        self.assertEqual(1, len(driver))
        executors = self.run_.of_kind("executor-jvm")
        self.assertEqual({"0", "1"}, {e.executor_id() for e in executors})
        self.assertTrue(all(e.ppid == driver[0].pid for e in executors), "local-cluster executors are child JVMs of the driver")
        pythons = self.run_.of_kind("python-daemon-or-worker")
        for executor in executors:
            # One daemon per Python environment: RDD functions and SQL UDFs get separate ones.
            daemons = {p.pid for p in pythons if p.ppid == executor.pid}
            self.assertTrue(daemons, "a pyspark.daemon under executor %s" % executor.executor_id())
            workers = [p for p in pythons if p.ppid in daemons]
            self.assertTrue(workers, "workers forked from the daemon of executor %s" % executor.executor_id())
            # The memory part makes each executor's worker hold ~200 MB.
            self.assertGreater(max(w.rss_max_kb for w in workers), 150 * 1024)
        app = self.run_.of_kind("driver-python")
        self.assertEqual(1, len(app))
        self.assertEqual(driver[0].pid, app[0].ppid, "the driver's Python runs under the driver JVM")

    def test_rest_api_answers_while_the_app_runs(self):
        self.assertGreater(self.run_.rest_ok, 0)
        self.assertGreater(self.run_.rest_jobs_seen, 0)

    def test_failed_job_retried_four_times_on_local_cluster(self):
        failure = self.run_.result["parts"]["failure"]
        self.assertTrue(failure["failed"])
        self.assertIn("AttributeError: 'NoneType' object has no attribute 'strip'", failure["python_error"])
        self.assertTrue(failure["mentions_user_line"])
        rest = self.run_.rest
        self.assertNotIn("unsettled", rest)
        failed_jobs = [j for j in rest["jobs"] if j["status"] == "FAILED"]
        self.assertEqual(["pyrometer-demo-failure"], [j["jobGroup"] for j in failed_jobs])
        # local-cluster uses spark.task.maxFailures (default 4); plain local[N] would try once.
        self.assertEqual(4, rest["totals"]["tasksFailed"])
        self.assertEqual(1, rest["totals"]["jobsFailed"])

    def test_skewed_stage_has_one_long_task(self):
        skew_jobs = [j for j in self.run_.rest["jobs"] if j["jobGroup"] == "pyrometer-demo-skew"]
        stage_ids = {sid for j in skew_jobs for sid in j["stageIds"]}
        stages = [s for s in self.run_.rest["stages"] if s["stageId"] in stage_ids and s["status"] == "COMPLETE"]
        ratios = [s["taskDurationMaxMs"] / max(1, s["taskDurationMedianMs"]) for s in stages]
        # The rows say the skew (largest partition >80% of them); the time ratio only has to show
        # it. On an idle machine it is above 20; with every task's fixed cost inflated by a loaded
        # machine it was measured as low as 4.4, hence a threshold of 3.
        self.assertGreater(max(ratios), 3.0, stages)
        parts = self.run_.result["parts"]["skew"]
        self.assertGreater(parts["largest_partition_rows"], 0.8 * parts["rows"])

    def test_py4j_part_sends_one_large_response_through_the_gateway(self):
        py4j = self.run_.result["parts"]["py4j"]
        self.assertGreater(py4j["largest_py4j_response_chars"], 30 << 20)
        # The response is the shown table (plus the protocol's type prefix and escapes).
        self.assertGreaterEqual(py4j["largest_py4j_response_chars"], py4j["shown_chars"] - 1)

    def test_rest_counts_are_consistent(self):
        totals = self.run_.rest["totals"]
        jobs = self.run_.rest["jobs"]
        self.assertEqual(totals["jobs"], totals["jobsSucceeded"] + totals["jobsFailed"])
        executors = [e for e in self.run_.rest["executors"] if e["id"] != "driver"]
        self.assertEqual(totals["taskAttempts"], sum(e["totalTasks"] for e in executors))
        self.assertEqual(totals["tasksFailed"], sum(e["failedTasks"] for e in executors))
        self.assertEqual(
            {"pyrometer-demo-" + p for p in ("healthy", "skew", "memory", "py4j", "failure")}, {j["jobGroup"] for j in jobs}
        )


if __name__ == "__main__":
    unittest.main()

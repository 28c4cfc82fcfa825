# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The tour's assertions on a stored timeline, shared by every test that runs demo/app.py through
the whole chain: test_stored_timeline (`pyrometer demo`, the agent as -javaagent) and test_plugin
(`pyrometer demo --plugin`, the agent attached by the Spark plugin, no -javaagent anywhere).

A test class mixes TourChecks in before unittest.TestCase and sets, in its setUpClass: dir (the
demo's --dir is dir/tour), result (the app's app-result.json), rest (its --rest-snapshot), store,
run_id, timeline (`pyrometer export RUN --format json`), exit_code, and agent (whether the agent's
measurements are expected). A check that needs a part of the app the run skipped is skipped, and
says which.
"""

import functools
import json
import os
import subprocess
import unittest

import demo_run

ROOT = demo_run.ROOT
PYROMETER = os.path.join(ROOT, "bin", "pyrometer")


def needs_agent(test):
    @functools.wraps(test)
    def run(self):
        if not self.agent:
            raise unittest.SkipTest("listener only: no agent in this run")
        return test(self)

    return run


def needs_parts(*parts):
    def wrap(test):
        @functools.wraps(test)
        def run(self):
            missing = [p for p in parts if p not in self.result["parts"]]
            if missing:
                raise unittest.SkipTest("the run skipped the part(s) %s" % ", ".join(missing))
            return test(self)

        return run

    return wrap


def collector(*args):
    return subprocess.run([PYROMETER] + list(args), cwd=ROOT, check=True, capture_output=True, text=True).stdout


def stored_run(tour, application_id):
    """(store path, run id, exported timeline) of the one run of application_id in tour's store."""
    store = os.path.join(tour, "pyrometer.duckdb")
    runs = json.loads(collector("runs", "--store", store, "--json"))
    matching = [r for r in runs if application_id in json.dumps(r)]
    assert len(matching) == 1, runs
    run_id = matching[0].get("runId") or matching[0].get("id")
    return store, run_id, json.loads(collector("export", "--store", store, "--format", "json", run_id))


class TourChecks:
    agent = True

    def test_tour_ends_normally_with_a_report(self):
        self.assertEqual(0, self.exit_code)
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "tour", "report.html")))
        self.assertTrue(self.timeline["app"]["endSeen"])

    def test_job_stage_and_task_counts_equal_spark_rest_api(self):
        self.assertNotIn("error", self.rest, "the app's REST snapshot")
        totals = self.rest["totals"]
        jobs = self.timeline["jobs"]
        self.assertEqual(totals["jobs"], len(jobs))
        self.assertEqual(totals["jobsFailed"], sum(1 for j in jobs if j["succeeded"] is False))
        self.assertEqual(totals["jobsSucceeded"], sum(1 for j in jobs if j["succeeded"] is True))
        ran = [s for s in self.timeline["stages"] if s["submitMs"] >= 0]
        self.assertEqual(totals["stageAttempts"], len(ran))
        tasks = self.timeline["tasks"]
        self.assertEqual(totals["taskAttempts"], len(tasks))
        self.assertEqual(totals["tasksFailed"], sum(1 for t in tasks if t["status"] == "FAILED"))
        self.assertEqual(totals["tasksKilled"], sum(1 for t in tasks if t["status"] == "KILLED"))
        for rest_job, job in zip(self.rest["jobs"], sorted(jobs, key=lambda j: j["jobId"])):
            self.assertEqual(rest_job["jobId"], job["jobId"])
            self.assertEqual(rest_job["jobGroup"], job["jobGroup"])

    @needs_parts("failure")
    def test_failed_job_shows_the_python_error_the_users_line_and_the_retries(self):
        failed_jobs = [j for j in self.timeline["jobs"] if j["succeeded"] is False]
        self.assertEqual(["pyrometer-demo-failure"], [j["jobGroup"] for j in failed_jobs])
        failed_tasks = [t for t in self.timeline["tasks"] if t["status"] == "FAILED"]
        self.assertEqual(4, len(failed_tasks), "spark.task.maxFailures attempts of the one bad partition")
        self.assertEqual({0, 1, 2, 3}, {t["attempt"] for t in failed_tasks})
        task_failures = [f for f in self.timeline["failures"] if f["scope"] == "task"]
        self.assertTrue(task_failures)
        text = json.dumps(task_failures)
        self.assertIn("PythonException", text)
        self.assertIn("AttributeError: 'NoneType' object has no attribute 'strip'", text)
        self.assertIn("demo/app.py", text)
        self.assertIn("in normalize_city", text)

    @needs_parts("failure")
    def test_failed_jobs_finding_names_the_python_exception_the_users_line_and_the_retries(self):
        # The finding `pyrometer diagnose` puts first (the report shows the same text).
        diagnosis = collector("diagnose", "--store", self.store, self.run_id)
        blocks = diagnosis.split("\n\n")
        failure = [b for b in blocks if b.startswith("ERROR [failure/")]
        self.assertEqual(1, len(failure), diagnosis)
        finding = failure[0]
        self.assertIn("AttributeError: 'NoneType' object has no attribute 'strip'", finding)
        with open(os.path.join(ROOT, "demo", "app.py")) as f:
            line = 1 + next(n for n, text in enumerate(f) if "return city.strip()" in text)
        self.assertIn("demo/app.py:%d in normalize_city" % line, finding)
        self.assertRegex(finding, r"failed task attempts: 4 \(task ids \d+, \d+, \d+, \d+,")

    def test_no_error_was_suppressed_in_any_jvm(self):
        # The listener and agent count every error they swallow (by site) instead of throwing into
        # Spark; on a supported Spark the demo must not make them swallow any.
        suppressed = {
            "%s/%s" % (s["role"], s["executorId"]): s["suppressed"] for s in self.timeline["loss"]["sources"] if s["suppressed"]
        }
        if suppressed:
            self.fail("errors suppressed (site: count) per JVM: %s" % suppressed)

    @needs_agent
    @needs_parts("py4j")
    def test_py4j_transfer_is_an_outlier_on_the_driver_with_its_size(self):
        expected = self.result["parts"]["py4j"]["largest_py4j_response_chars"]
        outliers = [o for o in self.timeline["py4jOutliers"] if o["executorId"] == "driver"]
        self.assertTrue(outliers, self.timeline["py4jOutliers"])
        largest = max(outliers, key=lambda o: o["responseChars"])
        self.assertEqual("showString", largest["method"])
        # The agent measures the Java side's response; the app measured what Python received.
        self.assertAlmostEqual(expected, largest["responseChars"], delta=expected * 0.01)

    @needs_agent
    @needs_parts("py4j")
    def test_py4j_intervals_count_every_call_the_driver_made(self):
        """The interval table adds up: the app's loop of small calls is there exactly, each outlier's
        (class, method) is counted in an interval too, and the last call of the run (PySpark's stop,
        which ends just before the JVM's final export) is not lost."""
        stats = [s for s in self.timeline["py4jStats"] if s["executorId"] == "driver"]
        small = self.result["parts"]["py4j"]["small_calls"]
        counted = [s for s in stats if s["targetClass"] == small["class"] and s["method"] == small["method"]]
        self.assertEqual(small["calls"], sum(s["calls"] for s in counted), counted)
        self.assertEqual(0, sum(s["errors"] for s in counted))
        kept = {(s["targetClass"], s["method"]) for s in stats}
        for o in self.timeline["py4jOutliers"]:
            self.assertIn((o["targetClass"], o["method"]), kept, o)
        stops = [s for s in stats if s["method"] == "stop" and s["targetClass"].endswith("JavaSparkContext")]
        self.assertEqual(1, sum(s["calls"] for s in stops), sorted(kept))

    @needs_agent
    @needs_parts("memory")
    def test_executor_python_processes_have_rss_samples_on_the_right_executor(self):
        processes = self.timeline["processes"]
        for executor in ("0", "1"):
            mine = [p for p in processes if p["executorId"] == executor]
            daemons = [p for p in mine if p["kind"] == "PYTHON_DAEMON"]
            workers = [p for p in mine if p["kind"] == "PYTHON_WORKER"]
            self.assertTrue(daemons, "a daemon on executor " + executor)
            self.assertTrue(workers, "workers on executor " + executor)
            self.assertGreater(max(w["peakRssBytes"] for w in workers), 150 << 20)
            self.assertTrue(all(w["points"] for w in workers))
        # In local-cluster mode the executors are children of the driver JVM: their Python
        # processes must not be counted a second time under the driver.
        driver_pythons = [p for p in processes if p["executorId"] == "driver" and p["kind"].startswith("PYTHON")]
        self.assertEqual(["PYTHON_DRIVER"], sorted({p["kind"] for p in driver_pythons}))
        self.assertGreater(driver_pythons[0]["peakRssBytes"], 0)

    def tasks_of_group(self, part):
        """Task attempts of the demo part's jobs (job group pyrometer-demo-PART), by stage id."""
        job_ids = {j["jobId"] for j in self.timeline["jobs"] if j["jobGroup"] == "pyrometer-demo-" + part}
        self.assertTrue(job_ids, "jobs of part " + part)
        stage_ids = {s["stageId"] for s in self.timeline["stages"] if s["jobId"] in job_ids and s["submitMs"] >= 0}
        by_stage = {}
        for t in self.timeline["tasks"]:
            if t["stageId"] in stage_ids:
                by_stage.setdefault(t["stageId"], []).append(t)
        return by_stage

    def python_runner_bytes(self):
        """{(task id, "to-python" | "from-python"): [bytes, calls, executor ids]} over all intervals."""
        out = {}
        for s in self.timeline["serializerStats"]:
            if s["serializer"] != "python-runner":
                continue
            self.assertIsNotNone(s["taskId"], s)
            entry = out.setdefault((s["taskId"], s["operation"]), [0, 0, set()])
            entry[0] += s["bytes"]
            entry[1] += s["calls"]
            entry[2].add(s["executorId"])
        return out

    @needs_agent
    @needs_parts("skew", "memory")
    def test_every_task_of_a_python_stage_has_its_bytes_to_and_from_python(self):
        # issue 4: the agent's Python-runner hooks (BasePythonRunner's streams to and from the
        # worker) on this Spark's signatures. Skew (RDD map, partitionBy, mapPartitions) and memory
        # (mapPartitionsWithIndex) run Python in every stage: every task attempt of theirs must have
        # sent its input and read its output, once, on the executor it ran on.
        io = self.python_runner_bytes()
        self.assertTrue(io, "no python-runner serializer stats on the timeline")
        self.assertEqual({"to-python", "from-python"}, {op for _task, op in io})
        tasks = {t["taskId"]: t for t in self.timeline["tasks"]}
        self.assertLessEqual({task for task, _op in io}, set(tasks), "python-runner stats of unknown tasks")
        for (task, op), (_bytes, _calls, executors) in io.items():
            self.assertEqual({tasks[task]["executorId"]}, executors, "task %d %s" % (task, op))
        for part in ("skew", "memory"):
            by_stage = self.tasks_of_group(part)
            self.assertEqual(2 if part == "skew" else 1, len(by_stage), part)
            for stage, stage_tasks in by_stage.items():
                done = [t["taskId"] for t in stage_tasks if t["status"] == "SUCCESS"]
                self.assertEqual(len(stage_tasks), len(done), "%s stage %d: all tasks succeed" % (part, stage))
                # Input generated in Python (parallelize of a range) sends little more than the
                # end-of-data marker, so > 0 is the bound; the key-0 task below is the big one.
                for op in ("to-python", "from-python"):
                    with_bytes = sorted(t for t in done if io.get((t, op), [0])[0] > 0)
                    self.assertEqual(sorted(done), with_bytes, "%s stage %d: tasks with %s bytes" % (part, stage, op))
        # The failing UDF's stage sent every attempt's rows to Python, the failed ones included.
        if "failure" in self.result["parts"]:
            failed = [t for t in self.timeline["tasks"] if t["status"] == "FAILED"]
            self.assertTrue(failed)
            udf_stage = self.tasks_of_group("failure")[failed[0]["stageId"]]
            for t in (t for t in udf_stage if t["status"] in ("SUCCESS", "FAILED")):
                self.assertGreater(
                    io.get((t["taskId"], "to-python"), [0])[0], 0, "failure: task %d (%s) to Python" % (t["taskId"], t["status"])
                )
        # A stage that runs no Python moves nothing through a Python runner.
        for stage, stage_tasks in (self.tasks_of_group("healthy") if "healthy" in self.result["parts"] else {}).items():
            for t in stage_tasks:
                self.assertNotIn((t["taskId"], "to-python"), io, "healthy stage %d" % stage)
        # The skew stage that scores rows in Python reads back one (count, acc) per task, and the
        # key-0 task received 90% of the rows: the biggest to-python of the stage is its task.
        rows = self.result["parts"]["skew"]["rows"]
        last = self.tasks_of_group("skew")[max(self.tasks_of_group("skew"))]
        sent = [io[(t["taskId"], "to-python")][0] for t in last]
        self.assertGreater(max(sent), rows * 0.9, "to-python bytes of the key-0 task (%d rows)" % rows)

    @needs_agent
    @needs_parts("memory")
    def test_python_worker_memory_is_attributed_to_its_task(self):
        # The memory part's workers each hold mb_per_partition MiB for a few seconds: the worker's
        # samples carry the id of the task it ran, and that task's worker RSS shows the allocation.
        mb = self.result["parts"]["memory"]["mb_per_partition"]
        (stage_tasks,) = self.tasks_of_group("memory").values()
        peak = {}
        for p in self.timeline["processes"]:
            if p["kind"] != "PYTHON_WORKER":
                continue
            for point in p["points"]:
                if point["taskId"] is not None:
                    peak[point["taskId"]] = max(peak.get(point["taskId"], 0), point["rssBytes"])
        for t in stage_tasks:
            self.assertIn(t["taskId"], peak, "worker samples of memory task %d" % t["taskId"])
            self.assertGreater(peak[t["taskId"]], (mb << 20) * 3 // 4, "worker RSS of memory task %d" % t["taskId"])

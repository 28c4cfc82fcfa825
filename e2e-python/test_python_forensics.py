# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Crashed Python workers (issue 18) on real PySpark: local-cluster[2,1,1024], the real listener
and agent jars, the real collector (`pyrometer run --embedded-kafka`), and one run of
e2e-python/forensics_app.py through `pyrometer submit --python-forensics`: a Python UDF that kills
its own worker with SIGSEGV, and one that blocks on a lock for 24 s in one task while the agent
dumps its stack every 5 s (python.dumps.after.ms=5000). The findings, read as a user reads them
(`pyrometer diagnose RUN`), name the fatal error and the UDF's frame and line from Spark's
fault-handler dump, and the frame and line the worker hung in, instead of a straggler.

Runs on the PySpark of .venv (3.5) or of PYROMETER_VENV (e.g. .venv-connect, 4.1).
"""

import json
import os
import re
import signal
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_faults  # noqa: E402 - the shared harness (FaultRun)
from test_diagnosis import finished_runs, parse_findings, source_line  # noqa: E402
from test_faults import FaultRun, wait_for  # noqa: E402

APP = os.path.join(test_faults.ROOT, "e2e-python", "forensics_app.py")
CRASH_LINE = "os.kill(os.getpid(), signal.SIGSEGV)"
HANG_LINE = "lock.acquire(timeout=seconds)"


@unittest.skipUnless(test_faults.READY, "build the listener, agent and collector jars first (mvn package per module)")
class PythonForensicsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.run_ = FaultRun("forensics", idle_timeout="60s", until_complete=True, exit_after="600s")
        try:
            cls.run_.submit(
                [
                    "--python-forensics",
                    "--agent-option",
                    "export.interval.ms=500",
                    "--agent-option",
                    "python.dumps.after.ms=5000",
                ],
                ["spark.task.maxFailures=1"],
                ["--hang-seconds", "24"],
                app=APP,
                name="forensics",
            )
            code = cls.run_.wait_app(timeout=600)
            assert code == 0, "the app exited %s, see %s" % (code, cls.run_.dir)
            with open(cls.run_.result_path) as f:
                cls.result = json.load(f)
            err = os.path.join(cls.run_.dir, "collector.err")
            wait_for(lambda: finished_runs(err) == ("0", "1"), 180, "the run closed and stored")
            cls.run_.collector.send_signal(signal.SIGTERM)
            assert cls.run_.wait_collector(timeout=60) in (0, 143)
            cls.timeline = json.loads(
                cls.run_.collector_cli("export", "--store", cls.run_.store, "--format", "json", cls.result["application_id"])
            )
            cls.findings = parse_findings(
                cls.run_.collector_cli("diagnose", "--store", cls.run_.store, cls.result["application_id"])
            )
            print("forensics on Spark %s: %s" % (cls.result["version"], cls.findings), file=sys.stderr)
        finally:
            cls.run_.cleanup()

    def test_the_udf_crashed_its_worker_and_sparks_fault_handler_reported_it(self):
        crash = self.result["crash"]
        self.assertIsNotNone(crash, "the job failed")
        self.assertIn("Fatal Python error: Segmentation fault", crash)

    def test_crash_finding_names_the_fatal_error_and_the_udfs_frame_and_line(self):
        line = source_line(CRASH_LINE, app="forensics_app.py")
        crashes = [f for f in self.findings if f.rule == "failure/TOOLCHAIN" and "Segmentation fault" in f.title]
        self.assertEqual(1, len(crashes), self.findings)
        f = crashes[0]
        self.assertIn("in segfault_udf at forensics_app.py:%d" % line, f.title)
        crashed_in = f.evidence("crashed in:")
        self.assertTrue(
            crashed_in and crashed_in[0].endswith("forensics_app.py:%d in segfault_udf (Segmentation fault)" % line), f.text
        )
        frames = f.evidence("last Python frames (most recent first):")
        self.assertTrue(frames and frames[0].split(" <- ")[0].endswith("forensics_app.py:%d in segfault_udf" % line), f.text)
        self.assertIn("native code called from segfault_udf", f.text)
        # The task beside its traceback: the failed attempt is counted in the same finding.
        self.assertTrue(f.evidence("failed task attempts:"), f.text)
        self.assertNotIn("SIGKILL", f.text, "a crash the fault handler saw is not reported as a likely kill")

    def test_the_blocked_udf_finished_after_its_lock_timed_out(self):
        self.assertEqual([1, 2, 3, 4, 5, 6, 7, 8], self.result["hang"])

    def test_the_agent_dumped_the_blocked_worker_at_most_three_times(self):
        dumps = self.timeline["pythonDumps"]
        self.assertTrue(2 <= len(dumps) <= 3, dumps)
        self.assertEqual(1, len({(d["executorId"], d["pid"], d["taskId"]) for d in dumps}), dumps)
        self.assertEqual(list(range(1, len(dumps) + 1)), [d["ordinal"] for d in dumps])
        for d in dumps:
            self.assertIn("in blocked", d["text"])
            self.assertGreaterEqual(d["servingMs"], 5000 * d["ordinal"])

    def test_hung_finding_names_the_frame_and_line_and_replaces_the_straggler(self):
        line = source_line(HANG_LINE, app="forensics_app.py")
        hung = [f for f in self.findings if f.rule == "python/hung"]
        self.assertEqual(1, len(hung), self.findings)
        f = hung[0]
        self.assertIn("hung in blocked at forensics_app.py:%d" % line, f.title)
        self.assertTrue(f.evidence("hung in:")[0].endswith("forensics_app.py:%d in blocked" % line), f.text)
        self.assertIn("not skew", f.text)
        task = int(re.search(r"serving task (\d+)", f.title).group(1))
        self.assertFalse(
            [s for s in self.findings if s.rule in ("slowness/straggler", "slowness/skew") and "task %d " % task in s.title],
            self.findings,
        )
        self.assertEqual("WARNING", f.severity)


if __name__ == "__main__":
    unittest.main()

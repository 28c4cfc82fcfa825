# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Faults and bad input with real PySpark on local-cluster[2,1,1024], the real listener and agent
jars, and the real collector (`pyrometer run --embedded-kafka`):

  ExecutorKilledTest  one run of e2e-python/fault_app.py through `pyrometer submit`, with invalid
                      listener confs and agent arguments, a 10 MB job description and a 10 MB
                      exception message, then an executor JVM SIGKILLed while its task sleeps;
  DriverKilledTest    the spark-submit JVM SIGKILLed mid-job: no application end ever arrives and
                      the collector closes the run by its (short) idle timeout.

Assertions are on the stored timeline (`pyrometer export RUN --format json`). The jars are copied
first so a concurrent rebuild cannot swap them mid-run.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_run  # noqa: E402

from pyrometer import jars, procfs  # noqa: E402

ROOT = demo_run.ROOT
PYROMETER = os.path.join(ROOT, "bin", "pyrometer")
FAULT_APP = os.path.join(ROOT, "e2e-python", "fault_app.py")
# The built jars, unless the environment names others (as bin/pyrometer honours).
JARS = {a.env: jars.jar_path(name, must_exist=False) for name, a in jars.ARTIFACTS.items()}
READY = all(os.path.isfile(j) for j in JARS.values())
BIG = 10_000_000
LIMIT = 100_000


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out after %d s waiting for %s" % (timeout, what))


def finished_runs(collector_err):
    """The collector's last progress line: (open runs, finished runs), or None before the first."""
    with open(collector_err, errors="replace") as f:
        counts = re.findall(r"open runs (\d+)\s+finished runs (\d+)", f.read())
    return counts[-1] if counts else None


class FaultRun:
    """A collector with an embedded broker and one fault_app.py run sending to it."""

    def __init__(self, name, idle_timeout, until_complete=True, exit_after="300s"):
        self.dir = tempfile.mkdtemp(prefix="pyrometer-fault-%s-" % name)
        self.env = dict(os.environ)
        for key, jar in JARS.items():
            self.env[key] = shutil.copy(jar, self.dir)
        self.store = os.path.join(self.dir, "store.duckdb")
        self.collector_out = os.path.join(self.dir, "collector.out")
        with open(self.collector_out, "w") as out, open(os.path.join(self.dir, "collector.err"), "w") as err:
            self.collector = subprocess.Popen(
                [
                    PYROMETER,
                    "run",
                    "--embedded-kafka",
                    "--embedded-kafka-port",
                    "0",
                    "--embedded-kafka-dir",
                    os.path.join(self.dir, "kafka"),
                    "--store",
                    self.store,
                    "--grace",
                    "3s",
                    "--idle-timeout",
                    idle_timeout,
                    "--exit-after",
                    exit_after,
                    "--progress-every",
                    "1s",
                ]
                + (["--until-complete"] if until_complete else []),
                cwd=ROOT,
                stdout=out,
                stderr=err,
                env=self.env,
            )
        self.bootstrap = wait_for(self.broker_address, 90, "the embedded broker")
        self.markers = os.path.join(self.dir, "markers")
        os.makedirs(self.markers)
        self.result_path = os.path.join(self.dir, "result.json")
        self.app = None
        self.sampler = None
        self.samplers = []

    def broker_address(self):
        if self.collector.poll() is not None:
            raise AssertionError("collector exited with %s, see %s" % (self.collector.returncode, self.dir))
        with open(self.collector_out) as f:
            m = re.search(r"embedded Kafka broker at (\S+)", f.read())
        return m and m.group(1)

    def submit(self, pyrometer_options, confs, app_args, app=FAULT_APP, name="app"):
        home = demo_run.pyspark_home()
        env = dict(self.env, SPARK_HOME=home, PYSPARK_PYTHON=demo_run.VENV_PYTHON, PYSPARK_DRIVER_PYTHON=demo_run.VENV_PYTHON)
        ui_port = demo_run.free_port()
        command = [PYROMETER, "submit", "--bootstrap", self.bootstrap] + list(pyrometer_options)
        command += [
            "--master",
            demo_run.MASTER,
            "--driver-memory",
            "1g",
            "--conf",
            "spark.executor.memory=1g",
            "--conf",
            "spark.ui.port=%d" % ui_port,
            "--conf",
            "spark.port.maxRetries=50",
        ]
        for conf in confs:
            command += ["--conf", conf]
        command += [app, "--markers", self.markers, "--result-json", self.result_path] + list(app_args)
        self.stdout = open(os.path.join(self.dir, name + ".out"), "w")
        self.stderr_path = os.path.join(self.dir, name + ".err")
        self.stderr = open(self.stderr_path, "w")
        self.app = subprocess.Popen(command, cwd=ROOT, stdout=self.stdout, stderr=self.stderr, env=env)
        self.sampler = demo_run.TreeSampler(self.app.pid, "http://127.0.0.1:%d" % ui_port, interval=0.3)
        self.sampler.start()
        self.samplers.append(self.sampler)
        self.spark_home = home

    def started_markers(self):
        return sorted(os.listdir(self.markers))

    def process(self, kind, executor_id=None):
        def find():
            for p in list(self.sampler.processes.values()):
                if p.kind == kind and (executor_id is None or p.executor_id() == executor_id) and procfs.alive(p.pid):
                    return p
            return None

        return wait_for(find, 60, "a live %s %s" % (kind, executor_id or ""))

    def wait_app(self, timeout=240):
        try:
            code = self.app.wait(timeout=timeout)
        finally:
            self.sampler.stop()
            self.stdout.close()
            self.stderr.close()
        return code

    def wait_collector(self, timeout=120):
        return self.collector.wait(timeout=timeout)

    def app_stderr(self):
        with open(self.stderr_path, errors="replace") as f:
            return f.read()

    def executor_stderrs(self, app_id):
        logs = {}
        work = os.path.join(self.dir, "work", app_id)
        for executor in sorted(os.listdir(work)) if os.path.isdir(work) else []:
            path = os.path.join(work, executor, "stderr")
            if os.path.isfile(path):
                with open(path, errors="replace") as f:
                    logs[executor] = f.read()
        return logs

    def timeline(self):
        runs = json.loads(self.collector_cli("runs", "--store", self.store, "--json"))
        assert len(runs) == 1, runs
        run_id = runs[0].get("runId") or runs[0].get("id")
        return runs[0], json.loads(self.collector_cli("export", "--store", self.store, "--format", "json", run_id))

    def collector_cli(self, *args):
        return subprocess.run([PYROMETER] + list(args), cwd=ROOT, check=True, capture_output=True, text=True, env=self.env).stdout

    def cleanup(self):
        """Kills whatever this run started and is still alive (only those pids)."""
        pids = [p.pid for sampler in self.samplers for p in sampler.processes.values()]
        for proc in (self.app, self.collector):
            if proc is not None and proc.poll() is None:
                pids.append(proc.pid)
        for pid in pids:
            if procfs.alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        for proc in (self.app, self.collector):
            if proc is not None:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
        # local-cluster writes executor logs under SPARK_HOME/work/<app id>: keep them with this run.
        if self.app is not None and os.path.isfile(self.stderr_path):
            with open(self.stderr_path, errors="replace") as f:
                app_ids = set(re.findall(r"\b(app-\d{14}-\d{4})\b", f.read()))
            for app_id in app_ids:
                demo_run.collect_executor_logs(self.spark_home, app_id, os.path.join(self.dir, "work"))


def loss_line(timeline):
    """Per source: events received, max seq, seq gaps = counted drops + unaccounted, how it ended (for RELIABILITY.md)."""
    parts = []
    for s in timeline["loss"]["sources"]:
        parts.append(
            "%s/%s events=%d seq=%d..%d gaps=%d=%d counted+%d unaccounted dropped=%s (%s)"
            % (
                s["role"],
                s["executorId"],
                s["events"],
                s["firstSeq"],
                s["maxSeq"],
                s["seqGaps"],
                s["countedDrops"],
                s["unaccounted"],
                s["dropped"] or {},
                s["verdict"],
            )
        )
    return "; ".join(parts)


def assert_source_arithmetic(test, timeline):
    """Every source: gaps = drops its emitter counted + unaccounted, and the run's totals add up."""
    loss = timeline["loss"]
    for s in loss["sources"]:
        test.assertEqual(s["seqGaps"], s["countedDrops"] + s["unaccounted"], s)
        test.assertEqual(s["maxSeq"] + 1 - s["events"], s["seqGaps"], s)
    test.assertEqual(sum(s["unaccounted"] for s in loss["sources"]), loss["unaccounted"])
    test.assertEqual(sum(s["countedDrops"] for s in loss["sources"]), loss["countedDrops"])


def assert_killed_source(test, source, killed_at_ms):
    """A SIGKILLed JVM cannot report its own loss: the collector marks it from its sequence numbers."""
    test.assertEqual("ended without its final report", source["verdict"], source)
    test.assertFalse(source["finalReport"], source)
    test.assertGreater(source["maxSeq"], 0, source)
    test.assertGreater(source["lastEventMs"], killed_at_ms - 10_000, "its last event came shortly before the kill")
    test.assertLessEqual(source["lastEventMs"], killed_at_ms + 1000, "and none after it")


@unittest.skipUnless(READY, "build the listener, agent and collector jars first (mvn package per module)")
class ExecutorKilledTest(unittest.TestCase):
    """Invalid confs, enormous strings and a SIGKILLed executor, in one application run."""

    @classmethod
    def setUpClass(cls):
        cls.run_ = FaultRun("executor", idle_timeout="60s")
        try:
            cls.run_.submit(
                [
                    "--agent-option",
                    "sample.interval.ms=300",
                    "--agent-option",
                    "sample.intervl.ms=5",
                    "--agent-option",
                    "export.interval.ms=500",
                ],
                [
                    "spark.pyrometer.capture.taskz=true",
                    "spark.pyrometer.heartbeat.min.interval.ms=-5",
                    "spark.pyrometer.max.string.chars=%d" % LIMIT,
                    "spark.task.maxFailures=2",
                ],
                ["--big-strings", str(BIG), "--slow-seconds", "5", "--partitions", "4"],
            )
            wait_for(lambda: len(cls.run_.started_markers()) >= 2, 360, "two slow tasks running")
            # Let the victim's agent export a few samples while its task runs, then kill it.
            time.sleep(2)
            cls.victim = cls.run_.process("executor-jvm", "0")
            cls.killed_at_ms = int(time.time() * 1000)
            os.kill(cls.victim.pid, signal.SIGKILL)
            cls.exit_code = cls.run_.wait_app()
            cls.collector_exit = cls.run_.wait_collector()
            with open(cls.run_.result_path) as f:
                cls.result = json.load(f)
            cls.summary, cls.timeline = cls.run_.timeline()
            print(
                "\nexecutor-kill run: app exit %s, collector exit %s, %d events, markers %s (logs %s)"
                % (cls.exit_code, cls.collector_exit, cls.timeline["eventCount"], cls.run_.started_markers(), cls.run_.dir),
                file=sys.stderr,
            )
            print("  loss: " + loss_line(cls.timeline), file=sys.stderr)
        finally:
            cls.run_.cleanup()

    def test_application_result_and_exit_code_are_unaffected(self):
        self.assertEqual(0, self.exit_code)
        self.assertEqual(sum(range(1000)), self.result["slow_sum"])
        self.assertEqual(10, self.result["big_description_count"])
        self.assertTrue(self.result["big_error_seen"])
        self.assertEqual(0, self.collector_exit)
        self.assertEqual("COMPLETE", self.summary["status"])

    def test_invalid_listener_conf_and_agent_argument_give_one_line_each_naming_the_key(self):
        log = self.run_.app_stderr()
        for key in ("spark.pyrometer.capture.taskz", "spark.pyrometer.heartbeat.min.interval.ms", "sample.intervl.ms"):
            lines = [
                line
                for line in log.splitlines()
                if key in line and "pyrometer" in line.lower() and "--conf" not in line and "-javaagent" not in line
            ]
            self.assertEqual(1, len(lines), "%s: %s" % (key, lines))
            print("  %s" % lines[0][:200], file=sys.stderr)
        for executor, elog in self.run_.executor_stderrs(self.result["application_id"]).items():
            lines = [line for line in elog.splitlines() if "sample.intervl.ms" in line and "-javaagent" not in line]
            self.assertEqual(1, len(lines), "executor %s: %s" % (executor, lines))
        # The valid keys beside the bad ones still took effect: the limit below is the configured one.
        self.assertTrue(self.timeline["tasks"])

    def test_enormous_description_is_truncated_to_the_configured_limit_and_delivered(self):
        big_jobs = [j for j in self.timeline["jobs"] if (j["description"] or "").startswith("DDDD")]
        self.assertEqual(1, len(big_jobs))
        description = big_jobs[0]["description"]
        self.assertTrue(description.endswith("...[truncated %d chars]" % (BIG - LIMIT)), description[-80:])
        self.assertEqual("D" * LIMIT, description[:LIMIT])
        self.assertTrue(big_jobs[0]["succeeded"])

    def test_enormous_exception_message_is_truncated_and_the_failure_delivered(self):
        failed = [j for j in self.timeline["jobs"] if j["description"] == "big exception"]
        self.assertEqual(1, len(failed))
        self.assertFalse(failed[0]["succeeded"])
        task_failures = [f for f in self.timeline["failures"] if f["scope"] == "task" and "BBBB" in json.dumps(f)]
        self.assertTrue(task_failures, [f["scope"] for f in self.timeline["failures"]])
        for f in task_failures:
            text = json.dumps(f)
            self.assertIn("...[truncated ", text)
            self.assertLess(len(text), 4 * LIMIT, "each string field at most the limit plus the marker")

    def test_killed_executor_is_shown_lost_with_its_last_samples(self):
        executors = {e["executorId"]: e for e in self.timeline["executors"]}
        lost = executors["0"]
        self.assertGreater(lost["removedMs"], 0, lost)
        self.assertTrue(lost["removeReason"], lost)
        print("  executor 0 removed: %s" % lost["removeReason"][:160], file=sys.stderr)
        samples = [s for s in self.timeline["jvmSamples"] if s["executorId"] == "0"]
        self.assertTrue(samples, "the lost executor's JVM samples up to its death")
        last = max(s["timeMs"] for s in samples)
        self.assertLessEqual(last, lost["removedMs"] + 1000)
        self.assertGreater(last, self.killed_at_ms - 10_000, "samples until shortly before the kill")
        processes = [p for p in self.timeline["processes"] if p["executorId"] == "0"]
        self.assertTrue(processes, "the lost executor's process-tree samples")

    def test_killed_executor_ended_without_its_final_report_and_its_gaps_add_up(self):
        sources = self.timeline["loss"]["sources"]
        victim = [s for s in sources if s["executorId"] == "0"]
        self.assertEqual(1, len(victim), sources)
        assert_killed_source(self, victim[0], self.killed_at_ms)
        assert_source_arithmetic(self, self.timeline)
        driver = [s for s in sources if s["role"] == "DRIVER"]
        self.assertEqual(1, len(driver))
        self.assertEqual("final report received", driver[0]["verdict"], "the driver closed normally")
        print(
            "  killed executor 0: last seq %d at %d ms (kill at %d ms)"
            % (victim[0]["maxSeq"], victim[0]["lastEventMs"], self.killed_at_ms),
            file=sys.stderr,
        )
        page = self.run_.collector_cli("show", "--store", self.run_.store, self.summary.get("runId") or self.summary.get("id"))
        self.assertIn("ended without its final report", page)

    def test_its_running_task_failed_executor_lost_and_was_retried_on_another_executor(self):
        slow_stage = max(t["stageId"] for t in self.timeline["tasks"])
        tasks = [t for t in self.timeline["tasks"] if t["stageId"] == slow_stage]
        lost = [t for t in tasks if t["executorId"] == "0" and t["failureKind"] == "EXECUTOR_LOST"]
        self.assertTrue(lost, [(t["index"], t["attempt"], t["executorId"], t["status"], t["failureKind"]) for t in tasks])
        for t in lost:
            self.assertEqual("FAILED", t["status"])
            retries = [r for r in tasks if r["index"] == t["index"] and r["attempt"] > t["attempt"] and r["status"] == "SUCCESS"]
            self.assertEqual(1, len(retries), "partition %d was retried once and succeeded" % t["index"])
            self.assertNotEqual("0", retries[0]["executorId"])
        self.assertEqual(4, len({t["index"] for t in tasks if t["status"] == "SUCCESS"}))
        failures = [f for f in self.timeline["failures"] if "EXECUTOR_LOST" in json.dumps(f)]
        self.assertTrue(failures)
        print(
            "  slow stage: %s" % sorted((t["index"], t["attempt"], t["executorId"], t["status"]) for t in tasks), file=sys.stderr
        )


@unittest.skipUnless(READY, "build the listener, agent and collector jars first (mvn package per module)")
class DriverKilledTest(unittest.TestCase):
    """The spark-submit JVM SIGKILLed while tasks run: the run ends by the collector's idle timeout."""

    @classmethod
    def setUpClass(cls):
        cls.run_ = FaultRun("driver", idle_timeout="8s")
        try:
            cls.run_.submit(
                ["--agent-option", "sample.interval.ms=300", "--agent-option", "export.interval.ms=500"],
                [],
                ["--slow-seconds", "60", "--partitions", "2"],
            )
            wait_for(lambda: len(cls.run_.started_markers()) >= 2, 360, "two slow tasks running")
            time.sleep(2)
            driver = cls.run_.process("driver-jvm")
            cls.killed_at_ms = int(time.time() * 1000)
            os.kill(driver.pid, signal.SIGKILL)
            cls.started = time.monotonic()
            cls.exit_code = cls.run_.wait_app(timeout=60)
            cls.collector_exit = cls.run_.wait_collector(timeout=120)
            cls.collector_seconds = time.monotonic() - cls.started
            cls.summary, cls.timeline = cls.run_.timeline()
            print(
                "\ndriver-kill run: app exit %s, collector exit %s %.1f s after the kill, %d events (logs %s)"
                % (cls.exit_code, cls.collector_exit, cls.collector_seconds, cls.timeline["eventCount"], cls.run_.dir),
                file=sys.stderr,
            )
            print("  loss: " + loss_line(cls.timeline), file=sys.stderr)
        finally:
            cls.run_.cleanup()

    def test_the_submit_fails_as_it_would_without_pyrometer(self):
        self.assertNotEqual(0, self.exit_code)
        self.assertFalse(os.path.exists(self.run_.result_path))

    def test_run_is_closed_by_the_idle_timeout_as_ended_without_app_end(self):
        self.assertEqual(0, self.collector_exit, "--until-complete returned once the idle timeout closed the run")
        self.assertEqual("ENDED_WITHOUT_APP_END", self.summary["status"])
        self.assertEqual("ENDED_WITHOUT_APP_END", self.timeline["status"])
        self.assertFalse(self.timeline["app"]["endSeen"])
        self.assertGreaterEqual(self.collector_seconds, 8)

    def test_everything_received_until_the_kill_is_kept(self):
        slow = [j for j in self.timeline["jobs"] if j["description"] == "slow tasks"]
        self.assertEqual(1, len(slow))
        self.assertIsNone(slow[0]["succeeded"], "the job never ended")
        tasks = [t for t in self.timeline["tasks"] if t["stageId"] in slow[0]["stageIds"]]
        self.assertEqual(2, len(tasks), "both task starts arrived")
        self.assertTrue(all(t["launchMs"] > 0 for t in tasks))
        driver_samples = [s for s in self.timeline["jvmSamples"] if s["executorId"] == "driver"]
        self.assertTrue(driver_samples)
        self.assertLessEqual(max(s["timeMs"] for s in driver_samples), self.killed_at_ms + 1000)
        for executor in ("0", "1"):
            self.assertTrue([s for s in self.timeline["jvmSamples"] if s["executorId"] == executor], executor)

    def test_the_killed_driver_ended_without_its_final_report(self):
        driver = [s for s in self.timeline["loss"]["sources"] if s["role"] == "DRIVER"]
        self.assertEqual(1, len(driver))
        assert_killed_source(self, driver[0], self.killed_at_ms)
        assert_source_arithmetic(self, self.timeline)


if __name__ == "__main__":
    unittest.main()

# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Spark Connect end to end: a real Connect server (PySpark 4.x from pip, which bundles the server
jar; environment .venv-connect from `bin/setup-python connect`; on 3.5 the server jar comes from Maven
Central through --packages) started with `pyrometer submit`
(listener and agent on its JVM), the real collector with an embedded broker, and a Python Connect
client (connect_client.py) with two sessions of two users running different queries, one failing.

Asserted from the stored timeline: every job is attributed to its session and operation, the
failure to its operation, the statement text is redacted, and a session's operations are there
while the server application still runs (a Connect server is one long application); then the server
ends and the run completes.
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
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_run  # noqa: E402
from test_faults import JARS, READY, wait_for  # noqa: E402

from pyrometer.procfs import alive  # noqa: E402

ROOT = demo_run.ROOT
PYROMETER = os.path.join(ROOT, "bin", "pyrometer")
CLIENT = os.path.join(ROOT, "e2e-python", "connect_client.py")
SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"


def connect_venv():
    """PYROMETER_CONNECT_VENV (bin/compat: one per PySpark version), else .venv-connect."""
    if os.environ.get("PYROMETER_CONNECT_VENV"):
        return os.environ["PYROMETER_CONNECT_VENV"]
    out = subprocess.run(
        [os.path.join(ROOT, "bin", "setup-python"), "connect"], check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return out.strip().splitlines()[-1]


def server_packages(venv):
    """spark-submit options that put the Connect server on the classpath: 4.x ships it, 3.5 needs the
    spark-connect jar from Maven Central; None before 3.5 (no Connect server)."""
    code = (
        "import glob, os, pyspark; print(pyspark.__version__); print(glob.glob(os.path.join("
        "os.path.dirname(pyspark.__file__), 'jars', 'scala-library-*.jar'))[0])"
    )
    version, scala_jar = subprocess.run(
        [os.path.join(venv, "bin", "python"), "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    major_minor = tuple(int(x) for x in version.split(".")[:2])
    if major_minor < (3, 5):
        return version, None
    if major_minor >= (4, 0):
        return version, []
    scala = re.search(r"scala-library-(\d+\.\d+)", scala_jar).group(1)
    return version, ["--packages", "org.apache.spark:spark-connect_%s:%s" % (scala, version)]


@unittest.skipUnless(READY, "jars not built (mvn -B -ntp package -DskipTests)")
class ConnectServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.venv = connect_venv()
        cls.pyspark_version, cls.packages = server_packages(cls.venv)
        if cls.packages is None:
            raise unittest.SkipTest("PySpark %s has no Spark Connect server (3.5+)" % cls.pyspark_version)
        cls.dir = tempfile.mkdtemp(prefix="pyrometer-connect-")
        cls.env = dict(os.environ, PYROMETER_VENV=cls.venv)
        for key, jar in JARS.items():
            cls.env[key] = shutil.copy(jar, cls.dir)
        cls.store = os.path.join(cls.dir, "store.duckdb")
        cls.collector_out = os.path.join(cls.dir, "collector.out")
        cls.server = None
        with open(cls.collector_out, "w") as out, open(os.path.join(cls.dir, "collector.err"), "w") as err:
            cls.collector = subprocess.Popen(
                [
                    PYROMETER,
                    "run",
                    "--embedded-kafka",
                    "--embedded-kafka-port",
                    "0",
                    "--embedded-kafka-dir",
                    os.path.join(cls.dir, "kafka"),
                    "--store",
                    cls.store,
                    "--grace",
                    "3s",
                    "--idle-timeout",
                    "5m",
                    "--exit-after",
                    "400s",
                    "--progress-every",
                    "1s",
                    "--http-port",
                    "0",
                    "--until-complete",
                ],
                cwd=ROOT,
                stdout=out,
                stderr=err,
                env=cls.env,
            )
        try:
            cls.run_server_and_client()
        except BaseException:
            cls.cleanup()
            raise

    @classmethod
    def collector_says(cls, pattern):
        if cls.collector.poll() is not None:
            raise AssertionError("collector exited with %s, see %s" % (cls.collector.returncode, cls.dir))
        with open(cls.collector_out) as f:
            m = re.search(pattern, f.read())
        return m and m.group(1)

    @classmethod
    def get(cls, path):
        """The collector's HTTP server: the store can only be read through it while the collector runs."""
        with urllib.request.urlopen(cls.http + path, timeout=30) as r:
            return r.read().decode("utf-8")

    @classmethod
    def run_server_and_client(cls):
        bootstrap = wait_for(lambda: cls.collector_says(r"embedded Kafka broker at (\S+)"), 90, "the embedded broker")
        cls.http = wait_for(lambda: cls.collector_says(r"serving runs at (\S+)/"), 90, "the collector's HTTP server")
        port = demo_run.free_port()
        cls.server_err = os.path.join(cls.dir, "server.err")
        command = (
            [
                PYROMETER,
                "submit",
                "--bootstrap",
                bootstrap,
                "--class",
                SERVER_CLASS,
                "--master",
                "local[2]",
                "--driver-memory",
                "1g",
                "--conf",
                "spark.connect.grpc.binding.address=127.0.0.1",
                "--conf",
                "spark.connect.grpc.binding.port=%d" % port,
                "--conf",
                "spark.ui.port=%d" % demo_run.free_port(),
                "--conf",
                "spark.port.maxRetries=50",
                "--conf",
                "spark.jars.ivy=" + os.path.join(ROOT, "target", "ivy"),
            ]
            + cls.packages
            + ["spark-internal"]
        )
        with open(os.path.join(cls.dir, "server.out"), "w") as out, open(cls.server_err, "w") as err:
            cls.server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, env=cls.env)
        wait_for(lambda: cls.server_listening(port), 240, "the Connect server on port %d" % port)
        cls.result_path = os.path.join(cls.dir, "client.json")
        python = os.path.join(cls.venv, "bin", "python")
        started = time.monotonic()
        with open(os.path.join(cls.dir, "client.log"), "w") as log:
            code = subprocess.run(
                [python, CLIENT, "--remote", "sc://127.0.0.1:%d" % port, "--result-json", cls.result_path],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=cls.env,
                timeout=240,
            ).returncode
        cls.client_seconds = time.monotonic() - started
        if code != 0:
            raise AssertionError("the Connect client failed (%d), see %s/client.log" % (code, cls.dir))
        with open(cls.result_path) as f:
            cls.client = json.load(f)
        # While the server still runs: the collector must show both closed sessions with their operations.
        cls.live = wait_for(cls.both_sessions_stored, 60, "both closed sessions in the store while the server runs")
        cls.live_page = cls.get("/runs/" + urllib.parse.quote(cls.run_id, safe=""))
        cls.server_was_running = cls.server.poll() is None
        cls.server.send_signal(signal.SIGTERM)
        cls.server_code = cls.server.wait(timeout=90)
        cls.collector_code = cls.collector.wait(timeout=120)
        cls.final = cls.export()
        cls.session_text = cls.cli("show", "--store", cls.store, cls.run_id, "--session", cls.client["bob"]["session"][:13])
        cls.diagnosis = cls.cli("diagnose", "--store", cls.store, cls.run_id)
        cls.report = os.path.join(cls.dir, "report.html")
        cls.cli("report", "--store", cls.store, cls.run_id, "--output", cls.report)

    @classmethod
    def server_listening(cls, port):
        if cls.server.poll() is not None:
            with open(cls.server_err, errors="replace") as f:
                tail = f.read()[-3000:]
            if cls.packages and "unresolved dependency" in tail:
                raise unittest.SkipTest(
                    "the Connect server jar does not resolve from Maven Central here: " + " ".join(cls.packages)
                )
            raise AssertionError("Connect server exited with %s:\n%s" % (cls.server.returncode, tail))
        import socket

        with socket.socket() as s:
            s.settimeout(0.5)
            return s.connect_ex(("127.0.0.1", port)) == 0

    @classmethod
    def cli(cls, *args):
        return subprocess.run([PYROMETER] + list(args), cwd=ROOT, check=True, capture_output=True, text=True, env=cls.env).stdout

    @classmethod
    def export(cls):
        runs = json.loads(cls.cli("runs", "--store", cls.store, "--json"))
        if len(runs) != 1:
            return None
        cls.run_id = runs[0].get("runId") or runs[0].get("id")
        t = json.loads(cls.cli("export", "--store", cls.store, "--format", "json", cls.run_id))
        t["_runs_row"] = runs[0]
        return t

    @classmethod
    def both_sessions_stored(cls):
        runs = json.loads(cls.get("/api/runs"))
        if len(runs) != 1:
            return None
        cls.run_id = runs[0]["runId"]
        t = json.loads(cls.get("/api/runs/" + urllib.parse.quote(cls.run_id, safe="")))
        t["_runs_row"] = runs[0]
        sessions = {s["sessionId"]: s for s in t["connect"]["sessions"]}
        want = [cls.client["alice"]["session"], cls.client["bob"]["session"]]
        if all(w in sessions and sessions[w]["state"] == "CLOSED" for w in want):
            return t
        return None

    @classmethod
    def cleanup(cls):
        for proc in (cls.server, cls.collector):
            if proc is not None and proc.poll() is None and alive(proc.pid):
                proc.kill()
                proc.wait(timeout=30)

    @classmethod
    def tearDownClass(cls):
        cls.cleanup()

    def sessions(self, timeline):
        return {s["sessionId"]: s for s in timeline["connect"]["sessions"]}

    def test_operations_show_while_the_server_application_still_runs(self):
        self.assertTrue(self.server_was_running)
        self.assertEqual("RUNNING", self.live["status"], self.live["_runs_row"])
        self.assertFalse(self.live["app"]["endSeen"])
        alice = self.sessions(self.live)[self.client["alice"]["session"]]
        self.assertGreaterEqual(len(alice["operations"]), 4, alice)
        # The served page of the running server shows both sessions, each operation and the failure.
        for who in ("alice", "bob"):
            self.assertIn('data-session="%s"' % self.client[who]["session"], self.live_page)
        for op in alice["operations"]:
            self.assertIn('data-operation="%s"' % op["operationId"], self.live_page)
        self.assertIn("connect-boom-", self.live_page)
        self.assertNotIn("hunter2", self.live_page)

    def test_show_session_prints_one_session_with_its_operations(self):
        bob = self.sessions(self.final)[self.client["bob"]["session"]]
        text = self.session_text
        self.assertIn(self.client["bob"]["session"], text)
        self.assertNotIn(self.client["alice"]["session"], text)
        self.assertIn("user:                  bob", text)
        for op in bob["operations"]:
            self.assertIn("operation " + op["operationId"], text)
        self.assertIn("FAILED", text)
        self.assertIn("connect-boom-", text)

    def test_report_has_a_connect_section_instead_of_empty_python_sections(self):
        with open(self.report) as f:
            html = f.read()
        self.assertIn('id="connect"', html)
        self.assertIn("not Py4J", html)
        self.assertIn("Python clients run elsewhere", html)
        for who in ("alice", "bob"):
            self.assertIn('data-session="%s"' % self.client[who]["session"], html)

    def test_every_job_is_attributed_to_its_session_and_operation(self):
        t = self.final
        self.assertEqual("COMPLETE", t["status"])
        sessions = self.sessions(t)
        alice, bob = sessions[self.client["alice"]["session"]], sessions[self.client["bob"]["session"]]
        self.assertEqual("alice", alice["userId"])
        self.assertEqual("bob", bob["userId"])
        job_ids = {j["jobId"] for j in t["jobs"]}
        attributed = {}
        for s in (alice, bob):
            for op in s["operations"]:
                self.assertEqual(s["sessionId"], op["sessionId"], op)
                for j in op["jobIds"]:
                    self.assertNotIn(j, attributed, "job %d in two operations" % j)
                    attributed[j] = (s["userId"], op["operationId"])
        # Every job of the run ran for one of the two clients: the server runs nothing of its own here.
        self.assertEqual(job_ids, set(attributed), t["connect"]["untaggedJobs"])
        self.assertEqual([], t["connect"]["untaggedJobs"])
        ran = [o for o in alice["operations"] if o["jobIds"]]
        self.assertGreaterEqual(len(ran), 2, alice)
        for o in ran:
            self.assertGreater(o["tasks"], 0, o)
            self.assertGreater(o["taskTimeMs"], -1, o)
        sum_op = [o for o in alice["operations"] if o["statement"] and "range" in o["statement"].lower()]
        self.assertTrue(sum_op, alice)
        self.assertTrue(all(o["state"] == "FINISHED" for o in alice["operations"]), alice)

    def test_the_failing_operation_carries_its_error_and_failed_job(self):
        self.assertIn("connect-boom-", self.client["bob"]["failed"] or "")
        bob = self.sessions(self.final)[self.client["bob"]["session"]]
        failed = [o for o in bob["operations"] if o["state"] == "FAILED"]
        self.assertEqual(1, len(failed), bob)
        op = failed[0]
        self.assertIn("connect-boom-", op["error"])
        self.assertGreaterEqual(op["failedJobs"], 1, op)
        self.assertGreaterEqual(op["failedTasks"], 1, op)
        failures = [f for f in self.final["failures"] if f["scope"] == "operation"]
        self.assertEqual([op["operationId"]], [f["ref"] for f in failures])
        alice = self.sessions(self.final)[self.client["alice"]["session"]]
        self.assertEqual(0, sum(o["failedTasks"] for o in alice["operations"]), alice)

    def test_the_failure_finding_names_its_operation_and_session(self):
        bob = self.sessions(self.final)[self.client["bob"]["session"]]
        failed = [o for o in bob["operations"] if o["state"] == "FAILED"][0]
        self.assertIn("[Connect session %s]" % bob["sessionId"], self.diagnosis)
        self.assertIn(
            "Spark Connect: operation %s of session %s (user bob, FAILED)" % (failed["operationId"], bob["sessionId"]),
            self.diagnosis,
        )

    def test_statement_text_is_redacted(self):
        statements = [o["statement"] or "" for s in self.final["connect"]["sessions"] for o in s["operations"]]
        note = [s for s in statements if "password" in s]
        self.assertTrue(note, statements)
        self.assertFalse(any("hunter2" in s for s in statements), note)
        self.assertEqual("password=hunter2", self.client["alice"]["results"]["secret"])

    def test_nothing_lost_and_the_run_completed(self):
        self.assertEqual(0, self.collector_code)
        self.assertTrue(self.final["app"]["endSeen"])
        self.assertEqual(0, self.final["loss"]["unaccounted"], self.final["loss"])
        self.assertEqual([], [s["suppressed"] for s in self.final["loss"]["sources"] if s["suppressed"]])
        self.assertEqual(200000 * 199999 // 2, self.client["alice"]["results"]["sum"])
        self.assertEqual(100000, self.client["bob"]["results"]["count"])


if __name__ == "__main__":
    unittest.main()

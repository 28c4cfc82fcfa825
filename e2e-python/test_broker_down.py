# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""With no Kafka broker reachable, the demo run through bin/pyrometer submit gives the same result,
the same exit code and the same Spark job/stage/task counts as the plain run: Pyrometer must never
change what the application does.

The bootstrap address is a loopback port bound but not listening, so every connection attempt is
refused (the same as a collector and broker that are down). The jars are copied first so a
concurrent rebuild cannot swap them mid-run.

The listener alone (`--no-agent`, where it owns the driver's emitter) with the broker down is
listener/'s BrokerDownIT, in a real SparkSession: a demo run of its own here cost a minute of the
suite and exercised nothing on the executors, which run no Pyrometer code without the agent.
"""

import os
import shutil
import socket
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_run  # noqa: E402

from pyrometer import jars  # noqa: E402

ROOT = demo_run.ROOT
# The built jars, unless the environment names others (as `pyrometer submit` honours).
AGENT_JAR = jars.jar_path("agent", must_exist=False)
LISTENER_JAR = jars.jar_path("listener", must_exist=False)
AGENT_READY = jars.is_complete("agent")
LISTENER_READY = jars.is_complete("listener")


class RefusedPort:
    """A loopback port that refuses connections for as long as it is held."""

    def __enter__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))  # bound, never listening: connect() is refused
        return "127.0.0.1:%d" % self.sock.getsockname()[1]

    def __exit__(self, *exc):
        self.sock.close()
        return False


class BrokerDownTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.jars = tempfile.mkdtemp(prefix="pyrometer-jars-")
        cls.env = {}
        if AGENT_READY:
            cls.env["PYROMETER_AGENT_JAR"] = shutil.copy(AGENT_JAR, cls.jars)
        if LISTENER_READY:
            cls.env["PYROMETER_LISTENER_JAR"] = shutil.copy(LISTENER_JAR, cls.jars)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.jars, ignore_errors=True)

    def wrapped_run(self, *options, name):
        with RefusedPort() as bootstrap:
            prefix = [os.path.join(ROOT, "bin", "pyrometer"), "submit", "--bootstrap", bootstrap] + list(options)
            old = {k: os.environ.get(k) for k in self.env}
            os.environ.update(self.env)
            try:
                run = demo_run.run_demo(prefix=prefix, log_name=name)
            finally:
                for k, v in old.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
        plain = demo_run.plain_run()
        print(
            "\n%s: exit %s in %.1f s; plain: exit %s in %.1f s (logs %s)"
            % (name, run.exit_code, run.seconds, plain.exit_code, plain.seconds, run.log_dir),
            file=sys.stderr,
        )
        return run, plain

    def assert_same_as_plain(self, run, plain):
        self.assertEqual(plain.exit_code, run.exit_code)
        self.assertEqual(0, run.exit_code)
        self.assertEqual(plain.deterministic_result(), run.deterministic_result())
        self.assertEqual(plain.rest["totals"], run.rest["totals"])
        self.assertEqual(
            [(j["jobGroup"], j["status"], j["numTasks"], j["numFailedTasks"]) for j in plain.rest["jobs"]],
            [(j["jobGroup"], j["status"], j["numTasks"], j["numFailedTasks"]) for j in run.rest["jobs"]],
        )
        log = run.driver_log()
        self.assertIn("pyrometer: ", log.splitlines()[0], "the wrapper prints the effective command first")
        # Spark 4.x logs it without the space ("Registered listenerdev.pyrometer...").
        self.assertRegex(log, r"Registered listener ?dev\.pyrometer\.listener\.PyrometerListener")

    @unittest.skipUnless(AGENT_READY, "the agent jar is not built yet (mvn -pl jvm-agent package)")
    def test_agent_and_listener_with_broker_down_change_nothing(self):
        run, plain = self.wrapped_run(name="agent-broker-down")
        self.assert_same_as_plain(run, plain)
        jvms = run.of_kind("driver-jvm") + run.of_kind("executor-jvm")
        self.assertEqual(3, len(jvms))
        for jvm in jvms:
            self.assertIn("-javaagent:" + self.env["PYROMETER_AGENT_JAR"], jvm.cmdline)
        self.assertIn("agent started", run.driver_log())
        executor_logs = run.executor_logs()
        self.assertEqual({"0", "1"}, set(executor_logs))
        for executor, log in executor_logs.items():
            self.assertIn("role EXECUTOR", log, "the agent started in executor " + executor)


if __name__ == "__main__":
    unittest.main()

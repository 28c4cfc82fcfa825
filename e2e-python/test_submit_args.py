# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""`pyrometer submit`'s argument handling: what it adds, what it merges, what it leaves alone."""

import os
import subprocess
import tempfile
import unittest
import zipfile

from pyrometer import submit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class SubmitArgsTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.mkdtemp(prefix="pyrometer-submit-test-")
        self.agent = os.path.join(tmp, "agent.jar")
        self.listener = os.path.join(tmp, "listener.jar")
        with zipfile.ZipFile(self.agent, "w") as z:
            z.writestr(submit.LISTENER_CLASS.replace(".", "/") + ".class", b"")
        open(self.listener, "w").close()
        self.env = {
            "PYROMETER_AGENT_JAR": self.agent,
            "PYROMETER_LISTENER_JAR": self.listener,
            "SPARK_SUBMIT": "/opt/spark/bin/spark-submit",
        }

    def build(self, *argv):
        _opts, command, _env = submit.build(list(argv), self.env)
        return command

    @staticmethod
    def confs(command):
        return dict(command[i + 1].split("=", 1) for i, c in enumerate(command) if c == "--conf")

    def test_adds_agent_to_driver_and_executors_and_listener_conf(self):
        command = self.build(
            "--master",
            "local-cluster[2,1,1024]",
            "--bootstrap",
            "h1:9092,h2:9092",
            "--topic",
            "t",
            "--series",
            "nightly",
            "app.py",
        )
        confs = self.confs(command)
        agent = "-javaagent:%s=bootstrap.servers=h1:9092,h2:9092,topic=t" % self.agent
        self.assertEqual(agent, confs["spark.driver.extraJavaOptions"])
        self.assertEqual(agent, confs["spark.executor.extraJavaOptions"])
        self.assertEqual(submit.LISTENER_CLASS, confs["spark.extraListeners"])
        self.assertEqual("h1:9092,h2:9092", confs["spark.pyrometer.bootstrap.servers"])
        self.assertEqual("t", confs["spark.pyrometer.topic"])
        self.assertEqual("nightly", confs["spark.pyrometer.series"])
        # The agent jar carries the listener: no second jar on the class path.
        self.assertNotIn("--jars", command)
        self.assertEqual(["/opt/spark/bin/spark-submit", "--master", "local-cluster[2,1,1024]"], command[:3])
        self.assertEqual("app.py", command[-1])

    def test_plugin_puts_the_agent_jar_on_jars_and_agent_options_under_spark_pyrometer_agent(self):
        command = self.build(
            "--plugin",
            "--jars",
            "mine.jar",
            "--conf",
            "spark.plugins=com.example.P",
            "--agent-option",
            "sample.interval.ms=500",
            "--bootstrap",
            "h:9092",
            "app.py",
        )
        confs = self.confs(command)
        self.assertEqual("mine.jar," + self.agent, command[command.index("--jars") + 1])
        self.assertEqual("com.example.P," + submit.PLUGIN_CLASS, confs["spark.plugins"])
        self.assertEqual("500", confs["spark.pyrometer.agent.sample.interval.ms"])
        self.assertEqual("h:9092", confs["spark.pyrometer.bootstrap.servers"])
        self.assertEqual(submit.LISTENER_CLASS, confs["spark.extraListeners"])
        self.assertFalse(any("-javaagent" in v for v in confs.values()), confs)
        with self.assertRaises(submit.UsageError):
            self.build("--plugin", "--no-agent", "app.py")

    def test_leaves_everything_after_the_application_alone(self):
        command = self.build("--conf", "spark.x=1", "app.py", "--bootstrap", "b", "--no-agent", "--conf", "y")
        self.assertEqual(["app.py", "--bootstrap", "b", "--no-agent", "--conf", "y"], command[-6:])
        self.assertEqual("localhost:9092", self.confs(command[:-6])["spark.pyrometer.bootstrap.servers"])
        self.assertIn("spark.executor.extraJavaOptions", self.confs(command[:-6]))

    def test_merges_into_the_users_own_values(self):
        command = self.build(
            "--conf",
            "spark.executor.extraJavaOptions=-Dkeep=1",
            "--driver-java-options",
            "-Dmine=2",
            "--conf=spark.extraListeners=com.example.Mine",
            "app.py",
        )
        confs = self.confs(command)
        self.assertEqual(
            "-Dkeep=1 -javaagent:%s=bootstrap.servers=localhost:9092" % self.agent, confs["spark.executor.extraJavaOptions"]
        )
        self.assertEqual("com.example.Mine," + submit.LISTENER_CLASS, confs["spark.extraListeners"])
        driver_opts = command[command.index("--driver-java-options") + 1]
        self.assertEqual("-Dmine=2 -javaagent:%s=bootstrap.servers=localhost:9092" % self.agent, driver_opts)
        self.assertNotIn("spark.driver.extraJavaOptions", confs)

    def test_agent_options_are_appended_to_the_agent_argument(self):
        confs = self.confs(self.build("--agent-option", "py4j.enabled=false", "--agent-option=sample.interval.ms=500", "app.py"))
        self.assertEqual(
            "-javaagent:%s=bootstrap.servers=localhost:9092,py4j.enabled=false,sample.interval.ms=500" % self.agent,
            confs["spark.executor.extraJavaOptions"],
        )
        with self.assertRaises(submit.UsageError):
            self.build("--agent-option", "novalue", "app.py")

    def test_scale_is_declared_as_a_positive_number(self):
        confs = self.confs(self.build("--series", "s", "--scale", "0.1", "app.py"))
        self.assertEqual("0.1", confs["spark.pyrometer.scale"])
        self.assertEqual("2.5e-3", self.confs(self.build("--scale=2.5e-3", "app.py"))["spark.pyrometer.scale"])
        self.assertNotIn("spark.pyrometer.scale", self.confs(self.build("app.py")))
        for bad in ("10%", "0", "-1", "nan", "inf"):
            with self.assertRaises(submit.UsageError) as e:
                self.build("--scale", bad, "app.py")
            self.assertIn("--scale wants a positive number such as 0.1, got '%s'" % bad, str(e.exception))

    def test_users_own_bootstrap_conf_wins(self):
        confs = self.confs(self.build("--conf", "spark.pyrometer.bootstrap.servers=mine:1", "app.py"))
        self.assertEqual("mine:1", confs["spark.pyrometer.bootstrap.servers"])

    def test_python_forensics_switches_on_sparks_fault_handler_and_dumps(self):
        for switch in (["--python-forensics"], ["--conf", "spark.pyrometer.python.forensics=TRUE"]):
            confs = self.confs(self.build(*switch, "--conf", "spark.python.worker.faulthandler.enabled=false", "app.py"))
            self.assertEqual("false", confs["spark.python.worker.faulthandler.enabled"], "the user's value wins")
            self.assertEqual("true", confs["spark.sql.execution.pyspark.udf.faulthandler.enabled"], switch)
            self.assertEqual("60", confs["spark.python.worker.tracebackDumpIntervalSeconds"], switch)
            self.assertEqual("60", confs["spark.sql.execution.pyspark.udf.tracebackDumpIntervalSeconds"], switch)
            self.assertEqual("TRUE" if "--conf" in switch else "true", confs["spark.pyrometer.python.forensics"])
            self.assertEqual(submit.PYDUMPS_DIR, confs["spark.executorEnv.PYTHONPATH"])
            self.assertTrue(os.path.isfile(os.path.join(submit.PYDUMPS_DIR, "sitecustomize.py")))
            self.assertTrue(confs["spark.executor.extraJavaOptions"].endswith(",python.dumps.after.ms=60000"))
        confs = self.confs(
            self.build(
                "--python-forensics",
                "--agent-option",
                "python.dumps.after.ms=5000",
                "--conf",
                "spark.executorEnv.PYTHONPATH=/opt/mine",
                "app.py",
            )
        )
        self.assertEqual("/opt/mine" + os.pathsep + submit.PYDUMPS_DIR, confs["spark.executorEnv.PYTHONPATH"])
        self.assertTrue(confs["spark.executor.extraJavaOptions"].endswith(",python.dumps.after.ms=5000"))
        for off in ([], ["--conf", "spark.pyrometer.python.forensics=false"]):
            confs = self.confs(self.build(*off, "app.py"))
            self.assertFalse([k for k in confs if "faulthandler" in k or "tracebackDump" in k or "executorEnv" in k], off)
            self.assertNotIn("python.dumps", confs["spark.executor.extraJavaOptions"])

    def test_no_agent_puts_the_listener_jar_on_jars(self):
        command = self.build("--no-agent", "--jars", "/x/other.jar", "--verbose", "app.py")
        self.assertEqual("/x/other.jar," + self.listener, command[command.index("--jars") + 1])
        self.assertFalse(any("javaagent" in c for c in command))
        self.assertIn("--verbose", command)

    def test_adds_the_listener_jar_when_the_agent_jar_lacks_the_listener(self):
        with zipfile.ZipFile(self.agent, "w") as z:
            z.writestr("dev/pyrometer/agent/init/AgentMain.class", b"")
        command = self.build("app.py")
        self.assertEqual(self.listener, command[command.index("--jars") + 1])
        self.assertIn("spark.executor.extraJavaOptions", self.confs(command))

    def test_extends_spark_jars_when_the_user_gave_it_as_a_conf(self):
        command = self.build("--no-agent", "--conf", "spark.jars=/x/a.jar", "app.py")
        self.assertNotIn("--jars", command)
        self.assertEqual("/x/a.jar," + self.listener, self.confs(command)["spark.jars"])

    def test_missing_jar_is_a_usage_error(self):
        os.remove(self.agent)
        with self.assertRaises(submit.UsageError):
            self.build("app.py")
        self.build("--no-agent", "app.py")

    def test_wrapper_prints_the_effective_command_and_passes_the_exit_code(self):
        script = os.path.join(os.path.dirname(self.agent), "fake-submit")
        with open(script, "w") as f:
            f.write("#!/bin/sh\nexit 7\n")
        os.chmod(script, 0o755)
        env = dict(os.environ, **self.env)
        env["SPARK_SUBMIT"] = script
        done = subprocess.run(
            [os.path.join(ROOT, "bin", "pyrometer"), "submit", "app.py", "--x"], env=env, capture_output=True, text=True
        )
        self.assertEqual(7, done.returncode)
        self.assertIn("pyrometer: %s --conf spark.extraListeners=" % script, done.stderr)
        self.assertTrue(done.stderr.strip().endswith("app.py --x"), done.stderr)


if __name__ == "__main__":
    unittest.main()

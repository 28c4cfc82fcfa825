# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The `pyrometer` package's pieces without a Spark run: configure() on a real SparkSession
builder, jar_path(), the version shared with Maven, the /proc reader and the command line."""

import os
import subprocess
import tempfile
import unittest
import warnings
import zipfile

import build_dist  # python/build_dist.py, on PYTHONPATH with the package (e2e-python/run)
from pyspark.sql import SparkSession

import pyrometer
from pyrometer import collector, jars, procfs

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYROMETER = os.path.join(ROOT, "bin", "pyrometer")


def fresh_builder():
    # SparkSession.builder is a class attribute shared by every use: each test gets its own.
    return SparkSession.Builder()


class ConfigureTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.mkdtemp(prefix="pyrometer-configure-")
        self.agent = os.path.join(tmp, "agent dir", "agent.jar")
        os.makedirs(os.path.dirname(self.agent))
        with zipfile.ZipFile(self.agent, "w") as z:
            z.writestr(pyrometer.LISTENER_CLASS.replace(".", "/") + ".class", b"")
        self.listener = os.path.join(tmp, "listener.jar")
        open(self.listener, "w").close()

    def confs(self, builder):
        return dict(builder._options)

    def test_sets_listener_bootstrap_series_tags_and_agent_on_driver_and_executors(self):
        b = fresh_builder()
        self.assertIs(
            b,
            pyrometer.configure(
                b,
                bootstrap="k1:9092,k2:9092",
                series="nightly",
                tags={"team": "data", "env": "prod"},
                agent_jar=self.agent,
                agent_options=["sample.interval.ms=500"],
            ),
        )
        c = self.confs(b)
        self.assertEqual(pyrometer.LISTENER_CLASS, c["spark.extraListeners"])
        self.assertEqual("k1:9092,k2:9092", c["spark.pyrometer.bootstrap.servers"])
        self.assertEqual("nightly", c["spark.pyrometer.series"])
        self.assertEqual("team=data;env=prod", c["spark.pyrometer.tags"])
        token = "'-javaagent:%s=bootstrap.servers=k1:9092,k2:9092,sample.interval.ms=500'" % self.agent
        self.assertEqual(token, c["spark.driver.extraJavaOptions"])
        self.assertEqual(token, c["spark.executor.extraJavaOptions"])
        self.assertNotIn("spark.jars", c, "the agent jar carries the listener")
        self.assertNotIn("spark.pyrometer.topic", c)

    def test_extends_the_users_listeners_and_java_options_and_keeps_their_own_keys(self):
        b = (
            fresh_builder()
            .config("spark.extraListeners", "com.example.Mine")
            .config("spark.executor.extraJavaOptions", "-XX:+UseG1GC")
            .config("spark.pyrometer.series", "theirs")
        )
        pyrometer.configure(b, series="ours", agent_jar=self.agent)
        pyrometer.configure(b, series="ours", agent_jar=self.agent)  # twice: nothing doubles
        c = self.confs(b)
        self.assertEqual("com.example.Mine," + pyrometer.LISTENER_CLASS, c["spark.extraListeners"])
        self.assertTrue(c["spark.executor.extraJavaOptions"].startswith("-XX:+UseG1GC '-javaagent:"))
        self.assertEqual(1, c["spark.executor.extraJavaOptions"].count("-javaagent:"))
        self.assertEqual("theirs", c["spark.pyrometer.series"])

    def test_python_forensics_switches_on_sparks_fault_handler_unless_the_user_set_it(self):
        c = self.confs(
            pyrometer.configure(
                fresh_builder().config("spark.python.worker.faulthandler.enabled", "false"),
                agent_jar=self.agent,
                python_forensics=True,
            )
        )
        self.assertEqual("false", c["spark.python.worker.faulthandler.enabled"])
        self.assertEqual("true", c["spark.sql.execution.pyspark.udf.faulthandler.enabled"])
        self.assertEqual("60", c["spark.python.worker.tracebackDumpIntervalSeconds"])
        self.assertEqual("true", c["spark.pyrometer.python.forensics"])
        self.assertTrue(c["spark.executorEnv.PYTHONPATH"].endswith("pydumps"))
        self.assertIn(",python.dumps.after.ms=60000", c["spark.executor.extraJavaOptions"])
        c = self.confs(
            pyrometer.configure(fresh_builder().config("spark.pyrometer.python.forensics", "true"), agent_jar=self.agent)
        )
        self.assertEqual("true", c["spark.python.worker.faulthandler.enabled"])
        c = self.confs(pyrometer.configure(fresh_builder(), agent_jar=self.agent))
        self.assertNotIn("spark.python.worker.faulthandler.enabled", c)

    def test_listener_only_puts_the_listener_jar_on_spark_jars(self):
        b = fresh_builder().config("spark.jars", "/opt/lib/a.jar")
        pyrometer.configure(b, agent=False, listener_jar=self.listener, topic="t1")
        c = self.confs(b)
        self.assertEqual("/opt/lib/a.jar," + self.listener, c["spark.jars"])
        self.assertEqual("t1", c["spark.pyrometer.topic"])
        self.assertNotIn("spark.driver.extraJavaOptions", c)

    def test_an_agent_without_the_listener_brings_the_listener_jar(self):
        bare = os.path.join(os.path.dirname(self.listener), "bare-agent.jar")
        with zipfile.ZipFile(bare, "w") as z:
            z.writestr("dev/pyrometer/agent/init/AgentMain.class", b"")
        b = pyrometer.configure(fresh_builder(), agent_jar=bare, listener_jar=self.listener)
        self.assertEqual(self.listener, self.confs(b)["spark.jars"])

    def test_bootstrap_defaults_to_the_environment(self):
        os.environ["PYROMETER_BOOTSTRAP"] = "env-kafka:9092"
        try:
            b = pyrometer.configure(fresh_builder(), agent_jar=self.agent)
        finally:
            del os.environ["PYROMETER_BOOTSTRAP"]
        self.assertEqual("env-kafka:9092", self.confs(b)["spark.pyrometer.bootstrap.servers"])

    def test_rejects_tags_that_cannot_be_encoded_and_agent_options_without_a_value(self):
        with self.assertRaises(ValueError):
            pyrometer.configure(fresh_builder(), tags={"a;b": "c"}, agent_jar=self.agent)
        with self.assertRaises(ValueError):
            pyrometer.configure(fresh_builder(), tags={"a": "c;d"}, agent_jar=self.agent)
        with self.assertRaises(ValueError):
            pyrometer.configure(fresh_builder(), agent_options=["sample.interval.ms"], agent_jar=self.agent)

    def test_warns_when_a_spark_context_already_runs(self):
        from pyspark import SparkContext

        SparkContext._active_spark_context = object()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                pyrometer.configure(fresh_builder(), agent_jar=self.agent)
        finally:
            SparkContext._active_spark_context = None
        self.assertTrue(any("already runs" in str(w.message) for w in caught), caught)


class JarPathTest(unittest.TestCase):
    def test_names_each_modules_build_output_in_a_checkout(self):
        version = jars.maven_version(ROOT)
        self.assertEqual(
            os.path.join(ROOT, "jvm-agent", "target", "pyrometer-agent-%s.jar" % version),
            pyrometer.jar_path("agent", env={}, must_exist=False),
        )
        self.assertEqual(
            os.path.join(ROOT, "collector", "target", "pyrometer-collector-%s.jar" % version),
            pyrometer.jar_path("collector", env={}, must_exist=False),
        )

    def test_the_environment_overrides_and_a_missing_jar_says_what_to_do(self):
        env = {"PYROMETER_LISTENER_JAR": "/nowhere/l.jar"}
        self.assertEqual("/nowhere/l.jar", pyrometer.jar_path("listener", env=env, must_exist=False))
        with self.assertRaises(pyrometer.JarMissing) as raised:
            pyrometer.jar_path("listener", env=env)
        self.assertIn("PYROMETER_LISTENER_JAR", str(raised.exception))
        with self.assertRaises(ValueError):
            pyrometer.jar_path("plugin")

    def test_python_version_is_the_pep440_spelling_of_the_maven_version(self):
        self.assertEqual("0.1.0.dev0", jars.python_version("0.1.0-SNAPSHOT"))
        self.assertEqual("1.2.3", jars.python_version("1.2.3"))
        self.assertEqual(jars.python_version(jars.maven_version(ROOT)), pyrometer.__version__)


class CollectorJavaTest(unittest.TestCase):
    def test_pyrometer_java_home_wins_over_java_home_then_path(self):
        # bin/compat's Java 11 column: Spark's JVMs on JAVA_HOME (11), the collector on Java 17+.
        jar = tempfile.NamedTemporaryFile(suffix=".jar")
        self.addCleanup(jar.close)
        env = {"PYROMETER_COLLECTOR_JAR": jar.name, "JAVA_HOME": "/jdk11", "PYROMETER_JAVA_HOME": "/jdk17"}
        self.assertEqual(
            ["/jdk17/bin/java", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", jar.name, collector.MAIN_CLASS, "runs"],
            collector.command("runs", [], env),
        )
        del env["PYROMETER_JAVA_HOME"]
        self.assertEqual("/jdk11/bin/java", collector.command("runs", [], env)[0])
        env["PYROMETER_JAVA_HOME"] = ""
        self.assertEqual("/jdk11/bin/java", collector.command("runs", [], env)[0])
        self.assertEqual("java", collector.command("runs", [], {"PYROMETER_COLLECTOR_JAR": jar.name})[0])

    def test_one_shot_commands_run_on_the_client_compiler_unless_java_opts_say_otherwise(self):
        jar = tempfile.NamedTemporaryFile(suffix=".jar")
        self.addCleanup(jar.close)
        env = {"PYROMETER_COLLECTOR_JAR": jar.name}
        for name in collector.COMMANDS:
            opts = collector.command(name, [], env)[1:-4]
            self.assertEqual("-Xmx512m", opts[0], name)
            self.assertEqual(name in ("run", "serve", "import-eventlog"), "-XX:TieredStopAtLevel=1" not in opts, name)
        env["PYROMETER_JAVA_OPTS"] = "-Xmx2g"
        self.assertEqual(["-Xmx2g"], collector.command("diagnose", [], env)[1:-4])


class ProcfsTest(unittest.TestCase):
    def test_reads_this_process_and_finds_a_grandchild_under_it(self):
        me = procfs.stat(os.getpid())
        self.assertEqual(os.getppid(), me.ppid)
        self.assertGreater(procfs.rss_kb(os.getpid()), 0)
        self.assertIn("python", procfs.cmdline(os.getpid()))
        self.assertIn(os.getpid(), procfs.thread_ids(os.getpid()))
        child = subprocess.Popen(["sh", "-c", "sleep 30 & wait"])
        try:
            for _ in range(100):
                under = procfs.descendants(os.getpid())
                if any(procfs.argv(p)[:1] == ["sleep"] for p in under):
                    break
                subprocess.run(["sleep", "0.05"])
            self.assertIn(child.pid, under)
            self.assertTrue(any(procfs.argv(p) == ["sleep", "30"] for p in under), under)
        finally:
            child.kill()
            child.wait()

    def test_a_gone_process_reads_as_absent(self):
        done = subprocess.Popen(["true"])
        done.wait()
        self.assertIsNone(procfs.stat(done.pid))
        self.assertFalse(procfs.alive(done.pid))
        self.assertEqual([], procfs.argv(done.pid))
        self.assertEqual(0, procfs.rss_kb(done.pid))


class ShadingCheckTest(unittest.TestCase):
    def jar(self, *entries):
        path = tempfile.mktemp(suffix=".jar", prefix="pyrometer-shading-")
        with zipfile.ZipFile(path, "w") as z:
            for entry in entries:
                z.writestr(entry, b"")
        self.addCleanup(os.remove, path)
        return path

    def test_two_lz4_codecs_and_a_class_both_relocated_and_not_are_found(self):
        problems = build_dist.shading_problems(
            "collector", self.jar("net/jpountz/lz4/LZ4Factory.class", "dev/pyrometer/shaded/net/jpountz/lz4/LZ4Factory.class")
        )
        self.assertTrue(any(p.startswith("2 copies of net/jpountz/lz4/LZ4Factory.class") for p in problems), problems)
        self.assertTrue(any(p.startswith("classes both relocated and not") for p in problems), problems)

    def test_an_unrelocated_class_in_an_in_cluster_jar_and_a_missing_codec_are_found(self):
        problems = build_dist.shading_problems(
            "listener", self.jar("dev/pyrometer/listener/PyrometerListener.class", "org/xerial/snappy/Snappy.class")
        )
        self.assertIn("classes outside dev/pyrometer (not relocated): org/xerial/snappy", problems)
        self.assertIn("no lz4 codec (Kafka's compression.type=lz4 would fail)", problems)
        self.assertEqual(
            [],
            build_dist.shading_problems(
                "collector", self.jar("org/xerial/snappy/Snappy.class", "net/jpountz/lz4/LZ4Factory.class")
            ),
        )

    def test_a_class_file_newer_than_java_8_in_an_in_cluster_jar_is_found(self):
        java8 = b"\xca\xfe\xba\xbe\x00\x00\x00\x34"  # major version 52
        java11 = b"\xca\xfe\xba\xbe\x00\x00\x00\x37"  # 55
        jar = self.jar_with(
            {
                "dev/pyrometer/plugin/A.class": java8,
                "dev/pyrometer/plugin/B.class": java11,
                "dev/pyrometer/shaded/net/jpountz/lz4/LZ4Factory.class": java8,
            }
        )
        self.assertEqual(
            ["1 class files newer than Java 8 (major version > 52), e.g. dev/pyrometer/plugin/B.class (55)"],
            build_dist.shading_problems("agent", jar),
        )
        self.assertEqual([], build_dist.shading_problems("collector", jar))  # the collector runs on Java 17

    def jar_with(self, entries):
        path = tempfile.mktemp(suffix=".jar", prefix="pyrometer-shading-")
        with zipfile.ZipFile(path, "w") as z:
            for entry, data in entries.items():
                z.writestr(entry, data)
        self.addCleanup(os.remove, path)
        return path

    def licensed(self, name, changes=None):
        """A jar with the licence files `name` must carry, then `changes` (entry: text, or None to drop)."""
        with open(os.path.join(ROOT, "LICENSE")) as f:
            licence = f.read()
        with open(os.path.join(ROOT, "NOTICE")) as f:
            notice = f.read()
        entries = {"META-INF/LICENSE": licence, "META-INF/NOTICE": "\n" + notice + "\n"}
        for entry, marker in build_dist.THIRD_PARTY_NOTICES[name]:
            entries[entry] = entries.get(entry, "") + "\n" + marker + " and its notice\n"
        for entry, text in (changes or {}).items():
            if text is None:
                entries.pop(entry)
            else:
                entries[entry] = text
        return self.jar_with(entries)

    def test_a_jar_with_pyrometers_licence_and_every_third_party_notice_passes(self):
        for name in build_dist.THIRD_PARTY_NOTICES:
            self.assertEqual([], build_dist.licence_problems(name, self.licensed(name)), name)

    def test_a_missing_licence_a_foreign_notice_first_and_stray_licence_files_are_found(self):
        self.assertEqual(
            ["META-INF/LICENSE is missing or is not Pyrometer's LICENSE"],
            build_dist.licence_problems("listener", self.licensed("listener", {"META-INF/LICENSE": None})),
        )
        problems = build_dist.licence_problems(
            "listener", self.licensed("listener", {"META-INF/NOTICE": "Apache Avro\nCopyright ASF\n\nJackson JSON processor\n"})
        )
        self.assertIn(
            "META-INF/NOTICE does not begin with Pyrometer's ('Pyrometer\\nCopyright 2026 The Pyrometer authors')", problems
        )
        self.assertTrue(any(p.startswith("META-INF/NOTICE lacks 7 paragraphs") for p in problems), problems)
        self.assertEqual(
            ["licence files that are not the jar's own: LICENSE, META-INF/NOTICE.txt"],
            build_dist.licence_problems(
                "collector", self.licensed("collector", {"LICENSE": "Kafka's", "META-INF/NOTICE.txt": "Commons"})
            ),
        )
        self.assertEqual(
            ["no META-INF/licenses/ASM (INRIA)"],
            build_dist.licence_problems("agent", self.licensed("agent", {"META-INF/licenses/ASM": None})),
        )

    def test_the_built_jars_are_shaded_right(self):
        for name in jars.ARTIFACTS:
            if not jars.is_complete(name):
                self.skipTest("%s is not built" % name)
            self.assertEqual([], build_dist.shading_problems(name, jars.jar_path(name)), name)
            self.assertEqual([], build_dist.licence_problems(name, jars.jar_path(name)), name)


class CommandLineTest(unittest.TestCase):
    def run_cli(self, *args):
        return subprocess.run([PYROMETER] + list(args), capture_output=True, text=True, timeout=120)

    def test_every_subcommand_answers_help(self):
        for name in ("submit", "demo", "jar") + collector.COMMANDS:
            done = self.run_cli(name, "--help")
            self.assertEqual(0, done.returncode, "%s --help: %s" % (name, done.stderr))
            self.assertIn("usage", (done.stdout + done.stderr).lower(), name)

    def test_an_unknown_command_or_flag_is_one_clear_line(self):
        done = self.run_cli("frobnicate")
        self.assertEqual(2, done.returncode)
        self.assertEqual(["pyrometer: unknown command 'frobnicate' (pyrometer --help lists them)"], done.stderr.splitlines())
        done = self.run_cli("runs", "--no-such-flag")
        self.assertEqual(2, done.returncode, done.stderr)
        self.assertIn("--no-such-flag", done.stderr.splitlines()[0])

    def test_jar_prints_what_jar_path_returns_and_version_the_package_version(self):
        self.assertEqual(pyrometer.jar_path("agent", must_exist=False), self.run_cli("jar", "agent").stdout.strip())
        self.assertEqual("pyrometer " + pyrometer.__version__, self.run_cli("--version").stdout.strip())
        self.assertEqual(2, self.run_cli("jar", "plugin").returncode)


if __name__ == "__main__":
    unittest.main()

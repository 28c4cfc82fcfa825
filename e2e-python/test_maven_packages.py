# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The Maven coordinates as Spark users consume them: the listener and agent modules deployed
(`mvn deploy` into a file repository, exactly what would be uploaded to Maven Central: shaded jar,
sources, javadoc, dependency-reduced POM, parent POM; bin/test's deploy into target/staging-repo
when it holds the jars built now, else one of the test's own), those files copied into a local
repository under the plain SNAPSHOT names `mvn install` writes into ~/.m2 (which this shared
machine's tests must not touch), then `spark-submit --packages
dev.pyrometer:pyrometer-listener:<version>` resolving offline from that local repository alone
(an Ivy settings file naming only it), and the run arriving in a collector. Then the path for
managed platforms: the agent artifact alone from --packages with spark.plugins on local-cluster,
which instruments the driver and the executor's JVM with no file placed on any node.
"""

import filecmp
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
import unittest
import xml.etree.ElementTree as ElementTree

import demo_run

from pyrometer import demo, jars

ROOT = demo_run.ROOT
VERSION = jars.maven_version(ROOT)
# Where bin/test deploys the build (a directory, as a remote repository is laid out).
STAGED = os.path.join(ROOT, "target", "staging-repo")
POM_NS = "{http://maven.apache.org/POM/4.0.0}"

IVY_SETTINGS = """<ivysettings>
  <settings defaultResolver="staging"/>
  <resolvers>
    <ibiblio name="staging" m2compatible="true" usepoms="true" root="file://{repo}/"/>
  </resolvers>
</ivysettings>
"""

APP = textwrap.dedent('''
    import sys
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.appName("maven-packages").getOrCreate()
    # Flushed while the JVM lives: spark-submit copies the Python driver's output on a daemon
    # thread it never joins, so what a block-buffered stdout writes at exit can be lost.
    print("rows", spark.range(1000).selectExpr("sum(id)").first()[0], flush=True)
    spark.stop()
''')

# Python on the executor: its workers, the Python runner's bytes, and the application id for its logs.
APP_PYTHON = textwrap.dedent('''
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.appName("maven-packages-plugin").getOrCreate()
    sc = spark.sparkContext
    print("app", sc.applicationId, flush=True)

    def squares(rows):
        import time
        time.sleep(1.5)  # the worker lives through a sample or two of the executor's process tree
        return [sum(i * i for i in rows)]

    print("squares", sc.parallelize(range(1000), 2).mapPartitions(squares).sum(), flush=True)
    spark.stop()
''')


def staged_repo_is_current(repo):
    """bin/test deploys into target/staging-repo after its tests: reuse it when it holds the listener and
    agent jars the build has now (not those of an earlier build)."""
    for artifact_id, module in (("pyrometer-listener", "listener"), ("pyrometer-agent", "jvm-agent")):
        folder = os.path.join(repo, "dev", "pyrometer", artifact_id, VERSION)
        deployed = sorted(j for j in glob.glob(os.path.join(folder, "*.jar")) if not j.endswith(("-sources.jar", "-javadoc.jar")))
        built = os.path.join(ROOT, module, "target", "%s-%s.jar" % (artifact_id, VERSION))
        if not deployed or not os.path.isfile(built) or not filecmp.cmp(deployed[-1], built, shallow=False):
            return False
    return True


class MavenPackagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pyrometer-maven-")
        cls.repo = STAGED
        cls.log_path = os.path.join(cls.dir, "log.txt")
        if not staged_repo_is_current(STAGED):
            # Run alone (not after bin/test's build): deploy the two artifacts and their parent here.
            cls.repo = os.path.join(cls.dir, "repo")
            with open(cls.log_path, "w") as log:
                subprocess.run(
                    [
                        "mvn",
                        "-B",
                        "-ntp",
                        "-q",
                        "-pl",
                        "listener,jvm-agent",
                        "-am",
                        "-DskipTests",
                        "deploy",
                        "-DaltDeploymentRepository=staging::default::file://" + cls.repo,
                    ],
                    cwd=ROOT,
                    check=True,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    timeout=900,
                )
        # Ivy reads a local repository's SNAPSHOT by its plain name (as mvn install writes it), not the
        # timestamped names a remote one holds: the newest deployed files, copied under those names.
        cls.local = os.path.join(cls.dir, "local-repo")
        for artifact_id in ("pyrometer-parent", "pyrometer-listener", "pyrometer-agent"):
            pom = sorted(glob.glob(os.path.join(cls.repo, "dev", "pyrometer", artifact_id, VERSION, "*.pom")))[-1]
            target = os.path.join(cls.local, "dev", "pyrometer", artifact_id, VERSION)
            os.makedirs(target)
            plain = os.path.join(target, "%s-%s" % (artifact_id, VERSION))
            for suffix in (".pom", ".jar", "-sources.jar", "-javadoc.jar"):
                if os.path.isfile(pom[: -len(".pom")] + suffix):
                    shutil.copyfile(pom[: -len(".pom")] + suffix, plain + suffix)

    def artifact_dir(self, artifact_id):
        return os.path.join(self.repo, "dev", "pyrometer", artifact_id, VERSION)

    def pom(self, artifact_id):
        poms = sorted(glob.glob(os.path.join(self.artifact_dir(artifact_id), "*.pom")))
        self.assertTrue(poms, "no POM for " + artifact_id)
        return ElementTree.parse(poms[-1]).getroot()

    def test_listener_and_agent_are_published_with_sources_javadoc_and_no_dependencies(self):
        for artifact_id in ("pyrometer-listener", "pyrometer-agent"):
            files = os.listdir(self.artifact_dir(artifact_id))
            kinds = {
                "jar": [f for f in files if f.endswith(".jar") and not f.endswith(("-sources.jar", "-javadoc.jar"))],
                "sources": [f for f in files if f.endswith("-sources.jar")],
                "javadoc": [f for f in files if f.endswith("-javadoc.jar")],
                "pom": [f for f in files if f.endswith(".pom")],
            }
            for kind, found in kinds.items():
                self.assertTrue(found, "%s: no %s in %s" % (artifact_id, kind, files))
            pom = self.pom(artifact_id)
            deps = pom.find(POM_NS + "dependencies")
            shipped = [
                d.findtext(POM_NS + "artifactId")
                for d in (deps if deps is not None else [])
                if d.findtext(POM_NS + "scope") not in ("provided", "test")
            ]
            self.assertEqual([], shipped, artifact_id + ": everything is shaded in, so the POM requires nothing")
            self.assertTrue(pom.findtext(POM_NS + "name") and pom.findtext(POM_NS + "description"), artifact_id)

    def test_the_parent_pom_carries_licence_scm_and_developers(self):
        parent = self.pom("pyrometer-parent")
        self.assertEqual(
            "Apache License, Version 2.0", parent.find(POM_NS + "licenses/" + POM_NS + "license").findtext(POM_NS + "name")
        )
        self.assertTrue(parent.findtext(POM_NS + "scm/" + POM_NS + "url", "").startswith("https://"))
        self.assertIsNotNone(parent.find(POM_NS + "developers/" + POM_NS + "developer"))
        self.assertTrue(parent.findtext(POM_NS + "url", "").startswith("https://"))

    def submit(self, name, app_text, master, packages, confs=()):
        """spark-submit APP with --packages resolved offline from the local repository alone, into a
        collector of its own: (spark-submit's output, the Ivy jar cache, the stored run's timeline).
        The local-cluster executors' logs are moved to DIR/NAME/work."""
        work = os.path.join(self.dir, name)
        os.makedirs(work)
        settings = os.path.join(work, "ivysettings.xml")
        with open(settings, "w") as f:
            f.write(IVY_SETTINGS.format(repo=self.local))
        app = os.path.join(work, "app.py")
        with open(app, "w") as f:
            f.write(app_text)
        store = os.path.join(work, "runs.duckdb")
        ivy = os.path.join(work, "ivy")
        collector = demo.Collector(work, store)
        try:
            bootstrap = collector.wait_ready(180)
            home = demo_run.pyspark_home()
            env = dict(
                os.environ, SPARK_HOME=home, PYSPARK_PYTHON=demo_run.VENV_PYTHON, PYSPARK_DRIVER_PYTHON=demo_run.VENV_PYTHON
            )
            command = [os.path.join(home, "bin", "spark-submit"), "--master", master, "--packages", ",".join(packages)]
            for key, value in [
                ("spark.jars.ivySettings", settings),
                ("spark.jars.ivy", ivy),
                ("spark.extraListeners", "dev.pyrometer.listener.PyrometerListener"),
                ("spark.pyrometer.bootstrap.servers", bootstrap),
                ("spark.pyrometer.topic", demo.TOPIC),
                ("spark.pyrometer.series", name),
            ] + list(confs):
                command += ["--conf", "%s=%s" % (key, value)]
            with open(os.path.join(work, "spark-submit.log"), "w") as log:
                done = subprocess.run(command + [app], env=env, stdout=log, stderr=subprocess.STDOUT, timeout=600)
            with open(log.name) as f:
                output = f.read()
            self.assertEqual(0, done.returncode, output[-3000:])
            app_id = re.search(r"^app (\S+)$", output, re.M)
            if app_id:
                demo.move_executor_logs(home, app_id.group(1), os.path.join(work, "work"))
            self.assertEqual(0, collector.wait_done(180), collector.log_path)
        finally:
            if collector.proc.poll() is None:
                collector.proc.terminate()
                collector.proc.wait(30)
        runs = json.loads(demo.collector_output("runs", "--store", store, "--json"))
        mine = [r for r in runs if name in json.dumps(r)]
        self.assertEqual(1, len(mine), runs)
        timeline = json.loads(demo.collector_output("export", "--store", store, "--format", "json", mine[0]["runId"]))
        self.assertTrue(timeline["app"]["endSeen"])
        return output, os.path.join(ivy, "jars"), timeline

    def test_spark_submit_packages_resolves_the_listener_offline_and_the_run_arrives(self):
        output, cache, timeline = self.submit("maven-packages", APP, "local[1]", ["dev.pyrometer:pyrometer-listener:" + VERSION])
        self.assertIn("rows 499500", output)
        self.assertIn("dev.pyrometer#pyrometer-listener;" + VERSION, output, "resolved through Ivy")
        cached = glob.glob(os.path.join(cache, "dev.pyrometer_pyrometer-listener-*.jar"))
        self.assertEqual(1, len(cached), "only the listener jar was fetched: %s" % os.listdir(cache))
        self.assertTrue(timeline["jobs"])

    def test_packages_and_spark_plugins_instrument_every_jvm_with_no_file_on_any_node(self):
        """The managed-platform path: the agent artifact (it carries the listener) from --packages and
        spark.plugins, no -javaagent and no jar placed by hand; an executor in a JVM of its own."""
        output, cache, timeline = self.submit(
            "maven-packages-plugin",
            APP_PYTHON,
            "local-cluster[1,1,1024]",
            ["dev.pyrometer:pyrometer-agent:" + VERSION],
            [
                ("spark.plugins", "dev.pyrometer.plugin.PyrometerPlugin"),
                # The classes the executor loads, on its stdout: what the test below says it must not.
                ("spark.executor.extraJavaOptions", "-verbose:class"),
            ],
        )
        self.assertIn("squares %d" % sum(i * i for i in range(1000)), output)
        self.assertIn("dev.pyrometer#pyrometer-agent;" + VERSION, output, "resolved through Ivy")
        cached = glob.glob(os.path.join(cache, "dev.pyrometer_pyrometer-agent-*.jar"))
        self.assertEqual(1, len(cached), "only the agent jar was fetched: %s" % os.listdir(cache))
        executor_logs = ""
        for path in glob.glob(os.path.join(self.dir, "maven-packages-plugin", "work", "**", "stderr"), recursive=True):
            with open(path, errors="replace") as f:
                executor_logs += f.read()
        started = [ln for ln in (output + executor_logs).splitlines() if "[pyrometer] INFO agent started" in ln]
        self.assertEqual(1, sum("role DRIVER" in ln for ln in started), started)
        self.assertEqual(1, sum("role EXECUTOR" in ln for ln in started), started)
        # One source per JVM (the driver's listener and agent share one emitter), nothing lost.
        sources = timeline["loss"]["sources"]
        self.assertEqual(["0", "driver"], sorted(s["executorId"] for s in sources))
        for s in sources:
            self.assertEqual("final report received", s["verdict"], s)
            self.assertEqual({}, s["suppressed"], s)
        self.assertEqual({"driver", "0"}, {j["executorId"] for j in timeline["jvmSamples"]})
        # What needs the attach: Py4J calls on the driver, the Python runner's bytes and the worker on
        # the executor.
        self.assertTrue([p for p in timeline["py4jStats"] if p["executorId"] == "driver"])
        to_python = [
            s
            for s in timeline["serializerStats"]
            if s["serializer"] == "python-runner" and s["operation"] == "to-python" and s["executorId"] == "0"
        ]
        self.assertEqual(2, len({s["taskId"] for s in to_python if s["bytes"] > 0}), to_python)
        workers = [p for p in timeline["processes"] if p["executorId"] == "0" and p["kind"] == "PYTHON_WORKER"]
        self.assertTrue(workers and all(w["peakRssBytes"] > 0 for w in workers), timeline["processes"])
        # An executor loads only what it uses: the jar carries the listener, but the listener runs on the
        # driver; and no executor serves a Py4J command, so it builds no Py4J recorder.
        loaded = set()
        for path in glob.glob(os.path.join(self.dir, "maven-packages-plugin", "work", "**", "stdout"), recursive=True):
            with open(path, errors="replace") as f:
                loaded |= set(re.findall(r"\[class,load *\] (dev\.pyrometer\.\S+)", f.read()))
        self.assertIn("dev.pyrometer.plugin.PyrometerPlugin", loaded, "the executor's -verbose:class output")
        self.assertEqual([], sorted(c for c in loaded if c.startswith("dev.pyrometer.listener.")))
        self.assertNotIn("dev.pyrometer.agent.py4j.Py4jRecorder", loaded)


if __name__ == "__main__":
    unittest.main()

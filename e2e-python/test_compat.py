# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""bin/compat's own parts, without running Spark: the per-test outcome recorder, the table, the
README rewrite between the markers, and bin/setup-python's argument checks."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

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
        done = subprocess.run([sys.executable, compat.__file__, "--tests", results, "fake_suite"], cwd=work,
                              env=dict(os.environ, PYTHONPATH=work), capture_output=True, text=True)
        self.assertEqual(1, done.returncode, done.stderr)
        with open(results) as f:
            outcomes = json.load(f)
        self.assertEqual({
            "fake_suite.Broken.test_a": ["error", "setUpClass: RuntimeError: no broker | at all"],
            "fake_suite.Broken.test_b": ["error", "setUpClass: RuntimeError: no broker | at all"],
            "fake_suite.Mixed.test_ok": ["pass", ""],
            "fake_suite.Mixed.test_bad": ["fail", "AssertionError: 1 != 2 : first line"],
            "fake_suite.Mixed.test_skipped": ["skip", "not here"],
        }, outcomes)


class TableTest(unittest.TestCase):

    @staticmethod
    def run_(version, tests, **extra):
        run = {"pyspark": version, "spark": version, "scala": "2.13.18", "java": "17.0.15", "tests": tests,
               "seconds": 754.4, "load": 3.25, "date": "2026-11-21 04:00"}
        run.update(extra)
        return run

    def test_one_column_per_version_and_one_footnote_per_distinct_reason(self):
        why = "setUpClass: RuntimeError: a | b"
        text = compat.table([
            self.run_("3.5.9", {"m.C.test_a": ["pass", ""], "m.C.test_b": ["pass", ""]}),
            self.run_("4.3.0", {"m.C.test_a": ["error", why], "m.C.test_b": ["error", why]}),
        ], "0123456789ab", "bin/compat")
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
        text = compat.table([
            self.run_("3.5.9", {"m.C.test_a": ["pass", ""]}),
            self.run_("4.3.0", {}, error="the suite did not report (exit 1)"),
        ], "x", "bin/compat")
        self.assertIn("| `C.test_a` | pass | missing [1] |", text.splitlines())
        self.assertIn("[1] PySpark 4.3.0: the suite did not report (exit 1)", text)


class ReadmeTest(unittest.TestCase):

    def test_only_the_text_between_the_markers_is_replaced(self):
        path = os.path.join(tempfile.mkdtemp(prefix="pyrometer-compat-readme-"), "README.md")
        with open(path, "w") as f:
            f.write("before\n%s\nold table\n%s\nafter\n" % (compat.BEGIN, compat.END))
        old, compat.README = compat.README, path
        try:
            compat.write_readme("new table")
            compat.write_readme("newer table")
        finally:
            compat.README = old
        with open(path) as f:
            self.assertEqual("before\n%s\nnewer table\n%s\nafter\n" % (compat.BEGIN, compat.END), f.read())

    def test_a_readme_without_markers_is_an_error(self):
        path = os.path.join(tempfile.mkdtemp(prefix="pyrometer-compat-readme-"), "README.md")
        with open(path, "w") as f:
            f.write("no markers\n")
        old, compat.README = compat.README, path
        try:
            with self.assertRaisesRegex(RuntimeError, "compat:begin"):
                compat.write_readme("table")
        finally:
            compat.README = old


class SetupPythonTest(unittest.TestCase):
    SCRIPT = os.path.join(compat.ROOT, "bin", "setup-python")

    def test_a_version_that_is_not_a_release_is_refused(self):
        done = subprocess.run([self.SCRIPT, "4.x"], capture_output=True, text=True)
        self.assertEqual(2, done.returncode)
        self.assertIn("VERSION must be a release like 3.5.9", done.stderr)

    def test_an_environment_without_pyspark_is_refused(self):
        empty = tempfile.mkdtemp(prefix="pyrometer-no-venv-")
        done = subprocess.run([self.SCRIPT], capture_output=True, text=True,
                              env=dict(os.environ, PYROMETER_VENV=empty))
        self.assertEqual(2, done.returncode)
        self.assertIn("holds no PySpark", done.stderr)


if __name__ == "__main__":
    unittest.main()

# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""One short round of the agent's fixed-cost harness (bench/macro/agent_cost.py): the tiny-JVM and
class-load scenarios still run and report. A smoke test only: nothing here judges a number (the
numbers live in BENCHMARKS.md, measured on a quiet machine)."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from pyrometer import jars

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARNESS = os.path.join(ROOT, "bench", "macro", "agent_cost.py")


class AgentCostSmokeTest(unittest.TestCase):
    def test_tiny_and_class_load_scenarios_run_and_report_every_jvm(self):
        agent = jars.jar_path("agent", must_exist=False)
        self.assertTrue(os.path.isfile(agent), "build the agent first (mvn package): " + agent)
        out = os.path.join(tempfile.mkdtemp(prefix="pyrometer-bench-smoke-"), "cost.json")
        run = subprocess.run(
            [
                sys.executable,
                HARNESS,
                "--scenarios",
                "tiny,classload3p",
                "--configs",
                "none,agent",
                "--rounds",
                "1",
                "--sleep",
                "3",
                "--agent-jar",
                agent,
                "--json",
                out,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
        )
        self.assertEqual(0, run.returncode, run.stdout[-3000:])
        with open(out) as f:
            results = json.load(f)
        for scenario in ("tiny", "classload3p"):
            for config in ("none", "agent"):
                (r,) = results[scenario][config]
                self.assertEqual(0, r["rc"], "%s/%s: %s" % (scenario, config, run.stdout[-2000:]))
                self.assertGreater(r["jvms"]["jvm"]["total"], 0, "%s/%s saw no JVM CPU" % (scenario, config))
        self.assertIn("agent started in", results["tiny"]["agent"][0]["started"])
        self.assertRegex(results["classload3p"]["agent"][0]["started"], r"classes loaded [1-9]\d{3,}, not loadable \d+")
        self.assertIn("### classload3p: medians of 1 rounds", run.stdout)


if __name__ == "__main__":
    unittest.main()

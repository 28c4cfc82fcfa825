# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The demo through the whole chain: `pyrometer demo` (collector with embedded Kafka, the app
through `pyrometer submit` on local-cluster[2,1,1024], the report), then the tour's assertions
(tour_checks.py) on the stored timeline (`pyrometer export RUN --format json`) against the app's
own results and Spark's REST API.

PYROMETER_E2E_NO_AGENT=1 runs the listener alone: the agent's assertions are then skipped.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tour_checks  # noqa: E402

NO_AGENT = os.environ.get("PYROMETER_E2E_NO_AGENT") == "1"


class StoredTimelineTest(tour_checks.TourChecks, unittest.TestCase):
    agent = not NO_AGENT

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pyrometer-e2e-tour-")
        rest_path = os.path.join(cls.dir, "rest.json")
        command = [tour_checks.PYROMETER, "demo", "--dir", os.path.join(cls.dir, "tour"), "--no-build"]
        if NO_AGENT:
            command.append("--no-agent")
        command += ["--", "--rest-snapshot", rest_path]
        with open(os.path.join(cls.dir, "tour.log"), "w") as log:
            cls.exit_code = subprocess.run(
                command, cwd=tour_checks.ROOT, stdout=log, stderr=subprocess.STDOUT, timeout=900
            ).returncode
        print("\ntour: exit %d (logs %s)" % (cls.exit_code, cls.dir), file=sys.stderr)
        tour = os.path.join(cls.dir, "tour")
        with open(os.path.join(tour, "app-result.json")) as f:
            cls.result = json.load(f)
        with open(rest_path) as f:
            cls.rest = json.load(f)
        cls.store, cls.run_id, cls.timeline = tour_checks.stored_run(tour, cls.result["application_id"])


if __name__ == "__main__":
    unittest.main()

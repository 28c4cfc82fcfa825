# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""spark_rest's reading of Spark's REST API, against a small local server that answers like Spark."""

import http.server
import json
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyrometer import spark_rest  # noqa: E402

APP = "app-1"
STAGES = [
    {
        "stageId": 0,
        "attemptId": 0,
        "status": "COMPLETE",
        "name": "ok",
        "numTasks": 2,
        "numCompleteTasks": 2,
        "numFailedTasks": 0,
        "numKilledTasks": 0,
        "numActiveTasks": 0,
    },
    # The failing UDF's stage: its one good task was killed before it finished.
    {
        "stageId": 1,
        "attemptId": 0,
        "status": "FAILED",
        "name": "udf",
        "numTasks": 2,
        "numCompleteTasks": 0,
        "numFailedTasks": 4,
        "numKilledTasks": 1,
        "numActiveTasks": 0,
    },
]


class FakeSpark(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        api = "%s/%s" % (spark_rest.API, APP)
        routes = {
            api + "/jobs": [],
            api + "/stages": STAGES,
            api + "/allexecutors": [],
            api + "/stages/0/0/taskSummary?quantiles=0.5,1.0": {"duration": [100.0, 900.0]},
        }
        # Like Spark: no summary for a stage attempt without a completed task.
        body = routes.get(self.path)
        if body is None:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class SnapshotTest(unittest.TestCase):
    def setUp(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeSpark)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def test_a_stage_without_completed_tasks_has_no_durations_and_the_snapshot_settles(self):
        snap = spark_rest.settled_snapshot(self.url, APP, timeout=5)
        self.assertNotIn("unsettled", snap)
        by_id = {s["stageId"]: s for s in snap["stages"]}
        self.assertEqual((100, 900), (by_id[0]["taskDurationMedianMs"], by_id[0]["taskDurationMaxMs"]))
        self.assertEqual((0, 0), (by_id[1]["taskDurationMedianMs"], by_id[1]["taskDurationMaxMs"]))
        self.assertEqual(2 + 4 + 1, snap["totals"]["taskAttempts"])


if __name__ == "__main__":
    unittest.main()

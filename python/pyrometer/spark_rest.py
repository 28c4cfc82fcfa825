# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Job, stage and task counts of one application, as Spark's own REST API reports them.

The end-to-end tests compare Pyrometer's stored timeline with these numbers. The demo application
takes the snapshot itself just before spark.stop() (demo/app.py --rest-snapshot PATH), from its
own UI: no event log and no history server are needed, and the numbers are final because the
application has no more work to do.

The UI's status store is fed asynchronously by Spark's listener bus, so right after the last job
returns it may lag by a few events: settled_snapshot() polls until nothing is active and two
consecutive snapshots agree.

Also usable from the command line, against a running application:
    python -m pyrometer.spark_rest http://127.0.0.1:4040 [APP_ID]
"""

import json
import sys
import time
import urllib.request

API = "/api/v1/applications"


def get_json(base_url, path, timeout=30.0):
    with urllib.request.urlopen(base_url.rstrip("/") + path, timeout=timeout) as response:
        return json.load(response)


def application_id(base_url):
    apps = get_json(base_url, API)
    if not apps:
        raise RuntimeError("no application at " + base_url)
    return apps[0]["id"]


def snapshot(base_url, app_id):
    """One reading of the REST API, reduced to counts plus per-job and per-stage rows."""
    jobs = get_json(base_url, "%s/%s/jobs" % (API, app_id))
    stages = get_json(base_url, "%s/%s/stages" % (API, app_id))
    executors = get_json(base_url, "%s/%s/allexecutors" % (API, app_id))

    job_rows = sorted(
        (
            {
                "jobId": j["jobId"],
                "status": j["status"],
                "name": j.get("name"),
                "description": j.get("description"),
                "jobGroup": j.get("jobGroup"),
                "stageIds": sorted(j.get("stageIds", [])),
                "numTasks": j["numTasks"],
                "numCompletedTasks": j["numCompletedTasks"],
                "numFailedTasks": j["numFailedTasks"],
                "numKilledTasks": j["numKilledTasks"],
                "numSkippedTasks": j["numSkippedTasks"],
                "numActiveTasks": j["numActiveTasks"],
            }
            for j in jobs
        ),
        key=lambda r: r["jobId"],
    )
    stage_rows = sorted(
        (
            {
                "stageId": s["stageId"],
                "attemptId": s["attemptId"],
                "status": s["status"],
                "name": s.get("name"),
                "numTasks": s["numTasks"],
                "numCompleteTasks": s["numCompleteTasks"],
                "numFailedTasks": s["numFailedTasks"],
                "numKilledTasks": s["numKilledTasks"],
                "numActiveTasks": s["numActiveTasks"],
            }
            for s in stages
        ),
        key=lambda r: (r["stageId"], r["attemptId"]),
    )

    launched = [s for s in stage_rows if s["status"] != "SKIPPED"]
    for s in launched:
        if s["numCompleteTasks"] == 0:
            # Spark answers 404 for the summary of a stage attempt no task completed (the failing
            # UDF's stage when its other task was killed before it finished, on a loaded machine).
            s.update(taskDurationMedianMs=0, taskDurationMaxMs=0)
        else:
            s.update(task_durations(base_url, app_id, s["stageId"], s["attemptId"]))
    return {
        "applicationId": app_id,
        "jobs": job_rows,
        "stages": stage_rows,
        "executors": sorted(
            (
                {
                    "id": e["id"],
                    "hostPort": e.get("hostPort"),
                    "totalTasks": e.get("totalTasks", 0),
                    "failedTasks": e.get("failedTasks", 0),
                    "completedTasks": e.get("completedTasks", 0),
                }
                for e in executors
            ),
            key=lambda r: r["id"],
        ),
        "totals": {
            "jobs": len(job_rows),
            "jobsSucceeded": sum(1 for j in job_rows if j["status"] == "SUCCEEDED"),
            "jobsFailed": sum(1 for j in job_rows if j["status"] == "FAILED"),
            # Stage attempts that ran; SKIPPED ones (shuffle output reused) launch no task.
            "stageAttempts": len(launched),
            "stagesSkipped": len(stage_rows) - len(launched),
            "stagesFailed": sum(1 for s in stage_rows if s["status"] == "FAILED"),
            # Every task attempt ends complete, failed or killed.
            "taskAttempts": sum(s["numCompleteTasks"] + s["numFailedTasks"] + s["numKilledTasks"] for s in launched),
            "tasksFailed": sum(s["numFailedTasks"] for s in launched),
            "tasksKilled": sum(s["numKilledTasks"] for s in launched),
        },
    }


def task_durations(base_url, app_id, stage_id, attempt_id):
    """Median and longest successful task of a stage attempt: a skewed stage shows max >> median."""
    summary = get_json(base_url, "%s/%s/stages/%d/%d/taskSummary?quantiles=0.5,1.0" % (API, app_id, stage_id, attempt_id))
    durations = summary.get("duration") or [0, 0]
    return {"taskDurationMedianMs": int(durations[0]), "taskDurationMaxMs": int(durations[1])}


def is_quiet(snap):
    return all(j["status"] != "RUNNING" and j["numActiveTasks"] == 0 for j in snap["jobs"]) and all(
        s["status"] not in ("ACTIVE", "PENDING") and s["numActiveTasks"] == 0 for s in snap["stages"]
    )


def settled_snapshot(base_url, app_id, timeout=120.0, interval=0.25):
    """Polls until nothing is running and two readings in a row are equal, then returns it.

    A reading that fails (the UI answers slowly on a loaded machine) is retried until the
    deadline; then the last good reading is returned marked unsettled, or the error is raised.
    """
    deadline = time.monotonic() + timeout
    previous = None
    while True:
        try:
            current = snapshot(base_url, app_id)
        except OSError:
            if time.monotonic() > deadline:
                if previous is None:
                    raise
                previous["unsettled"] = True
                return previous
            time.sleep(interval)
            continue
        if previous is not None and current == previous and is_quiet(current):
            return current
        if time.monotonic() > deadline:
            current["unsettled"] = True
            return current
        previous = current
        time.sleep(interval)


if __name__ == "__main__":
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:4040"
    app = sys.argv[2] if len(sys.argv) > 2 else application_id(url)
    json.dump(snapshot(url, app), sys.stdout, indent=2, sort_keys=True)
    print()

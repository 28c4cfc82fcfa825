# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Runs demo/app.py under spark-submit (plain or through bin/pyrometer submit) and records what
happened: exit code, wall time, the app's results, Spark's REST snapshot, whether the REST API
answered while the app ran, and the process tree under spark-submit sampled from /proc.

Standard library only; Linux only (/proc).
"""

import functools
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

from pyrometer import procfs

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, "demo", "app.py")
# The Python environment with PySpark: .venv (bin/setup-python), or the one PYROMETER_VENV names
# (bin/compat runs the suite once per PySpark version, each in its own .venv-pyspark-VERSION).
VENV = os.path.abspath(os.environ.get("PYROMETER_VENV") or os.path.join(ROOT, ".venv"))
VENV_PYTHON = os.path.join(VENV, "bin", "python")
MASTER = "local-cluster[2,1,1024]"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pyspark_home():
    out = subprocess.run(
        [VENV_PYTHON, "-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


class ProcessInfo:
    """One process seen under spark-submit; rss_max_kb is the largest RSS any sample saw."""

    def __init__(self, pid, ppid, cmdline):
        self.pid = pid
        self.ppid = ppid
        self.cmdline = cmdline
        self.rss_max_kb = 0

    @property
    def kind(self):
        c = self.cmdline
        program = os.path.basename(c.split(" ", 1)[0])
        if program == "java":
            if "CoarseGrainedExecutorBackend" in c:
                return "executor-jvm"
            if "org.apache.spark.launcher.Main" in c:
                return "launcher-jvm"  # spark-class's short-lived command builder
            if "org.apache.spark.deploy.SparkSubmit" in c:
                return "driver-jvm"
            return "other"
        if not program.startswith("python"):
            # e.g. spark-class's short-lived bash subshell, whose command line also names the app
            return "other"
        if "pyspark.daemon" in c:
            return "python-daemon-or-worker"
        if APP in c:
            return "driver-python"
        return "other"

    def executor_id(self):
        parts = self.cmdline.split(" ")
        return parts[parts.index("--executor-id") + 1] if "--executor-id" in parts else None

    def to_dict(self):
        return {
            "pid": self.pid,
            "ppid": self.ppid,
            "kind": self.kind,
            "rss_max_kb": self.rss_max_kb,
            "cmdline": self.cmdline[:300],
        }


def read_proc(pid):
    """(ppid, command line, RSS KiB), or None when the process ended between listing and reading."""
    stat = procfs.stat(pid)
    if stat is None:
        return None
    return stat.ppid, procfs.cmdline(pid).strip(), procfs.rss_kb(pid)


class TreeSampler(threading.Thread):
    """Samples every descendant of one root pid until stopped; also polls Spark's REST API."""

    def __init__(self, root_pid, ui_url, interval=0.5):
        super().__init__(name="tree-sampler", daemon=True)
        self.root_pid = root_pid
        self.ui_url = ui_url
        self.interval = interval
        self.processes = {}
        self.rest_ok = 0
        self.rest_jobs_seen = 0
        self._stopped = threading.Event()

    def stop(self):
        self._stopped.set()
        self.join()

    def run(self):
        while not self._stopped.is_set():
            self.sample()
            self.poll_rest()
            self._stopped.wait(self.interval)

    def sample(self):
        table = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                info = read_proc(int(name))
                if info:
                    table[int(name)] = info
        inside = {self.root_pid}
        changed = True
        while changed:
            changed = False
            for pid, (ppid, _c, _r) in table.items():
                if ppid in inside and pid not in inside:
                    inside.add(pid)
                    changed = True
        for pid in inside:
            if pid not in table:
                continue
            ppid, cmdline, rss = table[pid]
            proc = self.processes.get(pid)
            if proc is None:
                proc = self.processes[pid] = ProcessInfo(pid, ppid, cmdline)
            # exec keeps the pid (bin/pyrometer -> spark-submit -> spark-class -> java): keep the
            # newest command line, but not the empty one an exited (zombie) process shows.
            if cmdline:
                proc.cmdline = cmdline
            proc.rss_max_kb = max(proc.rss_max_kb, rss)

    def poll_rest(self):
        try:
            with urllib.request.urlopen(self.ui_url + "/api/v1/applications", timeout=2) as r:
                apps = json.load(r)
            if apps:
                with urllib.request.urlopen("%s/api/v1/applications/%s/jobs" % (self.ui_url, apps[0]["id"]), timeout=2) as r:
                    self.rest_jobs_seen = max(self.rest_jobs_seen, len(json.load(r)))
                self.rest_ok += 1
        except (OSError, ValueError):
            pass  # the UI is not up yet, or already gone


class DemoRun:
    """Outcome of one demo run."""

    def __init__(self, exit_code, seconds, result, rest, processes, rest_ok, rest_jobs_seen, command, log_dir):
        self.exit_code = exit_code
        self.seconds = seconds
        self.result = result
        self.rest = rest
        self.processes = processes
        self.rest_ok = rest_ok
        self.rest_jobs_seen = rest_jobs_seen
        self.command = command
        self.log_dir = log_dir

    def of_kind(self, kind):
        # A JVM's child sampled between fork and exec (Java 17 spawns through jspawnhelper; an
        # executor, the app's Python) still shows the JVM's command line: it is not a second JVM.
        parent = {p.pid: p for p in self.processes}
        return [
            p
            for p in self.processes
            if p.kind == kind and not (kind.endswith("-jvm") and p.ppid in parent and parent[p.ppid].cmdline == p.cmdline)
        ]

    def driver_log(self):
        with open(os.path.join(self.log_dir, "stderr.log"), errors="replace") as f:
            return f.read()

    def executor_logs(self):
        """executor id -> that executor's stderr, from the local-cluster worker dir."""
        logs = {}
        work = os.path.join(self.log_dir, "work")
        for app in os.listdir(work) if os.path.isdir(work) else []:
            for executor in os.listdir(os.path.join(work, app)):
                path = os.path.join(work, app, executor, "stderr")
                if os.path.isfile(path):
                    with open(path, errors="replace") as f:
                        logs[executor] = f.read()
        return logs

    def deterministic_result(self):
        """The app's results without ids and timings: equal across runs of the same scale."""
        return dict(self.result.get("parts", {})) if self.result else None


def run_demo(prefix=(), app_args=(), driver_memory="1g", log_name="plain"):
    """Runs the demo; prefix is [] for plain spark-submit or e.g. [bin/pyrometer, submit, ...]."""
    log_dir = tempfile.mkdtemp(prefix="pyrometer-demo-%s-" % log_name)
    result_path = os.path.join(log_dir, "result.json")
    rest_path = os.path.join(log_dir, "rest.json")
    ui_port = free_port()
    home = pyspark_home()
    env = dict(os.environ, SPARK_HOME=home, PYSPARK_PYTHON=VENV_PYTHON, PYSPARK_DRIVER_PYTHON=VENV_PYTHON)
    spark_args = [
        "--master",
        MASTER,
        "--driver-memory",
        driver_memory,
        "--conf",
        "spark.ui.port=%d" % ui_port,
        "--conf",
        "spark.port.maxRetries=50",
        "--conf",
        "spark.executor.memory=1g",
    ]
    if prefix:
        command = list(prefix) + spark_args
    else:
        command = [os.path.join(home, "bin", "spark-submit")] + spark_args
    command += [APP, "--result-json", result_path, "--rest-snapshot", rest_path] + list(app_args)

    with open(os.path.join(log_dir, "stdout.log"), "w") as out, open(os.path.join(log_dir, "stderr.log"), "w") as err:
        started = time.monotonic()
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=ROOT)
        sampler = TreeSampler(proc.pid, "http://127.0.0.1:%d" % ui_port)
        sampler.start()
        try:
            exit_code = proc.wait(timeout=600)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            sampler.stop()
        seconds = time.monotonic() - started

    def load(path):
        if os.path.isfile(path):
            with open(path) as f:
                return json.load(f)
        return None

    result = load(result_path)
    if result:
        collect_executor_logs(home, result["application_id"], os.path.join(log_dir, "work"))
    run = DemoRun(
        exit_code,
        seconds,
        result,
        load(rest_path),
        sorted(sampler.processes.values(), key=lambda p: p.pid),
        sampler.rest_ok,
        sampler.rest_jobs_seen,
        command,
        log_dir,
    )
    with open(os.path.join(log_dir, "processes.json"), "w") as f:
        json.dump([p.to_dict() for p in run.processes], f, indent=2)
    return run


def collect_executor_logs(spark_home, app_id, target):
    """local-cluster workers write each executor's stdout/stderr under SPARK_HOME/work/<app id>
    (they ignore SPARK_WORKER_DIR): move them beside the run's other logs, so they neither pile up
    inside the PySpark package nor get mixed up between runs."""
    source = os.path.join(spark_home, "work", app_id)
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
        shutil.move(source, os.path.join(target, app_id))


@functools.lru_cache(maxsize=None)
def plain_run():
    """The plain baseline, run once per test process and shared by every test that needs it."""
    return run_demo()

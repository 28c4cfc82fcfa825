# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""`pyrometer demo`: the whole tour in one command.

1. in a checkout: creates .venv with PySpark (bin/setup-python) and builds the jars that are
   missing; from an installed package: uses its jars and the PySpark this Python imports;
2. starts the collector with its embedded Kafka broker (`pyrometer run --embedded-kafka
   --until-complete`) and waits for the broker's address;
3. runs the demo application (demo/app.py) through `pyrometer submit` on local-cluster[2,1,1024]:
   the listener on the driver, the agent on the driver and both executors;
4. waits until the collector has seen the run complete and exits, then writes the HTML report
   and prints the run's summary and the report's path.

Everything goes under --dir (default ./pyrometer-demo): store, broker data, logs, report.
Standard library only.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time

from . import collector as collector_cli
from . import jars, submit

# The emitter's default topic (schemas' EmitterConfig), named on both sides so the collector and
# the application always meet on the same topic whatever each side's own default is.
TOPIC = "pyrometer.events"
# bin/build-python copies demo/app.py here for the installed package.
PACKAGED_APP = os.path.join(jars.PACKAGE_DIR, "share", "demo_app.py")


def say(text):
    print("pyrometer demo: " + text, flush=True)


def app_path():
    root = jars.checkout_root()
    return os.path.join(root, "demo", "app.py") if root else PACKAGED_APP


def build_missing(names, allowed):
    missing = [n for n in names if not jars.is_complete(n)]
    if not missing:
        return
    root = jars.checkout_root()
    if not root or not allowed:
        raise RuntimeError(
            "missing or incomplete jars: %s" % ", ".join(jars.jar_path(n, must_exist=False) for n in missing)
            + (" (and --no-build given)" if root else " (reinstall the pyrometer package)")
        )
    modules = [jars.ARTIFACTS[n].module for n in missing]
    say("building " + ", ".join(modules) + " (first run only)")
    # -am builds what they depend on (schemas) in the same reactor; tests are for CI, not the demo.
    subprocess.run(["mvn", "-B", "-ntp", "-q", "-DskipTests", "-pl", ",".join(modules), "-am", "package"], cwd=root, check=True)


class Collector:
    """The collector child process: `run --embedded-kafka --until-complete`."""

    def __init__(self, work_dir, store):
        self.log_path = os.path.join(work_dir, "collector.log")
        self.bootstrap = None
        self._ready = threading.Event()
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            collector_cli.command(
                "run",
                [
                    "--embedded-kafka",
                    "--embedded-kafka-port",
                    "0",
                    "--embedded-kafka-dir",
                    os.path.join(work_dir, "kafka"),
                    "--store",
                    store,
                    "--topic",
                    TOPIC,
                    "--until-complete",
                    "--progress-every",
                    "10s",
                ],
            ),
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            cwd=work_dir,
        )
        threading.Thread(target=self._read, name="collector-stdout", daemon=True).start()

    def _read(self):
        prefix = "embedded Kafka broker at "
        for line in self.proc.stdout:
            self._log.write(line)
            self._log.flush()
            if line.startswith(prefix):
                self.bootstrap = line[len(prefix) :].strip()
                self._ready.set()
        self._ready.set()  # exited without a broker: wait_ready reports it
        # Its stdout ended with the collector; the child keeps its own descriptor of the log for stderr.
        self.proc.stdout.close()
        self._log.close()

    def wait_ready(self, timeout):
        self._ready.wait(timeout)
        if not self.bootstrap:
            raise RuntimeError("the collector did not start its broker (see %s)" % self.log_path)
        return self.bootstrap

    def wait_done(self, timeout):
        """Waits for the collector to exit by itself; returns its exit code, or None when it had
        to be stopped (SIGTERM: its shutdown hook stores the open runs and closes the store)."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            self.proc.wait(30)
            return None


def move_executor_logs(spark_home, app_id, target):
    """local-cluster workers write executor logs under SPARK_HOME/work/<app id> (they ignore
    SPARK_WORKER_DIR): move them to DIR/work so they do not pile up inside the PySpark package."""
    if not spark_home or not app_id:
        return  # another Spark ($SPARK_SUBMIT): its work directory is its own business
    source = os.path.join(spark_home, "work", app_id)
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
        shutil.move(source, os.path.join(target, app_id))


def collector_output(*args):
    done = subprocess.run(collector_cli.command(args[0], args[1:]), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("pyrometer %s failed: %s" % (" ".join(args), done.stderr.strip()))
    return done.stdout


def find_run(store, app_id):
    runs = json.loads(collector_output("runs", "--store", store, "--json"))
    for run in runs:
        if app_id and app_id in json.dumps(run):
            return run.get("runId") or run.get("id")
    return (runs[-1].get("runId") or runs[-1].get("id")) if runs else None


def tour(argv):
    p = argparse.ArgumentParser(prog="pyrometer demo", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--dir",
        default=os.path.join(os.getcwd(), "pyrometer-demo"),
        help="where the store, logs and report go (default ./pyrometer-demo; emptied first)",
    )
    p.add_argument("--no-agent", action="store_true", help="listener only")
    p.add_argument(
        "--plugin", action="store_true", help="the agent as a Spark plugin (--jars and spark.plugins) instead of -javaagent"
    )
    p.add_argument("--no-build", action="store_true", help="fail instead of building missing jars")
    p.add_argument("--timeout", type=float, default=300, help="seconds to wait for the collector to finish")
    p.add_argument("app_args", nargs=argparse.REMAINDER, help="passed to the demo application (after --)")
    args = p.parse_args(argv)
    app_args = args.app_args[1:] if args.app_args[:1] == ["--"] else args.app_args

    started = time.monotonic()
    work = os.path.abspath(args.dir)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    store = os.path.join(work, "pyrometer.duckdb")
    root = jars.checkout_root()
    if root and not os.environ.get("SPARK_SUBMIT"):
        subprocess.run([os.path.join(root, "bin", "setup-python")], check=True)
    build_missing(["listener", "collector"] + ([] if args.no_agent else ["agent"]), not args.no_build)

    collector = Collector(work, store)
    try:
        bootstrap = collector.wait_ready(120)
        say("collector up, embedded Kafka at " + bootstrap)
        result_path = os.path.join(work, "app-result.json")
        submit_args = ["--bootstrap", bootstrap, "--topic", TOPIC, "--series", "demo"]
        if args.no_agent:
            submit_args.append("--no-agent")
        if args.plugin:
            submit_args.append("--plugin")
        submit_args += [
            "--master",
            "local-cluster[2,1,1024]",
            "--driver-memory",
            "1g",
            app_path(),
            "--result-json",
            result_path,
        ] + app_args
        try:
            _opts, command, env = submit.build(submit_args, os.environ)
        except submit.UsageError as e:
            raise RuntimeError(str(e)) from None
        spark_home = None if os.environ.get("SPARK_SUBMIT") else env.get("SPARK_HOME")
        with open(os.path.join(work, "spark-submit.log"), "w") as log:
            say("running the PySpark demo (log: %s)" % log.name)
            log.write("pyrometer: %s\n" % " ".join(command))
            log.flush()
            app_exit = subprocess.run(command, env=env, cwd=work, stdout=sys.stdout, stderr=log).returncode
        say("application exited with %d; waiting for the collector to complete the run" % app_exit)
        collector_exit = collector.wait_done(args.timeout)
    finally:
        if collector.proc.poll() is None:
            collector.proc.terminate()
            collector.proc.wait(30)
    if collector_exit is None:
        say("the collector did not see the run complete within %.0f s: stopped it; the report shows what arrived" % args.timeout)
    elif collector_exit != 0:
        raise RuntimeError("the collector exited with %d (see %s)" % (collector_exit, collector.log_path))

    app_id = None
    if os.path.isfile(result_path):
        with open(result_path) as f:
            app_id = json.load(f).get("application_id")
        move_executor_logs(spark_home, app_id, os.path.join(work, "work"))
    run_id = find_run(store, app_id)
    if not run_id:
        raise RuntimeError("no run in the store (see %s)" % collector.log_path)
    report = os.path.join(work, "report.html")
    collector_output("report", "--store", store, run_id, "-o", report)
    print(collector_output("show", "--store", store, run_id), end="")
    say("run %s, report %s (%.0f s in all)" % (run_id, report, time.monotonic() - started))
    return app_exit


def main(argv):
    try:
        return tour(argv)
    except (RuntimeError, jars.JarMissing, subprocess.CalledProcessError) as e:
        say("failed: %s" % e)
        return 1

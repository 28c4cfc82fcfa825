# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""A Python loop of Py4J calls with and without the agent, side by side.

    .venv/bin/python bench/macro/py4j_loop.py [--rounds 5] [--calls 100000] [--agent-jar JAR]

Each round starts a fresh PySpark driver (local[1]) twice, without and with the agent
(-javaagent from jvm-agent/target, sending to the collector's embedded broker), alternating
which goes first, and times only the loop: --calls calls of ArrayList.size() on one JVM object
through PySpark's own Py4J gateway (pinned-thread ClientServer), after a warm-up. Prints each
round, then the median microseconds per call and the ratio agent/none (goal <= 1.03).
Standard library only; the children use the PySpark of .venv.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import side_by_side  # noqa: E402  (same directory: collector start-up and the Spark environment)

from pyrometer import jars  # noqa: E402

ROOT = side_by_side.ROOT
AGENT_JAR = jars.jar_path("agent", must_exist=False)

CHILD = r"""
import sys, time
from pyspark.sql import SparkSession
calls, warmup, java_opts = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
b = SparkSession.builder.master("local[1]").appName("py4j-loop").config("spark.ui.enabled", "false")
if java_opts:
    b = b.config("spark.driver.extraJavaOptions", java_opts)
spark = b.getOrCreate()
obj = spark._jvm.java.util.ArrayList()
for _ in range(warmup):
    obj.size()
t0 = time.perf_counter()
for _ in range(calls):
    obj.size()
elapsed = time.perf_counter() - t0
print("LOOP %.6f" % elapsed, flush=True)
spark.stop()
"""


def run(calls, warmup, java_opts, env, log):
    with open(log, "w") as out:
        proc = subprocess.run(
            [side_by_side.VENV_PY, "-c", CHILD, str(calls), str(warmup), java_opts],
            env=env,
            stdout=subprocess.PIPE,
            stderr=out,
            text=True,
        )
    for line in proc.stdout.splitlines():
        if line.startswith("LOOP "):
            return float(line.split()[1])
    raise SystemExit("loop run failed (exit %d), see %s" % (proc.returncode, log))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--warmup", type=int, default=10_000)
    ap.add_argument("--agent-jar", default=AGENT_JAR, help="default: the build's, " + AGENT_JAR)
    args = ap.parse_args()
    if not os.path.exists(args.agent_jar):
        raise SystemExit(args.agent_jar + " is missing: mvn -B -ntp -pl jvm-agent -am package -DskipTests")
    work = tempfile.mkdtemp(prefix="pyrometer-py4j-loop-")
    env = side_by_side.base_env()
    collector, bootstrap, _ = side_by_side.start_collector(work)
    agent_opts = "-javaagent:%s=bootstrap.servers=%s" % (args.agent_jar, bootstrap)
    print("broker at %s, work dir %s" % (bootstrap, work), flush=True)
    per_call = {"none": [], "agent": []}
    try:
        for r in range(args.rounds):
            order = ["none", "agent"] if r % 2 == 0 else ["agent", "none"]
            for c in order:
                secs = run(
                    args.calls, args.warmup, agent_opts if c == "agent" else "", env, os.path.join(work, "%s-%d.log" % (c, r))
                )
                per_call[c].append(secs / args.calls * 1e6)
                print("round %d %-5s %8.2f us per call" % (r + 1, c, per_call[c][-1]), flush=True)
    finally:
        side_by_side.stop_collector(collector)
    none = statistics.median(per_call["none"])
    agent = statistics.median(per_call["agent"])
    pairs = [a / n for a, n in zip(per_call["agent"], per_call["none"])]
    print("\n| calls | rounds | median us/call none | median us/call agent | ratio of medians | median of per-round ratios |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        "| %d | %d | %.2f | %.2f | %.3f | %.3f |" % (args.calls, args.rounds, none, agent, agent / none, statistics.median(pairs))
    )


if __name__ == "__main__":
    main()

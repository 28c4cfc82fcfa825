# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""What one collector command that reads a stored run costs, with each set of JVM options.

Runs `show`, `diagnose`, `export --format json` and `report` of one stored run with the
collector jar, alternating the option sets round by round, and prints the median wall and CPU
(user + system, the JVM's compiler threads included) of each command and option set: the
measurement behind the client-compiler default of bin/pyrometer's one-shot commands.

Usage: python3 bench/macro/cli_cost.py --store FILE.duckdb RUN [--rounds 3]
         [--opts "-Xmx512m" --opts "-Xmx512m -XX:TieredStopAtLevel=1"]
A large run to try it on: `java -cp "$CP" dev.pyrometer.bench.IngestThroughput 200000 200000 keep`
(BENCHMARKS.md, "Collector") keeps a store with one run of 95,000 tasks and prints its path.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
from pyrometer import collector, jars  # noqa: E402

COMMANDS = {
    "show": [],
    "diagnose": [],
    "export": ["--format", "json", "-o", "{out}.json"],
    "report": ["-o", "{out}.html"],
}


def once(java, opts, jar, command, store, run, out):
    args = [a.format(out=out) for a in COMMANDS[command]]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    p = subprocess.run(
        [java] + opts.split() + ["-cp", jar, collector.MAIN_CLASS, command, "--store", store, run] + args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("%s failed (%d): %s" % (command, p.returncode, p.stderr.strip()[-500:]))
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True, help="a DuckDB store")
    ap.add_argument("run", help="the run id")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--opts", action="append", help="one set of JVM options (repeatable)")
    a = ap.parse_args()
    option_sets = a.opts or [collector.DEFAULT_JAVA_OPTS, collector.DEFAULT_JAVA_OPTS + " " + collector.ONE_SHOT_JAVA_OPTS]
    java = collector.java_executable(os.environ)
    jar = jars.jar_path("collector")
    results = {}
    with tempfile.TemporaryDirectory(prefix="pyrometer-cli-cost-") as tmp:
        for r in range(a.rounds):
            for command in COMMANDS:
                for opts in option_sets:
                    wall, cpu = once(java, opts, jar, command, a.store, a.run, os.path.join(tmp, "out"))
                    results.setdefault((command, opts), []).append((wall, cpu))
            print("round %d done, load average %.1f" % (r + 1, os.getloadavg()[0]), file=sys.stderr)
    print("| command | JVM options | wall, median | CPU, median |")
    print("| --- | --- | --- | --- |")
    for (command, opts), v in results.items():
        print(
            "| %s | `%s` | %.2f s | %.2f s |"
            % (command, opts, statistics.median(x[0] for x in v), statistics.median(x[1] for x in v))
        )


if __name__ == "__main__":
    main()

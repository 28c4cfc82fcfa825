# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The collector's subcommands: run, runs, show, report, export, serve, diagnose, compare, series,
import-eventlog.

They are the Java collector's own (`dev.pyrometer.collector.cli.Main`, Java 17+); this module only
finds the jar and the JVM and hands over the arguments, `--help` included. The JVM is the one
PYROMETER_JAVA_HOME names, else JAVA_HOME's, else `java` on PATH: PYROMETER_JAVA_HOME lets the
collector run on Java 17+ while JAVA_HOME names an older Java for Spark (bin/compat's Java 11 column).
"""

import os

from . import jars

COMMANDS = ("run", "runs", "show", "report", "export", "serve", "diagnose", "compare", "series", "import-eventlog")
MAIN_CLASS = "dev.pyrometer.collector.cli.Main"
# The collector's heap stays small by default; PYROMETER_JAVA_OPTS replaces these.
DEFAULT_JAVA_OPTS = "-Xmx512m"
# Commands that read a stored run once and exit run on the client compiler alone: most of their
# CPU was C2 compiling code that runs once. Measured (BENCHMARKS.md, "The collector's one-shot
# commands"): `diagnose` 4.1 s against 2.2 s for a run of 43 tasks, 12.8 s against 10.3 s for one
# of 95,000 tasks. run, serve and import-eventlog run long or hot and keep the full JIT.
ONE_SHOT = ("runs", "show", "report", "export", "diagnose", "compare", "series")
ONE_SHOT_JAVA_OPTS = "-XX:TieredStopAtLevel=1"


def java_executable(env):
    home = env.get("PYROMETER_JAVA_HOME") or env.get("JAVA_HOME")
    return os.path.join(home, "bin", "java") if home else "java"


def command(subcommand, args, env=None):
    """The java command line for one collector subcommand (raises jars.JarMissing)."""
    env = os.environ if env is None else env
    if subcommand not in COMMANDS:
        raise ValueError("not a collector command: " + subcommand)
    jar = jars.jar_path("collector", env)
    defaults = DEFAULT_JAVA_OPTS + (" " + ONE_SHOT_JAVA_OPTS if subcommand in ONE_SHOT else "")
    java_opts = env.get("PYROMETER_JAVA_OPTS", defaults).split()
    return [java_executable(env)] + java_opts + ["-cp", jar, MAIN_CLASS, subcommand] + list(args)

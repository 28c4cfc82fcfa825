# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The `pyrometer` command."""

import os
import sys

from . import __version__, collector, jars

USAGE = """usage: pyrometer COMMAND [args]

  submit [options] [spark-submit args] app.py [args]   spark-submit with Pyrometer attached
  demo [--dir DIR] [--no-agent] [-- app args]          the whole tour: collector, demo app, report
  run      the collector: consume the topic (--embedded-kafka starts a broker), store the runs
  runs     list the stored runs          show RUN      one run's summary
  report   RUN -o FILE.html              export RUN --format json|chrome-trace
  serve    the stored runs over HTTP     diagnose RUN  findings
  compare  RUN RUN...                    series NAME   runs of one series side by side
  import-eventlog PATH...                Spark event logs (plain, .lz4, .snappy, .zstd, rolling) as runs
  spark-ingest --output DIR [...]        a Spark Structured Streaming job: the topic as Parquet, Delta or Iceberg tables
  jar listener|agent|collector           print the path of one of the jars this package carries
  version                                print the version

`pyrometer COMMAND --help` describes each command.
"""


def print_jar(args):
    if args[:1] in (["-h"], ["--help"]) or len(args) != 1:
        out = sys.stdout if args else sys.stderr
        out.write(
            "usage: pyrometer jar listener|agent|collector\n  prints the jar's path (what pyrometer.jar_path(name) returns)\n"
        )
        return 0 if args else 2
    try:
        print(jars.jar_path(args[0]))
    except (ValueError, jars.JarMissing) as e:
        sys.stderr.write("pyrometer jar: %s\n" % e)
        return 2
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        sys.stderr.write(USAGE)
        return 2
    name, args = argv[0], argv[1:]
    if name in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    if name in ("version", "--version"):
        print("pyrometer " + __version__)
        return 0
    if name == "submit":
        from . import submit

        return submit.main(args)
    if name == "demo":
        from . import demo

        return demo.main(args)
    if name == "spark-ingest":
        from . import spark_ingest

        return spark_ingest.main(args)
    if name == "jar":
        return print_jar(args)
    if name in collector.COMMANDS:
        try:
            command = collector.command(name, args)
        except jars.JarMissing as e:
            sys.stderr.write("pyrometer %s: %s\n" % (name, e))
            return 2
        try:
            os.execvp(command[0], command)
        except OSError as e:
            sys.stderr.write(
                "pyrometer %s: cannot start %s: %s (set PYROMETER_JAVA_HOME or JAVA_HOME to a Java 17+)\n"
                % (name, command[0], e.strerror)
            )
            return 2
    sys.stderr.write("pyrometer: unknown command '%s' (pyrometer --help lists them)\n" % name)
    return 2

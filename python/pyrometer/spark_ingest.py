# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""`pyrometer spark-ingest`: submits the Structured Streaming job that keeps the topic as tables.

    pyrometer spark-ingest --output DIR [job options] [-- spark-submit options]

It runs spark-submit (found as `pyrometer submit` finds it) with spark-sql-kafka and spark-avro
from Maven Central (--packages, at the Spark and Scala versions of that spark-submit), the job
file this package carries (spark_ingest_job.py) and the released envelope schemas from the
listener jar. Everything after `--` goes to spark-submit (--master, --conf, ...).
"""

import glob
import os
import re
import shlex
import sys

from . import jars
from .attach import DEFAULT_BOOTSTRAP
from .submit import UsageError, spark_submit_and_env

JOB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spark_ingest_job.py")

USAGE = (
    """usage: pyrometer spark-ingest --output DIR [--bootstrap HOST:PORT] [--topic NAME]
                              [--checkpoint DIR] [--starting-offsets earliest|latest]
                              [--trigger-seconds S | --available-now] [--max-offsets-per-trigger N]
                              [--kafka-property KEY=VALUE]... [--kafka-property-file FILE]
                              [--connector-version V] [--dry-run] [-- spark-submit options]

  --output       root of the tables (a local path or any Hadoop file system URI)
  --bootstrap    Kafka bootstrap servers (default $PYROMETER_BOOTSTRAP or %s)
  --topic        the events topic (default pyrometer.events)
  --checkpoint   the stream's checkpoint (default OUTPUT/_checkpoint); keep it to resume exactly once
  --starting-offsets  where a new checkpoint starts reading (default earliest)
  --trigger-seconds   micro-batch interval while running continuously (default 30)
  --available-now     ingest what the topic holds now, then stop (a scheduled batch job)
  --max-offsets-per-trigger  records per micro-batch at most
  --kafka-property      a Kafka consumer setting, e.g. security.protocol=SASL_SSL (repeatable; the
                      values are passed to the job, never printed)
  --log-level    Spark's log level in the job (default WARN)
  --kafka-property-file  a file of KEY=VALUE consumer settings: credentials belong there, not on a
                      command line every user of the host can read
  --connector-version  the spark-sql-kafka and spark-avro version (default: that of the Spark that
                 runs the job; name another patch release of the same Spark line when a repository
                 lacks that one)
  --dry-run      print the spark-submit command and exit

The tables, their columns and example queries: docs/analytics.md.
"""
    % DEFAULT_BOOTSTRAP
)

VALUED = {
    "--output",
    "--bootstrap",
    "--topic",
    "--checkpoint",
    "--starting-offsets",
    "--trigger-seconds",
    "--max-offsets-per-trigger",
    "--kafka-property",
    "--kafka-property-file",
    "--log-level",
}
# Before the user's spark-submit options, which win: the SQL status store keeps each query's plan,
# and a batch runs a few queries per payload type.
DEFAULT_CONFS = ["spark.sql.ui.retainedExecutions=50", "spark.ui.retainedJobs=200", "spark.ui.retainedStages=200"]


def spark_versions(spark_home):
    """(Spark version, Scala binary version) of the spark-core jar under spark_home/jars."""
    for path in glob.glob(os.path.join(spark_home, "jars", "spark-core_*.jar")):
        m = re.match(r"spark-core_(\d+\.\d+)-(\d+\.\d+\.\d+[^/]*)\.jar$", os.path.basename(path))
        if m:
            return m.group(2), m.group(1)
    raise UsageError("no spark-core jar under %s/jars: cannot choose the spark-sql-kafka version" % spark_home)


def packages(spark_version, scala):
    return ",".join("org.apache.spark:%s_%s:%s" % (name, scala, spark_version) for name in ("spark-sql-kafka-0-10", "spark-avro"))


def split(argv):
    """(job options, spark-submit options, dry run, connector version or None)."""
    job, submit, dry_run, connector = [], [], False, None
    if "--" in argv:
        cut = argv.index("--")
        argv, submit = argv[:cut], argv[cut + 1 :]
    i = 0
    while i < len(argv):
        arg = argv[i]
        name = arg.partition("=")[0]
        if arg == "--dry-run":
            dry_run = True
        elif name == "--connector-version":
            if "=" in arg:
                connector = arg.partition("=")[2]
            elif i + 1 < len(argv):
                connector = argv[i + 1]
                i += 1
            else:
                raise UsageError(arg + " needs a value")
            if not re.match(r"^\d+\.\d+\.\d+\S*$", connector):
                raise UsageError("--connector-version wants a Spark release such as 3.5.7, not %r" % connector)
        elif arg == "--available-now":
            job.append(arg)
        elif name in VALUED:
            if "=" in arg:
                job.append(arg)
            elif i + 1 < len(argv):
                job += [arg, argv[i + 1]]
                i += 1
            else:
                raise UsageError(arg + " needs a value")
        else:
            raise UsageError("unknown option %s (spark-submit options go after --)" % arg)
        i += 1
    if not any(a == "--output" or a.startswith("--output=") for a in job):
        raise UsageError("--output DIR is required")
    if not any(a == "--bootstrap" or a.startswith("--bootstrap=") for a in job):
        job += ["--bootstrap", os.environ.get("PYROMETER_BOOTSTRAP", DEFAULT_BOOTSTRAP)]
    return job, submit, dry_run, connector


def build(argv, env):
    job, submit, dry_run, connector = split(argv)
    spark_submit, spark_home, run_env = spark_submit_and_env(env)
    spark_version, scala = spark_versions(spark_home)
    confs = [c for conf in DEFAULT_CONFS for c in ("--conf", conf)]
    command = (
        [spark_submit, "--packages", packages(connector or spark_version, scala)]
        + confs
        + submit
        + [JOB, "--schemas-jar", jars.jar_path("listener")]
        + job
    )
    return command, run_env, dry_run


def printable(command):
    """The command with every --kafka-property value hidden (they may hold credentials)."""
    out = []
    hide = False
    for c in command:
        if hide:
            out.append(c.partition("=")[0] + "=***")
            hide = False
        elif c == "--kafka-property":
            out.append(c)
            hide = True
        elif c.startswith("--kafka-property="):
            out.append("--kafka-property=" + c[len("--kafka-property=") :].partition("=")[0] + "=***")
        else:
            out.append(c)
    return " ".join(shlex.quote(c) for c in out)


def main(argv):
    if argv[:1] in (["-h"], ["--help"]):
        sys.stdout.write(USAGE)
        return 0
    try:
        command, env, dry_run = build(argv, os.environ)
    except (UsageError, jars.JarMissing) as e:
        sys.stderr.write("pyrometer spark-ingest: %s\n\n%s" % (e, USAGE))
        return 2
    sys.stderr.write("pyrometer: %s\n" % printable(command))
    sys.stderr.flush()
    if dry_run:
        return 0
    os.execve(command[0], command, env)

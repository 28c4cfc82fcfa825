# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""`pyrometer spark-ingest`: submits the Structured Streaming job that keeps the topic as tables.

    pyrometer spark-ingest --output DIR [job options] [-- spark-submit options]

It runs spark-submit (found as `pyrometer submit` finds it) with spark-sql-kafka and spark-avro
from Maven Central (--packages, at the Spark and Scala versions of that spark-submit), the job
file this package carries (spark_ingest_job.py) and the released envelope schemas from the
listener jar. Everything after `--` goes to spark-submit (--master, --conf, ...).

With --catalog NAME --table-format delta|iceberg the tables are the catalog's; the package of that
format for this Spark line joins --packages (delta-spark, or iceberg-spark-runtime), and for Delta
in spark_catalog the two confs Delta needs there.
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

# The Delta Lake release for each Spark line (docs.delta.io/releases: Delta 2.4.x runs on Spark
# 3.4, 3.0 to 3.3 on Spark 3.5, 4.0 on Spark 4.0); before 3.0 its artifact was delta-core.
DELTA_RELEASES = {"3.4": "2.4.0", "3.5": "3.3.2", "4.0": "4.0.0"}
# Iceberg builds a runtime per Spark line (iceberg.apache.org/multi-engine-support); 1.10 has 3.4 to 4.0.
ICEBERG_RELEASES = {"3.4": "1.10.1", "3.5": "1.10.1", "4.0": "1.10.1"}
# What Delta needs in Spark's own catalog (docs.delta.io: "Configure SparkSession").
DELTA_SESSION_CONFS = [
    "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
]
FORMATS = ("delta", "iceberg")
RELEASE = re.compile(r"^\d+\.\d+\.\d+\S*$")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

USAGE = """usage: pyrometer spark-ingest --output DIR [--bootstrap HOST:PORT] [--topic NAME]
                              [--checkpoint DIR] [--starting-offsets earliest|latest]
                              [--trigger-seconds S | --available-now] [--max-offsets-per-trigger N]
                              [--kafka-property KEY=VALUE]... [--kafka-property-file FILE]
                              [--connector-version V]
                              [--catalog NAME --table-format delta|iceberg [--namespace NS]
                               [--table-format-version V|provided]]
                              [--dry-run] [-- spark-submit options]

  --output       root of the tables (a local path or any Hadoop file system URI); with --catalog,
                 of the duplicate keys and the checkpoint only
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
  --catalog      write Delta Lake or Iceberg tables NAME.NS.<table> of this catalog (its
                 spark.sql.catalog.NAME confs after --, or Spark's own spark_catalog)
  --namespace    the catalog's namespace for the tables (default pyrometer; created if missing)
  --table-format  delta or iceberg: the catalog's table format (required with --catalog)
  --table-format-version  the Delta Lake or Iceberg release to add (default: the one made for this
                 Spark line, e.g. %s and %s for Spark 3.5); `provided` when the cluster
                 already has the format and its confs (spark-ingest then adds neither)
  --dry-run      print the spark-submit command and exit

The tables, their columns and example queries: docs/analytics.md.
""" % (DEFAULT_BOOTSTRAP, "Delta " + DELTA_RELEASES["3.5"], "Iceberg " + ICEBERG_RELEASES["3.5"])

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
    "--catalog",
    "--namespace",
    "--table-format",
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


def lake_package(table_format, release, spark_version, scala):
    """The Maven coordinates of the Delta Lake or Iceberg release for this Spark and Scala."""
    line = ".".join(spark_version.split(".")[:2])
    releases = DELTA_RELEASES if table_format == "delta" else ICEBERG_RELEASES
    release = release or releases.get(line)
    if release is None:
        raise UsageError(
            "no %s release is known for Spark %s: name one with --table-format-version (or `provided`)" % (table_format, line)
        )
    if table_format == "delta":
        return "io.delta:%s_%s:%s" % ("delta-core" if int(release.split(".")[0]) < 3 else "delta-spark", scala, release)
    return "org.apache.iceberg:iceberg-spark-runtime-%s_%s:%s" % (line, scala, release)


def option_value(job, name):
    """The value of a job option in job (the last given), or None."""
    value = None
    for i, arg in enumerate(job):
        if arg == name and i + 1 < len(job):
            value = job[i + 1]
        elif arg.startswith(name + "="):
            value = arg.partition("=")[2]
    return value


def split(argv):
    """(job options, spark-submit options, dry run, connector version or None, table format
    version or None)."""
    job, submit, dry_run, versions = [], [], False, {"--connector-version": None, "--table-format-version": None}
    if "--" in argv:
        cut = argv.index("--")
        argv, submit = argv[:cut], argv[cut + 1 :]
    i = 0
    while i < len(argv):
        arg = argv[i]
        name = arg.partition("=")[0]
        if arg == "--dry-run":
            dry_run = True
        elif name in versions:
            if "=" in arg:
                value = arg.partition("=")[2]
            elif i + 1 < len(argv):
                value = argv[i + 1]
                i += 1
            else:
                raise UsageError(arg + " needs a value")
            if name == "--connector-version" and not RELEASE.match(value):
                raise UsageError("--connector-version wants a Spark release such as 3.5.7, not %r" % value)
            if name == "--table-format-version" and not (RELEASE.match(value) or value == "provided"):
                raise UsageError("--table-format-version wants a release such as 3.3.2, or provided, not %r" % value)
            versions[name] = value
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
    catalog, table_format, namespace = (option_value(job, o) for o in ("--catalog", "--table-format", "--namespace"))
    if catalog is None:
        for o in ("--table-format", "--namespace", "--table-format-version"):
            if option_value(job, o) is not None or versions.get(o):
                raise UsageError("%s goes with --catalog (without one the tables are Parquet files under --output)" % o)
    else:
        if table_format not in FORMATS:
            raise UsageError("--catalog wants --table-format delta or iceberg, got %s" % (table_format or "none"))
        for o, value in (("--catalog", catalog), ("--namespace", namespace or "pyrometer")):
            if not all(IDENTIFIER.match(part) for part in value.split(".")) or (o == "--catalog" and "." in value):
                raise UsageError("%s wants a name of letters, digits and _, not %r" % (o, value))
    return job, submit, dry_run, versions["--connector-version"], versions["--table-format-version"]


def build(argv, env):
    job, submit, dry_run, connector, lake_release = split(argv)
    spark_submit, spark_home, run_env = spark_submit_and_env(env)
    spark_version, scala = spark_versions(spark_home)
    wanted = [packages(connector or spark_version, scala)]
    defaults = list(DEFAULT_CONFS)
    table_format = option_value(job, "--table-format")
    if table_format and lake_release != "provided":
        wanted.append(lake_package(table_format, lake_release, spark_version, scala))
        if table_format == "delta" and option_value(job, "--catalog") == "spark_catalog":
            defaults += DELTA_SESSION_CONFS
    confs = [c for conf in defaults for c in ("--conf", conf)]
    command = (
        [spark_submit, "--packages", ",".join(wanted)] + confs + submit + [JOB, "--schemas-jar", jars.jar_path("listener")] + job
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

# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The collector's tables as Spark SQL views over the tables `pyrometer spark-ingest` writes.

    from pyrometer import analytics
    analytics.register(spark, "s3a://bucket/pyrometer")   # temporary views: runs, jobs, tasks, ...
    analytics.register(spark, namespace="lake.pyrometer") # over a catalog's Delta or Iceberg tables
    spark.sql("SELECT * FROM tasks WHERE run_id = '...'")

    python -m pyrometer.analytics ROOT --sql      the CREATE VIEW statements, for a catalog
    python -m pyrometer.analytics ROOT            register them in a local session: JSON of each
                                                  view's rows per run and its columns, and each
                                                  table's rows
    python -m pyrometer.analytics --namespace CATALOG.NS [--conf KEY=VALUE]... [--sql]
                                                  the same over a catalog's tables

Each view has the name and the columns of the collector's table (collector/.../store/schema.sql),
derived in SQL from the payload tables. What SQL cannot derive the way the collector does is
documented in docs/analytics.md: times are each source's own clock (the collector corrects
executor clocks by their measured offset), and a run's status is COMPLETE once its application end
is in the tables, else RUNNING.
"""

import os
import re
import sys

# Each view: its SQL, with {table} for the payload tables it reads. A view is created only when
# every table it names exists under the root, or has an empty stand-in in EMPTY.
VIEWS = {
    "tasks": """
SELECT run_id, task_id, stage_id, stage_attempt_id AS stage_attempt, `index` AS task_index, attempt, executor_id, host,
       launch_time_ms AS launch_ms, finish_time_ms AS finish_ms,
       CASE WHEN finish_time_ms >= launch_time_ms THEN finish_time_ms - launch_time_ms ELSE -1 END AS duration_ms,
       CAST(status AS STRING) AS status, speculative,
       coalesce(metrics.executorRunTimeMs, 0) AS run_time_ms, coalesce(metrics.executorCpuNanos, 0) DIV 1000000 AS cpu_ms,
       coalesce(metrics.jvmGcTimeMs, 0) AS gc_ms, coalesce(metrics.inputBytesRead, 0) AS input_bytes,
       coalesce(metrics.shuffleRemoteBytesRead + metrics.shuffleLocalBytesRead, 0) AS shuffle_read_bytes,
       coalesce(metrics.shuffleBytesWritten, 0) AS shuffle_write_bytes, coalesce(metrics.diskBytesSpilled, 0) AS spill_bytes,
       coalesce(metrics.resultSizeBytes, 0) AS result_bytes,
       coalesce(metrics.peakExecutionMemoryBytes, 0) AS peak_execution_memory,
       coalesce(executor_metric_peaks['JVMHeapMemory'], 0) AS peak_jvm_heap,
       coalesce(executor_metric_peaks['ProcessTreePythonRSSMemory'], 0) AS peak_python_rss,
       CAST(failure.kind AS STRING) AS failure_kind
FROM {task_end}
UNION ALL
SELECT s.run_id, s.task_id, s.stage_id, s.stage_attempt_id, s.`index`, s.attempt, s.executor_id, s.host,
       s.launch_time_ms, -1, -1, 'RUNNING', s.speculative, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CAST(NULL AS STRING)
FROM {task_start} s LEFT ANTI JOIN {task_end} e ON s.run_id = e.run_id AND s.task_id = e.task_id
""",
    "jobs": """
SELECT s.run_id, s.job_id, s.submission_time_ms AS submit_ms, coalesce(e.completion_time_ms, -1) AS end_ms,
       e.succeeded, s.description, s.call_site, s.job_group,
       array_join(transform(s.stage_ids, x -> CAST(x AS STRING)), ',') AS stage_ids, s.total_tasks,
       e.failure.className AS failure_class, e.failure.message AS failure_message
FROM {job_start} s LEFT JOIN {job_end} e ON s.run_id = e.run_id AND s.job_id = e.job_id
""",
    "stages": """
WITH t AS (
  SELECT run_id, stage_id, stage_attempt_id AS attempt_id,
         count_if(CAST(status AS STRING) = 'SUCCESS') AS tasks_succeeded,
         count_if(CAST(status AS STRING) = 'FAILED') AS tasks_failed,
         sum(coalesce(metrics.inputBytesRead, 0)) AS input_bytes,
         sum(coalesce(metrics.shuffleRemoteBytesRead + metrics.shuffleLocalBytesRead, 0)) AS shuffle_read_bytes,
         sum(coalesce(metrics.shuffleBytesWritten, 0)) AS shuffle_write_bytes,
         sum(coalesce(metrics.diskBytesSpilled, 0)) AS spill_bytes,
         sum(coalesce(metrics.executorRunTimeMs, 0)) AS task_time_ms
  FROM {task_end} GROUP BY run_id, stage_id, stage_attempt_id)
SELECT coalesce(s.run_id, c.run_id) AS run_id, coalesce(s.stage_id, c.stage_id) AS stage_id,
       coalesce(s.attempt_id, c.attempt_id) AS attempt_id, coalesce(s.job_id, -1) AS job_id,
       coalesce(c.name, s.name) AS name, coalesce(c.num_tasks, s.num_tasks) AS num_tasks,
       coalesce(s.submission_time_ms, c.submission_time_ms, -1) AS submit_ms, coalesce(c.completion_time_ms, -1) AS complete_ms,
       c.failure_reason, coalesce(t.tasks_succeeded, 0) AS tasks_succeeded, coalesce(t.tasks_failed, 0) AS tasks_failed,
       coalesce(t.input_bytes, 0) AS input_bytes, coalesce(t.shuffle_read_bytes, 0) AS shuffle_read_bytes,
       coalesce(t.shuffle_write_bytes, 0) AS shuffle_write_bytes, coalesce(t.spill_bytes, 0) AS spill_bytes,
       coalesce(t.task_time_ms, 0) AS task_time_ms
FROM {stage_submitted} s
FULL OUTER JOIN {stage_completed} c ON s.run_id = c.run_id AND s.stage_id = c.stage_id AND s.attempt_id = c.attempt_id
LEFT JOIN t ON t.run_id = coalesce(s.run_id, c.run_id) AND t.stage_id = coalesce(s.stage_id, c.stage_id)
           AND t.attempt_id = coalesce(s.attempt_id, c.attempt_id)
""",
    "executors": """
WITH t AS (SELECT run_id, executor_id, max(host) AS host, count(*) AS tasks,
                  count_if(CAST(status AS STRING) = 'FAILED') AS failed_tasks
           FROM {task_end} GROUP BY run_id, executor_id),
     r AS (SELECT run_id, executor_id, max(time_ms) AS removed_ms, max_by(reason, time_ms) AS remove_reason
           FROM {executor_removed} GROUP BY run_id, executor_id),
     a AS (SELECT run_id, executor_id, max(host) AS host, max(total_cores) AS cores, min(time_ms) AS added_ms
           FROM {executor_added} GROUP BY run_id, executor_id),
     -- Every JVM that reported (the driver too), as the collector lists them.
     s AS (SELECT run_id, source_executor_id AS executor_id, max(source_host) AS host FROM {self_metrics}
           WHERE source_executor_id IS NOT NULL GROUP BY run_id, source_executor_id),
     ids AS (SELECT run_id, executor_id FROM a UNION SELECT run_id, executor_id FROM t
             UNION SELECT run_id, executor_id FROM s)
SELECT ids.run_id, ids.executor_id, coalesce(a.host, t.host, s.host, '') AS host, coalesce(a.cores, 0) AS cores,
       coalesce(a.added_ms, -1) AS added_ms, coalesce(r.removed_ms, -1) AS removed_ms, r.remove_reason,
       CAST(NULL AS BIGINT) AS clock_offset_ms, coalesce(t.tasks, 0) AS tasks, coalesce(t.failed_tasks, 0) AS failed_tasks
FROM ids
LEFT JOIN a ON a.run_id = ids.run_id AND a.executor_id = ids.executor_id
LEFT JOIN r ON r.run_id = ids.run_id AND r.executor_id = ids.executor_id
LEFT JOIN t ON t.run_id = ids.run_id AND t.executor_id = ids.executor_id
LEFT JOIN s ON s.run_id = ids.run_id AND s.executor_id = ids.executor_id
""",
    "samples": """
WITH ps AS (
  SELECT run_id, source_instance_id, source_executor_id, time_us, p,
         bool_and(p.exited) OVER (PARTITION BY run_id, source_instance_id, p.pid, p.startTimeMicros) AS only_exited,
         row_number() OVER (PARTITION BY run_id, source_instance_id, p.pid, p.startTimeMicros ORDER BY time_us) AS n
  FROM {process_tree_sample} LATERAL VIEW explode(processes) x AS p)
SELECT run_id, 'jvm' AS origin, concat(source_instance_id, '|jvm') AS process_key, source_executor_id AS executor_id,
       CAST(NULL AS BIGINT) AS pid, 'JVM' AS kind, time_us DIV 1000 AS time_ms, rss_bytes, CAST(NULL AS BIGINT) AS pss_bytes,
       process_cpu_nanos DIV 1000000 AS cpu_ms, CAST(NULL AS BIGINT) AS task_id, heap_used, heap_max,
       aggregate(map_values(gc_time_ms), 0L, (acc, x) -> acc + x) AS gc_time_ms
FROM {jvm_sample}
UNION ALL
-- A process's sample after it exited repeats its last values: not a point, unless it is all there is
-- (a process that lived between two samples, seen once, when it was created).
SELECT run_id, 'process', concat(source_instance_id, '|', p.pid, '|', p.startTimeMicros DIV 1000), source_executor_id,
       p.pid, CAST(p.kind AS STRING),
       CASE WHEN p.exited AND p.firstSeenMicros > 0 THEN p.firstSeenMicros ELSE time_us END DIV 1000,
       p.rssBytes, p.pssBytes, p.cpuNanos DIV 1000000, p.taskId,
       CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
FROM ps WHERE NOT p.exited OR (only_exited AND n = 1)
""",
    "processes": """
SELECT run_id, concat(source_instance_id, '|', p.pid, '|', p.startTimeMicros DIV 1000) AS process_key,
       source_instance_id AS source_instance, max(source_executor_id) AS executor_id, max(source_host) AS host,
       p.pid AS pid, max(p.ppid) AS ppid, max(CAST(p.kind AS STRING)) AS kind, max_by(p.command, time_us) AS command,
       p.startTimeMicros DIV 1000 AS start_ms, min(time_us) DIV 1000 AS first_ms, max(time_us) DIV 1000 AS last_ms,
       bool_or(p.exited) AS exited, max(p.rssBytes) AS peak_rss_bytes, CAST(count(*) AS INT) AS samples
FROM {process_tree_sample} LATERAL VIEW explode(processes) x AS p
GROUP BY run_id, source_instance_id, p.pid, p.startTimeMicros
""",
    "py4j_calls": """
SELECT run_id, 'interval' AS row_kind, source_executor_id AS executor_id, interval_start_micros DIV 1000 AS start_ms,
       interval_end_micros DIV 1000 AS end_ms, target_class, method, `count` AS calls, errors, total_micros AS total_us,
       max_micros AS max_us, total_response_chars, max_response_chars, CAST(NULL AS STRING) AS reason,
       CAST(NULL AS STRING) AS thread_name, CAST(NULL AS STRING) AS job_group, CAST(NULL AS STRING) AS error_class,
       CAST(NULL AS STRING) AS error_message
FROM {py4j_call_stats}
UNION ALL
SELECT run_id, 'outlier', source_executor_id, start_micros DIV 1000, (start_micros + duration_micros) DIV 1000,
       target_class, method, 1L, CASE WHEN error IS NULL THEN 0L ELSE 1L END, duration_micros, duration_micros,
       response_chars, response_chars, CAST(reason AS STRING), thread_name, job_group, error.className, error.message
FROM {py4j_call_outlier}
""",
    "serializer_stats": """
SELECT run_id, source_executor_id AS executor_id, interval_start_micros DIV 1000 AS start_ms,
       interval_end_micros DIV 1000 AS end_ms, serializer, operation, `count` AS calls, bytes, total_micros AS total_us,
       max_micros AS max_us, max_bytes, errors
FROM {serializer_stats}
""",
    "failures": """
SELECT run_id, finish_time_ms AS time_ms, 'task' AS scope, CAST(task_id AS STRING) AS ref, executor_id,
       CAST(failure.kind AS STRING) AS kind, failure.exception.className AS class_name,
       coalesce(failure.exception.message, failure.description) AS message, failure.exception.stackTrace AS stack_trace
FROM {task_end} WHERE failure IS NOT NULL
UNION ALL
SELECT run_id, coalesce(completion_time_ms, -1), 'stage', concat(stage_id, '.', attempt_id), CAST(NULL AS STRING),
       'STAGE_FAILED', CAST(NULL AS STRING), failure_reason, CAST(NULL AS STRING)
FROM {stage_completed} WHERE failure_reason IS NOT NULL
UNION ALL
SELECT run_id, completion_time_ms, 'job', CAST(job_id AS STRING), CAST(NULL AS STRING), 'JOB_FAILED',
       failure.className, failure.message, failure.stackTrace
FROM {job_end} WHERE NOT succeeded
UNION ALL
SELECT run_id, time_ms, 'executor', executor_id, executor_id, 'EXECUTOR_REMOVED', CAST(NULL AS STRING), reason,
       CAST(NULL AS STRING)
FROM {executor_removed} WHERE lower(reason) NOT LIKE '%killed by driver%'
""",
    "lost_events": """
WITH last AS (
  SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY run_id, source_instance_id ORDER BY seq DESC) AS n
                 FROM {self_metrics}) WHERE n = 1)
SELECT run_id, source_instance_id AS source_instance, CAST(source_role AS STRING) AS role,
       source_executor_id AS executor_id, source_host AS host, concat('dropped.', k) AS counter, v AS `count`
FROM last LATERAL VIEW explode(dropped) d AS k, v
UNION ALL
SELECT run_id, source_instance_id, CAST(source_role AS STRING), source_executor_id, source_host,
       concat('suppressed.', k), v
FROM last LATERAL VIEW explode(suppressed_errors) s AS k, v
""",
    "runs": """
WITH ends AS (SELECT run_id, max(end_time_ms) AS end_ms, max(exit_code) AS exit_code FROM {application_end} GROUP BY run_id),
     t AS (SELECT run_id, count(*) AS tasks, count_if(CAST(status AS STRING) = 'FAILED') AS failed_tasks
           FROM {task_end} GROUP BY run_id),
     j AS (SELECT run_id, count(*) AS jobs FROM {job_start} GROUP BY run_id),
     st AS (SELECT run_id, count(*) AS stages FROM {stage_submitted} GROUP BY run_id),
     ev AS (SELECT run_id, count(*) AS events FROM ({all_events}) GROUP BY run_id)
SELECT s.run_id, s.run_app_id AS app_id, s.run_attempt_id AS attempt_id, s.app_name, s.run_series AS series,
       s.`user` AS user_name, s.spark_version, s.master,
       CASE WHEN ends.run_id IS NULL THEN 'RUNNING' ELSE 'COMPLETE' END AS status, s.start_time_ms AS start_ms,
       coalesce(ends.end_ms, -1) AS end_ms,
       CASE WHEN ends.run_id IS NULL THEN -1 ELSE ends.end_ms - s.start_time_ms END AS duration_ms,
       ends.run_id IS NOT NULL AS end_seen, ends.exit_code, s.kafka_partition, coalesce(ev.events, 0) AS events,
       CAST(coalesce(j.jobs, 0) AS INT) AS jobs, CAST(coalesce(st.stages, 0) AS INT) AS stages,
       CAST(coalesce(t.tasks, 0) AS INT) AS tasks, CAST(coalesce(t.failed_tasks, 0) AS INT) AS failed_tasks
FROM {application_start} s
LEFT JOIN ends ON ends.run_id = s.run_id LEFT JOIN t ON t.run_id = s.run_id LEFT JOIN j ON j.run_id = s.run_id
LEFT JOIN st ON st.run_id = s.run_id LEFT JOIN ev ON ev.run_id = s.run_id
""",
}

# Tables a view can do without: an empty relation with the columns the views read stands in for
# them (a healthy run has no executor_removed, a run still going no application_end).
EMPTY = {
    "executor_removed": "SELECT CAST(NULL AS STRING) AS run_id, CAST(NULL AS STRING) AS executor_id, "
    "CAST(NULL AS BIGINT) AS time_ms, CAST(NULL AS STRING) AS reason",
    "job_end": "SELECT CAST(NULL AS STRING) AS run_id, CAST(NULL AS INT) AS job_id, CAST(NULL AS BIGINT) AS completion_time_ms, "
    "CAST(NULL AS BOOLEAN) AS succeeded, "
    "CAST(NULL AS STRUCT<className: STRING, message: STRING, stackTrace: STRING>) AS failure",
    "stage_completed": "SELECT CAST(NULL AS STRING) AS run_id, CAST(NULL AS INT) AS stage_id, CAST(NULL AS INT) AS attempt_id, "
    "CAST(NULL AS STRING) AS name, CAST(NULL AS INT) AS num_tasks, "
    "CAST(NULL AS BIGINT) AS submission_time_ms, CAST(NULL AS BIGINT) AS completion_time_ms, "
    "CAST(NULL AS STRING) AS failure_reason",
    "application_end": "SELECT CAST(NULL AS STRING) AS run_id, CAST(NULL AS BIGINT) AS end_time_ms, "
    "CAST(NULL AS INT) AS exit_code",
    "py4j_call_outlier": "SELECT CAST(NULL AS STRING) AS run_id, CAST(NULL AS STRING) AS source_executor_id, "
    "CAST(NULL AS BIGINT) AS start_micros, CAST(NULL AS BIGINT) AS duration_micros, "
    "CAST(NULL AS STRING) AS target_class, CAST(NULL AS STRING) AS method, "
    "CAST(NULL AS BIGINT) AS response_chars, CAST(NULL AS STRING) AS reason, "
    "CAST(NULL AS STRING) AS thread_name, CAST(NULL AS STRING) AS job_group, "
    "CAST(NULL AS STRUCT<className: STRING, message: STRING, stackTrace: STRING>) AS error",
}
EMPTY = {k: "(%s WHERE false)" % v for k, v in EMPTY.items()}

PAYLOAD_TABLE = re.compile(r"^[a-z][a-z0-9_]*$")
REJECTS = "rejected_records"


def payload_tables(names):
    """The payload tables among names (rejected_records and _-prefixed names aside)."""
    return sorted(t for t in names if PAYLOAD_TABLE.match(t) and t != REJECTS)


def tables_under(root, listdir=os.listdir):
    """The payload tables present under a local root."""
    return payload_tables(listdir(root))


def catalog_tables(spark, namespace):
    """Every table of a catalog's namespace (temporary views aside)."""
    rows = spark.sql("SHOW TABLES IN %s" % quoted(namespace)).collect()
    return sorted(r["tableName"] for r in rows if not ("isTemporary" in r.asDict() and r["isTemporary"]))


def quoted(name):
    """A dotted name with each part in backticks."""
    return ".".join("`%s`" % part for part in name.split("."))


def table_ref(table, root=None, namespace=None):
    """How SQL names a table: a catalog's (namespace "catalog.ns") or the Parquet files under root."""
    if namespace is not None:
        return "%s.`%s`" % (quoted(namespace), table)
    return "parquet.`%s/%s`" % (root.rstrip("/"), table)


def statements(root, tables, temporary=True, namespace=None):
    """[(view, CREATE VIEW statement)] for every view whose tables are all present; the others
    skipped. The tables are a catalog's when namespace ("catalog.ns") is given, else Parquet under root."""
    out = []
    ref = {t: table_ref(t, root, namespace) for t in tables}
    ref["all_events"] = " UNION ALL ".join("SELECT run_id FROM %s" % r for _, r in sorted(ref.items()))
    for table, empty in EMPTY.items():
        ref.setdefault(table, empty)
    for name, sql in VIEWS.items():
        needed = set(re.findall(r"\{(\w+)\}", sql))
        if needed - set(ref):
            continue
        out.append(
            (name, "CREATE OR REPLACE %sVIEW %s AS %s" % ("TEMPORARY " if temporary else "", name, sql.format(**ref).strip()))
        )
    return out


def register(spark, root=None, tables=None, namespace=None):
    """Creates the temporary views in this session; returns their names (views whose tables are
    missing are left out). The tables are the Parquet files under root, or the Delta Lake or Iceberg
    tables of namespace ("catalog.ns"). tables defaults to the directories under a local root, or
    the namespace's tables; for another file system, name them."""
    if (root is None) == (namespace is None):
        raise ValueError("name a root or a namespace")
    if tables is None:
        tables = payload_tables(catalog_tables(spark, namespace)) if namespace else tables_under(root)
    names = []
    for table in tables:
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW %s AS SELECT * FROM %s" % (table, table_ref(table, root, namespace)))
    for name, sql in statements(root, tables, namespace=namespace):
        spark.sql(sql)
        names.append(name)
    return names


def table_rows(spark, tables, root=None, namespace=None):
    """{table: {"rows": n, "keys": distinct (source_instance_id, seq)}}: rows == keys when no event
    is there twice (rejected_records: rows only)."""
    out = {}
    for table in tables:
        ref = table_ref(table, root, namespace)
        if table == REJECTS:
            out[table] = {"rows": spark.sql("SELECT count(*) FROM %s" % ref).first()[0]}
        else:
            rows, keys = spark.sql("SELECT count(*), count(DISTINCT source_instance_id, seq) FROM %s" % ref).first()
            out[table] = {"rows": rows, "keys": keys}
    return out


def main(argv=None):
    import argparse
    import json

    p = argparse.ArgumentParser(prog="python -m pyrometer.analytics", description=__doc__.split("\n\n")[0])
    p.add_argument("root", nargs="?", help="the --output of pyrometer spark-ingest (a local directory)")
    p.add_argument("--namespace", metavar="CATALOG.NS", help="the --catalog and --namespace of pyrometer spark-ingest instead")
    p.add_argument(
        "--conf",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Spark setting of the local session (the catalog's: spark.jars.packages, spark.sql.catalog.NAME, ...)",
    )
    p.add_argument("--sql", action="store_true", help="print the CREATE VIEW statements (persistent views) and exit")
    args = p.parse_args(argv)
    if (args.root is None) == (args.namespace is None):
        p.error("name a ROOT directory or a --namespace")
    if args.root is not None and not os.path.isdir(args.root):
        p.error("no directory %s" % args.root)
    if any("=" not in kv for kv in args.conf):
        p.error("--conf wants KEY=VALUE")
    root = os.path.abspath(args.root) if args.root is not None else None
    if args.sql and root is not None:
        for _, sql in statements(root, tables_under(root), temporary=False):
            print(sql + ";\n")
        return 0
    # The JVM writes to this process's stdout (Ivy's report when spark.jars.packages resolves): it
    # gets stderr, and stdout keeps the statements or the JSON alone.
    data = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master("local[2]")
        .appName("pyrometer-analytics")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
    )
    for kv in args.conf:
        builder = builder.config(*kv.split("=", 1))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    every = catalog_tables(spark, args.namespace) if args.namespace else os.listdir(root)
    tables = payload_tables(every)
    if args.sql:
        for _, sql in statements(root, tables, temporary=False, namespace=args.namespace):
            print(sql + ";\n", file=data)
        data.close()
        spark.stop()
        return 0
    views = register(spark, root, tables, namespace=args.namespace)
    out = {"rows": {}, "columns": {}}
    for name in views:
        out["rows"][name] = {r[0]: r[1] for r in spark.sql("SELECT run_id, count(*) FROM %s GROUP BY run_id" % name).collect()}
        out["columns"][name] = spark.table(name).columns
    out["tables"] = table_rows(spark, tables + [REJECTS] * (REJECTS in every), root, args.namespace)
    json.dump(out, data, indent=1, sort_keys=True)
    print(file=data)
    data.close()
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

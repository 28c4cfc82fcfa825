# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The Structured Streaming job behind `pyrometer spark-ingest`: the topic as Parquet, Delta Lake or Iceberg tables.

Submitted by `pyrometer spark-ingest` (which adds spark-sql-kafka and spark-avro with --packages),
or by hand with spark-submit; it imports nothing from the pyrometer package, so that it runs as a
plain file on any cluster. `--help` lists its options; docs/analytics.md describes the tables.

Each micro-batch of Kafka records:
  1. Checks Avro's single-object header (C3 01), reads the 8-byte schema fingerprint and decodes
     the body with `from_avro`, the writer schema chosen by fingerprint among every released
     envelope version and read into today's (a newer payload field is null in older events).
     A record that is not Pyrometer's goes to `rejected_records` with its topic, partition,
     offset and reason (BAD_HEADER, UNKNOWN_SCHEMA, CORRUPT_BODY), as the collector keeps it.
  2. Drops duplicates, the same (source instance, seq) as a record kept before, in this batch
     or an earlier one (a producer retry re-appends a batch the broker had already written):
     the keys of every row written are kept in OUTPUT/_keys, partitioned by application.
  3. Appends one table per payload type (`task_end`, `jvm_sample`, ...): the envelope's run,
     source, seq and time, the Kafka position, the record's bytes (`value`, what `pyrometer report
     --parquet` replays) and the payload's fields, partitioned by day (UTC) and application.
     Parquet files under OUTPUT by default; with --catalog, Delta Lake or Iceberg tables
     CATALOG.NAMESPACE.<table>, created on first use (the keys and the checkpoint stay under OUTPUT).

Exactly once across restarts: Spark's checkpoint replays an uncommitted batch with the same
offsets. A batch's files carry the query's id (from its checkpoint) and the batch's
(part-<query>-b<ID>-*), so that a replay first deletes what an interrupted attempt of the same
batch left, then writes the batch again. In a catalog each table's append is one commit, marked
with the query's id and the batch's (Delta: txnAppId/txnVersion and userMetadata; Iceberg: a
snapshot property), and a replay skips the tables whose commit of that batch is already there.
"""

import argparse
import json
import re
import struct
import sys
import threading
import zipfile

HISTORY_PREFIX = "dev/pyrometer/event/history/event-v"
MAGIC_HEX = "C301"
HEADER_BYTES = 10
REJECTS = "rejected_records"
# The (source_instance_id, seq) of every row written, by application: what a later batch's
# duplicates are checked against, in one read instead of one per table.
KEYS = "_keys"
STAGING = "_staging"
# The collector keeps rejected bodies up to this size (RejectedRecord.MAX_KEPT_BYTES).
MAX_KEPT_BYTES = 1 << 20
# Above this many rows of one table in one batch, its files are written by several tasks.
LARGE_BATCH_ROWS = 1_000_000
FORMATS = ("delta", "iceberg")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Where a catalog commit says which query and batch made it: an Iceberg snapshot's summary key, and
# the prefix of a Delta commit's userMetadata.
BATCH_MARK = "pyrometer.batch"
# A replayed batch's commits are among a Delta table's latest: its history is read this far back.
DELTA_HISTORY = 50
ENVELOPE = [
    (
        "run_id",
        "CASE WHEN e.run.attemptId IS NULL OR e.run.attemptId = '' THEN e.run.appId "
        "ELSE concat(e.run.appId, '/', e.run.attemptId) END",
    ),
    ("run_app_id", "e.run.appId"),
    ("run_attempt_id", "e.run.attemptId"),
    ("run_series", "e.run.series"),
    ("run_tags", "e.run.tags"),
    ("source_role", "e.source.role"),
    ("source_executor_id", "e.source.executorId"),
    ("source_host", "e.source.host"),
    ("source_pid", "e.source.pid"),
    ("source_instance_id", "e.source.instanceId"),
    ("source_producer", "e.source.producer"),
    ("seq", "e.seq"),
    ("time_us", "e.timeMicros"),
    ("event_time", "timestamp_micros(e.timeMicros)"),
    ("topic", "topic"),
    ("kafka_partition", "partition"),
    ("kafka_offset", "offset"),
    ("kafka_timestamp", "timestamp"),
    ("value", "value"),
]


def parse_args(argv):
    p = argparse.ArgumentParser(prog="spark_ingest_job.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--bootstrap", required=True, help="Kafka bootstrap servers")
    p.add_argument("--topic", default="pyrometer.events")
    p.add_argument("--output", required=True, help="root directory of the tables (any Hadoop path)")
    p.add_argument("--checkpoint", help="the stream's checkpoint (default OUTPUT/_checkpoint)")
    p.add_argument("--schemas-jar", required=True, help="a Pyrometer jar holding the released envelope schemas")
    p.add_argument(
        "--starting-offsets",
        default="earliest",
        choices=["earliest", "latest"],
        help="where a new checkpoint starts (a restart resumes from its checkpoint)",
    )
    p.add_argument("--trigger-seconds", type=float, default=30.0, help="micro-batch interval")
    p.add_argument(
        "--available-now", action="store_true", help="ingest what the topic holds now, in as many batches as needed, then stop"
    )
    p.add_argument("--max-offsets-per-trigger", type=int, help="records per micro-batch at most")
    p.add_argument(
        "--kafka-property",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Kafka consumer setting, e.g. security.protocol=SASL_SSL (never printed)",
    )
    p.add_argument("--log-level", default="WARN", help="Spark's log level (default WARN: the job's own lines show)")
    p.add_argument(
        "--kafka-property-file",
        metavar="FILE",
        help="Kafka consumer settings, one KEY=VALUE per line (# comments): for credentials, "
        "which a command line shows to every user of the host",
    )
    p.add_argument(
        "--catalog",
        help="a catalog of Delta Lake or Iceberg tables (configured with spark.sql.catalog.NAME): "
        "the tables go there instead of Parquet files under OUTPUT",
    )
    p.add_argument("--namespace", default="pyrometer", help="the catalog's namespace for the tables (default pyrometer)")
    p.add_argument("--table-format", choices=FORMATS, help="the format of the catalog's tables (with --catalog)")
    args = p.parse_args(argv)
    if bool(args.catalog) != bool(args.table_format):
        p.error("--catalog and --table-format go together")
    for name in [args.catalog or "x"] + args.namespace.split("."):
        if not IDENTIFIER.match(name):
            p.error("%r is not a catalog or namespace name (letters, digits, _)" % name)
    args.output = args.output.rstrip("/")
    args.checkpoint = args.checkpoint or args.output + "/_checkpoint"
    for kv in args.kafka_property:
        if "=" not in kv or not kv.partition("=")[0]:
            p.error("--kafka-property wants KEY=VALUE, got a value without '='")
    if args.kafka_property_file:
        try:
            with open(args.kafka_property_file) as f:
                lines = f.read().splitlines()
        except OSError as e:
            p.error("cannot read --kafka-property-file %s: %s" % (args.kafka_property_file, e.strerror))
        for n, line in enumerate(lines, 1):
            line = line.strip()
            if line and not line.startswith(("#", "!")):
                if "=" not in line:
                    p.error("%s line %d: not KEY=VALUE" % (args.kafka_property_file, n))
                args.kafka_property.append(line)
    return args


def released_schemas(jar):
    """[(version, schema JSON text)] of every released envelope schema, oldest first."""
    out = []
    try:
        with zipfile.ZipFile(jar) as z:
            for name in z.namelist():
                m = re.match(re.escape(HISTORY_PREFIX) + r"(\d+)\.avsc$", name)
                if m:
                    out.append((int(m.group(1)), z.read(name).decode("utf-8")))
    except (OSError, zipfile.BadZipFile) as e:
        raise SystemExit("spark_ingest_job.py: cannot read the schemas from %s: %s" % (jar, e)) from None
    if not out:
        raise SystemExit("spark_ingest_job.py: %s holds no %s*.avsc (not a Pyrometer jar?)" % (jar, HISTORY_PREFIX))
    return sorted(out)


def snake(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def payload_types(reader_json):
    """The payload union's record names, in union order (from_avro's member0, member1, ...)."""
    schema = json.loads(reader_json)
    for field in schema["fields"]:
        if field["name"] == "payload":
            return [t["name"] if isinstance(t, dict) else t.rsplit(".", 1)[-1] for t in field["type"]]
    raise SystemExit("spark_ingest_job.py: the envelope schema has no payload field")


class Tables:
    """The output root: staged writes moved into place under names that carry the batch id."""

    def __init__(self, spark, root):
        self.spark = spark
        jvm = spark.sparkContext._jvm
        self.jvm = jvm
        self.root = root
        self.label = root
        self.fs = jvm.org.apache.hadoop.fs.Path(root).getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        # Set once the query started: its id (kept in its checkpoint) in every file name, so that a
        # new checkpoint, whose batch ids start at 0 again, never replaces another query's files.
        self.query = None

    def name(self, batch_id):
        return "part-%s-b%d-" % (self.query, batch_id)

    def path(self, *parts):
        return self.jvm.org.apache.hadoop.fs.Path("/".join((self.root,) + parts))

    def exists(self, table, partitions=("day", "app")):
        """Whether the table holds a file (a replay may have emptied the directories it made)."""
        return bool(self.fs.globStatus(self.path(table, *(["*"] * len(partitions) + ["*.parquet"]))))

    def discard(self, batch_id):
        """Removes what an interrupted attempt of this batch wrote: its staging and its moved files."""
        self.fs.delete(self.path(STAGING, str(batch_id)), True)
        for status in self.fs.globStatus(self.path("*", "*", "*", self.name(batch_id) + "*")) or []:
            self.fs.delete(status.getPath(), False)
        for status in self.fs.globStatus(self.path("*", "*", self.name(batch_id) + "*")) or []:
            self.fs.delete(status.getPath(), False)

    def append(self, table, df, partitions, batch_id):
        """Writes df into the staging of this batch, then moves its files into the table. Always
        True (appended): a replay has deleted what its interrupted attempt moved, and writes it again."""
        staged = "/".join((self.root, STAGING, str(batch_id), table))
        df.write.mode("overwrite").partitionBy(*partitions).parquet(staged)
        staged_path = self.jvm.org.apache.hadoop.fs.Path(staged)
        files = self.fs.globStatus(self.jvm.org.apache.hadoop.fs.Path(staged + "/*" * len(partitions) + "/*.parquet"))
        for n, status in enumerate(sorted(files or [], key=lambda s: s.getPath().toString())):
            src = status.getPath()
            rel = [src.getParent()]
            for _ in range(len(partitions) - 1):
                rel.insert(0, rel[0].getParent())
            dirs = [p.getName() for p in rel]
            target_dir = self.path(table, *dirs)
            self.fs.mkdirs(target_dir)
            target = self.jvm.org.apache.hadoop.fs.Path(target_dir, "%s%05d.parquet" % (self.name(batch_id), n))
            if not self.fs.rename(src, target):
                raise IOError("cannot move %s to %s" % (src, target))
        self.fs.delete(staged_path, True)
        return True

    def finish(self, batch_id):
        self.fs.delete(self.path(STAGING, str(batch_id)), True)


class CatalogTables:
    """Delta Lake or Iceberg tables of a catalog: each table's append in a batch is one commit marked
    with the query's id and the batch's, so that a replay skips what its interrupted attempt committed."""

    def __init__(self, spark, catalog, namespace, table_format):
        self.spark = spark
        self.format = table_format
        self.namespace = ".".join("`%s`" % part for part in [catalog] + namespace.split("."))
        self.label = "%s.%s (%s)" % (catalog, namespace, table_format)
        # Set once the query started: its id (kept in its checkpoint).
        self.query = None
        # Only the first batch a run processes can be a replay: a batch that fails stops the query.
        self.first_batch = None
        # The tables known to exist, and those this run created (they hold no commit to look for).
        self.existing = set()
        self.created = set()

    def prepare(self):
        """Creates the namespace, or stops with one line when the catalog is not there."""
        try:
            self.spark.sql("CREATE NAMESPACE IF NOT EXISTS %s" % self.namespace)
        except Exception as e:  # noqa: BLE001 - the JVM's error: its first line says what is wrong
            raise SystemExit(
                "spark_ingest_job.py: cannot use the namespace %s: %s (is the catalog configured: "
                "--conf spark.sql.catalog.NAME=...?)" % (self.label, str(e).strip().split("\n")[0])
            ) from None

    def name(self, table):
        return "%s.`%s`" % (self.namespace, table)

    def mark(self, batch_id):
        return "%s/%d" % (self.query, batch_id)

    def committed(self, table, batch_id):
        """Whether the table holds this batch's commit (an interrupted attempt made it)."""
        from pyspark.sql import functions as F

        if self.format == "delta":
            history = self.spark.sql("DESCRIBE HISTORY %s LIMIT %d" % (self.name(table), DELTA_HISTORY))
            done = history.where(F.col("userMetadata") == "%s=%s" % (BATCH_MARK, self.mark(batch_id)))
        else:
            snapshots = self.spark.table(self.name(table) + ".snapshots")
            done = snapshots.where(F.col("summary").getItem(BATCH_MARK) == self.mark(batch_id))
        return bool(done.limit(1).collect())

    def append(self, table, df, partitions, batch_id):
        """Appends df as one commit of this batch, creating the table first; False when the table
        already holds that commit (the batch is a replay)."""
        from pyspark.sql import functions as F

        name = self.name(table)
        if table not in self.existing:
            if not self.spark.catalog.tableExists(name):
                create = df.limit(0).writeTo(name).using(self.format).partitionedBy(*[F.col(c) for c in partitions])
                if self.format == "iceberg":
                    # A newer envelope adds columns: appends may carry them (merge-schema below).
                    create = create.tableProperty("write.spark.accept-any-schema", "true")
                create.create()
                self.created.add(table)
            self.existing.add(table)
        if batch_id == self.first_batch and table not in self.created and self.committed(table, batch_id):
            return False
        writer = df.writeTo(name)
        if self.format == "delta":
            # Delta skips an append whose (txnAppId, txnVersion) it has recorded, atomically with the
            # commit: the check above only saves the work.
            writer = (
                writer.option("txnAppId", self.query)
                .option("txnVersion", str(batch_id))
                .option("userMetadata", "%s=%s" % (BATCH_MARK, self.mark(batch_id)))
                .option("mergeSchema", "true")
            )
        else:
            writer = writer.option("snapshot-property." + BATCH_MARK, self.mark(batch_id)).option("merge-schema", "true")
        writer.append()
        return True


class Ingest:
    def __init__(self, spark, args):
        from pyspark.sql import functions as F

        self.F = F
        self.spark = spark
        self.args = args
        jvm = spark.sparkContext._jvm
        schemas = released_schemas(args.schemas_jar)
        self.reader = schemas[-1][1]
        self.writers = []
        for version, text in schemas:
            fp = jvm.org.apache.avro.SchemaNormalization.parsingFingerprint64(jvm.org.apache.avro.Schema.Parser().parse(text))
            self.writers.append((version, struct.pack("<q", fp).hex().upper(), text))
        self.types = payload_types(self.reader)
        # The keys, the staging and (without --catalog) the tables: files under OUTPUT.
        self.tables = Tables(spark, args.output)
        # Where the payload tables and rejected_records go.
        self.sink = CatalogTables(spark, args.catalog, args.namespace, args.table_format) if args.catalog else self.tables
        self.totals = {"records": 0, "rows": 0, "duplicates": 0, "rejected": 0}
        self.held = []
        self.started = threading.Event()

    def log(self, text):
        sys.stderr.write("pyrometer spark-ingest: %s\n" % text)
        sys.stderr.flush()

    def framed(self, raw):
        """The batch with its header read: _magic, _fp (hex), _size."""
        F = self.F
        return raw.select(
            "*",
            F.expr("hex(substring(value, 1, 2))").alias("_magic"),
            F.expr("hex(substring(value, 3, 8))").alias("_fp"),
            F.expr("coalesce(length(value), 0)").alias("_size"),
        )

    def header_ok(self):
        F = self.F
        return (F.col("_size") >= HEADER_BYTES) & (F.col("_magic") == MAGIC_HEX)

    def decoded(self, framed, fingerprints):
        """Rows of the batch whose fingerprint is known, decoded (column e, with a null payload when
        the body is corrupt) with only the writer versions present in the batch, so that the plan carries one
        or two schemas rather than every release."""
        F = self.F
        from pyspark.sql.avro.functions import from_avro

        body = F.expr("substring(value, %d, length(value) - %d)" % (HEADER_BYTES + 1, HEADER_BYTES))
        out = None
        for _version, hex_fp, text in self.writers:
            if hex_fp in fingerprints:
                part = framed.where(self.header_ok() & (F.col("_fp") == hex_fp)).select(
                    "*", from_avro(body, text, {"mode": "PERMISSIVE", "avroSchema": self.reader}).alias("e")
                )
                out = part if out is None else out.unionByName(part)
        return out

    def strangers(self, framed):
        """Records that are not a known envelope version, with their reason and detail."""
        F = self.F
        known = [hex_fp for _, hex_fp, _ in self.writers]
        return framed.where(~self.header_ok() | ~F.col("_fp").isin(known)).select(
            "*",
            F.when(~self.header_ok(), F.lit("BAD_HEADER")).otherwise(F.lit("UNKNOWN_SCHEMA")).alias("_reason"),
            F.when(
                ~self.header_ok(), F.lit("not Avro single-object encoding (no C3 01 marker, or shorter than the 10-byte header)")
            )
            .otherwise(F.concat(F.lit("schema fingerprint "), F.col("_fp"), F.lit(" is no released envelope version")))
            .alias("_detail"),
        )

    def rejected_rows(self, rejects):
        F = self.F
        return rejects.select(
            F.col("topic"),
            F.col("partition").alias("kafka_partition"),
            F.col("offset").alias("kafka_offset"),
            F.col("_reason").alias("reason"),
            F.col("_detail").alias("detail"),
            F.expr("CAST(key AS STRING)").alias("record_key"),
            F.col("_size").alias("size_bytes"),
            F.expr("substring(value, 1, %d)" % MAX_KEPT_BYTES).alias("body"),
            F.col("timestamp").alias("kafka_timestamp"),
            F.date_format(F.col("timestamp"), "yyyy-MM-dd").alias("day"),
        )

    def envelope(self, decoded):
        """The envelope's columns, the payload's union index (_type) and struct, and the day and app."""
        F = self.F
        cols = [F.expr(sql).alias(name) for name, sql in ENVELOPE]
        # The union member that is set: from_avro names them member0, member1, ... in union order.
        index = F.coalesce(*[F.when(F.col("e.payload.member%d" % i).isNotNull(), F.lit(i)) for i in range(len(self.types))])
        rows = decoded.where(F.col("e.payload").isNotNull()).select(
            *cols, index.alias("_type"), F.col("e.payload").alias("_payload")
        )
        return rows.withColumn("day", F.date_format(F.col("event_time"), "yyyy-MM-dd")).withColumn("app", F.col("run_app_id"))

    def deduplicated(self, rows):
        """One row per (source_instance_id, seq), the earliest position in the batch."""
        from pyspark.sql import Window

        F = self.F
        w = Window.partitionBy("source_instance_id", "seq").orderBy("kafka_partition", "kafka_offset")
        return rows.withColumn("_n", F.row_number().over(w)).where(F.col("_n") == 1).drop("_n")

    def payload_columns(self, rows, i):
        F = self.F
        member = rows.schema["_payload"].dataType["member%d" % i].dataType
        taken = {name for name, _ in ENVELOPE} | {"day", "app"}
        out = []
        for field in member.fields:
            name = snake(field.name)
            out.append(F.col("_payload.member%d.`%s`" % (i, field.name)).alias(name if name not in taken else "payload_" + name))
        return out

    def checkpointed(self, df):
        """df computed once and cut from its lineage (released at the end of the batch)."""
        out = df.localCheckpoint()
        self.held.append(out)
        return out

    def release(self):
        """Frees the blocks of this batch's local checkpoints: a stream must not keep every batch."""
        for df in self.held:
            try:
                df._jdf.logicalPlan().rdd().unpersist(False)
            except Exception as e:  # noqa: BLE001 - another Spark's internals: the cleaner frees them later
                self.log("cannot release a checkpoint of this batch (Spark's cleaner will): %s" % str(e).split("\n")[0])
                break
        self.held = []

    def process(self, batch, batch_id):
        if not self.started.wait(600):
            raise RuntimeError("the streaming query did not report its id")
        if self.sink is not self.tables and self.sink.first_batch is None:
            self.sink.first_batch = batch_id
        try:
            self.process_batch(batch, batch_id)
        finally:
            self.release()

    def process_batch(self, batch, batch_id):
        F = self.F
        self.tables.discard(batch_id)
        # localCheckpoint: each step below starts from materialized rows, not from a plan that
        # re-reads Kafka and carries the envelope's schemas (a plan per table would otherwise
        # hold every from_avro schema, about a megabyte per task).
        raw = self.checkpointed(self.framed(batch.select("key", "value", "topic", "partition", "offset", "timestamp")))
        counts = {(r["_fp"], r["_ok"]): r["count"] for r in raw.groupBy("_fp", self.header_ok().alias("_ok")).count().collect()}
        records = sum(counts.values())
        if records == 0:
            return
        fingerprints = {fp for (fp, ok), _ in counts.items() if ok}
        rejects = self.strangers(raw)
        written, duplicates, present, replayed = 0, 0, [], 0
        decoded = self.decoded(raw, fingerprints)
        if decoded is not None:
            decoded = self.checkpointed(decoded)
            # PERMISSIVE from_avro gives a row of nulls, not a null, for a body it cannot read; a
            # decoded envelope always has a payload.
            corrupt = (
                decoded.where(F.col("e.payload").isNull())
                .drop("e")
                .select(
                    "*",
                    F.lit("CORRUPT_BODY").alias("_reason"),
                    F.lit("the body does not match the schema its fingerprint names (truncated or corrupted)").alias("_detail"),
                )
            )
            rejects = rejects.unionByName(corrupt)
            rows = self.checkpointed(self.envelope(decoded))
            kept = self.deduplicated(rows)
            apps = [r["app"] for r in rows.select("app").distinct().collect()]
            if self.tables.exists(KEYS, ["app"]):
                # Keys an earlier batch wrote: the partitions of this batch's applications only.
                seen = self.spark.read.parquet(self.args.output + "/" + KEYS).where(F.col("app").isin(apps))
                kept = kept.join(seen.select("source_instance_id", "seq"), ["source_instance_id", "seq"], "left_anti")
            kept = self.checkpointed(kept)
            by_type = {r["_type"]: r["count"] for r in kept.groupBy("_type").count().collect()}
            written = sum(by_type.values())
            duplicates = rows.count() - written
            present = sorted(by_type)
            for i in present:
                table = snake(self.types[i])
                cols = [F.col(name) for name, _ in ENVELOPE] + self.payload_columns(kept, i) + [F.col("day"), F.col("app")]
                out = kept.where(F.col("_type") == i).select(*cols)
                # One file per day and application and batch; a shuffle only for large batches.
                out = out.coalesce(1) if by_type[i] < LARGE_BATCH_ROWS else out.repartition("day", "app")
                replayed += not self.sink.append(table, out, ["day", "app"], batch_id)
            if written:
                self.tables.append(KEYS, kept.select("source_instance_id", "seq", "app").coalesce(1), ["app"], batch_id)
        rejected = self.rejected_rows(rejects).persist()
        n_rejected = rejected.count()
        if n_rejected:
            replayed += not self.sink.append(REJECTS, rejected.coalesce(1), ["day"], batch_id)
        rejected.unpersist()
        self.tables.finish(batch_id)
        for k, v in (("records", records), ("rows", written), ("duplicates", duplicates), ("rejected", n_rejected)):
            self.totals[k] += v
        self.log(
            "batch %d: %d records, %d rows in %d tables, %d duplicates dropped, %d rejected%s"
            % (
                batch_id,
                records,
                written,
                len(present),
                duplicates,
                n_rejected,
                "; %d of its tables already held it (a replay: not appended again)" % replayed if replayed else "",
            )
        )

    def run(self):
        a = self.args
        reader = (
            self.spark.readStream.format("kafka")
            .option("kafka.bootstrap.servers", a.bootstrap)
            .option("subscribe", a.topic)
            .option("startingOffsets", a.starting_offsets)
            .option("failOnDataLoss", "false")
        )
        if a.max_offsets_per_trigger:
            reader = reader.option("maxOffsetsPerTrigger", str(a.max_offsets_per_trigger))
        for kv in a.kafka_property:
            key, _, value = kv.partition("=")
            reader = reader.option(key if key.startswith("kafka.") else "kafka." + key, value)
        writer = reader.load().writeStream.foreachBatch(self.process).option("checkpointLocation", a.checkpoint)
        writer = (
            writer.trigger(availableNow=True)
            if a.available_now
            else writer.trigger(processingTime="%g seconds" % a.trigger_seconds)
        )
        if self.sink is not self.tables:
            self.sink.prepare()
        self.log(
            "reading %s from %s into %s (checkpoint %s; %d envelope versions)"
            % (a.topic, a.bootstrap, self.sink.label, a.checkpoint, len(self.writers))
        )
        query = writer.start()
        self.tables.query = query.id.split("-")[0]
        if self.sink is not self.tables:
            self.sink.query = query.id
        self.started.set()
        query.awaitTermination()
        self.log(
            "done: %(records)d records, %(rows)d rows, %(duplicates)d duplicates dropped, %(rejected)d rejected" % self.totals
        )


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("pyrometer-spark-ingest").getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.sparkContext.setLogLevel(args.log_level)
    Ingest(spark, args).run()
    spark.stop()


if __name__ == "__main__":
    main()

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.collector.diagnose.Diagnosis;
import dev.pyrometer.collector.diagnose.Finding;
import dev.pyrometer.collector.diagnose.ScaleUp;
import dev.pyrometer.collector.timeline.ConnectTimeline.Operation;
import dev.pyrometer.collector.timeline.ConnectTimeline.Session;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.Executor;
import dev.pyrometer.collector.timeline.RunTimeline.Failure;
import dev.pyrometer.collector.timeline.RunTimeline.Job;
import dev.pyrometer.collector.timeline.RunTimeline.JvmPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessKind;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessSeries;
import dev.pyrometer.collector.timeline.RunTimeline.Py4jOutlier;
import dev.pyrometer.collector.timeline.RunTimeline.Py4jStat;
import dev.pyrometer.collector.timeline.RunTimeline.PythonUdfRow;
import dev.pyrometer.collector.timeline.RunTimeline.PythonWorkerTask;
import dev.pyrometer.collector.timeline.RunTimeline.SerializerStat;
import dev.pyrometer.collector.timeline.RunTimeline.SourceLoss;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.wire.CounterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every table of a store, each declared once: {@code schema.sql} (for people and the Spark SQL
 * views), the DDL of DuckDB and PostgreSQL, the upgrade of an older store ({@link StoreSchema})
 * and the rows written ({@link JdbcRunStore}) all come from these declarations. A derived table's
 * rows are the run's timeline, replaced at every save of the run.
 */
final class Tables {
    private Tables() {
    }

    /** One row per upgrade: the schema version a store was brought to, when, and by what. */
    record VersionRow(int version, long appliedMs, String description) {
    }

    static final Table<VersionRow> SCHEMA_VERSION = Table.<VersionRow>table("schema_version")
            .integer("version", VersionRow::version)
            .bigint("applied_ms", VersionRow::appliedMs)
            .varchar("description", VersionRow::description)
            .primaryKey("version")
            .build();

    static final Table<SavedRun> RUNS = Table.<SavedRun>derived("runs", List::of)
            .varchar("app_id", r -> r.timeline().app().appId())
            .varchar("attempt_id", r -> r.timeline().app().attemptId())
            .varchar("app_name", r -> r.timeline().app().name())
            .varchar("series", r -> r.timeline().app().series())
            .varchar("user_name", r -> r.timeline().app().user())
            .varchar("spark_version", r -> r.timeline().app().sparkVersion())
            .varchar("master", r -> r.timeline().app().master())
            .varchar("status", r -> r.timeline().status().name())
            .bigint("start_ms", r -> r.timeline().app().startMs())
            .bigint("end_ms", r -> r.timeline().app().endMs())
            .bigint("duration_ms", r -> r.timeline().app().durationMs())
            .bool("end_seen", r -> r.timeline().app().endSeen())
            .integer("exit_code", r -> r.timeline().app().exitCode())
            .integer("kafka_partition", SavedRun::partition)
            .bigint("events", r -> r.timeline().eventCount())
            .integer("jobs", r -> r.timeline().jobs().size())
            .integer("stages", r -> r.timeline().stages().size())
            .integer("tasks", r -> r.timeline().tasks().size())
            .integer("failed_tasks", r -> (int) r.timeline().failedTasks())
            .bigint("peak_python_rss", r -> r.timeline().peakPythonRss())
            .bigint("lost_events", r -> r.timeline().loss().lostEvents())
            .bigint("seq_gaps", r -> r.timeline().loss().seqGaps())
            .bigint("emitter_dropped", r -> r.timeline().loss().emitterDropped())
            .bigint("listener_bus_dropped", r -> r.timeline().loss().listenerBusDropped())
            .bigint("suppressed_errors", r -> r.timeline().loss().suppressedErrors())
            .bigint("duplicates", r -> r.timeline().loss().duplicates())
            .bigint("inconsistent_events", r -> (long) r.timeline().inconsistencies().size())
            .bigint("updated_ms", SavedRun::nowMs)
            // Added after the first release (so, like any later column, at the end).
            .float8("scale", r -> declaredScale(r.timeline()))
            .primaryKey("run_id")
            .noIndex()
            .build();

    static final Table<StoredEvent> EVENTS = Table.<StoredEvent>table("events")
            .varchar("run_id", StoredEvent::runId)
            .varchar("instance_id", StoredEvent::instanceId)
            .bigint("seq", StoredEvent::seq)
            .bigint("time_us", StoredEvent::timeMicros)
            .varchar("payload_type", StoredEvent::payloadType)
            .varchar("topic", StoredEvent::topic)
            .integer("kafka_partition", StoredEvent::partition)
            .bigint("kafka_offset", StoredEvent::offset)
            .bool("duplicate", StoredEvent::duplicate)
            .blob("body", StoredEvent::body)
            .index("run_id")
            .build();

    static final Table<Job> JOBS = Table.<Job>derived("jobs", r -> r.timeline().jobs())
            .integer("job_id", Job::jobId)
            .bigint("submit_ms", Job::submitMs)
            .bigint("end_ms", Job::endMs)
            .bool("succeeded", Job::succeeded)
            .varchar("description", Job::description)
            .varchar("call_site", Job::callSite)
            .varchar("job_group", Job::jobGroup)
            .varchar("stage_ids", j -> j.stageIds().stream().map(String::valueOf).collect(Collectors.joining(",")))
            .integer("total_tasks", Job::totalTasks)
            .varchar("failure_class", Job::failureClass)
            .varchar("failure_message", Job::failureMessage)
            .build();

    static final Table<Stage> STAGES = Table.<Stage>derived("stages", r -> r.timeline().stages())
            .integer("stage_id", Stage::stageId)
            .integer("attempt_id", Stage::attemptId)
            .integer("job_id", Stage::jobId)
            .varchar("name", Stage::name)
            .integer("num_tasks", Stage::numTasks)
            .bigint("submit_ms", Stage::submitMs)
            .bigint("complete_ms", Stage::completeMs)
            .varchar("failure_reason", Stage::failureReason)
            .integer("tasks_succeeded", Stage::tasksSucceeded)
            .integer("tasks_failed", Stage::tasksFailed)
            .bigint("input_bytes", Stage::inputBytes)
            .bigint("shuffle_read_bytes", Stage::shuffleReadBytes)
            .bigint("shuffle_write_bytes", Stage::shuffleWriteBytes)
            .bigint("spill_bytes", Stage::spillBytes)
            .bigint("task_time_ms", Stage::taskTimeMs)
            .build();

    static final Table<Task> TASKS = Table.<Task>derived("tasks", r -> r.timeline().tasks())
            .bigint("task_id", Task::taskId)
            .integer("stage_id", Task::stageId)
            .integer("stage_attempt", Task::stageAttempt)
            .integer("task_index", Task::index)
            .integer("attempt", Task::attempt)
            .varchar("executor_id", Task::executorId)
            .varchar("host", Task::host)
            .bigint("launch_ms", Task::launchMs)
            .bigint("finish_ms", Task::finishMs)
            .bigint("duration_ms", Task::durationMs)
            .varchar("status", t -> t.status().name())
            .bool("speculative", Task::speculative)
            .bigint("run_time_ms", Task::runTimeMs)
            .bigint("cpu_ms", Task::cpuMs)
            .bigint("gc_ms", Task::gcMs)
            .bigint("input_bytes", Task::inputBytes)
            .bigint("shuffle_read_bytes", Task::shuffleReadBytes)
            .bigint("shuffle_write_bytes", Task::shuffleWriteBytes)
            .bigint("spill_bytes", Task::spillBytes)
            .bigint("result_bytes", Task::resultBytes)
            .bigint("peak_execution_memory", Task::peakExecutionMemory)
            .bigint("peak_jvm_heap", Task::peakJvmHeap)
            .bigint("peak_python_rss", Task::peakPythonRss)
            .varchar("failure_kind", t -> t.failureKind() == null ? null : t.failureKind().name())
            .build();

    /** One row per task and Python plan node it ran (docs/diagnosis.md, "Python per stage and per UDF"). */
    static final Table<PythonUdfRow> PYTHON_UDFS = Table.<PythonUdfRow>derived("python_udfs", r -> r.timeline().pythonUdfs())
            .bigint("task_id", PythonUdfRow::taskId)
            .integer("stage_id", PythonUdfRow::stageId)
            .integer("stage_attempt", PythonUdfRow::stageAttempt)
            .varchar("executor_id", PythonUdfRow::executorId)
            .bigint("execution_id", PythonUdfRow::executionId)
            .varchar("node", PythonUdfRow::node)
            .bool("arrow", PythonUdfRow::arrow)
            .varchar("functions", u -> String.join(", ", u.functions()))
            .bigint("rows_out", PythonUdfRow::rowsOut)
            .bigint("bytes_to_python", PythonUdfRow::bytesToPython)
            .bigint("bytes_from_python", PythonUdfRow::bytesFromPython)
            .bigint("python_time_ms", PythonUdfRow::pythonTimeMs)
            .build();

    /** One row per task and the Python worker that served it, from the agent's samples. */
    static final Table<PythonWorkerTask> PYTHON_WORKER_TASKS =
            Table.<PythonWorkerTask>derived("python_worker_tasks", r -> r.timeline().pythonWorkerTasks())
                    .bigint("task_id", PythonWorkerTask::taskId)
                    .varchar("executor_id", PythonWorkerTask::executorId)
                    .bigint("pid", PythonWorkerTask::pid)
                    .bigint("first_ms", PythonWorkerTask::firstMs)
                    .bigint("last_ms", PythonWorkerTask::lastMs)
                    .bigint("rss_start_bytes", PythonWorkerTask::rssStartBytes)
                    .bigint("rss_peak_bytes", PythonWorkerTask::rssPeakBytes)
                    .bigint("rss_end_bytes", PythonWorkerTask::rssEndBytes)
                    .bigint("cpu_ms", PythonWorkerTask::cpuMs)
                    .integer("samples", PythonWorkerTask::samples)
                    .build();

    static final Table<Executor> EXECUTORS = Table.<Executor>derived("executors", r -> r.timeline().executors())
            .varchar("executor_id", Executor::executorId)
            .varchar("host", Executor::host)
            .integer("cores", Executor::cores)
            .bigint("added_ms", Executor::addedMs)
            .bigint("removed_ms", Executor::removedMs)
            .varchar("remove_reason", Executor::removeReason)
            .bigint("clock_offset_ms", Executor::clockOffsetMs)
            .integer("tasks", Executor::tasks)
            .integer("failed_tasks", Executor::failedTasks)
            .build();

    static final Table<ProcessSeries> PROCESSES = Table.<ProcessSeries>derived("processes", r -> r.timeline().processes())
            .varchar("process_key", Tables::processKey)
            .varchar("source_instance", ProcessSeries::sourceInstance)
            .varchar("executor_id", ProcessSeries::executorId)
            .varchar("host", ProcessSeries::host)
            .bigint("pid", ProcessSeries::pid)
            .bigint("ppid", ProcessSeries::ppid)
            .varchar("kind", p -> p.kind().name())
            .varchar("command", ProcessSeries::command)
            .bigint("start_ms", ProcessSeries::startMs)
            .bigint("first_ms", ProcessSeries::firstMs)
            .bigint("last_ms", ProcessSeries::lastMs)
            .bool("exited", ProcessSeries::exited)
            .bigint("peak_rss_bytes", ProcessSeries::peakRssBytes)
            .integer("samples", p -> p.points().size())
            .build();

    /** A row of samples: one point of a process series (origin "process") or one JVM sample (origin "jvm"). */
    record Sample(String origin, String processKey, String executorId, Long pid, String kind, long timeMs,
            Long rssBytes, Long pssBytes, Long cpuMs, Long taskId, Long heapUsed, Long heapMax, Long gcTimeMs) {
        static Sample of(ProcessSeries p, ProcessPoint pt) {
            return new Sample("process", Tables.processKey(p), p.executorId(), p.pid(), p.kind().name(), pt.timeMs(), pt.rssBytes(),
                    pt.pssBytes(), pt.cpuMs(), pt.taskId(), null, null, null);
        }

        static Sample of(JvmPoint j) {
            return new Sample("jvm", j.sourceInstance() + "|jvm", j.executorId(), null, ProcessKind.JVM.name(), j.timeMs(), j.rssBytes(),
                    null, j.processCpuMs(), null, j.heapUsed(), j.heapMax(), j.gcTimeMs());
        }
    }

    static final Table<Sample> SAMPLES = Table.<Sample>derived("samples", Tables::samples)
            .varchar("origin", Sample::origin)
            .varchar("process_key", Sample::processKey)
            .varchar("executor_id", Sample::executorId)
            .bigint("pid", Sample::pid)
            .varchar("kind", Sample::kind)
            .bigint("time_ms", Sample::timeMs)
            .bigint("rss_bytes", Sample::rssBytes)
            .bigint("pss_bytes", Sample::pssBytes)
            .bigint("cpu_ms", Sample::cpuMs)
            .bigint("task_id", Sample::taskId)
            .bigint("heap_used", Sample::heapUsed)
            .bigint("heap_max", Sample::heapMax)
            .bigint("gc_time_ms", Sample::gcTimeMs)
            .build();

    /** A row of py4j_calls: one interval's totals of a (class, method), or one outlier call. */
    record Py4jRow(String rowKind, String executorId, long startMs, long endMs, String targetClass, String method,
            long calls, long errors, long totalUs, long maxUs, long totalResponseChars, long maxResponseChars,
            String reason, String threadName, String jobGroup, String errorClass, String errorMessage) {
        static Py4jRow of(Py4jStat s) {
            return new Py4jRow("interval", s.executorId(), s.startMs(), s.endMs(), s.targetClass(), s.method(), s.calls(),
                    s.errors(), s.totalMicros(), s.maxMicros(), s.totalResponseChars(), s.maxResponseChars(), null, null,
                    null, null, null);
        }

        static Py4jRow of(Py4jOutlier o) {
            return new Py4jRow("outlier", o.executorId(), o.startMs(), o.startMs() + o.durationMicros() / 1000,
                    o.targetClass(), o.method(), 1, o.errorClass() == null ? 0 : 1, o.durationMicros(),
                    o.durationMicros(), o.responseChars(), o.responseChars(), o.reason(), o.threadName(), o.jobGroup(),
                    o.errorClass(), o.errorMessage());
        }
    }

    static final Table<Py4jRow> PY4J_CALLS = Table.<Py4jRow>derived("py4j_calls", Tables::py4jRows)
            .varchar("row_kind", Py4jRow::rowKind)
            .varchar("executor_id", Py4jRow::executorId)
            .bigint("start_ms", Py4jRow::startMs)
            .bigint("end_ms", Py4jRow::endMs)
            .varchar("target_class", Py4jRow::targetClass)
            .varchar("method", Py4jRow::method)
            .bigint("calls", Py4jRow::calls)
            .bigint("errors", Py4jRow::errors)
            .bigint("total_us", Py4jRow::totalUs)
            .bigint("max_us", Py4jRow::maxUs)
            .bigint("total_response_chars", Py4jRow::totalResponseChars)
            .bigint("max_response_chars", Py4jRow::maxResponseChars)
            .varchar("reason", Py4jRow::reason)
            .varchar("thread_name", Py4jRow::threadName)
            .varchar("job_group", Py4jRow::jobGroup)
            .varchar("error_class", Py4jRow::errorClass)
            .varchar("error_message", Py4jRow::errorMessage)
            .build();

    static final Table<SerializerStat> SERIALIZER_STATS =
            Table.<SerializerStat>derived("serializer_stats", r -> r.timeline().serializerStats())
            .varchar("executor_id", SerializerStat::executorId)
            .bigint("start_ms", SerializerStat::startMs)
            .bigint("end_ms", SerializerStat::endMs)
            .varchar("serializer", SerializerStat::serializer)
            .varchar("operation", SerializerStat::operation)
            .bigint("calls", SerializerStat::calls)
            .bigint("bytes", SerializerStat::bytes)
            .bigint("total_us", SerializerStat::totalMicros)
            .bigint("max_us", SerializerStat::maxMicros)
            .bigint("max_bytes", SerializerStat::maxBytes)
            .bigint("errors", SerializerStat::errors)
            .build();

    static final Table<Failure> FAILURES = Table.<Failure>derived("failures", r -> r.timeline().failures())
            .bigint("time_ms", Failure::timeMs)
            .varchar("scope", f -> f.scope().wire())
            .varchar("ref", Failure::ref)
            .varchar("executor_id", Failure::executorId)
            .varchar("kind", f -> f.kind().name())
            .varchar("class_name", Failure::className)
            .varchar("message", Failure::message)
            .varchar("stack_trace", Failure::stackTrace)
            .build();

    /** A row of lost_events: one loss counter of one source. */
    record LostRow(SourceLoss source, String counter, long count) {
    }

    static final Table<LostRow> LOST_EVENTS = Table.<LostRow>derived("lost_events", Tables::lostRows)
            .varchar("source_instance", l -> l.source().instanceId())
            .varchar("role", l -> l.source().role())
            .varchar("executor_id", l -> l.source().executorId())
            .varchar("host", l -> l.source().host())
            .varchar("counter", LostRow::counter)
            .bigint("count", LostRow::count)
            .build();

    static final Table<SourceLoss> SOURCE_LOSS =
            Table.<SourceLoss>derived("source_loss", r -> r.timeline().loss().sources())
            .varchar("source_instance", SourceLoss::instanceId)
            .varchar("role", SourceLoss::role)
            .varchar("executor_id", SourceLoss::executorId)
            .varchar("host", SourceLoss::host)
            .bigint("pid", SourceLoss::pid)
            .bigint("received", SourceLoss::events)
            .bigint("first_seq", SourceLoss::firstSeq)
            .bigint("last_seq", SourceLoss::maxSeq)
            .bigint("last_event_ms", SourceLoss::lastEventMs)
            .bigint("missing", SourceLoss::seqGaps)
            .bigint("counted_drops", SourceLoss::countedDrops)
            .bigint("unaccounted", SourceLoss::unaccounted)
            .bool("final_report", SourceLoss::finalReport)
            .varchar("verdict", s -> s.verdict().wire())
            .build();

    static final Table<RejectedRecord> REJECTED_RECORDS = Table.<RejectedRecord>table("rejected_records")
            .varchar("topic", RejectedRecord::topic)
            .integer("kafka_partition", RejectedRecord::partition)
            .bigint("kafka_offset", RejectedRecord::offset)
            .varchar("reason", RejectedRecord::reason)
            .varchar("detail", RejectedRecord::detail)
            .varchar("record_key", RejectedRecord::recordKey)
            .integer("size_bytes", RejectedRecord::sizeBytes)
            .blob("body", RejectedRecord::body)
            .bigint("received_ms", RejectedRecord::receivedMs)
            .varchar("run_id", RejectedRecord::runId)
            .primaryKey("topic", "kafka_partition", "kafka_offset")
            .build();

    /** A row of findings: a finding of the diagnosis, stamped with the time of the save. */
    record FindingRow(Finding finding, long createdMs) {
    }

    static final Table<FindingRow> FINDINGS = Table.<FindingRow>derived("findings",
                    r -> Diagnosis.of(r.timeline()).stream().map(f -> new FindingRow(f, r.nowMs())).toList())
            .varchar("finding_id", f -> f.finding().id())
            .varchar("severity", f -> f.finding().severity().name())
            .varchar("category", f -> f.finding().rule())
            .varchar("title", f -> f.finding().title())
            .varchar("detail", f -> f.finding().detail())
            .bigint("created_ms", FindingRow::createdMs)
            .build();

    static final Table<Session> CONNECT_SESSIONS =
            Table.<Session>derived("connect_sessions", r -> r.timeline().connect().sessions())
            .varchar("session_id", Session::sessionId)
            .varchar("user_id", Session::userId)
            .varchar("state", Session::state)
            .bigint("start_ms", Session::startMs)
            .bigint("end_ms", Session::endMs)
            .bigint("last_activity_ms", Session::lastActivityMs)
            .integer("operations", s -> s.operations().size())
            .integer("failed_operations", s -> (int) s.failedOperations())
            .integer("jobs", s -> s.operations().stream().mapToInt(o -> o.jobIds().size()).sum())
            .integer("tasks", s -> s.operations().stream().mapToInt(Operation::tasks).sum())
            .build();

    static final Table<Operation> CONNECT_OPERATIONS =
            Table.<Operation>derived("connect_operations", r -> r.timeline().connect().operations())
            .varchar("operation_id", Operation::operationId)
            .varchar("session_id", Operation::sessionId)
            .varchar("user_id", Operation::userId)
            .varchar("job_tag", Operation::jobTag)
            .varchar("statement", Operation::statement)
            .varchar("state", Operation::state)
            .bigint("start_ms", Operation::startMs)
            .bigint("analyzed_ms", Operation::analyzedMs)
            .bigint("ready_ms", Operation::readyMs)
            .bigint("finish_ms", Operation::finishMs)
            .bigint("close_ms", Operation::closeMs)
            .bigint("duration_ms", Operation::durationMs)
            .bigint("rows_produced", Operation::rows)
            .varchar("error", Operation::error)
            .integer("jobs", o -> o.jobIds().size())
            .integer("failed_jobs", Operation::failedJobs)
            .integer("tasks", Operation::tasks)
            .integer("failed_tasks", Operation::failedTasks)
            .bigint("task_time_ms", Operation::taskTimeMs)
            .bigint("input_bytes", Operation::inputBytes)
            .bigint("shuffle_read_bytes", Operation::shuffleReadBytes)
            .bigint("shuffle_write_bytes", Operation::shuffleWriteBytes)
            .bigint("spill_bytes", Operation::spillBytes)
            .build();

    /**
     * A row of connect_operation_jobs: links a job of the jobs table to its operation (a table of
     * its own, so that jobs did not change when Spark Connect came).
     */
    record OperationJob(Operation operation, int jobId) {
    }

    static final Table<OperationJob> CONNECT_OPERATION_JOBS = Table.<OperationJob>derived("connect_operation_jobs",
                    r -> r.timeline().connect().operations().stream()
                            .flatMap(o -> o.jobIds().stream().map(j -> new OperationJob(o, j))).toList())
            .integer("job_id", OperationJob::jobId)
            .varchar("operation_id", j -> j.operation().operationId())
            .varchar("session_id", j -> j.operation().sessionId())
            .build();

    /** Every table, in the order schema.sql lists them. */
    static final List<Table<?>> ALL = List.of(SCHEMA_VERSION, RUNS, EVENTS, JOBS, STAGES, TASKS, EXECUTORS, PROCESSES,
            SAMPLES, PY4J_CALLS, SERIALIZER_STATS, FAILURES, LOST_EVENTS, SOURCE_LOSS, REJECTED_RECORDS, FINDINGS,
            CONNECT_SESSIONS, CONNECT_OPERATIONS, CONNECT_OPERATION_JOBS, PYTHON_UDFS, PYTHON_WORKER_TASKS);

    /** The tables a save of a run replaces. */
    static final List<Table<?>> DERIVED = ALL.stream().filter(Table::derived).toList();

    /** Where the generated listing of the tables lives (for people and the Spark SQL views of docs/analytics.md). */
    static final String SCHEMA_SQL = "collector/src/main/resources/dev/pyrometer/collector/store/schema.sql";

    /**
     * The text of {@link #SCHEMA_SQL}: every table in DuckDB's types, then the indexes PostgreSQL
     * adds. TablesTest fails when the file differs, and rewrites it with -Dpyrometer.schema.write=true.
     */
    static String schemaSql() {
        StringBuilder b = new StringBuilder();
        b.append("-- The tables of a Pyrometer store at schema version ").append(StoreSchema.VERSION)
                .append(", in DuckDB's types (PostgreSQL stores BLOB as BYTEA).\n")
                .append("-- Generated from Tables.java, where each table is declared once; the collector does not read this file.\n")
                .append("-- Regenerate: mvn -o -pl collector -am test -Dtest=TablesTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Dpyrometer.schema.write=true\n");
        for (Table<?> t : ALL) {
            b.append(t.createSql(Dialect.DUCKDB)).append(";\n");
        }
        b.append("-- PostgreSQL only: every save of a run deletes and rewrites its rows by run_id.\n");
        for (Table<?> t : ALL) {
            for (String sql : t.indexSql(Dialect.POSTGRES)) {
                b.append(sql).append(";\n");
            }
        }
        return b.toString();
    }

    /** The key of a process series in processes and samples. */
    static String processKey(ProcessSeries p) {
        return p.sourceInstance() + "|" + p.pid() + "|" + p.startMs();
    }

    private static Double declaredScale(RunTimeline t) {
        double s = ScaleUp.declaredScale(t);
        return s > 0 ? s : null;
    }

    private static List<Sample> samples(SavedRun r) {
        List<Sample> out = new ArrayList<>();
        for (ProcessSeries p : r.timeline().processes()) {
            for (ProcessPoint pt : p.points()) {
                out.add(Sample.of(p, pt));
            }
        }
        for (JvmPoint j : r.timeline().jvmSamples()) {
            out.add(Sample.of(j));
        }
        return out;
    }

    private static List<Py4jRow> py4jRows(SavedRun r) {
        List<Py4jRow> out = new ArrayList<>();
        r.timeline().py4jStats().forEach(s -> out.add(Py4jRow.of(s)));
        r.timeline().py4jOutliers().forEach(o -> out.add(Py4jRow.of(o)));
        return out;
    }

    private static List<LostRow> lostRows(SavedRun r) {
        List<LostRow> out = new ArrayList<>();
        for (SourceLoss s : r.timeline().loss().sources()) {
            // Additive: dropped.* (counted by the emitter) + seq_gap.unaccounted = the source's missing sequence numbers.
            if (s.unaccounted() != 0) {
                out.add(new LostRow(s, "seq_gap.unaccounted", s.unaccounted()));
            }
            counters(out, s, "dropped.", s.dropped());
            counters(out, s, CounterNames.LISTENER_BUS_DROPPED_PREFIX, s.listenerBusDropped());
            counters(out, s, "suppressed.", s.suppressed());
        }
        return out;
    }

    private static void counters(List<LostRow> out, SourceLoss s, String prefix, Map<String, Long> counts) {
        counts.forEach((k, v) -> out.add(new LostRow(s, prefix + k, v)));
    }
}

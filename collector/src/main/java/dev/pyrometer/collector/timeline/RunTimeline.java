/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * One run joined from all its events: an immutable snapshot built by {@link RunAssembler}.
 * Every time is epoch milliseconds on the driver's clock (executor times are already corrected
 * by the estimated clock offset of their host); -1 means unknown. Lists are sorted by time.
 *
 * <p>This record is also the schema of the JSON export ({@code export --format json}) and of the
 * HTTP API's {@code /api/runs/<id>}: Jackson writes every component under its own name, plus
 * {@code schemaVersion} ({@link #SCHEMA_VERSION}) first and the derived values marked
 * {@link JsonProperty} (the loss's {@code countedDrops} and {@code unaccounted}); other derived
 * methods ({@code durationMs()}, {@code failedTasks()} ...) are not written. Enums are written as their constant's name,
 * except {@link FailureScope} (lower case) and {@link LossVerdict} (a sentence): see each type.
 * docs/collector.md, "The JSON export", describes the fields and when the version changes.
 *
 * @param app                  facts about the application
 * @param status               whether the run is still running, complete, or ended without its application end
 * @param jobs                 by job id
 * @param stages               stage attempts, by submission time then stage id
 * @param tasks                task attempts, by launch time then task id
 * @param executors            executor lanes, the driver first
 * @param processes            OS processes the agents sampled, by first sighting then pid
 * @param jvmSamples           the JVMs' own memory and GC samples, by time
 * @param py4jStats            Py4J call statistics per export interval
 * @param py4jOutliers         single slow or large Py4J calls
 * @param serializerStats      serializer call statistics per export interval
 * @param failures             everything that failed, by time, scope and ref
 * @param loss                 loss accounting per source
 * @param inconsistencies      events that do not fit the run, kept and flagged
 * @param clockOffsetsMsByHost each executor host's estimated clock offset against the driver's
 * @param eventCount           events joined (duplicates excluded)
 * @param connect              Spark Connect sessions and operations ({@link ConnectTimeline#NONE} for a classic application)
 * @param pythonDumps          Python stacks of workers that served one task for long
 * @param pythonUdfs           Python plan nodes each task ran, with their SQL metrics
 * @param pythonWorkerTasks    Python workers' memory and CPU while they served each task
 */
@JsonPropertyOrder({"schemaVersion"})
public record RunTimeline(
        App app,
        RunStatus status,
        List<Job> jobs,
        List<Stage> stages,
        List<Task> tasks,
        List<Executor> executors,
        List<ProcessSeries> processes,
        List<JvmPoint> jvmSamples,
        List<Py4jStat> py4jStats,
        List<Py4jOutlier> py4jOutliers,
        List<SerializerStat> serializerStats,
        List<Failure> failures,
        Loss loss,
        List<Inconsistency> inconsistencies,
        Map<String, Long> clockOffsetsMsByHost,
        long eventCount,
        ConnectTimeline connect,
        List<PythonDumpRow> pythonDumps,
        List<PythonUdfRow> pythonUdfs,
        List<PythonWorkerTask> pythonWorkerTasks) {

    /**
     * The version of the JSON schema this record writes. Adding a field keeps it; renaming or
     * removing a field, changing a field's type or unit, or changing an enum's written values
     * raises it (docs/collector.md, "The JSON export").
     */
    public static final int SCHEMA_VERSION = 1;

    /** {@link #SCHEMA_VERSION}, written first in the JSON so that a reader can check it. */
    @JsonProperty("schemaVersion")
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** A timeline without Python UDF metrics or worker use per task. */
    public RunTimeline(App app, RunStatus status, List<Job> jobs, List<Stage> stages, List<Task> tasks,
            List<Executor> executors, List<ProcessSeries> processes, List<JvmPoint> jvmSamples,
            List<Py4jStat> py4jStats, List<Py4jOutlier> py4jOutliers, List<SerializerStat> serializerStats,
            List<Failure> failures, Loss loss, List<Inconsistency> inconsistencies,
            Map<String, Long> clockOffsetsMsByHost, long eventCount, ConnectTimeline connect, List<PythonDumpRow> pythonDumps) {
        this(app, status, jobs, stages, tasks, executors, processes, jvmSamples, py4jStats, py4jOutliers,
                serializerStats, failures, loss, inconsistencies, clockOffsetsMsByHost, eventCount, connect, pythonDumps,
                List.of(), List.of());
    }

    /** A timeline without Python stack dumps. */
    public RunTimeline(App app, RunStatus status, List<Job> jobs, List<Stage> stages, List<Task> tasks,
            List<Executor> executors, List<ProcessSeries> processes, List<JvmPoint> jvmSamples,
            List<Py4jStat> py4jStats, List<Py4jOutlier> py4jOutliers, List<SerializerStat> serializerStats,
            List<Failure> failures, Loss loss, List<Inconsistency> inconsistencies,
            Map<String, Long> clockOffsetsMsByHost, long eventCount, ConnectTimeline connect) {
        this(app, status, jobs, stages, tasks, executors, processes, jvmSamples, py4jStats, py4jOutliers,
                serializerStats, failures, loss, inconsistencies, clockOffsetsMsByHost, eventCount, connect, List.of());
    }

    /**
     * The Python stacks of a worker that served one task for long (the agent's python.dumps.*):
     * {@code ordinal} 1 is the first dump of that worker in that task.
     */
    public record PythonDumpRow(long timeMs, String executorId, long pid, Long taskId, int ordinal,
            long servingMs, String text, boolean truncated) {
    }

    /** A timeline without Spark Connect sessions (a classic application). */
    public RunTimeline(App app, RunStatus status, List<Job> jobs, List<Stage> stages, List<Task> tasks,
            List<Executor> executors, List<ProcessSeries> processes, List<JvmPoint> jvmSamples,
            List<Py4jStat> py4jStats, List<Py4jOutlier> py4jOutliers, List<SerializerStat> serializerStats,
            List<Failure> failures, Loss loss, List<Inconsistency> inconsistencies,
            Map<String, Long> clockOffsetsMsByHost, long eventCount) {
        this(app, status, jobs, stages, tasks, executors, processes, jvmSamples, py4jStats, py4jOutliers,
                serializerStats, failures, loss, inconsistencies, clockOffsetsMsByHost, eventCount, ConnectTimeline.NONE);
    }

    /**
     * Facts about the application. {@code runId} is the application id, with "/attempt" when the
     * cluster manager retried the driver; {@code series} and {@code tags} come from
     * spark.pyrometer.series and .tags; {@code endSeen} whether the application end arrived (else
     * {@code endMs} is the last job or task end); {@code conf} the Spark configuration the
     * listener sent (secrets redacted).
     */
    public record App(String runId, String appId, String attemptId, String name, String series,
            Map<String, String> tags, String user, String sparkVersion, String master, String pythonVersion,
            long startMs, long endMs, Integer exitCode, boolean endSeen, String driverHost,
            Map<String, String> conf) {
        public long durationMs() {
            return startMs < 0 || endMs < 0 ? -1 : endMs - startMs;
        }
    }

    /** A Spark job; {@code succeeded} is null while it runs, the failure's class and message are set when it failed. */
    public record Job(int jobId, long submitMs, long endMs, Boolean succeeded, String description,
            String callSite, String jobGroup, List<Integer> stageIds, int totalTasks, String failureClass,
            String failureMessage) {
    }

    /**
     * One attempt of a stage, with its tasks' totals: {@code spillBytes} is disk spill,
     * {@code taskTimeMs} the sum of its task attempts' wall time.
     */
    public record Stage(int stageId, int attemptId, Integer jobId, String name, int numTasks, long submitMs,
            long completeMs, String failureReason, int tasksSucceeded, int tasksFailed, long inputBytes,
            long shuffleReadBytes, long shuffleWriteBytes, long spillBytes, long taskTimeMs) {
    }

    /**
     * One task attempt; records are what its metrics counted read and written (0 when unknown).
     * {@code status} is {@link TaskStatus#RUNNING} until its end arrives, then as Spark reported it;
     * {@code failureKind} is set for a failed or killed attempt. {@code peakPythonRss} is the peak
     * of the Python worker that served it, as the agent sampled it, else Spark's process-tree peak.
     */
    public record Task(long taskId, int stageId, int stageAttempt, int index, int attempt, String executorId,
            String host, long launchMs, long finishMs, TaskStatus status, boolean speculative, long runTimeMs,
            long cpuMs, long gcMs, long inputBytes, long shuffleReadBytes, long shuffleWriteBytes, long spillBytes,
            long resultBytes, long peakExecutionMemory, long peakJvmHeap, long peakPythonRss, FailureKind failureKind,
            long inputRecords, long shuffleReadRecords, long shuffleWriteRecords, long outputRecords) {
        /** A task without record counts (tests, tasks still running). */
        public Task(long taskId, int stageId, int stageAttempt, int index, int attempt, String executorId,
                String host, long launchMs, long finishMs, TaskStatus status, boolean speculative, long runTimeMs,
                long cpuMs, long gcMs, long inputBytes, long shuffleReadBytes, long shuffleWriteBytes, long spillBytes,
                long resultBytes, long peakExecutionMemory, long peakJvmHeap, long peakPythonRss, FailureKind failureKind) {
            this(taskId, stageId, stageAttempt, index, attempt, executorId, host, launchMs, finishMs, status, speculative,
                    runTimeMs, cpuMs, gcMs, inputBytes, shuffleReadBytes, shuffleWriteBytes, spillBytes, resultBytes,
                    peakExecutionMemory, peakJvmHeap, peakPythonRss, failureKind, 0, 0, 0, 0);
        }

        public long durationMs() {
            return finishMs < 0 || launchMs < 0 ? -1 : finishMs - launchMs;
        }
    }

    /** An executor lane; "driver" is a lane in local mode. */
    public record Executor(String executorId, String host, int cores, long addedMs, long removedMs,
            String removeReason, long clockOffsetMs, int tasks, int failedTasks) {
    }

    /**
     * One Python plan node one task ran (a SQL execution's BatchEvalPython, ArrowEvalPython,
     * MapInPandas...): the functions it evaluates and the task's values of its SQL metrics, by
     * Spark's metric name. Rows, bytes and Python time are -1 where the running Spark does not
     * measure them (bytes and rows from 3.4, time from 4.0).
     */
    public record PythonUdfRow(long taskId, int stageId, int stageAttempt, String executorId, long executionId, String node,
            boolean arrow, List<String> functions, long rowsOut, long bytesToPython, long bytesFromPython, long pythonTimeMs,
            Map<String, Long> metrics) {
        /** "pickle" or "Arrow": how rows travel between the JVM and the Python workers. */
        public String path() {
            return arrow ? "Arrow" : "pickle";
        }
    }

    /**
     * A Python worker while it served one task, from the agent's samples tagged with the task:
     * its RSS when the task came (the last sample before it, else the first during it), at its
     * highest and at the task's last sample, and the CPU it used meanwhile.
     */
    public record PythonWorkerTask(long taskId, String executorId, long pid, long firstMs, long lastMs, long rssStartBytes,
            long rssPeakBytes, long rssEndBytes, long cpuMs, int samples) {
        /** How far its RSS rose above where the task found it (0 when it never did). */
        public long growthBytes() {
            return Math.max(0, rssPeakBytes - rssStartBytes);
        }
    }

    /** One sample of one process. */
    public record ProcessPoint(long timeMs, long rssBytes, Long pssBytes, long cpuMs, Long taskId) {
    }

    /**
     * One OS process over time (JVM, Python driver, daemon, workers). {@code unseenChildrenCpuMs}:
     * CPU of its children that exited and were waited for, less what the samples saw of its
     * exited children: the CPU of children that lived between samples (a subprocess a UDF ran);
     * -1 when the agent did not report it (before event-v3).
     */
    public record ProcessSeries(String sourceInstance, String executorId, String host, long pid, long ppid,
            ProcessKind kind, String command, long startMs, long firstMs, long lastMs, boolean exited,
            long peakRssBytes, List<ProcessPoint> points, long unseenChildrenCpuMs) {
        public ProcessSeries(String sourceInstance, String executorId, String host, long pid, long ppid,
                ProcessKind kind, String command, long startMs, long firstMs, long lastMs, boolean exited,
                long peakRssBytes, List<ProcessPoint> points) {
            this(sourceInstance, executorId, host, pid, ppid, kind, command, startMs, firstMs, lastMs, exited,
                    peakRssBytes, points, -1);
        }
    }

    /** One sample of a JVM's own memory and GC. */
    public record JvmPoint(String sourceInstance, String executorId, long timeMs, long heapUsed, long heapCommitted,
            long heapMax, long nonHeapUsed, long directBytes, long gcTimeMs, long gcCount, long rssBytes,
            long processCpuMs, Long cgroupLimit) {
    }

    /** Py4J calls of one (class, method) in one export interval. */
    public record Py4jStat(String executorId, long startMs, long endMs, String targetClass, String method,
            long calls, long errors, long totalMicros, long maxMicros, long totalResponseChars,
            long maxResponseChars) {
    }

    /** One Py4J call above a size or duration threshold. */
    public record Py4jOutlier(String executorId, long startMs, long durationMicros, String targetClass,
            String method, long responseChars, String reason, String threadName, String jobGroup,
            String errorClass, String errorMessage) {
    }

    /**
     * Serializer calls of one (serializer, operation) in one export interval; for python-runner
     * (bytes and time moved to and from Python workers) of one task attempt, taskId, else null.
     */
    public record SerializerStat(String executorId, long startMs, long endMs, String serializer, String operation,
            long calls, long bytes, long totalMicros, long maxMicros, long maxBytes, long errors, Long taskId) {
    }

    /**
     * Anything that went wrong, with where: {@code scope} says what failed and {@code ref} names
     * it (see {@link FailureScope}); {@code kind} is the collector's category of the failure, and
     * the open detail is {@code className} (the exception's class, when there was one),
     * {@code message} and {@code stackTrace}.
     */
    public record Failure(long timeMs, FailureScope scope, String ref, String executorId, FailureKind kind,
            String className, String message, String stackTrace) {
    }

    /**
     * Loss accounting of one source (one JVM's emitter). The emitter numbers every event it
     * accepts 0, 1, 2 ... and each number ends either received here or counted in one of the
     * emitter's drop reasons, so over the range [0, maxSeq]:
     * {@code seqGaps = countedDrops + unaccounted}, where seqGaps are the numbers that never
     * arrived, countedDrops the drops the emitter's latest received report (SelfMetrics) counted,
     * and unaccounted what was lost with nobody counting it: in transit, or in a JVM killed
     * before it could report (docs/collector.md, "Loss accounting").
     *
     * @param events       distinct sequence numbers received
     * @param firstSeq     lowest received, -1 for none
     * @param maxSeq       highest received, -1 for none
     * @param seqGaps      numbers in [0, maxSeq] never received
     * @param countedDrops drops in the latest received report, the reasons that take no sequence number excluded
     * @param finalReport  whether the emitter's final report (SelfMetrics atShutdown) arrived
     * @param lastEventMs  driver-clock time of the event with the highest sequence number, -1 for none
     * @param verdict      {@link LossVerdict#FINAL_REPORT}, {@link LossVerdict#ENDED_WITHOUT_FINAL_REPORT}, or {@link LossVerdict#OPEN} while the
     *                     run is still running (gaps are judged only when it is over: events arrive out of order)
     */
    public record SourceLoss(String instanceId, String role, String executorId, String host, long pid, long events,
            long firstSeq, long maxSeq, long seqGaps, long countedDrops, boolean finalReport, long lastEventMs,
            LossVerdict verdict, Map<String, Long> dropped, Map<String, Long> suppressed,
            Map<String, Long> listenerBusDropped) {
        /** Missing sequence numbers nobody counted (negative: the emitter counted a drop whose event did arrive). */
        @JsonProperty("unaccounted")
        public long unaccounted() {
            return seqGaps - countedDrops;
        }

        /** Events this source lost: every missing sequence number, plus what Spark's listener bus dropped before it. */
        public long lost() {
            return seqGaps + sum(listenerBusDropped);
        }

        public boolean endedWithoutFinalReport() {
            return verdict == LossVerdict.ENDED_WITHOUT_FINAL_REPORT;
        }
    }

    /** The run's loss counters: the timeline is incomplete when {@link #lostEvents()} > 0. */
    public record Loss(List<SourceLoss> sources, long duplicates) {
        public long seqGaps() {
            return sources.stream().mapToLong(SourceLoss::seqGaps).sum();
        }

        public long emitterDropped() {
            return sources.stream().mapToLong(s -> sum(s.dropped())).sum();
        }

        /** Missing sequence numbers the emitters counted as dropped. */
        @JsonProperty("countedDrops")
        public long countedDrops() {
            return sources.stream().mapToLong(SourceLoss::countedDrops).sum();
        }

        /** Missing sequence numbers nobody counted: lost in transit or with a killed JVM. */
        @JsonProperty("unaccounted")
        public long unaccounted() {
            return sources.stream().mapToLong(SourceLoss::unaccounted).sum();
        }

        public List<SourceLoss> endedWithoutFinalReport() {
            return sources.stream().filter(SourceLoss::endedWithoutFinalReport).toList();
        }

        public long listenerBusDropped() {
            return sources.stream().mapToLong(s -> sum(s.listenerBusDropped())).sum();
        }

        public long suppressedErrors() {
            return sources.stream().mapToLong(s -> sum(s.suppressed())).sum();
        }

        public long lostEvents() {
            return sources.stream().mapToLong(SourceLoss::lost).sum();
        }
    }

    /** A decodable event that does not fit the run (e.g. a task end for a stage never seen); kept and flagged. */
    public record Inconsistency(Origin origin, String sourceInstance, long seq, String kind, String detail) {
    }

    /**
     * How a task attempt ended, as Spark's listener reported it, or {@link #RUNNING} while no end
     * has arrived. Serialised as the constant's name ({@code "SUCCESS"}, {@code "FAILED"} ...).
     */
    public enum TaskStatus {
        SUCCESS, FAILED, KILLED, UNKNOWN, RUNNING;

        /** The status of a task end event. */
        public static TaskStatus of(dev.pyrometer.event.TaskStatus s) {
            return switch (s) {
                case SUCCESS -> SUCCESS;
                case FAILED -> FAILED;
                case KILLED -> KILLED;
                case UNKNOWN -> UNKNOWN;
            };
        }

        /** The status named {@code name}; {@link #UNKNOWN} for a name this version does not know. */
        @JsonCreator
        public static TaskStatus of(String name) {
            return byName(TaskStatus.class, name, UNKNOWN);
        }
    }

    /**
     * What an OS process is, as the agent classified it. Serialised as the constant's name
     * ({@code "JVM"}, {@code "PYTHON_WORKER"} ...).
     */
    public enum ProcessKind {
        /** The sampling JVM itself (the driver's or an executor's). */
        JVM,
        /** The Python process that started a driver JVM, or that spark-submit started. */
        PYTHON_DRIVER,
        /** pyspark.daemon, which forks the workers. */
        PYTHON_DAEMON,
        /** A Python worker forked by the daemon, serving tasks. */
        PYTHON_WORKER,
        /** Another process by command name. */
        PYTHON, JAVA, OTHER;

        /** The kind of a process in an agent's sample. */
        public static ProcessKind of(dev.pyrometer.event.ProcessKind k) {
            return switch (k) {
                case JVM -> JVM;
                case PYTHON_DRIVER -> PYTHON_DRIVER;
                case PYTHON_DAEMON -> PYTHON_DAEMON;
                case PYTHON_WORKER -> PYTHON_WORKER;
                case PYTHON -> PYTHON;
                case JAVA -> JAVA;
                case OTHER -> OTHER;
            };
        }

        /** The kind named {@code name}; {@link #OTHER} for a name this version does not know. */
        @JsonCreator
        public static ProcessKind of(String name) {
            return byName(ProcessKind.class, name, OTHER);
        }

        /** Any Python process: driver, daemon, worker or another Python command. */
        public boolean isPython() {
            return this == PYTHON_DRIVER || this == PYTHON_DAEMON || this == PYTHON_WORKER || this == PYTHON;
        }

        /** The Python driver (the driver's JVM is a {@link #JVM} on executor "driver"). */
        public boolean isDriver() {
            return this == PYTHON_DRIVER;
        }
    }

    /**
     * Where a {@link Failure} happened. A closed set; serialised in lower case ({@code "task"},
     * {@code "py4j"} ...), which is also its {@link #toString()} and its stored value.
     */
    public enum FailureScope {
        /** A Spark Connect operation; ref is its operation id. */
        OPERATION,
        /** A task attempt; ref is its task id. */
        TASK,
        /** A stage attempt; ref is "stageId.attempt". */
        STAGE,
        /** A job; ref is its job id. */
        JOB,
        /** An executor removed for a reason other than the driver's; ref is its executor id. */
        EXECUTOR,
        /** A SQL execution that ended with an error; ref is its execution id. */
        SQL,
        /** A serializer call that threw; ref is "serializer.operation" and the task. */
        SERIALIZER,
        /** A Py4J call that threw; ref is "class.method". */
        PY4J;

        private final String wire = name().toLowerCase(java.util.Locale.ROOT);

        /** The JSON and stored value. */
        @JsonValue
        public String wire() {
            return wire;
        }

        @Override
        public String toString() {
            return wire;
        }

        /** The scope whose wire value is {@code wire}, or null for one this version does not know. */
        @JsonCreator
        public static FailureScope ofWire(String wire) {
            return byWire(values(), wire, FailureScope::wire);
        }
    }

    /**
     * What kind of failure a {@link Failure} (or a failed task) is: the collector's categories, a
     * closed set. For task failures these are Spark's TaskEndReason kinds as the listener sends
     * them (EXCEPTION ... RESUBMITTED); the open detail, the exception's class and message, is in
     * {@link Failure#className()} and {@link Failure#message()}. Serialised as the constant's name.
     */
    public enum FailureKind {
        EXCEPTION, FETCH_FAILED, EXECUTOR_LOST, TASK_KILLED, COMMIT_DENIED, RESULT_LOST, RESUBMITTED, UNKNOWN,
        CONNECT_OPERATION_FAILED, STAGE_FAILED, JOB_FAILED, EXECUTOR_REMOVED, SQL_FAILED, KRYO_BUFFER_OVERFLOW,
        SERIALIZER_ERROR, PY4J_CALL_FAILED;

        /** The kind of a task's failure. */
        public static FailureKind of(dev.pyrometer.event.TaskFailureKind k) {
            return switch (k) {
                case EXCEPTION -> EXCEPTION;
                case FETCH_FAILED -> FETCH_FAILED;
                case EXECUTOR_LOST -> EXECUTOR_LOST;
                case TASK_KILLED -> TASK_KILLED;
                case COMMIT_DENIED -> COMMIT_DENIED;
                case RESULT_LOST -> RESULT_LOST;
                case RESUBMITTED -> RESUBMITTED;
                case UNKNOWN -> UNKNOWN;
            };
        }

        /** The kind named {@code name}; {@link #UNKNOWN} for a name this version does not know. */
        @JsonCreator
        public static FailureKind of(String name) {
            return byName(FailureKind.class, name, UNKNOWN);
        }
    }

    /**
     * The judgement of one source's loss ({@link SourceLoss#verdict()}). Serialised as a sentence
     * (the {@link #wire()} value, also its {@link #toString()} and its stored value), as before the
     * enum existed.
     */
    public enum LossVerdict {
        /** The emitter's final report arrived: its counts are complete. */
        FINAL_REPORT("final report received"),
        /** The run is over and the final report never came (a killed JVM): losses may be uncounted. */
        ENDED_WITHOUT_FINAL_REPORT("ended without its final report"),
        /** The run is still running: gaps are not judged yet (events arrive out of order). */
        OPEN("run still open, not judged");

        private final String wire;

        LossVerdict(String wire) {
            this.wire = wire;
        }

        /** The JSON and stored value. */
        @JsonValue
        public String wire() {
            return wire;
        }

        @Override
        public String toString() {
            return wire;
        }

        /** The verdict whose wire value is {@code wire}, or null for one this version does not know. */
        @JsonCreator
        public static LossVerdict ofWire(String wire) {
            return byWire(values(), wire, LossVerdict::wire);
        }
    }

    private static <E> E byWire(E[] values, String wire, java.util.function.Function<E, String> wireOf) {
        for (E e : values) {
            if (wireOf.apply(e).equals(wire)) {
                return e;
            }
        }
        return null;
    }

    private static <E extends Enum<E>> E byName(Class<E> type, String name, E unknown) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return unknown;
        }
    }

    static long sum(Map<String, Long> m) {
        long s = 0;
        for (Long v : m.values()) {
            s += v;
        }
        return s;
    }

    /** Failed task attempts. */
    public long failedTasks() {
        return tasks.stream().filter(t -> t.status() == TaskStatus.FAILED).count();
    }

    /** Highest RSS of any single Python process, bytes (0 when no samples). */
    public long peakPythonRss() {
        return processes.stream().filter(p -> p.kind().isPython()).mapToLong(ProcessSeries::peakRssBytes)
                .max().orElse(0);
    }
}

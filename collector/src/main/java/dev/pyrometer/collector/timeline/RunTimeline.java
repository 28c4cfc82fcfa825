/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One run joined from all its events: an immutable snapshot built by {@link RunAssembler}.
 * Every time is epoch milliseconds on the driver's clock (executor times are already corrected
 * by the estimated clock offset of their host); -1 means unknown. Lists are sorted by time.
 */
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

    /** Facts about the application. */
    public record App(String runId, String appId, String attemptId, String name, String series,
            Map<String, String> tags, String user, String sparkVersion, String master, String pythonVersion,
            long startMs, long endMs, Integer exitCode, boolean endSeen, String driverHost,
            Map<String, String> conf) {
        public long durationMs() {
            return startMs < 0 || endMs < 0 ? -1 : endMs - startMs;
        }
    }

    /** A Spark job. */
    public record Job(int jobId, long submitMs, long endMs, Boolean succeeded, String description,
            String callSite, String jobGroup, List<Integer> stageIds, int totalTasks, String failureClass,
            String failureMessage) {
    }

    /** One attempt of a stage, with its tasks' totals. */
    public record Stage(int stageId, int attemptId, Integer jobId, String name, int numTasks, long submitMs,
            long completeMs, String failureReason, int tasksSucceeded, int tasksFailed, long inputBytes,
            long shuffleReadBytes, long shuffleWriteBytes, long spillBytes, long taskTimeMs) {
    }

    /** One task attempt; records are what its metrics counted read and written (0 when unknown). */
    public record Task(long taskId, int stageId, int stageAttempt, int index, int attempt, String executorId,
            String host, long launchMs, long finishMs, String status, boolean speculative, long runTimeMs,
            long cpuMs, long gcMs, long inputBytes, long shuffleReadBytes, long shuffleWriteBytes, long spillBytes,
            long resultBytes, long peakExecutionMemory, long peakJvmHeap, long peakPythonRss, String failureKind,
            long inputRecords, long shuffleReadRecords, long shuffleWriteRecords, long outputRecords) {
        /** A task without record counts (tests, tasks still running). */
        public Task(long taskId, int stageId, int stageAttempt, int index, int attempt, String executorId,
                String host, long launchMs, long finishMs, String status, boolean speculative, long runTimeMs,
                long cpuMs, long gcMs, long inputBytes, long shuffleReadBytes, long shuffleWriteBytes, long spillBytes,
                long resultBytes, long peakExecutionMemory, long peakJvmHeap, long peakPythonRss, String failureKind) {
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
            String kind, String command, long startMs, long firstMs, long lastMs, boolean exited,
            long peakRssBytes, List<ProcessPoint> points, long unseenChildrenCpuMs) {
        public ProcessSeries(String sourceInstance, String executorId, String host, long pid, long ppid,
                String kind, String command, long startMs, long firstMs, long lastMs, boolean exited,
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
     * Anything that went wrong, with where: scope is task, stage, job, executor, sql, serializer
     * or py4j; ref names the thing (task id, stage id ...).
     */
    public record Failure(long timeMs, String scope, String ref, String executorId, String kind,
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
     * @param verdict      {@link #FINAL_REPORT}, {@link #ENDED_WITHOUT_FINAL_REPORT}, or {@link #OPEN} while the
     *                     run is still running (gaps are judged only when it is over: events arrive out of order)
     */
    public record SourceLoss(String instanceId, String role, String executorId, String host, long pid, long events,
            long firstSeq, long maxSeq, long seqGaps, long countedDrops, boolean finalReport, long lastEventMs,
            String verdict, Map<String, Long> dropped, Map<String, Long> suppressed,
            Map<String, Long> listenerBusDropped) {
        public static final String FINAL_REPORT = "final report received";
        public static final String ENDED_WITHOUT_FINAL_REPORT = "ended without its final report";
        public static final String OPEN = "run still open, not judged";

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
            return ENDED_WITHOUT_FINAL_REPORT.equals(verdict);
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

    static long sum(Map<String, Long> m) {
        long s = 0;
        for (Long v : m.values()) {
            s += v;
        }
        return s;
    }

    /** Failed task attempts. */
    public long failedTasks() {
        return tasks.stream().filter(t -> "FAILED".equals(t.status())).count();
    }

    /** Highest RSS of any single Python process, bytes (0 when no samples). */
    public long peakPythonRss() {
        return processes.stream().filter(p -> p.kind().startsWith("PYTHON")).mapToLong(ProcessSeries::peakRssBytes)
                .max().orElse(0);
    }
}

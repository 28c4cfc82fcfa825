/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskFailure;
import dev.pyrometer.event.TaskMetrics;
import dev.pyrometer.event.TaskStart;
import dev.pyrometer.event.TaskStatus;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.spark.Success$;
import org.apache.spark.TaskCommitDenied;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskKilled;
import org.apache.spark.executor.InputMetrics;
import org.apache.spark.executor.OutputMetrics;
import org.apache.spark.executor.ShuffleReadMetrics;
import org.apache.spark.executor.ShuffleWriteMetrics;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;

/**
 * The hot path: one task end (and task start) mapped to Avro and offered to the emitter. It runs
 * once per task on Spark's listener-bus thread, so it only reads fields, fills records through
 * their plain constructors/setters (Avro builders deep-copy defaults) and offers; no formatting,
 * reflection or streams. Not thread-safe: Spark calls a listener from one thread.
 */
public final class TaskEndMapper {
    private static final int BASE_SIZE = 420;

    private final Emitter emitter;
    private final TaskFailureMapper failures;
    private final ExecutorMetricReader executorMetrics;
    private final PythonUdfTracker pythonUdfs;
    /** Locality values are a handful of Scala Enumeration objects; their toString is cached. */
    private final Map<Object, String> localityNames = new IdentityHashMap<>();

    public TaskEndMapper(Emitter emitter, TaskFailureMapper failures, ExecutorMetricReader executorMetrics,
            PythonUdfTracker pythonUdfs) {
        this.emitter = emitter;
        this.failures = failures;
        this.executorMetrics = executorMetrics;
        this.pythonUdfs = pythonUdfs;
    }

    /** Maps and offers one task end; returns what the emitter returned. */
    public boolean onTaskEnd(SparkListenerTaskEnd event) {
        TaskEnd e = map(event);
        int size = BASE_SIZE + e.getExecutorMetricPeaks().size() * 24;
        for (dev.pyrometer.event.PythonUdfMetrics p : e.getPythonUdfs()) {
            size += 64 + p.getFunctions().size() * 24 + p.getMetrics().size() * 48;
        }
        TaskFailure f = e.getFailure();
        if (f != null) {
            size += f.getDescription().length();
            if (f.getException() != null) {
                size += length(f.getException().getMessage()) + length(f.getException().getStackTrace());
            }
        }
        return emitter.offer(e, size);
    }

    /** Maps and offers one task start. */
    public boolean onTaskStart(SparkListenerTaskStart event) {
        TaskInfo info = event.taskInfo();
        TaskStart s = new TaskStart(info.taskId(), info.index(), info.attemptNumber(), event.stageId(),
                event.stageAttemptId(), info.executorId(), info.host(), locality(info), info.speculative(), info.launchTime());
        return emitter.offer(s, 160);
    }

    /** The Avro record for one task end. */
    public TaskEnd map(SparkListenerTaskEnd event) {
        TaskInfo info = event.taskInfo();
        TaskEndReason reason = event.reason();
        TaskEnd e = new TaskEnd();
        e.setTaskId(info.taskId());
        e.setIndex(info.index());
        e.setAttempt(info.attemptNumber());
        e.setStageId(event.stageId());
        e.setStageAttemptId(event.stageAttemptId());
        e.setExecutorId(info.executorId());
        e.setHost(info.host());
        e.setLocality(locality(info));
        e.setSpeculative(info.speculative());
        e.setLaunchTimeMs(info.launchTime());
        e.setFinishTimeMs(info.finishTime());
        e.setGettingResultTimeMs(info.gettingResultTime());
        e.setTaskType(event.taskType() == null ? "" : event.taskType());
        e.setStatus(status(reason));
        e.setMetrics(metrics(event.taskMetrics()));
        Map<String, Long> peaks = new HashMap<>();
        executorMetrics.nonZero(event.taskExecutorMetrics(), peaks);
        e.setExecutorMetricPeaks(peaks);
        e.setFailure(reason == Success$.MODULE$ ? null : failures.map(reason));
        e.setPythonUdfs(pythonUdfs == null ? new java.util.ArrayList<>() : pythonUdfs.forTask(info));
        return e;
    }

    /** Spark's own accounting (AppStatusListener): commit denied counts as killed, like TaskKilled. */
    static TaskStatus status(TaskEndReason reason) {
        if (reason == Success$.MODULE$) {
            return TaskStatus.SUCCESS;
        }
        if (reason instanceof TaskKilled || reason instanceof TaskCommitDenied) {
            return TaskStatus.KILLED;
        }
        return reason == null ? TaskStatus.UNKNOWN : TaskStatus.FAILED;
    }

    /** Every task metric Spark keeps, or null when Spark has none for the task. */
    public static TaskMetrics metrics(org.apache.spark.executor.TaskMetrics m) {
        if (m == null) {
            return null;
        }
        TaskMetrics t = new TaskMetrics();
        t.setExecutorDeserializeTimeMs(m.executorDeserializeTime());
        t.setExecutorDeserializeCpuNanos(m.executorDeserializeCpuTime());
        t.setExecutorRunTimeMs(m.executorRunTime());
        t.setExecutorCpuNanos(m.executorCpuTime());
        t.setResultSizeBytes(m.resultSize());
        t.setJvmGcTimeMs(m.jvmGCTime());
        t.setResultSerializationTimeMs(m.resultSerializationTime());
        t.setMemoryBytesSpilled(m.memoryBytesSpilled());
        t.setDiskBytesSpilled(m.diskBytesSpilled());
        t.setPeakExecutionMemoryBytes(m.peakExecutionMemory());
        InputMetrics in = m.inputMetrics();
        t.setInputBytesRead(in.bytesRead());
        t.setInputRecordsRead(in.recordsRead());
        OutputMetrics out = m.outputMetrics();
        t.setOutputBytesWritten(out.bytesWritten());
        t.setOutputRecordsWritten(out.recordsWritten());
        ShuffleReadMetrics r = m.shuffleReadMetrics();
        t.setShuffleRemoteBlocksFetched(r.remoteBlocksFetched());
        t.setShuffleLocalBlocksFetched(r.localBlocksFetched());
        t.setShuffleRemoteBytesRead(r.remoteBytesRead());
        t.setShuffleRemoteBytesReadToDisk(r.remoteBytesReadToDisk());
        t.setShuffleLocalBytesRead(r.localBytesRead());
        t.setShuffleFetchWaitTimeMs(r.fetchWaitTime());
        t.setShuffleRecordsRead(r.recordsRead());
        ShuffleWriteMetrics w = m.shuffleWriteMetrics();
        t.setShuffleBytesWritten(w.bytesWritten());
        t.setShuffleRecordsWritten(w.recordsWritten());
        t.setShuffleWriteTimeNanos(w.writeTime());
        return t;
    }

    private String locality(TaskInfo info) {
        Object l = info.taskLocality();
        if (l == null) {
            return "";
        }
        String name = localityNames.get(l);
        if (name == null) {
            name = l.toString();
            if (localityNames.size() < 16) {
                localityNames.put(l, name);
            }
        }
        return name;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}

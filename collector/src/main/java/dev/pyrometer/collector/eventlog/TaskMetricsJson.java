/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

import static dev.pyrometer.collector.eventlog.SparkJson.number;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.event.TaskMetrics;
import java.util.HashMap;
import java.util.Map;

/** Spark's task metrics as the event log writes them: a task's "Task Metrics" object, a stage's accumulables. */
final class TaskMetricsJson {
    private TaskMetricsJson() {
    }

    /** A task's metrics, null when the event log has none for it (as the listener's event has none). */
    static TaskMetrics fromTaskMetrics(JsonNode m) {
        if (m == null || !m.isObject()) {
            return null;
        }
        JsonNode in = m.get("Input Metrics");
        JsonNode out = m.get("Output Metrics");
        JsonNode r = m.get("Shuffle Read Metrics");
        JsonNode w = m.get("Shuffle Write Metrics");
        TaskMetrics t = new TaskMetrics();
        t.setExecutorDeserializeTimeMs(number(m, "Executor Deserialize Time", 0));
        t.setExecutorDeserializeCpuNanos(number(m, "Executor Deserialize CPU Time", 0));
        t.setExecutorRunTimeMs(number(m, "Executor Run Time", 0));
        t.setExecutorCpuNanos(number(m, "Executor CPU Time", 0));
        t.setResultSizeBytes(number(m, "Result Size", 0));
        t.setJvmGcTimeMs(number(m, "JVM GC Time", 0));
        t.setResultSerializationTimeMs(number(m, "Result Serialization Time", 0));
        t.setMemoryBytesSpilled(number(m, "Memory Bytes Spilled", 0));
        t.setDiskBytesSpilled(number(m, "Disk Bytes Spilled", 0));
        t.setPeakExecutionMemoryBytes(number(m, "Peak Execution Memory", 0));
        t.setInputBytesRead(number(in, "Bytes Read", 0));
        t.setInputRecordsRead(number(in, "Records Read", 0));
        t.setOutputBytesWritten(number(out, "Bytes Written", 0));
        t.setOutputRecordsWritten(number(out, "Records Written", 0));
        t.setShuffleRemoteBlocksFetched(number(r, "Remote Blocks Fetched", 0));
        t.setShuffleLocalBlocksFetched(number(r, "Local Blocks Fetched", 0));
        t.setShuffleRemoteBytesRead(number(r, "Remote Bytes Read", 0));
        t.setShuffleRemoteBytesReadToDisk(number(r, "Remote Bytes Read To Disk", 0));
        t.setShuffleLocalBytesRead(number(r, "Local Bytes Read", 0));
        t.setShuffleFetchWaitTimeMs(number(r, "Fetch Wait Time", 0));
        t.setShuffleRecordsRead(number(r, "Total Records Read", 0));
        t.setShuffleBytesWritten(number(w, "Shuffle Bytes Written", 0));
        t.setShuffleRecordsWritten(number(w, "Shuffle Records Written", 0));
        t.setShuffleWriteTimeNanos(number(w, "Shuffle Write Time", 0));
        return t;
    }

    /** A stage's totals from its accumulables (internal.metrics.*), null when it has none. */
    static TaskMetrics fromAccumulables(JsonNode accumulables) {
        if (accumulables == null || !accumulables.isArray() || accumulables.isEmpty()) {
            return null;
        }
        Map<String, Long> v = new HashMap<>();
        for (JsonNode a : accumulables) {
            String name = SparkJson.text(a, "Name");
            if (name != null && name.startsWith("internal.metrics.")) {
                v.put(name.substring("internal.metrics.".length()), number(a, "Value", 0));
            }
        }
        if (v.isEmpty()) {
            return null;
        }
        TaskMetrics t = new TaskMetrics();
        t.setExecutorDeserializeTimeMs(v.getOrDefault("executorDeserializeTime", 0L));
        t.setExecutorDeserializeCpuNanos(v.getOrDefault("executorDeserializeCpuTime", 0L));
        t.setExecutorRunTimeMs(v.getOrDefault("executorRunTime", 0L));
        t.setExecutorCpuNanos(v.getOrDefault("executorCpuTime", 0L));
        t.setResultSizeBytes(v.getOrDefault("resultSize", 0L));
        t.setJvmGcTimeMs(v.getOrDefault("jvmGCTime", 0L));
        t.setResultSerializationTimeMs(v.getOrDefault("resultSerializationTime", 0L));
        t.setMemoryBytesSpilled(v.getOrDefault("memoryBytesSpilled", 0L));
        t.setDiskBytesSpilled(v.getOrDefault("diskBytesSpilled", 0L));
        t.setPeakExecutionMemoryBytes(v.getOrDefault("peakExecutionMemory", 0L));
        t.setInputBytesRead(v.getOrDefault("input.bytesRead", 0L));
        t.setInputRecordsRead(v.getOrDefault("input.recordsRead", 0L));
        t.setOutputBytesWritten(v.getOrDefault("output.bytesWritten", 0L));
        t.setOutputRecordsWritten(v.getOrDefault("output.recordsWritten", 0L));
        t.setShuffleRemoteBlocksFetched(v.getOrDefault("shuffle.read.remoteBlocksFetched", 0L));
        t.setShuffleLocalBlocksFetched(v.getOrDefault("shuffle.read.localBlocksFetched", 0L));
        t.setShuffleRemoteBytesRead(v.getOrDefault("shuffle.read.remoteBytesRead", 0L));
        t.setShuffleRemoteBytesReadToDisk(v.getOrDefault("shuffle.read.remoteBytesReadToDisk", 0L));
        t.setShuffleLocalBytesRead(v.getOrDefault("shuffle.read.localBytesRead", 0L));
        t.setShuffleFetchWaitTimeMs(v.getOrDefault("shuffle.read.fetchWaitTime", 0L));
        t.setShuffleRecordsRead(v.getOrDefault("shuffle.read.recordsRead", 0L));
        t.setShuffleBytesWritten(v.getOrDefault("shuffle.write.bytesWritten", 0L));
        t.setShuffleRecordsWritten(v.getOrDefault("shuffle.write.recordsWritten", 0L));
        t.setShuffleWriteTimeNanos(v.getOrDefault("shuffle.write.writeTime", 0L));
        return t;
    }
}

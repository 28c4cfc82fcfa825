/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.codec;

import dev.pyrometer.event.Event;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.Source;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskMetrics;
import dev.pyrometer.event.TaskStatus;

/** Realistic events for tests and benchmarks. */
public final class SampleEvents {
    private SampleEvents() {
    }

    public static TaskEnd taskEndPayload(long taskId) {
        TaskMetrics m = TaskMetrics.newBuilder()
                .setExecutorRunTimeMs(1234).setExecutorCpuNanos(987_654_321L).setJvmGcTimeMs(12)
                .setResultSizeBytes(2048).setInputBytesRead(64L << 20).setInputRecordsRead(1_000_000)
                .setShuffleBytesWritten(12L << 20).setShuffleRecordsWritten(50_000).setShuffleWriteTimeNanos(3_000_000)
                .setPeakExecutionMemoryBytes(32L << 20)
                .build();
        java.util.Map<String, Long> peaks = new java.util.HashMap<>();
        peaks.put("JVMHeapMemory", 300L << 20);
        peaks.put("ProcessTreePythonRSSMemory", 180L << 20);
        return TaskEnd.newBuilder()
                .setTaskId(taskId).setIndex((int) (taskId % 200)).setAttempt(0).setStageId(3).setStageAttemptId(0)
                .setExecutorId("1").setHost("worker-1.example").setLocality("PROCESS_LOCAL")
                .setLaunchTimeMs(1_700_000_000_000L).setFinishTimeMs(1_700_000_001_234L)
                .setTaskType("ShuffleMapTask").setStatus(TaskStatus.SUCCESS)
                .setMetrics(m).setExecutorMetricPeaks(peaks)
                .build();
    }

    /** The remaining bytes of a buffer. */
    public static byte[] toArray(java.nio.ByteBuffer buf) {
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    /** {@code n} random but schema-valid events of every payload type, decoded into today's classes. */
    public static java.util.List<Event> random(int n, long seed) throws DecodeException, java.io.IOException {
        org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord> enc =
                new org.apache.avro.message.BinaryMessageEncoder<>(org.apache.avro.generic.GenericData.get(), Event.getClassSchema());
        java.util.List<Event> out = new java.util.ArrayList<>();
        for (Object o : new org.apache.avro.util.RandomData(Event.getClassSchema(), n, seed)) {
            out.add(EventCodec.get().decode(toArray(enc.encode((org.apache.avro.generic.GenericRecord) o))));
        }
        return out;
    }

    public static Event taskEnd(String appId, long seq) {
        return new Event(RunRef.newBuilder().setAppId(appId).build(),
                Source.newBuilder().setRole(Role.EXECUTOR).setExecutorId("1").setHost("worker-1.example")
                        .setPid(4242).setInstanceId("9d0c1d2e-0000-4000-8000-000000000001").setProducer("agent").build(),
                seq, 1_700_000_001_234_000L, taskEndPayload(seq));
    }
}

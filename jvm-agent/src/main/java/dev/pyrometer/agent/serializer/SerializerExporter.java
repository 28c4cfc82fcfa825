/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import dev.pyrometer.agent.spark.SparkBridge;
import dev.pyrometer.agent.stats.EpochClock;
import dev.pyrometer.agent.stats.IntervalAccumulator;
import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.event.SerializerFailure;
import dev.pyrometer.event.SerializerStats;
import dev.pyrometer.wire.TextLimit;

/** Turns the serializer recorder's intervals and failures into events; runs on the export thread. */
public final class SerializerExporter {
    private final SerializerRecorder recorder;
    private final Emitter emitter;
    private final TextLimit limit;
    private final IntervalAccumulator.Snapshot snap = new IntervalAccumulator.Snapshot();

    public SerializerExporter(SerializerRecorder recorder, Emitter emitter, TextLimit limit) {
        this.recorder = recorder;
        this.emitter = emitter;
        this.limit = limit;
    }

    public static SerializerExporter forSingleton(Emitter emitter, TextLimit limit) {
        return new SerializerExporter(SerializerSingletons.RECORDER, emitter, limit);
    }

    /**
     * Sends one SerializerStats per (serializer, operation) that had calls in the interval, and
     * one per (task, direction) that moved data to or from a Python worker.
     */
    public void exportInterval(long startMicros, long endMicros) {
        PythonTaskIo.export(emitter, startMicros, endMicros);
        for (int k = 0; k < SerializerRecorder.SERIALIZER.length; k++) {
            if (recorder.accumulator(k).drainInto(snap)) {
                emitter.offer(SerializerStats.newBuilder()
                        .setIntervalStartMicros(startMicros).setIntervalEndMicros(endMicros)
                        .setSerializer(SerializerRecorder.SERIALIZER[k]).setOperation(SerializerRecorder.OPERATION[k])
                        .setCount(snap.count).setErrors(snap.errors).setBytes(snap.totalSize).setMaxBytes(snap.maxSize)
                        .setTotalMicros(snap.totalNanos / 1000).setMaxMicros(snap.maxNanos / 1000)
                        .build(), 128);
            }
        }
    }

    /** Sends a SerializerFailure for every queued failure. */
    public void exportFailures() {
        SerializerRecorder.Failure f;
        while ((f = recorder.failures().poll()) != null) {
            KryoOverflow overflow = f.kind <= SerializerRecorder.KRYO_DESERIALIZE ? KryoOverflow.find(f.thrown) : null;
            SerializerFailure.Builder b = SerializerFailure.newBuilder()
                    .setTimeMicros(EpochClock.toEpochMicros(f.nanoTime))
                    .setSerializer(SerializerRecorder.SERIALIZER[f.kind])
                    .setOperation(SerializerRecorder.OPERATION[f.kind])
                    .setException(limit.exception(f.thrown))
                    .setTaskId(f.taskId)
                    .setKryoBufferOverflow(overflow != null);
            if (overflow != null) {
                b.setRequiredBytes(overflow.required).setAvailableBytes(overflow.available)
                        .setConfiguredMaxBytes(SparkBridge.kryoBufferMaxBytes());
            }
            emitter.offer(b.build(), 2048);
        }
    }
}

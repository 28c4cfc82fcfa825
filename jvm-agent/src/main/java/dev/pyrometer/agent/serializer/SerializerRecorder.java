/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import dev.pyrometer.agent.spark.SparkBridge;
import dev.pyrometer.agent.stats.IntervalAccumulator;
import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.wire.DropReasons;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;

/**
 * Serializer calls, aggregated per (serializer, operation) into a fixed array of accumulators;
 * failures go, bounded, to a queue the export thread turns into SerializerFailure events.
 */
public final class SerializerRecorder {
    public static final int KRYO_SERIALIZE = 0;
    public static final int KRYO_DESERIALIZE = 1;
    public static final int JAVA_SERIALIZE = 2;
    public static final int JAVA_DESERIALIZE = 3;
    public static final int PICKLE = 4;
    public static final int UNPICKLE = 5;
    /** Streams: each is one "call" whose bytes are what went through it and whose time is spent in the stream below. */
    public static final int KRYO_SERIALIZE_STREAM = 6;
    public static final int KRYO_DESERIALIZE_STREAM = 7;
    public static final int JAVA_SERIALIZE_STREAM = 8;
    public static final int JAVA_DESERIALIZE_STREAM = 9;

    static final String[] SERIALIZER = {"kryo", "kryo", "java", "java", "pyrolite", "pyrolite", "kryo", "kryo", "java", "java"};
    static final String[] OPERATION = {"serialize", "deserialize", "serialize", "deserialize", "pickle", "unpickle",
        "serialize-stream", "deserialize-stream", "serialize-stream", "deserialize-stream"};
    static final String SITE = "agent.serializer.advice";

    /** One failed call, captured on the failing thread. */
    static final class Failure {
        final int kind;
        final long nanoTime;
        final Throwable thrown;
        final Long taskId;

        Failure(int kind, long nanoTime, Throwable thrown, Long taskId) {
            this.kind = kind;
            this.nanoTime = nanoTime;
            this.thrown = thrown;
            this.taskId = taskId;
        }
    }

    private final IntervalAccumulator[] acc = new IntervalAccumulator[SERIALIZER.length];
    private final StreamSink[] sinks = new StreamSink[SERIALIZER.length];
    private final ArrayBlockingQueue<Failure> failures;
    private final Supplier<LossCounters> counters;

    SerializerRecorder(int failureQueue, Supplier<LossCounters> counters) {
        for (int i = 0; i < acc.length; i++) {
            IntervalAccumulator a = new IntervalAccumulator(false);
            acc[i] = a;
            sinks[i] = (bytes, nanos, maxNanos) -> a.record(nanos, bytes, false);
        }
        this.failures = new ArrayBlockingQueue<>(failureQueue);
        this.counters = counters;
    }

    /**
     * One call ended.
     *
     * @param bytes bytes produced or consumed, negative when unknown
     */
    public void record(int kind, long startNanos, long bytes, Throwable thrown) {
        try {
            long now = System.nanoTime();
            acc[kind].record(now - startNanos, bytes, thrown != null);
            if (thrown != null && !failures.offer(new Failure(kind, now, thrown, SparkBridge.currentTaskAttemptId()))) {
                counters.get().drop(DropReasons.AGENT_SERIALIZER_FAILURE_QUEUE_FULL);
            }
        } catch (Throwable t) {
            counters.get().suppressed(SITE);
        }
    }

    /** Where a measured stream of this kind reports when it is closed (or read to its end). */
    public StreamSink sink(int kind) {
        return sinks[kind];
    }

    IntervalAccumulator accumulator(int kind) {
        return acc[kind];
    }

    ArrayBlockingQueue<Failure> failures() {
        return failures;
    }
}

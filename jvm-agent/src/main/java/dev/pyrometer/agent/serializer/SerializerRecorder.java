package dev.pyrometer.agent.serializer;

import dev.pyrometer.agent.spark.SparkBridge;
import dev.pyrometer.agent.stats.IntervalAccumulator;
import dev.pyrometer.emitter.LossCounters;
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

    static final String[] SERIALIZER = {"kryo", "kryo", "java", "java", "pyrolite", "pyrolite"};
    static final String[] OPERATION = {"serialize", "deserialize", "serialize", "deserialize", "pickle", "unpickle"};
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
    private final ArrayBlockingQueue<Failure> failures;
    private final Supplier<LossCounters> counters;

    SerializerRecorder(int failureQueue, Supplier<LossCounters> counters) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] = new IntervalAccumulator(false);
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
                counters.get().drop("agent.serializer.failure_queue_full");
            }
        } catch (Throwable t) {
            counters.get().suppressed(SITE);
        }
    }

    IntervalAccumulator accumulator(int kind) {
        return acc[kind];
    }

    ArrayBlockingQueue<Failure> failures() {
        return failures;
    }
}

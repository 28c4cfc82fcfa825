/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.bench;

import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.EmitterConfig;
import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.emitter.MicroClock;
import dev.pyrometer.emitter.RecordSink;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.listener.mapping.ExecutorMetricReader;
import dev.pyrometer.listener.mapping.TaskEndMapper;
import dev.pyrometer.listener.mapping.TaskFailureMapper;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.Success$;
import org.apache.spark.TaskState;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the listener's task-end path on Spark's listener-bus thread: mapping one
 * {@code SparkListenerTaskEnd} (with metrics and a dozen executor metric peaks) to Avro, and
 * mapping plus offering it to a real {@link Emitter} whose sender encodes and discards.
 *
 * <p>Run: {@code java -cp <test class path> org.openjdk.jmh.Main TaskEndBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class TaskEndBenchmark {
    private Emitter emitter;
    private TaskEndMapper mapper;
    private SparkListenerTaskEnd event;
    private long taskId;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, String> raw = new HashMap<>();
        raw.put("queue.events", "1000000");
        raw.put("queue.bytes", "1g");
        emitter = Emitter.start(EmitterConfig.parse(raw, new java.util.ArrayList<String>()), DiscardingSink::new, MicroClock.SYSTEM);
        emitter.identify(Role.DRIVER, "driver");
        emitter.setRun(RunRef.newBuilder().setAppId("bench").setTags(Collections.<String, String>emptyMap()).build());
        LossCounters counters = emitter.counters();
        TextLimit limit = new TextLimit(65536, counters.counting(CounterNames.TRUNCATED_STRINGS));
        mapper = new TaskEndMapper(emitter, new TaskFailureMapper(limit), ExecutorMetricReader.resolve(), null);
        TaskInfo info = new TaskInfo(1L, 3, 0, 3, 1_000L, "7", "host-a", TaskLocality.PROCESS_LOCAL(), false);
        info.markFinished(TaskState.FINISHED(), 1_250L);
        TaskMetrics m = TaskMetrics.empty();
        m.setExecutorRunTime(200);
        m.setExecutorCpuTime(150_000_000L);
        m.setResultSize(1234);
        m.shuffleWriteMetrics().incBytesWritten(2048);
        m.shuffleWriteMetrics().incRecordsWritten(20);
        long[] peaks = new long[ExecutorMetricReader.resolve().size()];
        for (int i = 0; i < Math.min(12, peaks.length); i++) {
            peaks[i] = 1_000_000L * (i + 1);
        }
        event = new SparkListenerTaskEnd(4, 0, "ResultTask", Success$.MODULE$, info, new ExecutorMetrics(peaks), m);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        emitter.close(1000);
        if (emitter.counters().totalDropped() > 0 || emitter.counters().totalSuppressed() > 0) {
            throw new IllegalStateException("benchmark lost events: " + emitter.counters().droppedSnapshot()
                    + emitter.counters().suppressedSnapshot());
        }
    }

    @Benchmark
    public Object map() {
        return mapper.map(event);
    }

    @Benchmark
    public boolean mapAndOffer() {
        return mapper.onTaskEnd(event);
    }

    /** Stands in for Kafka: the sender thread still wraps and encodes every event, then drops the bytes. */
    static final class DiscardingSink implements RecordSink {
        DiscardingSink(EmitterConfig config, String clientId) {
        }

        @Override
        public void send(String key, byte[] value, Callback callback) {
            callback.done(null);
        }

        @Override
        public int maxRecordBytes() {
            return 1 << 20;
        }

        @Override
        public void close(long timeoutMs) {
        }
    }
}

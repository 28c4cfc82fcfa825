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
import dev.pyrometer.listener.compat.EventGetters;
import dev.pyrometer.listener.mapping.ExecutorMetricReader;
import dev.pyrometer.listener.mapping.PlanEvent;
import dev.pyrometer.listener.mapping.PythonUdfTracker;
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
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import org.apache.spark.sql.execution.SparkPlanInfo;
import org.apache.spark.sql.execution.metric.SQLMetricInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
 * <p>The emitter has its default queue (16,384 events, 16 MiB estimated). One thread maps faster
 * than one sender encodes, so {@code mapAndOffer} waits, outside the timed call, until the sender
 * has brought the queue back to {@value #PACE} events: the offer is measured as in a run whose
 * sender keeps up, and no event is dropped (the tear-down fails the run if one is). Without the
 * pacing the queue filled, and with a queue larger than the heap the fork ran out of memory.
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
    /**
     * none: no SQL execution with Python nodes is running (the tracker's map is empty, a task end
     * pays one check); python: one is, and the task carries 25 internal metrics' updates and the 3
     * Python metrics of its BatchEvalPython node.
     */
    @Param({"none", "python"})
    public String udfs;

    private Emitter emitter;
    private TaskEndMapper mapper;
    private SparkListenerTaskEnd event;
    private long taskId;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, String> raw = new HashMap<>();
        emitter = Emitter.start(EmitterConfig.parse(raw, new java.util.ArrayList<String>()), DiscardingSink::new, MicroClock.SYSTEM);
        emitter.identify(Role.DRIVER, "driver");
        emitter.setRun(RunRef.newBuilder().setAppId("bench").setTags(Collections.<String, String>emptyMap()).build());
        LossCounters counters = emitter.counters();
        TextLimit limit = new TextLimit(65536, counters.counting(CounterNames.TRUNCATED_STRINGS));
        PythonUdfTracker tracker = new PythonUdfTracker(new EventGetters(), counters);
        mapper = new TaskEndMapper(emitter, new TaskFailureMapper(limit), ExecutorMetricReader.resolve(), tracker);
        TaskInfo info = new TaskInfo(1L, 3, 0, 3, 1_000L, "7", "host-a", TaskLocality.PROCESS_LOCAL(), false);
        info.markFinished(TaskState.FINISHED(), 1_250L);
        if (udfs.equals("python")) {
            java.util.List<SQLMetricInfo> metrics = java.util.Arrays.asList(
                    new SQLMetricInfo("data sent to Python workers", 101, "size"),
                    new SQLMetricInfo("data returned from Python workers", 102, "size"),
                    new SQLMetricInfo("number of output rows", 103, "sum"));
            SparkPlanInfo plan = new SparkPlanInfo("BatchEvalPython", "BatchEvalPython [pairs_of(id#0L)#8L], [pythonUDF0#12L]",
                    seq(Collections.<SparkPlanInfo>emptyList()), scala.collection.immutable.Map$.MODULE$.<String, String>empty(),
                    seq(metrics));
            tracker.onPlan(new PlanEvent(3, plan));
            java.util.List<AccumulableInfo> accums = new java.util.ArrayList<>();
            for (int i = 0; i < 25; i++) {
                accums.add(accumulable(1_000 + i, "internal.metrics.m" + i, i));
            }
            for (long id = 101; id <= 103; id++) {
                accums.add(accumulable(id, "python " + id, 4_096L));
            }
            info.setAccumulables(seq(accums));
        }
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

    private static AccumulableInfo accumulable(long id, String name, long value) {
        return new AccumulableInfo(id, scala.Option.apply(name), scala.Option.apply((Object) value),
                scala.Option.apply((Object) value), name.startsWith("internal."), false, scala.Option.<String>empty());
    }

    private static <T> scala.collection.Seq<T> seq(java.util.List<T> xs) {
        return scala.collection.JavaConverters.asScalaBufferConverter(new java.util.ArrayList<>(xs)).asScala().toSeq();
    }

    /** The most events left in the queue when {@code mapAndOffer} offers the next one. */
    static final int PACE = 1_000;

    /**
     * Lets the sender catch up before each timed call (a {@link Level#Invocation} helper, outside
     * the timing; for {@code map} the queue is always empty and it returns at once).
     */
    @Setup(Level.Invocation)
    public void waitForSender() {
        while (emitter.queueDepth() > PACE) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000L);
        }
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

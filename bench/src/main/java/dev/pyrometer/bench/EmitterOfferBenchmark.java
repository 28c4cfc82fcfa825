/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.EmitterConfig;
import dev.pyrometer.emitter.MicroClock;
import dev.pyrometer.emitter.RecordSink;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.TaskEnd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The cost of {@link Emitter#offer} on the caller's thread (what a Spark listener callback pays),
 * with the sender thread draining into a sink that discards, so the queue never fills.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EmitterOfferBenchmark {
    private Emitter emitter;
    private TaskEnd payload;

    /** Encodes like the real sink would not need to: the sender still encodes every event. */
    static final RecordSink.Factory DISCARD = (config, clientId) -> new RecordSink() {
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
    };

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, String> raw = new HashMap<>();
        raw.put("queue.events", "1000000");
        raw.put("queue.bytes", "1g");
        emitter = Emitter.start(EmitterConfig.parse(raw, new ArrayList<>()), DISCARD, MicroClock.SYSTEM);
        emitter.setRun(RunRef.newBuilder().setAppId("app-bench").build());
        payload = RealisticEvents.taskEnd(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        emitter.close(1000);
        System.out.println("\ndropped during benchmark: " + emitter.counters().droppedSnapshot());
    }

    @Benchmark
    public boolean offer() {
        return emitter.offer(payload);
    }
}

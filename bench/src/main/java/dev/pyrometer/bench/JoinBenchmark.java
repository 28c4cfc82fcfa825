/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.event.Event;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The collector's joining of one run's events in memory ({@link RunAssembler}): accepting every
 * decoded event (duplicate check, per-type indexes), and that plus building the
 * {@link RunTimeline} (tasks, stages, executors, process and JVM series, clock offsets,
 * inconsistencies). One invocation joins the whole run; events per second = events / time.
 * No Kafka, no decoding, no database (see CodecRatio and IngestThroughput for those).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC"})
public class JoinBenchmark {
    @Param({"1000000"})
    public int events;

    private List<Event> run;
    private Origin origin;

    @Setup
    public void setUp() {
        run = RealisticEvents.run("app-20261121010203-0042", events);
        origin = new Origin("pyrometer.events", 0, 0);
    }

    @Benchmark
    public RunAssembler accept() {
        RunAssembler a = new RunAssembler("app-20261121010203-0042");
        for (Event e : run) {
            a.accept(e, origin);
        }
        return a;
    }

    @Benchmark
    public RunTimeline acceptAndBuildTimeline() {
        return accept().timeline(RunStatus.COMPLETE);
    }
}

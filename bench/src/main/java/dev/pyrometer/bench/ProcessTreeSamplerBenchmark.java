/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.agent.processes.ProcessTreeSampler;
import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.event.ProcessTreeSample;
import java.util.ArrayList;
import java.util.List;
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
 * One tick of the agent's real process-tree sampler over this JVM with 64 child processes
 * ({@code sleep}), /proc read directly as in production (stat, status, cmdline, smaps_rollup).
 * At the default 1 s interval, the time per tick in ms is the share of one core in tenths of a percent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcessTreeSamplerBenchmark {
    static final int CHILDREN = 64;

    private final List<Process> children = new ArrayList<>();
    private ProcessTreeSampler sampler;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        for (int i = 0; i < CHILDREN; i++) {
            children.add(new ProcessBuilder("sleep", "600").redirectErrorStream(true).start());
        }
        sampler = ProcessTreeSampler.forThisJvm(ProcessHandle.current().pid(), false, 256, 200, new LossCounters());
        if (!sampler.available()) {
            throw new IllegalStateException("no readable /proc");
        }
        int seen = sampler.sample(System.currentTimeMillis() * 1000).getProcesses().size();
        if (seen < CHILDREN) {
            throw new IllegalStateException("the sampler saw " + seen + " processes, expected at least " + CHILDREN);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Process p : children) {
            p.destroyForcibly();
        }
    }

    @Benchmark
    public ProcessTreeSample tick() {
        return sampler.sample(System.currentTimeMillis() * 1000);
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Keeps the benchmarks runnable: one short iteration each, in-process, no timing assertions. */
class BenchmarkSmokeTest {

    @Test
    void everyMicroBenchmarkRunsOnce() throws Exception {
        Options opts = new OptionsBuilder()
                .include("dev\\.pyrometer\\.bench\\..*Benchmark")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                // JoinBenchmark joins a million events when measured; a small run keeps this test short.
                .param("events", "20000")
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        assertThat(results).isNotEmpty();
        for (RunResult r : results) {
            assertThat(r.getPrimaryResult().getScore()).as(r.getParams().getBenchmark()).isPositive();
        }
    }
}

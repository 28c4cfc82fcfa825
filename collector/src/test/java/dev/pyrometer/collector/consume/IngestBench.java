/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.timeline.CompletionPolicy;
import dev.pyrometer.collector.timeline.SyntheticRun;
import dev.pyrometer.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Ingest rate from a pre-filled topic into DuckDB (not a test: run by hand with the test class
 * path, e.g. {@code java -Xmx1g -cp ... dev.pyrometer.collector.consume.IngestBench 2000000}).
 */
public final class IngestBench {
    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        long target = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        try (KafkaBroker broker = KafkaBroker.start()) {
            String topic = "bench";
            long produced = 0;
            int runs = 0;
            long t0 = System.nanoTime();
            try (TopicFixture t = new TopicFixture(broker.bootstrapServers(), topic)) {
                while (produced < target) {
                    SyntheticRun run = new SyntheticRun();
                    run.appId = "app-bench-" + runs++;
                    run.stages = 20;
                    run.tasksPerStage = 1_000;
                    var events = run.build();
                    t.sendAll(events);
                    produced += events.size();
                }
            }
            System.out.printf("produced %,d events in %d runs in %.1f s%n", produced, runs, (System.nanoTime() - t0) / 1e9);
            Path dir = Files.createTempDirectory("bench");
            try (DuckDbRunStore store = DuckDbRunStore.open(dir.resolve("bench.duckdb"));
                    Ingestor in = new Ingestor(IngestConfig.defaults(broker.bootstrapServers(), topic, "bench")
                            .withCompletion(new CompletionPolicy(1_000, 60_000)), store, System::currentTimeMillis)) {
                com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                long start = System.nanoTime();
                long storedAt = 0;
                while (in.completedRuns() < runs) {
                    in.pollOnce(Duration.ofMillis(200));
                    if (storedAt == 0 && in.progress().events() >= produced) {
                        storedAt = System.nanoTime();
                    }
                }
                long end = System.nanoTime();
                System.out.printf("all %,d events stored and committed in %.1f s: %,.0f events/s; all %d runs complete after %.1f s%n",
                        produced, (storedAt - start) / 1e9, produced / ((storedAt - start) / 1e9), runs, (end - start) / 1e9);
                System.out.println(in.progress().line());
                // On a shared, overloaded machine wall time says little: events per CPU second does.
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                System.out.printf("collector process CPU %.1f s: %,.0f events per CPU second%n", cpu, produced / cpu);
                System.out.printf("store file: %,d bytes%n", Files.size(dir.resolve("bench.duckdb")));
            }
        }
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.consume.IngestConfig;
import dev.pyrometer.collector.consume.Ingestor;
import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.timeline.CompletionPolicy;
import dev.pyrometer.event.Event;
import dev.pyrometer.testkit.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The collector's ingest rate from a pre-filled topic: fills a topic of a real local broker
 * (testkit, a KRaft broker in a child JVM) with {@code events} events of runs of
 * {@code eventsPerRun} ({@link RealisticEvents#run}), then starts the collector's
 * {@link Ingestor} on a fresh DuckDB file and reads until every run is stored complete. Reports
 * the wall time until every event is stored and committed, until every run is complete (its
 * timeline and derived tables written), and the CPU seconds of this process (the broker is
 * another process), which on a shared machine say more than wall time.
 * Usage: IngestThroughput [events] [eventsPerRun]
 */
public final class IngestThroughput {
    private IngestThroughput() {
    }

    public static void main(String[] args) throws Exception {
        long target = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int perRun = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        boolean keep = args.length > 2 && args[2].equals("keep");
        try (KafkaBroker broker = KafkaBroker.start()) {
            String topic = "ingest-bench";
            long produced = 0;
            int runs = 0;
            long t0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
                while (produced < target) {
                    String appId = "app-20261121010203-" + String.format("%04d", runs++);
                    List<Event> run = RealisticEvents.run(appId, (int) Math.min(perRun, target - produced));
                    for (Event e : run) {
                        producer.send(new ProducerRecord<>(topic, appId, EventCodec.get().encode(e)));
                    }
                    produced += run.size();
                }
                producer.flush();
            }
            System.out.printf("topic filled: %,d events in %d runs in %.1f s%n", produced, runs, (System.nanoTime() - t0) / 1e9);
            Path dir = Files.createTempDirectory("pyrometer-ingest-bench");
            Path db = dir.resolve("bench.duckdb");
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            try (DuckDbRunStore store = DuckDbRunStore.open(db);
                    Ingestor in = new Ingestor(IngestConfig.defaults(broker.bootstrapServers(), topic, "bench")
                            .withCompletion(new CompletionPolicy(1_000, 60_000)), store, System::currentTimeMillis)) {
                long cpu0 = os.getProcessCpuTime();
                long start = System.nanoTime();
                long storedAt = 0;
                double storedCpu = 0;
                while (in.completedRuns() < runs) {
                    in.pollOnce(Duration.ofMillis(200));
                    if (storedAt == 0 && in.progress().events() >= produced) {
                        storedAt = System.nanoTime();
                        storedCpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                    }
                }
                long end = System.nanoTime();
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                double storedSecs = (storedAt - start) / 1e9;
                double allSecs = (end - start) / 1e9;
                System.out.println(in.progress().line());
                System.out.printf("every event stored and committed after %.1f s wall, %.1f s CPU: %,.0f events/s, %,.0f events per CPU second%n",
                        storedSecs, storedCpu, produced / storedSecs, produced / storedCpu);
                System.out.printf("every run complete (timelines and derived tables written) after %.1f s wall, %.1f s CPU: %,.0f events/s, %,.0f events per CPU second%n",
                        allSecs, cpu, produced / allSecs, produced / cpu);
                System.out.printf("store file: %,d bytes%n", Files.size(db));
            } finally {
                if (!keep) {
                    Files.deleteIfExists(db);
                    Files.deleteIfExists(dir.resolve("bench.duckdb.wal"));
                    Files.deleteIfExists(dir);
                }
            }
            if (keep) {
                System.out.println("store kept: " + db);
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}

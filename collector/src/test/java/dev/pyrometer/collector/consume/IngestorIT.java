/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.store.RejectedRecord;
import dev.pyrometer.collector.timeline.CompletionPolicy;
import dev.pyrometer.collector.timeline.SyntheticRun;
import dev.pyrometer.event.Event;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class IngestorIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @TempDir
    Path dir;

    private IngestConfig config(String topic, String group) {
        return IngestConfig.defaults(KAFKA.bootstrapServers(), topic, group)
                .withCompletion(new CompletionPolicy(500, 3_000)).withSaveInterval(Duration.ofMillis(200));
    }

    private static void pollUntil(Ingestor in, BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within " + timeout + ": " + in.progress().line());
            }
            in.pollOnce(Duration.ofMillis(100));
        }
    }

    private static String topic() {
        return "t-" + UUID.randomUUID();
    }

    @Test
    void poisonRecordsAreKeptAsideAndTheRunStaysIntact() throws Exception {
        String topic = topic();
        List<Event> events = new SyntheticRun().build();
        byte[] good = EventCodec.get().encode(events.get(5));
        byte[] unknownFingerprint = good.clone();
        unknownFingerprint[2] ^= 0x5a;
        try (TopicFixture t = new TopicFixture(KAFKA.bootstrapServers(), topic)) {
            t.sendAll(events.subList(0, 30));
            t.sendRaw("app-20261121-0001", "garbage that is not avro".getBytes());
            t.sendRaw("app-20261121-0001", Arrays.copyOf(good, good.length / 2));
            t.sendRaw("app-20261121-0001", unknownFingerprint);
            t.sendAll(events.subList(30, events.size()));
            t.sendAll(events.subList(0, 10)); // a producer retry: duplicates
        }
        try (DuckDbRunStore store = DuckDbRunStore.open(dir.resolve("a.duckdb"));
                Ingestor in = new Ingestor(config(topic, "g1"), store, System::currentTimeMillis)) {
            pollUntil(in, () -> in.completedRuns() == 1, Duration.ofSeconds(60));
            assertThat(in.progress().duplicates()).isEqualTo(10);
            assertThat(in.progress().rejected()).isEqualTo(3);
            assertThat(store.runs()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo("COMPLETE");
                assertThat(r.tasks()).isEqualTo(24);
                assertThat(r.events()).isEqualTo(events.size());
            });
            List<RejectedRecord> rejects = store.rejects();
            assertThat(rejects).extracting(RejectedRecord::reason)
                    .containsExactly("BAD_HEADER", "CORRUPT_BODY", "UNKNOWN_SCHEMA");
            assertThat(rejects).extracting(RejectedRecord::offset).containsExactly(30L, 31L, 32L);
            assertThat(rejects.get(0).body()).isEqualTo("garbage that is not avro".getBytes());
        }
    }

    @Test
    void aCrashBetweenStoreAndCommitEndsWithTheSameStoredRun() throws Exception {
        String topic = topic();
        SyntheticRun run = new SyntheticRun();
        run.stages = 4;
        run.tasksPerStage = 20;
        List<Event> events = run.build();
        try (TopicFixture t = new TopicFixture(KAFKA.bootstrapServers(), topic)) {
            t.sendAll(events);
            t.sendAll(events.subList(0, 50)); // producer duplicates, before and after the crash point
        }
        // reference: one uninterrupted ingest
        DuckDbRunStore reference = DuckDbRunStore.open(dir.resolve("ref.duckdb"));
        try (Ingestor in = new Ingestor(config(topic, "ref"), reference, System::currentTimeMillis)) {
            pollUntil(in, () -> in.completedRuns() == 1, Duration.ofSeconds(60));
        }
        // interrupted: small batches, the 6th batch is stored but its offsets never committed
        DuckDbRunStore store = DuckDbRunStore.open(dir.resolve("crash.duckdb"));
        IngestConfig small = config(topic, "crash").withMaxPollRecords(17);
        Ingestor first = new Ingestor(small, store, System::currentTimeMillis);
        int[] batches = {0};
        first.afterStoreBeforeCommit(() -> {
            if (++batches[0] == 6) {
                throw new IllegalStateException("simulated crash");
            }
        });
        assertThatThrownBy(() -> pollUntil(first, () -> false, Duration.ofSeconds(60)))
                .hasMessage("simulated crash");
        first.abandon();
        assertThat(store.runs()).allSatisfy(r -> assertThat(r.status()).isEqualTo("RUNNING"));
        try (Ingestor second = new Ingestor(small, store, System::currentTimeMillis)) {
            pollUntil(second, () -> second.completedRuns() == 1, Duration.ofSeconds(60));
            // the stored-but-uncommitted batch is read again and recognised, not counted as duplicates
            assertThat(second.progress().reread()).isEqualTo(17);
            assertThat(second.progress().duplicates()).isEqualTo(50); // the producer duplicates only
        }
        java.util.Map<String, List<String>> expected = StoreDump.of(reference);
        java.util.Map<String, List<String>> actual = StoreDump.of(store);
        for (String table : expected.keySet()) {
            assertThat(actual.get(table)).as(table).containsExactlyElementsOf(expected.get(table));
        }
        store.close();
        reference.close();
    }

    @Test
    void aRunWhoseDriverDiedEndsAfterTheIdleTimeout() throws Exception {
        String topic = topic();
        SyntheticRun run = new SyntheticRun();
        run.withAppEnd = false;
        try (TopicFixture t = new TopicFixture(KAFKA.bootstrapServers(), topic)) {
            t.sendAll(run.build());
        }
        try (DuckDbRunStore store = DuckDbRunStore.open(dir.resolve("idle.duckdb"));
                Ingestor in = new Ingestor(config(topic, "g"), store, System::currentTimeMillis)) {
            pollUntil(in, () -> in.completedRuns() == 1, Duration.ofSeconds(60));
            assertThat(store.runs()).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo("ENDED_WITHOUT_APP_END"));
        }
    }
}

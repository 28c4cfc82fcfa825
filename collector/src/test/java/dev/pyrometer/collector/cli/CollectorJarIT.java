/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.collector.consume.IngestConfig;
import dev.pyrometer.collector.consume.Ingestor;
import dev.pyrometer.collector.consume.StoreDump;
import dev.pyrometer.collector.consume.TopicFixture;
import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.timeline.CompletionPolicy;
import dev.pyrometer.collector.timeline.SyntheticRun;
import dev.pyrometer.event.Event;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CollectorJarIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @TempDir
    Path dir;

    private static final Pattern EVENTS = Pattern.compile("events ([0-9,]+)");

    private static long lastEventCount(String progress) {
        Matcher m = EVENTS.matcher(progress);
        long n = 0;
        while (m.find()) {
            n = Long.parseLong(m.group(1).replace(",", ""));
        }
        return n;
    }

    @Test
    void runUntilCompleteThenEveryReadingCommandWorks() throws Exception {
        String topic = "t-" + UUID.randomUUID();
        SyntheticRun run = new SyntheticRun();
        run.failureMessage = "KeyError: <script>alert(1)</script>";
        try (TopicFixture t = new TopicFixture(KAFKA.bootstrapServers(), topic)) {
            t.sendAll(run.build());
            t.sendRaw(run.appId, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        }
        Path store = dir.resolve("runs.duckdb");
        try (ChildCollector c = ChildCollector.start(dir, "run", "run", "--bootstrap", KAFKA.bootstrapServers(),
                "--topic", topic, "--group", "cli", "--store", store.toString(), "--until-complete", "--grace", "300ms",
                "--progress-every", "200ms", "--exit-after", "90s")) {
            assertThat(c.waitFor(Duration.ofSeconds(120))).as(c.err()).isZero();
            assertThat(c.err()).contains("rejected 1").contains("finished runs 1");
        }
        try (ChildCollector c = ChildCollector.start(dir, "runs", "runs", "--store", store.toString())) {
            assertThat(c.waitFor(Duration.ofSeconds(60))).isZero();
            assertThat(c.out()).contains(run.appId).contains("COMPLETE");
        }
        MainTest.Result show = MainTest.run("show", run.appId, "--store", store.toString());
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("failed tasks:          1").contains("KeyError");
        Path html = dir.resolve("r.html");
        assertThat(MainTest.run("report", run.appId, "-o", html.toString(), "--store", store.toString()).code()).isZero();
        assertThat(Files.readString(html)).contains("KeyError: &lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)");
        Path trace = dir.resolve("t.json");
        assertThat(MainTest.run("export", run.appId, "--format", "chrome-trace", "-o", trace.toString(), "--store",
                store.toString()).code()).isZero();
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        assertThat(root.get("traceEvents").size()).isGreaterThan(24);
        MainTest.Result json = MainTest.run("export", run.appId, "--format", "json", "--store", store.toString());
        assertThat(new ObjectMapper().readTree(json.out()).get("tasks").size()).isEqualTo(24);
        assertThat(MainTest.run("show", "no-such-run", "--store", store.toString()).err()).startsWith("error: no run 'no-such-run'");
    }

    @Test
    void aCollectorKilledMidIngestAndRestartedStoresTheSameRun() throws Exception {
        String topic = "t-" + UUID.randomUUID();
        SyntheticRun run = new SyntheticRun();
        run.stages = 20;
        run.tasksPerStage = 150;
        List<Event> events = run.build();
        try (TopicFixture t = new TopicFixture(KAFKA.bootstrapServers(), topic)) {
            t.sendAll(events);
        }
        Path store = dir.resolve("killed.duckdb");
        String[] args = {"run", "--bootstrap", KAFKA.bootstrapServers(), "--topic", topic, "--group", "killme", "--store",
            store.toString(), "--until-complete", "--grace", "300ms", "--progress-every", "50ms", "--exit-after", "120s",
            "--max-poll-records", "40"};
        long killedAt;
        try (ChildCollector c = ChildCollector.start(dir, "first", args)) {
            c.awaitOutput(x -> lastEventCount(x.err()) >= 1_500, Duration.ofSeconds(90));
            c.kill();
            killedAt = lastEventCount(c.err());
        }
        assertThat(killedAt).as("killed mid-ingest").isLessThan(events.size());
        try (ChildCollector c = ChildCollector.start(dir, "second", args)) {
            assertThat(c.waitFor(Duration.ofSeconds(120))).as(c.err()).isZero();
        }
        // reference: an uninterrupted ingest in this JVM
        DuckDbRunStore reference = DuckDbRunStore.open(dir.resolve("reference.duckdb"));
        try (Ingestor in = new Ingestor(IngestConfig.defaults(KAFKA.bootstrapServers(), topic, "reference")
                .withCompletion(new CompletionPolicy(300, 60_000)), reference, System::currentTimeMillis)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (in.completedRuns() < 1 && System.nanoTime() < deadline) {
                in.pollOnce(Duration.ofMillis(200));
            }
        }
        try (DuckDbRunStore killed = DuckDbRunStore.open(store)) {
            Map<String, List<String>> expected = StoreDump.of(reference);
            Map<String, List<String>> actual = StoreDump.of(killed);
            for (String table : expected.keySet()) {
                assertThat(actual.get(table)).as(table).containsExactlyElementsOf(expected.get(table));
            }
            assertThat(killed.runs()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo("COMPLETE");
                assertThat(r.events()).isEqualTo(events.size());
                assertThat(r.tasks()).isEqualTo(3_000);
            });
        } finally {
            reference.close();
        }
    }

    @Test
    void embeddedKafkaPrintsItsAddressAndIngests() throws Exception {
        Path store = dir.resolve("embedded.duckdb");
        try (ChildCollector c = ChildCollector.start(dir, "embedded", "run", "--embedded-kafka", "--embedded-kafka-port",
                "0", "--embedded-kafka-dir", dir.resolve("kafka").toString(), "--store", store.toString(),
                "--until-complete", "--grace", "300ms", "--exit-after", "120s")) {
            c.awaitOutput(x -> x.out().contains("embedded Kafka broker at "), Duration.ofSeconds(90));
            Matcher m = Pattern.compile("embedded Kafka broker at (\\S+)").matcher(c.out());
            assertThat(m.find()).isTrue();
            SyntheticRun run = new SyntheticRun();
            try (TopicFixture t = new TopicFixture(m.group(1), IngestConfig.DEFAULT_TOPIC)) {
                t.sendAll(run.build());
            }
            assertThat(c.waitFor(Duration.ofSeconds(120))).as(c.err()).isZero();
        }
        try (DuckDbRunStore s = DuckDbRunStore.open(store)) {
            assertThat(s.runs()).singleElement().satisfies(r -> assertThat(r.tasks()).isEqualTo(24));
        }
    }
}

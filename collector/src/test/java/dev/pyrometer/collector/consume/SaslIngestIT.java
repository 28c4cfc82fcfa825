/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.timeline.CompletionPolicy;
import dev.pyrometer.collector.timeline.SyntheticRun;
import dev.pyrometer.event.Event;
import dev.pyrometer.testkit.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector's consumer against a real broker whose only listener requires SASL/PLAIN. */
class SaslIngestIT {
    private static final String PASSWORD = "collector-s3cret-pw";
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.startWithSaslPlain(Map.of("collector", PASSWORD));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Map<String, String> sasl() {
        return KafkaBroker.saslPlainClient("collector", PASSWORD);
    }

    @Test
    void securitySettingsPassThroughToTheConsumerAndTheSecretIsStoredNowhere() throws Exception {
        String topic = "sasl-ingest";
        List<Event> events = new SyntheticRun().build();
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(sasl());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (Event e : events) {
                producer.send(new ProducerRecord<>(topic, e.getRun().getAppId(), EventCodec.get().encode(e)));
            }
            producer.flush();
        }
        IngestConfig config = new IngestConfig(broker.bootstrapServers(), topic, "g-sasl", new CompletionPolicy(500, 3_000),
                Duration.ofMillis(200), 5_000, sasl());
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Path db = dir.resolve("sasl.duckdb");
        try (DuckDbRunStore store = DuckDbRunStore.open(db);
                Ingestor in = new Ingestor(config, store, System::currentTimeMillis)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (in.completedRuns() < 1 && System.nanoTime() < deadline) {
                in.pollOnce(Duration.ofMillis(100));
            }
            assertThat(in.completedRuns()).as(in.progress().line()).isEqualTo(1);
            assertThat(store.runs()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo("COMPLETE");
                assertThat(r.events()).isEqualTo(events.size());
                assertThat(r.tasks()).isEqualTo(24);
            });
            assertThat(in.progress().line()).doesNotContain(PASSWORD);
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
        assertThat(new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
    }
}

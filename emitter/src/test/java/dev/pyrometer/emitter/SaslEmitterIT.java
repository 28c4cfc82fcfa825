/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.codec.SampleEvents;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.testkit.KafkaBroker;
import dev.pyrometer.testkit.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emitter against a real broker whose listener requires SASL/PLAIN. */
class SaslEmitterIT {
    private static final String PASSWORD = "alice-s3cret-value";
    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        Map<String, String> users = new HashMap<>();
        users.put("alice", PASSWORD);
        broker = KafkaBroker.startWithSaslPlain(users);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Map<String, String> sasl(String password) {
        return KafkaBroker.saslPlainClient("alice", password);
    }

    private static Emitter emitter(String topic, String password) {
        Map<String, String> raw = new HashMap<>();
        raw.put("bootstrap.servers", broker.bootstrapServers());
        raw.put("topic", topic);
        raw.put("flush.timeout.ms", "3000");
        for (Map.Entry<String, String> e : sasl(password).entrySet()) {
            raw.put("kafka." + e.getKey(), e.getValue());
        }
        List<String> errors = new ArrayList<>();
        Emitter e = Emitter.start(EmitterConfig.parse(raw, errors));
        assertThat(errors).isEmpty();
        e.setRun(RunRef.newBuilder().setAppId("app-sasl").build());
        return e;
    }

    @Test
    void authenticatedEventsArriveAndTheSecretAppearsNowhere() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, "UTF-8"));
        Emitter e;
        try {
            e = emitter("sasl-ok", PASSWORD);
            for (int i = 0; i < 200; i++) {
                e.offer(SampleEvents.taskEndPayload(i));
            }
            e.close(10_000);
        } finally {
            System.setErr(original);
        }
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(broker.bootstrapServers(), "sasl-ok",
                rs -> rs.size() >= 201, Duration.ofSeconds(60), sasl(PASSWORD));
        assertThat(records).hasSize(201);
        assertThat(e.counters().totalDropped()).isZero();
        for (ConsumerRecord<String, byte[]> r : records) {
            assertThat(new String(r.value(), StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
            Event ev = EventCodec.get().decode(r.value());
            if (ev.getPayload() instanceof SelfMetrics) {
                assertThat(ev.getPayload().toString()).doesNotContain(PASSWORD);
            }
        }
        assertThat(err.toString("UTF-8")).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordIsCountedAndNeverLogged() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, "UTF-8"));
        Emitter e;
        try {
            e = emitter("sasl-bad", "wrong-" + PASSWORD);
            for (int i = 0; i < 50; i++) {
                e.offer(SampleEvents.taskEndPayload(i));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (e.counters().totalDropped() == 0 && e.counters().counter("send_retries") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            e.close(2000);
        } finally {
            System.setErr(original);
        }
        assertThat(e.sentCount()).isZero();
        // The last delivery callbacks may still be running when the bounded close returns.
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (e.counters().totalDropped() < e.offeredCount() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(e.counters().totalDropped()).as("%s", e.counters().droppedSnapshot()).isEqualTo(e.offeredCount());
        assertThat(err.toString("UTF-8")).doesNotContain(PASSWORD);
        assertThat(e.counters().countersSnapshot().toString()).doesNotContain(PASSWORD);
    }
}

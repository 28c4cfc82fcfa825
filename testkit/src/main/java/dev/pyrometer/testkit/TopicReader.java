/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads raw records from a topic in tests, from the beginning, with a fresh consumer group. */
public final class TopicReader {
    private TopicReader() {
    }

    /** Reads until {@code done} accepts everything read so far, or the timeout; returns what was read. */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        return readUntil(bootstrap, topic, done, timeout, java.util.Collections.<String, String>emptyMap());
    }

    /** As above, with extra consumer settings (e.g. SASL). */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout, java.util.Map<String, String> extra) {
        Properties p = new Properties();
        p.putAll(extra);
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(java.util.Collections.singletonList(topic));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r);
                }
                if (done.test(out)) {
                    break;
                }
            }
        }
        return out;
    }

    /** Reads until at least {@code n} records arrived or the timeout. */
    public static List<ConsumerRecord<String, byte[]>> readAtLeast(String bootstrap, String topic, int n, Duration timeout) {
        return readUntil(bootstrap, topic, rs -> rs.size() >= n, timeout);
    }
}

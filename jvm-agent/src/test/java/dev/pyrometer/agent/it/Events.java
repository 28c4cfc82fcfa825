/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads and decodes the events a child JVM sent. */
final class Events {
    private Events() {
    }

    /** Reads the topic until {@code done} accepts the decoded events, or the timeout; returns what arrived. */
    static List<Event> readUntil(String bootstrap, String topic, Predicate<List<Event>> done, Duration timeout) {
        List<Event> decoded = new ArrayList<>();
        int[] seen = {0};
        TopicReader.readUntil(bootstrap, topic, records -> {
            for (int i = seen[0]; i < records.size(); i++) {
                ConsumerRecord<String, byte[]> r = records.get(i);
                try {
                    decoded.add(EventCodec.get().decode(r.value()));
                } catch (Exception e) {
                    throw new AssertionError("undecodable record at offset " + r.offset(), e);
                }
            }
            seen[0] = records.size();
            return done.test(decoded);
        }, timeout);
        return decoded;
    }

    static <T> List<T> payloads(List<Event> events, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Event e : events) {
            if (type.isInstance(e.getPayload())) {
                out.add(type.cast(e.getPayload()));
            }
        }
        return out;
    }

    static long count(List<Event> events, Class<?> type) {
        return events.stream().filter(e -> type.isInstance(e.getPayload())).count();
    }

    /** Total suppressed errors in the latest SelfMetrics, -1 if none arrived. */
    static long suppressedInLatestSelfMetrics(List<Event> events) {
        List<SelfMetrics> m = payloads(events, SelfMetrics.class);
        if (m.isEmpty()) {
            return -1;
        }
        return m.get(m.size() - 1).getSuppressedErrors().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Agent arguments for a child. Compression is off because the test broker rejects lz4
     * batches (UnknownServerException) in this build; the producer default stays lz4.
     */
    static String agentArgs(String bootstrap, String topic, String extra) {
        return "bootstrap.servers=" + bootstrap + ",topic=" + topic + ",self.metrics.interval.ms=500,flush.timeout.ms=3000"
                + ",kafka.compression.type=none"
                + (extra.isEmpty() ? "" : "," + extra);
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.Event;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes events (and poison) to a real topic the way the emitter does: key = application id. */
public final class TopicFixture implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public TopicFixture(String bootstrap, String topic) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    public void send(Event e) {
        try {
            producer.send(new ProducerRecord<>(topic, e.getRun().getAppId(), EventCodec.get().encode(e)));
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    public void sendAll(List<Event> events) {
        events.forEach(this::send);
        producer.flush();
    }

    public void sendRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}

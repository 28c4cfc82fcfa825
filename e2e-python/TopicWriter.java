/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The tests' hand on the topic (test_spark_ingest.py), run as a single source file with the
 * collector jar (which holds the Kafka client) on the class path:
 *
 *   java -cp pyrometer-collector.jar TopicWriter.java BOOTSTRAP TOPIC raw KEY HEX...
 *   java -cp pyrometer-collector.jar TopicWriter.java BOOTSTRAP TOPIC again KEY N
 *   java -cp pyrometer-collector.jar TopicWriter.java BOOTSTRAP TOPIC truncate KEY BYTES
 *
 * raw: one record per HEX value, with the key. again: the first N records with that key sent
 * again to their partition, as a producer retry would (same key, same bytes). truncate: the first
 * BYTES bytes of the first record with that key, as a record of key "stranger". Prints "partition
 * offset" per record written.
 */
public final class TopicWriter {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String mode = args[2];
        byte[] key = args[3].getBytes(StandardCharsets.UTF_8);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        if (mode.equals("raw")) {
            for (int i = 4; i < args.length; i++) {
                out.add(new ProducerRecord<>(topic, key, HexFormat.of().parseHex(args[i])));
            }
        } else if (mode.equals("again") || mode.equals("truncate")) {
            int n = mode.equals("again") ? Integer.parseInt(args[4]) : 1;
            for (ConsumerRecord<byte[], byte[]> r : first(bootstrap, topic, key, n)) {
                if (mode.equals("again")) {
                    out.add(new ProducerRecord<>(topic, r.partition(), r.key(), r.value()));
                } else {
                    byte[] cut = Arrays.copyOf(r.value(), Integer.parseInt(args[4]));
                    out.add(new ProducerRecord<>(topic, "stranger".getBytes(StandardCharsets.UTF_8), cut));
                }
            }
        } else {
            throw new IllegalArgumentException("raw, again or truncate, not " + mode);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (ProducerRecord<byte[], byte[]> r : out) {
                RecordMetadata m = producer.send(r).get();
                System.out.println(m.partition() + " " + m.offset());
            }
        }
    }

    /** The first n records with this key, from the beginning of every partition. */
    private static List<ConsumerRecord<byte[], byte[]>> first(String bootstrap, String topic, byte[] key, int n) {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("key.deserializer", ByteArrayDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (found.size() < n && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (found.size() < n && Arrays.equals(key, r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        if (found.size() < n) {
            throw new IllegalStateException("the topic holds fewer than " + n + " records with that key");
        }
        return found;
    }
}

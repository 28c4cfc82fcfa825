/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The production {@link RecordSink}: one Kafka producer owned by the emitter's sender thread. */
public final class KafkaRecordSink implements RecordSink {
    public static final Factory FACTORY = KafkaRecordSink::new;
    /** Kafka client 3.4+ (deprecated there, still honoured through 3.9). */
    static final String AUTO_INCLUDE_JMX_REPORTER = "auto.include.jmx.reporter";
    /** Kafka client 3.7+ (KIP-714 client telemetry). */
    static final String ENABLE_METRICS_PUSH = "enable.metrics.push";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final int maxRecordBytes;

    private KafkaRecordSink(EmitterConfig config, String clientId) {
        Properties p = producerProperties(config, clientId);
        this.topic = config.topic();
        this.maxRecordBytes = Integer.parseInt(p.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        // Kafka resolves plugin classes through the context loader; inside Spark that loader may not see our shaded copy.
        t.setContextClassLoader(KafkaRecordSink.class.getClassLoader());
        try {
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** Pyrometer's producer defaults, then the user's {@code kafka.*} settings on top (serializers excepted). */
    static Properties producerProperties(EmitterConfig config, String clientId) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "50");
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.setProperty(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(config.producerBufferBytes()));
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(config.maxBlockMs()));
        p.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(1024 * 1024));
        p.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        // Rides out a broker restart of up to two minutes inside the producer's bounded buffer.
        p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.setProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        // The producer's own metrics stay in the process (the emitter counts its losses itself):
        // no JMX MBean per metric and no client telemetry pushed to the broker (KIP-714), whose
        // reporter and subscription requests cost CPU in every JVM for nothing Pyrometer reads.
        // Either can be turned back on with kafka.auto.include.jmx.reporter / kafka.enable.metrics.push.
        p.setProperty(AUTO_INCLUDE_JMX_REPORTER, "false");
        p.setProperty(ENABLE_METRICS_PUSH, "false");
        for (Map.Entry<String, String> e : config.kafka().entrySet()) {
            String k = e.getKey();
            if (!k.equals(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG) && !k.equals(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
                p.setProperty(k, relocated(e.getValue(), KAFKA_PACKAGE));
            }
        }
        return p;
    }

    /** Kafka's own package as users write it; built at run time so the shade plugin cannot relocate the literal. */
    static final String UNSHADED_KAFKA_PACKAGE = String.join(".", "org", "apache", "kafka") + ".";
    /** Kafka's package as this copy of the client lives in it: relocated inside the listener and agent jars. */
    static final String KAFKA_PACKAGE = KafkaProducer.class.getName().substring(0,
            KafkaProducer.class.getName().length() - "clients.producer.KafkaProducer".length());

    /**
     * A setting naming one of Kafka's own classes, as users write it (a SASL JAAS config's
     * {@code org.apache.kafka.common.security.plain.PlainLoginModule}, a callback handler class),
     * points to the relocated copy inside the shaded jars: the original name is not on their
     * class path, and the client would fail to start with "Failed to construct kafka producer".
     */
    static String relocated(String value, String kafkaPackage) {
        if (value == null || kafkaPackage.equals(UNSHADED_KAFKA_PACKAGE) || !value.contains(UNSHADED_KAFKA_PACKAGE)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 32);
        int from = 0;
        for (int at = value.indexOf(UNSHADED_KAFKA_PACKAGE); at >= 0; at = value.indexOf(UNSHADED_KAFKA_PACKAGE, from)) {
            boolean alreadyRelocated = at >= kafkaPackage.length() - UNSHADED_KAFKA_PACKAGE.length()
                    && value.startsWith(kafkaPackage, at - (kafkaPackage.length() - UNSHADED_KAFKA_PACKAGE.length()));
            out.append(value, from, at).append(alreadyRelocated ? UNSHADED_KAFKA_PACKAGE : kafkaPackage);
            from = at + UNSHADED_KAFKA_PACKAGE.length();
        }
        return out.append(value, from, value.length()).toString();
    }

    @Override
    public void send(String key, byte[] value, Callback callback) throws SinkUnavailableException {
        // Kafka reports a metadata or buffer timeout by calling the callback inside send(); catch that
        // case so the emitter can keep the record and retry when the broker is back.
        Thread caller = Thread.currentThread();
        AtomicReference<Exception> synchronousRetriable = new AtomicReference<>();
        AtomicBoolean returned = new AtomicBoolean();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error instanceof RetriableException && !returned.get() && Thread.currentThread() == caller) {
                synchronousRetriable.set(error);
            } else {
                callback.done(error);
            }
        });
        returned.set(true);
        Exception e = synchronousRetriable.get();
        if (e != null) {
            throw new SinkUnavailableException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    @Override
    public void close(long timeoutMs) {
        producer.close(Duration.ofMillis(Math.max(0, timeoutMs)));
    }
}

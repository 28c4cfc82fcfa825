/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import dev.pyrometer.config.Setting;
import dev.pyrometer.config.Settings;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Immutable emitter configuration. The same keys are read from Spark confs under
 * {@code spark.pyrometer.} by the listener and from {@code -javaagent} arguments by the agent;
 * {@code kafka.*} keys pass through to the Kafka producer.
 */
public final class EmitterConfig {
    private static final Pattern TOPIC_PATTERN = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public static final Setting<Boolean> ENABLED = Setting.bool("enabled", true,
            "Send events at all. When false nothing is started and nothing is sent.");
    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.custom("bootstrap.servers", "localhost:9092",
            "Kafka bootstrap servers, host:port[,host:port...].", EmitterConfig::parseBootstrap);
    public static final Setting<String> TOPIC = Setting.custom("topic", "pyrometer.events",
            "Kafka topic the events go to.", raw -> {
                if (!TOPIC_PATTERN.matcher(raw.trim()).matches()) {
                    throw new IllegalArgumentException("must be 1-249 characters of [a-zA-Z0-9._-]");
                }
                return raw.trim();
            });
    public static final Setting<Integer> QUEUE_EVENTS = Setting.intRange("queue.events", 16384, 16, 10_000_000,
            "Most events waiting to be sent; further events are dropped and counted (queue_full).");
    public static final Setting<Long> QUEUE_BYTES = Setting.size("queue.bytes", 16L << 20, 64L << 10, 4L << 30,
            "Most estimated bytes waiting to be sent; further events are dropped and counted (bytes_full).");
    public static final Setting<Long> FLUSH_TIMEOUT_MS = Setting.duration("flush.timeout.ms", 5000, 0, 600_000,
            "At JVM exit, how long the emitter may wait to deliver what is queued; it never holds the exit longer. Its last quarter (at most 1 s) is kept for delivering the final report.");
    public static final Setting<Long> SELF_METRICS_INTERVAL_MS = Setting.duration("self.metrics.interval.ms", 10_000, 100, 3_600_000,
            "How often the emitter reports its own counts (sent, dropped, suppressed errors).");
    public static final Setting<Long> RUN_WAIT_MS = Setting.duration("run.wait.ms", 120_000, 0, 86_400_000,
            "How long a driver JVM holds its events while the application id is unknown; after that they are keyed by 'jvm-<instance id>'.");
    public static final Setting<Long> MAX_BLOCK_MS = Setting.duration("max.block.ms", 1000, 0, 60_000,
            "Kafka producer max.block.ms for the sender thread: how long one send may wait for metadata or buffer space.");
    public static final Setting<Long> PRODUCER_BUFFER_BYTES = Setting.size("producer.buffer.bytes", 8L << 20, 1L << 20, 1L << 30,
            "Kafka producer buffer.memory: bytes of encoded events the producer may hold.");

    public static final Setting<String> SPILL_DIR = Setting.string("spill.dir", "",
            "Local directory where events wait while Kafka is unreachable, replayed when it returns (and by the next JVM using the same directory if this one exits first). Empty: no spill; events beyond the queue are dropped and counted.");
    public static final Setting<Long> SPILL_MAX_BYTES = Setting.size("spill.max.bytes", 256L << 20, 1L << 20, 1L << 40,
            "Most bytes the spill directory holds for this JVM; past it the oldest events are deleted and counted (spill_full).");

    /** Every emitter key, in documentation order. */
    public static final List<Setting<?>> TABLE = Collections.unmodifiableList(Arrays.<Setting<?>>asList(
            ENABLED, BOOTSTRAP_SERVERS, TOPIC, QUEUE_EVENTS, QUEUE_BYTES, FLUSH_TIMEOUT_MS,
            SELF_METRICS_INTERVAL_MS, RUN_WAIT_MS, MAX_BLOCK_MS, PRODUCER_BUFFER_BYTES, SPILL_DIR, SPILL_MAX_BYTES));

    public static final String KAFKA_PREFIX = "kafka.";

    private final boolean enabled;
    private final String bootstrapServers;
    private final String topic;
    private final int queueEvents;
    private final long queueBytes;
    private final long flushTimeoutMs;
    private final long selfMetricsIntervalMs;
    private final long runWaitMs;
    private final long maxBlockMs;
    private final long producerBufferBytes;
    private final Map<String, String> kafka;
    private final String spillDir;
    private final long spillMaxBytes;

    private EmitterConfig(Settings s) {
        this.spillDir = s.get(SPILL_DIR).trim();
        this.spillMaxBytes = s.get(SPILL_MAX_BYTES);
        this.enabled = s.get(ENABLED);
        this.bootstrapServers = s.get(BOOTSTRAP_SERVERS);
        this.topic = s.get(TOPIC);
        this.queueEvents = s.get(QUEUE_EVENTS);
        this.queueBytes = s.get(QUEUE_BYTES);
        this.flushTimeoutMs = s.get(FLUSH_TIMEOUT_MS);
        this.selfMetricsIntervalMs = s.get(SELF_METRICS_INTERVAL_MS);
        this.runWaitMs = s.get(RUN_WAIT_MS);
        this.maxBlockMs = s.get(MAX_BLOCK_MS);
        this.producerBufferBytes = s.get(PRODUCER_BUFFER_BYTES);
        this.kafka = s.passthrough();
    }

    /** Builds the config from already-parsed settings that include {@link #TABLE}. */
    public static EmitterConfig from(Settings settings) {
        return new EmitterConfig(settings);
    }

    /** Parses raw keys (without any prefix); returns the config and reports bad keys into {@code errors}. */
    public static EmitterConfig parse(Map<String, String> raw, List<String> errors) {
        Settings s = Settings.parse(TABLE, raw, KAFKA_PREFIX);
        errors.addAll(s.errors());
        return new EmitterConfig(s);
    }

    public static EmitterConfig defaults() {
        return parse(Collections.<String, String>emptyMap(), new java.util.ArrayList<String>());
    }

    private static String parseBootstrap(String raw) {
        String v = raw.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        for (String hp : v.split(",")) {
            String h = hp.trim();
            int colon = h.lastIndexOf(':');
            if (colon <= 0 || colon == h.length() - 1) {
                throw new IllegalArgumentException("must be host:port[,host:port...]");
            }
            long port;
            try {
                port = Long.parseLong(h.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port of '" + h + "' is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port of '" + h + "' is out of range");
            }
        }
        return v;
    }

    public boolean enabled() {
        return enabled;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topic() {
        return topic;
    }

    public int queueEvents() {
        return queueEvents;
    }

    public long queueBytes() {
        return queueBytes;
    }

    public long flushTimeoutMs() {
        return flushTimeoutMs;
    }

    public long selfMetricsIntervalMs() {
        return selfMetricsIntervalMs;
    }

    public long runWaitMs() {
        return runWaitMs;
    }

    public long maxBlockMs() {
        return maxBlockMs;
    }

    public long producerBufferBytes() {
        return producerBufferBytes;
    }

    public String spillDir() {
        return spillDir;
    }

    public long spillMaxBytes() {
        return spillMaxBytes;
    }

    /** Kafka producer settings given under {@code kafka.*}, prefix removed. May hold secrets: never log values. */
    public Map<String, String> kafka() {
        return kafka;
    }
}

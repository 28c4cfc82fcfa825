/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

import dev.pyrometer.collector.timeline.CompletionPolicy;
import java.time.Duration;
import java.util.Map;

/**
 * What the consumer needs: where to read, as which group, and when runs end.
 *
 * @param kafkaOverrides extra consumer properties (security settings ...); never logged
 * @param saveInterval   how often a running run's derived tables are refreshed (live view)
 */
public record IngestConfig(String bootstrapServers, String topic, String groupId, CompletionPolicy completion,
        Duration saveInterval, int maxPollRecords, Map<String, String> kafkaOverrides) {

    /** The emitter's default, so a collector and an application meet without naming the topic. */
    public static final String DEFAULT_TOPIC = "pyrometer.events";
    public static final String DEFAULT_GROUP = "pyrometer-collector";

    public IngestConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be empty");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("group must not be empty");
        }
        if (maxPollRecords <= 0) {
            throw new IllegalArgumentException("max poll records must be positive");
        }
        kafkaOverrides = Map.copyOf(kafkaOverrides);
    }

    /** Defaults: 10 s grace after application end, 10 min idle timeout, refresh every 5 s. */
    public static IngestConfig defaults(String bootstrap, String topic, String group) {
        return new IngestConfig(bootstrap, topic, group, new CompletionPolicy(10_000, 600_000), Duration.ofSeconds(5),
                5_000, Map.of());
    }

    public IngestConfig withCompletion(CompletionPolicy policy) {
        return new IngestConfig(bootstrapServers, topic, groupId, policy, saveInterval, maxPollRecords, kafkaOverrides);
    }

    public IngestConfig withMaxPollRecords(int n) {
        return new IngestConfig(bootstrapServers, topic, groupId, completion, saveInterval, n, kafkaOverrides);
    }

    public IngestConfig withSaveInterval(Duration d) {
        return new IngestConfig(bootstrapServers, topic, groupId, completion, d, maxPollRecords, kafkaOverrides);
    }
}

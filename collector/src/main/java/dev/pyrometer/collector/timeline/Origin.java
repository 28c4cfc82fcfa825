/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

/**
 * Where an event was read from (topic, partition, offset), kept so that a flagged event can be
 * found again on the topic. Plain values: the timeline knows nothing about Kafka.
 */
public record Origin(String topic, int partition, long offset) {
    /** For events that did not come from a topic (tests, replays from the store). */
    public static final Origin NONE = new Origin("", -1, -1);
}

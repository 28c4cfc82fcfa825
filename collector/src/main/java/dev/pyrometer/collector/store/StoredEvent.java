/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

/**
 * One event as kept in the store: its identity, its place on the topic and its encoded bytes.
 * A second copy of an event the producer sent twice is kept too, flagged {@code duplicate}, so
 * that a timeline rebuilt from the store counts the same duplicates as the original.
 */
public record StoredEvent(String runId, String instanceId, long seq, long timeMicros, String payloadType,
        String topic, int partition, long offset, boolean duplicate, byte[] body) {
}

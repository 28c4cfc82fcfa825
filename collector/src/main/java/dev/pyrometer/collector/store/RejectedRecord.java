/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

/**
 * A record the collector could not use: undecodable (reason BAD_HEADER, UNKNOWN_SCHEMA,
 * CORRUPT_BODY) or decodable but inconsistent with its run (reason INCONSISTENT:&lt;kind&gt;, with
 * the run id; its bytes stay in the events table). Kept with topic, partition and offset.
 */
public record RejectedRecord(String topic, int partition, long offset, String reason, String detail,
        String recordKey, int sizeBytes, byte[] body, long receivedMs, String runId) {
    /** Larger bodies are cut: a reject is kept for inspection, not to be replayed. */
    public static final int MAX_KEPT_BYTES = 1 << 20;

    /** What the served page and {@code runs --rejects --json} show of it (not its bytes). */
    public java.util.Map<String, Object> summary() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("topic", topic);
        m.put("partition", partition);
        m.put("offset", offset);
        m.put("reason", reason);
        m.put("detail", detail);
        m.put("sizeBytes", sizeBytes);
        m.put("runId", runId);
        return m;
    }
}

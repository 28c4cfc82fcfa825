/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

import dev.pyrometer.collector.timeline.RunAssembler;

/** A run being assembled in memory, with the collector-clock facts the completion rule needs. */
final class LiveRun {
    final RunAssembler assembler;
    final int partition;
    long lastEventAtMs;
    long appEndSeenAtMs = -1;
    long lastSavedAtMs = -1;
    boolean dirty;

    LiveRun(RunAssembler assembler, int partition, long nowMs) {
        this.assembler = assembler;
        this.partition = partition;
        this.lastEventAtMs = nowMs;
    }

    void touched(long nowMs) {
        lastEventAtMs = nowMs;
        dirty = true;
        if (appEndSeenAtMs < 0 && assembler.applicationEndSeen()) {
            appEndSeenAtMs = nowMs;
        }
    }
}

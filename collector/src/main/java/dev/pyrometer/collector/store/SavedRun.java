/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.collector.timeline.RunTimeline;

/** A run being saved: its timeline, the partition its events came from, and the time of the save. */
record SavedRun(RunTimeline timeline, int partition, long nowMs) {
    String runId() {
        return timeline.app().runId();
    }
}

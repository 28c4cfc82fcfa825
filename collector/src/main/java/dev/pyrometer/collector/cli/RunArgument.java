/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.TimelineLoader;
import dev.pyrometer.collector.timeline.RunTimeline;

/** Resolves the RUN argument of show, report and export. */
final class RunArgument {
    private RunArgument() {
    }

    static RunTimeline load(RunStore store, String runId) {
        return TimelineLoader.load(store, runId).orElseThrow(
                () -> new IllegalArgumentException("no run '" + runId + "' in the store (see 'pyrometer-collector runs')"));
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

/** One row of the runs list; scale is what the run declared (spark.pyrometer.scale), null for none. */
public record RunSummary(String runId, String appName, String series, String status, long startMs, long durationMs,
        long tasks, long failedTasks, long peakPythonRss, long lostEvents, long events, Double scale) {
}

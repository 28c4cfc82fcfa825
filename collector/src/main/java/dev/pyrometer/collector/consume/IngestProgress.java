/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

/** Counters of one ingest session, for progress lines and scripts. */
public record IngestProgress(long records, long events, long duplicates, long rejected, long reread, int openRuns,
        int completedRuns, long lag, double eventsPerSecond) {

    /** One line for a terminal. */
    public String line() {
        return String.format(java.util.Locale.ROOT,
                "records %,d  events %,d  duplicates %,d  rejected %,d  open runs %d  finished runs %d  lag %s  %,.0f events/s",
                records, events, duplicates, rejected, openRuns, completedRuns, lag < 0 ? "?" : String.format("%,d", lag),
                eventsPerSecond);
    }
}

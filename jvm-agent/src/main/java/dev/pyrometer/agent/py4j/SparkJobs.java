/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import dev.pyrometer.agent.spark.SparkBridge;

/** The Spark jobs active in the application, read off the export thread. Never throws; unknown is null. */
public final class SparkJobs {
    private SparkJobs() {
    }

    /** {@code sc.statusTracker().getActiveJobIds()} of the driver's SparkContext, or null. */
    public static int[] activeJobIds() {
        Object sc = SparkBridge.context();
        if (sc == null) {
            return null;
        }
        try {
            Object tracker = sc.getClass().getMethod("statusTracker").invoke(sc);
            return (int[]) tracker.getClass().getMethod("getActiveJobIds").invoke(tracker);
        } catch (Throwable t) {
            return null;
        }
    }
}

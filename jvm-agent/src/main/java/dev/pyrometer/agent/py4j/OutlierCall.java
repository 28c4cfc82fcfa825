/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

/** One Py4J call above a threshold, as captured on the calling thread; turned into an event on the export thread. */
final class OutlierCall {
    final long startNanos;
    final long durationNanos;
    final String targetClass;
    final String method;
    final long responseChars;
    final boolean bySize;
    final boolean byDuration;
    final boolean error;
    final Object thrown;
    final String threadName;
    final String jobGroup;
    /** Spark jobs the call submitted from its thread; empty when none. */
    final int[] jobIds;

    OutlierCall(long startNanos, long durationNanos, String targetClass, String method, long responseChars,
            boolean bySize, boolean byDuration, boolean error, Object thrown, String threadName, String jobGroup,
            int[] jobIds) {
        this.startNanos = startNanos;
        this.durationNanos = durationNanos;
        this.targetClass = targetClass;
        this.method = method;
        this.responseChars = responseChars;
        this.bySize = bySize;
        this.byDuration = byDuration;
        this.error = error;
        this.thrown = thrown;
        this.threadName = threadName;
        this.jobGroup = jobGroup;
        this.jobIds = jobIds;
    }
}

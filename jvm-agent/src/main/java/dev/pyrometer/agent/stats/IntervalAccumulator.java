/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.stats;

/**
 * Counts, times and sizes of one kind of call over one export interval, with an optional latency
 * histogram. Recording is a short uncontended lock and a few field updates, with no allocation;
 * {@link #drainInto} copies and resets under the same lock on the export thread.
 */
public final class IntervalAccumulator {
    private final long[] buckets;
    private long count;
    private long errors;
    private long totalNanos;
    private long maxNanos;
    private long totalSize;
    private long maxSize;

    public IntervalAccumulator(boolean histogram) {
        this.buckets = histogram ? new long[LatencyBuckets.COUNT] : null;
    }

    /** @param size bytes or characters of the call, negative when unknown */
    public synchronized void record(long nanos, long size, boolean error) {
        count++;
        if (error) {
            errors++;
        }
        totalNanos += nanos;
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
        if (size > 0) {
            totalSize += size;
            if (size > maxSize) {
                maxSize = size;
            }
        }
        if (buckets != null) {
            buckets[LatencyBuckets.index(nanos / 1000)]++;
        }
    }

    /** Copies this interval's values into {@code out} and starts a new interval; false when there were no calls. */
    public synchronized boolean drainInto(Snapshot out) {
        if (count == 0) {
            return false;
        }
        out.count = count;
        out.errors = errors;
        out.totalNanos = totalNanos;
        out.maxNanos = maxNanos;
        out.totalSize = totalSize;
        out.maxSize = maxSize;
        if (buckets != null) {
            System.arraycopy(buckets, 0, out.buckets, 0, buckets.length);
            java.util.Arrays.fill(buckets, 0);
        }
        count = 0;
        errors = 0;
        totalNanos = 0;
        maxNanos = 0;
        totalSize = 0;
        maxSize = 0;
        return true;
    }

    /** A reusable copy of one drained interval, owned by the export thread. */
    public static final class Snapshot {
        public long count;
        public long errors;
        public long totalNanos;
        public long maxNanos;
        public long totalSize;
        public long maxSize;
        public final long[] buckets = new long[LatencyBuckets.COUNT];
    }
}

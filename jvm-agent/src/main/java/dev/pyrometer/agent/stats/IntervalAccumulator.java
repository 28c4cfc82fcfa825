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
    /** Set by {@link #drainFinal}: the last interval has gone out, later calls are refused. */
    private boolean sealed;

    public IntervalAccumulator(boolean histogram) {
        this.buckets = histogram ? new long[LatencyBuckets.COUNT] : null;
    }

    /**
     * @param size bytes or characters of the call, negative when unknown
     * @return false when the final interval was already drained ({@link #drainFinal}): the call is
     *         not recorded and the caller counts it
     */
    public synchronized boolean record(long nanos, long size, boolean error) {
        if (sealed) {
            return false;
        }
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
        return true;
    }

    /**
     * {@link #drainInto} for the last time: under the same lock, so every call is either in this
     * interval or refused by {@link #record} afterwards, never recorded and left behind.
     */
    public synchronized boolean drainFinal(Snapshot out) {
        sealed = true;
        return drainInto(out);
    }

    /** Refuses every later call without draining: for an accumulator created after the final export. */
    public synchronized void seal() {
        sealed = true;
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

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.stats;

import dev.pyrometer.event.LatencyHistogram;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The fixed power-of-4 bucketing of LatencyHistogram.avsc: bucket i counts durations d with
 * 4^i &lt;= d/1us &lt; 4^(i+1); bucket 0 also holds d &lt; 1us; the last bucket is open-ended.
 * Sixteen buckets reach 4^15 us (about 18 minutes) before the open one.
 */
public final class LatencyBuckets {
    public static final int COUNT = 16;
    private static final List<Long> UPPER;

    static {
        List<Long> upper = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT - 1; i++) {
            upper.add(1L << (2 * (i + 1)));
        }
        upper.add(Long.MAX_VALUE);
        UPPER = Collections.unmodifiableList(upper);
    }

    private LatencyBuckets() {
    }

    /** Bucket index of a duration in microseconds; allocation-free. */
    public static int index(long micros) {
        if (micros < 1) {
            return 0;
        }
        int log4 = (63 - Long.numberOfLeadingZeros(micros)) >>> 1;
        return Math.min(log4, COUNT - 1);
    }

    /** Exclusive upper bound of each bucket, microseconds (the last is Long.MAX_VALUE). */
    public static List<Long> upperBoundsMicros() {
        return UPPER;
    }

    /** The Avro histogram for counts indexed like {@link #index}. */
    public static LatencyHistogram toAvro(long[] counts) {
        List<Long> c = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            c.add(counts[i]);
        }
        return LatencyHistogram.newBuilder().setBucketUpperMicros(new ArrayList<>(UPPER)).setCounts(c).build();
    }
}

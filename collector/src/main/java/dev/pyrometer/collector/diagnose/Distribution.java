/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import java.util.Arrays;

/** Sorted values of one measure across tasks: median, percentiles, max. */
record Distribution(long[] sorted) {
    static Distribution of(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return new Distribution(s);
    }

    int size() {
        return sorted.length;
    }

    long median() {
        int n = sorted.length;
        if (n == 0) {
            return 0;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    long percentile(double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    long max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    long sum() {
        long s = 0;
        for (long v : sorted) {
            s += v;
        }
        return s;
    }
}

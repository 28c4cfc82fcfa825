/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.emitter.LossCounters;

/**
 * Cuts strings that come from user code (messages, stack traces, descriptions, plans) to the
 * configured length, ending a cut string with a visible marker and counting it.
 */
public final class StringLimit {
    /** Counter of strings cut, reported in SelfMetrics. */
    public static final String TRUNCATED_COUNTER = "truncated_strings";

    private final int maxChars;
    private final LossCounters counters;

    public StringLimit(int maxChars, LossCounters counters) {
        this.maxChars = maxChars;
        this.counters = counters;
    }

    /** {@code s} itself when short enough (or null), else its first maxChars characters and the marker. */
    public String cut(String s) {
        if (s == null || s.length() <= maxChars) {
            return s;
        }
        counters.count(TRUNCATED_COUNTER, 1);
        int removed = s.length() - maxChars;
        return new StringBuilder(maxChars + 32).append(s, 0, maxChars)
                .append("...[truncated ").append(removed).append(" chars]").toString();
    }

    /** Whether {@link #cut} would shorten {@code s}. */
    public boolean exceeds(String s) {
        return s != null && s.length() > maxChars;
    }

    public int maxChars() {
        return maxChars;
    }
}

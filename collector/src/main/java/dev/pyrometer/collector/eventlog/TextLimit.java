/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

/**
 * The listener's cut for strings from user code (its {@code max.string.chars}, default 64 KiB,
 * and its marker), so a message cut by the listener and the same message read from an event
 * log come out alike; counts what it cut.
 */
public final class TextLimit {
    /** The listener's default. */
    public static final int DEFAULT_MAX_CHARS = 64 * 1024;

    private final int maxChars;
    private long truncated;

    public TextLimit(int maxChars) {
        if (maxChars < 256) {
            throw new IllegalArgumentException("max string chars must be at least 256, got " + maxChars);
        }
        this.maxChars = maxChars;
    }

    String cut(String s) {
        if (s == null || s.length() <= maxChars) {
            return s;
        }
        truncated++;
        int removed = s.length() - maxChars;
        return new StringBuilder(maxChars + 32).append(s, 0, maxChars)
                .append("...[truncated ").append(removed).append(" chars]").toString();
    }

    boolean exceeds(String s) {
        return s != null && s.length() > maxChars;
    }

    /** Strings cut so far. */
    public long truncated() {
        return truncated;
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.wire;

import dev.pyrometer.event.ExceptionInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * The one way any producer cuts a string to its character budget: the first {@code maxChars}
 * characters, then the visible marker {@code ...[truncated N chars]}, and every cut counted
 * ({@link CounterNames#TRUNCATED_STRINGS} where the producer has self-metrics). It also builds
 * every {@link ExceptionInfo}: class, message and printed stack trace, each within the budget,
 * flagged when either was cut.
 */
public final class TextLimit {
    private final int maxChars;
    private final Runnable onCut;

    /**
     * @param maxChars the most characters kept of one string
     * @param onCut run once for each string cut (a counter's increment); it must not throw
     */
    public TextLimit(int maxChars, Runnable onCut) {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must not be negative: " + maxChars);
        }
        this.maxChars = maxChars;
        this.onCut = onCut;
    }

    /** The marker appended where {@code removed} characters were cut. */
    public static String marker(long removed) {
        return "...[truncated " + removed + " chars]";
    }

    public int maxChars() {
        return maxChars;
    }

    /** {@code s} itself when short enough (or null), else its first maxChars characters and the marker. */
    public String cut(String s) {
        if (s == null || s.length() <= maxChars) {
            return s;
        }
        onCut.run();
        int removed = s.length() - maxChars;
        return new StringBuilder(maxChars + 32).append(s, 0, maxChars).append(marker(removed)).toString();
    }

    /** Whether {@link #cut} would shorten {@code s}. */
    public boolean exceeds(String s) {
        return s != null && s.length() > maxChars;
    }

    /**
     * The words joined by single spaces (a null word reads "null"), cut as {@link #cut} would cut
     * the joined string, without building more of it than is kept.
     */
    public String join(List<String> words) {
        int n = words.size();
        long total = n == 0 ? 0 : n - 1;
        for (int i = 0; i < n; i++) {
            String w = words.get(i);
            total += w == null ? 4 : w.length();
        }
        boolean cut = total > maxChars;
        StringBuilder b = new StringBuilder((int) Math.min(total, maxChars) + (cut ? 32 : 0));
        for (int i = 0; i < n && b.length() < maxChars; i++) {
            if (i > 0) {
                b.append(' ');
            }
            String w = String.valueOf(words.get(i));
            b.append(w, 0, Math.min(w.length(), maxChars - b.length()));
        }
        if (b.length() > maxChars) {
            b.setLength(maxChars);
        }
        if (cut) {
            onCut.run();
            b.append(marker(total - maxChars));
        }
        return b.toString();
    }

    /** An ExceptionInfo for a Throwable: class, message and the printed stack trace with its causes; null for null. */
    public ExceptionInfo exception(Throwable t) {
        if (t == null) {
            return null;
        }
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return exception(t.getClass().getName(), t.getMessage(), w.toString());
    }

    /** An ExceptionInfo from its parts as Spark reports them (a task's failure reason, an event log's). */
    public ExceptionInfo exception(String className, String message, String stackTrace) {
        boolean truncated = exceeds(message) || exceeds(stackTrace);
        return new ExceptionInfo(className == null ? "" : className, cut(message), cut(stackTrace), truncated);
    }
}

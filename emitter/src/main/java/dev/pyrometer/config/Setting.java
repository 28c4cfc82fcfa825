/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.config;

import java.util.concurrent.TimeUnit;

/**
 * One configuration key, declared together with its type, default, documentation and
 * validation (Kafka's ConfigDef style). Instances are immutable and shared.
 *
 * @param <T> the parsed value type
 */
public final class Setting<T> {
    /** Turns the raw string into a value or throws {@link IllegalArgumentException} with a short reason. */
    public interface Parser<T> {
        T parse(String raw);
    }

    private final String key;
    private final T defaultValue;
    private final String doc;
    private final Parser<T> parser;
    private final String type;
    private final String expected;
    private final boolean secret;

    private Setting(String key, T defaultValue, String doc, Parser<T> parser, String type, String expected, boolean secret) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.parser = parser;
        this.type = type;
        this.expected = expected;
        this.secret = secret;
    }

    public static Setting<String> string(String key, String defaultValue, String doc) {
        return new Setting<>(key, defaultValue, doc, raw -> raw, "text", null, false);
    }

    public static Setting<Boolean> bool(String key, boolean defaultValue, String doc) {
        return new Setting<>(key, defaultValue, doc, raw -> {
            String v = raw.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.equals("true")) {
                return Boolean.TRUE;
            }
            if (v.equals("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("not a boolean");
        }, "boolean", "true or false", false);
    }

    /** A count in [min, max]: a whole number, or one with the suffix k, m or g (1024, 1024², 1024³ times). */
    public static Setting<Long> range(String key, long defaultValue, long min, long max, String doc) {
        checkDefault(key, defaultValue, min, max);
        return new Setting<>(key, defaultValue, doc, raw -> inRange(parseCount(raw), min, max),
                "count" + span(Long.toString(min), Long.toString(max), max == Long.MAX_VALUE),
                "a whole number" + bounds(Long.toString(min), Long.toString(max), max == Long.MAX_VALUE), false);
    }

    /** {@link #range} for an int. */
    public static Setting<Integer> intRange(String key, int defaultValue, int min, int max, String doc) {
        checkDefault(key, defaultValue, min, max);
        return new Setting<>(key, defaultValue, doc, raw -> (int) inRange(parseCount(raw), min, max),
                "count" + span(Integer.toString(min), Integer.toString(max), false),
                "a whole number" + bounds(Integer.toString(min), Integer.toString(max), false), false);
    }

    /**
     * A duration in [min, max] of the unit the key ends with ({@code .ms}: milliseconds), read by
     * {@link DurationParser}: a bare number is that unit, {@code 30s} or {@code 5m} convert to it.
     */
    public static Setting<Long> duration(String key, long defaultValue, long min, long max, String doc) {
        if (!key.endsWith(".ms")) {
            throw new IllegalArgumentException("a duration key ends with its unit, .ms: " + key);
        }
        TimeUnit unit = TimeUnit.MILLISECONDS;
        checkDefault(key, defaultValue, min, max);
        String lo = DurationParser.format(min, unit);
        String hi = DurationParser.format(max, unit);
        return new Setting<>(key, defaultValue, doc, raw -> inRange(DurationParser.parse(raw, unit), min, max),
                "duration" + span(lo, hi, max == Long.MAX_VALUE),
                "a duration" + bounds(lo, hi, max == Long.MAX_VALUE) + ", a bare number being milliseconds", false);
    }

    /**
     * A size in bytes in [min, max], read by {@link SizeParser}: a bare number is bytes,
     * {@code 16m}, {@code 16mb} and {@code 16MiB} are all 16 × 1024² bytes.
     */
    public static Setting<Long> size(String key, long defaultValue, long min, long max, String doc) {
        checkDefault(key, defaultValue, min, max);
        String lo = SizeParser.format(min);
        String hi = SizeParser.format(max);
        return new Setting<>(key, defaultValue, doc, raw -> inRange(SizeParser.parse(raw), min, max),
                "size" + span(lo, hi, max == Long.MAX_VALUE),
                "a size" + bounds(lo, hi, max == Long.MAX_VALUE) + ", a bare number being bytes", false);
    }

    /** A value read by {@code parser}, whose reasons say themselves what it accepts. */
    public static <T> Setting<T> custom(String key, T defaultValue, String doc, Parser<T> parser) {
        return new Setting<>(key, defaultValue, doc, parser, "text", null, false);
    }

    /** The same setting, but its value is never shown in logs, events or reports. */
    public Setting<T> secret() {
        return new Setting<>(key, defaultValue, doc, parser, type, expected, true);
    }

    private static void checkDefault(String key, long defaultValue, long min, long max) {
        if (min > max || defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException("default of " + key + " outside [" + min + ", " + max + "]");
        }
    }

    private static long inRange(long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("out of range");
        }
        return v;
    }

    /** For the reference table: ", 100ms to 1h" or ", at least 1". */
    private static String span(String lo, String hi, boolean unbounded) {
        return unbounded ? ", at least " + lo : ", " + lo + " to " + hi;
    }

    /** For the one-line error: " between 100ms and 1h" or " of at least 1". */
    private static String bounds(String lo, String hi, boolean unbounded) {
        return unbounded ? " of at least " + lo : " between " + lo + " and " + hi;
    }

    /** A count: a whole number, optionally times 1024, 1024² or 1024³ (suffix k, m or g). */
    static long parseCount(String raw) {
        String v = raw.trim().toLowerCase(java.util.Locale.ROOT);
        long mult = 1;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
            char unit = v.charAt(v.length() - 1);
            mult = unit == 'k' ? 1024L : unit == 'm' ? 1024L * 1024 : 1024L * 1024 * 1024;
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** What the reference table says the value is: "duration, 100ms to 1h", "boolean", "text"... */
    public String type() {
        return type;
    }

    /** What an error says the value should have been ("a duration between 100ms and 1h, ..."), or null when the parser's reason says it. */
    public String expected() {
        return expected;
    }

    public boolean isSecret() {
        return secret;
    }

    T parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("missing");
        }
        return parser.parse(raw);
    }
}

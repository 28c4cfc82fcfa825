/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.config;

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
    private final boolean secret;

    private Setting(String key, T defaultValue, String doc, Parser<T> parser, boolean secret) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.parser = parser;
        this.secret = secret;
    }

    public static Setting<String> string(String key, String defaultValue, String doc) {
        return new Setting<>(key, defaultValue, doc, raw -> raw, false);
    }

    public static Setting<String> nonEmpty(String key, String defaultValue, String doc) {
        return new Setting<>(key, defaultValue, doc, raw -> {
            if (raw.trim().isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return raw.trim();
        }, false);
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
            throw new IllegalArgumentException("must be true or false");
        }, false);
    }

    /** A long in [min, max]; accepts the suffixes k, m, g (binary multiples) for sizes. */
    public static Setting<Long> range(String key, long defaultValue, long min, long max, String doc) {
        return new Setting<>(key, defaultValue, doc, raw -> {
            long v = parseLong(raw);
            if (v < min || v > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return v;
        }, false);
    }

    public static Setting<Integer> intRange(String key, int defaultValue, int min, int max, String doc) {
        return new Setting<>(key, defaultValue, doc, raw -> {
            long v = parseLong(raw);
            if (v < min || v > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return (int) v;
        }, false);
    }

    public static <T> Setting<T> custom(String key, T defaultValue, String doc, Parser<T> parser) {
        return new Setting<>(key, defaultValue, doc, parser, false);
    }

    /** The same setting, but its value is never shown in logs, events or reports. */
    public Setting<T> secret() {
        return new Setting<>(key, defaultValue, doc, parser, true);
    }

    static long parseLong(String raw) {
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
            throw new IllegalArgumentException("must be a whole number");
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

    public boolean isSecret() {
        return secret;
    }

    T parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("must not be null");
        }
        return parser.parse(raw);
    }
}

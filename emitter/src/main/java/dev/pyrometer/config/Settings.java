/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of {@link Setting}s and the values parsed from raw strings. Parsing never throws:
 * a bad value falls back to the default and is reported in {@link #errors()}, one line per key,
 * naming the key but never echoing a secret value.
 */
public final class Settings {
    private final List<Setting<?>> table;
    private final Map<Setting<?>, Object> values;
    private final List<String> errors;
    private final Map<String, String> passthrough;
    private final int rejectedValues;

    private Settings(List<Setting<?>> table, Map<Setting<?>, Object> values, List<String> errors, Map<String, String> passthrough,
            int rejectedValues) {
        this.table = table;
        this.values = values;
        this.errors = errors;
        this.passthrough = passthrough;
        this.rejectedValues = rejectedValues;
    }

    /**
     * Parses {@code raw} against {@code table}. Keys starting with {@code passthroughPrefix}
     * (when not null) are collected, without the prefix, into {@link #passthrough()}. Other keys
     * not in the table are reported as unknown.
     */
    public static Settings parse(List<Setting<?>> table, Map<String, String> raw, String passthroughPrefix) {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        for (Setting<?> s : table) {
            byKey.put(s.key(), s);
        }
        Map<Setting<?>, Object> values = new IdentityHashMap<>();
        List<String> errors = new ArrayList<>();
        Map<String, String> passthrough = new LinkedHashMap<>();
        int rejected = 0;
        for (Setting<?> s : table) {
            values.put(s, s.defaultValue());
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = e.getKey();
            if (passthroughPrefix != null && key.startsWith(passthroughPrefix) && key.length() > passthroughPrefix.length()) {
                passthrough.put(key.substring(passthroughPrefix.length()), e.getValue());
                continue;
            }
            Setting<?> s = byKey.get(key);
            if (s == null) {
                errors.add("unknown key '" + abbreviate(key) + "'");
                continue;
            }
            try {
                values.put(s, s.parse(e.getValue()));
            } catch (RuntimeException ex) {
                errors.add(invalid(s, e.getValue(), ex));
                rejected++;
            }
        }
        return new Settings(Collections.unmodifiableList(new ArrayList<>(table)), values,
                Collections.unmodifiableList(errors), Collections.unmodifiableMap(passthrough), rejected);
    }

    /**
     * The line for a rejected value: the key, the value given, why, what the key accepts and the
     * default used, e.g. {@code invalid value '1k' for 'sample.interval.ms': unknown unit 'k';
     * expected a duration between 100ms and 1h, a bare number being milliseconds (using default 1000)}.
     * A secret's value, reason and default are not shown.
     */
    private static String invalid(Setting<?> s, String value, RuntimeException ex) {
        if (s.isSecret()) {
            return "invalid value (secret) for '" + s.key() + "': rejected (using default (secret))";
        }
        String why = abbreviate(String.valueOf(ex.getMessage()));
        String expected = s.expected() == null ? "" : "; expected " + s.expected();
        return "invalid value '" + abbreviate(value == null ? "null" : value) + "' for '" + s.key() + "': " + why + expected
                + " (using default " + s.defaultValue() + ")";
    }

    /** One short printable line: values come from users and may hold anything. */
    private static String abbreviate(String v) {
        StringBuilder sb = new StringBuilder(Math.min(v.length(), 84));
        for (int i = 0; i < v.length() && sb.length() < 80; i++) {
            char c = v.charAt(i);
            sb.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return v.length() > 80 ? sb + "..." : sb.toString();
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object v = values.get(setting);
        if (v == null && !values.containsKey(setting)) {
            throw new IllegalArgumentException("setting not in this table: " + setting.key());
        }
        return (T) v;
    }

    public List<String> errors() {
        return errors;
    }

    /** How many values of known keys were rejected (unknown keys not included): each fell back to its default. */
    public int rejectedValues() {
        return rejectedValues;
    }

    public Map<String, String> passthrough() {
        return passthrough;
    }

    /** Markdown reference table (key, type, default, meaning), with {@code prefix} before each key. */
    public static String markdownTable(List<Setting<?>> table, String prefix) {
        StringBuilder sb = new StringBuilder("| key | type | default | meaning |\n| --- | --- | --- | --- |\n");
        for (Setting<?> s : table) {
            sb.append("| `").append(prefix).append(s.key()).append("` | ").append(s.type()).append(" | `")
              .append(s.isSecret() ? "" : String.valueOf(s.defaultValue())).append("` | ")
              .append(s.doc().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.wire.TextLimit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Selects the Spark confs recorded with the application start and hides secret values: a value
 * is replaced when its key or the value itself matches Spark's {@code spark.redaction.regex}
 * (Spark's own rule), or when its key matches Pyrometer's pattern for Kafka SASL/SSL settings and
 * other credentials (keys only: that pattern is broad, e.g. "sasl" in SASL_SSL is no secret).
 */
public final class ConfRedactor {
    /** Spark's default {@code spark.redaction.regex}. */
    public static final String SPARK_DEFAULT_REGEX = "(?i)secret|password|token|access[.]key";
    /** What a redacted value becomes, as Spark writes it. */
    public static final String REDACTED = "*********(redacted)";
    private static final int MAX_CONFS = 500;

    private final Pattern spark;
    private final Pattern own;
    private final List<String> prefixes;
    private final TextLimit limit;

    public ConfRedactor(String sparkRegex, Pattern own, List<String> prefixes, TextLimit limit) {
        this.spark = compileOrDefault(sparkRegex);
        this.own = own;
        this.prefixes = prefixes;
        this.limit = limit;
    }

    private static Pattern compileOrDefault(String regex) {
        try {
            return Pattern.compile(regex == null ? SPARK_DEFAULT_REGEX : regex);
        } catch (RuntimeException e) {
            return Pattern.compile(SPARK_DEFAULT_REGEX);
        }
    }

    /** Whether the value of {@code key} must not be shown. */
    public boolean isSecret(String key, String value) {
        return spark.matcher(key).find() || own.matcher(key).find() || (value != null && spark.matcher(value).find());
    }

    /** The selected confs (bounded in count and value length), secrets replaced by {@link #REDACTED}. */
    public Map<String, String> select(Map<String, String> all) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (out.size() >= MAX_CONFS) {
                break;
            }
            String key = e.getKey();
            if (!selected(key)) {
                continue;
            }
            out.put(key, isSecret(key, e.getValue()) ? REDACTED : limit.cut(e.getValue()));
        }
        return out;
    }

    private boolean selected(String key) {
        for (String p : prefixes) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}

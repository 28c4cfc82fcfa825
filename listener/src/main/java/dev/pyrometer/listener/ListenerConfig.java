/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener;

import dev.pyrometer.config.Setting;
import dev.pyrometer.config.Settings;
import dev.pyrometer.emitter.EmitterConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listener's own configuration, read once from {@code spark.pyrometer.*} Spark confs. Every
 * key is declared in {@link #TABLE} with its default, documentation and validation; the emitter's
 * keys ({@link EmitterConfig#TABLE}) and {@code spark.pyrometer.kafka.*} share the same prefix.
 * Invalid values fall back to the default and are reported as one line each.
 */
public final class ListenerConfig {
    /** Prefix of every Pyrometer Spark conf. */
    public static final String PREFIX = "spark.pyrometer.";

    public static final Setting<String> SERIES = Setting.string("series", "",
            "Label grouping runs of the same job (e.g. at different scales); empty for none.");
    public static final Setting<String> SCALE = Setting.custom("scale", "",
            "This run's share of the full data (e.g. 0.1 for 10%), positive; compared across the runs of a series, and the"
                    + " scale-up finding projects each stage to scale 1.0. Empty: the collector measures the size in records,"
                    + " else bytes.", ListenerConfig::parseScale);
    public static final Setting<String> TAGS = Setting.custom("tags", "",
            "Free tags carried by every event of the run: k1=v1;k2=v2.", raw -> {
                parseTags(raw);
                return raw;
            });
    public static final Setting<Integer> MAX_STRING_CHARS = Setting.intRange("max.string.chars", 64 * 1024, 256, 16 * 1024 * 1024,
            "Longest exception message, stack trace, description or plan kept; longer ones are cut and end with '...[truncated N chars]'.");
    public static final Setting<Long> HEARTBEAT_MIN_INTERVAL_MS = Setting.duration("heartbeat.min.interval.ms", 10_000, 0, 3_600_000,
            "At most one executor heartbeat metrics event per executor per this long.");
    public static final Setting<Boolean> CAPTURE_TASKS = Setting.bool("capture.tasks", true,
            "Emit one event per task end (metrics, executor metric peaks, failure).");
    public static final Setting<Boolean> CAPTURE_TASK_STARTS = Setting.bool("capture.task.starts", true,
            "Emit one event per task start.");
    public static final Setting<Boolean> CAPTURE_EXECUTOR_METRICS = Setting.bool("capture.executor.metrics", true,
            "Emit executor heartbeat metrics (rate-limited by heartbeat.min.interval.ms).");
    public static final Setting<Boolean> CAPTURE_SQL = Setting.bool("capture.sql", true,
            "Emit SQL execution start and end events.");
    public static final Setting<Boolean> CAPTURE_CONNECT = Setting.bool("capture.connect", true,
            "Emit Spark Connect session and operation events (a Connect server, Spark 3.5+): session, user, statement text (redacted), rows, errors.");
    public static final Setting<String> CAPTURE_CONFS = Setting.custom("capture.confs",
            "spark.app.,spark.master,spark.submit.,spark.driver.,spark.executor.,spark.dynamicAllocation.,"
                    + "spark.default.parallelism,spark.sql.shuffle.partitions,spark.sql.adaptive.enabled,spark.serializer,"
                    + "spark.kryoserializer.,spark.memory.,spark.python.,spark.pyspark.,spark.sql.execution.arrow.,"
                    + "spark.sql.execution.pythonUDF.,spark.sql.execution.pythonUDTF.,spark.sql.execution.pyspark.,spark.pyrometer.",
            "Comma-separated prefixes of the Spark confs recorded in the application start event (secrets redacted).",
            ListenerConfig::parseList);
    public static final Setting<String> REDACT_KEYS = Setting.custom("redact.keys",
            "sasl,jaas,ssl.key,ssl.keystore,ssl.truststore,password,secret,token,credential,access.key,private.key",
            "Comma-separated parts of conf keys (any case) whose values are redacted, in addition to spark.redaction.regex.",
            ListenerConfig::parseList);

    /** The listener's keys, in documentation order. */
    public static final List<Setting<?>> TABLE = Collections.unmodifiableList(Arrays.<Setting<?>>asList(
            SERIES, SCALE, TAGS, MAX_STRING_CHARS, HEARTBEAT_MIN_INTERVAL_MS, CAPTURE_TASKS, CAPTURE_TASK_STARTS,
            CAPTURE_EXECUTOR_METRICS, CAPTURE_SQL, CAPTURE_CONNECT, CAPTURE_CONFS, REDACT_KEYS));

    /** The listener's keys then the emitter's: everything valid under {@link #PREFIX} besides {@code kafka.*}. */
    public static final List<Setting<?>> ALL = Collections.unmodifiableList(concat(TABLE, EmitterConfig.TABLE));

    private final Settings settings;
    private final EmitterConfig emitter;
    private final List<String> errors;

    private ListenerConfig(Settings settings, List<String> errors) {
        this.settings = settings;
        this.emitter = EmitterConfig.from(settings);
        this.errors = errors;
    }

    /** Parses confs given without the {@code spark.pyrometer.} prefix. Never throws. */
    public static ListenerConfig parse(Map<String, String> unprefixed) {
        Settings s = Settings.parse(ALL, unprefixed, EmitterConfig.KAFKA_PREFIX);
        List<String> errors = new ArrayList<>();
        for (String e : s.errors()) {
            errors.add(qualify(e, unprefixed));
        }
        return new ListenerConfig(s, Collections.unmodifiableList(errors));
    }

    /** Rewrites the keys an error names to their full Spark conf name, so the warning can be acted on. */
    private static String qualify(String error, Map<String, String> raw) {
        String out = error;
        for (String key : raw.keySet()) {
            out = out.replace("for '" + key + "'", "for '" + PREFIX + key + "'")
                     .replace("unknown key '" + key + "'", "unknown key '" + PREFIX + key + "'");
        }
        return out;
    }

    public EmitterConfig emitter() {
        return emitter;
    }

    /** How many values were rejected for their default (unknown keys not included). */
    public int rejectedValues() {
        return settings.rejectedValues();
    }

    /** One line per bad key, naming the key; never a secret value. */
    public List<String> errors() {
        return errors;
    }

    public String series() {
        String s = settings.get(SERIES).trim();
        return s.isEmpty() ? null : s;
    }

    /** The declared scale as given (a positive number), or null when none or an invalid one was given. */
    public String scale() {
        String s = settings.get(SCALE).trim();
        return s.isEmpty() ? null : s;
    }

    static String parseScale(String raw) {
        String v = raw.trim();
        if (v.isEmpty()) {
            return v;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a positive number such as 0.1");
        }
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("must be a positive number such as 0.1");
        }
        return v;
    }

    public Map<String, String> tags() {
        return parseTags(settings.get(TAGS));
    }

    public int maxStringChars() {
        return settings.get(MAX_STRING_CHARS);
    }

    public long heartbeatMinIntervalMs() {
        return settings.get(HEARTBEAT_MIN_INTERVAL_MS);
    }

    public boolean captureTasks() {
        return settings.get(CAPTURE_TASKS);
    }

    public boolean captureTaskStarts() {
        return settings.get(CAPTURE_TASK_STARTS);
    }

    public boolean captureExecutorMetrics() {
        return settings.get(CAPTURE_EXECUTOR_METRICS);
    }

    public boolean captureSql() {
        return settings.get(CAPTURE_SQL);
    }

    public boolean captureConnect() {
        return settings.get(CAPTURE_CONNECT);
    }

    public List<String> captureConfs() {
        return split(settings.get(CAPTURE_CONFS));
    }

    /** A case-insensitive pattern finding any of the {@link #REDACT_KEYS} parts. */
    public java.util.regex.Pattern redactionPattern() {
        StringBuilder sb = new StringBuilder("(?i)");
        for (String part : split(settings.get(REDACT_KEYS))) {
            sb.append(sb.length() > 4 ? "|" : "").append(java.util.regex.Pattern.quote(part));
        }
        return java.util.regex.Pattern.compile(sb.length() > 4 ? sb.toString() : "(?!)");
    }

    /** The reference table for docs/listener.md, generated from {@link #ALL}. */
    public static String markdownTable() {
        return Settings.markdownTable(ALL, PREFIX);
    }

    static Map<String, String> parseTags(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : raw.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("each tag must be key=value, separated by ';'");
            }
            out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return Collections.unmodifiableMap(out);
    }

    static String parseList(String raw) {
        if (split(raw).isEmpty()) {
            throw new IllegalArgumentException("must name at least one entry, comma-separated");
        }
        return raw.trim();
    }

    static List<String> split(String raw) {
        List<String> out = new ArrayList<>();
        for (String p : raw.split(",")) {
            if (!p.trim().isEmpty()) {
                out.add(p.trim());
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static List<Setting<?>> concat(List<Setting<?>> a, List<Setting<?>> b) {
        List<Setting<?>> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}

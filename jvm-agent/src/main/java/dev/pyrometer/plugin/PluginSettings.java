/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.plugin;

import dev.pyrometer.config.Setting;
import dev.pyrometer.config.Settings;
import dev.pyrometer.emitter.EmitterConfig;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the plugin reads {@code spark.pyrometer.*}: the emitter's keys and {@code kafka.*} are the
 * ones the listener reads too (one broker, one topic for the run); the agent's own keys take
 * {@code agent.} in front ({@code spark.pyrometer.agent.sample.interval.ms}), and the plugin's
 * own {@code plugin.}. Listener keys are not the agent's business and are left out.
 */
final class PluginSettings {
    static final String PREFIX = "spark.pyrometer.";
    static final String AGENT_PREFIX = "agent.";
    static final String PLUGIN_PREFIX = "plugin.";

    static final Setting<Boolean> ATTACH = Setting.bool("attach", true,
            "Attach the agent to the JVM for its bytecode features (Py4J, serializers, Python runner I/O, process starts). "
                    + "false: sampling and the emitter only.");
    static final Setting<Long> ATTACH_TIMEOUT_MS = Setting.duration("attach.timeout.ms", 30_000, 1000, 600_000,
            "Longest wait for the attach; the driver's SparkContext waits for it, so the listener shares "
                    + "the agent's emitter. On timeout the agent runs without instrumentation.");

    static final List<Setting<?>> TABLE = Collections.unmodifiableList(Arrays.<Setting<?>>asList(ATTACH, ATTACH_TIMEOUT_MS));

    private static final Set<String> EMITTER_KEYS = new HashSet<>();

    static {
        for (Setting<?> s : EmitterConfig.TABLE) {
            EMITTER_KEYS.add(s.key());
        }
    }

    final Map<String, String> agent;
    final Settings plugin;
    private final Map<String, String> rawPlugin;

    private PluginSettings(Map<String, String> agent, Settings plugin, Map<String, String> rawPlugin) {
        this.agent = agent;
        this.plugin = plugin;
        this.rawPlugin = rawPlugin;
    }

    /** From the confs with {@link #PREFIX} removed. Never throws; bad plugin keys fall back to defaults. */
    static PluginSettings from(Map<String, String> unprefixed) {
        Map<String, String> agent = new LinkedHashMap<>();
        Map<String, String> plugin = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : unprefixed.entrySet()) {
            String key = e.getKey();
            if (EMITTER_KEYS.contains(key) || key.startsWith(EmitterConfig.KAFKA_PREFIX)) {
                agent.put(key, e.getValue());
            } else if (key.startsWith(AGENT_PREFIX)) {
                agent.put(key.substring(AGENT_PREFIX.length()), e.getValue());
            } else if (key.startsWith(PLUGIN_PREFIX)) {
                plugin.put(key.substring(PLUGIN_PREFIX.length()), e.getValue());
            }
        }
        return new PluginSettings(Collections.unmodifiableMap(agent), Settings.parse(TABLE, plugin, null), plugin);
    }

    boolean attach() {
        return plugin.get(ATTACH);
    }

    long attachTimeoutMs() {
        return plugin.get(ATTACH_TIMEOUT_MS);
    }

    /** One line per bad plugin key, with its full conf name. */
    List<String> errors() {
        List<String> out = new java.util.ArrayList<>();
        for (String error : plugin.errors()) {
            for (String key : rawPlugin.keySet()) {
                error = error.replace("'" + key + "'", "'" + PREFIX + PLUGIN_PREFIX + key + "'");
            }
            out.add(error);
        }
        return out;
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.config;

import dev.pyrometer.config.Setting;
import dev.pyrometer.config.Settings;
import dev.pyrometer.emitter.EmitterConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The agent's immutable configuration, parsed once from the {@code -javaagent} argument string.
 * Every key is declared below with its default, doc and validation; {@link #TABLE} (agent keys
 * followed by {@link EmitterConfig#TABLE}) is the reference docs/agent.md is checked against.
 */
public final class AgentConfig {
    public static final Setting<Long> SAMPLE_INTERVAL_MS = Setting.duration("sample.interval.ms", 1000, 100, 3_600_000,
            "How often the JVM and its process tree are sampled.");
    public static final Setting<Long> SAMPLE_IDLE_INTERVAL_MS = Setting.duration("sample.idle.interval.ms", 5000, 100, 3_600_000,
            "Longest sampling interval while the JVM and its process tree are idle (under 5% of a core, no process started "
                    + "or ended): it doubles from sample.interval.ms up to this, and drops back at once when work resumes. "
                    + "Equal to sample.interval.ms or less: a fixed interval.");
    public static final Setting<Long> EXPORT_INTERVAL_MS = Setting.duration("export.interval.ms", 5000, 100, 3_600_000,
            "Length of the interval over which Py4J and serializer calls are aggregated before they are sent.");
    public static final Setting<Boolean> PY4J_ENABLED = Setting.bool("py4j.enabled", true,
            "Instrument the Py4J gateway (py4j.Gateway.invoke, Protocol.getOutputCommand, Call/ConstructorCommand.execute).");
    public static final Setting<Long> PY4J_OUTLIER_SIZE = Setting.range("py4j.outlier.size", 1L << 20, 1, Long.MAX_VALUE,
            "A Py4J call whose response to Python has at least this many characters is sent as its own Py4jCallOutlier event.");
    public static final Setting<Long> PY4J_OUTLIER_DURATION_MS = Setting.duration("py4j.outlier.duration.ms", 10_000, 1, Long.MAX_VALUE,
            "A Py4J call that takes at least this long is sent as its own Py4jCallOutlier event.");
    public static final Setting<Integer> PY4J_MAX_METHODS = Setting.intRange("py4j.max.methods", 1024, 16, 65_536,
            "Most distinct (class, method) pairs aggregated; further pairs are counted under class '(other)'.");
    public static final Setting<Integer> OUTLIER_QUEUE = Setting.intRange("outlier.queue", 256, 1, 65_536,
            "Most outlier and serializer-failure records waiting for export; further ones are dropped and counted.");
    public static final Setting<Boolean> SERIALIZER_ENABLED = Setting.bool("serializer.enabled", true,
            "Instrument Spark's KryoSerializerInstance and JavaSerializerInstance serialize/deserialize and their streams, "
                    + "and the bytes and time Spark's Python runners move to and from Python workers per task.");
    public static final Setting<Boolean> PYROLITE_ENABLED = Setting.bool("pyrolite.enabled", true,
            "Instrument Pyrolite's Pickler.dumps and Unpickler.loads (the JVM side of data moved to and from Python).");
    public static final Setting<Boolean> SAMPLING_JVM_ENABLED = Setting.bool("sampling.jvm.enabled", true,
            "Send a JvmSample (heap, buffers, GC, threads, CPU, RSS, cgroup memory) every sample interval.");
    public static final Setting<Boolean> SAMPLING_PROCESS_TREE_ENABLED = Setting.bool("sampling.process.tree.enabled", true,
            "Send a ProcessTreeSample (the JVM, its descendants, a launching Python driver) every sample interval; Linux /proc only.");
    public static final Setting<Integer> SAMPLING_MAX_PROCESSES = Setting.intRange("sampling.max.processes", 256, 1, 65_536,
            "Most processes reported per process-tree sample; the rest are counted (agent.tree.processes_cut).");
    public static final Setting<Integer> COMMAND_MAX_CHARS = Setting.intRange("command.max.chars", 256, 16, 65_536,
            "Longest command line reported for a process; longer ones are cut with a '...[truncated N chars]' marker.");
    public static final Setting<Integer> EXCEPTION_MAX_CHARS = Setting.intRange("exception.max.chars", 8192, 64, 1 << 20,
            "Longest exception message or stack trace sent; longer ones are cut with a '...[truncated N chars]' marker.");
    public static final Setting<Long> RUN_POLL_MS = Setting.duration("run.poll.ms", 200, 10, 60_000,
            "How often a driver without the listener looks for its SparkContext's application id.");

    public static final Setting<Long> PYTHON_DUMPS_AFTER_MS = Setting.duration("python.dumps.after.ms", 0, 0, Long.MAX_VALUE,
            "Dump the Python stacks of a worker that has served one task this long, and again each time as long again; 0 = off. Needs the workers armed (pyrometer submit --python-forensics).");
    public static final Setting<Integer> PYTHON_DUMPS_MAX = Setting.intRange("python.dumps.max", 3, 1, 100,
            "Most stack dumps per worker and task.");
    public static final Setting<Integer> PYTHON_DUMPS_MAX_TOTAL = Setting.intRange("python.dumps.max.total", 64, 1, 10_000,
            "Most stack dumps this JVM sends in all; further ones are counted (agent.python_dumps.cut).");
    public static final Setting<Integer> PYTHON_DUMPS_MAX_CHARS = Setting.intRange("python.dumps.max.chars", 16_384, 256, 1 << 20,
            "Longest stack dump sent; a longer one is cut and marked truncated.");
    public static final Setting<Boolean> CLASS_CACHE_ENABLED = Setting.bool("class.cache.enabled", true,
            "Keep the classes the agent instruments, as instrumented, in class.cache.dir: a JVM whose targets an earlier JVM with "
                    + "the same agent jar and Java stored never builds Byte Buddy (about 0.7 s of CPU per JVM). Entries are keyed by "
                    + "each class's exact bytes and checked on every read.");
    public static final Setting<String> CLASS_CACHE_DIR = Setting.string("class.cache.dir", "",
            "The class cache's directory; empty: $XDG_CACHE_HOME/pyrometer/agent-classes, else ~/.cache/pyrometer/agent-classes. "
                    + "Created owner-only; one another user owns, or others may write into, is not used.");

    /** The agent's own keys, in documentation order. */
    public static final List<Setting<?>> AGENT_TABLE = Collections.unmodifiableList(Arrays.<Setting<?>>asList(
            SAMPLE_INTERVAL_MS, SAMPLE_IDLE_INTERVAL_MS, EXPORT_INTERVAL_MS, PY4J_ENABLED, PY4J_OUTLIER_SIZE, PY4J_OUTLIER_DURATION_MS,
            PY4J_MAX_METHODS, OUTLIER_QUEUE, SERIALIZER_ENABLED, PYROLITE_ENABLED, SAMPLING_JVM_ENABLED,
            SAMPLING_PROCESS_TREE_ENABLED, SAMPLING_MAX_PROCESSES, COMMAND_MAX_CHARS, EXCEPTION_MAX_CHARS, RUN_POLL_MS,
            PYTHON_DUMPS_AFTER_MS, PYTHON_DUMPS_MAX, PYTHON_DUMPS_MAX_TOTAL, PYTHON_DUMPS_MAX_CHARS, CLASS_CACHE_ENABLED,
            CLASS_CACHE_DIR));

    /** Every key the agent accepts: its own, then the emitter's. {@code kafka.*} keys pass through. */
    public static final List<Setting<?>> TABLE;

    static {
        List<Setting<?>> all = new ArrayList<>(AGENT_TABLE);
        all.addAll(EmitterConfig.TABLE);
        TABLE = Collections.unmodifiableList(all);
    }

    private final Settings settings;
    private final EmitterConfig emitter;

    private AgentConfig(Settings settings) {
        this.settings = settings;
        this.emitter = EmitterConfig.from(settings);
    }

    /**
     * Parses the {@code -javaagent} argument string. Never throws; each bad or unknown key
     * becomes one line in {@link #errors()} and falls back to its default.
     */
    public static AgentConfig parse(String agentArgs) {
        return new AgentConfig(Settings.parse(TABLE, AgentArgs.split(agentArgs), EmitterConfig.KAFKA_PREFIX));
    }

    /**
     * The same keys given as a map (the Spark plugin's {@code spark.pyrometer.*} confs, prefix
     * removed), so values may hold commas and '='. Never throws, like {@link #parse}.
     */
    public static AgentConfig fromMap(java.util.Map<String, String> settings) {
        return new AgentConfig(Settings.parse(TABLE, settings, EmitterConfig.KAFKA_PREFIX));
    }

    public static AgentConfig defaults() {
        return parse("");
    }

    public <T> T get(Setting<T> setting) {
        return settings.get(setting);
    }

    public EmitterConfig emitter() {
        return emitter;
    }

    public List<String> errors() {
        return settings.errors();
    }

    /** How many values were rejected for their default (unknown keys not included). */
    public int rejectedValues() {
        return settings.rejectedValues();
    }

    public long sampleIntervalMs() {
        return get(SAMPLE_INTERVAL_MS);
    }

    public long exportIntervalMs() {
        return get(EXPORT_INTERVAL_MS);
    }

}

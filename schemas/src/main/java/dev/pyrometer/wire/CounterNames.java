/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.wire;

/**
 * The names of the counters in {@code SelfMetrics.counters} that the producers write and the
 * collector reads: declared once, here, next to the schema they travel in. Drop reasons are in
 * {@link DropReasons}; the sites of suppressed errors are free-form names of code locations.
 */
public final class CounterNames {
    private CounterNames() {
    }

    // ---- the emitter ----
    /** Delivery attempts that found Kafka unreachable. */
    public static final String SEND_RETRIES = "send_retries";
    /** Followed by the simple class name of the error Kafka reported for a failed send. */
    public static final String SEND_ERROR_PREFIX = "send_error.";
    /** The most events the queue held at a self-metrics tick. */
    public static final String QUEUE_HIGH_WATER = "queue_high_water";
    /** Events written to the spill while Kafka was away. */
    public static final String SPILLED = "spilled";
    /** Of those, written when the JVM exited: they wait on disk for a later JVM. */
    public static final String SPILLED_AT_EXIT = "spilled_at_exit";
    /** Spilled events a later delivery took. */
    public static final String REPLAYED = "replayed";
    /** Bytes in the spill now. */
    public static final String SPILL_BYTES = "spill_bytes";
    /** Spill directories of ended JVMs this one took over. */
    public static final String SPILL_ADOPTED_DIRS = "spill_adopted_dirs";

    // ---- every producer ----
    /** Strings cut to the string limit, with {@link TextLimit#marker}. */
    public static final String TRUNCATED_STRINGS = "truncated_strings";

    // ---- the listener ----
    /** Settings given a value the listener could not use (the default was used, and one line logged). */
    public static final String LISTENER_CONFIG_REJECTED = "listener.config.rejected";
    /** Followed by a listener-bus queue's name: Spark's own count of events that queue dropped. */
    public static final String LISTENER_BUS_DROPPED_PREFIX = "spark.listenerbus.dropped.";
    /**
     * Set when the JVM shut down while the application ran and Spark's own shutdown hook did not
     * deliver its end within the flush timeout: the run's end is missing for that reason.
     */
    public static final String LISTENER_APPLICATION_END_NOT_SEEN_AT_SHUTDOWN = "listener.application_end_not_seen_at_shutdown";
    /** Python plan-node metrics not tracked because the bounded table of accumulator ids was full. */
    public static final String LISTENER_PYTHON_METRICS_NOT_KEPT = "listener.python_metrics.not_kept";
    /** Set when Spark's listener-bus drop counts could not be read. */
    public static final String LISTENER_BUS_DROPS_UNAVAILABLE = "spark.listenerbus.drops_unavailable";

    // ---- the agent ----
    /** Every agent counter starts with this. */
    public static final String AGENT_PREFIX = "agent.";
    /** Py4J calls on threads the agent could not tie to a job. */
    public static final String AGENT_PY4J_UNTRACKED_THREADS = AGENT_PREFIX + "py4j.untracked_threads";
    /** Jobs whose Py4J call was not kept (the bounded table was full). */
    public static final String AGENT_PY4J_JOBS_NOT_KEPT = AGENT_PREFIX + "py4j.jobs_not_kept";
    /** Agent arguments given a value the agent could not use (the default was used, and one line logged). */
    public static final String AGENT_CONFIG_REJECTED = AGENT_PREFIX + "config.rejected";
    public static final String AGENT_RETRANSFORMED = AGENT_PREFIX + "retransformed";
    /** Followed by an instrumentation's name: classes it transformed. */
    public static final String AGENT_INSTRUMENTED_PREFIX = AGENT_PREFIX + "instrumented.";
    /** Followed by an instrumentation's name: set when it is off, and why is logged. */
    public static final String AGENT_INSTRUMENTATION_OFF_PREFIX = AGENT_PREFIX + "instrumentation.off.";
    public static final String AGENT_BYTE_BUDDY_BUILT = AGENT_PREFIX + "byte_buddy.built";
    public static final String AGENT_CLASS_CACHE_HITS = AGENT_PREFIX + "class_cache.hits";
    public static final String AGENT_CLASS_CACHE_MISSES = AGENT_PREFIX + "class_cache.misses";
    public static final String AGENT_CLASS_CACHE_STORED = AGENT_PREFIX + "class_cache.stored";
    public static final String AGENT_CLASS_CACHE_DAMAGED = AGENT_PREFIX + "class_cache.damaged";
    public static final String AGENT_SAMPLER_INTERVAL_MS = AGENT_PREFIX + "sampler.interval_ms";
    public static final String AGENT_SAMPLER_LAST_TICK_MICROS = AGENT_PREFIX + "sampler.last_tick_micros";
    public static final String AGENT_SAMPLER_MAX_TICK_MICROS = AGENT_PREFIX + "sampler.max_tick_micros";
    public static final String AGENT_TREE_PROCESSES_CUT = AGENT_PREFIX + "tree.processes_cut";
    public static final String AGENT_PYTHON_WORKERS_UNTRACKED = AGENT_PREFIX + "python_workers.untracked";
    public static final String AGENT_PYTHON_RUNNER_SIZE_SATURATED = AGENT_PREFIX + "python_runner.size_saturated";
    public static final String AGENT_PYTHON_DUMPS_FAILED = AGENT_PREFIX + "python_dumps.failed";
    public static final String AGENT_PYTHON_DUMPS_CUT = AGENT_PREFIX + "python_dumps.cut";
}

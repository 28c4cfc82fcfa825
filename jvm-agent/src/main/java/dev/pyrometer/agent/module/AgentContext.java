/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.module;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.LossCounters;

/**
 * What the instrumentation singletons read once when first used: the parsed config and the
 * JVM's emitter. Set by the init thread before any instrumentation is installed.
 */
public final class AgentContext {
    private static volatile AgentConfig config = AgentConfig.defaults();
    private static volatile Emitter emitter;
    private static final LossCounters EARLY = new LossCounters();

    private AgentContext() {
    }

    public static synchronized void set(AgentConfig c, Emitter e) {
        config = c;
        if (e != null && emitter == null) {
            emitter = e;
            moveEarlyCounts(e.counters());
        }
    }

    private static void moveEarlyCounts(LossCounters to) {
        for (java.util.Map.Entry<String, Long> x : EARLY.suppressedSnapshot().entrySet()) {
            for (long i = 0; i < x.getValue(); i++) {
                to.suppressed(x.getKey());
            }
        }
        for (java.util.Map.Entry<String, Long> x : EARLY.droppedSnapshot().entrySet()) {
            for (long i = 0; i < x.getValue(); i++) {
                to.drop(x.getKey());
            }
        }
        for (java.util.Map.Entry<String, Long> x : EARLY.countersSnapshot().entrySet()) {
            to.count(x.getKey(), x.getValue());
        }
    }

    public static AgentConfig config() {
        return config;
    }

    /** The emitter, or null before init (and in unit tests). */
    public static Emitter emitter() {
        return emitter;
    }

    /**
     * The emitter's counters. Before the emitter exists (the instrumentation is installed first)
     * counts go to a holding set, which is added to the emitter's once when it is set.
     */
    public static LossCounters counters() {
        Emitter e = emitter;
        return e == null ? EARLY : e.counters();
    }
}

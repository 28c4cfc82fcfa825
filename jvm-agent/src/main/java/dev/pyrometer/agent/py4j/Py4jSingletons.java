/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AgentContext;

/**
 * The one {@link Py4jRecorder}, built from the config the first time advice runs (a JVM that serves
 * no Py4J command never builds it), and handed to the export thread's {@link Py4jExporter}.
 */
public final class Py4jSingletons {
    private static final int MAX_THREADS = 256;

    public static final Py4jRecorder RECORDER;

    static {
        AgentConfig c = AgentContext.config();
        RECORDER = new Py4jRecorder(MAX_THREADS, c.get(AgentConfig.PY4J_MAX_METHODS), c.get(AgentConfig.OUTLIER_QUEUE),
                c.get(AgentConfig.PY4J_OUTLIER_SIZE), c.get(AgentConfig.PY4J_OUTLIER_DURATION_MS) * 1_000_000L,
                AgentContext::counters);
        Py4jExporter.singletonBuilt(RECORDER);
    }

    private Py4jSingletons() {
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.spark;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AgentModule;
import dev.pyrometer.agent.module.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * The bridge to the SparkContext: a driver without the listener learns its application id, and
 * the other modules the run's ids. No switch of its own: every Spark JVM needs it.
 */
public final class SparkContextModule implements AgentModule {
    /** The class that says Spark is on the class path. */
    public static final String MARKER = "org.apache.spark.SparkContext";

    @Override
    public String name() {
        return "spark-context";
    }

    @Override
    public boolean enabled(AgentConfig config) {
        return true;
    }

    @Override
    public String marker() {
        return MARKER;
    }

    @Override
    public List<TypeInstrumentation> instrumentations(AgentConfig config, Predicate<String> present) {
        return Collections.singletonList(new SparkContextInstrumentation());
    }
}

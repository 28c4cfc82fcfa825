/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AgentModule;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.spark.SparkContextModule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Py4J calls (gateway, protocol, commands) and, with Spark there, the jobs a call submits. */
public final class Py4jModule implements AgentModule {
    @Override
    public String name() {
        return "py4j";
    }

    @Override
    public boolean enabled(AgentConfig config) {
        return config.get(AgentConfig.PY4J_ENABLED);
    }

    @Override
    public String marker() {
        return "py4j.Gateway";
    }

    @Override
    public List<TypeInstrumentation> instrumentations(AgentConfig config, Predicate<String> present) {
        List<TypeInstrumentation> out = new ArrayList<>();
        out.add(new GatewayInstrumentation());
        out.add(new ProtocolInstrumentation());
        out.add(new CommandInstrumentation());
        if (present.test(SparkContextModule.MARKER)) {
            // The Spark jobs a Py4J call submits, for its outlier event.
            out.add(new JobWaiterInstrumentation());
        }
        return out;
    }
}

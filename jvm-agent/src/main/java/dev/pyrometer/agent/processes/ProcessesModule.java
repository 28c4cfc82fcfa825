/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AgentModule;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.spark.SparkContextModule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The process tree: the processes this JVM starts ({@code ProcessBuilder}) and, with Spark there,
 * the Python workers Spark creates, sighted at their creation for the sampler, which reads the
 * whole tree on its own thread.
 */
public final class ProcessesModule implements AgentModule {
    @Override
    public String name() {
        return "processes";
    }

    @Override
    public boolean enabled(AgentConfig config) {
        return config.get(AgentConfig.SAMPLING_PROCESS_TREE_ENABLED);
    }

    @Override
    public String marker() {
        return null;
    }

    @Override
    public List<TypeInstrumentation> instrumentations(AgentConfig config, Predicate<String> present) {
        List<TypeInstrumentation> out = new ArrayList<>();
        out.add(new ProcessStartInstrumentation());
        if (present.test(SparkContextModule.MARKER)) {
            out.add(new PythonWorkerInstrumentation());
        }
        return out;
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AgentModule;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.spark.SparkContextModule;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Spark's serializers (Kryo and Java) and the bytes its Python runners move to and from Python workers. */
public final class SerializersModule implements AgentModule {
    @Override
    public String name() {
        return "serializers";
    }

    @Override
    public boolean enabled(AgentConfig config) {
        return config.get(AgentConfig.SERIALIZER_ENABLED);
    }

    @Override
    public String marker() {
        return SparkContextModule.MARKER;
    }

    @Override
    public List<TypeInstrumentation> instrumentations(AgentConfig config, Predicate<String> present) {
        return Arrays.asList(SparkSerializerInstrumentation.kryo(), SparkSerializerInstrumentation.java(),
                new PythonRunnerInstrumentation());
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AgentModule;
import dev.pyrometer.agent.module.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/** Pyrolite's pickling, which PySpark's JVM side uses to exchange rows with Python. */
public final class PyroliteModule implements AgentModule {
    @Override
    public String name() {
        return "pyrolite";
    }

    @Override
    public boolean enabled(AgentConfig config) {
        return config.get(AgentConfig.PYROLITE_ENABLED);
    }

    @Override
    public String marker() {
        return "net.razorvine.pickle.Pickler";
    }

    @Override
    public List<TypeInstrumentation> instrumentations(AgentConfig config, Predicate<String> present) {
        return Collections.singletonList(new PyroliteInstrumentation());
    }
}

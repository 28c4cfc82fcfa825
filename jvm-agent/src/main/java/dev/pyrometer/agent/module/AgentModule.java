/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.module;

import dev.pyrometer.agent.config.AgentConfig;
import java.util.List;
import java.util.function.Predicate;

/**
 * One feature of the agent, in the manner of OpenTelemetry's instrumentation modules: its name,
 * its switch, the class that says its library is there, and its instrumentations. The agent's
 * composition root loops over the modules; the pre-filter in front of Byte Buddy and Byte Buddy's
 * own matchers are derived from what they declare, so a type cannot be matched without also
 * passing the pre-filter.
 */
public interface AgentModule {
    /** Short name, used in the start-up line and the {@code agent.module.*} self-metrics. */
    String name();

    /** Its switch (an agent argument): whether the user left it on. */
    boolean enabled(AgentConfig config);

    /**
     * A class (binary name) of the target library, looked up on the system class path without
     * loading it; null for a module whose targets are the JDK's own.
     */
    String marker();

    /**
     * Its instrumentations for this JVM; {@code present} tells whether another class is on the
     * system class path (for instrumentations that also need Spark). Must not touch Byte Buddy.
     */
    List<TypeInstrumentation> instrumentations(AgentConfig config, Predicate<String> present);
}

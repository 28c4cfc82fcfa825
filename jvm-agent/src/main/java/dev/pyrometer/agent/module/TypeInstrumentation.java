/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.module;

import dev.pyrometer.agent.config.AgentConfig;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * One instrumented type: the names it targets, which the agent's pre-filter and Byte Buddy's
 * type matcher are both derived from, and the advice it applies. Creating one must not touch
 * Byte Buddy (no Byte Buddy objects in static or instance fields): modules create them to learn
 * their names before the agent decides whether Byte Buddy is needed at all.
 */
public interface TypeInstrumentation {
    TypeNames targets();

    /**
     * Asked by Byte Buddy only of the types {@link TypeNames#pattern()} accepted: the check the
     * name cannot make (a super type). Exact names need none.
     */
    default ElementMatcher<TypeDescription> patternRefinement() {
        return ElementMatchers.any();
    }

    AgentBuilder.Transformer transformer();

    /**
     * Called on the loading thread for each class of this instrumentation's targets once it is
     * transformed, whether by Byte Buddy or from the agent's class cache: what must happen when a
     * target is instrumented belongs here, not in {@link #transformer()}, which the cache skips.
     */
    default void onTransformed(String className) {
    }

    /**
     * Runs once, right before Byte Buddy installs this instrumentation; false (after one info
     * line of its own) leaves it out.
     */
    default boolean prepare(Instrumentation inst, AgentConfig config) {
        return true;
    }
}

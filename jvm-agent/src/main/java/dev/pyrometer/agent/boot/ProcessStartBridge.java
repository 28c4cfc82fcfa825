/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.boot;

import java.util.function.BiConsumer;

/**
 * The one agent class the bootstrap class loader holds. Advice inlined into
 * {@code java.lang.ProcessBuilder.start()} can only see bootstrap classes, so the agent injects
 * this class there (see {@code ProcessStartInstrumentation}) and sets {@link #sink} to its own
 * code, which lives on the system class path. It must reference nothing but java.base: it is
 * defined before the rest of the agent can be seen from the bootstrap loader.
 */
public final class ProcessStartBridge {
    /** Receives (the ProcessBuilder, the Process it started); null until the agent is ready. */
    public static volatile BiConsumer<Object, Object> sink;

    private ProcessStartBridge() {
    }

    /** Called by the advice on the application's thread after {@code start()} returned a process. */
    public static void started(Object builder, Object process) {
        BiConsumer<Object, Object> s = sink;
        if (s != null && process != null) {
            s.accept(builder, process);
        }
    }
}

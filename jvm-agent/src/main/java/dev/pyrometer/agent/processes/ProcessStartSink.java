/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.agent.stats.EpochClock;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Receives every process this JVM starts, from the advice on {@code ProcessBuilder.start()}
 * (through the bootstrap bridge), on the application's thread. It reads the pid and the clock,
 * copies the command cut to the limit, and offers that to {@link ProcessSightings}; nothing
 * else, no /proc read, no lock beyond the bounded queue's. Every Throwable is counted, never thrown.
 */
public final class ProcessStartSink implements BiConsumer<Object, Object> {
    private final MethodHandle pid;
    /** Cuts each command once, when its process starts: counted as a truncated string. */
    private final TextLimit commandLimit;
    private final ProcessSightings sightings;

    ProcessStartSink(MethodHandle pid, int maxCommandChars, ProcessSightings sightings) {
        this.pid = pid;
        this.commandLimit = new TextLimit(maxCommandChars, () -> AgentContext.counters().count(CounterNames.TRUNCATED_STRINGS, 1));
        this.sightings = sightings;
    }

    /** The sink for this JVM, or null (with the reason logged by the caller) when no pid can be read. */
    public static ProcessStartSink forThisJvm(int maxCommandChars) {
        MethodHandle pid = ProcessHandles.pid();
        return pid == null ? null : new ProcessStartSink(pid, maxCommandChars, ProcessSightings.SYSTEM);
    }

    @Override
    public void accept(Object builder, Object process) {
        try {
            long micros = EpochClock.nowMicros();
            long p = (long) pid.invokeExact(process);
            if (p <= 0) {
                return;
            }
            String command = builder instanceof ProcessBuilder ? command(((ProcessBuilder) builder).command()) : "";
            sightings.processStarted(p, micros, command, process);
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.process_start.advice");
        }
    }

    /** The arguments joined by spaces, cut to the limit with the marker every cut string carries. */
    String command(List<String> args) {
        return commandLimit.join(args);
    }
}

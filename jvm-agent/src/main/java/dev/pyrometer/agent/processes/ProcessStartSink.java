/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.agent.stats.EpochClock;
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
    private final int maxCommandChars;
    private final ProcessSightings sightings;

    ProcessStartSink(MethodHandle pid, int maxCommandChars, ProcessSightings sightings) {
        this.pid = pid;
        this.maxCommandChars = maxCommandChars;
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
            String command = builder instanceof ProcessBuilder ? command(((ProcessBuilder) builder).command(), maxCommandChars) : "";
            sightings.processStarted(p, micros, command, process);
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.process_start.advice");
        }
    }

    /**
     * The arguments joined by spaces, at most {@code max} characters of them, then the same
     * "...[truncated N chars]" marker the sampler's command lines carry.
     */
    static String command(List<String> args, int max) {
        int n = args.size();
        long total = n == 0 ? 0 : n - 1;
        for (int i = 0; i < n; i++) {
            String a = args.get(i);
            total += a == null ? 4 : a.length();
        }
        StringBuilder b = new StringBuilder((int) Math.min(total, max) + (total > max ? 32 : 0));
        for (int i = 0; i < n && b.length() < max; i++) {
            if (i > 0) {
                b.append(' ');
            }
            String a = String.valueOf(args.get(i));
            b.append(a, 0, Math.min(a.length(), max - b.length()));
        }
        if (b.length() > max) {
            b.setLength(max);
        }
        if (total > max) {
            b.append("...[truncated ").append(total - max).append(" chars]");
        }
        return b.toString();
    }
}

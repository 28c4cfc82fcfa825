/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import static net.bytebuddy.matcher.ElementMatchers.none;

import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeMatchers;
import dev.pyrometer.emitter.HostLog;
import dev.pyrometer.wire.CounterNames;
import java.lang.instrument.ClassFileTransformer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Byte Buddy's transformer for the chosen instrumentations, which {@link TargetFilter} hands the
 * targeted classes to. The only class of the composition root that names Byte Buddy, so a JVM
 * that never needs it never loads it.
 */
final class ByteBuddyTransformer {
    private ByteBuddyTransformer() {
    }

    private static final boolean DEBUG = Boolean.getBoolean("pyrometer.agent.debug");

    static ClassFileTransformer make(List<TypeInstrumentation> chosen) {
        return builder(chosen).makeRaw();
    }

    /** The agent's builder for these instrumentations: each type matcher derived from the declared names. */
    static AgentBuilder builder(List<TypeInstrumentation> chosen) {
        AgentBuilder builder = newDefaultBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                // One type pool cache for every transformation: the Python runner's writer candidates share
                // their (Scala) super types, which a pool per class parsed again for each (about 1 s of CPU
                // over Spark's core, catalyst and sql jars). Bounded: only targets and their super types are
                // ever described, the pre-filter turns everything else away.
                .with(new AgentBuilder.PoolStrategy.WithTypePoolCache.Simple(TypePool.Default.ReaderMode.FAST,
                        new ConcurrentHashMap<ClassLoader, TypePool.CacheProvider>()))
                .with(new CountingListener())
                // The pre-filter in front already turned away every name no instrumentation declares.
                .ignore(none());
        if (DEBUG) {
            // Troubleshooting only: Byte Buddy's own account of every type it was offered, on stderr.
            builder = builder.with(AgentBuilder.Listener.StreamWriting.toSystemError());
        }
        for (TypeInstrumentation t : chosen) {
            builder = builder.type(TypeMatchers.of(t)).transform(t.transformer());
        }
        return builder;
    }

    /** Byte Buddy's switch for its Nexus (relocated with Byte Buddy when the jar is shaded, so only our copy reads it). */
    static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

    /**
     * {@code new AgentBuilder.Default()} without the Nexus. Its constructor creates a
     * self-injection initialization strategy, whose first use sets up Byte Buddy's Nexus: it
     * injects a class into the system class loader through reflective class injection, which
     * Byte Buddy first generates a mirror class for (about 200 ms of CPU and 770 classes in every
     * JVM). {@code disableClassFormatChanges()} then replaces that strategy with a no-op one, so
     * the Nexus is never used: with the switch set while the builder is created it is not set up.
     * The property is set only if unset, and removed again at once.
     */
    static AgentBuilder newDefaultBuilder() {
        boolean set = false;
        try {
            if (System.getProperty(NEXUS_DISABLED) == null) {
                System.setProperty(NEXUS_DISABLED, "true");
                set = true;
            }
        } catch (SecurityException e) {
            // Then the Nexus is set up as before.
        }
        try {
            return new AgentBuilder.Default();
        } finally {
            if (set) {
                try {
                    System.clearProperty(NEXUS_DISABLED);
                } catch (SecurityException e) {
                    // Left set: only the relocated Byte Buddy reads it.
                }
            }
        }
    }

    /** Set while the agent computes transformations only to store them: not counted as instrumented. */
    private static final ThreadLocal<Boolean> QUIET = new ThreadLocal<>();

    /** Runs {@code work} with this thread's transformations left out of the instrumented counts. */
    static int quietly(java.util.function.IntSupplier work) {
        QUIET.set(Boolean.TRUE);
        try {
            return work.getAsInt();
        } finally {
            QUIET.remove();
        }
    }

    /** Counts what was instrumented and every failure; never logs from a class-loading thread beyond one line per type. */
    private static final class CountingListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
            if (QUIET.get() == null) {
                AgentContext.counters().count(CounterNames.AGENT_INSTRUMENTED_PREFIX + type.getName(), 1);
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
            AgentContext.counters().suppressed("agent.instrumentation");
            HostLog.warn("could not instrument " + typeName + " (" + throwable.getClass().getSimpleName() + ")");
        }
    }
}

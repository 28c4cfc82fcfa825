/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.agent.module.AgentModule;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import dev.pyrometer.agent.processes.ProcessesModule;
import dev.pyrometer.agent.py4j.Py4jModule;
import dev.pyrometer.agent.serializer.PyroliteModule;
import dev.pyrometer.agent.serializer.SerializersModule;
import dev.pyrometer.agent.spark.SparkContextModule;
import dev.pyrometer.emitter.HostLog;
import dev.pyrometer.wire.CounterNames;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * The agent's composition root for instrumentation: loops over the feature modules, puts the
 * {@link TargetFilter} derived from their declared names in front of everything, and builds
 * Byte Buddy's transformer behind it, with retransformation of the targets already loaded.
 *
 * <p>Byte Buddy is built at once where a module's library is on the class path (its classes load
 * within the JVM's first seconds, and calls made before the transformer exists are missed). A
 * JVM with only the JDK's targets (ProcessBuilder) builds it when the first of them loads, and
 * one that never loads them never loads Byte Buddy at all.
 *
 * <p>With the class cache ({@link ClassCache}, on by default): where an earlier JVM with the same
 * agent stored its transformations, the targets are served from it and Byte Buddy is built only
 * when the cache misses one (which is then retransformed).
 */
final class Instrumentations {
    private Instrumentations() {
    }

    /** Every feature module, in installation order. */
    static final List<AgentModule> MODULES = Collections.unmodifiableList(Arrays.asList(
            new SparkContextModule(), new Py4jModule(), new SerializersModule(), new PyroliteModule(), new ProcessesModule()));

    /** What {@link #install} chose for this JVM. */
    static final class Installation {
        final List<TypeInstrumentation> chosen;
        final List<String> modules;
        final TargetFilter filter;
        final boolean deferred;
        /** The class cache's root, or null when it is off. */
        final java.nio.file.Path cacheRoot;
        /** Set once the instrumentations are prepared: the cache, when on and usable. */
        volatile ClassCache cache;
        /** Byte Buddy's transformer, once built. */
        volatile java.lang.instrument.ClassFileTransformer transformer;
        /** The instrumentations installed (prepared), once they are. */
        volatile List<TypeInstrumentation> prepared = Collections.emptyList();
        /** Whether Byte Buddy's transformer is built (or does not need to be: no instrumentation prepared). */
        volatile boolean built;
        /** Why bytecode instrumentation is off in this JVM ("code: explanation"), or null when it is not. */
        final String off;
        /** The init thread's CPU of the build, milliseconds: preparing, creating Byte Buddy's transformer, retransforming. */
        volatile String buildCpu = "";

        Installation(List<TypeInstrumentation> chosen, List<String> modules, TargetFilter filter, boolean deferred,
                java.nio.file.Path cacheRoot) {
            this(chosen, modules, filter, deferred, cacheRoot, null);
        }

        private Installation(List<TypeInstrumentation> chosen, List<String> modules, TargetFilter filter, boolean deferred,
                java.nio.file.Path cacheRoot, String off) {
            this.chosen = chosen;
            this.modules = modules;
            this.filter = filter;
            this.deferred = deferred;
            this.cacheRoot = cacheRoot;
            this.off = off;
        }

        /**
         * Records instrumentation that is off as counter {@code agent.instrumentation.off.<code>}, valued
         * by the number of modules it leaves out: the run's SelfMetrics carry it to the timeline.
         */
        void countOff(dev.pyrometer.emitter.LossCounters counters) {
            if (off != null) {
                counters.set(CounterNames.AGENT_INSTRUMENTATION_OFF_PREFIX + offCode(off), Math.max(1, modules.size()));
            }
        }

        /** The modules installed, and how: for the start-up line. */
        String describe() {
            if (off != null) {
                return "bytecode instrumentation off (" + off + "): " + (modules.isEmpty() ? "no module" : String.join(",", modules))
                        + " not measured, sampling only";
            }
            if (filter == null) {
                return "no instrumentation";
            }
            return "modules " + String.join(",", modules) + (deferred ? " (Byte Buddy when a target loads)" : buildCpu)
                    + (cacheRoot == null ? ", class cache off" : "");
        }
    }

    /**
     * No instrumentation in this JVM (the Spark plugin could not attach): the modules that would
     * have been installed are listed as off, for one line and one counter.
     */
    static Installation off(AgentConfig config, String reason) {
        List<String> names = new ArrayList<>();
        for (AgentModule m : MODULES) {
            if (m.enabled(config)) {
                names.add(m.name());
            }
        }
        return new Installation(Collections.<TypeInstrumentation>emptyList(), names, null, false, null,
                reason == null ? "unknown: no Instrumentation" : reason);
    }

    /** The reason's code: its text up to the first ':', as a counter-name part. */
    static String offCode(String reason) {
        int colon = reason.indexOf(':');
        String code = (colon < 0 ? reason : reason.substring(0, colon)).trim().toLowerCase(java.util.Locale.ROOT);
        return code.replaceAll("[^a-z0-9_]", "_");
    }

    /** Each enabled module whose library is present, in the order of {@link #MODULES}. */
    static List<AgentModule> chosenModules(AgentConfig config, Predicate<String> present) {
        List<AgentModule> out = new ArrayList<>();
        for (AgentModule m : MODULES) {
            if (!m.enabled(config)) {
                continue;
            }
            if (m.marker() != null && !present.test(m.marker())) {
                HostLog.info(m.marker() + " is not on the class path: " + m.name() + " instrumentation off");
                continue;
            }
            out.add(m);
        }
        return out;
    }

    /** The names the pre-filter lets through, in the JVM's internal form. */
    static List<TypeNames> targets(List<TypeInstrumentation> chosen) {
        List<TypeNames> out = new ArrayList<>();
        for (TypeInstrumentation t : chosen) {
            out.add(t.targets());
        }
        return out;
    }

    /**
     * Registers the pre-filter and, where a module's library is present, builds Byte Buddy's
     * transformer behind it now; otherwise {@link #completeDeferred} does when a target loads.
     */
    static Installation install(Instrumentation inst, AgentConfig config) throws InterruptedException {
        Predicate<String> present = name -> AgentStartup.present(TypeNames.internal(name) + ".class");
        List<TypeInstrumentation> chosen = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean library = false;
        for (AgentModule m : chosenModules(config, present)) {
            chosen.addAll(m.instrumentations(config, present));
            names.add(m.name());
            library |= m.marker() != null;
        }
        if (chosen.isEmpty()) {
            return new Installation(chosen, names, null, false, null);
        }
        TargetFilter filter = new TargetFilter(targets(chosen));
        filter.onTransformed(className -> {
            String internalName = TypeNames.internal(className);
            for (TypeInstrumentation t : chosen) {
                if (t.targets().matches(internalName)) {
                    t.onTransformed(className);
                }
            }
        });
        filter.register(inst);
        Installation installation = new Installation(chosen, names, filter, !library && !anyLoaded(inst, filter), cacheRoot(config));
        if (!installation.deferred) {
            build(inst, config, installation);
        }
        return installation;
    }

    /** The class cache's root directory as configured, or null when it is off. */
    static java.nio.file.Path cacheRoot(AgentConfig config) {
        if (!config.get(AgentConfig.CLASS_CACHE_ENABLED)) {
            return null;
        }
        String dir = config.get(AgentConfig.CLASS_CACHE_DIR).trim();
        return dir.isEmpty() ? ClassCache.defaultRoot() : java.nio.file.Paths.get(dir);
    }

    /**
     * For a deferred installation: waits (parked) for the first targeted class, then prepares;
     * and while the class cache serves every target, waits for its first miss to build Byte Buddy.
     */
    static void completeDeferred(Instrumentation inst, AgentConfig config, Installation installation) throws InterruptedException {
        if (installation.filter == null) {
            return;
        }
        if (installation.deferred) {
            installation.filter.awaitFirstTarget();
            build(inst, config, installation);
        }
        if (installation.built) {
            storeClassPath(installation);
            return;
        }
        String missed = installation.filter.awaitMiss();
        HostLog.info("class cache missed " + missed + ": Byte Buddy built (" + buildByteBuddy(inst, installation, installation.prepared)
                + ")");
        storeClassPath(installation);
    }

    private static boolean anyLoaded(Instrumentation inst, TargetFilter filter) {
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (!c.isArray() && !c.isPrimitive() && filter.targeted(TypeNames.internal(c.getName()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Prepares the instrumentations, then serves the targets from a warm class cache or builds
     * Byte Buddy's transformer now.
     */
    private static void build(Instrumentation inst, AgentConfig config, Installation installation) throws InterruptedException {
        long start = AgentStartup.threadCpu();
        List<TypeInstrumentation> prepared = new ArrayList<>();
        for (TypeInstrumentation t : installation.chosen) {
            if (t.prepare(inst, config)) {
                prepared.add(t);
            }
        }
        installation.prepared = prepared;
        long wasPrepared = AgentStartup.threadCpu();
        ClassCache cache = installation.cacheRoot == null || prepared.isEmpty() ? null : openCache(installation.cacheRoot, prepared);
        installation.cache = cache;
        String how;
        if (cache != null && cache.warm() && cache.complete(classPathKey())) {
            int served = installation.filter.serveFrom(cache, inst);
            AgentContext.counters().count(CounterNames.AGENT_RETRANSFORMED, served);
            how = "class cache with " + cache.entries() + " entries, Byte Buddy when it misses; CPU ms: prepare "
                    + ms(wasPrepared - start) + ", retransform " + served + " classes " + ms(AgentStartup.threadCpu() - wasPrepared);
            String missed = installation.filter.missedSoFar();
            if (missed != null) {
                // A target already loaded is not in the cache: Byte Buddy now, before the start-up line.
                how += "; missed " + missed + ", Byte Buddy " + buildByteBuddy(inst, installation, prepared);
            }
        } else {
            // Cold (or no cache): Byte Buddy now, and what it makes is stored for the next JVM.
            installation.filter.useCache(cache);
            how = "Byte Buddy CPU ms: prepare " + ms(wasPrepared - start) + ", " + buildByteBuddy(inst, installation, prepared);
        }
        if (start >= 0) {
            installation.buildCpu = " (" + how + ")";
        }
    }

    /** Builds Byte Buddy's transformer behind the filter and retransforms what it should; returns its CPU, for the start-up line. */
    private static String buildByteBuddy(Instrumentation inst, Installation installation, List<TypeInstrumentation> prepared)
            throws InterruptedException {
        long start = AgentStartup.threadCpu();
        java.lang.instrument.ClassFileTransformer transformer = ByteBuddyTransformer.make(prepared);
        long made = AgentStartup.threadCpu();
        int retransformed = installation.filter.delegateTo(transformer, inst);
        installation.built = true;
        installation.transformer = transformer;
        int stored = ByteBuddyTransformer.quietly(() -> installation.filter.storePending(transformer));
        long done = AgentStartup.threadCpu();
        ClassCache cache = installation.cache;
        AgentContext.counters().count(CounterNames.AGENT_RETRANSFORMED, retransformed);
        AgentContext.counters().set(CounterNames.AGENT_BYTE_BUDDY_BUILT, 1);
        return "transformer " + ms(made - start) + ", retransform " + retransformed + " classes " + ms(done - made)
                + (cache != null && stored > 0 ? ", " + stored + " loaded before it stored" : "");
    }

    /**
     * After Byte Buddy was built with a cache: stores every target on the class path it does not
     * hold yet and marks it complete for this class path, so the next JVM with it needs no Byte
     * Buddy, whichever targets it loads. On the init thread, after the start-up line.
     */
    private static void storeClassPath(Installation installation) {
        ClassCache cache = installation.cache;
        java.lang.instrument.ClassFileTransformer transformer = installation.transformer;
        if (cache == null || transformer == null) {
            return;
        }
        long start = AgentStartup.threadCpu();
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path", "").split(java.io.File.pathSeparator));
        int stored = ByteBuddyTransformer.quietly(() -> installation.filter.storeClassPath(transformer,
                ClassLoader.getSystemClassLoader(), classPath));
        cache.markComplete(classPathKey());
        HostLog.info("class cache: " + stored + " classes of the class path stored in " + cache.directory() + " (CPU "
                + ms(AgentStartup.threadCpu() - start) + " ms)");
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** This JVM's class path, as a name part: the cache is complete per class path. */
    static String classPathKey() {
        return ClassCache.fingerprint(Collections.singletonList(System.getProperty("java.class.path", "")));
    }

    /** The cache for this agent jar, Java and set of instrumentations, or null when there is none to use. */
    static ClassCache openCache(java.nio.file.Path root, List<TypeInstrumentation> prepared) {
        String jar = ClassCache.jarIdentity(Instrumentations.class);
        if (jar == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        parts.add(jar);
        parts.add(System.getProperty("java.version", "?"));
        parts.add(System.getProperty("java.vm.version", "?"));
        for (TypeInstrumentation t : prepared) {
            parts.add(t.getClass().getName() + " " + new java.util.TreeSet<>(t.targets().exact()) + " extending "
                    + new java.util.TreeSet<>(t.targets().superClasses()));
        }
        return ClassCache.open(root, ClassCache.fingerprint(parts), AgentContext::counters);
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.agent.module.TypeNames;
import dev.pyrometer.wire.CounterNames;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The agent's one class-file transformer, in front of Byte Buddy's. Every class the JVM loads
 * passes through it on the loading thread: a name the modules do not target (all but a few
 * dozen of a Spark JVM's tens of thousands) is turned away by one hash lookup, so Byte Buddy
 * never runs, and is never compiled, for them. A target goes on to Byte Buddy's transformer once
 * that is built; before, its name is remembered, the builder is woken if it waits for a first
 * target, and the class is retransformed when the transformer is there.
 *
 * <p>With a {@link ClassCache}, a target whose transformation an earlier JVM stored is served
 * from it, and Byte Buddy is needed (and built) only for the first target the cache misses;
 * what Byte Buddy makes is stored for the next JVM.
 */
final class TargetFilter implements ClassFileTransformer {
    private static final int MAX_REMEMBERED = 1024;

    /** Every module's exact names in one set, and the few patterns: one lookup per class. */
    private final Set<String> exact = new java.util.HashSet<>();
    private final List<TypeNames.Pattern> patterns = new ArrayList<>();
    /** Per pattern, the super classes its names must extend (null: the name suffices), read from class files. */
    private final List<SuperClasses> supers = new ArrayList<>();
    private final Set<String> early = ConcurrentHashMap.newKeySet();
    private final CountDownLatch firstTarget = new CountDownLatch(1);
    private volatile ClassFileTransformer delegate;
    private volatile ClassCache cache;
    /** Told the (dotted) name of each class transformed, by Byte Buddy or from the cache. */
    private volatile Consumer<String> onTransformed = name -> { };
    private final CountDownLatch missed = new CountDownLatch(1);
    private volatile String firstMiss;
    /**
     * Targets loaded before Byte Buddy was there, with the bytes they loaded from: once it is,
     * their transformation is computed and stored under those bytes (the retransformation only
     * stores it under the bytes the JVM reconstitutes), so the next JVM finds them.
     */
    private final java.util.Map<String, Object[]> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong pendingBytes = new java.util.concurrent.atomic.AtomicLong();
    private static final long MAX_PENDING_BYTES = 8L << 20;
    /**
     * Classes transformed already: never retransformed again (one transformed as it loaded would
     * get the advice twice, since a retransformation starts from the bytes this filter returned).
     */
    private final Set<String> transformedNames = ConcurrentHashMap.newKeySet();

    TargetFilter(List<TypeNames> targets) {
        for (TypeNames t : targets) {
            exact.addAll(t.exact());
            if (t.pattern() != null) {
                patterns.add(t.pattern());
                supers.add(t.superClasses().isEmpty() ? null
                        : new SuperClasses(t.superClasses(), libraryPrefix(t.superClasses().iterator().next())));
            }
        }
    }

    /** The library a class belongs to: its first three name segments ({@code org/apache/spark/}). */
    static String libraryPrefix(String internalName) {
        int at = -1;
        for (int i = 0; i < 3; i++) {
            int next = internalName.indexOf('/', at + 1);
            if (next < 0) {
                break;
            }
            at = next;
        }
        return internalName.substring(0, at + 1);
    }

    /** By name alone: an exact target, or a pattern's name (which may still need its super classes checked). */
    boolean targeted(String internalName) {
        return targeted(internalName, null, null);
    }

    /** By name and class file (when given): what is offered to Byte Buddy. */
    boolean targeted(String internalName, byte[] classfile, ClassLoader loader) {
        if (exact.contains(internalName)) {
            return true;
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matches(internalName)) {
                SuperClasses s = supers.get(i);
                if (s == null || classfile == null || s.extendsAny(internalName, classfile, loader)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined, ProtectionDomain domain,
            byte[] classfile) {
        try {
            if (internalName == null || !targeted(internalName, classfile, loader)) {
                return null;
            }
            ClassCache c = cache;
            if (c != null) {
                byte[] cached = c.lookup(internalName, classfile);
                if (cached != null) {
                    transformed(internalName);
                    AgentContext.counters().count(CounterNames.AGENT_INSTRUMENTED_PREFIX + internalName.replace('/', '.'), 1);
                    return cached;
                }
            }
            ClassFileTransformer d = delegate;
            if (d == null) {
                if (early.size() < MAX_REMEMBERED) {
                    early.add(internalName);
                }
                if (classBeingRedefined == null && pending.size() < MAX_REMEMBERED
                        && pendingBytes.addAndGet(classfile.length) <= MAX_PENDING_BYTES) {
                    pending.putIfAbsent(internalName, new Object[] {loader, domain, classfile});
                }
                firstTarget.countDown();
                if (c != null && firstMiss == null) {
                    firstMiss = internalName + (classBeingRedefined != null ? " (retransformed)" : "");
                    missed.countDown();
                }
                return null;
            }
            byte[] out = d.transform(loader, internalName, classBeingRedefined, domain, classfile);
            if (out != null) {
                transformed(internalName);
                if (c != null) {
                    c.store(internalName, classfile, out);
                }
            }
            return out;
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.instrumentation");
            return null;
        }
    }

    private void transformed(String internalName) {
        if (transformedNames.size() < MAX_REMEMBERED) {
            transformedNames.add(internalName);
        }
        onTransformed.accept(internalName.replace('/', '.'));
    }

    /** Who is told of each class transformed (an instrumentation's {@code onTransformed}). */
    void onTransformed(Consumer<String> listener) {
        onTransformed = listener;
    }

    /**
     * Serves targets from the cache from now on, then retransforms the targeted classes already
     * loaded through it; what it misses waits for Byte Buddy ({@link #awaitMiss}). Returns how
     * many classes were retransformed.
     */
    int serveFrom(ClassCache c, Instrumentation inst) throws InterruptedException {
        useCache(c);
        int n = retransformWithin(inst);
        if (missed.getCount() > 0) {
            // The cache served every target so far: Byte Buddy may never be built to use these.
            pending.clear();
            pendingBytes.set(0);
        }
        return n;
    }

    /** Serves targets from this cache (null: none) and stores there what Byte Buddy makes. */
    void useCache(ClassCache c) {
        cache = c;
    }

    /**
     * Stores in the cache what this transformer makes of each target that loaded before it was
     * there (nothing is defined: only the bytes are computed), then forgets them. Returns how
     * many were stored.
     */
    int storePending(ClassFileTransformer transformer) {
        ClassCache c = cache;
        int n = 0;
        for (java.util.Map.Entry<String, Object[]> e : pending.entrySet()) {
            if (c == null) {
                break;
            }
            Object[] p = e.getValue();
            try {
                byte[] out = transformer.transform((ClassLoader) p[0], e.getKey(), null, (ProtectionDomain) p[1], (byte[]) p[2]);
                if (out != null) {
                    c.store(e.getKey(), (byte[]) p[2], out);
                    n++;
                }
            } catch (Throwable t) {
                AgentContext.counters().suppressed("agent.class_cache.pending");
            }
        }
        pending.clear();
        pendingBytes.set(0);
        return n;
    }

    /**
     * Stores what this transformer makes of every target on the class path that the cache does
     * not hold yet, read from the jars as the JVM would load it (nothing is defined): each exact
     * name through the class loader, and the jars' entries the name patterns accept. Returns how
     * many were stored.
     */
    int storeClassPath(ClassFileTransformer transformer, ClassLoader loader, List<String> classPath) {
        ClassCache c = cache;
        if (c == null) {
            return 0;
        }
        int n = 0;
        for (String name : exact) {
            n += storeOne(c, transformer, loader, name, SuperClasses.read(name, loader));
        }
        if (patterns.isEmpty()) {
            return n;
        }
        for (String element : classPath) {
            if (!element.endsWith(".jar")) {
                continue;
            }
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(element)) {
                for (java.util.Enumeration<java.util.jar.JarEntry> e = jar.entries(); e.hasMoreElements();) {
                    java.util.jar.JarEntry entry = e.nextElement();
                    String file = entry.getName();
                    if (!file.endsWith(".class")) {
                        continue;
                    }
                    String name = file.substring(0, file.length() - ".class".length());
                    if (exact.contains(name) || !targeted(name)) {
                        continue;
                    }
                    try (java.io.InputStream in = jar.getInputStream(entry)) {
                        n += storeOne(c, transformer, loader, name, SuperClasses.readAll(in));
                    }
                }
            } catch (Throwable t) {
                AgentContext.counters().suppressed("agent.class_cache.class_path");
            }
        }
        return n;
    }

    private int storeOne(ClassCache c, ClassFileTransformer transformer, ClassLoader loader, String name, byte[] classfile) {
        if (classfile == null || !targeted(name, classfile, loader) || c.contains(name, classfile)) {
            return 0;
        }
        try {
            byte[] out = transformer.transform(loader, name, null, null, classfile);
            if (out != null) {
                c.store(name, classfile, out);
                return 1;
            }
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.class_cache.class_path");
        }
        return 0;
    }

    /** The first target the cache missed, or null while it missed none. */
    String missedSoFar() {
        String m = firstMiss;
        return m == null ? null : TypeNames.binary(m);
    }

    /** Parks the calling thread until the cache misses a target (or did, before this call); returns its name. */
    String awaitMiss() throws InterruptedException {
        missed.await();
        return TypeNames.binary(firstMiss);
    }

    /** Hands targets to Byte Buddy from now on (a class loader that transforms what it defines: no retransformation). */
    void delegateTo(ClassFileTransformer transformer) {
        delegate = transformer;
    }

    /** Parks the calling thread until a targeted class is loaded (or was, before this call). */
    void awaitFirstTarget() throws InterruptedException {
        firstTarget.await();
    }

    /**
     * Registers the filter for the classes loaded from now on. Not as retransformation-capable: a
     * JVM with such a transformer keeps a copy of the original bytes of every class it loads (for
     * a later retransformation), about 0.3 s of CPU over the 12,000 classes of Spark's core,
     * catalyst and sql jars; what a load-time transformer returns is the starting point of any
     * later retransformation anyway, so the advice survives another agent's.
     */
    void register(Instrumentation inst) {
        inst.addTransformer(this, false);
    }

    /**
     * Hands targets to Byte Buddy from now on, then retransforms the targeted classes already
     * loaded, and once more, shortly after, any target whose loading was under way meanwhile,
     * through a retransformation-capable transformer registered for that time only. Returns how
     * many classes were retransformed.
     */
    int delegateTo(ClassFileTransformer transformer, Instrumentation inst) throws InterruptedException {
        delegateTo(transformer);
        return retransformWithin(inst);
    }

    /**
     * Retransforms the targeted classes already loaded, and once more, shortly after, any target
     * whose loading was under way meanwhile, through a retransformation-capable transformer
     * registered for that time only.
     */
    private int retransformWithin(Instrumentation inst) throws InterruptedException {
        ClassFileTransformer retransforming = (loader, name, redefined, domain, bytes) -> transform(loader, name, redefined, domain, bytes);
        inst.addTransformer(retransforming, true);
        try {
            Set<Class<?>> done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            Set<String> doneNames = new java.util.HashSet<>();
            int n = retransformLoaded(inst, done, doneNames);
            for (int round = 0; round < 3 && !doneNames.containsAll(early); round++) {
                TimeUnit.MILLISECONDS.sleep(50);
                n += retransformLoaded(inst, done, doneNames);
            }
            early.clear();
            return n;
        } finally {
            inst.removeTransformer(retransforming);
        }
    }

    private int retransformLoaded(Instrumentation inst, Set<Class<?>> done, Set<String> doneNames) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.isArray() || c.isPrimitive() || done.contains(c)) {
                continue;
            }
            String internalName = TypeNames.internal(c.getName());
            if (targeted(internalName) && !transformedNames.contains(internalName) && inst.isModifiableClass(c)) {
                loaded.add(c);
                doneNames.add(internalName);
            }
        }
        int n = 0;
        for (Class<?> c : loaded) {
            done.add(c);
            try {
                inst.retransformClasses(c);
                n++;
            } catch (Throwable t) {
                AgentContext.counters().suppressed("agent.retransform");
            }
        }
        return n;
    }
}

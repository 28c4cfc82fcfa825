package dev.pyrometer.agent.init;

import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.agent.module.TypeNames;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one class-file transformer, in front of Byte Buddy's. Every class the JVM loads
 * passes through it on the loading thread: a name the modules do not target (all but a few
 * dozen of a Spark JVM's tens of thousands) is turned away by one hash lookup, so Byte Buddy
 * never runs, and is never compiled, for them. A target goes on to Byte Buddy's transformer once
 * that is built; before, its name is remembered, the builder is woken if it waits for a first
 * target, and the class is retransformed when the transformer is there.
 */
final class TargetFilter implements ClassFileTransformer {
    private static final int MAX_REMEMBERED = 1024;

    private final List<TypeNames> targets;
    private final Set<String> early = ConcurrentHashMap.newKeySet();
    private final CountDownLatch firstTarget = new CountDownLatch(1);
    private volatile ClassFileTransformer delegate;

    TargetFilter(List<TypeNames> targets) {
        this.targets = targets;
    }

    boolean targeted(String internalName) {
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).matches(internalName)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined, ProtectionDomain domain,
            byte[] classfile) {
        try {
            if (internalName == null || !targeted(internalName)) {
                return null;
            }
            ClassFileTransformer d = delegate;
            if (d == null) {
                if (early.size() < MAX_REMEMBERED) {
                    early.add(internalName);
                }
                firstTarget.countDown();
                return null;
            }
            return d.transform(loader, internalName, classBeingRedefined, domain, classfile);
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.instrumentation");
            return null;
        }
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
     * Hands targets to Byte Buddy from now on, then retransforms the targeted classes already
     * loaded, and once more, shortly after, any target whose loading was under way meanwhile.
     * Returns how many classes were retransformed.
     */
    int delegateTo(ClassFileTransformer transformer, Instrumentation inst) throws InterruptedException {
        delegateTo(transformer);
        Set<Class<?>> done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Set<String> doneNames = new java.util.HashSet<>();
        int n = retransformLoaded(inst, done, doneNames);
        for (int round = 0; round < 3 && !doneNames.containsAll(early); round++) {
            TimeUnit.MILLISECONDS.sleep(50);
            n += retransformLoaded(inst, done, doneNames);
        }
        early.clear();
        return n;
    }

    private int retransformLoaded(Instrumentation inst, Set<Class<?>> done, Set<String> doneNames) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.isArray() || c.isPrimitive() || done.contains(c)) {
                continue;
            }
            String internalName = TypeNames.internal(c.getName());
            if (targeted(internalName) && inst.isModifiableClass(c)) {
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

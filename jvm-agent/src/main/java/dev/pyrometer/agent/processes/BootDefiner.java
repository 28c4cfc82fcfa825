/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Defines a class in the bootstrap loader through the JDK's own Unsafe, by reflection: on Java 8
 * {@code sun.misc.Unsafe}; on Java 9+ {@code jdk.internal.misc.Unsafe}, exported (through the
 * Instrumentation) only to a one-class loader of its own, so neither the application's nor the
 * agent's module gains access to JDK internals. Byte Buddy's Unsafe injector does the same
 * through a class it generates first, which cost about 250 ms of CPU in every JVM; this costs a
 * few. Java 9+ also lets {@code java.base} read the defined class's module. Every method returns
 * null (or false) where the JVM does not allow it; the caller falls back.
 */
final class BootDefiner {
    private BootDefiner() {
    }

    /** The class defined in the bootstrap loader, or null. */
    static Class<?> define(Instrumentation inst, String name, byte[] classFile) {
        try {
            if (!modular()) {
                Class<?> u = Class.forName("sun.misc.Unsafe");
                Field f = u.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                Method define = u.getMethod("defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class,
                        ProtectionDomain.class);
                return (Class<?>) define.invoke(f.get(null), name, classFile, 0, classFile.length, null, null);
            }
            Isolated loader = new Isolated();
            Class<?> definer = loader.define(Definer.class.getName(), classBytes(Definer.class));
            Object javaBase = module(Object.class);
            redefineModule(inst, javaBase, Collections.emptySet(),
                    Collections.singletonMap("jdk.internal.misc", Collections.singleton(module(definer))));
            Class<?> defined = (Class<?>) definer.getMethod("define", String.class, byte[].class).invoke(null, name, classFile);
            letJavaBaseRead(inst, defined);
            return defined;
        } catch (Throwable t) {
            return null;
        }
    }

    /** Java 9+: lets {@code java.base} read the module of a class defined in the bootstrap loader. */
    static boolean letJavaBaseRead(Instrumentation inst, Class<?> c) {
        if (!modular()) {
            return true;
        }
        try {
            Object javaBase = module(Object.class);
            Object theirs = module(c);
            if (!(Boolean) javaBase.getClass().getMethod("canRead", javaBase.getClass()).invoke(javaBase, theirs)) {
                redefineModule(inst, javaBase, Collections.singleton(theirs), Collections.<String, Set<Object>>emptyMap());
            }
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private static boolean modular() {
        try {
            Class.class.getMethod("getModule");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Object module(Class<?> c) throws ReflectiveOperationException {
        return Class.class.getMethod("getModule").invoke(c);
    }

    private static void redefineModule(Instrumentation inst, Object module, Set<Object> extraReads,
            Map<String, Set<Object>> extraExports) throws ReflectiveOperationException {
        Class<?> moduleClass = Class.forName("java.lang.Module");
        Instrumentation.class.getMethod("redefineModule", moduleClass, Set.class, Map.class, Map.class, Set.class, Map.class)
                .invoke(inst, module, extraReads, extraExports, Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
    }

    private static byte[] classBytes(Class<?> c) throws IOException {
        String entry = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("no class file " + entry);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0;) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** A loader of one class, under the bootstrap loader: its unnamed module is the only one jdk.internal.misc is exported to. */
    private static final class Isolated extends ClassLoader {
        Isolated() {
            super(null);
        }

        Class<?> define(String name, byte[] b) {
            return defineClass(name, b, 0, b.length);
        }
    }

    /**
     * Defined again in {@link Isolated} (never used from this loader): calls the internal Unsafe.
     * Names only JDK classes, so its copy in the isolated loader resolves everything from the
     * bootstrap loader.
     */
    public static final class Definer {
        private Definer() {
        }

        public static Class<?> define(String name, byte[] classFile) throws ReflectiveOperationException {
            Class<?> u = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = u.getMethod("getUnsafe").invoke(null);
            Method define = u.getMethod("defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class,
                    ProtectionDomain.class);
            return (Class<?>) define.invoke(unsafe, name, classFile, 0, classFile.length, null, null);
        }
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AdviceClasses;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import dev.pyrometer.emitter.HostLog;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code java.lang.ProcessBuilder.start()} (which {@code Runtime.exec} calls too): every process
 * this JVM starts is handed to {@link ProcessSightings}, so one that exits before the next sample
 * is still reported. ProcessBuilder is a bootstrap class and its inlined advice sees bootstrap
 * classes only, so {@link #prepare} first defines the bridge class in the bootstrap loader
 * ({@link BootDefiner}; where the JVM refuses, a one-class jar appended to the bootstrap search
 * path, which on Java 12+ switches class data sharing off for the application's classes and says
 * so on standard error, hence only the fallback), lets {@code java.base} read the bridge's module
 * on Java 9+, and sets the bridge's sink. {@code ProcessBuilder.startPipeline} (Java 9+) is not
 * covered.
 */
public final class ProcessStartInstrumentation implements TypeInstrumentation {
    static final String BRIDGE = "dev.pyrometer.agent.boot.ProcessStartBridge";
    /** The one java.* class the agent instruments; {@code Instrumentations.ignored()} lets exactly this through. */
    public static final String TARGET = "java.lang.ProcessBuilder";

    @Override
    public TypeNames targets() {
        return TypeNames.of(TARGET);
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> builder
                .visit(AdviceClasses.to(StartAdvice.class).on(named("start").and(takesArguments(0))));
    }

    @Override
    public boolean prepare(Instrumentation inst, AgentConfig config) {
        return prepare(inst, config.get(AgentConfig.COMMAND_MAX_CHARS));
    }

    /**
     * Makes the bridge visible to ProcessBuilder and connects it to the sightings; false (with
     * one info line) when this JVM cannot, and then the instrumentation must not be installed.
     */
    public static boolean prepare(Instrumentation inst, int maxCommandChars) {
        try {
            ProcessStartSink sink = ProcessStartSink.forThisJvm(maxCommandChars);
            if (sink == null) {
                HostLog.info("no way to read a process id on this JVM: processes it starts are only seen by the sampler");
                return false;
            }
            Class<?> bridge = injectBridge(inst);
            if (!BootDefiner.letJavaBaseRead(inst, bridge)) {
                HostLog.info("processes this JVM starts are only seen by the sampler (java.base cannot read the bridge)");
                return false;
            }
            bridge.getField("sink").set(null, sink);
            return true;
        } catch (Throwable t) {
            HostLog.info("processes this JVM starts are only seen by the sampler (" + t.getClass().getSimpleName() + ")");
            return false;
        }
    }

    /** The bridge as the bootstrap loader defines it (from a one-class jar, deleted once loaded). */
    private static Class<?> injectBridge(Instrumentation inst) throws IOException, ClassNotFoundException {
        try {
            return Class.forName(BRIDGE, false, null); // already there (a second agent start)
        } catch (ClassNotFoundException notYet) {
            // inject below
        }
        String entry = BRIDGE.replace('.', '/') + ".class";
        Class<?> defined = defineInBootLoader(inst, entry);
        if (defined != null) {
            return defined;
        }
        File jar = File.createTempFile("pyrometer-boot", ".jar");
        jar.deleteOnExit();
        try {
            try (InputStream in = ProcessStartInstrumentation.class.getClassLoader().getResourceAsStream(entry);
                    OutputStream file = new FileOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(file)) {
                if (in == null) {
                    throw new ClassNotFoundException(BRIDGE);
                }
                out.putNextEntry(new ZipEntry(entry));
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) > 0;) {
                    out.write(buf, 0, n);
                }
                out.closeEntry();
            }
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            return Class.forName(BRIDGE, true, null);
        } finally {
            // The loader keeps the opened jar; the path is not needed once the class is defined.
            if (!jar.delete()) {
                jar.deleteOnExit();
            }
        }
    }

    /** The bridge defined in the bootstrap loader directly ({@link BootDefiner}), or null when this JVM does not allow it. */
    private static Class<?> defineInBootLoader(Instrumentation inst, String entry) {
        try (InputStream in = ProcessStartInstrumentation.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                return null;
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0;) {
                bytes.write(buf, 0, n);
            }
            return BootDefiner.define(inst, BRIDGE, bytes.toByteArray());
        } catch (Throwable t) {
            return null;
        }
    }

    /** Hands the started process to the agent; inlined into ProcessBuilder, so it may name bootstrap classes only. */
    public static final class StartAdvice {
        private StartAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object builder, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object process) {
            dev.pyrometer.agent.boot.ProcessStartBridge.started(builder, process);
        }
    }
}

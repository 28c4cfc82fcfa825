/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What the agent needs from a {@link Process} on any Java from 8 up, resolved once: its pid
 * ({@code Process.pid()} on Java 9+, the {@code pid} field of {@code java.lang.UNIXProcess} on
 * Java 8) and its exit ({@code Process.onExit()}, Java 9+ only).
 */
final class ProcessHandles {
    private ProcessHandles() {
    }

    private static final MethodType TO_LONG = MethodType.methodType(long.class, Object.class);

    /** A handle {@code (Object process) -> long pid}, or null when this JVM offers none. */
    static MethodHandle pid() {
        try {
            return MethodHandles.publicLookup().unreflect(Process.class.getMethod("pid")).asType(TO_LONG);
        } catch (NoSuchMethodException e) {
            return java8Pid();
        } catch (Throwable t) {
            return null;
        }
    }

    private static MethodHandle java8Pid() {
        try {
            Field f = Class.forName("java.lang.UNIXProcess").getDeclaredField("pid");
            f.setAccessible(true);
            return MethodHandles.lookup().unreflectGetter(f).asType(TO_LONG);
        } catch (Throwable t) {
            return null;
        }
    }

    /** {@code process -> process.onExit()}, or null before Java 9. */
    static Function<Object, CompletableFuture<?>> onExit() {
        final MethodHandle h;
        try {
            h = MethodHandles.publicLookup().unreflect(Process.class.getMethod("onExit"))
                    .asType(MethodType.methodType(CompletableFuture.class, Object.class));
        } catch (Throwable t) {
            return null;
        }
        return process -> {
            try {
                return (CompletableFuture<?>) h.invokeExact(process);
            } catch (Throwable t) {
                return null;
            }
        };
    }
}

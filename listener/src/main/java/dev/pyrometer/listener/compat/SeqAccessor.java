/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * A Spark getter that returns a Scala sequence, called portably across Scala 2.12 and 2.13.
 *
 * <p>The getter's declared return type is {@code scala.collection.Seq} on 2.12 and
 * {@code scala.collection.immutable.Seq} on 2.13, so a call compiled against one fails with
 * {@code NoSuchMethodError} on the other. Both types are {@code scala.collection.Iterable}, whose
 * {@code iterator()} is the same on both lines: the getter is looked up by name once, whatever it
 * returns, and its result is handed out as that common supertype. Per call this is one
 * {@code invokeExact} on a constant handle, no reflection.
 */
public final class SeqAccessor {
    private static final MethodType ERASED = MethodType.methodType(Object.class, Object.class);

    private final String name;
    private final MethodHandle getter;

    private SeqAccessor(String name, MethodHandle getter) {
        this.name = name;
        this.getter = getter;
    }

    /**
     * Resolves {@code owner.method()} once. Throws {@link IllegalArgumentException} when the
     * running Spark has no such public no-argument method.
     */
    public static SeqAccessor of(Class<?> owner, String method) {
        try {
            Method m = owner.getMethod(method);
            MethodHandle h = MethodHandles.publicLookup().unreflect(m).asType(ERASED);
            return new SeqAccessor(owner.getSimpleName() + "." + method, h);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException("no accessible " + owner.getName() + "." + method + "()", e);
        }
    }

    /** The sequence {@code target} holds, as an Iterable (never null: Spark's null becomes empty). */
    public scala.collection.Iterable<?> get(Object target) {
        Object v;
        try {
            v = (Object) getter.invokeExact(target);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(name + " failed", t);
        }
        return v == null ? EMPTY : (scala.collection.Iterable<?>) v;
    }

    /** Copies the elements of an int sequence (boxed by Scala) into a list. */
    public java.util.List<Integer> ints(Object target) {
        scala.collection.Iterator<?> it = get(target).iterator();
        java.util.List<Integer> out = new java.util.ArrayList<>();
        while (it.hasNext()) {
            out.add(((Number) it.next()).intValue());
        }
        return out;
    }

    /** Number of elements, counted by iterating (portable; sizes are small). */
    public int count(Object target) {
        scala.collection.Iterator<?> it = get(target).iterator();
        int n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        return n;
    }

    @Override
    public String toString() {
        return name;
    }

    private static final scala.collection.Iterable<?> EMPTY = emptyIterable();

    private static scala.collection.Iterable<?> emptyIterable() {
        // scala.collection.immutable.Nil is a List on both lines; fetched reflectively for the same reason as above.
        try {
            return (scala.collection.Iterable<?>) Class.forName("scala.collection.immutable.Nil$").getField("MODULE$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Scala library without immutable.Nil", e);
        }
    }
}

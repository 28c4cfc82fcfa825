/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads fields of listener events the listener must not link against (spark-sql's, Spark
 * Connect's, which only exist on some classpaths): public no-argument getters by name, resolved
 * once per (class, name) into handles. A getter the running Spark lacks reads as null, as does
 * one that throws. Owned by the listener-bus thread (not thread-safe).
 */
public final class EventGetters {
    private static final MethodType ERASED = MethodType.methodType(Object.class, Object.class);

    /** Per event class, getter name to handle (null when the running Spark lacks the getter). */
    private final Map<Class<?>, Map<String, MethodHandle>> getters = new HashMap<>();

    /** The value of {@code target.getter()}, or null when there is no such getter or it threw. */
    public Object get(Object target, String getter) {
        Map<String, MethodHandle> byName = getters.get(target.getClass());
        if (byName == null) {
            byName = new HashMap<>();
            getters.put(target.getClass(), byName);
        }
        MethodHandle h;
        if (byName.containsKey(getter)) {
            h = byName.get(getter);
        } else {
            h = resolve(target.getClass(), getter);
            byName.put(getter, h);
        }
        if (h == null) {
            return null;
        }
        try {
            return (Object) h.invokeExact(target);
        } catch (Throwable t) {
            return null;
        }
    }

    /** {@link #get} as text (null stays null). */
    public String text(Object target, String getter) {
        Object v = get(target, getter);
        if (v instanceof scala.Option) {
            return ScalaValues.stringOrNull((scala.Option<?>) v);
        }
        return v == null ? null : v.toString();
    }

    /** {@link #get} as a number, unwrapping an Option; null when absent. */
    public Long number(Object target, String getter) {
        Object v = get(target, getter);
        if (v instanceof scala.Option) {
            return ScalaValues.longOrNull((scala.Option<?>) v);
        }
        return v instanceof Number ? ((Number) v).longValue() : null;
    }

    private static MethodHandle resolve(Class<?> type, String getter) {
        try {
            return MethodHandles.publicLookup().unreflect(type.getMethod(getter)).asType(ERASED);
        } catch (NoSuchMethodException | IllegalAccessException | SecurityException e) {
            return null;
        }
    }
}

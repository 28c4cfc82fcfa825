/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.compat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Scala values whose binary shape is the same on Scala 2.12 and 2.13 ({@code Option},
 * {@code Tuple2}) and walks maps as {@code scala.collection.Iterable} of pairs, so no call site
 * depends on which Map interface a Spark accessor declares.
 */
public final class ScalaValues {
    private ScalaValues() {
    }

    /** The value of an Option, or null for None / null. */
    public static Object orNull(scala.Option<?> o) {
        return o == null || o.isEmpty() ? null : o.get();
    }

    public static String stringOrNull(scala.Option<?> o) {
        Object v = orNull(o);
        return v == null ? null : v.toString();
    }

    public static Long longOrNull(scala.Option<?> o) {
        Object v = orNull(o);
        return v instanceof Number ? ((Number) v).longValue() : null;
    }

    /**
     * Copies a Scala map (any {@code scala.collection.Map}, passed as Object so the declared
     * interface does not matter) into a Java map of strings.
     */
    public static Map<String, String> stringMap(Object scalaMap) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(scalaMap instanceof scala.collection.Iterable)) {
            return out;
        }
        scala.collection.Iterator<?> it = ((scala.collection.Iterable<?>) scalaMap).iterator();
        while (it.hasNext()) {
            scala.Tuple2<?, ?> kv = (scala.Tuple2<?, ?>) it.next();
            out.put(String.valueOf(kv._1()), String.valueOf(kv._2()));
        }
        return out;
    }

    /** Iterates a Scala map as pairs. */
    public static scala.collection.Iterator<?> pairs(Object scalaMap) {
        return ((scala.collection.Iterable<?>) scalaMap).iterator();
    }
}

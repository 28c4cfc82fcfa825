/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.executor.ExecutorMetrics;

/**
 * Reads Spark's executor metrics ({@code ExecutorMetrics}) by name into a map of non-zero values.
 *
 * <p>The metric names and their array offsets ({@code ExecutorMetricType.metricToOffset}) vary by
 * Spark version, so they are read once from the running Spark. Reading one task's peaks is then a
 * walk over the backing {@code long[]}, fetched through a handle resolved once; if a Spark
 * version lacks that field, {@code getMetricValue(name)} per name is the slower fallback.
 */
public final class ExecutorMetricReader {
    private static final MethodType ARRAY_GETTER = MethodType.methodType(long[].class, ExecutorMetrics.class);

    private final String[] names;
    private final MethodHandle values;

    ExecutorMetricReader(String[] namesByOffset, MethodHandle values) {
        this.names = namesByOffset;
        this.values = values;
    }

    /** Resolves names and the array accessor from the running Spark; never throws (an empty reader at worst). */
    public static ExecutorMetricReader resolve() {
        String[] names;
        try {
            Class<?> type = Class.forName("org.apache.spark.metrics.ExecutorMetricType$");
            Object module = type.getField("MODULE$").get(null);
            Object offsets = type.getMethod("metricToOffset").invoke(module);
            List<String> byOffset = new ArrayList<>();
            scala.collection.Iterator<?> it = ((scala.collection.Iterable<?>) offsets).iterator();
            Map<Integer, String> m = new HashMap<>();
            int max = -1;
            while (it.hasNext()) {
                scala.Tuple2<?, ?> kv = (scala.Tuple2<?, ?>) it.next();
                int off = ((Number) kv._2()).intValue();
                m.put(off, String.valueOf(kv._1()));
                max = Math.max(max, off);
            }
            for (int i = 0; i <= max; i++) {
                byOffset.add(m.get(i));
            }
            names = byOffset.toArray(new String[0]);
        } catch (Throwable t) {
            names = new String[0];
        }
        MethodHandle h = null;
        try {
            Field f = ExecutorMetrics.class.getDeclaredField("metrics");
            if (f.getType() == long[].class) {
                f.setAccessible(true);
                h = MethodHandles.lookup().unreflectGetter(f).asType(ARRAY_GETTER);
            }
        } catch (Throwable t) {
            h = null;
        }
        return new ExecutorMetricReader(names, h);
    }

    /** Non-zero values of {@code m} by metric name, into {@code out}; a null {@code m} adds nothing. */
    public void nonZero(ExecutorMetrics m, Map<String, Long> out) {
        if (m == null) {
            return;
        }
        long[] v = array(m);
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name == null) {
                continue;
            }
            long x = v != null ? (i < v.length ? v[i] : 0L) : m.getMetricValue(name);
            if (x != 0L) {
                out.put(name, x);
            }
        }
    }

    /** Raises each entry of {@code out} to the value in {@code m} where that is larger. */
    public void maxInto(ExecutorMetrics m, Map<String, Long> out) {
        if (m == null) {
            return;
        }
        long[] v = array(m);
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name == null) {
                continue;
            }
            long x = v != null ? (i < v.length ? v[i] : 0L) : m.getMetricValue(name);
            Long cur = out.get(name);
            if (x != 0L && (cur == null || x > cur)) {
                out.put(name, x);
            }
        }
    }

    private long[] array(ExecutorMetrics m) {
        if (values == null) {
            return null;
        }
        try {
            return (long[]) values.invokeExact(m);
        } catch (Throwable t) {
            return null;
        }
    }

    public int size() {
        return names.length;
    }

    boolean usesArray() {
        return values != null;
    }
}

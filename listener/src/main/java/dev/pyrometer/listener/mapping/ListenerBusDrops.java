/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.wire.CounterNames;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Copies Spark's own listener-bus drop counts into Pyrometer's counters, so a run whose events
 * Spark dropped (for every listener on a full queue) is marked as such.
 *
 * <p>Spark keeps them as Dropwizard counters {@code queue.<name>.numDroppedEvents} in the
 * listener bus's metric registry ({@code SparkContext.listenerBus().metrics().metricRegistry()}),
 * which are internal APIs: the path is resolved reflectively once, from the active SparkContext,
 * and if a Spark version lacks it the counter {@value CounterNames#LISTENER_BUS_DROPS_UNAVAILABLE} says so instead.
 */
public final class ListenerBusDrops {
    private static final String SUFFIX = ".numDroppedEvents";

    private final LossCounters counters;
    private Object registry;
    private Method getCounters;
    private Method getCount;
    private boolean unavailable;

    public ListenerBusDrops(LossCounters counters) {
        this.counters = counters;
    }

    /** Reads the current drop counts; cheap after the first call (a few reflective calls per queue). */
    public void report() {
        if (unavailable) {
            return;
        }
        try {
            if (registry == null && !resolve()) {
                return;
            }
            Map<?, ?> all = (Map<?, ?>) getCounters.invoke(registry);
            for (Map.Entry<?, ?> e : all.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (name.startsWith("queue.") && name.endsWith(SUFFIX)) {
                    String queue = name.substring("queue.".length(), name.length() - SUFFIX.length());
                    counters.set(CounterNames.LISTENER_BUS_DROPPED_PREFIX + queue, ((Number) getCount.invoke(e.getValue())).longValue());
                }
            }
        } catch (Throwable t) {
            unavailable = true;
            counters.set(CounterNames.LISTENER_BUS_DROPS_UNAVAILABLE, 1);
        }
    }

    /** False while there is no active SparkContext yet (the application is still starting). */
    private boolean resolve() throws ReflectiveOperationException {
        Class<?> scObject = Class.forName("org.apache.spark.SparkContext$");
        Object module = scObject.getField("MODULE$").get(null);
        scala.Option<?> active = (scala.Option<?>) scObject.getMethod("getActive").invoke(module);
        if (active.isEmpty()) {
            return false;
        }
        Object sc = active.get();
        Object bus = sc.getClass().getMethod("listenerBus").invoke(sc);
        Object metrics = bus.getClass().getMethod("metrics").invoke(bus);
        Object reg = metrics.getClass().getMethod("metricRegistry").invoke(metrics);
        Method counters = reg.getClass().getMethod("getCounters");
        Class<?> counterType = Class.forName("com.codahale.metrics.Counter", false, reg.getClass().getClassLoader());
        this.getCount = counterType.getMethod("getCount");
        this.getCounters = counters;
        this.registry = reg;
        return true;
    }
}

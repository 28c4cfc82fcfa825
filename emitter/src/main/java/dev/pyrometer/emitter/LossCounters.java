/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Named cumulative counters of one JVM: events dropped per reason, errors suppressed per site,
 * and other counts. Incrementing an existing name is a map lookup and an atomic add; names are
 * a small fixed vocabulary chosen by the code, so the map stays bounded (past {@link #MAX_NAMES}
 * new names fold into "other").
 */
public final class LossCounters {
    static final int MAX_NAMES = 256;


    private final ConcurrentMap<String, AtomicLong> dropped = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> suppressed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

    public void drop(String reason) {
        add(dropped, reason, 1);
    }

    /** Records an error swallowed at {@code site} to protect the host application. */
    public void suppressed(String site) {
        add(suppressed, site, 1);
    }

    public void count(String name, long delta) {
        add(counters, name, delta);
    }

    /** An increment of counter {@code name} by one, to hand to code that only knows when to count. */
    public Runnable counting(String name) {
        return () -> count(name, 1);
    }

    /** Raises counter {@code name} to {@code value} if it is larger (high-water marks, absolute readings). */
    public void max(String name, long value) {
        AtomicLong c = slot(counters, name);
        long cur;
        while ((cur = c.get()) < value && !c.compareAndSet(cur, value)) {
            // retry
        }
    }

    /** Sets counter {@code name} to an absolute value read from elsewhere (e.g. Spark's own drop counts). */
    public void set(String name, long value) {
        slot(counters, name).set(value);
    }

    public long dropped(String reason) {
        AtomicLong c = dropped.get(reason);
        return c == null ? 0 : c.get();
    }

    public long totalDropped() {
        long sum = 0;
        for (AtomicLong c : dropped.values()) {
            sum += c.get();
        }
        return sum;
    }

    public long suppressedCount(String site) {
        AtomicLong c = suppressed.get(site);
        return c == null ? 0 : c.get();
    }

    public long totalSuppressed() {
        long sum = 0;
        for (AtomicLong c : suppressed.values()) {
            sum += c.get();
        }
        return sum;
    }

    public long counter(String name) {
        AtomicLong c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    public Map<String, Long> droppedSnapshot() {
        return snapshot(dropped);
    }

    public Map<String, Long> suppressedSnapshot() {
        return snapshot(suppressed);
    }

    public Map<String, Long> countersSnapshot() {
        return snapshot(counters);
    }

    private static void add(ConcurrentMap<String, AtomicLong> map, String name, long delta) {
        slot(map, name).addAndGet(delta);
    }

    private static AtomicLong slot(ConcurrentMap<String, AtomicLong> map, String name) {
        AtomicLong c = map.get(name);
        if (c != null) {
            return c;
        }
        String key = map.size() >= MAX_NAMES ? "other" : name;
        return map.computeIfAbsent(key, k -> new AtomicLong());
    }

    private static Map<String, Long> snapshot(ConcurrentMap<String, AtomicLong> map) {
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<String, AtomicLong> e : map.entrySet()) {
            out.put(e.getKey(), e.getValue().get());
        }
        return out;
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import dev.pyrometer.agent.stats.IntervalAccumulator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Per-(target, method) accumulators in a bounded open-addressing table. The target key is the
 * target's Class, the 'z:'-prefixed id of a static call, or the class name of a constructor.
 * Entries are never removed; past {@code maxEntries} pairs calls go to one '(other)' entry.
 */
final class CallTable {
    static final String CONSTRUCTOR = "<init>";
    static final String OTHER = "(other)";

    /** One (target, method) pair and its interval accumulator. */
    static final class Entry {
        final Object target;
        final String method;
        final int hash;
        final IntervalAccumulator acc = new IntervalAccumulator(true);

        Entry(Object target, String method, int hash) {
            this.target = target;
            this.method = method;
            this.hash = hash;
        }

        boolean matches(Object t, String m, int h) {
            return hash == h && (target == t || target.equals(t)) && method.equals(m);
        }

        /** The class name shown in events. */
        String targetClass() {
            if (target instanceof Class) {
                return ((Class<?>) target).getName();
            }
            String s = (String) target;
            return s.startsWith("z:") ? s.substring(2) : s;
        }
    }

    private final AtomicReferenceArray<Entry> entries;
    private final AtomicInteger size = new AtomicInteger();
    private final int maxEntries;
    private final int mask;
    final Entry overflow = new Entry(OTHER, OTHER, 0);
    /** Set before the final export walks the table; an entry created after it is sealed at birth. */
    private volatile boolean sealed;

    CallTable(int maxEntries) {
        this.maxEntries = maxEntries;
        int n = Integer.highestOneBit(Math.max(16, maxEntries) * 2 - 1) << 1;
        entries = new AtomicReferenceArray<>(n);
        mask = n - 1;
    }

    /** The entry for the pair, creating it while there is room; {@link #overflow} after that. */
    Entry entry(Object target, String method) {
        int h = target.hashCode() * 31 + method.hashCode();
        int idx = (h ^ (h >>> 16)) & mask;
        for (int i = 0; i <= mask; i++) {
            Entry e = entries.get(idx);
            if (e == null) {
                if (size.get() >= maxEntries) {
                    return overflow;
                }
                Entry created = new Entry(target, method, h);
                if (entries.compareAndSet(idx, null, created)) {
                    size.incrementAndGet();
                    // Read after the entry is in place: if the final walk started before, it may have
                    // passed this slot, so the entry refuses calls itself; otherwise the walk sees it.
                    if (sealed) {
                        created.acc.seal();
                    }
                    return created;
                }
                e = entries.get(idx);
            }
            if (e.matches(target, method, h)) {
                return e;
            }
            idx = (idx + 1) & mask;
        }
        return overflow;
    }

    /** The final export is about to walk the table. */
    void seal() {
        sealed = true;
    }

    int capacity() {
        return entries.length();
    }

    Entry at(int i) {
        return entries.get(i);
    }

    int size() {
        return size.get();
    }
}

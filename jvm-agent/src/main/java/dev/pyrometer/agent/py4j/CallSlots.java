/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-thread call state without ThreadLocal: a fixed table of {@link ThreadCalls} claimed by
 * thread id for the length of a command and released when it ends, so the table holds only
 * the threads inside a Py4J command right now. Lookups probe at most {@link #PROBES} slots.
 */
final class CallSlots {
    private static final int PROBES = 16;

    private final AtomicLongArray owners;
    private final ThreadCalls[] calls;
    private final int mask;

    CallSlots(int capacity) {
        int n = Integer.highestOneBit(Math.max(PROBES, capacity - 1) << 1);
        owners = new AtomicLongArray(n);
        calls = new ThreadCalls[n];
        for (int i = 0; i < n; i++) {
            calls[i] = new ThreadCalls(i);
        }
        mask = n - 1;
    }

    /** The calling thread's state, claiming a slot if it has none; null when every probed slot is taken. */
    ThreadCalls acquire(long tid) {
        ThreadCalls mine = find(tid);
        if (mine != null) {
            return mine;
        }
        int h = home(tid);
        for (int i = 0; i < PROBES; i++) {
            int idx = (h + i) & mask;
            if (owners.get(idx) == 0 && owners.compareAndSet(idx, 0, tid)) {
                calls[idx].depth = 0;
                return calls[idx];
            }
        }
        return null;
    }

    /** The calling thread's state, or null when it holds no slot. */
    ThreadCalls find(long tid) {
        int h = home(tid);
        for (int i = 0; i < PROBES; i++) {
            int idx = (h + i) & mask;
            if (owners.get(idx) == tid) {
                return calls[idx];
            }
        }
        return null;
    }

    void release(ThreadCalls c) {
        owners.set(c.index, 0);
    }

    private int home(long tid) {
        long x = tid * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32)) & mask;
    }

    static long threadKey() {
        // Thread ids start at 1, so 0 can mean "free".
        return Thread.currentThread().getId();
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessTreeSample;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The sampler's interval. While the JVM or any process of its tree works (together at least
 * {@link #BUSY_SHARE} of one core since the last sample) or a process starts or ends, it is the
 * configured interval; after {@link #IDLE_TICKS} idle samples in a row it doubles each sample, up
 * to the idle interval. A process the JVM starts or a Python worker Spark creates wakes the
 * sampler at once ({@link #wake}), so the first samples of new work are not late, and a worker
 * that grows until it is killed is busy, so its last RSS comes from a sample at the fast
 * interval. Owned by the sampler thread; only {@link #wake} is called from elsewhere.
 */
public final class SampleCadence {
    static final double BUSY_SHARE = 0.05;
    static final int IDLE_TICKS = 3;
    private static volatile Thread sampler;
    /** Set while the interval is stretched: only then does a wake end the wait. */
    private static volatile boolean slow;
    private static volatile boolean woken;

    private final long busyNanos;
    private final long idleNanos;
    private final Map<Long, Long> cpuByPid = new HashMap<>();
    private long currentNanos;
    private int idleTicks;

    public SampleCadence(long intervalNanos, long idleIntervalNanos) {
        this.busyNanos = intervalNanos;
        this.idleNanos = Math.max(intervalNanos, idleIntervalNanos);
        this.currentNanos = intervalNanos;
    }

    /** The wait before the next sample, given this one (null: no tree sampled) and the JVM's CPU. */
    public long next(ProcessTreeSample tree, long jvmCpuNanos, long sinceLastNanos) {
        boolean changed = false;
        long cpu = 0;
        Map<Long, Long> seen = new HashMap<>();
        if (tree != null) {
            for (ProcessInfo p : tree.getProcesses()) {
                if (p.getExited()) {
                    changed = true;
                    continue;
                }
                Long before = cpuByPid.get(p.getPid());
                if (before == null) {
                    changed = true;
                } else {
                    cpu += Math.max(0, p.getCpuNanos() - before);
                }
                seen.put(p.getPid(), p.getCpuNanos());
            }
        } else if (jvmCpuNanos >= 0) {
            Long before = cpuByPid.get(-1L);
            cpu += before == null ? 0 : Math.max(0, jvmCpuNanos - before);
            seen.put(-1L, jvmCpuNanos);
        }
        boolean first = cpuByPid.isEmpty();
        cpuByPid.clear();
        cpuByPid.putAll(seen);
        boolean busy = first || changed || sinceLastNanos <= 0 || cpu >= BUSY_SHARE * sinceLastNanos;
        if (busy || idleNanos == busyNanos) {
            idleTicks = 0;
            currentNanos = busyNanos;
        } else if (++idleTicks >= IDLE_TICKS) {
            currentNanos = Math.min(idleNanos, currentNanos * 2);
        }
        slow = currentNanos > busyNanos;
        return currentNanos;
    }

    /** The thread {@link #wake} unparks: the sampler, which registers itself. */
    public static void register(Thread t) {
        sampler = t;
    }

    /**
     * Ends the sampler's wait now if the interval is stretched (a process started, a worker was
     * created): the sampler goes back to the fast interval. Cheap, never blocks; at the fast
     * interval it does nothing, so a burst of processes cannot make the sampler tick faster.
     */
    public static void wake() {
        Thread t = sampler;
        if (t != null && slow) {
            woken = true;
            LockSupport.unpark(t);
        }
    }

    /** For the sampler thread: whether a wake ended its wait (and clears it). */
    public static boolean takeWake() {
        if (woken) {
            woken = false;
            return true;
        }
        return false;
    }
}

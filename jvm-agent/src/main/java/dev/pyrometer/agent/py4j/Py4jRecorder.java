/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import dev.pyrometer.agent.spark.SparkBridge;
import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.DropReasons;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;

/**
 * Records Py4J commands as advice reports them on the serving thread: the command's start and
 * end (execute), its target, method and outcome (Gateway.invoke's exit), the response size
 * (Protocol.getOutputCommand), and the Spark jobs the command submitted (JobWaiter). Every
 * method catches everything, counts it and returns; the common path reads the clock twice (the
 * command's start and end) and updates preallocated state only.
 */
public final class Py4jRecorder {
    static final String SITE = "agent.py4j.advice";
    /**
     * Calls (and outliers) that ended after the final export had drained them: counted, not lost.
     * A drop taken before the emitter, so no sequence number.
     */

    private final CallSlots slots;
    private final CallTable table;
    private final ArrayBlockingQueue<OutlierCall> outliers;
    private final long outlierChars;
    private final long outlierNanos;
    private final Supplier<LossCounters> counters;
    /** Guarded by {@link #outliers}: set once the final export took the queue's last outliers. */
    private boolean outliersSealed;

    Py4jRecorder(int maxThreads, int maxMethods, int outlierQueue, long outlierChars, long outlierNanos, Supplier<LossCounters> counters) {
        this.slots = new CallSlots(maxThreads);
        this.table = new CallTable(maxMethods);
        this.outliers = new ArrayBlockingQueue<>(outlierQueue);
        this.outlierChars = outlierChars;
        this.outlierNanos = outlierNanos;
        this.counters = counters;
    }

    /** A Call or Constructor command starts on this thread. */
    public void commandStart() {
        try {
            ThreadCalls c = slots.acquire(CallSlots.threadKey());
            if (c == null) {
                counters.get().count(CounterNames.AGENT_PY4J_UNTRACKED_THREADS, 1);
                return;
            }
            int d = c.depth++;
            if (d < ThreadCalls.MAX_DEPTH) {
                c.begin(d, System.nanoTime());
            }
        } catch (Throwable t) {
            counters.get().suppressed(SITE);
        }
    }

    /**
     * Gateway.invoke returned (or threw). {@code staticOrConstructor} is the 'z:' id of a static
     * call or the class name of a constructor; otherwise {@code targetObject} is the object
     * called. {@code thrown} is the Java exception when known. One hook at invoke's exit instead
     * of one at each end: the command's own hooks already time the call.
     */
    public void invoked(String staticOrConstructor, Object targetObject, String method, boolean error, Object thrown) {
        try {
            ThreadCalls c = slots.find(CallSlots.threadKey());
            if (c == null) {
                return;
            }
            int d = c.depth - 1;
            if (d < 0 || d >= ThreadCalls.MAX_DEPTH || c.method[d] != null) {
                return;
            }
            c.target[d] = staticOrConstructor != null ? staticOrConstructor
                    : targetObject != null ? targetObject.getClass() : "(unknown)";
            c.method[d] = method != null ? method : CallTable.CONSTRUCTOR;
            c.error[d] = error;
            c.thrown[d] = thrown;
        } catch (Throwable t) {
            counters.get().suppressed(SITE);
        }
    }

    /**
     * A Spark job was submitted on this thread; when the thread is serving a Py4J command (say
     * {@code collectToPython}), the job is that command's. Nothing happens on other threads.
     */
    public void jobSubmitted(int jobId) {
        try {
            ThreadCalls c = slots.find(CallSlots.threadKey());
            if (c == null) {
                return;
            }
            int d = c.depth - 1;
            if (d >= 0 && d < ThreadCalls.MAX_DEPTH && !c.addJob(d, jobId)) {
                counters.get().count(CounterNames.AGENT_PY4J_JOBS_NOT_KEPT, 1);
            }
        } catch (Throwable t) {
            counters.get().suppressed(SITE);
        }
    }

    /** Protocol.getOutputCommand produced the response written back to Python. */
    public void response(String output) {
        try {
            ThreadCalls c = slots.find(CallSlots.threadKey());
            if (c == null || output == null) {
                return;
            }
            int d = c.depth - 1;
            if (d < 0 || d >= ThreadCalls.MAX_DEPTH || c.method[d] == null || c.responseChars[d] >= 0) {
                return;
            }
            c.responseChars[d] = output.length();
            // "!x..." is Py4J's error answer (a reflection failure that never reached invoke's return).
            if (output.length() > 1 && output.charAt(1) == 'x') {
                c.error[d] = true;
            }
        } catch (Throwable t) {
            counters.get().suppressed(SITE);
        }
    }

    /** The command ended: aggregate it, and queue an outlier when it crossed a threshold. */
    public void commandEnd() {
        try {
            long now = System.nanoTime();
            ThreadCalls c = slots.find(CallSlots.threadKey());
            if (c == null) {
                return;
            }
            int d = --c.depth;
            if (d >= 0 && d < ThreadCalls.MAX_DEPTH && c.method[d] != null) {
                record(c, d, now - c.startNanos[d]);
                c.clear(d);
            }
            if (c.depth <= 0) {
                c.depth = 0;
                slots.release(c);
            }
        } catch (Throwable t) {
            counters.get().suppressed(SITE);
        }
    }

    private void record(ThreadCalls c, int d, long nanos) {
        long chars = c.responseChars[d];
        boolean error = c.error[d];
        CallTable.Entry e = table.entry(c.target[d], c.method[d]);
        if (!e.acc.record(nanos, chars, error)) {
            counters.get().drop(DropReasons.AGENT_PY4J_AFTER_FINAL_EXPORT);
            return;
        }
        boolean bySize = chars >= outlierChars;
        boolean byDuration = nanos >= outlierNanos;
        if (bySize || byDuration) {
            OutlierCall o = new OutlierCall(c.startNanos[d], nanos, e.targetClass(), c.method[d], Math.max(0, chars),
                    bySize, byDuration, error, c.thrown[d], Thread.currentThread().getName(),
                    SparkBridge.jobGroupOfCurrentThread(), c.jobs(d));
            // Outliers are rare: a short lock here makes the final export's cut exact.
            synchronized (outliers) {
                if (outliersSealed) {
                    counters.get().drop(DropReasons.AGENT_PY4J_AFTER_FINAL_EXPORT);
                } else if (!outliers.offer(o)) {
                    counters.get().drop(DropReasons.AGENT_PY4J_OUTLIER_QUEUE_FULL);
                }
            }
        }
    }

    /** From now on outliers are counted as after the final export instead of queued; the queue keeps what it holds. */
    void sealOutliers() {
        synchronized (outliers) {
            outliersSealed = true;
        }
    }

    CallTable table() {
        return table;
    }

    ArrayBlockingQueue<OutlierCall> outliers() {
        return outliers;
    }
}

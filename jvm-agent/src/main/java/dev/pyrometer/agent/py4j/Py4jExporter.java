/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import dev.pyrometer.agent.stats.EpochClock;
import dev.pyrometer.agent.stats.IntervalAccumulator;
import dev.pyrometer.agent.stats.LatencyBuckets;
import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.event.OutlierReason;
import dev.pyrometer.event.Py4jCallOutlier;
import dev.pyrometer.event.Py4jCallStats;
import dev.pyrometer.wire.DropReasons;
import dev.pyrometer.wire.TextLimit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Turns the Py4J recorder's intervals and outliers into events; runs on the export thread. */
public final class Py4jExporter {
    /**
     * The recorder advice built ({@link Py4jSingletons}) on the first Py4J command this JVM served,
     * or null. A JVM that serves no gateway (every executor: PySpark's gateway is the driver's) never
     * builds one, and the exporter does not build it either: no recorder classes, no per-thread slots.
     */
    private static Py4jRecorder singleton;
    /** The singleton's final export has run: a recorder built after it starts sealed, its calls counted. */
    private static boolean singletonFinal;

    private final Py4jRecorder recorder;
    private final boolean ofSingleton;
    private final Emitter emitter;
    private final TextLimit limit;
    private final IntervalAccumulator.Snapshot snap = new IntervalAccumulator.Snapshot();

    public Py4jExporter(Py4jRecorder recorder, Emitter emitter, TextLimit limit) {
        this(recorder, false, emitter, limit);
    }

    private Py4jExporter(Py4jRecorder recorder, boolean ofSingleton, Emitter emitter, TextLimit limit) {
        this.recorder = recorder;
        this.ofSingleton = ofSingleton;
        this.emitter = emitter;
        this.limit = limit;
    }

    /** The exporter of the recorder advice builds when this JVM serves its first Py4J command. */
    public static Py4jExporter forSingleton(Emitter emitter, TextLimit limit) {
        return new Py4jExporter(null, true, emitter, limit);
    }

    /** Called once, by {@link Py4jSingletons}'s initialiser. */
    static synchronized void singletonBuilt(Py4jRecorder r) {
        if (singletonFinal) {
            r.sealOutliers();
            r.table().seal();
        }
        singleton = r;
    }

    private Py4jRecorder recorder() {
        if (!ofSingleton) {
            return recorder;
        }
        synchronized (Py4jExporter.class) {
            return singleton;
        }
    }

    /** Sends one Py4jCallStats per (class, method) that had calls in the interval. */
    public void exportInterval(long startMicros, long endMicros) {
        exportInterval(startMicros, endMicros, false);
    }

    /**
     * The last interval and outliers, when the emitter closes: every call that ended before is
     * sent, every call that ends after is counted as {@link DropReasons#AGENT_PY4J_AFTER_FINAL_EXPORT}.
     * Outliers are sealed first, then the intervals, then the queue is emptied, so an outlier's
     * call is always in an interval sent here or earlier.
     */
    public void exportFinal(long startMicros, long endMicros) {
        Py4jRecorder r;
        synchronized (Py4jExporter.class) {
            singletonFinal |= ofSingleton;
            r = recorder();
        }
        if (r == null) {
            return;
        }
        r.sealOutliers();
        r.table().seal();
        exportInterval(startMicros, endMicros, true);
        exportOutliers();
    }

    private void exportInterval(long startMicros, long endMicros, boolean last) {
        Py4jRecorder r = recorder();
        if (r == null) {
            return;
        }
        CallTable table = r.table();
        for (int i = 0; i < table.capacity(); i++) {
            CallTable.Entry e = table.at(i);
            if (e != null) {
                send(e, startMicros, endMicros, last);
            }
        }
        send(table.overflow, startMicros, endMicros, last);
    }

    private void send(CallTable.Entry e, long startMicros, long endMicros, boolean last) {
        if (!(last ? e.acc.drainFinal(snap) : e.acc.drainInto(snap))) {
            return;
        }
        String cls = e.targetClass();
        emitter.offer(Py4jCallStats.newBuilder()
                .setIntervalStartMicros(startMicros).setIntervalEndMicros(endMicros)
                .setTargetClass(cls).setMethod(e.method)
                .setCount(snap.count).setErrors(snap.errors)
                .setTotalMicros(snap.totalNanos / 1000).setMaxMicros(snap.maxNanos / 1000)
                .setTotalResponseChars(snap.totalSize).setMaxResponseChars(snap.maxSize)
                .setLatency(LatencyBuckets.toAvro(snap.buckets))
                .build(), 300 + cls.length() + e.method.length());
    }

    /**
     * The jobs the call submitted from its own thread (a collect, a count); when it submitted
     * none (say toPandas with Arrow, whose job runs on a server thread), the jobs active in the
     * application now, shortly after the call ended.
     */
    private static List<Integer> jobIds(OutlierCall o) {
        int[] ids = o.jobIds != null && o.jobIds.length > 0 ? o.jobIds : SparkJobs.activeJobIds();
        if (ids == null || ids.length == 0) {
            return Collections.<Integer>emptyList();
        }
        List<Integer> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(id);
        }
        return out;
    }

    /** Sends a Py4jCallOutlier for every queued outlier. */
    public void exportOutliers() {
        Py4jRecorder r = recorder();
        if (r == null) {
            return;
        }
        OutlierCall o;
        while ((o = r.outliers().poll()) != null) {
            OutlierReason reason = o.bySize && o.byDuration ? OutlierReason.SIZE_AND_DURATION
                    : o.bySize ? OutlierReason.SIZE : OutlierReason.DURATION;
            Py4jCallOutlier.Builder b = Py4jCallOutlier.newBuilder()
                    .setStartMicros(EpochClock.toEpochMicros(o.startNanos))
                    .setDurationMicros(o.durationNanos / 1000)
                    .setTargetClass(o.targetClass).setMethod(o.method)
                    .setResponseChars(o.responseChars).setReason(reason)
                    .setThreadName(o.threadName).setJobGroup(o.jobGroup)
                    .setActiveJobIds(jobIds(o));
            if (o.error && o.thrown instanceof Throwable) {
                b.setError(limit.exception((Throwable) o.thrown));
            }
            emitter.offer(b.build(), 1024);
        }
    }
}

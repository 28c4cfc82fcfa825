/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates each host's clock offset against the driver's from events both sides saw. An
 * executor-side event that names a task (a Python worker serving task T, a serializer failure
 * in task T) happened while T ran, i.e. between its driver-observed launch and finish, so
 * {@code launch <= t_exec - offset <= finish}: every such observation bounds the offset. The
 * bounds are intersected per host; the midpoint is the estimate. When the bounds contradict
 * each other (a late sample), the median of the per-observation midpoints is used instead.
 * Hosts without observations, and the driver's own host, get offset 0.
 */
public final class ClockOffsets {
    private final Map<String, List<long[]>> boundsByHost = new HashMap<>();

    /**
     * @param host           host of the executor-side event
     * @param execTimeMicros the event's time on that host's clock
     * @param launchMs       driver-observed launch of the task it names
     * @param finishMs       driver-observed finish (or -1 when unknown: only a lower bound on time)
     */
    public void observe(String host, long execTimeMicros, long launchMs, long finishMs) {
        if (launchMs <= 0) {
            return;
        }
        long hi = execTimeMicros - launchMs * 1000;
        // A task without a finish leaves the offset unbounded below; skip it rather than guess.
        if (finishMs < launchMs) {
            return;
        }
        long lo = execTimeMicros - finishMs * 1000;
        boundsByHost.computeIfAbsent(host, h -> new ArrayList<>()).add(new long[] {lo, hi});
    }

    /** Offset in microseconds per host (host clock minus driver clock). */
    public Map<String, Long> estimateMicros(String driverHost) {
        Map<String, Long> out = new HashMap<>();
        for (Map.Entry<String, List<long[]>> e : boundsByHost.entrySet()) {
            if (e.getKey().equals(driverHost)) {
                out.put(e.getKey(), 0L);
                continue;
            }
            out.put(e.getKey(), estimate(e.getValue()));
        }
        return out;
    }

    static long estimate(List<long[]> bounds) {
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        for (long[] b : bounds) {
            lo = Math.max(lo, b[0]);
            hi = Math.min(hi, b[1]);
        }
        if (lo <= hi) {
            // Offsets below a millisecond are noise from the ms resolution of task times.
            return lo + (hi - lo) / 2;
        }
        long[] mids = new long[bounds.size()];
        for (int i = 0; i < mids.length; i++) {
            mids[i] = bounds.get(i)[0] + (bounds.get(i)[1] - bounds.get(i)[0]) / 2;
        }
        java.util.Arrays.sort(mids);
        return mids[mids.length / 2];
    }
}

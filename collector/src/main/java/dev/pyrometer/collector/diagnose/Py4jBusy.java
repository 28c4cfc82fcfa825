/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline.Py4jStat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wall time the driver spent in Py4J calls, from the agent's per-interval sums. The sum of
 * call durations is not wall time: calls from several Python threads overlap (8.7 s of calls in a
 * 5.8 s run was reported as 149% of it). An export interval's calls ended in [start, end] and began
 * at most its longest call earlier, so they ran within [start - longest, end]: the interval's busy
 * time is its sum capped by that span, and the run's by the union of the spans. Start-up is the
 * busy time before the first executor registered, counted once, out of the window the driver's
 * share is judged in.
 */
final class Py4jBusy {
    private final double[] micros;
    private final double[] windowMicros;
    private final long sumMicros;
    private final long startupMicros;
    private final long windowBusyMicros;

    private Py4jBusy(double[] micros, double[] windowMicros, long sumMicros, long startupMicros, long windowBusyMicros) {
        this.micros = micros;
        this.windowMicros = windowMicros;
        this.sumMicros = sumMicros;
        this.startupMicros = startupMicros;
        this.windowBusyMicros = windowBusyMicros;
    }

    /**
     * @param windowStart the first executor's registration: the judged window begins there
     * @param appEndMs    the application's end, -1 while running
     */
    static Py4jBusy of(List<Py4jStat> stats, long windowStart, long appEndMs) {
        Map<String, List<Integer>> intervals = new LinkedHashMap<>();
        for (int i = 0; i < stats.size(); i++) {
            Py4jStat s = stats.get(i);
            intervals.computeIfAbsent(s.executorId() + "|" + s.startMs() + "|" + s.endMs(), k -> new ArrayList<>()).add(i);
        }
        double[] micros = new double[stats.size()];
        double[] window = new double[stats.size()];
        long sum = 0;
        double startup = 0;
        double windowSum = 0;
        long end = appEndMs;
        List<long[]> spans = new ArrayList<>();
        for (List<Integer> idx : intervals.values()) {
            Py4jStat first = stats.get(idx.get(0));
            long total = 0;
            long longest = 0;
            for (int i : idx) {
                total += stats.get(i).totalMicros();
                longest = Math.max(longest, stats.get(i).maxMicros());
            }
            sum += total;
            long spanEnd = first.endMs();
            // Not clipped at the application's start: the SparkContext's constructor runs before it.
            long spanStart = first.startMs() - (longest + 999) / 1000;
            long spanMs = Math.max(1, spanEnd - spanStart);
            double busy = Math.min(total, spanMs * 1000.0);
            double factor = total > 0 ? busy / total : 0;
            double before = spanEnd <= windowStart ? 1 : spanStart >= windowStart ? 0
                    : (windowStart - spanStart) / (double) spanMs;
            for (int i : idx) {
                micros[i] = stats.get(i).totalMicros() * factor;
                window[i] = micros[i] * (1 - before);
                windowSum += window[i];
            }
            startup += busy * before;
            spans.add(new long[] {Math.max(spanStart, windowStart), spanEnd});
            end = Math.max(end, appEndMs < 0 ? spanEnd : end);
        }
        long union = union(spans, appEndMs < 0 ? end : appEndMs);
        return new Py4jBusy(micros, window, sum, Math.round(startup), Math.round(Math.min(windowSum, union * 1000.0)));
    }

    /** Length of the union of [from, to] spans clipped at {@code end}, milliseconds. */
    private static long union(List<long[]> spans, long end) {
        spans.sort(Comparator.comparingLong(s -> s[0]));
        long total = 0;
        long cursor = Long.MIN_VALUE;
        for (long[] s : spans) {
            long from = Math.max(s[0], cursor);
            long to = Math.min(s[1], end);
            if (to > from) {
                total += to - from;
            }
            cursor = Math.max(cursor, Math.min(s[1], end));
        }
        return total;
    }

    /** Stat i's share of its interval's busy time, microseconds. */
    long micros(int i) {
        return Math.round(micros[i]);
    }

    /** Stat i's busy time after the first executor registered, microseconds. */
    long windowMicros(int i) {
        return Math.round(windowMicros[i]);
    }

    /** Every call's duration added up (overlapping calls counted each). */
    long sumMicros() {
        return sumMicros;
    }

    long startupMicros() {
        return startupMicros;
    }

    /** Wall time in calls from the first executor's registration to the end: at most that window. */
    long windowBusyMicros() {
        return windowBusyMicros;
    }

    /** Wall time in calls over the whole run: start-up plus the window's. */
    long totalMicros() {
        return startupMicros + windowBusyMicros;
    }

    /** Call time that overlapped other calls (several Python threads), microseconds. */
    long overlapMicros() {
        return Math.max(0, sumMicros - totalMicros());
    }
}

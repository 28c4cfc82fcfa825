/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.Failure;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Time in which no task ran, and the part of it spent replacing a dead executor: from the death
 * to the replacement's first task (else its registration). That part belongs to the death's
 * finding (ExecutorDeaths), not to the driver-idle one (DriverRules).
 */
final class TaskGaps {
    /** No task running from {@code start} to {@code end}: the total, the longest gap and its start. */
    record Idle(long totalMs, long longestMs, long longestStartMs) {
    }

    private TaskGaps() {
    }

    /** [launch, finish] of every launched task; a task that never finished runs to {@code end}. */
    static List<long[]> taskIntervals(RunTimeline t, long end) {
        List<long[]> iv = new ArrayList<>();
        for (Task x : t.tasks()) {
            if (x.launchMs() >= 0) {
                iv.add(new long[] {x.launchMs(), x.finishMs() < 0 ? end : x.finishMs()});
            }
        }
        return iv;
    }

    /** The time from start to end that no interval of {@code busy} covers. */
    static Idle idle(List<long[]> busy, long start, long end) {
        List<long[]> iv = new ArrayList<>(busy);
        iv.sort(Comparator.comparingLong(a -> a[0]));
        long total = 0;
        long cursor = start;
        long longest = 0;
        long longestStart = -1;
        for (long[] i : iv) {
            long from = Math.min(i[0], end);
            if (from > cursor) {
                total += from - cursor;
                if (from - cursor > longest) {
                    longest = from - cursor;
                    longestStart = cursor;
                }
            }
            cursor = Math.max(cursor, Math.min(i[1], end));
        }
        if (end > cursor) {
            total += end - cursor;
            if (end - cursor > longest) {
                longest = end - cursor;
                longestStart = cursor;
            }
        }
        return new Idle(total, longest, longestStart);
    }

    /**
     * For each executor that died and was replaced: [death, the replacement's first task, else its
     * registration]. The replacement is the first executor registered after the death.
     */
    static List<long[]> restartWindows(RunTimeline t) {
        List<long[]> out = new ArrayList<>();
        for (Failure f : t.failures()) {
            if (f.kind() == FailureKind.EXECUTOR_REMOVED && f.timeMs() > 0) {
                long[] w = restartWindow(t, f.timeMs());
                if (w != null) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /** The window of a death at {@code deathMs}, or null when no executor registered after it. */
    static long[] restartWindow(RunTimeline t, long deathMs) {
        RunTimeline.Executor next = null;
        for (RunTimeline.Executor e : t.executors()) {
            if (!"driver".equals(e.executorId()) && e.addedMs() >= deathMs
                    && (next == null || e.addedMs() < next.addedMs())) {
                next = e;
            }
        }
        if (next == null) {
            return null;
        }
        long firstTask = Long.MAX_VALUE;
        for (Task x : t.tasks()) {
            if (next.executorId().equals(x.executorId()) && x.launchMs() >= next.addedMs()) {
                firstTask = Math.min(firstTask, x.launchMs());
            }
        }
        return new long[] {deathMs, firstTask == Long.MAX_VALUE ? next.addedMs() : firstTask};
    }

    /** Time with no task running inside [from, to]. */
    static long idleWithin(RunTimeline t, long from, long to) {
        return to <= from ? 0 : idle(taskIntervals(t, to), from, to).totalMs();
    }
}

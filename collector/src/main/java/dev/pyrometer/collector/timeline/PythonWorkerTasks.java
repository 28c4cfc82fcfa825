/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunTimeline.ProcessPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessSeries;
import dev.pyrometer.collector.timeline.RunTimeline.PythonWorkerTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Each Python worker's samples cut into the tasks it served: the agent tags a worker's sample
 * with the task the worker serves at that moment, so a run of samples with one task id is that
 * task's stay on the worker. A worker that serves a task twice apart (never, as Spark hands a
 * worker one task at a time) would show as two stays.
 */
final class PythonWorkerTasks {
    private PythonWorkerTasks() {
    }

    /** Every stay of a task on a Python process with tagged samples, by process then time. */
    static List<PythonWorkerTask> of(List<ProcessSeries> processes) {
        List<PythonWorkerTask> out = new ArrayList<>();
        for (ProcessSeries p : processes) {
            if (!p.kind().isPython()) {
                continue;
            }
            List<ProcessPoint> points = new ArrayList<>(p.points());
            points.sort(Comparator.comparingLong(ProcessPoint::timeMs));
            int i = 0;
            while (i < points.size()) {
                Long task = points.get(i).taskId();
                if (task == null) {
                    i++;
                    continue;
                }
                int first = i;
                long peak = 0;
                while (i < points.size() && task.equals(points.get(i).taskId())) {
                    peak = Math.max(peak, points.get(i).rssBytes());
                    i++;
                }
                ProcessPoint before = first > 0 ? points.get(first - 1) : points.get(first);
                ProcessPoint last = points.get(i - 1);
                out.add(new PythonWorkerTask(task, p.executorId(), p.pid(), points.get(first).timeMs(), last.timeMs(),
                        before.rssBytes(), peak, last.rssBytes(),
                        Math.max(0, last.cpuMs() - before.cpuMs()), i - first));
            }
        }
        return out;
    }
}

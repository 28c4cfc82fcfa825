/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;

/**
 * The sums over a group of task attempts (a stage attempt, an executor, a Spark Connect
 * operation's jobs). A mutable accumulator, filled while the tasks are walked once; not part of
 * the timeline itself.
 */
final class TaskTotals {
    int tasks;
    int succeeded;
    int failed;
    /** Sum of the attempts' wall time, launch to finish (running attempts count 0). */
    long taskTimeMs;
    long inputBytes;
    long shuffleReadBytes;
    long shuffleWriteBytes;
    long spillBytes;

    void add(Task t) {
        tasks++;
        if (t.status() == TaskStatus.SUCCESS) {
            succeeded++;
        } else if (t.status() == TaskStatus.FAILED) {
            failed++;
        }
        taskTimeMs += Math.max(0, t.durationMs());
        inputBytes += t.inputBytes();
        shuffleReadBytes += t.shuffleReadBytes();
        shuffleWriteBytes += t.shuffleWriteBytes();
        spillBytes += t.spillBytes();
    }

    void add(TaskTotals o) {
        tasks += o.tasks;
        succeeded += o.succeeded;
        failed += o.failed;
        taskTimeMs += o.taskTimeMs;
        inputBytes += o.inputBytes;
        shuffleReadBytes += o.shuffleReadBytes;
        shuffleWriteBytes += o.shuffleWriteBytes;
        spillBytes += o.spillBytes;
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunAssembler.SourceState;
import dev.pyrometer.collector.timeline.RunTimeline.Executor;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.event.ExecutorAdded;
import dev.pyrometer.event.ExecutorRemoved;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The timeline's executor lanes: every executor the listener added, ran a task on, or that
 * emitted events itself, the driver first, with its tasks' counts and its host's clock offset.
 */
final class ExecutorProjection {
    private ExecutorProjection() {
    }

    static List<Executor> executors(List<Task> tasks, Map<String, ExecutorAdded> added, Map<String, ExecutorRemoved> removed,
            Collection<SourceState> sources, SourceClock clock) {
        Map<String, TaskTotals> counts = new HashMap<>();
        Map<String, String> hostOfExecutor = new HashMap<>();
        for (Task t : tasks) {
            counts.computeIfAbsent(t.executorId(), k -> new TaskTotals()).add(t);
            hostOfExecutor.putIfAbsent(t.executorId(), t.host());
        }
        TreeSet<String> ids = new TreeSet<>(Comparator.comparing(ExecutorProjection::executorOrder).thenComparing(s -> s));
        ids.addAll(added.keySet());
        ids.addAll(counts.keySet());
        for (SourceState s : sources) {
            if (s.source.getExecutorId() != null) {
                ids.add(s.source.getExecutorId());
                hostOfExecutor.putIfAbsent(s.source.getExecutorId(), s.source.getHost());
            }
        }
        List<Executor> out = new ArrayList<>();
        TaskTotals none = new TaskTotals();
        for (String id : ids) {
            ExecutorAdded add = added.get(id);
            ExecutorRemoved rem = removed.get(id);
            String host = add != null ? add.getHost() : hostOfExecutor.getOrDefault(id, "");
            TaskTotals c = counts.getOrDefault(id, none);
            out.add(new Executor(id, host, add == null ? 0 : add.getTotalCores(), add == null ? -1 : add.getTimeMs(),
                    rem == null ? -1 : rem.getTimeMs(), rem == null ? null : rem.getReason(), clock.offsetMs(host), c.tasks,
                    c.failed));
        }
        return out;
    }

    /** The driver first, then executors by number. */
    private static long executorOrder(String id) {
        if ("driver".equals(id)) {
            return -1;
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.PythonDumpRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Python workers whose stacks the agent dumped while they served one task for long
 * ({@code python.dumps.after.ms}): when every dump of a worker in a task shows the same frame
 * (the most recent outside PySpark), the worker is hung there, and that is why its task is slow:
 * the task's straggler finding gives way to this one. A worker whose frames move is only noted.
 */
final class HungWorkers {
    private HungWorkers() {
    }

    /** The findings, and the task ids they explain (their straggler findings are dropped). */
    record Result(List<Finding> findings, Set<Long> hungTasks) {
    }

    static Result of(RunTimeline t) {
        Map<String, List<PythonDumpRow>> byWorkerTask = new LinkedHashMap<>();
        for (PythonDumpRow d : t.pythonDumps()) {
            if (d.taskId() != null) {
                byWorkerTask.computeIfAbsent(d.executorId() + "|" + d.pid() + "|" + d.taskId(), k -> new ArrayList<>()).add(d);
            }
        }
        Map<Long, RunTimeline.Task> tasks = new HashMap<>();
        for (RunTimeline.Task task : t.tasks()) {
            tasks.put(task.taskId(), task);
        }
        List<Finding> out = new ArrayList<>();
        Set<Long> hung = new TreeSet<>();
        for (List<PythonDumpRow> dumps : byWorkerTask.values()) {
            List<PythonDump> parsed = new ArrayList<>();
            for (PythonDumpRow d : dumps) {
                PythonDump p = PythonDump.find(d.text());
                if (p != null) {
                    parsed.add(p);
                }
            }
            if (parsed.isEmpty()) {
                continue;
            }
            PythonDumpRow first = dumps.get(0);
            PythonDumpRow last = dumps.get(dumps.size() - 1);
            CauseChain.Frame frame = parsed.get(parsed.size() - 1).userFrame();
            boolean same = parsed.size() >= 2 && parsed.stream().allMatch(p -> p.userFrame().equals(frame));
            RunTimeline.Task task = tasks.get(first.taskId());
            String where = frame.function() + " at " + shortFile(frame.file()) + ":" + frame.line();
            String subject = "Python worker pid " + first.pid() + " (executor " + first.executorId() + ") serving task "
                    + first.taskId() + (task == null ? "" : " (stage " + task.stageId() + "." + task.stageAttempt()
                    + ", partition " + task.index() + ")");
            List<String> ev = new ArrayList<>();
            ev.add("dumps: " + parsed.size() + ", after " + Units.ms(first.servingMs()) + " to " + Units.ms(last.servingMs())
                    + " on the task" + (same ? ", the same frame in each" : ", the frames moved"));
            ev.add((same ? "hung in: " : "last seen in: ") + frame);
            ev.add("stack (most recent first): " + String.join(" <- ", parsed.get(parsed.size() - 1).lastFrames(8)));
            if (task != null) {
                ev.add("task " + task.taskId() + ": " + task.status() + (task.durationMs() >= 0 ? " after "
                        + Units.ms(task.durationMs()) : ""));
            }
            if (same) {
                hung.add(first.taskId());
                out.add(new Finding("hung-" + first.executorId() + "-" + first.pid() + "-" + first.taskId(),
                        Finding.Severity.WARNING, "python/hung", subject + " hung in " + where,
                        "The worker's Python stack stayed in one frame across " + parsed.size() + " dumps taken "
                                + Units.ms(Math.max(0, last.servingMs() - first.servingMs())) + " apart: it waits there "
                                + "(a lock, a network read, a subprocess) or spins on that line. A task this slow is "
                                + "not skew: its data did not make it slow.",
                        "Look at what " + frame.function() + " waits for at " + frame.file() + ":" + frame.line()
                                + " (a lock shared across threads, a call without a timeout); give it a timeout.", ev));
            } else {
                out.add(new Finding("stack-" + first.executorId() + "-" + first.pid() + "-" + first.taskId(),
                        Finding.Severity.INFO, "python/long-task", subject + " was busy in " + where,
                        "The agent dumped the stack of a worker serving one task for long; its frames moved between "
                                + "dumps, so it was working, not hung.", "", ev));
            }
        }
        return new Result(out, hung);
    }

    private static String shortFile(String f) {
        int slash = Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\'));
        return slash < 0 ? f : f.substring(slash + 1);
    }
}

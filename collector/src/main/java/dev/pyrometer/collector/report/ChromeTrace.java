/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import dev.pyrometer.collector.timeline.ConnectTimeline;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run in Chrome's trace-event format (opens in Perfetto and chrome://tracing): process 0
 * holds jobs and stages, one process per executor holds its tasks packed into slots (threads),
 * process memory appears as counter tracks, and a Spark Connect server's client sessions are
 * threads of process 0 with their operations as slices. Timestamps are microseconds since run start.
 */
public final class ChromeTrace {
    private ChromeTrace() {
    }

    public static String of(RunTimeline t) {
        long t0 = t.app().startMs() > 0 ? t.app().startMs()
                : t.tasks().stream().mapToLong(RunTimeline.Task::launchMs).min().orElse(0);
        List<Map<String, Object>> ev = new ArrayList<>();
        ev.add(meta("process_name", 0, 0, "scheduler: " + t.app().name()));
        ev.add(meta("thread_name", 0, 1, "jobs"));
        ev.add(meta("thread_name", 0, 2, "stages"));
        for (RunTimeline.Job j : t.jobs()) {
            if (j.submitMs() > 0) {
                ev.add(span("job " + j.jobId(), "job", 0, 1, j.submitMs() - t0, Math.max(0, (j.endMs() < 0 ? j.submitMs() : j.endMs()) - j.submitMs()),
                        Map.of("description", String.valueOf(j.description()), "succeeded", String.valueOf(j.succeeded()))));
            }
        }
        for (RunTimeline.Stage s : t.stages()) {
            if (s.submitMs() > 0) {
                ev.add(span("stage " + s.stageId() + "." + s.attemptId(), "stage", 0, 2, s.submitMs() - t0,
                        Math.max(0, (s.completeMs() < 0 ? s.submitMs() : s.completeMs()) - s.submitMs()),
                        Map.of("name", s.name(), "tasks", s.numTasks())));
            }
        }
        connectSessions(ev, t, t0);
        Map<String, Integer> pidOf = new HashMap<>();
        for (RunTimeline.Executor e : t.executors()) {
            int pid = pidOf.size() + 1;
            pidOf.put(e.executorId(), pid);
            ev.add(meta("process_name", pid, 0, "executor " + e.executorId() + " " + e.host()));
        }
        Map<String, List<Long>> slotEnds = new HashMap<>();
        for (RunTimeline.Task k : t.tasks()) {
            int pid = pidOf.computeIfAbsent(k.executorId(), id -> pidOf.size() + 1);
            List<Long> ends = slotEnds.computeIfAbsent(k.executorId(), id -> new ArrayList<>());
            int slot = 0;
            while (slot < ends.size() && ends.get(slot) > k.launchMs()) {
                slot++;
            }
            long end = k.finishMs() < 0 ? k.launchMs() : k.finishMs();
            if (slot == ends.size()) {
                ends.add(end);
                ev.add(meta("thread_name", pid, slot + 1, "slot " + (slot + 1)));
            } else {
                ends.set(slot, end);
            }
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("task", k.taskId());
            args.put("stage", k.stageId() + "." + k.stageAttempt());
            args.put("status", k.status());
            args.put("gcMs", k.gcMs());
            ev.add(span("task " + k.taskId(), "task", pid, slot + 1, k.launchMs() - t0, Math.max(0, end - k.launchMs()), args));
        }
        for (RunTimeline.ProcessSeries p : t.processes()) {
            int pid = pidOf.getOrDefault(p.executorId(), 0);
            String name = p.kind() + " " + p.pid() + " RSS MiB";
            for (RunTimeline.ProcessPoint pt : p.points()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("name", name);
                c.put("ph", "C");
                c.put("pid", pid);
                c.put("ts", (pt.timeMs() - t0) * 1000);
                c.put("args", Map.of("rss", Math.round(pt.rssBytes() / 1048576.0 * 10) / 10.0));
                ev.add(c);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("traceEvents", ev);
        root.put("displayTimeUnit", "ms");
        root.put("otherData", Map.of("runId", t.app().runId(), "startEpochMs", t0));
        return Json.write(root);
    }

    /** A Spark Connect server: one thread of process 0 per client session, its operations as slices. */
    private static void connectSessions(List<Map<String, Object>> ev, RunTimeline t, long t0) {
        int tid = 3;
        for (ConnectTimeline.Session s : t.connect().sessions()) {
            ev.add(meta("thread_name", 0, tid, "session " + s.sessionId() + " (" + s.userId() + ")"));
            for (ConnectTimeline.Operation o : s.operations()) {
                if (o.startMs() > 0) {
                    Map<String, Object> args = new LinkedHashMap<>();
                    args.put("operation", o.operationId());
                    args.put("state", o.state());
                    args.put("jobs", o.jobIds().toString());
                    args.put("statement", String.valueOf(o.statement()));
                    if (o.error() != null) {
                        args.put("error", o.error());
                    }
                    ev.add(span("operation " + o.state(), "connect", 0, tid, o.startMs() - t0,
                            Math.max(0, o.durationMs()), args));
                }
            }
            tid++;
        }
    }

    private static Map<String, Object> meta(String what, int pid, int tid, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", what);
        m.put("ph", "M");
        m.put("pid", pid);
        m.put("tid", tid);
        m.put("args", Map.of("name", name));
        return m;
    }

    private static Map<String, Object> span(String name, String cat, int pid, int tid, long startMs, long durMs,
            Map<String, Object> args) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("cat", cat);
        m.put("ph", "X");
        m.put("pid", pid);
        m.put("tid", tid);
        m.put("ts", startMs * 1000);
        m.put("dur", durMs * 1000);
        m.put("args", args);
        return m;
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessSeries;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report's script draws, already reduced: beyond {@link #TASK_LIMIT} tasks the lanes
 * show per-bucket occupancy instead of one bar per task, and memory series are cut to the
 * top processes per kind (the rest folded into one "others" line) and downsampled, so the file
 * stays small for runs of any size.
 */
public final class ReportData {
    public static final int TASK_LIMIT = 5_000;
    static final int TOP_PROCESSES = 5;
    static final int MAX_POINTS = 400;
    static final int BUCKETS = 300;

    private ReportData() {
    }

    static Map<String, Object> of(RunTimeline t) {
        Map<String, Object> d = new LinkedHashMap<>();
        long t0 = t.app().startMs();
        long t1 = t.app().endMs();
        for (Task k : t.tasks()) {
            if (t0 < 0 || k.launchMs() > 0 && k.launchMs() < t0) {
                t0 = k.launchMs();
            }
            t1 = Math.max(t1, k.finishMs());
        }
        if (t1 <= t0) {
            t1 = t0 + 1;
        }
        d.put("t0", t0);
        d.put("t1", t1);
        List<Object[]> jobs = new ArrayList<>();
        for (RunTimeline.Job j : t.jobs()) {
            jobs.add(new Object[] {j.jobId(), j.submitMs(), j.endMs() < 0 ? t1 : j.endMs(),
                    j.succeeded() == null ? "running" : j.succeeded() ? "ok" : "failed",
                    j.description() != null ? j.description() : j.callSite()});
        }
        d.put("jobs", jobs);
        List<Object[]> stages = new ArrayList<>();
        for (RunTimeline.Stage s : t.stages()) {
            stages.add(new Object[] {s.stageId() + "." + s.attemptId(), s.submitMs(), s.completeMs() < 0 ? t1 : s.completeMs(),
                    s.failureReason() != null ? "failed" : s.completeMs() < 0 ? "running" : "ok", s.name(), s.numTasks()});
        }
        d.put("stages", stages);
        List<String> lanes = new ArrayList<>();
        Map<String, Integer> laneIndex = new HashMap<>();
        for (RunTimeline.Executor e : t.executors()) {
            laneIndex.put(e.executorId(), lanes.size());
            lanes.add(e.executorId() + (e.host().isEmpty() ? "" : " @ " + e.host()));
        }
        d.put("lanes", lanes);
        d.put("taskCount", t.tasks().size());
        if (t.tasks().size() <= TASK_LIMIT) {
            List<long[]> tasks = new ArrayList<>(t.tasks().size());
            for (Task k : t.tasks()) {
                Integer lane = laneIndex.get(k.executorId());
                tasks.add(new long[] {lane == null ? 0 : lane, k.launchMs(), k.finishMs() < 0 ? t1 : k.finishMs(),
                        statusCode(k.status()), k.taskId(), k.stageId()});
            }
            d.put("tasks", tasks);
        } else {
            d.put("occupancy", occupancy(t, laneIndex, lanes.size(), t0, t1));
        }
        d.put("memory", memory(t));
        d.put("heap", heap(t));
        return d;
    }

    private static int statusCode(TaskStatus status) {
        return switch (status) {
            case SUCCESS -> 0;
            case FAILED -> 1;
            case KILLED -> 2;
            default -> 3;
        };
    }

    /** Busy task-milliseconds per lane and time bucket, divided by the bucket width: average running tasks. */
    private static Map<String, Object> occupancy(RunTimeline t, Map<String, Integer> laneIndex, int laneCount, long t0,
            long t1) {
        double width = (t1 - t0) / (double) BUCKETS;
        double[][] busy = new double[Math.max(1, laneCount)][BUCKETS];
        double[][] failed = new double[Math.max(1, laneCount)][BUCKETS];
        for (Task k : t.tasks()) {
            int lane = laneIndex.getOrDefault(k.executorId(), 0);
            long s = Math.max(t0, k.launchMs());
            long e = Math.min(t1, k.finishMs() < 0 ? t1 : k.finishMs());
            int b0 = (int) Math.min(BUCKETS - 1, (s - t0) / width);
            int b1 = (int) Math.min(BUCKETS - 1, (e - t0) / width);
            for (int b = b0; b <= b1; b++) {
                double bs = t0 + b * width;
                double overlap = Math.min(e, bs + width) - Math.max(s, bs);
                busy[lane][b] += Math.max(0, overlap) / width;
            }
            if (k.status() == TaskStatus.FAILED) {
                failed[lane][b1] += 1;
            }
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("bucketMs", width);
        o.put("busy", round(busy));
        o.put("failed", failed);
        return o;
    }

    private static double[][] round(double[][] v) {
        for (double[] row : v) {
            for (int i = 0; i < row.length; i++) {
                row[i] = Math.round(row[i] * 100) / 100.0;
            }
        }
        return v;
    }

    private static List<Map<String, Object>> memory(RunTimeline t) {
        Map<String, List<ProcessSeries>> byKind = new TreeMap<>();
        for (ProcessSeries p : t.processes()) {
            byKind.computeIfAbsent(p.kind().name(), k -> new ArrayList<>()).add(p);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, List<ProcessSeries>> e : byKind.entrySet()) {
            List<ProcessSeries> ps = new ArrayList<>(e.getValue());
            ps.sort(Comparator.comparingLong(ProcessSeries::peakRssBytes).reversed());
            List<Map<String, Object>> series = new ArrayList<>();
            for (ProcessSeries p : ps.subList(0, Math.min(TOP_PROCESSES, ps.size()))) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", "pid " + p.pid() + " (executor " + p.executorId() + ") " + p.command());
                s.put("peak", p.peakRssBytes());
                s.put("points", downsample(p.points()));
                series.add(s);
            }
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("kind", e.getKey());
            k.put("processes", ps.size());
            k.put("series", series);
            if (ps.size() > TOP_PROCESSES) {
                // The others as one line: at each time, the largest RSS among them.
                TreeMap<Long, Long> max = new TreeMap<>();
                for (ProcessSeries p : ps.subList(TOP_PROCESSES, ps.size())) {
                    for (ProcessPoint pt : p.points()) {
                        max.merge(pt.timeMs(), pt.rssBytes(), Math::max);
                    }
                }
                List<ProcessPoint> pts = new ArrayList<>();
                max.forEach((time, rss) -> pts.add(new ProcessPoint(time, rss, null, 0, null)));
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", (ps.size() - TOP_PROCESSES) + " other processes (largest at each time)");
                s.put("peak", max.values().stream().mapToLong(Long::longValue).max().orElse(0));
                s.put("points", downsample(pts));
                series.add(s);
            }
            out.add(k);
        }
        return out;
    }

    private static List<long[]> downsample(List<ProcessPoint> points) {
        int step = Math.max(1, (points.size() + MAX_POINTS - 1) / MAX_POINTS);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i += step) {
            // keep the highest RSS of each step so peaks survive downsampling
            ProcessPoint best = points.get(i);
            for (int j = i + 1; j < Math.min(points.size(), i + step); j++) {
                if (points.get(j).rssBytes() > best.rssBytes()) {
                    best = points.get(j);
                }
            }
            out.add(new long[] {best.timeMs(), best.rssBytes()});
        }
        return out;
    }

    private static List<Map<String, Object>> heap(RunTimeline t) {
        Map<String, List<RunTimeline.JvmPoint>> bySource = new TreeMap<>();
        for (RunTimeline.JvmPoint p : t.jvmSamples()) {
            bySource.computeIfAbsent(p.executorId() + "|" + p.sourceInstance(), k -> new ArrayList<>()).add(p);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<RunTimeline.JvmPoint> ps : bySource.values()) {
            List<ProcessPoint> pts = new ArrayList<>();
            long max = -1;
            for (RunTimeline.JvmPoint p : ps) {
                pts.add(new ProcessPoint(p.timeMs(), p.heapUsed(), null, 0, null));
                max = Math.max(max, p.heapMax());
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", "heap used, executor " + ps.get(0).executorId());
            s.put("peak", pts.stream().mapToLong(ProcessPoint::rssBytes).max().orElse(0));
            s.put("max", max);
            s.put("points", downsample(pts));
            out.add(s);
        }
        return out;
    }
}

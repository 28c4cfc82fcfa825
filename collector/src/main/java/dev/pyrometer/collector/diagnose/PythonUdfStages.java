/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.PythonUdfRow;
import dev.pyrometer.collector.timeline.RunTimeline.PythonWorkerTask;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What each stage ran in Python, one row per stage attempt and Python plan node: the functions,
 * the path (pickled rows or Arrow batches), the tasks' rows, bytes and Python time summed from
 * Spark's Python SQL metrics, and what the workers serving those tasks did with their memory. A
 * stage with Python workers but no Python plan node (an RDD's mapPartitions, a
 * pandas-on-Spark apply without SQL metrics) is one row named by the stage's call site.
 *
 * @param functions     the Python functions, or the stage's name where the plan names none
 * @param node          Spark's node name, or "PythonRDD" for a stage without a Python plan node
 * @param totalGrowthBytes the workers' growth summed over the stage's tasks
 * @param growthBytes   the largest growth of one worker's RSS within one task (peak - start)
 * @param growthPid     that worker's pid (0 when no worker was sampled)
 * @param growthTaskId  that task
 */
public record PythonUdfStages(int stageId, int stageAttempt, String stageName, String node, String path, List<String> functions,
        boolean named, int tasks, long rowsOut, long bytesToPython, long bytesFromPython, long pythonTimeMs, int workerTasks,
        long rssStartBytes, long rssPeakBytes, long totalGrowthBytes, long growthBytes, long growthPid, long growthTaskId, long growthStartBytes,
        long growthPeakBytes) {

    /** "normalize_addr" or "normalize_addr, clean" or the stage's name. */
    public String functionsText() {
        return String.join(", ", functions);
    }

    /**
     * One line for {@code show} and a finding's evidence: "stage 9.0 BatchEvalPython (pickle): pairs_of; 4 tasks,
     * 24,000 rows returned, 1.2 MiB to Python, ...".
     */
    public String describe() {
        PythonUdfStages s = this;
        StringBuilder b = new StringBuilder();
        b.append("stage ").append(s.stageId()).append('.').append(s.stageAttempt()).append(" ").append(s.node()).append(" (")
                .append(s.path()).append("): ").append(s.named() ? s.functionsText() : "'" + s.stageName() + "'").append("; ")
                .append(s.tasks()).append(" tasks");
        if (s.rowsOut() >= 0) {
            b.append(String.format(Locale.ROOT, ", %,d rows returned", s.rowsOut()));
        }
        if (s.bytesToPython() >= 0) {
            b.append(", ").append(Units.bytes(s.bytesToPython())).append(" to Python");
        }
        if (s.bytesFromPython() >= 0) {
            b.append(", ").append(Units.bytes(s.bytesFromPython())).append(" back");
        }
        if (s.pythonTimeMs() >= 0) {
            b.append(", ").append(Units.ms(s.pythonTimeMs())).append(" in Python");
        }
        if (s.workerTasks() > 0) {
            b.append("; worker RSS ").append(Units.bytes(s.rssStartBytes())).append(" -> ").append(Units.bytes(s.rssPeakBytes()))
                    .append(", at most +").append(Units.bytes(s.growthBytes())).append(" in one task (pid ").append(s.growthPid())
                    .append(")");
        }
        return b.toString();
    }

    /** One row per stage attempt and Python node, in stage order. */
    public static List<PythonUdfStages> of(RunTimeline t) {
        Map<Long, Task> tasks = new HashMap<>();
        for (Task task : t.tasks()) {
            tasks.put(task.taskId(), task);
        }
        Map<String, Stage> stages = new HashMap<>();
        for (Stage s : t.stages()) {
            stages.put(s.stageId() + "." + s.attemptId(), s);
        }
        // Per stage attempt: its workers' stays.
        Map<String, List<PythonWorkerTask>> workersByStage = new LinkedHashMap<>();
        for (PythonWorkerTask w : t.pythonWorkerTasks()) {
            Task task = tasks.get(w.taskId());
            if (task != null) {
                workersByStage.computeIfAbsent(task.stageId() + "." + task.stageAttempt(), k -> new ArrayList<>()).add(w);
            }
        }
        // Per stage attempt and node: the tasks' metrics.
        Map<String, List<PythonUdfRow>> byNode = new LinkedHashMap<>();
        Set<String> stagesWithNodes = new LinkedHashSet<>();
        for (PythonUdfRow r : t.pythonUdfs()) {
            String stage = r.stageId() + "." + r.stageAttempt();
            stagesWithNodes.add(stage);
            byNode.computeIfAbsent(stage + "|" + r.executionId() + "|" + r.node() + "|" + r.functions(), k -> new ArrayList<>())
                    .add(r);
        }
        List<PythonUdfStages> out = new ArrayList<>();
        for (List<PythonUdfRow> rows : byNode.values()) {
            PythonUdfRow first = rows.get(0);
            String stage = first.stageId() + "." + first.stageAttempt();
            Set<Long> taskIds = new LinkedHashSet<>();
            long[] sums = {-1, -1, -1, -1};
            for (PythonUdfRow r : rows) {
                taskIds.add(r.taskId());
                sums[0] = add(sums[0], r.rowsOut());
                sums[1] = add(sums[1], r.bytesToPython());
                sums[2] = add(sums[2], r.bytesFromPython());
                sums[3] = add(sums[3], r.pythonTimeMs());
            }
            List<PythonWorkerTask> workers = workersByStage.getOrDefault(stage, List.of()).stream()
                    .filter(w -> taskIds.contains(w.taskId())).toList();
            boolean named = !first.functions().isEmpty();
            out.add(row(stages.get(stage), first.stageId(), first.stageAttempt(), first.node(), first.path(),
                    named ? first.functions() : null, taskIds.size(), sums, workers));
        }
        for (Map.Entry<String, List<PythonWorkerTask>> e : workersByStage.entrySet()) {
            if (stagesWithNodes.contains(e.getKey())) {
                continue;
            }
            Task any = tasks.get(e.getValue().get(0).taskId());
            Set<Long> taskIds = new LinkedHashSet<>();
            e.getValue().forEach(w -> taskIds.add(w.taskId()));
            out.add(row(stages.get(e.getKey()), any.stageId(), any.stageAttempt(), "PythonRDD", "pickle", null, taskIds.size(),
                    new long[] {-1, -1, -1, -1}, e.getValue()));
        }
        out.sort((a, b) -> a.stageId() != b.stageId() ? Integer.compare(a.stageId(), b.stageId())
                : Integer.compare(a.stageAttempt(), b.stageAttempt()));
        return out;
    }

    private static PythonUdfStages row(Stage stage, int stageId, int attempt, String node, String path, List<String> functions,
            int taskCount, long[] sums, List<PythonWorkerTask> workers) {
        String stageName = stage == null ? "stage " + stageId : stage.name();
        long start = Long.MAX_VALUE;
        long peak = 0;
        PythonWorkerTask grown = null;
        long total = 0;
        for (PythonWorkerTask w : workers) {
            total += w.growthBytes();
            start = Math.min(start, w.rssStartBytes());
            peak = Math.max(peak, w.rssPeakBytes());
            if (grown == null || w.growthBytes() > grown.growthBytes()) {
                grown = w;
            }
        }
        return new PythonUdfStages(stageId, attempt, stageName, node, path, functions == null ? List.of(stageName) : functions,
                functions != null, taskCount, sums[0], sums[1], sums[2], sums[3], workers.size(),
                workers.isEmpty() ? -1 : start, workers.isEmpty() ? -1 : peak, total, grown == null ? 0 : grown.growthBytes(),
                grown == null ? 0 : grown.pid(), grown == null ? -1 : grown.taskId(), grown == null ? -1 : grown.rssStartBytes(),
                grown == null ? -1 : grown.rssPeakBytes());
    }

    /** A sum where -1 means "not measured": -1 + -1 stays -1, anything measured counts. */
    private static long add(long sum, long v) {
        if (v < 0) {
            return sum;
        }
        return sum < 0 ? v : sum + v;
    }
}

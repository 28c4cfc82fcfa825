/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.PythonWorkerTask;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Python side one level below the executor: which Python function's workers grew most while
 * serving a task, a reused worker whose memory keeps rising from task to task (a leak in the
 * worker), and a UDF evaluated by pickling although Arrow was switched on. Built on
 * {@link PythonUdfStages} (the functions from the SQL plan, the memory from the agent's samples of
 * each worker, tagged with the task it served).
 */
public final class PythonUdfRules {
    /** Growth of one worker within one task that is worth a note. */
    static final long NOTE_GROWTH = 256L << 20;
    /** ... and a warning. */
    static final long WARN_GROWTH = 1L << 30;
    /** A worker whose RSS at the start of its tasks rose by this much over at least {@link #LEAK_TASKS} tasks. */
    static final long LEAK_RISE = 128L << 20;
    static final int LEAK_TASKS = 3;
    /** The share of a streak's rise a task must leave behind to count as part of it, and to name its stage. */
    static final double LEAK_SHARE = 0.10;
    /** A rise between two consecutive tasks smaller than this is noise, not a step of the leak. */
    private static final long STEP = 1L << 20;
    private static final int MAX_LINES = 8;
    static final String ARROW_UDF_CONF = "spark.sql.execution.pythonUDF.arrow.enabled";

    private PythonUdfRules() {
    }

    public static List<Finding> of(RunTimeline t) {
        List<PythonUdfStages> stages = PythonUdfStages.of(t);
        List<Finding> out = new ArrayList<>();
        growth(stages, out);
        leaks(t, stages, out);
        pickledWithArrowOn(t, stages, out);
        return out;
    }

    private static void growth(List<PythonUdfStages> stages, List<Finding> out) {
        PythonUdfStages top = stages.stream().max(Comparator.comparingLong(PythonUdfStages::growthBytes)).orElse(null);
        if (top == null || top.growthBytes() < NOTE_GROWTH) {
            return;
        }
        List<String> ev = new ArrayList<>();
        stages.stream().filter(s -> s.growthBytes() > 0).sorted(Comparator.comparingLong(PythonUdfStages::growthBytes).reversed())
                .limit(MAX_LINES).forEach(s -> ev.add(s.describe()));
        String what = top.named() ? top.functionsText() : "'" + top.stageName() + "'";
        out.add(new Finding("python-udf-growth", top.growthBytes() >= WARN_GROWTH ? Finding.Severity.WARNING : Finding.Severity.INFO,
                "memory/python-udf",
                String.format(Locale.ROOT, "pid %d running %s in stage %d grew from %s to %s", top.growthPid(), what, top.stageId(),
                        Units.bytes(top.growthStartBytes()), Units.bytes(top.growthPeakBytes())),
                "The Python worker serving task " + top.growthTaskId() + " of stage " + top.stageId() + " ('" + top.stageName()
                        + "', " + top.node() + ", " + top.path() + ") grew by " + Units.bytes(top.growthBytes())
                        + " while the task ran; its workers grew by " + Units.bytes(top.totalGrowthBytes()) + " over the stage's "
                        + top.workerTasks() + " sampled tasks" + perRow(top) + ". This memory is outside the JVM's heap: it "
                        + "counts against the executor's memory overhead, where YARN and Kubernetes kill the container.",
                "Bound what one call holds: iterate over batches (mapInPandas or a pandas UDF over an iterator, fewer rows "
                        + "per Arrow batch with spark.sql.execution.arrow.maxRecordsPerBatch), do not collect a whole partition or "
                        + "group in the function, and give the workers room (spark.executor.pyspark.memory, "
                        + "spark.executor.memoryOverhead).",
                ev));
    }

    private static String perRow(PythonUdfStages s) {
        return s.rowsOut() > 0 ? String.format(Locale.ROOT, " (%s per 1,000 rows returned)",
                Units.bytes(s.totalGrowthBytes() * 1000 / s.rowsOut())) : "";
    }

    /**
     * A worker that started at least {@link #LEAK_TASKS} tasks in a row each bigger than the one
     * before (one task that did not, between two that did, keeps the streak), by {@link #LEAK_RISE}
     * or more in all: memory a task leaves behind (module-level caches, lists a closure appends to)
     * that the next task on the reused worker inherits. The streak is what is judged, not the
     * worker's whole life: a worker that served other stages first starts leaking with the stage
     * that leaks, and the finding names that stage.
     */
    private static void leaks(RunTimeline t, List<PythonUdfStages> stages, List<Finding> out) {
        Map<String, List<PythonWorkerTask>> byWorker = new LinkedHashMap<>();
        for (PythonWorkerTask w : t.pythonWorkerTasks()) {
            byWorker.computeIfAbsent(w.executorId() + "/" + w.pid(), k -> new ArrayList<>()).add(w);
        }
        Map<Long, Task> tasks = new HashMap<>();
        t.tasks().forEach(task -> tasks.put(task.taskId(), task));
        Map<Integer, String> namesByStage = new HashMap<>();
        stages.forEach(s -> namesByStage.merge(s.stageId(), s.named() ? s.functionsText() : "'" + s.stageName() + "'",
                (a, b) -> a.equals(b) ? a : a + ", " + b));
        int n = 0;
        for (List<PythonWorkerTask> stays : byWorker.values()) {
            stays.sort(Comparator.comparingLong(PythonWorkerTask::firstMs));
            int[] streak = longestGrowth(stays);
            if (streak == null) {
                continue;
            }
            List<PythonWorkerTask> grew = stays.subList(streak[0], streak[1] + 1);
            int rises = streak[2];
            PythonWorkerTask first = grew.get(0);
            PythonWorkerTask last = grew.get(grew.size() - 1);
            long total = last.rssStartBytes() - first.rssStartBytes();
            Set<String> ran = new LinkedHashSet<>();
            Set<String> allRan = new LinkedHashSet<>();
            List<String> ev = new ArrayList<>();
            for (int i = 0; i < grew.size(); i++) {
                PythonWorkerTask w = grew.get(i);
                Task task = tasks.get(w.taskId());
                // What the task left to the next one (the last: what it grew by itself) names its stage.
                long left = i + 1 < grew.size() ? grew.get(i + 1).rssStartBytes() - w.rssStartBytes()
                        : w.rssPeakBytes() - w.rssStartBytes();
                if (task != null) {
                    String name = namesByStage.getOrDefault(task.stageId(), "stage " + task.stageId());
                    allRan.add(name);
                    if (left >= LEAK_SHARE * total) {
                        ran.add(name);
                    }
                }
                if (ev.size() < MAX_LINES) {
                    ev.add("task " + w.taskId() + (task == null ? "" : " (stage " + task.stageId() + ")") + ": RSS "
                            + Units.bytes(w.rssStartBytes()) + " at its start, peak " + Units.bytes(w.rssPeakBytes()));
                }
            }
            if (grew.size() > MAX_LINES) {
                ev.add("... " + (grew.size() - MAX_LINES) + " more tasks of the streak");
            }
            String served = grew.size() == stays.size() ? "" : " (of the " + stays.size() + " it served)";
            out.add(new Finding("python-worker-leak-" + (++n), Finding.Severity.WARNING, "memory/python-worker-leak",
                    String.format(Locale.ROOT, "Python worker pid %d on executor %s kept growing across %d tasks in a row%s "
                            + "(%s -> %s at the start of each): a leak in the worker", first.pid(), first.executorId(),
                            grew.size(), served, Units.bytes(first.rssStartBytes()), Units.bytes(last.rssStartBytes())),
                    "A reused Python worker (spark.python.worker.reuse, on by default) started " + rises + " of "
                            + (grew.size() - 1) + " tasks in a row bigger than the one before, running "
                            + (!ran.isEmpty() ? String.join("; ", ran) : allRan.isEmpty() ? "stages no longer in the run"
                                    : String.join("; ", allRan))
                            + ". What one task leaves behind, the next inherits, until the worker is killed for memory.",
                    "Look for module-level caches and globals the function appends to, or objects held by a closure; "
                            + "spark.python.worker.reuse=false gives each task a fresh worker and confirms it.",
                    ev));
        }
    }

    /**
     * The stays (in time order) over which the worker grew most: {from, to, rises}, or null when no
     * streak of at least {@link #LEAK_TASKS} stays, with rises on three quarters of its steps,
     * rose by {@link #LEAK_RISE} and kept at least half of that in every later start. A streak ends
     * at a start that fell, or at a second step in a row without a rise.
     */
    static int[] longestGrowth(List<PythonWorkerTask> stays) {
        // The lowest start from each stay on: growth a later task gives back was a cache emptied, not a leak.
        long[] lowestFrom = new long[stays.size() + 1];
        lowestFrom[stays.size()] = Long.MAX_VALUE;
        for (int i = stays.size() - 1; i >= 0; i--) {
            lowestFrom[i] = Math.min(lowestFrom[i + 1], stays.get(i).rssStartBytes());
        }
        int[] best = null;
        long bestRise = 0;
        int from = -1;
        int lastRise = -1;
        int rises = 0;
        for (int i = 1; i < stays.size(); i++) {
            long before = stays.get(i - 1).rssStartBytes();
            long now = stays.get(i).rssStartBytes();
            if (now < before - STEP) {
                from = -1;
                continue;
            }
            if (now <= before + STEP) {
                continue;
            }
            if (from < 0 || i - lastRise > 2) {
                from = i - 1;
                rises = 0;
            }
            rises++;
            lastRise = i;
            long rise = now - stays.get(from).rssStartBytes();
            boolean kept = lowestFrom[i + 1] == Long.MAX_VALUE || lowestFrom[i + 1] >= stays.get(from).rssStartBytes() + rise / 2;
            if (i - from + 1 >= LEAK_TASKS && rise >= LEAK_RISE && rises >= 0.75 * (i - from) && kept && rise > bestRise) {
                best = new int[] {from, i, rises};
                bestRise = rise;
            }
        }
        if (best == null) {
            return null;
        }
        // A warm-up's few MiB (imports, first caches) before the leak are no part of it: the streak
        // starts at the first task that left a real share of the rise.
        int head = best[0];
        int tail = best[1];
        long total = start(stays, tail) - start(stays, head);
        while (tail - head + 1 > LEAK_TASKS && start(stays, head + 1) - start(stays, head) < LEAK_SHARE * total
                && start(stays, tail) - start(stays, head + 1) >= LEAK_RISE) {
            head++;
        }
        int counted = 0;
        for (int i = head + 1; i <= tail; i++) {
            if (start(stays, i) > start(stays, i - 1) + STEP) {
                counted++;
            }
        }
        return new int[] {head, tail, counted};
    }

    private static long start(List<PythonWorkerTask> stays, int i) {
        return stays.get(i).rssStartBytes();
    }

    private static void pickledWithArrowOn(RunTimeline t, List<PythonUdfStages> stages, List<Finding> out) {
        Map<String, String> conf = t.app().conf();
        if (conf == null || !"true".equalsIgnoreCase(conf.getOrDefault(ARROW_UDF_CONF, "").trim())) {
            return;
        }
        List<String> ev = new ArrayList<>();
        for (PythonUdfStages s : stages) {
            if (s.node().startsWith("BatchEvalPython")) {
                ev.add("stage " + s.stageId() + ": " + s.functionsText() + " (" + s.node() + ")");
            }
        }
        if (ev.isEmpty()) {
            return;
        }
        out.add(new Finding("python-udf-pickled", Finding.Severity.INFO, "slowness/python-path",
                ev.size() + " Python UDF stage(s) exchanged pickled rows although " + ARROW_UDF_CONF + "=true",
                "With Arrow on, Spark plans a Python UDF as ArrowEvalPython; it falls back to BatchEvalPython (pickled rows) "
                        + "when pandas or pyarrow is missing where the query was planned, or for a type Arrow cannot carry.",
                "Install pandas and pyarrow on the driver and the executors, or declare the UDF's types so Arrow can carry them.",
                ev));
    }
}

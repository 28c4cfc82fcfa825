/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.Executor;
import dev.pyrometer.collector.timeline.RunTimeline.Failure;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import dev.pyrometer.collector.timeline.RunTimeline.Job;
import dev.pyrometer.collector.timeline.RunTimeline.JvmPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessKind;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessSeries;
import dev.pyrometer.collector.timeline.RunTimeline.Py4jOutlier;
import dev.pyrometer.collector.timeline.RunTimeline.Py4jStat;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as plain data, healthy by default: two executors of 2 cores, one job per stage of 8 equal
 * tasks (64 MiB, 4 s each, little GC), memory well under its limits. Tests bend one thing.
 */
final class RunFixture {
    static final long T0 = 1_763_700_000_000L;
    static final long MIB = 1L << 20;

    String runId = "app-1";
    String series = "";
    Map<String, String> conf = new HashMap<>(Map.of("spark.master", "yarn", "spark.executor.memory", "4g",
            "spark.executor.memoryOverhead", "1g", "spark.executor.pyspark.memory", "1g"));
    final List<Job> jobs = new ArrayList<>();
    final List<Stage> stages = new ArrayList<>();
    final List<Task> tasks = new ArrayList<>();
    final List<Executor> executors = new ArrayList<>();
    final List<ProcessSeries> processes = new ArrayList<>();
    final List<JvmPoint> jvm = new ArrayList<>();
    final List<Py4jStat> py4j = new ArrayList<>();
    final List<Py4jOutlier> outliers = new ArrayList<>();
    final List<Failure> failures = new ArrayList<>();
    final List<RunTimeline.PythonDumpRow> pythonDumps = new ArrayList<>();
    final List<RunTimeline.PythonUdfRow> pythonUdfs = new ArrayList<>();
    final List<RunTimeline.PythonWorkerTask> pythonWorkerTasks = new ArrayList<>();
    long startMs = T0;
    long endMs = -1;
    private long clock = T0 + 1_000;
    private long nextTask;

    static RunFixture healthy(int stageCount) {
        RunFixture r = new RunFixture();
        r.executors.add(new Executor("1", "w1", 2, T0, -1, null, 0, 0, 0));
        r.executors.add(new Executor("2", "w2", 2, T0, -1, null, 0, 0, 0));
        for (int s = 0; s < stageCount; s++) {
            long[] dur = new long[8];
            long[] bytes = new long[8];
            java.util.Arrays.fill(dur, 4_000);
            java.util.Arrays.fill(bytes, 64 * MIB);
            r.stage("stage " + s, dur, bytes);
        }
        r.memory("1", 1_500 * MIB, 4096 * MIB, 2_000 * MIB, 300 * MIB);
        r.memory("2", 1_400 * MIB, 4096 * MIB, 1_900 * MIB, 280 * MIB);
        r.py4j.add(new Py4jStat("driver", T0, r.clock, "org.apache.spark.sql.Dataset", "count", 40, 0, 200_000, 20_000, 400, 20));
        return r;
    }

    /** A stage (and its job) whose tasks take these durations and read these bytes, 4 at a time. */
    Stage stage(String name, long[] durations, long[] inputBytes) {
        int id = stages.size();
        long submit = clock;
        long[] slots = new long[4];
        java.util.Arrays.fill(slots, submit);
        for (int i = 0; i < durations.length; i++) {
            int slot = 0;
            for (int k = 1; k < 4; k++) {
                if (slots[k] < slots[slot]) {
                    slot = k;
                }
            }
            long launch = slots[slot];
            long finish = launch + durations[i];
            slots[slot] = finish;
            String exec = slot < 2 ? "1" : "2";
            tasks.add(new Task(nextTask++, id, 0, i, 0, exec, "w" + exec, launch, finish, TaskStatus.SUCCESS, false,
                    durations[i] - 10, durations[i] / 2, durations[i] / 50, inputBytes[i], 0, 0, 0, 1_000, 0,
                    1_000 * MIB, 200 * MIB, null));
        }
        long end = java.util.Arrays.stream(slots).max().orElse(submit) + 5;
        long total = java.util.Arrays.stream(inputBytes).sum();
        Stage s = new Stage(id, 0, id, name, durations.length, submit, end, null, durations.length, 0, total, 0, 0, 0,
                java.util.Arrays.stream(durations).sum());
        stages.add(s);
        jobs.add(new Job(id, submit - 1, end + 1, true, name, name, null, List.of(id), durations.length, null, null));
        clock = end + 200;
        endMs = clock + 500;
        return s;
    }

    /** The driver works alone for a while: no task runs. */
    void pause(long ms) {
        clock += ms;
        endMs = clock + 500;
    }

    /** The same task with other GC time and spill. */
    static Task withGcAndSpill(Task t, long gcMs, long spillBytes) {
        return new Task(t.taskId(), t.stageId(), t.stageAttempt(), t.index(), t.attempt(), t.executorId(), t.host(),
                t.launchMs(), t.finishMs(), t.status(), t.speculative(), t.runTimeMs(), t.cpuMs(), gcMs, t.inputBytes(),
                t.shuffleReadBytes(), t.shuffleWriteBytes(), spillBytes, t.resultBytes(), t.peakExecutionMemory(),
                t.peakJvmHeap(), t.peakPythonRss(), t.failureKind());
    }

    /** The same task with other shuffle write bytes. */
    static Task withWrites(Task t, long shuffleWriteBytes) {
        return new Task(t.taskId(), t.stageId(), t.stageAttempt(), t.index(), t.attempt(), t.executorId(), t.host(),
                t.launchMs(), t.finishMs(), t.status(), t.speculative(), t.runTimeMs(), t.cpuMs(), t.gcMs(), t.inputBytes(),
                t.shuffleReadBytes(), shuffleWriteBytes, t.spillBytes(), t.resultBytes(), t.peakExecutionMemory(),
                t.peakJvmHeap(), t.peakPythonRss(), t.failureKind());
    }

    /** The same task with these record counts. */
    static Task withRecords(Task t, long input, long shuffleRead, long shuffleWrite, long output) {
        return new Task(t.taskId(), t.stageId(), t.stageAttempt(), t.index(), t.attempt(), t.executorId(), t.host(),
                t.launchMs(), t.finishMs(), t.status(), t.speculative(), t.runTimeMs(), t.cpuMs(), t.gcMs(), t.inputBytes(),
                t.shuffleReadBytes(), t.shuffleWriteBytes(), t.spillBytes(), t.resultBytes(), t.peakExecutionMemory(),
                t.peakJvmHeap(), t.peakPythonRss(), t.failureKind(), input, shuffleRead, shuffleWrite, output);
    }

    /** The same task reading this from a shuffle instead of its input. */
    static Task withShuffleRead(Task t, long bytes, long records) {
        return new Task(t.taskId(), t.stageId(), t.stageAttempt(), t.index(), t.attempt(), t.executorId(), t.host(),
                t.launchMs(), t.finishMs(), t.status(), t.speculative(), t.runTimeMs(), t.cpuMs(), t.gcMs(), 0, bytes,
                t.shuffleWriteBytes(), t.spillBytes(), t.resultBytes(), t.peakExecutionMemory(), t.peakJvmHeap(),
                t.peakPythonRss(), t.failureKind(), 0, records, 0, 0);
    }

    /** Replaces every task of stage {@code stageId} through {@code f}. */
    void mapTasks(int stageId, java.util.function.UnaryOperator<Task> f) {
        tasks.replaceAll(t -> t.stageId() == stageId ? f.apply(t) : t);
    }

    static long[] repeat(long v, int n) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** JVM samples every second of the run and one Python worker per executor. */
    void memory(String exec, long heapPeak, long heapMax, long rssPeak, long pythonPeak) {
        List<ProcessPoint> pts = new ArrayList<>();
        for (long t = T0 + 1_000; t < clock; t += 1_000) {
            jvm.add(new JvmPoint("exe-" + exec, exec, t, heapPeak * 9 / 10, heapMax, heapMax, 100 * MIB, 0, 0, 0,
                    rssPeak * 9 / 10, 0, null));
            pts.add(new ProcessPoint(t, pythonPeak * 9 / 10, null, 0, null));
        }
        long mid = T0 + (clock - T0) / 2;
        jvm.add(new JvmPoint("exe-" + exec, exec, mid, heapPeak, heapMax, heapMax, 100 * MIB, 0, 0, 0, rssPeak, 0, null));
        pts.add(new ProcessPoint(mid + 1, pythonPeak, null, 0, null));
        pts.sort(java.util.Comparator.comparingLong(ProcessPoint::timeMs));
        processes.add(new ProcessSeries("exe-" + exec, exec, "w" + exec, 4000 + processes.size(), 3999, ProcessKind.PYTHON_WORKER,
                "python -m pyspark.daemon", T0, T0 + 1_000, clock, false, pythonPeak, pts));
    }

    /** A failed attempt of a new task in stage 0, with the failure as the listener reports it. */
    Task failTask(String exec, int partition, String kind, String className, String message, String stackTrace) {
        long id = nextTask++;
        long at = T0 + 2_000 + id;
        Task t = new Task(id, 0, 0, partition, 1, exec, "w" + exec, at - 500, at, TaskStatus.FAILED, false, 490, 100, 0, 0, 0, 0, 0,
                0, 0, 0, 0, FailureKind.of(kind));
        tasks.add(t);
        failures.add(new Failure(at, FailureScope.TASK, Long.toString(id), exec, FailureKind.of(kind), className, message, stackTrace));
        return t;
    }

    RunTimeline timeline() {
        RunTimeline.App app = new RunTimeline.App(runId, runId, null, "fixture", series, Map.of(), "alice", "3.5.9",
                conf.getOrDefault("spark.master", "local[2]"), "3.11", startMs, endMs, 0, true, "driver-host", Map.copyOf(conf));
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort(java.util.Comparator.comparingLong(Task::launchMs));
        return new RunTimeline(app, RunStatus.COMPLETE, List.copyOf(jobs), List.copyOf(stages), sorted,
                List.copyOf(executors), List.copyOf(processes), List.copyOf(jvm), List.copyOf(py4j), List.copyOf(outliers),
                List.of(), List.copyOf(failures), new RunTimeline.Loss(List.of(), 0), List.of(), Map.of(), 100,
                dev.pyrometer.collector.timeline.ConnectTimeline.NONE, List.copyOf(pythonDumps), List.copyOf(pythonUdfs),
                List.copyOf(pythonWorkerTasks));
    }

    static String text(String fixture) {
        try (InputStream in = RunFixture.class.getResourceAsStream(fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("fixture " + fixture + " missing", e);
        }
    }

    static List<Finding> alarms(List<Finding> findings) {
        return findings.stream().filter(f -> f.severity().isAlarm()).toList();
    }
}

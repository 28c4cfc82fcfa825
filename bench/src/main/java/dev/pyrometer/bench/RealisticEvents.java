/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.event.ApplicationEnd;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.ExecutorAdded;
import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.JvmSample;
import dev.pyrometer.event.LatencyHistogram;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessKind;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.Py4jCallStats;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.Source;
import dev.pyrometer.event.StageCompleted;
import dev.pyrometer.event.StageSubmitted;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskMetrics;
import dev.pyrometer.event.TaskStart;
import dev.pyrometer.event.TaskStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Payloads with the sizes and shapes real runs produce, for benchmarks. */
public final class RealisticEvents {
    private RealisticEvents() {
    }

    public static Object payload(String type) {
        switch (type) {
            case "TaskEnd":
                return taskEnd(123_456L);
            case "JobStart":
                return JobStart.newBuilder().setJobId(17).setSubmissionTimeMs(1_700_000_000_000L)
                        .setStageIds(Arrays.asList(40, 41, 42)).setDescription("count at /home/user/jobs/etl.py:88")
                        .setCallSite("count at /home/user/jobs/etl.py:88").setTotalTasks(400).build();
            case "JvmSample":
                Map<String, Long> gcCount = new HashMap<>();
                gcCount.put("G1 Young Generation", 120L);
                gcCount.put("G1 Old Generation", 2L);
                return JvmSample.newBuilder().setHeapUsed(700L << 20).setHeapCommitted(1L << 30).setHeapMax(4L << 30)
                        .setNonHeapUsed(90L << 20).setNonHeapCommitted(100L << 20).setDirectBufferBytes(12L << 20)
                        .setGcCount(gcCount).setGcTimeMs(gcCount).setThreadCount(88).setProcessCpuNanos(9_000_000_000L)
                        .setRssBytes(1_400L << 20).build();
            case "ProcessTreeSample":
                List<ProcessInfo> ps = new ArrayList<>();
                ps.add(proc(1000, 1, ProcessKind.JVM, "java -cp /opt/spark/jars/* org.apache.spark.executor.CoarseGrainedExecutorBackend"));
                ps.add(proc(1100, 1000, ProcessKind.PYTHON_DAEMON, "python3 -m pyspark.daemon"));
                for (int i = 0; i < 6; i++) {
                    ps.add(proc(1200 + i, 1100, ProcessKind.PYTHON_WORKER, "python3 -m pyspark.daemon"));
                }
                return ProcessTreeSample.newBuilder().setProcesses(ps).build();
            case "Py4jCallStats":
                return Py4jCallStats.newBuilder().setIntervalStartMicros(1_700_000_000_000_000L).setIntervalEndMicros(1_700_000_001_000_000L)
                        .setTargetClass("org.apache.spark.sql.Dataset").setMethod("collectToPython").setCount(12).setTotalMicros(40_000)
                        .setMaxMicros(9000).setTotalResponseChars(4096).setMaxResponseChars(512)
                        .setLatency(LatencyHistogram.newBuilder()
                                .setBucketUpperMicros(Arrays.asList(4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, Long.MAX_VALUE))
                                .setCounts(Arrays.asList(0L, 0L, 1L, 3L, 5L, 2L, 1L, 0L)).build())
                        .build();
            default:
                throw new IllegalArgumentException("no realistic sample for " + type);
        }
    }

    public static TaskEnd taskEnd(long taskId) {
        TaskMetrics m = TaskMetrics.newBuilder()
                .setExecutorDeserializeTimeMs(3).setExecutorDeserializeCpuNanos(2_100_000).setExecutorRunTimeMs(1234)
                .setExecutorCpuNanos(987_654_321L).setJvmGcTimeMs(12).setResultSizeBytes(2048)
                .setInputBytesRead(64L << 20).setInputRecordsRead(1_000_000).setShuffleBytesWritten(12L << 20)
                .setShuffleRecordsWritten(50_000).setShuffleWriteTimeNanos(3_000_000).setPeakExecutionMemoryBytes(32L << 20)
                .build();
        Map<String, Long> peaks = new HashMap<>();
        peaks.put("JVMHeapMemory", 300L << 20);
        peaks.put("OnHeapExecutionMemory", 32L << 20);
        peaks.put("ProcessTreePythonRSSMemory", 180L << 20);
        return TaskEnd.newBuilder().setTaskId(taskId).setIndex((int) (taskId % 200)).setStageId(3)
                .setExecutorId("1").setHost("10.0.3.17").setLocality("PROCESS_LOCAL")
                .setLaunchTimeMs(1_700_000_000_000L).setFinishTimeMs(1_700_000_001_234L)
                .setTaskType("ShuffleMapTask").setStatus(TaskStatus.SUCCESS).setMetrics(m).setExecutorMetricPeaks(peaks)
                .build();
    }

    public static Event envelope(Object payload, long seq) {
        return new Event(RunRef.newBuilder().setAppId("app-20261121010203-0042").setSeries("etl-nightly").build(),
                Source.newBuilder().setRole(Role.EXECUTOR).setExecutorId("1").setHost("10.0.3.17").setPid(31337)
                        .setInstanceId("5f0c3a43-3d4e-4b8a-9a55-2f1f3c0d9e11").setProducer("listener+agent").build(),
                seq, 1_700_000_001_234_567L, payload);
    }

    /**
     * The events of one run of about {@code targetEvents}, in the order its sources emit them:
     * the driver's listener (application, executors, one job and stage per 200 tasks, a start and
     * an end per task, Py4J stats per stage) and, per executor, a JVM sample and an 8-process tree
     * sample for every 25 tasks it ran (about one per second of 40 ms tasks), then self metrics
     * and the application end. Task ends share their metrics objects to keep a million events
     * in a benchmark's heap.
     */
    public static List<Event> run(String appId, int targetEvents) {
        final int executors = 4;
        final int tasksPerStage = 200;
        RunRef ref = RunRef.newBuilder().setAppId(appId).setSeries("etl-nightly").build();
        Source driver = source(ref, Role.DRIVER, "driver", 100, "drv-" + appId);
        List<Source> execs = new ArrayList<>();
        for (int e = 1; e <= executors; e++) {
            execs.add(source(ref, Role.EXECUTOR, Integer.toString(e), 100 + e, "exe" + e + "-" + appId));
        }
        long[] seqs = new long[executors + 1];
        List<Event> out = new ArrayList<>(targetEvents + 64);
        long t = 1_700_000_000_000L;
        out.add(event(ref, driver, seqs, 0, t, ApplicationStart.newBuilder().setAppName("etl").setUser("alice").setStartTimeMs(t)
                .setSparkVersion("3.5.9").setMaster("spark://m:7077").setPythonVersion("3.11").build()));
        for (int e = 0; e < executors; e++) {
            out.add(event(ref, driver, seqs, 0, t, ExecutorAdded.newBuilder().setExecutorId(execs.get(e).getExecutorId())
                    .setTimeMs(t).setHost(execs.get(e).getHost()).setTotalCores(2).build()));
        }
        TaskEnd template = taskEnd(0);
        Object jvm = payload("JvmSample");
        Object tree = payload("ProcessTreeSample");
        Object py4j = payload("Py4jCallStats");
        long taskId = 0;
        int stage = 0;
        // Per stage: 2 + 2 per task + 2 samples per 25 tasks per executor, about 2.09 events per task.
        while (out.size() + 2 * tasksPerStage + 40 < targetEvents) {
            out.add(event(ref, driver, seqs, 0, t, JobStart.newBuilder().setJobId(stage).setSubmissionTimeMs(t)
                    .setStageIds(Arrays.asList(stage)).setDescription("count at etl.py:" + stage)
                    .setCallSite("etl.py:" + stage).setTotalTasks(tasksPerStage).build()));
            out.add(event(ref, driver, seqs, 0, t, StageSubmitted.newBuilder().setStageId(stage).setAttemptId(0)
                    .setName("count at etl.py:" + stage).setNumTasks(tasksPerStage).setSubmissionTimeMs(t).setJobId(stage).build()));
            for (int i = 0; i < tasksPerStage; i++) {
                int e = i % executors;
                Source ex = execs.get(e);
                long launch = t + (i / executors) * 40L;
                long id = taskId++;
                out.add(event(ref, driver, seqs, 0, launch, TaskStart.newBuilder().setTaskId(id).setIndex(i).setStageId(stage)
                        .setExecutorId(ex.getExecutorId()).setHost(ex.getHost()).setLaunchTimeMs(launch)
                        .setLocality("PROCESS_LOCAL").build()));
                if (i / executors % 25 == 0) {
                    out.add(event(ref, ex, seqs, e + 1, launch + 20, jvm));
                    out.add(event(ref, ex, seqs, e + 1, launch + 20, tree));
                }
                TaskEnd end = new TaskEnd();
                template.getSchema().getFields().forEach(f -> end.put(f.pos(), template.get(f.pos())));
                end.setTaskId(id);
                end.setIndex(i);
                end.setStageId(stage);
                end.setExecutorId(ex.getExecutorId());
                end.setHost(ex.getHost());
                end.setLaunchTimeMs(launch);
                end.setFinishTimeMs(launch + 38);
                out.add(event(ref, driver, seqs, 0, launch + 38, end));
            }
            t += (tasksPerStage / executors) * 40L + 5;
            out.add(event(ref, driver, seqs, 0, t, StageCompleted.newBuilder().setStageId(stage).setAttemptId(0)
                    .setName("count at etl.py:" + stage).setNumTasks(tasksPerStage).setSubmissionTimeMs(t)
                    .setCompletionTimeMs(t).build()));
            out.add(event(ref, driver, seqs, 0, t, JobEnd.newBuilder().setJobId(stage).setCompletionTimeMs(t).setSucceeded(true).build()));
            out.add(event(ref, driver, seqs, 0, t, py4j));
            stage++;
            t += 10;
        }
        for (int e = 0; e < executors; e++) {
            out.add(event(ref, execs.get(e), seqs, e + 1, t, SelfMetrics.newBuilder().setOffered(seqs[e + 1] + 1)
                    .setSent(seqs[e + 1] + 1).build()));
        }
        out.add(event(ref, driver, seqs, 0, t, SelfMetrics.newBuilder().setOffered(seqs[0] + 2).setSent(seqs[0] + 2).build()));
        out.add(event(ref, driver, seqs, 0, t + 1, ApplicationEnd.newBuilder().setEndTimeMs(t + 1).build()));
        return out;
    }

    private static Source source(RunRef ref, Role role, String executorId, long pid, String instanceId) {
        return Source.newBuilder().setRole(role).setExecutorId(executorId).setHost(role == Role.DRIVER ? "10.0.3.1" : "10.0.3.17")
                .setPid(pid).setInstanceId(instanceId).setProducer("listener+agent").build();
    }

    private static Event event(RunRef ref, Source src, long[] seqs, int source, long timeMs, Object payload) {
        return new Event(ref, src, seqs[source]++, timeMs * 1000, payload);
    }

    private static ProcessInfo proc(long pid, long ppid, ProcessKind kind, String cmd) {
        return ProcessInfo.newBuilder().setPid(pid).setPpid(ppid).setKind(kind).setCommand(cmd)
                .setRssBytes(200L << 20).setPssBytes(150L << 20).setPrivateBytes(140L << 20).setSharedBytes(60L << 20)
                .setCpuNanos(5_000_000_000L).setStartTimeMicros(1_700_000_000_000_000L).setFirstSeenMicros(1_700_000_000_500_000L)
                .build();
    }
}

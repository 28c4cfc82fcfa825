/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.event.ApplicationEnd;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.ExceptionInfo;
import dev.pyrometer.event.ExecutorAdded;
import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.JvmSample;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessKind;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.Py4jCallOutlier;
import dev.pyrometer.event.Py4jCallStats;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.SerializerStats;
import dev.pyrometer.event.Source;
import dev.pyrometer.event.StageCompleted;
import dev.pyrometer.event.StageSubmitted;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskFailure;
import dev.pyrometer.event.TaskFailureKind;
import dev.pyrometer.event.TaskMetrics;
import dev.pyrometer.event.TaskStart;
import dev.pyrometer.event.TaskStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a realistic event sequence of one PySpark run, as the listener (driver) and the agent
 * (driver and executors) would emit it, until recorded runs exist: one job per stage, tasks
 * spread over executors on another host whose clock runs {@code executorClockSkewMs} ahead,
 * process-tree samples naming the task each Python worker serves, Py4J and serializer stats,
 * SelfMetrics with loss counters, and optionally one failed task.
 */
public final class SyntheticRun {
    public String appId = "app-20261121-0001";
    public String appName = "synthetic";
    public String workerHost = "worker-host";
    public int stages = 3;
    public int tasksPerStage = 8;
    public int executors = 2;
    public long executorClockSkewMs = 5_000;
    public long startMs = 1_763_700_000_000L;
    public long taskMs = 400;
    public boolean failOneTask = true;
    /** Spark's ProcessTreePythonRSSMemory peak in each task end (spark.executor.processTreeMetrics.enabled). */
    public boolean sparkPythonRssPeaks = true;
    public String failureMessage = "ValueError: bad record";
    public boolean withAppEnd = true;
    /** Events the driver's emitter dropped: they took sequence numbers that never arrive, as in the real emitter. */
    public long driverDropped = 0;
    /** Whether the emitters' reports are their final ones (atShutdown), as when each JVM closed normally. */
    public boolean finalReports = true;
    public long listenerBusDropped = 0;
    /** Spark confs recorded at application start (e.g. spark.pyrometer.scale). */
    public Map<String, String> conf = new HashMap<>();

    private final Map<String, Long> seqs = new HashMap<>();
    private final List<Event> events = new ArrayList<>();

    /** Every event of the run in emission order per source (sources interleaved by time). */
    public List<Event> build() {
        Source driver = source(Role.DRIVER, "driver", "driver-host", 1000, "drv-" + appId);
        List<Source> execs = new ArrayList<>();
        for (int e = 1; e <= executors; e++) {
            execs.add(source(Role.EXECUTOR, Integer.toString(e), workerHost, 2000 + e, "exe" + e + "-" + appId));
        }
        long t = startMs;
        emit(driver, t, ApplicationStart.newBuilder().setAppName(appName).setUser("alice").setStartTimeMs(t)
                .setSparkVersion("3.5.9").setMaster("spark://m:7077").setPythonVersion("3.11").setConf(conf).build());
        for (Source ex : execs) {
            emit(driver, t + 10, ExecutorAdded.newBuilder().setExecutorId(ex.getExecutorId()).setTimeMs(t + 10)
                    .setHost(ex.getHost()).setTotalCores(2).build());
        }
        long taskId = 0;
        t += 100;
        for (int s = 0; s < stages; s++) {
            int jobId = s;
            emit(driver, t, JobStart.newBuilder().setJobId(jobId).setSubmissionTimeMs(t).setStageIds(List.of(s))
                    .setDescription("count at job" + s + ".py:12").setCallSite("job" + s + ".py:12")
                    .setTotalTasks(tasksPerStage).build());
            emit(driver, t + 1, StageSubmitted.newBuilder().setStageId(s).setAttemptId(0).setName("stage " + s)
                    .setNumTasks(tasksPerStage).setSubmissionTimeMs(t + 1).setJobId(jobId).build());
            long stageStart = t + 2;
            long stageEnd = stageStart;
            boolean jobFailed = false;
            for (int i = 0; i < tasksPerStage; i++) {
                Source ex = execs.get(i % execs.size());
                int slot = i / execs.size();
                long launch = stageStart + slot * (taskMs + 5);
                long finish = launch + taskMs;
                long id = taskId++;
                boolean fail = failOneTask && s == stages - 1 && i == 0;
                emit(driver, launch, TaskStart.newBuilder().setTaskId(id).setIndex(i).setStageId(s)
                        .setExecutorId(ex.getExecutorId()).setHost(ex.getHost()).setLaunchTimeMs(launch)
                        .setLocality("PROCESS_LOCAL").build());
                // The executor's agent samples its process tree mid-task, on its own (skewed) clock.
                long sampleExec = (launch + taskMs / 2 + executorClockSkewMs) * 1000;
                emit(ex, sampleExec / 1000, processTree(ex, sampleExec, id, 100_000_000L + i * 1_000_000L));
                emit(ex, sampleExec / 1000, JvmSample.newBuilder().setHeapUsed(200_000_000L + i).setHeapCommitted(400_000_000L)
                        .setHeapMax(1_000_000_000L).setRssBytes(500_000_000L).setProcessCpuNanos(id * 1_000_000)
                        .setGcTimeMs(Map.of("G1 Young", 5L * i)).setGcCount(Map.of("G1 Young", (long) i)).build());
                TaskEnd.Builder end = TaskEnd.newBuilder().setTaskId(id).setIndex(i).setStageId(s)
                        .setExecutorId(ex.getExecutorId()).setHost(ex.getHost()).setLaunchTimeMs(launch)
                        .setFinishTimeMs(finish).setTaskType("ResultTask")
                        .setStatus(fail ? TaskStatus.FAILED : TaskStatus.SUCCESS)
                        .setMetrics(TaskMetrics.newBuilder().setExecutorRunTimeMs(taskMs - 20)
                                .setExecutorCpuNanos((taskMs - 50) * 1_000_000).setInputBytesRead(1_000_000)
                                .setShuffleBytesWritten(s == 0 ? 500_000 : 0).build())
                        .setExecutorMetricPeaks(sparkPythonRssPeaks ? Map.of("JVMHeapMemory", 210_000_000L,
                                "ProcessTreePythonRSSMemory", 100_000_000L + i * 1_000_000L)
                                : Map.of("JVMHeapMemory", 210_000_000L));
                if (fail) {
                    jobFailed = true;
                    end.setFailure(TaskFailure.newBuilder().setKind(TaskFailureKind.EXCEPTION)
                            .setDescription("PythonException")
                            .setException(ExceptionInfo.newBuilder()
                                    .setClassName("org.apache.spark.api.python.PythonException")
                                    .setMessage(failureMessage)
                                    .setStackTrace("org.apache.spark.api.python.PythonException: " + failureMessage
                                            + "\n\tat org.apache.spark.api.python.BasePythonRunner.compute")
                                    .build())
                            .build());
                }
                emit(driver, finish, end.build());
                stageEnd = Math.max(stageEnd, finish);
            }
            emit(driver, stageEnd + 1, StageCompleted.newBuilder().setStageId(s).setAttemptId(0).setName("stage " + s)
                    .setNumTasks(tasksPerStage).setSubmissionTimeMs(t + 1).setCompletionTimeMs(stageEnd + 1)
                    .setFailureReason(jobFailed ? "Task 0 failed: " + failureMessage : null).build());
            emit(driver, stageEnd + 2, JobEnd.newBuilder().setJobId(jobId).setCompletionTimeMs(stageEnd + 2)
                    .setSucceeded(!jobFailed).build());
            emit(driver, stageEnd + 3, Py4jCallStats.newBuilder().setIntervalStartMicros(t * 1000)
                    .setIntervalEndMicros((stageEnd + 3) * 1000).setTargetClass("org.apache.spark.api.java.JavaRDD")
                    .setMethod("collect").setCount(10 + s).setTotalMicros(5_000).setMaxMicros(2_000)
                    .setTotalResponseChars(4_000).setMaxResponseChars(1_000).build());
            for (Source ex : execs) {
                long exT = stageEnd + executorClockSkewMs;
                emit(ex, exT, SerializerStats.newBuilder().setIntervalStartMicros((t + executorClockSkewMs) * 1000)
                        .setIntervalEndMicros(exT * 1000).setSerializer("pyrolite").setOperation("pickle")
                        .setCount(100).setBytes(1_000_000).setTotalMicros(3_000).setMaxMicros(100).setMaxBytes(20_000)
                        .build());
            }
            t = stageEnd + 10;
        }
        emit(driver, t, Py4jCallOutlier.newBuilder().setStartMicros(t * 1000).setDurationMicros(2_000_000)
                .setTargetClass("org.apache.spark.sql.Dataset").setMethod("collectToPython")
                .setResponseChars(50_000_000).setThreadName("Thread-3").build());
        for (Source ex : execs) {
            emit(ex, t + executorClockSkewMs, SelfMetrics.newBuilder().setOffered(100).setSent(100)
                    .setAtShutdown(finalReports).build());
        }
        seqs.merge(driver.getInstanceId(), driverDropped, Long::sum);
        emit(driver, t + 1, SelfMetrics.newBuilder().setOffered(100).setSent(100 - driverDropped).setAtShutdown(finalReports)
                .setDropped(driverDropped > 0 ? Map.of("queue_full", driverDropped) : Map.of())
                .setCounters(listenerBusDropped > 0 ? Map.of("spark.listenerbus.dropped.shared", listenerBusDropped)
                        : Map.of())
                .build());
        if (withAppEnd) {
            emit(driver, t + 2, ApplicationEnd.newBuilder().setEndTimeMs(t + 2).build());
        }
        return events;
    }

    private ProcessTreeSample processTree(Source ex, long atMicros, long taskId, long workerRss) {
        long base = ex.getPid();
        return ProcessTreeSample.newBuilder().setProcesses(List.of(
                proc(base, 1, ProcessKind.JVM, "java ... CoarseGrainedExecutorBackend", 500_000_000L, null),
                proc(base * 10, base, ProcessKind.PYTHON_DAEMON, "python3 -m pyspark.daemon", 30_000_000L, null),
                proc(base * 10 + 1, base * 10, ProcessKind.PYTHON_WORKER, "python3 -m pyspark.daemon", workerRss,
                        taskId)))
                .build();
    }

    private ProcessInfo proc(long pid, long ppid, ProcessKind kind, String cmd, long rss, Long taskId) {
        return ProcessInfo.newBuilder().setPid(pid).setPpid(ppid).setKind(kind).setCommand(cmd).setRssBytes(rss)
                .setCpuNanos(1_000_000_000L).setStartTimeMicros((startMs + executorClockSkewMs) * 1000)
                .setTaskId(taskId).build();
    }

    private static Source source(Role role, String executorId, String host, long pid, String instance) {
        return Source.newBuilder().setRole(role).setExecutorId(executorId).setHost(host).setPid(pid)
                .setInstanceId(instance).setProducer("synthetic").build();
    }

    private void emit(Source src, long timeMs, Object payload) {
        long seq = seqs.merge(src.getInstanceId(), 1L, Long::sum) - 1;
        events.add(Event.newBuilder().setRun(RunRef.newBuilder().setAppId(appId).setSeries("demo").build())
                .setSource(src).setSeq(seq).setTimeMicros(timeMs * 1000).setPayload(payload).build());
    }
}

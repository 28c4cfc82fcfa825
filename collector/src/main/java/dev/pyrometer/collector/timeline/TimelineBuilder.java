/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunAssembler.SourceState;
import dev.pyrometer.collector.timeline.RunAssembler.Tagged;
import dev.pyrometer.collector.timeline.RunTimeline.App;
import dev.pyrometer.collector.timeline.RunTimeline.Executor;
import dev.pyrometer.collector.timeline.RunTimeline.Failure;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import dev.pyrometer.collector.timeline.RunTimeline.Inconsistency;
import dev.pyrometer.collector.timeline.RunTimeline.Job;
import dev.pyrometer.collector.timeline.RunTimeline.JvmPoint;
import dev.pyrometer.collector.timeline.RunTimeline.Loss;
import dev.pyrometer.collector.timeline.RunTimeline.LossVerdict;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessKind;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessSeries;
import dev.pyrometer.collector.timeline.RunTimeline.Py4jOutlier;
import dev.pyrometer.collector.timeline.RunTimeline.Py4jStat;
import dev.pyrometer.collector.timeline.RunTimeline.PythonUdfRow;
import dev.pyrometer.collector.timeline.RunTimeline.PythonWorkerTask;
import dev.pyrometer.collector.timeline.RunTimeline.SerializerStat;
import dev.pyrometer.collector.timeline.RunTimeline.SourceLoss;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.event.ExceptionInfo;
import dev.pyrometer.event.ExecutorAdded;
import dev.pyrometer.event.ExecutorRemoved;
import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.JvmSample;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.Py4jCallOutlier;
import dev.pyrometer.event.Py4jCallStats;
import dev.pyrometer.event.PythonUdfMetrics;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.SerializerFailure;
import dev.pyrometer.event.SerializerStats;
import dev.pyrometer.event.SqlExecutionEnd;
import dev.pyrometer.event.SqlMetricValue;
import dev.pyrometer.event.StageCompleted;
import dev.pyrometer.event.StageSubmitted;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskFailure;
import dev.pyrometer.event.TaskMetrics;
import dev.pyrometer.event.TaskStart;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.DropReasons;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns the assembler's raw state into a sorted, clock-corrected {@link RunTimeline}. */
final class TimelineBuilder {

    private final RunAssembler a;
    private final Map<String, Long> offsetByInstance = new HashMap<>();
    private Map<String, Long> offsetByHostMicros = Map.of();
    private String driverHost;

    TimelineBuilder(RunAssembler assembler) {
        this.a = assembler;
    }

    RunTimeline build(RunStatus status) {
        driverHost = findDriverHost();
        estimateOffsets();
        List<ProcessSeries> processes = processes();
        List<PythonWorkerTask> workerTasks = PythonWorkerTasks.of(processes);
        Map<Long, Long> sampledPythonRss = new HashMap<>();
        for (PythonWorkerTask w : workerTasks) {
            sampledPythonRss.merge(w.taskId(), w.rssPeakBytes(), Math::max);
        }
        List<Task> tasks = tasks(sampledPythonRss);
        List<Inconsistency> inconsistencies = inconsistencies();
        Map<String, Long> offsetsMs = new TreeMap<>();
        offsetByHostMicros.forEach((h, us) -> offsetsMs.put(h, Math.round(us / 1000.0)));
        App app = app();
        List<Job> jobs = jobs();
        List<Stage> stages = stages(tasks);
        ConnectTimeline connect = ConnectJoin.join(a.connectOperations, a.connectSessions, jobs, jobTags(), stages,
                tasks, status, app.endMs(), latestEventMs());
        return new RunTimeline(app, status, jobs, stages, tasks, executors(tasks), processes,
                jvmSamples(), py4jStats(), py4jOutliers(), serializerStats(), failures(connect), loss(status),
                inconsistencies, offsetsMs, a.eventCount(), connect, pythonDumps(), pythonUdfs(), workerTasks);
    }

    private List<RunTimeline.PythonDumpRow> pythonDumps() {
        List<RunTimeline.PythonDumpRow> out = new ArrayList<>();
        for (Tagged<dev.pyrometer.event.PythonStackDump> t : a.pythonDumps) {
            dev.pyrometer.event.PythonStackDump d = t.payload();
            out.add(new RunTimeline.PythonDumpRow(ms(t.instanceId(), d.getTimeMicros()), executorOf(t.instanceId()),
                    d.getPid(), d.getTaskId(), d.getOrdinal(), d.getServingMillis(), d.getText(), d.getTruncated()));
        }
        out.sort(Comparator.comparingLong(RunTimeline.PythonDumpRow::timeMs));
        return out;
    }

    private String findDriverHost() {
        if (a.driverHost() != null) {
            return a.driverHost();
        }
        for (SourceState s : a.sources().values()) {
            if (s.source.getRole() == Role.DRIVER) {
                return s.source.getHost();
            }
        }
        return "";
    }

    private void estimateOffsets() {
        ClockOffsets clocks = new ClockOffsets();
        for (Tagged<ProcessTreeSample> t : a.processSamples) {
            String host = hostOf(t.instanceId());
            if (host.equals(driverHost)) {
                continue;
            }
            for (ProcessInfo p : t.payload().getProcesses()) {
                if (p.getTaskId() != null) {
                    observeTask(clocks, host, t.timeMicros(), p.getTaskId());
                }
            }
        }
        for (Tagged<SerializerFailure> t : a.serializerFailures) {
            String host = hostOf(t.instanceId());
            if (!host.equals(driverHost) && t.payload().getTaskId() != null) {
                observeTask(clocks, host, t.payload().getTimeMicros(), t.payload().getTaskId());
            }
        }
        offsetByHostMicros = clocks.estimateMicros(driverHost);
        for (Map.Entry<String, SourceState> e : a.sources().entrySet()) {
            offsetByInstance.put(e.getKey(), offsetByHostMicros.getOrDefault(RunAssembler.hostOf(e.getValue()), 0L));
        }
    }

    private void observeTask(ClockOffsets clocks, String host, long execMicros, long taskId) {
        Tagged<TaskStart> start = a.taskStarts.get(taskId);
        Tagged<TaskEnd> end = a.taskEnds.get(taskId);
        long launch = end != null ? end.payload().getLaunchTimeMs() : start != null ? start.payload().getLaunchTimeMs() : -1;
        long finish = end != null ? end.payload().getFinishTimeMs() : -1;
        clocks.observe(host, execMicros, launch, finish);
    }

    private String hostOf(String instanceId) {
        SourceState s = a.sources().get(instanceId);
        return s == null ? "" : RunAssembler.hostOf(s);
    }

    private String executorOf(String instanceId) {
        SourceState s = a.sources().get(instanceId);
        return s == null || s.source.getExecutorId() == null ? "" : s.source.getExecutorId();
    }

    /** Source-clock microseconds to driver-clock milliseconds. */
    private long ms(String instanceId, long micros) {
        if (micros <= 0) {
            return -1;
        }
        return (micros - offsetByInstance.getOrDefault(instanceId, 0L)) / 1000;
    }

    private App app() {
        RunRef ref = a.runRef();
        ApplicationStart s = a.appStart();
        long start = s != null ? s.getStartTimeMs() : earliestEventMs();
        long end = a.appEnd() != null ? a.appEnd().getEndTimeMs() : latestEventMs();
        return new App(a.runId(), ref == null ? a.runId() : ref.getAppId(), ref == null ? null : ref.getAttemptId(),
                s == null ? "" : s.getAppName(), ref == null ? null : ref.getSeries(),
                ref == null ? Map.of() : new TreeMap<>(ref.getTags()), s == null ? "" : s.getUser(),
                s == null ? "" : s.getSparkVersion(), s == null ? "" : s.getMaster(),
                s == null ? null : s.getPythonVersion(), start, end,
                a.appEnd() == null ? null : a.appEnd().getExitCode(), a.appEnd() != null, driverHost,
                s == null ? Map.of() : new TreeMap<>(s.getConf()));
    }

    private long earliestEventMs() {
        long min = Long.MAX_VALUE;
        for (JobStart j : a.jobStarts.values()) {
            min = Math.min(min, j.getSubmissionTimeMs());
        }
        for (Tagged<TaskStart> t : a.taskStarts.values()) {
            min = Math.min(min, t.payload().getLaunchTimeMs());
        }
        return min == Long.MAX_VALUE ? -1 : min;
    }

    private long latestEventMs() {
        long max = -1;
        for (JobEnd j : a.jobEnds.values()) {
            max = Math.max(max, j.getCompletionTimeMs());
        }
        for (Tagged<TaskEnd> t : a.taskEnds.values()) {
            max = Math.max(max, t.payload().getFinishTimeMs());
        }
        return max;
    }

    private List<Job> jobs() {
        TreeSet<Integer> ids = new TreeSet<>(a.jobStarts.keySet());
        ids.addAll(a.jobEnds.keySet());
        List<Job> out = new ArrayList<>();
        for (int id : ids) {
            JobStart s = a.jobStarts.get(id);
            JobEnd e = a.jobEnds.get(id);
            ExceptionInfo f = e == null ? null : e.getFailure();
            out.add(new Job(id, s == null ? -1 : s.getSubmissionTimeMs(), e == null ? -1 : e.getCompletionTimeMs(),
                    e == null ? null : e.getSucceeded(), s == null ? null : s.getDescription(),
                    s == null ? null : s.getCallSite(), s == null ? null : s.getJobGroup(),
                    s == null ? List.of() : List.copyOf(s.getStageIds()), s == null ? 0 : s.getTotalTasks(),
                    f == null ? null : f.getClassName(), f == null ? null : f.getMessage()));
        }
        return out;
    }

    private Map<Integer, List<String>> jobTags() {
        Map<Integer, List<String>> out = new HashMap<>();
        a.jobStarts.forEach((id, j) -> {
            if (!j.getJobTags().isEmpty()) {
                out.put(id, List.copyOf(j.getJobTags()));
            }
        });
        return out;
    }

    private List<Stage> stages(List<Task> tasks) {
        Map<Integer, Integer> jobOfStage = new HashMap<>();
        for (JobStart j : a.jobStarts.values()) {
            for (int sid : j.getStageIds()) {
                jobOfStage.put(sid, j.getJobId());
            }
        }
        Map<Long, long[]> totals = new HashMap<>();
        for (Task t : tasks) {
            long[] v = totals.computeIfAbsent(RunAssembler.stageKey(t.stageId(), t.stageAttempt()), k -> new long[7]);
            if (t.status() == TaskStatus.SUCCESS) {
                v[0]++;
            } else if (t.status() == TaskStatus.FAILED) {
                v[1]++;
            }
            v[2] += t.inputBytes();
            v[3] += t.shuffleReadBytes();
            v[4] += t.shuffleWriteBytes();
            v[5] += t.spillBytes();
            v[6] += Math.max(0, t.durationMs());
        }
        TreeSet<Long> keys = new TreeSet<>(a.stageSubmits.keySet());
        keys.addAll(a.stageCompletions.keySet());
        List<Stage> out = new ArrayList<>();
        for (long k : keys) {
            StageSubmitted s = a.stageSubmits.get(k);
            StageCompleted c = a.stageCompletions.get(k);
            int id = (int) (k >> 32);
            int attempt = (int) k;
            Integer job = s != null && s.getJobId() != null ? s.getJobId() : jobOfStage.get(id);
            long submit = c != null && c.getSubmissionTimeMs() != null ? c.getSubmissionTimeMs()
                    : s != null && s.getSubmissionTimeMs() != null ? s.getSubmissionTimeMs() : -1;
            long complete = c != null && c.getCompletionTimeMs() != null ? c.getCompletionTimeMs() : -1;
            long[] v = totals.getOrDefault(k, new long[7]);
            out.add(new Stage(id, attempt, job, c != null ? c.getName() : s.getName(),
                    c != null ? c.getNumTasks() : s.getNumTasks(), submit, complete,
                    c == null ? null : c.getFailureReason(), (int) v[0], (int) v[1], v[2], v[3], v[4], v[5], v[6]));
        }
        out.sort(Comparator.comparingLong(Stage::submitMs).thenComparingInt(Stage::stageId));
        return out;
    }

    /** The Python plan nodes each task ran, in task id order. */
    private List<PythonUdfRow> pythonUdfs() {
        List<PythonUdfRow> out = new ArrayList<>();
        for (long id : new TreeSet<>(a.taskEnds.keySet())) {
            TaskEnd e = a.taskEnds.get(id).payload();
            for (PythonUdfMetrics p : e.getPythonUdfs()) {
                Map<String, Long> metrics = new LinkedHashMap<>();
                long timeMs = -1;
                for (SqlMetricValue m : p.getMetrics()) {
                    metrics.merge(m.getName(), m.getValue(), Long::sum);
                    // 4.0+: "time to run Python workers" is the whole of the node's Python time.
                    if (m.getName().equals("time to run Python workers")) {
                        timeMs = "nsTiming".equals(m.getMetricType()) ? m.getValue() / 1_000_000 : m.getValue();
                    }
                }
                out.add(new PythonUdfRow(id, e.getStageId(), e.getStageAttemptId(), e.getExecutorId(), p.getExecutionId(),
                        p.getNode(), p.getArrow(), List.copyOf(p.getFunctions()),
                        metrics.getOrDefault("number of output rows", -1L),
                        metrics.getOrDefault("data sent to Python workers", -1L),
                        metrics.getOrDefault("data returned from Python workers", -1L), timeMs, metrics));
            }
        }
        return out;
    }

    /**
     * The tasks; a task's peak Python RSS is its worker's, as the agent sampled it while the
     * worker served the task, else Spark's ProcessTreePythonRSSMemory peak (set only with
     * spark.executor.processTreeMetrics.enabled, and the sum over the executor's Python processes).
     */
    private List<Task> tasks(Map<Long, Long> sampledPythonRss) {
        TreeSet<Long> ids = new TreeSet<>(a.taskStarts.keySet());
        ids.addAll(a.taskEnds.keySet());
        List<Task> out = new ArrayList<>(ids.size());
        for (long id : ids) {
            Tagged<TaskStart> ts = a.taskStarts.get(id);
            Tagged<TaskEnd> te = a.taskEnds.get(id);
            if (te != null) {
                TaskEnd e = te.payload();
                TaskMetrics m = e.getMetrics();
                Map<String, Long> peaks = e.getExecutorMetricPeaks();
                out.add(new Task(id, e.getStageId(), e.getStageAttemptId(), e.getIndex(), e.getAttempt(),
                        e.getExecutorId(), e.getHost(), e.getLaunchTimeMs(), e.getFinishTimeMs(), TaskStatus.of(e.getStatus()),
                        e.getSpeculative(), m == null ? 0 : m.getExecutorRunTimeMs(),
                        m == null ? 0 : m.getExecutorCpuNanos() / 1_000_000, m == null ? 0 : m.getJvmGcTimeMs(),
                        m == null ? 0 : m.getInputBytesRead(),
                        m == null ? 0 : m.getShuffleRemoteBytesRead() + m.getShuffleLocalBytesRead(),
                        m == null ? 0 : m.getShuffleBytesWritten(), m == null ? 0 : m.getDiskBytesSpilled(),
                        m == null ? 0 : m.getResultSizeBytes(), m == null ? 0 : m.getPeakExecutionMemoryBytes(),
                        peaks.getOrDefault("JVMHeapMemory", 0L),
                        sampledPythonRss.getOrDefault(id, peaks.getOrDefault("ProcessTreePythonRSSMemory", 0L)),
                        e.getFailure() == null ? null : FailureKind.of(e.getFailure().getKind()),
                        m == null ? 0 : m.getInputRecordsRead(), m == null ? 0 : m.getShuffleRecordsRead(),
                        m == null ? 0 : m.getShuffleRecordsWritten(), m == null ? 0 : m.getOutputRecordsWritten()));
            } else {
                TaskStart s = ts.payload();
                out.add(new Task(id, s.getStageId(), s.getStageAttemptId(), s.getIndex(), s.getAttempt(),
                        s.getExecutorId(), s.getHost(), s.getLaunchTimeMs(), -1, TaskStatus.RUNNING, s.getSpeculative(),
                        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null));
            }
        }
        out.sort(Comparator.comparingLong(Task::launchMs).thenComparingLong(Task::taskId));
        return out;
    }

    private List<Inconsistency> inconsistencies() {
        List<Inconsistency> out = new ArrayList<>();
        for (Tagged<TaskStart> t : a.taskStarts.values()) {
            TaskStart s = t.payload();
            if (!stageKnown(s.getStageId(), s.getStageAttemptId())) {
                out.add(new Inconsistency(t.origin(), t.instanceId(), t.seq(), "TASK_FOR_UNKNOWN_STAGE",
                        "task start " + s.getTaskId() + " names stage " + s.getStageId() + "." + s.getStageAttemptId()
                                + " which was never submitted or completed"));
            }
        }
        for (Tagged<TaskEnd> t : a.taskEnds.values()) {
            TaskEnd e = t.payload();
            if (!stageKnown(e.getStageId(), e.getStageAttemptId())) {
                out.add(new Inconsistency(t.origin(), t.instanceId(), t.seq(), "TASK_FOR_UNKNOWN_STAGE",
                        "task end " + e.getTaskId() + " names stage " + e.getStageId() + "." + e.getStageAttemptId()
                                + " which was never submitted or completed"));
            }
        }
        out.sort(Comparator.comparing(Inconsistency::sourceInstance).thenComparingLong(Inconsistency::seq));
        return out;
    }

    private boolean stageKnown(int stageId, int attempt) {
        long k = RunAssembler.stageKey(stageId, attempt);
        return a.stageSubmits.containsKey(k) || a.stageCompletions.containsKey(k);
    }

    private List<Executor> executors(List<Task> tasks) {
        Map<String, int[]> counts = new HashMap<>();
        Map<String, String> hostOfExecutor = new HashMap<>();
        for (Task t : tasks) {
            int[] c = counts.computeIfAbsent(t.executorId(), k -> new int[2]);
            c[0]++;
            if (t.status() == TaskStatus.FAILED) {
                c[1]++;
            }
            hostOfExecutor.putIfAbsent(t.executorId(), t.host());
        }
        TreeSet<String> ids = new TreeSet<>(Comparator.comparing(TimelineBuilder::executorOrder).thenComparing(s -> s));
        ids.addAll(a.executorsAdded.keySet());
        ids.addAll(counts.keySet());
        for (SourceState s : a.sources().values()) {
            if (s.source.getExecutorId() != null) {
                ids.add(s.source.getExecutorId());
                hostOfExecutor.putIfAbsent(s.source.getExecutorId(), s.source.getHost());
            }
        }
        List<Executor> out = new ArrayList<>();
        for (String id : ids) {
            ExecutorAdded add = a.executorsAdded.get(id);
            ExecutorRemoved rem = a.executorsRemoved.get(id);
            String host = add != null ? add.getHost() : hostOfExecutor.getOrDefault(id, "");
            int[] c = counts.getOrDefault(id, new int[2]);
            out.add(new Executor(id, host, add == null ? 0 : add.getTotalCores(), add == null ? -1 : add.getTimeMs(),
                    rem == null ? -1 : rem.getTimeMs(), rem == null ? null : rem.getReason(),
                    Math.round(offsetByHostMicros.getOrDefault(host, 0L) / 1000.0), c[0], c[1]));
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

    private List<ProcessSeries> processes() {
        Map<String, List<Object[]>> byKey = new LinkedHashMap<>();
        for (Tagged<ProcessTreeSample> t : a.processSamples) {
            for (ProcessInfo p : t.payload().getProcesses()) {
                String key = t.instanceId() + "|" + p.getPid() + "|" + p.getStartTimeMicros();
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Object[] {t, p});
            }
        }
        List<ProcessSeries> out = new ArrayList<>();
        // Per series: the last reaped-children CPU it reported, and its final own + reaped CPU.
        Map<ProcessSeries, long[]> cpu = new java.util.IdentityHashMap<>();
        for (List<Object[]> samples : byKey.values()) {
            samples.sort(Comparator.comparingLong(o -> timeOf(o)));
            @SuppressWarnings("unchecked")
            Tagged<ProcessTreeSample> first = (Tagged<ProcessTreeSample>) samples.get(0)[0];
            ProcessInfo last = (ProcessInfo) samples.get(samples.size() - 1)[1];
            String inst = first.instanceId();
            List<ProcessPoint> points = new ArrayList<>(samples.size());
            long peak = 0;
            boolean exited = false;
            long firstSeenMicros = Long.MAX_VALUE;
            ProcessInfo gone = null;
            for (Object[] o : samples) {
                ProcessInfo p = (ProcessInfo) o[1];
                if (p.getFirstSeenMicros() > 0) {
                    firstSeenMicros = Math.min(firstSeenMicros, p.getFirstSeenMicros());
                }
                peak = Math.max(peak, p.getRssBytes());
                if (p.getExited()) {
                    // Reported in the sample after it was last seen, with its last values: not a point of its own.
                    exited = true;
                    gone = p;
                    continue;
                }
                points.add(new ProcessPoint(ms(inst, timeOf(o)), p.getRssBytes(), p.getPssBytes(),
                        p.getCpuNanos() / 1_000_000, p.getTaskId()));
            }
            if (points.isEmpty()) {
                // A process that lived between two samples: the agent saw it once, when it was created.
                long at = gone.getFirstSeenMicros() > 0 ? gone.getFirstSeenMicros() : timeOf(samples.get(0));
                points.add(new ProcessPoint(ms(inst, at), gone.getRssBytes(), gone.getPssBytes(),
                        gone.getCpuNanos() / 1_000_000, gone.getTaskId()));
            }
            long firstMs = points.get(0).timeMs();
            if (firstSeenMicros != Long.MAX_VALUE) {
                firstMs = Math.min(firstMs, ms(inst, firstSeenMicros));
            }
            long lastMs = points.get(points.size() - 1).timeMs();
            if (gone != null && gone.getLastSeenMicros() != null && gone.getLastSeenMicros() > 0) {
                // event-v3: the exit time the JVM saw (a process it started), or the last sighting.
                lastMs = Math.max(lastMs, ms(inst, gone.getLastSeenMicros()));
            }
            long reapedNanos = -1;
            for (Object[] o : samples) {
                Long r = ((ProcessInfo) o[1]).getReapedChildrenCpuNanos();
                reapedNanos = r == null ? reapedNanos : Math.max(reapedNanos, r);
            }
            ProcessSeries series = new ProcessSeries(inst, executorOf(inst), hostOf(inst), last.getPid(), last.getPpid(),
                    ProcessKind.of(last.getKind()), last.getCommand(), ms(inst, last.getStartTimeMicros()),
                    firstMs, lastMs, exited, peak, points);
            cpu.put(series, new long[] {reapedNanos, last.getCpuNanos() + Math.max(0, reapedNanos)});
            out.add(series);
        }
        out = unseenChildrenCpu(out, cpu);
        out.sort(Comparator.comparingLong(ProcessSeries::firstMs).thenComparingLong(ProcessSeries::pid));
        return out;
    }

    /**
     * A parent's reaped-children CPU less the final CPU (own and reaped) of its exited children
     * the samples saw: what its children used that no sample saw. Only parents that reported
     * reaped CPU (event-v3 agents) get a value.
     */
    private static List<ProcessSeries> unseenChildrenCpu(List<ProcessSeries> all, Map<ProcessSeries, long[]> cpu) {
        Map<String, Long> seenByParent = new HashMap<>();
        for (ProcessSeries c : all) {
            if (c.exited()) {
                seenByParent.merge(c.sourceInstance() + "|" + c.ppid(), cpu.get(c)[1], Long::sum);
            }
        }
        List<ProcessSeries> out = new ArrayList<>(all.size());
        for (ProcessSeries p : all) {
            long reaped = cpu.get(p)[0];
            if (reaped < 0) {
                out.add(p);
                continue;
            }
            long seen = seenByParent.getOrDefault(p.sourceInstance() + "|" + p.pid(), 0L);
            long unseenMs = Math.max(0, reaped - seen) / 1_000_000;
            out.add(new ProcessSeries(p.sourceInstance(), p.executorId(), p.host(), p.pid(), p.ppid(), p.kind(), p.command(),
                    p.startMs(), p.firstMs(), p.lastMs(), p.exited(), p.peakRssBytes(), p.points(), unseenMs));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static long timeOf(Object[] o) {
        return ((Tagged<ProcessTreeSample>) o[0]).timeMicros();
    }

    private List<JvmPoint> jvmSamples() {
        List<JvmPoint> out = new ArrayList<>();
        for (Tagged<JvmSample> t : a.jvmSamples) {
            JvmSample s = t.payload();
            long gcTime = s.getGcTimeMs().values().stream().mapToLong(Long::longValue).sum();
            long gcCount = s.getGcCount().values().stream().mapToLong(Long::longValue).sum();
            out.add(new JvmPoint(t.instanceId(), executorOf(t.instanceId()), ms(t.instanceId(), t.timeMicros()),
                    s.getHeapUsed(), s.getHeapCommitted(), s.getHeapMax(), s.getNonHeapUsed(),
                    s.getDirectBufferBytes(), gcTime, gcCount, s.getRssBytes(),
                    s.getProcessCpuNanos() < 0 ? -1 : s.getProcessCpuNanos() / 1_000_000, s.getCgroupMemoryLimit()));
        }
        out.sort(Comparator.comparingLong(JvmPoint::timeMs).thenComparing(JvmPoint::sourceInstance));
        return out;
    }

    private List<Py4jStat> py4jStats() {
        List<Py4jStat> out = new ArrayList<>();
        for (Tagged<Py4jCallStats> t : a.py4jStats) {
            Py4jCallStats s = t.payload();
            String i = t.instanceId();
            out.add(new Py4jStat(executorOf(i), ms(i, s.getIntervalStartMicros()), ms(i, s.getIntervalEndMicros()),
                    s.getTargetClass(), s.getMethod(), s.getCount(), s.getErrors(), s.getTotalMicros(),
                    s.getMaxMicros(), s.getTotalResponseChars(), s.getMaxResponseChars()));
        }
        out.sort(Comparator.comparingLong(Py4jStat::startMs).thenComparing(Py4jStat::targetClass)
                .thenComparing(Py4jStat::method));
        return out;
    }

    private List<Py4jOutlier> py4jOutliers() {
        List<Py4jOutlier> out = new ArrayList<>();
        for (Tagged<Py4jCallOutlier> t : a.py4jOutliers) {
            Py4jCallOutlier o = t.payload();
            String i = t.instanceId();
            out.add(new Py4jOutlier(executorOf(i), ms(i, o.getStartMicros()), o.getDurationMicros(),
                    o.getTargetClass(), o.getMethod(), o.getResponseChars(), o.getReason().name(), o.getThreadName(),
                    o.getJobGroup(), o.getError() == null ? null : o.getError().getClassName(),
                    o.getError() == null ? null : o.getError().getMessage()));
        }
        out.sort(Comparator.comparingLong(Py4jOutlier::startMs));
        return out;
    }

    private List<SerializerStat> serializerStats() {
        List<SerializerStat> out = new ArrayList<>();
        for (Tagged<SerializerStats> t : a.serializerStats) {
            SerializerStats s = t.payload();
            String i = t.instanceId();
            out.add(new SerializerStat(executorOf(i), ms(i, s.getIntervalStartMicros()),
                    ms(i, s.getIntervalEndMicros()), s.getSerializer(), s.getOperation(), s.getCount(), s.getBytes(),
                    s.getTotalMicros(), s.getMaxMicros(), s.getMaxBytes(), s.getErrors(), s.getTaskId()));
        }
        out.sort(Comparator.comparingLong(SerializerStat::startMs).thenComparing(SerializerStat::serializer)
                .thenComparing(SerializerStat::operation));
        return out;
    }

    private List<Failure> failures(ConnectTimeline connect) {
        List<Failure> out = new ArrayList<>();
        for (ConnectTimeline.Operation o : connect.operations()) {
            if (ConnectTimeline.Operation.FAILED.equals(o.state())) {
                out.add(new Failure(o.finishMs(), FailureScope.OPERATION, o.operationId(), null, FailureKind.CONNECT_OPERATION_FAILED, null,
                        o.error(), null));
            }
        }
        for (Tagged<TaskEnd> t : a.taskEnds.values()) {
            TaskEnd e = t.payload();
            TaskFailure f = e.getFailure();
            if (f == null) {
                continue;
            }
            ExceptionInfo x = f.getException();
            out.add(new Failure(e.getFinishTimeMs(), FailureScope.TASK, Long.toString(e.getTaskId()), e.getExecutorId(),
                    FailureKind.of(f.getKind()), x == null ? null : x.getClassName(),
                    x != null && x.getMessage() != null ? x.getMessage() : f.getDescription(),
                    x == null ? null : x.getStackTrace()));
        }
        for (StageCompleted c : a.stageCompletions.values()) {
            if (c.getFailureReason() != null) {
                out.add(new Failure(c.getCompletionTimeMs() == null ? -1 : c.getCompletionTimeMs(), FailureScope.STAGE,
                        c.getStageId() + "." + c.getAttemptId(), null, FailureKind.STAGE_FAILED, null, c.getFailureReason(), null));
            }
        }
        for (JobEnd j : a.jobEnds.values()) {
            if (!j.getSucceeded()) {
                ExceptionInfo x = j.getFailure();
                out.add(new Failure(j.getCompletionTimeMs(), FailureScope.JOB, Integer.toString(j.getJobId()), null, FailureKind.JOB_FAILED,
                        x == null ? null : x.getClassName(), x == null ? null : x.getMessage(),
                        x == null ? null : x.getStackTrace()));
            }
        }
        for (ExecutorRemoved r : a.executorsRemoved.values()) {
            // Dynamic allocation releases idle executors on purpose; that is not a failure.
            if (!r.getReason().toLowerCase(java.util.Locale.ROOT).contains("killed by driver")) {
                out.add(new Failure(r.getTimeMs(), FailureScope.EXECUTOR, r.getExecutorId(), r.getExecutorId(), FailureKind.EXECUTOR_REMOVED,
                        null, r.getReason(), null));
            }
        }
        for (SqlExecutionEnd s : a.sqlEnds) {
            out.add(new Failure(s.getTimeMs(), FailureScope.SQL, Long.toString(s.getExecutionId()), null, FailureKind.SQL_FAILED, null,
                    s.getError(), null));
        }
        for (Tagged<SerializerFailure> t : a.serializerFailures) {
            SerializerFailure f = t.payload();
            ExceptionInfo x = f.getException();
            FailureKind kind = f.getKryoBufferOverflow() ? FailureKind.KRYO_BUFFER_OVERFLOW : FailureKind.SERIALIZER_ERROR;
            out.add(new Failure(ms(t.instanceId(), f.getTimeMicros()), FailureScope.SERIALIZER,
                    f.getSerializer() + "." + f.getOperation() + (f.getTaskId() == null ? "" : " task " + f.getTaskId()),
                    executorOf(t.instanceId()), kind, x == null ? null : x.getClassName(),
                    x == null ? null : x.getMessage(), x == null ? null : x.getStackTrace()));
        }
        for (Tagged<Py4jCallOutlier> t : a.py4jOutliers) {
            ExceptionInfo x = t.payload().getError();
            if (x != null) {
                out.add(new Failure(ms(t.instanceId(), t.payload().getStartMicros()), FailureScope.PY4J,
                        t.payload().getTargetClass() + "." + t.payload().getMethod(), executorOf(t.instanceId()),
                        FailureKind.PY4J_CALL_FAILED, x.getClassName(), x.getMessage(), x.getStackTrace()));
            }
        }
        out.sort(Comparator.comparingLong(Failure::timeMs).thenComparing(f -> f.scope().wire()).thenComparing(Failure::ref));
        return out;
    }

    private Loss loss(RunStatus status) {
        List<SourceLoss> out = new ArrayList<>();
        for (SourceState s : a.sources().values()) {
            SelfMetrics m = s.latestSelfMetrics;
            Map<String, Long> dropped = new TreeMap<>();
            Map<String, Long> suppressed = new TreeMap<>();
            Map<String, Long> bus = new TreeMap<>();
            if (m != null) {
                m.getDropped().forEach((k, v) -> {
                    if (v != 0) {
                        dropped.put(k, v);
                    }
                });
                m.getSuppressedErrors().forEach((k, v) -> {
                    if (v != 0) {
                        suppressed.put(k, v);
                    }
                });
                m.getCounters().forEach((k, v) -> {
                    if (k.startsWith(CounterNames.LISTENER_BUS_DROPPED_PREFIX) && v != 0) {
                        bus.put(k.substring(CounterNames.LISTENER_BUS_DROPPED_PREFIX.length()), v);
                    }
                });
            }
            long counted = 0;
            for (Map.Entry<String, Long> d : dropped.entrySet()) {
                if (DropReasons.numbered(d.getKey())) {
                    counted += d.getValue();
                }
            }
            LossVerdict verdict = status == RunStatus.RUNNING ? LossVerdict.OPEN
                    : s.finalReport ? LossVerdict.FINAL_REPORT : LossVerdict.ENDED_WITHOUT_FINAL_REPORT;
            String inst = s.source.getInstanceId();
            out.add(new SourceLoss(inst, s.source.getRole().name(), s.source.getExecutorId(), s.source.getHost(),
                    s.source.getPid(), s.seqs.count(), s.seqs.minSeq(), s.seqs.maxSeq(), s.seqs.gaps(), counted,
                    s.finalReport, ms(inst, s.lastEventMicros), verdict, dropped, suppressed, bus));
        }
        out.sort(Comparator.comparing(SourceLoss::instanceId));
        return new Loss(out, a.duplicates());
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunAssembler.Tagged;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.Inconsistency;
import dev.pyrometer.collector.timeline.RunTimeline.Job;
import dev.pyrometer.collector.timeline.RunTimeline.PythonUdfRow;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;
import dev.pyrometer.event.ExceptionInfo;
import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.PythonUdfMetrics;
import dev.pyrometer.event.SqlMetricValue;
import dev.pyrometer.event.StageCompleted;
import dev.pyrometer.event.StageSubmitted;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskMetrics;
import dev.pyrometer.event.TaskStart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The timeline's jobs, stages and tasks (with the Python plan nodes each task ran, and the tasks
 * that name a stage never seen), from the listener's job, stage and task events. Listener times
 * are the driver's already: no clock correction.
 */
final class SparkProjection {
    private final Map<Integer, JobStart> jobStarts;
    private final Map<Integer, JobEnd> jobEnds;
    private final Map<Long, StageSubmitted> stageSubmits;
    private final Map<Long, StageCompleted> stageCompletions;
    private final Map<Long, Tagged<TaskStart>> taskStarts;
    private final Map<Long, Tagged<TaskEnd>> taskEnds;

    /** Stages are keyed by {@link RunAssembler#stageKey}. */
    SparkProjection(Map<Integer, JobStart> jobStarts, Map<Integer, JobEnd> jobEnds, Map<Long, StageSubmitted> stageSubmits,
            Map<Long, StageCompleted> stageCompletions, Map<Long, Tagged<TaskStart>> taskStarts,
            Map<Long, Tagged<TaskEnd>> taskEnds) {
        this.jobStarts = jobStarts;
        this.jobEnds = jobEnds;
        this.stageSubmits = stageSubmits;
        this.stageCompletions = stageCompletions;
        this.taskStarts = taskStarts;
        this.taskEnds = taskEnds;
    }

    /** The first job submission or task launch, -1 for none: the run's start when no application start came. */
    long earliestMs() {
        long min = Long.MAX_VALUE;
        for (JobStart j : jobStarts.values()) {
            min = Math.min(min, j.getSubmissionTimeMs());
        }
        for (Tagged<TaskStart> t : taskStarts.values()) {
            min = Math.min(min, t.payload().getLaunchTimeMs());
        }
        return min == Long.MAX_VALUE ? -1 : min;
    }

    /** The last job completion or task finish, -1 for none: the run's end when no application end came. */
    long latestMs() {
        long max = -1;
        for (JobEnd j : jobEnds.values()) {
            max = Math.max(max, j.getCompletionTimeMs());
        }
        for (Tagged<TaskEnd> t : taskEnds.values()) {
            max = Math.max(max, t.payload().getFinishTimeMs());
        }
        return max;
    }

    List<Job> jobs() {
        TreeSet<Integer> ids = new TreeSet<>(jobStarts.keySet());
        ids.addAll(jobEnds.keySet());
        List<Job> out = new ArrayList<>();
        for (int id : ids) {
            JobStart s = jobStarts.get(id);
            JobEnd e = jobEnds.get(id);
            ExceptionInfo f = e == null ? null : e.getFailure();
            out.add(new Job(id, s == null ? -1 : s.getSubmissionTimeMs(), e == null ? -1 : e.getCompletionTimeMs(),
                    e == null ? null : e.getSucceeded(), s == null ? null : s.getDescription(),
                    s == null ? null : s.getCallSite(), s == null ? null : s.getJobGroup(),
                    s == null ? List.of() : List.copyOf(s.getStageIds()), s == null ? 0 : s.getTotalTasks(),
                    f == null ? null : f.getClassName(), f == null ? null : f.getMessage()));
        }
        return out;
    }

    /** The job tags of the jobs that have any, by job id. */
    Map<Integer, List<String>> jobTags() {
        Map<Integer, List<String>> out = new HashMap<>();
        jobStarts.forEach((id, j) -> {
            if (!j.getJobTags().isEmpty()) {
                out.put(id, List.copyOf(j.getJobTags()));
            }
        });
        return out;
    }

    /** The stage attempts, with the totals of their tasks. */
    List<Stage> stages(List<Task> tasks) {
        Map<Integer, Integer> jobOfStage = new HashMap<>();
        for (JobStart j : jobStarts.values()) {
            for (int sid : j.getStageIds()) {
                jobOfStage.put(sid, j.getJobId());
            }
        }
        Map<Long, TaskTotals> totals = new HashMap<>();
        for (Task t : tasks) {
            totals.computeIfAbsent(RunAssembler.stageKey(t.stageId(), t.stageAttempt()), k -> new TaskTotals()).add(t);
        }
        TreeSet<Long> keys = new TreeSet<>(stageSubmits.keySet());
        keys.addAll(stageCompletions.keySet());
        List<Stage> out = new ArrayList<>();
        TaskTotals none = new TaskTotals();
        for (long k : keys) {
            StageSubmitted s = stageSubmits.get(k);
            StageCompleted c = stageCompletions.get(k);
            int id = (int) (k >> 32);
            int attempt = (int) k;
            Integer job = s != null && s.getJobId() != null ? s.getJobId() : jobOfStage.get(id);
            long submit = c != null && c.getSubmissionTimeMs() != null ? c.getSubmissionTimeMs()
                    : s != null && s.getSubmissionTimeMs() != null ? s.getSubmissionTimeMs() : -1;
            long complete = c != null && c.getCompletionTimeMs() != null ? c.getCompletionTimeMs() : -1;
            TaskTotals v = totals.getOrDefault(k, none);
            out.add(new Stage(id, attempt, job, c != null ? c.getName() : s.getName(),
                    c != null ? c.getNumTasks() : s.getNumTasks(), submit, complete,
                    c == null ? null : c.getFailureReason(), v.succeeded, v.failed, v.inputBytes, v.shuffleReadBytes,
                    v.shuffleWriteBytes, v.spillBytes, v.taskTimeMs));
        }
        out.sort(Comparator.comparingLong(Stage::submitMs).thenComparingInt(Stage::stageId));
        return out;
    }

    /**
     * The tasks; a task's peak Python RSS is its worker's, as the agent sampled it while the
     * worker served the task ({@code sampledPythonRss}, by task id), else Spark's
     * ProcessTreePythonRSSMemory peak (set only with spark.executor.processTreeMetrics.enabled,
     * and the sum over the executor's Python processes).
     */
    List<Task> tasks(Map<Long, Long> sampledPythonRss) {
        TreeSet<Long> ids = new TreeSet<>(taskStarts.keySet());
        ids.addAll(taskEnds.keySet());
        List<Task> out = new ArrayList<>(ids.size());
        for (long id : ids) {
            Tagged<TaskEnd> te = taskEnds.get(id);
            if (te != null) {
                out.add(ended(id, te.payload(), sampledPythonRss));
            } else {
                TaskStart s = taskStarts.get(id).payload();
                out.add(new Task(id, s.getStageId(), s.getStageAttemptId(), s.getIndex(), s.getAttempt(),
                        s.getExecutorId(), s.getHost(), s.getLaunchTimeMs(), -1, TaskStatus.RUNNING, s.getSpeculative(),
                        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null));
            }
        }
        out.sort(Comparator.comparingLong(Task::launchMs).thenComparingLong(Task::taskId));
        return out;
    }

    private static Task ended(long id, TaskEnd e, Map<Long, Long> sampledPythonRss) {
        TaskMetrics m = e.getMetrics();
        Map<String, Long> peaks = e.getExecutorMetricPeaks();
        return new Task(id, e.getStageId(), e.getStageAttemptId(), e.getIndex(), e.getAttempt(),
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
                m == null ? 0 : m.getShuffleRecordsWritten(), m == null ? 0 : m.getOutputRecordsWritten());
    }

    /** The Python plan nodes each task ran, in task id order. */
    List<PythonUdfRow> pythonUdfs() {
        List<PythonUdfRow> out = new ArrayList<>();
        for (long id : new TreeSet<>(taskEnds.keySet())) {
            TaskEnd e = taskEnds.get(id).payload();
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

    /** Task starts and ends that name a stage attempt never submitted or completed. */
    List<Inconsistency> inconsistencies() {
        List<Inconsistency> out = new ArrayList<>();
        for (Tagged<TaskStart> t : taskStarts.values()) {
            TaskStart s = t.payload();
            if (!stageKnown(s.getStageId(), s.getStageAttemptId())) {
                out.add(new Inconsistency(t.origin(), t.instanceId(), t.seq(), "TASK_FOR_UNKNOWN_STAGE",
                        "task start " + s.getTaskId() + " names stage " + s.getStageId() + "." + s.getStageAttemptId()
                                + " which was never submitted or completed"));
            }
        }
        for (Tagged<TaskEnd> t : taskEnds.values()) {
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
        return stageSubmits.containsKey(k) || stageCompletions.containsKey(k);
    }
}

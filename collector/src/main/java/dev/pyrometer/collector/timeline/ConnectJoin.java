/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.ConnectTimeline.Operation;
import dev.pyrometer.collector.timeline.ConnectTimeline.Session;
import dev.pyrometer.collector.timeline.RunTimeline.Job;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.event.ConnectOperation;
import dev.pyrometer.event.ConnectOperationPhase;
import dev.pyrometer.event.ConnectSession;
import dev.pyrometer.event.ConnectSessionPhase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins a Connect server's session and operation events with its jobs: a job belongs to the
 * operation whose job tag it carries (the operation's own tag, else the tag's parsed operation
 * id), stages belong to jobs and tasks to stages. Pure; events in any order.
 */
final class ConnectJoin {
    /**
     * A session without activity for this long while the server goes on is complete (idle); Spark
     * Connect's own default session timeout ({@code spark.connect.session.manager.defaultSessionTimeout}).
     */
    static final long SESSION_IDLE_MS = 60 * 60_000L;

    private final Map<String, OpState> ops = new LinkedHashMap<>();
    private final Map<String, OpState> opByTag = new HashMap<>();
    private final Map<String, SessionState> sessions = new LinkedHashMap<>();

    private static final class OpState {
        final String operationId;
        String sessionId;
        String userId;
        String jobTag;
        String statement;
        ConnectOperationPhase end;
        long startMs = -1;
        long analyzedMs = -1;
        long readyMs = -1;
        long finishMs = -1;
        long closeMs = -1;
        Long rows;
        String error;
        final List<Integer> jobs = new ArrayList<>();

        OpState(String operationId) {
            this.operationId = operationId;
        }
    }

    private static final class SessionState {
        final String sessionId;
        String userId;
        long startMs = -1;
        long closeMs = -1;

        SessionState(String sessionId) {
            this.sessionId = sessionId;
        }
    }

    static ConnectTimeline join(List<ConnectOperation> operations, List<ConnectSession> sessionEvents,
            List<Job> jobs, Map<Integer, List<String>> tagsOfJob, List<Stage> stages, List<Task> tasks,
            RunStatus status, long serverEndMs, long latestMs) {
        if (operations.isEmpty() && sessionEvents.isEmpty() && !anyConnectTag(tagsOfJob)) {
            return ConnectTimeline.NONE;
        }
        ConnectJoin j = new ConnectJoin();
        for (ConnectSession s : sessionEvents) {
            j.session(s);
        }
        for (ConnectOperation o : operations) {
            j.operation(o);
        }
        List<Integer> untagged = new ArrayList<>();
        for (Job job : jobs) {
            if (!j.attach(job.jobId(), tagsOfJob.getOrDefault(job.jobId(), List.of()))) {
                untagged.add(job.jobId());
            }
        }
        return j.build(jobs, stages, tasks, status, serverEndMs, latestMs, untagged);
    }

    private static boolean anyConnectTag(Map<Integer, List<String>> tagsOfJob) {
        return tagsOfJob.values().stream().flatMap(List::stream).anyMatch(t -> t.startsWith(ConnectJobTag.PREFIX));
    }

    private void session(ConnectSession e) {
        SessionState s = sessions.computeIfAbsent(e.getSessionId(), SessionState::new);
        if (e.getUserId() != null) {
            s.userId = e.getUserId();
        }
        long t = e.getEventTimeMs() > 0 ? e.getEventTimeMs() : -1;
        if (e.getPhase() == ConnectSessionPhase.STARTED) {
            s.startMs = t;
        } else if (e.getPhase() == ConnectSessionPhase.CLOSED) {
            s.closeMs = Math.max(t, 0);
        }
    }

    private void operation(ConnectOperation e) {
        OpState o = ops.computeIfAbsent(e.getOperationId(), OpState::new);
        if (!e.getJobTag().isEmpty()) {
            o.jobTag = e.getJobTag();
            opByTag.put(e.getJobTag(), o);
        }
        long t = e.getEventTimeMs() > 0 ? e.getEventTimeMs() : -1;
        switch (e.getPhase()) {
            case STARTED -> {
                o.startMs = t;
                o.sessionId = e.getSessionId();
                o.userId = e.getUserId();
                o.statement = e.getStatementText();
            }
            case ANALYZED -> o.analyzedMs = t;
            case READY_FOR_EXECUTION -> o.readyMs = t;
            case FINISHED -> {
                o.finishMs = t;
                o.rows = e.getProducedRowCount();
                o.end = o.end == null ? e.getPhase() : o.end;
            }
            case FAILED, CANCELED -> {
                // Spark posts Finished before a failure found while sending results; the failure wins.
                o.finishMs = o.finishMs < 0 ? t : o.finishMs;
                o.error = e.getErrorMessage() != null ? e.getErrorMessage() : o.error;
                o.end = e.getPhase();
            }
            case CLOSED -> o.closeMs = t;
            default -> {
            }
        }
    }

    /** Links the job to its operation; false when it carries no Connect operation tag. */
    private boolean attach(int jobId, List<String> tags) {
        for (String tag : tags) {
            OpState o = opByTag.get(tag);
            ConnectJobTag parsed = ConnectJobTag.parse(tag);
            if (o == null && parsed != null) {
                // The operation's own events were not captured (or lost): known from the tag alone.
                o = ops.computeIfAbsent(parsed.operationId(), OpState::new);
                if (o.jobTag == null) {
                    o.jobTag = tag;
                    opByTag.put(tag, o);
                }
            }
            if (o != null) {
                if (o.sessionId == null && parsed != null) {
                    o.sessionId = parsed.sessionId();
                }
                if (o.userId == null && parsed != null) {
                    o.userId = parsed.userId();
                }
                o.jobs.add(jobId);
                return true;
            }
        }
        return false;
    }

    private ConnectTimeline build(List<Job> jobs, List<Stage> stages, List<Task> tasks, RunStatus status,
            long serverEndMs, long latestMs, List<Integer> untagged) {
        Map<Integer, Job> jobById = new HashMap<>();
        jobs.forEach(job -> jobById.put(job.jobId(), job));
        Map<Integer, List<Stage>> stagesOfJob = new HashMap<>();
        Map<Long, Integer> jobOfStage = new HashMap<>();
        for (Stage s : stages) {
            if (s.jobId() != null) {
                stagesOfJob.computeIfAbsent(s.jobId(), k -> new ArrayList<>()).add(s);
                jobOfStage.put(RunAssembler.stageKey(s.stageId(), s.attemptId()), s.jobId());
            }
        }
        Map<Integer, TaskTotals> taskTotals = new HashMap<>();
        for (Task k : tasks) {
            Integer job = jobOfStage.get(RunAssembler.stageKey(k.stageId(), k.stageAttempt()));
            if (job == null) {
                continue;
            }
            taskTotals.computeIfAbsent(job, x -> new TaskTotals()).add(k);
        }
        Map<String, List<Operation>> opsOfSession = new LinkedHashMap<>();
        for (OpState o : ops.values()) {
            TaskTotals sum = new TaskTotals();
            int failedJobs = 0;
            long lastJobEnd = -1;
            List<Integer> ids = o.jobs.stream().sorted().toList();
            for (int id : ids) {
                TaskTotals v = taskTotals.get(id);
                if (v != null) {
                    sum.add(v);
                }
                Job job = jobById.get(id);
                if (job != null && Boolean.FALSE.equals(job.succeeded())) {
                    failedJobs++;
                }
                lastJobEnd = job == null ? lastJobEnd : Math.max(lastJobEnd, job.endMs());
            }
            String sessionId = o.sessionId == null ? "" : o.sessionId;
            long start = o.startMs >= 0 ? o.startMs : firstJobSubmit(ids, jobById);
            opsOfSession.computeIfAbsent(sessionId, k -> new ArrayList<>()).add(new Operation(o.operationId, sessionId,
                    o.userId, o.jobTag, o.statement, state(o), start, o.analyzedMs, o.readyMs,
                    o.finishMs >= 0 ? o.finishMs : o.end == null && o.closeMs < 0 && o.startMs < 0 ? lastJobEnd : o.finishMs,
                    o.closeMs, o.rows, o.error, ids, failedJobs, sum.tasks, sum.failed, sum.taskTimeMs,
                    sum.inputBytes, sum.shuffleReadBytes, sum.shuffleWriteBytes, sum.spillBytes));
            sessions.computeIfAbsent(sessionId, SessionState::new);
        }
        Map<String, Long> lastOfSession = new HashMap<>();
        long latest = latestMs;
        for (SessionState s : sessions.values()) {
            long last = Math.max(s.startMs, s.closeMs);
            for (Operation o : opsOfSession.getOrDefault(s.sessionId, List.of())) {
                last = Math.max(last, Math.max(Math.max(o.startMs(), o.finishMs()), o.closeMs()));
            }
            lastOfSession.put(s.sessionId, last);
            latest = Math.max(latest, last);
        }
        List<Session> out = new ArrayList<>();
        for (SessionState s : sessions.values()) {
            List<Operation> sessionOps = new ArrayList<>(opsOfSession.getOrDefault(s.sessionId, List.of()));
            sessionOps.sort(Comparator.comparingLong(Operation::startMs).thenComparing(Operation::operationId));
            long last = lastOfSession.get(s.sessionId);
            long start = s.startMs >= 0 ? s.startMs
                    : sessionOps.stream().mapToLong(Operation::startMs).filter(v -> v >= 0).min().orElse(-1);
            String state;
            long end = -1;
            if (s.closeMs >= 0) {
                state = ConnectTimeline.CLOSED;
                end = s.closeMs;
            } else if (status != RunStatus.RUNNING) {
                state = ConnectTimeline.SERVER_ENDED;
                end = serverEndMs;
            } else if (last >= 0 && latest - last >= SESSION_IDLE_MS) {
                state = ConnectTimeline.IDLE;
                end = last;
            } else {
                state = ConnectTimeline.OPEN;
            }
            out.add(new Session(s.sessionId, s.userId != null ? s.userId
                    : sessionOps.stream().map(Operation::userId).filter(u -> u != null).findFirst().orElse(null),
                    start, end, state, last, List.copyOf(sessionOps)));
        }
        out.sort(Comparator.comparingLong(Session::startMs).thenComparing(Session::sessionId));
        return new ConnectTimeline(List.copyOf(out), List.copyOf(untagged));
    }

    private static long firstJobSubmit(List<Integer> ids, Map<Integer, Job> jobById) {
        return ids.stream().map(jobById::get).filter(j -> j != null && j.submitMs() >= 0).mapToLong(Job::submitMs)
                .min().orElse(-1);
    }

    private static String state(OpState o) {
        if (o.end != null) {
            return o.end == ConnectOperationPhase.FINISHED ? Operation.FINISHED
                    : o.end == ConnectOperationPhase.FAILED ? Operation.FAILED : Operation.CANCELED;
        }
        if (o.closeMs >= 0) {
            return "CLOSED";
        }
        return o.startMs >= 0 ? Operation.RUNNING : Operation.UNKNOWN;
    }
}

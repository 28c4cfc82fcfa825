/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.event.ConnectOperation;
import dev.pyrometer.event.ConnectOperationPhase;
import dev.pyrometer.event.ConnectSession;
import dev.pyrometer.event.ConnectSessionPhase;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.Source;
import dev.pyrometer.event.StageSubmitted;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskMetrics;
import dev.pyrometer.event.TaskStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The events a Spark Connect server's listener emits, built by hand: sessions, operations, tagged jobs. */
public final class SyntheticConnectRun {
    public static final String S1 = "0d3f2c4e-1111-4a5b-8c9d-000000000001";
    public static final String S2 = "0d3f2c4e-2222-4a5b-8c9d-000000000002";
    public static final long T0 = 1_763_700_000_000L;
    public static final String APP_ID = "app-connect";
    private final Source driver = Source.newBuilder().setRole(Role.DRIVER).setExecutorId("driver").setHost("h")
            .setPid(1).setInstanceId("drv").setProducer("test").build();
    private final List<Event> events = new ArrayList<>();

    public static String tag(String user, String session, String op) {
        return "SparkConnect_OperationTag_User_" + user + "_Session_" + session + "_Operation_" + op;
    }

    /** Alice (session S1, closed) ran op-a1 (jobs 0, 1); bob (S2, open) ran op-b1 whose job 2 failed; job 3 has no tag. */
    public static SyntheticConnectRun twoSessions() {
        SyntheticConnectRun r = new SyntheticConnectRun();
        r.session(ConnectSessionPhase.STARTED, S1, "alice", T0);
        r.session(ConnectSessionPhase.STARTED, S2, "bob", T0 + 5);
        r.op(ConnectOperationPhase.STARTED, "op-a1", S1, "alice", T0 + 10);
        r.job(0, 0, tag("alice", S1, "op-a1"), true, 4, T0 + 20);
        r.job(1, 1, tag("alice", S1, "op-a1"), true, 2, T0 + 30);
        r.op(ConnectOperationPhase.FINISHED, "op-a1", null, null, T0 + 100);
        r.op(ConnectOperationPhase.STARTED, "op-b1", S2, "bob", T0 + 40);
        r.job(2, 2, tag("bob", S2, "op-b1"), false, 3, T0 + 50);
        r.op(ConnectOperationPhase.FAILED, "op-b1", null, null, T0 + 120);
        r.job(3, 3, null, true, 1, T0 + 60);
        r.session(ConnectSessionPhase.CLOSED, S1, "alice", T0 + 200);
        return r;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    private void emit(Object payload) {
        events.add(Event.newBuilder().setRun(RunRef.newBuilder().setAppId(APP_ID).build()).setSource(driver)
                .setSeq(events.size()).setTimeMicros((T0 + events.size()) * 1000).setPayload(payload).build());
    }

    public void session(ConnectSessionPhase phase, String id, String user, long at) {
        emit(ConnectSession.newBuilder().setPhase(phase).setSessionId(id).setUserId(user).setEventTimeMs(at).build());
    }

    public void op(ConnectOperationPhase phase, String id, String session, String user, long at) {
        ConnectOperation.Builder b = ConnectOperation.newBuilder().setPhase(phase).setOperationId(id)
                .setJobTag(session == null ? "" : tag(user, session, id)).setEventTimeMs(at);
        if (phase == ConnectOperationPhase.STARTED) {
            b.setSessionId(session).setUserId(user).setStatementText("sql { query: \"SELECT " + id + "\" }");
        } else if (phase == ConnectOperationPhase.FAILED) {
            b.setErrorMessage("boom in " + id);
        } else if (phase == ConnectOperationPhase.FINISHED) {
            b.setProducedRowCount(7L);
        }
        emit(b.build());
    }

    public void job(int jobId, int stageId, String tag, boolean ok, int tasks, long at) {
        emit(JobStart.newBuilder().setJobId(jobId).setSubmissionTimeMs(at).setStageIds(List.of(stageId))
                .setTotalTasks(tasks).setJobTags(tag == null ? List.of() : List.of("other-tag", tag)).build());
        emit(StageSubmitted.newBuilder().setStageId(stageId).setAttemptId(0).setName("s").setNumTasks(tasks)
                .setParentIds(List.of()).setRddNames(List.of()).setJobId(jobId).build());
        for (int i = 0; i < tasks; i++) {
            emit(TaskEnd.newBuilder().setTaskId(stageId * 100L + i).setStageId(stageId).setStageAttemptId(0).setIndex(i)
                    .setAttempt(0).setExecutorId("driver").setHost("h").setLaunchTimeMs(at).setFinishTimeMs(at + 50)
                    .setStatus(ok || i > 0 ? TaskStatus.SUCCESS : TaskStatus.FAILED).setSpeculative(false)
                    .setMetrics(TaskMetrics.newBuilder().setInputBytesRead(1000).setShuffleBytesWritten(10).build())
                    .setExecutorMetricPeaks(Collections.emptyMap()).build());
        }
        emit(JobEnd.newBuilder().setJobId(jobId).setCompletionTimeMs(at + 60).setSucceeded(ok).build());
    }

    /** The timeline, with the events fed in reverse: the join must not depend on arrival order. */
    public RunTimeline timeline(RunStatus status) {
        RunAssembler a = new RunAssembler(APP_ID);
        List<Event> reversed = new ArrayList<>(events);
        Collections.reverse(reversed);
        reversed.forEach(e -> a.accept(e, Origin.NONE));
        return a.timeline(status);
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.ConnectTimeline.Operation;
import dev.pyrometer.collector.timeline.ConnectTimeline.Session;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import dev.pyrometer.event.ConnectOperationPhase;
import org.junit.jupiter.api.Test;

class ConnectJoinTest {
    private static final String S1 = SyntheticConnectRun.S1;
    private static final String S2 = SyntheticConnectRun.S2;
    private static final long T0 = SyntheticConnectRun.T0;
    private final SyntheticConnectRun run = new SyntheticConnectRun();

    private static String tag(String user, String session, String op) {
        return SyntheticConnectRun.tag(user, session, op);
    }

    private void op(ConnectOperationPhase phase, String id, String session, String user, long at) {
        run.op(phase, id, session, user, at);
    }

    private void job(int jobId, int stageId, String tag, boolean ok, int tasks, long at) {
        run.job(jobId, stageId, tag, ok, tasks, at);
    }

    private RunTimeline timeline(RunStatus status) {
        return run.timeline(status);
    }

    @Test
    void attributesEveryJobStageAndTaskToItsOperationAndSession() {
        RunTimeline t = SyntheticConnectRun.twoSessions().timeline(RunStatus.RUNNING);
        ConnectTimeline c = t.connect();
        assertThat(c.isConnect()).isTrue();
        Session alice = c.session(S1);
        assertThat(alice.userId()).isEqualTo("alice");
        assertThat(alice.state()).isEqualTo(ConnectTimeline.CLOSED);
        assertThat(alice.complete()).isTrue();
        Operation a1 = alice.operations().get(0);
        assertThat(a1.jobIds()).containsExactly(0, 1);
        assertThat(a1.tasks()).isEqualTo(6);
        assertThat(a1.inputBytes()).isEqualTo(6000);
        assertThat(a1.state()).isEqualTo(Operation.FINISHED);
        assertThat(a1.rows()).isEqualTo(7L);
        assertThat(a1.durationMs()).isEqualTo(90);
        assertThat(a1.statement()).contains("SELECT op-a1");

        Session bob = c.session(S2);
        assertThat(bob.state()).isEqualTo(ConnectTimeline.OPEN);
        Operation b1 = bob.operations().get(0);
        assertThat(b1.state()).isEqualTo(Operation.FAILED);
        assertThat(b1.error()).isEqualTo("boom in op-b1");
        assertThat(b1.failedJobs()).isEqualTo(1);
        assertThat(b1.failedTasks()).isEqualTo(1);
        assertThat(c.operationOfJob(2)).isEqualTo(b1);
        assertThat(c.untaggedJobs()).containsExactly(3);
        assertThat(t.failures()).anySatisfy(f -> {
            assertThat(f.scope()).isEqualTo(FailureScope.OPERATION);
            assertThat(f.ref()).isEqualTo("op-b1");
            assertThat(f.message()).isEqualTo("boom in op-b1");
        });
        assertThat(c.session("0d3f2c4e-1")).isEqualTo(alice);
        assertThat(c.session("0d3f2c4e")).as("ambiguous prefix").isNull();
    }

    @Test
    void aSessionGoesIdleWhenTheServerGoesOnWithoutItAndEndsWithTheServer() {
        op(ConnectOperationPhase.STARTED, "op-1", S1, "alice", T0);
        op(ConnectOperationPhase.FINISHED, "op-1", null, null, T0 + 10);
        op(ConnectOperationPhase.STARTED, "op-2", S2, "bob", T0 + ConnectJoin.SESSION_IDLE_MS + 1000);
        assertThat(timeline(RunStatus.RUNNING).connect().session(S1).state()).isEqualTo(ConnectTimeline.IDLE);
        assertThat(timeline(RunStatus.RUNNING).connect().session(S2).state()).isEqualTo(ConnectTimeline.OPEN);
        assertThat(timeline(RunStatus.COMPLETE).connect().session(S2).state()).isEqualTo(ConnectTimeline.SERVER_ENDED);
    }

    @Test
    void jobsWhoseOperationEventsWereNotCapturedAreAttributedFromTheirTagAlone() {
        job(0, 0, tag("carol", S1, "op-x"), true, 2, T0);
        ConnectTimeline c = timeline(RunStatus.RUNNING).connect();
        Operation x = c.operationOfJob(0);
        assertThat(x.operationId()).isEqualTo("op-x");
        assertThat(x.sessionId()).isEqualTo(S1);
        assertThat(x.userId()).isEqualTo("carol");
        assertThat(x.state()).isEqualTo(Operation.UNKNOWN);
        assertThat(c.session(S1).operations()).containsExactly(x);
    }

    @Test
    void readsTheSwappedTagOfSpark350() {
        ConnectJobTag swapped = ConnectJobTag.parse("SparkConnect_OperationTag_User_" + S1 + "_Session_dave_Operation_op-9");
        assertThat(swapped).isEqualTo(new ConnectJobTag("dave", S1, "op-9"));
        assertThat(ConnectJobTag.parse(tag("erin", S2, "op-1"))).isEqualTo(new ConnectJobTag("erin", S2, "op-1"));
        assertThat(ConnectJobTag.parse("my-own-tag")).isNull();
    }

    @Test
    void aClassicApplicationHasNoConnectTimeline() {
        job(0, 0, null, true, 1, T0);
        assertThat(timeline(RunStatus.COMPLETE).connect()).isEqualTo(ConnectTimeline.NONE);
    }
}

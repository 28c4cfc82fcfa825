/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.SyntheticConnectRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectAttributionTest {
    @Test
    void aFailureFindingOnAConnectServerNamesItsOperationAndSession() {
        RunTimeline t = SyntheticConnectRun.twoSessions().timeline(RunStatus.COMPLETE);
        List<Finding> findings = Diagnosis.of(t);
        Finding failure = findings.stream().filter(f -> f.rule().startsWith("failure/")).findFirst().orElseThrow();
        assertThat(failure.title()).endsWith("[Connect session " + SyntheticConnectRun.S2 + "]");
        assertThat(failure.evidence()).anySatisfy(e -> assertThat(e).startsWith(
                "Spark Connect: operation op-b1 of session " + SyntheticConnectRun.S2 + " (user bob, FAILED): sql {"));
        assertThat(findings).noneSatisfy(f -> assertThat(f.detail()).contains("op-a1"));
    }

    @Test
    void namesTheOperationOfAStageFindingFromItsId() {
        RunTimeline t = SyntheticConnectRun.twoSessions().timeline(RunStatus.COMPLETE);
        Finding skew = new Finding("skew-1.0", Finding.Severity.WARNING, "slowness/skew", "Skew in stage 1.0", "x", "y",
                List.of("slowest task 9 s"));
        Finding annotated = ConnectAttribution.annotate(t, List.of(skew)).get(0);
        assertThat(annotated.title()).isEqualTo("Skew in stage 1.0 [Connect session " + SyntheticConnectRun.S1 + "]");
        assertThat(annotated.evidence()).contains("slowest task 9 s").anySatisfy(e -> assertThat(e)
                .startsWith("Spark Connect: operation op-a1 of session " + SyntheticConnectRun.S1 + " (user alice"));
    }

    @Test
    void leavesFindingsOfAClassicApplicationAlone() {
        Finding f = new Finding("skew-1.0", Finding.Severity.WARNING, "slowness/skew", "Skew", "x", "y", List.of());
        RunTimeline classic = SyntheticConnectRun.twoSessions().timeline(RunStatus.COMPLETE);
        assertThat(ConnectAttribution.annotate(withoutConnect(classic), List.of(f))).containsExactly(f);
    }

    private static RunTimeline withoutConnect(RunTimeline t) {
        return new RunTimeline(t.app(), t.status(), t.jobs(), t.stages(), t.tasks(), t.executors(), t.processes(),
                t.jvmSamples(), t.py4jStats(), t.py4jOutliers(), t.serializerStats(), t.failures(), t.loss(),
                t.inconsistencies(), t.clockOffsetsMsByHost(), t.eventCount());
    }
}

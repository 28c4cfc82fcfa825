/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline.LossVerdict;
import dev.pyrometer.collector.timeline.RunTimeline.SourceLoss;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.ExecutorMetricsUpdate;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-source gap arithmetic: missing sequence numbers = drops the emitter counted in its
 * latest report + unaccounted, with duplicates, any arrival order, and JVMs that never sent their
 * final report.
 */
class LossAccountingTest {
    private static final RunRef RUN = RunRef.newBuilder().setAppId("app-loss").build();
    private static final long T0_MS = 1_760_000_000_000L;

    private static Source source(String instance, Role role, String executorId) {
        return Source.newBuilder().setInstanceId(instance).setRole(role).setExecutorId(executorId).setHost("h")
                .setPid(100).build();
    }

    private static Event event(Source s, long seq, Object payload) {
        return Event.newBuilder().setRun(RUN).setSource(s).setSeq(seq).setTimeMicros((T0_MS + seq) * 1000)
                .setPayload(payload).build();
    }

    private static Event filler(Source s, long seq) {
        return event(s, seq, ExecutorMetricsUpdate.newBuilder().setExecutorId("x").build());
    }

    private static Event report(Source s, long seq, boolean atShutdown, Map<String, Long> dropped) {
        return event(s, seq, SelfMetrics.newBuilder().setDropped(dropped).setAtShutdown(atShutdown).build());
    }

    private static RunTimeline join(List<Event> events, RunStatus status) {
        RunAssembler a = new RunAssembler("app-loss");
        events.forEach(e -> a.accept(e, Origin.NONE));
        return a.timeline(status);
    }

    private static SourceLoss of(RunTimeline t, String instance) {
        return t.loss().sources().stream().filter(s -> s.instanceId().equals(instance)).findFirst().orElseThrow();
    }

    /**
     * Source "closed": seq 0..20, the emitter dropped 5, 6, 7 (counted: 2 queue_full, 1 bytes_full),
     * 12 was lost on the way (not counted), 20 is the final report; two producer duplicates.
     * Source "killed": seq 0..30, 4 dropped and counted in the report at 10, 25 dropped after that
     * report (its count died with the JVM), no final report.
     */
    private static List<Event> twoSources() {
        Source closed = source("closed", Role.DRIVER, "driver");
        Source killed = source("killed", Role.EXECUTOR, "1");
        List<Event> events = new ArrayList<>();
        for (long s = 0; s < 20; s++) {
            if (!Set.of(5L, 6L, 7L, 12L).contains(s)) {
                events.add(filler(closed, s));
            }
        }
        // Drops that take no sequence number (offered after the final report, with Pyrometer disabled, or turned
        // away by the agent before the emitter) are no gap.
        events.add(report(closed, 20, true, Map.of("queue_full", 2L, "bytes_full", 1L, "after_final_report", 4L,
                "disabled", 9L, "agent.py4j.after_final_export", 3L, "agent.py4j.outlier_queue_full", 5L)));
        events.add(filler(closed, 1));
        events.add(filler(closed, 8));
        for (long s = 0; s <= 30; s++) {
            if (s == 4 || s == 25) {
                continue;
            }
            events.add(s == 10 ? report(killed, s, false, Map.of("queue_full", 1L)) : filler(killed, s));
        }
        return events;
    }

    @Test
    void gapsAreCountedDropsPlusUnaccountedPerSource() {
        RunTimeline t = join(twoSources(), RunStatus.COMPLETE);
        SourceLoss closed = of(t, "closed");
        assertThat(closed.events()).isEqualTo(17);
        assertThat(closed.firstSeq()).isZero();
        assertThat(closed.maxSeq()).isEqualTo(20);
        assertThat(closed.seqGaps()).isEqualTo(4);
        assertThat(closed.countedDrops()).isEqualTo(3);
        assertThat(closed.unaccounted()).isEqualTo(1);
        assertThat(closed.finalReport()).isTrue();
        assertThat(closed.verdict()).isEqualTo(LossVerdict.FINAL_REPORT);

        SourceLoss killed = of(t, "killed");
        assertThat(killed.events()).isEqualTo(29);
        assertThat(killed.maxSeq()).isEqualTo(30);
        assertThat(killed.seqGaps()).isEqualTo(2);
        assertThat(killed.countedDrops()).isEqualTo(1);
        assertThat(killed.unaccounted()).isEqualTo(1);
        assertThat(killed.finalReport()).isFalse();
        assertThat(killed.verdict()).isEqualTo(LossVerdict.ENDED_WITHOUT_FINAL_REPORT);
        assertThat(killed.lastEventMs()).isEqualTo(T0_MS + 30);

        assertThat(t.loss().duplicates()).isEqualTo(2);
        assertThat(t.loss().seqGaps()).isEqualTo(6);
        assertThat(t.loss().countedDrops()).isEqualTo(4);
        assertThat(t.loss().unaccounted()).isEqualTo(2);
        assertThat(t.loss().seqGaps()).isEqualTo(t.loss().countedDrops() + t.loss().unaccounted());
        assertThat(t.loss().lostEvents()).isEqualTo(6);
        assertThat(t.loss().endedWithoutFinalReport()).extracting(SourceLoss::instanceId).containsExactly("killed");
    }

    @Test
    void anyArrivalOrderGivesTheSameAccounting() {
        RunTimeline inOrder = join(twoSources(), RunStatus.COMPLETE);
        for (int seed = 0; seed < 20; seed++) {
            List<Event> shuffled = new ArrayList<>(twoSources());
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(join(shuffled, RunStatus.COMPLETE).loss()).isEqualTo(inOrder.loss());
        }
    }

    @Test
    void anOlderReportArrivingLastDoesNotReplaceTheLatest() {
        Source s = source("s", Role.EXECUTOR, "2");
        List<Event> events = new ArrayList<>();
        events.add(report(s, 30, true, Map.of("queue_full", 5L)));
        for (long q = 0; q < 30; q++) {
            if (q < 10 || q >= 15) {
                events.add(filler(s, q));
            }
        }
        events.add(report(s, 12, false, Map.of("queue_full", 1L)));
        SourceLoss l = of(join(events, RunStatus.COMPLETE), "s");
        // 10..14 missing except the report at 12 that did arrive: 4 gaps; the final report counted 5 drops,
        // one of them an event that did arrive (a send Kafka reported failed but wrote): unaccounted -1.
        assertThat(l.seqGaps()).isEqualTo(4);
        assertThat(l.countedDrops()).isEqualTo(5);
        assertThat(l.unaccounted()).isEqualTo(-1);
    }

    @Test
    void whileTheRunIsOpenNoSourceIsJudged() {
        RunTimeline t = join(twoSources(), RunStatus.RUNNING);
        assertThat(t.loss().sources()).extracting(SourceLoss::verdict).containsOnly(LossVerdict.OPEN);
        assertThat(t.loss().endedWithoutFinalReport()).isEmpty();
        // A driver killed without an application end: the run closes by the idle timeout and is judged.
        RunTimeline ended = join(twoSources(), RunStatus.ENDED_WITHOUT_APP_END);
        assertThat(ended.loss().endedWithoutFinalReport()).extracting(SourceLoss::instanceId).containsExactly("killed");
    }

    @Test
    void aMissingHeadCountsAsGapsFromZero() {
        Source s = source("late", Role.EXECUTOR, "3");
        List<Event> events = new ArrayList<>();
        for (long q = 3; q <= 9; q++) {
            events.add(filler(s, q));
        }
        events.add(report(s, 10, true, Map.of()));
        SourceLoss l = of(join(events, RunStatus.COMPLETE), "late");
        assertThat(l.firstSeq()).isEqualTo(3);
        assertThat(l.seqGaps()).isEqualTo(3);
        assertThat(l.unaccounted()).isEqualTo(3);
    }
}

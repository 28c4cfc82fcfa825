/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunAssembler.SourceState;
import dev.pyrometer.collector.timeline.RunTimeline.Loss;
import dev.pyrometer.collector.timeline.RunTimeline.LossVerdict;
import dev.pyrometer.collector.timeline.RunTimeline.SourceLoss;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.DropReasons;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The timeline's loss accounting: per source, its sequence numbers against its emitter's latest report. */
final class LossProjection {
    private LossProjection() {
    }

    static Loss loss(Collection<SourceState> sources, long duplicates, RunStatus status, SourceClock clock) {
        List<SourceLoss> out = new ArrayList<>();
        for (SourceState s : sources) {
            out.add(source(s, status, clock));
        }
        out.sort(Comparator.comparing(SourceLoss::instanceId));
        return new Loss(out, duplicates);
    }

    private static SourceLoss source(SourceState s, RunStatus status, SourceClock clock) {
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
        return new SourceLoss(inst, s.source.getRole().name(), s.source.getExecutorId(), s.source.getHost(),
                s.source.getPid(), s.seqs.count(), s.seqs.minSeq(), s.seqs.maxSeq(), s.seqs.gaps(), counted,
                s.finalReport, clock.ms(inst, s.lastEventMicros), verdict, dropped, suppressed, bus);
    }
}

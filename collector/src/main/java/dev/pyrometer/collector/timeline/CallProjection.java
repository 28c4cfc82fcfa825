/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunAssembler.Tagged;
import dev.pyrometer.collector.timeline.RunTimeline.Py4jOutlier;
import dev.pyrometer.collector.timeline.RunTimeline.Py4jStat;
import dev.pyrometer.collector.timeline.RunTimeline.SerializerStat;
import dev.pyrometer.event.Py4jCallOutlier;
import dev.pyrometer.event.Py4jCallStats;
import dev.pyrometer.event.SerializerStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The timeline's Py4J and serializer call statistics, from the agents' interval reports, on the driver's clock. */
final class CallProjection {
    private CallProjection() {
    }

    static List<Py4jStat> py4jStats(List<Tagged<Py4jCallStats>> stats, SourceClock clock) {
        List<Py4jStat> out = new ArrayList<>();
        for (Tagged<Py4jCallStats> t : stats) {
            Py4jCallStats s = t.payload();
            String i = t.instanceId();
            out.add(new Py4jStat(clock.executorOf(i), clock.ms(i, s.getIntervalStartMicros()),
                    clock.ms(i, s.getIntervalEndMicros()), s.getTargetClass(), s.getMethod(), s.getCount(), s.getErrors(),
                    s.getTotalMicros(), s.getMaxMicros(), s.getTotalResponseChars(), s.getMaxResponseChars()));
        }
        out.sort(Comparator.comparingLong(Py4jStat::startMs).thenComparing(Py4jStat::targetClass)
                .thenComparing(Py4jStat::method));
        return out;
    }

    static List<Py4jOutlier> py4jOutliers(List<Tagged<Py4jCallOutlier>> outliers, SourceClock clock) {
        List<Py4jOutlier> out = new ArrayList<>();
        for (Tagged<Py4jCallOutlier> t : outliers) {
            Py4jCallOutlier o = t.payload();
            String i = t.instanceId();
            out.add(new Py4jOutlier(clock.executorOf(i), clock.ms(i, o.getStartMicros()), o.getDurationMicros(),
                    o.getTargetClass(), o.getMethod(), o.getResponseChars(), o.getReason().name(), o.getThreadName(),
                    o.getJobGroup(), o.getError() == null ? null : o.getError().getClassName(),
                    o.getError() == null ? null : o.getError().getMessage()));
        }
        out.sort(Comparator.comparingLong(Py4jOutlier::startMs));
        return out;
    }

    static List<SerializerStat> serializerStats(List<Tagged<SerializerStats>> stats, SourceClock clock) {
        List<SerializerStat> out = new ArrayList<>();
        for (Tagged<SerializerStats> t : stats) {
            SerializerStats s = t.payload();
            String i = t.instanceId();
            out.add(new SerializerStat(clock.executorOf(i), clock.ms(i, s.getIntervalStartMicros()),
                    clock.ms(i, s.getIntervalEndMicros()), s.getSerializer(), s.getOperation(), s.getCount(), s.getBytes(),
                    s.getTotalMicros(), s.getMaxMicros(), s.getMaxBytes(), s.getErrors(), s.getTaskId()));
        }
        out.sort(Comparator.comparingLong(SerializerStat::startMs).thenComparing(SerializerStat::serializer)
                .thenComparing(SerializerStat::operation));
        return out;
    }
}

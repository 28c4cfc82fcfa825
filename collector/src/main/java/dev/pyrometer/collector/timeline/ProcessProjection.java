/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunAssembler.Tagged;
import dev.pyrometer.collector.timeline.RunTimeline.JvmPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessKind;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessSeries;
import dev.pyrometer.collector.timeline.RunTimeline.PythonDumpRow;
import dev.pyrometer.event.JvmSample;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.PythonStackDump;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timeline's process series, JVM samples and Python stack dumps, from the agents' samples,
 * on the driver's clock.
 */
final class ProcessProjection {
    private ProcessProjection() {
    }

    /** One process as one process-tree sample saw it. */
    private record Sighting(Tagged<ProcessTreeSample> sample, ProcessInfo process) {
        long timeMicros() {
            return sample.timeMicros();
        }
    }

    /**
     * A series' CPU as its last sample reported it: its exited children's that it waited for
     * (-1 when the agent does not report it), and its own plus those.
     */
    private record ChildCpu(long reapedNanos, long ownAndReapedNanos) {
    }

    /** One series per process (source, pid, start time), by first sighting then pid. */
    static List<ProcessSeries> processes(List<Tagged<ProcessTreeSample>> samples, SourceClock clock) {
        Map<String, List<Sighting>> byKey = new LinkedHashMap<>();
        for (Tagged<ProcessTreeSample> t : samples) {
            for (ProcessInfo p : t.payload().getProcesses()) {
                String key = t.instanceId() + "|" + p.getPid() + "|" + p.getStartTimeMicros();
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Sighting(t, p));
            }
        }
        List<ProcessSeries> out = new ArrayList<>();
        Map<ProcessSeries, ChildCpu> cpu = new IdentityHashMap<>();
        for (List<Sighting> sightings : byKey.values()) {
            sightings.sort(Comparator.comparingLong(Sighting::timeMicros));
            ProcessSeries series = series(sightings, clock);
            long reapedNanos = -1;
            for (Sighting o : sightings) {
                Long r = o.process().getReapedChildrenCpuNanos();
                reapedNanos = r == null ? reapedNanos : Math.max(reapedNanos, r);
            }
            ProcessInfo last = sightings.get(sightings.size() - 1).process();
            cpu.put(series, new ChildCpu(reapedNanos, last.getCpuNanos() + Math.max(0, reapedNanos)));
            out.add(series);
        }
        out = unseenChildrenCpu(out, cpu);
        out.sort(Comparator.comparingLong(ProcessSeries::firstMs).thenComparingLong(ProcessSeries::pid));
        return out;
    }

    private static ProcessSeries series(List<Sighting> sightings, SourceClock clock) {
        ProcessInfo last = sightings.get(sightings.size() - 1).process();
        String inst = sightings.get(0).sample().instanceId();
        List<ProcessPoint> points = new ArrayList<>(sightings.size());
        long peak = 0;
        boolean exited = false;
        long firstSeenMicros = Long.MAX_VALUE;
        ProcessInfo gone = null;
        for (Sighting o : sightings) {
            ProcessInfo p = o.process();
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
            points.add(new ProcessPoint(clock.ms(inst, o.timeMicros()), p.getRssBytes(), p.getPssBytes(),
                    p.getCpuNanos() / 1_000_000, p.getTaskId()));
        }
        if (points.isEmpty()) {
            // A process that lived between two samples: the agent saw it once, when it was created.
            long at = gone.getFirstSeenMicros() > 0 ? gone.getFirstSeenMicros() : sightings.get(0).timeMicros();
            points.add(new ProcessPoint(clock.ms(inst, at), gone.getRssBytes(), gone.getPssBytes(),
                    gone.getCpuNanos() / 1_000_000, gone.getTaskId()));
        }
        long firstMs = points.get(0).timeMs();
        if (firstSeenMicros != Long.MAX_VALUE) {
            firstMs = Math.min(firstMs, clock.ms(inst, firstSeenMicros));
        }
        long lastMs = points.get(points.size() - 1).timeMs();
        if (gone != null && gone.getLastSeenMicros() != null && gone.getLastSeenMicros() > 0) {
            // event-v3: the exit time the JVM saw (a process it started), or the last sighting.
            lastMs = Math.max(lastMs, clock.ms(inst, gone.getLastSeenMicros()));
        }
        return new ProcessSeries(inst, clock.executorOf(inst), clock.hostOf(inst), last.getPid(), last.getPpid(),
                ProcessKind.of(last.getKind()), last.getCommand(), clock.ms(inst, last.getStartTimeMicros()), firstMs,
                lastMs, exited, peak, points);
    }

    /**
     * A parent's reaped-children CPU less the final CPU (own and reaped) of its exited children
     * the samples saw: what its children used that no sample saw. Only parents that reported
     * reaped CPU (event-v3 agents) get a value.
     */
    private static List<ProcessSeries> unseenChildrenCpu(List<ProcessSeries> all, Map<ProcessSeries, ChildCpu> cpu) {
        Map<String, Long> seenByParent = new HashMap<>();
        for (ProcessSeries c : all) {
            if (c.exited()) {
                seenByParent.merge(c.sourceInstance() + "|" + c.ppid(), cpu.get(c).ownAndReapedNanos(), Long::sum);
            }
        }
        List<ProcessSeries> out = new ArrayList<>(all.size());
        for (ProcessSeries p : all) {
            long reaped = cpu.get(p).reapedNanos();
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

    static List<JvmPoint> jvmSamples(List<Tagged<JvmSample>> samples, SourceClock clock) {
        List<JvmPoint> out = new ArrayList<>();
        for (Tagged<JvmSample> t : samples) {
            JvmSample s = t.payload();
            long gcTime = s.getGcTimeMs().values().stream().mapToLong(Long::longValue).sum();
            long gcCount = s.getGcCount().values().stream().mapToLong(Long::longValue).sum();
            out.add(new JvmPoint(t.instanceId(), clock.executorOf(t.instanceId()), clock.ms(t.instanceId(), t.timeMicros()),
                    s.getHeapUsed(), s.getHeapCommitted(), s.getHeapMax(), s.getNonHeapUsed(),
                    s.getDirectBufferBytes(), gcTime, gcCount, s.getRssBytes(),
                    s.getProcessCpuNanos() < 0 ? -1 : s.getProcessCpuNanos() / 1_000_000, s.getCgroupMemoryLimit()));
        }
        out.sort(Comparator.comparingLong(JvmPoint::timeMs).thenComparing(JvmPoint::sourceInstance));
        return out;
    }

    static List<PythonDumpRow> pythonDumps(List<Tagged<PythonStackDump>> dumps, SourceClock clock) {
        List<PythonDumpRow> out = new ArrayList<>();
        for (Tagged<PythonStackDump> t : dumps) {
            PythonStackDump d = t.payload();
            out.add(new PythonDumpRow(clock.ms(t.instanceId(), d.getTimeMicros()), clock.executorOf(t.instanceId()),
                    d.getPid(), d.getTaskId(), d.getOrdinal(), d.getServingMillis(), d.getText(), d.getTruncated()));
        }
        out.sort(Comparator.comparingLong(PythonDumpRow::timeMs));
        return out;
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunAssembler.SourceState;
import dev.pyrometer.collector.timeline.RunAssembler.Tagged;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.SerializerFailure;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskStart;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's sources (one per emitting JVM) and their clocks: which executor and host an event's
 * source is, and its source-clock microseconds as driver-clock milliseconds, corrected by the
 * offset {@link ClockOffsets} estimates for the source's host.
 */
final class SourceClock {
    private final Map<String, SourceState> sources;
    private final String driverHost;
    private final Map<String, Long> offsetByHostMicros;
    private final Map<String, Long> offsetByInstance = new HashMap<>();

    private SourceClock(Map<String, SourceState> sources, String driverHost, Map<String, Long> offsetByHostMicros) {
        this.sources = sources;
        this.driverHost = driverHost;
        this.offsetByHostMicros = offsetByHostMicros;
        sources.forEach((id, s) -> offsetByInstance.put(id, offsetByHostMicros.getOrDefault(hostOf(s), 0L)));
    }

    /**
     * Estimates every host's offset from the executor-side events that name a task (tagged
     * process samples, serializer failures) against the driver's launch and finish of that task.
     *
     * @param driverHost the host of the source that sent the application start, null when none did
     */
    static SourceClock estimate(Map<String, SourceState> sources, String driverHost,
            List<Tagged<ProcessTreeSample>> processSamples, List<Tagged<SerializerFailure>> serializerFailures,
            Map<Long, Tagged<TaskStart>> taskStarts, Map<Long, Tagged<TaskEnd>> taskEnds) {
        String driver = driverHost != null ? driverHost : roleHost(sources);
        ClockOffsets clocks = new ClockOffsets();
        for (Tagged<ProcessTreeSample> t : processSamples) {
            String host = hostOf(sources, t.instanceId());
            if (host.equals(driver)) {
                continue;
            }
            for (ProcessInfo p : t.payload().getProcesses()) {
                if (p.getTaskId() != null) {
                    observeTask(clocks, host, t.timeMicros(), taskStarts.get(p.getTaskId()), taskEnds.get(p.getTaskId()));
                }
            }
        }
        for (Tagged<SerializerFailure> t : serializerFailures) {
            String host = hostOf(sources, t.instanceId());
            Long task = t.payload().getTaskId();
            if (!host.equals(driver) && task != null) {
                observeTask(clocks, host, t.payload().getTimeMicros(), taskStarts.get(task), taskEnds.get(task));
            }
        }
        return new SourceClock(sources, driver, clocks.estimateMicros(driver));
    }

    private static String roleHost(Map<String, SourceState> sources) {
        for (SourceState s : sources.values()) {
            if (s.source.getRole() == Role.DRIVER) {
                return s.source.getHost();
            }
        }
        return "";
    }

    private static void observeTask(ClockOffsets clocks, String host, long execMicros, Tagged<TaskStart> start,
            Tagged<TaskEnd> end) {
        long launch = end != null ? end.payload().getLaunchTimeMs() : start != null ? start.payload().getLaunchTimeMs() : -1;
        long finish = end != null ? end.payload().getFinishTimeMs() : -1;
        clocks.observe(host, execMicros, launch, finish);
    }

    private static String hostOf(Map<String, SourceState> sources, String instanceId) {
        SourceState s = sources.get(instanceId);
        return s == null ? "" : hostOf(s);
    }

    private static String hostOf(SourceState s) {
        return s.source.getHost();
    }

    /** The driver's host: the application start's source, else the driver-role source's, else "". */
    String driverHost() {
        return driverHost;
    }

    /** The host of a source, "" for one never seen. */
    String hostOf(String instanceId) {
        return hostOf(sources, instanceId);
    }

    /** The executor id of a source, "" for one never seen or without an executor. */
    String executorOf(String instanceId) {
        SourceState s = sources.get(instanceId);
        return s == null || s.source.getExecutorId() == null ? "" : s.source.getExecutorId();
    }

    /** Source-clock microseconds to driver-clock milliseconds; -1 for an unknown time. */
    long ms(String instanceId, long micros) {
        if (micros <= 0) {
            return -1;
        }
        return (micros - offsetByInstance.getOrDefault(instanceId, 0L)) / 1000;
    }

    /** A host's clock offset in milliseconds, 0 when not estimated. */
    long offsetMs(String host) {
        return Math.round(offsetByHostMicros.getOrDefault(host, 0L) / 1000.0);
    }

    /** Every estimated host's offset in milliseconds, by host. */
    Map<String, Long> offsetsMsByHost() {
        Map<String, Long> out = new TreeMap<>();
        offsetByHostMicros.keySet().forEach(h -> out.put(h, offsetMs(h)));
        return out;
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.event.ApplicationEnd;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.event.ConnectOperation;
import dev.pyrometer.event.ConnectSession;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.ExecutorAdded;
import dev.pyrometer.event.ExecutorRemoved;
import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.JvmSample;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.Py4jCallOutlier;
import dev.pyrometer.event.Py4jCallStats;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.SerializerFailure;
import dev.pyrometer.event.SerializerStats;
import dev.pyrometer.event.Source;
import dev.pyrometer.event.SqlExecutionEnd;
import dev.pyrometer.event.StageCompleted;
import dev.pyrometer.event.StageSubmitted;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskStart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the events of one run, in any order and with duplicates, into a {@link RunTimeline}.
 * Pure: plain Avro event objects in, plain records out; no Kafka, no database. An event is
 * identified by (source.instanceId, seq): a second copy is counted and ignored, so replaying
 * a partition from any offset is harmless. Not thread-safe.
 */
public final class RunAssembler {
    private final String runId;
    private RunRef runRef;
    private final Map<String, SourceState> sources = new LinkedHashMap<>();
    private long duplicates;
    private long accepted;

    private ApplicationStart appStart;
    private String driverHost;
    private ApplicationEnd appEnd;
    final Map<Integer, JobStart> jobStarts = new HashMap<>();
    final Map<Integer, JobEnd> jobEnds = new HashMap<>();
    final Map<Long, StageSubmitted> stageSubmits = new HashMap<>();
    final Map<Long, StageCompleted> stageCompletions = new HashMap<>();
    final Map<Long, Tagged<TaskStart>> taskStarts = new HashMap<>();
    final Map<Long, Tagged<TaskEnd>> taskEnds = new HashMap<>();
    final Map<String, ExecutorAdded> executorsAdded = new LinkedHashMap<>();
    final Map<String, ExecutorRemoved> executorsRemoved = new HashMap<>();
    final List<Tagged<ProcessTreeSample>> processSamples = new ArrayList<>();
    final List<Tagged<JvmSample>> jvmSamples = new ArrayList<>();
    final List<Tagged<Py4jCallStats>> py4jStats = new ArrayList<>();
    final List<Tagged<Py4jCallOutlier>> py4jOutliers = new ArrayList<>();
    final List<Tagged<SerializerStats>> serializerStats = new ArrayList<>();
    final List<Tagged<SerializerFailure>> serializerFailures = new ArrayList<>();
    final List<Tagged<dev.pyrometer.event.PythonStackDump>> pythonDumps = new ArrayList<>();
    final List<SqlExecutionEnd> sqlEnds = new ArrayList<>();
    final List<ConnectOperation> connectOperations = new ArrayList<>();
    final List<ConnectSession> connectSessions = new ArrayList<>();

    /** A payload with the source, time and position of its event. */
    record Tagged<T>(T payload, String instanceId, long seq, long timeMicros, Origin origin) {
    }

    /** What one source (one JVM's emitter) has sent. */
    static final class SourceState {
        final Source source;
        final SequenceTracker seqs = new SequenceTracker();
        SelfMetrics latestSelfMetrics;
        long latestSelfMetricsSeq = -1;
        /** Whether the emitter's last report (SelfMetrics with atShutdown) arrived. */
        boolean finalReport;
        /** Source-clock time (epoch micros) of the event with the highest sequence number. */
        long lastEventMicros = -1;

        SourceState(Source source) {
            this.source = source;
        }
    }

    public RunAssembler(String runId) {
        this.runId = runId;
    }

    /** The run id of an event: the application id, with the attempt when the cluster manager retried the driver. */
    public static String runIdOf(RunRef run) {
        String attempt = run.getAttemptId();
        return attempt == null || attempt.isEmpty() ? run.getAppId() : run.getAppId() + "/" + attempt;
    }

    public String runId() {
        return runId;
    }

    /** Events accepted (duplicates excluded). */
    public long eventCount() {
        return accepted;
    }

    public boolean applicationEndSeen() {
        return appEnd != null;
    }

    /**
     * Adds one event. Returns false (and counts a duplicate) when the same source sent this
     * sequence number before.
     */
    public boolean accept(Event event, Origin origin) {
        Source src = event.getSource();
        SourceState state = sources.computeIfAbsent(src.getInstanceId(), k -> new SourceState(src));
        if (!state.seqs.add(event.getSeq())) {
            duplicates++;
            return false;
        }
        accepted++;
        if (event.getSeq() == state.seqs.maxSeq()) {
            state.lastEventMicros = event.getTimeMicros();
        }
        if (runRef == null) {
            runRef = event.getRun();
        }
        dispatch(event, state, origin);
        return true;
    }

    private void dispatch(Event e, SourceState state, Origin origin) {
        Object p = e.getPayload();
        String inst = state.source.getInstanceId();
        long seq = e.getSeq();
        long t = e.getTimeMicros();
        if (p instanceof ApplicationStart a) {
            appStart = a;
            driverHost = state.source.getHost();
        } else if (p instanceof ApplicationEnd a) {
            appEnd = a;
        } else if (p instanceof JobStart j) {
            jobStarts.put(j.getJobId(), j);
        } else if (p instanceof JobEnd j) {
            jobEnds.put(j.getJobId(), j);
        } else if (p instanceof StageSubmitted s) {
            stageSubmits.put(stageKey(s.getStageId(), s.getAttemptId()), s);
        } else if (p instanceof StageCompleted s) {
            stageCompletions.put(stageKey(s.getStageId(), s.getAttemptId()), s);
        } else if (p instanceof TaskStart ts) {
            taskStarts.put(ts.getTaskId(), new Tagged<>(ts, inst, seq, t, origin));
        } else if (p instanceof TaskEnd te) {
            taskEnds.put(te.getTaskId(), new Tagged<>(te, inst, seq, t, origin));
        } else if (p instanceof ExecutorAdded a) {
            executorsAdded.put(a.getExecutorId(), a);
        } else if (p instanceof ExecutorRemoved r) {
            executorsRemoved.put(r.getExecutorId(), r);
        } else if (p instanceof ProcessTreeSample s) {
            processSamples.add(new Tagged<>(s, inst, seq, t, origin));
        } else if (p instanceof JvmSample s) {
            jvmSamples.add(new Tagged<>(s, inst, seq, t, origin));
        } else if (p instanceof Py4jCallStats s) {
            py4jStats.add(new Tagged<>(s, inst, seq, t, origin));
        } else if (p instanceof Py4jCallOutlier o) {
            py4jOutliers.add(new Tagged<>(o, inst, seq, t, origin));
        } else if (p instanceof SerializerStats s) {
            serializerStats.add(new Tagged<>(s, inst, seq, t, origin));
        } else if (p instanceof SerializerFailure f) {
            serializerFailures.add(new Tagged<>(f, inst, seq, t, origin));
        } else if (p instanceof dev.pyrometer.event.PythonStackDump d) {
            pythonDumps.add(new Tagged<>(d, inst, seq, t, origin));
        } else if (p instanceof SqlExecutionEnd s) {
            // An empty message (older listeners, some Spark versions) is a success, not a failure.
            if (s.getError() != null && !s.getError().isBlank()) {
                sqlEnds.add(s);
            }
        } else if (p instanceof ConnectOperation o) {
            connectOperations.add(o);
        } else if (p instanceof ConnectSession c) {
            connectSessions.add(c);
        } else if (p instanceof SelfMetrics m) {
            // Counts are cumulative per emitter: the highest sequence number holds the latest totals.
            if (seq > state.latestSelfMetricsSeq) {
                state.latestSelfMetrics = m;
                state.latestSelfMetricsSeq = seq;
            }
            if (m.getAtShutdown()) {
                state.finalReport = true;
            }
        }
        // ExecutorMetricsUpdate and SQL starts carry nothing the timeline shows yet.
    }

    static long stageKey(int stageId, int attempt) {
        return ((long) stageId << 32) | (attempt & 0xffffffffL);
    }

    /** Builds the immutable timeline as of now. */
    public RunTimeline timeline(RunStatus status) {
        return TimelineBuilder.build(this, status);
    }

    // Read by TimelineBuilder only, which hands each projection the events it needs.
    RunRef runRef() {
        return runRef;
    }

    ApplicationStart appStart() {
        return appStart;
    }

    ApplicationEnd appEnd() {
        return appEnd;
    }

    String driverHost() {
        return driverHost;
    }

    Map<String, SourceState> sources() {
        return sources;
    }

    long duplicates() {
        return duplicates;
    }
}

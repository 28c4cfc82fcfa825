/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import java.util.List;

/**
 * What a Spark Connect server did per client: its sessions, each with its operations (a
 * client's query or command) and the Spark jobs each ran. Empty for a classic application.
 * Times are epoch milliseconds on the driver's clock; -1 means unknown.
 *
 * @param sessions       by start time
 * @param untaggedJobs   jobs of a Connect server that carry no operation tag (the server's own work)
 */
public record ConnectTimeline(List<Session> sessions, List<Integer> untaggedJobs) {
    public static final ConnectTimeline NONE = new ConnectTimeline(List.of(), List.of());

    /** Session states: closed by the client or the server, idle, still open, or open when the server ended. */
    public static final String CLOSED = "CLOSED";
    public static final String IDLE = "IDLE";
    public static final String OPEN = "OPEN";
    public static final String SERVER_ENDED = "SERVER_ENDED";

    /** Whether the run was a Spark Connect server with at least one client session or operation. */
    public boolean isConnect() {
        return !sessions.isEmpty();
    }

    /** The session with this id (or whose id starts with it, when only one does), or null. */
    public Session session(String idOrPrefix) {
        Session found = null;
        for (Session s : sessions) {
            if (s.sessionId().equals(idOrPrefix)) {
                return s;
            }
            if (s.sessionId().startsWith(idOrPrefix)) {
                if (found != null) {
                    return null;
                }
                found = s;
            }
        }
        return found;
    }

    /** The operation that ran this job, or null. */
    public Operation operationOfJob(int jobId) {
        for (Session s : sessions) {
            for (Operation o : s.operations()) {
                if (o.jobIds().contains(jobId)) {
                    return o;
                }
            }
        }
        return null;
    }

    public List<Operation> operations() {
        return sessions.stream().flatMap(s -> s.operations().stream()).toList();
    }

    /**
     * One client session. {@code state}: {@link #CLOSED}, {@link #IDLE} (no activity for the idle
     * time while the server went on), {@link #OPEN}, or {@link #SERVER_ENDED}; complete unless OPEN.
     */
    public record Session(String sessionId, String userId, long startMs, long endMs, String state,
            long lastActivityMs, List<Operation> operations) {
        public boolean complete() {
            return !OPEN.equals(state);
        }

        public long failedOperations() {
            return operations.stream().filter(o -> Operation.FAILED.equals(o.state())).count();
        }
    }

    /**
     * One operation with the totals of its jobs' tasks. {@code state}: RUNNING, FINISHED, FAILED,
     * CANCELED, CLOSED (closed without a finish seen) or UNKNOWN (known only from a job's tag).
     */
    public record Operation(String operationId, String sessionId, String userId, String jobTag, String statement,
            String state, long startMs, long analyzedMs, long readyMs, long finishMs, long closeMs, Long rows,
            String error, List<Integer> jobIds, int failedJobs, int tasks, int failedTasks, long taskTimeMs,
            long inputBytes, long shuffleReadBytes, long shuffleWriteBytes, long spillBytes) {
        public static final String RUNNING = "RUNNING";
        public static final String FINISHED = "FINISHED";
        public static final String FAILED = "FAILED";
        public static final String CANCELED = "CANCELED";
        public static final String UNKNOWN = "UNKNOWN";

        /** Start to finish (or to close), -1 while unknown. */
        public long durationMs() {
            long end = finishMs >= 0 ? finishMs : closeMs;
            return startMs < 0 || end < 0 ? -1 : end - startMs;
        }
    }
}

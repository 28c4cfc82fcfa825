/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.collector.timeline.ConnectTimeline.Operation;
import dev.pyrometer.collector.timeline.ConnectTimeline.Session;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Spark Connect tables of a run (schema.sql): {@code connect_sessions},
 * {@code connect_operations} and {@code connect_operation_jobs}, which links each job of the
 * {@code jobs} table to its operation (a table of its own, so stores made before it need no
 * migration of {@code jobs}).
 */
final class ConnectRows {
    private ConnectRows() {
    }

    static void declare(Map<String, String[]> columns) {
        columns.put("connect_sessions", DerivedRows.cols("run_id session_id user_id state start_ms end_ms last_activity_ms "
                + "operations failed_operations jobs tasks"));
        columns.put("connect_operations", DerivedRows.cols("run_id operation_id session_id user_id job_tag statement state start_ms "
                + "analyzed_ms ready_ms finish_ms close_ms duration_ms rows_produced error jobs failed_jobs tasks "
                + "failed_tasks task_time_ms input_bytes shuffle_read_bytes shuffle_write_bytes spill_bytes"));
        columns.put("connect_operation_jobs", DerivedRows.cols("run_id job_id operation_id session_id"));
    }

    static void add(Map<String, List<Object[]>> out, RunTimeline t) {
        String id = t.app().runId();
        List<Object[]> sessions = new ArrayList<>();
        List<Object[]> operations = new ArrayList<>();
        List<Object[]> jobs = new ArrayList<>();
        for (Session s : t.connect().sessions()) {
            sessions.add(new Object[] {id, s.sessionId(), s.userId(), s.state(), s.startMs(), s.endMs(),
                    s.lastActivityMs(), s.operations().size(), (int) s.failedOperations(),
                    s.operations().stream().mapToInt(o -> o.jobIds().size()).sum(),
                    s.operations().stream().mapToInt(Operation::tasks).sum()});
            for (Operation o : s.operations()) {
                operations.add(new Object[] {id, o.operationId(), o.sessionId(), o.userId(), o.jobTag(), o.statement(),
                        o.state(), o.startMs(), o.analyzedMs(), o.readyMs(), o.finishMs(), o.closeMs(), o.durationMs(),
                        o.rows(), o.error(), o.jobIds().size(), o.failedJobs(), o.tasks(), o.failedTasks(),
                        o.taskTimeMs(), o.inputBytes(), o.shuffleReadBytes(), o.shuffleWriteBytes(), o.spillBytes()});
                for (int job : o.jobIds()) {
                    jobs.add(new Object[] {id, job, o.operationId(), o.sessionId()});
                }
            }
        }
        out.put("connect_sessions", sessions);
        out.put("connect_operations", operations);
        out.put("connect_operation_jobs", jobs);
    }
}

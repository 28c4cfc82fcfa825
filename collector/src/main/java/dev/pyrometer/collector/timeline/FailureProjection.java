/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunAssembler.Tagged;
import dev.pyrometer.collector.timeline.RunTimeline.Failure;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import dev.pyrometer.event.ExceptionInfo;
import dev.pyrometer.event.ExecutorRemoved;
import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.Py4jCallOutlier;
import dev.pyrometer.event.SerializerFailure;
import dev.pyrometer.event.SqlExecutionEnd;
import dev.pyrometer.event.StageCompleted;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The timeline's failures: each method takes one kind of event and adds the failures among
 * them; {@link #sorted()} gives them all by time, scope and ref.
 */
final class FailureProjection {
    private final SourceClock clock;
    private final List<Failure> out = new ArrayList<>();

    FailureProjection(SourceClock clock) {
        this.clock = clock;
    }

    FailureProjection operations(List<ConnectTimeline.Operation> operations) {
        for (ConnectTimeline.Operation o : operations) {
            if (ConnectTimeline.Operation.FAILED.equals(o.state())) {
                out.add(new Failure(o.finishMs(), FailureScope.OPERATION, o.operationId(), null,
                        FailureKind.CONNECT_OPERATION_FAILED, null, o.error(), null));
            }
        }
        return this;
    }

    FailureProjection tasks(Collection<Tagged<TaskEnd>> ends) {
        for (Tagged<TaskEnd> t : ends) {
            TaskEnd e = t.payload();
            TaskFailure f = e.getFailure();
            if (f == null) {
                continue;
            }
            ExceptionInfo x = f.getException();
            out.add(new Failure(e.getFinishTimeMs(), FailureScope.TASK, Long.toString(e.getTaskId()), e.getExecutorId(),
                    FailureKind.of(f.getKind()), x == null ? null : x.getClassName(),
                    x != null && x.getMessage() != null ? x.getMessage() : f.getDescription(),
                    x == null ? null : x.getStackTrace()));
        }
        return this;
    }

    FailureProjection stages(Collection<StageCompleted> completions) {
        for (StageCompleted c : completions) {
            if (c.getFailureReason() != null) {
                out.add(new Failure(c.getCompletionTimeMs() == null ? -1 : c.getCompletionTimeMs(), FailureScope.STAGE,
                        c.getStageId() + "." + c.getAttemptId(), null, FailureKind.STAGE_FAILED, null, c.getFailureReason(),
                        null));
            }
        }
        return this;
    }

    FailureProjection jobs(Collection<JobEnd> ends) {
        for (JobEnd j : ends) {
            if (!j.getSucceeded()) {
                ExceptionInfo x = j.getFailure();
                out.add(new Failure(j.getCompletionTimeMs(), FailureScope.JOB, Integer.toString(j.getJobId()), null,
                        FailureKind.JOB_FAILED, x == null ? null : x.getClassName(), x == null ? null : x.getMessage(),
                        x == null ? null : x.getStackTrace()));
            }
        }
        return this;
    }

    FailureProjection executors(Collection<ExecutorRemoved> removals) {
        for (ExecutorRemoved r : removals) {
            // Dynamic allocation releases idle executors on purpose; that is not a failure.
            if (!r.getReason().toLowerCase(Locale.ROOT).contains("killed by driver")) {
                out.add(new Failure(r.getTimeMs(), FailureScope.EXECUTOR, r.getExecutorId(), r.getExecutorId(),
                        FailureKind.EXECUTOR_REMOVED, null, r.getReason(), null));
            }
        }
        return this;
    }

    /** SQL executions that ended with an error (the assembler keeps only those). */
    FailureProjection sql(Collection<SqlExecutionEnd> failed) {
        for (SqlExecutionEnd s : failed) {
            out.add(new Failure(s.getTimeMs(), FailureScope.SQL, Long.toString(s.getExecutionId()), null,
                    FailureKind.SQL_FAILED, null, s.getError(), null));
        }
        return this;
    }

    FailureProjection serializers(List<Tagged<SerializerFailure>> failures) {
        for (Tagged<SerializerFailure> t : failures) {
            SerializerFailure f = t.payload();
            ExceptionInfo x = f.getException();
            FailureKind kind = f.getKryoBufferOverflow() ? FailureKind.KRYO_BUFFER_OVERFLOW : FailureKind.SERIALIZER_ERROR;
            out.add(new Failure(clock.ms(t.instanceId(), f.getTimeMicros()), FailureScope.SERIALIZER,
                    f.getSerializer() + "." + f.getOperation() + (f.getTaskId() == null ? "" : " task " + f.getTaskId()),
                    clock.executorOf(t.instanceId()), kind, x == null ? null : x.getClassName(),
                    x == null ? null : x.getMessage(), x == null ? null : x.getStackTrace()));
        }
        return this;
    }

    /** Py4J calls that threw (outliers carry their error). */
    FailureProjection py4j(List<Tagged<Py4jCallOutlier>> outliers) {
        for (Tagged<Py4jCallOutlier> t : outliers) {
            Py4jCallOutlier o = t.payload();
            ExceptionInfo x = o.getError();
            if (x != null) {
                out.add(new Failure(clock.ms(t.instanceId(), o.getStartMicros()), FailureScope.PY4J,
                        o.getTargetClass() + "." + o.getMethod(), clock.executorOf(t.instanceId()),
                        FailureKind.PY4J_CALL_FAILED, x.getClassName(), x.getMessage(), x.getStackTrace()));
            }
        }
        return this;
    }

    /** All failures added, by time, then scope and ref as text. */
    List<Failure> sorted() {
        List<Failure> all = new ArrayList<>(out);
        all.sort(Comparator.comparingLong(Failure::timeMs).thenComparing(f -> f.scope().wire())
                .thenComparing(Failure::ref));
        return all;
    }
}

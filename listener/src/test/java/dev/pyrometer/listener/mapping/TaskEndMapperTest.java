/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskFailureKind;
import dev.pyrometer.event.TaskStatus;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.FetchFailed;
import org.apache.spark.Resubmitted$;
import org.apache.spark.Success$;
import org.apache.spark.TaskCommitDenied;
import org.apache.spark.TaskKilled;
import org.apache.spark.TaskResultLost$;
import org.apache.spark.UnknownReason$;
import org.apache.spark.storage.BlockManagerId;
import org.junit.jupiter.api.Test;

class TaskEndMapperTest {
    private final LossCounters counters = new LossCounters();
    private final TaskFailureMapper failures =
            new TaskFailureMapper(new TextLimit(64 * 1024, counters.counting(CounterNames.TRUNCATED_STRINGS)));
    private final TaskEndMapper mapper = new TaskEndMapper(null, failures, ExecutorMetricReader.resolve(), null);

    @Test
    void mapsIdentityTimesAndEveryMetricOfASuccessfulTask() {
        TaskEnd e = mapper.map(SparkEvents.taskEnd(Success$.MODULE$, null, SparkEvents.metrics()));
        assertThat(e.getTaskId()).isEqualTo(42);
        assertThat(e.getIndex()).isEqualTo(3);
        assertThat(e.getAttempt()).isEqualTo(1);
        assertThat(e.getStageId()).isEqualTo(4);
        assertThat(e.getExecutorId()).isEqualTo("exec-7");
        assertThat(e.getHost()).isEqualTo("host-a");
        assertThat(e.getLocality()).isEqualTo("NODE_LOCAL");
        assertThat(e.getSpeculative()).isTrue();
        assertThat(e.getLaunchTimeMs()).isEqualTo(1_000L);
        assertThat(e.getFinishTimeMs()).isEqualTo(1_250L);
        assertThat(e.getTaskType()).isEqualTo("ResultTask");
        assertThat(e.getStatus()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(e.getFailure()).isNull();
        assertThat(e.getExecutorMetricPeaks()).isEmpty();
        dev.pyrometer.event.TaskMetrics m = e.getMetrics();
        assertThat(m.getExecutorRunTimeMs()).isEqualTo(200);
        assertThat(m.getExecutorCpuNanos()).isEqualTo(150_000_000L);
        assertThat(m.getJvmGcTimeMs()).isEqualTo(7);
        assertThat(m.getResultSizeBytes()).isEqualTo(1234);
        assertThat(m.getPeakExecutionMemoryBytes()).isEqualTo(1 << 20);
        assertThat(m.getMemoryBytesSpilled()).isEqualTo(11);
        assertThat(m.getDiskBytesSpilled()).isEqualTo(12);
        assertThat(m.getInputBytesRead()).isEqualTo(4096);
        assertThat(m.getInputRecordsRead()).isEqualTo(40);
        assertThat(m.getShuffleBytesWritten()).isEqualTo(2048);
        assertThat(m.getShuffleRecordsWritten()).isEqualTo(20);
        assertThat(m.getShuffleWriteTimeNanos()).isEqualTo(999);
        assertThat(m.getShuffleRemoteBytesRead()).isEqualTo(300);
        assertThat(m.getShuffleLocalBytesRead()).isEqualTo(400);
        assertThat(m.getShuffleRecordsRead()).isEqualTo(30);
        assertThat(m.getShuffleFetchWaitTimeMs()).isEqualTo(5);
    }

    @Test
    void keepsNonZeroExecutorMetricPeaksByName() {
        ExecutorMetricReader reader = ExecutorMetricReader.resolve();
        assertThat(reader.usesArray()).isTrue();
        long[] values = new long[reader.size()];
        values[0] = 123_456;
        TaskEnd e = mapper.map(SparkEvents.taskEnd(Success$.MODULE$, SparkEvents.peaks(values), SparkEvents.metrics()));
        assertThat(e.getExecutorMetricPeaks()).containsExactly(org.assertj.core.api.Assertions.entry("JVMHeapMemory", 123_456L));
    }

    @Test
    void keepsAnExceptionWithItsNestedCauseWhole() {
        Exception boom = new IllegalStateException("outer message", new IllegalArgumentException("the nested cause"));
        TaskEnd e = mapper.map(SparkEvents.taskEnd(SparkEvents.exceptionFailure(boom), null, SparkEvents.metrics()));
        assertThat(e.getStatus()).isEqualTo(TaskStatus.FAILED);
        assertThat(e.getFailure().getKind()).isEqualTo(TaskFailureKind.EXCEPTION);
        assertThat(e.getFailure().getCountTowardsTaskFailures()).isTrue();
        assertThat(e.getFailure().getDescription()).isEqualTo("java.lang.IllegalStateException: outer message");
        assertThat(e.getFailure().getException().getClassName()).isEqualTo("java.lang.IllegalStateException");
        assertThat(e.getFailure().getException().getMessage()).isEqualTo("outer message");
        assertThat(e.getFailure().getException().getStackTrace())
                .contains("Caused by: java.lang.IllegalArgumentException: the nested cause")
                .contains("TaskEndMapperTest");
        assertThat(e.getFailure().getException().getTruncated()).isFalse();
    }

    @Test
    void cutsALongPythonTracebackAndMarksIt() {
        StringBuilder traceback = new StringBuilder("Traceback (most recent call last):\n");
        while (traceback.length() < 10_000) {
            traceback.append("  File \"job.py\", line 12, in f\n");
        }
        TaskFailureMapper small = new TaskFailureMapper(new TextLimit(1000, counters.counting(CounterNames.TRUNCATED_STRINGS)));
        TaskEndMapper m = new TaskEndMapper(null, small, ExecutorMetricReader.resolve(), null);
        Exception py = new RuntimeException(traceback.toString());
        TaskEnd e = m.map(SparkEvents.taskEnd(SparkEvents.exceptionFailure(py), null, null));
        String message = e.getFailure().getException().getMessage();
        assertThat(message).startsWith("Traceback (most recent call last):")
                .endsWith("...[truncated " + (traceback.length() - 1000) + " chars]");
        assertThat(e.getFailure().getException().getTruncated()).isTrue();
        assertThat(e.getMetrics()).isNull();
        assertThat(counters.counter(CounterNames.TRUNCATED_STRINGS)).isPositive();
    }

    @Test
    void mapsEveryOtherKindOfTaskEndReason() {
        TaskKilled killed = new TaskKilled("Stage cancelled", SparkEvents.noAccums(), SparkEvents.emptySeq(), SparkEvents.emptySeq());
        TaskEnd k = mapper.map(SparkEvents.taskEnd(killed, null, null));
        assertThat(k.getStatus()).isEqualTo(TaskStatus.KILLED);
        assertThat(k.getFailure().getKind()).isEqualTo(TaskFailureKind.TASK_KILLED);
        assertThat(k.getFailure().getKillReason()).isEqualTo("Stage cancelled");

        FetchFailed ff = new FetchFailed(BlockManagerId.apply("exec-2", "host-b", 7337, scala.Option.<String>empty()),
                5, 17L, 3, 9, "connection reset");
        TaskEnd f = mapper.map(SparkEvents.taskEnd(ff, null, null));
        assertThat(f.getStatus()).isEqualTo(TaskStatus.FAILED);
        assertThat(f.getFailure().getKind()).isEqualTo(TaskFailureKind.FETCH_FAILED);
        assertThat(f.getFailure().getFetchShuffleId()).isEqualTo(5);
        assertThat(f.getFailure().getFetchMapIndex()).isEqualTo(3);
        assertThat(f.getFailure().getFetchReduceId()).isEqualTo(9);
        assertThat(f.getFailure().getFetchBlockManagerAddress()).contains("exec-2").contains("host-b");
        assertThat(f.getFailure().getCountTowardsTaskFailures()).isFalse();

        ExecutorLostFailure lost = new ExecutorLostFailure("exec-3", false, scala.Option.apply("Container killed: exit 137"));
        TaskEnd l = mapper.map(SparkEvents.taskEnd(lost, null, null));
        assertThat(l.getFailure().getKind()).isEqualTo(TaskFailureKind.EXECUTOR_LOST);
        assertThat(l.getFailure().getLostExecutorId()).isEqualTo("exec-3");
        assertThat(l.getFailure().getExitCausedByApp()).isFalse();
        assertThat(l.getFailure().getDescription()).contains("exit 137");

        TaskEnd d = mapper.map(SparkEvents.taskEnd(new TaskCommitDenied(1, 2, 3), null, null));
        assertThat(d.getStatus()).isEqualTo(TaskStatus.KILLED);
        assertThat(d.getFailure().getKind()).isEqualTo(TaskFailureKind.COMMIT_DENIED);

        assertThat(mapper.map(SparkEvents.taskEnd(TaskResultLost$.MODULE$, null, null)).getFailure().getKind())
                .isEqualTo(TaskFailureKind.RESULT_LOST);
        assertThat(mapper.map(SparkEvents.taskEnd(Resubmitted$.MODULE$, null, null)).getFailure().getKind())
                .isEqualTo(TaskFailureKind.RESUBMITTED);
        assertThat(mapper.map(SparkEvents.taskEnd(UnknownReason$.MODULE$, null, null)).getFailure().getKind())
                .isEqualTo(TaskFailureKind.UNKNOWN);
    }
}

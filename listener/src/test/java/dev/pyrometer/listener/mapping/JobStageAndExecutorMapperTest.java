/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.event.ExecutorMetricsUpdate;
import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.StageSubmitted;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.collection.JavaConverters;

class JobStageAndExecutorMapperTest {
    private final LossCounters counters = new LossCounters();
    private final TextLimit limit = new TextLimit(100, counters.counting(CounterNames.TRUNCATED_STRINGS));
    private final JobStageMapper jobs = new JobStageMapper(limit, new TaskFailureMapper(limit));

    @Test
    void mapsJobPropertiesAndForgetsItsStagesWhenItEnds() {
        StageInfo a = stage(3, 2);
        StageInfo b = stage(4, 5);
        Properties p = new Properties();
        p.setProperty("spark.jobGroup.id", "etl");
        p.setProperty("callSite.short", "count at job.py:42");
        p.setProperty("spark.sql.execution.id", "17");
        p.setProperty("spark.job.description", new String(new char[500]).replace('\0', 'd'));
        JobStart s = jobs.jobStart(new SparkListenerJobStart(9, 1000L, seq(a, b), p));
        assertThat(s.getStageIds()).containsExactly(3, 4);
        assertThat(s.getTotalTasks()).isEqualTo(7);
        assertThat(s.getJobGroup()).isEqualTo("etl");
        assertThat(s.getCallSite()).isEqualTo("count at job.py:42");
        assertThat(s.getSqlExecutionId()).isEqualTo(17L);
        assertThat(s.getDescription()).endsWith("...[truncated 400 chars]");

        StageSubmitted sub = jobs.stageSubmitted(a);
        assertThat(sub.getJobId()).isEqualTo(9);
        assertThat(sub.getParentIds()).containsExactly(1);
        assertThat(jobs.trackedStages()).isEqualTo(2);

        JobEnd end = jobs.jobEnd(new SparkListenerJobEnd(9, 2000L, new JobFailed(new RuntimeException("stage failed"))));
        assertThat(end.getSucceeded()).isFalse();
        assertThat(end.getFailure().getMessage()).isEqualTo("stage failed");
        assertThat(jobs.trackedStages()).isZero();
    }

    @Test
    void sendsAtMostOneHeartbeatPerExecutorPerInterval() {
        ExecutorMetricReader reader = ExecutorMetricReader.resolve();
        ExecutorMapper executors = new ExecutorMapper(reader, 10_000);
        long[] low = new long[reader.size()];
        long[] high = new long[reader.size()];
        low[0] = 100;
        high[0] = 300;
        Map<Tuple2<Object, Object>, ExecutorMetrics> updates = new HashMap<>();
        updates.put(new Tuple2<Object, Object>(1, 0), new ExecutorMetrics(low));
        updates.put(new Tuple2<Object, Object>(2, 0), new ExecutorMetrics(high));
        SparkListenerExecutorMetricsUpdate e = new SparkListenerExecutorMetricsUpdate("exec-1", seq(),
                JavaConverters.mapAsScalaMapConverter(updates).asScala());
        ExecutorMetricsUpdate first = executors.metricsUpdate(e, 50_000);
        assertThat(first.getExecutorId()).isEqualTo("exec-1");
        assertThat(first.getMetrics()).containsEntry("JVMHeapMemory", 300L);
        assertThat(executors.metricsUpdate(e, 55_000)).isNull();
        assertThat(executors.metricsUpdate(e, 60_000)).isNotNull();
    }

    private static StageInfo stage(int id, int tasks) {
        return new StageInfo(id, 0, "stage " + id, tasks, seq(), seq((Object) 1), "details", null, null, scala.Option.empty(), 0, false, 0);
    }

    @SafeVarargs
    private static <T> scala.collection.Seq<T> seq(T... xs) {
        return JavaConverters.asScalaBufferConverter(Arrays.asList(xs)).asScala().toSeq();
    }
}

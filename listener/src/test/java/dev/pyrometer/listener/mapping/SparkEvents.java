/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import java.util.Collections;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.TaskEndReason;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Real Spark listener events built by hand for mapping tests (Spark 3.5 / Scala 2.12 constructors). */
final class SparkEvents {
    private SparkEvents() {
    }

    static TaskInfo taskInfo(long taskId) {
        TaskInfo info = new TaskInfo(taskId, 3, 1, 3, 1_000L, "exec-7", "host-a", TaskLocality.NODE_LOCAL(), true);
        info.markFinished(org.apache.spark.TaskState.FINISHED(), 1_250L);
        return info;
    }

    static TaskMetrics metrics() {
        TaskMetrics m = TaskMetrics.empty();
        m.setExecutorRunTime(200);
        m.setExecutorCpuTime(150_000_000L);
        m.setJvmGCTime(7);
        m.setResultSize(1234);
        m.setPeakExecutionMemory(1 << 20);
        m.incMemoryBytesSpilled(11);
        m.incDiskBytesSpilled(12);
        m.inputMetrics().setBytesRead(4096);
        m.inputMetrics().setRecordsRead(40);
        m.shuffleWriteMetrics().incBytesWritten(2048);
        m.shuffleWriteMetrics().incRecordsWritten(20);
        m.shuffleWriteMetrics().incWriteTime(999);
        m.shuffleReadMetrics().incRemoteBytesRead(300);
        m.shuffleReadMetrics().incLocalBytesRead(400);
        m.shuffleReadMetrics().incRecordsRead(30);
        m.shuffleReadMetrics().incFetchWaitTime(5);
        return m;
    }

    static ExecutorMetrics peaks(long... values) {
        return new ExecutorMetrics(values);
    }

    static SparkListenerTaskEnd taskEnd(TaskEndReason reason, ExecutorMetrics peaks, TaskMetrics metrics) {
        return new SparkListenerTaskEnd(4, 0, "ResultTask", reason, taskInfo(42), peaks, metrics);
    }

    static ExceptionFailure exceptionFailure(Throwable t) {
        return new ExceptionFailure(t, emptySeq());
    }

    static <T> Seq<T> emptySeq() {
        return JavaConverters.asScalaBufferConverter(Collections.<T>emptyList()).asScala().toSeq();
    }

    static Seq<AccumulableInfo> noAccums() {
        return emptySeq();
    }
}

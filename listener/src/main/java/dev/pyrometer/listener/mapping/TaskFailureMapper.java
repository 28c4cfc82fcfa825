/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.event.ExceptionInfo;
import dev.pyrometer.event.TaskFailure;
import dev.pyrometer.event.TaskFailureKind;
import dev.pyrometer.wire.TextLimit;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.FetchFailed;
import org.apache.spark.TaskCommitDenied;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.TaskKilled;

/**
 * Maps every kind of Spark {@code TaskEndReason} other than success to a {@link TaskFailure},
 * keeping exception messages (a PySpark traceback) and stack traces whole up to the limit.
 */
public final class TaskFailureMapper {
    private final TextLimit limit;

    public TaskFailureMapper(TextLimit limit) {
        this.limit = limit;
    }

    /** The failure, or null for success (or a reason that is not a failure). */
    public TaskFailure map(TaskEndReason reason) {
        if (!(reason instanceof TaskFailedReason)) {
            return null;
        }
        TaskFailedReason r = (TaskFailedReason) reason;
        TaskFailure f = TaskFailure.newBuilder().build();
        f.setCountTowardsTaskFailures(r.countTowardsTaskFailures());
        if (r instanceof ExceptionFailure) {
            ExceptionFailure e = (ExceptionFailure) r;
            f.setKind(TaskFailureKind.EXCEPTION);
            ExceptionInfo info = exception(e.className(), e.description(), stackTraceOf(e));
            f.setException(info);
            f.setDescription(e.className() + ": " + firstLine(info.getMessage()));
            return f;
        }
        f.setDescription(limit.cut(r.toErrorString()));
        if (r instanceof FetchFailed) {
            FetchFailed ff = (FetchFailed) r;
            f.setKind(TaskFailureKind.FETCH_FAILED);
            f.setFetchBlockManagerAddress(ff.bmAddress() == null ? null : ff.bmAddress().toString());
            f.setFetchShuffleId(ff.shuffleId());
            f.setFetchMapIndex(ff.mapIndex());
            f.setFetchReduceId(ff.reduceId());
        } else if (r instanceof ExecutorLostFailure) {
            ExecutorLostFailure el = (ExecutorLostFailure) r;
            f.setKind(TaskFailureKind.EXECUTOR_LOST);
            f.setLostExecutorId(el.execId());
            f.setExitCausedByApp(el.exitCausedByApp());
        } else if (r instanceof TaskKilled) {
            f.setKind(TaskFailureKind.TASK_KILLED);
            f.setKillReason(limit.cut(((TaskKilled) r).reason()));
        } else if (r instanceof TaskCommitDenied) {
            f.setKind(TaskFailureKind.COMMIT_DENIED);
        } else {
            f.setKind(kindByName(r.getClass().getName()));
        }
        return f;
    }

    /** Case objects (Resubmitted, TaskResultLost, UnknownReason) matched by name: their classes are Scala objects. */
    private static TaskFailureKind kindByName(String className) {
        if (className.endsWith("Resubmitted$")) {
            return TaskFailureKind.RESUBMITTED;
        }
        if (className.endsWith("TaskResultLost$")) {
            return TaskFailureKind.RESULT_LOST;
        }
        return TaskFailureKind.UNKNOWN;
    }

    private static String stackTraceOf(ExceptionFailure e) {
        String full = e.fullStackTrace();
        if (full != null && !full.isEmpty()) {
            return full;
        }
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] st = e.stackTrace();
        if (st != null) {
            for (StackTraceElement el : st) {
                sb.append("\tat ").append(el).append('\n');
            }
        }
        return sb.toString();
    }

    /** An ExceptionInfo for a Throwable (job failures): class, message and the printed stack trace with causes. */
    public ExceptionInfo exception(Throwable t) {
        return limit.exception(t);
    }

    ExceptionInfo exception(String className, String message, String stackTrace) {
        return limit.exception(className, message, stackTrace);
    }

    private String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 1000 ? line.substring(0, 1000) : line;
    }
}

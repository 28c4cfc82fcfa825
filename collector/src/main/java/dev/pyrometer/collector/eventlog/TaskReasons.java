/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

import static dev.pyrometer.collector.eventlog.SparkJson.bool;
import static dev.pyrometer.collector.eventlog.SparkJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.event.ExceptionInfo;
import dev.pyrometer.event.TaskFailure;
import dev.pyrometer.event.TaskFailureKind;
import dev.pyrometer.event.TaskStatus;
import dev.pyrometer.wire.TextLimit;

/**
 * A task's end reason and a job's failure from their event-log JSON, filled as the listener's
 * TaskFailureMapper fills them from the live objects. Where the listener keeps Spark's
 * {@code toErrorString()} text, the same text is rebuilt from the logged fields, so the
 * diagnosis rules that read it (executor lost, fetch failed, ...) match either way.
 */
final class TaskReasons {
    /**
     * The event log keeps a job failure's message and stack but not its class; the DAGScheduler
     * fails every job with a SparkException, which is what the listener records live.
     */
    static final String JOB_FAILURE_CLASS = "org.apache.spark.SparkException";

    private final TextLimit limit;

    TaskReasons(TextLimit limit) {
        this.limit = limit;
    }

    /** Spark's own accounting (AppStatusListener): commit denied counts as killed, like TaskKilled. */
    static TaskStatus status(JsonNode reason) {
        String r = text(reason, "Reason");
        if (r == null) {
            return TaskStatus.UNKNOWN;
        }
        return switch (r) {
            case "Success" -> TaskStatus.SUCCESS;
            case "TaskKilled", "TaskCommitDenied" -> TaskStatus.KILLED;
            default -> TaskStatus.FAILED;
        };
    }

    TaskFailure failure(JsonNode reason) {
        String r = text(reason, "Reason");
        if (r == null || r.equals("Success")) {
            return null;
        }
        TaskFailure f = TaskFailure.newBuilder().build();
        switch (r) {
            case "ExceptionFailure" -> {
                String className = text(reason, "Class Name", "");
                ExceptionInfo info = exception(className, text(reason, "Description"), stackTrace(reason));
                f.setKind(TaskFailureKind.EXCEPTION);
                f.setException(info);
                f.setDescription(className + ": " + firstLine(info.getMessage()));
                f.setCountTowardsTaskFailures(true);
                return f;
            }
            case "FetchFailed" -> {
                JsonNode bm = reason.get("Block Manager Address");
                String address = bm == null || bm.isNull() ? null : "BlockManagerId(" + text(bm, "Executor ID") + ", "
                        + text(bm, "Host") + ", " + SparkJson.number(bm, "Port", 0) + ", None)";
                int shuffle = SparkJson.integer(reason, "Shuffle ID", -1);
                int mapIndex = SparkJson.integer(reason, "Map Index", -1);
                long mapId = SparkJson.number(reason, "Map ID", -1);
                int reduce = SparkJson.integer(reason, "Reduce ID", -1);
                f.setKind(TaskFailureKind.FETCH_FAILED);
                f.setDescription(limit.cut("FetchFailed(" + address + ", shuffleId=" + shuffle + ", mapIndex=" + mapIndex
                        + ", mapId=" + mapId + ", reduceId=" + reduce + ", message=\n" + text(reason, "Message") + "\n)"));
                f.setFetchBlockManagerAddress(address);
                f.setFetchShuffleId(shuffle);
                f.setFetchMapIndex(mapIndex);
                f.setFetchReduceId(reduce);
                f.setCountTowardsTaskFailures(false);
            }
            case "ExecutorLostFailure" -> {
                String exec = text(reason, "Executor ID", "");
                boolean byApp = bool(reason, "Exit Caused By App", true);
                String loss = text(reason, "Loss Reason");
                f.setKind(TaskFailureKind.EXECUTOR_LOST);
                f.setDescription(limit.cut("ExecutorLostFailure (executor " + exec + " exited "
                        + (byApp ? "caused by one of the running tasks" : "unrelated to the running tasks") + ")"
                        + (loss == null ? "" : " Reason: " + loss)));
                f.setLostExecutorId(exec);
                f.setExitCausedByApp(byApp);
                f.setCountTowardsTaskFailures(byApp);
            }
            case "TaskKilled" -> {
                String why = text(reason, "Kill Reason", "unknown reason");
                f.setKind(TaskFailureKind.TASK_KILLED);
                f.setDescription(limit.cut("TaskKilled (" + why + ")"));
                f.setKillReason(limit.cut(why));
                f.setCountTowardsTaskFailures(false);
            }
            case "TaskCommitDenied" -> {
                f.setKind(TaskFailureKind.COMMIT_DENIED);
                f.setDescription("TaskCommitDenied (Driver denied task commit) for job: " + text(reason, "Job ID")
                        + ", partition: " + text(reason, "Partition ID") + ", attemptNumber: " + text(reason, "Attempt Number"));
                f.setCountTowardsTaskFailures(false);
            }
            case "Resubmitted" -> {
                f.setKind(TaskFailureKind.RESUBMITTED);
                f.setDescription("Resubmitted (resubmitted due to lost executor)");
                f.setCountTowardsTaskFailures(false);
            }
            case "TaskResultLost" -> {
                f.setKind(TaskFailureKind.RESULT_LOST);
                f.setDescription("TaskResultLost (result lost from block manager)");
                f.setCountTowardsTaskFailures(true);
            }
            default -> {
                f.setKind(TaskFailureKind.UNKNOWN);
                f.setDescription("UnknownReason");
                f.setCountTowardsTaskFailures(true);
            }
        }
        return f;
    }

    /** A failed job's exception: the logged message, and the stack printed the way a Throwable prints it. */
    ExceptionInfo jobFailure(JsonNode exception) {
        if (exception == null || exception.isNull()) {
            return exception(JOB_FAILURE_CLASS, null, JOB_FAILURE_CLASS);
        }
        String message = text(exception, "Message");
        StringBuilder sb = new StringBuilder(JOB_FAILURE_CLASS);
        if (message != null) {
            sb.append(": ").append(message);
        }
        sb.append('\n');
        appendFrames(exception.get("Stack Trace"), sb);
        return exception(JOB_FAILURE_CLASS, message, sb.toString());
    }

    private static String stackTrace(JsonNode reason) {
        String full = text(reason, "Full Stack Trace");
        if (full != null && !full.isEmpty()) {
            return full;
        }
        StringBuilder sb = new StringBuilder();
        appendFrames(reason.get("Stack Trace"), sb);
        return sb.toString();
    }

    /** Frames as StackTraceElement.toString prints them: cls.method(File.java:12). */
    private static void appendFrames(JsonNode frames, StringBuilder sb) {
        if (frames == null || !frames.isArray()) {
            return;
        }
        for (JsonNode f : frames) {
            String file = text(f, "File Name");
            long line = SparkJson.number(f, "Line Number", -1);
            sb.append("\tat ").append(text(f, "Declaring Class", "")).append('.').append(text(f, "Method Name", "")).append('(');
            if (line == -2) {
                sb.append("Native Method");
            } else if (file == null) {
                sb.append("Unknown Source");
            } else {
                sb.append(file);
                if (line >= 0) {
                    sb.append(':').append(line);
                }
            }
            sb.append(")\n");
        }
    }

    private ExceptionInfo exception(String className, String message, String stackTrace) {
        return limit.exception(className, message, stackTrace);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 1000 ? line.substring(0, 1000) : line;
    }
}

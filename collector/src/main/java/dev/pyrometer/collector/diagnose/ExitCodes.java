/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an executor's exit means: Spark's own exit codes ({@code SparkExitCode},
 * {@code ExecutorExitCode}), signals (128 + n), YARN's container exit statuses and the texts the
 * cluster managers write into the loss reason (docs/diagnosis.md has the table).
 */
final class ExitCodes {
    /** What kind of death, which decides the next step. */
    enum Kind {
        HEAP_OOM, CONTAINER_MEMORY, STOPPED, APPLICATION, DISK, HEARTBEAT, ENVIRONMENT, NATIVE_CRASH,
        /** Exit code 1: the process ended on an error, the JVM's or the executor backend's. */
        PROCESS_ERROR,
        /** Exit code 1 from an executor that ran no task and lived briefly: it never got going. */
        STARTUP,
        UNKNOWN
    }

    /** An executor that ran no task and was gone this soon after it was added failed to start. */
    static final long STARTUP_MS = 60_000;

    /** The exit code (null when none was reported) and what it means. */
    record Meaning(Integer code, Kind kind, String text) {
        String describe() {
            return (code == null ? "" : "exit code " + code + ": ") + text;
        }
    }

    private static final Pattern CODE = Pattern.compile(
            "(?i)(?:exited with code|exit code|exit status:?|exited with exit code)\\s*(-?\\d+)");

    private ExitCodes() {
    }

    /** The exit code a loss reason carries, else null. */
    static Integer code(String text) {
        Matcher m = CODE.matcher(text == null ? "" : text);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** The meaning of a loss reason: its texts first (they say more than a code), then its code. */
    static Meaning of(String text) {
        String t = text == null ? "" : text;
        String lower = t.toLowerCase(Locale.ROOT);
        Integer code = code(t);
        if (lower.contains("exceeding physical memory limits") || code != null && code == -104) {
            return new Meaning(code, Kind.CONTAINER_MEMORY, "YARN killed the container for exceeding its physical memory "
                    + "limit (spark.executor.memory + memoryOverhead + pyspark.memory): memory outside the heap grew "
                    + "(Python workers, native or direct buffers)");
        }
        if (lower.contains("exceeding virtual memory limits") || code != null && code == -103) {
            return new Meaning(code, Kind.CONTAINER_MEMORY, "YARN killed the container for exceeding its virtual memory "
                    + "limit (yarn.nodemanager.vmem-check-enabled, vmem-pmem-ratio)");
        }
        if (lower.contains("oomkilled") || lower.contains("possible container oom")) {
            return new Meaning(code, Kind.CONTAINER_MEMORY, "the container was killed for memory (Kubernetes OOMKilled: the"
                    + " pod's memory limit, which counts the heap, memoryOverhead and the Python workers)");
        }
        if (lower.contains("(jvm oom)")) {
            return new Meaning(code, Kind.HEAP_OOM, heapText());
        }
        if (code == null) {
            return new Meaning(null, Kind.UNKNOWN, "no exit code was reported");
        }
        return switch (code) {
            case 1 -> new Meaning(code, Kind.PROCESS_ERROR, "an error that ended the process: exit code 1 is what a JVM "
                    + "returns when it cannot start (an option of spark.executor.extraJavaOptions this Java refuses, a main "
                    + "class, jar or agent it cannot load) and what Spark's executor backend exits with when it cannot "
                    + "create its Executor or reach and register with the driver");
            case 50 -> new Meaning(code, Kind.APPLICATION, "an uncaught exception in an executor thread "
                    + "(SparkExitCode.UNCAUGHT_EXCEPTION)");
            case 51 -> new Meaning(code, Kind.APPLICATION, "an uncaught exception, and another while handling it "
                    + "(SparkExitCode.UNCAUGHT_EXCEPTION_TWICE)");
            case 52 -> new Meaning(code, Kind.HEAP_OOM, heapText());
            case 53 -> new Meaning(code, Kind.DISK, "the executor could not create its local directories "
                    + "(ExecutorExitCode.DISK_STORE_FAILED_TO_CREATE_DIR): spark.local.dir missing, full or not writable");
            case 54, 55 -> new Meaning(code, Kind.DISK, "the external block store failed (ExecutorExitCode "
                    + (code == 54 ? "EXTERNAL_BLOCK_STORE_FAILED_TO_INITIALIZE" : "EXTERNAL_BLOCK_STORE_FAILED_TO_CREATE_DIR")
                    + ")");
            case 56 -> new Meaning(code, Kind.HEARTBEAT, "the executor could not reach the driver with its heartbeats "
                    + "(ExecutorExitCode.HEARTBEAT_FAILURE, after spark.executor.heartbeat.maxFailures): a driver too busy"
                    + " (GC, a large collect) or the network");
            case 57 -> new Meaning(code, Kind.APPLICATION, "the task reaper killed the executor: a killed task did not "
                    + "stop within spark.task.reaper.killTimeout (ExecutorExitCode.KILLED_BY_TASK_REAPER, Spark 4.0+)");
            case 58 -> new Meaning(code, Kind.HEARTBEAT, "its block manager could not re-register with the driver "
                    + "(ExecutorExitCode.BLOCK_MANAGER_REREGISTRATION_FAILED, Spark 4.0+)");
            case 101 -> new Meaning(code, Kind.ENVIRONMENT, "a class was not found when the executor started "
                    + "(SparkExitCode.CLASS_NOT_FOUND, Spark 4.1+): --jars / --packages");
            case 134 -> new Meaning(code, Kind.NATIVE_CRASH, "SIGABRT (128 + 6): the JVM or native code aborted (look "
                    + "for an hs_err_pid file in the executor's working directory)");
            case 137 -> new Meaning(code, Kind.CONTAINER_MEMORY, "SIGKILL (128 + 9): killed from outside, most often by "
                    + "the kernel's OOM killer or the container manager for memory");
            case 139 -> new Meaning(code, Kind.NATIVE_CRASH, "SIGSEGV (128 + 11): a native crash");
            case 143 -> new Meaning(code, Kind.STOPPED, "SIGTERM (128 + 15): the executor was asked to stop (preemption, "
                    + "decommissioning, a node shutting down, or the driver ending)");
            default -> new Meaning(code, Kind.UNKNOWN, code > 128 && code < 160 ? "signal " + (code - 128) : "not a "
                    + "code Spark assigns; the executor's stderr log has the reason");
        };
    }

    /** The meaning of exit code 1 from an executor that never ran a task: it failed to start. */
    static Meaning startup(Meaning m) {
        return new Meaning(m.code(), Kind.STARTUP, "a failure at start-up, before it ran any task (exit code 1: the "
                + "JVM could not start, or Spark's executor backend could not create its Executor or register with the "
                + "driver)");
    }

    private static String heapText() {
        return "a java.lang.OutOfMemoryError: the executor's JVM heap ran out (SparkExitCode.OOM)";
    }
}

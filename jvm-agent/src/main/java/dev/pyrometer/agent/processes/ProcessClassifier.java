/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import dev.pyrometer.event.ProcessKind;

/**
 * Decides what a process of the tree is. The PySpark daemon is recognised by its module name,
 * its workers by being forked from it (same command line) or by running pyspark.worker; a Python
 * process that started a driver JVM, or that a driver JVM started (spark-submit app.py), is the
 * Python driver.
 */
final class ProcessClassifier {
    private final long jvmPid;
    private final long jvmParentPid;
    private final boolean driver;

    ProcessClassifier(long jvmPid, long jvmParentPid, boolean driver) {
        this.jvmPid = jvmPid;
        this.jvmParentPid = jvmParentPid;
        this.driver = driver;
    }

    ProcessKind kind(long pid, long ppid, String comm, String cmdline, ProcessKind parentKind) {
        if (pid == jvmPid) {
            return ProcessKind.JVM;
        }
        if (cmdline.contains("pyspark.daemon")) {
            return parentKind == ProcessKind.PYTHON_DAEMON ? ProcessKind.PYTHON_WORKER : ProcessKind.PYTHON_DAEMON;
        }
        if (cmdline.contains("pyspark.worker") || parentKind == ProcessKind.PYTHON_DAEMON) {
            return ProcessKind.PYTHON_WORKER;
        }
        String exe = executable(comm, cmdline);
        if (exe.startsWith("python")) {
            if (pid == jvmParentPid || (driver && ppid == jvmPid)) {
                return ProcessKind.PYTHON_DRIVER;
            }
            return ProcessKind.PYTHON;
        }
        if (exe.equals("java")) {
            return ProcessKind.JAVA;
        }
        return ProcessKind.OTHER;
    }

    static boolean isPython(String comm, String cmdline) {
        return executable(comm, cmdline).startsWith("python");
    }

    /** Base name of argv[0], falling back to the kernel's command name. */
    static String executable(String comm, String cmdline) {
        String first = cmdline;
        int space = first.indexOf(' ');
        if (space >= 0) {
            first = first.substring(0, space);
        }
        int slash = first.lastIndexOf('/');
        String base = slash >= 0 ? first.substring(slash + 1) : first;
        return base.isEmpty() ? (comm == null ? "" : comm) : base;
    }
}

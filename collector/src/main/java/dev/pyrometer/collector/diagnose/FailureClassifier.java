/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Puts one parsed failure in a {@link FailureCategory} and says what to do next. */
final class FailureClassifier {
    /** The category and the concrete next step for one failure. */
    record Verdict(FailureCategory category, String nextStep) {
    }

    private static final Pattern KRYO_REQUIRED = Pattern.compile("required:\\s*(\\d+)");
    private static final Pattern SIGNAL = Pattern.compile("(?i)(?:signal|killed by)[ :]*(SIG[A-Z]+|\\d+)");
    private static final Pattern PY_VERSIONS = Pattern.compile("different version ([\\d.]+) than that in driver ([\\d.]+)");
    private static final Pattern MODULE = Pattern.compile("No module named '([^']+)'");

    private FailureClassifier() {
    }

    /**
     * @param kind the timeline's failure kind (EXCEPTION, FETCH_FAILED, EXECUTOR_LOST, EXECUTOR_REMOVED ...)
     * @param text everything reported about the failure, for patterns that hide in outer levels
     */
    static Verdict classify(FailureKind kind, CauseChain chain, String text) {
        CauseChain.Level root = chain.innermost();
        String cls = root.className();
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        String all = text == null ? "" : text;
        String lower = all.toLowerCase(Locale.ROOT);

        if (simple.equals("ModuleNotFoundError") || simple.equals("ImportError")) {
            Matcher m = MODULE.matcher(root.message());
            String module = m.find() ? m.group(1) : "the module";
            return new Verdict(FailureCategory.ENVIRONMENT, "The driver can import " + module
                    + " but the executors cannot. Ship it: a zip or .py file with --py-files (or "
                    + "spark.submit.pyFiles / sc.addPyFile), or a packed environment (conda-pack, venv-pack) with "
                    + "--archives env.tar.gz#env and spark.pyspark.python=./env/bin/python.");
        }
        Matcher pv = PY_VERSIONS.matcher(all);
        if (pv.find() || all.contains("PYTHON_VERSION_MISMATCH")) {
            return new Verdict(FailureCategory.ENVIRONMENT, "Driver and executors run different Python versions"
                    + (pv.find(0) ? " (executors " + pv.group(1) + ", driver " + pv.group(2) + ")" : "")
                    + ". Set PYSPARK_PYTHON / spark.pyspark.python to the same interpreter everywhere, or ship one "
                    + "with --archives.");
        }
        if (simple.equals("ClassNotFoundException") || simple.equals("NoClassDefFoundError")
                || simple.equals("NoSuchMethodError") || simple.equals("UnsupportedClassVersionError")
                || simple.equals("InvalidClassException") || simple.equals("AbstractMethodError")) {
            return new Verdict(FailureCategory.ENVIRONMENT, "A class the code needs is missing or in another version"
                    + " on the executors (" + root.text() + "). Ship the jar with --jars (or --packages) so driver and"
                    + " executors load the same version; for a version conflict, check which jar wins on the executors'"
                    + " class path.");
        }
        if (lower.contains("kryo") && lower.contains("buffer overflow")) {
            Matcher m = KRYO_REQUIRED.matcher(all);
            long required = -1;
            while (m.find()) {
                required = Math.max(required, Long.parseLong(m.group(1)));
            }
            String size = required > 0 ? Math.max(64, (required >> 20) + 1 + ((required >> 20) / 2)) + "m" : "a larger size";
            return new Verdict(FailureCategory.TOOLCHAIN, "A single serialized object did not fit Kryo's buffer"
                    + (required > 0 ? " (it needed " + required + " bytes)" : "") + ". Raise spark.kryoserializer.buffer.max"
                    + " to " + size + " (at most 2047m), or avoid serializing such large objects (broadcast, smaller records).");
        }
        if (simple.equals("OutOfMemoryError") || lower.contains("java.lang.outofmemoryerror")) {
            return new Verdict(FailureCategory.TOOLCHAIN, "A JVM ran out of heap (" + root.text() + "). Raise "
                    + "spark.executor.memory (or spark.driver.memory when it is the driver), or lower the memory one task"
                    + " needs: more partitions, no collect() of large data, smaller broadcasts.");
        }
        if (root.python() && simple.equals("MemoryError")) {
            return new Verdict(FailureCategory.TOOLCHAIN, "A Python worker ran out of memory (" + root.text() + "): its "
                    + "allocation failed against spark.executor.pyspark.memory (when set) or the container's limit. Give "
                    + "each task less data (more partitions, no toPandas()/list() of a whole partition in a UDF), or raise "
                    + "spark.executor.pyspark.memory and spark.executor.memoryOverhead.");
        }
        if (simple.startsWith("Py4J") || lower.contains("py4jnetworkerror") || lower.contains("answer from java side is empty")) {
            return new Verdict(FailureCategory.TOOLCHAIN, "The Python driver lost its connection to the JVM (" + root.text()
                    + "); the JVM usually died or was killed first. Look at the driver JVM's memory below and its log for an "
                    + "OutOfMemoryError; raise spark.driver.memory or stop pulling large results through collect()/toPandas().");
        }
        if (lower.contains("sparkcontext was shut down") || lower.contains("stopped sparkcontext")
                || lower.contains("sparkcontext has been shutdown")) {
            return new Verdict(FailureCategory.TOOLCHAIN, "The SparkContext stopped while work was running; this is a "
                    + "consequence. Find the earlier failure that stopped it (often a driver OutOfMemoryError or a killed "
                    + "driver) and fix that.");
        }
        if (isWorkerCrash(lower)) {
            PythonDump dump = PythonDump.find(all);
            if (dump != null && dump.fatalError() != null) {
                CauseChain.Frame f = dump.userFrame();
                return new Verdict(FailureCategory.TOOLCHAIN, "The Python worker crashed (" + dump.fatalError()
                        + ") in native code called from " + f.function() + " at " + f.file() + ":" + f.line()
                        + ", the last Python frame of its fault-handler dump. Look at the C extension or system call "
                        + "made on that line (its arguments, the library's version); a crash in a library's native code "
                        + "often needs another version of it or of its dependencies on the executors.");
            }
            String detail = exitDetail(all);
            if (detail.isEmpty() && lower.contains("fatal python error: segmentation fault")) {
                detail = " by signal SIGSEGV (segmentation fault, from the fault handler's report)";
            }
            return new Verdict(FailureCategory.TOOLCHAIN, (detail.isEmpty()
                    ? "A Python worker was killed or crashed. Exit code and signal: not reported (Spark only sees the "
                    + "worker's socket close, and PySpark's daemon reaps its workers without logging their status). With "
                    + "no Python traceback and no fault-handler output the likely cause is SIGKILL (signal 9, exit code "
                    + "137) from the kernel's OOM killer or the container manager (YARN's NodeManager, the kubelet); set "
                    + "spark.python.worker.faulthandler.enabled=true to tell a native crash from a kill. "
                    : "A Python worker died" + detail + ". Exit code 137 or signal 9 (SIGKILL) is the kernel or the "
                    + "container manager killing it for memory. ")
                    + "Compare the Python memory just before the death (memory findings) with "
                    + "spark.executor.pyspark.memory and spark.executor.memoryOverhead, and raise them or process less "
                    + "data per task (more partitions).");
        }
        if (kind == FailureKind.FETCH_FAILED || simple.equals("FetchFailedException") || lower.contains("fetchfailed")) {
            return new Verdict(FailureCategory.INFRASTRUCTURE, "Shuffle output could not be fetched, usually because the"
                    + " executor that wrote it was lost. Look for a lost executor just before; enable the external shuffle "
                    + "service (spark.shuffle.service.enabled) or decommissioning so shuffle files outlive executors.");
        }
        if (lower.contains("expiredtoken") || lower.contains("token has expired") || lower.contains("token expired")
                || lower.contains("credentials have expired") || lower.contains("expired credentials")
                || lower.contains("security token included in the request is expired")) {
            return new Verdict(FailureCategory.INFRASTRUCTURE, "Storage credentials expired during the run. Use "
                    + "credentials that refresh (an instance profile / workload identity, a credentials provider) or tokens"
                    + " that outlive the job.");
        }
        if (kind == FailureKind.EXECUTOR_LOST || kind == FailureKind.EXECUTOR_REMOVED || lower.contains("executorlostfailure")
                || lower.contains("executor lost") || lower.contains("container killed")) {
            boolean memory = lower.contains("memory") || lower.contains("137") || lower.contains("143");
            return new Verdict(FailureCategory.INFRASTRUCTURE, "An executor was lost" + exitDetail(all) + "."
                    + (memory ? " The reason names memory: raise spark.executor.memoryOverhead (Python and native memory "
                    + "live there) or spark.executor.pyspark.memory." : " Check the cluster manager's log for the node "
                    + "(preemption, node failure); Spark retries the tasks elsewhere."));
        }
        if (lower.contains("connection reset") || lower.contains("connection refused") || lower.contains("broken pipe")
                || simple.contains("Timeout") || lower.contains("timed out") || lower.contains("unknownhost")) {
            return new Verdict(FailureCategory.INFRASTRUCTURE, "A network call failed (" + root.text() + "). If it repeats,"
                    + " check the service's health and limits; raise the client's retries/timeouts (for shuffle: "
                    + "spark.network.timeout, spark.shuffle.io.maxRetries).");
        }
        if (root.python() || chain.userFrame() != null) {
            CauseChain.Frame f = chain.userFrame();
            return new Verdict(FailureCategory.USER_CODE_DATA, "Fix the user code"
                    + (f == null ? "" : " at " + f.file() + ":" + f.line() + " (" + f.function() + ")")
                    + " for the data that reached it: " + root.text() + ". Reproduce it on the failing partition, "
                    + "and guard or filter the value (e.g. a None) before it reaches that line.");
        }
        return new Verdict(FailureCategory.UNCLASSIFIED, "Start from the innermost cause: " + root.text() + ".");
    }

    /** The text (lower case) says a Python worker died under a task. */
    static boolean isWorkerCrash(String lower) {
        return lower.contains("python worker exited unexpectedly") || lower.contains("python worker crashed")
                || lower.contains("worker crashed");
    }

    private static String exitDetail(String text) {
        Integer code = ExitCodes.code(text);
        Matcher s = SIGNAL.matcher(text);
        String out = code != null ? " with exit code " + code : "";
        if (s.find()) {
            out += (out.isEmpty() ? " by " : ", ") + "signal " + s.group(1);
        }
        return out;
    }
}

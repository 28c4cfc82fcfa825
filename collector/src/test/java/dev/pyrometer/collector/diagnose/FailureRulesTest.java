/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureRulesTest {

    /** Adds a failed task the way the listener reports an ExceptionFailure: class, message, full trace. */
    private static void fail(RunFixture r, String exec, int partition, String fixture) {
        String trace = RunFixture.text(fixture);
        String first = trace.substring(0, trace.indexOf('\n'));
        int colon = first.indexOf(": ");
        String cls = colon < 0 ? first : first.substring(0, colon);
        int at = trace.indexOf("\n\tat ");
        String message = colon < 0 ? "" : trace.substring(colon + 2, at < 0 ? trace.length() : at);
        r.failTask(exec, partition, "EXCEPTION", cls, message, trace);
    }

    private static Finding only(RunFixture r) {
        List<Finding> f = FailureRules.of(r.timeline());
        assertThat(f).hasSize(1);
        return f.get(0);
    }

    @Test
    void noneInTheDataIsUserCodeWithTheFailingLine() {
        RunFixture r = RunFixture.healthy(1);
        fail(r, "1", 5, "python-attribute-error-on-none.txt");
        Finding f = only(r);
        assertThat(f.rule()).isEqualTo("failure/USER_CODE_DATA");
        assertThat(f.title()).contains("AttributeError: 'NoneType' object has no attribute 'strip'", "clean_orders.py:27");
        assertThat(f.evidence()).contains("user frame: /home/alice/jobs/clean_orders.py:27 in parse_order: "
                + "country = record[\"address\"].strip().upper()");
        assertThat(f.nextStep()).contains("clean_orders.py:27");
    }

    @Test
    void moduleMissingOnExecutorsSaysHowToShipIt() {
        RunFixture r = RunFixture.healthy(1);
        fail(r, "2", 0, "python-module-missing.txt");
        Finding f = only(r);
        assertThat(f.rule()).isEqualTo("failure/ENVIRONMENT");
        assertThat(f.nextStep()).contains("geohash_utils", "--py-files", "--archives");
    }

    @Test
    void missingClassSaysJars() {
        RunFixture r = RunFixture.healthy(1);
        fail(r, "2", 0, "java-class-not-found.txt");
        Finding f = only(r);
        assertThat(f.rule()).isEqualTo("failure/ENVIRONMENT");
        assertThat(f.title()).contains("java.lang.ClassNotFoundException: org.apache.hadoop.fs.s3a.S3AFileSystem");
        assertThat(f.nextStep()).contains("--jars");
    }

    @Test
    void pythonVersionMismatchIsEnvironment() {
        String msg = "pyspark.errors.exceptions.base.PySparkRuntimeError: [PYTHON_VERSION_MISMATCH] Python in worker has "
                + "different version (3, 8) than that in driver 3.11, PySpark cannot run with different minor versions.";
        CauseChain c = CauseChain.parse(null, null, "org.apache.spark.api.python.PythonException: Traceback (most recent "
                + "call last):\n  File \"/opt/spark/python/lib/pyspark.zip/pyspark/worker.py\", line 1100, in main\n"
                + "    raise PySparkRuntimeError(\n" + msg + "\n");
        assertThat(FailureClassifier.classify(FailureKind.EXCEPTION, c, msg).category()).isEqualTo(FailureCategory.ENVIRONMENT);
    }

    @Test
    void kryoOverflowSuggestsABufferMaxAboveTheRequiredSize() {
        RunFixture r = RunFixture.healthy(1);
        fail(r, "1", 2, "java-kryo-overflow.txt");
        Finding f = only(r);
        assertThat(f.rule()).isEqualTo("failure/TOOLCHAIN");
        assertThat(f.evidence()).contains("innermost cause: com.esotericsoftware.kryo.KryoException: Buffer overflow. "
                + "Available: 0, required: 134217731");
        assertThat(f.nextStep()).contains("134217731 bytes", "spark.kryoserializer.buffer.max to 193m");
    }

    @Test
    void outOfMemoryErrorIsToolchain() {
        RunFixture r = RunFixture.healthy(1);
        fail(r, "1", 2, "java-oom.txt");
        assertThat(only(r).rule()).isEqualTo("failure/TOOLCHAIN");
    }

    @Test
    void crashedPythonWorkerIsToolchainAndPointsAtMemory() {
        RunFixture r = RunFixture.healthy(1);
        fail(r, "1", 2, "python-worker-crashed.txt");
        Finding f = only(r);
        assertThat(f.rule()).isEqualTo("failure/TOOLCHAIN");
        assertThat(f.nextStep()).contains("spark.executor.pyspark.memory");
        // The crash is the cause shown, not the closed socket Spark noticed it by.
        assertThat(f.title()).startsWith("TOOLCHAIN: org.apache.spark.SparkException: Python worker exited unexpectedly (crashed)");
        assertThat(f.evidence()).contains("noticed through: java.io.EOFException");
        assertThat(f.nextStep()).contains("Exit code and signal: not reported", "SIGKILL (signal 9, exit code 137)",
                "spark.python.worker.faulthandler.enabled");
    }

    @Test
    void segfaultWithTheFaultHandlerNamesTheLastPythonFrame() {
        // Spark 3.5.9's text with spark.python.worker.faulthandler.enabled=true (paths changed).
        RunFixture r = RunFixture.healthy(1);
        fail(r, "1", 2, "python-worker-segfault-faulthandler.txt");
        fail(r, "1", 2, "python-worker-segfault-faulthandler.txt");
        Finding f = only(r);
        assertThat(f.rule()).isEqualTo("failure/TOOLCHAIN");
        assertThat(f.title()).contains("Fatal Python error: Segmentation fault", "in parse_shape at geo_udfs.py:41",
                "(2 task attempts)");
        assertThat(f.evidence()).contains("crashed in: /home/alice/jobs/geo_udfs.py:41 in parse_shape (Segmentation fault)");
        assertThat(f.evidence()).anyMatch(e -> e.startsWith("last Python frames (most recent first): "
                + "/home/alice/jobs/geo_udfs.py:41 in parse_shape <- ") && e.endsWith("... 2 more"));
        assertThat(f.nextStep()).contains("native code called from parse_shape at /home/alice/jobs/geo_udfs.py:41")
                .doesNotContain("SIGKILL");
    }

    @Test
    void faultHandlerDumpOfALiveWorkerPrefersTheCurrentThread() {
        PythonDump d = PythonDump.find("Thread 0x01 (most recent call first):\n  File \"/a/x.py\", line 3 in other\n\n"
                + "Current thread 0x02 (most recent call first):\n  File \"/a/y.py\", line 9 in wait\n"
                + "  File \"/a/pyspark.zip/pyspark/worker.py\", line 1 in main\n");
        assertThat(d.fatalError()).isNull();
        assertThat(d.threads()).isEqualTo(2);
        assertThat(d.userFrame().toString()).isEqualTo("/a/y.py:9 in wait");
        assertThat(PythonDump.find("no dump here")).isNull();
    }

    @Test
    void py4jNetworkErrorIsToolchain() {
        String t = RunFixture.text("py4j-network-error.txt");
        assertThat(FailureClassifier.classify(FailureKind.EXCEPTION, CauseChain.parse(null, null, t), t).category())
                .isEqualTo(FailureCategory.TOOLCHAIN);
    }

    @Test
    void sparkContextShutDownIsToolchain() {
        String t = "org.apache.spark.SparkException: Job 3 cancelled because SparkContext was shut down";
        assertThat(FailureClassifier.classify(FailureKind.JOB_FAILED, CauseChain.parse(null, null, t), t).category())
                .isEqualTo(FailureCategory.TOOLCHAIN);
    }

    @Test
    void expiredTokenUnderAConnectorIsInfrastructureInJavaAndPython() {
        for (String fixture : List.of("java-nested-cause-chain.txt", "python-chained-expired-token.txt")) {
            RunFixture r = RunFixture.healthy(1);
            fail(r, "1", 2, fixture);
            Finding f = only(r);
            assertThat(f.rule()).as(fixture).isEqualTo("failure/INFRASTRUCTURE");
            assertThat(f.nextStep()).as(fixture).contains("credentials");
        }
    }

    @Test
    void aFetchFailureFromALiveExecutorIsInfrastructureAndAMemoryKillIsNamed() {
        RunFixture r = RunFixture.healthy(1);
        r.failTask("1", 3, "FETCH_FAILED", null, RunFixture.text("fetch-failed.txt"), null);
        r.failTask("2", 4, "EXECUTOR_LOST", null, "ExecutorLostFailure (executor 2 exited caused by one of the running "
                + "tasks) Reason: The executor with id 2 exited with exit code 137(SIGKILL, possible container OOM).", null);
        List<Finding> f = FailureRules.of(r.timeline());
        assertThat(f).hasSize(2);
        // Executor 4, whose shuffle output could not be fetched, never died in this run: a network failure.
        assertThat(f).filteredOn(x -> x.title().contains("Connection from worker-7.cluster")).singleElement()
                .satisfies(x -> assertThat(x.rule()).isEqualTo("failure/INFRASTRUCTURE"));
        assertThat(f.get(0).title()).startsWith("TOOLCHAIN: executor 2 died (exit code 137); then 1 task attempt lost");
        assertThat(f.get(0).evidence()).anySatisfy(e -> assertThat(e).contains("exit code 137", "killed for memory",
                "Kubernetes"));
        assertThat(f.get(0).nextStep()).contains("spark.executor.memoryOverhead");
    }

    /** The OOM chain as Spark 3.5 reports it on local-cluster: the task's OOM, the worker's exit, the lost and fetch-failed tasks. */
    private static RunFixture oomChain() {
        RunFixture r = RunFixture.healthy(2);
        RunTimeline.Task oom = r.failTask("1", 6, "EXCEPTION", "java.lang.OutOfMemoryError", "Java heap space",
                RunFixture.text("java-oom.txt"));
        long at = oom.finishMs();
        r.failures.add(new RunTimeline.Failure(at + 300, FailureScope.EXECUTOR, "1", "1", FailureKind.EXECUTOR_REMOVED, null,
                "Command exited with code 52", null));
        r.failTask("1", 7, "EXECUTOR_LOST", null, "ExecutorLostFailure (executor 1 exited caused by one of the running "
                + "tasks) Reason: Command exited with code 52", null);
        r.failTask("2", 2, "FETCH_FAILED", null, "FetchFailed(BlockManagerId(1, 10.0.0.5, 41235, None), shuffleId=0, "
                + "mapIndex=3, mapId=3, reduceId=2, message=\norg.apache.spark.shuffle.FetchFailedException: Connection "
                + "from /10.0.0.5:41235 closed", null);
        r.stages.add(new RunTimeline.Stage(0, 1, 0, "stage 0", 8, at + 1_000, at + 5_000, null, 8, 0, 0, 0, 0, 0, 1_000));
        String reason = "Job aborted due to stage failure: Task 6 in stage 0.1 failed 4 times, most recent failure: Lost task"
                + " 6.3 in stage 0.1 (TID 40) (10.0.0.5 executor 3): ExecutorLostFailure (executor 3 exited ...)";
        r.failures.add(new RunTimeline.Failure(at + 6_000, FailureScope.JOB, "0", null, FailureKind.JOB_FAILED, "org.apache.spark.SparkException",
                reason, null));
        // As Spark 3.5 reports the abort after the stage's attempts ran out, from the SQL execution's end.
        r.failures.add(new RunTimeline.Failure(at + 6_001, FailureScope.SQL, "0", null, FailureKind.SQL_FAILED, null, "Job aborted due to stage "
                + "failure: ResultStage 0 (collect at app.py:54) has failed the maximum allowable number of times: 2. Most "
                + "recent failure reason:\norg.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location "
                + "for shuffle 1 partition 1", null));
        return r;
    }

    @Test
    void anOutOfMemoryErrorThatKillsItsExecutorLeadsOneFindingWithItsConsequences() {
        List<Finding> all = FailureRules.of(oomChain().timeline());
        assertThat(all).as("the OOM, the loss, the fetch failure and the job are one finding").hasSize(1);
        Finding f = all.get(0);
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.rule()).isEqualTo("failure/TOOLCHAIN");
        assertThat(f.title()).startsWith("TOOLCHAIN: java.lang.OutOfMemoryError: Java heap space in task ")
                .contains("(partition 6, stage 0.0, attempt 1) killed executor 1 (exit code 52)", "1 task attempt lost",
                        "1 fetch failure", "stage retry 0.1", "failed job 0");
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e).startsWith("executor 1 at ").contains("into the run: exit "
                + "code 52: a java.lang.OutOfMemoryError: the executor's JVM heap ran out (SparkExitCode.OOM); cause task ",
                "; loss reason: Command exited with code 52"));
        // RunFixture's executor 1: heap 1.5 GiB of 4 GiB at its peak, Python 300 MiB.
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e).startsWith("memory of executor 1 just before: heap ")
                .contains("of 4.0 GiB", "Python workers 270.0 MiB in 1 process"));
        assertThat(f.nextStep()).contains("never saw the heap full", "spark.executor.memory (now 4g)");
    }

    @Test
    void theSameOomKillingOneExecutorAfterAnotherIsOneFindingAndAMissingOutputLocationIsItsConsequence() {
        RunFixture r = oomChain();
        RunTimeline.Task again = r.failTask("2", 6, "EXCEPTION", "java.lang.OutOfMemoryError", "Java heap space",
                RunFixture.text("java-oom.txt"));
        r.failures.add(new RunTimeline.Failure(again.finishMs() + 200, FailureScope.EXECUTOR, "2", "2", FailureKind.EXECUTOR_REMOVED, null,
                "Command exited with code 52", null));
        r.failTask("3", 1, "FETCH_FAILED", null, "FetchFailed(null, shuffleId=1, mapIndex=-1, mapId=-1, reduceId=1, "
                + "message=\norg.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 1 "
                + "partition 1", null);
        List<Finding> all = FailureRules.of(r.timeline());
        assertThat(all).singleElement().satisfies(f -> {
            assertThat(f.title()).contains("killed executors 1, 2 (exit code 52)", "2 fetch failures");
            assertThat(f.evidence()).filteredOn(e -> e.startsWith("memory of executor ")).hasSize(2);
        });
    }

    @Test
    void aFullHeapAsksForMorePartitionsOrMemory() {
        RunFixture r = oomChain();
        r.jvm.replaceAll(p -> "1".equals(p.executorId()) ? new RunTimeline.JvmPoint(p.sourceInstance(), "1", p.timeMs(),
                p.heapMax() - MIB_64, p.heapCommitted(), p.heapMax(), 0, 0, 0, 0, p.rssBytes(), 0, null) : p);
        Finding f = FailureRules.of(r.timeline()).get(0);
        assertThat(f.nextStep()).startsWith("The heap was full").contains("more partitions", "spark.sql.shuffle.partitions");
    }

    private static final long MIB_64 = 64 * RunFixture.MIB;

    @Test
    void aContainerKilledForMemoryWithTheHeapLowBlamesTheMemoryOutsideIt() {
        RunFixture r = RunFixture.healthy(1);
        r.processes.clear();
        r.memory("2", 1_000 * RunFixture.MIB, 4096 * RunFixture.MIB, 1_900 * RunFixture.MIB, 3_000 * RunFixture.MIB);
        r.failures.add(new RunTimeline.Failure(RunFixture.T0 + 5_000, FailureScope.EXECUTOR, "2", "2", FailureKind.EXECUTOR_REMOVED, null,
                "Container killed by YARN for exceeding physical memory limits. 6.1 GB of 6 GB physical memory used. "
                        + "Consider boosting spark.executor.memoryOverhead.", null));
        Finding f = FailureRules.of(r.timeline()).get(0);
        assertThat(f.title()).isEqualTo("TOOLCHAIN: executor 2 died (killed for memory)");
        assertThat(f.nextStep()).startsWith("Not the heap (heap 900.0 MiB of 4.0 GiB")
                .contains("JVM RSS 1.7 GiB", "Python workers 2.6 GiB in 1 process", "spark.executor.memoryOverhead (now 1g)",
                        "spark.executor.pyspark.memory");
    }

    @Test
    void executorsThatExitOneBeforeAnyTaskFailedAtStartUpAndAreOneEnvironmentFinding() {
        RunFixture r = RunFixture.healthy(1);
        for (int i = 3; i <= 5; i++) {
            String id = Integer.toString(i);
            long added = RunFixture.T0 + 1_000 * i;
            r.executors.add(new RunTimeline.Executor(id, "w1", 2, added, added + 2_500, "Command exited with code 1", 0, 0, 0));
            r.failures.add(new RunTimeline.Failure(added + 2_500, FailureScope.EXECUTOR, id, id, FailureKind.EXECUTOR_REMOVED,
                    null, "Command exited with code 1", null));
        }
        Finding f = only(r);
        assertThat(f.title()).isEqualTo("ENVIRONMENT: executors 3, 4, 5 failed at start-up (exit code 1)");
        assertThat(f.rule()).isEqualTo("failure/ENVIRONMENT");
        assertThat(f.explanation()).contains("before it ran any task");
        assertThat(f.nextStep()).startsWith("Read the executor's stderr").contains("spark.executor.extraJavaOptions");
    }

    @Test
    void anExecutorThatRanTasksAndExitedOneIsAnErrorThatEndedTheProcessNotAStartUpFailure() {
        RunFixture r = RunFixture.healthy(1);
        r.failures.add(new RunTimeline.Failure(RunFixture.T0 + 5_000, FailureScope.EXECUTOR, "2", "2", FailureKind.EXECUTOR_REMOVED,
                null, "Command exited with code 1", null));
        Finding f = only(r);
        assertThat(f.title()).isEqualTo("INFRASTRUCTURE: executor 2 died (exit code 1)");
        assertThat(f.explanation()).contains("an error that ended the process", "cannot start");
        assertThat(f.nextStep()).startsWith("Read the executor's stderr log");
    }

    @Test
    void pysparksOwnProbeOfATypeStringIsNoFailure() {
        // F.udf(f, "long"): PySpark tries StructType.fromDDL("long") first and catches the ParseException.
        RunFixture r = RunFixture.healthy(1);
        r.failures.add(new RunTimeline.Failure(RunFixture.T0 + 1_500, FailureScope.PY4J, "org.apache.spark.sql.types.StructType.fromDDL",
                "driver", FailureKind.PY4J_CALL_FAILED, "org.apache.spark.sql.catalyst.parser.ParseException",
                "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input.", null));
        assertThat(FailureRules.of(r.timeline())).isEmpty();
    }

    @Test
    void exitCodesAreNamed() {
        assertThat(ExitCodes.of("Command exited with code 52").kind()).isEqualTo(ExitCodes.Kind.HEAP_OOM);
        assertThat(ExitCodes.of("The executor with id 3 exited with exit code 52(JVM OOM).").kind())
                .isEqualTo(ExitCodes.Kind.HEAP_OOM);
        assertThat(ExitCodes.of("Container from a bad node: ... Exit status: -104. Diagnostics: ...").kind())
                .isEqualTo(ExitCodes.Kind.CONTAINER_MEMORY);
        assertThat(ExitCodes.of("Exit status: 143. Diagnostics: Container killed on request.").kind())
                .isEqualTo(ExitCodes.Kind.STOPPED);
        assertThat(ExitCodes.of("Command exited with code 53").text()).contains("DISK_STORE_FAILED_TO_CREATE_DIR");
        assertThat(ExitCodes.of("Command exited with code 56").text()).contains("HEARTBEAT_FAILURE");
        assertThat(ExitCodes.of("Command exited with code 57").text()).contains("KILLED_BY_TASK_REAPER");
        assertThat(ExitCodes.of("Command exited with code 58").text()).contains("BLOCK_MANAGER_REREGISTRATION_FAILED");
        assertThat(ExitCodes.of("Command exited with code 50").text()).contains("UNCAUGHT_EXCEPTION");
        assertThat(ExitCodes.of("Command exited with code 51").text()).contains("UNCAUGHT_EXCEPTION_TWICE");
        assertThat(ExitCodes.of("Worker shutting down").code()).isNull();
    }

    @Test
    void aPythonMemoryErrorIsToolchainNotTheUsersData() {
        RunFixture r = RunFixture.healthy(1);
        r.failTask("1", 2, "EXCEPTION", "org.apache.spark.api.python.PythonException", "Traceback (most recent call last):\n"
                + "  File \"/home/alice/job.py\", line 12, in explode\n    rows = [0] * n\nMemoryError\n", null);
        Finding f = only(r);
        assertThat(f.rule()).isEqualTo("failure/TOOLCHAIN");
        assertThat(f.nextStep()).contains("spark.executor.pyspark.memory");
    }

    @Test
    void identicalFailuresAcrossRetriesTasksStageAndJobAreOneFindingWithCounts() {
        RunFixture r = RunFixture.healthy(1);
        fail(r, "1", 5, "python-attribute-error-on-none.txt");
        fail(r, "2", 5, "python-attribute-error-on-none.txt");
        fail(r, "1", 6, "python-attribute-error-on-none.txt");
        String trace = RunFixture.text("python-attribute-error-on-none.txt");
        String reason = "Job aborted due to stage failure: Task 5 in stage 0.0 failed 2 times, most recent failure: Lost task "
                + "5.1 in stage 0.0 (TID 10) (w2 executor 2): " + trace;
        r.failures.add(new dev.pyrometer.collector.timeline.RunTimeline.Failure(RunFixture.T0 + 9_000, FailureScope.STAGE, "0.0", null,
                FailureKind.STAGE_FAILED, null, reason, null));
        r.failures.add(new dev.pyrometer.collector.timeline.RunTimeline.Failure(RunFixture.T0 + 9_001, FailureScope.JOB, "0", null,
                FailureKind.JOB_FAILED, "org.apache.spark.SparkException", reason, null));
        Finding f = only(r);
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.title()).contains("(3 task attempts)");
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e).startsWith("failed task attempts: 3").contains("partitions 5, 6"));
        assertThat(f.evidence()).contains("executors: 1, 2", "stages: 0.0", "failed jobs: 0");
    }

    /**
     * The driver reports the same failure again: the failed Py4J call (collectToPython, started
     * before the job) and the SQL execution. Both name the failed stage and join its finding, even
     * where their copy of the traceback is cut and points at another frame.
     */
    @Test
    void driverSideReportsOfATaskFailureJoinItsFinding() {
        RunFixture r = RunFixture.healthy(1);
        fail(r, "1", 5, "python-attribute-error-on-none.txt");
        fail(r, "2", 5, "python-attribute-error-on-none.txt");
        String reason = "Job aborted due to stage failure: Task 5 in stage 0.0 failed 2 times, most recent failure: Lost task "
                + "5.1 in stage 0.0 (TID 10) (w2 executor 2): org.apache.spark.api.python.PythonException: Traceback (most "
                + "recent call last):\n  File \"/home/alice/other.py\", line 3, in f\nAttributeError: cut";
        r.failures.add(new dev.pyrometer.collector.timeline.RunTimeline.Failure(RunFixture.T0 + 500, FailureScope.PY4J,
                "org.apache.spark.sql.Dataset.collectToPython", "driver", FailureKind.PY4J_CALL_FAILED,
                "org.apache.spark.SparkException", reason, null));
        r.failures.add(new dev.pyrometer.collector.timeline.RunTimeline.Failure(RunFixture.T0 + 9_000, FailureScope.SQL, "0", null,
                FailureKind.SQL_FAILED, null, reason, null));
        Finding f = only(r);
        assertThat(f.title()).contains("(2 task attempts)");
        assertThat(f.evidence()).contains("also seen in: py4j org.apache.spark.sql.Dataset.collectToPython, sql 0");
    }

    /**
     * SparkContext.stop with a job running (the user's stop, a driver shutting down, the master
     * removing the application): the job, its stage (whose copy of the reason has no exception class),
     * the Py4J call and the SQL execution all report the cancellation. One finding, led by the job's.
     */
    @Test
    void aJobCancelledWithItsStageIsOneFindingWithTheDriversReports() {
        RunFixture r = RunFixture.healthy(1);
        String reason = "Job 0 cancelled as part of cancellation of all jobs";
        r.failures.add(new RunTimeline.Failure(RunFixture.T0 + 500, FailureScope.PY4J, "org.apache.spark.sql.Dataset.collectToPython",
                "driver", FailureKind.PY4J_CALL_FAILED, "org.apache.spark.SparkException", reason, null));
        r.failures.add(new RunTimeline.Failure(RunFixture.T0 + 9_000, FailureScope.STAGE, "0.0", null, FailureKind.STAGE_FAILED, null, reason, null));
        r.failures.add(new RunTimeline.Failure(RunFixture.T0 + 9_000, FailureScope.SQL, "0", null, FailureKind.SQL_FAILED, null, reason, null));
        r.failures.add(new RunTimeline.Failure(RunFixture.T0 + 9_001, FailureScope.JOB, "0", null, FailureKind.JOB_FAILED,
                "org.apache.spark.SparkException", reason, null));
        Finding f = only(r);
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.title()).endsWith("org.apache.spark.SparkException: " + reason);
        assertThat(f.evidence()).contains("stages: 0.0", "failed jobs: 0",
                "also seen in: py4j org.apache.spark.sql.Dataset.collectToPython, sql 0");
    }

    @Test
    void killedTasksAreNotFailures() {
        RunFixture r = RunFixture.healthy(1);
        r.failTask("1", 1, "TASK_KILLED", null, "TaskKilled (another attempt succeeded)", null);
        assertThat(FailureRules.of(r.timeline())).isEmpty();
    }

    @Test
    void healthyRunHasNoFailureFindings() {
        assertThat(FailureRules.of(RunFixture.healthy(3).timeline())).isEmpty();
    }
}

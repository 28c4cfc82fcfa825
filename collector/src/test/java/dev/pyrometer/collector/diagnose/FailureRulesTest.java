package dev.pyrometer.collector.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(FailureClassifier.classify("EXCEPTION", c, msg).category()).isEqualTo(FailureCategory.ENVIRONMENT);
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
    void py4jNetworkErrorIsToolchain() {
        String t = RunFixture.text("py4j-network-error.txt");
        assertThat(FailureClassifier.classify("EXCEPTION", CauseChain.parse(null, null, t), t).category())
                .isEqualTo(FailureCategory.TOOLCHAIN);
    }

    @Test
    void sparkContextShutDownIsToolchain() {
        String t = "org.apache.spark.SparkException: Job 3 cancelled because SparkContext was shut down";
        assertThat(FailureClassifier.classify("JOB_FAILED", CauseChain.parse(null, null, t), t).category())
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
    void fetchFailureAndLostExecutorAreInfrastructureWithExitCode() {
        RunFixture r = RunFixture.healthy(1);
        r.failTask("1", 3, "FETCH_FAILED", null, RunFixture.text("fetch-failed.txt"), null);
        r.failTask("2", 4, "EXECUTOR_LOST", null, "ExecutorLostFailure (executor 2 exited caused by one of the running "
                + "tasks) Reason: The executor with id 2 exited with exit code 137(SIGKILL, possible container OOM).", null);
        List<Finding> f = FailureRules.of(r.timeline());
        assertThat(f).extracting(Finding::rule).containsOnly("failure/INFRASTRUCTURE");
        assertThat(f).hasSize(2);
        assertThat(f.get(1).nextStep()).contains("exit code 137", "spark.executor.memoryOverhead");
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
        r.failures.add(new dev.pyrometer.collector.timeline.RunTimeline.Failure(RunFixture.T0 + 9_000, "stage", "0.0", null,
                "STAGE_FAILED", null, reason, null));
        r.failures.add(new dev.pyrometer.collector.timeline.RunTimeline.Failure(RunFixture.T0 + 9_001, "job", "0", null,
                "JOB_FAILED", "org.apache.spark.SparkException", reason, null));
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
        r.failures.add(new dev.pyrometer.collector.timeline.RunTimeline.Failure(RunFixture.T0 + 500, "py4j",
                "org.apache.spark.sql.Dataset.collectToPython", "driver", "PY4J_CALL_FAILED",
                "org.apache.spark.SparkException", reason, null));
        r.failures.add(new dev.pyrometer.collector.timeline.RunTimeline.Failure(RunFixture.T0 + 9_000, "sql", "0", null,
                "SQL_FAILED", null, reason, null));
        Finding f = only(r);
        assertThat(f.title()).contains("(2 task attempts)");
        assertThat(f.evidence()).contains("also seen in: py4j org.apache.spark.sql.Dataset.collectToPython, sql 0");
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

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CauseChainTest {

    private static CauseChain parse(String fixture) {
        String text = RunFixture.text(fixture);
        return CauseChain.parse(null, null, text);
    }

    @Test
    void pythonTracebackGivesTheLastExceptionAndTheUsersLine() {
        CauseChain c = parse("python-attribute-error-on-none.txt");
        assertThat(c.innermost().text()).isEqualTo("AttributeError: 'NoneType' object has no attribute 'strip'");
        assertThat(c.innermost().python()).isTrue();
        assertThat(c.levels().get(0).className()).isEqualTo("org.apache.spark.api.python.PythonException");
        assertThat(c.userFrame().file()).isEqualTo("/home/alice/jobs/clean_orders.py");
        assertThat(c.userFrame().line()).isEqualTo(27);
        assertThat(c.userFrame().function()).isEqualTo("parse_order");
        assertThat(c.userFrame().source()).isEqualTo("country = record[\"address\"].strip().upper()");
    }

    @Test
    void chainedPythonExceptionsLeadToTheRootCauseAndTheUsersOwnFile() {
        CauseChain c = parse("python-chained-expired-token.txt");
        assertThat(c.innermost().className()).isEqualTo("lakeclient.auth.ExpiredTokenError");
        assertThat(c.pythonRaised().className()).isEqualTo("lakeclient.session.StorageReadError");
        // The library frames in site-packages are skipped for the user's own file.
        assertThat(c.userFrame().file()).isEqualTo("/home/alice/jobs/enrich.py");
        assertThat(c.userFrame().line()).isEqualTo(44);
    }

    @Test
    void javaChainGivesTheDeepestCausedByAndTheFirstNonFrameworkFrame() {
        CauseChain c = parse("java-nested-cause-chain.txt");
        assertThat(c.levels()).extracting(CauseChain.Level::className).containsExactly(
                "org.apache.spark.SparkException", "java.io.UncheckedIOException", "com.acme.lake.LakeWriteException",
                "com.acme.lake.auth.ExpiredCredentialsException");
        assertThat(c.innermost().message()).startsWith("The security token included in the request is expired");
        assertThat(c.userFrame().file()).startsWith("com.acme.lake.LakeOutputStream.flushPart");
        assertThat(c.userFrame().line()).isEqualTo(212);
    }

    @Test
    void anExceptionNamedInsideAStageFailureReasonIsFound() {
        String reason = "Job aborted due to stage failure: Task 3 in stage 1.0 failed 4 times, most recent failure: "
                + "Lost task 3.3 in stage 1.0 (TID 17) (w1 executor 2): " + RunFixture.text("java-oom.txt")
                + "\nDriver stacktrace:\n\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2898)";
        CauseChain c = CauseChain.parse(null, reason, reason);
        assertThat(c.innermost().text()).isEqualTo("java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    void aPythonExceptionWithoutTracebackStillNamesThePythonException() {
        CauseChain c = CauseChain.parse("org.apache.spark.api.python.PythonException", "ValueError: bad record",
                "org.apache.spark.api.python.PythonException: ValueError: bad record\n\tat org.apache.spark.api.python.X.y(X.scala:1)");
        assertThat(c.innermost().text()).isEqualTo("ValueError: bad record");
        assertThat(c.innermost().python()).isTrue();
    }

    @Test
    void aDriverSideTracebackWithoutJavaPartIsParsed() {
        CauseChain c = parse("py4j-network-error.txt");
        assertThat(c.innermost().className()).isEqualTo("py4j.protocol.Py4JNetworkError");
        assertThat(c.userFrame().file()).isEqualTo("/home/alice/jobs/report.py");
        assertThat(c.userFrame().line()).isEqualTo(88);
    }
}

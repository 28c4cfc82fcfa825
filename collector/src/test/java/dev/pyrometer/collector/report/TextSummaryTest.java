/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextSummaryTest {
    private static String fixture(String name) throws Exception {
        try (InputStream in = TextSummaryTest.class.getResourceAsStream("/dev/pyrometer/collector/diagnose/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPythonFailureIsShownByItsExceptionAndUserFrameNotTheTracebackHeader() throws Exception {
        String trace = fixture("python-attribute-error-on-none.txt");
        RunTimeline.Failure f = new RunTimeline.Failure(1L, FailureScope.TASK, "7", "1", FailureKind.EXCEPTION,
                "org.apache.spark.api.python.PythonException", trace, trace);
        assertThat(TextSummary.cause(f)).isEqualTo("AttributeError: 'NoneType' object has no attribute 'strip' at "
                + "/home/alice/jobs/clean_orders.py:27");
    }

    @Test
    void aOneLineReasonIsShownAsItIs() {
        RunTimeline.Failure f = new RunTimeline.Failure(1L, FailureScope.EXECUTOR, "1", "1", FailureKind.EXECUTOR_REMOVED, null,
                "Command exited with code 52", null);
        assertThat(TextSummary.cause(f)).isEqualTo("Command exited with code 52");
    }
}

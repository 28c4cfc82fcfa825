/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.event.ConnectOperation;
import dev.pyrometer.event.ConnectOperationPhase;
import dev.pyrometer.event.ConnectSession;
import dev.pyrometer.event.ConnectSessionPhase;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import java.util.regex.Pattern;
import org.apache.spark.sql.connect.service.SparkListenerConnectOperationFinished;
import org.apache.spark.sql.connect.service.SparkListenerConnectOperationStarted;
import org.apache.spark.sql.connect.service.SparkListenerConnectSessionClosed;
import org.junit.jupiter.api.Test;

class ConnectEventMapperTest {
    private final LossCounters counters = new LossCounters();
    private final TextLimit limit = new TextLimit(300, counters.counting(CounterNames.TRUNCATED_STRINGS));
    private final ConfRedactor keys = new ConfRedactor(null, Pattern.compile("(?i)password|secret|token"), java.util.Collections.<String>emptyList(), limit);
    private final ConnectEventMapper mapper = new ConnectEventMapper(limit, new TextRedactor(keys, "hunter[0-9]+"));

    @Test
    void mapsAStartedOperationWithItsSessionUserTagsAndRedactedStatement() {
        String statement = "read { data_source { format: \"jdbc\" options { key: \"password\" value: \"pa55\" } "
                + "options { key: \"url\" value: \"jdbc:postgresql://bob:s3cret@db/x?token=abc\" } } } "
                + "sql: \"SELECT * FROM t WHERE pin = 'hunter2'\"";
        Object mapped = mapper.map(new SparkListenerConnectOperationStarted(statement, "alice"));
        assertThat(mapped).isInstanceOf(ConnectOperation.class);
        ConnectOperation op = (ConnectOperation) mapped;
        assertThat(op.getPhase()).isEqualTo(ConnectOperationPhase.STARTED);
        assertThat(op.getOperationId()).isEqualTo("op-1");
        assertThat(op.getSessionId()).isEqualTo("s-1");
        assertThat(op.getUserId()).isEqualTo("alice");
        assertThat(op.getJobTag()).isEqualTo("SparkConnect_OperationTag_User_alice_Session_s-1_Operation_op-1");
        assertThat(op.getEventTimeMs()).isEqualTo(1_700_000_000_000L);
        assertThat(op.getSparkSessionTags()).containsExactlyInAnyOrder("etl", "nightly");
        assertThat(op.getStatementText())
                .doesNotContain("pa55", "s3cret", "abc", "hunter2")
                .contains("key: \"password\" value: \"" + ConfRedactor.REDACTED + "\"", "format: \"jdbc\"",
                        "SELECT * FROM t");
    }

    @Test
    void cutsAHugeStatementAndUserIdToTheLimitWithAMarker() {
        ConnectOperation op = (ConnectOperation) mapper.map(
                new SparkListenerConnectOperationStarted(repeat('x', 100_000), repeat('u', 5_000)));
        assertThat(op.getStatementText()).hasSizeLessThan(400).endsWith("...[truncated 99700 chars]");
        assertThat(op.getUserId()).hasSizeLessThan(400);
        assertThat(counters.counter(CounterNames.TRUNCATED_STRINGS)).isGreaterThanOrEqualTo(3);
    }

    private static String repeat(char c, int n) {
        char[] a = new char[n];
        java.util.Arrays.fill(a, c);
        return new String(a);
    }

    @Test
    void mapsAFinishedOperationsRowCount() {
        ConnectOperation op = (ConnectOperation) mapper.map(new SparkListenerConnectOperationFinished());
        assertThat(op.getPhase()).isEqualTo(ConnectOperationPhase.FINISHED);
        assertThat(op.getProducedRowCount()).isEqualTo(42L);
        assertThat(op.getSessionId()).isNull();
    }

    @Test
    void aThrowingGetterReadsAsAbsentInsteadOfFailingTheEvent() {
        ConnectSession s = (ConnectSession) mapper.map(new SparkListenerConnectSessionClosed());
        assertThat(s.getPhase()).isEqualTo(ConnectSessionPhase.CLOSED);
        assertThat(s.getSessionId()).isEqualTo("s-1");
        assertThat(s.getEventTimeMs()).isZero();
    }

    @Test
    void ignoresEventsOfOtherClasses() {
        assertThat(ConnectEventMapper.handles("a string")).isFalse();
        assertThat(mapper.map(new Object())).isNull();
        assertThat(ConnectEventMapper.handles(new SparkListenerConnectOperationFinished())).isTrue();
    }

    @Test
    void redactsHugeHostileTextInLinearTime() {
        TextRedactor r = new TextRedactor(keys, null);
        String[] hostile = {repeat('x', 1_000_000), repeat('"', 200_000), "password=\"" + repeat('a', 500_000),
            repeat(':', 300_000), new String(new char[100_000]).replace("\0", "a=b "),
            new String(new char[50_000]).replace("\0", "key: \"k\" value: \"v\" "),
            "token: \"" + new String(new char[100_000]).replace("\0", "\\\"") + "\""};
        for (String h : hostile) {
            long start = System.nanoTime();
            String out = r.redact(h);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).as("redacting %d chars starting %s", h.length(), h.substring(0, 20)).isLessThan(3_000);
            assertThat(out).isNotNull();
        }
        assertThat(r.redact("password=\"" + repeat('a', 500) + "\" rest")).doesNotContain("aaa").endsWith(" rest");
    }

    @Test
    void redactsCredentialsInEveryTextForm() {
        TextRedactor r = new TextRedactor(keys, null);
        assertThat(r.redact("password=abc token: 'xyz' \"secret\": \"q\" user=bob OPTIONS (password 'p1')"))
                .doesNotContain("abc", "xyz", "\"q\"", "p1").contains("user=bob");
        assertThat(r.redact("s3://AKIA:verysecret@bucket/key")).doesNotContain("verysecret").contains("bucket/key");
        assertThat(r.redact(null)).isNull();
    }
}

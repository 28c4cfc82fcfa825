/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.listener.ListenerConfig;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfRedactorTest {
    private final TextLimit limit = new TextLimit(1000, new LossCounters().counting(CounterNames.TRUNCATED_STRINGS));
    private final ConfRedactor defaults = new ConfRedactor(null, ListenerConfig.parse(new HashMap<>()).redactionPattern(),
            Arrays.asList("spark."), limit);

    @Test
    void redactsWhatSparksDefaultPatternMatchesInKeysOrValues() {
        Map<String, String> confs = new HashMap<>();
        confs.put("spark.ssl.keyPassword", "p1");
        confs.put("spark.authenticate.secret", "p2");
        confs.put("spark.hadoop.fs.s3a.access.key", "AKIA");
        confs.put("spark.executorEnv.OPTS", "-Dtoken=abc");
        confs.put("spark.app.name", "job");
        Map<String, String> out = defaults.select(confs);
        assertThat(out).containsEntry("spark.ssl.keyPassword", ConfRedactor.REDACTED)
                .containsEntry("spark.authenticate.secret", ConfRedactor.REDACTED)
                .containsEntry("spark.hadoop.fs.s3a.access.key", ConfRedactor.REDACTED)
                .containsEntry("spark.executorEnv.OPTS", ConfRedactor.REDACTED)
                .containsEntry("spark.app.name", "job");
    }

    @Test
    void redactsKafkaSaslAndSslSettingsOfPyrometerItself() {
        Map<String, String> confs = new HashMap<>();
        confs.put("spark.pyrometer.kafka.sasl.jaas.config", "org.apache.kafka...PlainLoginModule required username=\"u\" password=\"p\";");
        confs.put("spark.pyrometer.kafka.ssl.keystore.location", "/etc/keys/ks.jks");
        confs.put("spark.pyrometer.kafka.security.protocol", "SASL_SSL");
        Map<String, String> out = defaults.select(confs);
        assertThat(out).containsEntry("spark.pyrometer.kafka.sasl.jaas.config", ConfRedactor.REDACTED)
                .containsEntry("spark.pyrometer.kafka.ssl.keystore.location", ConfRedactor.REDACTED)
                .containsEntry("spark.pyrometer.kafka.security.protocol", "SASL_SSL");
    }

    @Test
    void honoursTheApplicationsOwnRedactionRegex() {
        ConfRedactor custom = new ConfRedactor("(?i)internal\\.id", ListenerConfig.parse(new HashMap<>()).redactionPattern(),
                Arrays.asList("spark."), limit);
        Map<String, String> confs = new HashMap<>();
        confs.put("spark.company.internal.id", "42");
        confs.put("spark.company.password", "kept: the application replaced Spark's pattern, ours still applies");
        Map<String, String> out = custom.select(confs);
        assertThat(out).containsEntry("spark.company.internal.id", ConfRedactor.REDACTED)
                .containsEntry("spark.company.password", ConfRedactor.REDACTED);
    }

    @Test
    void fallsBackToSparksDefaultForAnInvalidRegexAndSelectsByPrefix() {
        ConfRedactor broken = new ConfRedactor("([", ListenerConfig.parse(new HashMap<>()).redactionPattern(),
                Arrays.asList("spark.app.", "spark.master"), limit);
        Map<String, String> confs = new HashMap<>();
        confs.put("spark.app.token", "t");
        confs.put("spark.master", "yarn");
        confs.put("spark.other", "not selected");
        assertThat(broken.select(confs)).containsOnlyKeys("spark.app.token", "spark.master")
                .containsEntry("spark.app.token", ConfRedactor.REDACTED);
    }
}

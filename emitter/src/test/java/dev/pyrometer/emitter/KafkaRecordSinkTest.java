/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaRecordSinkTest {
    private static Properties properties(Map<String, String> raw) {
        Map<String, String> all = new HashMap<>(raw);
        all.put("bootstrap.servers", "127.0.0.1:9");
        List<String> errors = new ArrayList<>();
        Properties p = KafkaRecordSink.producerProperties(EmitterConfig.parse(all, errors), "pyrometer-test");
        assertThat(errors).isEmpty();
        return p;
    }

    @Test
    void noJmxReporterAndNoClientTelemetryByDefault() {
        Properties p = properties(new HashMap<String, String>());
        assertThat(p.getProperty(KafkaRecordSink.AUTO_INCLUDE_JMX_REPORTER)).isEqualTo("false");
        assertThat(p.getProperty(KafkaRecordSink.ENABLE_METRICS_PUSH)).isEqualTo("false");
        // Both are settings this Kafka client knows (a misspelt key would only be logged as unknown).
        assertThat(ProducerConfig.configNames()).contains(KafkaRecordSink.AUTO_INCLUDE_JMX_REPORTER,
                KafkaRecordSink.ENABLE_METRICS_PUSH);
    }

    @Test
    void theUserCanTurnThemBackOn() {
        Map<String, String> raw = new HashMap<>();
        raw.put("kafka.auto.include.jmx.reporter", "true");
        raw.put("kafka.enable.metrics.push", "true");
        Properties p = properties(raw);
        assertThat(p.getProperty(KafkaRecordSink.AUTO_INCLUDE_JMX_REPORTER)).isEqualTo("true");
        assertThat(p.getProperty(KafkaRecordSink.ENABLE_METRICS_PUSH)).isEqualTo("true");
    }

    private static final String SHADED = "dev.pyrometer.shaded.org.apache.kafka.";
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";";

    @Test
    void kafkasOwnClassNamesInSettingsPointToTheRelocatedClientInsideTheShadedJars() {
        assertThat(KafkaRecordSink.relocated(JAAS, SHADED))
                .isEqualTo("dev.pyrometer.shaded." + JAAS);
        assertThat(KafkaRecordSink.relocated("org.apache.kafka.a.A,com.acme.B,org.apache.kafka.c.C", SHADED))
                .isEqualTo(SHADED + "a.A,com.acme.B," + SHADED + "c.C");
        // Written relocated already (the old workaround), other classes, no class at all: unchanged.
        assertThat(KafkaRecordSink.relocated("dev.pyrometer.shaded." + JAAS, SHADED)).isEqualTo("dev.pyrometer.shaded." + JAAS);
        assertThat(KafkaRecordSink.relocated("com.sun.security.auth.module.Krb5LoginModule required;", SHADED))
                .isEqualTo("com.sun.security.auth.module.Krb5LoginModule required;");
        assertThat(KafkaRecordSink.relocated("SASL_SSL", SHADED)).isEqualTo("SASL_SSL");
    }

    @Test
    void unshadedTheSettingsStayAsWritten() {
        // This test runs against the unshaded client: its package is Kafka's own.
        assertThat(KafkaRecordSink.KAFKA_PACKAGE).isEqualTo(KafkaRecordSink.UNSHADED_KAFKA_PACKAGE).isEqualTo("org.apache.kafka.");
        Map<String, String> raw = new HashMap<>();
        raw.put("kafka.sasl.jaas.config", JAAS);
        assertThat(properties(raw).getProperty("sasl.jaas.config")).isEqualTo(JAAS);
    }
}

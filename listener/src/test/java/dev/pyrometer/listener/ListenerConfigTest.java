/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerConfigTest {
    @Test
    void defaultsWithoutAnySetting() {
        ListenerConfig c = ListenerConfig.parse(new HashMap<>());
        assertThat(c.errors()).isEmpty();
        assertThat(c.series()).isNull();
        assertThat(c.scale()).isNull();
        assertThat(c.tags()).isEmpty();
        assertThat(c.maxStringChars()).isEqualTo(64 * 1024);
        assertThat(c.heartbeatMinIntervalMs()).isEqualTo(10_000);
        assertThat(c.captureTasks()).isTrue();
        assertThat(c.emitter().topic()).isEqualTo("pyrometer.events");
    }

    @Test
    void readsListenerEmitterAndKafkaKeys() {
        Map<String, String> raw = new HashMap<>();
        raw.put("series", "nightly");
        raw.put("tags", "team=data; size=xl");
        raw.put("max.string.chars", "1k");
        raw.put("topic", "runs");
        raw.put("kafka.security.protocol", "SASL_SSL");
        ListenerConfig c = ListenerConfig.parse(raw);
        assertThat(c.errors()).isEmpty();
        assertThat(c.series()).isEqualTo("nightly");
        assertThat(c.tags()).containsEntry("team", "data").containsEntry("size", "xl");
        assertThat(c.maxStringChars()).isEqualTo(1024);
        assertThat(c.emitter().topic()).isEqualTo("runs");
        assertThat(c.emitter().kafka()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void reportsEachBadKeyOnOneLineByItsFullNameAndKeepsTheDefault() {
        Map<String, String> raw = new HashMap<>();
        raw.put("max.string.chars", "lots");
        raw.put("tags", "novalue");
        raw.put("captur.tasks", "false");
        ListenerConfig c = ListenerConfig.parse(raw);
        assertThat(c.maxStringChars()).isEqualTo(64 * 1024);
        assertThat(c.tags()).isEmpty();
        assertThat(c.errors()).hasSize(3).allSatisfy(e -> assertThat(e).doesNotContain("\n"));
        assertThat(c.errors()).anySatisfy(e -> assertThat(e).contains("'spark.pyrometer.max.string.chars'"))
                .anySatisfy(e -> assertThat(e).contains("'spark.pyrometer.tags'"))
                .anySatisfy(e -> assertThat(e).isEqualTo("unknown key 'spark.pyrometer.captur.tasks'"));
    }

    @Test
    void aDeclaredScaleIsAPositiveNumber() {
        assertThat(ListenerConfig.parse(java.util.Collections.singletonMap("scale", " 0.1 ")).scale()).isEqualTo("0.1");
        assertThat(ListenerConfig.parse(java.util.Collections.singletonMap("scale", "2.5e-3")).scale()).isEqualTo("2.5e-3");
        for (String bad : new String[] {"10%", "0", "-0.5", "NaN", "Infinity"}) {
            ListenerConfig c = ListenerConfig.parse(java.util.Collections.singletonMap("scale", bad));
            assertThat(c.scale()).as(bad).isNull();
            assertThat(c.errors()).as(bad).singleElement().asString()
                    .contains("'spark.pyrometer.scale'", "must be a positive number such as 0.1");
        }
    }

    @Test
    void aDurationTakesAUnitAndABadOneIsCountedOnceByItsFullName() {
        Map<String, String> raw = new HashMap<>();
        raw.put("heartbeat.min.interval.ms", "30s");
        raw.put("queue.bytes", "32 MB");
        ListenerConfig c = ListenerConfig.parse(raw);
        assertThat(c.errors()).isEmpty();
        assertThat(c.heartbeatMinIntervalMs()).isEqualTo(30_000);
        assertThat(c.emitter().queueBytes()).isEqualTo(32L << 20);

        raw.put("heartbeat.min.interval.ms", "-5");
        raw.put("captur.tasks", "false");
        c = ListenerConfig.parse(raw);
        assertThat(c.heartbeatMinIntervalMs()).isEqualTo(10_000);
        assertThat(c.rejectedValues()).isEqualTo(1);
        assertThat(c.errors()).contains("invalid value '-5' for 'spark.pyrometer.heartbeat.min.interval.ms': negative;"
                + " expected a duration between 0 and 1h, a bare number being milliseconds (using default 10000)");
    }

    @Test
    void docsReferenceTableMatchesTheCode() throws IOException {
        Path docs = Paths.get("..", "docs", "listener.md");
        String text = new String(Files.readAllBytes(docs), StandardCharsets.UTF_8);
        assertThat(text).as("docs/listener.md must contain ListenerConfig.markdownTable() verbatim; regenerate it")
                .contains(ListenerConfig.markdownTable());
    }
}

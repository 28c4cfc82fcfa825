/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.EmitterConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void badValuesFallBackToDefaultsWithOneLineNamingTheKey() {
        Map<String, String> raw = new HashMap<>();
        raw.put("queue.events", "lots");
        raw.put("bootstrap.servers", "no-port-here");
        raw.put("topic", "bad topic!");
        raw.put("unheard.of", "1");
        List<String> errors = new ArrayList<>();
        EmitterConfig c = EmitterConfig.parse(raw, errors);
        assertThat(c.queueEvents()).isEqualTo(EmitterConfig.QUEUE_EVENTS.defaultValue());
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.topic()).isEqualTo("pyrometer.events");
        assertThat(errors).hasSize(4);
        assertThat(errors).anySatisfy(l -> assertThat(l).contains("'queue.events'"));
        assertThat(errors).anySatisfy(l -> assertThat(l).contains("'bootstrap.servers'"));
        assertThat(errors).anySatisfy(l -> assertThat(l).contains("'topic'"));
        assertThat(errors).anySatisfy(l -> assertThat(l).contains("unknown key 'unheard.of'"));
        assertThat(errors).allSatisfy(l -> assertThat(l).doesNotContain("\n"));
    }

    @Test
    void sizesAcceptBinarySuffixesAndRangesAreEnforced() {
        List<String> errors = new ArrayList<>();
        Map<String, String> raw = new HashMap<>();
        raw.put("queue.bytes", "32m");
        raw.put("queue.events", "1");
        EmitterConfig c = EmitterConfig.parse(raw, errors);
        assertThat(c.queueBytes()).isEqualTo(32L << 20);
        assertThat(errors).singleElement().asString().contains("between 16 and");
    }

    @Test
    void kafkaSettingsPassThroughAndSecretsAreNeverEchoed() {
        Setting<String> password = Setting.custom("password", "", "a secret", raw -> {
            throw new IllegalArgumentException("rejected");
        }).secret();
        Map<String, String> raw = new HashMap<>();
        raw.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";");
        raw.put("password", "hunter2");
        List<Setting<?>> table = new ArrayList<>(EmitterConfig.TABLE);
        table.add(password);
        Settings s = Settings.parse(table, raw, "kafka.");
        assertThat(s.passthrough()).containsKey("sasl.jaas.config");
        assertThat(s.errors()).singleElement().asString().contains("'password'").doesNotContain("hunter2");
    }

    @Test
    void markdownTableListsEveryKeyWithItsDefault() {
        String md = Settings.markdownTable(EmitterConfig.TABLE, "spark.pyrometer.");
        for (Setting<?> s : EmitterConfig.TABLE) {
            assertThat(md).contains("`spark.pyrometer." + s.key() + "`");
        }
        assertThat(md).contains("`pyrometer.events`");
    }

    @Test
    void randomInputNeverThrowsAndEveryErrorIsOneShortLine() {
        java.util.Random rnd = new java.util.Random(20261121);
        List<String> keys = new ArrayList<>();
        for (Setting<?> st : EmitterConfig.TABLE) {
            keys.add(st.key());
        }
        String[] alphabet = {"", "0", "-1", "9999999999999999999999", "1k", "2m", "3g", "x", "true", "FALSE", " ", "\n", "\u0000",
                "<script>alert(1)</script>", "host:", ":1", "a:b", "127.0.0.1:9092", "\u202e", "%s%n", "${jndi:ldap://x}"};
        for (int i = 0; i < 20_000; i++) {
            Map<String, String> raw = new HashMap<>();
            int n = rnd.nextInt(6);
            for (int k = 0; k < n; k++) {
                String key = rnd.nextInt(5) == 0 ? "kafka.x" + rnd.nextInt(3) : keys.get(rnd.nextInt(keys.size()));
                StringBuilder v = new StringBuilder();
                for (int p = rnd.nextInt(4); p >= 0; p--) {
                    v.append(alphabet[rnd.nextInt(alphabet.length)]);
                }
                if (rnd.nextInt(50) == 0) {
                    v.append(new String(new char[100_000]).replace('\0', 'z'));
                }
                raw.put(key, v.toString());
            }
            List<String> errors = new ArrayList<>();
            EmitterConfig c = EmitterConfig.parse(raw, errors);
            assertThat(c.queueEvents()).isBetween(16, 10_000_000);
            assertThat(c.topic()).isNotEmpty();
            for (String line : errors) {
                assertThat(line).doesNotContain("\n").doesNotContain("\r");
                assertThat(line.length()).isLessThan(400);
            }
        }
    }
}

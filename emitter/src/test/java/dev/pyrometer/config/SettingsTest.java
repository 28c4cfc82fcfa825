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
    void durationsTakeUnitsAndABareNumberIsTheKeysUnit() {
        List<String> errors = new ArrayList<>();
        Map<String, String> raw = new HashMap<>();
        raw.put("flush.timeout.ms", "2s");
        raw.put("self.metrics.interval.ms", " 1 M ");
        raw.put("run.wait.ms", "1d");
        raw.put("max.block.ms", "250");
        EmitterConfig c = EmitterConfig.parse(raw, errors);
        assertThat(errors).isEmpty();
        assertThat(c.flushTimeoutMs()).isEqualTo(2000);
        assertThat(c.selfMetricsIntervalMs()).isEqualTo(60_000);
        assertThat(c.runWaitMs()).isEqualTo(86_400_000);
        assertThat(c.maxBlockMs()).isEqualTo(250);
    }

    @Test
    void aSizeSuffixOnADurationIsRejectedInOneLineNamingKeyValueWhatIsAcceptedAndTheDefault() {
        List<String> errors = new ArrayList<>();
        EmitterConfig c = EmitterConfig.parse(java.util.Collections.singletonMap("flush.timeout.ms", "1k"), errors);
        assertThat(c.flushTimeoutMs()).isEqualTo(5000);
        assertThat(errors).containsExactly("invalid value '1k' for 'flush.timeout.ms': unknown unit 'k'; expected a duration"
                + " between 0 and 10m, a bare number being milliseconds (using default 5000)");
    }

    @Test
    void sizesTakeSparksUnitSpellingsAndOverflowOrOutOfRangeFallsBack() {
        List<String> errors = new ArrayList<>();
        Map<String, String> raw = new HashMap<>();
        raw.put("queue.bytes", "16mb");
        raw.put("producer.buffer.bytes", "2 MiB");
        raw.put("spill.max.bytes", "1t");
        EmitterConfig c = EmitterConfig.parse(raw, errors);
        assertThat(errors).isEmpty();
        assertThat(c.queueBytes()).isEqualTo(16L << 20);
        assertThat(c.producerBufferBytes()).isEqualTo(2L << 20);
        assertThat(c.spillMaxBytes()).isEqualTo(1L << 40);

        raw.put("queue.bytes", "5g");
        raw.put("producer.buffer.bytes", "99999999999999g");
        raw.put("spill.max.bytes", "-1m");
        errors.clear();
        c = EmitterConfig.parse(raw, errors);
        assertThat(c.queueBytes()).isEqualTo(16L << 20);
        assertThat(c.producerBufferBytes()).isEqualTo(8L << 20);
        assertThat(c.spillMaxBytes()).isEqualTo(256L << 20);
        assertThat(errors).containsExactlyInAnyOrder(
                "invalid value '5g' for 'queue.bytes': out of range; expected a size between 64 KiB and 4 GiB,"
                        + " a bare number being bytes (using default 16777216)",
                "invalid value '99999999999999g' for 'producer.buffer.bytes': too large; expected a size between 1 MiB and"
                        + " 1 GiB, a bare number being bytes (using default 8388608)",
                "invalid value '-1m' for 'spill.max.bytes': negative; expected a size between 1 MiB and 1 TiB,"
                        + " a bare number being bytes (using default 268435456)");
    }

    @Test
    void rejectedValuesAreCountedButUnknownKeysAreNot() {
        Map<String, String> raw = new HashMap<>();
        raw.put("queue.bytes", "lots");
        raw.put("max.block.ms", "1k");
        raw.put("enabled", "yes");
        raw.put("nope", "1");
        Settings s = Settings.parse(EmitterConfig.TABLE, raw, EmitterConfig.KAFKA_PREFIX);
        assertThat(s.errors()).hasSize(4);
        assertThat(s.rejectedValues()).isEqualTo(3);
        assertThat(Settings.parse(EmitterConfig.TABLE, new HashMap<>(), null).rejectedValues()).isZero();
    }

    @Test
    void declarationsAreCheckedWhenTheTableIsBuilt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Setting.duration("timeout", 1, 0, 10, "no unit in the key"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Setting.size("x.bytes", 0, 1, 10, "default below min"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Setting.intRange("x", 11, 1, 10, "default above max"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReferenceTableGivesEachKeysTypeAndRange() {
        String md = Settings.markdownTable(EmitterConfig.TABLE, "");
        assertThat(md).startsWith("| key | type | default | meaning |\n| --- | --- | --- | --- |\n");
        assertThat(md).contains("| `queue.bytes` | size, 64 KiB to 4 GiB | `16777216` |")
                .contains("| `flush.timeout.ms` | duration, 0 to 10m | `5000` |")
                .contains("| `queue.events` | count, 16 to 10000000 | `16384` |")
                .contains("| `enabled` | boolean | `true` |")
                .contains("| `topic` | text | `pyrometer.events` |");
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

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.EmitterConfig;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    @Test
    void emptyOrMissingArgumentsGiveTheDefaults() {
        for (String args : new String[] {null, "", "  "}) {
            AgentConfig c = AgentConfig.parse(args);
            assertThat(c.errors()).isEmpty();
            assertThat(c.sampleIntervalMs()).isEqualTo(1000);
            assertThat(c.get(AgentConfig.PY4J_OUTLIER_SIZE)).isEqualTo(1L << 20);
            assertThat(c.get(AgentConfig.PY4J_ENABLED)).isTrue();
            assertThat(c.emitter().bootstrapServers()).isEqualTo("localhost:9092");
        }
    }

    @Test
    void commaSeparatedBootstrapServersStayOneValue() {
        AgentConfig c = AgentConfig.parse("bootstrap.servers=k1:9092,k2:9093,topic=runs,sample.interval.ms=250");
        assertThat(c.errors()).isEmpty();
        assertThat(c.emitter().bootstrapServers()).isEqualTo("k1:9092,k2:9093");
        assertThat(c.emitter().topic()).isEqualTo("runs");
        assertThat(c.sampleIntervalMs()).isEqualTo(250);
    }

    @Test
    void aBadValueFallsBackToItsDefaultAndNamesTheKey() {
        AgentConfig c = AgentConfig.parse("sample.interval.ms=50,py4j.outlier.size=40m");
        assertThat(c.sampleIntervalMs()).isEqualTo(1000);
        assertThat(c.get(AgentConfig.PY4J_OUTLIER_SIZE)).isEqualTo(40L << 20);
        assertThat(c.errors()).hasSize(1);
        assertThat(c.errors().get(0)).contains("'sample.interval.ms'").contains("100");
    }

    @Test
    void aSizeSuffixOnADurationIsAnErrorNotKibiMilliseconds() {
        AgentConfig c = AgentConfig.parse("sample.interval.ms=1k,export.interval.ms=2s,py4j.outlier.duration.ms=1m,run.poll.ms=100");
        assertThat(c.sampleIntervalMs()).isEqualTo(1000);
        assertThat(c.exportIntervalMs()).isEqualTo(2000);
        assertThat(c.get(AgentConfig.PY4J_OUTLIER_DURATION_MS)).isEqualTo(60_000);
        assertThat(c.get(AgentConfig.RUN_POLL_MS)).isEqualTo(100);
        assertThat(c.rejectedValues()).isEqualTo(1);
        assertThat(c.errors()).containsExactly("invalid value '1k' for 'sample.interval.ms': unknown unit 'k'; expected a duration"
                + " between 100ms and 1h, a bare number being milliseconds (using default 1000)");
    }

    @Test
    void unknownKeysAreReportedAndIgnored() {
        AgentConfig c = AgentConfig.parse("sampel.interval.ms=500,py4j.enabled=false");
        assertThat(c.errors()).singleElement().asString().contains("'sampel.interval.ms'");
        assertThat(c.get(AgentConfig.PY4J_ENABLED)).isFalse();
    }

    @Test
    void kafkaSettingsPassThroughWithTheirOwnEqualsSigns() {
        AgentConfig c = AgentConfig.parse("kafka.security.protocol=SASL_SSL,"
                + "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=u password=p;");
        assertThat(c.errors()).isEmpty();
        assertThat(c.emitter().kafka()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=u password=p;");
    }

    @Test
    void theTableHoldsEveryAgentAndEmitterKeyOnce() {
        assertThat(AgentConfig.TABLE).containsAll(AgentConfig.AGENT_TABLE).containsAll(EmitterConfig.TABLE);
        assertThat(AgentConfig.TABLE.stream().map(s -> s.key()).distinct().count()).isEqualTo(AgentConfig.TABLE.size());
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.EmitterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void defaultTopicIsTheEmittersDefaultSoDefaultsMeet() {
        assertThat(IngestConfig.DEFAULT_TOPIC).isEqualTo(EmitterConfig.TOPIC.defaultValue());
    }

    @Test
    void aRestartedCollectorWaitsTenSecondsForItsDeadSelfUnlessTheUserSaysOtherwise() {
        Properties p = Ingestor.consumerProps(IngestConfig.defaults("b:9092", "t", "g"));
        assertThat(p.getProperty("session.timeout.ms")).isEqualTo("10000");
        assertThat(p.getProperty("group.id")).isEqualTo("g");
        IngestConfig own = new IngestConfig("b:9092", "t", "g", IngestConfig.defaults("b", "t", "g").completion(),
                Duration.ofSeconds(5), 5_000, Map.of("session.timeout.ms", "30000"));
        assertThat(Ingestor.consumerProps(own).getProperty("session.timeout.ms")).isEqualTo("30000");
    }
}

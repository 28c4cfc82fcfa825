/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.EmitterConfig;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void defaultTopicIsTheEmittersDefaultSoDefaultsMeet() {
        assertThat(IngestConfig.DEFAULT_TOPIC).isEqualTo(EmitterConfig.TOPIC.defaultValue());
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkBridgeTest {
    @Test
    void tagParsingKeepsKeyValuePairs() {
        assertThat(SparkBridge.parseTags("team=data; env = prod;bad")).containsEntry("team", "data").containsEntry("env", "prod").hasSize(2);
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClockOffsetsTest {
    @Test
    void intersectsTheBoundsOfEveryObservation() {
        ClockOffsets c = new ClockOffsets();
        // host runs 3 s ahead; tasks of 1 s, samples at various points inside them
        c.observe("w", (10_000 + 3_000 + 100) * 1000L, 10_000, 11_000);
        c.observe("w", (12_000 + 3_000 + 950) * 1000L, 12_000, 13_000);
        assertThat(c.estimateMicros("d").get("w") / 1000).isBetween(2_950L, 3_100L);
    }

    @Test
    void contradictingBoundsFallBackToTheMedian() {
        ClockOffsets c = new ClockOffsets();
        c.observe("w", 5_000_000L, 1_000, 2_000);
        c.observe("w", 5_500_000L, 1_000, 2_000);
        c.observe("w", 20_000_000L, 1_000, 2_000);
        assertThat(c.estimateMicros("d").get("w")).isEqualTo(4_000_000L);
    }

    @Test
    void driverHostIsTheReference() {
        ClockOffsets c = new ClockOffsets();
        c.observe("d", 9_000_000L, 1_000, 2_000);
        assertThat(c.estimateMicros("d").get("d")).isZero();
    }
}

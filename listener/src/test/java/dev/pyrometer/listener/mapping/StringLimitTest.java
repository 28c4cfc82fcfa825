/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.LossCounters;
import org.junit.jupiter.api.Test;

class StringLimitTest {
    private final LossCounters counters = new LossCounters();
    private final StringLimit limit = new StringLimit(10, counters);

    @Test
    void keepsStringsUpToTheLimitAsTheyAre() {
        assertThat(limit.cut("0123456789")).isEqualTo("0123456789");
        assertThat(limit.cut(null)).isNull();
        assertThat(counters.counter(StringLimit.TRUNCATED_COUNTER)).isZero();
    }

    @Test
    void cutsLongerOnesWithAMarkerNamingWhatWasRemovedAndCountsThem() {
        assertThat(limit.cut("0123456789abc")).isEqualTo("0123456789...[truncated 3 chars]");
        assertThat(limit.exceeds("0123456789abc")).isTrue();
        assertThat(counters.counter(StringLimit.TRUNCATED_COUNTER)).isEqualTo(1);
    }

    @Test
    void keepsTheFirstLinesOfAPlan() {
        assertThat(SqlEventMapper.firstLines("a\nb\nc\n", 2)).isEqualTo("a\nb");
        assertThat(SqlEventMapper.firstLines("a\nb", 5)).isEqualTo("a\nb");
    }
}

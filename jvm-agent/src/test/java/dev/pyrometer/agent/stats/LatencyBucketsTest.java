/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {
    @Test
    void bucketsArePowersOfFourOfMicroseconds() {
        assertThat(LatencyBuckets.index(0)).isZero();
        assertThat(LatencyBuckets.index(-5)).isZero();
        assertThat(LatencyBuckets.index(1)).isZero();
        assertThat(LatencyBuckets.index(3)).isZero();
        assertThat(LatencyBuckets.index(4)).isEqualTo(1);
        assertThat(LatencyBuckets.index(15)).isEqualTo(1);
        assertThat(LatencyBuckets.index(16)).isEqualTo(2);
        assertThat(LatencyBuckets.index(1_000_000)).isEqualTo(9);
        assertThat(LatencyBuckets.index(Long.MAX_VALUE)).isEqualTo(LatencyBuckets.COUNT - 1);
    }

    @Test
    void everyBucketHoldsExactlyTheRangeItsBoundsDescribe() {
        List<Long> upper = LatencyBuckets.upperBoundsMicros();
        assertThat(upper).hasSize(LatencyBuckets.COUNT);
        assertThat(upper.get(upper.size() - 1)).isEqualTo(Long.MAX_VALUE);
        long lower = 1;
        for (int i = 0; i < LatencyBuckets.COUNT - 1; i++) {
            assertThat(LatencyBuckets.index(lower)).isEqualTo(i);
            assertThat(LatencyBuckets.index(upper.get(i) - 1)).isEqualTo(i);
            assertThat(LatencyBuckets.index(upper.get(i))).isEqualTo(i + 1);
            lower = upper.get(i);
        }
    }

    @Test
    void accumulatorDrainsOneIntervalAndStartsAfresh() {
        IntervalAccumulator acc = new IntervalAccumulator(true);
        acc.record(2_000, 10, false);
        acc.record(5_000_000, 30, true);
        acc.record(500, -1, false);
        IntervalAccumulator.Snapshot s = new IntervalAccumulator.Snapshot();
        assertThat(acc.drainInto(s)).isTrue();
        assertThat(s.count).isEqualTo(3);
        assertThat(s.errors).isEqualTo(1);
        assertThat(s.totalNanos).isEqualTo(5_002_500);
        assertThat(s.maxNanos).isEqualTo(5_000_000);
        assertThat(s.totalSize).isEqualTo(40);
        assertThat(s.maxSize).isEqualTo(30);
        // 2 us and 0.5 us both land in bucket 0.
        assertThat(s.buckets[0]).isEqualTo(2);
        assertThat(s.buckets[LatencyBuckets.index(5_000)]).isEqualTo(1);
        assertThat(acc.drainInto(s)).isFalse();
    }
}

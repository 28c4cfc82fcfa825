/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.ExceptionInfo;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TextLimitTest {
    private final AtomicLong cuts = new AtomicLong();
    private final TextLimit limit = new TextLimit(10, cuts::incrementAndGet);

    @Test
    void keepsStringsUpToTheLimitAsTheyAre() {
        assertThat(limit.cut("0123456789")).isEqualTo("0123456789");
        assertThat(limit.cut(null)).isNull();
        assertThat(limit.exceeds(null)).isFalse();
        assertThat(cuts.get()).isZero();
    }

    @Test
    void cutsLongerOnesWithAMarkerNamingWhatWasRemovedAndCountsThem() {
        assertThat(limit.cut("0123456789abc")).isEqualTo("0123456789...[truncated 3 chars]");
        assertThat(limit.exceeds("0123456789abc")).isTrue();
        assertThat(cuts.get()).isEqualTo(1);
    }

    @Test
    void joinsWordsAndCutsTheJoinedStringTheSameWay() {
        assertThat(limit.join(Arrays.asList("sh", "-c", "w"))).isEqualTo("sh -c w");
        assertThat(limit.join(Collections.<String>emptyList())).isEmpty();
        assertThat(cuts.get()).isZero();
        String joined = "python3 -m pyspark.daemon";
        assertThat(limit.join(Arrays.asList("python3", "-m", "pyspark.daemon"))).isEqualTo(limit.cut(joined));
        assertThat(cuts.get()).isEqualTo(2);
        assertThat(limit.join(Arrays.asList("a", null))).isEqualTo("a null");
        // A word that ends exactly at the limit, with a separator after it.
        assertThat(limit.join(Arrays.asList("0123456789", "x"))).isEqualTo("0123456789...[truncated 2 chars]");
    }

    @Test
    void anExceptionKeepsItsClassAndCutsMessageAndTraceFlaggingTheCut() {
        TextLimit wide = new TextLimit(10_000, () -> { });
        ExceptionInfo whole = wide.exception(new IllegalStateException("short", new RuntimeException("the cause")));
        assertThat(whole.getClassName()).isEqualTo("java.lang.IllegalStateException");
        assertThat(whole.getMessage()).isEqualTo("short");
        assertThat(whole.getStackTrace()).contains("Caused by: java.lang.RuntimeException: the cause");
        assertThat(whole.getTruncated()).isFalse();

        ExceptionInfo cut = limit.exception(new IllegalStateException("a message longer than ten"));
        assertThat(cut.getClassName()).isEqualTo("java.lang.IllegalStateException");
        assertThat(cut.getMessage()).isEqualTo("a message ...[truncated 15 chars]");
        assertThat(cut.getStackTrace()).startsWith("java.lang.").contains("...[truncated ");
        assertThat(cut.getTruncated()).isTrue();
        assertThat(cuts.get()).isEqualTo(2);
        assertThat(limit.exception((Throwable) null)).isNull();
        assertThat(limit.exception(null, null, null).getClassName()).isEmpty();
    }

    @Test
    void onlyTheEmittersNumberedDropsExplainGaps() {
        assertThat(DropReasons.numbered(DropReasons.QUEUE_FULL)).isTrue();
        assertThat(DropReasons.numbered(DropReasons.SPILL_FULL)).isTrue();
        assertThat(DropReasons.numbered(DropReasons.AGENT_SIGHTINGS_FULL)).as("dropped before the emitter").isFalse();
        assertThat(DropReasons.numbered(DropReasons.DISABLED)).isFalse();
        assertThat(DropReasons.numbered(DropReasons.AFTER_FINAL_REPORT)).isFalse();
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DurationParserTest {
    private static final TimeUnit MS = TimeUnit.MILLISECONDS;

    private static long ms(String raw) {
        return DurationParser.parse(raw, MS);
    }

    @Test
    void aBareNumberIsTheKeysOwnUnit() {
        assertThat(ms("0")).isEqualTo(0);
        assertThat(ms("250")).isEqualTo(250);
        assertThat(ms(" 1000 ")).isEqualTo(1000);
        assertThat(ms("007")).isEqualTo(7);
        assertThat(DurationParser.parse("250", TimeUnit.MICROSECONDS)).isEqualTo(250);
    }

    @Test
    void unitsConvertToTheKeysUnitInAnyCaseWithOrWithoutSpaces() {
        assertThat(ms("250ms")).isEqualTo(250);
        assertThat(ms("30s")).isEqualTo(30_000);
        assertThat(ms("5m")).isEqualTo(300_000);
        assertThat(ms("2h")).isEqualTo(7_200_000);
        assertThat(ms("1d")).isEqualTo(86_400_000);
        assertThat(ms("30S")).isEqualTo(30_000);
        assertThat(ms("250 MS")).isEqualTo(250);
        assertThat(ms("\t5 m\n")).isEqualTo(300_000);
        assertThat(DurationParser.parse("2ms", TimeUnit.MICROSECONDS)).isEqualTo(2000);
    }

    @Test
    void sizeSuffixesAndOtherJunkAreRejectedWithAShortReason() {
        assertThatThrownBy(() -> ms("1k")).isInstanceOf(IllegalArgumentException.class).hasMessage("unknown unit 'k'");
        assertThatThrownBy(() -> ms("16mb")).hasMessage("unknown unit 'mb'");
        assertThatThrownBy(() -> ms("1.5s")).hasMessage("not a whole number with a unit");
        assertThatThrownBy(() -> ms("5 m s")).hasMessage("not a whole number with a unit");
        assertThatThrownBy(() -> ms("-5")).hasMessage("negative");
        assertThatThrownBy(() -> ms("+5")).hasMessage("not a whole number");
        assertThatThrownBy(() -> ms("")).hasMessage("not a whole number");
        assertThatThrownBy(() -> ms("   ")).hasMessage("not a whole number");
        assertThatThrownBy(() -> ms("s")).hasMessage("not a whole number");
        assertThatThrownBy(() -> ms("ten")).hasMessage("not a whole number");
        assertThatThrownBy(() -> ms("\u0661\u0662")).hasMessage("not a whole number"); // Arabic-Indic digits
        assertThatThrownBy(() -> ms("5us")).hasMessage("unknown unit 'us'");
        assertThatThrownBy(() -> ms("5 minutes")).hasMessage("not a whole number with a unit");
    }

    @Test
    void overflowIsAnErrorNotAWrappedValue() {
        assertThat(ms(Long.toString(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> ms("9223372036854775808")).hasMessage("too large");
        assertThat(ms("106751991167d")).isEqualTo(106_751_991_167L * 86_400_000L);
        assertThatThrownBy(() -> ms("106751991168d")).hasMessage("too large");
        assertThatThrownBy(() -> ms("99999999999999999999h")).hasMessage("too large");
        assertThat(ms("9223372036854775ms")).isEqualTo(9_223_372_036_854_775L);
    }

    @Test
    void formatPicksTheLargestExactUnitAndParsesBack() {
        assertThat(DurationParser.format(3_600_000, MS)).isEqualTo("1h");
        assertThat(DurationParser.format(86_400_000, MS)).isEqualTo("1d");
        assertThat(DurationParser.format(600_000, MS)).isEqualTo("10m");
        assertThat(DurationParser.format(1500, MS)).isEqualTo("1500ms");
        assertThat(DurationParser.format(100, MS)).isEqualTo("100ms");
        assertThat(DurationParser.format(0, MS)).isEqualTo("0");
        assertThat(DurationParser.format(1500, TimeUnit.MICROSECONDS)).isEqualTo("1500");
        for (long v : new long[] {0, 1, 999, 1000, 59_000, 60_000, 3_599_999, 86_400_000, Long.MAX_VALUE}) {
            assertThat(ms(DurationParser.format(v, MS))).as("%d", v).isEqualTo(v);
        }
    }

    @Test
    void keyUnitsCoarserThanMillisecondsAreRefused() {
        assertThatThrownBy(() -> DurationParser.parse("1", TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
    }
}

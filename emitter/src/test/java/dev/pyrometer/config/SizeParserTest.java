/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizeParserTest {

    @Test
    void aBareNumberOrBIsBytes() {
        assertThat(SizeParser.parse("0")).isEqualTo(0);
        assertThat(SizeParser.parse("16777216")).isEqualTo(16_777_216);
        assertThat(SizeParser.parse(" 1000 b ")).isEqualTo(1000);
        assertThat(SizeParser.parse("1000B")).isEqualTo(1000);
    }

    @Test
    void everyUnitSpellingIsAPowerOf1024InAnyCase() {
        for (String k : new String[] {"k", "kb", "kib", "K", "KB", "KiB", "kIB"}) {
            assertThat(SizeParser.parse("64" + k)).as(k).isEqualTo(64L << 10);
        }
        for (String m : new String[] {"m", "mb", "mib", "MB", "MiB"}) {
            assertThat(SizeParser.parse("16" + m)).as(m).isEqualTo(16L << 20);
        }
        for (String g : new String[] {"g", "gb", "gib", "G", "GiB"}) {
            assertThat(SizeParser.parse("4" + g)).as(g).isEqualTo(4L << 30);
        }
        for (String t : new String[] {"t", "tb", "tib", "TiB"}) {
            assertThat(SizeParser.parse("1" + t)).as(t).isEqualTo(1L << 40);
        }
        assertThat(SizeParser.parse("16 mb")).isEqualTo(16L << 20);
        assertThat(SizeParser.parse("\t64 KiB\n")).isEqualTo(64L << 10);
    }

    @Test
    void junkSignsFractionsAndDurationUnitsAreRejectedWithAShortReason() {
        assertThatThrownBy(() -> SizeParser.parse("lots")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a whole number");
        assertThatThrownBy(() -> SizeParser.parse("")).hasMessage("not a whole number");
        assertThatThrownBy(() -> SizeParser.parse("mb")).hasMessage("not a whole number");
        assertThatThrownBy(() -> SizeParser.parse("-1m")).hasMessage("negative");
        assertThatThrownBy(() -> SizeParser.parse("+1m")).hasMessage("not a whole number");
        assertThatThrownBy(() -> SizeParser.parse("1.5g")).hasMessage("not a whole number with a unit");
        assertThatThrownBy(() -> SizeParser.parse("16 m b")).hasMessage("not a whole number with a unit");
        assertThatThrownBy(() -> SizeParser.parse("5s")).hasMessage("unknown unit 's'");
        assertThatThrownBy(() -> SizeParser.parse("5ms")).hasMessage("unknown unit 'ms'");
        assertThatThrownBy(() -> SizeParser.parse("1pb")).hasMessage("unknown unit 'pb'");
        assertThatThrownBy(() -> SizeParser.parse("1 kilobyte")).hasMessage("not a whole number with a unit");
    }

    @Test
    void overflowIsAnErrorNotAWrappedValue() {
        assertThat(SizeParser.parse(Long.toString(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> SizeParser.parse("9223372036854775808")).hasMessage("too large");
        assertThat(SizeParser.parse("8388607t")).isEqualTo(8_388_607L << 40);
        assertThatThrownBy(() -> SizeParser.parse("8388608t")).hasMessage("too large");
        assertThat(SizeParser.parse("8589934591g")).isEqualTo(8_589_934_591L << 30);
        assertThatThrownBy(() -> SizeParser.parse("8589934592g")).hasMessage("too large");
        assertThatThrownBy(() -> SizeParser.parse("9007199254740992k")).hasMessage("too large");
    }

    @Test
    void formatPicksTheLargestExactUnitAndParsesBack() {
        assertThat(SizeParser.format(16L << 20)).isEqualTo("16 MiB");
        assertThat(SizeParser.format(64L << 10)).isEqualTo("64 KiB");
        assertThat(SizeParser.format(1L << 40)).isEqualTo("1 TiB");
        assertThat(SizeParser.format(1536L << 20)).isEqualTo("1536 MiB");
        assertThat(SizeParser.format(1000)).isEqualTo("1000 B");
        assertThat(SizeParser.format(0)).isEqualTo("0 B");
        for (long v : new long[] {0, 1, 1023, 1024, 1025, 16L << 20, 3L << 30, 1L << 40, Long.MAX_VALUE}) {
            assertThat(SizeParser.parse(SizeParser.format(v))).as("%d", v).isEqualTo(v);
        }
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    /** A real line's shape (proc(5)): a command name with spaces and parentheses, then 50 fields. */
    private static final String LINE = "4242 (python3 (x) y) S 4200 4242 4200 0 -1 4194560 90 0 0 0 "
            + "150 25 7 3 20 0 1 0 123456 1000000000 51200 18446744073709551615 1 1 0 0 0 0 0 16781312 2 0 0 0 17 1 0 0 0 0 0 "
            + "0 0 0 0 0 0 0 0\n";

    @Test
    void readsTheFieldsAfterTheLastParenthesis() {
        ProcStat s = ProcStat.parse(LINE);
        assertThat(s).isNotNull();
        assertThat(s.pid).isEqualTo(4242);
        assertThat(s.comm).isEqualTo("python3 (x) y");
        assertThat(s.state).isEqualTo('S');
        assertThat(s.ppid).isEqualTo(4200);
        assertThat(s.cpuTicks).isEqualTo(175);
        assertThat(s.reapedChildrenCpuTicks).isEqualTo(10);
        assertThat(s.startTicks).isEqualTo(123456);
        assertThat(s.rssPages).isEqualTo(51200);
    }

    @Test
    void aTruncatedOrGarbledLineIsNotAStat() {
        assertThat(ProcStat.parse(null)).isNull();
        assertThat(ProcStat.parse("")).isNull();
        assertThat(ProcStat.parse("4242 (python3) S 4200 4242")).isNull();
        assertThat(ProcStat.parse("4242 python3 S 4200")).isNull();
        assertThat(ProcStat.parse(LINE.replace(" 51200 ", " lots "))).isNull();
        assertThat(ProcStat.parse("x (a) " + LINE.substring(LINE.indexOf(") ") + 2))).isNull();
    }
}

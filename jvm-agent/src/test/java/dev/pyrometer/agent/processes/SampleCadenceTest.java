/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessKind;
import dev.pyrometer.event.ProcessTreeSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleCadenceTest {
    private static final long SECOND = 1_000_000_000L;

    private static ProcessInfo process(long pid, long cpuNanos, boolean exited) {
        return ProcessInfo.newBuilder().setPid(pid).setPpid(1).setKind(ProcessKind.JVM).setCommand("java")
                .setRssBytes(1).setCpuNanos(cpuNanos).setStartTimeMicros(1).setFirstSeenMicros(1).setExited(exited).build();
    }

    private static ProcessTreeSample tree(ProcessInfo... processes) {
        return ProcessTreeSample.newBuilder().setProcesses(new ArrayList<>(Arrays.asList(processes))).build();
    }

    @Test
    void staysFastWhileTheTreeWorksAndStretchesOnlyAfterThreeIdleSamples() {
        SampleCadence c = new SampleCadence(SECOND, 5 * SECOND);
        long cpu = 0;
        assertThat(c.next(tree(process(1, cpu, false)), -1, 0)).isEqualTo(SECOND);
        for (int i = 0; i < 5; i++) {
            cpu += SECOND / 5; // 20% of a core
            assertThat(c.next(tree(process(1, cpu, false)), -1, SECOND)).isEqualTo(SECOND);
        }
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            cpu += SECOND / 100; // 1%: idle
            waits.add(c.next(tree(process(1, cpu, false)), -1, SECOND));
        }
        assertThat(waits).containsExactly(SECOND, SECOND, 2 * SECOND, 4 * SECOND, 5 * SECOND, 5 * SECOND, 5 * SECOND);
        cpu += SECOND; // work again: back to the fast interval at once
        assertThat(c.next(tree(process(1, cpu, false)), -1, 5 * SECOND)).isEqualTo(SECOND);
    }

    @Test
    void aProcessThatStartsOrEndsCountsAsWork() {
        SampleCadence c = new SampleCadence(SECOND, 8 * SECOND);
        c.next(tree(process(1, 0, false)), -1, 0);
        for (int i = 0; i < 4; i++) {
            c.next(tree(process(1, 0, false)), -1, SECOND);
        }
        assertThat(c.next(tree(process(1, 0, false)), -1, SECOND)).isGreaterThan(SECOND);
        assertThat(c.next(tree(process(1, 0, false), process(2, 0, false)), -1, SECOND)).isEqualTo(SECOND);
        for (int i = 0; i < 4; i++) {
            c.next(tree(process(1, 0, false), process(2, 0, false)), -1, SECOND);
        }
        assertThat(c.next(tree(process(1, 0, false), process(2, 0, true)), -1, SECOND)).as("an exit").isEqualTo(SECOND);
    }

    @Test
    void withoutATreeTheJvmsOwnCpuDecides() {
        SampleCadence c = new SampleCadence(SECOND, 4 * SECOND);
        long cpu = 0;
        for (int i = 0; i < 6; i++) {
            c.next(null, cpu, i == 0 ? 0 : SECOND);
        }
        assertThat(c.next(null, cpu, SECOND)).isEqualTo(4 * SECOND);
        assertThat(c.next(null, cpu + SECOND / 2, SECOND)).isEqualTo(SECOND);
    }

    @Test
    void anIdleIntervalNoLongerThanTheIntervalKeepsItFixed() {
        SampleCadence c = new SampleCadence(SECOND, SECOND / 2);
        for (int i = 0; i < 10; i++) {
            assertThat(c.next(tree(process(1, 0, false)), -1, SECOND)).isEqualTo(SECOND);
        }
    }

    @Test
    void aWakeEndsOnlyAStretchedWait() {
        SampleCadence c = new SampleCadence(SECOND, 4 * SECOND);
        SampleCadence.register(Thread.currentThread());
        try {
            c.next(tree(process(1, 0, false)), -1, 0);
            SampleCadence.wake();
            assertThat(SampleCadence.takeWake()).as("at the fast interval a wake does nothing").isFalse();
            for (int i = 0; i < 4; i++) {
                c.next(tree(process(1, 0, false)), -1, SECOND);
            }
            SampleCadence.wake();
            assertThat(SampleCadence.takeWake()).isTrue();
            assertThat(SampleCadence.takeWake()).isFalse();
        } finally {
            SampleCadence.register(null);
        }
    }
}

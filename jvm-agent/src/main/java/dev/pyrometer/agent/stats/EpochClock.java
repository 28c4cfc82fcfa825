/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.stats;

/**
 * Turns System.nanoTime() readings taken on hot paths into epoch microseconds later, on the
 * agent's own threads, so advice reads one clock and does no conversion.
 */
public final class EpochClock {
    private static final long BASE_NANOS = System.nanoTime();
    private static final long BASE_EPOCH_MICROS = System.currentTimeMillis() * 1000L;

    private EpochClock() {
    }

    public static long toEpochMicros(long nanoTime) {
        return BASE_EPOCH_MICROS + (nanoTime - BASE_NANOS) / 1000L;
    }

    public static long nowMicros() {
        return toEpochMicros(System.nanoTime());
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

/**
 * Epoch microseconds: the wall clock's millisecond reading refined with {@link System#nanoTime()},
 * monotonic between re-anchorings. Injectable so timing logic is tested without sleeping.
 */
public interface MicroClock {
    long nowMicros();

    /** Nanosecond monotonic time for durations. */
    long nanoTime();

    MicroClock SYSTEM = new MicroClock() {
        private final long baseMicros = System.currentTimeMillis() * 1000L;
        private final long baseNanos = System.nanoTime();

        @Override
        public long nowMicros() {
            return baseMicros + (System.nanoTime() - baseNanos) / 1000L;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };
}

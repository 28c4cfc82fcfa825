/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The sequence numbers seen from one source: answers "seen before?" (idempotence) and how many
 * numbers below the highest one never arrived (events lost between emitter and collector).
 */
final class SequenceTracker {
    private final BitSet seen = new BitSet();
    // Sequence numbers beyond int range would not fit the bit set; real emitters never get there.
    private final Set<Long> large = new HashSet<>();
    private long max = -1;
    private long min = Long.MAX_VALUE;
    private long count;

    /** Records {@code seq}; false when it was seen before. */
    boolean add(long seq) {
        if (seq < 0) {
            return false;
        }
        if (seq <= Integer.MAX_VALUE) {
            int i = (int) seq;
            if (seen.get(i)) {
                return false;
            }
            seen.set(i);
        } else if (!large.add(seq)) {
            return false;
        }
        count++;
        max = Math.max(max, seq);
        min = Math.min(min, seq);
        return true;
    }

    /** Lowest number seen, -1 for none. */
    long minSeq() {
        return count == 0 ? -1 : min;
    }

    long maxSeq() {
        return max;
    }

    long count() {
        return count;
    }

    /** Numbers from 0 to the highest seen that never arrived. */
    long gaps() {
        return max + 1 - count;
    }
}

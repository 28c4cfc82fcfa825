/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.config;


/**
 * Reads a size setting in bytes: a whole number of bytes ({@code 16777216}), or a whole number
 * with a unit, {@code b}, {@code k}/{@code kb}/{@code kib}, {@code m}/{@code mb}/{@code mib},
 * {@code g}/{@code gb}/{@code gib} or {@code t}/{@code tb}/{@code tib}, any case, spaces allowed
 * around and between ({@code 16mb}, {@code 64 KiB}). Every unit is a power of 1024, as in Spark's
 * {@code spark.*.size} confs: {@code 1kb} is 1024 bytes. A sign, a fraction, a duration unit or
 * a result past {@code Long.MAX_VALUE} is an error, thrown as an {@link IllegalArgumentException}
 * whose message is a short reason.
 */
public final class SizeParser {
    /** Binary prefixes, largest first (the order {@link #format} tries them in), and their shifts. */
    private static final String[] PREFIXES = {"t", "g", "m", "k"};
    private static final int[] SHIFTS = {40, 30, 20, 10};
    private static final String[] SHOWN = {"TiB", "GiB", "MiB", "KiB"};

    private SizeParser() {
    }

    /** The number of bytes {@code raw} names. */
    public static long parse(String raw) {
        NumberWithUnit n = NumberWithUnit.parse(raw);
        long number = n.number;
        String unit = n.unit;
        if (unit.isEmpty() || unit.equals("b")) {
            return number;
        }
        for (int i = 0; i < PREFIXES.length; i++) {
            String p = PREFIXES[i];
            if (unit.equals(p) || unit.equals(p + "b") || unit.equals(p + "ib")) {
                if (number > (Long.MAX_VALUE >> SHIFTS[i])) {
                    throw new IllegalArgumentException("too large");
                }
                return number << SHIFTS[i];
            }
        }
        throw n.unknownUnit();
    }

    /**
     * {@code bytes} in the largest binary unit that holds it exactly, as a value {@link #parse}
     * reads back: 16777216 is {@code 16 MiB}, 1000 is {@code 1000 B}.
     */
    public static String format(long bytes) {
        if (bytes != 0) {
            for (int i = 0; i < PREFIXES.length; i++) {
                if ((bytes & ((1L << SHIFTS[i]) - 1)) == 0) {
                    return (bytes >> SHIFTS[i]) + " " + SHOWN[i];
                }
            }
        }
        return bytes + " B";
    }
}

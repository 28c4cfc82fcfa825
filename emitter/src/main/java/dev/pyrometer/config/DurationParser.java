/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.config;

import java.util.concurrent.TimeUnit;

/**
 * Reads a duration setting: a whole number in the key's own unit ({@code sample.interval.ms=250}),
 * or a whole number with a unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, any case,
 * spaces allowed around and between ({@code 30s}, {@code 5 M}). A size suffix ({@code 1k}), a sign,
 * a fraction or a result past {@code Long.MAX_VALUE} of the key's unit is an error, thrown as an
 * {@link IllegalArgumentException} whose message is a short reason.
 */
public final class DurationParser {
    /** The units a value may carry, largest first (the order {@link #format} tries them in). */
    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
    private static final TimeUnit[] TIME_UNITS = {TimeUnit.DAYS, TimeUnit.HOURS, TimeUnit.MINUTES, TimeUnit.SECONDS,
            TimeUnit.MILLISECONDS};

    private DurationParser() {
    }

    /**
     * The duration {@code raw} names, as a whole number of {@code keyUnit}, which must be
     * milliseconds or finer so that every accepted unit is an exact multiple of it.
     */
    public static long parse(String raw, TimeUnit keyUnit) {
        checkKeyUnit(keyUnit);
        NumberWithUnit n = NumberWithUnit.parse(raw);
        long number = n.number;
        String unit = n.unit;
        if (unit.isEmpty()) {
            return number;
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                try {
                    return Math.multiplyExact(number, keyUnit.convert(1, TIME_UNITS[i]));
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("too large");
                }
            }
        }
        throw n.unknownUnit();
    }

    /**
     * {@code value} of {@code keyUnit} in the largest unit that holds it exactly, as a value
     * {@link #parse} reads back: 3600000 ms is {@code 1h}, 1500 ms {@code 1500ms}, 0 is {@code 0}.
     */
    public static String format(long value, TimeUnit keyUnit) {
        checkKeyUnit(keyUnit);
        if (value == 0) {
            return "0";
        }
        for (int i = 0; i < UNITS.length; i++) {
            long per = keyUnit.convert(1, TIME_UNITS[i]);
            if (value % per == 0) {
                return value / per + UNITS[i];
            }
        }
        return Long.toString(value); // a bare number is the key's own unit
    }

    private static void checkKeyUnit(TimeUnit keyUnit) {
        if (keyUnit.compareTo(TimeUnit.MILLISECONDS) > 0) {
            throw new IllegalArgumentException("a duration key's unit must be milliseconds or finer: " + keyUnit);
        }
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.config;

import java.util.Locale;

/**
 * A setting's value split into a whole number and the unit after it, as {@link DurationParser}
 * and {@link SizeParser} read them: leading digits, then the rest trimmed and lower-cased. Each
 * error is an {@link IllegalArgumentException} whose message is a short reason.
 */
final class NumberWithUnit {
    final long number;
    /** Lower case, "" when the value is a bare number. */
    final String unit;

    private NumberWithUnit(long number, String unit) {
        this.number = number;
        this.unit = unit;
    }

    static NumberWithUnit parse(String raw) {
        String v = raw.trim();
        int digits = 0;
        while (digits < v.length() && v.charAt(digits) >= '0' && v.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException(v.startsWith("-") ? "negative" : "not a whole number");
        }
        try {
            return new NumberWithUnit(Long.parseLong(v.substring(0, digits)), v.substring(digits).trim().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("too large");
        }
    }

    /** The error for a unit neither parser knows: named when it looks like one, else the value's shape. */
    IllegalArgumentException unknownUnit() {
        return new IllegalArgumentException(unit.length() <= 4 && unit.chars().allMatch(Character::isLetter)
                ? "unknown unit '" + unit + "'" : "not a whole number with a unit");
    }
}

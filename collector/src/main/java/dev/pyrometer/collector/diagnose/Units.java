/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import java.util.Locale;

/** Numbers as people read them in findings. */
final class Units {
    private Units() {
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] u = {"KiB", "MiB", "GiB", "TiB"};
        double v = n / 1024.0;
        int i = 0;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }

    static String ms(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** A projected duration, as coarse as it is: seconds below a minute, then minutes, then hours. */
    static String about(long ms) {
        if (ms < 60_000) {
            return ms(ms);
        }
        return ms < 3_600_000 ? String.format(Locale.ROOT, "%.0f min", ms / 60_000.0)
                : String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.1f×", r);
    }

    static String pct(double f) {
        return String.format(Locale.ROOT, "%.0f%%", f * 100);
    }
}

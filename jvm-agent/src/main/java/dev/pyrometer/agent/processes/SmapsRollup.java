/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

/** Memory totals from {@code /proc/<pid>/smaps_rollup}, in bytes. */
final class SmapsRollup {
    long rss = -1;
    long pss = -1;
    long privateBytes;
    long sharedBytes;

    /** Parses the file's text; null when it holds no Pss line (unreadable or not a rollup). */
    static SmapsRollup parse(String text) {
        if (text == null) {
            return null;
        }
        SmapsRollup r = new SmapsRollup();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon);
            long bytes = kilobytes(line.substring(colon + 1));
            if (bytes < 0) {
                continue;
            }
            switch (key) {
                case "Rss":
                    r.rss = bytes;
                    break;
                case "Pss":
                    r.pss = bytes;
                    break;
                case "Private_Clean":
                case "Private_Dirty":
                    r.privateBytes += bytes;
                    break;
                case "Shared_Clean":
                case "Shared_Dirty":
                    r.sharedBytes += bytes;
                    break;
                default:
                    break;
            }
        }
        return r.pss < 0 ? null : r;
    }

    /** "   1234 kB" as bytes, -1 when not a number. */
    static long kilobytes(String v) {
        String s = v.trim();
        if (s.endsWith("kB")) {
            s = s.substring(0, s.length() - 2).trim();
        }
        try {
            return Long.parseLong(s) * 1024L;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

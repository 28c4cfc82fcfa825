/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import dev.pyrometer.collector.diagnose.Finding;
import dev.pyrometer.collector.diagnose.ScaleUp;
import java.util.List;
import java.util.Locale;

/** Findings and scale-up comparisons as plain text for the terminal. */
public final class FindingsText {
    private FindingsText() {
    }

    public static String of(List<Finding> findings) {
        StringBuilder b = new StringBuilder();
        long alarms = findings.stream().filter(f -> f.severity().isAlarm()).count();
        b.append(alarms == 0 ? "No problems found." : alarms + " problem" + (alarms == 1 ? "" : "s") + " found.")
                .append('\n');
        for (Finding f : findings) {
            b.append('\n').append(f.severity()).append(" [").append(f.rule()).append("] ").append(f.title()).append('\n');
            for (String line : f.detail().split("\n")) {
                b.append("    ").append(line).append('\n');
            }
        }
        return b.toString();
    }

    public static String of(ScaleUp s) {
        StringBuilder b = new StringBuilder("Scale-up across runs " + String.join(", ", s.runIds()) + "\n");
        b.append("size measured by: ").append(s.measure().label()).append("\n");
        if (s.measureNote() != null) {
            b.append(s.measureNote()).append("\n");
        }
        b.append('\n');
        b.append(String.format(Locale.ROOT, "%-40s %-16s %-12s %8s  %s%n", "stage", "time exp", "fit", "mem exp",
                "size -> wall time per run"));
        for (ScaleUp.StageGrowth g : s.stages()) {
            StringBuilder pts = new StringBuilder();
            for (ScaleUp.Point p : g.points()) {
                pts.append(ScaleUp.sizeText(p.size(), s.measure())).append(" -> ").append(Html.duration(p.wallMs())).append("; ");
            }
            b.append(String.format(Locale.ROOT, "%-40s %-16s %-12s %8s  %s%s%n", cut(g.key()), ScaleUp.exponentText(g),
                    g.quality() == ScaleUp.FitQuality.GOOD ? "good" : g.quality().name().toLowerCase(Locale.ROOT),
                    exp(g.memoryExponent()), pts, g.superlinear() ? "  SUPERLINEAR" : ""));
        }
        b.append('\n').append(of(s.findings()));
        return b.toString();
    }

    private static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String exp(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.2f", d);
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import static dev.pyrometer.collector.report.Html.esc;

import dev.pyrometer.collector.diagnose.Finding;
import dev.pyrometer.collector.diagnose.ScaleUp;
import java.util.List;
import java.util.Locale;

/** The findings section of the report: every finding, then the scale-up comparison when there is one. */
public final class FindingsHtml {
    private static final String STYLE = "<style>.finding{border-left:4px solid #9cc3e6;padding:2px 8px;margin:6px 0}"
            + ".finding.WARNING{border-color:#f0ad4e}.finding.ERROR{border-color:#d9534f}.finding h3{margin:2px 0;"
            + "font-size:1em}.finding .sev{font-size:.8em;color:#666;margin-right:6px}.finding ul{margin:2px 0;"
            + "font-family:monospace;font-size:.85em}.finding .next{margin:2px 0}</style>";

    private FindingsHtml() {
    }

    /** @param scaleUp the run's series compared, or null when the run has none */
    public static String render(List<Finding> findings, ScaleUp scaleUp) {
        StringBuilder b = new StringBuilder(STYLE);
        long alarms = findings.stream().filter(f -> f.severity().isAlarm()).count();
        b.append("<p id=\"findings-summary\" class=\"").append(alarms == 0 ? "ok" : "warn").append("\">")
                .append(alarms == 0 ? "No problems found." : alarms + " problem" + (alarms == 1 ? "" : "s") + " found.")
                .append("</p>");
        for (Finding f : findings) {
            b.append("<div class=\"finding ").append(f.severity().name()).append("\" data-rule=\"").append(esc(f.rule()))
                    .append("\"><h3><span class=\"sev\">").append(f.severity().name()).append(' ').append(esc(f.rule()))
                    .append("</span>").append(esc(f.title())).append("</h3><div>").append(esc(f.explanation())).append("</div>");
            if (f.nextStep() != null && !f.nextStep().isEmpty()) {
                b.append("<div class=\"next\"><b>Next step:</b> ").append(esc(f.nextStep())).append("</div>");
            }
            if (!f.evidence().isEmpty()) {
                b.append("<ul>");
                for (String e : f.evidence()) {
                    b.append("<li>").append(esc(e)).append("</li>");
                }
                b.append("</ul>");
            }
            b.append("</div>");
        }
        if (scaleUp != null) {
            scaleUp(b, scaleUp);
        }
        return b.toString();
    }

    /** The scale-up table and its log-log chart. */
    public static void scaleUp(StringBuilder b, ScaleUp s) {
        b.append("<h3 id=\"scale-up\">Scale-up across ").append(s.runIds().size()).append(" runs</h3>")
                .append("<p>Size measured by ").append(esc(s.measure().label())).append(".")
                .append(s.measureNote() == null ? "" : " " + esc(s.measureNote())).append("</p>")
                .append("<table class=\"scale-up\"><tr><th>stage</th><th>size → wall time (per run)</th>")
                .append("<th>time exponent</th><th>fit</th><th>memory exponent</th></tr>");
        for (ScaleUp.StageGrowth g : s.stages()) {
            b.append("<tr").append(g.superlinear() ? " class=\"warn\"" : "").append("><td>").append(esc(g.key()))
                    .append("</td><td>");
            for (ScaleUp.Point p : g.points()) {
                b.append(esc(ScaleUp.sizeText(p.size(), s.measure()))).append(" → ").append(esc(Html.duration(p.wallMs())))
                        .append("; ");
            }
            b.append("</td><td>").append(esc(ScaleUp.exponentText(g))).append("</td><td>").append(esc(g.quality().label()))
                    .append("</td><td>").append(fmt(g.memoryExponent())).append("</td></tr>");
        }
        b.append("</table>").append(ScaleUpChart.svg(s));
        int n = 0;
        for (ScaleUp.StageGrowth g : s.stages()) {
            if (g.superlinear()) {
                b.append("<h4>").append(esc(g.key())).append(": fitted ").append(esc(ScaleUp.exponentText(g))).append("</h4>")
                        .append(ScaleUpChart.fitSvg(s, g, ++n));
            }
        }
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.2f", d);
    }
}

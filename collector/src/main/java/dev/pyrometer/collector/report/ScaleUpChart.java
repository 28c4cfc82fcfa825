/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import static dev.pyrometer.collector.report.Html.esc;

import dev.pyrometer.collector.diagnose.PowerFit;
import dev.pyrometer.collector.diagnose.ScaleUp;
import java.util.List;
import java.util.Locale;

/** Wall time against the size of the data per stage, both axes logarithmic, as inline SVG. */
final class ScaleUpChart {
    private static final int W = 640;
    private static final int H = 360;
    private static final int PAD = 50;
    private static final String[] COLORS = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#7f7f7f", "#bcbd22"};

    private ScaleUpChart() {
    }

    /** Every stage's points, one line per stage, flagged stages in red. */
    static String svg(ScaleUp s) {
        return chart("scale-up-chart", s, s.stages(), false);
    }

    /** One flagged stage: its points and its fitted curve, extended to where the finding projects it. */
    static String fitSvg(ScaleUp s, ScaleUp.StageGrowth g, int n) {
        return chart("scale-up-fit-" + n, s, List.of(g), true);
    }

    private static String chart(String id, ScaleUp s, List<ScaleUp.StageGrowth> stages, boolean withFit) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (ScaleUp.StageGrowth g : stages) {
            for (ScaleUp.Point p : g.points()) {
                if (p.size() > 0 && p.wallMs() > 0) {
                    minX = Math.min(minX, Math.log10(p.size()));
                    maxX = Math.max(maxX, Math.log10(p.size()));
                    minY = Math.min(minY, Math.log10(p.wallMs()));
                    maxY = Math.max(maxY, Math.log10(p.wallMs()));
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W)
                .append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" font-size=\"11\">");
        if (minX > maxX) {
            return b.append("<text x=\"10\" y=\"20\">no stage with a size and a time in two runs</text></svg>").toString();
        }
        PowerFit fit = withFit ? stages.get(0).fit() : null;
        double fitTo = fit == null ? 0 : Math.log10(ScaleUp.projectedSize(fit, s.measure()));
        if (fit != null) {
            maxX = Math.max(maxX, fitTo);
            maxY = Math.max(maxY, Math.log10(Math.max(1, fit.at(Math.pow(10, fitTo)))));
            minY = Math.min(minY, Math.log10(Math.max(1, fit.at(Math.pow(10, minX)))));
        }
        minX = Math.floor(minX);
        maxX = Math.max(minX + 1, Math.ceil(maxX));
        minY = Math.floor(minY);
        maxY = Math.max(minY + 1, Math.ceil(maxY));
        b.append("<rect x=\"").append(PAD).append("\" y=\"10\" width=\"").append(W - PAD - 10).append("\" height=\"")
                .append(H - PAD - 10).append("\" fill=\"none\" stroke=\"#999\"/>");
        for (double d = minX; d <= maxX; d++) {
            double x = px(d, minX, maxX);
            b.append(line(x, 10, x, H - PAD, "#eee")).append(text(x, H - PAD + 14, esc(axisLabel(Math.pow(10, d), s.measure())),
                    "middle"));
        }
        for (double d = minY; d <= maxY; d++) {
            double y = py(d, minY, maxY);
            b.append(line(PAD, y, W - 10, y, "#eee")).append(text(PAD - 4, y + 4, esc(Html.duration((long) Math.pow(10, d))), "end"));
        }
        String axis = switch (s.measure()) {
            case DECLARED_SCALE -> "declared scale (log)";
            case RECORDS -> "stage records (log)";
            case BYTES -> "stage input bytes (log)";
        };
        b.append(text(W / 2.0, H - 12, axis, "middle"))
                .append(text(12, H / 2.0, "wall time (log)", "middle").replace("<text ", "<text transform=\"rotate(-90 12 "
                        + (H / 2) + ")\" "));
        if (fit != null) {
            StringBuilder curve = new StringBuilder();
            for (int i = 0; i <= 60; i++) {
                double lx = minX + (fitTo - minX) * i / 60.0;
                double t = fit.at(Math.pow(10, lx));
                if (t >= 1) {
                    curve.append(fmt(px(lx, minX, maxX))).append(',').append(fmt(py(Math.log10(t), minY, maxY))).append(' ');
                }
            }
            b.append("<polyline class=\"fit\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"4 3\" points=\"")
                    .append(curve.toString().trim()).append("\"><title>").append(esc(String.format(Locale.ROOT,
                            "fit: %.0f ms + %.0f ms x (size / largest)^%.2f", fit.fixedMs(), fit.coefficient(), fit.exponent())))
                    .append("</title></polyline>");
        }
        int i = 0;
        for (ScaleUp.StageGrowth g : stages) {
            String color = g.superlinear() ? "#d9534f" : COLORS[i++ % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (ScaleUp.Point p : g.points()) {
                if (p.size() > 0 && p.wallMs() > 0) {
                    double x = px(Math.log10(p.size()), minX, maxX);
                    double y = py(Math.log10(p.wallMs()), minY, maxY);
                    pts.append(fmt(x)).append(',').append(fmt(y)).append(' ');
                    b.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"3\" fill=\"")
                            .append(color).append("\"><title>").append(esc(g.key() + " " + p.runId())).append("</title></circle>");
                }
            }
            if (fit == null) {
                b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" points=\"")
                        .append(pts.toString().trim()).append("\"><title>").append(esc(g.key()))
                        .append(String.format(Locale.ROOT, " exponent %.2f", g.timeExponent())).append("</title></polyline>");
            }
        }
        return b.append("</svg>").toString();
    }

    private static String axisLabel(double v, ScaleUp.Measure m) {
        return switch (m) {
            case DECLARED_SCALE -> String.format(Locale.ROOT, "%s", v >= 1 ? String.valueOf((long) v) : String.valueOf(v));
            case RECORDS -> String.format(Locale.ROOT, "%,d", (long) v);
            case BYTES -> Html.bytes((long) v);
        };
    }

    private static double px(double v, double min, double max) {
        return PAD + (v - min) / (max - min) * (W - PAD - 10);
    }

    private static double py(double v, double min, double max) {
        return H - PAD - (v - min) / (max - min) * (H - PAD - 10);
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) + "\" stroke=\""
                + color + "\"/>";
    }

    private static String text(double x, double y, String escaped, String anchor) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + escaped + "</text>";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}

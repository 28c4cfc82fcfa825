/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import static dev.pyrometer.collector.report.Html.bytes;
import static dev.pyrometer.collector.report.Html.duration;
import static dev.pyrometer.collector.report.Html.esc;

import dev.pyrometer.collector.diagnose.PythonUdfStages;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.List;
import java.util.Locale;

/** What each stage ran in Python ({@link PythonUdfStages}): the report's section and {@code show}'s lines. */
final class PythonUdfHtml {
    static final int MAX_ROWS = 200;

    private PythonUdfHtml() {
    }

    static void section(StringBuilder b, RunTimeline t) {
        List<PythonUdfStages> rows = PythonUdfStages.of(t);
        b.append("<section id=\"python-udfs\"><h2>Python per stage</h2>");
        if (rows.isEmpty()) {
            b.append("<p class=\"muted\">No stage ran Python functions with sampled workers or Python SQL metrics.</p></section>");
            return;
        }
        b.append("<table id=\"python-udf-table\"><tr><th>stage</th><th>name</th><th>node</th><th>path</th><th>functions</th>")
                .append("<th>tasks</th><th>rows returned</th><th>to Python</th><th>from Python</th><th>Python time</th>")
                .append("<th title=\"RSS of the workers serving the stage's tasks: lowest at a task's start, highest during one\">")
                .append("worker RSS</th><th title=\"the largest rise of one worker within one task\">most grown in a task</th></tr>");
        int n = 0;
        for (PythonUdfStages u : rows) {
            if (n++ >= MAX_ROWS) {
                b.append("<tr><td colspan=\"12\" class=\"muted\">").append(rows.size() - MAX_ROWS)
                        .append(" more in the export</td></tr>");
                break;
            }
            b.append("<tr><td>").append(u.stageId()).append('.').append(u.stageAttempt()).append("</td><td>")
                    .append(esc(u.stageName())).append("</td><td>").append(esc(u.node())).append("</td><td>").append(esc(u.path()))
                    .append("</td><td>").append(u.named() ? esc(u.functionsText()) : "<span class=\"muted\">(by call site)</span>")
                    .append("</td><td class=\"n\">").append(u.tasks()).append("</td><td class=\"n\">")
                    .append(u.rowsOut() < 0 ? "" : String.format(Locale.ROOT, "%,d", u.rowsOut())).append("</td><td class=\"n\">")
                    .append(u.bytesToPython() < 0 ? "" : bytes(u.bytesToPython())).append("</td><td class=\"n\">")
                    .append(u.bytesFromPython() < 0 ? "" : bytes(u.bytesFromPython())).append("</td><td class=\"n\">")
                    .append(u.pythonTimeMs() < 0 ? "" : duration(u.pythonTimeMs())).append("</td><td class=\"n\">")
                    .append(u.workerTasks() == 0 ? "" : bytes(u.rssStartBytes()) + " &rarr; " + bytes(u.rssPeakBytes()))
                    .append("</td><td class=\"n\">").append(u.workerTasks() == 0 ? ""
                            : "+" + bytes(u.growthBytes()) + " (pid " + u.growthPid() + ")")
                    .append("</td></tr>");
        }
        b.append("</table></section>");
    }
}

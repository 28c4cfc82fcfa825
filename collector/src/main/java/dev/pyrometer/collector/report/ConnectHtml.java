/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import static dev.pyrometer.collector.report.Html.bytes;
import static dev.pyrometer.collector.report.Html.duration;
import static dev.pyrometer.collector.report.Html.esc;

import dev.pyrometer.collector.timeline.ConnectTimeline;
import dev.pyrometer.collector.timeline.ConnectTimeline.Operation;
import dev.pyrometer.collector.timeline.ConnectTimeline.Session;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.stream.Collectors;

/**
 * The report's Spark Connect section: per client session, each operation with its statement,
 * state, jobs, time, tasks, bytes and error. Every client string is escaped.
 */
final class ConnectHtml {
    static final int MAX_OPERATION_ROWS = 500;
    /** What the report says instead of empty Python sections on a Connect server. */
    static final String NO_PY4J = "Spark Connect server: its clients talk gRPC, not Py4J, and their Python runs on the"
            + " client machines, not here; the sessions and operations below stand for them.";

    private ConnectHtml() {
    }

    static void section(StringBuilder b, RunTimeline t) {
        ConnectTimeline c = t.connect();
        if (!c.isConnect()) {
            return;
        }
        long failed = c.operations().stream().filter(o -> Operation.FAILED.equals(o.state())).count();
        b.append("<section id=\"connect\"><h2>Spark Connect sessions (<span id=\"connect-sessions-count\">")
                .append(c.sessions().size()).append("</span>)</h2><p class=\"muted\">")
                .append(c.operations().size()).append(" operations, ").append(failed).append(" failed. ")
                .append(esc(NO_PY4J)).append("</p>");
        int rows = 0;
        for (Session s : c.sessions()) {
            b.append("<details class=\"connect-session\" open data-session=\"").append(esc(s.sessionId()))
                    .append("\"><summary>session <code>").append(esc(s.sessionId())).append("</code> user <b>")
                    .append(esc(s.userId() == null ? "-" : s.userId())).append("</b>: ").append(esc(s.state()))
                    .append(", ").append(s.operations().size()).append(" operations")
                    .append(s.failedOperations() > 0 ? ", <span class=\"warn\">" + s.failedOperations() + " failed</span>" : "")
                    .append(", from ").append(esc(Html.time(s.startMs())))
                    .append(s.endMs() < 0 ? "" : " to " + esc(Html.time(s.endMs()))).append("</summary>");
            b.append("<table class=\"connect-operations\"><tr><th>start (UTC)</th><th>operation</th><th>statement</th>")
                    .append("<th>state</th><th>duration</th><th>rows</th><th>jobs</th><th>tasks (failed)</th>")
                    .append("<th>task time</th><th>input</th><th>shuffle read / write</th><th>error</th></tr>");
            for (Operation o : s.operations()) {
                if (rows++ >= MAX_OPERATION_ROWS) {
                    b.append("<tr><td colspan=\"12\" class=\"muted\">more operations in the database (table connect_operations)")
                            .append("</td></tr>");
                    break;
                }
                b.append("<tr data-operation=\"").append(esc(o.operationId())).append("\"><td>")
                        .append(esc(Html.time(o.startMs()))).append("</td><td><code>").append(esc(o.operationId()))
                        .append("</code></td><td><pre class=\"statement\">").append(esc(o.statement())).append("</pre></td><td")
                        .append(Operation.FAILED.equals(o.state()) ? " class=\"warn\"" : "").append(">")
                        .append(esc(o.state())).append("</td><td class=\"n\">").append(esc(duration(o.durationMs())))
                        .append("</td><td class=\"n\">").append(o.rows() == null ? "" : o.rows()).append("</td><td>")
                        .append(esc(o.jobIds().stream().map(String::valueOf).collect(Collectors.joining(", "))))
                        .append(o.failedJobs() > 0 ? " <span class=\"warn\">(" + o.failedJobs() + " failed)</span>" : "")
                        .append("</td><td class=\"n\">").append(o.tasks()).append(" (").append(o.failedTasks())
                        .append(")</td><td class=\"n\">").append(esc(duration(o.taskTimeMs()))).append("</td><td class=\"n\">")
                        .append(esc(bytes(o.inputBytes()))).append("</td><td class=\"n\">").append(esc(bytes(o.shuffleReadBytes())))
                        .append(" / ").append(esc(bytes(o.shuffleWriteBytes()))).append("</td><td><pre class=\"failure-message\">")
                        .append(esc(o.error())).append("</pre></td></tr>");
            }
            b.append("</table></details>");
        }
        if (!c.untaggedJobs().isEmpty()) {
            b.append("<p class=\"muted\">Jobs of no client operation (the server's own): ")
                    .append(esc(c.untaggedJobs().stream().map(String::valueOf).collect(Collectors.joining(", "))))
                    .append("</p>");
        }
        b.append("</section>");
    }
}

/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import static dev.pyrometer.collector.report.Html.bytes;
import static dev.pyrometer.collector.report.Html.duration;
import static dev.pyrometer.collector.report.Html.esc;

import dev.pyrometer.collector.eventlog.EventLogImporter;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML file for one run: inline CSS, inline data and an inline script that
 * draws SVG pictures; nothing is fetched from the network. Tables are written here with every
 * application string escaped; the script only ever sets text with textContent.
 * The {@code findings} section at the top is the slot the diagnosis fills.
 */
public final class HtmlReport {
    static final int MAX_FAILURE_ROWS = 300;
    static final int MAX_STAGE_ROWS = 300;

    private HtmlReport() {
    }

    /**
     * What the report may load: nothing but its own inline style, script and data images. The file
     * carries it as a meta tag; the server sends it as a header too (with frame-ancestors, which
     * only a header can set).
     */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

    /** @param findingsHtml already-escaped HTML for the findings section, or null for none yet */
    public static String render(RunTimeline t, String findingsHtml) {
        StringBuilder b = new StringBuilder(64 * 1024);
        RunTimeline.App a = t.app();
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY)
                .append("\">")
                .append("<title>Pyrometer: ").append(esc(a.name().isEmpty() ? a.runId() : a.name())).append("</title><style>")
                .append(resource("report.css")).append("</style>")
                .append("<script>window.addEventListener('error',function(e){document.documentElement.setAttribute(")
                .append("'data-render-error',String(e.message));});</script></head><body>");
        header(b, t);
        b.append("<section id=\"findings\"><h2>Findings</h2>")
                .append(findingsHtml == null ? "<p class=\"muted\">No findings yet.</p>" : findingsHtml)
                .append("</section>");
        loss(b, t);
        ConnectHtml.section(b, t);
        b.append("<section id=\"timeline\"><h2>Jobs and stages</h2><div id=\"gantt-box\"></div>");
        stages(b, t);
        b.append("</section><section id=\"tasks\"><h2>Tasks per executor</h2>");
        if (t.tasks().size() > ReportData.TASK_LIMIT) {
            b.append("<p class=\"muted\">").append(t.tasks().size()).append(" tasks: shown as average running tasks per time ")
                    .append("slice (darker = busier, red = a task failed there).</p>");
        }
        b.append("<div id=\"lanes-box\"></div>");
        executors(b, t);
        b.append("</section><section id=\"memory\"><h2>Memory over time</h2><div id=\"memory-box\"></div>");
        processes(b, t);
        b.append("</section>");
        PythonUdfHtml.section(b, t);
        py4j(b, t);
        serializers(b, t);
        failures(b, t);
        b.append("<script type=\"application/json\" id=\"report-data\">").append(Json.forScript(ReportData.of(t)))
                .append("</script><script>").append(resource("report.js")).append("</script></body></html>");
        return b.toString();
    }

    private static void header(StringBuilder b, RunTimeline t) {
        RunTimeline.App a = t.app();
        b.append("<header><h1>").append(esc(a.name().isEmpty() ? "(unnamed application)" : a.name())).append("</h1>")
                .append("<div class=\"muted\">run ").append(esc(a.runId())).append("</div><table class=\"facts\">");
        fact(b, "status", "fact-status", esc(t.status().name()) + (a.endSeen() ? "" : " <span class=\"warn\">(no application end seen)</span>"));
        fact(b, "series", "fact-series", esc(a.series()));
        if (EventLogImporter.isImported(a)) {
            fact(b, "source", "fact-source", esc(EventLogImporter.IMPORTED_NOTE));
        }
        fact(b, "user / master", "fact-user", esc(a.user()) + " / " + esc(a.master()));
        fact(b, "Spark / Python", "fact-versions", esc(a.sparkVersion()) + " / " + esc(a.pythonVersion()));
        fact(b, "start (UTC)", "fact-start", esc(Html.time(a.startMs())));
        fact(b, "duration", "fact-duration", esc(duration(a.durationMs())));
        fact(b, "jobs / stages", "fact-jobs", t.jobs().size() + " / " + t.stages().size());
        fact(b, "tasks", "fact-tasks", Integer.toString(t.tasks().size()));
        fact(b, "failed tasks", "fact-failed-tasks", Long.toString(t.failedTasks()));
        fact(b, "peak Python RSS (one process)", "fact-peak-python", t.connect().isConnect() && t.peakPythonRss() == 0
                ? "none here (Spark Connect: the Python clients run elsewhere)" : esc(bytes(t.peakPythonRss())));
        fact(b, "events", "fact-events", Long.toString(t.eventCount()));
        long lost = t.loss().lostEvents();
        fact(b, "lost events", "fact-lost-events", lost == 0 ? "0" : "<span class=\"warn\">" + lost + " (timeline incomplete)</span>");
        if (!t.clockOffsetsMsByHost().isEmpty()) {
            StringBuilder o = new StringBuilder();
            t.clockOffsetsMsByHost().forEach((h, ms) -> o.append(esc(h)).append(": ").append(ms).append(" ms; "));
            fact(b, "clock offsets (host - driver)", "fact-clock", o.toString());
        }
        b.append("</table></header>");
    }

    private static void fact(StringBuilder b, String name, String id, String html) {
        b.append("<tr><td>").append(name).append("</td><td id=\"").append(id).append("\">").append(html).append("</td></tr>");
    }

    private static void loss(StringBuilder b, RunTimeline t) {
        RunTimeline.Loss l = t.loss();
        b.append("<section id=\"loss\"><h2>Loss counters</h2><table><tr><th>sequence gaps</th><th>of which counted by the emitters</th>")
                .append("<th>of which unaccounted (in transit, or with a killed JVM)</th><th>emitter drops</th>")
                .append("<th>Spark listener-bus drops</th><th>suppressed errors</th><th>duplicates</th><th>inconsistent events</th></tr>")
                .append("<tr><td class=\"n\" id=\"loss-gaps\">").append(l.seqGaps())
                .append("</td><td class=\"n\" id=\"loss-counted\">").append(l.countedDrops())
                .append("</td><td class=\"n\" id=\"loss-unaccounted\">").append(l.unaccounted())
                .append("</td><td class=\"n\" id=\"loss-dropped\">")
                .append(l.emitterDropped()).append("</td><td class=\"n\" id=\"loss-bus\">").append(l.listenerBusDropped())
                .append("</td><td class=\"n\" id=\"loss-suppressed\">").append(l.suppressedErrors())
                .append("</td><td class=\"n\">").append(l.duplicates()).append("</td><td class=\"n\">")
                .append(t.inconsistencies().size()).append("</td></tr></table>");
        b.append("<table id=\"loss-sources\"><tr><th>source</th><th>role</th><th>executor</th><th>host / pid</th>")
                .append("<th>events</th><th>sequence numbers</th><th>gaps</th><th>counted drops</th><th>unaccounted</th>")
                .append("<th>end</th><th>dropped</th><th>listener bus</th><th>suppressed</th></tr>");
        for (RunTimeline.SourceLoss s : l.sources()) {
            String end = s.endedWithoutFinalReport()
                    ? "<span class=\"warn\">" + esc(s.verdict()) + ": last event seq " + s.maxSeq() + " at "
                            + esc(Html.time(s.lastEventMs())) + "</span>"
                    : esc(s.verdict());
            b.append("<tr><td>").append(esc(s.instanceId())).append("</td><td>").append(esc(s.role())).append("</td><td>")
                    .append(esc(s.executorId())).append("</td><td>").append(esc(s.host())).append(" / ").append(s.pid())
                    .append("</td><td class=\"n\">").append(s.events()).append("</td><td class=\"n\">")
                    .append(s.firstSeq()).append("..").append(s.maxSeq()).append("</td><td class=\"n\">")
                    .append(s.seqGaps()).append("</td><td class=\"n\">").append(s.countedDrops())
                    .append("</td><td class=\"n\">").append(s.unaccounted()).append("</td><td class=\"loss-end\">")
                    .append(end).append("</td><td>")
                    .append(esc(s.dropped())).append("</td><td>").append(esc(s.listenerBusDropped())).append("</td><td>")
                    .append(esc(s.suppressed())).append("</td></tr>");
        }
        b.append("</table></section>");
    }

    private static void stages(StringBuilder b, RunTimeline t) {
        b.append("<details><summary>").append(t.stages().size()).append(" stages</summary><table><tr><th>stage</th><th>job</th>")
                .append("<th>name</th><th>tasks ok/failed</th><th>duration</th><th>input</th><th>shuffle read</th>")
                .append("<th>shuffle write</th><th>spill</th></tr>");
        int n = 0;
        for (RunTimeline.Stage s : t.stages()) {
            if (n++ >= MAX_STAGE_ROWS) {
                b.append("<tr><td colspan=\"9\" class=\"muted\">").append(t.stages().size() - MAX_STAGE_ROWS)
                        .append(" more stages in the database</td></tr>");
                break;
            }
            b.append("<tr><td>").append(s.stageId()).append('.').append(s.attemptId()).append("</td><td>")
                    .append(s.jobId() == null ? "" : s.jobId()).append("</td><td>").append(esc(s.name())).append("</td><td class=\"n\">")
                    .append(s.tasksSucceeded()).append(" / ").append(s.tasksFailed()).append("</td><td class=\"n\">")
                    .append(duration(s.completeMs() < 0 || s.submitMs() < 0 ? -1 : s.completeMs() - s.submitMs()))
                    .append("</td><td class=\"n\">").append(bytes(s.inputBytes())).append("</td><td class=\"n\">")
                    .append(bytes(s.shuffleReadBytes())).append("</td><td class=\"n\">").append(bytes(s.shuffleWriteBytes()))
                    .append("</td><td class=\"n\">").append(bytes(s.spillBytes())).append("</td></tr>");
        }
        b.append("</table></details>");
    }

    private static void executors(StringBuilder b, RunTimeline t) {
        b.append("<table><tr><th>executor</th><th>host</th><th>cores</th><th>tasks</th><th>failed</th><th>clock offset</th>")
                .append("<th>removed</th></tr>");
        for (RunTimeline.Executor e : t.executors()) {
            b.append("<tr><td>").append(esc(e.executorId())).append("</td><td>").append(esc(e.host())).append("</td><td class=\"n\">")
                    .append(e.cores()).append("</td><td class=\"n\">").append(e.tasks()).append("</td><td class=\"n\">")
                    .append(e.failedTasks()).append("</td><td class=\"n\">").append(e.clockOffsetMs()).append(" ms</td><td>")
                    .append(esc(e.removeReason())).append("</td></tr>");
        }
        b.append("</table>");
    }

    private static void processes(StringBuilder b, RunTimeline t) {
        List<RunTimeline.ProcessSeries> top = t.processes().stream()
                .sorted(Comparator.comparingLong(RunTimeline.ProcessSeries::peakRssBytes).reversed()).limit(15).toList();
        if (top.isEmpty()) {
            return;
        }
        b.append("<table id=\"top-processes\"><tr><th>kind</th><th>pid</th><th>executor</th><th>command</th><th>peak RSS</th>")
                .append("<th>samples</th><th>first seen</th><th>last seen</th><th>exited</th>")
                .append("<th title=\"CPU of its exited children that no sample saw (reaped children's CPU less the children sampled)\">")
                .append("unseen children CPU</th></tr>");
        for (RunTimeline.ProcessSeries p : top) {
            b.append("<tr><td>").append(esc(p.kind())).append("</td><td class=\"n\">").append(p.pid()).append("</td><td>")
                    .append(esc(p.executorId())).append("</td><td>").append(esc(p.command())).append("</td><td class=\"n\">")
                    .append(bytes(p.peakRssBytes())).append("</td><td class=\"n\">").append(p.points().size())
                    .append("</td><td>").append(esc(Html.time(p.firstMs()))).append("</td><td>").append(esc(Html.time(p.lastMs())))
                    .append("</td><td>").append(p.exited() ? "yes" : "").append("</td><td class=\"n\">")
                    .append(p.unseenChildrenCpuMs() < 0 ? "" : p.unseenChildrenCpuMs() + " ms").append("</td></tr>");
        }
        b.append("</table>");
    }

    private static void py4j(StringBuilder b, RunTimeline t) {
        Map<String, long[]> byMethod = new LinkedHashMap<>();
        for (RunTimeline.Py4jStat s : t.py4jStats()) {
            long[] v = byMethod.computeIfAbsent(s.targetClass() + "." + s.method(), k -> new long[5]);
            v[0] += s.calls();
            v[1] += s.errors();
            v[2] += s.totalMicros();
            v[3] = Math.max(v[3], s.maxMicros());
            v[4] += s.totalResponseChars();
        }
        b.append("<section id=\"py4j\"><h2>Py4J traffic</h2>");
        if (byMethod.isEmpty() && t.py4jOutliers().isEmpty()) {
            b.append("<p class=\"muted\">").append(t.connect().isConnect() ? esc(ConnectHtml.NO_PY4J)
                    : "No Py4J calls recorded.").append("</p></section>");
            return;
        }
        long maxTime = byMethod.values().stream().mapToLong(v -> v[2]).max().orElse(1);
        b.append("<table id=\"py4j-table\"><tr><th>target.method</th><th>calls</th><th>errors</th><th>total time</th><th></th>")
                .append("<th>longest</th><th>response chars</th></tr>");
        byMethod.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[2], x.getValue()[2])).limit(50).forEach(e -> {
            long[] v = e.getValue();
            b.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(v[0])
                    .append("</td><td class=\"n\">").append(v[1]).append("</td><td class=\"n\">").append(duration(v[2] / 1000))
                    .append("</td><td><span class=\"bar\" style=\"width:").append(Math.max(1, 200 * v[2] / Math.max(1, maxTime)))
                    .append("px\"></span></td><td class=\"n\">").append(duration(v[3] / 1000)).append("</td><td class=\"n\">")
                    .append(v[4]).append("</td></tr>");
        });
        b.append("</table>");
        if (!t.py4jOutliers().isEmpty()) {
            b.append("<h3>Outliers</h3><table id=\"py4j-outliers\"><tr><th>start (UTC)</th><th>target.method</th><th>duration</th>")
                    .append("<th>response chars</th><th>reason</th><th>thread</th><th>error</th></tr>");
            t.py4jOutliers().stream().limit(200).forEach(o -> b.append("<tr><td>").append(esc(Html.time(o.startMs())))
                    .append("</td><td>").append(esc(o.targetClass() + "." + o.method())).append("</td><td class=\"n\">")
                    .append(duration(o.durationMicros() / 1000)).append("</td><td class=\"n\">").append(o.responseChars())
                    .append("</td><td>").append(esc(o.reason())).append("</td><td>").append(esc(o.threadName()))
                    .append("</td><td>").append(esc(o.errorClass())).append("</td></tr>"));
            b.append("</table>");
        }
        b.append("</section>");
    }

    private static void serializers(StringBuilder b, RunTimeline t) {
        Map<String, long[]> byOp = new LinkedHashMap<>();
        for (RunTimeline.SerializerStat s : t.serializerStats()) {
            long[] v = byOp.computeIfAbsent(s.serializer() + " " + s.operation(), k -> new long[5]);
            v[0] += s.calls();
            v[1] += s.bytes();
            v[2] += s.totalMicros();
            v[3] = Math.max(v[3], s.maxBytes());
            v[4] += s.errors();
        }
        b.append("<section id=\"serializers\"><h2>Serializer traffic</h2>");
        if (byOp.isEmpty()) {
            b.append("<p class=\"muted\">No serializer statistics recorded.</p></section>");
            return;
        }
        long maxBytes = byOp.values().stream().mapToLong(v -> v[1]).max().orElse(1);
        b.append("<table id=\"serializer-table\"><tr><th>serializer operation</th><th>calls</th><th>bytes</th><th></th>")
                .append("<th>time</th><th>largest</th><th>errors</th></tr>");
        byOp.forEach((k, v) -> b.append("<tr><td>").append(esc(k)).append("</td><td class=\"n\">").append(v[0])
                .append("</td><td class=\"n\">").append(bytes(v[1])).append("</td><td><span class=\"bar\" style=\"width:")
                .append(Math.max(1, 200 * v[1] / Math.max(1, maxBytes))).append("px\"></span></td><td class=\"n\">")
                .append(duration(v[2] / 1000)).append("</td><td class=\"n\">").append(bytes(v[3])).append("</td><td class=\"n\">")
                .append(v[4]).append("</td></tr>"));
        b.append("</table></section>");
    }

    private static void failures(StringBuilder b, RunTimeline t) {
        b.append("<section id=\"failures\"><h2>Failures (<span id=\"failures-count\">").append(t.failures().size())
                .append("</span>)</h2>");
        if (t.failures().isEmpty()) {
            b.append("<p class=\"ok\">No failures.</p></section>");
            return;
        }
        b.append("<table id=\"failures-table\"><tr><th>time (UTC)</th><th>scope</th><th>ref</th><th>executor</th><th>kind</th>")
                .append("<th>message</th></tr>");
        int n = 0;
        for (RunTimeline.Failure f : t.failures()) {
            if (n++ >= MAX_FAILURE_ROWS) {
                b.append("<tr><td colspan=\"6\" class=\"muted\">").append(t.failures().size() - MAX_FAILURE_ROWS)
                        .append(" more failures in the database (table failures)</td></tr>");
                break;
            }
            b.append("<tr><td>").append(esc(Html.time(f.timeMs()))).append("</td><td>").append(esc(f.scope()))
                    .append("</td><td>").append(esc(f.ref())).append("</td><td>").append(esc(f.executorId())).append("</td><td>")
                    .append(esc(f.kind())).append(f.className() == null ? "" : "<br><span class=\"muted\">" + esc(f.className()) + "</span>")
                    .append("</td><td><pre class=\"failure-message\">").append(esc(f.message())).append("</pre>");
            if (f.stackTrace() != null) {
                b.append("<details><summary>stack trace</summary><pre>").append(esc(f.stackTrace())).append("</pre></details>");
            }
            b.append("</td></tr>");
        }
        b.append("</table></section>");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(name + " missing from the collector jar", e);
        }
    }
}

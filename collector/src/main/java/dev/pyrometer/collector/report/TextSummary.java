/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import dev.pyrometer.collector.diagnose.CauseChain;
import dev.pyrometer.collector.diagnose.PythonUdfStages;
import dev.pyrometer.collector.diagnose.ScaleUp;
import dev.pyrometer.collector.eventlog.EventLogImporter;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.List;
import java.util.Locale;

/** The plain-text summary of a run that {@code show} prints. */
public final class TextSummary {
    private TextSummary() {
    }

    public static String of(RunTimeline t) {
        StringBuilder b = new StringBuilder();
        RunTimeline.App a = t.app();
        line(b, "run", a.runId());
        line(b, "application", a.name());
        line(b, "series", a.series() == null ? "" : a.series());
        double scale = ScaleUp.declaredScale(t);
        if (scale > 0) {
            line(b, "declared scale", java.math.BigDecimal.valueOf(scale).stripTrailingZeros().toPlainString());
        }
        line(b, "status", t.status() + (a.endSeen() ? "" : " (no application end seen)"));
        if (EventLogImporter.isImported(a)) {
            line(b, "source", EventLogImporter.IMPORTED_NOTE);
        }
        line(b, "start (UTC)", Html.time(a.startMs()));
        line(b, "duration", Html.duration(a.durationMs()));
        line(b, "jobs / stages / tasks", t.jobs().size() + " / " + t.stages().size() + " / " + t.tasks().size());
        line(b, "failed tasks", Long.toString(t.failedTasks()));
        line(b, "executors", Integer.toString(t.executors().size()));
        line(b, "processes sampled", Integer.toString(t.processes().size()));
        line(b, "peak Python RSS", Html.bytes(t.peakPythonRss()));
        line(b, "events", Long.toString(t.eventCount()));
        RunTimeline.Loss l = t.loss();
        line(b, "lost events", l.lostEvents() + String.format(Locale.ROOT,
                " (sequence gaps %d = %d counted by the emitters + %d unaccounted; listener-bus drops %d;"
                        + " emitter drops %d in all; suppressed errors %d, duplicates %d)",
                l.seqGaps(), l.countedDrops(), l.unaccounted(), l.listenerBusDropped(), l.emitterDropped(),
                l.suppressedErrors(), l.duplicates()));
        for (RunTimeline.SourceLoss s : l.sources()) {
            if (s.endedWithoutFinalReport() || s.unaccounted() != 0) {
                b.append(String.format(Locale.ROOT, "  %s %s%s (pid %d, %s): %s; last event seq %d at %s;"
                                + " %d events, %d gaps = %d counted drops + %d unaccounted%n",
                        s.role(), s.executorId() == null ? "" : s.executorId() + " ", s.host(), s.pid(), s.instanceId(),
                        s.verdict(), s.maxSeq(), Html.time(s.lastEventMs()), s.events(), s.seqGaps(), s.countedDrops(),
                        s.unaccounted()));
            }
        }
        List<PythonUdfStages> udfs = PythonUdfStages.of(t);
        if (!udfs.isEmpty()) {
            b.append("python per stage:\n");
            udfs.stream().limit(20).forEach(u -> b.append("  ").append(u.describe()).append('\n'));
            if (udfs.size() > 20) {
                b.append("  ... ").append(udfs.size() - 20).append(" more\n");
            }
        }
        if (!t.failures().isEmpty()) {
            b.append("failures:\n");
            t.failures().stream().limit(20).forEach(f -> b.append("  ").append(Html.time(f.timeMs())).append(' ')
                    .append(f.scope()).append(' ').append(f.ref()).append(' ').append(f.kind()).append(": ")
                    .append(cause(f)).append('\n'));
            if (t.failures().size() > 20) {
                b.append("  ... ").append(t.failures().size() - 20).append(" more\n");
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String k, String v) {
        b.append(String.format(Locale.ROOT, "%-22s %s%n", k + ":", v));
    }

    /**
     * A failure as the findings name it: the innermost cause (for a Python traceback its exception
     * line, not "Traceback (most recent call last):") and the user frame, else the first line.
     */
    static String cause(RunTimeline.Failure f) {
        String m = f.message() == null ? "" : f.message();
        String trace = f.stackTrace() != null ? f.stackTrace() : m;
        if (!trace.contains("Traceback (most recent call last)") && !trace.contains("\n\tat ")) {
            return firstLine(m);
        }
        CauseChain chain = CauseChain.parse(f.className(), f.message(), trace);
        CauseChain.Frame uf = chain.userFrame();
        String text = chain.innermost().text() + (uf == null ? "" : " at " + uf.file() + ":" + uf.line());
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        String l = i < 0 ? s : s.substring(0, i);
        return l.length() > 200 ? l.substring(0, 200) + "..." : l;
    }
}

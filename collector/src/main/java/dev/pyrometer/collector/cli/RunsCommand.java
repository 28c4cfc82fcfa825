/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.report.Html;
import dev.pyrometer.collector.report.Json;
import dev.pyrometer.collector.store.RejectedRecord;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.RunSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** List runs. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List stored runs: id, name, series, declared scale, status, duration, failed tasks, peak Python RSS,"
                + " lost events.")
final class RunsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--rejects", description = "List the records kept aside instead (not Pyrometer's, or "
            + "inconsistent with their run): topic, partition, offset, reason.")
    boolean rejects;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try (RunStore store = storeOptions.open(true)) {
            if (rejects) {
                printRejects(store.rejects(), out);
                return 0;
            }
            List<RunSummary> runs = store.runs();
            if (json) {
                out.println(Json.pretty(runs));
                return 0;
            }
            String fmt = "%-32s %-20s %-10s %6s %-22s %10s %7s %7s %12s %6s%n";
            out.printf(fmt, "RUN", "NAME", "SERIES", "SCALE", "STATUS", "DURATION", "TASKS", "FAILED", "PEAK PY RSS", "LOST");
            for (RunSummary r : runs) {
                out.printf(fmt, r.runId(), cut(r.appName(), 20), cut(r.series(), 10), scale(r.scale()), r.status(),
                        Html.duration(r.durationMs()),
                        r.tasks(), r.failedTasks(), Html.bytes(r.peakPythonRss()), r.lostEvents());
            }
        }
        return 0;
    }

    private void printRejects(List<RejectedRecord> records, java.io.PrintWriter out) {
        if (json) {
            out.println(Json.pretty(records.stream().map(RejectedRecord::summary).toList()));
            return;
        }
        String fmt = "%-24s %9s %12s %-22s %10s  %s%n";
        out.printf(fmt, "TOPIC", "PARTITION", "OFFSET", "REASON", "BYTES", "DETAIL");
        for (RejectedRecord r : records) {
            out.printf(fmt, cut(r.topic(), 24), r.partition(), r.offset(), cut(r.reason(), 22), r.sizeBytes(),
                    r.detail() == null ? "" : r.detail().replaceAll("\\s+", " "));
        }
    }

    /** A declared scale as given (0.1, 2.5E-3), "-" for none. */
    static String scale(Double s) {
        if (s == null) {
            return "-";
        }
        String v = java.math.BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
        return v.length() <= 6 ? v : String.format(java.util.Locale.ROOT, "%.1e", s);
    }

    private static String cut(String s, int n) {
        if (s == null) {
            return "";
        }
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}

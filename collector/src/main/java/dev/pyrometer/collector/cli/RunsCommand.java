/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.report.Html;
import dev.pyrometer.collector.report.Json;
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

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try (RunStore store = storeOptions.open(true)) {
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

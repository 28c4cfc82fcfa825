/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Entry point: every rule family over one run, alarms first (errors, then warnings, then notes). */
public final class Diagnosis {
    /** Alarms first: errors, then warnings, then notes. */
    private static final Comparator<Finding> BY_SEVERITY = Comparator.comparing((Finding f) -> f.severity()).reversed();

    private Diagnosis() {
    }

    public static List<Finding> of(RunTimeline t) {
        List<Finding> out = new ArrayList<>();
        run("failures", () -> FailureRules.of(t), out);
        run("memory", () -> MemoryRules.of(t), out);
        HungWorkers.Result[] hungRef = {new HungWorkers.Result(List.of(), java.util.Set.of())};
        run("python", () -> (hungRef[0] = HungWorkers.of(t)).findings(), out);
        HungWorkers.Result hung = hungRef[0];
        run("python-udfs", () -> PythonUdfRules.of(t), out);
        // A straggler whose worker hung is explained by the hang, not by its data or its machine.
        run("stages", () -> StageRules.of(t).stream().filter(f -> !f.rule().equals("slowness/straggler")
                || hung.hungTasks().stream().noneMatch(id -> f.title().contains(": task " + id + " took"))).toList(), out);
        run("driver", () -> DriverRules.of(t), out);
        out.sort(BY_SEVERITY);
        return List.copyOf(ConnectAttribution.annotate(t, out));
    }

    /**
     * The run's findings with its series' scale-up findings among them, by severity: a run of a
     * series whose stages grow faster than the data is not "no problems found". {@code series} is
     * the scale-up of every stored run of the run's series, or null when it has none.
     */
    public static List<Finding> of(RunTimeline t, ScaleUp series) {
        List<Finding> own = of(t);
        if (series == null || series.findings().isEmpty()) {
            return own;
        }
        List<Finding> out = new ArrayList<>(own);
        out.addAll(series.findings());
        out.sort(BY_SEVERITY);
        return List.copyOf(out);
    }

    /** A rule that breaks on unexpected data must not cost the other rules or the caller (the store). */
    private static void run(String family, java.util.function.Supplier<List<Finding>> rule, List<Finding> out) {
        try {
            out.addAll(rule.get());
        } catch (RuntimeException e) {
            out.add(new Finding("diagnosis-error-" + family, Finding.Severity.INFO, "diagnosis/error",
                    "The " + family + " rules could not read this run", String.valueOf(e), "Report this as a Pyrometer bug.",
                    List.of()));
        }
    }
}

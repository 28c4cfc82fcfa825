/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.diagnose.Diagnosis;
import dev.pyrometer.collector.report.FindingsText;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.TimelineLoader;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The findings of one run. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Print the run's findings: failures with their innermost cause, slowness, memory.")
final class DiagnoseCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "RUN", description = "Run id (see 'runs').")
    String runId;

    @Override
    public Integer call() {
        try (RunStore store = storeOptions.open(true)) {
            RunTimeline t = RunArgument.load(store, runId);
            spec.commandLine().getOut().print(FindingsText.of(Diagnosis.of(t, TimelineLoader.seriesOf(store, t))));
        }
        return 0;
    }
}
